#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QLatin1StringView>
#include <QList>
#include <QString>

#include <optional>

// One Engine.IO packet: the transport under Socket.IO v3 and later (Engine.IO protocol,
// revision 4: socketio/engine.io-protocol README, "Protocol" and "Packet encoding"). The
// simulator's Socket.IO clients read every WebSocket frame and every long-polling body through
// it and write theirs with it. Pure and stateless: no sockets, no session.
//
// On the wire:
//   WebSocket text frame     <type digit><data>                 "4hello", "2probe", "5"
//   WebSocket binary frame   a binary message: its bytes as they are, no type
//   long-polling body        packets joined by 0x1E, a binary message as 'b' + base64
//                            (RFC 4648 section 4):              "4hello\x1e2\x1ebAQIDBA=="
//
// A value type; data is what followed the type, byte for byte (text is UTF-8, not checked here:
// the WebSocket layer has done that for frames, and Socket.IO's JSON parser does it again).
struct EngineIoPacket
{
    // "Protocol": the packet types and their IDs; the ID is the first character of a text packet.
    enum class Type : char { Open = '0', Close = '1', Ping = '2', Pong = '3', Message = '4', Upgrade = '5', Noop = '6' };

    // "Packet encoding / HTTP long-polling": the record separator between packets of a payload.
    static constexpr char recordSeparator = '\x1e';

    Type type = Type::Message;
    QByteArray data;
    bool binary = false; // a binary message: data holds the decoded bytes (type is Message)

    // One text packet: a WebSocket text frame, or one packet of a long-polling payload. A packet
    // starting with 'b' is a base64 binary message as a payload carries it; it comes back with
    // binary = true and the decoded bytes. On failure returns nullopt and sets *error (may be
    // null) to what was wrong, naming the byte (counted from the start of `text`).
    static std::optional<EngineIoPacket> parseText(QByteArrayView text, QString *error);

    // A WebSocket binary frame ("Packet encoding / WebSocket": binary payloads are sent as is).
    static EngineIoPacket fromBinaryFrame(QByteArrayView bytes);

    // The WebSocket text frame of this packet: the type digit, then data. Only for text packets:
    // a binary message goes out as a binary frame of `data` itself. (Called on one anyway, it
    // asserts in debug builds and returns the payload form, 'b' + base64.)
    QByteArray encodeText() const;

    // A long-polling body: the packets between record separators. An empty body, an empty packet
    // (two separators in a row, one at either end) or a bad packet is an error naming the packet
    // and the byte (counted from the start of the body).
    static std::optional<QList<EngineIoPacket>> parsePayload(QByteArrayView body, QString *error);

    // The long-polling body of `packets`; binary messages as 'b' + base64 with padding. The spec
    // "assumes the record separator is not used in the data": a text packet holding 0x1E would
    // be read back as two. Socket.IO's packets never do (JSON escapes every control character),
    // and parsePayload() never returns one that does.
    static QByteArray encodePayload(const QList<EngineIoPacket> &packets);

    // "open", "close", "ping", "pong", "message", "upgrade", "noop".
    static QLatin1StringView typeName(Type type);

    friend bool operator==(const EngineIoPacket &, const EngineIoPacket &) = default;
};
