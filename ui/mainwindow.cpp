#include "mainwindow.h"

#include "appearance.h"
#include "charts/chartpanel.h"
#include "har/harimporter.h"
#include "inspect/frametap.h"
#include "inspector/inspectorpanel.h"
#include "localization.h"
#include "manualclient/manualclientpanel.h"
#include "metrics/metricssnapshot.h"
#include "metrics/monotonicclock.h"
#include "metrics/processcpu.h"
#include "panels/faultpanel.h"
#include "panels/serverpanel.h"
#include "panels/scenariodocument.h"
#include "panels/simulatorpanel.h"
#include "scenario/runner.h"
#include "server/server.h"
#include "session/embeddedserverhost.h"
#include "session/eventlooplagprobe.h"
#include "session/runsession.h"
#include "session/serverconfigsettings.h"

#include <QActionGroup>
#include <QApplication>
#include <QClipboard>
#include <QCloseEvent>
#include <QDockWidget>
#include <QFile>
#include <QFileInfo>
#include <QFileDialog>
#include <QGuiApplication>
#include <QHBoxLayout>
#include <QJsonDocument>
#include <QLabel>
#include <QLineEdit>
#include <QMenuBar>
#include <QMessageBox>
#include <QScreen>
#include <QScrollArea>
#include <QSettings>
#include <QStatusBar>
#include <QThread>
#include <QTimer>
#include <QToolBar>
#include <QToolButton>

using namespace std::chrono_literals;

namespace {

QString elapsedText(qint64 ns)
{
    const qint64 seconds = ns / 1'000'000'000;
    return QStringLiteral("%1:%2").arg(seconds / 60, 2, 10, QLatin1Char('0')).arg(seconds % 60, 2, 10, QLatin1Char('0'));
}

// Green, amber, red: readable on light and dark palettes alike.
QString healthColour(ToolHealth::Level level)
{
    switch (level) {
    case ToolHealth::Level::Good: return QStringLiteral("#2e9e4f");
    case ToolHealth::Level::Strained: return QStringLiteral("#d08b00");
    case ToolHealth::Level::Distorting: return QStringLiteral("#d32f2f");
    }
    return {};
}

} // namespace

MainWindow::MainWindow(EmbeddedServerHost &host, QWidget *parent)
    : QMainWindow(parent)
    , m_host(host)
    , m_session(new RunSession(host, this))
    , m_frameTap(std::make_shared<FrameTap>())
    , m_processCpu(std::make_unique<ProcessCpu>())
{
    setWindowTitle(tr("SocketScope"));
    setObjectName(QStringLiteral("mainWindow"));
    setDockOptions(AnimatedDocks | AllowTabbedDocks | AllowNestedDocks);

    m_charts = new ChartPanel(this);
    m_charts->setObjectName(QStringLiteral("chartPanel"));
    setCentralWidget(m_charts);

    buildActions();
    buildDocks();
    buildMenus();
    buildToolBar();
    buildStatusBar();
    m_defaultLayout = saveState();

    connect(m_session, &RunSession::stateChanged, this, &MainWindow::onRunStateChanged);
    connect(m_session, &RunSession::snapshotReady, this, &MainWindow::onSnapshot);
    connect(m_session, &RunSession::markerAdded, m_charts, &ChartPanel::addMarker);
    connect(m_session, &RunSession::startFailed, this, [this](const QString &message) {
        showError(tr("The run did not start"), message);
    });
    // The end of a run shows in the run state label (verdict and outcomes, refreshStatus()); a
    // temporary status message would hide that label for its whole time.
    connect(m_session, &RunSession::finished, this, &MainWindow::refreshStatus);
    connect(&m_host, &EmbeddedServerHost::serverChanged, this, &MainWindow::onServerChanged);

    m_lagProbe = new EventLoopLagProbe(this);
    m_processCpu->restart(MonotonicClock::nowNs());
    m_statusTimer = new QTimer(this);
    m_statusTimer->setInterval(500ms);
    connect(m_statusTimer, &QTimer::timeout, this, &MainWindow::refreshStatus);
    m_statusTimer->start();

    // Most of a laptop screen, the charts taking what the docks leave.
    if (const QScreen *screen = QGuiApplication::primaryScreen())
        resize(screen->availableSize() * 0.92);
    else
        resize(1440, 900);
    restoreSettings();
    onServerChanged();
    onRunStateChanged();
    refreshStatus();
}

