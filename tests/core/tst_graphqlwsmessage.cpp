#include "graphqlws/graphqlwsclosecode.h"
#include "graphqlws/graphqlwsmessage.h"
#include "message/receivedmessage.h"

#include <QTest>

using Type = GraphQlWsMessage::Type;

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

GraphQlWsMessage message(Type type, const QString &id, QByteArrayView payload)
{
    return {type, id, json(payload)};
}

} // namespace

class tst_GraphQlWsMessage : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void parses_data();
    void parses();
    void rejects_data();
    void rejects();
    void encodes_data();
    void encodes();
    void typeNames();
    void closeCodes_data();
    void closeCodes();
};

void tst_GraphQlWsMessage::parses_data()
{
    QTest::addColumn<QByteArray>("text");
    QTest::addColumn<GraphQlWsMessage>("expected");
    QTest::addColumn<QByteArray>("canonical"); // what encode() writes

    // PROTOCOL.md, "Message types".
    QTest::addRow("connection_init") << QByteArray(R"({"type":"connection_init"})") << message(Type::ConnectionInit, {}, {})
                                     << QByteArray(R"({"type":"connection_init"})");
    QTest::addRow("connection_init with payload") << QByteArray(R"({"payload":{"token":"t-1"},"type":"connection_init"})")
                                                  << message(Type::ConnectionInit, {}, R"({"token":"t-1"})")
                                                  << QByteArray(R"({"type":"connection_init","payload":{"token":"t-1"}})");
    QTest::addRow("connection_init with null payload") << QByteArray(R"({"type":"connection_init","payload":null})")
                                                       << message(Type::ConnectionInit, {}, "null")
                                                       << QByteArray(R"({"type":"connection_init","payload":null})");
    QTest::addRow("connection_ack") << QByteArray(R"({"type":"connection_ack"})") << message(Type::ConnectionAck, {}, {})
                                    << QByteArray(R"({"type":"connection_ack"})");
    QTest::addRow("connection_ack with payload") << QByteArray(R"({"type":"connection_ack","payload":{"server":"x"}})")
                                                 << message(Type::ConnectionAck, {}, R"({"server":"x"})")
                                                 << QByteArray(R"({"type":"connection_ack","payload":{"server":"x"}})");
    QTest::addRow("ping") << QByteArray(R"({"type":"ping"})") << message(Type::Ping, {}, {}) << QByteArray(R"({"type":"ping"})");
    QTest::addRow("ping with payload") << QByteArray(R"({"type":"ping","payload":{"at":1}})") << message(Type::Ping, {}, R"({"at":1})")
                                       << QByteArray(R"({"type":"ping","payload":{"at":1}})");
    QTest::addRow("pong") << QByteArray(R"({"type":"pong"})") << message(Type::Pong, {}, {}) << QByteArray(R"({"type":"pong"})");
    QTest::addRow("subscribe") << QByteArray(R"({"id":"1","type":"subscribe","payload":{"query":"subscription { posted { seq } }"}})")
                               << message(Type::Subscribe, "1", R"({"query":"subscription { posted { seq } }"})")
                               << QByteArray(R"({"type":"subscribe","id":"1","payload":{"query":"subscription { posted { seq } }"}})");
    QTest::addRow("subscribe with everything")
        << QByteArray(R"({"type":"subscribe","id":"s1","payload":{"query":"subscription OnPost($room: String!) { posted(room: $room) { seq } }","variables":{"room":"r"},"operationName":"OnPost","extensions":{"persistedQuery":{"version":1}}}})")
        << message(Type::Subscribe, "s1", R"({"query":"subscription OnPost($room: String!) { posted(room: $room) { seq } }","variables":{"room":"r"},"operationName":"OnPost","extensions":{"persistedQuery":{"version":1}}})")
        << QByteArray(R"({"type":"subscribe","id":"s1","payload":{"extensions":{"persistedQuery":{"version":1}},"operationName":"OnPost","query":"subscription OnPost($room: String!) { posted(room: $room) { seq } }","variables":{"room":"r"}}})");
    QTest::addRow("subscribe with nulls") << QByteArray(R"({"type":"subscribe","id":"q1","payload":{"query":"{ a }","variables":null,"operationName":null,"extensions":null}})")
                                          << message(Type::Subscribe, "q1", R"({"query":"{ a }","variables":null,"operationName":null,"extensions":null})")
                                          << QByteArray(R"({"type":"subscribe","id":"q1","payload":{"extensions":null,"operationName":null,"query":"{ a }","variables":null}})");
    QTest::addRow("next") << QByteArray(R"({"type":"next","id":"1","payload":{"data":{"posted":{"from":3,"seq":7,"sentAt":1.5}}}})")
                          << message(Type::Next, "1", R"({"data":{"posted":{"from":3,"seq":7,"sentAt":1.5}}})")
                          << QByteArray(R"({"type":"next","id":"1","payload":{"data":{"posted":{"from":3,"sentAt":1.5,"seq":7}}}})");
    QTest::addRow("next with errors") << QByteArray(R"({"type":"next","id":"1","payload":{"data":null,"errors":[{"message":"boom"}]}})")
                                      << message(Type::Next, "1", R"({"data":null,"errors":[{"message":"boom"}]})")
                                      << QByteArray(R"({"type":"next","id":"1","payload":{"data":null,"errors":[{"message":"boom"}]}})");
    QTest::addRow("error") << QByteArray("{\"type\":\"error\",\"id\":\"2\",\"payload\":[{\"message\":\"Cannot query field \\\"x\\\"\",\"locations\":[{\"line\":1,\"column\":3}]}]}")
                           << message(Type::Error, "2", "[{\"message\":\"Cannot query field \\\"x\\\"\",\"locations\":[{\"line\":1,\"column\":3}]}]")
                           << QByteArray("{\"type\":\"error\",\"id\":\"2\",\"payload\":[{\"locations\":[{\"column\":3,\"line\":1}],\"message\":\"Cannot query field \\\"x\\\"\"}]}");
    QTest::addRow("complete") << QByteArray(R"({"type":"complete","id":"1"})") << message(Type::Complete, "1", {})
                              << QByteArray(R"({"type":"complete","id":"1"})");
    QTest::addRow("id with escapes") << QByteArray("{\"type\":\"complete\",\"id\":\"a\\\"b\\\\c\\u0001é\"}") << message(Type::Complete, "a\"b\\c\x01é", {})
                                     << QByteArray("{\"type\":\"complete\",\"id\":\"a\\\"b\\\\c\\u0001é\"}");
    // Members a type does not define are ignored, as the reference implementation ignores them.
    QTest::addRow("id of a ping ignored") << QByteArray(R"({"type":"ping","id":"7"})") << message(Type::Ping, {}, {}) << QByteArray(R"({"type":"ping"})");
    QTest::addRow("payload of a complete ignored") << QByteArray(R"({"type":"complete","id":"1","payload":[1]})") << message(Type::Complete, "1", {})
                                                   << QByteArray(R"({"type":"complete","id":"1"})");
    QTest::addRow("unknown members ignored") << QByteArray(R"({"type":"pong","extra":true})") << message(Type::Pong, {}, {}) << QByteArray(R"({"type":"pong"})");
}

