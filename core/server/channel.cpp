#include "channel.h"

#include "deliveryqueue.h"
#include "protocol/envelope.h"
#include "protocol/sseencoder.h"
#include "protocol/wsframe.h"
#include "metrics/monotonicclock.h"

#include <QDateTime>

Channel::Channel(QString name, int replayCapacity)
    : m_name(std::move(name))
    , m_replay(replayCapacity)
{
}

Channel::Published Channel::publish(const QString &type, const QString &id, const QJsonValue &payload,
                                    const std::vector<DeliveryQueue *> &workers,
                                    const std::function<bool()> &dropLive)
{
    auto message = std::make_shared<ChannelMessage>();
    message->source = this;
    message->channel = m_name;
    message->type = type;
    message->serverTimeMs = QDateTime::currentMSecsSinceEpoch();
    message->publishedNs = MonotonicClock::nowNs();

    Envelope envelope;
    envelope.type = type;
    envelope.channel = m_name;
    envelope.ts = message->serverTimeMs;
    envelope.id = id;
    envelope.payload = payload;

    Published result;
    QMutexLocker lock(&m_mutex);
    // Numbering, encoding and enqueueing happen under the lock so that every worker receives
    // this channel's messages in sequence order.
    message->seq = ++m_seq;
    envelope.seq = message->seq;
    message->json = envelope.toJson();
    message->wsFrame = WsFrame::encodeText(message->json);
    message->sseEvent = SseEncoder::event(message->json, type.toUtf8(), QByteArray::number(message->seq));
    message->liveDeliveryDropped = dropLive && dropLive();
    result.seq = message->seq;
    result.dropped = message->liveDeliveryDropped;
    result.subscribers = subscriberCount();
    MessagePtr shared = std::move(message);
    m_replay.append(shared);
    if (!result.dropped) {
        for (DeliveryQueue *queue : workers)
            queue->push(shared);
    }
    return result;
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
    auto message = std::make_shared<ChannelMessage>();
    message->source = this;
    message->channel = m_name;
    message->type = QString::fromUtf8(bus.type);
    message->seq = bus.seq;
    message->serverTimeMs = bus.publishedUs / 1000;
    message->publishedNs = MonotonicClock::nowNs();
    message->json = bus.json();
    message->wsFrame = WsFrame::encodeText(message->json);
    message->sseEvent = SseEncoder::event(message->json, bus.type, QByteArray::number(bus.seq));

    Published result;
    QMutexLocker lock(&m_mutex);
    message->liveDeliveryDropped = dropLive && dropLive();
    m_seq = bus.seq;
    result.seq = bus.seq;
    result.dropped = message->liveDeliveryDropped;
    result.subscribers = subscriberCount();
    MessagePtr shared = std::move(message);
    m_replay.append(shared);
    if (!result.dropped) {
        for (DeliveryQueue *queue : workers)
            queue->push(shared);
    }
    return result;
}

Channel::Published Channel::deliverUnnumbered(const BusMessage &bus, const std::vector<DeliveryQueue *> &workers)
{
    auto message = std::make_shared<ChannelMessage>();
    message->source = this;
    message->channel = m_name;
    message->type = QString::fromUtf8(bus.type);
    message->seq = 0;
    message->serverTimeMs = bus.publishedUs / 1000;
    message->publishedNs = MonotonicClock::nowNs();
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
    return result;
}
