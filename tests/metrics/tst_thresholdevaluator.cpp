#include "metrics/thresholdevaluator.h"

#include <QTest>

#include <cmath>
#include <limits>
#include <memory>

namespace {

constexpr qint64 ms = 1'000'000;

Threshold makeThreshold(const QString &metric, Threshold::Op op, double value, Threshold::Unit unit)
{
    Threshold t;
    t.metric = metric;
    t.op = op;
    t.value = value;
    t.unit = unit;
    return t;
}

// One run's cumulative numbers, the same for every row of the data-driven test.
struct Fixture
{
    MetricsSnapshot snapshot;
    RunTimeline timeline;          // no faults
    RunTimeline recovered;         // restart at 5 s, back at 5.7 s
    RunTimeline notRecovered;      // restart at 5 s, never back

    Fixture()
    {
        ClientCounters &c = snapshot.all.total;
        c.connectAttempts = 200;
        c.connectsFirst = 150;
        c.reconnects = 30;
        c.connectFailures = 2;
        c.closes = 20;
        c.messagesSent = 12000;
        c.messagesReceived = 9950;
        c.lost = 50;
        c.duplicated = 3;
        c.outOfOrder = 1;
        c.resets = 2;
        c.errors = 4;
        c.checkedBySequence = 9950; // the deliveries were accounted (else loss thresholds check nothing)
        c.otherReceived = 7;
        c.streams = 5;
        c.streamEvents = 55;
        snapshot.all.peakOpen = 170;
        snapshot.elapsedNs = 10'000 * ms;
        // Latency 1..100 ms, one sample each; handshakes exact (below 256 ns).
        for (int i = 1; i <= 100; ++i)
            snapshot.all.latencyTotal.record(i * ms);
        for (int i = 0; i < 10; ++i)
            snapshot.all.handshakeTotal.record(200);
        // The other latency kinds, each its own histogram: never mixed with one-way latency.
        snapshot.all.rttTotal.record(100);
        snapshot.all.serverLatencyTotal.record(150);
        snapshot.all.streamFirstEventTotal.record(120);
        snapshot.all.streamGapTotal.record(20);
        snapshot.all.streamDurationTotal.record(250);

        for (int i = 1; i <= 100; ++i) {
            TimelinePoint p;
            p.elapsedNs = i * 100 * ms;
            p.intervalNs = 100 * ms;
            p.connects = i <= 10 ? 15 : 3; // 150 in the first second
            p.open = 100;
            timeline.append(p);
            p.open = i <= 50 || i >= 57 ? 100 : 10;
            recovered.append(p);
            p.open = i <= 50 ? 100 : 10;
            notRecovered.append(p);
        }
        recovered.markEvent(5000 * ms, QStringLiteral("restart"), TimelineEvent::Kind::ConnectionFault);
        notRecovered.markEvent(5000 * ms, QStringLiteral("restart"), TimelineEvent::Kind::ConnectionFault);
        timeline.markEvent(3000 * ms, QStringLiteral("latency 50ms")); // not a connection fault
    }
};

const Fixture &fixture()
{
    static const auto f = std::make_unique<Fixture>();
    return *f;
}

} // namespace

class tst_ThresholdEvaluator : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void evaluate_data();
    void evaluate();
    void latencyPercentilesFromTheHistogram_data();
    void latencyPercentilesFromTheHistogram();
    void recovery_data();
    void recovery();
    void noSamplesFails();
    void mismatchedUnitsFail();
    void messages();
    void abortOnlyWhenDecided();
    void formatting_data();
    void formatting();
    void parsedThresholdsIfAvailable();
};

using Op = Threshold::Op;
using Unit = Threshold::Unit;

