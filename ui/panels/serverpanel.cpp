#include "serverpanel.h"

#include "auth/jwtkey.h"

#include "server/server.h"
#include "session/embeddedserverhost.h"
#include "session/runsession.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFileInfo>
#include <QFileDialog>
#include <QFormLayout>
#include <QGridLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QPushButton>
#include <QRegularExpression>
#include <QScrollArea>
#include <QScrollBar>
#include <QSpinBox>
#include <QThread>
#include <QTimer>
#include <QUrl>
#include <QToolButton>
#include <QVBoxLayout>

using namespace std::chrono_literals;

namespace {

// Light backgrounds with dark text of their own, readable under light and dark themes alike.
const char warningStyle[] = "QLabel { background: #fff4ce; color: #4d3800; border: 1px solid #d9a800; border-radius: 3px; padding: 4px; }";
const char errorStyle[] = "QLabel { background: #fde7e9; color: #7a0e1c; border: 1px solid #e39aa4; border-radius: 3px; padding: 4px; }";

std::optional<QHostAddress> parseAddress(const QString &input)
{
    const QString text = input.trimmed();
    if (text.compare(QLatin1String("localhost"), Qt::CaseInsensitive) == 0)
        return QHostAddress(QHostAddress::LocalHost);
    QHostAddress address;
    if (!address.setAddress(text))
        return std::nullopt;
    return address;
}

QString hostForUrl(const QHostAddress &address)
{
    if (address == QHostAddress::AnyIPv4 || address == QHostAddress::Any)
        return QStringLiteral("127.0.0.1"); // the URL that works from this machine
    if (address == QHostAddress::AnyIPv6)
        return QStringLiteral("[::1]");
    return address.protocol() == QAbstractSocket::IPv6Protocol ? QLatin1Char('[') + address.toString() + QLatin1Char(']') : address.toString();
}

} // namespace

