#pragma once

class Channel;

// A counted reference to a hub's channel: while one exists the hub does not evict the channel
// (ChannelHub::evictIdle), so the pointer stays valid. Workers keep one per cached channel, the
// broker bridge one per message it is numbering. Copying takes another reference; a default or
// moved-from ChannelRef refers to nothing (the hub's answer at its channel limit).
class ChannelRef
{
public:
    ChannelRef() = default;
    // Another reference to a channel that is already kept from eviction by one the caller holds
    // (or by its subscriber); the first reference always comes from the hub, under its lock.
    explicit ChannelRef(Channel *channel);
    ChannelRef(const ChannelRef &other);
    ChannelRef(ChannelRef &&other) noexcept;
    ChannelRef &operator=(ChannelRef other) noexcept;
    ~ChannelRef();

    Channel *get() const { return m_channel; }
    Channel *operator->() const { return m_channel; }
    Channel &operator*() const { return *m_channel; }
    explicit operator bool() const { return m_channel != nullptr; }

private:
    Channel *m_channel = nullptr;
};
