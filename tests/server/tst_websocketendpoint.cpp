#include "testsupport.h"

#include <QJsonArray>
#include <QTest>

using namespace TestSupport;

// The /ws endpoint with QWebSocket clients: welcome, echo, publish, sync, resume, errors.
class tst_WebSocketEndpoint : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void init();
    void cleanup();
    void welcomesWithLatestSequence();
    void echoGoesToSenderOnly();
    void publishReachesEveryChannelMemberWithSequence();
    void channelsAreSeparate();
    void invalidJsonGetsErrorAndConnectionStays_data();
    void invalidJsonGetsErrorAndConnectionStays();
    void binaryMessageGetsError();
    void resumeWithSinceReplaysExactlyTheMissed();
    void syncReplaysWithoutDuplicatingLiveMessages();
    void syncAfterEvictionSignalsReset();
    void plainGetOnWsIsRefused();

private:
    std::unique_ptr<Server> m_server;
};

void tst_WebSocketEndpoint::init()
{
    ServerConfig config = loopbackConfig();
    config.replaySize = 50;
    m_server = std::make_unique<Server>(config);
    QVERIFY2(m_server->start(), qPrintable(m_server->errorString()));
    QVERIFY(m_server->port() != 0);
}

void tst_WebSocketEndpoint::cleanup()
{
    QVERIFY(m_server->stopAndWait());
    m_server.reset();
}

void tst_WebSocketEndpoint::welcomesWithLatestSequence()
{
    publish(m_server->port(), QStringLiteral("general"), QStringLiteral("chat.message"), QJsonValue(1));
    publish(m_server->port(), QStringLiteral("general"), QStringLiteral("chat.message"), QJsonValue(2));
    WsClient client;
    QVERIFY(client.open(wsUrl(*m_server)));
    QVERIFY(client.waitForType(QStringLiteral("session.welcome")));
    const QJsonObject welcome = client.ofType(QStringLiteral("session.welcome")).first();
    QCOMPARE(welcome.value(QLatin1String("channel")).toString(), QStringLiteral("general"));
    QCOMPARE(welcome.value(QLatin1String("payload")).toObject().value(QLatin1String("latest")).toInt(), 2);
    QTRY_COMPARE(m_server->stats().openWebSocket, 1);
}

void tst_WebSocketEndpoint::echoGoesToSenderOnly()
{
    WsClient a, b;
    QVERIFY(a.open(wsUrl(*m_server)));
    QVERIFY(b.open(wsUrl(*m_server)));
    QVERIFY(b.waitForType(QStringLiteral("session.welcome")));
    a.sendJson({{QLatin1String("type"), QStringLiteral("echo")}, {QLatin1String("id"), QStringLiteral("e1")},
                {QLatin1String("payload"), QJsonObject{{QLatin1String("t"), 123}}}});
    QVERIFY(a.waitForType(QStringLiteral("echo")));
    const QJsonObject echo = a.ofType(QStringLiteral("echo")).first();
    QCOMPARE(echo.value(QLatin1String("id")).toString(), QStringLiteral("e1"));
    QCOMPARE(echo.value(QLatin1String("payload")).toObject().value(QLatin1String("t")).toInt(), 123);
    QVERIFY(echo.contains(QLatin1String("ts")));
    QVERIFY(!echo.contains(QLatin1String("seq")));
    // b must not see it: publish something afterwards and check b's order.
    a.sendJson({{QLatin1String("type"), QStringLiteral("chat.message")}, {QLatin1String("payload"), 1}});
    QVERIFY(b.waitForType(QStringLiteral("chat.message")));
    QVERIFY(b.ofType(QStringLiteral("echo")).isEmpty());
}

