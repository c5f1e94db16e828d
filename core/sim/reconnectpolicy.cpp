#include "reconnectpolicy.h"

#include <algorithm>
#include <cmath>
#include <limits>

ReconnectPolicy::ReconnectPolicy(const scenario::ReconnectSettings &settings, quint64 seed)
    : m_settings(settings)
    , m_random(seed)
{
}

bool ReconnectPolicy::exhausted() const
{
    if (!m_settings.enabled)
        return true;
    return m_settings.maxAttempts > 0 && m_attempts >= m_settings.maxAttempts;
}

void ReconnectPolicy::setServerRetry(milliseconds retry)
{
    m_serverRetry = std::max(retry, milliseconds{0});
}

ReconnectPolicy::milliseconds ReconnectPolicy::backoffFor(int attempt) const
{
    const double base = double((m_serverRetry ? *m_serverRetry : m_settings.initialDelay).count());
    const double cap = std::max(double(m_settings.maxDelay.count()), m_serverRetry ? base : 0.0);
    // Computed in double and capped before converting: multiplier^k overflows any integer long
    // before a client gives up.
    const double exponent = double(std::max(attempt, 1) - 1);
    double delay = base * std::pow(std::max(m_settings.multiplier, 0.0), exponent);
    if (!std::isfinite(delay) || delay > cap)
        delay = cap;
    return milliseconds{qint64(std::max(delay, 0.0))};
}

ReconnectPolicy::milliseconds ReconnectPolicy::nextDelay()
{
    ++m_attempts;
    const qint64 d = backoffFor(m_attempts).count();
    switch (m_settings.jitter) {
    case scenario::ReconnectSettings::Jitter::None:
        return milliseconds{d};
    case scenario::ReconnectSettings::Jitter::Full:
        return milliseconds{uniform(d)};
    case scenario::ReconnectSettings::Jitter::Equal:
        // The upper half is fixed, the lower half random: [ceil(d/2), d].
        return milliseconds{(d - d / 2) + uniform(d / 2)};
    }
    return milliseconds{d};
}

qint64 ReconnectPolicy::uniform(qint64 max)
{
    if (max <= 0)
        return 0;
    // Rejection sampling: unbiased, and the same numbers on every platform for a given seed.
    const quint64 range = quint64(max) + 1;
    const quint64 limit = std::numeric_limits<quint64>::max() - std::numeric_limits<quint64>::max() % range;
    quint64 value;
    do {
        value = m_random();
    } while (value >= limit);
    return qint64(value % range);
}
