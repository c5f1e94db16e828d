#include "markeroverlay.h"

#include "charttheme.h"

#include <QChart>
#include <QFontMetricsF>
#include <QPainter>

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
    // Labels of close markers go to the next row instead of overprinting each other.
    std::vector<qreal> rowEnd(rows, -1e9);
    for (const TimelineMarker &marker : visibleMarkers()) {
        const qreal px = pixelX(xOf(marker), plot);
        const QColor color = ChartTheme::markerColor(marker.kind, m_palette);
        QPen pen(color, 1.5, marker.kind == TimelineMarker::Kind::Fault ? Qt::DashLine : Qt::DotLine);
        pen.setCosmetic(true);
        painter->setPen(pen);
        painter->drawLine(QPointF(px, plot.top()), QPointF(px, plot.bottom()));

        const QString label = metrics.elidedText(marker.label, Qt::ElideRight, std::max<qreal>(60, plot.width() / 3));
        const qreal width = metrics.horizontalAdvance(label) + 6;
        // Right of the line, or left of it when it would run off the plot.
        const qreal left = px + width + 2 <= plot.right() ? px + 2 : px - width - 2;
        int row = 0;
        while (row < rows && rowEnd[size_t(row)] > left)
            ++row;
        // Too crowded for another label: the line alone, its label is in the hover text.
        if (row == rows)
            continue;
        rowEnd[size_t(row)] = left + width;
        const QRectF box(left, plot.top() + 2 + row * rowHeight, width, rowHeight - 1);
        QColor background = m_palette.color(QPalette::Base);
        background.setAlpha(210);
        painter->fillRect(box, background);
        painter->setPen(color);
        painter->drawText(box, Qt::AlignCenter, label);
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
