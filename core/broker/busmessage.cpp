#include "busmessage.h"

#include <QJsonDocument>
#include <QJsonObject>

#include <chrono>

QByteArray BusMessage::json() const
{
    return jsonPrefix + QByteArray::number(seq) + jsonSuffix;
}

BusMessage BusMessage::fromEnvelope(const QString &channel, const QString &type, const QString &id,
                                    qint64 serverTimeMs, const QJsonValue &payload)
{
    // QJsonObject writes its keys sorted: channel, id, payload, seq, ts, type. Everything before
    // "seq" is one object's text without its closing brace; everything after it is known here.
    QJsonObject head{{QLatin1String("channel"), channel}};
    if (!id.isEmpty())
        head.insert(QLatin1String("id"), id);
    if (!payload.isUndefined())
        head.insert(QLatin1String("payload"), payload);
    BusMessage message;
    message.channel = channel;
    message.type = type.toUtf8();
    message.jsonPrefix = QJsonDocument(head).toJson(QJsonDocument::Compact);
    message.jsonPrefix.chop(1);
    message.jsonPrefix += ",\"seq\":";
    const QJsonObject tail{{QLatin1String("ts"), double(serverTimeMs)}, {QLatin1String("type"), type}};
    QByteArray tailText = QJsonDocument(tail).toJson(QJsonDocument::Compact);
    tailText[0] = ',';
    message.jsonSuffix = std::move(tailText);
    message.publishedUs = std::chrono::duration_cast<std::chrono::microseconds>(
        std::chrono::system_clock::now().time_since_epoch()).count();
    return message;
}

QByteArray BusMessage::body() const
{
    QByteArray out;
    out.reserve(type.size() + jsonPrefix.size() + jsonSuffix.size() + 24);
    out += QByteArray::number(publishedUs);
    out += '\n';
    out += type;
    out += '\n';
    out += jsonPrefix;
    out += '\n';
    out += jsonSuffix;
    return out;
}

std::optional<BusMessage> BusMessage::fromBody(const QString &channel, quint64 seq, QByteArrayView body)
{
    const qsizetype clock = body.indexOf('\n');
    if (clock <= 0)
        return std::nullopt;
    // Only what body() writes: decimal digits, no sign, blanks or leading zeros.
    const QByteArrayView clockText = body.first(clock);
    if (clockText.size() > 18 || (clockText.size() > 1 && clockText.front() == '0'))
        return std::nullopt;
    for (const char c : clockText) {
        if (c < '0' || c > '9')
            return std::nullopt;
    }
    const qint64 publishedUs = clockText.toLongLong();
    body = body.sliced(clock + 1);
    const qsizetype first = body.indexOf('\n');
    if (first <= 0)
        return std::nullopt;
    const qsizetype second = body.sliced(first + 1).indexOf('\n');
    if (second < 0)
        return std::nullopt;
    BusMessage message;
    message.channel = channel;
    message.seq = seq;
    message.publishedUs = publishedUs;
    message.type = body.first(first).toByteArray();
    message.jsonPrefix = body.sliced(first + 1, second).toByteArray();
    message.jsonSuffix = body.sliced(first + 1 + second + 1).toByteArray();
    if (!message.jsonPrefix.startsWith('{') || !message.jsonSuffix.endsWith('}') || message.jsonSuffix.contains('\n'))
        return std::nullopt;
    return message;
}
