#include "scenario/runner.h"

#include "staging/stagedcluster.h"

#include "auth/jwtkey.h"
#include "delivery/deliveryreconciler.h"
#include "eventloop/epolleventdispatcher.h"
#include "metrics/monotonicclock.h"
#include "metrics/thresholdevaluator.h"
#include "protocol/redaction.h"
#include "scenario/descriptorbudget.h"
#include "scenario/duration.h"
#include "server/server.h"
#include "staging/stagedcluster.h"
#include "sim/clientpool.h"

#include <QThread>

#include <algorithm>
#include <functional>

using namespace std::chrono;

// A pool and the thread it runs on; the thread is stopped and joined before either is freed.
struct Runner::PoolThread
{
    QThread *thread = nullptr;
    ClientPool *pool = nullptr;

    ~PoolThread()
    {
        if (!thread)
            return;
        thread->quit();
        thread->wait();
        delete thread; // the pool was deleted in its own thread when the thread finished
    }
};

namespace {

QString protocolName(scenario::Protocol protocol)
{
    switch (protocol) {
    case scenario::Protocol::WebSocket: return QStringLiteral("ws");
    case scenario::Protocol::Sse: return QStringLiteral("sse");
    case scenario::Protocol::Poll: return QStringLiteral("poll");
    case scenario::Protocol::Publish: return QStringLiteral("publish");
    case scenario::Protocol::SocketIo: return QStringLiteral("socketio");
    case scenario::Protocol::GraphQlWs: return QStringLiteral("graphql-ws");
    }
    return {};
}

QString faultDescription(const scenario::FaultStep &step)
{
    const auto ms = [](milliseconds value) { return Duration::format(duration_cast<microseconds>(value)); };
    switch (step.action) {
    case scenario::FaultAction::Restart: return QStringLiteral("restart (down %1)").arg(ms(step.duration));
    case scenario::FaultAction::DropConnections: return QStringLiteral("drop %1% of connections").arg(step.percent);
    case scenario::FaultAction::Latency: return QStringLiteral("latency %1 ± %2").arg(ms(step.latency), ms(step.jitter));
    case scenario::FaultAction::DropMessages: return QStringLiteral("drop %1% of messages").arg(step.percent);
    case scenario::FaultAction::IgnorePings: return QStringLiteral("ignore pings");
    case scenario::FaultAction::StopReading: return QStringLiteral("stop reading");
    case scenario::FaultAction::RefuseConnections: return QStringLiteral("refuse connections for %1").arg(ms(step.duration));
    case scenario::FaultAction::KillInstance: return QStringLiteral("kill instance %1 (down %2)").arg(step.instance).arg(ms(step.duration));
    case scenario::FaultAction::BrokerDown:
        return QStringLiteral("broker %1 for %2").arg(step.brokerPaused ? QStringLiteral("paused") : QStringLiteral("stopped"), ms(step.duration));
    case scenario::FaultAction::PartitionInstance: return QStringLiteral("instance %1 cut off from the broker for %2").arg(step.instance).arg(ms(step.duration));
    }
    return {};
}

} // namespace

Runner::Runner(std::shared_ptr<const scenario::Scenario> scenario, QObject *parent)
    : QObject(parent)
    , m_scenario(std::move(scenario))
{
    m_endTimer.setSingleShot(true);
    m_endTimer.setTimerType(Qt::PreciseTimer);
    connect(&m_endTimer, &QTimer::timeout, this, [this] { finish({}, false); });
    connect(&m_aggregator, &Aggregator::snapshotReady, this, &Runner::onSnapshot);
}

Runner::~Runner()
{
    releasePools();
    if (m_ownedServer && m_ownedServer->isRunning())
        m_ownedServer->stopAndWait(seconds(5));
    m_cluster.reset();
}

QString Runner::sourceAddressRange() const
{
    return QStringLiteral("%1 ... %2").arg(m_target.sourceAddressFor(0).toString(),
                                           m_target.sourceAddressFor(sourceAddressCount() - 1).toString());
}

