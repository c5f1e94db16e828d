// A Server-Sent Events server written with Node's http module only, for integration tests that
// check SocketScope's SSE and publish clients against a server it did not write.
//   node sse_server.mjs [--tick-ms 20] [--history 1000] [--retry-ms 1000] [--heartbeat-ms 15000]
// Listens on 127.0.0.1, port 0; the first stdout line is {"port":N}.
//
//   GET /events?channel=C   text/event-stream, chunked transfer encoding (Node's default for a
//                           response without Content-Length). Starts with "retry: <ms>", then one
//                           event per chunk: "id: <seq>", "event: <type>", "data: <envelope>".
//                           A Last-Event-ID header (or ?lastEventId=N) replays the history after
//                           N first; a resume point older than the history gets "event: reset"
//                           with data {"since","oldest","latest"} (the same contract as
//                           `socketscope serve`, docs/server.md).
//   POST /publish           body {"channel":C,"type":T,"payload":P,"id":I} -> {"seq":N,"delivered":K}
//   GET /healthz            ok
// Every --tick-ms (0: never) each known channel (one that was subscribed or published to) gets
// {"type":"tick","channel":C,"seq":N,"ts":<ms>,"id":..,"payload":{"n":N}}.
// SIGTERM/SIGINT end every stream and exit 0.
import http from 'node:http';
import { randomUUID } from 'node:crypto';

function option(name, fallback) {
  const i = process.argv.indexOf(name);
  if (i < 0) return fallback;
  const value = Number(process.argv[i + 1]);
  if (!Number.isFinite(value) || value < 0) {
    process.stderr.write(`${name}: expected a number >= 0\n`);
    process.exit(2);
  }
  return value;
}
const tickMs = option('--tick-ms', 20);
const historySize = option('--history', 1000);
const retryMs = option('--retry-ms', 1000);
const heartbeatMs = option('--heartbeat-ms', 15000);

// name -> { seq, history: [{seq, type, frame}], subscribers: Set<ServerResponse> }
const channels = new Map();

function channel(name) {
  let c = channels.get(name);
  if (!c) {
    c = { seq: 0, history: [], subscribers: new Set() };
    channels.set(name, c);
  }
  return c;
}

function eventFrame(seq, type, envelope) {
  // WHATWG SSE: the JSON has no newlines, so one data: line carries it.
  return `id: ${seq}\nevent: ${type}\ndata: ${JSON.stringify(envelope)}\n\n`;
}

function publish(name, type, payload, id) {
  const c = channel(name);
  const seq = ++c.seq;
  const envelope = { type, channel: name, seq, ts: Date.now(), id: id ?? randomUUID(), payload };
  const frame = eventFrame(seq, type, envelope);
  c.history.push({ seq, frame });
  if (c.history.length > historySize) c.history.shift();
  let delivered = 0;
  for (const res of c.subscribers) {
    res.write(frame); // one write, one chunk
    ++delivered;
  }
  return { seq, delivered };
}

function parseSeq(text) {
  return typeof text === 'string' && /^\d{1,15}$/.test(text) ? Number(text) : null;
}

function serveEvents(req, res, url) {
  const name = url.searchParams.get('channel') || 'general';
  const c = channel(name);
  res.writeHead(200, {
    'Content-Type': 'text/event-stream; charset=utf-8',
    'Cache-Control': 'no-cache',
    'X-Accel-Buffering': 'no',
  });
  res.write(`retry: ${retryMs}\n\n`);

  // EventSource sends Last-Event-ID on reconnect; the query parameter is for clients that cannot
  // set headers. Anything that is not a sequence number starts fresh.
  const since = parseSeq(req.headers['last-event-id']) ?? parseSeq(url.searchParams.get('lastEventId'));
  if (since !== null && since < c.seq) {
    const oldest = c.history.length ? c.history[0].seq : 0;
    const firstHeld = c.history.length ? oldest : c.seq + 1;
    if (firstHeld > since + 1) {
      res.write(`event: reset\ndata: ${JSON.stringify({ since, oldest, latest: c.seq })}\n\n`);
    }
    for (const entry of c.history) {
      if (entry.seq > since) res.write(entry.frame);
    }
  } else if (since !== null && since > c.seq) {
    // The client saw numbers this channel never reached: it began again.
    const oldest = c.history.length ? c.history[0].seq : 0;
    res.write(`event: reset\ndata: ${JSON.stringify({ since, oldest, latest: c.seq })}\n\n`);
    for (const entry of c.history) res.write(entry.frame);
  }

  c.subscribers.add(res);
  const heartbeat = heartbeatMs > 0 ? setInterval(() => res.write(': heartbeat\n\n'), heartbeatMs) : null;
  const end = () => {
    c.subscribers.delete(res);
    if (heartbeat) clearInterval(heartbeat);
  };
  res.on('close', end);
  res.on('error', end);
}

function servePublish(req, res) {
  const chunks = [];
  let size = 0;
  req.on('data', (chunk) => {
    size += chunk.length;
    if (size > 64 * 1024) {
      answer(res, 413, { error: 'body too large' });
      req.destroy();
      return;
    }
    chunks.push(chunk);
  });
  req.on('end', () => {
    if (res.headersSent) return;
    let body;
    try {
      body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
    } catch (e) {
      answer(res, 400, { error: `invalid JSON: ${e.message}` });
      return;
    }
    if (typeof body !== 'object' || body === null || Array.isArray(body)) {
      answer(res, 400, { error: 'expected a JSON object' });
      return;
    }
    const name = typeof body.channel === 'string' && body.channel ? body.channel : 'general';
    const type = typeof body.type === 'string' && body.type ? body.type : 'message';
    answer(res, 200, publish(name, type, body.payload ?? {}, typeof body.id === 'string' ? body.id : undefined));
  });
}

function answer(res, status, object) {
  const text = JSON.stringify(object);
  res.writeHead(status, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(text) });
  res.end(text);
}

const server = http.createServer((req, res) => {
  const url = new URL(req.url, 'http://127.0.0.1');
  if (req.method === 'GET' && url.pathname === '/events') return serveEvents(req, res, url);
  if (req.method === 'POST' && url.pathname === '/publish') return servePublish(req, res);
  if (req.method === 'GET' && url.pathname === '/healthz') {
    res.writeHead(200, { 'Content-Type': 'text/plain', 'Content-Length': 2 });
    return res.end('ok');
  }
  answer(res, 404, { error: 'not found' });
});
// Streams stay open for as long as the client wants.
server.requestTimeout = 0;
server.keepAliveTimeout = 60000;

server.listen(0, '127.0.0.1', () => {
  process.stdout.write(JSON.stringify({ port: server.address().port }) + '\n');
});

const ticker = tickMs > 0
  ? setInterval(() => {
      for (const [name, c] of channels) publish(name, 'tick', { n: c.seq + 1 });
    }, tickMs)
  : null;

let stopping = false;
function stop() {
  if (stopping) return;
  stopping = true;
  if (ticker) clearInterval(ticker);
  for (const c of channels.values()) {
    for (const res of c.subscribers) res.end(); // the terminating zero-length chunk
  }
  server.close(() => process.exit(0));
  server.closeIdleConnections();
  setTimeout(() => process.exit(0), 2000).unref();
}
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
