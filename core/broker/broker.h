#pragma once

#include "busmessage.h"

#include <QHash>
#include <QList>
#include <QObject>

#include <functional>

// What the server needs from a message broker between its instances (docs/server.md,
// "Several instances"): it numbers each channel's messages, keeps the newest of them, and
// delivers every message to every instance in the order of its numbers.
// Lives on the bus thread (BrokerBridge owns both); every call and every callback is on it.
class Broker : public QObject
{
    Q_OBJECT
public:
    using Published = std::function<void(quint64 seq)>; // 0: the broker did not number it
    using Read = std::function<void(bool ok, const QList<BusMessage> &messages)>;
    using Listed = std::function<void(bool ok, const QHash<QString, quint64> &latest)>;

    using QObject::QObject;

    // Connects, and after every loss reconnects with backoff until close().
    virtual void open() = 0;
    virtual void close() = 0;
    // Connected: publishes go to the broker. False while it cannot be reached or this instance
    // is cut off by the partition fault. A connected broker that stops answering (paused) stays
    // available: what is sent waits in the connection and is numbered when it answers again.
    virtual bool isAvailable() const = 0;
    // The partition fault: leave the broker and stay away until called with false.
    virtual void setCutOff(bool cutOff) = 0;

    // Numbers the message (its channel's next seq), keeps it (the newest `keep` of the channel)
    // and sends it to every instance; `done` gets the number, or 0 when the broker was lost first.
    virtual void publish(const BusMessage &message, int keep, Published done) = 0;
    // What the broker keeps of `channel` after `after`, oldest first, at most `limit` messages.
    virtual void readAfter(const QString &channel, quint64 after, int limit, Read done) = 0;
    // An ephemeral message (docs/server.md, "Ephemeral messages"): to every instance, this one
    // included, through messageReceived with seq 0, after what this instance published before
    // it; numbered by nobody and kept nowhere. False when it could not be sent.
    virtual bool relay(const BusMessage &message) = 0;
    // Every channel the broker numbers, with its newest number.
    virtual void listChannels(Listed done) = 0;
    // Makes the channel's next number at least latest + 1 (after the broker lost its data, so
    // that numbers never go back for clients holding newer ones).
    virtual void raiseLatest(const QString &channel, quint64 latest) = 0;

    // Presence across instances (docs/server.md, "Presence"): who is connected to which channel,
    // kept in the broker under this instance's name, which expires unless a heartbeat (every
    // second) renews it; any instance that finds another's name expired takes its connections
    // out and announces the leaves. A broker without it says false, and the server keeps
    // presence per instance (and says so).
    virtual bool keepsPresence() const { return false; }
    // result: 1 admitted, 0 refused by the limit, -1 the broker did not answer. `held`: the user's
    // connections on every instance, with this one when admitted.
    using PresenceJoined = std::function<void(int result, int held)>;
    using PresenceListed = std::function<void(bool ok, const QList<QPair<QString, int>> &members)>;
    virtual void presenceJoin(const QString &channel, const QString &user, int limit, PresenceJoined done);
    virtual void presenceLeave(const QString &channel, const QString &user);
    virtual void presenceMembers(const QString &channel, PresenceListed done);
    // Replaces what the broker holds for this instance with `mine` ("channel\nuser" ->
    // connections), announcing the differences: after a reconnect, or after being expired.
    virtual void presenceRestore(const QHash<QString, int> &mine);

Q_SIGNALS:
    // In each channel's number order (the broker's order on the bus); seq 0: relayed, unnumbered.
    void messageReceived(const BusMessage &message);
    void availabilityChanged(bool available, const QString &reason);
    // Connected but silent (no answer to a PING for a while), and answering again.
    void stalledChanged(bool stalled, const QString &reason);
    void roundTripMeasured(qint64 nanoseconds);
    // A user's first connection to a channel on any instance opened, or the last one closed;
    // `members`: the channel's users after it.
    void presenceChanged(const QString &channel, const QString &user, bool joined, int members);
    // The heartbeat found this instance's name expired (the broker was paused, or this instance
    // was away): others have announced its users' leaves; presenceRestore() puts them back.
    void presenceExpired();
};
