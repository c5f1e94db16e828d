#include "metrics/aggregator.h"
#include "metrics/monotonicclock.h"
#include "server/server.h"

#include <QSignalSpy>
#include <QTest>
#include <QThread>
#include <QWebSocket>

#include <atomic>
#include <memory>
#include <thread>

namespace {

constexpr qint64 ms = 1'000'000;

} // namespace

class tst_Aggregator : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void intervalAndCumulativePerGroup();
    void unpublishedIsNotSeen();
    void groupsNamedWithoutSetGroups();
    void removeRecorderKeepsWhatItPublished();
    void loopLagAndCpu();
    void tickNowAndTimer();
    void startForgetsEarlierRuns();
    void concurrentRecordersAddUp();
    void serverStats();
    void snapshotsCrossThreads();
};

void tst_Aggregator::intervalAndCumulativePerGroup()
{
    Recorder first(2);
    Recorder second(2);
    Aggregator aggregator;
    aggregator.setGroups({QStringLiteral("chat"), QStringLiteral("feed")}, {QStringLiteral("ws"), QStringLiteral("sse")});
    aggregator.addRecorder(&first);
    aggregator.addRecorder(&second);
    QSignalSpy spy(&aggregator, &Aggregator::snapshotReady);
    aggregator.start();
    aggregator.stop(); // ticks by hand below
    const qint64 t0 = aggregator.startNs();

    // Tick 0: 15 chat connects (2 attempts failed), 3 feed connects, 5 latency samples.
    first.counters(0).connectAttempts = 12;
    first.counters(0).connectsFirst = 10;
    first.counters(0).connectFailures = 2;
    for (int i = 0; i < 5; ++i)
        first.recordLatency(0, 1 * ms);
    first.recordHandshake(0, 3 * ms);
    first.publish();
    second.counters(0).connectsFirst = 5;
    second.counters(0).connectAttempts = 5;
    second.counters(1).connectsFirst = 3;
    second.counters(1).connectAttempts = 3;
    second.recordLatency(1, 4 * ms);
    second.publish();

    const MetricsSnapshot &s0 = aggregator.tickAt(t0 + 100 * ms);
    QCOMPARE(s0.tick, 0);
    QCOMPARE(s0.elapsedNs, 100 * ms);
    QCOMPARE(s0.intervalNs, 100 * ms);
    QCOMPARE(s0.groups.size(), size_t(2));
    QCOMPARE(s0.groups[0].name, QStringLiteral("chat"));
    QCOMPARE(s0.groups[1].protocol, QStringLiteral("sse"));
    QCOMPARE(s0.all.name, QStringLiteral("all"));
    QCOMPARE(s0.groups[0].interval.connectsFirst, 15u);
    QCOMPARE(s0.groups[0].interval.connectAttempts, 17u);
    QCOMPARE(s0.groups[0].total.connectFailures, 2u);
    QCOMPARE(s0.groups[1].interval.connectsFirst, 3u);
    QCOMPARE(s0.all.interval.connectsFirst, 18u);
    QCOMPARE(s0.all.total.open(), 18);
    QCOMPARE(s0.groups[0].peakOpen, 15);
    QCOMPARE(s0.all.peakOpen, 18);
    QCOMPARE(s0.groups[0].latencyInterval.count(), 5u);
    QCOMPARE(s0.groups[1].latencyInterval.count(), 1u);
    QCOMPARE(s0.all.latencyInterval.count(), 6u);
    QCOMPARE(s0.all.latencyTotal.maxNs(), 4 * ms);
    QCOMPARE(s0.all.handshakeTotal.count(), 1u);
    QCOMPARE(s0.perSecond(s0.all.interval.connectsFirst), 180.0);

    // Tick 1: 6 chat sessions close, 2 feed sessions open: intervals show only that.
    first.counters(0).closes = 6;
    first.publish();
    second.counters(1).connectsFirst = 2;
    second.publish();
    const MetricsSnapshot &s1 = aggregator.tickAt(t0 + 250 * ms);
    QCOMPARE(s1.tick, 1);
    QCOMPARE(s1.elapsedNs, 250 * ms);
    QCOMPARE(s1.intervalNs, 150 * ms);
    QCOMPARE(s1.groups[0].interval.connectsFirst, 0u);
    QCOMPARE(s1.groups[0].interval.closes, 6u);
    QCOMPARE(s1.groups[0].total.connectsFirst, 15u);
    QCOMPARE(s1.groups[0].total.open(), 9);
    QCOMPARE(s1.groups[0].peakOpen, 15);          // kept from tick 0
    QCOMPARE(s1.groups[1].total.open(), 5);
    QCOMPARE(s1.groups[1].peakOpen, 5);
    QCOMPARE(s1.all.total.open(), 14);
    QCOMPARE(s1.all.peakOpen, 18);
    QCOMPARE(s1.all.latencyInterval.count(), 0u);
    QCOMPARE(s1.all.latencyTotal.count(), 6u);

    // Tick 2: nothing published: zero intervals, totals unchanged.
    const MetricsSnapshot &s2 = aggregator.tickAt(t0 + 350 * ms);
    QCOMPARE(s2.all.interval, ClientCounters{});
    QCOMPARE(s2.all.total.connectsFirst, 20u);
    QCOMPARE(s2.all.total.closes, 6u);

    QCOMPARE(spy.count(), 3);
    QCOMPARE(spy.last().at(0).value<MetricsSnapshot>().all.total.connectsFirst, 20u);
    QCOMPARE(aggregator.latest().tick, 2);
    QCOMPARE(aggregator.timeline().points().size(), size_t(3));
    QCOMPARE(aggregator.timeline().points()[0].connects, 18u);
    QCOMPARE(aggregator.timeline().points()[1].open, 14);
    QCOMPARE(aggregator.groupTimelines().size(), size_t(2));
    QCOMPARE(aggregator.groupTimelines()[0].points()[1].closed, 6u);
}

