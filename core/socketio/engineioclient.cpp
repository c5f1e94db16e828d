#include "socketio/engineioclient.h"

#include "metrics/monotonicclock.h"
#include "sim/httpclientconnection.h"
#include "sim/timerqueue.h"
#include "sim/transportoutcome.h"
#include "sim/wsclientconnection.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QPointer>

#include <algorithm>
#include <memory>

using namespace std::chrono;

namespace {

// Drops a connection object, also from inside one of its own signals.
template <typename Connection>
void discard(Connection *&connection, QObject *owner, quint64 &bytesSent, quint64 &bytesReceived)
{
    if (!connection)
        return;
    bytesSent += connection->bytesSent();
    bytesReceived += connection->bytesReceived();
    connection->disconnect(owner);
    connection->abort();
    connection->deleteLater();
    connection = nullptr;
}

} // namespace

EngineIoClient::EngineIoClient(QObject *parent)
    : QObject(parent)
{
}

EngineIoClient::~EngineIoClient()
{
    abort();
}

void EngineIoClient::open(const Options &options)
{
    abort();
    m_options = options;
    m_state = State::Handshaking;
    m_handshake = {};
    m_outgoing.clear();
    m_probing = m_pollPending = m_postPending = false;
    // scheme://authority then the path and query, byte for byte (RFC 3986 3).
    const QByteArray &url = options.url;
    const qsizetype schemeEnd = url.indexOf("://");
    const QByteArray scheme = url.left(schemeEnd).toLower();
    qsizetype pathStart = schemeEnd + 3;
    while (pathStart < url.size() && url[pathStart] != '/' && url[pathStart] != '?' && url[pathStart] != '#')
        ++pathStart;
    const QByteArray authority = url.mid(schemeEnd + 3, pathStart - schemeEnd - 3);
    m_pathAndQuery = url.mid(pathStart);
    if (const qsizetype fragment = m_pathAndQuery.indexOf('#'); fragment >= 0)
        m_pathAndQuery.truncate(fragment);
    if (!m_pathAndQuery.startsWith('/'))
        m_pathAndQuery.prepend('/');
    const bool secure = scheme == "https" || scheme == "wss";
    m_httpBase = QUrl::fromEncoded((secure ? "https://" : "http://") + authority + '/');
    m_webSocketUrl = QUrl::fromEncoded((secure ? "wss://" : "ws://") + authority + '/');

    if (options.transport == Transport::WebSocket) {
        openWebSocket(false);
        return;
    }
    poll(); // the first GET is the handshake (section "Handshake")
}

// The connections of long-polling are made when a request needs one. A server closes a keep-alive
// connection that stays idle (Node's http server after keepAliveTimeout, 5 s): the POST
// connection between sends rarer than that, the GET connection while an upgrade waits. Such a
// connection is dropped without harm, and the next request goes on a new one; a connection that
// ends with a request outstanding is a broken session.
HttpClientConnection *EngineIoClient::pollConnection()
{
    if (m_pollConnection)
        return m_pollConnection;
    m_pollConnection = new HttpClientConnection(this);
    connect(m_pollConnection, &HttpClientConnection::responseComplete, this, &EngineIoClient::onPollResponse);
    connect(m_pollConnection, &HttpClientConnection::failed, this, [this](const QString &why) {
        const QString outcome = m_pollConnection->failureOutcome();
        if (m_state == State::Handshaking)
            fail(why, outcome.isEmpty() ? why : outcome);
        else if (!m_probing)
            end(outcome.isEmpty() ? QStringLiteral("transport error") : outcome);
        else
            settleDuringUpgrade(m_pollConnection, m_pollPending); // the WebSocket carries on
    });
    connect(m_pollConnection, &HttpClientConnection::disconnected, this, [this] { dropConnection(m_pollConnection); });
    m_pollConnection->connectToHost(m_httpBase, m_options.acceptSelfSigned, m_options.sourceAddress);
    return m_pollConnection;
}

