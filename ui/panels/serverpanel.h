#pragma once

#include "server/serverconfig.h"

#include <QWidget>

class EmbeddedServerHost;
class QCheckBox;
class QComboBox;
class QDoubleSpinBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QSpinBox;
class QTimer;
class QToolButton;
class RunSession;
class Server;

// The embedded server's settings and state (DESIGN section 4): where it listens, which protocols,
// token and origins, limits, ping/heartbeat, replay size and workers; Apply restarts it on the
// same port with the new settings (errors from ServerConfig::validate() or the start shown under
// the buttons); Start / Stop / Restart; live counts by protocol read from the server's counters a
// few times a second while visible. While a run is in progress the server must stay the same
// object, so Apply, Start, Stop and Restart wait for the run to end (fault buttons do not).
// Warns when it would listen beyond loopback without a token. TLS (https://, wss://) with the
// user's certificate and key files or a self-signed certificate generated at each start.
class ServerPanel : public QWidget
{
    Q_OBJECT
public:
    // `session` may be nullptr (no runs: nothing is ever locked).
    ServerPanel(EmbeddedServerHost &host, RunSession *session, QWidget *parent = nullptr);

    // The settings in the fields (not yet applied); fields the panel does not show (event loop,
    // timeouts) keep what the last setConfig() gave.
    ServerConfig config() const;
    // Fills the fields, e.g. from saved settings; does not apply them.
    void setConfig(const ServerConfig &config);
    // What is wrong with the fields (address, validate()); empty when they can be applied.
    QString problem() const;
    // True when the fields would listen beyond loopback without a token (the warning shows).
    bool isExposedWithoutToken() const;

public Q_SLOTS:
    // Applies the fields: restarts the running server with them on the same port (or starts it).
    bool apply();
    bool startServer();
    void stopServer();
    // Stops and starts the server with its current settings, on the same port.
    bool restartServer();
    // Reads the counters now (the panel does so itself a few times a second while visible).
    void refresh();

Q_SIGNALS:
    // New settings are running (for the window to save them).
    void configApplied(const ServerConfig &config);

protected:
    void showEvent(QShowEvent *event) override;
    void hideEvent(QHideEvent *event) override;

private:
    void onFieldsChanged();
    void updateTlsFields();
    void updateJwtField();
    void browseTlsFile(QLineEdit *field, const QString &title, const QString &filter);
    void updateButtons();
    void showError(const QString &message);
    // `base` with every field the panel shows written over it (what Apply would start).
    ServerConfig fieldsOver(const ServerConfig &base) const;
    // Whether a shown field differs from `against`.
    bool hasEdits(const ServerConfig &against) const;
    // After a start or apply: on success the fields show what runs and configApplied() is emitted;
    // on failure `failure` (with %1 for the host's reason) is shown.
    bool settle(bool started, const QString &failure);

    EmbeddedServerHost &m_host;
    RunSession *m_session = nullptr;
    ServerConfig m_base;
    bool m_filling = false;

    QComboBox *m_address = nullptr;
    QSpinBox *m_port = nullptr;
    QCheckBox *m_webSocket = nullptr;
    QCheckBox *m_sse = nullptr;
    QCheckBox *m_poll = nullptr;
    QLineEdit *m_token = nullptr;
    QLineEdit *m_broker = nullptr;
    QToolButton *m_showToken = nullptr;
    QLineEdit *m_origins = nullptr;
    QComboBox *m_jwtAlgorithm = nullptr;
    QLineEdit *m_jwtKey = nullptr;
    QSpinBox *m_maxMessage = nullptr;
    QSpinBox *m_maxPerAddress = nullptr;
    QSpinBox *m_maxPerUser = nullptr;
    QDoubleSpinBox *m_rate = nullptr;
    QDoubleSpinBox *m_burst = nullptr;
    QSpinBox *m_slowConsumer = nullptr;
    QDoubleSpinBox *m_pingInterval = nullptr;
    QDoubleSpinBox *m_sseHeartbeat = nullptr;
    QSpinBox *m_replay = nullptr;
    QSpinBox *m_maxChannels = nullptr;
    QSpinBox *m_channelIdle = nullptr;
    QLineEdit *m_ephemeralTypes = nullptr;
    QSpinBox *m_workers = nullptr;
    // TLS: off, a self-signed certificate generated at start, or the user's PEM files.
    enum TlsMode { TlsOff, TlsSelfSigned, TlsFiles };
    QComboBox *m_tlsMode = nullptr;
    QLineEdit *m_tlsCertificate = nullptr;
    QLineEdit *m_tlsKey = nullptr;
    QLineEdit *m_tlsPassphrase = nullptr;
    QToolButton *m_browseCertificate = nullptr;
    QToolButton *m_browseKey = nullptr;
    QLabel *m_tlsHint = nullptr;

    QPushButton *m_apply = nullptr;
    QPushButton *m_revert = nullptr;
    QPushButton *m_start = nullptr;
    QPushButton *m_stop = nullptr;
    QPushButton *m_restart = nullptr;
    QLabel *m_status = nullptr;
    QLabel *m_error = nullptr;
    QLabel *m_warning = nullptr;
    QLabel *m_runLock = nullptr;
    QLabel *m_webSocketCount = nullptr;
    QLabel *m_sseCount = nullptr;
    QLabel *m_pollCount = nullptr;
    QLabel *m_httpCount = nullptr;
    QLabel *m_messages = nullptr;
    QTimer *m_refresh = nullptr;
};
