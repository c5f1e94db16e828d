#pragma once

#include <QString>

// The manual client's widgets carry an object name (for tests and style sheets) and an
// accessible name (for screen readers) from the moment they are made.
template<typename W>
W *named(W *widget, const char *objectName, const QString &accessibleName)
{
    widget->setObjectName(QLatin1String(objectName));
    widget->setAccessibleName(accessibleName);
    return widget;
}
