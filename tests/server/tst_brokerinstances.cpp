#include "testsupport.h"

#include "broker/brokerstats.h"
#include "staging/childprocess.h"
#include "staging/privatebroker.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

#include <csignal>

using namespace TestSupport;
using namespace std::chrono_literals;

// Several Server instances in this process joined by a real redis-server (docs/server.md,
// "Several instances"): what is published on any instance reaches every subscriber on every
// instance, numbered once by the broker, in the same order everywhere; resumes work on any
// instance; losing the broker, pausing it and cutting one instance off are reported and
// recovered from.
class tst_BrokerInstances : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();
    void crossInstanceDeliveryOnEveryProtocol();
    void resumeOnAnotherInstanceWithoutLoss();
    void sameOrderOnEveryInstanceWithConcurrentPublishers();
    void lateInstanceCatchesUpFromTheStream();
    void brokerKilledThenRestartedKeepsNumbersGoingUp();
    void pausedBrokerIsReportedAndMessagesArriveLate();
    void partitionedInstanceRecoversFromTheStream();
    void presenceAndUserLimitHoldAcrossInstances();
    void anInstanceThatGoesAwayIsTakenOutOfPresence();
    void ephemeralTypesReachEveryInstanceUnnumbered();

private:
    bool startRedis();
    Server &addInstance(int maxConnectionsPerUser = 5);
    static QList<quint64> pollAll(quint16 port, const QString &channel, quint64 since, int expected);

    std::unique_ptr<PrivateBroker> m_redis;
    std::vector<std::unique_ptr<Server>> m_instances;
};

void tst_BrokerInstances::initTestCase()
{
    QVERIFY2(!ChildProcess::findExecutable(QStringLiteral("redis-server")).isEmpty(),
             "redis-server is not installed (scripts/install-deps installs it)");
}

bool tst_BrokerInstances::startRedis()
{
    const bool started = m_redis->isRunning() ? true : (m_redis->port() == 0 ? m_redis->start(PrivateBroker::Kind::Redis) : m_redis->restart());
    return started && m_redis->waitForReady(20s);
}

void tst_BrokerInstances::init()
{
    m_redis = std::make_unique<PrivateBroker>();
    QVERIFY2(startRedis(), qPrintable(m_redis->errorString()));
}

void tst_BrokerInstances::cleanup()
{
    for (auto &instance : m_instances)
        QVERIFY(instance->stopAndWait());
    m_instances.clear();
    m_redis.reset(); // stops it (a paused one too) and removes its directory
}

Server &tst_BrokerInstances::addInstance(int maxConnectionsPerUser)
{
    ServerConfig config = loopbackConfig();
    config.maxConnectionsPerUser = maxConnectionsPerUser;
    config.broker = m_redis->url();
    config.messagesPerSecond = 0;
    config.replaySize = 1000;
    m_instances.push_back(std::make_unique<Server>(config));
    Server &server = *m_instances.back();
    if (!server.start())
        qWarning("instance did not start: %s", qPrintable(server.errorString()));
    return server;
}

QList<quint64> tst_BrokerInstances::pollAll(quint16 port, const QString &channel, quint64 since, int expected)
{
    QList<quint64> sequences;
    for (int round = 0; round < 100 && sequences.size() < expected; ++round) {
        const HttpReply reply = get(port, QStringLiteral("/poll?channel=%1&since=%2&timeout=1").arg(channel).arg(since).toUtf8());
        const QJsonObject body = QJsonDocument::fromJson(reply.body).object();
        for (const QJsonValue event : body.value(QLatin1String("events")).toArray())
            sequences.append(quint64(event.toObject().value(QLatin1String("seq")).toInteger()));
        since = quint64(body.value(QLatin1String("last")).toInteger());
    }
    return sequences;
}

static QList<quint64> oneTo(int count)
{
    QList<quint64> expected;
    for (int i = 1; i <= count; ++i)
        expected.append(quint64(i));
    return expected;
}

