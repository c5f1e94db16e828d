#pragma once

#include "sim/simclient.h"

#include "sim/httpclientconnection.h"

// What the HTTP-based simulated clients (SSE, long poll, publish) share: one HttpClientConnection
// per session, the target's and group's headers on every request, and one meaning of a dropped
// connection (a failed connect before the session opened, an unexpected close after).
class HttpSimClient : public SimClient
{
    Q_OBJECT
public:
    using SimClient::SimClient;
    ~HttpSimClient() override;

protected:
    void openTransport() override;
    void closeTransport() override;
    void abortTransport() override;
    void leaveTransport() override;

    // The connection is up: send the first request.
    virtual void onConnected() = 0;
    virtual void onResponseHead(int status) { m_status = status; }
    virtual void onBodyData(const QByteArray &bytes) { Q_UNUSED(bytes); }
    virtual void onResponseComplete(const QByteArray &body) { Q_UNUSED(body); }
    // The connection is about to be dropped (failure, the server closing): a stream in progress ends.
    virtual void onTransportEnding() {}

    void sendRequest(const QByteArray &method, const QUrl &url, HttpClientConnection::Headers headers,
                     const QByteArray &body = {},
                     HttpClientConnection::Body delivery = HttpClientConnection::Body::Buffered);
    // The server refused or broke the session (an HTTP error status): counted, then reconnect.
    void failSession(const QString &why, const QString &outcome = {});
    int status() const { return m_status; }
    // The status line's reason phrase of the current response ("Unauthorized").
    QByteArray reason() const;
    bool hasConnection() const { return m_connection != nullptr; }

private:
    void onDisconnected(const QString &outcome);

    HttpClientConnection *m_connection = nullptr;
    int m_status = 0;
    QByteArray m_reason;
};
