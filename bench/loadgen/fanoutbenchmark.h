#pragma once

#include "benchmark.h"
#include "latencyhistogram.h"

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

class WsConnection;

// `fanout-ws` / `fanout-sse`: S subscribers on one fresh channel (WebSocket /ws?channel=C or SSE
// /events?channel=C) and one WebSocket publisher sending publish envelopes to it. The publisher
// keeps at most W messages in flight, a message leaving the window once every subscriber has it,
// so the server runs at the rate it can deliver without its queues growing without bound.
// Each subscriber checks the channel's sequence numbers from its session.welcome on: every
// subscriber must get every message, once and in order.
class FanoutBenchmark : public Benchmark
{
public:
    FanoutBenchmark(const LoadOptions &options, ConnectionSwarm::Protocol subscriberProtocol);

    bool run(JsonObject &result, std::string &error) override;
    void onMessage(ClientConnection &connection, std::string_view text, int64_t nowNs) override;
    void onClosed(ClientConnection &connection) override;

private:
    struct Subscriber
    {
        uint64_t nextSeq = 1;   // the sequence number expected next
        uint64_t received = 0;  // in order (after gaps), no duplicates
        uint64_t gaps = 0;      // messages skipped over
        uint64_t stale = 0;     // at or below one already seen: duplicate or out of order
    };

    void publishDue(WsConnection &publisher, int64_t endNs);
    void retireDelivered(int64_t nowNs);
    void onPublisherCopy(std::string_view text);

    ConnectionSwarm::Protocol m_protocol;
    std::unique_ptr<ConnectionSwarm> m_subscriberSwarm;
    std::unique_ptr<ConnectionSwarm> m_publisherSwarm;
    std::vector<Subscriber> m_subscribers;
    int m_subscriberCount = 0;

    // The window: slot number % W holds the deliveries so far and the publish time.
    std::vector<int> m_windowDelivered;
    std::vector<int64_t> m_windowSentNs;
    uint64_t m_oldest = 0;  // oldest number still in flight
    uint64_t m_next = 0;    // next number to publish
    uint64_t m_retiredIncomplete = 0;

    int64_t m_startNs = 0;
    int64_t m_lastDeliveryNs = 0;
    uint64_t m_delivered = 0;
    uint64_t m_unexpected = 0;
    uint64_t m_publisherCopies = 0;
    uint64_t m_publisherErrors = 0;
    std::string m_publisherError;
    uint64_t m_firstSeq = 0;
    uint64_t m_lastSeq = 0;
    uint64_t m_maxSeqSeen = 0;
    int m_subscribersClosed = 0;
    LatencyHistogram m_latency;
    std::string m_payload;
    std::string m_message;
};
