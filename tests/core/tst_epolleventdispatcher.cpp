#include "eventloop/epolleventdispatcher.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QPointer>
#include <QSignalSpy>
#include <QSocketNotifier>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTest>
#include <QThread>
#include <QTimer>
#include <QWebSocket>
#include <QWebSocketServer>

#include <sys/socket.h>
#include <unistd.h>

using namespace std::chrono_literals;

// Qt's own classes, run on the epoll dispatcher (installed for this whole test's main thread).
class tst_EpollEventDispatcher : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void isInstalled();
    void timersFireInOrderAndOnTime();
    void repeatingTimerKeepsItsRate();
    void zeroTimersDoNotStarveOthers();
    void remainingTimeAndRegisteredTimers();
    void veryCoarseTimersRoundToSeconds();
    void crossThreadPostWakesTheLoop();
    void tcpTransfer();
    void webSocketEcho();
    void nestedEventLoopsDoNotReenterATimer();
    void notifierDisableAndEnable();
    void notifierToggledWithinOnePass();
    void descriptorReusedBeforeTheNextWait();
    void notifierDeletedDuringAnotherActivation();
    void notifierDisablesAndDeletesItselfInActivation();
    void workerThreadQuitsAndWaits();
};

void tst_EpollEventDispatcher::isInstalled()
{
    QVERIFY(qobject_cast<EpollEventDispatcher *>(QAbstractEventDispatcher::instance()));
}

void tst_EpollEventDispatcher::timersFireInOrderAndOnTime()
{
    QElapsedTimer clock;
    clock.start();
    QList<QPair<int, qint64>> fired;
    for (int ms : {60, 20, 40, 20}) {
        QTimer::singleShot(ms, Qt::PreciseTimer, this, [&, ms] { fired.append({ms, clock.elapsed()}); });
    }
    QTRY_COMPARE(fired.size(), 4);
    QCOMPARE(fired[0].first, 20);
    QCOMPARE(fired[1].first, 20);
    QCOMPARE(fired[2].first, 40);
    QCOMPARE(fired[3].first, 60);
    for (const auto &[ms, at] : fired) {
        QVERIFY2(at >= ms, qPrintable(QStringLiteral("%1 ms timer at %2 ms").arg(ms).arg(at)));
        QVERIFY2(at <= ms + 25, qPrintable(QStringLiteral("%1 ms timer late: %2 ms").arg(ms).arg(at)));
    }
}

void tst_EpollEventDispatcher::repeatingTimerKeepsItsRate()
{
    QTimer timer;
    timer.setTimerType(Qt::PreciseTimer);
    timer.setInterval(10ms);
    int shots = 0;
    connect(&timer, &QTimer::timeout, this, [&] { ++shots; });
    QElapsedTimer clock;
    clock.start();
    timer.start();
    QTRY_VERIFY_WITH_TIMEOUT(clock.elapsed() >= 500, 2000);
    timer.stop();
    const qint64 expected = clock.elapsed() / 10;
    QVERIFY2(shots >= expected - 5 && shots <= expected + 1, qPrintable(QStringLiteral("%1 shots, expected ~%2").arg(shots).arg(expected)));
}

void tst_EpollEventDispatcher::zeroTimersDoNotStarveOthers()
{
    QTimer busy;
    busy.setInterval(0);
    int spins = 0;
    connect(&busy, &QTimer::timeout, this, [&] { ++spins; });
    busy.start();
    bool singleShot = false;
    QTimer::singleShot(0, this, [&] { singleShot = true; });
    bool later = false;
    QTimer::singleShot(50ms, this, [&] { later = true; });
    QTRY_VERIFY_WITH_TIMEOUT(later, 2000);
    QVERIFY(singleShot);
    QVERIFY2(spins > 10, qPrintable(QString::number(spins)));
}

void tst_EpollEventDispatcher::remainingTimeAndRegisteredTimers()
{
    QTimer timer;
    timer.setTimerType(Qt::PreciseTimer);
    timer.start(1000ms);
    auto *dispatcher = QAbstractEventDispatcher::instance();
    const int remaining = dispatcher->remainingTime(timer.timerId());
    QVERIFY2(remaining > 900 && remaining <= 1000, qPrintable(QString::number(remaining)));
    QCOMPARE(timer.remainingTime(), dispatcher->remainingTime(timer.timerId()));
    const auto timers = dispatcher->registeredTimers(&timer);
    QCOMPARE(timers.size(), 1);
    QCOMPARE(timers[0].timerId, timer.timerId());
    QCOMPARE(timers[0].interval, 1000);
    QCOMPARE(timers[0].timerType, Qt::PreciseTimer);
    const int id = timer.timerId();
    timer.stop();
    QCOMPARE(dispatcher->remainingTime(id), -1);
    QVERIFY(dispatcher->registeredTimers(&timer).isEmpty());
}

