#include "manualclient/manualclienttab.h"

#include "manual/graphqlmanualsession.h"
#include "manual/socketiomanualsession.h"
#include "manualclient/graphqlcontrols.h"
#include "manualclient/manualframemodel.h"
#include "manualclient/namedwidget.h"
#include "manualclient/socketiocontrols.h"
#include "protocol/jsontext.h"
#include "manualclient/savedmessagestore.h"

#include <QCheckBox>
#include <QComboBox>
#include <QFontDatabase>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QInputDialog>
#include <QJsonDocument>
#include <QJsonParseError>
#include <QKeyEvent>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QScrollBar>
#include <QSortFilterProxyModel>
#include <QSplitter>
#include <QTableView>
#include <QTableWidget>
#include <QTextBlock>
#include <QToolButton>
#include <QUrlQuery>
#include <QVBoxLayout>

namespace {

QFont fixedFont()
{
    return QFontDatabase::systemFont(QFontDatabase::FixedFont);
}

} // namespace

ManualClientTab::ManualClientTab(SavedMessageStore *saved, QWidget *parent)
    : QWidget(parent)
    , m_connection(new ManualConnection(this))
    , m_model(new ManualFrameModel(this))
    , m_saved(saved)
{
    m_socketIo = new SocketIoControls(this);
    m_graphQl = new GraphQlControls(this);

    // URL row: the protocol, where to connect and the connection's state.
    m_protocolBox = named(new QComboBox(this), "protocol", tr("Protocol"));
    m_protocolBox->addItem(tr("WebSocket"), int(Protocol::WebSocket));
    m_protocolBox->addItem(tr("Socket.IO"), int(Protocol::SocketIo));
    m_protocolBox->addItem(tr("GraphQL"), int(Protocol::GraphQl));
    m_protocolBox->setToolTip(tr("WebSocket: plain frames (or an SSE stream for http:// URLs); Socket.IO: events over "
                                 "Engine.IO; GraphQL: operations over graphql-ws (graphql-transport-ws)"));
    m_url = named(new QLineEdit(this), "url", tr("URL"));
    m_url->setPlaceholderText(tr("ws://host:port/path, wss://..., or http(s)://.../events for SSE"));
    m_url->setClearButtonEnabled(true);
    m_urlHint = named(new QLabel(this), "urlProtocol", tr("Protocol"));
    m_urlHint->setMinimumWidth(m_urlHint->fontMetrics().horizontalAdvance(QStringLiteral("WebSocket (TLS)")) + 8);
    m_connect = named(new QPushButton(tr("Connect"), this), "connectButton", tr("Connect"));
    m_disconnect = named(new QPushButton(tr("Disconnect"), this), "disconnectButton", tr("Disconnect"));
    m_reconnect = named(new QPushButton(tr("Reconnect"), this), "reconnectButton", tr("Reconnect"));
    m_reconnect->setToolTip(tr("Open the last URL again with the same options; an SSE stream resumes with Last-Event-ID"));
    m_state = named(new QLabel(this), "stateLabel", tr("Connection state"));
    m_state->setMinimumWidth(m_state->fontMetrics().horizontalAdvance(QStringLiteral("\u25CF Disconnected")) + 8);
    m_lastError = named(new QLabel(this), "lastError", tr("Last error"));
    m_lastError->setWordWrap(true);
    m_lastError->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_lastError->setStyleSheet(QStringLiteral("color: #c62828;"));
    m_lastError->hide();

    auto *urlRow = new QHBoxLayout;
    urlRow->addWidget(m_protocolBox);
    urlRow->addWidget(m_url, 1);
    urlRow->addWidget(m_urlHint);
    urlRow->addWidget(m_connect);
    urlRow->addWidget(m_disconnect);
    urlRow->addWidget(m_reconnect);
    urlRow->addWidget(m_state);

    auto *left = new QSplitter(Qt::Vertical, this);
    left->addWidget(m_socketIo->optionsWidget());
    left->addWidget(m_graphQl->optionsWidget());
    left->addWidget(buildConnectionBox());
    auto *handshakeBox = new QGroupBox(tr("Handshake"), this);
    m_handshake = named(new QPlainTextEdit(handshakeBox), "handshakeView", tr("Handshake"));
    m_handshake->setReadOnly(true);
    m_handshake->setFont(fixedFont());
    m_handshake->setLineWrapMode(QPlainTextEdit::NoWrap);
    m_handshake->setPlaceholderText(tr("The request and response heads appear here when you connect."));
    auto *handshakeLayout = new QVBoxLayout(handshakeBox);
    handshakeLayout->addWidget(m_handshake);
    left->addWidget(handshakeBox);
    left->setStretchFactor(3, 1);

    auto *right = new QSplitter(Qt::Vertical, this);
    right->addWidget(buildLog());
    m_detail = named(new QPlainTextEdit(this), "frameDetail", tr("Frame detail"));
    m_detail->setReadOnly(true);
    m_detail->setFont(fixedFont());
    m_detail->setPlaceholderText(tr("Select a frame to see all of it (JSON pretty-printed, binary as hex)."));
    right->addWidget(m_detail);
    m_sendGroup = buildSendBox();
    right->addWidget(m_sendGroup);
    right->addWidget(m_socketIo->actionsWidget());
    right->addWidget(m_graphQl->actionsWidget());
    right->setStretchFactor(0, 3);
    right->setStretchFactor(1, 1);
    right->setStretchFactor(2, 0);
    right->setStretchFactor(3, 1);
    right->setStretchFactor(4, 1);

    auto *columns = new QSplitter(Qt::Horizontal, this);
    columns->addWidget(left);
    columns->addWidget(right);
    columns->setStretchFactor(0, 0);
    columns->setStretchFactor(1, 1);
    columns->setSizes({380, 900});

    auto *layout = new QVBoxLayout(this);
    layout->addLayout(urlRow);
    layout->addWidget(m_lastError);
    layout->addWidget(columns, 1);

    connect(m_url, &QLineEdit::returnPressed, this, &ManualClientTab::connectToUrl);
    connect(m_url, &QLineEdit::textChanged, this, &ManualClientTab::updateUrlHint);
    connect(m_connect, &QPushButton::clicked, this, &ManualClientTab::connectToUrl);
    connect(m_disconnect, &QPushButton::clicked, this, &ManualClientTab::disconnectFromServer);
    connect(m_reconnect, &QPushButton::clicked, this, &ManualClientTab::reconnect);

    connect(m_connection, &ManualConnection::stateChanged, this, &ManualClientTab::onStateChanged);
    connect(m_connection, &ManualConnection::reconnectScheduled, this, [this] {
        showState();
        updateControls();
    });
    connect(m_connection, &ManualConnection::frameLogged, this, &ManualClientTab::onFrameLogged);
    connect(m_connection, &ManualConnection::errorOccurred, this, &ManualClientTab::onError);
    connect(m_connection, &ManualConnection::handshakeRequestSent, this, &ManualClientTab::showRequestHead);
    connect(m_connection, &ManualConnection::handshakeResponseReceived, this, &ManualClientTab::showResponseHead);

    // The Socket.IO and GraphQL sessions log and fail the same way as the WebSocket connection.
    for (ManualSession *session : {static_cast<ManualSession *>(m_socketIo->session()), static_cast<ManualSession *>(m_graphQl->session())}) {
        connect(session, &ManualSession::stateChanged, this, &ManualClientTab::onStateChanged);
        connect(session, &ManualSession::frameLogged, this, &ManualClientTab::onFrameLogged);
        connect(session, &ManualSession::errorOccurred, this, &ManualClientTab::onError);
    }
    connect(m_socketIo, &SocketIoControls::summaryChanged, this, &ManualClientTab::showProtocolSummary);
    connect(m_graphQl, &GraphQlControls::summaryChanged, this, &ManualClientTab::showProtocolSummary);
    connect(m_graphQl->session(), &GraphQlManualSession::handshakeRequestSent, this, &ManualClientTab::showRequestHead);
    connect(m_graphQl->session(), &GraphQlManualSession::handshakeResponseReceived, this, &ManualClientTab::showResponseHead);
    m_socketIo->argumentsBox()->installEventFilter(this);
    m_graphQl->queryBox()->installEventFilter(this);
    connect(m_protocolBox, &QComboBox::activated, this, [this](int index) {
        if (!setProtocol(Protocol(m_protocolBox->itemData(index).toInt())))
            m_protocolBox->setCurrentIndex(m_protocolBox->findData(int(m_protocol)));
    });

    if (m_saved)
        connect(m_saved, &SavedMessageStore::changed, this, &ManualClientTab::refreshSavedMessages);
    refreshSavedMessages();
    m_socketIo->optionsWidget()->hide();
    m_graphQl->optionsWidget()->hide();
    m_socketIo->actionsWidget()->hide();
    m_graphQl->actionsWidget()->hide();
    updateUrlHint();
    updateLogStatus();
    onStateChanged(ManualConnection::State::Unconnected);
}

