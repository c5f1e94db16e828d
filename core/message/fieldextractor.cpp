#include "fieldextractor.h"

#include "jsonscalar.h"
#include "receivedmessage.h"

#include <QJsonObject>

namespace {

// Reads a JSON path written at `errorPath`; a bad one is reported with its character offset.
std::optional<JsonPath> readPath(const QString &text, const QString &errorPath, QList<RuleError> *errors)
{
    QString message;
    qsizetype offset = -1;
    std::optional<JsonPath> path = JsonPath::parse(text, &message, &offset);
    if (!path)
        errors->append({errorPath, offset, QStringLiteral("invalid JSON path: %1").arg(message)});
    return path;
}

} // namespace

std::optional<FieldExtractor> FieldExtractor::fromJson(const QJsonValue &value, QList<RuleError> *errors)
{
    QList<RuleError> found;
    FieldExtractor extractor;
    if (value.isString()) {
        if (std::optional<JsonPath> path = readPath(value.toString(), QString(), &found))
            extractor.m_path = std::move(*path);
    } else if (value.isObject()) {
        const QJsonObject object = value.toObject();
        for (auto it = object.constBegin(); it != object.constEnd(); ++it) {
            const QString key = it.key();
            const QString memberPath = JsonPath::keyText(key);
            if (key != u"path" && key != u"regex" && key != u"json") {
                found.append({memberPath, -1, QStringLiteral("unknown key \"%1\" (expected path, regex or json)").arg(key), true});
            } else if (!it.value().isString()) {
                found.append({memberPath, -1, QStringLiteral("\"%1\" must be a string").arg(key)});
            }
        }
        const QJsonValue path = object.value(u"path");
        if (path.isUndefined()) {
            found.append({QString(), -1, QStringLiteral("missing \"path\": the JSON path of the field (e.g. \"$.payload.seq\")")});
        } else if (path.isString()) {
            if (std::optional<JsonPath> parsed = readPath(path.toString(), QStringLiteral(".path"), &found))
                extractor.m_path = std::move(*parsed);
        }

        const QJsonValue regex = object.value(u"regex");
        const QJsonValue json = object.value(u"json");
        if (regex.isString() && json.isString()) {
            found.append({QString(), -1, QStringLiteral("\"regex\" and \"json\" cannot be combined: give one of them")});
        } else if (regex.isString()) {
            QRegularExpression expression(regex.toString());
            if (!expression.isValid()) {
                found.append({QStringLiteral(".regex"), expression.patternErrorOffset(),
                              QStringLiteral("invalid regular expression: %1").arg(expression.errorString())});
            } else if (expression.captureCount() < 1) {
                found.append({QStringLiteral(".regex"), -1,
                              QStringLiteral("the regular expression has no capture group: the value is what the first (...) captures")});
            } else {
                extractor.m_regex = std::move(expression);
            }
        } else if (json.isString()) {
            if (std::optional<JsonPath> inner = readPath(json.toString(), QStringLiteral(".json"), &found)) {
                if (inner->isEvent())
                    found.append({QStringLiteral(".json"), 0, QStringLiteral("$event names the SSE event type, not a part of the JSON text")});
                else
                    extractor.m_innerPath = std::move(*inner);
            }
        }
    } else {
        found.append({QString(), -1, QStringLiteral("expected a JSON path (\"$.payload.seq\") or an object with \"path\" and \"regex\" or \"json\"")});
    }

    if (!found.isEmpty()) {
        if (errors)
            errors->append(found);
        return std::nullopt;
    }
    return extractor;
}

std::optional<QJsonValue> FieldExtractor::extract(const ReceivedMessage &message) const
{
    std::optional<QJsonValue> value = m_path.evaluate(message);
    if (!value)
        return std::nullopt;
    if (m_regex) {
        const std::optional<QString> subject = JsonScalar::text(*value);
        if (!subject)
            return std::nullopt;
        const QRegularExpressionMatch match = m_regex->match(*subject);
        if (!match.hasMatch() || !match.hasCaptured(1))
            return std::nullopt;
        return QJsonValue(match.captured(1));
    }
    if (m_innerPath) {
        if (!value->isString())
            return std::nullopt;
        const std::optional<QJsonValue> inner = ReceivedMessage::parseJson(value->toString().toUtf8());
        if (!inner)
            return std::nullopt;
        return m_innerPath->evaluate(*inner);
    }
    return value;
}

std::optional<qint64> FieldExtractor::extractInteger(const ReceivedMessage &message) const
{
    const std::optional<QJsonValue> value = extract(message);
    return value ? JsonScalar::integer(*value) : std::nullopt;
}

std::optional<QString> FieldExtractor::extractKey(const ReceivedMessage &message) const
{
    const std::optional<QJsonValue> value = extract(message);
    if (!value)
        return std::nullopt;
    if (value->isString())
        return value->toString();
    if (const std::optional<qint64> number = value->isDouble() ? JsonScalar::integer(*value) : std::nullopt)
        return QString::number(*number);
    return std::nullopt;
}