void tst_EpollEventDispatcher::veryCoarseTimersRoundToSeconds()
{
    QTimer timer;
    timer.setTimerType(Qt::VeryCoarseTimer);
    timer.start(1600ms);
    const auto timers = QAbstractEventDispatcher::instance()->registeredTimers(&timer);
    QCOMPARE(timers.size(), 1);
    QCOMPARE(timers[0].interval, 2000);
}

void tst_EpollEventDispatcher::crossThreadPostWakesTheLoop()
{
    QEventLoop loop;
    QElapsedTimer clock;
    qint64 wokenAfter = -1;
    QThread *poster = QThread::create([&] {
        QThread::msleep(30);
        clock.start();
        QMetaObject::invokeMethod(&loop, [&] { wokenAfter = clock.nsecsElapsed(); loop.quit(); }, Qt::QueuedConnection);
    });
    poster->start();
    QTimer::singleShot(5000, &loop, &QEventLoop::quit); // a bound, not the expected path
    loop.exec();
    poster->wait();
    delete poster;
    QVERIFY(wokenAfter >= 0);
    QVERIFY2(wokenAfter < 20'000'000, qPrintable(QString::number(wokenAfter)));
}

void tst_EpollEventDispatcher::tcpTransfer()
{
    QTcpServer server;
    QVERIFY(server.listen(QHostAddress::LocalHost, 0));
    QTcpSocket client;
    client.connectToHost(QHostAddress::LocalHost, server.serverPort());
    QVERIFY(QSignalSpy(&server, &QTcpServer::newConnection).wait(5000) || server.hasPendingConnections());
    QTcpSocket *accepted = server.nextPendingConnection();
    QVERIFY(accepted);
    QByteArray sent(8 * 1024 * 1024, Qt::Uninitialized);
    for (qsizetype i = 0; i < sent.size(); ++i)
        sent[i] = char(i * 31 + (i >> 13));
    QByteArray received;
    connect(accepted, &QTcpSocket::readyRead, this, [&] { received += accepted->readAll(); });
    client.write(sent);
    QTRY_COMPARE_WITH_TIMEOUT(received.size(), sent.size(), 20000);
    QVERIFY(received == sent);
    client.disconnectFromHost();
    QTRY_COMPARE(accepted->state(), QAbstractSocket::UnconnectedState);
}

void tst_EpollEventDispatcher::webSocketEcho()
{
    QWebSocketServer server(QStringLiteral("echo"), QWebSocketServer::NonSecureMode);
    QVERIFY(server.listen(QHostAddress::LocalHost, 0));
    connect(&server, &QWebSocketServer::newConnection, this, [&] {
        QWebSocket *peer = server.nextPendingConnection();
        peer->setParent(&server); // the caller owns it
        connect(peer, &QWebSocket::textMessageReceived, peer, [peer](const QString &text) { peer->sendTextMessage(text); });
    });
    QWebSocket client;
    QStringList echoed;
    connect(&client, &QWebSocket::textMessageReceived, this, [&](const QString &text) { echoed << text; });
    client.open(QUrl(QStringLiteral("ws://127.0.0.1:%1").arg(server.serverPort())));
    QTRY_COMPARE(client.state(), QAbstractSocket::ConnectedState);
    for (int i = 0; i < 1000; ++i)
        client.sendTextMessage(QString::number(i));
    QTRY_COMPARE_WITH_TIMEOUT(echoed.size(), 1000, 10000);
    QCOMPARE(echoed.first(), QStringLiteral("0"));
    QCOMPARE(echoed.last(), QStringLiteral("999"));
}

void tst_EpollEventDispatcher::nestedEventLoopsDoNotReenterATimer()
{
    QTimer outer;
    outer.setInterval(5ms);
    int outerEntries = 0;
    int depth = 0;
    int maxDepth = 0;
    bool innerFired = false;
    connect(&outer, &QTimer::timeout, this, [&] {
        ++outerEntries;
        ++depth;
        maxDepth = qMax(maxDepth, depth);
        if (outerEntries == 1) {
            // A nested loop: other timers and events run, this timer is not re-entered.
            QTimer::singleShot(20ms, this, [&] { innerFired = true; });
            QElapsedTimer clock;
            clock.start();
            while (!innerFired && clock.elapsed() < 2000)
                QCoreApplication::processEvents(QEventLoop::WaitForMoreEvents);
        }
        --depth;
    });
    outer.start();
    QTRY_VERIFY(outerEntries >= 3);
    outer.stop();
    QVERIFY(innerFired);
    QCOMPARE(maxDepth, 1);
}

