#include "manualclient/graphqlcontrols.h"

#include "manualclient/jsonfield.h"
#include "manualclient/namedwidget.h"

#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSplitter>
#include <QTableWidget>
#include <QVBoxLayout>

GraphQlControls::GraphQlControls(QWidget *tab)
    : QObject(tab)
    , m_session(new GraphQlManualSession(this))
{
    buildOptions(tab);
    buildActions(tab);
    connect(m_session, &GraphQlManualSession::acknowledged, this, [this](const QJsonValue &payload) {
        QString text = tr("connection_ack");
        if (!payload.isUndefined() && !payload.isNull())
            text += QLatin1Char(' ') + JsonField::text(payload);
        setSummary(text);
    });
    connect(m_session, &GraphQlManualSession::closed, this, [this](quint16 code, const QString &reason, const QString &meaning) {
        QString text = tr("closed %1").arg(code);
        if (!meaning.isEmpty())
            text += QLatin1Char(' ') + meaning;
        if (!reason.isEmpty() && reason != meaning)
            text += QStringLiteral(" (%1)").arg(reason);
        setSummary(m_summary.isEmpty() ? text : m_summary + QLatin1Char('\n') + text);
    });
    connect(m_session, &GraphQlManualSession::operationChanged, this, &GraphQlControls::showOperation);
    connect(m_session, &ManualSession::stateChanged, this, &GraphQlControls::updateControls);
    updateControls();
}

GraphQlControls::~GraphQlControls() = default;

void GraphQlControls::buildOptions(QWidget *tab)
{
    auto *box = new QGroupBox(tr("GraphQL over WebSocket"), tab);
    m_options = box;
    m_init = JsonField::create(box, "graphQlInit", tr("connection_init payload"), tr("optional: {\"token\": \"...\"}"), 2);
    m_init->setToolTip(tr("A JSON object sent as connection_init's payload (the server's onConnect reads it). "
                          "The subprotocol graphql-transport-ws is offered by itself."));
    auto *form = new QFormLayout(box);
    form->addRow(tr("connection_init:"), m_init);
}

void GraphQlControls::buildActions(QWidget *tab)
{
    auto *box = new QGroupBox(tr("Operations"), tab);
    m_actions = box;
    m_query = JsonField::create(box, "graphQlQuery", tr("Query"),
                                tr("subscription { ticks(every: 1000) { n at } }   (Ctrl+Return subscribes)"), 3);
    m_query->setTabChangesFocus(false);
    m_query->setToolTip(tr("A query, mutation or subscription; each Subscribe starts it with a fresh id"));
    m_variables = JsonField::create(box, "graphQlVariables", tr("Variables"), tr("optional: {\"every\": 500}"), 2);
    m_operationName = named(new QLineEdit(box), "graphQlOperationName", tr("Operation name"));
    m_operationName->setPlaceholderText(tr("optional"));
    m_subscribe = named(new QPushButton(tr("Subscribe"), box), "graphQlSubscribe", tr("Subscribe"));
    m_subscribe->setToolTip(tr("Send subscribe with a fresh id (Ctrl+Return in the query)"));
    m_complete = named(new QPushButton(tr("Complete"), box), "graphQlComplete", tr("Complete the selected operation"));
    m_complete->setToolTip(tr("Send complete for the operation selected in the table"));
    m_ping = named(new QPushButton(tr("Ping"), box), "graphQlPing", tr("Ping"));
    m_ping->setToolTip(tr("Send a graphql-ws ping; the pong's round trip is logged"));
    m_error = named(new QLabel(box), "graphQlError", tr("Operation error"));
    m_error->setWordWrap(true);
    m_error->setStyleSheet(QStringLiteral("color: #c62828;"));
    m_error->hide();

    m_operations = named(new QTableWidget(0, OperationColumnCount, box), "graphQlOperations", tr("Operations"));
    m_operations->setHorizontalHeaderLabels({tr("Id"), tr("Operation"), tr("Status"), tr("Results"), tr("Last payload")});
    m_operations->verticalHeader()->hide();
    m_operations->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_operations->setSelectionMode(QAbstractItemView::SingleSelection);
    m_operations->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_operations->setWordWrap(false);
    m_operations->horizontalHeader()->setStretchLastSection(true);
    const QFontMetrics metrics = m_operations->fontMetrics();
    m_operations->setColumnWidth(IdColumn, metrics.horizontalAdvance(QStringLiteral("Id 000")) + 12);
    m_operations->setColumnWidth(NameColumn, metrics.horizontalAdvance(QStringLiteral("subscription ticks")) + 12);
    m_operations->setColumnWidth(StatusColumn, metrics.horizontalAdvance(tr("completed by you")) + 12);
    m_operations->setColumnWidth(ResultsColumn, metrics.horizontalAdvance(tr("Results")) + 16);
    m_operations->verticalHeader()->setDefaultSectionSize(metrics.height() + 6);

    auto *queryPart = new QWidget(box);
    auto *queryLayout = new QVBoxLayout(queryPart);
    queryLayout->setContentsMargins(0, 0, 0, 0);
    queryLayout->addWidget(m_query, 1);
    auto *form = new QFormLayout;
    form->addRow(tr("Variables:"), m_variables);
    form->addRow(tr("Operation name:"), m_operationName);
    queryLayout->addLayout(form);

    auto *split = new QSplitter(Qt::Horizontal, box);
    split->addWidget(queryPart);
    split->addWidget(m_operations);
    split->setStretchFactor(0, 1);
    split->setStretchFactor(1, 1);
    split->setChildrenCollapsible(false);

    auto *buttons = new QHBoxLayout;
    buttons->addWidget(m_error, 1);
    buttons->addWidget(m_subscribe);
    buttons->addWidget(m_complete);
    buttons->addWidget(m_ping);
    auto *layout = new QVBoxLayout(box);
    layout->addWidget(split, 1);
    layout->addLayout(buttons);

    connect(m_subscribe, &QPushButton::clicked, this, &GraphQlControls::subscribe);
    connect(m_complete, &QPushButton::clicked, this, &GraphQlControls::completeSelected);
    connect(m_ping, &QPushButton::clicked, m_session, &GraphQlManualSession::ping);
    connect(m_operations, &QTableWidget::itemSelectionChanged, this, &GraphQlControls::updateControls);
}

