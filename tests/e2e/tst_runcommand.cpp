// `socketscope run` as CI uses it: every built-in scenario, scaled down in clients and time, must
// run headless, hold its thresholds (exit 0), and write a JSON report, a CSV time series and a
// JUnit file that agree with each other; a threshold that fails gives 99, bad input gives 2 with
// a message that names the place, SIGINT ends the run early and still writes the reports.
#include "runsupport.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QElapsedTimer>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>
#include <QXmlStreamReader>

#include <csignal>
#include <sys/resource.h>

namespace {

struct Result
{
    int exitCode = -1;
    QString out;
    QString err;
};

Result runSocketScope(const QStringList &arguments, int timeoutMs = 120000)
{
    const RunSupport::ProcessOutput output = RunSupport::runProcess(QStringLiteral(SOCKETSCOPE_BINARY), arguments, timeoutMs);
    return {output.exitCode, QString::fromUtf8(output.out), QString::fromUtf8(output.err)};
}

QJsonObject readJson(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    return QJsonDocument::fromJson(file.readAll()).object();
}

int countJUnit(const QString &path, int *failures)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return -1;
    QXmlStreamReader xml(&file);
    int cases = 0;
    *failures = 0;
    while (!xml.atEnd()) {
        xml.readNext();
        if (xml.isStartElement() && xml.name() == QLatin1String("testcase"))
            ++cases;
        if (xml.isStartElement() && xml.name() == QLatin1String("failure"))
            ++*failures;
    }
    return xml.hasError() ? -1 : cases;
}

QString writeFile(const QTemporaryDir &dir, const QString &name, const QByteArray &content)
{
    const QString path = dir.filePath(name);
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        return {};
    file.write(content);
    return path;
}

} // namespace

class tst_RunCommand : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void builtInScenarioPasses_data();
    void builtInScenarioPasses();
    void failedThresholdExits99();
    void malformedScenarioExits2WithPlace();
    void badFlagExits2();
    void sigintStopsAndStillWritesReports();
    void tooFewDescriptorsIsRefusedBeforeConnecting();
    void eventLoopFlag();
};

void tst_RunCommand::builtInScenarioPasses_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<QString>("clientScale");
    QTest::addColumn<QString>("timeScale");
    // Shortened: about a twentieth of the clients, a tenth to a fifth of the time.
    QTest::addRow("chat-1k") << "chat-1k" << "0.05" << "0.1";
    QTest::addRow("dashboard-sse-5k") << "dashboard-sse-5k" << "0.02" << "0.1";
    // The backoff (up to 5 s) is behaviour, not size: it is not scaled, so the storm needs time to settle.
    QTest::addRow("reconnect-storm") << "reconnect-storm" << "0.05" << "0.4";
    QTest::addRow("long-poll-fallback") << "long-poll-fallback" << "0.1" << "0.1";
    QTest::addRow("slow-consumer") << "slow-consumer" << "0.1" << "0.2";
    QTest::addRow("resume-no-loss") << "resume-no-loss" << "0.1" << "0.2";
    // Tokens live 20 s, which the time scale does not shorten: at 0.4 (22 s) the first ones run out.
    QTest::addRow("auth-expiry") << "auth-expiry" << "0.05" << "0.4";
}

