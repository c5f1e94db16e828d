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
import { parseFlags, listen, serveStats, shutdownOnSignals } from './serverkit.mjs';

const { port, dropEvery, blackhole, stopAfter } = parseFlags({
  port: 0, 'drop-every': 0, blackhole: 0, 'stop-after': 0,
});

const stats = {
  connections: 0, received: 0, attempted: 0, delivered: 0,
  dropped: 0, droppedEvery: 0, droppedBlackhole: 0, droppedTail: 0,
};
let blackholed = null; // the socket that never receives

const server = http.createServer(serveStats(stats));
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

listen(server, port);
shutdownOnSignals(server, { wss });
