#include "wsframereader.h"

#include <algorithm>
#include <cstring>

namespace {

// RFC 6455 7.4.1: the codes an endpoint sends when it fails the connection.
constexpr quint16 protocolError = 1002;
constexpr quint16 invalidPayload = 1007;
constexpr quint16 messageTooBig = 1009;
// RFC 6455 7.1.5: "no status code was present" (never sent on the wire).
constexpr quint16 noStatusReceived = 1005;

QString hex(quint8 value)
{
    return QStringLiteral("0x%1").arg(value, 0, 16);
}

} // namespace

bool WsFrameReader::isValidCloseCode(quint16 code)
{
    // RFC 6455 7.4.1 defines 1000-1003 and 1007-1011; 1004 is reserved, and 1005, 1006 and 1015
    // are for reporting only and must never appear in a Close frame. The IANA registry that
    // 7.4.2 points to adds 1012-1014. 1016-2999 are reserved for this protocol's future use,
    // 3000-3999 are for libraries and frameworks, 4000-4999 for private use (7.4.2); codes below
    // 1000 and above 4999 are not used.
    return (code >= 1000 && code <= 1003) || (code >= 1007 && code <= 1014) || (code >= 3000 && code <= 4999);
}

void WsFrameReader::feed(QByteArrayView bytes)
{
    // RFC 6455 5.5.1: nothing the peer sends after its Close is read; after a failure the
    // connection is being closed anyway.
    if (m_state == State::Closed || m_state == State::Failed || bytes.isEmpty())
        return;
    m_buffer.append(bytes);
}

void WsFrameReader::feed(QByteArray &&bytes)
{
    if (m_state == State::Closed || m_state == State::Failed || bytes.isEmpty())
        return;
    if (m_pos == m_buffer.size()) {
        m_buffer = std::move(bytes);
        m_pos = 0;
        return;
    }
    m_buffer.append(bytes);
}

WsFrameReader::Token WsFrameReader::fail(quint16 code, const QString &message)
{
    m_state = State::Failed;
    m_errorCode = code;
    m_error = message;
    m_buffer = QByteArray();
    m_pos = 0;
    m_message = QByteArray();
    m_payload = QByteArray();
    return Token::Error;
}

void WsFrameReader::compact()
{
    if (m_pos == 0)
        return;
    if (m_pos >= m_buffer.size())
        m_buffer = QByteArray(); // an idle connection holds no buffer
    else
        m_buffer.remove(0, m_pos);
    m_pos = 0;
}

WsFrameReader::Token WsFrameReader::readNext()
{
    m_payload = QByteArray();
    for (;;) {
        std::optional<Token> token;
        switch (m_state) {
        case State::Failed:
            return Token::Error;
        case State::Closed:
            return Token::NeedMore;
        case State::Header:
            token = parseHeader();
            break;
        case State::Payload:
            token = readPayload();
            break;
        }
        if (!token)
            continue; // moved on to the next step; it may be complete already
        if (*token == Token::NeedMore)
            compact();
        return *token;
    }
}

