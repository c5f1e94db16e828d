#include "metrics/runtimeline.h"

#include "metrics/metricssnapshot.h"

#include <algorithm>

namespace {
constexpr qint64 nsPerSecond = 1'000'000'000;
} // namespace

int RunTimeline::secondOf(qint64 elapsedNs)
{
    // (0, 1 s] is second 1: a tick ending exactly on a second boundary belongs to the second it ends.
    if (elapsedNs <= 0)
        return 1;
    return int((elapsedNs + nsPerSecond - 1) / nsPerSecond);
}

void RunTimeline::append(const TimelinePoint &point, const LatencyHistogram *intervalLatency)
{
    m_points.push_back(point);

    const int second = secondOf(point.elapsedNs);
    if (m_current.second != 0 && second != m_current.second) {
        const qint64 lastOpen = m_current.open;
        m_seconds.push_back(finishedCurrent());
        // Seconds without a tick (the aggregator's thread was stalled) still get a row.
        for (int gap = m_seconds.back().second + 1; gap < second; ++gap) {
            TimelineSecond empty;
            empty.second = gap;
            empty.open = empty.peakOpen = lastOpen;
            m_seconds.push_back(empty);
        }
        m_current = {};
        m_currentCpuWeightNs = 0;
        m_currentCpuSum = 0;
        if (m_currentLatency.count())
            m_currentLatency.reset();
    }
    if (m_current.second == 0) {
        m_current.second = second;
        m_current.peakOpen = point.open;
    }
    m_current.open = point.open;
    m_current.peakOpen = std::max(m_current.peakOpen, point.open);
    m_current.connects += point.connects;
    m_current.reconnects += point.reconnects;
    m_current.closed += point.closed;
    m_current.failed += point.failed;
    m_current.messagesSent += point.messagesSent;
    m_current.messagesReceived += point.messagesReceived;
    m_current.lost += point.lost;
    m_currentCpuWeightNs += point.intervalNs;
    m_currentCpuSum += point.cpuPercent * double(point.intervalNs);
    if (intervalLatency)
        m_currentLatency.merge(*intervalLatency);
}

void RunTimeline::append(qint64 elapsedNs, qint64 intervalNs, const GroupMetrics &metrics, double cpuPercent)
{
    TimelinePoint point;
    point.elapsedNs = elapsedNs;
    point.intervalNs = intervalNs;
    point.open = metrics.total.open();
    point.connects = metrics.interval.connectsFirst + metrics.interval.reconnects;
    point.reconnects = metrics.interval.reconnects;
    point.closed = metrics.interval.closes;
    point.failed = metrics.interval.connectFailures;
    if (metrics.latencyInterval.count()) {
        point.latencyP50Ns = metrics.latencyInterval.percentileNs(50);
        point.latencyP99Ns = metrics.latencyInterval.percentileNs(99);
    }
    point.messagesSent = metrics.interval.messagesSent;
    point.messagesReceived = metrics.interval.messagesReceived;
    point.lost = metrics.interval.lost;
    point.cpuPercent = cpuPercent;
    append(point, &metrics.latencyInterval);
}

TimelineSecond RunTimeline::finishedCurrent() const
{
    TimelineSecond row = m_current;
    if (m_currentLatency.count()) {
        row.latencyP50Ns = m_currentLatency.percentileNs(50);
        row.latencyP99Ns = m_currentLatency.percentileNs(99);
        row.latencyMaxNs = m_currentLatency.maxNs();
        row.latencyCount = m_currentLatency.count();
    }
    row.cpuPercent = m_currentCpuWeightNs > 0 ? m_currentCpuSum / double(m_currentCpuWeightNs) : 0.0;
    return row;
}

void RunTimeline::markEvent(qint64 elapsedNs, const QString &text, TimelineEvent::Kind kind)
{
    m_events.push_back({elapsedNs, text, kind});
}

void RunTimeline::clear()
{
    *this = RunTimeline();
}

std::vector<TimelineSecond> RunTimeline::seconds() const
{
    std::vector<TimelineSecond> rows = m_seconds;
    if (m_current.second != 0)
        rows.push_back(finishedCurrent());
    return rows;
}

quint64 RunTimeline::peakConnectsPerSecond() const
{
    // Sliding window over the ticks: the ticks that together span at most a second. Timer ticks
    // come a few ms late or early, so ten of them may span 1.004 s; half a tick of slack keeps
    // such a second whole without ever letting an eleventh tick in.
    constexpr qint64 window = nsPerSecond + nsPerSecond / 20;
    quint64 peak = 0;
    quint64 inWindow = 0;
    size_t first = 0;
    for (size_t last = 0; last < m_points.size(); ++last) {
        inWindow += m_points[last].connects;
        const qint64 end = m_points[last].elapsedNs;
        while (first < last && end - (m_points[first].elapsedNs - m_points[first].intervalNs) > window) {
            inWindow -= m_points[first].connects;
            ++first;
        }
        peak = std::max(peak, inWindow);
    }
    return peak;
}

std::optional<qint64> RunTimeline::recoveryTimeAfter(qint64 faultElapsedNs) const
{
    const auto afterFault = std::upper_bound(m_points.begin(), m_points.end(), faultElapsedNs,
                                             [](qint64 t, const TimelinePoint &p) { return t < p.elapsedNs; });
    const qint64 before = afterFault == m_points.begin() ? 0 : std::prev(afterFault)->open;
    if (before <= 0)
        return 0;
    // Clients see the cut a little after the fault (and the recorders publish once per tick), so
    // look for the drop first: a tick right after the fault may still show the old count.
    const auto dip = std::find_if(afterFault, m_points.end(), [&](const TimelinePoint &p) {
        return p.open < before && p.elapsedNs <= faultElapsedNs + faultEffectWindow.count();
    });
    if (dip == m_points.end())
        return 0; // open never fell below the count before the fault: nothing to recover from
    const auto back = std::find_if(dip, m_points.end(), [&](const TimelinePoint &p) { return p.open >= before; });
    if (back == m_points.end())
        return std::nullopt;
    return back->elapsedNs - faultElapsedNs;
}

std::optional<qint64> RunTimeline::lastConnectionFaultNs() const
{
    for (auto it = m_events.rbegin(); it != m_events.rend(); ++it) {
        if (it->kind == TimelineEvent::Kind::ConnectionFault)
            return it->elapsedNs;
    }
    return std::nullopt;
}
