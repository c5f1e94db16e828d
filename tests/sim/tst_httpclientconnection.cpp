#include "sim/httpclientconnection.h"

#include <QSignalSpy>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTest>

#include <memory>

// The peer of the connection under test: a QTcpServer on 127.0.0.1 port 0 whose accepted sockets
// the test drives by hand, so every byte the client sees is chosen here.
class ScriptedServer
{
public:
    ScriptedServer()
    {
        QVERIFY(m_server.listen(QHostAddress::LocalHost, 0));
        QObject::connect(&m_server, &QTcpServer::newConnection, &m_server, [this] {
            while (QTcpSocket *s = m_server.nextPendingConnection()) {
                m_sockets.append(s);
                m_received.clear();
                QObject::connect(s, &QIODevice::readyRead, s, [this, s] {
                    if (s == m_sockets.last())
                        m_received += s->readAll();
                });
            }
        });
    }
    QUrl url() const { return QUrl(QStringLiteral("http://127.0.0.1:%1").arg(m_server.serverPort())); }
    int connectionCount() const { return int(m_sockets.size()); }
    QTcpSocket *socket() const { return m_sockets.isEmpty() ? nullptr : m_sockets.last(); }
    // Request heads (and bodies) received so far on the latest connection.
    QByteArray received() const { return m_received; }
    int requestCount() const { return int(m_received.count("HTTP/1.1\r\n")); }
    void write(const QByteArray &bytes)
    {
        socket()->write(bytes);
        socket()->flush();
    }

private:
    QTcpServer m_server;
    QList<QTcpSocket *> m_sockets;
    QByteArray m_received;
};

class tst_HttpClientConnection : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void keepAliveCarriesSequentialRequests();
    void pipelinedRequestsAreAnsweredInOrder();
    void chunkedStreamArrivesInPieces();
    void serverClosingAfterConnectionCloseIsOrderly();
    void serverClosingWithResponseOutstandingFails();
    void readUntilCloseCompletesWhenServerCloses();
    void invalidResponseFails();
    void connectRefusedFails();
    void unsupportedSchemeFails();
    void closeEmitsDisconnected();
    void bufferedBodyLimit();
};

void tst_HttpClientConnection::keepAliveCarriesSequentialRequests()
{
    ScriptedServer server;
    HttpClientConnection client;
    QSignalSpy connected(&client, &HttpClientConnection::connected);
    QSignalSpy heads(&client, &HttpClientConnection::responseHead);
    QSignalSpy complete(&client, &HttpClientConnection::responseComplete);
    QSignalSpy failed(&client, &HttpClientConnection::failed);
    client.connectToHost(server.url());
    QVERIFY(connected.wait());
    QVERIFY(client.isConnected());
    QCOMPARE(client.socket()->socketOption(QAbstractSocket::LowDelayOption).toInt(), 1);

    client.sendRequest("GET", "/poll?channel=a&since=3", {{"Accept", "application/json"}});
    QTRY_COMPARE(server.requestCount(), 1);
    const QByteArray expectedRequest = "GET /poll?channel=a&since=3 HTTP/1.1\r\nHost: 127.0.0.1:"
        + QByteArray::number(server.url().port()) + "\r\nAccept: application/json\r\n\r\n";
    QCOMPARE(server.received(), expectedRequest);
    server.write("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n{}");
    QVERIFY(complete.wait());
    QCOMPARE(heads.size(), 1);
    QCOMPARE(heads.at(0).at(0).toInt(), 200);
    QCOMPARE(heads.at(0).at(1).value<HttpResponseHead>().value("content-type"), QByteArray("application/json"));
    QCOMPARE(complete.at(0).at(0).toInt(), 200);
    QCOMPARE(complete.at(0).at(1).toByteArray(), QByteArray("{}"));
    QCOMPARE(client.pendingResponses(), 0);

    // The same connection carries the next request.
    const QByteArray body = R"({"channel":"a","type":"t","payload":{}})";
    client.sendRequest("POST", "/publish", {{"Content-Type", "application/json"}}, body);
    QTRY_COMPARE(server.requestCount(), 2);
    QTRY_VERIFY(server.received().endsWith(body));
    QVERIFY(server.received().contains("\r\nContent-Length: " + QByteArray::number(body.size()) + "\r\n"));
    server.write("HTTP/1.1 200 OK\r\nContent-Length: 24\r\n\r\n{\"seq\":4,\"delivered\":1}\n");
    QVERIFY(complete.wait());
    QCOMPARE(complete.at(1).at(1).toByteArray(), QByteArray("{\"seq\":4,\"delivered\":1}\n"));
    QCOMPARE(server.connectionCount(), 1);
    QCOMPARE(failed.size(), 0);
    QCOMPARE(client.bytesSent(), quint64(server.received().size()));
    QCOMPARE(client.bytesReceived(), quint64(72 + 63));
}

