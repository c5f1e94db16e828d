#include "message/receivedmessage.h"
#include "socketio/engineiopacket.h"
#include "socketio/socketiobinaryassembler.h"
#include "socketio/socketiopacket.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

#include <limits>

using Type = SocketIoPacket::Type;
using Status = SocketIoBinaryAssembler::Result::Status;

namespace {

QJsonValue json(QByteArrayView text)
{
    if (text.isEmpty())
        return QJsonValue(QJsonValue::Undefined);
    const std::optional<QJsonValue> value = ReceivedMessage::parseJson(text);
    if (!value)
        qFatal("bad test JSON: %s", text.toByteArray().constData());
    return *value;
}

SocketIoPacket packet(Type type, const QString &nsp, std::optional<quint64> id, QByteArrayView data, int attachments = 0)
{
    SocketIoPacket p;
    p.type = type;
    p.nsp = nsp;
    p.id = id;
    p.data = json(data);
    p.attachments = attachments;
    return p;
}

const QByteArray placeholder0 = R"({"_placeholder":true,"num":0})";
const QByteArray placeholder1 = R"({"_placeholder":true,"num":1})";

} // namespace

class tst_SocketIoPacket : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void parses_data();
    void parses();
    void readsThroughEngineIo_data();
    void readsThroughEngineIo();
    void rejects_data();
    void rejects();
    void encodes_data();
    void encodes();
    void fastPathMatchesEncode_data();
    void fastPathMatchesEncode();
    void names();

    void assemblesSpecExamples_data();
    void assemblesSpecExamples();
    void passesTextPacketsThrough();
    void textWhileAssemblingFails();
    void attachmentWithoutPacketFails();
    void boundsAttachmentCount();
    void boundsAttachmentBytes();
    void rejectsBadPlaceholders_data();
    void rejectsBadPlaceholders();
    void resetDropsThePacket();
};

