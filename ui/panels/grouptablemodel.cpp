#include "grouptablemodel.h"

#include "panels/scenariodocument.h"
#include "scenario/duration.h"

#include <QFont>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>

namespace {

QStringList keysOf(int column)
{
    switch (column) {
    case GroupTableModel::Name: return {QStringLiteral("name")};
    case GroupTableModel::Protocol: return {QStringLiteral("protocol")};
    case GroupTableModel::Channel: return {QStringLiteral("channel")};
    case GroupTableModel::Clients: return {QStringLiteral("clients")};
    case GroupTableModel::RampUp: return {QStringLiteral("phases"), QStringLiteral("rampUp")};
    case GroupTableModel::Hold: return {QStringLiteral("phases"), QStringLiteral("hold")};
    case GroupTableModel::RampDown: return {QStringLiteral("phases"), QStringLiteral("rampDown")};
    case GroupTableModel::SendRate: return {QStringLiteral("send"), QStringLiteral("rate")};
    case GroupTableModel::PayloadBytes: return {QStringLiteral("send"), QStringLiteral("payloadBytes")};
    case GroupTableModel::Churn: return {QStringLiteral("churn")};
    case GroupTableModel::Reconnect: return {QStringLiteral("reconnect")};
    case GroupTableModel::InitialDelay: return {QStringLiteral("reconnect"), QStringLiteral("initialDelay")};
    case GroupTableModel::MaxDelay: return {QStringLiteral("reconnect"), QStringLiteral("maxDelay")};
    case GroupTableModel::Jitter: return {QStringLiteral("reconnect"), QStringLiteral("jitter")};
    default: return {};
    }
}

bool isReconnectSetting(int column)
{
    return column == GroupTableModel::InitialDelay || column == GroupTableModel::MaxDelay || column == GroupTableModel::Jitter;
}

QString labelFor(const QList<QPair<QString, QString>> &choices, const QString &value)
{
    for (const auto &[key, label] : choices) {
        if (key == value)
            return label;
    }
    return value;
}

// Accepts the value written to the file or its label (what a combo box or a user may hand in).
std::optional<QString> choiceFor(const QList<QPair<QString, QString>> &choices, const QString &input)
{
    const QString text = input.trimmed();
    for (const auto &[key, label] : choices) {
        if (text.compare(key, Qt::CaseInsensitive) == 0 || text.compare(label, Qt::CaseInsensitive) == 0)
            return key;
    }
    return std::nullopt;
}

QString numberText(double value)
{
    return QString::number(value, 'g', 10);
}

} // namespace

GroupTableModel::GroupTableModel(ScenarioDocument &document, QObject *parent)
    : QAbstractTableModel(parent)
    , m_document(document)
    , m_rows(document.groupCount())
{
    connect(&m_document, &ScenarioDocument::textChanged, this, &GroupTableModel::onDocumentChanged);
}

void GroupTableModel::onDocumentChanged()
{
    const int rows = m_document.groupCount();
    if (rows != m_rows) {
        beginResetModel();
        m_rows = rows;
        endResetModel();
        return;
    }
    // Same rows: repaint them, so an open editor and the selection survive a JSON edit.
    if (rows > 0)
        Q_EMIT dataChanged(index(0, 0), index(rows - 1, ColumnCount - 1));
}

int GroupTableModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : m_rows;
}

int GroupTableModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QList<QPair<QString, QString>> GroupTableModel::protocolChoices()
{
    return {{QStringLiteral("ws"), tr("WebSocket")},
            {QStringLiteral("sse"), tr("SSE")},
            {QStringLiteral("poll"), tr("Long poll")},
            {QStringLiteral("publish"), tr("Publish (POST)")}};
}

QList<QPair<QString, QString>> GroupTableModel::jitterChoices()
{
    return {{QStringLiteral("full"), tr("Full")},
            {QStringLiteral("equal"), tr("Equal")},
            {QStringLiteral("none"), tr("None (no jitter)")}};
}

