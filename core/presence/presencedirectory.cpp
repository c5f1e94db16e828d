#include "presencedirectory.h"

bool PresenceDirectory::isValidUser(QStringView user)
{
    if (user.isEmpty() || user.size() > 64)
        return false;
    for (const QChar c : user) {
        const char16_t u = c.unicode();
        // '|', ':' and '+' for identity providers' subjects ("auth0|5f7c...", "google-oauth2|1").
        const bool ok = (u >= 'a' && u <= 'z') || (u >= 'A' && u <= 'Z') || (u >= '0' && u <= '9') || u == '.' || u == '_'
            || u == '@' || u == '-' || u == '|' || u == ':' || u == '+';
        if (!ok)
            return false;
    }
    return true;
}

QString PresenceDirectory::validUserForm()
{
    return QStringLiteral("1 to 64 of A-Z a-z 0-9 . _ @ - | : +");
}

PresenceDirectory::Admission PresenceDirectory::admitOn(PresenceTable &table, const QString &channel, const QString &user,
                                                       int limit, bool *firstInChannel)
{
    Admission admission;
    admission.limit = limit;
    admission.userConnections = table.userConnections(user);
    if (limit > 0 && admission.userConnections >= limit) {
        ++m_counters.refused;
        return admission;
    }
    admission.admitted = true;
    ++admission.userConnections;
    const bool first = table.add(channel, user) == 1;
    if (firstInChannel)
        *firstInChannel = first;
    return admission;
}

QList<PresenceDirectory::Member> PresenceDirectory::toMembers(const QList<QPair<QString, int>> &found)
{
    QList<Member> members;
    members.reserve(found.size());
    for (const auto &[user, connections] : found)
        members.append({user, connections});
    return members;
}

void PresenceDirectory::announce(const Change &change)
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
    if (m_announce)
        m_announce(change);
}
