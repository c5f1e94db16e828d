#pragma once

#include "protocol/wsframereader.h"
#include "sim/clientsocket.h"
#include "sim/httpresponsereader.h"
#include "sim/splitmix64.h"

#include <QByteArray>
#include <QList>
#include <QObject>
#include <QPair>
#include <QString>
#include <QStringList>
#include <QUrl>

#include <chrono>
#include <memory>

class QAbstractSocket;
class TimerQueue;

// One WebSocket client connection (RFC 6455) for the simulated WebSocket users, lean enough for
// tens of thousands per process: a QTcpSocket (ws://) or QSslSocket (wss://) from ClientSocket
// (so it can leave from a chosen source address), the opening handshake written and checked here
// (read with HttpResponseReader, which is freed once the session is open), frames parsed by
// WsFrameReader, masked client frames from WsFrame, and no timer of its own: the close
// handshake's grace period runs on the owner's TimerQueue (a single-shot QTimer without one).
// Created in, and used from, the thread of the client that owns it.
//
// Every open() ends in exactly one of: failed() (the session never opened: connect, TLS, refused
// or invalid handshake) or, after opened(), closed() with the close code. abort() ends it with
// neither.
class WsClientConnection : public QObject
{
    Q_OBJECT
public:
    using Headers = QList<QPair<QByteArray, QByteArray>>;

    struct Options
    {
        Headers headers;                    // added to the opening handshake (Authorization, ...)
        // RFC 6455 4.1: offered in Sec-WebSocket-Protocol; the server may pick one of them.
        // A Sec-WebSocket-Protocol header in `headers` offers its names too.
        QStringList subprotocols;
        // The request target (path and query) to send as it is, instead of the URL's own
        // encoding of them: a user's URL goes out byte for byte.
        QByteArray requestTarget;
        bool acceptSelfSigned = false;      // wss: ignore certificate errors ("insecure")
        QHostAddress sourceAddress;         // bind to this address before connecting (ws:// only)
        qint64 maxMessageBytes = 64 * 1024 * 1024; // a larger message fails the connection (1009)
        // How long to wait for the peer's half of the close handshake (its Close frame, then the
        // end of the TCP connection, which RFC 6455 7.1.1 leaves to the server) before the
        // connection is dropped.
        std::chrono::milliseconds closeGrace{2000};
        TimerQueue *timers = nullptr;       // runs the close grace; null: a single-shot QTimer
    };

    enum class State { Unconnected, Connecting, Handshaking, Open, Closing };

    // RFC 6455 7.4.1 / 7.1.5 codes this class reports itself.
    static constexpr quint16 closeNormal = 1000;
    static constexpr quint16 closeNoStatus = 1005;
    static constexpr quint16 closeAbnormal = 1006;

    explicit WsClientConnection(QObject *parent = nullptr);
    ~WsClientConnection() override;

    // Connects to a ws:// or wss:// URL and performs the opening handshake. Starts over if a
    // connection was open (without signals for the old one).
    void open(const QUrl &url, const Options &options);
    void open(const QUrl &url);

    // One message in one frame; false (and nothing sent) unless the session is open. The text
    // must be UTF-8: the caller's JSON is, and checking it again would cost every send.
    bool sendText(QByteArrayView utf8);
    bool sendBinary(QByteArrayView bytes);
    bool ping(QByteArrayView payload = {});

    // Starts the closing handshake (RFC 6455 7.1.2): sends a Close frame with `code`, then waits
    // for the peer's Close and the end of the TCP connection, at most the close grace; closed()
    // follows. Before the session opened it is the same as abort() followed by failed().
    void close(quint16 code = closeNormal, const QString &reason = {});
    // Drops the connection at once; no signal follows.
    void abort();
    // close(), then the connection finishes the closing handshake on its own: no signal reaches
    // anyone any more, and the object deletes itself when the handshake (or its grace) is over.
    // For a client that leaves but wants what it sent to arrive before the close (RFC 6455 7.1.2).
    void closeDetached(quint16 code, const QString &reason);

