#include "broker.h"

// A broker that keeps no presence: the server keeps it per instance (keepsPresence() is false).

void Broker::presenceJoin(const QString &, const QString &, int, PresenceJoined done)
{
    done(-1, 0);
}

void Broker::presenceLeave(const QString &, const QString &)
{
}

void Broker::presenceMembers(const QString &, PresenceListed done)
{
    done(false, {});
}

void Broker::presenceRestore(const QHash<QString, int> &)
{
}
