#include "natsbroker.h"

#include "metrics/monotonicclock.h"

#include <nats/nats.h>

#include <QMutex>

#include <cstring>
#include <utility>

using namespace std::chrono_literals;

namespace {

constexpr auto healthInterval = 250ms;
constexpr qint64 unresponsiveAfterNs = 1'000'000'000;
constexpr auto retryInterval = 500ms;     // JetStream not answering yet, a consumer not made
constexpr int64_t connectTimeoutMs = 1000; // per attempt: reconnecting goes on in the background
constexpr int64_t reconnectWaitMs = 250;
constexpr int64_t reconnectJitterMs = 250; // so that instances that lost the server do not return together
constexpr int64_t requestWaitMs = 2000;    // JetStream API requests (on the worker thread)
constexpr int64_t consumerHeartbeatNs = 1'000'000'000; // libnats recreates a consumer after two missed
constexpr int64_t maxPublishesInFlight = 65536;

const QByteArray streamPrefix = QByteArrayLiteral("SOCKETSCOPE_");
const QByteArray subjectPrefix = QByteArrayLiteral("socketscope.ch.");
// Relayed (ephemeral) messages: core NATS on subjects no stream captures.
const QByteArray relaySubjectPrefix = QByteArrayLiteral("socketscope.eph.");
// JetStream's advisory for every stream created, whoever created it; the last token is the name.
const QByteArray streamCreatedAdvisories = QByteArrayLiteral("$JS.EVENT.ADVISORY.STREAM.CREATED.*");

// Callbacks from libnats' threads carry a token, never a pointer: a token leads to its broker
// only while that broker exists. Each connection gets a new token (all of a broker's tokens lead
// to it until it is destroyed), so a call can tell whether it came from the current connection.
struct Registry
{
    QMutex mutex;
    QHash<quintptr, NatsBroker *> brokers;
    QHash<natsMsg *, quint64> publishes; // messages libnats holds until their PubAck, to our ids
    quintptr lastToken = 0;
};

Registry &registry()
{
    // Never destroyed: libnats' threads may still call back while the process exits.
    static auto *instance = new Registry;
    return *instance;
}

void *closureOf(quintptr token)
{
    return reinterpret_cast<void *>(token);
}

quintptr tokenOf(void *closure)
{
    return reinterpret_cast<quintptr>(closure);
}

QString statusText(natsStatus status)
{
    const char *last = nats_GetLastError(nullptr);
    return QString::fromUtf8(last && *last ? last : natsStatus_GetText(status));
}

QByteArray lastToken(QByteArrayView subject)
{
    return subject.sliced(subject.lastIndexOf('.') + 1).toByteArray();
}

} // namespace

// libnats' objects of one connection. Made and destroyed on the worker thread (connecting and
// closing block); the bus thread uses `js` only for what libnats documents as thread-safe
// (asynchronous publishes, the list of pending ones) and `nc` for core publishes.
struct NatsBroker::Connection
{
    natsConnection *nc = nullptr;
    jsCtx *js = nullptr;
    std::vector<natsSubscription *> subscriptions; // worker thread only

    ~Connection()
    {
        if (nc)
            natsConnection_Close(nc); // no callback runs for this connection afterwards but closed
        for (natsSubscription *subscription : subscriptions)
            natsSubscription_Destroy(subscription);
        if (js)
            jsCtx_Destroy(js);
        if (nc)
            natsConnection_Destroy(nc);
    }
};

struct NatsBroker::Callbacks
{
    static void connected(natsConnection *, void *closure)
    {
        const quintptr token = tokenOf(closure);
        post(token, [token](NatsBroker &broker) {
            if (broker.m_token == token)
                broker.onConnected();
        });
    }

    static void disconnected(natsConnection *, void *closure)
    {
        const quintptr token = tokenOf(closure);
        post(token, [token](NatsBroker &broker) {
            if (broker.m_token == token)
                broker.onDisconnected();
        });
    }

    static void closed(natsConnection *, void *closure)
    {
        const quintptr token = tokenOf(closure);
        post(token, [token](NatsBroker &broker) {
            // Only drop() closes connections, and it takes the token first: libnats gave up.
            if (broker.m_token == token) {
                broker.drop(QStringLiteral("the connection to %1 was closed").arg(broker.m_url.toString()));
                broker.m_retry->start(retryInterval);
            }
        });
    }