QString GroupTableModel::churnText(const QJsonValue &churn)
{
    if (!churn.isObject())
        return QStringLiteral("none");
    const QJsonObject object = churn.toObject();
    const QString session = object.value(QLatin1String("session")).toString();
    if (object.size() == 1 && object.value(QLatin1String("rate")).isDouble())
        return numberText(object.value(QLatin1String("rate")).toDouble()) + QStringLiteral("/s");
    if (object.size() == 2 && session == u"exponential" && object.contains(QLatin1String("mean")))
        return QStringLiteral("exponential ") + object.value(QLatin1String("mean")).toString();
    if (object.size() == 2 && session == u"fixed" && object.contains(QLatin1String("length")))
        return QStringLiteral("fixed ") + object.value(QLatin1String("length")).toString();
    if (object.size() == 3 && session == u"uniform" && object.contains(QLatin1String("min")) && object.contains(QLatin1String("max")))
        return QStringLiteral("uniform %1-%2").arg(object.value(QLatin1String("min")).toString(), object.value(QLatin1String("max")).toString());
    // Anything else (e.g. an invalid mix the loader complains about) is shown as written.
    return QString::fromUtf8(QJsonDocument(object).toJson(QJsonDocument::Compact));
}

std::optional<QJsonValue> GroupTableModel::parseChurn(const QString &input, QString *error)
{
    const QString text = input.trimmed().toLower();
    if (text.isEmpty() || text == u"none")
        return QJsonValue(QJsonValue::Undefined);
    static const QRegularExpression rate(QStringLiteral("^([0-9]*\\.?[0-9]+)\\s*(/s)?$"));
    static const QRegularExpression single(QStringLiteral("^(exp|exponential|fixed)\\s+(\\S+)$"));
    static const QRegularExpression uniform(QStringLiteral("^uniform\\s+([0-9.]+\\s*[a-z]+)\\s*(?:-|\\.\\.|to)\\s*([0-9.]+\\s*[a-z]+)$"));
    auto duration = [error](const QString &value) {
        if (Duration::parse(value))
            return true;
        *error = tr("churn: \"%1\" is not a duration; expected %2").arg(value, Duration::expectedForm());
        return false;
    };
    if (const auto match = rate.match(text); match.hasMatch()) {
        const double perSecond = match.captured(1).toDouble();
        if (perSecond <= 0) {
            *error = tr("churn: the disconnect rate must be above 0 per second");
            return std::nullopt;
        }
        return QJsonObject{{QStringLiteral("rate"), perSecond}};
    }
    if (const auto match = single.match(text); match.hasMatch()) {
        if (!duration(match.captured(2)))
            return std::nullopt;
        if (match.captured(1) == u"fixed")
            return QJsonObject{{QStringLiteral("session"), QStringLiteral("fixed")}, {QStringLiteral("length"), match.captured(2)}};
        return QJsonObject{{QStringLiteral("session"), QStringLiteral("exponential")}, {QStringLiteral("mean"), match.captured(2)}};
    }
    if (const auto match = uniform.match(text); match.hasMatch()) {
        const QString min = match.captured(1).remove(QLatin1Char(' '));
        const QString max = match.captured(2).remove(QLatin1Char(' '));
        if (!duration(min) || !duration(max))
            return std::nullopt;
        return QJsonObject{{QStringLiteral("session"), QStringLiteral("uniform")}, {QStringLiteral("min"), min}, {QStringLiteral("max"), max}};
    }
    *error = tr("churn: expected \"none\", disconnects per second such as \"5/s\", or session lengths such as "
                "\"exponential 10s\", \"fixed 5s\" or \"uniform 2s-8s\"; got \"%1\"").arg(input.trimmed());
    return std::nullopt;
}

