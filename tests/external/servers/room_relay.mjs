// A WebSocket room relay built on the `ws` package, for integration tests that check
// SocketScope's room scenarios and its connect URLs against a server it did not write.
//   node room_relay.mjs [--port 0]
// Listens on 127.0.0.1 (port 0: any free port); the first stdout line is {"port":N}.
//
// Any path is accepted; the room comes from the query, `?room=ID` (missing or empty: "lobby").
// Each message is forwarded unchanged (same bytes, same text/binary type) to every other open
// client in the same room, never back to the sender.
//
//   GET /stats  {"connections","received","delivered","rooms":{ID:n},"lastUrl"}
//               delivered: one per ws.send; rooms: how many connections ever joined each room;
//               lastUrl: the raw request target of the last upgrade request (req.url, before any
//               parsing), so a test can check the URL went out byte for byte.
// SIGTERM/SIGINT close each connection with 1001 and exit 0.
import http from 'node:http';
import { WebSocketServer, WebSocket } from 'ws';
import { parseFlags, listen, serveStats, shutdownOnSignals } from './serverkit.mjs';

const { port } = parseFlags({ port: 0 });

const stats = { connections: 0, received: 0, delivered: 0, rooms: {}, lastUrl: null };
const rooms = new Map(); // room id -> Set of sockets currently in it

const server = http.createServer(serveStats(stats));

// noServer + our own 'upgrade' listener: the raw req.url is recorded before ws sees it, even for
// a handshake ws then refuses.
const wss = new WebSocketServer({ noServer: true });
server.on('upgrade', (req, socket, head) => {
  stats.lastUrl = req.url;
  wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req));
});

wss.on('connection', (ws, req) => {
  ++stats.connections;
  const room = new URL(req.url, 'http://x').searchParams.get('room') || 'lobby';
  if (!rooms.has(room)) rooms.set(room, new Set());
  const members = rooms.get(room);
  members.add(ws);
  stats.rooms[room] = (stats.rooms[room] ?? 0) + 1;

  ws.on('message', (data, isBinary) => {
    ++stats.received;
    for (const peer of members) {
      if (peer !== ws && peer.readyState === WebSocket.OPEN) {
        peer.send(data, { binary: isBinary });
        ++stats.delivered;
      }
    }
  });
  ws.on('close', () => {
    members.delete(ws);
    if (members.size === 0) rooms.delete(room);
  });
  ws.on('error', () => {}); // a client resetting its connection is not the server's failure
});

listen(server, port);
shutdownOnSignals(server, { wss });
