#pragma once

#include "channelmessage.h"

#include <QList>

#include <vector>

// The last N messages of one channel, for resuming subscribers (Last-Event-ID, sync, poll since=).
// A resume point the buffer no longer covers is reported as a reset, never as a silent gap.
// Not thread-safe: its Channel guards it.
class ReplayBuffer
{
public:
    explicit ReplayBuffer(int capacity);

    struct Slice
    {
        // True when messages after the resume point were evicted (or the point is ahead of the
        // channel, as after the channel started again): the subscriber has a gap it must know of.
        bool reset = false;
        quint64 oldest = 0;  // sequence number of the oldest message held (0 when empty)
        quint64 latest = 0;  // sequence number of the newest message published
        QList<MessagePtr> messages; // everything held after the resume point, in order
    };

    void append(MessagePtr message);
    Slice since(quint64 seq) const;

    int capacity() const { return m_capacity; }
    int size() const { return int(m_count); }
    quint64 latest() const { return m_latest; }
    quint64 oldest() const;

private:
    int m_capacity;
    std::vector<MessagePtr> m_ring;
    size_t m_head = 0;   // index of the oldest element
    size_t m_count = 0;
    quint64 m_latest = 0;
};
