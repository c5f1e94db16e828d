#include "sim/httpresponsereader.h"

#include <QTest>

using Token = HttpResponseReader::Token;

// Everything the reader yields, as text: "200 OK" per head, the body (pieces joined, since how
// it is split depends on how the bytes arrived), "complete" per response, "error" at the end.
struct Transcript
{
    QStringList lines;
    QByteArray pendingBody;
    QString error;
    bool failed = false;

    void drain(HttpResponseReader &reader)
    {
        // An error is reported once: the reader stays in error and the connection is closed.
        for (; !failed;) {
            const Token t = reader.readNext();
            if (t == Token::NeedMore)
                return;
            if (t == Token::Body) {
                if (reader.body().isEmpty())
                    lines << QStringLiteral("EMPTY BODY PIECE");
                pendingBody += reader.body();
                continue;
            }
            flushBody();
            switch (t) {
            case Token::Head:
                lines << QString::number(reader.head().status) + QLatin1Char(' ') + QString::fromLatin1(reader.head().reason);
                break;
            case Token::Complete: lines << QStringLiteral("complete"); break;
            case Token::Error:
                lines << QStringLiteral("error");
                error = reader.errorString();
                failed = true;
                return;
            default: break;
            }
        }
    }
    void flushBody()
    {
        if (!pendingBody.isEmpty())
            lines << QStringLiteral("body:") + QString::fromLatin1(pendingBody);
        pendingBody.clear();
    }
    QString text()
    {
        flushBody();
        return lines.join(QLatin1Char('|'));
    }
};

class tst_HttpResponseReader : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void responses_data();
    void responses();
    void headFields();
    void keepAlive_data();
    void keepAlive();
    void bodyArrivesIncrementally();
    void chunkedStreamYieldsEachChunkAsItArrives();
    void errorIsSticky();
};

