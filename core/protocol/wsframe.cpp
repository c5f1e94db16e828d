#include "wsframe.h"

QByteArray WsFrame::encodeText(QByteArrayView utf8Payload)
{
    const quint64 length = quint64(utf8Payload.size());
    QByteArray frame;
    frame.reserve(qsizetype(length) + 10);
    // RFC 6455 5.2: FIN set, opcode 0x1 (text).
    frame.append(char(0x81));
    // RFC 6455 5.2: payload length 0-125 inline, 126 + 16-bit, or 127 + 64-bit, network order.
    if (length <= 125) {
        frame.append(char(length));
    } else if (length <= 0xFFFF) {
        frame.append(char(126));
        frame.append(char((length >> 8) & 0xFF));
        frame.append(char(length & 0xFF));
    } else {
        frame.append(char(127));
        for (int shift = 56; shift >= 0; shift -= 8)
            frame.append(char((length >> shift) & 0xFF));
    }
    frame.append(utf8Payload);
    return frame;
}
