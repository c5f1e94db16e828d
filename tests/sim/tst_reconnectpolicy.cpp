#include "sim/reconnectpolicy.h"

#include <QTest>

#include <vector>

using namespace std::chrono_literals;
using Jitter = scenario::ReconnectSettings::Jitter;

class tst_ReconnectPolicy : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void exactDelaysWithoutJitter();
    void cappedAtMaxDelay();
    void hugeAttemptCountsStayCapped();
    void fullJitterBoundsAndDistribution();
    void equalJitterBoundsAndDistribution();
    void maxAttemptsExhausts();
    void zeroMaxAttemptsNeverExhausts();
    void disabledIsExhausted();
    void resetStartsOver();
    void sameSeedSameSequence();
    void differentSeedDifferentSequence();
    void serverRetryReplacesInitialDelay();
    void serverRetryAboveMaxDelayIsHonoured();
    void expectedCloseReconnectsAtOnce();

private:
    static scenario::ReconnectSettings settings(Jitter jitter)
    {
        scenario::ReconnectSettings s;
        s.initialDelay = 500ms;
        s.multiplier = 2.0;
        s.maxDelay = 10s;
        s.jitter = jitter;
        return s;
    }
};

void tst_ReconnectPolicy::exactDelaysWithoutJitter()
{
    ReconnectPolicy policy(settings(Jitter::None), 1);
    const std::vector<qint64> expected{500, 1000, 2000, 4000, 8000, 10000, 10000};
    for (size_t i = 0; i < expected.size(); ++i) {
        QCOMPARE(policy.nextDelay().count(), expected[i]);
        QCOMPARE(policy.attempts(), int(i + 1));
    }
}

void tst_ReconnectPolicy::cappedAtMaxDelay()
{
    auto s = settings(Jitter::None);
    s.initialDelay = 300ms;
    s.multiplier = 3.0;
    s.maxDelay = 2s;
    ReconnectPolicy policy(s, 1);
    QCOMPARE(policy.nextDelay(), 300ms);
    QCOMPARE(policy.nextDelay(), 900ms);
    QCOMPARE(policy.nextDelay(), 2000ms); // 2700 capped
    QCOMPARE(policy.nextDelay(), 2000ms);
    QCOMPARE(policy.backoffFor(1), 300ms);
    QCOMPARE(policy.backoffFor(3), 2000ms);
}

void tst_ReconnectPolicy::hugeAttemptCountsStayCapped()
{
    ReconnectPolicy policy(settings(Jitter::None), 1);
    QCOMPARE(policy.backoffFor(5000), 10000ms);
    QCOMPARE(policy.backoffFor(std::numeric_limits<int>::max()), 10000ms);
}

void tst_ReconnectPolicy::fullJitterBoundsAndDistribution()
{
    auto s = settings(Jitter::Full);
    s.initialDelay = 1000ms;
    s.multiplier = 1.0; // every attempt has d = 1000 ms
    ReconnectPolicy policy(s, 42);
    const int n = 20000;
    double sum = 0;
    qint64 lo = std::numeric_limits<qint64>::max(), hi = -1;
    std::vector<int> deciles(10);
    for (int i = 0; i < n; ++i) {
        const qint64 d = policy.nextDelay().count();
        QVERIFY2(d >= 0 && d <= 1000, qPrintable(QString::number(d)));
        sum += double(d);
        lo = std::min(lo, d);
        hi = std::max(hi, d);
        ++deciles[size_t(std::min<qint64>(d / 100, 9))];
    }
    // Uniform on [0, 1000]: mean 500 (standard error ~2), the whole range used, flat deciles.
    QVERIFY2(std::abs(sum / n - 500.0) < 10.0, qPrintable(QString::number(sum / n)));
    QVERIFY(lo <= 5);
    QVERIFY(hi >= 995);
    for (int count : deciles)
        QVERIFY2(count > n / 10 * 0.9 && count < n / 10 * 1.1, qPrintable(QString::number(count)));
}

void tst_ReconnectPolicy::equalJitterBoundsAndDistribution()
{
    auto s = settings(Jitter::Equal);
    s.initialDelay = 1000ms;
    s.multiplier = 1.0;
    ReconnectPolicy policy(s, 7);
    const int n = 20000;
    double sum = 0;
    qint64 lo = std::numeric_limits<qint64>::max(), hi = -1;
    for (int i = 0; i < n; ++i) {
        const qint64 d = policy.nextDelay().count();
        QVERIFY2(d >= 500 && d <= 1000, qPrintable(QString::number(d)));
        sum += double(d);
        lo = std::min(lo, d);
        hi = std::max(hi, d);
    }
    QVERIFY2(std::abs(sum / n - 750.0) < 5.0, qPrintable(QString::number(sum / n)));
    QVERIFY(lo <= 503);
    QVERIFY(hi >= 997);

    // Odd d: never below half, never above d.
    s.initialDelay = 5ms;
    ReconnectPolicy odd(s, 7);
    for (int i = 0; i < 1000; ++i) {
        const qint64 d = odd.nextDelay().count();
        QVERIFY(d >= 3 && d <= 5);
    }
}

