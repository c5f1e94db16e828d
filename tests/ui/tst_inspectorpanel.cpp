// The message inspector against real traffic: the window's embedded server with the tap
// attached, real QWebSocket clients and HTTP publishes; what they send shows up in the table,
// filters narrow it to exactly the expected frames, following a connection shows only it,
// pause stops new rows, export writes the selected frames.
#include "inspect/frametap.h"
#include "inspector/frametablemodel.h"
#include "inspector/inspectorpanel.h"
#include "scenario/runner.h"
#include "scenario/scenarioloader.h"
#include "server/server.h"
#include "server/serverconfig.h"
#include "session/embeddedserverhost.h"

#include <QCheckBox>
#include <QComboBox>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QWebSocket>

#include <memory>

namespace {

struct Row
{
    FrameRecord::Direction direction;
    quint64 connection;
    QString type;
    QByteArray payload;
};

QList<Row> rowsOf(const FrameTableModel &model)
{
    QList<Row> rows;
    for (int i = 0; i < model.rowCount(); ++i) {
        const FrameRecord &frame = model.frameAt(i);
        rows.append({frame.direction, frame.connectionId, frame.type, frame.payload});
    }
    return rows;
}

int countContaining(const FrameTableModel &model, const QByteArray &marker)
{
    int count = 0;
    for (const Row &row : rowsOf(model))
        count += row.payload.contains(marker) ? 1 : 0;
    return count;
}

// A WebSocket client of the embedded server that remembers what it received.
class Client
{
public:
    explicit Client(quint16 port)
    {
        QObject::connect(&socket, &QWebSocket::textMessageReceived, &socket,
                         [this](const QString &text) { received.append(text); });
        socket.open(QUrl(QStringLiteral("ws://127.0.0.1:%1/ws?channel=general").arg(port)));
    }
    bool waitOpen()
    {
        if (socket.state() != QAbstractSocket::ConnectedState) {
            QSignalSpy connected(&socket, &QWebSocket::connected);
            if (!connected.wait(5000))
                return false;
        }
        // The welcome tells us the session is subscribed.
        return QTest::qWaitFor([this] { return !received.isEmpty(); }, 5000);
    }
    bool echo(const QString &text)
    {
        const qsizetype before = received.size();
        socket.sendTextMessage(QStringLiteral(R"({"type":"echo","payload":{"text":"%1"}})").arg(text));
        return QTest::qWaitFor([&] {
            for (qsizetype i = before; i < received.size(); ++i) {
                if (received[i].contains(text))
                    return true;
            }
            return false;
        }, 5000);
    }
    bool waitFor(const QString &text)
    {
        return QTest::qWaitFor([&] {
            for (const QString &message : std::as_const(received)) {
                if (message.contains(text))
                    return true;
            }
            return false;
        }, 5000);
    }
    QString label() const { return QStringLiteral("127.0.0.1:%1").arg(socket.localPort()); }

    QWebSocket socket;
    QStringList received;
};

} // namespace

class TestInspectorPanel : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();
    void framesFromRealTrafficShowUp();
    void textRegexTypeAndConnectionFiltersNarrowTheRows();
    void invalidRegexIsSaidAndIgnored();
    void followingOneConnectionShowsOnlyIt();
    void pauseStopsNewRows();
    void exportWritesTheSelectedFrames();
    void fullRingCountsDroppedFrames();
    void detailPanePrettyPrintsTheMessage();
    void tableStaysWithinCapacity();
    void simulatedClientsOfAUrlTargetAreTapped();

private:
    quint64 connectionIdOf(const Client &client) const;
    bool publish(const QString &type, const QString &text);
    void setFilterText(const QString &text, bool regex);
    void applyFilterText(const QString &text, bool regex);

    std::unique_ptr<EmbeddedServerHost> m_host;
    std::shared_ptr<FrameTap> m_tap;
    std::unique_ptr<InspectorPanel> m_panel;
    std::unique_ptr<Client> m_a;
    std::unique_ptr<Client> m_b;
    QNetworkAccessManager m_network;
};

