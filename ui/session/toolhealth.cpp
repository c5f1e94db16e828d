#include "toolhealth.h"

#include <algorithm>

ToolHealth::Level ToolHealth::level() const
{
    const double share = cpuPercent / (100.0 * std::max(1, cores));
    if (share >= 0.90 || loopLagMs >= 100)
        return Level::Distorting;
    if (share >= 0.70 || loopLagMs >= 20)
        return Level::Strained;
    return Level::Good;
}

QString ToolHealth::levelName(Level level)
{
    switch (level) {
    case Level::Good: return QStringLiteral("good");
    case Level::Strained: return QStringLiteral("strained");
    case Level::Distorting: return QStringLiteral("distorting");
    }
    return {};
}
