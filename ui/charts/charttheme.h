#pragma once

#include "session/timelinemarker.h"

#include <QColor>

class QChart;
class QPalette;

// The charts' colours, taken from the application palette so that they read in the light and
// the dark theme alike (Appearance sets the palette; charts re-theme on QEvent::PaletteChange).
// Series colours are the Okabe-Ito set, which stays distinguishable for the common kinds of
// colour blindness, with lighter variants on a dark background where the originals are too dim.
namespace ChartTheme {

bool isDark(const QPalette &palette);
// Colour number `index` (0-5, wrapping) of the series set for this palette.
QColor seriesColor(int index, const QPalette &palette);
QColor markerColor(TimelineMarker::Kind kind, const QPalette &palette);
QColor gridColor(const QPalette &palette);
// Background, plot area, title, legend and every attached axis of `chart`.
void apply(QChart *chart, const QPalette &palette);

} // namespace ChartTheme
