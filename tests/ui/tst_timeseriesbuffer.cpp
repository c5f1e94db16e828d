#include "charts/timeseriesbuffer.h"

#include <QTest>

#include <cmath>
#include <limits>
#include <vector>

// The multi-resolution store behind the live charts: exact values at every level, the level a
// window is served from, bounded size over a 24 h run, and maxima that survive merging.
class tst_TimeSeriesBuffer : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void rawSamplesComeBackExactly();
    void windowKeepsTheNewestAndOneBefore();
    void longerWindowsSwitchToCoarserBuckets();
    void wholeRunOfADayStaysBoundedAndExact();
    void maximumSurvivesMerging();
    void lastKeepsTheNewestValue();
    void missingValuesAreSkippedNotZero();
    void untilEndsTheWindowEarlier();
    void refusesWrongInput();
    void clearStartsOver();
};

namespace {

constexpr qint64 ms = 1'000'000;
constexpr qint64 sec = 1'000'000'000;
using Agg = TimeSeriesBuffer::Aggregate;

void append(TimeSeriesBuffer &buffer, qint64 t, std::vector<double> values)
{
    QVERIFY(buffer.append(t, values));
}

} // namespace

void tst_TimeSeriesBuffer::rawSamplesComeBackExactly()
{
    TimeSeriesBuffer buffer({Agg::Average, Agg::Max});
    for (int i = 1; i <= 50; ++i)
        append(buffer, i * 100 * ms, {double(i), 2.0 * i});
    const auto points = buffer.points(0);
    QCOMPARE(points.bucketNs, 0);
    QCOMPARE(points.size(), 50);
    for (int i = 0; i < 50; ++i) {
        QCOMPARE(points.timesNs[size_t(i)], (i + 1) * 100 * ms);
        QCOMPARE(points.columns[0][size_t(i)], double(i + 1));
        QCOMPARE(points.columns[1][size_t(i)], 2.0 * (i + 1));
    }
    QCOMPARE(buffer.latestTimeNs(), 5 * sec);
    QCOMPARE(buffer.sampleCount(), 50);
}

void tst_TimeSeriesBuffer::windowKeepsTheNewestAndOneBefore()
{
    TimeSeriesBuffer buffer({Agg::Average});
    for (int i = 1; i <= 50; ++i)
        append(buffer, i * 100 * ms, {double(i)});
    // The last second: 4.1 s ... 5.0 s, and 4.0 s so the line reaches the window's edge.
    const auto points = buffer.points(1 * sec);
    QCOMPARE(points.size(), 11);
    QCOMPARE(points.timesNs.front(), 4 * sec);
    QCOMPARE(points.timesNs.back(), 5 * sec);
    QCOMPARE(points.columns[0].front(), 40.0);
    QCOMPARE(points.columns[0].back(), 50.0);
    // A window longer than the run is the whole run.
    QCOMPARE(buffer.points(60 * sec).size(), 50);
}

void tst_TimeSeriesBuffer::longerWindowsSwitchToCoarserBuckets()
{
    // 100 points at most; raw samples, then 1 s buckets, then the whole-run level.
    TimeSeriesBuffer buffer({Agg::Average}, 100, {1 * sec}, 100 * ms);
    for (int i = 1; i <= 300; ++i)
        append(buffer, i * 100 * ms, {double(i)});
    QCOMPARE(buffer.levelSizes(), (std::vector<int>{100, 31, 76}));

    // 5 s: still in the raw level's newest 100 samples (20.1 s ... 30 s).
    auto points = buffer.points(5 * sec);
    QCOMPARE(points.bucketNs, 0);
    QCOMPARE(points.size(), 51);
    QCOMPARE(points.timesNs.front(), 25 * sec);

    // 20 s reaches back to 10 s, which raw samples no longer hold: 1 s buckets.
    points = buffer.points(20 * sec);
    QCOMPARE(points.bucketNs, 1 * sec);
    // Buckets 9 (the one before the window) ... 30.
    QCOMPARE(points.size(), 22);
    for (int k = 9; k <= 29; ++k) {
        const size_t i = size_t(k - 9);
        QCOMPARE(points.timesNs[i], (10 * k + 9) * 100 * ms); // the bucket's newest sample
        QCOMPARE(points.columns[0][i], 10.0 * k + 4.5);       // the average of 10k ... 10k+9
    }
    // Bucket 30 holds only the newest sample (30.0 s), so the line ends at the latest value.
    QCOMPARE(points.timesNs.back(), 30 * sec);
    QCOMPARE(points.columns[0].back(), 300.0);

    // The whole run: the 1 s level still holds all of it (bucket 0 averages 1 ... 9).
    points = buffer.points(0);
    QCOMPARE(points.bucketNs, 1 * sec);
    QCOMPARE(points.size(), 31);
    QCOMPARE(points.columns[0].front(), 5.0);
}

