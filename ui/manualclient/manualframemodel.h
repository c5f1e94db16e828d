#pragma once

#include "manual/manualframe.h"

#include <QAbstractTableModel>
#include <QList>

#include <deque>

class QTimer;

// The frame log of one manual client tab: one row per ManualFrame (time, direction, kind, size,
// preview). Frames are queued and inserted in one batch per 50 ms, so a busy channel costs one
// row insertion per batch rather than one per frame, and the oldest rows go beyond a cap.
class ManualFrameModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column { TimeColumn, DirectionColumn, KindColumn, TypeColumn, SizeColumn, PreviewColumn, ColumnCount };
    enum Role { KindRole = Qt::UserRole + 1, DirectionRole };

    explicit ManualFrameModel(QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    // Queues a frame; it appears with the next batch (at most 50 ms later).
    void append(const ManualFrame &frame);
    // Inserts what is queued now.
    void flush();
    void clear();
    const ManualFrame &frame(int row) const { return m_frames.at(size_t(row)); }
    int maxRows() const { return m_maxRows; }
    void setMaxRows(int rows) { m_maxRows = qMax(1, rows); }
    // Frames dropped from the top because of the cap.
    qint64 droppedRows() const { return m_dropped; }

    static QString timeText(qint64 msSinceEpoch);

private:
    std::deque<ManualFrame> m_frames;
    QList<ManualFrame> m_pending;
    QTimer *m_batch = nullptr;
    int m_maxRows = 20000;
    qint64 m_dropped = 0;
};
