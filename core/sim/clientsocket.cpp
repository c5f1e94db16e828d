#include "sim/clientsocket.h"

#include <QCoreApplication>
#include <QSslError>
#include <QSslSocket>
#include <QTcpSocket>
#include <QUrl>

#include <cerrno>
#include <sys/socket.h>

bool ClientSocket::isTls(const QUrl &url)
{
    const QString scheme = url.scheme().toLower();
    return scheme == QLatin1String("https") || scheme == QLatin1String("wss");
}

QAbstractSocket *ClientSocket::create(const QUrl &url, const Options &options, QObject *context,
                                      Callbacks callbacks, QString *error)
{
    const QString scheme = url.scheme().toLower();
    const bool tls = isTls(url);
    if (!tls && scheme != QLatin1String("http") && scheme != QLatin1String("ws")) {
        *error = QCoreApplication::translate("ClientSocket", "unsupported URL scheme \"%1\" (http, https, ws or wss)").arg(scheme);
        return nullptr;
    }
    if (tls && !QSslSocket::supportsSsl()) {
        *error = QCoreApplication::translate("ClientSocket", "TLS is not available (no OpenSSL backend)");
        return nullptr;
    }

    QAbstractSocket *socket = nullptr;
    if (tls) {
        auto *ssl = new QSslSocket(context);
        QObject::connect(ssl, &QSslSocket::encrypted, context, callbacks.ready);
        QObject::connect(ssl, &QSslSocket::sslErrors, context,
                         [ssl, accept = options.acceptSelfSigned, tlsError = callbacks.tlsError](const QList<QSslError> &errors) {
                             if (accept) {
                                 ssl->ignoreSslErrors();
                                 return;
                             }
                             QStringList texts;
                             for (const QSslError &e : errors)
                                 texts << e.errorString();
                             if (tlsError)
                                 tlsError(QCoreApplication::translate("ClientSocket", "TLS: %1").arg(texts.join(QLatin1String("; "))));
                         });
        socket = ssl;
    } else {
        socket = new QTcpSocket(context);
        QObject::connect(socket, &QAbstractSocket::connected, context, callbacks.ready);
        // Bound first, so the connection leaves from this address (bind() + connect(), the
        // usual way to spread a client's connections over addresses). DontShareAddress: no
        // SO_REUSEADDR, so the kernel's port choice never collides with a live connection.
        if (!options.sourceAddress.isNull() && !socket->bind(options.sourceAddress, 0, QAbstractSocket::DontShareAddress)) {
            *error = QCoreApplication::translate("ClientSocket", "cannot bind to source address %1: %2")
                         .arg(options.sourceAddress.toString(), socket->errorString());
            socket->disconnect(context);
            delete socket;
            return nullptr;
        }
    }
    return socket;
}

void ClientSocket::connectToHost(QAbstractSocket *socket, const QUrl &url, bool unbuffered)
{
    const bool tls = isTls(url);
    const quint16 port = quint16(url.port(tls ? 443 : 80));
    if (auto *ssl = qobject_cast<QSslSocket *>(socket))
        ssl->connectToHostEncrypted(url.host(), port);
    else
        socket->connectToHost(url.host(), port, unbuffered ? QIODevice::ReadWrite | QIODevice::Unbuffered : QIODevice::ReadWrite);
}

void ClientSocket::write(QAbstractSocket *socket, QByteArrayView bytes)
{
    // Nothing can be written once the connection has ended (an unbuffered socket's read may
    // have found the end just before).
    if (bytes.isEmpty() || socket->state() == QAbstractSocket::UnconnectedState)
        return;
    const bool direct = socket->state() == QAbstractSocket::ConnectedState && socket->bytesToWrite() == 0
        && !qobject_cast<QSslSocket *>(socket) && socket->socketDescriptor() >= 0;
    if (direct) {
        const int fd = int(socket->socketDescriptor());
        qsizetype sent = 0;
        while (sent < bytes.size()) {
            // MSG_NOSIGNAL: a peer that is gone is an error to report, not a SIGPIPE.
            const ssize_t n = ::send(fd, bytes.data() + sent, size_t(bytes.size() - sent), MSG_NOSIGNAL);
            if (n > 0) {
                sent += qsizetype(n);
                continue;
            }
            if (n < 0 && errno == EINTR)
                continue;
            // EAGAIN (the kernel's buffer is full) or an error: Qt takes the rest, writes it
            // when the socket is writable, and reports an error the way it always does.
            break;
        }
        if (sent == bytes.size())
            return;
        bytes = bytes.sliced(sent);
    }
    socket->write(bytes.data(), bytes.size());
}

void ClientSocket::discard(QAbstractSocket *socket, QObject *owner)
{
    if (!socket)
        return;
    socket->disconnect(owner);
    socket->abort();
    socket->deleteLater();
}
