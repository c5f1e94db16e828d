#!/usr/bin/python3
"""protocolmemory: memory per simulated Socket.IO and graphql-ws client, next to the official Node
clients, in the same run.

For each of
  socketio   transport websocket        (node tests/external/servers/socketio_chat.mjs)
  socketio   transport polling-upgrade  (the same server)
  graphql-ws                            (node tests/external/servers/graphql_server.mjs)
it runs, one after the other, each against a fresh server:
  socketscope       `socketscope run` with one group of N clients of that protocol (a generated
                    scenario: all N start at once after a 5 s delay, no ramp), VmRSS of the process
                    from /proc before the delay ends (nothing connected) and after every client is
                    connected and settled; and a second, 1-client run of the same scenario for the
                    process's base (what does not grow with N)
  node              bench/protocolmemory/node_clients.mjs: N clients of socket.io-client's io() or
                    graphql-ws's createClient (ws as webSocketImpl, lazy: false) in one Node
                    process, which samples its own process.memoryUsage().rss the same way
Both sides do the same thing: each client joins (Socket.IO: join 'r-<i>' with an ack) or subscribes
to (graphql-ws: posted(room: "r-<i>")) a room of its own, and sends 0.1 messages/s (chat event, or
the post mutation) that the server delivers back to it: one-way latency and per-sender loss.

Connects/s are measured the same way for both clients: N / (from the client's first connect
attempt, on its own wall clock, until the server counted every client). The driver polls GET /stats
every 100 ms (Socket.IO: connections['/'].current, graphql-ws: activeSubscriptions); socketscope's
first attempt is the run's `start` (report) + the 5 s delay, the Node script prints its own.

    bench/protocolmemory/run.py > protocolmemory.json     # 5,000 clients, ~6 minutes
    bench/protocolmemory/run.py --clients 500 --hold 15    # a quick try
    bench/protocolmemory/run.py --only socketio-websocket,graphql-ws --tools socketscope

Prints ONE JSON document on stdout, progress on stderr. A measurement, not a test: no pass/fail.
It builds nothing: cmake --build build --target socketscope. Needs node and tests/external's
node_modules (scripts/install-deps). Loopback only; every wait is bounded (--connect-timeout,
--phase-timeout); every child is stopped on exit.
"""

import argparse
import datetime
import json
import os
import platform
import re
import resource
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request

sys.dont_write_bytecode = True  # no __pycache__ in the source tree
HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, os.path.dirname(HERE))
import procfs  # noqa: E402  (bench/procfs.py)

SERVERS = os.path.join(ROOT, "tests", "external", "servers")
NODE_MODULES = os.path.join(ROOT, "tests", "external", "node_modules")
NODE_CLIENTS = os.path.join(HERE, "node_clients.mjs")

CONFIGS = {
    "socketio-websocket": ("socketio", "websocket", "socketio_chat.mjs"),
    "socketio-polling-upgrade": ("socketio", "polling-upgrade", "socketio_chat.mjs"),
    "graphql-ws": ("graphql-ws", "websocket", "graphql_server.mjs"),
}
SUBSCRIPTION = "subscription OnPost($room: String!) { posted(room: $room) { from seq sentAt } }"
MUTATION = ("mutation Post($room: String!, $from: Int!, $seq: Int!, $sentAt: Float!) "
            "{ post(room: $room, from: $from, seq: $seq, sentAt: $sentAt) }")
DELAY_S = 5  # socketscope: the group's delay, when the process runs with nothing connected


def log(message):
    print(f"protocolmemory: {message}", file=sys.stderr, flush=True)


def stop(process, grace=10):
    if process and process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=grace)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def median(values):
    values = [v for v in values if v is not None]
    return statistics.median_low(values) if values else None


def start_server(node, script):
    server = subprocess.Popen([node, os.path.join(SERVERS, script)], stdout=subprocess.PIPE,
                              stderr=subprocess.DEVNULL, text=True)
    # readline() blocks; the server prints its port within a second or never.
    lines = []
    reader = threading.Thread(target=lambda: lines.append(server.stdout.readline()), daemon=True)
    reader.start()
    reader.join(timeout=15)
    line = lines[0] if lines else ""
    match = re.search(r'"port"\s*:\s*(\d+)', line)
    if not match:
        stop(server)
        sys.exit(f"protocolmemory: {script} did not start: {line!r}")
    return server, int(match.group(1))


