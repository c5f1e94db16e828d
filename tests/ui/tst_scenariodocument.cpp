#include "panels/grouptablemodel.h"
#include "panels/scenariodocument.h"
#include "scenario/scenarioloader.h"

#include <QFile>
#include <QFont>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace std::chrono_literals;

// The scenario editor's document and its group table: edits through the model change exactly the
// edited keys of the JSON text, and the text re-loads through ScenarioLoader to the new values.
class tst_ScenarioDocument : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void newDocumentIsValid();
    void editsThroughTheModelRoundTripToJson();
    void insertsMissingObjects();
    void reconnectOffAndOn();
    void refusesInputOfTheWrongKind_data();
    void refusesInputOfTheWrongKind();
    void churnText_data();
    void churnText();
    void addAndRemoveGroups();
    void syntaxErrorStopsEditsAndNamesTheLine();
    void schemaErrorNamesLineAndPath();
    void saveAndLoadRoundTrip();
    void unreadableFileAndUnknownBuiltIn();
    void nameAndTarget();
    void oddShapesAreEditedOrRefusedNeverBroken_data();
    void oddShapesAreEditedOrRefusedNeverBroken();
    void ownServerGroupIsSummarised();
    void urlColumn_data();
    void urlColumn();
    void sendsColumn_data();
    void sendsColumn();
    void tableEditsKeepTheOwnServerKeys();
};

namespace {

QByteArray builtInText(const QString &name)
{
    QFile file(QStringLiteral(":/scenarios/%1.json").arg(name));
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

QJsonObject parse(const QByteArray &text)
{
    return QJsonDocument::fromJson(text).object();
}

// resources/scenarios/examples/chat-broadcast.json as it was written, with the other keys a group
// for the user's own server may have (subprotocols, headers, onOpen).
const QByteArray chatBroadcast(R"({
  "name": "chat-broadcast",
  "duration": "30s",
  "groups": [
    {
      "name": "chatters",
      "protocol": "ws",
      "clients": 50,
      "url": "ws://127.0.0.1:3000/",
      "subprotocols": ["chat.v1"],
      "headers": {"X-Room": "{{channel}}"},
      "phases": {"rampUp": "5s"},
      "onOpen": [{"send": {"type": "join", "room": "{{channel}}"}}, {"expect": {"$.type": "joined"}, "timeout": "3s"}],
      "send": {
        "rate": 2,
        "template": {"type": "message", "user": "{{client}}", "text": "{{seq}}|{{sentAt}}|hello from {{group}}"}
      },
      "receive": {
        "match": {"$.type": "message"},
        "sender": "$.user",
        "seq": {"path": "$.text", "regex": "^(\\d+)\\|"},
        "sentAt": {"path": "$.text", "regex": "^\\d+\\|(\\d+)\\|"},
        "serverTime": "$.timestamp",
        "expect": "all"
      }
    }
  ]
}
)");

QString longUrl()
{
    return QStringLiteral("https://stream.example.test/v1/organisations/{{group}}/channels/{{channel}}/events"
                          "?since=0&include=presence,typing,reactions&format=json");
}

bool isItalic(const GroupTableModel &model, int row, int column)
{
    return model.data(model.index(row, column), Qt::FontRole).value<QFont>().italic();
}

} // namespace

void tst_ScenarioDocument::newDocumentIsValid()
{
    ScenarioDocument document;
    QVERIFY2(document.isValid(), qPrintable(document.errors().isEmpty() ? QString() : document.errors().first().toString()));
    QCOMPARE(document.groupCount(), 1);
    QVERIFY(!document.isModified());
}

