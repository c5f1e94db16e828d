#include "socketiopacket.h"

#include "engineiopacket.h"
#include "message/jsonscalar.h"
#include "message/receivedmessage.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <limits>

namespace {

bool isDigit(char c)
{
    return c >= '0' && c <= '9';
}

// Everything between the type and the payload: [<attachments>-][<namespace>,][<ack id>].
void appendHeader(QByteArray &out, QStringView nsp, std::optional<quint64> id)
{
    // "Encoding format": the namespace is only included if it is different from the main
    // namespace (/).
    if (!nsp.isEmpty() && nsp != u"/")
        out.append(nsp.toUtf8()).append(',');
    if (id)
        out.append(QByteArray::number(*id));
}

// Reads one packet field by field, in the order of the encoding format; the members say where
// it stopped and why.
class PacketReader
{
public:
    explicit PacketReader(QByteArrayView text) : m_text(text) {}

    std::optional<SocketIoPacket> read()
    {
        SocketIoPacket packet;
        if (!readType(&packet) || !readAttachments(&packet) || !readNamespace(&packet) || !readId(&packet)
            || !readPayload(&packet) || !checkPacket(packet)) {
            return std::nullopt;
        }
        return packet;
    }

    QString m_error;

private:
    bool fail(qsizetype at, const QString &message)
    {
        m_error = QStringLiteral("%1 at byte %2").arg(message).arg(at);
        return false;
    }

    bool failPayload(const SocketIoPacket &packet, const QString &rule)
    {
        m_error = QStringLiteral("%1 at byte %2: %3, got %4")
                      .arg(SocketIoPacket::typeName(packet.type))
                      .arg(m_payloadAt)
                      .arg(rule, JsonScalar::describe(packet.data, QStringLiteral("no payload")));
        return false;
    }

    // Decimal digits from m_pos, at most `max`; nullopt (and m_pos unmoved) when there are none.
    std::optional<quint64> readNumber(quint64 max, const QString &what, bool *tooLarge)
    {
        const qsizetype start = m_pos;
        quint64 value = 0;
        *tooLarge = false;
        while (m_pos < m_text.size() && isDigit(m_text[m_pos])) {
            const unsigned digit = unsigned(m_text[m_pos] - '0');
            if (value > (max - digit) / 10) {
                fail(start, QStringLiteral("%1 does not fit in %2").arg(what).arg(max));
                *tooLarge = true;
                return std::nullopt;
            }
            value = value * 10 + digit;
            ++m_pos;
        }
        if (m_pos == start)
            return std::nullopt;
        return value;
    }

    // "Packet types": one digit, 0 to 6.
    bool readType(SocketIoPacket *packet)
    {
        if (m_text.isEmpty())
            return fail(0, QStringLiteral("empty packet: no type (expected a digit 0-6)"));
        const char c = m_text.front();
        if (c < '0' || c > '6')
            return fail(0, QStringLiteral("unknown packet type 0x%1 (expected a digit 0-6)").arg(uchar(c), 2, 16, QLatin1Char('0')));
        packet->type = SocketIoPacket::Type(c - '0');
        m_pos = 1;
        return true;
    }

    // "Encoding format": <# of binary attachments>-, for the binary types only.
    bool readAttachments(SocketIoPacket *packet)
    {
        if (!packet->isBinary())
            return true;
        const qsizetype start = m_pos;
        bool tooLarge = false;
        const std::optional<quint64> count = readNumber(quint64(std::numeric_limits<int>::max()), QStringLiteral("the attachment count"), &tooLarge);
        if (tooLarge)
            return false;
        if (!count)
            return fail(start, QStringLiteral("%1 needs its attachment count (digits, then '-')").arg(SocketIoPacket::typeName(packet->type)));
        if (m_pos >= m_text.size() || m_text[m_pos] != '-')
            return fail(m_pos, QStringLiteral("expected '-' after the attachment count"));
        packet->attachments = int(*count);
        ++m_pos;
        return true;
    }

    // "Encoding format": <namespace>, when it is not the main namespace. A namespace that runs
    // to the end of the packet without its ',' (1/admin) is read as the reference parser reads
    // it: the namespace, and nothing after it.
    bool readNamespace(SocketIoPacket *packet)
    {
        if (m_pos >= m_text.size() || m_text[m_pos] != '/')
            return true;
        qsizetype end = m_text.indexOf(',', m_pos);
        const bool hasComma = end >= 0;
        if (!hasComma)
            end = m_text.size();
        packet->nsp = QString::fromUtf8(m_text.sliced(m_pos, end - m_pos));
        m_pos = hasComma ? end + 1 : end;
        return true;
    }

    // "Encoding format": <acknowledgment id>, decimal.
    bool readId(SocketIoPacket *packet)
    {
        m_idAt = m_pos;
        bool tooLarge = false;
        packet->id = readNumber(std::numeric_limits<quint64>::max(), QStringLiteral("the ack id"), &tooLarge);
        return !tooLarge;
    }

    // "Encoding format": the JSON-stringified payload, any JSON value (RFC 8259 allows a scalar
    // at the top level; an old server's CONNECT_ERROR is a string).
    bool readPayload(SocketIoPacket *packet)
    {
        m_payloadAt = m_pos;
        if (m_pos == m_text.size())
            return true;
        const QByteArrayView json = m_text.sliced(m_pos);
        if (std::optional<QJsonValue> value = ReceivedMessage::parseJson(json)) {
            packet->data = std::move(*value);
            return true;
        }
        // Not one JSON value; parse it again for a reason and a place (as parseJson() does,
        // inside an array, so that a scalar is read too).
        QJsonParseError error;
        const QJsonDocument document = QJsonDocument::fromJson('[' + json.toByteArray() + ']', &error);
        if (error.error != QJsonParseError::NoError)
            return fail(m_pos + qMax(0, error.offset - 1), QStringLiteral("the payload is not JSON (%1)").arg(error.errorString()));
        if (document.array().isEmpty())
            return fail(m_pos, QStringLiteral("the payload is only white space"));
        return fail(m_pos, QStringLiteral("the payload is %1 JSON values, not one").arg(document.array().size()));
    }

