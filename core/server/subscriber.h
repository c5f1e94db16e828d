#pragma once

#include "channelmessage.h"

#include <QByteArray>

class Channel;

// Something on a worker thread that receives a channel's live messages: a WebSocket session,
// an SSE stream or a parked long-poll request. The worker keeps a cursor per subscriber
// (lastSeq) so a message is never sent twice, whether it came live or from the replay buffer.
class Subscriber
{
public:
    virtual ~Subscriber() = default;

    // Sends one live message (already checked against lastSeq by the worker).
    virtual void deliver(const MessagePtr &message) = 0;
    // Writes protocol bytes now (used when added latency releases them).
    virtual void writeNow(const QByteArray &bytes) = 0;
    virtual bool isClosing() const = 0;

    quint64 subscriberId = 0;
    Channel *channel = nullptr;
    quint64 lastSeq = 0;   // the newest sequence number this subscriber has been sent
    quint64 joinSeq = 0;   // the channel's latest sequence number when it subscribed
    qint64 lastDueNs = 0;  // added latency: keeps this subscriber's bytes in order
    int delayedPending = 0;
};