void tst_SocketIoPacket::parses_data()
{
    QTest::addColumn<QByteArray>("text");
    QTest::addColumn<SocketIoPacket>("expected");
    QTest::addColumn<QByteArray>("canonical"); // what encode() writes back; empty: the text itself

    // socket.io-protocol, "Packet encoding / Examples" and "Sample session".
    QTest::addRow("connect") << QByteArray("0") << packet(Type::Connect, "/", {}, {}) << QByteArray();
    QTest::addRow("connect with sid") << QByteArray(R"(0{"sid":"wZX3oN0bSVIhsaknAAAI"})")
                                      << packet(Type::Connect, "/", {}, R"({"sid":"wZX3oN0bSVIhsaknAAAI"})") << QByteArray();
    QTest::addRow("connect to a namespace") << QByteArray("0/admin,") << packet(Type::Connect, "/admin", {}, {}) << QByteArray();
    QTest::addRow("connect with auth") << QByteArray(R"(0/admin,{"token":"123"})")
                                       << packet(Type::Connect, "/admin", {}, R"({"token":"123"})") << QByteArray();
    QTest::addRow("connect error") << QByteArray(R"(4{"message":"Not authorized"})")
                                   << packet(Type::ConnectError, "/", {}, R"({"message":"Not authorized"})") << QByteArray();
    QTest::addRow("connect error in a namespace, with data")
        << QByteArray(R"(4/admin,{"data":{"code":"E001"},"message":"Not authorized"})")
        << packet(Type::ConnectError, "/admin", {}, R"({"message":"Not authorized","data":{"code":"E001"}})") << QByteArray();
    QTest::addRow("connect error as a string (revision 4)") << QByteArray(R"(4"Not authorized")")
                                                            << packet(Type::ConnectError, "/", {}, R"("Not authorized")") << QByteArray();
    QTest::addRow("disconnect") << QByteArray("1") << packet(Type::Disconnect, "/", {}, {}) << QByteArray();
    QTest::addRow("disconnect a namespace") << QByteArray("1/admin,") << packet(Type::Disconnect, "/admin", {}, {}) << QByteArray();
    QTest::addRow("event") << QByteArray(R"(2["foo"])") << packet(Type::Event, "/", {}, R"(["foo"])") << QByteArray();
    QTest::addRow("event with args") << QByteArray(R"(2["hello",1])") << packet(Type::Event, "/", {}, R"(["hello",1])") << QByteArray();
    QTest::addRow("event in a namespace") << QByteArray(R"(2/admin,["bar"])") << packet(Type::Event, "/admin", {}, R"(["bar"])") << QByteArray();
    QTest::addRow("event with an ack id") << QByteArray(R"(212["foo"])") << packet(Type::Event, "/", 12, R"(["foo"])") << QByteArray();
    QTest::addRow("event in a namespace with an ack id") << QByteArray(R"(2/admin,456["project:delete",123])")
                                                         << packet(Type::Event, "/admin", 456, R"(["project:delete",123])") << QByteArray();
    QTest::addRow("ack") << QByteArray("312[]") << packet(Type::Ack, "/", 12, "[]") << QByteArray();
    QTest::addRow("ack in a namespace") << QByteArray("3/admin,456[]") << packet(Type::Ack, "/admin", 456, "[]") << QByteArray();
    QTest::addRow("ack with args") << QByteArray(R"(3/admin,13["bar"])") << packet(Type::Ack, "/admin", 13, R"(["bar"])") << QByteArray();
    QTest::addRow("binary event") << QByteArray(R"(51-["baz",)" + placeholder0 + "]")
                                  << packet(Type::BinaryEvent, "/", {}, R"(["baz",)" + placeholder0 + "]", 1) << QByteArray();
    QTest::addRow("binary event, two attachments") << QByteArray(R"(52-/admin,["baz",)" + placeholder0 + "," + placeholder1 + "]")
                                                   << packet(Type::BinaryEvent, "/admin", {}, R"(["baz",)" + placeholder0 + "," + placeholder1 + "]", 2)
                                                   << QByteArray();
    QTest::addRow("binary event with an ack id") << QByteArray(R"(51-/admin,456["project:delete",)" + placeholder0 + "]")
                                                 << packet(Type::BinaryEvent, "/admin", 456, R"(["project:delete",)" + placeholder0 + "]", 1)
                                                 << QByteArray();
    QTest::addRow("binary ack") << QByteArray(R"(61-15["bar",)" + placeholder0 + "]")
                                << packet(Type::BinaryAck, "/", 15, R"(["bar",)" + placeholder0 + "]", 1) << QByteArray();
    QTest::addRow("binary ack in a namespace") << QByteArray("61-/admin,456[" + placeholder0 + "]")
                                               << packet(Type::BinaryAck, "/admin", 456, "[" + placeholder0 + "]", 1) << QByteArray();
    QTest::addRow("binary event without attachments") << QByteArray(R"(50-["a"])") << packet(Type::BinaryEvent, "/", {}, R"(["a"])", 0) << QByteArray();
    QTest::addRow("largest ack id") << QByteArray(R"(218446744073709551615["a"])")
                                    << packet(Type::Event, "/", std::numeric_limits<quint64>::max(), R"(["a"])") << QByteArray();
    QTest::addRow("ack id 0") << QByteArray("30[]") << packet(Type::Ack, "/", 0, "[]") << QByteArray();
    QTest::addRow("utf-8 namespace and name") << QByteArray(R"(2/çhat,["été"])") << packet(Type::Event, "/çhat", {}, R"(["été"])") << QByteArray();

    // Read as the reference parser reads them; written back in canonical form.
    QTest::addRow("namespace without comma") << QByteArray("1/admin") << packet(Type::Disconnect, "/admin", {}, {}) << QByteArray("1/admin,");
    QTest::addRow("namespace / alone") << QByteArray("1/") << packet(Type::Disconnect, "/", {}, {}) << QByteArray("1");
    QTest::addRow("main namespace written out") << QByteArray(R"(2/,["a"])") << packet(Type::Event, "/", {}, R"(["a"])") << QByteArray(R"(2["a"])");
    QTest::addRow("leading zeros in the id") << QByteArray(R"(2007["a"])") << packet(Type::Event, "/", 7, R"(["a"])") << QByteArray(R"(27["a"])");
    QTest::addRow("white space in the JSON") << QByteArray(R"(2[ "a" , { "b" : 1 } ] )") << packet(Type::Event, "/", {}, R"(["a",{"b":1}])")
                                             << QByteArray(R"(2["a",{"b":1}])");
    QTest::addRow("object keys sorted") << QByteArray(R"(0{"b":1,"a":2})") << packet(Type::Connect, "/", {}, R"({"a":2,"b":1})") << QByteArray(R"(0{"a":2,"b":1})");
}

