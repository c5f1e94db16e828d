// The client's WebSocket frame parser, rule by rule: every row is named after the section of
// RFC 6455 it checks, and every row runs three ways (all bytes at once, one byte per feed(), and
// in uneven pieces), so no rule depends on how the bytes arrive. Also the masked client frames
// WsFrame::encodeClient() writes, and a smoke run of random input.
#include "protocol/wsframe.h"
#include "protocol/wsframereader.h"

#include <QRandomGenerator>
#include <QTest>

namespace {

// A frame as a server might send it, right or wrong. `lengthForm` forces the length encoding:
// 0 the shortest, 126 the 16-bit form, 127 the 64-bit form.
QByteArray frame(quint8 firstByte, QByteArrayView payload, int lengthForm = 0, bool masked = false)
{
    QByteArray out;
    out.append(char(firstByte));
    const quint64 length = quint64(payload.size());
    const char maskBit = masked ? char(0x80) : char(0);
    if (lengthForm == 0)
        lengthForm = length <= 125 ? 0 : length <= 0xFFFF ? 126 : 127;
    if (lengthForm == 0) {
        out.append(char(maskBit | char(length)));
    } else if (lengthForm == 126) {
        out.append(char(maskBit | 126));
        out.append(char(length >> 8));
        out.append(char(length & 0xFF));
    } else {
        out.append(char(maskBit | 127));
        for (int shift = 56; shift >= 0; shift -= 8)
            out.append(char((length >> shift) & 0xFF));
    }
    if (masked) {
        const quint32 key = 0x01020304;
        out.append("\x01\x02\x03\x04", 4);
        QByteArray body = payload.toByteArray();
        WsFrame::applyMask(body.data(), body.size(), key);
        out.append(body);
    } else {
        out.append(payload);
    }
    return out;
}

// FIN + opcode
constexpr quint8 text = 0x81, binary = 0x82, closeOp = 0x88, ping = 0x89, pong = 0x8A;
// no FIN
constexpr quint8 textStart = 0x01, binaryStart = 0x02, continuation = 0x00, lastContinuation = 0x80;

QByteArray closeFrame(quint16 code, QByteArrayView reason = {})
{
    QByteArray body;
    body.append(char(code >> 8));
    body.append(char(code & 0xFF));
    body.append(reason);
    return frame(closeOp, body);
}

// What the reader said, one entry per token: "text:<payload>", "binary:<hex>", "ping:<payload>",
// "pong:<payload>", "close:<code>:<reason>", "error:<code>".
QStringList trace(const QByteArray &input, const QList<qsizetype> &pieces, qint64 maxMessageBytes, QString *errorString)
{
    WsFrameReader reader(WsFrameReader::Limits{maxMessageBytes});
    QStringList events;
    qsizetype offset = 0;
    qsizetype pieceIndex = 0;
    // Bounded: each round feeds at least one byte, and each token consumes at least a frame header.
    while (offset <= input.size()) {
        const qsizetype size = offset == input.size() ? 0 : std::min(pieces[pieceIndex++ % pieces.size()], input.size() - offset);
        reader.feed(QByteArrayView(input).sliced(offset, size));
        offset += size;
        for (int guard = 0; guard < 100000; ++guard) {
            const WsFrameReader::Token token = reader.readNext();
            if (token == WsFrameReader::Token::NeedMore)
                break;
            switch (token) {
            case WsFrameReader::Token::Text: events << QStringLiteral("text:") + QString::fromUtf8(reader.payload()); break;
            case WsFrameReader::Token::Binary: events << QStringLiteral("binary:") + QString::fromLatin1(reader.payload().toHex()); break;
            case WsFrameReader::Token::Ping: events << QStringLiteral("ping:") + QString::fromLatin1(reader.payload()); break;
            case WsFrameReader::Token::Pong: events << QStringLiteral("pong:") + QString::fromLatin1(reader.payload()); break;
            case WsFrameReader::Token::Close:
                events << QStringLiteral("close:%1:%2").arg(reader.closeCode()).arg(reader.closeReason());
                break;
            case WsFrameReader::Token::Error:
                events << QStringLiteral("error:%1").arg(reader.errorCode());
                *errorString = reader.errorString();
                return events;
            case WsFrameReader::Token::NeedMore: break;
            }
        }
        if (size == 0)
            break;
    }
    return events;
}

} // namespace

