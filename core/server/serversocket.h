#pragma once

#include <QTcpSocket>

class FaultState;

// The server's TCP socket. QWebSocket answers pings inside Qt with no hook to stop it, so the
// "stop answering pings" fault is applied here, where QWebSocket's pong frames are written:
// QtWebSockets 6.4 writes a pong as one 2-byte header write (0x8A, length <= 125) followed by
// one write of the payload. Everything else passes through untouched.
class ServerSocket : public QTcpSocket
{
    Q_OBJECT
public:
    explicit ServerSocket(const FaultState &faults, QObject *parent = nullptr);

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

    // Closes at once with a TCP reset, discarding what the kernel still holds for the peer
    // (a plain abort() would leave it to drain from an orphaned socket, megabytes for a slow
    // consumer). For peers that are gone, stalled or dropped by a fault.
    void resetConnection();

    // Would `extraBytes` more leave over `limit` bytes unsent? Qt sends what it buffered on the
    // next event-loop pass, so this first tries to send now before judging the peer.
    bool wouldExceedUnsent(qint64 extraBytes, qint64 limit);

    qint64 bytesQueued() const { return m_bytesQueued; }
    quint64 suppressedPongs() const { return m_suppressedPongs; }

protected:
    qint64 writeData(const char *data, qint64 length) override;

private:
    void shutdownWrite();

    const FaultState &m_faults;
    bool m_lingerNext = false;
    bool m_lingering = false;
    bool m_resetAfterLinger = false;
    qint64 m_swallowBytes = 0;
    qint64 m_bytesQueued = 0;
    quint64 m_suppressedPongs = 0;
};