ServerPanel::ServerPanel(EmbeddedServerHost &host, RunSession *session, QWidget *parent)
    : QWidget(parent)
    , m_host(host)
    , m_session(session)
    , m_base(host.config())
{
    auto name = [](QWidget *widget, const char *objectName, const QString &accessible) {
        widget->setObjectName(QString::fromLatin1(objectName));
        widget->setAccessibleName(accessible);
    };
    auto spin = [this, &name](const char *objectName, const QString &accessible, int min, int max, const QString &suffix) {
        auto *box = new QSpinBox(this);
        box->setRange(min, max);
        box->setSuffix(suffix);
        box->setGroupSeparatorShown(true);
        box->setAccelerated(true);
        name(box, objectName, accessible);
        connect(box, &QSpinBox::valueChanged, this, &ServerPanel::onFieldsChanged);
        return box;
    };
    auto doubleSpin = [this, &name](const char *objectName, const QString &accessible, double min, double max, int decimals, const QString &suffix) {
        auto *box = new QDoubleSpinBox(this);
        box->setRange(min, max);
        box->setDecimals(decimals);
        box->setSuffix(suffix);
        box->setAccelerated(true);
        name(box, objectName, accessible);
        connect(box, &QDoubleSpinBox::valueChanged, this, &ServerPanel::onFieldsChanged);
        return box;
    };

    // --- state, live counts and commands: always in view ---
    m_status = new QLabel(this);
    m_status->setObjectName(QStringLiteral("serverStatus"));
    m_status->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_status->setWordWrap(true);
    QFont statusFont = m_status->font();
    statusFont.setBold(true);
    m_status->setFont(statusFont);

    auto *live = new QGroupBox(tr("Live"), this);
    auto *liveGrid = new QGridLayout(live);
    auto countLabel = [live](const char *objectName, const QString &accessible) {
        auto *label = new QLabel(QStringLiteral("0"), live);
        label->setObjectName(QString::fromLatin1(objectName));
        label->setAccessibleName(accessible);
        label->setAlignment(Qt::AlignRight | Qt::AlignVCenter);
        label->setMinimumWidth(label->fontMetrics().horizontalAdvance(QStringLiteral("000,000")));
        return label;
    };
    m_webSocketCount = countLabel("serverWebSocketCount", tr("Open WebSocket connections"));
    m_sseCount = countLabel("serverSseCount", tr("Open SSE streams"));
    m_pollCount = countLabel("serverPollCount", tr("Waiting long polls"));
    m_httpCount = countLabel("serverHttpCount", tr("Idle keep-alive HTTP connections"));
    m_messages = new QLabel(live);
    m_messages->setObjectName(QStringLiteral("serverMessages"));
    m_messages->setAccessibleName(tr("Messages published and delivered"));
    liveGrid->addWidget(new QLabel(tr("WebSocket"), live), 0, 0);
    liveGrid->addWidget(m_webSocketCount, 0, 1);
    liveGrid->addWidget(new QLabel(tr("SSE"), live), 0, 2);
    liveGrid->addWidget(m_sseCount, 0, 3);
    liveGrid->addWidget(new QLabel(tr("Waiting polls"), live), 1, 0);
    liveGrid->addWidget(m_pollCount, 1, 1);
    liveGrid->addWidget(new QLabel(tr("Idle HTTP"), live), 1, 2);
    liveGrid->addWidget(m_httpCount, 1, 3);
    liveGrid->addWidget(m_messages, 2, 0, 1, 4);
    liveGrid->setColumnStretch(4, 1);

    m_start = new QPushButton(tr("Start"), this);
    name(m_start, "serverStart", tr("Start the embedded server"));
    m_stop = new QPushButton(tr("Stop"), this);
    name(m_stop, "serverStop", tr("Stop the embedded server"));
    m_restart = new QPushButton(tr("Restart"), this);
    name(m_restart, "serverRestart", tr("Restart the embedded server with its current settings"));
    m_restart->setToolTip(tr("Stops the server (1001 to every client) and starts it again on the same port"));
    connect(m_start, &QPushButton::clicked, this, &ServerPanel::startServer);
    connect(m_stop, &QPushButton::clicked, this, &ServerPanel::stopServer);
    connect(m_restart, &QPushButton::clicked, this, &ServerPanel::restartServer);
    auto *commands = new QHBoxLayout;
    commands->addWidget(m_start);
    commands->addWidget(m_stop);
    commands->addWidget(m_restart);
    commands->addStretch(1);

    // --- settings ---
    auto *settings = new QWidget(this);
    auto *settingsLayout = new QVBoxLayout(settings);
    settingsLayout->setContentsMargins(0, 0, 0, 0);

    auto *listen = new QGroupBox(tr("Listen"), settings);
    auto *listenForm = new QFormLayout(listen);
    m_address = new QComboBox(listen);
    m_address->setEditable(true);
    m_address->addItem(QStringLiteral("127.0.0.1"));
    m_address->setItemData(0, tr("This machine only"), Qt::ToolTipRole);
    m_address->addItem(QStringLiteral("0.0.0.0"));
    m_address->setItemData(1, tr("Every IPv4 interface: reachable from the network"), Qt::ToolTipRole);
    m_address->addItem(QStringLiteral("::1"));
    m_address->setItemData(2, tr("This machine only (IPv6)"), Qt::ToolTipRole);
    m_address->addItem(QStringLiteral("::"));
    m_address->setItemData(3, tr("Every interface: reachable from the network"), Qt::ToolTipRole);
    name(m_address, "serverAddress", tr("Listen address"));
    connect(m_address, &QComboBox::currentTextChanged, this, &ServerPanel::onFieldsChanged);
    m_port = spin("serverPort", tr("Port"), 0, 65535, QString());
    m_port->setGroupSeparatorShown(false);
    m_port->setSpecialValueText(tr("any free port"));
    auto *addressRow = new QHBoxLayout;
    addressRow->addWidget(m_address, 1);
    addressRow->addWidget(new QLabel(tr("Port"), listen));
    addressRow->addWidget(m_port);
    listenForm->addRow(tr("Address"), addressRow);

    m_webSocket = new QCheckBox(tr("WebSocket"), listen);
    name(m_webSocket, "serverWebSocket", tr("WebSocket enabled"));
    m_sse = new QCheckBox(tr("SSE"), listen);
    name(m_sse, "serverSse", tr("Server-Sent Events enabled"));
    m_poll = new QCheckBox(tr("Long polling"), listen);
    name(m_poll, "serverPoll", tr("Long polling enabled"));
    for (QCheckBox *box : {m_webSocket, m_sse, m_poll})
        connect(box, &QCheckBox::toggled, this, &ServerPanel::onFieldsChanged);
    auto *protocols = new QHBoxLayout;
    protocols->addWidget(m_webSocket);
    protocols->addWidget(m_sse);
    protocols->addWidget(m_poll);
    protocols->addStretch(1);
    listenForm->addRow(tr("Protocols"), protocols);
    m_workers = spin("serverWorkers", tr("Worker threads"), 0, 256, QString());
    m_workers->setSpecialValueText(tr("one per core (%1)").arg(QThread::idealThreadCount()));
    listenForm->addRow(tr("Workers"), m_workers);
    m_broker = new QLineEdit(listen);
    m_broker->setPlaceholderText(tr("none: channels are this server's own"));
    name(m_broker, "serverBroker", tr("Broker between instances"));
    m_broker->setToolTip(tr("redis://HOST:PORT[/DB] or nats://HOST:PORT: join other socketscope serve instances "
                            "through this broker (docs/server.md, \"Several instances\")"));
    connect(m_broker, &QLineEdit::textChanged, this, &ServerPanel::onFieldsChanged);
    listenForm->addRow(tr("Broker"), m_broker);
    settingsLayout->addWidget(listen);

    auto *access = new QGroupBox(tr("Access"), settings);
    auto *accessForm = new QFormLayout(access);
    m_token = new QLineEdit(access);
    m_token->setEchoMode(QLineEdit::Password);
    m_token->setPlaceholderText(tr("none (no authentication)"));
    name(m_token, "serverToken", tr("Access token"));
    m_token->setToolTip(tr("Clients send it as ?token= or Authorization: Bearer; without it WebSockets close with 4001 and HTTP answers 401"));
    connect(m_token, &QLineEdit::textChanged, this, &ServerPanel::onFieldsChanged);
    m_showToken = new QToolButton(access);
    m_showToken->setText(tr("Show"));
    m_showToken->setCheckable(true);
    name(m_showToken, "serverShowToken", tr("Show the token"));
    connect(m_showToken, &QToolButton::toggled, this, [this](bool shown) {
        m_token->setEchoMode(shown ? QLineEdit::Normal : QLineEdit::Password);
        m_showToken->setText(shown ? tr("Hide") : tr("Show"));
    });
    auto *tokenRow = new QHBoxLayout;
    tokenRow->addWidget(m_token, 1);
    tokenRow->addWidget(m_showToken);
    accessForm->addRow(tr("Token"), tokenRow);
    m_jwtAlgorithm = new QComboBox(access);
    m_jwtAlgorithm->addItem(tr("off (the token above, if any)"));
    for (const QString &algorithm : JwtKey::knownAlgorithms().split(QStringLiteral(", ")))
        m_jwtAlgorithm->addItem(algorithm);
    name(m_jwtAlgorithm, "serverJwtAlgorithm", tr("JSON Web Token algorithm"));
    m_jwtAlgorithm->setToolTip(tr("Accept JSON Web Tokens signed with this algorithm instead of the token; "
                                  "the user is the token's sub, and a token that expires closes its connection (4001)"));
    connect(m_jwtAlgorithm, &QComboBox::currentIndexChanged, this, &ServerPanel::onFieldsChanged);
    accessForm->addRow(tr("JWT"), m_jwtAlgorithm);
    m_jwtKey = new QLineEdit(access);
    name(m_jwtKey, "serverJwtKey", tr("JWT secret or public key file"));
    connect(m_jwtKey, &QLineEdit::textChanged, this, &ServerPanel::onFieldsChanged);
    accessForm->addRow(tr("JWT key"), m_jwtKey);
    m_origins = new QLineEdit(access);
    m_origins->setPlaceholderText(tr("any origin; e.g. http://localhost:3000"));
    m_origins->setToolTip(tr("Origins allowed to connect, separated by spaces or commas. Requests without an Origin header are always allowed; others get 1008 / 403."));
    name(m_origins, "serverOrigins", tr("Allowed origins"));
    connect(m_origins, &QLineEdit::textChanged, this, &ServerPanel::onFieldsChanged);
    accessForm->addRow(tr("Allowed origins"), m_origins);
    settingsLayout->addWidget(access);

    auto *tls = new QGroupBox(tr("TLS (https://, wss://)"), settings);
    auto *tlsForm = new QFormLayout(tls);
    m_tlsMode = new QComboBox(tls);
    m_tlsMode->addItem(tr("Off: http:// and ws://"));
    m_tlsMode->addItem(tr("Self-signed certificate, generated at each start"));
    m_tlsMode->addItem(tr("Certificate and key files (PEM)"));
    m_tlsMode->setItemData(TlsSelfSigned, tr("A new EC P-256 certificate for localhost, 127.0.0.1, ::1 and the listen address, kept in memory. "
                                             "Browsers and clients warn about it unless told to accept it."), Qt::ToolTipRole);
    name(m_tlsMode, "serverTlsMode", tr("TLS mode"));
    connect(m_tlsMode, &QComboBox::currentIndexChanged, this, &ServerPanel::onFieldsChanged);
    tlsForm->addRow(tr("Encryption"), m_tlsMode);
    auto fileRow = [this, tls, &name](QLineEdit *&field, QToolButton *&browse, const char *objectName, const QString &accessible,
                                      const QString &placeholder, const QString &title, const QString &filter) {
        field = new QLineEdit(tls);
        field->setPlaceholderText(placeholder);
        field->setToolTip(tr("PEM file. A certificate file may carry intermediate certificates after the server's; "
                             "keys may be RSA, EC or DSA."));
        name(field, objectName, accessible);
        connect(field, &QLineEdit::textChanged, this, &ServerPanel::onFieldsChanged);
        browse = new QToolButton(tls);
        browse->setText(tr("Browse…"));
        browse->setObjectName(QString::fromLatin1(objectName) + QStringLiteral("Browse"));
        browse->setAccessibleName(tr("Choose the file: %1").arg(accessible));
        connect(browse, &QToolButton::clicked, this, [this, field, title, filter] { browseTlsFile(field, title, filter); });
        auto *row = new QHBoxLayout;
        row->addWidget(field, 1);
        row->addWidget(browse);
        return row;
    };
    tlsForm->addRow(tr("Certificate"), fileRow(m_tlsCertificate, m_browseCertificate, "serverTlsCertificate", tr("TLS certificate file"),
                                               tr("server.crt (PEM)"), tr("Choose the TLS certificate"),
                                               tr("Certificates (*.pem *.crt *.cer);;All files (*)")));
    tlsForm->addRow(tr("Private key"), fileRow(m_tlsKey, m_browseKey, "serverTlsKey", tr("TLS private key file"),
                                               tr("server.key (PEM)"), tr("Choose the TLS private key"),
                                               tr("Keys (*.pem *.key);;All files (*)")));
    m_tlsPassphrase = new QLineEdit(tls);
    m_tlsPassphrase->setEchoMode(QLineEdit::Password);
    m_tlsPassphrase->setPlaceholderText(tr("only for an encrypted key; not saved"));
    name(m_tlsPassphrase, "serverTlsPassphrase", tr("Private key passphrase"));
    connect(m_tlsPassphrase, &QLineEdit::textChanged, this, &ServerPanel::onFieldsChanged);
    tlsForm->addRow(tr("Key passphrase"), m_tlsPassphrase);
    m_tlsHint = new QLabel(tls);
    m_tlsHint->setObjectName(QStringLiteral("serverTlsHint"));
    m_tlsHint->setWordWrap(true);
    m_tlsHint->setTextInteractionFlags(Qt::TextSelectableByMouse);
    tlsForm->addRow(m_tlsHint);
    settingsLayout->addWidget(tls);

    auto *limits = new QGroupBox(tr("Limits"), settings);
    auto *limitsForm = new QFormLayout(limits);
    m_maxMessage = spin("serverMaxMessage", tr("Maximum message size in bytes"), 64, 64 * 1024 * 1024, tr(" bytes"));
    m_maxMessage->setToolTip(tr("Larger WebSocket messages close with 1009; larger HTTP bodies get 413"));
    limitsForm->addRow(tr("Max message size"), m_maxMessage);
    m_maxPerAddress = spin("serverMaxPerAddress", tr("Maximum connections per client address"), 0, 1'000'000, QString());
    m_maxPerAddress->setSpecialValueText(tr("default"));
    m_maxPerAddress->setToolTip(tr("0 (default): 256 per remote address, unlimited on loopback (load tests open thousands there)"));
    limitsForm->addRow(tr("Connections per address"), m_maxPerAddress);
    m_maxPerUser = spin("serverMaxPerUser", tr("Maximum WebSocket connections per user"), 0, 1'000'000, QString());
    m_maxPerUser->setSpecialValueText(tr("unlimited"));
    m_maxPerUser->setToolTip(tr("Users named by ?user= on the WebSocket URL; the next one is closed with 4029. "
                                "With a Redis broker the limit counts every instance."));
    limitsForm->addRow(tr("Connections per user"), m_maxPerUser);
    m_rate = doubleSpin("serverRate", tr("Messages per second per connection"), 0, 1e6, 1, tr(" msg/s"));
    m_rate->setSpecialValueText(tr("unlimited"));
    m_rate->setToolTip(tr("Token bucket per connection: over it an error envelope, then close 1008 if it persists"));
    m_burst = doubleSpin("serverBurst", tr("Message burst"), 0, 1e6, 0, QString());
    auto *rateRow = new QHBoxLayout;
    rateRow->addWidget(m_rate, 1);
    rateRow->addWidget(new QLabel(tr("burst"), limits));
    rateRow->addWidget(m_burst);
    limitsForm->addRow(tr("Message rate"), rateRow);
    m_slowConsumer = spin("serverSlowConsumer", tr("Slow consumer limit in bytes"), 1024, std::numeric_limits<int>::max(), tr(" bytes"));
    m_slowConsumer->setToolTip(tr("A subscriber with more unsent bytes than this is closed with 4008"));
    limitsForm->addRow(tr("Slow consumer after"), m_slowConsumer);
    m_maxChannels = spin("serverMaxChannels", tr("Maximum number of channels"), 1, 10'000'000, tr(" channels"));
    m_maxChannels->setToolTip(tr("A new channel beyond it is refused (WebSocket close 1008, HTTP 503) until an idle one is evicted"));
    limitsForm->addRow(tr("Channels"), m_maxChannels);
    settingsLayout->addWidget(limits);

    auto *timing = new QGroupBox(tr("Heartbeats and replay"), settings);
    auto *timingForm = new QFormLayout(timing);
    m_pingInterval = doubleSpin("serverPingInterval", tr("WebSocket ping interval in seconds"), 0.1, 3600, 1, tr(" s"));
    m_pingInterval->setToolTip(tr("Connections that miss two pongs are closed"));
    timingForm->addRow(tr("WebSocket ping every"), m_pingInterval);
    m_sseHeartbeat = doubleSpin("serverSseHeartbeat", tr("SSE heartbeat interval in seconds"), 0.1, 3600, 1, tr(" s"));
    timingForm->addRow(tr("SSE heartbeat every"), m_sseHeartbeat);
    m_replay = spin("serverReplay", tr("Replay buffer size in messages per channel"), 0, 10'000'000, tr(" messages"));
    m_replay->setToolTip(tr("Messages kept per channel for clients that resume (Last-Event-ID, sync, since)"));
    timingForm->addRow(tr("Replay per channel"), m_replay);
    m_channelIdle = spin("serverChannelIdle", tr("Seconds before an idle channel is evicted"), 0, 86'400, tr(" s"));
    m_channelIdle->setSpecialValueText(tr("never"));
    m_channelIdle->setToolTip(tr("A channel with no subscriber and nothing published for this long is forgotten with its replay; "
                                 "a client resuming from it later gets a reset"));
    timingForm->addRow(tr("Evict idle channels after"), m_channelIdle);
    m_ephemeralTypes = new QLineEdit(timing);
    m_ephemeralTypes->setPlaceholderText(tr("none"));
    m_ephemeralTypes->setToolTip(tr("Message types relayed to the channel without a number and never kept for replay, "
                                    "such as typing indicators; separated by spaces or commas"));
    name(m_ephemeralTypes, "serverEphemeralTypes", tr("Ephemeral message types"));
    connect(m_ephemeralTypes, &QLineEdit::textChanged, this, &ServerPanel::onFieldsChanged);
    timingForm->addRow(tr("Not kept for replay"), m_ephemeralTypes);
    settingsLayout->addWidget(timing);
    settingsLayout->addStretch(1);

    auto *scroll = new QScrollArea(this);
    scroll->setWidget(settings);
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    scroll->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    // Never narrower than the fields, so nothing is cut off when the vertical bar shows.
    scroll->setMinimumWidth(settings->minimumSizeHint().width() + scroll->verticalScrollBar()->sizeHint().width());

    m_warning = new QLabel(this);
    m_warning->setObjectName(QStringLiteral("serverWarning"));
    m_warning->setWordWrap(true);
    m_warning->setStyleSheet(QLatin1String(warningStyle));
    m_warning->setText(tr("Reachable from other machines without a token: anyone who can reach this port can "
                          "connect, publish and read every channel. Set a token, or listen on 127.0.0.1."));
    m_warning->hide();
    m_error = new QLabel(this);
    m_error->setObjectName(QStringLiteral("serverError"));
    m_error->setWordWrap(true);
    m_error->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_error->setStyleSheet(QLatin1String(errorStyle));
    m_error->hide();
    m_runLock = new QLabel(tr("A run is in progress: settings can be applied when it ends. Fault buttons still act at once."), this);
    m_runLock->setObjectName(QStringLiteral("serverRunLock"));
    m_runLock->setWordWrap(true);
    m_runLock->hide();

    m_apply = new QPushButton(tr("Apply"), this);
    name(m_apply, "serverApply", tr("Apply the server settings"));
    m_apply->setToolTip(tr("Restarts the server with these settings on the same port"));
    m_revert = new QPushButton(tr("Revert"), this);
    name(m_revert, "serverRevert", tr("Revert the fields to the running settings"));
    connect(m_apply, &QPushButton::clicked, this, &ServerPanel::apply);
    connect(m_revert, &QPushButton::clicked, this, [this] { setConfig(m_host.config()); });
    auto *applyRow = new QHBoxLayout;
    applyRow->addStretch(1);
    applyRow->addWidget(m_revert);
    applyRow->addWidget(m_apply);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_status);
    layout->addLayout(commands);
    layout->addWidget(live);
    layout->addWidget(scroll, 1);
    layout->addWidget(m_warning);
    layout->addWidget(m_error);
    layout->addWidget(m_runLock);
    layout->addLayout(applyRow);

    m_refresh = new QTimer(this);
    m_refresh->setInterval(250ms);
    connect(m_refresh, &QTimer::timeout, this, &ServerPanel::refresh);

    connect(&m_host, &EmbeddedServerHost::serverChanged, this, [this](Server *server) {
        // Settings applied elsewhere (a scenario's own server settings at the start of a run)
        // show here, unless the user has edits of their own waiting.
        if (server && !hasEdits(m_base))
            setConfig(m_host.config());
        updateButtons();
        refresh();
    });
    connect(&m_host, &EmbeddedServerHost::errorOccurred, this, &ServerPanel::showError);
    if (m_session)
        connect(m_session, &RunSession::stateChanged, this, &ServerPanel::updateButtons);

    setConfig(m_host.config());
    refresh();
}

