#pragma once

#include "broker.h"
#include "brokerstats.h"
#include "server/channel.h"
#include "server/channelref.h"

#include <QHash>
#include <QMutex>
#include <QObject>
#include <QSemaphore>

#include <chrono>
#include <map>
#include <memory>
#include <vector>

class ChannelHub;

// Connects one server instance's channels to the broker that joins the instances
// (docs/server.md, "Several instances"). Lives on the server's bus thread with its Broker.
// - Publishing: workers hand each message to the bridge (any thread); the broker numbers it and
//   every instance, this one included, delivers it when it comes back from the bus. While the
//   broker is unavailable a message is delivered on this instance only, unnumbered: other
//   instances never get it (BrokerStats::localOnly), and nothing can resume from it.
// - Receiving: messages are appended to their channel strictly in number order. A number that
//   skips ahead (this instance was cut off, or the broker came back) is held while the gap is
//   read from the broker's stream; what the stream no longer has stays a gap clients can see.
// - (Re)connecting: every channel the broker numbers is caught up from its stream, so a restarted
//   instance resumes clients exactly like the others.
class BrokerBridge : public QObject
{
    Q_OBJECT
public:
    BrokerBridge(ChannelHub &hub, std::unique_ptr<Broker> broker, int keep);
    ~BrokerBridge() override;

    using Done = std::function<void(const Channel::Published &published)>;

    // --- any thread ---
    // `done` (may be empty) runs on the bus thread once the message is numbered, or on the
    // caller's thread at once when it is delivered locally only.
    void publish(Channel &channel, BusMessage message, Done done);
    // An ephemeral message: to every instance's subscribers, unnumbered (Broker::relay), in
    // order with this instance's publishes; `done` gets seq 0 as soon as it is sent.
    void relay(Channel &channel, BusMessage message, Done done);
    const BrokerStats &stats() const { return m_stats; }
    // For what else the server keeps in the broker (BrokerPresence); lives on the bus thread.
    Broker &broker() const { return *m_broker; }
    // Blocks until the first catch-up has finished (or the broker was found unavailable).
    bool waitUntilCaughtUp(std::chrono::milliseconds timeout);

    // --- the bus thread (call through QMetaObject::invokeMethod) ---
    void open();
    void close();
    void setCutOff(bool cutOff);

Q_SIGNALS:
    void availabilityChanged(bool available, const QString &reason);

private:
    struct Outgoing
    {
        ChannelRef channel; // kept from eviction until the broker has numbered the message
        BusMessage message;
        Done done;
        bool ephemeral = false;
    };
    // A channel's messages that arrived ahead of a gap, while the gap is read from the stream;
    // the reference keeps the channel from eviction meanwhile. Removed when nothing is held.
    struct Held
    {
        ChannelRef channel;
        std::map<quint64, BusMessage> messages;
        bool filling = false;
    };

    void send(Outgoing outgoing);
    void sendOutbox();
    void deliverLocally(Channel &channel, const BusMessage &message, const Done &done);
    void onMessage(const BusMessage &message);
    void append(Channel &channel, const BusMessage &message);
    void fillGap(const ChannelRef &channel, quint64 upTo);
    void releaseHeld(const ChannelRef &channel);
    void onAvailability(bool available, const QString &reason);
    void catchUp();
    void finishCatchUpWhenDone();

    ChannelHub &m_hub;
    std::unique_ptr<Broker> m_broker;
    const int m_keep;
    BrokerStats m_stats;

    QMutex m_outboxMutex;
    std::vector<Outgoing> m_outbox;

    QHash<quint64, Held> m_held; // by Channel::id()
    int m_listsPending = 0;
    int m_fillsPending = 0;
    bool m_caughtUpOnce = false;
    QSemaphore m_caughtUp;
};