void tst_BrokerInstances::crossInstanceDeliveryOnEveryProtocol()
{
    Server &a = addInstance();
    Server &b = addInstance();
    QVERIFY(a.isListening() && b.isListening());

    WsClient wsOnA;
    QVERIFY(wsOnA.open(wsUrl(a, QStringLiteral("channel=room"))));
    QVERIFY(wsOnA.waitForType(QStringLiteral("session.welcome")));
    SseStream sseOnB;
    QVERIFY(sseOnB.open(b.port(), "/events?channel=room"));
    QTRY_COMPARE(b.stats().openSse, 1);
    WsClient publisherOnB;
    QVERIFY(publisherOnB.open(wsUrl(b, QStringLiteral("channel=room"))));
    QVERIFY(publisherOnB.waitForType(QStringLiteral("session.welcome")));

    constexpr int count = 100;
    for (int i = 0; i < count; i += 2) {
        QVERIFY(publish(a.port(), QStringLiteral("room"), QStringLiteral("chat.message"), i) > 0);
        publisherOnB.sendJson({{QLatin1String("type"), QStringLiteral("chat.message")}, {QLatin1String("payload"), i + 1}});
    }
    QVERIFY(wsOnA.waitForType(QStringLiteral("chat.message"), count, 20000));
    QCOMPARE(wsOnA.sequences(), oneTo(count));
    QVERIFY(publisherOnB.waitForType(QStringLiteral("chat.message"), count, 20000));
    QCOMPARE(publisherOnB.sequences(), oneTo(count));
    const QList<SseParser::Event> events = sseOnB.waitForEvents(count, 20000);
    QCOMPARE(events.size(), count);
    for (int i = 0; i < count; ++i) {
        QCOMPARE(events[i].lastEventId, QString::number(i + 1));
        // The same message under the same number on both instances.
        QCOMPARE(QJsonDocument::fromJson(events[i].data.toUtf8()).object(), wsOnA.ofType(QStringLiteral("chat.message"))[i]);
    }
    QCOMPARE(pollAll(b.port(), QStringLiteral("room"), 0, count), oneTo(count));
    QCOMPARE(metricValue(a, "socketscope_broker_up"), 1u);
    QCOMPARE(metricValue(a, "socketscope_broker_received_total"), quint64(count));
    QCOMPARE(metricValue(b, "socketscope_broker_local_only_total"), 0u);
}

void tst_BrokerInstances::resumeOnAnotherInstanceWithoutLoss()
{
    Server &a = addInstance();
    Server &b = addInstance();
    {
        WsClient first;
        QVERIFY(first.open(wsUrl(a, QStringLiteral("channel=r"))));
        QVERIFY(first.waitForType(QStringLiteral("session.welcome")));
        for (int i = 0; i < 30; ++i)
            QVERIFY(publish(b.port(), QStringLiteral("r"), QStringLiteral("chat.message"), i) > 0);
        QVERIFY(first.waitForType(QStringLiteral("chat.message"), 30, 10000));
    }
    for (int i = 30; i < 50; ++i)
        QVERIFY(publish(a.port(), QStringLiteral("r"), QStringLiteral("chat.message"), i) > 0);
    // The client comes back on the other instance with the last number it saw.
    WsClient resumed;
    QVERIFY(resumed.open(wsUrl(b, QStringLiteral("channel=r&since=30"))));
    QVERIFY(resumed.waitForType(QStringLiteral("chat.message"), 20, 10000));
    QTest::qWait(100);
    QCOMPARE(resumed.sequences(), oneTo(50).mid(30));
}

