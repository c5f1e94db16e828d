#include "testsupport.h"

#include "staging/childprocess.h"
#include "staging/privatebroker.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

#include <csignal>
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
    void pausedServerDelaysButLosesNothing();
    void ephemeralTypesReachEveryInstanceUnnumbered();

private:
    bool startNats();
    void stopNats();
    std::unique_ptr<Server> startServer();

    // Killed and restarted on its port with its store (JetStream keeps the streams).
    std::unique_ptr<PrivateBroker> m_nats;
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
    QVERIFY2(!ChildProcess::findExecutable(QStringLiteral("nats-server")).isEmpty(),
             "nats-server is not installed (scripts/install-deps installs it)");
    m_nats = std::make_unique<PrivateBroker>();
    QVERIFY2(startNats(), qPrintable(m_nats->errorString()));
}

void tst_NatsBroker::cleanupTestCase()
{
    m_nats.reset();
}

bool tst_NatsBroker::startNats()
{
    const bool started = m_nats->port() == 0 ? m_nats->start(PrivateBroker::Kind::Nats) : m_nats->restart();
    return started && m_nats->waitForReady(std::chrono::milliseconds(longWaitMs));
}

void tst_NatsBroker::stopNats()
{
    m_nats->kill();
}

std::unique_ptr<Server> tst_NatsBroker::startServer()
{
    ServerConfig config = loopbackConfig();
    config.messagesPerSecond = 0;
    config.broker = m_nats->url();
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

void tst_NatsBroker::pausedServerDelaysButLosesNothing()
{
    auto a = startServer();
    auto b = startServer();
    QVERIFY(a && b);
    QTRY_VERIFY_WITH_TIMEOUT(brokerUp(*a, true) && brokerUp(*b, true), longWaitMs);
    const QString channel = QStringLiteral("paused");
    WsClient wsA;
    QVERIFY(wsA.open(wsUrl(*a, QStringLiteral("channel=") + channel)));
    WsClient wsB;
    QVERIFY(wsB.open(wsUrl(*b, QStringLiteral("channel=") + channel)));
    QCOMPARE(publish(a->port(), channel, QStringLiteral("chat.message"), 1), 1u);
    QTRY_COMPARE_WITH_TIMEOUT(wsB.sequences(), oneTo(1), longWaitMs);
    QTRY_COMPARE_WITH_TIMEOUT(wsA.sequences(), oneTo(1), longWaitMs);

    // Paused: connected, silent. Published meanwhile, it waits and is numbered when NATS answers.
    ::kill(pid_t(m_nats->pid()), SIGSTOP);
    QTRY_VERIFY_WITH_TIMEOUT(brokerUp(*a, false), longWaitMs);
    QVERIFY(a->prometheusText().contains("\nsocketscope_broker_connected 1\n"));
    wsA.sendJson({{QLatin1String("type"), QStringLiteral("chat.message")}, {QLatin1String("payload"), 2}});
    QTest::qWait(300);
    QCOMPARE(wsB.sequences(), oneTo(1)); // nothing passes a paused broker
    ::kill(pid_t(m_nats->pid()), SIGCONT);
    QTRY_VERIFY_WITH_TIMEOUT(brokerUp(*a, true), longWaitMs);
    QTRY_COMPARE_WITH_TIMEOUT(wsB.sequences(), oneTo(2), longWaitMs);
    QTRY_COMPARE_WITH_TIMEOUT(wsA.sequences(), oneTo(2), longWaitMs);
    QVERIFY(a->prometheusText().contains("\nsocketscope_broker_local_only_total 0\n"));
    QVERIFY(a->stopAndWait());
    QVERIFY(b->stopAndWait());
}

QTEST_GUILESS_MAIN(tst_NatsBroker)
// Typing indicators through core NATS (no stream captures their subject): to every instance,
// unnumbered, kept nowhere; not ordered with the JetStream messages (docs/server.md).
void tst_NatsBroker::ephemeralTypesReachEveryInstanceUnnumbered()
{
    auto a = startServer();
    auto b = startServer();
    QVERIFY(a && b);
    QTRY_VERIFY_WITH_TIMEOUT(brokerUp(*a, true) && brokerUp(*b, true), longWaitMs);
    const QString channel = QStringLiteral("doc.typing");
    WsClient onA, senderOnB;
    QVERIFY(onA.open(wsUrl(*a, QStringLiteral("channel=") + channel)));
    QVERIFY(onA.waitForType(QStringLiteral("session.welcome")));
    QVERIFY(senderOnB.open(wsUrl(*b, QStringLiteral("channel=") + channel)));
    QVERIFY(senderOnB.waitForType(QStringLiteral("session.welcome")));
    for (int i = 1; i <= 3; ++i)
        senderOnB.sendJson({{QLatin1String("type"), QStringLiteral("chat.typing")}, {QLatin1String("payload"), i}});
    senderOnB.sendJson({{QLatin1String("type"), QStringLiteral("chat.message")}, {QLatin1String("payload"), 4}});
    QVERIFY(onA.waitForType(QStringLiteral("chat.typing"), 3, longWaitMs));
    QVERIFY(onA.waitForType(QStringLiteral("chat.message"), 1, longWaitMs));
    QList<int> typed;
    for (const QJsonObject &typing : onA.ofType(QStringLiteral("chat.typing"))) {
        QVERIFY(!typing.contains(QLatin1String("seq")));
        typed << typing.value(QLatin1String("payload")).toInt();
    }
    QCOMPARE(typed, (QList<int>{1, 2, 3})); // one connection, one subject: in order among themselves
    QVERIFY(senderOnB.waitForType(QStringLiteral("chat.typing"), 3, longWaitMs));
    QCOMPARE(onA.sequences(), (QList<quint64>{1}));
    const HttpReply poll = get(a->port(), QStringLiteral("/poll?channel=%1&since=0&timeout=0").arg(channel).toUtf8());
    QCOMPARE(QJsonDocument::fromJson(poll.body).object().value(QLatin1String("events")).toArray().size(), 1);
    QVERIFY(a->stopAndWait());
    QVERIFY(b->stopAndWait());
}

#include "tst_natsbroker.moc"
