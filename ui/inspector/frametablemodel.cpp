#include "inspector/frametablemodel.h"

#include "graphqlws/graphqlwsmessage.h"

#include <QColor>
#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLocale>

#include <algorithm>

namespace {

// A new filter runs over the store in slices this long, so a paint or a key press waits at most
// about this much.
constexpr qint64 filterSliceNs = 6'000'000;
constexpr int previewChars = 240;
constexpr int maxTypes = 500;   // types are few in practice; a flood of unique ones stops here

QString timeText(qint64 wallMs)
{
    return QDateTime::fromMSecsSinceEpoch(wallMs).toString(QStringLiteral("HH:mm:ss.zzz"));
}

QString directionText(FrameRecord::Direction direction)
{
    // Arrows as in browser developer tools: up is what the client sent.
    return direction == FrameRecord::Direction::ClientToServer
        ? FrameTableModel::tr("\u2191 to server")
        : FrameTableModel::tr("\u2193 to client");
}

QString connectionText(const FrameRecord &frame)
{
    return QStringLiteral("#%1 %2").arg(frame.connectionId).arg(frame.connectionLabel);
}

} // namespace

FrameTableModel::FrameTableModel(QObject *parent)
    : QAbstractTableModel(parent)
{
    m_filterTimer.setSingleShot(true);
    m_filterTimer.setInterval(0);
    connect(&m_filterTimer, &QTimer::timeout, this, &FrameTableModel::filterSlice);
}

int FrameTableModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_visible.size());
}

int FrameTableModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

const FrameRecord &FrameTableModel::frameAt(int row) const
{
    return stored(m_visible[size_t(row)]);
}

const FrameDecoder::Result &FrameTableModel::decodedAt(int row) const
{
    return storedDecoded(m_visible[size_t(row)]);
}

FrameDecoder::Result FrameTableModel::decode(const FrameRecord &frame)
{
    if (frame.truncated || frame.payload.isEmpty())
        return {};
    // The embedded server's envelopes are JSON objects too: only those whose "type" (the tap
    // read it) is one of graphql-ws's are worth parsing again.
    if (frame.payload.front() == '{' && !GraphQlWsMessage::typeFromName(frame.type))
        return {};
    const auto known = m_connectionProtocols.constFind(frame.connectionId);
    FrameDecoder::Result result = FrameDecoder::decode(
        frame.payload, known == m_connectionProtocols.constEnd() ? FrameDecoder::Protocol::None : *known);
    if (result.isDecoded() && known == m_connectionProtocols.constEnd())
        m_connectionProtocols.insert(frame.connectionId, result.family());
    return result;
}

QString FrameTableModel::previewOf(const FrameRecord &frame)
{
    QString text;
    // An envelope's type and channel have their own columns: the row shows its payload, the
    // part that differs from message to message. Anything else shows as it came.
    if (!frame.truncated && frame.payload.startsWith('{') && frame.payload.size() <= 64 * 1024) {
        const QJsonObject object = QJsonDocument::fromJson(frame.payload).object();
        const auto payload = object.constFind(QLatin1String("payload"));
        if (payload != object.constEnd() && object.contains(QLatin1String("type"))) {
            if (payload->isObject())
                text = QString::fromUtf8(QJsonDocument(payload->toObject()).toJson(QJsonDocument::Compact));
            else if (payload->isArray())
                text = QString::fromUtf8(QJsonDocument(payload->toArray()).toJson(QJsonDocument::Compact));
            else if (payload->isString())
                text = QLatin1Char('"') + payload->toString() + QLatin1Char('"');
            else if (payload->isBool())
                text = payload->toBool() ? QStringLiteral("true") : QStringLiteral("false");
            else if (payload->isDouble())
                text = QString::number(payload->toDouble());
            else
                text = QStringLiteral("null");
        }
    }
    if (text.isEmpty())
        text = QString::fromUtf8(frame.payload.left(previewChars * 2));
    return oneLine(std::move(text));
}

