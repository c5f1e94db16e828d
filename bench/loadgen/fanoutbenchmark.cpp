#include "fanoutbenchmark.h"

#include "envelopetext.h"
#include "monotonicclock.h"
#include "payloadstamp.h"
#include "wsconnection.h"

#include <algorithm>

namespace {

constexpr std::string_view publishType = "bench.fanout";

} // namespace

FanoutBenchmark::FanoutBenchmark(const LoadOptions &options, ConnectionSwarm::Protocol subscriberProtocol)
    : Benchmark(options)
    , m_protocol(subscriberProtocol)
{
}

bool FanoutBenchmark::run(JsonObject &result, std::string &error)
{
    const std::string channel = channelFor(m_protocol == ConnectionSwarm::Protocol::WebSocket ? "fanout-ws" : "fanout-sse");
    m_subscriberCount = m_options.subscribers;
    const SourceAddressPlan sources = SourceAddressPlan::forConnections(m_subscriberCount + 1, m_options.sourceAddresses);
    result.add("source_addresses", sources.addressCount());
    result.add("subscriber_protocol", m_protocol == ConnectionSwarm::Protocol::WebSocket ? "ws" : "sse");

    ConnectionSwarm::Plan subscriberPlan;
    subscriberPlan.protocol = m_protocol;
    subscriberPlan.requestTarget = (m_protocol == ConnectionSwarm::Protocol::WebSocket ? "/ws?channel=" : "/events?channel=") + channel;
    subscriberPlan.count = m_subscriberCount;
    subscriberPlan.concurrency = m_options.concurrency;
    m_subscriberSwarm = std::make_unique<ConnectionSwarm>(m_loop, m_options.target, sources, subscriberPlan, this);
    m_subscribers.assign(size_t(m_subscriberCount), Subscriber{});
    if (!openSwarm(*m_subscriberSwarm, result, "subscribers", error))
        return false;

    ConnectionSwarm::Plan publisherPlan;
    publisherPlan.requestTarget = "/ws?channel=" + channel;
    publisherPlan.count = 1;
    // With several instances the publisher may sit on another one: the deliveries then cross
    // the broker, and the latency measured includes it.
    m_publisherSwarm = std::make_unique<ConnectionSwarm>(m_loop, m_options.publishTarget.value_or(m_options.target),
                                                         sources, publisherPlan, this);
    if (!openSwarm(*m_publisherSwarm, result, "publisher", error))
        return false;
    // Sequence numbers count from each subscriber's welcome: a fresh channel says 0.
    for (int i = 0; i < m_subscriberCount; ++i)
        m_subscribers[size_t(i)].nextSeq = m_subscriberSwarm->connection(i).welcomeLatest() + 1;

    m_phases.announce("open", m_subscriberCount + 1);
    idleFor(m_options.settleSeconds);
    m_phases.announce("settled", m_subscriberCount + 1);
    idleFor(0.3);

    const size_t window = size_t(m_options.window);
    m_windowDelivered.assign(window, 0);
    m_windowSentNs.assign(window, 0);
    WsConnection &publisher = m_publisherSwarm->webSocket(0);
    m_phases.announce("measure", m_subscriberCount + 1);
    m_startNs = MonotonicClock::nowNs();
    const int64_t endNs = m_startNs + MonotonicClock::secondsToNs(m_options.durationSeconds);
    const int64_t stallNs = MonotonicClock::secondsToNs(m_options.stallTimeoutSeconds);
    // Publish while the window has room; wake for a rate cap or a stalled message.
    m_loop.runUntil(
        [&] {
            const int64_t now = MonotonicClock::nowNs();
            retireDelivered(now);
            publishDue(publisher, endNs);
            return now >= endNs || !publisher.isOpen();
        },
        endNs, [&] {
            int64_t wake = endNs;
            if (m_oldest < m_next)
                wake = std::min(wake, m_windowSentNs[m_oldest % window] + stallNs);
            if (m_options.rate > 0)
                wake = std::min(wake, m_startNs + int64_t(double(m_next) * 1e9 / m_options.rate));
            return wake;
        });
    const int64_t publishEndNs = MonotonicClock::nowNs();
    // Let the last window arrive everywhere.
    m_loop.runUntil(
        [&] {
            retireDelivered(MonotonicClock::nowNs());
            return m_oldest >= m_next;
        },
        deadlineIn(m_options.drainTimeoutSeconds));
    m_phases.announce("done", m_subscriberCount + 1);

    // Every subscriber should hold every sequence number up to the last one published.
    const uint64_t finalSeq = std::max(m_lastSeq, m_maxSeqSeen);
    uint64_t lost = 0;
    uint64_t stale = 0;
    int subscribersMissing = 0;
    for (int i = 0; i < m_subscriberCount; ++i) {
        const Subscriber &subscriber = m_subscribers[size_t(i)];
        const uint64_t base = m_subscriberSwarm->connection(i).welcomeLatest();
        const uint64_t expected = finalSeq > base ? finalSeq - base : 0;
        const uint64_t missing = expected > subscriber.received ? expected - subscriber.received : 0;
        lost += missing;
        stale += subscriber.stale;
        subscribersMissing += missing > 0 ? 1 : 0;
    }
    const double publishSeconds = double(publishEndNs - m_startNs) / 1e9;
    result.add("channel", channel);
    result.add("window", m_options.window);
    result.add("payload_bytes", m_options.payloadBytes);
    result.add("duration_seconds", m_options.durationSeconds);
    result.add("publish_seconds", publishSeconds);
    result.add("published", m_next);
    result.add("published_per_second", publishSeconds > 0 ? double(m_next) / publishSeconds : 0.0);
    result.add("first_seq", m_firstSeq);
    result.add("last_seq", finalSeq);
    result.add("expected_deliveries", (finalSeq >= m_firstSeq && m_firstSeq > 0 ? finalSeq - m_firstSeq + 1 : 0) * uint64_t(m_subscriberCount));
    result.add("delivered", m_delivered);
    result.add("delivered_per_second",
               m_lastDeliveryNs > m_startNs ? double(m_delivered) * 1e9 / double(m_lastDeliveryNs - m_startNs) : 0.0);
    result.add("lost", lost);
    result.add("subscribers_missing_messages", subscribersMissing);
    result.add("duplicate_or_out_of_order", stale);
    result.add("retired_incomplete", m_retiredIncomplete);
    result.add("latency", m_latency.toJson());
    result.add("subscribers_closed_during_run", m_subscribersClosed);
    result.add("publisher_errors", m_publisherErrors);
    if (!m_publisherError.empty())
        result.add("publisher_first_error", m_publisherError);
    result.add("unexpected_messages", m_unexpected);
    result.add("generator", m_phases.generatorJson());
    if (!publisher.isOpen() && error.empty())
        error = "the publisher's connection closed: " + publisher.failure();
    if (error.empty())
        error = m_subscriberSwarm->closedDuringRunError("subscribers");
    return error.empty();
}

