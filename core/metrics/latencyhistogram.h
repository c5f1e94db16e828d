#pragma once

#include <QtGlobal>

#include <array>

// A latency histogram of the HDR kind: log-linear buckets with 128 linear steps per power of two,
// so any recorded value is reported within 0.4% (bucket midpoint), from 1 ns to ~137 s, in a
// fixed 31 KiB. Counts are exact, histograms merge by adding, and recording is a few instructions with
// no allocation, so each worker thread records into its own and an aggregator merges them.
// Not thread-safe: one writer; copy or merge under the owner's own synchronisation.
class LatencyHistogram
{
public:
    static constexpr int subBucketBits = 8;                      // exact below 256 ns
    static constexpr int subBuckets = 1 << subBucketBits;         // 256
    static constexpr int halfSubBuckets = subBuckets / 2;         // 128 steps per doubling
    static constexpr int maxExponent = 29;                        // top bucket ends at 2^37 ns
    static constexpr int bucketCount = subBuckets + maxExponent * halfSubBuckets;
    static constexpr qint64 highestTrackableNs = (qint64(1) << (subBucketBits + maxExponent)) - 1;

    void record(qint64 valueNs);
    void recordMany(qint64 valueNs, quint64 count);
    void merge(const LatencyHistogram &other);
    void reset();

    quint64 count() const { return m_count; }
    quint64 overflowCount() const { return m_overflow; }
    qint64 minNs() const { return m_count ? m_min : 0; }
    qint64 maxNs() const { return m_count ? m_max : 0; }
    double meanNs() const { return m_count ? double(m_sumNs) / double(m_count) : 0.0; }
    // The value at this percentile (0-100]: the smallest recorded value such that at least
    // that share of all values is less than or equal to it, as the bucket midpoint (clamped
    // to the exact min and max).
    qint64 percentileNs(double percentile) const;

    // The bucket layout, for tests and for drawing histograms.
    static int indexFor(qint64 valueNs);
    static qint64 lowestEquivalent(int index);
    static qint64 highestEquivalent(int index);
    quint64 countAt(int index) const { return m_counts[size_t(index)]; }

    bool operator==(const LatencyHistogram &other) const = default;

private:
    std::array<quint64, bucketCount> m_counts{};
    quint64 m_count = 0;
    quint64 m_overflow = 0;       // values above highestTrackableNs (counted in the top bucket too)
    qint64 m_min = 0;
    qint64 m_max = 0;
    // 128 bits: a billion samples of a minute each overflow 64.
    __extension__ __int128 m_sumNs = 0;
};
