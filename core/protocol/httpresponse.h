#pragma once

#include <QByteArray>
#include <QList>
#include <QPair>

// Builds an HTTP/1.1 response as bytes: status line, header fields, body. The server sets
// Content-Length on every response except streams (SSE), whose end is the end of the connection.
class HttpResponse
{
public:
    explicit HttpResponse(int status = 200);

    HttpResponse &header(QByteArray name, QByteArray value);
    HttpResponse &body(QByteArray content, QByteArray contentType);
    HttpResponse &keepAlive(bool keep);

    int status() const { return m_status; }
    // A response to HEAD carries the headers (and Content-Length) of the GET, without a body.
    QByteArray toBytes(bool omitBody = false) const;
    // Only the head, for streams: no Content-Length, the body follows as it is produced.
    QByteArray streamHead() const;

    static QByteArray reasonPhrase(int status);
    // A JSON error body: {"error":"...","status":N}.
    static HttpResponse jsonError(int status, const QString &message);

private:
    QByteArray headBytes() const;

    int m_status;
    QList<QPair<QByteArray, QByteArray>> m_headers;
    QByteArray m_body;
    bool m_keepAlive = true;
};
