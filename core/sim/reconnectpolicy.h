#pragma once

#include "scenario/scenario.h"
#include "sim/splitmix64.h"

#include <chrono>
#include <optional>

// How long a simulated client waits before its next connect attempt (DESIGN section 5,
// docs/scenarios.md "reconnect"): exponential backoff from an initial delay, capped, with jitter,
// and an optional limit on attempts. One per client, owned by it and used on its thread only.
// Seeded, so a scenario with the same seed waits the same way every run.
class ReconnectPolicy
{
public:
    using milliseconds = std::chrono::milliseconds;

    ReconnectPolicy(const scenario::ReconnectSettings &settings, quint64 seed);

    // The delay before attempt k = attempts() + 1, and counts that attempt:
    // base * multiplier^(k-1), capped at maxDelay, then jittered:
    //   None: exactly that; Full: uniform in [0, d]; Equal: d/2 + uniform in [0, d/2].
    // Check exhausted() first: past maxAttempts this still answers, but the client should give up.
    milliseconds nextDelay();
    // The delay for attempt k (1-based) before jitter. Does not count anything.
    milliseconds backoffFor(int attempt) const;

    // A session opened: the next loss of connection starts again from the initial delay.
    void reset() { m_attempts = 0; }
    int attempts() const { return m_attempts; }
    // Reconnecting is off, or maxAttempts (> 0) attempts have been made since the last reset().
    bool exhausted() const;
    bool isEnabled() const { return m_settings.enabled; }

    // WHATWG SSE: a retry: field sets the stream's reconnection time. For SSE clients it replaces
    // the initial delay as the base of the backoff (the multiplier, cap and jitter still apply, as
    // the spec lets user agents add backoff); a server asking for more than maxDelay gets it.
    void setServerRetry(milliseconds retry);
    std::optional<milliseconds> serverRetry() const { return m_serverRetry; }

    // The wait after a close the server announced as planned: WebSocket 1001 "Going Away" (the
    // embedded server's graceful stop and the restart fault). Zero, and not counted as an attempt:
    // the server is coming back on the same port and clients are expected to resume immediately;
    // what a restart test measures is how fast the server takes the reconnect storm back
    // (recovery.time, connects.peakPerSecond), which a backoff would hide behind the client's own
    // timer. If the server is not listening yet, that connect fails and the normal backoff, from
    // attempt 1, takes over.
    static constexpr milliseconds expectedCloseDelay() { return milliseconds{0}; }

private:
    // Uniform integer in [0, max], from the generator's raw output so the sequence is the same
    // on every standard library (std::uniform_int_distribution is implementation-defined).
    qint64 uniform(qint64 max);

    scenario::ReconnectSettings m_settings;
    std::optional<milliseconds> m_serverRetry;
    SplitMix64 m_random;          // 8 bytes: one policy per simulated client
    int m_attempts = 0;
};
