// The manual client panel against a real embedded server (127.0.0.1, port 0): two tabs act as
// "User A" and "User B" on one channel and talk through the widgets (typing in the send box,
// clicking Send, Ctrl+Return, Up for history); invalid JSON is refused with a visible error;
// saved messages come back in a new panel (QSettings in test mode).
#include "manualclient/manualclientpanel.h"
#include "manualclient/manualclienttab.h"
#include "manualclient/manualframemodel.h"
#include "session/embeddedserverhost.h"
#include "server/server.h"

#include <QApplication>
#include <QComboBox>
#include <QInputDialog>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QPlainTextEdit>
#include <QPointer>
#include <QPushButton>
#include <QSettings>
#include <QStandardPaths>
#include <QTabWidget>
#include <QLineEdit>
#include <QTableView>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTest>
#include <QTimer>
#include <QToolButton>
#include <QWebSocket>
#include <QWebSocketServer>

namespace {

template<typename W>
W *child(QWidget *parent, const char *name)
{
    W *widget = parent->findChild<W *>(QLatin1String(name));
    if (!widget)
        qWarning("no child %s", name);
    return widget;
}

// Whether the tab's frame log (the view's model, as the user sees it) shows a row whose
// direction and data columns contain the given texts.
bool logShows(ManualClientTab *tab, const QString &direction, const QString &data)
{
    auto *view = tab->findChild<QTableView *>(QStringLiteral("frameLog"));
    const QAbstractItemModel *model = view->model();
    for (int row = 0; row < model->rowCount(); ++row) {
        if (model->index(row, ManualFrameModel::DirectionColumn).data().toString().contains(direction)
            && model->index(row, ManualFrameModel::PreviewColumn).data().toString().contains(data))
            return true;
    }
    return false;
}

int sentTextFrames(ManualClientTab *tab)
{
    tab->frameModel()->flush();
    int count = 0;
    for (int row = 0; row < tab->frameModel()->rowCount(); ++row) {
        const ManualFrame &f = tab->frameModel()->frame(row);
        count += f.direction == ManualFrame::Direction::Sent && f.kind == ManualFrame::Kind::Text;
    }
    return count;
}

void typeInto(QPlainTextEdit *box, const QString &text)
{
    box->clear();
    box->setFocus();
    // keyClicks() takes printable characters only; a newline is a Return key.
    const QStringList lines = text.split(QLatin1Char('\n'));
    for (qsizetype i = 0; i < lines.size(); ++i) {
        if (i > 0)
            QTest::keyClick(box, Qt::Key_Return);
        QTest::keyClicks(box, lines.at(i));
    }
}

} // namespace

class tst_ManualClientPanel : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();
    void twoUsersTalkThroughTheWidgets();
    void invalidJsonIsRefusedWithAVisibleError();
    void savedMessagesPersistAcrossPanels();
    void sseTabReceivesAndPublishes();
    void tabsAreNamedAndTheDefaultUrlFollowsTheServer();
    void subprotocolsAreOfferedAndTheChoiceLogged();
    void urlQueryGoesOutAsTyped_data();
    void urlQueryGoesOutAsTyped();

private:
    void connectTab(ManualClientTab *tab);
    std::unique_ptr<EmbeddedServerHost> m_host;
};

void tst_ManualClientPanel::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QCoreApplication::setOrganizationName(QStringLiteral("SocketScopeManualClientTest"));
    QSettings().clear();
}

void tst_ManualClientPanel::init()
{
    m_host = std::make_unique<EmbeddedServerHost>();
    ServerConfig config;
    config.port = 0;
    config.workers = 1;
    QVERIFY(m_host->start(config));
}

void tst_ManualClientPanel::cleanup()
{
    m_host->stop();
    m_host.reset();
}