HttpClientConnection *EngineIoClient::sendConnection()
{
    if (m_sendConnection)
        return m_sendConnection;
    m_sendConnection = new HttpClientConnection(this);
    connect(m_sendConnection, &HttpClientConnection::responseComplete, this, &EngineIoClient::onPostResponse);
    connect(m_sendConnection, &HttpClientConnection::failed, this, [this](const QString &why) {
        const QString outcome = m_sendConnection->failureOutcome();
        // RFC 9112 9.3.1: a server may close an idle keep-alive connection just as the next
        // request goes out on it. A POST that found the connection closed before any byte of
        // its answer came was not read: it is sent again, once, on a new connection, as
        // browsers do for requests on a reused connection.
        if (m_postRetry.reused && m_sendConnection->bytesReceived() == m_postRetry.receivedBefore
            && outcome == QLatin1String("closed with a response outstanding")) {
            dropConnection(m_sendConnection);
            post(std::exchange(m_postRetry.body, {}));
            return;
        }
        if (!m_probing)
            end(outcome.isEmpty() ? why : outcome);
        else
            settleDuringUpgrade(m_sendConnection, m_postPending);
    });
    connect(m_sendConnection, &HttpClientConnection::disconnected, this, [this] { dropConnection(m_sendConnection); });
    m_sendConnection->connectToHost(m_httpBase, m_options.acceptSelfSigned, m_options.sourceAddress);
    return m_sendConnection;
}

void EngineIoClient::dropConnection(HttpClientConnection *&connection)
{
    discard(connection, this, m_closedBytesSent, m_closedBytesReceived);
}

void EngineIoClient::settleDuringUpgrade(HttpClientConnection *&connection, bool &pending)
{
    // A polling request that broke while the upgrade waited for it: the upgrade need not wait
    // any longer (what the request carried is gone either way, as it would be for the official
    // client).
    dropConnection(connection);
    pending = false;
    finishUpgrade();
}

QByteArray EngineIoClient::requestTarget(const char *transport) const
{
    QByteArray target = m_pathAndQuery;
    target += m_pathAndQuery.contains('?') ? '&' : '?';
    target += "EIO=4&transport=";
    target += transport;
    if (!m_handshake.sid.isEmpty()) {
        target += "&sid=";
        target += QUrl::toPercentEncoding(m_handshake.sid);
    }
    return target;
}

void EngineIoClient::poll()
{
    if (m_pollPending || m_state == State::Ended || m_state == State::Idle)
        return;
    m_pollPending = true;
    // t=: a cache buster, as the official client sends with timestampRequests.
    QByteArray target = requestTarget("polling");
    target += "&t=";
    target += QByteArray::number(++m_requests, 36);
    pollConnection()->sendRequest("GET", target, m_options.headers);
}

void EngineIoClient::onPollResponse(int status, const QByteArray &body)
{
    m_pollPending = false;
    if (status != 200) {
        const QString outcome = httpOutcome(status, m_pollConnection->currentResponseHead().reason, body);
        if (m_state == State::Handshaking)
            fail(QStringLiteral("the handshake was refused: %1").arg(outcome), outcome);
        else
            end(outcome);
        return;
    }
    QString error;
    const std::optional<QList<EngineIoPacket>> packets = EngineIoPacket::parsePayload(body, &error);
    if (!packets) {
        const QString outcome = QStringLiteral("invalid Engine.IO payload");
        if (m_state == State::Handshaking)
            fail(QStringLiteral("%1: %2").arg(outcome, error), outcome);
        else
            end(outcome);
        return;
    }
    const QPointer<EngineIoClient> self(this);
    for (const EngineIoPacket &packet : *packets) {
        Q_EMIT packetReceived(packet.binary ? packet.data : packet.encodeText());
        if (!self || !handlePacket(packet) || m_state == State::Ended)
            return;
    }
    if (m_probing) {
        // The upgrade waits for the pending poll to come back (the server answers it with a
        // noop when the probe arrives) and for no POST to be in flight.
        finishUpgrade();
        return;
    }
    if (m_state == State::Open && !m_webSocketActive)
        poll();
}

bool EngineIoClient::handleOpenPacket(const EngineIoPacket &packet)
{
    QString error;
    std::optional<EngineIoHandshake> handshake = EngineIoHandshake::parse(packet.data, &error);
    if (!handshake) {
        fail(QStringLiteral("invalid open packet: %1").arg(error), QStringLiteral("invalid Engine.IO handshake"));
        return false;
    }
    m_handshake = std::move(*handshake);
    m_state = State::Open;
    armHeartbeat();
    const QPointer<EngineIoClient> self(this);
    Q_EMIT opened();
    if (!self || m_state != State::Open)
        return false;
    if (m_options.transport == Transport::PollingUpgrade && !m_webSocketActive
        && m_handshake.upgrades.contains(QLatin1String("websocket")))
        openWebSocket(true);
    return true;
}

