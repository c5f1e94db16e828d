#include "message/fieldextractor.h"
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

QString text(const std::optional<QJsonValue> &value)
{
    if (!value)
        return QStringLiteral("(nothing)");
    return QString::fromUtf8(QJsonDocument(QJsonArray{*value}).toJson(QJsonDocument::Compact));
}

// A message whose $.v is exactly `value`: a double stays a double (JSON text could not say 5.0).
ReceivedMessage withValue(const QJsonValue &value)
{
    return {QJsonObject{{QStringLiteral("v"), value}}, {}};
}

} // namespace

class tst_FieldExtractor : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void extracts_data();
    void extracts();
    void extractsInteger_data();
    void extractsInteger();
    void extractsKey_data();
    void extractsKey();
    void receivedMessageParsesAnyJsonValue_data();
    void receivedMessageParsesAnyJsonValue();
    void reportsError_data();
    void reportsError();
    void reportsEveryError();
};

void tst_FieldExtractor::extracts_data()
{
    QTest::addColumn<QByteArray>("extractor");
    QTest::addColumn<QByteArray>("message");
    QTest::addColumn<QString>("event");
    QTest::addColumn<QString>("expected"); // compact JSON of the value, or "(nothing)"

    QTest::addRow("path") << QByteArray(R"("$.payload.sentAt")") << QByteArray(R"({"payload":{"sentAt":1700000000123456}})") << ""
                          << "[1700000000123456]";
    QTest::addRow("path in an object") << QByteArray(R"({"path":"$.payload.sentAt"})") << QByteArray(R"({"payload":{"sentAt":5}})") << "" << "[5]";
    QTest::addRow("missing") << QByteArray(R"("$.payload.sentAt")") << QByteArray(R"({"payload":{}})") << "" << "(nothing)";
    QTest::addRow("object value") << QByteArray(R"("$.a")") << QByteArray(R"({"a":{"b":[1]}})") << "" << R"([{"b":[1]}])";
    QTest::addRow("whole raw text") << QByteArray(R"("$")") << QByteArray("PONG 12") << "" << R"(["PONG 12"])";
    QTest::addRow("event") << QByteArray(R"("$event")") << QByteArray("{}") << "tick" << R"(["tick"])";

    QTest::addRow("regex: first group of the first match") << QByteArray(R"j({"path":"$.text","regex":"n=(\\d+)"})j")
        << QByteArray(R"({"text":"a n=42 b n=7"})") << "" << R"(["42"])";
    QTest::addRow("regex on a number's text") << QByteArray(R"j({"path":"$.n","regex":"^(\\d)"})j") << QByteArray(R"({"n":987})") << "" << R"(["9"])";
    QTest::addRow("regex on a negative number") << QByteArray(R"j({"path":"$.n","regex":"(-\\d+)"})j") << QByteArray(R"({"n":-12})") << "" << R"(["-12"])";
    QTest::addRow("regex on a fraction") << QByteArray(R"j({"path":"$.n","regex":"\\.(\\d+)"})j") << QByteArray(R"({"n":2.25})") << "" << R"(["25"])";
    QTest::addRow("regex does not match") << QByteArray(R"j({"path":"$.text","regex":"n=(\\d+)"})j") << QByteArray(R"({"text":"none"})") << "" << "(nothing)";
    QTest::addRow("regex group not taking part") << QByteArray(R"j({"path":"$.text","regex":"(x)?y"})j") << QByteArray(R"({"text":"y"})") << "" << "(nothing)";
    QTest::addRow("regex group matching empty") << QByteArray(R"j({"path":"$.text","regex":"a(x*)b"})j") << QByteArray(R"({"text":"ab"})") << "" << R"([""])";
    QTest::addRow("regex on an object") << QByteArray(R"j({"path":"$.o","regex":"(.)"})j") << QByteArray(R"({"o":{}})") << "" << "(nothing)";
    QTest::addRow("regex on a bool") << QByteArray(R"j({"path":"$.o","regex":"(.)"})j") << QByteArray(R"({"o":true})") << "" << "(nothing)";
    QTest::addRow("regex on raw text") << QByteArray(R"j({"path":"$","regex":"n=(\\d+)"})j") << QByteArray("hello n=3") << "" << R"(["3"])";
    QTest::addRow("regex on the event") << QByteArray(R"j({"path":"$event","regex":"^user\\.(.+)$"})j") << QByteArray("{}") << "user.joined"
                                        << R"(["joined"])";

    QTest::addRow("json inside a string") << QByteArray(R"({"path":"$.data","json":"$.seq"})") << QByteArray(R"({"data":"{\"seq\":5}"})") << "" << "[5]";
    QTest::addRow("json inside, deeper") << QByteArray(R"({"path":"$.data","json":"$.p.items[-1]"})")
        << QByteArray(R"({"data":"{\"p\":{\"items\":[1,2,\"x\"]}}"})") << "" << R"(["x"])";
    QTest::addRow("json: a scalar text") << QByteArray(R"({"path":"$.data","json":"$"})") << QByteArray(R"({"data":"7"})") << "" << "[7]";
    QTest::addRow("json: not JSON") << QByteArray(R"({"path":"$.data","json":"$"})") << QByteArray(R"({"data":"{oops"})") << "" << "(nothing)";
    QTest::addRow("json: not a string") << QByteArray(R"({"path":"$.data","json":"$"})") << QByteArray(R"({"data":{"seq":1}})") << "" << "(nothing)";
    QTest::addRow("json: inner path missing") << QByteArray(R"({"path":"$.data","json":"$.nope"})") << QByteArray(R"({"data":"{}"})") << "" << "(nothing)";
    QTest::addRow("json: SSE data") << QByteArray(R"({"path":"$","json":"$.seq"})") << QByteArray(R"("{\"seq\":9}")") << "" << "[9]";
}

void tst_FieldExtractor::extracts()
{
    QFETCH(QByteArray, extractor);
    QFETCH(QByteArray, message);
    QFETCH(QString, event);
    QFETCH(QString, expected);
    QList<RuleError> errors;
    const std::optional<FieldExtractor> parsed = FieldExtractor::fromJson(json(extractor), &errors);
    QVERIFY2(parsed, errors.isEmpty() ? "" : qPrintable(errors[0].toString()));
    QCOMPARE(text(parsed->extract(ReceivedMessage::fromText(message, event))), expected);
}

void tst_FieldExtractor::extractsInteger_data()
{
    QTest::addColumn<QJsonValue>("value");
    QTest::addColumn<bool>("found");
    QTest::addColumn<qint64>("expected");
    QTest::addRow("integer") << QJsonValue(42) << true << qint64(42);
    QTest::addRow("negative") << QJsonValue(-7) << true << qint64(-7);
    QTest::addRow("integral double") << QJsonValue(5.0) << true << qint64(5);
    QTest::addRow("fraction") << QJsonValue(5.5) << false << qint64(0);
    QTest::addRow("2^53 as a double") << QJsonValue(9007199254740992.0) << true << qint64(9007199254740992);
    QTest::addRow("-2^53 as a double") << QJsonValue(-9007199254740992.0) << true << qint64(-9007199254740992);
    QTest::addRow("beyond 2^53 as a double") << QJsonValue(9007199254740994.0) << false << qint64(0);
    QTest::addRow("beyond 2^53, parsed exactly") << json("9007199254740993") << true << qint64(9007199254740993);
    QTest::addRow("int64 max, parsed exactly") << json("9223372036854775807") << true << qint64(9223372036854775807);
    QTest::addRow("1e300") << QJsonValue(1e300) << false << qint64(0);
    QTest::addRow("digits") << QJsonValue(QStringLiteral("1700000000123456")) << true << qint64(1700000000123456);
    QTest::addRow("negative digits") << QJsonValue(QStringLiteral("-4")) << true << qint64(-4);
    QTest::addRow("int64 max as text") << QJsonValue(QStringLiteral("9223372036854775807")) << true << qint64(9223372036854775807);
    QTest::addRow("int64 min as text") << QJsonValue(QStringLiteral("-9223372036854775808")) << true
                                       << std::numeric_limits<qint64>::min();
    QTest::addRow("beyond int64 as text") << QJsonValue(QStringLiteral("9223372036854775808")) << false << qint64(0);
    QTest::addRow("plus sign") << QJsonValue(QStringLiteral("+4")) << false << qint64(0);
    QTest::addRow("space") << QJsonValue(QStringLiteral(" 4")) << false << qint64(0);
    QTest::addRow("minus alone") << QJsonValue(QStringLiteral("-")) << false << qint64(0);
    QTest::addRow("empty string") << QJsonValue(QString()) << false << qint64(0);
    QTest::addRow("hex") << QJsonValue(QStringLiteral("0x10")) << false << qint64(0);
    QTest::addRow("decimal text") << QJsonValue(QStringLiteral("1.0")) << false << qint64(0);
    QTest::addRow("bool") << QJsonValue(true) << false << qint64(0);
    QTest::addRow("null") << QJsonValue(QJsonValue::Null) << false << qint64(0);
}

void tst_FieldExtractor::extractsInteger()
{
    QFETCH(QJsonValue, value);
    QFETCH(bool, found);
    QFETCH(qint64, expected);
    const FieldExtractor extractor = FieldExtractor::fromJson(QJsonValue(QStringLiteral("$.v")), nullptr).value();
    const std::optional<qint64> integer = extractor.extractInteger(withValue(value));
    QCOMPARE(integer.has_value(), found);
    if (found)
        QCOMPARE(*integer, expected);
}

void tst_FieldExtractor::extractsKey_data()
{
    QTest::addColumn<QJsonValue>("value");
    QTest::addColumn<QString>("expected"); // "(nothing)" when there is no key
    QTest::addRow("integer") << QJsonValue(7) << "7";
    QTest::addRow("integral double") << QJsonValue(7.0) << "7";
    QTest::addRow("big integer exactly") << json("9007199254740993") << "9007199254740993";
    QTest::addRow("string as itself") << QJsonValue(QStringLiteral("007")) << "007";
    QTest::addRow("uuid") << QJsonValue(QStringLiteral("0b5a2c1e-8f3d")) << "0b5a2c1e-8f3d";
    QTest::addRow("fraction") << QJsonValue(7.5) << "(nothing)";
    QTest::addRow("bool") << QJsonValue(false) << "(nothing)";
    QTest::addRow("null") << QJsonValue(QJsonValue::Null) << "(nothing)";
    QTest::addRow("array") << QJsonValue(QJsonArray{1}) << "(nothing)";
}

void tst_FieldExtractor::extractsKey()
{
    QFETCH(QJsonValue, value);
    QFETCH(QString, expected);
    const FieldExtractor extractor = FieldExtractor::fromJson(QJsonValue(QStringLiteral("$.v")), nullptr).value();
    QCOMPARE(extractor.extractKey(withValue(value)).value_or(QStringLiteral("(nothing)")), expected);
}

void tst_FieldExtractor::receivedMessageParsesAnyJsonValue_data()
{
    QTest::addColumn<QByteArray>("text");
    QTest::addColumn<QJsonValue>("root");
    QTest::addRow("object") << QByteArray(R"( {"a":1} )") << json(R"({"a":1})");
    QTest::addRow("array") << QByteArray("[1,2]") << json("[1,2]");
    QTest::addRow("number") << QByteArray(" 12.5\n") << QJsonValue(12.5);
    QTest::addRow("string") << QByteArray(R"("hi")") << QJsonValue(QStringLiteral("hi"));
    QTest::addRow("true") << QByteArray("true") << QJsonValue(true);
    QTest::addRow("null") << QByteArray("null") << QJsonValue(QJsonValue::Null);
    QTest::addRow("raw text") << QByteArray("hello world") << QJsonValue(QStringLiteral("hello world"));
    QTest::addRow("two values") << QByteArray("1, 2") << QJsonValue(QStringLiteral("1, 2"));
    QTest::addRow("bracket trick") << QByteArray("1] [2") << QJsonValue(QStringLiteral("1] [2"));
    QTest::addRow("broken object") << QByteArray("{\"a\":") << QJsonValue(QStringLiteral("{\"a\":"));
    QTest::addRow("object then garbage") << QByteArray("{} x") << QJsonValue(QStringLiteral("{} x"));
    QTest::addRow("empty") << QByteArray() << QJsonValue(QString());
    QTest::addRow("UTF-8 text") << QByteArray("h\xC3\xA9") << QJsonValue(QStringLiteral("h\u00e9"));
}

void tst_FieldExtractor::receivedMessageParsesAnyJsonValue()
{
    QFETCH(QByteArray, text);
    QFETCH(QJsonValue, root);
    const ReceivedMessage message = ReceivedMessage::fromText(text);
    QCOMPARE(message.root, root);
    QVERIFY(message.event.isEmpty());
    QCOMPARE(ReceivedMessage::parseJson(text).has_value(), !root.isString() || text.startsWith('"'));
}

void tst_FieldExtractor::reportsError_data()
{
    QTest::addColumn<QByteArray>("extractor");
    QTest::addColumn<QString>("path");
    QTest::addColumn<qsizetype>("offset");
    QTest::addColumn<bool>("inKey");
    QTest::addColumn<QString>("message");
    QTest::addRow("number") << QByteArray("5") << "" << qsizetype(-1) << false << "expected a JSON path";
    QTest::addRow("array") << QByteArray(R"(["$.a"])") << "" << qsizetype(-1) << false << "expected a JSON path";
    QTest::addRow("path without $") << QByteArray(R"("payload.seq")") << "" << qsizetype(0) << false << "invalid JSON path: a JSON path starts with $";
    QTest::addRow("bad path") << QByteArray(R"("$.a.")") << "" << qsizetype(4) << false << "invalid JSON path: expected a name";
    QTest::addRow("bad path in object") << QByteArray(R"({"path":"$.a["})") << ".path" << qsizetype(4) << false << "invalid JSON path";
    QTest::addRow("missing path") << QByteArray(R"j({"regex":"(a)"})j") << "" << qsizetype(-1) << false << "missing \"path\"";
    QTest::addRow("path not a string") << QByteArray(R"({"path":5})") << ".path" << qsizetype(-1) << false << "\"path\" must be a string";
    QTest::addRow("regex not a string") << QByteArray(R"j({"path":"$","regex":true})j") << ".regex" << qsizetype(-1) << false << "\"regex\" must be a string";
    QTest::addRow("unknown key") << QByteArray(R"({"path":"$","group":1})") << ".group" << qsizetype(-1) << true << "unknown key \"group\" (expected path, regex or json)";
    QTest::addRow("unknown odd key") << QByteArray(R"({"path":"$","a b":1})") << "[\"a b\"]" << qsizetype(-1) << true << "unknown key \"a b\"";
    QTest::addRow("invalid regex") << QByteArray(R"j({"path":"$","regex":"n=(\\d+"})j") << ".regex" << qsizetype(6) << false << "invalid regular expression: missing closing parenthesis";
    QTest::addRow("regex without a group") << QByteArray(R"j({"path":"$","regex":"n=\\d+"})j") << ".regex" << qsizetype(-1) << false << "no capture group";
    QTest::addRow("regex with a non-capturing group only") << QByteArray(R"j({"path":"$","regex":"(?:n)"})j") << ".regex" << qsizetype(-1) << false << "no capture group";
    QTest::addRow("regex and json") << QByteArray(R"j({"path":"$","regex":"(a)","json":"$"})j") << "" << qsizetype(-1) << false << "cannot be combined";
    QTest::addRow("bad inner path") << QByteArray(R"({"path":"$.data","json":"$..seq"})") << ".json" << qsizetype(2) << false << "invalid JSON path";
    QTest::addRow("event as inner path") << QByteArray(R"({"path":"$.data","json":"$event"})") << ".json" << qsizetype(0) << false << "$event names the SSE event type";
}

void tst_FieldExtractor::reportsError()
{
    QFETCH(QByteArray, extractor);
    QFETCH(QString, path);
    QFETCH(qsizetype, offset);
    QFETCH(bool, inKey);
    QFETCH(QString, message);
    QList<RuleError> errors;
    QVERIFY(!FieldExtractor::fromJson(json(extractor), &errors));
    QCOMPARE(errors.size(), 1);
    QCOMPARE(errors[0].path, path);
    QCOMPARE(errors[0].offset, offset);
    QCOMPARE(errors[0].inKey, inKey);
    QVERIFY2(errors[0].message.contains(message), qPrintable(errors[0].message));
}

void tst_FieldExtractor::reportsEveryError()
{
    QList<RuleError> errors;
    // Outside the macro: moc's preprocessor counts the parentheses inside a raw string.
    const QJsonValue extractor = json(R"j({"path":"x","regex":"(","foo":1})j");
    QVERIFY(!FieldExtractor::fromJson(extractor, &errors));
    QStringList found;
    for (const RuleError &error : std::as_const(errors))
        found << QStringLiteral("%1@%2").arg(error.path).arg(error.offset);
    QCOMPARE(found, (QStringList{".foo@-1", ".path@0", ".regex@1"}));
}

QTEST_GUILESS_MAIN(tst_FieldExtractor)
#include "tst_fieldextractor.moc"