void tst_HttpResponseReader::responses_data()
{
    QTest::addColumn<QByteArray>("input");
    QTest::addColumn<bool>("eof");              // finish() after the last byte
    QTest::addColumn<QByteArrayList>("methods"); // expectResponseTo(), in order
    QTest::addColumn<QString>("expected");
    QTest::addColumn<QString>("errorContains");

    const QByteArrayList none;
    QTest::addRow("content-length")
        << QByteArray("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 5\r\n\r\nhello")
        << false << none << "200 OK|body:hello|complete" << "";
    QTest::addRow("content-length zero")
        << QByteArray("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n") << false << none << "200 OK|complete" << "";
    QTest::addRow("content-length list of equal values")
        << QByteArray("HTTP/1.1 200 OK\r\nContent-Length: 2, 2\r\nContent-Length: 2\r\n\r\nok") << false << none
        << "200 OK|body:ok|complete" << "";
    QTest::addRow("chunked")
        << QByteArray("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n7\r\n, world\r\n0\r\n\r\n")
        << false << none << "200 OK|body:hello, world|complete" << "";
    QTest::addRow("chunked hex sizes and leading zeros")
        << QByteArray("HTTP/1.1 200 OK\r\nTransfer-Encoding: Chunked\r\n\r\n000A\r\n0123456789\r\nb\r\nabcdefghijk\r\n000\r\n\r\n")
        << false << none << "200 OK|body:0123456789abcdefghijk|complete" << "";
    QTest::addRow("chunk extensions ignored")
        << QByteArray("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
                      "5;name=value\r\nhello\r\n1 ; a=\"b;c\" ;flag\r\n!\r\n0;last=1\r\n\r\n")
        << false << none << "200 OK|body:hello!|complete" << "";
    QTest::addRow("trailers consumed")
        << QByteArray("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nTrailer: X-Checksum\r\n\r\n"
                      "3\r\nabc\r\n0\r\nX-Checksum: 900150983cd24fb0\r\nX-Other: 1\r\n\r\n"
                      "HTTP/1.1 204 No Content\r\n\r\n")
        << false << none << "200 OK|body:abc|complete|204 No Content|complete" << "";
    QTest::addRow("pipelined responses in one buffer")
        << QByteArray("HTTP/1.1 200 OK\r\nContent-Length: 3\r\n\r\none"
                      "HTTP/1.1 201 Created\r\nTransfer-Encoding: chunked\r\n\r\n3\r\ntwo\r\n0\r\n\r\n"
                      "HTTP/1.1 204 No Content\r\nContent-Length: 10\r\n\r\n"
                      "HTTP/1.1 304 Not Modified\r\nContent-Length: 10\r\n\r\n"
                      "HTTP/1.1 404 Not Found\r\nContent-Length: 5\r\n\r\nthree")
        << false << none
        << "200 OK|body:one|complete|201 Created|body:two|complete|204 No Content|complete|304 Not Modified|complete|404 Not Found|body:three|complete"
        << "";
    QTest::addRow("response to HEAD has no body")
        << QByteArray("HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\nHTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok")
        << false << QByteArrayList{"HEAD", "GET"} << "200 OK|complete|200 OK|body:ok|complete" << "";
    QTest::addRow("interim 1xx skipped")
        << QByteArray("HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 103 Early Hints\r\nLink: </a>\r\n\r\n"
                      "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok")
        << false << none << "200 OK|body:ok|complete" << "";
    QTest::addRow("read until close")
        << QByteArray("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n\r\nuntil the end") << true << none
        << "200 OK|body:until the end|complete" << "";
    QTest::addRow("read until close, not closed yet")
        << QByteArray("HTTP/1.0 200 OK\r\n\r\nso far") << false << none << "200 OK|body:so far" << "";
    QTest::addRow("clean close between responses")
        << QByteArray("HTTP/1.1 200 OK\r\nContent-Length: 1\r\n\r\nx") << true << none << "200 OK|body:x|complete" << "";
    QTest::addRow("bare LF line endings")
        << QByteArray("HTTP/1.1 200 OK\nTransfer-Encoding: chunked\n\n2\nok\n0\n\n") << false << none
        << "200 OK|body:ok|complete" << "";
    QTest::addRow("status line without reason")
        << QByteArray("HTTP/1.1 200\r\nContent-Length: 0\r\n\r\nHTTP/1.1 500 \r\nContent-Length: 0\r\n\r\n")
        << false << none << "200 |complete|500 |complete" << "";
    QTest::addRow("reason with spaces")
        << QByteArray("HTTP/1.1 418 I'm a teapot\r\nContent-Length: 0\r\n\r\n") << false << none
        << "418 I'm a teapot|complete" << "";

    // Errors.
    QTest::addRow("malformed status line: letters in the code")
        << QByteArray("HTTP/1.1 2OO OK\r\n\r\n") << false << none << "error" << "malformed status line";
    QTest::addRow("malformed status line: not HTTP")
        << QByteArray("HTP/1.1 200 OK\r\n\r\n") << false << none << "error" << "malformed status line";
    QTest::addRow("malformed status line: no space after the code")
        << QByteArray("HTTP/1.1 200OK\r\n\r\n") << false << none << "error" << "malformed status line";
    QTest::addRow("malformed status line: empty")
        << QByteArray("\r\n\r\n") << false << none << "error" << "malformed status line";
    QTest::addRow("unsupported version")
        << QByteArray("HTTP/2.0 200 OK\r\n\r\n") << false << none << "error" << "unsupported HTTP version";
    QTest::addRow("status code out of range")
        << QByteArray("HTTP/1.1 600 Nope\r\n\r\n") << false << none << "error" << "out of range";
    QTest::addRow("101 unexpected")
        << QByteArray("HTTP/1.1 101 Switching Protocols\r\n\r\n") << false << none << "error" << "101";
    QTest::addRow("space before colon")
        << QByteArray("HTTP/1.1 200 OK\r\nContent-Length : 5\r\n\r\nhello") << false << none << "error" << "invalid header field";
    QTest::addRow("whitespace before the first field")
        << QByteArray("HTTP/1.1 200 OK\r\n Content-Length: 5\r\n\r\nhello") << false << none << "error" << "whitespace";
    QTest::addRow("bare CR in head")
        << QByteArray("HTTP/1.1 200 OK\rX: y\r\n\r\n") << false << none << "error" << "bare CR";
    static const char withNul[] = "HTTP/1.1 200 OK\r\nX: a\0b\r\n\r\n";
    QTest::addRow("NUL in field value")
        << QByteArray(withNul, sizeof(withNul) - 1) << false << none << "error" << "control character";
    QTest::addRow("invalid chunk size")
        << QByteArray("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n") << false << none
        << "200 OK|error" << "invalid chunk size";
    QTest::addRow("junk after chunk size")
        << QByteArray("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5x\r\nhello\r\n") << false << none
        << "200 OK|error" << "invalid chunk size";
    QTest::addRow("negative chunk size")
        << QByteArray("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n-5\r\nhello\r\n") << false << none
        << "200 OK|error" << "invalid chunk size";
    QTest::addRow("chunk size too large")
        << QByteArray("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n1000000000000000\r\n") << false << none
        << "200 OK|error" << "chunk size too large";
    QTest::addRow("chunk longer than its size")
        << QByteArray("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nhello\r\n0\r\n\r\n") << false << none
        << "200 OK|body:hel|error" << "not followed by CRLF";
    QTest::addRow("chunk-size line too long")
        << QByteArray("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5;" + QByteArray(5000, 'x') + "\r\nhello\r\n0\r\n\r\n")
        << false << none << "200 OK|error" << "chunk-size line exceeds 4096 bytes";
    QTest::addRow("oversized head")
        << QByteArray("HTTP/1.1 200 OK\r\nX-Big: " + QByteArray(70 * 1024, 'a') + "\r\n\r\n") << false << none
        << "error" << "response head exceeds 65536 bytes";
    QTest::addRow("oversized head without any line end")
        << QByteArray(70 * 1024, 'H') << false << none << "error" << "response head exceeds 65536 bytes";
    QTest::addRow("invalid content-length: differing values")
        << QByteArray("HTTP/1.1 200 OK\r\nContent-Length: 12, 13\r\n\r\n") << false << none << "error" << "invalid Content-Length";
    QTest::addRow("invalid content-length: negative")
        << QByteArray("HTTP/1.1 200 OK\r\nContent-Length: -1\r\n\r\n") << false << none << "error" << "invalid Content-Length";
    QTest::addRow("invalid content-length: not a number")
        << QByteArray("HTTP/1.1 200 OK\r\nContent-Length: abc\r\n\r\n") << false << none << "error" << "invalid Content-Length";
    QTest::addRow("unsupported transfer coding")
        << QByteArray("HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip, chunked\r\n\r\n") << false << none
        << "error" << "unsupported Transfer-Encoding";
    QTest::addRow("truncated content-length body")
        << QByteArray("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nhello") << true << none
        << "200 OK|body:hello|error" << "connection closed after 5 of 10 body bytes";
    QTest::addRow("truncated chunked body")
        << QByteArray("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhel") << true << none
        << "200 OK|body:hel|error" << "connection closed inside a chunk";
    QTest::addRow("truncated head")
        << QByteArray("HTTP/1.1 200 OK\r\nContent-Len") << true << none << "error" << "connection closed inside a response head";
}