class tst_WsFrameReader : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void rules_data();
    void rules();
    void dataPayloadDoesNotWaitInTheInputBuffer();
    void readsNothingAfterClose();
    void clientFrames_data();
    void clientFrames();
    void closePayloadCutsAtCharacterBoundary();
    void randomInputNeverCrashes();
};

void tst_WsFrameReader::rules_data()
{
    QTest::addColumn<QByteArray>("input");
    QTest::addColumn<qint64>("maxMessageBytes");
    QTest::addColumn<QStringList>("expected");
    // For error rows: the section the error message must name.
    QTest::addColumn<QString>("section");

    auto row = [&](const char *name, const QByteArray &input, const QStringList &expected, const QString &section = {}, qint64 limit = 16 * 1024 * 1024) {
        QTest::newRow(name) << input << limit << expected << section;
    };

    // --- 5.2 base framing ---
    row("5.2 unfragmented text", frame(text, "Hello"), {"text:Hello"});
    row("5.2 unfragmented binary", frame(binary, QByteArray("\x00\xff\x10", 3)), {"binary:00ff10"});
    row("5.2 empty text", frame(text, ""), {"text:"});
    row("5.2 two frames in one read", frame(text, "a") + frame(text, "b"), {"text:a", "text:b"});
    row("5.2 16-bit length", frame(text, QByteArray(300, 'x')), {"text:" + QString(300, u'x')});
    row("5.2 64-bit length", frame(binary, QByteArray(70000, '\x01')), {"binary:" + QString::fromLatin1(QByteArray(70000, '\x01').toHex())});
    row("5.2 longer length form than needed is accepted", frame(text, "abc", 127) + frame(text, "de", 126), {"text:abc", "text:de"});
    row("5.2 RSV1 set", frame(0xC1, "x"), {"error:1002"}, "5.2");
    row("5.2 RSV2 set", frame(0xA1, "x"), {"error:1002"}, "5.2");
    row("5.2 RSV3 set", frame(0x91, "x"), {"error:1002"}, "5.2");
    row("5.2 RSV on a control frame", frame(0xC9, "x"), {"error:1002"}, "5.2");
    for (const quint8 opcode : {0x3, 0x4, 0x5, 0x6, 0x7, 0xB, 0xC, 0xD, 0xE, 0xF}) {
        const QByteArray name = "5.2 reserved opcode 0x" + QByteArray::number(opcode, 16);
        row(name.constData(), frame(quint8(0x80 | opcode), "x"), {"error:1002"}, "5.2");
    }
    {
        QByteArray msb = frame(binary, "");
        msb[1] = char(127);
        msb.append("\x80\x00\x00\x00\x00\x00\x00\x01", 8);
        row("5.2 64-bit length with the most significant bit set", msb, {"error:1002"}, "5.2");
    }
    row("5.1 masked frame from the server", frame(text, "hi", 0, true), {"error:1002"}, "5.1");
    row("5.1 masked control frame from the server", frame(ping, "hi", 0, true), {"error:1002"}, "5.1");

    // --- 5.4 fragmentation ---
    row("5.4 text in three fragments", frame(textStart, "Hel") + frame(continuation, "lo, ") + frame(lastContinuation, "world"),
        {"text:Hello, world"});
    row("5.4 binary with empty fragments", frame(binaryStart, "") + frame(continuation, "\x01") + frame(lastContinuation, ""),
        {"binary:01"});
    row("5.4 ping between fragments is answered before the message", frame(textStart, "ab") + frame(ping, "p1")
        + frame(continuation, "cd") + frame(pong, "p2") + frame(lastContinuation, "ef"),
        {"ping:p1", "pong:p2", "text:abcdef"});
    row("5.4 close between fragments ends the connection", frame(textStart, "ab") + closeFrame(1000), {"close:1000:"});
    row("5.4 continuation without a message", frame(lastContinuation, "x"), {"error:1002"}, "5.4");
    row("5.4 continuation after a complete message", frame(text, "a") + frame(continuation, "x"), {"text:a", "error:1002"}, "5.4");
    row("5.4 new text message inside a fragmented one", frame(textStart, "a") + frame(text, "b"), {"error:1002"}, "5.4");
    row("5.4 new binary message inside a fragmented one", frame(textStart, "a") + frame(binaryStart, "b"), {"error:1002"}, "5.4");

    // --- 5.5 control frames ---
    row("5.5 ping with 125 bytes", frame(ping, QByteArray(125, 'p')), {"ping:" + QString(125, u'p')});
    row("5.5 ping with 126 bytes", frame(ping, QByteArray(126, 'p')), {"error:1002"}, "5.5");
    row("5.5 pong with 126 bytes in the 16-bit form", frame(pong, QByteArray(126, 'p'), 126), {"error:1002"}, "5.5");
    row("5.5 short ping in the 16-bit form", frame(ping, "p", 126), {"error:1002"}, "5.5");
    row("5.5 fragmented ping", frame(0x09, "p") + frame(lastContinuation, "q"), {"error:1002"}, "5.5");
    row("5.5 fragmented close", frame(0x08, QByteArray("\x03\xe8", 2)), {"error:1002"}, "5.5");
    row("5.5 close with 126 bytes", frame(closeOp, QByteArray("\x03\xe8", 2) + QByteArray(124, 'r')), {"error:1002"}, "5.5");
    row("5.5.2 empty ping", frame(ping, ""), {"ping:"});
    row("5.5.3 pong", frame(pong, "data"), {"pong:data"});

    // --- 5.5.1 close ---
    row("5.5.1 close without a body is 1005", frame(closeOp, ""), {"close:1005:"});
    row("5.5.1 close with code and reason", closeFrame(1001, "server going away"), {"close:1001:server going away"});
    row("5.5.1 close with a UTF-8 reason", closeFrame(1000, "\xC3\xA9t\xC3\xA9"), {QStringLiteral("close:1000:\u00e9t\u00e9")});
    row("5.5.1 close with a 1-byte body", frame(closeOp, "\x03"), {"error:1002"}, "5.5.1");
    row("5.5.1 close reason not UTF-8", closeFrame(1000, "\xFF"), {"error:1007"}, "5.5.1");
    row("5.5.1 close reason cut inside a character", closeFrame(1000, "\xE2\x82"), {"error:1007"}, "5.5.1");
    row("5.5.1 nothing after the close is read", closeFrame(1000) + frame(text, "late") + QByteArray("\xFF\xFF"), {"close:1000:"});

    // --- 7.4 close codes ---
    for (const int code : {1000, 1001, 1002, 1003, 1007, 1008, 1009, 1010, 1011, 1012, 1013, 1014, 3000, 3999, 4000, 4001, 4999}) {
        const QByteArray name = "7.4 close code " + QByteArray::number(code) + " is valid";
        row(name.constData(), closeFrame(quint16(code), "r"), {QStringLiteral("close:%1:r").arg(code)});
    }
    for (const int code : {0, 999, 1004, 1005, 1006, 1015, 1016, 1100, 2000, 2999, 5000, 65535}) {
        const QByteArray name = "7.4 close code " + QByteArray::number(code) + " is invalid";
        row(name.constData(), closeFrame(quint16(code)), {"error:1002"}, "7.4");
    }

    // --- 7.4.1 message too big (1009) ---
    row("7.4.1 message at the limit", frame(binary, QByteArray(100, 'b')), {"binary:" + QString::fromLatin1(QByteArray(100, 'b').toHex())}, {}, 100);
    row("7.4.1 message over the limit", frame(binary, QByteArray(101, 'b')), {"error:1009"}, "7.4.1", 100);
    row("7.4.1 fragments over the limit together", frame(textStart, QByteArray(60, 'a')) + frame(lastContinuation, QByteArray(41, 'a')),
        {"error:1009"}, "7.4.1", 100);
    {
        // A header announcing 2^40 bytes is refused at once, before any payload is kept.
        QByteArray huge = frame(binary, "");
        huge[1] = char(127);
        huge.append("\x00\x00\x01\x00\x00\x00\x00\x00", 8);
        row("7.4.1 announced length beyond the limit", huge + QByteArray(10, 'x'), {"error:1009"}, "7.4.1");
    }
    row("7.4.1 control frames do not count toward the limit", frame(textStart, QByteArray(100, 'a')) + frame(ping, QByteArray(50, 'p'))
        + frame(lastContinuation, ""), {"ping:" + QString(50, u'p'), "text:" + QString(100, u'a')}, {}, 100);

    // --- 8.1 UTF-8 in text messages ---
    row("8.1 multilingual text", frame(text, "\xCE\xBA\xE1\xBD\xB9\xCF\x83\xCE\xBC\xCE\xB5 \xF0\x9F\x98\x80"),
        {QStringLiteral("text:\u03ba\u1f79\u03c3\u03bc\u03b5 \U0001F600")});
    row("8.1 character split between fragments", frame(textStart, "\xE2") + frame(continuation, "\x82") + frame(lastContinuation, "\xAC"),
        {QStringLiteral("text:\u20ac")});
    row("8.1 4-byte character split between fragments", frame(textStart, "a\xF0\x9F") + frame(lastContinuation, "\x98\x80"),
        {QStringLiteral("text:a\U0001F600")});
    row("8.1 lone continuation byte", frame(text, "a\x80"), {"error:1007"}, "8.1");
    row("8.1 overlong 2-byte form", frame(text, "\xC0\xAF"), {"error:1007"}, "8.1");
    row("8.1 overlong 3-byte form", frame(text, "\xE0\x80\xAF"), {"error:1007"}, "8.1");
    row("8.1 overlong 4-byte form", frame(text, "\xF0\x80\x80\xAF"), {"error:1007"}, "8.1");
    row("8.1 surrogate", frame(text, "\xED\xA0\x80"), {"error:1007"}, "8.1");
    row("8.1 above U+10FFFF", frame(text, "\xF4\x90\x80\x80"), {"error:1007"}, "8.1");
    row("8.1 byte F5", frame(text, "\xF5\x80\x80\x80"), {"error:1007"}, "8.1");
    row("8.1 byte FF", frame(text, "ok\xFF"), {"error:1007"}, "8.1");
    row("8.1 message ends inside a character", frame(text, "\xE2\x82"), {"error:1007"}, "8.1");
    row("8.1 fragmented message ends inside a character", frame(textStart, "a") + frame(lastContinuation, "\xF0\x9F\x98"),
        {"error:1007"}, "8.1");
    // Fail fast: the invalid byte is refused with its fragment, before the message ends.
    row("8.1 invalid byte in an unfinished message fails at once", frame(textStart, "ok\xC0"), {"error:1007"}, "8.1");
    row("8.1 binary messages are not UTF-8 checked", frame(binary, "\xFF\xC0"), {"binary:ffc0"});
}

