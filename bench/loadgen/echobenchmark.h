#pragma once

#include "benchmark.h"
#include "latencyhistogram.h"

#include <cstdint>
#include <string>
#include <vector>

// `echo`: N WebSocket connections, and an open-model sender: message i is due at
// start + i / R, whatever the replies do, on connection i mod N. Its round trip counts from when
// it was due, so a generator or server that falls behind shows up as latency (no coordinated
// omission). Every message carries its number: lost and duplicated replies are exact.
class EchoBenchmark : public Benchmark
{
public:
    using Benchmark::Benchmark;

    bool run(JsonObject &result, std::string &error) override;
    void onMessage(ClientConnection &connection, std::string_view text, int64_t nowNs) override;

private:
    int64_t dueNs(uint64_t number) const;
    void sendDue(ConnectionSwarm &swarm);

    uint64_t m_total = 0;
    uint64_t m_next = 0;
    uint64_t m_sent = 0;
    uint64_t m_sendFailures = 0;
    uint64_t m_received = 0;
    uint64_t m_duplicates = 0;
    uint64_t m_unexpected = 0;
    int64_t m_startNs = 0;
    int64_t m_lastSendNs = 0;
    int64_t m_lastReceiveNs = 0;
    std::vector<bool> m_answered;
    std::vector<int64_t> m_sentNs;     // when each message actually left
    LatencyHistogram m_roundTrips;     // from the due time: what a user of the schedule saw
    LatencyHistogram m_serviceTimes;   // from the actual send: the server's share alone
    LatencyHistogram m_sendLag; // how late the generator sent, against the schedule
    std::string m_payload;
    std::string m_message;
};
