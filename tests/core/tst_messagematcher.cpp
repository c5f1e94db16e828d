#include "message/messagematcher.h"
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

} // namespace

class tst_MessageMatcher : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void matches_data();
    void matches();
    void numbersCompareByValue_data();
    void numbersCompareByValue();
    void defaultMatchesEverything();
    void reportsError_data();
    void reportsError();
    void reportsEveryError();
};

void tst_MessageMatcher::matches_data()
{
    QTest::addColumn<QByteArray>("matcher");
    QTest::addColumn<QByteArray>("message");
    QTest::addColumn<QString>("event");
    QTest::addColumn<bool>("expected");

    QTest::addRow("empty matches JSON") << QByteArray("{}") << QByteArray(R"({"a":1})") << "" << true;
    QTest::addRow("empty matches raw text") << QByteArray("{}") << QByteArray("not json") << "" << true;
    QTest::addRow("string equal") << QByteArray(R"({"$.type":"chat"})") << QByteArray(R"({"type":"chat"})") << "" << true;
    QTest::addRow("string differs") << QByteArray(R"({"$.type":"chat"})") << QByteArray(R"({"type":"chats"})") << "" << false;
    QTest::addRow("missing path") << QByteArray(R"({"$.type":"chat"})") << QByteArray(R"({"kind":"chat"})") << "" << false;
    QTest::addRow("string is not a number") << QByteArray(R"({"$.n":"1"})") << QByteArray(R"({"n":1})") << "" << false;
    QTest::addRow("number is not a string") << QByteArray(R"({"$.n":1})") << QByteArray(R"({"n":"1"})") << "" << false;
    QTest::addRow("1 equals 1.0") << QByteArray(R"({"$.n":1})") << QByteArray(R"({"n":1.0})") << "" << true;
    QTest::addRow("1 equals 1e0") << QByteArray(R"({"$.n":1})") << QByteArray(R"({"n":1e0})") << "" << true;
    QTest::addRow("fraction") << QByteArray(R"({"$.n":0.1})") << QByteArray(R"({"n":0.1})") << "" << true;
    QTest::addRow("fraction differs") << QByteArray(R"({"$.n":0.1})") << QByteArray(R"({"n":0.2})") << "" << false;
    QTest::addRow("big integers exactly") << QByteArray(R"({"$.n":9007199254740993})") << QByteArray(R"({"n":9007199254740992})") << "" << false;
    QTest::addRow("bool") << QByteArray(R"({"$.ok":true})") << QByteArray(R"({"ok":true})") << "" << true;
    QTest::addRow("bool is not 1") << QByteArray(R"({"$.ok":true})") << QByteArray(R"({"ok":1})") << "" << false;
    QTest::addRow("null equals null") << QByteArray(R"({"$.v":null})") << QByteArray(R"({"v":null})") << "" << true;
    QTest::addRow("null is not missing") << QByteArray(R"({"$.v":null})") << QByteArray("{}") << "" << false;
    QTest::addRow("object equal, any key order") << QByteArray(R"({"$.a":{"x":[1,2],"y":{"z":1.0}}})")
                                                 << QByteArray(R"({"a":{"y":{"z":1},"x":[1,2]}})") << "" << true;
    QTest::addRow("object with an extra key") << QByteArray(R"({"$.a":{"x":1}})") << QByteArray(R"({"a":{"x":1,"y":2}})") << "" << false;
    QTest::addRow("array order matters") << QByteArray(R"({"$.a":[1,2]})") << QByteArray(R"({"a":[2,1]})") << "" << false;
    QTest::addRow("array length matters") << QByteArray(R"({"$.a":[1]})") << QByteArray(R"({"a":[1,1]})") << "" << false;
    QTest::addRow("index path") << QByteArray(R"({"$.items[-1].id":3})") << QByteArray(R"({"items":[{"id":1},{"id":3}]})") << "" << true;
    QTest::addRow("all must hold") << QByteArray(R"({"$.type":"chat","$.room":"a"})") << QByteArray(R"({"type":"chat","room":"b"})") << "" << false;
    QTest::addRow("all hold") << QByteArray(R"({"$.type":"chat","$.room":"a"})") << QByteArray(R"({"type":"chat","room":"a"})") << "" << true;

    QTest::addRow("regex anywhere") << QByteArray(R"j({"$.type":{"regex":"hat"}})j") << QByteArray(R"({"type":"chat.message"})") << "" << true;
    QTest::addRow("regex anchored") << QByteArray(R"j({"$.type":{"regex":"^chat\\."}})j") << QByteArray(R"({"type":"xchat.message"})") << "" << false;
    QTest::addRow("regex anchored matches") << QByteArray(R"j({"$.type":{"regex":"^chat\\."}})j") << QByteArray(R"({"type":"chat.message"})") << "" << true;
    QTest::addRow("regex on a number") << QByteArray(R"j({"$.n":{"regex":"^4\\d$"}})j") << QByteArray(R"({"n":42})") << "" << true;
    QTest::addRow("regex on a number, no match") << QByteArray(R"j({"$.n":{"regex":"^4\\d$"}})j") << QByteArray(R"({"n":420})") << "" << false;
    QTest::addRow("regex on a bool") << QByteArray(R"j({"$.b":{"regex":"true"}})j") << QByteArray(R"({"b":true})") << "" << false;
    QTest::addRow("regex on an object") << QByteArray(R"j({"$.o":{"regex":""}})j") << QByteArray(R"({"o":{}})") << "" << false;
    QTest::addRow("regex on a missing path") << QByteArray(R"j({"$.o":{"regex":""}})j") << QByteArray("{}") << "" << false;
    QTest::addRow("object with regex and more is a value") << QByteArray(R"j({"$.o":{"regex":"x","flags":"i"}})j")
                                                          << QByteArray(R"j({"o":{"flags":"i","regex":"x"}})j") << "" << true;

    QTest::addRow("event") << QByteArray(R"({"$event":"tick"})") << QByteArray(R"({"n":1})") << "tick" << true;
    QTest::addRow("event differs") << QByteArray(R"({"$event":"tick"})") << QByteArray(R"({"n":1})") << "message" << false;
    QTest::addRow("event on WebSocket") << QByteArray(R"({"$event":"tick"})") << QByteArray(R"({"n":1})") << "" << false;
    QTest::addRow("event regex") << QByteArray(R"j({"$event":{"regex":"^user\\."}})j") << QByteArray("x") << "user.joined" << true;
    QTest::addRow("event and data") << QByteArray(R"({"$event":"tick","$.n":1})") << QByteArray(R"({"n":1})") << "tick" << true;

    QTest::addRow("raw text equals") << QByteArray(R"({"$":"PONG"})") << QByteArray("PONG") << "" << true;
    QTest::addRow("raw text regex") << QByteArray(R"j({"$":{"regex":"^PING \\d+$"}})j") << QByteArray("PING 17") << "" << true;
    QTest::addRow("raw text has no members") << QByteArray(R"({"$.type":"x"})") << QByteArray("type x") << "" << false;
    QTest::addRow("JSON string message") << QByteArray(R"({"$":"PONG"})") << QByteArray(R"("PONG")") << "" << true;
    QTest::addRow("JSON number message") << QByteArray(R"({"$":5})") << QByteArray("5") << "" << true;
    QTest::addRow("whole object") << QByteArray(R"({"$":{"a":1}})") << QByteArray(R"({"a":1})") << "" << true;
}

