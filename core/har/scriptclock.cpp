#include "scriptclock.h"

#include <QtMath>

#include <algorithm>
#include <cmath>

double ScriptClock::milliseconds(double time) const
{
    // A HAR's times are any JSON numbers; a script step is at most a year in.
    constexpr double year = 365.0 * 24 * 3600 * 1000;
    const double ms = (time - m_origin) * 1000.0;
    if (std::isnan(ms))
        return 0;
    return std::clamp(ms, 0.0, year);
}

QString ScriptClock::at(double time) const
{
    return QString::number(qRound64(milliseconds(time))) + QStringLiteral("ms");
}

QString ScriptClock::seconds(double time) const
{
    return QString::number(milliseconds(time) / 1000.0, 'f', 2) + QStringLiteral(" s");
}