void tst_BrokerInstances::sameOrderOnEveryInstanceWithConcurrentPublishers()
{
    constexpr int instances = 3;
    constexpr int perPublisher = 200;
    std::vector<std::unique_ptr<WsClient>> clients;
    for (int i = 0; i < instances; ++i) {
        Server &server = addInstance();
        auto client = std::make_unique<WsClient>();
        QVERIFY(client->open(wsUrl(server, QStringLiteral("channel=busy"))));
        QVERIFY(client->waitForType(QStringLiteral("session.welcome")));
        clients.push_back(std::move(client));
    }
    // Every instance publishes at once, interleaved, as fast as the sockets take it.
    for (int n = 0; n < perPublisher; ++n) {
        for (int i = 0; i < instances; ++i)
            clients[size_t(i)]->sendJson({{QLatin1String("type"), QStringLiteral("chat.message")},
                                          {QLatin1String("id"), QStringLiteral("%1-%2").arg(i).arg(n)}});
    }
    const int total = instances * perPublisher;
    QList<QString> firstOrder;
    for (auto &client : clients) {
        QVERIFY(client->waitForType(QStringLiteral("chat.message"), total, 30000));
        QCOMPARE(client->sequences(), oneTo(total));
        QList<QString> order;
        for (const QJsonObject &message : client->ofType(QStringLiteral("chat.message")))
            order.append(message.value(QLatin1String("id")).toString());
        if (firstOrder.isEmpty())
            firstOrder = order;
        QCOMPARE(order, firstOrder);
    }
    // Each publisher's own messages keep the order it sent them in.
    for (int i = 0; i < instances; ++i) {
        int next = 0;
        for (const QString &id : std::as_const(firstOrder)) {
            if (id.startsWith(QString::number(i) + QLatin1Char('-'))) {
                QCOMPARE(id, QStringLiteral("%1-%2").arg(i).arg(next));
                ++next;
            }
        }
        QCOMPARE(next, perPublisher);
    }
}

void tst_BrokerInstances::lateInstanceCatchesUpFromTheStream()
{
    Server &a = addInstance();
    for (int i = 0; i < 40; ++i)
        QVERIFY(publish(a.port(), QStringLiteral("late"), QStringLiteral("chat.message"), i) > 0);
    // An instance started afterwards (as after a crash) holds what the broker keeps before it
    // serves anyone: a resume there is exact.
    Server &c = addInstance();
    QCOMPARE(pollAll(c.port(), QStringLiteral("late"), 25, 15), oneTo(40).mid(25));
    SseStream sse;
    QVERIFY(sse.open(c.port(), "/events?channel=late", {"Last-Event-ID: 38"}));
    const QList<SseParser::Event> events = sse.waitForEvents(2);
    QCOMPARE(events.size(), 2);
    QCOMPARE(events[0].lastEventId, QStringLiteral("39"));
    QCOMPARE(events[1].lastEventId, QStringLiteral("40"));
}