QString FrameTableModel::oneLine(QString text)
{
    if (text.size() > previewChars) {
        text.truncate(previewChars);
        text += QChar(0x2026);
    }
    // One line: newlines and tabs of pretty-printed messages would cut the row.
    for (QChar &c : text) {
        if (c == u'\n' || c == u'\r' || c == u'\t')
            c = u' ';
    }
    return text;
}

QVariant FrameTableModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= int(m_visible.size()))
        return {};
    const FrameRecord &frame = frameAt(index.row());
    const FrameDecoder::Result &decoded = decodedAt(index.row());
    if (role == Qt::DisplayRole) {
        switch (index.column()) {
        case TimeColumn:
            return timeText(frame.wallMs);
        case DirectionColumn:
            return directionText(frame.direction);
        case ConnectionColumn:
            return connectionText(frame);
        case ProtocolColumn:
            return decoded.isDecoded() ? FrameDecoder::protocolName(decoded.protocol) : FrameRecord::protocolName(frame.protocol);
        case ChannelColumn:
            return frame.channel;
        case TypeColumn:
            return decoded.isDecoded() ? decoded.type : frame.type;
        case KindColumn:
            return decoded.isDecoded() ? FrameDecoder::kindName(decoded.control) : QString();
        case SizeColumn:
            return QLocale().toString(frame.size);
        case PreviewColumn:
            return decoded.isDecoded() ? oneLine(decoded.payload) : previewOf(frame);
        }
        return {};
    }
    if (role == Qt::ToolTipRole) {
        if (index.column() == ConnectionColumn) {
            return frame.side == FrameRecord::Side::Server
                ? tr("Seen by the embedded server (connection #%1 from %2)").arg(frame.connectionId).arg(frame.connectionLabel)
                : tr("Seen by simulated client %2 (connection #%1)").arg(frame.connectionId).arg(frame.connectionLabel);
        }
        if (index.column() == PreviewColumn)
            return QString::fromUtf8(frame.payload.left(2000));
        if (index.column() == ProtocolColumn && decoded.isDecoded())
            return tr("%1 over %2").arg(FrameDecoder::protocolName(decoded.protocol), FrameRecord::protocolName(frame.protocol));
        if (index.column() == KindColumn && decoded.isDecoded()) {
            return decoded.control ? tr("A control packet of the protocol (heartbeat, connect, upgrade, acknowledgement of the connection, completion)")
                                   : tr("Application data (an event, an acknowledgement, an operation's result)");
        }
        if (index.column() == SizeColumn) {
            return frame.truncated ? tr("%1 bytes (the first %2 kept)").arg(frame.size).arg(frame.payload.size())
                                   : tr("%1 bytes").arg(frame.size);
        }
        return {};
    }
    if (role == Qt::TextAlignmentRole && index.column() == SizeColumn)
        return QVariant(Qt::AlignRight | Qt::AlignVCenter);
    if (role == Qt::ForegroundRole && decoded.control && index.column() != DirectionColumn)
        return QColor(0x80, 0x80, 0x80); // control packets recede; data stands out
    if (role == Qt::ForegroundRole && index.column() == DirectionColumn) {
        // Dark enough on a light background and light enough on a dark one.
        return frame.direction == FrameRecord::Direction::ClientToServer ? QColor(0x2e, 0x8b, 0x3e) : QColor(0x2f, 0x74, 0xc0);
    }
    if (role == FrameSequenceRole)
        return frame.seq;
    return {};
}

QVariant FrameTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case TimeColumn: return tr("Time");
    case DirectionColumn: return tr("Direction");
    case ConnectionColumn: return tr("Connection");
    case ProtocolColumn: return tr("Protocol");
    case ChannelColumn: return tr("Channel");
    case TypeColumn: return tr("Type");
    case KindColumn: return tr("Kind");
    case SizeColumn: return tr("Size");
    case PreviewColumn: return tr("Payload");
    }
    return {};
}

