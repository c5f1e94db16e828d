#include "sim/timerqueue.h"

#include "metrics/monotonicclock.h"

TimerQueue::TimerQueue(QObject *parent)
    : QObject(parent)
    , m_timer(this) // a child, so it follows the queue to its thread
{
    m_timer.setSingleShot(true);
    m_timer.setTimerType(Qt::PreciseTimer);
    connect(&m_timer, &QTimer::timeout, this, &TimerQueue::onTimeout);
}

void TimerQueue::schedule(qint64 dueNs, std::function<void()> callback)
{
    m_entries.push(Entry{dueNs, m_nextOrder++, std::move(callback)});
    if (m_armedForNs < 0 || dueNs < m_armedForNs)
        arm();
}

void TimerQueue::clear()
{
    m_entries = {};
    m_timer.stop();
    m_armedForNs = -1;
}

void TimerQueue::arm()
{
    if (m_entries.empty()) {
        m_timer.stop();
        m_armedForNs = -1;
        return;
    }
    const qint64 dueNs = m_entries.top().dueNs;
    const qint64 waitNs = dueNs - MonotonicClock::nowNs();
    // QTimer counts whole milliseconds: round up so nothing fires early, and what is already
    // due runs on the next turn of the loop.
    const int waitMs = waitNs <= 0 ? 0 : int(std::min<qint64>((waitNs + 999'999) / 1'000'000, 24 * 3600 * 1000));
    m_armedForNs = dueNs;
    m_timer.start(waitMs);
}

void TimerQueue::onTimeout()
{
    m_armedForNs = -1;
    const qint64 nowNs = MonotonicClock::nowNs();
    // Run what is due now; what callbacks schedule for "now" waits for the next turn, so one
    // busy client cannot starve the loop.
    const quint64 orderLimit = m_nextOrder;
    while (!m_entries.empty() && m_entries.top().dueNs <= nowNs && m_entries.top().order < orderLimit) {
        std::function<void()> callback = std::move(const_cast<Entry &>(m_entries.top()).callback);
        m_entries.pop();
        callback();
    }
    arm();
}
