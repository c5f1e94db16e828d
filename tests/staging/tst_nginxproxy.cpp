#include "stagingsupport.h"

#include "../e2e/runsupport.h"
#include "../server/testsupport.h"
#include "staging/instancefleet.h"
#include "staging/nginxproxy.h"

#include <QElapsedTimer>
#include <QHostAddress>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSignalSpy>
#include <QTcpSocket>
#include <QTest>
#include <QWebSocket>

using namespace std::chrono_literals;
using namespace StagingSupport;

Q_DECLARE_METATYPE(NginxProxy::Balance)
Q_DECLARE_METATYPE(NginxProxy::Settings)

namespace {

constexpr auto startTimeout = 90s;
const QStringList lightInstance{QStringLiteral("--workers"), QStringLiteral("1")};

// A WebSocket client that keeps what it was sent and whether it is still open.
class WsClient : public QObject
{
public:
    explicit WsClient(quint16 port, const QString &channel = QStringLiteral("x"))
    {
        connect(&socket, &QWebSocket::textMessageReceived, this, [this](const QString &text) { messages.append(text); });
        connect(&socket, &QWebSocket::disconnected, this, [this] {
            closed = true;
            lifetime = opened.elapsed();
        });
        connect(&socket, &QWebSocket::connected, this, [this] { opened.start(); });
        socket.open(QUrl(QStringLiteral("ws://127.0.0.1:%1/ws?channel=%2").arg(port).arg(channel)));
    }
    QString firstType() const
    {
        return messages.isEmpty() ? QString() : QJsonDocument::fromJson(messages.first().toUtf8()).object().value(QLatin1String("type")).toString();
    }

