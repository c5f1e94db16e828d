#pragma once

#include "sim/simclient.h"

class WsClientConnection;
struct GraphQlWsMessage;

// A simulated GraphQL-over-WebSocket user (docs/scenarios.md, "GraphQL over WebSocket"): the
// GraphQL over WebSocket Protocol of graphql-ws (PROTOCOL.md, subprotocol graphql-transport-ws).
// connection_init with the group's payload, connection_ack within connectionAckTimeout, then the
// group's subscriptions; the session counts as open after them (and the onOpen steps). Each
// subscription's `next` is a delivery for the receive rules ($event: the operation's name); the
// steady sends are one-shot operations (queries, mutations) whose first result is their answer,
// measured as a round trip. Pings are answered; with keepAlive the client pings too.
class GraphQlWsSimClient : public SimClient
{
    Q_OBJECT
public:
    GraphQlWsSimClient(ClientPool &pool, int groupIndex, int clientIndex, quint64 seed);
    ~GraphQlWsSimClient() override;

protected:
    void openTransport() override;
    void closeTransport() override;
    void abortTransport() override;
    void leaveTransport() override;
    bool sendRendered(const QByteArray &bytes, MessageTemplate::Kind kind) override;
    QString sendExpectingAnswer(const QByteArray &bytes, MessageTemplate::Kind kind) override;
    QString negotiatedSubprotocol() const override;

private:
    void onOpened();
    void onText(const QByteArray &text);
    void onAcknowledged();
    void onMessage(const GraphQlWsMessage &message, qsizetype bytes);
    void onClosed(quint16 code, const QString &reason);
    bool sendFrame(const QByteArray &frame);
    void scheduleKeepAlive();

    WsClientConnection *m_connection = nullptr;
    bool m_closingByClient = false;
    bool m_acknowledged = false;
    quint64 m_connectionSerial = 0;   // invalidates timers of an earlier connection
    quint64 m_nextOperation = 0;
};