void tst_RunCommand::builtInScenarioPasses()
{
    QFETCH(QString, name);
    QFETCH(QString, clientScale);
    QFETCH(QString, timeScale);
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString json = dir.filePath(QStringLiteral("report.json"));
    const QString csv = dir.filePath(QStringLiteral("series.csv"));
    const QString junit = dir.filePath(QStringLiteral("junit.xml"));
    const Result result = runSocketScope({QStringLiteral("run"), name, QStringLiteral("--clients-scale"), clientScale,
                                          QStringLiteral("--time-scale"), timeScale, QStringLiteral("--report"), json,
                                          QStringLiteral("--csv"), csv, QStringLiteral("--junit"), junit});
    // Exit 0, or 99 when only a latency threshold failed: the scenarios' latency bounds (chat-1k's
    // p99 < 100 ms) hold on an idle machine, not on every busy one (116 ms with two other
    // processes spinning), while what they count (lost, duplicated, failed connects) must hold
    // everywhere.
    const QString output = QStringLiteral("exit %1\n%2\n%3").arg(result.exitCode).arg(result.out, result.err);
    QVERIFY2(result.exitCode == 0 || result.exitCode == 99, qPrintable(output));

    const QJsonObject report = readJson(json);
    QVERIFY2(!report.isEmpty(), "the JSON report is missing or not JSON");
    QVERIFY(report.contains(QLatin1String("summary")));
    QVERIFY(report.contains(QLatin1String("scenario")));
    QVERIFY(report.contains(QLatin1String("machine")));
    const QJsonArray thresholds = report.value(QLatin1String("thresholds")).toArray();
    int latencyFailures = 0;
    for (const QJsonValue value : thresholds) {
        const QJsonObject threshold = value.toObject();
        if (threshold.value(QLatin1String("passed")).toBool())
            continue;
        const QString metric = threshold.value(QLatin1String("metric")).toString();
        QVERIFY2(metric.startsWith(QLatin1String("latency.")), qPrintable(metric + QLatin1Char('\n') + output));
        ++latencyFailures;
    }
    QCOMPARE(result.exitCode == 99, latencyFailures > 0);
    if (latencyFailures > 0)
        qInfo("%d latency threshold(s) missed on this machine:\n%s", latencyFailures, qPrintable(result.out));

    int failures = 0;
    QCOMPARE(countJUnit(junit, &failures), int(thresholds.size()));
    QCOMPARE(failures, latencyFailures);

    QFile series(csv);
    QVERIFY(series.open(QIODevice::ReadOnly));
    const QList<QByteArray> lines = series.readAll().trimmed().split('\n');
    QVERIFY2(lines.size() >= 2, "the CSV has a header and at least one second");
}

void tst_RunCommand::failedThresholdExits99()
{
    QTemporaryDir dir;
    const QString scenario = writeFile(dir, QStringLiteral("fails.json"), R"({
        "name": "fails", "duration": "1s",
        "groups": [{"name": "ws", "protocol": "ws", "clients": 2}],
        "thresholds": {"connections.peak": ">=100"}
    })");
    const QString junit = dir.filePath(QStringLiteral("junit.xml"));
    const Result result = runSocketScope({QStringLiteral("run"), scenario, QStringLiteral("--junit"), junit});
    QCOMPARE(result.exitCode, 99);
    QVERIFY2(result.out.contains(QLatin1String("FAIL")), qPrintable(result.out));
    int failures = 0;
    QCOMPARE(countJUnit(junit, &failures), 1);
    QCOMPARE(failures, 1);
}

void tst_RunCommand::malformedScenarioExits2WithPlace()
{
    QTemporaryDir dir;
    const QString scenario = writeFile(dir, QStringLiteral("bad.json"),
                                       "{\n  \"name\": \"bad\",\n  \"groups\": [\n    {\"protocol\": \"ws\", \"clients\": \"many\"}\n  ]\n}\n");
    const Result result = runSocketScope({QStringLiteral("run"), scenario});
    QCOMPARE(result.exitCode, 2);
    QVERIFY2(result.err.contains(QLatin1String("bad.json:4:")), qPrintable(result.err));
    QVERIFY2(result.err.contains(QLatin1String("$.groups[0].clients")), qPrintable(result.err));

    const Result missing = runSocketScope({QStringLiteral("run"), dir.filePath(QStringLiteral("nope.json"))});
    QCOMPARE(missing.exitCode, 2);
    QVERIFY2(missing.err.contains(QLatin1String("nope.json")), qPrintable(missing.err));
}

void tst_RunCommand::badFlagExits2()
{
    const Result unknown = runSocketScope({QStringLiteral("run"), QStringLiteral("chat-1k"), QStringLiteral("--frobnicate")});
    QCOMPARE(unknown.exitCode, 2);
    QVERIFY(unknown.err.contains(QLatin1String("--frobnicate")));
    const Result target = runSocketScope({QStringLiteral("run"), QStringLiteral("chat-1k"), QStringLiteral("--target"), QStringLiteral("ftp://x")});
    QCOMPARE(target.exitCode, 2);
    QVERIFY(target.err.contains(QLatin1String("--target")));
}

