#pragma once

#include <QDeadlineTimer>
#include <QList>
#include <QWidget>

class EmbeddedServerHost;
class QAction;
class QDoubleSpinBox;
class QLabel;
class QSpinBox;
class QTimer;
class RunSession;

// Fault injection by hand (DESIGN section 4): each button acts at once on the window's embedded
// server, also (especially) during a run, and leaves a marker on the run's charts through
// RunSession::noteFault(). One-shot faults (restart, drop connections, refuse for S seconds) are
// plain actions; lasting ones (latency + jitter, message drop, ignore pings, stop reading) are
// checkable and follow the server's fault state, so a scenario's fault step shows here too.
// The actions are shared with the window's Faults menu (faultActions()).
class FaultPanel : public QWidget
{
    Q_OBJECT
public:
    // `session` may be nullptr (faults are still applied, nothing is marked).
    FaultPanel(EmbeddedServerHost &host, RunSession *session, QWidget *parent = nullptr);

    // Restart, drop connections, latency, drop messages, ignore pings, stop reading, refuse
    // connections, in that order; the window can list them in a menu (the checkable ones show
    // their state there too).
    QList<QAction *> faultActions() const { return m_actions; }

    QAction *restartAction() const { return m_restart; }
    QAction *dropConnectionsAction() const { return m_dropConnections; }
    QAction *latencyAction() const { return m_latency; }
    QAction *dropMessagesAction() const { return m_dropMessages; }
    QAction *ignorePingsAction() const { return m_ignorePings; }
    QAction *stopReadingAction() const { return m_stopReading; }
    QAction *refuseAction() const { return m_refuse; }

public Q_SLOTS:
    // Reads the server's fault state into the checkable actions and the status line.
    void refresh();

protected:
    void showEvent(QShowEvent *event) override;
    void hideEvent(QHideEvent *event) override;

private:
    void note(const QString &description);
    void applyLatency(bool on);
    void applyMessageDrop(bool on);

    EmbeddedServerHost &m_host;
    RunSession *m_session = nullptr;
    QList<QAction *> m_actions;
    QAction *m_restart = nullptr;
    QAction *m_dropConnections = nullptr;
    QAction *m_latency = nullptr;
    QAction *m_dropMessages = nullptr;
    QAction *m_ignorePings = nullptr;
    QAction *m_stopReading = nullptr;
    QAction *m_refuse = nullptr;
    QDoubleSpinBox *m_downtime = nullptr;
    QSpinBox *m_dropPercent = nullptr;
    QSpinBox *m_latencyMs = nullptr;
    QSpinBox *m_jitterMs = nullptr;
    QSpinBox *m_messageDropPercent = nullptr;
    QDoubleSpinBox *m_refuseSeconds = nullptr;
    QLabel *m_status = nullptr;
    QDeadlineTimer m_refuseUntil;
    QTimer *m_refresh = nullptr;
};