void tst_MessageMatcher::matches()
{
    QFETCH(QByteArray, matcher);
    QFETCH(QByteArray, message);
    QFETCH(QString, event);
    QFETCH(bool, expected);
    QList<RuleError> errors;
    const std::optional<MessageMatcher> parsed = MessageMatcher::fromJson(json(matcher), &errors);
    QVERIFY2(parsed, errors.isEmpty() ? "" : qPrintable(errors[0].toString()));
    QCOMPARE(parsed->matchesEverything(), matcher == "{}");
    QCOMPARE(parsed->matches(ReceivedMessage::fromText(message, event)), expected);
}

// Values that JSON text cannot tell apart reliably (a double that is integral) built directly.
void tst_MessageMatcher::numbersCompareByValue_data()
{
    QTest::addColumn<QJsonValue>("expected");
    QTest::addColumn<QJsonValue>("actual");
    QTest::addColumn<bool>("equal");
    QTest::addRow("int and double") << QJsonValue(1) << QJsonValue(1.0) << true;
    QTest::addRow("double and int") << QJsonValue(3.0) << QJsonValue(qint64(3)) << true;
    QTest::addRow("2^53 + 1 is not 2^53") << QJsonValue(qint64(9007199254740993)) << QJsonValue(9007199254740992.0) << false;
    QTest::addRow("2^53 is 2^53") << QJsonValue(qint64(9007199254740992)) << QJsonValue(9007199254740992.0) << true;
    QTest::addRow("in an array") << QJsonValue(QJsonArray{1, 2}) << QJsonValue(QJsonArray{1.0, 2.0}) << true;
    QTest::addRow("zero and negative zero") << QJsonValue(0) << QJsonValue(-0.0) << true;
}