void tst_ScenarioDocument::editsThroughTheModelRoundTripToJson()
{
    ScenarioDocument document;
    QVERIFY(document.loadBuiltIn(QStringLiteral("chat-1k")));
    const QByteArray original = builtInText(QStringLiteral("chat-1k"));
    QVERIFY(!original.isEmpty());
    QCOMPARE(document.text(), original);
    QVERIFY(document.isValid());
    QCOMPARE(document.scenario()->groups.at(0).reconnect.jitter, scenario::ReconnectSettings::Jitter::Full);

    GroupTableModel model(document);
    QCOMPARE(model.rowCount(), 1);
    QCOMPARE(model.data(model.index(0, GroupTableModel::Clients), Qt::EditRole).toInt(), 1000);
    QCOMPARE(model.data(model.index(0, GroupTableModel::Jitter), Qt::EditRole).toString(), QStringLiteral("full"));
    QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
    QVERIFY(model.setData(model.index(0, GroupTableModel::Clients), 2000));
    QVERIFY(model.setData(model.index(0, GroupTableModel::Jitter), QStringLiteral("none")));
    QCOMPARE(changed.size(), 2);

    // The text has exactly these two changes; everything else keeps its bytes.
    QByteArray expected = original;
    expected.replace("\"clients\": 1000", "\"clients\": 2000");
    expected.replace("\"type\": \"chat.message\" }", "\"type\": \"chat.message\" },\n      \"reconnect\": { \"jitter\": \"none\" }");
    QCOMPARE(document.text(), expected);

    // As parsed values too: the original object with the two changes.
    QJsonObject wanted = parse(original);
    QJsonArray groups = wanted.value(QLatin1String("groups")).toArray();
    QJsonObject group = groups.at(0).toObject();
    group.insert(QStringLiteral("clients"), 2000);
    group.insert(QStringLiteral("reconnect"), QJsonObject{{QStringLiteral("jitter"), QStringLiteral("none")}});
    groups.replace(0, group);
    wanted.insert(QStringLiteral("groups"), groups);
    QCOMPARE(parse(document.text()), wanted);

    // The loader reads the new values (and the untouched ones as before).
    const scenario::LoadResult reloaded = scenario::ScenarioLoader::loadJson(document.text(), QStringLiteral("edited.json"));
    QVERIFY2(reloaded.isOk(), qPrintable(reloaded.errorText()));
    const scenario::Group &loaded = reloaded.scenario->groups.at(0);
    QCOMPARE(loaded.clients, 2000);
    QCOMPARE(loaded.reconnect.jitter, scenario::ReconnectSettings::Jitter::None);
    QVERIFY(loaded.reconnect.enabled);
    QCOMPARE(loaded.channels, 10);
    QCOMPARE(loaded.send.ratePerClient, 0.2);
    QCOMPARE(loaded.send.payloadBytes, 128);
    QCOMPARE(loaded.phases.hold, 40000ms);
    QCOMPARE(reloaded.scenario->thresholds.size(), size_t(3));
    // The document's own scenario is the same.
    QVERIFY(document.isValid());
    QCOMPARE(document.scenario()->groups.at(0).clients, 2000);
    QCOMPARE(document.scenario()->groups.at(0).reconnect.jitter, scenario::ReconnectSettings::Jitter::None);
    QCOMPARE(model.data(model.index(0, GroupTableModel::Jitter), Qt::DisplayRole).toString(), GroupTableModel::jitterChoices().at(2).second);

    // Committing an unchanged value rewrites nothing (0.2 stays written as it was).
    const QByteArray before = document.text();
    QVERIFY(model.setData(model.index(0, GroupTableModel::SendRate), 0.2));
    QCOMPARE(document.text(), before);
}

void tst_ScenarioDocument::insertsMissingObjects()
{
    ScenarioDocument document;
    document.setText(R"({
  "name": "bare",
  "groups": [
    { "protocol": "sse", "clients": 3 }
  ]
})");
    QVERIFY(document.isValid());
    GroupTableModel model(document);
    // Defaults show (in italics) without being written.
    QCOMPARE(model.data(model.index(0, GroupTableModel::PayloadBytes)).toInt(), 64);
    QVERIFY(model.data(model.index(0, GroupTableModel::PayloadBytes), Qt::FontRole).value<QFont>().italic());
    QVERIFY(model.setData(model.index(0, GroupTableModel::SendRate), 2.5));
    QVERIFY(model.setData(model.index(0, GroupTableModel::Hold), QStringLiteral("20s")));
    QVERIFY(model.setData(model.index(0, GroupTableModel::Churn), QStringLiteral("exponential 10s")));
    QCOMPARE(document.text(), QByteArray(R"({
  "name": "bare",
  "groups": [
    { "protocol": "sse", "clients": 3, "send": { "rate": 2.5 }, "phases": { "hold": "20s" }, "churn": { "session": "exponential", "mean": "10s" } }
  ]
})"));
    QVERIFY(document.isValid());
    const scenario::Group &group = document.scenario()->groups.at(0);
    QCOMPARE(group.send.ratePerClient, 2.5);
    QCOMPARE(group.phases.hold, 20000ms);
    QCOMPARE(group.churn.kind, scenario::ChurnSettings::Kind::Exponential);
    QCOMPARE(group.churn.sessionLength, 10000ms);
    // Clearing a duration removes its key again.
    QVERIFY(model.setData(model.index(0, GroupTableModel::Hold), QString()));
    QVERIFY(!document.text().contains("\"hold\""));
    QVERIFY(model.setData(model.index(0, GroupTableModel::Churn), QStringLiteral("none")));
    QVERIFY(!document.text().contains("\"churn\""));
    QVERIFY(document.isValid());
}

