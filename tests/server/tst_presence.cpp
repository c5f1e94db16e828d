#include "testsupport.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

using namespace TestSupport;

// Presence on one instance (docs/server.md, "Presence"): WebSocket connections of a known user
// (?user=) are announced to their channel (presence.join on the user's first connection,
// presence.leave after the last), listed on request, limited per user (close 4029), and never
// numbered or kept: they are no channel messages.
class tst_Presence : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void joinsAndLeavesAreAnnouncedAndListed();
    void perUserLimitRefusesTheSixth();
    void invalidUserIsRefused();
    void presenceEventsAreNotNumberedOrKept();

private:
};

static QJsonObject presencePayload(WsClient &client, int answer)
{
    return client.ofType(QStringLiteral("presence")).value(answer).value(QLatin1String("payload")).toObject();
}

void tst_Presence::joinsAndLeavesAreAnnouncedAndListed()
{
    Server server(loopbackConfig());
    QVERIFY(server.start());
    WsClient observer; // anonymous: hears the others, is not counted
    QVERIFY(observer.open(wsUrl(server, QStringLiteral("channel=room"))));
    QVERIFY(observer.waitForType(QStringLiteral("session.welcome")));

    WsClient alice1, alice2, bob;
    QVERIFY(alice1.open(wsUrl(server, QStringLiteral("channel=room&user=alice"))));
    QVERIFY(alice1.waitForType(QStringLiteral("session.welcome")));
    QCOMPARE(alice1.ofType(QStringLiteral("session.welcome")).first().value(QLatin1String("payload")).toObject().value(QLatin1String("user")),
             QStringLiteral("alice"));
    QVERIFY(observer.waitForType(QStringLiteral("presence.join")));
    QVERIFY(bob.open(wsUrl(server, QStringLiteral("channel=room&user=bob"))));
    QVERIFY(observer.waitForType(QStringLiteral("presence.join"), 2));
    QVERIFY(alice2.open(wsUrl(server, QStringLiteral("channel=room&user=alice"))));
    QVERIFY(alice2.waitForType(QStringLiteral("session.welcome")));
    QVERIFY(alice1.waitForType(QStringLiteral("presence.join"))); // bob's

    const QList<QJsonObject> joins = observer.ofType(QStringLiteral("presence.join"));
    QCOMPARE(joins.size(), 2); // alice's second connection is no join
    QCOMPARE(joins[0].value(QLatin1String("payload")).toObject(),
             (QJsonObject{{QLatin1String("user"), QStringLiteral("alice")}, {QLatin1String("members"), 1}}));
    QCOMPARE(joins[1].value(QLatin1String("payload")).toObject(),
             (QJsonObject{{QLatin1String("user"), QStringLiteral("bob")}, {QLatin1String("members"), 2}}));
    QCOMPARE(joins[0].value(QLatin1String("channel")), QStringLiteral("room"));
    QVERIFY(!joins[0].contains(QLatin1String("seq")));

    observer.sendJson({{QLatin1String("type"), QStringLiteral("presence")}});
    QVERIFY(observer.waitForType(QStringLiteral("presence")));
    const QJsonObject listed = presencePayload(observer, 0);
    QCOMPARE(listed.value(QLatin1String("count")), 2);
    QCOMPARE(listed.value(QLatin1String("scope")), QStringLiteral("instance"));
    QCOMPARE(listed.value(QLatin1String("members")).toArray(),
             (QJsonArray{QJsonObject{{QLatin1String("user"), QStringLiteral("alice")}, {QLatin1String("connections"), 2}},
                         QJsonObject{{QLatin1String("user"), QStringLiteral("bob")}, {QLatin1String("connections"), 1}}}));

    alice1.socket.close();
    QVERIFY(alice1.waitForDisconnect());
    bob.sendJson({{QLatin1String("type"), QStringLiteral("presence")}});
    QVERIFY(bob.waitForType(QStringLiteral("presence")));
    QCOMPARE(presencePayload(bob, 0).value(QLatin1String("count")), 2); // alice is still there
    QVERIFY(observer.ofType(QStringLiteral("presence.leave")).isEmpty());
    alice2.socket.close();
    QVERIFY(observer.waitForType(QStringLiteral("presence.leave")));
    QCOMPARE(observer.ofType(QStringLiteral("presence.leave")).first().value(QLatin1String("payload")).toObject(),
             (QJsonObject{{QLatin1String("user"), QStringLiteral("alice")}, {QLatin1String("members"), 1}}));

    QCOMPARE(metricValue(server, "socketscope_presence_joins_total"), 2u);
    QCOMPARE(metricValue(server, "socketscope_presence_leaves_total"), 1u);
    QCOMPARE(metricValue(server, "socketscope_presence_members"), 1u);
    QCOMPARE(metricValue(server, "socketscope_presence_scope"), 0u);
}

