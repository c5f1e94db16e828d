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
import { parseFlags, listen, serveStats, shutdownOnSignals } from './serverkit.mjs';

const { port } = parseFlags({ port: 0 });

const stats = { connections: 0, received: 0, delivered: 0, invalid: 0 };

// One port for both: plain HTTP requests go to this handler, upgrades to the WebSocketServer.
const server = http.createServer(serveStats(stats));
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

listen(server, port);
shutdownOnSignals(server, { wss });
