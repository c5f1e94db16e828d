#pragma once

#include "presencedirectory.h"
#include "presencetable.h"

#include <QMutex>

// Presence on one server instance (docs/server.md, "Presence"): exact, answered at once on the
// caller's thread, announced there too.
class LocalPresence : public PresenceDirectory
{
public:
    explicit LocalPresence(Announce announce);

    Scope scope() const override { return Scope::Instance; }
    void join(const QString &channel, const QString &user, int limit, Admitted done) override;
    void leave(const QString &channel, const QString &user) override;
    void members(const QString &channel, Listed done) override;

private:
    QMutex m_mutex;
    PresenceTable m_table;
};
