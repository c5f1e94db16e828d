#pragma once

#include <QByteArray>
#include <QList>
#include <QPair>
#include <QUrlQuery>

// One parsed HTTP/1.x request head (request line + header fields), RFC 9112.
// Produced by HttpHeadParser; consumed by the server's router and by the WebSocket hand-off.
struct HttpRequestHead
{
    QByteArray method;
    QByteArray target;   // as sent: origin-form "/path?query"
    QString path;        // percent-decoded path of the target
    QUrlQuery query;
    int versionMinor = 1; // HTTP/1.<versionMinor>
    QList<QPair<QByteArray, QByteArray>> headers; // names as sent, values trimmed of OWS

    // Case-insensitive lookup (RFC 9110 5.1: field names are case-insensitive). First match wins.
    QByteArray header(QByteArrayView name) const;
    bool hasHeader(QByteArrayView name) const;
    // Does a comma-separated header (e.g. Connection, Upgrade) list this token?
    bool headerHasToken(QByteArrayView name, QByteArrayView token) const;

    bool isWebSocketUpgrade() const;
    // RFC 9112 9.3: HTTP/1.1 defaults to persistent, HTTP/1.0 only with "Connection: keep-alive".
    bool wantsKeepAlive() const;
    qint64 contentLength() const; // -1 when absent; the parser has already rejected bad values
};
