#pragma once

#include "sim/simclient.h"

class WsClientConnection;

// A simulated WebSocket user: a WsClientConnection to the target's /ws (or the group's path),
// JSON envelopes both ways. Resumes with `?since=` (the server replays atomically before live
// messages); publishes or echoes on the clock. A 1001 Going Away from the server brings it back
// at once, any other end of the session by the group's backoff. With a `url`, templates or
// receive rules (a user's own server) it sends the rendered frames as they are, offers the
// group's subprotocols, and hands every frame to the receive rules.
class WsSimClient : public SimClient
{
    Q_OBJECT
public:
    WsSimClient(ClientPool &pool, int groupIndex, int clientIndex, quint64 seed);
    ~WsSimClient() override;

protected:
    void openTransport() override;
    void closeTransport() override;
    void abortTransport() override;
    void leaveTransport() override;
    bool sendPayload(const QByteArray &payloadJson) override;
    bool sendRendered(const QByteArray &bytes, MessageTemplate::Kind kind) override;
    QString negotiatedSubprotocol() const override;

private:
    void onTextMessage(const QByteArray &json);
    void onBinaryMessage(const QByteArray &bytes);
    void onClosed(quint16 code);

    WsClientConnection *m_connection = nullptr;
    bool m_closingByClient = false;
};