void tst_HttpResponseReader::responses()
{
    QFETCH(QByteArray, input);
    QFETCH(bool, eof);
    QFETCH(QByteArrayList, methods);
    QFETCH(QString, expected);
    QFETCH(QString, errorContains);

    auto run = [&](const QList<QByteArrayView> &pieces, const QString &how) {
        HttpResponseReader reader;
        for (const QByteArray &m : methods)
            reader.expectResponseTo(m);
        Transcript t;
        for (QByteArrayView piece : pieces) {
            reader.feed(piece);
            t.drain(reader);
        }
        if (eof) {
            reader.finish();
            t.drain(reader);
        }
        const QString text = t.text();
        if (text != expected)
            QFAIL(qPrintable(how + QLatin1String(": got ") + text + QLatin1String(" expected ") + expected));
        if (!errorContains.isEmpty() && !t.error.contains(errorContains))
            QFAIL(qPrintable(how + QLatin1String(": error \"") + t.error + QLatin1String("\" lacks \"") + errorContains + QLatin1Char('"')));
        if (errorContains.isEmpty() && reader.hasError())
            QFAIL(qPrintable(how + QLatin1String(": unexpected error ") + reader.errorString()));
    };

    const QByteArrayView all(input);
    run({all}, QStringLiteral("in one piece"));
    // Split in two at every byte boundary (large inputs: every 997th).
    const qsizetype step = input.size() > 4096 ? 997 : 1;
    for (qsizetype i = 0; i <= input.size(); i += step)
        run({all.first(i), all.sliced(i)}, QStringLiteral("split at %1").arg(i));
    // One byte at a time.
    QList<QByteArrayView> bytes;
    for (qsizetype i = 0; i < input.size(); ++i)
        bytes.append(all.sliced(i, 1));
    run(bytes, QStringLiteral("byte by byte"));
}

