#include "message/messagetemplate.h"
#include "message/templatecontext.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

#include <limits>
#include <set>

using Placeholder = MessageTemplate::Placeholder;

namespace {

// Test input written as JSON text; a scalar is read as the one element of an array.
QJsonValue json(const QByteArray &text)
{
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson('[' + text + ']', &error);
    if (error.error != QJsonParseError::NoError || document.array().size() != 1)
        qFatal("bad test JSON: %s", text.constData());
    return document.array().first();
}

// Whether `bytes` is one JSON value, as a peer would parse it.
bool isValidJson(const QByteArray &bytes)
{
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson('[' + bytes + ']', &error);
    return error.error == QJsonParseError::NoError && document.array().size() == 1;
}

TemplateContext sampleContext()
{
    TemplateContext context;
    context.client = 7;
    context.group = QStringLiteral("chatters");
    context.channel = QStringLiteral("room-1");
    context.seq = 42;
    context.sentAtUs = 1700000000123456;
    context.nowMs = 1700000000123;
    context.uuid = QStringLiteral("0b5a2c1e-8f3d-4c6b-9a7e-2d1f0e3c4b5a");
    context.lastEventId = QStringLiteral("ev-9");
    context.lastSeq = 41;
    return context;
}

QString errorsText(const QList<RuleError> &errors)
{
    QStringList lines;
    for (const RuleError &error : errors)
        lines << error.toString();
    return lines.join(u'\n');
}

} // namespace

class tst_MessageTemplate : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void rendersEachPlaceholder_data();
    void rendersEachPlaceholder();
    void rendersJson_data();
    void rendersJson();
    void jsonWithoutPlaceholdersIsQtsCompactJson();
    void escapesSubstitutedStringsInJson_data();
    void escapesSubstitutedStringsInJson();
    void textFormIsNotEscaped();
    void base64FormIsDecodedAtLoad();
    void urlTextPercentEncodesOnlyValues();
    void uses_data();
    void uses();
    void reportsErrorWithPathAndOffset_data();
    void reportsErrorWithPathAndOffset();
    void unknownPlaceholderMessageListsTheNames();
    void reportsEveryError();
    void randomStaysWithinBounds_data();
    void randomStaysWithinBounds();
    void randomIsReproducibleFromTheSeed();
    void textHasExactLength_data();
    void textHasExactLength();
    void defaultTemplateRendersNothing();
};

void tst_MessageTemplate::rendersEachPlaceholder_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QByteArray>("expected");
    QTest::addRow("client") << "c={{client}}" << QByteArray("c=7");
    QTest::addRow("group") << "{{group}}" << QByteArray("chatters");
    QTest::addRow("channel") << "{{channel}}" << QByteArray("room-1");
    QTest::addRow("seq") << "{{seq}}" << QByteArray("42");
    QTest::addRow("sentAt") << "{{sentAt}}" << QByteArray("1700000000123456");
    QTest::addRow("now") << "{{now}}" << QByteArray("1700000000123");
    QTest::addRow("uuid") << "{{uuid}}" << QByteArray("0b5a2c1e-8f3d-4c6b-9a7e-2d1f0e3c4b5a");
    QTest::addRow("uuid twice is one value") << "{{uuid}}/{{uuid}}"
        << QByteArray("0b5a2c1e-8f3d-4c6b-9a7e-2d1f0e3c4b5a/0b5a2c1e-8f3d-4c6b-9a7e-2d1f0e3c4b5a");
    QTest::addRow("lastEventId") << "{{lastEventId}}" << QByteArray("ev-9");
    QTest::addRow("lastSeq") << "{{lastSeq}}" << QByteArray("41");
    QTest::addRow("random A == B") << "{{random 5 5}}" << QByteArray("5");
    QTest::addRow("random negative A == B") << "{{random -3 -3}}" << QByteArray("-3");
    QTest::addRow("text N") << "{{text 30}}" << QByteArray("abcdefghijklmnopqrstuvwxyzabcd");
    QTest::addRow("text 0") << "[{{text 0}}]" << QByteArray("[]");
    QTest::addRow("spaces inside braces") << "{{ seq }}|{{  random   2   2  }}" << QByteArray("42|2");
    QTest::addRow("several in a row") << "{{client}}{{seq}}{{lastSeq}}" << QByteArray("74241");
    QTest::addRow("closing braces alone are literal") << "}} {{seq}}}}" << QByteArray("}} 42}}");
    QTest::addRow("single braces are literal") << "{x} {{seq}}}" << QByteArray("{x} 42}");
    QTest::addRow("no placeholder") << "plain" << QByteArray("plain");
    QTest::addRow("literal UTF-8 kept") << "h\u00e9 \u2713 {{seq}}" << QByteArray("h\xC3\xA9 \xE2\x9C\x93 42");
}

