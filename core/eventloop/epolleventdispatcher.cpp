#include "epolleventdispatcher.h"

#include "metrics/monotonicclock.h"

#include <QCoreApplication>
#include <QSocketNotifier>
#include <QTimerEvent>

#include <algorithm>
#include <cerrno>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/timerfd.h>
#include <unistd.h>

namespace {

constexpr int maxEventsPerWait = 512;
// Socket events carry (descriptor << 32 | serial); the wake-up eventfd and the deadline timerfd
// carry these instead (no descriptor is 0xFFFFFFFF).
constexpr quint64 wakeUpTag = ~quint64(0);
constexpr quint64 deadlineTag = ~quint64(0) - 1;
// Deadlines fired per pass at most, so collecting them needs no allocation; more wait one pass.
constexpr int maxDeadlinesPerPass = 16;

quint32 epollFlagsFor(QSocketNotifier::Type type)
{
    switch (type) {
    case QSocketNotifier::Read: return EPOLLIN;
    case QSocketNotifier::Write: return EPOLLOUT;
    case QSocketNotifier::Exception: return EPOLLPRI;
    }
    return 0;
}

// Which readiness wakes which notifier: hang-ups and errors wake readers and writers alike, so
// the socket finds out by reading or writing, as with select().
bool matches(QSocketNotifier::Type type, quint32 events)
{
    switch (type) {
    case QSocketNotifier::Read: return events & (EPOLLIN | EPOLLHUP | EPOLLERR | EPOLLRDHUP);
    case QSocketNotifier::Write: return events & (EPOLLOUT | EPOLLHUP | EPOLLERR);
    case QSocketNotifier::Exception: return events & EPOLLPRI;
    }
    return false;
}

} // namespace

EpollEventDispatcher::EpollEventDispatcher(QObject *parent)
    : QAbstractEventDispatcher(parent)
{
    m_epollFd = epoll_create1(EPOLL_CLOEXEC);
    m_wakeFd = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
    // CLOCK_MONOTONIC: the clock MonotonicClock::nowNs() reads, so a deadline in its nanoseconds
    // is an absolute expiry for this timer as it is.
    m_deadlineFd = timerfd_create(CLOCK_MONOTONIC, TFD_CLOEXEC | TFD_NONBLOCK);
    if (m_epollFd < 0 || m_wakeFd < 0 || m_deadlineFd < 0)
        qFatal("EpollEventDispatcher: cannot create epoll, eventfd or timerfd descriptors (errno %d)", errno);
    epoll_event event{};
    event.events = EPOLLIN;
    event.data.u64 = wakeUpTag;
    epoll_ctl(m_epollFd, EPOLL_CTL_ADD, m_wakeFd, &event);
    // Edge-triggered: each expiry is reported once without reading the timerfd, which saves a
    // system call per deadline (re-arming it resets its expiration count).
    event.events = EPOLLIN | EPOLLET;
    event.data.u64 = deadlineTag;
    epoll_ctl(m_epollFd, EPOLL_CTL_ADD, m_deadlineFd, &event);
}

EpollEventDispatcher::~EpollEventDispatcher()
{
    ::close(m_deadlineFd);
    ::close(m_wakeFd);
    ::close(m_epollFd);
}

void EpollEventDispatcher::registerSocketNotifier(QSocketNotifier *notifier)
{
    const int fd = int(notifier->socket());
    const int slot = int(notifier->type());
    if (fd < 0)
        return;
    if (size_t(fd) >= m_watches.size())
        m_watches.resize(std::max(size_t(fd) + 1, m_watches.size() * 2));
    Watch &watch = m_watches[size_t(fd)];
    if (watch.isUnused())
        watch.serial = ++m_nextSerial;
    if (watch.notifiers[slot] && watch.notifiers[slot] != notifier)
        qWarning("EpollEventDispatcher: a second notifier of the same type for descriptor %d replaces the first", fd);
    watch.notifiers[slot] = notifier;
    markDirty(fd, watch);
}

void EpollEventDispatcher::unregisterSocketNotifier(QSocketNotifier *notifier)
{
    const int fd = int(notifier->socket());
    Watch *found = watchFor(fd);
    if (!found)
        return;
    Watch &watch = *found;
    const int slot = int(notifier->type());
    if (watch.notifiers[slot] != notifier)
        return;
    watch.notifiers[slot] = nullptr;
    // The last notifier of this descriptor is gone: the socket is probably closing, and its
    // number may come back for a new socket before the next wait. A new serial now keeps events
    // already reported for the old one (later in this batch) away from the new one.
    if (watch.isEmpty())
        watch.serial = ++m_nextSerial;
    markDirty(fd, watch);
}

int EpollEventDispatcher::registeredSocketCount() const
{
    int count = 0;
    for (const Watch &watch : m_watches)
        count += watch.isEmpty() ? 0 : 1;
    return count;
}

