#include "brokerpresence.h"

#include "broker/broker.h"

BrokerPresence::BrokerPresence(Broker &broker, Announce announcer, QObject *parent)
    : QObject(parent)
    , PresenceDirectory(std::move(announcer))
    , m_broker(broker)
{
    connect(&m_broker, &Broker::presenceChanged, this,
            [this](const QString &channel, const QString &user, bool joined, int members) {
                announce(Change{channel, user, joined, members});
            });
    connect(&m_broker, &Broker::presenceExpired, this, &BrokerPresence::restore);
    connect(&m_broker, &Broker::availabilityChanged, this, [this](bool available) {
        if (available)
            restore();
    });
}

void BrokerPresence::join(const QString &channel, const QString &user, int limit, Admitted done)
{
    QMetaObject::invokeMethod(this, [this, channel, user, limit, done = std::move(done)] { joinHere(channel, user, limit, done); },
                              Qt::QueuedConnection);
}

void BrokerPresence::leave(const QString &channel, const QString &user)
{
    QMetaObject::invokeMethod(this, [this, channel, user] { leaveHere(channel, user); }, Qt::QueuedConnection);
}

void BrokerPresence::members(const QString &channel, Listed done)
{
    QMetaObject::invokeMethod(this, [this, channel, done = std::move(done)] { membersHere(channel, done); }, Qt::QueuedConnection);
}

void BrokerPresence::joinHere(const QString &channel, const QString &user, int limit, const Admitted &done)
{
    if (!m_broker.isAvailable()) {
        // This instance's connections are all that can be counted; the broker hears of them on
        // reconnect.
        done(admitOn(m_table, channel, user, limit));
        return;
    }
    // Counted here before the broker answers, so that a restore sent meanwhile includes it (the
    // broker runs the join first, and the restore then finds it already there).
    m_table.add(channel, user);
    const quint64 restoresBefore = m_restores;
    m_broker.presenceJoin(channel, user, limit, [this, channel, user, limit, restoresBefore, done](int result, int held) {
        Admission admission;
        admission.limit = limit;
        admission.userConnections = held;
        if (result == 0) {
            ++m_counters.refused;
            m_table.remove(channel, user);
            // A restore sent after the join told the broker about this connection: take it back.
            if (m_restores != restoresBefore)
                m_broker.presenceLeave(channel, user);
        } else {
            // -1: the broker was lost before it answered; admitted on this instance's count,
            // like any join while it is away (the restore on reconnect tells it).
            admission.admitted = true;
            if (result < 0)
                admission.userConnections = m_table.userConnections(user);
        }
        done(admission);
    });
}

void BrokerPresence::leaveHere(const QString &channel, const QString &user)
{
    if (m_table.remove(channel, user) < 0)
        return;
    m_broker.presenceLeave(channel, user);
}

void BrokerPresence::membersHere(const QString &channel, const Listed &done)
{
    if (!m_broker.isAvailable()) {
        done(false, toMembers(m_table.members(channel)));
        return;
    }
    m_broker.presenceMembers(channel, [this, channel, done](bool ok, const QList<QPair<QString, int>> &found) {
        // Without the broker's answer, this instance's own.
        done(ok, toMembers(ok ? found : m_table.members(channel)));
    });
}

void BrokerPresence::restore()
{
    ++m_restores;
    m_broker.presenceRestore(m_table.all());
}