void FanoutBenchmark::publishDue(WsConnection &publisher, int64_t endNs)
{
    const size_t window = m_windowDelivered.size();
    while (publisher.isOpen() && m_next - m_oldest < window) {
        const int64_t now = MonotonicClock::nowNs();
        if (now >= endNs)
            return;
        if (m_options.rate > 0 && double(m_next) >= double(now - m_startNs) * m_options.rate / 1e9)
            return;
        const uint64_t number = m_next++;
        m_windowDelivered[number % window] = 0;
        m_windowSentNs[number % window] = now;
        PayloadStamp{now, number}.encode(m_payload, size_t(m_options.payloadBytes));
        m_message.clear();
        // docs/server.md: any type other than echo/sync (and the reserved ones) is published to
        // the channel and delivered to every subscriber, the sender included.
        EnvelopeText::appendClientMessage(m_message, publishType, 'p', number, m_payload);
        publisher.sendText(m_message);
    }
}

void FanoutBenchmark::retireDelivered(int64_t nowNs)
{
    const size_t window = m_windowDelivered.size();
    const int64_t stallNs = MonotonicClock::secondsToNs(m_options.stallTimeoutSeconds);
    while (m_oldest < m_next) {
        const size_t slot = m_oldest % window;
        if (m_windowDelivered[slot] >= m_subscriberCount) {
            ++m_oldest;
        } else if (nowNs - m_windowSentNs[slot] > stallNs) {
            // Not everyone got it in time: stop waiting (the loss count says who is missing it).
            ++m_retiredIncomplete;
            ++m_oldest;
        } else {
            break;
        }
    }
}

void FanoutBenchmark::onPublisherCopy(std::string_view text)
{
    const auto type = EnvelopeText::stringField(text, "type");
    if (type != publishType) {
        ++m_publisherErrors;
        if (m_publisherError.empty())
            m_publisherError = std::string(text.substr(0, 300));
        return;
    }
    ++m_publisherCopies;
    if (const auto seq = EnvelopeText::numberField(text, "seq")) {
        if (m_firstSeq == 0)
            m_firstSeq = *seq;
        m_lastSeq = std::max(m_lastSeq, *seq);
    }
}

void FanoutBenchmark::onMessage(ClientConnection &connection, std::string_view text, int64_t nowNs)
{
    if (m_publisherSwarm && &connection == &m_publisherSwarm->connection(0)) {
        onPublisherCopy(text);
        return;
    }
    const auto seq = EnvelopeText::numberField(text, "seq");
    const auto payload = EnvelopeText::stringField(text, "payload");
    const auto stamp = payload ? PayloadStamp::decode(*payload) : std::nullopt;
    if (!seq || !stamp) {
        ++m_unexpected;
        return;
    }
    Subscriber &subscriber = m_subscribers[size_t(connection.index())];
    if (*seq < subscriber.nextSeq) {
        ++subscriber.stale;
        return;
    }
    subscriber.gaps += *seq - subscriber.nextSeq;
    subscriber.nextSeq = *seq + 1;
    ++subscriber.received;
    ++m_delivered;
    m_lastDeliveryNs = nowNs;
    m_maxSeqSeen = std::max(m_maxSeqSeen, *seq);
    m_latency.record(nowNs - stamp->sentNs);
    if (stamp->number >= m_oldest && stamp->number < m_next)
        ++m_windowDelivered[stamp->number % m_windowDelivered.size()];
}

void FanoutBenchmark::onClosed(ClientConnection &connection)
{
    if (m_subscriberSwarm && !(m_publisherSwarm && &connection == &m_publisherSwarm->connection(0)) && connection.isReady())
        ++m_subscribersClosed;
}
