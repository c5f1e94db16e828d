#include "stagingsupport.h"

#include "../server/testsupport.h"
#include "staging/instancefleet.h"
#include "staging/privatebroker.h"

#include <QFile>
#include <QSet>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>

using namespace std::chrono_literals;
using namespace StagingSupport;

namespace {

// Several processes starting at once on a machine that may have two busy cores.
constexpr auto listenTimeout = 90s;

// Light instances: one worker thread each, instead of one per core.
const QStringList lightInstance{QStringLiteral("--workers"), QStringLiteral("1")};

bool isHealthy(quint16 port)
{
    return TestSupport::get(port, "/healthz").status == 200;
}

} // namespace

class TestInstanceFleet : public QObject
{
    Q_OBJECT

private slots:
    void threeInstancesOnDistinctPorts();
    void killedInstanceComesBackOnItsPort();
    void restartWaitsForItsPort();
    void aKilledInstancesUsersLeavePresence();
    void commandsToAnInstanceThatIgnoresStdin();
    void earlyExitReportsTheInstancesOutput_data();
    void earlyExitReportsTheInstancesOutput();
    void readsThePortFromTheListeningLine_data();
    void readsThePortFromTheListeningLine();
};

void TestInstanceFleet::threeInstancesOnDistinctPorts()
{
    InstanceFleet fleet;
    fleet.setExecutable(QStringLiteral(SOCKETSCOPE_BINARY));
    fleet.setExtraArguments(lightInstance);
    QSignalSpy listening(&fleet, &InstanceFleet::allListening);
    QVERIFY2(fleet.start(3), qPrintable(fleet.errorString()));
    QVERIFY2(fleet.waitForListening(listenTimeout), qPrintable(fleet.errorString()));
    QCOMPARE(listening.count(), 1);
    QCOMPARE(fleet.count(), 3);

    const QList<quint16> ports = fleet.ports();
    QCOMPARE(QSet<quint16>(ports.begin(), ports.end()).size(), 3);
    const QList<qint64> pids = fleet.pids();
    QCOMPARE(QSet<qint64>(pids.begin(), pids.end()).size(), 3);
    for (int i = 0; i < 3; ++i) {
        QVERIFY(ports[i] != 0);
        QVERIFY(pids[i] > 0);
        QVERIFY2(isHealthy(ports[i]), qPrintable(QStringLiteral("instance %1 on port %2").arg(i).arg(ports[i])));
    }

    fleet.stop();
    for (int i = 0; i < 3; ++i) {
        QVERIFY(isGone(pids[i]));
        QVERIFY(!isHealthy(ports[i]));
    }
    QCOMPARE(fleet.pids(), QList<qint64>({0, 0, 0}));
}

void TestInstanceFleet::killedInstanceComesBackOnItsPort()
{
    InstanceFleet fleet;
    fleet.setExecutable(QStringLiteral(SOCKETSCOPE_BINARY));
    fleet.setExtraArguments(lightInstance);
    QVERIFY2(fleet.start(2), qPrintable(fleet.errorString()));
    QVERIFY2(fleet.waitForListening(listenTimeout), qPrintable(fleet.errorString()));
    const QList<quint16> ports = fleet.ports();
    const qint64 killedPid = fleet.pids()[1];

    QSignalSpy down(&fleet, &InstanceFleet::instanceDown);
    QSignalSpy up(&fleet, &InstanceFleet::instanceUp);
    QSignalSpy errors(&fleet, &InstanceFleet::errorOccurred);
    QVERIFY(fleet.killInstance(1, 500ms));
    QCOMPARE(down.count(), 1);
    QCOMPARE(down.first().first().toInt(), 1);
    QVERIFY(isGone(killedPid));
    QVERIFY(!fleet.isListening(1));
    QVERIFY(fleet.isListening(0));
    QVERIFY(!fleet.killInstance(1, 500ms)); // already down
    QVERIFY(isHealthy(ports[0]));

    QTRY_COMPARE_WITH_TIMEOUT(up.count() + errors.count(), 1, 60000);
    QVERIFY2(errors.isEmpty(), qPrintable(fleet.errorString()));
    QCOMPARE(up.first().first().toInt(), 1);
    QVERIFY(fleet.isListening(1));
    QCOMPARE(fleet.ports(), ports);
    QVERIFY(fleet.pids()[1] > 0);
    QVERIFY(fleet.pids()[1] != killedPid);
    QVERIFY(isHealthy(ports[1]));
}

