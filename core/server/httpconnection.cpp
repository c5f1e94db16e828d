#include "httpconnection.h"

#include "accesspolicy.h"
#include "channel.h"
#include "channelhub.h"
#include "servercontext.h"
#include "serversocket.h"
#include "worker.h"
#include "metrics/monotonicclock.h"
#include "protocol/envelope.h"
#include "protocol/httpheadparser.h"
#include "protocol/sseencoder.h"
#include "presence/presencedirectory.h"

#include <QDateTime>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QUuid>

#include <optional>


namespace {

constexpr qint64 lingerNs = 2'000'000'000; // after an error answer: read and discard, then close

qint64 toNs(std::chrono::milliseconds duration)
{
    return qint64(duration.count()) * 1'000'000;
}

// Strict unsigned integer for query parameters: digits only, no sign, no spaces.
std::optional<quint64> parseSequence(const QString &text)
{
    if (text.isEmpty() || text.size() > 19)
        return std::nullopt;
    for (QChar c : text) {
        if (c < u'0' || c > u'9')
            return std::nullopt;
    }
    return text.toULongLong();
}

// The ?channel= of a request, "general" when absent (DESIGN section 4).
QString channelNameOf(const HttpRequestHead &head)
{
    const QString name = head.query.queryItemValue(QStringLiteral("channel"), QUrl::FullyDecoded);
    return name.isEmpty() ? QStringLiteral("general") : name;
}

QByteArray indexPage()
{
    static const QByteArray page = [] {
        QFile file(QStringLiteral(":/web/index.html"));
        return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray("SocketScope");
    }();
    return page;
}

QByteArray sliceToPollBody(const QString &channel, const ReplayBuffer::Slice &slice, quint64 since)
{
    // Each event is the envelope JSON encoded at publish time; only the wrapper is built here.
    QByteArray body = "{\"channel\":\"" + channel.toUtf8() + "\",\"events\":[";
    quint64 last = slice.reset ? slice.latest : since;
    for (qsizetype i = 0; i < slice.messages.size(); ++i) {
        if (i > 0)
            body += ',';
        body += slice.messages[i]->json;
        last = slice.messages[i]->seq;
    }
    body += "],\"last\":" + QByteArray::number(last);
    body += ",\"reset\":" + QByteArray(slice.reset ? "true" : "false");
    if (slice.reset)
        body += ",\"oldest\":" + QByteArray::number(slice.oldest) + ",\"latest\":" + QByteArray::number(slice.latest);
    body += "}\n";
    return body;
}

} // namespace

namespace {

struct HandshakeRefusal
{
    int status;
    QString message;
    QList<QPair<QByteArray, QByteArray>> headers;
};

// RFC 6455 4.2.1: a server that finds the opening handshake malformed "MUST stop processing the
// client's handshake and return an HTTP response with an appropriate error code (such as 400 Bad
// Request)". QWebSocketServer 6.4 closes such connections without a word, so the head, already
// parsed here, is checked before it is handed over (docs/conformance.md, cases H.4-H.7).
std::optional<HandshakeRefusal> refuseWebSocketHandshake(const HttpRequestHead &head)
{
    if (head.versionMinor < 1)
        return HandshakeRefusal{400, QStringLiteral("a WebSocket handshake needs HTTP/1.1 or later (RFC 6455 4.1)"), {}};
    const QByteArray key = head.header("Sec-WebSocket-Key").trimmed();
    const auto decoded = QByteArray::fromBase64Encoding(key, QByteArray::AbortOnBase64DecodingErrors);
    if (key.isEmpty() || !decoded || decoded.decoded.size() != 16)
        return HandshakeRefusal{400, QStringLiteral("Sec-WebSocket-Key must be the base64 of 16 bytes (RFC 6455 4.1)"), {}};
    const QByteArray version = head.header("Sec-WebSocket-Version").trimmed();
    if (version.isEmpty())
        return HandshakeRefusal{400, QStringLiteral("Sec-WebSocket-Version is missing (RFC 6455 4.1)"), {}};
    // RFC 6455 4.4: an unsupported version gets an error "such as 426" naming the versions served.
    if (version != "13")
        return HandshakeRefusal{426, QStringLiteral("Sec-WebSocket-Version %1 is not supported; this server speaks 13").arg(QString::fromLatin1(version).left(16)),
                                {{"Sec-WebSocket-Version", "13"}}};
    return std::nullopt;
}

} // namespace