    static void error(natsConnection *, natsSubscription *, natsStatus status, void *)
    {
        // Asynchronous errors (a slow consumer dropped messages, a consumer could not be
        // recreated yet): the numbers' gaps are filled by BrokerBridge, libnats retries.
        qDebug("nats: %s", natsStatus_GetText(status));
    }

    static void acked(jsCtx *, natsMsg *msg, jsPubAck *ack, jsPubAckErr *, void *closure)
    {
        const quint64 seq = ack ? ack->Sequence : 0;
        {
            QMutexLocker lock(&registry().mutex);
            const auto found = registry().publishes.constFind(msg);
            if (found != registry().publishes.cend()) {
                const quint64 id = found.value();
                registry().publishes.erase(found);
                postLocked(tokenOf(closure), [id, seq](NatsBroker &broker) { broker.onAcked(id, seq); });
            }
        }
        natsMsg_Destroy(msg);
    }

    // A channel's ordered consumer: the stream's messages in order, each with its sequence.
    static void consumerMessage(natsConnection *, natsSubscription *, natsMsg *msg, void *closure)
    {
        std::optional<BusMessage> message;
        jsMsgMetaData *meta = nullptr;
        const std::optional<QString> channel = channelOfSubject(natsMsg_GetSubject(msg), subjectPrefix);
        if (channel && natsMsg_GetMetaData(&meta, msg) == NATS_OK) {
            message = BusMessage::fromBody(*channel, meta->Sequence.Stream,
                                           QByteArrayView(natsMsg_GetData(msg), natsMsg_GetDataLength(msg)));
            jsMsgMetaData_Destroy(meta);
        }
        natsMsg_Destroy(msg);
        if (message)
            queueReceived(tokenOf(closure), std::move(*message));
    }

    // A relayed message from any instance, this one included: unnumbered (seq 0).
    static void relayed(natsConnection *, natsSubscription *, natsMsg *msg, void *closure)
    {
        std::optional<BusMessage> message;
        if (const std::optional<QString> channel = channelOfSubject(natsMsg_GetSubject(msg), relaySubjectPrefix))
            message = BusMessage::fromBody(*channel, 0, QByteArrayView(natsMsg_GetData(msg), natsMsg_GetDataLength(msg)));
        natsMsg_Destroy(msg);
        if (message)
            queueReceived(tokenOf(closure), std::move(*message));
    }

    static void queueReceived(quintptr token, BusMessage message)
    {
        QMutexLocker lock(&registry().mutex);
        NatsBroker *broker = registry().brokers.value(token);
        if (!broker)
            return;
        // One queued drain for all that arrives before it runs, not one call per message.
        broker->m_inbox.push_back(std::move(message));
        if (!std::exchange(broker->m_inboxQueued, true))
            QMetaObject::invokeMethod(broker, &NatsBroker::drainInbox, Qt::QueuedConnection);
    }

    static void streamCreated(natsConnection *, natsSubscription *, natsMsg *msg, void *closure)
    {
        const std::optional<QString> channel = channelOfStream(lastToken(natsMsg_GetSubject(msg)));
        natsMsg_Destroy(msg);
        if (!channel)
            return;
        const quintptr token = tokenOf(closure);
        // A new stream: follow it from its first message.
        post(token, [token, channel = *channel](NatsBroker &broker) {
            if (broker.m_token == token)
                broker.follow(channel, 0);
        });
    }

    static void pong(natsConnection *, natsSubscription *, natsMsg *msg, void *closure)
    {
        qint64 sentNs = 0;
        if (natsMsg_GetDataLength(msg) == int(sizeof sentNs))
            std::memcpy(&sentNs, natsMsg_GetData(msg), sizeof sentNs);
        natsMsg_Destroy(msg);
        const quintptr token = tokenOf(closure);
        post(token, [token, sentNs](NatsBroker &broker) {
            if (broker.m_token == token)
                broker.onPong(sentNs);
        });
    }

