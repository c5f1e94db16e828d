#include "socketio/engineiohandshake.h"
#include "socketio/engineiopacket.h"

#include <QTest>

using Type = EngineIoPacket::Type;

namespace {

EngineIoPacket text(Type type, const QByteArray &data = {})
{
    return {type, data, false};
}

EngineIoPacket binary(const QByteArray &bytes)
{
    return {Type::Message, bytes, true};
}

} // namespace

class tst_EngineIoPacket : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void parsesText_data();
    void parsesText();
    void rejectsText_data();
    void rejectsText();
    void binaryFrameIsRaw();
    void parsesPayload_data();
    void parsesPayload();
    void rejectsPayload_data();
    void rejectsPayload();
    void encodesPayload();
    void typeNames();
    void parsesHandshake_data();
    void parsesHandshake();
    void rejectsHandshake_data();
    void rejectsHandshake();
};

void tst_EngineIoPacket::parsesText_data()
{
    QTest::addColumn<QByteArray>("wire");
    QTest::addColumn<EngineIoPacket>("packet");
    // engine.io-protocol, "Protocol" and "Packet encoding / WebSocket".
    QTest::addRow("open") << QByteArray(R"(0{"sid":"lv_VI97HAXpY6yYWAAAC"})") << text(Type::Open, R"({"sid":"lv_VI97HAXpY6yYWAAAC"})");
    QTest::addRow("close") << QByteArray("1") << text(Type::Close);
    QTest::addRow("ping") << QByteArray("2") << text(Type::Ping);
    QTest::addRow("probe") << QByteArray("2probe") << text(Type::Ping, "probe");
    QTest::addRow("pong probe") << QByteArray("3probe") << text(Type::Pong, "probe");
    QTest::addRow("message") << QByteArray("4hello") << text(Type::Message, "hello");
    QTest::addRow("empty message") << QByteArray("4") << text(Type::Message);
    QTest::addRow("utf-8 message") << QByteArray("4€") << text(Type::Message, "€");
    QTest::addRow("socket.io event") << QByteArray(R"(42["foo","bar"])") << text(Type::Message, R"(2["foo","bar"])");
    QTest::addRow("upgrade") << QByteArray("5") << text(Type::Upgrade);
    QTest::addRow("noop") << QByteArray("6") << text(Type::Noop);
    // "Packet encoding / HTTP long-polling": a binary message in a payload.
    QTest::addRow("base64 binary") << QByteArray("bAQIDBA==") << binary(QByteArray("\x01\x02\x03\x04"));
    QTest::addRow("base64 without padding") << QByteArray("bAQIDBA") << binary(QByteArray("\x01\x02\x03\x04"));
    QTest::addRow("base64 one pad") << QByteArray("bAQID") << binary(QByteArray("\x01\x02\x03"));
    QTest::addRow("base64 empty") << QByteArray("b") << binary(QByteArray());
    QTest::addRow("base64 all symbols") << QByteArray("b+/+/") << binary(QByteArray::fromBase64("+/+/"));
}

void tst_EngineIoPacket::parsesText()
{
    QFETCH(QByteArray, wire);
    QFETCH(EngineIoPacket, packet);
    QString error;
    const std::optional<EngineIoPacket> parsed = EngineIoPacket::parseText(wire, &error);
    QVERIFY2(parsed, qPrintable(error));
    QCOMPARE(parsed->type, packet.type);
    QCOMPARE(parsed->data, packet.data);
    QCOMPARE(parsed->binary, packet.binary);
    if (!packet.binary) {
        // A WebSocket text frame is the type digit and the data, byte for byte.
        QCOMPARE(parsed->encodeText(), wire);
    } else {
        // The payload form of a binary message parses back to the same bytes.
        const QByteArray body = EngineIoPacket::encodePayload({*parsed});
        QCOMPARE(EngineIoPacket::parseText(body, nullptr), parsed);
    }
}