HttpConnection::HttpConnection(Worker &worker, ServerSocket *socket)
    : m_worker(worker)
    , m_socket(socket)
{
    m_socket->setParent(this);
    // Bound what Qt buffers from a client that is not being read (a parked poll with pipelined
    // requests behind it, a head in progress): past this TCP pushes back instead.
    m_socket->setReadBufferSize(readBufferLimit());
    ServerCounters &counters = worker.counters();
    ServerCounters::add(counters.open[ServerCounters::Http], 1);
    ServerCounters::add(counters.accepted[ServerCounters::Http]);
    m_headStartedNs = MonotonicClock::nowNs(); // RFC-less but essential: 10 s to send the first head

    connect(m_socket, &QIODevice::readyRead, this, &HttpConnection::onReadyRead);
    connect(m_socket, &QAbstractSocket::disconnected, this, &HttpConnection::onDisconnected);
    connect(m_socket, &QIODevice::bytesWritten, this, [this] {
        // Lingering close: once the answer is out, stop sending but keep draining input, so
        // the peer reads the answer instead of a reset.
        if (m_state == State::Closing && m_socket->bytesToWrite() == 0)
            m_socket->shutdownWriteWhenSent();
    });

    m_peer = m_socket->peerAddress();
    const QHostAddress &peer = m_peer;
    const ServerConfig &config = worker.context().config;
    if (worker.context().limiter.tryAcquire(peer, config.connectionLimitFor(peer))) {
        m_holdsAddressSlot = true;
    } else {
        ServerCounters::add(counters.rejectedPerAddress);
        fail(429, QStringLiteral("too many connections from %1 (limit %2)")
                      .arg(peer.toString()).arg(config.connectionLimitFor(peer)));
    }
    rearm();
}

HttpConnection::~HttpConnection()
{
    m_worker.unsubscribe(this);
    ServerCounters &counters = m_worker.counters();
    if (m_state == State::Streaming)
        ServerCounters::add(counters.open[ServerCounters::Sse], -1);
    else if (m_socket)
        ServerCounters::add(counters.open[ServerCounters::Http], -1);
    if (m_state == State::Polling)
        ServerCounters::add(counters.open[ServerCounters::Poll], -1);
    if (m_holdsAddressSlot)
        m_worker.context().limiter.release(m_peer);
    if (m_publishToken != 0)
        m_worker.forgetPublish(m_publishToken);
    m_worker.forget(this);
}

qint64 HttpConnection::readBufferLimit() const
{
    const ServerConfig &config = m_worker.context().config;
    return config.maxHeadBytes + config.maxMessageBytes + 1024;
}

void HttpConnection::onReadyRead()
{
    if (m_readingStopped)
        return;
    processBuffered();
}

void HttpConnection::processBuffered()
{
    const ServerConfig &config = m_worker.context().config;
    while (m_socket) {
        const qint64 available = m_socket->bytesAvailable();
        switch (m_state) {
        case State::Streaming:
        case State::Closing:
            // Nothing more is expected from this client: read and discard.
            m_socket->skip(available);
            return;
        case State::Polling:
        case State::Publishing:
            return; // a pipelined request waits until the poll or publish is answered
        case State::ReadingBody: {
            if (available < m_pendingBodyLength)
                return;
            const QByteArray body = m_socket->read(m_pendingBodyLength);
            ServerCounters::add(m_worker.counters().bytesReceived, quint64(body.size()));
            m_state = State::ReadingHead;
            route(m_pendingHead, body);
            continue;
        }
        case State::ReadingHead:
            break;
        }
        if (available == 0)
            return;
        if (m_headStartedNs == 0) {
            m_headStartedNs = MonotonicClock::nowNs();
            rearm(); // from the keep-alive deadline to the (shorter) head timeout
        }
        // Peek, do not read: a WebSocket upgrade must reach QWebSocketServer with its head unread.
        const QByteArray buffered = m_socket->peek(qMin<qint64>(available, config.maxHeadBytes + 64));
        const HttpHeadParser::Result result =
            HttpHeadParser::parse(buffered, {config.maxHeadBytes, config.maxHeaderCount});
        if (result.status == HttpHeadParser::Status::Incomplete)
            return;
        if (result.status == HttpHeadParser::Status::Error) {
            fail(result.httpStatus, QString::fromUtf8(result.error));
            return;
        }
        const HttpRequestHead &head = result.head;
        if (head.isWebSocketUpgrade()) {
            if (const std::optional<HandshakeRefusal> refusal = refuseWebSocketHandshake(head)) {
                m_socket->skip(result.headLength);
                fail(refusal->status, refusal->message, true, refusal->headers);
                return;
            }
            handWebSocket(head);
            return;
        }
        m_socket->skip(result.headLength);
        const qint64 length = head.contentLength();
        if (length > config.maxMessageBytes) {
            ServerCounters::add(m_worker.counters().rejectedOversize);
            fail(413, QStringLiteral("request body of %1 bytes is over the limit of %2 bytes")
                          .arg(length).arg(config.maxMessageBytes));
            return;
        }
        if (length > 0) {
            m_pendingHead = head;
            m_pendingBodyLength = length;
            m_state = State::ReadingBody;
            continue;
        }
        route(head, {});
    }
}

