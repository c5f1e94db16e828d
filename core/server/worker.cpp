#include "worker.h"

#include "channel.h"
#include "delayline.h"
#include "httpconnection.h"
#include "servercontext.h"
#include "serversocket.h"
#include "subscriber.h"
#include "wssession.h"
#include "metrics/monotonicclock.h"

#include <QRandomGenerator>
#include <QWebSocket>
#include <QWebSocketServer>

using namespace std::chrono_literals;

namespace {

constexpr auto housekeepingInterval = 100ms;
// Channels: cache entries are let go, and idle channels evicted, once a second.
constexpr quint64 channelSweepTicks = 10;

QString peerKey(const QHostAddress &address, quint16 port)
{
    return address.toString() + QLatin1Char('|') + QString::number(port);
}

} // namespace

Worker::Worker(ServerContext &context, int index)
    : m_context(context)
    , m_index(index)
    , m_counters(context.counters.at(size_t(index)).get())
    , m_inbox([this] {
        // Runs on the publisher's thread; one queued call per batch, not per message.
        QMetaObject::invokeMethod(this, &Worker::drainInbox, Qt::QueuedConnection);
    })
    , m_deadlines(housekeepingInterval)
{
}

Worker::~Worker() = default;

void Worker::setTls(const QSslConfiguration &configuration)
{
    m_tls = configuration;
}

void Worker::initialize()
{
    m_wsServer = new QWebSocketServer(QStringLiteral("SocketScope"), QWebSocketServer::NonSecureMode, this);
    m_wsServer->setMaxPendingConnections(1 << 20);
    m_wsServer->setHandshakeTimeout(m_context.config.headTimeout);
    connect(m_wsServer, &QWebSocketServer::newConnection, this, &Worker::onNewWebSocket);

    m_delayLine = new DelayLine([this](DelayLine::Item &item) {
        Subscriber *subscriber = m_subscribersById.value(item.subscriberId);
        if (!subscriber)
            return;
        --subscriber->delayedPending;
        if (subscriber->isClosing())
            return;
        if (item.message)
            subscriber->deliver(item.message);
        else
            subscriber->writeNow(item.bytes);
    }, this);

    m_housekeeping = new QTimer(this);
    m_housekeeping->setInterval(housekeepingInterval);
    connect(m_housekeeping, &QTimer::timeout, this, &Worker::onHousekeeping);
    m_housekeeping->start();

    m_drainDeadline = new QTimer(this);
    m_drainDeadline->setSingleShot(true);
    connect(m_drainDeadline, &QTimer::timeout, this, &Worker::abortEverything);
}

void Worker::acceptConnection(qintptr descriptor)
{
    auto *socket = new ServerSocket(m_context.faults);
    // With TLS the handshake starts now and runs on the head timeout's clock (HttpConnection).
    const bool adopted = m_tls ? socket->setEncryptedSocketDescriptor(descriptor, *m_tls, &m_counters->tlsHandshakeFailures)
                               : socket->setSocketDescriptor(descriptor);
    if (!adopted) {
        delete socket;
        return;
    }
    if (m_draining) {
        socket->hardAbort();
        delete socket;
        return;
    }
    socket->setSocketOption(QAbstractSocket::LowDelayOption, 1);
    auto *connection = new HttpConnection(*this, socket);
    adopt(connection);
    if (m_readingStopped)
        connection->setReadingStopped(true);
}

quint64 Worker::awaitPublish(HttpConnection *connection)
{
    const quint64 token = nextConnectionId();
    m_awaitingPublish.insert(token, connection);
    return token;
}

void Worker::answerPublish(quint64 token, const Channel::Published &published)
{
    if (HttpConnection *connection = m_awaitingPublish.take(token))
        connection->answerPublish(published);
}

quint64 Worker::awaitAnswer(WsSession *session)
{
    const quint64 token = nextConnectionId();
    m_awaitingAnswer.insert(token, session);
    return token;
}

bool Worker::answerSession(quint64 token, const std::function<void(WsSession &)> &answer)
{
    WsSession *session = m_awaitingAnswer.take(token);
    if (!session)
        return false;
    answer(*session);
    return true;
}

void Worker::adopt(HttpConnection *connection)
{
    m_http.insert(connection);
}

void Worker::forget(HttpConnection *connection)
{
    m_http.remove(connection);
    checkDrained();
}

void Worker::forget(WsSession *session)
{
    m_sessions.remove(session);
    checkDrained();
}

Channel *Worker::channelFor(const QString &name)
{
    const quint64 sweep = m_housekeepingTicks / channelSweepTicks;
    const auto cached = m_channels.find(name);
    if (cached != m_channels.end()) {
        cached->usedInSweep = sweep;
        return cached->ref.get();
    }
    ChannelRef ref = m_context.hub.channel(name);
    if (!ref)
        return nullptr;
    Channel *channel = ref.get();
    m_channels.insert(name, {std::move(ref), sweep});
    return channel;
}

