// The simulated clients against code SocketScope did not write: a Node `ws` echo server and an SSE
// server on Node's http module (chunked responses, its own ids, Last-Event-ID resume), both in
// tests/external/servers. Proves the clients speak the protocols, not just our server's dialect.
#include "runsupport.h"

#include "metrics/runreport.h"
#include "scenario/runner.h"
#include "scenario/scenarioloader.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTest>

namespace {

// Starts `node script` and returns the port it prints as {"port":N}; 0 on failure.
quint16 startNodeServer(QProcess &process, const QString &script, const QStringList &arguments = {})
{
    const QString node = QStandardPaths::findExecutable(QStringLiteral("node"));
    if (node.isEmpty())
        return 0;
    process.setProcessChannelMode(QProcess::ForwardedErrorChannel);
    process.start(node, QStringList{QStringLiteral(SOCKETSCOPE_TEST_SERVERS "/") + script} + arguments);
    if (!process.waitForStarted(10000))
        return 0;
    QByteArray line;
    for (int i = 0; i < 100 && !line.contains('\n'); ++i) {
        process.waitForReadyRead(100);
        line += process.readAllStandardOutput();
    }
    return quint16(QJsonDocument::fromJson(line.left(line.indexOf('\n'))).object().value(QLatin1String("port")).toInt());
}

void stopNodeServer(QProcess &process)
{
    process.terminate();
    if (!process.waitForFinished(5000)) {
        process.kill();
        process.waitForFinished();
    }
}

} // namespace

using RunSupport::group;
using RunSupport::load;

class tst_ExternalTargets : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void webSocketEchoAgainstNodeWs();
    void sseAndPublishAgainstNodeHttpServer();
};

void tst_ExternalTargets::webSocketEchoAgainstNodeWs()
{
    QProcess node;
    const quint16 port = startNodeServer(node, QStringLiteral("ws_echo_server.mjs"));
    QVERIFY2(port != 0, "node and tests/external/node_modules are needed (scripts/install-deps)");
    auto scenario = load(R"({
        "name": "ws-echo", "duration": "3s",
        "groups": [{"name": "echo", "protocol": "ws", "clients": 20, "phases": {"rampUp": "500ms", "hold": "2s"},
                    "send": {"rate": 20, "payloadBytes": 256, "mode": "echo"}}],
        "thresholds": {"connect.failed": "==0"}
    })");
    QVERIFY(scenario);
    Runner runner(scenario);
    runner.setTargetOverride(QUrl(QStringLiteral("ws://127.0.0.1:%1/").arg(port)));
    QVERIFY(RunSupport::runToEnd(runner));
    stopNodeServer(node);

    const GroupMetrics &echo = group(runner.report(), QStringLiteral("echo"));
    QCOMPARE(echo.total.connectsFirst, 20u);
    QCOMPARE(echo.total.connectFailures, 0u);
    QVERIFY2(echo.total.messagesSent >= 600, qPrintable(QString::number(echo.total.messagesSent)));
    // Every echo comes back, except those in flight when a client left at the end of its hold.
    QVERIFY(echo.total.messagesReceived <= echo.total.messagesSent);
    QVERIFY2(echo.total.messagesReceived + 20 >= echo.total.messagesSent,
             qPrintable(QStringLiteral("%1 of %2").arg(echo.total.messagesReceived).arg(echo.total.messagesSent)));
    // Each reply is a round-trip sample (rtt, not one-way latency), from the intended send time.
    QCOMPARE(echo.rttTotal.count(), echo.total.messagesReceived);
    QCOMPARE(echo.latencyTotal.count(), 0u);
    QVERIFY(echo.rttTotal.percentileNs(50) < 100'000'000);
    QCOMPARE(runner.report().exitCode, Runner::exitPassed);
}

void tst_ExternalTargets::sseAndPublishAgainstNodeHttpServer()
{
    QProcess node;
    const quint16 port = startNodeServer(node, QStringLiteral("sse_server.mjs"), {QStringLiteral("--tick-ms"), QStringLiteral("20")});
    QVERIFY2(port != 0, "node is needed (scripts/install-deps)");
    // SSE viewers whose sessions end every 700 ms and resume with Last-Event-ID, fed by the
    // server's own ticks and by our publisher (whose messages give one-way latency).
    auto scenario = load(R"({
        "name": "sse-external", "duration": "4s",
        "groups": [
            {"name": "viewers", "protocol": "sse", "channel": "ticker", "clients": 10,
             "churn": {"session": "fixed", "length": "700ms"}},
            {"name": "pub", "protocol": "publish", "channel": "ticker", "clients": 1,
             "phases": {"delay": "300ms", "hold": "3s"}, "send": {"rate": 20}}
        ],
        "thresholds": {"delivery.lost": "==0", "delivery.duplicated": "==0"}
    })");
    QVERIFY(scenario);
    Runner runner(scenario);
    runner.setTargetOverride(QUrl(QStringLiteral("http://127.0.0.1:%1/").arg(port)));
    QVERIFY(RunSupport::runToEnd(runner));
    stopNodeServer(node);

    const RunReport &report = runner.report();
    const GroupMetrics &viewers = group(report, QStringLiteral("viewers"));
    const GroupMetrics &pub = group(report, QStringLiteral("pub"));
    QCOMPARE(viewers.total.connectFailures, 0u);
    QVERIFY2(viewers.total.reconnects >= 30, qPrintable(QString::number(viewers.total.reconnects)));
    // ~200 ticks plus ~60 published messages per viewer over the run.
    QVERIFY2(viewers.total.messagesReceived >= 10 * 150, qPrintable(QString::number(viewers.total.messagesReceived)));
    QCOMPARE(viewers.total.lost, 0u);
    QCOMPARE(viewers.total.duplicated, 0u);
    QVERIFY(pub.total.messagesSent >= 50);
    QCOMPARE(pub.total.errors, 0u);
    // Only our publisher's messages carry this run's send time.
    QVERIFY(viewers.latencyTotal.count() > 0);
    QVERIFY(viewers.latencyTotal.count() < viewers.total.messagesReceived);
    QCOMPARE(report.exitCode, Runner::exitPassed);
}

QTEST_GUILESS_MAIN(tst_ExternalTargets)
#include "tst_externaltargets.moc"