void tst_MessageMatcher::numbersCompareByValue()
{
    QFETCH(QJsonValue, expected);
    QFETCH(QJsonValue, actual);
    QFETCH(bool, equal);
    const MessageMatcher matcher = MessageMatcher::fromJson(QJsonObject{{QStringLiteral("$.v"), expected}}, nullptr).value();
    QCOMPARE(matcher.matches({QJsonObject{{QStringLiteral("v"), actual}}, {}}), equal);
}

void tst_MessageMatcher::defaultMatchesEverything()
{
    const MessageMatcher matcher;
    QVERIFY(matcher.matchesEverything());
    QVERIFY(matcher.matches(ReceivedMessage::fromText("anything")));
    QVERIFY(matcher.matches({}));
}

void tst_MessageMatcher::reportsError_data()
{
    QTest::addColumn<QByteArray>("matcher");
    QTest::addColumn<QString>("path");
    QTest::addColumn<qsizetype>("offset");
    QTest::addColumn<bool>("inKey");
    QTest::addColumn<QString>("message");
    QTest::addRow("array") << QByteArray(R"([{"$.a":1}])") << "" << qsizetype(-1) << false << "expected an object";
    QTest::addRow("string") << QByteArray(R"("$.a")") << "" << qsizetype(-1) << false << "expected an object";
    QTest::addRow("key without $") << QByteArray(R"({"type":"chat"})") << ".type" << qsizetype(0) << true << "invalid JSON path: a JSON path starts with $";
    QTest::addRow("bad key") << QByteArray(R"({"$.a.":1})") << "[\"$.a.\"]" << qsizetype(4) << true << "invalid JSON path: expected a name";
    QTest::addRow("bad key, later") << QByteArray(R"({"$.items[x]":1})") << "[\"$.items[x]\"]" << qsizetype(8) << true << "expected an index";
    QTest::addRow("invalid regex") << QByteArray(R"j({"$.a":{"regex":"[a"}})j") << "[\"$.a\"].regex" << qsizetype(2) << false << "invalid regular expression: missing terminating ]";
    QTest::addRow("regex not a string") << QByteArray(R"j({"$.a":{"regex":5}})j") << "[\"$.a\"].regex" << qsizetype(-1) << false << "\"regex\" must be a string";
}

void tst_MessageMatcher::reportsError()
{
    QFETCH(QByteArray, matcher);
    QFETCH(QString, path);
    QFETCH(qsizetype, offset);
    QFETCH(bool, inKey);
    QFETCH(QString, message);
    QList<RuleError> errors;
    QVERIFY(!MessageMatcher::fromJson(json(matcher), &errors));
    QCOMPARE(errors.size(), 1);
    QCOMPARE(errors[0].path, path);
    QCOMPARE(errors[0].offset, offset);
    QCOMPARE(errors[0].inKey, inKey);
    QVERIFY2(errors[0].message.contains(message), qPrintable(errors[0].message));
}

void tst_MessageMatcher::reportsEveryError()
{
    QList<RuleError> errors;
    // Outside the macro: moc's preprocessor counts the parentheses inside a raw string.
    const QJsonValue matcher = json(R"j({"$.ok":1,"a":1,"$.b":{"regex":"("},"$[":{"regex":")"}})j");
    QVERIFY(!MessageMatcher::fromJson(matcher, &errors));
    QStringList found;
    for (const RuleError &error : std::as_const(errors))
        found << QStringLiteral("%1%2@%3").arg(error.path, error.inKey ? QStringLiteral("(key)") : QString()).arg(error.offset);
    QCOMPARE(found, (QStringList{"[\"$.b\"].regex@1", "[\"$[\"](key)@2", "[\"$[\"].regex@0", ".a(key)@0"}));
}

QTEST_GUILESS_MAIN(tst_MessageMatcher)
#include "tst_messagematcher.moc"
