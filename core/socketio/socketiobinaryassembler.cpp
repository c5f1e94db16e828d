#include "socketiobinaryassembler.h"

#include "message/jsonpath.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <cmath>

namespace {

using Result = SocketIoBinaryAssembler::Result;

// socket.io-parser's reconstructPacket(): an object whose "_placeholder" is true stands for an
// attachment, the one "num" names; other members it may have are ignored.
bool isPlaceholder(const QJsonObject &object)
{
    const QJsonValue flag = object.value(QLatin1StringView("_placeholder"));
    return flag.isBool() && flag.toBool();
}

// The attachment a placeholder names, when "num" is a whole number in [0, attachments).
std::optional<int> placeholderIndex(const QJsonObject &placeholder, int attachments)
{
    const QJsonValue num = placeholder.value(QLatin1StringView("num"));
    if (!num.isDouble())
        return std::nullopt;
    const double index = num.toDouble();
    if (!(index >= 0 && index < attachments) || std::trunc(index) != index)
        return std::nullopt;
    return int(index);
}

// Checks every placeholder in `value` (at `path`, JsonPath's notation) before any attachment is
// awaited, so that a bad packet fails when it arrives rather than after its attachments.
bool checkPlaceholders(const QJsonValue &value, int attachments, const QString &path, QString *error)
{
    if (value.isArray()) {
        const QJsonArray array = value.toArray();
        for (qsizetype i = 0; i < array.size(); ++i) {
            if (!checkPlaceholders(array[i], attachments, path + JsonPath::indexText(i), error))
                return false;
        }
        return true;
    }
    if (!value.isObject())
        return true;
    const QJsonObject object = value.toObject();
    if (isPlaceholder(object)) {
        if (placeholderIndex(object, attachments))
            return true;
        const QJsonValue num = object.value(QLatin1StringView("num"));
        QString numText = QStringLiteral("no \"num\"");
        if (!num.isUndefined()) {
            const QByteArray json = QJsonDocument(QJsonArray{num}).toJson(QJsonDocument::Compact);
            numText = QStringLiteral("\"num\": ") + QString::fromUtf8(json.sliced(1, json.size() - 2).left(40));
        }
        if (attachments == 0) {
            *error = QStringLiteral("the placeholder at %1 (%2) stands for an attachment, but the packet has none").arg(path, numText);
        } else {
            *error = QStringLiteral("the placeholder at %1 has %2, but the packet has %3 attachment(s): \"num\" must be a whole number from 0 to %4")
                         .arg(path, numText)
                         .arg(attachments)
                         .arg(attachments - 1);
        }
        return false;
    }
    for (auto member = object.constBegin(); member != object.constEnd(); ++member) {
        if (!checkPlaceholders(member.value(), attachments, path + JsonPath::keyText(member.key()), error))
            return false;
    }
    return true;
}

// The value with each placeholder replaced by {"binary": <byte length>} (checked already).
QJsonValue replacePlaceholders(const QJsonValue &value, const QList<qint64> &sizes)
{
    if (value.isArray()) {
        QJsonArray array = value.toArray();
        for (qsizetype i = 0; i < array.size(); ++i)
            array[i] = replacePlaceholders(array[i], sizes);
        return array;
    }
    if (!value.isObject())
        return value;
    QJsonObject object = value.toObject();
    if (isPlaceholder(object)) {
        const int index = *placeholderIndex(object, int(sizes.size()));
        return QJsonObject{{QStringLiteral("binary"), QJsonValue(sizes[index])}};
    }
    for (auto member = object.begin(); member != object.end(); ++member)
        *member = replacePlaceholders(member.value(), sizes);
    return object;
}

} // namespace

Result SocketIoBinaryAssembler::addPacket(SocketIoPacket packet)
{
    if (m_pending) {
        return fail(QStringLiteral("a %1 packet arrived while %2 of the %3 attachment(s) of a %4 were still to come "
                                   "(a packet's attachments follow it before anything else)")
                        .arg(SocketIoPacket::typeName(packet.type))
                        .arg(attachmentsAwaited())
                        .arg(m_pending->attachments)
                        .arg(SocketIoPacket::typeName(m_pending->type)));
    }
    if (!packet.isBinary())
        return {Result::Status::Complete, std::move(packet), 0, {}};
    if (packet.attachments < 0 || packet.attachments > maxAttachments) {
        return fail(QStringLiteral("a %1 with %2 attachments (at most %3)")
                        .arg(SocketIoPacket::typeName(packet.type))
                        .arg(packet.attachments)
                        .arg(maxAttachments));
    }
    QString error;
    if (!checkPlaceholders(packet.data, packet.attachments, QStringLiteral("$"), &error))
        return fail(SocketIoPacket::typeName(packet.type) + QLatin1StringView(": ") + error);
    m_pending = std::move(packet);
    m_sizes.reserve(m_pending->attachments);
    if (m_pending->attachments == 0)
        return complete();
    return {};
}

Result SocketIoBinaryAssembler::addAttachment(QByteArrayView bytes)
{
    if (!m_pending)
        return fail(QStringLiteral("a binary message (%1 bytes) arrived, but no BINARY_EVENT or BINARY_ACK awaits an attachment").arg(bytes.size()));
    if (bytes.size() > m_maxAttachmentBytes - m_totalBytes) {
        return fail(QStringLiteral("the attachments of a %1 exceed %2 bytes (attachment %3 of %4 is %5 bytes, after %6)")
                        .arg(SocketIoPacket::typeName(m_pending->type))
                        .arg(m_maxAttachmentBytes)
                        .arg(m_sizes.size() + 1)
                        .arg(m_pending->attachments)
                        .arg(bytes.size())
                        .arg(m_totalBytes));
    }
    m_sizes.append(bytes.size());
    m_totalBytes += bytes.size();
    if (m_sizes.size() < m_pending->attachments)
        return {};
    return complete();
}

void SocketIoBinaryAssembler::reset()
{
    m_pending.reset();
    m_sizes.clear();
    m_totalBytes = 0;
}

Result SocketIoBinaryAssembler::fail(const QString &message)
{
    reset();
    Result result;
    result.status = Result::Status::Failed;
    result.error = message;
    return result;
}

Result SocketIoBinaryAssembler::complete()
{
    Result result;
    result.status = Result::Status::Complete;
    result.packet = std::move(*m_pending);
    result.packet.data = replacePlaceholders(result.packet.data, m_sizes);
    result.attachmentBytes = m_totalBytes;
    reset();
    return result;
}