void tst_ScenarioDocument::reconnectOffAndOn()
{
    ScenarioDocument document;
    QVERIFY(document.loadBuiltIn(QStringLiteral("reconnect-storm")));
    GroupTableModel model(document);
    QCOMPARE(model.rowCount(), 2);
    const QModelIndex reconnect = model.index(1, GroupTableModel::Reconnect);
    QVERIFY(model.flags(reconnect) & Qt::ItemIsUserCheckable);
    QCOMPARE(model.data(reconnect, Qt::CheckStateRole).value<Qt::CheckState>(), Qt::Checked);
    QVERIFY(model.setData(reconnect, Qt::Unchecked, Qt::CheckStateRole));
    QCOMPARE(document.groupValue(1, {QStringLiteral("reconnect")}), QJsonValue(false));
    QVERIFY(document.isValid());
    QVERIFY(!document.scenario()->groups.at(1).reconnect.enabled);
    QVERIFY(document.scenario()->groups.at(0).reconnect.enabled);
    // Its settings cannot be edited while it is off.
    QVERIFY(!(model.flags(model.index(1, GroupTableModel::Jitter)) & Qt::ItemIsEditable));
    QVERIFY(model.flags(model.index(0, GroupTableModel::Jitter)) & Qt::ItemIsEditable);
    QVERIFY(model.setData(reconnect, Qt::Checked, Qt::CheckStateRole));
    QVERIFY(document.groupValue(1, {QStringLiteral("reconnect")}).isUndefined());
    QVERIFY(document.scenario()->groups.at(1).reconnect.enabled);
    QCOMPARE(document.scenario()->groups.at(1).reconnect.jitter, scenario::ReconnectSettings::Jitter::Full);
}

void tst_ScenarioDocument::refusesInputOfTheWrongKind_data()
{
    QTest::addColumn<int>("column");
    QTest::addColumn<QString>("input");
    QTest::addColumn<QString>("messagePart");
    QTest::addRow("clients") << int(GroupTableModel::Clients) << QStringLiteral("lots") << QStringLiteral("whole number");
    QTest::addRow("duration") << int(GroupTableModel::Hold) << QStringLiteral("30 seconds") << QStringLiteral("500ms");
    QTest::addRow("protocol") << int(GroupTableModel::Protocol) << QStringLiteral("carrier pigeon") << QStringLiteral("ws, sse, poll or publish");
    QTest::addRow("jitter") << int(GroupTableModel::Jitter) << QStringLiteral("some") << QStringLiteral("full, equal or none");
    QTest::addRow("rate") << int(GroupTableModel::SendRate) << QStringLiteral("-1") << QStringLiteral("messages per second");
    QTest::addRow("churn") << int(GroupTableModel::Churn) << QStringLiteral("sometimes") << QStringLiteral("exponential 10s");
}

void tst_ScenarioDocument::refusesInputOfTheWrongKind()
{
    QFETCH(int, column);
    QFETCH(QString, input);
    QFETCH(QString, messagePart);
    ScenarioDocument document;
    QVERIFY(document.loadBuiltIn(QStringLiteral("chat-1k")));
    GroupTableModel model(document);
    QSignalSpy rejected(&model, &GroupTableModel::editRejected);
    const QByteArray before = document.text();
    QVERIFY(!model.setData(model.index(0, column), input));
    QCOMPARE(document.text(), before);
    QCOMPARE(rejected.size(), 1);
    const QString message = rejected.first().first().toString();
    QVERIFY2(message.contains(messagePart) && message.contains(input), qPrintable(message));
}

void tst_ScenarioDocument::churnText_data()
{
    QTest::addColumn<QString>("input");
    QTest::addColumn<QJsonValue>("churn");
    QTest::addColumn<QString>("shown");
    QTest::addRow("rate") << QStringLiteral("5/s") << QJsonValue(QJsonObject{{QStringLiteral("rate"), 5}}) << QStringLiteral("5/s");
    QTest::addRow("bare rate") << QStringLiteral(" 0.5 ") << QJsonValue(QJsonObject{{QStringLiteral("rate"), 0.5}}) << QStringLiteral("0.5/s");
    QTest::addRow("exponential") << QStringLiteral("exp 10s")
                                 << QJsonValue(QJsonObject{{QStringLiteral("session"), QStringLiteral("exponential")}, {QStringLiteral("mean"), QStringLiteral("10s")}})
                                 << QStringLiteral("exponential 10s");
    QTest::addRow("fixed") << QStringLiteral("Fixed 5s")
                           << QJsonValue(QJsonObject{{QStringLiteral("session"), QStringLiteral("fixed")}, {QStringLiteral("length"), QStringLiteral("5s")}})
                           << QStringLiteral("fixed 5s");
    QTest::addRow("uniform") << QStringLiteral("uniform 2s..8s")
                             << QJsonValue(QJsonObject{{QStringLiteral("session"), QStringLiteral("uniform")}, {QStringLiteral("min"), QStringLiteral("2s")}, {QStringLiteral("max"), QStringLiteral("8s")}})
                             << QStringLiteral("uniform 2s-8s");
    QTest::addRow("none") << QStringLiteral("none") << QJsonValue(QJsonValue::Undefined) << QStringLiteral("none");
}

void tst_ScenarioDocument::churnText()
{
    QFETCH(QString, input);
    QFETCH(QJsonValue, churn);
    QFETCH(QString, shown);
    QString error;
    const auto parsed = GroupTableModel::parseChurn(input, &error);
    QVERIFY2(parsed.has_value(), qPrintable(error));
    QCOMPARE(*parsed, churn);
    QCOMPARE(GroupTableModel::churnText(*parsed), shown);
}

