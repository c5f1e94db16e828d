#include "sim/wssimclient.h"

#include "protocol/envelope.h"
#include "sim/clientpool.h"
#include "message/receivedmessage.h"
#include "sim/transportoutcome.h"
#include "sim/wsclientconnection.h"

#include <QJsonDocument>
#include <QJsonObject>

#include <algorithm>
#include <utility>

namespace {

// RFC 6455 7.4.1: the server is going away (a restart, a deploy) and expects us back.
constexpr quint16 closeGoingAway = 1001;

} // namespace

WsSimClient::WsSimClient(ClientPool &pool, int groupIndex, int clientIndex, quint64 seed)
    : SimClient(pool, groupIndex, clientIndex, seed)
{
}

WsSimClient::~WsSimClient()
{
    discardTransport(m_connection);
}

void WsSimClient::openTransport()
{
    discardTransport(m_connection);
    m_closingByClient = false;
    m_connection = new WsClientConnection(this);
    QList<QPair<QString, QString>> query;
    if (const std::optional<quint64> since = resumePoint())
        query.append({QStringLiteral("since"), QString::number(*since)});
    if (!group().user.isEmpty())
        query.append({QStringLiteral("user"), group().userFor(pool().clientNumber(groupIndex(), clientIndex()))});

    const SimTarget &target = pool().target();
    WsClientConnection::Options options;
    options.headers = requestHeaders();
    // The token goes where the embedded server reads it; a `url` group sends only what it says.
    if (!target.token.isEmpty() && !group().usesUrl()) {
        const bool hasAuthorization = std::any_of(options.headers.cbegin(), options.headers.cend(), [](const auto &header) {
            return header.first.compare("Authorization", Qt::CaseInsensitive) == 0;
        });
        if (!hasAuthorization)
            options.headers.append({"Authorization", QByteArray("Bearer ") + target.token.toUtf8()});
    }
    options.subprotocols = group().subprotocols;
    options.acceptSelfSigned = target.acceptSelfSignedCertificates;
    options.sourceAddress = sourceAddress();
    options.timers = &pool().timers();

    connect(m_connection, &WsClientConnection::opened, this, [this] { transportOpened(); });
    // A session that never opened (refused, reset, bad handshake) is a failed connect attempt.
    connect(m_connection, &WsClientConnection::failed, this, [this](const QString &why) {
        const QString outcome = m_connection->failureOutcome();
        discardTransport(m_connection);
        transportFailed(why, outcome);
    });
    connect(m_connection, &WsClientConnection::textMessageReceived, this, &WsSimClient::onTextMessage);
    if (usesRules())
        connect(m_connection, &WsClientConnection::binaryMessageReceived, this, &WsSimClient::onBinaryMessage);
    connect(m_connection, &WsClientConnection::closed, this, [this](quint16 code) { onClosed(code); });
    const QUrl address = url(query);
    options.requestTarget = requestTarget();
    m_connection->open(address, options);
}

void WsSimClient::onTextMessage(const QByteArray &json)
{
    tapFrame(FrameRecord::Direction::ServerToClient, FrameRecord::Protocol::WebSocket, json);
    if (usesRules()) {
        const ReceivedMessage message = ReceivedMessage::fromText(json);
        // The embedded server's envelope numbers channel messages: resume from there.
        keepResumePoint(quint64(message.root.toObject().value(QLatin1String("seq")).toInteger(0)));
        ruleMessageReceived(message, json.size());
        return;
    }
    Envelope::ParseResult parsed = Envelope::parseServerMessage(json);
    if (!parsed.envelope) {
        // Not one of our envelopes (another server's format): count the bytes, no sequence.
        const QJsonObject object = QJsonDocument::fromJson(json).object();
        messageReceived(std::nullopt, object.value(QLatin1String("payload")).toObject(), json.size());
        return;
    }
    const Envelope &envelope = *parsed.envelope;
    const QJsonObject payload = envelope.payload.toObject();
    if (envelope.type == QLatin1String("session.welcome")) {
        welcomed(quint64(payload.value(QLatin1String("latest")).toInteger()));
    } else if (envelope.type == QLatin1String("sync.reset")) {
        resetReceived(quint64(payload.value(QLatin1String("oldest")).toInteger()),
                      quint64(payload.value(QLatin1String("latest")).toInteger()));
    } else if (envelope.type == QLatin1String("error")) {
        errorReceived();
    } else if (envelope.type.startsWith(QLatin1String("sync.")) || envelope.type.startsWith(QLatin1String("presence"))) {
        // sync.done: bookkeeping only; presence events and answers are no channel messages
        // (unnumbered, not sent by a client: docs/server.md, "Presence")
    } else {
        messageReceived(envelope.seq, payload, json.size());
    }
}

void WsSimClient::onBinaryMessage(const QByteArray &bytes)
{
    tapFrame(FrameRecord::Direction::ServerToClient, FrameRecord::Protocol::WebSocket, bytes);
    ruleMessageReceived(ReceivedMessage::fromText(bytes), bytes.size());
}

void WsSimClient::onClosed(quint16 code)
{
    const bool byClient = m_closingByClient;
    const QString outcome = TransportOutcome::forClose(code, m_connection->closeReason());
    discardTransport(m_connection);
    if (byClient)
        transportClosed(CloseKind::ByClient);
    else if (code == closeGoingAway)
        transportClosed(CloseKind::GoingAway, outcome);
    else
        transportClosed(CloseKind::Unexpected, outcome);
}

QString WsSimClient::negotiatedSubprotocol() const
{
    return m_connection ? m_connection->subprotocol() : QString();
}

bool WsSimClient::sendRendered(const QByteArray &bytes, MessageTemplate::Kind kind)
{
    if (!m_connection)
        return false;
    const bool sent = kind == MessageTemplate::Kind::Binary ? m_connection->sendBinary(bytes) : m_connection->sendText(bytes);
    if (!sent)
        return false;
    tapFrame(FrameRecord::Direction::ClientToServer, FrameRecord::Protocol::WebSocket, bytes);
    bytesSent(bytes.size());
    return true;
}

void WsSimClient::closeTransport()
{
    if (!m_connection)
        return;
    m_closingByClient = true;
    m_connection->close(WsClientConnection::closeNormal, QStringLiteral("churn"));
}

void WsSimClient::leaveTransport()
{
    if (!m_connection)
        return;
    // RFC 6455 7.1.2: the frames sent before the close arrive first.
    std::exchange(m_connection, nullptr)->closeDetached(WsClientConnection::closeNormal, QStringLiteral("leaving"));
}

void WsSimClient::abortTransport()
{
    discardTransport(m_connection);
}

bool WsSimClient::sendPayload(const QByteArray &payloadJson)
{
    if (!m_connection)
        return false;
    const bool echo = group().send.mode == scenario::SendSettings::Mode::Echo;
    QByteArray message;
    message.reserve(payloadJson.size() + 64);
    message += "{\"type\":\"";
    message += echo ? QByteArray("echo") : group().send.type.toUtf8();
    message += "\",\"payload\":";
    message += payloadJson;
    message += '}';
    if (!m_connection->sendText(message))
        return false;
    tapFrame(FrameRecord::Direction::ClientToServer, FrameRecord::Protocol::WebSocket, message);
    bytesSent(message.size());
    return true;
}