ManualClientTab::~ManualClientTab()
{
    // No log or state update may reach the half-destroyed widgets.
    m_connection->disconnect(this);
    m_socketIo->session()->disconnect(this);
    m_graphQl->session()->disconnect(this);
    m_socketIo->disconnect(this);
    m_graphQl->disconnect(this);
}

QWidget *ManualClientTab::buildConnectionBox()
{
    auto *box = new QGroupBox(tr("Connection options"), this);
    m_token = named(new QLineEdit(box), "token", tr("Token"));
    m_token->setPlaceholderText(tr("optional"));
    m_token->setClearButtonEnabled(true);
    m_tokenPlacement = named(new QComboBox(box), "tokenPlacement", tr("Token placement"));
    m_tokenPlacement->addItem(tr("Authorization: Bearer"), int(ManualConnection::TokenPlacement::AuthorizationHeader));
    m_tokenPlacement->addItem(tr("?token= in the URL"), int(ManualConnection::TokenPlacement::QueryParameter));
    m_subprotocols = named(new QLineEdit(box), "subprotocols", tr("Subprotocols"));
    m_subprotocols->setPlaceholderText(tr("optional: chat.v1, chat.v2"));
    m_subprotocols->setClearButtonEnabled(true);
    m_subprotocols->setToolTip(tr("WebSocket subprotocols to offer (Sec-WebSocket-Protocol), comma-separated, "
                                  "in order of preference; the server's choice is shown in the log"));
    m_ignoreCertificates = named(new QCheckBox(tr("Ignore certificate errors"), box), "ignoreCertificateErrors",
                                 tr("Ignore certificate errors"));
    m_ignoreCertificates->setToolTip(tr("For a local server with a self-signed certificate; the system's CAs are used otherwise"));
    m_autoReconnect = named(new QCheckBox(tr("Reconnect automatically"), box), "autoReconnect", tr("Reconnect automatically"));
    m_autoReconnect->setToolTip(tr("When the connection ends without you asking: SSE after the server's retry: time with "
                                   "Last-Event-ID, WebSocket after 1 s doubling to 30 s. Refused handshakes are not retried."));
    connect(m_autoReconnect, &QCheckBox::toggled, m_connection, &ManualConnection::setAutoReconnect);

    m_headers = named(new QTableWidget(0, 2, box), "headers", tr("Request headers"));
    m_headers->setHorizontalHeaderLabels({tr("Header"), tr("Value")});
    m_headers->horizontalHeader()->setStretchLastSection(true);
    m_headers->verticalHeader()->hide();
    m_headers->setMinimumHeight(90);
    m_headers->setMaximumHeight(160);
    auto *addHeader = named(new QToolButton(box), "addHeader", tr("Add header"));
    addHeader->setText(tr("+"));
    addHeader->setToolTip(tr("Add a request header"));
    auto *removeHeader = named(new QToolButton(box), "removeHeader", tr("Remove header"));
    removeHeader->setText(tr("\u2212"));
    removeHeader->setToolTip(tr("Remove the selected header"));
    connect(addHeader, &QToolButton::clicked, this, [this] {
        const int row = m_headers->rowCount();
        m_headers->insertRow(row);
        m_headers->setItem(row, 0, new QTableWidgetItem);
        m_headers->setItem(row, 1, new QTableWidgetItem);
        m_headers->setCurrentCell(row, 0);
        m_headers->editItem(m_headers->item(row, 0));
    });
    connect(removeHeader, &QToolButton::clicked, this, [this] {
        if (m_headers->currentRow() >= 0)
            m_headers->removeRow(m_headers->currentRow());
    });

    auto *form = new QFormLayout;
    form->addRow(tr("Token:"), m_token);
    form->addRow(tr("Send as:"), m_tokenPlacement);
    form->addRow(tr("Subprotocols:"), m_subprotocols);
    form->addRow(m_ignoreCertificates);
    form->addRow(m_autoReconnect);
    auto *headerButtons = new QHBoxLayout;
    headerButtons->addWidget(new QLabel(tr("Headers:"), box));
    headerButtons->addStretch();
    headerButtons->addWidget(addHeader);
    headerButtons->addWidget(removeHeader);
    auto *layout = new QVBoxLayout(box);
    layout->addLayout(form);
    layout->addLayout(headerButtons);
    layout->addWidget(m_headers, 1);
    return box;
}

