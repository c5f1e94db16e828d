#pragma once

#include "manual/manualconnection.h"

#include <QStringList>
#include <QUrl>
#include <QWidget>

class GraphQlControls;
class ManualFrameModel;
class ManualSession;
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
class SocketIoControls;

// One manual client ("User A"): a protocol, a URL with headers and token, Connect / Disconnect /
// Reconnect, the handshake as sent and received, a log of every frame with timestamps and a
// detail pane, and what to do once connected:
//   WebSocket  (ws://, or http:// for SSE) a send box (text or validated JSON, history, saved
//              messages), ping, and close with a chosen code: a ManualConnection in core
//   Socket.IO  transport, namespace and auth; emit an event with JSON arguments, with or without
//              an ack (SocketIoControls over a SocketIoManualSession)
//   GraphQL    connection_init payload; subscribe, complete, ping (GraphQlControls over a
//              GraphQlManualSession)
// In every mode each frame of the log shows its decoded type next to the raw text. The
// sessions live in core; this widget only shows them.
class ManualClientTab : public QWidget
{
    Q_OBJECT
public:
    enum class Protocol { WebSocket, SocketIo, GraphQl };

    // `saved` is shared by the panel's tabs and outlives them.
    explicit ManualClientTab(SavedMessageStore *saved, QWidget *parent = nullptr);
    ~ManualClientTab() override;

    // The URL of the current protocol (each protocol keeps its own while another is chosen).
    void setUrl(const QUrl &url);
    QString urlText() const;
    // Switches the tab's mode; only while nothing is connected (false otherwise).
    bool setProtocol(Protocol protocol);
    Protocol protocol() const { return m_protocol; }
    // The state of the current protocol's connection or session.
    ManualConnection::State state() const;
    ManualConnection *connection() const { return m_connection; }
    SocketIoControls *socketIo() const { return m_socketIo; }
    GraphQlControls *graphQl() const { return m_graphQl; }
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
    // Socket.IO and GraphQL: the headers and token of the options box, and the URL with the
    // token in its query when it goes there.
    bool sessionRequest(QUrl *url, QList<QPair<QByteArray, QByteArray>> *headers, QString *error) const;
    ManualSession *currentSession() const;
    void showProtocolSummary(const QString &text);
    void refreshHandshakePane();
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
    SocketIoControls *m_socketIo = nullptr;
    GraphQlControls *m_graphQl = nullptr;
    Protocol m_protocol = Protocol::WebSocket;
    QString m_urls[3];                  // each protocol's URL while another is shown
    ManualFrameModel *m_model = nullptr;
    SavedMessageStore *m_saved = nullptr;

    QComboBox *m_protocolBox = nullptr;
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
    QString m_handshakeText;            // the HTTP heads as shown
    QString m_protocolSummary;          // Socket.IO / GraphQL: what the session said after them

    QLineEdit *m_filter = nullptr;
    QLabel *m_logStatus = nullptr;
    QSortFilterProxyModel *m_proxy = nullptr;
    QTableView *m_log = nullptr;
    QPlainTextEdit *m_detail = nullptr;
    bool m_followTail = true;

    QWidget *m_sendGroup = nullptr;
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
