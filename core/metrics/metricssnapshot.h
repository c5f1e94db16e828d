#pragma once

#include "metrics/latencyhistogram.h"

#include <QMap>
#include <QString>

#include <algorithm>
#include <vector>

// Additive client-side counts. Everything is a count of events, so intervals and totals are sums
// and merging threads is addition; "open" is derived (opened - closed).
struct ClientCounters
{
    quint64 connectAttempts = 0;   // every TCP/handshake attempt, first or reconnect
    quint64 connectsFirst = 0;     // sessions opened by a client's first successful connect
    quint64 reconnects = 0;        // sessions opened after a previous session of that client ended
    quint64 connectFailures = 0;   // attempts that did not reach an open session (rejections included)
    // Sessions the server closed within reconnect.minSession of opening, before any delivery (a
    // wrong token answered with an accepted upgrade and a 4001): counted in connectsFirst or
    // reconnects when they opened (the gauge was right then) and here when they were found out,
    // and in connectFailures. connects() takes them back out.
    quint64 rejectedSessions = 0;
    quint64 closes = 0;            // open sessions that ended (any reason)
    quint64 unexpectedCloses = 0;  // ... that the client did not ask for (server close, error, reset)
    quint64 messagesSent = 0;
    quint64 messagesReceived = 0;  // channel messages (and echo replies) received; with receive
                                   // rules, the messages that matched (the deliveries)
    quint64 otherReceived = 0;     // with receive rules: messages that did not match (heartbeats, acks)
    quint64 bytesSent = 0;
    quint64 bytesReceived = 0;
    quint64 lost = 0;              // sequence numbers skipped (not explained by a reset); per-sender
                                   // accounting: sends not received; correlation: requests timed out
    quint64 duplicated = 0;        // sequence numbers received again
    quint64 outOfOrder = 0;        // sequence numbers lower than one already seen, first time
    quint64 resets = 0;            // server said the resume point was gone (sync.reset / event: reset / reset:true)
    quint64 sendsSkipped = 0;      // scheduled sends that could not go out (not connected)
    quint64 errors = 0;            // error envelopes, protocol errors, HTTP error statuses
    // Deliveries whose arrival was checked, by the accounting that checked them
    // (docs/scenarios.md, "Delivery accounting"): a loss threshold over none of them checked nothing.
    quint64 checkedBySequence = 0;     // the embedded server's channel sequence numbers
    quint64 checkedBySender = 0;       // receive.sender + receive.seq
    quint64 checkedByCorrelation = 0;  // receive.correlate, acks, GraphQL operations: answered or timed out
    quint64 checkedByScript = 0;       // a script's expect steps: met or timed out
    quint64 streams = 0;               // SSE streams that ended (with at least one event or not)
    quint64 streamEvents = 0;          // events of those streams
    quint64 streamBytes = 0;           // event data bytes of those streams
    // How sessions and requests ended, counted by what happened: "close 4001 Unauthorized",
    // "HTTP 401", "connection refused", "HTTP 202" (a publish's answer) ... Rare events (a
    // connection's end, a response), never per message, so a map is cheap enough.
    QMap<QString, quint64> outcomes;
    QMap<QString, quint64> subprotocols; // the subprotocol the server chose, per session opened

    qint64 open() const { return qint64(connectsFirst + reconnects) - qint64(closes); }
    // Sessions that really connected: opened and not found out as rejections.
    quint64 connects() const { return connectsFirst + reconnects - std::min(rejectedSessions, connectsFirst + reconnects); }
    quint64 checked() const { return checkedBySequence + checkedBySender + checkedByCorrelation + checkedByScript; }
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
    LatencyHistogram latencyInterval;   // one-way delivery latency (sender and receiver share this process's clock)
    LatencyHistogram latencyTotal;
    LatencyHistogram handshakeInterval; // connect start to open session
    LatencyHistogram handshakeTotal;
    LatencyHistogram rttInterval;       // a request to its correlated answer (receive.correlate, echo)
    LatencyHistogram rttTotal;
    LatencyHistogram serverLatencyInterval; // a server's own timestamp (wall clock) to receipt
    LatencyHistogram serverLatencyTotal;
    LatencyHistogram streamFirstEventTotal; // SSE: request sent to the stream's first event
    LatencyHistogram streamGapTotal;        // SSE: between consecutive events of a stream
    LatencyHistogram streamDurationTotal;   // SSE: request sent to the stream's end
    qint64 peakOpen = 0;
    // Per-sender accounting's end-of-run reconciliation (docs/scenarios.md, "Delivery
    // accounting"), set on the final snapshot only: sends that fell into a receiver's window,
    // and how many of those arrived. total.lost then holds expected - received for it.
    bool reconciled = false;
    quint64 reconciledExpected = 0;
    quint64 reconciledReceived = 0;

    // Which accountings checked this group's deliveries: "per sender", "server sequence",
    // "round trip", joined with " + ", or "none" (docs/reports.md).
    QString accounting() const;
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
    // presence.join / presence.leave events per second over the interval (docs/server.md,
    // "Presence"): flapping under churn. With staged instances, the busiest instance's (each
    // announces every join in the cluster to its own subscribers).
    double presenceJoinsPerSecond = 0;
    double presenceLeavesPerSecond = 0;
    // Several instances (docs/scenarios.md, "Several instances"): each instance's last /metrics
    // sample, in instance order; empty for the one embedded server and for URL targets.
    struct Instance
    {
        bool listening = false;
        qint64 open = 0;              // WebSocket + SSE + poll connections on it
        double deliveredPerSecond = 0; // by this instance to its clients, over the last second
        // Publish on any instance -> received from the broker on this one, the mean over the
        // last second; NaN when nothing crossed the bus.
        double crossInstanceLatencyMs = 0;
        bool brokerUp = false;
        double brokerRoundTripMs = 0;
    };
    std::vector<Instance> instances;

    double perSecond(quint64 intervalCount) const
    {
        return intervalNs > 0 ? double(intervalCount) * 1e9 / double(intervalNs) : 0.0;
    }
};