void tst_MessageTemplate::rendersEachPlaceholder()
{
    QFETCH(QString, text);
    QFETCH(QByteArray, expected);
    QList<RuleError> errors;
    const std::optional<MessageTemplate> compiled = MessageTemplate::fromText(text, &errors);
    QVERIFY2(compiled, qPrintable(errorsText(errors)));
    QVERIFY(errors.isEmpty());
    QCOMPARE(compiled->kind(), MessageTemplate::Kind::Text);
    SplitMix64 random(1);
    TemplateContext context = sampleContext();
    context.random = &random;
    QCOMPARE(compiled->render(context), expected);
}

void tst_MessageTemplate::rendersJson_data()
{
    QTest::addColumn<QByteArray>("source");
    QTest::addColumn<QByteArray>("expected");
    QTest::addColumn<MessageTemplate::Kind>("kind");
    const auto Json = MessageTemplate::Kind::Json;

    // Numeric coercion: a string that is exactly one numeric placeholder becomes a number.
    QTest::addRow("numeric placeholder becomes a number")
        << QByteArray(R"({"seq":"{{seq}}","c":"{{client}}","t":"{{sentAt}}","n":"{{now}}","l":"{{lastSeq}}","r":"{{random 3 3}}"})")
        << QByteArray(R"({"c":7,"l":41,"n":1700000000123,"r":3,"seq":42,"t":1700000000123456})") << Json;
    QTest::addRow("spaces inside the braces still a number") << QByteArray(R"({"s":"{{ seq }}"})") << QByteArray(R"({"s":42})") << Json;
    QTest::addRow("spaces outside the braces: a string") << QByteArray(R"({"s":" {{seq}} "})") << QByteArray(R"({"s":" 42 "})") << Json;
    QTest::addRow("two numbers: a string") << QByteArray(R"({"s":"{{client}}-{{seq}}"})") << QByteArray(R"({"s":"7-42"})") << Json;
    QTest::addRow("string placeholders stay strings")
        << QByteArray(R"({"g":"{{group}}","u":"{{uuid}}","e":"{{lastEventId}}","x":"{{text 3}}"})")
        << QByteArray(R"({"e":"ev-9","g":"chatters","u":"0b5a2c1e-8f3d-4c6b-9a7e-2d1f0e3c4b5a","x":"abc"})") << Json;
    QTest::addRow("top-level numeric string") << QByteArray(R"("{{seq}}")") << QByteArray("42") << Json;
    QTest::addRow("top-level string") << QByteArray(R"("seq {{seq}}")") << QByteArray(R"("seq 42")") << Json;
    QTest::addRow("array") << QByteArray(R"(["{{seq}}",["{{channel}}"],{}])") << QByteArray(R"([42,["room-1"],{}])") << Json;
    QTest::addRow("key with a placeholder") << QByteArray(R"({"{{channel}}":{"n-{{seq}}":true}})")
        << QByteArray(R"({"room-1":{"n-42":true}})") << Json;
    QTest::addRow("key that is one numeric placeholder stays a string") << QByteArray(R"({"{{seq}}":"{{seq}}"})")
        << QByteArray(R"({"42":42})") << Json;
    QTest::addRow("scalars") << QByteArray(R"({"a":1.5,"b":true,"c":null,"d":-0.25,"e":false,"f":9007199254740993,"g":1e300})")
        << QByteArray(R"({"a":1.5,"b":true,"c":null,"d":-0.25,"e":false,"f":9007199254740993,"g":1e+300})") << Json;
    QTest::addRow("literal escapes kept") << QByteArray(R"({"q":"say \"hi\"\n\\ \u0001 {{seq}}"})")
        << QByteArray(R"({"q":"say \"hi\"\n\\ \u0001 42"})") << Json;
    QTest::addRow("number alone") << QByteArray("17") << QByteArray("17") << Json;
    QTest::addRow("null alone") << QByteArray("null") << QByteArray("null") << Json;
    // The special forms, and what is not one of them.
    QTest::addRow("json form") << QByteArray(R"({"json":{"text":"{{seq}}"}})") << QByteArray(R"({"text":42})") << Json;
    QTest::addRow("json form of a scalar") << QByteArray(R"({"json":"{{seq}}"})") << QByteArray("42") << Json;
    QTest::addRow("text that is not a string") << QByteArray(R"({"text":5})") << QByteArray(R"({"text":5})") << Json;
    QTest::addRow("text with another key") << QByteArray(R"({"text":"{{seq}}","b":1})") << QByteArray(R"({"b":1,"text":42})") << Json;
    QTest::addRow("base64 that is not a string") << QByteArray(R"({"base64":[1]})") << QByteArray(R"({"base64":[1]})") << Json;
    QTest::addRow("text form") << QByteArray(R"({"text":"{\"seq\":{{seq}}}"})") << QByteArray(R"({"seq":42})")
                               << MessageTemplate::Kind::Text;
    QTest::addRow("base64 form") << QByteArray(R"({"base64":"aGk="})") << QByteArray("hi") << MessageTemplate::Kind::Binary;
}