MainWindow::~MainWindow()
{
    // The run's client pools and the inspector's tap go before the server they point at.
    delete m_session;
    m_session = nullptr;
}

QString MainWindow::eventLoopSettingsKey()
{
    return QStringLiteral("advanced/eventLoop");
}

void MainWindow::buildActions()
{
    m_startAction = new QAction(tr("&Start"), this);
    m_startAction->setObjectName(QStringLiteral("startAction"));
    m_startAction->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_R));
    m_startAction->setToolTip(tr("Run the scenario (Ctrl+R)"));
    connect(m_startAction, &QAction::triggered, this, &MainWindow::startRun);

    m_stopAction = new QAction(tr("S&top"), this);
    m_stopAction->setObjectName(QStringLiteral("stopAction"));
    m_stopAction->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_Period));
    m_stopAction->setToolTip(tr("End the run now; its report is still made (Ctrl+.)"));
    connect(m_stopAction, &QAction::triggered, this, &MainWindow::stopRun);

    m_copyUrlAction = new QAction(tr("&Copy page URL"), this);
    m_copyUrlAction->setObjectName(QStringLiteral("copyUrlAction"));
    m_copyUrlAction->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_C));
    connect(m_copyUrlAction, &QAction::triggered, this, [this] {
        QGuiApplication::clipboard()->setText(m_pageUrl->text());
        statusBar()->showMessage(tr("Copied %1").arg(m_pageUrl->text()), 3000);
    });

    m_findAction = new QAction(tr("&Find in inspector"), this);
    m_findAction->setObjectName(QStringLiteral("findAction"));
    m_findAction->setShortcut(QKeySequence::Find);
}

QDockWidget *MainWindow::addDock(QWidget *content, const QString &title, const QString &objectName, Qt::DockWidgetArea area)
{
    auto *dock = new QDockWidget(title, this);
    dock->setObjectName(objectName);
    // A panel squeezed below what it needs scrolls instead of pushing the charts aside: the
    // charts are what people came to see.
    auto *scroll = new QScrollArea(dock);
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    scroll->setWidget(content);
    dock->setWidget(scroll);
    dock->setAccessibleName(title);
    addDockWidget(area, dock);
    return dock;
}

void MainWindow::buildDocks()
{
    m_simulator = new SimulatorPanel(this);
    m_simulator->setObjectName(QStringLiteral("simulatorPanel"));
    m_serverPanel = new ServerPanel(m_host, m_session, this);
    m_serverPanel->setObjectName(QStringLiteral("serverPanel"));
    m_faults = new FaultPanel(m_host, m_session, this);
    m_faults->setObjectName(QStringLiteral("faultPanel"));
    m_inspector = new InspectorPanel(m_frameTap, this);
    m_inspector->setObjectName(QStringLiteral("inspectorPanel"));
    m_manual = new ManualClientPanel(this);
    m_manual->setObjectName(QStringLiteral("manualClientPanel"));

    QDockWidget *simulator = addDock(m_simulator, tr("Simulator"), QStringLiteral("simulatorDock"), Qt::LeftDockWidgetArea);
    QDockWidget *server = addDock(m_serverPanel, tr("Server"), QStringLiteral("serverDock"), Qt::LeftDockWidgetArea);
    QDockWidget *faults = addDock(m_faults, tr("Faults"), QStringLiteral("faultDock"), Qt::LeftDockWidgetArea);
    QDockWidget *inspector = addDock(m_inspector, tr("Inspector"), QStringLiteral("inspectorDock"), Qt::BottomDockWidgetArea);
    QDockWidget *manual = addDock(m_manual, tr("Manual client"), QStringLiteral("manualClientDock"), Qt::BottomDockWidgetArea);
    tabifyDockWidget(simulator, server);
    splitDockWidget(simulator, faults, Qt::Vertical);
    tabifyDockWidget(inspector, manual);
    simulator->raise();
    inspector->raise();

    m_inspector->watchServerHost(&m_host);
    // The inspector samples only while someone can see it: a hidden inspector costs the engine
    // one relaxed atomic load per frame and nothing else.
    connect(inspector, &QDockWidget::visibilityChanged, m_inspector, &InspectorPanel::setActive);
    connect(m_findAction, &QAction::triggered, this, [this, inspector] {
        inspector->show();
        inspector->raise();
        if (auto *filter = m_inspector->findChild<QLineEdit *>(QStringLiteral("inspectorFilterText"))) {
            filter->setFocus(Qt::ShortcutFocusReason);
            filter->selectAll();
        }
    });
    connect(m_simulator, &SimulatorPanel::scenarioChanged, this, [this] {
        m_scenarioLabel->setText(scenarioName());
        m_startAction->setEnabled(!m_session->isRunning() && m_simulator->document()->isValid());
    });
}

