#include "redisbroker.h"

#include "metrics/monotonicclock.h"

#include <hiredis/adapters/qt.h>
#include <hiredis/async.h>
#include <hiredis/hiredis.h>

#include <QRandomGenerator>
#include <QUuid>

#include <algorithm>
#include <memory>
#include <utility>

using namespace std::chrono_literals;

namespace {

constexpr auto healthInterval = 250ms;
constexpr qint64 unresponsiveAfterNs = 1'000'000'000;
constexpr int maxBackoffMs = 2000;

// KEYS: counter, stream. ARGV: keep, bus channel, body.
// One script, so that numbering, keeping and publishing are one step for every other client of
// Redis: the order on the bus is the order of the numbers (Redis runs scripts one at a time).
const QByteArray publishScript = QByteArrayLiteral(
    "local seq = redis.call('INCR', KEYS[1])\n"
    "redis.call('XADD', KEYS[2], 'MAXLEN', '~', ARGV[1], seq .. '-1', 'b', ARGV[3])\n"
    "redis.call('PUBLISH', ARGV[2], seq .. '\\n' .. ARGV[3])\n"
    "return seq\n");

// KEYS: counter. ARGV: latest.
const QByteArray raiseScript = QByteArrayLiteral(
    "local current = tonumber(redis.call('GET', KEYS[1]) or '0')\n"
    "if current < tonumber(ARGV[1]) then redis.call('SET', KEYS[1], ARGV[1]) end\n"
    "return current\n");

const QByteArray keyPrefix = QByteArrayLiteral("socketscope:");

// Presence (redisbroker.h). Every script starts with these: ARGV[1] the key prefix, ARGV[2] the
// presence pub/sub prefix. apply() moves a user's count on a channel by d and announces a join
// (the first connection on any instance) or a leave (the last); sweep() takes out everything an
// instance held. TIME is Redis' own clock, the one every instance's expiry is measured on.
const QByteArray presencePrelude = QByteArrayLiteral(
    "local p, bus = ARGV[1], ARGV[2]\n"
    "local function now()\n"
    "  local t = redis.call('TIME')\n"
    "  return tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)\n"
    "end\n"
    "local function apply(ch, user, d)\n"
    "  local u = redis.call('HINCRBY', p .. 'userconns', user, d)\n"
    "  if u <= 0 then redis.call('HDEL', p .. 'userconns', user) end\n"
    "  local key = p .. 'members:' .. ch\n"
    "  local n = redis.call('HINCRBY', key, user, d)\n"
    "  if n <= 0 then redis.call('HDEL', key, user) end\n"
    "  local before = n - d\n"
    "  if before <= 0 and n > 0 then\n"
    "    redis.call('PUBLISH', bus .. ch, 'join\\n' .. redis.call('HLEN', key) .. '\\n' .. user)\n"
    "  elseif before > 0 and n <= 0 then\n"
    "    redis.call('PUBLISH', bus .. ch, 'leave\\n' .. redis.call('HLEN', key) .. '\\n' .. user)\n"
    "  end\n"
    "end\n"
    "local function split(field)\n"
    "  local nl = string.find(field, '\\n', 1, true)\n"
    "  return string.sub(field, 1, nl - 1), string.sub(field, nl + 1)\n"
    "end\n"
    "local function sweep(instance)\n"
    "  local mine = p .. 'presence:' .. instance\n"
    "  local held = redis.call('HGETALL', mine)\n"
    "  for i = 1, #held, 2 do\n"
    "    local ch, user = split(held[i])\n"
    "    apply(ch, user, -tonumber(held[i + 1]))\n"
    "  end\n"
    "  redis.call('DEL', mine)\n"
    "end\n");

// ARGV: 3 instance, 4 channel, 5 user, 6 limit (0: none). Returns {admitted 0|1, held}.
const QByteArray presenceJoinScript = presencePrelude + QByteArrayLiteral(
    "local held = tonumber(redis.call('HGET', p .. 'userconns', ARGV[5]) or '0')\n"
    "local limit = tonumber(ARGV[6])\n"
    "if limit > 0 and held >= limit then return {0, held} end\n"
    "redis.call('HINCRBY', p .. 'presence:' .. ARGV[3], ARGV[4] .. '\\n' .. ARGV[5], 1)\n"
    "apply(ARGV[4], ARGV[5], 1)\n"
    "return {1, held + 1}\n");

// ARGV: 3 instance, 4 channel, 5 user. A connection of an instance that was expired meanwhile
// was taken out by the sweep already: nothing to undo.
const QByteArray presenceLeaveScript = presencePrelude + QByteArrayLiteral(
    "local mine = p .. 'presence:' .. ARGV[3]\n"
    "local field = ARGV[4] .. '\\n' .. ARGV[5]\n"
    "local c = redis.call('HINCRBY', mine, field, -1)\n"
    "if c <= 0 then redis.call('HDEL', mine, field) end\n"
    "if c < 0 then return 0 end\n"
    "apply(ARGV[4], ARGV[5], -1)\n"
    "return 1\n");

// ARGV: 3 instance, 4 ttl ms, then pairs of "channel\nuser" and connections: what the instance
// holds now replaces what Redis has for it, and only the differences are announced.
const QByteArray presenceRestoreScript = presencePrelude + QByteArrayLiteral(
    "local mine = p .. 'presence:' .. ARGV[3]\n"
    "local delta = {}\n"
    "local old = redis.call('HGETALL', mine)\n"
    "for i = 1, #old, 2 do delta[old[i]] = -tonumber(old[i + 1]) end\n"
    "redis.call('DEL', mine)\n"
    "for i = 5, #ARGV, 2 do\n"
    "  delta[ARGV[i]] = (delta[ARGV[i]] or 0) + tonumber(ARGV[i + 1])\n"
    "  redis.call('HSET', mine, ARGV[i], ARGV[i + 1])\n"
    "end\n"
    "for field, d in pairs(delta) do\n"
    "  if d ~= 0 then local ch, user = split(field); apply(ch, user, d) end\n"
    "end\n"
    "redis.call('ZADD', p .. 'instances', now() + tonumber(ARGV[4]), ARGV[3])\n"
    "return 1\n");

// ARGV: 3 instance, 4 ttl ms. Takes out every other instance whose name expired, then renews
// this one's; 0 when this one was taken out by another (or never put in): restore it.
const QByteArray presenceHeartbeatScript = presencePrelude + QByteArrayLiteral(
    "local set = p .. 'instances'\n"
    "local t = now()\n"
    "for _, other in ipairs(redis.call('ZRANGEBYSCORE', set, '-inf', t)) do\n"
    "  if other ~= ARGV[3] then redis.call('ZREM', set, other); sweep(other) end\n"
    "end\n"
    "if not redis.call('ZSCORE', set, ARGV[3]) then return 0 end\n"
    "redis.call('ZADD', set, t + tonumber(ARGV[4]), ARGV[3])\n"
    "return 1\n");

enum PresenceScript { JoinScript, LeaveScript, RestoreScript, HeartbeatScript };
const QByteArray *const presenceScripts[] = {&presenceJoinScript, &presenceLeaveScript, &presenceRestoreScript,
                                              &presenceHeartbeatScript};

// An instance's name expires this long after its last heartbeat (one a second).
constexpr qint64 presenceTtlMs = 5000;
constexpr int healthTicksPerHeartbeat = 4;

QByteArray replyText(const redisReply *reply)
{
    return reply && reply->str ? QByteArray(reply->str, qsizetype(reply->len)) : QByteArray();
}

bool isError(const redisReply *reply)
{
    return !reply || reply->type == REDIS_REPLY_ERROR;
}

struct PendingReply
{
    std::function<void(redisReply *)> handler;
};

// The shipped adapter leaves its socket notifiers and itself to its owner, and touches the
// context in its destructor: take it off the context while the context still exists.
void detachAdapter(redisAsyncContext *context)
{
    auto *adapter = static_cast<RedisQtAdapter *>(context->ev.data);
    if (!adapter)
        return;
    if (context->ev.cleanup)
        context->ev.cleanup(adapter);
    context->ev.addRead = nullptr;
    context->ev.delRead = nullptr;
    context->ev.addWrite = nullptr;
    context->ev.delWrite = nullptr;
    context->ev.cleanup = nullptr;
    delete adapter; // sets context->ev.data to null
}

} // namespace

