#pragma once

#include "socketio/engineiohandshake.h"
#include "socketio/engineiopacket.h"

#include <QByteArray>
#include <QHostAddress>
#include <QList>
#include <QObject>
#include <QPair>
#include <QUrl>

class HttpClientConnection;
class TimerQueue;
class WsClientConnection;

// One Engine.IO v4 client session (https://socket.io/docs/v4/engine-io-protocol/), the transport
// under Socket.IO, connecting as the official client does: the handshake over HTTP long-polling
// and the upgrade to WebSocket (section "Upgrade"), or WebSocket or long-polling alone. It answers
// the server's heartbeat (section "Heartbeat": the server pings every pingInterval, the client
// pongs, and a client that hears no ping for pingInterval + pingTimeout considers the connection
// closed) and hands message packets on; Socket.IO lives one layer up (SocketIoSimClient).
//
// Long-polling uses two HTTP connections, as browsers do: one for the pending GET that carries
// the server's packets and one for the POSTs that carry ours, so a send never waits behind a poll.
// Created in, and used from, the thread of the client that owns it; its timers run on that
// client's TimerQueue.
//
// Every open() ends in exactly one of: failed() (no session: refused, a bad handshake) or, after
// opened(), closed(). close() and abort() end it with neither.
class EngineIoClient : public QObject
{
    Q_OBJECT
public:
    using Headers = QList<QPair<QByteArray, QByteArray>>;
    enum class Transport { PollingUpgrade, WebSocket, Polling };

    struct Options
    {
        // The endpoint as rendered, byte for byte: http(s):// or ws(s)://, the authority, the
        // Engine.IO path and the user's query. EIO, transport, sid and t are added to the query.
        QByteArray url;
        Headers headers;
        Transport transport = Transport::PollingUpgrade;
        bool acceptSelfSigned = false;
        QHostAddress sourceAddress;
        TimerQueue *timers = nullptr;       // required: the heartbeat's deadline runs on it
    };

    explicit EngineIoClient(QObject *parent = nullptr);
    ~EngineIoClient() override;

    void open(const Options &options);
    // One message packet: text (a Socket.IO packet) or binary (an attachment). False when the
    // session is not open. On long-polling, packets sent together go in one POST.
    bool sendText(QByteArrayView text);
    bool sendBinary(QByteArrayView bytes);
    // Sends the close packet (section "Packet types": close) and ends the session; no signal follows.
    void close();
    // Drops everything at once; no signal follows.
    void abort();

    bool isOpen() const { return m_state == State::Open; }
    // Whether the session runs on WebSocket now (from the start, or after the upgrade).
    bool onWebSocket() const { return m_webSocketActive; }
    const EngineIoHandshake &handshake() const { return m_handshake; }
    quint64 bytesSent() const;
    quint64 bytesReceived() const;

Q_SIGNALS:
    void opened();
    // The data of a message packet: text, or a binary message's bytes.
    void textReceived(const QByteArray &text);
    void binaryReceived(const QByteArray &bytes);
    // Every packet as it went over the wire, for the inspector (the encoded text form).
    void packetSent(const QByteArray &encoded);
    void packetReceived(const QByteArray &encoded);
    // After opened(): the session ended. `outcome` in TransportOutcome's words ("ping timeout",
    // "close 1001", "HTTP 400 Session ID unknown", "server close").
    void closed(const QString &outcome);
    void failed(const QString &why, const QString &outcome);

private:
    enum class State { Idle, Handshaking, Open, Ended };

    QByteArray requestTarget(const char *transport) const;
    void startPolling();
    void poll();
    void onPollResponse(int status, const QByteArray &body);
    void flushPolling();
    void onPostResponse(int status, const QByteArray &body);
    void openWebSocket(bool upgrade);
    void onWebSocketText(const QByteArray &text);
    void finishUpgrade();
    HttpClientConnection *pollConnection();
    HttpClientConnection *sendConnection();
    void post(const QByteArray &body);
    void dropConnection(HttpClientConnection *&connection);
    void settleDuringUpgrade(HttpClientConnection *&connection, bool &pending);
    void abandonUpgrade();
    void dropWebSocket();
    void dropPolling();
    bool handlePacket(const EngineIoPacket &packet);
    bool handleOpenPacket(const EngineIoPacket &packet);
    void sendPacket(const EngineIoPacket &packet);
    void armHeartbeat();
    void end(const QString &outcome);
    void fail(const QString &why, const QString &outcome);
    // An HTTP answer that is not 200: "HTTP 400 Session ID unknown" from Engine.IO's error body
    // {"code":1,"message":"Session ID unknown"}, else the status line's reason.
    static QString httpOutcome(int status, const QByteArray &reason, const QByteArray &body);

    Options m_options;
    State m_state = State::Idle;
    EngineIoHandshake m_handshake;
    QUrl m_httpBase;
    QUrl m_webSocketUrl;
    QByteArray m_pathAndQuery;              // the endpoint's path and the user's query, as written
    HttpClientConnection *m_pollConnection = nullptr;
    HttpClientConnection *m_sendConnection = nullptr;
    WsClientConnection *m_webSocket = nullptr;
    bool m_webSocketActive = false;         // packets go over m_webSocket
    bool m_probing = false;                 // the upgrade's probe was answered; polling pauses
    bool m_pollPending = false;
    bool m_postPending = false;
    // The POST in flight, to send again if the reused connection it went on was closed unread.
    struct PostRetry
    {
        bool reused = false;
        quint64 receivedBefore = 0;
        QByteArray body;
    };
    PostRetry m_postRetry;
    QList<EngineIoPacket> m_outgoing;       // long-polling: waiting for the next POST
    quint64 m_requests = 0;                 // the t= cache buster
    quint64 m_heartbeat = 0;                // counts pings: a deadline armed before the last one is stale
    quint64 m_closedBytesSent = 0;          // of connections already dropped
    quint64 m_closedBytesReceived = 0;
};
