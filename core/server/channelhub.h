#pragma once

#include "channel.h"
#include "channelref.h"

#include <QHash>
#include <QJsonObject>
#include <QReadWriteLock>
#include <QSet>

#include <atomic>
#include <memory>
#include <vector>

class BrokerBridge;
class DeliveryQueue;

// The channels shared by WebSocket, SSE and long-poll subscribers on every worker thread.
// Owned by Server. Looking a channel up takes a read lock; workers cache references to the
// channels they use, so publishing touches only the channel's own mutex. A channel that nobody
// refers to, with no subscriber and nothing published for the idle time, is evicted with its
// replay and its numbering (docs/server.md, "Channels"): a later resume from it gets a reset.
class ChannelHub
{
public:
    explicit ChannelHub(int replayCapacity, int maxChannels = 10000, const QStringList &ephemeralTypes = {});

    // The channel of that name, created on first use; empty when the channel limit is reached
    // (counted in limitRefusals()).
    ChannelRef channel(const QString &name);
    ChannelRef existingChannel(const QString &name) const;

    // Evicts every channel unused since idleNs ago (Channel::isUnusedSince); returns how many.
    // Worker 0 calls it once a second.
    int evictIdle(qint64 idleNs);
    quint64 evictions() const { return m_evictions.load(std::memory_order_relaxed); }
    quint64 limitRefusals() const { return m_limitRefusals.load(std::memory_order_relaxed); }
    int maxChannels() const { return m_maxChannels; }
    // Why channel() came back empty, for a close reason or an error body (under 123 bytes).
    QString limitReason() const;

    // Workers register their inbox once, before the server accepts connections.
    void setWorkerQueues(std::vector<DeliveryQueue *> queues);
    void setLiveDropDecider(std::function<bool()> decider);

    // Set before the first connection (Server, with --broker): publishing goes through it.
    void setBridge(BrokerBridge *bridge) { m_bridge = bridge; }
    bool hasBroker() const { return m_bridge != nullptr; }

    using PublishDone = std::function<void(const Channel::Published &published)>;
    // Without a broker: numbered, kept and queued to every worker now; `done` runs before this
    // returns. With one: numbered by the broker, and `done` runs on the bus thread when it has
    // been (or at once here, when the broker is unavailable and it was delivered locally only).
    // An ephemeral type is neither numbered nor kept: it goes to the subscribers there are now,
    // on every instance, and `done` gets seq 0.
    void publish(Channel &channel, const QString &type, const QString &id, const QJsonValue &payload,
                 const PublishDone &done = {});

    // The broker side (BrokerBridge, on the bus thread).
    Channel::Published deliverNumbered(Channel &channel, const BusMessage &message);
    Channel::Published deliverUnnumbered(Channel &channel, const BusMessage &message);

    // An event for this instance's subscribers of an existing channel, unnumbered and not kept
    // (presence.join, presence.leave): no resume point can refer to it. Any thread.
    void announce(const QString &channel, const QString &type, const QJsonObject &payload);

    bool isEphemeral(const QString &type) const { return m_ephemeralTypes.contains(type); }
    quint64 ephemeralRelayed() const { return m_ephemeralRelayed.load(std::memory_order_relaxed); }

    int channelCount() const;
    QStringList channelNames() const;
    static bool isValidChannelName(QStringView name);

private:
    const int m_replayCapacity;
    const int m_maxChannels;
    const QSet<QString> m_ephemeralTypes;
    mutable QReadWriteLock m_lock;
    QHash<QString, std::shared_ptr<Channel>> m_channels;
    std::vector<DeliveryQueue *> m_queues;
    std::function<bool()> m_dropLive;
    BrokerBridge *m_bridge = nullptr;
    std::atomic<quint64> m_evictions{0};
    std::atomic<quint64> m_limitRefusals{0};
    std::atomic<quint64> m_ephemeralRelayed{0};
};
