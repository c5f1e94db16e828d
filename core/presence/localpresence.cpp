#include "localpresence.h"

#include <optional>

LocalPresence::LocalPresence(Announce announcer)
    : PresenceDirectory(std::move(announcer))
{
}

void LocalPresence::join(const QString &channel, const QString &user, int limit, Admitted done)
{
    Admission admission;
    std::optional<Change> change;
    {
        QMutexLocker lock(&m_mutex);
        bool first = false;
        admission = admitOn(m_table, channel, user, limit, &first);
        if (first)
            change = Change{channel, user, true, m_table.memberCount(channel)};
    }
    // Announced before the answer, outside the lock: the joining connection is not subscribed
    // yet, so it does not hear its own join (the member list has it).
    if (change)
        announce(*change);
    done(admission);
}

void LocalPresence::leave(const QString &channel, const QString &user)
{
    std::optional<Change> change;
    {
        QMutexLocker lock(&m_mutex);
        if (m_table.remove(channel, user) == 0)
            change = Change{channel, user, false, m_table.memberCount(channel)};
    }
    if (change)
        announce(*change);
}

void LocalPresence::members(const QString &channel, Listed done)
{
    QList<Member> members;
    {
        QMutexLocker lock(&m_mutex);
        members = toMembers(m_table.members(channel));
    }
    done(true, members);
}
