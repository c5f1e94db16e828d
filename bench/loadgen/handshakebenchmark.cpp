#include "handshakebenchmark.h"

#include "monotonicclock.h"

bool HandshakeBenchmark::run(JsonObject &result, std::string &error)
{
    const SourceAddressPlan sources = SourceAddressPlan::forConnections(m_options.connections, m_options.sourceAddresses);
    result.add("source_addresses", sources.addressCount());
    ConnectionSwarm::Plan plan;
    plan.requestTarget = "/ws?channel=" + channelFor("handshake");
    plan.count = m_options.connections;
    plan.concurrency = m_options.concurrency;
    plan.readyWhen = ConnectionSwarm::ReadyWhen::Handshake;
    ConnectionSwarm swarm(m_loop, m_options.target, sources, plan, this);

    m_phases.announce("measure", 0);
    const bool ok = openSwarm(swarm, result, "connections", error);
    m_phases.announce("done", swarm.readyCount());
    result.add("handshakes", swarm.readyCount());
    result.add("handshakes_per_second",
               swarm.openDurationNs() > 0 ? double(swarm.readyCount()) * 1e9 / double(swarm.openDurationNs()) : 0.0);
    result.add("handshake", swarm.handshakeTimes().toJson());
    result.add("handshakes_over_1s", swarm.handshakeTimes().countAbove(MonotonicClock::nsPerSecond));
    if (ok) {
        m_phases.announce("open", swarm.readyCount());
        idleFor(m_options.holdSeconds);
        m_phases.announce("settled", swarm.readyCount());
        idleFor(0.3); // the driver reads the server's RSS now
        result.add("hold_seconds", m_options.holdSeconds);
        result.add("closed_during_hold", swarm.closedAfterReady());
        error = swarm.closedDuringRunError("connections");
    }
    result.add("generator", m_phases.generatorJson());
    return ok && error.empty();
}