// Returns false when the session ended (or this object was deleted) while handling it.
bool EngineIoClient::handlePacket(const EngineIoPacket &packet)
{
    if (m_state == State::Handshaking) {
        if (packet.type != EngineIoPacket::Type::Open) {
            fail(QStringLiteral("expected the open packet, got packet type '%1'").arg(QChar(char(packet.type))),
                 QStringLiteral("invalid Engine.IO handshake"));
            return false;
        }
        return handleOpenPacket(packet);
    }
    const QPointer<EngineIoClient> self(this);
    switch (packet.type) {
    case EngineIoPacket::Type::Ping:
        // Section "Heartbeat": answer each ping; the deadline starts again from it.
        sendPacket({EngineIoPacket::Type::Pong, packet.data, false});
        armHeartbeat();
        return true;
    case EngineIoPacket::Type::Message:
        if (packet.binary)
            Q_EMIT binaryReceived(packet.data);
        else
            Q_EMIT textReceived(packet.data);
        return self && m_state == State::Open;
    case EngineIoPacket::Type::Close:
        end(QStringLiteral("server close"));
        return false;
    case EngineIoPacket::Type::Noop:
    case EngineIoPacket::Type::Pong:
    case EngineIoPacket::Type::Upgrade:
    case EngineIoPacket::Type::Open:
        return true;
    }
    return true;
}

void EngineIoClient::armHeartbeat()
{
    // Section "Heartbeat": no ping within pingInterval + pingTimeout means the connection is gone.
    const quint64 heartbeat = ++m_heartbeat;
    const qint64 dueNs = MonotonicClock::nowNs()
        + (qint64(m_handshake.pingIntervalMs) + qint64(m_handshake.pingTimeoutMs)) * 1'000'000;
    m_options.timers->schedule(dueNs, [self = QPointer<EngineIoClient>(this), heartbeat] {
        if (self && self->m_heartbeat == heartbeat && self->m_state == State::Open)
            self->end(QStringLiteral("ping timeout"));
    });
}

bool EngineIoClient::sendText(QByteArrayView text)
{
    if (m_state != State::Open)
        return false;
    sendPacket({EngineIoPacket::Type::Message, text.toByteArray(), false});
    return true;
}

bool EngineIoClient::sendBinary(QByteArrayView bytes)
{
    if (m_state != State::Open)
        return false;
    sendPacket({EngineIoPacket::Type::Message, bytes.toByteArray(), true});
    return true;
}

void EngineIoClient::sendPacket(const EngineIoPacket &packet)
{
    if (m_webSocketActive) {
        if (packet.binary) {
            m_webSocket->sendBinary(packet.data);
            Q_EMIT packetSent(packet.data);
        } else {
            const QByteArray encoded = packet.encodeText();
            m_webSocket->sendText(encoded);
            Q_EMIT packetSent(encoded);
        }
        return;
    }
    m_outgoing.append(packet);
    flushPolling();
}

void EngineIoClient::flushPolling()
{
    // While the upgrade is being finished, packets wait for the WebSocket (section "Upgrade").
    if (m_postPending || m_probing || m_outgoing.isEmpty() || m_state != State::Open)
        return;
    const QByteArray body = EngineIoPacket::encodePayload(m_outgoing);
    for (const EngineIoPacket &packet : std::as_const(m_outgoing))
        Q_EMIT packetSent(packet.binary ? packet.data : packet.encodeText());
    m_outgoing.clear();
    m_postPending = true;
    post(body);
}

void EngineIoClient::post(const QByteArray &body)
{
    // A send connection that exists has carried an earlier POST: it is being reused.
    m_postRetry = {m_sendConnection != nullptr, m_sendConnection ? m_sendConnection->bytesReceived() : 0, body};
    Headers headers = m_options.headers;
    headers.append(qMakePair(QByteArrayLiteral("Content-Type"), QByteArrayLiteral("text/plain;charset=UTF-8")));
    QByteArray target = requestTarget("polling");
    target += "&t=";
    target += QByteArray::number(++m_requests, 36);
    sendConnection()->sendRequest("POST", target, headers, body);
}

void EngineIoClient::onPostResponse(int status, const QByteArray &body)
{
    m_postPending = false;
    if (status != 200) {
        end(httpOutcome(status, m_sendConnection->currentResponseHead().reason, body));
        return;
    }
    if (m_probing) {
        finishUpgrade();
        return;
    }
    flushPolling();
}

