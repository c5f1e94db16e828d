#pragma once

#include <QByteArray>
#include <QList>
#include <QString>

// What the staging tests share: whether a Debian program is there, a Redis command over a raw
// socket, a Prometheus sample, and the process table as /proc shows it.

// Skips the calling test when `program` (redis-server, nats-server, nginx, node) is missing, or
// fails it when SOCKETSCOPE_REQUIRE_EXTERNAL=1 (as scripts/test sets) says it must be there.
#define STAGING_REQUIRE_PROGRAM(program) \
    do { \
        if (!StagingSupport::isInstalled(program)) { \
            if (qEnvironmentVariableIntValue("SOCKETSCOPE_REQUIRE_EXTERNAL") == 1) \
                QFAIL(qPrintable(QStringLiteral("%1 is not installed (scripts/install-deps)").arg(program))); \
            QSKIP(qPrintable(QStringLiteral("%1 is not installed (scripts/install-deps)").arg(program))); \
        } \
    } while (false)

namespace StagingSupport {

bool isInstalled(const QString &program);

// One RESP inline command on a new connection; the first line of the reply ("+PONG", "$5", ...),
// empty when nothing came within the timeout.
QByteArray redisCommand(quint16 port, const QByteArray &command, int timeoutMs = 5000);
// The bulk string a Redis GET answered ("" for a nil reply, "<error>" on no answer).
QByteArray redisGet(quint16 port, const QByteArray &key, int timeoutMs = 5000);

// The value of the Prometheus sample `name{labels}` in GET /metrics of a `socketscope serve`
// (-1 when missing).
qint64 metric(quint16 port, const QByteArray &sample);

// The process ended: no /proc entry, or a zombie nobody reaped yet (it holds no port, no file).
bool isGone(qint64 pid);
// The children of `pid`, their children, and so on, from /proc.
QList<qint64> descendants(qint64 pid);

} // namespace StagingSupport
