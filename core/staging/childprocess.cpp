#include "childprocess.h"

#include <QDeadlineTimer>
#include <QDir>
#include <QFileInfo>
#include <QStandardPaths>

#include <csignal>
#include <sys/prctl.h>
#include <unistd.h>

using namespace std::chrono_literals;

namespace {

// Enough to show why a child failed (nginx's bind error, Redis' config complaint) without
// keeping a chatty child's whole log.
constexpr qsizetype tailLines = 40;
constexpr qsizetype tailLineBytes = 600;

} // namespace

ChildProcess::ChildProcess(QObject *parent)
    : QObject(parent)
{
    connect(&m_process, &QProcess::readyReadStandardOutput, this, [this] { readChannel(QProcess::StandardOutput); });
    connect(&m_process, &QProcess::readyReadStandardError, this, [this] { readChannel(QProcess::StandardError); });
    connect(&m_process, &QProcess::finished, this, [this] {
        // Output still in the pipes is read before anyone hears of the end, so a handler of
        // finished() sees the child's last words (e.g. "Address already in use") in outputTail().
        readChannel(QProcess::StandardOutput);
        readChannel(QProcess::StandardError);
        for (int channel = 0; channel < 2; ++channel) {
            if (!m_partial[channel].isEmpty()) {
                const QByteArray line = std::exchange(m_partial[channel], {});
                keepLine(line);
                emit lineRead(QProcess::ProcessChannel(channel), line);
            }
        }
        m_paused = false;
        emit finished(exitCode());
    });
}

ChildProcess::~ChildProcess()
{
    if (isRunning())
        stop(2s);
}

QString ChildProcess::findExecutable(const QString &name)
{
    const QString onPath = QStandardPaths::findExecutable(name);
    if (!onPath.isEmpty())
        return onPath;
    return QStandardPaths::findExecutable(name, {QStringLiteral("/usr/sbin"), QStringLiteral("/usr/local/sbin"),
                                                 QStringLiteral("/sbin")});
}

void ChildProcess::setWorkingDirectory(const QString &directory)
{
    m_process.setWorkingDirectory(directory);
}

bool ChildProcess::start()
{
    if (isRunning()) {
        m_error = tr("%1 is already running").arg(m_program);
        return false;
    }
    m_error.clear();
    m_tail.clear();
    m_partial[0].clear();
    m_partial[1].clear();
    m_paused = false;

    const pid_t parent = ::getpid();
    m_process.setChildProcessModifier([parent] {
        // In the child, between fork and exec: async-signal-safe calls only.
        ::prctl(PR_SET_PDEATHSIG, SIGKILL);
        // The parent died before the request above was made: the signal will never come.
        if (::getppid() != parent)
            ::_exit(127);
    });
    m_process.setProgram(m_program);
    m_process.setArguments(m_arguments);
    m_process.start(QIODevice::ReadWrite);
    if (!m_process.waitForStarted(30000)) {
        m_error = tr("cannot start %1: %2").arg(m_program, m_process.errorString());
        if (m_process.state() != QProcess::NotRunning) {
            m_process.kill();
            m_process.waitForFinished(5000);
        }
        return false;
    }
    return true;
}

bool ChildProcess::isRunning() const
{
    return m_process.state() != QProcess::NotRunning;
}

qint64 ChildProcess::pid() const
{
    return m_process.processId();
}

int ChildProcess::exitCode() const
{
    return m_process.exitStatus() == QProcess::NormalExit ? m_process.exitCode() : -1;
}

bool ChildProcess::sendSignal(int signalNumber) const
{
    const qint64 id = pid();
    return id > 0 && ::kill(pid_t(id), signalNumber) == 0;
}

bool ChildProcess::pause()
{
    if (!sendSignal(SIGSTOP))
        return false;
    m_paused = true;
    return true;
}

bool ChildProcess::resume()
{
    if (!sendSignal(SIGCONT))
        return false;
    m_paused = false;
    return true;
}

void ChildProcess::terminate()
{
    if (!isRunning())
        return;
    // Always, not only when we paused it: someone else may have stopped it (kill -STOP, a
    // debugger detaching), and a stopped process keeps a SIGTERM pending without acting on it.
    resume();
    sendSignal(SIGTERM);
}

bool ChildProcess::waitForFinished(std::chrono::milliseconds timeout)
{
    if (!isRunning())
        return true;
    return m_process.waitForFinished(int(std::max<qint64>(timeout.count(), 1)));
}

void ChildProcess::stop(std::chrono::milliseconds grace)
{
    if (!isRunning())
        return;
    terminate();
    if (!waitForFinished(grace))
        kill();
}

void ChildProcess::kill()
{
    if (!isRunning())
        return;
    // SIGKILL ends a stopped process too; the wait only reaps it (a process in uninterruptible
    // sleep ends when the kernel call returns, hence a generous bound rather than none).
    sendSignal(SIGKILL);
    m_process.waitForFinished(30000);
}

bool ChildProcess::write(const QByteArray &bytes)
{
    if (!isRunning())
        return false;
    return m_process.write(bytes) == bytes.size();
}

void ChildProcess::readChannel(QProcess::ProcessChannel channel)
{
    m_process.setReadChannel(channel);
    QByteArray &partial = m_partial[channel];
    partial += m_process.readAll();
    qsizetype start = 0;
    for (qsizetype end; (end = partial.indexOf('\n', start)) >= 0; start = end + 1) {
        QByteArray line = partial.sliced(start, end - start);
        if (line.endsWith('\r'))
            line.chop(1);
        keepLine(line);
        emit lineRead(channel, line);
    }
    partial.remove(0, start);
    // A child that prints without newlines must not grow this without bound.
    if (partial.size() > 64 * 1024) {
        const QByteArray line = std::exchange(partial, {});
        keepLine(line);
        emit lineRead(channel, line);
    }
}

void ChildProcess::keepLine(const QByteArray &line)
{
    m_tail.append(line.left(tailLineBytes));
    if (m_tail.size() > tailLines)
        m_tail.removeFirst();
}

QString ChildProcess::outputTail() const
{
    QStringList lines;
    for (const QByteArray &line : m_tail)
        lines.append(QString::fromUtf8(line));
    return lines.join(QLatin1Char('\n'));
}

bool ChildProcess::outputContains(QByteArrayView text, Qt::CaseSensitivity cs) const
{
    const QString needle = QString::fromUtf8(text);
    for (const QByteArray &line : m_tail) {
        if (QString::fromUtf8(line).contains(needle, cs))
            return true;
    }
    for (const QByteArray &partial : m_partial) {
        if (QString::fromUtf8(partial).contains(needle, cs))
            return true;
    }
    return false;
}
