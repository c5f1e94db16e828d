#include "jsonscalar.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLocale>
#include <QVariant>

#include <cmath>

namespace {

constexpr double maxExactDouble = 9007199254740992.0; // 2^53

// Qt 6 keeps a JSON number written without fraction or exponent that fits in 64 bits as an
// integer (exactly, also beyond 2^53); anything else is a double.
std::optional<qint64> storedInteger(const QJsonValue &value)
{
    if (value.toVariant().typeId() != QMetaType::LongLong)
        return std::nullopt;
    return value.toInteger();
}

// The number as an integer when it is one exactly (any integral double below 2^63 in magnitude).
std::optional<qint64> wholeNumber(const QJsonValue &value)
{
    if (const std::optional<qint64> exact = storedInteger(value))
        return exact;
    const double d = value.toDouble();
    if (std::trunc(d) != d || std::fabs(d) >= 9223372036854775808.0)
        return std::nullopt;
    return qint64(d);
}

} // namespace

namespace JsonScalar {

std::optional<QString> text(const QJsonValue &value)
{
    if (value.isString())
        return value.toString();
    if (!value.isDouble())
        return std::nullopt;
    if (const std::optional<qint64> exact = integer(value))
        return QString::number(*exact);
    return QString::number(value.toDouble(), 'g', QLocale::FloatingPointShortest);
}

std::optional<qint64> integer(const QJsonValue &value)
{
    if (value.isDouble()) {
        if (const std::optional<qint64> exact = storedInteger(value))
            return exact;
        const double d = value.toDouble();
        if (std::trunc(d) != d || std::fabs(d) > maxExactDouble)
            return std::nullopt;
        return qint64(d);
    }
    if (!value.isString())
        return std::nullopt;
    const QString s = value.toString();
    // Digits only: toLongLong() alone would also take "+1", " 1" and "0x1".
    const qsizetype first = s.startsWith(u'-') ? 1 : 0;
    if (s.size() == first)
        return std::nullopt;
    for (qsizetype i = first; i < s.size(); ++i) {
        if (s[i] < u'0' || s[i] > u'9')
            return std::nullopt;
    }
    bool ok = false;
    const qint64 result = s.toLongLong(&ok, 10);
    return ok ? std::optional<qint64>(result) : std::nullopt;
}

bool equals(const QJsonValue &a, const QJsonValue &b)
{
    if (a.type() != b.type())
        return false;
    switch (a.type()) {
    case QJsonValue::Double: {
        if (a.toDouble() != b.toDouble())
            return false;
        const std::optional<qint64> x = wholeNumber(a);
        const std::optional<qint64> y = wholeNumber(b);
        return !x || !y || *x == *y;
    }
    case QJsonValue::String:
        return a.toString() == b.toString();
    case QJsonValue::Bool:
        return a.toBool() == b.toBool();
    case QJsonValue::Array: {
        const QJsonArray x = a.toArray();
        const QJsonArray y = b.toArray();
        if (x.size() != y.size())
            return false;
        for (qsizetype i = 0; i < x.size(); ++i) {
            if (!equals(x.at(i), y.at(i)))
                return false;
        }
        return true;
    }
    case QJsonValue::Object: {
        const QJsonObject x = a.toObject();
        const QJsonObject y = b.toObject();
        if (x.size() != y.size())
            return false;
        for (auto it = x.constBegin(); it != x.constEnd(); ++it) {
            const auto other = y.constFind(it.key());
            if (other == y.constEnd() || !equals(it.value(), *other))
                return false;
        }
        return true;
    }
    case QJsonValue::Null:
    case QJsonValue::Undefined:
        return true;
    }
    return false;
}

QByteArray compact(const QJsonValue &value)
{
    if (value.isObject())
        return QJsonDocument(value.toObject()).toJson(QJsonDocument::Compact);
    if (value.isArray())
        return QJsonDocument(value.toArray()).toJson(QJsonDocument::Compact);
    const QByteArray wrapped = QJsonDocument(QJsonArray{value}).toJson(QJsonDocument::Compact);
    return wrapped.sliced(1, wrapped.size() - 2);
}

QString describe(const QJsonValue &value, const QString &missing)
{
    switch (value.type()) {
    case QJsonValue::Object:
        return QStringLiteral("an object");
    case QJsonValue::Array:
        return value.toArray().isEmpty() ? QStringLiteral("an empty array") : QStringLiteral("an array");
    case QJsonValue::String:
        return value.toString().isEmpty() ? QStringLiteral("an empty string") : QStringLiteral("a string");
    case QJsonValue::Double:
        return QStringLiteral("a number");
    case QJsonValue::Bool:
        return QStringLiteral("a boolean");
    case QJsonValue::Null:
        return QStringLiteral("null");
    case QJsonValue::Undefined:
        break;
    }
    return missing;
}

} // namespace JsonScalar
