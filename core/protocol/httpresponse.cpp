#include "httpresponse.h"

#include <QJsonDocument>
#include <QJsonObject>

HttpResponse::HttpResponse(int status)
    : m_status(status)
{
}

HttpResponse &HttpResponse::header(QByteArray name, QByteArray value)
{
    m_headers.append({std::move(name), std::move(value)});
    return *this;
}

HttpResponse &HttpResponse::body(QByteArray content, QByteArray contentType)
{
    m_body = std::move(content);
    return header("Content-Type", std::move(contentType));
}

HttpResponse &HttpResponse::keepAlive(bool keep)
{
    m_keepAlive = keep;
    return *this;
}

QByteArray HttpResponse::reasonPhrase(int status)
{
    switch (status) {
    case 101: return "Switching Protocols";
    case 200: return "OK";
    case 204: return "No Content";
    case 400: return "Bad Request";
    case 401: return "Unauthorized";
    case 403: return "Forbidden";
    case 404: return "Not Found";
    case 405: return "Method Not Allowed";
    case 408: return "Request Timeout";
    case 413: return "Content Too Large";
    case 415: return "Unsupported Media Type";
    case 426: return "Upgrade Required";
    case 429: return "Too Many Requests";
    case 431: return "Request Header Fields Too Large";
    case 500: return "Internal Server Error";
    case 501: return "Not Implemented";
    case 503: return "Service Unavailable";
    case 505: return "HTTP Version Not Supported";
    default: return "Unknown";
    }
}

QByteArray HttpResponse::headBytes() const
{
    QByteArray out;
    out.reserve(256);
    out += "HTTP/1.1 " + QByteArray::number(m_status) + ' ' + reasonPhrase(m_status) + "\r\n";
    out += "Server: SocketScope\r\n";
    for (const auto &field : m_headers)
        out += field.first + ": " + field.second + "\r\n";
    out += m_keepAlive ? "Connection: keep-alive\r\n" : "Connection: close\r\n";
    return out;
}

QByteArray HttpResponse::toBytes(bool omitBody) const
{
    QByteArray out = headBytes();
    out += "Content-Length: " + QByteArray::number(m_body.size()) + "\r\n\r\n";
    if (!omitBody)
        out += m_body;
    return out;
}

QByteArray HttpResponse::streamHead() const
{
    return headBytes() + "\r\n";
}

HttpResponse HttpResponse::jsonError(int status, const QString &message)
{
    const QJsonObject object{{QLatin1String("error"), message}, {QLatin1String("status"), status}};
    HttpResponse response(status);
    response.body(QJsonDocument(object).toJson(QJsonDocument::Compact) + '\n', "application/json");
    return response;
}
