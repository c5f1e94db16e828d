#include "testsupport.h"

#include "server/faultstate.h"

#include <QElapsedTimer>
#include <QJsonDocument>
#include <QSignalSpy>
#include <QTest>

using namespace TestSupport;
using namespace std::chrono_literals;

// The fault hooks that the GUI buttons and scenario steps drive, each causing its fault.
class tst_Faults : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void init();
    void cleanup();
    void restartClosesWith1001AndListensAgain();
    void restartKeepsChannelsSoClientsResume();
    void dropConnectionsAbortsTheChosenShare();
    void addedLatencyDelaysDeliveries();
    void messageDropLosesExactlyTheCountedMessages();
    void ignoredPingsGetNoPong();
    void stopReadingStallsThenResumes();
    void refuseConnectionsForAWhile();

private:
    std::unique_ptr<Server> m_server;
};

void tst_Faults::init()
{
    ServerConfig config = loopbackConfig();
    config.messagesPerSecond = 0;
    m_server = std::make_unique<Server>(config);
    QVERIFY2(m_server->start(), qPrintable(m_server->errorString()));
}

void tst_Faults::cleanup()
{
    QVERIFY(m_server->stopAndWait());
    m_server.reset();
}

void tst_Faults::restartClosesWith1001AndListensAgain()
{
    const quint16 port = m_server->port();
    WsClient client;
    QVERIFY(client.open(wsUrl(*m_server)));
    SseStream stream;
    QVERIFY(stream.open(port, "/events"));
    QSignalSpy restarted(m_server.get(), &Server::restarted);
    m_server->restart(300ms);
    QVERIFY(client.waitForDisconnect());
    QCOMPARE(int(client.socket.closeCode()), 1001);
    QVERIFY(stream.waitForEnd());
    QVERIFY(!m_server->isListening());
    QVERIFY(restarted.wait(5000));
    QVERIFY(m_server->isListening());
    QCOMPARE(m_server->port(), port);
    WsClient again;
    QVERIFY(again.open(wsUrl(*m_server)));
    QVERIFY(again.waitForType(QStringLiteral("session.welcome")));
}

void tst_Faults::restartKeepsChannelsSoClientsResume()
{
    for (int i = 1; i <= 3; ++i)
        publish(m_server->port(), QStringLiteral("keep"), QStringLiteral("a.b"), i);
    QSignalSpy restarted(m_server.get(), &Server::restarted);
    m_server->restart(100ms);
    QVERIFY(restarted.wait(5000));
    QCOMPARE(publish(m_server->port(), QStringLiteral("keep"), QStringLiteral("a.b"), 4), 4u);
    const QJsonObject poll = QJsonDocument::fromJson(get(m_server->port(), "/poll?channel=keep&since=2&timeout=0").body).object();
    QCOMPARE(poll.value(QLatin1String("last")).toInt(), 4);
    QCOMPARE(poll.value(QLatin1String("reset")).toBool(), false);
}

void tst_Faults::dropConnectionsAbortsTheChosenShare()
{
    std::vector<std::unique_ptr<WsClient>> clients;
    for (int i = 0; i < 20; ++i) {
        clients.push_back(std::make_unique<WsClient>());
        QVERIFY(clients.back()->open(wsUrl(*m_server)));
    }
    QTRY_COMPARE(m_server->stats().openWebSocket, 20);
    m_server->dropConnections(1.0);
    for (auto &client : clients) {
        QVERIFY(client->waitForDisconnect());
        // Dropped, not closed: no close frame arrived, for which QtWebSockets reports its
        // default 1000 with no reason (every close the server sends carries a reason).
        QCOMPARE(int(client->socket.closeCode()), 1000);
        QVERIFY(client->socket.closeReason().isEmpty());
    }
    QTRY_COMPARE(m_server->stats().openWebSocket, 0);
    QVERIFY(m_server->prometheusText().contains("socketscope_fault_dropped_connections_total 20\n"));
    // A fraction of zero drops nothing.
    WsClient survivor;
    QVERIFY(survivor.open(wsUrl(*m_server)));
    m_server->dropConnections(0.0);
    QVERIFY(!survivor.waitForDisconnect(300));
}

