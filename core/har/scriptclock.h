#pragma once

#include <QString>

// Turns a recorded frame's time into a script step's "at" (contract: timed from the moment the
// session opened), counted from the connection's start as the recording saw it.
class ScriptClock
{
public:
    explicit ScriptClock(double origin) : m_origin(origin) {}

    // "120ms": whole milliseconds after the origin; a time before it (clocks of a HAR disagree
    // by a few ms) is "0ms".
    QString at(double time) const;
    // "1.20 s", for notes a reader compares with the DevTools timeline.
    QString seconds(double time) const;
    // Milliseconds after the origin, from 0 to a year (clocks of a HAR are only JSON numbers).
    double milliseconds(double time) const;

private:
    double m_origin;
};
