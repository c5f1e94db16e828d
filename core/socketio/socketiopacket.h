#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QJsonValue>
#include <QLatin1StringView>
#include <QString>
#include <QStringView>

#include <optional>

// One Socket.IO packet (Socket.IO protocol revision 5, the one of socket.io 3 and 4:
// socketio/socket.io-protocol, "Packet types" and "Packet encoding"), as the default parser
// encodes it in the text of an Engine.IO message packet (EngineIoPacket, type '4'):
//
//   <type>[<attachments>-][<namespace>,][<ack id>][<JSON payload>]
//
//   0/admin,{"token":"123"}            CONNECT to /admin with an auth payload
//   2/admin,456["project:delete",123]  EVENT with ack id 456
//   3/admin,456[]                      ACK of it
//   51-["baz",{"_placeholder":true,"num":0}]
//                                      BINARY_EVENT; its one attachment follows as a binary
//                                      Engine.IO message (SocketIoBinaryAssembler puts them together)
//   44{"message":"Not authorized"}     CONNECT_ERROR (sent as 44{...}: '4' is Engine.IO's)
//
// Used by the simulator's Socket.IO clients for what they receive and what they send but
// render themselves (encodeEventMessage()). A value type; pure.
struct SocketIoPacket
{
    // "Packet types": the type is one decimal digit.
    enum class Type { Connect = 0, Disconnect = 1, Event = 2, Ack = 3, ConnectError = 4, BinaryEvent = 5, BinaryAck = 6 };

    Type type = Type::Event;
    QString nsp = QStringLiteral("/");
    // The acknowledgement id.
    std::optional<quint64> id;
    // The payload; Undefined when there is none (a default QJsonValue would be null, which
    // encode() writes as "null").
    QJsonValue data = QJsonValue(QJsonValue::Undefined);
    // BinaryEvent, BinaryAck: the binary messages that follow (the payload holds placeholders).
    int attachments = 0;

    // The text of an Engine.IO message packet, without its '4'. Checks what the protocol asks of
    // each type ("Packet types", "Exchange protocol"):
    //   CONNECT         payload optional, an object (the client's auth, the server's {"sid": ...})
    //   DISCONNECT      "does not contain any payload nor acknowledgement id"
    //   EVENT           payload "mandatory and MUST be a non-empty array", whose first element is
    //                   the event name, a string; ack id optional
    //   ACK             the ack id it answers, and a payload that "MUST be an array (possibly empty)"
    //   CONNECT_ERROR   payload an object ({"message": ..., "data": ...}); a string from servers
    //                   before revision 5
    //   BINARY_EVENT, BINARY_ACK   as EVENT and ACK, after the attachment count
    // and that only EVENT, ACK and their binary forms carry an ack id. On failure returns nullopt
    // and sets *error (may be null) to what was wrong and at which byte (counted from the start
    // of `text`).
    static std::optional<SocketIoPacket> parse(QByteArrayView text, QString *error);

    // The text parse() reads back as this packet, without the Engine.IO '4': the namespace only
    // when it is not "/" (nor empty, taken as "/"), the payload as compact JSON (QJsonObject's
    // key order, which is sorted). The namespace must be one (isNamespace()).
    QByteArray encode() const;

    // Fast paths for the simulator, which renders an event's arguments itself (MessageTemplate)
    // and should not parse and re-serialise them for every message sent. The result is the whole
    // Engine.IO message packet, '4' included, ready as a WebSocket text frame or as one packet
    // of a long-polling body:
    //   encodeEventMessage(u"/chat", 17, R"(["chat",{"seq":1}])")   42/chat,17["chat",{"seq":1}]
    //   encodeEventMessage(u"/", {}, R"(["hello"])")                 42["hello"]
    //   encodeAckMessage(u"/", 5, "[]")                              435[]
    // `argsJsonArray` is copied as it is, unchecked: it must be the compact or spaced JSON text
    // of an array (for an event, a non-empty one whose first element is the event name), which a
    // JSON template renders by construction. Equal to '4' + encode() of the same packet when the
    // text is what encode() would write for that array.
    static QByteArray encodeEventMessage(QStringView nsp, std::optional<quint64> ackId, QByteArrayView argsJsonArray);
    static QByteArray encodeAckMessage(QStringView nsp, quint64 ackId, QByteArrayView argsJsonArray);

    // A namespace encode() can write and parse() read back: "/" followed by anything but ','.
    static bool isNamespace(QStringView nsp);

    // "CONNECT", "DISCONNECT", "EVENT", "ACK", "CONNECT_ERROR", "BINARY_EVENT", "BINARY_ACK".
    static QLatin1StringView typeName(Type type);

    bool isBinary() const { return type == Type::BinaryEvent || type == Type::BinaryAck; }
    // An EVENT's or a BINARY_EVENT's name (the payload's first element); empty for other types.
    QString eventName() const;

    friend bool operator==(const SocketIoPacket &, const SocketIoPacket &) = default;
};
