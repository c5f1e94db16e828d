#pragma once

#include "metrics/latencyhistogram.h"

#include <QString>

#include <vector>

// Additive client-side counts. Everything is a count of events, so intervals and totals are sums
// and merging threads is addition; "open" is derived (opened - closed).
struct ClientCounters
{
    quint64 connectAttempts = 0;   // every TCP/handshake attempt, first or reconnect
    quint64 connectsFirst = 0;     // sessions opened by a client's first successful connect
    quint64 reconnects = 0;        // sessions opened after a previous session of that client ended
    quint64 connectFailures = 0;   // attempts that did not reach an open session
    quint64 closes = 0;            // open sessions that ended (any reason)
    quint64 unexpectedCloses = 0;  // ... that the client did not ask for (server close, error, reset)
    quint64 messagesSent = 0;
    quint64 messagesReceived = 0;  // channel messages (and echo replies) received
    quint64 bytesSent = 0;
    quint64 bytesReceived = 0;
    quint64 lost = 0;              // sequence numbers skipped (not explained by a reset)
    quint64 duplicated = 0;        // sequence numbers received again
    quint64 outOfOrder = 0;        // sequence numbers lower than one already seen, first time
    quint64 resets = 0;            // server said the resume point was gone (sync.reset / event: reset / reset:true)
    quint64 sendsSkipped = 0;      // scheduled sends that could not go out (not connected)
    quint64 errors = 0;            // error envelopes, protocol errors, HTTP error statuses

    qint64 open() const { return qint64(connectsFirst + reconnects) - qint64(closes); }
    ClientCounters &operator+=(const ClientCounters &other);
    bool operator==(const ClientCounters &other) const = default;
};

// One group's (or all groups') measurements: counts and latency histograms, over an interval
// and since the start.
struct GroupMetrics
{
    QString name;
    QString protocol;              // "ws", "sse", "poll", "publish"; "all" for the total
    ClientCounters interval;
    ClientCounters total;
    LatencyHistogram latencyInterval;   // delivery latency (one-way in-process, else round trip)
    LatencyHistogram latencyTotal;
    LatencyHistogram handshakeInterval; // connect start to open session
    LatencyHistogram handshakeTotal;
    qint64 peakOpen = 0;
};

// Everything measured, once per tick (100 ms), merged from all threads (DESIGN section 6).
// A plain value that crosses threads: the runner, the GUI and the reports read it.
struct MetricsSnapshot
{
    int tick = 0;                  // 0, 1, 2 ...
    qint64 elapsedNs = 0;          // since the run started
    qint64 intervalNs = 0;         // covered by the interval fields
    GroupMetrics all;
    std::vector<GroupMetrics> groups;
    double cpuPercent = 0;         // this process, over the interval (100 = one core)
    std::vector<double> loopLagMs; // per client pool thread: how late its tick timer fired
    // The embedded server's view, when the target is embedded.
    bool hasServer = false;
    qint64 serverOpen = 0;
    quint64 serverPublished = 0;
    quint64 serverDelivered = 0;
    quint64 serverDroppedByFault = 0;

    double perSecond(quint64 intervalCount) const
    {
        return intervalNs > 0 ? double(intervalCount) * 1e9 / double(intervalNs) : 0.0;
    }
};