QWidget *ManualClientTab::buildLog()
{
    auto *box = new QWidget(this);
    m_filter = named(new QLineEdit(box), "frameFilter", tr("Filter frames"));
    m_filter->setPlaceholderText(tr("Filter frames (text in any column)"));
    m_filter->setClearButtonEnabled(true);
    auto *clear = named(new QPushButton(tr("Clear log"), box), "clearLog", tr("Clear log"));
    m_logStatus = named(new QLabel(box), "logStatus", tr("Frames in the log"));
    m_logStatus->setToolTip(tr("The log keeps the newest %L1 frames").arg(m_model->maxRows()));

    m_proxy = new QSortFilterProxyModel(this);
    m_proxy->setSourceModel(m_model);
    m_proxy->setFilterCaseSensitivity(Qt::CaseInsensitive);
    m_proxy->setFilterKeyColumn(-1);
    m_log = named(new QTableView(box), "frameLog", tr("Frame log"));
    m_log->setModel(m_proxy);
    m_log->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_log->setSelectionMode(QAbstractItemView::SingleSelection);
    m_log->setAlternatingRowColors(true);
    m_log->setWordWrap(false);
    m_log->verticalHeader()->hide();
    m_log->verticalHeader()->setDefaultSectionSize(m_log->fontMetrics().height() + 6);
    m_log->horizontalHeader()->setStretchLastSection(true);
    const QFontMetrics metrics = m_log->fontMetrics();
    m_log->setColumnWidth(ManualFrameModel::TimeColumn, metrics.horizontalAdvance(QStringLiteral("00:00:00.000")) + 16);
    m_log->setColumnWidth(ManualFrameModel::DirectionColumn, metrics.horizontalAdvance(QStringLiteral("\u2193 received")) + 16);
    m_log->setColumnWidth(ManualFrameModel::KindColumn, metrics.horizontalAdvance(QStringLiteral("handshake")) + 16);
    m_log->setColumnWidth(ManualFrameModel::TypeColumn, metrics.horizontalAdvance(QStringLiteral("EVENT \"chat\" (id 10)")) + 16);
    m_log->setColumnWidth(ManualFrameModel::SizeColumn, metrics.horizontalAdvance(QStringLiteral("1000000")) + 12);

    connect(m_filter, &QLineEdit::textChanged, m_proxy, &QSortFilterProxyModel::setFilterFixedString);
    connect(clear, &QPushButton::clicked, this, [this] {
        m_model->clear();
        m_detail->clear();
    });
    connect(m_log->selectionModel(), &QItemSelectionModel::currentRowChanged, this, &ManualClientTab::showFrameDetail);
    // Follow new frames while the view is at its end; leave it alone while the user reads back.
    connect(m_model, &QAbstractItemModel::rowsAboutToBeInserted, this, [this] {
        const QScrollBar *bar = m_log->verticalScrollBar();
        m_followTail = bar->value() >= bar->maximum() - 2;
    });
    connect(m_model, &QAbstractItemModel::rowsInserted, this, [this] {
        if (m_followTail)
            m_log->scrollToBottom();
        updateLogStatus();
    });
    connect(m_model, &QAbstractItemModel::modelReset, this, &ManualClientTab::updateLogStatus);

    auto *top = new QHBoxLayout;
    top->addWidget(m_filter, 1);
    top->addWidget(m_logStatus);
    top->addWidget(clear);
    auto *layout = new QVBoxLayout(box);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addLayout(top);
    layout->addWidget(m_log, 1);
    return box;
}