RedisBroker::RedisBroker(BrokerUrl url, QObject *parent)
    : Broker(parent)
    , m_url(std::move(url))
    , m_instanceName(QUuid::createUuid().toByteArray(QUuid::WithoutBraces))
    , m_reconnect(new QTimer(this))
    , m_health(new QTimer(this))
{
    m_reconnect->setSingleShot(true);
    connect(m_reconnect, &QTimer::timeout, this, &RedisBroker::connectBoth);
    m_health->setInterval(healthInterval);
    connect(m_health, &QTimer::timeout, this, &RedisBroker::checkHealth);
}

RedisBroker::~RedisBroker()
{
    m_open = false;
    for (redisAsyncContext *context : {std::exchange(m_commands, nullptr), std::exchange(m_subscriber, nullptr)}) {
        if (!context)
            continue;
        context->data = nullptr; // callbacks, run now with no reply, no longer reach this broker
        detachAdapter(context);
        redisAsyncFree(context);
    }
}

QByteArray RedisBroker::counterKey(const QString &channel)
{
    return keyPrefix + "seq:" + channel.toUtf8();
}

QByteArray RedisBroker::streamKey(const QString &channel)
{
    return keyPrefix + "stream:" + channel.toUtf8();
}

QByteArray RedisBroker::busChannel(const QString &channel) const
{
    // Pub/sub channels are shared by all databases of a Redis server; keys are not.
    return keyPrefix + "db" + QByteArray::number(m_url.database) + ":bus:" + channel.toUtf8();
}