void MainWindow::buildMenus()
{
    QMenu *file = menuBar()->addMenu(tr("&File"));
    QAction *open = file->addAction(tr("&Open scenario…"));
    open->setObjectName(QStringLiteral("openScenarioAction"));
    open->setShortcut(QKeySequence::Open);
    connect(open, &QAction::triggered, this, [this] {
        const QString path = QFileDialog::getOpenFileName(this, tr("Open scenario"), QString(), tr("Scenario files (*.json);;All files (*)"));
        if (!path.isEmpty() && !m_simulator->loadFile(path))
            showError(tr("The scenario was not opened"), m_simulator->errorString());
    });
    QAction *importHarAction = file->addAction(tr("&Import HAR recording…"));
    importHarAction->setObjectName(QStringLiteral("importHarAction"));
    connect(importHarAction, &QAction::triggered, this, [this] {
        const QString path = QFileDialog::getOpenFileName(this, tr("Import a browser recording"), QString(),
                                                          tr("HAR recordings (*.har);;All files (*)"));
        if (!path.isEmpty())
            importHar(path);
    });
    QAction *save = file->addAction(tr("&Save scenario as…"));
    save->setObjectName(QStringLiteral("saveScenarioAction"));
    save->setShortcut(QKeySequence::Save);
    connect(save, &QAction::triggered, this, [this] {
        const QString path = QFileDialog::getSaveFileName(this, tr("Save scenario"), scenarioName() + QStringLiteral(".json"),
                                                          tr("Scenario files (*.json)"));
        if (!path.isEmpty() && !m_simulator->saveFile(path))
            showError(tr("The scenario was not saved"), m_simulator->errorString());
    });
    QMenu *builtIns = file->addMenu(tr("&Built-in scenarios"));
    builtIns->setObjectName(QStringLiteral("builtInScenarioMenu"));
    for (const auto &[name, resource] : ScenarioDocument::builtInScenarios()) {
        QAction *action = builtIns->addAction(name);
        action->setObjectName(QStringLiteral("builtInScenario_") + name);
        connect(action, &QAction::triggered, this, [this, name = name] { m_simulator->loadBuiltIn(name); });
    }
    file->addSeparator();
    QMenu *reports = file->addMenu(tr("Export &report"));
    reports->setObjectName(QStringLiteral("reportMenu"));
    const struct { QString format; QString text; } formats[] = {
        {QStringLiteral("json"), tr("JSON report…")},
        {QStringLiteral("csv"), tr("CSV time series…")},
        {QStringLiteral("junit"), tr("JUnit XML…")},
    };
    for (const auto &format : formats) {
        QAction *action = reports->addAction(format.text);
        action->setObjectName(QStringLiteral("exportReport_") + format.format);
        action->setEnabled(false);
        connect(action, &QAction::triggered, this, [this, name = format.format] { exportReport(name); });
        m_reportActions.append(action);
    }
    QMenu *charts = file->addMenu(tr("Export &chart"));
    charts->setObjectName(QStringLiteral("exportChartMenu"));
    const QStringList titles = m_charts->chartTitles();
    for (int i = 0; i < titles.size(); ++i) {
        QAction *chart = charts->addAction(tr("%1…").arg(titles.at(i)));
        chart->setObjectName(QStringLiteral("exportChart_%1").arg(i));
        connect(chart, &QAction::triggered, this, [this, i] { exportChart(i); });
    }
    file->addSeparator();
    QAction *quit = file->addAction(tr("&Quit"));
    quit->setShortcut(QKeySequence::Quit);
    connect(quit, &QAction::triggered, this, &QWidget::close);

    QMenu *run = menuBar()->addMenu(tr("&Run"));
    run->addAction(m_startAction);
    run->addAction(m_stopAction);
    run->addSeparator();
    run->addAction(m_copyUrlAction);

    m_faultMenu = menuBar()->addMenu(tr("F&aults"));
    m_faultMenu->setObjectName(QStringLiteral("faultMenu"));
    m_faultMenu->addActions(m_faults->faultActions());
    // Ctrl+F opens the inspector's filter, so the fault menu is F9 (and Alt+A as a menu).
    auto *faultMenuAction = new QAction(tr("Open the fault menu"), this);
    faultMenuAction->setShortcut(QKeySequence(Qt::Key_F9));
    connect(faultMenuAction, &QAction::triggered, this, [this] {
        m_faultMenu->popup(mapToGlobal(QPoint(width() / 3, menuBar()->height())));
    });
    addAction(faultMenuAction);

    QMenu *inspect = menuBar()->addMenu(tr("&Inspect"));
    inspect->addAction(m_findAction);

    QMenu *view = menuBar()->addMenu(tr("&View"));
    view->setObjectName(QStringLiteral("viewMenu"));
    for (QDockWidget *dock : findChildren<QDockWidget *>())
        view->addAction(dock->toggleViewAction());
    view->addSeparator();
    QAction *reset = view->addAction(tr("&Reset layout"));
    reset->setObjectName(QStringLiteral("resetLayoutAction"));
    connect(reset, &QAction::triggered, this, &MainWindow::resetLayout);

    QMenu *settings = menuBar()->addMenu(tr("&Settings"));
    QMenu *theme = settings->addMenu(tr("&Theme"));
    theme->setObjectName(QStringLiteral("themeMenu"));
    auto *themes = new QActionGroup(this);
    const QString currentTheme = QSettings().value(Appearance::settingsKey(), QStringLiteral("system")).toString();
    const QMap<QString, QString> themeNames = {
        {QStringLiteral("system"), tr("System")}, {QStringLiteral("light"), tr("Light")}, {QStringLiteral("dark"), tr("Dark")}};
    for (const QString &name : Appearance::availableThemes()) {
        QAction *action = theme->addAction(themeNames.value(name, name));
        action->setObjectName(QStringLiteral("theme_") + name);
        action->setCheckable(true);
        action->setChecked(name == currentTheme);
        themes->addAction(action);
        connect(action, &QAction::triggered, this, [name] {
            QSettings().setValue(Appearance::settingsKey(), name);
            Appearance::apply(name);
        });
    }

    QMenu *language = settings->addMenu(tr("&Language"));
    language->setObjectName(QStringLiteral("languageMenu"));
    auto *languages = new QActionGroup(this);
    const QString currentLanguage = QSettings().value(Localization::settingsKey(), QStringLiteral("system")).toString();
    QStringList choices{QStringLiteral("system")};
    choices += Localization::availableLanguages();
    for (const QString &code : choices) {
        const QString text = code == u"system" ? tr("System default") : Localization::nativeName(code);
        QAction *action = language->addAction(text);
        action->setObjectName(QStringLiteral("language_") + code);
        action->setCheckable(true);
        action->setChecked(code == currentLanguage);
        languages->addAction(action);
        connect(action, &QAction::triggered, this, [this, code] {
            QSettings().setValue(Localization::settingsKey(), code);
            statusBar()->showMessage(tr("The language applies the next time SocketScope starts."), 8000);
        });
    }

    QMenu *loop = settings->addMenu(tr("Worker &event loop"));
    loop->setObjectName(QStringLiteral("eventLoopMenu"));
    loop->setToolTipsVisible(true);
    auto *group = new QActionGroup(this);
    const QString current = m_host.config().eventLoop == ServerConfig::EventLoop::Qt ? QStringLiteral("qt")
                                                                                      : QStringLiteral("epoll");
    const struct { QString name; QString text; QString tip; } loops[] = {
        {QStringLiteral("epoll"), tr("epoll (fast at tens of thousands of connections)"),
         tr("SocketScope's own epoll event loop: the cost of a wake-up does not grow with open connections")},
        {QStringLiteral("qt"), tr("Qt stock (to compare)"),
         tr("Qt's own event dispatcher: polls every socket on every wake-up")},
    };
    for (const auto &choice : loops) {
        QAction *action = loop->addAction(choice.text);
        action->setObjectName(QStringLiteral("eventLoop_") + choice.name);
        action->setToolTip(choice.tip);
        action->setCheckable(true);
        action->setChecked(choice.name == current);
        group->addAction(action);
        connect(action, &QAction::triggered, this, [this, name = choice.name] {
            QSettings().setValue(eventLoopSettingsKey(), name);
            statusBar()->showMessage(tr("The %1 event loop applies the next time SocketScope starts.").arg(name), 8000);
        });
    }

    QMenu *help = menuBar()->addMenu(tr("&Help"));
    QAction *about = help->addAction(tr("&About SocketScope"));
    connect(about, &QAction::triggered, this, [this] {
        QMessageBox::about(this, tr("About SocketScope"),
                           tr("<b>SocketScope %1</b><p>An embedded WebSocket, SSE and long-polling server, "
                              "swarms of simulated clients and live charts, in one window.</p>"
                              "<p>Qt %2</p>").arg(QStringLiteral(SOCKETSCOPE_VERSION), QString::fromLatin1(qVersion())));
    });
}

