#include "metrics/thresholdevaluator.h"

#include <QCoreApplication>

#include <algorithm>
#include <cmath>
#include <limits>

namespace {

// What a metric name measures (docs/scenarios.md, "Thresholds").
struct Measured
{
    enum class Kind { Unknown, Duration, Count };
    Kind kind = Kind::Unknown;
    double value = 0;              // ns for durations
    std::optional<double> base;    // what `%` is a share of, for metrics that have one
    bool noSamples = false;        // a percentile of an empty histogram
    bool recovering = false;       // recovery.time: not back yet (value = time since the fault so far)
    bool noFault = false;          // recovery.time without a connection fault
    bool nothingChecked = false;   // a delivery count when no delivery was accounted at all
};

std::optional<double> percentileOf(QStringView stat)
{
    if (stat == u"p50")
        return 50.0;
    if (stat == u"p90")
        return 90.0;
    if (stat == u"p99")
        return 99.0;
    if (stat == u"p99.9")
        return 99.9;
    return std::nullopt;
}

Measured durationOf(const LatencyHistogram &histogram, QStringView stat)
{
    Measured m;
    const auto percentile = percentileOf(stat);
    if (!percentile && stat != u"max" && stat != u"mean")
        return m;
    m.kind = Measured::Kind::Duration;
    if (histogram.count() == 0) {
        m.noSamples = true;
        return m;
    }
    if (percentile)
        m.value = double(histogram.percentileNs(*percentile));
    else if (stat == u"max")
        m.value = double(histogram.maxNs());
    else
        m.value = histogram.meanNs();
    return m;
}

Measured count(quint64 value, std::optional<double> base = std::nullopt)
{
    Measured m;
    m.kind = Measured::Kind::Count;
    m.value = double(value);
    m.base = base;
    return m;
}

Measured measure(const QString &metric, const MetricsSnapshot &snapshot, const RunTimeline &timeline)
{
    const GroupMetrics &all = snapshot.all;
    const ClientCounters &c = all.total;
    // The latency kinds (docs/scenarios.md, "Latency kinds"): each its own histogram, never mixed.
    const std::pair<QLatin1String, const LatencyHistogram *> families[] = {
        {QLatin1String("latency."), &all.latencyTotal},
        {QLatin1String("handshake."), &all.handshakeTotal},
        {QLatin1String("rtt."), &all.rttTotal},
        {QLatin1String("serverLatency."), &all.serverLatencyTotal},
        {QLatin1String("stream.firstEvent."), &all.streamFirstEventTotal},
        {QLatin1String("stream.gap."), &all.streamGapTotal},
        {QLatin1String("stream.duration."), &all.streamDurationTotal},
    };
    for (const auto &[prefix, histogram] : families) {
        if (metric.startsWith(prefix))
            return durationOf(*histogram, QStringView(metric).mid(prefix.size()));
    }
    // Loss, duplicates and reordering are only known for deliveries some accounting checked: with
    // none, "lost 0" would be a pass that checked nothing.
    const auto delivery = [&c](quint64 value, double base) {
        Measured m = count(value, base);
        m.nothingChecked = c.checked() == 0;
        return m;
    };

    // Delivery shares are of what should have arrived: received + lost.
    const double expectedMessages = double(c.messagesReceived) + double(c.lost);
    if (metric == u"connect.failed")
        return count(c.connectFailures, double(c.connectAttempts)); // rejected sessions included
    if (metric == u"connect.attempts")
        return count(c.connectAttempts);
    if (metric == u"connections.peak")
        return count(quint64(std::max<qint64>(0, all.peakOpen)));
    if (metric == u"reconnects")
        return count(c.reconnects);
    if (metric == u"connects.peakPerSecond")
        return count(timeline.peakConnectsPerSecond());
    if (metric == u"delivery.lost")
        return delivery(c.lost, expectedMessages);
    if (metric == u"delivery.duplicated")
        return delivery(c.duplicated, expectedMessages);
    if (metric == u"delivery.outOfOrder")
        return delivery(c.outOfOrder, expectedMessages);
    if (metric == u"delivery.other")
        return count(c.otherReceived);
    if (metric == u"stream.count")
        return count(c.streams);
    if (metric == u"stream.events")
        return count(c.streamEvents);
    if (metric == u"delivery.received")
        return count(c.messagesReceived);
    if (metric == u"delivery.resets")
        return count(c.resets);
    if (metric == u"messages.sent")
        return count(c.messagesSent);
    if (metric == u"errors")
        return count(c.errors);
    if (metric == u"recovery.time") {
        Measured m;
        m.kind = Measured::Kind::Duration;
        const auto fault = timeline.lastConnectionFaultNs();
        if (!fault) {
            m.noFault = true;
            return m;
        }
        if (const auto recovery = timeline.recoveryTimeAfter(*fault)) {
            m.value = double(*recovery);
        } else {
            m.recovering = true;
            m.value = double(std::max<qint64>(0, snapshot.elapsedNs - *fault));
        }
        return m;
    }
    return {};
}

QString tr(const char *text)
{
    return QCoreApplication::translate("ThresholdEvaluator", text);
}

} // namespace

