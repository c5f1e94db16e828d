#include "stagingsupport.h"

#include "../server/testsupport.h"
#include "staging/childprocess.h"

#include <QDir>
#include <QFile>
#include <QHostAddress>
#include <QMap>
#include <QTcpSocket>

namespace StagingSupport {

bool isInstalled(const QString &program)
{
    return !ChildProcess::findExecutable(program).isEmpty();
}

static QByteArray readLine(QTcpSocket &socket, int timeoutMs)
{
    while (!socket.canReadLine()) {
        if (!socket.waitForReadyRead(timeoutMs))
            return {};
    }
    return socket.readLine().trimmed();
}

QByteArray redisCommand(quint16 port, const QByteArray &command, int timeoutMs)
{
    QTcpSocket socket;
    socket.connectToHost(QHostAddress::LocalHost, port);
    if (!socket.waitForConnected(timeoutMs))
        return {};
    socket.write(command + "\r\n");
    return readLine(socket, timeoutMs);
}

QByteArray redisGet(quint16 port, const QByteArray &key, int timeoutMs)
{
    QTcpSocket socket;
    socket.connectToHost(QHostAddress::LocalHost, port);
    if (!socket.waitForConnected(timeoutMs))
        return "<error>";
    socket.write("GET " + key + "\r\n");
    const QByteArray head = readLine(socket, timeoutMs);
    // RESP2: "$-1" is the nil bulk string, "$N" is followed by N bytes and CRLF.
    if (head == "$-1")
        return "";
    if (!head.startsWith('$'))
        return "<error>";
    return readLine(socket, timeoutMs);
}

qint64 metric(quint16 port, const QByteArray &sample)
{
    const TestSupport::HttpReply reply = TestSupport::get(port, "/metrics");
    for (const QByteArray &line : reply.body.split('\n')) {
        if (line.startsWith(sample + ' '))
            return line.mid(sample.size() + 1).trimmed().toLongLong();
    }
    return -1;
}

// /proc/PID/stat: "pid (comm) state ppid ..."; comm may hold spaces and parentheses, so the
// fields are read after the last ')'.
static bool readStat(qint64 pid, char *state, qint64 *parent)
{
    QFile file(QStringLiteral("/proc/%1/stat").arg(pid));
    if (!file.open(QIODevice::ReadOnly))
        return false;
    const QByteArray text = file.readAll();
    const qsizetype close = text.lastIndexOf(')');
    if (close < 0)
        return false;
    const QList<QByteArray> fields = text.mid(close + 2).split(' ');
    if (fields.size() < 2 || fields[0].isEmpty())
        return false;
    *state = fields[0].at(0);
    *parent = fields[1].toLongLong();
    return true;
}

bool isGone(qint64 pid)
{
    char state = 0;
    qint64 parent = 0;
    return !readStat(pid, &state, &parent) || state == 'Z' || state == 'X';
}

QList<qint64> descendants(qint64 pid)
{
    QMultiMap<qint64, qint64> children;
    const QStringList entries = QDir(QStringLiteral("/proc")).entryList(QDir::Dirs | QDir::NoDotAndDotDot);
    for (const QString &entry : entries) {
        bool ok = false;
        const qint64 child = entry.toLongLong(&ok);
        char state = 0;
        qint64 parent = 0;
        if (ok && readStat(child, &state, &parent))
            children.insert(parent, child);
    }
    QList<qint64> found;
    QList<qint64> queue{pid};
    while (!queue.isEmpty()) {
        const qint64 next = queue.takeFirst();
        for (qint64 child : children.values(next)) {
            found.append(child);
            queue.append(child);
        }
    }
    return found;
}

} // namespace StagingSupport
