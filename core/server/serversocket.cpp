#include "serversocket.h"

#include "faultstate.h"

#include <QSslConfiguration>
#include <QSslSocket>
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

ServerSocket::~ServerSocket()
{
    // The inner socket aborts while it is destroyed; its signals must not reach a half-destroyed
    // object.
    if (m_tls) {
        QObject::disconnect(m_tls, nullptr, this, nullptr);
        delete m_tls;
        m_tls = nullptr;
    }
}

bool ServerSocket::setEncryptedSocketDescriptor(qintptr descriptor, const QSslConfiguration &configuration,
                                                std::atomic<quint64> *handshakeFailures)
{
    auto *tls = new QSslSocket(this);
    tls->setSslConfiguration(configuration);
    if (!tls->setSocketDescriptor(descriptor)) {
        setSocketError(tls->error());
        setErrorString(tls->errorString());
        delete tls;
        return false;
    }
    m_tls = tls;
    m_handshakeFailures = handshakeFailures;
    connect(tls, &QIODevice::readyRead, this, [this] {
        if (isOpen())
            Q_EMIT readyRead();
        else
            m_tls->skip(m_tls->bytesAvailable()); // closed on our side: nobody reads it
    });
    // What matters to the writers (unsent bytes, lingering close) is the ciphertext leaving.
    connect(tls, &QSslSocket::encryptedBytesWritten, this, [this](qint64 written) { Q_EMIT bytesWritten(written); });
    connect(tls, &QAbstractSocket::disconnected, this, &ServerSocket::onTlsDisconnected);
    connect(tls, &QAbstractSocket::errorOccurred, this, &ServerSocket::onTlsError);
    // This object has no socket engine of its own: it takes the inner socket's identity, as
    // QSslSocket does with its plain socket.
    setPeerAddress(tls->peerAddress());
    setPeerPort(tls->peerPort());
    setLocalAddress(tls->localAddress());
    setLocalPort(tls->localPort());
    setOpenMode(QIODevice::ReadWrite);
    setSocketState(QAbstractSocket::ConnectedState);
    tls->startServerEncryption();
    return true;
}

bool ServerSocket::isHandshaking() const
{
    return m_tls && !m_tls->isEncrypted() && m_tls->state() == QAbstractSocket::ConnectedState;
}

qintptr ServerSocket::descriptor() const
{
    return m_tls ? m_tls->socketDescriptor() : socketDescriptor();
}

void ServerSocket::onTlsError(QAbstractSocket::SocketError error)
{
    // Anything that ends a connection before its handshake completed is a failed handshake: a
    // plain HTTP request, a garbage hello, a client that rejects the certificate and hangs up.
    if (!m_tls->isEncrypted() && !m_aborting && m_handshakeFailures) {
        m_handshakeFailures->fetch_add(1, std::memory_order_relaxed);
        m_handshakeFailures = nullptr; // once per connection
    }
    setSocketError(error);
    setErrorString(m_tls->errorString());
    Q_EMIT errorOccurred(error);
}

void ServerSocket::onTlsDisconnected()
{
    if (state() == QAbstractSocket::UnconnectedState)
        return;
    // No engine here: QAbstractSocket just moves to UnconnectedState and emits disconnected().
    QTcpSocket::disconnectFromHost();
}

qint64 ServerSocket::bytesAvailable() const
{
    return QTcpSocket::bytesAvailable() + (m_tls ? m_tls->bytesAvailable() : 0);
}

bool ServerSocket::canReadLine() const
{
    return QTcpSocket::canReadLine() || (m_tls && m_tls->canReadLine());
}

qint64 ServerSocket::readData(char *data, qint64 maxLength)
{
    if (!m_tls)
        return QTcpSocket::readData(data, maxLength);
    return m_tls->read(data, maxLength);
}

qint64 ServerSocket::skipData(qint64 maxSize)
{
    if (!m_tls)
        return QTcpSocket::skipData(maxSize);
    return m_tls->skip(maxSize);
}

