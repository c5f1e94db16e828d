#include "server.h"

#include "channelhub.h"
#include "broker/brokerbridge.h"
#include "broker/brokerurl.h"
#include "broker/natsbroker.h"
#include "broker/redisbroker.h"
#include "eventloop/epolleventdispatcher.h"
#include "listener.h"
#include "presence/brokerpresence.h"
#include "servercontext.h"
#include "worker.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QEventLoop>
#include <QJsonObject>
#include <QSslSocket>
#include <QThread>

#include <utility>

using namespace std::chrono_literals;

Server::Server(ServerConfig config, QObject *parent)
    : QObject(parent)
    , m_config(std::move(config))
{
    m_relistenTimer.setSingleShot(true);
    connect(&m_relistenTimer, &QTimer::timeout, this, &Server::tryRelisten);
}

Server::~Server()
{
    if (!m_workers.empty()) {
        closeListener();
        finishStop();
    }
}

bool Server::start()
{
    if (m_phase != Phase::Idle) {
        m_error = tr("the server is already running");
        return false;
    }
    m_error = m_config.validate();
    if (!m_error.isEmpty())
        return false;
    if (!loadTlsIdentity())
        return false;

    std::unique_ptr<JwtVerifier> jwt;
    if (m_config.usesJwt()) {
        const std::optional<JwtKey> key = JwtKey::load(m_config.jwtAlgorithm, m_config.jwtSecret, m_config.jwtPublicKeyFile,
                                                       JwtKey::Use::Verify, &m_error);
        if (!key)
            return false;
        jwt = std::make_unique<JwtVerifier>(*key);
    }

    m_context = std::make_unique<ServerContext>(m_config);
    m_context->jwt = std::move(jwt);
    m_context->startedMs = QDateTime::currentMSecsSinceEpoch();
    m_context->localPresence = std::make_unique<LocalPresence>(presenceAnnouncer(m_context->hub));
    m_context->presence = m_context->localPresence.get();
    m_context->frameTap.attach(m_frameTap);
    const int workerCount = m_config.effectiveWorkers();
    std::vector<DeliveryQueue *> queues;
    for (int i = 0; i < workerCount; ++i)
        m_context->counters.push_back(std::make_unique<ServerCounters>());
    for (int i = 0; i < workerCount; ++i) {
        auto *thread = new QThread;
        thread->setObjectName(QStringLiteral("server-worker-%1").arg(i));
        if (m_config.eventLoop == ServerConfig::EventLoop::Epoll)
            thread->setEventDispatcher(new EpollEventDispatcher);
        auto *worker = new Worker(*m_context, i);
        if (m_config.usesTls())
            worker->setTls(m_tlsIdentity.serverConfiguration());
        worker->moveToThread(thread);
        connect(worker, &Worker::drained, this, &Server::onWorkerDrained, Qt::QueuedConnection);
        thread->start();
        QMetaObject::invokeMethod(worker, &Worker::initialize, Qt::BlockingQueuedConnection);
        m_threads.push_back(thread);
        m_workers.push_back(worker);
        queues.push_back(&worker->inbox());
    }
    m_context->hub.setWorkerQueues(std::move(queues));
    FaultState *faults = &m_context->faults;
    m_context->hub.setLiveDropDecider([faults] { return faults->shouldDropMessage(); });
    if (!startBroker()) {
        finishStop();
        return false;
    }

    // m_workers is fixed until finishStop() has stopped this thread; m_nextWorker is only
    // touched on the accept thread.
    m_listener = new Listener([this](qintptr descriptor) {
        Worker *worker = m_workers[size_t(m_nextWorker++ % int(m_workers.size()))];
        QMetaObject::invokeMethod(worker, [worker, descriptor] { worker->acceptConnection(descriptor); },
                                  Qt::QueuedConnection);
    }, m_context->acceptPausesNoDescriptors);
    m_acceptThread = new QThread;
    m_acceptThread->setObjectName(QStringLiteral("server-accept"));
    if (m_config.eventLoop == ServerConfig::EventLoop::Epoll)
        m_acceptThread->setEventDispatcher(new EpollEventDispatcher);
    m_listener->moveToThread(m_acceptThread);
    m_acceptThread->start();
    m_port = m_config.port;
    if (!listen()) {
        finishStop();
        return false;
    }
    m_phase = Phase::Running;
    Q_EMIT listeningChanged(true);
    return true;
}

