// The simulator against the embedded server, through the Runner: delivery verification must be
// exact (zero loss on a clean run, exactly the fault's drops under the message-drop fault, nothing
// lost across forced disconnects with resume), churn and reconnects must be counted as such, and
// the open model must turn a stalled server into latency rather than fewer samples.
#include "runsupport.h"

#include "metrics/runreport.h"
#include "scenario/runner.h"
#include "scenario/scenarioloader.h"
#include "server/server.h"

#include <QHash>
#include <QSignalSpy>
#include <QTest>
#include <QWebSocket>
#include <QWebSocketServer>

using namespace std::chrono_literals;

using RunSupport::group;
using RunSupport::load;
using RunSupport::runToEnd;

class tst_Simulator : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void cleanRunLosesNothing();
    void messageDropFaultIsCountedExactly();
    void forcedDisconnectsWithResumeLoseNothing();
    void churnCountsReconnectsApartFromFirstConnects();
    void stalledServerShowsUpAsLatency();
    void thresholdFailureGivesExit99();
    void sourceAddressesReachTheServerFromEachAddress();
    void sourceAddressesSpreadEveryKindOfClient();
    void sourceAddressesNeedAPlainLoopbackTarget();
    void namedUsersMeetThePerUserLimit();
    void jwtTokensRunOutAndClientsComeBackWithNewOnes();
    void eventLoopOverrideWins();
};

void tst_Simulator::cleanRunLosesNothing()
{
    // 20 WS, 20 SSE and 10 long-poll subscribers on one channel, one publisher at 50/s, 3 s.
    auto scenario = load(R"({
        "name": "clean", "duration": "3s",
        "groups": [
            {"name": "ws", "protocol": "ws", "channel": "feed", "clients": 20},
            {"name": "sse", "protocol": "sse", "channel": "feed", "clients": 20},
            {"name": "poll", "protocol": "poll", "channel": "feed", "clients": 10, "pollTimeout": "5s"},
            {"name": "pub", "protocol": "publish", "channel": "feed", "clients": 1,
             "phases": {"delay": "500ms"}, "send": {"rate": 50, "payloadBytes": 200}}
        ],
        "thresholds": {"delivery.lost": "==0", "connect.failed": "==0"}
    })");
    QVERIFY(scenario);
    Runner runner(scenario);
    QVERIFY(runToEnd(runner, 30000));
    const RunReport &report = runner.report();
    QCOMPARE(report.exitCode, Runner::exitPassed);
    const GroupMetrics &pub = group(report, QStringLiteral("pub"));
    const quint64 published = pub.total.messagesSent;
    QVERIFY2(published >= 100, qPrintable(QString::number(published)));
    QCOMPARE(pub.total.errors, 0u);
    for (const QString &name : {QStringLiteral("ws"), QStringLiteral("sse"), QStringLiteral("poll")}) {
        const GroupMetrics &metrics = group(report, name);
        QCOMPARE(metrics.total.lost, 0u);
        QCOMPARE(metrics.total.duplicated, 0u);
        QCOMPARE(metrics.total.outOfOrder, 0u);
        QCOMPARE(metrics.total.connectFailures, 0u);
        // Every subscriber was there before the first publish: it got every message, except
        // those still in flight when the run ended (at most a few per subscriber).
        const quint64 clients = quint64(metrics.name == QLatin1String("poll") ? 10 : 20);
        QVERIFY2(metrics.total.messagesReceived <= published * clients, qPrintable(name));
        QVERIFY2(metrics.total.messagesReceived + 5 * clients >= published * clients,
                 qPrintable(QStringLiteral("%1 received %2 of %3").arg(name).arg(metrics.total.messagesReceived).arg(published * clients)));
        QVERIFY(metrics.latencyTotal.count() > 0);
    }
    // One-way latency in-process on loopback: well under a second.
    QVERIFY(report.finalSnapshot.all.latencyTotal.percentileNs(99) < 1'000'000'000);
}

