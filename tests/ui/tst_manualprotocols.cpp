// The manual client's Socket.IO and GraphQL modes through the tab's widgets, against the
// reference servers of tests/external/servers (socket.io 4.8: socketio_chat.mjs; graphql-ws 6:
// graphql_server.mjs): connect, emit with an ack and see its round trip, receive a broadcast,
// subscribe and see `next`, complete an operation; and refusals shown with their reason
// (CONNECT_ERROR "invalid token", close 4403 Forbidden). Every frame of the log shows its decoded
// type. Skipped when node or the npm packages are missing (scripts/install-deps installs them).
#include "manual/graphqlmanualsession.h"
#include "manual/socketiomanualsession.h"
#include "manualclient/graphqlcontrols.h"
#include "manualclient/manualclientpanel.h"
#include "manualclient/manualclienttab.h"
#include "manualclient/manualframemodel.h"
#include "manualclient/socketiocontrols.h"
#include "runsupport.h"

#include <QCheckBox>
#include <QComboBox>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSettings>
#include <QStandardPaths>
#include <QTableView>
#include <QTableWidget>
#include <QTest>

using RunSupport::NodeServer;

namespace {

template<typename W>
W *child(QWidget *parent, const char *name)
{
    W *widget = parent->findChild<W *>(QLatin1String(name));
    if (!widget)
        qWarning("no child %s", name);
    return widget;
}

// The first row of the tab's log (as the user sees it) whose direction contains `direction` and
// whose Type column is `type`; -1 when there is none.
int logRow(ManualClientTab *tab, const QString &direction, const QString &type)
{
    tab->frameModel()->flush();
    const QAbstractItemModel *model = child<QTableView>(tab, "frameLog")->model();
    for (int row = 0; row < model->rowCount(); ++row) {
        if (model->index(row, ManualFrameModel::DirectionColumn).data().toString().contains(direction)
            && model->index(row, ManualFrameModel::TypeColumn).data().toString() == type)
            return row;
    }
    return -1;
}

QString logPreview(ManualClientTab *tab, int row)
{
    return child<QTableView>(tab, "frameLog")->model()->index(row, ManualFrameModel::PreviewColumn).data().toString();
}

void click(QWidget *tab, const char *button)
{
    auto *widget = child<QPushButton>(tab, button);
    QVERIFY(widget);
    QVERIFY2(widget->isEnabled(), button);
    QTest::mouseClick(widget, Qt::LeftButton);
}

} // namespace

class tst_ManualProtocols : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void socketIoConnectEmitAndAck_data();
    void socketIoConnectEmitAndAck();
    void socketIoRejectedTokenShowsTheReason();
    void graphQlSubscribeNextAndComplete();
    void graphQlForbiddenShowsTheCloseCode();
    void protocolIsFixedWhileConnected();
};

void tst_ManualProtocols::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QCoreApplication::setOrganizationName(QStringLiteral("SocketScopeManualProtocolsTest"));
    QSettings().clear();
}

void tst_ManualProtocols::socketIoConnectEmitAndAck_data()
{
    QTest::addColumn<int>("transport");
    QTest::addRow("polling then websocket") << int(SocketIoManualSession::Transport::PollingUpgrade);
    QTest::addRow("websocket") << int(SocketIoManualSession::Transport::WebSocket);
    QTest::addRow("polling") << int(SocketIoManualSession::Transport::Polling);
}

