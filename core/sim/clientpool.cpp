#include "sim/clientpool.h"

#include "metrics/monotonicclock.h"
#include "sim/graphqlwssimclient.h"
#include "sim/pollsimclient.h"
#include "sim/publishsimclient.h"
#include "sim/sessionlength.h"
#include "sim/socketiosimclient.h"
#include "sim/ssesimclient.h"
#include "sim/stalledsimclient.h"
#include "sim/wssimclient.h"

#include <algorithm>

using namespace std::chrono;

namespace {

constexpr qint64 tickNs = 100'000'000; // 100 ms, the Aggregator's tick

qint64 toNs(milliseconds duration)
{
    return nanoseconds(duration).count();
}

} // namespace

ClientPool::ClientPool(std::shared_ptr<const scenario::Scenario> scenario, SimTarget target,
                       int poolIndex, int poolCount, QObject *parent)
    : QObject(parent)
    , m_scenario(std::move(scenario))
    , m_target(std::move(target))
    , m_poolIndex(poolIndex)
    , m_poolCount(std::max(1, poolCount))
    , m_recorder(int(m_scenario->groups.size()))
    , m_timers(this)
    , m_tick(this) // a child, so it moves to the pool's thread with the pool
    , m_groups(m_scenario->groups.size())
    , m_random(m_scenario->seed * 1'000'003 + quint64(poolIndex))
{
    m_tick.setTimerType(Qt::PreciseTimer);
    connect(&m_tick, &QTimer::timeout, this, &ClientPool::onTick);
    int offset = 0;
    for (const scenario::Group &group : m_scenario->groups) {
        m_groupOffsets.push_back(offset);
        offset += group.clients;
    }
}

ClientPool::~ClientPool()
{
    m_stopping = true;
    m_timers.clear();
    for (GroupState &group : m_groups)
        for (SimClient *client : group.clients)
            delete client;
}

void ClientPool::start(qint64 runStartNs)
{
    m_runStartNs = runStartNs;
    m_nextTickNs = runStartNs + tickNs;
    m_tick.start(int(tickNs / 1'000'000));
    for (int group = 0; group < int(m_groups.size()); ++group)
        scheduleGroup(group);
}

void ClientPool::scheduleGroup(int groupIndex)
{
    const scenario::Group &group = m_scenario->groups[size_t(groupIndex)];
    GroupState &state = m_groups[size_t(groupIndex)];
    state.sessions = std::make_unique<SessionLength>(group.churn, m_scenario->seed * 7919 + quint64(groupIndex) * 104729 + quint64(m_poolIndex));

    const qint64 delayNs = toNs(group.phases.delay);
    const double clients = group.clients;
    // Arrivals: client i starts at i / rate; a ramp spreads them evenly over rampUp.
    auto startOffsetNs = [&](int i) -> qint64 {
        if (group.arrivalsPerSecond)
            return qint64(double(i) * 1e9 / *group.arrivalsPerSecond);
        return qint64(double(toNs(group.phases.rampUp)) * double(i) / clients);
    };
    const qint64 arrivedNs = group.arrivalsPerSecond ? startOffsetNs(group.clients - 1) : toNs(group.phases.rampUp);
    const bool holdsToTheEnd = group.phases.hold.count() == 0 && group.phases.rampDown.count() == 0;
    const qint64 rampDownStartNs = delayNs + arrivedNs + toNs(group.phases.hold);
    const double sendRate = group.send.ratePerClient;
    std::uniform_real_distribution<double> phase(0.0, 1.0);
    // This pool's share: clients poolIndex, poolIndex + poolCount, ...; slot i / poolCount holds
    // client i once it has started.
    const int mine = (group.clients - m_poolIndex + m_poolCount - 1) / m_poolCount;
    state.clients.assign(size_t(mine), nullptr);

    for (int i = m_poolIndex; i < group.clients; i += m_poolCount) {
        const qint64 startNs = m_runStartNs + delayNs + startOffsetNs(i);
        m_timers.schedule(startNs, [this, groupIndex, i] {
            if (m_stopping)
                return;
            SimClient *client = createClient(groupIndex, i);
            m_groups[size_t(groupIndex)].clients[size_t(i / m_poolCount)] = client;
            client->start();
        });
        if (!holdsToTheEnd) {
            // Ramp-down in reverse order of arrival: the last to come is the first to go.
            const qint64 leaveNs = m_runStartNs + rampDownStartNs
                + qint64(double(toNs(group.phases.rampDown)) * double(group.clients - 1 - i) / clients);
            m_timers.schedule(leaveNs, [this, groupIndex, i] {
                if (SimClient *client = m_groups[size_t(groupIndex)].clients[size_t(i / m_poolCount)])
                    client->leave();
            });
        }
        if (sendRate > 0) {
            const qint64 periodNs = qint64(1e9 / sendRate);
            // A random phase per client, so a thousand clients at 1/s do not all send in the same
            // millisecond; the schedule is the clock's, never the replies'.
            const qint64 firstNs = startNs + qint64(phase(m_random) * double(periodNs));
            m_timers.schedule(firstNs, [this, groupIndex, i, firstNs, periodNs] {
                if (SimClient *client = m_groups[size_t(groupIndex)].clients[size_t(i / m_poolCount)])
                    scheduleSends(client, firstNs, periodNs);
            });
        }
    }
    if (group.churn.kind == scenario::ChurnSettings::Kind::Rate && group.churn.disconnectsPerSecond > 0) {
        // This pool's share of the group's disconnect rate.
        const double rate = group.churn.disconnectsPerSecond * double(mine) / clients;
        if (rate > 0)
            m_timers.schedule(m_runStartNs + delayNs, [this, groupIndex, rate] { scheduleRateChurn(groupIndex, rate); });
    }
}

