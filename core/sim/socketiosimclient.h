#pragma once

#include "sim/simclient.h"

#include <memory>

class EngineIoClient;
class SocketIoBinaryAssembler;
struct SocketIoPacket;

// A simulated Socket.IO v4 user (docs/scenarios.md, "Socket.IO"): an Engine.IO session
// (EngineIoClient: long-polling then the upgrade, or WebSocket, or long-polling alone), then the
// namespace's CONNECT with the group's `auth` (Socket.IO protocol v5, "Connection to a
// namespace"). The session counts as open when the server's CONNECT comes back; a CONNECT_ERROR
// is a failed connect with the server's message. Sends are events (with an ack when asked, whose
// round trip is measured); received events go to the receive rules as
// {"event", "args", "namespace"} with the event's name as $event, binary attachments counted.
class SocketIoSimClient : public SimClient
{
    Q_OBJECT
public:
    SocketIoSimClient(ClientPool &pool, int groupIndex, int clientIndex, quint64 seed);
    ~SocketIoSimClient() override;

protected:
    void openTransport() override;
    void closeTransport() override;
    void abortTransport() override;
    void leaveTransport() override;
    bool sendRendered(const QByteArray &bytes, MessageTemplate::Kind kind) override;
    QString sendExpectingAnswer(const QByteArray &bytes, MessageTemplate::Kind kind) override;

private:
    // The Engine.IO endpoint: the group's url with the Engine.IO path (`path`, else the url's
    // own path unless it is "/", else /socket.io/).
    QByteArray endpoint();
    void onEngineOpened();
    void onText(const QByteArray &text);
    void onBinary(const QByteArray &bytes);
    void onPacket(const SocketIoPacket &packet, qsizetype bytes);
    void onEngineClosed(const QString &outcome);
    bool emitEvent(const QByteArray &eventArray, const QByteArray &ackId);
    void disconnectNamespace();

    EngineIoClient *m_engine = nullptr;
    std::unique_ptr<SocketIoBinaryAssembler> m_assembler; // made at the first binary packet
    QByteArray m_namespacePrefix;   // "/chat," for a namespace other than "/"
    quint64 m_nextAckId = 0;
    bool m_connected = false;       // the namespace's CONNECT came back
};