bool GraphQlControls::connectTo(const QUrl &url, const QList<QPair<QByteArray, QByteArray>> &headers, bool ignoreCertificateErrors,
                                QString *error)
{
    GraphQlManualSession::Options options;
    options.url = url;
    options.headers = headers;
    options.ignoreCertificateErrors = ignoreCertificateErrors;
    const QJsonValue init = JsonField::read(m_init, QJsonValue::Object, error);
    if (!error->isEmpty())
        return false;
    if (init.isObject())
        options.connectionInitPayload = init.toObject();
    setSummary({});
    return m_session->open(options);
}

QString GraphQlControls::subscribe()
{
    QString error;
    const QJsonValue variables = JsonField::read(m_variables, QJsonValue::Object, &error);
    if (!error.isEmpty()) {
        showError(tr("Not sent: %1").arg(error));
        return {};
    }
    if (m_query->toPlainText().trimmed().isEmpty()) {
        showError(tr("Not sent: the query is empty"));
        return {};
    }
    if (!m_session->isAcknowledged()) {
        showError(tr("Not sent: the connection is not acknowledged yet"));
        return {};
    }
    const QString id = m_session->subscribe(m_query->toPlainText(), variables.toObject(), m_operationName->text());
    showError(id.isEmpty() ? tr("Not sent: the session refused it") : QString());
    if (!id.isEmpty()) {
        for (int row = 0; row < m_operations->rowCount(); ++row) {
            if (m_operations->item(row, IdColumn)->text() == id)
                m_operations->selectRow(row);
        }
    }
    return id;
}

bool GraphQlControls::completeSelected()
{
    const QString id = selectedId();
    return !id.isEmpty() && m_session->complete(id);
}

QString GraphQlControls::selectedId() const
{
    const QList<QTableWidgetItem *> selected = m_operations->selectedItems();
    if (selected.isEmpty())
        return {};
    return m_operations->item(selected.first()->row(), IdColumn)->text();
}

void GraphQlControls::showOperation(const QString &id)
{
    const GraphQlManualSession::Operation *op = m_session->operation(id);
    if (!op)
        return;
    int row = -1;
    for (int r = 0; r < m_operations->rowCount() && row < 0; ++r) {
        if (m_operations->item(r, IdColumn)->text() == id)
            row = r;
    }
    if (row < 0) {
        row = m_operations->rowCount();
        m_operations->insertRow(row);
        for (int column = 0; column < OperationColumnCount; ++column)
            m_operations->setItem(row, column, new QTableWidgetItem);
    }
    // The operation's name, else the query's first words ("subscription { ticks").
    QString name = op->operationName;
    if (name.isEmpty())
        name = op->query.simplified().left(40);
    m_operations->item(row, IdColumn)->setText(op->id);
    m_operations->item(row, NameColumn)->setText(name);
    m_operations->item(row, NameColumn)->setToolTip(op->query);
    QString status = GraphQlManualSession::statusName(op->status);
    m_operations->item(row, StatusColumn)->setText(status);
    m_operations->item(row, StatusColumn)->setForeground(op->status == GraphQlManualSession::Operation::Status::Failed
                                                             ? QColor(0xc6, 0x28, 0x28) : m_operations->palette().text().color());
    m_operations->item(row, ResultsColumn)->setText(QString::number(op->results));
    if (op->firstResultMs >= 0)
        m_operations->item(row, ResultsColumn)->setToolTip(tr("first result after %1 ms").arg(op->firstResultMs, 0, 'f', 2));
    m_operations->item(row, PayloadColumn)->setText(JsonField::text(op->lastPayload));
    m_operations->item(row, PayloadColumn)->setToolTip(JsonField::text(op->lastPayload).left(2000));
    updateControls();
}

void GraphQlControls::showError(const QString &message)
{
    m_error->setText(message);
    m_error->setVisible(!message.isEmpty());
}

void GraphQlControls::updateControls()
{
    const bool unconnected = m_session->state() == ManualSession::State::Unconnected;
    m_init->setReadOnly(!unconnected);
    m_subscribe->setEnabled(m_session->isAcknowledged());
    m_ping->setEnabled(m_session->isOpen());
    const GraphQlManualSession::Operation *op = m_session->operation(selectedId());
    m_complete->setEnabled(op && op->status == GraphQlManualSession::Operation::Status::Running && m_session->isOpen());
}

void GraphQlControls::setSummary(const QString &text)
{
    m_summary = text;
    Q_EMIT summaryChanged(text);
}
