#pragma once

#include <QString>

// Whether SocketScope itself is busy enough to distort what it measures (DESIGN section 6): a
// load generator that runs out of CPU, or whose event loops fire late, reports its own delays
// as the server's latency. The status bar shows the verdict as green, amber or red.
struct ToolHealth
{
    enum class Level { Good, Strained, Distorting };

    double cpuPercent = 0;   // this process, 100 = one core
    int cores = 1;           // cores the process may use
    double loopLagMs = 0;    // the worst event loop's lateness (GUI thread and client pools)

    // Amber from 70 % of all cores or 20 ms of loop lag; red from 90 % or 100 ms. The lag
    // bounds sit well above a tick's timer slack and below what a 100 ms snapshot would smear.
    Level level() const;
    static QString levelName(Level level);
};
