#pragma once

#include <QtGlobal>

// This process's CPU use, so users see when the load generator itself is the bottleneck
// (DESIGN section 6). Owned by the Aggregator, which samples it once per tick.
// Not thread-safe; one sampler.
class ProcessCpu
{
public:
    // CPU time consumed by all threads of this process so far (CLOCK_PROCESS_CPUTIME_ID).
    static qint64 cpuTimeNs();

    // Starts a new interval at `wallNs` (MonotonicClock time).
    void restart(qint64 wallNs);
    // CPU time used since the last restart()/sample() as a percentage of the wall time between
    // them (100 = one core busy, 200 = two), and starts the next interval at `wallNs`.
    double sample(qint64 wallNs);

    // The same arithmetic, for tests: cpu over wall, in percent; 0 for an empty interval.
    static double percent(qint64 cpuNs, qint64 wallNs)
    {
        return wallNs > 0 ? 100.0 * double(cpuNs) / double(wallNs) : 0.0;
    }

private:
    qint64 m_lastCpuNs = 0;
    qint64 m_lastWallNs = 0;
};