void tst_ThresholdEvaluator::evaluate_data()
{
    QTest::addColumn<QString>("metric");
    QTest::addColumn<Op>("op");
    QTest::addColumn<double>("value");
    QTest::addColumn<Unit>("unit");
    QTest::addColumn<bool>("passed");
    QTest::addColumn<double>("actual");
    QTest::addColumn<QString>("actualText");

    // Every operator, on errors == 4.
    QTest::addRow("errors <5") << "errors" << Op::Less << 5.0 << Unit::Number << true << 4.0 << "4";
    QTest::addRow("errors <4") << "errors" << Op::Less << 4.0 << Unit::Number << false << 4.0 << "4";
    QTest::addRow("errors <=4") << "errors" << Op::LessOrEqual << 4.0 << Unit::Number << true << 4.0 << "4";
    QTest::addRow("errors <=3") << "errors" << Op::LessOrEqual << 3.0 << Unit::Number << false << 4.0 << "4";
    QTest::addRow("errors >3") << "errors" << Op::Greater << 3.0 << Unit::Number << true << 4.0 << "4";
    QTest::addRow("errors >4") << "errors" << Op::Greater << 4.0 << Unit::Number << false << 4.0 << "4";
    QTest::addRow("errors >=4") << "errors" << Op::GreaterOrEqual << 4.0 << Unit::Number << true << 4.0 << "4";
    QTest::addRow("errors >=5") << "errors" << Op::GreaterOrEqual << 5.0 << Unit::Number << false << 4.0 << "4";
    QTest::addRow("errors ==4") << "errors" << Op::Equal << 4.0 << Unit::Number << true << 4.0 << "4";
    QTest::addRow("errors ==0") << "errors" << Op::Equal << 0.0 << Unit::Number << false << 4.0 << "4";
    QTest::addRow("errors !=0") << "errors" << Op::NotEqual << 0.0 << Unit::Number << true << 4.0 << "4";
    QTest::addRow("errors !=4") << "errors" << Op::NotEqual << 4.0 << Unit::Number << false << 4.0 << "4";

    // Counts.
    QTest::addRow("connect.failed count") << "connect.failed" << Op::Equal << 2.0 << Unit::Number << true << 2.0 << "2";
    QTest::addRow("connect.attempts") << "connect.attempts" << Op::GreaterOrEqual << 200.0 << Unit::Number << true << 200.0 << "200";
    QTest::addRow("connections.peak") << "connections.peak" << Op::Less << 170.0 << Unit::Number << false << 170.0 << "170";
    QTest::addRow("reconnects") << "reconnects" << Op::LessOrEqual << 30.0 << Unit::Number << true << 30.0 << "30";
    QTest::addRow("connects.peakPerSecond") << "connects.peakPerSecond" << Op::Less << 100.0 << Unit::Number << false << 150.0 << "150";
    QTest::addRow("delivery.lost count") << "delivery.lost" << Op::Equal << 0.0 << Unit::Number << false << 50.0 << "50";
    QTest::addRow("delivery.duplicated count") << "delivery.duplicated" << Op::Less << 5.0 << Unit::Number << true << 3.0 << "3";
    QTest::addRow("delivery.outOfOrder count") << "delivery.outOfOrder" << Op::Equal << 1.0 << Unit::Number << true << 1.0 << "1";
    QTest::addRow("delivery.received") << "delivery.received" << Op::Greater << 9000.0 << Unit::Number << true << 9950.0 << "9950";
    QTest::addRow("delivery.resets") << "delivery.resets" << Op::Equal << 0.0 << Unit::Number << false << 2.0 << "2";
    QTest::addRow("messages.sent") << "messages.sent" << Op::GreaterOrEqual << 12000.0 << Unit::Number << true << 12000.0 << "12000";

    // Percentages: connect.failed of attempts (2 / 200), delivery.* of received + lost (10,000).
    QTest::addRow("connect.failed <1%%") << "connect.failed" << Op::Less << 1.0 << Unit::Percent << false << 1.0 << "1%";
    QTest::addRow("connect.failed <=1%%") << "connect.failed" << Op::LessOrEqual << 1.0 << Unit::Percent << true << 1.0 << "1%";
    QTest::addRow("delivery.lost <1%%") << "delivery.lost" << Op::Less << 1.0 << Unit::Percent << true << 0.5 << "0.5%";
    QTest::addRow("delivery.lost <0.4%%") << "delivery.lost" << Op::Less << 0.4 << Unit::Percent << false << 0.5 << "0.5%";
    QTest::addRow("delivery.duplicated %%") << "delivery.duplicated" << Op::Less << 0.05 << Unit::Percent << true << 0.03 << "0.03%";
    QTest::addRow("delivery.outOfOrder %%") << "delivery.outOfOrder" << Op::Equal << 0.0 << Unit::Percent << false << 0.01 << "0.01%";

    // Durations (exact below 256 ns).
    QTest::addRow("handshake.p50") << "handshake.p50" << Op::Less << 1000.0 << Unit::Nanoseconds << true << 200.0 << "200ns";
    QTest::addRow("handshake.max") << "handshake.max" << Op::Less << 200.0 << Unit::Nanoseconds << false << 200.0 << "200ns";
    QTest::addRow("latency.mean") << "latency.mean" << Op::Less << 50.0 * ms << Unit::Nanoseconds << false << 50.5 * ms << "50.5ms";
    QTest::addRow("latency.max") << "latency.max" << Op::LessOrEqual << 100.0 * ms << Unit::Nanoseconds << true << 100.0 * ms << "100ms";
    QTest::addRow("rtt.p50") << "rtt.p50" << Op::Less << 101.0 << Unit::Nanoseconds << true << 100.0 << "100ns";
    QTest::addRow("serverLatency.max") << "serverLatency.max" << Op::Less << 150.0 << Unit::Nanoseconds << false << 150.0 << "150ns";
    QTest::addRow("stream.firstEvent.p99") << "stream.firstEvent.p99" << Op::Equal << 120.0 << Unit::Nanoseconds << true << 120.0 << "120ns";
    QTest::addRow("stream.gap.mean") << "stream.gap.mean" << Op::Less << 21.0 << Unit::Nanoseconds << true << 20.0 << "20ns";
    QTest::addRow("stream.duration.p50") << "stream.duration.p50" << Op::Greater << 250.0 << Unit::Nanoseconds << false << 250.0 << "250ns";
    QTest::addRow("stream.count") << "stream.count" << Op::GreaterOrEqual << 5.0 << Unit::Number << true << 5.0 << "5";
    QTest::addRow("stream.events") << "stream.events" << Op::Equal << 55.0 << Unit::Number << true << 55.0 << "55";
    QTest::addRow("delivery.other") << "delivery.other" << Op::Equal << 0.0 << Unit::Number << false << 7.0 << "7";
}

