// TLS for the embedded server (issue 5, security defaults): https:// and wss:// on the one port
// with the user's PEM certificate and key or a self-signed pair generated at start. Real TLS
// clients (QSslSocket, QWebSocket, the simulator through a Runner) that verify the server's
// certificate against the one it should be showing; clear errors for every bad file; plain HTTP,
// garbage and stalled handshakes closed and counted while a TLS client keeps being served.
#include "testsupport.h"

#include "metrics/runreport.h"
#include "scenario/runner.h"
#include "scenario/scenarioloader.h"
#include "server/channel.h"
#include "server/channelhub.h"
#include "server/server.h"
#include "server/tlsidentity.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSignalSpy>
#include <QSslCertificateExtension>
#include <QSslKey>
#include <QSslSocket>
#include <QTemporaryDir>
#include <QTest>
#include <QWebSocket>

#include <unistd.h>

Q_DECLARE_METATYPE(ServerConfig)

using namespace TestSupport;
using namespace std::chrono_literals;

namespace {

const QString dataDir = QStringLiteral(TLS_TEST_DATA);
const QString testCertificate = dataDir + QStringLiteral("/selfsigned-test.crt");
const QString testKey = dataDir + QStringLiteral("/selfsigned-test.key");

QSslCertificate fileCertificate()
{
    QFile file(testCertificate);
    return file.open(QIODevice::ReadOnly) ? QSslCertificate(file.readAll(), QSsl::Pem) : QSslCertificate();
}

ServerConfig userCertificateConfig()
{
    ServerConfig config = loopbackConfig();
    config.tlsCertificateFile = testCertificate;
    config.tlsKeyFile = testKey;
    return config;
}

ServerConfig selfSignedConfig()
{
    ServerConfig config = loopbackConfig();
    config.tlsSelfSigned = true;
    return config;
}

// A client configuration that trusts exactly `certificate` (no system CAs, full verification).
QSslConfiguration trusting(const QSslCertificate &certificate)
{
    QSslConfiguration configuration = QSslConfiguration::defaultConfiguration();
    configuration.setCaCertificates({certificate});
    configuration.setPeerVerifyMode(QSslSocket::VerifyPeer);
    return configuration;
}

// A verified TLS connection to 127.0.0.1:port whose certificate must name `peerName`; null
// (with the errors as a warning) when the handshake or verification fails.
std::unique_ptr<QSslSocket> connectTls(quint16 port, const QSslCertificate &trusted,
                                       const QString &peerName = QStringLiteral("127.0.0.1"),
                                       QList<QSslError> *errors = nullptr)
{
    auto socket = std::make_unique<QSslSocket>();
    socket->setSslConfiguration(trusting(trusted));
    QObject::connect(socket.get(), &QSslSocket::sslErrors, [errors](const QList<QSslError> &list) {
        if (errors)
            *errors += list;
    });
    socket->connectToHostEncrypted(QStringLiteral("127.0.0.1"), port, peerName);
    if (!socket->waitForEncrypted(5000)) {
        qWarning("TLS handshake with %s failed: %s", qPrintable(peerName), qPrintable(socket->errorString()));
        return nullptr;
    }
    return socket;
}

HttpReply httpsRequest(quint16 port, const QSslCertificate &trusted, const QByteArray &request)
{
    const auto socket = connectTls(port, trusted);
    if (!socket)
        return {};
    socket->write(request);
    return readReply(*socket);
}

HttpReply httpsGet(quint16 port, const QSslCertificate &trusted, const QByteArray &target)
{
    return httpsRequest(port, trusted, "GET " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
}

HttpReply httpsPublish(quint16 port, const QSslCertificate &trusted, const QJsonObject &body)
{
    const QByteArray json = QJsonDocument(body).toJson(QJsonDocument::Compact);
    return httpsRequest(port, trusted, "POST /publish HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                                       "Content-Length: " + QByteArray::number(json.size()) + "\r\nConnection: close\r\n\r\n" + json);
}

// Reads from `socket` until `needle` has arrived (true) or the timeout.
bool readUntil(QTcpSocket &socket, QByteArray &buffer, QByteArrayView needle, int timeoutMs = 5000)
{
    QElapsedTimer timer;
    timer.start();
    while (!buffer.contains(needle) && timer.elapsed() < timeoutMs) {
        if (socket.bytesAvailable() == 0)
            socket.waitForReadyRead(100);
        buffer += socket.readAll();
    }
    return buffer.contains(needle);
}

// True when the server closes `socket` within the timeout; what it sent goes to *received.
bool closedByServer(QTcpSocket &socket, QByteArray *received, int timeoutMs = 5000)
{
    QElapsedTimer timer;
    timer.start();
    while (socket.state() == QAbstractSocket::ConnectedState && timer.elapsed() < timeoutMs) {
        socket.waitForReadyRead(100);
        *received += socket.readAll();
    }
    *received += socket.readAll();
    return socket.state() != QAbstractSocket::ConnectedState;
}

// A wss:// client that trusts `certificate`; the welcome envelope has arrived when it returns true.
bool openWebSocket(QWebSocket &socket, const QUrl &url, const QSslCertificate &certificate, QList<QJsonObject> *received)
{
    socket.setSslConfiguration(trusting(certificate));
    QObject::connect(&socket, &QWebSocket::textMessageReceived, &socket, [received](const QString &text) {
        received->append(QJsonDocument::fromJson(text.toUtf8()).object());
    });
    socket.open(url);
    QElapsedTimer timer;
    timer.start();
    while (received->isEmpty() && timer.elapsed() < 5000)
        QTest::qWait(10);
    return !received->isEmpty() && received->first().value(QLatin1String("type")).toString() == u"session.welcome";
}

QUrl wssUrl(const Server &server, const QString &query = QStringLiteral("channel=general"))
{
    return QUrl(QStringLiteral("wss://127.0.0.1:%1/ws?%2").arg(server.port()).arg(query));
}

bool echoes(QWebSocket &socket, QList<QJsonObject> &received, const QString &id)
{
    const qsizetype before = received.size();
    socket.sendTextMessage(QStringLiteral("{\"type\":\"echo\",\"id\":\"%1\",\"payload\":{\"n\":1}}").arg(id));
    QElapsedTimer timer;
    timer.start();
    while (timer.elapsed() < 5000) {
        for (qsizetype i = before; i < received.size(); ++i) {
            if (received[i].value(QLatin1String("type")).toString() == u"echo" && received[i].value(QLatin1String("id")).toString() == id)
                return true;
        }
        QTest::qWait(10);
    }
    return false;
}

QString writeFile(const QTemporaryDir &dir, const QString &name, const QByteArray &bytes)
{
    const QString path = dir.filePath(name);
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(bytes) != bytes.size())
        qFatal("cannot write %s", qPrintable(path));
    return path;
}

QByteArray readAll(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

} // namespace

class tst_Tls : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void webSocketEchoWithUserCertificate();
    void generatedCertificateNamesThisMachine();
    void httpEndpointsOverHttps();
    void sseOverHttps();
    void longPollAndPublishOverHttps();
    void simulatorOverTlsLosesNothing();
    void plainHttpGarbageAndStalledHandshakesAreClosed();
    void badFilesGiveClearErrors_data();
    void badFilesGiveClearErrors();
    void encryptedKeyNeedsItsPassphrase();
    void invalidCombinationsAreNamed_data();
    void invalidCombinationsAreNamed();
    void scenarioServerTls();
    void faultsAndShutdownOverTls();
    void slowConsumerOverTlsIsClosed();
    void embeddedScenarioOverTls();
};

void tst_Tls::webSocketEchoWithUserCertificate()
{
    Server server(userCertificateConfig());
    QVERIFY2(server.start(), qPrintable(server.errorString()));
    QVERIFY(server.usesTls());
    QCOMPARE(server.certificate(), fileCertificate());

    QWebSocket socket;
    QList<QJsonObject> received;
    QVERIFY(openWebSocket(socket, wssUrl(server), fileCertificate(), &received));
    // The client verified the chain and the name (IP:127.0.0.1) against the file's certificate.
    QCOMPARE(socket.sslConfiguration().peerCertificate(), fileCertificate());
    QVERIFY(echoes(socket, received, QStringLiteral("tls-1")));
    // A message from another wss:// client reaches this one through the channel.
    QWebSocket other;
    QList<QJsonObject> otherReceived;
    QVERIFY(openWebSocket(other, wssUrl(server), fileCertificate(), &otherReceived));
    other.sendTextMessage(QStringLiteral("{\"type\":\"chat.message\",\"payload\":{\"text\":\"over tls\"}}"));
    QTRY_VERIFY(std::any_of(received.cbegin(), received.cend(), [](const QJsonObject &o) {
        return o.value(QLatin1String("payload")).toObject().value(QLatin1String("text")).toString() == u"over tls";
    }));
    socket.close();
    other.close();
    QVERIFY(server.stopAndWait());
}

void tst_Tls::generatedCertificateNamesThisMachine()
{
    Server server(selfSignedConfig());
    QVERIFY2(server.start(), qPrintable(server.errorString()));
    const QSslCertificate certificate = server.certificate();
    QVERIFY(!certificate.isNull());
    // Signed with its own key (Qt's isSelfSigned() also wants keyCertSign, which a CA:FALSE leaf lacks).
    QCOMPARE(certificate.issuerInfo(QSslCertificate::CommonName), certificate.subjectInfo(QSslCertificate::CommonName));
    QCOMPARE(certificate.subjectInfo(QSslCertificate::CommonName), QStringList{QStringLiteral("localhost")});
    const auto names = certificate.subjectAlternativeNames();
    QVERIFY(names.values(QSsl::DnsEntry).contains(QStringLiteral("localhost")));
    QVERIFY(names.values(QSsl::IpAddressEntry).contains(QStringLiteral("127.0.0.1")));
    QVERIFY(names.values(QSsl::IpAddressEntry).contains(QStringLiteral("0:0:0:0:0:0:0:1"))
            || names.values(QSsl::IpAddressEntry).contains(QStringLiteral("::1")));
    QCOMPARE(certificate.publicKey().algorithm(), QSsl::Ec);
    QCOMPARE(certificate.publicKey().length(), 256);
    const qint64 days = QDateTime::currentDateTimeUtc().daysTo(certificate.expiryDate());
    QVERIFY2(days >= 364 && days <= 366, qPrintable(QString::number(days)));

    // A client that trusts only this certificate completes the handshake for each of the names,
    // so the server holds the certificate's private key; any other name fails verification.
    for (const QString &name : {QStringLiteral("localhost"), QStringLiteral("127.0.0.1"), QStringLiteral("::1")}) {
        const auto socket = connectTls(server.port(), certificate, name);
        QVERIFY2(socket, qPrintable(name));
        QCOMPARE(socket->peerCertificate(), certificate);
    }
    QList<QSslError> errors;
    QVERIFY(!connectTls(server.port(), certificate, QStringLiteral("example.com"), &errors));
    QVERIFY(std::any_of(errors.cbegin(), errors.cend(), [](const QSslError &e) { return e.error() == QSslError::HostNameMismatch; }));

    // Each start makes a new pair.
    Server second(selfSignedConfig());
    QVERIFY(second.start());
    QVERIFY(second.certificate() != certificate);
    QVERIFY(second.stopAndWait());
    QVERIFY(server.stopAndWait());

    // Bound to one address: that address is named too.
    QStringList extraNames;
    QList<QHostAddress> extraAddresses;
    TlsIdentity::namesFor(QHostAddress(QStringLiteral("10.1.2.3")), &extraNames, &extraAddresses);
    QString error;
    const TlsIdentity identity = TlsIdentity::generateSelfSigned(extraNames, extraAddresses, 24h, &error);
    QVERIFY2(!identity.isNull(), qPrintable(error));
    QVERIFY(identity.certificate().subjectAlternativeNames().values(QSsl::IpAddressEntry).contains(QStringLiteral("10.1.2.3")));
}

void tst_Tls::httpEndpointsOverHttps()
{
    Server server(selfSignedConfig());
    QVERIFY2(server.start(), qPrintable(server.errorString()));
    const QSslCertificate certificate = server.certificate();
    const HttpReply health = httpsGet(server.port(), certificate, "/healthz");
    QCOMPARE(health.status, 200);
    QCOMPARE(health.body, QByteArray("ok\n"));
    const HttpReply page = httpsGet(server.port(), certificate, "/");
    QCOMPARE(page.status, 200);
    QVERIFY(page.body.contains("<html") || page.body.contains("<!doctype") || page.body.contains("<!DOCTYPE"));
    const HttpReply metrics = httpsGet(server.port(), certificate, "/metrics");
    QCOMPARE(metrics.status, 200);
    QVERIFY(metrics.body.contains("socketscope_tls_handshake_failures_total 0"));
    // Keep-alive and pipelining work through the TLS layer too.
    const auto socket = connectTls(server.port(), certificate);
    QVERIFY(socket);
    socket->write("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\nGET /nothing HTTP/1.1\r\nHost: x\r\n\r\n");
    QCOMPARE(readReply(*socket).status, 200);
    QCOMPARE(readReply(*socket).status, 404);
    QVERIFY(server.stopAndWait());
}

void tst_Tls::sseOverHttps()
{
    Server server(userCertificateConfig());
    QVERIFY2(server.start(), qPrintable(server.errorString()));
    const auto stream = connectTls(server.port(), fileCertificate());
    QVERIFY(stream);
    stream->write("GET /events?channel=tls HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\n\r\n");
    QByteArray received;
    QVERIFY(readUntil(*stream, received, "event: session.welcome"));
    QVERIFY(received.startsWith("HTTP/1.1 200"));
    QVERIFY(received.contains("text/event-stream"));
    const HttpReply published = httpsPublish(server.port(), fileCertificate(),
                                             {{QStringLiteral("channel"), QStringLiteral("tls")},
                                              {QStringLiteral("type"), QStringLiteral("chat.message")},
                                              {QStringLiteral("payload"), QJsonObject{{QStringLiteral("text"), QStringLiteral("sse over https")}}}});
    QCOMPARE(published.status, 200);
    QVERIFY(readUntil(*stream, received, "sse over https"));
    QVERIFY(received.contains("id: 1\n"));
    QVERIFY(received.contains("event: chat.message\n"));
    QVERIFY(server.stopAndWait());
}

void tst_Tls::longPollAndPublishOverHttps()
{
    Server server(selfSignedConfig());
    QVERIFY2(server.start(), qPrintable(server.errorString()));
    const QSslCertificate certificate = server.certificate();
    const auto poll = connectTls(server.port(), certificate);
    QVERIFY(poll);
    poll->write("GET /poll?channel=lp&since=0&timeout=10 HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
    QTRY_COMPARE(server.stats().openPoll, 1); // parked, nothing to answer yet
    const HttpReply published = httpsPublish(server.port(), certificate,
                                             {{QStringLiteral("channel"), QStringLiteral("lp")},
                                              {QStringLiteral("type"), QStringLiteral("chat.message")},
                                              {QStringLiteral("payload"), QJsonObject{{QStringLiteral("n"), 7}}}});
    QCOMPARE(published.status, 200);
    QCOMPARE(QJsonDocument::fromJson(published.body).object().value(QLatin1String("delivered")).toInt(), 1);
    const HttpReply answer = readReply(*poll);
    QCOMPARE(answer.status, 200);
    const QJsonObject body = QJsonDocument::fromJson(answer.body).object();
    QCOMPARE(body.value(QLatin1String("last")).toInt(), 1);
    QCOMPARE(body.value(QLatin1String("events")).toArray().size(), 1);
    // The same connection polls again (keep-alive over TLS).
    poll->write("GET /poll?channel=lp&since=1&timeout=0 HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
    QCOMPARE(readReply(*poll).status, 200);
    QVERIFY(server.stopAndWait());
}

void tst_Tls::simulatorOverTlsLosesNothing()
{
    Server server(selfSignedConfig());
    QVERIFY2(server.start(), qPrintable(server.errorString()));
    // The simulator against the server as an external wss:// / https:// target, accepting its
    // self-signed certificate ("insecure"): every protocol, a publisher, churn with resume.
    const scenario::LoadResult loaded = scenario::ScenarioLoader::loadJson(R"({
        "name": "tls", "duration": "2500ms", "insecure": true, "workers": 2,
        "groups": [
            {"name": "ws", "protocol": "ws", "channel": "tls", "clients": 20, "phases": {"rampUp": "300ms", "hold": "2200ms"},
             "send": {"rate": 5}, "churn": {"session": "fixed", "length": "900ms"}},
            {"name": "sse", "protocol": "sse", "channel": "tls", "clients": 10, "phases": {"rampUp": "300ms", "hold": "2200ms"},
             "churn": {"session": "fixed", "length": "1s"}},
            {"name": "poll", "protocol": "poll", "channel": "tls", "clients": 5, "phases": {"rampUp": "300ms", "hold": "2200ms"}},
            {"name": "pub", "protocol": "publish", "channel": "tls", "clients": 1, "phases": {"delay": "400ms", "hold": "1800ms"},
             "send": {"rate": 20}}
        ],
        "thresholds": {"delivery.lost": "==0", "delivery.duplicated": "==0", "connect.failed": "==0"}
    })", QStringLiteral("tls.json"));
    QVERIFY2(loaded.isOk(), qPrintable(loaded.errorText()));
    Runner runner(std::make_shared<const scenario::Scenario>(*loaded.scenario));
    runner.setTargetOverride(QUrl(QStringLiteral("wss://127.0.0.1:%1/").arg(server.port())));
    QSignalSpy finished(&runner, &Runner::finished);
    QVERIFY2(runner.start(), qPrintable(runner.errorString()));
    QVERIFY(finished.wait(20000));
    const RunReport &report = runner.report();
    const ClientCounters &all = report.finalSnapshot.all.total;
    QCOMPARE(all.connectFailures, 0u);
    QCOMPARE(all.lost, 0u);
    QCOMPARE(all.duplicated, 0u);
    QVERIFY2(all.reconnects >= 20, qPrintable(QString::number(all.reconnects)));
    QVERIFY2(all.messagesReceived >= 1000, qPrintable(QString::number(all.messagesReceived)));
    for (const GroupMetrics &group : report.finalSnapshot.groups) {
        if (group.name != u"pub")
            QVERIFY2(group.total.messagesReceived > 0, qPrintable(group.name));
    }
    QCOMPARE(report.exitCode, Runner::exitPassed);
    // The simulator accepts the certificate: no handshake fails, except those of connects (a
    // churned client coming back) still under way when the run ended and its clients hung up,
    // which the server rightly counts as failed handshakes. How many that is depends on the
    // machine's speed, so it is read from the run: attempts that neither opened nor failed.
    const quint64 cutAtTheEnd = all.connectAttempts - all.connectsFirst - all.reconnects - all.connectFailures;
    QVERIFY2(server.tlsHandshakeFailures() <= cutAtTheEnd,
             qPrintable(QStringLiteral("%1 failed handshakes, %2 connects cut at the end").arg(server.tlsHandshakeFailures()).arg(cutAtTheEnd)));
    QVERIFY(server.stopAndWait());
}

void tst_Tls::plainHttpGarbageAndStalledHandshakesAreClosed()
{
    ServerConfig config = selfSignedConfig();
    config.headTimeout = 700ms;
    Server server(config);
    QVERIFY2(server.start(), qPrintable(server.errorString()));
    const QSslCertificate certificate = server.certificate();
    QWebSocket client;
    QList<QJsonObject> received;
    QVERIFY(openWebSocket(client, wssUrl(server), certificate, &received));

    // Plain HTTP to the TLS port: no HTTP answer, the connection is closed.
    QTcpSocket plain;
    plain.connectToHost(QHostAddress::LocalHost, server.port());
    QVERIFY(plain.waitForConnected(5000));
    plain.write("GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
    QByteArray plainReceived;
    QVERIFY(closedByServer(plain, &plainReceived));
    QVERIFY(!plainReceived.contains("HTTP/1.1"));
    // A TLS record header, then garbage.
    QTcpSocket garbage;
    garbage.connectToHost(QHostAddress::LocalHost, server.port());
    QVERIFY(garbage.waitForConnected(5000));
    garbage.write(QByteArray::fromHex("160301002a") + QByteArray(42, '\x5a'));
    QByteArray garbageReceived;
    QVERIFY(closedByServer(garbage, &garbageReceived));
    // A client that connects and never says hello: closed on the head timeout.
    QTcpSocket silent;
    silent.connectToHost(QHostAddress::LocalHost, server.port());
    QVERIFY(silent.waitForConnected(5000));
    QElapsedTimer silentTimer;
    silentTimer.start();
    QByteArray silentReceived;
    QVERIFY(closedByServer(silent, &silentReceived, 5000));
    QVERIFY2(silentTimer.elapsed() >= 500, qPrintable(QString::number(silentTimer.elapsed())));

    // Meanwhile the TLS client is served as before.
    QVERIFY(echoes(client, received, QStringLiteral("still-here")));
    QCOMPARE(client.state(), QAbstractSocket::ConnectedState);
    QTRY_VERIFY2(server.tlsHandshakeFailures() >= 2, qPrintable(QString::number(server.tlsHandshakeFailures())));
    const HttpReply metrics = httpsGet(server.port(), certificate, "/metrics");
    QVERIFY(metrics.body.contains("socketscope_tls_handshake_failures_total " + QByteArray::number(server.tlsHandshakeFailures())));
    QVERIFY(metrics.body.contains("socketscope_head_timeouts_total 1"));
    client.close();
    QVERIFY(server.stopAndWait());
}

void tst_Tls::badFilesGiveClearErrors_data()
{
    QTest::addColumn<QString>("certificate"); // file names in a temporary directory, or paths
    QTest::addColumn<QString>("key");
    QTest::addColumn<QString>("expected");    // with %C / %K for the two paths

    QTest::addRow("missing certificate") << "nothing.crt" << "good.key" << "certificate file '%C' does not exist";
    QTest::addRow("missing key") << "good.crt" << "nothing.key" << "private key file '%K' does not exist";
    QTest::addRow("directory") << "adir" << "good.key" << "certificate file '%C' is a directory";
    QTest::addRow("empty certificate") << "empty.crt" << "good.key" << "certificate file '%C' is empty";
    QTest::addRow("swapped") << "good.key" << "good.crt" << "holds a private key, not a certificate (are the certificate and key files swapped?)";
    QTest::addRow("key is a certificate") << "good.crt" << "other.crt" << "private key file '%K' holds a certificate, not a private key";
    QTest::addRow("certificate not PEM") << "text.crt" << "good.key" << "certificate file '%C' is not a PEM certificate";
    QTest::addRow("certificate DER") << "der.crt" << "good.key" << "certificate file '%C' is DER, not PEM";
    QTest::addRow("key not PEM") << "good.crt" << "text.key" << "private key file '%K' is not a PEM private key";
    QTest::addRow("broken certificate block") << "broken.crt" << "good.key" << "certificate file '%C' has a BEGIN CERTIFICATE block that is not a valid certificate";
    QTest::addRow("broken key block") << "good.crt" << "broken.key" << "private key file '%K' is not a readable private key";
    QTest::addRow("key of another certificate") << "good.crt" << "other.key" << "private key file '%K' does not belong to the certificate in '%C'";
    QTest::addRow("unreadable key") << "good.crt" << "unreadable.key" << "cannot read private key file '%K'";
}

void tst_Tls::badFilesGiveClearErrors()
{
    QFETCH(QString, certificate);
    QFETCH(QString, key);
    QFETCH(QString, expected);
    if (key == u"unreadable.key" && ::geteuid() == 0)
        QSKIP("root reads files whatever their mode");
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    writeFile(dir, QStringLiteral("good.crt"), readAll(testCertificate));
    writeFile(dir, QStringLiteral("good.key"), readAll(testKey));
    writeFile(dir, QStringLiteral("empty.crt"), "\n");
    writeFile(dir, QStringLiteral("text.crt"), "this is not a certificate\n");
    writeFile(dir, QStringLiteral("text.key"), "hunter2\n");
    writeFile(dir, QStringLiteral("der.crt"), fileCertificate().toDer());
    writeFile(dir, QStringLiteral("broken.crt"), "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n");
    writeFile(dir, QStringLiteral("broken.key"), "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n");
    QVERIFY(QDir(dir.path()).mkdir(QStringLiteral("adir")));
    QString error;
    const TlsIdentity other = TlsIdentity::generateSelfSigned({}, {}, 24h, &error);
    QVERIFY2(!other.isNull(), qPrintable(error));
    writeFile(dir, QStringLiteral("other.crt"), other.certificate().toPem());
    writeFile(dir, QStringLiteral("other.key"), other.privateKey().toPem());
    const QString unreadable = writeFile(dir, QStringLiteral("unreadable.key"), readAll(testKey));
    QFile::setPermissions(unreadable, QFileDevice::WriteOwner);

    ServerConfig config = loopbackConfig();
    config.tlsCertificateFile = dir.filePath(certificate);
    config.tlsKeyFile = dir.filePath(key);
    Server server(config);
    QVERIFY(!server.start());
    QVERIFY(!server.isRunning());
    const QString wanted = QString(expected).replace(QLatin1String("%C"), config.tlsCertificateFile)
                               .replace(QLatin1String("%K"), config.tlsKeyFile);
    QVERIFY2(server.errorString().contains(wanted), qPrintable(server.errorString() + QStringLiteral("\n  wanted: ") + wanted));
}

void tst_Tls::encryptedKeyNeedsItsPassphrase()
{
    QTemporaryDir dir;
    const QSslKey key(readAll(testKey), QSsl::Rsa, QSsl::Pem, QSsl::PrivateKey);
    QVERIFY(!key.isNull());
    const QString encrypted = writeFile(dir, QStringLiteral("encrypted.key"), key.toPem("correct horse"));
    QVERIFY(readAll(encrypted).contains("ENCRYPTED"));

    ServerConfig config = loopbackConfig();
    config.tlsCertificateFile = testCertificate;
    config.tlsKeyFile = encrypted;
    {
        Server server(config);
        QVERIFY(!server.start());
        QCOMPARE(server.errorString(), QStringLiteral("private key file '%1' is encrypted and no passphrase was given").arg(encrypted));
    }
    config.tlsKeyPassphrase = "wrong";
    {
        Server server(config);
        QVERIFY(!server.start());
        QVERIFY2(server.errorString().contains(QStringLiteral("could not be decrypted with the given passphrase")), qPrintable(server.errorString()));
    }
    config.tlsKeyPassphrase = "correct horse";
    Server server(config);
    QVERIFY2(server.start(), qPrintable(server.errorString()));
    QCOMPARE(httpsGet(server.port(), fileCertificate(), "/healthz").status, 200);
    QVERIFY(server.stopAndWait());
}

void tst_Tls::invalidCombinationsAreNamed_data()
{
    QTest::addColumn<ServerConfig>("config");
    QTest::addColumn<QString>("expected");
    ServerConfig both = selfSignedConfig();
    both.tlsCertificateFile = testCertificate;
    both.tlsKeyFile = testKey;
    QTest::addRow("self-signed and files") << both << "either a certificate and key file or a generated self-signed certificate";
    ServerConfig noKey = loopbackConfig();
    noKey.tlsCertificateFile = testCertificate;
    QTest::addRow("certificate without key") << noKey << "needs its private key file";
    ServerConfig noCertificate = loopbackConfig();
    noCertificate.tlsKeyFile = testKey;
    QTest::addRow("key without certificate") << noCertificate << "needs its certificate file";
    ServerConfig out = loopbackConfig();
    out.tlsCertificateOut = QStringLiteral("/tmp/x.pem");
    QTest::addRow("certificate out without self-signed") << out << "needs the self-signed option";
}

void tst_Tls::invalidCombinationsAreNamed()
{
    QFETCH(ServerConfig, config);
    QFETCH(QString, expected);
    QVERIFY2(config.validate().contains(expected), qPrintable(config.validate()));
    Server server(config);
    QVERIFY(!server.start());
    QVERIFY(server.errorString().contains(expected));
}

void tst_Tls::scenarioServerTls()
{
    QTemporaryDir dir;
    writeFile(dir, QStringLiteral("server.crt"), readAll(testCertificate));
    writeFile(dir, QStringLiteral("server.key"), readAll(testKey));
    writeFile(dir, QStringLiteral("wrong.key"), TlsIdentity::generateSelfSigned({}, {}, 24h, nullptr).privateKey().toPem());
    const QString source = dir.filePath(QStringLiteral("tls.json"));
    const auto load = [&](const QByteArray &server) {
        return scenario::ScenarioLoader::loadJson(R"({"name": "x", "server": )" + server + R"(, "groups": [{"protocol": "ws", "clients": 1}]})", source);
    };
    // Files relative to the scenario file.
    scenario::LoadResult result = load(R"({"tls": {"certificate": "server.crt", "key": "server.key"}})");
    QVERIFY2(result.isOk(), qPrintable(result.errorText()));
    QCOMPARE(result.scenario->server.tlsCertificateFile, dir.filePath(QStringLiteral("server.crt")));
    QCOMPARE(result.scenario->server.tlsKeyFile, dir.filePath(QStringLiteral("server.key")));
    QVERIFY(result.scenario->server.usesTls());
    result = load(R"({"tls": {"selfSigned": true}})");
    QVERIFY2(result.isOk(), qPrintable(result.errorText()));
    QVERIFY(result.scenario->server.tlsSelfSigned);

    const auto firstError = [&](const QByteArray &server) {
        const scenario::LoadResult failed = load(server);
        return failed.errors.isEmpty() ? QString() : failed.errors.first().path + QStringLiteral(": ") + failed.errors.first().message;
    };
    QCOMPARE(firstError(R"({"tls": {"selfSigned": true, "certificate": "server.crt", "key": "server.key"}})"),
             QStringLiteral(R"($.server.tls: expected either "selfSigned": true or "certificate" and "key", not both)"));
    QCOMPARE(firstError(R"({"tls": {"certificate": "server.crt"}})"),
             QStringLiteral(R"($.server.tls: expected a "key" file with the "certificate")"));
    QCOMPARE(firstError(R"({"tls": {"certificate": "server.crt", "key": "wrong.key"}})"),
             QStringLiteral("$.server.tls: expected a usable certificate and key, got: private key file '%1' does not belong to the certificate in '%2' (their public keys differ)")
                 .arg(dir.filePath(QStringLiteral("wrong.key")), dir.filePath(QStringLiteral("server.crt"))));
    QVERIFY(firstError(R"({"tls": {"certificate": "server.crt", "key": "server.key", "ca": "x"}})").startsWith(QStringLiteral("$.server.tls.ca: unknown key")));
}

void tst_Tls::faultsAndShutdownOverTls()
{
    Server server(selfSignedConfig());
    QVERIFY2(server.start(), qPrintable(server.errorString()));
    const QSslCertificate certificate = server.certificate();
    QWebSocket client;
    QList<QJsonObject> received;
    QVERIFY(openWebSocket(client, wssUrl(server), certificate, &received));

    // "Stop answering pings" sees the plaintext pong frames under the encryption.
    QSignalSpy pongs(&client, &QWebSocket::pong);
    client.ping("a");
    QVERIFY(pongs.wait(2000));
    server.setPingsIgnored(true);
    client.ping("b");
    QVERIFY(!pongs.wait(500));
    server.setPingsIgnored(false);
    client.ping("c");
    QVERIFY(pongs.wait(2000));
    QCOMPARE(pongs.last().at(1).toByteArray(), QByteArray("c"));

    // A restart keeps the certificate; the client comes back to the same one.
    QSignalSpy restarted(&server, &Server::restarted);
    server.restart(200ms);
    QTRY_COMPARE(client.state(), QAbstractSocket::UnconnectedState);
    QCOMPARE(int(client.closeCode()), 1001);
    QVERIFY(restarted.wait(5000));
    QCOMPARE(server.certificate(), certificate);
    QWebSocket again;
    QList<QJsonObject> againReceived;
    QVERIFY(openWebSocket(again, wssUrl(server), certificate, &againReceived));

    // Graceful shutdown: the close frame gets through the TLS layer before the connection ends.
    const auto stream = connectTls(server.port(), certificate);
    QVERIFY(stream);
    stream->write("GET /events HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
    QByteArray events;
    QVERIFY(readUntil(*stream, events, "session.welcome"));
    QVERIFY(server.stopAndWait());
    QTRY_COMPARE(again.state(), QAbstractSocket::UnconnectedState);
    QCOMPARE(int(again.closeCode()), 1001);
    QVERIFY(closedByServer(*stream, &events));
}

void tst_Tls::slowConsumerOverTlsIsClosed()
{
    // What waits in the TLS layer (plaintext not yet encrypted, ciphertext not yet sent) counts
    // as unsent: a client that stops reading is closed at the limit instead of growing buffers.
    ServerConfig config = selfSignedConfig();
    config.slowConsumerBytes = 256 * 1024;
    Server server(config);
    QVERIFY2(server.start(), qPrintable(server.errorString()));
    const auto stalled = connectTls(server.port(), server.certificate());
    QVERIFY(stalled);
    stalled->write("GET /ws?channel=firehose HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                   "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n");
    QByteArray head;
    QVERIFY(readUntil(*stalled, head, "session.welcome"));
    QVERIFY(head.startsWith("HTTP/1.1 101"));
    stalled->setReadBufferSize(4096); // stops reading: the kernel's buffers fill, then TCP pushes back
    QTRY_COMPARE(server.stats().openWebSocket, 1);

    ChannelHub *hub = server.hub();
    const ChannelRef channel = hub->channel(QStringLiteral("firehose"));
    const QString payload(4096, u'p');
    for (int i = 0; i < 2000; ++i) // 8 MiB: far more than the kernel buffers plus the limit
        hub->publish(*channel, QStringLiteral("chat.message"), QString::number(i), payload);
    QTRY_VERIFY_WITH_TIMEOUT(server.prometheusText().contains("socketscope_slow_consumer_closes_total 1\n"), 10000);
    stalled->setReadBufferSize(0);
    QTRY_VERIFY_WITH_TIMEOUT((stalled->readAll(), stalled->state() == QAbstractSocket::UnconnectedState), 10000);
    QTRY_COMPARE(server.stats().openWebSocket, 0);
    QVERIFY(server.stopAndWait());
}

void tst_Tls::embeddedScenarioOverTls()
{
    const scenario::LoadResult loaded = scenario::ScenarioLoader::loadJson(R"({
        "name": "embedded-tls", "duration": "1500ms", "workers": 1, "server": {"tls": {"selfSigned": true}, "workers": 1},
        "groups": [
            {"name": "ws", "protocol": "ws", "clients": 5, "send": {"rate": 5}},
            {"name": "sse", "protocol": "sse", "clients": 5},
            {"name": "pub", "protocol": "publish", "clients": 1, "phases": {"delay": "300ms", "hold": "1s"}, "send": {"rate": 10}}
        ],
        "thresholds": {"delivery.lost": "==0", "connect.failed": "==0"}
    })", QStringLiteral("embedded-tls.json"));
    QVERIFY2(loaded.isOk(), qPrintable(loaded.errorText()));
    Runner runner(std::make_shared<const scenario::Scenario>(*loaded.scenario));
    QSignalSpy finished(&runner, &Runner::finished);
    QVERIFY2(runner.start(), qPrintable(runner.errorString()));
    QVERIFY(finished.wait(15000));
    const ClientCounters &all = runner.report().finalSnapshot.all.total;
    QCOMPARE(all.connectFailures, 0u);
    QCOMPARE(all.lost, 0u);
    QVERIFY2(all.messagesReceived >= 50, qPrintable(QString::number(all.messagesReceived)));
    QCOMPARE(runner.report().exitCode, Runner::exitPassed);
}

QTEST_GUILESS_MAIN(tst_Tls)
#include "tst_tls.moc"