std::optional<WsFrameReader::Token> WsFrameReader::parseHeader()
{
    const qsizetype available = bufferedBytes();
    if (available < 2)
        return Token::NeedMore;
    const auto *bytes = reinterpret_cast<const uchar *>(m_buffer.constData() + m_pos);
    const bool final = bytes[0] & 0x80;
    const quint8 reserved = bytes[0] & 0x70;
    const quint8 opcode = bytes[0] & 0x0F;
    const bool masked = bytes[1] & 0x80;
    const quint8 length7 = bytes[1] & 0x7F;

    // RFC 6455 5.2: RSV1-3 must be 0 unless an extension that defines them was negotiated (we
    // offer none).
    if (reserved != 0)
        return fail(protocolError, QStringLiteral("RFC 6455 5.2: reserved bits set (%1) without a negotiated extension").arg(hex(reserved >> 4)));
    // RFC 6455 5.2: opcodes 0x3-0x7 and 0xB-0xF are reserved.
    const bool known = opcode == WsFrame::Continuation || opcode == WsFrame::Text || opcode == WsFrame::Binary
        || opcode == WsFrame::Close || opcode == WsFrame::Ping || opcode == WsFrame::Pong;
    if (!known)
        return fail(protocolError, QStringLiteral("RFC 6455 5.2: reserved opcode %1").arg(hex(opcode)));
    // RFC 6455 5.1: a server must not mask its frames, and a client must close the connection
    // when it sees a masked one.
    if (masked)
        return fail(protocolError, QStringLiteral("RFC 6455 5.1: masked frame from the server (opcode %1)").arg(hex(opcode)));
    const bool control = (opcode & 0x08) != 0;
    if (control) {
        // RFC 6455 5.5: control frames must not be fragmented and carry at most 125 bytes.
        if (!final)
            return fail(protocolError, QStringLiteral("RFC 6455 5.5: fragmented control frame (opcode %1 without FIN)").arg(hex(opcode)));
        if (length7 > 125)
            return fail(protocolError, QStringLiteral("RFC 6455 5.5: control frame (opcode %1) with an extended length; control frames carry at most 125 bytes").arg(hex(opcode)));
    } else if (opcode == WsFrame::Continuation) {
        // RFC 6455 5.4: a continuation frame continues a message whose first frame had no FIN.
        if (!m_inMessage)
            return fail(protocolError, QStringLiteral("RFC 6455 5.4: continuation frame without a fragmented message to continue"));
    } else if (m_inMessage) {
        // RFC 6455 5.4: the fragments of one message are not interleaved with another message.
        return fail(protocolError, QStringLiteral("RFC 6455 5.4: new message (opcode %1) before the fragmented message ended").arg(hex(opcode)));
    }

    // RFC 6455 5.2: 126 means a 16-bit length follows, 127 a 64-bit one, in network order.
    // (The RFC asks senders for the shortest form; a longer one is accepted, it is unambiguous.)
    qsizetype headerSize = 2;
    quint64 length = length7;
    if (length7 == 126) {
        headerSize = 4;
        if (available < headerSize)
            return Token::NeedMore;
        length = (quint64(bytes[2]) << 8) | bytes[3];
    } else if (length7 == 127) {
        headerSize = 10;
        if (available < headerSize)
            return Token::NeedMore;
        // RFC 6455 5.2: the most significant bit of the 64-bit length must be 0.
        if (bytes[2] & 0x80)
            return fail(protocolError, QStringLiteral("RFC 6455 5.2: 64-bit payload length with the most significant bit set"));
        length = 0;
        for (int i = 2; i < 10; ++i)
            length = (length << 8) | bytes[i];
    }
    if (!control) {
        // RFC 6455 7.4.1 (1009): a message too big to process. Checked before any of it is
        // read, and on the sum of the fragments so far, so memory stays bounded.
        const quint64 limit = quint64(std::max<qint64>(0, m_limits.maxMessageBytes));
        const quint64 have = quint64(m_message.size());
        if (length > limit || have > limit - length) {
            return fail(messageTooBig, QStringLiteral("RFC 6455 7.4.1: message of at least %1 bytes exceeds the limit of %2 bytes")
                                           .arg(have + length).arg(limit));
        }
    }

    consume(headerSize);
    m_opcode = WsFrame::Opcode(opcode);
    m_final = final;
    m_remaining = length;
    if (!control && opcode != WsFrame::Continuation) {
        m_inMessage = true;
        m_messageOpcode = WsFrame::Opcode(opcode);
        m_message = QByteArray();
        m_utf8 = {};
    }
    m_state = State::Payload;
    return std::nullopt;
}

std::optional<WsFrameReader::Token> WsFrameReader::readPayload()
{
    const qsizetype available = bufferedBytes();
    if (m_opcode & 0x08) {
        // A control frame (at most 125 bytes) is handled whole.
        if (quint64(available) < m_remaining)
            return Token::NeedMore;
        const QByteArrayView payload(m_buffer.constData() + m_pos, qsizetype(m_remaining));
        consume(qsizetype(m_remaining));
        m_remaining = 0;
        m_state = State::Header;
        return finishControlFrame(payload);
    }

    // A data frame's payload moves into the message as it arrives.
    const qsizetype take = qsizetype(std::min<quint64>(m_remaining, quint64(available)));
    if (take > 0) {
        const QByteArrayView piece(m_buffer.constData() + m_pos, take);
        // RFC 6455 8.1: a text message must be valid UTF-8; checked as it arrives, so an
        // invalid byte fails at once, while a character split between fragments is fine.
        if (m_messageOpcode == WsFrame::Text && !m_utf8.feed(piece))
            return fail(invalidPayload, QStringLiteral("RFC 6455 8.1: text message is not valid UTF-8"));
        if (m_message.isEmpty() && m_final && quint64(take) == m_remaining)
            m_message = QByteArray(piece.data(), piece.size()); // the common case: one whole frame
        else
            m_message.append(piece);
        consume(take);
        m_remaining -= quint64(take);
    }
    if (m_remaining > 0)
        return Token::NeedMore;
    m_state = State::Header;
    if (!m_final)
        return std::nullopt; // RFC 6455 5.4: more fragments follow
    // RFC 6455 8.1: the whole text message must be valid UTF-8, so it cannot end mid-character.
    if (m_messageOpcode == WsFrame::Text && !m_utf8.isComplete())
        return fail(invalidPayload, QStringLiteral("RFC 6455 8.1: text message ends inside a UTF-8 sequence"));
    m_inMessage = false;
    m_payload = std::exchange(m_message, {});
    return m_messageOpcode == WsFrame::Text ? Token::Text : Token::Binary;
}