void tst_EpollEventDispatcher::notifierDisableAndEnable()
{
    int fds[2];
    QCOMPARE(::socketpair(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK, 0, fds), 0);
    QSocketNotifier notifier(fds[0], QSocketNotifier::Read);
    int activations = 0;
    connect(&notifier, &QSocketNotifier::activated, this, [&] {
        ++activations;
        char buffer[64];
        while (::read(fds[0], buffer, sizeof buffer) > 0) {
        }
    });
    QCOMPARE(::write(fds[1], "a", 1), 1);
    QTRY_COMPARE(activations, 1);
    notifier.setEnabled(false);
    QCOMPARE(::write(fds[1], "b", 1), 1);
    QTest::qWait(100); // give a wrongly enabled notifier the chance to fire
    QCOMPARE(activations, 1);
    notifier.setEnabled(true);
    QTRY_COMPARE(activations, 2);
    ::close(fds[0]);
    ::close(fds[1]);
}

void tst_EpollEventDispatcher::notifierToggledWithinOnePass()
{
    // Changes reach epoll once per pass: what counts is the state at the wait, as with a
    // buffered socket write that enables and flushes its write notifier in one go.
    int fds[2];
    QCOMPARE(::socketpair(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK, 0, fds), 0);
    QSocketNotifier reader(fds[0], QSocketNotifier::Read);
    QSocketNotifier writer(fds[0], QSocketNotifier::Write);
    writer.setEnabled(false);
    int reads = 0, writes = 0;
    connect(&reader, &QSocketNotifier::activated, this, [&] {
        ++reads;
        char buffer[64];
        while (::read(fds[0], buffer, sizeof buffer) > 0) {
        }
    });
    connect(&writer, &QSocketNotifier::activated, this, [&] {
        ++writes;
        writer.setEnabled(false);
    });
    // Enabled and disabled before the loop runs: never fires, although the socket is writable.
    writer.setEnabled(true);
    writer.setEnabled(false);
    QTest::qWait(50);
    QCOMPARE(writes, 0);
    // Disabled and enabled again: fires once, and its own disabling holds.
    writer.setEnabled(true);
    writer.setEnabled(false);
    writer.setEnabled(true);
    QTRY_COMPARE(writes, 1);
    QTest::qWait(50);
    QCOMPARE(writes, 1);
    // The reader on the same descriptor was never disturbed.
    QCOMPARE(::write(fds[1], "x", 1), 1);
    QTRY_COMPARE(reads, 1);
    QCOMPARE(::write(fds[1], "y", 1), 1);
    QTRY_COMPARE(reads, 2);
    ::close(fds[0]);
    ::close(fds[1]);
}

void tst_EpollEventDispatcher::descriptorReusedBeforeTheNextWait()
{
    // A socket closes and a new one gets the same descriptor number before the loop waits again:
    // the new one must be watched (epoll dropped the old file) and see only its own events.
    int first[2];
    QCOMPARE(::socketpair(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK, 0, first), 0);
    int oldActivations = 0;
    {
        QSocketNotifier old(first[0], QSocketNotifier::Read);
        connect(&old, &QSocketNotifier::activated, this, [&] {
            ++oldActivations;
            char buffer[8];
            while (::read(first[0], buffer, sizeof buffer) > 0) {
            }
        });
        QCOMPARE(::write(first[1], "a", 1), 1);
        QTRY_COMPARE(oldActivations, 1);
    }
    const int reusedNumber = first[0];
    ::close(first[0]);
    ::close(first[1]);
    int second[2];
    QCOMPARE(::socketpair(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK, 0, second), 0);
    if (second[0] != reusedNumber && second[1] != reusedNumber)
        QSKIP("the kernel did not hand out the same descriptor number again");
    const int mine = second[0] == reusedNumber ? second[0] : second[1];
    const int peer = mine == second[0] ? second[1] : second[0];
    QSocketNotifier fresh(mine, QSocketNotifier::Read);
    int freshActivations = 0;
    connect(&fresh, &QSocketNotifier::activated, this, [&] {
        ++freshActivations;
        char buffer[8];
        while (::read(mine, buffer, sizeof buffer) > 0) {
        }
    });
    QTest::qWait(50);
    QCOMPARE(freshActivations, 0);
    QCOMPARE(::write(peer, "b", 1), 1);
    QTRY_COMPARE(freshActivations, 1);
    QCOMPARE(oldActivations, 1);
    ::close(second[0]);
    ::close(second[1]);
}

