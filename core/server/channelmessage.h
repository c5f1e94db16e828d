#pragma once

#include <QByteArray>
#include <QString>

#include <memory>

// One message published on a channel, encoded once for every protocol at publish time.
// Shared read-only between worker threads (std::shared_ptr<const>): fan-out writes these bytes
// to each subscriber's socket; nothing is serialised per subscriber.
struct ChannelMessage
{
    quint64 sourceId = 0;        // Channel::id() of the channel it was published on (workers key by it)
    QString channel;
    QString type;
    quint64 seq = 0;
    qint64 serverTimeMs = 0;     // wall clock, the envelope's "ts"
    qint64 publishedNs = 0;      // monotonic, for the server's own latency accounting
    QByteArray json;             // the envelope, compact JSON
    QByteArray wsFrame;          // a complete unmasked RFC 6455 text frame carrying json
    QByteArray sseEvent;         // "id: seq\nevent: type\ndata: json\n\n"
    bool liveDeliveryDropped = false; // the message-drop fault chose this one
};

using MessagePtr = std::shared_ptr<const ChannelMessage>;
