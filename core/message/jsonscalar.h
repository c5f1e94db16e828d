#pragma once

#include <QByteArray>
#include <QJsonValue>
#include <QString>

#include <optional>

// How receive rules read one JSON value as text, as an integer, and compare two values. Shared
// by FieldExtractor and MessageMatcher so that a number means the same in both.
namespace JsonScalar {

// A string as itself; a number as decimal text ("42", "-7", "0.5", "1e+300": integral values
// without exponent or fraction as long as they are exact); nullopt for anything else.
std::optional<QString> text(const QJsonValue &value);

// An integer exactly: a JSON number that is integral (a value Qt parsed as a 64-bit integer
// exactly, a double only up to 2^53 in magnitude, beyond which a double is not one integer but
// a range of them), or a string of decimal digits with an optional '-' that fits in 64 bits.
std::optional<qint64> integer(const QJsonValue &value);

// JSON equality: same type, numbers equal as doubles (1 == 1.0) and, when both are exact
// integers, as integers (so 2^53 + 1 is not 2^53), arrays element by element, objects with the
// same keys and equal values.
bool equals(const QJsonValue &a, const QJsonValue &b);

// Compact JSON text of any value: QJsonDocument writes only an object or an array, so a scalar
// is written as the one element of an array and taken out of it ("7", "\"x\"", "null").
QByteArray compact(const QJsonValue &value);

// What a value is, for error messages: "an object", "an empty array", "a string", "an empty
// string", "a number", "a boolean", "null"; `missing` for an undefined value.
QString describe(const QJsonValue &value, const QString &missing = QStringLiteral("nothing"));

} // namespace JsonScalar
