// The Node peer of SocketScope's scale benchmarks (issue 3): a server written the way a Node
// developer would write it, with the `ws` package and node:http, implementing the subset of
// `socketscope serve`'s protocol (docs/server.md) that bench/loadgen (wsloadgen) uses, on the
// same URLs with the same envelopes, so that one load generator measures both.
//
//   node ws_peer.mjs [--listen 127.0.0.1:0] [--sse-retry-ms 2000]
//
// Prints "ws-peer (...) listening on HOST:PORT" on stdout, like `socketscope serve`.
//
//   GET /ws?channel=C       WebSocket. First frame {"type":"session.welcome","channel":C,"ts":..,
//                           "payload":{"connection":ID,"latest":N,"replayCapacity":0}}. Client
//                           messages {"type":T,"payload":P,"id":I}: "echo" is answered to the
//                           sender only (with channel, ts, id, payload; no seq); any other type is
//                           published to C and delivered to every subscriber, the sender included.
//                           Invalid JSON gets {"type":"error","payload":{"message","code"}}.
//   GET /events?channel=C   Server-Sent Events: "retry: 2000", an "event: session.welcome" whose
//                           data is {"type":"session.welcome","channel":C,"payload":{"latest":N}},
//                           then "id: <seq>" / "event: <type>" / "data: <envelope>" per message.
//   POST /publish           {"channel":C,"type":T,"payload":P,"id":I} -> {"seq":N,"delivered":K}
//   GET /healthz            ok
//
// Not implemented (the benchmarks do not use them): replay and resume, long poll, tokens,
// origins, rate limits, slow-consumer limits, server pings, faults, metrics.
// SIGTERM/SIGINT close every WebSocket with 1001, end every stream and exit 0.
import http from 'node:http';
import { randomUUID } from 'node:crypto';
import { createRequire } from 'node:module';
import { WebSocketServer, WebSocket } from 'ws';

const require = createRequire(import.meta.url);
const wsVersion = require('ws/package.json').version;

function argument(name, fallback) {
  const i = process.argv.indexOf(name);
  return i >= 0 && i + 1 < process.argv.length ? process.argv[i + 1] : fallback;
}
const listen = argument('--listen', '127.0.0.1:0');
const colon = listen.lastIndexOf(':');
const host = listen.slice(0, colon);
const port = Number(listen.slice(colon + 1));
const sseRetryMs = Number(argument('--sse-retry-ms', '2000'));
if (colon < 0 || !Number.isInteger(port) || port < 0 || port > 65535 || !Number.isFinite(sseRetryMs)) {
  process.stderr.write('usage: node ws_peer.mjs [--listen HOST:PORT] [--sse-retry-ms MS]\n');
  process.exit(2);
}

// name -> { seq, sockets: Set<WebSocket>, streams: Set<ServerResponse> }
const channels = new Map();

function channelNamed(name) {
  let channel = channels.get(name);
  if (!channel) {
    channel = { seq: 0, sockets: new Set(), streams: new Set() };
    channels.set(name, channel);
  }
  return channel;
}

function channelOf(url) {
  return url.searchParams.get('channel') || 'general';
}

// Same rule as SocketScope: dot-separated parts of letters, digits, _ - :, at most 64 characters.
const typePattern = /^[A-Za-z0-9_:-]+(\.[A-Za-z0-9_:-]+)*$/;
function isReserved(type) {
  return type === 'error' || type.startsWith('session.') || type.startsWith('sync.') || type === 'sync';
}

function publish(name, type, payload, id) {
  const channel = channelNamed(name);
  const seq = ++channel.seq;
  const envelope = { type, channel: name, seq, ts: Date.now(), id: id || randomUUID(), payload };
  const json = JSON.stringify(envelope);
  // Encoded once for every WebSocket subscriber, as in ws's broadcast example.
  const data = Buffer.from(json);
  for (const client of channel.sockets) {
    if (client.readyState === WebSocket.OPEN) client.send(data, { binary: false });
  }
  // WHATWG SSE: the JSON has no newline, so one data: line carries it.
  const event = `id: ${seq}\nevent: ${type}\ndata: ${json}\n\n`;
  for (const res of channel.streams) res.write(event);
  return { seq, delivered: channel.sockets.size + channel.streams.size };
}

function errorEnvelope(message, code) {
  return JSON.stringify({ type: 'error', payload: { message, code } });
}

