#pragma once

#include "jsonobject.h"

#include <cstdint>
#include <string_view>

// Tells the driver (bench/scalebench) where a run is, one line on stderr per phase:
//   wsloadgen: phase open 10000      all connections are ready
//   wsloadgen: phase settled 10000   after the quiet time (the server's RSS is read here)
//   wsloadgen: phase measure 10000   the measured traffic starts
//   wsloadgen: phase done 10000      it ended (the server's CPU time is read at measure and done)
// and keeps the generator's own CPU time between measure and done, to show whether the
// generator kept up or was itself the bottleneck.
class PhaseReporter
{
public:
    void announce(std::string_view phase, int connections);
    // cpu_seconds, wall_seconds, cpu_share (of one core) between measure and done; max RSS.
    JsonObject generatorJson() const;

private:
    static int64_t processCpuNs();

    int64_t m_measureWallNs = 0;
    int64_t m_measureCpuNs = 0;
    int64_t m_doneWallNs = 0;
    int64_t m_doneCpuNs = 0;
};
