#include "sim/timerqueue.h"

#include "eventloop/epolleventdispatcher.h"
#include "metrics/monotonicclock.h"

#include <QMutex>
#include <QTest>
#include <QThread>

#include <atomic>
#include <functional>
#include <vector>

// TimerQueue on a worker thread with each dispatcher: the epoll one (its microsecond deadlines)
// and Qt's own (a millisecond QTimer). Only what is deterministic is asserted: the order, and
// that nothing runs before its due time. How late a callback runs depends on the machine; the
// lateness is printed, never compared (bench/echolatency measures what it does to latency).
class tst_TimerQueue : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void callbacksRunInDueOrder_data();
    void callbacksRunInDueOrder();
    void earlierEntryRearms_data();
    void earlierEntryRearms();
    void clearDropsEverything_data();
    void clearDropsEverything();
    void epollDeadlineNeverEarly();
    void dueNowFromACallbackDoesNotStarveTheLoop();
    void followsItsOwnerToAnotherThread();

private:
    void addDispatcherRows();
};

namespace {

// A started thread on the chosen dispatcher, with a TimerQueue living in it.
class QueueThread
{
public:
    explicit QueueThread(bool epoll)
    {
        if (epoll)
            m_thread.setEventDispatcher(new EpollEventDispatcher);
        m_thread.start();
        m_queue = new TimerQueue;
        m_queue->moveToThread(&m_thread);
        // Deleted in its thread as it finishes, while the dispatcher still exists.
        QObject::connect(&m_thread, &QThread::finished, m_queue, &QObject::deleteLater);
    }
    ~QueueThread()
    {
        m_thread.quit();
        m_thread.wait();
    }

    TimerQueue &queue() { return *m_queue; }
    QThread &thread() { return m_thread; }
    // Runs `work` in the queue's thread and returns when it has.
    template<typename Work>
    void run(Work work)
    {
        QMetaObject::invokeMethod(m_queue, work, Qt::BlockingQueuedConnection);
    }

private:
    QThread m_thread;
    TimerQueue *m_queue = nullptr;
};

// What ran, when, in which thread; written in the queue's thread, read by the test's.
struct Log
{
    struct Shot
    {
        int tag;
        qint64 dueNs;
        qint64 ranNs;
        QThread *thread;
    };
    mutable QMutex mutex;
    std::vector<Shot> shots;

    std::function<void()> shot(int tag, qint64 dueNs)
    {
        return [this, tag, dueNs] {
            const qint64 now = MonotonicClock::nowNs();
            QMutexLocker lock(&mutex);
            shots.push_back({tag, dueNs, now, QThread::currentThread()});
        };
    }
    int size() const
    {
        QMutexLocker lock(&mutex);
        return int(shots.size());
    }
    std::vector<Shot> copy() const
    {
        QMutexLocker lock(&mutex);
        return shots;
    }
};

QString late(const Log::Shot &shot)
{
    return QStringLiteral("%1 ran %2 us after its due time").arg(shot.tag).arg(double(shot.ranNs - shot.dueNs) / 1e3, 0, 'f', 1);
}

} // namespace

void tst_TimerQueue::addDispatcherRows()
{
    QTest::addColumn<bool>("epoll");
    QTest::addRow("epoll") << true;
    QTest::addRow("qt") << false;
}

void tst_TimerQueue::callbacksRunInDueOrder_data()
{
    addDispatcherRows();
}

void tst_TimerQueue::callbacksRunInDueOrder()
{
    QFETCH(bool, epoll);
    Log log;
    QueueThread worker(epoll);
    // (tag, offset in us): ties run in scheduling order, the past runs first and at once.
    const std::vector<std::pair<int, qint64>> plan = {{5, 3000}, {2, 700}, {3, 700}, {6, 12000}, {0, -1000},
                                                      {4, 1500}, {1, 250}, {7, 12000}};
    worker.run([&] {
        const qint64 now = MonotonicClock::nowNs();
        for (const auto &[tag, offsetUs] : plan)
            worker.queue().schedule(now + offsetUs * 1000, log.shot(tag, now + offsetUs * 1000));
    });
    QTRY_COMPARE(log.size(), int(plan.size()));
    const std::vector<Log::Shot> shots = log.copy();
    for (int i = 0; i < int(shots.size()); ++i) {
        QCOMPARE(shots[size_t(i)].tag, i);
        QVERIFY2(shots[size_t(i)].ranNs >= shots[size_t(i)].dueNs, qPrintable(late(shots[size_t(i)])));
        QCOMPARE(shots[size_t(i)].thread, &worker.thread());
    }
    QTRY_COMPARE(worker.queue().size(), 0);
}

void tst_TimerQueue::earlierEntryRearms_data()
{
    addDispatcherRows();
}

