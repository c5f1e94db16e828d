#include "harrecording.h"

#include <cmath>

QString HarConnection::header(QStringView name) const
{
    for (const auto &[key, value] : requestHeaders) {
        if (QStringView(key).compare(name, Qt::CaseInsensitive) == 0)
            return value;
    }
    return {};
}

double HarConnection::origin() const
{
    if (frames.isEmpty())
        return std::isfinite(openedAt) ? openedAt : 0.0;
    double first = frames.first().time;
    for (const HarFrame &frame : frames)
        first = std::min(first, frame.time);
    // startedDateTime is a wall-clock time with millisecond precision, the frames' times too; an
    // open more than an hour before the first frame is a file whose clocks disagree.
    // The handshake's timings are rounded, so an open just after the first frame falls back to
    // the request's start.
    constexpr double plausibleGap = 3600.0;
    for (const double candidate : {openedAt, startedAt}) {
        if (std::isfinite(candidate) && candidate <= first && first - candidate < plausibleGap)
            return candidate;
    }
    return first;
}

double HarConnection::lastTime() const
{
    double last = origin();
    for (const HarFrame &frame : frames)
        last = std::max(last, frame.time);
    return last;
}