QVariant GroupTableModel::value(int row, int column, bool *isDefault) const
{
    const QJsonValue raw = m_document.groupValue(row, keysOf(column));
    *isDefault = raw.isUndefined();
    switch (column) {
    case Name:
        return raw.isUndefined() ? QStringLiteral("group-%1").arg(row + 1) : raw.toVariant();
    case Channel:
        return raw.isUndefined() ? QStringLiteral("general") : raw.toVariant();
    case RampUp:
    case RampDown:
        return raw.isUndefined() ? QStringLiteral("0s") : raw.toVariant();
    case Hold:
        return raw.isUndefined() ? QString() : raw.toVariant();
    case SendRate:
        return raw.isUndefined() ? 0.0 : raw.toVariant();
    case PayloadBytes:
        return raw.isUndefined() ? 64 : raw.toVariant();
    case Reconnect:
        return !(raw.isBool() && !raw.toBool());
    case InitialDelay:
        return raw.isUndefined() ? QStringLiteral("500ms") : raw.toVariant();
    case MaxDelay:
        return raw.isUndefined() ? QStringLiteral("10s") : raw.toVariant();
    case Jitter:
        return raw.isUndefined() ? QStringLiteral("full") : raw.toVariant();
    case Churn:
        return churnText(raw);
    default:
        return raw.toVariant();
    }
}

QVariant GroupTableModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= m_rows)
        return {};
    const int column = index.column();
    bool isDefault = false;
    const QVariant current = value(index.row(), column, &isDefault);
    bool unused = false;
    const bool reconnectOff = !value(index.row(), Reconnect, &unused).toBool();

    switch (role) {
    case Qt::DisplayRole:
        if (column == Reconnect)
            return {}; // the check box says it
        if (isReconnectSetting(column) && reconnectOff)
            return QStringLiteral("–");
        if (column == Protocol)
            return labelFor(protocolChoices(), current.toString());
        if (column == Jitter)
            return labelFor(jitterChoices(), current.toString());
        if (column == Hold && isDefault)
            return tr("to the end");
        if (column == SendRate)
            return numberText(current.toDouble());
        return current;
    case Qt::EditRole:
        return current;
    case Qt::CheckStateRole:
        if (column == Reconnect)
            return current.toBool() ? Qt::Checked : Qt::Unchecked;
        return {};
    case Qt::FontRole:
        if (isDefault && column != Reconnect) {
            QFont font;
            font.setItalic(true);
            return font;
        }
        return {};
    case Qt::ToolTipRole:
        if (column == Churn)
            return tr("none, disconnects per second (\"5/s\"), or session lengths: \"exponential 10s\", \"fixed 5s\", \"uniform 2s-8s\"");
        if (column == Hold && isDefault)
            return tr("Not set: the group holds until the run ends");
        if (isReconnectSetting(column) && reconnectOff)
            return tr("Reconnecting is off for this group");
        if (column == Jitter)
            return tr("Without jitter every client retries at the same moment after a restart (a thundering herd)");
        if (isDefault)
            return tr("Not set in the file: the default");
        return {};
    case Qt::TextAlignmentRole:
        if (column == Clients || column == SendRate || column == PayloadBytes)
            return int(Qt::AlignRight | Qt::AlignVCenter);
        return {};
    default:
        return {};
    }
}

QVariant GroupTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation == Qt::Vertical)
        return role == Qt::DisplayRole ? QVariant(section + 1) : QVariant();
    if (role == Qt::ToolTipRole) {
        switch (section) {
        case SendRate: return tr("Messages per second per client");
        case PayloadBytes: return tr("Approximate message size in bytes");
        case InitialDelay: return tr("First reconnect delay; doubled (the multiplier) up to the maximum");
        default: return {};
        }
    }
    if (role != Qt::DisplayRole)
        return {};
    switch (section) {
    case Name: return tr("Group");
    case Protocol: return tr("Protocol");
    case Channel: return tr("Channel");
    case Clients: return tr("Clients");
    case RampUp: return tr("Ramp-up");
    case Hold: return tr("Hold");
    case RampDown: return tr("Ramp-down");
    case SendRate: return tr("Rate/s");
    case PayloadBytes: return tr("Payload");
    case Churn: return tr("Churn");
    case Reconnect: return tr("Reconnect");
    case InitialDelay: return tr("Initial delay");
    case MaxDelay: return tr("Max delay");
    case Jitter: return tr("Jitter");
    default: return {};
    }
}