void TestInspectorPanel::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QCoreApplication::setOrganizationName(QStringLiteral("SocketScopeTests"));
    m_host = std::make_unique<EmbeddedServerHost>();
    ServerConfig config;
    config.port = 0;
    QVERIFY2(m_host->start(config), qPrintable(m_host->errorString()));
}

void TestInspectorPanel::init()
{
    m_tap = std::make_shared<FrameTap>();
    m_panel = std::make_unique<InspectorPanel>(m_tap);
    m_panel->resize(1100, 600);
    m_panel->show();
    m_panel->watchServerHost(m_host.get());
    m_panel->setActive(true);
    m_a = std::make_unique<Client>(m_host->port());
    m_b = std::make_unique<Client>(m_host->port());
    QVERIFY(m_a->waitOpen());
    QVERIFY(m_b->waitOpen());
    // Both welcomes were tapped before they were sent.
    m_panel->refresh();
    QTRY_VERIFY(connectionIdOf(*m_a) != 0 && connectionIdOf(*m_b) != 0);
    m_panel->clear();
}

void TestInspectorPanel::cleanup()
{
    m_a.reset();
    m_b.reset();
    m_panel.reset();
    if (m_host->server())
        m_host->server()->setFrameTap(nullptr);
    m_tap.reset();
}

quint64 TestInspectorPanel::connectionIdOf(const Client &client) const
{
    for (const FrameConnection &connection : m_tap->connections()) {
        if (connection.label == client.label())
            return connection.id;
    }
    return 0;
}

bool TestInspectorPanel::publish(const QString &type, const QString &text)
{
    QNetworkRequest request(QUrl(QStringLiteral("http://127.0.0.1:%1/publish").arg(m_host->port())));
    request.setHeader(QNetworkRequest::ContentTypeHeader, QStringLiteral("application/json"));
    const QByteArray body = QJsonDocument(QJsonObject{{QStringLiteral("channel"), QStringLiteral("general")},
                                                      {QStringLiteral("type"), type},
                                                      {QStringLiteral("payload"), QJsonObject{{QStringLiteral("text"), text}}}})
                                .toJson(QJsonDocument::Compact);
    std::unique_ptr<QNetworkReply> reply(m_network.post(request, body));
    QSignalSpy finished(reply.get(), &QNetworkReply::finished);
    if (!finished.wait(5000) || reply->error() != QNetworkReply::NoError)
        return false;
    return m_a->waitFor(text) && m_b->waitFor(text);
}

void TestInspectorPanel::setFilterText(const QString &text, bool regex)
{
    auto *regexBox = m_panel->findChild<QCheckBox *>(QStringLiteral("inspectorRegex"));
    auto *edit = m_panel->findChild<QLineEdit *>(QStringLiteral("inspectorFilterText"));
    QVERIFY(regexBox && edit);
    regexBox->setChecked(regex);
    edit->setText(text);
}

void TestInspectorPanel::applyFilterText(const QString &text, bool regex)
{
    setFilterText(text, regex);
    // The filter applies after a short typing pause, then runs over the stored frames.
    FrameTableModel *model = m_panel->model();
    QTRY_VERIFY(model->filter().text() == text && model->filter().isRegularExpression() == regex);
    QTRY_VERIFY(!model->isFiltering());
}

