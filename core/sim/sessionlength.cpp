#include "sessionlength.h"

#include <algorithm>
#include <cmath>

using Kind = scenario::ChurnSettings::Kind;

SessionLength::SessionLength(const scenario::ChurnSettings &settings, quint64 seed)
    : m_settings(settings)
    , m_random(seed)
{
}

double SessionLength::uniform01()
{
    return double(m_random() >> 11) * 0x1.0p-53;
}

double SessionLength::exponential(double mean)
{
    // Inverse transform: -mean * ln(1 - U), U in [0, 1), so the logarithm's argument is never 0.
    return -mean * std::log1p(-uniform01());
}

SessionLength::milliseconds SessionLength::nextSessionLength()
{
    qint64 ms = 0;
    switch (m_settings.kind) {
    case Kind::None:
    case Kind::Rate:
        return milliseconds{0};
    case Kind::Fixed:
        ms = m_settings.sessionLength.count();
        break;
    case Kind::Uniform: {
        const qint64 lo = std::min(m_settings.sessionMin.count(), m_settings.sessionMax.count());
        const qint64 hi = std::max(m_settings.sessionMin.count(), m_settings.sessionMax.count());
        // Every millisecond in [lo, hi] equally likely (the endpoints included).
        ms = lo + std::min(hi - lo, qint64(uniform01() * double(hi - lo + 1)));
        break;
    }
    case Kind::Exponential:
        ms = qint64(std::llround(exponential(double(m_settings.sessionLength.count()))));
        break;
    }
    return milliseconds{std::max<qint64>(ms, 1)};
}

SessionLength::milliseconds SessionLength::nextDisconnectGap(double ratePerSecond)
{
    if (!(ratePerSecond > 0) || !std::isfinite(ratePerSecond))
        return std::chrono::duration_cast<milliseconds>(std::chrono::hours(24 * 365));
    const double gapMs = exponential(1000.0 / ratePerSecond) + m_gapCarryMs;
    const double whole = std::floor(gapMs);
    m_gapCarryMs = gapMs - whole;
    return milliseconds{qint64(whole)};
}
