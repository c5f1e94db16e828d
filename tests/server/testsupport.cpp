#include "testsupport.h"

#include <QRegularExpression>

#include <QElapsedTimer>
#include <QJsonDocument>
#include <QSignalSpy>
#include <QTest>
#include <QWebSocketHandshakeOptions>

namespace TestSupport {

quint16 waitForListeningPort(QProcess &serve, QByteArray *output, int timeoutMs)
{
    QByteArray printed;
    const QRegularExpression listening(QStringLiteral("listening on 127\\.0\\.0\\.1:(\\d+)"));
    QRegularExpressionMatch match;
    QElapsedTimer timer;
    timer.start();
    while (!(match = listening.match(QString::fromUtf8(printed))).hasMatch() && timer.elapsed() < timeoutMs) {
        serve.waitForReadyRead(100);
        printed += serve.readAllStandardOutput();
    }
    if (output)
        *output = printed;
    return match.hasMatch() ? quint16(match.captured(1).toUInt()) : 0;
}

ServerConfig loopbackConfig()
{
    ServerConfig config;
    config.address = QHostAddress::LocalHost;
    config.port = 0;
    config.workers = 2;
    // The suite runs once per event loop (see tests/server/CMakeLists.txt).
    if (const auto loop = ServerConfig::parseEventLoop(qEnvironmentVariable("SOCKETSCOPE_TEST_EVENT_LOOP")))
        config.eventLoop = *loop;
    return config;
}

QByteArray HttpReply::header(QByteArrayView name) const
{
    for (const auto &field : headers) {
        if (field.first.compare(name, Qt::CaseInsensitive) == 0)
            return field.second;
    }
    return {};
}

HttpReply readReply(QTcpSocket &socket, int timeoutMs)
{
    HttpReply reply;
    QByteArray buffer;
    QElapsedTimer timer;
    timer.start();
    qsizetype headEnd = -1;
    qint64 contentLength = -1;
    const auto remaining = [&] { return int(qMax<qint64>(1, timeoutMs - timer.elapsed())); };
    while (timer.elapsed() < timeoutMs) {
        if (headEnd < 0) {
            headEnd = buffer.indexOf("\r\n\r\n");
            if (headEnd >= 0) {
                const QList<QByteArray> lines = buffer.first(headEnd).split('\n');
                const QList<QByteArray> statusLine = lines.value(0).trimmed().split(' ');
                reply.status = statusLine.value(1).toInt();
                for (qsizetype i = 1; i < lines.size(); ++i) {
                    const QByteArray line = lines[i].trimmed();
                    const qsizetype colon = line.indexOf(':');
                    if (colon > 0)
                        reply.headers.append({line.first(colon), line.sliced(colon + 1).trimmed()});
                }
                contentLength = reply.header("Content-Length").isEmpty() ? -1 : reply.header("Content-Length").toLongLong();
            }
        }
        if (headEnd >= 0) {
            const QByteArray rest = buffer.sliced(headEnd + 4);
            if (contentLength >= 0 && rest.size() >= contentLength) {
                reply.body = rest.first(contentLength);
                reply.complete = true;
                // Give back whatever followed (pipelined responses are read by the next call).
                return reply;
            }
            if (contentLength < 0 && socket.state() != QAbstractSocket::ConnectedState) {
                reply.body = rest;
                reply.complete = true;
                return reply;
            }
        }
        if (socket.bytesAvailable() == 0 && !socket.waitForReadyRead(qMin(remaining(), 200))) {
            if (socket.state() != QAbstractSocket::ConnectedState && socket.bytesAvailable() == 0) {
                if (headEnd >= 0 && contentLength < 0) {
                    reply.body = buffer.sliced(headEnd + 4);
                    reply.complete = true;
                }
                return reply;
            }
            continue;
        }
        // Read one byte at a time past the head so a pipelined second response stays queued.
        if (headEnd < 0) {
            buffer += socket.read(1);
        } else {
            const qint64 want = contentLength >= 0 ? contentLength - (buffer.size() - headEnd - 4) : socket.bytesAvailable();
            buffer += socket.read(qMax<qint64>(1, want));
        }
    }
    return reply;
}

HttpReply rawRequest(quint16 port, const QByteArray &request, int timeoutMs)
{
    QTcpSocket socket;
    socket.connectToHost(QHostAddress::LocalHost, port);
    if (!socket.waitForConnected(timeoutMs))
        return {};
    socket.write(request);
    socket.waitForBytesWritten(timeoutMs);
    return readReply(socket, timeoutMs);
}

static QByteArray buildRequest(const QByteArray &method, const QByteArray &target, const QByteArray &body,
                               const QList<QByteArray> &extraHeaders)
{
    QByteArray request = method + ' ' + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n";
    for (const QByteArray &header : extraHeaders)
        request += header + "\r\n";
    if (!body.isNull())
        request += "Content-Type: application/json\r\nContent-Length: " + QByteArray::number(body.size()) + "\r\n";
    request += "\r\n" + body;
    return request;
}

HttpReply get(quint16 port, const QByteArray &target, const QList<QByteArray> &extraHeaders)
{
    return rawRequest(port, buildRequest("GET", target, QByteArray(), extraHeaders));
}

HttpReply post(quint16 port, const QByteArray &target, const QByteArray &body, const QList<QByteArray> &extraHeaders)
{
    return rawRequest(port, buildRequest("POST", target, body.isNull() ? QByteArray("") : body, extraHeaders));
}

quint64 metricValue(const Server &server, QByteArrayView sample)
{
    for (const QByteArray &line : server.prometheusText().split('\n')) {
        if (line.size() > sample.size() && line.startsWith(sample) && line[sample.size()] == ' ')
            return line.sliced(sample.size() + 1).toULongLong();
    }
    return quint64(-1);
}

quint64 publish(quint16 port, const QString &channel, const QString &type, const QJsonValue &payload)
{
    const QJsonObject object{{QLatin1String("channel"), channel}, {QLatin1String("type"), type}, {QLatin1String("payload"), payload}};
    const HttpReply reply = post(port, "/publish", QJsonDocument(object).toJson(QJsonDocument::Compact));
    if (reply.status != 200)
        return 0;
    return quint64(QJsonDocument::fromJson(reply.body).object().value(QLatin1String("seq")).toDouble());
}

bool SseStream::open(quint16 port, const QByteArray &target, const QList<QByteArray> &extraHeaders)
{
    m_socket.connectToHost(QHostAddress::LocalHost, port);
    if (!m_socket.waitForConnected(5000))
        return false;
    QByteArray request = "GET " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\n";
    for (const QByteArray &header : extraHeaders)
        request += header + "\r\n";
    request += "\r\n";
    m_socket.write(request);
    QElapsedTimer timer;
    timer.start();
    while (!m_headDone && timer.elapsed() < 5000) {
        if (m_socket.bytesAvailable() == 0 && !m_socket.waitForReadyRead(200) && m_socket.state() != QAbstractSocket::ConnectedState)
            break;
        consume();
    }
    return m_headDone && m_status == 200;
}

void SseStream::consume()
{
    const QByteArray data = m_socket.readAll();
    if (!m_headDone) {
        m_pending += data;
        const qsizetype end = m_pending.indexOf("\r\n\r\n");
        if (end < 0)
            return;
        m_head = m_pending.first(end);
        m_status = m_head.split(' ').value(1).toInt();
        m_headDone = true;
        const QByteArray rest = m_pending.sliced(end + 4);
        m_pending.clear();
        addEvents(m_parser.feed(rest));
        return;
    }
    addEvents(m_parser.feed(data));
}

void SseStream::addEvents(const QList<SseParser::Event> &events)
{
    for (const SseParser::Event &event : events) {
        if (event.type == QLatin1String("session.welcome"))
            m_welcomes.append(event);
        else
            m_events.append(event);
    }
}

QList<SseParser::Event> SseStream::waitForEvents(int count, int timeoutMs)
{
    QElapsedTimer timer;
    timer.start();
    while (m_events.size() < count && timer.elapsed() < timeoutMs) {
        if (m_socket.bytesAvailable() == 0 && !m_socket.waitForReadyRead(50)) {
            if (m_socket.state() != QAbstractSocket::ConnectedState && m_socket.bytesAvailable() == 0)
                break;
            continue;
        }
        consume();
    }
    return m_events;
}

bool SseStream::waitForEnd(int timeoutMs)
{
    QElapsedTimer timer;
    timer.start();
    while (timer.elapsed() < timeoutMs) {
        if (m_socket.bytesAvailable() > 0)
            consume();
        if (m_socket.state() == QAbstractSocket::UnconnectedState)
            return true;
        if (!m_socket.waitForReadyRead(50) && m_socket.state() == QAbstractSocket::UnconnectedState)
            return true;
    }
    return false;
}

WsClient::WsClient(QObject *parent)
    : QObject(parent)
{
    connect(&socket, &QWebSocket::textMessageReceived, this, [this](const QString &text) {
        received.append(QJsonDocument::fromJson(text.toUtf8()).object());
    });
    connect(&socket, &QWebSocket::disconnected, this, [this] { disconnected = true; });
}

bool WsClient::open(const QUrl &url, int timeoutMs)
{
    return openWithHeaders(url, {}, timeoutMs);
}

bool WsClient::openWithHeaders(const QUrl &url, const QList<QPair<QByteArray, QByteArray>> &headers, int timeoutMs)
{
    QSignalSpy connected(&socket, &QWebSocket::connected);
    QNetworkRequest request(url);
    for (const auto &header : headers)
        request.setRawHeader(header.first, header.second);
    socket.open(request);
    return connected.wait(timeoutMs) || socket.state() == QAbstractSocket::ConnectedState;
}

void WsClient::sendJson(const QJsonObject &object)
{
    socket.sendTextMessage(QString::fromUtf8(QJsonDocument(object).toJson(QJsonDocument::Compact)));
    // Push it out now: a test may block on another socket without running the event loop.
    socket.flush();
}

QList<QJsonObject> WsClient::ofType(const QString &type) const
{
    QList<QJsonObject> out;
    for (const QJsonObject &object : received) {
        if (object.value(QLatin1String("type")).toString() == type)
            out.append(object);
    }
    return out;
}

bool WsClient::waitForType(const QString &type, int count, int timeoutMs)
{
    QElapsedTimer timer;
    timer.start();
    while (ofType(type).size() < count && timer.elapsed() < timeoutMs)
        QTest::qWait(5);
    return ofType(type).size() >= count;
}

QList<quint64> WsClient::sequences(const QString &type) const
{
    QList<quint64> out;
    for (const QJsonObject &object : ofType(type))
        out.append(quint64(object.value(QLatin1String("seq")).toDouble()));
    return out;
}

bool WsClient::waitForDisconnect(int timeoutMs)
{
    QElapsedTimer timer;
    timer.start();
    while (!disconnected && timer.elapsed() < timeoutMs)
        QTest::qWait(5);
    return disconnected;
}

QUrl wsUrl(const Server &server, const QString &query)
{
    QUrl url(QStringLiteral("ws://127.0.0.1:%1/ws").arg(server.port()));
    if (!query.isEmpty())
        url.setQuery(query);
    return url;
}

} // namespace TestSupport
