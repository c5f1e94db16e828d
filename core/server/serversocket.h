#pragma once

#include <QPointer>
#include <QTcpSocket>

#include <atomic>
#include <vector>

class FaultState;
class QSslConfiguration;
class QSslSocket;

// The server's TCP socket. QWebSocket answers pings inside Qt with no hook to stop it, so the
// "stop answering pings" fault is applied here, where QWebSocket's pong frames are written:
// QtWebSockets 6.4 writes a pong as one 2-byte header write (0x8A, length <= 125) followed by
// one write of the payload.
//
// Writes skip Qt's write buffer while it is empty: they go straight to the kernel (send(2)), and
// only what the kernel does not take is left to Qt. A reply is then on the wire at once instead of
// after the next poll for writability, and an idle connection keeps no 32 KiB write chunk (Qt
// keeps its first chunk for the socket's lifetime). Inside a WriteBatch (a worker's fan-out of a
// batch of messages) writes are collected per socket and sent with one call when it ends.
//
// TLS (https://, wss://): the descriptor goes to an inner QSslSocket that does the handshake and
// the encryption; this socket presents its plaintext to HttpConnection and QWebSocket, the way
// QSslSocket itself presents an inner QTcpSocket. Plain connections stay a bare QTcpSocket: a
// QSslSocket in unencrypted mode costs ~12 KB more per connection (measured with 2,000 idle
// connections). In TLS mode nothing goes to the kernel directly (it would bypass the
// encryption), writes and the pong hook see plaintext, and a batch becomes one TLS record.
class ServerSocket : public QTcpSocket
{
    Q_OBJECT
public:
    // While one exists on a thread, writes to that thread's idle sockets are collected; its
    // destructor sends each socket's collection with one system call. Not nested.
    class WriteBatch
    {
    public:
        WriteBatch();
        ~WriteBatch();
        WriteBatch(const WriteBatch &) = delete;
        WriteBatch &operator=(const WriteBatch &) = delete;
        void add(ServerSocket *socket) { m_sockets.emplace_back(socket); }
        static WriteBatch *current();

    private:
        std::vector<QPointer<ServerSocket>> m_sockets;
    };

    explicit ServerSocket(const FaultState &faults, QObject *parent = nullptr);
    ~ServerSocket() override;

    // Takes an accepted descriptor as a TLS server connection; the handshake starts at once and
    // the socket reads as connected (plaintext arrives after it). A failed handshake closes the
    // socket and counts in `handshakeFailures`.
    bool setEncryptedSocketDescriptor(qintptr descriptor, const QSslConfiguration &configuration,
                                      std::atomic<quint64> *handshakeFailures);
    bool isTls() const { return m_tls != nullptr; }
    // TLS and the handshake has not finished: nothing can be said to the peer yet.
    bool isHandshaking() const;
    // Half-closes once everything is on the wire (Qt's and the TLS layer's buffers are empty):
    // the peer reads what was sent, then EOF.
    void shutdownWriteWhenSent();

    // A lingering close for the close() that follows a WebSocket close frame. QtWebSockets 6.4
    // closes the TCP connection the moment it has written its close frame; if the client's
    // last messages are still arriving, the kernel answers them with a reset that can destroy
    // the unread close frame, and the client sees an abnormal closure instead of 1008/4001/4008.
    // So: send everything, half-close, drain what still comes, close when the peer does (or
    // after a grace). QAbstractSocket::abort() also goes through close(), hence the explicit
    // request and hardAbort().
    void lingerOnNextClose() { m_lingerNext = true; }
    // When the grace runs out, reset instead of closing (a slow consumer's backlog is dropped).
    void setResetAfterLinger(bool reset) { m_resetAfterLinger = reset; }
    void close() override;
    // Closes now, lingering or not (what Qt has buffered is dropped).
    void hardAbort();
    // Sends what a batch collected, then what Qt buffered, as far as the kernel takes it now.
    void sendPending();
    // Qt's buffer plus what a batch collected.
    qint64 bytesToWrite() const override;

    // Closes at once with a TCP reset, discarding what the kernel still holds for the peer
    // (a plain abort() would leave it to drain from an orphaned socket, megabytes for a slow
    // consumer). For peers that are gone, stalled or dropped by a fault.
    void resetConnection();

    // Would `extraBytes` more leave over `limit` bytes unsent? Qt sends what it buffered on the
    // next event-loop pass, so this first tries to send now before judging the peer.
    bool wouldExceedUnsent(qint64 extraBytes, qint64 limit);

    qint64 bytesQueued() const { return m_bytesQueued; }
    quint64 suppressedPongs() const { return m_suppressedPongs; }

    // The QAbstractSocket/QIODevice calls that reach the inner TLS socket; plain sockets go
    // straight to QTcpSocket's.
    qint64 bytesAvailable() const override;
    bool canReadLine() const override;
    void setReadBufferSize(qint64 size) override;
    void setSocketOption(QAbstractSocket::SocketOption option, const QVariant &value) override;
    void disconnectFromHost() override;
    bool waitForReadyRead(int msecs = 30000) override;
    bool waitForBytesWritten(int msecs = 30000) override;

protected:
    qint64 readData(char *data, qint64 maxLength) override;
    qint64 skipData(qint64 maxSize) override;
    qint64 writeData(const char *data, qint64 length) override;

private:
    void shutdownWrite();
    // The kernel's descriptor (the inner socket's with TLS).
    qintptr descriptor() const;
    void onTlsDisconnected();
    void onTlsError(QAbstractSocket::SocketError error);
    // Nothing waits in Qt's buffer and the socket is connected: bytes may go to the kernel.
    bool canSendDirect() const;
    // To the kernel now when it can; the rest (and everything, after an error or behind Qt's
    // buffer) to Qt's buffer.
    qint64 sendNow(const char *data, qint64 length);
    void sendCollected();

    const FaultState &m_faults;
    bool m_lingerNext = false;
    bool m_lingering = false;
    bool m_resetAfterLinger = false;
    qint64 m_swallowBytes = 0;
    qint64 m_bytesQueued = 0;
    quint64 m_suppressedPongs = 0;
    QByteArray m_collected;    // written during a WriteBatch, sent when it ends
    QSslSocket *m_tls = nullptr;
    std::atomic<quint64> *m_handshakeFailures = nullptr;
    bool m_aborting = false;
};