void MainWindow::buildToolBar()
{
    QToolBar *bar = addToolBar(tr("Run"));
    bar->setObjectName(QStringLiteral("runToolBar"));
    bar->setMovable(false);
    bar->setToolButtonStyle(Qt::ToolButtonTextOnly);
    bar->addAction(m_startAction);
    bar->addAction(m_stopAction);
    if (auto *start = qobject_cast<QToolButton *>(bar->widgetForAction(m_startAction))) {
        start->setObjectName(QStringLiteral("startButton"));
        start->setAccessibleName(tr("Start the run"));
        QFont bold = start->font();
        bold.setBold(true);
        start->setFont(bold);
    }
    if (auto *stop = qobject_cast<QToolButton *>(bar->widgetForAction(m_stopAction))) {
        stop->setObjectName(QStringLiteral("stopButton"));
        stop->setAccessibleName(tr("Stop the run"));
    }
    bar->addSeparator();
    m_scenarioLabel = new QLabel(bar);
    m_scenarioLabel->setObjectName(QStringLiteral("scenarioLabel"));
    m_scenarioLabel->setToolTip(tr("The scenario Start runs (edit it in the Simulator panel)"));
    bar->addWidget(new QLabel(tr("Scenario:"), bar));
    bar->addWidget(m_scenarioLabel);
    bar->addSeparator();

    auto *where = new QWidget(bar);
    auto *row = new QHBoxLayout(where);
    row->setContentsMargins(6, 0, 6, 0);
    m_address = new QLabel(where);
    m_address->setObjectName(QStringLiteral("serverAddress"));
    m_address->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_address->setAccessibleName(tr("Embedded server address"));
    m_pageUrl = new QLabel(where);
    m_pageUrl->setObjectName(QStringLiteral("pageUrl"));
    m_pageUrl->setTextInteractionFlags(Qt::TextSelectableByMouse | Qt::LinksAccessibleByMouse);
    m_pageUrl->setAccessibleName(tr("Browser page URL"));
    row->addWidget(new QLabel(tr("Server:"), where));
    row->addWidget(m_address);
    row->addSpacing(12);
    row->addWidget(new QLabel(tr("Page:"), where));
    row->addWidget(m_pageUrl);
    bar->addWidget(where);
    bar->addAction(m_copyUrlAction);
    if (QWidget *copy = bar->widgetForAction(m_copyUrlAction)) {
        copy->setObjectName(QStringLiteral("copyUrlButton"));
        copy->setAccessibleName(tr("Copy the browser page URL"));
    }
}

