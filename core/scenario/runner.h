#pragma once

#include "metrics/aggregator.h"
#include "metrics/runreport.h"
#include "scenario/scenario.h"
#include "sim/simtarget.h"

#include <QObject>
#include <QTimer>
#include <QUrl>

#include <algorithm>
#include <memory>
#include <optional>
#include <vector>

class ClientPool;
class StagedCluster;
class FrameTap;
class QThread;
class Server;

// Runs one scenario (DESIGN sections 5-7): starts the embedded server when the target is
// embedded, spreads the groups' clients over client pool threads, applies the timed fault steps,
// ticks the Aggregator, aborts early on a failing abortOnFail threshold, and at the end evaluates
// the thresholds into a RunReport. Used by `socketscope run` and by the GUI; lives in the thread
// that owns it (the main thread) and owns the pool threads and the embedded server.
class Runner : public QObject
{
    Q_OBJECT
public:
    // Exit codes of `socketscope run` (DESIGN section 3).
    static constexpr int exitPassed = 0;
    static constexpr int exitRuntimeFailure = 1;
    static constexpr int exitBadInput = 2;
    static constexpr int exitThresholdFailed = 99;

    // Why start() refused: the run as asked cannot work (too big for the descriptor limit,
    // settings that do not fit the target), or something failed (the server did not start).
    enum class StartFailure { None, BadInput, Runtime };

    explicit Runner(std::shared_ptr<const scenario::Scenario> scenario, QObject *parent = nullptr);
    ~Runner() override;

    // Points the clients at this URL instead of the scenario's target (`--target`).
    void setTargetOverride(const QUrl &url) { m_targetOverride = url; }
    // The client pools' and the embedded server's event loop, instead of the scenario's
    // `server.eventLoop` (`--event-loop`).
    void setEventLoopOverride(ServerConfig::EventLoop loop) { m_eventLoopOverride = loop; }
    // Runs against this already running embedded server (the window's) instead of starting one
    // of its own: the scenario's `server` settings are then the caller's business, fault steps
    // act on this server, and it keeps running after the run. Call before start().
    void useServer(Server *server) { m_externalServer = server; }
    // With several instances (docs/scenarios.md, "Several instances"): the `socketscope` program
    // they are started from (default: this program). Tests point it at the build's binary.
    void setInstanceExecutable(const QString &path) { m_instanceExecutable = path; }
    // Whether this run stages several instances (and ignores useServer()).
    bool isStaged() const;
    const StagedCluster *cluster() const { return m_cluster.get(); }
    // The message inspector's tap. A run with its own embedded server attaches it there; against
    // a URL the simulated clients offer their frames. Against useServer()'s server the clients
    // are not tapped (that server's own tap sees every frame once). Call before start().
    void setFrameTap(std::shared_ptr<FrameTap> tap) { m_frameTap = std::move(tap); }
    ServerConfig::EventLoop eventLoop() const;

    // False (with errorString() and startFailure()) when the run cannot begin: the scenario
    // needs more file descriptors than the process may open (checked before anything is
    // opened), the server does not start, the target URL is not usable, faults need the
    // embedded server, source addresses need a plain loopback target.
    bool start();
    // Ends the run early (SIGINT, the GUI's stop button); the report is still made.
    void stop(const QString &reason);

    bool isRunning() const { return m_running; }
    bool isFinished() const { return m_finished; }
    QString errorString() const { return m_error; }
    StartFailure startFailure() const { return m_startFailure; }
    // Source addresses the clients' connections are spread over (1: no spreading); set by start().
    int sourceAddressCount() const { return std::max(1, m_target.sourceAddressCount); }
    // "127.0.0.1 ... 127.0.0.12" (or "127.0.1.1 ... 127.0.32.1" behind a proxy).
    QString sourceAddressRange() const;
    Server *server() const { return m_server; }
    const Aggregator &aggregator() const { return m_aggregator; }
    const scenario::Scenario &scenario() const { return *m_scenario; }
    const RunReport &report() const { return m_report; }
    QString targetDescription() const;
    qint64 elapsedNs() const;

Q_SIGNALS:
    void snapshotReady(const MetricsSnapshot &snapshot);
    void faultApplied(const QString &description);
    void finished(int exitCode);

private:
    struct PoolThread;

    bool refuse(StartFailure failure, const QString &error);
    int poolCount() const;
    bool startServer(const ServerConfig &scenarioConfig);
    bool startCluster(const ServerConfig &scenarioConfig);
    bool chooseSourceAddresses();
    void startPools();
    void releasePools();
    void scheduleFaults();
    void applyFault(const scenario::FaultStep &step);
    void endFault(const scenario::FaultStep &step);
    void onSnapshot(const MetricsSnapshot &snapshot);
    void finish(const QString &abortReason, bool abortedByThreshold);
    void onPoolStopped();
    void complete();
    // Per-sender accounting's end-of-run check, into the final snapshot.
    void reconcileDeliveries(MetricsSnapshot &last) const;

    std::shared_ptr<const scenario::Scenario> m_scenario;
    std::optional<QUrl> m_targetOverride;
    std::optional<ServerConfig::EventLoop> m_eventLoopOverride;
    SimTarget m_target;
    std::unique_ptr<Server> m_ownedServer; // started by the run (headless)
    Server *m_externalServer = nullptr;    // the window's, see useServer()
    std::shared_ptr<FrameTap> m_frameTap;
    Server *m_server = nullptr;            // whichever of the two the run uses
    std::unique_ptr<StagedCluster> m_cluster; // several instances instead of m_server
    QString m_instanceExecutable;
    std::vector<std::unique_ptr<PoolThread>> m_pools;
    Aggregator m_aggregator;
    std::vector<QTimer *> m_faultTimers;
    QTimer m_endTimer;
    QDateTime m_startTime;
    bool m_running = false;
    bool m_finishing = false;
    bool m_finished = false;
    int m_poolsStopping = 0;
    QString m_abortReason;
    bool m_abortedByThreshold = false;
    QString m_error;
    StartFailure m_startFailure = StartFailure::None;
    RunReport m_report;
};
