#include "httpclientconnection.h"

#include "sim/clientsocket.h"
#include "sim/transportoutcome.h"

#include <QAbstractSocket>
#include <QVariant>

namespace {

bool hasHeader(const HttpClientConnection::Headers &headers, QByteArrayView name)
{
    for (const auto &h : headers) {
        if (QByteArrayView(h.first).compare(name, Qt::CaseInsensitive) == 0)
            return true;
    }
    return false;
}

// A CR or LF in a header would end the field early and let the rest be read as another field
// (request splitting); scenario files are not trusted to be careful.
QByteArray oneLine(QByteArray text)
{
    text.replace('\r', ' ');
    text.replace('\n', ' ');
    return text;
}

} // namespace

HttpClientConnection::HttpClientConnection(QObject *parent)
    : QObject(parent)
{
}

HttpClientConnection::~HttpClientConnection()
{
    dropSocket();
}

void HttpClientConnection::connectToHost(const QUrl &base, bool acceptSelfSigned, const QHostAddress &sourceAddress)
{
    dropSocket();
    m_reader = HttpResponseReader();
    m_pending.clear();
    m_unsent.clear();
    m_body.clear();
    m_connected = false;
    m_closing = false;
    m_ended = false;

    m_hostHeader = hostHeaderFor(base);
    QString error;
    QAbstractSocket *socket = ClientSocket::create(
        base, {acceptSelfSigned, sourceAddress}, this,
        {[this] { onConnected(); }, [this](const QString &tlsError) { fail(tlsError, QStringLiteral("TLS error")); }}, &error);
    if (!socket) {
        // Reported from the event loop, like every other failure, so the caller's connects are
        // in place and it is not re-entered from its own call.
        QMetaObject::invokeMethod(this, [this, error] { fail(error); }, Qt::QueuedConnection);
        return;
    }
    connect(socket, &QIODevice::readyRead, this, &HttpClientConnection::onReadyRead);
    connect(socket, &QAbstractSocket::disconnected, this, &HttpClientConnection::onDisconnected);
    connect(socket, &QAbstractSocket::errorOccurred, this, &HttpClientConnection::onErrorOccurred);
    m_socket = socket;
    ClientSocket::connectToHost(socket, base);
}

QByteArray HttpClientConnection::hostHeaderFor(const QUrl &url)
{
    return url.adjusted(QUrl::RemoveUserInfo).authority(QUrl::FullyEncoded).toLatin1();
}

QByteArray HttpClientConnection::formatRequest(const QByteArray &method, const QByteArray &pathAndQuery, const QByteArray &hostHeader,
                                               const Headers &headers, const QByteArray &body)
{
    // RFC 9112 3: request-line = method SP request-target SP HTTP-version
    QByteArray request;
    request.reserve(128 + pathAndQuery.size() + body.size());
    request += oneLine(method) + ' ' + (pathAndQuery.isEmpty() ? QByteArray("/") : oneLine(pathAndQuery)) + " HTTP/1.1\r\n";
    if (!hasHeader(headers, "Host"))
        request += "Host: " + hostHeader + "\r\n";
    for (const auto &h : headers)
        request += oneLine(h.first) + ": " + oneLine(h.second) + "\r\n";
    // RFC 9110 8.6: a user agent should send Content-Length with a body, and for POST/PUT
    // without one ("0"), so the server need not wait for a body that never comes.
    const bool bodyMethod = method == "POST" || method == "PUT" || method == "PATCH";
    if ((bodyMethod || !body.isEmpty()) && !hasHeader(headers, "Content-Length"))
        request += "Content-Length: " + QByteArray::number(body.size()) + "\r\n";
    request += "\r\n";
    request += body;
    return request;
}

void HttpClientConnection::sendRequest(const QByteArray &method, const QByteArray &pathAndQuery,
                                       const Headers &headers, const QByteArray &body, Body delivery)
{
    const QByteArray request = formatRequest(method, pathAndQuery, m_hostHeader, headers, body);
    m_pending.push_back({method, delivery});
    m_reader.expectResponseTo(method);
    if (m_connected)
        writeQueued(request);
    else
        m_unsent += request;
}

void HttpClientConnection::close()
{
    if (!m_socket || m_ended)
        return;
    m_closing = true;
    if (m_connected) {
        // Writes what is queued, then closes; disconnected() follows (possibly from here).
        m_socket->disconnectFromHost();
        return;
    }
    dropSocket();
    m_ended = true;
    Q_EMIT disconnected();
}

