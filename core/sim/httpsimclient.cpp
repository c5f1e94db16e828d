#include "sim/httpsimclient.h"

#include "sim/clientpool.h"

HttpSimClient::~HttpSimClient()
{
    discardTransport(m_connection);
}

void HttpSimClient::openTransport()
{
    discardTransport(m_connection);
    m_status = 0;
    m_connection = new HttpClientConnection(this);
    connect(m_connection, &HttpClientConnection::connected, this, &HttpSimClient::onConnected);
    connect(m_connection, &HttpClientConnection::responseHead, this,
            [this](int status, const auto &) { onResponseHead(status); });
    connect(m_connection, &HttpClientConnection::bodyData, this, [this](const QByteArray &bytes) { onBodyData(bytes); });
    connect(m_connection, &HttpClientConnection::responseComplete, this,
            [this](int, const QByteArray &body) { onResponseComplete(body); });
    connect(m_connection, &HttpClientConnection::disconnected, this, &HttpSimClient::onDisconnected);
    connect(m_connection, &HttpClientConnection::failed, this, &HttpSimClient::onDisconnected);
    const SimTarget &target = pool().target();
    m_connection->connectToHost(url(), target.acceptSelfSignedCertificates, sourceAddress());
}

void HttpSimClient::sendRequest(const QByteArray &method, const QUrl &url, HttpClientConnection::Headers headers,
                                const QByteArray &body, HttpClientConnection::Body delivery)
{
    if (!m_connection)
        return;
    for (const auto &header : pool().target().headers)
        headers.append(header);
    for (const auto &header : group().headers)
        headers.append(header);
    m_connection->sendRequest(method, url.toEncoded(QUrl::RemoveScheme | QUrl::RemoveAuthority), headers, body, delivery);
    if (!body.isEmpty())
        bytesSent(body.size());
}

void HttpSimClient::failSession(const QString &why)
{
    errorReceived();
    discardTransport(m_connection);
    transportFailed(why);
}

void HttpSimClient::onDisconnected()
{
    discardTransport(m_connection);
    transportClosed(CloseKind::Unexpected);
}

void HttpSimClient::closeTransport()
{
    if (!m_connection)
        return;
    // Like EventSource.close(): the connection is simply dropped, and that is the end.
    discardTransport(m_connection);
    transportClosed(CloseKind::ByClient);
}

void HttpSimClient::abortTransport()
{
    discardTransport(m_connection);
}