QByteArray RedisBroker::presenceChannel(const QString &channel) const
{
    return keyPrefix + "db" + QByteArray::number(m_url.database) + ":presence:" + channel.toUtf8();
}

void RedisBroker::open()
{
    m_open = true;
    m_health->start();
    connectBoth();
}

void RedisBroker::close()
{
    m_open = false;
    m_health->stop();
    m_reconnect->stop();
    dropBoth(QStringLiteral("closed"));
}

void RedisBroker::setCutOff(bool cutOff)
{
    if (cutOff == m_cutOff)
        return;
    m_cutOff = cutOff;
    if (cutOff) {
        m_reconnect->stop();
        dropBoth(QStringLiteral("cut off from the broker (partition fault)"));
    } else if (m_open) {
        m_backoffMs = 100;
        connectBoth();
    }
}

void RedisBroker::connectBoth()
{
    if (!m_open || m_cutOff || m_commands || m_subscriber)
        return;
    m_commandsReady = false;
    m_subscriberReady = false;
    m_pingSentNs = 0;
    const QByteArray host = m_url.host.toUtf8();
    for (redisAsyncContext **slot : {&m_commands, &m_subscriber}) {
        redisAsyncContext *context = redisAsyncConnect(host.constData(), m_url.port);
        if (!context || context->err) {
            const QString error = context ? QString::fromUtf8(context->errstr) : QStringLiteral("out of memory");
            if (context)
                redisAsyncFree(context);
            dropBoth(error);
            scheduleReconnect();
            return;
        }
        context->data = this;
        auto *adapter = new RedisQtAdapter;
        adapter->setContext(context);
        redisAsyncSetConnectCallback(context, &RedisBroker::connectCallback);
        redisAsyncSetDisconnectCallback(context, &RedisBroker::disconnectCallback);
        *slot = context;
    }
}

void RedisBroker::connectCallback(const redisAsyncContext *constContext, int status)
{
    auto *context = const_cast<redisAsyncContext *>(constContext);
    auto *self = static_cast<RedisBroker *>(context->data);
    if (!self)
        return;
    self->onConnected(context, status == REDIS_OK, QString::fromUtf8(context->errstr));
}

