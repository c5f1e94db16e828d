#pragma once

#include <QAbstractEventDispatcher>

#include <atomic>
#include <set>
#include <unordered_map>
#include <utility>
#include <vector>

// A Linux event dispatcher on epoll, for the server's and simulator's worker threads.
// Qt's stock Unix dispatcher rebuilds and scans the whole descriptor set on every wake-up, so
// its cost grows with the number of open sockets (at 10,000 idle connections one echo took
// 7-17 ms); epoll reports only the ready descriptors. Timers live in an ordered set, posted
// events are delivered through QCoreApplication, and wakeUp() writes to an eventfd.
// Notifier changes reach epoll once per pass, just before it waits: QAbstractSocket enables its
// write notifier on every buffered write and disables it once flushed, so a fan-out batch would
// otherwise cost two epoll_ctl calls per socket; coalesced, a write that is flushed within the
// same pass costs none.
// Besides Qt's timers (whole milliseconds) it keeps deadlines in nanoseconds for owners that must
// not run late, such as the simulator's TimerQueue (a send stamped with its intended time and
// fired up to 1 ms after it would count that lateness as the server's latency): one timerfd with
// an absolute CLOCK_MONOTONIC expiry, the MonotonicClock's clock, wakes epoll_wait at the
// earliest of them.
// Install it on a thread before it starts (QThread::setEventDispatcher) and never share it.
class EpollEventDispatcher : public QAbstractEventDispatcher
{
    Q_OBJECT
public:
    // The owner of one precise deadline. Deadlines are one-shot: deadlineReached() runs in the
    // dispatcher's thread after the deadline is removed, so the owner sets the next one from it.
    class DeadlineClient
    {
    public:
        virtual void deadlineReached() = 0;

    protected:
        ~DeadlineClient() = default;
    };

    explicit EpollEventDispatcher(QObject *parent = nullptr);
    ~EpollEventDispatcher() override;

    bool processEvents(QEventLoop::ProcessEventsFlags flags) override;

    void registerSocketNotifier(QSocketNotifier *notifier) override;
    void unregisterSocketNotifier(QSocketNotifier *notifier) override;

    void registerTimer(int timerId, qint64 interval, Qt::TimerType timerType, QObject *object) override;
    bool unregisterTimer(int timerId) override;
    bool unregisterTimers(QObject *object) override;
    QList<TimerInfo> registeredTimers(QObject *object) const override;
    int remainingTime(int timerId) override;

    void wakeUp() override;
    void interrupt() override;

    // Descriptors with at least one registered notifier.
    int registeredSocketCount() const;

    // Runs `client`'s deadlineReached() once MonotonicClock::nowNs() >= dueNs (on the next pass if
    // that is past), replacing its previous deadline. This thread only; a client cancels before it
    // is destroyed. No system call here: the timerfd is re-armed once per pass, just before the
    // wait, and only when the earliest deadline is not the one it already holds.
    void setDeadline(DeadlineClient *client, qint64 dueNs);
    void cancelDeadline(DeadlineClient *client);

private:
    struct Watch
    {
        QSocketNotifier *notifiers[3] = {nullptr, nullptr, nullptr}; // Read, Write, Exception
        quint32 kernelEvents = 0;  // what epoll watches for this descriptor now
        quint64 serial = 0;        // tells a reused descriptor from the one epoll reported
        quint64 kernelSerial = 0;  // the serial epoll reports for it now
        bool dirty = false;        // in m_dirty: to be brought to epoll before the next wait
        bool isEmpty() const { return !notifiers[0] && !notifiers[1] && !notifiers[2]; }
        // Neither watched by epoll nor about to be: the slot is free for a new descriptor.
        bool isUnused() const { return isEmpty() && kernelEvents == 0 && !dirty; }
    };
    struct Timer
    {
        QObject *object = nullptr;
        qint64 intervalMs = 0;
        qint64 dueNs = 0;
        Qt::TimerType type = Qt::CoarseTimer;
        bool inEvent = false; // being delivered: not fired again by a nested event loop
    };

    Watch *watchFor(int fd);
    void markDirty(int fd, Watch &watch);
    // Brings every changed watch to epoll (ADD, MOD, DEL); called right before epoll_wait.
    void applyWatchChanges();
    void applyWatch(int fd, Watch &watch);
    int activateSocketNotifiers(const struct epoll_event *events, int count, const quint64 *serials);
    int activateTimers();
    int activateDeadlines();
    // Brings the earliest deadline to the timerfd; false when one is already due (do not wait).
    bool armDeadlineTimer(qint64 nowNs);
    int waitTimeoutMs(qint64 nowNs) const;
    static qint64 nextDue(const Timer &timer, qint64 nowNs);
    void drainWakeUps();

    int m_epollFd = -1;
    int m_wakeFd = -1;
    int m_deadlineFd = -1;
    std::atomic<bool> m_wakePending{false};
    std::atomic<bool> m_interrupted{false};
    quint64 m_nextSerial = 0;
    // Indexed by descriptor: looked up for every reported event, so a vector rather than a hash
    // (descriptors are small, dense integers).
    std::vector<Watch> m_watches;
    std::vector<int> m_dirty;
    std::unordered_map<int, Timer> m_timers;
    std::set<std::pair<qint64, int>> m_timerQueue; // (due, timer id), earliest first
    std::unordered_map<DeadlineClient *, qint64> m_deadlineOf;
    std::set<std::pair<qint64, DeadlineClient *>> m_deadlines; // (due, client), earliest first
    qint64 m_deadlineFdArmedNs = 0; // the timerfd's expiry; 0: disarmed or already expired
};
