#include "benchmark.h"

#include "monotonicclock.h"

#include <unistd.h>

Benchmark::Benchmark(const LoadOptions &options)
    : m_options(options)
{
}

std::string Benchmark::channelFor(std::string_view kind) const
{
    if (!m_options.channel.empty())
        return m_options.channel;
    return "bench-" + std::string(kind) + "-" + std::to_string(::getpid()) + "-"
        + std::to_string(MonotonicClock::nowNs() / MonotonicClock::nsPerMs);
}

int64_t Benchmark::deadlineIn(double seconds) const
{
    return MonotonicClock::nowNs() + MonotonicClock::secondsToNs(seconds);
}

void Benchmark::idleFor(double seconds)
{
    m_loop.runUntil([] { return false; }, deadlineIn(seconds));
}

bool Benchmark::holdUntilFileExists(const std::string &path)
{
    if (path.empty())
        return true;
    const int64_t deadline = deadlineIn(m_options.gateTimeoutSeconds);
    while (::access(path.c_str(), F_OK) != 0) {
        if (MonotonicClock::nowNs() >= deadline)
            return false;
        idleFor(0.02);
    }
    return true;
}

bool Benchmark::openSwarm(ConnectionSwarm &swarm, JsonObject &result, std::string_view key, std::string &error)
{
    const bool ok = swarm.open(deadlineIn(m_options.openTimeoutSeconds));
    result.add(key, swarm.toJson());
    if (!ok) {
        error = "only " + std::to_string(swarm.readyCount()) + " of " + std::to_string(swarm.count())
            + " connections became ready (" + std::to_string(swarm.failedCount()) + " failed";
        if (!swarm.firstFailure().empty())
            error += "; first: " + swarm.firstFailure();
        error += ")";
    }
    return ok;
}

ConnectionSwarm::Plan Benchmark::webSocketPlan(std::string_view kind) const
{
    ConnectionSwarm::Plan plan;
    plan.requestTarget = "/ws?channel=" + channelFor(kind);
    plan.count = m_options.connections;
    plan.concurrency = m_options.concurrency;
    return plan;
}

bool Benchmark::openAndSettle(ConnectionSwarm &swarm, JsonObject &result, std::string &error)
{
    if (!openSwarm(swarm, result, "connections", error))
        return false;
    m_phases.announce("open", swarm.readyCount());
    idleFor(m_options.settleSeconds);
    m_phases.announce("settled", swarm.readyCount());
    idleFor(0.3); // the driver reads the server's RSS now
    return true;
}
