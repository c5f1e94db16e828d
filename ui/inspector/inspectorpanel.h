#pragma once

#include <QTimer>
#include <QWidget>

#include <memory>

class EmbeddedServerHost;
class FrameTableModel;
class FrameTap;
class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QPushButton;
class QSpinBox;
class QTableView;

// The message inspector (issue 4): a table of the frames the FrameTap sampled (time, direction,
// connection, protocol, channel, type, size, message), a sample of all traffic or every frame of
// one followed connection, filters (text or regular expression, type, connection, direction),
// Pause, Clear, a detail pane with the message pretty-printed, Copy and Export (JSON Lines).
// While active it drains the tap once per 100 ms; inactive or paused, the tap is off and costs
// the engine one relaxed atomic load per frame. Lives in the GUI thread.
//
// The tap reaches the engine through Server::setFrameTap (watchServerHost() keeps the window's
// server attached across restarts) and Runner::setFrameTap (simulated clients of URL targets).
class InspectorPanel : public QWidget
{
    Q_OBJECT
public:
    explicit InspectorPanel(std::shared_ptr<FrameTap> tap, QWidget *parent = nullptr);
    ~InspectorPanel() override;

    std::shared_ptr<FrameTap> tap() const { return m_tap; }
    FrameTableModel *model() const { return m_model; }
    QTableView *view() const { return m_view; }

    // Attaches the tap to the host's server now and to every server it starts later.
    void watchServerHost(EmbeddedServerHost *host);

    // Active: the tap samples and the table fills. The window turns this off when the inspector
    // is not shown, so a hidden inspector costs nothing.
    void setActive(bool active);
    bool isActive() const { return m_active; }
    void setPaused(bool paused);
    bool isPaused() const { return m_paused; }
    // 0: a sample of all traffic; otherwise every frame of this connection (FrameConnection::id).
    void followConnection(quint64 connectionId);
    quint64 followedConnection() const { return m_followed; }

    // Visible rows that are selected, ascending.
    QList<int> selectedRows() const;
    // Writes these rows as JSON Lines; false with errorString() naming the file and the reason.
    bool exportRows(const QString &path, const QList<int> &rows);
    QString errorString() const { return m_error; }

public Q_SLOTS:
    // Drains the tap into the table now (the refresh timer calls this at 10 Hz).
    void refresh();
    void clear();
    void copySelectedRows();
    void copyCurrentMessage();
    void exportSelected();

Q_SIGNALS:
    // After each drain that added rows (GUI thread; at most 10 per second).
    void framesAppended(int rows);
    void activeChanged(bool active);

private:
    void buildUi();
    void applyTapMode();
    void scheduleFilter();
    void applyFilter();
    void updateConnectionLists();
    void updateTypeList();
    void updateStatus();
    void updateButtons();
    void showDetail();
    void setFeedback(const QString &message, bool error);

    std::shared_ptr<FrameTap> m_tap;
    FrameTableModel *m_model = nullptr;
    QTableView *m_view = nullptr;
    QComboBox *m_follow = nullptr;
    QSpinBox *m_sampleRate = nullptr;
    QPushButton *m_pause = nullptr;
    QPushButton *m_clear = nullptr;
    QPushButton *m_copyRows = nullptr;
    QPushButton *m_copyMessage = nullptr;
    QPushButton *m_export = nullptr;
    QLineEdit *m_filterText = nullptr;
    QCheckBox *m_regex = nullptr;
    QComboBox *m_typeFilter = nullptr;
    QComboBox *m_connectionFilter = nullptr;
    QComboBox *m_directionFilter = nullptr;
    QCheckBox *m_dataOnly = nullptr;
    QLabel *m_filterError = nullptr;
    QLabel *m_status = nullptr;
    QLabel *m_dropped = nullptr;
    QLabel *m_feedback = nullptr;
    QPlainTextEdit *m_detail = nullptr;

    QTimer m_refreshTimer;
    QTimer m_filterDelay;
    bool m_active = false;
    bool m_paused = false;
    quint64 m_followed = 0;
    quint64 m_connectionsVersion = ~quint64(0);
    quint64 m_droppedTotal = 0;
    quint64 m_droppedAtClear = 0;
    QString m_error;
};
