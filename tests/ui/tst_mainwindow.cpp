#include "localization.h"
#include "mainwindow.h"
#include "panels/scenariodocument.h"
#include "panels/simulatorpanel.h"
#include "scenario/runner.h"
#include "server/server.h"
#include "session/embeddedserverhost.h"
#include "session/runsession.h"
#include "session/serverconfigsettings.h"
#include "session/toolhealth.h"

#include <QAction>
#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QDockWidget>
#include <QLabel>
#include <QMenu>
#include <QMenuBar>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QRegularExpression>
#include <QTcpServer>
#include <QTest>
#include <QToolButton>
#include <QTranslator>
#include <QWebSocket>

// The whole window against a real embedded server: Start runs a real scenario, the status bar
// and the server address come from the engine, a fault from the menu shows up as churn, and the
// window comes back as it was left.
class tst_MainWindow : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void init();
    void showsAddressAndLiveConnectionCount();
    void startAndStopThroughTheButton();
    void restartFaultShowsAsChurn();
    void runsAgainstAnExternalUrlAndExportsItsReports();
    void statusSaysHowSessionsEnded_data();
    void statusSaysHowSessionsEnded();
    void settingsPersistAcrossARestartOfTheWindow();
    void eventLoopChoiceShowsTheServersLoopAndIsSaved();
    void toolHealthTurnsAmberThenRed_data();
    void toolHealthTurnsAmberThenRed();
    void germanUiIsLoadedFromResources();
    void importHarPutsTheRecordingsScenarioInTheEditor();

private:
    static ServerConfig anyPort()
    {
        ServerConfig config;
        config.port = 0;
        return config;
    }
    static QString smallScenario(const QString &name, int clients, const QString &hold)
    {
        return QStringLiteral(R"({"name": "%1", "target": "embedded",
            "groups": [{"name": "chat", "protocol": "ws", "channel": "room", "clients": %2,
                        "phases": {"rampUp": "500ms", "hold": "%3"},
                        "send": {"rate": 2, "payloadBytes": 64},
                        "reconnect": {"initialDelay": "100ms", "maxDelay": "500ms", "jitter": "full"}}]})")
            .arg(name).arg(clients).arg(hold);
    }
};

void tst_MainWindow::initTestCase()
{
    // Settings go to a throw-away test location, never the user's.
    QStandardPaths::setTestModeEnabled(true);
    QCoreApplication::setOrganizationName(QStringLiteral("SocketScopeTest"));
    QCoreApplication::setApplicationName(QStringLiteral("tst_mainwindow"));
}

void tst_MainWindow::init()
{
    QSettings().clear();
}

void tst_MainWindow::showsAddressAndLiveConnectionCount()
{
    EmbeddedServerHost host;
    QVERIFY(host.start(anyPort()));
    MainWindow window(host);
    window.show();
    auto *url = window.findChild<QLabel *>(QStringLiteral("pageUrl"));
    auto *count = window.findChild<QLabel *>(QStringLiteral("connectionCount"));
    QVERIFY(url && count);
    QCOMPARE(url->text(), QStringLiteral("http://127.0.0.1:%1/").arg(host.port()));
    QTRY_VERIFY(count->text().contains(QStringLiteral("server 0")));

    std::vector<std::unique_ptr<QWebSocket>> clients;
    for (int i = 0; i < 3; ++i) {
        clients.push_back(std::make_unique<QWebSocket>());
        clients.back()->open(QUrl(QStringLiteral("ws://127.0.0.1:%1/ws").arg(host.port())));
    }
    QTRY_VERIFY(count->text().contains(QStringLiteral("server 3")));
    clients.pop_back();
    QTRY_VERIFY(count->text().contains(QStringLiteral("server 2")));
}

