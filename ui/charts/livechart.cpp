#include "livechart.h"

#include "charttheme.h"
#include "markeroverlay.h"

#include <QChart>
#include <QLegend>
#include <QLegendMarker>
#include <QLineSeries>
#include <QLocale>
#include <QMouseEvent>
#include <QToolTip>
#include <QValueAxis>

#include <algorithm>
#include <cmath>
#include <limits>

namespace {

constexpr qint64 second = 1'000'000'000;

// 1, 2 or 5 times a power of ten: steps people read at a glance.
double niceStep(double rough)
{
    if (!(rough > 0))
        return 1;
    const double magnitude = std::pow(10.0, std::floor(std::log10(rough)));
    const double f = rough / magnitude;
    const double nice = f <= 1 ? 1 : f <= 2 ? 2 : f <= 5 ? 5 : 10;
    return nice * magnitude;
}

QString labelFormatFor(double step)
{
    if (step >= 1)
        return QStringLiteral("%.0f");
    const int decimals = std::clamp(int(std::ceil(-std::log10(step) - 1e-9)), 1, 6);
    return QStringLiteral("%.%1f").arg(decimals);
}

// A bytes-per-second axis reads in the largest unit that keeps its numbers above 1.
struct ByteScale
{
    double divisor;
    const char *unit;
};
ByteScale byteScaleFor(double maxValue)
{
    if (maxValue >= 1e9)
        return {1e9, "GB/s"};
    if (maxValue >= 1e6)
        return {1e6, "MB/s"};
    if (maxValue >= 1e3)
        return {1e3, "kB/s"};
    return {1, "B/s"};
}

// QtCharts lays out one item per tick as soon as either the range or the interval changes, so
// the state in between must not have many ticks: going from 0-1 by 0.2 to 0-1500 by 500 through
// 0-1500 by 0.2 made 7,500 items and took seconds. Take the cheaper of the two ways through.
void setTicks(QValueAxis *axis, double min, double max, double interval)
{
    const double oldSpan = axis->max() - axis->min();
    const double oldInterval = axis->tickInterval();
    const double rangeFirst = oldInterval > 0 ? (max - min) / oldInterval : std::numeric_limits<double>::infinity();
    const double intervalFirst = oldSpan / interval;
    if (intervalFirst <= rangeFirst) {
        axis->setTickInterval(interval);
        axis->setRange(min, max);
    } else {
        axis->setRange(min, max);
        axis->setTickInterval(interval);
    }
}

QString formatElapsed(qint64 ns)
{
    const double seconds = double(ns) / 1e9;
    const qint64 whole = qint64(std::floor(seconds));
    const double fraction = seconds - double(whole);
    const qint64 h = whole / 3600;
    const qint64 m = (whole / 60) % 60;
    const double s = double(whole % 60) + fraction;
    const QString sec = QStringLiteral("%1").arg(s, 4, 'f', 1, QLatin1Char('0'));
    if (h > 0)
        return QStringLiteral("%1:%2:%3").arg(h).arg(m, 2, 10, QLatin1Char('0')).arg(sec);
    return QStringLiteral("%1:%2").arg(m).arg(sec);
}

} // namespace

LiveChart::LiveChart(const QString &key, const QString &title, std::vector<Column> columns, const QString &leftTitle,
                     const QString &rightTitle, QWidget *parent)
    : ChartView(title, parent)
    , m_key(key)
    , m_columns(std::move(columns))
    , m_buffer([this] {
        std::vector<TimeSeriesBuffer::Aggregate> aggregates;
        for (const Column &column : m_columns)
            aggregates.push_back(column.aggregate);
        return aggregates;
    }())
    , m_seenNonZero(m_columns.size(), false)
    , m_leftTitle(leftTitle)
    , m_rightTitle(rightTitle)
{
    setObjectName(QStringLiteral("chart_%1").arg(key));
    // Hover values without a button pressed: the view's events come from its viewport.
    setMouseTracking(true);
    viewport()->setMouseTracking(true);
    QChart *c = chart();
    m_timeAxis = new QValueAxis(c);
    m_timeAxis->setObjectName(QStringLiteral("timeAxis_%1").arg(key));
    m_timeAxis->setTickType(QValueAxis::TicksDynamic);
    m_timeAxis->setTickAnchor(0);
    c->addAxis(m_timeAxis, Qt::AlignBottom);
    m_leftAxis = new QValueAxis(c);
    m_leftAxis->setObjectName(QStringLiteral("valueAxis_%1").arg(key));
    m_leftAxis->setTickType(QValueAxis::TicksDynamic);
    m_leftAxis->setTickAnchor(0);
    m_leftAxis->setTitleText(leftTitle);
    c->addAxis(m_leftAxis, Qt::AlignLeft);
    const bool anyRight = std::any_of(m_columns.begin(), m_columns.end(), [](const Column &col) { return col.rightAxis; });
    if (anyRight) {
        m_rightAxis = new QValueAxis(c);
        m_rightAxis->setObjectName(QStringLiteral("rightAxis_%1").arg(key));
        m_rightAxis->setTickType(QValueAxis::TicksDynamic);
        m_rightAxis->setTickAnchor(0);
        m_rightAxis->setTitleText(rightTitle);
        m_rightAxis->setGridLineVisible(false);
        c->addAxis(m_rightAxis, Qt::AlignRight);
    }
    for (const Column &column : m_columns) {
        auto *series = new QLineSeries(c);
        series->setObjectName(QStringLiteral("series_%1_%2").arg(key, column.key));
        series->setName(column.name);
        series->setUseOpenGL(false);
        c->addSeries(series);
        series->attachAxis(m_timeAxis);
        series->attachAxis(column.rightAxis ? m_rightAxis : m_leftAxis);
        m_series.push_back(series);
    }
    m_overlay = new MarkerOverlay(c);
    m_timeAxis->setRange(0, 60);
    m_leftAxis->setRange(0, 1);
    if (m_rightAxis)
        m_rightAxis->setRange(0, 1);
    applyTheme();
    refresh();
}

