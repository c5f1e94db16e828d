#include "panels/jsontextedit.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

// Table edits are splices into the user's JSON text: only the edited value changes, the rest
// keeps its bytes (order, layout, values the table does not show).
class tst_JsonTextEdit : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void set_data();
    void set();
    void remove_data();
    void remove();
    void appendFollowsTheArraysIndentation();
    void appendToAnEmptyArray();
    void refusesTextWithASyntaxError();
    void valueEnd();
};

using Path = JsonTextEdit::Path;

namespace {
Path path(std::initializer_list<QString> keys)
{
    Path result;
    for (const QString &key : keys) {
        bool isIndex = false;
        const int index = key.toInt(&isIndex);
        result.append(isIndex ? JsonTextEdit::Segment{QString(), index} : JsonTextEdit::Segment{key});
    }
    return result;
}
} // namespace

void tst_JsonTextEdit::set_data()
{
    QTest::addColumn<QByteArray>("before");
    QTest::addColumn<Path>("path");
    QTest::addColumn<QJsonValue>("value");
    QTest::addColumn<QByteArray>("after");

    QTest::addRow("replace a number") << QByteArray(R"({ "a": 1, "b": 2 })") << path({"a"}) << QJsonValue(20)
                                      << QByteArray(R"({ "a": 20, "b": 2 })");
    QTest::addRow("replace a string with escapes") << QByteArray(R"({"s": "x\"y", "t": 1})") << path({"s"}) << QJsonValue(QStringLiteral("q\"z"))
                                                   << QByteArray(R"({"s": "q\"z", "t": 1})");
    QTest::addRow("replace an object") << QByteArray("{\n  \"o\": { \"x\": [1, {\"y\": 2}] },\n  \"k\": true\n}") << path({"o"}) << QJsonValue(false)
                                       << QByteArray("{\n  \"o\": false,\n  \"k\": true\n}");
    QTest::addRow("insert into a one-line object") << QByteArray(R"({ "p": { "rampUp": "10s", "hold": "40s" } })") << path({"p", "rampDown"})
                                                   << QJsonValue(QStringLiteral("5s"))
                                                   << QByteArray(R"({ "p": { "rampUp": "10s", "hold": "40s", "rampDown": "5s" } })");
    QTest::addRow("insert into a multi-line object") << QByteArray("{\n    \"a\": 1,\n    \"b\": 2\n}\n") << path({"c"}) << QJsonValue(0.25)
                                                     << QByteArray("{\n    \"a\": 1,\n    \"b\": 2,\n    \"c\": 0.25\n}\n");
    QTest::addRow("insert the missing parents") << QByteArray("{\n  \"g\": [\n    {\n      \"clients\": 5\n    }\n  ]\n}") << path({"g", "0", "send", "rate"})
                                                << QJsonValue(2)
                                                << QByteArray("{\n  \"g\": [\n    {\n      \"clients\": 5,\n      \"send\": { \"rate\": 2 }\n    }\n  ]\n}");
    QTest::addRow("insert into an empty object") << QByteArray(R"({"r": {}})") << path({"r", "jitter"}) << QJsonValue(QStringLiteral("none"))
                                                 << QByteArray(R"({"r": { "jitter": "none" }})");
    QTest::addRow("a parent that is not an object becomes one") << QByteArray(R"({"reconnect": false, "x": 1})") << path({"reconnect", "jitter"})
                                                                << QJsonValue(QStringLiteral("none"))
                                                                << QByteArray(R"({"reconnect": { "jitter": "none" }, "x": 1})");
    QTest::addRow("the kind of object first") << QByteArray(R"({"g": 1})") << path({"churn"})
                                              << QJsonValue(QJsonObject{{QStringLiteral("min"), QStringLiteral("2s")}, {QStringLiteral("session"), QStringLiteral("uniform")}, {QStringLiteral("max"), QStringLiteral("8s")}})
                                              << QByteArray(R"({"g": 1, "churn": { "session": "uniform", "max": "8s", "min": "2s" }})");
    QTest::addRow("non-ASCII text before the value") << QByteArray("{\"d\": \"Grüße – ✓\", \"n\": 1}") << path({"n"}) << QJsonValue(2)
                                                     << QByteArray("{\"d\": \"Grüße – ✓\", \"n\": 2}");
}

void tst_JsonTextEdit::set()
{
    QFETCH(QByteArray, before);
    QFETCH(Path, path);
    QFETCH(QJsonValue, value);
    QFETCH(QByteArray, after);
    JsonTextEdit edit(before);
    QVERIFY2(edit.set(path, value), qPrintable(edit.errorString()));
    QCOMPARE(edit.text(), after);
    QJsonParseError error;
    QJsonDocument::fromJson(edit.text(), &error);
    QCOMPARE(error.error, QJsonParseError::NoError);
}

