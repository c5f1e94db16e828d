#include "metrics/metricssnapshot.h"
#include "metrics/runtimeline.h"

#include <QTest>

namespace {

constexpr qint64 ms = 1'000'000;

TimelinePoint point(qint64 elapsedNs, qint64 open, quint64 connects = 0)
{
    TimelinePoint p;
    p.elapsedNs = elapsedNs;
    p.intervalNs = 100 * ms;
    p.open = open;
    p.connects = connects;
    return p;
}

// 100 ms ticks 1..n with `open` steady at `open`.
void steady(RunTimeline &timeline, int firstTick, int lastTick, qint64 open)
{
    for (int i = firstTick; i <= lastTick; ++i)
        timeline.append(point(i * 100 * ms, open));
}

} // namespace

class tst_RunTimeline : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void peakConnectsPerSecond_data();
    void peakConnectsPerSecond();
    void secondsSumTheTicks();
    void secondsFillGapsAndUseAllLatencySamples();
    void appendFromGroupMetrics();
    void recoveryAfterAFault();
    void recoveryIgnoresAStaleTickRightAfterTheFault();
    void neverRecovered();
    void faultThatCutNothing();
    void lastConnectionFault();
};

void tst_RunTimeline::peakConnectsPerSecond_data()
{
    QTest::addColumn<qint64>("jitterNs");
    QTest::addRow("exact ticks") << qint64(0);
    QTest::addRow("late ticks") << qint64(3 * ms);
}

void tst_RunTimeline::peakConnectsPerSecond()
{
    QFETCH(qint64, jitterNs);
    // 5 s of ticks; ticks 11-15 open 30 sessions each, ticks 16-25 open 10 each. The busiest
    // second is ticks 11-20: 5 * 30 + 5 * 10 = 200 (any other 10 ticks have less).
    RunTimeline timeline;
    for (int i = 1; i <= 50; ++i) {
        quint64 connects = 0;
        if (i >= 11 && i <= 15)
            connects = 30;
        else if (i >= 16 && i <= 25)
            connects = 10;
        // Timer ticks arrive a little late, by a varying amount; each covers the time since the last.
        TimelinePoint p = point(i * 100 * ms + (i % 3) * jitterNs, 0, connects);
        p.intervalNs = p.elapsedNs - timeline.elapsedNs();
        timeline.append(p);
    }
    QCOMPARE(timeline.peakConnectsPerSecond(), 200u);

    // One burst in a single tick is the peak, whatever surrounds it.
    RunTimeline burst;
    for (int i = 1; i <= 30; ++i)
        burst.append(point(i * 100 * ms, 0, i == 17 ? 500 : 1));
    QCOMPARE(burst.peakConnectsPerSecond(), 509u);

    QCOMPARE(RunTimeline().peakConnectsPerSecond(), 0u);
}

void tst_RunTimeline::secondsSumTheTicks()
{
    RunTimeline timeline;
    quint64 connects = 0;
    // 2.5 s: rows for seconds 1, 2 and a partial 3.
    for (int i = 1; i <= 25; ++i) {
        TimelinePoint p = point(i * 100 * ms, i, quint64(i));
        p.closed = 1;
        p.messagesSent = 10;
        p.cpuPercent = i <= 10 ? 50 : 100;
        connects += p.connects;
        timeline.append(p);
    }
    const auto rows = timeline.seconds();
    QCOMPARE(rows.size(), size_t(3));
    QCOMPARE(rows[0].second, 1);
    QCOMPARE(rows[0].connects, 55u);       // 1 + ... + 10
    QCOMPARE(rows[0].open, 10);            // at the end of the second
    QCOMPARE(rows[0].closed, 10u);
    QCOMPARE(rows[0].messagesSent, 100u);
    QCOMPARE(rows[0].cpuPercent, 50.0);
    QCOMPARE(rows[1].connects, 155u);      // 11 + ... + 20
    QCOMPARE(rows[1].cpuPercent, 100.0);
    QCOMPARE(rows[2].second, 3);
    QCOMPARE(rows[2].open, 25);
    QCOMPARE(rows[2].peakOpen, 25);
    QCOMPARE(rows[0].connects + rows[1].connects + rows[2].connects, connects);
    QCOMPARE(timeline.elapsedNs(), 2500 * ms);
}

void tst_RunTimeline::secondsFillGapsAndUseAllLatencySamples()
{
    RunTimeline timeline;
    LatencyHistogram fast;
    for (int i = 0; i < 99; ++i)
        fast.record(1 * ms);
    LatencyHistogram slow;
    slow.record(80 * ms);
    // Second 1: two ticks whose samples together put the p99 at 1 ms and the max at 80 ms.
    timeline.append(point(500 * ms, 4), &fast);
    timeline.append(point(1000 * ms, 5), &slow);
    // Nothing for seconds 2 and 3 (a stalled aggregator), then second 4.
    timeline.append(point(3900 * ms, 6, 2));
    const auto rows = timeline.seconds();
    QCOMPARE(rows.size(), size_t(4));
    QCOMPARE(rows[0].latencyCount, 100u);
    QVERIFY(qAbs(rows[0].latencyP99Ns - 1 * ms) <= 1 * ms / 200);
    QVERIFY(qAbs(rows[0].latencyMaxNs - 80 * ms) <= 80 * ms / 200);
    QCOMPARE(rows[1].second, 2);
    QCOMPARE(rows[1].open, 5);
    QCOMPARE(rows[1].connects, 0u);
    QCOMPARE(rows[1].latencyCount, 0u);
    QCOMPARE(rows[2].second, 3);
    QCOMPARE(rows[3].second, 4);
    QCOMPARE(rows[3].open, 6);
    QCOMPARE(rows[3].connects, 2u);
}