void tst_EngineIoPacket::rejectsText_data()
{
    QTest::addColumn<QByteArray>("wire");
    QTest::addColumn<QString>("message");
    QTest::addRow("empty") << QByteArray() << "empty packet at byte 0";
    QTest::addRow("type 7") << QByteArray("7") << "unknown packet type 0x37 at byte 0";
    QTest::addRow("letter") << QByteArray("x4") << "unknown packet type 0x78 at byte 0";
    QTest::addRow("v3 length prefix") << QByteArray("6:4hello") << QString(); // "6" is noop; v3's framing is not v4's
    QTest::addRow("base64 bad symbol") << QByteArray("bAQ-D") << "invalid base64 in a binary message at byte 3";
    QTest::addRow("base64 url alphabet") << QByteArray("bAQ_D") << "invalid base64 in a binary message at byte 3";
    QTest::addRow("base64 space") << QByteArray("bAQID BA==") << "at byte 5";
    QTest::addRow("base64 lone symbol") << QByteArray("bAQIDB") << "invalid base64 in a binary message at byte 5";
    QTest::addRow("base64 three pads") << QByteArray("bAQ===") << "at byte 3";
    QTest::addRow("base64 pad not completing a group") << QByteArray("bAQ=") << "invalid base64 in a binary message at byte 3";
    QTest::addRow("base64 symbol after pad") << QByteArray("bAQ==D") << "at byte 5";
}

void tst_EngineIoPacket::rejectsText()
{
    QFETCH(QByteArray, wire);
    QFETCH(QString, message);
    QString error;
    const std::optional<EngineIoPacket> parsed = EngineIoPacket::parseText(wire, &error);
    if (message.isEmpty()) {
        // Not an error: an Engine.IO v3 payload reads as a noop with data ":4hello", which the
        // client ignores, as the reference client would.
        QVERIFY(parsed);
        QCOMPARE(parsed->type, Type::Noop);
        return;
    }
    QVERIFY(!parsed);
    QVERIFY2(error.contains(message), qPrintable(error));
    QVERIFY(!EngineIoPacket::parseText(wire, nullptr)); // the error pointer is optional
}

void tst_EngineIoPacket::binaryFrameIsRaw()
{
    // "Packet encoding / WebSocket": "Binary payloads are sent as is, without modification".
    const QByteArray bytes("\x00\x34\xff\x1e", 4);
    const EngineIoPacket packet = EngineIoPacket::fromBinaryFrame(bytes);
    QCOMPARE(packet.type, Type::Message);
    QVERIFY(packet.binary);
    QCOMPARE(packet.data, bytes);
    // In a long-polling payload it becomes 'b' + base64 and reads back the same.
    const QByteArray body = EngineIoPacket::encodePayload({packet});
    QCOMPARE(body, QByteArray("bADT/Hg=="));
    QCOMPARE(EngineIoPacket::parsePayload(body, nullptr), QList<EngineIoPacket>{packet});
}

void tst_EngineIoPacket::parsesPayload_data()
{
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<QList<EngineIoPacket>>("packets");
    // The spec's examples ("Packet encoding / HTTP long-polling"), and engine.io-parser 4.0.0's
    // changelog ("4hello\x1e4€€€", "4hello\x1ebAQID").
    QTest::addRow("two messages and a ping") << QByteArray("4hello\x1e" "2\x1e" "4world")
                                             << QList<EngineIoPacket>{text(Type::Message, "hello"), text(Type::Ping), text(Type::Message, "world")};
    QTest::addRow("text, utf-8 and binary") << QByteArray("4hello\x1e" "4€\x1e" "bAQIDBA==")
                                            << QList<EngineIoPacket>{text(Type::Message, "hello"), text(Type::Message, "€"), binary("\x01\x02\x03\x04")};
    QTest::addRow("binary after text") << QByteArray("4hello\x1e" "bAQID")
                                       << QList<EngineIoPacket>{text(Type::Message, "hello"), binary("\x01\x02\x03")};
    QTest::addRow("one packet") << QByteArray("40") << QList<EngineIoPacket>{text(Type::Message, "0")};
    QTest::addRow("socket.io events") << QByteArray(R"(42["hello"])" "\x1e" R"(42["world"])")
                                      << QList<EngineIoPacket>{text(Type::Message, R"(2["hello"])"), text(Type::Message, R"(2["world"])")};
    QTest::addRow("noop closing a poll") << QByteArray("6") << QList<EngineIoPacket>{text(Type::Noop)};
}

void tst_EngineIoPacket::parsesPayload()
{
    QFETCH(QByteArray, body);
    QFETCH(QList<EngineIoPacket>, packets);
    QString error;
    const std::optional<QList<EngineIoPacket>> parsed = EngineIoPacket::parsePayload(body, &error);
    QVERIFY2(parsed, qPrintable(error));
    QCOMPARE(*parsed, packets);
    // Every body above is canonical (padded base64), so it is written back byte for byte.
    QCOMPARE(EngineIoPacket::encodePayload(*parsed), body);
}