void tst_HttpResponseReader::headFields()
{
    HttpResponseReader reader;
    reader.feed("HTTP/1.1 200 OK\r\n"
                "content-type:text/event-stream\r\n"
                "Cache-Control:  no-cache \t\r\n"
                "X-List: a\r\n"
                "x-list: b, c\r\n"
                "X-Folded: first\r\n"
                "   second\r\n"
                "\tthird\r\n"
                "Connection: Keep-Alive, Upgrade\r\n"
                "Content-Length: 0\r\n\r\n");
    QCOMPARE(reader.readNext(), Token::Head);
    const HttpResponseHead &head = reader.head();
    QCOMPARE(head.version, QByteArray("HTTP/1.1"));
    QCOMPARE(head.status, 200);
    QCOMPARE(head.reason, QByteArray("OK"));
    QCOMPARE(head.value("Content-Type"), QByteArray("text/event-stream"));
    QCOMPARE(head.value("CACHE-CONTROL"), QByteArray("no-cache"));
    QCOMPARE(head.value("X-List"), QByteArray("a, b, c"));
    QCOMPARE(head.value("X-Folded"), QByteArray("first second third"));
    QCOMPARE(head.value("Absent"), QByteArray());
    QVERIFY(head.contains("x-folded"));
    QVERIFY(!head.contains("absent"));
    QVERIFY(head.hasToken("connection", "upgrade"));
    QVERIFY(head.hasToken("Connection", "keep-alive"));
    QVERIFY(!head.hasToken("Connection", "close"));
    QCOMPARE(head.fields.size(), 7);
    QCOMPARE(head.fields.first().first, QByteArray("content-type"));
    QCOMPARE(reader.framing(), HttpResponseReader::Framing::ContentLength);
    QCOMPARE(reader.contentLength(), 0);
    QCOMPARE(reader.readNext(), Token::Complete);
    QVERIFY(reader.isIdle());
    QCOMPARE(reader.readNext(), Token::NeedMore);
}

