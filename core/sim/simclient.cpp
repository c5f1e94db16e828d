#include "sim/simclient.h"

#include "metrics/monotonicclock.h"
#include "metrics/recorder.h"
#include "sim/clientpool.h"

#include <QJsonObject>

using namespace std::chrono;

SimClient::SimClient(ClientPool &pool, int groupIndex, int clientIndex, quint64 seed)
    : m_pool(pool)
    , m_group(pool.scenario().groups[size_t(groupIndex)])
    , m_groupIndex(groupIndex)
    , m_clientIndex(clientIndex)
    , m_channel(m_group.channelFor(clientIndex))
    , m_reconnect(m_group.reconnect, seed)
    , m_frameTap(pool.frameTap())
{
}

void SimClient::offerFrame(FrameTap &tap, FrameRecord::Direction direction, FrameRecord::Protocol protocol, QByteArrayView bytes)
{
    FrameTap::Frame frame;
    frame.direction = direction;
    frame.protocol = protocol;
    frame.bytes = bytes;
    frame.channel = &m_channel; // a simulated user talks on one channel
    tap.offer(m_tapEndpoint, frame, [&] {
        FrameConnection connection;
        connection.side = FrameRecord::Side::Client;
        connection.protocol = protocol;
        const QString group = m_group.name.isEmpty() ? QStringLiteral("group %1").arg(m_groupIndex + 1) : m_group.name;
        connection.label = QStringLiteral("%1 #%2").arg(group).arg(m_clientIndex + 1);
        connection.channel = m_channel;
        return connection;
    });
}

SimClient::~SimClient() = default;

void SimClient::start()
{
    if (m_state != State::Idle)
        return;
    connectNow();
}

void SimClient::connectNow()
{
    if (m_state == State::Left || m_pool.isStopping())
        return;
    m_state = State::Connecting;
    ++m_generation;
    m_resumedThisSession = resumePoint().has_value();
    m_connectStartNs = MonotonicClock::nowNs();
    ++m_pool.recorder().counters(m_groupIndex).connectAttempts;
    openTransport();
}

void SimClient::transportOpened()
{
    if (m_state != State::Connecting)
        return;
    m_state = State::Open;
    Recorder &recorder = m_pool.recorder();
    recorder.recordHandshake(m_groupIndex, MonotonicClock::nowNs() - m_connectStartNs);
    ClientCounters &counters = recorder.counters(m_groupIndex);
    if (m_sessions++ == 0)
        ++counters.connectsFirst;
    else
        ++counters.reconnects;
    m_reconnect.reset();
    m_pool.noteOpened(*this);
    scheduleSessionEnd();
}

void SimClient::transportFailed(const QString &why)
{
    Q_UNUSED(why);
    if (m_state == State::Open) {
        // An established session that broke: a close we did not ask for.
        transportClosed(CloseKind::Unexpected);
        return;
    }
    if (m_state != State::Connecting)
        return;
    ClientCounters &counters = m_pool.recorder().counters(m_groupIndex);
    ++counters.connectFailures;
    scheduleReconnect(CloseKind::Unexpected);
}

void SimClient::transportClosed(CloseKind kind)
{
    if (m_state == State::Connecting) {
        // Closed before it opened (refused handshake, 4001, 503): a failed connect.
        transportFailed(QStringLiteral("closed during the handshake"));
        return;
    }
    if (m_state != State::Open)
        return;
    ClientCounters &counters = m_pool.recorder().counters(m_groupIndex);
    ++counters.closes;
    if (kind != CloseKind::ByClient)
        ++counters.unexpectedCloses;
    m_pool.noteClosed(*this);
    if (kind == CloseKind::ByClient) {
        // Churn: the user comes back at once (leave() never gets here: it sets Left first).
        m_state = State::Idle;
        connectNow();
        return;
    }
    scheduleReconnect(kind);
}

void SimClient::scheduleReconnect(CloseKind kind)
{
    if (m_state == State::Left || m_pool.isStopping())
        return;
    if (!m_group.reconnect.enabled || m_reconnect.exhausted()) {
        m_state = State::Left;
        return;
    }
    m_state = State::WaitingToReconnect;
    // A 1001 Going Away is the server asking its clients to come back (a restart, a deploy):
    // no backoff. Everything else backs off by the group's policy.
    const milliseconds delay = kind == CloseKind::GoingAway ? m_reconnect.expectedCloseDelay()
                                                            : m_reconnect.nextDelay();
    const quint64 generation = ++m_generation;
    m_pool.timers().schedule(MonotonicClock::nowNs() + nanoseconds(delay).count(), [this, generation] {
        if (m_generation == generation && m_state == State::WaitingToReconnect)
            connectNow();
    });
}