void tst_WsFrameReader::rules()
{
    QFETCH(QByteArray, input);
    QFETCH(qint64, maxMessageBytes);
    QFETCH(QStringList, expected);
    QFETCH(QString, section);

    const QList<QList<qsizetype>> splits{{input.size() + 1}, {1}, {3, 1, 7, 2}};
    for (const QList<qsizetype> &pieces : splits) {
        QString errorString;
        const QStringList events = trace(input, pieces, maxMessageBytes, &errorString);
        QCOMPARE(events, expected);
        if (!section.isEmpty()) {
            QVERIFY2(errorString.contains(QStringLiteral("RFC 6455 %1:").arg(section)), qPrintable(errorString));
        }
    }
}

void tst_WsFrameReader::dataPayloadDoesNotWaitInTheInputBuffer()
{
    // A large message arriving slowly: its bytes move into the message as they come, so the input
    // buffer holds at most a header, and nothing is reserved for the announced size up front.
    WsFrameReader reader;
    const QByteArray payload(1024 * 1024, 'z');
    const QByteArray bytes = frame(binary, payload);
    reader.feed(QByteArrayView(bytes).first(10 + 1000));
    QCOMPARE(reader.readNext(), WsFrameReader::Token::NeedMore);
    QCOMPARE(reader.bufferedBytes(), 0);
    QCOMPARE(reader.pendingMessageBytes(), 1000);
    reader.feed(QByteArrayView(bytes).sliced(10 + 1000));
    QCOMPARE(reader.readNext(), WsFrameReader::Token::Binary);
    QCOMPARE(reader.payload(), payload);
    QCOMPARE(reader.readNext(), WsFrameReader::Token::NeedMore);
    QCOMPARE(reader.bufferedBytes(), 0);
    QCOMPARE(reader.pendingMessageBytes(), 0);
}