void tst_ManualClientPanel::connectTab(ManualClientTab *tab)
{
    auto *connectButton = child<QPushButton>(tab, "connectButton");
    QVERIFY(connectButton && connectButton->isEnabled());
    QTest::mouseClick(connectButton, Qt::LeftButton);
    QTRY_COMPARE(tab->connection()->state(), ManualConnection::State::Open);
    QVERIFY(!connectButton->isEnabled());
    // The welcome shows that the server took us into the channel.
    QTRY_VERIFY(logShows(tab, QStringLiteral("received"), QStringLiteral("session.welcome")));
}

void tst_ManualClientPanel::twoUsersTalkThroughTheWidgets()
{
    ManualClientPanel panel;
    panel.resize(1200, 800);
    panel.setDefaultUrl(QUrl(QStringLiteral("ws://127.0.0.1:%1/ws?channel=room").arg(m_host->port())));
    panel.show();
    ManualClientTab *a = panel.tab(0);
    ManualClientTab *b = panel.addTab();
    QCOMPARE(panel.tabName(0), QStringLiteral("User A"));
    QCOMPARE(panel.tabName(1), QStringLiteral("User B"));
    connectTab(a);
    connectTab(b);

    // The handshake view shows the request and the server's 101.
    auto *handshake = child<QPlainTextEdit>(a, "handshakeView");
    QVERIFY(handshake->toPlainText().contains(QLatin1String("GET /ws?channel=room HTTP/1.1")));
    QVERIFY(handshake->toPlainText().contains(QLatin1String("HTTP/1.1 101")));

    // A types a chat message and clicks Send; B's log shows it arriving.
    const QString message = QStringLiteral(R"({"type":"chat.message","payload":{"text":"hello from A"}})");
    typeInto(child<QPlainTextEdit>(a, "sendBox"), message);
    QCOMPARE(child<QPlainTextEdit>(a, "sendBox")->toPlainText(), message);
    QTest::mouseClick(child<QPushButton>(a, "sendButton"), Qt::LeftButton);
    QTRY_VERIFY(logShows(a, QStringLiteral("sent"), QStringLiteral("hello from A")));
    QTRY_VERIFY(logShows(b, QStringLiteral("received"), QStringLiteral("hello from A")));
    QCOMPARE(a->history(), QStringList{message});
    QVERIFY(child<QLabel>(a, "sendError")->text().isEmpty());

    // B answers with Ctrl+Return; A sees it.
    auto *bBox = child<QPlainTextEdit>(b, "sendBox");
    typeInto(bBox, QStringLiteral(R"({"type":"chat.message","payload":{"text":"hi A, B here"}})"));
    QTest::keyClick(bBox, Qt::Key_Return, Qt::ControlModifier);
    QTRY_VERIFY(logShows(a, QStringLiteral("received"), QStringLiteral("hi A, B here")));

    // Up in A's empty box brings back what A sent; the dropdown holds it too.
    auto *aBox = child<QPlainTextEdit>(a, "sendBox");
    aBox->clear();
    aBox->setFocus();
    QTest::keyClick(aBox, Qt::Key_Up);
    QCOMPARE(aBox->toPlainText(), message);
    QTest::keyClick(aBox, Qt::Key_Down);
    QCOMPARE(aBox->toPlainText(), QString());
    QCOMPARE(child<QComboBox>(a, "history")->count(), 1);

    // Selecting the received row shows it pretty-printed in the detail pane.
    auto *view = child<QTableView>(b, "frameLog");
    for (int row = 0; row < view->model()->rowCount(); ++row) {
        if (view->model()->index(row, ManualFrameModel::PreviewColumn).data().toString().contains(QLatin1String("hello from A"))
            && view->model()->index(row, ManualFrameModel::DirectionColumn).data().toString().contains(QLatin1String("received"))) {
            view->setCurrentIndex(view->model()->index(row, 0));
            break;
        }
    }
    QCOMPARE(view->currentIndex().siblingAtColumn(ManualFrameModel::TypeColumn).data().toString(), QStringLiteral("chat.message"));
    const QString detail = child<QPlainTextEdit>(b, "frameDetail")->toPlainText();
    QVERIFY2(detail.contains(QLatin1String("\"text\": \"hello from A\"")), qPrintable(detail));

    // Ping, then close with a chosen code and reason.
    QTest::mouseClick(child<QPushButton>(a, "pingButton"), Qt::LeftButton);
    QTRY_VERIFY(logShows(a, QStringLiteral("received"), QStringLiteral("round trip")));
    child<QComboBox>(a, "closeCode")->setEditText(QStringLiteral("4321"));
    QTest::keyClicks(child<QLineEdit>(a, "closeReason"), QStringLiteral("done"));
    QTest::mouseClick(child<QPushButton>(a, "closeButton"), Qt::LeftButton);
    QTRY_COMPARE(a->connection()->state(), ManualConnection::State::Unconnected);
    QTRY_VERIFY(logShows(a, QStringLiteral("sent"), QStringLiteral("4321 done")));
    QVERIFY(child<QPushButton>(a, "connectButton")->isEnabled());

    // Closing B's tab closes its WebSocket cleanly (1001) before the tab goes.
    QCOMPARE(m_host->server()->stats().openWebSocket, 1);
    QPointer<ManualClientTab> closing(b);
    Q_EMIT panel.findChild<QTabWidget *>(QStringLiteral("manualClientTabs"))->tabCloseRequested(1);
    QCOMPARE(panel.count(), 1);
    QTRY_VERIFY(!closing);
    QTRY_COMPARE(m_host->server()->stats().openWebSocket, 0);
}

