// Issue 5, security defaults: a token is never written to a log or a report. `socketscope serve`
// and `socketscope run` are run as users run them, with the token in every place it can be given
// (the server's --token, a scenario's "token" and "server.token", ?token= in --target, a wrong
// token that the server refuses), and every byte they print or write is searched for it.
#include "runsupport.h"

#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QProcess>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

#include <csignal>

namespace {

const QByteArray serverToken = "tok-7d2f9c1e5a";
const QByteArray wrongToken = "wrong-4b8e0a6c13";

using Output = RunSupport::ProcessOutput;

Output runSocketScope(const QStringList &arguments, int timeoutMs = 60000)
{
    return RunSupport::runProcess(QStringLiteral(SOCKETSCOPE_BINARY), arguments, timeoutMs);
}

bool writeFile(const QString &path, const QByteArray &bytes)
{
    QFile file(path);
    return file.open(QIODevice::WriteOnly) && file.write(bytes) == bytes.size();
}

// Every place in `where` (file contents, keyed by a name) that contains one of the secrets.
QStringList leaks(const QList<QPair<QString, QByteArray>> &where)
{
    QStringList found;
    for (const auto &[name, bytes] : where) {
        for (const QByteArray &secret : {serverToken, wrongToken}) {
            const qsizetype at = bytes.indexOf(secret);
            if (at >= 0)
                found << QStringLiteral("%1: ...%2...").arg(name, QString::fromUtf8(bytes.mid(std::max<qsizetype>(0, at - 60), 90)));
        }
    }
    return found;
}

QList<QPair<QString, QByteArray>> filesIn(const QString &directory, const QStringList &skip)
{
    QList<QPair<QString, QByteArray>> files;
    QDirIterator it(directory, QDir::Files, QDirIterator::Subdirectories);
    while (it.hasNext()) {
        const QString path = it.next();
        if (skip.contains(QFileInfo(path).fileName()))
            continue;
        QFile file(path);
        if (file.open(QIODevice::ReadOnly))
            files.append({QFileInfo(path).fileName(), file.readAll()});
    }
    return files;
}

// A short mixed scenario: WebSocket, SSE and long-poll subscribers plus a publisher.
QByteArray scenarioJson(const QByteArray &targetBlock)
{
    return R"({
  "name": "secrets",
  )" + targetBlock + R"(,
  "duration": "3s",
  "groups": [
    { "name": "ws", "protocol": "ws", "channel": "s", "clients": 4, "phases": { "rampUp": "200ms", "hold": "2s" } },
    { "name": "sse", "protocol": "sse", "channel": "s", "clients": 3, "phases": { "rampUp": "200ms", "hold": "2s" } },
    { "name": "poll", "protocol": "poll", "channel": "s", "clients": 3, "phases": { "rampUp": "200ms", "hold": "2s" } },
    { "name": "pub", "protocol": "publish", "channel": "s", "clients": 1,
      "phases": { "delay": "500ms", "hold": "1500ms" }, "send": { "rate": 20, "type": "t" } }
  ]
})";
}

} // namespace

class tst_Secrets : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void runAgainstServeWithTokenWritesItNowhere();
    void embeddedServerTokenIsNotInReports();
    void refusedTargetUrlIsRedactedInErrors();
};