void tst_WsFrameReader::readsNothingAfterClose()
{
    WsFrameReader reader;
    reader.feed(closeFrame(1001, "bye"));
    QCOMPARE(reader.readNext(), WsFrameReader::Token::Close);
    QVERIFY(reader.isClosed());
    reader.feed(frame(text, "after"));
    QCOMPARE(reader.readNext(), WsFrameReader::Token::NeedMore);
    QCOMPARE(reader.bufferedBytes(), 0);
    QCOMPARE(reader.closeCode(), quint16(1001));
    QCOMPARE(reader.closeReason(), QStringLiteral("bye"));
}

void tst_WsFrameReader::clientFrames_data()
{
    QTest::addColumn<int>("opcode");
    QTest::addColumn<QByteArray>("payload");
    QTest::addColumn<bool>("final");
    QTest::addColumn<QByteArray>("expectedHeader");
    // RFC 6455 5.2 + 5.3: FIN/opcode, mask bit + length, the key (here 0x11223344).
    const QByteArray key("\x11\x22\x33\x44", 4);
    QTest::addRow("5.3 text, 7-bit length") << int(WsFrame::Text) << QByteArray("hello") << true << QByteArray("\x81\x85", 2) + key;
    QTest::addRow("5.3 empty close") << int(WsFrame::Close) << QByteArray() << true << QByteArray("\x88\x80", 2) + key;
    QTest::addRow("5.3 125 bytes") << int(WsFrame::Binary) << QByteArray(125, 'a') << true << QByteArray("\x82\xFD", 2) + key;
    QTest::addRow("5.3 126 bytes, 16-bit length") << int(WsFrame::Text) << QByteArray(126, 'a') << true
                                                   << QByteArray("\x81\xFE\x00\x7E", 4) + key;
    QTest::addRow("5.3 65535 bytes") << int(WsFrame::Text) << QByteArray(65535, 'a') << true << QByteArray("\x81\xFE\xFF\xFF", 4) + key;
    QTest::addRow("5.3 65536 bytes, 64-bit length") << int(WsFrame::Binary) << QByteArray(65536, 'a') << true
                                                     << QByteArray("\x82\xFF\x00\x00\x00\x00\x00\x01\x00\x00", 10) + key;
    QTest::addRow("5.4 first fragment has no FIN") << int(WsFrame::Text) << QByteArray("frag") << false << QByteArray("\x01\x84", 2) + key;
    QTest::addRow("5.5.2 ping") << int(WsFrame::Ping) << QByteArray("p") << true << QByteArray("\x89\x81", 2) + key;
}

