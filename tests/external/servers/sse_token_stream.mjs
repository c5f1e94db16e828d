// An LLM-style token streaming endpoint (the shape of the OpenAI-like "stream: true" APIs)
// written with Node's http module only, for integration tests that check SocketScope's
// POST-then-read-SSE client against a server it did not write.
//   node sse_token_stream.mjs [--port 0] [--tokens 20] [--interval-ms 20]
// Listens on 127.0.0.1 (port 0: any free port); the first stdout line is {"port":N}.
//
//   POST /v1/stream  body {"prompt":..., "tokens":N} ("tokens" optional, else --tokens):
//                    200 text/event-stream, then one event every --interval-ms
//                      data: {"index":i,"token":"tok<i>"}      i = 0 .. N-1
//                    then `data: [DONE]` and the end of the response. A body that is not a JSON
//                    object gets 400 {"error":"invalid JSON"}.
//   GET /v1/stream   405 (Allow: POST).
//   GET /stats       {"streams","completed","tokensSent"}
//                    streams: 200 streams started; completed: streams that sent [DONE] and
//                    ended; tokensSent: token events written (a client that leaves early stops
//                    its stream, so this counts what was really sent).
//   anything else    404.
// SIGTERM/SIGINT end every stream (without [DONE]) and exit 0.
import http from 'node:http';

function option(name, fallback) {
  const i = process.argv.indexOf(`--${name}`);
  if (i < 0) return fallback;
  const value = Number(process.argv[i + 1]);
  if (!Number.isInteger(value) || value < 0) {
    process.stderr.write(`--${name}: expected an integer >= 0\n`);
    process.exit(2);
  }
  return value;
}
const port = option('port', 0);
const defaultTokens = option('tokens', 20);
const intervalMs = option('interval-ms', 20);

const stats = { streams: 0, completed: 0, tokensSent: 0 };
const active = new Set(); // responses still streaming

function json(res, status, object, headers = {}) {
  res.writeHead(status, { 'Content-Type': 'application/json', 'Cache-Control': 'no-store', ...headers });
  res.end(JSON.stringify(object));
}

function stream(req, res) {
  let body = '';
  req.setEncoding('utf8');
  req.on('data', (chunk) => (body += chunk));
  req.on('end', () => {
    let request;
    try {
      request = JSON.parse(body);
      if (typeof request !== 'object' || request === null) throw new Error('not an object');
    } catch {
      return json(res, 400, { error: 'invalid JSON' });
    }
    const count = Number.isInteger(request.tokens) && request.tokens >= 0 ? request.tokens : defaultTokens;

    res.writeHead(200, { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-cache' });
    res.flushHeaders(); // the client sees 200 before the first token
    ++stats.streams;
    active.add(res);

    let index = 0;
    const timer = setInterval(() => {
      if (res.writableEnded) return clearInterval(timer); // ended by stop()
      if (index < count) {
        res.write(`data: ${JSON.stringify({ index, token: `tok${index}` })}\n\n`);
        ++index;
        ++stats.tokensSent;
        return;
      }
      clearInterval(timer);
      res.end('data: [DONE]\n\n');
      ++stats.completed;
    }, intervalMs);
    // The client went away (or we are shutting down): stop generating.
    res.on('close', () => {
      clearInterval(timer);
      active.delete(res);
    });
  });
}

const server = http.createServer((req, res) => {
  const { pathname } = new URL(req.url, 'http://x');
  if (pathname === '/v1/stream') {
    if (req.method === 'POST') return stream(req, res);
    return json(res, 405, { error: 'method not allowed' }, { Allow: 'POST' });
  }
  if (req.method === 'GET' && pathname === '/stats') return json(res, 200, stats);
  json(res, 404, { error: 'not found' });
});

server.listen(port, '127.0.0.1', () => {
  process.stdout.write(JSON.stringify({ port: server.address().port }) + '\n');
});

let stopping = false;
function stop() {
  if (stopping) return;
  stopping = true;
  for (const res of active) res.end();
  server.close(() => process.exit(0));
  server.closeIdleConnections();
  setTimeout(() => process.exit(0), 2000).unref();
}
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