void MainWindow::buildStatusBar()
{
    m_runState = new QLabel(this);
    m_runState->setObjectName(QStringLiteral("runState"));
    // Outcomes can make the line long: it is cut at the window's edge rather than widening it.
    m_runState->setMinimumWidth(1);
    m_connections = new QLabel(this);
    m_connections->setObjectName(QStringLiteral("connectionCount"));
    m_cpu = new QLabel(this);
    m_cpu->setObjectName(QStringLiteral("toolCpu"));
    m_cpu->setToolTip(tr("SocketScope's own CPU use (100 % = one core). Amber or red: the tool itself is close to "
                         "distorting what it measures."));
    m_lag = new QLabel(this);
    m_lag->setObjectName(QStringLiteral("loopLag"));
    m_lag->setToolTip(tr("How late the slowest event loop (window or client pool) ran in the last second. "
                         "Amber from 20 ms, red from 100 ms: latencies then include the tool's own delay."));
    statusBar()->addWidget(m_runState, 1);
    statusBar()->addPermanentWidget(m_connections);
    statusBar()->addPermanentWidget(m_cpu);
    statusBar()->addPermanentWidget(m_lag);
}

bool MainWindow::startRun()
{
    if (m_session->isRunning())
        return false;
    const std::shared_ptr<const scenario::Scenario> scenario = m_simulator->currentScenario();
    if (!scenario) {
        QStringList errors;
        for (const scenario::LoadError &error : m_simulator->document()->errors())
            errors << error.toString();
        showError(tr("The scenario has errors"), errors.join(QLatin1Char('\n')));
        return false;
    }
    m_charts->clear();
    m_session->setFrameTap(m_frameTap);
    return m_session->start(scenario);
}

