#include "manualclient/socketiocontrols.h"

#include "manualclient/jsonfield.h"
#include "manualclient/namedwidget.h"

#include <QCheckBox>
#include <QComboBox>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QVBoxLayout>

SocketIoControls::SocketIoControls(QWidget *tab)
    : QObject(tab)
    , m_session(new SocketIoManualSession(this))
{
    buildOptions(tab);
    buildActions(tab);

    connect(m_session, &SocketIoManualSession::engineOpened, this, [this](const EngineIoHandshake &handshake) {
        setSummary(tr("Engine.IO session open over %1\nsid: %2\nupgrades: %3\nping every %4 ms, timeout %5 ms\nmaxPayload: %6 bytes")
                       .arg(m_session->transportName(), handshake.sid,
                            handshake.upgrades.isEmpty() ? tr("none") : handshake.upgrades.join(QStringLiteral(", ")))
                       .arg(handshake.pingIntervalMs)
                       .arg(handshake.pingTimeoutMs)
                       .arg(handshake.maxPayload));
    });
    connect(m_session, &SocketIoManualSession::upgraded, this, [this] {
        setSummary(m_summary + QLatin1Char('\n') + tr("upgraded to websocket"));
    });
    connect(m_session, &SocketIoManualSession::connected, this, [this](const QJsonObject &data) {
        setSummary(m_summary + QStringLiteral("\n\n") + tr("CONNECT %1 accepted: %2").arg(m_session->options().nameSpace, JsonField::text(data)));
    });
    connect(m_session, &SocketIoManualSession::connectRefused, this, [this](const QString &message, const QJsonValue &data) {
        QString text = tr("CONNECT_ERROR from %1: %2").arg(m_session->options().nameSpace, message);
        if (!data.isUndefined() && !data.isNull())
            text += QLatin1Char(' ') + JsonField::text(data);
        setSummary(m_summary + QStringLiteral("\n\n") + text);
    });
    connect(m_session, &SocketIoManualSession::ackReceived, this, [this](quint64 id, const QJsonArray &args, double ms) {
        m_lastAck->setText(tr("ACK %1 after %2 ms: %3").arg(id).arg(ms, 0, 'f', 2).arg(JsonField::text(args)));
        m_lastAck->setToolTip(m_lastAck->text());
    });
    connect(m_session, &ManualSession::stateChanged, this, &SocketIoControls::updateControls);
    updateControls();
}

SocketIoControls::~SocketIoControls() = default;

void SocketIoControls::buildOptions(QWidget *tab)
{
    auto *box = new QGroupBox(tr("Socket.IO"), tab);
    m_options = box;
    m_transport = named(new QComboBox(box), "socketIoTransport", tr("Transport"));
    m_transport->addItem(tr("polling, then upgrade to WebSocket"), int(SocketIoManualSession::Transport::PollingUpgrade));
    m_transport->addItem(tr("WebSocket only"), int(SocketIoManualSession::Transport::WebSocket));
    m_transport->addItem(tr("polling only"), int(SocketIoManualSession::Transport::Polling));
    m_transport->setToolTip(tr("How Engine.IO carries the packets: the official client starts with HTTP long-polling "
                               "and moves to WebSocket"));
    m_namespace = named(new QLineEdit(QStringLiteral("/"), box), "socketIoNamespace", tr("Namespace"));
    m_namespace->setToolTip(tr("The namespace to CONNECT to: \"/\" or \"/name\""));
    m_auth = JsonField::create(box, "socketIoAuth", tr("Auth"), tr("optional: {\"token\": \"...\"}"), 2);
    m_auth->setToolTip(tr("A JSON object sent in the CONNECT packet (socket.handshake.auth on the server)"));

    auto *form = new QFormLayout(box);
    form->addRow(tr("Transport:"), m_transport);
    form->addRow(tr("Namespace:"), m_namespace);
    form->addRow(tr("Auth:"), m_auth);
}

