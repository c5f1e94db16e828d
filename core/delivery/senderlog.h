#pragma once

#include <QString>

#include <vector>

// What one simulated client sent with per-sender stamps ({{client}} and {{seq}} in its template,
// docs/scenarios.md "Delivery accounting"): the time each numbered message went out. Sequence
// numbers are 1, 2, 3 ... across the client's reconnects, so seq n was sent at sentNs()[n - 1].
// Written by the client's pool thread; read by DeliveryReconciler once the pools have stopped.
class SenderLog
{
public:
    SenderLog(int clientNumber, int groupIndex, QString channel)
        : m_clientNumber(clientNumber), m_groupIndex(groupIndex), m_channel(std::move(channel)) {}

    // The number the next send carries (the last one's + 1).
    quint64 nextSeq() const { return quint64(m_sentNs.size()) + 1; }
    // The send numbered nextSeq() went out at `nowNs` (MonotonicClock).
    void recordSent(qint64 nowNs) { m_sentNs.push_back(nowNs); }

    int clientNumber() const { return m_clientNumber; }
    int groupIndex() const { return m_groupIndex; }
    const QString &channel() const { return m_channel; }
    // Non-decreasing: sends of one client go out in order on its own thread.
    const std::vector<qint64> &sentNs() const { return m_sentNs; }
    quint64 sent() const { return quint64(m_sentNs.size()); }

private:
    int m_clientNumber;
    int m_groupIndex;
    QString m_channel;
    std::vector<qint64> m_sentNs;
};
