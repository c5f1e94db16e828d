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
// pushes it to every worker's inbox in sequence order. Owned by ChannelHub; whoever keeps a pointer
// beyond one call holds a ChannelRef, and the hub evicts only a channel that nobody refers to, no
// subscriber is on and nothing was published on for the idle time (ChannelHub::evictIdle).
class Channel
{
public:
    Channel(QString name, int replayCapacity);

    struct Published
    {
        quint64 seq = 0;
        int subscribers = 0; // live subscribers at publish time, over all protocols
        bool dropped = false;
        bool ephemeral = false; // relayed unnumbered, not kept (ChannelHub::isEphemeral)
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
    // Unique for the process' lifetime, unlike the address: a channel evicted and created again
    // under the same name (or at the same address) is another channel (workers key by it).
    quint64 id() const { return m_id; }
    void addSubscriber() { m_subscribers.fetch_add(1, std::memory_order_relaxed); }
    void removeSubscriber();
    int subscriberCount() const { return m_subscribers.load(std::memory_order_relaxed); }

    // ChannelRef's count; the hub takes the first reference under its lock (ChannelHub::channel).
    void acquire() { m_refs.fetch_add(1, std::memory_order_relaxed); }
    void release();
    // Under the hub's write lock: no reference, no subscriber, unused since cutoffNs (monotonic).
    bool isUnusedSince(qint64 cutoffNs) const;

private:
    std::shared_ptr<ChannelMessage> newMessage(const QString &type, qint64 serverTimeMs) const;
    // Under m_mutex: keeps the numbered message for replay and queues it to every worker.
    Published keepAndQueue(std::shared_ptr<ChannelMessage> message, const std::vector<DeliveryQueue *> &workers,
                           const std::function<bool()> &dropLive);

    void touch();

    const QString m_name;
    const quint64 m_id;
    std::atomic<int> m_refs{0};
    std::atomic<qint64> m_lastUsedNs{0};
    mutable QMutex m_mutex;
    ReplayBuffer m_replay;
    quint64 m_seq = 0;
    std::atomic<int> m_subscribers{0};
};