QWidget *ManualClientTab::buildSendBox()
{
    auto *box = new QGroupBox(tr("Send"), this);
    box->setObjectName(QStringLiteral("sendGroup"));
    m_mode = named(new QComboBox(box), "sendMode", tr("Message format"));
    m_mode->addItem(tr("Text"));
    m_mode->addItem(tr("JSON"));
    m_mode->setCurrentIndex(1);
    m_mode->setToolTip(tr("JSON: checked before sending, with the position of an error"));
    m_historyBox = named(new QComboBox(box), "history", tr("Sent messages"));
    m_historyBox->setPlaceholderText(tr("History"));
    m_historyBox->setMinimumContentsLength(14);
    m_historyBox->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    m_historyBox->setToolTip(tr("Messages sent from this tab (also Up/Down in the box)"));
    m_savedBox = named(new QComboBox(box), "savedMessages", tr("Saved messages"));
    m_savedBox->setPlaceholderText(tr("Saved messages"));
    m_savedBox->setMinimumContentsLength(14);
    m_savedBox->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    m_savedBox->setToolTip(tr("Choose one to put it in the box"));
    auto *save = named(new QToolButton(box), "saveMessage", tr("Save message"));
    save->setText(tr("Save\u2026"));
    save->setToolTip(tr("Save the box's text under a name"));
    m_deleteSaved = named(new QToolButton(box), "deleteSaved", tr("Delete saved message"));
    m_deleteSaved->setText(tr("Delete"));
    m_deleteSaved->setToolTip(tr("Delete the chosen saved message"));
    auto *format = named(new QToolButton(box), "formatJson", tr("Format JSON"));
    format->setText(tr("Format"));
    format->setToolTip(tr("Pretty-print the JSON in the box"));

    m_sendBox = named(new QPlainTextEdit(box), "sendBox", tr("Message to send"));
    m_sendBox->setFont(fixedFont());
    m_sendBox->setPlaceholderText(tr("{\"type\":\"chat.message\",\"payload\":{\"text\":\"hello\"}}   (Ctrl+Return sends)"));
    m_sendBox->setTabChangesFocus(true);
    m_sendBox->setFixedHeight(m_sendBox->fontMetrics().height() * 4 + 12);
    m_sendBox->installEventFilter(this);
    m_sendError = named(new QLabel(box), "sendError", tr("Message error"));
    m_sendError->setWordWrap(true);
    m_sendError->setStyleSheet(QStringLiteral("color: #c62828;"));
    m_sendHint = named(new QLabel(box), "sendHint", tr("How messages are sent"));
    m_sendHint->setWordWrap(true);
    m_sendHint->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_sendHint->hide();
    m_send = named(new QPushButton(tr("Send"), box), "sendButton", tr("Send"));
    m_send->setToolTip(tr("Send the message (Ctrl+Return)"));
    m_send->setDefault(false);

    m_pingPayload = named(new QLineEdit(box), "pingPayload", tr("Ping payload"));
    m_pingPayload->setPlaceholderText(tr("ping payload (optional)"));
    m_pingPayload->setMaxLength(125);
    m_ping = named(new QPushButton(tr("Ping"), box), "pingButton", tr("Ping"));
    m_closeCode = named(new QComboBox(box), "closeCode", tr("Close code"));
    m_closeCode->setEditable(true);
    m_closeCode->setInsertPolicy(QComboBox::NoInsert);
    m_closeCode->addItem(tr("1000 Normal Closure"), 1000);
    m_closeCode->addItem(tr("1001 Going Away"), 1001);
    m_closeCode->addItem(tr("1003 Unsupported Data"), 1003);
    m_closeCode->addItem(tr("1008 Policy Violation"), 1008);
    m_closeCode->addItem(tr("1011 Internal Error"), 1011);
    m_closeCode->addItem(tr("4000 application"), 4000);
    m_closeCode->addItem(tr("4001 application"), 4001);
    m_closeCode->setToolTip(tr("A code from the list or your own: 1000-1003, 1007-1014, 3000-4999"));
    m_closeCode->setMinimumContentsLength(16);
    m_closeReason = named(new QLineEdit(box), "closeReason", tr("Close reason"));
    m_closeReason->setPlaceholderText(tr("reason (optional)"));
    m_close = named(new QPushButton(tr("Close"), box), "closeButton", tr("Close with code"));
    m_close->setToolTip(tr("Start the closing handshake with the chosen code and reason"));

    auto *tools = new QHBoxLayout;
    tools->addWidget(m_mode);
    tools->addWidget(m_historyBox, 1);
    tools->addWidget(m_savedBox, 1);
    tools->addWidget(save);
    tools->addWidget(m_deleteSaved);
    tools->addWidget(format);
    auto *sendRow = new QHBoxLayout;
    sendRow->addWidget(m_sendError, 1);
    sendRow->addWidget(m_send);
    auto *controlRow = new QHBoxLayout;
    controlRow->addWidget(m_pingPayload, 1);
    controlRow->addWidget(m_ping);
    controlRow->addSpacing(12);
    controlRow->addWidget(m_closeCode);
    controlRow->addWidget(m_closeReason, 1);
    controlRow->addWidget(m_close);
    auto *layout = new QVBoxLayout(box);
    layout->addLayout(tools);
    layout->addWidget(m_sendHint);
    layout->addWidget(m_sendBox);
    layout->addLayout(sendRow);
    layout->addLayout(controlRow);

    connect(m_send, &QPushButton::clicked, this, &ManualClientTab::sendMessage);
    connect(m_ping, &QPushButton::clicked, this, &ManualClientTab::sendPing);
    connect(m_close, &QPushButton::clicked, this, &ManualClientTab::closeWithChosenCode);
    connect(m_sendBox, &QPlainTextEdit::textChanged, this, &ManualClientTab::validateSendBox);
    connect(m_mode, &QComboBox::currentIndexChanged, this, &ManualClientTab::validateSendBox);
    connect(m_historyBox, &QComboBox::activated, this, [this](int index) {
        m_sendBox->setPlainText(m_historyBox->itemData(index).toString());
        m_historyPos = -1;
        m_sendBox->setFocus();
    });
    connect(m_savedBox, &QComboBox::activated, this, &ManualClientTab::insertSaved);
    connect(m_savedBox, &QComboBox::currentIndexChanged, this, [this](int index) { m_deleteSaved->setEnabled(index >= 0); });
    connect(save, &QToolButton::clicked, this, &ManualClientTab::askNameAndSave);
    connect(m_deleteSaved, &QToolButton::clicked, this, &ManualClientTab::deleteSaved);
    connect(format, &QToolButton::clicked, this, [this] {
        int offset = -1;
        if (const QString problem = checkJson(m_sendBox->toPlainText(), &offset); !problem.isEmpty()) {
            showSendError(tr("Cannot format: invalid JSON at %1").arg(problem));
            return;
        }
        m_sendBox->setPlainText(JsonText::indent(m_sendBox->toPlainText().toUtf8()));
    });
    return box;
}

void ManualClientTab::setUrl(const QUrl &url)
{
    m_url->setText(url.toString());
}

QString ManualClientTab::urlText() const
{
    return m_url->text();
}

