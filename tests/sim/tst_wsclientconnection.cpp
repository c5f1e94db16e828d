// The simulator's WebSocket client against three peers, all on 127.0.0.1 port 0: the embedded
// Server (welcome, echo, close codes it sends), Qt's QWebSocketServer (an independent
// implementation: masking, fragmentation, ping/pong, close codes) and a QTcpServer scripted by
// hand (bad handshakes and bad frames, byte for byte).
#include "protocol/wsframe.h"
#include "server/server.h"
#include "sim/timerqueue.h"
#include "sim/wsclientconnection.h"

#include "selfsignedtls.h"

#include <QCryptographicHash>
#include <QElapsedTimer>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSignalSpy>
#include <QSslConfiguration>
#include <QSslSocket>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTest>
#include <QTimer>
#include <QWebSocket>
#include <QWebSocketServer>

#include <memory>

#include <sys/socket.h>

using namespace std::chrono_literals;

namespace {

ServerConfig loopbackConfig()
{
    ServerConfig config;
    config.address = QHostAddress::LocalHost;
    config.port = 0;
    config.workers = 1;
    return config;
}

QJsonObject json(const QByteArray &text)
{
    return QJsonDocument::fromJson(text).object();
}

// A QWebSocketServer that keeps its connections and what they received.
class QtPeer
{
public:
    QtPeer()
        : m_server(QStringLiteral("peer"), QWebSocketServer::NonSecureMode)
    {
        QVERIFY(m_server.listen(QHostAddress::LocalHost, 0));
        QObject::connect(&m_server, &QWebSocketServer::newConnection, &m_server, [this] {
            while (QWebSocket *socket = m_server.nextPendingConnection()) {
                m_sockets.append(socket);
                m_peers.append(socket->peerAddress());
                QObject::connect(socket, &QWebSocket::textMessageReceived, socket, [this](const QString &text) { m_texts.append(text); });
                QObject::connect(socket, &QWebSocket::binaryMessageReceived, socket, [this](const QByteArray &bytes) { m_binaries.append(bytes); });
                QObject::connect(socket, &QWebSocket::pong, socket, [this](quint64, const QByteArray &payload) { m_pongs.append(payload); });
            }
        });
    }
    ~QtPeer() { qDeleteAll(m_sockets); }
    QUrl url(const QString &host = QStringLiteral("127.0.0.1")) const
    {
        return QUrl(QStringLiteral("ws://%1:%2/").arg(host).arg(m_server.serverPort()));
    }
    QWebSocket *last() const { return m_sockets.isEmpty() ? nullptr : m_sockets.last(); }
    int count() const { return int(m_sockets.size()); }

    QWebSocketServer m_server;
    QList<QWebSocket *> m_sockets;
    QList<QHostAddress> m_peers;
    QStringList m_texts;
    QList<QByteArray> m_binaries;
    QList<QByteArray> m_pongs;
};

// A QTcpServer whose one connection the test answers by hand.
class ScriptedPeer
{
public:
    ScriptedPeer()
    {
        QVERIFY(m_server.listen(QHostAddress::LocalHost, 0));
        QObject::connect(&m_server, &QTcpServer::newConnection, &m_server, [this] {
            while (QTcpSocket *s = m_server.nextPendingConnection()) {
                m_socket = s;
                QObject::connect(s, &QIODevice::readyRead, s, [this, s] { m_received += s->readAll(); });
            }
        });
    }
    QUrl url() const { return QUrl(QStringLiteral("ws://127.0.0.1:%1/ws?x=1").arg(m_server.serverPort())); }
    bool requestComplete() const { return m_received.contains("\r\n\r\n"); }
    QByteArray key() const
    {
        for (const QByteArray &line : m_received.left(m_received.indexOf("\r\n\r\n")).split('\n')) {
            if (line.toLower().startsWith("sec-websocket-key:"))
                return line.mid(18).trimmed();
        }
        return {};
    }
    QByteArray acceptFor(const QByteArray &key) const
    {
        return QCryptographicHash::hash(key + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11", QCryptographicHash::Sha1).toBase64();
    }
    QByteArray goodResponse() const
    {
        return "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: "
            + acceptFor(key()) + "\r\n\r\n";
    }
    void write(const QByteArray &bytes)
    {
        m_socket->write(bytes);
        m_socket->flush();
    }
    // Frames the client sent after its request, unmasked: (opcode, payload).
    QList<QPair<int, QByteArray>> clientFrames() const
    {
        QList<QPair<int, QByteArray>> frames;
        QByteArray rest = m_received.mid(m_received.indexOf("\r\n\r\n") + 4);
        while (rest.size() >= 6) {
            const int opcode = uchar(rest[0]) & 0x0F;
            if (!(uchar(rest[1]) & 0x80))
                return {}; // a client frame must be masked
            qsizetype length = uchar(rest[1]) & 0x7F;
            qsizetype offset = 2;
            if (length == 126) {
                length = (uchar(rest[2]) << 8) | uchar(rest[3]);
                offset = 4;
            }
            if (rest.size() < offset + 4 + length)
                break;
            const quint32 key = (quint32(uchar(rest[offset])) << 24) | (quint32(uchar(rest[offset + 1])) << 16)
                | (quint32(uchar(rest[offset + 2])) << 8) | quint32(uchar(rest[offset + 3]));
            QByteArray payload = rest.mid(offset + 4, length);
            WsFrame::applyMask(payload.data(), payload.size(), key);
            frames.append({opcode, payload});
            rest = rest.mid(offset + 4 + length);
        }
        return frames;
    }

    QTcpServer m_server;
    QTcpSocket *m_socket = nullptr;
    QByteArray m_received;
};

QByteArray serverFrame(quint8 firstByte, const QByteArray &payload)
{
    QByteArray frame;
    frame.append(char(firstByte));
    frame.append(char(payload.size()));
    return frame + payload;
}

} // namespace

class tst_WsClientConnection : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    // against the embedded server
    void handshakeAndWelcome();
    void echoRoundTrip();
    void serverStopClosesWithGoingAway();
    void clientCloseCompletesTheHandshake();
    void tokenInAuthorizationHeader();
    void oversizedMessageIsClosedWith1009();
    // against QWebSocketServer
    void messagesReachTheServerMasked();
    void serverPingIsAnsweredWithPong();
    void clientPingGetsPong();
    void fragmentedMessagesAreReassembled();
    void closeCodes_data();
    void closeCodes();
    void bindsToTheSourceAddress();
    void wssWithASelfSignedCertificate();
    // against a scripted peer
    void badHandshakeIsRejected_data();
    void badHandshakeIsRejected();
    void framesRightAfterTheHandshakeArrive();
    void urlWithoutPathAsksForSlash();
    void queryIsSentAsWritten();
    void offeredSubprotocolIsAccepted_data();
    void offeredSubprotocolIsAccepted();
    void subprotocolNotOfferedFails();
    void refusalsNameTheirOutcome();
    void protocolErrorSendsCloseAndEnds();
    void protocolErrorCloseSurvivesFollowingFrames();
    void protocolErrorEndsAfterTheGrace();
    void closeGraceEndsAnUnansweredClose();
    void closeGraceRunsOnTheTimerQueue();
    void peerEndWithoutCloseFrameIsAbnormal_data();
    void peerEndWithoutCloseFrameIsAbnormal();
    void closeFrameAndEndTogether();
    void connectRefusedFails();
    void unsupportedSchemeFails();
};