void TestInspectorPanel::framesFromRealTrafficShowUp()
{
    FrameTableModel *model = m_panel->model();
    QCOMPARE(model->rowCount(), 0);
    QVERIFY(m_a->echo(QStringLiteral("alpha-1")));
    QVERIFY(publish(QStringLiteral("chat.message"), QStringLiteral("fanout-1")));

    // The echo: in and out on a's connection; the publish: its POST and one frame per subscriber.
    QTRY_COMPARE(countContaining(*model, "alpha-1"), 2);
    QTRY_COMPARE(countContaining(*model, "fanout-1"), 3);
    const quint64 a = connectionIdOf(*m_a);
    const quint64 b = connectionIdOf(*m_b);
    int echoIn = 0, echoOut = 0, fanoutA = 0, fanoutB = 0, posts = 0;
    for (const Row &row : rowsOf(*model)) {
        if (row.payload.contains("alpha-1")) {
            QCOMPARE(row.connection, a);
            QCOMPARE(row.type, QStringLiteral("echo"));
            (row.direction == FrameRecord::Direction::ClientToServer ? echoIn : echoOut)++;
        } else if (row.payload.contains("fanout-1")) {
            QCOMPARE(row.type, QStringLiteral("chat.message"));
            if (row.direction == FrameRecord::Direction::ClientToServer)
                ++posts;
            else if (row.connection == a)
                ++fanoutA;
            else if (row.connection == b)
                ++fanoutB;
        }
    }
    QCOMPARE(echoIn, 1);
    QCOMPARE(echoOut, 1);
    QCOMPARE(posts, 1);
    QCOMPARE(fanoutA, 1);
    QCOMPARE(fanoutB, 1);

    // The table shows them: time, direction, connection, protocol, channel, type, size, message.
    int row = -1;
    for (int i = 0; i < model->rowCount(); ++i) {
        if (model->frameAt(i).payload.contains("fanout-1") && model->frameAt(i).connectionId == b)
            row = i;
    }
    QVERIFY(row >= 0);
    const auto cell = [&](int column) { return model->index(row, column).data().toString(); };
    QVERIFY(cell(FrameTableModel::TimeColumn).contains(QLatin1Char(':')));
    QVERIFY(cell(FrameTableModel::DirectionColumn).contains(QStringLiteral("to client")));
    QCOMPARE(cell(FrameTableModel::ConnectionColumn), QStringLiteral("#%1 %2").arg(b).arg(m_b->label()));
    QCOMPARE(cell(FrameTableModel::ProtocolColumn), QStringLiteral("WS"));
    QCOMPARE(cell(FrameTableModel::ChannelColumn), QStringLiteral("general"));
    QCOMPARE(cell(FrameTableModel::TypeColumn), QStringLiteral("chat.message"));
    QCOMPARE(cell(FrameTableModel::SizeColumn).remove(QLatin1Char(',')).toLongLong(), model->frameAt(row).size);
    QVERIFY(cell(FrameTableModel::PreviewColumn).contains(QStringLiteral("fanout-1")));
    QVERIFY(m_panel->findChild<QLabel *>(QStringLiteral("inspectorDropped"))->text().endsWith(QStringLiteral(": 0")));
}