bool Runner::isStaged() const
{
    return !m_targetOverride && m_scenario->target.embedded && m_scenario->usesTarget() && m_scenario->staging.isStaged();
}

QString Runner::targetDescription() const
{
    // Groups with their own `url` say where they went; the rest went to the target.
    QStringList parts;
    if (m_cluster)
        parts.append(QStringLiteral("staged: %1").arg(m_cluster->describe()));
    else if (m_server)
        parts.append(QStringLiteral("embedded (%1:%2)").arg(m_server->address().toString()).arg(m_server->port()));
    else if (m_targetOverride || !m_scenario->target.embedded)
        parts.append(Redaction::url(m_targetOverride ? *m_targetOverride : m_scenario->target.url));
    for (const QString &url : m_scenario->groupUrls())
        parts.append(Redaction::url(QUrl(url)));
    return parts.join(QStringLiteral(", "));
}

qint64 Runner::elapsedNs() const
{
    return m_running ? MonotonicClock::nowNs() - m_aggregator.startNs() : m_report.durationNs;
}

ServerConfig::EventLoop Runner::eventLoop() const
{
    return m_eventLoopOverride.value_or(m_scenario->server.eventLoop);
}

bool Runner::refuse(StartFailure failure, const QString &error)
{
    m_startFailure = failure;
    m_error = error;
    return false;
}

int Runner::poolCount() const
{
    qint64 totalClients = 0;
    for (const scenario::Group &group : m_scenario->groups)
        totalClients += group.clients;
    const int count = m_scenario->workers > 0 ? m_scenario->workers : std::max(1, QThread::idealThreadCount());
    return int(std::clamp<qint64>(count, 1, std::max<qint64>(1, totalClients)));
}

bool Runner::start()
{
    if (m_running || m_finished)
        return false;
    // No embedded server when every group goes to its own `url`.
    const bool embedded = !m_targetOverride && m_scenario->target.embedded && m_scenario->usesTarget();
    if (!embedded && !m_scenario->faults.empty())
        return refuse(StartFailure::Runtime, tr("fault steps need the embedded server; this run targets %1").arg(targetDescription()));

    // Before anything is opened: a run that cannot get the descriptors it needs at its peak
    // would fail half way with "Too many open files", after having measured nonsense.
    ServerConfig serverConfig = m_scenario->server;
    serverConfig.eventLoop = eventLoop();
    // Staged instances are other processes, with descriptor limits of their own.
    const bool inProcessServer = embedded && !isStaged();
    const int threads = poolCount() + (inProcessServer ? serverConfig.effectiveWorkers() : 0);
    const DescriptorBudget budget = DescriptorBudget::forRun(*m_scenario, inProcessServer, threads);
    if (const QString problem = budget.check(DescriptorBudget::processLimit()); !problem.isEmpty())
        return refuse(StartFailure::BadInput, problem);

    if (isStaged()) {
        if (!startCluster(serverConfig))
            return false;
    } else if (embedded) {
        if (!startServer(serverConfig))
            return false;
        m_target = SimTarget::embeddedServer(m_server->port());
        m_target.token = m_server->config().token;
        if (m_server->usesTls()) {
            m_target.webSocketBase.setScheme(QStringLiteral("wss"));
            m_target.httpBase.setScheme(QStringLiteral("https"));
        }
    } else if (!m_targetOverride && m_scenario->target.embedded) {
        // Every group has its own URL: the target is only the run's tag, token and headers.
        m_target = SimTarget::forGroupUrls();
    } else {
        QString error;
        m_target = SimTarget::fromUrl(m_targetOverride ? *m_targetOverride : m_scenario->target.url, &error);
        if (!m_target.isValid())
            return refuse(StartFailure::Runtime, tr("target: %1").arg(error));
    }
    if (!m_scenario->target.token.isEmpty())
        m_target.token = m_scenario->target.token;
    if (m_scenario->jwt.isSet()) {
        QString error;
        const std::optional<JwtKey> key = JwtKey::load(m_scenario->jwt.algorithm, m_scenario->jwt.secret, m_scenario->jwt.privateKeyFile,
                                                       JwtKey::Use::Sign, &error);
        if (!key)
            return refuse(StartFailure::BadInput, tr("jwt: %1").arg(error));
        m_target.jwtMinter = std::make_shared<const JwtMinter>(*key);
        m_target.jwt = m_scenario->jwt;
    }
    m_target.headers = m_scenario->target.headers;
    // The embedded server's certificate is this process's own (often generated at its start).
    m_target.acceptSelfSignedCertificates = m_scenario->target.acceptSelfSignedCertificates || (m_server && m_server->usesTls());
    if (!chooseSourceAddresses())
        return false;

    QStringList names, protocols;
    for (const scenario::Group &group : m_scenario->groups) {
        names << group.name;
        protocols << protocolName(group.protocol);
    }
    m_aggregator.setGroups(names, protocols);
    m_aggregator.setServer(m_server);
    m_startTime = QDateTime::currentDateTimeUtc();
    m_running = true;
    m_aggregator.start();
    startPools();
    scheduleFaults();
    m_endTimer.start(std::max<milliseconds>(m_scenario->effectiveDuration(), milliseconds(1)));
    return true;
}

