#pragma once

#include "manual/manualsession.h"
#include "socketio/engineioclient.h"
#include "socketio/engineiohandshake.h"

#include <QElapsedTimer>
#include <QHash>
#include <QJsonArray>
#include <QJsonObject>
#include <QUrl>

#include <memory>
#include <optional>

class SocketIoBinaryAssembler;
class TimerQueue;
struct SocketIoPacket;

// One Socket.IO v4 session for the manual client: an EngineIoClient (long-polling upgraded to
// WebSocket, WebSocket alone or long-polling alone; heartbeat answered) and the Socket.IO layer
// on top (Socket.IO protocol v5, docs in socketio/socket.io-protocol): CONNECT to a namespace
// with an auth payload, EVENTs out with or without an ack id, EVENTs and ACKs in, the ack's
// round trip measured. Every Engine.IO packet in and out is logged as a frame whose
// messageType is its decoded type (FrameDecoder: "ping", "CONNECT", "EVENT \"chat\"", "ACK 3").
// Owns the TimerQueue the Engine.IO heartbeat runs on.
class SocketIoManualSession : public ManualSession
{
    Q_OBJECT
public:
    using Transport = EngineIoClient::Transport;

    struct Options
    {
        // http(s):// or ws(s)://; its path is the Engine.IO path (endpointFor()).
        QUrl url;
        Transport transport = Transport::PollingUpgrade;
        QString nameSpace = QStringLiteral("/");
        // Sent in the CONNECT packet (socket.handshake.auth on the server); none when unset.
        std::optional<QJsonObject> auth;
        EngineIoClient::Headers headers;
        bool ignoreCertificateErrors = false;
    };

    explicit SocketIoManualSession(QObject *parent = nullptr);
    ~SocketIoManualSession() override;

    // Empty when the URL can be opened (http, https, ws or wss with a host), otherwise why not.
    static QString checkUrl(const QUrl &url);
    // Empty when `nsp` is a namespace ("/" or "/name" without a comma), otherwise why not.
    static QString checkNamespace(const QString &nsp);
    // The Engine.IO endpoint: the URL with socket.io's default path /socket.io/ when it has
    // none (or only "/"), fragment dropped.
    static QUrl endpointFor(const QUrl &url);

    // Starts a session (dropping the current one without signals of its own). False, with an
    // Error frame and errorOccurred(), when the URL or the namespace is invalid.
    bool open(const Options &options);
    bool reconnect() override;
    // DISCONNECT from the namespace, then Engine.IO's close packet.
    void close() override;
    void abort() override;

    // Socket.IO protocol v5, "Sending and receiving data": EVENT [event, ...args], with a fresh
    // ack id when `askForAck` (the ack comes back as ackReceived() with its round trip). False
    // (and an Error frame) when not connected or the event name is empty. `ackId` receives the
    // id asked for.
    bool emitEvent(const QString &event, const QJsonArray &args, bool askForAck, quint64 *ackId = nullptr);

    const Options &options() const { return m_options; }
    // After Engine.IO's open packet: its sid, upgrades and heartbeat timing.
    const EngineIoHandshake &engineHandshake() const;
    // The Socket.IO session id the CONNECT answer carried.
    QString socketId() const { return m_socketId; }
    // "polling" or "websocket": what the packets go over now.
    QString transportName() const;
    // Acks asked for and not answered yet.
    int pendingAcks() const { return int(m_pendingAcks.size()); }

    static QString transportName(Transport transport);

Q_SIGNALS:
    // Engine.IO's open packet arrived (the CONNECT goes out next).
    void engineOpened(const EngineIoHandshake &handshake);
    // The session moved from long-polling to WebSocket (Engine.IO "Upgrade").
    void upgraded();
    // The namespace accepted the CONNECT: its payload ({"sid": ...}).
    void connected(const QJsonObject &data);
    // CONNECT_ERROR: the server's message ("invalid token") and its optional data.
    void connectRefused(const QString &message, const QJsonValue &data);
    void eventReceived(const QString &event, const QJsonArray &args);
    void ackReceived(quint64 id, const QJsonArray &args, double roundTripMs);
    // The session ended after it was connected: why ("server disconnect", "ping timeout" ...).
    void disconnected(const QString &reason);

private:
    void start();
    void onEngineOpened();
    void onPacketSent(const QByteArray &encoded);
    void onPacketReceived(const QByteArray &encoded);
    void onText(const QByteArray &text);
    void onBinary(const QByteArray &bytes);
    void onPacket(const SocketIoPacket &packet);
    void onEngineClosed(const QString &outcome);
    void onEngineFailed(const QString &why);
    void dropEngine();
    QByteArray namespacePrefix() const;
    double roundTripMs(quint64 id) const;

    TimerQueue *m_timers = nullptr;          // a child: the heartbeat's deadline runs on it
    EngineIoClient *m_engine = nullptr;
    std::unique_ptr<SocketIoBinaryAssembler> m_assembler;
    Options m_options;
    bool m_hasOptions = false;
    QString m_socketId;
    quint64 m_nextAckId = 0;
    QHash<quint64, qint64> m_pendingAcks;   // ack id -> m_clock nanoseconds when sent
    QElapsedTimer m_clock;
    int m_binaryAwaited = 0;                 // attachments the log still expects as binary
};
