// A broadcast relay built on the `ws` package that loses a known set of messages, for
// integration tests that check SocketScope's loss accounting against the server's own.
//   node lossy_relay.mjs [--port 0] [--drop-every 0] [--blackhole 0] [--stop-after 0]
// Listens on 127.0.0.1 (port 0: any free port); the first stdout line is {"port":N}.
//
// Any path is accepted. Each message is forwarded unchanged (same bytes, same text/binary type)
// to every OTHER open client, in the order the clients connected. Each such forward is one
// delivery attempt, and attempts are numbered 1, 2, ... across the whole server. An attempt is
// dropped (not sent) for the first of these reasons that applies:
//   --stop-after M  (0: off) the message is the (M+1)-th or later received in total: the tail
//                   of a run is lost;
//   --blackhole N   (0: off) the target is the N-th accepted connection (1-based): it never
//                   receives anything (its own messages are still relayed);
//   --drop-every K  (0: off) the attempt number is K, 2K, 3K, ...
//
//   GET /stats  {"connections","received","attempted","delivered","dropped","droppedEvery",
//               "droppedBlackhole","droppedTail"}
//               attempted = delivered + dropped; dropped = droppedTail + droppedBlackhole +
//               droppedEvery; delivered: one per ws.send.
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
const dropEvery = option('drop-every', 0);
const blackhole = option('blackhole', 0);
const stopAfter = option('stop-after', 0);

const stats = {
  connections: 0, received: 0, attempted: 0, delivered: 0,
  dropped: 0, droppedEvery: 0, droppedBlackhole: 0, droppedTail: 0,
};
let blackholed = null; // the socket that never receives

const server = http.createServer((req, res) => {
  if (req.method === 'GET' && new URL(req.url, 'http://x').pathname === '/stats') {
    res.writeHead(200, { 'Content-Type': 'application/json', 'Cache-Control': 'no-store' });
    return res.end(JSON.stringify(stats));
  }
  res.writeHead(404, { 'Content-Type': 'text/plain' });
  res.end('not found\n');
});
const wss = new WebSocketServer({ server });

// Why an attempt is dropped, or null to send it. The order is the precedence.
function dropReason(messageNumber, attemptNumber, target) {
  if (stopAfter > 0 && messageNumber > stopAfter) return 'droppedTail';
  if (target === blackholed) return 'droppedBlackhole';
  if (dropEvery > 0 && attemptNumber % dropEvery === 0) return 'droppedEvery';
  return null;
}

wss.on('connection', (ws) => {
  if (++stats.connections === blackhole) blackholed = ws;
  ws.on('message', (data, isBinary) => {
    const messageNumber = ++stats.received;
    for (const peer of wss.clients) {
      if (peer === ws || peer.readyState !== WebSocket.OPEN) continue;
      const reason = dropReason(messageNumber, ++stats.attempted, peer);
      if (reason) {
        ++stats[reason];
        ++stats.dropped;
      } else {
        peer.send(data, { binary: isBinary });
        ++stats.delivered;
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
