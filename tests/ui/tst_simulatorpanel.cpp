#include "panels/grouptablemodel.h"
#include "panels/scenariodocument.h"
#include "panels/simulatorpanel.h"
#include "scenario/scenarioloader.h"

#include <QAbstractItemView>
#include <QApplication>
#include <QHelpEvent>
#include <QToolTip>
#include <QComboBox>
#include <QFile>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QMenu>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QTextBlock>
#include <QToolButton>

// The scenario editor as a person uses it: the table, the JSON view with its inline errors,
// add/remove, load/save and the built-in menu, all kept on one JSON text.
class tst_SimulatorPanel : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void showsABuiltInScenario();
    void tableEditShowsInTheJsonAndUndoes();
    void editingACellThroughTheView();
    void malformedJsonEditShowsLineAndPath();
    void syntaxErrorShowsWhereAndLocksTheTable();
    void addAndRemoveGroupButtons();
    void saveAndLoadRoundTrip();
    void loadFailureIsShown();
    void builtInMenuListsAndLoads();
    void targetUrlField();
    void ownServerGroupThroughTheView();
    void socketIoAndGraphQlSendsAreSummarised();

private:
    template<typename T>
    static T *child(QWidget &panel, const char *name)
    {
        T *widget = panel.findChild<T *>(QString::fromLatin1(name));
        if (!widget)
            qWarning("no %s", name);
        return widget;
    }
};

namespace {

// Types into the JSON view as a user would: a replacement of one piece of text at the cursor.
void typeReplacement(QPlainTextEdit *edit, const QString &from, const QString &to)
{
    const QString text = edit->toPlainText();
    const qsizetype at = text.indexOf(from);
    QVERIFY2(at >= 0, qPrintable(from));
    QTextCursor cursor(edit->document());
    cursor.setPosition(int(at));
    cursor.setPosition(int(at + from.size()), QTextCursor::KeepAnchor);
    edit->setTextCursor(cursor);
    edit->insertPlainText(to);
}

int lineOf(const QString &text, const QString &needle)
{
    return int(text.left(text.indexOf(needle)).count(QLatin1Char('\n'))) + 1;
}

} // namespace

void tst_SimulatorPanel::showsABuiltInScenario()
{
    SimulatorPanel panel;
    panel.show();
    QSignalSpy changed(&panel, &SimulatorPanel::scenarioChanged);
    QVERIFY(panel.loadBuiltIn(QStringLiteral("chat-1k")));
    QVERIFY(changed.size() >= 1);
    auto *json = child<QPlainTextEdit>(panel, "scenarioJson");
    auto *table = child<QTableView>(panel, "groupTable");
    auto *name = child<QLineEdit>(panel, "scenarioName");
    auto *status = child<QLabel>(panel, "scenarioStatus");
    QVERIFY(json && table && name && status);
    QCOMPARE(json->toPlainText().toUtf8(), panel.scenarioJson());
    QCOMPARE(table->model()->rowCount(), 1);
    QCOMPARE(name->text(), QStringLiteral("chat-1k"));
    QVERIFY2(status->text().contains(QLatin1String("1,000")), qPrintable(status->text()));
    const auto scenario = panel.currentScenario();
    QVERIFY(scenario);
    QCOMPARE(scenario->name, QStringLiteral("chat-1k"));
    QVERIFY(!child<QListWidget>(panel, "scenarioErrors")->isVisibleTo(&panel));
}