void tst_SocketIoPacket::parses()
{
    QFETCH(QByteArray, text);
    QFETCH(SocketIoPacket, expected);
    QFETCH(QByteArray, canonical);
    QString error;
    const std::optional<SocketIoPacket> parsed = SocketIoPacket::parse(text, &error);
    QVERIFY2(parsed, qPrintable(error));
    QCOMPARE(parsed->type, expected.type);
    QCOMPARE(parsed->nsp, expected.nsp);
    QCOMPARE(parsed->id, expected.id);
    QCOMPARE(parsed->data, expected.data);
    QCOMPARE(parsed->attachments, expected.attachments);
    QVERIFY(*parsed == expected);

    const QByteArray encoded = parsed->encode();
    QCOMPARE(encoded, canonical.isEmpty() ? text : canonical);
    const std::optional<SocketIoPacket> again = SocketIoPacket::parse(encoded, &error);
    QVERIFY2(again, qPrintable(error));
    QVERIFY(*again == *parsed);
}

void tst_SocketIoPacket::readsThroughEngineIo_data()
{
    QTest::addColumn<QByteArray>("frame");
    QTest::addColumn<SocketIoPacket>("expected");
    // Each Socket.IO packet travels as an Engine.IO message packet, "prefixed by 4".
    QTest::addRow("event") << QByteArray(R"(42["foo","bar"])") << packet(Type::Event, "/", {}, R"(["foo","bar"])");
    QTest::addRow("event with ack id") << QByteArray(R"(42/admin,456["project:delete",123])")
                                       << packet(Type::Event, "/admin", 456, R"(["project:delete",123])");
    QTest::addRow("ack") << QByteArray("43/admin,456[]") << packet(Type::Ack, "/admin", 456, "[]");
    QTest::addRow("binary event") << QByteArray(R"(451-["baz",)" + placeholder0 + "]") << packet(Type::BinaryEvent, "/", {}, R"(["baz",)" + placeholder0 + "]", 1);
    QTest::addRow("connect error") << QByteArray(R"(44{"message":"Not authorized"})") << packet(Type::ConnectError, "/", {}, R"({"message":"Not authorized"})");
    QTest::addRow("connect with auth") << QByteArray(R"(40/admin,{"token":"123"})") << packet(Type::Connect, "/admin", {}, R"({"token":"123"})");
    QTest::addRow("sample session: binary ack") << QByteArray("461-/admin,1[" + placeholder0 + "]") << packet(Type::BinaryAck, "/admin", 1, "[" + placeholder0 + "]", 1);
}

void tst_SocketIoPacket::readsThroughEngineIo()
{
    QFETCH(QByteArray, frame);
    QFETCH(SocketIoPacket, expected);
    QString error;
    const std::optional<EngineIoPacket> message = EngineIoPacket::parseText(frame, &error);
    QVERIFY2(message, qPrintable(error));
    QCOMPARE(message->type, EngineIoPacket::Type::Message);
    const std::optional<SocketIoPacket> parsed = SocketIoPacket::parse(message->data, &error);
    QVERIFY2(parsed, qPrintable(error));
    QVERIFY(*parsed == expected);
    QCOMPARE((EngineIoPacket{EngineIoPacket::Type::Message, parsed->encode(), false}.encodeText()), frame);
}

