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
import { parseFlags, listen, serveStats, shutdownOnSignals } from './serverkit.mjs';

const { port, dupEvery } = parseFlags({ port: 0, 'dup-every': 5 });

const stats = { connections: 0, received: 0, delivered: 0, duplicated: 0 };

const server = http.createServer(serveStats(stats));
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

listen(server, port);
shutdownOnSignals(server, { wss });
