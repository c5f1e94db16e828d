#pragma once

#include "channelmessage.h"

#include <QByteArray>
#include <QObject>
#include <QTimer>

#include <functional>
#include <map>

// Holds outgoing bytes back for the "added latency + jitter" fault. One per worker, one timer
// for all its connections; items are released in due order and each subscriber's own items
// keep their order (the caller never schedules one before that subscriber's previous one).
class DelayLine : public QObject
{
    Q_OBJECT
public:
    struct Item
    {
        quint64 subscriberId = 0;
        MessagePtr message;   // a live channel message, or
        QByteArray bytes;     // protocol bytes already encoded for this subscriber
    };
    using Release = std::function<void(Item &)>;

    explicit DelayLine(Release release, QObject *parent = nullptr);

    void schedule(qint64 dueNs, Item item);
    qsizetype size() const { return qsizetype(m_items.size()); }

private:
    void onTimeout();
    void arm();

    Release m_release;
    std::multimap<qint64, Item> m_items;
    QTimer m_timer;
};
