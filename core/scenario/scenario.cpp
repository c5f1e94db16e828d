#include "scenario/scenario.h"

#include <algorithm>

namespace scenario {

QString Group::channelFor(int clientIndex) const
{
    if (channels <= 1)
        return channel;
    return channel + QLatin1Char('-') + QString::number(clientIndex % channels);
}

milliseconds Scenario::effectiveDuration() const
{
    if (duration)
        return *duration;
    milliseconds longest{0};
    for (const Group &group : groups)
        longest = std::max(longest, group.phases.total());
    for (const FaultStep &fault : faults)
        longest = std::max(longest, fault.at + fault.duration);
    return longest;
}

} // namespace scenario
