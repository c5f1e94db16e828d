#pragma once

#include "jsonpath.h"
#include "ruleerror.h"

#include <QJsonValue>
#include <QList>
#include <QRegularExpression>

#include <optional>

struct ReceivedMessage;

// Which received messages a receive rule applies to. Written in a scenario as an object of JSON
// path -> condition, all of which must hold:
//   {"$.type": "chat.message", "$event": "tick", "$.payload.n": {"regex": "^[0-9]+$"}}
// A condition is a JSON value the one at the path must equal (JsonScalar::equals(): 1 equals
// 1.0), or {"regex": "..."}: a match anywhere in the string at the path, or in a number's decimal
// text, like JavaScript's test() (anchor it with ^ and $). A missing path never matches. The
// empty object matches every message. A value type, built when the scenario is loaded.
class MessageMatcher
{
public:
    // Matches everything.
    MessageMatcher() = default;

    // On failure returns nullopt and appends every problem to *errors (may be null): a key that
    // is not a JSON path (inKey, offset of the bad character in the key), an invalid regex.
    static std::optional<MessageMatcher> fromJson(const QJsonValue &value, QList<RuleError> *errors);

    bool matches(const ReceivedMessage &message) const;
    bool matchesEverything() const { return m_conditions.isEmpty(); }

private:
    struct Condition
    {
        JsonPath path;
        QJsonValue expected;                      // when there is no regex
        std::optional<QRegularExpression> regex;
    };

    QList<Condition> m_conditions;
};