bool HttpConnection::checkAccess(const HttpRequestHead &head, bool tokenRequired)
{
    const ServerConfig &config = m_worker.context().config;
    if (!AccessPolicy::originAllowed(config, head)) {
        ServerCounters::add(m_worker.counters().rejectedOrigin);
        fail(403, QStringLiteral("origin not allowed"), false);
        return false;
    }
    if (tokenRequired && m_worker.context().jwt) {
        const JwtVerifier::Result result = m_worker.context().jwt->verify(AccessPolicy::offeredToken(head),
                                                                          QDateTime::currentMSecsSinceEpoch());
        m_tokenExpiresNs = 0;
        if (!result.ok()) {
            ServerCounters::add(m_worker.counters().rejectedAuth);
            HttpResponse response = HttpResponse::jsonError(401, result.reason);
            // RFC 6750 3 and 3.1: no error code when no token came, invalid_token otherwise.
            response.header("WWW-Authenticate", result.refusal == JwtVerifier::Refusal::Missing
                                                    ? QByteArray("Bearer")
                                                    : "Bearer error=\"invalid_token\", error_description=\"" + result.reason.toUtf8() + '"');
            respond(response, head);
            return false;
        }
        if (result.expiresAtMs) {
            // An SSE stream ends when its token does (timerExpired).
            m_tokenExpiresNs = MonotonicClock::nowNs() + (*result.expiresAtMs - QDateTime::currentMSecsSinceEpoch()) * 1'000'000;
        }
    }
    if (tokenRequired && !AccessPolicy::tokenAccepted(config, head)) {
        ServerCounters::add(m_worker.counters().rejectedAuth);
        HttpResponse response = HttpResponse::jsonError(401, QStringLiteral("Unauthorized: pass ?token= or Authorization: Bearer"));
        response.header("WWW-Authenticate", "Bearer");
        respond(response, head);
        return false;
    }
    return true;
}

QByteArray HttpConnection::corsHeaderFor(const HttpRequestHead &head) const
{
    return head.header("Origin");
}

void HttpConnection::route(const HttpRequestHead &head, const QByteArray &body)
{
    ServerCounters::add(m_worker.counters().httpRequests);
    const QString &path = head.path;
    const bool isGet = head.method == "GET" || head.method == "HEAD";
    const auto methodNotAllowed = [&](QByteArray allow) {
        HttpResponse response = HttpResponse::jsonError(405, QStringLiteral("method %1 not allowed on %2")
                                                                 .arg(QString::fromUtf8(head.method), path));
        response.header("Allow", std::move(allow));
        respond(response, head);
    };

    if (path == u"/healthz") {
        if (!isGet)
            return methodNotAllowed("GET, HEAD");
        return respond(HttpResponse(200).body("ok\n", "text/plain; charset=utf-8").header("Cache-Control", "no-store"), head);
    }
    if (path == u"/" || path == u"/index.html") {
        if (!isGet)
            return methodNotAllowed("GET, HEAD");
        if (!checkAccess(head, false))
            return;
        return respond(HttpResponse(200).body(indexPage(), "text/html; charset=utf-8").header("Cache-Control", "no-cache"), head);
    }
    if (path == u"/metrics") {
        if (!isGet)
            return methodNotAllowed("GET, HEAD");
        if (!checkAccess(head, true))
            return;
        return respond(HttpResponse(200).body(m_worker.context().prometheusText(), "text/plain; version=0.0.4; charset=utf-8"), head);
    }
    if (path == u"/publish") {
        if (head.method == "OPTIONS") {
            // CORS preflight for browsers posting JSON from another allowed origin.
            if (!checkAccess(head, false))
                return;
            HttpResponse response(204);
            response.header("Access-Control-Allow-Methods", "POST, OPTIONS")
                .header("Access-Control-Allow-Headers", "Content-Type, Authorization")
                .header("Access-Control-Max-Age", "600");
            return respond(response, head);
        }
        if (head.method != "POST")
            return methodNotAllowed("POST, OPTIONS");
        if (!checkAccess(head, true))
            return;
        return servePublish(head, body);
    }
    if (path == u"/events") {
        if (head.method != "GET")
            return methodNotAllowed("GET");
        if (!m_worker.context().config.sseEnabled)
            return respond(HttpResponse::jsonError(404, QStringLiteral("Server-Sent Events are disabled on this server")), head);
        if (!checkAccess(head, true))
            return;
        return serveEvents(head);
    }
    if (path == u"/poll") {
        if (head.method != "GET")
            return methodNotAllowed("GET");
        if (!m_worker.context().config.pollEnabled)
            return respond(HttpResponse::jsonError(404, QStringLiteral("long polling is disabled on this server")), head);
        if (!checkAccess(head, true))
            return;
        return servePoll(head);
    }
    if (path == u"/ws") {
        HttpResponse response = HttpResponse::jsonError(426, QStringLiteral("/ws expects a WebSocket upgrade request"));
        response.header("Upgrade", "websocket");
        return respond(response, head);
    }
    respond(HttpResponse::jsonError(404, QStringLiteral("no such endpoint: %1").arg(path)), head);
}

void HttpConnection::respondChannelLimit(const HttpRequestHead &head)
{
    const ServerContext &context = m_worker.context();
    HttpResponse response = HttpResponse::jsonError(503, context.hub.limitReason());
    // RFC 9110 10.2.3: when to try again; the next eviction sweep is at most the idle time away.
    const qint64 idleSeconds = (context.config.channelIdleTimeout.count() + 999) / 1000;
    if (idleSeconds > 0)
        response.header("Retry-After", QByteArray::number(idleSeconds));
    respond(response, head);
}

