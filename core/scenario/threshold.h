#pragma once

#include <QString>
#include <QStringList>

#include <chrono>
#include <optional>

// One pass/fail condition of a scenario: `"latency.p99": "<50ms"`, `"delivery.lost": "==0"`,
// `"connect.failed": "<1%"` (k6's model). Parsed by ScenarioLoader, evaluated against the final
// cumulative MetricsSnapshot by ThresholdEvaluator (and during the run when abortOnFail is set).
struct Threshold
{
    enum class Op { Less, LessOrEqual, Greater, GreaterOrEqual, Equal, NotEqual };
    // What the number is: a duration (stored in ns), a plain count or rate, or a percentage
    // of the metric's base (connect.failed: of attempts; delivery.*: of messages expected).
    enum class Unit { Nanoseconds, Number, Percent };

    QString metric;                 // one of metricNames()
    Op op = Op::Less;
    double value = 0;               // ns for Nanoseconds, 0-100 for Percent
    Unit unit = Unit::Number;
    QString expression;             // as written, for reports: "<50ms"
    bool abortOnFail = false;
    std::chrono::milliseconds delayAbortEval{0};
    QString jsonPath;

    // Parses "<50ms", "<=1%", "==0", ">= 99.5%", "!=3" for `metric`; on failure returns nullopt and
    // sets *error to what was expected.
    static std::optional<Threshold> parse(const QString &metric, const QString &expression, QString *error);
    // The metrics a threshold may name, and which units each accepts.
    static QStringList metricNames();
    static bool isDurationMetric(const QString &metric);
    static bool acceptsPercent(const QString &metric);
    static QString opText(Op op);
};
