#include "channelref.h"

#include "channel.h"

#include <utility>

ChannelRef::ChannelRef(Channel *channel)
    : m_channel(channel)
{
    if (m_channel)
        m_channel->acquire();
}

ChannelRef::ChannelRef(const ChannelRef &other)
    : ChannelRef(other.m_channel)
{
}

ChannelRef::ChannelRef(ChannelRef &&other) noexcept
    : m_channel(std::exchange(other.m_channel, nullptr))
{
}

ChannelRef &ChannelRef::operator=(ChannelRef other) noexcept
{
    std::swap(m_channel, other.m_channel);
    return *this;
}

ChannelRef::~ChannelRef()
{
    if (m_channel)
        m_channel->release();
}
