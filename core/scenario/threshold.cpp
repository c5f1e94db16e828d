#include "scenario/threshold.h"

#include <cmath>

namespace {

// The latency kinds (docs/scenarios.md, "Latency kinds"), each with the same statistics: one-way,
// round trip, against the server's clock, and an SSE stream's first event, gaps and length.
const QStringList &latencyFamilies()
{
    static const QStringList names{QStringLiteral("latency"), QStringLiteral("rtt"), QStringLiteral("serverLatency"),
                                   QStringLiteral("stream.firstEvent"), QStringLiteral("stream.gap"),
                                   QStringLiteral("stream.duration")};
    return names;
}

const QStringList &latencyStats()
{
    static const QStringList names{QStringLiteral("p50"), QStringLiteral("p90"), QStringLiteral("p99"),
                                   QStringLiteral("p99.9"), QStringLiteral("max"), QStringLiteral("mean")};
    return names;
}

// docs/scenarios.md, "Thresholds": the metric table. Order as there, for error messages.
const QStringList &durationMetrics()
{
    static const QStringList names = [] {
        QStringList list;
        for (const QString &family : latencyFamilies())
            for (const QString &stat : latencyStats())
                list.append(family + u'.' + stat);
        list += {QStringLiteral("handshake.p50"), QStringLiteral("handshake.p90"), QStringLiteral("handshake.p99"),
                 QStringLiteral("handshake.max"), QStringLiteral("recovery.time")};
        return list;
    }();
    return names;
}

const QStringList &percentMetrics()
{
    static const QStringList names{
        QStringLiteral("connect.failed"), QStringLiteral("delivery.lost"),
        QStringLiteral("delivery.duplicated"), QStringLiteral("delivery.outOfOrder"),
    };
    return names;
}

struct OpText
{
    const char *text;
    Threshold::Op op;
};

// Two-character operators first, so "<=" is not read as "<" followed by "=".
constexpr OpText operators[] = {
    {"<=", Threshold::Op::LessOrEqual}, {">=", Threshold::Op::GreaterOrEqual},
    {"==", Threshold::Op::Equal},       {"!=", Threshold::Op::NotEqual},
    {"<", Threshold::Op::Less},         {">", Threshold::Op::Greater},
};

QString expectedFor(const QString &metric)
{
    if (Threshold::isDurationMetric(metric))
        return QStringLiteral("a condition with a duration such as \"<50ms\" (%1 is a duration)").arg(metric);
    if (Threshold::acceptsPercent(metric))
        return QStringLiteral("a condition with a number or a percentage such as \"==0\" or \"<1%\"");
    return QStringLiteral("a condition with a number such as \"<=100\" (%1 is a count, no unit)").arg(metric);
}

// Nanoseconds per duration unit (Duration's units).
std::optional<double> nanosecondsPer(QStringView unit)
{
    if (unit == u"us")
        return 1e3;
    if (unit == u"ms")
        return 1e6;
    if (unit == u"s")
        return 1e9;
    if (unit == u"m")
        return 60e9;
    if (unit == u"h")
        return 3600e9;
    return std::nullopt;
}

} // namespace

std::optional<Threshold> Threshold::parse(const QString &metric, const QString &expression, QString *error)
{
    auto failWith = [error](const QString &text) -> std::optional<Threshold> {
        if (error)
            *error = text;
        return std::nullopt;
    };
    if (!metricNames().contains(metric))
        return failWith(QStringLiteral("a metric name (one of: %1)").arg(metricNames().join(QStringLiteral(", "))));

    QStringView rest = QStringView(expression).trimmed();
    Threshold threshold;
    threshold.metric = metric;
    threshold.expression = expression.trimmed();
    bool foundOp = false;
    for (const OpText &candidate : operators) {
        const QLatin1String text(candidate.text);
        if (rest.startsWith(text)) {
            threshold.op = candidate.op;
            rest = rest.sliced(text.size()).trimmed();
            foundOp = true;
            break;
        }
    }
    if (!foundOp)
        return failWith(QStringLiteral("%1, starting with an operator (<, <=, >, >=, ==, !=)").arg(expectedFor(metric)));

    qsizetype numberEnd = 0;
    while (numberEnd < rest.size() && (rest[numberEnd].isDigit() || rest[numberEnd] == u'.'))
        ++numberEnd;
    bool ok = false;
    const double number = numberEnd > 0 ? rest.first(numberEnd).toDouble(&ok) : 0;
    if (!ok || !std::isfinite(number))
        return failWith(expectedFor(metric));
    const QStringView unit = rest.sliced(numberEnd).trimmed();

    if (isDurationMetric(metric)) {
        const std::optional<double> scale = nanosecondsPer(unit);
        if (!scale)
            return failWith(expectedFor(metric));
        threshold.unit = Unit::Nanoseconds;
        threshold.value = number * *scale;
    } else if (unit == u"%") {
        if (!acceptsPercent(metric))
            return failWith(expectedFor(metric));
        if (number > 100)
            return failWith(QStringLiteral("a percentage from 0 to 100"));
        threshold.unit = Unit::Percent;
        threshold.value = number;
    } else if (unit.isEmpty()) {
        threshold.unit = Unit::Number;
        threshold.value = number;
    } else {
        return failWith(expectedFor(metric));
    }
    return threshold;
}

QStringList Threshold::metricNames()
{
    static const QStringList names = [] {
        QStringList list;
        for (const QString &family : latencyFamilies())
            for (const QString &stat : latencyStats())
                list.append(family + u'.' + stat);
        list += {
            QStringLiteral("handshake.p50"), QStringLiteral("handshake.p90"), QStringLiteral("handshake.p99"),
            QStringLiteral("handshake.max"),
            QStringLiteral("connect.failed"), QStringLiteral("connect.attempts"), QStringLiteral("connections.peak"),
            QStringLiteral("reconnects"), QStringLiteral("connects.peakPerSecond"), QStringLiteral("recovery.time"),
            QStringLiteral("delivery.lost"), QStringLiteral("delivery.duplicated"), QStringLiteral("delivery.outOfOrder"),
            QStringLiteral("delivery.received"), QStringLiteral("delivery.resets"), QStringLiteral("delivery.other"),
            QStringLiteral("messages.sent"), QStringLiteral("errors"),
            QStringLiteral("stream.count"), QStringLiteral("stream.events"),
        };
        return list;
    }();
    return names;
}

bool Threshold::isDurationMetric(const QString &metric)
{
    return durationMetrics().contains(metric);
}

bool Threshold::acceptsPercent(const QString &metric)
{
    return percentMetrics().contains(metric);
}

QString Threshold::opText(Op op)
{
    for (const OpText &candidate : operators) {
        if (candidate.op == op)
            return QString::fromLatin1(candidate.text);
    }
    return {};
}
