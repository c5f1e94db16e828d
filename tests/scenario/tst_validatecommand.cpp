// `socketscope validate`, run as users run it: exit codes, stdout and stderr.
#include <QFile>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

class tst_ValidateCommand : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void goodFileIsOk();
    void builtInScenarioIsOk();
    void badFilePrintsEveryErrorAndExits2();
    void missingFileExits2NamingIt();
    void noFileExits2();
    void helpDescribesTheCommand();

private:
    struct Run
    {
        int exitCode = -1;
        QString out;
        QString err;
    };
    Run validate(const QStringList &arguments);
    QString write(const QString &name, const QByteArray &content);

    QTemporaryDir m_dir;
};

void tst_ValidateCommand::initTestCase()
{
    QVERIFY(m_dir.isValid());
}

tst_ValidateCommand::Run tst_ValidateCommand::validate(const QStringList &arguments)
{
    QProcess process;
    process.setProgram(QStringLiteral(SOCKETSCOPE_BINARY));
    process.setArguments(QStringList{QStringLiteral("validate")} + arguments);
    process.start();
    Run run;
    if (!process.waitForFinished(30000) || process.exitStatus() != QProcess::NormalExit)
        return run;
    run.exitCode = process.exitCode();
    run.out = QString::fromUtf8(process.readAllStandardOutput());
    run.err = QString::fromUtf8(process.readAllStandardError());
    return run;
}

QString tst_ValidateCommand::write(const QString &name, const QByteArray &content)
{
    const QString path = m_dir.filePath(name);
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        return {};
    file.write(content);
    return path;
}

void tst_ValidateCommand::goodFileIsOk()
{
    const QString path = write(QStringLiteral("good.json"), R"({
  "name": "good",
  "groups": [{"protocol": "ws", "clients": 10}, {"protocol": "sse", "clients": 5}],
  "faults": [{"at": "5s", "action": "restart"}],
  "thresholds": {"delivery.lost": "==0"}
})");
    const Run run = validate({path});
    QCOMPARE(run.exitCode, 0);
    QCOMPARE(run.out, path + QStringLiteral(": ok (2 groups, 1 fault, 1 threshold)\n"));
    QCOMPARE(run.err, QString());
}

void tst_ValidateCommand::builtInScenarioIsOk()
{
    // The resource paths work on the command line too (QFile reads ":/").
    const Run run = validate({QStringLiteral(":/scenarios/reconnect-storm.json")});
    QCOMPARE(run.exitCode, 0);
    QCOMPARE(run.out, QStringLiteral(":/scenarios/reconnect-storm.json: ok (2 groups, 1 fault, 2 thresholds)\n"));
}

void tst_ValidateCommand::badFilePrintsEveryErrorAndExits2()
{
    const QString path = write(QStringLiteral("bad.json"), R"({
  "name": "bad",
  "groups": [{"protocol": "ws", "clinets": 10}],
  "thresholds": {"latency.p99": "<1%"}
})");
    const QString good = write(QStringLiteral("fine.json"), R"({"name": "fine", "groups": [{"protocol": "poll", "clients": 1}]})");
    const Run run = validate({path, good});
    QCOMPARE(run.exitCode, 2);
    const QStringList expected{
        path + QString::fromUtf8(R"(:3:14: $.groups[0].clients: missing required key "clients")"),
        path + QString::fromUtf8(R"(:3:33: $.groups[0].clinets: unknown key "clinets" (expected one of: name, protocol, channel, channels, clients, arrivalRate, phases, send, churn, reconnect, resume, readPaused, user, pollTimeout, path, headers, url, subprotocols, method, body, onOpen, script, transport, namespace, auth, connectionInit, connectionAckTimeout, keepAlive, subscribe, receive))"),
        path + QString::fromUtf8(R"(:4:33: $.thresholds["latency.p99"]: expected a condition with a duration such as "<50ms" (latency.p99 is a duration), got "<1%")"),
    };
    QCOMPARE(run.err, expected.join(QLatin1Char('\n')) + QLatin1Char('\n'));
    // The other file is still checked.
    QCOMPARE(run.out, good + QStringLiteral(": ok (1 group, 0 faults, 0 thresholds)\n"));
}

void tst_ValidateCommand::missingFileExits2NamingIt()
{
    const QString path = m_dir.filePath(QStringLiteral("nope.json"));
    const Run run = validate({path});
    QCOMPARE(run.exitCode, 2);
    QVERIFY2(run.err.startsWith(path + QStringLiteral(": cannot read the file: ")), qPrintable(run.err));
    QVERIFY(run.out.isEmpty());
}

void tst_ValidateCommand::noFileExits2()
{
    const Run run = validate({});
    QCOMPARE(run.exitCode, 2);
    QVERIFY2(run.err.contains(QStringLiteral("expected a scenario file")), qPrintable(run.err));
}

void tst_ValidateCommand::helpDescribesTheCommand()
{
    const Run run = validate({QStringLiteral("--help")});
    QCOMPARE(run.exitCode, 0);
    QVERIFY2(run.out.startsWith(QStringLiteral("Usage: socketscope validate [options] SCENARIO.json...\n")), qPrintable(run.out));
    QVERIFY2(run.out.contains(QStringLiteral("exits 2")), qPrintable(run.out));
}

QTEST_GUILESS_MAIN(tst_ValidateCommand)
#include "tst_validatecommand.moc"
