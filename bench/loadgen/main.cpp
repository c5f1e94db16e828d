// wsloadgen: the load generator of the scale benchmarks (issue 3). One process, one thread,
// plain epoll and non-blocking sockets, so that it costs the machine less than the server it
// measures. Speaks the subset of SocketScope's protocol that `socketscope serve` and the Node
// peer (bench/peer/ws_peer.mjs) both implement; see docs/performance.md for how scalebench runs it.
//
// Prints one JSON object on stdout; on failure it has an "error" field and the exit code is 1
// (2 for bad usage). Phase lines on stderr let the driver read the server's RSS and CPU time.
// Every wait is bounded by a timeout.

#include "echobenchmark.h"
#include "fanoutbenchmark.h"
#include "handshakebenchmark.h"
#include "idlebenchmark.h"
#include "jsonobject.h"
#include "loadoptions.h"
#include "monotonicclock.h"
#include "selftest.h"

#include <sys/prctl.h>
#include <sys/resource.h>

#include <csignal>
#include <cstdio>
#include <ctime>
#include <memory>

namespace {

// Descriptors: one per connection. The hard limit is what the machine allows this process.
rlim_t raiseDescriptorLimit()
{
    rlimit limit{};
    if (::getrlimit(RLIMIT_NOFILE, &limit) != 0)
        return 0;
    if (limit.rlim_cur < limit.rlim_max) {
        limit.rlim_cur = limit.rlim_max;
        ::setrlimit(RLIMIT_NOFILE, &limit);
        ::getrlimit(RLIMIT_NOFILE, &limit);
    }
    return limit.rlim_cur;
}

std::unique_ptr<Benchmark> benchmarkFor(const LoadOptions &options)
{
    if (options.mode == "idle")
        return std::make_unique<IdleBenchmark>(options);
    if (options.mode == "echo")
        return std::make_unique<EchoBenchmark>(options);
    if (options.mode == "fanout-ws")
        return std::make_unique<FanoutBenchmark>(options, ConnectionSwarm::Protocol::WebSocket);
    if (options.mode == "fanout-sse")
        return std::make_unique<FanoutBenchmark>(options, ConnectionSwarm::Protocol::Sse);
    return std::make_unique<HandshakeBenchmark>(options);
}

} // namespace

int main(int argc, char **argv)
{
    std::string error;
    bool help = false;
    const auto options = LoadOptions::parse(argc, argv, error, help);
    if (help) {
        std::fputs(LoadOptions::usage(), stdout);
        return 0;
    }
    if (!options) {
        JsonObject json;
        json.add("tool", "wsloadgen");
        json.add("error", error);
        std::printf("%s\n", json.toString().c_str());
        std::fprintf(stderr, "wsloadgen: %s\n\n%s", error.c_str(), LoadOptions::usage());
        return 2;
    }

    // A write to a connection the server already reset must not kill the process.
    std::signal(SIGPIPE, SIG_IGN);
    // Sleep until the next due send to within a few microseconds instead of the default 50 us
    // timer slack: the open-model sender in `echo` is timed by these wake-ups.
    ::prctl(PR_SET_TIMERSLACK, 1UL, 0, 0, 0);
    const rlim_t descriptors = raiseDescriptorLimit();

    JsonObject result;
    result.add("tool", "wsloadgen");
    result.add("mode", options->mode);
    result.add("target", options->target.host);
    result.add("descriptor_limit", uint64_t(descriptors));
    const int needed = options->mode.rfind("fanout", 0) == 0 ? options->subscribers + 1 : options->connections;
    bool ok = false;
    const int64_t startNs = MonotonicClock::nowNs();
    if (options->mode == "selftest") {
        ok = SelfTest().run(result, error);
    } else if (uint64_t(needed) + 16 > uint64_t(descriptors)) {
        error = "needs " + std::to_string(needed) + " connections but may open only " + std::to_string(descriptors)
            + " descriptors (RLIMIT_NOFILE hard limit)";
    } else {
        const auto benchmark = benchmarkFor(*options);
        ok = benchmark->run(result, error);
    }
    result.add("wall_seconds", double(MonotonicClock::nowNs() - startNs) / 1e9);
    if (!ok) {
        result.add("error", error.empty() ? std::string("failed") : error);
        std::fprintf(stderr, "wsloadgen: %s\n", error.c_str());
    }
    std::printf("%s\n", result.toString().c_str());
    std::fflush(stdout);
    return ok ? 0 : 1;
}