bool ManualClientTab::setProtocol(Protocol protocol)
{
    if (protocol == m_protocol)
        return true;
    if (state() != ManualConnection::State::Unconnected || m_connection->isReconnectPending())
        return false;
    m_urls[int(m_protocol)] = m_url->text();
    m_protocol = protocol;
    m_url->setText(m_urls[int(protocol)]);
    {
        const QSignalBlocker blocker(m_protocolBox);
        m_protocolBox->setCurrentIndex(m_protocolBox->findData(int(protocol)));
    }
    switch (protocol) {
    case Protocol::WebSocket:
        m_url->setPlaceholderText(tr("ws://host:port/path, wss://..., or http(s)://.../events for SSE"));
        break;
    case Protocol::SocketIo:
        m_url->setPlaceholderText(tr("http://host:port (Engine.IO path /socket.io/ unless the URL has one), or ws://..."));
        break;
    case Protocol::GraphQl:
        m_url->setPlaceholderText(tr("ws://host:port/graphql or wss://..."));
        break;
    }
    m_sendGroup->setVisible(protocol == Protocol::WebSocket);
    m_socketIo->optionsWidget()->setVisible(protocol == Protocol::SocketIo);
    m_socketIo->actionsWidget()->setVisible(protocol == Protocol::SocketIo);
    m_graphQl->optionsWidget()->setVisible(protocol == Protocol::GraphQl);
    m_graphQl->actionsWidget()->setVisible(protocol == Protocol::GraphQl);
    m_handshakeText.clear();
    m_protocolSummary.clear();
    refreshHandshakePane();
    m_lastError->hide();
    updateUrlHint();
    showState();
    return true;
}

ManualSession *ManualClientTab::currentSession() const
{
    switch (m_protocol) {
    case Protocol::WebSocket: return nullptr;
    case Protocol::SocketIo: return m_socketIo->session();
    case Protocol::GraphQl: return m_graphQl->session();
    }
    return nullptr;
}

ManualConnection::State ManualClientTab::state() const
{
    if (const ManualSession *session = currentSession())
        return session->state();
    return m_connection->state();
}

void ManualClientTab::updateUrlHint()
{
    const QUrl url(m_url->text().trimmed());
    const bool tls = url.scheme().compare(QLatin1String("wss"), Qt::CaseInsensitive) == 0
        || url.scheme().compare(QLatin1String("https"), Qt::CaseInsensitive) == 0;
    if (m_protocol == Protocol::SocketIo) {
        const bool ok = SocketIoManualSession::checkUrl(url).isEmpty();
        m_urlHint->setText(!ok ? tr("?") : tls ? tr("Socket.IO (TLS)") : tr("Socket.IO"));
        m_urlHint->setToolTip(ok ? tr("Engine.IO endpoint: %1").arg(SocketIoManualSession::endpointFor(url).toDisplayString())
                                 : SocketIoManualSession::checkUrl(url));
        updateControls();
        return;
    }
    if (m_protocol == Protocol::GraphQl) {
        const bool ok = GraphQlManualSession::checkUrl(url).isEmpty();
        m_urlHint->setText(!ok ? tr("?") : tls ? tr("GraphQL (TLS)") : tr("GraphQL"));
        m_urlHint->setToolTip(ok ? tr("graphql-ws over WebSocket, subprotocol graphql-transport-ws") : GraphQlManualSession::checkUrl(url));
        updateControls();
        return;
    }
    switch (ManualConnection::protocolFor(url)) {
    case ManualConnection::Protocol::WebSocket:
        m_urlHint->setText(tls ? tr("WebSocket (TLS)") : tr("WebSocket"));
        break;
    case ManualConnection::Protocol::Sse:
        m_urlHint->setText(tls ? tr("SSE (TLS)") : tr("SSE"));
        break;
    case ManualConnection::Protocol::None:
        m_urlHint->setText(tr("?"));
        break;
    }
    m_urlHint->setToolTip(tr("ws:// and wss:// open a WebSocket; http:// and https:// read a Server-Sent Events stream"));
    updateControls();
}

ManualConnection::Protocol ManualClientTab::currentProtocol() const
{
    if (m_connection->state() != ManualConnection::State::Unconnected)
        return m_connection->protocol();
    return ManualConnection::protocolFor(QUrl(m_url->text().trimmed()));
}

ManualConnection::Options ManualClientTab::options(QString *error) const
{
    ManualConnection::Options options;
    options.token = m_token->text().trimmed();
    options.tokenPlacement = ManualConnection::TokenPlacement(m_tokenPlacement->currentData().toInt());
    options.ignoreCertificateErrors = m_ignoreCertificates->isChecked();
    options.subprotocols = ManualConnection::parseSubprotocols(m_subprotocols->text());
    for (int row = 0; row < m_headers->rowCount(); ++row) {
        const QString name = m_headers->item(row, 0) ? m_headers->item(row, 0)->text().trimmed() : QString();
        const QString value = m_headers->item(row, 1) ? m_headers->item(row, 1)->text().trimmed() : QString();
        if (name.isEmpty() && value.isEmpty())
            continue;
        if (name.isEmpty()) {
            *error = tr("header row %1 has a value but no name").arg(row + 1);
            return options;
        }
        options.headers.append({name.toUtf8(), value.toUtf8()});
    }
    return options;
}

bool ManualClientTab::sessionRequest(QUrl *url, QList<QPair<QByteArray, QByteArray>> *headers, QString *error) const
{
    const ManualConnection::Options opts = options(error);
    if (!error->isEmpty())
        return false;
    *url = QUrl(m_url->text().trimmed());
    *headers = opts.headers;
    if (!opts.token.isEmpty()) {
        if (opts.tokenPlacement == ManualConnection::TokenPlacement::QueryParameter) {
            QUrlQuery query(*url);
            query.addQueryItem(QStringLiteral("token"), QString::fromUtf8(QUrl::toPercentEncoding(opts.token)));
            url->setQuery(query);
        } else {
            headers->append({"Authorization", "Bearer " + opts.token.toUtf8()});
        }
    }
    return true;
}

