// The manual client's connection against a real embedded server on 127.0.0.1 port 0: the
// WebSocket handshake as it went over the wire, echo, ping/pong, a chosen close code; an SSE
// stream fed by POST /publish that resumes with Last-Event-ID; a wrong token reported as an
// error with the server's reason; bad input refused with a message.
#include "manual/manualconnection.h"
#include "protocol/jsontext.h"
#include "server/server.h"
#include "sim/httpclientconnection.h"

#include "selfsignedtls.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QSignalSpy>
#include <QSslConfiguration>
#include <QSslSocket>
#include <QTest>
#include <QWebSocket>
#include <QWebSocketServer>

#include <memory>

namespace {

ServerConfig loopbackConfig(const QString &token = {})
{
    ServerConfig config;
    config.address = QHostAddress::LocalHost;
    config.port = 0;
    config.workers = 1;
    config.token = token;
    return config;
}

// Every frame a connection logged, in order.
struct FrameLog
{
    explicit FrameLog(ManualConnection &connection)
    {
        QObject::connect(&connection, &ManualConnection::frameLogged, &connection, [this](const ManualFrame &f) { frames.append(f); });
    }
    // The first frame of `kind` in `direction` that matches `accept`, or null.
    template<typename Accept>
    const ManualFrame *find(ManualFrame::Direction direction, ManualFrame::Kind kind, Accept accept) const
    {
        for (const ManualFrame &f : frames) {
            if (f.direction == direction && f.kind == kind && accept(f))
                return &f;
        }
        return nullptr;
    }
    const ManualFrame *find(ManualFrame::Direction direction, ManualFrame::Kind kind) const
    {
        return find(direction, kind, [](const ManualFrame &) { return true; });
    }
    QList<ManualFrame> frames;
};

QJsonObject json(const QByteArray &text)
{
    return QJsonDocument::fromJson(text).object();
}

// POST /publish through the simulator's HTTP client; the server's answer as JSON.
QJsonObject publish(quint16 port, const QByteArray &body)
{
    HttpClientConnection http;
    QSignalSpy complete(&http, &HttpClientConnection::responseComplete);
    http.connectToHost(QUrl(QStringLiteral("http://127.0.0.1:%1").arg(port)));
    http.sendRequest("POST", "/publish", {{"Content-Type", "application/json"}}, body);
    if (!complete.wait(5000))
        return {};
    return json(complete.first().at(1).toByteArray());
}

} // namespace

class tst_ManualConnection : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void webSocketEchoPingAndClose();
    void sseEventsAndResumeWithLastEventId();
    void wrongTokenIsAnErrorWithTheReason();
    void rightTokenInHeaderOrQuery_data();
    void rightTokenInHeaderOrQuery();
    void badInputIsRefusedWithAMessage();
    void wssIgnoresCertificateErrorsOnlyWhenAsked();
    void autoReconnectAfterAServerRestart();
};