void HttpClientConnection::abort()
{
    dropSocket();
    m_ended = true;
    m_connected = false;
    m_pending.clear();
    m_unsent.clear();
}

void HttpClientConnection::onConnected()
{
    m_connected = true;
    // Requests are small and latency is what is measured: no Nagle delay.
    m_socket->setSocketOption(QAbstractSocket::LowDelayOption, 1);
    if (!m_unsent.isEmpty())
        writeQueued(std::exchange(m_unsent, {}));
    Q_EMIT connected();
}

void HttpClientConnection::writeQueued(const QByteArray &bytes)
{
    ClientSocket::write(m_socket, bytes);
    m_bytesSent += quint64(bytes.size());
}

void HttpClientConnection::onReadyRead()
{
    if (m_ended || !m_socket)
        return;
    const QByteArray data = m_socket->readAll();
    if (data.isEmpty())
        return;
    m_bytesReceived += quint64(data.size());
    m_reader.feed(data);
    processResponses();
}

bool HttpClientConnection::processResponses()
{
    const QPointer<HttpClientConnection> self(this);
    auto alive = [&] { return self && !m_ended; };
    for (;;) {
        switch (m_reader.readNext()) {
        case HttpResponseReader::Token::NeedMore:
            return true;
        case HttpResponseReader::Token::Error:
            fail(tr("invalid response: %1").arg(m_reader.errorString()), QStringLiteral("invalid HTTP response"));
            return false;
        case HttpResponseReader::Token::Head:
            if (m_pending.empty()) {
                fail(tr("response %1 without a request").arg(m_reader.head().status));
                return false;
            }
            m_status = m_reader.head().status;
            m_body.clear();
            Q_EMIT responseHead(m_status, m_reader.head());
            if (!alive())
                return false;
            break;
        case HttpResponseReader::Token::Body:
            if (m_pending.front().delivery == Body::Streamed) {
                Q_EMIT bodyData(m_reader.body());
                if (!alive())
                    return false;
            } else {
                m_body += m_reader.body();
                if (m_body.size() > m_maxBufferedBody) {
                    fail(tr("response body exceeds %1 bytes").arg(m_maxBufferedBody));
                    return false;
                }
            }
            break;
        case HttpResponseReader::Token::Complete: {
            m_pending.pop_front();
            const QByteArray body = std::exchange(m_body, {});
            const bool keepAlive = m_reader.isKeepAlive();
            Q_EMIT responseComplete(m_status, body);
            if (!alive())
                return false;
            // RFC 9112 9.6: after a response with "close" no further response comes on this
            // connection; close our side too.
            if (!keepAlive && m_socket && m_connected)
                m_socket->disconnectFromHost();
            if (!alive())
                return false;
            break;
        }
        }
    }
}

void HttpClientConnection::onDisconnected()
{
    if (m_ended)
        return;
    m_connected = false;
    // Bytes that arrived with the close may not have been announced by readyRead yet.
    if (m_socket && m_socket->bytesAvailable() > 0) {
        const QByteArray data = m_socket->readAll();
        m_bytesReceived += quint64(data.size());
        m_reader.feed(data);
    }
    m_reader.finish();
    if (!processResponses())
        return;
    if (!m_pending.empty() && !m_closing) {
        fail(tr("connection closed with %n response(s) outstanding", nullptr, int(m_pending.size())),
             QStringLiteral("closed with a response outstanding"));
        return;
    }
    m_ended = true;
    m_pending.clear();
    if (m_socket) {
        m_socket->disconnect(this);
        m_socket->deleteLater();
        m_socket = nullptr;
    }
    Q_EMIT disconnected();
}

void HttpClientConnection::onErrorOccurred()
{
    if (m_ended || !m_socket)
        return;
    // The peer closing is reported here first; onDisconnected() follows and decides whether
    // that was an orderly end.
    if (m_socket->error() == QAbstractSocket::RemoteHostClosedError)
        return;
    fail(m_socket->errorString(), TransportOutcome::forSocketError(m_socket->error()));
}

void HttpClientConnection::fail(const QString &error, const QString &outcome)
{
    if (m_ended)
        return;
    m_failureOutcome = outcome.isEmpty() ? error : outcome;
    m_ended = true;
    m_connected = false;
    dropSocket();
    m_pending.clear();
    m_unsent.clear();
    Q_EMIT failed(error);
}

void HttpClientConnection::dropSocket()
{
    QAbstractSocket *socket = m_socket;
    m_socket = nullptr;
    ClientSocket::discard(socket, this);
}
