#pragma once

#include "scenario/scenario.h"

#include <QWidget>

#include <memory>

class GroupTableModel;
class QComboBox;
class QLabel;
class QLineEdit;
class QListWidget;
class QListWidgetItem;
class QMenu;
class QPlainTextEdit;
class QPushButton;
class QTableView;
class QTimer;
class ScenarioDocument;

// The scenario editor (issue 4): the scenario's groups as an editable table, its name and target,
// Load / Save / built-in scenarios, and the JSON text itself, editable, with the loader's errors
// under it and their lines highlighted (click an error to jump to it). The JSON text is what runs:
// table edits are spliced into it, typing in it is validated after a short pause.
class SimulatorPanel : public QWidget
{
    Q_OBJECT
public:
    explicit SimulatorPanel(QWidget *parent = nullptr);
    ~SimulatorPanel() override;

    // The scenario to run, or nullptr while the text has errors (any pending typing is taken first).
    std::shared_ptr<const scenario::Scenario> currentScenario();
    // The JSON text as it stands (pending typing included).
    QByteArray scenarioJson();
    // False (and the reason shown in the panel and returned by errorString()) when it failed.
    // Starts over with a small valid scenario.
    void newScenario();
    bool loadBuiltIn(const QString &name);
    bool loadFile(const QString &path);
    bool saveFile(const QString &path);
    QString errorString() const;
    // Replaces the text, as if typed (for the window's drag and drop, tests).
    void setScenarioJson(const QByteArray &json);

    ScenarioDocument *document() const { return m_document; }
    GroupTableModel *groupModel() const { return m_model; }

Q_SIGNALS:
    // The scenario text changed (table edit, typing after the pause, load); currentScenario()
    // tells whether it is valid now.
    void scenarioChanged();

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    void flushPendingText();
    void onDocumentChanged();
    void syncEditorText();
    void showErrors();
    void jumpToError(QListWidgetItem *item);
    void showMessage(const QString &message);
    void updateTargetFields();
    void onTargetKindChanged();
    void openFileDialog();
    void saveWithDialog(bool askForName);
    void addGroup();
    void removeSelectedGroups();
    // URL, Sends and Receives start as wide as their text, up to a cap (the view cuts the rest
    // with "…"); the user may widen them. Again for every new scenario, not on each edit.
    void fitSummaryColumns();

    ScenarioDocument *m_document = nullptr;
    GroupTableModel *m_model = nullptr;
    QLineEdit *m_name = nullptr;
    QComboBox *m_targetKind = nullptr;
    QLineEdit *m_targetUrl = nullptr;
    QTableView *m_table = nullptr;
    QPushButton *m_addGroup = nullptr;
    QPushButton *m_removeGroup = nullptr;
    QPushButton *m_new = nullptr;
    QPushButton *m_load = nullptr;
    QPushButton *m_save = nullptr;
    QPushButton *m_saveAs = nullptr;
    QPushButton *m_builtIn = nullptr;
    QMenu *m_builtInMenu = nullptr;
    QPlainTextEdit *m_json = nullptr;
    QListWidget *m_errors = nullptr;
    QLabel *m_status = nullptr;
    QLabel *m_message = nullptr;
    QTimer *m_revalidate = nullptr;
    bool m_syncing = false;
    bool m_pending = false;
    QString m_error;
};
