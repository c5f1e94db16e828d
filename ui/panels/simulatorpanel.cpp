#include "simulatorpanel.h"

#include "panels/groupitemdelegate.h"
#include "panels/grouptablemodel.h"
#include "panels/jsontextedit.h"
#include "panels/scenariodocument.h"
#include "scenario/duration.h"

#include <QAction>
#include <QComboBox>
#include <QDir>
#include <QEvent>
#include <QFile>
#include <QFileDialog>
#include <QFileInfo>
#include <QFontDatabase>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QLocale>
#include <QMenu>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSplitter>
#include <QStandardPaths>
#include <QTableView>
#include <QTextBlock>
#include <QTimer>
#include <QToolButton>
#include <QVBoxLayout>

using namespace std::chrono_literals;

namespace {

const char errorStyle[] = "QLabel { background: #fde7e9; color: #7a0e1c; border: 1px solid #e39aa4; border-radius: 3px; padding: 3px; }";
const char okStyle[] = "QLabel { background: #e6f4ea; color: #0d4a1f; border: 1px solid #9ccfaa; border-radius: 3px; padding: 3px; }";
// Typing pauses this long before the text is validated: errors should not flash on every key.
constexpr auto revalidatePause = 400ms;

} // namespace

SimulatorPanel::SimulatorPanel(QWidget *parent)
    : QWidget(parent)
    , m_document(new ScenarioDocument(this))
    , m_model(new GroupTableModel(*m_document, this))
{
    auto name = [](QWidget *widget, const char *objectName, const QString &accessible) {
        widget->setObjectName(QString::fromLatin1(objectName));
        widget->setAccessibleName(accessible);
    };

    // --- name and target ---
    m_name = new QLineEdit(this);
    name(m_name, "scenarioName", tr("Scenario name"));
    connect(m_name, &QLineEdit::editingFinished, this, [this] {
        flushPendingText();
        if (m_name->text() != m_document->name() && !m_document->setName(m_name->text()))
            showMessage(m_document->errorString());
    });
    m_targetKind = new QComboBox(this);
    m_targetKind->addItem(tr("Embedded server"));
    m_targetKind->addItem(tr("URL"));
    name(m_targetKind, "scenarioTargetKind", tr("Scenario target"));
    connect(m_targetKind, &QComboBox::activated, this, &SimulatorPanel::onTargetKindChanged);
    m_targetUrl = new QLineEdit(this);
    m_targetUrl->setPlaceholderText(tr("ws://host:port/, wss://, http:// or https://"));
    name(m_targetUrl, "scenarioTargetUrl", tr("Target URL"));
    connect(m_targetUrl, &QLineEdit::editingFinished, this, [this] {
        flushPendingText();
        const QString url = m_targetUrl->text().trimmed();
        if (m_targetKind->currentIndex() == 1 && !url.isEmpty() && url != m_document->target() && !m_document->setTarget(url))
            showMessage(m_document->errorString());
    });
    auto *top = new QHBoxLayout;
    top->addWidget(new QLabel(tr("Name"), this));
    top->addWidget(m_name, 1);
    top->addSpacing(12);
    top->addWidget(new QLabel(tr("Target"), this));
    top->addWidget(m_targetKind);
    top->addWidget(m_targetUrl, 2);

    // --- commands ---
    m_addGroup = new QPushButton(tr("Add group"), this);
    name(m_addGroup, "addGroup", tr("Add a group of clients"));
    connect(m_addGroup, &QPushButton::clicked, this, &SimulatorPanel::addGroup);
    m_removeGroup = new QPushButton(tr("Remove group"), this);
    name(m_removeGroup, "removeGroup", tr("Remove the selected groups"));
    connect(m_removeGroup, &QPushButton::clicked, this, &SimulatorPanel::removeSelectedGroups);
    m_new = new QPushButton(tr("New"), this);
    name(m_new, "newScenario", tr("Start a new scenario"));
    connect(m_new, &QPushButton::clicked, this, &SimulatorPanel::newScenario);
    m_load = new QPushButton(tr("Load…"), this);
    name(m_load, "loadScenario", tr("Load a scenario file"));
    connect(m_load, &QPushButton::clicked, this, &SimulatorPanel::openFileDialog);
    m_save = new QPushButton(tr("Save"), this);
    name(m_save, "saveScenario", tr("Save the scenario"));
    connect(m_save, &QPushButton::clicked, this, [this] { saveWithDialog(false); });
    m_saveAs = new QPushButton(tr("Save As…"), this);
    name(m_saveAs, "saveScenarioAs", tr("Save the scenario to another file"));
    connect(m_saveAs, &QPushButton::clicked, this, [this] { saveWithDialog(true); });
    m_builtIn = new QPushButton(tr("Built-in scenarios"), this);
    name(m_builtIn, "builtInScenarios", tr("Built-in scenarios"));
    m_builtInMenu = new QMenu(m_builtIn);
    m_builtInMenu->setObjectName(QStringLiteral("builtInMenu"));
    m_builtInMenu->setToolTipsVisible(true);
    for (const auto &[builtInName, resource] : ScenarioDocument::builtInScenarios()) {
        QAction *action = m_builtInMenu->addAction(builtInName);
        action->setObjectName(QStringLiteral("builtIn-") + builtInName);
        QFile file(resource);
        if (file.open(QIODevice::ReadOnly))
            action->setToolTip(QJsonDocument::fromJson(file.readAll()).object().value(QLatin1String("description")).toString());
        connect(action, &QAction::triggered, this, [this, resource] { loadBuiltIn(resource); });
    }
    m_builtIn->setMenu(m_builtInMenu);
    auto *commands = new QHBoxLayout;
    commands->addWidget(m_addGroup);
    commands->addWidget(m_removeGroup);
    commands->addStretch(1);
    commands->addWidget(m_builtIn);
    commands->addWidget(m_new);
    commands->addWidget(m_load);
    commands->addWidget(m_save);
    commands->addWidget(m_saveAs);

    // --- groups ---
    m_table = new QTableView(this);
    name(m_table, "groupTable", tr("Client groups"));
    m_table->setModel(m_model);
    m_table->setItemDelegate(new GroupItemDelegate(m_table));
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    // The summary columns are wide: by the pixel, one of them is not skipped whole.
    m_table->setHorizontalScrollMode(QAbstractItemView::ScrollPerPixel);
    m_table->setWordWrap(false); // one line per row: a long cell ends in "…"
    m_table->setEditTriggers(QAbstractItemView::DoubleClicked | QAbstractItemView::EditKeyPressed | QAbstractItemView::AnyKeyPressed);
    m_table->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    for (int column : {GroupTableModel::Url, GroupTableModel::Sends, GroupTableModel::Receives})
        m_table->horizontalHeader()->setSectionResizeMode(column, QHeaderView::Interactive);
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_table->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    m_table->verticalHeader()->setDefaultSectionSize(m_table->fontMetrics().height() + 10);
    m_table->setAlternatingRowColors(true);
    connect(m_model, &GroupTableModel::editRejected, this, &SimulatorPanel::showMessage);
    connect(m_model, &QAbstractItemModel::modelReset, this, &SimulatorPanel::fitSummaryColumns);
    auto *removeKey = new QAction(tr("Remove group"), m_table);
    removeKey->setShortcut(QKeySequence::Delete);
    removeKey->setShortcutContext(Qt::WidgetShortcut); // not while a cell editor has the key
    connect(removeKey, &QAction::triggered, this, &SimulatorPanel::removeSelectedGroups);
    m_table->addAction(removeKey);

    // --- JSON and errors ---
    m_json = new QPlainTextEdit(this);
    name(m_json, "scenarioJson", tr("Scenario JSON"));
    m_json->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_json->setLineWrapMode(QPlainTextEdit::NoWrap);
    m_json->setTabChangesFocus(false);
    m_json->installEventFilter(this);
    connect(m_json, &QPlainTextEdit::textChanged, this, [this] {
        if (m_syncing)
            return;
        m_pending = true;
        m_revalidate->start();
    });
    m_errors = new QListWidget(this);
    name(m_errors, "scenarioErrors", tr("Scenario errors"));
    m_errors->setWordWrap(true);
    m_errors->setMaximumHeight(m_errors->fontMetrics().height() * 7);
    connect(m_errors, &QListWidget::itemActivated, this, &SimulatorPanel::jumpToError);
    connect(m_errors, &QListWidget::itemClicked, this, &SimulatorPanel::jumpToError);

    m_status = new QLabel(this);
    m_status->setObjectName(QStringLiteral("scenarioStatus"));
    m_status->setWordWrap(true);
    m_message = new QLabel(this);
    m_message->setObjectName(QStringLiteral("scenarioMessage"));
    m_message->setWordWrap(true);
    m_message->setStyleSheet(QLatin1String(errorStyle));
    m_message->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_message->hide();

    auto *jsonPane = new QWidget(this);
    auto *jsonLayout = new QVBoxLayout(jsonPane);
    jsonLayout->setContentsMargins(0, 0, 0, 0);
    jsonLayout->addWidget(new QLabel(tr("Scenario JSON (docs/scenarios.md; what runs is exactly this text)"), jsonPane));
    jsonLayout->addWidget(m_json, 1);
    jsonLayout->addWidget(m_status);
    jsonLayout->addWidget(m_errors);

    auto *splitter = new QSplitter(Qt::Vertical, this);
    splitter->setObjectName(QStringLiteral("simulatorSplitter"));
    splitter->addWidget(m_table);
    splitter->addWidget(jsonPane);
    splitter->setStretchFactor(0, 1);
    splitter->setStretchFactor(1, 2);
    splitter->setChildrenCollapsible(false);

    auto *layout = new QVBoxLayout(this);
    layout->addLayout(top);
    layout->addLayout(commands);
    layout->addWidget(m_message);
    layout->addWidget(splitter, 1);

    m_revalidate = new QTimer(this);
    m_revalidate->setSingleShot(true);
    m_revalidate->setInterval(revalidatePause);
    connect(m_revalidate, &QTimer::timeout, this, &SimulatorPanel::flushPendingText);
    connect(m_document, &ScenarioDocument::textChanged, this, &SimulatorPanel::onDocumentChanged);
    onDocumentChanged();
    fitSummaryColumns();
    m_json->document()->clearUndoRedoStacks(); // the starting text is not an edit to undo
}

