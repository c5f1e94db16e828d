#pragma once

#include <QObject>
#include <QTimer>

#include <functional>
#include <queue>
#include <vector>

// Thousands of clients each need a few timers (next send, session end, reconnect). One QTimer per
// client would register thousands of timers with the event loop; instead each client pool keeps
// one ordered queue of due times on one precise timer, re-armed for the earliest entry.
// Lives in the pool's thread; callbacks run there, in due order (ties in scheduling order).
class TimerQueue : public QObject
{
    Q_OBJECT
public:
    explicit TimerQueue(QObject *parent = nullptr);

    // Runs `callback` at `dueNs` (MonotonicClock), or on the next turn of the loop if that is past.
    void schedule(qint64 dueNs, std::function<void()> callback);
    void clear();
    qsizetype size() const { return qsizetype(m_entries.size()); }

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
    void onTimeout();

    std::priority_queue<Entry, std::vector<Entry>, std::greater<>> m_entries;
    quint64 m_nextOrder = 0;
    qint64 m_armedForNs = -1;
    QTimer m_timer;
};