void tst_SocketIoPacket::rejects_data()
{
    QTest::addColumn<QByteArray>("text");
    QTest::addColumn<QString>("message");
    QTest::addRow("empty") << QByteArray() << "empty packet: no type (expected a digit 0-6) at byte 0";
    QTest::addRow("type 7") << QByteArray("7[]") << "unknown packet type 0x37 (expected a digit 0-6) at byte 0";
    QTest::addRow("type letter") << QByteArray("x") << "unknown packet type 0x78";
    QTest::addRow("binary without count") << QByteArray(R"(5["a"])") << "BINARY_EVENT needs its attachment count (digits, then '-') at byte 1";
    QTest::addRow("binary without dash") << QByteArray(R"(51["a"])") << "expected '-' after the attachment count at byte 2";
    QTest::addRow("binary ack without count") << QByteArray("6-1[]") << "BINARY_ACK needs its attachment count";
    QTest::addRow("attachment count too large") << QByteArray(R"(52147483648-["a"])") << "the attachment count does not fit in 2147483647 at byte 1";
    QTest::addRow("ack id too large") << QByteArray(R"(218446744073709551616["a"])") << "the ack id does not fit in 18446744073709551615 at byte 1";
    QTest::addRow("ack id too large after a namespace") << QByteArray(R"(2/a,99999999999999999999["a"])") << "the ack id does not fit in 18446744073709551615 at byte 4";
    QTest::addRow("event without payload") << QByteArray("2") << "EVENT at byte 1: the payload must be an array whose first element is the event name (a string), got no payload";
    QTest::addRow("event with an empty array") << QByteArray("2/chat,[]") << "EVENT at byte 7: the payload must be an array whose first element is the event name (a string), got an empty array";
    QTest::addRow("event named by a number") << QByteArray("2[1]") << "EVENT at byte 1: the payload must be an array whose first element is the event name (a string), got an array";
    QTest::addRow("event with an object") << QByteArray("21{}") << "EVENT at byte 2: the payload must be an array whose first element is the event name (a string), got an object";
    QTest::addRow("binary event with an empty array") << QByteArray("51-[]") << "BINARY_EVENT at byte 3: the payload must be an array";
    QTest::addRow("truncated JSON") << QByteArray(R"(2/admin,["a")") << "the payload is not JSON";
    QTest::addRow("garbage after JSON") << QByteArray(R"(2["a"]x)") << "the payload is not JSON";
    QTest::addRow("JSON broken in the middle") << QByteArray(R"(2["a",}])") << "the payload is not JSON (object is missing after a comma) at byte 7";
    QTest::addRow("two JSON values") << QByteArray(R"(4"a","b")") << "the payload is 2 JSON values, not one at byte 1";
    QTest::addRow("white space only") << QByteArray("2  ") << "the payload is only white space at byte 1";
    QTest::addRow("invalid utf-8 in JSON") << QByteArray("2[\"\xff\"]") << "the payload is not JSON";
    QTest::addRow("disconnect with payload") << QByteArray("1{}") << "DISCONNECT at byte 1: there is no payload, got an object";
    QTest::addRow("disconnect with an ack id") << QByteArray("1/admin,5") << "DISCONNECT does not carry an ack id (only EVENT, ACK and their binary forms do) at byte 8";
    QTest::addRow("connect with an ack id") << QByteArray("05{}") << "CONNECT does not carry an ack id (only EVENT, ACK and their binary forms do) at byte 1";
    QTest::addRow("connect error with an ack id") << QByteArray(R"(4/a,7{"message":"x"})") << "CONNECT_ERROR does not carry an ack id";
    QTest::addRow("connect with an array") << QByteArray("0[]") << "CONNECT at byte 1: the payload must be an object when there is one, got an empty array";
    QTest::addRow("connect with null") << QByteArray("0null") << "CONNECT at byte 1: the payload must be an object when there is one, got null";
    QTest::addRow("connect with a string") << QByteArray(R"(0/a,"x")") << "CONNECT at byte 4: the payload must be an object when there is one, got a string";
    QTest::addRow("ack without id") << QByteArray("3[]") << "ACK needs the ack id it answers at byte 1";
    QTest::addRow("ack with an object") << QByteArray("312{}") << "ACK at byte 3: the payload must be an array (possibly empty), got an object";
    QTest::addRow("ack without payload") << QByteArray("312") << "ACK at byte 3: the payload must be an array (possibly empty), got no payload";
    QTest::addRow("binary ack without id") << QByteArray("61-[]") << "BINARY_ACK needs the ack id it answers at byte 3";
    QTest::addRow("connect error without payload") << QByteArray("4") << "CONNECT_ERROR at byte 1: the payload must be an object ({\"message\": ...}) or a string, got no payload";
    QTest::addRow("connect error with a number") << QByteArray("4/admin,403") << "CONNECT_ERROR does not carry an ack id"; // 403 reads as an id
    QTest::addRow("connect error with an array") << QByteArray(R"(4["x"])") << "CONNECT_ERROR at byte 1: the payload must be an object";
    QTest::addRow("namespace swallowing the payload") << QByteArray(R"(2/admin["a"])") << "EVENT at byte 12: the payload must be an array";
}