void tst_HttpClientConnection::pipelinedRequestsAreAnsweredInOrder()
{
    ScriptedServer server;
    HttpClientConnection client;
    QSignalSpy complete(&client, &HttpClientConnection::responseComplete);
    client.connectToHost(server.url());
    // Queued before the connection opens, written together once it does.
    client.sendRequest("GET", "/a");
    client.sendRequest("HEAD", "/b");
    client.sendRequest("GET", "/c");
    QCOMPARE(client.pendingResponses(), 3);
    QTRY_COMPARE(server.requestCount(), 3);
    const QByteArray r = server.received();
    QVERIFY(r.indexOf("GET /a ") < r.indexOf("HEAD /b ") && r.indexOf("HEAD /b ") < r.indexOf("GET /c "));

    // All three answers in one write; the HEAD answer's Content-Length announces no body.
    server.write("HTTP/1.1 200 OK\r\nContent-Length: 1\r\n\r\na"
                 "HTTP/1.1 200 OK\r\nContent-Length: 500\r\n\r\n"
                 "HTTP/1.1 404 Not Found\r\nTransfer-Encoding: chunked\r\n\r\n1\r\nc\r\n0\r\n\r\n");
    QTRY_COMPARE(complete.size(), 3);
    QCOMPARE(complete.at(0).at(0).toInt(), 200);
    QCOMPARE(complete.at(0).at(1).toByteArray(), QByteArray("a"));
    QCOMPARE(complete.at(1).at(0).toInt(), 200);
    QCOMPARE(complete.at(1).at(1).toByteArray(), QByteArray());
    QCOMPARE(complete.at(2).at(0).toInt(), 404);
    QCOMPARE(complete.at(2).at(1).toByteArray(), QByteArray("c"));
    QCOMPARE(client.pendingResponses(), 0);
    QVERIFY(client.isConnected());
}

void tst_HttpClientConnection::chunkedStreamArrivesInPieces()
{
    ScriptedServer server;
    HttpClientConnection client;
    QSignalSpy heads(&client, &HttpClientConnection::responseHead);
    QSignalSpy data(&client, &HttpClientConnection::bodyData);
    QSignalSpy complete(&client, &HttpClientConnection::responseComplete);
    client.connectToHost(server.url());
    client.sendRequest("GET", "/events?channel=a", {{"Accept", "text/event-stream"}}, {},
                       HttpClientConnection::Body::Streamed);
    QTRY_COMPARE(server.requestCount(), 1);
    server.write("HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nTransfer-Encoding: chunked\r\n\r\n");
    QVERIFY(heads.wait());
    QCOMPARE(heads.at(0).at(0).toInt(), 200);

    auto streamedSoFar = [&data] {
        QByteArray all;
        for (const auto &args : std::as_const(data))
            all += args.at(0).toByteArray();
        return all;
    };
    // Each chunk is handed on as soon as it arrives, before the next is written.
    const QByteArrayList events{"retry: 1000\n\n", "id: 1\ndata: {\"seq\":1}\n\n", "id: 2\ndata: {\"seq\":2}\n\n"};
    QByteArray streamed;
    for (const QByteArray &event : events) {
        server.write(QByteArray::number(event.size(), 16) + "\r\n" + event + "\r\n");
        streamed += event;
        QTRY_COMPARE(streamedSoFar(), streamed);
    }
    // A chunk split across writes arrives in pieces too.
    server.write("c\r\n: hea");
    QTRY_COMPARE(streamedSoFar(), streamed + ": hea");
    QCOMPARE(complete.size(), 0);
    server.write("rtbeat\n\r\n0\r\n\r\n");
    QVERIFY(complete.wait());
    QCOMPARE(streamedSoFar(), streamed + ": heartbeat\n");
    QCOMPARE(complete.at(0).at(1).toByteArray(), QByteArray()); // streamed bodies are not collected
}