    State state() const { return m_state; }
    bool isOpen() const { return m_state == State::Open; }
    // The code of the Close frame that started the closing handshake (the peer's, or ours),
    // the code we failed the connection with, or 1006 when it ended without a Close frame.
    quint16 closeCode() const { return m_closeCode; }
    QString closeReason() const { return m_closeReason; }
    // The subprotocol the server chose from those offered; empty when none was.
    QString subprotocol() const { return m_subprotocol; }
    // After failed(): what happened, in TransportOutcome's words ("connection refused",
    // "HTTP 401 Unauthorized", "subprotocol not offered" ...), for counting by value.
    QString failureOutcome() const { return m_failureOutcome; }
    // After failed() on a refused handshake (any status but 101): the status and reason, and as
    // much of the response's body as arrived with its head (at most 4 KiB; not waited for), for a
    // protocol whose servers say there why they refused ("Transport unknown"). Status 0 otherwise.
    struct Refusal
    {
        int status = 0;
        QByteArray reason;
        QByteArray body;
    };
    const Refusal &refusal() const { return m_refusal; }
    // Bytes written and read over this object's lifetime (before TLS): handshake and frames.
    quint64 bytesSent() const { return m_bytesSent; }
    quint64 bytesReceived() const { return m_bytesReceived; }
    QAbstractSocket *socket() const { return m_socket; }

Q_SIGNALS:
    // The opening handshake as it went over the wire, for a client that shows it (the manual
    // client); the simulator connects neither. The response head comes for every response,
    // also a refusal (failed() follows then).
    void handshakeRequestSent(const QByteArray &requestHead);
    void handshakeResponseReceived(const HttpResponseHead &head);
    void opened();
    void textMessageReceived(const QByteArray &utf8);
    void binaryMessageReceived(const QByteArray &bytes);
    void pongReceived(const QByteArray &payload);
    // The peer's Ping (already answered with a Pong) and the peer's Close frame as received
    // (closed() reports the code that started the closing handshake, which may be ours).
    void pingReceived(const QByteArray &payload);
    void closeFrameReceived(quint16 code, const QString &reason);
    void closed(quint16 code, const QString &reason);
    void failed(const QString &error);

private:
    struct Handshake;

    void onReady();
    void onReadyRead();
    void onDisconnected();
    void onConnectionEnded();
    void onErrorOccurred();
    // Each returns false when this object ended (or was deleted) while handing things on.
    bool readHandshake(QByteArray &&bytes);
    bool readFrames(QByteArray &&bytes);
    QString checkHandshakeResponse() const;
    bool sendFrame(WsFrame::Opcode opcode, QByteArrayView payload);
    void sendClose(quint16 code, const QString &reason);
    void startCloseGrace();
    void onCloseGraceOver(quint32 generation);
    void fail(const QString &error, const QString &outcome = {});
    void finish();
    void dropSocket();
    quint32 nextMaskKey();

    QAbstractSocket *m_socket = nullptr;
    std::unique_ptr<Handshake> m_handshake;   // only while the opening handshake is under way
    WsFrameReader m_reader;
    State m_state = State::Unconnected;
    bool m_closeSent = false;
    bool m_closeReceived = false;
    quint16 m_closeCode = closeAbnormal;
    QString m_closeReason;
    QString m_subprotocol;
    QString m_failureOutcome;
    Refusal m_refusal;
    bool m_closeGraceArmed = false;
    quint32 m_generation = 0;                 // invalidates callbacks meant for an earlier session
    SplitMix64 m_random;                      // mask keys and the handshake key
    quint64 m_bytesSent = 0;
    quint64 m_bytesReceived = 0;
    TimerQueue *m_timers = nullptr;
    std::chrono::milliseconds m_closeGrace{2000};
};
