#pragma once

#include <QByteArray>
#include <QList>
#include <QString>

#include <optional>

// An incremental Server-Sent Events parser that follows the WHATWG HTML event stream
// interpretation rules exactly (HTML 9.2.6 "Interpreting an event stream"). Feed it bytes as they
// arrive; it returns the events dispatched. Used by the simulated SSE clients, the manual client
// and by tests that check the server's output.
//
// In strict mode (off by default; the clients never pay for it) it also records, with line and
// byte offset, everything in the stream that the event stream grammar (HTML 9.2.5) does not allow
// or that a client would silently ignore or read in more than one way: invalid UTF-8, an
// unterminated last event, bare CR line ends, unknown fields, fields without a colon, ignored
// id:/retry: values, a field repeated within one event, an event: that never reaches a data:.
// The conformance tests run the embedded server's output through it.
class SseParser
{
public:
    struct Event
    {
        QString type;        // "message" when the stream named none
        QString data;
        QString lastEventId; // the stream's last event ID buffer at dispatch
    };

    struct Violation
    {
        qint64 line = 0;     // 1-based line of the stream
        qint64 column = 0;   // 1-based byte within that line
        qint64 offset = 0;   // 0-based byte offset from the start of the stream (BOM included)
        QString message;
        QString toString() const;
    };

    // HTML 9.2.3 "announce the connection": a response is an event stream when its Content-Type's
    // MIME type essence is text/event-stream (case-insensitive; parameters such as charset may
    // follow). What both of SocketScope's SSE clients check before reading a body as events.
    static bool isEventStreamContentType(QByteArrayView contentType);

    QList<Event> feed(QByteArrayView bytes);

    // The reconnection time last set by a valid retry: field, if any.
    std::optional<qint64> retryMs() const { return m_retryMs; }
    // The stream's last event ID buffer: the value of the last id: field read (without NUL),
    // also one of an event not yet (or never) dispatched.
    QString lastEventId() const { return m_lastEventId; }
    // HTML 9.2.6 "dispatch the event" step 1: the event source's last event ID string, which a
    // reconnect sends as Last-Event-ID. It takes the buffer's value at every blank line, also
    // when no event is dispatched (empty data); an id: in an unterminated event never reaches it.
    QString lastEventIdString() const { return m_lastEventIdString; }
    // Starts a reconnected stream from the previous stream's last event ID string, as browsers
    // do (Chromium seeds its parser with it, Firefox keeps it on the EventSource): an event
    // without id: then carries the old ID instead of forgetting where the stream stands.
    void setLastEventId(const QString &id)
    {
        m_lastEventId = id;
        m_lastEventIdString = id;
    }
    int commentCount() const { return m_comments; }
    // Bytes of an unfinished line or event still held (the unterminated last event is dropped at EOF).
    bool hasPendingData() const { return !m_line.isEmpty() || m_dataSeen; }

    // Strict mode: see above. Violations are recorded from the next byte fed.
    void setStrict(bool strict) { m_strict = strict; }
    bool isStrict() const { return m_strict; }
    const QList<Violation> &violations() const { return m_violations; }
    // The stream ended (the connection closed). Dispatches nothing: an unterminated event is
    // dropped (HTML 9.2.6: "if the file ends in the middle of an event ... discarded"); in strict
    // mode that, or an unterminated line, is recorded as a violation.
    void finish();
    // Bytes fed so far, and the 1-based number of the line being read.
    qint64 offset() const { return m_offset; }
    qint64 lineNumber() const { return m_lineNumber; }

private:
    void processLine(QByteArrayView line, QList<Event> &out);
    void processField(QByteArrayView field, QByteArrayView value);
    void checkLine(QByteArrayView line);
    void violation(qint64 column, const QString &message);

    QByteArray m_line;
    bool m_bomChecked = false;
    bool m_lastWasCr = false;
    QByteArray m_data;
    bool m_dataSeen = false;
    QString m_eventType;
    QString m_lastEventId;
    QString m_lastEventIdString;
    std::optional<qint64> m_retryMs;
    int m_comments = 0;

    // Position, for strict mode's reports (kept always: two additions per line).
    qint64 m_offset = 0;          // bytes consumed
    qint64 m_lineNumber = 1;
    qint64 m_lineStart = 0;       // offset of the current line's first byte
    qint64 m_lineStartOfCr = 0;   // offset of the first byte of the line a CR just ended

    bool m_strict = false;
    QList<Violation> m_violations;
    // Strict mode: fields seen in the current event block (bit per known field) and whether an
    // event: was given, to report repeats and a type that is discarded for want of data.
    unsigned m_fieldsInEvent = 0;
    qint64 m_eventFieldLine = 0;
    qint64 m_eventFieldOffset = 0;
};