WsFrameReader::Token WsFrameReader::finishControlFrame(QByteArrayView payload)
{
    switch (m_opcode) {
    case WsFrame::Ping:
        m_payload = payload.toByteArray();
        return Token::Ping;
    case WsFrame::Pong:
        m_payload = payload.toByteArray();
        return Token::Pong;
    default:
        break;
    }
    // Close. RFC 6455 5.5.1: an optional body whose first two bytes are the status code.
    if (payload.size() == 1)
        return fail(protocolError, QStringLiteral("RFC 6455 5.5.1: Close frame body of 1 byte (a code takes 2)"));
    quint16 code = noStatusReceived;
    QString reason;
    if (!payload.isEmpty()) {
        code = quint16((uchar(payload[0]) << 8) | uchar(payload[1]));
        // RFC 6455 7.4: only defined or registrable codes may be sent.
        if (!isValidCloseCode(code))
            return fail(protocolError, QStringLiteral("RFC 6455 7.4: close code %1 may not be sent").arg(code));
        // RFC 6455 5.5.1: the reason is UTF-8.
        const QByteArrayView reasonBytes = payload.sliced(2);
        Utf8Validator validator;
        if (!validator.feed(reasonBytes) || !validator.isComplete())
            return fail(invalidPayload, QStringLiteral("RFC 6455 5.5.1: close reason is not valid UTF-8"));
        reason = QString::fromUtf8(reasonBytes);
    }
    m_closeCode = code;
    m_closeReason = reason;
    // RFC 6455 5.5.1: the Close is the peer's last frame; whatever follows is not read.
    m_state = State::Closed;
    m_buffer = QByteArray();
    m_pos = 0;
    m_message = QByteArray();
    m_inMessage = false;
    return Token::Close;
}

bool WsFrameReader::Utf8Validator::feed(QByteArrayView bytes)
{
    // RFC 3629 4: UTF8-2 = C2-DF tail; UTF8-3 = E0 A0-BF tail / E1-EC 2tail / ED 80-9F tail /
    // EE-EF 2tail; UTF8-4 = F0 90-BF 2tail / F1-F3 3tail / F4 80-8F 2tail; tail = 80-BF. So no
    // overlong forms, no surrogates (ED A0-BF), nothing above U+10FFFF.
    const auto *data = reinterpret_cast<const uchar *>(bytes.data());
    const qsizetype size = bytes.size();
    qsizetype i = 0;
    while (i < size) {
        if (pending == 0) {
            // JSON is mostly ASCII: skip eight ASCII bytes at a time.
            while (i + 8 <= size) {
                quint64 word;
                std::memcpy(&word, data + i, 8);
                if (word & 0x8080808080808080ULL)
                    break;
                i += 8;
            }
            if (i == size)
                break;
            const uchar lead = data[i++];
            if (lead < 0x80)
                continue;
            low = 0x80;
            high = 0xBF;
            if (lead >= 0xC2 && lead <= 0xDF) {
                pending = 1;
            } else if (lead == 0xE0) {
                pending = 2;
                low = 0xA0;
            } else if (lead == 0xED) {
                pending = 2;
                high = 0x9F;
            } else if (lead >= 0xE1 && lead <= 0xEF) {
                pending = 2;
            } else if (lead == 0xF0) {
                pending = 3;
                low = 0x90;
            } else if (lead >= 0xF1 && lead <= 0xF3) {
                pending = 3;
            } else if (lead == 0xF4) {
                pending = 3;
                high = 0x8F;
            } else {
                return false; // a continuation byte without a lead, C0/C1 (overlong), F5-FF
            }
        } else {
            const uchar tail = data[i++];
            if (tail < low || tail > high)
                return false;
            --pending;
            low = 0x80;
            high = 0xBF;
        }
    }
    return true;
}
