#include "wssession.h"

#include "channel.h"
#include "replaybuffer.h"
#include "servercontext.h"
#include "serversocket.h"
#include "worker.h"
#include "metrics/monotonicclock.h"
#include "protocol/envelope.h"
#include "protocol/wsframe.h"
#include "presence/presencedirectory.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonObject>
#include <QUuid>
#include <QWebSocket>

namespace {

constexpr qint64 closeGraceNs = 2'000'000'000; // a peer that does not finish the close handshake
// docs/server.md, "Presence": a user over the per-user limit (like HTTP's 429).
constexpr int closeUserLimit = 4029;
// The token was refused or ran out (docs/server.md, "Policies and defaults", "JWT").
constexpr int closeUnauthorized = 4001;
// What a client may send before its session is admitted (the broker answers within a round trip).
constexpr qsizetype maxEarlyMessages = 64;

qint64 toNs(std::chrono::milliseconds duration)
{
    return qint64(duration.count()) * 1'000'000;
}

} // namespace

WsSession::WsSession(Worker &worker, QWebSocket *webSocket, ServerSocket *socket, WsAdmission admission)
    : m_worker(worker)
    , m_webSocket(webSocket)
    , m_socket(socket)
    , m_admission(std::move(admission))
    , m_bucket(worker.context().config.messagesPerSecond, worker.context().config.messageBurst, MonotonicClock::nowNs())
{
    m_webSocket->setParent(this);
    m_socket->setParent(this);
    const ServerConfig &config = worker.context().config;
    // QtWebSockets accepts messages of ~2 GiB by default; anything over the limit closes with 1009.
    m_webSocket->setMaxAllowedIncomingMessageSize(quint64(config.maxMessageBytes));
    m_webSocket->setMaxAllowedIncomingFrameSize(quint64(config.maxMessageBytes));
    m_webSocket->setOutgoingFrameSize(quint64(config.maxMessageBytes));
    ServerCounters &counters = worker.counters();
    ServerCounters::add(counters.open[ServerCounters::WebSocket], 1);
    ServerCounters::add(counters.accepted[ServerCounters::WebSocket]);
    m_nextPingNs = MonotonicClock::nowNs() + toNs(config.pingInterval);
    if (m_admission.tokenExpiresAtMs) {
        const qint64 leftMs = *m_admission.tokenExpiresAtMs - QDateTime::currentMSecsSinceEpoch();
        m_tokenExpiresNs = MonotonicClock::nowNs() + qMax<qint64>(1, leftMs) * 1'000'000;
    }
    rearm();

    connect(m_webSocket, &QWebSocket::textMessageReceived, this, &WsSession::onTextMessage);
    connect(m_webSocket, &QWebSocket::binaryMessageReceived, this, &WsSession::onBinaryMessage);
    connect(m_webSocket, &QWebSocket::disconnected, this, &WsSession::onDisconnected);
    connect(m_webSocket, &QWebSocket::pong, this, [this] { m_unansweredPings = 0; });
    // QWebSocket::close() (ours, or Qt's own on a protocol error) emits this after writing the
    // close frame and before closing the TCP socket: make that close a lingering one.
    connect(m_webSocket, &QWebSocket::aboutToClose, this, [this] {
        m_socket->lingerOnNextClose();
        if (!m_closing) {
            m_closing = true;
            m_worker.unsubscribe(this);
            m_closeDeadlineNs = MonotonicClock::nowNs() + closeGraceNs;
            rearm();
        }
    });
}

WsSession::~WsSession()
{
    m_worker.unsubscribe(this);
    ServerCounters::add(m_worker.counters().open[ServerCounters::WebSocket], -1);
    if (m_admission.holdsAddressSlot)
        m_worker.context().limiter.release(m_admission.peer);
    for (const quint64 token : m_answerTokens)
        m_worker.forgetAnswer(token);
    if (m_present)
        m_worker.context().presence->leave(m_admission.channelName, m_admission.user);
    // The QWebSocket first: its destructor still talks to the TCP socket.
    QObject::disconnect(m_webSocket, nullptr, this, nullptr);
    delete m_webSocket;
    delete m_socket;
    m_worker.forget(this);
}

