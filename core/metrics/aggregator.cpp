#include "metrics/aggregator.h"

#include "metrics/monotonicclock.h"
#include "server/server.h"

#include <QTimer>

#include <algorithm>

namespace {

void clearHistogram(LatencyHistogram &histogram)
{
    // reset() clears 31 KiB; skip it for the common empty histogram.
    if (histogram.count())
        histogram.reset();
}

void clearIntervalHistograms(GroupMetrics &group)
{
    clearHistogram(group.latencyInterval);
    clearHistogram(group.handshakeInterval);
    clearHistogram(group.rttInterval);
    clearHistogram(group.serverLatencyInterval);
}

void mergeIfAny(LatencyHistogram &into, const LatencyHistogram &from)
{
    if (from.count())
        into.merge(from);
}

// One interval's samples into a group's (or all groups') interval and total histograms.
void addSamples(GroupMetrics &group, const RecorderInterval &taken)
{
    mergeIfAny(group.latencyInterval, taken.latency);
    mergeIfAny(group.latencyTotal, taken.latency);
    mergeIfAny(group.handshakeInterval, taken.handshake);
    mergeIfAny(group.handshakeTotal, taken.handshake);
    mergeIfAny(group.rttInterval, taken.rtt);
    mergeIfAny(group.rttTotal, taken.rtt);
    mergeIfAny(group.serverLatencyInterval, taken.serverLatency);
    mergeIfAny(group.serverLatencyTotal, taken.serverLatency);
    mergeIfAny(group.streamFirstEventTotal, taken.streamFirstEvent);
    mergeIfAny(group.streamGapTotal, taken.streamGap);
    mergeIfAny(group.streamDurationTotal, taken.streamDuration);
}

} // namespace

Aggregator::Aggregator(QObject *parent)
    : QObject(parent)
    , m_timer(new QTimer(this))
{
    m_timer->setTimerType(Qt::PreciseTimer);
    m_timer->setInterval(tickInterval);
    connect(m_timer, &QTimer::timeout, this, [this] { tickNow(); });
    m_snapshot.all.name = QStringLiteral("all");
    m_snapshot.all.protocol = QStringLiteral("all");
}

Aggregator::~Aggregator() = default;

void Aggregator::setGroups(const QStringList &names, const QStringList &protocols)
{
    m_names = names;
    m_protocols = protocols;
    ensureGroups(int(names.size()));
    for (int i = 0; i < int(m_snapshot.groups.size()); ++i) {
        if (i < m_names.size())
            m_snapshot.groups[size_t(i)].name = m_names.at(i);
        if (i < m_protocols.size())
            m_snapshot.groups[size_t(i)].protocol = m_protocols.at(i);
    }
}

void Aggregator::addRecorder(Recorder *recorder)
{
    if (!recorder || std::find(m_recorders.begin(), m_recorders.end(), recorder) != m_recorders.end())
        return;
    m_recorders.push_back(recorder);
    ensureGroups(recorder->groupCount());
}

void Aggregator::removeRecorder(Recorder *recorder)
{
    const auto it = std::find(m_recorders.begin(), m_recorders.end(), recorder);
    if (it == m_recorders.end())
        return;
    recorder->take(m_leftOver);
    m_recorders.erase(it);
}

void Aggregator::setServer(const Server *server)
{
    m_server = server;
}

void Aggregator::start()
{
    resetState();
    if (m_server) {
        const ServerStats stats = m_server->stats();
        m_presenceJoins = stats.presenceJoins;
        m_presenceLeaves = stats.presenceLeaves;
    }
    m_startNs = m_lastTickNs = MonotonicClock::nowNs();
    m_cpu.restart(m_startNs);
    m_started = true;
    m_timer->start();
}

void Aggregator::stop()
{
    m_timer->stop();
}

bool Aggregator::isRunning() const
{
    return m_timer->isActive();
}

void Aggregator::resetState()
{
    const int groups = int(m_snapshot.groups.size());
    m_snapshot = MetricsSnapshot();
    m_snapshot.all.name = QStringLiteral("all");
    m_snapshot.all.protocol = QStringLiteral("all");
    m_timeline.clear();
    m_groupTimelines.clear();
    m_taken.clear();
    m_started = false;
    ensureGroups(groups);
    setGroups(m_names, m_protocols);
}

