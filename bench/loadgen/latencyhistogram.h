#pragma once

#include "jsonobject.h"

#include <cstdint>
#include <vector>

// A log-linear histogram of nanosecond durations in the manner of HdrHistogram: 2,048 exact
// buckets below 2,048 ns, then 1,024 buckets per power of two, so every recorded value is kept
// to within 0.1 % at any magnitude in fixed memory (~440 KB). Tens of millions of fan-out
// deliveries fit where sorted samples would not. min, max, count and mean are exact.
class LatencyHistogram
{
public:
    LatencyHistogram();

    void record(int64_t ns);
    void merge(const LatencyHistogram &other);

    uint64_t count() const { return m_count; }
    int64_t min() const { return m_count ? m_min : 0; }
    int64_t max() const { return m_count ? m_max : 0; }
    double mean() const { return m_count ? double(m_sum / (long double)m_count) : 0.0; }
    // The value below which `percent` of the recorded values lie (the middle of its bucket,
    // never above max()). 0 when empty.
    int64_t valueAtPercentile(double percent) const;
    // How many recorded values exceed `ns` (bucket resolution).
    uint64_t countAbove(int64_t ns) const;
    // count, min, p50, p90, p99, p99.9, max and mean in microseconds.
    JsonObject toJson() const;

private:
    static constexpr int subBucketBits = 10;
    static constexpr int64_t exactLimit = int64_t(2) << subBucketBits; // 2,048

    static size_t indexOf(int64_t ns);
    static int64_t lowestValueAt(size_t index);
    static int64_t widthAt(size_t index);

    std::vector<uint64_t> m_counts;
    uint64_t m_count = 0;
    long double m_sum = 0; // exact enough for the mean, and no overflow
    int64_t m_min = 0;
    int64_t m_max = 0;
};
