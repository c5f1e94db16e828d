#include "sim/sessionlength.h"

#include <QTest>

#include <cmath>

using namespace std::chrono_literals;
using Kind = scenario::ChurnSettings::Kind;

class tst_SessionLength : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void fixed();
    void uniformBoundsAndMean();
    void exponentialMeanAndShape();
    void noneAndRatePlanNoSessionEnd();
    void poissonGapsHaveMeanOneOverRate_data();
    void poissonGapsHaveMeanOneOverRate();
    void zeroRateIsNever();
    void sameSeedSameSequence();

private:
    struct Stats
    {
        double mean = 0;
        double stddev = 0;
        qint64 min = 0;
        qint64 max = 0;
    };
    template<typename F>
    static Stats sample(int n, F next)
    {
        double sum = 0, sumSq = 0;
        Stats s;
        s.min = std::numeric_limits<qint64>::max();
        s.max = std::numeric_limits<qint64>::min();
        for (int i = 0; i < n; ++i) {
            const qint64 v = next();
            sum += double(v);
            sumSq += double(v) * double(v);
            s.min = std::min(s.min, v);
            s.max = std::max(s.max, v);
        }
        s.mean = sum / n;
        s.stddev = std::sqrt(std::max(0.0, sumSq / n - s.mean * s.mean));
        return s;
    }
};

void tst_SessionLength::fixed()
{
    scenario::ChurnSettings churn;
    churn.kind = Kind::Fixed;
    churn.sessionLength = 5s;
    SessionLength lengths(churn, 1);
    for (int i = 0; i < 100; ++i)
        QCOMPARE(lengths.nextSessionLength(), 5000ms);
}

void tst_SessionLength::uniformBoundsAndMean()
{
    scenario::ChurnSettings churn;
    churn.kind = Kind::Uniform;
    churn.sessionMin = 2s;
    churn.sessionMax = 8s;
    SessionLength lengths(churn, 99);
    const Stats s = sample(50000, [&] { return lengths.nextSessionLength().count(); });
    QVERIFY(s.min >= 2000);
    QVERIFY(s.max <= 8000);
    // The whole range is used, the endpoints within a few ms.
    QVERIFY2(s.min <= 2005 && s.max >= 7995, qPrintable(QStringLiteral("%1..%2").arg(s.min).arg(s.max)));
    // Mean 5000, standard deviation 6000/sqrt(12) = 1732; standard error of the mean ~8 ms.
    QVERIFY2(std::abs(s.mean - 5000) < 40, qPrintable(QString::number(s.mean)));
    QVERIFY2(std::abs(s.stddev - 1732) < 30, qPrintable(QString::number(s.stddev)));
}

void tst_SessionLength::exponentialMeanAndShape()
{
    scenario::ChurnSettings churn;
    churn.kind = Kind::Exponential;
    churn.sessionLength = 10s;
    SessionLength lengths(churn, 7);
    const int n = 50000;
    int belowMean = 0;
    const Stats s = sample(n, [&] {
        const qint64 v = lengths.nextSessionLength().count();
        belowMean += v < 10000 ? 1 : 0;
        return v;
    });
    // Exponential: mean = stddev = 10 s (standard error ~45 ms); P(X < mean) = 1 - 1/e = 0.632.
    QVERIFY2(std::abs(s.mean - 10000) < 200, qPrintable(QString::number(s.mean)));
    QVERIFY2(std::abs(s.stddev - 10000) < 300, qPrintable(QString::number(s.stddev)));
    QVERIFY2(std::abs(double(belowMean) / n - 0.632) < 0.01, qPrintable(QString::number(double(belowMean) / n)));
    QVERIFY(s.min >= 1);           // never zero: a session opens before it ends
    QVERIFY(s.min < 50);           // but short sessions happen
    QVERIFY(s.max > 60000);        // and long ones (P(X > 6 mean) = 0.25% per sample)
}

void tst_SessionLength::noneAndRatePlanNoSessionEnd()
{
    scenario::ChurnSettings churn;
    SessionLength none(churn, 1);
    QCOMPARE(none.nextSessionLength(), 0ms);
    churn.kind = Kind::Rate;
    churn.disconnectsPerSecond = 5;
    SessionLength rate(churn, 1);
    QCOMPARE(rate.nextSessionLength(), 0ms);
}

void tst_SessionLength::poissonGapsHaveMeanOneOverRate_data()
{
    QTest::addColumn<double>("rate");
    QTest::addRow("0.5/s") << 0.5;
    QTest::addRow("5/s") << 5.0;
    QTest::addRow("200/s") << 200.0;
    QTest::addRow("3000/s (gaps below 1 ms)") << 3000.0;
}

void tst_SessionLength::poissonGapsHaveMeanOneOverRate()
{
    QFETCH(double, rate);
    scenario::ChurnSettings churn;
    churn.kind = Kind::Rate;
    churn.disconnectsPerSecond = rate;
    SessionLength gaps(churn, 2024);
    const int n = 40000;
    const Stats s = sample(n, [&] { return gaps.nextDisconnectGap(rate).count(); });
    const double meanMs = 1000.0 / rate;
    // Within 2%: the standard error of the mean is 0.5% of the mean at this n.
    QVERIFY2(std::abs(s.mean - meanMs) < meanMs * 0.02 + 0.001,
             qPrintable(QStringLiteral("mean %1 ms, expected %2").arg(s.mean).arg(meanMs)));
    QVERIFY(s.min >= 0);
    if (meanMs >= 10) {
        // Exponential: the standard deviation equals the mean (a fixed rate would have none).
        QVERIFY2(std::abs(s.stddev - meanMs) < meanMs * 0.05, qPrintable(QString::number(s.stddev)));
    }
}

void tst_SessionLength::zeroRateIsNever()
{
    SessionLength gaps({}, 1);
    QVERIFY(gaps.nextDisconnectGap(0) >= std::chrono::hours(24));
    QVERIFY(gaps.nextDisconnectGap(-1) >= std::chrono::hours(24));
}

void tst_SessionLength::sameSeedSameSequence()
{
    scenario::ChurnSettings churn;
    churn.kind = Kind::Exponential;
    churn.sessionLength = 3s;
    SessionLength a(churn, 5), b(churn, 5), c(churn, 6);
    int differs = 0;
    for (int i = 0; i < 100; ++i) {
        const auto x = a.nextSessionLength();
        QCOMPARE(x, b.nextSessionLength());
        QCOMPARE(a.nextDisconnectGap(10), b.nextDisconnectGap(10));
        differs += x != c.nextSessionLength() ? 1 : 0;
        c.nextDisconnectGap(10);
    }
    QVERIFY(differs > 90);
}

QTEST_GUILESS_MAIN(tst_SessionLength)
#include "tst_sessionlength.moc"