    static bool postLocked(quintptr token, std::function<void(NatsBroker &)> call)
    {
        NatsBroker *broker = registry().brokers.value(token);
        if (!broker)
            return false;
        // While the lock is held the broker cannot be destroyed; once it is, Qt drops what was
        // queued to it.
        QMetaObject::invokeMethod(broker, [broker, call = std::move(call)] { call(*broker); }, Qt::QueuedConnection);
        return true;
    }
};

void NatsBroker::ThreadDeleter::operator()(QThread *thread) const
{
    thread->quit();
    thread->wait();
    delete thread;
}

NatsBroker::NatsBroker(BrokerUrl url, int keep, QObject *parent)
    : Broker(parent)
    , m_url(std::move(url))
    , m_keep(qMax(1, keep))
    , m_health(new QTimer(this))
    , m_retry(new QTimer(this))
    , m_workerThread(new QThread)
    , m_worker(new QObject)
{
    m_health->setInterval(healthInterval);
    connect(m_health, &QTimer::timeout, this, &NatsBroker::checkHealth);
    m_retry->setSingleShot(true);
    connect(m_retry, &QTimer::timeout, this, [this] {
        if (!m_connection)
            connectToServer();
        else if (m_connected && !m_available)
            onConnected();
    });
    m_workerThread->setObjectName(QStringLiteral("nats-requests"));
    m_worker->moveToThread(m_workerThread.get());
    m_workerThread->start();
}

NatsBroker::~NatsBroker()
{
    {
        QMutexLocker lock(&registry().mutex);
        registry().brokers.removeIf([this](auto it) { return it.value() == this; });
    }
    m_open = false;
    // The worker finishes the job it is in (a request waits at most requestWaitMs); the jobs
    // that never ran go with it. Then the connection is closed here.
    m_workerThread.reset();
    delete m_worker;
    m_connection.reset();
}

// --- names ---

QByteArray NatsBroker::streamName(const QString &channel)
{
    return streamPrefix + channel.toUtf8().replace('.', '~');
}

QByteArray NatsBroker::subject(const QString &channel)
{
    return subjectPrefix + channel.toUtf8().replace('.', '~');
}

std::optional<QString> NatsBroker::channelOfStream(QByteArrayView stream)
{
    if (!stream.startsWith(streamPrefix) || stream.size() == streamPrefix.size())
        return std::nullopt;
    return QString::fromUtf8(stream.sliced(streamPrefix.size()).toByteArray().replace('~', '.'));
}

std::optional<QString> NatsBroker::channelOfSubject(QByteArrayView subject, QByteArrayView prefix)
{
    if (!subject.startsWith(prefix) || subject.size() == prefix.size())
        return std::nullopt;
    return QString::fromUtf8(subject.sliced(prefix.size()).toByteArray().replace('~', '.'));
}

// --- connection ---

bool NatsBroker::post(quintptr token, std::function<void(NatsBroker &broker)> call)
{
    QMutexLocker lock(&registry().mutex);
    return Callbacks::postLocked(token, std::move(call));
}

void NatsBroker::runJob(std::function<void(Connection &connection)> job)
{
    if (!m_connection)
        return;
    QMetaObject::invokeMethod(m_worker, [connection = m_connection, job = std::move(job)] { job(*connection); },
                              Qt::QueuedConnection);
}

void NatsBroker::open()
{
    m_open = true;
    m_health->start();
    connectToServer();
}

void NatsBroker::close()
{
    m_open = false;
    m_health->stop();
    m_retry->stop();
    drop(QStringLiteral("closed"));
}

void NatsBroker::setCutOff(bool cutOff)
{
    if (cutOff == m_cutOff)
        return;
    m_cutOff = cutOff;
    if (cutOff) {
        m_retry->stop();
        // Closing the connection also ends libnats' reconnecting: we stay away.
        drop(QStringLiteral("cut off from the broker (partition fault)"));
    } else {
        connectToServer();
    }
}

