// A "first message must authenticate" WebSocket server built on the `ws` package, for
// integration tests that check SocketScope's login-then-talk scenarios against a server it did
// not write.
//   node auth_first_server.mjs [--port 0] [--token secret] [--user alice] [--auth-timeout-ms 3000]
// Listens on 127.0.0.1 (port 0: any free port); the first stdout line is {"port":N}.
//
// Any path is accepted. The first message must be {"type":"auth","token":T} with T == --token,
// within --auth-timeout-ms of the upgrade; otherwise the server closes with
//   4001 "bad token"      the first message is an auth message with another token (or none),
//   4001 "auth required"  the first message is not JSON, not an object, not type "auth", or
//                         nothing arrived in time.
// On success it answers {"type":"auth.ok","user":U}, U being the token's owner (--user), and from
// then on relays each message (same bytes, same text/binary type) to every other authenticated
// open client. Clients that have not authenticated yet receive nothing.
//
//   GET /stats  {"accepted","authenticated","rejected","received","delivered"}
//               accepted: upgrades; authenticated: successful auth messages; rejected: 4001
//               closes; received: messages after auth (the auth message itself is not counted);
//               delivered: one per relayed ws.send (auth.ok replies are not counted).
// SIGTERM/SIGINT close each connection with 1001 and exit 0.
import http from 'node:http';
import { WebSocketServer, WebSocket } from 'ws';
import { parseFlags, listen, serveStats, shutdownOnSignals } from './serverkit.mjs';

const { port, token, user, authTimeoutMs } = parseFlags({
  port: 0, token: 'secret', user: 'alice', 'auth-timeout-ms': 3000,
});
const users = { [token]: user }; // token -> owner

const stats = { accepted: 0, authenticated: 0, rejected: 0, received: 0, delivered: 0 };
const authed = new Set(); // sockets that passed auth

const server = http.createServer(serveStats(stats));
const wss = new WebSocketServer({ server });

wss.on('connection', (ws) => {
  ++stats.accepted;
  let state = 'waiting'; // -> 'authed' | 'rejected'

  const reject = (reason) => {
    state = 'rejected';
    clearTimeout(timer);
    ++stats.rejected;
    ws.close(4001, reason);
  };
  const timer = setTimeout(() => reject('auth required'), authTimeoutMs);

  ws.on('message', (data, isBinary) => {
    if (state === 'rejected') return; // frames already in flight behind our close
    if (state === 'waiting') {
      let msg = null;
      try {
        if (!isBinary) msg = JSON.parse(data.toString());
      } catch {}
      if (msg === null || typeof msg !== 'object' || msg.type !== 'auth') return reject('auth required');
      if (typeof msg.token !== 'string' || !Object.hasOwn(users, msg.token)) return reject('bad token');
      state = 'authed';
      clearTimeout(timer);
      authed.add(ws);
      ++stats.authenticated;
      ws.send(JSON.stringify({ type: 'auth.ok', user: users[msg.token] }));
      return;
    }
    ++stats.received;
    for (const peer of authed) {
      if (peer !== ws && peer.readyState === WebSocket.OPEN) {
        peer.send(data, { binary: isBinary });
        ++stats.delivered;
      }
    }
  });
  ws.on('close', () => {
    clearTimeout(timer);
    authed.delete(ws);
  });
  ws.on('error', () => {}); // a client resetting its connection is not the server's failure
});

listen(server, port);
shutdownOnSignals(server, { wss });