void tst_ManualClientPanel::invalidJsonIsRefusedWithAVisibleError()
{
    ManualClientPanel panel;
    panel.setDefaultUrl(QUrl(QStringLiteral("ws://127.0.0.1:%1/ws?channel=json").arg(m_host->port())));
    panel.show();
    ManualClientTab *a = panel.tab(0);
    connectTab(a);
    auto *mode = child<QComboBox>(a, "sendMode");
    QCOMPARE(mode->currentText(), QStringLiteral("JSON"));
    auto *box = child<QPlainTextEdit>(a, "sendBox");
    auto *error = child<QLabel>(a, "sendError");
    typeInto(box, QStringLiteral("{\"type\": \"chat.message\",\n \"payload\": {\"text\": oops}}"));
    // The error shows while typing, with its position...
    QVERIFY2(error->text().contains(QLatin1String("line 2, column")), qPrintable(error->text()));
    // ...and Send refuses the message.
    QTest::mouseClick(child<QPushButton>(a, "sendButton"), Qt::LeftButton);
    QVERIFY2(error->text().startsWith(QLatin1String("Not sent: invalid JSON at line 2, column")), qPrintable(error->text()));
    QVERIFY(error->isVisible());
    QCOMPARE(sentTextFrames(a), 0);
    QVERIFY(a->history().isEmpty());

    // As text the same characters go out.
    mode->setCurrentIndex(0);
    QVERIFY(error->text().isEmpty());
    QTest::mouseClick(child<QPushButton>(a, "sendButton"), Qt::LeftButton);
    QCOMPARE(sentTextFrames(a), 1);
    // The server answers an invalid envelope with an error envelope (DESIGN section 4).
    QTRY_VERIFY(logShows(a, QStringLiteral("received"), QStringLiteral("\"type\":\"error\"")));

    // A bad close code is refused with a message, the connection stays open.
    child<QComboBox>(a, "closeCode")->setEditText(QStringLiteral("1006"));
    QTest::mouseClick(child<QPushButton>(a, "closeButton"), Qt::LeftButton);
    QVERIFY(child<QLabel>(a, "lastError")->text().contains(QLatin1String("1006")));
    QCOMPARE(a->connection()->state(), ManualConnection::State::Open);
}

