#include "sim/transportoutcome.h"

namespace TransportOutcome {

QString forSocketError(QAbstractSocket::SocketError error)
{
    switch (error) {
    case QAbstractSocket::ConnectionRefusedError: return QStringLiteral("connection refused");
    // Qt reports a reset by the peer (ECONNRESET) as the remote host closing.
    case QAbstractSocket::RemoteHostClosedError: return QStringLiteral("connection closed by the server");
    case QAbstractSocket::HostNotFoundError: return QStringLiteral("host not found");
    case QAbstractSocket::SocketTimeoutError: return QStringLiteral("timeout");
    case QAbstractSocket::NetworkError: return QStringLiteral("network error");
    case QAbstractSocket::SocketResourceError: return QStringLiteral("out of sockets or descriptors");
    case QAbstractSocket::AddressInUseError: return QStringLiteral("address in use");
    case QAbstractSocket::SocketAddressNotAvailableError: return QStringLiteral("address not available");
    case QAbstractSocket::SslHandshakeFailedError: return QStringLiteral("TLS handshake failed");
    case QAbstractSocket::SslInternalError:
    case QAbstractSocket::SslInvalidUserDataError: return QStringLiteral("TLS error");
    default: return QStringLiteral("socket error %1").arg(int(error));
    }
}

QString forHttpStatus(int status, const QByteArray &reason)
{
    const QByteArray trimmed = reason.trimmed();
    if (trimmed.isEmpty())
        return QStringLiteral("HTTP %1").arg(status);
    return QStringLiteral("HTTP %1 %2").arg(status).arg(QString::fromLatin1(trimmed.left(64)));
}

QString forClose(quint16 code, const QString &reason)
{
    // RFC 6455 7.1.5: 1006 and 1005 are never sent; they say no close code came.
    if (code == 1006)
        return QStringLiteral("close 1006 (no close frame)");
    if (code == 1005)
        return QStringLiteral("close 1005 (no status)");
    const QString shown = reason.simplified().left(64);
    return shown.isEmpty() ? QStringLiteral("close %1").arg(code) : QStringLiteral("close %1 %2").arg(code).arg(shown);
}

} // namespace TransportOutcome
