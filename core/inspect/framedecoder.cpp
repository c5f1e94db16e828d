#include "inspect/framedecoder.h"

#include "graphqlws/graphqlwsmessage.h"
#include "socketio/engineiohandshake.h"
#include "socketio/engineiopacket.h"
#include "socketio/socketiopacket.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace {

// Frames longer than this are not parsed for a summary: a view shows them as they came.
constexpr qsizetype decodeLimit = 256 * 1024;

QString compact(const QJsonValue &value)
{
    switch (value.type()) {
    case QJsonValue::Object:
        return QString::fromUtf8(QJsonDocument(value.toObject()).toJson(QJsonDocument::Compact));
    case QJsonValue::Array:
        return QString::fromUtf8(QJsonDocument(value.toArray()).toJson(QJsonDocument::Compact));
    case QJsonValue::String:
        return QString::fromUtf8(QJsonDocument(QJsonArray{value}).toJson(QJsonDocument::Compact)).mid(1).chopped(1);
    case QJsonValue::Double:
        return QString::number(value.toDouble(), 'g', 17);
    case QJsonValue::Bool:
        return value.toBool() ? QStringLiteral("true") : QStringLiteral("false");
    case QJsonValue::Null:
        return QStringLiteral("null");
    case QJsonValue::Undefined:
        break;
    }
    return {};
}

// Socket.IO protocol v5, "Packet types": what a packet is and what it carries, for one row.
FrameDecoder::Result describeSocketIo(const SocketIoPacket &packet)
{
    FrameDecoder::Result result;
    result.protocol = FrameDecoder::Protocol::SocketIo;
    QString type = QString(SocketIoPacket::typeName(packet.type));
    if (packet.nsp != QLatin1String("/") && !packet.nsp.isEmpty())
        type += QLatin1Char(' ') + packet.nsp;
    switch (packet.type) {
    case SocketIoPacket::Type::Connect:
    case SocketIoPacket::Type::Disconnect:
        result.control = true;
        result.payload = compact(packet.data);
        break;
    case SocketIoPacket::Type::ConnectError: {
        // {"message": ..., "data": ...}; revision 4 servers sent the message as a string.
        result.control = true;
        const QJsonObject error = packet.data.toObject();
        result.payload = packet.data.isString() ? packet.data.toString() : error.value(QLatin1String("message")).toString();
        if (error.contains(QLatin1String("data")))
            result.payload += QLatin1Char(' ') + compact(error.value(QLatin1String("data")));
        break;
    }
    case SocketIoPacket::Type::Event:
    case SocketIoPacket::Type::BinaryEvent: {
        // The event name heads the arguments; the row shows it in the type and the rest as data.
        QJsonArray args = packet.data.toArray();
        type += QStringLiteral(" \"%1\"").arg(packet.eventName());
        result.name = type;
        if (!args.isEmpty())
            args.removeFirst();
        result.payload = args.isEmpty() ? QString() : compact(args);
        if (packet.id)
            type += QStringLiteral(" (id %1)").arg(*packet.id);
        break;
    }
    case SocketIoPacket::Type::Ack:
    case SocketIoPacket::Type::BinaryAck:
        result.name = type;
        if (packet.id)
            type += QLatin1Char(' ') + QString::number(*packet.id);
        result.payload = compact(packet.data);
        break;
    }
    if (packet.attachments > 0)
        type += QStringLiteral(" +%1 bin").arg(packet.attachments);
    result.type = type;
    if (result.name.isEmpty())
        result.name = type;
    return result;
}

} // namespace

FrameDecoder::Result FrameDecoder::decode(QByteArrayView text, Protocol known)
{
    if (text.isEmpty() || text.size() > decodeLimit)
        return {};
    const char first = text.front();
    if (first >= '0' && first <= '6')
        return engineIo(text, known == Protocol::EngineIo || known == Protocol::SocketIo);
    if (first == '{')
        return graphQlWs(text, known == Protocol::GraphQlWs);
    return {};
}

FrameDecoder::Result FrameDecoder::decodeEngineIo(QByteArrayView text)
{
    return text.size() > decodeLimit ? Result() : engineIo(text, true);
}

FrameDecoder::Result FrameDecoder::decodeGraphQlWs(QByteArrayView text)
{
    return text.size() > decodeLimit ? Result() : graphQlWs(text, true);
}

FrameDecoder::Result FrameDecoder::engineIo(QByteArrayView text, bool sure)
{
    const std::optional<EngineIoPacket> packet = EngineIoPacket::parseText(text, nullptr);
    if (!packet)
        return {};
    Result result;
    result.protocol = Protocol::EngineIo;
    result.control = true;
    result.type = result.name = QString(EngineIoPacket::typeName(packet->type));
    switch (packet->type) {
    case EngineIoPacket::Type::Open:
        // "Handshake": an open packet carries the session's sid and timing.
        if (!EngineIoHandshake::parse(packet->data, nullptr))
            return {};
        result.payload = QString::fromUtf8(packet->data);
        return result;
    case EngineIoPacket::Type::Message:
        if (packet->binary) {
            if (!sure)
                return {};
            result.control = false;
            result.type = result.name = QStringLiteral("message (binary)");
            result.payload = QCoreApplication::translate("FrameDecoder", "%n byte(s)", nullptr, int(packet->data.size()));
            return result;
        }
        if (const std::optional<SocketIoPacket> socketIo = SocketIoPacket::parse(packet->data, nullptr))
            return describeSocketIo(*socketIo);
        if (!sure)
            return {};
        result.control = false;
        result.payload = QString::fromUtf8(packet->data);
        return result;
    case EngineIoPacket::Type::Ping:
    case EngineIoPacket::Type::Pong:
        // "Upgrade": the probe on the new transport is unmistakable; a bare "2" or "3" is not.
        if (packet->data == "probe" || (sure && packet->data.isEmpty())) {
            result.payload = QString::fromUtf8(packet->data);
            return result;
        }
        return {};
    case EngineIoPacket::Type::Close:
    case EngineIoPacket::Type::Upgrade:
    case EngineIoPacket::Type::Noop:
        if (!sure || !packet->data.isEmpty())
            return {};
        return result;
    }
    return {};
}

FrameDecoder::Result FrameDecoder::graphQlWs(QByteArrayView text, bool sure)
{
    const std::optional<GraphQlWsMessage> message = GraphQlWsMessage::parse(text, nullptr);
    if (!message)
        return {};
    using Type = GraphQlWsMessage::Type;
    // Ping and pong are envelope types too: only on a connection already seen speaking graphql-ws.
    if (!sure && (message->type == Type::Ping || message->type == Type::Pong))
        return {};
    Result result;
    result.protocol = Protocol::GraphQlWs;
    result.type = result.name = QString(GraphQlWsMessage::typeName(message->type));
    if (GraphQlWsMessage::hasId(message->type))
        result.type += QLatin1Char(' ') + message->id;
    result.control = message->type != Type::Subscribe && message->type != Type::Next && message->type != Type::Error;
    result.payload = compact(message->payload);
    return result;
}

QString FrameDecoder::protocolName(Protocol protocol)
{
    switch (protocol) {
    case Protocol::None: return {};
    case Protocol::EngineIo: return QStringLiteral("Engine.IO");
    case Protocol::SocketIo: return QStringLiteral("Socket.IO");
    case Protocol::GraphQlWs: return QStringLiteral("graphql-ws");
    }
    return {};
}

QString FrameDecoder::kindName(bool control)
{
    return control ? QCoreApplication::translate("FrameDecoder", "control")
                   : QCoreApplication::translate("FrameDecoder", "data");
}