Qt::ItemFlags GroupTableModel::flags(const QModelIndex &index) const
{
    if (!index.isValid())
        return Qt::NoItemFlags;
    Qt::ItemFlags flags = Qt::ItemIsSelectable | Qt::ItemIsEnabled;
    if (!m_document.isEditable())
        return flags;
    if (index.column() == Reconnect)
        return flags | Qt::ItemIsUserCheckable;
    bool isDefault = false;
    if (isReconnectSetting(index.column()) && !value(index.row(), Reconnect, &isDefault).toBool())
        return flags & ~Qt::ItemIsEnabled;
    return flags | Qt::ItemIsEditable;
}

bool GroupTableModel::reject(const QString &message)
{
    m_lastError = message;
    Q_EMIT editRejected(message);
    return false;
}

bool GroupTableModel::write(int row, const QStringList &keys, const QJsonValue &newValue)
{
    // Committing an unchanged cell must not rewrite how the file spells the value.
    if (m_document.groupValue(row, keys) == newValue)
        return true;
    if (!m_document.setGroupValue(row, keys, newValue))
        return reject(m_document.errorString());
    m_lastError.clear();
    return true;
}

bool GroupTableModel::setData(const QModelIndex &index, const QVariant &input, int role)
{
    if (!index.isValid() || index.row() >= m_rows)
        return false;
    const int row = index.row();
    const int column = index.column();
    const QStringList keys = keysOf(column);
    const QString text = input.toString().trimmed();
    const QString header = headerData(column, Qt::Horizontal).toString();

    if (column == Reconnect) {
        if (role != Qt::CheckStateRole && role != Qt::EditRole)
            return false;
        const bool on = role == Qt::CheckStateRole ? input.value<Qt::CheckState>() == Qt::Checked : input.toBool();
        // On: back to the defaults (the key disappears); off: "reconnect": false.
        if (on)
            return m_document.groupValue(row, keys) == QJsonValue(false) ? write(row, keys, QJsonValue(QJsonValue::Undefined)) : true;
        return write(row, keys, false);
    }
    if (role != Qt::EditRole)
        return false;
    if (!m_document.isEditable())
        return reject(tr("Fix the JSON syntax error first"));

    switch (column) {
    case Name:
    case Channel:
        return write(row, keys, text.isEmpty() ? QJsonValue(QJsonValue::Undefined) : QJsonValue(text));
    case Protocol: {
        const auto choice = choiceFor(protocolChoices(), text);
        if (!choice)
            return reject(tr("%1: expected ws, sse, poll or publish, got \"%2\"").arg(header, text));
        return write(row, keys, *choice);
    }
    case Jitter: {
        const auto choice = choiceFor(jitterChoices(), text);
        if (!choice)
            return reject(tr("%1: expected full, equal or none, got \"%2\"").arg(header, text));
        return write(row, keys, *choice);
    }
    case Clients:
    case PayloadBytes: {
        bool ok = false;
        const qint64 number = text.toLongLong(&ok);
        if (!ok || number < 0)
            return reject(tr("%1: expected a whole number, got \"%2\"").arg(header, text));
        return write(row, keys, number);
    }
    case SendRate: {
        bool ok = false;
        const double number = text.toDouble(&ok);
        if (!ok || number < 0)
            return reject(tr("%1: expected messages per second (a number, 0 or more), got \"%2\"").arg(header, text));
        return write(row, keys, number);
    }
    case RampUp:
    case Hold:
    case RampDown:
    case InitialDelay:
    case MaxDelay:
        if (text.isEmpty())
            return write(row, keys, QJsonValue(QJsonValue::Undefined));
        if (!Duration::parse(text))
            return reject(tr("%1: expected %2, got \"%3\"").arg(header, Duration::expectedForm(), text));
        return write(row, keys, text);
    case Churn: {
        QString error;
        const auto churn = parseChurn(text, &error);
        if (!churn)
            return reject(error);
        return write(row, keys, *churn);
    }
    default:
        return false;
    }
}
