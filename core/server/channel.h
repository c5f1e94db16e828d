#pragma once

#include "channelmessage.h"
#include "replaybuffer.h"
#include "broker/busmessage.h"

#include <QJsonValue>
#include <QMutex>
#include <QString>

#include <atomic>
#include <functional>
#include <memory>

class DeliveryQueue;

// One named channel: its sequence counter, its replay buffer and how many subscribers it has.
// Publishing takes only this channel's mutex; it numbers the message, keeps it for replay and
// pushes it to every worker's inbox in sequence order. Owned by ChannelHub, never deleted while
// the hub lives, so workers may keep raw pointers to it.
class Channel
{
public:
    Channel(QString name, int replayCapacity);

    struct Published
    {
        quint64 seq = 0;
        int subscribers = 0; // live subscribers at publish time, over all protocols
        bool dropped = false;
    };

    // dropLive decides, under the lock, whether the message-drop fault eats this message's live
    // delivery (it is still numbered and kept for replay, so the gap is visible and recoverable).
    Published publish(const QString &type, const QString &id, const QJsonValue &payload,
                      const std::vector<DeliveryQueue *> &workers, const std::function<bool()> &dropLive);

    // With a broker between instances (BrokerBridge, on the bus thread, in number order): appends
    // a message the broker numbered, as publish() does with a number of its own.
    Published appendNumbered(const BusMessage &message, const std::vector<DeliveryQueue *> &workers,
                             const std::function<bool()> &dropLive);
    // While the broker is unavailable: delivers to this instance's live subscribers with no
    // number (not kept, never replayed; a parked long poll does not see it).
    Published deliverUnnumbered(const BusMessage &message, const std::vector<DeliveryQueue *> &workers);

    ReplayBuffer::Slice since(quint64 seq) const;
    quint64 latest() const;

    const QString &name() const { return m_name; }
    void addSubscriber() { m_subscribers.fetch_add(1, std::memory_order_relaxed); }
    void removeSubscriber() { m_subscribers.fetch_sub(1, std::memory_order_relaxed); }
    int subscriberCount() const { return m_subscribers.load(std::memory_order_relaxed); }

private:
    std::shared_ptr<ChannelMessage> newMessage(const QString &type, qint64 serverTimeMs) const;
    // Under m_mutex: keeps the numbered message for replay and queues it to every worker.
    Published keepAndQueue(std::shared_ptr<ChannelMessage> message, const std::vector<DeliveryQueue *> &workers,
                           const std::function<bool()> &dropLive);

    const QString m_name;
    mutable QMutex m_mutex;
    ReplayBuffer m_replay;
    quint64 m_seq = 0;
    std::atomic<int> m_subscribers{0};
};