void tst_Simulator::messageDropFaultIsCountedExactly()
{
    // The server drops 20% of live deliveries (each dropped message misses every live subscriber)
    // for 1.5 s; the WS and SSE subscribers must count exactly those as lost, no more, no less.
    // (A gap shows when a later number arrives, so the publisher goes on after the fault ends.)
    auto scenario = load(R"({
        "name": "drops", "duration": "3s",
        "groups": [
            {"name": "ws", "protocol": "ws", "channel": "feed", "clients": 10, "resume": false},
            {"name": "sse", "protocol": "sse", "channel": "feed", "clients": 10, "resume": false},
            {"name": "pub", "protocol": "publish", "channel": "feed", "clients": 1,
             "phases": {"delay": "500ms", "hold": "2s"}, "send": {"rate": 100}}
        ],
        "faults": [{"at": "0ms", "action": "dropMessages", "percent": 20, "duration": "1500ms"}]
    })");
    QVERIFY(scenario);
    Runner runner(scenario);
    QVERIFY(runToEnd(runner, 30000));
    const RunReport &report = runner.report();
    const quint64 dropped = report.finalSnapshot.serverDroppedByFault;
    QVERIFY2(dropped > 10, qPrintable(QString::number(dropped)));
    QCOMPARE(group(report, QStringLiteral("ws")).total.lost, dropped * 10);
    QCOMPARE(group(report, QStringLiteral("sse")).total.lost, dropped * 10);
    QCOMPARE(report.finalSnapshot.all.total.duplicated, 0u);
}

void tst_Simulator::forcedDisconnectsWithResumeLoseNothing()
{
    // Half the connections are cut twice while messages flow; every client comes back and resumes
    // (WS ?since=, SSE Last-Event-ID): nothing lost, nothing twice.
    auto scenario = load(R"({
        "name": "resume", "duration": "4s",
        "groups": [
            {"name": "ws", "protocol": "ws", "channel": "feed", "clients": 20,
             "reconnect": {"initialDelay": "50ms", "maxDelay": "200ms", "jitter": "full"}},
            {"name": "sse", "protocol": "sse", "channel": "feed", "clients": 20,
             "reconnect": {"initialDelay": "50ms", "maxDelay": "200ms", "jitter": "full"}},
            {"name": "pub", "protocol": "publish", "channel": "feed", "clients": 1,
             "phases": {"delay": "300ms", "hold": "3s"}, "send": {"rate": 100}}
        ],
        "server": {"sseRetry": "100ms"},
        "faults": [{"at": "1s", "action": "dropConnections", "percent": 50},
                   {"at": "2s", "action": "dropConnections", "percent": 50}],
        "thresholds": {"delivery.lost": "==0", "delivery.duplicated": "==0"}
    })");
    QVERIFY(scenario);
    Runner runner(scenario);
    QVERIFY(runToEnd(runner, 30000));
    const RunReport &report = runner.report();
    const ClientCounters &all = report.finalSnapshot.all.total;
    QVERIFY2(all.reconnects >= 10, qPrintable(QString::number(all.reconnects)));
    QCOMPARE(all.lost, 0u);
    QCOMPARE(all.duplicated, 0u);
    QCOMPARE(all.resets, 0u);
    QCOMPARE(report.exitCode, Runner::exitPassed);
}

void tst_Simulator::churnCountsReconnectsApartFromFirstConnects()
{
    // 10 WS clients with 500 ms sessions for 3 s: each connects once, then comes back about five
    // times; those are reconnects, not first connects.
    auto scenario = load(R"({
        "name": "churn", "duration": "3s",
        "groups": [{"name": "ws", "protocol": "ws", "clients": 10, "churn": {"session": "fixed", "length": "500ms"}}]
    })");
    QVERIFY(scenario);
    Runner runner(scenario);
    QVERIFY(runToEnd(runner, 30000));
    const ClientCounters &all = runner.report().finalSnapshot.all.total;
    QCOMPARE(all.connectsFirst, 10u);
    QVERIFY2(all.reconnects >= 30 && all.reconnects <= 60, qPrintable(QString::number(all.reconnects)));
    QCOMPARE(all.unexpectedCloses, 0u);
    QCOMPARE(all.connectFailures, 0u);
}