bool Runner::chooseSourceAddresses()
{
    // One source address has the kernel's ephemeral ports for each destination host:port; a
    // loopback target can take more connections from 127.0.0.2, .3, ... (all of 127/8 is local).
    const int forced = m_scenario->target.sourceAddresses;
    const bool plain = m_target.webSocketBase.scheme() == QLatin1String("ws");
    if (m_target.isIpv4Loopback() && plain) {
        m_target.sourceAddressCount = forced > 0
            ? forced
            : SimTarget::sourceAddressesNeeded(m_scenario->peakClients(), SimTarget::ephemeralPortCount());
        if (m_cluster && m_cluster->proxyPort() != 0) {
            // Behind a proxy that balances by client address, clients from one machine would all
            // look alike: they come from 32 networks at least (127.0.1.1, 127.0.2.1, ...).
            m_target.sourceAddressCount = std::min(std::max(m_target.sourceAddressCount, 32), 250);
            m_target.sourceAddressStride = 256;
        }
        return true;
    }
    if (forced > 1) {
        // Only a URL target gets here (the embedded server listens on 127.0.0.1), so nothing
        // has been started yet.
        return refuse(StartFailure::BadInput,
                      tr("\"sourceAddresses\": %1 needs a plain IPv4 loopback target (ws://127.0.0.1:PORT/ or http://...); this run targets %2")
                          .arg(forced).arg(targetDescription()));
    }
    return true;
}

bool Runner::startServer(const ServerConfig &scenarioConfig)
{
    if (m_externalServer) {
        if (!m_externalServer->isListening() && !m_externalServer->isRunning())
            return refuse(StartFailure::Runtime, tr("the embedded server is not running"));
        m_server = m_externalServer;
        return true;
    }
    ServerConfig config = scenarioConfig;
    config.address = QHostAddress::LocalHost;
    config.port = 0;
    m_ownedServer = std::make_unique<Server>(config);
    m_ownedServer->setFrameTap(m_frameTap);
    if (!m_ownedServer->start()) {
        refuse(StartFailure::Runtime, tr("the embedded server did not start: %1").arg(m_ownedServer->errorString()));
        m_ownedServer.reset();
        return false;
    }
    m_server = m_ownedServer.get();
    return true;
}