void LiveChart::applyTheme()
{
    ChartView::applyTheme();
    const QPalette pal = palette();
    for (size_t i = 0; i < m_series.size(); ++i) {
        // Dashed lines are 1 px: the raster engine draws thin cosmetic dashes directly, while a
        // 2 px dash pattern goes through the path stroker (measured: the latency chart with a
        // 1,125-point dashed max line took 224 ms to paint at 2 px, 9 ms at 1 px).
        const bool solid = m_columns[i].style == Qt::SolidLine;
        QPen pen(ChartTheme::seriesColor(m_columns[i].color, pal), solid ? 2.0 : 1.0, m_columns[i].style);
        pen.setCosmetic(true);
        m_series[i]->setPen(pen);
    }
    m_overlay->setPalette(pal);
}

void LiveChart::addSample(qint64 timeNs, std::span<const double> values)
{
    if (!m_buffer.append(timeNs, values))
        return;
    for (size_t c = 0; c < values.size(); ++c) {
        if (!std::isnan(values[c]) && values[c] != 0)
            m_seenNonZero[c] = true;
    }
    // A frozen view does not change with new samples; it is redrawn when it thaws.
    if (!isFrozen())
        setDirty();
}

void LiveChart::addMarker(const TimelineMarker &marker)
{
    m_markers.append(marker);
    m_overlay->setMarkers(m_markers);
    setDirty();
}

void LiveChart::clear()
{
    m_buffer.clear();
    std::fill(m_seenNonZero.begin(), m_seenNonZero.end(), false);
    m_markers.clear();
    m_overlay->setMarkers(m_markers);
    if (isFrozen())
        m_frozenAtNs = 0;
    setDirty();
}

void LiveChart::setWindowNs(qint64 windowNs)
{
    windowNs = std::max<qint64>(windowNs, 0);
    if (windowNs == m_windowNs)
        return;
    m_windowNs = windowNs;
    setDirty();
}

void LiveChart::setFrozen(bool frozen)
{
    if (frozen == isFrozen())
        return;
    if (frozen) {
        // What is on screen stays exactly as it is: frozen at the newest point drawn.
        m_frozenAtNs = m_shown.timesNs.empty() ? m_buffer.latestTimeNs() : m_shown.timesNs.back();
    } else {
        m_frozenAtNs = noFreeze;
        setDirty();
    }
}

bool LiveChart::isShown(int column) const
{
    const Column &col = m_columns[size_t(column)];
    switch (col.show) {
    case Show::Always:
        return true;
    case Show::WhenNonZero:
        return m_seenNonZero[size_t(column)];
    case Show::WhenSeveral: {
        int shown = 0;
        for (size_t c = 0; c < m_columns.size(); ++c)
            shown += m_columns[c].show == Show::WhenNonZero && m_seenNonZero[c];
        return shown >= 2;
    }
    }
    return true;
}

