#include "testsupport.h"

#include <QElapsedTimer>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QStandardPaths>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

using namespace TestSupport;

// Server instances joined by a real nats-server with JetStream (serve --broker nats://...):
// every instance delivers every channel's messages numbered by the channel's stream, clients
// resume anywhere, a late instance catches up, and losing the server degrades to local delivery
// until it is back with its streams.
class tst_NatsBroker : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void instancesDeliverTheSameNumbers();
    void clientResumesOnTheOtherInstance();
    void laterInstanceCatchesUp();
    void serverLostAndBackWithItsStreams();

private:
    bool startNats();
    void stopNats();
    std::unique_ptr<Server> startServer();

    QString m_natsBinary;
    QTemporaryDir m_store;
    quint16 m_natsPort = 0;
    std::unique_ptr<QProcess> m_nats;
};

namespace {

constexpr int longWaitMs = 30000; // a busy machine: facts are waited for, not timed

QList<quint64> oneTo(quint64 last, quint64 first = 1)
{
    QList<quint64> numbers;
    for (quint64 n = first; n <= last; ++n)
        numbers.append(n);
    return numbers;
}

QList<quint64> sseNumbers(const QList<SseParser::Event> &events)
{
    QList<quint64> numbers;
    for (const SseParser::Event &event : events)
        numbers.append(event.lastEventId.toULongLong());
    return numbers;
}

bool brokerUp(const Server &server, bool up)
{
    return server.prometheusText().contains(up ? "\nsocketscope_broker_up 1\n" : "\nsocketscope_broker_up 0\n");
}

QByteArray postJson(quint16 port, const QString &channel, int payload)
{
    const QJsonObject object{{QLatin1String("channel"), channel}, {QLatin1String("type"), QStringLiteral("chat.message")},
                             {QLatin1String("payload"), payload}};
    return post(port, "/publish", QJsonDocument(object).toJson(QJsonDocument::Compact)).body;
}

} // namespace

void tst_NatsBroker::initTestCase()
{
    m_natsBinary = QStandardPaths::findExecutable(QStringLiteral("nats-server"));
    if (m_natsBinary.isEmpty())
        m_natsBinary = QStandardPaths::findExecutable(QStringLiteral("nats-server"), {QStringLiteral("/usr/sbin"), QStringLiteral("/usr/local/sbin")});
    if (m_natsBinary.isEmpty())
        QSKIP("nats-server is not installed (scripts/install-deps installs it)");
    QVERIFY(m_store.isValid());
    // A free port, kept for the restart in serverLostAndBackWithItsStreams.
    QTcpServer probe;
    QVERIFY(probe.listen(QHostAddress::LocalHost, 0));
    m_natsPort = probe.serverPort();
    probe.close();
    QVERIFY(startNats());
}

void tst_NatsBroker::cleanupTestCase()
{
    stopNats();
}

bool tst_NatsBroker::startNats()
{
    m_nats = std::make_unique<QProcess>();
    m_nats->setProcessChannelMode(QProcess::ForwardedErrorChannel);
    m_nats->setStandardOutputFile(QProcess::nullDevice());
    m_nats->start(m_natsBinary, {QStringLiteral("-js"), QStringLiteral("-a"), QStringLiteral("127.0.0.1"),
                                 QStringLiteral("-p"), QString::number(m_natsPort), QStringLiteral("-sd"), m_store.path()});
    if (!m_nats->waitForStarted(10000))
        return false;
    QElapsedTimer timer;
    timer.start();
    while (timer.elapsed() < longWaitMs) {
        QTcpSocket socket;
        socket.connectToHost(QHostAddress::LocalHost, m_natsPort);
        if (socket.waitForConnected(500))
            return true;
        if (m_nats->state() != QProcess::Running)
            return false;
        QTest::qWait(50);
    }
    return false;
}

void tst_NatsBroker::stopNats()
{
    if (!m_nats)
        return;
    m_nats->kill();
    m_nats->waitForFinished(10000);
    m_nats.reset();
}

std::unique_ptr<Server> tst_NatsBroker::startServer()
{
    ServerConfig config = loopbackConfig();
    config.messagesPerSecond = 0;
    config.broker = QStringLiteral("nats://127.0.0.1:%1").arg(m_natsPort);
    auto server = std::make_unique<Server>(config);
    if (!server->start()) {
        qWarning("server did not start: %s", qPrintable(server->errorString()));
        return nullptr;
    }
    return server;
}

void tst_NatsBroker::instancesDeliverTheSameNumbers()
{
    auto a = startServer();
    auto b = startServer();
    QVERIFY(a && b);
    QTRY_VERIFY_WITH_TIMEOUT(brokerUp(*a, true) && brokerUp(*b, true), longWaitMs);
    // '.', ':', '-' and '_': the names NATS would split or refuse are encoded.
    const QString channel = QStringLiteral("room.one:a-b_c");
    WsClient wsB;
    QVERIFY(wsB.open(wsUrl(*b, QStringLiteral("channel=") + channel)));
    QVERIFY(wsB.waitForType(QStringLiteral("session.welcome")));
    SseStream sseB;
    QVERIFY(sseB.open(b->port(), "/events?channel=" + channel.toUtf8()));
    WsClient wsA;
    QVERIFY(wsA.open(wsUrl(*a, QStringLiteral("channel=") + channel)));
    QVERIFY(wsA.waitForType(QStringLiteral("session.welcome")));

    constexpr int half = 15;
    for (int i = 1; i <= half; ++i)
        QCOMPARE(publish(a->port(), channel, QStringLiteral("chat.message"), i), quint64(i));
    for (int i = 1; i <= half; ++i)
        wsA.sendJson({{QLatin1String("type"), QStringLiteral("chat.message")}, {QLatin1String("payload"), half + i}});

    QTRY_COMPARE_WITH_TIMEOUT(wsB.sequences(), oneTo(2 * half), longWaitMs);
    QCOMPARE(sseNumbers(sseB.waitForEvents(2 * half, longWaitMs)), oneTo(2 * half));
    QTRY_COMPARE_WITH_TIMEOUT(wsA.sequences(), oneTo(2 * half), longWaitMs);
    QCOMPARE(a->brokerStats()->localOnly.load(), quint64(0));
    QVERIFY(a->stopAndWait());
    QVERIFY(b->stopAndWait());
}

