#include "stagedcluster.h"

#include "instancefleet.h"
#include "nginxproxy.h"
#include "privatebroker.h"

#include <QCoreApplication>
#include <algorithm>
#include <limits>
#include <QDateTime>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QJsonArray>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>

using namespace std::chrono_literals;

namespace {

QString durationText(std::chrono::milliseconds duration)
{
    return duration.count() % 1000 == 0 ? QStringLiteral("%1s").arg(duration.count() / 1000)
                                        : QStringLiteral("%1ms").arg(duration.count());
}

QString balanceName(scenario::Staging::Balance balance)
{
    switch (balance) {
    case scenario::Staging::Balance::IpHash: return QStringLiteral("ip_hash");
    case scenario::Staging::Balance::LeastConn: return QStringLiteral("least_conn");
    case scenario::Staging::Balance::RoundRobin: break;
    }
    return QStringLiteral("round_robin");
}

// One sample from Prometheus text: the sum of every series of `name` (labels ignored), or of the
// one series `name` names with its labels.
double metricValue(const QList<QByteArray> &lines, QByteArrayView name)
{
    double total = 0;
    for (const QByteArray &line : lines) {
        if (!line.startsWith(name))
            continue;
        const QByteArrayView rest = QByteArrayView(line).sliced(name.size());
        if (rest.isEmpty() || (rest.front() != ' ' && rest.front() != '{'))
            continue;
        const qsizetype space = line.lastIndexOf(' ');
        total += line.sliced(space + 1).toDouble();
    }
    return total;
}

} // namespace

StagedCluster::StagedCluster(scenario::Staging staging, ServerConfig server, QObject *parent)
    : QObject(parent)
    , m_staging(std::move(staging))
    , m_server(std::move(server))
    , m_executable(QCoreApplication::applicationFilePath())
{
    m_sampleTimer.setInterval(1s);
    connect(&m_sampleTimer, &QTimer::timeout, this, &StagedCluster::sample);
}

StagedCluster::~StagedCluster()
{
    stop();
}

QStringList StagedCluster::serveArguments() const
{
    // The scenario's server settings, as `serve` flags (the instances are other processes).
    QStringList arguments{QStringLiteral("--control-stdin"),
                          QStringLiteral("--replay"), QString::number(m_server.replaySize),
                          QStringLiteral("--rate"), QString::number(m_server.messagesPerSecond),
                          QStringLiteral("--burst"), QString::number(m_server.messageBurst),
                          QStringLiteral("--max-message-bytes"), QString::number(m_server.maxMessageBytes),
                          QStringLiteral("--slow-consumer-bytes"), QString::number(m_server.slowConsumerBytes),
                          QStringLiteral("--ping-interval"), durationText(m_server.pingInterval),
                          QStringLiteral("--sse-heartbeat"), durationText(m_server.sseHeartbeat),
                          QStringLiteral("--sse-retry"), durationText(m_server.sseRetry),
                          QStringLiteral("--event-loop"), m_server.eventLoop == ServerConfig::EventLoop::Qt ? QStringLiteral("qt") : QStringLiteral("epoll")};
    // Several processes share the cores: one worker each unless the scenario says otherwise.
    arguments << QStringLiteral("--workers") << QString::number(m_server.workers > 0 ? m_server.workers : 1);
    if (m_server.maxConnectionsPerUser != ServerConfig().maxConnectionsPerUser)
        arguments << QStringLiteral("--max-connections-per-user") << QString::number(m_server.maxConnectionsPerUser);
    if (m_server.ephemeralTypes != ServerConfig().ephemeralTypes)
        arguments << QStringLiteral("--ephemeral-types") << m_server.ephemeralTypes.join(QLatin1Char(','));
    if (m_server.maxChannels != ServerConfig().maxChannels)
        arguments << QStringLiteral("--max-channels") << QString::number(m_server.maxChannels);
    if (m_server.channelIdleTimeout != ServerConfig().channelIdleTimeout)
        arguments << QStringLiteral("--channel-idle-timeout") << durationText(m_server.channelIdleTimeout);
    if (m_server.maxConnectionsPerAddress > 0)
        arguments << QStringLiteral("--max-connections-per-address") << QString::number(m_server.maxConnectionsPerAddress);
    if (!m_server.token.isEmpty())
        arguments << QStringLiteral("--token") << m_server.token;
    QStringList protocols;
    if (m_server.webSocketEnabled)
        protocols << QStringLiteral("ws");
    if (m_server.sseEnabled)
        protocols << QStringLiteral("sse");
    if (m_server.pollEnabled)
        protocols << QStringLiteral("poll");
    arguments << QStringLiteral("--protocols") << protocols.join(QLatin1Char(','));
    if (!m_brokerUrl.isEmpty())
        arguments << QStringLiteral("--broker") << m_brokerUrl;
    return arguments;
}