void FrameTableModel::setCapacity(int frames)
{
    m_capacity = std::max(1, frames);
    if (int(m_store.size()) > m_capacity)
        append({}); // trims
}

void FrameTableModel::appendVisible(const std::vector<quint64> &indices)
{
    if (indices.empty())
        return;
    const int first = int(m_visible.size());
    beginInsertRows({}, first, first + int(indices.size()) - 1);
    m_visible.insert(m_visible.end(), indices.begin(), indices.end());
    endInsertRows();
}

void FrameTableModel::append(std::vector<FrameRecord> frames)
{
    const size_t capacity = size_t(m_capacity);
    if (frames.size() > capacity) {
        const size_t excess = frames.size() - capacity;
        m_trimmed += excess;
        frames.erase(frames.begin(), frames.begin() + qsizetype(excess));
    }
    const bool caughtUp = !isFiltering();

    // Make room: the oldest stored frames go, and their rows with them, in one removal.
    const size_t total = m_store.size() + frames.size();
    if (total > capacity) {
        const size_t overflow = std::min(total - capacity, m_store.size());
        const quint64 newBase = m_base + overflow;
        const auto firstKept = std::lower_bound(m_visible.begin(), m_visible.end(), newBase);
        const int removed = int(firstKept - m_visible.begin());
        if (removed > 0) {
            beginRemoveRows({}, 0, removed - 1);
            m_visible.erase(m_visible.begin(), firstKept);
            endRemoveRows();
        }
        m_store.erase(m_store.begin(), m_store.begin() + qsizetype(overflow));
        m_decoded.erase(m_decoded.begin(), m_decoded.begin() + qsizetype(overflow));
        m_base = newBase;
        m_trimmed += overflow;
        m_filterCursor = std::max(m_filterCursor, m_base);
    }
    if (frames.empty())
        return;

    bool newType = false;
    const quint64 firstNew = m_base + m_store.size();
    for (FrameRecord &frame : frames) {
        FrameDecoder::Result decoded = decode(frame);
        for (const QString *type : {&frame.type, &decoded.name}) {
            if (!type->isEmpty() && m_types.size() < maxTypes && !m_types.contains(*type)) {
                m_types.insert(*type);
                newType = true;
            }
        }
        m_store.push_back(std::move(frame));
        m_decoded.push_back(std::move(decoded));
    }
    if (caughtUp) {
        // Only the new batch needs the filter: a few hundred rows per tick.
        std::vector<quint64> matches;
        matches.reserve(frames.size());
        const quint64 end = m_base + m_store.size();
        for (quint64 i = firstNew; i < end; ++i) {
            if (storedMatches(i))
                matches.push_back(i);
        }
        m_filterCursor = end;
        appendVisible(matches);
    } else if (!m_filterTimer.isActive()) {
        m_filterTimer.start();
    }
    if (newType)
        Q_EMIT typesChanged();
}

void FrameTableModel::clear()
{
    m_filterTimer.stop();
    beginResetModel();
    m_base += m_store.size();
    m_store.clear();
    m_decoded.clear();
    m_visible.clear();
    m_filterCursor = m_base;
    m_types.clear();
    endResetModel();
    Q_EMIT typesChanged();
}

bool FrameTableModel::setFilter(const FrameFilter &filter)
{
    if (!filter.isValid())
        return false;
    m_filter = filter;
    beginResetModel();
    m_visible.clear();
    m_filterCursor = m_base;
    endResetModel();
    filterSlice();
    return true;
}

void FrameTableModel::filterSlice()
{
    QElapsedTimer clock;
    clock.start();
    const quint64 end = m_base + m_store.size();
    std::vector<quint64> matches;
    while (m_filterCursor < end) {
        // Look at the clock every 256 rows: reading it costs more than matching a short row.
        const quint64 stop = std::min(end, m_filterCursor + 256);
        for (; m_filterCursor < stop; ++m_filterCursor) {
            if (storedMatches(m_filterCursor))
                matches.push_back(m_filterCursor);
        }
        if (clock.nsecsElapsed() > filterSliceNs)
            break;
    }
    appendVisible(matches);
    if (m_filterCursor < end) {
        m_filterTimer.start();
        return;
    }
    Q_EMIT filteringFinished();
}