void WsSession::start()
{
    if (m_admission.closeCode != 0) {
        closeWith(m_admission.closeCode, m_admission.closeReason);
        return;
    }
    if (m_admission.user.isEmpty()) {
        subscribeAndWelcome();
        return;
    }
    // A known user: counted in presence (announced to the channel) unless over the per-user
    // limit. With a broker the answer takes a round trip; what the client sends meanwhile waits.
    m_admitting = true;
    ServerContext *context = &m_worker.context();
    const QString channelName = m_admission.channelName;
    const QString user = m_admission.user;
    auto later = answerLater();
    context->presence->join(channelName, user, context->config.maxConnectionsPerUser,
                            [later, context, channelName, user](const PresenceDirectory::Admission &admission) {
                                later([admission](WsSession &session) {
                                    session.admitted(admission.admitted, admission.userConnections, admission.limit);
                                }, [admission, context, channelName, user] {
                                    if (admission.admitted) // the connection ended first
                                        context->presence->leave(channelName, user);
                                });
                            });
}

std::function<void(std::function<void(WsSession &)>, std::function<void()>)> WsSession::answerLater()
{
    const quint64 token = m_worker.awaitAnswer(this);
    m_answerTokens.append(token);
    Worker *worker = &m_worker;
    return [worker, token](std::function<void(WsSession &)> answer, std::function<void()> ifGone) {
        QMetaObject::invokeMethod(worker, [worker, token, answer = std::move(answer), ifGone = std::move(ifGone)] {
            const bool answered = worker->answerSession(token, [token, &answer](WsSession &session) {
                session.m_answerTokens.removeOne(token);
                answer(session);
            });
            if (!answered && ifGone)
                ifGone();
        }, Qt::QueuedConnection);
    };
}

void WsSession::admitted(bool admitted, int userConnections, int limit)
{
    m_admitting = false;
    m_present = admitted;
    if (m_closing)
        return;
    if (!admitted) {
        closeWith(closeUserLimit, QStringLiteral("user limit: %1 holds %2 of %3 connections")
                                      .arg(m_admission.user).arg(userConnections).arg(limit));
        return;
    }
    subscribeAndWelcome();
}

void WsSession::answerPresence()
{
    PresenceDirectory *presence = m_worker.context().presence;
    const bool cluster = presence->scope() == PresenceDirectory::Scope::Cluster;
    const QString channelName = channel->name();
    auto later = answerLater();
    presence->members(channelName, [later, cluster, channelName](bool ok, const QList<PresenceDirectory::Member> &members) {
        QJsonArray list;
        for (const PresenceDirectory::Member &member : members)
            list.append(QJsonObject{{QLatin1String("user"), member.user}, {QLatin1String("connections"), member.connections}});
        Envelope reply;
        reply.type = QStringLiteral("presence");
        reply.channel = channelName;
        reply.ts = QDateTime::currentMSecsSinceEpoch();
        // "instance": one instance's view (no broker keeping presence, or it did not answer).
        reply.payload = QJsonObject{{QLatin1String("members"), list},
                                    {QLatin1String("count"), int(members.size())},
                                    {QLatin1String("scope"), ok && cluster ? QStringLiteral("cluster") : QStringLiteral("instance")}};
        later([json = reply.toJson()](WsSession &session) {
            if (!session.m_closing)
                session.sendJson(json);
        }, {});
    });
}

