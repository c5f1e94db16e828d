#pragma once

#include "session/toolhealth.h"

#include <QMainWindow>

#include <memory>

class ChartPanel;
class EmbeddedServerHost;
class EventLoopLagProbe;
class FaultPanel;
class FrameTap;
class InspectorPanel;
class ManualClientPanel;
class ProcessCpu;
class QAction;
class QActionGroup;
class QDockWidget;
class QLabel;
class QMenu;
class QTimer;
class RunSession;
class ServerPanel;
class SimulatorPanel;
struct MetricsSnapshot;

// The application window (issue 4): live charts in the middle; the simulator (scenario editor),
// server, faults, message inspector and manual clients in docks around them; one Start button;
// the server's address and browser page URL always in view; a status bar that says how the run
// and the tool itself are doing. It shows what the engine does and never touches sockets: the
// embedded server belongs to the EmbeddedServerHost, a run to the RunSession.
// Layout, the last scenario, server settings, theme and language persist in QSettings.
class MainWindow : public QMainWindow
{
    Q_OBJECT
public:
    explicit MainWindow(EmbeddedServerHost &host, QWidget *parent = nullptr);
    ~MainWindow() override;

    // The QSettings key of the worker event-loop choice ("epoll" or "qt").
    static QString eventLoopSettingsKey();
    // The scenario the window opens with when none was saved.
    static QString defaultScenario() { return QStringLiteral("chat-1k"); }

    RunSession &session() const { return *m_session; }

    // Starts the scenario in the simulator panel; false (with a message in the status bar and
    // a dialog unless `quiet`) when it has errors or the run could not start.
    bool startRun();
    void stopRun();
    // Loads a built-in scenario by name ("chat-1k") or a scenario file; false with lastError().
    bool openScenario(const QString &nameOrPath);
    // File > Import HAR recording…: the recording's scenario (core/har/harimporter) into the
    // simulator panel, as if typed; what the user must fill in and what is not replayed in
    // lastImportNotes() (and a dialog). False with lastError() when nothing could be imported.
    bool importHar(const QString &path);
    QString lastImportNotes() const { return m_lastImportNotes; }
    // Writes the last finished run's report as "json", "csv" or "junit" (the writers of
    // `socketscope run`); false with lastError() when there is none or it cannot be written.
    bool writeReport(const QString &format, const QString &path);
    QString lastError() const { return m_lastError; }

protected:
    void closeEvent(QCloseEvent *event) override;
    void showEvent(QShowEvent *event) override;

private:
    void buildActions();
    void buildMenus();
    void buildToolBar();
    void buildDocks();
    void buildStatusBar();
    QDockWidget *addDock(QWidget *content, const QString &title, const QString &objectName, Qt::DockWidgetArea area);

    void restoreSettings();
    void saveSettings() const;
    void resetLayout();

    void onRunStateChanged();
    void onSnapshot(const MetricsSnapshot &snapshot);
    void onServerChanged();
    void refreshStatus();
    void exportReport(const QString &format);
    void exportChart(int index);
    void showError(const QString &title, const QString &message);
    QString scenarioName() const;

    EmbeddedServerHost &m_host;
    RunSession *m_session = nullptr;
    std::shared_ptr<FrameTap> m_frameTap;

    ChartPanel *m_charts = nullptr;
    SimulatorPanel *m_simulator = nullptr;
    ServerPanel *m_serverPanel = nullptr;
    FaultPanel *m_faults = nullptr;
    InspectorPanel *m_inspector = nullptr;
    ManualClientPanel *m_manual = nullptr;
    QByteArray m_defaultLayout;

    QAction *m_startAction = nullptr;
    QAction *m_stopAction = nullptr;
    QAction *m_copyUrlAction = nullptr;
    QAction *m_findAction = nullptr;
    QList<QAction *> m_reportActions;
    QMenu *m_faultMenu = nullptr;

    QLabel *m_scenarioLabel = nullptr;
    QLabel *m_address = nullptr;
    QLabel *m_pageUrl = nullptr;
    QLabel *m_runState = nullptr;
    QLabel *m_cpu = nullptr;
    QLabel *m_lag = nullptr;
    QLabel *m_connections = nullptr;

    QTimer *m_statusTimer = nullptr;
    EventLoopLagProbe *m_lagProbe = nullptr;
    std::unique_ptr<ProcessCpu> m_processCpu;
    QString m_lastError;
    QString m_lastImportNotes;
    bool m_layoutRestored = false;
    bool m_dockSizesApplied = false;
    double m_poolLagMs = 0;
    qint64 m_clientsOpen = 0;
};
