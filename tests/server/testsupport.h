#pragma once

#include "protocol/sseparser.h"
#include "server/server.h"

#include <QJsonObject>
#include <QProcess>
#include <QList>
#include <QTcpSocket>
#include <QUrl>
#include <QWebSocket>

#include <memory>

// Helpers for the server integration tests: a server on 127.0.0.1 port 0, a blocking raw
// HTTP/1.1 client (the server runs on its own worker threads, so the test thread may block),
// an SSE stream reader and a recording WebSocket client.
namespace TestSupport {

ServerConfig loopbackConfig();

struct HttpReply
{
    int status = 0;
    QList<QPair<QByteArray, QByteArray>> headers;
    QByteArray body;
    bool complete = false;
    QByteArray header(QByteArrayView name) const;
};

// Sends raw bytes on a new connection and reads one response.
HttpReply rawRequest(quint16 port, const QByteArray &request, int timeoutMs = 5000);
HttpReply get(quint16 port, const QByteArray &target, const QList<QByteArray> &extraHeaders = {});
HttpReply post(quint16 port, const QByteArray &target, const QByteArray &body, const QList<QByteArray> &extraHeaders = {});
// Reads one response from an open socket (keep-alive, pipelining).
HttpReply readReply(QTcpSocket &socket, int timeoutMs = 5000);
// Waits for a started `socketscope serve` to print "listening on 127.0.0.1:PORT" and returns the
// port (0 after `timeoutMs`); what it printed so far goes to *output.
quint16 waitForListeningPort(QProcess &serve, QByteArray *output = nullptr, int timeoutMs = 10000);
// Publishes through POST /publish and returns the sequence number (0 on failure).
quint64 publish(quint16 port, const QString &channel, const QString &type, const QJsonValue &payload);
// One sample of the server's /metrics text, e.g. "socketscope_channels" or a name with its
// labels; quint64(-1) when there is no such line.
quint64 metricValue(const Server &server, QByteArrayView sample);

class SseStream
{
public:
    bool open(quint16 port, const QByteArray &target, const QList<QByteArray> &extraHeaders = {});
    // Reads until at least `count` events arrived (or the timeout); returns the events so far.
    QList<SseParser::Event> waitForEvents(int count, int timeoutMs = 5000);
    // True when the server ended the stream within the timeout.
    bool waitForEnd(int timeoutMs = 5000);
    int status() const { return m_status; }
    QByteArray headBlock() const { return m_head; }
    const SseParser &parser() const { return m_parser; }
    QTcpSocket &socket() { return m_socket; }
    // The stream's session.welcome events, kept apart from the channel's messages.
    const QList<SseParser::Event> &welcomes() const { return m_welcomes; }

private:
    void consume();
    void addEvents(const QList<SseParser::Event> &events);

    QTcpSocket m_socket;
    QByteArray m_head;
    QByteArray m_pending;
    bool m_headDone = false;
    int m_status = 0;
    SseParser m_parser;
    QList<SseParser::Event> m_events;
    QList<SseParser::Event> m_welcomes;
};

class WsClient : public QObject
{
    Q_OBJECT
public:
    explicit WsClient(QObject *parent = nullptr);
    bool open(const QUrl &url, int timeoutMs = 5000);
    bool openWithHeaders(const QUrl &url, const QList<QPair<QByteArray, QByteArray>> &headers, int timeoutMs = 5000);
    void sendJson(const QJsonObject &object);
    // Waits until `count` envelopes of this type have arrived.
    bool waitForType(const QString &type, int count = 1, int timeoutMs = 5000);
    QList<QJsonObject> ofType(const QString &type) const;
    QList<quint64> sequences(const QString &type = QStringLiteral("chat.message")) const;
    bool waitForDisconnect(int timeoutMs = 5000);

    QWebSocket socket;
    QList<QJsonObject> received;
    bool disconnected = false;
};

QUrl wsUrl(const Server &server, const QString &query = {});

} // namespace TestSupport
