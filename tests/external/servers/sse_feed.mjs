// A Server-Sent Events notification feed written with Node's http module only, the way SSE
// tutorials write one: no event ids, no retry, no replay. For integration tests that check
// SocketScope's SSE client against a server it did not write.
//   node sse_feed.mjs [--port 0] [--keepalive-ms 15000]
// Listens on 127.0.0.1 (port 0: any free port); the first stdout line is {"port":N}.
//
//   GET /events   text/event-stream; every event is a single `data: <json>\n\n` (never an `id:`
//                 or `event:` field), and a `: keepalive` comment every --keepalive-ms (0: never).
//   POST /notify  body {"message":X}, X any JSON value: every open stream gets
//                 data: {"message":X,"at":<Date.now()>}
//                 (a body without "message" sends {"at":..} alone) and the answer is
//                 202 {"ok":true,"delivered":n}. A body that is not valid JSON (or not a JSON
//                 object) gets 400 {"error":"invalid JSON"}.
//   GET /stats    {"streams","open","notifications","delivered","badRequests"}
//                 streams: /events responses ever started; open: those still open;
//                 notifications: 202 answers; delivered: one per event written to a stream
//                 (keepalives not counted); badRequests: 400 answers.
//   anything else 404.
// SIGTERM/SIGINT end every stream and exit 0.
import http from 'node:http';
import { parseFlags, listen, sendJson, readJsonObject, shutdownOnSignals } from './serverkit.mjs';

const { port, keepaliveMs } = parseFlags({ port: 0, 'keepalive-ms': 15000 });

const stats = { streams: 0, open: 0, notifications: 0, delivered: 0, badRequests: 0 };
const streams = new Set(); // open /events responses

function events(req, res) {
  res.writeHead(200, {
    'Content-Type': 'text/event-stream',
    'Cache-Control': 'no-cache',
    Connection: 'keep-alive',
  });
  // Send the headers now: otherwise Node holds them until the first event, and a client waits.
  res.flushHeaders();
  ++stats.streams;
  streams.add(res);
  stats.open = streams.size;
  // The comment keeps proxies (and idle timeouts) from closing a quiet stream.
  const keepalive = keepaliveMs > 0 ? setInterval(() => res.write(': keepalive\n\n'), keepaliveMs) : null;
  res.on('close', () => {
    clearInterval(keepalive);
    streams.delete(res);
    stats.open = streams.size;
  });
}

function notify(req, res) {
  readJsonObject(req, (parsed) => {
    if (!parsed) {
      ++stats.badRequests;
      return sendJson(res, 400, { error: 'invalid JSON' });
    }
    const frame = `data: ${JSON.stringify({ message: parsed.message, at: Date.now() })}\n\n`;
    let delivered = 0;
    for (const stream of streams) {
      stream.write(frame);
      ++delivered;
    }
    stats.delivered += delivered;
    ++stats.notifications;
    sendJson(res, 202, { ok: true, delivered });
  });
}

const server = http.createServer((req, res) => {
  const { pathname } = new URL(req.url, 'http://x');
  if (req.method === 'GET' && pathname === '/events') return events(req, res);
  if (req.method === 'POST' && pathname === '/notify') return notify(req, res);
  if (req.method === 'GET' && pathname === '/stats') return sendJson(res, 200, stats);
  sendJson(res, 404, { error: 'not found' });
});
// Streams stay open as long as the client wants.
server.requestTimeout = 0;

listen(server, port);
shutdownOnSignals(server, { streams });