void EngineIoClient::openWebSocket(bool upgrade)
{
    m_webSocket = new WsClientConnection(this);
    WsClientConnection::Options options;
    options.headers = m_options.headers;
    options.requestTarget = requestTarget("websocket");
    options.acceptSelfSigned = m_options.acceptSelfSigned;
    options.sourceAddress = m_options.sourceAddress;
    options.timers = m_options.timers;
    connect(m_webSocket, &WsClientConnection::opened, this, [this, upgrade] {
        if (!upgrade) {
            m_webSocketActive = true; // the open packet comes as the first frame
            return;
        }
        // Section "Upgrade": probe the new transport before moving over to it.
        m_webSocket->sendText("2probe");
        Q_EMIT packetSent(QByteArrayLiteral("2probe"));
    });
    connect(m_webSocket, &WsClientConnection::textMessageReceived, this, &EngineIoClient::onWebSocketText);
    connect(m_webSocket, &WsClientConnection::binaryMessageReceived, this, [this](const QByteArray &bytes) {
        if (!m_webSocketActive)
            return;
        Q_EMIT packetReceived(bytes);
        Q_EMIT binaryReceived(bytes);
    });
    connect(m_webSocket, &WsClientConnection::failed, this, [this, upgrade](const QString &why) {
        const QString outcome = m_webSocket->failureOutcome();
        if (upgrade && !m_webSocketActive) {
            abandonUpgrade();
            return;
        }
        // A refused WebSocket-only connect: Engine.IO says why in the body ("Transport unknown"
        // from a server without the websocket transport).
        const WsClientConnection::Refusal &refusal = m_webSocket->refusal();
        if (refusal.status != 0)
            fail(why, httpOutcome(refusal.status, refusal.reason, refusal.body));
        else
            fail(why, outcome.isEmpty() ? why : outcome);
    });
    connect(m_webSocket, &WsClientConnection::closed, this, [this](quint16 code, const QString &reason) {
        const QString outcome = TransportOutcome::forClose(code, reason);
        if (m_state == State::Handshaking)
            fail(QStringLiteral("closed before the open packet"), outcome);
        else if (m_webSocketActive)
            end(outcome);
        else
            abandonUpgrade(); // the probe's connection went away (the server's upgradeTimeout)
    });
    m_webSocket->open(m_webSocketUrl, options);
}

void EngineIoClient::onWebSocketText(const QByteArray &text)
{
    if (!m_webSocketActive) {
        // The probe's answer (section "Upgrade"): pause polling, then send the upgrade packet.
        if (text == "3probe" && !m_probing) {
            Q_EMIT packetReceived(text);
            m_probing = true;
            finishUpgrade();
        }
        return;
    }
    Q_EMIT packetReceived(text);
    QString error;
    const std::optional<EngineIoPacket> packet = EngineIoPacket::parseText(text, &error);
    if (!packet) {
        end(QStringLiteral("invalid Engine.IO packet"));
        return;
    }
    handlePacket(*packet);
}

void EngineIoClient::abandonUpgrade()
{
    // A failed upgrade leaves the session on long-polling, as the official client does: polling
    // and the packets held back for the WebSocket go on as before the probe. (Engine.IO servers
    // close a probe that is not followed by the upgrade packet within upgradeTimeout, 10 s by
    // default; a busy server can take that long to answer the poll the upgrade waits for.)
    m_probing = false;
    dropWebSocket();
    if (m_state == State::Open) {
        poll();
        flushPolling();
    }
}

void EngineIoClient::finishUpgrade()
{
    if (!m_probing || m_pollPending || m_postPending || m_state != State::Open || !m_webSocket)
        return;
    m_probing = false;
    m_webSocketActive = true;
    m_webSocket->sendText("5");
    Q_EMIT packetSent(QByteArrayLiteral("5"));
    dropPolling();
    // What was written while the upgrade was under way goes out on the new transport.
    const QList<EngineIoPacket> waiting = std::exchange(m_outgoing, {});
    for (const EngineIoPacket &packet : waiting)
        sendPacket(packet);
}