void tst_ManualProtocols::socketIoConnectEmitAndAck()
{
    QFETCH(int, transport);
    NodeServer server(QStringLiteral("socketio_chat.mjs"));
    if (server.port() == 0)
        QSKIP("node or the npm packages of tests/external are missing (scripts/install-deps)");

    ManualClientPanel panel;
    panel.resize(1200, 700);
    panel.show();
    ManualClientTab *tab = panel.currentTab();
    QVERIFY(tab->setProtocol(ManualClientTab::Protocol::SocketIo));
    QVERIFY(!child<QWidget>(tab, "sendGroup")->isVisibleTo(tab));
    tab->setUrl(QUrl(QStringLiteral("http://127.0.0.1:%1").arg(server.port())));
    auto *transportBox = child<QComboBox>(tab, "socketIoTransport");
    transportBox->setCurrentIndex(transportBox->findData(transport));

    click(tab, "connectButton");
    QTRY_COMPARE_WITH_TIMEOUT(tab->state(), ManualConnection::State::Open, 10000);
    // The handshake pane has Engine.IO's open packet and the CONNECT's answer.
    const QString handshake = child<QPlainTextEdit>(tab, "handshakeView")->toPlainText();
    QVERIFY2(handshake.contains(QStringLiteral("sid: ")), qPrintable(handshake));
    QVERIFY2(handshake.contains(QStringLiteral("CONNECT / accepted: {\"sid\":")), qPrintable(handshake));
    QVERIFY(logRow(tab, QStringLiteral("received"), QStringLiteral("open")) >= 0);
    QVERIFY(logRow(tab, QStringLiteral("sent"), QStringLiteral("CONNECT")) >= 0);
    QVERIFY(logRow(tab, QStringLiteral("received"), QStringLiteral("CONNECT")) >= 0);
    if (transport == int(SocketIoManualSession::Transport::PollingUpgrade)) {
        // Engine.IO "Upgrade": the probe and the upgrade packet, decoded.
        QTRY_VERIFY_WITH_TIMEOUT(logRow(tab, QStringLiteral("sent"), QStringLiteral("upgrade")) >= 0, 10000);
        QVERIFY(logRow(tab, QStringLiteral("sent"), QStringLiteral("ping")) >= 0);
        QVERIFY(logRow(tab, QStringLiteral("received"), QStringLiteral("pong")) >= 0);
        QCOMPARE(tab->socketIo()->session()->transportName(), QStringLiteral("websocket"));
    }

    // echo with an ack: the ack comes back with the arguments and its round trip.
    child<QLineEdit>(tab, "socketIoEvent")->setText(QStringLiteral("echo"));
    child<QPlainTextEdit>(tab, "socketIoArgs")->setPlainText(QStringLiteral("[{\"text\": \"hi\"}, 7]"));
    child<QCheckBox>(tab, "socketIoAck")->setChecked(true);
    click(tab, "socketIoEmit");
    auto *lastAck = child<QLabel>(tab, "socketIoLastAck");
    QTRY_VERIFY_WITH_TIMEOUT(lastAck->text().startsWith(QStringLiteral("ACK 0 after ")), 10000);
    QVERIFY2(lastAck->text().endsWith(QStringLiteral(" ms: [{\"text\":\"hi\"},7]")), qPrintable(lastAck->text()));
    const int sent = logRow(tab, QStringLiteral("sent"), QStringLiteral("EVENT \"echo\" (id 0)"));
    QVERIFY(sent >= 0);
    QCOMPARE(logPreview(tab, sent), QStringLiteral("420[\"echo\",{\"text\":\"hi\"},7]"));
    const int ack = logRow(tab, QStringLiteral("received"), QStringLiteral("ACK 0"));
    QVERIFY(ack >= 0);
    QVERIFY2(logPreview(tab, ack).startsWith(QStringLiteral("430[{\"text\":\"hi\"},7] (round trip ")), qPrintable(logPreview(tab, ack)));
    QCOMPARE(tab->socketIo()->session()->pendingAcks(), 0);

    // chat without an ack: the server broadcasts it to the namespace, this socket included.
    child<QLineEdit>(tab, "socketIoEvent")->setText(QStringLiteral("chat"));
    child<QPlainTextEdit>(tab, "socketIoArgs")->setPlainText(QStringLiteral("[{\"text\": \"hello all\"}]"));
    child<QCheckBox>(tab, "socketIoAck")->setChecked(false);
    click(tab, "socketIoEmit");
    QTRY_VERIFY_WITH_TIMEOUT(logRow(tab, QStringLiteral("received"), QStringLiteral("EVENT \"chat\"")) >= 0, 10000);
    QVERIFY(logRow(tab, QStringLiteral("sent"), QStringLiteral("EVENT \"chat\"")) >= 0);

    // Arguments that are not an array are refused before anything is sent.
    child<QPlainTextEdit>(tab, "socketIoArgs")->setPlainText(QStringLiteral("{\"text\": 1}"));
    QVERIFY(!tab->socketIo()->emitEvent());
    QVERIFY(child<QLabel>(tab, "socketIoEmitError")->text().contains(QStringLiteral("must be a JSON array")));

    click(tab, "disconnectButton");
    QCOMPARE(tab->state(), ManualConnection::State::Unconnected);
    QVERIFY(logRow(tab, QStringLiteral("sent"), QStringLiteral("DISCONNECT")) >= 0);
    QTRY_COMPARE_WITH_TIMEOUT(server.getJson("/stats").value(QLatin1String("connections")).toObject()
                                  .value(QLatin1String("/")).toObject().value(QLatin1String("current")).toInt(), 0, 10000);
}

