// The independent client of bench/echolatency: an echo round trip measured by code SocketScope did
// not write, the way a Node developer would measure it with the `ws` package.
//
//   node ws_echo_client.mjs --url ws://127.0.0.1:PORT/ [--clients 20] [--rate 50] [--seconds 5]
//                           [--payload-bytes 64]
//
// Opens the connections, then each sends {"type":"echo","payload":{"t":..,"c":..,"n":..,"pad":..}}
// `rate` times a second from a random phase for `seconds`, stamping process.hrtime (CLOCK_MONOTONIC)
// right before ws.send() and reading it again when the echo is parsed. Unlike SocketScope's open
// model (stamped with the intended time), the stamp is the actual send, so this client's own timer
// lateness is not in its numbers. Prints one JSON line: {"count","lost","min","p50","p90","p99",
// "max","mean"} in milliseconds.
//
// `ws` comes from bench/peer/node_modules (`npm ci` here) or, as CommonJS resolution allows, from
// NODE_PATH (bench/echolatency points it at tests/external/node_modules, scripts/install-deps).
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const WebSocket = require('ws');

function option(name, fallback) {
  const index = process.argv.indexOf(`--${name}`);
  return index >= 0 ? process.argv[index + 1] : fallback;
}

const url = option('url');
const clients = Number(option('clients', 20));
const rate = Number(option('rate', 50));
const seconds = Number(option('seconds', 5));
const payloadBytes = Number(option('payload-bytes', 64));
if (!url) {
  process.stderr.write('ws_echo_client: --url is required\n');
  process.exit(2);
}

const periodMs = 1000 / rate;
const pad = 'x'.repeat(Math.max(0, payloadBytes - 48));
const samplesNs = [];
let sent = 0;

function open(index) {
  return new Promise((resolve, reject) => {
    // perMessageDeflate off, as SocketScope's client: no compression on either side.
    const socket = new WebSocket(url, { perMessageDeflate: false });
    socket.on('open', () => resolve(socket));
    socket.on('error', reject);
    socket.on('message', (data) => {
      const received = process.hrtime.bigint();
      const message = JSON.parse(data.toString());
      if (message.type === 'echo' && message.payload && typeof message.payload.t === 'string')
        samplesNs.push(Number(received - BigInt(message.payload.t)));
    });
  });
}

function run(socket, index, endAt) {
  let count = 0;
  const tick = () => {
    if (Date.now() >= endAt || socket.readyState !== WebSocket.OPEN) return;
    const t = process.hrtime.bigint();
    socket.send(JSON.stringify({ type: 'echo', payload: { t: t.toString(), c: index, n: ++count, pad } }));
    ++sent;
  };
  // A random phase per client, as SocketScope's pools do, so the clients do not send together.
  setTimeout(() => {
    tick();
    const timer = setInterval(() => {
      if (Date.now() >= endAt) clearInterval(timer);
      else tick();
    }, periodMs);
  }, Math.random() * periodMs);
}

function percentile(sorted, p) {
  // The smallest sample such that at least p% of the samples are less than or equal to it.
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[rank - 1];
}

const sockets = await Promise.all(Array.from({ length: clients }, (_, i) => open(i)));
const endAt = Date.now() + seconds * 1000;
sockets.forEach((socket, i) => run(socket, i, endAt));
// Let the last echoes come back, then close.
await new Promise((resolve) => setTimeout(resolve, seconds * 1000 + 500));
for (const socket of sockets) socket.close(1000);

const sorted = samplesNs.slice().sort((a, b) => a - b);
const ms = (ns) => Math.round(ns / 1e3) / 1e3;
const result = sorted.length === 0 ? { count: 0, sent } : {
  count: sorted.length,
  sent,
  lost: sent - sorted.length,
  min: ms(sorted[0]),
  p50: ms(percentile(sorted, 50)),
  p90: ms(percentile(sorted, 90)),
  p99: ms(percentile(sorted, 99)),
  max: ms(sorted[sorted.length - 1]),
  mean: ms(sorted.reduce((a, b) => a + b, 0) / sorted.length),
};
process.stdout.write(JSON.stringify(result) + '\n');
process.exit(0);