void tst_MainWindow::startAndStopThroughTheButton()
{
    EmbeddedServerHost host;
    QVERIFY(host.start(anyPort()));
    MainWindow window(host);
    window.show();
    auto *simulator = window.findChild<SimulatorPanel *>();
    QVERIFY(simulator);
    simulator->setScenarioJson(smallScenario(QStringLiteral("button-run"), 12, QStringLiteral("60s")).toUtf8());
    auto *start = window.findChild<QToolButton *>(QStringLiteral("startButton"));
    auto *stop = window.findChild<QToolButton *>(QStringLiteral("stopButton"));
    QVERIFY(start && stop);
    QVERIFY(start->isEnabled());
    QVERIFY(!stop->isEnabled());

    QSignalSpy snapshots(&window.session(), &RunSession::snapshotReady);
    QTest::mouseClick(start, Qt::LeftButton);
    QCOMPARE(window.session().state(), RunSession::State::Running);
    QVERIFY(!start->isEnabled());
    QVERIFY(stop->isEnabled());
    // The clients are real: the server counts them, and so does the status bar.
    QTRY_COMPARE_WITH_TIMEOUT(host.server()->stats().openWebSocket, qint64(12), 10000);
    auto *count = window.findChild<QLabel *>(QStringLiteral("connectionCount"));
    QTRY_VERIFY(count->text().contains(QStringLiteral("clients 12")));
    QVERIFY(snapshots.count() > 0);
    auto *state = window.findChild<QLabel *>(QStringLiteral("runState"));
    QVERIFY(state->text().contains(QStringLiteral("button-run")));

    QTest::mouseClick(stop, Qt::LeftButton);
    QTRY_COMPARE_WITH_TIMEOUT(window.session().state(), RunSession::State::Finished, 10000);
    QVERIFY(start->isEnabled());
    auto *jsonReport = window.findChild<QAction *>(QStringLiteral("exportReport_json"));
    QVERIFY(jsonReport && jsonReport->isEnabled());
    // The window's server outlives the run.
    QVERIFY(host.server()->isListening());
    QTRY_COMPARE(host.server()->stats().openWebSocket, qint64(0));
}

void tst_MainWindow::restartFaultShowsAsChurn()
{
    EmbeddedServerHost host;
    QVERIFY(host.start(anyPort()));
    MainWindow window(host);
    window.show();
    auto *simulator = window.findChild<SimulatorPanel *>();
    simulator->setScenarioJson(smallScenario(QStringLiteral("churn"), 10, QStringLiteral("60s")).toUtf8());
    QVERIFY(window.startRun());
    QTRY_COMPARE_WITH_TIMEOUT(host.server()->stats().openWebSocket, qint64(10), 10000);

    auto *faults = window.findChild<QMenu *>(QStringLiteral("faultMenu"));
    QVERIFY(faults);
    QAction *restart = nullptr;
    for (QAction *action : faults->actions())
        if (action->objectName().contains(QStringLiteral("restart"), Qt::CaseInsensitive))
            restart = action;
    QVERIFY2(restart, "the Faults menu has a restart action");
    QSignalSpy markers(&window.session(), &RunSession::markerAdded);
    restart->trigger();
    QVERIFY(markers.count() >= 1 || markers.wait(2000));
    // Every client was closed and came back: reconnects are counted by the run's snapshots.
    QTRY_VERIFY_WITH_TIMEOUT(window.session().lastSnapshot().all.total.reconnects >= 10, 15000);
    QTRY_COMPARE_WITH_TIMEOUT(host.server()->stats().openWebSocket, qint64(10), 15000);
    window.stopRun();
    QTRY_COMPARE_WITH_TIMEOUT(window.session().state(), RunSession::State::Finished, 10000);
}