void HttpConnection::respond(const HttpResponse &response, const HttpRequestHead &head)
{
    HttpResponse out = response;
    const bool keepAlive = head.wantsKeepAlive() && !m_worker.isDraining() && response.status() < 500;
    if (head.hasHeader("Origin"))
        out.header("Access-Control-Allow-Origin", corsHeaderFor(head)).header("Vary", "Origin");
    out.keepAlive(keepAlive);
    const QByteArray bytes = out.toBytes(head.method == "HEAD");
    m_socket->write(bytes);
    ServerCounters &counters = m_worker.counters();
    ServerCounters::add(counters.bytesSent, quint64(bytes.size()));
    if (response.status() >= 400)
        ServerCounters::add(counters.httpErrors);
    finishResponse(keepAlive);
}

void HttpConnection::fail(int status, const QString &message, bool closeAfter,
                          const QList<QPair<QByteArray, QByteArray>> &extraHeaders)
{
    if (!m_socket || m_state == State::Closing)
        return;
    ServerCounters &counters = m_worker.counters();
    ServerCounters::add(counters.httpErrors);
    if (status == 413 || status == 431)
        ServerCounters::add(counters.rejectedOversize);
    HttpResponse response = HttpResponse::jsonError(status, message);
    for (const auto &[name, value] : extraHeaders)
        response.header(name, value);
    response.keepAlive(!closeAfter);
    const QByteArray bytes = response.toBytes();
    m_socket->write(bytes);
    ServerCounters::add(counters.bytesSent, quint64(bytes.size()));
    if (closeAfter)
        closeAfterWrite();
    else
        finishResponse(true);
}

void HttpConnection::finishResponse(bool keepAlive)
{
    if (!keepAlive) {
        closeAfterWrite();
        return;
    }
    m_state = State::ReadingHead;
    m_headStartedNs = 0;
    m_idleSinceNs = MonotonicClock::nowNs();
    rearm();
}

void HttpConnection::closeAfterWrite()
{
    if (!m_socket)
        return;
    if (m_state == State::Polling)
        leavePolling();
    m_state = State::Closing;
    m_headStartedNs = MonotonicClock::nowNs();
    rearm();
    m_worker.unsubscribe(this);
    // What the kernel (or the TLS layer) did not take yet is shut down after it, on bytesWritten.
    m_socket->shutdownWriteWhenSent();
}

void HttpConnection::handWebSocket(const HttpRequestHead &head)
{
    const ServerConfig &config = m_worker.context().config;
    if (!config.webSocketEnabled || head.path != u"/ws") {
        fail(404, config.webSocketEnabled ? QStringLiteral("WebSocket endpoint is /ws")
                                          : QStringLiteral("WebSocket is disabled on this server"));
        return;
    }
    ServerCounters &counters = m_worker.counters();
    WsAdmission admission;
    admission.peer = m_peer;
    admission.channelName = channelNameOf(head);
    if (!AccessPolicy::originAllowed(config, head)) {
        ServerCounters::add(counters.rejectedOrigin);
        admission.closeCode = 1008;
        admission.closeReason = QStringLiteral("origin not allowed");
    } else if (m_worker.context().jwt && !admitToken(head, admission)) {
        ServerCounters::add(counters.rejectedAuth);
    } else if (!AccessPolicy::tokenAccepted(config, head)) {
        ServerCounters::add(counters.rejectedAuth);
        admission.closeCode = 4001;
        admission.closeReason = QStringLiteral("Unauthorized");
    } else if (!ChannelHub::isValidChannelName(admission.channelName)) {
        admission.closeCode = 1008;
        admission.closeReason = QStringLiteral("invalid channel name");
    } else if (admission.user.isEmpty() && head.query.hasQueryItem(QStringLiteral("user"))
               && !PresenceDirectory::isValidUser(admission.user = head.query.queryItemValue(QStringLiteral("user"),
                                                                                              QUrl::FullyDecoded))) {
        admission.closeCode = 1008;
        admission.closeReason = QStringLiteral("invalid user: ") + PresenceDirectory::validUserForm();
    } else if (head.query.hasQueryItem(QStringLiteral("since"))) {
        admission.resumeAfter = parseSequence(head.query.queryItemValue(QStringLiteral("since")));
        if (!admission.resumeAfter) {
            admission.closeCode = 1008;
            admission.closeReason = QStringLiteral("since must be a non-negative integer");
        }
    }
    ServerCounters::add(counters.httpRequests);
    // The socket leaves this object; the per-address slot goes with it.
    admission.holdsAddressSlot = m_holdsAddressSlot;
    m_holdsAddressSlot = false;
    ServerSocket *socket = m_socket;
    QObject::disconnect(socket, nullptr, this, nullptr);
    socket->setReadBufferSize(0); // QtWebSockets enforces its own frame and message limits
    m_socket = nullptr;
    ServerCounters::add(counters.open[ServerCounters::Http], -1);
    m_finished = true;
    m_worker.upgradeToWebSocket(socket, std::move(admission));
    deleteLater();
}