void tst_ManualConnection::webSocketEchoPingAndClose()
{
    Server server(loopbackConfig());
    QVERIFY(server.start());
    ManualConnection connection;
    FrameLog log(connection);
    QSignalSpy opened(&connection, &ManualConnection::opened);
    QSignalSpy heads(&connection, &ManualConnection::handshakeResponseReceived);
    QSignalSpy closed(&connection, &ManualConnection::closed);
    QSignalSpy errors(&connection, &ManualConnection::errorOccurred);

    ManualConnection::Options options;
    options.headers = {{"X-Debug", "manual"}};
    QVERIFY(connection.open(QUrl(QStringLiteral("ws://127.0.0.1:%1/ws?channel=manual").arg(server.port())), options));
    QCOMPARE(connection.state(), ManualConnection::State::Connecting);
    QVERIFY(opened.wait(5000));
    QCOMPARE(connection.state(), ManualConnection::State::Open);
    QCOMPARE(connection.protocol(), ManualConnection::Protocol::WebSocket);

    // The handshake as it went over the wire: our request head, the server's 101 head.
    QVERIFY(connection.requestHead().startsWith("GET /ws?channel=manual HTTP/1.1\r\n"));
    QVERIFY(connection.requestHead().contains("\r\nX-Debug: manual\r\n"));
    QVERIFY(connection.requestHead().contains("\r\nSec-WebSocket-Version: 13\r\n"));
    QCOMPARE(heads.size(), 1);
    QCOMPARE(connection.responseHead().status, 101);
    QVERIFY(!connection.responseHead().value("Sec-WebSocket-Accept").isEmpty());
    QVERIFY(connection.handshakeMs() >= 0);
    const ManualFrame *request = log.find(ManualFrame::Direction::Sent, ManualFrame::Kind::Handshake);
    const ManualFrame *response = log.find(ManualFrame::Direction::Received, ManualFrame::Kind::Handshake);
    QVERIFY(request && response);
    QVERIFY(response->payload.startsWith("HTTP/1.1 101 "));
    QVERIFY(response->timeMs >= request->timeMs);

    // The server's welcome, then our echo comes back to us.
    QTRY_VERIFY(log.find(ManualFrame::Direction::Received, ManualFrame::Kind::Text,
                         [](const ManualFrame &f) { return json(f.payload).value(QLatin1String("type")).toString() == u"session.welcome"; }));
    QVERIFY(connection.sendText(QStringLiteral(R"({"type":"echo","payload":{"x":1}})")));
    const ManualFrame *sent = log.find(ManualFrame::Direction::Sent, ManualFrame::Kind::Text);
    QVERIFY(sent);
    QCOMPARE(sent->payload, QByteArray(R"({"type":"echo","payload":{"x":1}})"));
    QCOMPARE(sent->wireBytes, sent->payload.size() + 6); // RFC 6455 5.2: 2 header + 4 mask bytes
    // Pretty-printed with the members in the order sent (not sorted: "type" before "payload").
    QCOMPARE(sent->details(), QStringLiteral("{\n    \"type\": \"echo\",\n    \"payload\": {\n        \"x\": 1\n    }\n}"));
    const QByteArray tricky = " {\"a\" : [ ], \"b\\\"}\": \"x, y: {z}\", \"c\":{}} ";
    QCOMPARE(JsonText::indent(tricky),
             QStringLiteral("{\n    \"a\": [],\n    \"b\\\"}\": \"x, y: {z}\",\n    \"c\": {}\n}"));
    const auto isEcho = [](const ManualFrame &f) {
        const QJsonObject o = json(f.payload);
        return o.value(QLatin1String("type")).toString() == u"echo" && o.value(QLatin1String("payload")).toObject().value(QLatin1String("x")).toInt() == 1;
    };
    QTRY_VERIFY(log.find(ManualFrame::Direction::Received, ManualFrame::Kind::Text, isEcho));
    const ManualFrame *echo = log.find(ManualFrame::Direction::Received, ManualFrame::Kind::Text, isEcho);
    QVERIFY(echo->isJson());
    QCOMPARE(echo->messageType, QStringLiteral("echo"));
    QVERIFY(echo->details().contains(QLatin1String("\n")));  // pretty-printed for the detail pane

    // Ping with a payload: the pong echoes it (RFC 6455 5.5.3) and its round trip is measured.
    QVERIFY(connection.sendPing("hello?"));
    QTRY_VERIFY(log.find(ManualFrame::Direction::Received, ManualFrame::Kind::Pong));
    const ManualFrame *pong = log.find(ManualFrame::Direction::Received, ManualFrame::Kind::Pong);
    QCOMPARE(pong->payload, QByteArray("hello?"));
    QVERIFY(pong->roundTripMs >= 0);

    // Close with a chosen code and reason: sent, the server's Close answers, closed() reports it.
    QVERIFY(connection.close(4000, QStringLiteral("bye")));
    QCOMPARE(connection.state(), ManualConnection::State::Closing);
    QVERIFY(closed.wait(5000));
    QCOMPARE(closed.first().at(0).value<quint16>(), quint16(4000));
    QCOMPARE(closed.first().at(1).toString(), QStringLiteral("bye"));
    const ManualFrame *ourClose = log.find(ManualFrame::Direction::Sent, ManualFrame::Kind::Close);
    QVERIFY(ourClose);
    QCOMPARE(ourClose->closeCode, quint16(4000));
    QCOMPARE(ourClose->preview(), QStringLiteral("4000 bye"));
    const ManualFrame *theirClose = log.find(ManualFrame::Direction::Received, ManualFrame::Kind::Close);
    QVERIFY(theirClose);
    QCOMPARE(theirClose->closeCode, quint16(4000));
    QCOMPARE(connection.state(), ManualConnection::State::Unconnected);
    QVERIFY2(errors.isEmpty(), qPrintable(errors.isEmpty() ? QString() : errors.first().at(0).toString()));

    // Reconnect: the same URL again, a new handshake.
    QVERIFY(connection.reconnect());
    QVERIFY(opened.wait(5000));
    QCOMPARE(heads.size(), 2);
    connection.abort();
    QCOMPARE(connection.state(), ManualConnection::State::Unconnected);
}

