#include "engineiopacket.h"

namespace {

bool isBase64Alphabet(char c)
{
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '+' || c == '/';
}

// RFC 4648 section 4: the standard alphabet, then at most two '=' that complete the last group
// of four. Padding is optional, as Node's decoder (which servers and clients use) treats it; a
// lone character in the last group encodes no byte. Returns the index of the first byte that
// breaks these rules, or -1.
qsizetype invalidBase64At(QByteArrayView text)
{
    qsizetype symbols = 0;
    while (symbols < text.size() && isBase64Alphabet(text[symbols]))
        ++symbols;
    qsizetype end = symbols;
    while (end < text.size() && text[end] == '=')
        ++end;
    if (end < text.size())
        return end;
    const qsizetype padding = end - symbols;
    if (symbols % 4 == 1)
        return symbols - 1;
    if (padding > 0 && (padding > 2 || end % 4 != 0))
        return symbols;
    return -1;
}

QString typeList()
{
    return QStringLiteral("0-6, or b for a base64 binary message");
}

// parseText() for a packet that starts `base` bytes into what the caller was given, so that
// errors in a payload name the byte of the body.
std::optional<EngineIoPacket> parsePacketAt(QByteArrayView text, qsizetype base, QString *error)
{
    const auto fail = [&](const QString &message) -> std::optional<EngineIoPacket> {
        if (error)
            *error = message;
        return std::nullopt;
    };
    if (text.isEmpty())
        return fail(QStringLiteral("empty packet at byte %1: no type (expected %2)").arg(base).arg(typeList()));
    const char first = text.front();
    if (first == 'b') {
        // "Packet encoding / HTTP long-polling": binary payloads are base64-encoded and prefixed
        // with a 'b'. Only a message carries binary data, so no type digit follows.
        const QByteArrayView encoded = text.sliced(1);
        if (const qsizetype bad = invalidBase64At(encoded); bad >= 0) {
            return fail(QStringLiteral("invalid base64 in a binary message at byte %1 (standard alphabet A-Z a-z 0-9 + /, "
                                       "then at most two '=' that complete a group of four)")
                            .arg(base + 1 + bad));
        }
        return EngineIoPacket{EngineIoPacket::Type::Message, QByteArray::fromBase64(encoded.toByteArray()), true};
    }
    if (first < '0' || first > '6') {
        return fail(QStringLiteral("unknown packet type 0x%1 at byte %2 (expected %3)")
                        .arg(uchar(first), 2, 16, QLatin1Char('0'))
                        .arg(base)
                        .arg(typeList()));
    }
    // "Protocol": every type may carry a payload ("an optional packet payload"); what a close,
    // upgrade or noop carries is kept and ignored by the caller, as the reference client does.
    return EngineIoPacket{EngineIoPacket::Type(first), text.sliced(1).toByteArray(), false};
}

} // namespace

std::optional<EngineIoPacket> EngineIoPacket::parseText(QByteArrayView text, QString *error)
{
    return parsePacketAt(text, 0, error);
}

EngineIoPacket EngineIoPacket::fromBinaryFrame(QByteArrayView bytes)
{
    return {Type::Message, bytes.toByteArray(), true};
}

QByteArray EngineIoPacket::encodeText() const
{
    Q_ASSERT_X(!binary, "EngineIoPacket::encodeText", "a binary message goes out as a WebSocket binary frame of its data");
    if (binary)
        return 'b' + data.toBase64();
    QByteArray text;
    text.reserve(1 + data.size());
    text.append(char(type)).append(data);
    return text;
}

std::optional<QList<EngineIoPacket>> EngineIoPacket::parsePayload(QByteArrayView body, QString *error)
{
    if (body.isEmpty()) {
        if (error)
            *error = QStringLiteral("empty long-polling payload (expected at least one packet)");
        return std::nullopt;
    }
    QList<EngineIoPacket> packets;
    qsizetype start = 0;
    while (true) {
        qsizetype end = body.indexOf(recordSeparator, start);
        if (end < 0)
            end = body.size();
        QString packetError;
        std::optional<EngineIoPacket> packet = parsePacketAt(body.sliced(start, end - start), start, &packetError);
        if (!packet) {
            if (error)
                *error = QStringLiteral("packet %1 of the payload: %2").arg(packets.size() + 1).arg(packetError);
            return std::nullopt;
        }
        packets.append(std::move(*packet));
        if (end == body.size())
            return packets;
        start = end + 1;
    }
}

QByteArray EngineIoPacket::encodePayload(const QList<EngineIoPacket> &packets)
{
    QByteArray body;
    for (qsizetype i = 0; i < packets.size(); ++i) {
        const EngineIoPacket &packet = packets[i];
        if (i > 0)
            body.append(recordSeparator);
        if (packet.binary)
            body.append('b').append(packet.data.toBase64());
        else
            body.append(char(packet.type)).append(packet.data);
    }
    return body;
}

QLatin1StringView EngineIoPacket::typeName(Type type)
{
    switch (type) {
    case Type::Open:
        return QLatin1StringView("open");
    case Type::Close:
        return QLatin1StringView("close");
    case Type::Ping:
        return QLatin1StringView("ping");
    case Type::Pong:
        return QLatin1StringView("pong");
    case Type::Message:
        return QLatin1StringView("message");
    case Type::Upgrade:
        return QLatin1StringView("upgrade");
    case Type::Noop:
        return QLatin1StringView("noop");
    }
    return QLatin1StringView("unknown");
}