void tst_Simulator::stalledServerShowsUpAsLatency()
{
    // Echo at 20/s per client; the server stops reading for 1 s. A closed-model tool would send
    // fewer messages and report the same latency; the open model keeps the schedule, so the
    // stall appears as latency of about a second and the number of sends stays the clock's.
    auto scenario = load(R"({
        "name": "stall", "duration": "3s",
        "groups": [{"name": "echo", "protocol": "ws", "clients": 5, "send": {"rate": 20, "mode": "echo"}}],
        "faults": [{"at": "1s", "action": "stopReading", "duration": "1s"}]
    })");
    QVERIFY(scenario);
    Runner runner(scenario);
    QVERIFY(runToEnd(runner, 30000));
    const GroupMetrics &echo = runner.report().finalSnapshot.all;
    // 5 clients x 20/s x ~3 s, minus the first period's random phase: the stall did not slow the sender.
    QVERIFY2(echo.total.messagesSent >= 250, qPrintable(QString::number(echo.total.messagesSent)));
    // Only a send due before a client's connection opened can be skipped.
    QVERIFY2(echo.total.sendsSkipped <= 5, qPrintable(QString::number(echo.total.sendsSkipped)));
    // Echo replies are round trips (rtt), never mixed with one-way latency.
    QCOMPARE(echo.latencyTotal.count(), 0u);
    QVERIFY2(echo.rttTotal.maxNs() >= 800'000'000, qPrintable(QString::number(echo.rttTotal.maxNs())));
    QVERIFY(echo.rttTotal.percentileNs(50) < 100'000'000);
}

void tst_Simulator::thresholdFailureGivesExit99()
{
    auto scenario = load(R"({
        "name": "fails", "duration": "1s",
        "groups": [{"name": "ws", "protocol": "ws", "clients": 3}],
        "thresholds": {"connections.peak": ">5", "connect.failed": "==0"}
    })");
    QVERIFY(scenario);
    Runner runner(scenario);
    QVERIFY(runToEnd(runner, 30000));
    const RunReport &report = runner.report();
    QCOMPARE(report.exitCode, Runner::exitThresholdFailed);
    QCOMPARE(report.failedThresholdCount(), 1);
}

void tst_Simulator::sourceAddressesReachTheServerFromEachAddress()
{
    // A forced 4: the server sees the clients come from 127.0.0.1, .2, .3 and .4, evenly.
    QWebSocketServer peer(QStringLiteral("peer"), QWebSocketServer::NonSecureMode);
    QVERIFY(peer.listen(QHostAddress::LocalHost, 0));
    QHash<QHostAddress, int> fromAddress;
    QObject::connect(&peer, &QWebSocketServer::newConnection, &peer, [&] {
        while (QWebSocket *socket = peer.nextPendingConnection()) {
            ++fromAddress[socket->peerAddress()];
            QObject::connect(socket, &QWebSocket::disconnected, socket, &QObject::deleteLater);
        }
    });
    auto scenario = load(QStringLiteral(R"({
        "name": "spread", "duration": "1500ms", "target": "ws://127.0.0.1:%1/", "sourceAddresses": 4,
        "groups": [{"name": "ws", "protocol": "ws", "clients": 16}],
        "thresholds": {"connect.failed": "==0"}
    })").arg(peer.serverPort()).toUtf8());
    QVERIFY(scenario);
    Runner runner(scenario);
    QVERIFY(runToEnd(runner, 30000));
    QCOMPARE(runner.sourceAddressCount(), 4);
    QCOMPARE(runner.report().exitCode, Runner::exitPassed);
    QCOMPARE(group(runner.report(), QStringLiteral("ws")).total.connectsFirst, 16u);
    QCOMPARE(fromAddress.size(), 4);
    for (const QString &address : {QStringLiteral("127.0.0.1"), QStringLiteral("127.0.0.2"), QStringLiteral("127.0.0.3"), QStringLiteral("127.0.0.4")})
        QCOMPARE(fromAddress.value(QHostAddress(address)), 4);
}

