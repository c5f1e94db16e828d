#pragma once

#include <QString>
#include <QStringList>

class QCoreApplication;

// The window's language (Settings > Language, saved as "ui/language"): "system" follows the
// system locale, else a language code ("en", "de"). Translations are compiled into the binary
// (":/i18n/socketscope_LANG.qm", built from translations/*.ts) together with Qt's own strings
// for standard dialogs (qtbase_LANG.qm from Qt's translations directory, when installed).
namespace Localization {

QString settingsKey();
// Language codes the window ships, "en" first.
QStringList availableLanguages();
// The language's own name ("English", "Deutsch").
QString nativeName(const QString &code);
// The code `choice` resolves to ("system" → the system locale's language if shipped, else "en").
QString resolve(const QString &choice);
// Installs the translators for `choice` into the application; returns the code in effect.
// Call before the first window is created (strings are read once, at construction).
QString install(QCoreApplication &app, const QString &choice);

} // namespace Localization
