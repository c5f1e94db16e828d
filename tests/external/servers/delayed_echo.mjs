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
import { parseFlags, listen, serveStats, shutdownOnSignals } from './serverkit.mjs';

const { port, delayMs } = parseFlags({ port: 0, 'delay-ms': 50 });

const stats = { connections: 0, received: 0, echoed: 0 };

const server = http.createServer(serveStats(stats));
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

listen(server, port);
shutdownOnSignals(server, { wss });
