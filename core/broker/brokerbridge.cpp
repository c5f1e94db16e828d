#include "brokerbridge.h"

#include "server/channelhub.h"

#include <QThread>

#include <chrono>

BrokerBridge::BrokerBridge(ChannelHub &hub, std::unique_ptr<Broker> broker, int keep)
    : m_hub(hub)
    , m_broker(std::move(broker))
    , m_keep(qMax(1, keep))
{
    m_broker->setParent(this);
    connect(m_broker.get(), &Broker::messageReceived, this, &BrokerBridge::onMessage);
    connect(m_broker.get(), &Broker::availabilityChanged, this, &BrokerBridge::onAvailability);
    connect(m_broker.get(), &Broker::stalledChanged, this, [this](bool stalled, const QString &reason) {
        m_stats.stalled.store(stalled, std::memory_order_relaxed);
        if (stalled)
            BrokerStats::add(m_stats.availabilityLosses);
        Q_EMIT availabilityChanged(!stalled && m_stats.available.load(), reason);
    });
    connect(m_broker.get(), &Broker::roundTripMeasured, this, [this](qint64 ns) {
        m_stats.roundTripNs.store(ns, std::memory_order_relaxed);
    });
}

BrokerBridge::~BrokerBridge()
{
    // The broker is our child but owned by the unique_ptr: take it out of the QObject tree first.
    m_broker->setParent(nullptr);
}

void BrokerBridge::open()
{
    m_broker->open();
}

void BrokerBridge::close()
{
    m_broker->close();
    // Nothing will be numbered any more: what waits is delivered here, as during an outage.
    sendOutbox();
}

void BrokerBridge::setCutOff(bool cutOff)
{
    m_broker->setCutOff(cutOff);
}

bool BrokerBridge::waitUntilCaughtUp(std::chrono::milliseconds timeout)
{
    if (!m_caughtUp.tryAcquire(1, int(timeout.count())))
        return false;
    m_caughtUp.release(); // stays signalled for later callers
    return true;
}

void BrokerBridge::publish(Channel &channel, BusMessage message, Done done)
{
    send({ChannelRef(&channel), std::move(message), std::move(done), false});
}

void BrokerBridge::relay(Channel &channel, BusMessage message, Done done)
{
    send({ChannelRef(&channel), std::move(message), std::move(done), true});
}

void BrokerBridge::send(Outgoing outgoing)
{
    if (!m_stats.available.load(std::memory_order_acquire)) {
        deliverLocally(*outgoing.channel, outgoing.message, outgoing.done);
        return;
    }
    bool wake = false;
    {
        QMutexLocker lock(&m_outboxMutex);
        wake = m_outbox.empty();
        m_outbox.push_back(std::move(outgoing));
    }
    // One queued call per batch: only the push that found the outbox empty wakes the bus thread.
    if (wake)
        QMetaObject::invokeMethod(this, &BrokerBridge::sendOutbox, Qt::QueuedConnection);
}

void BrokerBridge::sendOutbox()
{
    std::vector<Outgoing> batch;
    {
        QMutexLocker lock(&m_outboxMutex);
        batch.swap(m_outbox);
    }
    for (Outgoing &outgoing : batch) {
        ChannelRef channel = std::move(outgoing.channel);
        const BusMessage message = outgoing.message;
        if (outgoing.ephemeral) {
            // Back through messageReceived on every instance, this one included.
            if (!m_broker->relay(message)) {
                deliverLocally(*channel, message, outgoing.done);
            } else if (outgoing.done) {
                Channel::Published published;
                published.subscribers = channel->subscriberCount();
                outgoing.done(published);
            }
            continue;
        }
        m_broker->publish(message, m_keep, [this, channel, message, done = std::move(outgoing.done)](quint64 seq) {
            if (seq == 0) {
                // The broker went away before numbering it: this instance's clients still get it.
                deliverLocally(*channel, message, done);
                return;
            }
            BrokerStats::add(m_stats.published);
            if (done) {
                Channel::Published published;
                published.seq = seq;
                published.subscribers = channel->subscriberCount();
                done(published);
            }
        });
    }
}

void BrokerBridge::deliverLocally(Channel &channel, const BusMessage &message, const Done &done)
{
    BrokerStats::add(m_stats.localOnly);
    const Channel::Published published = m_hub.deliverUnnumbered(channel, message);
    if (done)
        done(published);
}