void NatsBroker::connectToServer()
{
    if (!m_open || m_cutOff || m_connection)
        return;
    {
        QMutexLocker lock(&registry().mutex);
        m_token = ++registry().lastToken;
        registry().brokers.insert(m_token, this);
    }
    m_connection = std::make_shared<Connection>();
    m_connected = false;
    m_pingSentNs = 0;
    const quintptr token = m_token;
    const QByteArray url = m_url.toString().toUtf8();
    runJob([token, url](Connection &connection) {
        natsOptions *options = nullptr;
        natsStatus status = natsOptions_Create(&options);
        if (status == NATS_OK)
            status = natsOptions_SetURL(options, url.constData());
        if (status == NATS_OK)
            status = natsOptions_SetTimeout(options, connectTimeoutMs);
        // Reconnecting is libnats': forever, every reconnectWaitMs plus jitter, subscriptions
        // (ordered consumers included) restored. A first connect that fails goes on the same way.
        if (status == NATS_OK)
            status = natsOptions_SetMaxReconnect(options, -1);
        if (status == NATS_OK)
            status = natsOptions_SetReconnectWait(options, reconnectWaitMs);
        if (status == NATS_OK)
            status = natsOptions_SetReconnectJitter(options, reconnectJitterMs, reconnectJitterMs);
        if (status == NATS_OK)
            status = natsOptions_SetRetryOnFailedConnect(options, true, &Callbacks::connected, closureOf(token));
        if (status == NATS_OK)
            status = natsOptions_SetDisconnectedCB(options, &Callbacks::disconnected, closureOf(token));
        if (status == NATS_OK)
            status = natsOptions_SetReconnectedCB(options, &Callbacks::connected, closureOf(token));
        if (status == NATS_OK)
            status = natsOptions_SetClosedCB(options, &Callbacks::closed, closureOf(token));
        if (status == NATS_OK)
            status = natsOptions_SetErrorHandler(options, &Callbacks::error, closureOf(token));
        // A pool of libnats threads delivers to all subscriptions (each in its order), not a
        // thread per channel.
        if (status == NATS_OK)
            status = natsOptions_UseGlobalMessageDelivery(options, true);
        bool connected = false;
        if (status == NATS_OK) {
            status = natsConnection_Connect(&connection.nc, options);
            connected = status == NATS_OK;
            if (status == NATS_NOT_YET_CONNECTED)
                status = NATS_OK;
        }
        if (status == NATS_OK) {
            jsOptions jetStream;
            jsOptions_Init(&jetStream);
            jetStream.Wait = requestWaitMs;
            jetStream.PublishAsync.MaxPending = maxPublishesInFlight;
            jetStream.PublishAsync.AckHandler = &Callbacks::acked;
            jetStream.PublishAsync.AckHandlerClosure = closureOf(token);
            status = natsConnection_JetStream(&connection.js, connection.nc, &jetStream);
        }
        natsSubscription *subscription = nullptr;
        if (status == NATS_OK)
            status = natsConnection_Subscribe(&subscription, connection.nc, streamCreatedAdvisories.constData(),
                                              &Callbacks::streamCreated, closureOf(token));
        if (status == NATS_OK)
            connection.subscriptions.push_back(std::exchange(subscription, nullptr));
        const QByteArray relayed = relaySubjectPrefix + '*'; // channel names have no '.' in subjects
        if (status == NATS_OK)
            status = natsConnection_Subscribe(&subscription, connection.nc, relayed.constData(), &Callbacks::relayed, closureOf(token));
        if (status == NATS_OK)
            connection.subscriptions.push_back(std::exchange(subscription, nullptr));
        // The health check's ping: a core message to ourselves through the server.
        natsInbox *inbox = nullptr;
        if (status == NATS_OK)
            status = natsInbox_Create(&inbox);
        if (status == NATS_OK)
            status = natsConnection_Subscribe(&subscription, connection.nc, inbox, &Callbacks::pong, closureOf(token));
        if (status == NATS_OK)
            connection.subscriptions.push_back(subscription);
        const QByteArray pingSubject = inbox ? QByteArray(inbox) : QByteArray();
        natsInbox_Destroy(inbox);
        natsOptions_Destroy(options);
        const QString error = status == NATS_OK ? QString() : statusText(status);
        post(token, [token, connected, error, pingSubject](NatsBroker &broker) {
            if (broker.m_token != token)
                return;
            if (!error.isEmpty()) {
                broker.drop(QStringLiteral("cannot connect to %1: %2").arg(broker.m_url.toString(), error));
                broker.m_retry->start(retryInterval);
                return;
            }
            broker.m_pingSubject = pingSubject;
            if (connected)
                broker.onConnected();
            else
                broker.setAvailable(false, QStringLiteral("cannot connect to %1 yet; retrying").arg(broker.m_url.toString()));
        });
    });
}