bool Server::loadTlsIdentity()
{
    m_tlsIdentity = TlsIdentity();
    if (!m_config.usesTls())
        return true;
    if (!QSslSocket::supportsSsl()) {
        m_error = tr("TLS is not available: Qt found no TLS backend (it needs OpenSSL 3: %1)")
                      .arg(QSslSocket::sslLibraryBuildVersionString());
        return false;
    }
    QString error;
    if (m_config.tlsSelfSigned) {
        // A new pair at every start: nothing to keep secret on disk, and nothing that outlives the
        // server. Valid for a year, for this machine's names and the bound address.
        QStringList names;
        QList<QHostAddress> addresses;
        TlsIdentity::namesFor(m_config.address, &names, &addresses);
        m_tlsIdentity = TlsIdentity::generateSelfSigned(names, addresses, std::chrono::hours(24 * 365), &error);
        if (!m_tlsIdentity.isNull() && !m_config.tlsCertificateOut.isEmpty())
            m_tlsIdentity.writeCertificate(m_config.tlsCertificateOut, &error);
    } else {
        m_tlsIdentity = TlsIdentity::fromPemFiles(m_config.tlsCertificateFile, m_config.tlsKeyFile,
                                                  m_config.tlsKeyPassphrase, &error);
    }
    if (m_tlsIdentity.isNull() || !error.isEmpty()) {
        m_tlsIdentity = TlsIdentity();
        m_error = error;
        return false;
    }
    return true;
}

void Server::setFrameTap(std::shared_ptr<FrameTap> tap)
{
    m_frameTap = std::move(tap);
    if (m_context)
        m_context->frameTap.attach(m_frameTap);
}

bool Server::listen()
{
    bool ok = false;
    QString error;
    quint16 port = 0;
    Listener *listener = m_listener;
    const QHostAddress address = m_config.address;
    const quint16 wanted = m_port;
    const int backlog = m_config.listenBacklog;
    QMetaObject::invokeMethod(listener, [&] {
        // A large backlog: with the default, bursts of connects lose SYNs and stall a second.
        listener->setListenBacklogSize(backlog);
        ok = listener->listen(address, wanted);
        error = listener->errorString();
        port = listener->serverPort();
    }, Qt::BlockingQueuedConnection);
    if (!ok) {
        m_error = tr("cannot listen on %1:%2: %3").arg(address.toString()).arg(wanted).arg(error);
        return false;
    }
    m_port = port;
    m_listening = true;
    return true;
}

void Server::closeListener()
{
    if (!m_listener || !m_listening)
        return;
    Listener *listener = m_listener;
    QMetaObject::invokeMethod(listener, [listener] { listener->close(); }, Qt::BlockingQueuedConnection);
    m_listening = false;
    Q_EMIT listeningChanged(false);
}

bool Server::isListening() const
{
    return m_listening;
}

void Server::stop()
{
    if (m_phase == Phase::Idle || m_phase == Phase::Stopping) {
        if (m_phase == Phase::Idle)
            QMetaObject::invokeMethod(this, &Server::stopped, Qt::QueuedConnection);
        return;
    }
    m_phase = Phase::Stopping;
    m_relistenTimer.stop();
    closeListener();
    drainWorkers([this] { finishStop(); });
}

bool Server::stopAndWait(std::chrono::milliseconds timeout)
{
    if (m_phase == Phase::Idle)
        return true;
    QEventLoop loop;
    connect(this, &Server::stopped, &loop, &QEventLoop::quit);
    QTimer::singleShot(timeout, &loop, &QEventLoop::quit);
    stop();
    if (m_phase != Phase::Idle)
        loop.exec();
    return m_phase == Phase::Idle;
}

void Server::drainWorkers(std::function<void()> whenDrained)
{
    m_drainPending = int(m_workers.size());
    m_whenDrained = std::move(whenDrained);
    for (Worker *worker : m_workers)
        QMetaObject::invokeMethod(worker, &Worker::beginDrain, Qt::QueuedConnection);
}

void Server::onWorkerDrained()
{
    if (m_drainPending <= 0 || --m_drainPending > 0)
        return;
    if (auto next = std::exchange(m_whenDrained, nullptr))
        next();
}