void tst_ManualConnection::sseEventsAndResumeWithLastEventId()
{
    ServerConfig config = loopbackConfig();
    config.sseRetry = std::chrono::milliseconds(1500);
    Server server(config);
    QVERIFY(server.start());
    ManualConnection connection;
    FrameLog log(connection);
    QSignalSpy opened(&connection, &ManualConnection::opened);
    QSignalSpy errors(&connection, &ManualConnection::errorOccurred);

    QVERIFY(connection.open(QUrl(QStringLiteral("http://127.0.0.1:%1/events?channel=feed").arg(server.port()))));
    QCOMPARE(connection.protocol(), ManualConnection::Protocol::Sse);
    QVERIFY(opened.wait(5000));
    QVERIFY(connection.requestHead().startsWith("GET /events?channel=feed HTTP/1.1\r\n"));
    QVERIFY(connection.requestHead().contains("\r\nAccept: text/event-stream\r\n"));
    QVERIFY(!connection.requestHead().contains("Last-Event-ID"));
    QCOMPARE(connection.responseHead().status, 200);
    // retry: comes first (WHATWG SSE), then the welcome event.
    QTRY_VERIFY(log.find(ManualFrame::Direction::Received, ManualFrame::Kind::Retry));
    QCOMPARE(log.find(ManualFrame::Direction::Received, ManualFrame::Kind::Retry)->retryMs, 1500);
    QCOMPARE(connection.serverRetryMs(), 1500);
    QTRY_VERIFY(log.find(ManualFrame::Direction::Received, ManualFrame::Kind::Event,
                         [](const ManualFrame &f) { return f.eventType == u"session.welcome"; }));

    const QJsonObject first = publish(server.port(), R"({"channel":"feed","type":"chat.message","payload":{"text":"one"}})");
    const QString firstId = QString::number(first.value(QLatin1String("seq")).toInteger());
    QVERIFY(first.value(QLatin1String("seq")).toInteger() > 0);
    QTRY_VERIFY(log.find(ManualFrame::Direction::Received, ManualFrame::Kind::Event,
                         [&](const ManualFrame &f) { return f.eventId == firstId; }));
    const ManualFrame *event = log.find(ManualFrame::Direction::Received, ManualFrame::Kind::Event,
                                        [&](const ManualFrame &f) { return f.eventId == firstId; });
    QCOMPARE(event->eventType, QStringLiteral("chat.message"));
    QCOMPARE(event->messageType, QStringLiteral("chat.message"));
    QVERIFY(event->preview().startsWith(QLatin1String("id: ") + firstId + QLatin1Char(' ')));
    QCOMPARE(json(event->payload).value(QLatin1String("payload")).toObject().value(QLatin1String("text")).toString(), QStringLiteral("one"));
    QCOMPARE(connection.lastEventId(), firstId);

    // Closed, a message published meanwhile; the reconnect resumes from the last ID and gets it.
    QVERIFY(connection.close());
    QCOMPARE(connection.state(), ManualConnection::State::Unconnected);
    // This time through the connection's own POST beside the stream (the SSE tab's Send).
    QSignalSpy posted(&connection, &ManualConnection::postFinished);
    const QUrl publishUrl = ManualConnection::publishUrlFor(connection.url());
    QCOMPARE(publishUrl, QUrl(QStringLiteral("http://127.0.0.1:%1/publish").arg(server.port())));
    QVERIFY(connection.post(publishUrl, R"({"channel":"feed","type":"chat.message","payload":{"text":"two"}})", {}));
    QVERIFY(posted.wait(5000));
    QCOMPARE(posted.first().at(0).toInt(), 200);
    const QJsonObject second = json(posted.first().at(1).toByteArray());
    const QString secondId = QString::number(second.value(QLatin1String("seq")).toInteger());
    QCOMPARE(second.value(QLatin1String("seq")).toInteger(), first.value(QLatin1String("seq")).toInteger() + 1);
    QVERIFY(log.find(ManualFrame::Direction::Sent, ManualFrame::Kind::Http,
                     [](const ManualFrame &f) { return f.httpLine == u"POST /publish" && f.payload.contains("two"); }));
    QVERIFY(log.find(ManualFrame::Direction::Received, ManualFrame::Kind::Http));
    QVERIFY(connection.reconnect());
    QVERIFY(opened.wait(5000));
    QVERIFY2(connection.requestHead().contains("\r\nLast-Event-ID: " + firstId.toUtf8() + "\r\n"), connection.requestHead().constData());
    QTRY_VERIFY(log.find(ManualFrame::Direction::Received, ManualFrame::Kind::Event,
                         [&](const ManualFrame &f) { return f.eventId == secondId; }));
    QCOMPARE(connection.lastEventId(), secondId);
    QVERIFY(errors.isEmpty());

    // A POST the server refuses is an error with the server's reason.
    QVERIFY(connection.post(publishUrl, R"({"channel":"feed","type":"no dots"})", {}));
    QVERIFY(errors.wait(5000));
    QVERIFY2(errors.first().at(0).toString().contains(QLatin1String("400")) && errors.first().at(0).toString().contains(QLatin1String("type")),
             qPrintable(errors.first().at(0).toString()));

    // A fresh open() (the Connect button) starts over: no Last-Event-ID.
    QVERIFY(connection.open(connection.url()));
    QVERIFY(opened.wait(5000));
    QVERIFY(!connection.requestHead().contains("Last-Event-ID"));
}

