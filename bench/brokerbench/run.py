#!/usr/bin/python3
"""brokerbench: what a broker between `socketscope serve` instances costs, and how many connections
several instances hold on one machine, in one run.

1. delivery (for each setup, repeated and interleaved: in-process, redis, nats, in-process, ...)
     in-process  one `serve`; the subscribers and the publisher on it
     redis       a private redis-server (free port, temporary directory, no persistence), two
                 `serve --broker redis://...` instances: the publisher on A (wsloadgen
                 --publish-target), the subscribers on B, so every delivery crosses the broker
     nats        the same with a private `nats-server -js`; {"skipped": reason} when this build's
                 `serve` does not support nats:// yet
   Every instance runs `--workers 1 --rate 0` so that setups compare. Each setup, freshly started
   for every repeat, gets a warm-up and then
     latency     wsloadgen fanout-ws, --latency-subscribers (100) at --latency-rate (500)
                 messages/s: one-way delivery p50/p99/p99.9
     throughput  wsloadgen fanout-ws, --throughput-subscribers (1000), rate 0 (the window of
                 --window messages not yet delivered to all is the only limit): deliveries/s
   and, for both, the CPU time (utime + stime from /proc/PID/stat at the generator's measure and
   done phase lines) of the publishing instance and the broker per published message, and of the
   delivering instance per delivery. With in-process the one instance is all three.

2. connections: --instances (4) `serve --workers 1 --ping-interval 5s --rate 0` joined by a
   private redis-server (one cluster), and one `wsloadgen idle` process per --per-generator
   (12,500) connections, so that no process needs more than that many descriptors, all opening at
   once. With everything open and settled: the connections every instance counts
   (socketscope_connections{protocol="ws"} from /metrics), RSS per connection of the servers and
   the generators, the CPU of every process while idle-holding for --hold seconds (heartbeats
   every --ping-interval), then every generator's sequential echo round trips at once
   (--samples each) with all connections still open. The descriptor and port limits of the
   machine are read, never changed.

3. presence (docs/server.md, "Presence"): in-process (one `serve`, presence in memory) and redis
   (two instances, presence kept in Redis by Lua scripts): --presence-clients (1000) WebSocket
   connections, alternating over the instances, --presence-concurrency (50) handshakes in flight,
   each timed from the start of the handshake to its welcome, each on a channel of its own (so no
   presence event goes anywhere): first anonymous, then each with its own ?user= (admitted through
   the presence directory: one Redis script per connection). That is the admission's cost.
   Then a room: --presence-room (200) named connections on one channel, where every join goes to
   everyone already there (n^2/2 events: the cost of presence itself), --presence-queries
   {"type":"presence"} round trips, and every connection closes. A watcher (anonymous, on the
   other instance) counts the presence.join and presence.leave events it hears: both must equal
   the room's connections, or the part says so.
   (python3-websockets: the same client for every case, so what differs is the server's work.)

Prints ONE JSON document on stdout, progress on stderr. A measurement, not a test: no pass/fail.
It builds nothing:
    cmake --build build --target socketscope wsloadgen
    bench/brokerbench/run.py > brokerbench.json            # ~10 minutes
    bench/brokerbench/run.py --only delivery --setups in-process,redis --repeats 1
Loopback only. Every child is stopped (its process group killed) on exit, error or Ctrl-C; every
wait is bounded.
"""

import argparse
import datetime
import json
import math
import os
import platform
import queue
import re
import resource
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request

sys.dont_write_bytecode = True  # no __pycache__ in the source tree
HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, os.path.dirname(HERE))
import procfs  # noqa: E402  (bench/procfs.py)

SETUPS = ("in-process", "redis", "nats")
PARTS = ("delivery", "connections", "presence")
LISTENING = re.compile(r"listening on (\S+):(\d+)")
PHASE_LINE = re.compile(r"^wsloadgen: phase (\w+) (\d+)")
WS_GAUGE = re.compile(r'^socketscope_connections\{protocol="ws"\}\s+(\S+)', re.MULTILINE)
# A server needs descriptors besides its connections (listener, epoll, eventfds, broker, Qt's own).
SERVER_RESERVE = 64
GENERATOR_RESERVE = 16


def log(message):
    print(f"brokerbench: {message}", file=sys.stderr, flush=True)


def read_first_line(path):
    try:
        with open(path) as handle:
            return handle.readline().strip()
    except OSError:
        return None


def command_output(argv, cwd=None, timeout=20):
    try:
        done = subprocess.run(argv, cwd=cwd, capture_output=True, text=True, timeout=timeout)
        return (done.stdout or done.stderr).strip() if done.returncode == 0 else None
    except (OSError, subprocess.TimeoutExpired):
        return None


def free_port():
    # The kernel's choice; the small race until the broker binds it is acceptable on loopback.
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


# ---------------------------------------------------------------------------------------------
# Children: every process started here is tracked and its whole process group killed on exit.

class Children:
    live = []

    @classmethod
    def start(cls, argv, **kwargs):
        process = subprocess.Popen(argv, start_new_session=True, **kwargs)
        cls.live.append(process)
        return process

    @classmethod
    def stop(cls, process, grace=5.0):
        """SIGTERM to the group, SIGKILL after `grace` s; the exit code (None if unknown)."""
        for sig, wait in ((signal.SIGTERM, grace), (signal.SIGKILL, 5.0)):
            if process.poll() is not None:
                break
            try:
                os.killpg(process.pid, sig)
            except ProcessLookupError:
                pass
            try:
                process.wait(timeout=wait)
            except subprocess.TimeoutExpired:
                pass
        if process in cls.live:
            cls.live.remove(process)
        return process.returncode

    @classmethod
    def stop_all(cls):
        for process in list(cls.live):
            cls.stop(process, grace=2.0)


def on_termination(signum, frame):
    raise KeyboardInterrupt(f"signal {signum}")


