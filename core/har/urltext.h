#pragma once

#include <QString>
#include <QStringList>
#include <QStringView>

// A recorded URL taken apart as text, not through QUrl: the scenario keeps the URL byte for byte
// as the browser sent it (docs/scenarios.md "url"), and QUrl would re-encode it.
class UrlText
{
public:
    // The path ("/socket.io/"), "/" when there is none.
    static QString path(const QString &url);
    // The first value of the query item `name` (percent-decoded), or a null string.
    static QString queryValue(const QString &url, QStringView name);
    // The URL without the query items of these names (case-sensitive, as servers read them);
    // the "?" goes too when nothing is left.
    static QString withoutQueryItems(const QString &url, const QStringList &names);
    // Authority (lower case) and path without scheme or query: "chat.example.com/socket.io/",
    // to tell whether two requests went to the same endpoint over ws: and http:.
    static QString endpoint(const QString &url);
    // The URL with an http(s) scheme for a ws(s) one (`secure` kept), or a ws(s) scheme for an
    // http(s) one; other URLs as they are.
    static QString withHttpScheme(const QString &url);
    static QString withWebSocketScheme(const QString &url);
    // The URL with its braces percent-encoded when it holds "{{", which a scenario's url would
    // read as a placeholder (RFC 3986 does not allow them unencoded anyway).
    static QString withoutPlaceholderBraces(const QString &url);
};
