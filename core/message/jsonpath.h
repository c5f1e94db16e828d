#pragma once

#include <QJsonValue>
#include <QList>
#include <QString>
#include <QStringView>

#include <optional>

struct ReceivedMessage;

// Where a value sits in a received message: the small subset of JSONPath that receive rules
// need, `$.payload.items[0]["content-type"]`, and nothing that could select more than one value
// (no wildcards, slices or filters).
//
//   $            the message itself
//   .name        a member; name is one or more of [A-Za-z0-9_$-]
//   ["name"]     a member with any name ('single quotes' too; \" \' and \\ are the escapes)
//   [N]          an array element; N < 0 counts from the end ([-1] is the last)
//   $event       alone: the SSE event's type (ReceivedMessage::event), not a part of the JSON
//
// A value type: parsed once when the scenario is loaded, evaluated per message.
class JsonPath
{
public:
    // The root, `$`.
    JsonPath() = default;

    // On failure returns nullopt and sets *error to what was expected and *errorOffset to the
    // character (QString index) where it went wrong; either pointer may be null.
    static std::optional<JsonPath> parse(QStringView text, QString *error = nullptr, qsizetype *errorOffset = nullptr);

    // The value the path names in `root`, or nullopt when a member or an element is missing or a
    // step meets the wrong type (a name on an array, an index on an object or a scalar). An
    // $event path names nothing in a JSON value: use the ReceivedMessage overload.
    std::optional<QJsonValue> evaluate(const QJsonValue &root) const;
    // As above on the message's JSON; for $event, the event type as a JSON string.
    std::optional<QJsonValue> evaluate(const ReceivedMessage &message) const;

    // Canonical text that parse() reads back to the same path: `.name` for plain identifiers,
    // `["..."]` for every other name.
    QString toString() const;
    bool isRoot() const { return !m_event && m_steps.isEmpty(); }
    bool isEvent() const { return m_event; }

    // One step as toString() and RuleError::path write it: ".user" for a plain identifier
    // ([A-Za-z_][A-Za-z0-9_]*, as JsonSourceMap::childPath()), `["a b"]` otherwise; "[3]".
    static QString keyText(const QString &key);
    static QString indexText(qsizetype index);

    friend bool operator==(const JsonPath &, const JsonPath &) = default;

private:
    struct Step
    {
        QString key;       // when !isIndex
        qint64 index = 0;  // when isIndex; negative counts from the end
        bool isIndex = false;
        friend bool operator==(const Step &, const Step &) = default;
    };

    QList<Step> m_steps;
    bool m_event = false;
};