class LineReader:
    """Drains a child's pipe on a thread (so the child never blocks) into a queue of lines."""

    def __init__(self, pipe, on_line=None):
        self.lines = queue.Queue()
        self.tail = []
        self.on_line = on_line
        self.thread = threading.Thread(target=self._run, args=(pipe,), daemon=True)
        self.thread.start()

    def _run(self, pipe):
        for raw in pipe:
            line = raw.decode(errors="replace").rstrip("\n")
            self.tail.append(line)
            del self.tail[:-40]
            if self.on_line:
                self.on_line(line)
            self.lines.put(line)
        self.lines.put(None)


# ---------------------------------------------------------------------------------------------
# Brokers and instances

class Broker:
    """A private redis-server or nats-server -js on a free loopback port, data in a temp dir."""

    def __init__(self, kind, directory):
        self.kind = kind
        self.directory = directory
        self.port = free_port()
        self.process = None
        self.version = None

    @property
    def url(self):
        return f"{self.kind}://127.0.0.1:{self.port}"

    @property
    def pid(self):
        return self.process.pid

    def start(self, timeout=15):
        os.makedirs(self.directory, exist_ok=True)
        if self.kind == "redis":
            argv = ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1", "--dir", self.directory,
                    "--save", "", "--appendonly", "no", "--daemonize", "no", "--protected-mode", "yes",
                    "--logfile", os.path.join(self.directory, "redis.log")]
            probe, expect = b"PING\r\n", b"+PONG"
        else:
            program = shutil.which("nats-server") or "/usr/sbin/nats-server"
            argv = [program, "-js", "-a", "127.0.0.1", "-p", str(self.port), "-sd", self.directory,
                    "-l", os.path.join(self.directory, "nats.log")]
            probe, expect = None, b"INFO"
        self.process = Children.start(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"{argv[0]} exited with code {self.process.returncode} (port {self.port})")
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=1) as connection:
                    if probe:
                        connection.sendall(probe)
                    if connection.recv(64).startswith(expect):
                        return
            except OSError:
                pass
            time.sleep(0.1)
        raise RuntimeError(f"{argv[0]} did not answer on port {self.port} within {timeout} s")

    def stop(self):
        return Children.stop(self.process) if self.process else None


class Instance:
    """One `socketscope serve` process on 127.0.0.1 port 0."""

    def __init__(self, name, argv, log_path):
        self.name = name
        self.argv = argv
        self.log_path = log_path
        self.process = None
        self.port = None

    @property
    def pid(self):
        return self.process.pid

    def start(self, timeout=30):
        with open(self.log_path, "ab") as log_file:
            log_file.write(f"=== {' '.join(self.argv)}\n".encode())
            log_file.flush()
            self.process = Children.start(self.argv, stdout=subprocess.PIPE, stderr=log_file, cwd=REPO)
        self.stdout = LineReader(self.process.stdout)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                line = self.stdout.lines.get(timeout=0.2)
            except queue.Empty:
                continue
            if line is None:
                break
            match = LISTENING.search(line)
            if match:
                self.port = int(match.group(2))
                return
        self.stop()
        raise RuntimeError(f"{self.name} did not print 'listening on HOST:PORT' within {timeout} s "
                           f"(exit code {self.process.returncode}): {self.log_tail(600)}")

    def log_tail(self, size=2000):
        try:
            with open(self.log_path, errors="replace") as handle:
                return handle.read()[-size:].strip()
        except OSError:
            return ""

    def endpoint(self):
        return f"127.0.0.1:{self.port}"

    def metrics(self):
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{self.port}/metrics", timeout=5) as response:
                return response.read().decode(errors="replace")
        except OSError:
            return None

    def ws_connections(self):
        text = self.metrics()
        match = WS_GAUGE.search(text or "")
        return int(float(match.group(1))) if match else None

    def stop(self):
        return Children.stop(self.process, grace=10.0) if self.process else None


def serve_argv(options, broker=None, extra=()):
    argv = [options.socketscope, "serve", "--listen", "127.0.0.1:0", "--workers", "1",
            # No per-connection rate limit: the publisher sends thousands of messages per second.
            "--rate", "0"]
    if broker:
        argv += ["--broker", broker.url]
    return argv + list(extra)


def snapshot(pids):
    """CPU seconds and RSS of each named process, and the time."""
    return {"t": time.monotonic(),
            "cpu": {name: procfs.cpu_seconds(pid) for name, pid in pids.items()},
            "rss": {name: procfs.rss_bytes(pid) for name, pid in pids.items()}}


def cpu_delta(before, after, name):
    a, b = before["cpu"].get(name), after["cpu"].get(name)
    return None if a is None or b is None else b - a


# ---------------------------------------------------------------------------------------------
# One wsloadgen run, snapshotting the given processes at its phase lines