void tst_SimulatorPanel::tableEditShowsInTheJsonAndUndoes()
{
    SimulatorPanel panel;
    panel.show();
    QVERIFY(panel.loadBuiltIn(QStringLiteral("chat-1k")));
    const QByteArray original = panel.scenarioJson();
    auto *json = child<QPlainTextEdit>(panel, "scenarioJson");
    GroupTableModel *model = panel.groupModel();
    QVERIFY(model->setData(model->index(0, GroupTableModel::Clients), 2000));
    QVERIFY(model->setData(model->index(0, GroupTableModel::Jitter), QStringLiteral("none")));
    QCOMPARE(json->toPlainText().toUtf8(), panel.scenarioJson());
    QVERIFY(json->toPlainText().contains(QLatin1String("\"clients\": 2000")));
    QVERIFY(json->toPlainText().contains(QLatin1String("\"reconnect\": { \"jitter\": \"none\" }")));
    QCOMPARE(panel.currentScenario()->groups.at(0).clients, 2000);

    // Each table edit is one step of the JSON view's undo: two undos give the file back.
    json->undo();
    json->undo();
    QCOMPARE(json->toPlainText().toUtf8(), original);
    QTRY_COMPARE(panel.document()->text(), original);
    QCOMPARE(model->data(model->index(0, GroupTableModel::Clients), Qt::EditRole).toInt(), 1000);
}

void tst_SimulatorPanel::editingACellThroughTheView()
{
    SimulatorPanel panel;
    panel.resize(1100, 700);
    panel.show();
    QVERIFY(QTest::qWaitForWindowExposed(&panel));
    QVERIFY(panel.loadBuiltIn(QStringLiteral("chat-1k")));
    auto *table = child<QTableView>(panel, "groupTable");
    const QModelIndex clients = table->model()->index(0, GroupTableModel::Clients);
    table->setCurrentIndex(clients);
    table->edit(clients);
    auto *spin = table->findChild<QSpinBox *>(QStringLiteral("groupNumberEditor"));
    QVERIFY(spin);
    QCOMPARE(spin->value(), 1000);
    QCOMPARE(spin->maximum(), 100000);
    spin->setValue(1500);
    QTest::keyClick(spin, Qt::Key_Return);
    QTRY_COMPARE(panel.currentScenario() ? panel.currentScenario()->groups.at(0).clients : 0, 1500);

    const QModelIndex protocol = table->model()->index(0, GroupTableModel::Protocol);
    table->setCurrentIndex(protocol);
    table->edit(protocol);
    auto *combo = table->findChild<QComboBox *>(QStringLiteral("groupChoiceEditor"));
    QVERIFY(combo);
    QCOMPARE(combo->currentData().toString(), QStringLiteral("ws"));
    combo->setCurrentIndex(combo->findData(QStringLiteral("sse")));
    QTest::keyClick(combo, Qt::Key_Return);
    QTRY_VERIFY(panel.scenarioJson().contains("\"protocol\": \"sse\""));
    QVERIFY(panel.currentScenario());
    QCOMPARE(panel.currentScenario()->groups.at(0).protocol, scenario::Protocol::Sse);
}

void tst_SimulatorPanel::malformedJsonEditShowsLineAndPath()
{
    SimulatorPanel panel;
    panel.show();
    QVERIFY(panel.loadBuiltIn(QStringLiteral("chat-1k")));
    auto *json = child<QPlainTextEdit>(panel, "scenarioJson");
    auto *errors = child<QListWidget>(panel, "scenarioErrors");
    QVERIFY(json && errors);
    QCOMPARE(errors->count(), 0);
    const int line = lineOf(json->toPlainText(), QStringLiteral("\"hold\""));
    typeReplacement(json, QStringLiteral("\"hold\": \"40s\""), QStringLiteral("\"hold\": \"40 seconds\""));
    // Validated after a pause in typing, not on each key.
    QCOMPARE(errors->count(), 0);
    QTRY_COMPARE(errors->count(), 1);
    const QString text = errors->item(0)->text();
    QVERIFY2(text.startsWith(QStringLiteral("%1:").arg(line)), qPrintable(text));
    QVERIFY2(text.contains(QLatin1String("$.groups[0].phases.hold")), qPrintable(text));
    QVERIFY2(text.contains(QLatin1String("40 seconds")), qPrintable(text));
    QVERIFY(errors->isVisibleTo(&panel));
    QVERIFY(!panel.currentScenario());
    // The offending line is highlighted in the JSON view.
    bool highlighted = false;
    for (const QTextEdit::ExtraSelection &selection : json->extraSelections())
        highlighted = highlighted || selection.cursor.block().blockNumber() + 1 == line;
    QVERIFY(highlighted);
    // Clicking the error puts the cursor on it.
    json->moveCursor(QTextCursor::Start);
    QTest::mouseClick(errors->viewport(), Qt::LeftButton, {}, errors->visualItemRect(errors->item(0)).center());
    QCOMPARE(json->textCursor().blockNumber() + 1, line);

    // Fixing it clears the error.
    typeReplacement(json, QStringLiteral("40 seconds"), QStringLiteral("45s"));
    QTRY_COMPARE(errors->count(), 0);
    QVERIFY(panel.currentScenario());
    QCOMPARE(panel.currentScenario()->groups.at(0).phases.hold, std::chrono::milliseconds(45000));
    QVERIFY(json->extraSelections().isEmpty());
}

