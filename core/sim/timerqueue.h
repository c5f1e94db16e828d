#pragma once

#include "eventloop/epolleventdispatcher.h"

#include <QObject>
#include <QPointer>
#include <QTimer>

#include <functional>
#include <queue>
#include <vector>

// Thousands of clients each need a few timers (next send, session end, reconnect). One QTimer per
// client would register thousands of timers with the event loop; instead each client pool keeps
// one ordered queue of due times on one timer, re-armed for the earliest entry.
// That timer is the thread's EpollEventDispatcher deadline when the thread runs one (the pools'
// default), which fires microseconds after its due time: a send stamped with its intended time
// and fired late would add the lateness to the latency it measures (docs/performance.md, "Echo
// round trip"). On any other dispatcher it is a precise QTimer, in whole milliseconds (rounded
// up, so never early, but up to 1 ms late).
// Lives in the pool's thread; callbacks run there, in due order (ties in scheduling order).
class TimerQueue : public QObject, private EpollEventDispatcher::DeadlineClient
{
    Q_OBJECT
public:
    explicit TimerQueue(QObject *parent = nullptr);
    ~TimerQueue() override;

    // Runs `callback` at `dueNs` (MonotonicClock), or on the next turn of the loop if that is past.
    void schedule(qint64 dueNs, std::function<void()> callback);
    void clear();
    qsizetype size() const { return qsizetype(m_entries.size()); }

protected:
    bool event(QEvent *event) override;

private:
    struct Entry
    {
        qint64 dueNs;
        quint64 order;
        std::function<void()> callback;
        bool operator>(const Entry &other) const
        {
            return dueNs != other.dueNs ? dueNs > other.dueNs : order > other.order;
        }
    };

    void arm();
    void disarm();
    void onTimeout();
    void deadlineReached() override { onTimeout(); }
    // This thread's dispatcher if it is the epoll one, else null (use the QTimer).
    EpollEventDispatcher *preciseDispatcher();

    std::priority_queue<Entry, std::vector<Entry>, std::greater<>> m_entries;
    quint64 m_nextOrder = 0;
    qint64 m_armedForNs = -1;
    QTimer m_timer;
    // Looked up once per thread; a QPointer because the thread deletes its dispatcher when it
    // finishes, possibly before this queue is destroyed.
    QPointer<EpollEventDispatcher> m_dispatcher;
    bool m_dispatcherKnown = false;
};
