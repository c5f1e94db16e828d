#pragma once

#include "panels/jsontextedit.h"
#include "scenario/jsonsourcemap.h"
#include "scenario/scenario.h"
#include "scenario/scenarioloader.h"

#include <QJsonObject>
#include <QList>
#include <QObject>
#include <QString>

#include <memory>

// The scenario being edited in the window: its JSON text is the source of truth, exactly as the
// user (or a file) wrote it. Group-level accessors read the parsed text; setters splice one value
// into the text (JsonTextEdit), so keys nobody touched stay as they were, in their order and
// layout. Every change is validated at once with ScenarioLoader, the same loader `socketscope
// run` uses, so the window can show its errors and run exactly what would run from the file.
// No widgets: SimulatorPanel shows it, GroupTableModel edits its groups. Lives in the GUI thread.
class ScenarioDocument : public QObject
{
    Q_OBJECT
public:
    explicit ScenarioDocument(QObject *parent = nullptr);

    // Replaces the text (as typed into the JSON view, or pasted); `sourceName` names it in
    // errors ("chat-1k.json"); empty keeps the current one.
    void setText(const QByteArray &json, const QString &sourceName = {});
    const QByteArray &text() const { return m_text; }
    QString sourceName() const { return m_sourceName; }
    // The file it was loaded from or saved to; empty for built-in and new scenarios.
    QString filePath() const { return m_filePath; }
    bool isModified() const { return m_modified; }

    // Starts over with a small valid scenario (one WebSocket group against the embedded server).
    void newScenario();
    // Reads a scenario file; its text is shown even when it does not validate. False (and
    // errorString()) only when the file cannot be read.
    bool loadFile(const QString &path);
    // A built-in scenario by name ("chat-1k") or resource path (":/scenarios/chat-1k.json").
    bool loadBuiltIn(const QString &name);
    // Writes the text as it is (also when it has errors: work in progress is worth keeping).
    bool saveFile(const QString &path);
    QString errorString() const { return m_error; }

    // The built-in scenarios: name -> resource path, sorted by name.
    static QList<QPair<QString, QString>> builtInScenarios();

    // --- validation ---
    // The loader's errors for the current text, in file order; empty when valid.
    const QList<scenario::LoadError> &errors() const { return m_errors; }
    bool isValid() const { return m_scenario != nullptr; }
    // The scenario as loaded from the current text; nullptr while it has errors.
    std::shared_ptr<const scenario::Scenario> scenario() const { return m_scenario; }
    // True when the text is syntactically valid JSON with an object at the top, so that
    // values can be set (schema errors do not stop editing; syntax errors do).
    bool isEditable() const { return m_editable; }

    // --- values ---
    QString name() const;
    bool setName(const QString &name);
    // "embedded" (also when the key is absent) or the target URL as written.
    QString target() const;
    bool setTarget(const QString &target);

    int groupCount() const;
    QJsonObject group(int index) const;
    // The value at `keys` under group `index` ({"phases", "hold"}); undefined when absent.
    QJsonValue groupValue(int index, const QStringList &keys) const;
    // The same value's text exactly as written (its keys in the file's order, its layout);
    // empty when absent or while the text does not parse.
    QByteArray groupValueText(int index, const QStringList &keys) const;
    // Sets (or with an undefined value removes) one value of a group; false with errorString()
    // when refused (syntax errors in the text, no such group).
    bool setGroupValue(int index, const QStringList &keys, const QJsonValue &value);
    // Appends a group with working defaults and a unique name; returns its index or -1.
    int addGroup();
    bool removeGroup(int index);

Q_SIGNALS:
    // The text changed (any cause); the parsed values, errors() and scenario() are updated.
    void textChanged();

private:
    bool applyEdit(const JsonTextEdit &edit, bool ok);
    void reparse();

    QByteArray m_text;
    QString m_sourceName = QStringLiteral("scenario.json");
    QString m_filePath;
    QString m_error;
    bool m_modified = false;
    bool m_editable = false;
    QJsonObject m_root;
    JsonSourceMap m_sourceMap;      // of m_text, while it parses
    QList<scenario::LoadError> m_errors;
    std::shared_ptr<const scenario::Scenario> m_scenario;
};