void NatsBroker::onConnected()
{
    m_connected = true;
    m_pingSentNs = 0;
    m_unanswered = false;
    // Connected is not enough: the server must have JetStream enabled and ready (after a restart
    // it first recovers its streams).
    const quintptr token = m_token;
    runJob([token](Connection &connection) {
        jsAccountInfo *info = nullptr;
        jsErrCode code = jsErrCode(0);
        const natsStatus status = js_GetAccountInfo(&info, connection.js, nullptr, &code);
        jsAccountInfo_Destroy(info);
        const QString error = status == NATS_OK ? QString() : statusText(status);
        post(token, [token, error](NatsBroker &broker) {
            if (broker.m_token == token)
                broker.onJetStreamChecked(error.isEmpty(), error);
        });
    });
}

void NatsBroker::onJetStreamChecked(bool ok, const QString &error)
{
    if (!m_connected)
        return;
    if (!ok) {
        setAvailable(false, QStringLiteral("JetStream on %1 does not answer: %2").arg(m_url.toString(), error));
        m_retry->start(retryInterval);
        return;
    }
    setAvailable(true, {});
}

void NatsBroker::onDisconnected()
{
    m_connected = false;
    m_pingSentNs = 0;
    // Their PubAcks, if the server sent them, went with the connection.
    failOutstandingPublishes();
    setAvailable(false, QStringLiteral("lost the connection to %1; reconnecting").arg(m_url.toString()));
}

void NatsBroker::drop(const QString &reason)
{
    failOutstandingPublishes();
    m_token = 0; // callbacks of the old connection still reach us, and are ignored
    m_connected = false;
    m_pingSentNs = 0;
    m_unanswered = false;
    if (m_connection) {
        // Closing blocks (it flushes): on the worker, after the jobs already queued.
        QMetaObject::invokeMethod(m_worker, [connection = std::exchange(m_connection, nullptr)]() mutable { connection.reset(); },
                                  Qt::QueuedConnection);
    }
    // A new connection learns the streams and makes its consumers anew.
    for (ChannelState &state : m_channels) {
        state.stream = StreamState::Unknown;
        state.consumed = false;
        for (Outgoing &outgoing : std::exchange(state.waiting, {}))
            outgoing.done(0);
    }
    setAvailable(false, reason);
}

void NatsBroker::setAvailable(bool available, const QString &reason)
{
    if (!available && std::exchange(m_unanswered, false))
        Q_EMIT stalledChanged(false, {});
    // The first answer is always told, even "unavailable": the server waits for it at start.
    if (available == m_available && m_availabilityTold)
        return;
    m_availabilityTold = true;
    m_available = available;
    Q_EMIT availabilityChanged(available, reason);
}

void NatsBroker::checkHealth()
{
    if (!m_connection || !m_connected || m_pingSubject.isEmpty())
        return;
    const qint64 now = MonotonicClock::nowNs();
    if (m_pingSentNs != 0) {
        // Connected but silent (a paused server): stalled, not unavailable; what is published
        // meanwhile waits in the connection and is numbered when it answers (Broker).
        if (now - m_pingSentNs > unresponsiveAfterNs && !std::exchange(m_unanswered, true))
            Q_EMIT stalledChanged(true, QStringLiteral("%1 has not answered for %2 ms").arg(m_url.toString()).arg(unresponsiveAfterNs / 1'000'000));
        return;
    }
    m_pingSentNs = now;
    natsConnection_Publish(m_connection->nc, m_pingSubject.constData(), &now, int(sizeof now));
}

void NatsBroker::onPong(qint64 sentNs)
{
    if (sentNs == 0 || sentNs != m_pingSentNs)
        return;
    Q_EMIT roundTripMeasured(MonotonicClock::nowNs() - sentNs);
    m_pingSentNs = 0;
    if (std::exchange(m_unanswered, false)) {
        Q_EMIT stalledChanged(false, {});
        onConnected(); // answering again (it was paused): check JetStream again
    }
}

