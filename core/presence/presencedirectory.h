#pragma once

#include "presencetable.h"

#include <QHash>
#include <QList>
#include <QMutex>
#include <QString>

#include <atomic>
#include <functional>

// Who is connected to each channel, by user (docs/server.md, "Presence"): the server asks it
// before a WebSocket of a known user (?user=) starts, tells it when one ends, and asks it for a
// channel's members. It enforces the per-user connection limit and announces presence.join when
// a user's first connection to a channel opens and presence.leave when the last one closes.
// One instance keeps it in memory (LocalPresence); instances joined by a broker keep it in the
// broker (BrokerPresence), so that the limit and the events hold across them.
// Called from any worker thread; answers may come on another thread, before or after the call
// returns.
class PresenceDirectory
{
public:
    enum class Scope { Instance, Cluster };

    struct Member
    {
        QString user;
        int connections = 0;
    };
    // A presence change to tell a channel's subscribers: join or leave, and the member count after it.
    struct Change
    {
        QString channel;
        QString user;
        bool joined = false;
        int members = 0;
    };
    struct Admission
    {
        bool admitted = false;
        int userConnections = 0; // with this one when admitted; what the user holds when refused
        int limit = 0;
    };
    using Admitted = std::function<void(const Admission &admission)>;
    using Listed = std::function<void(bool ok, const QList<Member> &members)>;
    using Announce = std::function<void(const Change &change)>;

    // Counted for /metrics (socketscope_presence_*).
    struct Counters
    {
        std::atomic<quint64> joins{0};      // presence.join events delivered on this instance
        std::atomic<quint64> leaves{0};
        std::atomic<quint64> refused{0};    // connections refused by the per-user limit here
        std::atomic<qint64> members{0};     // users present, summed over channels, as last announced
    };

    explicit PresenceDirectory(Announce announcer)
        : m_announce(std::move(announcer))
    {
    }
    virtual ~PresenceDirectory() = default;

    // Cluster: the answers cover every instance joined by the broker.
    virtual Scope scope() const = 0;
    // A connection of `user` to `channel` opens, unless the user already holds `limit`
    // connections (0: no limit). When admitted, leave() must follow exactly once.
    virtual void join(const QString &channel, const QString &user, int limit, Admitted done) = 0;
    virtual void leave(const QString &channel, const QString &user) = 0;
    virtual void members(const QString &channel, Listed done) = 0;

    const Counters &counters() const { return m_counters; }

    // "alice", "user-17", "a.b@example.org": 1 to 64 of A-Z a-z 0-9 . _ @ - | : +
    static bool isValidUser(QStringView user);
    static QString validUserForm(); // what isValidUser() accepts, for error messages

protected:
    // Counts the change and hands it to the server.
    void announce(const Change &change);
    // A table's or the broker's (user, connections) pairs as members.
    static QList<Member> toMembers(const QList<QPair<QString, int>> &found);
    // Admits on `table`'s count alone (counting it there) or refuses; `firstInChannel`: the
    // user's first connection to the channel in the table.
    Admission admitOn(PresenceTable &table, const QString &channel, const QString &user, int limit, bool *firstInChannel = nullptr);

    Counters m_counters;

private:
    const Announce m_announce;
    QMutex m_membersMutex;
    QHash<QString, int> m_membersByChannel; // as last announced
};