bool Runner::startCluster(const ServerConfig &scenarioConfig)
{
    m_cluster = std::make_unique<StagedCluster>(m_scenario->staging, scenarioConfig);
    if (!m_instanceExecutable.isEmpty())
        m_cluster->setExecutable(m_instanceExecutable);
    m_cluster->setExpectedClients(m_scenario->peakClients());
    connect(m_cluster.get(), &StagedCluster::eventOccurred, this, [this](const QString &description) {
        if (m_running)
            m_aggregator.markEvent(description, TimelineEvent::Kind::Fault);
    });
    if (!m_cluster->start(seconds(60))) {
        const QString error = m_cluster->errorString();
        m_cluster.reset();
        return refuse(StartFailure::Runtime, tr("the instances did not start: %1").arg(error));
    }
    // Through nginx when there is one; else each connect attempt goes to the next instance.
    if (m_cluster->proxyPort() != 0) {
        m_target = SimTarget::embeddedServer(m_cluster->proxyPort());
    } else {
        m_target = SimTarget::embeddedServer(m_cluster->instancePorts().value(0));
        m_target.instancePorts = m_cluster->instancePorts();
    }
    m_target.token = scenarioConfig.token;
    return true;
}

void Runner::startPools()
{
    const int count = poolCount();
    const bool epoll = eventLoop() == ServerConfig::EventLoop::Epoll;
    const qint64 runStartNs = m_aggregator.startNs();
    for (int i = 0; i < count; ++i) {
        auto entry = std::make_unique<PoolThread>();
        entry->thread = new QThread;
        entry->thread->setObjectName(QStringLiteral("client-pool-%1").arg(i));
        // The same event loop as the server's workers: Qt's stock dispatcher polls every socket
        // on every wake-up, which a pool of thousands of clients cannot afford (`--event-loop qt`
        // keeps it, to compare).
        if (epoll)
            entry->thread->setEventDispatcher(new EpollEventDispatcher);
        entry->pool = new ClientPool(m_scenario, m_target, i, count);
        if (!m_server)
            entry->pool->setFrameTap(m_frameTap);
        entry->pool->moveToThread(entry->thread);
        connect(entry->thread, &QThread::finished, entry->pool, &QObject::deleteLater);
        connect(entry->pool, &ClientPool::stopped, this, &Runner::onPoolStopped, Qt::QueuedConnection);
        m_aggregator.addRecorder(&entry->pool->recorder());
        entry->thread->start();
        ClientPool *pool = entry->pool;
        QMetaObject::invokeMethod(pool, [pool, runStartNs] { pool->start(runStartNs); }, Qt::QueuedConnection);
        m_pools.push_back(std::move(entry));
    }
}

void Runner::releasePools()
{
    for (auto &entry : m_pools)
        m_aggregator.removeRecorder(&entry->pool->recorder());
    m_pools.clear(); // quits and joins the pool threads; each pool is deleted in its thread
}

void Runner::scheduleFaults()
{
    const auto at = [this](milliseconds when, std::function<void()> action) {
        auto *timer = new QTimer(this);
        timer->setSingleShot(true);
        timer->setTimerType(Qt::PreciseTimer);
        connect(timer, &QTimer::timeout, this, std::move(action));
        timer->start(when);
        m_faultTimers.push_back(timer);
    };
    for (const scenario::FaultStep &step : m_scenario->faults) {
        at(step.at, [this, step] { applyFault(step); });
        // Restart and refuseConnections end by themselves; dropConnections is a moment.
        const bool hasEnd = step.duration.count() > 0
            && step.action != scenario::FaultAction::Restart
            && step.action != scenario::FaultAction::RefuseConnections
            && step.action != scenario::FaultAction::DropConnections;
        if (hasEnd)
            at(step.at + step.duration, [this, step] { endFault(step); });
    }
}

