#include "delivery/pendingrequests.h"

void PendingRequests::add(const QString &key, qint64 intendedNs)
{
    m_waiting.insert(key, intendedNs);
    m_order.emplace_back(intendedNs, key);
}

qint64 PendingRequests::resolve(const QString &key)
{
    const auto it = m_waiting.find(key);
    if (it == m_waiting.end())
        return -1;
    const qint64 intendedNs = it.value();
    m_waiting.erase(it);
    return intendedNs;
}

quint64 PendingRequests::expireBefore(qint64 deadlineNs)
{
    quint64 expired = 0;
    while (!m_order.empty() && m_order.front().first < deadlineNs) {
        const auto &[sentNs, key] = m_order.front();
        const auto it = m_waiting.find(key);
        // Only if this entry is the one waiting (a key sent twice waits once, from its last send).
        if (it != m_waiting.end() && it.value() == sentNs) {
            m_waiting.erase(it);
            ++expired;
        }
        m_order.pop_front();
    }
    // Resolved entries at the front are dropped as they come up; bound the rest.
    if (m_waiting.isEmpty())
        m_order.clear();
    return expired;
}
