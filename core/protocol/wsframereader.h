#pragma once

#include "protocol/wsframe.h"

#include <QByteArray>
#include <QByteArrayView>
#include <QString>

#include <optional>
#include <utility>

// An incremental RFC 6455 frame parser for the client side of a WebSocket connection: feed() the
// bytes as they arrive, then call readNext() until it says NeedMore. It yields whole messages
// (fragments reassembled, control frames in between handed on at once), pings, pongs and the
// peer's close, and stops at the first protocol violation with the close code to send
// (1002 protocol error, 1007 invalid UTF-8, 1009 message too big) and a sentence naming the rule.
//
// No event loop, no socket: it is owned by the connection that reads (WsClientConnection) and is
// fuzzed on its own. Any input is safe: lengths are checked before they are used, and memory is
// bounded by maxMessageBytes plus what one feed() brings (data frame payloads move out of the
// input buffer as they arrive; only a frame header or a control frame, at most 139 bytes, waits
// there for its end), provided readNext() is called until NeedMore after each feed().
class WsFrameReader
{
public:
    struct Limits
    {
        // A message (all its fragments) larger than this is refused with 1009.
        qint64 maxMessageBytes = 16 * 1024 * 1024;
    };

    enum class Token {
        NeedMore,   // nothing more until more bytes arrive
        Text,       // payload() holds a complete text message, valid UTF-8
        Binary,     // payload() holds a complete binary message
        Ping,       // payload() holds the ping's application data (answer it with a pong)
        Pong,       // payload() holds the pong's application data
        Close,      // the peer's Close frame: closeCode(), closeReason(); nothing after it is read
        Error,      // a protocol violation: errorCode() to send, errorString() says which
    };

    WsFrameReader() = default;
    explicit WsFrameReader(const Limits &limits) : m_limits(limits) {}

    void feed(QByteArrayView bytes);
    // Takes the bytes over without copying when nothing is buffered (the usual case).
    void feed(QByteArray &&bytes);

    Token readNext();

    const QByteArray &payload() const { return m_payload; }
    QByteArray takePayload() { return std::exchange(m_payload, {}); }

    // After Close: the code the peer sent, or 1005 (RFC 6455 7.1.5) when its Close had no body.
    quint16 closeCode() const { return m_closeCode; }
    QString closeReason() const { return m_closeReason; }
    // After Error: the code to close with, and what was wrong.
    quint16 errorCode() const { return m_errorCode; }
    QString errorString() const { return m_error; }

    bool hasError() const { return m_state == State::Failed; }
    bool isClosed() const { return m_state == State::Closed; }
    // Bytes fed but not yet taken into a frame or message.
    qsizetype bufferedBytes() const { return m_buffer.size() - m_pos; }
    // Bytes of a fragmented or partly received message collected so far.
    qsizetype pendingMessageBytes() const { return m_message.size(); }
    const Limits &limits() const { return m_limits; }

    // RFC 6455 7.4: whether a peer may send this code in a Close frame.
    static bool isValidCloseCode(quint16 code);

private:
    enum class State { Header, Payload, Closed, Failed };

    Token fail(quint16 code, const QString &message);
    // Each step returns a token to hand out, or nothing when it moved on to the next step.
    std::optional<Token> parseHeader();
    std::optional<Token> readPayload();
    Token finishControlFrame(QByteArrayView payload);
    void consume(qsizetype n) { m_pos += n; }
    void compact();

    // --- incremental UTF-8 validation (RFC 3629 4), so a code point may span fragments ---
    struct Utf8Validator
    {
        quint8 pending = 0;     // continuation bytes still expected for the current code point
        quint8 low = 0x80;      // the range the next continuation byte must be in
        quint8 high = 0xBF;
        bool feed(QByteArrayView bytes);
        bool isComplete() const { return pending == 0; }
    };

    Limits m_limits;
    QByteArray m_buffer;
    qsizetype m_pos = 0;              // first unread byte of m_buffer
    State m_state = State::Header;

    // The frame being read.
    WsFrame::Opcode m_opcode = WsFrame::Continuation;
    bool m_final = false;
    quint64 m_remaining = 0;          // payload bytes of this frame not yet taken

    // The data message being assembled (possibly over several frames).
    bool m_inMessage = false;
    WsFrame::Opcode m_messageOpcode = WsFrame::Text;
    QByteArray m_message;
    Utf8Validator m_utf8;

    QByteArray m_payload;
    quint16 m_closeCode = 0;
    QString m_closeReason;
    quint16 m_errorCode = 0;
    QString m_error;
};
