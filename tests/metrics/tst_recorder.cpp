#include "metrics/recorder.h"

#include <QTest>

#include <atomic>
#include <memory>
#include <thread>
#include <vector>

namespace {

constexpr int groupCount = 3;

// The latency a thread records for its i-th message: spread over several buckets and threads.
qint64 latencyFor(int thread, int i)
{
    return 1000 + qint64(i % 997) * 1013 + thread * 7;
}

// What one thread records for message i, applied to any ClientCounters.
void count(ClientCounters &c, int i)
{
    ++c.messagesReceived;
    c.bytesReceived += 64 + quint64(i % 5);
    if (i % 10 == 0) {
        ++c.connectAttempts;
        ++c.connectsFirst;
    }
    if (i % 50 == 0)
        ++c.closes;
    if (i % 333 == 0)
        ++c.lost;
}

} // namespace

class tst_Recorder : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void nothingBeforePublish();
    void takeAddsAndEmptiesTheMailbox();
    void concurrentPublishAndTakeLoseNothing();
};

void tst_Recorder::nothingBeforePublish()
{
    Recorder recorder(1);
    recorder.counters(0).messagesSent = 5;
    recorder.recordLatency(0, 1234);
    std::vector<RecorderInterval> taken;
    recorder.take(taken);
    QVERIFY(taken.empty() || (taken[0].counters == ClientCounters{} && taken[0].latency.count() == 0));

    recorder.publish();
    recorder.take(taken);
    QCOMPARE(taken.size(), size_t(1));
    QCOMPARE(taken[0].counters.messagesSent, 5u);
    QCOMPARE(taken[0].latency.count(), 1u);
}

void tst_Recorder::takeAddsAndEmptiesTheMailbox()
{
    Recorder recorder(2);
    recorder.counters(1).reconnects = 2;
    recorder.publish();
    recorder.counters(1).reconnects = 3; // recorded after the first publish: a fresh interval
    recorder.recordHandshake(1, 500);
    recorder.publish();

    std::vector<RecorderInterval> taken(2);
    taken[1].counters.reconnects = 10; // take() adds to what is there
    recorder.take(taken);
    QCOMPARE(taken[1].counters.reconnects, 15u);
    QCOMPARE(taken[1].handshake.count(), 1u);
    QCOMPARE(taken[0].counters, ClientCounters{});

    std::vector<RecorderInterval> again(2);
    recorder.take(again);
    QCOMPARE(again[1].counters, ClientCounters{});
    QCOMPARE(again[1].handshake.count(), 0u);
}

void tst_Recorder::concurrentPublishAndTakeLoseNothing()
{
    constexpr int threadCount = 4;
    constexpr int perThread = 200000;
    std::vector<std::unique_ptr<Recorder>> recorders;
    for (int t = 0; t < threadCount; ++t)
        recorders.push_back(std::make_unique<Recorder>(groupCount));

    std::atomic<int> running{threadCount};
    std::atomic<int> takes{0};
    std::vector<std::thread> threads;
    for (int t = 0; t < threadCount; ++t) {
        threads.emplace_back([&, t] {
            Recorder &recorder = *recorders[size_t(t)];
            for (int i = 0; i < perThread; ++i) {
                const int group = (i + t) % groupCount;
                count(recorder.counters(group), i);
                recorder.recordLatency(group, latencyFor(t, i));
                if (i % 10 == 0)
                    recorder.recordHandshake(group, latencyFor(t, i) * 3);
                // Publish often and at uneven points, so takes land in between.
                if (i % (97 + t) == 0)
                    recorder.publish();
                // Halfway, make sure the taker has been at work while this thread records
                // (a loaded machine could otherwise run the threads to the end before it starts).
                if (i == perThread / 2) {
                    while (takes.load() < 2)
                        std::this_thread::yield();
                }
            }
            recorder.publish();
            running.fetch_sub(1);
        });
    }

    // The aggregator's side: take from every recorder while the threads are still recording.
    std::vector<RecorderInterval> taken(groupCount);
    while (running.load() > 0) {
        for (auto &recorder : recorders)
            recorder->take(taken);
        takes.fetch_add(1);
    }
    for (std::thread &thread : threads)
        thread.join();
    for (auto &recorder : recorders)
        recorder->take(taken);
    QVERIFY(takes.load() >= 2);

    // The same records, single-threaded.
    std::vector<RecorderInterval> expected(groupCount);
    for (int t = 0; t < threadCount; ++t) {
        for (int i = 0; i < perThread; ++i) {
            const int group = (i + t) % groupCount;
            count(expected[size_t(group)].counters, i);
            expected[size_t(group)].latency.record(latencyFor(t, i));
            if (i % 10 == 0)
                expected[size_t(group)].handshake.record(latencyFor(t, i) * 3);
        }
    }
    quint64 received = 0;
    for (int g = 0; g < groupCount; ++g) {
        QCOMPARE(taken[size_t(g)].counters, expected[size_t(g)].counters);
        QVERIFY(taken[size_t(g)].latency == expected[size_t(g)].latency);
        QVERIFY(taken[size_t(g)].handshake == expected[size_t(g)].handshake);
        received += taken[size_t(g)].counters.messagesReceived;
    }
    QCOMPARE(received, quint64(threadCount) * perThread);
}

QTEST_GUILESS_MAIN(tst_Recorder)
#include "tst_recorder.moc"
