#pragma once

#include "sim/simclient.h"

class WsClientConnection;

// A simulated WebSocket user: a WsClientConnection to the target's /ws (or the group's path),
// JSON envelopes both ways. Resumes with `?since=` (the server replays atomically before live
// messages); publishes or echoes on the clock. A 1001 Going Away from the server brings it back
// at once, any other end of the session by the group's backoff.
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
    bool sendPayload(const QByteArray &payloadJson) override;

private:
    void onTextMessage(const QByteArray &json);
    void onClosed(quint16 code);

    WsClientConnection *m_connection = nullptr;
    bool m_closingByClient = false;
};