def server_stats(port):
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/stats", timeout=2) as response:
            return json.load(response)
    except (OSError, ValueError):
        return None


def ready_count(protocol, stats):
    if stats is None:
        return None
    if protocol == "socketio":
        return stats["connections"]["/"]["current"]
    return stats["activeSubscriptions"]


class ServerWatch:
    """Polls the server's /stats every 100 ms on a thread: when it first saw a client, and every one."""

    def __init__(self, protocol, port, clients):
        self.protocol, self.port, self.clients = protocol, port, clients
        self.first_seen = self.all_seen = self.all_seen_wall = None
        self.last = None
        self.stopping = threading.Event()
        self.thread = threading.Thread(target=self.run, daemon=True)
        self.thread.start()

    def run(self):
        while not self.stopping.is_set():
            count = ready_count(self.protocol, server_stats(self.port))
            now, wall = time.monotonic(), time.time()
            if count is not None:
                self.last = count
                if count > 0 and self.first_seen is None:
                    self.first_seen = now
                if count >= self.clients and self.all_seen is None:
                    self.all_seen, self.all_seen_wall = now, wall
            self.stopping.wait(0.1)

    def close(self):
        self.stopping.set()
        self.thread.join(timeout=5)

    def burst(self):
        """Seconds from the first poll that saw a client to the first that saw them all."""
        if self.first_seen is None or self.all_seen is None:
            return None
        return round(self.all_seen - self.first_seen, 2)

    def connect_rate(self, opening_started_wall):
        """(connects/s, seconds) from the client's first connect attempt (its own wall clock) until
        the server had them all."""
        if self.all_seen_wall is None or opening_started_wall is None:
            return None, None
        span = self.all_seen_wall - opening_started_wall
        return (round(self.clients / span) if span > 0 else None), round(span, 2)


def wait_for_no_clients(protocol, port, timeout=20):
    deadline = time.monotonic() + timeout
    count = None
    while time.monotonic() < deadline:
        count = ready_count(protocol, server_stats(port))
        if count == 0:
            return 0
        time.sleep(0.2)
    return count


def scenario_for(protocol, transport, port, clients, duration_s):
    group = {"name": "clients", "protocol": protocol, "clients": clients, "channel": "r", "channels": clients,
             "phases": {"delay": f"{DELAY_S}s"}}
    if protocol == "socketio":
        group.update({
            "url": f"http://127.0.0.1:{port}/socket.io/",
            "transport": transport,
            "onOpen": [{"emit": "join", "args": ["{{channel}}"], "ack": True}],
            "send": {"rate": None, "event": "chat",
                     "args": [{"from": "{{client}}", "seq": "{{seq}}", "sentAt": "{{sentAt}}"}]},
            "receive": {"match": {"$event": "chat"}, "sender": "$.args[0].from", "seq": "$.args[0].seq",
                        "sentAt": "$.args[0].sentAt", "expect": "all"},
        })
    else:
        group.update({
            "url": f"ws://127.0.0.1:{port}/graphql",
            "subscribe": [{"query": SUBSCRIPTION, "variables": {"room": "{{channel}}"}, "operationName": "OnPost"}],
            "send": {"rate": None, "query": MUTATION, "operationName": "Post",
                     "variables": {"room": "{{channel}}", "from": "{{client}}", "seq": "{{seq}}",
                                   "sentAt": "{{sentAt}}"}},
            "receive": {"match": {"$event": "OnPost"}, "sender": "$.payload.data.posted.from",
                        "seq": "$.payload.data.posted.seq", "sentAt": "$.payload.data.posted.sentAt",
                        "expect": "all"},
        })
    return {"name": f"protocolmemory-{protocol}-{transport}-{clients}",
            "description": "bench/protocolmemory/run.py: memory per client (generated)",
            "duration": f"{duration_s}s", "groups": [group]}


