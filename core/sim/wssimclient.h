#pragma once

#include "sim/simclient.h"

class QWebSocket;

// A simulated WebSocket user: QWebSocket to the target's /ws (or the group's path), JSON
// envelopes both ways. Resumes with `?since=` (the server replays atomically before live
// messages); publishes or echoes on the clock.
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
    void onTextMessage(const QString &text);
    void onDisconnected();

    QWebSocket *m_socket = nullptr;
    bool m_closingByClient = false;
};