void tst_SocketIoPacket::rejects()
{
    QFETCH(QByteArray, text);
    QFETCH(QString, message);
    QString error;
    QVERIFY(!SocketIoPacket::parse(text, &error));
    QVERIFY2(error.contains(message), qPrintable(error));
    QVERIFY(!SocketIoPacket::parse(text, nullptr)); // the error pointer is optional
}

void tst_SocketIoPacket::encodes_data()
{
    QTest::addColumn<SocketIoPacket>("packet");
    QTest::addColumn<QByteArray>("text");
    QTest::addRow("connect") << packet(Type::Connect, "/", {}, {}) << QByteArray("0");
    QTest::addRow("empty namespace is the main one") << packet(Type::Connect, "", {}, R"({"token":"t"})") << QByteArray(R"(0{"token":"t"})");
    QTest::addRow("connect a namespace with auth") << packet(Type::Connect, "/chat", {}, R"({"token":"t-1"})") << QByteArray(R"(0/chat,{"token":"t-1"})");
    QTest::addRow("event with id") << packet(Type::Event, "/chat", 17, R"(["chat",{"seq":1}])") << QByteArray(R"(2/chat,17["chat",{"seq":1}])");
    QTest::addRow("binary ack") << packet(Type::BinaryAck, "/", 3, "[" + placeholder0 + "]", 1) << QByteArray("61-3[" + placeholder0 + "]");
    QTest::addRow("attachments ignored on a text type") << packet(Type::Event, "/", {}, R"(["a"])", 4) << QByteArray(R"(2["a"])");
    QTest::addRow("string payload") << packet(Type::ConnectError, "/", {}, "\"no \\\"way\\\"\"") << QByteArray("4\"no \\\"way\\\"\"");
    QTest::addRow("disconnect namespace") << packet(Type::Disconnect, "/admin", {}, {}) << QByteArray("1/admin,");
}

void tst_SocketIoPacket::encodes()
{
    QFETCH(SocketIoPacket, packet);
    QFETCH(QByteArray, text);
    QCOMPARE(packet.encode(), text);
}

void tst_SocketIoPacket::fastPathMatchesEncode_data()
{
    QTest::addColumn<QString>("nsp");
    QTest::addColumn<std::optional<quint64>>("id");
    QTest::addColumn<QByteArray>("args");
    QTest::addColumn<QByteArray>("frame");
    QTest::addRow("namespace and ack id") << "/chat" << std::optional<quint64>(17) << QByteArray(R"(["chat",{"from":3,"seq":1}])")
                                          << QByteArray(R"(42/chat,17["chat",{"from":3,"seq":1}])");
    QTest::addRow("main namespace") << "/" << std::optional<quint64>() << QByteArray(R"(["hello"])") << QByteArray(R"(42["hello"])");
    QTest::addRow("empty namespace") << "" << std::optional<quint64>(0) << QByteArray(R"(["a",1,null])") << QByteArray(R"(420["a",1,null])");
}

void tst_SocketIoPacket::fastPathMatchesEncode()
{
    QFETCH(QString, nsp);
    QFETCH(std::optional<quint64>, id);
    QFETCH(QByteArray, args);
    QFETCH(QByteArray, frame);
    QCOMPARE(SocketIoPacket::encodeEventMessage(nsp, id, args), frame);
    // The same as the slow path, and what the receiving side reads.
    const SocketIoPacket event = packet(Type::Event, nsp, id, args);
    QCOMPARE(SocketIoPacket::encodeEventMessage(nsp, id, args), '4' + event.encode());
    const std::optional<SocketIoPacket> parsed = SocketIoPacket::parse(QByteArrayView(frame).sliced(1), nullptr);
    QVERIFY(parsed);
    QCOMPARE(parsed->data, json(args));
    QCOMPARE(parsed->id, id);

    const QByteArray ack = SocketIoPacket::encodeAckMessage(nsp, 5, args);
    QCOMPARE(ack, '4' + packet(Type::Ack, nsp, 5, args).encode());
}

