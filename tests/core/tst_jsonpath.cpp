#include "message/jsonpath.h"
#include "message/receivedmessage.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

namespace {

QJsonValue json(const QByteArray &text)
{
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson('[' + text + ']', &error);
    if (error.error != QJsonParseError::NoError || document.array().size() != 1)
        qFatal("bad test JSON: %s", text.constData());
    return document.array().first();
}

const QByteArray document = R"({
    "type": "chat.message",
    "payload": {"seq": 17, "items": [{"id": 1}, {"id": 2}, {"id": 3}], "content-type": "text/plain",
                "a b": {"c.d": true}, "0": "zero", "$x": null, "": "empty"},
    "list": [[10, 11], [20]]
})";

} // namespace

class tst_JsonPath : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void parsesAndWritesBack_data();
    void parsesAndWritesBack();
    void rejectsWithOffset_data();
    void rejectsWithOffset();
    void evaluates_data();
    void evaluates();
    void eventPathReadsTheEventType();
    void keyText_data();
    void keyText();
};

void tst_JsonPath::parsesAndWritesBack_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("canonical");
    QTest::addRow("root") << "$" << "$";
    QTest::addRow("members and index") << "$.a.b[0]" << "$.a.b[0]";
    QTest::addRow("negative index") << "$.items[-1]" << "$.items[-1]";
    QTest::addRow("dash in a dotted name") << "$.content-type" << "$[\"content-type\"]";
    QTest::addRow("dollar in a dotted name") << "$.$x" << "$[\"$x\"]";
    QTest::addRow("digits as a name") << "$.0" << "$[\"0\"]";
    QTest::addRow("double-quoted") << "$[\"a b\"]" << "$[\"a b\"]";
    QTest::addRow("single-quoted") << "$['a b']" << "$[\"a b\"]";
    QTest::addRow("quoted identifier") << "$[\"seq\"]" << "$.seq";
    QTest::addRow("escapes") << "$[\"q\\\"\\\\\"]" << "$[\"q\\\"\\\\\"]";
    QTest::addRow("escaped single quote") << "$['it\\'s']" << "$[\"it's\"]";
    QTest::addRow("empty name") << "$[\"\"]" << "$[\"\"]";
    QTest::addRow("event") << "$event" << "$event";
    QTest::addRow("member named event") << "$.event" << "$.event";
}

void tst_JsonPath::parsesAndWritesBack()
{
    QFETCH(QString, text);
    QFETCH(QString, canonical);
    QString error;
    qsizetype offset = -2;
    const std::optional<JsonPath> path = JsonPath::parse(text, &error, &offset);
    QVERIFY2(path, qPrintable(error));
    QCOMPARE(path->toString(), canonical);
    QCOMPARE(path->isRoot(), text == u"$");
    QCOMPARE(path->isEvent(), text == u"$event");
    // The canonical text is the same path.
    const std::optional<JsonPath> again = JsonPath::parse(canonical);
    QVERIFY(again);
    QVERIFY(*again == *path);
}

void tst_JsonPath::rejectsWithOffset_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<qsizetype>("offset");
    QTest::addColumn<QString>("message");
    QTest::addRow("empty") << "" << qsizetype(0) << "starts with $";
    QTest::addRow("no dollar") << "payload.seq" << qsizetype(0) << "starts with $";
    QTest::addRow("dot at the end") << "$." << qsizetype(2) << "expected a name after '.'";
    QTest::addRow("empty name") << "$.a..b" << qsizetype(4) << "expected a name after '.'";
    QTest::addRow("bad name character") << "$.a b" << qsizetype(3) << "expected '.' or '['";
    QTest::addRow("no dot") << "$a" << qsizetype(1) << "expected '.' or '['";
    QTest::addRow("space after $") << "$ .a" << qsizetype(1) << "expected '.' or '['";
    QTest::addRow("bracket at the end") << "$[" << qsizetype(2) << "expected an index or a quoted name";
    QTest::addRow("empty brackets") << "$[]" << qsizetype(2) << "expected an index or a quoted name";
    QTest::addRow("wildcard") << "$[*]" << qsizetype(2) << "expected an index or a quoted name";
    QTest::addRow("unclosed index") << "$[12" << qsizetype(4) << "expected ']' after the index";
    QTest::addRow("index with a fraction") << "$[1.5]" << qsizetype(3) << "expected ']' after the index";
    QTest::addRow("index out of range") << "$[99999999999999999999]" << qsizetype(2) << "index out of range";
    QTest::addRow("unterminated quote") << "$.a[\"bc" << qsizetype(3) << "unterminated quoted name";
    QTest::addRow("no bracket after quote") << "$[\"a\".b" << qsizetype(5) << "expected ']' after the quoted name";
    QTest::addRow("unknown escape") << "$[\"a\\n\"]" << qsizetype(4) << "unknown escape";
    QTest::addRow("event with a member") << "$event.type" << qsizetype(6) << "$event (the SSE event type) is a string";
    QTest::addRow("event with an index") << "$event[0]" << qsizetype(6) << "$event (the SSE event type) is a string";
    QTest::addRow("events") << "$events" << qsizetype(1) << "expected '.' or '['";
}

