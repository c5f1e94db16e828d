#include "sim/stalledsimclient.h"

#include "sim/clientpool.h"
#include "sim/clientsocket.h"

#include <QRandomGenerator>
#include <QAbstractSocket>
#include <QVariant>

namespace {

// Small, so the kernel's share of the backlog is small and the server notices soon.
constexpr int receiveBufferBytes = 4096;

} // namespace

StalledSimClient::~StalledSimClient()
{
    discardTransport(m_socket);
}

void StalledSimClient::openTransport()
{
    discardTransport(m_socket);
    m_head.clear();
    m_stalled = false;
    const QUrl target = url();
    // Always plain TCP (the handshake is written here, and only a plain socket's reads can be
    // stopped at the kernel), bound like every other client's when the pool spreads addresses.
    QUrl plain = target;
    plain.setScheme(group().protocol == scenario::Protocol::WebSocket ? QStringLiteral("ws") : QStringLiteral("http"));
    QString error;
    m_socket = ClientSocket::create(plain, {false, sourceAddress()}, this,
                                    {[this, target] { sendRequest(target); }, {}}, &error);
    if (!m_socket) {
        QMetaObject::invokeMethod(this, [this, error] {
            if (state() == State::Connecting && !m_socket)
                transportFailed(error);
        }, Qt::QueuedConnection);
        return;
    }
    m_socket->setSocketOption(QAbstractSocket::ReceiveBufferSizeSocketOption, receiveBufferBytes);
    connect(m_socket, &QIODevice::readyRead, this, &StalledSimClient::onReadyRead);
    connect(m_socket, &QAbstractSocket::errorOccurred, this, [this] {
        // Once stalled (the session is open) nothing is read, so nothing is noticed either.
        if (m_stalled)
            return;
        const QString why = m_socket->errorString();
        discardTransport(m_socket);
        transportFailed(why);
    });
    ClientSocket::connectToHost(m_socket, plain);
}

void StalledSimClient::sendRequest(const QUrl &target)
{
    QByteArray request = "GET " + target.toEncoded(QUrl::RemoveScheme | QUrl::RemoveAuthority) + " HTTP/1.1\r\n"
        + "Host: " + target.host().toUtf8() + ':' + QByteArray::number(target.port()) + "\r\n";
    if (group().protocol == scenario::Protocol::WebSocket) {
        // RFC 6455 4.1: the opening handshake; the key is 16 random bytes in base64.
        QByteArray key(16, Qt::Uninitialized);
        QRandomGenerator::global()->fillRange(reinterpret_cast<quint32 *>(key.data()), 4);
        request += "Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\n"
                   "Sec-WebSocket-Key: " + key.toBase64() + "\r\n";
    } else {
        request += "Accept: text/event-stream\r\n";
    }
    for (const auto &[name, value] : pool().target().headers)
        request += name + ": " + value + "\r\n";
    request += "\r\n";
    ClientSocket::write(m_socket, request);
    bytesSent(request.size());
}

void StalledSimClient::onReadyRead()
{
    if (m_stalled)
        return;
    // Read the response head byte by byte, never past it: what follows must stay unread.
    char byte = 0;
    while (!m_head.endsWith("\r\n\r\n") && m_socket->getChar(&byte)) {
        m_head += byte;
        if (m_head.size() > 16 * 1024) {
            discardTransport(m_socket);
            transportFailed(QStringLiteral("response head too long"));
            return;
        }
    }
    if (!m_head.endsWith("\r\n\r\n"))
        return;
    const bool accepted = m_head.startsWith("HTTP/1.1 101") || m_head.startsWith("HTTP/1.1 200");
    if (!accepted) {
        errorReceived();
        discardTransport(m_socket);
        transportFailed(QString::fromLatin1(m_head.left(m_head.indexOf('\r'))));
        return;
    }
    m_stalled = true;
    // Stop reading: a full one-byte read buffer disables Qt's read notifier for this socket.
    m_socket->setReadBufferSize(1);
    transportOpened();
    // It reads nothing by design, so no delivery can tell a refusal from a session: take it as real.
    confirmSession();
}

void StalledSimClient::closeTransport()
{
    if (!m_socket)
        return;
    discardTransport(m_socket);
    transportClosed(CloseKind::ByClient);
}

void StalledSimClient::abortTransport()
{
    discardTransport(m_socket);
}