void tst_MessageTemplate::rendersJson()
{
    QFETCH(QByteArray, source);
    QFETCH(QByteArray, expected);
    QFETCH(MessageTemplate::Kind, kind);
    QList<RuleError> errors;
    const std::optional<MessageTemplate> compiled = MessageTemplate::fromJson(json(source), &errors);
    QVERIFY2(compiled, qPrintable(errorsText(errors)));
    QCOMPARE(compiled->kind(), kind);
    SplitMix64 random(1);
    TemplateContext context = sampleContext();
    context.random = &random;
    const QByteArray rendered = compiled->render(context);
    QCOMPARE(rendered, expected);
    if (kind == MessageTemplate::Kind::Json)
        QVERIFY2(isValidJson(rendered), rendered.constData());
}

// Without placeholders the template is its JSON value, byte for byte as Qt writes it.
void tst_MessageTemplate::jsonWithoutPlaceholdersIsQtsCompactJson()
{
    const QByteArray source = R"({"type":"chat.message","payload":{"text":"h\u00e9 \"q\" \\ \t","n":[1,2.5,-3e-7,null,true,{}],)"
                              R"("big":1.7976931348623157e308,"nested":[[[]]],"empty":"","unicode":"\u2713 \ud83d\ude00"}})";
    const QJsonValue value = json(source);
    const std::optional<MessageTemplate> compiled = MessageTemplate::fromJson(value, nullptr);
    QVERIFY(compiled);
    QCOMPARE(compiled->render(sampleContext()), QJsonDocument(value.toObject()).toJson(QJsonDocument::Compact));
}

