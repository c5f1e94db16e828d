#pragma once

#include <QtGlobal>

#include <atomic>

// What the bus thread counts about the broker, read by /metrics, the Server panel and reports
// from any thread (single writer, relaxed atomics).
struct BrokerStats
{
    using Counter = std::atomic<quint64>;

    std::atomic<bool> available{false}; // connected (publishes go to the broker) ...
    std::atomic<bool> stalled{false};   // ... but not answering (paused): they wait in the connection
    bool isUp() const { return available.load(std::memory_order_relaxed) && !stalled.load(std::memory_order_relaxed); }
    Counter published{0};          // numbered by the broker
    Counter received{0};           // from the bus, this instance's own included
    Counter localOnly{0};          // delivered here only, unnumbered: the broker was unavailable
    Counter availabilityLosses{0}; // times the broker became unavailable or stalled
    Counter gapFills{0};           // reads of the stream to fill a gap in the numbers
    Counter gapMessagesRecovered{0};
    Counter gapMessagesLost{0};    // numbers the stream no longer had: clients see the gap
    Counter staleIgnored{0};       // numbers at or below what this instance already had
    std::atomic<qint64> roundTripNs{0}; // the last PING
    Counter busLatencySumUs{0};   // publish (on any instance) to receipt here
    Counter busLatencyCount{0};
    std::atomic<qint64> busLatencyMaxUs{0}; // since the last read of it by takeMaxLatency()

    static void add(Counter &counter, quint64 amount = 1) { counter.fetch_add(amount, std::memory_order_relaxed); }
};
