#!/usr/bin/python3
"""Slow HTTP attacks from Debian's slowhttptest against `socketscope serve` (issue 5).

    test_slowhttptest.py SOCKETSCOPE_BINARY

Two bounded attacks, one after the other, on a server with a 2 s head timeout:
  slow headers (slowloris, -H): 300 connections that each add a header line every second;
  slow body (R-U-Dead-Yet, -B): 300 POST /publish whose 8 KiB body arrives a few bytes a second.
Expected: the server closes every one of them at its head timeout (counted in
socketscope_head_timeouts_total), slowhttptest's own probe finds the service available
throughout, and a real client (publish -> SSE delivery, and /healthz on fresh connections)
keeps its normal latency meanwhile. Exit 0 on success, 1 on failure, 77 when slowhttptest is
missing (a failure under SOCKETSCOPE_REQUIRE_EXTERNAL=1).
"""
import csv
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time

HEAD_TIMEOUT_S = 2
CONNECTIONS = 300
# Bounds for the real client while the attack runs (2 cores shared with other tests).
PROBE_P99_BOUND_MS = 250
PROBE_MAX_BOUND_MS = 1000

failures = []


def check(condition, what):
    print(("ok   " if condition else "FAIL ") + what, flush=True)
    if not condition:
        failures.append(what)


def start_server(binary):
    serve = subprocess.Popen(
        [binary, "serve", "--listen", "127.0.0.1:0", "--head-timeout", f"{HEAD_TIMEOUT_S}s"],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        line = serve.stdout.readline()
        match = re.search(r"listening on 127\.0\.0\.1:(\d+)", line)
        if match:
            # Keep draining its output so it never blocks on a full pipe.
            threading.Thread(target=serve.stdout.read, daemon=True).start()
            return serve, int(match.group(1))
    serve.kill()
    raise SystemExit("socketscope serve did not print its port")


def http(port, request, timeout=5.0):
    with socket.create_connection(("127.0.0.1", port), timeout=timeout) as s:
        s.sendall(request)
        data = b""
        while b"\r\n\r\n" not in data:
            chunk = s.recv(65536)
            if not chunk:
                break
            data += chunk
        head, _, body = data.partition(b"\r\n\r\n")
        length = re.search(rb"(?i)content-length:\s*(\d+)", head)
        while length and len(body) < int(length.group(1)):
            chunk = s.recv(65536)
            if not chunk:
                break
            body += chunk
        return int(head.split(b" ")[1]), body


def metric(port, name):
    _, body = http(port, b"GET /metrics HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
    for line in body.decode().splitlines():
        if line.startswith(name + " "):
            return int(float(line.split()[1]))
    raise AssertionError(f"no metric {name}")


class Probe(threading.Thread):
    """A well-behaved client during the attack: every 100 ms a message is published and timed
    until its SSE subscriber has it, and /healthz is fetched on a fresh connection."""

    def __init__(self, port):
        super().__init__(daemon=True)
        self.port = port
        self.stop = threading.Event()
        self.delivery_ms = []
        self.healthz_ms = []
        self.errors = []

    def run(self):
        try:
            stream = socket.create_connection(("127.0.0.1", self.port), timeout=5)
            stream.sendall(b"GET /events?channel=probe HTTP/1.1\r\nHost: x\r\n\r\n")
            # Subscribed once the welcome event is there; a publish before that could miss it.
            buffered = b""
            while b"session.welcome" not in buffered:
                chunk = stream.recv(65536)
                if not chunk:
                    raise ConnectionError("the probe's SSE stream ended before its welcome")
                buffered += chunk
            n = 0
            while not self.stop.is_set():
                n += 1
                started = time.monotonic()
                body = json.dumps({"channel": "probe", "type": "probe.tick", "id": f"p{n}"}).encode()
                status, _ = http(self.port, b"POST /publish HTTP/1.1\r\nHost: x\r\nConnection: close\r\n"
                                 b"Content-Type: application/json\r\nContent-Length: "
                                 + str(len(body)).encode() + b"\r\n\r\n" + body)
                if status != 200:
                    self.errors.append(f"publish {n}: HTTP {status}")
                while f'"id":"p{n}"'.encode() not in buffered:
                    chunk = stream.recv(65536)
                    if not chunk:
                        raise ConnectionError("the probe's SSE stream ended")
                    buffered += chunk
                buffered = buffered[buffered.index(f'"id":"p{n}"'.encode()):]
                self.delivery_ms.append((time.monotonic() - started) * 1000)

                started = time.monotonic()
                status, _ = http(self.port, b"GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
                self.healthz_ms.append((time.monotonic() - started) * 1000)
                if status != 200:
                    self.errors.append(f"healthz {n}: HTTP {status}")
                self.stop.wait(0.1)
        except Exception as error:  # the failure is reported by the main thread
            self.errors.append(repr(error))


def percentile(values, p):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * p))] if ordered else float("nan")