void tst_SimulatorPanel::syntaxErrorShowsWhereAndLocksTheTable()
{
    SimulatorPanel panel;
    panel.show();
    QVERIFY(panel.loadBuiltIn(QStringLiteral("chat-1k")));
    auto *json = child<QPlainTextEdit>(panel, "scenarioJson");
    auto *errors = child<QListWidget>(panel, "scenarioErrors");
    auto *add = child<QPushButton>(panel, "addGroup");
    const int line = lineOf(json->toPlainText(), QStringLiteral("\"channels\": 10"));
    typeReplacement(json, QStringLiteral("\"channels\": 10,"), QStringLiteral("\"channels\": 10"));
    // Taken at once when the focus leaves the JSON view (a table edit must not see stale text).
    QVERIFY(panel.scenarioJson().contains("\"channels\": 10\n"));
    QTRY_COMPARE(errors->count(), 1);
    QVERIFY2(errors->item(0)->text().startsWith(QStringLiteral("%1:").arg(line + 1)), qPrintable(errors->item(0)->text()));
    QVERIFY(!add->isEnabled());
    QVERIFY(!(panel.groupModel()->flags(panel.groupModel()->index(0, GroupTableModel::Clients)) & Qt::ItemIsEditable));
}

void tst_SimulatorPanel::addAndRemoveGroupButtons()
{
    SimulatorPanel panel;
    panel.show();
    QVERIFY(panel.loadBuiltIn(QStringLiteral("chat-1k")));
    auto *add = child<QPushButton>(panel, "addGroup");
    auto *remove = child<QPushButton>(panel, "removeGroup");
    auto *table = child<QTableView>(panel, "groupTable");
    QTest::mouseClick(add, Qt::LeftButton);
    QCOMPARE(table->model()->rowCount(), 2);
    QVERIFY(panel.currentScenario());
    QCOMPARE(panel.currentScenario()->groups.size(), size_t(2));
    QCOMPARE(table->currentIndex().row(), 1);
    table->selectRow(0);
    QTest::mouseClick(remove, Qt::LeftButton);
    QCOMPARE(table->model()->rowCount(), 1);
    QCOMPARE(panel.currentScenario()->groups.at(0).name, QStringLiteral("group-2"));
    QVERIFY(panel.scenarioJson().contains("\"thresholds\""));
    // The Delete key in the table removes the selected group too.
    QTest::mouseClick(add, Qt::LeftButton);
    QCOMPARE(table->model()->rowCount(), 2);
    panel.activateWindow();
    QVERIFY(QTest::qWaitForWindowActive(&panel));
    table->setFocus();
    table->selectRow(1);
    QTest::keyClick(table, Qt::Key_Delete);
    QCOMPARE(table->model()->rowCount(), 1);
    // Nothing selected: nothing removed, and the panel says why.
    table->clearSelection();
    table->setCurrentIndex(QModelIndex());
    QTest::mouseClick(remove, Qt::LeftButton);
    QCOMPARE(table->model()->rowCount(), 1);
    QVERIFY(child<QLabel>(panel, "scenarioMessage")->isVisibleTo(&panel));
}

