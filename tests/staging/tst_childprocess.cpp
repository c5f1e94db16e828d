#include "stagingsupport.h"

#include "staging/childprocess.h"

#include <QFile>
#include <QSignalSpy>
#include <QTest>

using namespace std::chrono_literals;
using namespace StagingSupport;

namespace {

// A shell child that says it is ready, then waits; SIGTERM makes it exit 7 (so an exit code of
// 7 proves the SIGTERM was handled, where SIGKILL would give -1).
const QString waitingScript = QStringLiteral("trap 'exit 7' TERM; echo ready; while :; do sleep 0.05; done");

bool isStopped(qint64 pid)
{
    QFile file(QStringLiteral("/proc/%1/stat").arg(pid));
    if (!file.open(QIODevice::ReadOnly))
        return false;
    const QByteArray text = file.readAll();
    const qsizetype close = text.lastIndexOf(')');
    return close > 0 && text.size() > close + 2 && text.at(close + 2) == 'T';
}

} // namespace

class TestChildProcess : public QObject
{
    Q_OBJECT

private slots:
    void findsSbinPrograms();
    void linesFromBothChannels();
    void stdinStaysOpen();
    void stopEndsAPausedChildWithSigterm();
    void stopKillsAChildThatIgnoresSigterm();
    void missingProgramIsAnError();
};

void TestChildProcess::findsSbinPrograms()
{
    QVERIFY(!ChildProcess::findExecutable(QStringLiteral("sh")).isEmpty());
    QVERIFY(ChildProcess::findExecutable(QStringLiteral("socketscope-no-such-program")).isEmpty());
}

void TestChildProcess::linesFromBothChannels()
{
    ChildProcess child;
    child.setProgram(QStringLiteral("/bin/sh"));
    // A line in two writes, a CRLF line, and a last line without a newline.
    child.setArguments({QStringLiteral("-c"), QStringLiteral("printf 'one '; sleep 0.1; printf 'line\\n'; echo oops >&2; printf 'crlf\\r\\nlast'")});
    QList<QPair<int, QByteArray>> lines;
    connect(&child, &ChildProcess::lineRead, this, [&](QProcess::ProcessChannel channel, const QByteArray &line) {
        lines.append({int(channel), line});
    });
    QSignalSpy finished(&child, &ChildProcess::finished);
    QVERIFY2(child.start(), qPrintable(child.errorString()));
    QVERIFY(finished.wait(30000));
    QCOMPARE(child.exitCode(), 0);
    const QList<QPair<int, QByteArray>> expected{{QProcess::StandardOutput, "one line"}, {QProcess::StandardError, "oops"},
                                                 {QProcess::StandardOutput, "crlf"}, {QProcess::StandardOutput, "last"}};
    // The order between the two channels is the order they were read in; per channel it is fixed.
    for (const auto &line : expected)
        QVERIFY2(lines.contains(line), line.second.constData());
    QCOMPARE(lines.size(), expected.size());
    QVERIFY(child.outputContains("OOPS"));
    QVERIFY(child.outputTail().contains(QStringLiteral("one line")));
}

void TestChildProcess::stdinStaysOpen()
{
    ChildProcess child;
    child.setProgram(QStringLiteral("/bin/sh"));
    child.setArguments({QStringLiteral("-c"), QStringLiteral("while read line; do echo \"got $line\"; done")});
    QByteArrayList lines;
    connect(&child, &ChildProcess::lineRead, this, [&](QProcess::ProcessChannel, const QByteArray &line) { lines.append(line); });
    QVERIFY2(child.start(), qPrintable(child.errorString()));
    QVERIFY(child.write("partition 3000\n"));
    QTRY_COMPARE_WITH_TIMEOUT(lines, QByteArrayList{"got partition 3000"}, 30000);
    QVERIFY(child.write("heal\n"));
    QTRY_COMPARE_WITH_TIMEOUT(lines.size(), 2, 30000);
    child.stop();
    QVERIFY(!child.isRunning());
    QVERIFY(!child.write("late\n"));
}

void TestChildProcess::stopEndsAPausedChildWithSigterm()
{
    ChildProcess child;
    child.setProgram(QStringLiteral("/bin/sh"));
    child.setArguments({QStringLiteral("-c"), waitingScript});
    QSignalSpy lines(&child, &ChildProcess::lineRead);
    QVERIFY2(child.start(), qPrintable(child.errorString()));
    QVERIFY(lines.wait(30000));
    QVERIFY(child.pause());
    QVERIFY(child.isPaused());
    QTRY_VERIFY_WITH_TIMEOUT(isStopped(child.pid()), 10000);
    // A generous grace: the SIGTERM (after SIGCONT) is what ends it, not the SIGKILL after it.
    child.stop(60s);
    QVERIFY(!child.isRunning());
    QCOMPARE(child.exitCode(), 7);
    QVERIFY(!child.isPaused());
}

void TestChildProcess::stopKillsAChildThatIgnoresSigterm()
{
    ChildProcess child;
    child.setProgram(QStringLiteral("/bin/sh"));
    child.setArguments({QStringLiteral("-c"), QStringLiteral("trap '' TERM; echo ready; while :; do sleep 0.05; done")});
    QSignalSpy lines(&child, &ChildProcess::lineRead);
    QVERIFY2(child.start(), qPrintable(child.errorString()));
    QVERIFY(lines.wait(30000));
    const qint64 pid = child.pid();
    child.stop(300ms);
    QVERIFY(!child.isRunning());
    QCOMPARE(child.exitCode(), -1);
    QVERIFY(isGone(pid));
}

void TestChildProcess::missingProgramIsAnError()
{
    ChildProcess child;
    child.setProgram(QStringLiteral("/nonexistent/program"));
    QVERIFY(!child.start());
    QVERIFY2(child.errorString().contains(QStringLiteral("/nonexistent/program")), qPrintable(child.errorString()));
    QVERIFY(!child.isRunning());
}

QTEST_GUILESS_MAIN(TestChildProcess)
#include "tst_childprocess.moc"
