#pragma once

#include <QtGlobal>

#include <array>
#include <atomic>

// Counters one worker thread updates (single writer, relaxed atomics) and anyone may read.
// The Prometheus endpoint and the GUI sum them over the workers; no lock, no signal per event.
struct ServerCounters
{
    enum Protocol { WebSocket, Sse, Poll, Http, ProtocolCount };

    using Counter = std::atomic<quint64>;
    using Gauge = std::atomic<qint64>;

    std::array<Gauge, ProtocolCount> open{};           // connections (Http: keep-alive, not yet routed)
    std::array<Counter, ProtocolCount> accepted{};     // connections/subscriptions started
    std::array<Counter, ProtocolCount> delivered{};    // messages written to subscribers
    Counter messagesReceived{0};       // client messages accepted (WS text, POST /publish)
    Counter messagesPublished{0};      // published through this worker
    Counter bytesSent{0};
    Counter bytesReceived{0};
    Counter httpRequests{0};
    Counter httpErrors{0};             // 4xx/5xx answers
    Counter rejectedAuth{0};
    Counter tokenExpiredCloses{0}; // JWT ran out on an open WebSocket or SSE stream
    Counter rejectedOrigin{0};
    Counter rejectedPerAddress{0};
    Counter rejectedOversize{0};
    Counter rateLimited{0};
    Counter rateLimitCloses{0};
    Counter invalidMessages{0};
    Counter slowConsumerCloses{0};
    Counter pingTimeouts{0};
    Counter headTimeouts{0};
    Counter resets{0};                 // resume points older than the replay buffer
    Counter replayed{0};               // messages sent from the replay buffer
    Counter faultDroppedConnections{0};
    Counter tlsHandshakeFailures{0};   // TLS connections that ended before their handshake completed

    static void add(Counter &counter, quint64 amount = 1) { counter.fetch_add(amount, std::memory_order_relaxed); }
    static void add(Gauge &gauge, qint64 amount) { gauge.fetch_add(amount, std::memory_order_relaxed); }
};
