#include "testsupport.h"

#include <QElapsedTimer>
#include <QJsonDocument>
#include <QProcess>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTest>

using namespace TestSupport;
using namespace std::chrono_literals;

// Graceful shutdown: every accepted connection is told (WS 1001, SSE ended, poll answered),
// in-process and through `socketscope serve` with SIGTERM.
class tst_Shutdown : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void stopClosesEveryConnectionGracefully();
    void stopWithSilentClientStillFinishes();
    void serveExitsZeroOnSigterm();
    void servePortInUseIsExitOne();
    void serveBadFlagIsExitTwo_data();
    void serveBadFlagIsExitTwo();
};

void tst_Shutdown::stopClosesEveryConnectionGracefully()
{
    Server server(loopbackConfig());
    QVERIFY(server.start());
    std::vector<std::unique_ptr<WsClient>> clients;
    for (int i = 0; i < 10; ++i) {
        clients.push_back(std::make_unique<WsClient>());
        QVERIFY(clients.back()->open(wsUrl(server)));
    }
    SseStream stream;
    QVERIFY(stream.open(server.port(), "/events"));
    QTcpSocket poll;
    poll.connectToHost(QHostAddress::LocalHost, server.port());
    QVERIFY(poll.waitForConnected(2000));
    poll.write("GET /poll?timeout=30 HTTP/1.1\r\nHost: x\r\n\r\n");
    QTRY_COMPARE(server.stats().openPoll, 1);
    QTRY_COMPARE(server.stats().openWebSocket, 10);

    QSignalSpy stopped(&server, &Server::stopped);
    QElapsedTimer timer;
    timer.start();
    server.stop();
    for (auto &client : clients) {
        QVERIFY(client->waitForDisconnect());
        QCOMPARE(int(client->socket.closeCode()), 1001);
    }
    QTRY_COMPARE(stopped.size(), 1);
    QVERIFY2(timer.elapsed() < 3000, qPrintable(QString::number(timer.elapsed())));
    QVERIFY(stream.waitForEnd());
    const HttpReply answered = readReply(poll);
    QCOMPARE(answered.status, 200);
    QCOMPARE(answered.header("Connection"), QByteArray("close"));
    QVERIFY(!server.isListening());
}

void tst_Shutdown::stopWithSilentClientStillFinishes()
{
    ServerConfig config = loopbackConfig();
    config.shutdownGrace = 500ms;
    Server server(config);
    QVERIFY(server.start());
    // A half-finished request that will never complete.
    QTcpSocket stuck;
    stuck.connectToHost(QHostAddress::LocalHost, server.port());
    QVERIFY(stuck.waitForConnected(2000));
    stuck.write("GET /healthz HTTP/1.1\r\n");
    QTRY_COMPARE(server.stats().openHttp, 1);
    QElapsedTimer timer;
    timer.start();
    QVERIFY(server.stopAndWait(5s));
    QVERIFY(timer.elapsed() < 3000);
}

void tst_Shutdown::serveExitsZeroOnSigterm()
{
#ifndef SOCKETSCOPE_BINARY
    QSKIP("the socketscope binary is not built (SOCKETSCOPE_BUILD_UI=OFF)");
#else
    QProcess serve;
    serve.setProgram(QStringLiteral(SOCKETSCOPE_BINARY));
    serve.setArguments({QStringLiteral("serve"), QStringLiteral("--listen"), QStringLiteral("127.0.0.1:0")});
    serve.start();
    QVERIFY(serve.waitForStarted(5000));
    QByteArray output;
    const quint16 port = waitForListeningPort(serve, &output);
    QVERIFY2(port != 0, output.constData());
    WsClient client;
    QVERIFY(client.open(QUrl(QStringLiteral("ws://127.0.0.1:%1/ws").arg(port))));
    QVERIFY(client.waitForType(QStringLiteral("session.welcome")));
    QCOMPARE(get(port, "/healthz").status, 200);
    serve.terminate(); // SIGTERM
    QVERIFY(client.waitForDisconnect());
    QCOMPARE(int(client.socket.closeCode()), 1001);
    // It may have exited while the client waited (QProcess then no longer waits).
    QVERIFY(serve.state() == QProcess::NotRunning || serve.waitForFinished(5000));
    const QByteArray errors = serve.readAllStandardError();
    QVERIFY2(serve.exitStatus() == QProcess::NormalExit && serve.exitCode() == 0,
             qPrintable(QStringLiteral("exit code %1: %2").arg(serve.exitCode()).arg(QString::fromUtf8(errors))));
#endif
}

void tst_Shutdown::servePortInUseIsExitOne()
{
#ifndef SOCKETSCOPE_BINARY
    QSKIP("the socketscope binary is not built");
#else
    QTcpServer occupier;
    QVERIFY(occupier.listen(QHostAddress::LocalHost, 0));
    QProcess serve;
    serve.start(QStringLiteral(SOCKETSCOPE_BINARY),
                {QStringLiteral("serve"), QStringLiteral("--listen"), QStringLiteral("127.0.0.1:%1").arg(occupier.serverPort())});
    QVERIFY(serve.waitForFinished(10000));
    QCOMPARE(serve.exitCode(), 1);
    const QByteArray error = serve.readAllStandardError();
    QVERIFY2(error.contains("cannot listen on 127.0.0.1:" + QByteArray::number(occupier.serverPort())), error.constData());
#endif
}

void tst_Shutdown::serveBadFlagIsExitTwo_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<QString>("mentions");
    QTest::addRow("unknown option") << QStringList{"--frobnicate"} << "frobnicate";
    QTest::addRow("bad listen") << QStringList{"--listen", "nowhere"} << "--listen";
    QTest::addRow("bad port") << QStringList{"--listen", "127.0.0.1:70000"} << "--listen";
    QTest::addRow("bad workers") << QStringList{"--workers", "lots"} << "--workers";
    QTest::addRow("bad duration") << QStringList{"--ping-interval", "30"} << "--ping-interval";
    QTest::addRow("bad protocol") << QStringList{"--protocols", "ws,gopher"} << "gopher";
    QTest::addRow("bad drop") << QStringList{"--fault-drop-messages", "150"} << "percentage";
    QTest::addRow("bad event loop") << QStringList{"--event-loop", "select"} << "--event-loop";
}

void tst_Shutdown::serveBadFlagIsExitTwo()
{
#ifndef SOCKETSCOPE_BINARY
    QSKIP("the socketscope binary is not built");
#else
    QFETCH(QStringList, arguments);
    QFETCH(QString, mentions);
    QProcess serve;
    serve.start(QStringLiteral(SOCKETSCOPE_BINARY), QStringList{QStringLiteral("serve")} + arguments);
    QVERIFY(serve.waitForFinished(10000));
    QCOMPARE(serve.exitCode(), 2);
    const QString error = QString::fromUtf8(serve.readAllStandardError());
    QVERIFY2(error.contains(mentions), qPrintable(error));
#endif
}

QTEST_GUILESS_MAIN(tst_Shutdown)
#include "tst_shutdown.moc"
