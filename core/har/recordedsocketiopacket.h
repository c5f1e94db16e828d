#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QJsonValue>
#include <QString>

#include <optional>

// One Engine.IO v4 packet as a browser recorded it (a WebSocket text frame, or one part of a
// long-polling payload), and for a message packet the Socket.IO v5 packet inside it. Only what
// HarImporter needs to read a recording; the simulator's client has its own codec.
//
// Engine.IO v4 (https://github.com/socketio/engine.io-protocol): a digit for the type, then its
// data: "0{...}" open, "1" close, "2" ping, "3" pong ("2probe"/"3probe" test an upgrade),
// "4..." message, "5" upgrade, "6" noop.
// Socket.IO v5 (https://github.com/socketio/socket.io-protocol), inside a message: a digit for
// the type, "<n>-" attachments for the binary types, "/nsp," unless the namespace is "/", an ack
// id, then the JSON data: "42[\"chat\",\"hi\"]", "40/admin,{\"token\":\"...\"}", "4313[...]".
struct RecordedSocketIoPacket
{
    enum class EngineType { Open, Close, Ping, Pong, Message, Upgrade, Noop };
    enum class Type { Connect, Disconnect, Event, Ack, ConnectError, BinaryEvent, BinaryAck };

    EngineType engineType = EngineType::Noop;
    QByteArray engineData;        // what follows the Engine.IO type ("probe", the open packet's JSON)

    // For a message:
    Type type = Type::Event;
    int attachments = 0;          // binary frames that follow a BinaryEvent / BinaryAck
    QString nsp = QStringLiteral("/");
    std::optional<qint64> id;     // the ack id
    QJsonValue data;              // Undefined when the packet has none

    bool isMessage() const { return engineType == EngineType::Message; }
    // An Event or BinaryEvent's name (data[0]) when it is a string.
    QString eventName() const;

    // nullopt and *error (may be null) saying what is wrong when `text` is not such a packet.
    static std::optional<RecordedSocketIoPacket> parse(QByteArrayView text, QString *error);
};