void Worker::releaseUnusedChannels()
{
    // Entries not used in the sweep period before this one and with no subscriber here. What a
    // connection took with channelFor() is used within one event-loop turn or subscribed to.
    const quint64 sweep = m_housekeepingTicks / channelSweepTicks;
    for (auto it = m_channels.begin(); it != m_channels.end();) {
        if (it->usedInSweep + 1 < sweep && !m_subscribers.contains(it->ref->id()))
            it = m_channels.erase(it);
        else
            ++it;
    }
}

ReplayBuffer::Slice Worker::subscribe(Subscriber *subscriber, Channel *channel, std::optional<quint64> resumeAfter)
{
    ReplayBuffer::Slice slice;
    if (resumeAfter) {
        slice = channel->since(*resumeAfter);
        ServerCounters::add(m_counters->replayed, quint64(slice.messages.size()));
        if (slice.reset)
            ServerCounters::add(m_counters->resets);
    } else {
        slice.latest = channel->latest();
    }
    // Everything up to slice.latest is either in the slice or before the resume point; anything
    // newer reaches this worker's inbox after this point, and the inbox is drained on this thread.
    subscriber->subscriberId = nextConnectionId();
    subscriber->channel = channel;
    subscriber->joinSeq = slice.latest;
    subscriber->lastSeq = slice.latest;
    m_subscribers[channel->id()].append(subscriber);
    m_subscribersById.insert(subscriber->subscriberId, subscriber);
    channel->addSubscriber();
    return slice;
}

ReplayBuffer::Slice Worker::resync(Subscriber *subscriber, quint64 since)
{
    ReplayBuffer::Slice slice = subscriber->channel->since(since);
    // Messages after joinSeq up to lastSeq were already sent live: drop them from the replay,
    // except those the message-drop fault kept from live delivery.
    QList<MessagePtr> wanted;
    wanted.reserve(slice.messages.size());
    for (const MessagePtr &message : std::as_const(slice.messages)) {
        if (message->seq > subscriber->joinSeq && message->seq <= subscriber->lastSeq && !message->liveDeliveryDropped)
            continue;
        wanted.append(message);
    }
    slice.messages = std::move(wanted);
    subscriber->lastSeq = qMax(subscriber->lastSeq, slice.latest);
    ServerCounters::add(m_counters->replayed, quint64(slice.messages.size()));
    if (slice.reset)
        ServerCounters::add(m_counters->resets);
    return slice;
}

void Worker::unsubscribe(Subscriber *subscriber)
{
    if (!subscriber->channel)
        return;
    auto it = m_subscribers.find(subscriber->channel->id());
    if (it != m_subscribers.end()) {
        it->removeOne(subscriber);
        if (it->isEmpty())
            m_subscribers.erase(it);
    }
    m_subscribersById.remove(subscriber->subscriberId);
    subscriber->channel->removeSubscriber();
    subscriber->channel = nullptr;
}

qint64 Worker::dueTimeFor(Subscriber *subscriber)
{
    const FaultState &faults = m_context.faults;
    qint64 delayMs = faults.addedLatency().count();
    const qint64 jitterMs = faults.latencyJitter().count();
    if (jitterMs > 0)
        delayMs += QRandomGenerator::global()->bounded(-jitterMs, jitterMs + 1);
    const qint64 due = qMax(MonotonicClock::nowNs() + qMax<qint64>(0, delayMs) * 1'000'000, subscriber->lastDueNs);
    subscriber->lastDueNs = due;
    ++subscriber->delayedPending;
    return due;
}

void Worker::send(Subscriber *subscriber, const QByteArray &bytes)
{
    if (subscriber->subscriberId != 0 && (m_context.faults.hasAddedLatency() || subscriber->delayedPending > 0)) {
        m_delayLine->schedule(dueTimeFor(subscriber), {subscriber->subscriberId, {}, bytes});
        return;
    }
    subscriber->writeNow(bytes);
}

void Worker::drainInbox()
{
    const std::vector<MessagePtr> batch = m_inbox.takeAll();
    const bool delayed = m_context.faults.hasAddedLatency();
    // Each subscriber's share of the batch leaves in one system call when this scope ends.
    const ServerSocket::WriteBatch writes;
    for (const MessagePtr &message : batch) {
        const auto it = m_subscribers.constFind(message->sourceId);
        if (it == m_subscribers.constEnd())
            continue;
        // A copy (implicitly shared): a subscriber closing during delivery may unsubscribe.
        const QList<Subscriber *> subscribers = *it;
        for (Subscriber *subscriber : subscribers) {
            if (subscriber->isClosing())
                continue;
            // Unnumbered messages (delivered locally while the broker is away) skip the cursor.
            if (message->seq != 0) {
                if (message->seq <= subscriber->lastSeq)
                    continue;
                subscriber->lastSeq = message->seq;
            }
            if (delayed || subscriber->delayedPending > 0)
                m_delayLine->schedule(dueTimeFor(subscriber), {subscriber->subscriberId, message, {}});
            else
                subscriber->deliver(message);
        }
    }
}

