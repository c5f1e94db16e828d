#pragma once

#include "metrics/metricssnapshot.h"

#include <QMutex>

#include <atomic>
#include <vector>

// What one client pool thread measured since it last published, per group.
struct RecorderInterval
{
    ClientCounters counters;
    LatencyHistogram latency;        // one-way
    LatencyHistogram handshake;
    LatencyHistogram rtt;            // correlated round trips
    LatencyHistogram serverLatency;  // against a server's wall-clock timestamp
    LatencyHistogram streamFirstEvent;
    LatencyHistogram streamGap;
    LatencyHistogram streamDuration;

    void merge(const RecorderInterval &other);
    // Empties it; a histogram with no samples is not rewritten (31 KiB each).
    void clear();
};

// Per-thread measurements (DESIGN section 6): the owning thread records into plain members with
// no lock and no atomic; once per tick it calls publish(), which hands what it recorded to the
// Aggregator through a mailbox (one short lock per tick, never per message).
// Owned by a ClientPool; the Aggregator holds a pointer and calls take() from its own thread.
class Recorder
{
public:
    explicit Recorder(int groupCount);

    // --- owner thread ---
    ClientCounters &counters(int group) { return m_current[size_t(group)].counters; }
    void recordLatency(int group, qint64 ns) { m_current[size_t(group)].latency.record(ns); }
    void recordHandshake(int group, qint64 ns) { m_current[size_t(group)].handshake.record(ns); }
    void recordRoundTrip(int group, qint64 ns) { m_current[size_t(group)].rtt.record(ns); }
    void recordServerLatency(int group, qint64 ns) { m_current[size_t(group)].serverLatency.record(ns); }
    RecorderInterval &interval(int group) { return m_current[size_t(group)]; }
    void publish();
    // How late the owner's tick timer fired (event-loop lag), read by the Aggregator.
    void setLoopLagNs(qint64 ns) { m_loopLagNs.store(ns, std::memory_order_relaxed); }

    // --- aggregator thread ---
    // Adds everything published since the last take() into `into` (one entry per group).
    void take(std::vector<RecorderInterval> &into);
    qint64 loopLagNs() const { return m_loopLagNs.load(std::memory_order_relaxed); }
    int groupCount() const { return int(m_current.size()); }

private:
    std::vector<RecorderInterval> m_current;   // owner thread only
    QMutex m_mailboxMutex;
    std::vector<RecorderInterval> m_mailbox;   // guarded by m_mailboxMutex
    bool m_mailboxDirty = false;
    std::atomic<qint64> m_loopLagNs{0};
};
