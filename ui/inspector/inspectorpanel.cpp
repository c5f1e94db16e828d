#include "inspector/inspectorpanel.h"

#include "inspect/frametap.h"
#include "protocol/jsontext.h"
#include "inspector/framefilter.h"
#include "inspector/frametablemodel.h"
#include "server/server.h"
#include "session/embeddedserverhost.h"

#include <QAction>
#include <QApplication>
#include <QCheckBox>
#include <QClipboard>
#include <QComboBox>
#include <QDateTime>
#include <QFileDialog>
#include <QFontDatabase>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QJsonDocument>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSaveFile>
#include <QScrollBar>
#include <QSpinBox>
#include <QSplitter>
#include <QStandardPaths>
#include <QTableView>
#include <QVBoxLayout>

#include <cctype>

using namespace std::chrono_literals;

namespace {

constexpr auto refreshInterval = 100ms;
constexpr auto filterTypingDelay = 150ms;

QString connectionItemText(const FrameConnection &connection)
{
    const QString side = connection.side == FrameRecord::Side::Server
        ? InspectorPanel::tr("server side") : InspectorPanel::tr("simulated client");
    QString text = QStringLiteral("#%1 %2 \u00b7 %3").arg(connection.id).arg(connection.label, FrameRecord::protocolName(connection.protocol));
    if (!connection.channel.isEmpty())
        text += QStringLiteral(" \u00b7 ") + connection.channel;
    return text + QStringLiteral(" (") + side + QLatin1Char(')');
}

// The message pretty-printed when it is JSON; as it came otherwise.
QString prettyMessage(const FrameRecord &frame)
{
    if (!frame.truncated) {
        QJsonParseError error{};
        const QJsonDocument document = QJsonDocument::fromJson(frame.payload, &error);
        if (error.error == QJsonParseError::NoError && !document.isNull())
            return JsonText::indent(frame.payload);
    }
    return QString::fromUtf8(frame.payload);
}

void setNames(QWidget *widget, const char *objectName, const QString &accessibleName)
{
    widget->setObjectName(QLatin1String(objectName));
    widget->setAccessibleName(accessibleName);
}

} // namespace

InspectorPanel::InspectorPanel(std::shared_ptr<FrameTap> tap, QWidget *parent)
    : QWidget(parent)
    , m_tap(tap ? std::move(tap) : std::make_shared<FrameTap>())
    , m_model(new FrameTableModel(this))
{
    setObjectName(QStringLiteral("inspectorPanel"));
    buildUi();
    m_refreshTimer.setInterval(refreshInterval);
    connect(&m_refreshTimer, &QTimer::timeout, this, &InspectorPanel::refresh);
    m_filterDelay.setSingleShot(true);
    m_filterDelay.setInterval(filterTypingDelay);
    connect(&m_filterDelay, &QTimer::timeout, this, &InspectorPanel::applyFilter);
    connect(m_model, &FrameTableModel::typesChanged, this, &InspectorPanel::updateTypeList);
    connect(m_model, &FrameTableModel::filteringFinished, this, &InspectorPanel::updateStatus);
    connect(m_model, &QAbstractItemModel::modelReset, this, &InspectorPanel::updateButtons);
    connect(m_model, &QAbstractItemModel::rowsRemoved, this, &InspectorPanel::updateButtons);
    updateConnectionLists();
    updateStatus();
    updateButtons();
}

InspectorPanel::~InspectorPanel()
{
    // Nothing keeps sampling for a window that is gone.
    m_tap->setOff();
}

