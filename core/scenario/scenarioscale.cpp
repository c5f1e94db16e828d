#include "scenario/scenarioscale.h"

#include <algorithm>
#include <cmath>

namespace scenario {

namespace {

milliseconds scaleTime(milliseconds value, double factor)
{
    return milliseconds(qint64(std::llround(double(value.count()) * factor)));
}

} // namespace

Scenario scaled(const Scenario &original, double clientScale, double timeScale)
{
    Scenario result = original;
    for (Group &group : result.groups) {
        group.clients = std::max(1, int(std::lround(group.clients * clientScale)));
        group.channels = std::clamp(group.channels, 1, std::max(1, group.clients));
        if (group.arrivalsPerSecond)
            *group.arrivalsPerSecond *= clientScale / timeScale;
        group.phases.delay = scaleTime(group.phases.delay, timeScale);
        group.phases.rampUp = scaleTime(group.phases.rampUp, timeScale);
        group.phases.hold = scaleTime(group.phases.hold, timeScale);
        group.phases.rampDown = scaleTime(group.phases.rampDown, timeScale);
        group.churn.disconnectsPerSecond *= clientScale;
    }
    for (FaultStep &fault : result.faults) {
        fault.at = scaleTime(fault.at, timeScale);
        if (fault.action != FaultAction::Restart) // a restart's downtime is the server's behaviour
            fault.duration = scaleTime(fault.duration, timeScale);
    }
    if (result.duration)
        result.duration = scaleTime(*result.duration, timeScale);
    return result;
}

} // namespace scenario
