#pragma once

#include <QHash>
#include <QHostAddress>
#include <QMutex>

// Counts open connections per client address across all workers, to enforce the per-address
// limit. Touched once when a connection opens and once when it closes, never per message.
class AddressLimiter
{
public:
    // Reserves a slot for this peer unless `limit` (0: unlimited) is reached.
    bool tryAcquire(const QHostAddress &peer, int limit);
    void release(const QHostAddress &peer);
    int count(const QHostAddress &peer) const;

private:
    mutable QMutex m_mutex;
    QHash<QHostAddress, int> m_open;
};
