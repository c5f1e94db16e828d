#include "envelope.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>

#include <cmath>

namespace {

std::optional<quint64> toSequence(const QJsonValue &value)
{
    // JSON numbers are doubles: accept non-negative integers that a double holds exactly.
    if (!value.isDouble())
        return std::nullopt;
    const double number = value.toDouble();
    if (number < 0 || number > 9007199254740991.0 || number != double(qint64(number)))
        return std::nullopt;
    return quint64(number);
}

Envelope::ParseResult parseFailure(QString message)
{
    return {std::nullopt, std::move(message)};
}

Envelope::ParseResult parseObject(QByteArrayView json, QJsonObject &object)
{
    QJsonParseError error{};
    const QJsonDocument document = QJsonDocument::fromJson(json.toByteArray(), &error);
    if (error.error != QJsonParseError::NoError) {
        return parseFailure(QStringLiteral("invalid JSON at offset %1: %2")
                                .arg(error.offset).arg(error.errorString()));
    }
    if (!document.isObject())
        return parseFailure(QStringLiteral("expected a JSON object with a \"type\" field"));
    object = document.object();
    return {Envelope{}, {}};
}

} // namespace

bool Envelope::isValidType(QStringView type)
{
    // Dot notation: "chat.message", "presence.join"; letters, digits, '_', '-', ':' between dots.
    static const QRegularExpression pattern(QStringLiteral("^[A-Za-z0-9_:-]+(\\.[A-Za-z0-9_:-]+)*$"));
    return !type.isEmpty() && type.size() <= maxTypeLength && pattern.match(type.toString()).hasMatch();
}

bool Envelope::isReservedType(QStringView type)
{
    return type == u"error" || type.startsWith(u"session.") || type.startsWith(u"sync.") || type.startsWith(u"presence.");
}

Envelope::ParseResult Envelope::parseClientMessage(QByteArrayView json)
{
    QJsonObject object;
    ParseResult parsed = parseObject(json, object);
    if (!parsed.envelope)
        return parsed;
    Envelope envelope;

    const QJsonValue type = object.value(QLatin1String("type"));
    if (!type.isString())
        return parseFailure(QStringLiteral("field \"type\" must be a string such as \"chat.message\""));
    envelope.type = type.toString();
    if (!isValidType(envelope.type)) {
        return parseFailure(QStringLiteral("field \"type\" must be 1-%1 characters of letters, digits, "
                                           "'_', '-', ':' separated by dots").arg(maxTypeLength));
    }

    const QJsonValue id = object.value(QLatin1String("id"));
    if (!id.isUndefined() && !id.isNull()) {
        if (!id.isString() || id.toString().size() > maxIdLength)
            return parseFailure(QStringLiteral("field \"id\" must be a string of at most %1 characters").arg(maxIdLength));
        envelope.id = id.toString();
    }

    envelope.payload = object.value(QLatin1String("payload"));
    if (envelope.payload.isUndefined())
        envelope.payload = QJsonValue(QJsonValue::Null);

    if (envelope.type == u"sync") {
        const QJsonValue since = object.value(QLatin1String("since"));
        envelope.since = toSequence(since);
        if (!envelope.since)
            return parseFailure(QStringLiteral("field \"since\" of a sync message must be a non-negative integer"));
    }
    for (auto it = object.constBegin(); it != object.constEnd(); ++it) {
        const QString &key = it.key();
        if (key != u"type" && key != u"id" && key != u"payload" && key != u"since" && key != u"channel")
            return parseFailure(QStringLiteral("unknown field \"%1\" (expected type, payload, id, since)").arg(key));
    }
    return {std::move(envelope), {}};
}

Envelope::ParseResult Envelope::parseServerMessage(QByteArrayView json)
{
    QJsonObject object;
    ParseResult parsed = parseObject(json, object);
    if (!parsed.envelope)
        return parsed;
    Envelope envelope;
    const QJsonValue type = object.value(QLatin1String("type"));
    if (!type.isString() || type.toString().isEmpty())
        return parseFailure(QStringLiteral("field \"type\" must be a non-empty string"));
    envelope.type = type.toString();
    envelope.channel = object.value(QLatin1String("channel")).toString();
    envelope.id = object.value(QLatin1String("id")).toString();
    envelope.payload = object.value(QLatin1String("payload"));
    if (object.contains(QLatin1String("seq"))) {
        envelope.seq = toSequence(object.value(QLatin1String("seq")));
        if (!envelope.seq)
            return parseFailure(QStringLiteral("field \"seq\" must be a non-negative integer"));
    }
    if (object.contains(QLatin1String("ts"))) {
        const QJsonValue ts = object.value(QLatin1String("ts"));
        // Converting a double outside qint64's range is undefined: check before casting.
        const double ms = ts.toDouble();
        if (!ts.isDouble() || !(std::abs(ms) <= 9007199254740991.0))
            return parseFailure(QStringLiteral("field \"ts\" must be a number (ms since the epoch)"));
        envelope.ts = qint64(ms);
    }
    return {std::move(envelope), {}};
}

QByteArray Envelope::toJson() const
{
    QJsonObject object;
    object.insert(QLatin1String("type"), type);
    if (!channel.isEmpty())
        object.insert(QLatin1String("channel"), channel);
    if (seq)
        object.insert(QLatin1String("seq"), double(*seq));
    if (ts)
        object.insert(QLatin1String("ts"), double(*ts));
    if (!id.isEmpty())
        object.insert(QLatin1String("id"), id);
    if (since)
        object.insert(QLatin1String("since"), double(*since));
    if (!payload.isUndefined())
        object.insert(QLatin1String("payload"), payload);
    return QJsonDocument(object).toJson(QJsonDocument::Compact);
}

QByteArray Envelope::errorMessage(const QString &message, const QString &code)
{
    QJsonObject payload{{QLatin1String("message"), message}};
    if (!code.isEmpty())
        payload.insert(QLatin1String("code"), code);
    Envelope envelope;
    envelope.type = QStringLiteral("error");
    envelope.payload = payload;
    return envelope.toJson();
}
