#include "protocol/sseencoder.h"
#include "protocol/sseparser.h"

#include <QTest>

using namespace std::chrono_literals;

class tst_Sse : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void encodesEvent();
    void encodesMultiLineData();
    void encodesRetryAndComment();
    void neverEmitsNulInId();
    void encoderOutputParsesBack_data();
    void encoderOutputParsesBack();
    void parserEdgeCases_data();
    void parserEdgeCases();
    void parserIsChunkingIndependent();
    void parserRetry();
    void parserLastEventIdString();
    void parserStrictModeIsChunkingIndependent();
};

void tst_Sse::encodesEvent()
{
    QCOMPARE(SseEncoder::event("{\"a\":1}", "chat.message", "42"),
             QByteArray("id: 42\nevent: chat.message\ndata: {\"a\":1}\n\n"));
    QCOMPARE(SseEncoder::event("x"), QByteArray("data: x\n\n"));
}

void tst_Sse::encodesMultiLineData()
{
    // WHATWG SSE: each line of data is its own data: field (CRLF, CR and LF all end a line).
    QCOMPARE(SseEncoder::event("a\nb\r\nc\rd"), QByteArray("data: a\ndata: b\ndata: c\ndata: d\n\n"));
    QCOMPARE(SseEncoder::event(""), QByteArray("data: \n\n"));
    QCOMPARE(SseEncoder::event("end\n"), QByteArray("data: end\ndata: \n\n"));
}

void tst_Sse::encodesRetryAndComment()
{
    QCOMPARE(SseEncoder::retry(2500ms), QByteArray("retry: 2500\n\n"));
    QCOMPARE(SseEncoder::comment("heartbeat"), QByteArray(": heartbeat\n\n"));
    QCOMPARE(SseEncoder::comment("a\nb"), QByteArray(": a b\n\n"));
}

void tst_Sse::neverEmitsNulInId()
{
    const QByteArray encoded = SseEncoder::event("d", "t", QByteArray("4\0" "2", 3));
    QVERIFY(!encoded.contains('\0'));
    QVERIFY(encoded.startsWith("id: 42\n"));
}

void tst_Sse::encoderOutputParsesBack_data()
{
    QTest::addColumn<QByteArray>("data");
    QTest::addRow("json") << QByteArray(R"({"type":"chat.message","payload":{"text":"hi"}})");
    QTest::addRow("multi-line") << QByteArray("line one\nline two\n\nline four");
    QTest::addRow("leading space") << QByteArray("  indented");
    QTest::addRow("colon inside") << QByteArray("a: b: c");
    QTest::addRow("unicode") << QByteArray("h\xC3\xA9llo \xE2\x9C\x93");
}

void tst_Sse::encoderOutputParsesBack()
{
    QFETCH(QByteArray, data);
    SseParser parser;
    const auto events = parser.feed(SseEncoder::event(data, "t.x", "7"));
    QCOMPARE(events.size(), 1);
    QCOMPARE(events[0].type, QStringLiteral("t.x"));
    QCOMPARE(events[0].lastEventId, QStringLiteral("7"));
    // The parser joins data lines with LF: CR and CRLF in the input come back as LF.
    QByteArray expected = data;
    expected.replace("\r\n", "\n").replace('\r', '\n');
    QCOMPARE(events[0].data, QString::fromUtf8(expected));
}

void tst_Sse::parserEdgeCases_data()
{
    QTest::addColumn<QByteArray>("stream");
    QTest::addColumn<QStringList>("expected"); // "type|data|id" per event

    QTest::addRow("bom skipped") << QByteArray("\xEF\xBB\xBF" "data: a\n\n") << QStringList{"message|a|"};
    QTest::addRow("crlf") << QByteArray("data: a\r\n\r\n") << QStringList{"message|a|"};
    QTest::addRow("cr only") << QByteArray("data: a\r\rdata: b\r\r") << QStringList{"message|a|", "message|b|"};
    QTest::addRow("no space after colon") << QByteArray("data:a\n\n") << QStringList{"message|a|"};
    QTest::addRow("two spaces keep one") << QByteArray("data:  a\n\n") << QStringList{"message| a|"};
    QTest::addRow("multi-line data") << QByteArray("data: a\ndata: b\n\n") << QStringList{"message|a\nb|"};
    QTest::addRow("comment ignored") << QByteArray(": hi\ndata: a\n\n") << QStringList{"message|a|"};
    QTest::addRow("unknown field ignored") << QByteArray("foo: bar\ndata: a\n\n") << QStringList{"message|a|"};
    QTest::addRow("field without colon") << QByteArray("data\n\n") << QStringList{"message||"};
    QTest::addRow("id with nul ignored") << (QByteArray("id: 1\ndata: a\n\nid: 2") + QByteArray(1, '\0') + "\ndata: b\n\n") << QStringList{"message|a|1", "message|b|1"};
    QTest::addRow("id persists") << QByteArray("id: 5\ndata: a\n\ndata: b\n\n") << QStringList{"message|a|5", "message|b|5"};
    QTest::addRow("empty id resets") << QByteArray("id: 5\ndata: a\n\nid\ndata: b\n\n") << QStringList{"message|a|5", "message|b|"};
    QTest::addRow("event type") << QByteArray("event: chat.message\ndata: x\n\ndata: y\n\n") << QStringList{"chat.message|x|", "message|y|"};
    QTest::addRow("no data no event") << QByteArray("event: x\n\n") << QStringList{};
    QTest::addRow("unterminated dropped") << QByteArray("data: a\n\ndata: b") << QStringList{"message|a|"};
    QTest::addRow("unterminated with newline dropped") << QByteArray("data: b\n") << QStringList{};
}