void tst_WsClientConnection::handshakeAndWelcome()
{
    Server server(loopbackConfig());
    QVERIFY(server.start());
    WsClientConnection client;
    QSignalSpy opened(&client, &WsClientConnection::opened);
    QSignalSpy texts(&client, &WsClientConnection::textMessageReceived);
    client.open(QUrl(QStringLiteral("ws://127.0.0.1:%1/ws?channel=room").arg(server.port())));
    QCOMPARE(client.state(), WsClientConnection::State::Connecting);
    QVERIFY(opened.wait());
    QVERIFY(client.isOpen());
    QTRY_COMPARE(texts.size(), 1);
    const QJsonObject welcome = json(texts.at(0).at(0).toByteArray());
    QCOMPARE(welcome.value(QLatin1String("type")).toString(), QStringLiteral("session.welcome"));
    QCOMPARE(welcome.value(QLatin1String("channel")).toString(), QStringLiteral("room"));
    QVERIFY(client.bytesSent() > 100);   // the handshake request
    QVERIFY(client.bytesReceived() > 100);
    QTRY_COMPARE(server.stats().openWebSocket, 1);
}

void tst_WsClientConnection::echoRoundTrip()
{
    Server server(loopbackConfig());
    QVERIFY(server.start());
    WsClientConnection client;
    QSignalSpy opened(&client, &WsClientConnection::opened);
    QSignalSpy texts(&client, &WsClientConnection::textMessageReceived);
    client.open(QUrl(QStringLiteral("ws://127.0.0.1:%1/ws").arg(server.port())));
    QVERIFY(opened.wait());
    QTRY_COMPARE(texts.size(), 1); // welcome
    const quint64 sentBefore = client.bytesSent();
    // 300 bytes: the 16-bit length form, masked.
    const QByteArray message = R"({"type":"echo","id":"e1","payload":{"pad":")" + QByteArray(250, 'x') + R"("}})";
    QVERIFY(client.sendText(message));
    QCOMPARE(client.bytesSent(), sentBefore + quint64(message.size()) + 8);
    QTRY_COMPARE(texts.size(), 2);
    const QJsonObject echo = json(texts.at(1).at(0).toByteArray());
    QCOMPARE(echo.value(QLatin1String("type")).toString(), QStringLiteral("echo"));
    QCOMPARE(echo.value(QLatin1String("id")).toString(), QStringLiteral("e1"));
    QCOMPARE(echo.value(QLatin1String("payload")).toObject().value(QLatin1String("pad")).toString().size(), 250);
}

void tst_WsClientConnection::serverStopClosesWithGoingAway()
{
    Server server(loopbackConfig());
    QVERIFY(server.start());
    WsClientConnection client;
    QSignalSpy opened(&client, &WsClientConnection::opened);
    QSignalSpy closed(&client, &WsClientConnection::closed);
    client.open(QUrl(QStringLiteral("ws://127.0.0.1:%1/ws").arg(server.port())));
    QVERIFY(opened.wait());
    QTRY_COMPARE(server.stats().openWebSocket, 1);
    server.stop();
    QTRY_COMPARE(closed.size(), 1);
    QCOMPARE(closed.at(0).at(0).value<quint16>(), quint16(1001));
    QCOMPARE(client.state(), WsClientConnection::State::Unconnected);
    QVERIFY(server.stopAndWait(5s));
}

