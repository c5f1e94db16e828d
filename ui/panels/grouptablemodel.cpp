#include "grouptablemodel.h"

#include "panels/jsontextedit.h"
#include "panels/scenariodocument.h"
#include "scenario/duration.h"

#include <QFont>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QUrl>

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

// With send.template the template is the whole message; a payload size would be a load error.
bool hasTemplate(const ScenarioDocument &document, int row)
{
    return !document.groupValue(row, {QStringLiteral("send"), QStringLiteral("template")}).isUndefined();
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

// JSON text without its layout: whitespace outside strings dropped; `spaced` puts one space after
// each ':' and ',' so that a tooltip can wrap it.
QString compactJson(const QByteArray &text, bool spaced)
{
    QByteArray out;
    out.reserve(text.size());
    bool inString = false;
    bool escaped = false;
    for (const char c : text) {
        if (inString) {
            out += c;
            if (escaped)
                escaped = false;
            else if (c == '\\')
                escaped = true;
            else if (c == '"')
                inString = false;
            continue;
        }
        if (c == ' ' || c == '\n' || c == '\r' || c == '\t')
            continue;
        out += c;
        if (c == '"')
            inString = true;
        else if (spaced && (c == ':' || c == ','))
            out += ' ';
    }
    return QString::fromUtf8(out);
}

// A value as the file writes it (its key order), or as parsed while the text does not parse.
QString jsonText(const QByteArray &written, const QJsonValue &value, bool spaced)
{
    return compactJson(written.isEmpty() ? JsonTextEdit::inlineText(value) : written, spaced);
}

QString cut(const QString &text)
{
    if (text.size() <= GroupTableModel::maxSummaryChars)
        return text;
    return text.left(GroupTableModel::maxSummaryChars - 1) + QChar(0x2026);
}

// A tooltip that wraps only when a line is too long for one (a long template): Qt wraps rich
// text where it likes (a short URL at its "?"), plain text never.
QString wrappingToolTip(const QStringList &paragraphs)
{
    constexpr qsizetype oneLine = 100;
    constexpr qsizetype most = 2000; // a 4 kB body is not read in a tooltip
    QStringList shown;
    bool longLine = false;
    for (const QString &paragraph : paragraphs) {
        const QString text = paragraph.size() > most ? paragraph.left(most - 1) + QChar(0x2026) : paragraph;
        for (const QString &line : text.split(QLatin1Char('\n')))
            longLine = longLine || line.size() > oneLine;
        shown.append(text);
    }
    if (!longLine)
        return shown.join(QStringLiteral("\n\n"));
    QStringList html;
    for (const QString &text : std::as_const(shown))
        html.append(text.toHtmlEscaped().replace(QLatin1Char('\n'), QLatin1String("<br>")));
    return QStringLiteral("<qt>%1</qt>").arg(html.join(QStringLiteral("<br><br>")));
}

QString defaultPathFor(const QString &protocol)
{
    // As SimTarget: the embedded server's endpoint of each protocol.
    if (protocol == u"sse")
        return QStringLiteral("/events");
    if (protocol == u"poll")
        return QStringLiteral("/poll");
    if (protocol == u"publish")
        return QStringLiteral("/publish");
    return QStringLiteral("/ws");
}

// Where a group without `url` connects, as SimTarget::urlFor() resolves it, without what each
// client adds (channel=, token=): the group's path wins, then the target's, then the default;
// the scheme follows the protocol; queries are kept as written.
QString targetWithPath(const QString &target, const QString &protocol, const QString &groupPath)
{
    const qsizetype question = groupPath.indexOf(u'?');
    const QString path = question < 0 ? groupPath : groupPath.left(question);
    const QString groupQuery = question < 0 ? QString() : groupPath.mid(question + 1);
    if (target == u"embedded") {
        const QString resolved = path.isEmpty() ? defaultPathFor(protocol) : path;
        return groupQuery.isEmpty() ? resolved : resolved + u'?' + groupQuery;
    }
    const QUrl url(target);
    const QString scheme = url.scheme().toLower();
    const bool secure = scheme == u"wss" || scheme == u"https";
    const bool webSocket = protocol.isEmpty() || protocol == u"ws";
    QString resolvedPath = path;
    if (resolvedPath.isEmpty())
        resolvedPath = url.path().isEmpty() || url.path() == u"/" ? defaultPathFor(protocol) : url.path(QUrl::FullyEncoded);
    QStringList queries;
    if (url.hasQuery())
        queries.append(url.query(QUrl::FullyEncoded));
    if (!groupQuery.isEmpty())
        queries.append(groupQuery);
    const QString resolvedScheme = webSocket ? (secure ? QStringLiteral("wss") : QStringLiteral("ws"))
                                             : (secure ? QStringLiteral("https") : QStringLiteral("http"));
    QString text = resolvedScheme + QStringLiteral("://") + url.authority(QUrl::FullyEncoded) + resolvedPath;
    if (!queries.isEmpty())
        text += u'?' + queries.join(u'&');
    return text;
}

// A receive field (docs/scenarios.md, "receive"): a path, or an object reading inside a string.
QString extractorText(const QJsonValue &value)
{
    if (value.isString())
        return value.toString();
    const QJsonObject object = value.toObject();
    if (value.isObject() && object.contains(QLatin1String("regex")))
        return QStringLiteral("regex");
    if (value.isObject() && object.contains(QLatin1String("json")))
        return QStringLiteral("json");
    return jsonText({}, value, false);
}

// MATCH: path=value, path~/regex/.
QString matchText(const QJsonValue &match)
{
    if (!match.isObject())
        return jsonText({}, match, false);
    QStringList parts;
    const QJsonObject object = match.toObject();
    for (auto it = object.begin(); it != object.end(); ++it) {
        const QJsonValue expected = it.value();
        if (expected.isString())
            parts.append(it.key() + u'=' + expected.toString());
        else if (expected.isObject() && expected.toObject().value(QLatin1String("regex")).isString())
            parts.append(it.key() + QStringLiteral("~/") + expected.toObject().value(QLatin1String("regex")).toString() + u'/');
        else
            parts.append(it.key() + u'=' + jsonText({}, expected, false));
    }
    return parts.join(QStringLiteral(", "));
}

} // namespace