void ServerPanel::setConfig(const ServerConfig &config)
{
    m_base = config;
    m_filling = true;
    m_address->setCurrentText(config.address.toString());
    m_port->setValue(config.port);
    m_webSocket->setChecked(config.webSocketEnabled);
    m_sse->setChecked(config.sseEnabled);
    m_poll->setChecked(config.pollEnabled);
    m_token->setText(config.token);
    m_origins->setText(config.allowedOrigins.join(QLatin1Char(' ')));
    m_jwtAlgorithm->setCurrentIndex(qMax(0, m_jwtAlgorithm->findText(config.jwtAlgorithm.isEmpty() ? QStringLiteral("-") : config.jwtAlgorithm)));
    m_jwtKey->setText(JwtKey::usesSecret(config.jwtAlgorithm) ? QString::fromUtf8(config.jwtSecret) : config.jwtPublicKeyFile);
    m_ephemeralTypes->setText(config.ephemeralTypes.join(QLatin1Char(' ')));
    m_maxMessage->setValue(int(std::min<qint64>(config.maxMessageBytes, m_maxMessage->maximum())));
    m_maxPerAddress->setValue(config.maxConnectionsPerAddress);
    m_maxPerUser->setValue(config.maxConnectionsPerUser);
    m_rate->setValue(config.messagesPerSecond);
    m_burst->setValue(config.messageBurst);
    m_slowConsumer->setValue(int(std::min<qint64>(config.slowConsumerBytes, m_slowConsumer->maximum())));
    m_pingInterval->setValue(config.pingInterval.count() / 1000.0);
    m_sseHeartbeat->setValue(config.sseHeartbeat.count() / 1000.0);
    m_replay->setValue(config.replaySize);
    m_maxChannels->setValue(config.maxChannels);
    m_channelIdle->setValue(int(config.channelIdleTimeout.count() / 1000));
    m_workers->setValue(config.workers);
    m_broker->setText(config.broker);
    m_tlsMode->setCurrentIndex(config.tlsSelfSigned ? TlsSelfSigned : config.usesTls() ? TlsFiles : TlsOff);
    m_tlsCertificate->setText(config.tlsCertificateFile);
    m_tlsKey->setText(config.tlsKeyFile);
    m_tlsPassphrase->setText(QString::fromUtf8(config.tlsKeyPassphrase));
    m_filling = false;
    onFieldsChanged();
}

