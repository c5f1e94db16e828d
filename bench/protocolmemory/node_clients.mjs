// The Node side of bench/protocolmemory: N clients of one protocol in this one process, opened with
// the official client library the way its docs show, and this process's memory per client.
//
//   node --expose-gc node_clients.mjs --protocol socketio --url http://127.0.0.1:PORT/socket.io/
//        (the Engine.IO endpoint, as in a scenario; io() gets the origin and {path: '/socket.io/'})
//        [--transport websocket|polling-upgrade] [--clients 5000] [--rate 0.1] [--settle 5]
//        [--samples 10] [--hold 30] [--connect-timeout 180] [--drain 3] [--arrival-rate 0]
//   node --expose-gc node_clients.mjs --protocol graphql-ws --url ws://127.0.0.1:PORT/graphql ...
//
// socketio    socket.io-client's io(url, {forceNew: true, transports}) per client (forceNew: io()
//             otherwise shares one Manager, one connection, between all sockets of a URL);
//             transport "websocket" is {transports: ['websocket']}, "polling-upgrade" the
//             library's default (long-polling first, then the upgrade). On 'connect' the client
//             emits join('r-<i>') with an ack, and is ready when the ack comes. It sends
//             chat({from: i, seq, sentAt}) `rate` times a second; the server broadcasts it to the
//             room r-<i>, where it is alone, so each client gets back its own messages.
// graphql-ws  graphql-ws's createClient({url, webSocketImpl: ws, lazy: false}) per client, with one
//             subscription posted(room: "r-<i>"); ready on 'connected' (connection_ack; the
//             subscribe goes out right after). It runs the mutation post(room, from, seq, sentAt)
//             `rate` times a second; the subscription delivers each post back to it.
// These are what SocketScope's scenario in bench/protocolmemory/run does, key for key.
//
// Timeline: the modules are loaded and (with --expose-gc) gc() runs, then `rss_before`; all N
// clients are created in one synchronous loop (all at once, no ramp; or --arrival-rate R a second,
// client i at i / R); wait until every client is ready or --connect-timeout (counted from the
// first); --settle seconds; --samples RSS samples one second apart
// (process.memoryUsage().rss, i.e. VmRSS; `rss_after` is their median), then one after gc();
// sending goes on until --hold seconds after the last client was ready, then stops, --drain seconds
// for the answers in flight, every client is closed and ONE JSON line goes to stdout. Progress
// lines ("node_clients: phase ready ...") go to stderr; bench/protocolmemory/run reads them.
//
// Latency: one-way, performance.now() in `sentAt` to the receipt of the message (one process, one
// monotonic clock). Lost: messages sent and never received back (each client checks its own seq
// numbers) by the end of the drain. Every wait is bounded.
//
// socket.io-client, graphql-ws and ws come from tests/external/node_modules (scripts/install-deps)
// through CommonJS resolution: the driver sets NODE_PATH to that directory.
import { createRequire } from 'node:module';
import fs from 'node:fs';

const require = createRequire(import.meta.url);

function option(name, fallback) {
  const index = process.argv.indexOf(`--${name}`);
  return index >= 0 ? process.argv[index + 1] : fallback;
}

const protocol = option('protocol');
const url = option('url');
const transport = option('transport', 'polling-upgrade');
const clients = Number(option('clients', 5000));
const rate = Number(option('rate', 0.1));
const settleS = Number(option('settle', 5));
const samples = Number(option('samples', 10));
const holdS = Number(option('hold', 30));
const connectTimeoutS = Number(option('connect-timeout', 180));
const drainS = Number(option('drain', 3));
const arrivalRate = Number(option('arrival-rate', 0)); // clients opened per second; 0: all at once
if (!url || !['socketio', 'graphql-ws'].includes(protocol) ||
    !['websocket', 'polling-upgrade'].includes(transport) || !(clients >= 1)) {
  process.stderr.write('node_clients: --protocol socketio|graphql-ws, --url and --clients >= 1 are required\n');
  process.exit(2);
}

const log = (text) => process.stderr.write(`node_clients: ${text}\n`);
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const now = () => performance.now();
const descriptors = () => { try { return fs.readdirSync('/proc/self/fd').length; } catch { return null; } };
const mib = (bytes) => (bytes / 1048576).toFixed(1);

function percentile(sorted, p) {
  if (sorted.length === 0) return null;
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length)); // nearest rank
  return Number(sorted[rank - 1].toFixed(3));
}
function summary(values) {
  const sorted = Float64Array.from(values).sort();
  const mean = sorted.length ? sorted.reduce((a, b) => a + b, 0) / sorted.length : null;
  return {
    count: sorted.length, min: sorted.length ? Number(sorted[0].toFixed(3)) : null,
    p50: percentile(sorted, 50), p90: percentile(sorted, 90), p99: percentile(sorted, 99),
    max: sorted.length ? Number(sorted[sorted.length - 1].toFixed(3)) : null,
    mean: mean === null ? null : Number(mean.toFixed(3)),
  };
}
function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted.length ? sorted[Math.floor((sorted.length - 1) / 2)] : null;
}

