#pragma once

#include "sim/httpresponsereader.h"

#include <QAbstractSocket>
#include <QByteArray>
#include <QHostAddress>
#include <QList>
#include <QObject>
#include <QPair>
#include <QPointer>
#include <QUrl>

#include <deque>

// One HTTP/1.1 client connection for the simulated SSE, long-poll and publish clients: a
// QTcpSocket (http://, ws://) or QSslSocket (https://, wss://) to the base URL's host and port,
// with keep-alive and pipelining (responses are matched to requests in order). A stream's body
// (SSE) is handed on as it arrives; a bounded body (poll, publish) comes whole.
// Created in, and used from, the thread of the client that owns it (the socket lives there too).
//
// Every connectToHost() ends in exactly one of: disconnected() (the connection ended with no
// response outstanding, or close() was called) or failed() (connect, TLS, protocol or size
// error, or the connection ended with a response outstanding). abort() ends it with neither.
class HttpClientConnection : public QObject
{
    Q_OBJECT
public:
    using Headers = QList<QPair<QByteArray, QByteArray>>;

    // How a response's body is delivered.
    enum class Body {
        Buffered,   // collected and passed to responseComplete() (at most maxBufferedBody())
        Streamed,   // passed to bodyData() piece by piece; responseComplete() gets an empty body
    };

    explicit HttpClientConnection(QObject *parent = nullptr);
    ~HttpClientConnection() override;

    // http/ws: plain TCP; https/wss: TLS. acceptSelfSigned ignores certificate errors (the
    // scenario's "insecure"). Starts over if a connection was open.
    // sourceAddress: bind to it before connecting (the pool's source-address spreading).
    void connectToHost(const QUrl &base, bool acceptSelfSigned = false, const QHostAddress &sourceAddress = {});

    // Queues a request (written at once when connected, else on connect). Adds Host and, when
    // there is a body or the method is POST/PUT/PATCH, Content-Length, unless `headers` has them.
    void sendRequest(const QByteArray &method, const QByteArray &pathAndQuery, const Headers &headers = {},
                     const QByteArray &body = {}, Body delivery = Body::Buffered);

    // The request as sendRequest() writes it: request line, Host (unless `headers` has one),
    // `headers` (CR and LF replaced, so a header cannot end early), Content-Length when there is
    // a body or the method is POST/PUT/PATCH, the blank line, the body. Also used for the
    // WebSocket opening handshake.
    static QByteArray formatRequest(const QByteArray &method, const QByteArray &pathAndQuery, const QByteArray &hostHeader,
                                    const Headers &headers, const QByteArray &body = {});
    // RFC 9112 3.2: the Host header for a URL: its authority, the port only when not default.
    static QByteArray hostHeaderFor(const QUrl &url);

    // Ends the connection after pending writes; disconnected() follows.
    void close();
    // Resets the connection at once; no signal follows.
    void abort();

    bool isConnected() const { return m_connected; }
    // Requests sent (or queued) whose response has not completed.
    int pendingResponses() const { return int(m_pending.size()); }
    // Application bytes (before TLS) written and read over this object's lifetime.
    quint64 bytesSent() const { return m_bytesSent; }
    quint64 bytesReceived() const { return m_bytesReceived; }
    qint64 maxBufferedBody() const { return m_maxBufferedBody; }
    void setMaxBufferedBody(qint64 bytes) { m_maxBufferedBody = bytes; }
    QAbstractSocket *socket() const { return m_socket; }
    // The head of the response being read (or the last one read): what responseHead() carried.
    const HttpResponseHead &currentResponseHead() const { return m_reader.head(); }
    // After failed(): what happened, in TransportOutcome's words, for counting by value.
    QString failureOutcome() const { return m_failureOutcome; }

Q_SIGNALS:
    void connected();
    void responseHead(int status, const HttpResponseHead &head);
    void bodyData(const QByteArray &bytes);
    void responseComplete(int status, const QByteArray &body);
    void disconnected();
    void failed(const QString &error);

private:
    struct Pending
    {
        QByteArray method;
        Body delivery = Body::Buffered;
    };

    void onConnected();
    void onReadyRead();
    void onDisconnected();
    void onErrorOccurred();
    // Hands the reader's output on; false when this object ended (or was deleted) meanwhile.
    bool processResponses();
    void writeQueued(const QByteArray &bytes);
    void fail(const QString &error, const QString &outcome = {});
    void dropSocket();

    QPointer<QAbstractSocket> m_socket;
    QByteArray m_hostHeader;
    bool m_connected = false;
    QString m_failureOutcome;
    bool m_ended = true;            // the current connection has signalled its end (or none is open)
    bool m_closing = false;         // close() was called
    QByteArray m_unsent;            // requests written before the connection opened
    std::deque<Pending> m_pending;
    HttpResponseReader m_reader;
    int m_status = 0;
    QByteArray m_body;
    qint64 m_maxBufferedBody = 16 * 1024 * 1024;
    quint64 m_bytesSent = 0;
    quint64 m_bytesReceived = 0;
};