void BrokerBridge::onMessage(const BusMessage &message)
{
    BrokerStats::add(m_stats.received);
    const qint64 nowUs = std::chrono::duration_cast<std::chrono::microseconds>(
        std::chrono::system_clock::now().time_since_epoch()).count();
    const qint64 latencyUs = qMax<qint64>(0, nowUs - message.publishedUs);
    BrokerStats::add(m_stats.busLatencySumUs, quint64(latencyUs));
    BrokerStats::add(m_stats.busLatencyCount);
    if (latencyUs > m_stats.busLatencyMaxUs.load(std::memory_order_relaxed))
        m_stats.busLatencyMaxUs.store(latencyUs, std::memory_order_relaxed);

    if (message.seq == 0) {
        // Relayed (ephemeral): for whoever is subscribed here now; no channel is made for it.
        if (const ChannelRef channel = m_hub.existingChannel(message.channel))
            m_hub.deliverUnnumbered(*channel, message);
        return;
    }
    // A channel evicted here for want of subscribers is created again and catches up from the
    // stream like a late instance (fillGap): numbers come from the broker, so none restart.
    const ChannelRef channel = m_hub.channel(message.channel);
    if (!channel)
        return; // this instance is at its channel limit: its clients cannot be on that channel
    const quint64 latest = channel->latest();
    if (message.seq <= latest) {
        BrokerStats::add(m_stats.staleIgnored);
        return;
    }
    const auto held = m_held.constFind(channel->id());
    if (message.seq == latest + 1 && held == m_held.constEnd()) {
        append(*channel, message);
        return;
    }
    Held &holding = m_held[channel->id()];
    holding.channel = channel;
    holding.messages.emplace(message.seq, message);
    if (!holding.filling)
        fillGap(channel, holding.messages.begin()->first - 1);
}

void BrokerBridge::append(Channel &channel, const BusMessage &message)
{
    m_hub.deliverNumbered(channel, message);
}

void BrokerBridge::fillGap(const ChannelRef &channel, quint64 upTo)
{
    const quint64 latest = channel->latest();
    if (upTo <= latest) {
        releaseHeld(channel);
        return;
    }
    // Older than what the broker keeps is gone anyway: read at most `keep` messages.
    const quint64 from = upTo - latest > quint64(m_keep) ? upTo - quint64(m_keep) : latest;
    Held &held = m_held[channel->id()];
    held.channel = channel;
    held.filling = true;
    ++m_fillsPending;
    BrokerStats::add(m_stats.gapFills);
    m_broker->readAfter(channel->name(), from, int(upTo - from), [this, target = channel, upTo](bool, const QList<BusMessage> &messages) {
        for (const BusMessage &message : messages) {
            if (message.seq > upTo)
                break;
            if (message.seq <= target->latest())
                continue;
            BrokerStats::add(m_stats.gapMessagesRecovered);
            append(*target, message);
        }
        m_held[target->id()].filling = false;
        releaseHeld(target);
        --m_fillsPending;
        finishCatchUpWhenDone();
    });
}

void BrokerBridge::releaseHeld(const ChannelRef &channel)
{
    const auto found = m_held.find(channel->id());
    if (found == m_held.end())
        return;
    Held &held = *found;
    while (!held.messages.empty()) {
        auto first = held.messages.begin();
        const quint64 latest = channel->latest();
        if (first->first <= latest) {
            held.messages.erase(first);
            continue;
        }
        if (first->first > latest + 1) {
            // The stream was read and still does not reach it: those numbers are gone. Deliver
            // on; every client sees the jump in numbers, and a resume across it gets a reset.
            BrokerStats::add(m_stats.gapMessagesLost, first->first - latest - 1);
        }
        append(*channel, first->second);
        held.messages.erase(first);
    }
    if (!held.filling)
        m_held.erase(found);
}

void BrokerBridge::onAvailability(bool available, const QString &reason)
{
    if (available) {
        // Publishing resumes once the catch-up has raised the broker's counters (catchUp()).
        catchUp();
        return;
    }
    if (m_stats.available.exchange(false, std::memory_order_acq_rel))
        BrokerStats::add(m_stats.availabilityLosses);
    Q_EMIT availabilityChanged(false, reason);
    if (!m_caughtUpOnce) {
        // Nothing to wait for: the server starts without the broker and catches up later.
        m_caughtUpOnce = true;
        m_caughtUp.release();
    }
}

void BrokerBridge::catchUp()
{
    ++m_listsPending;
    m_broker->listChannels([this](bool ok, const QHash<QString, quint64> &latest) {
        --m_listsPending;
        if (!ok || !m_broker->isAvailable()) {
            finishCatchUpWhenDone();
            return; // lost again meanwhile: the next availability starts over
        }
        {
            // Channels this instance has that the broker forgot (it lost its data): numbering
            // must go on above what clients already hold.
            for (const QString &name : m_hub.channelNames()) {
                const ChannelRef channel = m_hub.existingChannel(name);
                if (channel && channel->latest() > latest.value(name, 0))
                    m_broker->raiseLatest(name, channel->latest());
            }
            for (auto it = latest.constBegin(); it != latest.constEnd(); ++it) {
                const ChannelRef channel = m_hub.channel(it.key());
                if (!channel || it.value() <= channel->latest())
                    continue;
                const auto held = m_held.constFind(channel->id());
                if (held == m_held.constEnd() || !held->filling)
                    fillGap(channel, it.value());
            }
        }
        // The raises are queued ahead of any publish on the broker's one command connection, so
        // nothing published from now on is numbered below what clients hold.
        if (!m_stats.available.exchange(true, std::memory_order_acq_rel))
            Q_EMIT availabilityChanged(true, {});
        finishCatchUpWhenDone();
    });
}

void BrokerBridge::finishCatchUpWhenDone()
{
    if (m_caughtUpOnce || m_listsPending > 0 || m_fillsPending > 0)
        return;
    m_caughtUpOnce = true;
    m_caughtUp.release();
}