void tst_ThresholdEvaluator::evaluate()
{
    QFETCH(QString, metric);
    QFETCH(Op, op);
    QFETCH(double, value);
    QFETCH(Unit, unit);
    QFETCH(bool, passed);
    QFETCH(double, actual);
    QFETCH(QString, actualText);

    const ThresholdEvaluator evaluator(fixture().snapshot, fixture().timeline);
    const ThresholdResult result = evaluator.evaluate(makeThreshold(metric, op, value, unit));
    QVERIFY(result.hasValue);
    QCOMPARE(result.passed, passed);
    QVERIFY2(std::abs(result.actual - actual) <= std::abs(actual) * 1e-9,
             qPrintable(QString::number(result.actual, 'g', 12)));
    QCOMPARE(result.actualText, actualText);
    QCOMPARE(result.threshold.metric, metric);
}

void tst_ThresholdEvaluator::latencyPercentilesFromTheHistogram_data()
{
    QTest::addColumn<QString>("metric");
    QTest::addColumn<double>("percentile");
    QTest::addRow("p50") << "latency.p50" << 50.0;
    QTest::addRow("p90") << "latency.p90" << 90.0;
    QTest::addRow("p99") << "latency.p99" << 99.0;
    QTest::addRow("p99.9") << "latency.p99.9" << 99.9;
    QTest::addRow("handshake.p90") << "handshake.p90" << 90.0;
    QTest::addRow("handshake.p99") << "handshake.p99" << 99.0;
}

void tst_ThresholdEvaluator::latencyPercentilesFromTheHistogram()
{
    QFETCH(QString, metric);
    QFETCH(double, percentile);
    const MetricsSnapshot &s = fixture().snapshot;
    const LatencyHistogram &histogram = metric.startsWith(u"latency") ? s.all.latencyTotal : s.all.handshakeTotal;
    const double expected = double(histogram.percentileNs(percentile));
    const ThresholdEvaluator evaluator(s, fixture().timeline);

    const auto below = evaluator.evaluate(makeThreshold(metric, Op::Less, expected, Unit::Nanoseconds));
    QCOMPARE(below.actual, expected);
    QVERIFY(!below.passed);
    QCOMPARE(below.actualText, ThresholdEvaluator::formatDurationNs(expected));
    QVERIFY(evaluator.evaluate(makeThreshold(metric, Op::LessOrEqual, expected, Unit::Nanoseconds)).passed);
    QVERIFY(evaluator.evaluate(makeThreshold(metric, Op::Less, expected + 1, Unit::Nanoseconds)).passed);
    // Nearest rank of 1..100 ms: p50 is ~50 ms, p90 ~90 ms (within the histogram's 0.4%).
    if (metric == u"latency.p50")
        QVERIFY(std::abs(expected - 50.0 * ms) <= 0.004 * 50 * ms);
    if (metric == u"latency.p90")
        QVERIFY(std::abs(expected - 90.0 * ms) <= 0.004 * 90 * ms);
}

