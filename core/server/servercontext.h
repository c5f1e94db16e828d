#pragma once

#include "addresslimiter.h"
#include "channelhub.h"
#include "faultstate.h"
#include "serverconfig.h"
#include "servercounters.h"
#include "broker/brokerstats.h"
#include "auth/jwtverifier.h"
#include "presence/localpresence.h"
#include "inspect/frametaplink.h"

#include <QByteArray>

#include <memory>
#include <vector>

// What all workers of one server share: the configuration (read-only while running), the hub,
// the injected faults, the per-address limiter and every worker's counters (for /metrics).
// Owned by Server; outlives its workers.
struct ServerContext
{
    explicit ServerContext(ServerConfig serverConfig)
        : config(std::move(serverConfig))
        , hub(config.replaySize, config.maxChannels, config.ephemeralTypes)
    {
    }

    const ServerConfig config;
    ChannelHub hub;
    // With JWT authentication (config.usesJwt()): set at start, before the workers.
    std::unique_ptr<JwtVerifier> jwt;
    FaultState faults;
    AddressLimiter limiter;
    std::vector<std::unique_ptr<ServerCounters>> counters; // one per worker, fixed at start
    ServerCounters::Counter acceptPausesNoDescriptors{0};  // the accept thread's (Listener)
    qint64 startedMs = 0;
    FrameTapLink frameTap; // the message inspector's tap; null while it is off
    // With a broker: its bridge's counters (set before listening, cleared after the workers stop).
    const BrokerStats *broker = nullptr;
    // Who is connected to each channel (docs/server.md, "Presence"): `local` on one instance;
    // `presence` points at it, or, while a broker that keeps presence is joined, at the one in it.
    std::unique_ptr<LocalPresence> localPresence;
    PresenceDirectory *presence = nullptr;

    // Prometheus text exposition format 0.0.4 of everything above.
    QByteArray prometheusText() const;
    qint64 openConnections(ServerCounters::Protocol protocol) const;
    quint64 sum(ServerCounters::Counter ServerCounters::*counter) const;
};