ServerConfig ServerPanel::config() const
{
    return fieldsOver(m_base);
}

bool ServerPanel::hasEdits(const ServerConfig &against) const
{
    // Apply lights up exactly when a field the panel shows differs from `against`.
    return fieldsOver(against) != against;
}

ServerConfig ServerPanel::fieldsOver(const ServerConfig &base) const
{
    ServerConfig config = base;
    if (const auto address = parseAddress(m_address->currentText()))
        config.address = *address;
    config.port = quint16(m_port->value());
    config.webSocketEnabled = m_webSocket->isChecked();
    config.sseEnabled = m_sse->isChecked();
    config.pollEnabled = m_poll->isChecked();
    config.token = m_token->text();
    static const QRegularExpression separators(QStringLiteral("[\\s,]+"));
    config.allowedOrigins = m_origins->text().split(separators, Qt::SkipEmptyParts);
    if (m_jwtAlgorithm->currentIndex() > 0) {
        config.jwtAlgorithm = m_jwtAlgorithm->currentText();
        if (JwtKey::usesSecret(config.jwtAlgorithm))
            config.jwtSecret = m_jwtKey->text().toUtf8();
        else
            config.jwtPublicKeyFile = m_jwtKey->text().trimmed();
    }
    config.ephemeralTypes = m_ephemeralTypes->text().split(separators, Qt::SkipEmptyParts);
    config.maxMessageBytes = m_maxMessage->value();
    config.maxConnectionsPerAddress = m_maxPerAddress->value();
    config.maxConnectionsPerUser = m_maxPerUser->value();
    config.messagesPerSecond = m_rate->value();
    config.messageBurst = m_burst->value();
    config.slowConsumerBytes = m_slowConsumer->value();
    config.pingInterval = std::chrono::milliseconds(qRound64(m_pingInterval->value() * 1000));
    config.sseHeartbeat = std::chrono::milliseconds(qRound64(m_sseHeartbeat->value() * 1000));
    config.replaySize = m_replay->value();
    config.maxChannels = m_maxChannels->value();
    config.channelIdleTimeout = std::chrono::seconds(m_channelIdle->value());
    config.workers = m_workers->value();
    config.broker = m_broker->text().trimmed();
    const int tlsMode = m_tlsMode->currentIndex();
    config.tlsSelfSigned = tlsMode == TlsSelfSigned;
    config.tlsCertificateFile = tlsMode == TlsFiles ? m_tlsCertificate->text().trimmed() : QString();
    config.tlsKeyFile = tlsMode == TlsFiles ? m_tlsKey->text().trimmed() : QString();
    config.tlsKeyPassphrase = tlsMode == TlsFiles ? m_tlsPassphrase->text().toUtf8() : QByteArray();
    if (tlsMode != TlsSelfSigned)
        config.tlsCertificateOut.clear();
    return config;
}