    QWebSocket socket;
    QStringList messages;
    QElapsedTimer opened;
    qint64 lifetime = -1;
    bool closed = false;
};

// An SSE subscriber on a raw socket that keeps every byte it was sent.
class SseClient : public QObject
{
public:
    SseClient(quint16 port, const QByteArray &channel)
    {
        connect(&socket, &QTcpSocket::connected, this, [this, channel] {
            socket.write("GET /events?channel=" + channel + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\n\r\n");
        });
        connect(&socket, &QTcpSocket::readyRead, this, [this] { bytes += socket.readAll(); });
        connect(&socket, &QTcpSocket::disconnected, this, [this] { ended = true; });
        socket.connectToHost(QHostAddress::LocalHost, port);
    }
    QTcpSocket socket;
    QByteArray bytes;
    bool ended = false;
};

// One request on its own connection through nginx; HTTP/1.0, so the answer is neither chunked
// nor kept alive: everything until the close.
TestSupport::HttpReply http10Get(quint16 port, const QByteArray &target)
{
    return TestSupport::rawRequest(port, "GET " + target + " HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n", 30000);
}

struct Staged
{
    InstanceFleet fleet;
    NginxProxy nginx;
};

// `count` socketscope instances started with `extra`, and nginx in front with `settings`
// (its upstream ports filled in).
bool stage(Staged &staged, int count, const QStringList &extra, NginxProxy::Settings settings)
{
    staged.fleet.setExecutable(QStringLiteral(SOCKETSCOPE_BINARY));
    staged.fleet.setExtraArguments(lightInstance + extra);
    if (!staged.fleet.start(count) || !staged.fleet.waitForListening(startTimeout)) {
        qWarning("%s", qPrintable(staged.fleet.errorString()));
        return false;
    }
    settings.upstreamPorts = staged.fleet.ports();
    if (!staged.nginx.start(settings) || !staged.nginx.waitForReady(startTimeout)) {
        qWarning("%s", qPrintable(staged.nginx.errorString()));
        return false;
    }
    return true;
}

} // namespace

class TestNginxProxy : public QObject
{
    Q_OBJECT

private slots:
    void configFollowsTheSettings_data();
    void configFollowsTheSettings();
    void missingExecutableNamesThePackage();
    void webSocketUpgradeReachesEveryInstance();
    void readTimeoutCutsIdleWebSockets_data();
    void readTimeoutCutsIdleWebSockets();
    void bufferingHoldsSseEventsBack();
    void stickinessDecidesSocketIoPolling_data();
    void stickinessDecidesSocketIoPolling();
};

void TestNginxProxy::configFollowsTheSettings_data()
{
    QTest::addColumn<NginxProxy::Settings>("settings");
    QTest::addColumn<QStringList>("present");
    QTest::addColumn<QStringList>("absent");

    NginxProxy::Settings defaults;
    defaults.upstreamPorts = {4001, 4002};
    const QStringList common{QStringLiteral("master_process off;"), QStringLiteral("listen 127.0.0.1:8088;"),
                             QStringLiteral("server 127.0.0.1:4001;"), QStringLiteral("server 127.0.0.1:4002;"),
                             QStringLiteral("proxy_http_version 1.1;"), QStringLiteral("default upgrade;"),
                             QStringLiteral("''      close;"), QStringLiteral("proxy_set_header Upgrade $http_upgrade;"),
                             QStringLiteral("proxy_set_header Connection $connection_upgrade;"),
                             QStringLiteral("proxy_set_header Host $host;"),
                             QStringLiteral("proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;"),
                             QStringLiteral("access_log off;"), QStringLiteral("error_log error.log"),
                             QStringLiteral("pid nginx.pid;"), QStringLiteral("client_body_temp_path temp/")};
    QTest::addRow("defaults") << defaults
                              << common + QStringList{QStringLiteral("proxy_read_timeout 60s;"), QStringLiteral("proxy_buffering off;")}
                              << QStringList{QStringLiteral("ip_hash"), QStringLiteral("least_conn"), QStringLiteral("proxy_ignore_headers"),
                                             QStringLiteral("proxy_buffer_size")};
    NginxProxy::Settings sticky = defaults;
    sticky.balance = NginxProxy::Balance::IpHash;
    QTest::addRow("ip hash") << sticky << QStringList{QStringLiteral("ip_hash;")} << QStringList{QStringLiteral("least_conn")};
    NginxProxy::Settings leastConn = defaults;
    leastConn.balance = NginxProxy::Balance::LeastConn;
    QTest::addRow("least conn") << leastConn << QStringList{QStringLiteral("least_conn;")} << QStringList{QStringLiteral("ip_hash")};
    NginxProxy::Settings shortRead = defaults;
    shortRead.proxyReadTimeout = 1500ms;
    QTest::addRow("read timeout in ms") << shortRead << QStringList{QStringLiteral("proxy_read_timeout 1500ms;")} << QStringList();
    NginxProxy::Settings buffered = defaults;
    buffered.sseBuffering = true;
    buffered.proxyBufferBytes = 64 * 1024;
    QTest::addRow("buffered") << buffered
                              << QStringList{QStringLiteral("proxy_buffering on;"), QStringLiteral("proxy_ignore_headers X-Accel-Buffering;"),
                                             QStringLiteral("proxy_buffer_size 64k;"), QStringLiteral("proxy_buffers 8 64k;"),
                                             QStringLiteral("proxy_busy_buffers_size 128k;")}
                              << QStringList{QStringLiteral("proxy_buffering off;")};
}

void TestNginxProxy::configFollowsTheSettings()
{
    QFETCH(NginxProxy::Settings, settings);
    QFETCH(QStringList, present);
    QFETCH(QStringList, absent);
    const QString config = NginxProxy::generateConfig(settings, 8088);
    for (const QString &text : present)
        QVERIFY2(config.contains(text), qPrintable(text + QStringLiteral(" is missing from:\n") + config));
    for (const QString &text : absent)
        QVERIFY2(!config.contains(text), qPrintable(text + QStringLiteral(" should not be in:\n") + config));
}

void TestNginxProxy::missingExecutableNamesThePackage()
{
    NginxProxy nginx;
    nginx.setExecutable(QStringLiteral("/nonexistent/nginx"));
    NginxProxy::Settings settings;
    settings.upstreamPorts = {4001};
    QVERIFY(!nginx.start(settings));
    QVERIFY2(nginx.errorString().startsWith(QStringLiteral("nginx is not installed: apt-get install nginx")), qPrintable(nginx.errorString()));
    QVERIFY(!nginx.isRunning());
}

void TestNginxProxy::webSocketUpgradeReachesEveryInstance()
{
    STAGING_REQUIRE_PROGRAM(QStringLiteral("nginx"));
    Staged staged;
    QVERIFY(stage(staged, 2, {}, {}));
    QVERIFY(staged.nginx.port() != 0);
    QVERIFY(staged.nginx.configText().contains(QStringLiteral("listen 127.0.0.1:%1;").arg(staged.nginx.port())));

    // Round robin: the two upgrades go to the two instances.
    WsClient first(staged.nginx.port());
    QTRY_VERIFY_WITH_TIMEOUT(!first.messages.isEmpty() || first.closed, 30000);
    WsClient second(staged.nginx.port());
    QTRY_VERIFY_WITH_TIMEOUT(!second.messages.isEmpty() || second.closed, 30000);
    QCOMPARE(first.firstType(), QStringLiteral("session.welcome"));
    QCOMPARE(second.firstType(), QStringLiteral("session.welcome"));
    for (quint16 port : staged.fleet.ports())
        QTRY_COMPARE_WITH_TIMEOUT(metric(port, "socketscope_connections{protocol=\"ws\"}"), qint64(1), 10000);
}

void TestNginxProxy::readTimeoutCutsIdleWebSockets_data()
{
    QTest::addColumn<QString>("pingInterval");
    QTest::addColumn<bool>("cut");
    // No frame from the server for 60 s: nginx's read timeout ends the tunnel.
    QTest::addRow("no heartbeat") << QStringLiteral("60s") << true;
    // A ping every 250 ms is traffic from the upstream: the timeout never fires.
    QTest::addRow("heartbeat") << QStringLiteral("250ms") << false;
}

void TestNginxProxy::readTimeoutCutsIdleWebSockets()
{
    QFETCH(QString, pingInterval);
    QFETCH(bool, cut);
    STAGING_REQUIRE_PROGRAM(QStringLiteral("nginx"));
    constexpr auto readTimeout = 1500ms;
    NginxProxy::Settings settings;
    settings.proxyReadTimeout = readTimeout;
    Staged staged;
    QVERIFY(stage(staged, 1, {QStringLiteral("--ping-interval"), pingInterval}, settings));

    WsClient client(staged.nginx.port());
    QTRY_VERIFY_WITH_TIMEOUT(!client.messages.isEmpty() || client.closed, 30000);
    QCOMPARE(client.firstType(), QStringLiteral("session.welcome"));
    if (cut) {
        QTRY_VERIFY_WITH_TIMEOUT(client.closed, 30000);
        // Not before the timeout (nginx's timers are in milliseconds, from a cached clock).
        QVERIFY2(client.lifetime >= 1300, qPrintable(QString::number(client.lifetime)));
    } else {
        // Three read timeouts' worth of silence from the client: still open.
        QSignalSpy disconnected(&client.socket, &QWebSocket::disconnected);
        QVERIFY(!disconnected.wait(int(3 * readTimeout.count())));
        QVERIFY(!client.closed);
        QCOMPARE(client.socket.state(), QAbstractSocket::ConnectedState);
    }
}

void TestNginxProxy::bufferingHoldsSseEventsBack()
{
    STAGING_REQUIRE_PROGRAM(QStringLiteral("nginx"));
    // One instance, two nginx in front of it: one passes events on, one buffers them.
    InstanceFleet fleet;
    fleet.setExecutable(QStringLiteral(SOCKETSCOPE_BINARY));
    fleet.setExtraArguments(lightInstance);
    QVERIFY2(fleet.start(1), qPrintable(fleet.errorString()));
    QVERIFY2(fleet.waitForListening(startTimeout), qPrintable(fleet.errorString()));
    const quint16 backend = fleet.ports().first();

    NginxProxy::Settings passing;
    passing.upstreamPorts = {backend};
    NginxProxy::Settings buffering = passing;
    buffering.sseBuffering = true;
    // Far more than one event: the event stays in the buffer until the stream ends.
    buffering.proxyBufferBytes = 64 * 1024;
    NginxProxy unbufferedProxy;
    NginxProxy bufferedProxy;
    QVERIFY2(unbufferedProxy.start(passing) && unbufferedProxy.waitForReady(startTimeout), qPrintable(unbufferedProxy.errorString()));
    QVERIFY2(bufferedProxy.start(buffering) && bufferedProxy.waitForReady(startTimeout), qPrintable(bufferedProxy.errorString()));

    SseClient unbuffered(unbufferedProxy.port(), "feed");
    SseClient buffered(bufferedProxy.port(), "feed");
    // Both streams have joined the channel (the server counts them) before anything is published.
    QTRY_COMPARE_WITH_TIMEOUT(metric(backend, "socketscope_connections{protocol=\"sse\"}"), qint64(2), 30000);
    // The unbuffered stream gets the response head and the welcome at once.
    QTRY_VERIFY_WITH_TIMEOUT(unbuffered.bytes.contains("session.welcome"), 30000);

    const QByteArray marker = "staging-marker-4711";
    QVERIFY(TestSupport::publish(backend, QStringLiteral("feed"), QStringLiteral("tick"), QString::fromLatin1(marker)) > 0);
    QTRY_VERIFY_WITH_TIMEOUT(unbuffered.bytes.contains(marker), 30000);
    // The buffered stream had as long as the unbuffered one (and more): the event is held back.
    QVERIFY2(!buffered.bytes.contains(marker), buffered.bytes.constData());
    QVERIFY(!buffered.ended);

    // When the stream ends, nginx lets go of what it held: the event was delayed, not lost.
    // (nginx ends its chunked response then, but keeps the client's connection alive.)
    fleet.stop();
    QTRY_VERIFY2_WITH_TIMEOUT(buffered.bytes.contains(marker), buffered.bytes.constData(), 30000);
    QVERIFY(buffered.bytes.contains("session.welcome"));
}

void TestNginxProxy::stickinessDecidesSocketIoPolling_data()
{
    QTest::addColumn<NginxProxy::Balance>("balance");
    QTest::addColumn<bool>("sessionFound");
    QTest::addRow("round robin") << NginxProxy::Balance::RoundRobin << false;
    QTest::addRow("ip_hash") << NginxProxy::Balance::IpHash << true;
}

void TestNginxProxy::stickinessDecidesSocketIoPolling()
{
    QFETCH(NginxProxy::Balance, balance);
    QFETCH(bool, sessionFound);
    STAGING_REQUIRE_PROGRAM(QStringLiteral("nginx"));
    STAGING_REQUIRE_PROGRAM(QStringLiteral("node"));
    // A poll with nothing to deliver returns with a ping after the ping interval: 1 s, not 25.
    const QStringList arguments{QStringLiteral("--transports"), QStringLiteral("polling"),
                                QStringLiteral("--ping-interval-ms"), QStringLiteral("1000")};
    RunSupport::NodeServer first(QStringLiteral("socketio_chat.mjs"), arguments);
    RunSupport::NodeServer second(QStringLiteral("socketio_chat.mjs"), arguments);
    QVERIFY2(first.port() != 0 && second.port() != 0, "node and tests/external/node_modules are needed (scripts/install-deps)");

    NginxProxy nginx;
    NginxProxy::Settings settings;
    settings.upstreamPorts = {first.port(), second.port()};
    settings.balance = balance;
    QVERIFY2(nginx.start(settings) && nginx.waitForReady(startTimeout), qPrintable(nginx.errorString()));

    // Several sessions: under round robin each one's poll goes to the other server than its
    // handshake; under ip_hash every request from 127.0.0.1 goes to the same one.
    for (int session = 0; session < 3; ++session) {
        // Engine.IO v4 handshake: "0" + {"sid":..,"upgrades":..,"pingInterval":..,...}.
        const TestSupport::HttpReply handshake = http10Get(nginx.port(), "/socket.io/?EIO=4&transport=polling");
        QCOMPARE(handshake.status, 200);
        QVERIFY2(handshake.body.startsWith("0{"), handshake.body.constData());
        const QByteArray sid = QJsonDocument::fromJson(handshake.body.mid(1)).object().value(QLatin1String("sid")).toString().toLatin1();
        QVERIFY(!sid.isEmpty());

        const TestSupport::HttpReply poll = http10Get(nginx.port(), "/socket.io/?EIO=4&transport=polling&sid=" + sid);
        if (sessionFound) {
            QCOMPARE(poll.status, 200);
        } else {
            QCOMPARE(poll.status, 400);
            const QJsonObject error = QJsonDocument::fromJson(poll.body).object();
            QCOMPARE(error.value(QLatin1String("code")).toInt(), 1);
            QCOMPARE(error.value(QLatin1String("message")).toString(), QStringLiteral("Session ID unknown"));
        }
    }
}

QTEST_GUILESS_MAIN(TestNginxProxy)
#include "tst_nginxproxy.moc"