QString ThresholdResult::conditionText() const
{
    if (!threshold.expression.isEmpty())
        return threshold.expression;
    QString value;
    switch (threshold.unit) {
    case Threshold::Unit::Nanoseconds:
        value = ThresholdEvaluator::formatDurationNs(threshold.value);
        break;
    case Threshold::Unit::Percent:
        value = ThresholdEvaluator::formatNumber(threshold.value) + u'%';
        break;
    case Threshold::Unit::Number:
        value = ThresholdEvaluator::formatNumber(threshold.value);
        break;
    }
    return ThresholdEvaluator::opText(threshold.op) + value;
}

QString ThresholdResult::message() const
{
    if (!hasValue)
        return QCoreApplication::translate("ThresholdEvaluator", "%1: %2, expected %3")
            .arg(threshold.metric, actualText, conditionText());
    return QCoreApplication::translate("ThresholdEvaluator", "%1 was %2, expected %3")
        .arg(threshold.metric, actualText, conditionText());
}

ThresholdEvaluator::ThresholdEvaluator(const MetricsSnapshot &snapshot, const RunTimeline &timeline)
    : m_snapshot(snapshot)
    , m_timeline(timeline)
{
}

ThresholdResult ThresholdEvaluator::evaluate(const Threshold &threshold) const
{
    return evaluate(threshold, false);
}

std::vector<ThresholdResult> ThresholdEvaluator::evaluate(const std::vector<Threshold> &thresholds) const
{
    std::vector<ThresholdResult> results;
    results.reserve(thresholds.size());
    for (const Threshold &threshold : thresholds)
        results.push_back(evaluate(threshold, false));
    return results;
}

std::optional<ThresholdResult> ThresholdEvaluator::evaluateForAbort(const std::vector<Threshold> &thresholds) const
{
    for (const Threshold &threshold : thresholds) {
        if (!threshold.abortOnFail)
            continue;
        const qint64 delayNs = std::chrono::duration_cast<std::chrono::nanoseconds>(threshold.delayAbortEval).count();
        if (m_snapshot.elapsedNs < delayNs)
            continue;
        ThresholdResult result = evaluate(threshold, true);
        if (result.hasValue && !result.passed)
            return result;
    }
    return std::nullopt;
}