void tst_MainWindow::runsAgainstAnExternalUrlAndExportsItsReports()
{
    // "Your own server": a server the window does not own, reached by URL.
    ServerConfig external = anyPort();
    Server theirs(external);
    QVERIFY(theirs.start());
    EmbeddedServerHost host;
    QVERIFY(host.start(anyPort()));
    MainWindow window(host);
    window.show();
    const QString scenario = QStringLiteral(R"({"name": "theirs", "target": "ws://127.0.0.1:%1/ws", "duration": "2s",
        "groups": [{"name": "g", "protocol": "ws", "channel": "ext", "clients": 6, "phases": {"rampUp": "300ms", "hold": "1500ms"},
                    "send": {"rate": 4}}],
        "thresholds": {"delivery.lost": "==0"}})").arg(theirs.port());
    window.findChild<SimulatorPanel *>()->setScenarioJson(scenario.toUtf8());
    QVERIFY(!window.writeReport(QStringLiteral("json"), QDir::temp().filePath(QStringLiteral("none.json"))));
    QVERIFY(window.startRun());
    QTRY_COMPARE_WITH_TIMEOUT(theirs.stats().openWebSocket, qint64(6), 10000);
    QCOMPARE(host.server()->stats().openWebSocket, qint64(0));
    QTRY_COMPARE_WITH_TIMEOUT(window.session().state(), RunSession::State::Finished, 10000);
    QVERIFY(window.session().lastSnapshot().all.total.messagesReceived > 0);

    QTemporaryDir dir;
    const QString json = dir.filePath(QStringLiteral("theirs.json"));
    const QString csv = dir.filePath(QStringLiteral("theirs.csv"));
    const QString junit = dir.filePath(QStringLiteral("theirs.xml"));
    QVERIFY2(window.writeReport(QStringLiteral("json"), json), qPrintable(window.lastError()));
    QVERIFY(window.writeReport(QStringLiteral("csv"), csv));
    QVERIFY(window.writeReport(QStringLiteral("junit"), junit));
    QFile report(json);
    QVERIFY(report.open(QIODevice::ReadOnly));
    const QJsonObject root = QJsonDocument::fromJson(report.readAll()).object();
    QCOMPARE(root.value(QStringLiteral("name")).toString(), QStringLiteral("theirs"));
    QVERIFY(root.value(QStringLiteral("target")).toString().contains(QString::number(theirs.port())));
    QFile xml(junit);
    QVERIFY(xml.open(QIODevice::ReadOnly));
    QVERIFY(xml.readAll().contains("delivery.lost"));
    QVERIFY(!window.writeReport(QStringLiteral("csv"), dir.filePath(QStringLiteral("missing/dir/x.csv"))));
    QVERIFY(!window.lastError().isEmpty());
    QVERIFY(theirs.stopAndWait());
}

void tst_MainWindow::statusSaysHowSessionsEnded_data()
{
    QTest::addColumn<bool>("deadUrl");
    QTest::addColumn<QString>("outcome");
    // Nobody listens: every connect is refused.
    QTest::addRow("dead URL") << true << QStringLiteral("connection refused");
    // A server that takes the upgrade, then closes 4001 for the wrong token.
    QTest::addRow("wrong token") << false << QStringLiteral("close 4001 Unauthorized");
}