void tst_WsClientConnection::clientCloseCompletesTheHandshake()
{
    Server server(loopbackConfig());
    QVERIFY(server.start());
    WsClientConnection client;
    QSignalSpy opened(&client, &WsClientConnection::opened);
    QSignalSpy closed(&client, &WsClientConnection::closed);
    client.open(QUrl(QStringLiteral("ws://127.0.0.1:%1/ws").arg(server.port())));
    QVERIFY(opened.wait());
    QTRY_COMPARE(server.stats().openWebSocket, 1);
    QElapsedTimer timer;
    timer.start();
    client.close(1000, QStringLiteral("bye"));
    QCOMPARE(client.state(), WsClientConnection::State::Closing);
    QVERIFY(!client.sendText("{}")); // nothing after our Close
    QTRY_COMPARE(closed.size(), 1);
    // The server answered and closed the TCP connection: well before the 2 s grace.
    QVERIFY2(timer.elapsed() < 1500, qPrintable(QString::number(timer.elapsed())));
    QCOMPARE(closed.at(0).at(0).value<quint16>(), quint16(1000));
    QCOMPARE(closed.at(0).at(1).toString(), QStringLiteral("bye"));
    QTRY_COMPARE(server.stats().openWebSocket, 0);
}

void tst_WsClientConnection::tokenInAuthorizationHeader()
{
    ServerConfig config = loopbackConfig();
    config.token = QStringLiteral("s3cret");
    Server server(config);
    QVERIFY(server.start());
    const QUrl url(QStringLiteral("ws://127.0.0.1:%1/ws").arg(server.port()));

    // Without the token the server accepts the upgrade and closes with 4001 (docs/server.md).
    WsClientConnection refused;
    QSignalSpy refusedClosed(&refused, &WsClientConnection::closed);
    QSignalSpy refusedFailed(&refused, &WsClientConnection::failed);
    refused.open(url);
    QTRY_COMPARE(refusedClosed.size() + refusedFailed.size(), 1);
    QCOMPARE(refusedClosed.size(), 1);
    QCOMPARE(refusedClosed.at(0).at(0).value<quint16>(), quint16(4001));

    WsClientConnection client;
    QSignalSpy texts(&client, &WsClientConnection::textMessageReceived);
    WsClientConnection::Options options;
    options.headers = {{"Authorization", "Bearer s3cret"}, {"X-Test", "1"}};
    client.open(url, options);
    QTRY_COMPARE(texts.size(), 1);
    QCOMPARE(json(texts.at(0).at(0).toByteArray()).value(QLatin1String("type")).toString(), QStringLiteral("session.welcome"));
}

void tst_WsClientConnection::oversizedMessageIsClosedWith1009()
{
    ServerConfig config = loopbackConfig();
    config.maxMessageBytes = 1024;
    Server server(config);
    QVERIFY(server.start());
    WsClientConnection client;
    QSignalSpy opened(&client, &WsClientConnection::opened);
    QSignalSpy closed(&client, &WsClientConnection::closed);
    client.open(QUrl(QStringLiteral("ws://127.0.0.1:%1/ws").arg(server.port())));
    QVERIFY(opened.wait());
    QVERIFY(client.sendText(R"({"type":"t","payload":")" + QByteArray(4000, 'x') + R"("})"));
    QTRY_COMPARE(closed.size(), 1);
    QCOMPARE(closed.at(0).at(0).value<quint16>(), quint16(1009));
}

void tst_WsClientConnection::messagesReachTheServerMasked()
{
    // QWebSocketServer refuses unmasked client frames, so arriving intact proves the masking.
    QtPeer peer;
    WsClientConnection client;
    QSignalSpy opened(&client, &WsClientConnection::opened);
    client.open(peer.url());
    QVERIFY(opened.wait());
    QVERIFY(client.sendText("h\xC3\xA9llo"));
    const QByteArray big(70000, 'b'); // the 64-bit length form
    QVERIFY(client.sendBinary(big));
    QVERIFY(client.sendText(""));
    QTRY_COMPARE(peer.m_texts.size(), 2);
    QCOMPARE(peer.m_texts.at(0), QStringLiteral("h\u00e9llo"));
    QCOMPARE(peer.m_texts.at(1), QString());
    QTRY_COMPARE(peer.m_binaries.size(), 1);
    QCOMPARE(peer.m_binaries.at(0), big);
}

void tst_WsClientConnection::serverPingIsAnsweredWithPong()
{
    QtPeer peer;
    WsClientConnection client;
    QSignalSpy opened(&client, &WsClientConnection::opened);
    client.open(peer.url());
    QVERIFY(opened.wait());
    QTRY_COMPARE(peer.count(), 1);
    peer.last()->ping("are you there");
    QTRY_COMPARE(peer.m_pongs.size(), 1);
    QCOMPARE(peer.m_pongs.at(0), QByteArray("are you there"));
}

void tst_WsClientConnection::clientPingGetsPong()
{
    QtPeer peer;
    WsClientConnection client;
    QSignalSpy opened(&client, &WsClientConnection::opened);
    QSignalSpy pongs(&client, &WsClientConnection::pongReceived);
    client.open(peer.url());
    QVERIFY(opened.wait());
    QVERIFY(client.ping("p1"));
    QVERIFY(!client.ping(QByteArray(126, 'p'))); // RFC 6455 5.5: too long for a control frame
    QTRY_COMPARE(pongs.size(), 1);
    QCOMPARE(pongs.at(0).at(0).toByteArray(), QByteArray("p1"));
}

void tst_WsClientConnection::fragmentedMessagesAreReassembled()
{
    QtPeer peer;
    WsClientConnection client;
    QSignalSpy opened(&client, &WsClientConnection::opened);
    QSignalSpy texts(&client, &WsClientConnection::textMessageReceived);
    QSignalSpy binaries(&client, &WsClientConnection::binaryMessageReceived);
    client.open(peer.url());
    QVERIFY(opened.wait());
    QTRY_COMPARE(peer.count(), 1);
    // 7-byte fragments: the multi-byte characters are cut between frames.
    peer.last()->setOutgoingFrameSize(7);
    const QString text = QStringLiteral("\u00e9\u00e9\u00e9 fragments \u20ac\u20ac \U0001F600 end");
    peer.last()->sendTextMessage(text);
    const QByteArray binary(100, '\x07');
    peer.last()->sendBinaryMessage(binary);
    QTRY_COMPARE(texts.size(), 1);
    QCOMPARE(QString::fromUtf8(texts.at(0).at(0).toByteArray()), text);
    QTRY_COMPARE(binaries.size(), 1);
    QCOMPARE(binaries.at(0).at(0).toByteArray(), binary);
}