void tst_SimulatorPanel::saveAndLoadRoundTrip()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("edited.json"));
    SimulatorPanel panel;
    panel.show();
    QVERIFY(panel.loadBuiltIn(QStringLiteral("slow-consumer")));
    GroupTableModel *model = panel.groupModel();
    QVERIFY(model->setData(model->index(0, GroupTableModel::RampUp), QStringLiteral("3s")));
    const QByteArray saved = panel.scenarioJson();
    QVERIFY(panel.saveFile(path));
    QFile file(path);
    QVERIFY(file.open(QIODevice::ReadOnly));
    QCOMPARE(file.readAll(), saved);

    QVERIFY(panel.loadBuiltIn(QStringLiteral("chat-1k")));
    QVERIFY(panel.scenarioJson() != saved);
    QVERIFY(panel.loadFile(path));
    QCOMPARE(panel.scenarioJson(), saved);
    QCOMPARE(child<QPlainTextEdit>(panel, "scenarioJson")->toPlainText().toUtf8(), saved);
    QCOMPARE(panel.currentScenario()->groups.at(0).phases.rampUp, std::chrono::milliseconds(3000));
    QVERIFY(child<QLabel>(panel, "scenarioStatus")->text().contains(QLatin1String("edited.json")));
}

void tst_SimulatorPanel::loadFailureIsShown()
{
    SimulatorPanel panel;
    panel.show();
    const QByteArray before = panel.scenarioJson();
    QVERIFY(!panel.loadFile(QStringLiteral("/nonexistent/nowhere.json")));
    auto *message = child<QLabel>(panel, "scenarioMessage");
    QVERIFY(message->isVisibleTo(&panel));
    QVERIFY2(message->text().contains(QLatin1String("nowhere.json")), qPrintable(message->text()));
    QCOMPARE(panel.scenarioJson(), before);
    QVERIFY(panel.loadBuiltIn(QStringLiteral("chat-1k")));
    QVERIFY(!message->isVisibleTo(&panel));
    QTest::mouseClick(child<QPushButton>(panel, "newScenario"), Qt::LeftButton);
    QCOMPARE(panel.scenarioJson(), before);
    QVERIFY(panel.currentScenario());
    QVERIFY(panel.document()->filePath().isEmpty());
}

void tst_SimulatorPanel::builtInMenuListsAndLoads()
{
    SimulatorPanel panel;
    panel.show();
    auto *menu = panel.findChild<QMenu *>(QStringLiteral("builtInMenu"));
    QVERIFY(menu);
    QStringList names;
    for (QAction *action : menu->actions())
        names << action->text();
    QStringList expected;
    for (const QString &resource : scenario::ScenarioLoader::builtInScenarios())
        expected << QFileInfo(resource).completeBaseName();
    QCOMPARE(names, expected);
    QVERIFY(names.contains(QStringLiteral("reconnect-storm")));
    menu->findChild<QAction *>(QStringLiteral("builtIn-reconnect-storm"))->trigger();
    QCOMPARE(child<QLineEdit>(panel, "scenarioName")->text(), QStringLiteral("reconnect-storm"));
    QCOMPARE(panel.groupModel()->rowCount(), 2);
    QCOMPARE(panel.groupModel()->data(panel.groupModel()->index(0, GroupTableModel::Jitter), Qt::EditRole).toString(), QStringLiteral("none"));
}

void tst_SimulatorPanel::targetUrlField()
{
    SimulatorPanel panel;
    panel.show();
    QVERIFY(panel.loadBuiltIn(QStringLiteral("chat-1k")));
    auto *kind = child<QComboBox>(panel, "scenarioTargetKind");
    auto *url = child<QLineEdit>(panel, "scenarioTargetUrl");
    QCOMPARE(kind->currentIndex(), 0);
    QVERIFY(!url->isEnabled());
    kind->setCurrentIndex(1);
    Q_EMIT kind->activated(1);
    QVERIFY(url->isEnabled());
    url->setText(QStringLiteral("ws://127.0.0.1:9/"));
    Q_EMIT url->editingFinished();
    QVERIFY(panel.scenarioJson().contains("\"target\": \"ws://127.0.0.1:9/\""));
    QVERIFY(panel.currentScenario());
    QVERIFY(!panel.currentScenario()->target.embedded);
    kind->setCurrentIndex(0);
    Q_EMIT kind->activated(0);
    QVERIFY(panel.currentScenario()->target.embedded);
    QVERIFY(!url->isEnabled());
}