void tst_TimeSeriesBuffer::wholeRunOfADayStaysBoundedAndExact()
{
    // The real layout: 2,000 points, raw + 200 ms + 1 s + whole run, 24 h of 100 ms samples.
    TimeSeriesBuffer buffer({Agg::Average, Agg::Max});
    constexpr qint64 samples = 24 * 36'000;
    for (qint64 i = 0; i < samples; ++i) {
        const double values[2] = {double(i), double(i % 1000)};
        QVERIFY(buffer.append(i * 100 * ms, values));
    }
    for (int size : buffer.levelSizes())
        QVERIFY2(size <= 2000, qPrintable(QString::number(size)));
    // 864,000 samples need buckets of 512 samples (51.2 s) to fit 2,000: 1,688 of them.
    QCOMPARE(buffer.wholeRunBucketNs(), 512 * 100 * ms);
    QCOMPARE(buffer.levelSizes().back(), 1688);

    const auto all = buffer.points(0);
    QCOMPARE(all.bucketNs, 512 * 100 * ms);
    QCOMPARE(all.size(), 1688);
    for (int j = 0; j < all.size(); ++j) {
        const qint64 first = qint64(j) * 512;
        const qint64 last = std::min(first + 511, samples - 1);
        QCOMPARE(all.timesNs[size_t(j)], last * 100 * ms);
        QCOMPARE(all.columns[0][size_t(j)], double(first + last) / 2.0);
        // i % 1000 reaches 999 within every 512-sample bucket but a few; the maximum is exact.
        double expectedMax = 0;
        for (qint64 i = first; i <= last; ++i)
            expectedMax = std::max(expectedMax, double(i % 1000));
        QCOMPARE(all.columns[1][size_t(j)], expectedMax);
    }

    // Every window comes back in at most 2,000 points (+1 before the window).
    for (qint64 window : {60 * sec, 300 * sec, 1800 * sec, 6 * 3600 * sec, qint64(0)}) {
        const auto points = buffer.points(window);
        QVERIFY2(points.size() <= 2001, qPrintable(QString::number(points.size())));
        QCOMPARE(points.timesNs.back(), (samples - 1) * 100 * ms);
    }
    QCOMPARE(buffer.points(60 * sec).bucketNs, 0);
    QCOMPARE(buffer.points(300 * sec).bucketNs, 200 * ms);
    QCOMPARE(buffer.points(1800 * sec).bucketNs, 1 * sec);
    // 6 h at 1 s would be 21,600 points: the whole-run level serves it.
    QCOMPARE(buffer.points(6 * 3600 * sec).bucketNs, 512 * 100 * ms);
}

void tst_TimeSeriesBuffer::maximumSurvivesMerging()
{
    TimeSeriesBuffer buffer({Agg::Average, Agg::Max}, 20, {1 * sec}, 100 * ms);
    // 1 ms everywhere, one 2,000 ms stall at 3.3 s.
    for (int i = 0; i < 600; ++i) {
        const double v = i == 33 ? 2000.0 : 1.0;
        append(buffer, i * 100 * ms, {v, v});
    }
    const auto all = buffer.points(0);
    QVERIFY(all.bucketNs >= 3 * sec); // 60 s in at most 20 buckets
    double maxOfMax = 0;
    double maxOfAverage = 0;
    for (int j = 0; j < all.size(); ++j) {
        maxOfMax = std::max(maxOfMax, all.columns[1][size_t(j)]);
        maxOfAverage = std::max(maxOfAverage, all.columns[0][size_t(j)]);
    }
    QCOMPARE(maxOfMax, 2000.0);
    // Averaged, the stall shrinks to a bucket's share of it.
    const double samplesPerBucket = double(all.bucketNs / (100 * ms));
    QCOMPARE(maxOfAverage, (2000.0 + (samplesPerBucket - 1)) / samplesPerBucket);
}