void tst_ManualClientPanel::savedMessagesPersistAcrossPanels()
{
    const QString text = QStringLiteral(R"({"type":"chat.message","payload":{"text":"saved one"}})");
    {
        ManualClientPanel panel;
        panel.show();
        ManualClientTab *a = panel.tab(0);
        typeInto(child<QPlainTextEdit>(a, "sendBox"), text);
        // The Save button asks for a name in a dialog; answer it like a user would.
        bool answered = false;
        QTimer answer;
        answer.setInterval(20);
        connect(&answer, &QTimer::timeout, this, [&] {
            if (auto *dialog = qobject_cast<QInputDialog *>(QApplication::activeModalWidget())) {
                dialog->setTextValue(QStringLiteral("greeting"));
                dialog->accept();
                answered = true;
                answer.stop();
            }
        });
        answer.start();
        QTest::mouseClick(child<QToolButton>(a, "saveMessage"), Qt::LeftButton);
        QVERIFY(answered);
        // The other tabs see it at once.
        ManualClientTab *b = panel.addTab();
        QCOMPARE(child<QComboBox>(b, "savedMessages")->count(), 1);
    }
    QCOMPARE(QSettings().value(QStringLiteral("manualClient/savedMessages/size")).toInt(), 1);

    ManualClientPanel again;
    again.show();
    ManualClientTab *a = again.tab(0);
    auto *saved = child<QComboBox>(a, "savedMessages");
    QCOMPARE(saved->count(), 1);
    QCOMPARE(saved->itemText(0), QStringLiteral("greeting"));
    child<QComboBox>(a, "sendMode")->setCurrentIndex(0);
    saved->setCurrentIndex(0);
    Q_EMIT saved->activated(0);
    QCOMPARE(child<QPlainTextEdit>(a, "sendBox")->toPlainText(), text);
    QCOMPARE(child<QComboBox>(a, "sendMode")->currentText(), QStringLiteral("JSON"));

    // Deleting it is remembered too.
    QTest::mouseClick(child<QToolButton>(a, "deleteSaved"), Qt::LeftButton);
    QCOMPARE(saved->count(), 0);
    ManualClientPanel third;
    QCOMPARE(child<QComboBox>(third.tab(0), "savedMessages")->count(), 0);
}

void tst_ManualClientPanel::sseTabReceivesAndPublishes()
{
    ManualClientPanel panel;
    panel.setDefaultUrl(QUrl(QStringLiteral("ws://127.0.0.1:%1/ws?channel=mixed").arg(m_host->port())));
    panel.show();
    ManualClientTab *ws = panel.tab(0);
    ManualClientTab *sse = panel.addTab(QStringLiteral("Dashboard"));
    sse->setUrl(QUrl(QStringLiteral("http://127.0.0.1:%1/events?channel=mixed").arg(m_host->port())));
    QCOMPARE(child<QLabel>(sse, "urlProtocol")->text(), QStringLiteral("SSE"));
    connectTab(ws);
    connectTab(sse);
    QVERIFY(!child<QPushButton>(sse, "pingButton")->isEnabled());
    QVERIFY(!child<QLabel>(sse, "sendHint")->isHidden());
    QVERIFY(child<QLabel>(sse, "sendHint")->text().contains(QStringLiteral("http://127.0.0.1:%1/publish").arg(m_host->port())));

    // The WebSocket user's message reaches the stream as an event with its id.
    typeInto(child<QPlainTextEdit>(ws, "sendBox"), QStringLiteral(R"({"type":"chat.message","payload":{"text":"to the dashboard"}})"));
    QTest::mouseClick(child<QPushButton>(ws, "sendButton"), Qt::LeftButton);
    QTRY_VERIFY(logShows(sse, QStringLiteral("received"), QStringLiteral("to the dashboard")));
    QTRY_VERIFY(logShows(sse, QStringLiteral("received"), QStringLiteral("id: 1 ")));

    // The SSE tab's Send publishes beside the stream; both users see it.
    typeInto(child<QPlainTextEdit>(sse, "sendBox"), QStringLiteral(R"({"channel":"mixed","type":"chat.message","payload":{"text":"published"}})"));
    QTest::mouseClick(child<QPushButton>(sse, "sendButton"), Qt::LeftButton);
    QTRY_VERIFY(logShows(sse, QStringLiteral("sent"), QStringLiteral("POST /publish")));
    QTRY_VERIFY(logShows(sse, QStringLiteral("received"), QStringLiteral("HTTP 200")));
    QTRY_VERIFY(logShows(ws, QStringLiteral("received"), QStringLiteral("published")));
    QTRY_VERIFY(logShows(sse, QStringLiteral("received"), QStringLiteral("id: 2 ")));

    // Disconnect ends the stream; Reconnect resumes after the last id.
    QTest::mouseClick(child<QPushButton>(sse, "disconnectButton"), Qt::LeftButton);
    QTRY_COMPARE(sse->connection()->state(), ManualConnection::State::Unconnected);
    QTest::mouseClick(child<QPushButton>(sse, "reconnectButton"), Qt::LeftButton);
    QTRY_COMPARE(sse->connection()->state(), ManualConnection::State::Open);
    QVERIFY(child<QPlainTextEdit>(sse, "handshakeView")->toPlainText().contains(QLatin1String("Last-Event-ID: 2")));
}

