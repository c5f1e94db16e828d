#pragma once

#include <QList>
#include <QObject>
#include <QString>
#include <QTimer>

#include <chrono>
#include <memory>

class ChildProcess;
class PortProbe;
class QTemporaryDir;

// nginx in front of a staged cluster, configured the way production configs put nginx in front
// of WebSocket / SSE servers, with the knobs whose effects teams trip over: how requests are
// balanced (round robin breaks Socket.IO long-polling without sticky sessions), proxy_read_timeout
// (cuts idle WebSockets without heartbeats) and response buffering (holds SSE events back).
//
// start() writes nginx.conf into a private temporary directory and runs
// `nginx -p DIR -c nginx.conf -g 'daemon off;'`: logs, pid file and temp files stay in DIR, so
// it runs as root or not without touching /var. nginx cannot be told port 0, so a free port is
// picked and another one tried if nginx finds it taken. ready() follows once it accepts
// connections, or errorOccurred() with the end of its error log.
//
// nginx runs as a single process (`master_process off;`): in the usual master + workers mode,
// the workers are forked by the master and outlive it when it is killed with SIGKILL (checked
// on nginx 1.22: they are re-parented to init and keep serving), while a single process is
// covered by ChildProcess's parent-death signal. That process handles every connection on one
// core, which is plenty for a laptop staging run.
//
// Owned by whoever stages the cluster; create and use it in the main thread (see ChildProcess).
class NginxProxy : public QObject
{
    Q_OBJECT
public:
    enum class Balance { RoundRobin, IpHash, LeastConn };

    struct Settings
    {
        // The upstream: one `server 127.0.0.1:PORT;` per port (an InstanceFleet's ports()).
        QList<quint16> upstreamPorts;
        Balance balance = Balance::RoundRobin;
        // Longest silence from the upstream before nginx closes the connection, WebSockets
        // included (nginx's default: 60 s).
        std::chrono::milliseconds proxyReadTimeout = std::chrono::seconds(60);
        // Off: `proxy_buffering off`, each event passed on as it comes (what SSE needs).
        // On: responses are buffered, as in an nginx whose config nobody adapted to SSE.
        bool sseBuffering = false;
        // proxy_buffer_size and the size of each of 8 proxy_buffers; 0 keeps nginx's defaults
        // (one memory page). Large buffers make buffering visible: a small event stays in them.
        int proxyBufferBytes = 0;
        // Per nginx process; each proxied connection takes two (client and upstream).
        int workerConnections = 4096;
    };

    explicit NginxProxy(QObject *parent = nullptr);
    // Stops nginx and removes its directory.
    ~NginxProxy() override;

    // The nginx program instead of the one found on PATH or in /usr/sbin (tests).
    void setExecutable(const QString &path) { m_executable = path; }
    QString executable() const { return m_executable; }
    // How long start() may take before errorOccurred() (default 20 s).
    void setStartTimeout(std::chrono::milliseconds timeout) { m_startTimeout = timeout; }

    // false at once, with errorString(), when it is running, there are no upstream ports, or
    // nginx is missing ("nginx is not installed: apt-get install nginx") or cannot be started.
    bool start(const Settings &settings);
    // SIGTERM (nginx's fast shutdown), SIGKILL after `grace`; removes the directory.
    void stop(std::chrono::milliseconds grace = std::chrono::seconds(5));
    // Runs this thread's event loop until ready() or errorOccurred() (tools, tests).
    bool waitForReady(std::chrono::milliseconds timeout);

    bool isReady() const { return m_state == State::Ready; }
    bool isRunning() const;
    quint16 port() const { return m_port; }
    qint64 pid() const;
    Settings settings() const { return m_settings; }
    // The nginx.conf in use, to show users (empty before start()).
    QString configText() const { return m_configText; }
    QString errorString() const { return m_error; }

    // The nginx.conf for `settings`, nginx listening on 127.0.0.1:`port`; paths are relative to
    // the directory given to nginx with -p.
    static QString generateConfig(const Settings &settings, quint16 port);

signals:
    void ready();
    // Start failed, or nginx ended without being asked to.
    void errorOccurred(const QString &message);

private:
    enum class State { Idle, Starting, Ready, Stopped, Failed };

    bool launch();
    void relaunch();
    void onFinished(int exitCode);
    QString errorLogTail() const;
    void fail(const QString &message);

    std::unique_ptr<ChildProcess> m_process;
    std::unique_ptr<PortProbe> m_probe;
    std::unique_ptr<QTemporaryDir> m_directory;
    QTimer m_startTimer;
    Settings m_settings;
    QString m_executable;
    QString m_program;
    QString m_configText;
    QString m_error;
    std::chrono::milliseconds m_startTimeout = std::chrono::seconds(20);
    State m_state = State::Idle;
    quint16 m_port = 0;
    int m_portAttempts = 0;
};
