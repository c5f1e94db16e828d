#include "protocol/httpheadparser.h"

#include <QTest>

class tst_HttpHeadParser : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void parses_data();
    void parses();
    void rejects_data();
    void rejects();
    void waitsForTheRestOfTheHead();
    void headLengthStopsAtTheBlankLine();
    void enforcesSizeLimitWithoutTerminator();
    void enforcesHeaderCount();
    void keepAliveRules_data();
    void keepAliveRules();
    void recognisesWebSocketUpgrade();
};

void tst_HttpHeadParser::parses_data()
{
    QTest::addColumn<QByteArray>("input");
    QTest::addColumn<QByteArray>("method");
    QTest::addColumn<QString>("path");
    QTest::addColumn<QString>("channel");
    QTest::addColumn<int>("headers");

    QTest::addRow("simple get") << QByteArray("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n") << QByteArray("GET") << "/healthz" << "" << 1;
    QTest::addRow("query") << QByteArray("GET /events?channel=news&lastEventId=4 HTTP/1.1\r\nHost: x\r\n\r\n") << QByteArray("GET") << "/events" << "news" << 1;
    QTest::addRow("percent-encoded") << QByteArray("GET /ws?channel=a%2Eb HTTP/1.1\r\nHost: x\r\n\r\n") << QByteArray("GET") << "/ws" << "a.b" << 1;
    QTest::addRow("http/1.0 without host") << QByteArray("GET / HTTP/1.0\r\n\r\n") << QByteArray("GET") << "/" << "" << 0;
    QTest::addRow("leading empty lines") << QByteArray("\r\n\r\nPOST /publish HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\n\r\n{}") << QByteArray("POST") << "/publish" << "" << 2;
    QTest::addRow("ows trimmed") << QByteArray("GET / HTTP/1.1\r\nHost:   x \t\r\nX-A:b\r\n\r\n") << QByteArray("GET") << "/" << "" << 2;
    QTest::addRow("same content-length twice") << QByteArray("POST /publish HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\nContent-Length: 3\r\n\r\n") << QByteArray("POST") << "/publish" << "" << 3;
}

void tst_HttpHeadParser::parses()
{
    QFETCH(QByteArray, input);
    QFETCH(QByteArray, method);
    QFETCH(QString, path);
    QFETCH(QString, channel);
    QFETCH(int, headers);
    const auto result = HttpHeadParser::parse(input);
    QCOMPARE(result.status, HttpHeadParser::Status::Complete);
    QCOMPARE(result.head.method, method);
    QCOMPARE(result.head.path, path);
    QCOMPARE(result.head.query.queryItemValue(QStringLiteral("channel"), QUrl::FullyDecoded), channel);
    QCOMPARE(result.head.headers.size(), headers);
}

void tst_HttpHeadParser::rejects_data()
{
    QTest::addColumn<QByteArray>("input");
    QTest::addColumn<int>("status");
    QTest::addColumn<QString>("mentions");

    QTest::addRow("garbage") << QByteArray("hello\r\n\r\n") << 400 << "request line";
    QTest::addRow("two spaces only") << QByteArray("GET  HTTP/1.1\r\nHost: x\r\n\r\n") << 400 << "target";
    QTest::addRow("absolute form") << QByteArray("GET http://x/ HTTP/1.1\r\nHost: x\r\n\r\n") << 400 << "origin form";
    QTest::addRow("http/2") << QByteArray("GET / HTTP/2.0\r\nHost: x\r\n\r\n") << 505 << "version";
    QTest::addRow("not http") << QByteArray("GET / FTP/1.0\r\nHost: x\r\n\r\n") << 400 << "version";
    QTest::addRow("bad method") << QByteArray("G(T / HTTP/1.1\r\nHost: x\r\n\r\n") << 400 << "method";
    QTest::addRow("control char in target") << QByteArray("GET /\x01 HTTP/1.1\r\nHost: x\r\n\r\n") << 400 << "control";
    QTest::addRow("missing host") << QByteArray("GET / HTTP/1.1\r\nAccept: */*\r\n\r\n") << 400 << "Host";
    QTest::addRow("two hosts") << QByteArray("GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n") << 400 << "Host";
    QTest::addRow("space before colon") << QByteArray("GET / HTTP/1.1\r\nHost : x\r\n\r\n") << 400 << "field name";
    QTest::addRow("no colon") << QByteArray("GET / HTTP/1.1\r\nHost x\r\n\r\n") << 400 << "header line";
    QTest::addRow("obs-fold") << QByteArray("GET / HTTP/1.1\r\nHost: x\r\n continued\r\n\r\n") << 400 << "folding";
    QTest::addRow("nul in value") << (QByteArray("GET / HTTP/1.1\r\nHost: x\r\nX: a") + QByteArray(1, '\0') + "b\r\n\r\n") << 400 << "invalid character";
    QTest::addRow("bare lf") << QByteArray("GET / HTTP/1.1\nHost: x\n\n") << 400 << "bare LF";
    QTest::addRow("bare cr inside") << QByteArray("GET / HTTP/1.1\r\nHost: x\ry: z\r\n\r\n") << 400 << "bare CR";
    QTest::addRow("smuggling cl+te") << QByteArray("POST /publish HTTP/1.1\r\nHost: x\r\nContent-Length: 4\r\nTransfer-Encoding: chunked\r\n\r\n") << 400 << "smuggling";
    QTest::addRow("conflicting lengths") << QByteArray("POST /publish HTTP/1.1\r\nHost: x\r\nContent-Length: 4\r\nContent-Length: 5\r\n\r\n") << 400 << "conflicting";
    QTest::addRow("negative length") << QByteArray("POST /publish HTTP/1.1\r\nHost: x\r\nContent-Length: -1\r\n\r\n") << 400 << "Content-Length";
    QTest::addRow("length with sign") << QByteArray("POST /publish HTTP/1.1\r\nHost: x\r\nContent-Length: +4\r\n\r\n") << 400 << "Content-Length";
    QTest::addRow("huge length") << QByteArray("POST /publish HTTP/1.1\r\nHost: x\r\nContent-Length: 99999999999999999999999\r\n\r\n") << 400 << "Content-Length";
    QTest::addRow("chunked only") << QByteArray("POST /publish HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n") << 501 << "Transfer-Encoding";
    QTest::addRow("endless empty lines") << QByteArray(20000, '\n').replace("\n", "\r\n") << 431 << "larger than";
    QTest::addRow("head too large") << (QByteArray("GET / HTTP/1.1\r\nHost: x\r\nX: ") + QByteArray(20000, 'a') + "\r\n\r\n") << 431 << "larger than";
}