EpollEventDispatcher::Watch *EpollEventDispatcher::watchFor(int fd)
{
    return fd >= 0 && size_t(fd) < m_watches.size() ? &m_watches[size_t(fd)] : nullptr;
}

void EpollEventDispatcher::markDirty(int fd, Watch &watch)
{
    if (watch.dirty)
        return;
    watch.dirty = true;
    m_dirty.push_back(fd);
}

void EpollEventDispatcher::applyWatchChanges()
{
    // Swapped out first: applying never registers notifiers, but keep the loop obviously finite.
    std::vector<int> dirty;
    dirty.swap(m_dirty);
    for (int fd : dirty) {
        Watch *watch = watchFor(fd);
        if (!watch)
            continue;
        watch->dirty = false;
        applyWatch(fd, *watch);
    }
    dirty.clear();
    if (m_dirty.empty())
        m_dirty.swap(dirty); // keep the capacity
}

void EpollEventDispatcher::applyWatch(int fd, Watch &watch)
{
    quint32 wanted = 0;
    for (QSocketNotifier *notifier : watch.notifiers) {
        if (notifier)
            wanted |= epollFlagsFor(notifier->type());
    }
    if (wanted == 0) {
        // The descriptor may already be closed (and epoll forgot it); ENOENT/EBADF are fine.
        if (watch.kernelEvents != 0)
            epoll_ctl(m_epollFd, EPOLL_CTL_DEL, fd, nullptr);
        watch.kernelEvents = 0;
        return;
    }
    if (wanted == watch.kernelEvents && watch.serial == watch.kernelSerial)
        return; // enabled and disabled again within one pass: nothing for the kernel
    epoll_event event{};
    event.events = wanted; // level-triggered, as Qt's notifiers are
    event.data.u64 = (quint64(quint32(fd)) << 32) | quint32(watch.serial);
    const int op = watch.kernelEvents == 0 ? EPOLL_CTL_ADD : EPOLL_CTL_MOD;
    if (epoll_ctl(m_epollFd, op, fd, &event) != 0) {
        // A descriptor closed and reused behind our back: start over with it.
        if (errno == ENOENT && op == EPOLL_CTL_MOD)
            epoll_ctl(m_epollFd, EPOLL_CTL_ADD, fd, &event);
        else if (errno == EEXIST && op == EPOLL_CTL_ADD)
            epoll_ctl(m_epollFd, EPOLL_CTL_MOD, fd, &event);
        else
            qWarning("EpollEventDispatcher: epoll_ctl on descriptor %d failed (errno %d)", fd, errno);
    }
    watch.kernelEvents = wanted;
    watch.kernelSerial = watch.serial;
}

qint64 EpollEventDispatcher::nextDue(const Timer &timer, qint64 nowNs)
{
    qint64 due = timer.dueNs + timer.intervalMs * 1'000'000;
    // Behind (a long handler, a suspended machine): skip the missed shots instead of bursting.
    if (due < nowNs)
        due = nowNs + timer.intervalMs * 1'000'000;
    return due;
}

void EpollEventDispatcher::registerTimer(int timerId, qint64 interval, Qt::TimerType timerType, QObject *object)
{
    Timer timer;
    timer.object = object;
    timer.type = timerType;
    timer.intervalMs = qMax<qint64>(0, interval);
    if (timerType == Qt::VeryCoarseTimer && timer.intervalMs > 0) {
        // Very coarse timers keep full-second accuracy only.
        timer.intervalMs = qMax<qint64>(1000, (timer.intervalMs + 500) / 1000 * 1000);
    }
    // Coarse timers are allowed 5% slack; firing them on time is within that.
    timer.dueNs = MonotonicClock::nowNs() + timer.intervalMs * 1'000'000;
    unregisterTimer(timerId);
    m_timers.emplace(timerId, timer);
    m_timerQueue.emplace(timer.dueNs, timerId);
}

bool EpollEventDispatcher::unregisterTimer(int timerId)
{
    const auto it = m_timers.find(timerId);
    if (it == m_timers.end())
        return false;
    m_timerQueue.erase({it->second.dueNs, timerId});
    m_timers.erase(it);
    return true;
}

bool EpollEventDispatcher::unregisterTimers(QObject *object)
{
    bool found = false;
    for (auto it = m_timers.begin(); it != m_timers.end();) {
        if (it->second.object == object) {
            m_timerQueue.erase({it->second.dueNs, it->first});
            it = m_timers.erase(it);
            found = true;
        } else {
            ++it;
        }
    }
    return found;
}

QList<QAbstractEventDispatcher::TimerInfo> EpollEventDispatcher::registeredTimers(QObject *object) const
{
    QList<TimerInfo> timers;
    for (const auto &[id, timer] : m_timers) {
        if (timer.object == object)
            timers.append(TimerInfo(id, int(timer.intervalMs), timer.type));
    }
    return timers;
}

