#include "timeseriesbuffer.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace {

constexpr double noValue = std::numeric_limits<double>::quiet_NaN();

// Bucket numbers for times before zero still count down (floor, not truncation).
qint64 floorDiv(qint64 a, qint64 b)
{
    qint64 q = a / b;
    if ((a % b != 0) && ((a < 0) != (b < 0)))
        --q;
    return q;
}

} // namespace

TimeSeriesBuffer::TimeSeriesBuffer(std::vector<Aggregate> columns, int maxPoints, std::vector<qint64> fixedBucketsNs,
                                   qint64 samplePeriodNs)
    : m_aggregates(std::move(columns))
    , m_maxPoints(std::max(maxPoints, 2))
    , m_samplePeriodNs(std::max<qint64>(samplePeriodNs, 1))
{
    m_levels.push_back(Level{});
    std::sort(fixedBucketsNs.begin(), fixedBucketsNs.end());
    for (qint64 bucketNs : fixedBucketsNs) {
        if (bucketNs > 0)
            m_levels.push_back(Level{bucketNs, false, false, {}});
    }
    m_levels.push_back(Level{m_samplePeriodNs, true, false, {}});
}

void TimeSeriesBuffer::clear()
{
    for (Level &level : m_levels) {
        level.buckets.clear();
        level.dropped = false;
        if (level.doubling)
            level.bucketNs = m_samplePeriodNs;
    }
    m_sampleCount = 0;
    m_latestNs = 0;
}

bool TimeSeriesBuffer::append(qint64 timeNs, std::span<const double> values)
{
    if (int(values.size()) != columnCount())
        return false;
    if (m_sampleCount > 0 && timeNs < m_latestNs)
        return false;
    for (Level &level : m_levels)
        addTo(level, timeNs, values);
    ++m_sampleCount;
    m_latestNs = timeNs;
    return true;
}

void TimeSeriesBuffer::addTo(Level &level, qint64 timeNs, std::span<const double> values)
{
    Bucket sample;
    sample.key = level.bucketNs > 0 ? floorDiv(timeNs, level.bucketNs) : m_sampleCount;
    sample.firstNs = timeNs;
    sample.lastNs = timeNs;
    sample.values.assign(values.begin(), values.end());
    sample.counts.resize(values.size());
    for (size_t c = 0; c < values.size(); ++c) {
        if (std::isnan(values[c]))
            sample.values[c] = 0;
        else
            sample.counts[c] = 1;
    }
    if (!level.buckets.empty() && level.buckets.back().key == sample.key)
        mergeInto(level.buckets.back(), sample);
    else
        level.buckets.push_back(std::move(sample));

    while (int(level.buckets.size()) > m_maxPoints) {
        if (level.doubling) {
            halve(level);
        } else {
            level.buckets.pop_front();
            level.dropped = true;
        }
    }
}

void TimeSeriesBuffer::mergeInto(Bucket &into, const Bucket &from) const
{
    for (size_t c = 0; c < m_aggregates.size(); ++c) {
        if (from.counts[c] == 0)
            continue;
        switch (m_aggregates[c]) {
        case Aggregate::Average:
            into.values[c] += from.values[c];
            break;
        case Aggregate::Max:
            into.values[c] = into.counts[c] ? std::max(into.values[c], from.values[c]) : from.values[c];
            break;
        case Aggregate::Last:
            // `from` is the newer of the two (samples come in time order).
            into.values[c] = from.values[c];
            break;
        }
        into.counts[c] += from.counts[c];
    }
    into.firstNs = std::min(into.firstNs, from.firstNs);
    into.lastNs = std::max(into.lastNs, from.lastNs);
}

void TimeSeriesBuffer::halve(Level &level) const
{
    // Buckets of 2b are exactly pairs of buckets of b (k and k+1 for even k), so the merge
    // gives the same result as if the samples had gone into 2b buckets from the start.
    std::deque<Bucket> merged;
    for (Bucket &bucket : level.buckets) {
        const qint64 key = floorDiv(bucket.key, 2);
        if (!merged.empty() && merged.back().key == key) {
            mergeInto(merged.back(), bucket);
        } else {
            bucket.key = key;
            merged.push_back(std::move(bucket));
        }
    }
    level.buckets = std::move(merged);
    level.bucketNs *= 2;
}

double TimeSeriesBuffer::valueOf(const Bucket &bucket, int column) const
{
    const quint32 count = bucket.counts[size_t(column)];
    if (count == 0)
        return noValue;
    if (m_aggregates[size_t(column)] == Aggregate::Average)
        return bucket.values[size_t(column)] / double(count);
    return bucket.values[size_t(column)];
}

TimeSeriesBuffer::Points TimeSeriesBuffer::collect(const Level &level, qint64 fromNs, qint64 untilNs) const
{
    Points points;
    points.bucketNs = level.bucketNs;
    points.columns.resize(m_aggregates.size());
    const auto &buckets = level.buckets;
    auto first = std::partition_point(buckets.begin(), buckets.end(),
                                      [fromNs](const Bucket &b) { return b.lastNs <= fromNs; });
    if (first != buckets.begin())
        --first;
    const auto end = std::partition_point(first, buckets.end(), [untilNs](const Bucket &b) { return b.lastNs <= untilNs; });
    const auto count = size_t(end - first);
    points.timesNs.reserve(count);
    for (auto &column : points.columns)
        column.reserve(count);
    for (auto it = first; it != end; ++it) {
        points.timesNs.push_back(it->lastNs);
        for (int c = 0; c < columnCount(); ++c)
            points.columns[size_t(c)].push_back(valueOf(*it, c));
    }
    return points;
}

TimeSeriesBuffer::Points TimeSeriesBuffer::points(qint64 windowNs, qint64 untilNs) const
{
    if (isEmpty()) {
        Points none;
        none.columns.resize(m_aggregates.size());
        return none;
    }
    const bool wholeRun = windowNs <= 0;
    const qint64 endNs = std::min(untilNs, m_latestNs);
    const qint64 fromNs = wholeRun ? std::numeric_limits<qint64>::min() : endNs - windowNs;
    for (const Level &level : m_levels) {
        if (level.doubling)
            break;
        const auto &buckets = level.buckets;
        const bool covers = !level.dropped || (!wholeRun && buckets.front().firstNs <= fromNs);
        if (!covers)
            continue;
        const auto first = std::partition_point(buckets.begin(), buckets.end(),
                                                [fromNs](const Bucket &b) { return b.lastNs <= fromNs; });
        const auto end = std::partition_point(first, buckets.end(), [endNs](const Bucket &b) { return b.lastNs <= endNs; });
        if (end - first <= m_maxPoints)
            return collect(level, fromNs, endNs);
    }
    // The whole-run level always covers the run and never holds more than maxPoints.
    return collect(m_levels.back(), fromNs, endNs);
}

std::vector<int> TimeSeriesBuffer::levelSizes() const
{
    std::vector<int> sizes;
    for (const Level &level : m_levels)
        sizes.push_back(int(level.buckets.size()));
    return sizes;
}

qint64 TimeSeriesBuffer::wholeRunBucketNs() const
{
    return m_levels.back().bucketNs;
}
