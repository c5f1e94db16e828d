#include "testsupport.h"

#include "auth/jwtminter.h"

#include <QDateTime>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

using namespace TestSupport;
using namespace std::chrono_literals;

// JSON Web Tokens on the embedded server (docs/server.md, "JWT"): the signature, the algorithm,
// exp and nbf are checked and each refusal has its reason (WebSocket close 4001, HTTP 401 with
// RFC 6750's WWW-Authenticate); the user is the token's sub; a token that runs out closes the
// connection it opened. Tokens are signed here with libjwt (JwtMinter); tests/external/test_jwt.py
// signs them with PyJWT, an implementation of its own.
class tst_Jwt : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void acceptedTokenNamesTheUserOnEveryProtocol();
    void refusalsHaveTheirOwnReasons_data();
    void refusalsHaveTheirOwnReasons();
    void expiryClosesOpenConnections();
    void publicKeyAlgorithms_data();
    void publicKeyAlgorithms();
    void userMustMatchTheSubject();
    void badSettingsStopTheStart();

private:
    static ServerConfig hs256Config();
    static QByteArray mint(const QString &algorithm, const QByteArray &secretOrPem, const QJsonObject &claims,
                           std::chrono::milliseconds lifetime = 60s);
    static QByteArray readData(const QString &name);
};

namespace {

const QByteArray secret = QByteArrayLiteral("correct horse battery staple");

qint64 nowSeconds()
{
    return QDateTime::currentSecsSinceEpoch();
}

} // namespace

ServerConfig tst_Jwt::hs256Config()
{
    ServerConfig config = loopbackConfig();
    config.jwtAlgorithm = QStringLiteral("HS256");
    config.jwtSecret = secret;
    return config;
}

QByteArray tst_Jwt::readData(const QString &name)
{
    QFile file(QStringLiteral(JWT_TEST_DATA "/") + name);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

QByteArray tst_Jwt::mint(const QString &algorithm, const QByteArray &secretOrPem, const QJsonObject &claims,
                         std::chrono::milliseconds lifetime)
{
    QString error;
    const QByteArray token = JwtMinter(JwtKey{algorithm, secretOrPem}).mint(claims, QDateTime::currentMSecsSinceEpoch(), lifetime, &error);
    if (token.isEmpty())
        qWarning("could not mint: %s", qPrintable(error));
    return token;
}

void tst_Jwt::acceptedTokenNamesTheUserOnEveryProtocol()
{
    Server server(hs256Config());
    QVERIFY2(server.start(), qPrintable(server.errorString()));
    const QByteArray token = mint(QStringLiteral("HS256"), secret, {{QLatin1String("sub"), QStringLiteral("auth0|alice")}});

    WsClient observer, alice;
    QVERIFY(observer.open(wsUrl(server, QStringLiteral("channel=room&token=") + mint(QStringLiteral("HS256"), secret, {{QLatin1String("sub"), QStringLiteral("observer")}}))));
    QVERIFY(observer.waitForType(QStringLiteral("session.welcome")));
    QVERIFY(alice.openWithHeaders(wsUrl(server, QStringLiteral("channel=room")), {{"Authorization", "Bearer " + token}}));
    QVERIFY(alice.waitForType(QStringLiteral("session.welcome")));
    QCOMPARE(alice.ofType(QStringLiteral("session.welcome")).first().value(QLatin1String("payload")).toObject().value(QLatin1String("user")),
             QStringLiteral("auth0|alice"));
    // The token's user is in presence like a ?user= one.
    QTRY_VERIFY(std::any_of(observer.received.cbegin(), observer.received.cend(), [](const QJsonObject &envelope) {
        return envelope.value(QLatin1String("type")).toString() == u"presence.join"
            && envelope.value(QLatin1String("payload")).toObject().value(QLatin1String("user")).toString() == u"auth0|alice";
    }));

    SseStream sse;
    QVERIFY(sse.open(server.port(), "/events?channel=room", {"Authorization: Bearer " + token}));
    QCOMPARE(get(server.port(), "/poll?channel=room&timeout=0&token=" + token).status, 200);
    QCOMPARE(post(server.port(), "/publish", R"({"channel":"room","type":"chat.message"})", {"Authorization: Bearer " + token}).status, 200);
    QVERIFY(alice.waitForType(QStringLiteral("chat.message")));

    // No token at all: 401 with a bare challenge (RFC 6750 3.1), and 4001 on a WebSocket.
    const HttpReply none = get(server.port(), "/poll?channel=room&timeout=0");
    QCOMPARE(none.status, 401);
    QCOMPARE(none.header("WWW-Authenticate"), QByteArray("Bearer"));
    WsClient anonymous;
    QVERIFY(anonymous.open(wsUrl(server, QStringLiteral("channel=room"))));
    QVERIFY(anonymous.waitForDisconnect());
    QCOMPARE(int(anonymous.socket.closeCode()), 4001);
    QCOMPARE(anonymous.socket.closeReason(), QStringLiteral("token required: pass ?token= or Authorization: Bearer"));
    QCOMPARE(get(server.port(), "/healthz").status, 200); // open, as with --token
    QVERIFY(server.stopAndWait());
}

void tst_Jwt::refusalsHaveTheirOwnReasons_data()
{
    QTest::addColumn<QByteArray>("token");
    QTest::addColumn<QString>("reason");
    QTest::addColumn<QByteArray>("metric");
    const QJsonObject alice{{QLatin1String("sub"), QStringLiteral("alice")}};
    QJsonObject expired = alice;
    expired.insert(QLatin1String("exp"), double(nowSeconds() - 60));
    QJsonObject early = alice;
    early.insert(QLatin1String("nbf"), double(nowSeconds() + 600));
    const QByteArray good = mint(QStringLiteral("HS256"), secret, alice);
    // Tampered: the claims changed after signing (sub "alice" -> "admin", same length in base64).
    QList<QByteArray> parts = good.split('.');
    const QByteArray forged = QJsonDocument(QJsonObject{{QLatin1String("sub"), QStringLiteral("admin")},
                                                        {QLatin1String("iat"), double(nowSeconds())}})
                                  .toJson(QJsonDocument::Compact);
    parts[1] = forged.toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals);
    const QByteArray tampered = parts.join('.');
    // "alg": "none" and no signature (RFC 7519 6.1): never accepted when a key is configured.
    const QByteArray unsecured = QByteArray(R"({"alg":"none","typ":"JWT"})").toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals)
                                 + '.' + parts[1] + '.';

    QTest::addRow("expired") << mint(QStringLiteral("HS256"), secret, expired, 0ms) << QStringLiteral("token expired") << QByteArray("expired");
    QTest::addRow("not yet valid") << mint(QStringLiteral("HS256"), secret, early) << QStringLiteral("token not yet valid") << QByteArray("not_yet_valid");
    QTest::addRow("tampered") << tampered << QStringLiteral("invalid signature") << QByteArray("bad_signature");
    QTest::addRow("other secret") << mint(QStringLiteral("HS256"), "another secret", alice) << QStringLiteral("invalid signature") << QByteArray("bad_signature");
    QTest::addRow("wrong algorithm") << mint(QStringLiteral("HS384"), secret, alice) << QStringLiteral("wrong algorithm: HS384 (expected HS256)")
                                     << QByteArray("wrong_algorithm");
    QTest::addRow("alg none") << unsecured << QStringLiteral("wrong algorithm: none (expected HS256)") << QByteArray("wrong_algorithm");
    QTest::addRow("no sub") << mint(QStringLiteral("HS256"), secret, {{QLatin1String("name"), QStringLiteral("x")}}) << QStringLiteral("token has no sub")
                            << QByteArray("no_subject");
    QTest::addRow("garbage") << QByteArray("not.a.jwt") << QStringLiteral("malformed token") << QByteArray("malformed");
}

