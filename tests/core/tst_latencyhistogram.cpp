#include "metrics/latencyhistogram.h"

#include <QRandomGenerator>
#include <QTest>

#include <algorithm>
#include <cmath>
#include <vector>

namespace {

// The exact percentile of sorted values, with the histogram's definition (nearest rank).
qint64 exactPercentile(const std::vector<qint64> &sorted, double percentile)
{
    const size_t rank = std::max<size_t>(1, size_t(std::ceil(percentile / 100.0 * double(sorted.size()))));
    return sorted[rank - 1];
}

} // namespace

class tst_LatencyHistogram : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void bucketLayoutIsContiguous();
    void smallValuesAreExact();
    void percentilesMatchExactOnes_data();
    void percentilesMatchExactOnes();
    void mergeEqualsRecordingIntoOne();
    void countsMinMaxMeanAreExact();
    void overflowIsCountedNotLost();
    void emptyHistogram();
};

void tst_LatencyHistogram::bucketLayoutIsContiguous()
{
    // Every bucket starts where the previous one ended; every value maps into its bucket.
    for (int i = 1; i < LatencyHistogram::bucketCount; ++i)
        QCOMPARE(LatencyHistogram::lowestEquivalent(i), LatencyHistogram::highestEquivalent(i - 1) + 1);
    QCOMPARE(LatencyHistogram::highestEquivalent(LatencyHistogram::bucketCount - 1), LatencyHistogram::highestTrackableNs);
    auto *random = QRandomGenerator::global();
    for (int i = 0; i < 100000; ++i) {
        const qint64 value = qint64(random->bounded(quint64(LatencyHistogram::highestTrackableNs)));
        const int index = LatencyHistogram::indexFor(value);
        QVERIFY(value >= LatencyHistogram::lowestEquivalent(index) && value <= LatencyHistogram::highestEquivalent(index));
        // Bucket width relative to its values: at most 1/128.
        const qint64 width = LatencyHistogram::highestEquivalent(index) - LatencyHistogram::lowestEquivalent(index) + 1;
        QVERIFY(double(width) <= double(LatencyHistogram::lowestEquivalent(index)) / 128.0 + 1.0);
    }
}

void tst_LatencyHistogram::smallValuesAreExact()
{
    LatencyHistogram histogram;
    for (qint64 v = 0; v < 256; ++v)
        histogram.record(v);
    QCOMPARE(histogram.percentileNs(50), 127);
    QCOMPARE(histogram.percentileNs(100), 255);
    QCOMPARE(histogram.percentileNs(0.1), 0);
}

void tst_LatencyHistogram::percentilesMatchExactOnes_data()
{
    QTest::addColumn<QString>("distribution");
    QTest::addRow("uniform 1us-10ms") << "uniform";
    QTest::addRow("exponential mean 200us") << "exponential";
    QTest::addRow("lognormal around 1ms") << "lognormal";
    QTest::addRow("bimodal 50us / 40ms") << "bimodal";
    QTest::addRow("wide 1us-60s") << "wide";
}

void tst_LatencyHistogram::percentilesMatchExactOnes()
{
    QFETCH(QString, distribution);
    QRandomGenerator random(20261123);
    std::vector<qint64> values;
    values.reserve(200000);
    for (int i = 0; i < 200000; ++i) {
        const double u = random.generateDouble();
        double ns = 0;
        if (distribution == u"uniform")
            ns = 1e3 + u * (1e7 - 1e3);
        else if (distribution == u"exponential")
            ns = -std::log(1.0 - u) * 200e3;
        else if (distribution == u"lognormal") {
            const double n = std::sqrt(-2.0 * std::log(1.0 - u)) * std::cos(2 * M_PI * random.generateDouble());
            ns = std::exp(std::log(1e6) + 0.8 * n);
        } else if (distribution == u"bimodal")
            ns = (u < 0.9 ? 50e3 : 40e6) * (0.9 + 0.2 * random.generateDouble());
        else
            ns = std::exp(std::log(1e3) + u * (std::log(60e9) - std::log(1e3)));
        values.push_back(qint64(ns));
    }
    LatencyHistogram histogram;
    for (qint64 v : values)
        histogram.record(v);
    std::sort(values.begin(), values.end());
    for (double p : {1.0, 10.0, 50.0, 90.0, 99.0, 99.9, 99.99, 100.0}) {
        const qint64 exact = exactPercentile(values, p);
        const qint64 estimated = histogram.percentileNs(p);
        const double error = std::abs(double(estimated - exact)) / double(qMax<qint64>(1, exact));
        QVERIFY2(error <= 0.01, qPrintable(QStringLiteral("p%1: exact %2 ns, histogram %3 ns, error %4%")
                                               .arg(p).arg(exact).arg(estimated).arg(error * 100)));
    }
    QCOMPARE(histogram.count(), quint64(values.size()));
    QCOMPARE(histogram.minNs(), values.front());
    QCOMPARE(histogram.maxNs(), values.back());
}

void tst_LatencyHistogram::mergeEqualsRecordingIntoOne()
{
    QRandomGenerator random(7);
    LatencyHistogram all, parts[4], merged;
    for (int i = 0; i < 50000; ++i) {
        const qint64 v = qint64(random.bounded(5'000'000'000ULL));
        all.record(v);
        parts[i % 4].record(v);
    }
    for (const auto &part : parts)
        merged.merge(part);
    QVERIFY(merged == all);
    QCOMPARE(merged.percentileNs(99), all.percentileNs(99));
}

void tst_LatencyHistogram::countsMinMaxMeanAreExact()
{
    LatencyHistogram histogram;
    histogram.record(1000);
    histogram.record(3000);
    histogram.recordMany(2000, 2);
    QCOMPARE(histogram.count(), 4u);
    QCOMPARE(histogram.minNs(), 1000);
    QCOMPARE(histogram.maxNs(), 3000);
    QCOMPARE(histogram.meanNs(), 2000.0);
    histogram.record(-5); // clock skew never goes below zero
    QCOMPARE(histogram.minNs(), 0);
}

void tst_LatencyHistogram::overflowIsCountedNotLost()
{
    LatencyHistogram histogram;
    histogram.record(200'000'000'000); // 200 s
    QCOMPARE(histogram.count(), 1u);
    QCOMPARE(histogram.overflowCount(), 1u);
    QCOMPARE(histogram.maxNs(), 200'000'000'000);
    QCOMPARE(histogram.percentileNs(100), 200'000'000'000);
}

void tst_LatencyHistogram::emptyHistogram()
{
    LatencyHistogram histogram;
    QCOMPARE(histogram.percentileNs(99), 0);
    QCOMPARE(histogram.meanNs(), 0.0);
    QCOMPARE(histogram.count(), 0u);
}

QTEST_GUILESS_MAIN(tst_LatencyHistogram)
#include "tst_latencyhistogram.moc"