void TestInspectorPanel::textRegexTypeAndConnectionFiltersNarrowTheRows()
{
    FrameTableModel *model = m_panel->model();
    QVERIFY(m_a->echo(QStringLiteral("alpha-1")));
    QVERIFY(m_b->echo(QStringLiteral("alpha-2")));
    QVERIFY(m_b->echo(QStringLiteral("beta-1")));
    QVERIFY(publish(QStringLiteral("chat.message"), QStringLiteral("gamma-1")));
    QVERIFY(publish(QStringLiteral("roster.join"), QStringLiteral("gamma-2")));
    QTRY_COMPARE(countContaining(*model, "gamma-2"), 3);
    QTRY_COMPARE(countContaining(*model, "beta-1"), 2);
    const int all = model->rowCount();
    QCOMPARE(all, 2 + 2 + 2 + 3 + 3);

    // Text (case-insensitive): both alpha echoes, in and out.
    applyFilterText(QStringLiteral("ALPHA"), false);
    QTRY_COMPARE(model->rowCount(), 4);
    for (const Row &row : rowsOf(*model))
        QVERIFY(row.payload.contains("alpha-"));

    // A regular expression: alpha-2 or beta-1, i.e. b's echoes only.
    applyFilterText(QStringLiteral("alpha-2|beta-\\d"), true);
    QTRY_COMPARE(model->rowCount(), 4);
    const quint64 b = connectionIdOf(*m_b);
    for (const Row &row : rowsOf(*model)) {
        QCOMPARE(row.connection, b);
        QVERIFY(row.payload.contains("alpha-2") || row.payload.contains("beta-1"));
    }

    // Type: exact, then a family.
    applyFilterText(QString(), false);
    auto *type = m_panel->findChild<QComboBox *>(QStringLiteral("inspectorTypeFilter"));
    QVERIFY(type);
    QTRY_VERIFY(type->findText(QStringLiteral("roster.join")) >= 0); // offered from what was seen
    type->setEditText(QStringLiteral("chat.message"));
    QTRY_COMPARE(model->rowCount(), 3);
    for (const Row &row : rowsOf(*model)) {
        QCOMPARE(row.type, QStringLiteral("chat.message"));
        QVERIFY(row.payload.contains("gamma-1"));
    }
    type->setEditText(QStringLiteral("roster.*"));
    QTRY_COMPARE(model->filter().type(), QStringLiteral("roster."));
    QTRY_COMPARE(model->rowCount(), 3);
    for (const Row &row : rowsOf(*model))
        QCOMPARE(row.type, QStringLiteral("roster.join"));
    type->setEditText(QString());
    QTRY_COMPARE(model->rowCount(), all);

    // Connection: a's frames only (its echo and the two fan-outs it received).
    auto *connection = m_panel->findChild<QComboBox *>(QStringLiteral("inspectorConnectionFilter"));
    QVERIFY(connection);
    const quint64 a = connectionIdOf(*m_a);
    const int index = connection->findData(QVariant::fromValue(a));
    QVERIFY(index > 0);
    QVERIFY(connection->itemText(index).contains(m_a->label()));
    connection->setCurrentIndex(index);
    Q_EMIT connection->activated(index);
    QTRY_COMPARE(model->rowCount(), 4);
    for (const Row &row : rowsOf(*model))
        QCOMPARE(row.connection, a);

    // Filters combine: a's connection and "gamma".
    applyFilterText(QStringLiteral("gamma"), false);
    QTRY_COMPARE(model->rowCount(), 2);

    // New frames are filtered as they arrive.
    QVERIFY(publish(QStringLiteral("chat.message"), QStringLiteral("gamma-3")));
    QTRY_COMPARE(model->rowCount(), 3);
    QVERIFY(m_b->echo(QStringLiteral("gamma-4"))); // b's: not shown
    QVERIFY(m_a->echo(QStringLiteral("delta-1"))); // a's, no gamma: not shown
    QVERIFY(m_a->echo(QStringLiteral("gamma-5")));
    QTRY_COMPARE(model->rowCount(), 5);
    QCOMPARE(countContaining(*model, "gamma-4"), 0);
    QCOMPARE(countContaining(*model, "delta-1"), 0);
}

void TestInspectorPanel::invalidRegexIsSaidAndIgnored()
{
    FrameTableModel *model = m_panel->model();
    QVERIFY(m_a->echo(QStringLiteral("alpha-1")));
    QTRY_COMPARE(model->rowCount(), 2);
    setFilterText(QStringLiteral("alpha-("), true);
    auto *error = m_panel->findChild<QLabel *>(QStringLiteral("inspectorFilterError"));
    QVERIFY(error);
    QTRY_VERIFY(error->isVisible());
    QVERIFY2(error->text().contains(QStringLiteral("regular expression")), qPrintable(error->text()));
    QCOMPARE(model->rowCount(), 2); // the last working filter stays
    applyFilterText(QStringLiteral("alpha-\\d"), true);
    QVERIFY(!error->isVisible());
    QCOMPARE(model->rowCount(), 2);
}

void TestInspectorPanel::followingOneConnectionShowsOnlyIt()
{
    FrameTableModel *model = m_panel->model();
    const quint64 b = connectionIdOf(*m_b);
    auto *follow = m_panel->findChild<QComboBox *>(QStringLiteral("inspectorFollow"));
    QVERIFY(follow);
    const int index = follow->findData(QVariant::fromValue(b));
    QVERIFY(index > 0);
    follow->setCurrentIndex(index);
    Q_EMIT follow->activated(index);
    QCOMPARE(m_panel->followedConnection(), b);
    QCOMPARE(m_tap->mode(), FrameTap::Mode::Follow);

    QVERIFY(m_a->echo(QStringLiteral("from-a-1")));
    QVERIFY(m_b->echo(QStringLiteral("from-b-1")));
    QVERIFY(publish(QStringLiteral("chat.message"), QStringLiteral("to-both-1")));
    QVERIFY(m_a->echo(QStringLiteral("from-a-2")));
    QVERIFY(m_b->echo(QStringLiteral("from-b-2")));
    // Every frame reached the tap before the clients got their answers.
    m_panel->refresh();
    QCOMPARE(model->rowCount(), 5); // b: echo in/out twice, its copy of the fan-out
    for (const Row &row : rowsOf(*model))
        QCOMPARE(row.connection, b);
    QCOMPARE(countContaining(*model, "from-a"), 0);
    QCOMPARE(countContaining(*model, "to-both-1"), 1);

    // Back to a sample of everything.
    follow->setCurrentIndex(0);
    Q_EMIT follow->activated(0);
    QCOMPARE(m_tap->mode(), FrameTap::Mode::SampleAll);
    QVERIFY(m_a->echo(QStringLiteral("from-a-3")));
    QTRY_COMPARE(countContaining(*model, "from-a-3"), 2);
}