// Parses a client message the way docs/server.md describes; returns { message } or { error }.
function parseClientMessage(text) {
  let message;
  try {
    message = JSON.parse(text);
  } catch (e) {
    return { error: `invalid JSON: ${e.message}` };
  }
  if (message === null || typeof message !== 'object' || Array.isArray(message)) return { error: 'a message must be a JSON object' };
  for (const key of Object.keys(message)) {
    if (!['type', 'payload', 'id', 'since', 'channel'].includes(key)) return { error: `unknown field "${key}" (expected type, payload, id, since)` };
  }
  if (typeof message.type !== 'string' || message.type.length > 64 || !typePattern.test(message.type)) return { error: 'field "type" must be a dotted name' };
  if (message.id !== undefined && message.id !== null && (typeof message.id !== 'string' || message.id.length > 128)) return { error: 'field "id" must be a string of at most 128 characters' };
  return { message };
}

const server = http.createServer((req, res) => {
  const url = new URL(req.url, 'http://peer');
  if (req.method === 'GET' && url.pathname === '/events') {
    const name = channelOf(url);
    const channel = channelNamed(name);
    res.writeHead(200, {
      'Content-Type': 'text/event-stream; charset=utf-8',
      'Cache-Control': 'no-cache',
      'X-Accel-Buffering': 'no',
    });
    res.write(`retry: ${sseRetryMs}\n\n`);
    const welcome = { type: 'session.welcome', channel: name, payload: { latest: channel.seq } };
    res.write(`event: session.welcome\ndata: ${JSON.stringify(welcome)}\n\n`);
    channel.streams.add(res);
    res.on('close', () => channel.streams.delete(res));
    return;
  }
  if (req.method === 'POST' && url.pathname === '/publish') {
    const chunks = [];
    req.on('data', (chunk) => chunks.push(chunk));
    req.on('end', () => {
      let body;
      try {
        body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
      } catch (e) {
        res.writeHead(400, { 'Content-Type': 'application/json' }).end(errorEnvelope(`invalid JSON: ${e.message}`, 'invalid_message'));
        return;
      }
      const type = body?.type;
      if (typeof type !== 'string' || !typePattern.test(type) || isReserved(type)) {
        res.writeHead(400, { 'Content-Type': 'application/json' }).end(errorEnvelope('field "type" must be a dotted name', 'invalid_message'));
        return;
      }
      const result = publish(body.channel || 'general', type, body.payload ?? null, body.id);
      res.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify(result));
    });
    return;
  }
  if (req.method === 'GET' && url.pathname === '/healthz') {
    res.writeHead(200, { 'Content-Type': 'text/plain' }).end('ok');
    return;
  }
  res.writeHead(404, { 'Content-Type': 'text/plain' }).end('not found');
});

// ws's documented way to share an http server: route upgrades to /ws, refuse the rest.
const wss = new WebSocketServer({ noServer: true, maxPayload: 64 * 1024 });
server.on('upgrade', (req, socket, head) => {
  const url = new URL(req.url, 'http://peer');
  if (url.pathname !== '/ws') {
    socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
    return;
  }
  wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req, channelOf(url)));
});

wss.on('connection', (ws, req, name) => {
  const channel = channelNamed(name);
  channel.sockets.add(ws);
  ws.send(JSON.stringify({
    type: 'session.welcome',
    channel: name,
    ts: Date.now(),
    payload: { connection: randomUUID(), latest: channel.seq, replayCapacity: 0 },
  }));
  ws.on('message', (data, isBinary) => {
    if (isBinary) {
      ws.send(errorEnvelope('binary messages are not supported; send JSON text envelopes', 'binary_not_supported'));
      return;
    }
    const { message, error } = parseClientMessage(data.toString('utf8'));
    if (error) {
      ws.send(errorEnvelope(error, 'invalid_message'));
      return;
    }
    if (message.type === 'echo') {
      // Answered to the sender only.
      ws.send(JSON.stringify({ type: 'echo', channel: name, ts: Date.now(), id: message.id || undefined, payload: message.payload ?? null }));
      return;
    }
    if (isReserved(message.type)) {
      ws.send(errorEnvelope(`type "${message.type}" is reserved for the server`, 'reserved_type'));
      return;
    }
    publish(name, message.type, message.payload ?? null, message.id);
  });
  ws.on('close', () => channel.sockets.delete(ws));
  ws.on('error', () => {}); // a client resetting its connection is not the server's failure
});

server.on('clientError', (error, socket) => {
  if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n');
});

server.listen(port, host, () => {
  const address = server.address();
  const shown = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  process.stdout.write(`ws-peer (Node ${process.version}, ws ${wsVersion}) listening on ${shown}:${address.port}\n`);
});

let stopping = false;
function stop() {
  if (stopping) return;
  stopping = true;
  server.close();
  for (const client of wss.clients) client.close(1001, 'server going away');
  for (const channel of channels.values()) for (const res of channel.streams) res.end();
  // Give close handshakes a moment, then exit regardless.
  setTimeout(() => process.exit(0), 1000).unref();
  wss.close(() => {
    if (wss.clients.size === 0) process.exit(0);
  });
}
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