void ManualClientTab::connectToUrl()
{
    m_lastError->hide();
    if (m_protocol != Protocol::WebSocket) {
        QString error;
        QUrl url;
        QList<QPair<QByteArray, QByteArray>> headers;
        m_handshakeText.clear();
        m_requestText.clear();
        m_protocolSummary.clear();
        refreshHandshakePane();
        if (sessionRequest(&url, &headers, &error)) {
            if (m_protocol == Protocol::SocketIo)
                m_socketIo->connectTo(url, headers, m_ignoreCertificates->isChecked(), &error);
            else
                m_graphQl->connectTo(url, headers, m_ignoreCertificates->isChecked(), &error);
        }
        if (!error.isEmpty())
            onError(error);
        return;
    }
    QString error;
    const ManualConnection::Options opts = options(&error);
    if (!error.isEmpty()) {
        onError(error);
        return;
    }
    m_handshake->clear();
    m_requestText.clear();
    m_handshakeText.clear();
    m_connection->open(QUrl(m_url->text().trimmed()), opts);
}

void ManualClientTab::disconnectFromServer()
{
    if (ManualSession *session = currentSession()) {
        session->close();
        return;
    }
    if (m_connection->state() == ManualConnection::State::Open)
        m_connection->close(1000, QString());
    else
        m_connection->abort();
}

void ManualClientTab::reconnect()
{
    m_lastError->hide();
    m_handshake->clear();
    m_requestText.clear();
    m_handshakeText.clear();
    m_protocolSummary.clear();
    if (ManualSession *session = currentSession()) {
        session->reconnect();
        return;
    }
    m_connection->reconnect();
}

QString ManualClientTab::checkJson(const QString &text, int *offset)
{
    const QByteArray utf8 = text.toUtf8();
    QJsonParseError error{};
    QJsonDocument::fromJson(utf8, &error);
    if (error.error == QJsonParseError::NoError)
        return {};
    // QJsonParseError::offset counts UTF-8 bytes; people count lines and characters.
    const QString before = QString::fromUtf8(utf8.left(qBound(0, error.offset, int(utf8.size()))));
    const int line = int(before.count(QLatin1Char('\n'))) + 1;
    const int column = int(before.size() - before.lastIndexOf(QLatin1Char('\n')));
    if (offset)
        *offset = int(before.size());
    if (text.trimmed().isEmpty())
        return tr("line 1, column 1: the message is empty");
    return tr("line %1, column %2: %3").arg(line).arg(column).arg(error.errorString());
}

void ManualClientTab::validateSendBox()
{
    // Live: the error shows while typing, before anything is sent.
    if (m_mode->currentIndex() == 1 && !m_sendBox->toPlainText().trimmed().isEmpty()) {
        const QString problem = checkJson(m_sendBox->toPlainText());
        showSendError(problem.isEmpty() ? QString() : tr("Invalid JSON at %1").arg(problem));
    } else {
        showSendError({});
    }
}

void ManualClientTab::showSendError(const QString &message)
{
    m_sendError->setText(message);
    m_sendError->setToolTip(message);
}

bool ManualClientTab::sendMessage()
{
    const QString text = m_sendBox->toPlainText();
    if (m_mode->currentIndex() == 1) {
        int offset = -1;
        if (const QString problem = checkJson(text, &offset); !problem.isEmpty()) {
            showSendError(tr("Not sent: invalid JSON at %1").arg(problem));
            QTextCursor cursor = m_sendBox->textCursor();
            cursor.setPosition(qBound(0, offset, int(text.size())));
            m_sendBox->setTextCursor(cursor);
            m_sendBox->setFocus();
            return false;
        }
    } else if (text.isEmpty()) {
        showSendError(tr("Not sent: the message is empty"));
        return false;
    }
    if (currentProtocol() == ManualConnection::Protocol::Sse) {
        // An SSE stream only receives; its tab publishes beside it (POST /publish).
        QString error;
        const ManualConnection::Options opts = options(&error);
        if (!error.isEmpty()) {
            showSendError(tr("Not sent: %1").arg(error));
            return false;
        }
        const QUrl url = ManualConnection::publishUrlFor(QUrl(m_url->text().trimmed()));
        if (!m_connection->post(url, text.toUtf8(), opts)) {
            showSendError(tr("Not sent: see the error above"));
            return false;
        }
        showSendError({});
        addToHistory(text);
        return true;
    }
    if (!m_connection->sendText(text)) {
        showSendError(tr("Not sent: %1").arg(m_connection->state() == ManualConnection::State::Open
                                                   ? tr("the connection refused it")
                                                   : tr("not connected")));
        return false;
    }
    showSendError({});
    addToHistory(text);
    return true;
}

void ManualClientTab::addToHistory(const QString &text)
{
    m_history.removeAll(text);
    m_history.append(text);
    while (m_history.size() > maxHistory())
        m_history.removeFirst();
    m_historyPos = -1;
    m_historyBox->clear();
    for (qsizetype i = m_history.size() - 1; i >= 0; --i) {
        QString label = m_history.at(i).simplified();
        if (label.size() > 60)
            label = label.left(59) + QChar(0x2026);
        m_historyBox->addItem(label, m_history.at(i));
    }
    m_historyBox->setCurrentIndex(-1);
}

void ManualClientTab::stepHistory(int direction)
{
    if (m_history.isEmpty())
        return;
    if (m_historyPos < 0) {
        if (direction > 0)
            return;
        m_draft = m_sendBox->toPlainText();
        m_historyPos = int(m_history.size());
    }
    const int next = m_historyPos + direction;
    if (next < 0)
        return;
    if (next >= m_history.size()) {
        m_historyPos = -1;
        m_sendBox->setPlainText(m_draft);
    } else {
        m_historyPos = next;
        m_sendBox->setPlainText(m_history.at(next));
    }
    m_sendBox->moveCursor(QTextCursor::End);
}