void tst_EngineIoPacket::rejectsPayload_data()
{
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<QString>("message");
    QTest::addRow("empty body") << QByteArray() << "empty long-polling payload";
    QTest::addRow("empty packet in the middle") << QByteArray("4a\x1e\x1e" "4b") << "packet 2 of the payload: empty packet at byte 3";
    QTest::addRow("trailing separator") << QByteArray("4a\x1e") << "packet 2 of the payload: empty packet at byte 3";
    QTest::addRow("leading separator") << QByteArray("\x1e" "4a") << "packet 1 of the payload: empty packet at byte 0";
    QTest::addRow("bad type in the third") << QByteArray("4a\x1e" "2\x1e" "9x") << "packet 3 of the payload: unknown packet type 0x39 at byte 5";
    QTest::addRow("bad base64 in the second") << QByteArray("4hello\x1e" "bAQ*D") << "packet 2 of the payload: invalid base64 in a binary message at byte 10";
    QTest::addRow("v3 framing") << QByteArray("6:4hello2:4€") << QString(); // a noop with odd data, see rejectsText
}

void tst_EngineIoPacket::rejectsPayload()
{
    QFETCH(QByteArray, body);
    QFETCH(QString, message);
    QString error;
    const std::optional<QList<EngineIoPacket>> parsed = EngineIoPacket::parsePayload(body, &error);
    if (message.isEmpty()) {
        QVERIFY(parsed);
        return;
    }
    QVERIFY(!parsed);
    QVERIFY2(error.contains(message), qPrintable(error));
    QVERIFY(!EngineIoPacket::parsePayload(body, nullptr));
}

void tst_EngineIoPacket::encodesPayload()
{
    QCOMPARE(EngineIoPacket::encodePayload({text(Type::Message, "hello"), binary("\x01\x02\x03\x04")}),
             QByteArray("4hello\x1e" "bAQIDBA=="));
    QCOMPARE(EngineIoPacket::encodePayload({text(Type::Ping)}), QByteArray("2"));
    QCOMPARE(EngineIoPacket::encodePayload({text(Type::Close), text(Type::Noop)}), QByteArray("1\x1e" "6"));
    QCOMPARE(EngineIoPacket::encodePayload({}), QByteArray());
    QCOMPARE(text(Type::Pong, "probe").encodeText(), QByteArray("3probe"));
    QCOMPARE(text(Type::Upgrade).encodeText(), QByteArray("5"));
}

void tst_EngineIoPacket::typeNames()
{
    QCOMPARE(EngineIoPacket::typeName(Type::Open), QLatin1StringView("open"));
    QCOMPARE(EngineIoPacket::typeName(Type::Message), QLatin1StringView("message"));
    QCOMPARE(EngineIoPacket::typeName(Type::Noop), QLatin1StringView("noop"));
}

void tst_EngineIoPacket::parsesHandshake_data()
{
    QTest::addColumn<QByteArray>("data");
    QTest::addColumn<QString>("sid");
    QTest::addColumn<QStringList>("upgrades");
    QTest::addColumn<int>("interval");
    QTest::addColumn<int>("timeout");
    QTest::addColumn<qint64>("maxPayload");
    // socket.io-protocol, "Sample session", request 1.
    QTest::addRow("socket.io sample session")
        << QByteArray(R"({"sid":"lv_VI97HAXpY6yYWAAAC","upgrades":["websocket"],"pingInterval":25000,"pingTimeout":5000,"maxPayload":1000000})")
        << "lv_VI97HAXpY6yYWAAAC" << QStringList{"websocket"} << 25000 << 5000 << qint64(1000000);
    // Before engine.io 6.2 there was no maxPayload.
    QTest::addRow("no maxPayload")
        << QByteArray(R"({"sid":"abc","upgrades":[],"pingInterval":300,"pingTimeout":200})")
        << "abc" << QStringList{} << 300 << 200 << qint64(1000000);
    QTest::addRow("no upgrades, extra members, whole doubles")
        << QByteArray(R"( {"sid":"s","pingInterval":25000.0,"pingTimeout":2e4,"maxPayload":9007199254740992,"x":1} )")
        << "s" << QStringList{} << 25000 << 20000 << (qint64(1) << 53);
    QTest::addRow("two upgrades") << QByteArray(R"({"sid":"s","upgrades":["websocket","webtransport"],"pingInterval":1,"pingTimeout":2147483647})")
                                  << "s" << QStringList{"websocket", "webtransport"} << 1 << 2147483647 << qint64(1000000);
}

