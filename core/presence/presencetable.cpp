#include "presencetable.h"

#include <algorithm>

int PresenceTable::add(const QString &channel, const QString &user)
{
    ++m_byUser[user];
    const int now = ++m_byKey[key(channel, user)];
    if (now == 1)
        ++m_membersByChannel[channel];
    return now;
}

int PresenceTable::remove(const QString &channel, const QString &user)
{
    const QString k = key(channel, user);
    const auto it = m_byKey.find(k);
    if (it == m_byKey.end())
        return -1;
    const int now = --it.value();
    if (now == 0) {
        m_byKey.erase(it);
        if (--m_membersByChannel[channel] == 0)
            m_membersByChannel.remove(channel);
    }
    if (--m_byUser[user] == 0)
        m_byUser.remove(user);
    return now;
}

QList<QPair<QString, int>> PresenceTable::members(const QString &channel) const
{
    QList<QPair<QString, int>> found;
    const QString prefix = channel + QLatin1Char('\n');
    for (auto it = m_byKey.cbegin(); it != m_byKey.cend(); ++it) {
        if (it.key().startsWith(prefix))
            found.append({it.key().sliced(prefix.size()), it.value()});
    }
    std::sort(found.begin(), found.end());
    return found;
}