void tst_ManualProtocols::socketIoRejectedTokenShowsTheReason()
{
    NodeServer server(QStringLiteral("socketio_chat.mjs"), {QStringLiteral("--token"), QStringLiteral("letmein")});
    if (server.port() == 0)
        QSKIP("node or the npm packages of tests/external are missing (scripts/install-deps)");
    ManualClientPanel panel;
    ManualClientTab *tab = panel.currentTab();
    QVERIFY(tab->setProtocol(ManualClientTab::Protocol::SocketIo));
    tab->setUrl(QUrl(QStringLiteral("ws://127.0.0.1:%1/socket.io/").arg(server.port())));
    child<QComboBox>(tab, "socketIoTransport")->setCurrentIndex(1); // WebSocket only
    child<QLineEdit>(tab, "socketIoNamespace")->setText(QStringLiteral("/secure"));
    child<QPlainTextEdit>(tab, "socketIoAuth")->setPlainText(QStringLiteral("{\"token\": \"wrong\"}"));

    click(tab, "connectButton");
    auto *lastError = child<QLabel>(tab, "lastError");
    QTRY_VERIFY_WITH_TIMEOUT(lastError->text().contains(QStringLiteral("invalid token")), 10000);
    QVERIFY(!lastError->isHidden());
    QCOMPARE(lastError->text(), QStringLiteral("CONNECT_ERROR: invalid token"));
    QCOMPARE(tab->state(), ManualConnection::State::Unconnected);
    QVERIFY(child<QPlainTextEdit>(tab, "handshakeView")->toPlainText().contains(QStringLiteral("CONNECT_ERROR from /secure: invalid token")));
    const int refused = logRow(tab, QStringLiteral("received"), QStringLiteral("CONNECT_ERROR /secure"));
    QVERIFY(refused >= 0);
    QVERIFY(logPreview(tab, refused).contains(QStringLiteral("invalid token")));
    QCOMPARE(server.getJson("/stats").value(QLatin1String("connectErrors")).toInt(), 1);

    // The right token gets in.
    child<QPlainTextEdit>(tab, "socketIoAuth")->setPlainText(QStringLiteral("{\"token\": \"letmein\"}"));
    click(tab, "connectButton");
    QTRY_COMPARE_WITH_TIMEOUT(tab->state(), ManualConnection::State::Open, 10000);
    QVERIFY(lastError->isHidden());
    QCOMPARE(tab->socketIo()->session()->options().nameSpace, QStringLiteral("/secure"));
}