void tst_ManualClientPanel::tabsAreNamedAndTheDefaultUrlFollowsTheServer()
{
    ManualClientPanel panel;
    const QUrl first(QStringLiteral("ws://127.0.0.1:1111/ws"));
    panel.setDefaultUrl(first);
    QCOMPARE(panel.count(), 1);
    QCOMPARE(panel.tab(0)->urlText(), first.toString());
    QTest::mouseClick(child<QToolButton>(&panel, "addManualClient"), Qt::LeftButton);
    QTest::mouseClick(child<QToolButton>(&panel, "addManualClient"), Qt::LeftButton);
    QCOMPARE(panel.count(), 3);
    QCOMPARE(panel.tabName(2), QStringLiteral("User C"));
    // A tab whose URL the user changed keeps it; the others follow the server's new port.
    panel.tab(1)->setUrl(QUrl(QStringLiteral("wss://example.org/socket")));
    const QUrl second(QStringLiteral("ws://127.0.0.1:2222/ws"));
    panel.setDefaultUrl(second);
    QCOMPARE(panel.tab(0)->urlText(), second.toString());
    QCOMPARE(panel.tab(1)->urlText(), QStringLiteral("wss://example.org/socket"));
    QCOMPARE(panel.tab(2)->urlText(), second.toString());
    // Closing B frees its name for the next tab.
    auto *tabs = panel.findChild<QTabWidget *>(QStringLiteral("manualClientTabs"));
    Q_EMIT tabs->tabCloseRequested(1);
    QCOMPARE(panel.count(), 2);
    ManualClientTab *added = panel.addTab();
    QCOMPARE(panel.tab(2), added);
    QCOMPARE(panel.tabName(2), QStringLiteral("User B"));

    // A URL the client cannot open is refused with a message naming the problem.
    panel.tab(0)->setUrl(QUrl(QStringLiteral("ftp://127.0.0.1/x")));
    QTest::mouseClick(child<QPushButton>(panel.tab(0), "connectButton"), Qt::LeftButton);
    QVERIFY(child<QLabel>(panel.tab(0), "lastError")->text().contains(QLatin1String("ftp")));
}