void tst_SimulatorPanel::ownServerGroupThroughTheView()
{
    // resources/scenarios/examples/chat-broadcast.json's group, written as that file writes it.
    const QByteArray json(R"({
  "name": "chat-broadcast",
  "duration": "30s",
  "groups": [
    {
      "name": "chatters",
      "protocol": "ws",
      "clients": 50,
      "url": "ws://127.0.0.1:3000/",
      "phases": {"rampUp": "5s"},
      "send": {
        "rate": 2,
        "template": {"type": "message", "user": "{{client}}", "text": "{{seq}}|{{sentAt}}|hello from {{group}}"}
      },
      "receive": {"match": {"$.type": "message"}, "sender": "$.user", "seq": {"path": "$.text", "regex": "^(\\d+)\\|"}, "expect": "all"}
    }
  ]
}
)");
    const QByteArray templateLine = R"(        "template": {"type": "message", "user": "{{client}}", "text": "{{seq}}|{{sentAt}}|hello from {{group}}"})";
    const QByteArray receiveLine = R"(      "receive": {"match": {"$.type": "message"}, "sender": "$.user", "seq": {"path": "$.text", "regex": "^(\\d+)\\|"}, "expect": "all"})";
    QVERIFY(json.contains(templateLine) && json.contains(receiveLine));
    SimulatorPanel panel;
    panel.resize(1100, 700);
    panel.show();
    QVERIFY(QTest::qWaitForWindowExposed(&panel));
    // The name field holding the focus while the scenario comes in must not bring the old name
    // back when the focus moves to the table.
    child<QLineEdit>(panel, "scenarioName")->setFocus();
    panel.setScenarioJson(json);
    QVERIFY(panel.currentScenario());
    QCOMPARE(child<QLineEdit>(panel, "scenarioName")->text(), QStringLiteral("chat-broadcast"));
    auto *table = child<QTableView>(panel, "groupTable");
    const QAbstractItemModel *model = table->model();
    QCOMPARE(model->index(0, GroupTableModel::Url).data().toString(), QStringLiteral("ws://127.0.0.1:3000/"));
    const QString receives = model->index(0, GroupTableModel::Receives).data().toString();
    QVERIFY2(receives.startsWith(QLatin1String("match $.type=message; sender $.user; seq regex")), qPrintable(receives));

    // A long summary does not take the table's width: its column starts narrower than the text,
    // the view cuts it, and hovering shows all of it.
    const QString fullTemplate = QString::fromUtf8(R"({"type":"message","user":"{{client}}","text":"{{seq}}|{{sentAt}}|hello from {{group}}"})");
    QCOMPARE(model->index(0, GroupTableModel::Sends).data().toString(), fullTemplate);
    QVERIFY(table->columnWidth(GroupTableModel::Sends) < table->fontMetrics().horizontalAdvance(fullTemplate));
    QVERIFY(table->columnWidth(GroupTableModel::Sends) > table->fontMetrics().horizontalAdvance(QStringLiteral("{\"type\":\"message\"")));
    table->scrollTo(model->index(0, GroupTableModel::Sends));
    const QRect cell = table->visualRect(model->index(0, GroupTableModel::Sends));
    QHelpEvent hover(QEvent::ToolTip, cell.center(), table->viewport()->mapToGlobal(cell.center()));
    QApplication::sendEvent(table->viewport(), &hover);
    QTRY_COMPARE(QToolTip::text(), fullTemplate);
    QToolTip::hideText();
    QTRY_VERIFY(QToolTip::text().isEmpty());
    // ... also for text with spaces, which a wrapping size hint would fit into the cell.
    const QString rules = model->index(0, GroupTableModel::Receives).data().toString();
    QVERIFY(table->columnWidth(GroupTableModel::Receives) < table->fontMetrics().horizontalAdvance(rules));
    table->scrollTo(model->index(0, GroupTableModel::Receives));
    const QRect rulesCell = table->visualRect(model->index(0, GroupTableModel::Receives));
    QHelpEvent hoverRules(QEvent::ToolTip, rulesCell.center(), table->viewport()->mapToGlobal(rulesCell.center()));
    QApplication::sendEvent(table->viewport(), &hoverRules);
    QTRY_COMPARE(QToolTip::text(), rules);
    QToolTip::hideText();
    QTRY_VERIFY(QToolTip::text().isEmpty());
    // A cell that fits shows no such tooltip (showing one is immediate).
    table->scrollTo(model->index(0, GroupTableModel::Url));
    const QRect url = table->visualRect(model->index(0, GroupTableModel::Url));
    QHelpEvent fits(QEvent::ToolTip, url.center(), table->viewport()->mapToGlobal(url.center()));
    QApplication::sendEvent(table->viewport(), &fits);
    QVERIFY(QToolTip::text().isEmpty());
    // Double-clicking a summary opens no editor: it is edited in the JSON.
    const QModelIndex sends = model->index(0, GroupTableModel::Sends);
    table->setCurrentIndex(sends);
    QTest::ignoreMessage(QtWarningMsg, "edit: editing failed");
    table->edit(sends);
    QVERIFY(table->viewport()->findChildren<QLineEdit *>().isEmpty());

    // Clients edited in the table: the JSON view gets the new number and keeps url, template
    // and receive as they were written, line for line.
    const QModelIndex clients = model->index(0, GroupTableModel::Clients);
    table->setCurrentIndex(clients);
    table->edit(clients);
    auto *spin = table->findChild<QSpinBox *>(QStringLiteral("groupNumberEditor"));
    QVERIFY(spin);
    QCOMPARE(spin->value(), 50);
    spin->setValue(80);
    QTest::keyClick(spin, Qt::Key_Return);
    QTRY_COMPARE(panel.currentScenario() ? panel.currentScenario()->groups.at(0).clients : 0, 80);
    const QString shown = child<QPlainTextEdit>(panel, "scenarioJson")->toPlainText();
    QByteArray expected = json;
    expected.replace("\"clients\": 50", "\"clients\": 80");
    QCOMPARE(shown.toUtf8(), expected);
    const scenario::Group &group = panel.currentScenario()->groups.at(0);
    QCOMPARE(group.urlText, QStringLiteral("ws://127.0.0.1:3000/"));
    QVERIFY(group.send.message.has_value());
    QVERIFY(group.receive.accountsPerSender());
}