bool ManualClientTab::eventFilter(QObject *watched, QEvent *event)
{
    if (event->type() == QEvent::KeyPress && (watched == m_socketIo->argumentsBox() || watched == m_graphQl->queryBox())) {
        auto *key = static_cast<QKeyEvent *>(event);
        if ((key->key() == Qt::Key_Return || key->key() == Qt::Key_Enter) && (key->modifiers() & Qt::ControlModifier)) {
            if (watched == m_socketIo->argumentsBox())
                m_socketIo->emitEvent();
            else
                m_graphQl->subscribe();
            return true;
        }
    }
    if (watched == m_sendBox && event->type() == QEvent::KeyPress) {
        auto *key = static_cast<QKeyEvent *>(event);
        if ((key->key() == Qt::Key_Return || key->key() == Qt::Key_Enter) && (key->modifiers() & Qt::ControlModifier)) {
            sendMessage();
            return true;
        }
        // Up on the first line and Down on the last step through what was sent, like a shell.
        const QTextCursor cursor = m_sendBox->textCursor();
        if (key->key() == Qt::Key_Up && key->modifiers() == Qt::NoModifier && cursor.block() == m_sendBox->document()->firstBlock()) {
            stepHistory(-1);
            return true;
        }
        if (key->key() == Qt::Key_Down && key->modifiers() == Qt::NoModifier && m_historyPos >= 0
            && cursor.block() == m_sendBox->document()->lastBlock()) {
            stepHistory(+1);
            return true;
        }
    }
    return QWidget::eventFilter(watched, event);
}

void ManualClientTab::sendPing()
{
    m_connection->sendPing(m_pingPayload->text().toUtf8());
}

void ManualClientTab::closeWithChosenCode()
{
    // The combo's text is an item ("1000 Normal Closure") or what the user typed ("4321").
    const QString text = m_closeCode->currentText().trimmed();
    const QString number = text.section(QLatin1Char(' '), 0, 0);
    bool ok = false;
    const int code = number.toInt(&ok);
    if (!ok) {
        onError(tr("close code \"%1\" is not a number").arg(text));
        return;
    }
    if (const QString problem = ManualConnection::checkCloseCode(code); !problem.isEmpty()) {
        onError(problem);
        return;
    }
    m_connection->close(quint16(code), m_closeReason->text());
}

void ManualClientTab::refreshSavedMessages()
{
    const QString current = m_savedBox->currentText();
    m_savedBox->clear();
    if (m_saved) {
        for (const SavedMessageStore::Message &message : m_saved->messages())
            m_savedBox->addItem(message.name, message.name);
    }
    m_savedBox->setCurrentIndex(m_savedBox->findData(current));
    m_deleteSaved->setEnabled(m_savedBox->currentIndex() >= 0);
}

void ManualClientTab::insertSaved(int index)
{
    if (!m_saved || index < 0)
        return;
    const int at = m_saved->indexOf(m_savedBox->itemData(index).toString());
    if (at < 0)
        return;
    const SavedMessageStore::Message &message = m_saved->messages().at(at);
    m_mode->setCurrentIndex(message.json ? 1 : 0);
    m_sendBox->setPlainText(message.text);
    m_historyPos = -1;
    m_sendBox->setFocus();
}

void ManualClientTab::saveMessage(const QString &name)
{
    if (!m_saved)
        return;
    const QString trimmed = name.trimmed();
    if (trimmed.isEmpty()) {
        showSendError(tr("Not saved: the name is empty"));
        return;
    }
    if (m_sendBox->toPlainText().isEmpty()) {
        showSendError(tr("Not saved: the message is empty"));
        return;
    }
    m_saved->save({trimmed, m_sendBox->toPlainText(), m_mode->currentIndex() == 1});
    m_savedBox->setCurrentIndex(m_savedBox->findData(trimmed));
}

void ManualClientTab::askNameAndSave()
{
    if (m_sendBox->toPlainText().isEmpty()) {
        showSendError(tr("Not saved: the message is empty"));
        return;
    }
    bool ok = false;
    const QString name = QInputDialog::getText(this, tr("Save message"), tr("Name:"), QLineEdit::Normal,
                                               m_savedBox->currentText(), &ok);
    if (ok)
        saveMessage(name);
}

void ManualClientTab::deleteSaved()
{
    if (m_saved && m_savedBox->currentIndex() >= 0)
        m_saved->remove(m_savedBox->currentData().toString());
}

void ManualClientTab::onStateChanged(ManualConnection::State state)
{
    showState();
    updateControls();
    Q_EMIT stateChanged(state);
}

void ManualClientTab::showState()
{
    const ManualConnection::State state = this->state();
    QString colour;
    switch (state) {
    case ManualConnection::State::Open: colour = QStringLiteral("#2e7d32"); break;
    case ManualConnection::State::Connecting:
    case ManualConnection::State::Closing: colour = QStringLiteral("#ef6c00"); break;
    case ManualConnection::State::Unconnected: colour = QStringLiteral("#757575"); break;
    }
    QString name = ManualConnection::stateName(state);
    if (m_protocol == Protocol::WebSocket && state == ManualConnection::State::Unconnected && m_connection->isReconnectPending()) {
        colour = QStringLiteral("#ef6c00");
        name = tr("Reconnecting");
    }
    m_state->setText(QStringLiteral("<span style=\"color:%1\">\u25CF</span> %2").arg(colour, name.toHtmlEscaped()));
}