void tst_Faults::addedLatencyDelaysDeliveries()
{
    WsClient client;
    QVERIFY(client.open(wsUrl(*m_server)));
    QVERIFY(client.waitForType(QStringLiteral("session.welcome")));
    QElapsedTimer timer;
    timer.start();
    client.sendJson({{QLatin1String("type"), QStringLiteral("echo")}});
    QVERIFY(client.waitForType(QStringLiteral("echo"), 1));
    const qint64 baseline = timer.elapsed();
    m_server->setAddedLatency(200ms, 0ms);
    timer.restart();
    client.sendJson({{QLatin1String("type"), QStringLiteral("echo")}});
    QVERIFY(client.waitForType(QStringLiteral("echo"), 2));
    const qint64 delayed = timer.elapsed();
    QVERIFY2(delayed >= 195 && delayed < 1500, qPrintable(QStringLiteral("baseline %1 ms, delayed %2 ms").arg(baseline).arg(delayed)));
    // With jitter, messages still arrive in order.
    m_server->setAddedLatency(30ms, 25ms);
    for (int i = 0; i < 50; ++i)
        client.sendJson({{QLatin1String("type"), QStringLiteral("chat.message")}, {QLatin1String("payload"), i}});
    QVERIFY(client.waitForType(QStringLiteral("chat.message"), 50));
    const QList<quint64> seqs = client.sequences();
    for (int i = 0; i < 50; ++i)
        QCOMPARE(seqs[i], quint64(i + 1));
    m_server->setAddedLatency(0ms, 0ms);
}

void tst_Faults::messageDropLosesExactlyTheCountedMessages()
{
    WsClient subscriber;
    QVERIFY(subscriber.open(wsUrl(*m_server, QStringLiteral("channel=lossy"))));
    QVERIFY(subscriber.waitForType(QStringLiteral("session.welcome")));
    m_server->setMessageDropRate(0.3);
    constexpr int count = 300;
    for (int i = 0; i < count; ++i)
        publish(m_server->port(), QStringLiteral("lossy"), QStringLiteral("a.b"), i);
    m_server->setMessageDropRate(0);
    QCOMPARE(publish(m_server->port(), QStringLiteral("lossy"), QStringLiteral("end.marker"), 0), quint64(count + 1));
    QVERIFY(subscriber.waitForType(QStringLiteral("end.marker")));
    const quint64 dropped = m_server->faults()->droppedMessages();
    const qsizetype received = subscriber.ofType(QStringLiteral("a.b")).size();
    QVERIFY2(dropped > 30 && dropped < 180, qPrintable(QString::number(dropped)));
    // The gaps the subscriber sees are exactly the messages the fault counted.
    QCOMPARE(quint64(count - received), dropped);
    // Dropped live, still kept for replay: a resume recovers them.
    subscriber.sendJson({{QLatin1String("type"), QStringLiteral("sync")}, {QLatin1String("since"), 0}});
    QVERIFY(subscriber.waitForType(QStringLiteral("sync.done")));
    QCOMPARE(subscriber.ofType(QStringLiteral("a.b")).size(), qsizetype(count));
}

void tst_Faults::ignoredPingsGetNoPong()
{
    WsClient client;
    QVERIFY(client.open(wsUrl(*m_server)));
    QSignalSpy pongs(&client.socket, &QWebSocket::pong);
    client.socket.ping("a");
    QVERIFY(pongs.wait(2000));
    m_server->setPingsIgnored(true);
    client.socket.ping("b");
    QVERIFY(!pongs.wait(500));
    // Everything else still works.
    client.sendJson({{QLatin1String("type"), QStringLiteral("echo")}});
    QVERIFY(client.waitForType(QStringLiteral("echo")));
    m_server->setPingsIgnored(false);
    client.socket.ping("c");
    QVERIFY(pongs.wait(2000));
    QCOMPARE(pongs.size(), 2);
    QCOMPARE(pongs.last().at(1).toByteArray(), QByteArray("c"));
}

void tst_Faults::stopReadingStallsThenResumes()
{
    WsClient client;
    QVERIFY(client.open(wsUrl(*m_server)));
    QVERIFY(client.waitForType(QStringLiteral("session.welcome")));
    m_server->setReadingStopped(true);
    QTest::qWait(100); // the workers apply it in their own threads
    client.sendJson({{QLatin1String("type"), QStringLiteral("echo")}});
    QVERIFY(!client.waitForType(QStringLiteral("echo"), 1, 500));
    // HTTP requests are not read either.
    QTcpSocket http;
    http.connectToHost(QHostAddress::LocalHost, m_server->port());
    QVERIFY(http.waitForConnected(2000));
    http.write("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n");
    QVERIFY(!http.waitForReadyRead(300));
    m_server->setReadingStopped(false);
    QVERIFY(client.waitForType(QStringLiteral("echo"), 1));
    QCOMPARE(readReply(http).status, 200);
}

void tst_Faults::refuseConnectionsForAWhile()
{
    m_server->refuseConnections(600ms);
    QVERIFY(m_server->isRefusing());
    QTcpSocket socket;
    socket.connectToHost(QHostAddress::LocalHost, m_server->port());
    QVERIFY(!socket.waitForConnected(1000) || socket.state() != QAbstractSocket::ConnectedState);
    QTRY_VERIFY_WITH_TIMEOUT(!m_server->isRefusing() && m_server->isListening(), 5000);
    QCOMPARE(get(m_server->port(), "/healthz").status, 200);
}

QTEST_GUILESS_MAIN(tst_Faults)
#include "tst_faults.moc"
