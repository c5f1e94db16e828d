#include "protocol/redaction.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>

// Issue 5, security defaults: a token or password in a target URL never reaches a log or report.
class TestRedaction : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void secretsAreReplacedAndTheRestKept_data();
    void secretsAreReplacedAndTheRestKept();
    void scenarioJsonKeepsItsShapeWithoutSecrets();
};

void TestRedaction::secretsAreReplacedAndTheRestKept_data()
{
    QTest::addColumn<QString>("url");
    QTest::addColumn<QString>("shown");
    QTest::addRow("token")
        << "ws://127.0.0.1:8080/ws?channel=general&token=s3cret"
        << "ws://127.0.0.1:8080/ws?channel=general&token=REDACTED";
    QTest::addRow("token first, case-insensitive key")
        << "wss://h.example/ws?TOKEN=s3cret&channel=a"
        << "wss://h.example/ws?TOKEN=REDACTED&channel=a";
    QTest::addRow("percent-encoded secret")
        << "http://h/events?access_token=a%26b%3Dc&channel=x"
        << "http://h/events?access_token=REDACTED&channel=x";
    QTest::addRow("repeated")
        << "ws://h/ws?token=a&token=b"
        << "ws://h/ws?token=REDACTED&token=REDACTED";
    QTest::addRow("password in userinfo")
        << "https://alice:pw@h:8443/events"
        << "https://alice:REDACTED@h:8443/events";
    QTest::addRow("api key")
        << "ws://h/ws?apikey=k&api_key=k2&jwt=j"
        << "ws://h/ws?apikey=REDACTED&api_key=REDACTED&jwt=REDACTED";
    // Shown the way QUrl::toString() shows any URL (decoded where that is unambiguous).
    QTest::addRow("nothing secret")
        << "ws://127.0.0.1:9/ws?channel=a%20b&since=4"
        << "ws://127.0.0.1:9/ws?channel=a b&since=4";
    QTest::addRow("no query") << "ws://127.0.0.1:9/" << "ws://127.0.0.1:9/";
    QTest::addRow("token-like names are not secrets")
        << "ws://h/ws?tokens=1&monkey=2"
        << "ws://h/ws?tokens=1&monkey=2";
}

void TestRedaction::secretsAreReplacedAndTheRestKept()
{
    QFETCH(QString, url);
    QFETCH(QString, shown);
    const QString redacted = Redaction::url(QUrl(url, QUrl::StrictMode));
    QCOMPARE(redacted, shown);
    QVERIFY(!redacted.contains(u"s3cret"));
}

void TestRedaction::scenarioJsonKeepsItsShapeWithoutSecrets()
{
    const QJsonObject scenario = QJsonDocument::fromJson(R"({
        "name": "s", "target": "wss://h.example/ws?token=s3cret&channel=a", "token": "s3cret",
        "headers": { "Authorization": "Bearer s3cret", "X-Trace": "keep-me", "cookie": "sid=s3cret" },
        "server": { "token": "s3cret", "tls": { "certificate": "c.pem", "key": "k.pem" } },
        "groups": [ { "name": "g", "clients": 2, "target": "http://u:s3cret@h/events" } ],
        "description": "see https://example.org/docs?page=2"
    })").object();
    const QJsonObject shown = Redaction::json(scenario);
    const QByteArray text = QJsonDocument(shown).toJson(QJsonDocument::Compact);
    QVERIFY2(!text.contains("s3cret"), text.constData());
    QCOMPARE(shown.keys(), scenario.keys());
    QCOMPARE(shown.value(u"token").toString(), QStringLiteral("REDACTED"));
    QCOMPARE(shown.value(u"target").toString(), QStringLiteral("wss://h.example/ws?token=REDACTED&channel=a"));
    const QJsonObject headers = shown.value(u"headers").toObject();
    QCOMPARE(headers.value(u"Authorization").toString(), QStringLiteral("REDACTED"));
    QCOMPARE(headers.value(u"cookie").toString(), QStringLiteral("REDACTED"));
    QCOMPARE(headers.value(u"X-Trace").toString(), QStringLiteral("keep-me"));
    QCOMPARE(shown.value(u"server").toObject().value(u"tls"), scenario.value(u"server").toObject().value(u"tls"));
    QCOMPARE(shown.value(u"groups").toArray().at(0).toObject().value(u"clients").toInt(), 2);
    QCOMPARE(shown.value(u"description"), scenario.value(u"description"));
}

QTEST_APPLESS_MAIN(TestRedaction)
#include "tst_redaction.moc"