void Server::finishStop()
{
    m_relistenTimer.stop();
    // The accept thread first: nothing may be dispatched to a worker that is going away.
    if (m_acceptThread) {
        closeListener();
        m_acceptThread->quit();
        m_acceptThread->wait();
        delete m_listener;
        delete m_acceptThread;
        m_listener = nullptr;
        m_acceptThread = nullptr;
    }
    for (size_t i = 0; i < m_workers.size(); ++i) {
        QMetaObject::invokeMethod(m_workers[i], &Worker::shutdown, Qt::BlockingQueuedConnection);
        m_threads[i]->quit();
        m_threads[i]->wait();
    }
    // No worker publishes any more; what the bridge still delivers goes to inboxes that are
    // deleted with their workers below.
    stopBroker();
    for (size_t i = 0; i < m_workers.size(); ++i) {
        delete m_workers[i];
        delete m_threads[i];
    }
    m_workers.clear();
    m_threads.clear();

    m_drainPending = 0;
    m_whenDrained = nullptr;
    const bool wasRunning = m_phase != Phase::Idle;
    m_phase = Phase::Idle;
    if (wasRunning)
        Q_EMIT stopped();
}

void Server::restart(std::chrono::milliseconds downtime)
{
    if (m_phase != Phase::Running)
        return;
    m_phase = Phase::Restarting;
    closeListener();
    drainWorkers([this, downtime] {
        for (Worker *worker : m_workers)
            QMetaObject::invokeMethod(worker, &Worker::resume, Qt::QueuedConnection);
        m_relistenTimer.start(downtime);
    });
}

void Server::tryRelisten()
{
    if (m_phase == Phase::Stopping || m_phase == Phase::Idle || !m_listener)
        return;
    if (m_context->faults.isRefusing())
        return; // refuseConnections() listens again when its time is up
    if (!listen()) {
        Q_EMIT errorOccurred(m_error);
        m_relistenTimer.start(200ms);
        return;
    }
    const bool wasRestarting = m_phase == Phase::Restarting;
    m_phase = Phase::Running;
    Q_EMIT listeningChanged(true);
    if (wasRestarting)
        Q_EMIT restarted();
}

void Server::refuseConnections(std::chrono::milliseconds duration)
{
    if (m_phase != Phase::Running)
        return;
    m_context->faults.setRefusing(true);
    closeListener();
    QTimer::singleShot(duration, this, [this] {
        if (!m_context)
            return;
        m_context->faults.setRefusing(false);
        if (m_phase == Phase::Running && !isListening())
            tryRelisten();
    });
}

bool Server::isRefusing() const
{
    return m_context && m_context->faults.isRefusing();
}

void Server::dropConnections(double fraction)
{
    for (Worker *worker : m_workers)
        QMetaObject::invokeMethod(worker, [worker, fraction] { worker->dropConnections(fraction); }, Qt::QueuedConnection);
}

void Server::setAddedLatency(std::chrono::milliseconds latency, std::chrono::milliseconds jitter)
{
    if (m_context)
        m_context->faults.setAddedLatency(latency, jitter);
}

void Server::setMessageDropRate(double fraction)
{
    if (m_context)
        m_context->faults.setMessageDropRate(fraction);
}

void Server::setPingsIgnored(bool ignored)
{
    if (m_context)
        m_context->faults.setPingsIgnored(ignored);
}

void Server::setReadingStopped(bool stopped)
{
    if (!m_context)
        return;
    m_context->faults.setReadingStopped(stopped);
    for (Worker *worker : m_workers)
        QMetaObject::invokeMethod(worker, [worker, stopped] { worker->applyReadingStopped(stopped); }, Qt::QueuedConnection);
}

ServerStats Server::stats() const
{
    ServerStats stats;
    if (!m_context)
        return stats;
    stats.openWebSocket = m_context->openConnections(ServerCounters::WebSocket);
    stats.openSse = m_context->openConnections(ServerCounters::Sse);
    stats.openPoll = m_context->openConnections(ServerCounters::Poll);
    stats.openHttp = m_context->openConnections(ServerCounters::Http);
    for (const auto &counters : m_context->counters) {
        stats.acceptedWebSocket += counters->accepted[ServerCounters::WebSocket].load(std::memory_order_relaxed);
        for (int p = 0; p < ServerCounters::Http; ++p)
            stats.messagesDelivered += counters->delivered[p].load(std::memory_order_relaxed);
    }
    stats.messagesPublished = m_context->sum(&ServerCounters::messagesPublished);
    stats.droppedByFault = m_context->faults.droppedMessages();
    if (const PresenceDirectory *presence = m_context->presence) {
        stats.presenceJoins = presence->counters().joins.load(std::memory_order_relaxed);
        stats.presenceLeaves = presence->counters().leaves.load(std::memory_order_relaxed);
    }
    return stats;
}

