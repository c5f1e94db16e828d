#include "latencyhistogram.h"

#include <algorithm>
#include <bit>
#include <cmath>

int LatencyHistogram::indexFor(qint64 valueNs)
{
    if (valueNs < subBuckets)
        return int(qMax<qint64>(0, valueNs));
    const quint64 value = quint64(qMin(valueNs, highestTrackableNs));
    // Keep the top subBucketBits bits: the exponent picks the doubling, they pick the step.
    const int exponent = (63 - std::countl_zero(value)) - (subBucketBits - 1);
    const int mantissa = int(value >> exponent); // in [128, 255]
    return subBuckets + (exponent - 1) * halfSubBuckets + (mantissa - halfSubBuckets);
}

qint64 LatencyHistogram::lowestEquivalent(int index)
{
    if (index < subBuckets)
        return index;
    const int exponent = (index - subBuckets) / halfSubBuckets + 1;
    const int mantissa = (index - subBuckets) % halfSubBuckets + halfSubBuckets;
    return qint64(mantissa) << exponent;
}

qint64 LatencyHistogram::highestEquivalent(int index)
{
    if (index < subBuckets)
        return index;
    const int exponent = (index - subBuckets) / halfSubBuckets + 1;
    return lowestEquivalent(index) + (qint64(1) << exponent) - 1;
}

void LatencyHistogram::record(qint64 valueNs)
{
    recordMany(valueNs, 1);
}

void LatencyHistogram::recordMany(qint64 valueNs, quint64 count)
{
    if (count == 0)
        return;
    valueNs = qMax<qint64>(0, valueNs);
    if (valueNs > highestTrackableNs)
        m_overflow += count;
    m_counts[size_t(indexFor(valueNs))] += count;
    if (m_count == 0) {
        m_min = m_max = valueNs;
    } else {
        m_min = qMin(m_min, valueNs);
        m_max = qMax(m_max, valueNs);
    }
    m_count += count;
    m_sumNs += static_cast<decltype(m_sumNs)>(valueNs) * count;
}

void LatencyHistogram::merge(const LatencyHistogram &other)
{
    if (other.m_count == 0)
        return;
    for (size_t i = 0; i < m_counts.size(); ++i)
        m_counts[i] += other.m_counts[i];
    if (m_count == 0) {
        m_min = other.m_min;
        m_max = other.m_max;
    } else {
        m_min = qMin(m_min, other.m_min);
        m_max = qMax(m_max, other.m_max);
    }
    m_count += other.m_count;
    m_overflow += other.m_overflow;
    m_sumNs += other.m_sumNs;
}

void LatencyHistogram::reset()
{
    *this = LatencyHistogram();
}

qint64 LatencyHistogram::percentileNs(double percentile) const
{
    if (m_count == 0)
        return 0;
    percentile = std::clamp(percentile, 0.0, 100.0);
    if (percentile >= 100.0)
        return m_max;
    // The rank of the value wanted, 1-based: ceil(p/100 * n), at least 1.
    const quint64 rank = qMax<quint64>(1, quint64(std::ceil(percentile / 100.0 * double(m_count))));
    quint64 seen = 0;
    for (int i = 0; i < bucketCount; ++i) {
        seen += m_counts[size_t(i)];
        if (seen >= rank) {
            const qint64 low = lowestEquivalent(i);
            const qint64 high = highestEquivalent(i);
            return std::clamp(low + (high - low) / 2, m_min, m_max);
        }
    }
    return m_max;
}
