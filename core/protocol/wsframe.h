#pragma once

#include <QByteArray>
#include <QByteArrayView>

// Builds RFC 6455 frames as a server sends them (never masked, RFC 6455 5.1), so one encoded
// frame can be written unchanged to every subscriber's socket.
class WsFrame
{
public:
    static QByteArray encodeText(QByteArrayView utf8Payload);
};