quint64 Server::tlsHandshakeFailures() const
{
    return m_context ? m_context->sum(&ServerCounters::tlsHandshakeFailures) : 0;
}

QByteArray Server::prometheusText() const
{
    return m_context ? m_context->prometheusText() : QByteArray();
}

PresenceDirectory::Announce Server::presenceAnnouncer(ChannelHub &hub)
{
    // docs/server.md, "Presence": {"type":"presence.join","channel":"room","payload":{"user":"alice","members":3}}
    return [&hub](const PresenceDirectory::Change &change) {
        hub.announce(change.channel, change.joined ? QStringLiteral("presence.join") : QStringLiteral("presence.leave"),
                     QJsonObject{{QLatin1String("user"), change.user}, {QLatin1String("members"), change.members}});
    };
}

bool Server::startBroker()
{
    if (m_config.broker.isEmpty())
        return true;
    const std::optional<BrokerUrl> url = BrokerUrl::parse(m_config.broker, &m_error);
    if (!url)
        return false;
    std::unique_ptr<Broker> broker;
    switch (url->kind) {
    case BrokerUrl::Kind::Redis:
        broker = std::make_unique<RedisBroker>(*url);
        break;
    case BrokerUrl::Kind::Nats:
        broker = std::make_unique<NatsBroker>(*url, m_config.replaySize);
        break;
    }
    m_bridge = new BrokerBridge(m_context->hub, std::move(broker), m_config.replaySize);
    if (m_bridge->broker().keepsPresence())
        m_context->presence = new BrokerPresence(m_bridge->broker(), presenceAnnouncer(m_context->hub), m_bridge);
    connect(m_bridge, &BrokerBridge::availabilityChanged, this, [this](bool available, const QString &reason) {
        if (!available && !reason.isEmpty())
            Q_EMIT errorOccurred(tr("broker unavailable: %1").arg(reason));
        Q_EMIT brokerAvailabilityChanged(available);
    }, Qt::QueuedConnection);
    m_busThread = new QThread;
    m_busThread->setObjectName(QStringLiteral("server-bus"));
    m_bridge->moveToThread(m_busThread);
    m_busThread->start();
    m_context->hub.setBridge(m_bridge);
    m_context->broker = &m_bridge->stats();
    QMetaObject::invokeMethod(m_bridge, &BrokerBridge::open, Qt::QueuedConnection);
    // Clients resuming on this instance must find what the broker keeps: wait for the first
    // catch-up (a broker that cannot be reached ends the wait at once; it is caught up later).
    m_bridge->waitUntilCaughtUp(std::chrono::seconds(10));
    return true;
}

void Server::stopBroker()
{
    if (!m_bridge)
        return;
    BrokerBridge *bridge = std::exchange(m_bridge, nullptr);
    QMetaObject::invokeMethod(bridge, [bridge] {
        bridge->close();
        delete bridge;
    }, Qt::BlockingQueuedConnection);
    m_busThread->quit();
    m_busThread->wait();
    delete m_busThread;
    m_busThread = nullptr;
    if (m_context) {
        m_context->hub.setBridge(nullptr);
        m_context->broker = nullptr;
        m_context->presence = m_context->localPresence.get(); // the bridge deleted the broker's
    }
}

const BrokerStats *Server::brokerStats() const
{
    return m_context ? m_context->broker : nullptr;
}

void Server::setCutOffFromBroker(bool cutOff)
{
    if (m_bridge)
        QMetaObject::invokeMethod(m_bridge, [bridge = m_bridge, cutOff] { bridge->setCutOff(cutOff); }, Qt::QueuedConnection);
}

ChannelHub *Server::hub() const
{
    return m_context ? &m_context->hub : nullptr;
}

FaultState *Server::faults() const
{
    return m_context ? &m_context->faults : nullptr;
}