// --- publishing ---

void NatsBroker::publish(const BusMessage &message, int keep, Published done)
{
    if (!m_available || !m_connection) {
        done(0);
        return;
    }
    ChannelState &state = m_channels[message.channel];
    if (state.stream == StreamState::Ready) {
        send(message.channel, {message, std::move(done)});
        return;
    }
    // In publish order behind the stream's creation.
    state.waiting.push_back({message, std::move(done)});
    if (state.stream == StreamState::Unknown)
        createStream(message.channel, keep);
}

bool NatsBroker::relay(const BusMessage &message)
{
    if (!m_available || !m_connection)
        return false;
    // Core NATS, buffered by the library (no round trip): not in order with JetStream publishes,
    // which come back through each channel's consumer (docs/server.md, "Ephemeral messages").
    const QByteArray subject = relaySubjectPrefix + message.channel.toUtf8().replace('.', '~');
    const QByteArray body = message.body();
    return natsConnection_Publish(m_connection->nc, subject.constData(), body.constData(), int(body.size())) == NATS_OK;
}

void NatsBroker::createStream(const QString &channel, int keep)
{
    m_channels[channel].stream = StreamState::Creating;
    const quintptr token = m_token;
    const QByteArray name = streamName(channel);
    const QByteArray channelSubject = subject(channel);
    runJob([token, channel, name, channelSubject, keep](Connection &connection) {
        const char *subjects[] = {channelSubject.constData()};
        jsStreamConfig config;
        jsStreamConfig_Init(&config);
        config.Name = name.constData();
        config.Subjects = subjects;
        config.SubjectsLen = 1;
        config.MaxMsgs = qMax(1, keep);
        config.Discard = js_DiscardOld;
        // On disk: a restarted server keeps the channels and their numbers, as clients expect
        // of a broker that numbers them (memory storage would start every channel at 1 again).
        config.Storage = js_FileStorage;
        jsStreamInfo *info = nullptr;
        jsErrCode code = jsErrCode(0);
        // Creating a stream that exists with the same configuration succeeds; with another
        // (another instance's keep) it is refused, and the stream is used as it is.
        natsStatus status = js_AddStream(&info, connection.js, &config, nullptr, &code);
        if (status != NATS_OK && code == JSStreamNameExistErr)
            status = js_GetStreamInfo(&info, connection.js, name.constData(), nullptr, &code);
        const bool ok = status == NATS_OK && info;
        const quint64 lastSeq = ok ? info->State.LastSeq : 0;
        jsStreamInfo_Destroy(info);
        post(token, [token, channel, ok, lastSeq](NatsBroker &broker) {
            if (broker.m_token == token)
                broker.onStreamCreated(channel, ok, lastSeq);
        });
    });
}

void NatsBroker::onStreamCreated(const QString &channel, bool ok, quint64 lastSeq)
{
    ChannelState &state = m_channels[channel];
    std::vector<Outgoing> waiting = std::exchange(state.waiting, {});
    state.stream = ok ? StreamState::Ready : StreamState::Unknown;
    if (ok)
        follow(channel, lastSeq + 1); // our messages and everything after them
    for (Outgoing &outgoing : waiting) {
        if (ok && m_available)
            send(channel, std::move(outgoing));
        else
            outgoing.done(0);
    }
}

void NatsBroker::send(const QString &channel, Outgoing outgoing)
{
    const QByteArray body = outgoing.message.body();
    natsMsg *msg = nullptr;
    if (natsMsg_Create(&msg, subject(channel).constData(), nullptr, body.constData(), int(body.size())) != NATS_OK) {
        outgoing.done(0);
        return;
    }
    const quint64 id = ++m_lastAckId;
    {
        QMutexLocker lock(&registry().mutex);
        registry().publishes.insert(msg, id);
    }
    natsMsg *owned = msg;
    // The PubAck comes to Callbacks::acked, which queues onAcked here: after this function.
    if (js_PublishMsgAsync(m_connection->js, &owned, nullptr) != NATS_OK) {
        {
            QMutexLocker lock(&registry().mutex);
            registry().publishes.remove(msg);
        }
        natsMsg_Destroy(owned);
        outgoing.done(0);
        return;
    }
    m_acks.insert(id, {channel, std::move(outgoing.done)});
}

