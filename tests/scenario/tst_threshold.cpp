#include "scenario/threshold.h"

#include <QTest>

class tst_Threshold : public QObject
{
    Q_OBJECT

private slots:
    void parsesValidConditions_data();
    void parsesValidConditions();
    void rejectsInvalidConditions_data();
    void rejectsInvalidConditions();
    void metricTable();
    void opTextRoundTrips();
};

void tst_Threshold::parsesValidConditions_data()
{
    QTest::addColumn<QString>("metric");
    QTest::addColumn<QString>("expression");
    QTest::addColumn<int>("op");
    QTest::addColumn<double>("value");
    QTest::addColumn<int>("unit");

    using Op = Threshold::Op;
    using Unit = Threshold::Unit;
    QTest::addRow("latency ms") << "latency.p99" << "<50ms" << int(Op::Less) << 50e6 << int(Unit::Nanoseconds);
    QTest::addRow("latency p99.9 decimal s") << "latency.p99.9" << "<= 1.5s" << int(Op::LessOrEqual) << 1.5e9 << int(Unit::Nanoseconds);
    QTest::addRow("latency us") << "latency.p50" << "<250us" << int(Op::Less) << 250e3 << int(Unit::Nanoseconds);
    QTest::addRow("recovery minutes") << "recovery.time" << "<2m" << int(Op::Less) << 120e9 << int(Unit::Nanoseconds);
    QTest::addRow("handshake hours") << "handshake.max" << ">0h" << int(Op::Greater) << 0.0 << int(Unit::Nanoseconds);
    QTest::addRow("percent") << "connect.failed" << "<=1%" << int(Op::LessOrEqual) << 1.0 << int(Unit::Percent);
    QTest::addRow("percent with spaces") << "delivery.lost" << " >= 99.5% " << int(Op::GreaterOrEqual) << 99.5 << int(Unit::Percent);
    QTest::addRow("count equal") << "delivery.lost" << "==0" << int(Op::Equal) << 0.0 << int(Unit::Number);
    QTest::addRow("count not equal") << "reconnects" << "!=3" << int(Op::NotEqual) << 3.0 << int(Unit::Number);
    QTest::addRow("rate") << "connects.peakPerSecond" << "<500" << int(Op::Less) << 500.0 << int(Unit::Number);
    QTest::addRow("greater") << "delivery.received" << ">1000" << int(Op::Greater) << 1000.0 << int(Unit::Number);
}

void tst_Threshold::parsesValidConditions()
{
    QFETCH(QString, metric);
    QFETCH(QString, expression);
    QFETCH(int, op);
    QFETCH(double, value);
    QFETCH(int, unit);

    QString error;
    const std::optional<Threshold> threshold = Threshold::parse(metric, expression, &error);
    QVERIFY2(threshold, qPrintable(error));
    QVERIFY(error.isEmpty());
    QCOMPARE(threshold->metric, metric);
    QCOMPARE(int(threshold->op), op);
    QCOMPARE(threshold->value, value);
    QCOMPARE(int(threshold->unit), unit);
    QCOMPARE(threshold->expression, expression.trimmed());
    QVERIFY(!threshold->abortOnFail);
}

