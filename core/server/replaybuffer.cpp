#include "replaybuffer.h"

ReplayBuffer::ReplayBuffer(int capacity)
    : m_capacity(qMax(0, capacity))
{
    m_ring.resize(size_t(m_capacity));
}

void ReplayBuffer::append(MessagePtr message)
{
    m_latest = message->seq;
    if (m_capacity == 0)
        return;
    const size_t tail = (m_head + m_count) % m_ring.size();
    m_ring[tail] = std::move(message);
    if (m_count < m_ring.size())
        ++m_count;
    else
        m_head = (m_head + 1) % m_ring.size();
}

quint64 ReplayBuffer::oldest() const
{
    return m_count == 0 ? 0 : m_ring[m_head]->seq;
}

ReplayBuffer::Slice ReplayBuffer::since(quint64 seq) const
{
    Slice slice;
    slice.latest = m_latest;
    slice.oldest = oldest();
    if (seq > m_latest) {
        // The client saw numbers this channel never reached: the channel began again.
        slice.reset = true;
        seq = 0;
    }
    if (seq >= m_latest)
        return slice;
    // Messages seq+1 .. latest are wanted; seq+1 .. oldest-1 are gone if oldest > seq+1.
    const quint64 firstHeld = m_count == 0 ? m_latest + 1 : slice.oldest;
    if (firstHeld > seq + 1)
        slice.reset = true;
    if (m_count == 0)
        return slice;
    // Numbers are increasing but may skip (numbers a broker no longer had when this instance
    // caught up): find the first one after seq by bisection rather than by arithmetic.
    size_t low = 0;
    size_t high = m_count;
    while (low < high) {
        const size_t middle = (low + high) / 2;
        if (m_ring[(m_head + middle) % m_ring.size()]->seq <= seq)
            low = middle + 1;
        else
            high = middle;
    }
    slice.messages.reserve(qsizetype(m_count - low));
    for (size_t i = low; i < m_count; ++i)
        slice.messages.append(m_ring[(m_head + i) % m_ring.size()]);
    return slice;
}
