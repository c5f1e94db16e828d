#include "faultpanel.h"

#include "server/faultstate.h"
#include "server/server.h"
#include "session/embeddedserverhost.h"
#include "session/runsession.h"

#include <QAction>
#include <QDoubleSpinBox>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QKeySequence>
#include <QLabel>
#include <QLocale>
#include <QSpinBox>
#include <QTimer>
#include <QToolButton>
#include <QVBoxLayout>

using namespace std::chrono_literals;

namespace {

std::chrono::milliseconds secondsToMs(double seconds)
{
    return std::chrono::milliseconds(qRound64(seconds * 1000));
}

QString secondsText(double seconds)
{
    return QLocale().toString(seconds, 'g', 4);
}

} // namespace

FaultPanel::FaultPanel(EmbeddedServerHost &host, RunSession *session, QWidget *parent)
    : QWidget(parent)
    , m_host(host)
    , m_session(session)
{
    auto makeAction = [this](const char *objectName, const QString &text, bool checkable) {
        auto *action = new QAction(text, this);
        action->setObjectName(QString::fromLatin1(objectName));
        action->setIconText(text);
        action->setCheckable(checkable);
        m_actions.append(action);
        return action;
    };
    m_restart = makeAction("faultRestartAction", tr("Restart server"), false);
    m_restart->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_R));
    m_restart->setToolTip(tr("Close every connection with 1001 \"Going Away\", stop listening for the downtime, listen again"));
    m_dropConnections = makeAction("faultDropConnectionsAction", tr("Drop connections"), false);
    m_dropConnections->setToolTip(tr("Cut that share of the open connections at once (TCP reset)"));
    m_latency = makeAction("faultLatencyAction", tr("Add latency"), true);
    m_latency->setToolTip(tr("Delay every delivery by the latency plus a random share of the jitter, until switched off"));
    m_dropMessages = makeAction("faultDropMessagesAction", tr("Drop messages"), true);
    m_dropMessages->setToolTip(tr("Drop that share of live deliveries (they keep their sequence numbers, so the loss shows)"));
    m_ignorePings = makeAction("faultIgnorePingsAction", tr("Ignore pings"), true);
    m_ignorePings->setToolTip(tr("The server stops answering WebSocket pings"));
    m_stopReading = makeAction("faultStopReadingAction", tr("Stop reading"), true);
    m_stopReading->setToolTip(tr("The server stops reading from its sockets: a stalled server"));
    m_refuse = makeAction("faultRefuseAction", tr("Refuse connections"), false);
    m_refuse->setToolTip(tr("Stop listening, so new connections are refused, for that many seconds"));

    auto *grid = new QGridLayout;
    grid->setColumnStretch(3, 1);
    int row = 0;
    auto addRow = [this, grid, &row](QAction *action, const char *buttonName, std::initializer_list<QWidget *> parameters) {
        auto *button = new QToolButton(this);
        button->setDefaultAction(action);
        button->setObjectName(QString::fromLatin1(buttonName));
        button->setAccessibleName(action->text());
        button->setToolButtonStyle(Qt::ToolButtonTextOnly);
        button->setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Fixed);
        grid->addWidget(button, row, 0);
        auto *line = new QHBoxLayout;
        for (QWidget *widget : parameters)
            line->addWidget(widget);
        line->addStretch(1);
        grid->addLayout(line, row, 1, 1, 3);
        ++row;
    };
    auto label = [this](const QString &text) { return new QLabel(text, this); };
    auto spin = [this](const char *objectName, const QString &accessible, int min, int max, int value, const QString &suffix) {
        auto *box = new QSpinBox(this);
        box->setObjectName(QString::fromLatin1(objectName));
        box->setAccessibleName(accessible);
        box->setRange(min, max);
        box->setValue(value);
        box->setSuffix(suffix);
        return box;
    };
    auto seconds = [this](const char *objectName, const QString &accessible, double min, double max, double value) {
        auto *box = new QDoubleSpinBox(this);
        box->setObjectName(QString::fromLatin1(objectName));
        box->setAccessibleName(accessible);
        box->setRange(min, max);
        box->setDecimals(1);
        box->setSingleStep(0.5);
        box->setValue(value);
        box->setSuffix(tr(" s"));
        return box;
    };

    m_downtime = seconds("faultRestartDowntime", tr("Restart downtime in seconds"), 0, 600, 1);
    addRow(m_restart, "faultRestart", {label(tr("down for")), m_downtime});
    m_dropPercent = spin("faultDropPercent", tr("Share of connections to drop in percent"), 1, 100, 50, tr(" %"));
    addRow(m_dropConnections, "faultDropConnections", {m_dropPercent, label(tr("of open connections"))});
    m_latencyMs = spin("faultLatency", tr("Added latency in milliseconds"), 0, 60000, 200, tr(" ms"));
    m_jitterMs = spin("faultJitter", tr("Latency jitter in milliseconds"), 0, 60000, 50, tr(" ms"));
    addRow(m_latency, "faultLatencyButton", {m_latencyMs, label(tr("±")), m_jitterMs});
    m_messageDropPercent = spin("faultMessageDropPercent", tr("Share of messages to drop in percent"), 1, 100, 10, tr(" %"));
    addRow(m_dropMessages, "faultDropMessages", {m_messageDropPercent, label(tr("of deliveries"))});
    addRow(m_ignorePings, "faultIgnorePings", {label(tr("clients see missing pongs"))});
    addRow(m_stopReading, "faultStopReading", {label(tr("a stalled server"))});
    m_refuseSeconds = seconds("faultRefuseSeconds", tr("Refuse connections for seconds"), 0.5, 3600, 5);
    addRow(m_refuse, "faultRefuse", {label(tr("for")), m_refuseSeconds});

    m_status = new QLabel(this);
    m_status->setObjectName(QStringLiteral("faultStatus"));
    m_status->setWordWrap(true);
    m_status->setAccessibleName(tr("Active faults"));

    // A lasting fault that is on must be obvious at a glance (the style's sunken look is not).
    setStyleSheet(QStringLiteral("QToolButton:checked { background-color: #ffd9a0; color: #4a2800; border: 1px solid #d98200; border-radius: 3px; padding: 3px 6px; }"));

    auto *layout = new QVBoxLayout(this);
    layout->addLayout(grid);
    layout->addWidget(m_status);
    layout->addStretch(1);

    connect(m_restart, &QAction::triggered, this, [this] {
        if (Server *server = m_host.server()) {
            server->restart(secondsToMs(m_downtime->value()));
            note(tr("Restart (%1 s down)").arg(secondsText(m_downtime->value())));
        }
    });
    connect(m_dropConnections, &QAction::triggered, this, [this] {
        if (Server *server = m_host.server()) {
            server->dropConnections(m_dropPercent->value() / 100.0);
            note(tr("Drop %1% of connections").arg(m_dropPercent->value()));
        }
    });
    connect(m_latency, &QAction::triggered, this, [this](bool on) {
        applyLatency(on);
        note(on ? tr("Latency %1 ms ± %2 ms").arg(m_latencyMs->value()).arg(m_jitterMs->value()) : tr("Latency off"));
    });
    connect(m_dropMessages, &QAction::triggered, this, [this](bool on) {
        applyMessageDrop(on);
        note(on ? tr("Drop %1% of messages").arg(m_messageDropPercent->value()) : tr("Message drop off"));
    });
    connect(m_ignorePings, &QAction::triggered, this, [this](bool on) {
        if (Server *server = m_host.server()) {
            server->setPingsIgnored(on);
            note(on ? tr("Pings ignored") : tr("Pings answered"));
        }
    });
    connect(m_stopReading, &QAction::triggered, this, [this](bool on) {
        if (Server *server = m_host.server()) {
            server->setReadingStopped(on);
            note(on ? tr("Server stopped reading") : tr("Server reading again"));
        }
    });
    connect(m_refuse, &QAction::triggered, this, [this] {
        if (Server *server = m_host.server()) {
            const auto duration = secondsToMs(m_refuseSeconds->value());
            server->refuseConnections(duration);
            m_refuseUntil = QDeadlineTimer(duration);
            note(tr("Refuse connections for %1 s").arg(secondsText(m_refuseSeconds->value())));
        }
    });
    // A lasting fault follows its parameters while it is on; no marker for each step of a spin box.
    connect(m_latencyMs, &QSpinBox::valueChanged, this, [this] { if (m_latency->isChecked()) applyLatency(true); });
    connect(m_jitterMs, &QSpinBox::valueChanged, this, [this] { if (m_latency->isChecked()) applyLatency(true); });
    connect(m_messageDropPercent, &QSpinBox::valueChanged, this, [this] { if (m_dropMessages->isChecked()) applyMessageDrop(true); });

    m_refresh = new QTimer(this);
    m_refresh->setInterval(250ms);
    connect(m_refresh, &QTimer::timeout, this, &FaultPanel::refresh);
    connect(&m_host, &EmbeddedServerHost::serverChanged, this, &FaultPanel::refresh);
    refresh();
}

