#pragma once

#include <QtGlobal>

#include <chrono>

// One worker's deadlines (head timeouts, keep-alive, SSE heartbeats, long-poll timeouts, WS
// pings and close graces) on a hashed timing wheel driven by the worker's one housekeeping
// timer. A connection is an intrusive Timer: scheduling, moving and cancelling a deadline are
// O(1) with no allocation, and a tick touches only the connections whose slot comes round,
// instead of every open connection (at 18,000 connections a 100 ms scan of all of them is the
// worker's single largest idle cost). Deadlines fire at or after their time, at most one
// resolution late. Used on one thread only.
class TimerWheel
{
public:
    class Timer
    {
    public:
        Timer() = default;
        Timer(const Timer &) = delete;
        Timer &operator=(const Timer &) = delete;
        bool isScheduled() const { return m_wheel != nullptr; }

    protected:
        // Leaves the wheel: a connection deleted while due (even inside another's expiry) is
        // never reached afterwards.
        virtual ~Timer();
        // The deadline came; the timer is no longer scheduled (schedule again for another).
        virtual void timerExpired(qint64 nowNs) = 0;

    private:
        friend class TimerWheel;
        TimerWheel *m_wheel = nullptr;
        Timer **m_head = nullptr;   // the list it is on: a slot, or the list being expired
        Timer *m_prev = nullptr;
        Timer *m_next = nullptr;
        qint64 m_dueTick = 0;
    };

    explicit TimerWheel(std::chrono::milliseconds resolution, int slotCount = 512);
    ~TimerWheel();
    TimerWheel(const TimerWheel &) = delete;
    TimerWheel &operator=(const TimerWheel &) = delete;

    // (Re)schedules `timer` for `dueNs` (MonotonicClock ns); a time already past fires on the
    // next advance().
    void schedule(Timer &timer, qint64 dueNs);
    void cancel(Timer &timer);
    // Fires every timer due at `nowNs`, in no particular order. Timers may schedule, cancel or
    // delete any timer (themselves included) from timerExpired().
    void advance(qint64 nowNs);

    int size() const { return m_size; }
    qint64 resolutionNs() const { return m_resolutionNs; }

private:
    void link(Timer &timer, Timer **head);
    void unlink(Timer &timer);
    qint64 tickOf(qint64 ns) const;

    const qint64 m_resolutionNs;
    const int m_slotCount;
    Timer **m_slots;
    Timer *m_expiring = nullptr;
    qint64 m_lastTick = -1;         // every timer due at or before this tick has fired
    int m_size = 0;
};