void Aggregator::ensureGroups(int count)
{
    const size_t old = m_snapshot.groups.size();
    if (size_t(count) <= old)
        return;
    m_snapshot.groups.resize(size_t(count));
    m_groupTimelines.resize(size_t(count));
    for (size_t i = old; i < size_t(count); ++i) {
        GroupMetrics &group = m_snapshot.groups[i];
        group.name = int(i) < m_names.size() ? m_names.at(int(i)) : QStringLiteral("group-%1").arg(i + 1);
        if (int(i) < m_protocols.size())
            group.protocol = m_protocols.at(int(i));
    }
}

const MetricsSnapshot &Aggregator::tickNow()
{
    return tickAt(MonotonicClock::nowNs());
}

const MetricsSnapshot &Aggregator::tickAt(qint64 nowNs)
{
    if (!m_started) {
        // Ticking without start(): the run starts now.
        m_startNs = m_lastTickNs = nowNs;
        m_cpu.restart(nowNs);
        m_started = true;
    }
    const size_t groupCount = m_snapshot.groups.size();
    m_taken.resize(groupCount);
    for (RecorderInterval &interval : m_taken)
        interval.clear();

    // Everything published since the last tick, from every pool thread.
    for (size_t g = 0; g < m_leftOver.size() && g < groupCount; ++g)
        m_taken[g].merge(m_leftOver[g]);
    m_leftOver.clear();
    for (Recorder *recorder : m_recorders)
        recorder->take(m_taken);

    MetricsSnapshot &s = m_snapshot;
    s.tick = int(m_timeline.points().size()); // 0 for the first tick
    s.elapsedNs = nowNs - m_startNs;
    s.intervalNs = nowNs - m_lastTickNs;
    m_lastTickNs = nowNs;

    GroupMetrics &all = s.all;
    all.interval = {};
    clearIntervalHistograms(all);
    for (size_t g = 0; g < groupCount; ++g) {
        GroupMetrics &group = s.groups[g];
        const RecorderInterval &taken = m_taken[g];
        group.interval = taken.counters;
        group.total += taken.counters;
        clearIntervalHistograms(group);
        addSamples(group, taken);
        group.peakOpen = std::max(group.peakOpen, group.total.open());

        all.interval += taken.counters;
        addSamples(all, taken);
    }
    all.total += all.interval;
    // Not the sum of the groups' peaks: they need not peak at the same tick.
    all.peakOpen = std::max(all.peakOpen, all.total.open());

    s.cpuPercent = m_cpu.sample(nowNs);
    s.loopLagMs.clear();
    for (const Recorder *recorder : m_recorders)
        s.loopLagMs.push_back(double(recorder->loopLagNs()) / 1e6);

    s.hasServer = m_server != nullptr;
    if (m_server) {
        const ServerStats stats = m_server->stats();
        s.serverOpen = stats.totalOpen();
        s.serverPublished = stats.messagesPublished;
        s.serverDelivered = stats.messagesDelivered;
        s.serverDroppedByFault = stats.droppedByFault;
        // A restarted server counts from zero again.
        const auto since = [](quint64 now, quint64 before) { return now < before ? now : now - before; };
        s.presenceJoinsPerSecond = s.perSecond(since(stats.presenceJoins, m_presenceJoins));
        s.presenceLeavesPerSecond = s.perSecond(since(stats.presenceLeaves, m_presenceLeaves));
        m_presenceJoins = stats.presenceJoins;
        m_presenceLeaves = stats.presenceLeaves;
    }

    m_timeline.append(s.elapsedNs, s.intervalNs, all, s.cpuPercent);
    for (size_t g = 0; g < groupCount; ++g)
        m_groupTimelines[g].append(s.elapsedNs, s.intervalNs, s.groups[g], s.cpuPercent);

    Q_EMIT snapshotReady(s);
    return s;
}

void Aggregator::markEvent(const QString &text, TimelineEvent::Kind kind)
{
    markEvent(m_started ? MonotonicClock::nowNs() - m_startNs : 0, text, kind);
}

void Aggregator::markEvent(qint64 elapsedNs, const QString &text, TimelineEvent::Kind kind)
{
    m_timeline.markEvent(elapsedNs, text, kind);
    for (RunTimeline &timeline : m_groupTimelines)
        timeline.markEvent(elapsedNs, text, kind);
}