SimulatorPanel::~SimulatorPanel() = default;

bool SimulatorPanel::eventFilter(QObject *watched, QEvent *event)
{
    // Leaving the JSON view (e.g. for the table) takes what was typed at once, so a table edit
    // never works on a stale text.
    if (watched == m_json && event->type() == QEvent::FocusOut)
        flushPendingText();
    return QWidget::eventFilter(watched, event);
}

void SimulatorPanel::flushPendingText()
{
    m_revalidate->stop();
    if (!m_pending)
        return;
    m_pending = false;
    m_document->setText(m_json->toPlainText().toUtf8());
}

std::shared_ptr<const scenario::Scenario> SimulatorPanel::currentScenario()
{
    flushPendingText();
    return m_document->scenario();
}

QByteArray SimulatorPanel::scenarioJson()
{
    flushPendingText();
    return m_document->text();
}

void SimulatorPanel::setScenarioJson(const QByteArray &json)
{
    m_revalidate->stop();
    m_pending = false;
    m_document->setText(json);
    fitSummaryColumns();
}

QString SimulatorPanel::errorString() const
{
    return m_error;
}

void SimulatorPanel::newScenario()
{
    m_revalidate->stop();
    m_pending = false;
    m_document->newScenario();
    fitSummaryColumns();
    showMessage(QString());
}

