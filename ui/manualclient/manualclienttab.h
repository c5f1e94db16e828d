#pragma once

#include "manual/manualconnection.h"

#include <QStringList>
#include <QUrl>
#include <QWidget>

class ManualFrameModel;
class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QPushButton;
class QSortFilterProxyModel;
class QTableView;
class QTableWidget;
class QToolButton;
class SavedMessageStore;

// One manual client ("User A"): a URL with headers and token, Connect / Disconnect / Reconnect,
// the handshake as sent and received, a log of every frame with timestamps and a detail pane,
// and a send box (text or validated JSON, history, saved messages), ping, and close with a
// chosen code. The connection itself is a ManualConnection in core; this widget only shows it.
class ManualClientTab : public QWidget
{
    Q_OBJECT
public:
    // `saved` is shared by the panel's tabs and outlives them.
    explicit ManualClientTab(SavedMessageStore *saved, QWidget *parent = nullptr);
    ~ManualClientTab() override;

    void setUrl(const QUrl &url);
    QString urlText() const;
    ManualConnection *connection() const { return m_connection; }
    ManualFrameModel *frameModel() const { return m_model; }
    // Sent messages, oldest first (at most maxHistory()).
    QStringList history() const { return m_history; }
    static int maxHistory() { return 100; }

    // Empty when `text` is valid JSON; otherwise the parser's error with its line and column
    // ("line 2, column 5: unterminated object"). `offset` receives the error's character offset.
    static QString checkJson(const QString &text, int *offset = nullptr);

public Q_SLOTS:
    void connectToUrl();
    void disconnectFromServer();
    void reconnect();
    // Sends the send box's text (checked first in JSON mode); false when refused.
    bool sendMessage();
    void sendPing();
    void closeWithChosenCode();
    // Saves the send box's text under `name` (the Save button asks for it).
    void saveMessage(const QString &name);

Q_SIGNALS:
    void stateChanged(ManualConnection::State state);

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    QWidget *buildConnectionBox();
    QWidget *buildLog();
    QWidget *buildSendBox();
    ManualConnection::Options options(QString *error) const;
    void updateControls();
    void updateUrlHint();
    // The protocol the URL field names (before connecting) or the open connection's.
    ManualConnection::Protocol currentProtocol() const;
    void onStateChanged(ManualConnection::State state);
    void showState();
    void onFrameLogged(const ManualFrame &frame);
    void onError(const QString &message);
    void showRequestHead(const QByteArray &head);
    void showResponseHead(const HttpResponseHead &head, qint64 elapsedMs);
    void showFrameDetail();
    void updateLogStatus();
    void validateSendBox();
    void showSendError(const QString &message);
    void addToHistory(const QString &text);
    void stepHistory(int direction);
    void refreshSavedMessages();
    void insertSaved(int index);
    void askNameAndSave();
    void deleteSaved();

    ManualConnection *m_connection = nullptr;
    ManualFrameModel *m_model = nullptr;
    SavedMessageStore *m_saved = nullptr;

    QLineEdit *m_url = nullptr;
    QLabel *m_urlHint = nullptr;
    QPushButton *m_connect = nullptr;
    QPushButton *m_disconnect = nullptr;
    QPushButton *m_reconnect = nullptr;
    QLabel *m_state = nullptr;
    QLabel *m_lastError = nullptr;

    QLineEdit *m_token = nullptr;
    QLineEdit *m_subprotocols = nullptr;
    QComboBox *m_tokenPlacement = nullptr;
    QCheckBox *m_ignoreCertificates = nullptr;
    QCheckBox *m_autoReconnect = nullptr;
    QTableWidget *m_headers = nullptr;
    QPlainTextEdit *m_handshake = nullptr;
    QString m_requestText;

    QLineEdit *m_filter = nullptr;
    QLabel *m_logStatus = nullptr;
    QSortFilterProxyModel *m_proxy = nullptr;
    QTableView *m_log = nullptr;
    QPlainTextEdit *m_detail = nullptr;
    bool m_followTail = true;

    QComboBox *m_mode = nullptr;
    QComboBox *m_historyBox = nullptr;
    QComboBox *m_savedBox = nullptr;
    QToolButton *m_deleteSaved = nullptr;
    QPlainTextEdit *m_sendBox = nullptr;
    QLabel *m_sendError = nullptr;
    QLabel *m_sendHint = nullptr;
    QPushButton *m_send = nullptr;
    QLineEdit *m_pingPayload = nullptr;
    QPushButton *m_ping = nullptr;
    QComboBox *m_closeCode = nullptr;
    QLineEdit *m_closeReason = nullptr;
    QPushButton *m_close = nullptr;

    QStringList m_history;
    int m_historyPos = -1;      // index into m_history while stepping with Up/Down, -1: the draft
    QString m_draft;
};
