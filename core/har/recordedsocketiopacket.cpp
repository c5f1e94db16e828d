#include "recordedsocketiopacket.h"

#include "message/receivedmessage.h"

#include <QJsonArray>

namespace {

bool isDigit(char c)
{
    return c >= '0' && c <= '9';
}

std::optional<RecordedSocketIoPacket> fail(QString *error, const QString &message)
{
    if (error)
        *error = message;
    return std::nullopt;
}

} // namespace

QString RecordedSocketIoPacket::eventName() const
{
    if (type != Type::Event && type != Type::BinaryEvent)
        return {};
    return data.toArray().at(0).toString();
}

std::optional<RecordedSocketIoPacket> RecordedSocketIoPacket::parse(QByteArrayView text, QString *error)
{
    if (text.isEmpty() || text[0] < '0' || text[0] > '6')
        return fail(error, QStringLiteral("an Engine.IO packet starts with a type digit 0-6"));
    RecordedSocketIoPacket packet;
    packet.engineType = EngineType(text[0] - '0');
    packet.engineData = text.sliced(1).toByteArray();
    if (!packet.isMessage())
        return packet;

    // The Socket.IO packet inside the message.
    QByteArrayView rest = text.sliced(1);
    if (rest.isEmpty() || rest[0] < '0' || rest[0] > '6')
        return fail(error, QStringLiteral("a Socket.IO packet starts with a type digit 0-6"));
    packet.type = Type(rest[0] - '0');
    rest = rest.sliced(1);
    if (packet.type == Type::BinaryEvent || packet.type == Type::BinaryAck) {
        // "<attachments>-": a count, then a dash.
        qsizetype digits = 0;
        while (digits < rest.size() && isDigit(rest[digits]))
            ++digits;
        if (digits == 0 || digits > 6 || digits >= rest.size() || rest[digits] != '-')
            return fail(error, QStringLiteral("a binary Socket.IO packet needs its attachment count and \"-\""));
        packet.attachments = rest.first(digits).toInt();
        rest = rest.sliced(digits + 1);
    }
    // The namespace runs to the first comma; the default one "/" is not written.
    if (!rest.isEmpty() && rest[0] == '/') {
        const qsizetype comma = rest.indexOf(',');
        packet.nsp = QString::fromUtf8(comma < 0 ? rest : rest.first(comma));
        rest = comma < 0 ? QByteArrayView() : rest.sliced(comma + 1);
    }
    qsizetype digits = 0;
    while (digits < rest.size() && isDigit(rest[digits]))
        ++digits;
    if (digits > 0) {
        if (digits > 15)
            return fail(error, QStringLiteral("the Socket.IO ack id is longer than 15 digits"));
        packet.id = rest.first(digits).toLongLong();
        rest = rest.sliced(digits);
    }
    if (!rest.isEmpty()) {
        const std::optional<QJsonValue> data = ReceivedMessage::parseJson(rest);
        if (!data)
            return fail(error, QStringLiteral("the Socket.IO packet's data is not JSON"));
        packet.data = *data;
    }
    if ((packet.type == Type::Event || packet.type == Type::BinaryEvent) && !packet.data.isArray())
        return fail(error, QStringLiteral("a Socket.IO event's data is an array [name, args...]"));
    return packet;
}