void tst_SocketIoPacket::names()
{
    QCOMPARE(SocketIoPacket::typeName(Type::ConnectError), QLatin1StringView("CONNECT_ERROR"));
    QCOMPARE(SocketIoPacket::typeName(Type::BinaryAck), QLatin1StringView("BINARY_ACK"));
    QVERIFY(SocketIoPacket::isNamespace(u"/"));
    QVERIFY(SocketIoPacket::isNamespace(u"/admin"));
    QVERIFY(!SocketIoPacket::isNamespace(u""));
    QVERIFY(!SocketIoPacket::isNamespace(u"admin"));
    QVERIFY(!SocketIoPacket::isNamespace(u"/a,b"));
    QCOMPARE(packet(Type::Event, "/", {}, R"(["chat",1])").eventName(), QStringLiteral("chat"));
    QCOMPARE(packet(Type::BinaryEvent, "/", {}, R"(["file"])").eventName(), QStringLiteral("file"));
    QCOMPARE(packet(Type::Ack, "/", 1, R"(["chat"])").eventName(), QString());
    QCOMPARE(packet(Type::Event, "/", {}, "[]").eventName(), QString());
}

void tst_SocketIoPacket::assemblesSpecExamples_data()
{
    QTest::addColumn<QByteArray>("text");
    QTest::addColumn<QList<QByteArray>>("attachments");
    QTest::addColumn<QByteArray>("data"); // after assembly
    QTest::addRow("one attachment") << QByteArray(R"(51-["baz",)" + placeholder0 + "]") << QList<QByteArray>{"\x01\x02\x03\x04"}
                                    << QByteArray(R"(["baz",{"binary":4}])");
    QTest::addRow("two attachments") << QByteArray(R"(52-/admin,["baz",)" + placeholder0 + "," + placeholder1 + "]")
                                     << QList<QByteArray>{"\x01\x02", "\x03\x04\x05"} << QByteArray(R"(["baz",{"binary":2},{"binary":3}])");
    QTest::addRow("binary ack") << QByteArray("61-/admin,456[" + placeholder0 + "]") << QList<QByteArray>{"\x03\x02\x01"}
                                << QByteArray(R"([{"binary":3}])");
    QTest::addRow("nested, out of order, one used twice")
        << QByteArray(R"(52-["upload",{"file":{"_placeholder":true,"num":1},"meta":[)" + placeholder0 + "," + placeholder1 + R"(],"name":"a"}])")
        << QList<QByteArray>{QByteArray(10, 'x'), QByteArray()}
        << QByteArray(R"(["upload",{"file":{"binary":0},"meta":[{"binary":10},{"binary":0}],"name":"a"}])");
    QTest::addRow("not placeholders") << QByteArray(R"(51-["a",{"_placeholder":false,"num":7},{"_placeholder":"true","num":0},)" + placeholder0 + "]")
                                      << QList<QByteArray>{"z"}
                                      << QByteArray(R"(["a",{"_placeholder":false,"num":7},{"_placeholder":"true","num":0},{"binary":1}])");
    QTest::addRow("placeholder with more members") << QByteArray(R"(51-["a",{"_placeholder":true,"num":0,"x":1}])") << QList<QByteArray>{"zz"}
                                                   << QByteArray(R"(["a",{"binary":2}])");
    QTest::addRow("no attachments") << QByteArray(R"(50-["a",1])") << QList<QByteArray>{} << QByteArray(R"(["a",1])");
}

void tst_SocketIoPacket::assemblesSpecExamples()
{
    QFETCH(QByteArray, text);
    QFETCH(QList<QByteArray>, attachments);
    QFETCH(QByteArray, data);
    QString error;
    const std::optional<SocketIoPacket> parsed = SocketIoPacket::parse(text, &error);
    QVERIFY2(parsed, qPrintable(error));

    SocketIoBinaryAssembler assembler(1024);
    SocketIoBinaryAssembler::Result result = assembler.addPacket(*parsed);
    qint64 total = 0;
    for (qsizetype i = 0; i < attachments.size(); ++i) {
        QCOMPARE(result.status, Status::Pending);
        QVERIFY(assembler.isAssembling());
        QCOMPARE(assembler.attachmentsAwaited(), int(attachments.size() - i));
        result = assembler.addAttachment(attachments[i]);
        total += attachments[i].size();
    }
    QVERIFY2(result.status == Status::Complete, qPrintable(result.error));
    QVERIFY(!assembler.isAssembling());
    QCOMPARE(assembler.attachmentsAwaited(), 0);
    QCOMPARE(result.attachmentBytes, total);
    QCOMPARE(result.packet.type, parsed->type); // still BINARY_*: the caller may want to know
    QCOMPARE(result.packet.nsp, parsed->nsp);
    QCOMPARE(result.packet.id, parsed->id);
    QCOMPARE(result.packet.attachments, parsed->attachments);
    QCOMPARE(result.packet.data, json(data));
}

