#include "fuzzframescript.h"

#include <QtEndian>

#include <array>
#include <cstring>

namespace {

constexpr int maxFrames = 64;
// At most one large payload per input: each one costs a copy through both sockets, and one is
// enough to reach the 16-bit and 64-bit length forms and the 64 KiB message limit.
constexpr qsizetype maxLargePayloads = 1;

// RFC 6455 7.4.1 / 7.4.2: defined, reserved, never-on-the-wire, application and out-of-range codes.
constexpr std::array<quint16, 32> closeCodes = {
    1000, 1001, 1002, 1003, 1004, 1005, 1006, 1007, 1008, 1009, 1010, 1011, 1012, 1013, 1014, 1015,
    1016, 999, 0, 1, 2999, 3000, 3999, 4000, 4001, 4008, 4999, 5000, 65535, 1100, 2000, 1000,
};

// RFC 6455 5.2: the 7-bit, 16-bit and 64-bit length forms, around the server's 64 KiB message
// limit, and lengths whose top bit is set (which the RFC forbids).
constexpr std::array<quint64, 8> unbackedLengths = {
    65536, 65537, 16 * 1024 * 1024, quint64(1) << 31, quint64(1) << 32,
    (quint64(1) << 63) - 1, quint64(1) << 63, ~quint64(0),
};

// RFC 3629: valid sequences of every length, and the classic invalid ones (overlong forms,
// surrogates, code points past U+10FFFF, truncated sequences, stray continuation bytes).
const std::array<QByteArrayView, 32> utf8Samples = {
    QByteArrayView(""), QByteArrayView("hello"), QByteArrayView("\xc3\xa9"), QByteArrayView("\xe2\x82\xac"),
    QByteArrayView("\xf0\x9f\x98\x80"), QByteArrayView("\xf4\x8f\xbf\xbf"), QByteArrayView("\xef\xbb\xbf{}"),
    QByteArrayView("\xc0\xaf"), QByteArrayView("\xe0\x80\xaf"), QByteArrayView("\xf0\x80\x80\xaf"),
    QByteArrayView("\xed\xa0\x80"), QByteArrayView("\xed\xbf\xbf"), QByteArrayView("\xf4\x90\x80\x80"),
    QByteArrayView("\xf5\x80\x80\x80"), QByteArrayView("\xff"), QByteArrayView("\xfe\xff"),
    QByteArrayView("\x80"), QByteArrayView("\xbf\x80"), QByteArrayView("\xc3"), QByteArrayView("\xe2\x82"),
    QByteArrayView("\xf0\x9f\x98"), QByteArrayView("a\x00" "b", 3), QByteArrayView("\xce\xba\xe1\xbd\xb9\xcf\x83\xce\xbc\xce\xb5"),
    QByteArrayView("\xf0\x9f\x98\x80\xf0\x9f"), QByteArrayView("\xed\x9f\xbf"), QByteArrayView("\xee\x80\x80"),
    QByteArrayView("\xef\xbf\xbd"), QByteArrayView("\xef\xbf\xbe"), QByteArrayView("\xf8\x88\x80\x80\x80"),
    QByteArrayView("\xc2\x80"), QByteArrayView("\xdf\xbf"), QByteArrayView("\xe0\xa0\x80"),
};

// Client-to-server envelopes (docs/server.md), each with one hole for input bytes: echo, publish,
// sync (with good and bad `since`), ids, reserved types, wrong shapes, numbers at the edges.
const std::array<const char *, 32> envelopeTemplates = {
    R"({"type":"echo","payload":"%"})",
    R"({"type":"chat.message","payload":{"text":"%"}})",
    R"({"type":"sync","since":%})",
    R"({"type":"echo","id":"%","payload":null})",
    R"({"type":"session.welcome","payload":{"x":"%"}})",
    R"(%)",
    R"({"type":"%"})",
    R"({"type":"sync","since":"%"})",
    R"({"type":"echo","payload":[%]})",
    R"({"type":"chat.message","id":"%","payload":{"n":1e308}})",
    R"({"type":"sync","since":0%})",
    R"({"type":"sync","since":-1,"x":"%"})",
    R"({"type":"sync","since":18446744073709551615%})",
    R"({"type":"echo","payload":{"a":{"b":{"c":[%]}}}})",
    R"({"type":"sync.reset","payload":"%"})",
    R"({"type":"error","payload":{"message":"%"}})",
    R"({"type":"chat.typing","payload":%})",
    R"([{"type":"echo","payload":"%"}])",
    R"({"type":"echo","type":"chat.message","payload":"%"})",
    R"({"payload":"%"})",
    R"({"type":"","payload":"%"})",
    R"({"type":"a..b","payload":"%"})",
    R"({"type":"echo","payload":"%","since":1})",
    R"({"type":"sync","since":1.5%})",
    R"({"type":"sync","since":1e400%})",
    R"({"type":"echo","id":12,"payload":"%"})",
    R"({"type":"presence.join","payload":"%"})",
    R"({"type":"echo","payload":"\u0000\ud800%"})",
    R"({"type":"chat.message","channel":"other","payload":"%"})",
    R"({"type":"echo","seq":1,"ts":2,"payload":"%"})",
    R"(null%)",
    R"({"type":"echo","payload":"%")",
};

} // namespace