ThresholdResult ThresholdEvaluator::evaluate(const Threshold &threshold, bool live) const
{
    ThresholdResult result;
    result.threshold = threshold;
    const Measured m = measure(threshold.metric, m_snapshot, m_timeline);

    const auto noValue = [&](const QString &why) {
        result.hasValue = false;
        result.passed = false;
        result.actualText = why;
        return result;
    };

    switch (m.kind) {
    case Measured::Kind::Unknown:
        return noValue(tr("unknown metric"));
    case Measured::Kind::Duration:
        if (threshold.unit != Threshold::Unit::Nanoseconds)
            return noValue(tr("a duration (the condition needs a unit such as ms)"));
        if (m.noSamples)
            return live ? noValue(tr("no samples yet")) : noValue(tr("no samples"));
        if (m.noFault) {
            result.actual = 0;
            result.actualText = tr("0 (no connection fault)");
            break;
        }
        if (m.recovering) {
            if (live) {
                // A lower bound: only an upper-limit condition can already have failed.
                const bool upperLimit = threshold.op == Threshold::Op::Less || threshold.op == Threshold::Op::LessOrEqual;
                if (!upperLimit || holds(m.value, threshold.op, threshold.value))
                    return noValue(tr("still recovering"));
                result.actual = m.value;
                result.actualText = tr("over %1").arg(formatDurationNs(m.value));
                break;
            }
            result.actual = std::numeric_limits<double>::infinity();
            result.actualText = tr("never");
            break;
        }
        result.actual = m.value;
        result.actualText = formatDurationNs(m.value);
        break;
    case Measured::Kind::Count:
        if (threshold.unit == Threshold::Unit::Nanoseconds)
            return noValue(tr("a count, not a duration"));
        if (m.nothingChecked)
            return live ? noValue(tr("nothing checked yet")) : noValue(tr("nothing checked (no delivery was accounted: see the summary's accounting column)"));
        if (threshold.unit == Threshold::Unit::Percent) {
            if (!m.base)
                return noValue(tr("a count with no base for %"));
            result.actual = *m.base > 0 ? 100.0 * m.value / *m.base : 0.0;
            result.actualText = formatNumber(result.actual) + u'%';
        } else {
            result.actual = m.value;
            result.actualText = formatNumber(m.value);
        }
        break;
    }
    result.passed = holds(result.actual, threshold.op, threshold.value);
    return result;
}

bool ThresholdEvaluator::holds(double actual, Threshold::Op op, double expected)
{
    switch (op) {
    case Threshold::Op::Less:
        return actual < expected;
    case Threshold::Op::LessOrEqual:
        return actual <= expected;
    case Threshold::Op::Greater:
        return actual > expected;
    case Threshold::Op::GreaterOrEqual:
        return actual >= expected;
    case Threshold::Op::Equal:
        return actual == expected;
    case Threshold::Op::NotEqual:
        return actual != expected;
    }
    return false;
}

QString ThresholdEvaluator::opText(Threshold::Op op)
{
    switch (op) {
    case Threshold::Op::Less:
        return QStringLiteral("<");
    case Threshold::Op::LessOrEqual:
        return QStringLiteral("<=");
    case Threshold::Op::Greater:
        return QStringLiteral(">");
    case Threshold::Op::GreaterOrEqual:
        return QStringLiteral(">=");
    case Threshold::Op::Equal:
        return QStringLiteral("==");
    case Threshold::Op::NotEqual:
        return QStringLiteral("!=");
    }
    return {};
}

QString ThresholdEvaluator::formatNumber(double value)
{
    if (!std::isfinite(value))
        return value > 0 ? QStringLiteral("inf") : QStringLiteral("-inf");
    if (value == std::floor(value) && std::abs(value) < 1e15)
        return QString::number(qint64(value));
    const double magnitude = std::abs(value);
    const int digitsBeforePoint = int(std::floor(std::log10(magnitude))) + 1;
    const int decimals = std::clamp(3 - digitsBeforePoint, 0, 6);
    QString text = QString::number(value, 'f', decimals);
    if (text.contains(u'.')) {
        while (text.endsWith(u'0'))
            text.chop(1);
        if (text.endsWith(u'.'))
            text.chop(1);
    }
    return text;
}

QString ThresholdEvaluator::formatDurationNs(double ns)
{
    if (!std::isfinite(ns))
        return formatNumber(ns);
    const double magnitude = std::abs(ns);
    if (magnitude < 1e3)
        return formatNumber(std::round(ns)) + QStringLiteral("ns");
    if (magnitude < 1e6)
        return formatNumber(ns / 1e3) + QStringLiteral("us");
    if (magnitude < 1e9)
        return formatNumber(ns / 1e6) + QStringLiteral("ms");
    return formatNumber(ns / 1e9) + u's';
}
