#include "inspect/frametap.h"

#include "inspect/frametaplink.h"
#include "metrics/monotonicclock.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <algorithm>

#include <time.h>

namespace {

// Sampling is decided per window of 100 ms (the GUI's drain interval), so a burst cannot take a
// whole second's budget at once and an idle connection's share is recomputed quickly.
constexpr qint64 windowNs = 100'000'000;
constexpr int windowsPerSecond = 1'000'000'000 / int(windowNs);
constexpr quint64 countBits = 24;
constexpr quint64 countMask = (quint64(1) << countBits) - 1;
// Sampled messages larger than this are shown, not parsed, for their type (a worker's time).
constexpr qsizetype parseLimit = 64 * 1024;

std::atomic<quint64> lastTapSerial{0};

// The sampler only needs to know which 100 ms window it is in: the coarse clock (a few ms of
// resolution) is read without a system call even where the precise one needs one (some VMs),
// and it is what every refused frame pays.
qint64 coarseNowNs()
{
    timespec now{};
    clock_gettime(CLOCK_MONOTONIC_COARSE, &now);
    return qint64(now.tv_sec) * 1'000'000'000 + now.tv_nsec;
}

quint64 mix(quint64 value)
{
    // SplitMix64's finaliser: a cheap, well-spread hash of (window, connection).
    value += 0x9e3779b97f4a7c15ULL;
    value = (value ^ (value >> 30)) * 0xbf58476d1ce4e5b9ULL;
    value = (value ^ (value >> 27)) * 0x94d049bb133111ebULL;
    return value ^ (value >> 31);
}

// The envelope's type and channel; for a long-poll answer ({"channel","events":[...]}) the
// events' type, so the table says what came back rather than nothing.
void describeJson(QByteArrayView json, QString &type, QString &channel)
{
    if (json.isEmpty() || json.size() > parseLimit || json.front() != '{')
        return;
    // The whole message (not the kept copy), read in place: a cut message still has its type.
    const QJsonObject object = QJsonDocument::fromJson(QByteArray::fromRawData(json.data(), json.size())).object();
    if (object.isEmpty())
        return;
    if (type.isEmpty())
        type = object.value(QLatin1String("type")).toString();
    if (channel.isEmpty())
        channel = object.value(QLatin1String("channel")).toString();
    if (type.isEmpty()) {
        const QJsonValue events = object.value(QLatin1String("events"));
        if (events.isArray()) {
            const QJsonArray list = events.toArray();
            if (list.isEmpty())
                type = QStringLiteral("poll.empty");
            else if (list.size() == 1)
                type = list.first().toObject().value(QLatin1String("type")).toString();
            else
                type = QStringLiteral("%1 \u00d7%2").arg(list.first().toObject().value(QLatin1String("type")).toString()).arg(list.size());
        }
    }
}

} // namespace

QString FrameRecord::directionName(Direction direction)
{
    return direction == Direction::ClientToServer ? QStringLiteral("client\u2192server") : QStringLiteral("server\u2192client");
}

QString FrameRecord::sideName(Side side)
{
    return side == Side::Server ? QStringLiteral("server") : QStringLiteral("client");
}

QString FrameRecord::protocolName(Protocol protocol)
{
    switch (protocol) {
    case Protocol::WebSocket:
        return QStringLiteral("WS");
    case Protocol::Sse:
        return QStringLiteral("SSE");
    case Protocol::Poll:
        return QStringLiteral("poll");
    case Protocol::Http:
        return QStringLiteral("HTTP");
    }
    return {};
}

FrameTap::FrameTap()
    : FrameTap(Options())
{
}

FrameTap::FrameTap(Options options)
    : m_options([&] {
        options.capacity = std::max(1, options.capacity);
        options.payloadLimit = std::max(0, options.payloadLimit);
        options.connectionHistory = std::max(1, options.connectionHistory);
        return options;
    }())
    , m_serial(lastTapSerial.fetch_add(1, std::memory_order_relaxed) + 1)
    , m_monotonicBaseNs(MonotonicClock::nowNs())
    , m_wallBaseMs(QDateTime::currentMSecsSinceEpoch())
    , m_sampleRate(std::max(1, options.sampleRate))
    , m_ring(size_t(m_options.capacity))
{
}

