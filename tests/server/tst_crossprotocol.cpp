#include "testsupport.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

using namespace TestSupport;
using namespace std::chrono_literals;

// One channel, three protocols: what is published anywhere reaches everyone, numbered once.
class tst_CrossProtocol : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void init();
    void cleanup();
    void sseStreamHeadersAndRetryFirst();
    void webSocketToSseToPollAndBack();
    void sseResumesWithLastEventIdWithoutLossOrDuplicates();
    void sseResumeFromEvictedPointSignalsReset();
    void pollReturnsAtOnceWhenBehind();
    void pollWaitsForTheNextMessage();
    void pollTimesOutWithEmptyList();
    void pollParameterErrors_data();
    void pollParameterErrors();
    void sseHeartbeatComments();
    void manyMessagesArriveInOrderOnEveryProtocol();
    void ephemeralTypesAreRelayedButNeverKept();

private:
    std::unique_ptr<Server> m_server;
};

void tst_CrossProtocol::init()
{
    ServerConfig config = loopbackConfig();
    config.replaySize = 20;
    config.sseHeartbeat = 200ms;
    config.messagesPerSecond = 0; // the flood test sends as fast as it can
    m_server = std::make_unique<Server>(config);
    QVERIFY2(m_server->start(), qPrintable(m_server->errorString()));
}

void tst_CrossProtocol::cleanup()
{
    QVERIFY(m_server->stopAndWait());
    m_server.reset();
}

void tst_CrossProtocol::sseStreamHeadersAndRetryFirst()
{
    SseStream stream;
    QVERIFY(stream.open(m_server->port(), "/events?channel=c"));
    const QByteArray head = stream.headBlock();
    QVERIFY(head.contains("Content-Type: text/event-stream"));
    QVERIFY(head.contains("Cache-Control: no-cache"));
    QVERIFY(head.contains("X-Accel-Buffering: no"));
    publish(m_server->port(), QStringLiteral("c"), QStringLiteral("chat.message"), 1);
    const auto events = stream.waitForEvents(1);
    QCOMPARE(events.size(), 1);
    QCOMPARE(stream.parser().retryMs().value_or(-1), 2000);
    QCOMPARE(events[0].type, QStringLiteral("chat.message"));
    QCOMPARE(events[0].lastEventId, QStringLiteral("1"));
    // Before it: one session.welcome naming the channel's newest number at joining (0), no id.
    QCOMPARE(stream.welcomes().size(), 1);
    const QJsonObject welcome = QJsonDocument::fromJson(stream.welcomes()[0].data.toUtf8()).object();
    QCOMPARE(welcome.value(QLatin1String("channel")).toString(), QStringLiteral("c"));
    QCOMPARE(welcome.value(QLatin1String("payload")).toObject().value(QLatin1String("latest")).toInteger(-1), 0);
    QVERIFY(stream.welcomes()[0].lastEventId.isEmpty());
}

void tst_CrossProtocol::webSocketToSseToPollAndBack()
{
    WsClient ws;
    QVERIFY(ws.open(wsUrl(*m_server, QStringLiteral("channel=shared"))));
    QVERIFY(ws.waitForType(QStringLiteral("session.welcome")));
    SseStream sse;
    QVERIFY(sse.open(m_server->port(), "/events?channel=shared"));
    QTRY_COMPARE(m_server->stats().openSse, 1);

    // WS -> SSE and poll
    ws.sendJson({{QLatin1String("type"), QStringLiteral("chat.message")}, {QLatin1String("payload"), QStringLiteral("from ws")}});
    auto events = sse.waitForEvents(1);
    QCOMPARE(events.size(), 1);
    const QJsonObject fromWs = QJsonDocument::fromJson(events[0].data.toUtf8()).object();
    QCOMPARE(fromWs.value(QLatin1String("payload")).toString(), QStringLiteral("from ws"));
    QCOMPARE(fromWs.value(QLatin1String("seq")).toInt(), 1);
    const HttpReply poll = get(m_server->port(), "/poll?channel=shared&since=0&timeout=0");
    QCOMPARE(poll.status, 200);
    const QJsonObject pollAnswer = QJsonDocument::fromJson(poll.body).object();
    QCOMPARE(pollAnswer.value(QLatin1String("events")).toArray().size(), 1);
    QCOMPARE(pollAnswer.value(QLatin1String("last")).toInt(), 1);

    // POST /publish (the HTTP side) -> WS and SSE
    QCOMPARE(publish(m_server->port(), QStringLiteral("shared"), QStringLiteral("chat.message"), QStringLiteral("from http")), 2u);
    QVERIFY(ws.waitForType(QStringLiteral("chat.message"), 2));
    QCOMPARE(ws.ofType(QStringLiteral("chat.message")).last().value(QLatin1String("payload")).toString(), QStringLiteral("from http"));
    events = sse.waitForEvents(2);
    QCOMPARE(events.size(), 2);
    QCOMPARE(events[1].lastEventId, QStringLiteral("2"));
    // The same envelope bytes on both protocols.
    QCOMPARE(QJsonDocument::fromJson(events[1].data.toUtf8()).object(), ws.ofType(QStringLiteral("chat.message")).last());
}

