#pragma once

#include <QString>

// Something that happened at a moment of a run and is drawn as a vertical line on every chart:
// a fault (from the scenario or a fault button) or a group's phase change.
struct TimelineMarker
{
    enum class Kind { Fault, Phase };
    qint64 elapsedNs = 0; // since the run started
    Kind kind = Kind::Fault;
    QString label;        // "restart (1s down)", "chat: hold"
};
