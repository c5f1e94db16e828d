// A broadcast relay built on the `ws` package that sends some messages twice, for integration
// tests that check SocketScope's duplicate detection against the server's own count.
//   node dup_relay.mjs [--port 0] [--dup-every 5]
// Listens on 127.0.0.1 (port 0: any free port); the first stdout line is {"port":N}.
//
// Any path is accepted. Each message is forwarded unchanged (same bytes, same text/binary type)
// to every OTHER open client, in the order the clients connected. Deliveries are numbered 1, 2,
// ... across the whole server, and delivery K, 2K, 3K, ... (--dup-every K, 0: never) is sent
// twice in a row to its client.
//
//   GET /stats  {"connections","received","delivered","duplicated"}
//               delivered: first copies (one per delivery); duplicated: extra copies, so the
//               clients together received delivered + duplicated messages.
// SIGTERM/SIGINT close each connection with 1001 and exit 0.
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
const dupEvery = option('dup-every', 5);

const stats = { connections: 0, received: 0, delivered: 0, duplicated: 0 };

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
    for (const peer of wss.clients) {
      if (peer === ws || peer.readyState !== WebSocket.OPEN) continue;
      peer.send(data, { binary: isBinary });
      ++stats.delivered;
      if (dupEvery > 0 && stats.delivered % dupEvery === 0) {
        peer.send(data, { binary: isBinary }); // the same frame again, as a buggy retry would
        ++stats.duplicated;
      }
    }
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