void tst_Aggregator::unpublishedIsNotSeen()
{
    Recorder recorder(1);
    Aggregator aggregator;
    aggregator.addRecorder(&recorder);
    aggregator.start();
    aggregator.stop();
    recorder.counters(0).messagesSent = 7;
    QCOMPARE(aggregator.tickAt(aggregator.startNs() + 100 * ms).all.total.messagesSent, 0u);
    recorder.publish();
    QCOMPARE(aggregator.tickAt(aggregator.startNs() + 200 * ms).all.interval.messagesSent, 7u);
}

void tst_Aggregator::groupsNamedWithoutSetGroups()
{
    Recorder recorder(3);
    Aggregator aggregator;
    aggregator.addRecorder(&recorder);
    recorder.counters(2).reconnects = 4;
    recorder.publish();
    const MetricsSnapshot &s = aggregator.tickNow();
    QCOMPARE(s.groups.size(), size_t(3));
    QCOMPARE(s.groups[2].name, QStringLiteral("group-3"));
    QCOMPARE(s.groups[2].interval.reconnects, 4u);
    QCOMPARE(s.all.total.reconnects, 4u);
}

void tst_Aggregator::removeRecorderKeepsWhatItPublished()
{
    auto recorder = std::make_unique<Recorder>(1);
    Aggregator aggregator;
    aggregator.addRecorder(recorder.get());
    aggregator.start();
    aggregator.stop();
    recorder->counters(0).messagesReceived = 9;
    recorder->recordLatency(0, 2 * ms);
    recorder->publish();
    aggregator.removeRecorder(recorder.get());
    recorder.reset(); // the pool is gone before the next tick
    const MetricsSnapshot &s = aggregator.tickAt(aggregator.startNs() + 100 * ms);
    QCOMPARE(s.all.interval.messagesReceived, 9u);
    QCOMPARE(s.all.latencyTotal.count(), 1u);
    QVERIFY(s.loopLagMs.empty());
}