void tst_RunTimeline::appendFromGroupMetrics()
{
    auto metrics = std::make_unique<GroupMetrics>();
    metrics->total.connectsFirst = 40;
    metrics->total.reconnects = 10;
    metrics->total.closes = 5;
    metrics->interval.connectsFirst = 4;
    metrics->interval.reconnects = 3;
    metrics->interval.connectFailures = 2;
    metrics->interval.messagesReceived = 7;
    metrics->interval.lost = 1;
    metrics->latencyInterval.record(200);
    RunTimeline timeline;
    timeline.append(100 * ms, 100 * ms, *metrics, 12.5);
    const TimelinePoint &p = timeline.points().front();
    QCOMPARE(p.open, 45);
    QCOMPARE(p.connects, 7u);
    QCOMPARE(p.reconnects, 3u);
    QCOMPARE(p.failed, 2u);
    QCOMPARE(p.messagesReceived, 7u);
    QCOMPARE(p.lost, 1u);
    QCOMPARE(p.latencyP50Ns, 200);
    QCOMPARE(p.cpuPercent, 12.5);
    QCOMPARE(timeline.seconds().front().latencyCount, 1u);
}

void tst_RunTimeline::recoveryAfterAFault()
{
    // 100 open until a restart at 5.0 s; the next tick shows 0, then 20 more per tick.
    RunTimeline timeline;
    steady(timeline, 1, 50, 100);
    timeline.markEvent(5000 * ms, QStringLiteral("restart"), TimelineEvent::Kind::ConnectionFault);
    timeline.append(point(5100 * ms, 0));
    for (int i = 2; i <= 6; ++i)
        timeline.append(point((5000 + i * 100) * ms, (i - 1) * 20)); // 20 at 5.2 s ... 100 at 5.6 s
    steady(timeline, 57, 70, 100);
    QCOMPARE(timeline.recoveryTimeAfter(5000 * ms), std::optional<qint64>(600 * ms));
    // A fault between ticks compares with the tick before it.
    QCOMPARE(timeline.recoveryTimeAfter(5050 * ms), std::optional<qint64>(550 * ms));
}

void tst_RunTimeline::recoveryIgnoresAStaleTickRightAfterTheFault()
{
    // The tick right after the fault still shows the old count (the clients had not published yet).
    RunTimeline timeline;
    steady(timeline, 1, 50, 100);
    timeline.append(point(5100 * ms, 100));
    timeline.append(point(5200 * ms, 10));
    timeline.append(point(5300 * ms, 60));
    timeline.append(point(5400 * ms, 101));
    QCOMPARE(timeline.recoveryTimeAfter(5000 * ms), std::optional<qint64>(400 * ms));
}

void tst_RunTimeline::neverRecovered()
{
    RunTimeline timeline;
    steady(timeline, 1, 50, 100);
    steady(timeline, 51, 100, 99); // one client never came back
    QCOMPARE(timeline.recoveryTimeAfter(5000 * ms), std::nullopt);
}

void tst_RunTimeline::faultThatCutNothing()
{
    RunTimeline timeline;
    steady(timeline, 1, 100, 100);
    QCOMPARE(timeline.recoveryTimeAfter(5000 * ms), std::optional<qint64>(0));
    // A drop long after the fault (beyond faultEffectWindow, e.g. a ramp-down) is not its doing.
    steady(timeline, 101, 120, 0);
    QCOMPARE(timeline.recoveryTimeAfter(5000 * ms), std::optional<qint64>(0));
    // Nothing open before the fault: nothing to recover.
    RunTimeline empty;
    steady(empty, 1, 10, 0);
    QCOMPARE(empty.recoveryTimeAfter(500 * ms), std::optional<qint64>(0));
}

void tst_RunTimeline::lastConnectionFault()
{
    RunTimeline timeline;
    QCOMPARE(timeline.lastConnectionFaultNs(), std::nullopt);
    timeline.markEvent(1000 * ms, QStringLiteral("restart"), TimelineEvent::Kind::ConnectionFault);
    timeline.markEvent(2000 * ms, QStringLiteral("dropConnections 50%"), TimelineEvent::Kind::ConnectionFault);
    timeline.markEvent(3000 * ms, QStringLiteral("latency 200ms"));
    QCOMPARE(timeline.lastConnectionFaultNs(), std::optional<qint64>(2000 * ms));
    QCOMPARE(timeline.events().size(), size_t(3));
    QCOMPARE(timeline.events().back().text, QStringLiteral("latency 200ms"));
    timeline.clear();
    QVERIFY(timeline.events().empty());
}

QTEST_GUILESS_MAIN(tst_RunTimeline)
#include "tst_runtimeline.moc"
