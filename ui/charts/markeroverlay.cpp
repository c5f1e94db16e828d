#include "markeroverlay.h"

#include "charttheme.h"

#include <QChart>
#include <QFontMetricsF>
#include <QPainter>

#include <utility>
#include <vector>

MarkerOverlay::MarkerOverlay(QChart *chart)
    : QGraphicsItem(chart)
    , m_chart(chart)
{
    // Above the series, below nothing: the lines must not hide behind a dense plot.
    setZValue(1000);
    setAcceptedMouseButtons(Qt::NoButton);
    QObject::connect(chart, &QChart::plotAreaChanged, chart, [this](const QRectF &) {
        prepareGeometryChange();
        m_bounds = m_chart->plotArea();
        update();
    });
}

void MarkerOverlay::setRange(double minX, double maxX, qint64 unitNs)
{
    if (minX == m_minX && maxX == m_maxX && unitNs == m_unitNs)
        return;
    m_minX = minX;
    m_maxX = maxX;
    m_unitNs = std::max<qint64>(unitNs, 1);
    update();
}

void MarkerOverlay::setMarkers(const QList<TimelineMarker> &markers)
{
    m_markers = markers;
    update();
}

void MarkerOverlay::setPalette(const QPalette &palette)
{
    m_palette = palette;
    update();
}

void MarkerOverlay::setCursor(std::optional<double> x)
{
    if (x == m_cursor)
        return;
    m_cursor = x;
    update();
}

double MarkerOverlay::xOf(const TimelineMarker &marker) const
{
    return double(marker.elapsedNs) / double(m_unitNs);
}

QList<TimelineMarker> MarkerOverlay::visibleMarkers() const
{
    QList<TimelineMarker> visible;
    for (const TimelineMarker &marker : m_markers) {
        const double x = xOf(marker);
        if (x >= m_minX && x <= m_maxX)
            visible.append(marker);
    }
    return visible;
}

QRectF MarkerOverlay::boundingRect() const
{
    return m_bounds.isValid() ? m_bounds : m_chart->plotArea();
}

double MarkerOverlay::pixelX(double x, const QRectF &plot) const
{
    const double span = m_maxX - m_minX;
    if (span <= 0)
        return plot.left();
    return plot.left() + (x - m_minX) / span * plot.width();
}

void MarkerOverlay::paint(QPainter *painter, const QStyleOptionGraphicsItem *, QWidget *)
{
    const QRectF plot = m_chart->plotArea();
    if (!plot.isValid())
        return;
    painter->save();
    painter->setClipRect(plot);
    QFont font = painter->font();
    font.setPointSizeF(std::max(7.0, font.pointSizeF() * 0.85));
    painter->setFont(font);
    const QFontMetricsF metrics(font);
    const qreal rowHeight = metrics.height() + 2;
    constexpr int rows = 3;
    const QList<TimelineMarker> visible = visibleMarkers();
    // Lines first, all of them; then labels, faults before phase changes, since a fault is what
    // a reader looks for. A label goes to the first row where it overlaps no other; when all
    // rows are taken the line stays alone and its label is in the hover text.
    for (const TimelineMarker &marker : visible) {
        const qreal px = pixelX(xOf(marker), plot);
        QPen pen(ChartTheme::markerColor(marker.kind, m_palette), 1.5,
                 marker.kind == TimelineMarker::Kind::Fault ? Qt::DashLine : Qt::DotLine);
        pen.setCosmetic(true);
        painter->setPen(pen);
        painter->drawLine(QPointF(px, plot.top()), QPointF(px, plot.bottom()));
    }
    std::vector<std::vector<std::pair<qreal, qreal>>> taken(rows);
    const auto free = [&taken](int row, qreal left, qreal right) {
        for (const auto &[l, r] : taken[size_t(row)]) {
            if (left < r && l < right)
                return false;
        }
        return true;
    };
    QColor background = m_palette.color(QPalette::Base);
    background.setAlpha(210);
    for (const TimelineMarker::Kind kind : {TimelineMarker::Kind::Fault, TimelineMarker::Kind::Phase}) {
        for (const TimelineMarker &marker : visible) {
            if (marker.kind != kind)
                continue;
            const qreal px = pixelX(xOf(marker), plot);
            const QString label = metrics.elidedText(marker.label, Qt::ElideRight, std::max<qreal>(60, plot.width() / 3));
            const qreal width = metrics.horizontalAdvance(label) + 6;
            // Right of the line, or left of it when it would run off the plot.
            const qreal left = px + width + 2 <= plot.right() ? px + 2 : px - width - 2;
            int row = 0;
            while (row < rows && !free(row, left, left + width))
                ++row;
            if (row == rows)
                continue;
            taken[size_t(row)].emplace_back(left, left + width);
            const QRectF box(left, plot.top() + 2 + row * rowHeight, width, rowHeight - 1);
            painter->fillRect(box, background);
            painter->setPen(ChartTheme::markerColor(kind, m_palette));
            painter->drawText(box, Qt::AlignCenter, label);
        }
    }
    if (m_cursor && *m_cursor >= m_minX && *m_cursor <= m_maxX) {
        const qreal px = pixelX(*m_cursor, plot);
        QPen pen(m_palette.color(QPalette::Text), 1, Qt::SolidLine);
        pen.setCosmetic(true);
        QColor c = pen.color();
        c.setAlpha(120);
        pen.setColor(c);
        painter->setPen(pen);
        painter->drawLine(QPointF(px, plot.top()), QPointF(px, plot.bottom()));
    }
    painter->restore();
}
