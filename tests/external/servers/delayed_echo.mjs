// A slow WebSocket echo server built on the `ws` package, for integration tests that check
// SocketScope's round-trip latency numbers against a known server-side delay.
//   node delayed_echo.mjs [--port 0] [--delay-ms 50]
// Listens on 127.0.0.1 (port 0: any free port); the first stdout line is {"port":N}.
//
// Any path is accepted. Each message is sent back to its sender unchanged (same bytes, same
// text/binary type) --delay-ms after it arrived (setTimeout, so at least that long); if the
// sender has gone by then, the echo is skipped.
//
//   GET /stats  {"connections","received","echoed"}
//               echoed: one per ws.send, so received - echoed echoes were skipped or are pending.
// SIGTERM/SIGINT close each connection with 1001 (pending echoes are dropped) and exit 0.
import http from 'node:http';
import { WebSocketServer, WebSocket } from 'ws';

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
const delayMs = option('delay-ms', 50);

const stats = { connections: 0, received: 0, echoed: 0 };

const server = http.createServer((req, res) => {
  if (req.method === 'GET' && new URL(req.url, 'http://x').pathname === '/stats') {
    res.writeHead(200, { 'Content-Type': 'application/json', 'Cache-Control': 'no-store' });
    return res.end(JSON.stringify(stats));
  }
  res.writeHead(404, { 'Content-Type': 'text/plain' });
  res.end('not found\n');
});
const wss = new WebSocketServer({ server });

wss.on('connection', (ws) => {
  ++stats.connections;
  ws.on('message', (data, isBinary) => {
    ++stats.received;
    setTimeout(() => {
      if (ws.readyState !== WebSocket.OPEN) return;
      ws.send(data, { binary: isBinary });
      ++stats.echoed;
    }, delayMs);
  });
  ws.on('error', () => {}); // a client resetting its connection is not the server's failure
});

server.listen(port, '127.0.0.1', () => {
  process.stdout.write(JSON.stringify({ port: server.address().port }) + '\n');
});

let stopping = false;
function stop() {
  if (stopping) return;
  stopping = true;
  for (const client of wss.clients) client.close(1001, 'Going Away');
  wss.close();
  // Waits for the close handshakes; idle keep-alive /stats connections would hold it open.
  server.close(() => process.exit(0));
  server.closeIdleConnections();
  setTimeout(() => process.exit(0), 2000).unref();
}
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
