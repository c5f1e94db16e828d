#include "httprequesthead.h"

static bool equalsIgnoreCase(QByteArrayView a, QByteArrayView b)
{
    return a.compare(b, Qt::CaseInsensitive) == 0;
}

QByteArray HttpRequestHead::header(QByteArrayView name) const
{
    for (const auto &field : headers) {
        if (equalsIgnoreCase(field.first, name))
            return field.second;
    }
    return {};
}

bool HttpRequestHead::hasHeader(QByteArrayView name) const
{
    for (const auto &field : headers) {
        if (equalsIgnoreCase(field.first, name))
            return true;
    }
    return false;
}

bool HttpRequestHead::headerHasToken(QByteArrayView name, QByteArrayView token) const
{
    for (const auto &field : headers) {
        if (!equalsIgnoreCase(field.first, name))
            continue;
        for (const QByteArray &part : field.second.split(',')) {
            if (equalsIgnoreCase(part.trimmed(), token))
                return true;
        }
    }
    return false;
}

bool HttpRequestHead::isWebSocketUpgrade() const
{
    // RFC 6455 4.1: GET with "Upgrade: websocket" and "Connection: Upgrade".
    return method == "GET" && headerHasToken("Upgrade", "websocket")
        && headerHasToken("Connection", "upgrade");
}

bool HttpRequestHead::wantsKeepAlive() const
{
    if (headerHasToken("Connection", "close"))
        return false;
    if (versionMinor == 0)
        return headerHasToken("Connection", "keep-alive");
    return true;
}

qint64 HttpRequestHead::contentLength() const
{
    if (!hasHeader("Content-Length"))
        return -1;
    bool ok = false;
    const qint64 length = header("Content-Length").toLongLong(&ok);
    return ok ? length : -1;
}