void tst_BrokerInstances::brokerKilledThenRestartedKeepsNumbersGoingUp()
{
    Server &a = addInstance();
    Server &b = addInstance();
    WsClient onA;
    QVERIFY(onA.open(wsUrl(a, QStringLiteral("channel=k"))));
    QVERIFY(onA.waitForType(QStringLiteral("session.welcome")));
    WsClient onB;
    QVERIFY(onB.open(wsUrl(b, QStringLiteral("channel=k"))));
    QVERIFY(onB.waitForType(QStringLiteral("session.welcome")));
    for (int i = 0; i < 10; ++i)
        QCOMPARE(publish(a.port(), QStringLiteral("k"), QStringLiteral("chat.message"), i), quint64(i + 1));
    QVERIFY(onB.waitForType(QStringLiteral("chat.message"), 10));
    QVERIFY(onA.waitForType(QStringLiteral("chat.message"), 10)); // none left in Redis' buffers

    m_redis->kill(); // SIGKILL: its data (no persistence) is gone
    QTRY_COMPARE_WITH_TIMEOUT(metricValue(a, "socketscope_broker_up"), 0u, 10000);
    QCOMPARE(a.brokerStats()->available.load(), false);
    // Local delivery goes on, unnumbered: other instances do not get it.
    QCOMPARE(publish(a.port(), QStringLiteral("k"), QStringLiteral("chat.message"), 100), 0u);
    QVERIFY(onA.waitForType(QStringLiteral("chat.message"), 11));
    QVERIFY(!onA.ofType(QStringLiteral("chat.message")).last().contains(QLatin1String("seq")));
    QCOMPARE(metricValue(a, "socketscope_broker_local_only_total"), 1u);

    QVERIFY2(startRedis(), "redis-server did not start again");
    QTRY_COMPARE_WITH_TIMEOUT(metricValue(a, "socketscope_broker_up"), 1u, 15000);
    QTRY_COMPARE_WITH_TIMEOUT(metricValue(b, "socketscope_broker_up"), 1u, 15000);
    QVERIFY(metricValue(a, "socketscope_broker_unavailable_total") >= 1);
    // The new Redis knows nothing; the instances raise its counter to what clients hold.
    QCOMPARE(publish(b.port(), QStringLiteral("k"), QStringLiteral("chat.message"), 200), 11u);
    QVERIFY(onA.waitForType(QStringLiteral("chat.message"), 12));
    QVERIFY(onB.waitForType(QStringLiteral("chat.message"), 11));
    QCOMPARE(onB.sequences(), oneTo(11));
    QCOMPARE(onA.sequences().last(), 11u);
}

void tst_BrokerInstances::pausedBrokerIsReportedAndMessagesArriveLate()
{
    Server &a = addInstance();
    Server &b = addInstance();
    WsClient onA;
    QVERIFY(onA.open(wsUrl(a, QStringLiteral("channel=p"))));
    QVERIFY(onA.waitForType(QStringLiteral("session.welcome")));
    WsClient onB;
    QVERIFY(onB.open(wsUrl(b, QStringLiteral("channel=p"))));
    QVERIFY(onB.waitForType(QStringLiteral("session.welcome")));
    QCOMPARE(publish(a.port(), QStringLiteral("p"), QStringLiteral("chat.message"), 1), 1u);
    // (Redis answers the publisher before it writes to the subscribers: wait for the delivery,
    // or the pause could hold it back.)
    QVERIFY(onA.waitForType(QStringLiteral("chat.message"), 1));
    QVERIFY(onB.waitForType(QStringLiteral("chat.message"), 1));

    // A paused Redis keeps its connections open: only its silence tells. What is published
    // meanwhile waits in the connection, and is numbered and delivered everywhere when it answers.
    ::kill(pid_t(m_redis->pid()), SIGSTOP);
    QTRY_COMPARE_WITH_TIMEOUT(metricValue(a, "socketscope_broker_up"), 0u, 10000);
    QCOMPARE(metricValue(a, "socketscope_broker_connected"), 1u);
    onA.sendJson({{QLatin1String("type"), QStringLiteral("chat.message")}, {QLatin1String("payload"), 2}});
    QTest::qWait(300);
    QCOMPARE(onB.ofType(QStringLiteral("chat.message")).size(), 1); // nothing can pass a paused broker
    ::kill(pid_t(m_redis->pid()), SIGCONT);
    QTRY_COMPARE_WITH_TIMEOUT(metricValue(a, "socketscope_broker_up"), 1u, 10000);
    QVERIFY(onA.waitForType(QStringLiteral("chat.message"), 2, 10000));
    QVERIFY(onB.waitForType(QStringLiteral("chat.message"), 2, 10000));
    QCOMPARE(onA.sequences(), (QList<quint64>{1, 2}));
    QCOMPARE(onB.sequences(), (QList<quint64>{1, 2}));
    QCOMPARE(metricValue(a, "socketscope_broker_local_only_total"), 0u);
    QVERIFY(metricValue(a, "socketscope_broker_unavailable_total") >= 1);
}

