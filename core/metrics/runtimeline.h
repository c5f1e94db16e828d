#pragma once

#include "metrics/latencyhistogram.h"

#include <QString>

#include <chrono>
#include <optional>
#include <vector>

struct GroupMetrics;

// One aggregator tick (100 ms) of one series (all groups, or one group): a small fixed struct,
// so a whole run fits (an hour is 36,000 points, ~3.5 MB).
struct TimelinePoint
{
    qint64 elapsedNs = 0;          // end of the tick, since the run started
    qint64 intervalNs = 0;         // the tick covers (elapsedNs - intervalNs, elapsedNs]
    qint64 open = 0;               // sessions open at the end of the tick
    quint64 connects = 0;          // sessions opened in the tick: first connects + reconnects
    quint64 reconnects = 0;        // ... of which reconnects
    quint64 closed = 0;
    quint64 failed = 0;            // connect attempts that failed
    qint64 latencyP50Ns = 0;       // delivery latency of the tick; 0 without samples
    qint64 latencyP99Ns = 0;
    quint64 messagesSent = 0;
    quint64 messagesReceived = 0;
    quint64 lost = 0;
    double cpuPercent = 0;         // this process over the tick (100 = one core)
};

// One second of the run, derived from its ticks: a CSV row and a JSON time-series entry.
struct TimelineSecond
{
    int second = 0;                // 1-based: covers (second - 1, second] seconds of the run
    qint64 open = 0;               // at the end of the second (its last tick)
    qint64 peakOpen = 0;           // highest of its ticks
    quint64 connects = 0;
    quint64 reconnects = 0;
    quint64 closed = 0;
    quint64 failed = 0;
    quint64 messagesSent = 0;
    quint64 messagesReceived = 0;
    quint64 lost = 0;
    qint64 latencyP50Ns = 0;       // of every latency sample in the second; 0 without samples
    qint64 latencyP99Ns = 0;
    qint64 latencyMaxNs = 0;
    quint64 latencyCount = 0;
    double cpuPercent = 0;         // mean over the second's ticks, weighted by their length
};

// Something that happened during the run (a fault step), shown in reports and charts.
struct TimelineEvent
{
    enum class Kind {
        Fault,             // any fault step
        ConnectionFault,   // a fault that cuts connections (restart, dropConnections): recovery.time starts here
    };
    qint64 elapsedNs = 0;
    QString text;
    Kind kind = Kind::Fault;
};

// The whole run, tick by tick, for one series: the Aggregator appends a point per tick (one
// timeline for all groups, one per group); reports read per-second rows from it and thresholds
// read the connection rate and recovery time. Lives in the aggregator's thread; copied into the
// RunReport at the end. Not thread-safe.
class RunTimeline
{
public:
    // How long after a connection fault `open` must drop for the fault to count as having cut
    // anything; a fault that cuts nothing within it has recovered at once.
    static constexpr std::chrono::nanoseconds faultEffectWindow = std::chrono::seconds(2);

    // Appends one tick; `intervalLatency` (the tick's delivery latency) feeds the per-second
    // percentiles. Ticks must come in order of elapsedNs.
    void append(const TimelinePoint &point, const LatencyHistogram *intervalLatency = nullptr);
    // Appends one tick of `metrics` (its interval counters and latency, its cumulative open).
    void append(qint64 elapsedNs, qint64 intervalNs, const GroupMetrics &metrics, double cpuPercent = 0);
    void markEvent(qint64 elapsedNs, const QString &text, TimelineEvent::Kind kind = TimelineEvent::Kind::Fault);
    void clear();

    const std::vector<TimelinePoint> &points() const { return m_points; }
    const std::vector<TimelineEvent> &events() const { return m_events; }
    bool isEmpty() const { return m_points.empty(); }
    qint64 elapsedNs() const { return m_points.empty() ? 0 : m_points.back().elapsedNs; }

    // One row per second from the first tick's second to the last one's (the last may be partial);
    // a second without ticks repeats the previous open count with zero counts.
    std::vector<TimelineSecond> seconds() const;

    // The highest number of sessions opened (first connects + reconnects) by consecutive ticks that
    // together span one second (ten 100 ms ticks, give or take timer jitter): the thundering-herd
    // figure. A single tick longer than a second counts on its own.
    quint64 peakConnectsPerSecond() const;

    // From the fault until `open` is back to at least its value at the last tick before the fault,
    // at tick resolution. 0 when the fault did not lower `open` within faultEffectWindow;
    // nullopt when it has not recovered (yet).
    std::optional<qint64> recoveryTimeAfter(qint64 faultElapsedNs) const;
    // The last event of kind ConnectionFault, the start of recovery.time.
    std::optional<qint64> lastConnectionFaultNs() const;

private:
    static int secondOf(qint64 elapsedNs);
    TimelineSecond finishedCurrent() const;

    std::vector<TimelinePoint> m_points;
    std::vector<TimelineEvent> m_events;
    // Per-second rows are built as ticks arrive, so a second's percentiles come from all of its
    // samples without keeping a histogram per tick.
    std::vector<TimelineSecond> m_seconds;   // finished seconds
    TimelineSecond m_current;                // the second being filled (second == 0: none)
    qint64 m_currentCpuWeightNs = 0;
    double m_currentCpuSum = 0;
    LatencyHistogram m_currentLatency;
};
