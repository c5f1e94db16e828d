#include "testsupport.h"

#include <QElapsedTimer>
#include <QJsonDocument>
#include <QTest>

using namespace TestSupport;
using namespace std::chrono_literals;

// Plain HTTP on the one port: endpoints, keep-alive, limits on heads and bodies.
class tst_HttpEndpoints : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void init();
    void cleanup();
    void healthz();
    void pageIsSelfContained();
    void metricsAreRealCounters();
    void publishAnswersSeqAndDelivered();
    void publishValidation_data();
    void publishValidation();
    void unknownPathAndMethod();
    void keepAliveServesPipelinedRequests();
    void malformedHeadsGetTheirStatus_data();
    void malformedHeadsGetTheirStatus();
    void slowHeadIsClosedAtTheTimeoutWhileOthersAreServed();
    void idleKeepAliveConnectionIsClosed();
    void headStartedLateOnAnIdleConnectionStillTimesOut();
    void bodyOverLimitIs413();
    void headRequestHasNoBody();

private:
    std::unique_ptr<Server> m_server;
};

void tst_HttpEndpoints::init()
{
    ServerConfig config = loopbackConfig();
    config.headTimeout = 600ms;
    config.keepAliveTimeout = 1500ms;
    config.maxMessageBytes = 4096;
    m_server = std::make_unique<Server>(config);
    QVERIFY2(m_server->start(), qPrintable(m_server->errorString()));
}

void tst_HttpEndpoints::cleanup()
{
    QVERIFY(m_server->stopAndWait());
    m_server.reset();
}

void tst_HttpEndpoints::healthz()
{
    const HttpReply reply = get(m_server->port(), "/healthz");
    QCOMPARE(reply.status, 200);
    QCOMPARE(reply.body, QByteArray("ok\n"));
}

void tst_HttpEndpoints::pageIsSelfContained()
{
    const HttpReply reply = get(m_server->port(), "/");
    QCOMPARE(reply.status, 200);
    QVERIFY(reply.header("Content-Type").startsWith("text/html"));
    QVERIFY(reply.body.contains("new WebSocket("));
    QVERIFY(reply.body.contains("new EventSource("));
    // No external resources: nothing loaded from another host.
    QVERIFY(!reply.body.contains("src=\"http"));
    QVERIFY(!reply.body.contains("href=\"http"));
}

void tst_HttpEndpoints::metricsAreRealCounters()
{
    for (int i = 0; i < 3; ++i)
        QVERIFY(publish(m_server->port(), QStringLiteral("m"), QStringLiteral("x.y"), i) > 0);
    SseStream stream;
    QVERIFY(stream.open(m_server->port(), "/events?channel=m"));
    QTRY_COMPARE(m_server->stats().openSse, 1);
    const HttpReply reply = get(m_server->port(), "/metrics");
    QCOMPARE(reply.status, 200);
    QVERIFY(reply.header("Content-Type").startsWith("text/plain; version=0.0.4"));
    QVERIFY2(reply.body.contains("socketscope_messages_published_total 3\n"), reply.body.constData());
    QVERIFY(reply.body.contains("socketscope_connections{protocol=\"sse\"} 1\n"));
    QVERIFY(reply.body.contains("# TYPE socketscope_http_requests_total counter"));
    // Every sample line is "name{labels} value".
    for (const QByteArray &line : reply.body.split('\n')) {
        if (line.isEmpty() || line.startsWith('#'))
            continue;
        const QList<QByteArray> parts = line.split(' ');
        QCOMPARE(parts.size(), 2);
        bool ok = false;
        parts[1].toDouble(&ok);
        QVERIFY2(ok, line.constData());
    }
}

void tst_HttpEndpoints::publishAnswersSeqAndDelivered()
{
    WsClient a, b;
    QVERIFY(a.open(wsUrl(*m_server, QStringLiteral("channel=news"))));
    QVERIFY(b.open(wsUrl(*m_server, QStringLiteral("channel=news"))));
    QVERIFY(a.waitForType(QStringLiteral("session.welcome")));
    QVERIFY(b.waitForType(QStringLiteral("session.welcome")));
    const HttpReply reply = post(m_server->port(), "/publish", R"({"channel":"news","type":"news.item","payload":{"h":"x"},"id":"n-1"})");
    QCOMPARE(reply.status, 200);
    const QJsonObject answer = QJsonDocument::fromJson(reply.body).object();
    QCOMPARE(answer.value(QLatin1String("seq")).toInt(), 1);
    QCOMPARE(answer.value(QLatin1String("delivered")).toInt(), 2);
    QVERIFY(a.waitForType(QStringLiteral("news.item")));
    QCOMPARE(a.ofType(QStringLiteral("news.item")).first().value(QLatin1String("id")).toString(), QStringLiteral("n-1"));
}