void WsSession::subscribeAndWelcome()
{
    Channel *channel = m_worker.channelFor(m_admission.channelName);
    if (!channel) {
        // 1008 with the reason, not 1001: "going away" tells a client to reconnect at once, and it
        // would be refused again until a channel is evicted. (1013 Try Again Later is in IANA's
        // registry but not RFC 6455 7.4.1; Qt's client, among others, takes it as a protocol error.)
        closeWith(QWebSocketProtocol::CloseCodePolicyViolated,
                  m_worker.context().hub.limitReason());
        return;
    }
    const ReplayBuffer::Slice slice = m_worker.subscribe(this, channel, m_admission.resumeAfter);

    Envelope welcome;
    welcome.type = QStringLiteral("session.welcome");
    welcome.channel = channel->name();
    welcome.ts = QDateTime::currentMSecsSinceEpoch();
    QJsonObject welcomePayload{
        {QLatin1String("connection"), QString::number(subscriberId)},
        {QLatin1String("latest"), double(slice.latest)},
        {QLatin1String("replayCapacity"), m_worker.context().config.replaySize},
    };
    if (!m_admission.user.isEmpty())
        welcomePayload.insert(QLatin1String("user"), m_admission.user);
    welcome.payload = welcomePayload;
    sendJson(welcome.toJson());
    if (m_admission.resumeAfter)
        sendSlice(slice, *m_admission.resumeAfter, false);
    for (const QString &text : std::exchange(m_early, {})) {
        if (m_closing)
            break;
        onTextMessage(text);
    }
}

void WsSession::sendSlice(const ReplayBuffer::Slice &slice, quint64 since, bool announceDone)
{
    if (slice.reset) {
        // DESIGN: a resume point older than the replay buffer is said, never silently skipped.
        Envelope reset;
        reset.type = QStringLiteral("sync.reset");
        reset.channel = channel ? channel->name() : QString();
        reset.ts = QDateTime::currentMSecsSinceEpoch();
        reset.payload = QJsonObject{
            {QLatin1String("since"), double(since)},
            {QLatin1String("oldest"), double(slice.oldest)},
            {QLatin1String("latest"), double(slice.latest)},
        };
        sendJson(reset.toJson());
    }
    FrameTap *tap = m_worker.context().frameTap.active();
    for (const MessagePtr &message : slice.messages) {
        if (tap)
            tapFrame(*tap, FrameRecord::Direction::ServerToClient, message->json, message.get());
        m_worker.send(this, message->wsFrame);
    }
    ServerCounters::add(m_worker.counters().delivered[ServerCounters::WebSocket], quint64(slice.messages.size()));
    if (announceDone) {
        Envelope done;
        done.type = QStringLiteral("sync.done");
        done.channel = channel ? channel->name() : QString();
        done.ts = QDateTime::currentMSecsSinceEpoch();
        done.payload = QJsonObject{
            {QLatin1String("since"), double(since)},
            {QLatin1String("latest"), double(slice.latest)},
            {QLatin1String("replayed"), int(slice.messages.size())},
        };
        sendJson(done.toJson());
    }
}

bool WsSession::checkSlowConsumer(qint64 extraBytes)
{
    if (!m_socket->wouldExceedUnsent(extraBytes, m_worker.context().config.slowConsumerBytes))
        return false;
    ServerCounters::add(m_worker.counters().slowConsumerCloses);
    // If the peer never reads the close frame, what is queued for it is dropped, not drained.
    m_resetOnAbort = true;
    m_socket->setResetAfterLinger(true);
    closeWith(4008, QStringLiteral("slow consumer"));
    return true;
}

void WsSession::deliver(const MessagePtr &message)
{
    if (m_closing || checkSlowConsumer(message->wsFrame.size()))
        return;
    // Outgoing frames are tapped before they are written: once a client has a message, the
    // inspector has it too.
    if (FrameTap *tap = m_worker.context().frameTap.active()) [[unlikely]]
        tapFrame(*tap, FrameRecord::Direction::ServerToClient, message->json, message.get());
    m_socket->write(message->wsFrame);
    ServerCounters &counters = m_worker.counters();
    ServerCounters::add(counters.delivered[ServerCounters::WebSocket]);
    ServerCounters::add(counters.bytesSent, quint64(message->wsFrame.size()));
}

void WsSession::writeNow(const QByteArray &bytes)
{
    if (m_closing || checkSlowConsumer(bytes.size()))
        return;
    m_socket->write(bytes);
    ServerCounters::add(m_worker.counters().bytesSent, quint64(bytes.size()));
}

void WsSession::sendJson(const QByteArray &json)
{
    if (FrameTap *tap = m_worker.context().frameTap.active()) [[unlikely]]
        tapFrame(*tap, FrameRecord::Direction::ServerToClient, json);
    m_worker.send(this, WsFrame::encodeText(json));
}

