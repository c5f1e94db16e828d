#include "messagematcher.h"

#include "jsonscalar.h"
#include "receivedmessage.h"

#include <QJsonObject>

std::optional<MessageMatcher> MessageMatcher::fromJson(const QJsonValue &value, QList<RuleError> *errors)
{
    QList<RuleError> found;
    MessageMatcher matcher;
    if (!value.isObject()) {
        found.append({QString(), -1, QStringLiteral("expected an object of JSON path -> expected value (e.g. {\"$.type\": \"chat.message\"})")});
    } else {
        const QJsonObject object = value.toObject();
        for (auto it = object.constBegin(); it != object.constEnd(); ++it) {
            const QString memberPath = JsonPath::keyText(it.key());
            Condition condition;
            QString message;
            qsizetype offset = -1;
            if (std::optional<JsonPath> path = JsonPath::parse(it.key(), &message, &offset)) {
                condition.path = std::move(*path);
            } else {
                found.append({memberPath, offset, QStringLiteral("invalid JSON path: %1").arg(message), true});
            }
            // {"regex": ...} is a condition, not a value to compare with: an object with that
            // one key cannot be matched by equality.
            const QJsonObject asObject = it.value().toObject();
            if (it.value().isObject() && asObject.size() == 1 && asObject.contains(u"regex")) {
                const QJsonValue pattern = asObject.value(u"regex");
                const QString regexPath = memberPath + QStringLiteral(".regex");
                if (!pattern.isString()) {
                    found.append({regexPath, -1, QStringLiteral("\"regex\" must be a string")});
                    continue;
                }
                QRegularExpression regex(pattern.toString());
                if (!regex.isValid()) {
                    found.append({regexPath, regex.patternErrorOffset(),
                                  QStringLiteral("invalid regular expression: %1").arg(regex.errorString())});
                    continue;
                }
                condition.regex = std::move(regex);
            } else {
                condition.expected = it.value();
            }
            matcher.m_conditions.append(std::move(condition));
        }
    }
    if (!found.isEmpty()) {
        if (errors)
            errors->append(found);
        return std::nullopt;
    }
    return matcher;
}

bool MessageMatcher::matches(const ReceivedMessage &message) const
{
    for (const Condition &condition : m_conditions) {
        const std::optional<QJsonValue> value = condition.path.evaluate(message);
        if (!value)
            return false;
        if (condition.regex) {
            const std::optional<QString> subject = JsonScalar::text(*value);
            if (!subject || !condition.regex->match(*subject).hasMatch())
                return false;
        } else if (!JsonScalar::equals(*value, condition.expected)) {
            return false;
        }
    }
    return true;
}