def run_socketscope(args, node, config, clients, with_traffic):
    """One `socketscope run` of `clients` clients against a fresh server; stopped by SIGTERM once
    sampled (and, with traffic, --hold seconds after the last client was ready)."""
    protocol, transport, server_script = CONFIGS[config]
    server, port = start_server(node, server_script)
    work = tempfile.mkdtemp(prefix="protocolmemory-")
    scenario_path, report_path = os.path.join(work, "scenario.json"), os.path.join(work, "report.json")
    duration_s = DELAY_S + args.connect_timeout + args.settle + args.samples + args.hold + 30
    scenario = scenario_for(protocol, transport, port, clients, duration_s)
    scenario["groups"][0]["send"]["rate"] = args.rate
    arrival_rate = arrival_rate_for(args, config)
    if arrival_rate > 0 and clients > 1:
        scenario["groups"][0]["arrivalRate"] = arrival_rate
    with open(scenario_path, "w") as file:
        json.dump(scenario, file, indent=1)
    runner = watch = run_err_file = None
    out = {"clients": clients}
    try:
        # stderr into a file: a pipe nobody reads until the end could fill and stall the run.
        run_err_file = open(os.path.join(work, "stderr.txt"), "w+")
        runner = subprocess.Popen([args.socketscope, "run", scenario_path, "--report", report_path, "--quiet"],
                                  stdout=subprocess.DEVNULL, stderr=run_err_file, text=True)
        started = time.monotonic()
        watch = ServerWatch(protocol, port, clients)
        # Nothing is connected during the group's delay: the process with its pools, no client.
        idle = []
        for at in (2.5, 3.0, 3.5, 4.0, 4.5):
            time.sleep(max(0.0, started + at - time.monotonic()))
            idle.append(procfs.rss_bytes(runner.pid))
        out["rss_before"] = median(idle)
        out["rss_before_samples"] = idle
        out["server_count_during_delay"] = watch.last
        deadline = started + DELAY_S + args.connect_timeout
        while watch.all_seen is None and time.monotonic() < deadline and runner.poll() is None:
            time.sleep(0.1)
        ready_at = watch.all_seen or time.monotonic()
        out["all_ready_on_server"] = watch.all_seen is not None
        out["ready_on_server"] = watch.last
        out["server_burst_seconds"] = watch.burst()
        log(f"  socketscope x{clients}: {watch.last}/{clients} ready on the server; settling {args.settle} s")
        time.sleep(args.settle)
        cpu_start, cpu_start_t = procfs.cpu_seconds(runner.pid), time.monotonic()
        rss = []
        for k in range(args.samples):
            rss.append(procfs.rss_bytes(runner.pid))
            if k + 1 < args.samples:
                time.sleep(1)
        cpu_end, cpu_end_t = procfs.cpu_seconds(runner.pid), time.monotonic()
        out["rss_after"] = median(rss)
        out["rss_samples"] = rss
        out["descriptors"] = procfs.open_descriptors(runner.pid)
        out["threads"] = procfs.threads(runner.pid)
        if cpu_start is not None and cpu_end is not None and cpu_end_t > cpu_start_t:
            out["cpu_percent_steady"] = round((cpu_end - cpu_start) / (cpu_end_t - cpu_start_t) * 100, 1)
        out["server_ready_at_sample"] = watch.last
        if with_traffic:
            hold_end = ready_at + args.hold
            while time.monotonic() < hold_end and runner.poll() is None:
                time.sleep(min(1.0, max(0.0, hold_end - time.monotonic())))
        runner.send_signal(signal.SIGTERM)
        try:
            runner.wait(timeout=60)
        except subprocess.TimeoutExpired:
            runner.kill()
            runner.wait()
        out["exit_code"] = runner.returncode
        run_err_file.seek(0)
        run_err = run_err_file.read()
        try:
            with open(report_path) as file:
                report = json.load(file)
        except (OSError, ValueError):
            out["error"] = f"no report (exit {runner.returncode}): {run_err.strip()[-1500:]}"
            return out
    finally:
        if watch:
            watch.close()
        stop(runner)
        stop(server)
        if run_err_file:
            run_err_file.close()
        shutil.rmtree(work, ignore_errors=True)

    total = report["summary"]["all"]
    connections, messages = total["connections"], total["messages"]
    try:  # the group starts DELAY_S after the run's start (wall clock, milliseconds)
        run_start = datetime.datetime.fromisoformat(report["start"].replace("Z", "+00:00")).timestamp()
        out["connects_per_second"], out["connect_seconds"] = watch.connect_rate(run_start + DELAY_S)
    except (KeyError, TypeError, ValueError):
        out["connects_per_second"] = out["connect_seconds"] = None
    out.update({
        "connects": connections["connects"],
        "failed": connections["failed"],
        "reconnects": connections["reconnects"],
        "unexpected_closes": connections["unexpectedCloses"],
        "peak_open": connections["peak"],
        "peak_connects_per_second_report": connections["peakConnectsPerSecond"],
        "handshake_ms": pick(total["handshakeMs"]),
        "latency_ms": pick(total["latencyMs"]),
        "rtt_ms": pick(total["rttMs"]) if total["rttMs"].get("count") else None,
        "sent": messages["sent"],
        "received": messages["received"],
        "lost": messages["lost"],
        "duplicated": messages["duplicated"],
        "out_of_order": messages["outOfOrder"],
        "errors": messages["errors"],
        "reconciliation": messages.get("reconciliation"),
        "outcomes": total.get("outcomes"),
        "generator_cpu_percent_mean": report["generator"].get("cpuPercentMean"),
    })
    return out