void tst_WsClientConnection::closeCodes_data()
{
    QTest::addColumn<int>("code");
    QTest::addColumn<QString>("reason");
    QTest::addRow("1000 normal") << 1000 << QStringLiteral("done");
    QTest::addRow("1001 going away") << 1001 << QStringLiteral("restart");
    QTest::addRow("1008 policy") << 1008 << QStringLiteral("policy violated");
    QTest::addRow("1011 internal error") << 1011 << QString();
    QTest::addRow("4000 private use") << 4000 << QStringLiteral("app: \u00e9t\u00e9");
}

void tst_WsClientConnection::closeCodes()
{
    QFETCH(int, code);
    QFETCH(QString, reason);
    QtPeer peer;
    WsClientConnection client;
    QSignalSpy opened(&client, &WsClientConnection::opened);
    QSignalSpy closed(&client, &WsClientConnection::closed);
    client.open(peer.url());
    QVERIFY(opened.wait());
    QTRY_COMPARE(peer.count(), 1);
    QSignalSpy peerDisconnected(peer.last(), &QWebSocket::disconnected);
    peer.last()->close(QWebSocketProtocol::CloseCode(code), reason);
    QTRY_COMPARE(closed.size(), 1);
    QCOMPARE(closed.at(0).at(0).value<quint16>(), quint16(code));
    QCOMPARE(closed.at(0).at(1).toString(), reason);
    QCOMPARE(client.closeCode(), quint16(code));
    // Our Close answered theirs: the peer saw a complete closing handshake.
    QTRY_COMPARE(peerDisconnected.size(), 1);
    QCOMPARE(int(peer.last()->closeCode()), code);
}

void tst_WsClientConnection::bindsToTheSourceAddress()
{
    QtPeer peer;
    WsClientConnection client;
    QSignalSpy opened(&client, &WsClientConnection::opened);
    WsClientConnection::Options options;
    options.sourceAddress = QHostAddress(QStringLiteral("127.0.0.3"));
    client.open(peer.url(), options);
    QVERIFY(opened.wait());
    QTRY_COMPARE(peer.count(), 1);
    QCOMPARE(peer.m_peers.at(0), QHostAddress(QStringLiteral("127.0.0.3")));
    QCOMPARE(client.socket()->localAddress(), QHostAddress(QStringLiteral("127.0.0.3")));
}

void tst_WsClientConnection::wssWithASelfSignedCertificate()
{
    if (!QSslSocket::supportsSsl())
        QSKIP("no TLS backend");
    const QSslConfiguration tls = selfSignedServerTls();
    QVERIFY(!tls.localCertificate().isNull());
    QVERIFY(!tls.privateKey().isNull());
    QWebSocketServer server(QStringLiteral("tls peer"), QWebSocketServer::SecureMode);
    server.setSslConfiguration(tls);
    QVERIFY(server.listen(QHostAddress::LocalHost, 0));
    QList<QWebSocket *> sockets;
    QObject::connect(&server, &QWebSocketServer::newConnection, &server, [&] {
        while (QWebSocket *socket = server.nextPendingConnection()) {
            sockets.append(socket);
            QObject::connect(socket, &QWebSocket::textMessageReceived, socket, [socket](const QString &text) {
                socket->sendTextMessage(QStringLiteral("echo: ") + text);
            });
        }
    });
    const QUrl url(QStringLiteral("wss://127.0.0.1:%1/").arg(server.serverPort()));

    // The scenario's "insecure": the self-signed certificate is accepted.
    WsClientConnection insecure;
    QSignalSpy opened(&insecure, &WsClientConnection::opened);
    QSignalSpy texts(&insecure, &WsClientConnection::textMessageReceived);
    WsClientConnection::Options options;
    options.acceptSelfSigned = true;
    insecure.open(url, options);
    QVERIFY(opened.wait(10000));
    QVERIFY(qobject_cast<QSslSocket *>(insecure.socket()));
    QVERIFY(insecure.sendText("over TLS"));
    QTRY_COMPARE(texts.size(), 1);
    QCOMPARE(texts.at(0).at(0).toByteArray(), QByteArray("echo: over TLS"));

    // Without it, the certificate is refused and the attempt fails, saying why.
    WsClientConnection strict;
    QSignalSpy failed(&strict, &WsClientConnection::failed);
    strict.open(url);
    QVERIFY(failed.wait(10000));
    QVERIFY2(failed.at(0).at(0).toString().startsWith(QLatin1String("TLS: ")), qPrintable(failed.at(0).at(0).toString()));
    qDeleteAll(sockets);
}