void Runner::applyFault(const scenario::FaultStep &step)
{
    if (m_cluster && m_running) {
        QString text;
        switch (step.action) {
        case scenario::FaultAction::KillInstance: text = m_cluster->killInstance(step.instance, step.duration); break;
        case scenario::FaultAction::BrokerDown: text = m_cluster->brokerDown(step.duration, step.brokerPaused); break;
        case scenario::FaultAction::PartitionInstance: text = m_cluster->partitionInstance(step.instance, step.duration); break;
        default: return; // the loader allows only these with instances
        }
        m_aggregator.markEvent(text, step.action == scenario::FaultAction::KillInstance ? TimelineEvent::Kind::ConnectionFault
                                                                                        : TimelineEvent::Kind::Fault);
        Q_EMIT faultApplied(text);
        return;
    }
    if (!m_server || !m_running)
        return;
    const QString text = faultDescription(step);
    bool cutsConnections = false;
    switch (step.action) {
    case scenario::FaultAction::Restart:
        m_server->restart(step.duration.count() > 0 ? step.duration : milliseconds(1000));
        cutsConnections = true;
        break;
    case scenario::FaultAction::DropConnections:
        m_server->dropConnections(step.percent / 100.0);
        cutsConnections = true;
        break;
    case scenario::FaultAction::Latency:
        m_server->setAddedLatency(step.latency, step.jitter);
        break;
    case scenario::FaultAction::DropMessages:
        m_server->setMessageDropRate(step.percent / 100.0);
        break;
    case scenario::FaultAction::IgnorePings:
        m_server->setPingsIgnored(true);
        break;
    case scenario::FaultAction::StopReading:
        m_server->setReadingStopped(true);
        break;
    case scenario::FaultAction::RefuseConnections:
        m_server->refuseConnections(step.duration);
        break;
    case scenario::FaultAction::KillInstance:
    case scenario::FaultAction::BrokerDown:
    case scenario::FaultAction::PartitionInstance:
        return; // staged instances only (above)
    }
    m_aggregator.markEvent(text, cutsConnections ? TimelineEvent::Kind::ConnectionFault : TimelineEvent::Kind::Fault);
    Q_EMIT faultApplied(text);
}

void Runner::endFault(const scenario::FaultStep &step)
{
    if (!m_server || !m_running)
        return;
    switch (step.action) {
    case scenario::FaultAction::Latency: m_server->setAddedLatency(milliseconds(0), milliseconds(0)); break;
    case scenario::FaultAction::DropMessages: m_server->setMessageDropRate(0); break;
    case scenario::FaultAction::IgnorePings: m_server->setPingsIgnored(false); break;
    case scenario::FaultAction::StopReading: m_server->setReadingStopped(false); break;
    default: return;
    }
    m_aggregator.markEvent(tr("end of %1").arg(faultDescription(step)), TimelineEvent::Kind::Fault);
}

void Runner::onSnapshot(const MetricsSnapshot &snapshot)
{
    if (m_cluster) {
        // The staged instances' own view rides along with the clients' (sampled once a second).
        MetricsSnapshot withInstances = snapshot;
        for (const StagedCluster::InstanceStats &stats : m_cluster->instanceStats()) {
            MetricsSnapshot::Instance instance;
            instance.listening = stats.listening;
            instance.open = stats.listening ? stats.openWebSocket + stats.openSse + stats.openPoll : 0;
            instance.deliveredPerSecond = stats.deliveredPerSecond;
            instance.crossInstanceLatencyMs = stats.busLatencyIntervalMs;
            instance.brokerUp = stats.brokerUp;
            instance.brokerRoundTripMs = stats.brokerRoundTripMs;
            withInstances.instances.push_back(instance);
            withInstances.presenceJoinsPerSecond = std::max(withInstances.presenceJoinsPerSecond, stats.presenceJoinsPerSecond);
            withInstances.presenceLeavesPerSecond = std::max(withInstances.presenceLeavesPerSecond, stats.presenceLeavesPerSecond);
        }
        Q_EMIT snapshotReady(withInstances);
    } else {
        Q_EMIT snapshotReady(snapshot);
    }
    if (!m_running || m_finishing)
        return;
    const ThresholdEvaluator evaluator(snapshot, m_aggregator.timeline());
    if (const std::optional<ThresholdResult> failed = evaluator.evaluateForAbort(m_scenario->thresholds))
        finish(tr("threshold %1 failed during the run: %2").arg(failed->threshold.metric, failed->message()), true);
}