void tst_Secrets::runAgainstServeWithTokenWritesItNowhere()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());

    QProcess serve;
    serve.start(QStringLiteral(SOCKETSCOPE_BINARY),
                {QStringLiteral("serve"), QStringLiteral("--listen"), QStringLiteral("127.0.0.1:0"),
                 QStringLiteral("--token"), QString::fromLatin1(serverToken)});
    QVERIFY(serve.waitForStarted());
    QByteArray serveOut;
    static const QRegularExpression listening(QStringLiteral("listening on 127\\.0\\.0\\.1:(\\d+)"));
    QRegularExpressionMatch match;
    const auto listeningLinePrinted = [&] {
        serveOut += serve.readAllStandardOutput();
        match = listening.match(QString::fromUtf8(serveOut));
        return match.hasMatch();
    };
    QTRY_VERIFY_WITH_TIMEOUT(listeningLinePrinted(), 10000);
    const QString port = match.captured(1);

    // The token in the scenario file (sent as ?token= and Authorization: Bearer) ...
    const QString withTokenField = dir.filePath(QStringLiteral("with-token.json"));
    const QByteArray tokenTarget = "\"target\": \"ws://127.0.0.1:" + port.toLatin1() + "/\", \"token\": \"" + serverToken + '"';
    QVERIFY(writeFile(withTokenField, scenarioJson(tokenTarget)));
    const Output accepted = runSocketScope({QStringLiteral("run"), withTokenField, QStringLiteral("--quiet"),
                                            QStringLiteral("--report"), dir.filePath(QStringLiteral("a.json")),
                                            QStringLiteral("--csv"), dir.filePath(QStringLiteral("a.csv")),
                                            QStringLiteral("--junit"), dir.filePath(QStringLiteral("a.xml"))});
    QVERIFY2(accepted.exitCode == 0, accepted.err.constData());

    // ... and in --target's query, loud (status output), with a wrong token the server refuses.
    const QString plain = dir.filePath(QStringLiteral("plain.json"));
    const QByteArray plainTarget = "\"target\": \"ws://127.0.0.1:1/ws\"";
    QVERIFY(writeFile(plain, scenarioJson(plainTarget)));
    const Output refused = runSocketScope({QStringLiteral("run"), plain, QStringLiteral("--target"),
                                           QStringLiteral("ws://127.0.0.1:%1/ws?channel=s&token=%2").arg(port, QString::fromLatin1(wrongToken)),
                                           QStringLiteral("--report"), dir.filePath(QStringLiteral("b.json")),
                                           QStringLiteral("--csv"), dir.filePath(QStringLiteral("b.csv")),
                                           QStringLiteral("--junit"), dir.filePath(QStringLiteral("b.xml"))});
    QVERIFY2(refused.exitCode != -1, "the run with a wrong token did not finish");
    QVERIFY2(refused.out.contains("ws://127.0.0.1:" + port.toLatin1()), refused.out.constData()); // the target is still shown

    ::kill(serve.processId(), SIGTERM);
    QVERIFY(serve.waitForFinished(10000));
    QCOMPARE(serve.exitCode(), 0);
    serveOut += serve.readAllStandardOutput();

    QList<QPair<QString, QByteArray>> everything = filesIn(dir.path(), {QStringLiteral("with-token.json")});
    QCOMPARE(everything.size(), 7); // three reports per run, plus the plain scenario
    everything += {{QStringLiteral("serve stdout"), serveOut},
                   {QStringLiteral("serve stderr"), serve.readAllStandardError()},
                   {QStringLiteral("run stdout"), accepted.out}, {QStringLiteral("run stderr"), accepted.err},
                   {QStringLiteral("refused run stdout"), refused.out}, {QStringLiteral("refused run stderr"), refused.err}};
    const QStringList found = leaks(everything);
    QVERIFY2(found.isEmpty(), qPrintable(found.join(u'\n')));
}

void tst_Secrets::embeddedServerTokenIsNotInReports()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString file = dir.filePath(QStringLiteral("embedded.json"));
    const QByteArray embeddedTarget = "\"target\": \"embedded\", \"server\": { \"token\": \"" + serverToken + "\" }";
    QVERIFY(writeFile(file, scenarioJson(embeddedTarget)));
    const Output run = runSocketScope({QStringLiteral("run"), file,
                                       QStringLiteral("--report"), dir.filePath(QStringLiteral("r.json")),
                                       QStringLiteral("--csv"), dir.filePath(QStringLiteral("r.csv")),
                                       QStringLiteral("--junit"), dir.filePath(QStringLiteral("r.xml"))});
    QVERIFY2(run.exitCode == 0, run.err.constData());
    QList<QPair<QString, QByteArray>> everything = filesIn(dir.path(), {QStringLiteral("embedded.json")});
    QCOMPARE(everything.size(), 3);
    // The clients did authenticate: the report counts their messages.
    QVERIFY(everything.constFirst().second.size() > 100);
    everything += {{QStringLiteral("stdout"), run.out}, {QStringLiteral("stderr"), run.err}};
    const QStringList found = leaks(everything);
    QVERIFY2(found.isEmpty(), qPrintable(found.join(u'\n')));
}

void tst_Secrets::refusedTargetUrlIsRedactedInErrors()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    // "sourceAddresses" needs an IPv4 loopback target; the error quotes the target it refused.
    const QString file = dir.filePath(QStringLiteral("remote.json"));
    const QByteArray json = scenarioJson("\"target\": \"ws://198.51.100.7:9/ws?token=" + serverToken + "\", \"sourceAddresses\": 2");
    QVERIFY(writeFile(file, json));
    const Output validate = runSocketScope({QStringLiteral("validate"), file});
    QCOMPARE(validate.exitCode, 2);
    QVERIFY2(validate.err.contains("sourceAddresses") || validate.out.contains("sourceAddresses"), validate.err.constData());
    QVERIFY2((validate.err + validate.out).contains("token=REDACTED"), validate.err.constData());

    const Output badTarget = runSocketScope({QStringLiteral("run"), file, QStringLiteral("--target"),
                                             QStringLiteral("gopher://h/?token=%1").arg(QString::fromLatin1(serverToken))});
    QCOMPARE(badTarget.exitCode, 2);
    const QStringList found = leaks({{QStringLiteral("validate"), validate.out + validate.err},
                                     {QStringLiteral("run --target"), badTarget.out + badTarget.err}});
    QVERIFY2(found.isEmpty(), qPrintable(found.join(u'\n')));
}

QTEST_GUILESS_MAIN(tst_Secrets)
#include "tst_secrets.moc"