void NatsBroker::onAcked(quint64 id, quint64 seq)
{
    const auto found = m_acks.find(id);
    if (found == m_acks.end())
        return; // failed already (the connection was lost)
    const PendingAck pending = found.value();
    m_acks.erase(found);
    if (seq == 0) {
        // Refused (the stream was deleted?): find or create it again at the next publish.
        ChannelState &state = m_channels[pending.channel];
        if (state.stream == StreamState::Ready)
            state.stream = StreamState::Unknown;
    }
    pending.done(seq);
}

void NatsBroker::failOutstandingPublishes()
{
    // Only with publishes in flight: they were made after connecting, so `js` is complete (and
    // libnats' list of pending ones exists only after a first asynchronous publish).
    if (m_connection && !m_acks.isEmpty()) {
        natsMsgList pending{};
        if (js_PublishAsyncGetPendingList(&pending, m_connection->js) == NATS_OK) {
            {
                QMutexLocker lock(&registry().mutex);
                for (int i = 0; i < pending.Count; ++i)
                    registry().publishes.remove(pending.Msgs[i]);
            }
            natsMsgList_Destroy(&pending);
        }
    }
    const QHash<quint64, PendingAck> acks = std::exchange(m_acks, {});
    for (const PendingAck &pending : acks)
        pending.done(0);
}

// --- receiving ---

void NatsBroker::follow(const QString &channel, quint64 startSeq)
{
    if (!m_connection)
        return;
    ChannelState &state = m_channels[channel];
    if (state.consumed)
        return;
    state.consumed = true;
    const quintptr token = m_token;
    const QByteArray name = streamName(channel);
    const QByteArray channelSubject = subject(channel);
    runJob([token, channel, startSeq, name, channelSubject](Connection &connection) {
        jsSubOptions options;
        jsSubOptions_Init(&options);
        options.Stream = name.constData(); // bound to the stream: no lookup by subject
        options.Ordered = true;
        options.Config.Heartbeat = consumerHeartbeatNs;
        if (startSeq > 0) {
            options.Config.DeliverPolicy = js_DeliverByStartSequence;
            options.Config.OptStartSeq = startSeq;
        } else {
            options.Config.DeliverPolicy = js_DeliverAll;
        }
        natsSubscription *subscription = nullptr;
        jsErrCode code = jsErrCode(0);
        const natsStatus status = js_Subscribe(&subscription, connection.js, channelSubject.constData(),
                                               &Callbacks::consumerMessage, closureOf(token), nullptr, &options, &code);
        if (status == NATS_OK) {
            connection.subscriptions.push_back(subscription);
            return;
        }
        post(token, [token, channel, startSeq](NatsBroker &broker) {
            if (broker.m_token != token)
                return;
            broker.m_channels[channel].consumed = false;
            // Not reachable just now: try again while connected.
            QTimer::singleShot(retryInterval, &broker, [&broker, token, channel, startSeq] {
                if (broker.m_token == token && broker.m_connected)
                    broker.follow(channel, startSeq);
            });
        });
    });
}

void NatsBroker::drainInbox()
{
    std::vector<BusMessage> messages;
    {
        QMutexLocker lock(&registry().mutex);
        messages.swap(m_inbox);
        m_inboxQueued = false;
    }
    for (const BusMessage &message : messages)
        Q_EMIT messageReceived(message);
}

// --- reading ---