void SocketIoControls::buildActions(QWidget *tab)
{
    auto *box = new QGroupBox(tr("Emit"), tab);
    m_actions = box;
    m_event = named(new QLineEdit(QStringLiteral("chat"), box), "socketIoEvent", tr("Event name"));
    m_event->setPlaceholderText(tr("event name"));
    m_ack = named(new QCheckBox(tr("Ask for an ack"), box), "socketIoAck", tr("Ask for an ack"));
    m_ack->setToolTip(tr("Send the event with an ack id; the server's ACK shows with its round trip"));
    m_emit = named(new QPushButton(tr("Emit"), box), "socketIoEmit", tr("Emit"));
    m_emit->setToolTip(tr("Emit the event with the arguments (Ctrl+Return)"));
    m_args = JsonField::create(box, "socketIoArgs", tr("Arguments"),
                               tr("[{\"text\": \"hello\"}]   a JSON array: the event's arguments (Ctrl+Return emits)"), 3);
    m_emitError = named(new QLabel(box), "socketIoEmitError", tr("Emit error"));
    m_emitError->setWordWrap(true);
    m_emitError->setStyleSheet(QStringLiteral("color: #c62828;"));
    m_emitError->hide();
    m_lastAck = named(new QLabel(box), "socketIoLastAck", tr("Last ack"));
    m_lastAck->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_lastAck->setText(tr("No ack yet."));

    auto *row = new QHBoxLayout;
    row->addWidget(new QLabel(tr("Event:"), box));
    row->addWidget(m_event, 1);
    row->addWidget(m_ack);
    row->addWidget(m_emit);
    auto *layout = new QVBoxLayout(box);
    layout->addLayout(row);
    layout->addWidget(m_args, 1);
    layout->addWidget(m_emitError);
    layout->addWidget(m_lastAck);

    connect(m_emit, &QPushButton::clicked, this, &SocketIoControls::emitEvent);
    connect(m_event, &QLineEdit::returnPressed, this, &SocketIoControls::emitEvent);
}

bool SocketIoControls::connectTo(const QUrl &url, const EngineIoClient::Headers &headers, bool ignoreCertificateErrors, QString *error)
{
    SocketIoManualSession::Options options;
    options.url = url;
    options.transport = SocketIoManualSession::Transport(m_transport->currentData().toInt());
    options.nameSpace = m_namespace->text().trimmed().isEmpty() ? QStringLiteral("/") : m_namespace->text().trimmed();
    options.headers = headers;
    options.ignoreCertificateErrors = ignoreCertificateErrors;
    if (const QString problem = SocketIoManualSession::checkNamespace(options.nameSpace); !problem.isEmpty()) {
        *error = tr("Namespace: %1").arg(problem);
        return false;
    }
    const QJsonValue auth = JsonField::read(m_auth, QJsonValue::Object, error);
    if (!error->isEmpty())
        return false;
    if (auth.isObject())
        options.auth = auth.toObject();
    setSummary({});
    m_lastAck->setText(tr("No ack yet."));
    return m_session->open(options);
}

bool SocketIoControls::emitEvent()
{
    QString error;
    const QJsonValue args = JsonField::read(m_args, QJsonValue::Array, &error);
    if (!error.isEmpty()) {
        showEmitError(tr("Not sent: %1").arg(error));
        return false;
    }
    const QString event = m_event->text().trimmed();
    if (event.isEmpty()) {
        showEmitError(tr("Not sent: the event has no name"));
        return false;
    }
    if (!m_session->isOpen()) {
        showEmitError(tr("Not sent: not connected"));
        return false;
    }
    quint64 id = 0;
    if (!m_session->emitEvent(event, args.toArray(), m_ack->isChecked(), &id)) {
        showEmitError(tr("Not sent: the session refused it"));
        return false;
    }
    if (m_ack->isChecked())
        m_lastAck->setText(tr("Waiting for ACK %1\u2026").arg(id));
    showEmitError({});
    return true;
}

void SocketIoControls::showEmitError(const QString &message)
{
    m_emitError->setText(message);
    m_emitError->setVisible(!message.isEmpty());
}

void SocketIoControls::updateControls()
{
    const bool unconnected = m_session->state() == ManualSession::State::Unconnected;
    // What the CONNECT carries is fixed once the session starts.
    m_transport->setEnabled(unconnected);
    m_namespace->setEnabled(unconnected);
    m_auth->setReadOnly(!unconnected);
    m_emit->setEnabled(m_session->isOpen());
}

void SocketIoControls::setSummary(const QString &text)
{
    m_summary = text;
    Q_EMIT summaryChanged(text);
}
