#include "wsframe.h"

#include <algorithm>
#include <cstring>

namespace {

// RFC 6455 5.2: FIN/RSV/opcode byte, then the mask bit with the payload length: 0-125 inline,
// 126 + 16-bit, or 127 + 64-bit, network order.
void appendHeader(QByteArray &frame, quint8 finAndOpcode, bool masked, quint64 length)
{
    const char maskBit = masked ? char(0x80) : char(0);
    frame.append(char(finAndOpcode));
    if (length <= 125) {
        frame.append(char(maskBit | char(length)));
    } else if (length <= 0xFFFF) {
        frame.append(char(maskBit | 126));
        frame.append(char((length >> 8) & 0xFF));
        frame.append(char(length & 0xFF));
    } else {
        frame.append(char(maskBit | 127));
        for (int shift = 56; shift >= 0; shift -= 8)
            frame.append(char((length >> shift) & 0xFF));
    }
}

} // namespace

QByteArray WsFrame::encodeText(QByteArrayView utf8Payload)
{
    const quint64 length = quint64(utf8Payload.size());
    QByteArray frame;
    frame.reserve(qsizetype(length) + 10);
    // RFC 6455 5.2: FIN set, opcode 0x1 (text).
    appendHeader(frame, 0x80 | Text, false, length);
    frame.append(utf8Payload);
    return frame;
}

QByteArray WsFrame::encodeClient(Opcode opcode, QByteArrayView payload, quint32 maskKey, bool final)
{
    const quint64 length = quint64(payload.size());
    QByteArray frame;
    frame.reserve(qsizetype(length) + 14);
    appendHeader(frame, quint8((final ? 0x80 : 0) | (opcode & 0x0F)), true, length);
    // RFC 6455 5.3: the masking key follows the length, most significant byte first.
    for (int shift = 24; shift >= 0; shift -= 8)
        frame.append(char((maskKey >> shift) & 0xFF));
    const qsizetype payloadStart = frame.size();
    frame.append(payload);
    applyMask(frame.data() + payloadStart, payload.size(), maskKey);
    return frame;
}

QByteArray WsFrame::closePayload(quint16 code, QByteArrayView utf8Reason)
{
    // RFC 6455 5.5: a control frame carries at most 125 bytes, two of which are the code.
    qsizetype reasonLength = std::min<qsizetype>(utf8Reason.size(), 123);
    // Never cut inside a character: back off over continuation bytes (10xxxxxx) to the start of
    // the character that did not fit.
    if (reasonLength < utf8Reason.size()) {
        while (reasonLength > 0 && (uchar(utf8Reason[reasonLength]) & 0xC0) == 0x80)
            --reasonLength;
    }
    QByteArray payload;
    payload.reserve(2 + reasonLength);
    payload.append(char(code >> 8));
    payload.append(char(code & 0xFF));
    payload.append(utf8Reason.first(reasonLength));
    return payload;
}

void WsFrame::applyMask(char *data, qsizetype size, quint32 maskKey)
{
    const uchar key[4] = {uchar(maskKey >> 24), uchar(maskKey >> 16), uchar(maskKey >> 8), uchar(maskKey)};
    qsizetype i = 0;
    // Eight bytes at a time: the key repeated twice, in memory order, is the same XOR pattern
    // from any offset that is a multiple of four.
    if (size >= 8) {
        uchar wide[8];
        for (int j = 0; j < 8; ++j)
            wide[j] = key[j % 4];
        quint64 pattern;
        std::memcpy(&pattern, wide, 8);
        for (; i + 8 <= size; i += 8) {
            quint64 chunk;
            std::memcpy(&chunk, data + i, 8);
            chunk ^= pattern;
            std::memcpy(data + i, &chunk, 8);
        }
    }
    for (; i < size; ++i)
        data[i] = char(uchar(data[i]) ^ key[i % 4]);
}
