#include "connectionswarm.h"

#include "envelopetext.h"
#include "eventloop.h"
#include "monotonicclock.h"
#include "sseconnection.h"
#include "wsconnection.h"

ConnectionSwarm::ConnectionSwarm(EventLoop &loop, const Endpoint &target, const SourceAddressPlan &sources, Plan plan,
                                 ConnectionObserver *sink)
    : m_loop(loop)
    , m_target(target)
    , m_sources(sources)
    , m_plan(std::move(plan))
    , m_sink(sink)
{
    m_connections.reserve(size_t(m_plan.count));
    for (int i = 0; i < m_plan.count; ++i) {
        if (m_plan.protocol == Protocol::WebSocket)
            m_connections.push_back(std::make_unique<WsConnection>(m_loop, *this, i));
        else
            m_connections.push_back(std::make_unique<SseConnection>(m_loop, *this, i));
    }
}

ConnectionSwarm::~ConnectionSwarm()
{
    closeAll();
}

WsConnection &ConnectionSwarm::webSocket(int index)
{
    return static_cast<WsConnection &>(*m_connections[size_t(index)]);
}

bool ConnectionSwarm::open(int64_t deadlineNs)
{
    const auto inFlight = [this] { return m_started - m_ready - m_failed; };
    const auto settled = [this] { return m_ready + m_failed == count(); };
    const int concurrency = std::max(1, m_plan.concurrency);
    while (!settled() && MonotonicClock::nowNs() < deadlineNs) {
        while (m_started < count() && inFlight() < concurrency) {
            ClientConnection &connection = *m_connections[size_t(m_started)];
            const int64_t now = MonotonicClock::nowNs();
            if (m_started == 0)
                m_firstStartNs = now;
            ++m_started;
            if (!connection.start(m_sources.addressFor(connection.index()), m_target.address, m_target.host, m_plan.requestTarget)) {
                ++m_failed;
                noteFailure(connection.failure());
            }
        }
        if (!settled())
            m_loop.runOnce(deadlineNs);
    }
    if (!settled() && m_firstFailure.empty())
        m_firstFailure = "timed out with " + std::to_string(m_started - m_ready - m_failed) + " handshakes in flight";
    return m_ready == count();
}

void ConnectionSwarm::closeAll()
{
    for (auto &connection : m_connections)
        connection->close();
}

void ConnectionSwarm::noteFailure(const std::string &failure)
{
    if (m_firstFailure.empty())
        m_firstFailure = failure;
}

void ConnectionSwarm::markReady(ClientConnection &connection, uint64_t welcomeLatest, int64_t nowNs)
{
    connection.setReady(welcomeLatest);
    ++m_ready;
    m_lastReadyNs = nowNs;
}

void ConnectionSwarm::onOpened(ClientConnection &connection, int64_t nowNs)
{
    m_handshakeTimes.record(nowNs - connection.startedNs());
    if (m_plan.readyWhen == ReadyWhen::Handshake)
        markReady(connection, 0, nowNs);
    if (m_sink)
        m_sink->onOpened(connection, nowNs);
}

void ConnectionSwarm::onMessage(ClientConnection &connection, std::string_view text, int64_t nowNs)
{
    if (!connection.isReady() && m_plan.readyWhen == ReadyWhen::Welcome) {
        // docs/server.md: the first message of a WebSocket or SSE session is session.welcome,
        // and its "latest" is the channel's newest sequence number.
        if (EnvelopeText::stringField(text, "type") == "session.welcome") {
            markReady(connection, EnvelopeText::numberField(text, "latest").value_or(0), nowNs);
            return;
        }
    }
    if (m_sink)
        m_sink->onMessage(connection, text, nowNs);
}

void ConnectionSwarm::onClosed(ClientConnection &connection)
{
    if (connection.isReady()) {
        if (++m_closedAfterReady == 1)
            m_firstCloseReason = connection.failure();
    } else {
        ++m_failed;
        noteFailure(connection.failure());
    }
    if (m_sink)
        m_sink->onClosed(connection);
}

std::string ConnectionSwarm::closedDuringRunError(std::string_view what) const
{
    if (m_closedAfterReady == 0)
        return {};
    return std::to_string(m_closedAfterReady) + " " + std::string(what) + " closed during the run (first: " + m_firstCloseReason + ")";
}

JsonObject ConnectionSwarm::toJson() const
{
    JsonObject json;
    json.add("requested", count());
    json.add("ready", m_ready);
    json.add("failed", m_failed);
    if (!m_firstFailure.empty())
        json.add("first_failure", m_firstFailure);
    json.add("closed_after_ready", m_closedAfterReady);
    if (!m_firstCloseReason.empty())
        json.add("first_close_reason", m_firstCloseReason);
    json.add("concurrency", m_plan.concurrency);
    json.add("open_seconds", double(openDurationNs()) / 1e9);
    json.add("ready_per_second", openDurationNs() > 0 ? double(m_ready) * 1e9 / double(openDurationNs()) : 0.0);
    json.add("handshake", m_handshakeTimes.toJson());
    json.add("handshakes_over_1s", m_handshakeTimes.countAbove(MonotonicClock::nsPerSecond));
    return json;
}
