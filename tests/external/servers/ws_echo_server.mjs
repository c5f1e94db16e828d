// A WebSocket echo server built on the `ws` package, for integration tests that check
// SocketScope's WebSocket client against a server it did not write.
//   node ws_echo_server.mjs [--path /ws]
// Listens on 127.0.0.1, port 0; the first stdout line is {"port":N}. Every text message is sent
// back unchanged (as text), every binary message as binary. SIGTERM/SIGINT close each connection
// with 1001 "Going Away" and exit 0.
import { WebSocketServer } from 'ws';

const args = process.argv.slice(2);
const pathIndex = args.indexOf('--path');
const path = pathIndex >= 0 ? args[pathIndex + 1] : null; // null: any path

const wss = new WebSocketServer({
  host: '127.0.0.1',
  port: 0,
  // The default would accept messages up to 100 MiB; 1 MiB is plenty for tests.
  maxPayload: 1024 * 1024,
  verifyClient: path ? (info) => new URL(info.req.url, 'http://x').pathname === path : undefined,
});

wss.on('listening', () => {
  process.stdout.write(JSON.stringify({ port: wss.address().port }) + '\n');
});

wss.on('connection', (socket) => {
  socket.on('message', (data, isBinary) => {
    // `data` is a Buffer; sending it with the same binary flag returns the identical frame type
    // and payload bytes.
    socket.send(data, { binary: isBinary });
  });
  socket.on('error', () => {}); // a client resetting the connection is not the server's failure
});

let stopping = false;
function stop() {
  if (stopping) return;
  stopping = true;
  for (const client of wss.clients) client.close(1001, 'Going Away');
  // Give close handshakes a moment, then exit regardless.
  const timer = setTimeout(() => process.exit(0), 2000);
  wss.close(() => {
    clearTimeout(timer);
    process.exit(0);
  });
}
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