void FaultPanel::note(const QString &description)
{
    if (m_session)
        m_session->noteFault(description);
    refresh();
}

void FaultPanel::applyLatency(bool on)
{
    if (Server *server = m_host.server()) {
        server->setAddedLatency(on ? std::chrono::milliseconds(m_latencyMs->value()) : 0ms,
                                on ? std::chrono::milliseconds(m_jitterMs->value()) : 0ms);
    }
}

void FaultPanel::applyMessageDrop(bool on)
{
    if (Server *server = m_host.server())
        server->setMessageDropRate(on ? m_messageDropPercent->value() / 100.0 : 0.0);
}

void FaultPanel::refresh()
{
    Server *server = m_host.server();
    const bool running = server && server->isRunning();
    for (QAction *action : std::as_const(m_actions))
        action->setEnabled(running);
    if (!running) {
        for (QAction *action : {m_latency, m_dropMessages, m_ignorePings, m_stopReading})
            action->setChecked(false);
        m_status->setText(tr("The server is not running"));
        return;
    }
    // The server's own state decides what shows as on: a scenario's fault step (or its end)
    // switches these too. setChecked() does not emit triggered(), so nothing is applied again.
    const FaultState *faults = server->faults();
    m_latency->setChecked(faults->hasAddedLatency());
    m_dropMessages->setChecked(faults->messageDropRate() > 0);
    m_ignorePings->setChecked(faults->pingsIgnored());
    m_stopReading->setChecked(faults->readingStopped());

    QStringList active;
    if (server->isRefusing()) {
        const qint64 left = m_refuseUntil.isForever() ? 0 : (m_refuseUntil.remainingTime() + 999) / 1000;
        active << (left > 0 ? tr("refusing new connections (%1 s left)").arg(left) : tr("refusing new connections"));
    } else if (!server->isListening()) {
        active << tr("restarting (not listening)");
    }
    if (faults->hasAddedLatency())
        active << tr("latency %1 ms ± %2 ms").arg(faults->addedLatency().count()).arg(faults->latencyJitter().count());
    if (faults->messageDropRate() > 0)
        active << tr("dropping %1% of messages (%2 so far)").arg(qRound(faults->messageDropRate() * 100)).arg(QLocale().toString(faults->droppedMessages()));
    if (faults->pingsIgnored())
        active << tr("ignoring pings");
    if (faults->readingStopped())
        active << tr("not reading");
    m_status->setText(active.isEmpty() ? tr("No faults active") : tr("Active: %1").arg(active.join(QStringLiteral(", "))));
}

void FaultPanel::showEvent(QShowEvent *event)
{
    QWidget::showEvent(event);
    refresh();
    m_refresh->start();
}

void FaultPanel::hideEvent(QHideEvent *event)
{
    QWidget::hideEvent(event);
    m_refresh->stop();
}
