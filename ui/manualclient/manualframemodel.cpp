#include "manualclient/manualframemodel.h"

#include <QBrush>
#include <QColor>
#include <QDateTime>
#include <QFont>
#include <QTimer>

ManualFrameModel::ManualFrameModel(QObject *parent)
    : QAbstractTableModel(parent)
    , m_batch(new QTimer(this))
{
    m_batch->setSingleShot(true);
    m_batch->setInterval(50);
    connect(m_batch, &QTimer::timeout, this, &ManualFrameModel::flush);
}

int ManualFrameModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_frames.size());
}

int ManualFrameModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QString ManualFrameModel::timeText(qint64 msSinceEpoch)
{
    return QDateTime::fromMSecsSinceEpoch(msSinceEpoch).toString(QStringLiteral("HH:mm:ss.zzz"));
}

QVariant ManualFrameModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= int(m_frames.size()))
        return {};
    const ManualFrame &f = m_frames.at(size_t(index.row()));
    switch (role) {
    case Qt::DisplayRole:
        switch (index.column()) {
        case TimeColumn: return timeText(f.timeMs);
        case DirectionColumn:
            switch (f.direction) {
            case ManualFrame::Direction::Sent: return tr("\u2191 sent");
            case ManualFrame::Direction::Received: return tr("\u2193 received");
            case ManualFrame::Direction::Local: return tr("\u2022 client");
            }
            return {};
        case KindColumn: return ManualFrame::kindName(f.kind);
        case TypeColumn: return f.messageType;
        case SizeColumn:
            if (f.kind == ManualFrame::Kind::Info || f.kind == ManualFrame::Kind::Error || f.kind == ManualFrame::Kind::Retry
                || f.kind == ManualFrame::Kind::Comment)
                return {};
            return f.size();
        case PreviewColumn: return f.preview();
        }
        return {};
    case Qt::ToolTipRole:
        if (index.column() == PreviewColumn)
            return f.preview(600);
        if (index.column() == TypeColumn && !f.messageType.isEmpty()) {
            if (f.kind == ManualFrame::Kind::Event)
                return tr("SSE event type");
            if (f.kind == ManualFrame::Kind::Close)
                return tr("what the protocol's close code means");
            return tr("the JSON message's \"type\", or the decoded Socket.IO / Engine.IO / graphql-ws packet type");
        }
        if (index.column() == SizeColumn && f.wireBytes >= 0)
            return tr("%1 payload bytes, %2 bytes on the wire").arg(f.size()).arg(f.wireBytes);
        return {};
    case Qt::TextAlignmentRole:
        if (index.column() == SizeColumn)
            return QVariant(Qt::AlignRight | Qt::AlignVCenter);
        return QVariant(Qt::AlignLeft | Qt::AlignVCenter);
    case Qt::ForegroundRole:
        // Direction at a glance; errors stand out in any column.
        if (f.kind == ManualFrame::Kind::Error)
            return QBrush(QColor(0xc6, 0x28, 0x28));
        if (index.column() != DirectionColumn)
            return {};
        switch (f.direction) {
        case ManualFrame::Direction::Sent: return QBrush(QColor(0x15, 0x65, 0xc0));
        case ManualFrame::Direction::Received: return QBrush(QColor(0x2e, 0x7d, 0x32));
        case ManualFrame::Direction::Local: return QBrush(QColor(0x61, 0x61, 0x61));
        }
        return {};
    case KindRole:
        return int(f.kind);
    case DirectionRole:
        return int(f.direction);
    }
    return {};
}

QVariant ManualFrameModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case TimeColumn: return tr("Time");
    case DirectionColumn: return tr("Direction");
    case KindColumn: return tr("Kind");
    case TypeColumn: return tr("Type");
    case SizeColumn: return tr("Size");
    case PreviewColumn: return tr("Data");
    }
    return {};
}

void ManualFrameModel::append(const ManualFrame &frame)
{
    m_pending.append(frame);
    if (!m_batch->isActive())
        m_batch->start();
}

void ManualFrameModel::flush()
{
    m_batch->stop();
    if (m_pending.isEmpty())
        return;
    QList<ManualFrame> batch = std::exchange(m_pending, {});
    if (batch.size() > m_maxRows) {
        m_dropped += batch.size() - m_maxRows;
        batch.remove(0, batch.size() - m_maxRows);
    }
    const int overflow = int(m_frames.size()) + int(batch.size()) - m_maxRows;
    if (overflow > 0) {
        beginRemoveRows({}, 0, overflow - 1);
        m_frames.erase(m_frames.begin(), m_frames.begin() + overflow);
        m_dropped += overflow;
        endRemoveRows();
    }
    const int first = int(m_frames.size());
    beginInsertRows({}, first, first + int(batch.size()) - 1);
    for (ManualFrame &f : batch)
        m_frames.push_back(std::move(f));
    endInsertRows();
}

void ManualFrameModel::clear()
{
    beginResetModel();
    m_frames.clear();
    m_pending.clear();
    m_dropped = 0;
    endResetModel();
}
