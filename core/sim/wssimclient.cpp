#include "sim/wssimclient.h"

#include "protocol/envelope.h"
#include "sim/clientpool.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkRequest>
#include <QSslError>
#include <QWebSocket>

WsSimClient::WsSimClient(ClientPool &pool, int groupIndex, int clientIndex, quint64 seed)
    : SimClient(pool, groupIndex, clientIndex, seed)
{
}

WsSimClient::~WsSimClient()
{
    discardTransport(m_socket);
}

void WsSimClient::openTransport()
{
    discardTransport(m_socket);
    m_closingByClient = false;
    m_socket = new QWebSocket(QString(), QWebSocketProtocol::VersionLatest, this);
    QList<QPair<QString, QString>> query;
    if (const std::optional<quint64> since = resumePoint())
        query.append({QStringLiteral("since"), QString::number(*since)});
    QNetworkRequest request(url(query));
    const SimTarget &target = pool().target();
    for (const auto &[name, value] : target.headers)
        request.setRawHeader(name, value);
    for (const auto &[name, value] : group().headers)
        request.setRawHeader(name, value);
    if (!target.token.isEmpty())
        request.setRawHeader("Authorization", "Bearer " + target.token.toUtf8());

    connect(m_socket, &QWebSocket::connected, this, [this] { transportOpened(); });
    // Qt 6.4 names it error(); a failure before the handshake completes ends the attempt here
    // (QWebSocket emits no disconnected() for a connection that never opened).
    connect(m_socket, qOverload<QAbstractSocket::SocketError>(&QWebSocket::error), this, [this] {
        if (state() != State::Connecting || !m_socket)
            return;
        const QString why = m_socket->errorString();
        discardTransport(m_socket);
        transportFailed(why);
    });
    connect(m_socket, &QWebSocket::textMessageReceived, this, &WsSimClient::onTextMessage);
    connect(m_socket, &QWebSocket::disconnected, this, &WsSimClient::onDisconnected);
#ifndef QT_NO_SSL
    if (target.acceptSelfSignedCertificates) {
        connect(m_socket, &QWebSocket::sslErrors, this, [this](const QList<QSslError> &) {
            m_socket->ignoreSslErrors();
        });
    }
#endif
    m_socket->open(request);
}

void WsSimClient::onTextMessage(const QString &text)
{
    const QByteArray json = text.toUtf8();
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
    } else if (envelope.type.startsWith(QLatin1String("sync."))) {
        // sync.done: bookkeeping only
    } else {
        messageReceived(envelope.seq, payload, json.size());
    }
}

void WsSimClient::onDisconnected()
{
    const QWebSocketProtocol::CloseCode code = m_socket ? m_socket->closeCode() : QWebSocketProtocol::CloseCodeAbnormalDisconnection;
    const bool byClient = m_closingByClient;
    discardTransport(m_socket);
    if (byClient)
        transportClosed(CloseKind::ByClient);
    else if (code == QWebSocketProtocol::CloseCodeGoingAway)
        transportClosed(CloseKind::GoingAway);
    else
        transportClosed(CloseKind::Unexpected);
}

void WsSimClient::closeTransport()
{
    if (!m_socket)
        return;
    m_closingByClient = true;
    m_socket->close(QWebSocketProtocol::CloseCodeNormal, QStringLiteral("churn"));
}

void WsSimClient::abortTransport()
{
    discardTransport(m_socket);
}

bool WsSimClient::sendPayload(const QByteArray &payloadJson)
{
    if (!m_socket)
        return false;
    const bool echo = group().send.mode == scenario::SendSettings::Mode::Echo;
    QByteArray message;
    message.reserve(payloadJson.size() + 64);
    message += "{\"type\":\"";
    message += echo ? QByteArray("echo") : group().send.type.toUtf8();
    message += "\",\"payload\":";
    message += payloadJson;
    message += '}';
    const qint64 written = m_socket->sendTextMessage(QString::fromUtf8(message));
    bytesSent(written);
    return written > 0;
}
