#include "server/timerwheel.h"

#include <QTest>

#include <functional>
#include <memory>
#include <vector>

using namespace std::chrono_literals;

namespace {

constexpr qint64 ms = 1'000'000;

// A timer that records when it fired and runs an optional action from inside its expiry.
class RecordingTimer : public TimerWheel::Timer
{
public:
    ~RecordingTimer() override = default;
    std::vector<qint64> firedAt;
    std::function<void(qint64)> onExpired;

protected:
    void timerExpired(qint64 nowNs) override
    {
        firedAt.push_back(nowNs);
        if (onExpired)
            onExpired(nowNs);
    }
};

} // namespace

class tst_TimerWheel : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void firesAtOrAfterItsDeadline_data();
    void firesAtOrAfterItsDeadline();
    void laterRoundsShareASlotWithoutFiringEarly();
    void rescheduleMovesAndCancelRemoves();
    void pastDeadlineFiresOnNextAdvance();
    void expiryMayDeleteAnotherDueTimer();
    void expiryMayRescheduleItself();
    void longStallFiresEverythingOnce();
    void destroyedTimerLeavesTheWheel();
    void manyTimersOnlyDueOnesAreTouched();
};

void tst_TimerWheel::firesAtOrAfterItsDeadline_data()
{
    QTest::addColumn<qint64>("dueMs");
    QTest::addRow("within the first slot") << qint64(30);
    QTest::addRow("exactly on a tick") << qint64(500);
    QTest::addRow("one resolution after a tick") << qint64(600);
    QTest::addRow("beyond one turn of the wheel") << qint64(7'300);
}

void tst_TimerWheel::firesAtOrAfterItsDeadline()
{
    QFETCH(qint64, dueMs);
    TimerWheel wheel(100ms, 16); // one turn = 1.6 s
    RecordingTimer timer;
    wheel.advance(0);
    wheel.schedule(timer, dueMs * ms);
    QVERIFY(timer.isScheduled());
    // Advance in 10 ms steps: it must fire at the first advance at or after its deadline,
    // rounded up to the 100 ms resolution, never before.
    for (qint64 t = 0; t <= dueMs + 200 && timer.firedAt.empty(); t += 10)
        wheel.advance(t * ms);
    QCOMPARE(timer.firedAt.size(), size_t(1));
    QVERIFY2(timer.firedAt[0] >= dueMs * ms, qPrintable(QString::number(timer.firedAt[0] / ms)));
    QVERIFY2(timer.firedAt[0] <= (dueMs + 100) * ms, qPrintable(QString::number(timer.firedAt[0] / ms)));
    QVERIFY(!timer.isScheduled());
    QCOMPARE(wheel.size(), 0);
}

void tst_TimerWheel::laterRoundsShareASlotWithoutFiringEarly()
{
    TimerWheel wheel(100ms, 4); // slots repeat every 400 ms
    RecordingTimer soon;
    RecordingTimer later;
    wheel.advance(0);
    wheel.schedule(soon, 200 * ms);
    wheel.schedule(later, 1'000 * ms); // tick 10: same slot as tick 2
    wheel.advance(200 * ms);
    QCOMPARE(soon.firedAt.size(), size_t(1));
    QVERIFY(later.firedAt.empty());
    wheel.advance(600 * ms);
    QVERIFY(later.firedAt.empty());
    wheel.advance(999 * ms);
    QVERIFY(later.firedAt.empty());
    wheel.advance(1'000 * ms);
    QCOMPARE(later.firedAt.size(), size_t(1));
}

void tst_TimerWheel::rescheduleMovesAndCancelRemoves()
{
    TimerWheel wheel(100ms);
    RecordingTimer moved;
    RecordingTimer cancelled;
    wheel.advance(0);
    wheel.schedule(moved, 300 * ms);
    wheel.schedule(moved, 900 * ms);
    wheel.schedule(cancelled, 300 * ms);
    QCOMPARE(wheel.size(), 2);
    wheel.cancel(cancelled);
    QCOMPARE(wheel.size(), 1);
    QVERIFY(!cancelled.isScheduled());
    wheel.advance(500 * ms);
    QVERIFY(moved.firedAt.empty());
    wheel.advance(900 * ms);
    QCOMPARE(moved.firedAt.size(), size_t(1));
    QVERIFY(cancelled.firedAt.empty());
}

void tst_TimerWheel::pastDeadlineFiresOnNextAdvance()
{
    TimerWheel wheel(100ms);
    RecordingTimer timer;
    wheel.advance(1'000 * ms);
    wheel.schedule(timer, 10 * ms);
    wheel.advance(1'050 * ms); // same tick as the last advance: nothing new is due yet
    QVERIFY(timer.firedAt.empty());
    wheel.advance(1'100 * ms);
    QCOMPARE(timer.firedAt.size(), size_t(1));
}

void tst_TimerWheel::expiryMayDeleteAnotherDueTimer()
{
    TimerWheel wheel(100ms);
    auto first = std::make_unique<RecordingTimer>();
    auto second = std::make_unique<RecordingTimer>();
    RecordingTimer *secondRaw = second.get();
    wheel.advance(0);
    wheel.schedule(*first, 100 * ms);
    wheel.schedule(*second, 100 * ms);
    // Whichever fires first deletes the other, as closing one connection can destroy another.
    first->onExpired = [&](qint64) { second.reset(); };
    secondRaw->onExpired = [&](qint64) { first.reset(); };
    wheel.advance(100 * ms);
    QVERIFY((first == nullptr) != (second == nullptr));
    QCOMPARE(wheel.size(), 0);
}

void tst_TimerWheel::expiryMayRescheduleItself()
{
    TimerWheel wheel(100ms);
    RecordingTimer heartbeat;
    heartbeat.onExpired = [&](qint64 now) { wheel.schedule(heartbeat, now); }; // "due now" again
    wheel.advance(0);
    wheel.schedule(heartbeat, 100 * ms);
    wheel.advance(100 * ms); // must not loop: a deadline already past goes to the next tick
    QCOMPARE(heartbeat.firedAt.size(), size_t(1));
    wheel.advance(200 * ms);
    QCOMPARE(heartbeat.firedAt.size(), size_t(2));
}

void tst_TimerWheel::longStallFiresEverythingOnce()
{
    TimerWheel wheel(100ms, 8);
    std::vector<std::unique_ptr<RecordingTimer>> timers;
    wheel.advance(0);
    for (int i = 1; i <= 40; ++i) {
        timers.push_back(std::make_unique<RecordingTimer>());
        wheel.schedule(*timers.back(), qint64(i) * 100 * ms);
    }
    wheel.advance(10'000 * ms); // many turns of the wheel at once
    for (const auto &timer : timers)
        QCOMPARE(timer->firedAt.size(), size_t(1));
    QCOMPARE(wheel.size(), 0);
}

void tst_TimerWheel::destroyedTimerLeavesTheWheel()
{
    TimerWheel wheel(100ms);
    RecordingTimer survivor;
    wheel.advance(0);
    {
        RecordingTimer gone;
        wheel.schedule(gone, 100 * ms);
        wheel.schedule(survivor, 100 * ms);
        QCOMPARE(wheel.size(), 2);
    }
    QCOMPARE(wheel.size(), 1);
    wheel.advance(100 * ms);
    QCOMPARE(survivor.firedAt.size(), size_t(1));

    // And a wheel destroyed first leaves its timers unscheduled, not dangling.
    RecordingTimer orphan;
    {
        TimerWheel shortLived(100ms);
        shortLived.schedule(orphan, 100 * ms);
    }
    QVERIFY(!orphan.isScheduled());
}

void tst_TimerWheel::manyTimersOnlyDueOnesAreTouched()
{
    // 20,000 connections with deadlines spread over 30 s: each 100 ms tick fires only its share.
    TimerWheel wheel(100ms);
    std::vector<std::unique_ptr<RecordingTimer>> timers(20'000);
    wheel.advance(0);
    for (size_t i = 0; i < timers.size(); ++i) {
        timers[i] = std::make_unique<RecordingTimer>();
        wheel.schedule(*timers[i], qint64(i % 300 + 1) * 100 * ms);
    }
    wheel.advance(100 * ms);
    int fired = 0;
    for (const auto &timer : timers)
        fired += int(timer->firedAt.size());
    QCOMPARE(fired, 20'000 / 300 + 1);
    wheel.advance(30'000 * ms);
    fired = 0;
    for (const auto &timer : timers)
        fired += int(timer->firedAt.size());
    QCOMPARE(fired, 20'000);
}

QTEST_APPLESS_MAIN(tst_TimerWheel)
#include "tst_timerwheel.moc"
