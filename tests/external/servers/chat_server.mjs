// A WebSocket chat server written the way most `ws` tutorials write one, for integration tests
// that check SocketScope's chat scenarios against a server it did not write.
//   node chat_server.mjs [--port 0]
// Listens on 127.0.0.1 (port 0: any free port); the first stdout line is {"port":N}.
//
// Any path is accepted for the upgrade. Each text message is parsed as JSON and, like the
// tutorials, rebuilt from `user` and `text` only (every other field is dropped, a missing one is
// left out), then broadcast to every open client, the sender included:
//   {"type":"message","user":U,"text":T,"timestamp":<Date.now()>}
// A message that is not a JSON object (or is binary) is not broadcast: it counts as `invalid`.
//
//   GET /stats  {"connections","received","delivered","invalid"}
//               connections: upgrades accepted; received: messages of any kind; delivered: one per
//               ws.send of a broadcast; invalid: messages dropped because they were not JSON.
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

const stats = { connections: 0, received: 0, delivered: 0, invalid: 0 };

// One port for both: plain HTTP requests go to this handler, upgrades to the WebSocketServer.
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
    let msg;
    try {
      if (isBinary) throw new Error('binary');
      msg = JSON.parse(data.toString());
      if (typeof msg !== 'object' || msg === null) throw new Error('not an object');
    } catch {
      ++stats.invalid; // a tutorial would just `return` here
      return;
    }
    // Rebuilt, not forwarded: the server decides what a chat message contains.
    const out = JSON.stringify({ type: 'message', user: msg.user, text: msg.text, timestamp: Date.now() });
    for (const client of wss.clients) {
      if (client.readyState === WebSocket.OPEN) {
        client.send(out);
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
