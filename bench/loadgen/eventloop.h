#pragma once

#include <cstdint>
#include <functional>

// Whoever owns a descriptor registered with the EventLoop.
class IoHandler
{
public:
    virtual ~IoHandler() = default;
    virtual void onIo(uint32_t events) = 0;
};

// A level-triggered epoll loop on one thread, with nanosecond wake-ups (epoll_pwait2), so an
// open-model sender can send on time without spinning: the machine's other core belongs to
// the server being measured. Handlers must outlive their registration; an event already
// returned for a handler that closed its descriptor in the same batch still reaches it, so
// handlers ignore events once closed.
class EventLoop
{
public:
    EventLoop();
    ~EventLoop();
    EventLoop(const EventLoop &) = delete;
    EventLoop &operator=(const EventLoop &) = delete;

    bool isValid() const { return m_epoll >= 0; }
    bool add(int fd, uint32_t events, IoHandler *handler);
    bool modify(int fd, uint32_t events, IoHandler *handler);
    void remove(int fd);

    // Waits until an event or wakeAtNs (CLOCK_MONOTONIC), dispatches what arrived, and returns
    // the number of events dispatched.
    int runOnce(int64_t wakeAtNs);
    // Runs until done() holds or deadlineNs passes; returns done(). nextWake, when given, names
    // an earlier time to wake up at (a timer of the caller), which then runs in done().
    bool runUntil(const std::function<bool()> &done, int64_t deadlineNs,
                  const std::function<int64_t()> &nextWake = {});

private:
    int m_epoll = -1;
};
