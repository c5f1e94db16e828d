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
    // Every channel the broker numbers, with its newest number.
    virtual void listChannels(Listed done) = 0;
    // Makes the channel's next number at least latest + 1 (after the broker lost its data, so
    // that numbers never go back for clients holding newer ones).
    virtual void raiseLatest(const QString &channel, quint64 latest) = 0;

Q_SIGNALS:
    // In each channel's number order (the broker's order on the bus).
    void messageReceived(const BusMessage &message);
    void availabilityChanged(bool available, const QString &reason);
    // Connected but silent (no answer to a PING for a while), and answering again.
    void stalledChanged(bool stalled, const QString &reason);
    void roundTripMeasured(qint64 nanoseconds);
};