def attack(port, mode, path, workdir):
    name = {"-H": "slow headers", "-B": "slow body"}[mode]
    before = metric(port, "socketscope_head_timeouts_total")
    probe = Probe(port)
    probe.start()
    prefix = os.path.join(workdir, mode.strip("-"))
    command = ["slowhttptest", mode, "-c", str(CONNECTIONS), "-r", "150", "-i", "1", "-l", "12",
               "-p", "3", "-s", "8192", "-g", "-o", prefix, "-u", f"http://127.0.0.1:{port}{path}"]
    started = time.monotonic()
    result = subprocess.run(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, timeout=60)
    took = time.monotonic() - started
    time.sleep(0.3)
    probe.stop.set()
    probe.join(10)
    output = re.sub(rb"\x1b\[[0-9;]*m", b"", result.stdout).decode(errors="replace")
    exit_status = re.search(r"Exit status:\s*(.*)", output)
    exit_status = exit_status.group(1).strip() if exit_status else "?"

    # The CSV's columns are seconds, closed, pending, connected and the connection target.
    with open(prefix + ".csv", newline="") as file:
        rows = list(csv.DictReader(file))
    peak_connected = max(int(row["Connected"]) for row in rows)
    # slowhttptest's own probe: a fresh request every second, "service available: YES/NO".
    availability = re.findall(r"service available:\s*(\w+)", output)
    # The first connection can be closed no earlier than the head timeout after it opened.
    first_close = next((int(row["Seconds"]) for row in rows if int(row["Closed"]) > 0), None)
    timeouts = metric(port, "socketscope_head_timeouts_total") - before

    print(f"{name}: {took:.1f}s, slowhttptest exit status '{exit_status}', peak connected {peak_connected}, "
          f"first close at {first_close}s, head timeouts +{timeouts}; probe: "
          f"{len(probe.delivery_ms)} deliveries p50 {percentile(probe.delivery_ms, .5):.1f} ms "
          f"p99 {percentile(probe.delivery_ms, .99):.1f} ms max {max(probe.delivery_ms, default=0):.1f} ms, "
          f"healthz p99 {percentile(probe.healthz_ms, .99):.1f} ms", flush=True)
    check(peak_connected >= CONNECTIONS // 3, f"{name}: slowhttptest held connections open ({peak_connected})")
    check(exit_status.startswith("No open connections left"), f"{name}: none left open at the end ('{exit_status}')")
    check(took < 12 - 2, f"{name}: over long before slowhttptest's 12 s ({took:.1f} s)")
    check(first_close is not None and first_close >= HEAD_TIMEOUT_S - 1,
          f"{name}: closed at the head timeout, not before (first close at {first_close}s)")
    check(timeouts == CONNECTIONS, f"{name}: the server closed every one at its head timeout (+{timeouts} of {CONNECTIONS})")
    check(availability and set(availability) == {"YES"},
          f"{name}: slowhttptest's probe found the service available every time ({len(availability)} checks)")
    check(not probe.errors, f"{name}: the real client saw no error {probe.errors[:3]}")
    check(len(probe.delivery_ms) >= 10, f"{name}: the real client kept going ({len(probe.delivery_ms)} round trips)")
    check(percentile(probe.delivery_ms, .99) < PROBE_P99_BOUND_MS,
          f"{name}: publish-to-SSE p99 under {PROBE_P99_BOUND_MS} ms")
    check(max(probe.delivery_ms + probe.healthz_ms, default=0) < PROBE_MAX_BOUND_MS,
          f"{name}: no real request took {PROBE_MAX_BOUND_MS} ms or more")


def main():
    if len(sys.argv) != 2:
        raise SystemExit(__doc__)
    if not shutil.which("slowhttptest"):
        print("SKIP: slowhttptest not found (scripts/install-deps installs it)")
        sys.exit(1 if os.environ.get("SOCKETSCOPE_REQUIRE_EXTERNAL") else 77)
    serve, port = start_server(sys.argv[1])
    try:
        with tempfile.TemporaryDirectory() as workdir:
            attack(port, "-H", "/", workdir)
            attack(port, "-B", "/publish", workdir)
    finally:
        serve.send_signal(signal.SIGTERM)
        try:
            code = serve.wait(10)
        except subprocess.TimeoutExpired:
            serve.kill()
            code = "killed"
    check(code == 0, f"serve exited 0 on SIGTERM (got {code})")
    print(f"slowhttptest: {len(failures)} failure(s)")
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