void tst_CrossProtocol::sseResumesWithLastEventIdWithoutLossOrDuplicates()
{
    for (int i = 1; i <= 5; ++i)
        publish(m_server->port(), QStringLiteral("r"), QStringLiteral("chat.message"), i);
    {
        SseStream first;
        QVERIFY(first.open(m_server->port(), "/events?channel=r&lastEventId=0"));
        QCOMPARE(first.waitForEvents(5).size(), 5);
    }
    // While disconnected, 6..8 are published.
    for (int i = 6; i <= 8; ++i)
        publish(m_server->port(), QStringLiteral("r"), QStringLiteral("chat.message"), i);
    SseStream again;
    QVERIFY(again.open(m_server->port(), "/events?channel=r", {"Last-Event-ID: 5"}));
    publish(m_server->port(), QStringLiteral("r"), QStringLiteral("chat.message"), 9);
    const auto events = again.waitForEvents(4);
    QStringList ids;
    for (const auto &event : events)
        ids << event.lastEventId;
    QCOMPARE(ids, (QStringList{"6", "7", "8", "9"}));
}

void tst_CrossProtocol::sseResumeFromEvictedPointSignalsReset()
{
    for (int i = 1; i <= 30; ++i) // the replay buffer holds 20
        publish(m_server->port(), QStringLiteral("e"), QStringLiteral("chat.message"), i);
    SseStream stream;
    QVERIFY(stream.open(m_server->port(), "/events?channel=e&lastEventId=3"));
    const auto events = stream.waitForEvents(21);
    QCOMPARE(events.size(), 21);
    QCOMPARE(events[0].type, QStringLiteral("reset"));
    const QJsonObject reset = QJsonDocument::fromJson(events[0].data.toUtf8()).object();
    QCOMPARE(reset.value(QLatin1String("since")).toInt(), 3);
    QCOMPARE(reset.value(QLatin1String("oldest")).toInt(), 11);
    QCOMPARE(reset.value(QLatin1String("latest")).toInt(), 30);
    QCOMPARE(events[1].lastEventId, QStringLiteral("11"));
    QCOMPARE(events[20].lastEventId, QStringLiteral("30"));

    // The poll endpoint says the same.
    const QJsonObject poll = QJsonDocument::fromJson(get(m_server->port(), "/poll?channel=e&since=3&timeout=0").body).object();
    QCOMPARE(poll.value(QLatin1String("reset")).toBool(), true);
    QCOMPARE(poll.value(QLatin1String("oldest")).toInt(), 11);
    QCOMPARE(poll.value(QLatin1String("events")).toArray().size(), 20);
}

void tst_CrossProtocol::pollReturnsAtOnceWhenBehind()
{
    for (int i = 1; i <= 4; ++i)
        publish(m_server->port(), QStringLiteral("p"), QStringLiteral("a.b"), i);
    const HttpReply reply = get(m_server->port(), "/poll?channel=p&since=2&timeout=30");
    QCOMPARE(reply.status, 200);
    const QJsonObject answer = QJsonDocument::fromJson(reply.body).object();
    const QJsonArray events = answer.value(QLatin1String("events")).toArray();
    QCOMPARE(events.size(), 2);
    QCOMPARE(events[0].toObject().value(QLatin1String("seq")).toInt(), 3);
    QCOMPARE(answer.value(QLatin1String("last")).toInt(), 4);
    QCOMPARE(answer.value(QLatin1String("reset")).toBool(), false);
}