bool HttpConnection::admitToken(const HttpRequestHead &head, WsAdmission &admission) const
{
    const JwtVerifier::Result result = m_worker.context().jwt->verify(AccessPolicy::offeredToken(head),
                                                                      QDateTime::currentMSecsSinceEpoch());
    if (!result.ok()) {
        // After the handshake, as with the one token: browsers show a close code and reason.
        admission.closeCode = 4001;
        admission.closeReason = result.reason;
        return false;
    }
    // The user is the token's: a ?user= naming another is refused, not believed.
    const QString named = head.query.queryItemValue(QStringLiteral("user"), QUrl::FullyDecoded);
    if (head.query.hasQueryItem(QStringLiteral("user")) && named != result.user) {
        admission.closeCode = 1008;
        admission.closeReason = QStringLiteral("user does not match the token's sub");
        return true;
    }
    admission.user = result.user;
    admission.tokenExpiresAtMs = result.expiresAtMs;
    return true;
}

void HttpConnection::servePublish(const HttpRequestHead &head, const QByteArray &body)
{
    if (FrameTap *tap = m_worker.context().frameTap.active())
        tapFrame(*tap, FrameRecord::Direction::ClientToServer, FrameRecord::Protocol::Http, body);
    QJsonParseError error{};
    const QJsonDocument document = QJsonDocument::fromJson(body, &error);
    if (error.error != QJsonParseError::NoError) {
        ServerCounters::add(m_worker.counters().invalidMessages);
        return respond(HttpResponse::jsonError(400, QStringLiteral("invalid JSON at offset %1: %2")
                                                        .arg(error.offset).arg(error.errorString())), head);
    }
    if (!document.isObject())
        return respond(HttpResponse::jsonError(400, QStringLiteral("expected a JSON object {\"channel\",\"type\",\"payload\"}")), head);
    const QJsonObject object = document.object();
    for (auto it = object.constBegin(); it != object.constEnd(); ++it) {
        if (it.key() != u"channel" && it.key() != u"type" && it.key() != u"payload" && it.key() != u"id")
            return respond(HttpResponse::jsonError(400, QStringLiteral("unknown field \"%1\" (expected channel, type, payload, id)").arg(it.key())), head);
    }
    const QJsonValue channelValue = object.value(QLatin1String("channel"));
    const QString channelName = channelValue.isUndefined() ? QStringLiteral("general") : channelValue.toString();
    if (!channelValue.isUndefined() && !channelValue.isString())
        return respond(HttpResponse::jsonError(400, QStringLiteral("field \"channel\" must be a string")), head);
    if (!ChannelHub::isValidChannelName(channelName))
        return respond(HttpResponse::jsonError(400, QStringLiteral("field \"channel\" must be 1-128 characters of letters, digits, '_', '.', ':', '-'")), head);
    const QJsonValue typeValue = object.value(QLatin1String("type"));
    if (!typeValue.isString() || !Envelope::isValidType(typeValue.toString()))
        return respond(HttpResponse::jsonError(400, QStringLiteral("field \"type\" must be a dotted type such as \"chat.message\"")), head);
    if (Envelope::isReservedType(typeValue.toString()) || typeValue.toString() == u"echo" || typeValue.toString() == u"sync")
        return respond(HttpResponse::jsonError(400, QStringLiteral("type \"%1\" is reserved").arg(typeValue.toString())), head);
    const QJsonValue idValue = object.value(QLatin1String("id"));
    if (!idValue.isUndefined() && (!idValue.isString() || idValue.toString().size() > Envelope::maxIdLength))
        return respond(HttpResponse::jsonError(400, QStringLiteral("field \"id\" must be a string of at most %1 characters").arg(Envelope::maxIdLength)), head);

    Channel *channel = m_worker.channelFor(channelName);
    if (!channel)
        return respondChannelLimit(head);
    const QString id = idValue.isString() ? idValue.toString() : QUuid::createUuid().toString(QUuid::WithoutBraces);
    ServerCounters &counters = m_worker.counters();
    ServerCounters::add(counters.messagesReceived);
    ServerCounters::add(counters.messagesPublished);
    const QJsonValue payload = object.contains(QLatin1String("payload")) ? object.value(QLatin1String("payload")) : QJsonValue();
    ChannelHub &hub = m_worker.context().hub;
    m_publishHead = head;
    m_state = State::Publishing;
    if (!hub.hasBroker()) {
        // Numbered here and now: `done` runs before publish() returns.
        hub.publish(*channel, typeValue.toString(), id, payload, [this](const Channel::Published &published) {
            answerPublish(published);
        });
        return;
    }
    // The broker numbers it on the bus thread; the answer comes back through this worker, which
    // knows whether this connection still exists by then.
    rearm();
    m_publishToken = m_worker.awaitPublish(this);
    Worker *worker = &m_worker;
    const quint64 token = m_publishToken;
    hub.publish(*channel, typeValue.toString(), id, payload, [worker, token](const Channel::Published &published) {
        QMetaObject::invokeMethod(worker, [worker, token, published] { worker->answerPublish(token, published); },
                                  Qt::QueuedConnection);
    });
}

