#pragma once

#include "delivery/intervalset.h"

#include <QString>

#include <unordered_map>
#include <utility>
#include <vector>

struct ClientCounters;

// What one simulated client received with per-sender stamps (receive.sender + receive.seq,
// docs/scenarios.md "Delivery accounting"), and when it was open to receive. Live, each message
// is judged against what came before it from the same sender: the next number, a gap (counted
// lost until the missing numbers arrive), a duplicate, or a late arrival (out of order). At the
// end DeliveryReconciler compares the received sets with what each sender sent while this
// client was open, which also catches what no later message revealed: the last messages of a
// run, or a receiver that never got anything.
// Written by the client's pool thread; read by DeliveryReconciler once the pools have stopped.
class ReceiverLog
{
public:
    enum class Observation { First, InOrder, Gap, Duplicate, Late };

    // `joinSessions`: the group resumes (the server replays what a client missed while away), so
    // its sessions are one window and a gap across a reconnect is loss; without it each session
    // is its own window.
    ReceiverLog(int clientNumber, int groupIndex, QString channel, bool joinSessions);

    void sessionOpened(qint64 nowNs);
    void sessionClosed(qint64 nowNs);
    Observation observe(int sender, quint64 seq);
    // Adds what changed since the last call into a thread's interval counters (lost,
    // duplicated, outOfOrder, checkedBySender), carrying a loss taken back (a late arrival)
    // over to later calls as SequenceTracker::addTo() does, so the counters never go negative.
    void addTo(ClientCounters &into);

    int clientNumber() const { return m_clientNumber; }
    int groupIndex() const { return m_groupIndex; }
    const QString &channel() const { return m_channel; }
    // The times this client was open, [opened, closed] (MonotonicClock); one window when the
    // sessions are joined. A window still open has closed == -1.
    std::vector<std::pair<qint64, qint64>> windows() const;
    // What arrived from `sender` (its client number); null if nothing did.
    const IntervalSet *receivedFrom(int sender) const;
    // The loss this log has put into the counters so far (live gaps), which the end-of-run
    // reconciliation replaces with what it finds.
    quint64 reportedLost() const { return m_reportedLost; }

private:
    struct FromSender
    {
        IntervalSet received;
        quint64 highest = 0;            // this session's (or, joined, the run's) highest number
    };

    int m_clientNumber;
    int m_groupIndex;
    QString m_channel;
    bool m_joinSessions;
    std::vector<std::pair<qint64, qint64>> m_sessions;
    std::unordered_map<int, FromSender> m_senders;
    quint64 m_liveLost = 0;             // gaps not yet filled
    quint64 m_duplicated = 0;
    quint64 m_outOfOrder = 0;
    quint64 m_checked = 0;
    quint64 m_reportedLost = 0, m_reportedDuplicated = 0, m_reportedOutOfOrder = 0, m_reportedChecked = 0;
};
