#include "presencedirectory.h"

bool PresenceDirectory::isValidUser(QStringView user)
{
    if (user.isEmpty() || user.size() > 64)
        return false;
    for (const QChar c : user) {
        const char16_t u = c.unicode();
        const bool ok = (u >= 'a' && u <= 'z') || (u >= 'A' && u <= 'Z') || (u >= '0' && u <= '9') || u == '.' || u == '_'
            || u == '@' || u == '-';
        if (!ok)
            return false;
    }
    return true;
}

void PresenceDirectory::announce(const Announce &to, const Change &change)
{
    ++(change.joined ? m_counters.joins : m_counters.leaves);
    {
        QMutexLocker lock(&m_membersMutex);
        int &members = m_membersByChannel[change.channel];
        m_counters.members += change.members - members;
        members = change.members;
        if (members == 0)
            m_membersByChannel.remove(change.channel);
    }
    if (to)
        to(change);
}
