#pragma once

#include "broker.h"
#include "brokerurl.h"

#include <QTimer>

struct redisAsyncContext;
struct redisReply;

// The Broker on Redis (hiredis' asynchronous API on this thread's event loop through the Qt
// adapter it ships, hiredis/adapters/qt.h). Two connections: one for commands and one
// subscribed to every channel's bus (PSUBSCRIBE).
// A publish is one Lua script, run atomically by Redis: INCR the channel's counter, XADD the
// message to the channel's stream under the id "<seq>-1" (MAXLEN ~ keep), PUBLISH "<seq>\n<body>".
// Redis runs scripts one at a time and delivers a subscriber's messages in publish order, so the
// order on the bus is the numbers' order, on every instance.
// Health: a PING every 250 ms; a PING unanswered for 1 s marks the broker stalled (a paused Redis
// keeps its connections open; what is sent meanwhile waits in them), its answer ends that.
// Presence (docs/server.md, "Presence"): Lua scripts again, so that checking the per-user limit
// and counting a connection, or taking an expired instance's connections out, are one step:
//   socketscope:instances            sorted set: instance name -> expiry (ms, Redis' clock)
//   socketscope:presence:<instance>  hash: "<channel>\n<user>" -> that instance's connections
//   socketscope:members:<channel>    hash: user -> connections on all instances
//   socketscope:userconns            hash: user -> connections on all instances, all channels
// Joins and leaves are published on socketscope:db<N>:presence:<channel> as
// "join|leave\n<members>\n<user>".
class RedisBroker : public Broker
{
    Q_OBJECT
public:
    explicit RedisBroker(BrokerUrl url, QObject *parent = nullptr);
    ~RedisBroker() override;

    void open() override;
    void close() override;
    bool isAvailable() const override { return m_available; }
    void setCutOff(bool cutOff) override;

    void publish(const BusMessage &message, int keep, Published done) override;
    bool relay(const BusMessage &message) override;
    void readAfter(const QString &channel, quint64 after, int limit, Read done) override;
    void listChannels(Listed done) override;
    void raiseLatest(const QString &channel, quint64 latest) override;

    bool keepsPresence() const override { return true; }
    void presenceJoin(const QString &channel, const QString &user, int limit, PresenceJoined done) override;
    void presenceLeave(const QString &channel, const QString &user) override;
    void presenceMembers(const QString &channel, PresenceListed done) override;
    void presenceRestore(const QHash<QString, int> &mine) override;

    // The names used in Redis, for people reading it with redis-cli.
    static QByteArray counterKey(const QString &channel);
    static QByteArray streamKey(const QString &channel);
    QByteArray busChannel(const QString &channel) const;
    QByteArray presenceChannel(const QString &channel) const;

private:
    using ReplyHandler = std::function<void(redisReply *reply)>; // nullptr: connection lost

    void connectBoth();
    void onConnected(redisAsyncContext *context, bool ok, const QString &error);
    void onDisconnected(redisAsyncContext *context, const QString &reason);
    void onSubscriberReply(redisReply *reply);
    void dropBoth(const QString &reason);
    void scheduleReconnect();
    void setAvailable(bool available, const QString &reason);
    void setStalled(bool stalled, const QString &reason);
    void checkHealth();
    bool command(const QList<QByteArray> &arguments, ReplyHandler handler);
    void heartbeat();
    void onPresenceMessage(const QString &channel, QByteArrayView data);
    QByteArray presenceSha(int script) const;
    void scanFrom(const QByteArray &cursor, std::shared_ptr<QHash<QString, quint64>> found, Listed done);

    static void connectCallback(const redisAsyncContext *context, int status);
    static void disconnectCallback(const redisAsyncContext *context, int status);
    static void replyCallback(redisAsyncContext *context, void *reply, void *privdata);
    static void subscriberCallback(redisAsyncContext *context, void *reply, void *privdata);

    const BrokerUrl m_url;
    const QByteArray m_instanceName;
    redisAsyncContext *m_commands = nullptr;
    redisAsyncContext *m_subscriber = nullptr;
    bool m_commandsReady = false;
    bool m_subscriberReady = false;
    bool m_available = false;
    bool m_stalled = false;
    bool m_toldOnce = false;
    bool m_open = false;
    bool m_cutOff = false;
    QByteArray m_publishSha;
    QByteArray m_raiseSha;
    QList<QByteArray> m_presenceShas; // join, leave, restore, heartbeat
    int m_healthTicks = 0;
    QTimer *m_reconnect; // children: they move to the bus thread with the broker
    QTimer *m_health;
    int m_backoffMs = 100;
    qint64 m_pingSentNs = 0; // 0: no PING outstanding
};