void tst_MainWindow::statusSaysHowSessionsEnded()
{
    QFETCH(bool, deadUrl);
    QFETCH(QString, outcome);
    ServerConfig config = anyPort();
    config.token = QStringLiteral("right");
    Server theirs(config);
    quint16 port = 0;
    if (deadUrl) {
        QTcpServer probe;
        QVERIFY(probe.listen(QHostAddress::LocalHost, 0));
        port = probe.serverPort();
    } else {
        QVERIFY(theirs.start());
        port = theirs.port();
    }
    EmbeddedServerHost host;
    QVERIFY(host.start(anyPort()));
    MainWindow window(host);
    window.show();
    const QString scenario = QStringLiteral(R"({"name": "swarm", "duration": "60s",
        "groups": [{"name": "g", "protocol": "ws", "clients": 6, "url": "ws://127.0.0.1:%1/ws?channel=c&token=wrong",
                    "reconnect": {"initialDelay": "100ms", "maxDelay": "300ms"}}]})").arg(port);
    window.findChild<SimulatorPanel *>()->setScenarioJson(scenario.toUtf8());
    QVERIFY(window.startRun());
    auto *state = window.findChild<QLabel *>(QStringLiteral("runState"));
    QVERIFY(state);

    // While it runs: the line names the outcome with the snapshot's count, and keeps saying it runs.
    const auto count = [&window, &outcome] { return window.session().lastSnapshot().all.total.outcomes.value(outcome); };
    QTRY_VERIFY_WITH_TIMEOUT(count() >= 6, 15000);
    // The line is refreshed twice a second, the snapshot ten times: its count is one already seen.
    const QRegularExpression shown(QRegularExpression::escape(outcome) + QStringLiteral(" \u00d7(\\d+)"));
    QTRY_VERIFY2(shown.match(state->text()).captured(1).toULongLong() >= 6, qPrintable(state->text()));
    QVERIFY(shown.match(state->text()).captured(1).toULongLong() <= count());
    QVERIFY2(state->text().startsWith(QLatin1String("Running swarm")), qPrintable(state->text()));
    QVERIFY2(state->toolTip().contains(outcome + QStringLiteral(" \u00d7")), qPrintable(state->toolTip()));

    // When it ends, still there, beside the verdict; the full list in the tooltip.
    window.stopRun();
    QTRY_COMPARE_WITH_TIMEOUT(window.session().state(), RunSession::State::Finished, 10000);
    QTRY_VERIFY(state->text().startsWith(QLatin1String("Finished after")));
    QVERIFY2(state->text().contains(QStringLiteral("%1 \u00d7%2").arg(outcome).arg(count())), qPrintable(state->text()));
    QVERIFY(state->isVisible()); // no temporary message hides it
    if (!deadUrl)
        QVERIFY(theirs.stopAndWait());
}

void tst_MainWindow::settingsPersistAcrossARestartOfTheWindow()
{
    EmbeddedServerHost host;
    QVERIFY(host.start(anyPort()));
    {
        MainWindow window(host);
        window.show();
        window.findChild<SimulatorPanel *>()->setScenarioJson(smallScenario(QStringLiteral("remember-me"), 3, QStringLiteral("5s")).toUtf8());
        window.findChild<QDockWidget *>(QStringLiteral("inspectorDock"))->hide();
        ServerConfig config = host.config();
        config.replaySize = 321;
        QVERIFY(host.applyConfig(config));
        window.close();
    }
    QCOMPARE(ServerConfigSettings::load(*std::make_unique<QSettings>()).replaySize, 321);
    MainWindow again(host);
    again.show();
    QCOMPARE(again.findChild<SimulatorPanel *>()->document()->name(), QStringLiteral("remember-me"));
    QVERIFY(again.findChild<QDockWidget *>(QStringLiteral("inspectorDock"))->isHidden());
    QVERIFY(!again.findChild<QDockWidget *>(QStringLiteral("simulatorDock"))->isHidden());
}

void tst_MainWindow::eventLoopChoiceShowsTheServersLoopAndIsSaved()
{
    ServerConfig config = anyPort();
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
}

void tst_MainWindow::toolHealthTurnsAmberThenRed_data()
{
    QTest::addColumn<double>("cpu");
    QTest::addColumn<int>("cores");
    QTest::addColumn<double>("lag");
    QTest::addColumn<int>("level");
    QTest::addRow("idle") << 5.0 << 2 << 1.0 << int(ToolHealth::Level::Good);
    QTest::addRow("one of two cores busy") << 100.0 << 2 << 1.0 << int(ToolHealth::Level::Good);
    QTest::newRow("70 percent of all cores") << 140.0 << 2 << 1.0 << int(ToolHealth::Level::Strained);
    QTest::newRow("90 percent of all cores") << 180.0 << 2 << 1.0 << int(ToolHealth::Level::Distorting);
    QTest::addRow("lag 20 ms") << 10.0 << 2 << 20.0 << int(ToolHealth::Level::Strained);
    QTest::addRow("lag 100 ms") << 10.0 << 2 << 100.0 << int(ToolHealth::Level::Distorting);
    QTest::newRow("single core at 95 percent") << 95.0 << 1 << 0.0 << int(ToolHealth::Level::Distorting);
}