void tst_CrossProtocol::pollWaitsForTheNextMessage()
{
    publish(m_server->port(), QStringLiteral("w"), QStringLiteral("a.b"), 1);
    QTcpSocket socket;
    socket.connectToHost(QHostAddress::LocalHost, m_server->port());
    QVERIFY(socket.waitForConnected(5000));
    socket.write("GET /poll?channel=w&since=1&timeout=20 HTTP/1.1\r\nHost: x\r\n\r\n");
    QTRY_COMPARE(m_server->stats().openPoll, 1);
    QVERIFY(!socket.waitForReadyRead(200)); // parked: nothing yet
    publish(m_server->port(), QStringLiteral("w"), QStringLiteral("a.b"), 2);
    const HttpReply reply = readReply(socket);
    QCOMPARE(reply.status, 200);
    const QJsonObject answer = QJsonDocument::fromJson(reply.body).object();
    QCOMPARE(answer.value(QLatin1String("events")).toArray().size(), 1);
    QCOMPARE(answer.value(QLatin1String("last")).toInt(), 2);
    QTRY_COMPARE(m_server->stats().openPoll, 0);
    // The connection is kept alive for the next poll.
    socket.write("GET /poll?channel=w&since=2&timeout=0 HTTP/1.1\r\nHost: x\r\n\r\n");
    QCOMPARE(readReply(socket).status, 200);
}

void tst_CrossProtocol::pollTimesOutWithEmptyList()
{
    QElapsedTimer timer;
    timer.start();
    const HttpReply reply = get(m_server->port(), "/poll?channel=quiet&timeout=0.5");
    QCOMPARE(reply.status, 200);
    QVERIFY2(timer.elapsed() >= 450 && timer.elapsed() < 2500, qPrintable(QString::number(timer.elapsed())));
    const QJsonObject answer = QJsonDocument::fromJson(reply.body).object();
    QCOMPARE(answer.value(QLatin1String("events")).toArray().size(), 0);
    QCOMPARE(answer.value(QLatin1String("reset")).toBool(), false);
}

void tst_CrossProtocol::pollParameterErrors_data()
{
    QTest::addColumn<QByteArray>("target");
    QTest::addColumn<QString>("mentions");
    QTest::addRow("since not a number") << QByteArray("/poll?since=abc") << "since";
    QTest::addRow("negative since") << QByteArray("/poll?since=-4") << "since";
    QTest::addRow("timeout too long") << QByteArray("/poll?timeout=3600") << "timeout";
    QTest::addRow("timeout not a number") << QByteArray("/poll?timeout=soon") << "timeout";
    QTest::addRow("bad channel") << QByteArray("/poll?channel=a%20b") << "channel";
    QTest::addRow("sse bad lastEventId") << QByteArray("/events?lastEventId=x") << "lastEventId";
}

void tst_CrossProtocol::pollParameterErrors()
{
    QFETCH(QByteArray, target);
    QFETCH(QString, mentions);
    const HttpReply reply = get(m_server->port(), target);
    QCOMPARE(reply.status, 400);
    const QString error = QJsonDocument::fromJson(reply.body).object().value(QLatin1String("error")).toString();
    QVERIFY2(error.contains(mentions), qPrintable(error));
}

void tst_CrossProtocol::sseHeartbeatComments()
{
    SseStream stream;
    QVERIFY(stream.open(m_server->port(), "/events?channel=hb"));
    QTRY_VERIFY_WITH_TIMEOUT((stream.waitForEvents(1, 50), stream.parser().commentCount() >= 2), 5000);
}

void tst_CrossProtocol::manyMessagesArriveInOrderOnEveryProtocol()
{
    WsClient ws;
    QVERIFY(ws.open(wsUrl(*m_server, QStringLiteral("channel=flood"))));
    QVERIFY(ws.waitForType(QStringLiteral("session.welcome")));
    SseStream sse;
    QVERIFY(sse.open(m_server->port(), "/events?channel=flood"));
    QTRY_COMPARE(m_server->stats().openSse, 1);
    WsClient publisher;
    QVERIFY(publisher.open(wsUrl(*m_server, QStringLiteral("channel=flood"))));
    constexpr int count = 2000;
    for (int i = 0; i < count; ++i)
        publisher.sendJson({{QLatin1String("type"), QStringLiteral("chat.message")}, {QLatin1String("payload"), i}});
    QVERIFY(ws.waitForType(QStringLiteral("chat.message"), count, 20000));
    const QList<quint64> seqs = ws.sequences();
    for (int i = 0; i < count; ++i)
        QCOMPARE(seqs[i], quint64(i + 1));
    const auto events = sse.waitForEvents(count, 20000);
    QCOMPARE(events.size(), count);
    for (int i = 0; i < count; ++i)
        QCOMPARE(events[i].lastEventId, QString::number(i + 1));
}

