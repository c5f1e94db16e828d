#pragma once

#include "jsonpath.h"
#include "ruleerror.h"

#include <QJsonValue>
#include <QList>
#include <QRegularExpression>
#include <QString>

#include <optional>

struct ReceivedMessage;

// How a receive rule finds one value in a message: a sequence number, a send timestamp, a
// correlation key. Written in a scenario as
//   "$.payload.sentAt"                            the value at a JSON path
//   {"path": "$.text", "regex": "n=(\\d+)"}       the first capture group of the first match in
//                                                 the string at path (a number: in its decimal text)
//   {"path": "$.data", "json": "$.seq"}           the string at path is JSON text (an envelope
//                                                 inside an envelope): parsed, then `json` evaluated
// Nothing is cached between messages. A value type, built when the scenario is loaded.
class FieldExtractor
{
public:
    // The root path `$`: the whole message.
    FieldExtractor() = default;

    // On failure returns nullopt and appends every problem to *errors (may be null), with paths
    // relative to `value` (".regex", ".path").
    static std::optional<FieldExtractor> fromJson(const QJsonValue &value, QList<RuleError> *errors);

    // nullopt when the message has no such value: a missing path, a regex that does not match
    // (or whose group did not take part), text at path that is not JSON.
    std::optional<QJsonValue> extract(const ReceivedMessage &message) const;
    // The value as an exact integer (JsonScalar::integer(): integral numbers, decimal strings).
    std::optional<qint64> extractInteger(const ReceivedMessage &message) const;
    // The value as a correlation key: an integral number as its decimal text, a string as
    // itself; nullopt for anything else, so 7, 7.0 and "7" are one key and 7.5 is none.
    std::optional<QString> extractKey(const ReceivedMessage &message) const;

    const JsonPath &path() const { return m_path; }

private:
    JsonPath m_path;
    std::optional<QRegularExpression> m_regex;
    std::optional<JsonPath> m_innerPath;
};