void TestInspectorPanel::pauseStopsNewRows()
{
    FrameTableModel *model = m_panel->model();
    QVERIFY(m_a->echo(QStringLiteral("before-pause")));
    QTRY_COMPARE(model->rowCount(), 2);
    auto *pause = m_panel->findChild<QPushButton *>(QStringLiteral("inspectorPause"));
    QVERIFY(pause);
    pause->click();
    QVERIFY(m_panel->isPaused());
    QCOMPARE(m_tap->mode(), FrameTap::Mode::Off);
    QCOMPARE(pause->text(), QStringLiteral("Resume"));

    QVERIFY(m_a->echo(QStringLiteral("while-paused")));
    QVERIFY(publish(QStringLiteral("chat.message"), QStringLiteral("while-paused-2")));
    m_panel->refresh();
    QCOMPARE(model->rowCount(), 2);
    QCOMPARE(countContaining(*model, "while-paused"), 0);

    pause->click();
    QVERIFY(!m_panel->isPaused());
    QVERIFY(m_a->echo(QStringLiteral("after-pause")));
    QTRY_COMPARE(countContaining(*model, "after-pause"), 2);
    QCOMPARE(countContaining(*model, "while-paused"), 0);
}

void TestInspectorPanel::exportWritesTheSelectedFrames()
{
    FrameTableModel *model = m_panel->model();
    QVERIFY(m_a->echo(QStringLiteral("export-me")));
    QVERIFY(m_b->echo(QStringLiteral("not-me")));
    QTRY_COMPARE(model->rowCount(), 4);
    applyFilterText(QStringLiteral("export-me"), false);
    QTRY_COMPARE(model->rowCount(), 2);
    auto *exportButton = m_panel->findChild<QPushButton *>(QStringLiteral("inspectorExport"));
    QVERIFY(exportButton);
    QVERIFY(!exportButton->isEnabled()); // nothing selected yet
    m_panel->view()->selectAll();
    QVERIFY(exportButton->isEnabled());
    QCOMPARE(m_panel->selectedRows(), (QList<int>{0, 1}));

    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("frames.jsonl"));
    QVERIFY2(m_panel->exportRows(path, m_panel->selectedRows()), qPrintable(m_panel->errorString()));
    QFile file(path);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QList<QByteArray> lines = file.readAll().split('\n');
    QCOMPARE(lines.size(), 3); // two lines and the final newline
    QVERIFY(lines.last().isEmpty());
    const quint64 a = connectionIdOf(*m_a);
    QStringList directions;
    for (int i = 0; i < 2; ++i) {
        QJsonParseError error{};
        const QJsonObject object = QJsonDocument::fromJson(lines[i], &error).object();
        QCOMPARE(error.error, QJsonParseError::NoError);
        QCOMPARE(object.value(QStringLiteral("connectionId")).toInteger(), qint64(a));
        QCOMPARE(object.value(QStringLiteral("connection")).toString(), m_a->label());
        QCOMPARE(object.value(QStringLiteral("protocol")).toString(), QStringLiteral("WS"));
        QCOMPARE(object.value(QStringLiteral("type")).toString(), QStringLiteral("echo"));
        QCOMPARE(object.value(QStringLiteral("message")).toObject().value(QStringLiteral("payload")).toObject()
                     .value(QStringLiteral("text")).toString(), QStringLiteral("export-me"));
        QVERIFY(object.value(QStringLiteral("time")).toString().endsWith(QLatin1Char('Z')));
        directions.append(object.value(QStringLiteral("direction")).toString());
    }
    QCOMPARE(directions, (QStringList{QStringLiteral("client-to-server"), QStringLiteral("server-to-client")}));

    // A path that cannot be written is named in the error.
    const QString bad = dir.filePath(QStringLiteral("missing/dir/frames.jsonl"));
    QVERIFY(!m_panel->exportRows(bad, m_panel->selectedRows()));
    QVERIFY2(m_panel->errorString().contains(bad), qPrintable(m_panel->errorString()));
    QVERIFY(m_panel->findChild<QLabel *>(QStringLiteral("inspectorFeedback"))->text().contains(bad));
}