bool MainWindow::openScenario(const QString &nameOrPath)
{
    bool builtIn = false;
    for (const auto &[name, resource] : ScenarioDocument::builtInScenarios())
        builtIn = builtIn || name == nameOrPath;
    if (builtIn ? m_simulator->loadBuiltIn(nameOrPath) : m_simulator->loadFile(nameOrPath))
        return true;
    m_lastError = m_simulator->errorString();
    return false;
}

void MainWindow::stopRun()
{
    m_session->stop();
}

void MainWindow::onRunStateChanged()
{
    const bool running = m_session->isRunning();
    m_startAction->setEnabled(!running && m_simulator->document()->isValid());
    m_stopAction->setEnabled(m_session->state() == RunSession::State::Running);
    const bool hasReport = m_session->state() == RunSession::State::Finished;
    for (QAction *action : std::as_const(m_reportActions))
        action->setEnabled(hasReport);
    if (!running) {
        m_clientsOpen = 0;
        m_poolLagMs = 0;
    }
    refreshStatus();
}

void MainWindow::onSnapshot(const MetricsSnapshot &snapshot)
{
    m_charts->addSnapshot(snapshot);
    m_clientsOpen = snapshot.all.total.open();
    m_poolLagMs = snapshot.loopLagMs.empty() ? 0 : *std::max_element(snapshot.loopLagMs.begin(), snapshot.loopLagMs.end());
}

void MainWindow::onServerChanged()
{
    Server *server = m_host.server();
    const QString host = m_host.config().address.toString();
    if (server) {
        m_address->setText(QStringLiteral("%1:%2").arg(host).arg(server->port()));
        const bool tls = server->usesTls();
        m_pageUrl->setText(QStringLiteral("%1://%2:%3/").arg(tls ? u"https" : u"http", host).arg(server->port()));
        m_manual->setDefaultUrl(QUrl(QStringLiteral("%1://%2:%3/ws?channel=general").arg(tls ? u"wss" : u"ws", host).arg(server->port())));
    } else {
        m_address->setText(tr("stopped"));
        m_pageUrl->setText(QString());
    }
    m_copyUrlAction->setEnabled(server != nullptr);
}