QString ServerPanel::problem() const
{
    if (!parseAddress(m_address->currentText()))
        return tr("Address: \"%1\" is not an IP address (for example 127.0.0.1, 0.0.0.0 or ::1)").arg(m_address->currentText().trimmed());
    // Browsers send an Origin of scheme://host[:port]; anything else would never match.
    for (const QString &origin : config().allowedOrigins) {
        const QUrl url(origin);
        if (!url.isValid() || url.scheme().isEmpty() || url.host().isEmpty() || (!url.path().isEmpty() && url.path() != u"/"))
            return tr("Allowed origins: \"%1\" is not an origin such as http://localhost:3000").arg(origin);
    }
    if (m_tlsMode->currentIndex() == TlsFiles && (m_tlsCertificate->text().trimmed().isEmpty() || m_tlsKey->text().trimmed().isEmpty()))
        return tr("TLS: choose the certificate file and its private key file, or another encryption mode");
    return config().validate();
}

bool ServerPanel::isExposedWithoutToken() const
{
    const auto address = parseAddress(m_address->currentText());
    return address && !address->isLoopback() && m_token->text().isEmpty() && m_jwtAlgorithm->currentIndex() == 0;
}

void ServerPanel::onFieldsChanged()
{
    if (m_filling)
        return;
    m_warning->setVisible(isExposedWithoutToken());
    updateTlsFields();
    updateJwtField();
    const QString problem = this->problem();
    if (!problem.isEmpty())
        showError(problem);
    else
        m_error->hide();
    updateButtons();
}