void tst_NatsBroker::clientResumesOnTheOtherInstance()
{
    auto a = startServer();
    auto b = startServer();
    QVERIFY(a && b);
    QTRY_VERIFY_WITH_TIMEOUT(brokerUp(*a, true) && brokerUp(*b, true), longWaitMs);
    const QString channel = QStringLiteral("resume");
    WsClient first;
    QVERIFY(first.open(wsUrl(*a, QStringLiteral("channel=") + channel)));
    constexpr quint64 published = 12;
    for (quint64 i = 1; i <= published; ++i)
        QCOMPARE(publish(a->port(), channel, QStringLiteral("chat.message"), int(i)), i);
    QTRY_COMPARE_WITH_TIMEOUT(first.sequences(), oneTo(published), longWaitMs);
    // The client saw up to 5 on A and comes back on B.
    WsClient resumed;
    QVERIFY(resumed.open(wsUrl(*b, QStringLiteral("channel=%1&since=5").arg(channel))));
    QTRY_COMPARE_WITH_TIMEOUT(resumed.sequences(), oneTo(published, 6), longWaitMs);
    // And goes on live, once each.
    QCOMPARE(publish(a->port(), channel, QStringLiteral("chat.message"), 13), published + 1);
    QTRY_COMPARE_WITH_TIMEOUT(resumed.sequences(), oneTo(published + 1, 6), longWaitMs);
    QVERIFY(a->stopAndWait());
    QVERIFY(b->stopAndWait());
}

void tst_NatsBroker::laterInstanceCatchesUp()
{
    auto a = startServer();
    QVERIFY(a);
    QTRY_VERIFY_WITH_TIMEOUT(brokerUp(*a, true), longWaitMs);
    const QString channel = QStringLiteral("late.comer");
    constexpr quint64 published = 15;
    for (quint64 i = 1; i <= published; ++i)
        QCOMPARE(publish(a->port(), channel, QStringLiteral("chat.message"), int(i)), i);
    // Started after the messages: it reads them from the stream before serving.
    auto c = startServer();
    QVERIFY(c);
    WsClient resumed;
    QVERIFY(resumed.open(wsUrl(*c, QStringLiteral("channel=%1&since=4").arg(channel))));
    QTRY_COMPARE_WITH_TIMEOUT(resumed.sequences(), oneTo(published, 5), longWaitMs);
    QCOMPARE(publish(a->port(), channel, QStringLiteral("chat.message"), 16), published + 1);
    QTRY_COMPARE_WITH_TIMEOUT(resumed.sequences(), oneTo(published + 1, 5), longWaitMs);
    QVERIFY(a->stopAndWait());
    QVERIFY(c->stopAndWait());
}

void tst_NatsBroker::serverLostAndBackWithItsStreams()
{
    auto a = startServer();
    auto b = startServer();
    QVERIFY(a && b);
    QTRY_VERIFY_WITH_TIMEOUT(brokerUp(*a, true) && brokerUp(*b, true), longWaitMs);
    const QString channel = QStringLiteral("outage");
    WsClient wsA;
    QVERIFY(wsA.open(wsUrl(*a, QStringLiteral("channel=") + channel)));
    WsClient wsB;
    QVERIFY(wsB.open(wsUrl(*b, QStringLiteral("channel=") + channel)));
    for (quint64 i = 1; i <= 5; ++i)
        QCOMPARE(publish(a->port(), channel, QStringLiteral("chat.message"), int(i)), i);
    QTRY_COMPARE_WITH_TIMEOUT(wsB.sequences(), oneTo(5), longWaitMs);

    stopNats();
    QTRY_VERIFY_WITH_TIMEOUT(brokerUp(*a, false) && brokerUp(*b, false), longWaitMs);
    // Not numbered, and still delivered to this instance's subscribers.
    QVERIFY(postJson(a->port(), channel, 100).contains("\"seq\":0"));
    QTRY_COMPARE_WITH_TIMEOUT(wsA.ofType(QStringLiteral("chat.message")).size(), 6, longWaitMs);
    QCOMPARE(wsA.sequences().last(), quint64(0));

    // Back on the same port with the same store: JetStream has the streams and their numbers.
    QVERIFY(startNats());
    QTRY_VERIFY_WITH_TIMEOUT(brokerUp(*a, true) && brokerUp(*b, true), longWaitMs);
    for (quint64 i = 6; i <= 8; ++i)
        QCOMPARE(publish(a->port(), channel, QStringLiteral("chat.message"), int(i)), i);
    QTRY_COMPARE_WITH_TIMEOUT(wsB.sequences(), oneTo(8), longWaitMs);
    QList<quint64> expectedOnA = oneTo(5);
    expectedOnA << 0 << 6 << 7 << 8;
    QTRY_COMPARE_WITH_TIMEOUT(wsA.sequences(), expectedOnA, longWaitMs);
    QVERIFY(a->stopAndWait());
    QVERIFY(b->stopAndWait());
}

QTEST_GUILESS_MAIN(tst_NatsBroker)
#include "tst_natsbroker.moc"
