#pragma once

#include "manual/socketiomanualsession.h"

#include <QObject>
#include <QString>

class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QPushButton;
class QWidget;

// The Socket.IO mode of a manual client tab: what to connect with (transport, namespace, auth
// JSON: optionsWidget(), beside the connection options) and what to do once connected (an event
// name, its arguments as a JSON array, "ask for an ack", Emit, the last ack with its round trip:
// actionsWidget(), where the WebSocket mode has its send box). The session is a
// SocketIoManualSession in core; these widgets only fill it in and show what it says.
class SocketIoControls : public QObject
{
    Q_OBJECT
public:
    explicit SocketIoControls(QWidget *tab);
    ~SocketIoControls() override;

    SocketIoManualSession *session() const { return m_session; }
    QWidget *optionsWidget() const { return m_options; }
    QWidget *actionsWidget() const { return m_actions; }
    QPlainTextEdit *argumentsBox() const { return m_args; }

    // Opens the session with the fields' transport, namespace and auth; false (and *error)
    // when a field is wrong.
    bool connectTo(const QUrl &url, const EngineIoClient::Headers &headers, bool ignoreCertificateErrors, QString *error);
    // Emits the event in the fields; false (with the reason shown under them) when refused.
    bool emitEvent();
    void updateControls();
    // The session as the handshake pane shows it: Engine.IO's open packet, the transport,
    // the CONNECT answer or refusal.
    QString summary() const { return m_summary; }

Q_SIGNALS:
    void summaryChanged(const QString &text);

private:
    void buildOptions(QWidget *tab);
    void buildActions(QWidget *tab);
    void setSummary(const QString &text);
    void showEmitError(const QString &message);

    SocketIoManualSession *m_session = nullptr;
    QWidget *m_options = nullptr;
    QWidget *m_actions = nullptr;
    QComboBox *m_transport = nullptr;
    QLineEdit *m_namespace = nullptr;
    QPlainTextEdit *m_auth = nullptr;
    QLineEdit *m_event = nullptr;
    QPlainTextEdit *m_args = nullptr;
    QCheckBox *m_ack = nullptr;
    QPushButton *m_emit = nullptr;
    QLabel *m_emitError = nullptr;
    QLabel *m_lastAck = nullptr;
    QString m_summary;
};