void tst_HttpClientConnection::serverClosingAfterConnectionCloseIsOrderly()
{
    ScriptedServer server;
    HttpClientConnection client;
    QSignalSpy complete(&client, &HttpClientConnection::responseComplete);
    QSignalSpy disconnected(&client, &HttpClientConnection::disconnected);
    QSignalSpy failed(&client, &HttpClientConnection::failed);
    client.connectToHost(server.url());
    client.sendRequest("GET", "/healthz");
    QTRY_COMPARE(server.requestCount(), 1);
    server.write("HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 2\r\n\r\nok");
    server.socket()->disconnectFromHost();
    QVERIFY(disconnected.wait());
    QCOMPARE(complete.size(), 1);
    QCOMPARE(complete.at(0).at(1).toByteArray(), QByteArray("ok"));
    QCOMPARE(failed.size(), 0);
    QVERIFY(!client.isConnected());
}

void tst_HttpClientConnection::serverClosingWithResponseOutstandingFails()
{
    ScriptedServer server;
    HttpClientConnection client;
    QSignalSpy disconnected(&client, &HttpClientConnection::disconnected);
    QSignalSpy failed(&client, &HttpClientConnection::failed);
    QSignalSpy data(&client, &HttpClientConnection::bodyData);
    client.connectToHost(server.url());
    client.sendRequest("GET", "/events", {}, {}, HttpClientConnection::Body::Streamed);
    QTRY_COMPARE(server.requestCount(), 1);
    // A stream cut in the middle of a chunk (the server dropped the connection).
    server.write("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n10\r\nid: 1\n");
    QTRY_COMPARE(data.size(), 1);
    server.socket()->abort();
    QVERIFY(failed.wait());
    QVERIFY2(failed.at(0).at(0).toString().contains(QLatin1String("connection closed inside a chunk")),
             qPrintable(failed.at(0).at(0).toString()));
    QCOMPARE(disconnected.size(), 0);
    QCOMPARE(client.pendingResponses(), 0);

    // The same object connects again: a request with no answer at all, then the server closes.
    client.connectToHost(server.url());
    client.sendRequest("GET", "/poll");
    QTRY_COMPARE(server.connectionCount(), 2);
    QTRY_COMPARE(server.requestCount(), 1);
    server.socket()->disconnectFromHost();
    QVERIFY(failed.wait());
    QVERIFY2(failed.at(1).at(0).toString().contains(QLatin1String("outstanding")), qPrintable(failed.at(1).at(0).toString()));
    QCOMPARE(disconnected.size(), 0);
}

void tst_HttpClientConnection::readUntilCloseCompletesWhenServerCloses()
{
    ScriptedServer server;
    HttpClientConnection client;
    QSignalSpy complete(&client, &HttpClientConnection::responseComplete);
    QSignalSpy disconnected(&client, &HttpClientConnection::disconnected);
    client.connectToHost(server.url());
    client.sendRequest("GET", "/old");
    QTRY_COMPARE(server.requestCount(), 1);
    server.write("HTTP/1.0 200 OK\r\n\r\nfirst ");
    server.write("second");
    QTest::qWait(0);
    server.socket()->disconnectFromHost();
    QVERIFY(disconnected.wait());
    QCOMPARE(complete.size(), 1);
    QCOMPARE(complete.at(0).at(1).toByteArray(), QByteArray("first second"));
}

