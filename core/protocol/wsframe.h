#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QtGlobal>

// Builds RFC 6455 frames. The server's frames are never masked (RFC 6455 5.1), so one encoded
// frame can be written unchanged to every subscriber's socket; a client's frames always are
// (encodeClient(), used by the simulator's WebSocket client).
class WsFrame
{
public:
    // RFC 6455 5.2: the opcodes; 0x3-0x7 and 0xB-0xF are reserved.
    enum Opcode : quint8 {
        Continuation = 0x0,
        Text = 0x1,
        Binary = 0x2,
        Close = 0x8,
        Ping = 0x9,
        Pong = 0xA,
    };

    // A complete, unmasked text frame as the server sends it.
    static QByteArray encodeText(QByteArrayView utf8Payload);

    // One frame as a client sends it: masked with `maskKey` (RFC 6455 5.3; the key's most
    // significant byte masks the first payload byte). `final` clears FIN for all but the last
    // fragment of a message (RFC 6455 5.4).
    static QByteArray encodeClient(Opcode opcode, QByteArrayView payload, quint32 maskKey, bool final = true);

    // The body of a Close frame (RFC 6455 5.5.1): the code in network order, then the UTF-8
    // reason, cut at a character boundary so the whole fits the 125 bytes of a control frame.
    static QByteArray closePayload(quint16 code, QByteArrayView utf8Reason = {});

    // XORs `data` with the 4-byte key, as if the key's bytes repeated from data's first byte.
    static void applyMask(char *data, qsizetype size, quint32 maskKey);
};