void RedisBroker::disconnectCallback(const redisAsyncContext *constContext, int)
{
    auto *context = const_cast<redisAsyncContext *>(constContext);
    auto *self = static_cast<RedisBroker *>(context->data);
    detachAdapter(context);
    if (self)
        self->onDisconnected(context, context->errstr[0] ? QString::fromUtf8(context->errstr) : QStringLiteral("connection closed"));
}

void RedisBroker::onConnected(redisAsyncContext *context, bool ok, const QString &error)
{
    if (!ok) {
        // hiredis frees a context whose connect failed right after this callback, without
        // calling the disconnect callback.
        detachAdapter(context);
        context->data = nullptr;
        if (context == m_commands)
            m_commands = nullptr;
        if (context == m_subscriber)
            m_subscriber = nullptr;
        dropBoth(QStringLiteral("cannot connect to %1: %2").arg(m_url.toString(), error));
        scheduleReconnect();
        return;
    }
    if (context == m_subscriber) {
        const QByteArray pattern = busChannel(QStringLiteral("*"));
        const QByteArray presence = presenceChannel(QStringLiteral("*"));
        const char *argv[] = {"PSUBSCRIBE", pattern.constData(), presence.constData()};
        const size_t lengths[] = {10, size_t(pattern.size()), size_t(presence.size())};
        redisAsyncCommandArgv(context, &RedisBroker::subscriberCallback, this, 3, argv, lengths);
        return;
    }
    auto ready = [this](redisReply *reply) {
        if (isError(reply))
            return;
        m_commandsReady = true;
        if (m_subscriberReady)
            setAvailable(true, {});
    };
    if (m_url.database != 0)
        command({"SELECT", QByteArray::number(m_url.database)}, [](redisReply *) {});
    command({"SCRIPT", "LOAD", raiseScript}, [this](redisReply *reply) { m_raiseSha = replyText(reply); });
    m_presenceShas.clear();
    for (const QByteArray *script : presenceScripts)
        command({"SCRIPT", "LOAD", *script}, [this](redisReply *reply) { m_presenceShas.append(replyText(reply)); });
    command({"SCRIPT", "LOAD", publishScript}, [this, ready](redisReply *reply) {
        if (isError(reply)) {
            dropBoth(QStringLiteral("Redis refused the publish script: %1").arg(QString::fromUtf8(replyText(reply))));
            scheduleReconnect();
            return;
        }
        m_publishSha = replyText(reply);
        ready(reply);
    });
}

void RedisBroker::onDisconnected(redisAsyncContext *context, const QString &reason)
{
    context->data = nullptr;
    if (context == m_commands)
        m_commands = nullptr;
    if (context == m_subscriber)
        m_subscriber = nullptr;
    dropBoth(reason);
    scheduleReconnect();
}

void RedisBroker::dropBoth(const QString &reason)
{
    for (redisAsyncContext **slot : {&m_commands, &m_subscriber}) {
        redisAsyncContext *context = *slot;
        if (!context)
            continue;
        if (!(context->c.flags & REDIS_CONNECTED)) {
            // Still connecting: hiredis would free it without calling the disconnect callback.
            *slot = nullptr;
            context->data = nullptr;
            detachAdapter(context);
            redisAsyncFree(context);
        } else if (!(context->c.flags & REDIS_DISCONNECTING)) {
            // Runs the callbacks of what is outstanding with no reply (publishes answer 0), then
            // the disconnect callback, which clears the slot.
            redisAsyncDisconnect(context);
        }
    }
    m_commandsReady = false;
    m_subscriberReady = false;
    m_pingSentNs = 0;
    setStalled(false, {});
    setAvailable(false, reason);
}

void RedisBroker::scheduleReconnect()
{
    if (!m_open || m_cutOff || m_reconnect->isActive())
        return;
    // Full jitter, so that instances that lost the broker together do not return together.
    m_reconnect->start(QRandomGenerator::global()->bounded(m_backoffMs / 2, m_backoffMs + 1));
    m_backoffMs = qMin(maxBackoffMs, m_backoffMs * 2);
}

