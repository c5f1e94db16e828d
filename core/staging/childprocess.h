#pragma once

#include <QByteArray>
#include <QList>
#include <QObject>
#include <QProcess>
#include <QString>
#include <QStringList>

#include <chrono>

// A child process that cannot outlive SocketScope. Every process the staging classes start
// (a broker, the `socketscope serve` instances, nginx) goes through here, so a laptop is not left
// with a Redis or an nginx holding a port after SocketScope crashed or was killed with SIGKILL.
//
// Between fork and exec the child asks the kernel for SIGKILL when its parent goes
// (prctl PR_SET_PDEATHSIG), then checks that the parent is still the one that forked it (it may
// have died before the request was made). Linux sends that signal when the *thread* that forked
// the child exits, not the process: create and start these objects only from a thread that lives
// as long as the children should, in practice the main thread. The guarantee covers the child
// itself, not processes it forks in turn (the setting is cleared on fork): NginxProxy runs nginx
// as a single process for that reason.
//
// Owned by the staging class that started it; lives in the thread that created it.
class ChildProcess : public QObject
{
    Q_OBJECT
public:
    explicit ChildProcess(QObject *parent = nullptr);
    // Stops the child (see stop()) if it is still running.
    ~ChildProcess() override;

    // `name` on PATH, or in the sbin directories a non-root PATH often lacks (Debian puts
    // nginx and nats-server in /usr/sbin); empty when it is not found.
    static QString findExecutable(const QString &name);

    void setProgram(const QString &program) { m_program = program; }
    QString program() const { return m_program; }
    void setArguments(const QStringList &arguments) { m_arguments = arguments; }
    QStringList arguments() const { return m_arguments; }
    void setWorkingDirectory(const QString &directory);

    // Starts the program (waiting only until exec succeeded or failed); false with errorString()
    // when it could not be started. stdin stays open as a pipe (see write()).
    bool start();
    bool isRunning() const;
    qint64 pid() const;
    // The last exit: the code, or -1 when a signal ended it.
    int exitCode() const;

    // SIGSTOP / SIGCONT: the child stays alive but does nothing (a stalled broker or server).
    bool pause();
    bool resume();
    bool isPaused() const { return m_paused; }

    // SIGTERM (after SIGCONT: a stopped process would only see the SIGTERM once continued).
    void terminate();
    // Runs this thread's event loop until the child ended or the timeout; true if it ended.
    bool waitForFinished(std::chrono::milliseconds timeout);
    // terminate(), then SIGKILL if it has not ended after `grace`; returns once it has ended.
    void stop(std::chrono::milliseconds grace = std::chrono::seconds(5));
    // SIGKILL, and returns once it has ended.
    void kill();

    // Writes to the child's stdin; false when it is not running.
    bool write(const QByteArray &bytes);

    // The last lines the child printed (stdout and stderr, in the order they were read), for
    // error messages; cleared by start().
    QString outputTail() const;
    bool outputContains(QByteArrayView text, Qt::CaseSensitivity cs = Qt::CaseInsensitive) const;
    QString errorString() const { return m_error; }

signals:
    // One complete line (without its newline) the child printed on `channel`.
    void lineRead(QProcess::ProcessChannel channel, const QByteArray &line);
    // The child ended, whether asked to or not; exitCode() is -1 when a signal ended it.
    void finished(int exitCode);

private:
    void readChannel(QProcess::ProcessChannel channel);
    void keepLine(const QByteArray &line);
    bool sendSignal(int signalNumber) const;

    QProcess m_process;
    QString m_program;
    QStringList m_arguments;
    QByteArray m_partial[2];
    QList<QByteArray> m_tail;
    QString m_error;
    bool m_paused = false;
};