void tst_ReconnectPolicy::maxAttemptsExhausts()
{
    auto s = settings(Jitter::None);
    s.maxAttempts = 3;
    ReconnectPolicy policy(s, 1);
    for (int i = 0; i < 3; ++i) {
        QVERIFY(!policy.exhausted());
        policy.nextDelay();
    }
    QVERIFY(policy.exhausted());
    QCOMPARE(policy.attempts(), 3);
    policy.reset();
    QVERIFY(!policy.exhausted());
}

void tst_ReconnectPolicy::zeroMaxAttemptsNeverExhausts()
{
    ReconnectPolicy policy(settings(Jitter::Full), 1);
    for (int i = 0; i < 10000; ++i)
        policy.nextDelay();
    QVERIFY(!policy.exhausted());
}

void tst_ReconnectPolicy::disabledIsExhausted()
{
    auto s = settings(Jitter::None);
    s.enabled = false;
    ReconnectPolicy policy(s, 1);
    QVERIFY(!policy.isEnabled());
    QVERIFY(policy.exhausted());
}

void tst_ReconnectPolicy::resetStartsOver()
{
    ReconnectPolicy policy(settings(Jitter::None), 1);
    policy.nextDelay();
    policy.nextDelay();
    QCOMPARE(policy.nextDelay(), 2000ms);
    policy.reset();
    QCOMPARE(policy.attempts(), 0);
    QCOMPARE(policy.nextDelay(), 500ms);
}

void tst_ReconnectPolicy::sameSeedSameSequence()
{
    for (Jitter jitter : {Jitter::Full, Jitter::Equal}) {
        ReconnectPolicy a(settings(jitter), 123456789);
        ReconnectPolicy b(settings(jitter), 123456789);
        for (int i = 0; i < 200; ++i) {
            if (i % 7 == 6) {
                a.reset();
                b.reset();
            }
            QCOMPARE(a.nextDelay(), b.nextDelay());
        }
    }
}

void tst_ReconnectPolicy::differentSeedDifferentSequence()
{
    auto s = settings(Jitter::Full);
    s.multiplier = 1.0;
    ReconnectPolicy a(s, 1);
    ReconnectPolicy b(s, 2);
    int same = 0;
    for (int i = 0; i < 100; ++i)
        same += a.nextDelay() == b.nextDelay() ? 1 : 0;
    QVERIFY2(same < 10, qPrintable(QString::number(same)));
}

void tst_ReconnectPolicy::serverRetryReplacesInitialDelay()
{
    ReconnectPolicy policy(settings(Jitter::None), 1);
    QVERIFY(!policy.serverRetry());
    policy.setServerRetry(1000ms);
    QCOMPARE(policy.serverRetry(), std::optional(1000ms));
    QCOMPARE(policy.nextDelay(), 1000ms);
    QCOMPARE(policy.nextDelay(), 2000ms);
    QCOMPARE(policy.nextDelay(), 4000ms);
    QCOMPARE(policy.nextDelay(), 8000ms);
    QCOMPARE(policy.nextDelay(), 10000ms);
    // retry: 0 asks for an immediate reconnect (and backoff from 0 stays 0).
    policy.reset();
    policy.setServerRetry(0ms);
    QCOMPARE(policy.nextDelay(), 0ms);
    QCOMPARE(policy.nextDelay(), 0ms);
}

void tst_ReconnectPolicy::serverRetryAboveMaxDelayIsHonoured()
{
    ReconnectPolicy policy(settings(Jitter::None), 1);
    policy.setServerRetry(30s);
    QCOMPARE(policy.nextDelay(), 30000ms);
    QCOMPARE(policy.nextDelay(), 30000ms);
}

void tst_ReconnectPolicy::expectedCloseReconnectsAtOnce()
{
    QCOMPARE(ReconnectPolicy::expectedCloseDelay(), 0ms);
    static_assert(ReconnectPolicy::expectedCloseDelay() == 0ms);
}

QTEST_GUILESS_MAIN(tst_ReconnectPolicy)
#include "tst_reconnectpolicy.moc"
