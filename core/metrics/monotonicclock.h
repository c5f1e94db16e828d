#pragma once

#include <QtGlobal>

#include <time.h>

// One monotonic clock for the whole process (CLOCK_MONOTONIC, nanoseconds). Server and simulated
// clients in the same process stamp with it, so one-way latency between them is exact.
namespace MonotonicClock {

inline qint64 nowNs()
{
    timespec now{};
    clock_gettime(CLOCK_MONOTONIC, &now);
    return qint64(now.tv_sec) * 1'000'000'000 + now.tv_nsec;
}

} // namespace MonotonicClock
