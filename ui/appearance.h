#pragma once

#include <QString>
#include <QStringList>

// The window's colour theme (Settings > Theme, saved as "ui/theme"): "system" keeps the
// platform's palette, "light" and "dark" set Fusion palettes so that a presenter can pick what
// reads on a projector. Charts follow the palette (they re-theme on QEvent::PaletteChange).
namespace Appearance {

QString settingsKey();
QStringList availableThemes(); // "system", "light", "dark"
// Applies `theme` to the running application; unknown names mean "system".
void apply(const QString &theme);

} // namespace Appearance