def run_loadgen(options, mode, arguments, pids, timeout):
    argv = [options.wsloadgen, mode] + [str(a) for a in arguments]
    phases = {"start": snapshot(pids)}

    def on_line(line):
        match = PHASE_LINE.match(line)
        if match:
            phases[match.group(1)] = snapshot(pids)

    process = Children.start(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    errors = LineReader(process.stderr, on_line)
    output = LineReader(process.stdout)
    try:
        process.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        Children.stop(process, grace=2.0)
        return {"error": f"wsloadgen did not finish within {timeout:.0f} s", "argv": argv[1:]}, phases
    errors.thread.join(timeout=10)
    output.thread.join(timeout=10)
    Children.stop(process)
    phases["end"] = snapshot(pids)
    result = parse_loadgen_output(output.tail, process.returncode, errors.tail)
    result["argv"] = argv[1:]
    return result, phases


def parse_loadgen_output(stdout_lines, exit_code, stderr_tail):
    lines = [line for line in stdout_lines if line.strip()]
    try:
        result = json.loads(lines[-1])
    except (IndexError, ValueError):
        result = {"error": f"wsloadgen printed no JSON (exit code {exit_code})",
                  "stderr": [l for l in stderr_tail if not PHASE_LINE.match(l)][-10:]}
    result["exit_code"] = exit_code
    return result


# ---------------------------------------------------------------------------------------------
# Part 1: cross-instance delivery

def start_setup(options, setup, workdir, serial):
    """(broker or None, publishing instance, delivering instance); raises Skipped or RuntimeError."""
    logs = os.path.join(workdir, "logs")
    os.makedirs(logs, exist_ok=True)
    if setup == "in-process":
        one = Instance("in-process", serve_argv(options), os.path.join(logs, f"{serial:02d}-in-process.log"))
        one.start()
        return None, one, one
    broker = Broker(setup, os.path.join(workdir, f"{serial:02d}-{setup}-data"))
    broker.start()
    instances = []
    try:
        for name in ("A", "B"):
            instance = Instance(f"{setup}-{name}", serve_argv(options, broker),
                                os.path.join(logs, f"{serial:02d}-{setup}-{name}.log"))
            try:
                instance.start()
            except RuntimeError as failure:
                if "not supported yet" in instance.log_tail():
                    raise Skipped(f"`serve --broker {setup}://` in this build: "
                                  f"{instance.log_tail().splitlines()[-1].strip()}") from failure
                raise
            instances.append(instance)
    except BaseException:
        for instance in instances:
            instance.stop()
        broker.stop()
        raise
    return broker, instances[0], instances[1]


class Skipped(Exception):
    pass


def delivery_figures(result, phases, names):
    """Headline figures of one fan-out run and its CPU costs per message and per delivery."""
    figures = {}
    latency = result.get("latency") or {}
    for key in ("p50_us", "p99_us", "p99_9_us", "max_us", "count"):
        figures[f"latency_{key}"] = latency.get(key)
    for key in ("published", "published_per_second", "delivered", "delivered_per_second", "lost",
                "duplicate_or_out_of_order", "retired_incomplete", "subscribers_closed_during_run"):
        figures[key] = result.get(key)
    figures["generator_cpu_share"] = (result.get("generator") or {}).get("measure_cpu_share")
    measure, done = phases.get("measure"), phases.get("done")
    if not (measure and done):
        return figures
    wall = done["t"] - measure["t"]
    figures["measure_wall_seconds"] = round(wall, 3)
    published = result.get("published") or 0
    delivered = result.get("delivered") or 0
    cpu = {role: cpu_delta(measure, done, name) for role, name in names.items()}
    figures["cpu_seconds"] = {role: None if v is None else round(v, 3) for role, v in cpu.items()}
    figures["cpu_cores"] = {role: None if v is None or wall <= 0 else round(v / wall, 3) for role, v in cpu.items()}

    def per(value, count):
        return None if value is None or not count else round(value / count * 1e6, 3)

    # With one process publishing and delivering, its CPU time cannot be split between the two:
    # only the server side's totals are reported for it.
    split = names.get("deliverer") != names.get("publisher")
    figures["publisher_cpu_us_per_message"] = per(cpu.get("publisher"), published) if split else None
    figures["broker_cpu_us_per_message"] = per(cpu.get("broker"), published)
    figures["deliverer_cpu_us_per_delivery"] = per(cpu.get("deliverer"), delivered) if split else None
    # Everything the server side burnt (instances and broker), each process once: what compares
    # with the in-process setup.
    processes = {name: cpu[role] for role, name in names.items() if cpu.get(role) is not None}
    total = sum(processes.values()) if processes else None
    figures["server_side_cpu_us_per_message"] = per(total, published)
    figures["server_side_cpu_us_per_delivery"] = per(total, delivered)
    return figures


def run_delivery_setup(options, setup, workdir, serial):
    entry = {"setup": setup}
    try:
        broker, publisher, deliverer = start_setup(options, setup, workdir, serial)
    except Skipped as skip:
        return {"setup": setup, "skipped": str(skip)}
    except RuntimeError as failure:
        return {"setup": setup, "error": str(failure)}
    pids = {"publisher": publisher.pid, "deliverer": deliverer.pid}
    names = {"publisher": "publisher", "deliverer": "deliverer"}
    if setup == "in-process":
        names["deliverer"] = "publisher"
        del pids["deliverer"]
    if broker:
        pids["broker"] = broker.pid
        names["broker"] = "broker"
    try:
        base = ["--target", deliverer.endpoint(), "--publish-target", publisher.endpoint(),
                "--payload-bytes", 64, "--open-timeout", 60, "--settle", 0.5]
        # Handshakes, the publish path and the broker's scripts once before measuring.
        warm, _ = run_loadgen(options, "fanout-ws", base + ["--subscribers", 50, "--rate", 1000, "--duration", 1,
                                                            "--window", 64], pids, timeout=60)
        if "error" in warm:
            entry["warmup_error"] = warm["error"]
        time.sleep(0.5)
        entry["rss_after_warmup_bytes"] = {name: procfs.rss_bytes(pid) for name, pid in pids.items()}
        for kind, arguments in (
                ("latency", ["--subscribers", options.latency_subscribers, "--rate", options.latency_rate,
                             "--window", options.window, "--duration", options.duration]),
                ("throughput", ["--subscribers", options.throughput_subscribers, "--rate", 0,
                                "--window", options.window, "--duration", options.duration])):
            result, phases = run_loadgen(options, "fanout-ws", base + arguments, pids,
                                         timeout=options.duration + 120)
            figures = delivery_figures(result, phases, names)
            if "error" in result:
                figures["error"] = result["error"]
            entry[kind] = figures
            entry[f"{kind}_loadgen"] = result
            log(f"  {setup} {kind}: " + ", ".join(
                f"{k}={v}" for k, v in figures.items()
                if k in ("latency_p50_us", "latency_p99_us", "latency_p99_9_us", "delivered_per_second", "lost",
                         "publisher_cpu_us_per_message", "broker_cpu_us_per_message",
                         "deliverer_cpu_us_per_delivery", "server_side_cpu_us_per_delivery", "error")))
        if broker:
            entry["broker_metrics"] = {name: broker_counters(instance) for name, instance in
                                       (("A", publisher), ("B", deliverer))}
    finally:
        codes = {}
        for instance in {publisher, deliverer}:
            codes[instance.name] = instance.stop()
            if codes[instance.name] not in (0, None) or any("error" in entry.get(k, {}) for k in ("latency", "throughput")):
                entry.setdefault("instance_log_tails", {})[instance.name] = instance.log_tail(1500)
        entry["instance_exit_codes"] = codes
        if broker:
            entry["broker_exit_code"] = broker.stop()
    return entry


def broker_counters(instance):
    text = instance.metrics() or ""
    counters = {}
    for name in ("published_total", "received_total", "local_only_total", "unavailable_total",
                 "gap_lost_messages_total"):
        match = re.search(rf"^socketscope_broker_{name}\s+(\S+)", text, re.MULTILINE)
        if match:
            counters[name] = float(match.group(1))
    return counters


HEADLINES = {
    "latency": ("latency_p50_us", "latency_p99_us", "latency_p99_9_us", "publisher_cpu_us_per_message",
                "broker_cpu_us_per_message", "deliverer_cpu_us_per_delivery", "server_side_cpu_us_per_message",
                "server_side_cpu_us_per_delivery", "lost"),
    "throughput": ("delivered_per_second", "published_per_second", "latency_p50_us", "latency_p99_us",
                   "publisher_cpu_us_per_message", "broker_cpu_us_per_message", "deliverer_cpu_us_per_delivery",
                   "server_side_cpu_us_per_message", "server_side_cpu_us_per_delivery", "lost"),
}


def spread(values):
    values = [v for v in values if v is not None]
    if not values:
        return None
    return {"median": statistics.median(values), "min": min(values), "max": max(values), "runs": values}


def summarize_delivery(runs, setups):
    summary = {}
    for setup in setups:
        mine = [r for r in runs if r["setup"] == setup]
        skipped = [r["skipped"] for r in mine if "skipped" in r]
        if skipped and len(skipped) == len(mine):
            summary[setup] = {"skipped": skipped[0]}
            continue
        summary[setup] = {kind: {key: spread([(r.get(kind) or {}).get(key) for r in mine if "error" not in r.get(kind, {})])
                                 for key in keys} for kind, keys in HEADLINES.items()}
        errors = [r.get("error") or (r.get("latency") or {}).get("error") or (r.get("throughput") or {}).get("error")
                  for r in mine]
        summary[setup]["errors"] = [e for e in errors if e]
    ratios = {}
    base = summary.get("in-process")
    for setup in setups:
        if setup == "in-process" or not base or "skipped" in summary.get(setup, {}) or "skipped" in base:
            continue
        ratios[setup] = {}
        for kind, keys in HEADLINES.items():
            for key in keys:
                mine, theirs = (summary[setup][kind].get(key) or {}), (base[kind].get(key) or {})
                if mine.get("median") is not None and theirs.get("median"):
                    ratios[setup][f"{kind}.{key}"] = round(mine["median"] / theirs["median"], 3)
    return summary, ratios


def part_delivery(options, workdir, document):
    part = document["delivery"] = {"runs": []}
    serial = 0
    skipped = {}
    # Interleaved: a busy spell of the shared machine hits one repeat of every setup, not one setup.
    for repeat in range(1, options.repeats + 1):
        for setup in options.setups:
            if setup in skipped:
                part["runs"].append({"setup": setup, "repeat": repeat, "skipped": skipped[setup]})
                continue
            serial += 1
            log(f"delivery: repeat {repeat}/{options.repeats}, {setup} ...")
            entry = run_delivery_setup(options, setup, workdir, serial)
            entry["repeat"] = repeat
            entry["loadavg"] = read_first_line("/proc/loadavg")
            part["runs"].append(entry)
            if "skipped" in entry:
                skipped[setup] = entry["skipped"]
                log(f"  {setup}: skipped: {entry['skipped']}")
            elif "error" in entry:
                log(f"  {setup}: error: {entry['error']}")
    part["summary"], part["ratio_to_in_process"] = summarize_delivery(part["runs"], options.setups)


# ---------------------------------------------------------------------------------------------
# Part 3: presence

def percentile(values, fraction):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))] if ordered else None