void tst_HttpClientConnection::invalidResponseFails()
{
    ScriptedServer server;
    HttpClientConnection client;
    QSignalSpy failed(&client, &HttpClientConnection::failed);
    client.connectToHost(server.url());
    client.sendRequest("GET", "/");
    QTRY_COMPARE(server.requestCount(), 1);
    server.write("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nnot-hex\r\n");
    QVERIFY(failed.wait());
    QVERIFY2(failed.at(0).at(0).toString().contains(QLatin1String("invalid chunk size")),
             qPrintable(failed.at(0).at(0).toString()));
    QVERIFY(!client.isConnected());
    // The client dropped the connection.
    QTRY_COMPARE(server.socket()->state(), QAbstractSocket::UnconnectedState);
}

void tst_HttpClientConnection::connectRefusedFails()
{
    quint16 port = 0;
    {
        QTcpServer probe;
        QVERIFY(probe.listen(QHostAddress::LocalHost, 0));
        port = probe.serverPort();
    }
    HttpClientConnection client;
    QSignalSpy failed(&client, &HttpClientConnection::failed);
    QSignalSpy connected(&client, &HttpClientConnection::connected);
    client.connectToHost(QUrl(QStringLiteral("http://127.0.0.1:%1").arg(port)));
    client.sendRequest("GET", "/");
    QVERIFY(failed.wait());
    QCOMPARE(connected.size(), 0);
    QVERIFY(!failed.at(0).at(0).toString().isEmpty());
    QCOMPARE(client.bytesSent(), 0u);
}

void tst_HttpClientConnection::unsupportedSchemeFails()
{
    HttpClientConnection client;
    QSignalSpy failed(&client, &HttpClientConnection::failed);
    client.connectToHost(QUrl(QStringLiteral("ftp://127.0.0.1:21")));
    QCOMPARE(failed.size(), 0); // reported from the event loop, not from inside the call
    QVERIFY(failed.wait());
    QVERIFY(failed.at(0).at(0).toString().contains(QLatin1String("ftp")));
}

void tst_HttpClientConnection::closeEmitsDisconnected()
{
    ScriptedServer server;
    HttpClientConnection client;
    QSignalSpy connected(&client, &HttpClientConnection::connected);
    QSignalSpy disconnected(&client, &HttpClientConnection::disconnected);
    QSignalSpy failed(&client, &HttpClientConnection::failed);
    client.connectToHost(server.url());
    QVERIFY(connected.wait());
    client.sendRequest("GET", "/events", {}, {}, HttpClientConnection::Body::Streamed);
    client.close();
    QTRY_COMPARE(disconnected.size(), 1);
    QCOMPARE(failed.size(), 0);
    // The server saw the request, then the close.
    QTRY_COMPARE(server.requestCount(), 1);
    QTRY_COMPARE(server.socket()->state(), QAbstractSocket::UnconnectedState);

    // abort() ends a connection without a signal.
    client.connectToHost(server.url());
    QVERIFY(connected.wait());
    client.abort();
    QTest::qWait(50);
    QCOMPARE(disconnected.size(), 1);
    QCOMPARE(failed.size(), 0);
}

void tst_HttpClientConnection::bufferedBodyLimit()
{
    ScriptedServer server;
    HttpClientConnection client;
    client.setMaxBufferedBody(10);
    QSignalSpy failed(&client, &HttpClientConnection::failed);
    client.connectToHost(server.url());
    client.sendRequest("GET", "/big");
    QTRY_COMPARE(server.requestCount(), 1);
    server.write("HTTP/1.1 200 OK\r\nContent-Length: 20\r\n\r\n01234567890123456789");
    QVERIFY(failed.wait());
    QVERIFY(failed.at(0).at(0).toString().contains(QLatin1String("exceeds 10 bytes")));
}

QTEST_GUILESS_MAIN(tst_HttpClientConnection)
#include "tst_httpclientconnection.moc"
