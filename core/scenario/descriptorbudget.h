#pragma once

#include <QString>
#include <QtGlobal>

namespace scenario { struct Scenario; }

// The file descriptors a run needs at its peak, checked against the process's limit
// (RLIMIT_NOFILE) before the run starts, so a scenario too big for the limit is refused with a
// plain explanation instead of failing half way with "Too many open files". Every simulated
// client holds one socket; when the target is the embedded server in this process, its side of
// each connection is another; and a fixed reserve covers the rest (listening sockets, each
// thread's event-loop descriptors, report files, Qt's own). Used by the Runner, so both
// `socketscope run` and the GUI get the check.
class DescriptorBudget
{
public:
    // The reserve: a fixed part for stdio, listening sockets, report files and what Qt opens
    // itself, and a few per thread (an event loop holds an epoll or wake-up descriptor or two).
    static constexpr qint64 fixedReserve = 100;
    static constexpr qint64 reservePerThread = 4;

    // `threads`: client pool threads plus the embedded server's worker threads.
    static DescriptorBudget forRun(const scenario::Scenario &scenario, bool embeddedServer, int threads);

    qint64 clientConnections() const { return m_clients; }
    qint64 serverConnections() const { return m_server; }
    qint64 reserve() const { return m_reserve; }
    qint64 needed() const { return m_clients + m_server + m_reserve; }

    // The process's soft limit on open descriptors (socketscope raises it to the hard limit at
    // start-up); -1 when unlimited or unknown.
    static qint64 processLimit();
    // Empty when the run fits `limit` (-1: no limit); otherwise what to tell the user: how many
    // are needed, what the limit is, and what to do about it.
    QString check(qint64 limit) const;

private:
    qint64 m_clients = 0;
    qint64 m_server = 0;
    qint64 m_reserve = fixedReserve;
};
