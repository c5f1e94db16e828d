#include "charttheme.h"

#include <QAbstractAxis>
#include <QChart>
#include <QLegend>
#include <QPalette>

#include <array>

bool ChartTheme::isDark(const QPalette &palette)
{
    return palette.color(QPalette::Base).lightness() < 128;
}

QColor ChartTheme::seriesColor(int index, const QPalette &palette)
{
    // Okabe-Ito: blue, orange, bluish green, vermillion, reddish purple, and a neutral grey.
    static const std::array<QColor, 6> light{QColor(0x00, 0x72, 0xb2), QColor(0xe6, 0x9f, 0x00), QColor(0x00, 0x9e, 0x73),
                                             QColor(0xd5, 0x5e, 0x00), QColor(0xcc, 0x79, 0xa7), QColor(0x5f, 0x63, 0x68)};
    static const std::array<QColor, 6> dark{QColor(0x56, 0xb4, 0xe9), QColor(0xf0, 0xb0, 0x30), QColor(0x2f, 0xcf, 0xa0),
                                            QColor(0xff, 0x80, 0x4a), QColor(0xe8, 0x94, 0xc6), QColor(0xb8, 0xbc, 0xc2)};
    const auto &set = isDark(palette) ? dark : light;
    const int n = int(set.size());
    return set[size_t(((index % n) + n) % n)];
}

QColor ChartTheme::markerColor(TimelineMarker::Kind kind, const QPalette &palette)
{
    const bool dark = isDark(palette);
    if (kind == TimelineMarker::Kind::Fault)
        return dark ? QColor(0xff, 0x6b, 0x6b) : QColor(0xc0, 0x1c, 0x28);
    return dark ? QColor(0xa0, 0xa8, 0xff) : QColor(0x4a, 0x4a, 0xa8);
}

QColor ChartTheme::gridColor(const QPalette &palette)
{
    // Halfway between background and text would shout; a fifth of the way reads as a grid.
    const QColor base = palette.color(QPalette::Base);
    const QColor text = palette.color(QPalette::Text);
    const auto mix = [](int a, int b) { return a + (b - a) / 5; };
    return QColor(mix(base.red(), text.red()), mix(base.green(), text.green()), mix(base.blue(), text.blue()));
}

void ChartTheme::apply(QChart *chart, const QPalette &palette)
{
    const QColor base = palette.color(QPalette::Base);
    const QColor text = palette.color(QPalette::Text);
    const QColor grid = gridColor(palette);
    chart->setBackgroundBrush(base);
    chart->setBackgroundPen(Qt::NoPen);
    chart->setPlotAreaBackgroundVisible(false);
    chart->setTitleBrush(text);
    chart->legend()->setLabelColor(text);
    chart->legend()->setBrush(Qt::NoBrush);
    chart->legend()->setPen(Qt::NoPen);
    for (QAbstractAxis *axis : chart->axes()) {
        axis->setLabelsBrush(text);
        axis->setTitleBrush(text);
        axis->setGridLineColor(grid);
        axis->setMinorGridLineColor(grid);
        axis->setLinePenColor(grid.darker(isDark(palette) ? 70 : 130));
        axis->setShadesVisible(false);
    }
}