void RedisBroker::setAvailable(bool available, const QString &reason)
{
    // The first answer is always told, "unavailable" too: the server waits for it at start.
    if (available == m_available && m_toldOnce)
        return;
    m_toldOnce = true;
    m_available = available;
    if (available)
        m_backoffMs = 100;
    Q_EMIT availabilityChanged(available, reason);
}

void RedisBroker::setStalled(bool stalled, const QString &reason)
{
    if (stalled == m_stalled)
        return;
    m_stalled = stalled;
    Q_EMIT stalledChanged(stalled, reason);
}

void RedisBroker::checkHealth()
{
    if (!m_commands || !m_commandsReady || !m_subscriberReady)
        return;
    if (++m_healthTicks % healthTicksPerHeartbeat == 1)
        heartbeat();
    const qint64 now = MonotonicClock::nowNs();
    if (m_pingSentNs != 0) {
        if (now - m_pingSentNs > unresponsiveAfterNs)
            setStalled(true, QStringLiteral("%1 has not answered for %2 ms").arg(m_url.toString()).arg(unresponsiveAfterNs / 1'000'000));
        return;
    }
    m_pingSentNs = now;
    command({"PING"}, [this](redisReply *reply) {
        if (isError(reply) || m_pingSentNs == 0)
            return;
        Q_EMIT roundTripMeasured(MonotonicClock::nowNs() - m_pingSentNs);
        m_pingSentNs = 0;
        setStalled(false, {});
    });
}

bool RedisBroker::command(const QList<QByteArray> &arguments, ReplyHandler handler)
{
    if (!m_commands || (m_commands->c.flags & REDIS_DISCONNECTING)) {
        handler(nullptr);
        return false;
    }
    std::vector<const char *> argv;
    std::vector<size_t> lengths;
    argv.reserve(size_t(arguments.size()));
    lengths.reserve(size_t(arguments.size()));
    for (const QByteArray &argument : arguments) {
        argv.push_back(argument.constData());
        lengths.push_back(size_t(argument.size()));
    }
    auto *pending = new PendingReply{std::move(handler)};
    if (redisAsyncCommandArgv(m_commands, &RedisBroker::replyCallback, pending, int(argv.size()), argv.data(), lengths.data()) != REDIS_OK) {
        std::unique_ptr<PendingReply> owned(pending);
        owned->handler(nullptr);
        return false;
    }
    return true;
}

void RedisBroker::replyCallback(redisAsyncContext *, void *reply, void *privdata)
{
    std::unique_ptr<PendingReply> pending(static_cast<PendingReply *>(privdata));
    pending->handler(static_cast<redisReply *>(reply));
}

void RedisBroker::subscriberCallback(redisAsyncContext *context, void *reply, void *)
{
    auto *self = static_cast<RedisBroker *>(context->data);
    if (self && reply)
        self->onSubscriberReply(static_cast<redisReply *>(reply));
}

void RedisBroker::onSubscriberReply(redisReply *reply)
{
    if (reply->type != REDIS_REPLY_ARRAY || reply->elements < 3)
        return;
    const QByteArray kind = replyText(reply->element[0]);
    if (kind == "psubscribe") {
        // One answer per pattern; the third element counts the patterns subscribed so far.
        if (reply->element[2]->type != REDIS_REPLY_INTEGER || reply->element[2]->integer < 2)
            return;
        m_subscriberReady = true;
        if (m_commandsReady)
            setAvailable(true, {});
        return;
    }
    if (kind != "pmessage" || reply->elements != 4)
        return;
    const QByteArray channelName = replyText(reply->element[2]);
    const QByteArray presencePrefix = presenceChannel({});
    if (channelName.startsWith(presencePrefix)) {
        onPresenceMessage(QString::fromUtf8(channelName.sliced(presencePrefix.size())),
                          QByteArrayView(reply->element[3]->str, qsizetype(reply->element[3]->len)));
        return;
    }
    const QByteArray prefix = busChannel({});
    if (!channelName.startsWith(prefix))
        return;
    const QByteArrayView data(reply->element[3]->str, qsizetype(reply->element[3]->len));
    const qsizetype newline = data.indexOf('\n');
    bool ok = false;
    const quint64 seq = newline > 0 ? data.first(newline).toULongLong(&ok) : 0;
    if (!ok)
        return; // seq 0: relayed, unnumbered (relay())
    const QString channel = QString::fromUtf8(channelName.sliced(prefix.size()));
    if (const std::optional<BusMessage> message = BusMessage::fromBody(channel, seq, data.sliced(newline + 1)))
        Q_EMIT messageReceived(*message);
}