void tst_GraphQlWsMessage::parses()
{
    QFETCH(QByteArray, text);
    QFETCH(GraphQlWsMessage, expected);
    QFETCH(QByteArray, canonical);
    QString error;
    const std::optional<GraphQlWsMessage> parsed = GraphQlWsMessage::parse(text, &error);
    QVERIFY2(parsed, qPrintable(error));
    QCOMPARE(parsed->type, expected.type);
    QCOMPARE(parsed->id, expected.id);
    QCOMPARE(parsed->payload, expected.payload);
    QCOMPARE(parsed->encode(), canonical);
    const std::optional<GraphQlWsMessage> again = GraphQlWsMessage::parse(canonical, &error);
    QVERIFY2(again, qPrintable(error));
    QVERIFY(*again == *parsed);
}

void tst_GraphQlWsMessage::rejects_data()
{
    QTest::addColumn<QByteArray>("text");
    QTest::addColumn<QString>("message");
    QTest::addRow("empty") << QByteArray() << "the message is not JSON";
    QTest::addRow("broken JSON") << QByteArray(R"({"type":"ping",})") << "the message is not JSON: object is missing after a comma at byte 16";
    QTest::addRow("array") << QByteArray(R"([{"type":"ping"}])") << "a message must be a JSON object, got an array";
    QTest::addRow("string") << QByteArray(R"("ping")") << "a message must be a JSON object, got a string";
    QTest::addRow("number") << QByteArray("4") << "a message must be a JSON object, got a number";
    QTest::addRow("no type") << QByteArray(R"({"id":"1"})") << "'type' must be a string, got nothing";
    QTest::addRow("numeric type") << QByteArray(R"({"type":1})") << "'type' must be a string, got a number";
    QTest::addRow("unknown type") << QByteArray(R"({"type":"start","id":"1"})") << "unknown message type \"start\"";
    QTest::addRow("legacy type") << QByteArray(R"({"type":"connection_terminate"})") << "unknown message type \"connection_terminate\"";
    QTest::addRow("type in upper case") << QByteArray(R"({"type":"PING"})") << "unknown message type \"PING\"";
    QTest::addRow("long unknown type cut short") << QByteArray(R"({"type":")" + QByteArray(100, 'x') + R"("})") << "xxx...\"";
    QTest::addRow("init payload a string") << QByteArray(R"({"type":"connection_init","payload":"t"})")
                                           << "\"connection_init\" message: 'payload' must be an object, null or missing, got a string";
    QTest::addRow("ack payload an array") << QByteArray(R"({"type":"connection_ack","payload":[]})") << "\"connection_ack\" message: 'payload' must be an object";
    QTest::addRow("ping payload a number") << QByteArray(R"({"type":"ping","payload":1})") << "\"ping\" message: 'payload' must be an object";
    QTest::addRow("pong payload true") << QByteArray(R"({"type":"pong","payload":true})") << "\"pong\" message: 'payload' must be an object, null or missing, got a boolean";
    QTest::addRow("subscribe without id") << QByteArray(R"({"type":"subscribe","payload":{"query":"{ a }"}})")
                                          << "\"subscribe\" message: 'id' (the operation's ID) must be a non-empty string, got nothing";
    QTest::addRow("subscribe with empty id") << QByteArray(R"({"type":"subscribe","id":"","payload":{"query":"{ a }"}})") << "got an empty string";
    QTest::addRow("subscribe with numeric id") << QByteArray(R"({"type":"subscribe","id":1,"payload":{"query":"{ a }"}})") << "'id' (the operation's ID) must be a non-empty string, got a number";
    QTest::addRow("subscribe without payload") << QByteArray(R"({"type":"subscribe","id":"1"})") << "\"subscribe\" message: 'payload' must be an object (the operation), got nothing";
    QTest::addRow("subscribe without query") << QByteArray(R"({"type":"subscribe","id":"1","payload":{}})") << "'payload.query' must be a string (the GraphQL document), got nothing";
    QTest::addRow("subscribe with query object") << QByteArray(R"({"type":"subscribe","id":"1","payload":{"query":{"kind":"Document"}}})") << "'payload.query' must be a string";
    QTest::addRow("subscribe with numeric operationName") << QByteArray(R"({"type":"subscribe","id":"1","payload":{"query":"q","operationName":5}})")
                                                          << "'payload.operationName' must be a string, null or missing, got a number";
    QTest::addRow("subscribe with variables array") << QByteArray(R"({"type":"subscribe","id":"1","payload":{"query":"q","variables":[]}})")
                                                    << "'payload.variables' must be an object, null or missing, got an empty array";
    QTest::addRow("subscribe with extensions string") << QByteArray(R"({"type":"subscribe","id":"1","payload":{"query":"q","extensions":"x"}})")
                                                      << "'payload.extensions' must be an object, null or missing, got a string";
    QTest::addRow("next without id") << QByteArray(R"({"type":"next","payload":{"data":{}}})") << "\"next\" message: 'id'";
    QTest::addRow("next without payload") << QByteArray(R"({"type":"next","id":"1"})") << "\"next\" message: 'payload' must be an object (an execution result), got nothing";
    QTest::addRow("next with array payload") << QByteArray(R"({"type":"next","id":"1","payload":[]})") << "got an empty array";
    QTest::addRow("error without id") << QByteArray(R"({"type":"error","payload":[{"message":"x"}]})") << "\"error\" message: 'id'";
    QTest::addRow("error with object payload") << QByteArray(R"({"type":"error","id":"1","payload":{"message":"x"}})")
                                               << "\"error\" message: 'payload' must be a non-empty array of GraphQL errors, got an object";
    QTest::addRow("error with empty array") << QByteArray(R"({"type":"error","id":"1","payload":[]})") << "got an empty array";
    QTest::addRow("error element not an object") << QByteArray(R"({"type":"error","id":"1","payload":[{"message":"a"},"b"]})")
                                                 << "'payload[1]' must be a GraphQL error (an object), got a string";
    QTest::addRow("error without message") << QByteArray(R"({"type":"error","id":"1","payload":[{"locations":[]}]})") << "'payload[0].message' must be a string, got nothing";
    QTest::addRow("complete without id") << QByteArray(R"({"type":"complete"})") << "\"complete\" message: 'id' (the operation's ID) must be a non-empty string, got nothing";
    QTest::addRow("complete with null id") << QByteArray(R"({"type":"complete","id":null})") << "got null";
}

