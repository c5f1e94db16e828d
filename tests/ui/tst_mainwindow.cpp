#include "mainwindow.h"
#include "server/server.h"

#include <QLabel>
#include <QTest>
#include <QWebSocket>

// The window shows the live server: its URL and connection counts come from the real counters.
class tst_MainWindow : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void showsAddressAndLiveConnectionCount();
};

void tst_MainWindow::showsAddressAndLiveConnectionCount()
{
    ServerConfig config;
    config.port = 0;
    Server server(config);
    QVERIFY(server.start());
    MainWindow window(server);
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
    QVERIFY(server.stopAndWait());
}

QTEST_MAIN(tst_MainWindow)
#include "tst_mainwindow.moc"
