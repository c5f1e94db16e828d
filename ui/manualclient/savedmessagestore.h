#pragma once

#include <QList>
#include <QObject>
#include <QString>

// Messages the user saved under a name in the manual client, shared by all its tabs and kept in
// QSettings (key savedMessagesSettingsKey()), so they come back in the next session.
class SavedMessageStore : public QObject
{
    Q_OBJECT
public:
    struct Message
    {
        QString name;
        QString text;
        bool json = false;   // written in JSON mode
    };

    explicit SavedMessageStore(QObject *parent = nullptr);

    const QList<Message> &messages() const { return m_messages; }
    // The message saved under `name`, or -1.
    int indexOf(const QString &name) const;
    // Saves (or replaces) the message under `name` and writes the settings.
    void save(const Message &message);
    void remove(const QString &name);
    // Reads the settings again (another window may have written them).
    void reload();

    static QString settingsKey();

Q_SIGNALS:
    void changed();

private:
    void write() const;

    QList<Message> m_messages;
};
