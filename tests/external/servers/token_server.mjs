// A token-checking WebSocket server built on the `ws` package, for integration tests that check
// SocketScope's auth, subprotocol, ping and heartbeat handling against a server it did not write.
//   node token_server.mjs [--port 0] [--token secret] [--ping-ms 1000] [--heartbeat-ms 1000]
//                         [--protocols chat.v1]
// Listens on 127.0.0.1 (port 0: any free port); the first stdout line is {"port":N}.
//
// Any path is accepted. The upgrade always succeeds (as in the tutorials that check the token in
// the connection handler); then a connection whose `?token=` is missing or not --token is closed
// at once with 4001 "Unauthorized". An authorized connection gets
//   - a WebSocket ping every --ping-ms (0: never),
//   - a text message {"type":"heartbeat","ts":<Date.now()>} every --heartbeat-ms (0: never),
//   - each of its messages echoed back unchanged (same bytes, same text/binary type).
// Subprotocols: when the client offers some, the first of --protocols (comma-separated) that the
// client offered is chosen, else none (the handshake still succeeds, without the header).
//
//   GET /stats  {"accepted","rejected","received","echoed","subprotocols":{name:n},"pings",
//               "heartbeats"}
//               accepted/rejected: connections with a right/wrong-or-missing token; received:
//               messages from authorized clients; echoed/pings/heartbeats: one per ws.send or
//               ws.ping; subprotocols: protocols chosen in handshakes (rejected ones included,
//               since the choice is made before the token is looked at).
// SIGTERM/SIGINT close each connection with 1001 and exit 0.
import http from 'node:http';
import { WebSocketServer, WebSocket } from 'ws';
import { parseFlags, listen, serveStats, shutdownOnSignals } from './serverkit.mjs';

const { port, token, pingMs, heartbeatMs, protocols: protocolList } = parseFlags({
  port: 0, token: 'secret', 'ping-ms': 1000, 'heartbeat-ms': 1000, protocols: 'chat.v1',
});
const protocols = protocolList.split(',').map((p) => p.trim()).filter(Boolean); // by preference

const stats = { accepted: 0, rejected: 0, received: 0, echoed: 0, subprotocols: {}, pings: 0, heartbeats: 0 };

const server = http.createServer(serveStats(stats));

const wss = new WebSocketServer({
  server,
  // `offered` is a Set of what the client sent in Sec-WebSocket-Protocol; false means "none".
  // Only called when the client offered at least one.
  handleProtocols: (offered) => protocols.find((p) => offered.has(p)) ?? false,
});

wss.on('connection', (ws, req) => {
  if (ws.protocol) stats.subprotocols[ws.protocol] = (stats.subprotocols[ws.protocol] ?? 0) + 1;
  ws.on('error', () => {}); // a client resetting its connection is not the server's failure

  if (new URL(req.url, 'http://x').searchParams.get('token') !== token) {
    ++stats.rejected;
    ws.close(4001, 'Unauthorized');
    return;
  }
  ++stats.accepted;

  const timers = [];
  if (pingMs > 0) {
    timers.push(setInterval(() => {
      if (ws.readyState !== WebSocket.OPEN) return;
      ws.ping();
      ++stats.pings;
    }, pingMs));
  }
  if (heartbeatMs > 0) {
    timers.push(setInterval(() => {
      if (ws.readyState !== WebSocket.OPEN) return;
      ws.send(JSON.stringify({ type: 'heartbeat', ts: Date.now() }));
      ++stats.heartbeats;
    }, heartbeatMs));
  }
  ws.on('close', () => timers.forEach(clearInterval));

  ws.on('message', (data, isBinary) => {
    ++stats.received;
    if (ws.readyState !== WebSocket.OPEN) return;
    ws.send(data, { binary: isBinary });
    ++stats.echoed;
  });
});

listen(server, port);
shutdownOnSignals(server, { wss });
