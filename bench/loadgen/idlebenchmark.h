#pragma once

#include "benchmark.h"
#include "latencyhistogram.h"

#include <cstdint>
#include <string>

// `idle`: N WebSocket connections open and idle, then one echo at a time on a randomly chosen
// connection (exactly one message in flight), M times. What it measures is the server's
// per-message cost while it holds N connections: with Qt's stock dispatcher every wake-up polls
// all N sockets, so this round trip grows with N (DESIGN section 2).
class IdleBenchmark : public Benchmark
{
public:
    using Benchmark::Benchmark;

    bool run(JsonObject &result, std::string &error) override;
    void onMessage(ClientConnection &connection, std::string_view text, int64_t nowNs) override;

private:
    LatencyHistogram m_roundTrips;
    uint64_t m_awaiting = UINT64_MAX; // number of the echo in flight
    int64_t m_sentNs = 0;
    bool m_answered = false;
    uint64_t m_unexpected = 0;
};
