#include "serversocket.h"

#include "faultstate.h"

#include <QTimer>

#include <sys/socket.h>

#include <utility>

using namespace std::chrono_literals;

namespace {
thread_local ServerSocket::WriteBatch *currentBatch = nullptr;
}

ServerSocket::WriteBatch::WriteBatch()
{
    Q_ASSERT(!currentBatch);
    currentBatch = this;
}

ServerSocket::WriteBatch::~WriteBatch()
{
    currentBatch = nullptr;
    for (const QPointer<ServerSocket> &socket : m_sockets) {
        if (socket)
            socket->sendCollected();
    }
}

ServerSocket::WriteBatch *ServerSocket::WriteBatch::current()
{
    return currentBatch;
}

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
        const qint64 written = writeData(data + swallowed, length - swallowed);
        return written < 0 ? written : written + swallowed;
    }
    // RFC 6455 5.5.3: a pong is FIN + opcode 0xA; the server never masks, so its header is 2 bytes.
    if (length == 2 && static_cast<unsigned char>(data[0]) == 0x8A && m_faults.pingsIgnored()) {
        m_swallowBytes = static_cast<unsigned char>(data[1]) & 0x7F;
        ++m_suppressedPongs;
        return length;
    }
    m_bytesQueued += length;
    // In a batch: collected, behind what this batch already collected for the socket.
    WriteBatch *batch = WriteBatch::current();
    if (batch && (!m_collected.isEmpty() || canSendDirect())) {
        if (m_collected.isEmpty())
            batch->add(this);
        m_collected.append(data, length);
        return length;
    }
    return sendNow(data, length);
}

bool ServerSocket::canSendDirect() const
{
    return QTcpSocket::bytesToWrite() == 0 && state() == QAbstractSocket::ConnectedState;
}

qint64 ServerSocket::sendNow(const char *data, qint64 length)
{
    // Behind what Qt already holds, or not connected: Qt's buffer keeps the order (and reports
    // errors the way QAbstractSocket does).
    if (!canSendDirect())
        return QTcpSocket::writeData(data, length);
    const qintptr fd = socketDescriptor();
    const ssize_t sent = fd >= 0 ? ::send(int(fd), data, size_t(length), MSG_NOSIGNAL | MSG_DONTWAIT) : -1;
    if (sent == length)
        return length;
    const qint64 done = sent > 0 ? sent : 0;
    const qint64 queued = QTcpSocket::writeData(data + done, length - done);
    return queued < 0 ? queued : done + queued;
}

void ServerSocket::sendCollected()
{
    if (m_collected.isEmpty())
        return;
    // Released, not kept: the next batch's buffer is someone else's.
    const QByteArray collected = std::exchange(m_collected, QByteArray());
    sendNow(collected.constData(), collected.size());
}

void ServerSocket::sendPending()
{
    sendCollected();
    flush();
}

qint64 ServerSocket::bytesToWrite() const
{
    return QTcpSocket::bytesToWrite() + m_collected.size();
}

void ServerSocket::resetConnection()
{
    const qintptr fd = socketDescriptor();
    if (fd >= 0) {
        // SO_LINGER with a zero timeout makes close() send RST and drop unsent data.
        const linger immediately{1, 0};
        ::setsockopt(int(fd), SOL_SOCKET, SO_LINGER, &immediately, sizeof immediately);
    }
    hardAbort();
}

bool ServerSocket::wouldExceedUnsent(qint64 extraBytes, qint64 limit)
{
    if (bytesToWrite() + extraBytes <= limit)
        return false;
    sendPending();
    return bytesToWrite() + extraBytes > limit;
}

void ServerSocket::close()
{
    if (m_lingering)
        return; // half-closed already: the peer's close, the grace or hardAbort() ends it
    if (!m_lingerNext || state() != QAbstractSocket::ConnectedState) {
        // A plain close still sends what it can (as Qt's close() flushes its own buffer).
        sendCollected();
        QTcpSocket::close();
        return;
    }
    m_lingerNext = false;
    m_lingering = true;
    sendPending();
    if (bytesToWrite() == 0)
        shutdownWrite();
    else
        connect(this, &QIODevice::bytesWritten, this, [this] {
            if (bytesToWrite() == 0)
                shutdownWrite();
        });
    // Whatever still arrives is read and dropped (after QWebSocket, connected first, saw it).
    connect(this, &QIODevice::readyRead, this, [this] { skip(bytesAvailable()); });
    skip(bytesAvailable());
    // A peer that never closes its side is cut off; the timer lives only while lingering.
    QTimer::singleShot(2s, this, [this] {
        if (m_resetAfterLinger)
            resetConnection();
        else
            hardAbort();
    });
}

void ServerSocket::hardAbort()
{
    m_lingering = false;
    m_lingerNext = false;
    m_collected.clear();
    abort();
}

void ServerSocket::shutdownWrite()
{
    const qintptr fd = socketDescriptor();
    if (fd >= 0)
        ::shutdown(int(fd), SHUT_WR);
}