async def presence_round(options, ports):
    import asyncio
    import websockets

    async def welcomed(url):
        started = time.perf_counter()
        connection = await websockets.connect(url, max_size=None, ping_interval=None)
        message = json.loads(await asyncio.wait_for(connection.recv(), 10))
        if message.get("type") != "session.welcome":
            raise RuntimeError(f"expected session.welcome from {url}, got {message}")
        return connection, (time.perf_counter() - started) * 1000

    async def open_all(count, query_of):
        gate = asyncio.Semaphore(options.presence_concurrency)

        async def one(i):
            async with gate:
                return await welcomed(f"ws://127.0.0.1:{ports[i % len(ports)]}/ws?{query_of(i)}")

        started = time.perf_counter()
        opened = await asyncio.gather(*(one(i) for i in range(count)))
        seconds = time.perf_counter() - started
        times = [ms for _, ms in opened]
        figures = {"connections": len(opened), "per_second": round(len(opened) / seconds, 1),
                   "welcome_ms_p50": round(percentile(times, 0.5), 3), "welcome_ms_p99": round(percentile(times, 0.99), 3)}
        return [connection for connection, _ in opened], figures

    heard = {"presence.join": 0, "presence.leave": 0}
    watcher, _ = await welcomed(f"ws://127.0.0.1:{ports[-1]}/ws?channel=room")

    async def listen():
        async for text in watcher:
            kind = json.loads(text).get("type")
            if kind in heard:
                heard[kind] += 1

    listener = asyncio.ensure_future(listen())
    result = {}
    clients = options.presence_clients
    anonymous, result["anonymous"] = await open_all(clients, lambda i: f"channel=solo-{i}")
    await asyncio.gather(*(connection.close() for connection in anonymous))
    named, result["named"] = await open_all(clients, lambda i: f"channel=solo-{i}&user=u{i}")
    await asyncio.gather(*(connection.close() for connection in named))
    named, result["room"] = await open_all(options.presence_room, lambda i: f"channel=room&user=r{i}")
    round_trips = []
    asker = named[0]
    for _ in range(options.presence_queries):
        started = time.perf_counter()
        await asker.send(json.dumps({"type": "presence"}))
        while True:
            answer = json.loads(await asyncio.wait_for(asker.recv(), 10))
            if answer.get("type") == "presence":
                break
        round_trips.append((time.perf_counter() - started) * 1000)
    result["query"] = {"queries": len(round_trips), "ms_p50": round(percentile(round_trips, 0.5), 3),
                       "ms_p99": round(percentile(round_trips, 0.99), 3),
                       "members_listed": answer["payload"]["count"], "scope": answer["payload"]["scope"]}
    await asyncio.gather(*(connection.close() for connection in named))
    deadline = time.monotonic() + 15
    while heard["presence.leave"] < options.presence_room and time.monotonic() < deadline:
        await asyncio.sleep(0.05)
    listener.cancel()
    await watcher.close()
    result["watcher_heard"] = dict(heard)
    result["events_match_connections"] = heard["presence.join"] == heard["presence.leave"] == options.presence_room
    return result