bool SimulatorPanel::loadBuiltIn(const QString &name)
{
    m_revalidate->stop();
    m_pending = false;
    if (!m_document->loadBuiltIn(name)) {
        showMessage(m_document->errorString());
        return false;
    }
    fitSummaryColumns();
    showMessage(QString());
    return true;
}

bool SimulatorPanel::loadFile(const QString &path)
{
    m_revalidate->stop();
    m_pending = false;
    if (!m_document->loadFile(path)) {
        showMessage(m_document->errorString());
        return false;
    }
    fitSummaryColumns();
    showMessage(QString());
    return true;
}

bool SimulatorPanel::saveFile(const QString &path)
{
    flushPendingText();
    if (!m_document->saveFile(path)) {
        showMessage(m_document->errorString());
        return false;
    }
    showMessage(QString());
    onDocumentChanged(); // the status line says where it was saved
    return true;
}

void SimulatorPanel::showMessage(const QString &message)
{
    m_error = message;
    m_message->setText(message);
    m_message->setVisible(!message.isEmpty());
}

void SimulatorPanel::openFileDialog()
{
    flushPendingText();
    const QString start = m_document->filePath().isEmpty() ? QStandardPaths::writableLocation(QStandardPaths::DocumentsLocation)
                                                           : QFileInfo(m_document->filePath()).absolutePath();
    const QString path = QFileDialog::getOpenFileName(this, tr("Open scenario"), start, tr("Scenario files (*.json);;All files (*)"));
    if (!path.isEmpty())
        loadFile(path);
}