void ServerSocket::setReadBufferSize(qint64 size)
{
    QTcpSocket::setReadBufferSize(size);
    if (m_tls)
        m_tls->setReadBufferSize(size);
}

void ServerSocket::setSocketOption(QAbstractSocket::SocketOption option, const QVariant &value)
{
    if (m_tls)
        m_tls->setSocketOption(option, value);
    else
        QTcpSocket::setSocketOption(option, value);
}

void ServerSocket::disconnectFromHost()
{
    if (!m_tls) {
        QTcpSocket::disconnectFromHost();
        return;
    }
    if (m_aborting)
        m_collected.clear();
    else
        sendCollected();
    if (m_tls->state() != QAbstractSocket::UnconnectedState) {
        if (state() == QAbstractSocket::ConnectedState) {
            setSocketState(QAbstractSocket::ClosingState);
            Q_EMIT stateChanged(QAbstractSocket::ClosingState);
        }
        // A graceful close sends what is buffered and a close_notify first.
        if (m_aborting)
            m_tls->abort();
        else
            m_tls->disconnectFromHost();
        if (m_tls->state() != QAbstractSocket::UnconnectedState)
            return; // onTlsDisconnected() finishes
    }
    QTcpSocket::disconnectFromHost();
}

bool ServerSocket::waitForReadyRead(int msecs)
{
    return m_tls ? m_tls->waitForReadyRead(msecs) : QTcpSocket::waitForReadyRead(msecs);
}

bool ServerSocket::waitForBytesWritten(int msecs)
{
    return m_tls ? m_tls->waitForBytesWritten(msecs) : QTcpSocket::waitForBytesWritten(msecs);
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
    // In a batch: collected, behind what this batch already collected for the socket (with TLS
    // the batch becomes one record instead of one per message).
    WriteBatch *batch = WriteBatch::current();
    const bool collectable = m_tls ? state() == QAbstractSocket::ConnectedState : canSendDirect();
    if (batch && (!m_collected.isEmpty() || collectable)) {
        if (m_collected.isEmpty())
            batch->add(this);
        m_collected.append(data, length);
        return length;
    }
    return sendNow(data, length);
}

bool ServerSocket::canSendDirect() const
{
    return !m_tls && QTcpSocket::bytesToWrite() == 0 && state() == QAbstractSocket::ConnectedState;
}

qint64 ServerSocket::sendNow(const char *data, qint64 length)
{
    // TLS: everything through the encryption (QSslSocket encrypts on its next event-loop pass).
    if (m_tls)
        return m_tls->isOpen() ? m_tls->write(data, length) : -1;
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
    if (m_tls) {
        if (m_tls->isEncrypted())
            m_tls->flush(); // encrypts what waits and hands it to the kernel now
    } else {
        flush();
    }
}

qint64 ServerSocket::bytesToWrite() const
{
    if (m_tls)
        return m_tls->bytesToWrite() + m_tls->encryptedBytesToWrite() + m_collected.size();
    return QTcpSocket::bytesToWrite() + m_collected.size();
}

void ServerSocket::shutdownWriteWhenSent()
{
    sendPending();
    // During a TLS handshake the answer waits in the TLS layer; it is encrypted when the
    // handshake completes, and bytesWritten() brings the caller back here.
    if (isHandshaking())
        return;
    if (bytesToWrite() == 0)
        shutdownWrite();
}

void ServerSocket::resetConnection()
{
    const qintptr fd = descriptor();
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
    m_aborting = true;
    if (m_tls)
        m_tls->abort();
    abort();
}

void ServerSocket::shutdownWrite()
{
    // With TLS this ends the stream without a close_notify, as the plain close ends it without
    // one: the peer has everything that was sent and reads EOF.
    const qintptr fd = descriptor();
    if (fd >= 0)
        ::shutdown(int(fd), SHUT_WR);
}