void tst_Sse::parserEdgeCases()
{
    QFETCH(QByteArray, stream);
    QFETCH(QStringList, expected);
    SseParser parser;
    QStringList actual;
    for (const auto &event : parser.feed(stream))
        actual << event.type + u'|' + event.data + u'|' + event.lastEventId;
    QCOMPARE(actual, expected);
}

void tst_Sse::parserIsChunkingIndependent()
{
    const QByteArray stream("\xEF\xBB\xBFretry: 100\r\nid: 1\r\nevent: e\r\ndata: x\r\n\r\n: c\r\ndata: y\rdata: z\r\r");
    SseParser whole;
    const auto reference = whole.feed(stream);
    QCOMPARE(reference.size(), 2);
    for (qsizetype split = 0; split <= stream.size(); ++split) {
        SseParser parser;
        auto events = parser.feed(stream.first(split));
        events += parser.feed(stream.sliced(split));
        QCOMPARE(events.size(), reference.size());
        for (qsizetype i = 0; i < events.size(); ++i) {
            QCOMPARE(events[i].data, reference[i].data);
            QCOMPARE(events[i].type, reference[i].type);
            QCOMPARE(events[i].lastEventId, reference[i].lastEventId);
        }
    }
    // One byte at a time, too.
    SseParser bytewise;
    QList<SseParser::Event> events;
    for (char c : stream)
        events += bytewise.feed(QByteArrayView(&c, 1));
    QCOMPARE(events.size(), 2);
    QCOMPARE(events[1].data, QStringLiteral("y\nz"));
}

void tst_Sse::parserRetry()
{
    SseParser parser;
    parser.feed("retry: 1500\n\n");
    QCOMPARE(parser.retryMs().value(), 1500);
    parser.feed("retry: 15x\n\nretry: -1\n\nretry:\n\n");
    QCOMPARE(parser.retryMs().value(), 1500); // non-digits are ignored
}

// HTML 9.2.6 "dispatch the event" step 1: the last event ID string (what a reconnect sends)
// follows the ID buffer at every blank line, also without data, and never from an unfinished event.
void tst_Sse::parserLastEventIdString()
{
    SseParser parser;
    parser.feed("id: 1\ndata: a\n\n");
    QCOMPARE(parser.lastEventIdString(), QStringLiteral("1"));
    parser.feed("id: 2\n\n"); // no data: no event, but the string moves
    QCOMPARE(parser.lastEventIdString(), QStringLiteral("2"));
    parser.feed("id: 3\ndata: b\n");  // not finished
    QCOMPARE(parser.lastEventId(), QStringLiteral("3"));
    QCOMPARE(parser.lastEventIdString(), QStringLiteral("2"));
    parser.finish();
    QCOMPARE(parser.lastEventIdString(), QStringLiteral("2"));

    // A reconnected stream seeded with the previous string, as browsers do.
    SseParser next;
    next.setLastEventId(QStringLiteral("2"));
    const auto events = next.feed("data: c\n\nid\ndata: d\n\n");
    QCOMPARE(events.size(), 2);
    QCOMPARE(events[0].lastEventId, QStringLiteral("2"));
    QCOMPARE(events[1].lastEventId, QString()); // an empty id: clears it
    QCOMPARE(next.lastEventIdString(), QString());
}

// Strict mode reports the same violations at the same positions however the stream is cut.
void tst_Sse::parserStrictModeIsChunkingIndependent()
{
    const QByteArray stream("\xEF\xBB\xBF" "data: a\rdata: b\r\nfoo: 1\nretry: x\n\nevent: t\n\nid: 1\nid: 2\ndata: \xC3(\n\ndata: end");
    auto run = [&](qsizetype split) {
        SseParser parser;
        parser.setStrict(true);
        parser.feed(stream.first(split));
        parser.feed(stream.sliced(split));
        parser.finish();
        QStringList out;
        for (const SseParser::Violation &v : parser.violations())
            out << v.toString();
        return out;
    };
    const QStringList reference = run(stream.size());
    QCOMPARE(reference.size(), 7);
    for (qsizetype split = 0; split <= stream.size(); ++split)
        QCOMPARE(run(split), reference);
    // The clients' default: nothing recorded.
    SseParser lenient;
    lenient.feed(stream);
    lenient.finish();
    QVERIFY(lenient.violations().isEmpty());
}

QTEST_GUILESS_MAIN(tst_Sse)
#include "tst_sse.moc"