void SimClient::scheduleSessionEnd()
{
    const std::optional<milliseconds> length = m_pool.sessionLengthFor(*this);
    if (!length)
        return;
    const quint64 generation = m_generation;
    m_pool.timers().schedule(MonotonicClock::nowNs() + nanoseconds(*length).count(), [this, generation] {
        if (m_generation == generation && m_state == State::Open)
            churn();
    });
}

void SimClient::churn()
{
    if (m_state != State::Open)
        return;
    closeTransport();
}

void SimClient::leave()
{
    const State before = m_state;
    m_state = State::Left;
    ++m_generation;
    if (before == State::Open) {
        ClientCounters &counters = m_pool.recorder().counters(m_groupIndex);
        ++counters.closes;
        m_pool.noteClosed(*this);
    }
    if (before == State::Open || before == State::Connecting)
        abortTransport();
}

void SimClient::sendScheduled(qint64 intendedNs)
{
    ClientCounters &counters = m_pool.recorder().counters(m_groupIndex);
    if (m_state != State::Open) {
        ++counters.sendsSkipped;
        return;
    }
    if (sendPayload(makePayload(intendedNs)))
        ++counters.messagesSent;
    else
        ++counters.sendsSkipped;
}

QByteArray SimClient::makePayload(qint64 intendedNs)
{
    // {"t":<intended send time, ns>,"run":<this run>,"c":<client>,"n":<count>,"pad":"..."}
    QByteArray payload;
    payload.reserve(m_group.send.payloadBytes + 80);
    payload += "{\"t\":";
    payload += QByteArray::number(intendedNs);
    payload += ",\"run\":\"";
    payload += m_pool.target().runTag;
    payload += "\",\"c\":";
    payload += QByteArray::number(m_clientIndex);
    payload += ",\"n\":";
    payload += QByteArray::number(++m_sendCounter);
    payload += ",\"pad\":\"";
    const qsizetype padding = m_group.send.payloadBytes - payload.size() - 2;
    if (padding > 0)
        payload += QByteArray(padding, 'x');
    payload += "\"}";
    return payload;
}

void SimClient::welcomed(quint64 latest)
{
    // Resuming: the tracker continues from what this client saw, and the replay fills the gap.
    // A fresh join (first session, or a group without resume) counts from the channel's newest.
    if (m_resumedThisSession)
        return;
    m_tracker.setBaseline(latest);
}

void SimClient::messageReceived(std::optional<quint64> seq, const QJsonObject &payload, qsizetype bytes)
{
    Recorder &recorder = m_pool.recorder();
    ClientCounters &counters = recorder.counters(m_groupIndex);
    ++counters.messagesReceived;
    counters.bytesReceived += quint64(bytes);
    if (seq) {
        // Without a welcome (another server) the first number seen starts the count.
        m_tracker.observe(*seq);
        m_tracker.addTo(counters);
    }
    // One-way latency when the sender was this process (same monotonic clock); for an echo it
    // is the round trip. Payloads from anyone else carry no comparable time.
    const QJsonValue run = payload.value(QLatin1String("run"));
    if (run.isString() && run.toString() == QLatin1String(m_pool.target().runTag)) {
        const qint64 sentNs = payload.value(QLatin1String("t")).toInteger(-1);
        if (sentNs > 0)
            recorder.recordLatency(m_groupIndex, std::max<qint64>(0, MonotonicClock::nowNs() - sentNs));
    }
}

void SimClient::resetReceived(quint64 oldest, quint64 latest)
{
    m_tracker.reset(oldest, latest);
    m_tracker.addTo(m_pool.recorder().counters(m_groupIndex));
}

void SimClient::errorReceived()
{
    ++m_pool.recorder().counters(m_groupIndex).errors;
}

void SimClient::bytesSent(qsizetype bytes)
{
    m_pool.recorder().counters(m_groupIndex).bytesSent += quint64(bytes);
}

std::optional<quint64> SimClient::resumePoint() const
{
    if (!m_group.resume || !m_tracker.hasPosition())
        return std::nullopt;
    return m_tracker.lastSeen();
}

QUrl SimClient::url(const QList<QPair<QString, QString>> &query) const
{
    return m_pool.target().urlFor(m_group, m_channel, query);
}

QHostAddress SimClient::sourceAddress() const
{
    return m_pool.target().sourceAddressFor(m_pool.clientNumber(m_groupIndex, m_clientIndex));
}
