#include "urltext.h"

#include <QUrl>

namespace {

struct Parts
{
    QString beforeQuery; // scheme, authority, path
    QString query;       // without "?"; null when there is none
};

Parts split(const QString &url)
{
    const qsizetype hash = url.indexOf(u'#');
    const QString withoutFragment = hash < 0 ? url : url.left(hash);
    const qsizetype mark = withoutFragment.indexOf(u'?');
    if (mark < 0)
        return {withoutFragment, QString()};
    return {withoutFragment.left(mark), withoutFragment.mid(mark + 1)};
}

QString replacedScheme(const QString &url, QStringView from, QStringView to)
{
    if (url.startsWith(from, Qt::CaseInsensitive))
        return to.toString() + url.mid(from.size());
    return url;
}

} // namespace

QString UrlText::path(const QString &url)
{
    const QString before = split(url).beforeQuery;
    const qsizetype scheme = before.indexOf(u"://");
    const qsizetype slash = before.indexOf(u'/', scheme < 0 ? 0 : scheme + 3);
    return slash < 0 ? QStringLiteral("/") : before.mid(slash);
}

QString UrlText::queryValue(const QString &url, QStringView name)
{
    const QString query = split(url).query;
    for (QStringView item : QStringView(query).split(u'&')) {
        const qsizetype equals = item.indexOf(u'=');
        const QStringView key = equals < 0 ? item : item.left(equals);
        if (key == name)
            return equals < 0 ? QStringLiteral("") : QUrl::fromPercentEncoding(item.mid(equals + 1).toUtf8());
    }
    return {};
}

QString UrlText::withoutQueryItems(const QString &url, const QStringList &names)
{
    const Parts parts = split(url);
    if (parts.query.isNull())
        return parts.beforeQuery;
    QStringList kept;
    for (const QString &item : parts.query.split(u'&')) {
        const qsizetype equals = item.indexOf(u'=');
        if (!names.contains(equals < 0 ? item : item.left(equals)))
            kept.append(item);
    }
    return kept.isEmpty() ? parts.beforeQuery : parts.beforeQuery + u'?' + kept.join(u'&');
}

QString UrlText::endpoint(const QString &url)
{
    QString before = split(url).beforeQuery;
    const qsizetype scheme = before.indexOf(u"://");
    if (scheme >= 0)
        before = before.mid(scheme + 3);
    const qsizetype slash = before.indexOf(u'/');
    const QString authority = (slash < 0 ? before : before.left(slash)).toLower();
    const QString path = slash < 0 ? QStringLiteral("/") : before.mid(slash);
    return authority + path;
}

QString UrlText::withHttpScheme(const QString &url)
{
    if (url.startsWith(u"wss://", Qt::CaseInsensitive))
        return replacedScheme(url, u"wss://", u"https://");
    return replacedScheme(url, u"ws://", u"http://");
}

QString UrlText::withWebSocketScheme(const QString &url)
{
    if (url.startsWith(u"https://", Qt::CaseInsensitive))
        return replacedScheme(url, u"https://", u"wss://");
    return replacedScheme(url, u"http://", u"ws://");
}

QString UrlText::withoutPlaceholderBraces(const QString &url)
{
    if (!url.contains(u"{{"))
        return url;
    QString encoded = url;
    encoded.replace(u'{', QStringLiteral("%7B"));
    encoded.replace(u'}', QStringLiteral("%7D"));
    return encoded;
}