void HttpConnection::answerPublish(const Channel::Published &published)
{
    if (m_state != State::Publishing)
        return;
    const bool answeredLater = m_publishToken != 0;
    m_publishToken = 0;
    m_state = State::ReadingHead;
    // "delivered": the live subscribers it was dispatched to; through a broker, those of this
    // instance (the others are not known here); "seq" 0: delivered here only, unnumbered, or
    // an ephemeral type (relayed to every instance unnumbered, said so).
    QJsonObject answer{{QLatin1String("seq"), double(published.seq)},
                       {QLatin1String("delivered"), published.dropped ? 0 : published.subscribers}};
    if (published.ephemeral)
        answer.insert(QLatin1String("ephemeral"), true);
    respond(HttpResponse(200).body(QJsonDocument(answer).toJson(QJsonDocument::Compact) + '\n', "application/json"), m_publishHead);
    // Requests pipelined behind it were left waiting (answered at once, processBuffered goes on).
    if (answeredLater && m_state == State::ReadingHead && m_socket && m_socket->bytesAvailable() > 0)
        QMetaObject::invokeMethod(this, &HttpConnection::processBuffered, Qt::QueuedConnection);
}

void HttpConnection::serveEvents(const HttpRequestHead &head)
{
    const QString channelName = channelNameOf(head);
    if (!ChannelHub::isValidChannelName(channelName))
        return respond(HttpResponse::jsonError(400, QStringLiteral("invalid channel name")), head);
    std::optional<quint64> resumeAfter;
    if (head.query.hasQueryItem(QStringLiteral("lastEventId"))) {
        resumeAfter = parseSequence(head.query.queryItemValue(QStringLiteral("lastEventId")));
        if (!resumeAfter)
            return respond(HttpResponse::jsonError(400, QStringLiteral("lastEventId must be a non-negative integer")), head);
    }
    // WHATWG: a reconnecting EventSource sends its last event ID in the Last-Event-ID header.
    // Ours are sequence numbers; anything else (another server's id) starts fresh.
    if (head.hasHeader("Last-Event-ID"))
        resumeAfter = parseSequence(QString::fromUtf8(head.header("Last-Event-ID")));
    Channel *channel = m_worker.channelFor(channelName);
    if (!channel)
        return respondChannelLimit(head);

    HttpResponse response(200);
    response.header("Content-Type", "text/event-stream; charset=utf-8")
        .header("Cache-Control", "no-cache")
        .header("X-Accel-Buffering", "no")
        .keepAlive(false);
    if (head.hasHeader("Origin"))
        response.header("Access-Control-Allow-Origin", corsHeaderFor(head)).header("Vary", "Origin");
    QByteArray start = response.streamHead();
    // WHATWG SSE: retry: sets the client's reconnection time; sent before any event.
    start += SseEncoder::retry(m_worker.context().config.sseRetry);

    ServerCounters &counters = m_worker.counters();
    ServerCounters::add(counters.open[ServerCounters::Http], -1);
    ServerCounters::add(counters.open[ServerCounters::Sse], 1);
    ServerCounters::add(counters.accepted[ServerCounters::Sse]);
    m_state = State::Streaming;
    m_nextHeartbeatNs = MonotonicClock::nowNs() + toNs(m_worker.context().config.sseHeartbeat);
    rearm();

    // Subscribed before the head leaves: a client that sees the head and publishes at once
    // (from another connection, served by another worker) must get that message on this stream.
    const ReplayBuffer::Slice slice = m_worker.subscribe(this, channel, resumeAfter);
    m_socket->write(start);
    // Like the WebSocket welcome: the channel's newest sequence number at the moment of joining,
    // so a client can count loss from its very first message. A named event without id:, so an
    // EventSource's onmessage never sees it and its Last-Event-ID is untouched.
    const QJsonObject welcome{{QLatin1String("type"), QLatin1String("session.welcome")},
                              {QLatin1String("channel"), channel->name()},
                              {QLatin1String("payload"), QJsonObject{{QLatin1String("latest"), double(slice.latest)}}}};
    const QByteArray welcomeJson = QJsonDocument(welcome).toJson(QJsonDocument::Compact);
    FrameTap *tap = m_worker.context().frameTap.active();
    if (tap)
        tapFrame(*tap, FrameRecord::Direction::ServerToClient, FrameRecord::Protocol::Sse, welcomeJson);
    m_worker.send(this, SseEncoder::event(welcomeJson, "session.welcome"));
    if (slice.reset) {
        const QJsonObject reset{{QLatin1String("since"), double(*resumeAfter)},
                                {QLatin1String("oldest"), double(slice.oldest)},
                                {QLatin1String("latest"), double(slice.latest)}};
        m_worker.send(this, SseEncoder::event(QJsonDocument(reset).toJson(QJsonDocument::Compact), "reset"));
    }
    for (const MessagePtr &message : slice.messages) {
        if (tap)
            tapFrame(*tap, FrameRecord::Direction::ServerToClient, FrameRecord::Protocol::Sse, message->json, message.get());
        m_worker.send(this, message->sseEvent);
    }
    ServerCounters::add(counters.delivered[ServerCounters::Sse], quint64(slice.messages.size()));
}

