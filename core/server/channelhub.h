#pragma once

#include "channel.h"

#include <QHash>
#include <QJsonObject>
#include <QReadWriteLock>

#include <memory>
#include <vector>

class BrokerBridge;
class DeliveryQueue;

// The channels shared by WebSocket, SSE and long-poll subscribers on every worker thread.
// Owned by Server. Looking a channel up takes a read lock; workers cache the Channel pointers
// they use, so publishing touches only the channel's own mutex. Channels live as long as the hub,
// so they (and their sequence numbers) survive a restart fault.
class ChannelHub
{
public:
    explicit ChannelHub(int replayCapacity, int maxChannels = 10000);

    // The channel of that name, created on first use; nullptr when the channel limit is reached.
    Channel *channel(const QString &name);
    Channel *existingChannel(const QString &name) const;

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
    void publish(Channel &channel, const QString &type, const QString &id, const QJsonValue &payload,
                 const PublishDone &done = {});

    // The broker side (BrokerBridge, on the bus thread).
    Channel::Published deliverNumbered(Channel &channel, const BusMessage &message);
    Channel::Published deliverUnnumbered(Channel &channel, const BusMessage &message);

    // An event for this instance's subscribers of an existing channel, unnumbered and not kept
    // (presence.join, presence.leave): no resume point can refer to it. Any thread.
    void announce(const QString &channel, const QString &type, const QJsonObject &payload);

    int channelCount() const;
    QStringList channelNames() const;
    static bool isValidChannelName(QStringView name);

private:
    const int m_replayCapacity;
    const int m_maxChannels;
    mutable QReadWriteLock m_lock;
    QHash<QString, std::shared_ptr<Channel>> m_channels;
    std::vector<DeliveryQueue *> m_queues;
    std::function<bool()> m_dropLive;
    BrokerBridge *m_bridge = nullptr;
};
