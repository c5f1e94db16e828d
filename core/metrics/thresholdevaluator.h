#pragma once

#include "metrics/metricssnapshot.h"
#include "metrics/runtimeline.h"
#include "scenario/threshold.h"

#include <QString>

#include <optional>
#include <vector>

// The outcome of one threshold: whether it held and what was measured, in the threshold's own
// unit (ns for durations, 0-100 for percentages, else a count), with the text reports show.
struct ThresholdResult
{
    Threshold threshold;
    bool passed = false;
    bool hasValue = true;          // false: nothing to measure (no latency samples, unknown metric)
    double actual = 0;             // ns, percent or count; +inf for a recovery that never happened
    QString actualText;            // "37.2ms", "0", "0.4%", "never", "no samples"

    // "latency.p99 was 73.1ms, expected <50ms"
    QString message() const;
    // The condition as written ("<50ms"), or rebuilt from op and value when it was made in code.
    QString conditionText() const;
};

// Decides the scenario's thresholds (docs/scenarios.md, "Thresholds") from the cumulative numbers
// of a snapshot (all groups) and the run's timeline (connection rate, recovery after the last
// connection fault). Used by the Runner at the end of the run and, for abortOnFail thresholds,
// on every tick. A short-lived value over references: build one per evaluation.
class ThresholdEvaluator
{
public:
    ThresholdEvaluator(const MetricsSnapshot &snapshot, const RunTimeline &timeline);

    ThresholdResult evaluate(const Threshold &threshold) const;
    std::vector<ThresholdResult> evaluate(const std::vector<Threshold> &thresholds) const;

    // During the run: the first abortOnFail threshold whose delayAbortEval has passed (at the
    // snapshot's elapsed time) and which already fails for good. Undecided values do not abort:
    // no latency samples yet, or a recovery still under way (counted as the time since the fault,
    // which only `<`/`<=` can already fail).
    std::optional<ThresholdResult> evaluateForAbort(const std::vector<Threshold> &thresholds) const;

    static bool holds(double actual, Threshold::Op op, double expected);
    static QString opText(Threshold::Op op);
    // "850ns", "12.5us", "37.2ms", "1.25s": three significant digits, as a scenario writes durations.
    static QString formatDurationNs(double ns);
    // Up to three significant digits, no exponent, no trailing zeros: "0.4", "12", "0.0123".
    static QString formatNumber(double value);

private:
    ThresholdResult evaluate(const Threshold &threshold, bool live) const;

    const MetricsSnapshot &m_snapshot;
    const RunTimeline &m_timeline;
};