QTEST_GUILESS_MAIN(tst_CrossProtocol)
// docs/server.md, "Ephemeral messages": chat.typing (the default) reaches the subscribers there
// are, on WebSocket and SSE, in order with numbered messages, but has no number, is not kept and
// never comes back in a replay, a resume or a poll.
void tst_CrossProtocol::ephemeralTypesAreRelayedButNeverKept()
{
    WsClient sender, receiver;
    QVERIFY(sender.open(wsUrl(*m_server, QStringLiteral("channel=doc"))));
    QVERIFY(sender.waitForType(QStringLiteral("session.welcome")));
    QVERIFY(receiver.open(wsUrl(*m_server, QStringLiteral("channel=doc"))));
    QVERIFY(receiver.waitForType(QStringLiteral("session.welcome")));
    SseStream sse;
    QVERIFY(sse.open(m_server->port(), "/events?channel=doc"));
    QTRY_COMPARE(m_server->stats().openSse, 1);

    const auto send = [&](const QString &type, int payload) {
        sender.sendJson({{QLatin1String("type"), type}, {QLatin1String("payload"), payload}});
    };
    send(QStringLiteral("chat.message"), 1);
    send(QStringLiteral("chat.typing"), 2);
    send(QStringLiteral("chat.message"), 3);
    QVERIFY(receiver.waitForType(QStringLiteral("chat.message"), 2));
    QStringList order;
    for (const QJsonObject &envelope : std::as_const(receiver.received)) {
        if (!envelope.value(QLatin1String("type")).toString().startsWith(u"session."))
            order << envelope.value(QLatin1String("type")).toString();
    }
    QCOMPARE(order, (QStringList{QStringLiteral("chat.message"), QStringLiteral("chat.typing"), QStringLiteral("chat.message")}));
    const QJsonObject typing = receiver.ofType(QStringLiteral("chat.typing")).first();
    QVERIFY(!typing.contains(QLatin1String("seq")));
    QCOMPARE(typing.value(QLatin1String("payload")), 2);
    QCOMPARE(receiver.sequences(), (QList<quint64>{1, 2}));
    QVERIFY(sender.waitForType(QStringLiteral("chat.typing"))); // the sender too, like every message

    const QList<SseParser::Event> events = sse.waitForEvents(3);
    QCOMPARE(events.size(), 3);
    QCOMPARE(events[1].type, QStringLiteral("chat.typing"));
    QCOMPARE(events[1].lastEventId, QStringLiteral("1")); // no id: of its own (WHATWG keeps the last)
    QCOMPARE(events[2].lastEventId, QStringLiteral("2"));

    // Not kept: a resume from 0, a poll and a sync see the two numbered messages only.
    WsClient resumed;
    QVERIFY(resumed.open(wsUrl(*m_server, QStringLiteral("channel=doc&since=0"))));
    QVERIFY(resumed.waitForType(QStringLiteral("chat.message"), 2));
    const HttpReply poll = get(m_server->port(), "/poll?channel=doc&since=0&timeout=0");
    const QJsonArray polled = QJsonDocument::fromJson(poll.body).object().value(QLatin1String("events")).toArray();
    QCOMPARE(polled.size(), 2);
    QCOMPARE(polled[1].toObject().value(QLatin1String("seq")), 2);

    // POST /publish says what happened to it.
    const HttpReply published = post(m_server->port(), "/publish", R"({"channel":"doc","type":"chat.typing","payload":4})");
    QCOMPARE(published.status, 200);
    const QJsonObject answer = QJsonDocument::fromJson(published.body).object();
    QCOMPARE(answer.value(QLatin1String("seq")), 0);
    QCOMPARE(answer.value(QLatin1String("ephemeral")), true);
    QCOMPARE(answer.value(QLatin1String("delivered")), 4); // two WebSockets, the resumed one and the SSE stream
    QVERIFY(resumed.waitForType(QStringLiteral("chat.typing")));
    QVERIFY(resumed.ofType(QStringLiteral("chat.typing")).first().value(QLatin1String("payload")) == 4);
    QVERIFY(m_server->prometheusText().contains("socketscope_ephemeral_messages_total 2\n"));
    QCOMPARE(publish(m_server->port(), QStringLiteral("doc"), QStringLiteral("chat.message"), 5), 3u);
}

#include "tst_crossprotocol.moc"