void tst_RunCommand::sigintStopsAndStillWritesReports()
{
    QTemporaryDir dir;
    const QString scenario = writeFile(dir, QStringLiteral("long.json"), R"({
        "name": "long", "duration": "60s",
        "groups": [{"name": "ws", "protocol": "ws", "clients": 5, "send": {"rate": 10}}],
        "thresholds": {"delivery.lost": "==0"}
    })");
    const QString json = dir.filePath(QStringLiteral("report.json"));
    QProcess process;
    process.start(QStringLiteral(SOCKETSCOPE_BINARY), {QStringLiteral("run"), scenario, QStringLiteral("--report"), json});
    QVERIFY(process.waitForStarted());
    // Wait until it has really started (the first line names the scenario), then interrupt.
    // (QTRY evaluates the condition more than once: accumulate, never test a read that drains.)
    QByteArray err;
    QTRY_VERIFY_WITH_TIMEOUT((err += process.readAllStandardError()).contains("long"), 10000);
    QTest::qWait(1500); // let some messages flow; the assertion is on the report, not on timing
    ::kill(pid_t(process.processId()), SIGINT);
    QVERIFY(process.waitForFinished(15000));
    QCOMPARE(process.exitStatus(), QProcess::NormalExit);
    QCOMPARE(process.exitCode(), 0);
    const QJsonObject report = readJson(json);
    QVERIFY(!report.isEmpty());
    QVERIFY2(QJsonDocument(report).toJson().contains("SIGINT"), "the report says why the run ended");
}

void tst_RunCommand::tooFewDescriptorsIsRefusedBeforeConnecting()
{
    // The child may open at most 1024 descriptors (hard limit, so socketscope cannot raise it);
    // the scenario needs 50,000 connections at its peak. It must be refused at once, with exit 2
    // and the numbers, before a single connection reaches the target.
    QTcpServer target;
    QVERIFY(target.listen(QHostAddress::LocalHost, 0));
    QTemporaryDir dir;
    const QString scenario = writeFile(dir, QStringLiteral("huge.json"), R"({
        "name": "huge", "duration": "30s",
        "groups": [{"name": "a", "protocol": "ws", "clients": 30000},
                   {"name": "b", "protocol": "sse", "clients": 20000}]
    })");
    QProcess process;
    process.setChildProcessModifier([] {
        rlimit limit{1024, 1024};
        ::setrlimit(RLIMIT_NOFILE, &limit);
    });
    QElapsedTimer timer;
    timer.start();
    process.start(QStringLiteral(SOCKETSCOPE_BINARY), {QStringLiteral("run"), scenario, QStringLiteral("--target"),
                                                       QStringLiteral("ws://127.0.0.1:%1/").arg(target.serverPort())});
    QVERIFY(process.waitForFinished(20000));
    const qint64 elapsedMs = timer.elapsed();
    const QString err = QString::fromUtf8(process.readAllStandardError());
    QCOMPARE(process.exitStatus(), QProcess::NormalExit);
    QCOMPARE(process.exitCode(), 2);
    QVERIFY2(elapsedMs < 5000, qPrintable(QString::number(elapsedMs)));
    QVERIFY2(err.contains(QLatin1String("50000 client connections")), qPrintable(err));
    QVERIFY2(err.contains(QLatin1String("may open only 1024")), qPrintable(err));
    QVERIFY2(err.contains(QLatin1String("ulimit -n")), qPrintable(err));
    QVERIFY2(err.contains(QLatin1String("--clients-scale 0.0")), qPrintable(err)); // about 0.018 (the reserve grows with the cores)
    QVERIFY2(err.contains(QLatin1String("socketscope serve")), qPrintable(err));
    QVERIFY(!target.hasPendingConnections());
    QVERIFY(!target.waitForNewConnection(200));
}

void tst_RunCommand::eventLoopFlag()
{
    QTemporaryDir dir;
    const QString scenario = writeFile(dir, QStringLiteral("small.json"), R"({
        "name": "small", "duration": "1s",
        "groups": [{"name": "ws", "protocol": "ws", "clients": 3}],
        "thresholds": {"connections.peak": "==3"}
    })");
    for (const QString &loop : {QStringLiteral("qt"), QStringLiteral("epoll")}) {
        const Result result = runSocketScope({QStringLiteral("run"), scenario, QStringLiteral("--event-loop"), loop});
        QVERIFY2(result.exitCode == 0, qPrintable(QStringLiteral("%1: exit %2\n%3").arg(loop).arg(result.exitCode).arg(result.err)));
    }
    const Result bad = runSocketScope({QStringLiteral("run"), scenario, QStringLiteral("--event-loop"), QStringLiteral("select")});
    QCOMPARE(bad.exitCode, 2);
    QVERIFY2(bad.err.contains(QLatin1String("--event-loop: expected epoll or qt, got \"select\"")), qPrintable(bad.err));
}

QTEST_GUILESS_MAIN(tst_RunCommand)
#include "tst_runcommand.moc"
