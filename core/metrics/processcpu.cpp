#include "metrics/processcpu.h"

#include <time.h>

qint64 ProcessCpu::cpuTimeNs()
{
    timespec now{};
    // Sums every thread of the process, including threads that have already exited.
    if (clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &now) != 0)
        return 0;
    return qint64(now.tv_sec) * 1'000'000'000 + now.tv_nsec;
}

void ProcessCpu::restart(qint64 wallNs)
{
    m_lastCpuNs = cpuTimeNs();
    m_lastWallNs = wallNs;
}

double ProcessCpu::sample(qint64 wallNs)
{
    const qint64 cpuNs = cpuTimeNs();
    const double result = percent(cpuNs - m_lastCpuNs, wallNs - m_lastWallNs);
    m_lastCpuNs = cpuNs;
    m_lastWallNs = wallNs;
    return result;
}