void WsSession::tapFrame(FrameTap &tap, FrameRecord::Direction direction, QByteArrayView json, const ChannelMessage *message)
{
    FrameTap::Frame frame;
    frame.direction = direction;
    frame.protocol = FrameRecord::Protocol::WebSocket;
    frame.bytes = json;
    if (message) {
        frame.type = &message->type;
        frame.channel = &message->channel;
    } else if (channel) {
        frame.channel = &channel->name(); // what the client sends goes to its channel
    }
    tap.offer(m_tapEndpoint, frame, [this] {
        FrameConnection connection;
        connection.side = FrameRecord::Side::Server;
        connection.protocol = FrameRecord::Protocol::WebSocket;
        connection.label = m_admission.peer.toString() + QLatin1Char(':') + QString::number(m_socket->peerPort());
        connection.channel = channel ? channel->name() : m_admission.channelName;
        return connection;
    });
}

void WsSession::refuseOverRate()
{
    ServerCounters &counters = m_worker.counters();
    ServerCounters::add(counters.rateLimited);
    const ServerConfig &config = m_worker.context().config;
    // Over the limit once: an error envelope. Still sending after a burst's worth of refusals:
    // the client is not listening to the errors, so close it (1008 policy violation).
    if (++m_rateStrikes >= qMax(10, int(config.messageBurst))) {
        ServerCounters::add(counters.rateLimitCloses);
        closeWith(QWebSocketProtocol::CloseCodePolicyViolated, QStringLiteral("rate limit exceeded"));
        return;
    }
    sendJson(Envelope::errorMessage(QStringLiteral("rate limit exceeded: at most %1 messages per second (burst %2)")
                                        .arg(config.messagesPerSecond).arg(config.messageBurst),
                                    QStringLiteral("rate_limited")));
}

void WsSession::onTextMessage(const QString &text)
{
    if (m_admitting && !m_closing) {
        if (m_early.size() < maxEarlyMessages)
            m_early.append(text);
        else
            closeWith(QWebSocketProtocol::CloseCodePolicyViolated, QStringLiteral("too many messages before the session was admitted"));
        return;
    }
    if (m_closing || !channel)
        return;
    ServerCounters &counters = m_worker.counters();
    const QByteArray utf8 = text.toUtf8();
    ServerCounters::add(counters.bytesReceived, quint64(utf8.size()));
    if (FrameTap *tap = m_worker.context().frameTap.active()) [[unlikely]]
        tapFrame(*tap, FrameRecord::Direction::ClientToServer, utf8);
    if (!m_bucket.tryTake(MonotonicClock::nowNs())) {
        refuseOverRate();
        return;
    }
    m_rateStrikes = 0;

    Envelope::ParseResult parsed = Envelope::parseClientMessage(utf8);
    if (!parsed.envelope) {
        ServerCounters::add(counters.invalidMessages);
        sendJson(Envelope::errorMessage(parsed.error, QStringLiteral("invalid_message")));
        return;
    }
    Envelope &message = *parsed.envelope;
    ServerCounters::add(counters.messagesReceived);

    if (message.type == u"echo") {
        // Answered to the sender only.
        message.channel = channel->name();
        message.ts = QDateTime::currentMSecsSinceEpoch();
        message.since.reset();
        sendJson(message.toJson());
        return;
    }
    if (message.type == u"presence") {
        answerPresence();
        return;
    }
    if (message.type == u"sync") {
        const ReplayBuffer::Slice slice = m_worker.resync(this, *message.since);
        sendSlice(slice, *message.since, true);
        return;
    }
    if (Envelope::isReservedType(message.type)) {
        ServerCounters::add(counters.invalidMessages);
        sendJson(Envelope::errorMessage(QStringLiteral("type \"%1\" is reserved for the server").arg(message.type),
                                        QStringLiteral("reserved_type")));
        return;
    }
    if (message.id.isEmpty())
        message.id = QUuid::createUuid().toString(QUuid::WithoutBraces);
    ServerCounters::add(counters.messagesPublished);
    m_worker.context().hub.publish(*channel, message.type, message.id, message.payload);
}