GroupTableModel::GroupTableModel(ScenarioDocument &document, QObject *parent)
    : QAbstractTableModel(parent)
    , m_document(document)
    , m_rows(document.groupCount())
{
    updateSummaries();
    connect(&m_document, &ScenarioDocument::textChanged, this, &GroupTableModel::onDocumentChanged);
}

void GroupTableModel::onDocumentChanged()
{
    const int rows = m_document.groupCount();
    if (rows != m_rows) {
        beginResetModel();
        m_rows = rows;
        updateSummaries();
        endResetModel();
        return;
    }
    updateSummaries();
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

void GroupTableModel::updateSummaries()
{
    m_summaries.clear();
    m_summaries.reserve(m_rows);
    for (int row = 0; row < m_rows; ++row)
        m_summaries.append({urlSummary(row), sendsSummary(row), receivesSummary(row)});
}

const GroupTableModel::Summary *GroupTableModel::summary(int row, int column) const
{
    if (row < 0 || row >= m_summaries.size())
        return nullptr;
    switch (column) {
    case Url: return &m_summaries.at(row).url;
    case Sends: return &m_summaries.at(row).sends;
    case Receives: return &m_summaries.at(row).receives;
    default: return nullptr;
    }
}

GroupTableModel::Summary GroupTableModel::urlSummary(int row) const
{
    const QJsonValue url = m_document.groupValue(row, {QStringLiteral("url")});
    const QString protocol = m_document.groupValue(row, {QStringLiteral("protocol")}).toString();
    Summary result;
    QString full;
    QStringList tip;
    if (url.isUndefined()) {
        full = targetWithPath(m_document.target(), protocol, m_document.groupValue(row, {QStringLiteral("path")}).toString());
        result.isDefault = true;
        tip.append(m_document.target() == u"embedded"
                       ? tr("No url: the embedded server (its address is in the toolbar), path %1").arg(full)
                       : tr("No url: the scenario's target with the group's path, %1").arg(full));
    } else {
        full = url.isString() ? url.toString() : jsonText(m_document.groupValueText(row, {QStringLiteral("url")}), url, false);
    }
    const QJsonValue subprotocols = m_document.groupValue(row, {QStringLiteral("subprotocols")});
    if (!subprotocols.isUndefined()) {
        QStringList names;
        for (const QJsonValue &name : subprotocols.toArray())
            names.append(name.toString());
        tip.append(tr("Offers subprotocols: %1").arg(subprotocols.isArray() ? names.join(QStringLiteral(", "))
                                                                         : jsonText({}, subprotocols, true)));
    }
    // A tooltip of our own replaces the one GroupItemDelegate gives a cut cell: it has the URL too.
    if (!url.isUndefined() && (full.size() > maxSummaryChars || !tip.isEmpty()))
        tip.prepend(full);
    result.text = result.isDefault && m_document.target() == u"embedded" ? tr("embedded %1").arg(full) : full;
    result.text = cut(result.text);
    if (!tip.isEmpty())
        result.toolTip = wrappingToolTip(tip);
    return result;
}

GroupTableModel::Summary GroupTableModel::sendsSummary(int row) const
{
    const QString protocol = m_document.groupValue(row, {QStringLiteral("protocol")}).toString();
    const QStringList templateKeys{QStringLiteral("send"), QStringLiteral("template")};
    const QStringList bodyKeys{QStringLiteral("body")};
    // What each send puts on the wire: a ws group's send.template, an sse or publish group's body;
    // the other one when that is what the file has (the loader says whether it may).
    const bool usesBody = protocol == u"sse" || protocol == u"publish";
    QStringList keys = usesBody ? bodyKeys : templateKeys;
    if (m_document.groupValue(row, keys).isUndefined())
        keys = usesBody ? templateKeys : bodyKeys;
    const QJsonValue message = m_document.groupValue(row, keys);
    const QJsonValue method = m_document.groupValue(row, {QStringLiteral("method")});
    const QString methodText = method.isString() ? method.toString() + u' ' : QString();

    Summary result;
    QStringList tip;
    bool wasCut = false;
    if (!message.isUndefined()) {
        const QByteArray written = m_document.groupValueText(row, keys);
        const QString full = methodText + jsonText(written, message, false);
        wasCut = full.size() > maxSummaryChars;
        result.text = cut(full);
        tip.append(methodText + jsonText(written, message, true));
    } else if (protocol == u"socketio" && m_document.groupValue(row, {QStringLiteral("send"), QStringLiteral("event")}).isString()) {
        // docs/scenarios.md, "Socket.IO": an event with its arguments, acknowledged or not.
        const QStringList argsKeys{QStringLiteral("send"), QStringLiteral("args")};
        const QJsonValue args = m_document.groupValue(row, argsKeys);
        const bool ack = m_document.groupValue(row, {QStringLiteral("send"), QStringLiteral("ack")}).toBool();
        const QString event = m_document.groupValue(row, {QStringLiteral("send"), QStringLiteral("event")}).toString();
        const QString head = ack ? tr("emit \"%1\" with ack").arg(event) : tr("emit \"%1\"").arg(event);
        const QString full = args.isUndefined() ? head : head + u' ' + jsonText(m_document.groupValueText(row, argsKeys), args, false);
        wasCut = full.size() > maxSummaryChars;
        result.text = cut(full);
        tip.append(args.isUndefined() ? head : head + u'\n' + jsonText(m_document.groupValueText(row, argsKeys), args, true));
    } else if (protocol == u"graphql-ws" && m_document.groupValue(row, {QStringLiteral("send"), QStringLiteral("query")}).isString()) {
        // docs/scenarios.md, "GraphQL over WebSocket": a one-shot operation; its document says what.
        const QString query = m_document.groupValue(row, {QStringLiteral("send"), QStringLiteral("query")}).toString();
        const QString full = query.simplified();
        wasCut = full.size() > maxSummaryChars;
        result.text = cut(full);
        const QStringList variablesKeys{QStringLiteral("send"), QStringLiteral("variables")};
        const QJsonValue variables = m_document.groupValue(row, variablesKeys);
        tip.append(variables.isUndefined() ? query
                                           : query + u'\n' + tr("variables: %1").arg(jsonText(m_document.groupValueText(row, variablesKeys), variables, true)));
        wasCut = true; // the variables are only in the tooltip
    } else if (protocol == u"poll") {
        result.text = QStringLiteral("–");
        result.isDefault = true;
    } else if (protocol == u"sse") {
        result.text = method.isString() ? method.toString() : QStringLiteral("GET");
        result.isDefault = !method.isString();
        tip.append(tr("No body: the stream is opened with a plain request"));
    } else if (m_document.groupValue(row, {QStringLiteral("send"), QStringLiteral("rate")}).toDouble() > 0) {
        result.text = methodText + tr("envelope");
        result.isDefault = true;
        tip.append(tr("No template: the embedded server's envelope with SocketScope's own stamp, padded to the payload size"));
    } else {
        result.text = tr("nothing");
        result.isDefault = true;
        tip.append(tr("send.rate is 0: the group only receives"));
    }

    // onOpen runs before the steady sends: worth knowing when reading what the group sends.
    const QJsonValue onOpen = m_document.groupValue(row, {QStringLiteral("onOpen")});
    const QJsonArray steps = onOpen.toArray();
    if (onOpen.isArray() && !steps.isEmpty()) {
        QStringList lines;
        for (qsizetype i = 0; i < steps.size(); ++i)
            lines.append(QStringLiteral("%1. %2").arg(i + 1).arg(jsonText({}, steps.at(i), true)));
        tip.append(tr("onOpen, after every connect:") + u'\n' + lines.join(u'\n'));
    }
    // The template itself only when the cell cannot hold it or there is more to say (onOpen);
    // otherwise GroupItemDelegate shows what the column cuts.
    if (!tip.isEmpty() && (wasCut || tip.size() > 1 || message.isUndefined()))
        result.toolTip = wrappingToolTip(tip);
    return result;
}

GroupTableModel::Summary GroupTableModel::receivesSummary(int row) const
{
    const QJsonValue receive = m_document.groupValue(row, {QStringLiteral("receive")});
    Summary result;
    if (receive.isUndefined()) {
        result.text = tr("all messages");
        result.isDefault = true;
        result.toolTip = tr("No receive rules: every message is a delivery (from the embedded server, checked by its sequence numbers)");
        return result;
    }
    QString full;
    if (!receive.isObject()) {
        full = jsonText(m_document.groupValueText(row, {QStringLiteral("receive")}), receive, false);
    } else {
        // In the order a reader follows a message: which count, whose they are, their stamps, what is expected.
        const QJsonObject rules = receive.toObject();
        QStringList parts;
        if (rules.contains(QLatin1String("match")))
            parts.append(QStringLiteral("match ") + matchText(rules.value(QLatin1String("match"))));
        for (const char *field : {"sender", "seq", "sentAt", "correlate", "serverTime"}) {
            const QString key = QLatin1String(field);
            if (rules.contains(key))
                parts.append(key + u' ' + extractorText(rules.value(key)));
        }
        for (const char *field : {"expect", "grace", "timeout"}) {
            const QString key = QLatin1String(field);
            if (rules.contains(key))
                parts.append(key + u' ' + (rules.value(key).isString() ? rules.value(key).toString() : jsonText({}, rules.value(key), false)));
        }
        full = parts.isEmpty() ? QStringLiteral("{}") : parts.join(QStringLiteral("; "));
    }
    result.text = cut(full);
    if (full.size() > maxSummaryChars)
        result.toolTip = wrappingToolTip({full});
    return result;
}

QVariant GroupTableModel::value(int row, int column, bool *isDefault) const
{
    if (const Summary *cell = summary(row, column)) {
        *isDefault = cell->isDefault;
        return cell->text;
    }
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
        if (column == PayloadBytes && hasTemplate(m_document, index.row()))
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
        if (const Summary *cell = summary(index.row(), column))
            return cell->toolTip.isEmpty() ? QVariant() : QVariant(cell->toolTip);
        if (column == Churn)
            return tr("none, disconnects per second (\"5/s\"), or session lengths: \"exponential 10s\", \"fixed 5s\", \"uniform 2s-8s\"");
        if (column == Hold && isDefault)
            return tr("Not set: the group holds until the run ends");
        if (isReconnectSetting(column) && reconnectOff)
            return tr("Reconnecting is off for this group");
        if (column == PayloadBytes && hasTemplate(m_document, index.row()))
            return tr("The group sends its template as it is: no payload size");
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
        case Url: return tr("The group's url as written; in italics, without one: the scenario's target with the path. Edit it in the JSON below");
        case Sends: return tr("What each send puts on the wire: send.template (ws) or body (sse, publish). Edit it in the JSON below");
        case Receives: return tr("The receive rules: which messages are deliveries and where they carry their stamps. Edit them in the JSON below");
        default: return {};
        }
    }
    if (role != Qt::DisplayRole)
        return {};
    switch (section) {
    case Name: return tr("Group");
    case Protocol: return tr("Protocol");
    case Url: return tr("URL");
    case Channel: return tr("Channel");
    case Clients: return tr("Clients");
    case RampUp: return tr("Ramp-up");
    case Hold: return tr("Hold");
    case RampDown: return tr("Ramp-down");
    case SendRate: return tr("Rate/s");
    case PayloadBytes: return tr("Payload");
    case Sends: return tr("Sends");
    case Receives: return tr("Receives");
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
    if (summary(index.row(), index.column()))
        return flags; // read-only: edited in the JSON
    bool isDefault = false;
    if (isReconnectSetting(index.column()) && !value(index.row(), Reconnect, &isDefault).toBool())
        return flags & ~Qt::ItemIsEnabled;
    if (index.column() == PayloadBytes && hasTemplate(m_document, index.row()))
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
        if (column == PayloadBytes && hasTemplate(m_document, row))
            return reject(tr("%1: the group sends its template as it is; change the template in the JSON").arg(header));
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