void tst_WsFrameReader::clientFrames()
{
    QFETCH(int, opcode);
    QFETCH(QByteArray, payload);
    QFETCH(bool, final);
    QFETCH(QByteArray, expectedHeader);
    const QByteArray encoded = WsFrame::encodeClient(WsFrame::Opcode(opcode), payload, 0x11223344, final);
    QCOMPARE(encoded.left(expectedHeader.size()), expectedHeader);
    QCOMPARE(encoded.size(), expectedHeader.size() + payload.size());
    // RFC 6455 5.3: octet i of the masked data is octet i of the payload XOR octet i mod 4 of the key.
    const QByteArray masked = encoded.sliced(expectedHeader.size());
    for (qsizetype i = 0; i < payload.size(); ++i)
        QCOMPARE(uchar(masked[i]), uchar(uchar(payload[i]) ^ uchar(expectedHeader[expectedHeader.size() - 4 + (i % 4)])));
    // The server's encoder is untouched: unmasked, FIN + text.
    QCOMPARE(WsFrame::encodeText("hi"), QByteArray("\x81\x02hi"));
}

void tst_WsFrameReader::closePayloadCutsAtCharacterBoundary()
{
    QCOMPARE(WsFrame::closePayload(1000), QByteArray("\x03\xe8", 2));
    QCOMPARE(WsFrame::closePayload(4001, "Unauthorized"), QByteArray("\x0f\xa1Unauthorized", 14));
    // 61 two-byte characters = 122 bytes fit; the 62nd (bytes 123-124) would exceed 123.
    QByteArray reason;
    for (int i = 0; i < 70; ++i)
        reason += "\xC3\xA9";
    const QByteArray payload = WsFrame::closePayload(1000, reason);
    QCOMPARE(payload.size(), 2 + 122);
    QVERIFY(QString::fromUtf8(payload.sliced(2)).toUtf8() == payload.sliced(2));
    WsFrameReader reader;
    reader.feed(frame(closeOp, payload));
    QCOMPARE(reader.readNext(), WsFrameReader::Token::Close);
    QCOMPARE(reader.closeReason().size(), 61);
}