void MainWindow::refreshStatus()
{
    const qint64 now = MonotonicClock::nowNs();
    const double cpuPercent = m_processCpu->sample(now);
    const double lag = std::max(m_lagProbe->recentMaxLagMs(), m_poolLagMs);

    QString runState;
    switch (m_session->state()) {
    case RunSession::State::Idle:
        runState = tr("Ready: press Start to run %1").arg(scenarioName());
        break;
    case RunSession::State::Running:
        runState = tr("Running %1 · %2").arg(scenarioName(), elapsedText(m_session->elapsedNs()));
        break;
    case RunSession::State::Stopping:
        runState = tr("Stopping…");
        break;
    case RunSession::State::Finished: {
        const Runner *runner = m_session->runner();
        const bool passed = runner && runner->report().exitCode == Runner::exitPassed;
        runState = tr("Finished after %1 · %2")
                       .arg(elapsedText(m_session->elapsedNs()), passed ? tr("all thresholds held") : tr("a threshold failed"));
        break;
    }
    }
    // How sessions ended, so a swarm at a dead URL or with a wrong token says so here: the three
    // most frequent in the line, all of them in the tooltip.
    constexpr int outcomesShown = 3;
    constexpr qsizetype outcomeChars = 40;
    const bool ran = m_session->state() != RunSession::State::Idle;
    const QString outcomes = ran ? m_session->outcomesText(outcomesShown, outcomeChars) : QString();
    if (!outcomes.isEmpty())
        runState += QStringLiteral(" · ") + outcomes;
    m_runState->setText(runState);
    m_runState->setToolTip(outcomes.isEmpty() ? QString()
                                              : tr("How sessions ended, most frequent first:") + QLatin1Char('\n')
                                                    + m_session->outcomesText(0));

    const Server *server = m_host.server();
    const qint64 serverOpen = server ? server->stats().totalOpen() : 0;
    m_connections->setText(tr("Connections: server %L1 · clients %L2").arg(serverOpen).arg(m_clientsOpen));

    const ToolHealth health{cpuPercent, QThread::idealThreadCount(), lag};
    const QString colour = healthColour(health.level());
    m_cpu->setText(tr("CPU %1 %").arg(cpuPercent, 0, 'f', 0));
    m_cpu->setStyleSheet(QStringLiteral("QLabel { color: %1; font-weight: bold; }").arg(health.level() == ToolHealth::Level::Good
                                                                                            ? QString() : colour));
    m_lag->setText(tr("Loop lag %1 ms").arg(lag, 0, 'f', lag < 10 ? 1 : 0));
    m_lag->setStyleSheet(QStringLiteral("QLabel { color: %1; }").arg(colour));
    m_cpu->setProperty("healthLevel", ToolHealth::levelName(health.level()));
}

void MainWindow::exportReport(const QString &format)
{
    const QString base = scenarioName().isEmpty() ? QStringLiteral("report") : scenarioName();
    const QString suffix = format == u"junit" ? QStringLiteral("xml") : format;
    const QString path = QFileDialog::getSaveFileName(this, tr("Export report"), base + QLatin1Char('.') + suffix);
    if (path.isEmpty())
        return;
    if (!writeReport(format, path))
        showError(tr("The report was not written"), m_lastError);
    else
        statusBar()->showMessage(tr("Wrote %1").arg(path), 5000);
}

bool MainWindow::writeReport(const QString &format, const QString &path)
{
    const Runner *runner = m_session->runner();
    if (!runner || !runner->isFinished()) {
        m_lastError = tr("no finished run to report on");
        return false;
    }
    const RunReport &report = runner->report();
    const QByteArray data = format == u"json" ? report.toJsonBytes() : format == u"csv" ? report.toCsv() : report.toJUnitXml();
    return RunReport::writeFile(path, data, &m_lastError);
}

void MainWindow::exportChart(int index)
{
    const QString title = m_charts->chartTitles().value(index);
    const QString path = QFileDialog::getSaveFileName(this, tr("Export chart: %1").arg(title),
                                                      title.toLower().replace(QLatin1Char(' '), QLatin1Char('-')) + QStringLiteral(".png"),
                                                      tr("PNG image (*.png);;SVG drawing (*.svg)"));
    if (!path.isEmpty() && !m_charts->exportChart(index, path))
        showError(tr("The chart was not written"), m_charts->errorString());
}

QString MainWindow::scenarioName() const
{
    return m_simulator->document()->name();
}

