#pragma once

#include "charts/chartview.h"
#include "charts/timeseriesbuffer.h"
#include "session/timelinemarker.h"

#include <QList>
#include <QString>

#include <limits>
#include <span>
#include <vector>

class MarkerOverlay;
class QLineSeries;
class QValueAxis;

// One live time chart of a run: a few line series over the time since the run started, fed one
// sample per snapshot into a multi-resolution TimeSeriesBuffer and redrawn by refresh() for the
// chosen window with one QXYSeries::replace() per series. Draws the run's markers (fault steps,
// phase changes) as vertical lines, shows every series' value at the nearest time on hover, and
// can freeze its view (paused) while samples keep arriving.
class LiveChart : public ChartView
{
    Q_OBJECT
public:
    enum class Unit { Count, PerSecond, Milliseconds, BytesPerSecond };
    // When a series is drawn: always; once it had a non-zero value (protocols a run does not
    // use stay out of the legend); once at least two WhenNonZero series are drawn (a total that
    // would only repeat a single protocol's line).
    enum class Show { Always, WhenNonZero, WhenSeveral };

    struct Column
    {
        QString key;  // objectName of the series: "series_<chart key>_<key>"
        QString name; // legend and tooltip
        TimeSeriesBuffer::Aggregate aggregate = TimeSeriesBuffer::Aggregate::Average;
        Unit unit = Unit::Count;
        bool rightAxis = false;
        Qt::PenStyle style = Qt::SolidLine;
        int color = 0; // ChartTheme::seriesColor index
        Show show = Show::Always;
    };

    // `key` names the chart ("chart_<key>") and its series; `leftTitle`/`rightTitle` label the
    // value axes (a bytes-per-second axis titles itself with the unit it scaled to).
    LiveChart(const QString &key, const QString &title, std::vector<Column> columns, const QString &leftTitle,
              const QString &rightTitle = QString(), QWidget *parent = nullptr);

    // One sample: one value per column (NaN: no value at this time).
    void addSample(qint64 timeNs, std::span<const double> values);
    void addMarker(const TimelineMarker &marker);
    void clear();
    // How much of the run the view shows: the newest windowNs, or the whole run when <= 0.
    void setWindowNs(qint64 windowNs);
    qint64 windowNs() const { return m_windowNs; }
    // Frozen, the view keeps showing the run up to the moment it froze; samples still go into
    // the buffer and appear on unfreezing.
    void setFrozen(bool frozen);
    bool isFrozen() const { return m_frozenAtNs != noFreeze; }

    void refresh() override;

    int columnCount() const { return int(m_columns.size()); }
    const Column &column(int index) const { return m_columns[size_t(index)]; }
    QLineSeries *series(int column) const { return m_series[size_t(column)]; }
    QValueAxis *timeAxis() const { return m_timeAxis; }
    QValueAxis *leftAxis() const { return m_leftAxis; }
    QValueAxis *rightAxis() const { return m_rightAxis; }
    const TimeSeriesBuffer &buffer() const { return m_buffer; }
    // How many nanoseconds one unit of the time axis is (seconds, minutes or hours).
    qint64 timeUnitNs() const { return m_unitNs; }
    // The resolution of what is drawn: 0 for raw 100 ms samples, else the bucket length.
    qint64 shownBucketNs() const { return m_shown.bucketNs; }
    int refreshCount() const { return m_refreshCount; }
    // What the drawn values were divided by for their axis (1000 when the axis reads
    // "thousands", 1e6 for MB/s ...): a series' y times this is the measured value.
    double valueDivisor(bool rightAxis) const { return rightAxis ? m_rightDivisor : m_leftDivisor; }
    QList<TimelineMarker> markers() const { return m_markers; }
    // The markers inside the drawn time range.
    QList<TimelineMarker> visibleMarkers() const;
    // The hover text at time x (in time axis units): the nearest drawn point's time and the
    // value of each drawn series there, and markers close to it. Empty when nothing is drawn.
    QString toolTipAt(double x) const;

protected:
    void applyTheme() override;
    void mouseMoveEvent(QMouseEvent *event) override;
    void leaveEvent(QEvent *event) override;

private:
    static constexpr qint64 noFreeze = std::numeric_limits<qint64>::min();

    bool isShown(int column) const;
    int nearestIndex(double x) const;
    QString formatValue(double value, Unit unit) const;

    QString m_key;
    std::vector<Column> m_columns;
    TimeSeriesBuffer m_buffer;
    std::vector<QLineSeries *> m_series;
    std::vector<bool> m_seenNonZero;
    QValueAxis *m_timeAxis = nullptr;
    QValueAxis *m_leftAxis = nullptr;
    QValueAxis *m_rightAxis = nullptr;
    QString m_leftTitle;
    QString m_rightTitle;
    MarkerOverlay *m_overlay = nullptr;
    QList<TimelineMarker> m_markers;
    qint64 m_windowNs = 0;
    qint64 m_frozenAtNs = noFreeze;
    TimeSeriesBuffer::Points m_shown; // what the series were last replaced with
    qint64 m_unitNs = 1'000'000'000;
    double m_minX = 0;
    double m_maxX = 1;
    double m_leftDivisor = 1;
    double m_rightDivisor = 1;
    int m_refreshCount = 0;
};