void Runner::stop(const QString &reason)
{
    if (m_running)
        finish(reason.isEmpty() ? tr("stopped") : reason, false);
}

void Runner::finish(const QString &abortReason, bool abortedByThreshold)
{
    if (m_finishing)
        return;
    m_finishing = true;
    m_abortReason = abortReason;
    m_abortedByThreshold = abortedByThreshold;
    m_endTimer.stop();
    for (QTimer *timer : m_faultTimers)
        timer->stop();
    m_report.durationNs = MonotonicClock::nowNs() - m_aggregator.startNs();
    m_poolsStopping = int(m_pools.size());
    for (auto &entry : m_pools) {
        ClientPool *pool = entry->pool;
        QMetaObject::invokeMethod(pool, [pool] { pool->stop(); }, Qt::QueuedConnection);
    }
    if (m_poolsStopping == 0)
        complete();
}

void Runner::onPoolStopped()
{
    if (--m_poolsStopping == 0)
        complete();
}

void Runner::reconcileDeliveries(MetricsSnapshot &last) const
{
    // The pools have stopped (each said so through a queued signal), so their ledgers are read
    // here without a lock.
    std::vector<const DeliveryLedger *> ledgers;
    for (const auto &entry : m_pools)
        ledgers.push_back(&entry->pool->ledger());
    const std::vector<DeliveryReconciler::GroupResult> results
        = DeliveryReconciler::reconcile(*m_scenario, ledgers, MonotonicClock::nowNs());
    quint64 lost = 0;
    for (size_t g = 0; g < last.groups.size() && g < results.size(); ++g) {
        GroupMetrics &group = last.groups[g];
        const DeliveryReconciler::GroupResult &result = results[g];
        if (result.accounted) {
            // What was counted live from gaps gives way to what the senders' logs prove.
            group.total.lost = group.total.lost - std::min(group.total.lost, result.liveLost) + result.lost();
            group.reconciled = true;
            group.reconciledExpected = result.expected;
            group.reconciledReceived = result.received;
        }
        lost += group.total.lost;
    }
    last.all.total.lost = lost;
    last.all.reconciled = std::any_of(results.cbegin(), results.cend(), [](const auto &r) { return r.accounted; });
    for (const DeliveryReconciler::GroupResult &result : results) {
        last.all.reconciledExpected += result.expected;
        last.all.reconciledReceived += result.received;
    }
}

void Runner::complete()
{
    // The pools have published their last numbers: one final tick takes them.
    MetricsSnapshot last = m_aggregator.tickNow();
    m_aggregator.stop();
    m_running = false;
    reconcileDeliveries(last);

    m_report.scenarioName = m_scenario->name;
    m_report.sourceFile = m_scenario->sourceFile;
    m_report.scenario = Redaction::json(m_scenario->source); // a report is shared; its token is not
    m_report.target = targetDescription();
    m_report.startTime = m_startTime;
    m_report.finalSnapshot = last;
    m_report.timeline = m_aggregator.timeline();
    m_report.groupTimelines = m_aggregator.groupTimelines();
    const ThresholdEvaluator evaluator(last, m_aggregator.timeline());
    m_report.thresholds = evaluator.evaluate(m_scenario->thresholds);
    m_report.aborted = !m_abortReason.isEmpty();
    m_report.abortReason = m_abortReason;
    m_report.exitCode = (m_abortedByThreshold || !m_report.thresholdsPassed()) ? exitThresholdFailed : exitPassed;

    releasePools();
    if (m_ownedServer)
        m_ownedServer->stopAndWait(seconds(5));
    if (m_cluster) {
        // The instances' own numbers at the end, for the report, before they stop.
        m_cluster->sampleNow(seconds(3));
        m_report.staging = m_cluster->toJson();
        m_cluster->stop();
    }
    m_finished = true;
    Q_EMIT finished(m_report.exitCode);
}
