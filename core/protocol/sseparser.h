#pragma once

#include <QByteArray>
#include <QList>
#include <QString>

#include <optional>

// An incremental Server-Sent Events parser that follows the WHATWG HTML event stream
// interpretation rules exactly. Feed it bytes as they arrive; it returns the events dispatched.
// Used by the simulated SSE clients and by tests that check the server's output.
class SseParser
{
public:
    struct Event
    {
        QString type;        // "message" when the stream named none
        QString data;
        QString lastEventId; // the stream's last event ID buffer at dispatch
    };

    QList<Event> feed(QByteArrayView bytes);

    // The reconnection time last set by a valid retry: field, if any.
    std::optional<qint64> retryMs() const { return m_retryMs; }
    QString lastEventId() const { return m_lastEventId; }
    int commentCount() const { return m_comments; }
    // Bytes of an unfinished line or event still held (the unterminated last event is dropped at EOF).
    bool hasPendingData() const { return !m_line.isEmpty() || m_dataSeen; }

private:
    void processLine(QByteArrayView line, QList<Event> &out);
    void processField(QByteArrayView field, QByteArrayView value);

    QByteArray m_line;
    bool m_bomChecked = false;
    bool m_lastWasCr = false;
    QByteArray m_data;
    bool m_dataSeen = false;
    QString m_eventType;
    QString m_lastEventId;
    std::optional<qint64> m_retryMs;
    int m_comments = 0;
};