void tst_ScenarioDocument::addAndRemoveGroups()
{
    ScenarioDocument document;
    QVERIFY(document.loadBuiltIn(QStringLiteral("chat-1k")));
    GroupTableModel model(document);
    QSignalSpy reset(&model, &QAbstractItemModel::modelReset);
    QCOMPARE(document.addGroup(), 1);
    QCOMPARE(model.rowCount(), 2);
    QCOMPARE(reset.size(), 1);
    QVERIFY2(document.isValid(), qPrintable(document.errors().isEmpty() ? QString() : document.errors().first().toString()));
    QCOMPARE(document.scenario()->groups.size(), size_t(2));
    QCOMPARE(document.scenario()->groups.at(1).name, QStringLiteral("group-2"));
    QCOMPARE(document.scenario()->groups.at(1).clients, 100);
    QCOMPARE(document.addGroup(), 2);
    QCOMPARE(document.group(2).value(QLatin1String("name")).toString(), QStringLiteral("group-3"));

    QVERIFY(document.removeGroup(0));
    QCOMPARE(model.rowCount(), 2);
    QCOMPARE(document.group(0).value(QLatin1String("name")).toString(), QStringLiteral("group-2"));
    // The next new name is still unique.
    QCOMPARE(document.addGroup(), 2);
    QCOMPARE(document.group(2).value(QLatin1String("name")).toString(), QStringLiteral("group-4"));
    QVERIFY(document.isValid());

    // No groups at all is allowed while editing; the loader says what is missing.
    while (document.groupCount() > 0)
        QVERIFY(document.removeGroup(0));
    QVERIFY(!document.isValid());
    QVERIFY(document.isEditable());
    QVERIFY(!document.errors().isEmpty());
    QCOMPARE(document.errors().first().path, QStringLiteral("$.groups"));
    QCOMPARE(document.addGroup(), 0);
    QVERIFY(document.isValid());
    // The rest of the file is untouched by all of this.
    QCOMPARE(parse(document.text()).value(QLatin1String("thresholds")), parse(builtInText(QStringLiteral("chat-1k"))).value(QLatin1String("thresholds")));
    QVERIFY(!document.removeGroup(5));
    QVERIFY(document.errorString().contains(QLatin1String("6")));
}

void tst_ScenarioDocument::syntaxErrorStopsEditsAndNamesTheLine()
{
    ScenarioDocument document;
    QVERIFY(document.loadBuiltIn(QStringLiteral("chat-1k")));
    GroupTableModel model(document);
    QByteArray broken = document.text();
    broken.replace("\"clients\": 1000,", "\"clients\": 1000"); // a missing comma on line 11
    document.setText(broken);
    QVERIFY(!document.isEditable());
    QVERIFY(!document.isValid());
    QCOMPARE(document.errors().size(), 1);
    QCOMPARE(document.errors().first().line, 12); // where the next key is instead of the comma
    // The table keeps showing the last values, but refuses edits until the text is fixed.
    QCOMPARE(model.rowCount(), 1);
    QCOMPARE(model.data(model.index(0, GroupTableModel::Clients), Qt::EditRole).toInt(), 1000);
    QVERIFY(!(model.flags(model.index(0, GroupTableModel::Clients)) & Qt::ItemIsEditable));
    QSignalSpy rejected(&model, &GroupTableModel::editRejected);
    QVERIFY(!model.setData(model.index(0, GroupTableModel::Clients), 5));
    QCOMPARE(rejected.size(), 1);
    QCOMPARE(document.text(), broken);
    QCOMPARE(document.addGroup(), -1);
}

void tst_ScenarioDocument::schemaErrorNamesLineAndPath()
{
    ScenarioDocument document;
    QVERIFY(document.loadBuiltIn(QStringLiteral("chat-1k")));
    QByteArray text = document.text();
    text.replace("\"hold\": \"40s\"", "\"hold\": \"40 seconds\"");
    document.setText(text);
    QVERIFY(document.isEditable());
    QVERIFY(!document.isValid());
    QCOMPARE(document.errors().size(), 1);
    const scenario::LoadError &error = document.errors().first();
    QCOMPARE(error.file, QStringLiteral("chat-1k.json"));
    QCOMPARE(error.line, 12);
    QCOMPARE(error.path, QStringLiteral("$.groups[0].phases.hold"));
    QVERIFY2(error.message.contains(QLatin1String("40 seconds")), qPrintable(error.message));
}

