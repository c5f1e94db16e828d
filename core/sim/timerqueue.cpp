#include "sim/timerqueue.h"

#include "metrics/monotonicclock.h"

#include <QEvent>

TimerQueue::TimerQueue(QObject *parent)
    : QObject(parent)
    , m_timer(this) // a child, so it follows the queue to its thread
{
    m_timer.setSingleShot(true);
    m_timer.setTimerType(Qt::PreciseTimer);
    connect(&m_timer, &QTimer::timeout, this, &TimerQueue::onTimeout);
}

TimerQueue::~TimerQueue()
{
    if (m_dispatcher)
        m_dispatcher->cancelDeadline(this);
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
    disarm();
}

EpollEventDispatcher *TimerQueue::preciseDispatcher()
{
    if (!m_dispatcherKnown) {
        QAbstractEventDispatcher *dispatcher = QAbstractEventDispatcher::instance(thread());
        if (!dispatcher)
            return nullptr; // the thread has not started: ask again next time
        m_dispatcher = qobject_cast<EpollEventDispatcher *>(dispatcher);
        m_dispatcherKnown = true;
    }
    return m_dispatcher;
}

void TimerQueue::arm()
{
    if (m_entries.empty()) {
        disarm();
        return;
    }
    const qint64 dueNs = m_entries.top().dueNs;
    m_armedForNs = dueNs;
    if (EpollEventDispatcher *dispatcher = preciseDispatcher()) {
        // What is already due runs on the dispatcher's next pass, as with a zero timer.
        dispatcher->setDeadline(this, dueNs);
        if (m_timer.isActive())
            m_timer.stop(); // armed before the thread's dispatcher was known
        return;
    }
    const qint64 waitNs = dueNs - MonotonicClock::nowNs();
    // QTimer counts whole milliseconds: round up so nothing fires early, and what is already
    // due runs on the next turn of the loop.
    const int waitMs = waitNs <= 0 ? 0 : int(std::min<qint64>((waitNs + 999'999) / 1'000'000, 24 * 3600 * 1000));
    m_timer.start(waitMs);
}

void TimerQueue::disarm()
{
    m_timer.stop();
    if (m_dispatcher)
        m_dispatcher->cancelDeadline(this);
    m_armedForNs = -1;
}

bool TimerQueue::event(QEvent *event)
{
    if (event->type() == QEvent::ThreadChange) {
        // Sent in the old thread just before the move (to this queue before its QTimer). The
        // timer and a deadline both belong to the old thread's loop: disarm here and arm again
        // in the new thread, where the dispatcher may differ (posted events move with their
        // receiver). Stopping the QTimer now also keeps Qt from carrying it over by itself.
        disarm();
        m_dispatcher = nullptr;
        m_dispatcherKnown = false;
        if (!m_entries.empty())
            QMetaObject::invokeMethod(this, [this] { arm(); }, Qt::QueuedConnection);
    }
    return QObject::event(event);
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