void tst_HttpEndpoints::publishValidation_data()
{
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<int>("status");
    QTest::addColumn<QString>("mentions");
    QTest::addRow("not json") << QByteArray("{oops") << 400 << "invalid JSON";
    QTest::addRow("array") << QByteArray("[]") << 400 << "JSON object";
    QTest::addRow("no type") << QByteArray(R"({"channel":"a"})") << 400 << "type";
    QTest::addRow("bad channel") << QByteArray(R"({"channel":"a b","type":"x"})") << 400 << "channel";
    QTest::addRow("numeric channel") << QByteArray(R"({"channel":5,"type":"x"})") << 400 << "channel";
    QTest::addRow("reserved type") << QByteArray(R"({"type":"sync.reset"})") << 400 << "reserved";
    QTest::addRow("unknown field") << QByteArray(R"({"type":"x","extra":1})") << 400 << "unknown field";
    QTest::addRow("empty body") << QByteArray("") << 400 << "invalid JSON";
}

void tst_HttpEndpoints::publishValidation()
{
    QFETCH(QByteArray, body);
    QFETCH(int, status);
    QFETCH(QString, mentions);
    const HttpReply reply = post(m_server->port(), "/publish", body);
    QCOMPARE(reply.status, status);
    const QString error = QJsonDocument::fromJson(reply.body).object().value(QLatin1String("error")).toString();
    QVERIFY2(error.contains(mentions), qPrintable(error));
}

void tst_HttpEndpoints::unknownPathAndMethod()
{
    QCOMPARE(get(m_server->port(), "/nope").status, 404);
    const HttpReply wrongMethod = rawRequest(m_server->port(), "DELETE /healthz HTTP/1.1\r\nHost: x\r\n\r\n");
    QCOMPARE(wrongMethod.status, 405);
    QVERIFY(!wrongMethod.header("Allow").isEmpty());
    QCOMPARE(get(m_server->port(), "/publish").status, 405);
}

void tst_HttpEndpoints::keepAliveServesPipelinedRequests()
{
    QTcpSocket socket;
    socket.connectToHost(QHostAddress::LocalHost, m_server->port());
    QVERIFY(socket.waitForConnected(5000));
    // Three requests in one write: answered in order on the same connection.
    const QByteArray body(R"({"type":"a.b","payload":123})");
    socket.write("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n"
                 "POST /publish HTTP/1.1\r\nHost: x\r\nContent-Length: " + QByteArray::number(body.size()) + "\r\n\r\n" + body
                 + "GET /nothing HTTP/1.1\r\nHost: x\r\n\r\n");
    const HttpReply first = readReply(socket);
    const HttpReply second = readReply(socket);
    const HttpReply third = readReply(socket);
    QCOMPARE(first.status, 200);
    QCOMPARE(first.header("Connection"), QByteArray("keep-alive"));
    QCOMPARE(second.status, 200);
    QVERIFY2(second.body.contains("\"seq\":1"), second.body.constData());
    QCOMPARE(third.status, 404);
    QCOMPARE(socket.state(), QAbstractSocket::ConnectedState);
}

void tst_HttpEndpoints::malformedHeadsGetTheirStatus_data()
{
    QTest::addColumn<QByteArray>("request");
    QTest::addColumn<int>("status");
    QTest::addRow("garbage") << QByteArray("\x16\x03\x01 hello\r\n\r\n") << 400;
    QTest::addRow("missing host") << QByteArray("GET / HTTP/1.1\r\n\r\n") << 400;
    QTest::addRow("http/2 preface") << QByteArray("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n") << 505;
    QTest::addRow("http/1.2") << QByteArray("GET / HTTP/1.2\r\nHost: x\r\n\r\n") << 505;
    QTest::addRow("smuggling") << QByteArray("POST /publish HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n") << 400;
    QTest::addRow("chunked") << QByteArray("POST /publish HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n") << 501;
    QTest::addRow("head too large") << (QByteArray("GET / HTTP/1.1\r\nHost: x\r\nX-Big: ") + QByteArray(17000, 'z') + "\r\n\r\n") << 431;
    QByteArray flood("GET / HTTP/1.1\r\nHost: x\r\n");
    for (int i = 0; i < 150; ++i)
        flood += "X-" + QByteArray::number(i) + ": y\r\n";
    QTest::addRow("header flood") << (flood + "\r\n") << 431;
    QTest::addRow("endless empty lines") << QByteArray(40000, '\n').replace("\n", "\r\n") << 431;
}

