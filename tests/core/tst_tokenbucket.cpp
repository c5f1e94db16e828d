#include "server/tokenbucket.h"

#include <QTest>

class tst_TokenBucket : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void allowsBurstThenRefillsAtRate();
    void neverExceedsBurst();
    void zeroRateIsUnlimited();
    void timeGoingBackwardsIsHarmless();
};

void tst_TokenBucket::allowsBurstThenRefillsAtRate()
{
    const qint64 s = 1'000'000'000;
    TokenBucket bucket(10, 5, 0);
    for (int i = 0; i < 5; ++i)
        QVERIFY(bucket.tryTake(0));
    QVERIFY(!bucket.tryTake(0));
    // 10 per second: one token every 100 ms.
    QVERIFY(!bucket.tryTake(s / 20));
    QVERIFY(bucket.tryTake(s / 10));
    QVERIFY(!bucket.tryTake(s / 10));
    int taken = 0;
    for (qint64 t = s / 10; t <= s / 10 + s; t += s / 100)
        taken += bucket.tryTake(t) ? 1 : 0;
    QVERIFY2(taken >= 9 && taken <= 11, qPrintable(QString::number(taken)));
}

void tst_TokenBucket::neverExceedsBurst()
{
    TokenBucket bucket(1000, 3, 0);
    QCOMPARE(bucket.available(60'000'000'000), 3.0);
}

void tst_TokenBucket::zeroRateIsUnlimited()
{
    TokenBucket bucket(0, 1, 0);
    for (int i = 0; i < 10000; ++i)
        QVERIFY(bucket.tryTake(0));
}

void tst_TokenBucket::timeGoingBackwardsIsHarmless()
{
    TokenBucket bucket(1, 1, 1000);
    QVERIFY(bucket.tryTake(1000));
    QVERIFY(!bucket.tryTake(10));
}

QTEST_GUILESS_MAIN(tst_TokenBucket)
#include "tst_tokenbucket.moc"