def arrival_rate_for(args, config):
    if config == "socketio-polling-upgrade" and args.polling_arrival_rate is not None:
        return args.polling_arrival_rate
    return args.arrival_rate


def listen_overflows():
    """TcpExt ListenOverflows + ListenDrops of the whole machine (/proc/net/netstat): SYNs or
    handshakes dropped because a listen queue was full (Node's servers listen with a backlog of 511)."""
    try:
        with open("/proc/net/netstat") as file:
            lines = [line.split() for line in file if line.startswith("TcpExt:")]
        values = dict(zip(lines[0][1:], (int(v) for v in lines[1][1:])))
        return {"overflows": values.get("ListenOverflows"), "drops": values.get("ListenDrops")}
    except (OSError, IndexError, ValueError):
        return None


def delta(after, before):
    if not after or not before:
        return None
    return {key: after[key] - before[key] for key in after if after[key] is not None and before.get(key) is not None}


def pick(histogram):
    return {key: histogram.get(key) for key in ("count", "p50", "p90", "p99", "max", "mean")}


def run_node(args, node, config):
    protocol, transport, server_script = CONFIGS[config]
    server, port = start_server(node, server_script)
    url = (f"http://127.0.0.1:{port}/socket.io/" if protocol == "socketio" else f"ws://127.0.0.1:{port}/graphql")
    command = [node, "--expose-gc", NODE_CLIENTS, "--protocol", protocol, "--url", url, "--transport", transport,
               "--clients", str(args.clients), "--rate", str(args.rate), "--settle", str(args.settle),
               "--samples", str(args.samples), "--hold", str(args.hold),
               "--connect-timeout", str(args.connect_timeout), "--drain", "3",
               "--arrival-rate", str(arrival_rate_for(args, config))]
    client = watch = None
    phases = {}
    try:
        env = dict(os.environ, NODE_PATH=NODE_MODULES)
        client = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
        watch = ServerWatch(protocol, port, args.clients)
        stderr_lines = []

        def read_stderr():
            for line in client.stderr:
                stderr_lines.append(line)
                match = re.match(r"node_clients: phase (\w+)", line)
                if match:  # the process's CPU time at each phase, for its steady-state CPU share
                    phases[match.group(1)] = (time.monotonic(), procfs.cpu_seconds(client.pid))
        reader = threading.Thread(target=read_stderr, daemon=True)
        reader.start()
        limit = args.connect_timeout + args.settle + args.samples + args.hold + 60
        try:
            client.wait(timeout=limit)
        except subprocess.TimeoutExpired:
            client.kill()
            client.wait()
        client_out = client.stdout.read()  # one line: it cannot fill the pipe while we wait
        reader.join(timeout=5)
    finally:
        if watch:
            watch.close()
        stop(client)
        stop(server)
    try:
        out = json.loads(client_out.strip().splitlines()[-1])
    except (ValueError, IndexError):
        return {"error": f"node_clients failed (exit {client.returncode}): {''.join(stderr_lines)[-1500:]}"}
    # Its own view (first io()/createClient() to the last client ready) and the driver's, which
    # is measured the same way for socketscope: the first attempt to the server having them all.
    out["connects_per_second_own"] = out.pop("connects_per_second")
    out["connect_seconds_own"] = out.pop("connect_seconds")
    started = out.get("open_started_unix_ms")
    out["connects_per_second"], out["connect_seconds"] = watch.connect_rate(started / 1000 if started else None)
    out["server_burst_seconds"] = watch.burst()
    out["all_ready_on_server"] = watch.all_seen is not None
    ready, sampled = phases.get("ready"), phases.get("sampled")
    if ready and sampled and ready[1] is not None and sampled[1] is not None and sampled[0] > ready[0]:
        # ready -> sampled spans the settle time and the samples, as for socketscope (plus gc()).
        out["cpu_percent_steady"] = round((sampled[1] - ready[1]) / (sampled[0] - ready[0]) * 100, 1)
    out["exit_code"] = client.returncode
    return out


