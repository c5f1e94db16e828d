#include "sim/ssesimclient.h"

#include "message/receivedmessage.h"
#include "metrics/monotonicclock.h"
#include "metrics/recorder.h"
#include "sim/clientpool.h"
#include "sim/transportoutcome.h"

#include <QJsonDocument>
#include <QJsonObject>

void SseSimClient::openTransport()
{
    m_parser = SseParser();
    // Browsers start a reconnected stream from the previous one's last event ID, so an event
    // without id: still reports where the stream stands.
    m_parser.setLastEventId(m_lastEventId);
    HttpSimClient::openTransport();
}

void SseSimClient::onConnected()
{
    HttpClientConnection::Headers headers{{"Accept", "text/event-stream"}, {"Cache-Control", "no-cache"}};
    // HTML 9.2.3: a reconnecting EventSource sends its last event ID string, if not empty (an
    // empty id: clears it). Before any id: was seen, the embedded server's welcome still gave a
    // position (the channel's newest number when this client joined): resuming from there keeps
    // what was published while it was away. A group without resume starts fresh every time.
    if (m_idSeen) {
        if (group().resume && !m_lastEventId.isEmpty())
            headers.append({"Last-Event-ID", m_lastEventId.toUtf8()});
    } else if (const std::optional<quint64> since = resumePoint()) {
        headers.append({"Last-Event-ID", QByteArray::number(*since)});
    }
    QByteArray body;
    if (const std::optional<MessageTemplate> &bodyTemplate = group().body) {
        body = render(*bodyTemplate, MonotonicClock::nowNs());
        headers.append({"Content-Type", bodyTemplate->kind() == MessageTemplate::Kind::Json ? QByteArrayLiteral("application/json")
                                        : bodyTemplate->kind() == MessageTemplate::Kind::Text ? QByteArrayLiteral("text/plain; charset=utf-8")
                                                                                              : QByteArrayLiteral("application/octet-stream")});
    }
    m_requestSentNs = MonotonicClock::nowNs();
    m_lastEventNs = 0;
    m_streamEvents = 0;
    m_streamBytes = 0;
    sendRequest(group().method.isEmpty() ? QByteArrayLiteral("GET") : group().method, url(), headers, body,
                HttpClientConnection::Body::Streamed);
}

void SseSimClient::endStream()
{
    // Only a stream that opened (200, an event stream) is measured.
    if (m_requestSentNs == 0 || !isOpen()) {
        m_requestSentNs = 0;
        return;
    }
    RecorderInterval &interval = pool().recorder().interval(groupIndex());
    interval.streamDuration.record(MonotonicClock::nowNs() - m_requestSentNs);
    ++interval.counters.streams;
    interval.counters.streamEvents += m_streamEvents;
    interval.counters.streamBytes += m_streamBytes;
    m_requestSentNs = 0;
}

void SseSimClient::onTransportEnding()
{
    endStream();
}

void SseSimClient::onResponseHead(int status)
{
    HttpSimClient::onResponseHead(status);
    if (status == 204) {
        // HTML 9.2.3: "HTTP 204 No Content ... can be used to prevent the user agent from trying
        // to reconnect." The server asked this client to go away: it leaves (counted as an error,
        // so a run shows it).
        errorReceived();
        leave();
        return;
    }
    if (status != 200) {
        // 401, 403, 429, 503, a redirect (not followed): the stream was refused.
        failSession(QStringLiteral("HTTP %1").arg(status), TransportOutcome::forHttpStatus(status, reason()));
        return;
    }
    // The head of the connection that is calling us (HttpSimClient keeps the object itself).
    if (const auto *connection = qobject_cast<const HttpClientConnection *>(sender())) {
        const QByteArray type = connection->currentResponseHead().value("Content-Type");
        if (!SseParser::isEventStreamContentType(type)) {
            failSession(QStringLiteral("not an event stream: Content-Type \"%1\"").arg(QString::fromLatin1(type)),
                        QStringLiteral("not an event stream"));
            return;
        }
    }
    transportOpened();
}

void SseSimClient::onBodyData(const QByteArray &bytes)
{
    const QList<SseParser::Event> events = m_parser.feed(bytes);
    m_lastEventId = m_parser.lastEventIdString();
    m_idSeen = m_idSeen || !m_lastEventId.isEmpty();
    if (const std::optional<qint64> retry = m_parser.retryMs())
        setServerRetry(std::chrono::milliseconds(*retry));
    for (const SseParser::Event &event : events) {
        // An id: that a later empty id: cleared within the same read still counts as seen.
        m_idSeen = m_idSeen || !event.lastEventId.isEmpty();
        const QByteArray data = event.data.toUtf8();
        tapFrame(FrameRecord::Direction::ServerToClient, FrameRecord::Protocol::Sse, data);
        const qint64 nowNs = MonotonicClock::nowNs();
        if (m_requestSentNs > 0) {
            RecorderInterval &interval = pool().recorder().interval(groupIndex());
            if (m_lastEventNs == 0)
                interval.streamFirstEvent.record(nowNs - m_requestSentNs);
            else
                interval.streamGap.record(nowNs - m_lastEventNs);
            m_lastEventNs = nowNs;
            ++m_streamEvents;
            m_streamBytes += quint64(data.size());
        }
        if (usesRules()) {
            setLastEventId(m_lastEventId);
            keepResumePoint(event.lastEventId.toULongLong());
            ruleMessageReceived(ReceivedMessage::fromText(data, event.type), data.size());
            continue;
        }
        const QJsonObject object = QJsonDocument::fromJson(data).object();
        const QJsonObject payload = object.value(QLatin1String("payload")).toObject();
        if (event.type == QLatin1String("session.welcome")) {
            welcomed(quint64(payload.value(QLatin1String("latest")).toInteger()));
        } else if (event.type == QLatin1String("reset")) {
            resetReceived(quint64(object.value(QLatin1String("oldest")).toInteger()),
                          quint64(object.value(QLatin1String("latest")).toInteger()));
        } else if (event.type.startsWith(QLatin1String("presence."))) {
            // No channel message (unnumbered, not sent by a client: docs/server.md, "Presence").
        } else {
            bool numeric = false;
            const quint64 seq = event.lastEventId.toULongLong(&numeric);
            messageReceived(numeric ? std::optional<quint64>(seq) : std::nullopt, payload, data.size());
        }
    }
}

void SseSimClient::onResponseComplete(const QByteArray &body)
{
    Q_UNUSED(body);
    // HTML 9.2.3: when the response body ends (a last chunk or Content-Length reached, also on
    // a connection kept alive) the EventSource reconnects; an unterminated event is dropped.
    if (!isOpen())
        return;
    endStream();
    abortTransport();
    transportClosed(CloseKind::Unexpected, QStringLiteral("stream ended"));
}