void Worker::upgradeToWebSocket(ServerSocket *socket, WsAdmission admission)
{
    const QString key = peerKey(socket->peerAddress(), socket->peerPort());
    socket->setParent(this);
    m_upgrading.insert(key, {socket, std::move(admission)});
    // A handshake QWebSocketServer rejects (or times out) ends with the socket disconnected.
    connect(socket, &QAbstractSocket::disconnected, this, [this, key, socket] {
        auto it = m_upgrading.find(key);
        if (it == m_upgrading.end() || it->socket != socket)
            return;
        if (it->admission.holdsAddressSlot)
            m_context.limiter.release(it->admission.peer);
        m_upgrading.erase(it);
        socket->deleteLater();
        checkDrained();
    });
    m_wsServer->handleConnection(socket);
}

void Worker::onNewWebSocket()
{
    while (m_wsServer->hasPendingConnections()) {
        QWebSocket *webSocket = m_wsServer->nextPendingConnection();
        const QString key = peerKey(webSocket->peerAddress(), webSocket->peerPort());
        auto it = m_upgrading.find(key);
        if (it == m_upgrading.end()) {
            webSocket->abort();
            webSocket->deleteLater();
            continue;
        }
        Upgrade upgrade = std::move(it.value());
        m_upgrading.erase(it);
        QObject::disconnect(upgrade.socket, &QAbstractSocket::disconnected, this, nullptr);
        auto *session = new WsSession(*this, webSocket, upgrade.socket, std::move(upgrade.admission));
        m_sessions.insert(session);
        session->start();
        if (m_draining)
            session->closeGoingAway();
        else if (m_readingStopped)
            session->setReadingStopped(true);
    }
}

void Worker::onHousekeeping()
{
    m_deadlines.advance(MonotonicClock::nowNs());
    if (++m_housekeepingTicks % channelSweepTicks != 0)
        return;
    releaseUnusedChannels();
    // One worker evicts for all: the hub's write lock briefly stops channel lookups everywhere.
    const auto idle = m_context.config.channelIdleTimeout;
    if (m_index == 0 && idle.count() > 0)
        m_context.hub.evictIdle(std::chrono::duration_cast<std::chrono::nanoseconds>(idle).count());
}

void Worker::beginDrain()
{
    m_draining = true;
    const QSet<WsSession *> sessions = m_sessions;
    for (WsSession *session : sessions)
        session->closeGoingAway();
    const QSet<HttpConnection *> http = m_http;
    for (HttpConnection *connection : http)
        connection->closeGracefully();
    for (auto &upgrade : m_upgrading)
        upgrade.socket->hardAbort();
    m_drainDeadline->start(m_context.config.shutdownGrace);
    checkDrained();
}

void Worker::checkDrained()
{
    if (!m_draining || connectionCount() > 0 || !m_drainDeadline->isActive())
        return;
    m_drainDeadline->stop();
    Q_EMIT drained(m_index);
}

void Worker::abortEverything()
{
    const QSet<WsSession *> sessions = m_sessions;
    for (WsSession *session : sessions)
        session->abortNow();
    const QSet<HttpConnection *> http = m_http;
    for (HttpConnection *connection : http)
        connection->abortNow();
    const auto upgrading = m_upgrading;
    for (const auto &upgrade : upgrading)
        upgrade.socket->hardAbort();
    if (m_draining)
        Q_EMIT drained(m_index);
}

void Worker::resume()
{
    m_draining = false;
}

void Worker::dropConnections(double fraction)
{
    auto *random = QRandomGenerator::global();
    const QSet<WsSession *> sessions = m_sessions;
    for (WsSession *session : sessions) {
        if (random->generateDouble() < fraction) {
            ServerCounters::add(m_counters->faultDroppedConnections);
            session->resetNow();
        }
    }
    const QSet<HttpConnection *> http = m_http;
    for (HttpConnection *connection : http) {
        if (random->generateDouble() < fraction) {
            ServerCounters::add(m_counters->faultDroppedConnections);
            connection->resetNow();
        }
    }
}

void Worker::applyReadingStopped(bool stopped)
{
    m_readingStopped = stopped;
    const QSet<WsSession *> sessions = m_sessions;
    for (WsSession *session : sessions)
        session->setReadingStopped(stopped);
    const QSet<HttpConnection *> http = m_http;
    for (HttpConnection *connection : http)
        connection->setReadingStopped(stopped);
}

void Worker::shutdown()
{
    // Called on this thread just before it ends: nothing may outlive the event loop, and no
    // timer may be left for the destructor, which runs on the owner's thread.
    m_draining = true;
    m_housekeeping->stop();
    m_drainDeadline->stop();
    delete m_delayLine;
    m_delayLine = nullptr;
    const QSet<WsSession *> sessions = m_sessions;
    for (WsSession *session : sessions)
        delete session;
    const QSet<HttpConnection *> http = m_http;
    for (HttpConnection *connection : http)
        delete connection;
    for (auto &upgrade : m_upgrading) {
        if (upgrade.admission.holdsAddressSlot)
            m_context.limiter.release(upgrade.admission.peer);
        QObject::disconnect(upgrade.socket, nullptr, this, nullptr);
        delete upgrade.socket;
    }
    m_upgrading.clear();
    delete m_wsServer;
    m_wsServer = nullptr;
}
