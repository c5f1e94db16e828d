#include "channel.h"

#include "deliveryqueue.h"
#include "protocol/envelope.h"
#include "protocol/sseencoder.h"
#include "protocol/wsframe.h"
#include "metrics/monotonicclock.h"

#include <QDateTime>

namespace {
std::atomic<quint64> lastChannelId{0};
}

Channel::Channel(QString name, int replayCapacity)
    : m_name(std::move(name))
    , m_id(lastChannelId.fetch_add(1, std::memory_order_relaxed) + 1)
    , m_lastUsedNs(MonotonicClock::nowNs())
    , m_replay(replayCapacity)
{
}

void Channel::touch()
{
    m_lastUsedNs.store(MonotonicClock::nowNs(), std::memory_order_relaxed);
}

void Channel::removeSubscriber()
{
    touch();
    m_subscribers.fetch_sub(1, std::memory_order_relaxed);
}

void Channel::release()
{
    touch();
    m_refs.fetch_sub(1, std::memory_order_release);
}

bool Channel::isUnusedSince(qint64 cutoffNs) const
{
    return m_refs.load(std::memory_order_acquire) == 0 && m_subscribers.load(std::memory_order_relaxed) == 0
        && m_lastUsedNs.load(std::memory_order_relaxed) <= cutoffNs;
}

std::shared_ptr<ChannelMessage> Channel::newMessage(const QString &type, qint64 serverTimeMs) const
{
    auto message = std::make_shared<ChannelMessage>();
    message->sourceId = m_id;
    message->channel = m_name;
    message->type = type;
    message->serverTimeMs = serverTimeMs;
    message->publishedNs = MonotonicClock::nowNs();
    return message;
}

Channel::Published Channel::keepAndQueue(std::shared_ptr<ChannelMessage> message, const std::vector<DeliveryQueue *> &workers,
                                         const std::function<bool()> &dropLive)
{
    // Called under m_mutex: every worker receives this channel's messages in number order.
    message->liveDeliveryDropped = dropLive && dropLive();
    Published result;
    result.seq = message->seq;
    result.dropped = message->liveDeliveryDropped;
    result.subscribers = subscriberCount();
    MessagePtr shared = std::move(message);
    m_replay.append(shared);
    touch();
    if (!result.dropped) {
        for (DeliveryQueue *queue : workers)
            queue->push(shared);
    }
    return result;
}

Channel::Published Channel::publish(const QString &type, const QString &id, const QJsonValue &payload,
                                    const std::vector<DeliveryQueue *> &workers,
                                    const std::function<bool()> &dropLive)
{
    std::shared_ptr<ChannelMessage> message = newMessage(type, QDateTime::currentMSecsSinceEpoch());
    Envelope envelope;
    envelope.type = type;
    envelope.channel = m_name;
    envelope.ts = message->serverTimeMs;
    envelope.id = id;
    envelope.payload = payload;

    QMutexLocker lock(&m_mutex);
    // Numbering and encoding happen under the lock too, so that numbers follow queue order.
    message->seq = ++m_seq;
    envelope.seq = message->seq;
    message->json = envelope.toJson();
    message->wsFrame = WsFrame::encodeText(message->json);
    message->sseEvent = SseEncoder::event(message->json, type.toUtf8(), QByteArray::number(message->seq));
    return keepAndQueue(std::move(message), workers, dropLive);
}

ReplayBuffer::Slice Channel::since(quint64 seq) const
{
    QMutexLocker lock(&m_mutex);
    return m_replay.since(seq);
}

quint64 Channel::latest() const
{
    QMutexLocker lock(&m_mutex);
    return m_seq;
}

Channel::Published Channel::appendNumbered(const BusMessage &bus, const std::vector<DeliveryQueue *> &workers,
                                           const std::function<bool()> &dropLive)
{
    std::shared_ptr<ChannelMessage> message = newMessage(QString::fromUtf8(bus.type), bus.publishedUs / 1000);
    message->seq = bus.seq;
    message->json = bus.json();
    message->wsFrame = WsFrame::encodeText(message->json);
    message->sseEvent = SseEncoder::event(message->json, bus.type, QByteArray::number(bus.seq));
    QMutexLocker lock(&m_mutex);
    m_seq = bus.seq;
    return keepAndQueue(std::move(message), workers, dropLive);
}

Channel::Published Channel::deliverUnnumbered(const BusMessage &bus, const std::vector<DeliveryQueue *> &workers)
{
    std::shared_ptr<ChannelMessage> message = newMessage(QString::fromUtf8(bus.type), bus.publishedUs / 1000);
    // The envelope without its number: the prefix ends in ,"seq": and the suffix starts with ,"ts":
    message->json = bus.jsonPrefix.chopped(int(sizeof(",\"seq\":") - 1)) + bus.jsonSuffix;
    message->wsFrame = WsFrame::encodeText(message->json);
    message->sseEvent = SseEncoder::event(message->json, bus.type);

    Published result;
    result.subscribers = subscriberCount();
    MessagePtr shared = std::move(message);
    // The lock keeps it in order with numbered messages in every worker's inbox.
    QMutexLocker lock(&m_mutex);
    for (DeliveryQueue *queue : workers)
        queue->push(shared);
    touch();
    return result;
}
