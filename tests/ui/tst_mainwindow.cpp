#include "mainwindow.h"
#include "server/server.h"
#include "session/embeddedserverhost.h"

#include <QAction>
#include <QLabel>
#include <QSettings>
#include <QStandardPaths>
#include <QTest>
#include <QWebSocket>

// The window shows the live server: its URL and connection counts come from the real counters.
class tst_MainWindow : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void showsAddressAndLiveConnectionCount();
    void eventLoopChoiceShowsTheServersLoopAndIsSaved();
};

void tst_MainWindow::showsAddressAndLiveConnectionCount()
{
    ServerConfig config;
    config.port = 0;
    EmbeddedServerHost host;
    QVERIFY(host.start(config));
    Server &server = *host.server();
    MainWindow window(host);
    window.show();
    auto *url = window.findChild<QLabel *>(QStringLiteral("pageUrl"));
    auto *count = window.findChild<QLabel *>(QStringLiteral("webSocketCount"));
    QVERIFY(url && count);
    QCOMPARE(url->text(), QStringLiteral("http://127.0.0.1:%1/").arg(server.port()));
    QCOMPARE(count->text(), QStringLiteral("0"));

    std::vector<std::unique_ptr<QWebSocket>> clients;
    for (int i = 0; i < 3; ++i) {
        clients.push_back(std::make_unique<QWebSocket>());
        clients.back()->open(QUrl(QStringLiteral("ws://127.0.0.1:%1/ws").arg(server.port())));
    }
    QTRY_COMPARE(count->text(), QStringLiteral("3"));
    clients.pop_back();
    QTRY_COMPARE(count->text(), QStringLiteral("2"));
    clients.clear();
    host.stop();
}

void tst_MainWindow::initTestCase()
{
    // Settings go to a throw-away test location, never the user's.
    QStandardPaths::setTestModeEnabled(true);
    QCoreApplication::setOrganizationName(QStringLiteral("SocketScopeTest"));
    QSettings().clear();
}

void tst_MainWindow::eventLoopChoiceShowsTheServersLoopAndIsSaved()
{
    ServerConfig config;
    config.port = 0;
    config.eventLoop = ServerConfig::EventLoop::Qt;
    EmbeddedServerHost host;
    QVERIFY(host.start(config));
    MainWindow window(host);
    auto *epoll = window.findChild<QAction *>(QStringLiteral("eventLoop_epoll"));
    auto *stock = window.findChild<QAction *>(QStringLiteral("eventLoop_qt"));
    QVERIFY(epoll && stock);
    QVERIFY(stock->isChecked());
    QVERIFY(!epoll->isChecked());
    epoll->trigger();
    QVERIFY(epoll->isChecked());
    QVERIFY(!stock->isChecked());
    QCOMPARE(QSettings().value(MainWindow::eventLoopSettingsKey()).toString(), QStringLiteral("epoll"));
    stock->trigger();
    QCOMPARE(QSettings().value(MainWindow::eventLoopSettingsKey()).toString(), QStringLiteral("qt"));
    host.stop();
}

QTEST_MAIN(tst_MainWindow)
#include "tst_mainwindow.moc"