void tst_SocketIoPacket::passesTextPacketsThrough()
{
    SocketIoBinaryAssembler assembler(16);
    const SocketIoPacket event = packet(Type::Event, "/chat", 4, R"(["chat",{"_placeholder":true,"num":0}])");
    const SocketIoBinaryAssembler::Result result = assembler.addPacket(event);
    QCOMPARE(result.status, Status::Complete);
    QVERIFY(result.packet == event); // a text packet's data is not searched for placeholders
    QCOMPARE(result.attachmentBytes, qint64(0));
    QVERIFY(!assembler.isAssembling());
}

void tst_SocketIoPacket::textWhileAssemblingFails()
{
    // socket.io-parser: "got plaintext data when reconstructing a packet".
    SocketIoBinaryAssembler assembler(1024);
    QCOMPARE(assembler.addPacket(packet(Type::BinaryEvent, "/", {}, R"(["a",)" + placeholder0 + "," + placeholder1 + "]", 2)).status, Status::Pending);
    QCOMPARE(assembler.addAttachment("xy").status, Status::Pending);
    const SocketIoBinaryAssembler::Result result = assembler.addPacket(packet(Type::Event, "/", {}, R"(["b"])"));
    QCOMPARE(result.status, Status::Failed);
    QVERIFY2(result.error.contains(u"a EVENT packet arrived while 1 of the 2 attachment(s) of a BINARY_EVENT were still to come"), qPrintable(result.error));
    // It starts over: the next packet is read on its own.
    QVERIFY(!assembler.isAssembling());
    QCOMPARE(assembler.addPacket(packet(Type::Event, "/", {}, R"(["c"])")).status, Status::Complete);
}

void tst_SocketIoPacket::attachmentWithoutPacketFails()
{
    // socket.io-parser: "got binary data when not reconstructing a packet".
    SocketIoBinaryAssembler assembler(1024);
    SocketIoBinaryAssembler::Result result = assembler.addAttachment("abc");
    QCOMPARE(result.status, Status::Failed);
    QVERIFY2(result.error.contains(u"a binary message (3 bytes) arrived, but no BINARY_EVENT or BINARY_ACK awaits an attachment"), qPrintable(result.error));
    // Nor one too many.
    QCOMPARE(assembler.addPacket(packet(Type::BinaryEvent, "/", {}, R"(["a",)" + placeholder0 + "]", 1)).status, Status::Pending);
    QCOMPARE(assembler.addAttachment("x").status, Status::Complete);
    QCOMPARE(assembler.addAttachment("y").status, Status::Failed);
}

void tst_SocketIoPacket::boundsAttachmentCount()
{
    SocketIoBinaryAssembler assembler(1 << 20);
    QCOMPARE(assembler.addPacket(packet(Type::BinaryEvent, "/", {}, R"(["a"])", 256)).status, Status::Pending);
    QCOMPARE(assembler.attachmentsAwaited(), 256);
    for (int i = 0; i < 255; ++i)
        QCOMPARE(assembler.addAttachment("a").status, Status::Pending);
    const SocketIoBinaryAssembler::Result last = assembler.addAttachment("a");
    QCOMPARE(last.status, Status::Complete);
    QCOMPARE(last.attachmentBytes, qint64(256));

    // 257 is refused when the packet arrives, not after 257 attachments.
    const std::optional<SocketIoPacket> tooMany = SocketIoPacket::parse(R"(5257-["a"])", nullptr);
    QVERIFY(tooMany);
    const SocketIoBinaryAssembler::Result result = assembler.addPacket(*tooMany);
    QCOMPARE(result.status, Status::Failed);
    QVERIFY2(result.error.contains(u"a BINARY_EVENT with 257 attachments (at most 256)"), qPrintable(result.error));
    QVERIFY(!assembler.isAssembling());
}