void TestInspectorPanel::fullRingCountsDroppedFrames()
{
    // A tap that holds only 4 frames between drains: a burst of 12 echoes loses some, counted.
    m_panel.reset();
    FrameTap::Options options;
    options.capacity = 4;
    m_tap = std::make_shared<FrameTap>(options);
    m_panel = std::make_unique<InspectorPanel>(m_tap);
    m_panel->watchServerHost(m_host.get());
    m_panel->setActive(true);
    QVERIFY(m_a->echo(QStringLiteral("register"))); // the connection is seen
    QTRY_VERIFY(connectionIdOf(*m_a) != 0);
    m_panel->followConnection(connectionIdOf(*m_a));
    m_panel->refresh();
    m_panel->clear();
    for (int i = 0; i < 12; ++i)
        m_a->socket.sendTextMessage(QStringLiteral(R"({"type":"echo","payload":{"text":"burst-%1"}})").arg(i));
    QVERIFY(m_a->waitFor(QStringLiteral("burst-11")));
    m_panel->refresh();
    auto *dropped = m_panel->findChild<QLabel *>(QStringLiteral("inspectorDropped"));
    QVERIFY(dropped);
    const quint64 droppedCount = m_tap->droppedTotal();
    // Rows shown plus frames dropped: all 24 (12 in, 12 out), none silently lost.
    QCOMPARE(quint64(m_panel->model()->rowCount()) + droppedCount, quint64(24));
    QVERIFY(droppedCount > 0);
    QCOMPARE(dropped->text(), QStringLiteral("Dropped: %1").arg(droppedCount));
}

void TestInspectorPanel::detailPanePrettyPrintsTheMessage()
{
    FrameTableModel *model = m_panel->model();
    QVERIFY(m_a->echo(QStringLiteral("pretty")));
    QTRY_COMPARE(model->rowCount(), 2);
    m_panel->view()->setCurrentIndex(model->index(1, 0));
    auto *detail = m_panel->findChild<QPlainTextEdit *>(QStringLiteral("inspectorDetail"));
    QVERIFY(detail);
    const QString text = detail->toPlainText();
    QVERIFY2(text.contains(QStringLiteral("\"text\": \"pretty\"")), qPrintable(text)); // indented JSON
    QVERIFY(text.contains(QStringLiteral("server\u2192client")));
    QVERIFY(text.contains(m_a->label()));
    QVERIFY(text.contains(QStringLiteral("type echo")));
    auto *copy = m_panel->findChild<QPushButton *>(QStringLiteral("inspectorCopyMessage"));
    QVERIFY(copy && copy->isEnabled());
}