void SimulatorPanel::saveWithDialog(bool askForName)
{
    flushPendingText();
    QString path = m_document->filePath();
    if (askForName || path.isEmpty()) {
        const QString suggested = path.isEmpty()
            ? QStandardPaths::writableLocation(QStandardPaths::DocumentsLocation) + QLatin1Char('/')
                + (m_document->name().isEmpty() ? QStringLiteral("scenario") : m_document->name()) + QStringLiteral(".json")
            : path;
        path = QFileDialog::getSaveFileName(this, tr("Save scenario"), suggested, tr("Scenario files (*.json);;All files (*)"));
        if (path.isEmpty())
            return;
    }
    saveFile(path);
}

void SimulatorPanel::addGroup()
{
    flushPendingText();
    const int row = m_document->addGroup();
    if (row < 0) {
        showMessage(m_document->errorString());
        return;
    }
    showMessage(QString());
    m_table->selectRow(row);
    m_table->scrollTo(m_model->index(row, 0));
}

void SimulatorPanel::removeSelectedGroups()
{
    flushPendingText();
    QList<int> rows;
    for (const QModelIndex &index : m_table->selectionModel()->selectedRows())
        rows.append(index.row());
    if (rows.isEmpty() && m_table->currentIndex().isValid())
        rows.append(m_table->currentIndex().row());
    if (rows.isEmpty()) {
        showMessage(tr("Select the group to remove first"));
        return;
    }
    // From the last, so the indexes of the others stay right.
    std::sort(rows.begin(), rows.end(), std::greater<>());
    for (int row : rows) {
        if (!m_document->removeGroup(row)) {
            showMessage(m_document->errorString());
            return;
        }
    }
    showMessage(QString());
}

void SimulatorPanel::fitSummaryColumns()
{
    const int cap = m_table->fontMetrics().horizontalAdvance(QLatin1Char('x')) * 40;
    for (int column : {GroupTableModel::Url, GroupTableModel::Sends, GroupTableModel::Receives}) {
        m_table->resizeColumnToContents(column);
        m_table->setColumnWidth(column, std::min(m_table->columnWidth(column), cap));
    }
}

void SimulatorPanel::onTargetKindChanged()
{
    flushPendingText();
    if (m_targetKind->currentIndex() == 0) {
        if (m_document->target() != u"embedded" && !m_document->setTarget(QStringLiteral("embedded")))
            showMessage(m_document->errorString());
    } else if (!m_targetUrl->text().trimmed().isEmpty()) {
        if (!m_document->setTarget(m_targetUrl->text().trimmed()))
            showMessage(m_document->errorString());
    } else {
        m_targetUrl->setFocus();
    }
    updateTargetFields();
}

void SimulatorPanel::updateTargetFields()
{
    const QString target = m_document->target();
    if (target != u"embedded") {
        m_targetKind->setCurrentIndex(1);
        if (!m_targetUrl->hasFocus() || !m_targetUrl->isModified())
            m_targetUrl->setText(target);
    } else if (m_targetKind->currentIndex() == 0 || !m_targetUrl->text().trimmed().isEmpty()) {
        // "URL" chosen but none typed yet stays chosen; otherwise the file says embedded.
        m_targetKind->setCurrentIndex(0);
    }
    m_targetUrl->setEnabled(m_targetKind->currentIndex() == 1);
}

void SimulatorPanel::onDocumentChanged()
{
    syncEditorText();
    // The field follows the document unless the user is typing in it: a field that merely has
    // the focus while another scenario is loaded must not keep (and on leaving, write back) the
    // old name.
    if (!m_name->hasFocus() || !m_name->isModified())
        m_name->setText(m_document->name());
    updateTargetFields();
    const bool editable = m_document->isEditable();
    m_addGroup->setEnabled(editable);
    m_removeGroup->setEnabled(editable && m_model->rowCount() > 0);
    m_name->setEnabled(editable);
    m_targetKind->setEnabled(editable);
    showErrors();
    Q_EMIT scenarioChanged();
}

