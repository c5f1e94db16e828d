#pragma once

#include "metrics/metricssnapshot.h"
#include "scenario/scenario.h"
#include "session/timelinemarker.h"

#include <QObject>
#include <QTimer>
#include <QUrl>

#include <memory>
#include <vector>

class EmbeddedServerHost;
class FrameTap;
class Runner;

// One scenario run started from the window: a core Runner against the window's embedded server
// (or the scenario's URL target), its snapshots passed on as they come (one per 100 ms), and the
// moments worth a vertical line on the charts (fault steps, fault buttons, phase changes).
// The last finished run is kept for its reports until the next start. Lives in the GUI thread.
class RunSession : public QObject
{
    Q_OBJECT
public:
    enum class State { Idle, Running, Stopping, Finished };
    Q_ENUM(State)

    explicit RunSession(EmbeddedServerHost &host, QObject *parent = nullptr);
    ~RunSession() override;

    // Starts `scenario`; false (and startFailed) when the runner refused. An embedded target runs
    // against the host's server; the scenario's own `server` settings are applied to it first
    // when they differ (same port).
    bool start(std::shared_ptr<const scenario::Scenario> scenario);
    // Ends the run early; the report is still made and finished() follows.
    void stop();
    // The message inspector's tap, given to the simulated clients of every run from now on.
    void setFrameTap(std::shared_ptr<FrameTap> tap) { m_frameTap = std::move(tap); }
    // A fault applied by hand (a fault button): drawn like a scenario fault step.
    void noteFault(const QString &description);

    State state() const { return m_state; }
    bool isRunning() const { return m_state == State::Running || m_state == State::Stopping; }
    qint64 elapsedNs() const;
    // The current or last run; nullptr before the first start.
    const Runner *runner() const { return m_runner.get(); }
    const std::vector<TimelineMarker> &markers() const { return m_markers; }
    // The last snapshot of the current or last run.
    const MetricsSnapshot &lastSnapshot() const { return m_last; }
    // How the run's sessions ended so far (close codes, refused handshakes, transport errors:
    // MetricsSnapshot's outcomes), most frequent first, as RunReport::outcomesText() writes them:
    // the `most` most frequent ("close 4001 Unauthorized ×406, connection refused ×12"), each cut
    // to `maxChars`, and "+N more" for the rest; all of them, one a line, with `most` = 0.
    QString outcomesText(int most, qsizetype maxChars = 0) const;
    static QString outcomesText(const QMap<QString, quint64> &outcomes, int most, qsizetype maxChars = 0);

Q_SIGNALS:
    void stateChanged(RunSession::State state);
    void started(const QString &scenarioName);
    void snapshotReady(const MetricsSnapshot &snapshot);
    void markerAdded(const TimelineMarker &marker);
    void startFailed(const QString &message);
    void finished(int exitCode);

private:
    void setState(State state);
    void addMarker(TimelineMarker::Kind kind, const QString &label, qint64 elapsedNs);
    void schedulePhaseMarkers(const scenario::Scenario &scenario);

    EmbeddedServerHost &m_host;
    std::unique_ptr<Runner> m_runner;
    std::shared_ptr<FrameTap> m_frameTap;
    State m_state = State::Idle;
    std::vector<TimelineMarker> m_markers;
    std::vector<QTimer *> m_phaseTimers;
    MetricsSnapshot m_last;
};