void tst_BrokerInstances::partitionedInstanceRecoversFromTheStream()
{
    Server &a = addInstance();
    Server &b = addInstance();
    WsClient onA;
    QVERIFY(onA.open(wsUrl(a, QStringLiteral("channel=cut"))));
    QVERIFY(onA.waitForType(QStringLiteral("session.welcome")));
    WsClient onB;
    QVERIFY(onB.open(wsUrl(b, QStringLiteral("channel=cut"))));
    QVERIFY(onB.waitForType(QStringLiteral("session.welcome")));

    a.setCutOffFromBroker(true);
    QTRY_COMPARE_WITH_TIMEOUT(metricValue(a, "socketscope_broker_up"), 0u, 10000);
    for (int i = 0; i < 20; ++i)
        QCOMPARE(publish(b.port(), QStringLiteral("cut"), QStringLiteral("chat.message"), i), quint64(i + 1));
    QVERIFY(onB.waitForType(QStringLiteral("chat.message"), 20));
    QVERIFY(onA.ofType(QStringLiteral("chat.message")).isEmpty()); // cut off: nothing came

    a.setCutOffFromBroker(false);
    // Back on the bus, A reads what it missed from the stream: late, in order, none lost.
    QVERIFY(onA.waitForType(QStringLiteral("chat.message"), 20, 15000));
    QCOMPARE(onA.sequences(), oneTo(20));
    QCOMPARE(metricValue(a, "socketscope_broker_gap_recovered_messages_total"), 20u);
    QCOMPARE(metricValue(a, "socketscope_broker_gap_lost_messages_total"), 0u);
}

static QJsonObject payloadOf(const QJsonObject &envelope)
{
    return envelope.value(QLatin1String("payload")).toObject();
}

static QJsonObject presenceChange(const QString &user, int members)
{
    return {{QLatin1String("user"), user}, {QLatin1String("members"), members}};
}