void tst_ManualClientPanel::subprotocolsAreOfferedAndTheChoiceLogged()
{
    // Another implementation (Qt's) that speaks chat.v2 only.
    QWebSocketServer server(QStringLiteral("subprotocols"), QWebSocketServer::NonSecureMode);
    server.setSupportedSubprotocols({QStringLiteral("chat.v2")});
    QVERIFY(server.listen(QHostAddress::LocalHost, 0));
    QList<QWebSocket *> accepted;
    connect(&server, &QWebSocketServer::newConnection, &server, [&server, &accepted] {
        while (QWebSocket *socket = server.nextPendingConnection()) {
            socket->setParent(&server);
            accepted.append(socket);
        }
    });

    ManualClientPanel panel;
    panel.resize(1200, 800);
    panel.show();
    ManualClientTab *tab = panel.tab(0);
    tab->setUrl(QUrl(QStringLiteral("ws://127.0.0.1:%1/live").arg(server.serverPort())));
    auto *field = child<QLineEdit>(tab, "subprotocols");
    QVERIFY(field && field->isEnabled());
    // Typed as people type lists: spaces, a repeat.
    QTest::keyClicks(field, QStringLiteral("chat.v1, chat.v2 ,chat.v1"));
    QTest::mouseClick(child<QPushButton>(tab, "connectButton"), Qt::LeftButton);
    QTRY_COMPARE(tab->connection()->state(), ManualConnection::State::Open);

    // Offered in order, once each; the server's choice is the connection's and is in the log.
    auto *handshake = child<QPlainTextEdit>(tab, "handshakeView");
    QVERIFY2(handshake->toPlainText().contains(QLatin1String("Sec-WebSocket-Protocol: chat.v1, chat.v2\n")), qPrintable(handshake->toPlainText()));
    QVERIFY(handshake->toPlainText().contains(QLatin1String("HTTP/1.1 101")));
    QCOMPARE(tab->connection()->subprotocol(), QStringLiteral("chat.v2"));
    QTRY_VERIFY(logShows(tab, QStringLiteral("client"), QStringLiteral("subprotocol \"chat.v2\" chosen by the server")));
    QTRY_COMPARE(accepted.size(), 1);
    QCOMPARE(accepted.first()->subprotocol(), QStringLiteral("chat.v2"));

    // Reconnect opens with the same options: the names are offered again.
    QTest::mouseClick(child<QPushButton>(tab, "reconnectButton"), Qt::LeftButton);
    QTRY_COMPARE(accepted.size(), 2);
    QTRY_COMPARE(tab->connection()->state(), ManualConnection::State::Open);
    QCOMPARE(accepted.last()->subprotocol(), QStringLiteral("chat.v2"));
    QTest::mouseClick(child<QPushButton>(tab, "disconnectButton"), Qt::LeftButton);
    QTRY_COMPARE(tab->connection()->state(), ManualConnection::State::Unconnected);

    // Nothing in common: the server picks none, and the log says so.
    field->setText(QStringLiteral("graphql-transport-ws"));
    QTest::mouseClick(child<QPushButton>(tab, "connectButton"), Qt::LeftButton);
    QTRY_COMPARE(tab->connection()->state(), ManualConnection::State::Open);
    QVERIFY(tab->connection()->subprotocol().isEmpty());
    QTRY_VERIFY(logShows(tab, QStringLiteral("client"), QStringLiteral("chose no subprotocol (offered: graphql-transport-ws)")));
    QTest::mouseClick(child<QPushButton>(tab, "disconnectButton"), Qt::LeftButton);
    QTRY_COMPARE(tab->connection()->state(), ManualConnection::State::Unconnected);

    // A name that is not a token is refused before connecting, with the reason shown.
    field->setText(QStringLiteral("chat v1"));
    QTest::mouseClick(child<QPushButton>(tab, "connectButton"), Qt::LeftButton);
    auto *lastError = child<QLabel>(tab, "lastError");
    QTRY_VERIFY(lastError->isVisible());
    QVERIFY2(lastError->text().contains(QLatin1String("subprotocol \"chat v1\"")), qPrintable(lastError->text()));
    QCOMPARE(tab->connection()->state(), ManualConnection::State::Unconnected);
    QCOMPARE(accepted.size(), 3);

    // An SSE stream has no subprotocols: the field is off for an http:// URL.
    tab->setUrl(QUrl(QStringLiteral("http://127.0.0.1:%1/events").arg(server.serverPort())));
    QVERIFY(!field->isEnabled());
}