void tst_MainWindow::toolHealthTurnsAmberThenRed()
{
    QFETCH(double, cpu);
    QFETCH(int, cores);
    QFETCH(double, lag);
    QFETCH(int, level);
    QCOMPARE(int(ToolHealth{cpu, cores, lag}.level()), level);
}

void tst_MainWindow::germanUiIsLoadedFromResources()
{
    // The compiled German translation is in the binary and the window's menus use it.
    QTranslator translator;
    QVERIFY(translator.load(QStringLiteral(":/i18n/socketscope_de.qm")));
    QVERIFY(QCoreApplication::installTranslator(&translator));
    EmbeddedServerHost host;
    QVERIFY(host.start(anyPort()));
    {
        MainWindow window(host);
        QStringList titles;
        for (QAction *action : window.menuBar()->actions())
            titles << action->text();
        QVERIFY2(titles.contains(QStringLiteral("&Datei")), qPrintable(titles.join(u',')));
        auto *start = window.findChild<QAction *>(QStringLiteral("startAction"));
        QCOMPARE(start->text(), QStringLiteral("&Starten"));
    }
    QCoreApplication::removeTranslator(&translator);
}

void tst_MainWindow::importHarPutsTheRecordingsScenarioInTheEditor()
{
    EmbeddedServerHost host;
    QVERIFY(host.start(anyPort()));
    MainWindow window(host);
    auto *simulator = window.findChild<SimulatorPanel *>();
    QVERIFY(simulator);
    auto *action = window.findChild<QAction *>(QStringLiteral("importHarAction"));
    QVERIFY(action);
    QVERIFY(action->text().contains(QStringLiteral("HAR")));

    // A Socket.IO recording (the importer's own fixture): a valid scenario of that protocol in the
    // editor, ready to start, and the notes say what it does not replay.
    QVERIFY2(window.importHar(QStringLiteral(HAR_FIXTURES_DIR "/socketio-websocket.har")), qPrintable(window.lastError()));
    const QJsonObject scenario = QJsonDocument::fromJson(simulator->scenarioJson()).object();
    const QJsonObject group = scenario.value(QStringLiteral("groups")).toArray().at(0).toObject();
    QCOMPARE(group.value(QStringLiteral("protocol")).toString(), QStringLiteral("socketio"));
    QVERIFY(!group.value(QStringLiteral("script")).toArray().isEmpty());
    QVERIFY(simulator->currentScenario());
    QVERIFY2(window.lastImportNotes().contains(QStringLiteral("Not replayed:")), qPrintable(window.lastImportNotes()));

    // A file that is no recording: refused with the reason, the editor left as it was.
    QTemporaryDir dir;
    QFile bad(dir.filePath(QStringLiteral("bad.har")));
    QVERIFY(bad.open(QIODevice::WriteOnly));
    bad.write("{\"log\": 12}");
    bad.close();
    const QByteArray before = simulator->scenarioJson();
    QVERIFY(!window.importHar(bad.fileName()));
    QVERIFY2(window.lastError().contains(QStringLiteral("bad.har")), qPrintable(window.lastError()));
    QVERIFY2(window.lastError().contains(QStringLiteral("$.log")), qPrintable(window.lastError()));
    QCOMPARE(simulator->scenarioJson(), before);
}

QTEST_MAIN(tst_MainWindow)
#include "tst_mainwindow.moc"