void tst_MessageTemplate::escapesSubstitutedStringsInJson_data()
{
    QTest::addColumn<QString>("group");
    QTest::addColumn<QByteArray>("expected"); // the rendered {"g":"{{group}}","k":{"{{group}}":1}}
    QTest::addRow("quote") << QStringLiteral("a\"b") << QByteArray(R"({"g":"a\"b","k":{"a\"b":1}})");
    QTest::addRow("backslash") << QStringLiteral("a\\b") << QByteArray(R"({"g":"a\\b","k":{"a\\b":1}})");
    QTest::addRow("named controls") << QStringLiteral("\b\f\n\r\t") << QByteArray(R"({"g":"\b\f\n\r\t","k":{"\b\f\n\r\t":1}})");
    QTest::addRow("other controls") << QString::fromUtf16(u"\x01\x1f\x7f") << QByteArray("{\"g\":\"\\u0001\\u001f\x7f\",\"k\":{\"\\u0001\\u001f\x7f\":1}}");
    QTest::addRow("nul") << QString(QChar(0)) << QByteArray(R"({"g":"\u0000","k":{"\u0000":1}})");
    QTest::addRow("UTF-8 as is") << QStringLiteral("h\u00e9\u2713") << QByteArray("{\"g\":\"h\xC3\xA9\xE2\x9C\x93\",\"k\":{\"h\xC3\xA9\xE2\x9C\x93\":1}}");
    QTest::addRow("placeholder text is not re-read") << QStringLiteral("{{seq}}") << QByteArray(R"({"g":"{{seq}}","k":{"{{seq}}":1}})");
    QTest::addRow("empty") << QString() << QByteArray(R"({"g":"","k":{"":1}})");
}

void tst_MessageTemplate::escapesSubstitutedStringsInJson()
{
    QFETCH(QString, group);
    QFETCH(QByteArray, expected);
    const std::optional<MessageTemplate> compiled = MessageTemplate::fromJson(json(R"({"g":"{{group}}","k":{"{{group}}":1}})"), nullptr);
    QVERIFY(compiled);
    TemplateContext context = sampleContext();
    context.group = group;
    const QByteArray rendered = compiled->render(context);
    QCOMPARE(rendered, expected);
    // And a JSON parser reads back exactly the name.
    const QJsonObject parsed = QJsonDocument::fromJson(rendered).object();
    QCOMPARE(parsed.value(u"g").toString(), group);
    QCOMPARE(parsed.value(u"k").toObject().keys(), QStringList{group});
}

void tst_MessageTemplate::textFormIsNotEscaped()
{
    const std::optional<MessageTemplate> compiled = MessageTemplate::fromJson(json(R"({"text":"JOIN {{channel}} \"{{group}}\"\n"})"), nullptr);
    QVERIFY(compiled);
    QCOMPARE(compiled->kind(), MessageTemplate::Kind::Text);
    TemplateContext context = sampleContext();
    context.channel = QStringLiteral("a\"b\\c\nd");
    QCOMPARE(compiled->render(context), QByteArray("JOIN a\"b\\c\nd \"chatters\"\n"));
}

void tst_MessageTemplate::base64FormIsDecodedAtLoad()
{
    const std::optional<MessageTemplate> compiled = MessageTemplate::fromJson(json(R"({"base64":"AAEC/3t7c2VxfX0="})"), nullptr);
    QVERIFY(compiled);
    QCOMPARE(compiled->kind(), MessageTemplate::Kind::Binary);
    // The decoded bytes happen to spell {{seq}}: they are data, not a placeholder.
    QCOMPARE(compiled->render(sampleContext()), QByteArray("\x00\x01\x02\xff{{seq}}", 11));
    QVERIFY(!compiled->uses(Placeholder::Seq));

    const std::optional<MessageTemplate> empty = MessageTemplate::fromJson(json(R"({"base64":""})"), nullptr);
    QVERIFY(empty);
    QCOMPARE(empty->kind(), MessageTemplate::Kind::Binary);
    QVERIFY(empty->render(sampleContext()).isEmpty());
}