void tst_ManualConnection::wrongTokenIsAnErrorWithTheReason()
{
    Server server(loopbackConfig(QStringLiteral("secret")));
    QVERIFY(server.start());
    ManualConnection::Options options;
    options.token = QStringLiteral("wrong");

    // WebSocket: the server accepts the upgrade, then closes with 4001 "Unauthorized".
    ManualConnection ws;
    ws.setAutoReconnect(true);  // a refusal is not retried
    FrameLog wsLog(ws);
    QSignalSpy wsErrors(&ws, &ManualConnection::errorOccurred);
    QSignalSpy wsClosed(&ws, &ManualConnection::closed);
    QVERIFY(ws.open(QUrl(QStringLiteral("ws://127.0.0.1:%1/ws").arg(server.port())), options));
    QVERIFY(wsClosed.wait(5000));
    QCOMPARE(wsClosed.first().at(0).value<quint16>(), quint16(4001));
    QCOMPARE(wsErrors.size(), 1);
    const QString wsError = wsErrors.first().at(0).toString();
    QVERIFY2(wsError.contains(QLatin1String("4001")) && wsError.contains(QLatin1String("Unauthorized")), qPrintable(wsError));
    QVERIFY(ws.requestHead().contains("\r\nAuthorization: Bearer wrong\r\n"));
    QVERIFY(wsLog.find(ManualFrame::Direction::Local, ManualFrame::Kind::Error));
    QVERIFY(!ws.isReconnectPending());

    // SSE: 401 with the server's JSON error as the reason.
    ManualConnection sse;
    sse.setAutoReconnect(true);
    QSignalSpy sseErrors(&sse, &ManualConnection::errorOccurred);
    QSignalSpy sseOpened(&sse, &ManualConnection::opened);
    QVERIFY(sse.open(QUrl(QStringLiteral("http://127.0.0.1:%1/events").arg(server.port())), options));
    QVERIFY(sseErrors.wait(5000));
    const QString sseError = sseErrors.first().at(0).toString();
    QVERIFY2(sseError.contains(QLatin1String("401")) && sseError.contains(QLatin1String("Unauthorized")), qPrintable(sseError));
    QCOMPARE(sse.responseHead().status, 401);
    QVERIFY(sseOpened.isEmpty());
    QCOMPARE(sse.state(), ManualConnection::State::Unconnected);
    QVERIFY(!sse.isReconnectPending());
}

void tst_ManualConnection::rightTokenInHeaderOrQuery_data()
{
    QTest::addColumn<QString>("path");
    QTest::addColumn<int>("placement");
    QTest::addRow("ws header") << QStringLiteral("ws://127.0.0.1:%1/ws") << int(ManualConnection::TokenPlacement::AuthorizationHeader);
    QTest::addRow("ws query") << QStringLiteral("ws://127.0.0.1:%1/ws") << int(ManualConnection::TokenPlacement::QueryParameter);
    QTest::addRow("sse header") << QStringLiteral("http://127.0.0.1:%1/events") << int(ManualConnection::TokenPlacement::AuthorizationHeader);
    QTest::addRow("sse query") << QStringLiteral("http://127.0.0.1:%1/events?channel=a") << int(ManualConnection::TokenPlacement::QueryParameter);
}