    bool checkPacket(const SocketIoPacket &packet)
    {
        using Type = SocketIoPacket::Type;
        const bool acknowledged = packet.type == Type::Event || packet.type == Type::Ack || packet.isBinary();
        if (packet.id && !acknowledged)
            return fail(m_idAt, QStringLiteral("%1 does not carry an ack id (only EVENT, ACK and their binary forms do)").arg(SocketIoPacket::typeName(packet.type)));
        const QJsonValue &data = packet.data;
        switch (packet.type) {
        case Type::Connect:
            // "Packet types / CONNECT": the client's optional auth payload, the server's {"sid"}.
            if (!data.isUndefined() && !data.isObject())
                return failPayload(packet, QStringLiteral("the payload must be an object when there is one"));
            return true;
        case Type::Disconnect:
            // "It does not contain any payload nor acknowledgement id."
            if (!data.isUndefined())
                return failPayload(packet, QStringLiteral("there is no payload"));
            return true;
        case Type::Event:
        case Type::BinaryEvent:
            // "Sending and receiving data": "The payload is mandatory and MUST be a non-empty
            // array"; its first element is the event's name.
            if (!data.isArray() || data.toArray().isEmpty() || !data.toArray().first().isString())
                return failPayload(packet, QStringLiteral("the payload must be an array whose first element is the event name (a string)"));
            return true;
        case Type::Ack:
        case Type::BinaryAck:
            // "Acknowledgement": "The receiver MUST respond with an ACK packet with the same event
            // ID"; "The payload is mandatory and MUST be an array (possibly empty)".
            if (!packet.id)
                return fail(m_payloadAt, QStringLiteral("%1 needs the ack id it answers").arg(SocketIoPacket::typeName(packet.type)));
            if (!data.isArray())
                return failPayload(packet, QStringLiteral("the payload must be an array (possibly empty)"));
            return true;
        case Type::ConnectError:
            // "Packet types / CONNECT_ERROR": a payload with a "message" and an optional "data";
            // revision 4 servers sent the message as a plain string.
            if (!data.isObject() && !data.isString())
                return failPayload(packet, QStringLiteral("the payload must be an object ({\"message\": ...}) or a string"));
            return true;
        }
        return true;
    }

    QByteArrayView m_text;
    qsizetype m_pos = 0;
    qsizetype m_idAt = 0;
    qsizetype m_payloadAt = 0;
};

QByteArray encodeMessage(SocketIoPacket::Type type, QStringView nsp, std::optional<quint64> id, QByteArrayView json)
{
    Q_ASSERT_X(json.startsWith('['), "SocketIoPacket::encodeEventMessage", "the arguments must be the JSON text of an array");
    QByteArray out;
    out.reserve(2 + nsp.size() * 3 + 1 + 20 + json.size());
    out.append(char(EngineIoPacket::Type::Message)).append(char('0' + int(type)));
    appendHeader(out, nsp, id);
    out.append(json);
    return out;
}

} // namespace

std::optional<SocketIoPacket> SocketIoPacket::parse(QByteArrayView text, QString *error)
{
    PacketReader reader(text);
    std::optional<SocketIoPacket> packet = reader.read();
    if (!packet && error)
        *error = reader.m_error;
    return packet;
}

QByteArray SocketIoPacket::encode() const
{
    Q_ASSERT_X(nsp.isEmpty() || isNamespace(nsp), "SocketIoPacket::encode", "a namespace starts with '/' and holds no ','");
    QByteArray out;
    out.append(char('0' + int(type)));
    if (isBinary())
        out.append(QByteArray::number(attachments)).append('-');
    appendHeader(out, nsp, id);
    if (!data.isUndefined())
        out.append(JsonScalar::compact(data));
    return out;
}

QByteArray SocketIoPacket::encodeEventMessage(QStringView nsp, std::optional<quint64> ackId, QByteArrayView argsJsonArray)
{
    return encodeMessage(Type::Event, nsp, ackId, argsJsonArray);
}

QByteArray SocketIoPacket::encodeAckMessage(QStringView nsp, quint64 ackId, QByteArrayView argsJsonArray)
{
    return encodeMessage(Type::Ack, nsp, ackId, argsJsonArray);
}

bool SocketIoPacket::isNamespace(QStringView nsp)
{
    return nsp.startsWith(u'/') && !nsp.contains(u',');
}

QLatin1StringView SocketIoPacket::typeName(Type type)
{
    switch (type) {
    case Type::Connect:
        return QLatin1StringView("CONNECT");
    case Type::Disconnect:
        return QLatin1StringView("DISCONNECT");
    case Type::Event:
        return QLatin1StringView("EVENT");
    case Type::Ack:
        return QLatin1StringView("ACK");
    case Type::ConnectError:
        return QLatin1StringView("CONNECT_ERROR");
    case Type::BinaryEvent:
        return QLatin1StringView("BINARY_EVENT");
    case Type::BinaryAck:
        return QLatin1StringView("BINARY_ACK");
    }
    return QLatin1StringView("UNKNOWN");
}

QString SocketIoPacket::eventName() const
{
    if ((type != Type::Event && type != Type::BinaryEvent) || !data.isArray() || data.toArray().isEmpty())
        return QString();
    return data.toArray().first().toString();
}
