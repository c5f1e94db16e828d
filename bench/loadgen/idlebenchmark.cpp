#include "idlebenchmark.h"

#include "envelopetext.h"
#include "monotonicclock.h"
#include "payloadstamp.h"
#include "wsconnection.h"

#include <random>

bool IdleBenchmark::run(JsonObject &result, std::string &error)
{
    const SourceAddressPlan sources = SourceAddressPlan::forConnections(m_options.connections, m_options.sourceAddresses);
    result.add("source_addresses", sources.addressCount());
    ConnectionSwarm swarm(m_loop, m_options.target, sources, webSocketPlan("idle"), this);
    if (!openAndSettle(swarm, result, error))
        return false;
    if (!holdUntilFileExists(m_options.measureWhenFile)) {
        error = "--measure-when file did not appear within --gate-timeout";
        return false;
    }

    std::mt19937_64 random(m_options.seed);
    std::uniform_int_distribution<int> pick(0, swarm.count() - 1);
    std::string payload;
    std::string message;
    uint64_t timeouts = 0;
    uint64_t skippedClosed = 0;
    m_phases.announce("measure", swarm.readyCount());
    for (int sample = 0; sample < m_options.samples; ++sample) {
        // A connection the server closed meanwhile is skipped (and counted); a bounded retry.
        int index = pick(random);
        for (int attempt = 0; attempt < 100 && !swarm.connection(index).isOpen(); ++attempt) {
            ++skippedClosed;
            index = pick(random);
        }
        if (!swarm.connection(index).isOpen()) {
            error = "no open connection left to send on";
            break;
        }
        m_awaiting = uint64_t(sample);
        m_answered = false;
        PayloadStamp{MonotonicClock::nowNs(), uint64_t(sample)}.encode(payload, size_t(m_options.payloadBytes));
        message.clear();
        EnvelopeText::appendClientMessage(message, "echo", 'i', uint64_t(sample), payload);
        // The round trip starts at the send call, not while the message was being built.
        m_sentNs = MonotonicClock::nowNs();
        swarm.webSocket(index).sendText(message);
        if (!m_loop.runUntil([this] { return m_answered; }, deadlineIn(m_options.sampleTimeoutSeconds)))
            ++timeouts;
    }
    m_awaiting = UINT64_MAX;
    m_phases.announce("done", swarm.readyCount());
    // Connections still open after the round trips, before any generator lets go of its own.
    result.add("open_after_measure", swarm.readyCount() - swarm.closedAfterReady());
    if (!holdUntilFileExists(m_options.exitWhenFile) && error.empty())
        error = "--exit-when file did not appear within --gate-timeout";

    JsonObject roundTrip = m_roundTrips.toJson();
    result.add("samples", m_options.samples);
    result.add("payload_bytes", m_options.payloadBytes);
    result.add("rtt", roundTrip);
    result.add("timeouts", timeouts);
    result.add("unexpected_messages", m_unexpected);
    result.add("closed_during_run", swarm.closedAfterReady());
    result.add("skipped_closed_connections", skippedClosed);
    result.add("generator", m_phases.generatorJson());
    if (error.empty())
        error = swarm.closedDuringRunError("connections");
    return error.empty();
}

void IdleBenchmark::onMessage(ClientConnection &, std::string_view text, int64_t nowNs)
{
    const auto payload = EnvelopeText::stringField(text, "payload");
    const auto stamp = payload ? PayloadStamp::decode(*payload) : std::nullopt;
    if (!stamp || EnvelopeText::stringField(text, "type") != "echo") {
        ++m_unexpected;
        return;
    }
    // A late answer to a sample that already timed out is not this sample's round trip.
    if (stamp->number != m_awaiting)
        return;
    m_roundTrips.record(nowNs - m_sentNs);
    m_answered = true;
}