void InspectorPanel::buildUi()
{
    // --- what is sampled, and the actions ---
    m_follow = new QComboBox(this);
    setNames(m_follow, "inspectorFollow", tr("Frames to capture"));
    m_follow->setToolTip(tr("Capture a sample of all traffic, or every frame of one connection"));
    m_follow->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    m_follow->setMinimumContentsLength(28);
    connect(m_follow, &QComboBox::activated, this, [this](int index) {
        followConnection(m_follow->itemData(index).toULongLong());
    });

    m_sampleRate = new QSpinBox(this);
    setNames(m_sampleRate, "inspectorSampleRate", tr("Sampled frames per second"));
    m_sampleRate->setRange(10, 100'000);
    m_sampleRate->setSingleStep(500);
    m_sampleRate->setValue(m_tap->sampleRate());
    m_sampleRate->setSuffix(tr(" frames/s"));
    m_sampleRate->setToolTip(tr("At most this many frames per second are sampled from all traffic, shared fairly between connections"));
    connect(m_sampleRate, &QSpinBox::valueChanged, this, [this](int rate) { m_tap->setSampleRate(rate); });

    m_pause = new QPushButton(tr("Pause"), this);
    setNames(m_pause, "inspectorPause", tr("Pause capturing"));
    m_pause->setCheckable(true);
    m_pause->setToolTip(tr("Stop capturing new frames (the engine is not sampled while paused)"));
    connect(m_pause, &QPushButton::toggled, this, &InspectorPanel::setPaused);

    m_clear = new QPushButton(tr("Clear"), this);
    setNames(m_clear, "inspectorClear", tr("Clear the frames"));
    connect(m_clear, &QPushButton::clicked, this, &InspectorPanel::clear);

    m_copyRows = new QPushButton(tr("Copy rows"), this);
    setNames(m_copyRows, "inspectorCopyRows", tr("Copy the selected rows"));
    m_copyRows->setToolTip(tr("Copy the selected frames as tab-separated text (Ctrl+C)"));
    connect(m_copyRows, &QPushButton::clicked, this, &InspectorPanel::copySelectedRows);

    m_copyMessage = new QPushButton(tr("Copy message"), this);
    setNames(m_copyMessage, "inspectorCopyMessage", tr("Copy the current message"));
    m_copyMessage->setToolTip(tr("Copy the current frame's message, pretty-printed"));
    connect(m_copyMessage, &QPushButton::clicked, this, &InspectorPanel::copyCurrentMessage);

    m_export = new QPushButton(tr("Export\u2026"), this);
    setNames(m_export, "inspectorExport", tr("Export the selected frames"));
    m_export->setToolTip(tr("Save the selected frames as JSON Lines (one JSON object per frame)"));
    connect(m_export, &QPushButton::clicked, this, &InspectorPanel::exportSelected);

    auto *captureRow = new QHBoxLayout;
    auto *captureLabel = new QLabel(tr("&Capture:"), this);
    captureLabel->setBuddy(m_follow);
    captureRow->addWidget(captureLabel);
    captureRow->addWidget(m_follow, 1);
    captureRow->addWidget(m_sampleRate);
    captureRow->addWidget(m_pause);
    captureRow->addWidget(m_clear);
    captureRow->addSpacing(12);
    captureRow->addWidget(m_copyRows);
    captureRow->addWidget(m_copyMessage);
    captureRow->addWidget(m_export);

    // --- filters ---
    m_filterText = new QLineEdit(this);
    setNames(m_filterText, "inspectorFilterText", tr("Filter text"));
    m_filterText->setPlaceholderText(tr("Filter: text in the message, type, channel or connection"));
    m_filterText->setClearButtonEnabled(true);
    connect(m_filterText, &QLineEdit::textChanged, this, &InspectorPanel::scheduleFilter);

    m_regex = new QCheckBox(tr("Re&gex"), this);
    setNames(m_regex, "inspectorRegex", tr("Filter text is a regular expression"));
    connect(m_regex, &QCheckBox::toggled, this, &InspectorPanel::applyFilter);

    m_typeFilter = new QComboBox(this);
    setNames(m_typeFilter, "inspectorTypeFilter", tr("Filter by type"));
    m_typeFilter->setEditable(true);
    m_typeFilter->setInsertPolicy(QComboBox::NoInsert);
    m_typeFilter->lineEdit()->setPlaceholderText(tr("All types"));
    m_typeFilter->setToolTip(tr("Show one type (\"chat.message\") or a family (\"chat.*\")"));
    m_typeFilter->setMinimumContentsLength(14);
    m_typeFilter->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    connect(m_typeFilter, &QComboBox::currentTextChanged, this, &InspectorPanel::scheduleFilter);

    m_connectionFilter = new QComboBox(this);
    setNames(m_connectionFilter, "inspectorConnectionFilter", tr("Filter by connection"));
    m_connectionFilter->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    m_connectionFilter->setMinimumContentsLength(18);
    connect(m_connectionFilter, &QComboBox::activated, this, &InspectorPanel::applyFilter);

    m_directionFilter = new QComboBox(this);
    setNames(m_directionFilter, "inspectorDirectionFilter", tr("Filter by direction"));
    m_directionFilter->addItem(tr("Both directions"), int(FrameFilter::DirectionFilter::Both));
    m_directionFilter->addItem(tr("\u2191 To server"), int(FrameFilter::DirectionFilter::ClientToServer));
    m_directionFilter->addItem(tr("\u2193 To client"), int(FrameFilter::DirectionFilter::ServerToClient));
    connect(m_directionFilter, &QComboBox::activated, this, &InspectorPanel::applyFilter);

    auto *filterRow = new QHBoxLayout;
    filterRow->addWidget(m_filterText, 3);
    filterRow->addWidget(m_regex);
    filterRow->addWidget(m_typeFilter, 1);
    filterRow->addWidget(m_connectionFilter, 1);
    filterRow->addWidget(m_directionFilter);

    m_dataOnly = new QCheckBox(tr("&Data only"), this);
    setNames(m_dataOnly, "inspectorDataOnly", tr("Show data frames only"));
    m_dataOnly->setToolTip(tr("Hide the protocols' control packets: Engine.IO heartbeats and upgrades, Socket.IO "
                              "CONNECT, graphql-ws connection_init/connection_ack, ping/pong and complete"));
    connect(m_dataOnly, &QCheckBox::toggled, this, &InspectorPanel::applyFilter);
    filterRow->addWidget(m_dataOnly);

    m_filterError = new QLabel(this);
    m_filterError->setObjectName(QStringLiteral("inspectorFilterError"));
    m_filterError->setStyleSheet(QStringLiteral("color: #c62828;"));
    m_filterError->setWordWrap(true);
    m_filterError->hide();

    // --- the table and the detail pane ---
    m_view = new QTableView(this);
    setNames(m_view, "inspectorTable", tr("Frames"));
    m_view->setModel(m_model);
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->setSelectionMode(QAbstractItemView::ExtendedSelection);
    m_view->setWordWrap(false);
    m_view->setShowGrid(false);
    m_view->setAlternatingRowColors(true);
    m_view->setTextElideMode(Qt::ElideRight);
    m_view->setHorizontalScrollMode(QAbstractItemView::ScrollPerPixel);
    // Uniform row heights: the header never measures 100,000 rows.
    QHeaderView *rows = m_view->verticalHeader();
    rows->hide();
    rows->setSectionResizeMode(QHeaderView::Fixed);
    rows->setDefaultSectionSize(fontMetrics().height() + 6);
    QHeaderView *columns = m_view->horizontalHeader();
    columns->setStretchLastSection(true);
    columns->setHighlightSections(false);
    const QFontMetrics metrics = fontMetrics();
    const auto widthOf = [&](const QString &sample) { return metrics.horizontalAdvance(sample) + 18; };
    m_view->setColumnWidth(FrameTableModel::TimeColumn, widthOf(QStringLiteral("00:00:00.000")));
    m_view->setColumnWidth(FrameTableModel::DirectionColumn, widthOf(tr("\u2193 to client")));
    m_view->setColumnWidth(FrameTableModel::ConnectionColumn, widthOf(QStringLiteral("#0000 127.000.000.001:00000")));
    m_view->setColumnWidth(FrameTableModel::ProtocolColumn, widthOf(QStringLiteral("graphql-ws")));
    m_view->setColumnWidth(FrameTableModel::ChannelColumn, widthOf(QStringLiteral("general-channel")));
    m_view->setColumnWidth(FrameTableModel::TypeColumn, widthOf(QStringLiteral("EVENT \"chat.message\"")));
    m_view->setColumnWidth(FrameTableModel::KindColumn, widthOf(FrameDecoder::kindName(true)));
    m_view->setColumnWidth(FrameTableModel::SizeColumn, widthOf(QStringLiteral("000,000")));
    connect(m_view->selectionModel(), &QItemSelectionModel::currentRowChanged, this, &InspectorPanel::showDetail);
    connect(m_view->selectionModel(), &QItemSelectionModel::selectionChanged, this, &InspectorPanel::updateButtons);

    auto *copyAction = new QAction(tr("Copy rows"), m_view);
    copyAction->setShortcut(QKeySequence::Copy);
    copyAction->setShortcutContext(Qt::WidgetShortcut);
    connect(copyAction, &QAction::triggered, this, &InspectorPanel::copySelectedRows);
    m_view->addAction(copyAction);

    m_detail = new QPlainTextEdit(this);
    setNames(m_detail, "inspectorDetail", tr("Frame detail"));
    m_detail->setReadOnly(true);
    m_detail->setLineWrapMode(QPlainTextEdit::NoWrap);
    m_detail->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_detail->setPlaceholderText(tr("Select a frame to see its message."));

    auto *splitter = new QSplitter(Qt::Vertical, this);
    splitter->setObjectName(QStringLiteral("inspectorSplitter"));
    splitter->addWidget(m_view);
    splitter->addWidget(m_detail);
    splitter->setStretchFactor(0, 3);
    splitter->setStretchFactor(1, 1);
    splitter->setChildrenCollapsible(false);

    // --- status ---
    m_status = new QLabel(this);
    m_status->setObjectName(QStringLiteral("inspectorStatus"));
    m_dropped = new QLabel(this);
    m_dropped->setObjectName(QStringLiteral("inspectorDropped"));
    m_feedback = new QLabel(this);
    m_feedback->setObjectName(QStringLiteral("inspectorFeedback"));
    m_feedback->setTextInteractionFlags(Qt::TextSelectableByMouse);
    auto *statusRow = new QHBoxLayout;
    statusRow->addWidget(m_status);
    statusRow->addSpacing(16);
    statusRow->addWidget(m_dropped);
    statusRow->addSpacing(16);
    statusRow->addWidget(m_feedback, 1);

    auto *layout = new QVBoxLayout(this);
    layout->addLayout(captureRow);
    layout->addLayout(filterRow);
    layout->addWidget(m_filterError);
    layout->addWidget(splitter, 1);
    layout->addLayout(statusRow);
}

void InspectorPanel::watchServerHost(EmbeddedServerHost *host)
{
    if (!host)
        return;
    if (Server *server = host->server())
        server->setFrameTap(m_tap);
    connect(host, &EmbeddedServerHost::serverChanged, this, [this](Server *server) {
        if (server)
            server->setFrameTap(m_tap);
    });
}

void InspectorPanel::setActive(bool active)
{
    if (m_active == active)
        return;
    m_active = active;
    applyTapMode();
    if (m_active) {
        m_refreshTimer.start();
    } else {
        m_refreshTimer.stop();
        refresh(); // what was captured up to now is still shown
    }
    updateStatus();
    Q_EMIT activeChanged(m_active);
}

void InspectorPanel::setPaused(bool paused)
{
    if (m_paused == paused)
        return;
    // Take in what came before the pause, then stop the tap: nothing new is captured.
    if (paused)
        refresh();
    m_paused = paused;
    {
        const QSignalBlocker blocker(m_pause);
        m_pause->setChecked(paused);
    }
    m_pause->setText(paused ? tr("Resume") : tr("Pause"));
    m_pause->setAccessibleName(paused ? tr("Resume capturing") : tr("Pause capturing"));
    applyTapMode();
    updateStatus();
}

void InspectorPanel::followConnection(quint64 connectionId)
{
    m_followed = connectionId;
    const int index = m_follow->findData(QVariant::fromValue(connectionId));
    if (index >= 0)
        m_follow->setCurrentIndex(index);
    m_sampleRate->setEnabled(connectionId == 0);
    applyTapMode();
    updateStatus();
}

void InspectorPanel::applyTapMode()
{
    if (!m_active || m_paused)
        m_tap->setOff();
    else if (m_followed != 0)
        m_tap->follow(m_followed);
    else
        m_tap->sampleAll();
}

void InspectorPanel::refresh()
{
    FrameTap::Batch batch = m_tap->drain();
    m_droppedTotal = batch.droppedTotal;
    if (m_tap->connectionsVersion() != m_connectionsVersion)
        updateConnectionLists();
    if (!batch.frames.empty() && !m_paused) {
        // Keep following the newest rows only when the user is already at the bottom.
        QScrollBar *bar = m_view->verticalScrollBar();
        const bool atBottom = bar->value() >= bar->maximum();
        const int before = m_model->rowCount();
        m_model->append(std::move(batch.frames));
        if (atBottom)
            m_view->scrollToBottom();
        const int added = m_model->rowCount() - before;
        if (added != 0)
            Q_EMIT framesAppended(added);
    }
    updateStatus();
}

void InspectorPanel::clear()
{
    m_tap->discardPending();
    m_droppedAtClear = m_droppedTotal = m_tap->droppedTotal();
    m_model->clear();
    m_detail->clear();
    setFeedback({}, false);
    updateStatus();
    updateButtons();
}

void InspectorPanel::scheduleFilter()
{
    m_filterDelay.start();
}

void InspectorPanel::applyFilter()
{
    m_filterDelay.stop();
    FrameFilter filter;
    filter.setText(m_filterText->text(), m_regex->isChecked());
    filter.setType(m_typeFilter->currentText());
    filter.setConnection(m_connectionFilter->currentData().toULongLong());
    filter.setDirection(FrameFilter::DirectionFilter(m_directionFilter->currentData().toInt()));
    filter.setDataOnly(m_dataOnly->isChecked());
    if (!filter.isValid()) {
        // Say what is wrong and keep showing the last filter that worked.
        m_filterError->setText(filter.errorString());
        m_filterError->show();
        m_filterText->setStyleSheet(QStringLiteral("QLineEdit { border: 1px solid #c62828; }"));
        return;
    }
    m_filterError->hide();
    m_filterText->setStyleSheet({});
    if (filter == m_model->filter())
        return;
    m_detail->clear();
    m_model->setFilter(filter);
    updateStatus();
    updateButtons();
}

void InspectorPanel::updateConnectionLists()
{
    // Rebuilding while a list is open would move it under the user's pointer: next tick.
    if (m_follow->view()->isVisible() || m_connectionFilter->view()->isVisible())
        return;
    m_connectionsVersion = m_tap->connectionsVersion();
    const std::vector<FrameConnection> connections = m_tap->connections();
    const auto fill = [&](QComboBox *combo, const QString &allText, quint64 selected) {
        const QSignalBlocker blocker(combo);
        combo->clear();
        combo->addItem(allText, QVariant::fromValue(quint64(0)));
        // Newest first: the connection just opened is the one people look for.
        for (auto it = connections.rbegin(); it != connections.rend(); ++it)
            combo->addItem(connectionItemText(*it), QVariant::fromValue(it->id));
        int index = combo->findData(QVariant::fromValue(selected));
        if (index < 0) {
            // A followed or filtered connection that left the recent list stays selectable.
            combo->addItem(tr("#%1 (no longer listed)").arg(selected), QVariant::fromValue(selected));
            index = combo->count() - 1;
        }
        combo->setCurrentIndex(index);
    };
    fill(m_follow, tr("A sample of all traffic"), m_followed);
    fill(m_connectionFilter, tr("All connections"), m_model->filter().connection());
}

void InspectorPanel::updateTypeList()
{
    if (m_typeFilter->view()->isVisible())
        return;
    const QString current = m_typeFilter->currentText();
    const QSignalBlocker blocker(m_typeFilter);
    m_typeFilter->clear();
    m_typeFilter->addItem(QString());
    m_typeFilter->addItems(m_model->types());
    m_typeFilter->setEditText(current);
}

void InspectorPanel::updateStatus()
{
    const QLocale locale;
    QString state;
    if (!m_active)
        state = tr("Not capturing");
    else if (m_paused)
        state = tr("Paused");
    else if (m_followed != 0)
        state = tr("Following connection #%1").arg(m_followed);
    else
        state = tr("Sampling all traffic (at most %1 frames/s)").arg(locale.toString(m_tap->sampleRate()));
    QString rows = tr("%1 of %2 frames shown").arg(locale.toString(m_model->rowCount()), locale.toString(m_model->storedCount()));
    if (m_model->isFiltering())
        rows += tr(" (filtering\u2026)");
    m_status->setText(state + QStringLiteral(" \u00b7 ") + rows);
    const quint64 dropped = m_droppedTotal - m_droppedAtClear;
    m_dropped->setText(tr("Dropped: %1").arg(locale.toString(dropped)));
    m_dropped->setToolTip(tr("Frames lost because more arrived than the capture buffer (%1 frames) holds between two refreshes. "
                             "The table keeps the newest %2 frames; %3 older ones were let go.")
                              .arg(locale.toString(m_tap->options().capacity), locale.toString(m_model->capacity()),
                                   locale.toString(m_model->trimmedCount())));
    m_dropped->setStyleSheet(dropped > 0 ? QStringLiteral("color: #c62828;") : QString());
}

void InspectorPanel::updateButtons()
{
    const bool anySelected = m_view->selectionModel()->hasSelection();
    m_copyRows->setEnabled(anySelected);
    m_export->setEnabled(anySelected);
    m_copyMessage->setEnabled(m_view->currentIndex().isValid());
}

QList<int> InspectorPanel::selectedRows() const
{
    QList<int> rows;
    const QModelIndexList indexes = m_view->selectionModel()->selectedRows();
    rows.reserve(indexes.size());
    for (const QModelIndex &index : indexes)
        rows.append(index.row());
    std::sort(rows.begin(), rows.end());
    return rows;
}

void InspectorPanel::showDetail()
{
    updateButtons();
    const QModelIndex current = m_view->currentIndex();
    if (!current.isValid()) {
        m_detail->clear();
        return;
    }
    const FrameRecord &frame = m_model->frameAt(current.row());
    const QLocale locale;
    QString header = tr("%1 \u00b7 %2 \u00b7 #%3 %4 (%5) \u00b7 %6")
                         .arg(QDateTime::fromMSecsSinceEpoch(frame.wallMs).toString(QStringLiteral("yyyy-MM-dd HH:mm:ss.zzz")),
                              FrameRecord::directionName(frame.direction))
                         .arg(frame.connectionId)
                         .arg(frame.connectionLabel,
                              frame.side == FrameRecord::Side::Server ? tr("seen by the server") : tr("seen by the client"),
                              FrameRecord::protocolName(frame.protocol));
    header += QLatin1Char('\n');
    header += tr("channel %1 \u00b7 type %2 \u00b7 %3 bytes")
                  .arg(frame.channel.isEmpty() ? QStringLiteral("\u2014") : frame.channel,
                       frame.type.isEmpty() ? QStringLiteral("\u2014") : frame.type,
                       locale.toString(frame.size));
    if (frame.truncated)
        header += tr(" (the first %1 bytes were kept)").arg(locale.toString(frame.payload.size()));
    QString body = prettyMessage(frame);
    if (const FrameDecoder::Result &decoded = m_model->decodedAt(current.row()); decoded.isDecoded()) {
        // "Socket.IO · EVENT "chat" · data", then what it carries as a person reads JSON.
        header += QLatin1Char('\n') + tr("%1 \u00b7 %2 \u00b7 %3")
                      .arg(FrameDecoder::protocolName(decoded.protocol), decoded.type, FrameDecoder::kindName(decoded.control));
        if (!decoded.payload.isEmpty()) {
            const QByteArray payload = decoded.payload.toUtf8();
            QJsonParseError error{};
            QJsonDocument::fromJson(payload, &error);
            body = (error.error == QJsonParseError::NoError ? JsonText::indent(payload) : decoded.payload)
                + QStringLiteral("\n\n") + tr("As sent:") + QLatin1Char('\n') + QString::fromUtf8(frame.payload);
        }
    }
    m_detail->setPlainText(header + QStringLiteral("\n\n") + body);
}

void InspectorPanel::copySelectedRows()
{
    const QList<int> rows = selectedRows();
    if (rows.isEmpty())
        return;
    QGuiApplication::clipboard()->setText(m_model->rowsAsText(rows));
    setFeedback(tr("Copied %n frame(s).", nullptr, int(rows.size())), false);
}

void InspectorPanel::copyCurrentMessage()
{
    const QModelIndex current = m_view->currentIndex();
    if (!current.isValid())
        return;
    QGuiApplication::clipboard()->setText(prettyMessage(m_model->frameAt(current.row())));
    setFeedback(tr("Copied the message."), false);
}

void InspectorPanel::exportSelected()
{
    const QList<int> rows = selectedRows();
    if (rows.isEmpty())
        return;
    const QString suggested = QStandardPaths::writableLocation(QStandardPaths::DocumentsLocation)
        + QStringLiteral("/frames-%1.jsonl").arg(QDateTime::currentDateTime().toString(QStringLiteral("yyyyMMdd-HHmmss")));
    const QString path = QFileDialog::getSaveFileName(this, tr("Export frames"), suggested,
                                                      tr("JSON Lines (*.jsonl);;All files (*)"));
    if (path.isEmpty())
        return;
    exportRows(path, rows);
}

bool InspectorPanel::exportRows(const QString &path, const QList<int> &rows)
{
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly)) {
        m_error = tr("Cannot write %1: %2").arg(path, file.errorString());
        setFeedback(m_error, true);
        return false;
    }
    file.write(m_model->rowsAsJsonLines(rows));
    if (!file.commit()) {
        m_error = tr("Cannot write %1: %2").arg(path, file.errorString());
        setFeedback(m_error, true);
        return false;
    }
    m_error.clear();
    setFeedback(tr("Exported %n frame(s) to %1.", nullptr, int(rows.size())).arg(path), false);
    return true;
}

void InspectorPanel::setFeedback(const QString &message, bool error)
{
    m_feedback->setText(message);
    m_feedback->setStyleSheet(error ? QStringLiteral("color: #c62828;") : QString());
}
