#pragma once

#include "benchmark.h"

#include <string>

// `handshake`: N WebSocket opening handshakes, at most K in flight, timed from connect() to the
// server's valid 101. Handshakes over 1 s are counted apart: that is a SYN the kernel dropped
// and retried (the listen backlog overflowed), not the server's work. The connections then stay
// open for --hold seconds, idle, so the driver can read the server's memory with N connections.
class HandshakeBenchmark : public Benchmark
{
public:
    using Benchmark::Benchmark;

    bool run(JsonObject &result, std::string &error) override;
    void onMessage(ClientConnection &, std::string_view, int64_t) override {}
};
