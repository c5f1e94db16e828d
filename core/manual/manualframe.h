#pragma once

#include <QByteArray>
#include <QCoreApplication>
#include <QString>

// One line of a manual connection's log: a frame or SSE event that went in or out, a step of
// the handshake, or a note of the client's own (connecting, an error). A plain value, so the
// window's log model can keep thousands of them.
struct ManualFrame
{
    Q_DECLARE_TR_FUNCTIONS(ManualFrame)
public:
    enum class Direction : quint8 {
        Sent,       // from this client to the server
        Received,   // from the server
        Local,      // something the client noticed itself (connecting, an error, the end)
    };

    enum class Kind : quint8 {
        Handshake,  // the opening request or the server's response head
        Text,       // WebSocket text message (payload is UTF-8)
        Binary,     // WebSocket binary message
        Ping,
        Pong,
        Close,      // WebSocket Close frame: closeCode, payload = reason (UTF-8)
        Event,      // SSE event: eventType, eventId, payload = data (UTF-8)
        Comment,    // SSE comment line(s), such as the server's heartbeat
        Retry,      // SSE retry: field (retryMs)
        Http,       // an HTTP request beside the stream (POST /publish) or its response: httpLine, payload = body
        Info,       // payload = a note in UTF-8
        Error,      // payload = the error message in UTF-8
    };

    qint64 timeMs = 0;          // wall clock, ms since the epoch
    Direction direction = Direction::Local;
    Kind kind = Kind::Info;
    QByteArray payload;
    quint16 closeCode = 0;      // Close: 0 when the frame carried no code
    QString eventType;          // Event
    QString eventId;            // Event: the stream's last event ID at dispatch
    qint64 retryMs = -1;        // Retry
    QString httpLine;           // Http: "POST /publish" or "200 OK"
    // The JSON envelope's "type" (Text, Http), the SSE event type (Event); in a Socket.IO or
    // GraphQL session the decoded packet type ("ping", "EVENT \"chat\"", "ACK 3", "next 2"),
    // and a graphql-ws close code's meaning (Close: "Forbidden").
    QString messageType;
    qint64 wireBytes = -1;      // bytes on the wire when known (frame header included), else -1
    // Pong: time since the Ping with the same payload was sent; a Socket.IO ACK: since its EVENT;
    // a graphql-ws pong: since its ping
    double roundTripMs = -1;

    // Payload bytes as the user thinks of them (a Close frame's code counts 2 bytes).
    qint64 size() const;
    // One line for the log's preview column: text simplified, binary as hex, a close as
    // "4000 bye", at most `maxChars` characters.
    QString preview(int maxChars = 160) const;
    // Everything about the frame for the detail pane: JSON payloads pretty-printed, binary as
    // a hex dump with offsets.
    QString details() const;
    // Whether the payload is a JSON object or array (what details() pretty-prints).
    bool isJson() const;

    // The "type" member of a JSON object payload ("chat.message"), or empty.
    static QString jsonType(const QByteArray &payload);
    static QString kindName(Kind kind);
    static QString directionName(Direction direction);
    // "0a 1b 2c ..." of the first `maxBytes` bytes, with "..." when there are more.
    static QString hexPreview(const QByteArray &bytes, int maxBytes = 32);
    // 16 bytes a line: offset, hex, printable ASCII.
    static QString hexDump(const QByteArray &bytes, int maxBytes = 4096);
};