void ManualClientTab::updateControls()
{
    if (!m_send)
        return; // still building
    const ManualConnection::State state = this->state();
    const bool unconnected = state == ManualConnection::State::Unconnected;
    const bool open = state == ManualConnection::State::Open;
    m_protocolBox->setEnabled(unconnected && !m_connection->isReconnectPending());
    if (const ManualSession *session = currentSession()) {
        m_connect->setEnabled(unconnected);
        m_disconnect->setEnabled(!unconnected);
        m_reconnect->setEnabled(m_protocol == Protocol::SocketIo ? !m_socketIo->session()->options().url.isEmpty()
                                                                 : !m_graphQl->session()->options().url.isEmpty());
        m_reconnect->setToolTip(tr("Open the session again with the same options"));
        m_url->setReadOnly(!unconnected);
        // Socket.IO offers no WebSocket subprotocols; graphql-ws offers its own.
        m_subprotocols->setEnabled(false);
        m_subprotocols->setToolTip(m_protocol == Protocol::GraphQl ? tr("The GraphQL mode offers graphql-transport-ws")
                                                                   : tr("Socket.IO offers no WebSocket subprotocols"));
        m_autoReconnect->setEnabled(false);
        Q_UNUSED(session);
        return;
    }
    m_autoReconnect->setEnabled(true);
    m_reconnect->setToolTip(tr("Open the last URL again with the same options; an SSE stream resumes with Last-Event-ID"));
    m_subprotocols->setToolTip(tr("WebSocket subprotocols to offer (Sec-WebSocket-Protocol), comma-separated, "
                                  "in order of preference; the server's choice is shown in the log"));
    const ManualConnection::Protocol protocol = currentProtocol();
    const bool webSocket = protocol == ManualConnection::Protocol::WebSocket;
    const bool sse = protocol == ManualConnection::Protocol::Sse;
    m_connect->setEnabled(unconnected);
    m_disconnect->setEnabled(!unconnected || m_connection->isReconnectPending());
    m_reconnect->setEnabled(!m_connection->url().isEmpty());
    m_url->setReadOnly(!unconnected);
    // An SSE stream only receives: Send publishes beside it, with or without the stream open.
    m_send->setEnabled((open && webSocket) || sse);
    m_ping->setEnabled(open && webSocket);
    m_close->setEnabled(open && webSocket);
    m_closeCode->setEnabled(!sse);
    m_closeReason->setEnabled(!sse);
    m_pingPayload->setEnabled(!sse);
    // Offered at the next connect; an SSE stream has no subprotocols.
    m_subprotocols->setEnabled(!sse);
    m_send->setToolTip(sse ? tr("POST the message to the server's /publish (Ctrl+Return)") : tr("Send the message (Ctrl+Return)"));
    const QString noControl = tr("An SSE stream has no ping or close frames; Disconnect ends it");
    m_ping->setToolTip(sse ? noControl : tr("Send a Ping frame; the Pong's round trip is logged"));
    m_close->setToolTip(sse ? noControl : tr("Start the closing handshake with the chosen code and reason"));
    // The box's example follows what Send does: an envelope for /ws, a publish body for SSE.
    const QString channel = QUrlQuery(QUrl(m_url->text().trimmed())).queryItemValue(QStringLiteral("channel"));
    m_sendBox->setPlaceholderText(sse ? tr("{\"channel\":\"%1\",\"type\":\"chat.message\",\"payload\":{\"text\":\"hello\"}}   (Ctrl+Return sends)")
                                            .arg(channel.isEmpty() ? QStringLiteral("general") : channel)
                                      : tr("{\"type\":\"chat.message\",\"payload\":{\"text\":\"hello\"}}   (Ctrl+Return sends)"));
    if (sse) {
        const QUrl publish = ManualConnection::publishUrlFor(QUrl(m_url->text().trimmed()));
        m_sendHint->setText(tr("An SSE stream only receives. Send POSTs the message to %1 as "
                               "{\"channel\": ..., \"type\": ..., \"payload\": ...}.").arg(publish.toDisplayString()));
    }
    m_sendHint->setVisible(sse);
}

void ManualClientTab::onFrameLogged(const ManualFrame &frame)
{
    m_model->append(frame);
}

void ManualClientTab::onError(const QString &message)
{
    m_lastError->setText(message);
    m_lastError->setToolTip(message);
    m_lastError->show();
}

void ManualClientTab::showRequestHead(const QByteArray &head)
{
    m_requestText = tr("Request (%1)").arg(ManualFrameModel::timeText(QDateTime::currentMSecsSinceEpoch())) + QLatin1Char('\n')
        + QString::fromUtf8(head).remove(QLatin1Char('\r')).trimmed();
    m_handshakeText = m_requestText;
    refreshHandshakePane();
}

void ManualClientTab::showProtocolSummary(const QString &text)
{
    m_protocolSummary = text;
    refreshHandshakePane();
}

void ManualClientTab::refreshHandshakePane()
{
    if (m_handshakeText.isEmpty() || m_protocolSummary.isEmpty())
        m_handshake->setPlainText(m_handshakeText + m_protocolSummary);
    else
        m_handshake->setPlainText(m_handshakeText + QStringLiteral("\n\n") + m_protocolSummary);
}

void ManualClientTab::showResponseHead(const HttpResponseHead &head, qint64 elapsedMs)
{
    QString text = m_requestText + QLatin1String("\n\n")
        + tr("Response after %1 ms").arg(elapsedMs) + QLatin1Char('\n')
        + QString::fromLatin1(head.version) + QLatin1Char(' ') + QString::number(head.status) + QLatin1Char(' ')
        + QString::fromLatin1(head.reason);
    for (const auto &field : head.fields)
        text += QLatin1Char('\n') + QString::fromLatin1(field.first) + QLatin1String(": ") + QString::fromUtf8(field.second);
    m_handshakeText = text;
    refreshHandshakePane();
}

void ManualClientTab::updateLogStatus()
{
    const int rows = m_model->rowCount();
    QString text = tr("%Ln frame(s)", nullptr, rows);
    if (m_model->droppedRows() > 0)
        text += QLatin1Char(' ') + tr("(%L1 older dropped)").arg(m_model->droppedRows());
    m_logStatus->setText(text);
}

void ManualClientTab::showFrameDetail()
{
    const QModelIndex index = m_proxy->mapToSource(m_log->currentIndex());
    if (!index.isValid()) {
        m_detail->clear();
        return;
    }
    const ManualFrame &frame = m_model->frame(index.row());
    QString head = ManualFrameModel::timeText(frame.timeMs) + QLatin1String("  ") + ManualFrame::directionName(frame.direction)
        + QLatin1String("  ") + ManualFrame::kindName(frame.kind);
    if (frame.kind != ManualFrame::Kind::Info && frame.kind != ManualFrame::Kind::Error) {
        head += QLatin1String("  ") + tr("%n byte(s)", nullptr, int(frame.size()));
        if (frame.wireBytes >= 0)
            head += QLatin1Char(' ') + tr("(%1 on the wire)").arg(frame.wireBytes);
    }
    if (frame.roundTripMs >= 0)
        head += QLatin1String("  ") + tr("round trip %1 ms").arg(frame.roundTripMs, 0, 'f', 2);
    m_detail->setPlainText(head + QLatin1String("\n\n") + frame.details());
}