void tst_Simulator::sourceAddressesSpreadEveryKindOfClient()
{
    // The embedded server admits at most 11 connections per client address. 44 clients of every
    // kind (WS, SSE, poll, publish, a stalled WS reader) get in only when they come from 4
    // addresses, 11 each; from one address, 33 of them are turned away.
    const QByteArray groups = R"("groups": [
            {"name": "ws", "protocol": "ws", "clients": 20, "reconnect": false},
            {"name": "sse", "protocol": "sse", "clients": 10, "reconnect": false},
            {"name": "poll", "protocol": "poll", "clients": 5, "reconnect": false, "pollTimeout": "5s"},
            {"name": "pub", "protocol": "publish", "clients": 5, "reconnect": false, "send": {"rate": 2}},
            {"name": "stalled", "protocol": "ws", "clients": 4, "reconnect": false, "readPaused": true}
        ])";
    auto spread = load(R"({"name": "spread", "duration": "2s", "sourceAddresses": 4,
        "server": {"maxConnectionsPerAddress": 11}, )" + groups + "}");
    QVERIFY(spread);
    Runner runner(spread);
    QVERIFY(runToEnd(runner, 30000));
    QCOMPARE(runner.sourceAddressCount(), 4);
    const ClientCounters &all = runner.report().finalSnapshot.all.total;
    QCOMPARE(all.connectsFirst, 44u);
    QCOMPARE(all.connectFailures, 0u);
    QCOMPARE(all.unexpectedCloses, 0u);
    QCOMPARE(all.errors, 0u);
    QVERIFY(group(runner.report(), QStringLiteral("pub")).total.messagesSent > 0);

    auto single = load(R"({"name": "one address", "duration": "1s",
        "server": {"maxConnectionsPerAddress": 11}, )" + groups + "}");
    QVERIFY(single);
    Runner control(single);
    QVERIFY(runToEnd(control, 30000));
    QCOMPARE(control.sourceAddressCount(), 1); // 44 connections fit one address' ports
    const ClientCounters &turnedAway = control.report().finalSnapshot.all.total;
    QVERIFY2(turnedAway.connectFailures + turnedAway.unexpectedCloses + turnedAway.errors >= 30,
             qPrintable(QStringLiteral("%1 failed, %2 closed, %3 errors").arg(turnedAway.connectFailures)
                            .arg(turnedAway.unexpectedCloses).arg(turnedAway.errors)));
}

void tst_Simulator::namedUsersMeetThePerUserLimit()
{
    // docs/scenarios.md `user`: five clients as one user against a limit of 3 get three
    // sessions and two 4029 closes; a user per client is never limited; presence events do not
    // count as channel messages (nothing lost, nothing extra received).
    auto scenario = load(R"({
        "name": "users", "duration": "2s", "server": {"maxConnectionsPerUser": 3},
        "groups": [
            {"name": "alice", "protocol": "ws", "channel": "room", "clients": 5, "user": "alice", "reconnect": false},
            {"name": "crowd", "protocol": "ws", "channel": "room", "clients": 4, "user": "{{group}}-{{client}}", "reconnect": false},
            {"name": "pub", "protocol": "publish", "channel": "room", "clients": 1, "phases": {"delay": "500ms"}, "send": {"rate": 10}}
        ]
    })");
    QVERIFY(scenario);
    Runner runner(scenario);
    // Presence flapping as the charts get it: joins per second over each interval.
    double joins = 0;
    connect(&runner, &Runner::snapshotReady, this, [&joins](const MetricsSnapshot &snapshot) {
        joins += snapshot.presenceJoinsPerSecond * double(snapshot.intervalNs) / 1e9;
    });
    QVERIFY(runToEnd(runner, 30000));
    QCOMPARE(qRound(joins), 5); // alice once (her second and third connections are no join), the crowd four times
    const GroupMetrics &alice = group(runner.report(), QStringLiteral("alice"));
    QCOMPARE(alice.total.outcomes.value(QStringLiteral("close 4029 user limit: alice holds 3 of 3 connections")), 2u);
    const GroupMetrics &crowd = group(runner.report(), QStringLiteral("crowd"));
    QCOMPARE(crowd.total.unexpectedCloses, 0u);
    QCOMPARE(crowd.total.connectsFirst, 4u);
    QVERIFY(crowd.total.messagesReceived > 0);
    QCOMPARE(crowd.total.messagesReceived % 4, 0u); // the publisher's messages only, each to all four
    QCOMPARE(crowd.total.lost, 0u);
}

