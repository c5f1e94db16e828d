#include "sim/httpsimclient.h"

#include "sim/clientpool.h"

#include <utility>

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
            [this](int status, const HttpResponseHead &head) {
                m_reason = head.reason;
                onResponseHead(status);
            });
    connect(m_connection, &HttpClientConnection::bodyData, this, [this](const QByteArray &bytes) { onBodyData(bytes); });
    connect(m_connection, &HttpClientConnection::responseComplete, this,
            [this](int, const QByteArray &body) { onResponseComplete(body); });
    connect(m_connection, &HttpClientConnection::disconnected, this, [this] {
        onDisconnected(QStringLiteral("connection closed by the server"));
    });
    connect(m_connection, &HttpClientConnection::failed, this, [this](const QString &why) {
        onDisconnected(m_connection && !m_connection->failureOutcome().isEmpty() ? m_connection->failureOutcome() : why);
    });
    const SimTarget &target = pool().target();
    m_connection->connectToHost(url(), target.acceptSelfSignedCertificates, sourceAddress());
}

void HttpSimClient::sendRequest(const QByteArray &method, const QUrl &url, HttpClientConnection::Headers headers,
                                const QByteArray &body, HttpClientConnection::Body delivery)
{
    if (!m_connection)
        return;
    headers += requestHeaders();
    // A group's `url` goes out as rendered (requestTarget()); other URLs in QUrl's encoding.
    const QByteArray target = requestTarget();
    m_connection->sendRequest(method, target.isEmpty() ? url.toEncoded(QUrl::RemoveScheme | QUrl::RemoveAuthority) : target,
                              headers, body, delivery);
    if (!body.isEmpty())
        bytesSent(body.size());
}

QByteArray HttpSimClient::reason() const
{
    return m_reason;
}

void HttpSimClient::failSession(const QString &why, const QString &outcome)
{
    errorReceived();
    onTransportEnding();
    discardTransport(m_connection);
    transportFailed(why, outcome);
}

void HttpSimClient::onDisconnected(const QString &outcome)
{
    onTransportEnding();
    discardTransport(m_connection);
    transportClosed(CloseKind::Unexpected, outcome);
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

void HttpSimClient::leaveTransport()
{
    if (!m_connection)
        return;
    // Like a browser closing the page: the requests already written are finished sending and the
    // connection ends with a FIN. Nothing more reaches this client; the connection frees itself.
    HttpClientConnection *connection = std::exchange(m_connection, nullptr);
    connection->disconnect(this);
    connect(connection, &HttpClientConnection::disconnected, connection, &QObject::deleteLater);
    connect(connection, &HttpClientConnection::failed, connection, &QObject::deleteLater);
    connection->close();
}