void LiveChart::refresh()
{
    ++m_refreshCount;
    clearDirty();
    const qint64 untilNs = isFrozen() ? m_frozenAtNs : std::numeric_limits<qint64>::max();
    m_shown = m_buffer.points(m_windowNs, untilNs);
    const qint64 latestNs = m_shown.timesNs.empty() ? 0 : m_shown.timesNs.back();

    // The window fills from the left until the run is longer than it, then scrolls.
    qint64 minNs = 0;
    qint64 maxNs = std::max(latestNs, second);
    if (m_windowNs > 0) {
        maxNs = std::max(latestNs, m_windowNs);
        minNs = maxNs - m_windowNs;
    }
    const qint64 spanNs = maxNs - minNs;
    m_unitNs = spanNs <= 10 * 60 * second ? second : spanNs <= 10 * 3600 * second ? 60 * second : 3600 * second;
    const double unit = double(m_unitNs);
    m_minX = double(minNs) / unit;
    m_maxX = double(maxNs) / unit;

    // Value ranges from what the window shows of the series that are drawn.
    double leftMax = 0;
    double rightMax = 0;
    for (int c = 0; c < columnCount(); ++c) {
        if (!isShown(c))
            continue;
        const auto &values = m_shown.columns[size_t(c)];
        for (size_t i = 0; i < values.size(); ++i) {
            if (m_shown.timesNs[i] < minNs || std::isnan(values[i]))
                continue;
            double &max = m_columns[size_t(c)].rightAxis ? rightMax : leftMax;
            max = std::max(max, values[i]);
        }
    }
    // Big numbers read better as 250 (thousands) than as 250000; bytes go to kB/s, MB/s.
    const auto scaleAxis = [this](QValueAxis *axis, bool right, double max, const QString &title) {
        const bool bytes = std::any_of(m_columns.begin(), m_columns.end(), [right](const Column &col) {
            return col.rightAxis == right && col.unit == Unit::BytesPerSecond;
        });
        if (bytes) {
            const ByteScale scale = byteScaleFor(max);
            axis->setTitleText(QString::fromLatin1(scale.unit));
            return scale.divisor;
        }
        const bool milliseconds = std::all_of(m_columns.begin(), m_columns.end(), [right](const Column &col) {
            return col.rightAxis != right || col.unit == Unit::Milliseconds;
        });
        if (milliseconds && max >= 1e4) {
            axis->setTitleText(tr("s"));
            return 1e3;
        }
        if (max >= 1e7) {
            axis->setTitleText(tr("%1 (millions)").arg(title));
            return 1e6;
        }
        if (max >= 1e4) {
            axis->setTitleText(tr("%1 (thousands)").arg(title));
            return 1e3;
        }
        axis->setTitleText(title);
        return 1.0;
    };
    m_leftDivisor = scaleAxis(m_leftAxis, false, leftMax, m_leftTitle);
    m_rightDivisor = m_rightAxis ? scaleAxis(m_rightAxis, true, rightMax, m_rightTitle) : 1.0;
    const double leftDivisor = m_leftDivisor;
    const double rightDivisor = m_rightDivisor;

    for (int c = 0; c < columnCount(); ++c) {
        const Column &col = m_columns[size_t(c)];
        const double divisor = col.rightAxis ? rightDivisor : leftDivisor;
        const auto &values = m_shown.columns[size_t(c)];
        QList<QPointF> points;
        points.reserve(qsizetype(values.size()));
        bool inGap = false;
        for (size_t i = 0; i < values.size(); ++i) {
            const double x = double(m_shown.timesNs[i]) / unit;
            // No value (no message delivered, so no latency): the line breaks there (a NaN
            // point ends a line segment in QtCharts 6) rather than bridging the silence.
            if (std::isnan(values[i])) {
                if (!inGap && !points.isEmpty())
                    points.append(QPointF(x, values[i]));
                inGap = true;
                continue;
            }
            inGap = false;
            points.append(QPointF(x, values[i] / divisor));
        }
        m_series[size_t(c)]->replace(points);
        const bool shown = isShown(c);
        if (m_series[size_t(c)]->isVisible() != shown) {
            m_series[size_t(c)]->setVisible(shown);
            for (QLegendMarker *marker : chart()->legend()->markers(m_series[size_t(c)]))
                marker->setVisible(shown);
        }
    }

    const auto setValueRange = [this](QValueAxis *axis, bool right, double max) {
        // Counts of things (connections, lost messages) have no fractions to tick.
        const bool whole = std::all_of(m_columns.begin(), m_columns.end(), [right](const Column &col) {
            return col.rightAxis != right || col.unit == Unit::Count;
        });
        const double top = max > 0 ? max * 1.08 : whole ? 5 : 1;
        double step = niceStep(top / 5);
        if (whole)
            step = std::max(step, 1.0);
        setTicks(axis, 0, std::ceil(top / step) * step, step);
        axis->setLabelFormat(labelFormatFor(step));
    };
    setValueRange(m_leftAxis, false, leftMax / leftDivisor);
    if (m_rightAxis)
        setValueRange(m_rightAxis, true, rightMax / rightDivisor);

    const double xStep = niceStep((m_maxX - m_minX) / 6);
    setTicks(m_timeAxis, m_minX, m_maxX, xStep);
    m_timeAxis->setLabelFormat(labelFormatFor(xStep));
    m_timeAxis->setTitleText(m_unitNs == second ? tr("time since start (s)")
                             : m_unitNs == 60 * second ? tr("time since start (min)")
                                                       : tr("time since start (h)"));
    m_overlay->setRange(m_minX, m_maxX, m_unitNs);
}