void tst_ManualProtocols::graphQlSubscribeNextAndComplete()
{
    NodeServer server(QStringLiteral("graphql_server.mjs"));
    if (server.port() == 0)
        QSKIP("node or the npm packages of tests/external are missing (scripts/install-deps)");
    ManualClientPanel panel;
    panel.resize(1200, 700);
    panel.show();
    ManualClientTab *tab = panel.currentTab();
    QVERIFY(tab->setProtocol(ManualClientTab::Protocol::GraphQl));
    tab->setUrl(QUrl(QStringLiteral("ws://127.0.0.1:%1/graphql").arg(server.port())));

    click(tab, "connectButton");
    QTRY_COMPARE_WITH_TIMEOUT(tab->state(), ManualConnection::State::Open, 10000);
    QVERIFY(tab->graphQl()->session()->isAcknowledged());
    QCOMPARE(tab->graphQl()->session()->subprotocol(), QStringLiteral("graphql-transport-ws"));
    QVERIFY(logRow(tab, QStringLiteral("sent"), QStringLiteral("connection_init")) >= 0);
    QVERIFY(logRow(tab, QStringLiteral("received"), QStringLiteral("connection_ack")) >= 0);
    const QString handshake = child<QPlainTextEdit>(tab, "handshakeView")->toPlainText();
    QVERIFY2(handshake.contains(QStringLiteral("Sec-WebSocket-Protocol: graphql-transport-ws")), qPrintable(handshake));
    QVERIFY2(handshake.contains(QStringLiteral("connection_ack")), qPrintable(handshake));

    // A subscription with variables: `next` results arrive under its id.
    child<QPlainTextEdit>(tab, "graphQlQuery")->setPlainText(QStringLiteral("subscription Ticks($every: Int!) {\n  ticks(every: $every) { n at }\n}"));
    child<QPlainTextEdit>(tab, "graphQlVariables")->setPlainText(QStringLiteral("{\"every\": 30}"));
    child<QLineEdit>(tab, "graphQlOperationName")->setText(QStringLiteral("Ticks"));
    click(tab, "graphQlSubscribe");
    QTableWidget *operations = tab->graphQl()->operationsTable();
    QCOMPARE(operations->rowCount(), 1);
    QCOMPARE(operations->item(0, GraphQlControls::IdColumn)->text(), QStringLiteral("1"));
    QCOMPARE(operations->item(0, GraphQlControls::NameColumn)->text(), QStringLiteral("Ticks"));
    QTRY_VERIFY_WITH_TIMEOUT(operations->item(0, GraphQlControls::ResultsColumn)->text().toInt() >= 3, 10000);
    QVERIFY(operations->item(0, GraphQlControls::PayloadColumn)->text().startsWith(QStringLiteral("{\"data\":{\"ticks\":{\"at\":")));
    const int next = logRow(tab, QStringLiteral("received"), QStringLiteral("next 1"));
    QVERIFY(next >= 0);
    QVERIFY(logPreview(tab, next).contains(QStringLiteral("\"ticks\"")));
    // The whole frame as sent (the log's preview column simplifies and shortens it).
    QByteArray subscribe;
    for (int row = 0; row < tab->frameModel()->rowCount(); ++row) {
        const ManualFrame &frame = tab->frameModel()->frame(row);
        if (frame.direction == ManualFrame::Direction::Sent && frame.messageType == QStringLiteral("subscribe 1"))
            subscribe = frame.payload;
    }
    QCOMPARE(subscribe, QByteArray(R"({"type":"subscribe","id":"1","payload":{"operationName":"Ticks",)"
                                   R"("query":"subscription Ticks($every: Int!) {\n  ticks(every: $every) { n at }\n}",)"
                                   R"("variables":{"every":30}}})"));

    // A query: one result, then the server completes it.
    child<QPlainTextEdit>(tab, "graphQlQuery")->setPlainText(QStringLiteral("query { echo(text: \"hi\") }"));
    child<QPlainTextEdit>(tab, "graphQlVariables")->clear();
    child<QLineEdit>(tab, "graphQlOperationName")->clear();
    click(tab, "graphQlSubscribe");
    QCOMPARE(operations->rowCount(), 2);
    QTRY_COMPARE_WITH_TIMEOUT(operations->item(1, GraphQlControls::StatusColumn)->text(), QStringLiteral("completed"), 10000);
    QCOMPARE(operations->item(1, GraphQlControls::PayloadColumn)->text(), QStringLiteral("{\"data\":{\"echo\":\"hi\"}}"));
    QVERIFY(logRow(tab, QStringLiteral("received"), QStringLiteral("complete 2")) >= 0);

    // Complete the running subscription from the table.
    operations->selectRow(0);
    click(tab, "graphQlComplete");
    QCOMPARE(operations->item(0, GraphQlControls::StatusColumn)->text(), GraphQlManualSession::statusName(GraphQlManualSession::Operation::Status::Cancelled));
    QVERIFY(logRow(tab, QStringLiteral("sent"), QStringLiteral("complete 1")) >= 0);
    QTRY_COMPARE_WITH_TIMEOUT(RunSupport::stat(server.getJson("/stats"), "activeSubscriptions"), quint64(0), 10000);

    // An invalid query: the error comes back under its id.
    child<QPlainTextEdit>(tab, "graphQlQuery")->setPlainText(QStringLiteral("{ nope }"));
    click(tab, "graphQlSubscribe");
    QTRY_COMPARE_WITH_TIMEOUT(operations->item(2, GraphQlControls::StatusColumn)->text(), QStringLiteral("error"), 10000);
    QVERIFY(logRow(tab, QStringLiteral("received"), QStringLiteral("error 3")) >= 0);

    // graphql-ws's own ping: the pong shows its round trip.
    click(tab, "graphQlPing");
    QTRY_VERIFY_WITH_TIMEOUT(logRow(tab, QStringLiteral("received"), QStringLiteral("pong")) >= 0, 10000);
    QVERIFY(logPreview(tab, logRow(tab, QStringLiteral("received"), QStringLiteral("pong"))).contains(QStringLiteral("round trip")));

    click(tab, "disconnectButton");
    QTRY_COMPARE_WITH_TIMEOUT(tab->state(), ManualConnection::State::Unconnected, 10000);
    QVERIFY(child<QLabel>(tab, "lastError")->isHidden());
}