void tst_GraphQlWsMessage::rejects()
{
    QFETCH(QByteArray, text);
    QFETCH(QString, message);
    QString error;
    QVERIFY(!GraphQlWsMessage::parse(text, &error));
    QVERIFY2(error.contains(message), qPrintable(error));
    QVERIFY(!GraphQlWsMessage::parse(text, nullptr)); // the error pointer is optional
}

void tst_GraphQlWsMessage::encodes_data()
{
    QTest::addColumn<GraphQlWsMessage>("message");
    QTest::addColumn<QByteArray>("text");
    QTest::addRow("init with auth") << message(Type::ConnectionInit, {}, R"({"token":"t-1"})") << QByteArray(R"({"type":"connection_init","payload":{"token":"t-1"}})");
    QTest::addRow("pong") << message(Type::Pong, {}, {}) << QByteArray(R"({"type":"pong"})");
    QTest::addRow("id of a pong not written") << message(Type::Pong, "x", {}) << QByteArray(R"({"type":"pong"})");
    QTest::addRow("subscribe") << message(Type::Subscribe, "s1", R"({"query":"subscription { t }"})")
                               << QByteArray(R"({"type":"subscribe","id":"s1","payload":{"query":"subscription { t }"}})");
    QTest::addRow("complete") << message(Type::Complete, "s1", {}) << QByteArray(R"({"type":"complete","id":"s1"})");
}