void NatsBroker::readAfter(const QString &channel, quint64 after, int limit, Read done)
{
    if (!m_connection || !m_connected) {
        done(false, {});
        return;
    }
    const QByteArray name = streamName(channel);
    const quintptr token = m_token;
    runJob([token, channel, name, after, limit, done = std::move(done)](Connection &connection) {
        QList<BusMessage> messages;
        bool ok = true;
        jsStreamInfo *info = nullptr;
        jsErrCode code = jsErrCode(0);
        natsStatus status = js_GetStreamInfo(&info, connection.js, name.constData(), nullptr, &code);
        if (status == NATS_OK) {
            // MaxMsgs discards from the front: what is kept is FirstSeq..LastSeq.
            const quint64 last = info->State.LastSeq;
            for (quint64 seq = qMax(after + 1, info->State.FirstSeq); seq <= last && messages.size() < limit; ++seq) {
                natsMsg *msg = nullptr;
                status = js_GetMsg(&msg, connection.js, name.constData(), seq, nullptr, &code);
                if (status == NATS_OK) {
                    if (auto message = BusMessage::fromBody(channel, seq, QByteArrayView(natsMsg_GetData(msg), natsMsg_GetDataLength(msg))))
                        messages.append(std::move(*message));
                } else if (status != NATS_NOT_FOUND && code != JSNoMessageFoundErr) {
                    ok = false; // discarded meanwhile is fine, anything else is not
                    break;
                }
                natsMsg_Destroy(msg);
            }
        } else if (status != NATS_NOT_FOUND && code != JSStreamNotFoundErr) {
            ok = false;
        }
        jsStreamInfo_Destroy(info);
        // Answered even if the connection changed since: the caller counts on it.
        post(token, [ok, messages, done](NatsBroker &) { done(ok, messages); });
    });
}

void NatsBroker::listChannels(Listed done)
{
    if (!m_connection || !m_connected) {
        done(false, {});
        return;
    }
    const quintptr token = m_token;
    runJob([token, done = std::move(done)](Connection &connection) {
        QHash<QString, quint64> latest;
        jsStreamInfoList *list = nullptr;
        jsErrCode code = jsErrCode(0);
        const natsStatus status = js_Streams(&list, connection.js, nullptr, &code);
        // No streams at all is NATS_NOT_FOUND.
        const bool ok = status == NATS_OK || status == NATS_NOT_FOUND;
        for (int i = 0; list && i < list->Count; ++i) {
            const jsStreamInfo *info = list->List[i];
            if (!info || !info->Config || !info->Config->Name)
                continue;
            if (const std::optional<QString> channel = channelOfStream(info->Config->Name))
                latest.insert(*channel, info->State.LastSeq);
        }
        jsStreamInfoList_Destroy(list);
        post(token, [token, ok, latest, done](NatsBroker &broker) {
            if (broker.m_token == token) {
                // Follow every channel from after what is listed: the caller reads up to there.
                for (auto it = latest.constBegin(); it != latest.constEnd(); ++it) {
                    ChannelState &state = broker.m_channels[it.key()];
                    if (state.stream == StreamState::Unknown)
                        state.stream = StreamState::Ready;
                    broker.follow(it.key(), it.value() + 1);
                }
            }
            done(ok, latest);
        });
    });
}

void NatsBroker::raiseLatest(const QString &channel, quint64 latest)
{
    if (!m_connection || !m_connected || latest == 0)
        return;
    const QByteArray name = streamName(channel);
    const QByteArray channelSubject = subject(channel);
    const int keep = m_keep;
    runJob([name, channelSubject, latest, keep](Connection &connection) {
        jsStreamInfo *info = nullptr;
        jsErrCode code = jsErrCode(0);
        natsStatus status = js_GetStreamInfo(&info, connection.js, name.constData(), nullptr, &code);
        if (status != NATS_OK) {
            const char *subjects[] = {channelSubject.constData()};
            jsStreamConfig config;
            jsStreamConfig_Init(&config);
            config.Name = name.constData();
            config.Subjects = subjects;
            config.SubjectsLen = 1;
            config.MaxMsgs = keep;
            config.Discard = js_DiscardOld;
            config.Storage = js_FileStorage;
            status = js_AddStream(&info, connection.js, &config, nullptr, &code);
        }
        const bool behind = status == NATS_OK && info && info->State.LastSeq < latest;
        jsStreamInfo_Destroy(info);
        if (!behind)
            return;
        // A stream's sequence cannot be set, but purging "up to, not including" a sequence past
        // the last one moves the stream on to it: the next message gets latest + 1. Only what
        // the server kept after losing its data, all numbered at or below latest, is purged.
        jsOptions options;
        jsOptions_Init(&options);
        options.Stream.Purge.Sequence = latest + 1;
        js_PurgeStream(connection.js, name.constData(), &options, &code);
    });
}