void tst_SimulatorPanel::socketIoAndGraphQlSendsAreSummarised()
{
    // A Socket.IO group sends events and a graphql-ws group operations: the Sends column says
    // which (not "envelope", which is the embedded server's message).
    SimulatorPanel panel;
    panel.setScenarioJson(R"({"name": "protocols", "groups": [
        {"name": "chat", "protocol": "socketio", "clients": 2, "url": "http://127.0.0.1:3000/socket.io/",
         "send": {"rate": 1, "event": "chat", "args": [{"n": "{{seq}}"}], "ack": true}},
        {"name": "feed", "protocol": "graphql-ws", "clients": 2, "url": "ws://127.0.0.1:3000/graphql",
         "send": {"rate": 1, "query": "mutation Post($n: Int!) {\n  post(n: $n)\n}", "variables": {"n": "{{seq}}"}}}
    ]})");
    QVERIFY(panel.currentScenario());
    const QAbstractItemModel *model = child<QTableView>(panel, "groupTable")->model();
    QCOMPARE(model->index(0, GroupTableModel::Sends).data().toString(), QStringLiteral("emit \"chat\" with ack [{\"n\":\"{{seq}}\"}]"));
    QCOMPARE(model->index(1, GroupTableModel::Sends).data().toString(), QStringLiteral("mutation Post($n: Int!) { post(n: $n) }"));
    const QString variables = model->index(1, GroupTableModel::Sends).data(Qt::ToolTipRole).toString();
    QVERIFY2(variables.contains(QStringLiteral("variables")) && variables.contains(QStringLiteral("{{seq}}")), qPrintable(variables));
}

QTEST_MAIN(tst_SimulatorPanel)
#include "tst_simulatorpanel.moc"
