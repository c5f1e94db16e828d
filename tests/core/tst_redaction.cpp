#include "protocol/redaction.h"

#include <QTest>

// Issue 5, security defaults: a token or password in a target URL never reaches a log or report.
class TestRedaction : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void secretsAreReplacedAndTheRestKept_data();
    void secretsAreReplacedAndTheRestKept();
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

QTEST_APPLESS_MAIN(TestRedaction)
#include "tst_redaction.moc"