def part_presence(options, workdir, document):
    import asyncio
    part = document["presence"] = {}
    for serial, setup in enumerate(("in-process", "redis"), start=100):
        log(f"presence: {setup} ...")
        broker, first, second = start_setup(options, setup, workdir, serial)
        try:
            # One connection per user: the default limit (5) is never reached.
            ports = [first.port] if first is second else [first.port, second.port]
            part[setup] = asyncio.run(presence_round(options, ports))
            part[setup]["instances"] = len(ports)
        except Exception as failure:  # a measurement: report what broke and go on
            part[setup] = {"error": f"{type(failure).__name__}: {failure}"}
        finally:
            for instance in {first, second}:
                instance.stop()
            if broker:
                broker.stop()


# ---------------------------------------------------------------------------------------------
# Part 2: past one process

def limits():
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    return {
        "ulimit_n_soft": soft, "ulimit_n_hard": hard,
        "fs_file_max": read_first_line("/proc/sys/fs/file-max"),
        "fs_file_nr": read_first_line("/proc/sys/fs/file-nr"),
        "fs_nr_open": read_first_line("/proc/sys/fs/nr_open"),
        "ip_local_port_range": read_first_line("/proc/sys/net/ipv4/ip_local_port_range"),
        "somaxconn": read_first_line("/proc/sys/net/core/somaxconn"),
        "tcp_max_syn_backlog": read_first_line("/proc/sys/net/ipv4/tcp_max_syn_backlog"),
        "tcp_mem": read_first_line("/proc/sys/net/ipv4/tcp_mem"),
        "memory": read_first_line("/proc/meminfo"),
    }


def kernel_socket_memory():
    """TCP sockets in use and the kernel's TCP buffer pages (/proc/net/sockstat)."""
    try:
        with open("/proc/net/sockstat") as handle:
            for line in handle:
                if line.startswith("TCP:"):
                    fields = line.split()[1:]
                    return dict(zip(fields[::2], (int(v) for v in fields[1::2])))
    except (OSError, ValueError):
        pass
    return None


