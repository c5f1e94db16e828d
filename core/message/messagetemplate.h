#pragma once

#include "ruleerror.h"

#include <QByteArray>
#include <QJsonValue>
#include <QList>
#include <QString>

#include <optional>

struct TemplateContext;

// What a simulated client sends, compiled once when the scenario is loaded and rendered for
// every message: the bytes of the frame (or of a URL or header value) with its placeholders
// filled in from a TemplateContext.
//
// Placeholders are `{{name}}`, with optional spaces inside the braces (`{{ seq }}`):
//   client, seq, sentAt (µs), now (ms), lastSeq   numbers from the context
//   random A B                                    an integer in [A, B], both ends included
//                                                 (64-bit, may be negative, A <= B)
//   group, channel, uuid, lastEventId             strings from the context
//   text N                                        N bytes of filler "abcd...zabc..." (N <= 16 MiB)
// A placeholder starts at the first "{{" and ends at the next "}}". There is no escape: a
// literal "{{" cannot be written; one without a closing "}}" is an error, and so is "{{{x}}"
// (the placeholder's name would be "{x"). A "}}" without "{{" is literal text.
//
// Built from a scenario's `send.template` (fromJson()):
//   any JSON value       a JSON message, rendered as compact JSON. Placeholders may stand in any
//                        string, keys included; substituted text is JSON-escaped. A string that
//                        is exactly one numeric placeholder ("{{seq}}") becomes a JSON number.
//                        Object members come out in QJsonObject's (sorted) key order.
//   {"text": "..."}      a TEXT frame: the string with placeholders filled in, nothing escaped
//   {"base64": "..."}    a BINARY frame: the decoded bytes (standard alphabet, padding optional;
//                        decoded at load, no placeholders)
//   {"json": value}      a JSON message of `value`, for one that is literally {"text": ...}
// or from plain text (fromText(), fromUrlText()) for URLs and header values.
//
// Immutable once built, so one template may be rendered from several threads at once.
class MessageTemplate
{
public:
    enum class Kind { Json, Text, Binary };
    enum class Placeholder { Client, Group, Channel, Seq, SentAt, Now, Uuid, Random, Text, LastEventId, LastSeq };

    static constexpr qint64 maxTextLength = 16 * 1024 * 1024;

    // An empty text template: renders nothing.
    MessageTemplate() = default;

    // On failure return nullopt and append every problem found (not only the first) to
    // *errors, which may be null; error paths are relative to `value`.
    static std::optional<MessageTemplate> fromJson(const QJsonValue &value, QList<RuleError> *errors);
    // Plain text: placeholders filled in, nothing escaped (a header value, a text body).
    static std::optional<MessageTemplate> fromText(const QString &text, QList<RuleError> *errors);
    // A URL: the literal text is kept byte for byte (as UTF-8); substituted strings are
    // percent-encoded except RFC 3986's unreserved characters, so a channel named "a b&c=d"
    // stays one query value (or one path segment).
    static std::optional<MessageTemplate> fromUrlText(const QString &text, QList<RuleError> *errors);

    Kind kind() const { return m_kind; }
    bool uses(Placeholder placeholder) const { return m_used & bit(placeholder); }

    // The frame for `context`. Appends literal segments and values into one reserved array:
    // no JSON document is built per message. context.random must be set when uses(Random).
    QByteArray render(const TemplateContext &context) const;

private:
    friend class TemplateCompiler;

    enum class Escape : quint8 { None, Json, Url };
    struct Op
    {
        qsizetype literalEnd = 0; // m_literals from the previous op's literalEnd to here come first
        Placeholder placeholder = Placeholder::Client;
        Escape escape = Escape::None;
        qint64 a = 0; // random: A; text: N
        qint64 b = 0; // random: B
    };

    static constexpr quint32 bit(Placeholder placeholder) { return 1u << int(placeholder); }

    Kind m_kind = Kind::Text;
    QByteArray m_literals;
    QList<Op> m_ops;
    quint32 m_used = 0;
    qsizetype m_fixedSize = 0; // literals, filler and numbers: what render() reserves besides strings
};