void tst_JsonTextEdit::remove_data()
{
    QTest::addColumn<QByteArray>("before");
    QTest::addColumn<Path>("path");
    QTest::addColumn<QByteArray>("after");

    QTest::addRow("first member, one line") << QByteArray(R"({ "a": 1, "b": 2 })") << path({"a"}) << QByteArray(R"({ "b": 2 })");
    QTest::addRow("last member, one line") << QByteArray(R"({ "a": 1, "b": 2 })") << path({"b"}) << QByteArray(R"({ "a": 1 })");
    QTest::addRow("middle member, multi-line") << QByteArray("{\n  \"a\": 1,\n  \"b\": { \"x\": 1 },\n  \"c\": 3\n}")
                                               << path({"b"}) << QByteArray("{\n  \"a\": 1,\n  \"c\": 3\n}");
    QTest::addRow("last member, multi-line") << QByteArray("{\n  \"a\": 1,\n  \"c\": 3\n}") << path({"c"}) << QByteArray("{\n  \"a\": 1\n}");
    QTest::addRow("only member") << QByteArray(R"({"o": { "x": 1 }})") << path({"o", "x"}) << QByteArray(R"({"o": {}})");
    QTest::addRow("array element") << QByteArray("{\"g\": [\n  {\"n\": 1},\n  {\"n\": 2},\n  {\"n\": 3}\n]}") << path({"g", "1"})
                                   << QByteArray("{\"g\": [\n  {\"n\": 1},\n  {\"n\": 3}\n]}");
    QTest::addRow("only array element") << QByteArray(R"({"g": [ {"n": 1} ]})") << path({"g", "0"}) << QByteArray(R"({"g": []})");
    QTest::addRow("absent: nothing to do") << QByteArray(R"({"a": 1})") << path({"zzz"}) << QByteArray(R"({"a": 1})");
}

void tst_JsonTextEdit::remove()
{
    QFETCH(QByteArray, before);
    QFETCH(Path, path);
    QFETCH(QByteArray, after);
    JsonTextEdit edit(before);
    QVERIFY2(edit.remove(path), qPrintable(edit.errorString()));
    QCOMPARE(edit.text(), after);
}

void tst_JsonTextEdit::appendFollowsTheArraysIndentation()
{
    const QByteArray before = "{\n  \"groups\": [\n    {\n      \"clients\": 1\n    }\n  ]\n}\n";
    JsonTextEdit edit(before);
    QVERIFY(edit.append(path({"groups"}), {{QStringLiteral("name"), QStringLiteral("b")}, {QStringLiteral("clients"), 2}}));
    QCOMPARE(edit.text(), QByteArray("{\n  \"groups\": [\n    {\n      \"clients\": 1\n    },\n    {\n      \"name\": \"b\",\n      \"clients\": 2\n    }\n  ]\n}\n"));
}

void tst_JsonTextEdit::appendToAnEmptyArray()
{
    JsonTextEdit edit(QByteArray("{\n  \"groups\": []\n}"));
    QVERIFY(edit.append(path({"groups"}), {{QStringLiteral("clients"), 2}}));
    QCOMPARE(edit.text(), QByteArray("{\n  \"groups\": [\n    {\n      \"clients\": 2\n    }\n  ]\n}"));
    JsonTextEdit missing(QByteArray(R"({"name": "x"})"));
    QVERIFY(missing.append(path({"groups"}), {{QStringLiteral("clients"), 2}}));
    const QJsonArray groups = QJsonDocument::fromJson(missing.text()).object().value(QLatin1String("groups")).toArray();
    QCOMPARE(groups.size(), 1);
    QCOMPARE(groups.at(0).toObject().value(QLatin1String("clients")).toInt(), 2);
}

void tst_JsonTextEdit::refusesTextWithASyntaxError()
{
    const QByteArray broken = R"({"a": 1, "b": })";
    JsonTextEdit edit(broken);
    QVERIFY(!edit.set(path({"a"}), 2));
    QVERIFY(edit.errorString().contains(QLatin1String("syntax error")));
    QCOMPARE(edit.text(), broken);
}

void tst_JsonTextEdit::valueEnd()
{
    const QByteArray text = R"({"s": "a]}\"", "n": -1.5e3, "o": {"x": "}"}})";
    QCOMPARE(JsonTextEdit::valueEnd(text, 6), qsizetype(text.indexOf(", \"n\"")));
    QCOMPARE(JsonTextEdit::valueEnd(text, text.indexOf("-1.5")), qsizetype(text.indexOf(", \"o\"")));
    QCOMPARE(JsonTextEdit::valueEnd(text, text.indexOf("{\"x\"")), qsizetype(text.size() - 1));
}

QTEST_MAIN(tst_JsonTextEdit)
#include "tst_jsontextedit.moc"