FrameTap::~FrameTap()
{
    // Links hold a shared_ptr to their tap, so none is left here.
    Q_ASSERT(m_links.empty());
}

void FrameTap::setMode(Mode mode)
{
    QMutexLocker locker(&m_linksMutex);
    m_mode.store(int(mode), std::memory_order_relaxed);
    FrameTap *active = mode == Mode::Off ? nullptr : this;
    for (FrameTapLink *link : m_links)
        link->m_active.store(active, std::memory_order_relaxed);
}

void FrameTap::setOff()
{
    setMode(Mode::Off);
}

void FrameTap::sampleAll()
{
    setMode(Mode::SampleAll);
}

void FrameTap::setSampleRate(int framesPerSecond)
{
    m_sampleRate.store(std::max(1, framesPerSecond), std::memory_order_relaxed);
}

void FrameTap::follow(quint64 connectionId)
{
    m_followed.store(connectionId, std::memory_order_relaxed);
    setMode(Mode::Follow);
}

void FrameTap::addLink(FrameTapLink *link)
{
    QMutexLocker locker(&m_linksMutex);
    m_links.push_back(link);
    link->m_active.store(mode() == Mode::Off ? nullptr : this, std::memory_order_relaxed);
}

void FrameTap::removeLink(FrameTapLink *link)
{
    QMutexLocker locker(&m_linksMutex);
    m_links.erase(std::remove(m_links.begin(), m_links.end(), link), m_links.end());
    link->m_active.store(nullptr, std::memory_order_relaxed);
}

void FrameTap::registerEndpoint(Endpoint &endpoint, FrameConnection connection)
{
    endpoint.tapSerial = m_serial;
    endpoint.id = m_nextConnectionId.fetch_add(1, std::memory_order_relaxed) + 1;
    endpoint.label = connection.label;
    endpoint.side = connection.side;
    endpoint.window = -1;
    connection.id = endpoint.id;
    connection.firstSeenWallMs = m_wallBaseMs + (MonotonicClock::nowNs() - m_monotonicBaseNs) / 1'000'000;
    QMutexLocker locker(&m_connectionsMutex);
    m_connections.push_back(std::move(connection));
    while (m_connections.size() > size_t(m_options.connectionHistory))
        m_connections.pop_front();
    m_connectionsVersion.fetch_add(1, std::memory_order_relaxed);
}

int FrameTap::activeInPreviousWindow(qint64 window)
{
    quint64 current = m_windowActive.load(std::memory_order_relaxed);
    for (;;) {
        const qint64 currentWindow = qint64(current >> countBits);
        if (currentWindow == window) {
            if (m_windowActive.compare_exchange_weak(current, current + 1, std::memory_order_relaxed))
                break;
            continue;
        }
        if (currentWindow > window)
            break; // this thread's clock read is a window behind another's: count nothing
        const int previous = currentWindow == window - 1 ? int(current & countMask) : 0;
        if (m_windowActive.compare_exchange_weak(current, (quint64(window) << countBits) | 1, std::memory_order_relaxed)) {
            m_activeLastWindow.store(previous, std::memory_order_relaxed);
            break;
        }
    }
    return m_activeLastWindow.load(std::memory_order_relaxed);
}

bool FrameTap::takeFromBudget(qint64 window, int budget)
{
    quint64 current = m_windowTaken.load(std::memory_order_relaxed);
    for (;;) {
        const qint64 currentWindow = qint64(current >> countBits);
        quint64 next = 0;
        if (currentWindow == window) {
            if (int(current & countMask) >= budget)
                return false;
            next = current + 1;
        } else if (currentWindow < window) {
            next = (quint64(window) << countBits) | 1;
        } else {
            return false;
        }
        if (m_windowTaken.compare_exchange_weak(current, next, std::memory_order_relaxed))
            return true;
    }
}