void tst_ThresholdEvaluator::recovery_data()
{
    QTest::addColumn<int>("which");
    QTest::addColumn<Op>("op");
    QTest::addColumn<double>("value");
    QTest::addColumn<bool>("passed");
    QTest::addColumn<double>("actual");
    QTest::addColumn<QString>("actualText");
    const double inf = std::numeric_limits<double>::infinity();
    QTest::addRow("no fault") << 0 << Op::Less << 5e9 << true << 0.0 << "0 (no connection fault)";
    QTest::addRow("recovered <5s") << 1 << Op::Less << 5e9 << true << 700.0 * ms << "700ms";
    QTest::addRow("recovered <500ms") << 1 << Op::Less << 500.0 * ms << false << 700.0 * ms << "700ms";
    QTest::addRow("never <5s") << 2 << Op::Less << 5e9 << false << inf << "never";
    QTest::addRow("never >1s") << 2 << Op::Greater << 1e9 << true << inf << "never";
}

void tst_ThresholdEvaluator::recovery()
{
    QFETCH(int, which);
    QFETCH(Op, op);
    QFETCH(double, value);
    QFETCH(bool, passed);
    QFETCH(double, actual);
    QFETCH(QString, actualText);
    const RunTimeline &timeline = which == 0 ? fixture().timeline : which == 1 ? fixture().recovered : fixture().notRecovered;
    const ThresholdEvaluator evaluator(fixture().snapshot, timeline);
    const auto result = evaluator.evaluate(makeThreshold(QStringLiteral("recovery.time"), op, value, Unit::Nanoseconds));
    QCOMPARE(result.passed, passed);
    QCOMPARE(result.actual, actual);
    QCOMPARE(result.actualText, actualText);
}

void tst_ThresholdEvaluator::noSamplesFails()
{
    // A latency threshold over a run that measured no latency must not pass silently.
    MetricsSnapshot empty;
    RunTimeline timeline;
    const ThresholdEvaluator evaluator(empty, timeline);
    const auto result = evaluator.evaluate(makeThreshold(QStringLiteral("latency.p99"), Op::Less, 50.0 * ms, Unit::Nanoseconds));
    QVERIFY(!result.hasValue);
    QVERIFY(!result.passed);
    QCOMPARE(result.actualText, QStringLiteral("no samples"));
    // Loss, duplicates and reordering of nothing checked fail too: "lost 0" checked nothing.
    for (const QString &metric : {QStringLiteral("delivery.lost"), QStringLiteral("delivery.duplicated"), QStringLiteral("delivery.outOfOrder")}) {
        for (const Unit unit : {Unit::Number, Unit::Percent}) {
            const auto unchecked = evaluator.evaluate(makeThreshold(metric, Op::Equal, 0, unit));
            QVERIFY(!unchecked.passed);
            QVERIFY(!unchecked.hasValue);
            QVERIFY2(unchecked.actualText.startsWith(QStringLiteral("nothing checked")), qPrintable(unchecked.actualText));
        }
    }
    // One checked delivery is enough to judge.
    MetricsSnapshot checked;
    checked.all.total.checkedByCorrelation = 1;
    QVERIFY(ThresholdEvaluator(checked, timeline).evaluate(makeThreshold(QStringLiteral("delivery.lost"), Op::Equal, 0, Unit::Number)).passed);
    // Other counts of nothing are 0, and 0% of nothing.
    QVERIFY(evaluator.evaluate(makeThreshold(QStringLiteral("errors"), Op::Equal, 0, Unit::Number)).passed);
    const auto percent = evaluator.evaluate(makeThreshold(QStringLiteral("connect.failed"), Op::Less, 1, Unit::Percent));
    QVERIFY(percent.passed);
    QCOMPARE(percent.actualText, QStringLiteral("0%"));
}