void tst_Presence::perUserLimitRefusesTheSixth()
{
    Server server(loopbackConfig()); // the default limit: 5 per user
    QVERIFY(server.start());
    std::vector<std::unique_ptr<WsClient>> alice;
    for (int i = 0; i < 5; ++i) {
        alice.push_back(std::make_unique<WsClient>());
        QVERIFY(alice.back()->open(wsUrl(server, QStringLiteral("channel=c%1&user=alice").arg(i % 2))));
        QVERIFY(alice.back()->waitForType(QStringLiteral("session.welcome")));
    }
    WsClient sixth;
    QVERIFY(sixth.open(wsUrl(server, QStringLiteral("channel=c0&user=alice"))));
    QVERIFY(sixth.waitForDisconnect());
    QCOMPARE(int(sixth.socket.closeCode()), 4029);
    QCOMPARE(sixth.socket.closeReason(), QStringLiteral("user limit: alice holds 5 of 5 connections"));
    QVERIFY(sixth.ofType(QStringLiteral("session.welcome")).isEmpty());
    QCOMPARE(metricValue(server, "socketscope_user_limit_refused_total"), 1u);

    // Others, anonymous connections and alice after closing one are not refused.
    WsClient bob;
    QVERIFY(bob.open(wsUrl(server, QStringLiteral("channel=c0&user=bob"))));
    QVERIFY(bob.waitForType(QStringLiteral("session.welcome")));
    std::vector<std::unique_ptr<WsClient>> anonymous;
    for (int i = 0; i < 6; ++i) {
        anonymous.push_back(std::make_unique<WsClient>());
        QVERIFY(anonymous.back()->open(wsUrl(server, QStringLiteral("channel=c0"))));
        QVERIFY(anonymous.back()->waitForType(QStringLiteral("session.welcome")));
    }
    alice.front()->socket.close();
    QVERIFY(alice.front()->waitForDisconnect());
    WsClient again;
    QTRY_VERIFY_WITH_TIMEOUT(([&] {
        if (!again.open(wsUrl(server, QStringLiteral("channel=c1&user=alice"))))
            return false;
        return again.waitForType(QStringLiteral("session.welcome"), 1, 2000);
    }()), 10000);

    // The limit is a setting; 0 lifts it.
    ServerConfig unlimited = loopbackConfig();
    unlimited.maxConnectionsPerUser = 0;
    Server open(unlimited);
    QVERIFY(open.start());
    std::vector<std::unique_ptr<WsClient>> carol;
    for (int i = 0; i < 7; ++i) {
        carol.push_back(std::make_unique<WsClient>());
        QVERIFY(carol.back()->open(wsUrl(open, QStringLiteral("channel=c0&user=carol"))));
        QVERIFY(carol.back()->waitForType(QStringLiteral("session.welcome")));
    }
}

void tst_Presence::invalidUserIsRefused()
{
    Server server(loopbackConfig());
    QVERIFY(server.start());
    for (const QString &user : {QStringLiteral("two%20words"), QString(), QString(65, QLatin1Char('x')), QStringLiteral("%C3%A9")}) {
        WsClient client;
        QVERIFY(client.open(wsUrl(server, QStringLiteral("channel=room&user=") + user)));
        QVERIFY2(client.waitForDisconnect(), qPrintable(user));
        QCOMPARE(int(client.socket.closeCode()), 1008);
        QVERIFY2(client.socket.closeReason().startsWith(QStringLiteral("invalid user")), qPrintable(client.socket.closeReason()));
    }
    // The server goes on serving.
    WsClient good;
    QVERIFY(good.open(wsUrl(server, QStringLiteral("channel=room&user=a.b_c-d@e"))));
    QVERIFY(good.waitForType(QStringLiteral("session.welcome")));
}

void tst_Presence::presenceEventsAreNotNumberedOrKept()
{
    Server server(loopbackConfig());
    QVERIFY(server.start());
    WsClient watcher;
    QVERIFY(watcher.open(wsUrl(server, QStringLiteral("channel=room"))));
    QVERIFY(watcher.waitForType(QStringLiteral("session.welcome")));
    {
        WsClient dave;
        QVERIFY(dave.open(wsUrl(server, QStringLiteral("channel=room&user=dave"))));
        QVERIFY(watcher.waitForType(QStringLiteral("presence.join")));
        dave.socket.close();
        QVERIFY(watcher.waitForType(QStringLiteral("presence.leave")));
    }
    QCOMPARE(publish(server.port(), QStringLiteral("room"), QStringLiteral("chat.message"), 1), 1u);
    QVERIFY(watcher.waitForType(QStringLiteral("chat.message")));
    QCOMPARE(watcher.sequences(), QList<quint64>{1});

    // A resume from 0 replays the one numbered message, not the presence events.
    WsClient late;
    QVERIFY(late.open(wsUrl(server, QStringLiteral("channel=room&since=0"))));
    QVERIFY(late.waitForType(QStringLiteral("chat.message")));
    QTest::qWait(100);
    QCOMPARE(late.received.size(), 2); // welcome, the message
    const HttpReply poll = get(server.port(), "/poll?channel=room&since=0&timeout=1");
    const QJsonArray events = QJsonDocument::fromJson(poll.body).object().value(QLatin1String("events")).toArray();
    QCOMPARE(events.size(), 1);

    // Clients cannot forge them.
    watcher.sendJson({{QLatin1String("type"), QStringLiteral("presence.join")}, {QLatin1String("payload"), QJsonObject{}}});
    QVERIFY(watcher.waitForType(QStringLiteral("error")));
    QCOMPARE(watcher.ofType(QStringLiteral("error")).first().value(QLatin1String("payload")).toObject().value(QLatin1String("code")),
             QStringLiteral("reserved_type"));
}

QTEST_GUILESS_MAIN(tst_Presence)
#include "tst_presence.moc"
