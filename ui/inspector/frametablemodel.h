#pragma once

#include "inspect/framedecoder.h"
#include "inspect/framerecord.h"
#include "inspector/framefilter.h"

#include <QAbstractTableModel>
#include <QElapsedTimer>
#include <QHash>
#include <QSet>
#include <QTimer>

#include <deque>
#include <vector>

// The inspector's table: a bounded store of frames (the newest `capacity`, oldest dropped in
// batches) and the rows of it that pass the filter. Frames arrive in batches (one per GUI tick)
// and are filtered as they arrive; a new filter is applied to the whole store in time slices of a
// few milliseconds, so the GUI stays responsive at 100,000 rows (no QSortFilterProxyModel, which
// would match every row in one go and remap on every trim).
// Each frame is decoded once as it arrives (FrameDecoder: Socket.IO, graphql-ws), remembering per
// connection which protocol it was seen to speak, so that a bare "2" of a Socket.IO session reads
// as a heartbeat while the same text on an echo connection stays text.
// Lives in the GUI thread.
class FrameTableModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column { TimeColumn, DirectionColumn, ConnectionColumn, ProtocolColumn, ChannelColumn,
                  TypeColumn, KindColumn, SizeColumn, PreviewColumn, ColumnCount };
    // The visible row's index into the store that never repeats (for tests and selection).
    static constexpr int FrameSequenceRole = Qt::UserRole + 1;
    static constexpr int DefaultCapacity = 100'000;

    explicit FrameTableModel(QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    void setCapacity(int frames);
    int capacity() const { return m_capacity; }
    // Appends one batch (oldest first); the oldest stored frames make room beyond capacity.
    void append(std::vector<FrameRecord> frames);
    void clear();

    // Applies `filter` to everything stored, in slices; an invalid filter is ignored (false).
    bool setFilter(const FrameFilter &filter);
    const FrameFilter &filter() const { return m_filter; }
    bool isFiltering() const { return m_filterCursor < m_base + m_store.size(); }
    // Runs the pending filter work to the end now (tests, export).
    void finishFiltering();

    // The visible row's frame.
    const FrameRecord &frameAt(int row) const;
    // What FrameDecoder made of the visible row's frame (not decoded: protocol None).
    const FrameDecoder::Result &decodedAt(int row) const;
    int storedCount() const { return int(m_store.size()); }
    // Frames the store let go to stay within capacity.
    quint64 trimmedCount() const { return m_trimmed; }
    // Every type seen in the stored frames (for the type filter's list).
    QStringList types() const;

    // One line per frame for the clipboard: the columns, tab-separated, then the full message.
    QString rowsAsText(const QList<int> &rows) const;
    // JSON Lines, one object per frame (what Export writes).
    QByteArray rowsAsJsonLines(const QList<int> &rows) const;

    static QString previewOf(const FrameRecord &frame);
    // At most a row's worth of `text` on one line.
    static QString oneLine(QString text);

Q_SIGNALS:
    void filteringFinished();
    void typesChanged();

private:
    void filterSlice();
    void appendVisible(const std::vector<quint64> &indices);
    const FrameRecord &stored(quint64 index) const { return m_store[size_t(index - m_base)]; }
    const FrameDecoder::Result &storedDecoded(quint64 index) const { return m_decoded[size_t(index - m_base)]; }
    bool storedMatches(quint64 index) const { return m_filter.matches(stored(index), storedDecoded(index)); }
    FrameDecoder::Result decode(const FrameRecord &frame);

    int m_capacity = DefaultCapacity;
    std::deque<FrameRecord> m_store;
    std::deque<FrameDecoder::Result> m_decoded;    // beside m_store, one per frame
    // What each connection was seen to speak (FrameDecoder::Result::family()).
    QHash<quint64, FrameDecoder::Protocol> m_connectionProtocols;
    quint64 m_base = 0;              // the store index of m_store.front()
    std::deque<quint64> m_visible;   // store indices of the rows, ascending
    quint64 m_trimmed = 0;
    FrameFilter m_filter;
    quint64 m_filterCursor = 0;      // the next store index the filter has to look at
    QTimer m_filterTimer;
    QSet<QString> m_types;
};