void tst_MessageTemplate::urlTextPercentEncodesOnlyValues()
{
    const QString text = QStringLiteral("ws://h:1/ws/{{channel}}?g={{group}}&n={{seq}}&x=a%20b&y=\u00e9&id={{lastEventId}}");
    TemplateContext context = sampleContext();
    context.channel = QStringLiteral("a b/c");
    context.group = QStringLiteral("x&y=z?#\u00e9-._~");
    context.lastEventId = QStringLiteral("100%");

    const std::optional<MessageTemplate> url = MessageTemplate::fromUrlText(text, nullptr);
    QVERIFY(url);
    QCOMPARE(url->kind(), MessageTemplate::Kind::Text);
    QCOMPARE(url->render(context),
             QByteArray("ws://h:1/ws/a%20b%2Fc?g=x%26y%3Dz%3F%23%C3%A9-._~&n=42&x=a%20b&y=\xC3\xA9&id=100%25"));

    // fromText() substitutes the same values as they are.
    const std::optional<MessageTemplate> plain = MessageTemplate::fromText(text, nullptr);
    QVERIFY(plain);
    QCOMPARE(plain->render(context),
             QByteArray("ws://h:1/ws/a b/c?g=x&y=z?#\xC3\xA9-._~&n=42&x=a%20b&y=\xC3\xA9&id=100%"));
}

void tst_MessageTemplate::uses_data()
{
    QTest::addColumn<QByteArray>("source");
    QTest::addColumn<QList<int>>("used");
    QTest::addRow("none") << QByteArray(R"({"a":1})") << QList<int>{};
    QTest::addRow("all")
        << QByteArray(R"(["{{client}}","{{group}}","{{channel}}","{{seq}}","{{sentAt}}","{{now}}","{{uuid}}","{{random 1 2}}","{{text 1}}","{{lastEventId}}","{{lastSeq}}"])")
        << QList<int>{int(Placeholder::Client), int(Placeholder::Group), int(Placeholder::Channel), int(Placeholder::Seq),
                      int(Placeholder::SentAt), int(Placeholder::Now), int(Placeholder::Uuid), int(Placeholder::Random),
                      int(Placeholder::Text), int(Placeholder::LastEventId), int(Placeholder::LastSeq)};
    QTest::addRow("in a key") << QByteArray(R"({"{{uuid}}":1})") << QList<int>{int(Placeholder::Uuid)};
    QTest::addRow("text form") << QByteArray(R"({"text":"{{seq}} {{now}}"})") << QList<int>{int(Placeholder::Seq), int(Placeholder::Now)};
}

void tst_MessageTemplate::uses()
{
    QFETCH(QByteArray, source);
    QFETCH(QList<int>, used);
    const std::optional<MessageTemplate> compiled = MessageTemplate::fromJson(json(source), nullptr);
    QVERIFY(compiled);
    for (int p = int(Placeholder::Client); p <= int(Placeholder::LastSeq); ++p)
        QVERIFY2(compiled->uses(Placeholder(p)) == used.contains(p), qPrintable(QStringLiteral("placeholder %1").arg(p)));
}