void tst_ScenarioDocument::saveAndLoadRoundTrip()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = dir.filePath(QStringLiteral("mine.json"));
    ScenarioDocument document;
    QVERIFY(document.loadBuiltIn(QStringLiteral("reconnect-storm")));
    GroupTableModel model(document);
    QVERIFY(model.setData(model.index(0, GroupTableModel::Clients), 250));
    QVERIFY(document.isModified());
    QVERIFY(document.saveFile(path));
    QVERIFY(!document.isModified());
    QCOMPARE(document.filePath(), path);
    QFile file(path);
    QVERIFY(file.open(QIODevice::ReadOnly));
    QCOMPARE(file.readAll(), document.text());

    ScenarioDocument other;
    QVERIFY(other.loadFile(path));
    QCOMPARE(other.text(), document.text());
    QCOMPARE(other.sourceName(), QStringLiteral("mine.json"));
    QVERIFY(other.isValid());
    QCOMPARE(other.scenario()->groups.at(0).clients, 250);
    QCOMPARE(other.scenario()->sourceFile, path);
    // Errors name the file they are in.
    QByteArray text = other.text();
    other.setText(text.replace("\"multiplier\": 2,", "\"multiplier\": 0.5,"));
    QVERIFY(!other.errors().isEmpty());
    QCOMPARE(other.errors().first().file, QStringLiteral("mine.json"));
}

void tst_ScenarioDocument::unreadableFileAndUnknownBuiltIn()
{
    ScenarioDocument document;
    const QByteArray before = document.text();
    QVERIFY(!document.loadFile(QStringLiteral("/nonexistent/dir/missing.json")));
    QVERIFY2(document.errorString().contains(QLatin1String("missing.json")), qPrintable(document.errorString()));
    QCOMPARE(document.text(), before);
    QVERIFY(!document.loadBuiltIn(QStringLiteral("no-such-scenario")));
    QVERIFY(document.errorString().contains(QLatin1String("no-such-scenario")));
    QVERIFY(!document.saveFile(QStringLiteral("/nonexistent/dir/out.json")));
    QVERIFY(document.errorString().contains(QLatin1String("out.json")));

    const auto builtIns = ScenarioDocument::builtInScenarios();
    QVERIFY(builtIns.size() >= 6);
    for (const auto &[name, resource] : builtIns) {
        QVERIFY2(document.loadBuiltIn(name), qPrintable(name));
        QVERIFY2(document.isValid(), qPrintable(name));
        QCOMPARE(document.name(), name);
    }
}

void tst_ScenarioDocument::nameAndTarget()
{
    ScenarioDocument document;
    QVERIFY(document.loadBuiltIn(QStringLiteral("chat-1k")));
    QCOMPARE(document.target(), QStringLiteral("embedded"));
    QVERIFY(document.setName(QStringLiteral("chat-2k")));
    QVERIFY(document.setTarget(QStringLiteral("ws://127.0.0.1:9000/")));
    QVERIFY(document.text().startsWith("{\n  \"name\": \"chat-2k\",\n"));
    QVERIFY(document.text().contains("\"target\": \"ws://127.0.0.1:9000/\","));
    QVERIFY2(document.isValid(), qPrintable(document.errors().isEmpty() ? QString() : document.errors().first().toString()));
    QVERIFY(!document.scenario()->target.embedded);
    QCOMPARE(document.scenario()->target.url, QUrl(QStringLiteral("ws://127.0.0.1:9000/")));
    QVERIFY(document.setTarget(QStringLiteral("embedded")));
    QVERIFY(document.scenario()->target.embedded);
}

void tst_ScenarioDocument::oddShapesAreEditedOrRefusedNeverBroken_data()
{
    QTest::addColumn<QByteArray>("text");
    QTest::addColumn<bool>("editable");
    QTest::addRow("empty") << QByteArray() << false;
    QTest::addRow("array") << QByteArray("[]") << false;
    QTest::addRow("null") << QByteArray("null") << false;
    QTest::addRow("unterminated") << QByteArray("{\"name\": \"x") << false;
    QTest::addRow("empty object") << QByteArray("{}") << true;
    QTest::addRow("groups not an array") << QByteArray(R"({"name": "x", "groups": 5})") << true;
    QTest::addRow("groups of scalars") << QByteArray(R"({"name": "x", "groups": [1, "two", null]})") << true;
    QTest::addRow("group values of the wrong type") << QByteArray(R"({"name": "x", "groups": [{"protocol": 5, "clients": "many", "phases": 3, "send": [], "reconnect": "yes", "churn": 1}]})") << true;
}

void tst_ScenarioDocument::oddShapesAreEditedOrRefusedNeverBroken()
{
    QFETCH(QByteArray, text);
    QFETCH(bool, editable);
    ScenarioDocument document;
    GroupTableModel model(document);
    document.setText(text);
    QCOMPARE(document.isEditable(), editable);
    QVERIFY(!document.isValid());
    QVERIFY(!document.errors().isEmpty());
    // Every cell can be read and written (or refused) without breaking the JSON. The table still
    // shows the last parsable text's row while the text does not parse.
    const QVariantList inputs{QStringLiteral("ws"), 7, QStringLiteral("2s"), QStringLiteral("none"), 0.5, QStringLiteral("x")};
    for (int row = 0; row < model.rowCount(); ++row) {
        for (int column = 0; column < GroupTableModel::ColumnCount; ++column) {
            const QModelIndex index = model.index(row, column);
            model.data(index);
            model.data(index, Qt::EditRole);
            for (const QVariant &input : inputs)
                model.setData(index, input);
            if (!editable) {
                QCOMPARE(document.text(), text); // refused: the user's text stays as typed
                continue;
            }
            QJsonParseError error;
            QJsonDocument::fromJson(document.text(), &error);
            QVERIFY2(error.error == QJsonParseError::NoError, qPrintable(QStringLiteral("column %1: %2").arg(column).arg(QString::fromUtf8(document.text()))));
        }
    }
    const int added = document.addGroup();
    QCOMPARE(added >= 0, editable);
    if (editable) {
        QJsonParseError error;
        QJsonDocument::fromJson(document.text(), &error);
        QVERIFY2(error.error == QJsonParseError::NoError, document.text().constData());
        QCOMPARE(document.group(added).value(QLatin1String("protocol")).toString(), QStringLiteral("ws"));
        QVERIFY(document.removeGroup(0));
    }
}