void EngineIoClient::close()
{
    if (m_state == State::Open) {
        // Section "Packet types": close. Over long-polling it goes in a last POST.
        if (m_webSocketActive) {
            m_webSocket->sendText("1");
            // The WebSocket finishes its closing handshake on its own and frees itself; it goes to
            // this client's owner, as this client is usually dropped right after.
            m_webSocket->setParent(parent());
            std::exchange(m_webSocket, nullptr)->closeDetached(WsClientConnection::closeNormal, {});
            m_webSocketActive = false;
        } else {
            // The close packet goes in a last POST on the send connection (the poll connection
            // holds a pending GET); the connection frees itself when it is answered, or after
            // a grace of 2 s (5 s when it waits for a POST in flight first).
            sendConnection();
            HttpClientConnection *connection = std::exchange(m_sendConnection, nullptr);
            connection->disconnect(this);
            connection->setParent(nullptr); // outlives this client if need be
            // Packets accepted by sendText() but still waiting for the POST in flight go first, in
            // the same payload: they were counted as sent, so they must not be dropped here.
            QList<EngineIoPacket> last = std::exchange(m_outgoing, {});
            last.append({EngineIoPacket::Type::Close, {}, false});
            const auto sendLast = [connection, target = requestTarget("polling"), body = EngineIoPacket::encodePayload(last)] {
                connection->sendRequest("POST", target, {{"Content-Type", "text/plain;charset=UTF-8"}}, body);
            };
            // Engine.IO refuses a POST while it is still reading one ("data request overlap"):
            // with a POST in flight, the last one goes when that is answered, on the same connection.
            const bool postInFlight = m_postPending;
            if (postInFlight) {
                auto answered = std::make_shared<int>(0);
                connect(connection, &HttpClientConnection::responseComplete, connection, [connection, sendLast, answered] {
                    if ((*answered)++ == 0)
                        sendLast();
                    else
                        connection->deleteLater();
                });
            } else {
                sendLast();
                connect(connection, &HttpClientConnection::responseComplete, connection, &QObject::deleteLater);
            }
            connect(connection, &HttpClientConnection::failed, connection, &QObject::deleteLater);
            connect(connection, &HttpClientConnection::disconnected, connection, &QObject::deleteLater);
            const qint64 graceNs = postInFlight ? 5'000'000'000 : 2'000'000'000;
            m_options.timers->schedule(MonotonicClock::nowNs() + graceNs, [weak = QPointer<HttpClientConnection>(connection)] {
                if (weak)
                    weak->deleteLater();
            });
        }
    }
    abort();
}

void EngineIoClient::abort()
{
    m_state = m_state == State::Idle ? State::Idle : State::Ended;
    ++m_heartbeat;
    m_webSocketActive = m_probing = m_pollPending = m_postPending = false;
    dropWebSocket();
    dropPolling();
}

void EngineIoClient::dropWebSocket()
{
    discard(m_webSocket, this, m_closedBytesSent, m_closedBytesReceived);
}

void EngineIoClient::dropPolling()
{
    discard(m_pollConnection, this, m_closedBytesSent, m_closedBytesReceived);
    discard(m_sendConnection, this, m_closedBytesSent, m_closedBytesReceived);
}

void EngineIoClient::end(const QString &outcome)
{
    if (m_state != State::Open)
        return;
    abort();
    Q_EMIT closed(outcome);
}

void EngineIoClient::fail(const QString &why, const QString &outcome)
{
    if (m_state == State::Open) {
        end(outcome);
        return;
    }
    if (m_state != State::Handshaking)
        return;
    abort();
    Q_EMIT failed(why, outcome);
}

QString EngineIoClient::httpOutcome(int status, const QByteArray &reason, const QByteArray &body)
{
    // Engine.IO's errors: 400 {"code":0,"message":"Transport unknown"}, {"code":1,"message":
    // "Session ID unknown"} (a request that reached another instance without sticky sessions).
    // A refused WebSocket upgrade gets the message as plain text instead ("Transport unknown").
    const QJsonValue message = QJsonDocument::fromJson(body).object().value(QLatin1String("message"));
    if (message.isString() && !message.toString().isEmpty())
        return TransportOutcome::forHttpStatus(status, message.toString().toUtf8());
    const QByteArray text = body.trimmed();
    const bool oneShortLine = !text.isEmpty() && text.size() <= 200
        && std::all_of(text.begin(), text.end(), [](char c) { return c >= 0x20 && c < 0x7f; });
    if (oneShortLine && !text.startsWith('{') && !text.startsWith('<'))
        return TransportOutcome::forHttpStatus(status, text);
    return TransportOutcome::forHttpStatus(status, reason);
}

quint64 EngineIoClient::bytesSent() const
{
    quint64 total = m_closedBytesSent;
    for (const auto *connection : {m_pollConnection, m_sendConnection})
        if (connection)
            total += connection->bytesSent();
    return total + (m_webSocket ? m_webSocket->bytesSent() : 0);
}

quint64 EngineIoClient::bytesReceived() const
{
    quint64 total = m_closedBytesReceived;
    for (const auto *connection : {m_pollConnection, m_sendConnection})
        if (connection)
            total += connection->bytesReceived();
    return total + (m_webSocket ? m_webSocket->bytesReceived() : 0);
}