void tst_TimerQueue::earlierEntryRearms()
{
    // Armed for a late entry, then given an earlier one: the earlier one must not wait for it.
    QFETCH(bool, epoll);
    Log log;
    QueueThread worker(epoll);
    worker.run([&] {
        const qint64 now = MonotonicClock::nowNs();
        worker.queue().schedule(now + 200'000'000, log.shot(2, now + 200'000'000));
    });
    worker.run([&] {
        const qint64 now = MonotonicClock::nowNs();
        worker.queue().schedule(now + 500'000, log.shot(1, now + 500'000));
    });
    QTRY_COMPARE(log.size(), 2);
    const std::vector<Log::Shot> shots = log.copy();
    QCOMPARE(shots[0].tag, 1);
    QCOMPARE(shots[1].tag, 2);
    for (const Log::Shot &shot : shots)
        QVERIFY2(shot.ranNs >= shot.dueNs, qPrintable(late(shot)));
}

void tst_TimerQueue::clearDropsEverything_data()
{
    addDispatcherRows();
}

void tst_TimerQueue::clearDropsEverything()
{
    QFETCH(bool, epoll);
    Log log;
    QueueThread worker(epoll);
    qsizetype sizeAfterClear = -1;
    worker.run([&] {
        const qint64 now = MonotonicClock::nowNs();
        for (int i = 0; i < 100; ++i)
            worker.queue().schedule(now + 300'000 + i * 10'000, log.shot(100 + i, 0));
        worker.queue().clear();
        sizeAfterClear = worker.queue().size();
        // Due after every cleared entry: had any survived, it would have run first.
        worker.queue().schedule(now + 5'000'000, log.shot(1, now + 5'000'000));
    });
    QCOMPARE(sizeAfterClear, 0);
    QTRY_COMPARE(log.size(), 1);
    QCOMPARE(log.copy().at(0).tag, 1);
}

void tst_TimerQueue::epollDeadlineNeverEarly()
{
    Log log;
    QueueThread worker(true);
    bool timerIdle = false;
    worker.run([&] {
        const qint64 dueNs = MonotonicClock::nowNs() + 300'000;
        worker.queue().schedule(dueNs, log.shot(1, dueNs));
        // On the epoll dispatcher the queue waits on its deadline, not on its millisecond QTimer.
        timerIdle = !worker.queue().findChild<QTimer *>()->isActive();
    });
    QVERIFY(timerIdle);
    QTRY_COMPARE(log.size(), 1);
    const Log::Shot shot = log.copy().at(0);
    QVERIFY2(shot.ranNs >= shot.dueNs, qPrintable(late(shot)));
    qInfo("%s", qPrintable(late(shot)));
}

void tst_TimerQueue::dueNowFromACallbackDoesNotStarveTheLoop()
{
    // A callback that keeps scheduling itself for "now" runs once per pass of the loop, so events
    // posted to the thread still arrive.
    QueueThread worker(true);
    std::atomic<int> spins{0};
    std::atomic<bool> posted{false};
    std::function<void()> spin = [&] {
        ++spins;
        worker.queue().schedule(MonotonicClock::nowNs(), spin);
    };
    worker.run([&] { worker.queue().schedule(MonotonicClock::nowNs(), spin); });
    QTRY_VERIFY(spins.load() > 10);
    QMetaObject::invokeMethod(&worker.queue(), [&] { posted = true; }, Qt::QueuedConnection);
    QTRY_VERIFY(posted.load());
    worker.run([&] { worker.queue().clear(); });
}

void tst_TimerQueue::followsItsOwnerToAnotherThread()
{
    // Scheduled in this thread (Qt's dispatcher), then moved to an epoll thread before anything is
    // due: everything runs there, in order.
    Log log;
    QThread thread;
    thread.setEventDispatcher(new EpollEventDispatcher);
    thread.start();
    auto *queue = new TimerQueue;
    const qint64 now = MonotonicClock::nowNs();
    queue->schedule(now + 20'000'000, log.shot(1, now + 20'000'000));
    queue->schedule(now + 30'000'000, log.shot(2, now + 30'000'000));
    queue->moveToThread(&thread);
    connect(&thread, &QThread::finished, queue, &QObject::deleteLater);
    QTRY_COMPARE(log.size(), 2);
    const std::vector<Log::Shot> shots = log.copy();
    for (int i = 0; i < 2; ++i) {
        QCOMPARE(shots[size_t(i)].tag, i + 1);
        QCOMPARE(shots[size_t(i)].thread, &thread);
        QVERIFY2(shots[size_t(i)].ranNs >= shots[size_t(i)].dueNs, qPrintable(late(shots[size_t(i)])));
    }
    thread.quit();
    thread.wait();
}

QTEST_GUILESS_MAIN(tst_TimerQueue)
#include "tst_timerqueue.moc"