void ServerPanel::updateJwtField()
{
    const QString algorithm = m_jwtAlgorithm->currentIndex() > 0 ? m_jwtAlgorithm->currentText() : QString();
    m_jwtKey->setEnabled(!algorithm.isEmpty());
    const bool secret = JwtKey::usesSecret(algorithm);
    m_jwtKey->setEchoMode(secret ? QLineEdit::Password : QLineEdit::Normal);
    m_jwtKey->setPlaceholderText(algorithm.isEmpty() ? QString()
                                 : secret          ? tr("the shared secret (not saved)")
                                                   : tr("the PEM public key file that verifies %1 tokens").arg(algorithm));
}

void ServerPanel::updateTlsFields()
{
    const int mode = m_tlsMode->currentIndex();
    for (QWidget *widget : std::initializer_list<QWidget *>{m_tlsCertificate, m_tlsKey, m_tlsPassphrase, m_browseCertificate, m_browseKey})
        widget->setEnabled(mode == TlsFiles);
    switch (mode) {
    case TlsSelfSigned:
        m_tlsHint->setText(tr("A new certificate at every start, kept in memory only. Clients must be told to accept it "
                              "(the simulator's \"insecure\" option, a browser's warning page)."));
        break;
    case TlsFiles:
        m_tlsHint->setText(tr("The files are read when the server starts; a missing file, a key that does not belong to the "
                              "certificate or an encrypted key without its passphrase is reported here."));
        break;
    default:
        m_tlsHint->setText(tr("Plain http:// and ws://, as most local development servers."));
        break;
    }
}