bool StagedCluster::start(std::chrono::milliseconds timeout)
{
    QElapsedTimer clock;
    clock.start();
    const auto left = [&] { return std::max(1000ms, timeout - std::chrono::milliseconds(clock.elapsed())); };
    m_startedMs = QDateTime::currentMSecsSinceEpoch();

    if (m_staging.startsOwnBroker()) {
        m_broker = std::make_unique<PrivateBroker>();
        const auto kind = m_staging.broker == u"nats" ? PrivateBroker::Kind::Nats : PrivateBroker::Kind::Redis;
        if (!m_broker->start(kind) || !m_broker->waitForReady(left())) {
            m_error = tr("the broker did not start: %1").arg(m_broker->errorString());
            stop();
            return false;
        }
        connect(m_broker.get(), &PrivateBroker::paused, this, [this] { Q_EMIT eventOccurred(tr("broker paused")); });
        connect(m_broker.get(), &PrivateBroker::resumed, this, [this] { Q_EMIT eventOccurred(tr("broker resumed")); });
        connect(m_broker.get(), &PrivateBroker::ready, this, [this] { Q_EMIT eventOccurred(tr("broker running again")); });
        m_brokerUrl = m_broker->url();
    } else {
        m_brokerUrl = m_staging.broker;
    }

    m_fleet = std::make_unique<InstanceFleet>();
    m_fleet->setExecutable(m_executable);
    m_fleet->setExtraArguments(serveArguments());
    if (!m_fleet->start(m_staging.instances) || !m_fleet->waitForListening(left())) {
        m_error = tr("the instances did not start: %1").arg(m_fleet->errorString());
        stop();
        return false;
    }
    m_stats.assign(size_t(m_fleet->count()), InstanceStats{});
    const QList<quint16> ports = m_fleet->ports();
    for (size_t i = 0; i < m_stats.size(); ++i) {
        m_stats[i].port = ports.value(qsizetype(i));
        m_stats[i].listening = true;
    }
    connect(m_fleet.get(), &InstanceFleet::instanceDown, this, [this](int index) {
        InstanceStats &stats = m_stats[size_t(index)];
        stats.listening = false;
        stats.deliveredPerSecond = 0;
        stats.presenceJoinsPerSecond = stats.presenceLeavesPerSecond = 0;
        stats.busLatencyIntervalMs = std::numeric_limits<double>::quiet_NaN();
        Q_EMIT eventOccurred(tr("instance %1 down").arg(index));
    });
    connect(m_fleet.get(), &InstanceFleet::instanceUp, this, [this](int index) {
        m_stats[size_t(index)].listening = true;
        ++m_stats[size_t(index)].restarts;
        Q_EMIT eventOccurred(tr("instance %1 listening again").arg(index));
    });

    if (m_staging.proxy) {
        NginxProxy::Settings settings;
        settings.upstreamPorts = ports;
        settings.balance = m_staging.balance == scenario::Staging::Balance::IpHash ? NginxProxy::Balance::IpHash
                         : m_staging.balance == scenario::Staging::Balance::LeastConn ? NginxProxy::Balance::LeastConn
                                                                                      : NginxProxy::Balance::RoundRobin;
        settings.proxyReadTimeout = m_staging.proxyReadTimeout;
        settings.sseBuffering = m_staging.sseBuffering;
        settings.proxyBufferBytes = m_staging.proxyBufferBytes;
        // Each proxied connection is two of nginx's (client and upstream); its default 4,096 is
        // reached by 2,048 clients, after which it answers 500.
        settings.workerConnections = int(std::max<qint64>(4096, 2 * m_expectedClients + 1024));
        m_proxy = std::make_unique<NginxProxy>();
        if (!m_proxy->start(settings) || !m_proxy->waitForReady(left())) {
            m_error = tr("nginx did not start: %1").arg(m_proxy->errorString());
            stop();
            return false;
        }
    }
    m_network = new QNetworkAccessManager(this);
    m_sampleTimer.start();
    return true;
}

void StagedCluster::stop()
{
    m_sampleTimer.stop();
    // The proxy first (clients see the front door close), the instances (they close their
    // clients with 1001), the broker last.
    if (m_proxy)
        m_proxy->stop(2s);
    if (m_fleet)
        m_fleet->stop(5s);
    if (m_broker)
        m_broker->stop(2s);
}

quint16 StagedCluster::proxyPort() const
{
    return m_proxy ? m_proxy->port() : 0;
}

QList<quint16> StagedCluster::instancePorts() const
{
    return m_fleet ? m_fleet->ports() : QList<quint16>();
}

