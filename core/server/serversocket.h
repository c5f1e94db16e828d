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

    // Closes at once with a TCP reset, discarding what the kernel still holds for the peer
    // (a plain abort() would leave it to drain from an orphaned socket, megabytes for a slow
    // consumer). For peers that are gone, stalled or dropped by a fault.
    void resetConnection();

    qint64 bytesQueued() const { return m_bytesQueued; }
    quint64 suppressedPongs() const { return m_suppressedPongs; }

protected:
    qint64 writeData(const char *data, qint64 length) override;

private:
    const FaultState &m_faults;
    qint64 m_swallowBytes = 0;
    qint64 m_bytesQueued = 0;
    quint64 m_suppressedPongs = 0;
};
