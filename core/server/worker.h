#pragma once

#include "channel.h"
#include "channelref.h"
#include "deliveryqueue.h"
#include "timerwheel.h"
#include "replaybuffer.h"
#include "wsadmission.h"

#include <QHash>
#include <QObject>
#include <QSet>
#include <QSslConfiguration>
#include <QTimer>

#include <memory>
#include <optional>

class Channel;
class DelayLine;
class HttpConnection;
class QWebSocketServer;
class ServerSocket;
class Subscriber;
class WsSession;
struct ServerContext;
struct ServerCounters;

// One worker thread's share of the server: the connections it was given, its subscribers per
// channel, its inbox of published messages and one housekeeping timer driving a timing wheel for
// all its connections' timeouts.
// Created by Server and moved to its QThread; everything below runs on that thread. Other
// threads reach it only through queued calls (one per connection or command, never per message)
// and through its DeliveryQueue.
class Worker : public QObject
{
    Q_OBJECT
public:
    Worker(ServerContext &context, int index);
    ~Worker() override;

    // Before the thread starts: every accepted connection speaks TLS with this configuration;
    // failed handshakes are counted in this worker's counters (tlsHandshakeFailures).
    void setTls(const QSslConfiguration &configuration);
    bool usesTls() const { return m_tls.has_value(); }

    // --- called from other threads (queued) ---
    void initialize();
    void acceptConnection(qintptr descriptor);
    // Closes every connection gracefully (WS 1001, SSE/poll responses ended); emits drained().
    void beginDrain();
    void resume();
    void dropConnections(double fraction);
    void applyReadingStopped(bool stopped);
    void shutdown();

    // --- used by this worker's connections ---
    ServerContext &context() { return m_context; }
    ServerCounters &counters() { return *m_counters; }
    DeliveryQueue &inbox() { return m_inbox; }
    int index() const { return m_index; }
    // The deadlines of this worker's connections (heartbeats, timeouts): no timer per connection.
    TimerWheel &deadlines() { return m_deadlines; }
    bool isDraining() const { return m_draining; }
    quint64 nextConnectionId() { return ++m_lastId; }

    // The named channel, cached on this worker while it has subscribers here or was used in the
    // last second (onHousekeeping lets it go after that, so the hub may evict it); nullptr if
    // the hub's channel limit is reached. Valid at least until control returns to the event loop.
    Channel *channelFor(const QString &name);
    // Registers a subscriber; returns what it must be sent before live messages (the replay
    // after resumeAfter) so that nothing is missed or sent twice.
    ReplayBuffer::Slice subscribe(Subscriber *subscriber, Channel *channel, std::optional<quint64> resumeAfter);
    // A mid-connection resume ("sync"): the replay after `since`, minus what was already sent live.
    ReplayBuffer::Slice resync(Subscriber *subscriber, quint64 since);
    void unsubscribe(Subscriber *subscriber);
    // Sends bytes to a subscriber now, or later when the added-latency fault is on.
    void send(Subscriber *subscriber, const QByteArray &bytes);

    // POST /publish through a broker: the connection waiting for its message's number.
    quint64 awaitPublish(HttpConnection *connection);
    void answerPublish(quint64 token, const Channel::Published &published);
    void forgetPublish(quint64 token) { m_awaitingPublish.remove(token); }
    // A WebSocket session waiting for an answer from another thread (presence through the
    // broker): the answer comes back through this worker, which knows whether the session still
    // exists by then. answerSession() returns false (and runs nothing) when it does not.
    quint64 awaitAnswer(WsSession *session);
    bool answerSession(quint64 token, const std::function<void(WsSession &)> &answer);
    void forgetAnswer(quint64 token) { m_awaitingAnswer.remove(token); }

    void adopt(HttpConnection *connection);
    void upgradeToWebSocket(ServerSocket *socket, WsAdmission admission);
    void forget(HttpConnection *connection);
    void forget(WsSession *session);
    int connectionCount() const { return int(m_http.size() + m_sessions.size() + m_upgrading.size()); }

Q_SIGNALS:
    void drained(int index);

private:
    void drainInbox();
    void onHousekeeping();
    void onNewWebSocket();
    void checkDrained();
    void abortEverything();
    qint64 dueTimeFor(Subscriber *subscriber);

    ServerContext &m_context;
    const int m_index;
    ServerCounters *m_counters;
    DeliveryQueue m_inbox;
    TimerWheel m_deadlines;
    quint64 m_lastId = 0;

    std::optional<QSslConfiguration> m_tls;
    QWebSocketServer *m_wsServer = nullptr;
    DelayLine *m_delayLine = nullptr;
    QTimer *m_housekeeping = nullptr;
    QTimer *m_drainDeadline = nullptr;
    bool m_draining = false;
    bool m_readingStopped = false;

    struct CachedChannel
    {
        ChannelRef ref;
        quint64 usedInSweep = 0;
    };
    void releaseUnusedChannels();

    QHash<QString, CachedChannel> m_channels;
    quint64 m_housekeepingTicks = 0;
    QHash<quint64, QList<Subscriber *>> m_subscribers; // by Channel::id()
    QHash<quint64, Subscriber *> m_subscribersById;
    QSet<HttpConnection *> m_http;
    QHash<quint64, HttpConnection *> m_awaitingPublish;
    QHash<quint64, WsSession *> m_awaitingAnswer;
    QSet<WsSession *> m_sessions;
    // Sockets handed to QWebSocketServer whose handshake has not finished, by "address:port".
    struct Upgrade { ServerSocket *socket; WsAdmission admission; };
    QHash<QString, Upgrade> m_upgrading;
};