void tst_ManualClientPanel::urlQueryGoesOutAsTyped_data()
{
    QTest::addColumn<QString>("typed");      // %1: the port
    QTest::addColumn<QString>("queryToken"); // placed as ?token= when not empty
    QTest::addColumn<QByteArray>("target");
    QTest::addRow("escaped space and two items") << QStringLiteral("ws://127.0.0.1:%1/?room=a%20b&x=1") << QString()
                                                 << QByteArray("/?room=a%20b&x=1");
    QTest::addRow("plus and escaped plus") << QStringLiteral("ws://127.0.0.1:%1/p?q=a+b&r=%2B") << QString()
                                           << QByteArray("/p?q=a+b&r=%2B");
    QTest::addRow("separators inside values") << QStringLiteral("ws://127.0.0.1:%1/?a=1;b=2&c=%3D%26&d==") << QString()
                                              << QByteArray("/?a=1;b=2&c=%3D%26&d==");
    QTest::addRow("token appended, the rest as typed") << QStringLiteral("ws://127.0.0.1:%1/?a=1;b=2&room=a%20b") << QStringLiteral("s t")
                                                       << QByteArray("/?a=1;b=2&room=a%20b&token=s%20t");
    QTest::addRow("typed token gives way") << QStringLiteral("ws://127.0.0.1:%1/?token=old&x=a%20b") << QStringLiteral("new")
                                           << QByteArray("/?x=a%20b&token=new");
    QTest::addRow("sse stream") << QStringLiteral("http://127.0.0.1:%1/events?room=a%20b&x=1") << QString()
                                << QByteArray("/events?room=a%20b&x=1");
}

void tst_ManualClientPanel::urlQueryGoesOutAsTyped()
{
    QFETCH(QString, typed);
    QFETCH(QString, queryToken);
    QFETCH(QByteArray, target);
    // Reads the request line and answers nothing: only what went out matters.
    QTcpServer server;
    QVERIFY(server.listen(QHostAddress::LocalHost, 0));
    QByteArray received;
    connect(&server, &QTcpServer::newConnection, &server, [&server, &received] {
        QTcpSocket *socket = server.nextPendingConnection();
        connect(socket, &QTcpSocket::readyRead, socket, [socket, &received] { received += socket->readAll(); });
    });

    ManualClientPanel panel;
    panel.show();
    ManualClientTab *tab = panel.tab(0);
    auto *url = child<QLineEdit>(tab, "url");
    url->clear();
    QTest::keyClicks(url, typed.arg(server.serverPort()));
    if (!queryToken.isEmpty()) {
        child<QLineEdit>(tab, "token")->setText(queryToken);
        auto *placement = child<QComboBox>(tab, "tokenPlacement");
        placement->setCurrentIndex(placement->findData(int(ManualConnection::TokenPlacement::QueryParameter)));
    }
    QTest::mouseClick(child<QPushButton>(tab, "connectButton"), Qt::LeftButton);
    QTRY_VERIFY(received.contains("\r\n"));
    const QByteArray requestLine = "GET " + target + " HTTP/1.1";
    QCOMPARE(received.left(received.indexOf("\r\n")), requestLine);
    // The handshake view shows the line that went out.
    QTRY_VERIFY(child<QPlainTextEdit>(tab, "handshakeView")->toPlainText().contains(QString::fromLatin1(requestLine)));
    QTest::mouseClick(child<QPushButton>(tab, "disconnectButton"), Qt::LeftButton);
    QTRY_COMPARE(tab->connection()->state(), ManualConnection::State::Unconnected);
}

QTEST_MAIN(tst_ManualClientPanel)
#include "tst_manualclientpanel.moc"
