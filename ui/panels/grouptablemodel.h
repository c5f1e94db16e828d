#pragma once

#include <QAbstractTableModel>
#include <QJsonValue>
#include <QStringList>

#include <optional>

class ScenarioDocument;

// The scenario's groups as a table (one row per group) for the simulator panel. Reads and writes
// the ScenarioDocument, so every edit is one key spliced into the JSON text; values the file does
// not set show their defaults (in italics) and are written only when edited. Input that cannot
// be the right kind of value ("abc" clients, "30 seconds") is refused with editRejected(); range
// problems are left to the loader, whose errors the panel shows next to the JSON.
// URL, Sends and Receives summarise what a group says to the user's own server (docs/scenarios.md,
// "Testing your own server"); they are read-only here and edited in the JSON.
class GroupTableModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column {
        Name,
        Protocol,
        Url,            // read-only: `url` as written, or (in italics) the target with the path
        Channel,
        Clients,
        // Beside the URL and the size of the group, before the phases: what a group says to the
        // user's own server is what its row is about (short defaults for the embedded server).
        Sends,          // read-only: send.template (ws) or body (sse, publish), compact
        Receives,       // read-only: the receive rules in a line
        RampUp,
        Hold,
        RampDown,
        SendRate,
        PayloadBytes,
        Churn,
        Reconnect,      // check box: off writes "reconnect": false
        InitialDelay,
        MaxDelay,
        Jitter,         // "full", "equal" or "none" (no jitter: the thundering herd)
        ColumnCount
    };
    Q_ENUM(Column)

    explicit GroupTableModel(ScenarioDocument &document, QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
    Qt::ItemFlags flags(const QModelIndex &index) const override;
    bool setData(const QModelIndex &index, const QVariant &value, int role = Qt::EditRole) override;

    // The choices of the Protocol and Jitter columns: (value written to the file, label).
    static QList<QPair<QString, QString>> protocolChoices();
    static QList<QPair<QString, QString>> jitterChoices();
    // The churn column's text form ("none", "5/s", "exponential 10s", "fixed 5s",
    // "uniform 2s-8s") to and from the churn object.
    static QString churnText(const QJsonValue &churn);
    static std::optional<QJsonValue> parseChurn(const QString &text, QString *error);
    // A summary cell longer than this is cut with "…" (its tooltip has all of it); the view
    // cuts it to the column's width as well (GroupItemDelegate shows the rest on hover).
    static constexpr qsizetype maxSummaryChars = 120;

    QString lastError() const { return m_lastError; }

Q_SIGNALS:
    // An edit was refused; the message says what was wrong.
    void editRejected(const QString &message);

private:
    // One read-only cell: its text (cut to maxSummaryChars), the whole of it for the tooltip, and
    // whether it is what applies because the file does not say (shown in italics).
    struct Summary
    {
        QString text;
        QString toolTip;
        bool isDefault = false;
    };
    struct RowSummaries
    {
        Summary url;
        Summary sends;
        Summary receives;
    };

    void onDocumentChanged();
    // Rebuilt once per text change: data() is asked for every cell on every repaint.
    void updateSummaries();
    Summary urlSummary(int row) const;
    Summary sendsSummary(int row) const;
    Summary receivesSummary(int row) const;
    const Summary *summary(int row, int column) const;
    bool reject(const QString &message);
    QVariant value(int row, int column, bool *isDefault) const;
    bool write(int row, const QStringList &keys, const QJsonValue &value);

    ScenarioDocument &m_document;
    int m_rows = 0;
    QList<RowSummaries> m_summaries;
    QString m_lastError;
};
