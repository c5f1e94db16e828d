#pragma once

#include <QHash>
#include <QList>
#include <QString>

// Connections by channel and user, and by user over all channels: what one instance holds.
// Not locked; its owner is.
class PresenceTable
{
public:
    // The key of a channel's user, as BrokerPresence also hands it to the broker.
    static QString key(const QString &channel, const QString &user) { return channel + QLatin1Char('\n') + user; }

    // Returns the user's connections to the channel after the change (remove: -1 when it had none).
    int add(const QString &channel, const QString &user);
    int remove(const QString &channel, const QString &user);

    int userConnections(const QString &user) const { return m_byUser.value(user); }
    int memberCount(const QString &channel) const { return m_membersByChannel.value(channel); }
    // The channel's users with their connections, sorted by user.
    QList<QPair<QString, int>> members(const QString &channel) const;
    // Every channel's users: "channel\nuser" -> connections.
    const QHash<QString, int> &all() const { return m_byKey; }

private:
    QHash<QString, int> m_byKey;
    QHash<QString, int> m_byUser;
    QHash<QString, int> m_membersByChannel;
};