void tst_ThresholdEvaluator::mismatchedUnitsFail()
{
    const ThresholdEvaluator evaluator(fixture().snapshot, fixture().timeline);
    const auto check = [&](const QString &metric, Unit unit) {
        const auto result = evaluator.evaluate(makeThreshold(metric, Op::Less, 1e12, unit));
        return !result.passed && !result.hasValue;
    };
    QVERIFY(check(QStringLiteral("latency.p99"), Unit::Number));
    QVERIFY(check(QStringLiteral("latency.p99"), Unit::Percent));
    QVERIFY(check(QStringLiteral("errors"), Unit::Nanoseconds));
    QVERIFY(check(QStringLiteral("errors"), Unit::Percent));          // errors has no % base
    QVERIFY(check(QStringLiteral("connections.peak"), Unit::Percent));
    QVERIFY(check(QStringLiteral("latency.p42"), Unit::Nanoseconds));
    QVERIFY(check(QStringLiteral("no.such.metric"), Unit::Number));
}

void tst_ThresholdEvaluator::messages()
{
    const ThresholdEvaluator evaluator(fixture().snapshot, fixture().timeline);
    Threshold written = makeThreshold(QStringLiteral("latency.max"), Op::Less, 50.0 * ms, Unit::Nanoseconds);
    written.expression = QStringLiteral("< 50ms");
    const auto failed = evaluator.evaluate(written);
    QCOMPARE(failed.message(), QStringLiteral("latency.max was 100ms, expected < 50ms"));
    // Made in code: the condition is rebuilt from op and value.
    const auto built = evaluator.evaluate(makeThreshold(QStringLiteral("connect.failed"), Op::Less, 0.5, Unit::Percent));
    QCOMPARE(built.conditionText(), QStringLiteral("<0.5%"));
    QCOMPARE(built.message(), QStringLiteral("connect.failed was 1%, expected <0.5%"));
    const auto duration = makeThreshold(QStringLiteral("latency.p99"), Op::LessOrEqual, 1.5e9, Unit::Nanoseconds);
    QCOMPARE(evaluator.evaluate(duration).conditionText(), QStringLiteral("<=1.5s"));

    MetricsSnapshot empty;
    const ThresholdEvaluator none(empty, fixture().timeline);
    QCOMPARE(none.evaluate(duration).message(), QStringLiteral("latency.p99: no samples, expected <=1.5s"));
}

void tst_ThresholdEvaluator::abortOnlyWhenDecided()
{
    Threshold lost = makeThreshold(QStringLiteral("delivery.lost"), Op::Equal, 0, Unit::Number);
    Threshold errors = makeThreshold(QStringLiteral("errors"), Op::Less, 100, Unit::Number);
    errors.abortOnFail = true;
    const std::vector<Threshold> thresholds{lost, errors};

    const ThresholdEvaluator evaluator(fixture().snapshot, fixture().timeline);
    // delivery.lost fails but is not abortOnFail; errors holds.
    QCOMPARE(evaluator.evaluateForAbort(thresholds), std::nullopt);

    lost.abortOnFail = true;
    lost.delayAbortEval = std::chrono::seconds(20); // the snapshot is at 10 s
    QCOMPARE(evaluator.evaluateForAbort({lost, errors}), std::nullopt);
    lost.delayAbortEval = std::chrono::seconds(10);
    const auto abort = evaluator.evaluateForAbort({errors, lost});
    QVERIFY(abort.has_value());
    QCOMPARE(abort->threshold.metric, QStringLiteral("delivery.lost"));
    QCOMPARE(abort->actualText, QStringLiteral("50"));

    // No latency samples yet: undecided, no abort.
    MetricsSnapshot early;
    early.elapsedNs = 1000 * ms;
    Threshold latency = makeThreshold(QStringLiteral("latency.p99"), Op::Less, 50.0 * ms, Unit::Nanoseconds);
    latency.abortOnFail = true;
    QCOMPARE(ThresholdEvaluator(early, fixture().timeline).evaluateForAbort({latency}), std::nullopt);

    // Still recovering: the time since the fault is a lower bound, which fails "<" only once it is over.
    Threshold recovery = makeThreshold(QStringLiteral("recovery.time"), Op::Less, 3e9, Unit::Nanoseconds);
    recovery.abortOnFail = true;
    MetricsSnapshot at;
    at.elapsedNs = 7000 * ms; // 2 s after the fault
    QCOMPARE(ThresholdEvaluator(at, fixture().notRecovered).evaluateForAbort({recovery}), std::nullopt);
    at.elapsedNs = 10'000 * ms; // 5 s after the fault
    const auto late = ThresholdEvaluator(at, fixture().notRecovered).evaluateForAbort({recovery});
    QVERIFY(late.has_value());
    QCOMPARE(late->actualText, QStringLiteral("over 5s"));
    // ">" cannot be decided from a lower bound.
    Threshold greater = makeThreshold(QStringLiteral("recovery.time"), Op::Greater, 60e9, Unit::Nanoseconds);
    greater.abortOnFail = true;
    QCOMPARE(ThresholdEvaluator(at, fixture().notRecovered).evaluateForAbort({greater}), std::nullopt);
}

