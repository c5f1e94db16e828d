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
import { parseFlags, listen, sendJson, readJsonObject, shutdownOnSignals } from './serverkit.mjs';

const { port, tokens: defaultTokens, intervalMs } = parseFlags({ port: 0, tokens: 20, 'interval-ms': 20 });

const stats = { streams: 0, completed: 0, tokensSent: 0 };
const active = new Set(); // responses still streaming

function stream(req, res) {
  readJsonObject(req, (request) => {
    if (!request) return sendJson(res, 400, { error: 'invalid JSON' });
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
    return sendJson(res, 405, { error: 'method not allowed' }, { Allow: 'POST' });
  }
  if (req.method === 'GET' && pathname === '/stats') return sendJson(res, 200, stats);
  sendJson(res, 404, { error: 'not found' });
});

listen(server, port);
shutdownOnSignals(server, { streams: active });
