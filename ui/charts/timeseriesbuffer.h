#pragma once

#include <QtGlobal>

#include <deque>
#include <limits>
#include <span>
#include <vector>

// What a live chart keeps of a run: several value columns per time point (one point per 100 ms
// snapshot), stored at more than one resolution so that any window (the last minute, the last
// 30 minutes, a whole 24 h run) comes back as at most maxPoints points and one
// QXYSeries::replace() per series stays cheap, while memory stays bounded however long the run.
//
// Levels, finest first:
//  - raw: every sample as it came, the newest `maxPoints` of them;
//  - fixed buckets (200 ms and 1 s by default): samples merged per bucket of that length,
//    the newest `maxPoints` buckets;
//  - the whole run: buckets that start at one sample period and double in length whenever
//    `maxPoints` are full (adjacent pairs merge), so the run from its start always fits.
// Each column says how samples merge: rates and averages average, the latency maximum takes the
// maximum (a 2 s stall must not become 0.2 s in a 10 s bucket), gauges may keep the last value.
// A NaN value means "no value" (no message delivered, so no latency): it is skipped when merging,
// and a point whose bucket held only NaNs in a column is NaN there.
// A plain value, no Qt objects; used from the GUI thread.
class TimeSeriesBuffer
{
public:
    enum class Aggregate { Average, Max, Last };

    struct Points
    {
        // Each point's time: the newest sample merged into it, so the newest point is always
        // the latest sample's time whatever the resolution.
        std::vector<qint64> timesNs;
        // columns[c][i]: column c at timesNs[i]; NaN where it had no value.
        std::vector<std::vector<double>> columns;
        qint64 bucketNs = 0; // the resolution these points came from; 0: raw samples
        int size() const { return int(timesNs.size()); }
    };

    // `fixedBucketsNs`: bucket lengths of the fixed levels between raw samples and the
    // whole-run level, ascending. `samplePeriodNs` is the whole-run level's first bucket length.
    explicit TimeSeriesBuffer(std::vector<Aggregate> columns, int maxPoints = 2000,
                              std::vector<qint64> fixedBucketsNs = {200'000'000, 1'000'000'000},
                              qint64 samplePeriodNs = 100'000'000);

    int columnCount() const { return int(m_aggregates.size()); }
    int maxPoints() const { return m_maxPoints; }
    Aggregate aggregate(int column) const { return m_aggregates[size_t(column)]; }

    // Adds one sample; `values` has one value per column. A time before the latest one is
    // refused (false): a new run starts with clear().
    bool append(qint64 timeNs, std::span<const double> values);
    void clear();

    bool isEmpty() const { return m_sampleCount == 0; }
    qint64 sampleCount() const { return m_sampleCount; }
    qint64 latestTimeNs() const { return m_latestNs; }

    // The newest `windowNs` (points with time > latest - windowNs), or the whole run when
    // windowNs <= 0, from the finest level that still holds all of it in at most maxPoints
    // points. One more point from just before the window is included when there is one, so a
    // line reaches the window's left edge instead of starting inside it.
    // With `untilNs`, the window ends there instead (a paused view): newer points are left out.
    Points points(qint64 windowNs, qint64 untilNs = std::numeric_limits<qint64>::max()) const;

    // For tests and memory checks: how many buckets each level holds (raw first, whole run
    // last), and the whole-run level's current bucket length.
    std::vector<int> levelSizes() const;
    qint64 wholeRunBucketNs() const;

private:
    struct Bucket
    {
        qint64 key = 0;     // bucket number (time / bucketNs), or the sample number for raw
        qint64 firstNs = 0; // oldest sample merged into it
        qint64 lastNs = 0;  // newest sample merged into it
        std::vector<double> values;   // per column: sum (Average), max (Max) or last (Last)
        std::vector<quint32> counts;  // per column: non-NaN samples merged
    };
    struct Level
    {
        qint64 bucketNs = 0; // 0: raw
        bool doubling = false;
        bool dropped = false; // the oldest data has been let go (so it no longer covers the run)
        std::deque<Bucket> buckets;
    };

    void addTo(Level &level, qint64 timeNs, std::span<const double> values);
    void mergeInto(Bucket &into, const Bucket &from) const;
    void halve(Level &level) const;
    double valueOf(const Bucket &bucket, int column) const;
    Points collect(const Level &level, qint64 fromNs, qint64 untilNs) const;

    std::vector<Aggregate> m_aggregates;
    int m_maxPoints;
    qint64 m_samplePeriodNs;
    std::vector<Level> m_levels; // raw, fixed..., whole run
    qint64 m_sampleCount = 0;
    qint64 m_latestNs = 0;
};