void tst_HttpHeadParser::rejects()
{
    QFETCH(QByteArray, input);
    QFETCH(int, status);
    QFETCH(QString, mentions);
    const auto result = HttpHeadParser::parse(input);
    QCOMPARE(result.status, HttpHeadParser::Status::Error);
    QCOMPARE(result.httpStatus, status);
    QVERIFY2(QString::fromUtf8(result.error).contains(mentions, Qt::CaseInsensitive), result.error.constData());
}

void tst_HttpHeadParser::waitsForTheRestOfTheHead()
{
    const QByteArray full("GET /poll?since=3 HTTP/1.1\r\nHost: example\r\nAccept: */*\r\n\r\n");
    // A slow client: every prefix is incomplete, not an error.
    for (qsizetype n = 0; n < full.size(); ++n)
        QCOMPARE(HttpHeadParser::parse(full.first(n)).status, HttpHeadParser::Status::Incomplete);
    QCOMPARE(HttpHeadParser::parse(full).status, HttpHeadParser::Status::Complete);
}

void tst_HttpHeadParser::headLengthStopsAtTheBlankLine()
{
    const QByteArray head("POST /publish HTTP/1.1\r\nHost: x\r\nContent-Length: 7\r\n\r\n");
    const auto result = HttpHeadParser::parse(head + "{\"a\":1}GET / HTTP/1.1\r\n");
    QCOMPARE(result.status, HttpHeadParser::Status::Complete);
    QCOMPARE(result.headLength, int(head.size()));
    QCOMPARE(result.head.contentLength(), 7);
}

void tst_HttpHeadParser::enforcesSizeLimitWithoutTerminator()
{
    HttpHeadParser::Limits limits;
    limits.maxHeadBytes = 1024;
    const QByteArray endless = "GET / HTTP/1.1\r\nX: " + QByteArray(2000, 'b');
    const auto result = HttpHeadParser::parse(endless, limits);
    QCOMPARE(result.status, HttpHeadParser::Status::Error);
    QCOMPARE(result.httpStatus, 431);
    // Just under the limit and unfinished: still waiting.
    QCOMPARE(HttpHeadParser::parse(endless.first(1000), limits).status, HttpHeadParser::Status::Incomplete);
}

void tst_HttpHeadParser::enforcesHeaderCount()
{
    HttpHeadParser::Limits limits;
    limits.maxHeaderCount = 10;
    QByteArray head("GET / HTTP/1.1\r\nHost: x\r\n");
    for (int i = 0; i < 9; ++i)
        head += "X-" + QByteArray::number(i) + ": v\r\n";
    QCOMPARE(HttpHeadParser::parse(head + "\r\n", limits).status, HttpHeadParser::Status::Complete);
    const auto result = HttpHeadParser::parse(head + "X-Last: v\r\n\r\n", limits);
    QCOMPARE(result.status, HttpHeadParser::Status::Error);
    QCOMPARE(result.httpStatus, 431);
}

void tst_HttpHeadParser::keepAliveRules_data()
{
    QTest::addColumn<QByteArray>("input");
    QTest::addColumn<bool>("keepAlive");
    QTest::addRow("1.1 default") << QByteArray("GET / HTTP/1.1\r\nHost: x\r\n\r\n") << true;
    QTest::addRow("1.1 close") << QByteArray("GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n") << false;
    QTest::addRow("1.0 default") << QByteArray("GET / HTTP/1.0\r\n\r\n") << false;
    QTest::addRow("1.0 keep-alive") << QByteArray("GET / HTTP/1.0\r\nConnection: Keep-Alive\r\n\r\n") << true;
}

void tst_HttpHeadParser::keepAliveRules()
{
    QFETCH(QByteArray, input);
    QFETCH(bool, keepAlive);
    const auto result = HttpHeadParser::parse(input);
    QCOMPARE(result.status, HttpHeadParser::Status::Complete);
    QCOMPARE(result.head.wantsKeepAlive(), keepAlive);
}

void tst_HttpHeadParser::recognisesWebSocketUpgrade()
{
    const auto upgrade = HttpHeadParser::parse(QByteArray(
        "GET /ws?channel=a HTTP/1.1\r\nHost: x\r\nUpgrade: WebSocket\r\nConnection: keep-alive, Upgrade\r\n"
        "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n"));
    QCOMPARE(upgrade.status, HttpHeadParser::Status::Complete);
    QVERIFY(upgrade.head.isWebSocketUpgrade());
    const auto plain = HttpHeadParser::parse(QByteArray("GET /ws HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\n\r\n"));
    QVERIFY(!plain.head.isWebSocketUpgrade());
}

QTEST_GUILESS_MAIN(tst_HttpHeadParser)
#include "tst_httpheadparser.moc"