void tst_HttpEndpoints::malformedHeadsGetTheirStatus()
{
    QFETCH(QByteArray, request);
    QFETCH(int, status);
    const HttpReply reply = rawRequest(m_server->port(), request);
    QCOMPARE(reply.status, status);
    QCOMPARE(reply.header("Connection"), QByteArray("close"));
    // The server is still fine.
    QCOMPARE(get(m_server->port(), "/healthz").status, 200);
}

void tst_HttpEndpoints::slowHeadIsClosedAtTheTimeoutWhileOthersAreServed()
{
    QTcpSocket slow;
    slow.connectToHost(QHostAddress::LocalHost, m_server->port());
    QVERIFY(slow.waitForConnected(5000));
    slow.write("GET /healthz HTTP/1.1\r\nHo");
    QElapsedTimer timer;
    timer.start();
    // Meanwhile a normal client is served at once.
    QElapsedTimer fast;
    fast.start();
    QCOMPARE(get(m_server->port(), "/healthz").status, 200);
    QVERIFY(fast.elapsed() < 500);
    const HttpReply reply = readReply(slow, 5000);
    QCOMPARE(reply.status, 408);
    QVERIFY2(timer.elapsed() >= 500 && timer.elapsed() < 3000, qPrintable(QString::number(timer.elapsed())));
    QVERIFY(slow.state() == QAbstractSocket::UnconnectedState || slow.waitForDisconnected(3000));
}

void tst_HttpEndpoints::idleKeepAliveConnectionIsClosed()
{
    QTcpSocket client;
    client.connectToHost(QHostAddress::LocalHost, m_server->port());
    QVERIFY(client.waitForConnected(5000));
    client.write("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n");
    QCOMPARE(readReply(client, 5000).status, 200);
    QElapsedTimer idle;
    idle.start();
    QVERIFY(client.state() == QAbstractSocket::UnconnectedState || client.waitForDisconnected(5000));
    // The keep-alive deadline (1.5 s) comes from the worker's timing wheel: not before, and at
    // most a resolution or two after.
    QVERIFY2(idle.elapsed() >= 1400 && idle.elapsed() < 3000, qPrintable(QString::number(idle.elapsed())));
}

void tst_HttpEndpoints::headStartedLateOnAnIdleConnectionStillTimesOut()
{
    // Idle for a while after one request (keep-alive deadline pending), then a head that never
    // ends: the head timeout (600 ms) must replace the later keep-alive deadline.
    QTcpSocket client;
    client.connectToHost(QHostAddress::LocalHost, m_server->port());
    QVERIFY(client.waitForConnected(5000));
    client.write("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n");
    QCOMPARE(readReply(client, 5000).status, 200);
    QTest::qWait(500);
    client.write("GET /healthz HTTP/1.1\r\nHo");
    QElapsedTimer timer;
    timer.start();
    QCOMPARE(readReply(client, 5000).status, 408);
    QVERIFY2(timer.elapsed() >= 500 && timer.elapsed() < 900, qPrintable(QString::number(timer.elapsed())));
}

void tst_HttpEndpoints::bodyOverLimitIs413()
{
    const QByteArray body = "{\"type\":\"a\",\"payload\":\"" + QByteArray(5000, 'x') + "\"}";
    const HttpReply reply = post(m_server->port(), "/publish", body);
    QCOMPARE(reply.status, 413);
    QCOMPARE(get(m_server->port(), "/healthz").status, 200);
}

void tst_HttpEndpoints::headRequestHasNoBody()
{
    QTcpSocket socket;
    socket.connectToHost(QHostAddress::LocalHost, m_server->port());
    QVERIFY(socket.waitForConnected(5000));
    socket.write("HEAD /healthz HTTP/1.1\r\nHost: x\r\n\r\nGET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
    QByteArray all;
    while (socket.waitForReadyRead(2000))
        all += socket.readAll();
    all += socket.readAll();
    // Two responses; the first has Content-Length 3 but no body.
    QCOMPARE(all.count("HTTP/1.1 200 OK"), 2);
    QVERIFY(all.contains("Content-Length: 3\r\n\r\nHTTP/1.1 200 OK"));
    QVERIFY(all.endsWith("\r\n\r\nok\n"));
}

QTEST_GUILESS_MAIN(tst_HttpEndpoints)
#include "tst_httpendpoints.moc"
