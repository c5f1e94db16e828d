#pragma once

#include "presencedirectory.h"
#include "presencetable.h"

#include <QObject>

class Broker;

// Presence kept in the broker for every instance joined by it (docs/server.md, "Presence"):
// the per-user limit counts the user's connections on all instances, and presence.join and
// presence.leave come from the broker to every instance, so each announces what happened on
// any of them. Lives on the bus thread with the broker; the calls from workers are posted there
// and their answers come back on it.
// This instance's own connections are also kept here: they are what the broker is told again
// after a reconnect or after this instance's name expired there (Broker::presenceRestore).
// While the broker is unavailable the limit counts this instance's connections only, nothing
// is announced, and members() answers with this instance's (ok false).
class BrokerPresence : public QObject, public PresenceDirectory
{
    Q_OBJECT
public:
    BrokerPresence(Broker &broker, Announce announce, QObject *parent = nullptr);

    Scope scope() const override { return Scope::Cluster; }
    void join(const QString &channel, const QString &user, int limit, Admitted done) override;
    void leave(const QString &channel, const QString &user) override;
    void members(const QString &channel, Listed done) override;

private:
    void joinHere(const QString &channel, const QString &user, int limit, const Admitted &done);
    void leaveHere(const QString &channel, const QString &user);
    void membersHere(const QString &channel, const Listed &done);
    void restore();

    Broker &m_broker;
    PresenceTable m_table; // this instance's connections, admitted or being admitted
    quint64 m_restores = 0; // restores sent: a join answered after one was already in it
};
