#pragma once

#include <cstdint>
#include <ctime>

// One clock for every timestamp the generator takes: send times embedded in payloads, receive
// times, deadlines. CLOCK_MONOTONIC never jumps, and all connections live in this one process,
// so a one-way latency computed from it is exact.
namespace MonotonicClock {

inline int64_t nowNs()
{
    timespec now{};
    ::clock_gettime(CLOCK_MONOTONIC, &now);
    return int64_t(now.tv_sec) * 1'000'000'000 + now.tv_nsec;
}

constexpr int64_t nsPerMs = 1'000'000;
constexpr int64_t nsPerSecond = 1'000'000'000;

inline int64_t secondsToNs(double seconds)
{
    return int64_t(seconds * double(nsPerSecond));
}

} // namespace MonotonicClock
