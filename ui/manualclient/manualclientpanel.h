#pragma once

#include "manual/manualconnection.h"

#include <QUrl>
#include <QWidget>

class ManualClientTab;
class QTabWidget;
class SavedMessageStore;

// The window's manual client: tabs of ManualClientTab ("User A", "User B", ...) so one person can
// act as several users at once, a "+" to add one, saved messages shared by all tabs (QSettings).
// New tabs start with the default URL (the embedded server's WebSocket endpoint, set by the
// window); the panel never touches sockets, each tab's ManualConnection in core does.
class ManualClientPanel : public QWidget
{
    Q_OBJECT
public:
    explicit ManualClientPanel(QWidget *parent = nullptr);
    ~ManualClientPanel() override;

    // The URL new tabs start with; tabs still showing the old default get the new one too
    // (the embedded server moved to another port).
    void setDefaultUrl(const QUrl &url);
    QUrl defaultUrl() const { return m_defaultUrl; }

    // Adds a tab named `name`, or the next free "User A", "User B", ... name.
    ManualClientTab *addTab(const QString &name = {});
    int count() const;
    ManualClientTab *tab(int index) const;
    QString tabName(int index) const;
    ManualClientTab *currentTab() const;
    SavedMessageStore *savedMessages() const { return m_saved; }

    // "User A" ... "User Z", then "User 27" ...
    static QString userName(int index);

private:
    QString nextName() const;
    void closeTab(int index);
    void renameTab(int index);
    void updateTabIcon(ManualClientTab *tab, ManualConnection::State state);

    QTabWidget *m_tabs = nullptr;
    SavedMessageStore *m_saved = nullptr;
    QUrl m_defaultUrl;
};