void tst_Aggregator::loopLagAndCpu()
{
    Recorder first(1);
    Recorder second(1);
    Aggregator aggregator;
    aggregator.addRecorder(&first);
    aggregator.addRecorder(&second);
    first.setLoopLagNs(2'500'000);
    second.setLoopLagNs(0);
    const qint64 cpuBeforeStart = ProcessCpu::cpuTimeNs();
    aggregator.start();
    aggregator.stop();
    // Burn 30 ms of CPU time (not wall time: a loaded machine may give this thread little of it).
    const qint64 cpuAtStart = ProcessCpu::cpuTimeNs();
    volatile quint64 spin = 0;
    while (ProcessCpu::cpuTimeNs() - cpuAtStart < 30 * ms)
        spin = spin + 1;
    const MetricsSnapshot &s = aggregator.tickNow();
    const qint64 cpuAfterTick = ProcessCpu::cpuTimeNs();
    QCOMPARE(s.loopLagMs.size(), size_t(2));
    QCOMPARE(s.loopLagMs[0], 2.5);
    QCOMPARE(s.loopLagMs[1], 0.0);
    // The percentage over the interval accounts for the CPU time burnt, and no more than was used.
    const double reportedCpuNs = s.cpuPercent / 100.0 * double(s.intervalNs);
    QVERIFY2(reportedCpuNs >= 30.0 * ms * 0.999, qPrintable(QString::number(reportedCpuNs)));
    QVERIFY2(reportedCpuNs <= double(cpuAfterTick - cpuBeforeStart) * 1.001, qPrintable(QString::number(reportedCpuNs)));
    QVERIFY(!s.hasServer);
    QCOMPARE(ProcessCpu::percent(50 * ms, 100 * ms), 50.0);
    QCOMPARE(ProcessCpu::percent(1, 0), 0.0);
}

void tst_Aggregator::tickNowAndTimer()
{
    Recorder recorder(1);
    Aggregator aggregator;
    aggregator.addRecorder(&recorder);
    QSignalSpy spy(&aggregator, &Aggregator::snapshotReady);
    aggregator.start();
    QVERIFY(aggregator.isRunning());
    recorder.counters(0).messagesSent = 1;
    recorder.publish();
    const MetricsSnapshot &now = aggregator.tickNow();
    QCOMPARE(now.all.total.messagesSent, 1u);
    QVERIFY(now.elapsedNs >= 0);
    QCOMPARE(spy.count(), 1);

    // The timer ticks on its own every 100 ms.
    QTRY_VERIFY_WITH_TIMEOUT(spy.count() >= 4, 5000);
    aggregator.stop();
    QVERIFY(!aggregator.isRunning());
    for (qsizetype i = 1; i < spy.count(); ++i) {
        const auto snapshot = spy.at(i).at(0).value<MetricsSnapshot>();
        QCOMPARE(snapshot.tick, int(i));
        QVERIFY(snapshot.intervalNs > 0);
        QCOMPARE(snapshot.all.total.messagesSent, 1u);
    }
    // The final tick after stop() still works.
    const int ticks = int(spy.count());
    aggregator.tickNow();
    QCOMPARE(spy.count(), ticks + 1);
}

void tst_Aggregator::startForgetsEarlierRuns()
{
    Recorder recorder(1);
    Aggregator aggregator;
    aggregator.addRecorder(&recorder);
    aggregator.start();
    aggregator.stop();
    recorder.counters(0).connectsFirst = 3;
    recorder.publish();
    aggregator.tickNow();
    aggregator.markEvent(QStringLiteral("restart"), TimelineEvent::Kind::ConnectionFault);
    QCOMPARE(aggregator.timeline().events().size(), size_t(1));

    aggregator.start();
    aggregator.stop();
    QVERIFY(aggregator.timeline().isEmpty());
    QVERIFY(aggregator.timeline().events().empty());
    const MetricsSnapshot &s = aggregator.tickNow();
    QCOMPARE(s.tick, 0);
    QCOMPARE(s.all.total.connectsFirst, 0u);
    QCOMPARE(s.all.peakOpen, 0);
    QCOMPARE(s.groups.size(), size_t(1));
}