void tst_BrokerInstances::presenceAndUserLimitHoldAcrossInstances()
{
    // docs/server.md, "Presence": kept in Redis, so the join, the member list and the limit
    // cover both instances.
    Server &a = addInstance(2);
    Server &b = addInstance(2);
    WsClient watcherOnA, watcherOnB;
    QVERIFY(watcherOnA.open(wsUrl(a, QStringLiteral("channel=lobby"))));
    QVERIFY(watcherOnB.open(wsUrl(b, QStringLiteral("channel=lobby"))));
    QVERIFY(watcherOnA.waitForType(QStringLiteral("session.welcome")));
    QVERIFY(watcherOnB.waitForType(QStringLiteral("session.welcome")));

    WsClient aliceOnA, aliceOnB;
    QVERIFY(aliceOnA.open(wsUrl(a, QStringLiteral("channel=lobby&user=alice"))));
    QVERIFY(aliceOnA.waitForType(QStringLiteral("session.welcome"), 1, 10000));
    // The join happened on A; B's subscribers hear it from Redis.
    QVERIFY(watcherOnB.waitForType(QStringLiteral("presence.join"), 1, 10000));
    QCOMPARE(payloadOf(watcherOnB.ofType(QStringLiteral("presence.join")).first()), presenceChange(QStringLiteral("alice"), 1));
    QVERIFY(watcherOnA.waitForType(QStringLiteral("presence.join"), 1, 10000));

    QVERIFY(aliceOnB.open(wsUrl(b, QStringLiteral("channel=lobby&user=alice"))));
    QVERIFY(aliceOnB.waitForType(QStringLiteral("session.welcome"), 1, 10000));
    // Her third connection, on either instance, is over the limit of 2.
    WsClient third;
    QVERIFY(third.open(wsUrl(a, QStringLiteral("channel=other&user=alice"))));
    QVERIFY(third.waitForDisconnect(10000));
    QCOMPARE(int(third.socket.closeCode()), 4029);
    QCOMPARE(third.socket.closeReason(), QStringLiteral("user limit: alice holds 2 of 2 connections"));
    QCOMPARE(metricValue(a, "socketscope_user_limit_refused_total"), 1u);

    watcherOnA.sendJson({{QLatin1String("type"), QStringLiteral("presence")}});
    QVERIFY(watcherOnA.waitForType(QStringLiteral("presence"), 1, 10000));
    const QJsonObject listed = payloadOf(watcherOnA.ofType(QStringLiteral("presence")).first());
    QCOMPARE(listed.value(QLatin1String("scope")), QStringLiteral("cluster"));
    QCOMPARE(listed.value(QLatin1String("members")).toArray(),
             (QJsonArray{QJsonObject{{QLatin1String("user"), QStringLiteral("alice")}, {QLatin1String("connections"), 2}}}));
    QCOMPARE(metricValue(b, "socketscope_presence_scope"), 1u);

    // Her connection on A closes: she is still present through B, no leave.
    aliceOnA.socket.close();
    QVERIFY(aliceOnA.waitForDisconnect());
    QTRY_COMPARE_WITH_TIMEOUT(([&] {
        watcherOnB.sendJson({{QLatin1String("type"), QStringLiteral("presence")}});
        const int answers = int(watcherOnB.ofType(QStringLiteral("presence")).size());
        watcherOnB.waitForType(QStringLiteral("presence"), answers + 1, 5000);
        return payloadOf(watcherOnB.ofType(QStringLiteral("presence")).last()).value(QLatin1String("members")).toArray().first()
            .toObject().value(QLatin1String("connections")).toInt();
    }()), 1, 10000);
    QVERIFY(watcherOnA.ofType(QStringLiteral("presence.leave")).isEmpty());
    aliceOnB.socket.close();
    QVERIFY(watcherOnA.waitForType(QStringLiteral("presence.leave"), 1, 10000));
    QCOMPARE(payloadOf(watcherOnA.ofType(QStringLiteral("presence.leave")).first()), presenceChange(QStringLiteral("alice"), 0));
    QCOMPARE(watcherOnA.ofType(QStringLiteral("presence.join")).size(), 1);
    QCOMPARE(metricValue(a, "socketscope_presence_joins_total"), 1u);
    QCOMPARE(metricValue(a, "socketscope_presence_leaves_total"), 1u);
}

void tst_BrokerInstances::anInstanceThatGoesAwayIsTakenOutOfPresence()
{
    // An instance that stops renewing its name (cut off here; killed in tests/staging) is taken
    // out by the others within the expiry (5 s): its users' leaves are announced everywhere,
    // and their joins again when it comes back.
    Server &a = addInstance();
    Server &b = addInstance();
    WsClient watcherOnA;
    QVERIFY(watcherOnA.open(wsUrl(a, QStringLiteral("channel=lobby"))));
    QVERIFY(watcherOnA.waitForType(QStringLiteral("session.welcome")));
    WsClient bobOnB;
    QVERIFY(bobOnB.open(wsUrl(b, QStringLiteral("channel=lobby&user=bob"))));
    QVERIFY(bobOnB.waitForType(QStringLiteral("session.welcome"), 1, 10000));
    QVERIFY(watcherOnA.waitForType(QStringLiteral("presence.join"), 1, 10000));

    b.setCutOffFromBroker(true);
    QVERIFY(watcherOnA.waitForType(QStringLiteral("presence.leave"), 1, 20000));
    QCOMPARE(payloadOf(watcherOnA.ofType(QStringLiteral("presence.leave")).first()), presenceChange(QStringLiteral("bob"), 0));
    // Bob is still connected to B, which counts him on its own meanwhile.
    QVERIFY(!bobOnB.disconnected);

    b.setCutOffFromBroker(false);
    QVERIFY(watcherOnA.waitForType(QStringLiteral("presence.join"), 2, 20000));
    QCOMPARE(payloadOf(watcherOnA.ofType(QStringLiteral("presence.join")).last()), presenceChange(QStringLiteral("bob"), 1));
    // Leaving after the comeback counts once.
    bobOnB.socket.close();
    QVERIFY(watcherOnA.waitForType(QStringLiteral("presence.leave"), 2, 10000));
    QTest::qWait(300);
    QCOMPARE(watcherOnA.ofType(QStringLiteral("presence.leave")).size(), 2);
    QCOMPARE(watcherOnA.ofType(QStringLiteral("presence.join")).size(), 2);
}