void ClientPool::scheduleSends(SimClient *client, qint64 intendedNs, qint64 periodNs)
{
    if (m_stopping || client->state() == SimClient::State::Left)
        return;
    client->sendScheduled(intendedNs);
    const qint64 nextNs = intendedNs + periodNs;
    m_timers.schedule(nextNs, [this, client, nextNs, periodNs] { scheduleSends(client, nextNs, periodNs); });
}

void ClientPool::scheduleRateChurn(int groupIndex, double ratePerSecond)
{
    if (m_stopping)
        return;
    GroupState &state = m_groups[size_t(groupIndex)];
    if (!state.open.empty()) {
        std::uniform_int_distribution<size_t> pick(0, state.open.size() - 1);
        state.open[pick(m_random)]->churn();
    }
    const milliseconds gap = state.sessions->nextDisconnectGap(ratePerSecond);
    m_timers.schedule(MonotonicClock::nowNs() + toNs(gap),
                      [this, groupIndex, ratePerSecond] { scheduleRateChurn(groupIndex, ratePerSecond); });
}

SimClient *ClientPool::createClient(int groupIndex, int clientIndex)
{
    const scenario::Group &group = m_scenario->groups[size_t(groupIndex)];
    const quint64 seed = m_scenario->seed * 6364136223846793005ULL + quint64(groupIndex) * 1442695040888963407ULL + quint64(clientIndex);
    if (group.readPaused)
        return new StalledSimClient(*this, groupIndex, clientIndex, seed);
    switch (group.protocol) {
    case scenario::Protocol::WebSocket: return new WsSimClient(*this, groupIndex, clientIndex, seed);
    case scenario::Protocol::Sse: return new SseSimClient(*this, groupIndex, clientIndex, seed);
    case scenario::Protocol::Poll: return new PollSimClient(*this, groupIndex, clientIndex, seed);
    case scenario::Protocol::Publish: return new PublishSimClient(*this, groupIndex, clientIndex, seed);
    case scenario::Protocol::SocketIo: return new SocketIoSimClient(*this, groupIndex, clientIndex, seed);
    case scenario::Protocol::GraphQlWs: return new GraphQlWsSimClient(*this, groupIndex, clientIndex, seed);
    }
    return nullptr;
}

void ClientPool::noteOpened(SimClient &client)
{
    m_groups[size_t(client.groupIndex())].open.push_back(&client);
}

void ClientPool::noteClosed(SimClient &client)
{
    std::vector<SimClient *> &open = m_groups[size_t(client.groupIndex())].open;
    const auto it = std::find(open.begin(), open.end(), &client);
    if (it != open.end()) {
        *it = open.back();
        open.pop_back();
    }
}

std::optional<milliseconds> ClientPool::sessionLengthFor(const SimClient &client)
{
    const scenario::ChurnSettings &churn = client.group().churn;
    if (churn.kind == scenario::ChurnSettings::Kind::None || churn.kind == scenario::ChurnSettings::Kind::Rate)
        return std::nullopt;
    return m_groups[size_t(client.groupIndex())].sessions->nextSessionLength();
}

void ClientPool::onTick()
{
    // How late this tick fired is the event loop's lag: when it grows, the generator itself is
    // the bottleneck and its latency numbers include its own delay.
    const qint64 nowNs = MonotonicClock::nowNs();
    m_recorder.setLoopLagNs(std::max<qint64>(0, nowNs - m_nextTickNs));
    while (m_nextTickNs <= nowNs)
        m_nextTickNs += tickNs;
    m_recorder.publish();
}

void ClientPool::stop()
{
    m_stopping = true;
    m_timers.clear();
    m_tick.stop();
    for (GroupState &group : m_groups)
        for (SimClient *client : group.clients)
            if (client)
                client->leave();
    m_recorder.publish();
    Q_EMIT stopped();
}