void tst_Aggregator::concurrentRecordersAddUp()
{
    // Pool threads record and publish while the aggregator ticks: the last snapshot has it all.
    constexpr int threadCount = 3;
    constexpr int perThread = 50000;
    std::vector<std::unique_ptr<Recorder>> recorders;
    Aggregator aggregator;
    for (int t = 0; t < threadCount; ++t) {
        recorders.push_back(std::make_unique<Recorder>(2));
        aggregator.addRecorder(recorders.back().get());
    }
    aggregator.start();
    aggregator.stop();
    std::atomic<int> running{threadCount};
    std::vector<std::thread> threads;
    for (int t = 0; t < threadCount; ++t) {
        threads.emplace_back([&, t] {
            Recorder &recorder = *recorders[size_t(t)];
            for (int i = 0; i < perThread; ++i) {
                ++recorder.counters(i % 2).messagesReceived;
                recorder.recordLatency(i % 2, 1000 + i);
                if (i % 500 == 0)
                    recorder.publish();
            }
            recorder.publish();
            running.fetch_sub(1);
        });
    }
    quint64 sumOfIntervals = 0;
    while (running.load() > 0)
        sumOfIntervals += aggregator.tickNow().all.interval.messagesReceived;
    for (std::thread &thread : threads)
        thread.join();
    const MetricsSnapshot &last = aggregator.tickNow();
    sumOfIntervals += last.all.interval.messagesReceived;
    QCOMPARE(last.all.total.messagesReceived, quint64(threadCount) * perThread);
    QCOMPARE(sumOfIntervals, quint64(threadCount) * perThread);
    QCOMPARE(last.all.latencyTotal.count(), quint64(threadCount) * perThread);
    QCOMPARE(last.groups[0].total.messagesReceived + last.groups[1].total.messagesReceived,
             quint64(threadCount) * perThread);
}

void tst_Aggregator::serverStats()
{
    ServerConfig config;
    config.port = 0;
    config.workers = 1;
    Server server(config);
    QVERIFY2(server.start(), qPrintable(server.errorString()));
    Aggregator aggregator;
    aggregator.start();
    aggregator.stop();
    QVERIFY(!aggregator.tickNow().hasServer);
    aggregator.setServer(&server);
    QVERIFY(aggregator.tickNow().hasServer);
    QCOMPARE(aggregator.latest().serverOpen, 0);

    QWebSocket client;
    client.open(QUrl(QStringLiteral("ws://127.0.0.1:%1/ws").arg(server.port())));
    QTRY_COMPARE(aggregator.tickNow().serverOpen, 1);
    QTRY_COMPARE(client.state(), QAbstractSocket::ConnectedState);
    client.close();
    QTRY_COMPARE(aggregator.tickNow().serverOpen, 0);
    server.stopAndWait();
}

void tst_Aggregator::snapshotsCrossThreads()
{
    // The Runner's thread owns the aggregator; the GUI thread receives plain snapshots, queued.
    QThread thread;
    auto *aggregator = new Aggregator;
    Recorder recorder(1);
    aggregator->addRecorder(&recorder);
    aggregator->moveToThread(&thread);
    connect(&thread, &QThread::finished, aggregator, &QObject::deleteLater);
    std::vector<MetricsSnapshot> received;
    connect(aggregator, &Aggregator::snapshotReady, this,
            [&received](const MetricsSnapshot &snapshot) { received.push_back(snapshot); }, Qt::QueuedConnection);
    thread.start();
    recorder.counters(0).messagesSent = 3;
    recorder.publish();
    QMetaObject::invokeMethod(aggregator, &Aggregator::start);
    QTRY_VERIFY(received.size() >= 3);
    QMetaObject::invokeMethod(aggregator, &Aggregator::stop, Qt::BlockingQueuedConnection);
    thread.quit();
    QVERIFY(thread.wait(5000));
    QCOMPARE(received.back().all.total.messagesSent, 3u);
    for (size_t i = 1; i < received.size(); ++i)
        QCOMPARE(received[i].tick, received[i - 1].tick + 1);
}

QTEST_GUILESS_MAIN(tst_Aggregator)
#include "tst_aggregator.moc"