void tst_Simulator::jwtTokensRunOutAndClientsComeBackWithNewOnes()
{
    // docs/scenarios.md "jwt": each client signs its own token (sub "{{group}}-{{client}}"), the
    // embedded server verifies it with the same secret; a 2 s lifetime runs out on open
    // WebSockets (4001 "token expired") and SSE streams, the clients reconnect with fresh tokens
    // and resume, and nothing is lost.
    auto scenario = load(R"({
        "name": "auth expiry", "duration": "4500ms",
        "jwt": {"algorithm": "HS256", "secret": "a shared secret", "claims": {"sub": "{{group}}-{{client}}", "role": "tester"}, "lifetime": "2s"},
        "groups": [
            {"name": "ws", "protocol": "ws", "channel": "room", "clients": 3, "reconnect": {"initialDelay": "100ms", "maxDelay": "200ms", "jitter": "none"}},
            {"name": "sse", "protocol": "sse", "channel": "room", "clients": 2, "reconnect": {"initialDelay": "100ms", "maxDelay": "200ms", "jitter": "none"}},
            {"name": "pub", "protocol": "publish", "channel": "room", "clients": 1, "phases": {"delay": "300ms"}, "send": {"rate": 10}}
        ]
    })");
    QVERIFY(scenario);
    QCOMPARE(scenario->server.jwtAlgorithm, QStringLiteral("HS256"));
    Runner runner(scenario);
    QVERIFY(runToEnd(runner, 30000));
    const GroupMetrics &ws = group(runner.report(), QStringLiteral("ws"));
    QVERIFY2(ws.total.outcomes.value(QStringLiteral("close 4001 token expired")) >= 3, qPrintable(QStringList(ws.total.outcomes.keys()).join(u',')));
    QVERIFY(ws.total.reconnects >= 3);
    QCOMPARE(ws.total.connectFailures, 0u); // every reconnect came with a token that was still good
    const GroupMetrics &sse = group(runner.report(), QStringLiteral("sse"));
    QVERIFY(sse.total.reconnects >= 2);
    const GroupMetrics &pub = group(runner.report(), QStringLiteral("pub"));
    QVERIFY(pub.total.messagesSent >= 30);
    QCOMPARE(pub.total.connectFailures, 0u);
    for (const GroupMetrics *receivers : {&ws, &sse}) {
        QCOMPARE(receivers->total.lost, 0u);
        QVERIFY(receivers->total.messagesReceived > 0);
    }
}

void tst_Simulator::sourceAddressesNeedAPlainLoopbackTarget()
{
    auto scenario = load(R"({"name": "x", "duration": "1s", "sourceAddresses": 2, "groups": [{"protocol": "ws", "clients": 1}]})");
    QVERIFY(scenario);
    for (const QString &target : {QStringLiteral("ws://localhost:9/"), QStringLiteral("wss://127.0.0.1:9/"), QStringLiteral("ws://192.0.2.1:9/")}) {
        Runner runner(scenario);
        runner.setTargetOverride(QUrl(target));
        QVERIFY(!runner.start());
        QCOMPARE(runner.startFailure(), Runner::StartFailure::BadInput);
        QVERIFY2(runner.errorString().contains(QLatin1String("sourceAddresses")), qPrintable(runner.errorString()));
        QVERIFY2(runner.errorString().contains(target), qPrintable(runner.errorString()));
    }
}

void tst_Simulator::eventLoopOverrideWins()
{
    // The scenario asks for epoll; the override (`--event-loop qt`) runs the pools and the
    // embedded server on Qt's stock dispatcher, and the run works the same.
    auto scenario = load(R"({
        "name": "qt loop", "duration": "1500ms", "server": {"eventLoop": "epoll"},
        "groups": [
            {"name": "ws", "protocol": "ws", "channel": "feed", "clients": 5},
            {"name": "pub", "protocol": "publish", "channel": "feed", "clients": 1,
             "phases": {"delay": "300ms"}, "send": {"rate": 20}}
        ],
        "thresholds": {"delivery.lost": "==0", "connect.failed": "==0"}
    })");
    QVERIFY(scenario);
    Runner runner(scenario);
    QCOMPARE(runner.eventLoop(), ServerConfig::EventLoop::Epoll);
    runner.setEventLoopOverride(ServerConfig::EventLoop::Qt);
    QCOMPARE(runner.eventLoop(), ServerConfig::EventLoop::Qt);
    QSignalSpy finished(&runner, &Runner::finished);
    QVERIFY(runner.start());
    QCOMPARE(runner.server()->config().eventLoop, ServerConfig::EventLoop::Qt);
    QVERIFY(finished.wait(30000));
    QCOMPARE(runner.report().exitCode, Runner::exitPassed);
    QVERIFY(group(runner.report(), QStringLiteral("ws")).total.messagesReceived > 0);
}

QTEST_GUILESS_MAIN(tst_Simulator)
#include "tst_simulator.moc"