void tst_JsonPath::rejectsWithOffset()
{
    QFETCH(QString, text);
    QFETCH(qsizetype, offset);
    QFETCH(QString, message);
    QString error;
    qsizetype errorOffset = -2;
    QVERIFY(!JsonPath::parse(text, &error, &errorOffset));
    QCOMPARE(errorOffset, offset);
    QVERIFY2(error.contains(message), qPrintable(error));
    QVERIFY(!JsonPath::parse(text)); // the out-parameters are optional
}

void tst_JsonPath::evaluates_data()
{
    QTest::addColumn<QString>("path");
    QTest::addColumn<QByteArray>("expected"); // JSON text; empty: nothing there
    QTest::addRow("member") << "$.type" << QByteArray(R"("chat.message")");
    QTest::addRow("nested") << "$.payload.seq" << QByteArray("17");
    QTest::addRow("index") << "$.payload.items[1].id" << QByteArray("2");
    QTest::addRow("last element") << "$.payload.items[-1].id" << QByteArray("3");
    QTest::addRow("first from the end") << "$.payload.items[-3].id" << QByteArray("1");
    QTest::addRow("nested arrays") << "$.list[0][1]" << QByteArray("11");
    QTest::addRow("dashed name") << "$.payload.content-type" << QByteArray(R"("text/plain")");
    QTest::addRow("quoted names") << "$.payload[\"a b\"]['c.d']" << QByteArray("true");
    QTest::addRow("digits name on an object") << "$.payload.0" << QByteArray(R"("zero")");
    QTest::addRow("null value is there") << "$.payload.$x" << QByteArray("null");
    QTest::addRow("empty name") << "$.payload[\"\"]" << QByteArray(R"("empty")");
    QTest::addRow("object") << "$.payload.items[0]" << QByteArray(R"({"id":1})");
    QTest::addRow("missing member") << "$.payload.nope" << QByteArray();
    QTest::addRow("index past the end") << "$.payload.items[3]" << QByteArray();
    QTest::addRow("negative past the start") << "$.payload.items[-4]" << QByteArray();
    QTest::addRow("index on an object") << "$.payload[0]" << QByteArray();
    QTest::addRow("name on an array") << "$.list.length" << QByteArray();
    QTest::addRow("through a scalar") << "$.type.x" << QByteArray();
    QTest::addRow("through null") << "$.payload.$x.y" << QByteArray();
    QTest::addRow("event on plain JSON") << "$event" << QByteArray();
}

void tst_JsonPath::evaluates()
{
    QFETCH(QString, path);
    QFETCH(QByteArray, expected);
    const std::optional<JsonPath> parsed = JsonPath::parse(path);
    QVERIFY(parsed);
    const std::optional<QJsonValue> value = parsed->evaluate(json(document));
    if (expected.isEmpty()) {
        QVERIFY2(!value, qPrintable(QJsonDocument(QJsonArray{value.value_or(QJsonValue())}).toJson(QJsonDocument::Compact)));
        return;
    }
    QVERIFY(value);
    QCOMPARE(*value, json(expected));
}

void tst_JsonPath::eventPathReadsTheEventType()
{
    const JsonPath event = JsonPath::parse(u"$event").value();
    const JsonPath type = JsonPath::parse(u"$.type").value();
    const ReceivedMessage sse = ReceivedMessage::fromText(R"({"type":"t"})", QStringLiteral("tick"));
    QCOMPARE(event.evaluate(sse), QJsonValue(QStringLiteral("tick")));
    QCOMPARE(type.evaluate(sse), QJsonValue(QStringLiteral("t")));
    QCOMPARE(JsonPath().evaluate(sse), json(R"({"type":"t"})")); // the default path is $
    // A WebSocket message has no event type: the path reads "".
    QCOMPARE(event.evaluate(ReceivedMessage::fromText("x")), QJsonValue(QString()));
}

void tst_JsonPath::keyText_data()
{
    QTest::addColumn<QString>("key");
    QTest::addColumn<QString>("text");
    QTest::addRow("identifier") << "user_1" << ".user_1";
    QTest::addRow("leading digit") << "1a" << "[\"1a\"]";
    QTest::addRow("space") << "a b" << "[\"a b\"]";
    QTest::addRow("dash") << "a-b" << "[\"a-b\"]";
    QTest::addRow("quote and backslash") << "q\"\\" << "[\"q\\\"\\\\\"]";
    QTest::addRow("empty") << "" << "[\"\"]";
}

void tst_JsonPath::keyText()
{
    QFETCH(QString, key);
    QFETCH(QString, text);
    QCOMPARE(JsonPath::keyText(key), text);
    QCOMPARE(JsonPath::indexText(3), QStringLiteral("[3]"));
    // What keyText() writes, parse() reads back as that one member.
    const std::optional<JsonPath> path = JsonPath::parse(u'$' + text);
    QVERIFY(path);
    QJsonObject object;
    object.insert(key, 5);
    QCOMPARE(path->evaluate(object), QJsonValue(5));
}

QTEST_GUILESS_MAIN(tst_JsonPath)
#include "tst_jsonpath.moc"