void tst_Jwt::refusalsHaveTheirOwnReasons()
{
    QFETCH(QByteArray, token);
    QFETCH(QString, reason);
    QFETCH(QByteArray, metric);
    Server server(hs256Config());
    QVERIFY2(server.start(), qPrintable(server.errorString()));
    WsClient client;
    QVERIFY(client.open(wsUrl(server, QStringLiteral("channel=room&token=") + QString::fromLatin1(token))));
    QVERIFY(client.waitForDisconnect());
    QCOMPARE(int(client.socket.closeCode()), 4001);
    QCOMPARE(client.socket.closeReason(), reason);
    QVERIFY(client.ofType(QStringLiteral("session.welcome")).isEmpty());

    const HttpReply reply = get(server.port(), "/events?channel=room", {"Authorization: Bearer " + token});
    QCOMPARE(reply.status, 401);
    QCOMPARE(reply.header("WWW-Authenticate"), "Bearer error=\"invalid_token\", error_description=\"" + reason.toUtf8() + '"');
    QCOMPARE(metricValue(server, "socketscope_jwt_refused_total{reason=\"" + metric + "\"}"), quint64(2));
    QVERIFY(server.stopAndWait());
}

void tst_Jwt::expiryClosesOpenConnections()
{
    Server server(hs256Config());
    QVERIFY2(server.start(), qPrintable(server.errorString()));
    // exp is in whole seconds: this one runs out one to two seconds from now.
    const QByteArray token = mint(QStringLiteral("HS256"), secret, {{QLatin1String("sub"), QStringLiteral("alice")}}, 2s);
    WsClient client;
    QVERIFY(client.open(wsUrl(server, QStringLiteral("channel=room&token=") + QString::fromLatin1(token))));
    QVERIFY(client.waitForType(QStringLiteral("session.welcome")));
    SseStream sse;
    QVERIFY(sse.open(server.port(), "/events?channel=room&token=" + token));
    QVERIFY(client.waitForDisconnect(15000));
    QCOMPARE(int(client.socket.closeCode()), 4001);
    QCOMPARE(client.socket.closeReason(), QStringLiteral("token expired"));
    QVERIFY(sse.waitForEnd(15000));
    QCOMPARE(metricValue(server, "socketscope_jwt_expired_closes_total"), quint64(2));
    // Coming back with the same token is refused; a fresh one is welcome.
    QCOMPARE(get(server.port(), "/events?channel=room&token=" + token).status, 401);
    WsClient fresh;
    QVERIFY(fresh.open(wsUrl(server, QStringLiteral("channel=room&token=")
                                         + QString::fromLatin1(mint(QStringLiteral("HS256"), secret, {{QLatin1String("sub"), QStringLiteral("alice")}})))));
    QVERIFY(fresh.waitForType(QStringLiteral("session.welcome")));
    QVERIFY(server.stopAndWait());
}