void tst_ThresholdEvaluator::formatting_data()
{
    QTest::addColumn<double>("ns");
    QTest::addColumn<QString>("text");
    QTest::addRow("ns") << 850.0 << "850ns";
    QTest::addRow("us") << 12'500.0 << "12.5us";
    QTest::addRow("ms") << 37'240'000.0 << "37.2ms";
    QTest::addRow("ms 3 digits") << 3'456'000.0 << "3.46ms";
    QTest::addRow("whole ms") << 50'000'000.0 << "50ms";
    QTest::addRow("s") << 1'250'000'000.0 << "1.25s";
    QTest::addRow("long") << 1234e9 << "1234s";
    QTest::addRow("zero") << 0.0 << "0ns";
}

void tst_ThresholdEvaluator::formatting()
{
    QFETCH(double, ns);
    QFETCH(QString, text);
    QCOMPARE(ThresholdEvaluator::formatDurationNs(ns), text);
    QCOMPARE(ThresholdEvaluator::formatNumber(0.4), QStringLiteral("0.4"));
    QCOMPARE(ThresholdEvaluator::formatNumber(0.0123), QStringLiteral("0.0123"));
    QCOMPARE(ThresholdEvaluator::formatNumber(12345), QStringLiteral("12345"));
}

void tst_ThresholdEvaluator::parsedThresholdsIfAvailable()
{
#ifdef SOCKETSCOPE_HAVE_THRESHOLD_PARSE
    QString error;
    const auto parsed = Threshold::parse(QStringLiteral("connect.failed"), QStringLiteral("<1%"), &error);
    QVERIFY2(parsed.has_value(), qPrintable(error));
    const auto result = ThresholdEvaluator(fixture().snapshot, fixture().timeline).evaluate(*parsed);
    QVERIFY(!result.passed);
    QCOMPARE(result.message(), QStringLiteral("connect.failed was 1%, expected <1%"));

    // Every metric the loader accepts is one the evaluator measures, with the same units.
    const ThresholdEvaluator evaluator(fixture().snapshot, fixture().recovered);
    for (const QString &metric : Threshold::metricNames()) {
        const QString expression = Threshold::isDurationMetric(metric) ? QStringLiteral("<1h") : QStringLiteral("<1000000");
        const auto threshold = Threshold::parse(metric, expression, &error);
        QVERIFY2(threshold.has_value(), qPrintable(metric + QStringLiteral(": ") + error));
        const auto measured = evaluator.evaluate(*threshold);
        QVERIFY2(measured.hasValue && measured.passed, qPrintable(measured.message()));
        if (Threshold::acceptsPercent(metric)) {
            const auto percent = Threshold::parse(metric, QStringLiteral("<=100%"), &error);
            QVERIFY2(percent.has_value(), qPrintable(metric + QStringLiteral(": ") + error));
            QVERIFY2(evaluator.evaluate(*percent).passed, qPrintable(evaluator.evaluate(*percent).message()));
        }
    }
#else
    QSKIP("Threshold::parse is not linked into this build yet");
#endif
}

QTEST_GUILESS_MAIN(tst_ThresholdEvaluator)
#include "tst_thresholdevaluator.moc"
