#pragma once

#include <QByteArrayView>
#include <QHostAddress>
#include <QString>

#include <functional>

class QAbstractSocket;
class QObject;
class QUrl;

// How every simulated client's transport (WsClientConnection, HttpClientConnection,
// StalledSimClient) opens its connection and writes to it, so they do it the same way:
// a QTcpSocket for ws:// and http://, a QSslSocket for wss:// and https:// (certificate errors
// ignored when the scenario says "insecure"), bound to a source address first when the pool
// spreads its connections over several loopback addresses (SimTarget::sourceAddressFor()).
class ClientSocket
{
public:
    struct Options
    {
        bool acceptSelfSigned = false;
        // Bound before connecting (plain TCP only: QSslSocket connects an inner socket of its
        // own, which a bind() on the outer one does not reach). Null: the kernel picks.
        QHostAddress sourceAddress;
    };

    struct Callbacks
    {
        std::function<void()> ready;                        // TCP connected, or TLS encrypted
        std::function<void(const QString &error)> tlsError; // certificate errors not accepted
    };

    // Whether the URL's scheme means TLS (https, wss).
    static bool isTls(const QUrl &url);

    // A socket for `url` as a child of `context`, bound as the options say, with `callbacks`
    // connected (in `context`). Connect its other signals, then call connectToHost(). Null, with
    // *error set, for a scheme other than http/https/ws/wss, TLS without a TLS backend, or a
    // source address that cannot be bound.
    static QAbstractSocket *create(const QUrl &url, const Options &options, QObject *context,
                                   Callbacks callbacks, QString *error);
    // Starts connecting. `unbuffered` (plain TCP only; TLS sockets buffer anyway): reads come
    // straight from the kernel instead of through Qt's read buffer, which keeps a 16 KiB chunk
    // per socket for the socket's lifetime. The owner must then read everything at each
    // readyRead() and notice the end of the connection itself: the read that meets it leaves the
    // socket in UnconnectedState, with error() saying why, and no disconnected() follows. (Qt's
    // documentation says a TCP socket cannot be unbuffered; Qt 6 implements it, and
    // tst_wsclientconnection checks the behaviour relied on here.)
    static void connectToHost(QAbstractSocket *socket, const QUrl &url, bool unbuffered = false);

    // Writes `bytes` in order after anything already queued. Qt's socket write buffer allocates
    // a 32 KiB chunk on the first write and keeps it for the socket's lifetime, which is most of
    // what an idle simulated connection costs; so while nothing is queued, plain TCP bytes go
    // straight to the kernel, and only what it does not take now goes through Qt's buffer
    // (which also reports any error on its own write). TLS always goes through QSslSocket.
    static void write(QAbstractSocket *socket, QByteArrayView bytes);

    // Ends a socket its owner is done with: disconnects it from `owner`, resets it and frees it
    // from the event loop (the caller may be inside one of the socket's own signals).
    static void discard(QAbstractSocket *socket, QObject *owner);
};