void tst_WsClientConnection::badHandshakeIsRejected_data()
{
    QTest::addColumn<QByteArray>("response");   // "ACCEPT" is replaced by the right accept value
    QTest::addColumn<QString>("expectedError");
    QTest::addRow("wrong Sec-WebSocket-Accept")
        << QByteArray("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                      "Sec-WebSocket-Accept: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n")
        << QStringLiteral("Sec-WebSocket-Accept");
    QTest::addRow("missing Sec-WebSocket-Accept")
        << QByteArray("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\r\n")
        << QStringLiteral("Sec-WebSocket-Accept");
    QTest::addRow("Upgrade is not websocket")
        << QByteArray("HTTP/1.1 101 Switching Protocols\r\nUpgrade: h2c\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: ACCEPT\r\n\r\n")
        << QStringLiteral("Upgrade");
    QTest::addRow("no Connection: Upgrade")
        << QByteArray("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nSec-WebSocket-Accept: ACCEPT\r\n\r\n")
        << QStringLiteral("Connection");
    QTest::addRow("extension not offered")
        << QByteArray("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: ACCEPT\r\n"
                      "Sec-WebSocket-Extensions: permessage-deflate\r\n\r\n")
        << QStringLiteral("extensions");
    QTest::addRow("subprotocol not offered")
        << QByteArray("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: ACCEPT\r\n"
                      "Sec-WebSocket-Protocol: chat\r\n\r\n")
        << QStringLiteral("subprotocol");
    QTest::addRow("200 instead of 101")
        << QByteArray("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok") << QStringLiteral("HTTP 200");
    QTest::addRow("401 refused")
        << QByteArray("HTTP/1.1 401 Unauthorized\r\nContent-Length: 0\r\n\r\n") << QStringLiteral("HTTP 401 Unauthorized");
    QTest::addRow("not HTTP") << QByteArray("SSH-2.0-OpenSSH\r\n\r\n") << QStringLiteral("invalid handshake response");
    QTest::addRow("closed mid-head") << QByteArray("HTTP/1.1 101 Swi") << QStringLiteral("closed during the opening handshake");
}

void tst_WsClientConnection::badHandshakeIsRejected()
{
    QFETCH(QByteArray, response);
    QFETCH(QString, expectedError);
    ScriptedPeer peer;
    WsClientConnection client;
    QSignalSpy opened(&client, &WsClientConnection::opened);
    QSignalSpy failed(&client, &WsClientConnection::failed);
    QSignalSpy closed(&client, &WsClientConnection::closed);
    client.open(peer.url());
    QTRY_VERIFY(peer.requestComplete());
    // The request is an RFC 6455 4.1 opening handshake.
    QVERIFY(peer.m_received.startsWith("GET /ws?x=1 HTTP/1.1\r\n"));
    QVERIFY(peer.m_received.contains("\r\nUpgrade: websocket\r\n"));
    QVERIFY(peer.m_received.contains("\r\nConnection: Upgrade\r\n"));
    QVERIFY(peer.m_received.contains("\r\nSec-WebSocket-Version: 13\r\n"));
    QCOMPARE(QByteArray::fromBase64(peer.key()).size(), 16);
    response.replace("ACCEPT", peer.acceptFor(peer.key()));
    peer.write(response);
    if (response.endsWith("Swi"))
        peer.m_socket->disconnectFromHost();
    QTRY_COMPARE(failed.size(), 1);
    QVERIFY2(failed.at(0).at(0).toString().contains(expectedError), qPrintable(failed.at(0).at(0).toString()));
    QCOMPARE(opened.size(), 0);
    QCOMPARE(closed.size(), 0);
    QCOMPARE(client.state(), WsClientConnection::State::Unconnected);
}

void tst_WsClientConnection::framesRightAfterTheHandshakeArrive()
{
    // The response and the first frames in one write, as a server that sends a welcome at once
    // often does: the frames must not be lost in the handshake's buffer.
    ScriptedPeer peer;
    WsClientConnection client;
    QSignalSpy opened(&client, &WsClientConnection::opened);
    QSignalSpy texts(&client, &WsClientConnection::textMessageReceived);
    client.open(peer.url());
    QTRY_VERIFY(peer.requestComplete());
    peer.write(peer.goodResponse() + serverFrame(0x81, "first") + serverFrame(0x89, "ping") + serverFrame(0x81, "second"));
    QTRY_COMPARE(texts.size(), 2);
    QCOMPARE(opened.size(), 1);
    QCOMPARE(texts.at(0).at(0).toByteArray(), QByteArray("first"));
    QCOMPARE(texts.at(1).at(0).toByteArray(), QByteArray("second"));
    // The ping was answered with a masked pong carrying the same data.
    QTRY_COMPARE(peer.clientFrames().size(), 1);
    QCOMPARE(peer.clientFrames().at(0), (QPair<int, QByteArray>(0xA, "ping")));
    QCOMPARE(client.bytesSent(), quint64(peer.m_received.size()));
}

void tst_WsClientConnection::urlWithoutPathAsksForSlash()
{
    // RFC 9112 3.2.1: the request target is an absolute path, also for "ws://host:port?query".
    ScriptedPeer peer;
    WsClientConnection client;
    client.open(QUrl(QStringLiteral("ws://127.0.0.1:%1?channel=a").arg(peer.m_server.serverPort())));
    QTRY_VERIFY(peer.requestComplete());
    QVERIFY2(peer.m_received.startsWith("GET /?channel=a HTTP/1.1\r\nHost: 127.0.0.1:"), peer.m_received.constData());
}

void tst_WsClientConnection::queryIsSentAsWritten()
{
    // A user's URL goes out byte for byte: escapes kept, nothing decoded or re-encoded.
    ScriptedPeer peer;
    WsClientConnection client;
    client.open(QUrl::fromEncoded(QByteArrayLiteral("ws://127.0.0.1:") + QByteArray::number(peer.m_server.serverPort())
                                  + "/rooms?room=a%20b&v=1%2F2&empty=", QUrl::TolerantMode));
    QTRY_VERIFY(peer.requestComplete());
    QVERIFY2(peer.m_received.startsWith("GET /rooms?room=a%20b&v=1%2F2&empty= HTTP/1.1\r\n"), peer.m_received.constData());
}

void tst_WsClientConnection::offeredSubprotocolIsAccepted_data()
{
    QTest::addColumn<QStringList>("offered");
    QTest::addColumn<QByteArray>("header");     // a Sec-WebSocket-Protocol written by hand, or empty
    QTest::addColumn<QByteArray>("requestLine"); // what the request must carry
    QTest::addColumn<QByteArray>("chosen");
    QTest::addRow("option") << QStringList{QStringLiteral("graphql-transport-ws"), QStringLiteral("chat.v1")} << QByteArray()
                            << QByteArray("Sec-WebSocket-Protocol: graphql-transport-ws, chat.v1\r\n") << QByteArray("chat.v1");
    // The bug this fixes: a header written by hand offered the name, and the server's correct
    // choice of it was then refused as "not offered".
    QTest::addRow("header") << QStringList() << QByteArray("chat.v2, chat.v1")
                            << QByteArray("Sec-WebSocket-Protocol: chat.v2, chat.v1\r\n") << QByteArray("chat.v2");
    QTest::addRow("both, once each") << QStringList{QStringLiteral("a")} << QByteArray("b, a")
                                     << QByteArray("Sec-WebSocket-Protocol: a, b\r\n") << QByteArray("b");
}

void tst_WsClientConnection::offeredSubprotocolIsAccepted()
{
    QFETCH(QStringList, offered);
    QFETCH(QByteArray, header);
    QFETCH(QByteArray, requestLine);
    QFETCH(QByteArray, chosen);
    ScriptedPeer peer;
    WsClientConnection client;
    QSignalSpy opened(&client, &WsClientConnection::opened);
    WsClientConnection::Options options;
    options.subprotocols = offered;
    if (!header.isEmpty())
        options.headers.append({"Sec-WebSocket-Protocol", header});
    client.open(peer.url(), options);
    QTRY_VERIFY(peer.requestComplete());
    QVERIFY2(peer.m_received.contains("\r\n" + requestLine), peer.m_received.constData());
    QCOMPARE(peer.m_received.count("Sec-WebSocket-Protocol"), 1);
    QByteArray response = peer.goodResponse();
    response.insert(response.size() - 2, "Sec-WebSocket-Protocol: " + chosen + "\r\n");
    peer.write(response);
    QTRY_COMPARE(opened.size(), 1);
    QCOMPARE(client.subprotocol(), QString::fromLatin1(chosen));
}

void tst_WsClientConnection::subprotocolNotOfferedFails()
{
    ScriptedPeer peer;
    WsClientConnection client;
    QSignalSpy failed(&client, &WsClientConnection::failed);
    WsClientConnection::Options options;
    options.subprotocols = {QStringLiteral("chat.v1")};
    client.open(peer.url(), options);
    QTRY_VERIFY(peer.requestComplete());
    QByteArray response = peer.goodResponse();
    response.insert(response.size() - 2, "Sec-WebSocket-Protocol: chat.v9\r\n");
    peer.write(response);
    QTRY_COMPARE(failed.size(), 1);
    QVERIFY2(failed.at(0).at(0).toString().contains(QStringLiteral("\"chat.v9\", not one of those offered (chat.v1)")),
             qPrintable(failed.at(0).at(0).toString()));
    QCOMPARE(client.failureOutcome(), QStringLiteral("subprotocol not offered"));
}

void tst_WsClientConnection::refusalsNameTheirOutcome()
{
    // How a connect failed, in the words the reports count by value.
    {
        ScriptedPeer peer;
        WsClientConnection client;
        QSignalSpy failed(&client, &WsClientConnection::failed);
        client.open(peer.url());
        QTRY_VERIFY(peer.requestComplete());
        peer.write("HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\n\r\n");
        QTRY_COMPARE(failed.size(), 1);
        QCOMPARE(client.failureOutcome(), QStringLiteral("HTTP 403 Forbidden"));
    }
    {
        QTcpServer closed;
        QVERIFY(closed.listen(QHostAddress::LocalHost, 0));
        const quint16 port = closed.serverPort();
        closed.close(); // nothing listens there now
        WsClientConnection client;
        QSignalSpy failed(&client, &WsClientConnection::failed);
        client.open(QUrl(QStringLiteral("ws://127.0.0.1:%1/").arg(port)));
        QTRY_COMPARE(failed.size(), 1);
        QCOMPARE(client.failureOutcome(), QStringLiteral("connection refused"));
    }
}

void tst_WsClientConnection::protocolErrorSendsCloseAndEnds()
{
    // A masked frame from a server (RFC 6455 5.1): the client fails the connection with 1002.
    ScriptedPeer peer;
    WsClientConnection client;
    QSignalSpy opened(&client, &WsClientConnection::opened);
    QSignalSpy closed(&client, &WsClientConnection::closed);
    client.open(peer.url());
    QTRY_VERIFY(peer.requestComplete());
    peer.write(peer.goodResponse());
    QVERIFY(opened.wait());
    QByteArray masked("\x81\x82\x00\x00\x00\x00hi", 8);
    peer.write(masked);
    // It tells the server why, in a Close frame with the code ...
    QTRY_COMPARE(peer.clientFrames().size(), 1);
    QCOMPARE(peer.clientFrames().at(0).first, 0x8);
    QCOMPARE(peer.clientFrames().at(0).second.left(2), QByteArray("\x03\xea", 2));
    // ... and waits for the server to close TCP (RFC 6455 7.1.1), which this one does after
    // answering the Close: the session ends then, not at the end of the close grace.
    QCOMPARE(client.state(), WsClientConnection::State::Closing);
    QElapsedTimer timer;
    timer.start();
    peer.write(serverFrame(0x88, QByteArray("\x03\xea", 2)));
    peer.m_socket->disconnectFromHost();
    QTRY_COMPARE(closed.size(), 1);
    QVERIFY2(timer.elapsed() < 1000, qPrintable(QString::number(timer.elapsed())));
    QCOMPARE(closed.at(0).at(0).value<quint16>(), quint16(1002));
    QVERIFY2(closed.at(0).at(1).toString().contains(QLatin1String("RFC 6455 5.1")), qPrintable(closed.at(0).at(1).toString()));
    QTRY_COMPARE(peer.m_socket->state(), QAbstractSocket::UnconnectedState);
}

void tst_WsClientConnection::protocolErrorCloseSurvivesFollowingFrames()
{
    // Frames behind the bad one are still arriving when the client fails the connection.
    // Closing the socket with them unread made the kernel reset the connection, and the reset
    // destroyed the client's Close before the server read it (conformance cases 5.16/5.17).
    // The client now reads and drops them until the server closes: the Close arrives intact.
    ScriptedPeer peer;
    WsClientConnection client;
    QSignalSpy opened(&client, &WsClientConnection::opened);
    QSignalSpy texts(&client, &WsClientConnection::textMessageReceived);
    QSignalSpy closed(&client, &WsClientConnection::closed);
    WsClientConnection::Options options;
    options.closeGrace = 5s; // the server ends it here, not the grace
    client.open(peer.url(), options);
    QTRY_VERIFY(peer.requestComplete());
    peer.write(peer.goodResponse());
    QVERIFY(opened.wait());
    // RFC 6455 5.4: a continuation frame with nothing to continue, then more frames in separate
    // writes, one of them after the client has surely read the bad one.
    peer.write(serverFrame(0x00, "fragment1"));
    peer.write(serverFrame(0x01, "fragment2"));
    QTRY_COMPARE(peer.clientFrames().size(), 1);
    // The client still reads (and drops) what follows, so nothing is left unread to reset.
    const QByteArray more = serverFrame(0x80, "fragment3") + serverFrame(0x81, "hello");
    const quint64 before = client.bytesReceived();
    peer.write(more);
    QTRY_COMPARE(client.bytesReceived(), before + quint64(more.size()));
    QCOMPARE(client.state(), WsClientConnection::State::Closing);
    QCOMPARE(peer.m_socket->state(), QAbstractSocket::ConnectedState);
    QCOMPARE(peer.m_socket->error(), QAbstractSocket::UnknownSocketError);
    QCOMPARE(peer.clientFrames().size(), 1);
    QCOMPARE(peer.clientFrames().at(0).first, 0x8);
    QCOMPARE(peer.clientFrames().at(0).second.left(2), QByteArray("\x03\xea", 2));
    QCOMPARE(texts.size(), 0); // nothing after the violation is handed on
    QCOMPARE(closed.size(), 0);
    peer.m_socket->disconnectFromHost();
    QTRY_COMPARE(closed.size(), 1);
    QCOMPARE(closed.at(0).at(0).value<quint16>(), quint16(1002));
}

void tst_WsClientConnection::protocolErrorEndsAfterTheGrace()
{
    // A server that neither answers the Close nor closes TCP: the close grace ends the session.
    ScriptedPeer peer;
    WsClientConnection client;
    QSignalSpy opened(&client, &WsClientConnection::opened);
    QSignalSpy closed(&client, &WsClientConnection::closed);
    WsClientConnection::Options options;
    options.closeGrace = 300ms;
    client.open(peer.url(), options);
    QTRY_VERIFY(peer.requestComplete());
    peer.write(peer.goodResponse());
    QVERIFY(opened.wait());
    QElapsedTimer timer;
    timer.start();
    peer.write(serverFrame(0x83, "reserved opcode")); // RFC 6455 5.2
    QTRY_COMPARE(closed.size(), 1);
    QVERIFY2(timer.elapsed() >= 250, qPrintable(QString::number(timer.elapsed())));
    QCOMPARE(closed.at(0).at(0).value<quint16>(), quint16(1002));
    QTRY_COMPARE(peer.m_socket->state(), QAbstractSocket::UnconnectedState);
    QCOMPARE(peer.clientFrames().size(), 1);
    QCOMPARE(peer.clientFrames().at(0).second.left(2), QByteArray("\x03\xea", 2));
}

void tst_WsClientConnection::closeGraceEndsAnUnansweredClose()
{
    ScriptedPeer peer;
    WsClientConnection client;
    QSignalSpy opened(&client, &WsClientConnection::opened);
    QSignalSpy closed(&client, &WsClientConnection::closed);
    WsClientConnection::Options options;
    options.closeGrace = 300ms;
    client.open(peer.url(), options);
    QTRY_VERIFY(peer.requestComplete());
    peer.write(peer.goodResponse());
    QVERIFY(opened.wait());
    QElapsedTimer timer;
    timer.start();
    client.close(1000, QStringLiteral("churn"));
    // The peer never answers: the grace ends it.
    QTRY_COMPARE(closed.size(), 1);
    QVERIFY2(timer.elapsed() >= 250, qPrintable(QString::number(timer.elapsed())));
    QCOMPARE(closed.at(0).at(0).value<quint16>(), quint16(1000));
    QTRY_COMPARE(peer.clientFrames().size(), 1);
    QCOMPARE(peer.clientFrames().at(0).second, QByteArray("\x03\xe8" "churn", 7));
    QTRY_COMPARE(peer.m_socket->state(), QAbstractSocket::UnconnectedState);
}

void tst_WsClientConnection::closeGraceRunsOnTheTimerQueue()
{
    // The peer answers the Close but keeps the TCP connection open (RFC 6455 7.1.1 asks it to
    // close it); the owner's TimerQueue ends the wait, no timer of the connection's own.
    ScriptedPeer peer;
    TimerQueue timers;
    WsClientConnection client;
    QSignalSpy opened(&client, &WsClientConnection::opened);
    QSignalSpy closed(&client, &WsClientConnection::closed);
    WsClientConnection::Options options;
    options.closeGrace = 200ms;
    options.timers = &timers;
    client.open(peer.url(), options);
    QTRY_VERIFY(peer.requestComplete());
    peer.write(peer.goodResponse());
    QVERIFY(opened.wait());
    // (QAbstractSocket keeps a connect-timeout QTimer of its own; the connection adds none.)
    QCOMPARE(client.findChildren<QTimer *>(Qt::FindDirectChildrenOnly).size(), 0);
    // The server starts the close: the client echoes the code and waits for the TCP close.
    peer.write(serverFrame(0x88, QByteArray("\x03\xe9", 2) + "bye"));
    QTRY_COMPARE(peer.clientFrames().size(), 1);
    QCOMPARE(peer.clientFrames().at(0).second, QByteArray("\x03\xe9", 2));
    QCOMPARE(client.state(), WsClientConnection::State::Closing);
    QCOMPARE(timers.size(), 1);
    QCOMPARE(closed.size(), 0);
    QTRY_COMPARE(closed.size(), 1);
    QCOMPARE(closed.at(0).at(0).value<quint16>(), quint16(1001));
    QCOMPARE(closed.at(0).at(1).toString(), QStringLiteral("bye"));
}

void tst_WsClientConnection::peerEndWithoutCloseFrameIsAbnormal_data()
{
    QTest::addColumn<bool>("reset");
    QTest::addRow("FIN") << false;
    QTest::addRow("RST") << true;
}

void tst_WsClientConnection::peerEndWithoutCloseFrameIsAbnormal()
{
    // Plain TCP is read unbuffered: the end of the connection is found by the read itself (Qt
    // emits no disconnected() then), and must still end the session, as 1006 (RFC 6455 7.1.5).
    QFETCH(bool, reset);
    ScriptedPeer peer;
    WsClientConnection client;
    QSignalSpy opened(&client, &WsClientConnection::opened);
    QSignalSpy texts(&client, &WsClientConnection::textMessageReceived);
    QSignalSpy closed(&client, &WsClientConnection::closed);
    client.open(peer.url());
    QTRY_VERIFY(peer.requestComplete());
    QVERIFY(client.socket()->openMode() & QIODevice::Unbuffered);
    peer.write(peer.goodResponse());
    QVERIFY(opened.wait());
    peer.write(serverFrame(0x81, "last words"));
    if (reset) {
        QTRY_COMPARE(texts.size(), 1);
        ::linger lingerZero{1, 0};
        ::setsockopt(int(peer.m_socket->socketDescriptor()), SOL_SOCKET, SO_LINGER, &lingerZero, sizeof lingerZero);
        peer.m_socket->abort();
    } else {
        peer.m_socket->disconnectFromHost();
    }
    QTRY_COMPARE(closed.size(), 1);
    QCOMPARE(texts.size(), 1);
    QCOMPARE(texts.at(0).at(0).toByteArray(), QByteArray("last words"));
    QCOMPARE(closed.at(0).at(0).value<quint16>(), quint16(1006));
    QCOMPARE(client.state(), WsClientConnection::State::Unconnected);
}

void tst_WsClientConnection::closeFrameAndEndTogether()
{
    // The server's Close and its end of the TCP connection in one go (what a server that closes
    // first does): the code is the server's, and the session ends at once, not after the grace.
    ScriptedPeer peer;
    WsClientConnection client;
    QSignalSpy opened(&client, &WsClientConnection::opened);
    QSignalSpy closed(&client, &WsClientConnection::closed);
    client.open(peer.url());
    QTRY_VERIFY(peer.requestComplete());
    peer.write(peer.goodResponse());
    QVERIFY(opened.wait());
    QElapsedTimer timer;
    timer.start();
    peer.write(serverFrame(0x88, QByteArray("\x0f\xa1", 2) + "Unauthorized"));
    peer.m_socket->disconnectFromHost();
    QTRY_COMPARE(closed.size(), 1);
    QVERIFY2(timer.elapsed() < 1000, qPrintable(QString::number(timer.elapsed())));
    QCOMPARE(closed.at(0).at(0).value<quint16>(), quint16(4001));
    QCOMPARE(closed.at(0).at(1).toString(), QStringLiteral("Unauthorized"));
}

void tst_WsClientConnection::connectRefusedFails()
{
    quint16 port = 0;
    {
        QTcpServer probe;
        QVERIFY(probe.listen(QHostAddress::LocalHost, 0));
        port = probe.serverPort();
    }
    WsClientConnection client;
    QSignalSpy failed(&client, &WsClientConnection::failed);
    client.open(QUrl(QStringLiteral("ws://127.0.0.1:%1/ws").arg(port)));
    QVERIFY(failed.wait());
    QVERIFY(!failed.at(0).at(0).toString().isEmpty());
}

void tst_WsClientConnection::unsupportedSchemeFails()
{
    WsClientConnection client;
    QSignalSpy failed(&client, &WsClientConnection::failed);
    client.open(QUrl(QStringLiteral("http://127.0.0.1:1/")));
    QCOMPARE(failed.size(), 0); // reported from the event loop, not from inside the call
    QVERIFY(failed.wait());
    QVERIFY(failed.at(0).at(0).toString().contains(QLatin1String("http")));
}

QTEST_GUILESS_MAIN(tst_WsClientConnection)
#include "tst_wsclientconnection.moc"