QString StagedCluster::describe() const
{
    QString text = tr("%n instance(s)", nullptr, m_staging.instances);
    if (m_broker)
        text += tr(", %1 (private, %2)").arg(m_staging.broker, m_brokerUrl);
    else if (!m_brokerUrl.isEmpty())
        text += tr(", broker %1").arg(m_brokerUrl);
    if (m_proxy)
        text += tr(", nginx %1 on 127.0.0.1:%2").arg(balanceName(m_staging.balance)).arg(m_proxy->port());
    return text;
}

QString StagedCluster::killInstance(int index, std::chrono::milliseconds downtime)
{
    const QString description = tr("kill instance %1 (SIGKILL), back after %2").arg(index).arg(durationText(downtime));
    if (!m_fleet || !m_fleet->killInstance(index, downtime))
        return tr("kill instance %1: not done, the instance is not listening").arg(index);
    m_events.append({{QLatin1String("at_ms"), double(QDateTime::currentMSecsSinceEpoch() - m_startedMs)},
                     {QLatin1String("fault"), description}});
    return description;
}

QString StagedCluster::brokerDown(std::chrono::milliseconds duration, bool paused)
{
    if (!m_broker)
        return tr("broker down: not done, the run did not start the broker");
    QString description;
    if (paused) {
        description = tr("pause the broker (SIGSTOP) for %1").arg(durationText(duration));
        m_broker->pause(duration);
    } else {
        description = tr("stop the broker (SIGKILL, its data lost), start it again after %1").arg(durationText(duration));
        m_broker->kill();
        QTimer::singleShot(duration, this, [this] {
            if (m_broker && !m_broker->restart())
                Q_EMIT eventOccurred(tr("the broker did not start again: %1").arg(m_broker->errorString()));
        });
    }
    m_events.append({{QLatin1String("at_ms"), double(QDateTime::currentMSecsSinceEpoch() - m_startedMs)},
                     {QLatin1String("fault"), description}});
    return description;
}

QString StagedCluster::partitionInstance(int index, std::chrono::milliseconds duration)
{
    const QString description = tr("cut instance %1 off from the broker for %2").arg(index).arg(durationText(duration));
    if (!m_fleet || !m_fleet->writeCommand(index, "partition " + durationText(duration).toUtf8()))
        return tr("partition instance %1: not done, the instance is not running").arg(index);
    m_events.append({{QLatin1String("at_ms"), double(QDateTime::currentMSecsSinceEpoch() - m_startedMs)},
                     {QLatin1String("fault"), description}});
    return description;
}

void StagedCluster::sample()
{
    if (!m_network || m_samplesPending > 0)
        return;
    for (size_t i = 0; i < m_stats.size(); ++i) {
        if (!m_stats[i].listening)
            continue;
        QNetworkRequest request(QUrl(QStringLiteral("http://127.0.0.1:%1/metrics").arg(m_stats[i].port)));
        request.setTransferTimeout(2000);
        if (!m_server.token.isEmpty())
            request.setRawHeader("Authorization", "Bearer " + m_server.token.toUtf8());
        QNetworkReply *reply = m_network->get(request);
        ++m_samplesPending;
        connect(reply, &QNetworkReply::finished, this, [this, reply, i] {
            --m_samplesPending;
            if (reply->error() == QNetworkReply::NoError)
                onMetrics(i, reply->readAll());
            reply->deleteLater();
        });
    }
}

void StagedCluster::sampleNow(std::chrono::milliseconds timeout)
{
    sample();
    QElapsedTimer clock;
    clock.start();
    while (m_samplesPending > 0 && clock.elapsed() < timeout.count())
        QCoreApplication::processEvents(QEventLoop::AllEvents, 50);
}