void HttpConnection::servePoll(const HttpRequestHead &head)
{
    const ServerConfig &config = m_worker.context().config;
    const QString channelName = channelNameOf(head);
    if (!ChannelHub::isValidChannelName(channelName))
        return respond(HttpResponse::jsonError(400, QStringLiteral("invalid channel name")), head);
    std::optional<quint64> since;
    if (head.query.hasQueryItem(QStringLiteral("since"))) {
        since = parseSequence(head.query.queryItemValue(QStringLiteral("since")));
        if (!since)
            return respond(HttpResponse::jsonError(400, QStringLiteral("since must be a non-negative integer")), head);
    }
    qint64 timeoutMs = config.pollDefaultTimeout.count();
    if (head.query.hasQueryItem(QStringLiteral("timeout"))) {
        bool ok = false;
        const double seconds = head.query.queryItemValue(QStringLiteral("timeout")).toDouble(&ok);
        if (!ok || seconds < 0 || seconds * 1000 > double(config.pollMaxTimeout.count())) {
            return respond(HttpResponse::jsonError(400, QStringLiteral("timeout must be a number of seconds from 0 to %1")
                                                            .arg(config.pollMaxTimeout.count() / 1000)), head);
        }
        timeoutMs = qint64(seconds * 1000);
    }
    Channel *channel = m_worker.channelFor(channelName);
    if (!channel)
        return respondChannelLimit(head);

    ServerCounters &counters = m_worker.counters();
    ServerCounters::add(counters.accepted[ServerCounters::Poll]);
    m_pollSince = since.value_or(channel->latest());
    const ReplayBuffer::Slice slice = channel->since(m_pollSince);
    if (slice.reset || !slice.messages.isEmpty() || timeoutMs == 0) {
        if (slice.reset)
            ServerCounters::add(counters.resets);
        ServerCounters::add(counters.delivered[ServerCounters::Poll], quint64(slice.messages.size()));
        const QByteArray body = sliceToPollBody(channelName, slice, m_pollSince);
        if (FrameTap *tap = m_worker.context().frameTap.active())
            tapFrame(*tap, FrameRecord::Direction::ServerToClient, FrameRecord::Protocol::Poll, body);
        return respond(HttpResponse(200).body(body, "application/json").header("Cache-Control", "no-store"), head);
    }
    // Nothing yet: park until the channel's next message or the timeout.
    m_pollHead = head;
    m_state = State::Polling;
    m_pollDeadlineNs = MonotonicClock::nowNs() + timeoutMs * 1'000'000;
    rearm();
    ServerCounters::add(counters.open[ServerCounters::Poll], 1);
    m_worker.subscribe(this, channel, std::nullopt);
}

void HttpConnection::leavePolling()
{
    m_worker.unsubscribe(this);
    ServerCounters::add(m_worker.counters().open[ServerCounters::Poll], -1);
    m_state = State::ReadingHead;
}

void HttpConnection::answerPoll(bool timedOut)
{
    if (m_state != State::Polling)
        return;
    Channel *channel = this->channel;
    const QString channelName = channel ? channel->name() : QString();
    ReplayBuffer::Slice slice;
    if (channel && !timedOut)
        slice = channel->since(m_pollSince);
    leavePolling();
    ServerCounters::add(m_worker.counters().delivered[ServerCounters::Poll], quint64(slice.messages.size()));
    const QByteArray body = sliceToPollBody(channelName, slice, m_pollSince);
    if (FrameTap *tap = m_worker.context().frameTap.active())
        tapFrame(*tap, FrameRecord::Direction::ServerToClient, FrameRecord::Protocol::Poll, body);
    respond(HttpResponse(200).body(body, "application/json").header("Cache-Control", "no-store"), m_pollHead);
    // Requests pipelined behind the poll were left waiting.
    if (m_state == State::ReadingHead && m_socket && m_socket->bytesAvailable() > 0)
        QMetaObject::invokeMethod(this, &HttpConnection::processBuffered, Qt::QueuedConnection);
}

void HttpConnection::deliver(const MessagePtr &message)
{
    if (m_state == State::Polling) {
        if (message->seq == 0)
            return; // a poll answers from the channel's numbered history only
        answerPoll(false);
        return;
    }
    if (m_state != State::Streaming)
        return;
    // Tapped before it is written: once a client has a message, the inspector has it too.
    if (FrameTap *tap = m_worker.context().frameTap.active()) [[unlikely]]
        tapFrame(*tap, FrameRecord::Direction::ServerToClient, FrameRecord::Protocol::Sse, message->json, message.get());
    writeNow(message->sseEvent);
    ServerCounters::add(m_worker.counters().delivered[ServerCounters::Sse]);
}

void HttpConnection::tapFrame(FrameTap &tap, FrameRecord::Direction direction, FrameRecord::Protocol protocol,
                              QByteArrayView json, const ChannelMessage *message)
{
    FrameTap::Frame frame;
    frame.direction = direction;
    frame.protocol = protocol;
    frame.bytes = json;
    if (message) {
        frame.type = &message->type;
        frame.channel = &message->channel;
    }
    tap.offer(m_tapEndpoint, frame, [&] {
        FrameConnection connection;
        connection.side = FrameRecord::Side::Server;
        connection.protocol = protocol;
        connection.label = m_peer.toString() + QLatin1Char(':') + QString::number(m_socket ? m_socket->peerPort() : 0);
        connection.channel = channel ? channel->name() : QString();
        return connection;
    });
}