void tst_WebSocketEndpoint::publishReachesEveryChannelMemberWithSequence()
{
    constexpr int clients = 6;
    std::vector<std::unique_ptr<WsClient>> members;
    for (int i = 0; i < clients; ++i) {
        members.push_back(std::make_unique<WsClient>());
        QVERIFY(members.back()->open(wsUrl(*m_server, QStringLiteral("channel=room-1"))));
        QVERIFY(members.back()->waitForType(QStringLiteral("session.welcome")));
    }
    for (int i = 0; i < 20; ++i) {
        members[size_t(i % clients)]->sendJson({{QLatin1String("type"), QStringLiteral("chat.message")},
                                                {QLatin1String("id"), QStringLiteral("m%1").arg(i)},
                                                {QLatin1String("payload"), QJsonObject{{QLatin1String("n"), i}}}});
    }
    QList<quint64> expected;
    for (quint64 s = 1; s <= 20; ++s)
        expected << s;
    for (const auto &member : members) {
        QVERIFY(member->waitForType(QStringLiteral("chat.message"), 20));
        QCOMPARE(member->sequences(), expected);
        const QJsonObject first = member->ofType(QStringLiteral("chat.message")).first();
        QCOMPARE(first.value(QLatin1String("channel")).toString(), QStringLiteral("room-1"));
        QVERIFY(first.value(QLatin1String("ts")).toDouble() > 1.6e12);
        QVERIFY(first.value(QLatin1String("id")).toString().startsWith(u'm'));
    }
}

void tst_WebSocketEndpoint::channelsAreSeparate()
{
    WsClient red, blue;
    QVERIFY(red.open(wsUrl(*m_server, QStringLiteral("channel=red"))));
    QVERIFY(blue.open(wsUrl(*m_server, QStringLiteral("channel=blue"))));
    QVERIFY(blue.waitForType(QStringLiteral("session.welcome")));
    red.sendJson({{QLatin1String("type"), QStringLiteral("chat.message")}, {QLatin1String("payload"), 1}});
    QVERIFY(red.waitForType(QStringLiteral("chat.message")));
    publish(m_server->port(), QStringLiteral("blue"), QStringLiteral("chat.message"), 2);
    QVERIFY(blue.waitForType(QStringLiteral("chat.message")));
    QCOMPARE(blue.ofType(QStringLiteral("chat.message")).size(), 1);
    QCOMPARE(blue.ofType(QStringLiteral("chat.message")).first().value(QLatin1String("payload")).toInt(), 2);
    QCOMPARE(red.ofType(QStringLiteral("chat.message")).size(), 1);
}

void tst_WebSocketEndpoint::invalidJsonGetsErrorAndConnectionStays_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("mentions");
    QTest::addRow("not json") << "hello" << "invalid JSON";
    QTest::addRow("array") << "[1]" << "JSON object";
    QTest::addRow("no type") << R"({"payload":1})" << "type";
    QTest::addRow("reserved type") << R"({"type":"session.welcome"})" << "reserved";
    QTest::addRow("sync without since") << R"({"type":"sync"})" << "since";
}

void tst_WebSocketEndpoint::invalidJsonGetsErrorAndConnectionStays()
{
    QFETCH(QString, text);
    QFETCH(QString, mentions);
    WsClient client;
    QVERIFY(client.open(wsUrl(*m_server)));
    client.socket.sendTextMessage(text);
    QVERIFY(client.waitForType(QStringLiteral("error")));
    const QString message = client.ofType(QStringLiteral("error")).first().value(QLatin1String("payload")).toObject()
                                .value(QLatin1String("message")).toString();
    QVERIFY2(message.contains(mentions), qPrintable(message));
    // Still open and working.
    client.sendJson({{QLatin1String("type"), QStringLiteral("echo")}});
    QVERIFY(client.waitForType(QStringLiteral("echo")));
    QVERIFY(!client.disconnected);
}

void tst_WebSocketEndpoint::binaryMessageGetsError()
{
    WsClient client;
    QVERIFY(client.open(wsUrl(*m_server)));
    client.socket.sendBinaryMessage(QByteArray("\x01\x02", 2));
    QVERIFY(client.waitForType(QStringLiteral("error")));
    QVERIFY(!client.disconnected);
}

