#pragma once

#include <QObject>
#include <QString>
#include <QTimer>

#include <chrono>
#include <memory>

class ChildProcess;
class PortProbe;
class QTemporaryDir;

// A broker of one's own for a staged cluster: a private redis-server or nats-server (JetStream
// on) on a free 127.0.0.1 port, with its files in a temporary directory removed when it stops.
// Nothing is shared with a broker the user already runs, and nothing is written under /var.
// The `socketscope serve` instances of an InstanceFleet are pointed at url().
//
// start() returns at once; ready() follows once the broker answers (Redis: PING -> +PONG; NATS:
// its INFO greeting), or errorOccurred() with the broker's last output. Faults act on the real
// process: pause() freezes it (SIGSTOP) for a while, kill() + restart() bring it back on the
// same port.
//
// Owned by whoever stages the cluster; create and use it in the main thread (see ChildProcess:
// the child is killed when the thread that started it ends).
class PrivateBroker : public QObject
{
    Q_OBJECT
public:
    enum class Kind { Redis, Nats };

    explicit PrivateBroker(QObject *parent = nullptr);
    // Stops the broker and removes its directory.
    ~PrivateBroker() override;

    // The program to run instead of redis-server / nats-server found on PATH or in /usr/sbin
    // (a broker built from source; tests point it at a missing file).
    void setExecutable(const QString &path) { m_executable = path; }
    QString executable() const { return m_executable; }
    // How long start() and restart() may take before errorOccurred() (default 20 s: a busy
    // laptop starting JetStream).
    void setStartTimeout(std::chrono::milliseconds timeout) { m_startTimeout = timeout; }

    // false at once, with errorString(), when it is running already, the executable is missing
    // ("redis-server is not installed: apt-get install redis-server") or cannot be started.
    bool start(Kind kind);
    // SIGTERM, then SIGKILL after `grace`; removes the directory.
    void stop(std::chrono::milliseconds grace = std::chrono::seconds(5));
    // Runs this thread's event loop until ready() or errorOccurred() (command-line tools, tests).
    bool waitForReady(std::chrono::milliseconds timeout);

    // --- faults ---
    // SIGSTOP now, SIGCONT after `duration`: connections stay open but nothing is answered.
    bool pause(std::chrono::milliseconds duration);
    bool isPaused() const;
    // SIGKILL, no goodbye to clients. The directory is kept for restart().
    void kill();
    // Starts the same kind of broker again on the same port (retrying for a while if the port
    // is briefly taken); ready() again when it answers. Redis runs without persistence
    // (--save '' --appendonly no), so a restarted Redis is empty: keys and subscriptions are
    // gone, as with a real Redis that lost its memory. NATS keeps its JetStream store in the
    // directory, but writes not yet synced to disk when it was killed may be lost.
    bool restart();

    Kind kind() const { return m_kind; }
    bool isReady() const { return m_state == State::Ready; }
    bool isRunning() const;
    quint16 port() const { return m_port; }
    // redis://127.0.0.1:PORT or nats://127.0.0.1:PORT (empty before start()).
    QString url() const;
    qint64 pid() const;
    QString errorString() const { return m_error; }

    // The Debian program and package of a kind (both "redis-server", both "nats-server").
    static QString programName(Kind kind);

signals:
    void ready();
    // Start failed, or the broker ended without being asked to.
    void errorOccurred(const QString &message);
    void paused();
    void resumed();

private:
    enum class State { Idle, Starting, Ready, Killed, Stopped, Failed };

    // Starts the child on m_port (a new free one unless m_keepPort); false with m_error set,
    // and no signal, when it cannot be started.
    bool launch();
    void relaunch();
    QStringList arguments() const;
    void onFinished(int exitCode);
    void fail(const QString &message);

    std::unique_ptr<ChildProcess> m_process;
    std::unique_ptr<PortProbe> m_probe;
    std::unique_ptr<QTemporaryDir> m_directory;
    QTimer m_startTimer;
    QTimer m_resumeTimer;
    QString m_executable;
    QString m_program;
    QString m_error;
    std::chrono::milliseconds m_startTimeout = std::chrono::seconds(20);
    Kind m_kind = Kind::Redis;
    State m_state = State::Idle;
    quint16 m_port = 0;
    int m_portAttempts = 0;
    bool m_keepPort = false;
};
