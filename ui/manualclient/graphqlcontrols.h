#pragma once

#include "manual/graphqlmanualsession.h"

#include <QObject>
#include <QString>

class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QPushButton;
class QTableWidget;
class QWidget;

// The GraphQL mode of a manual client tab (graphql-ws, subprotocol graphql-transport-ws): the
// connection_init payload (optionsWidget(), beside the connection options) and the operations
// (actionsWidget(), where the WebSocket mode has its send box): a query editor, variables as
// JSON, an operation name, Subscribe (a fresh id each time), Complete for the selected running
// operation, Ping, and a table of the operations with their status, results and last payload.
// The session is a GraphQlManualSession in core; these widgets only fill it in and show it.
class GraphQlControls : public QObject
{
    Q_OBJECT
public:
    enum OperationColumn { IdColumn, NameColumn, StatusColumn, ResultsColumn, PayloadColumn, OperationColumnCount };

    explicit GraphQlControls(QWidget *tab);
    ~GraphQlControls() override;

    GraphQlManualSession *session() const { return m_session; }
    QWidget *optionsWidget() const { return m_options; }
    QWidget *actionsWidget() const { return m_actions; }
    QPlainTextEdit *queryBox() const { return m_query; }
    QTableWidget *operationsTable() const { return m_operations; }

    bool connectTo(const QUrl &url, const QList<QPair<QByteArray, QByteArray>> &headers, bool ignoreCertificateErrors, QString *error);
    // Subscribe with the fields; the new operation's id, or empty (the reason shown) when refused.
    QString subscribe();
    // Completes the operation selected in the table.
    bool completeSelected();
    void updateControls();
    QString summary() const { return m_summary; }

Q_SIGNALS:
    // The acknowledgement and the close as the handshake pane shows them (after the HTTP heads).
    void summaryChanged(const QString &text);

private:
    void buildOptions(QWidget *tab);
    void buildActions(QWidget *tab);
    void showOperation(const QString &id);
    QString selectedId() const;
    void showError(const QString &message);
    void setSummary(const QString &text);

    GraphQlManualSession *m_session = nullptr;
    QWidget *m_options = nullptr;
    QWidget *m_actions = nullptr;
    QPlainTextEdit *m_init = nullptr;
    QPlainTextEdit *m_query = nullptr;
    QPlainTextEdit *m_variables = nullptr;
    QLineEdit *m_operationName = nullptr;
    QPushButton *m_subscribe = nullptr;
    QPushButton *m_complete = nullptr;
    QPushButton *m_ping = nullptr;
    QLabel *m_error = nullptr;
    QTableWidget *m_operations = nullptr;
    QString m_summary;
};
