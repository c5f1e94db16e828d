#pragma once

#include "scenario/scenario.h"
#include "server/serverconfig.h"

#include <QJsonObject>
#include <QList>
#include <QObject>
#include <QString>
#include <QTimer>

#include <chrono>
#include <memory>
#include <vector>

class InstanceFleet;
class NginxProxy;
class PrivateBroker;
class QNetworkAccessManager;

// The servers of a run whose scenario asks for several instances (docs/scenarios.md, "Several
// instances"): a private broker (unless the scenario names one of the user's), N `socketscope
// serve` processes joined by it, and nginx in front when asked. It starts them, applies the
// instance faults (killInstance, brokerDown, partitionInstance), samples every instance's
// /metrics once a second for the run's report, and stops everything at the end. Every child dies
// with this process (ChildProcess), so a killed run leaves no orphans.
// Owned by the Runner, in the main thread (the children's parent-death signal follows the
// thread that started them).
class StagedCluster : public QObject
{
    Q_OBJECT
public:
    // What one instance's /metrics said at the last sample.
    struct InstanceStats
    {
        quint16 port = 0;
        bool listening = false;
        int restarts = 0;
        qint64 openWebSocket = 0;
        qint64 openSse = 0;
        qint64 openPoll = 0;
        quint64 delivered = 0;         // all protocols
        quint64 published = 0;
        bool brokerUp = false;
        quint64 brokerLocalOnly = 0;   // delivered on the instance only while the broker was away
        quint64 brokerUnavailable = 0;
        quint64 gapRecovered = 0;
        quint64 gapLost = 0;
        double brokerRoundTripMs = 0;
        double busLatencyMeanMs = 0;  // publish (any instance) -> received from the broker here
        quint64 presenceJoins = 0;    // presence events announced on the instance
        quint64 presenceLeaves = 0;
        quint64 userLimitRefused = 0;
        // Over the last sample interval (about a second), for the window's charts: deliveries
        // per second, and the mean cross-instance latency (NaN when nothing crossed the bus).
        double deliveredPerSecond = 0;
        double busLatencyIntervalMs = 0;
        double presenceJoinsPerSecond = 0; // presence flapping under churn
        double presenceLeavesPerSecond = 0;
        // The counters the interval values come from, and when they were read.
        qint64 sampledAtMs = 0;
        double busLatencySumSeconds = 0;
        double busLatencyCount = 0;
    };

    StagedCluster(scenario::Staging staging, ServerConfig server, QObject *parent = nullptr);
    ~StagedCluster() override;

    // The `socketscope` program to start instances from (default: this program).
    void setExecutable(const QString &path) { m_executable = path; }
    // The most clients connected at once: nginx is given the descriptors to proxy them all.
    void setExpectedClients(qint64 clients) { m_expectedClients = clients; }

    // Starts the broker, the instances and nginx, waiting (this thread's event loop runs) until
    // all are ready or `timeout`; false with errorString() naming what failed.
    bool start(std::chrono::milliseconds timeout);
    void stop();
    QString errorString() const { return m_error; }

    // Where clients connect: nginx's port, or (no proxy) the instances' ports.
    quint16 proxyPort() const;
    QList<quint16> instancePorts() const;
    QString brokerUrl() const { return m_brokerUrl; }
    // "3 instances, redis (private, 127.0.0.1:41234), nginx ip_hash on 127.0.0.1:41240"
    QString describe() const;

    // --- faults; each returns the sentence the run's fault log shows ---
    QString killInstance(int index, std::chrono::milliseconds downtime);
    QString brokerDown(std::chrono::milliseconds duration, bool paused);
    QString partitionInstance(int index, std::chrono::milliseconds duration);

    // The last sample of every instance, and all of it for the report.
    const std::vector<InstanceStats> &instanceStats() const { return m_stats; }
    QJsonObject toJson() const;
    // Scrapes every instance's /metrics now and waits for the answers (at most `timeout`).
    void sampleNow(std::chrono::milliseconds timeout);

Q_SIGNALS:
    // Something happened to the cluster: an instance went down or came back, the broker did.
    void eventOccurred(const QString &description);

private:
    QStringList serveArguments() const;
    void sample();
    void onMetrics(size_t index, const QByteArray &body);

    const scenario::Staging m_staging;
    const ServerConfig m_server;
    QString m_executable;
    QString m_error;
    QString m_brokerUrl;
    std::unique_ptr<PrivateBroker> m_broker;
    std::unique_ptr<InstanceFleet> m_fleet;
    std::unique_ptr<NginxProxy> m_proxy;
    QNetworkAccessManager *m_network = nullptr;
    QTimer m_sampleTimer;
    int m_samplesPending = 0;
    std::vector<InstanceStats> m_stats;
    QList<QJsonObject> m_events;   // faults and what followed, with their times
    qint64 m_startedMs = 0;
    qint64 m_expectedClients = 0;
};