void tst_ScenarioDocument::ownServerGroupIsSummarised()
{
    ScenarioDocument document;
    GroupTableModel model(document);
    document.setText(chatBroadcast);
    QVERIFY2(document.isValid(), qPrintable(document.errors().isEmpty() ? QString() : document.errors().first().toString()));
    const QChar ellipsis(0x2026);

    // The url as written, in plain type (the file sets it).
    QCOMPARE(model.data(model.index(0, GroupTableModel::Url)).toString(), QStringLiteral("ws://127.0.0.1:3000/"));
    QVERIFY(!isItalic(model, 0, GroupTableModel::Url));
    // Its tooltip names the subprotocols offered, and (replacing the cut cell's) the URL itself.
    const QString urlTip = model.data(model.index(0, GroupTableModel::Url), Qt::ToolTipRole).toString();
    QVERIFY2(urlTip.contains(QLatin1String("chat.v1")) && urlTip.contains(QLatin1String("ws://127.0.0.1:3000/")), qPrintable(urlTip));

    // The template in the file's key order (type, user, text: not sorted), without its layout.
    const QString sends = model.data(model.index(0, GroupTableModel::Sends)).toString();
    const QString written = QString::fromUtf8(R"({"type":"message","user":"{{client}}","text":"{{seq}}|{{sentAt}}|hello from {{group}}"})");
    QCOMPARE(sends, written);
    const QString sendsTip = model.data(model.index(0, GroupTableModel::Sends), Qt::ToolTipRole).toString();
    QVERIFY2(sendsTip.contains(QLatin1String("hello from {{group}}")), qPrintable(sendsTip));
    // ... with the steps that run before it.
    QVERIFY2(sendsTip.contains(QLatin1String("onOpen")) && sendsTip.contains(QLatin1String("joined")), qPrintable(sendsTip));

    // The receive rules in one line, in the order a message is read.
    const QString full = QStringLiteral("match $.type=message; sender $.user; seq regex; sentAt regex; serverTime $.timestamp; expect all");
    QCOMPARE(model.data(model.index(0, GroupTableModel::Receives)).toString(), full);
    QVERIFY(model.data(model.index(0, GroupTableModel::Receives), Qt::ToolTipRole).isNull()); // the view's, when it cuts

    // Read-only: edited in the JSON.
    for (int column : {GroupTableModel::Url, GroupTableModel::Sends, GroupTableModel::Receives}) {
        const QModelIndex index = model.index(0, column);
        QVERIFY(!(model.flags(index) & Qt::ItemIsEditable));
        QVERIFY(!model.setData(index, QStringLiteral("ws://elsewhere/")));
        QVERIFY(!model.headerData(column, Qt::Horizontal).toString().isEmpty());
    }
    QCOMPARE(document.text(), chatBroadcast);

    // Past maxSummaryChars the model cuts a summary itself; the tooltip has all of it.
    QString longRule = QStringLiteral("^");
    while (longRule.size() < GroupTableModel::maxSummaryChars)
        longRule += QStringLiteral("(\\d+)\\|");
    QVERIFY(document.setGroupValue(0, {QStringLiteral("receive"), QStringLiteral("seq")},
                                   QJsonObject{{QStringLiteral("path"), QStringLiteral("$.text")}, {QStringLiteral("regex"), longRule}}));
    QVERIFY(document.setGroupValue(0, {QStringLiteral("receive"), QStringLiteral("match")},
                                   QJsonObject{{QStringLiteral("$.text"), QJsonObject{{QStringLiteral("regex"), longRule}}}}));
    const QString cut = model.data(model.index(0, GroupTableModel::Receives)).toString();
    QCOMPARE(cut.size(), GroupTableModel::maxSummaryChars);
    QVERIFY(cut.endsWith(ellipsis));
    QVERIFY(cut.startsWith(QStringLiteral("match $.text~/^(\\d+)")));
    QVERIFY(model.data(model.index(0, GroupTableModel::Receives), Qt::ToolTipRole).toString().contains(QLatin1String("expect all")));

    // A short rule set fits: no cut, no tooltip needed.
    QVERIFY(document.setGroupValue(0, {QStringLiteral("receive")}, QJsonObject{{QStringLiteral("sentAt"), QStringLiteral("$.t")}}));
    QCOMPARE(model.data(model.index(0, GroupTableModel::Receives)).toString(), QStringLiteral("sentAt $.t"));
    QVERIFY(model.data(model.index(0, GroupTableModel::Receives), Qt::ToolTipRole).isNull());
    // None: every message counts (the default, in italics).
    QVERIFY(document.setGroupValue(0, {QStringLiteral("receive")}, QJsonValue(QJsonValue::Undefined)));
    QVERIFY(isItalic(model, 0, GroupTableModel::Receives));
}