void ServerPanel::browseTlsFile(QLineEdit *field, const QString &title, const QString &filter)
{
    const QString start = field->text().isEmpty() ? QString() : QFileInfo(field->text()).absolutePath();
    const QString file = QFileDialog::getOpenFileName(this, title, start, filter);
    if (!file.isEmpty())
        field->setText(file);
}

void ServerPanel::showError(const QString &message)
{
    m_error->setText(message);
    m_error->setVisible(!message.isEmpty());
}

void ServerPanel::updateButtons()
{
    const bool locked = m_session && m_session->isRunning();
    const bool running = m_host.isRunning();
    const bool valid = problem().isEmpty();
    const bool edited = hasEdits(m_host.config());
    m_apply->setEnabled(!locked && valid && (!running || edited));
    m_revert->setEnabled(edited);
    m_start->setEnabled(!locked && !running && valid);
    m_stop->setEnabled(!locked && running);
    m_restart->setEnabled(!locked && running);
    m_runLock->setVisible(locked);
}

bool ServerPanel::apply()
{
    if (const QString problem = this->problem(); !problem.isEmpty()) {
        showError(problem);
        return false;
    }
    if (m_session && m_session->isRunning()) {
        showError(tr("A run is in progress: apply the settings when it ends"));
        return false;
    }
    const ServerConfig wanted = config();
    const bool ok = m_host.server() ? m_host.applyConfig(wanted) : m_host.start(wanted);
    return settle(ok, tr("The server did not start with these settings: %1"));
}

