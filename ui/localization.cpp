#include "localization.h"

#include <QCoreApplication>
#include <QLibraryInfo>
#include <QLocale>
#include <QTranslator>

QString Localization::settingsKey()
{
    return QStringLiteral("ui/language");
}

QStringList Localization::availableLanguages()
{
    return {QStringLiteral("en"), QStringLiteral("de")};
}

QString Localization::nativeName(const QString &code)
{
    const QLocale locale(code);
    const QString name = locale.nativeLanguageName();
    return name.isEmpty() ? code : name.left(1).toUpper() + name.mid(1);
}

QString Localization::resolve(const QString &choice)
{
    if (availableLanguages().contains(choice))
        return choice;
    // "system", or a stale value from a newer or older build: follow the system if we can.
    for (const QString &name : QLocale::system().uiLanguages()) {
        const QString code = name.left(2).toLower();
        if (availableLanguages().contains(code))
            return code;
    }
    return QStringLiteral("en");
}

QString Localization::install(QCoreApplication &app, const QString &choice)
{
    const QString code = resolve(choice);
    if (code == u"en")
        return code; // the source strings are English
    auto *own = new QTranslator(&app);
    if (own->load(QStringLiteral(":/i18n/socketscope_%1.qm").arg(code)))
        QCoreApplication::installTranslator(own);
    else
        qWarning("SocketScope: no compiled translation for \"%s\"; using English", qPrintable(code));
    // Qt's standard dialogs and buttons (file dialog, OK/Cancel) in the same language.
    auto *qt = new QTranslator(&app);
    if (qt->load(QStringLiteral("qtbase_%1").arg(code), QLibraryInfo::path(QLibraryInfo::TranslationsPath)))
        QCoreApplication::installTranslator(qt);
    return code;
}