void RedisBroker::publish(const BusMessage &message, int keep, Published done)
{
    if (!m_available) {
        done(0);
        return;
    }
    command({"EVALSHA", m_publishSha, "2", counterKey(message.channel), streamKey(message.channel),
             QByteArray::number(qMax(1, keep)), busChannel(message.channel), message.body()},
            [done = std::move(done)](redisReply *reply) {
                done(reply && reply->type == REDIS_REPLY_INTEGER ? quint64(reply->integer) : 0);
            });
}

bool RedisBroker::relay(const BusMessage &message)
{
    if (!m_available)
        return false;
    // On the channel's bus with number 0, after this connection's earlier publishes (one
    // connection, and Redis delivers a channel's messages in the order they were published).
    return command({"PUBLISH", busChannel(message.channel), "0\n" + message.body()}, [](redisReply *) {});
}

void RedisBroker::readAfter(const QString &channel, quint64 after, int limit, Read done)
{
    command({"XRANGE", streamKey(channel), QByteArray::number(after + 1), "+", "COUNT", QByteArray::number(qMax(1, limit))},
            [channel, done = std::move(done)](redisReply *reply) {
                QList<BusMessage> messages;
                if (!reply || reply->type != REDIS_REPLY_ARRAY) {
                    done(false, messages);
                    return;
                }
                for (size_t i = 0; i < reply->elements; ++i) {
                    const redisReply *entry = reply->element[i];
                    if (entry->type != REDIS_REPLY_ARRAY || entry->elements != 2)
                        continue;
                    const QByteArray id = replyText(entry->element[0]);
                    const quint64 seq = id.first(qMax<qsizetype>(0, id.indexOf('-'))).toULongLong();
                    const redisReply *fields = entry->element[1];
                    for (size_t f = 0; f + 1 < fields->elements; f += 2) {
                        if (replyText(fields->element[f]) != "b")
                            continue;
                        if (auto message = BusMessage::fromBody(channel, seq, replyText(fields->element[f + 1])))
                            messages.append(std::move(*message));
                    }
                }
                done(true, messages);
            });
}

void RedisBroker::listChannels(Listed done)
{
    scanFrom("0", std::make_shared<QHash<QString, quint64>>(), std::move(done));
}

void RedisBroker::scanFrom(const QByteArray &cursor, std::shared_ptr<QHash<QString, quint64>> found, Listed done)
{
    const QByteArray pattern = counterKey(QStringLiteral("*"));
    command({"SCAN", cursor, "MATCH", pattern, "COUNT", "1000"}, [this, found, done = std::move(done)](redisReply *reply) mutable {
        if (!reply || reply->type != REDIS_REPLY_ARRAY || reply->elements != 2) {
            done(false, *found);
            return;
        }
        const QByteArray next = replyText(reply->element[0]);
        QList<QByteArray> keys;
        for (size_t i = 0; i < reply->element[1]->elements; ++i)
            keys.append(replyText(reply->element[1]->element[i]));
        auto continueScan = [this, next, found, done = std::move(done)]() mutable {
            if (next == "0")
                done(true, *found);
            else
                scanFrom(next, found, std::move(done));
        };
        if (keys.isEmpty()) {
            continueScan();
            return;
        }
        QList<QByteArray> arguments{"MGET"};
        arguments += keys;
        const qsizetype prefixLength = counterKey({}).size();
        command(arguments, [keys, found, prefixLength, continueScan = std::move(continueScan)](redisReply *values) mutable {
            if (values && values->type == REDIS_REPLY_ARRAY && values->elements == size_t(keys.size())) {
                for (qsizetype i = 0; i < keys.size(); ++i)
                    found->insert(QString::fromUtf8(keys[i].sliced(prefixLength)), replyText(values->element[i]).toULongLong());
            }
            continueScan();
        });
    });
}