FuzzFrameScript::FuzzFrameScript(QByteArrayView input, Side side)
    : m_input(input)
    , m_side(side)
{
    const quint8 mode = next();
    m_raw = (mode & 0x03) == 0;
    m_ending = Ending((mode >> 2) & 0x03);
    m_writePerFrame = (mode & 0x10) != 0;
    m_flag5 = (mode & 0x20) != 0;
    m_targetBits = quint8(mode >> 6);
    if (m_raw) {
        m_chunks.append(m_input.sliced(m_pos).toByteArray());
        return;
    }
    bool ended = false;
    qsizetype largePayloads = 0;
    for (int frames = 0; frames < maxFrames && m_pos < m_input.size() && !ended; ++frames) {
        const quint8 a = next();
        const quint8 b = next();
        const quint8 oddity = quint8(a >> 5);
        const bool wrongMasking = oddity == 6;
        const bool nonMinimal = oddity == 7;
        const quint8 rsv = oddity == 4 ? 0x40 : oddity == 5 ? 0x30 : 0x00;
        const quint8 arg = b & 0x1F;
        switch (Payload(b >> 5)) {
        case Payload::Raw:
            addFrame(a, take(arg), wrongMasking, nonMinimal, rsv);
            break;
        case Payload::Raw2:
            addFrame(a, take(arg * 8 + next()), wrongMasking, nonMinimal, rsv);
            break;
        case Payload::Large: {
            qsizetype size = qsizetype(arg) * 2048 + qsizetype(next()) * 16;
            if (++largePayloads > maxLargePayloads)
                size %= 256;
            addFrame(a, QByteArray(size, char(next())), wrongMasking, nonMinimal, rsv);
            break;
        }
        case Payload::Unbacked: {
            // Only the header: the peer must refuse the length (or wait for bytes that never come).
            const quint64 length = unbackedLengths[arg % unbackedLengths.size()];
            QByteArray header;
            header.append(char(((a & 0x10) ? 0x00 : 0x80) | rsv | (a & 0x0F)));
            const bool masked = (m_side == Side::Client) != wrongMasking;
            if (length <= 0xFFFF && !nonMinimal) {
                header.append(char((masked ? 0x80 : 0) | 126));
                header.append(char(length >> 8)).append(char(length));
            } else {
                header.append(char((masked ? 0x80 : 0) | 127));
                for (int shift = 56; shift >= 0; shift -= 8)
                    header.append(char(length >> shift));
            }
            if (masked)
                header.append("\x01\x02\x03\x04", 4);
            m_chunks.append(header);
            ended = true;
            m_endsMidFrame = true;
            break;
        }
        case Payload::CloseBody: {
            QByteArray body;
            const quint16 code = closeCodes[arg];
            if (code == 1) {
                body.append(char(next())); // RFC 6455 5.5.1: a 1-byte body is a protocol error
            } else {
                body.append(char(code >> 8)).append(char(code));
                body.append(take(next() & 0x7F));
            }
            addFrame(a, body, wrongMasking, nonMinimal, rsv);
            break;
        }
        case Payload::Envelope: {
            const quint8 fillLength = next() & 0x3F;
            addFrame(a, envelope(arg, take(fillLength)), wrongMasking, nonMinimal, rsv);
            break;
        }
        case Payload::Utf8:
            addFrame(a, utf8Samples[arg], wrongMasking, nonMinimal, rsv);
            break;
        case Payload::Fragmented: {
            const quint8 c = next();
            const QByteArray message = (arg & 0x10) ? utf8Samples[arg & 0x0F].toByteArray() + utf8Samples[(arg + 4) & 0x1F].toByteArray()
                                                    : envelope(arg, take(c & 0x1F));
            const int pieces = 2 + ((c >> 5) & 0x03);
            const bool pingBetween = (c & 0x80) != 0;
            qsizetype from = 0;
            for (int i = 0; i < pieces; ++i) {
                const bool last = i == pieces - 1;
                const qsizetype left = message.size() - from;
                const qsizetype size = last ? left : (left == 0 ? 0 : qsizetype(next()) % (left + 1));
                // The first fragment carries the opcode, the others are continuations (RFC 6455 5.4).
                const quint8 opcode = i == 0 ? (a & 0x0F) : 0x0;
                addFrame(quint8((last ? 0x00 : 0x10) | opcode), QByteArrayView(message).sliced(from, size),
                         wrongMasking && last, nonMinimal && i == 1, i == 1 ? rsv : 0);
                from += size;
                if (pingBetween && !last)
                    addFrame(0x09, QByteArrayView("between"), false, false, 0);
            }
            break;
        }
        }
    }
    if (m_ending == Ending::CloseFrame || m_ending == Ending::CloseAndHalfClose)
        m_chunks.append(closeFrame(side, 1000));
    else if (m_ending == Ending::Ping)
        m_chunks.append(frame(side, 0x89, endPingPayload, 0x0badf00d));
}