def build_type(socketscope):
    cache = os.path.join(os.path.dirname(os.path.dirname(socketscope)), "CMakeCache.txt")
    try:
        with open(cache) as file:
            for line in file:
                if line.startswith("CMAKE_BUILD_TYPE:"):
                    return line.split("=", 1)[1].strip()
    except OSError:
        pass
    return None


def cpu_model():
    try:
        with open("/proc/cpuinfo") as cpuinfo:
            for line in cpuinfo:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor()


def git(*command):
    return subprocess.run(["git", "-C", ROOT, *command], capture_output=True, text=True).stdout.strip()


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--build-dir", default=os.path.join(ROOT, "build"))
    parser.add_argument("--socketscope", help="the binary (default: BUILD_DIR/bin/socketscope)")
    parser.add_argument("--clients", type=int, default=5000)
    parser.add_argument("--rate", type=float, default=0.1, help="messages per second per client")
    parser.add_argument("--settle", type=int, default=5, help="seconds after the last connect before sampling")
    parser.add_argument("--samples", type=int, default=10, help="RSS samples, one a second (the median is used)")
    parser.add_argument("--hold", type=int, default=30,
                        help="seconds of sending after the last client was ready (sampling included)")
    parser.add_argument("--connect-timeout", type=int, default=180)
    parser.add_argument("--arrival-rate", type=float, default=0,
                        help="clients opened per second (socketscope: the group's arrivalRate); 0: all at once")
    parser.add_argument("--polling-arrival-rate", type=float,
                        help="the same for socketio-polling-upgrade only (default: --arrival-rate)")
    parser.add_argument("--only", default=",".join(CONFIGS), help=f"comma-separated of {', '.join(CONFIGS)}")
    parser.add_argument("--tools", default="socketscope,node")
    parser.add_argument("--no-base-run", action="store_true",
                        help="skip socketscope's 1-client run (the process base)")
    args = parser.parse_args()

    args.socketscope = args.socketscope or os.path.join(args.build_dir, "bin", "socketscope")
    if not os.access(args.socketscope, os.X_OK):
        sys.exit(f"protocolmemory: {args.socketscope} not found: build it first "
                 f"(cmake --build {args.build_dir} --target socketscope) or pass --socketscope")
    node = shutil.which("node") or shutil.which("nodejs")
    if not node:
        sys.exit("protocolmemory: node not found (scripts/install-deps installs it)")
    for package in ("socket.io-client", "graphql-ws", "ws"):
        if not os.path.isdir(os.path.join(NODE_MODULES, package)):
            sys.exit(f"protocolmemory: {package} is missing from {NODE_MODULES}: scripts/install-deps")
    configs = [c.strip() for c in args.only.split(",") if c.strip()]
    tools = [t.strip() for t in args.tools.split(",") if t.strip()]
    for config in configs:
        if config not in CONFIGS:
            sys.exit(f"protocolmemory: unknown --only {config!r}")

    # Each process (server, socketscope, the Node clients) holds about one descriptor per client;
    # during the polling phase of polling-upgrade a client may have a poll, a POST and the upgrade
    # open at once. The children inherit the raised soft limit (socketscope raises its own).
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
    needed = 3 * args.clients + 200 if "socketio-polling-upgrade" in configs else args.clients + 200
    if needed > hard:
        sys.exit(f"protocolmemory: {args.clients} clients may need {needed} descriptors in one process; "
                 f"the hard limit here is {hard} (ulimit -Hn). Use --clients {(hard - 200) // 3}.")

    results = []
    started = time.monotonic()
    for config in configs:
        protocol, transport, _ = CONFIGS[config]
        entry = {"config": config, "protocol": protocol, "transport": transport}
        if "socketscope" in tools:
            log(f"{config}: socketscope, {args.clients} clients")
            entry["load_average_1m"] = round(os.getloadavg()[0], 2)
            before = listen_overflows()
            ours = run_socketscope(args, node, config, args.clients, with_traffic=True)
            ours["listen_queue_overflows_machine"] = delta(listen_overflows(), before)
            ours["arrival_rate"] = arrival_rate_for(args, config) or "all at once"
            if not args.no_base_run:
                log(f"{config}: socketscope, 1 client (the process base)")
                base = run_socketscope(args, node, config, 1, with_traffic=False)
                ours["rss_one_client"] = base.get("rss_after")
                ours["rss_one_client_before"] = base.get("rss_before")
            ready = ours.get("connects") or ours.get("ready_on_server") or 0
            if ready and ours.get("rss_after") and ours.get("rss_before"):
                # Two baselines: the same process before any connect (its delay), and a process of
                # the same scenario with 1 client (which also charges per-client timer entries and
                # slots, allocated at the start, to the clients).
                ours["bytes_per_client_same_process"] = round((ours["rss_after"] - ours["rss_before"]) / ready)
                if ours.get("rss_one_client"):
                    ours["bytes_per_client"] = round((ours["rss_after"] - ours["rss_one_client"]) / max(1, ready - 1))
            entry["socketscope"] = ours
            log(f"{config}: socketscope {ours.get('bytes_per_client')} B/client "
                f"(same process: {ours.get('bytes_per_client_same_process')}), "
                f"{ours.get('connects_per_second')} connects/s, lost {ours.get('lost')}")
        if "node" in tools:
            log(f"{config}: node client, {args.clients} clients")
            entry["load_average_1m_node"] = round(os.getloadavg()[0], 2)
            before = listen_overflows()
            theirs = run_node(args, node, config)
            theirs["listen_queue_overflows_machine"] = delta(listen_overflows(), before)
            theirs["arrival_rate"] = arrival_rate_for(args, config) or "all at once"
            entry["node"] = theirs
            log(f"{config}: node {theirs.get('bytes_per_client')} B/client, "
                f"{theirs.get('connects_per_second')} connects/s, lost {theirs.get('lost')}")
        if "socketscope" in entry and "node" in entry:
            a, b = entry["socketscope"].get("bytes_per_client"), entry["node"].get("bytes_per_client")
            if a and b:
                entry["node_bytes_per_client_over_socketscope"] = round(b / a, 2)
        results.append(entry)

    dirty = [line[3:] for line in git("status", "--porcelain").splitlines()]
    out = {
        "benchmark": "protocolmemory",
        "clients": args.clients,
        "rate_per_client": args.rate,
        "settle_seconds": args.settle,
        "samples": args.samples,
        "hold_seconds": args.hold,
        "arrival_rate": args.arrival_rate or "all at once",
        "polling_arrival_rate": args.polling_arrival_rate,
        "socketscope": os.path.relpath(os.path.realpath(args.socketscope), ROOT)
        if os.path.realpath(args.socketscope).startswith(ROOT) else args.socketscope,
        "build_type": build_type(os.path.realpath(args.socketscope)),
        "commit": git("rev-parse", "--short", "HEAD"),
        "uncommitted_files": len(dirty),
        "machine": {"cpu": cpu_model(), "cores": os.cpu_count(), "kernel": platform.release(),
                    "node": subprocess.run([node, "--version"], capture_output=True, text=True).stdout.strip(),
                    "descriptor_limit": hard},
        "seconds": round(time.monotonic() - started, 1),
        "runs": results,
    }
    json.dump(out, sys.stdout, indent=2)
    print()


if __name__ == "__main__":
    main()
