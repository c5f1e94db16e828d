#pragma once

#include "broker/brokerstats.h"
#include "presence/presencedirectory.h"
#include "serverconfig.h"
#include "servercounters.h"
#include "tlsidentity.h"

#include <QObject>
#include <QTimer>

#include <chrono>
#include <memory>
#include <vector>

class ChannelHub;

class BrokerBridge;
class ChannelHub;
class FaultState;
class FrameTap;
class Listener;
class QThread;
class Worker;
struct ServerContext;

// A live view of the server's counters, summed over all workers (a plain value).
struct ServerStats
{
    qint64 openWebSocket = 0;
    qint64 openSse = 0;
    qint64 openPoll = 0;
    qint64 openHttp = 0;
    quint64 acceptedWebSocket = 0;
    quint64 messagesPublished = 0;
    quint64 messagesDelivered = 0;
    quint64 droppedByFault = 0;
    quint64 presenceJoins = 0;  // presence.join events announced here (docs/server.md, "Presence")
    quint64 presenceLeaves = 0;
    qint64 totalOpen() const { return openWebSocket + openSse + openHttp; }
};

// The embedded real-time server (DESIGN section 4): one port for WebSocket, SSE, long polling,
// publishing and metrics, served by N worker threads that share one ChannelHub.
// Owned by whoever runs it (the app's `serve` command, the GUI, tests); lives in that thread.
// start() binds and starts the workers; stop() closes every connection gracefully and emits
// stopped(). The fault methods act at once on a running server.
class Server : public QObject
{
    Q_OBJECT
public:
    explicit Server(ServerConfig config, QObject *parent = nullptr);
    ~Server() override;

    bool start();
    void stop();
    // Blocks (running this thread's event loop) until stopped or the timeout.
    bool stopAndWait(std::chrono::milliseconds timeout = std::chrono::seconds(10));

    bool isListening() const;
    bool isRunning() const { return !m_workers.empty(); }
    quint16 port() const { return m_port; }
    QHostAddress address() const { return m_config.address; }
    QString errorString() const { return m_error; }
    const ServerConfig &config() const { return m_config; }
    int workerCount() const { return int(m_workers.size()); }
    // TLS: https:// and wss:// instead of http:// and ws:// (set by the config, fixed while running).
    bool usesTls() const { return m_config.usesTls(); }
    // The certificate clients are shown (the generated one with tlsSelfSigned); null without TLS.
    QSslCertificate certificate() const { return m_tlsIdentity.certificate(); }
    // Connections that ended before their TLS handshake completed (plain HTTP to the TLS port,
    // garbage, clients that reject the certificate), since start.
    quint64 tlsHandshakeFailures() const;

    ServerStats stats() const;
    QByteArray prometheusText() const;
    ChannelHub *hub() const;
    // With a broker (config().broker): its counters, and the partition fault (this instance cut
    // off from the broker while its clients stay connected). nullptr / no effect without one.
    const BrokerStats *brokerStats() const;
    void setCutOffFromBroker(bool cutOff);
    FaultState *faults() const;
    // The message inspector's tap: every connection's frames are offered to it while it samples.
    // May be set before or while running; nullptr detaches.
    void setFrameTap(std::shared_ptr<FrameTap> tap);

    // --- fault injection ---
    // Closes every connection with 1001, stops listening for `downtime`, listens again.
    void restart(std::chrono::milliseconds downtime = std::chrono::seconds(1));
    void dropConnections(double fraction);
    void setAddedLatency(std::chrono::milliseconds latency, std::chrono::milliseconds jitter);
    void setMessageDropRate(double fraction);
    void setPingsIgnored(bool ignored);
    void setReadingStopped(bool stopped);
    // Stops listening (new connections are refused by the OS) for `duration`.
    void refuseConnections(std::chrono::milliseconds duration);
    bool isRefusing() const;

Q_SIGNALS:
    void stopped();
    void listeningChanged(bool listening);
    void restarted();
    void errorOccurred(const QString &message);
    void brokerAvailabilityChanged(bool available);

private:
    enum class Phase { Idle, Running, Restarting, Stopping };

    bool listen();
    bool startBroker();
    static PresenceDirectory::Announce presenceAnnouncer(ChannelHub &hub);
    void stopBroker();
    bool loadTlsIdentity();
    void closeListener();
    void drainWorkers(std::function<void()> whenDrained);
    void onWorkerDrained();
    void finishStop();
    void tryRelisten();

    ServerConfig m_config;
    TlsIdentity m_tlsIdentity;
    std::unique_ptr<ServerContext> m_context;
    std::shared_ptr<FrameTap> m_frameTap;
    // The listener accepts on its own thread so that a busy owner thread (the GUI, a test
    // blocking on a socket) never delays accept().
    Listener *m_listener = nullptr;
    QThread *m_acceptThread = nullptr;
    bool m_listening = false;
    // The broker's bridge on its own thread (with a broker only).
    BrokerBridge *m_bridge = nullptr;
    QThread *m_busThread = nullptr;
    std::vector<QThread *> m_threads;
    std::vector<Worker *> m_workers;
    int m_nextWorker = 0;
    int m_drainPending = 0;
    std::function<void()> m_whenDrained;
    quint16 m_port = 0;
    QString m_error;
    Phase m_phase = Phase::Idle;
    QTimer m_relistenTimer;
};
