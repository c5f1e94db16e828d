#pragma once

#include <QList>
#include <QObject>
#include <QString>
#include <QStringList>
#include <QTimer>

#include <chrono>
#include <memory>
#include <vector>

// Several `socketscope serve` processes on 127.0.0.1, the instances of a staged cluster (behind
// an NginxProxy, sharing a PrivateBroker through extra arguments such as --broker URL).
// Each instance is its own process: its own descriptor limit, its own crash.
//
// start(N) launches them with --listen 127.0.0.1:0 and reads each one's port from the
// "listening on HOST:PORT" line it prints; allListening() follows once all N listen, or
// errorOccurred() with the failing instance's last output. killInstance() is the "an instance
// died" fault: SIGKILL, and after the downtime the same instance on the same port again.
// Every instance's stdin is a pipe kept open, for writeCommand() (`serve --control-stdin`).
//
// Owned by whoever stages the cluster; create and use it in the main thread (see ChildProcess:
// the children are killed when the thread that started them ends).
class InstanceFleet : public QObject
{
    Q_OBJECT
public:
    explicit InstanceFleet(QObject *parent = nullptr);
    // Stops every instance.
    ~InstanceFleet() override;

    // The socketscope executable (default: QCoreApplication::applicationFilePath(), this very
    // program, which is SocketScope itself in the app).
    void setExecutable(const QString &path) { m_executable = path; }
    QString executable() const;
    // Appended to each instance's `serve --listen 127.0.0.1:PORT` (e.g. --broker URL, --workers 2).
    void setExtraArguments(const QStringList &arguments) { m_extraArguments = arguments; }
    QStringList extraArguments() const { return m_extraArguments; }
    // How long start() may take for all of them, and a restarted instance to listen again
    // (default 30 s: N processes starting at once on a busy laptop).
    void setStartTimeout(std::chrono::milliseconds timeout) { m_startTimeout = timeout; }

    // false at once, with errorString(), when running already, `count` < 1, or the executable
    // cannot be started; else allListening() or errorOccurred() follows.
    bool start(int count);
    // SIGTERM to all, then SIGKILL to those still running after `grace`; returns when all ended.
    void stop(std::chrono::milliseconds grace = std::chrono::seconds(5));
    // Runs this thread's event loop until allListening() or errorOccurred() (tools, tests).
    bool waitForListening(std::chrono::milliseconds timeout);

    // SIGKILL instance `index` (instanceDown() at once), and after `downtime` start it again on
    // the same port (instanceUp() once it listens; errorOccurred() if it cannot). false when the
    // instance is not listening (never started, already down, restarting).
    bool killInstance(int index, std::chrono::milliseconds downtime);
    // Writes `line` (a newline is added if missing) to instance `index`'s stdin; false when it
    // is not running.
    bool writeCommand(int index, const QByteArray &line);

    int count() const { return int(m_instances.size()); }
    bool isListening(int index) const;
    bool isAllListening() const;
    // Per instance, in start order; 0 for an instance that has not listened yet.
    QList<quint16> ports() const;
    // Per instance; 0 for an instance that is not running.
    QList<qint64> pids() const;
    QString errorString() const { return m_error; }

signals:
    void allListening();
    void instanceDown(int index);
    void instanceUp(int index);
    void errorOccurred(const QString &message);

private:
    struct Instance;
    enum class State { Starting, Listening, Down, Restarting, Stopped, Failed };

    bool launch(int index);
    void relaunch(int index);
    void onLine(int index, const QByteArray &line);
    void onFinished(int index, int exitCode);
    void fail(const QString &message);
    void clear();

    std::vector<std::unique_ptr<Instance>> m_instances;
    QTimer m_startTimer;
    QString m_executable;
    QString m_program;
    QStringList m_extraArguments;
    QString m_error;
    std::chrono::milliseconds m_startTimeout = std::chrono::seconds(30);
    bool m_announced = false;
};