// Load the libraries before the baseline, so their code is not counted per client.
let io, createClient, WebSocket;
if (protocol === 'socketio') {
  ({ io } = require('socket.io-client'));
} else {
  ({ createClient } = require('graphql-ws'));
  WebSocket = require('ws');
}
const versionOf = (name) => { try { return require(`${name}/package.json`).version; } catch { return null; } };
const versions = protocol === 'socketio'
  ? { 'socket.io-client': versionOf('socket.io-client'), 'engine.io-client': versionOf('engine.io-client') }
  : { 'graphql-ws': versionOf('graphql-ws'), ws: versionOf('ws') };

const SUBSCRIPTION = 'subscription OnPost($room: String!) { posted(room: $room) { from seq sentAt } }';
const MUTATION = 'mutation Post($room: String!, $from: Int!, $seq: Int!, $sentAt: Float!) { post(room: $room, from: $from, seq: $seq, sentAt: $sentAt) }';

// Per client: created at, ready at, messages sent, seq numbers received.
const state = Array.from({ length: clients }, () => ({ created: 0, ready: 0, sent: 0, got: new Set() }));
const handles = new Array(clients);
const latencies = [];
let readyCount = 0, duplicates = 0, connectErrors = 0, disconnects = 0, reconnects = 0, errors = 0;
let received = 0, sending = false;
const outcomes = {};
const outcome = (text) => { outcomes[text] = (outcomes[text] ?? 0) + 1; };

function onMessage(i, body) {
  if (!body || body.from !== i) return;
  const t = now();
  const s = state[i];
  if (s.got.has(body.seq)) { ++duplicates; return; }
  s.got.add(body.seq);
  ++received;
  latencies.push(t - body.sentAt);
}

function markReady(i) {
  const s = state[i];
  if (s.ready) { ++reconnects; return; }
  s.ready = now();
  ++readyCount;
}

function send(i) {
  const s = state[i];
  const seq = ++s.sent;
  const body = { from: i, seq, sentAt: now() };
  if (protocol === 'socketio') {
    handles[i].emit('chat', body);
  } else {
    handles[i].subscribe({ query: MUTATION, variables: { room: `r-${i}`, ...body }, operationName: 'Post' },
      { next: () => {}, error: () => { ++errors; }, complete: () => {} });
  }
}

// Each client sends from a random phase once it is ready and `sending` is on, `rate` per second.
const timers = [];
function startSending(i) {
  if (!(rate > 0)) return;
  const period = 1000 / rate;
  const first = setTimeout(() => {
    if (!sending) return;
    send(i);
    const interval = setInterval(() => { if (sending) send(i); }, period);
    timers.push(interval);
  }, Math.random() * period);
  timers.push(first);
}

function open(i) {
  const s = state[i];
  s.created = now();
  const room = `r-${i}`;
  if (protocol === 'socketio') {
    // io()'s URL names the namespace; the Engine.IO path (the scenario url's path) is `path`.
    const endpoint = new URL(url);
    const options = { forceNew: true, path: endpoint.pathname };
    if (transport === 'websocket') options.transports = ['websocket'];
    const socket = io(endpoint.origin, options);
    handles[i] = socket;
    socket.on('connect', () => {
      socket.emit('join', room, () => {
        const first = !s.ready;
        markReady(i);
        if (first) startSending(i);
      });
    });
    socket.on('connect_error', (error) => { ++connectErrors; outcome(`connect_error: ${error.message}`); });
    socket.on('disconnect', (reason) => { ++disconnects; outcome(`disconnect: ${reason}`); });
    socket.on('chat', (body) => onMessage(i, body));
  } else {
    const client = createClient({ url, webSocketImpl: WebSocket, lazy: false });
    handles[i] = client;
    client.on('connected', () => {
      const first = !s.ready;
      markReady(i);
      if (first) startSending(i);
    });
    client.on('closed', (event) => { ++disconnects; outcome(`close ${event?.code ?? '?'}`); });
    client.on('error', () => { ++connectErrors; outcome('error'); });
    client.subscribe({ query: SUBSCRIPTION, variables: { room }, operationName: 'OnPost' }, {
      next: (message) => onMessage(i, message?.data?.posted),
      error: () => { ++errors; },
      complete: () => {},
    });
  }
}

