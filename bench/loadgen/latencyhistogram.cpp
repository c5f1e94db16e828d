#include "latencyhistogram.h"

#include <algorithm>
#include <cmath>

namespace {

constexpr size_t bucketCount = 2048 + 53 * 1024; // values up to 2^63

int mostSignificantBit(uint64_t value)
{
    return 63 - __builtin_clzll(value);
}

} // namespace

LatencyHistogram::LatencyHistogram()
    : m_counts(bucketCount, 0)
{
}

size_t LatencyHistogram::indexOf(int64_t ns)
{
    if (ns < exactLimit)
        return size_t(ns);
    // Above 2,048: keep the top 11 bits of the value. shift >= 1 here; each shift value
    // owns 1,024 buckets (the leading bit is always set).
    const int shift = mostSignificantBit(uint64_t(ns)) - subBucketBits;
    const int64_t top = ns >> shift; // in [1024, 2048)
    return size_t(exactLimit + int64_t(shift - 1) * 1024 + (top - 1024));
}

int64_t LatencyHistogram::lowestValueAt(size_t index)
{
    if (int64_t(index) < exactLimit)
        return int64_t(index);
    const int64_t above = int64_t(index) - exactLimit;
    const int shift = int(above / 1024) + 1;
    const int64_t top = 1024 + above % 1024;
    return top << shift;
}

int64_t LatencyHistogram::widthAt(size_t index)
{
    if (int64_t(index) < exactLimit)
        return 1;
    return int64_t(1) << ((int64_t(index) - exactLimit) / 1024 + 1);
}

void LatencyHistogram::record(int64_t ns)
{
    ns = std::max<int64_t>(ns, 0);
    ++m_counts[std::min(indexOf(ns), bucketCount - 1)];
    if (m_count == 0 || ns < m_min)
        m_min = ns;
    if (m_count == 0 || ns > m_max)
        m_max = ns;
    ++m_count;
    m_sum += ns;
}

void LatencyHistogram::merge(const LatencyHistogram &other)
{
    if (other.m_count == 0)
        return;
    for (size_t i = 0; i < bucketCount; ++i)
        m_counts[i] += other.m_counts[i];
    m_min = m_count ? std::min(m_min, other.m_min) : other.m_min;
    m_max = m_count ? std::max(m_max, other.m_max) : other.m_max;
    m_count += other.m_count;
    m_sum += other.m_sum;
}

int64_t LatencyHistogram::valueAtPercentile(double percent) const
{
    if (m_count == 0)
        return 0;
    // The rank of the value: the smallest one with at least `percent` of values at or below it.
    const uint64_t rank = std::clamp<uint64_t>(uint64_t(std::ceil(percent / 100.0 * double(m_count))), 1, m_count);
    uint64_t seen = 0;
    for (size_t i = 0; i < bucketCount; ++i) {
        seen += m_counts[i];
        if (seen >= rank) {
            if (rank == m_count)
                return m_max;
            return std::clamp(lowestValueAt(i) + widthAt(i) / 2, m_min, m_max);
        }
    }
    return m_max;
}

uint64_t LatencyHistogram::countAbove(int64_t ns) const
{
    uint64_t above = 0;
    for (size_t i = std::min(indexOf(std::max<int64_t>(ns, 0)) + 1, bucketCount); i < bucketCount; ++i)
        above += m_counts[i];
    return above;
}

JsonObject LatencyHistogram::toJson() const
{
    const auto us = [](double ns) { return ns / 1000.0; };
    JsonObject json;
    json.add("count", m_count);
    json.add("min_us", us(double(min())));
    json.add("p50_us", us(double(valueAtPercentile(50))));
    json.add("p90_us", us(double(valueAtPercentile(90))));
    json.add("p99_us", us(double(valueAtPercentile(99))));
    json.add("p99_9_us", us(double(valueAtPercentile(99.9))));
    json.add("max_us", us(double(max())));
    json.add("mean_us", us(mean()));
    return json;
}