QList<TimelineMarker> LiveChart::visibleMarkers() const
{
    return m_overlay->visibleMarkers();
}

int LiveChart::nearestIndex(double x) const
{
    const auto &times = m_shown.timesNs;
    if (times.empty())
        return -1;
    const qint64 t = qint64(x * double(m_unitNs));
    const auto it = std::lower_bound(times.begin(), times.end(), t);
    if (it == times.begin())
        return 0;
    if (it == times.end())
        return int(times.size()) - 1;
    const auto before = it - 1;
    return int((t - *before <= *it - t) ? before - times.begin() : it - times.begin());
}

QString LiveChart::formatValue(double value, Unit unit) const
{
    const QLocale locale;
    if (std::isnan(value))
        return tr("no value");
    switch (unit) {
    case Unit::Count:
        return locale.toString(value, 'f', value == std::floor(value) ? 0 : 1);
    case Unit::PerSecond:
        return tr("%1/s").arg(locale.toString(value, 'f', value < 10 ? 2 : value < 100 ? 1 : 0));
    case Unit::Milliseconds:
        return tr("%1 ms").arg(locale.toString(value, 'f', value < 1 ? 3 : value < 10 ? 2 : value < 100 ? 1 : 0));
    case Unit::BytesPerSecond: {
        const ByteScale scale = byteScaleFor(value);
        return QStringLiteral("%1 %2").arg(locale.toString(value / scale.divisor, 'f', scale.divisor == 1 ? 0 : 1),
                                           QString::fromLatin1(scale.unit));
    }
    }
    return QString::number(value);
}

QString LiveChart::toolTipAt(double x) const
{
    const int index = nearestIndex(x);
    if (index < 0)
        return QString();
    const qint64 t = m_shown.timesNs[size_t(index)];
    QStringList lines;
    if (m_shown.bucketNs > 0)
        lines << tr("%1 (%2 s buckets)").arg(formatElapsed(t), QLocale().toString(double(m_shown.bucketNs) / 1e9, 'g', 3));
    else
        lines << formatElapsed(t);
    for (int c = 0; c < columnCount(); ++c) {
        if (isShown(c))
            lines << QStringLiteral("%1: %2").arg(m_columns[size_t(c)].name, formatValue(m_shown.columns[size_t(c)][size_t(index)], m_columns[size_t(c)].unit));
    }
    // Markers within 1% of the drawn range (a few pixels) of the pointer.
    const double tolerance = std::max((m_maxX - m_minX) / 100, double(m_shown.bucketNs) / double(m_unitNs));
    for (const TimelineMarker &marker : m_markers) {
        if (std::abs(m_overlay->xOf(marker) - x) <= tolerance) {
            const QString kind = marker.kind == TimelineMarker::Kind::Fault ? tr("Fault") : tr("Phase");
            lines << QStringLiteral("%1 at %2: %3").arg(kind, formatElapsed(marker.elapsedNs), marker.label);
        }
    }
    return lines.join(QLatin1Char('\n'));
}

void LiveChart::mouseMoveEvent(QMouseEvent *event)
{
    const QPointF inChart = chart()->mapFromScene(mapToScene(event->position().toPoint()));
    if (!chart()->plotArea().contains(inChart) || m_series.empty()) {
        m_overlay->setCursor(std::nullopt);
        QToolTip::hideText();
        QChartView::mouseMoveEvent(event);
        return;
    }
    const double x = chart()->mapToValue(inChart, m_series.front()).x();
    const int index = nearestIndex(x);
    if (index >= 0)
        m_overlay->setCursor(double(m_shown.timesNs[size_t(index)]) / double(m_unitNs));
    QToolTip::showText(event->globalPosition().toPoint(), toolTipAt(x), this);
    QChartView::mouseMoveEvent(event);
}

void LiveChart::leaveEvent(QEvent *event)
{
    m_overlay->setCursor(std::nullopt);
    QToolTip::hideText();
    QChartView::leaveEvent(event);
}
