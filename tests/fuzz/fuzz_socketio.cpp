// libFuzzer target: core/socketio on bytes a Socket.IO client reads.
//   - the whole input as an Engine.IO long-polling body, a text packet, open-packet data and a
//     Socket.IO packet; what parses must encode and parse back to the same thing (byte for byte
//     where the encoding is canonical), and the EVENT fast path must write what encode() writes;
//   - the input cut at 0x1F (ASCII unit separator) into the messages of one connection, fed to a
//     SocketIoBinaryAssembler as the simulator feeds it: a part starting with 0x00 is a WebSocket
//     binary frame (the rest of the part), any other an Engine.IO text packet ('b' + base64 is
//     a binary message too); a message packet's data is parsed as a Socket.IO packet. The
//     assembler's answers must follow the reconstruction rules and its bounds;
//   - strings from the input put into packets that are encoded, then parsed back.
#include "message/jsonscalar.h"
#include "socketio/engineiohandshake.h"
#include "socketio/engineiopacket.h"
#include "socketio/socketiobinaryassembler.h"
#include "socketio/socketiopacket.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <cstdint>
#include <cstdio>
#include <cstdlib>

namespace {

void check(bool condition, const char *what)
{
    if (!condition) {
        std::fprintf(stderr, "fuzz_socketio: invariant violated: %s\n", what);
        std::abort();
    }
}

using Status = SocketIoBinaryAssembler::Result::Status;
using Type = SocketIoPacket::Type;

constexpr qint64 maxAttachmentBytes = 48;

void checkPayload(QByteArrayView body)
{
    QString error;
    const std::optional<QList<EngineIoPacket>> packets = EngineIoPacket::parsePayload(body, &error);
    if (!packets) {
        check(!error.isEmpty(), "a payload rejected without an error");
        return;
    }
    check(packets->size() == body.count(EngineIoPacket::recordSeparator) + 1, "a payload did not split at every record separator");
    for (const EngineIoPacket &packet : *packets) {
        check(!packet.binary || packet.type == EngineIoPacket::Type::Message, "a binary packet that is not a message");
        check(packet.binary || !packet.data.contains(EngineIoPacket::recordSeparator), "a text packet holding the separator");
    }
    const QByteArray encoded = EngineIoPacket::encodePayload(*packets);
    const std::optional<QList<EngineIoPacket>> again = EngineIoPacket::parsePayload(encoded, &error);
    if (!again)
        std::fprintf(stderr, "encoded: %s\nerror: %s\n", encoded.toHex().constData(), qPrintable(error));
    check(again.has_value(), "encodePayload() of a parsed payload does not parse");
    check(*again == *packets, "a payload's round trip changed its packets");
    check(EngineIoPacket::encodePayload(*again) == encoded, "encodePayload() is not canonical");
}

void checkText(QByteArrayView text)
{
    QString error;
    const std::optional<EngineIoPacket> packet = EngineIoPacket::parseText(text, &error);
    if (!packet) {
        check(!error.isEmpty(), "a text packet rejected without an error");
        return;
    }
    if (packet->binary) {
        check(text.startsWith('b'), "a binary packet from text without the 'b'");
        check(QByteArray::fromBase64(text.sliced(1).toByteArray()) == packet->data, "a binary packet's data is not its base64");
        const QList<EngineIoPacket> one{*packet};
        check(EngineIoPacket::parsePayload(EngineIoPacket::encodePayload(one), nullptr) == one, "a binary packet's round trip failed");
        check(EngineIoPacket::fromBinaryFrame(packet->data) == *packet, "the frame and payload forms of a binary message differ");
        return;
    }
    check(packet->encodeText() == text, "a text packet is not written back byte for byte");
    check(EngineIoPacket::typeName(packet->type) != QLatin1StringView("unknown"), "a packet of an unknown type");
}

void checkHandshake(QByteArrayView data)
{
    QString error;
    const std::optional<EngineIoHandshake> handshake = EngineIoHandshake::parse(data, &error);
    if (!handshake) {
        check(error.startsWith(u"open packet: "), "a handshake rejected without its error");
        return;
    }
    check(!handshake->sid.isEmpty(), "a handshake without a sid");
    check(handshake->pingIntervalMs > 0 && handshake->pingTimeoutMs > 0 && handshake->maxPayload > 0, "a handshake with a number below 1");
    check(handshake->pingDeadline() > handshake->pingInterval() && handshake->pingDeadline() > handshake->pingTimeout(), "the ping deadline overflowed");
}

QByteArray compactArray(const QJsonValue &value)
{
    return QJsonDocument(value.toArray()).toJson(QJsonDocument::Compact);
}

// What parse() promises about a packet it accepted (socketiopacket.h).
void checkRules(const SocketIoPacket &packet)
{
    check(SocketIoPacket::isNamespace(packet.nsp), "a packet whose namespace encode() cannot write");
    check(packet.isBinary() || packet.attachments == 0, "attachments on a text packet");
    check(packet.attachments >= 0, "a negative attachment count");
    const QJsonValue &data = packet.data;
    switch (packet.type) {
    case Type::Connect:
        check(!packet.id && (data.isUndefined() || data.isObject()), "a CONNECT against the rules");
        break;
    case Type::Disconnect:
        check(!packet.id && data.isUndefined(), "a DISCONNECT against the rules");
        break;
    case Type::Event:
    case Type::BinaryEvent:
        check(data.isArray() && !data.toArray().isEmpty() && data.toArray().first().isString(), "an EVENT against the rules");
        check(packet.eventName() == data.toArray().first().toString(), "eventName() is not the first element");
        break;
    case Type::Ack:
    case Type::BinaryAck:
        check(packet.id.has_value() && data.isArray(), "an ACK against the rules");
        break;
    case Type::ConnectError:
        check(!packet.id && (data.isObject() || data.isString()), "a CONNECT_ERROR against the rules");
        break;
    }
}

void checkSocketIo(QByteArrayView text)
{
    QString error;
    const std::optional<SocketIoPacket> packet = SocketIoPacket::parse(text, &error);
    if (!packet) {
        check(error.contains(u" at byte "), "a Socket.IO packet rejected without the byte");
        return;
    }
    checkRules(*packet);
    const QByteArray encoded = packet->encode();
    const std::optional<SocketIoPacket> again = SocketIoPacket::parse(encoded, &error);
    if (!again)
        std::fprintf(stderr, "encoded: %s\nerror: %s\n", encoded.constData(), qPrintable(error));
    check(again.has_value(), "encode() of a parsed packet does not parse");
    check(again->type == packet->type && again->nsp == packet->nsp && again->id == packet->id
              && again->attachments == packet->attachments,
          "a packet's round trip changed its header");
    check(JsonScalar::equals(again->data, packet->data) && again->data.type() == packet->data.type(), "a packet's round trip changed its payload");
    check(again->encode() == encoded, "encode() is not canonical");

    // The fast paths write what encode() writes, Engine.IO's '4' first.
    if (packet->type == Type::Event) {
        check(SocketIoPacket::encodeEventMessage(packet->nsp, packet->id, compactArray(packet->data)) == '4' + encoded,
              "encodeEventMessage() differs from encode()");
    }
    if (packet->type == Type::Ack) {
        check(SocketIoPacket::encodeAckMessage(packet->nsp, *packet->id, compactArray(packet->data)) == '4' + encoded,
              "encodeAckMessage() differs from encode()");
    }
}

// {"_placeholder": true} anywhere: none may survive assembly.
bool hasPlaceholder(const QJsonValue &value)
{
    if (value.isArray()) {
        for (const QJsonValue &element : value.toArray()) {
            if (hasPlaceholder(element))
                return true;
        }
        return false;
    }
    if (!value.isObject())
        return false;
    const QJsonObject object = value.toObject();
    const QJsonValue flag = object.value(QLatin1StringView("_placeholder"));
    if (flag.isBool() && flag.toBool())
        return true;
    for (const QJsonValue &member : object) {
        if (hasPlaceholder(member))
            return true;
    }
    return false;
}

void checkAssembler(QByteArrayView input)
{
    SocketIoBinaryAssembler assembler(maxAttachmentBytes);
    std::optional<SocketIoPacket> assembling; // the binary packet the assembler should be holding
    qint64 bytesSoFar = 0;

    const auto checkComplete = [&](const SocketIoBinaryAssembler::Result &result, const SocketIoPacket &sent, qint64 bytes) {
        check(!assembler.isAssembling() && assembler.attachmentsAwaited() == 0, "complete, but still assembling");
        check(result.packet.type == sent.type && result.packet.nsp == sent.nsp && result.packet.id == sent.id
                  && result.packet.attachments == sent.attachments,
              "assembly changed the packet's header");
        check(result.attachmentBytes == bytes && bytes <= maxAttachmentBytes, "assembly counted the attachment bytes wrong");
        if (sent.isBinary())
            check(!hasPlaceholder(result.packet.data), "a placeholder survived assembly");
        else
            check(result.packet == sent, "a text packet changed on its way through");
    };

    qsizetype start = 0;
    for (qsizetype i = 0; i <= input.size(); ++i) {
        if (i < input.size() && input[i] != '\x1f')
            continue;
        const QByteArrayView part = input.sliced(start, i - start);
        start = i + 1;

        std::optional<EngineIoPacket> message;
        if (part.startsWith('\0'))
            message = EngineIoPacket::fromBinaryFrame(part.sliced(1));
        else
            message = EngineIoPacket::parseText(part, nullptr);
        if (!message || message->type != EngineIoPacket::Type::Message)
            continue;

        if (message->binary) {
            const bool wasAssembling = assembler.isAssembling();
            const int awaited = assembler.attachmentsAwaited();
            const SocketIoBinaryAssembler::Result result = assembler.addAttachment(message->data);
            switch (result.status) {
            case Status::Failed:
                check(!result.error.isEmpty() && !assembler.isAssembling(), "a failure without an error, or not reset");
                check(!wasAssembling || bytesSoFar + message->data.size() > maxAttachmentBytes, "an attachment refused within the bounds");
                assembling.reset();
                break;
            case Status::Pending:
                check(wasAssembling && assembler.attachmentsAwaited() == awaited - 1, "an attachment not counted");
                bytesSoFar += message->data.size();
                break;
            case Status::Complete:
                check(wasAssembling && awaited == 1 && assembling.has_value(), "completed at the wrong attachment");
                checkComplete(result, *assembling, bytesSoFar + message->data.size());
                assembling.reset();
                break;
            }
            continue;
        }

        std::optional<SocketIoPacket> packet = SocketIoPacket::parse(message->data, nullptr);
        if (!packet)
            continue;
        const bool wasAssembling = assembler.isAssembling();
        const SocketIoBinaryAssembler::Result result = assembler.addPacket(*packet);
        switch (result.status) {
        case Status::Failed:
            check(!result.error.isEmpty() && !assembler.isAssembling(), "a failure without an error, or not reset");
            check(wasAssembling || packet->isBinary(), "a text packet refused while nothing was assembled");
            assembling.reset();
            break;
        case Status::Pending:
            check(!wasAssembling && packet->isBinary() && packet->attachments > 0
                      && packet->attachments <= SocketIoBinaryAssembler::maxAttachments,
                  "pending for a packet that needs no attachments");
            check(assembler.attachmentsAwaited() == packet->attachments, "awaiting the wrong number of attachments");
            assembling = *packet;
            bytesSoFar = 0;
            break;
        case Status::Complete:
            check(!wasAssembling && (!packet->isBinary() || packet->attachments == 0), "complete before the attachments");
            checkComplete(result, *packet, 0);
            break;
        }
        check(assembling.has_value() == assembler.isAssembling(), "the assembler's state is not what its answers said");
    }
}

// Strings from the input (valid UTF-16: fromUtf8() makes no lone surrogate) through encode().
void checkEncoding(QByteArrayView input)
{
    const QString text = QString::fromUtf8(input);
    SocketIoPacket event;
    event.type = Type::Event;
    event.nsp = u'/' + QString(text).remove(u',');
    event.id = quint64(input.size()) * 0x9E3779B97F4A7C15ULL;
    event.data = QJsonArray{text, QJsonObject{{text, text}}};
    const std::optional<SocketIoPacket> parsed = SocketIoPacket::parse(event.encode(), nullptr);
    check(parsed.has_value() && *parsed == event, "an event with strings from the input did not survive encode()");

    SocketIoPacket refusal;
    refusal.type = Type::ConnectError;
    refusal.data = text;
    const std::optional<SocketIoPacket> error = SocketIoPacket::parse(refusal.encode(), nullptr);
    check(error.has_value() && *error == refusal, "a string payload did not survive encode()");
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *bytes, size_t size)
{
    const QByteArrayView input(reinterpret_cast<const char *>(bytes), qsizetype(size));
    checkPayload(input);
    checkText(input);
    checkHandshake(input);
    checkSocketIo(input);
    // The Socket.IO packet inside an Engine.IO message, as it arrives.
    if (input.startsWith('4'))
        checkSocketIo(input.sliced(1));
    checkAssembler(input);
    checkEncoding(input);
    return 0;
}
