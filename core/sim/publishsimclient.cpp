#include "sim/publishsimclient.h"

#include "sim/clientpool.h"

#include <QJsonDocument>
#include <QJsonObject>

void PublishSimClient::onConnected()
{
    transportOpened();
}

void PublishSimClient::onResponseComplete(const QByteArray &body)
{
    Q_UNUSED(body);
    if (status() != 200)
        errorReceived(); // the publish was refused (401, 413, 429 ...); the connection stays
}

bool PublishSimClient::sendPayload(const QByteArray &payloadJson)
{
    if (!hasConnection())
        return false;
    QJsonObject message{{QStringLiteral("channel"), channel()},
                        {QStringLiteral("type"), group().send.type},
                        {QStringLiteral("payload"), QJsonDocument::fromJson(payloadJson).object()}};
    HttpClientConnection::Headers headers{{"Content-Type", "application/json"}};
    if (!pool().target().token.isEmpty())
        headers.append({"Authorization", "Bearer " + pool().target().token.toUtf8()});
    sendRequest("POST", url(), headers, QJsonDocument(message).toJson(QJsonDocument::Compact));
    return true;
}