void tst_EpollEventDispatcher::notifierDeletedDuringAnotherActivation()
{
    int first[2], second[2];
    QCOMPARE(::socketpair(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK, 0, first), 0);
    QCOMPARE(::socketpair(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK, 0, second), 0);
    auto *a = new QSocketNotifier(first[0], QSocketNotifier::Read);
    auto *b = new QSocketNotifier(second[0], QSocketNotifier::Read);
    QPointer<QSocketNotifier> bGuard(b);
    int aActivations = 0, bActivations = 0;
    // Whichever fires first deletes the other, and closes its descriptor, mid-batch.
    connect(a, &QSocketNotifier::activated, this, [&] {
        ++aActivations;
        if (bGuard) {
            delete bGuard.data();
            ::close(second[0]);
        }
        char buffer[8];
        while (::read(first[0], buffer, sizeof buffer) > 0) {
        }
    });
    connect(b, &QSocketNotifier::activated, this, [&] {
        ++bActivations;
        char buffer[8];
        while (::read(second[0], buffer, sizeof buffer) > 0) {
        }
    });
    // Both ready before the loop runs: one epoll_wait reports both.
    QCOMPARE(::write(second[1], "x", 1), 1);
    QCOMPARE(::write(first[1], "y", 1), 1);
    QTRY_COMPARE(aActivations, 1);
    QTest::qWait(50);
    QVERIFY(bActivations <= 1); // b may have run first; never after its deletion
    QVERIFY(!bGuard);
    delete a;
    ::close(first[0]);
    ::close(first[1]);
    ::close(second[1]);
}

void tst_EpollEventDispatcher::notifierDisablesAndDeletesItselfInActivation()
{
    int fds[2];
    QCOMPARE(::socketpair(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK, 0, fds), 0);
    auto *notifier = new QSocketNotifier(fds[0], QSocketNotifier::Read);
    QPointer<QSocketNotifier> guard(notifier);
    auto *writer = new QSocketNotifier(fds[0], QSocketNotifier::Write);
    int reads = 0, writes = 0;
    connect(notifier, &QSocketNotifier::activated, this, [&] {
        ++reads;
        notifier->setEnabled(false); // data is left unread: level-triggered would fire again
        notifier->deleteLater();
    });
    connect(writer, &QSocketNotifier::activated, this, [&] {
        ++writes;
        writer->setEnabled(false);
    });
    QCOMPARE(::write(fds[1], "z", 1), 1);
    QTRY_VERIFY(!guard);
    QTest::qWait(50);
    QCOMPARE(reads, 1);
    QCOMPARE(writes, 1);
    delete writer;
    ::close(fds[0]);
    ::close(fds[1]);
}

void tst_EpollEventDispatcher::workerThreadQuitsAndWaits()
{
    QThread thread;
    thread.setEventDispatcher(new EpollEventDispatcher);
    auto *ticker = new QTimer;
    ticker->setInterval(5ms);
    ticker->moveToThread(&thread);
    std::atomic<int> ticks{0};
    connect(ticker, &QTimer::timeout, ticker, [&] { ++ticks; });
    connect(&thread, &QThread::started, ticker, qOverload<>(&QTimer::start));
    connect(&thread, &QThread::finished, ticker, &QObject::deleteLater);
    thread.start();
    QTRY_VERIFY(ticks.load() >= 5);
    QVERIFY(qobject_cast<EpollEventDispatcher *>(thread.eventDispatcher()));
    QElapsedTimer clock;
    clock.start();
    thread.quit();
    QVERIFY(thread.wait(2000));
    QVERIFY2(clock.elapsed() < 500, qPrintable(QString::number(clock.elapsed())));
}

int main(int argc, char **argv)
{
    // Every test above runs on the epoll dispatcher, not Qt's.
    QCoreApplication::setEventDispatcher(new EpollEventDispatcher);
    QCoreApplication app(argc, argv);
    tst_EpollEventDispatcher test;
    return QTest::qExec(&test, argc, argv);
}

#include "tst_epolleventdispatcher.moc"
