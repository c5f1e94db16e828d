#include "eventloop.h"

#include "monotonicclock.h"

#include <sys/epoll.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>

EventLoop::EventLoop()
    : m_epoll(::epoll_create1(EPOLL_CLOEXEC))
{
}

EventLoop::~EventLoop()
{
    if (m_epoll >= 0)
        ::close(m_epoll);
}

bool EventLoop::add(int fd, uint32_t events, IoHandler *handler)
{
    epoll_event event{};
    event.events = events;
    event.data.ptr = handler;
    return ::epoll_ctl(m_epoll, EPOLL_CTL_ADD, fd, &event) == 0;
}

bool EventLoop::modify(int fd, uint32_t events, IoHandler *handler)
{
    epoll_event event{};
    event.events = events;
    event.data.ptr = handler;
    return ::epoll_ctl(m_epoll, EPOLL_CTL_MOD, fd, &event) == 0;
}

void EventLoop::remove(int fd)
{
    ::epoll_ctl(m_epoll, EPOLL_CTL_DEL, fd, nullptr);
}

int EventLoop::runOnce(int64_t wakeAtNs)
{
    constexpr int batch = 512;
    epoll_event events[batch];
    const int64_t waitNs = std::max<int64_t>(0, wakeAtNs - MonotonicClock::nowNs());
    timespec timeout{};
    timeout.tv_sec = time_t(waitNs / MonotonicClock::nsPerSecond);
    timeout.tv_nsec = long(waitNs % MonotonicClock::nsPerSecond);
    const int ready = ::epoll_pwait2(m_epoll, events, batch, &timeout, nullptr);
    if (ready < 0)
        return 0; // EINTR: the caller checks its clock and loops
    for (int i = 0; i < ready; ++i)
        static_cast<IoHandler *>(events[i].data.ptr)->onIo(events[i].events);
    return ready;
}

bool EventLoop::runUntil(const std::function<bool()> &done, int64_t deadlineNs, const std::function<int64_t()> &nextWake)
{
    while (!done()) {
        const int64_t now = MonotonicClock::nowNs();
        if (now >= deadlineNs)
            return done();
        int64_t wakeAt = deadlineNs;
        if (nextWake)
            wakeAt = std::min(wakeAt, nextWake());
        runOnce(wakeAt);
    }
    return true;
}