void tst_ManualProtocols::graphQlForbiddenShowsTheCloseCode()
{
    NodeServer server(QStringLiteral("graphql_server.mjs"), {QStringLiteral("--token"), QStringLiteral("X")});
    if (server.port() == 0)
        QSKIP("node or the npm packages of tests/external are missing (scripts/install-deps)");
    ManualClientPanel panel;
    ManualClientTab *tab = panel.currentTab();
    QVERIFY(tab->setProtocol(ManualClientTab::Protocol::GraphQl));
    tab->setUrl(QUrl(QStringLiteral("ws://127.0.0.1:%1/graphql").arg(server.port())));
    child<QPlainTextEdit>(tab, "graphQlInit")->setPlainText(QStringLiteral("{\"token\": \"wrong\"}"));
    click(tab, "connectButton");
    auto *lastError = child<QLabel>(tab, "lastError");
    QTRY_VERIFY_WITH_TIMEOUT(lastError->text().contains(QStringLiteral("4403")), 10000);
    QVERIFY2(lastError->text().contains(QStringLiteral("4403 Forbidden")), qPrintable(lastError->text()));
    QCOMPARE(tab->state(), ManualConnection::State::Unconnected);
    QVERIFY(!tab->graphQl()->session()->isAcknowledged());
    // The Close frame's row shows the code's meaning in its type column.
    QVERIFY(logRow(tab, QStringLiteral("received"), QStringLiteral("Forbidden")) >= 0);
    QVERIFY(child<QPlainTextEdit>(tab, "handshakeView")->toPlainText().contains(QStringLiteral("closed 4403 Forbidden")));
    QCOMPARE(RunSupport::stat(server.getJson("/stats"), "rejected"), quint64(1));

    // The right token is acknowledged.
    child<QPlainTextEdit>(tab, "graphQlInit")->setPlainText(QStringLiteral("{\"token\": \"X\"}"));
    click(tab, "connectButton");
    QTRY_COMPARE_WITH_TIMEOUT(tab->state(), ManualConnection::State::Open, 10000);
}

void tst_ManualProtocols::protocolIsFixedWhileConnected()
{
    NodeServer server(QStringLiteral("graphql_server.mjs"));
    if (server.port() == 0)
        QSKIP("node or the npm packages of tests/external are missing (scripts/install-deps)");
    ManualClientPanel panel;
    ManualClientTab *tab = panel.currentTab();
    const QString webSocketUrl = tab->urlText();
    QVERIFY(tab->setProtocol(ManualClientTab::Protocol::GraphQl));
    QCOMPARE(tab->urlText(), QString()); // each protocol keeps its own URL
    tab->setUrl(QUrl(QStringLiteral("ws://127.0.0.1:%1/graphql").arg(server.port())));
    click(tab, "connectButton");
    QTRY_COMPARE_WITH_TIMEOUT(tab->state(), ManualConnection::State::Open, 10000);
    QVERIFY(!child<QComboBox>(tab, "protocol")->isEnabled());
    QVERIFY(!tab->setProtocol(ManualClientTab::Protocol::WebSocket));
    click(tab, "disconnectButton");
    QTRY_COMPARE_WITH_TIMEOUT(tab->state(), ManualConnection::State::Unconnected, 10000);
    QVERIFY(tab->setProtocol(ManualClientTab::Protocol::WebSocket));
    QCOMPARE(tab->urlText(), webSocketUrl);
    QVERIFY(child<QWidget>(tab, "sendGroup")->isVisibleTo(tab));
}

QTEST_MAIN(tst_ManualProtocols)
#include "tst_manualprotocols.moc"