void tst_WebSocketEndpoint::resumeWithSinceReplaysExactlyTheMissed()
{
    for (int i = 1; i <= 10; ++i)
        QCOMPARE(publish(m_server->port(), QStringLiteral("feed"), QStringLiteral("ticker.update"), i), quint64(i));
    WsClient client;
    QVERIFY(client.open(wsUrl(*m_server, QStringLiteral("channel=feed&since=6"))));
    QVERIFY(client.waitForType(QStringLiteral("ticker.update"), 4));
    publish(m_server->port(), QStringLiteral("feed"), QStringLiteral("ticker.update"), 11);
    QVERIFY(client.waitForType(QStringLiteral("ticker.update"), 5));
    QCOMPARE(client.sequences(QStringLiteral("ticker.update")), (QList<quint64>{7, 8, 9, 10, 11}));
    QVERIFY(client.ofType(QStringLiteral("sync.reset")).isEmpty());
}

void tst_WebSocketEndpoint::syncReplaysWithoutDuplicatingLiveMessages()
{
    for (int i = 1; i <= 5; ++i)
        publish(m_server->port(), QStringLiteral("general"), QStringLiteral("chat.message"), i);
    WsClient client;
    QVERIFY(client.open(wsUrl(*m_server)));
    QVERIFY(client.waitForType(QStringLiteral("session.welcome")));
    publish(m_server->port(), QStringLiteral("general"), QStringLiteral("chat.message"), 6);
    QVERIFY(client.waitForType(QStringLiteral("chat.message"), 1));
    // The client had seen 2 before (say, on an earlier connection): 3..5 are missing, 6 arrived live.
    client.sendJson({{QLatin1String("type"), QStringLiteral("sync")}, {QLatin1String("since"), 2}});
    QVERIFY(client.waitForType(QStringLiteral("sync.done")));
    publish(m_server->port(), QStringLiteral("general"), QStringLiteral("chat.message"), 7);
    QVERIFY(client.waitForType(QStringLiteral("chat.message"), 5));
    QCOMPARE(client.sequences(), (QList<quint64>{6, 3, 4, 5, 7}));
    const QJsonObject done = client.ofType(QStringLiteral("sync.done")).first();
    QCOMPARE(done.value(QLatin1String("payload")).toObject().value(QLatin1String("replayed")).toInt(), 3);
}

void tst_WebSocketEndpoint::syncAfterEvictionSignalsReset()
{
    // Replay holds 50; publish 80, then ask for everything after 10.
    for (int i = 1; i <= 80; ++i)
        publish(m_server->port(), QStringLiteral("general"), QStringLiteral("chat.message"), i);
    WsClient client;
    QVERIFY(client.open(wsUrl(*m_server)));
    client.sendJson({{QLatin1String("type"), QStringLiteral("sync")}, {QLatin1String("since"), 10}});
    QVERIFY(client.waitForType(QStringLiteral("sync.done")));
    QCOMPARE(client.ofType(QStringLiteral("sync.reset")).size(), 1);
    const QJsonObject reset = client.ofType(QStringLiteral("sync.reset")).first().value(QLatin1String("payload")).toObject();
    QCOMPARE(reset.value(QLatin1String("since")).toInt(), 10);
    QCOMPARE(reset.value(QLatin1String("oldest")).toInt(), 31);
    QCOMPARE(reset.value(QLatin1String("latest")).toInt(), 80);
    const QList<quint64> replayed = client.sequences();
    QCOMPARE(replayed.size(), 50);
    QCOMPARE(replayed.first(), 31u);
    QCOMPARE(replayed.last(), 80u);
}

void tst_WebSocketEndpoint::plainGetOnWsIsRefused()
{
    const HttpReply reply = get(m_server->port(), "/ws");
    QCOMPARE(reply.status, 426);
}

QTEST_GUILESS_MAIN(tst_WebSocketEndpoint)
#include "tst_websocketendpoint.moc"
