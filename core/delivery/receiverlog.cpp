#include "delivery/receiverlog.h"

#include "metrics/metricssnapshot.h"

#include <algorithm>

ReceiverLog::ReceiverLog(int clientNumber, int groupIndex, QString channel, bool joinSessions)
    : m_clientNumber(clientNumber)
    , m_groupIndex(groupIndex)
    , m_channel(std::move(channel))
    , m_joinSessions(joinSessions)
{
}

void ReceiverLog::sessionOpened(qint64 nowNs)
{
    m_sessions.push_back({nowNs, -1});
    if (!m_joinSessions) {
        // A new window: what a sender sent while this client was away is not expected, so the
        // first number from each sender in this session starts its count again.
        for (auto &[sender, from] : m_senders)
            from.highest = 0;
    }
}

void ReceiverLog::sessionClosed(qint64 nowNs)
{
    if (!m_sessions.empty() && m_sessions.back().second < 0)
        m_sessions.back().second = nowNs;
}

ReceiverLog::Observation ReceiverLog::observe(int sender, quint64 seq)
{
    ++m_checked;
    FromSender &from = m_senders[sender];
    if (!from.received.insert(seq)) {
        ++m_duplicated;
        return Observation::Duplicate;
    }
    if (from.highest == 0) {
        from.highest = seq;
        return Observation::First;
    }
    if (seq > from.highest) {
        const quint64 skipped = seq - from.highest - 1;
        // Numbers in the gap that already arrived (late, before this one) are not missing.
        m_liveLost += skipped - std::min(skipped, from.received.countIn(from.highest + 1, seq - 1));
        from.highest = seq;
        return skipped == 0 ? Observation::InOrder : Observation::Gap;
    }
    // Lower than one already seen, and new: it arrived late. If it fell in a gap counted lost,
    // that loss is taken back.
    ++m_outOfOrder;
    if (m_liveLost > 0)
        --m_liveLost;
    return Observation::Late;
}

void ReceiverLog::addTo(ClientCounters &into)
{
    into.duplicated += m_duplicated - m_reportedDuplicated;
    into.outOfOrder += m_outOfOrder - m_reportedOutOfOrder;
    into.checkedBySender += m_checked - m_reportedChecked;
    m_reportedDuplicated = m_duplicated;
    m_reportedOutOfOrder = m_outOfOrder;
    m_reportedChecked = m_checked;
    if (m_liveLost >= m_reportedLost) {
        into.lost += m_liveLost - m_reportedLost;
        m_reportedLost = m_liveLost;
    } else {
        const quint64 takeBack = std::min(m_reportedLost - m_liveLost, into.lost);
        into.lost -= takeBack;
        m_reportedLost -= takeBack;
    }
}

std::vector<std::pair<qint64, qint64>> ReceiverLog::windows() const
{
    if (!m_joinSessions || m_sessions.empty())
        return m_sessions;
    return {{m_sessions.front().first, m_sessions.back().second}};
}

const IntervalSet *ReceiverLog::receivedFrom(int sender) const
{
    const auto it = m_senders.find(sender);
    return it == m_senders.end() ? nullptr : &it->second.received;
}