void HttpConnection::writeNow(const QByteArray &bytes)
{
    if (m_state != State::Streaming || !m_socket)
        return;
    if (m_socket->wouldExceedUnsent(bytes.size(), m_worker.context().config.slowConsumerBytes)) {
        // An SSE stream has no close code: a slow consumer's stream is simply cut.
        ServerCounters::add(m_worker.counters().slowConsumerCloses);
        resetNow();
        return;
    }
    m_socket->write(bytes);
    ServerCounters::add(m_worker.counters().bytesSent, quint64(bytes.size()));
}

void HttpConnection::rearm()
{
    if (!m_socket || m_finished) {
        m_worker.deadlines().cancel(*this);
        return;
    }
    const ServerConfig &config = m_worker.context().config;
    qint64 dueNs = 0;
    switch (m_state) {
    case State::ReadingHead:
    case State::ReadingBody:
        // While the server itself stops reading (a fault), the client is not to blame.
        if (m_readingStopped) {
            m_worker.deadlines().cancel(*this);
            return;
        }
        // +1: the checks below are "more than", as they were when every tick scanned everything.
        dueNs = m_headStartedNs != 0 ? m_headStartedNs + toNs(config.headTimeout) + 1
                                     : m_idleSinceNs + toNs(config.keepAliveTimeout) + 1;
        break;
    case State::Streaming:
        dueNs = m_tokenExpiresNs != 0 ? qMin(m_nextHeartbeatNs, m_tokenExpiresNs) : m_nextHeartbeatNs;
        break;
    case State::Polling:
        dueNs = m_pollDeadlineNs;
        break;
    case State::Publishing:
        m_worker.deadlines().cancel(*this); // the broker answers, or the bridge delivers locally
        return;
    case State::Closing:
        dueNs = m_headStartedNs + lingerNs + 1;
        break;
    }
    m_worker.deadlines().schedule(*this, dueNs);
}

void HttpConnection::timerExpired(qint64 nowNs)
{
    if (!m_socket || m_finished)
        return;
    const ServerConfig &config = m_worker.context().config;
    switch (m_state) {
    case State::ReadingHead:
    case State::ReadingBody:
        if (m_readingStopped)
            break;
        if (m_headStartedNs != 0 && nowNs - m_headStartedNs > toNs(config.headTimeout)) {
            ServerCounters::add(m_worker.counters().headTimeouts);
            // The TLS handshake runs on the head's clock; unfinished, no answer can be read.
            if (m_socket->isHandshaking()) {
                abortNow();
                return;
            }
            fail(408, QStringLiteral("request not received within %1 ms").arg(config.headTimeout.count()));
        } else if (m_headStartedNs == 0 && nowNs - m_idleSinceNs > toNs(config.keepAliveTimeout)) {
            closeAfterWrite();
        }
        break;
    case State::Streaming:
        if (m_tokenExpiresNs != 0 && nowNs >= m_tokenExpiresNs) {
            // The stream's token ran out: end it; an EventSource that reconnects with the same
            // token gets the 401, a client that refreshed it goes on (docs/server.md, "JWT").
            ServerCounters::add(m_worker.counters().tokenExpiredCloses);
            closeGracefully();
            return;
        }
        if (nowNs >= m_nextHeartbeatNs) {
            m_nextHeartbeatNs = nowNs + toNs(config.sseHeartbeat);
            m_worker.send(this, SseEncoder::comment("heartbeat"));
        }
        break;
    case State::Polling:
        if (nowNs >= m_pollDeadlineNs)
            answerPoll(true);
        break;
    case State::Publishing:
        break;
    case State::Closing:
        if (nowNs - m_headStartedNs > lingerNs)
            abortNow();
        break;
    }
    rearm();
}

void HttpConnection::closeGracefully()
{
    switch (m_state) {
    case State::Polling:
        answerPoll(true); // draining: respond() adds Connection: close
        return;
    case State::Streaming:
        // End the SSE response cleanly: flush what is queued, then close the connection.
        m_worker.unsubscribe(this);
        ServerCounters::add(m_worker.counters().open[ServerCounters::Sse], -1);
        ServerCounters::add(m_worker.counters().open[ServerCounters::Http], 1);
        m_state = State::ReadingHead;
        closeAfterWrite();
        return;
    case State::ReadingHead:
    case State::ReadingBody:
    case State::Publishing:
        closeAfterWrite();
        return;
    case State::Closing:
        return;
    }
}

void HttpConnection::abortNow()
{
    if (!m_socket || m_finished)
        return;
    m_socket->hardAbort();
    onDisconnected();
}

void HttpConnection::resetNow()
{
    if (!m_socket || m_finished)
        return;
    m_socket->resetConnection();
    onDisconnected();
}

void HttpConnection::setReadingStopped(bool stopped)
{
    if (!m_socket)
        return;
    m_readingStopped = stopped;
    rearm();
    // Bound what Qt buffers so a stalled server pushes back on the client through TCP.
    m_socket->setReadBufferSize(stopped ? 64 * 1024 : readBufferLimit());
    if (!stopped && m_socket->bytesAvailable() > 0)
        QMetaObject::invokeMethod(this, &HttpConnection::processBuffered, Qt::QueuedConnection);
}

void HttpConnection::onDisconnected()
{
    if (m_finished)
        return;
    m_finished = true;
    m_worker.unsubscribe(this);
    deleteLater();
}
