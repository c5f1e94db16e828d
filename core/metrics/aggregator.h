#pragma once

#include "metrics/metricssnapshot.h"
#include "metrics/processcpu.h"
#include "metrics/recorder.h"
#include "metrics/runtimeline.h"

#include <QObject>
#include <QStringList>

#include <chrono>
#include <vector>

class QTimer;
class Server;

// Merges every client pool's Recorder once per tick (DESIGN section 6: 10 Hz) into one
// MetricsSnapshot: each group's interval and cumulative counts and histograms, the total over all
// groups, the peak of open connections, the pools' event-loop lag, this process's CPU and, with an
// embedded target, the server's own counts. Emits the snapshot and appends it to the run's
// timeline. Owned by the Runner and lives in its thread; the recorders belong to the client pools
// and must outlive their registration here (removeRecorder() before destroying one).
class Aggregator : public QObject
{
    Q_OBJECT
public:
    static constexpr std::chrono::milliseconds tickInterval{100};

    explicit Aggregator(QObject *parent = nullptr);
    ~Aggregator() override;

    // One name and protocol ("ws", "sse", "poll", "publish") per group, in the recorders' order.
    // Without it the groups are named "group-1" ... after the recorders' group count.
    void setGroups(const QStringList &names, const QStringList &protocols);
    void addRecorder(Recorder *recorder);
    // Takes what the recorder still has in its mailbox first, so nothing it published is lost.
    void removeRecorder(Recorder *recorder);
    // The embedded server whose stats() go into each snapshot; nullptr for a remote target.
    void setServer(const Server *server);

    // Forgets earlier measurements, takes the start time and ticks every tickInterval.
    void start();
    void stop();
    bool isRunning() const;
    qint64 startNs() const { return m_startNs; }

    // One tick right now (the timer's tick, the final tick at the end of a run, tests).
    const MetricsSnapshot &tickNow();
    // One tick as if the clock read `nowNs` (MonotonicClock time): deterministic intervals for tests.
    const MetricsSnapshot &tickAt(qint64 nowNs);
    // The last snapshot built (tick 0 with nothing in it before the first tick).
    const MetricsSnapshot &latest() const { return m_snapshot; }

    // The run so far: one timeline over all groups, one per group.
    const RunTimeline &timeline() const { return m_timeline; }
    const std::vector<RunTimeline> &groupTimelines() const { return m_groupTimelines; }
    // Records a fault step at the current elapsed time (or at `elapsedNs`) in the timeline.
    void markEvent(const QString &text, TimelineEvent::Kind kind = TimelineEvent::Kind::Fault);
    void markEvent(qint64 elapsedNs, const QString &text, TimelineEvent::Kind kind = TimelineEvent::Kind::Fault);

Q_SIGNALS:
    void snapshotReady(const MetricsSnapshot &snapshot);

private:
    void resetState();
    void ensureGroups(int count);

    QTimer *m_timer = nullptr;
    std::vector<Recorder *> m_recorders;
    const Server *m_server = nullptr;
    // The server's presence counters at the previous tick (the snapshot holds their rates).
    quint64 m_presenceJoins = 0;
    quint64 m_presenceLeaves = 0;
    QStringList m_names;
    QStringList m_protocols;
    qint64 m_startNs = 0;
    qint64 m_lastTickNs = 0;
    bool m_started = false;
    ProcessCpu m_cpu;
    // Filled by take() each tick and reused, so a tick allocates nothing once the groups are known.
    std::vector<RecorderInterval> m_taken;
    // Published by a recorder that was removed between two ticks; added to the next tick.
    std::vector<RecorderInterval> m_leftOver;
    MetricsSnapshot m_snapshot;
    RunTimeline m_timeline;
    std::vector<RunTimeline> m_groupTimelines;
};