void tst_GraphQlWsMessage::encodes()
{
    QFETCH(GraphQlWsMessage, message);
    QFETCH(QByteArray, text);
    QCOMPARE(message.encode(), text);
    QVERIFY(GraphQlWsMessage::parse(text, nullptr));
}

void tst_GraphQlWsMessage::typeNames()
{
    for (int i = int(Type::ConnectionInit); i <= int(Type::Complete); ++i) {
        const Type type = Type(i);
        QCOMPARE(GraphQlWsMessage::typeFromName(QString(GraphQlWsMessage::typeName(type))), std::optional<Type>(type));
    }
    QCOMPARE(GraphQlWsMessage::typeName(Type::ConnectionInit), QLatin1StringView("connection_init"));
    QCOMPARE(GraphQlWsMessage::typeName(Type::Next), QLatin1StringView("next"));
    QVERIFY(!GraphQlWsMessage::typeFromName(u"data"));
    QVERIFY(GraphQlWsMessage::hasId(Type::Error));
    QVERIFY(!GraphQlWsMessage::hasId(Type::Ping));
}

void tst_GraphQlWsMessage::closeCodes_data()
{
    QTest::addColumn<int>("code");
    QTest::addColumn<QString>("meaning");
    QTest::addRow("4400") << 4400 << "Bad request";
    QTest::addRow("4401") << 4401 << "Unauthorized";
    QTest::addRow("4403") << 4403 << "Forbidden";
    QTest::addRow("4406") << 4406 << "Subprotocol not acceptable";
    QTest::addRow("4408") << 4408 << "Connection initialisation timeout";
    QTest::addRow("4409") << 4409 << "Subscriber already exists";
    QTest::addRow("4429") << 4429 << "Too many initialisation requests";
    QTest::addRow("4500") << 4500 << "Internal server error";
    QTest::addRow("1000") << 1000 << "";
    QTest::addRow("4000") << 4000 << "";
    QTest::addRow("4504 (client-side in the reference)") << 4504 << "";
}

void tst_GraphQlWsMessage::closeCodes()
{
    QFETCH(int, code);
    QFETCH(QString, meaning);
    QCOMPARE(GraphQlWsCloseCode::meaning(quint16(code)), meaning);
    QCOMPARE(GraphQlWsCloseCode::subprotocol(), QLatin1StringView("graphql-transport-ws"));
    static_assert(GraphQlWsCloseCode::subprotocol().size() == 20);
}

QTEST_GUILESS_MAIN(tst_GraphQlWsMessage)
#include "tst_graphqlwsmessage.moc"