void FrameTableModel::finishFiltering()
{
    m_filterTimer.stop();
    while (isFiltering())
        filterSlice();
    m_filterTimer.stop();
}

QStringList FrameTableModel::types() const
{
    QStringList list(m_types.begin(), m_types.end());
    list.sort();
    return list;
}

QString FrameTableModel::rowsAsText(const QList<int> &rows) const
{
    QString text;
    for (int row : rows) {
        if (row < 0 || row >= rowCount())
            continue;
        const FrameRecord &frame = frameAt(row);
        const QStringList fields{
            QDateTime::fromMSecsSinceEpoch(frame.wallMs).toString(Qt::ISODateWithMs),
            FrameRecord::directionName(frame.direction),
            connectionText(frame),
            FrameRecord::protocolName(frame.protocol),
            frame.channel,
            decodedAt(row).isDecoded() ? decodedAt(row).type : frame.type,
            decodedAt(row).isDecoded() ? FrameDecoder::kindName(decodedAt(row).control) : QString(),
            QString::number(frame.size),
            QString::fromUtf8(frame.payload),
        };
        text += fields.join(QLatin1Char('\t'));
        text += QLatin1Char('\n');
    }
    return text;
}

QByteArray FrameTableModel::rowsAsJsonLines(const QList<int> &rows) const
{
    QByteArray lines;
    for (int row : rows) {
        if (row < 0 || row >= rowCount())
            continue;
        const FrameRecord &frame = frameAt(row);
        QJsonObject object{
            {QStringLiteral("time"), QDateTime::fromMSecsSinceEpoch(frame.wallMs).toUTC().toString(Qt::ISODateWithMs)},
            {QStringLiteral("monotonicNs"), QString::number(frame.monotonicNs)},
            {QStringLiteral("direction"), frame.direction == FrameRecord::Direction::ClientToServer
                                              ? QStringLiteral("client-to-server") : QStringLiteral("server-to-client")},
            {QStringLiteral("observedBy"), FrameRecord::sideName(frame.side)},
            {QStringLiteral("connectionId"), double(frame.connectionId)},
            {QStringLiteral("connection"), frame.connectionLabel},
            {QStringLiteral("protocol"), FrameRecord::protocolName(frame.protocol)},
            {QStringLiteral("channel"), frame.channel},
            {QStringLiteral("type"), frame.type},
            {QStringLiteral("size"), double(frame.size)},
            {QStringLiteral("truncated"), frame.truncated},
        };
        if (const FrameDecoder::Result &decoded = decodedAt(row); decoded.isDecoded()) {
            object.insert(QStringLiteral("decoded"), QJsonObject{
                {QStringLiteral("protocol"), FrameDecoder::protocolName(decoded.protocol)},
                {QStringLiteral("type"), decoded.type},
                {QStringLiteral("control"), decoded.control},
                {QStringLiteral("payload"), decoded.payload},
            });
        }
        // The message as JSON when it is JSON (so jq reads it), else as text.
        QJsonParseError error{};
        const QJsonDocument document = frame.truncated ? QJsonDocument() : QJsonDocument::fromJson(frame.payload, &error);
        if (!frame.truncated && error.error == QJsonParseError::NoError && !document.isNull())
            object.insert(QStringLiteral("message"), document.isObject() ? QJsonValue(document.object()) : QJsonValue(document.array()));
        else
            object.insert(QStringLiteral("messageText"), QString::fromUtf8(frame.payload));
        lines += QJsonDocument(object).toJson(QJsonDocument::Compact);
        lines += '\n';
    }
    return lines;
}
