#include "loadoptions.h"

#include <charconv>
#include <cstdlib>
#include <cstring>
#include <string_view>

namespace {

bool parseInt(std::string_view text, int &out, int min, int max)
{
    int value = 0;
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (error != std::errc() || end != text.data() + text.size() || value < min || value > max)
        return false;
    out = value;
    return true;
}

bool parseDouble(std::string_view text, double &out, double min, double max)
{
    const std::string copy(text);
    char *end = nullptr;
    const double value = std::strtod(copy.c_str(), &end);
    if (copy.empty() || *end != '\0' || !(value >= min) || !(value <= max))
        return false;
    out = value;
    return true;
}

} // namespace

const char *LoadOptions::usage()
{
    return "usage: wsloadgen MODE --target HOST:PORT [options]\n       wsloadgen selftest\n"
           "\n"
           "Modes (each prints one JSON object on stdout; progress and phase lines on stderr):\n"
           "  idle        N idle WebSockets, then one echo at a time on random ones (--samples): RTT\n"
           "  echo        N WebSockets, open-model echoes at --rate msgs/s for --duration s: RTT, loss\n"
           "  fanout-ws   --subscribers S on /ws?channel=C, one WebSocket publisher: delivery rate, latency, loss\n"
           "  fanout-sse  the same with S /events?channel=C streams\n"
           "  handshake   N WebSocket handshakes, --concurrency in flight: handshakes/s and times\n"
           "  selftest    check the protocol code against known answers (no network)\n"
           "\n"
           "Options:\n"
           "  --target HOST:PORT        server (IPv4), required\n"
           "  --connections N           idle, echo, handshake (default 1000)\n"
           "  --concurrency K           handshakes in flight while opening (default 100)\n"
           "  --samples M               idle: round trips (default 2000)\n"
           "  --rate R                  echo: messages/s over all connections; fanout: publish cap (0 = none)\n"
           "  --duration S              echo, fanout: seconds of load (default 10)\n"
           "  --subscribers S           fanout (default 1000)\n"
           "  --publish-target H:P      fanout: publish through this server (another instance) instead\n"
           "  --window W                fanout: messages in flight (default 8)\n"
           "  --payload-bytes B         payload string length (default 64, at least 31)\n"
           "  --channel C               default: a fresh channel per run\n"
           "  --open-timeout S          for opening all connections (default 120)\n"
           "  --settle S                quiet seconds after opening (default 1)\n"
           "  --hold S                  handshake: keep connections open S seconds (default 0)\n"
           "  --sample-timeout S        idle: per round trip (default 5)\n"
           "  --drain-timeout S         echo, fanout: wait for stragglers (default 5)\n"
           "  --stall-timeout S         fanout: drop a message from the window after S (default 5)\n"
           "  --source-addresses K      bind to 127.0.0.1 .. 127.0.0.K (default: as needed)\n"
           "  --measure-when FILE       idle: after settling, hold until FILE exists, then measure\n"
           "  --exit-when FILE          idle: after measuring, hold until FILE exists, then exit\n"
           "  --gate-timeout S          the longest wait for either file (default 600)\n"
           "  --seed N                  random choices (default 1)\n";
}

std::optional<LoadOptions> LoadOptions::parse(int argc, char **argv, std::string &error, bool &help)
{
    LoadOptions options;
    help = false;
    bool haveTarget = false;
    for (int i = 1; i < argc; ++i) {
        const std::string_view argument = argv[i];
        if (argument == "-h" || argument == "--help") {
            help = true;
            return std::nullopt;
        }
        if (argument.substr(0, 2) != "--") {
            if (!options.mode.empty()) {
                error = "unexpected argument '" + std::string(argument) + "'";
                return std::nullopt;
            }
            options.mode = argument;
            continue;
        }
        if (i + 1 >= argc) {
            error = std::string(argument) + " needs a value";
            return std::nullopt;
        }
        const std::string_view value = argv[++i];
        bool ok = true;
        if (argument == "--target") {
            const auto endpoint = Endpoint::parse(value);
            ok = endpoint.has_value();
            if (ok) {
                options.target = *endpoint;
                haveTarget = true;
            }
        } else if (argument == "--publish-target") {
            const auto endpoint = Endpoint::parse(value);
            ok = endpoint.has_value();
            if (ok)
                options.publishTarget = *endpoint;
        } else if (argument == "--connections") {
            ok = parseInt(value, options.connections, 1, 1'000'000);
        } else if (argument == "--concurrency") {
            ok = parseInt(value, options.concurrency, 1, 100'000);
        } else if (argument == "--samples") {
            ok = parseInt(value, options.samples, 1, 10'000'000);
        } else if (argument == "--rate") {
            ok = parseDouble(value, options.rate, 0, 10'000'000);
        } else if (argument == "--duration") {
            ok = parseDouble(value, options.durationSeconds, 0.1, 86'400);
        } else if (argument == "--subscribers") {
            ok = parseInt(value, options.subscribers, 1, 1'000'000);
        } else if (argument == "--window") {
            ok = parseInt(value, options.window, 1, 1'000'000);
        } else if (argument == "--payload-bytes") {
            ok = parseInt(value, options.payloadBytes, 1, 60'000);
        } else if (argument == "--channel") {
            options.channel = value;
            ok = !value.empty() && value.find_first_of("&?# %") == std::string_view::npos;
        } else if (argument == "--open-timeout") {
            ok = parseDouble(value, options.openTimeoutSeconds, 0.1, 86'400);
        } else if (argument == "--settle") {
            ok = parseDouble(value, options.settleSeconds, 0, 3'600);
        } else if (argument == "--hold") {
            ok = parseDouble(value, options.holdSeconds, 0, 3'600);
        } else if (argument == "--sample-timeout") {
            ok = parseDouble(value, options.sampleTimeoutSeconds, 0.001, 3'600);
        } else if (argument == "--drain-timeout") {
            ok = parseDouble(value, options.drainTimeoutSeconds, 0, 3'600);
        } else if (argument == "--stall-timeout") {
            ok = parseDouble(value, options.stallTimeoutSeconds, 0.001, 3'600);
        } else if (argument == "--source-addresses") {
            ok = parseInt(value, options.sourceAddresses, 0, 250);
        } else if (argument == "--measure-when") {
            options.measureWhenFile = value;
        } else if (argument == "--exit-when") {
            options.exitWhenFile = value;
        } else if (argument == "--gate-timeout") {
            ok = parseDouble(value, options.gateTimeoutSeconds, 0.001, 86'400);
        } else if (argument == "--seed") {
            int seed = 0;
            ok = parseInt(value, seed, 0, 1'000'000'000);
            options.seed = unsigned(seed);
        } else {
            error = "unknown option " + std::string(argument);
            return std::nullopt;
        }
        if (!ok) {
            error = "bad value for " + std::string(argument) + ": '" + std::string(value) + "'";
            return std::nullopt;
        }
    }
    static constexpr std::string_view modes[] = {"idle", "echo", "fanout-ws", "fanout-sse", "handshake", "selftest"};
    bool knownMode = false;
    for (const auto mode : modes)
        knownMode = knownMode || options.mode == mode;
    if (!knownMode) {
        error = options.mode.empty() ? "a mode is required" : "unknown mode '" + options.mode + "'";
        return std::nullopt;
    }
    if (!haveTarget && options.mode != "selftest") {
        error = "--target HOST:PORT is required";
        return std::nullopt;
    }
    if (options.mode == "echo" && options.rate <= 0) {
        error = "echo needs --rate (messages per second)";
        return std::nullopt;
    }
    return options;
}