void TestInstanceFleet::aKilledInstancesUsersLeavePresence()
{
    // docs/server.md, "Presence": an instance killed with SIGKILL says nothing; the survivor
    // finds its name expired in Redis and announces its users' leaves.
    PrivateBroker redis;
    QVERIFY2(redis.start(PrivateBroker::Kind::Redis) && redis.waitForReady(20s), qPrintable(redis.errorString()));
    InstanceFleet fleet;
    fleet.setExecutable(QStringLiteral(SOCKETSCOPE_BINARY));
    fleet.setExtraArguments(lightInstance + QStringList{QStringLiteral("--broker"), redis.url()});
    QVERIFY2(fleet.start(2), qPrintable(fleet.errorString()));
    QVERIFY2(fleet.waitForListening(listenTimeout), qPrintable(fleet.errorString()));
    const QList<quint16> ports = fleet.ports();

    TestSupport::WsClient watcher;
    QVERIFY(watcher.open(QUrl(QStringLiteral("ws://127.0.0.1:%1/ws?channel=lobby").arg(ports[0]))));
    QVERIFY(watcher.waitForType(QStringLiteral("session.welcome"), 1, 10000));
    TestSupport::WsClient bob;
    QVERIFY(bob.open(QUrl(QStringLiteral("ws://127.0.0.1:%1/ws?channel=lobby&user=bob").arg(ports[1]))));
    QVERIFY(bob.waitForType(QStringLiteral("session.welcome"), 1, 10000));
    QVERIFY(watcher.waitForType(QStringLiteral("presence.join"), 1, 10000));

    QVERIFY(fleet.killInstance(1, 500ms));
    QVERIFY(watcher.waitForType(QStringLiteral("presence.leave"), 1, 30000));
    const QJsonObject leave = watcher.ofType(QStringLiteral("presence.leave")).first().value(QLatin1String("payload")).toObject();
    QCOMPARE(leave.value(QLatin1String("user")), QStringLiteral("bob"));
    QCOMPARE(leave.value(QLatin1String("members")), 0);
}

void TestInstanceFleet::restartWaitsForItsPort()
{
    InstanceFleet fleet;
    fleet.setExecutable(QStringLiteral(SOCKETSCOPE_BINARY));
    fleet.setExtraArguments(lightInstance);
    QVERIFY2(fleet.start(1), qPrintable(fleet.errorString()));
    QVERIFY2(fleet.waitForListening(listenTimeout), qPrintable(fleet.errorString()));
    const quint16 port = fleet.ports().first();
    QSignalSpy up(&fleet, &InstanceFleet::instanceUp);
    QSignalSpy errors(&fleet, &InstanceFleet::errorOccurred);
    QVERIFY(fleet.killInstance(0, 100ms));

    // Someone else takes the port during the downtime: the instance keeps trying, and is up
    // on its port once it is free again.
    QTcpServer squatter;
    QVERIFY(squatter.listen(QHostAddress::LocalHost, port));
    QSet<qint64> attempts;
    const auto attempted = [&] {
        if (const qint64 pid = fleet.pids().first(); pid > 0)
            attempts.insert(pid);
        return attempts.size();
    };
    QTRY_VERIFY_WITH_TIMEOUT(attempted() >= 2, 30000);
    QCOMPARE(up.count(), 0);
    QVERIFY2(errors.isEmpty(), qPrintable(fleet.errorString()));
    squatter.close();

    QTRY_COMPARE_WITH_TIMEOUT(up.count() + errors.count(), 1, 60000);
    QVERIFY2(errors.isEmpty(), qPrintable(fleet.errorString()));
    QCOMPARE(fleet.ports().first(), port);
    QVERIFY(isHealthy(port));
}

void TestInstanceFleet::commandsToAnInstanceThatIgnoresStdin()
{
    // `serve` without --control-stdin never reads its stdin: lines pile up in the pipe (and in
    // QProcess' buffer once the pipe is full) without harming it.
    InstanceFleet fleet;
    fleet.setExecutable(QStringLiteral(SOCKETSCOPE_BINARY));
    fleet.setExtraArguments(lightInstance);
    QVERIFY2(fleet.start(1), qPrintable(fleet.errorString()));
    QVERIFY2(fleet.waitForListening(listenTimeout), qPrintable(fleet.errorString()));
    const qint64 pid = fleet.pids()[0];

    QSignalSpy errors(&fleet, &InstanceFleet::errorOccurred);
    QVERIFY(fleet.writeCommand(0, "partition 3000"));
    QVERIFY(fleet.writeCommand(0, "heal\n"));
    // More than a pipe holds (64 KiB on Linux).
    for (int i = 0; i < 2000; ++i)
        QVERIFY(fleet.writeCommand(0, "latency 50ms " + QByteArray(60, 'x')));
    QVERIFY(!fleet.writeCommand(1, "partition 3000")); // no such instance
    QVERIFY(!fleet.writeCommand(-1, "partition 3000"));

    QVERIFY(isHealthy(fleet.ports()[0]));
    QTest::qWait(200); // let the writes reach the pipe; the checks below hold whenever they do
    QVERIFY(isHealthy(fleet.ports()[0]));
    QCOMPARE(fleet.pids()[0], pid);
    QVERIFY(fleet.isListening(0));
    QCOMPARE(errors.count(), 0);
}