bool FrameTap::admit(Endpoint &endpoint)
{
    const Mode mode = this->mode();
    if (mode == Mode::Follow)
        return endpoint.id == m_followed.load(std::memory_order_relaxed);
    if (mode != Mode::SampleAll)
        return false;
    const int budget = std::max(1, sampleRate() / windowsPerSecond);
    const qint64 window = coarseNowNs() / windowNs;
    if (endpoint.window != window) {
        endpoint.window = window;
        endpoint.taken = 0;
        const int active = std::max(1, activeInPreviousWindow(window));
        endpoint.share = budget / active;
        if (endpoint.share == 0) {
            // More active connections than frames to give: each gets its one frame in this
            // window with probability budget/active, decided by a hash of (window, connection)
            // so that no connection is favoured by when its thread happens to run.
            const quint64 roll = mix(quint64(window) * 0x100000001b3ULL ^ endpoint.id) % quint64(active);
            endpoint.share = roll < quint64(budget) ? 1 : 0;
        }
    }
    if (endpoint.taken >= endpoint.share)
        return false;
    if (!takeFromBudget(window, budget))
        return false;
    ++endpoint.taken;
    return true;
}

void FrameTap::record(const Endpoint &endpoint, const Frame &frame)
{
    FrameRecord record;
    record.monotonicNs = MonotonicClock::nowNs();
    record.wallMs = m_wallBaseMs + (record.monotonicNs - m_monotonicBaseNs) / 1'000'000;
    record.connectionId = endpoint.id;
    record.connectionLabel = endpoint.label;
    record.size = frame.size >= 0 ? frame.size : frame.bytes.size();
    const qsizetype kept = std::min<qsizetype>(frame.bytes.size(), m_options.payloadLimit);
    record.payload = QByteArray(frame.bytes.data(), kept);
    record.truncated = kept < frame.bytes.size();
    record.direction = frame.direction;
    record.protocol = frame.protocol;
    record.side = endpoint.side;
    if (frame.type)
        record.type = *frame.type;
    if (frame.channel)
        record.channel = *frame.channel;
    if (record.type.isEmpty() || record.channel.isEmpty())
        describeJson(frame.bytes, record.type, record.channel);

    QMutexLocker locker(&m_ringMutex);
    record.seq = m_nextSeq++;
    ++m_captured;
    const size_t capacity = m_ring.size();
    if (m_count == capacity) {
        // Full: the oldest frame makes room, and the loss is counted for the inspector to show.
        m_head = (m_head + 1) % capacity;
        --m_count;
        ++m_dropped;
    }
    m_ring[(m_head + m_count) % capacity] = std::move(record);
    ++m_count;
}

FrameTap::Batch FrameTap::drain()
{
    Batch batch;
    std::vector<FrameRecord> taken;
    {
        QMutexLocker locker(&m_ringMutex);
        batch.droppedTotal = m_dropped;
        batch.capturedTotal = m_captured;
        if (m_count == 0)
            return batch;
        // Move the records out under the lock (cheap: no string copies); producers wait at most
        // for capacity moves.
        taken.reserve(m_count);
        const size_t capacity = m_ring.size();
        for (size_t i = 0; i < m_count; ++i)
            taken.push_back(std::move(m_ring[(m_head + i) % capacity]));
        m_head = 0;
        m_count = 0;
    }
    batch.frames = std::move(taken);
    return batch;
}

void FrameTap::discardPending()
{
    QMutexLocker locker(&m_ringMutex);
    for (size_t i = 0; i < m_count; ++i)
        m_ring[(m_head + i) % m_ring.size()] = FrameRecord();
    m_head = 0;
    m_count = 0;
}

quint64 FrameTap::droppedTotal() const
{
    QMutexLocker locker(&m_ringMutex);
    return m_dropped;
}

std::vector<FrameConnection> FrameTap::connections() const
{
    QMutexLocker locker(&m_connectionsMutex);
    return {m_connections.begin(), m_connections.end()};
}