void TestInspectorPanel::tableStaysWithinCapacity()
{
    // The store keeps the newest frames; rows of the oldest go with them.
    FrameTableModel model;
    model.setCapacity(1000);
    quint64 seq = 0;
    for (int batch = 0; batch < 25; ++batch) {
        std::vector<FrameRecord> frames(100);
        for (FrameRecord &frame : frames) {
            frame.seq = ++seq;
            frame.type = seq % 2 ? QStringLiteral("odd") : QStringLiteral("even");
            frame.payload = QByteArray::number(seq);
        }
        model.append(std::move(frames));
    }
    QCOMPARE(model.rowCount(), 1000);
    QCOMPARE(model.storedCount(), 1000);
    QCOMPARE(model.trimmedCount(), quint64(1500));
    QCOMPARE(model.frameAt(0).seq, quint64(1501));
    QCOMPARE(model.frameAt(999).seq, quint64(2500));

    FrameFilter odd;
    odd.setType(QStringLiteral("odd"));
    QVERIFY(model.setFilter(odd));
    model.finishFiltering();
    QCOMPARE(model.rowCount(), 500);
    std::vector<FrameRecord> more(300);
    for (FrameRecord &frame : more) {
        frame.seq = ++seq;
        frame.type = seq % 2 ? QStringLiteral("odd") : QStringLiteral("even");
    }
    model.append(std::move(more));
    QCOMPARE(model.rowCount(), 500);
    QCOMPARE(model.frameAt(0).seq, quint64(1801));
    QCOMPARE(model.frameAt(499).seq, quint64(2799));
}

void TestInspectorPanel::simulatedClientsOfAUrlTargetAreTapped()
{
    // Against a URL (an external server for the run) only the simulated clients see frames: the
    // runner hands them the tap. Here the URL is our own server with its tap detached, so every
    // frame in the table comes from the client side.
    m_host->server()->setFrameTap(nullptr);
    const QByteArray json = QStringLiteral(R"({
        "name": "inspector-sim",
        "target": "ws://127.0.0.1:%1/",
        "groups": [
            {"name": "talkers", "protocol": "ws", "channel": "sim-room", "clients": 2,
             "phases": {"hold": "20s"}, "send": {"rate": 10, "payloadBytes": 32, "type": "chat.message"}},
            {"name": "readers", "protocol": "sse", "channel": "sim-room", "clients": 1,
             "phases": {"hold": "20s"}}
        ]
    })").arg(m_host->port()).toUtf8();
    const scenario::LoadResult loaded = scenario::ScenarioLoader::loadJson(json, QStringLiteral("inspector-sim.json"));
    QVERIFY2(loaded.isOk(), qPrintable(loaded.errorText()));
    Runner runner(std::make_shared<const scenario::Scenario>(*loaded.scenario));
    runner.setFrameTap(m_tap);
    QVERIFY2(runner.start(), qPrintable(runner.errorString()));

    FrameTableModel *model = m_panel->model();
    const auto seen = [&](FrameRecord::Protocol protocol, FrameRecord::Direction direction) {
        for (int i = 0; i < model->rowCount(); ++i) {
            const FrameRecord &frame = model->frameAt(i);
            if (frame.protocol == protocol && frame.direction == direction && frame.type == u"chat.message")
                return true;
        }
        return false;
    };
    QTRY_VERIFY_WITH_TIMEOUT(seen(FrameRecord::Protocol::WebSocket, FrameRecord::Direction::ClientToServer), 10000);
    QTRY_VERIFY_WITH_TIMEOUT(seen(FrameRecord::Protocol::WebSocket, FrameRecord::Direction::ServerToClient), 10000);
    QTRY_VERIFY_WITH_TIMEOUT(seen(FrameRecord::Protocol::Sse, FrameRecord::Direction::ServerToClient), 10000);
    QSet<QString> labels;
    for (int i = 0; i < model->rowCount(); ++i) {
        const FrameRecord &frame = model->frameAt(i);
        QCOMPARE(frame.side, FrameRecord::Side::Client);
        QCOMPARE(frame.channel, QStringLiteral("sim-room"));
        labels.insert(frame.connectionLabel);
    }
    // Simulated users are named by group and number.
    QVERIFY2(labels.contains(QStringLiteral("talkers #1")) || labels.contains(QStringLiteral("talkers #2")),
             qPrintable(QStringList(labels.begin(), labels.end()).join(u',')));
    QVERIFY(labels.contains(QStringLiteral("readers #1")));

    QSignalSpy finished(&runner, &Runner::finished);
    runner.stop(QStringLiteral("test done"));
    QVERIFY(finished.wait(10000));
}

QTEST_MAIN(TestInspectorPanel)
#include "tst_inspectorpanel.moc"