void tst_WsFrameReader::randomInputNeverCrashes()
{
    // Not a fuzzer (tests/fuzz has those), a smoke test: random bytes, and valid frames with one
    // byte changed, in random pieces; the reader must end in a token, never crash or loop, and
    // never buffer more than a header plus the limit.
    QRandomGenerator random(20240601);
    const QByteArray valid = frame(textStart, "h\xC3\xA9") + frame(ping, "p") + frame(lastContinuation, "llo") + closeFrame(1000, "bye");
    for (int round = 0; round < 3000; ++round) {
        QByteArray input;
        if (round % 2 == 0) {
            input.resize(random.bounded(1, 200));
            for (char &c : input)
                c = char(random.bounded(256));
        } else {
            input = valid;
            input[random.bounded(int(input.size()))] = char(random.bounded(256));
        }
        WsFrameReader reader(WsFrameReader::Limits{64});
        qsizetype offset = 0;
        bool ended = false;
        while (offset < input.size() && !ended) {
            const qsizetype size = std::min<qsizetype>(random.bounded(1, 16), input.size() - offset);
            reader.feed(QByteArrayView(input).sliced(offset, size));
            offset += size;
            for (int guard = 0; guard < 1000; ++guard) {
                const WsFrameReader::Token token = reader.readNext();
                if (token == WsFrameReader::Token::Error || token == WsFrameReader::Token::Close)
                    ended = true;
                if (token == WsFrameReader::Token::NeedMore || ended)
                    break;
                QVERIFY(guard < 999);
            }
            QVERIFY(reader.bufferedBytes() <= 14 + 125);
            QVERIFY(reader.pendingMessageBytes() <= 64);
        }
        if (reader.hasError())
            QVERIFY(reader.errorCode() == 1002 || reader.errorCode() == 1007 || reader.errorCode() == 1009);
    }
}

QTEST_GUILESS_MAIN(tst_WsFrameReader)
#include "tst_wsframereader.moc"