void tst_TimeSeriesBuffer::lastKeepsTheNewestValue()
{
    // Raw samples hold only the newest 10, so the whole run comes from the 1 s buckets.
    TimeSeriesBuffer small({Agg::Last}, 10, {1 * sec}, 100 * ms);
    for (int i = 0; i < 25; ++i)
        append(small, 10 * sec + i * 100 * ms, {double(100 - i)});
    const auto points = small.points(0);
    QCOMPARE(points.bucketNs, 1 * sec);
    QCOMPARE(points.size(), 3);
    QCOMPARE(points.columns[0], (std::vector<double>{91, 81, 76}));
}

void tst_TimeSeriesBuffer::missingValuesAreSkippedNotZero()
{
    constexpr double none = std::numeric_limits<double>::quiet_NaN();
    TimeSeriesBuffer buffer({Agg::Average, Agg::Max}, 4, {1 * sec}, 100 * ms);
    // Bucket 0: 2, none, 4 -> average 3; bucket 1: none only.
    append(buffer, 0, {2, 2});
    append(buffer, 100 * ms, {none, none});
    append(buffer, 200 * ms, {4, 4});
    append(buffer, 1 * sec, {none, none});
    append(buffer, 1100 * ms, {none, none});
    const auto points = buffer.points(0);
    QCOMPARE(points.bucketNs, 1 * sec);
    QCOMPARE(points.size(), 2);
    QCOMPARE(points.columns[0][0], 3.0);
    QCOMPARE(points.columns[1][0], 4.0);
    QVERIFY(std::isnan(points.columns[0][1]));
    QVERIFY(std::isnan(points.columns[1][1]));
}

void tst_TimeSeriesBuffer::untilEndsTheWindowEarlier()
{
    TimeSeriesBuffer buffer({Agg::Average});
    for (int i = 1; i <= 50; ++i)
        append(buffer, i * 100 * ms, {double(i)});
    const auto points = buffer.points(1 * sec, 3 * sec);
    QCOMPARE(points.timesNs.front(), 2 * sec);
    QCOMPARE(points.timesNs.back(), 3 * sec);
    QCOMPARE(points.size(), 11);
    QCOMPARE(buffer.points(0, 3 * sec).size(), 30);
}

void tst_TimeSeriesBuffer::refusesWrongInput()
{
    TimeSeriesBuffer buffer({Agg::Average, Agg::Average});
    const double one[1] = {1};
    QVERIFY(!buffer.append(0, one));
    append(buffer, 5 * sec, {1, 1});
    const double two[2] = {2, 2};
    QVERIFY(!buffer.append(4 * sec, two));
    QCOMPARE(buffer.sampleCount(), 1);
    QVERIFY(buffer.append(5 * sec, two)); // the same time again is kept
    QCOMPARE(buffer.points(0).size(), 2);
}

void tst_TimeSeriesBuffer::clearStartsOver()
{
    TimeSeriesBuffer buffer({Agg::Average}, 10, {}, 100 * ms);
    for (int i = 0; i < 100; ++i)
        append(buffer, i * 100 * ms, {double(i)});
    QVERIFY(buffer.wholeRunBucketNs() > 100 * ms);
    buffer.clear();
    QVERIFY(buffer.isEmpty());
    QCOMPARE(buffer.points(0).size(), 0);
    QCOMPARE(buffer.wholeRunBucketNs(), 100 * ms);
    append(buffer, 0, {7});
    QCOMPARE(buffer.points(0).columns[0], (std::vector<double>{7}));
}

QTEST_GUILESS_MAIN(tst_TimeSeriesBuffer)
#include "tst_timeseriesbuffer.moc"
