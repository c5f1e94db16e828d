#include "manualclient/savedmessagestore.h"

#include <QSettings>

SavedMessageStore::SavedMessageStore(QObject *parent)
    : QObject(parent)
{
    reload();
}

QString SavedMessageStore::settingsKey()
{
    return QStringLiteral("manualClient/savedMessages");
}

int SavedMessageStore::indexOf(const QString &name) const
{
    for (qsizetype i = 0; i < m_messages.size(); ++i) {
        if (m_messages.at(i).name == name)
            return int(i);
    }
    return -1;
}

void SavedMessageStore::save(const Message &message)
{
    if (const int index = indexOf(message.name); index >= 0)
        m_messages[index] = message;
    else
        m_messages.append(message);
    write();
    Q_EMIT changed();
}

void SavedMessageStore::remove(const QString &name)
{
    const int index = indexOf(name);
    if (index < 0)
        return;
    m_messages.removeAt(index);
    write();
    Q_EMIT changed();
}

void SavedMessageStore::reload()
{
    QSettings settings;
    const int count = settings.beginReadArray(settingsKey());
    m_messages.clear();
    for (int i = 0; i < count; ++i) {
        settings.setArrayIndex(i);
        Message message{settings.value(QStringLiteral("name")).toString(), settings.value(QStringLiteral("text")).toString(),
                        settings.value(QStringLiteral("json")).toBool()};
        if (!message.name.isEmpty())
            m_messages.append(message);
    }
    settings.endArray();
    Q_EMIT changed();
}

void SavedMessageStore::write() const
{
    QSettings settings;
    settings.remove(settingsKey());
    settings.beginWriteArray(settingsKey(), int(m_messages.size()));
    for (int i = 0; i < int(m_messages.size()); ++i) {
        settings.setArrayIndex(i);
        settings.setValue(QStringLiteral("name"), m_messages.at(i).name);
        settings.setValue(QStringLiteral("text"), m_messages.at(i).text);
        settings.setValue(QStringLiteral("json"), m_messages.at(i).json);
    }
    settings.endArray();
}