void tst_ManualConnection::rightTokenInHeaderOrQuery()
{
    QFETCH(QString, path);
    QFETCH(int, placement);
    Server server(loopbackConfig(QStringLiteral("s3cret+/")));
    QVERIFY(server.start());
    ManualConnection connection;
    QSignalSpy opened(&connection, &ManualConnection::opened);
    QSignalSpy errors(&connection, &ManualConnection::errorOccurred);
    ManualConnection::Options options;
    options.token = QStringLiteral("s3cret+/");
    options.tokenPlacement = ManualConnection::TokenPlacement(placement);
    QVERIFY(connection.open(QUrl(path.arg(server.port())), options));
    QVERIFY(opened.wait(5000));
    // The server's checks come after opening for WebSocket; give them the chance to close.
    QVERIFY(!errors.wait(300));
    QCOMPARE(connection.state(), ManualConnection::State::Open);
}

void tst_ManualConnection::badInputIsRefusedWithAMessage()
{
    ManualConnection connection;
    QSignalSpy errors(&connection, &ManualConnection::errorOccurred);
    QVERIFY(!connection.open(QUrl(QStringLiteral("ftp://example.com/"))));
    QVERIFY(errors.last().at(0).toString().contains(QLatin1String("ftp")));
    QVERIFY(!connection.open(QUrl(QStringLiteral("127.0.0.1:8080/ws"))));
    QVERIFY(!connection.open(QUrl()));
    QCOMPARE(errors.size(), 3);

    ManualConnection::Options options;
    options.headers = {{"Bad Name", "x"}};
    QVERIFY(!connection.open(QUrl(QStringLiteral("ws://127.0.0.1:1/ws")), options));
    QVERIFY(errors.last().at(0).toString().contains(QLatin1String("Bad Name")));
    options.headers = {{"Sec-WebSocket-Key", "x"}};
    QVERIFY(!connection.open(QUrl(QStringLiteral("ws://127.0.0.1:1/ws")), options));
    options.headers = {{"Authorization", "Basic x"}};
    options.token = QStringLiteral("t");
    QVERIFY(!connection.open(QUrl(QStringLiteral("ws://127.0.0.1:1/ws")), options));
    QCOMPARE(connection.state(), ManualConnection::State::Unconnected);

    QVERIFY(ManualConnection::checkCloseCode(1000).isEmpty());
    QVERIFY(ManualConnection::checkCloseCode(4999).isEmpty());
    QVERIFY(ManualConnection::checkCloseCode(3000).isEmpty());
    QVERIFY(!ManualConnection::checkCloseCode(1005).isEmpty());
    QVERIFY(!ManualConnection::checkCloseCode(1006).isEmpty());
    QVERIFY(!ManualConnection::checkCloseCode(999).isEmpty());
    QVERIFY(!ManualConnection::checkCloseCode(2000).isEmpty());
    QVERIFY(!ManualConnection::checkCloseCode(5000).isEmpty());

    // Sending while not connected says so instead of doing nothing.
    QVERIFY(!connection.sendText(QStringLiteral("x")));
    QVERIFY(errors.last().at(0).toString().contains(QLatin1String("not connected")));

    // Nobody listens on this port: a connect error, reported.
    QVERIFY(connection.open(QUrl(QStringLiteral("ws://127.0.0.1:1/ws"))));
    QVERIFY(errors.wait(5000));
    QVERIFY2(errors.last().at(0).toString().startsWith(QLatin1String("cannot connect to 127.0.0.1:1: ")), qPrintable(errors.last().at(0).toString()));
    QCOMPARE(connection.state(), ManualConnection::State::Unconnected);
}

