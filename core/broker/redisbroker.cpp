#include "redisbroker.h"

#include "metrics/monotonicclock.h"

#include <hiredis/adapters/qt.h>
#include <hiredis/async.h>
#include <hiredis/hiredis.h>

#include <QRandomGenerator>

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
        const char *argv[] = {"PSUBSCRIBE", pattern.constData()};
        const size_t lengths[] = {10, size_t(pattern.size())};
        redisAsyncCommandArgv(context, &RedisBroker::subscriberCallback, this, 2, argv, lengths);
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
        m_subscriberReady = true;
        if (m_commandsReady)
            setAvailable(true, {});
        return;
    }
    if (kind != "pmessage" || reply->elements != 4)
        return;
    const QByteArray channelName = replyText(reply->element[2]);
    const QByteArray prefix = busChannel({});
    if (!channelName.startsWith(prefix))
        return;
    const QByteArrayView data(reply->element[3]->str, qsizetype(reply->element[3]->len));
    const qsizetype newline = data.indexOf('\n');
    bool ok = false;
    const quint64 seq = newline > 0 ? data.first(newline).toULongLong(&ok) : 0;
    if (!ok || seq == 0)
        return;
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