void tst_ScenarioDocument::urlColumn_data()
{
    QTest::addColumn<QString>("target");
    QTest::addColumn<QString>("group");
    QTest::addColumn<QString>("shown");
    QTest::addColumn<bool>("italic");
    QTest::addRow("embedded ws") << QStringLiteral("embedded") << QString::fromUtf8(R"("protocol": "ws")") << QStringLiteral("embedded /ws") << true;
    QTest::addRow("embedded sse, own path") << QStringLiteral("embedded") << QString::fromUtf8(R"("protocol": "sse", "path": "/feed?x=1")")
                                            << QStringLiteral("embedded /feed?x=1") << true;
    QTest::addRow("target, sse") << QStringLiteral("wss://h.test:9000/") << QString::fromUtf8(R"("protocol": "sse")")
                                 << QStringLiteral("https://h.test:9000/events") << true;
    QTest::addRow("target with path and query") << QStringLiteral("ws://h.test:9000/base?tenant=a%20b") << QString::fromUtf8(R"("protocol": "ws")")
                                                << QStringLiteral("ws://h.test:9000/base?tenant=a%20b") << true;
    QTest::addRow("url as written") << QStringLiteral("embedded")
                                    << QString::fromUtf8(R"("protocol": "ws", "url": "wss://chat.example.test/socket?room={{channel}}")")
                                    << QStringLiteral("wss://chat.example.test/socket?room={{channel}}") << false;
    QTest::addRow("long url is cut")
        << QStringLiteral("embedded")
        << QString::fromUtf8(R"("protocol": "sse", "url": "%1")").arg(longUrl())
        << longUrl().left(GroupTableModel::maxSummaryChars - 1) + QChar(0x2026) << false;
}

void tst_ScenarioDocument::urlColumn()
{
    QFETCH(QString, target);
    QFETCH(QString, group);
    QFETCH(QString, shown);
    QFETCH(bool, italic);
    ScenarioDocument document;
    GroupTableModel model(document);
    document.setText(QString::fromUtf8(R"({"name": "u", "target": "%1", "groups": [{"name": "g", %2, "clients": 1}]})").arg(target, group).toUtf8());
    QVERIFY(document.isEditable());
    const QModelIndex url = model.index(0, GroupTableModel::Url);
    QCOMPARE(model.data(url).toString(), shown);
    QCOMPARE(isItalic(model, 0, GroupTableModel::Url), italic);
    const QString tip = model.data(url, Qt::ToolTipRole).toString();
    if (shown.endsWith(QChar(0x2026))) // the whole of it where the cell is cut
        QVERIFY2(tip.contains(QLatin1String("reactions&amp;format=json")), qPrintable(tip));
    if (italic) // says why it is not written
        QVERIFY2(tip.contains(QLatin1String("No url")), qPrintable(tip));
}

void tst_ScenarioDocument::sendsColumn_data()
{
    QTest::addColumn<QString>("group");
    QTest::addColumn<QString>("shown");
    QTest::addColumn<bool>("italic");
    QTest::addRow("embedded envelope") << QString::fromUtf8(R"("protocol": "ws", "send": {"rate": 1})") << QStringLiteral("envelope") << true;
    QTest::addRow("receives only") << QString::fromUtf8(R"("protocol": "ws")") << QStringLiteral("nothing") << true;
    QTest::addRow("text template") << QString::fromUtf8(R"("protocol": "ws", "url": "ws://h/", "send": {"rate": 1, "template": {"text": "n={{seq}}"}})")
                                   << QString::fromUtf8(R"({"text":"n={{seq}}"})") << false;
    QTest::addRow("sse POST body") << QString::fromUtf8(R"("protocol": "sse", "url": "http://h/v1/stream", "method": "POST", "body": {"model": "m", "n": 2})")
                                   << QString::fromUtf8(R"(POST {"model":"m","n":2})") << false;
    QTest::addRow("sse plain") << QString::fromUtf8(R"("protocol": "sse")") << QStringLiteral("GET") << true;
    QTest::addRow("publish body") << QString::fromUtf8(R"("protocol": "publish", "url": "http://h/notify", "send": {"rate": 2}, "body": {"message": "{{seq}}"})")
                                  << QString::fromUtf8(R"({"message":"{{seq}}"})") << false;
    QTest::addRow("poll") << QString::fromUtf8(R"("protocol": "poll")") << QStringLiteral("–") << true;
}

void tst_ScenarioDocument::sendsColumn()
{
    QFETCH(QString, group);
    QFETCH(QString, shown);
    QFETCH(bool, italic);
    ScenarioDocument document;
    GroupTableModel model(document);
    document.setText(QString::fromUtf8(R"({"name": "s", "groups": [{"name": "g", %1, "clients": 1}]})").arg(group).toUtf8());
    QVERIFY(document.isEditable());
    QCOMPARE(model.data(model.index(0, GroupTableModel::Sends)).toString(), shown);
    QCOMPARE(isItalic(model, 0, GroupTableModel::Sends), italic);
}

void tst_ScenarioDocument::tableEditsKeepTheOwnServerKeys()
{
    ScenarioDocument document;
    GroupTableModel model(document);
    document.setText(chatBroadcast);
    QVERIFY(document.isValid());
    const QJsonObject before = document.group(0);
    const QStringList ownServerKeys{QStringLiteral("url"), QStringLiteral("subprotocols"), QStringLiteral("headers"),
                                    QStringLiteral("onOpen"), QStringLiteral("receive")};
    QHash<QString, QByteArray> writtenBefore;
    for (const QString &key : ownServerKeys)
        writtenBefore.insert(key, document.groupValueText(0, {key}));
    const QByteArray templateBefore = document.groupValueText(0, {QStringLiteral("send"), QStringLiteral("template")});
    const char templateStart[] = R"({"type": "message", "user": "{{client}}")";
    const char seqRule[] = R"("seq": {"path": "$.text", "regex": "^(\\d+)\\|"})";
    QVERIFY(templateBefore.startsWith(templateStart));
    QVERIFY(writtenBefore.value(QStringLiteral("receive")).contains(seqRule));
    const QVariant sendsBefore = model.data(model.index(0, GroupTableModel::Sends));
    const QVariant receivesBefore = model.data(model.index(0, GroupTableModel::Receives));

    // Cells around them: clients, a rate beside the template in the same object, phases,
    // reconnect off and a reconnect setting, churn.
    QVERIFY(model.setData(model.index(0, GroupTableModel::Clients), 75));
    QVERIFY(model.setData(model.index(0, GroupTableModel::SendRate), 4.5));
    QVERIFY(model.setData(model.index(0, GroupTableModel::Hold), QStringLiteral("20s")));
    QVERIFY(model.setData(model.index(0, GroupTableModel::Churn), QStringLiteral("fixed 5s")));
    QVERIFY(model.setData(model.index(0, GroupTableModel::MaxDelay), QStringLiteral("2s")));
    QVERIFY(model.setData(model.index(0, GroupTableModel::Name), QStringLiteral("talkers")));

    // A payload size beside a template would not load: the cell says so and refuses.
    const QModelIndex payload = model.index(0, GroupTableModel::PayloadBytes);
    QCOMPARE(model.data(payload).toString(), QStringLiteral("–"));
    QVERIFY(!(model.flags(payload) & Qt::ItemIsEnabled));
    const QByteArray beforePayload = document.text();
    QVERIFY(!model.setData(payload, 128));
    QCOMPARE(document.text(), beforePayload);

    // Each of those keys has the same text as before, byte for byte, and the same value.
    const QJsonObject after = document.group(0);
    for (const QString &key : ownServerKeys) {
        QCOMPARE(document.groupValueText(0, {key}), writtenBefore.value(key));
        QCOMPARE(after.value(key), before.value(key));
    }
    QCOMPARE(document.groupValueText(0, {QStringLiteral("send"), QStringLiteral("template")}), templateBefore);
    QCOMPARE(after.value(QLatin1String("send")).toObject().value(QLatin1String("template")),
             before.value(QLatin1String("send")).toObject().value(QLatin1String("template")));
    QCOMPARE(model.data(model.index(0, GroupTableModel::Sends)), sendsBefore);
    QCOMPARE(model.data(model.index(0, GroupTableModel::Receives)), receivesBefore);

    // And the loader reads them as before, with the edits.
    QVERIFY2(document.isValid(), qPrintable(document.errors().isEmpty() ? QString() : document.errors().first().toString()));
    const scenario::Group &group = document.scenario()->groups.at(0);
    QCOMPARE(group.name, QStringLiteral("talkers"));
    QCOMPARE(group.clients, 75);
    QCOMPARE(group.send.ratePerClient, 4.5);
    QCOMPARE(group.urlText, QStringLiteral("ws://127.0.0.1:3000/"));
    QVERIFY(group.usesUrl());
    QCOMPARE(group.subprotocols, QStringList{QStringLiteral("chat.v1")});
    QVERIFY(group.send.message.has_value());
    QCOMPARE(group.onOpen.size(), size_t(2));
    QVERIFY(group.receive.enabled);
    QVERIFY(group.receive.accountsPerSender());
    QVERIFY(group.receive.serverTime.has_value());
    QCOMPARE(group.phases.hold, 20000ms);
}

QTEST_MAIN(tst_ScenarioDocument)
#include "tst_scenariodocument.moc"