void tst_MessageTemplate::reportsErrorWithPathAndOffset_data()
{
    QTest::addColumn<QByteArray>("source");
    QTest::addColumn<QString>("path");
    QTest::addColumn<qsizetype>("offset");
    QTest::addColumn<bool>("inKey");
    QTest::addColumn<QString>("message");

    QTest::addRow("unknown") << QByteArray(R"("x {{sequence}}")") << "" << qsizetype(2) << false << "unknown placeholder \"{{sequence}}\"";
    QTest::addRow("names are case-sensitive") << QByteArray(R"("{{Seq}}")") << "" << qsizetype(0) << false << "unknown placeholder \"{{Seq}}\"";
    QTest::addRow("three braces") << QByteArray(R"("{{{seq}}}")") << "" << qsizetype(0) << false << "unknown placeholder \"{{{seq}}\"";
    QTest::addRow("empty") << QByteArray(R"({"a":"x{{}}"})") << ".a" << qsizetype(1) << false << "empty placeholder \"{{}}\"";
    QTest::addRow("only spaces") << QByteArray(R"({"a":"{{   }}"})") << ".a" << qsizetype(0) << false << "empty placeholder \"{{   }}\"";
    QTest::addRow("unterminated") << QByteArray(R"({"a":"ab{{seq"})") << ".a" << qsizetype(2) << false << "unterminated placeholder";
    QTest::addRow("unterminated after a good one") << QByteArray(R"({"a":"{{seq}} {{"})") << ".a" << qsizetype(8) << false << "unterminated placeholder";
    QTest::addRow("argument to seq") << QByteArray(R"("{{seq 1}}")") << "" << qsizetype(0) << false << "seq takes no arguments";
    QTest::addRow("argument to uuid") << QByteArray(R"("{{uuid x}}")") << "" << qsizetype(0) << false << "uuid takes no arguments";
    QTest::addRow("random with one") << QByteArray(R"("{{random 1}}")") << "" << qsizetype(0) << false << "random takes two integers (random A B)";
    QTest::addRow("random with three") << QByteArray(R"("{{random 1 2 3}}")") << "" << qsizetype(0) << false << "random takes two integers";
    QTest::addRow("random with none") << QByteArray(R"("{{random}}")") << "" << qsizetype(0) << false << "random takes two integers";
    QTest::addRow("text without N") << QByteArray(R"("{{text}}")") << "" << qsizetype(0) << false << "text takes one integer (text N)";
    QTest::addRow("random not an integer") << QByteArray(R"("{{random a 5}}")") << "" << qsizetype(0) << false << "\"a\" is not an integer";
    QTest::addRow("random plus sign") << QByteArray(R"("{{random +1 5}}")") << "" << qsizetype(0) << false << "\"+1\" is not an integer";
    QTest::addRow("random overflow") << QByteArray(R"("{{random 1 9223372036854775808}}")") << "" << qsizetype(0) << false << "\"9223372036854775808\" is not an integer";
    QTest::addRow("text fraction") << QByteArray(R"("{{text 1.5}}")") << "" << qsizetype(0) << false << "\"1.5\" is not an integer";
    QTest::addRow("text hex") << QByteArray(R"("{{text 0x10}}")") << "" << qsizetype(0) << false << "\"0x10\" is not an integer";
    QTest::addRow("random A > B") << QByteArray(R"("{{random 9 1}}")") << "" << qsizetype(0) << false << "A is greater than B";
    QTest::addRow("text too long") << QByteArray(R"("{{text 16777217}}")") << "" << qsizetype(0) << false << "N must be between 0 and 16777216";
    QTest::addRow("text negative") << QByteArray(R"("{{text -1}}")") << "" << qsizetype(0) << false << "N must be between 0 and 16777216";
    QTest::addRow("in a key") << QByteArray(R"({"x{{bad}}":1})") << "[\"x{{bad}}\"]" << qsizetype(1) << true << "unknown placeholder \"{{bad}}\"";
    QTest::addRow("nested") << QByteArray(R"({"user":{"names":["ok","{{nope}}"]}})") << ".user.names[1]" << qsizetype(0) << false << "unknown placeholder";
    QTest::addRow("key needing brackets") << QByteArray(R"({"a b":{"c\"d":"{{nope}}"}})") << "[\"a b\"][\"c\\\"d\"]" << qsizetype(0) << false << "unknown placeholder";
    QTest::addRow("json form") << QByteArray(R"({"json":{"a":"{{x}}"}})") << ".json.a" << qsizetype(0) << false << "unknown placeholder";
    QTest::addRow("text form") << QByteArray(R"({"text":"hi {{x}}"})") << ".text" << qsizetype(3) << false << "unknown placeholder \"{{x}}\"";
    QTest::addRow("invalid base64") << QByteArray(R"({"base64":"AA*A"})") << ".base64" << qsizetype(2) << false << "invalid base64";
    QTest::addRow("base64 padding inside") << QByteArray(R"({"base64":"AA==AA=="})") << ".base64" << qsizetype(-1) << false << "invalid base64";
    QTest::addRow("base64 with a placeholder") << QByteArray(R"({"base64":"AA{{seq}}"})") << ".base64" << qsizetype(2) << false << "a base64 frame takes no placeholders";
    QTest::addRow("long placeholder is cut in the message") << ('"' + QByteArray("{{") + QByteArray(100, 'x') + "}}\"") << ""
        << qsizetype(0) << false << "unknown placeholder \"{{" + QString(55, u'x') + "...\" (";
}

void tst_MessageTemplate::reportsErrorWithPathAndOffset()
{
    QFETCH(QByteArray, source);
    QFETCH(QString, path);
    QFETCH(qsizetype, offset);
    QFETCH(bool, inKey);
    QFETCH(QString, message);
    QList<RuleError> errors{{QStringLiteral(".earlier"), 0, QStringLiteral("kept"), false}};
    QVERIFY(!MessageTemplate::fromJson(json(source), &errors));
    QCOMPARE(errors.size(), 2); // appended to what was there
    const RuleError &error = errors[1];
    QCOMPARE(error.path, path);
    QCOMPARE(error.offset, offset);
    QCOMPARE(error.inKey, inKey);
    QVERIFY2(error.message.contains(message), qPrintable(error.message));
    // Without a list to report to, the template still fails.
    QVERIFY(!MessageTemplate::fromJson(json(source), nullptr));
}

void tst_MessageTemplate::unknownPlaceholderMessageListsTheNames()
{
    QList<RuleError> errors;
    QVERIFY(!MessageTemplate::fromText(QStringLiteral("{{sequence}}"), &errors));
    QCOMPARE(errors.size(), 1);
    QCOMPARE(errors[0].message,
             QStringLiteral("unknown placeholder \"{{sequence}}\" (expected client, group, channel, seq, sentAt, now, uuid, "
                            "random A B, text N, lastEventId or lastSeq)"));
    QCOMPARE(errors[0].toString(QStringLiteral("$.groups[0].url")),
             QStringLiteral("$.groups[0].url, character 0: ") + errors[0].message);
}

void tst_MessageTemplate::reportsEveryError()
{
    QList<RuleError> errors;
    QVERIFY(!MessageTemplate::fromJson(
        json(R"({"a":"{{x}}","b":["{{seq 1}}","ok {{random 2 1}} and {{y"],"{{k}}":"{{z}} {{w}}","fine":"{{seq}}"})"), &errors));
    QStringList found;
    for (const RuleError &error : std::as_const(errors))
        found << QStringLiteral("%1%2@%3").arg(error.path, error.inKey ? QStringLiteral("(key)") : QString()).arg(error.offset);
    // Members in QJsonObject's (sorted) key order; within a string, left to right.
    QCOMPARE(found, (QStringList{".a@0", ".b[0]@0", ".b[1]@3", ".b[1]@22", "[\"{{k}}\"](key)@0",
                                 "[\"{{k}}\"]@0", "[\"{{k}}\"]@6"}));

    errors.clear();
    QVERIFY(!MessageTemplate::fromText(QStringLiteral("{{a}} {{seq}} {{b}}"), &errors));
    QCOMPARE(errors.size(), 2);
    QCOMPARE(errors[0].offset, 0);
    QCOMPARE(errors[1].offset, 14);
}

void tst_MessageTemplate::randomStaysWithinBounds_data()
{
    QTest::addColumn<qint64>("low");
    QTest::addColumn<qint64>("high");
    constexpr qint64 min = std::numeric_limits<qint64>::min();
    constexpr qint64 max = std::numeric_limits<qint64>::max();
    QTest::addRow("die") << qint64(1) << qint64(6);
    QTest::addRow("around zero") << qint64(-5) << qint64(5);
    QTest::addRow("negative") << qint64(-3) << qint64(-1);
    QTest::addRow("two values") << qint64(0) << qint64(1);
    QTest::addRow("top of the range") << max - 2 << max;
    QTest::addRow("bottom of the range") << min << min + 2;
    QTest::addRow("whole 64-bit range") << min << max;
    QTest::addRow("wide, not a power of two") << qint64(-1000000000000) << qint64(3000000000001);
}

void tst_MessageTemplate::randomStaysWithinBounds()
{
    QFETCH(qint64, low);
    QFETCH(qint64, high);
    const std::optional<MessageTemplate> compiled =
        MessageTemplate::fromText(QStringLiteral("{{random %1 %2}}").arg(low).arg(high), nullptr);
    QVERIFY(compiled);
    SplitMix64 random(20240601);
    TemplateContext context;
    context.random = &random;
    std::set<qint64> seen;
    constexpr int renders = 20000;
    for (int i = 0; i < renders; ++i) {
        bool ok = false;
        const qint64 value = compiled->render(context).toLongLong(&ok);
        QVERIFY(ok);
        QVERIFY2(value >= low && value <= high, qPrintable(QString::number(value)));
        seen.insert(value);
    }
    const quint64 span = quint64(high) - quint64(low);
    if (span < 16) {
        QCOMPARE(seen.size(), size_t(span + 1)); // every value comes up
    } else {
        QVERIFY(seen.size() > renders * 9 / 10); // a wide range almost never repeats
    }
}

void tst_MessageTemplate::randomIsReproducibleFromTheSeed()
{
    const std::optional<MessageTemplate> compiled = MessageTemplate::fromJson(json(R"(["{{random 1 1000000}}","{{random -50 50}}"])"), nullptr);
    QVERIFY(compiled);
    const auto run = [&](quint64 seed) {
        SplitMix64 random(seed);
        TemplateContext context;
        context.random = &random;
        QByteArrayList out;
        for (int i = 0; i < 50; ++i)
            out << compiled->render(context);
        return out;
    };
    QCOMPARE(run(7), run(7));
    QVERIFY(run(7) != run(8));
    const QByteArrayList values = run(7);
    QVERIFY(std::any_of(values.cbegin(), values.cend(), [&](const QByteArray &v) { return v != values.first(); }));
}

void tst_MessageTemplate::textHasExactLength_data()
{
    QTest::addColumn<qint64>("length");
    for (qint64 n : {0, 1, 25, 26, 27, 4159, 4160, 4161, 100000})
        QTest::addRow("%lld", n) << n;
    QTest::addRow("16 MiB") << MessageTemplate::maxTextLength;
}

void tst_MessageTemplate::textHasExactLength()
{
    QFETCH(qint64, length);
    const std::optional<MessageTemplate> compiled = MessageTemplate::fromJson(json(QStringLiteral(R"({"t":"{{text %1}}"})").arg(length).toUtf8()), nullptr);
    QVERIFY(compiled);
    const QByteArray rendered = compiled->render(sampleContext());
    QCOMPARE(rendered.size(), length + qsizetype(sizeof R"({"t":""})") - 1);
    const QByteArray filler = rendered.sliced(6, length);
    // The alphabet runs on unbroken, also across the filler's internal blocks.
    for (qsizetype i = 0; i < filler.size(); i += (i < 10000 ? 1 : 997)) {
        if (filler[i] != char('a' + i % 26))
            QFAIL(qPrintable(QStringLiteral("byte %1 is '%2'").arg(i).arg(QChar::fromLatin1(filler[i]))));
    }
    if (length > 0)
        QCOMPARE(filler.back(), char('a' + (length - 1) % 26));
}

void tst_MessageTemplate::defaultTemplateRendersNothing()
{
    const MessageTemplate empty;
    QCOMPARE(empty.kind(), MessageTemplate::Kind::Text);
    QVERIFY(empty.render(sampleContext()).isEmpty());
    QVERIFY(!empty.uses(Placeholder::Seq));
}

QTEST_GUILESS_MAIN(tst_MessageTemplate)
#include "tst_messagetemplate.moc"
