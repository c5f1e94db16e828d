#include "server/server.h"
#include "session/embeddedserverhost.h"

#include <QSignalSpy>
#include <QTcpServer>
#include <QTest>
#include <QWebSocket>

// The window's server: the next free port when the asked one is taken, new settings on the same
// port, and the old settings back when the new ones cannot start.
class tst_EmbeddedServerHost : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void takesTheNextPortWhenTheAskedOneIsTaken();
    void applyingSettingsKeepsThePortAndReplacesTheServer();
    void invalidSettingsAreRefusedWithTheOptionNamed();
};

void tst_EmbeddedServerHost::takesTheNextPortWhenTheAskedOneIsTaken()
{
    QTcpServer squatter;
    QVERIFY(squatter.listen(QHostAddress::LocalHost, 0));
    ServerConfig config;
    config.port = squatter.serverPort();
    EmbeddedServerHost host;
    QSignalSpy changed(&host, &EmbeddedServerHost::serverChanged);
    QVERIFY2(host.start(config, 20), qPrintable(host.errorString()));
    QVERIFY(host.port() != squatter.serverPort());
    QVERIFY(host.port() > squatter.serverPort() && host.port() <= squatter.serverPort() + 19);
    QCOMPARE(host.config().port, host.port());
    // What the user asked for stays the wish that is saved.
    QCOMPARE(host.requestedConfig().port, squatter.serverPort());
    QCOMPARE(changed.count(), 1);

    // With one attempt only, the taken port is an error that names the problem.
    EmbeddedServerHost strict;
    QVERIFY(!strict.start(config, 1));
    QVERIFY(!strict.errorString().isEmpty());
    QVERIFY(!strict.isRunning());
}

void tst_EmbeddedServerHost::applyingSettingsKeepsThePortAndReplacesTheServer()
{
    ServerConfig config;
    config.port = 0;
    EmbeddedServerHost host;
    QVERIFY(host.start(config));
    const quint16 port = host.port();
    QWebSocket before;
    QSignalSpy closed(&before, &QWebSocket::disconnected);
    before.open(QUrl(QStringLiteral("ws://127.0.0.1:%1/ws").arg(port)));
    QTRY_COMPARE(before.state(), QAbstractSocket::ConnectedState);

    ServerConfig withToken = host.config();
    withToken.token = QStringLiteral("s3cret");
    withToken.port = 0; // "keep the port"
    QSignalSpy changed(&host, &EmbeddedServerHost::serverChanged);
    QVERIFY2(host.applyConfig(withToken), qPrintable(host.errorString()));
    QCOMPARE(host.port(), port);
    QCOMPARE(host.config().token, QStringLiteral("s3cret"));
    QVERIFY(changed.count() >= 2); // stopped (nullptr), then the new server
    QVERIFY(closed.count() == 1 || closed.wait(5000));
    QCOMPARE(before.closeCode(), QWebSocketProtocol::CloseCodeGoingAway);

    // The new server enforces the new settings.
    QWebSocket refused;
    QSignalSpy refusedClosed(&refused, &QWebSocket::disconnected);
    refused.open(QUrl(QStringLiteral("ws://127.0.0.1:%1/ws").arg(port)));
    QVERIFY(refusedClosed.wait(5000));
    QWebSocket admitted;
    admitted.open(QUrl(QStringLiteral("ws://127.0.0.1:%1/ws?token=s3cret").arg(port)));
    QTRY_COMPARE(admitted.state(), QAbstractSocket::ConnectedState);
    QCOMPARE(host.server()->stats().openWebSocket, qint64(1));
}

void tst_EmbeddedServerHost::invalidSettingsAreRefusedWithTheOptionNamed()
{
    ServerConfig config;
    config.port = 0;
    EmbeddedServerHost host;
    QVERIFY(host.start(config));
    const quint16 port = host.port();
    ServerConfig broken = host.config();
    broken.maxMessageBytes = 0;
    QSignalSpy errors(&host, &EmbeddedServerHost::errorOccurred);
    QVERIFY(!host.applyConfig(broken));
    QCOMPARE(errors.count(), 1);
    QVERIFY2(host.errorString().contains(QStringLiteral("message"), Qt::CaseInsensitive), qPrintable(host.errorString()));
    // Nothing was stopped: the old server still serves on the same port.
    QVERIFY(host.isRunning());
    QCOMPARE(host.port(), port);
}

QTEST_MAIN(tst_EmbeddedServerHost)
#include "tst_embeddedserverhost.moc"
