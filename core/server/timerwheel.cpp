#include "timerwheel.h"

TimerWheel::Timer::~Timer()
{
    if (m_wheel)
        m_wheel->cancel(*this);
}

TimerWheel::TimerWheel(std::chrono::milliseconds resolution, int slotCount)
    : m_resolutionNs(qMax<qint64>(1, std::chrono::nanoseconds(resolution).count()))
    , m_slotCount(qMax(1, slotCount))
    , m_slots(new Timer *[size_t(m_slotCount)]())
{
}

TimerWheel::~TimerWheel()
{
    // Connections outliving the wheel must not reach back into it.
    for (int i = 0; i < m_slotCount; ++i) {
        while (Timer *timer = m_slots[i])
            unlink(*timer);
    }
    while (Timer *timer = m_expiring)
        unlink(*timer);
    delete[] m_slots;
}

qint64 TimerWheel::tickOf(qint64 ns) const
{
    // Rounded up: a deadline never fires before its time.
    return ns <= 0 ? 0 : (ns + m_resolutionNs - 1) / m_resolutionNs;
}

void TimerWheel::link(Timer &timer, Timer **head)
{
    timer.m_wheel = this;
    timer.m_head = head;
    timer.m_prev = nullptr;
    timer.m_next = *head;
    if (*head)
        (*head)->m_prev = &timer;
    *head = &timer;
    ++m_size;
}

void TimerWheel::unlink(Timer &timer)
{
    if (timer.m_prev)
        timer.m_prev->m_next = timer.m_next;
    else
        *timer.m_head = timer.m_next;
    if (timer.m_next)
        timer.m_next->m_prev = timer.m_prev;
    timer.m_wheel = nullptr;
    timer.m_head = nullptr;
    timer.m_prev = timer.m_next = nullptr;
    --m_size;
}

void TimerWheel::schedule(Timer &timer, qint64 dueNs)
{
    if (timer.m_wheel == this)
        unlink(timer);
    else if (timer.m_wheel)
        timer.m_wheel->cancel(timer);
    // A time at or before the last tick that ran goes into the next one.
    const qint64 tick = qMax(tickOf(dueNs), m_lastTick + 1);
    timer.m_dueTick = tick;
    link(timer, &m_slots[tick % m_slotCount]);
}

void TimerWheel::cancel(Timer &timer)
{
    if (timer.m_wheel == this)
        unlink(timer);
}

void TimerWheel::advance(qint64 nowNs)
{
    const qint64 nowTick = nowNs / m_resolutionNs;
    if (m_lastTick < 0)
        m_lastTick = nowTick - 1;
    if (nowTick <= m_lastTick)
        return;
    // Each slot once at most, however long since the last advance (a stalled thread).
    const qint64 first = qMax(m_lastTick + 1, nowTick - m_slotCount + 1);
    for (qint64 tick = first; tick <= nowTick; ++tick) {
        Timer *timer = m_slots[tick % m_slotCount];
        while (timer) {
            Timer *next = timer->m_next;
            // Later rounds share the slot and stay.
            if (timer->m_dueTick <= nowTick) {
                unlink(*timer);
                link(*timer, &m_expiring);
            }
            timer = next;
        }
    }
    m_lastTick = nowTick;
    // Expired one at a time from a list the wheel owns: an expiry that deletes or reschedules
    // another due timer takes it off this list (its destructor or schedule() unlinks it).
    while (Timer *timer = m_expiring) {
        unlink(*timer);
        timer->timerExpired(nowNs);
    }
}