void SimulatorPanel::syncEditorText()
{
    const QString wanted = QString::fromUtf8(m_document->text());
    const QString current = m_json->toPlainText();
    if (wanted == current)
        return;
    // Replace only the part that differs, as one undoable step: the view keeps its scroll
    // position and cursor, and Ctrl+Z in the JSON view takes a table edit back.
    qsizetype prefix = 0;
    const qsizetype common = std::min(wanted.size(), current.size());
    while (prefix < common && wanted.at(prefix) == current.at(prefix))
        ++prefix;
    qsizetype suffix = 0;
    while (suffix < common - prefix && wanted.at(wanted.size() - 1 - suffix) == current.at(current.size() - 1 - suffix))
        ++suffix;
    m_syncing = true;
    QTextCursor cursor(m_json->document());
    cursor.beginEditBlock();
    cursor.setPosition(int(prefix));
    cursor.setPosition(int(current.size() - suffix), QTextCursor::KeepAnchor);
    cursor.insertText(wanted.mid(prefix, wanted.size() - suffix - prefix));
    cursor.endEditBlock();
    m_syncing = false;
}

void SimulatorPanel::showErrors()
{
    const QList<scenario::LoadError> &errors = m_document->errors();
    m_errors->clear();
    QList<QTextEdit::ExtraSelection> selections;
    const QColor lineColor(0xfd, 0xe2, 0xe5);
    for (const scenario::LoadError &error : errors) {
        QString text = error.line > 0 ? QStringLiteral("%1:%2 ").arg(error.line).arg(error.column) : QString();
        if (!error.path.isEmpty())
            text += error.path + QStringLiteral(": ");
        text += error.message;
        auto *item = new QListWidgetItem(text, m_errors);
        item->setData(Qt::UserRole, error.line);
        item->setData(Qt::UserRole + 1, error.column);
        item->setToolTip(error.toString());
        if (error.line <= 0)
            continue;
        const QTextBlock block = m_json->document()->findBlockByNumber(error.line - 1);
        if (!block.isValid())
            continue;
        QTextEdit::ExtraSelection line;
        line.format.setBackground(lineColor);
        line.format.setProperty(QTextFormat::FullWidthSelection, true);
        line.cursor = QTextCursor(block);
        selections.append(line);
        // The spot itself, underlined: the line alone does not say which value is meant.
        QTextEdit::ExtraSelection spot;
        spot.format.setUnderlineStyle(QTextCharFormat::WaveUnderline);
        spot.format.setUnderlineColor(Qt::red);
        spot.format.setToolTip(error.message);
        // Columns count code points; the line is searched as UTF-8 for where the value ends.
        const QString lineText = block.text();
        const int start = std::clamp(error.column - 1, 0, int(lineText.size()));
        const QByteArray rest = lineText.mid(start).toUtf8();
        const int end = start + int(QString::fromUtf8(rest.left(JsonTextEdit::valueEnd(rest, 0))).size());
        spot.cursor = QTextCursor(block);
        spot.cursor.setPosition(block.position() + start);
        spot.cursor.setPosition(block.position() + std::max(end, std::min(start + 1, int(lineText.size()))), QTextCursor::KeepAnchor);
        selections.append(spot);
    }
    m_json->setExtraSelections(selections);
    m_errors->setVisible(!errors.isEmpty());

    if (const auto scenario = m_document->scenario()) {
        qint64 clients = 0;
        for (const scenario::Group &group : scenario->groups)
            clients += group.clients;
        const QLocale locale;
        const QString groups = scenario->groups.size() == 1 ? tr("1 group") : tr("%1 groups").arg(scenario->groups.size());
        m_status->setText(tr("Valid: %1, %2 clients, runs %3")
                              .arg(groups, locale.toString(clients),
                                   Duration::format(std::chrono::duration_cast<std::chrono::microseconds>(scenario->effectiveDuration())))
                          + (m_document->filePath().isEmpty() ? QString() : QStringLiteral(" — ") + QDir::toNativeSeparators(m_document->filePath())));
        m_status->setStyleSheet(QLatin1String(okStyle));
    } else {
        m_status->setText(errors.size() == 1 ? tr("1 error: the scenario cannot run until it is fixed")
                                             : tr("%1 errors: the scenario cannot run until they are fixed").arg(errors.size()));
        m_status->setStyleSheet(QLatin1String(errorStyle));
    }
}

void SimulatorPanel::jumpToError(QListWidgetItem *item)
{
    const int line = item->data(Qt::UserRole).toInt();
    const int column = item->data(Qt::UserRole + 1).toInt();
    if (line <= 0)
        return;
    const QTextBlock block = m_json->document()->findBlockByNumber(line - 1);
    if (!block.isValid())
        return;
    QTextCursor cursor(block);
    cursor.setPosition(block.position() + std::clamp(column - 1, 0, std::max(0, block.length() - 1)));
    m_json->setTextCursor(cursor);
    m_json->ensureCursorVisible();
    m_json->setFocus();
}