void RedisBroker::raiseLatest(const QString &channel, quint64 latest)
{
    command({"EVALSHA", m_raiseSha, "1", counterKey(channel), QByteArray::number(latest)}, [](redisReply *) {});
}

QByteArray RedisBroker::presenceSha(int script) const
{
    // Loaded in order on connect; empty until their answers are in (a command then fails, and
    // its caller treats it as no answer).
    return m_presenceShas.value(script);
}

void RedisBroker::presenceJoin(const QString &channel, const QString &user, int limit, PresenceJoined done)
{
    if (!m_available) {
        done(-1, 0);
        return;
    }
    command({"EVALSHA", presenceSha(JoinScript), "0", keyPrefix, presenceChannel({}), m_instanceName, channel.toUtf8(),
             user.toUtf8(), QByteArray::number(qMax(0, limit))},
            [done = std::move(done)](redisReply *reply) {
                if (!reply || reply->type != REDIS_REPLY_ARRAY || reply->elements != 2
                    || reply->element[0]->type != REDIS_REPLY_INTEGER || reply->element[1]->type != REDIS_REPLY_INTEGER) {
                    done(-1, 0);
                    return;
                }
                done(int(reply->element[0]->integer), int(reply->element[1]->integer));
            });
}

void RedisBroker::presenceLeave(const QString &channel, const QString &user)
{
    if (!m_available)
        return; // what Redis holds for this instance is replaced on reconnect
    command({"EVALSHA", presenceSha(LeaveScript), "0", keyPrefix, presenceChannel({}), m_instanceName, channel.toUtf8(),
             user.toUtf8()},
            [](redisReply *) {});
}

void RedisBroker::presenceMembers(const QString &channel, PresenceListed done)
{
    command({"HGETALL", keyPrefix + "members:" + channel.toUtf8()}, [done = std::move(done)](redisReply *reply) {
        QList<QPair<QString, int>> members;
        if (!reply || reply->type != REDIS_REPLY_ARRAY) {
            done(false, members);
            return;
        }
        for (size_t i = 0; i + 1 < reply->elements; i += 2)
            members.append({QString::fromUtf8(replyText(reply->element[i])), replyText(reply->element[i + 1]).toInt()});
        std::sort(members.begin(), members.end());
        done(true, members);
    });
}

void RedisBroker::presenceRestore(const QHash<QString, int> &mine)
{
    if (!m_available)
        return;
    QList<QByteArray> arguments{"EVALSHA", presenceSha(RestoreScript), "0", keyPrefix, presenceChannel({}), m_instanceName,
                                QByteArray::number(presenceTtlMs)};
    for (auto it = mine.cbegin(); it != mine.cend(); ++it) {
        if (it.value() > 0)
            arguments << it.key().toUtf8() << QByteArray::number(it.value());
    }
    command(arguments, [](redisReply *) {});
}

void RedisBroker::heartbeat()
{
    if (presenceSha(HeartbeatScript).isEmpty())
        return;
    command({"EVALSHA", presenceSha(HeartbeatScript), "0", keyPrefix, presenceChannel({}), m_instanceName,
             QByteArray::number(presenceTtlMs)},
            [this](redisReply *reply) {
                if (reply && reply->type == REDIS_REPLY_INTEGER && reply->integer == 0)
                    Q_EMIT presenceExpired();
            });
}

void RedisBroker::onPresenceMessage(const QString &channel, QByteArrayView data)
{
    // "join|leave\n<members>\n<user>"
    const qsizetype first = data.indexOf('\n');
    const qsizetype second = first < 0 ? -1 : data.sliced(first + 1).indexOf('\n');
    if (second < 0)
        return;
    const QByteArrayView kind = data.first(first);
    bool ok = false;
    const int members = data.sliced(first + 1, second).toInt(&ok);
    const QString user = QString::fromUtf8(data.sliced(first + second + 2));
    if (!ok || (kind != "join" && kind != "leave") || user.isEmpty())
        return;
    Q_EMIT presenceChanged(channel, user, kind == "join", members);
}
