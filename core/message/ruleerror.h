#pragma once

#include <QString>

// One problem found while building a rule of core/message from a scenario's JSON: a
// MessageTemplate, a FieldExtractor, a MessageMatcher. All of them report with this one type, so
// the scenario loader turns every one into "FILE:LINE:COL: message" the same way: it prefixes its
// own path of the value it handed over ("$.groups[0].send.template") and looks the result up in
// its JsonSourceMap.
struct RuleError
{
    // JSON path relative to the value given to fromJson(), in JsonSourceMap's notation: "" (the
    // value itself), ".user", "[1]", `["a b"]` for a key that is not a plain identifier.
    QString path;
    // Character offset (QString index) inside the string at `path` (inside its key when inKey)
    // where the problem starts: the "{{" of a bad placeholder, the bad character of a JSON path
    // or a regular expression. -1 when the problem is the value as a whole.
    qsizetype offset = -1;
    QString message;
    // The problem is in the key of the member at `path` (a placeholder in an object key, a bad
    // JSON path used as a matcher key), not in its value.
    bool inKey = false;

    // `basePath` + "path (key), character N: message", for logs and test failure output.
    QString toString(const QString &basePath = {}) const;

    friend bool operator==(const RuleError &, const RuleError &) = default;
};