void StagedCluster::onMetrics(size_t index, const QByteArray &body)
{
    if (index >= m_stats.size())
        return;
    const QList<QByteArray> lines = body.split('\n');
    InstanceStats &stats = m_stats[index];
    const auto count = [&](QByteArrayView name) { return quint64(metricValue(lines, name)); };
    stats.openWebSocket = qint64(metricValue(lines, "socketscope_connections{protocol=\"ws\"}"));
    stats.openSse = qint64(metricValue(lines, "socketscope_connections{protocol=\"sse\"}"));
    stats.openPoll = qint64(metricValue(lines, "socketscope_connections{protocol=\"poll\"}"));
    const quint64 deliveredBefore = stats.delivered;
    stats.delivered = count("socketscope_messages_delivered_total");
    stats.published = count("socketscope_messages_published_total");
    stats.brokerUp = count("socketscope_broker_up") == 1;
    stats.brokerLocalOnly = count("socketscope_broker_local_only_total");
    stats.brokerUnavailable = count("socketscope_broker_unavailable_total");
    stats.gapRecovered = count("socketscope_broker_gap_recovered_messages_total");
    stats.gapLost = count("socketscope_broker_gap_lost_messages_total");
    stats.brokerRoundTripMs = metricValue(lines, "socketscope_broker_round_trip_seconds") * 1000.0;
    const quint64 joinsBefore = stats.presenceJoins;
    const quint64 leavesBefore = stats.presenceLeaves;
    stats.presenceJoins = count("socketscope_presence_joins_total");
    stats.presenceLeaves = count("socketscope_presence_leaves_total");
    stats.userLimitRefused = count("socketscope_user_limit_refused_total");
    const double latencyCount = metricValue(lines, "socketscope_broker_bus_latency_seconds_count");
    const double latencySum = metricValue(lines, "socketscope_broker_bus_latency_seconds_sum");
    stats.busLatencyMeanMs = latencyCount > 0 ? latencySum * 1000.0 / latencyCount : 0;

    // Interval values against the previous sample; a restarted instance counts from zero again.
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    const bool restarted = stats.delivered < deliveredBefore || latencyCount < stats.busLatencyCount;
    const double seconds = stats.sampledAtMs > 0 ? double(now - stats.sampledAtMs) / 1000.0 : 0;
    if (seconds > 0) {
        const quint64 delivered = restarted ? stats.delivered : stats.delivered - deliveredBefore;
        stats.deliveredPerSecond = double(delivered) / seconds;
        const auto since = [restarted](quint64 now, quint64 before) { return restarted || now < before ? now : now - before; };
        stats.presenceJoinsPerSecond = double(since(stats.presenceJoins, joinsBefore)) / seconds;
        stats.presenceLeavesPerSecond = double(since(stats.presenceLeaves, leavesBefore)) / seconds;
    }
    const double crossed = restarted ? latencyCount : latencyCount - stats.busLatencyCount;
    const double crossedSum = restarted ? latencySum : latencySum - stats.busLatencySumSeconds;
    stats.busLatencyIntervalMs = crossed > 0 ? crossedSum * 1000.0 / crossed : std::numeric_limits<double>::quiet_NaN();
    stats.sampledAtMs = now;
    stats.busLatencyCount = latencyCount;
    stats.busLatencySumSeconds = latencySum;
}

QJsonObject StagedCluster::toJson() const
{
    QJsonArray instances;
    for (size_t i = 0; i < m_stats.size(); ++i) {
        const InstanceStats &s = m_stats[i];
        instances.append(QJsonObject{
            {QLatin1String("index"), int(i)},
            {QLatin1String("port"), s.port},
            {QLatin1String("restarts"), s.restarts},
            {QLatin1String("open"), QJsonObject{{QLatin1String("ws"), double(s.openWebSocket)},
                                                {QLatin1String("sse"), double(s.openSse)},
                                                {QLatin1String("poll"), double(s.openPoll)}}},
            {QLatin1String("delivered"), double(s.delivered)},
            {QLatin1String("published"), double(s.published)},
            {QLatin1String("broker_up"), s.brokerUp},
            {QLatin1String("broker_local_only"), double(s.brokerLocalOnly)},
            {QLatin1String("broker_unavailable"), double(s.brokerUnavailable)},
            {QLatin1String("gap_recovered"), double(s.gapRecovered)},
            {QLatin1String("gap_lost"), double(s.gapLost)},
            {QLatin1String("broker_round_trip_ms"), s.brokerRoundTripMs},
            {QLatin1String("bus_latency_mean_ms"), s.busLatencyMeanMs},
            {QLatin1String("presence_joins"), double(s.presenceJoins)},
            {QLatin1String("presence_leaves"), double(s.presenceLeaves)},
            {QLatin1String("user_limit_refused"), double(s.userLimitRefused)},
        });
    }
    QJsonObject object{{QLatin1String("instances"), instances}, {QLatin1String("description"), describe()}};
    QJsonArray events;
    for (const QJsonObject &event : m_events)
        events.append(event);
    object.insert(QLatin1String("faults"), events);
    if (!m_brokerUrl.isEmpty())
        object.insert(QLatin1String("broker"), m_staging.startsOwnBroker() ? m_staging.broker : QStringLiteral("external"));
    if (m_proxy) {
        object.insert(QLatin1String("proxy"), QJsonObject{{QLatin1String("kind"), QStringLiteral("nginx")},
                                                          {QLatin1String("balance"), balanceName(m_staging.balance)},
                                                          {QLatin1String("read_timeout_ms"), double(m_staging.proxyReadTimeout.count())},
                                                          {QLatin1String("sse_buffering"), m_staging.sseBuffering}});
    }
    return object;
}