bool MainWindow::importHar(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        showError(tr("The recording was not imported"), tr("%1: %2").arg(path, file.errorString()));
        return false;
    }
    const HarImport imported = HarImporter::importRecording(file.readAll(), QFileInfo(path).fileName());
    QStringList problems;
    for (const HarError &error : imported.errors)
        problems << error.toString();
    if (!imported.isOk()) {
        showError(tr("The recording was not imported"), tr("%1:\n%2").arg(path, problems.join(QLatin1Char('\n'))));
        return false;
    }
    m_simulator->setScenarioJson(QJsonDocument(imported.scenario).toJson(QJsonDocument::Indented));
    // The same lists as `socketscope import-har` prints: nothing recorded is dropped silently.
    QStringList notes{tr("%n WebSocket connection(s) imported from %1, one group each.", nullptr, int(imported.connections))
                          .arg(QFileInfo(path).fileName())};
    const auto section = [&notes](const QString &title, const QStringList &lines) {
        if (lines.isEmpty())
            return;
        notes << QString() << title;
        for (const QString &line : lines)
            notes << QStringLiteral("  ") + line;
    };
    section(tr("Fill in before running (the recorded values were not kept):"), imported.toFillIn);
    section(tr("Not replayed:"), imported.notReplayed);
    section(tr("Problems in the file:"), problems);
    m_lastImportNotes = notes.join(QLatin1Char('\n'));
    statusBar()->showMessage(notes.first(), 10000);
    if (QApplication::platformName() != u"offscreen") {
        QMessageBox box(QMessageBox::Information, tr("Recording imported"), notes.first(), QMessageBox::Ok, this);
        box.setInformativeText(imported.toFillIn.isEmpty()
                                   ? tr("Set each group's clients and run it. Details lists what the scenario does not replay.")
                                   : tr("Replace the FILL_IN_ markers in the scenario with real values, set each group's clients and run it."));
        box.setDetailedText(m_lastImportNotes);
        box.exec();
    }
    return true;
}

void MainWindow::showError(const QString &title, const QString &message)
{
    m_lastError = message;
    statusBar()->showMessage(title + QStringLiteral(": ") + message.section(QLatin1Char('\n'), 0, 0), 10000);
    if (QApplication::platformName() != u"offscreen")
        QMessageBox::warning(this, title, message);
}

void MainWindow::showEvent(QShowEvent *event)
{
    QMainWindow::showEvent(event);
    if (m_dockSizesApplied)
        return;
    m_dockSizesApplied = true;
    // Dock sizes only take once the window has its size: the charts get the most room, the
    // inspector a strip of rows, the panels on the left enough for the group table.
    if (!m_layoutRestored)
        QTimer::singleShot(0, this, [this] {
        resizeDocks({findChild<QDockWidget *>(QStringLiteral("simulatorDock"))}, {width() * 36 / 100}, Qt::Horizontal);
        resizeDocks({findChild<QDockWidget *>(QStringLiteral("inspectorDock"))}, {height() * 28 / 100}, Qt::Vertical);
        resizeDocks({findChild<QDockWidget *>(QStringLiteral("faultDock"))}, {height() * 22 / 100}, Qt::Vertical);
        });
}

void MainWindow::restoreSettings()
{
    QSettings settings;
    restoreGeometry(settings.value(QStringLiteral("window/geometry")).toByteArray());
    m_layoutRestored = restoreState(settings.value(QStringLiteral("window/state")).toByteArray());
    const QByteArray scenarioJson = settings.value(QStringLiteral("simulator/scenarioJson")).toByteArray();
    if (scenarioJson.trimmed().isEmpty())
        m_simulator->loadBuiltIn(defaultScenario());
    else
        m_simulator->setScenarioJson(scenarioJson); // kept even with errors: work in progress
    m_scenarioLabel->setText(scenarioName());
    m_charts->setWindowChoice(settings.value(QStringLiteral("charts/window")).toString());
}

void MainWindow::saveSettings() const
{
    QSettings settings;
    settings.setValue(QStringLiteral("window/geometry"), saveGeometry());
    settings.setValue(QStringLiteral("window/state"), saveState());
    settings.setValue(QStringLiteral("simulator/scenarioJson"), m_simulator->scenarioJson());
    settings.setValue(QStringLiteral("charts/window"), m_charts->windowChoice());
    ServerConfigSettings::save(settings, m_host.requestedConfig());
}

void MainWindow::resetLayout()
{
    restoreState(m_defaultLayout);
    for (QDockWidget *dock : findChildren<QDockWidget *>())
        dock->show();
}

void MainWindow::closeEvent(QCloseEvent *event)
{
    saveSettings();
    if (m_session->isRunning())
        m_session->stop();
    QMainWindow::closeEvent(event);
}
