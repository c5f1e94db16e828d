#pragma once

#include "connectionobserver.h"
#include "connectionswarm.h"
#include "eventloop.h"
#include "jsonobject.h"
#include "loadoptions.h"
#include "phasereporter.h"

#include <string>

// One mode of wsloadgen. Owns the event loop; a mode opens its ConnectionSwarm(s), announces
// phases, measures, and writes its results into one JSON object.
class Benchmark : public ConnectionObserver
{
public:
    explicit Benchmark(const LoadOptions &options);
    ~Benchmark() override = default;

    // Fills `result` as far as the run got; false with `error` set when it could not measure.
    virtual bool run(JsonObject &result, std::string &error) = 0;

    void onOpened(ClientConnection &, int64_t) override {}
    void onClosed(ClientConnection &) override {}

protected:
    // A channel no earlier run used, so sequence numbers start at 1 and nobody else publishes.
    std::string channelFor(std::string_view kind) const;
    // Runs the loop (answering pings, reading stragglers) for `seconds`.
    void idleFor(double seconds);
    // Opens the swarm and adds its report under `key`; false with `error` set unless all are ready.
    bool openSwarm(ConnectionSwarm &swarm, JsonObject &result, std::string_view key, std::string &error);
    // The plan of the idle and echo modes: --connections WebSockets on a fresh channel.
    ConnectionSwarm::Plan webSocketPlan(std::string_view kind) const;
    // openSwarm() under "connections", then the phases the driver reads the server at: "open",
    // --settle seconds of quiet, "settled" and 0.3 s for the driver to read the server's RSS.
    bool openAndSettle(ConnectionSwarm &swarm, JsonObject &result, std::string &error);
    int64_t deadlineIn(double seconds) const;
    // Runs the loop until `path` exists (checked every 20 ms) or --gate-timeout; false on the
    // timeout. An empty path returns at once.
    bool holdUntilFileExists(const std::string &path);

    const LoadOptions &m_options;
    EventLoop m_loop;
    PhaseReporter m_phases;
};
