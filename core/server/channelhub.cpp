#include "channelhub.h"

#include "broker/brokerbridge.h"

#include <QDateTime>

#include <QRegularExpression>

ChannelHub::ChannelHub(int replayCapacity, int maxChannels)
    : m_replayCapacity(replayCapacity)
    , m_maxChannels(maxChannels)
{
}

bool ChannelHub::isValidChannelName(QStringView name)
{
    static const QRegularExpression pattern(QStringLiteral("^[A-Za-z0-9_.:-]{1,128}$"));
    return pattern.match(name.toString()).hasMatch();
}

Channel *ChannelHub::existingChannel(const QString &name) const
{
    QReadLocker lock(&m_lock);
    const auto it = m_channels.constFind(name);
    return it == m_channels.constEnd() ? nullptr : it->get();
}

Channel *ChannelHub::channel(const QString &name)
{
    if (Channel *found = existingChannel(name))
        return found;
    QWriteLocker lock(&m_lock);
    auto it = m_channels.find(name);
    if (it != m_channels.end())
        return it->get();
    if (m_channels.size() >= m_maxChannels)
        return nullptr;
    it = m_channels.insert(name, std::make_shared<Channel>(name, m_replayCapacity));
    return it->get();
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
    Channel *channel = existingChannel(channelName);
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