void WsSession::onBinaryMessage(const QByteArray &data)
{
    if (m_closing)
        return;
    ServerCounters::add(m_worker.counters().invalidMessages);
    ServerCounters::add(m_worker.counters().bytesReceived, quint64(data.size()));
    sendJson(Envelope::errorMessage(QStringLiteral("binary messages are not supported; send JSON text envelopes"),
                                    QStringLiteral("binary_not_supported")));
}

void WsSession::closeWith(int code, const QString &reason)
{
    if (m_closing)
        return;
    m_closing = true;
    m_worker.unsubscribe(this);
    m_closeDeadlineNs = MonotonicClock::nowNs() + closeGraceNs;
    rearm();
    m_webSocket->close(QWebSocketProtocol::CloseCode(code), reason);
}

void WsSession::closeGoingAway()
{
    // Qt clients reject 1012/1013 as invalid close codes; 1001 tells every client to come back.
    closeWith(QWebSocketProtocol::CloseCodeGoingAway, QStringLiteral("server going away"));
}

void WsSession::abortNow()
{
    m_closing = true;
    // QWebSocket sees its socket disconnect either way.
    if (m_resetOnAbort)
        m_socket->resetConnection();
    else
        m_socket->hardAbort();
    onDisconnected();
}

void WsSession::resetNow()
{
    m_resetOnAbort = true;
    abortNow();
}

void WsSession::setReadingStopped(bool stopped)
{
    // A stalled server: QWebSocket reads on readyRead, so hold that (and every other socket
    // signal) back, and bound Qt's read buffer so the client's sends back up in TCP.
    if (stopped) {
        m_socket->setReadBufferSize(64 * 1024);
        m_socket->blockSignals(true);
        return;
    }
    if (!m_socket->signalsBlocked())
        return;
    m_socket->blockSignals(false);
    m_socket->setReadBufferSize(0);
    if (m_socket->bytesAvailable() > 0)
        Q_EMIT m_socket->readyRead();
    if (m_socket->state() == QAbstractSocket::UnconnectedState) {
        // The peer left while we were not listening: replay the signals QWebSocket missed.
        Q_EMIT m_socket->stateChanged(QAbstractSocket::UnconnectedState);
        Q_EMIT m_socket->disconnected();
    }
}

void WsSession::rearm()
{
    if (m_finished)
        m_worker.deadlines().cancel(*this);
    else
        m_worker.deadlines().schedule(*this, m_closing           ? m_closeDeadlineNs
                                             : m_tokenExpiresNs ? qMin(m_nextPingNs, m_tokenExpiresNs)
                                                                : m_nextPingNs);
}

void WsSession::timerExpired(qint64 nowNs)
{
    if (m_finished)
        return;
    if (m_closing) {
        if (nowNs >= m_closeDeadlineNs)
            abortNow();
        rearm();
        return;
    }
    if (m_tokenExpiresNs != 0 && nowNs >= m_tokenExpiresNs) {
        // RFC 7519 4.1.4: the token is no longer accepted, and neither is the connection it
        // opened (docs/server.md, "JWT"); a client reconnects with a fresh one.
        m_tokenExpiresNs = 0;
        ServerCounters::add(m_worker.counters().tokenExpiredCloses);
        closeWith(closeUnauthorized, QStringLiteral("token expired"));
        return;
    }
    if (nowNs < m_nextPingNs) {
        rearm();
        return;
    }
    const ServerConfig &config = m_worker.context().config;
    m_nextPingNs = nowNs + toNs(config.pingInterval);
    // While the server stops reading (a fault) pongs cannot be seen: no ping, no verdict.
    if (m_socket->signalsBlocked()) {
        rearm();
        return;
    }
    // Two pings without a pong: the peer is gone (half-open) or stuck.
    if (m_unansweredPings >= 2) {
        ServerCounters::add(m_worker.counters().pingTimeouts);
        resetNow();
        return;
    }
    ++m_unansweredPings;
    m_webSocket->ping();
    rearm();
}

void WsSession::onDisconnected()
{
    if (m_finished)
        return;
    m_finished = true;
    m_closing = true;
    m_worker.unsubscribe(this);
    deleteLater();
}