QTEST_GUILESS_MAIN(tst_BrokerInstances)
// Typing indicators across instances: relayed through Redis with no number, in order with the
// sender's numbered messages, kept in no stream and no replay.
void tst_BrokerInstances::ephemeralTypesReachEveryInstanceUnnumbered()
{
    Server &a = addInstance();
    Server &b = addInstance();
    QVERIFY(a.isListening() && b.isListening());
    WsClient onA, senderOnB;
    QVERIFY(onA.open(wsUrl(a, QStringLiteral("channel=doc"))));
    QVERIFY(onA.waitForType(QStringLiteral("session.welcome")));
    QVERIFY(senderOnB.open(wsUrl(b, QStringLiteral("channel=doc"))));
    QVERIFY(senderOnB.waitForType(QStringLiteral("session.welcome")));
    SseStream sseOnB;
    QVERIFY(sseOnB.open(b.port(), "/events?channel=doc"));
    QTRY_COMPARE(b.stats().openSse, 1);

    for (int i = 1; i <= 3; ++i) {
        senderOnB.sendJson({{QLatin1String("type"), QStringLiteral("chat.message")}, {QLatin1String("payload"), i}});
        senderOnB.sendJson({{QLatin1String("type"), QStringLiteral("chat.typing")}, {QLatin1String("payload"), i}});
    }
    QVERIFY(onA.waitForType(QStringLiteral("chat.typing"), 3));
    QVERIFY(onA.waitForType(QStringLiteral("chat.message"), 3));
    QStringList order;
    for (const QJsonObject &envelope : std::as_const(onA.received)) {
        const QString type = envelope.value(QLatin1String("type")).toString();
        if (type.startsWith(u"chat."))
            order << type + QLatin1Char(' ') + QString::number(envelope.value(QLatin1String("payload")).toInt());
        if (type == u"chat.typing")
            QVERIFY(!envelope.contains(QLatin1String("seq")));
    }
    QCOMPARE(order, (QStringList{QStringLiteral("chat.message 1"), QStringLiteral("chat.typing 1"),
                                 QStringLiteral("chat.message 2"), QStringLiteral("chat.typing 2"),
                                 QStringLiteral("chat.message 3"), QStringLiteral("chat.typing 3")}));
    QCOMPARE(onA.sequences(), (QList<quint64>{1, 2, 3}));
    QCOMPARE(sseOnB.waitForEvents(6).size(), 6);

    // From POST /publish on A to B's subscribers; never in a replay on either instance.
    const QJsonObject answer = QJsonDocument::fromJson(
        post(a.port(), "/publish", R"({"channel":"doc","type":"chat.typing","payload":9})").body).object();
    QCOMPARE(answer.value(QLatin1String("ephemeral")), true);
    QCOMPARE(answer.value(QLatin1String("seq")), 0);
    QVERIFY(senderOnB.waitForType(QStringLiteral("chat.typing"), 4));
    QCOMPARE(pollAll(a.port(), QStringLiteral("doc"), 0, 3), (QList<quint64>{1, 2, 3}));
    QCOMPARE(pollAll(b.port(), QStringLiteral("doc"), 0, 3), (QList<quint64>{1, 2, 3}));
    QCOMPARE(metricValue(a, "socketscope_broker_local_only_total"), quint64(0));
}

#include "tst_brokerinstances.moc"
