#include "echobenchmark.h"

#include "envelopetext.h"
#include "monotonicclock.h"
#include "payloadstamp.h"
#include "wsconnection.h"

#include <cmath>

int64_t EchoBenchmark::dueNs(uint64_t number) const
{
    return m_startNs + int64_t(std::llround(double(number) * 1e9 / m_options.rate));
}

void EchoBenchmark::sendDue(ConnectionSwarm &swarm)
{
    const int64_t now = MonotonicClock::nowNs();
    while (m_next < m_total && dueNs(m_next) <= now) {
        const uint64_t number = m_next++;
        const int64_t due = dueNs(number);
        ClientConnection &connection = swarm.connection(int(number % uint64_t(swarm.count())));
        if (!connection.isOpen()) {
            ++m_sendFailures;
            continue;
        }
        // The stamp holds the due time, so the round trip includes any lateness of the send.
        PayloadStamp{due, number}.encode(m_payload, size_t(m_options.payloadBytes));
        m_message.clear();
        EnvelopeText::appendClientMessage(m_message, "echo", 'e', number, m_payload);
        m_sentNs[size_t(number)] = MonotonicClock::nowNs();
        static_cast<WsConnection &>(connection).sendText(m_message);
        m_sendLag.record(now - due);
        m_lastSendNs = now;
        ++m_sent;
    }
}

bool EchoBenchmark::run(JsonObject &result, std::string &error)
{
    const SourceAddressPlan sources = SourceAddressPlan::forConnections(m_options.connections, m_options.sourceAddresses);
    result.add("source_addresses", sources.addressCount());
    ConnectionSwarm swarm(m_loop, m_options.target, sources, webSocketPlan("echo"), this);
    if (!openAndSettle(swarm, result, error))
        return false;

    m_total = uint64_t(std::llround(m_options.rate * m_options.durationSeconds));
    m_answered.assign(size_t(m_total), false);
    m_sentNs.assign(size_t(m_total), 0);
    m_phases.announce("measure", swarm.readyCount());
    m_startNs = MonotonicClock::nowNs();
    const int64_t endNs = m_startNs + MonotonicClock::secondsToNs(m_options.durationSeconds);
    // The schedule is the timer: wake up when the next message is due, send all that are due.
    m_loop.runUntil(
        [&] {
            sendDue(swarm);
            return m_next >= m_total;
        },
        endNs + MonotonicClock::nsPerSecond, [&] { return m_next < m_total ? dueNs(m_next) : endNs; });
    const int64_t sendEndNs = MonotonicClock::nowNs();
    m_loop.runUntil([&] { return m_received >= m_sent; }, deadlineIn(m_options.drainTimeoutSeconds));
    m_phases.announce("done", swarm.readyCount());

    const double sendSeconds = double(std::max<int64_t>(m_lastSendNs - m_startNs, 1)) / 1e9;
    result.add("rate_requested", m_options.rate);
    result.add("duration_seconds", m_options.durationSeconds);
    result.add("payload_bytes", m_options.payloadBytes);
    result.add("scheduled", m_total);
    result.add("sent", m_sent);
    result.add("received", m_received);
    result.add("lost", m_sent - std::min(m_received, m_sent));
    result.add("duplicates", m_duplicates);
    result.add("send_failures_closed_connection", m_sendFailures);
    result.add("unexpected_messages", m_unexpected);
    result.add("sent_per_second", double(m_sent) / sendSeconds);
    result.add("received_per_second",
               m_lastReceiveNs > m_startNs ? double(m_received) * 1e9 / double(m_lastReceiveNs - m_startNs) : 0.0);
    result.add("send_phase_seconds", double(sendEndNs - m_startNs) / 1e9);
    result.add("rtt", m_roundTrips.toJson());
    result.add("rtt_from_send", m_serviceTimes.toJson());
    result.add("send_lag", m_sendLag.toJson());
    result.add("closed_during_run", swarm.closedAfterReady());
    result.add("generator", m_phases.generatorJson());
    // Falling behind the schedule is a result (sent < scheduled, send_lag), not a failure; a
    // server dropping connections is.
    error = swarm.closedDuringRunError("connections");
    return error.empty();
}

void EchoBenchmark::onMessage(ClientConnection &, std::string_view text, int64_t nowNs)
{
    const auto payload = EnvelopeText::stringField(text, "payload");
    const auto stamp = payload ? PayloadStamp::decode(*payload) : std::nullopt;
    if (!stamp || stamp->number >= m_total || EnvelopeText::stringField(text, "type") != "echo") {
        ++m_unexpected;
        return;
    }
    if (m_answered[size_t(stamp->number)]) {
        ++m_duplicates;
        return;
    }
    m_answered[size_t(stamp->number)] = true;
    ++m_received;
    m_lastReceiveNs = nowNs;
    m_roundTrips.record(nowNs - stamp->sentNs);
    m_serviceTimes.record(nowNs - m_sentNs[size_t(stamp->number)]);
}