int EpollEventDispatcher::remainingTime(int timerId)
{
    const auto it = m_timers.find(timerId);
    if (it == m_timers.end())
        return -1;
    const qint64 remainingNs = it->second.dueNs - MonotonicClock::nowNs();
    return int(qMax<qint64>(0, (remainingNs + 999'999) / 1'000'000));
}

void EpollEventDispatcher::setDeadline(DeadlineClient *client, qint64 dueNs)
{
    const auto [it, inserted] = m_deadlineOf.try_emplace(client, dueNs);
    if (!inserted) {
        if (it->second == dueNs)
            return;
        m_deadlines.erase({it->second, client});
        it->second = dueNs;
    }
    m_deadlines.emplace(dueNs, client);
}

void EpollEventDispatcher::cancelDeadline(DeadlineClient *client)
{
    const auto it = m_deadlineOf.find(client);
    if (it == m_deadlineOf.end())
        return;
    m_deadlines.erase({it->second, client});
    m_deadlineOf.erase(it);
}

bool EpollEventDispatcher::armDeadlineTimer(qint64 nowNs)
{
    // Nothing pending: an expiry still armed for a cancelled deadline costs one spurious wake-up,
    // no more than disarming it would.
    if (m_deadlines.empty())
        return true;
    const qint64 dueNs = m_deadlines.begin()->first;
    if (dueNs <= nowNs)
        return false;
    if (dueNs == m_deadlineFdArmedNs)
        return true;
    itimerspec expiry{};
    expiry.it_value.tv_sec = time_t(dueNs / 1'000'000'000);
    expiry.it_value.tv_nsec = long(dueNs % 1'000'000'000);
    // timerfd_settime(2): an absolute it_value on the timer's clock; re-arming also clears an
    // expiry not read yet. (dueNs > nowNs > 0, so it_value is never the zero that disarms.)
    if (timerfd_settime(m_deadlineFd, TFD_TIMER_ABSTIME, &expiry, nullptr) != 0) {
        qWarning("EpollEventDispatcher: timerfd_settime failed (errno %d)", errno);
        return false; // poll rather than sleep past the deadline
    }
    m_deadlineFdArmedNs = dueNs;
    return true;
}

void EpollEventDispatcher::wakeUp()
{
    // Any thread. One write per sleep is enough: the flag is cleared when the eventfd is read.
    if (m_wakePending.exchange(true, std::memory_order_acq_rel))
        return;
    const quint64 one = 1;
    [[maybe_unused]] const auto written = ::write(m_wakeFd, &one, sizeof one);
}

void EpollEventDispatcher::interrupt()
{
    m_interrupted.store(true, std::memory_order_release);
    wakeUp();
}

void EpollEventDispatcher::drainWakeUps()
{
    quint64 count = 0;
    while (::read(m_wakeFd, &count, sizeof count) == sizeof count) {
    }
    m_wakePending.store(false, std::memory_order_release);
}

int EpollEventDispatcher::waitTimeoutMs(qint64 nowNs) const
{
    if (m_timerQueue.empty())
        return -1;
    const qint64 waitNs = m_timerQueue.begin()->first - nowNs;
    if (waitNs <= 0)
        return 0;
    // Round up: waking a little early would only spin until the timer is due.
    return int(qMin<qint64>((waitNs + 999'999) / 1'000'000, 24 * 3600 * 1000));
}

bool EpollEventDispatcher::processEvents(QEventLoop::ProcessEventsFlags flags)
{
    m_interrupted.store(false, std::memory_order_relaxed);
    Q_EMIT awake();
    // Posted events first (QCoreApplication::postEvent calls wakeUp(), so none is missed
    // between here and the wait below).
    QCoreApplication::sendPostedEvents();

    const bool mayWait = flags.testFlag(QEventLoop::WaitForMoreEvents)
        && !m_interrupted.load(std::memory_order_acquire);
    int timeoutMs = 0;
    if (mayWait) {
        if (flags.testFlag(QEventLoop::X11ExcludeTimers)) {
            timeoutMs = -1;
        } else {
            // Qt's timers bound the wait in whole milliseconds; the timerfd ends it at the
            // earliest deadline to the nanosecond.
            const qint64 nowNs = MonotonicClock::nowNs();
            timeoutMs = armDeadlineTimer(nowNs) ? waitTimeoutMs(nowNs) : 0;
        }
        Q_EMIT aboutToBlock();
    }

    applyWatchChanges();
    epoll_event events[maxEventsPerWait];
    int ready = epoll_wait(m_epollFd, events, maxEventsPerWait, timeoutMs);
    if (ready < 0) {
        if (errno != EINTR)
            qWarning("EpollEventDispatcher: epoll_wait failed (errno %d)", errno);
        ready = 0;
    }

    // Keep the serial each event was registered with: a notifier deleted during an earlier
    // activation in this batch may have had its descriptor reused by a new one.
    quint64 serials[maxEventsPerWait];
    int socketEvents = 0;
    bool wokenUp = false;
    for (int i = 0; i < ready; ++i) {
        if (events[i].data.u64 == wakeUpTag) {
            wokenUp = true;
            continue;
        }
        if (events[i].data.u64 == deadlineTag) {
            m_deadlineFdArmedNs = 0; // expired: the next deadline needs a new expiry, whatever its time
            continue;
        }
        events[socketEvents] = events[i];
        serials[socketEvents] = events[i].data.u64 & 0xFFFFFFFFu;
        ++socketEvents;
    }
    if (wokenUp)
        drainWakeUps();

    int activated = 0;
    if (!flags.testFlag(QEventLoop::ExcludeSocketNotifiers))
        activated += activateSocketNotifiers(events, socketEvents, serials);
    if (!flags.testFlag(QEventLoop::X11ExcludeTimers) && !m_interrupted.load(std::memory_order_acquire))
        activated += activateDeadlines();
    if (!flags.testFlag(QEventLoop::X11ExcludeTimers) && !m_interrupted.load(std::memory_order_acquire))
        activated += activateTimers();
    return activated > 0 || wokenUp;
}

int EpollEventDispatcher::activateSocketNotifiers(const epoll_event *events, int count, const quint64 *serials)
{
    int activated = 0;
    for (int i = 0; i < count; ++i) {
        const int fd = int(events[i].data.u64 >> 32);
        for (int slot = 0; slot < 3; ++slot) {
            // Look the watch up again for every notifier: the previous activation may have
            // disabled or deleted any notifier, and the descriptor may have been reused.
            const Watch *watch = watchFor(fd);
            if (!watch || quint32(watch->serial) != quint32(serials[i]))
                break;
            QSocketNotifier *notifier = watch->notifiers[slot];
            if (!notifier || !matches(QSocketNotifier::Type(slot), events[i].events))
                continue;
            QEvent activation(QEvent::SockAct);
            QCoreApplication::sendEvent(notifier, &activation);
            ++activated;
            if (m_interrupted.load(std::memory_order_acquire))
                return activated;
        }
    }
    return activated;
}

int EpollEventDispatcher::activateTimers()
{
    if (m_timerQueue.empty())
        return 0;
    const qint64 now = MonotonicClock::nowNs();
    // Only what is due now: a zero timer re-armed below waits for the next pass.
    std::vector<int> due;
    for (auto it = m_timerQueue.begin(); it != m_timerQueue.end() && it->first <= now; ++it)
        due.push_back(it->second);
    int activated = 0;
    for (int timerId : due) {
        auto it = m_timers.find(timerId);
        if (it == m_timers.end() || it->second.inEvent || it->second.dueNs > now)
            continue; // unregistered, re-registered or running in an outer loop
        Timer &timer = it->second;
        m_timerQueue.erase({timer.dueNs, timerId});
        timer.dueNs = nextDue(timer, now);
        m_timerQueue.emplace(timer.dueNs, timerId);
        timer.inEvent = true;
        QObject *object = timer.object;
        QTimerEvent event(timerId);
        QCoreApplication::sendEvent(object, &event);
        ++activated;
        // The handler may have killed the timer (or killed it and got the same id again).
        it = m_timers.find(timerId);
        if (it != m_timers.end() && it->second.object == object)
            it->second.inEvent = false;
        if (m_interrupted.load(std::memory_order_acquire))
            break;
    }
    return activated;
}

int EpollEventDispatcher::activateDeadlines()
{
    if (m_deadlines.empty())
        return 0;
    const qint64 now = MonotonicClock::nowNs();
    // Only what is due now, as with timers: a client that sets its next deadline at or before
    // `now` from deadlineReached() runs again on the next pass, after the sockets.
    DeadlineClient *due[maxDeadlinesPerPass];
    int count = 0;
    for (auto it = m_deadlines.begin(); it != m_deadlines.end() && it->first <= now && count < maxDeadlinesPerPass; ++it)
        due[count++] = it->second;
    int activated = 0;
    for (int i = 0; i < count; ++i) {
        // An earlier client's callback may have cancelled this deadline or moved it.
        const auto it = m_deadlineOf.find(due[i]);
        if (it == m_deadlineOf.end() || it->second > now)
            continue;
        m_deadlines.erase({it->second, due[i]});
        m_deadlineOf.erase(it);
        due[i]->deadlineReached();
        ++activated;
        if (m_interrupted.load(std::memory_order_acquire))
            break;
    }
    return activated;
}
