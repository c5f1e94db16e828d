#include "phasereporter.h"

#include "monotonicclock.h"

#include <sys/resource.h>

#include <cstdio>
#include <string>

void PhaseReporter::announce(std::string_view phase, int connections)
{
    if (phase == "measure") {
        m_measureWallNs = MonotonicClock::nowNs();
        m_measureCpuNs = processCpuNs();
    } else if (phase == "done") {
        m_doneWallNs = MonotonicClock::nowNs();
        m_doneCpuNs = processCpuNs();
    }
    std::fprintf(stderr, "wsloadgen: phase %.*s %d\n", int(phase.size()), phase.data(), connections);
    std::fflush(stderr);
}

int64_t PhaseReporter::processCpuNs()
{
    timespec cpu{};
    ::clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &cpu);
    return int64_t(cpu.tv_sec) * MonotonicClock::nsPerSecond + cpu.tv_nsec;
}

JsonObject PhaseReporter::generatorJson() const
{
    JsonObject json;
    const int64_t wall = m_doneWallNs - m_measureWallNs;
    const int64_t cpu = m_doneCpuNs - m_measureCpuNs;
    json.add("measure_wall_seconds", double(wall) / 1e9);
    json.add("measure_cpu_seconds", double(cpu) / 1e9);
    json.add("measure_cpu_share", wall > 0 ? double(cpu) / double(wall) : 0.0);
    rusage usage{};
    ::getrusage(RUSAGE_SELF, &usage);
    json.add("max_rss_kb", int64_t(usage.ru_maxrss));
    return json;
}
