#include "addresslimiter.h"

bool AddressLimiter::tryAcquire(const QHostAddress &peer, int limit)
{
    QMutexLocker lock(&m_mutex);
    int &open = m_open[peer];
    if (limit > 0 && open >= limit)
        return false;
    ++open;
    return true;
}

void AddressLimiter::release(const QHostAddress &peer)
{
    QMutexLocker lock(&m_mutex);
    auto it = m_open.find(peer);
    if (it == m_open.end())
        return;
    if (--it.value() <= 0)
        m_open.erase(it);
}

int AddressLimiter::count(const QHostAddress &peer) const
{
    QMutexLocker lock(&m_mutex);
    return m_open.value(peer);
}