void tst_SocketIoPacket::boundsAttachmentBytes()
{
    SocketIoBinaryAssembler assembler(10);
    QCOMPARE(assembler.maxAttachmentBytes(), qint64(10));
    const SocketIoPacket two = packet(Type::BinaryAck, "/", 1, "[" + placeholder0 + "," + placeholder1 + "]", 2);
    QCOMPARE(assembler.addPacket(two).status, Status::Pending);
    QCOMPARE(assembler.addAttachment(QByteArray(6, 'a')).status, Status::Pending);
    SocketIoBinaryAssembler::Result result = assembler.addAttachment(QByteArray(5, 'b'));
    QCOMPARE(result.status, Status::Failed);
    QVERIFY2(result.error.contains(u"the attachments of a BINARY_ACK exceed 10 bytes (attachment 2 of 2 is 5 bytes, after 6)"), qPrintable(result.error));

    // Exactly the limit is allowed, and the count starts again with each packet.
    QCOMPARE(assembler.addPacket(two).status, Status::Pending);
    QCOMPARE(assembler.addAttachment(QByteArray(6, 'a')).status, Status::Pending);
    result = assembler.addAttachment(QByteArray(4, 'b'));
    QCOMPARE(result.status, Status::Complete);
    QCOMPARE(result.attachmentBytes, qint64(10));
    QCOMPARE(assembler.addPacket(two).status, Status::Pending);
    QCOMPARE(assembler.addAttachment(QByteArray(10, 'a')).status, Status::Pending);
}

void tst_SocketIoPacket::rejectsBadPlaceholders_data()
{
    QTest::addColumn<QByteArray>("text");
    QTest::addColumn<QString>("message");
    QTest::addRow("num past the attachments") << QByteArray(R"(51-["a",{"_placeholder":true,"num":1}])")
                                              << R"(BINARY_EVENT: the placeholder at $[1] has "num": 1, but the packet has 1 attachment(s): "num" must be a whole number from 0 to 0)";
    QTest::addRow("negative num") << QByteArray(R"(52-["a",{"x":[{"_placeholder":true,"num":-1}]}])") << R"(the placeholder at $[1].x[0] has "num": -1)";
    QTest::addRow("fractional num") << QByteArray(R"(62-7[{"a b":{"_placeholder":true,"num":0.5}}])") << R"(BINARY_ACK: the placeholder at $[0]["a b"] has "num": 0.5)";
    QTest::addRow("num a string") << QByteArray(R"(51-["a",{"_placeholder":true,"num":"0"}])") << R"(has "num": "0")";
    QTest::addRow("no num") << QByteArray(R"(51-["a",{"_placeholder":true}])") << R"(the placeholder at $[1] has no "num")";
    QTest::addRow("placeholder without attachments") << QByteArray(R"(50-["a",)" + placeholder0 + "]")
                                                     << R"(the placeholder at $[1] ("num": 0) stands for an attachment, but the packet has none)";
}

void tst_SocketIoPacket::rejectsBadPlaceholders()
{
    QFETCH(QByteArray, text);
    QFETCH(QString, message);
    const std::optional<SocketIoPacket> parsed = SocketIoPacket::parse(text, nullptr);
    QVERIFY(parsed);
    SocketIoBinaryAssembler assembler(1024);
    const SocketIoBinaryAssembler::Result result = assembler.addPacket(*parsed);
    QCOMPARE(result.status, Status::Failed);
    QVERIFY2(result.error.contains(message), qPrintable(result.error));
    QVERIFY(!assembler.isAssembling()); // refused when it arrives, before any attachment
}

void tst_SocketIoPacket::resetDropsThePacket()
{
    SocketIoBinaryAssembler assembler(1024);
    QCOMPARE(assembler.addPacket(packet(Type::BinaryEvent, "/", {}, R"(["a",)" + placeholder0 + "]", 1)).status, Status::Pending);
    assembler.reset();
    QVERIFY(!assembler.isAssembling());
    QCOMPARE(assembler.addAttachment("x").status, Status::Failed);
    QCOMPARE(assembler.addPacket(packet(Type::Event, "/", {}, R"(["b"])")).status, Status::Complete);
}

QTEST_GUILESS_MAIN(tst_SocketIoPacket)
#include "tst_socketiopacket.moc"