class Generator:
    """One `wsloadgen idle` held open between gate files; its phases arrive on a queue."""

    def __init__(self, options, name, target, connections, gates, extra=()):
        self.name = name
        self.connections = connections
        self.phases = {}
        self.events = queue.Queue()
        argv = [options.wsloadgen, "idle", "--target", target, "--connections", str(connections),
                "--concurrency", str(options.concurrency), "--samples", str(options.samples),
                "--open-timeout", str(options.open_timeout), "--settle", "1", "--sample-timeout", "5",
                "--measure-when", gates[0], "--exit-when", gates[1],
                "--gate-timeout", str(options.open_timeout + options.hold + 300)] + list(extra)
        self.argv = argv
        self.process = Children.start(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        self.stderr = LineReader(self.process.stderr, self._on_line)
        self.stdout = LineReader(self.process.stdout)

    def _on_line(self, line):
        match = PHASE_LINE.match(line)
        if match:
            self.phases[match.group(1)] = {"t": time.monotonic(), "connections": int(match.group(2)),
                                           "rss": procfs.rss_bytes(self.process.pid)}
            self.events.put(match.group(1))

    @property
    def pid(self):
        return self.process.pid

    def result(self, timeout):
        try:
            self.process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            Children.stop(self.process, grace=2.0)
            return {"error": f"{self.name} did not exit within {timeout} s"}
        self.stdout.thread.join(timeout=10)
        self.stderr.thread.join(timeout=10)
        Children.stop(self.process)
        return parse_loadgen_output(self.stdout.tail, self.process.returncode, self.stderr.tail)


def wait_for_phase(generators, phase, timeout):
    """True when every generator announced `phase`; False when one exited or the time ran out."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if all(phase in g.phases for g in generators):
            return True
        if any(g.process.poll() is not None and phase not in g.phases for g in generators):
            return False
        time.sleep(0.1)
    return False


def touch(path):
    with open(path, "w"):
        pass


def part_connections(options, workdir, document):
    part = document["connections"] = {"limits": limits(), "target_connections": options.connections,
                                      "instances": options.instances, "per_generator": options.per_generator,
                                      "ping_interval": options.ping_interval}
    hard = part["limits"]["ulimit_n_hard"]
    per_instance = math.ceil(options.connections / options.instances)
    part["per_instance"] = per_instance
    if per_instance + SERVER_RESERVE > hard:
        part["skipped"] = (f"{per_instance} connections per instance + {SERVER_RESERVE} reserved exceed the hard "
                           f"descriptor limit of {hard}: use more --instances")
        return
    if options.per_generator + GENERATOR_RESERVE > hard:
        part["skipped"] = f"--per-generator {options.per_generator} exceeds the descriptor limit of {hard}"
        return
    logs = os.path.join(workdir, "logs")
    os.makedirs(logs, exist_ok=True)
    broker = Broker("redis", os.path.join(workdir, "connections-redis-data"))
    broker.start()
    part["cluster"] = (f"{options.instances} x `serve --workers 1 --rate 0 --ping-interval {options.ping_interval} "
                       f"--broker redis://...` (one private redis-server)")
    instances = []
    generators = []
    try:
        for i in range(options.instances):
            instance = Instance(f"instance-{i + 1}",
                                serve_argv(options, broker, ["--ping-interval", options.ping_interval]),
                                os.path.join(logs, f"connections-instance-{i + 1}.log"))
            instance.start()
            instances.append(instance)
        # Warm-up: a few connections and echoes on every instance; and a 1-connection generator held
        # open like the real ones, for the generator's own base RSS.
        gate_base = os.path.join(workdir, "gate-base")
        base_generator = Generator(options, "base", instances[0].endpoint(), 1, (gate_base + ".measure", gate_base + ".exit"))
        for instance in instances:
            warm = subprocess.run([options.wsloadgen, "idle", "--target", instance.endpoint(), "--connections", "100",
                                   "--samples", "200", "--settle", "0.2"], capture_output=True, timeout=60)
            if warm.returncode != 0:
                part.setdefault("warmup_errors", []).append(warm.stdout.decode(errors="replace")[-300:])
        wait_for_phase([base_generator], "settled", 30)
        part["generator_base_rss_bytes"] = procfs.rss_bytes(base_generator.pid)
        touch(gate_base + ".measure")
        touch(gate_base + ".exit")
        base_generator.result(30)
        time.sleep(1.0)
        baseline = {i.name: procfs.rss_bytes(i.pid) for i in instances}
        part["server_rss_baseline_bytes"] = baseline
        part["broker_rss_baseline_bytes"] = procfs.rss_bytes(broker.pid)
        part["kernel_tcp_before"] = kernel_socket_memory()
        part["fs_file_nr_before"] = read_first_line("/proc/sys/fs/file-nr")

        # The generators: per instance, as many as keep each under --per-generator connections.
        gates = (os.path.join(workdir, "gate.measure"), os.path.join(workdir, "gate.exit"))
        remaining = options.connections
        for index, instance in enumerate(instances):
            share = min(per_instance, remaining)
            remaining -= share
            count = max(1, math.ceil(share / options.per_generator))
            for g in range(count):
                size = share // count + (1 if g < share % count else 0)
                if size > 0:
                    generators.append(Generator(options, f"generator-{index + 1}.{g + 1}", instance.endpoint(), size,
                                                gates))
        part["generators"] = [{"name": g.name, "connections": g.connections, "argv": g.argv[1:]} for g in generators]
        log(f"connections: {len(instances)} instances, {len(generators)} generators opening "
            f"{options.connections:,} connections ...")
        opened = time.monotonic()
        all_settled = wait_for_phase(generators, "settled", options.open_timeout + 30)
        part["open_seconds"] = round(time.monotonic() - opened, 1)
        part["all_generators_settled"] = all_settled
        time.sleep(1.0)  # let the instances finish their bookkeeping before reading them

        held = {i.name: i.ws_connections() for i in instances}
        part["connections_held_by_instance"] = held
        part["connections_held"] = sum(v for v in held.values() if v is not None)
        part["generators_ready"] = {g.name: (g.phases.get("settled") or g.phases.get("open") or {}).get("connections")
                                    for g in generators}
        part["generators_exited_early"] = {g.name: g.process.returncode for g in generators if g.process.poll() is not None}
        part["fs_file_nr_held"] = read_first_line("/proc/sys/fs/file-nr")
        part["kernel_tcp_held"] = kernel_socket_memory()
        part["descriptors"] = {i.name: procfs.open_descriptors(i.pid) for i in instances}
        part["descriptors"].update({g.name: procfs.open_descriptors(g.pid) for g in generators})
        log(f"connections: held {part['connections_held']:,} ({held}) after {part['open_seconds']} s")

        before_tcp, held_tcp = part["kernel_tcp_before"] or {}, part["kernel_tcp_held"] or {}
        if "mem" in before_tcp and "mem" in held_tcp and part["connections_held"]:
            # /proc/net/sockstat counts the TCP buffers in pages; two sockets per connection here.
            part["kernel_tcp_buffer_bytes_per_connection"] = round(
                (held_tcp["mem"] - before_tcp["mem"]) * os.sysconf("SC_PAGE_SIZE") / part["connections_held"])
        servers_rss = {i.name: procfs.rss_bytes(i.pid) for i in instances}
        part["server_rss_held_bytes"] = servers_rss
        per_connection = {}
        for i in instances:
            if held.get(i.name) and servers_rss.get(i.name) and baseline.get(i.name):
                per_connection[i.name] = round((servers_rss[i.name] - baseline[i.name]) / held[i.name])
        part["server_bytes_per_connection"] = per_connection
        total_growth = sum(servers_rss[n] - baseline[n] for n in per_connection)
        total_held = sum(held[n] for n in per_connection)
        part["server_bytes_per_connection_all"] = round(total_growth / total_held) if total_held else None
        generator_rss = {g.name: procfs.rss_bytes(g.pid) for g in generators}
        part["generator_rss_held_bytes"] = generator_rss
        base = part["generator_base_rss_bytes"] or 0
        part["generator_bytes_per_connection"] = {
            g.name: round((generator_rss[g.name] - base) / g.connections) for g in generators if generator_rss.get(g.name)}

        # Idle hold: every process's CPU over --hold seconds, heartbeats included.
        pids = {i.name: i.pid for i in instances}
        pids.update({g.name: g.pid for g in generators})
        pids["broker"] = broker.pid
        log(f"connections: idle-holding for {options.hold} s (pings every {options.ping_interval}) ...")
        before = snapshot(pids)
        busy_before = machine_busy_seconds()
        time.sleep(options.hold)
        after = snapshot(pids)
        busy_after = machine_busy_seconds()
        wall = after["t"] - before["t"]
        cores = {name: round(cpu_delta(before, after, name) / wall, 4) for name in pids
                 if cpu_delta(before, after, name) is not None}
        part["idle_hold"] = {
            "wall_seconds": round(wall, 2),
            "cpu_cores": cores,
            "servers_cpu_cores": round(sum(cores.get(i.name, 0) for i in instances), 4),
            "generators_cpu_cores": round(sum(cores.get(g.name, 0) for g in generators), 4),
            "broker_cpu_cores": cores.get("broker"),
            "machine_busy_cores": round((busy_after - busy_before) / wall, 3),
            "connections_after": {i.name: i.ws_connections() for i in instances},
            "ping_timeouts": {i.name: metric_value(i.metrics(), "socketscope_ping_timeouts_total") for i in instances},
        }
        log(f"connections: idle CPU servers {part['idle_hold']['servers_cpu_cores']} cores, generators "
            f"{part['idle_hold']['generators_cpu_cores']}, broker {cores.get('broker')}")

        # Echo round trips, every generator at once, every connection still open.
        before = snapshot(pids)
        touch(gates[0])
        all_done = wait_for_phase(generators, "done", options.samples * 0.05 + 120)
        after = snapshot(pids)
        part["echo_all_done"] = all_done
        part["connections_during_echo_end"] = {i.name: i.ws_connections() for i in instances}
        touch(gates[1])
        results = {g.name: g.result(60) for g in generators}
        part["loadgen"] = results
        rtts = {name: r.get("rtt") or {} for name, r in results.items()}
        part["echo"] = {
            "per_generator": {name: {k: rtt.get(k) for k in ("count", "p50_us", "p99_us", "p99_9_us", "max_us")}
                              for name, rtt in rtts.items()},
            "p50_us_median_over_generators": spread([rtt.get("p50_us") for rtt in rtts.values()]),
            "p99_us_over_generators": spread([rtt.get("p99_us") for rtt in rtts.values()]),
            "timeouts": sum(r.get("timeouts") or 0 for r in results.values()),
            "closed_during_run": sum(r.get("closed_during_run") or 0 for r in results.values()),
            "open_after_measure": sum(r.get("open_after_measure") or 0 for r in results.values()),
            "servers_cpu_seconds": round(sum(cpu_delta(before, after, i.name) or 0 for i in instances), 3),
            "wall_seconds": round(after["t"] - before["t"], 2),
        }
        part["errors"] = {name: r["error"] for name, r in results.items() if "error" in r}
        log(f"connections: echo p50 {part['echo']['p50_us_median_over_generators']}, "
            f"p99 {part['echo']['p99_us_over_generators']}")
    finally:
        for g in generators:
            Children.stop(g.process, grace=5.0)
        part["instance_exit_codes"] = {}
        for instance in instances:
            part["instance_exit_codes"][instance.name] = instance.stop()
            if part["instance_exit_codes"][instance.name] not in (0, None):
                part.setdefault("instance_log_tails", {})[instance.name] = instance.log_tail(1500)
        part["broker_exit_code"] = broker.stop()


def metric_value(text, name):
    match = re.search(rf"^{name}\s+(\S+)", text or "", re.MULTILINE)
    return float(match.group(1)) if match else None


def machine_busy_seconds():
    with open("/proc/stat") as stat:
        values = [int(v) for v in stat.readline().split()[1:]]
    user, nice, system, idle, iowait, irq, softirq, steal = (values + [0] * 8)[:8]
    return (user + nice + system + irq + softirq + steal) / procfs.CLOCK_TICKS


# ---------------------------------------------------------------------------------------------

def machine_info(options):
    cpu_model = None
    try:
        with open("/proc/cpuinfo") as cpuinfo:
            for line in cpuinfo:
                if line.startswith("model name"):
                    cpu_model = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    cache = {}
    try:
        with open(os.path.join(options.build_dir, "CMakeCache.txt")) as handle:
            for line in handle:
                match = re.match(r"^(CMAKE_BUILD_TYPE|CMAKE_HOME_DIRECTORY):\w+=(.*)$", line.strip())
                if match:
                    cache[match.group(1)] = match.group(2)
    except OSError:
        pass
    source = cache.get("CMAKE_HOME_DIRECTORY", REPO)
    dirty = command_output(["git", "status", "--porcelain", "--untracked-files=no"], cwd=source)
    return {
        "date": datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds"),
        "cores": os.cpu_count(),
        "cpu_model": cpu_model,
        "memory": read_first_line("/proc/meminfo"),
        "kernel": platform.release(),
        "qt_version": command_output(["dpkg-query", "-W", "-f=${Version}", "libqt6core6"]),
        "build_dir": options.build_dir,
        "build_type": cache.get("CMAKE_BUILD_TYPE"),
        "git_commit": command_output(["git", "rev-parse", "HEAD"], cwd=source),
        "git_dirty_files": dirty.splitlines() if dirty else [],
        "redis_server": command_output(["redis-server", "--version"]),
        "nats_server": command_output([shutil.which("nats-server") or "/usr/sbin/nats-server", "--version"]),
        "loadavg_at_start": read_first_line("/proc/loadavg"),
    }


def parse_arguments():
    parser = argparse.ArgumentParser(prog="brokerbench", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--build-dir", default="build", help="where bin/socketscope and bin/wsloadgen are (default build)")
    parser.add_argument("--only", default=",".join(PARTS), help=f"comma-separated subset of {','.join(PARTS)}")
    parser.add_argument("--setups", default=",".join(SETUPS), help=f"delivery: subset of {','.join(SETUPS)}")
    parser.add_argument("--repeats", type=int, default=3, help="delivery: runs of every setup, interleaved (default 3)")
    parser.add_argument("--duration", type=float, default=10, help="delivery: seconds per measurement (default 10)")
    parser.add_argument("--window", type=int, default=64, help="delivery: messages in flight (default 64)")
    parser.add_argument("--latency-subscribers", type=int, default=100)
    parser.add_argument("--latency-rate", type=float, default=500, help="delivery: latency publish rate (default 500/s)")
    parser.add_argument("--throughput-subscribers", type=int, default=1000)
    parser.add_argument("--connections", type=int, default=50000, help="connections: total to hold (default 50000)")
    parser.add_argument("--instances", type=int, default=4, help="connections: serve instances (default 4)")
    parser.add_argument("--per-generator", type=int, default=12500,
                        help="connections: at most this many per wsloadgen process (default 12500)")
    parser.add_argument("--concurrency", type=int, default=200, help="connections: handshakes in flight per generator")
    parser.add_argument("--ping-interval", default="5s", help="connections: serve --ping-interval (default 5s)")
    parser.add_argument("--hold", type=float, default=20, help="connections: idle-hold seconds for CPU (default 20)")
    parser.add_argument("--samples", type=int, default=2000, help="connections: echo round trips per generator")
    parser.add_argument("--open-timeout", type=float, default=300, help="connections: seconds to open them all")
    parser.add_argument("--presence-clients", type=int, default=1000, help="presence: connections (default 1000)")
    parser.add_argument("--presence-concurrency", type=int, default=50, help="presence: handshakes in flight")
    parser.add_argument("--presence-room", type=int, default=200, help="presence: named connections in one room")
    parser.add_argument("--presence-queries", type=int, default=200, help="presence: presence list round trips")
    parser.add_argument("--output", help="also write the JSON document to this file")
    options = parser.parse_args()
    if not os.path.isabs(options.build_dir) and not os.path.isdir(options.build_dir):
        options.build_dir = os.path.join(REPO, options.build_dir)
    options.build_dir = os.path.abspath(options.build_dir)
    options.socketscope = os.path.join(options.build_dir, "bin", "socketscope")
    options.wsloadgen = os.path.join(options.build_dir, "bin", "wsloadgen")
    options.only = [p for p in options.only.split(",") if p]
    options.setups = [s for s in options.setups.split(",") if s]
    for item in options.only:
        if item not in PARTS:
            parser.error(f"--only: unknown part '{item}' (expected {', '.join(PARTS)})")
    for item in options.setups:
        if item not in SETUPS:
            parser.error(f"--setups: unknown setup '{item}' (expected {', '.join(SETUPS)})")
    for path in (options.socketscope, options.wsloadgen):
        if not os.access(path, os.X_OK):
            parser.error(f"{path} not found: cmake --build {options.build_dir} --target socketscope wsloadgen")
    if shutil.which("redis-server") is None:
        parser.error("redis-server is not on PATH (scripts/install-deps)")
    return options


def main():
    options = parse_arguments()
    signal.signal(signal.SIGINT, on_termination)
    signal.signal(signal.SIGTERM, on_termination)
    signal.signal(signal.SIGHUP, on_termination)
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft < hard:
        resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))  # children inherit it
    selftest = subprocess.run([options.wsloadgen, "selftest"], capture_output=True, text=True, timeout=30)
    if selftest.returncode != 0:
        log(f"wsloadgen selftest failed: {selftest.stdout.strip()}")
        return 1
    document = {"tool": "brokerbench", "machine": machine_info(options),
                "command": " ".join([os.path.relpath(sys.argv[0], REPO)] + sys.argv[1:]),
                "options": {k: v for k, v in vars(options).items() if k not in ("socketscope", "wsloadgen")}}
    started = time.monotonic()
    exit_code = 0
    try:
        with tempfile.TemporaryDirectory(prefix="brokerbench-") as workdir:
            try:
                if "delivery" in options.only:
                    part_delivery(options, workdir, document)
                if "connections" in options.only:
                    part_connections(options, workdir, document)
                if "presence" in options.only:
                    part_presence(options, workdir, document)
            finally:
                Children.stop_all()  # before the directory the brokers write into goes away
    except KeyboardInterrupt as interruption:
        log(f"interrupted ({interruption or 'Ctrl-C'}): stopping every child")
        document["interrupted"] = str(interruption) or "SIGINT"
        exit_code = 130
    except RuntimeError as failure:
        log(f"error: {failure}")
        document["error"] = str(failure)
        exit_code = 1
    finally:
        Children.stop_all()
    document["machine"]["loadavg_at_end"] = read_first_line("/proc/loadavg")
    document["wall_seconds"] = round(time.monotonic() - started, 1)
    text = json.dumps(document, indent=2)
    print(text, flush=True)
    if options.output:
        with open(options.output, "w") as handle:
            handle.write(text + "\n")
    return exit_code


if __name__ == "__main__":
    try:
        sys.exit(main())
    finally:
        Children.stop_all()