void tst_HttpResponseReader::keepAlive_data()
{
    QTest::addColumn<QByteArray>("head");
    QTest::addColumn<bool>("keepAlive");
    QTest::addRow("1.1 default") << QByteArray("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n") << true;
    QTest::addRow("1.1 close") << QByteArray("HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 0\r\n\r\n") << false;
    QTest::addRow("1.0 default") << QByteArray("HTTP/1.0 200 OK\r\nContent-Length: 0\r\n\r\n") << false;
    QTest::addRow("1.0 keep-alive") << QByteArray("HTTP/1.0 200 OK\r\nConnection: keep-alive\r\nContent-Length: 0\r\n\r\n") << true;
    QTest::addRow("until close") << QByteArray("HTTP/1.1 200 OK\r\n\r\n") << false;
    QTest::addRow("chunked with content-length")
        << QByteArray("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nContent-Length: 3\r\n\r\n") << false;
}

void tst_HttpResponseReader::keepAlive()
{
    QFETCH(QByteArray, head);
    QFETCH(bool, keepAlive);
    HttpResponseReader reader;
    reader.feed(head);
    QCOMPARE(reader.readNext(), Token::Head);
    QCOMPARE(reader.isKeepAlive(), keepAlive);
}

void tst_HttpResponseReader::bodyArrivesIncrementally()
{
    HttpResponseReader reader;
    reader.feed("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\n01234");
    QCOMPARE(reader.readNext(), Token::Head);
    QCOMPARE(reader.readNext(), Token::Body);
    QCOMPARE(reader.body(), QByteArray("01234"));
    QCOMPARE(reader.readNext(), Token::NeedMore);
    reader.feed("567");
    QCOMPARE(reader.readNext(), Token::Body);
    QCOMPARE(reader.body(), QByteArray("567"));
    reader.feed("89HTTP/1.1 204 No Content\r\n\r\n");
    QCOMPARE(reader.readNext(), Token::Body);
    QCOMPARE(reader.body(), QByteArray("89"));
    QCOMPARE(reader.readNext(), Token::Complete);
    QCOMPARE(reader.readNext(), Token::Head);
    QCOMPARE(reader.head().status, 204);
    QCOMPARE(reader.readNext(), Token::Complete);
    QCOMPARE(reader.readNext(), Token::NeedMore);
}

void tst_HttpResponseReader::chunkedStreamYieldsEachChunkAsItArrives()
{
    // An SSE stream: each event arrives as one chunk and must be handed on without waiting for
    // the next one.
    HttpResponseReader reader;
    reader.feed("HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nTransfer-Encoding: chunked\r\n\r\n");
    QCOMPARE(reader.readNext(), Token::Head);
    QCOMPARE(reader.framing(), HttpResponseReader::Framing::Chunked);
    QCOMPARE(reader.readNext(), Token::NeedMore);
    reader.feed("d\r\nretry: 1000\n\n\r\n");
    QCOMPARE(reader.readNext(), Token::Body);
    QCOMPARE(reader.body(), QByteArray("retry: 1000\n\n"));
    QCOMPARE(reader.readNext(), Token::NeedMore);
    reader.feed("10\r\nid: 1\ndata: {}\n\n");
    QCOMPARE(reader.readNext(), Token::Body);
    QCOMPARE(reader.body(), QByteArray("id: 1\ndata: {}\n\n"));
    QCOMPARE(reader.readNext(), Token::NeedMore);
    reader.feed("\r");
    QCOMPARE(reader.readNext(), Token::NeedMore);
    reader.feed("\n0\r\n\r\n");
    QCOMPARE(reader.readNext(), Token::Complete);
}

void tst_HttpResponseReader::errorIsSticky()
{
    HttpResponseReader reader;
    reader.feed("garbage\r\n\r\n");
    QCOMPARE(reader.readNext(), Token::Error);
    QVERIFY(reader.hasError());
    QVERIFY(!reader.isKeepAlive());
    reader.feed("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n");
    QCOMPARE(reader.readNext(), Token::Error);
    QVERIFY(reader.errorString().contains(QLatin1String("malformed status line \"garbage\"")));
}

QTEST_GUILESS_MAIN(tst_HttpResponseReader)
#include "tst_httpresponsereader.moc"