void tst_Threshold::rejectsInvalidConditions_data()
{
    QTest::addColumn<QString>("metric");
    QTest::addColumn<QString>("expression");
    QTest::addColumn<QString>("expected");

    const QString latency = QStringLiteral("a condition with a duration such as \"<50ms\" (latency.p99 is a duration)");
    const QString count = QStringLiteral("a condition with a number such as \"<=100\" (reconnects is a count, no unit)");
    const QString percent = QStringLiteral("a condition with a number or a percentage such as \"==0\" or \"<1%\"");
    QTest::addRow("duration without unit") << "latency.p99" << "<50" << latency;
    QTest::addRow("percent on a duration") << "latency.p99" << "<1%" << latency;
    QTest::addRow("unknown duration unit") << "latency.p99" << "<50sec" << latency;
    QTest::addRow("operator only") << "latency.p99" << "<" << latency;
    QTest::addRow("no operator") << "delivery.lost" << "0" << percent + QStringLiteral(", starting with an operator (<, <=, >, >=, ==, !=)");
    QTest::addRow("reversed operator") << "latency.p99" << "=<5ms" << latency + QStringLiteral(", starting with an operator (<, <=, >, >=, ==, !=)");
    QTest::addRow("empty") << "reconnects" << "" << count + QStringLiteral(", starting with an operator (<, <=, >, >=, ==, !=)");
    QTest::addRow("percent on a count") << "reconnects" << "<5%" << count;
    QTest::addRow("duration on a count") << "reconnects" << "<5ms" << count;
    QTest::addRow("duration on a percent metric") << "connect.failed" << "<5ms" << percent;
    QTest::addRow("negative number") << "connect.failed" << "<-1" << percent;
    QTest::addRow("two decimal points") << "delivery.lost" << "<1.2.3" << percent;
    QTest::addRow("over 100 percent") << "connect.failed" << "<101%" << "a percentage from 0 to 100";
    QTest::addRow("unknown metric") << "latency.p98" << "<5ms"
                                    << QStringLiteral("a metric name (one of: %1)").arg(Threshold::metricNames().join(QStringLiteral(", ")));
}

void tst_Threshold::rejectsInvalidConditions()
{
    QFETCH(QString, metric);
    QFETCH(QString, expression);
    QFETCH(QString, expected);

    QString error;
    QVERIFY(!Threshold::parse(metric, expression, &error));
    QCOMPARE(error, expected);
    QVERIFY(!Threshold::parse(metric, expression, nullptr)); // no error text wanted: no crash
}

void tst_Threshold::metricTable()
{
    // docs/scenarios.md, "Thresholds".
    QStringList names = Threshold::metricNames();
    // Six latency kinds of six statistics each, four handshake statistics, recovery.time and 15 counts.
    QCOMPARE(names.size(), 6 * 6 + 4 + 1 + 15);
    QCOMPARE(names.removeDuplicates(), 0);
    for (const char *name : {"latency.p50", "latency.p90", "latency.p99", "latency.p99.9", "latency.max", "latency.mean",
                             "handshake.p50", "handshake.p90", "handshake.p99", "handshake.max", "recovery.time",
                             "rtt.p50", "rtt.p99.9", "serverLatency.mean", "stream.firstEvent.p99", "stream.gap.max",
                             "stream.duration.p50"}) {
        QVERIFY2(names.contains(QLatin1String(name)), name);
        QVERIFY2(Threshold::isDurationMetric(QLatin1String(name)), name);
        QVERIFY2(!Threshold::acceptsPercent(QLatin1String(name)), name);
    }
    for (const char *name : {"connect.failed", "delivery.lost", "delivery.duplicated", "delivery.outOfOrder"}) {
        QVERIFY2(names.contains(QLatin1String(name)), name);
        QVERIFY2(!Threshold::isDurationMetric(QLatin1String(name)), name);
        QVERIFY2(Threshold::acceptsPercent(QLatin1String(name)), name);
    }
    for (const char *name : {"connect.attempts", "connections.peak", "reconnects", "connects.peakPerSecond",
                             "delivery.received", "delivery.resets", "messages.sent", "errors", "delivery.other",
                             "stream.count", "stream.events"}) {
        QVERIFY2(names.contains(QLatin1String(name)), name);
        QVERIFY2(!Threshold::isDurationMetric(QLatin1String(name)), name);
        QVERIFY2(!Threshold::acceptsPercent(QLatin1String(name)), name);
    }
    QVERIFY(!Threshold::isDurationMetric(QStringLiteral("latency.p98")));
}

void tst_Threshold::opTextRoundTrips()
{
    using Op = Threshold::Op;
    for (Op op : {Op::Less, Op::LessOrEqual, Op::Greater, Op::GreaterOrEqual, Op::Equal, Op::NotEqual}) {
        const QString text = Threshold::opText(op);
        QVERIFY(!text.isEmpty());
        const auto parsed = Threshold::parse(QStringLiteral("errors"), text + QStringLiteral("1"), nullptr);
        QVERIFY(parsed);
        QCOMPARE(int(parsed->op), int(op));
    }
}

QTEST_GUILESS_MAIN(tst_Threshold)
#include "tst_threshold.moc"