bool ServerPanel::settle(bool started, const QString &failure)
{
    if (!started) {
        showError(failure.arg(m_host.errorString()));
        updateButtons();
        return false;
    }
    m_error->hide();
    setConfig(m_host.config());
    Q_EMIT configApplied(m_host.config());
    return true;
}

bool ServerPanel::startServer()
{
    if (m_host.isRunning())
        return true;
    if (const QString problem = this->problem(); !problem.isEmpty()) {
        showError(problem);
        return false;
    }
    return settle(m_host.start(config()), tr("The server did not start: %1"));
}

void ServerPanel::stopServer()
{
    if (m_session && m_session->isRunning())
        return;
    m_host.stop();
    updateButtons();
}

bool ServerPanel::restartServer()
{
    if ((m_session && m_session->isRunning()) || !m_host.server())
        return false;
    if (!m_host.applyConfig(m_host.config())) {
        showError(tr("The server did not start again: %1").arg(m_host.errorString()));
        return false;
    }
    return true;
}

void ServerPanel::refresh()
{
    const Server *server = m_host.server();
    const QLocale locale;
    if (!server || !server->isRunning()) {
        m_status->setText(tr("Stopped"));
        for (QLabel *label : {m_webSocketCount, m_sseCount, m_pollCount, m_httpCount})
            label->setText(QStringLiteral("–"));
        m_messages->setText(QString());
        updateButtons();
        return;
    }
    const QString url = QStringLiteral("%1://%2:%3/").arg(server->usesTls() ? QStringLiteral("https") : QStringLiteral("http"),
                                                          hostForUrl(server->address())).arg(server->port());
    if (server->isRefusing())
        m_status->setText(tr("Refusing new connections (fault) on %1").arg(url));
    else if (!server->isListening())
        m_status->setText(tr("Restarting: not listening on %1").arg(url));
    else
        m_status->setText(tr("Listening on %1").arg(url));
    // stats() sums a few relaxed atomics per worker: cheap enough for a few times a second.
    const ServerStats stats = server->stats();
    m_webSocketCount->setText(locale.toString(stats.openWebSocket));
    m_sseCount->setText(locale.toString(stats.openSse));
    m_pollCount->setText(locale.toString(stats.openPoll));
    m_httpCount->setText(locale.toString(stats.openHttp));
    QString messages = tr("Messages published %1, delivered %2").arg(locale.toString(stats.messagesPublished), locale.toString(stats.messagesDelivered));
    if (const BrokerStats *broker = server->brokerStats()) {
        const auto count = [&locale](const BrokerStats::Counter &counter) { return locale.toString(counter.load(std::memory_order_relaxed)); };
        const QString state = broker->isUp() ? tr("up, round trip %1 ms").arg(locale.toString(double(broker->roundTripNs.load()) / 1e6, 'f', 2))
                            : broker->available.load() ? tr("not answering (publishes wait)")
                                                       : tr("unavailable (delivering locally only)");
        messages += QLatin1Char('\n') + tr("Broker %1: %2; received %3, only local %4, recovered from the stream %5")
                                           .arg(server->config().broker, state, count(broker->received), count(broker->localOnly),
                                                count(broker->gapMessagesRecovered));
    }
    m_messages->setText(messages);
}

void ServerPanel::showEvent(QShowEvent *event)
{
    QWidget::showEvent(event);
    refresh();
    m_refresh->start();
}

void ServerPanel::hideEvent(QHideEvent *event)
{
    QWidget::hideEvent(event);
    m_refresh->stop();
}
