#include "stagingsupport.h"

#include "../server/testsupport.h"

#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

#include <csignal>

using namespace StagingSupport;

class TestNoOrphans : public QObject
{
    Q_OBJECT

private slots:
    void everythingDiesWithItsParent();
};

void TestNoOrphans::everythingDiesWithItsParent()
{
    STAGING_REQUIRE_PROGRAM(QStringLiteral("redis-server"));
    STAGING_REQUIRE_PROGRAM(QStringLiteral("nginx"));

    // A plain QProcess: the helper must not die with this test, the test kills it.
    QProcess helper;
    // Killed, the helper's children leave their temporary directories behind (documented):
    // inside this one, removed at the end.
    QTemporaryDir temp;
    QVERIFY(temp.isValid());
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.insert(QStringLiteral("TMPDIR"), temp.path());
    helper.setProcessEnvironment(environment);
    helper.setProcessChannelMode(QProcess::ForwardedErrorChannel);
    helper.start(QStringLiteral(ORPHAN_HELPER), {QStringLiteral(SOCKETSCOPE_BINARY)});
    QVERIFY(helper.waitForStarted(30000));
    QByteArray output;
    QVERIFY2(QTest::qWaitFor([&] {
                 output += helper.readAllStandardOutput();
                 return output.contains("ready\n") || output.contains("error:") || helper.state() == QProcess::NotRunning;
             }, 180000),
             output.constData());
    QVERIFY2(output.contains("ready\n"), output.constData());

    QList<qint64> printed;
    quint16 nginxPort = 0;
    for (const QByteArray &line : output.split('\n')) {
        const QList<QByteArray> words = line.split(' ');
        if (words.size() == 2 && (words[0] == "broker" || words[0] == "instance" || words[0] == "nginx"))
            printed.append(words[1].toLongLong());
        if (words.size() == 2 && words[0] == "port")
            nginxPort = quint16(words[1].toUInt());
    }
    QCOMPARE(printed.size(), 4);
    // Whatever else the helper's children started (nginx workers, were nginx run with a
    // master process) counts too: everything below the helper in the process tree.
    const QList<qint64> tree = descendants(helper.processId());
    for (qint64 pid : printed) {
        QVERIFY(pid > 0);
        QVERIFY2(tree.contains(pid), qPrintable(QString::number(pid)));
        QVERIFY(!isGone(pid));
    }
    QVERIFY(TestSupport::get(nginxPort, "/healthz").status == 200);

    ::kill(pid_t(helper.processId()), SIGKILL);
    QVERIFY(helper.waitForFinished(30000));
    for (qint64 pid : tree)
        QTRY_VERIFY2_WITH_TIMEOUT(isGone(pid), qPrintable(QStringLiteral("process %1 outlived its parent").arg(pid)), 15000);
    QCOMPARE(TestSupport::get(nginxPort, "/healthz").status, 0);
}

QTEST_GUILESS_MAIN(TestNoOrphans)
#include "tst_noorphans.moc"
