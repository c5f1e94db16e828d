#pragma once

#include "scenario/scenario.h"

#include <chrono>
#include <random>

// Churn (docs/scenarios.md "churn"): how long each simulated session lasts before its client
// ends it on purpose, or, for rate churn, when the group's next disconnect happens. One per group
// per client pool thread, owned by the ClientPool; seeded, so a run with the same scenario seed
// churns the same way.
class SessionLength
{
public:
    using milliseconds = std::chrono::milliseconds;

    SessionLength(const scenario::ChurnSettings &settings, quint64 seed);

    // The length of the next session: Fixed: sessionLength; Uniform: uniform in
    // [sessionMin, sessionMax]; Exponential: exponential with mean sessionLength (memoryless: a
    // session is as likely to end in the next second whatever its age). At least 1 ms, so a
    // session always opens before it ends. Zero for None and Rate, which plan no session ends.
    milliseconds nextSessionLength();

    // Rate churn: the time to the group's next disconnect when disconnects happen at
    // `ratePerSecond` as a Poisson process: exponential gaps with mean 1/rate. The sub-millisecond
    // remainder of each gap is carried into the next, so the long-run rate is exact even when the
    // mean gap is a millisecond or less. A rate of zero or less: a year (never, in a run, and
    // still safe to add to a clock reading).
    milliseconds nextDisconnectGap(double ratePerSecond);

    const scenario::ChurnSettings &settings() const { return m_settings; }

private:
    // Uniform in [0, 1) with 53 random bits; computed from the raw generator output so the values
    // are the same on every standard library.
    double uniform01();
    double exponential(double mean);

    scenario::ChurnSettings m_settings;
    std::mt19937_64 m_random;
    double m_gapCarryMs = 0;
};
