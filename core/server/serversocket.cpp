#include "serversocket.h"

#include "faultstate.h"

#include <sys/socket.h>

ServerSocket::ServerSocket(const FaultState &faults, QObject *parent)
    : QTcpSocket(parent)
    , m_faults(faults)
{
}

qint64 ServerSocket::writeData(const char *data, qint64 length)
{
    if (m_swallowBytes > 0) {
        // The payload of a pong whose header was suppressed.
        const qint64 swallowed = qMin(length, m_swallowBytes);
        m_swallowBytes -= swallowed;
        if (swallowed == length)
            return length;
        const qint64 written = QTcpSocket::writeData(data + swallowed, length - swallowed);
        return written < 0 ? written : written + swallowed;
    }
    // RFC 6455 5.5.3: a pong is FIN + opcode 0xA; the server never masks, so its header is 2 bytes.
    if (length == 2 && static_cast<unsigned char>(data[0]) == 0x8A && m_faults.pingsIgnored()) {
        m_swallowBytes = static_cast<unsigned char>(data[1]) & 0x7F;
        ++m_suppressedPongs;
        return length;
    }
    m_bytesQueued += length;
    return QTcpSocket::writeData(data, length);
}

void ServerSocket::resetConnection()
{
    const qintptr fd = socketDescriptor();
    if (fd >= 0) {
        // SO_LINGER with a zero timeout makes close() send RST and drop unsent data.
        const linger immediately{1, 0};
        ::setsockopt(int(fd), SOL_SOCKET, SO_LINGER, &immediately, sizeof immediately);
    }
    abort();
}
