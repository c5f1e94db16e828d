#include "channelhub.h"

#include "broker/brokerbridge.h"

#include "metrics/monotonicclock.h"

#include <QDateTime>
#include <QRegularExpression>

ChannelHub::ChannelHub(int replayCapacity, int maxChannels, const QStringList &ephemeralTypes)
    : m_replayCapacity(replayCapacity)
    , m_maxChannels(maxChannels)
    , m_ephemeralTypes(ephemeralTypes.cbegin(), ephemeralTypes.cend())
{
}

bool ChannelHub::isValidChannelName(QStringView name)
{
    static const QRegularExpression pattern(QStringLiteral("^[A-Za-z0-9_.:-]{1,128}$"));
    return pattern.match(name.toString()).hasMatch();
}

ChannelRef ChannelHub::existingChannel(const QString &name) const
{
    // The reference is taken under the lock: evictIdle() (write lock) cannot come in between.
    QReadLocker lock(&m_lock);
    const auto it = m_channels.constFind(name);
    return it == m_channels.constEnd() ? ChannelRef() : ChannelRef(it->get());
}

ChannelRef ChannelHub::channel(const QString &name)
{
    if (ChannelRef found = existingChannel(name))
        return found;
    QWriteLocker lock(&m_lock);
    auto it = m_channels.find(name);
    if (it != m_channels.end())
        return ChannelRef(it->get());
    if (m_channels.size() >= m_maxChannels) {
        m_limitRefusals.fetch_add(1, std::memory_order_relaxed);
        return {};
    }
    it = m_channels.insert(name, std::make_shared<Channel>(name, m_replayCapacity));
    return ChannelRef(it->get());
}

QString ChannelHub::limitReason() const
{
    return QStringLiteral("channel limit reached: %1 channels in use").arg(m_maxChannels);
}

int ChannelHub::evictIdle(qint64 idleNs)
{
    const qint64 cutoffNs = MonotonicClock::nowNs() - idleNs;
    int evicted = 0;
    QWriteLocker lock(&m_lock);
    for (auto it = m_channels.begin(); it != m_channels.end();) {
        if ((*it)->isUnusedSince(cutoffNs)) {
            it = m_channels.erase(it);
            ++evicted;
        } else {
            ++it;
        }
    }
    m_evictions.fetch_add(quint64(evicted), std::memory_order_relaxed);
    return evicted;
}

void ChannelHub::setWorkerQueues(std::vector<DeliveryQueue *> queues)
{
    QWriteLocker lock(&m_lock);
    m_queues = std::move(queues);
}

void ChannelHub::setLiveDropDecider(std::function<bool()> decider)
{
    QWriteLocker lock(&m_lock);
    m_dropLive = std::move(decider);
}

void ChannelHub::publish(Channel &channel, const QString &type, const QString &id, const QJsonValue &payload,
                         const PublishDone &done)
{
    // m_queues, m_dropLive and m_bridge are set before the first connection and not changed
    // after, so reading them here needs no lock.
    if (isEphemeral(type)) {
        m_ephemeralRelayed.fetch_add(1, std::memory_order_relaxed);
        BusMessage message = BusMessage::fromEnvelope(channel.name(), type, id, QDateTime::currentMSecsSinceEpoch(), payload);
        const PublishDone relayed = [done](Channel::Published published) {
            published.ephemeral = true;
            if (done)
                done(published);
        };
        if (m_bridge)
            m_bridge->relay(channel, std::move(message), relayed);
        else
            relayed(channel.deliverUnnumbered(message, m_queues));
        return;
    }
    if (m_bridge) {
        m_bridge->publish(channel, BusMessage::fromEnvelope(channel.name(), type, id, QDateTime::currentMSecsSinceEpoch(), payload), done);
        return;
    }
    const Channel::Published published = channel.publish(type, id, payload, m_queues, m_dropLive);
    if (done)
        done(published);
}

Channel::Published ChannelHub::deliverNumbered(Channel &channel, const BusMessage &message)
{
    return channel.appendNumbered(message, m_queues, m_dropLive);
}

void ChannelHub::announce(const QString &channelName, const QString &type, const QJsonObject &payload)
{
    const ChannelRef channel = existingChannel(channelName);
    if (!channel)
        return;
    const BusMessage message = BusMessage::fromEnvelope(channelName, type, QString(), QDateTime::currentMSecsSinceEpoch(), payload);
    channel->deliverUnnumbered(message, m_queues);
}

Channel::Published ChannelHub::deliverUnnumbered(Channel &channel, const BusMessage &message)
{
    return channel.deliverUnnumbered(message, m_queues);
}

int ChannelHub::channelCount() const
{
    QReadLocker lock(&m_lock);
    return int(m_channels.size());
}

QStringList ChannelHub::channelNames() const
{
    QReadLocker lock(&m_lock);
    QStringList names = m_channels.keys();
    names.sort();
    return names;
}
