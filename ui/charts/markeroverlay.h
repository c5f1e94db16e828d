#pragma once

#include "session/timelinemarker.h"

#include <QGraphicsItem>
#include <QList>
#include <QPalette>

#include <optional>

class QChart;

// Draws a chart's timeline markers (fault steps, phase changes) as vertical lines with their
// labels across the plot area, plus the hover cursor. One item for all markers, painted from
// the chart's current plot area and time range, so a resize or a new window needs no item
// bookkeeping; being part of the scene it is in exported PNG and SVG files too.
class MarkerOverlay : public QGraphicsItem
{
public:
    explicit MarkerOverlay(QChart *chart);

    // The time axis range, in the axis' unit, and how many nanoseconds one unit is.
    void setRange(double minX, double maxX, qint64 unitNs);
    void setMarkers(const QList<TimelineMarker> &markers);
    void setPalette(const QPalette &palette);
    // The hover cursor, in axis units; nullopt hides it.
    void setCursor(std::optional<double> x);

    // Markers inside the current range, oldest first.
    QList<TimelineMarker> visibleMarkers() const;
    double xOf(const TimelineMarker &marker) const;

    QRectF boundingRect() const override;
    void paint(QPainter *painter, const QStyleOptionGraphicsItem *option, QWidget *widget) override;

private:
    double pixelX(double x, const QRectF &plot) const;

    QChart *m_chart;
    QList<TimelineMarker> m_markers;
    QPalette m_palette;
    double m_minX = 0;
    double m_maxX = 1;
    qint64 m_unitNs = 1'000'000'000;
    std::optional<double> m_cursor;
    QRectF m_bounds;
};
