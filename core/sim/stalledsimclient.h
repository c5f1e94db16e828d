#pragma once

#include "sim/simclient.h"

#include <QByteArray>

class QAbstractSocket;
class QUrl;

// A slow consumer (a phone on a bad network, a frozen tab): it opens a WebSocket or an SSE
// stream like any other client, reads the response head, and then stops reading, so the server's
// unsent bytes for it pile up until its slow-consumer policy acts. The WebSocket and HTTP clients
// always drain their sockets, so this client speaks the opening handshake itself on a plain
// QTcpSocket whose read buffer is then left full: Qt stops reading from the kernel, the kernel's
// receive window closes, and the server sees exactly what a stalled peer looks like.
class StalledSimClient : public SimClient
{
    Q_OBJECT
public:
    using SimClient::SimClient;
    ~StalledSimClient() override;

protected:
    void openTransport() override;
    void closeTransport() override;
    void abortTransport() override;

private:
    void sendRequest(const QUrl &target);
    void onReadyRead();

    QAbstractSocket *m_socket = nullptr;
    QByteArray m_head;
    bool m_stalled = false;
};