void tst_Jwt::publicKeyAlgorithms_data()
{
    QTest::addColumn<QString>("algorithm");
    QTest::addColumn<QString>("keyName");
    QTest::addRow("RS256") << QStringLiteral("RS256") << QStringLiteral("rsa");
    QTest::addRow("ES256") << QStringLiteral("ES256") << QStringLiteral("ec");
}

void tst_Jwt::publicKeyAlgorithms()
{
    QFETCH(QString, algorithm);
    QFETCH(QString, keyName);
    ServerConfig config = loopbackConfig();
    config.jwtAlgorithm = algorithm;
    config.jwtPublicKeyFile = QStringLiteral(JWT_TEST_DATA "/") + keyName + QStringLiteral("-public.pem");
    Server server(config);
    QVERIFY2(server.start(), qPrintable(server.errorString()));
    const QByteArray privateKey = readData(keyName + QStringLiteral("-private.pem"));
    QVERIFY(!privateKey.isEmpty());
    const QByteArray token = mint(algorithm, privateKey, {{QLatin1String("sub"), QStringLiteral("bob")}});
    QVERIFY(!token.isEmpty());
    WsClient client;
    QVERIFY(client.open(wsUrl(server, QStringLiteral("channel=room&token=") + QString::fromLatin1(token))));
    QVERIFY(client.waitForType(QStringLiteral("session.welcome")));
    // An HS256 token signed with the public key as its secret: the algorithm confusion attack.
    const QByteArray confused = mint(QStringLiteral("HS256"), readData(keyName + QStringLiteral("-public.pem")), {{QLatin1String("sub"), QStringLiteral("bob")}});
    const HttpReply reply = get(server.port(), "/poll?channel=room&timeout=0&token=" + confused);
    QCOMPARE(reply.status, 401);
    QVERIFY2(reply.body.contains("wrong algorithm: HS256 (expected " + algorithm.toLatin1() + ")"), reply.body.constData());
    QVERIFY(server.stopAndWait());
}

void tst_Jwt::userMustMatchTheSubject()
{
    Server server(hs256Config());
    QVERIFY2(server.start(), qPrintable(server.errorString()));
    const QString token = QString::fromLatin1(mint(QStringLiteral("HS256"), secret, {{QLatin1String("sub"), QStringLiteral("alice")}}));
    WsClient impostor, same;
    QVERIFY(impostor.open(wsUrl(server, QStringLiteral("channel=room&user=bob&token=") + token)));
    QVERIFY(impostor.waitForDisconnect());
    QCOMPARE(int(impostor.socket.closeCode()), 1008);
    QCOMPARE(impostor.socket.closeReason(), QStringLiteral("user does not match the token's sub"));
    QVERIFY(same.open(wsUrl(server, QStringLiteral("channel=room&user=alice&token=") + token)));
    QVERIFY(same.waitForType(QStringLiteral("session.welcome")));
    QVERIFY(server.stopAndWait());
}

void tst_Jwt::badSettingsStopTheStart()
{
    ServerConfig both = hs256Config();
    both.token = QStringLiteral("t");
    Server withBoth(both);
    QVERIFY(!withBoth.start());
    QCOMPARE(withBoth.errorString(), QStringLiteral("use either a token or JWT authentication, not both"));

    ServerConfig wrongKey = loopbackConfig();
    wrongKey.jwtAlgorithm = QStringLiteral("RS256");
    wrongKey.jwtPublicKeyFile = QStringLiteral(JWT_TEST_DATA "/ec-public.pem");
    Server withWrongKey(wrongKey);
    QVERIFY(!withWrongKey.start());
    QCOMPARE(withWrongKey.errorString(), QStringLiteral("the JWT key file '%1' is not a PEM RSA public key").arg(wrongKey.jwtPublicKeyFile));

    ServerConfig unknown = hs256Config();
    unknown.jwtAlgorithm = QStringLiteral("PS256");
    Server withUnknown(unknown);
    QVERIFY(!withUnknown.start());
    QVERIFY2(withUnknown.errorString().startsWith(QLatin1String("JWT algorithm 'PS256' is not one of HS256")), qPrintable(withUnknown.errorString()));
}

QTEST_GUILESS_MAIN(tst_Jwt)
#include "tst_jwt.moc"