async function main() {
  if (global.gc) { global.gc(); await sleep(200); global.gc(); }
  await sleep(500);
  const before = process.memoryUsage();
  log(`phase baseline rss ${mib(before.rss)} MiB`);

  sending = true;
  const startedUnixMs = Date.now();
  const t0 = now();
  if (arrivalRate > 0) {
    // Client i is opened at t0 + i / rate (checked every 10 ms), as socketscope's arrivalRate does.
    log(`phase opening ${clients} clients at ${arrivalRate}/s`);
    let next = 0;
    while (next < clients) {
      const due = Math.min(clients, Math.floor(((now() - t0) / 1000) * arrivalRate) + 1);
      while (next < due) open(next++);
      if (next < clients) await sleep(10);
    }
  } else {
    for (let i = 0; i < clients; ++i) open(i);
  }
  const createdMs = now() - t0;
  log(`phase opened ${clients} clients in ${createdMs.toFixed(0)} ms`);

  const deadline = t0 + connectTimeoutS * 1000;
  let lastLog = now();
  while (readyCount < clients && now() < deadline) {
    await sleep(50);
    if (now() - lastLog > 5000) { log(`${readyCount}/${clients} ready`); lastLog = now(); }
  }
  const readyTimes = state.filter((s) => s.ready).map((s) => s.ready);
  const lastReady = readyTimes.length ? Math.max(...readyTimes) : now();
  const connectSeconds = (lastReady - t0) / 1000;
  log(`phase ready ${readyCount}/${clients} in ${connectSeconds.toFixed(2)} s`);

  await sleep(settleS * 1000);
  const rss = [];
  for (let k = 0; k < samples; ++k) {
    rss.push(process.memoryUsage().rss);
    if (k + 1 < samples) await sleep(1000);
  }
  const fds = descriptors();
  // Socket.IO: which Engine.IO transport each client is on now (polling-upgrade: all upgraded?).
  const transports = {};
  if (protocol === 'socketio')
    for (const socket of handles) {
      const name = socket?.io?.engine?.transport?.name ?? 'none';
      transports[name] = (transports[name] ?? 0) + 1;
    }
  const usage = process.memoryUsage();
  let afterGc = null;
  if (global.gc) { global.gc(); afterGc = process.memoryUsage(); }
  const rssAfter = median(rss);
  log(`phase sampled rss ${mib(rssAfter)} MiB (after gc ${afterGc ? mib(afterGc.rss) : '-'} MiB)`);

  const holdEnd = lastReady + holdS * 1000;
  while (now() < holdEnd) await sleep(Math.min(1000, holdEnd - now()));
  sending = false;
  await sleep(drainS * 1000);
  let sent = 0;
  for (const s of state) sent += s.sent;
  const readyAtMs = state.filter((s) => s.ready).map((s) => s.ready - s.created);
  log(`phase done sent ${sent} received ${received}`);

  const result = {
    tool: 'node',
    protocol,
    transport: protocol === 'socketio' ? transport : 'websocket',
    library: versions,
    node: process.version,
    clients,
    ready: readyCount,
    failed: clients - readyCount,
    connect_errors: connectErrors,
    disconnects,
    reconnects,
    outcomes,
    open_started_unix_ms: startedUnixMs,
    create_loop_ms: Number(createdMs.toFixed(1)),
    connect_seconds: Number(connectSeconds.toFixed(3)),
    connects_per_second: connectSeconds > 0 ? Math.round(readyCount / connectSeconds) : null,
    ready_ms: summary(readyAtMs),
    rss_before: before.rss,
    rss_after: rssAfter,
    rss_samples: rss,
    bytes_per_client: readyCount ? Math.round((rssAfter - before.rss) / readyCount) : null,
    heap_used_before: before.heapUsed,
    heap_used_after: usage.heapUsed,
    external_after: usage.external,
    array_buffers_after: usage.arrayBuffers,
    rss_after_gc: afterGc ? afterGc.rss : null,
    heap_used_after_gc: afterGc ? afterGc.heapUsed : null,
    bytes_per_client_after_gc: afterGc && readyCount ? Math.round((afterGc.rss - before.rss) / readyCount) : null,
    descriptors: fds,
    transports_at_sample: protocol === 'socketio' ? transports : undefined,
    rate_per_client: rate,
    sent,
    received,
    lost: sent - received,
    duplicated: duplicates,
    errors,
    latency_ms: summary(latencies),
  };

  const line = JSON.stringify(result) + '\n'; // before the closes below add their outcomes
  for (const timer of timers) clearTimeout(timer);
  for (const handle of handles) {
    try {
      if (protocol === 'socketio') handle?.disconnect(); else handle?.dispose();
    } catch {}
  }
  process.stdout.write(line, () => process.exit(0));
  setTimeout(() => process.exit(0), 5000).unref();
}

main().catch((error) => {
  process.stderr.write(`node_clients: ${error?.stack ?? error}\n`);
  process.exit(1);
});