quint8 FuzzFrameScript::next()
{
    return m_pos < m_input.size() ? quint8(m_input[m_pos++]) : 0;
}

QByteArrayView FuzzFrameScript::take(qsizetype n)
{
    n = qMin(n, m_input.size() - m_pos);
    const QByteArrayView bytes = m_input.sliced(m_pos, n);
    m_pos += n;
    return bytes;
}

QByteArray FuzzFrameScript::envelope(quint8 index, QByteArrayView fill) const
{
    QByteArray text(envelopeTemplates[index % envelopeTemplates.size()]);
    const qsizetype hole = text.indexOf('%');
    return text.replace(hole, 1, fill.toByteArray());
}

void FuzzFrameScript::addFrame(quint8 a, QByteArrayView payload, bool wrongMasking, bool nonMinimal, quint8 rsv)
{
    const quint8 first = quint8(((a & 0x10) ? 0x00 : 0x80) | rsv | (a & 0x0F));
    m_chunks.append(frame(m_side, first, payload, m_maskKey, wrongMasking, nonMinimal));
    m_maskKey = m_maskKey * 1103515245u + 12345u;
}

QByteArray FuzzFrameScript::frame(Side side, quint8 firstByte, QByteArrayView payload, quint32 maskKey,
                                  bool wrongMasking, bool nonMinimalLength)
{
    // RFC 6455 5.2: 7-bit length up to 125, 126 + 16 bits, 127 + 64 bits; "the minimal number of
    // bytes MUST be used", which nonMinimalLength breaks on purpose.
    const bool masked = (side == Side::Client) != wrongMasking;
    const quint64 length = quint64(payload.size());
    QByteArray bytes;
    bytes.reserve(payload.size() + 14);
    bytes.append(char(firstByte));
    const char maskBit = masked ? char(0x80) : char(0);
    if (length <= 125 && !nonMinimalLength) {
        bytes.append(char(maskBit | char(length)));
    } else if (length <= 0xFFFF && !(nonMinimalLength && length > 125)) {
        bytes.append(char(maskBit | 126));
        bytes.append(char(length >> 8)).append(char(length));
    } else {
        bytes.append(char(maskBit | 127));
        for (int shift = 56; shift >= 0; shift -= 8)
            bytes.append(char(length >> shift));
    }
    if (!masked)
        return bytes.append(payload);
    char key[4];
    qToBigEndian(maskKey, key);
    bytes.append(key, 4);
    const qsizetype start = bytes.size();
    bytes.append(payload);
    for (qsizetype i = 0; i < payload.size(); ++i)
        bytes[start + i] = char(bytes[start + i] ^ key[i % 4]);
    return bytes;
}

const QByteArrayView FuzzFrameScript::endPingPayload("fuzz-end");

QByteArray FuzzFrameScript::closeFrame(Side side, quint16 code)
{
    const char body[2] = {char(code >> 8), char(code)};
    return frame(side, 0x88, QByteArrayView(body, 2), 0x0badf00d);
}

QByteArray FuzzFrameScript::bytes() const
{
    QByteArray all;
    for (const QByteArray &chunk : m_chunks)
        all += chunk;
    return all;
}