void tst_EngineIoPacket::parsesHandshake()
{
    QFETCH(QByteArray, data);
    QFETCH(QString, sid);
    QFETCH(QStringList, upgrades);
    QFETCH(int, interval);
    QFETCH(int, timeout);
    QFETCH(qint64, maxPayload);
    QString error;
    const std::optional<EngineIoHandshake> handshake = EngineIoHandshake::parse(data, &error);
    QVERIFY2(handshake, qPrintable(error));
    QCOMPARE(handshake->sid, sid);
    QCOMPARE(handshake->upgrades, upgrades);
    QCOMPARE(handshake->pingIntervalMs, interval);
    QCOMPARE(handshake->pingTimeoutMs, timeout);
    QCOMPARE(handshake->maxPayload, maxPayload);
    QCOMPARE(handshake->canUpgradeToWebSocket(), upgrades.contains(u"websocket"));
    QCOMPARE(handshake->pingDeadline(), std::chrono::milliseconds(qint64(interval) + timeout));
}

void tst_EngineIoPacket::rejectsHandshake_data()
{
    QTest::addColumn<QByteArray>("data");
    QTest::addColumn<QString>("message");
    QTest::addRow("empty") << QByteArray() << "must be a JSON object";
    QTest::addRow("array") << QByteArray("[]") << "must be a JSON object";
    QTest::addRow("string") << QByteArray(R"("sid")") << "must be a JSON object";
    QTest::addRow("broken JSON") << QByteArray(R"({"sid":"a",})") << "not JSON";
    QTest::addRow("no sid") << QByteArray(R"({"pingInterval":1,"pingTimeout":1})") << "'sid' (the session ID) must be a non-empty string, got nothing";
    QTest::addRow("empty sid") << QByteArray(R"({"sid":"","pingInterval":1,"pingTimeout":1})") << "'sid'";
    QTest::addRow("numeric sid") << QByteArray(R"({"sid":12,"pingInterval":1,"pingTimeout":1})") << "'sid' (the session ID) must be a non-empty string, got 12";
    QTest::addRow("upgrades a string") << QByteArray(R"({"sid":"s","upgrades":"websocket","pingInterval":1,"pingTimeout":1})") << "'upgrades' must be an array";
    QTest::addRow("upgrade a number") << QByteArray(R"({"sid":"s","upgrades":["websocket",3],"pingInterval":1,"pingTimeout":1})") << "'upgrades[1]'";
    QTest::addRow("no pingInterval") << QByteArray(R"({"sid":"s","pingTimeout":1})") << "'pingInterval' must be a positive whole number of milliseconds";
    QTest::addRow("zero pingInterval") << QByteArray(R"({"sid":"s","pingInterval":0,"pingTimeout":1})") << "'pingInterval'";
    QTest::addRow("fractional pingInterval") << QByteArray(R"({"sid":"s","pingInterval":2.5,"pingTimeout":1})") << "got 2.5";
    QTest::addRow("string pingInterval") << QByteArray(R"({"sid":"s","pingInterval":"25000","pingTimeout":1})") << "'pingInterval'";
    QTest::addRow("pingTimeout over int") << QByteArray(R"({"sid":"s","pingInterval":1,"pingTimeout":2147483648})") << "'pingTimeout'";
    QTest::addRow("negative pingTimeout") << QByteArray(R"({"sid":"s","pingInterval":1,"pingTimeout":-5})") << "'pingTimeout'";
    QTest::addRow("maxPayload null") << QByteArray(R"({"sid":"s","pingInterval":1,"pingTimeout":1,"maxPayload":null})") << "'maxPayload'";
    QTest::addRow("maxPayload over 2^53") << QByteArray(R"({"sid":"s","pingInterval":1,"pingTimeout":1,"maxPayload":1e16})") << "'maxPayload'";
}

void tst_EngineIoPacket::rejectsHandshake()
{
    QFETCH(QByteArray, data);
    QFETCH(QString, message);
    QString error;
    QVERIFY(!EngineIoHandshake::parse(data, &error));
    QVERIFY2(error.startsWith(u"open packet: "), qPrintable(error));
    QVERIFY2(error.contains(message), qPrintable(error));
    QVERIFY(!EngineIoHandshake::parse(data, nullptr));
}

QTEST_GUILESS_MAIN(tst_EngineIoPacket)
#include "tst_engineiopacket.moc"
