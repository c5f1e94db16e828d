#include "sim/ssesimclient.h"

#include <QJsonDocument>
#include <QJsonObject>

void SseSimClient::openTransport()
{
    m_parser = SseParser();
    HttpSimClient::openTransport();
}

void SseSimClient::onConnected()
{
    HttpClientConnection::Headers headers{{"Accept", "text/event-stream"}, {"Cache-Control", "no-cache"}};
    // WHATWG: a reconnecting EventSource sends the last event ID it saw.
    if (const std::optional<quint64> since = resumePoint())
        headers.append({"Last-Event-ID", QByteArray::number(*since)});
    sendRequest("GET", url(), headers, {}, HttpClientConnection::Body::Streamed);
}

void SseSimClient::onResponseHead(int status)
{
    HttpSimClient::onResponseHead(status);
    if (status != 200) {
        // 401, 403, 429, 503: the stream was refused.
        failSession(QStringLiteral("HTTP %1").arg(status));
        return;
    }
    transportOpened();
}

void SseSimClient::onBodyData(const QByteArray &bytes)
{
    const QList<SseParser::Event> events = m_parser.feed(bytes);
    if (const std::optional<qint64> retry = m_parser.retryMs())
        setServerRetry(std::chrono::milliseconds(*retry));
    for (const SseParser::Event &event : events) {
        const QByteArray data = event.data.toUtf8();
        tapFrame(FrameRecord::Direction::ServerToClient, FrameRecord::Protocol::Sse, data);
        const QJsonObject object = QJsonDocument::fromJson(data).object();
        const QJsonObject payload = object.value(QLatin1String("payload")).toObject();
        if (event.type == QLatin1String("session.welcome")) {
            welcomed(quint64(payload.value(QLatin1String("latest")).toInteger()));
        } else if (event.type == QLatin1String("reset")) {
            resetReceived(quint64(object.value(QLatin1String("oldest")).toInteger()),
                          quint64(object.value(QLatin1String("latest")).toInteger()));
        } else {
            bool numeric = false;
            const quint64 seq = event.lastEventId.toULongLong(&numeric);
            messageReceived(numeric ? std::optional<quint64>(seq) : std::nullopt, payload, data.size());
        }
    }
}