void tst_ManualConnection::wssIgnoresCertificateErrorsOnlyWhenAsked()
{
    if (!QSslSocket::supportsSsl())
        QSKIP("no TLS backend");
    // A local server with a self-signed certificate (tests/sim/data/README.md).
    const QSslConfiguration tls = selfSignedServerTls();
    QVERIFY(!tls.localCertificate().isNull());
    QVERIFY(!tls.privateKey().isNull());
    QWebSocketServer server(QStringLiteral("tls peer"), QWebSocketServer::SecureMode);
    server.setSslConfiguration(tls);
    QVERIFY(server.listen(QHostAddress::LocalHost, 0));
    std::vector<std::unique_ptr<QWebSocket>> sockets;
    QObject::connect(&server, &QWebSocketServer::newConnection, &server, [&] {
        while (QWebSocket *socket = server.nextPendingConnection()) {
            sockets.emplace_back(socket);
            QObject::connect(socket, &QWebSocket::textMessageReceived, socket, [socket](const QString &text) {
                socket->sendTextMessage(QStringLiteral("echo: ") + text);
            });
        }
    });
    const QUrl url(QStringLiteral("wss://127.0.0.1:%1/").arg(server.serverPort()));

    // Refused by default (the system's CAs do not know it), saying it was TLS.
    ManualConnection strict;
    QSignalSpy strictErrors(&strict, &ManualConnection::errorOccurred);
    QVERIFY(strict.open(url));
    QVERIFY(strictErrors.wait(10000));
    QVERIFY2(strictErrors.first().at(0).toString().contains(QLatin1String("TLS")), qPrintable(strictErrors.first().at(0).toString()));

    // Accepted with "ignore certificate errors".
    ManualConnection insecure;
    FrameLog log(insecure);
    QSignalSpy opened(&insecure, &ManualConnection::opened);
    ManualConnection::Options options;
    options.ignoreCertificateErrors = true;
    QVERIFY(insecure.open(url, options));
    QVERIFY(opened.wait(10000));
    QVERIFY(insecure.sendText(QStringLiteral("over TLS")));
    QTRY_VERIFY(log.find(ManualFrame::Direction::Received, ManualFrame::Kind::Text,
                         [](const ManualFrame &f) { return f.payload == "echo: over TLS"; }));
}

void tst_ManualConnection::autoReconnectAfterAServerRestart()
{
    ServerConfig config = loopbackConfig();
    config.sseRetry = std::chrono::milliseconds(200);
    Server server(config);
    QVERIFY(server.start());

    ManualConnection ws;
    ws.setAutoReconnect(true);
    QSignalSpy wsOpened(&ws, &ManualConnection::opened);
    QSignalSpy wsScheduled(&ws, &ManualConnection::reconnectScheduled);
    QVERIFY(ws.open(QUrl(QStringLiteral("ws://127.0.0.1:%1/ws?channel=again").arg(server.port()))));
    QVERIFY(wsOpened.wait(5000));

    ManualConnection sse;
    sse.setAutoReconnect(true);
    FrameLog sseLog(sse);
    QSignalSpy sseOpened(&sse, &ManualConnection::opened);
    QSignalSpy sseScheduled(&sse, &ManualConnection::reconnectScheduled);
    QVERIFY(sse.open(QUrl(QStringLiteral("http://127.0.0.1:%1/events?channel=again").arg(server.port()))));
    QVERIFY(sseOpened.wait(5000));
    const QJsonObject published = publish(server.port(), R"({"channel":"again","type":"chat.message","payload":{"n":1}})");
    const QString id = QString::number(published.value(QLatin1String("seq")).toInteger());
    QTRY_COMPARE(sse.lastEventId(), id);
    QTRY_COMPARE(sse.serverRetryMs(), 200);

    // The server goes away (1001 to WebSockets, streams end) and comes back 300 ms later.
    server.restart(std::chrono::milliseconds(300));
    QTRY_COMPARE_WITH_TIMEOUT(wsOpened.size(), 2, 10000);
    QVERIFY(!wsScheduled.isEmpty());
    QCOMPARE(wsScheduled.first().at(0).toLongLong(), 1000); // WebSocket: 1 s first
    QTRY_COMPARE_WITH_TIMEOUT(sseOpened.size(), 2, 10000);
    QCOMPARE(sseScheduled.first().at(0).toLongLong(), 200);  // SSE: the server's retry:
    QVERIFY2(sse.requestHead().contains("\r\nLast-Event-ID: " + id.toUtf8() + "\r\n"), sse.requestHead().constData());
    QVERIFY(sseLog.find(ManualFrame::Direction::Local, ManualFrame::Kind::Info,
                        [](const ManualFrame &f) { return f.payload.startsWith("reconnecting automatically"); }));

    // Ended by the user: no reconnect.
    QVERIFY(ws.close());
    QSignalSpy wsClosed(&ws, &ManualConnection::closed);
    QVERIFY(wsClosed.wait(5000));
    QVERIFY(!ws.isReconnectPending());
    QVERIFY(sse.close());
    QVERIFY(!sse.isReconnectPending());
}

QTEST_GUILESS_MAIN(tst_ManualConnection)
#include "tst_manualconnection.moc"
