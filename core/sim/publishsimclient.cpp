#include "sim/publishsimclient.h"

#include "sim/clientpool.h"
#include "sim/transportoutcome.h"

#include <QJsonDocument>
#include <QJsonObject>

void PublishSimClient::onConnected()
{
    transportOpened();
}

void PublishSimClient::onResponseComplete(const QByteArray &body)
{
    Q_UNUSED(body);
    confirmSession(); // the server answers: this connection is a real one
    ++pool().recorder().counters(groupIndex()).outcomes[TransportOutcome::forHttpStatus(status(), reason())];
    if (status() < 200 || status() > 299)
        errorReceived(); // the publish was refused (401, 413, 429 ...); the connection stays
}

bool PublishSimClient::sendRendered(const QByteArray &bytes, MessageTemplate::Kind kind)
{
    if (!hasConnection())
        return false;
    HttpClientConnection::Headers headers{{"Content-Type", kind == MessageTemplate::Kind::Json ? QByteArrayLiteral("application/json")
                                                           : kind == MessageTemplate::Kind::Text ? QByteArrayLiteral("text/plain; charset=utf-8")
                                                                                                 : QByteArrayLiteral("application/octet-stream")}};
    sendRequest(group().method, url(), headers, bytes);
    tapFrame(FrameRecord::Direction::ClientToServer, FrameRecord::Protocol::Http, bytes);
    return true;
}

bool PublishSimClient::sendPayload(const QByteArray &payloadJson)
{
    if (!hasConnection())
        return false;
    if (m_bodyPrefix.isEmpty()) {
        // {"channel":C,"type":T,"payload": is the same for every message: encoded (and escaped)
        // once, so each send only appends its payload, which is already JSON.
        m_bodyPrefix = QJsonDocument(QJsonObject{{QStringLiteral("channel"), channel()},
                                                 {QStringLiteral("type"), group().send.type}})
                           .toJson(QJsonDocument::Compact);
        m_bodyPrefix.chop(1); // the closing brace
        m_bodyPrefix += ",\"payload\":";
    }
    HttpClientConnection::Headers headers{{"Content-Type", "application/json"}};
    if (!pool().target().token.isEmpty())
        headers.append({"Authorization", "Bearer " + pool().target().token.toUtf8()});
    const QByteArray body = m_bodyPrefix + payloadJson + '}';
    sendRequest("POST", url(), headers, body);
    tapFrame(FrameRecord::Direction::ClientToServer, FrameRecord::Protocol::Http, body);
    return true;
}