void TestInstanceFleet::earlyExitReportsTheInstancesOutput_data()
{
    QTest::addColumn<QString>("program");
    QTest::addColumn<QStringList>("extra");
    QTest::addColumn<QString>("expected");
    // serve's own complaint (on stderr) makes it into the error.
    QTest::addRow("bad serve option") << QStringLiteral(SOCKETSCOPE_BINARY) << QStringList{QStringLiteral("--no-such-option")}
                                      << QStringLiteral("no-such-option");
    QTest::addRow("not socketscope") << QStringLiteral("/bin/false") << QStringList() << QStringLiteral("exited before listening");
}

void TestInstanceFleet::earlyExitReportsTheInstancesOutput()
{
    QFETCH(QString, program);
    QFETCH(QStringList, extra);
    QFETCH(QString, expected);
    InstanceFleet fleet;
    fleet.setExecutable(program);
    fleet.setExtraArguments(extra);
    QSignalSpy errors(&fleet, &InstanceFleet::errorOccurred);
    QVERIFY2(fleet.start(2), qPrintable(fleet.errorString()));
    QVERIFY(!fleet.waitForListening(listenTimeout));
    QCOMPARE(errors.count(), 1);
    QVERIFY2(fleet.errorString().contains(expected), qPrintable(fleet.errorString()));
    // The other instance was stopped with it: no half fleet is left running.
    QTRY_COMPARE_WITH_TIMEOUT(fleet.pids(), QList<qint64>({0, 0}), 10000);
}

void TestInstanceFleet::readsThePortFromTheListeningLine_data()
{
    // What a stand-in for `socketscope serve` prints before it waits.
    QTest::addColumn<QByteArray>("output");
    QTest::addColumn<quint16>("port");
    QTest::addRow("ipv4") << QByteArray("echo 'SocketScope 1.2.3 listening on 127.0.0.1:4567 with 2 workers (epoll event loop)'") << quint16(4567);
    QTest::addRow("ipv6") << QByteArray("echo 'SocketScope 1.2.3 listening on [::1]:4568 with 2 workers (epoll event loop)'") << quint16(4568);
    QTest::addRow("after other lines")
        << QByteArray("echo 'warning: listening on 10.0.0.1:99 soon'; echo '  websocket ws://127.0.0.1:1111/ws?channel=general';"
                      "echo 'SocketScope 1.2.3 listening on 127.0.0.1:4569 with 1 workers (qt event loop)'")
        << quint16(4569);
    QTest::addRow("stderr is not the listening line")
        << QByteArray("echo 'SocketScope 0 listening on 127.0.0.1:1 with 1 workers' >&2; sleep 0.2;"
                      "echo 'SocketScope 1.2.3 listening on 127.0.0.1:4570 with 1 workers'")
        << quint16(4570);
    QTest::addRow("in two writes")
        << QByteArray("printf 'SocketScope 1.2.3 listen'; sleep 0.2; printf 'ing on 127.0.0.1:4571 with 1 workers\\n'") << quint16(4571);
}

void TestInstanceFleet::readsThePortFromTheListeningLine()
{
    QFETCH(QByteArray, output);
    QFETCH(quint16, port);
    QTemporaryDir directory;
    QVERIFY(directory.isValid());
    QFile script(directory.filePath(QStringLiteral("fake-socketscope")));
    QVERIFY(script.open(QIODevice::WriteOnly));
    script.write("#!/bin/sh\n" + output + "\nexec sleep 600\n");
    script.close();
    QVERIFY(script.setPermissions(QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner));

    InstanceFleet fleet;
    fleet.setExecutable(script.fileName());
    QVERIFY2(fleet.start(1), qPrintable(fleet.errorString()));
    QVERIFY2(fleet.waitForListening(listenTimeout), qPrintable(fleet.errorString()));
    QCOMPARE(fleet.ports(), QList<quint16>{port});
}

QTEST_GUILESS_MAIN(TestInstanceFleet)
#include "tst_instancefleet.moc"
