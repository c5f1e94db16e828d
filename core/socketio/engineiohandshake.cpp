#include "engineiohandshake.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <cmath>
#include <limits>

namespace {

// A value as an error message quotes it: compact JSON, cut short.
QString quoted(const QJsonValue &value)
{
    if (value.isUndefined())
        return QStringLiteral("nothing");
    QByteArray text = QJsonDocument(QJsonArray{value}).toJson(QJsonDocument::Compact);
    text = text.sliced(1, text.size() - 2);
    if (text.size() > 40)
        text = text.first(37) + "...";
    return QString::fromUtf8(text);
}

// A JSON number that is a whole number in [1, max]; JSON has one number type, so 25000.0 counts.
std::optional<qint64> positiveWholeNumber(const QJsonValue &value, qint64 max)
{
    if (!value.isDouble())
        return std::nullopt;
    const double number = value.toDouble();
    if (!(number >= 1 && number <= double(max)) || std::trunc(number) != number)
        return std::nullopt;
    return qint64(number);
}

} // namespace

std::optional<EngineIoHandshake> EngineIoHandshake::parse(QByteArrayView openPacketData, QString *error)
{
    const auto fail = [&](const QString &message) -> std::optional<EngineIoHandshake> {
        if (error)
            *error = QStringLiteral("open packet: ") + message;
        return std::nullopt;
    };
    if (!openPacketData.trimmed().startsWith('{'))
        return fail(QStringLiteral("the handshake data must be a JSON object (the packet is 0{...})"));
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(openPacketData.toByteArray(), &parseError);
    if (parseError.error != QJsonParseError::NoError)
        return fail(QStringLiteral("the handshake data is not JSON: %1 at byte %2").arg(parseError.errorString()).arg(parseError.offset));
    const QJsonObject object = document.object();

    // "Protocol / Handshake": the open packet's JSON-encoded payload.
    EngineIoHandshake handshake;
    const QJsonValue sid = object.value(QLatin1StringView("sid"));
    if (!sid.isString() || sid.toString().isEmpty())
        return fail(QStringLiteral("'sid' (the session ID) must be a non-empty string, got %1").arg(quoted(sid)));
    handshake.sid = sid.toString();

    const QJsonValue upgrades = object.value(QLatin1StringView("upgrades"));
    if (!upgrades.isUndefined()) {
        if (!upgrades.isArray())
            return fail(QStringLiteral("'upgrades' must be an array of transport names, got %1").arg(quoted(upgrades)));
        const QJsonArray names = upgrades.toArray();
        for (qsizetype i = 0; i < names.size(); ++i) {
            if (!names[i].isString())
                return fail(QStringLiteral("'upgrades[%1]' must be a transport name (a string), got %2").arg(i).arg(quoted(names[i])));
            handshake.upgrades.append(names[i].toString());
        }
    }

    constexpr qint64 maxMs = std::numeric_limits<int>::max();
    const QJsonValue interval = object.value(QLatin1StringView("pingInterval"));
    const std::optional<qint64> intervalMs = positiveWholeNumber(interval, maxMs);
    if (!intervalMs)
        return fail(QStringLiteral("'pingInterval' must be a positive whole number of milliseconds (at most %1), got %2").arg(maxMs).arg(quoted(interval)));
    handshake.pingIntervalMs = int(*intervalMs);

    const QJsonValue timeout = object.value(QLatin1StringView("pingTimeout"));
    const std::optional<qint64> timeoutMs = positiveWholeNumber(timeout, maxMs);
    if (!timeoutMs)
        return fail(QStringLiteral("'pingTimeout' must be a positive whole number of milliseconds (at most %1), got %2").arg(maxMs).arg(quoted(timeout)));
    handshake.pingTimeoutMs = int(*timeoutMs);

    const QJsonValue maxPayload = object.value(QLatin1StringView("maxPayload"));
    if (!maxPayload.isUndefined()) {
        // Beyond 2^53 a JSON number (an IEEE double to every reference implementation) is no
        // longer one whole number.
        constexpr qint64 maxBytes = qint64(1) << 53;
        const std::optional<qint64> bytes = positiveWholeNumber(maxPayload, maxBytes);
        if (!bytes)
            return fail(QStringLiteral("'maxPayload' must be a positive whole number of bytes (at most 2^53), got %1").arg(quoted(maxPayload)));
        handshake.maxPayload = *bytes;
    }
    return handshake;
}
