// A Socket.IO v4 chat built on the `socket.io` package (its Server, Engine.IO v4 underneath), for
// integration tests that check SocketScope's "protocol": "socketio" clients against the
// reference implementation.
//   node socketio_chat.mjs [--port 0] [--drop-every 0] [--echo-delay-ms 0] [--binary-bytes 1024]
//                          [--token letmein] [--transports polling,websocket]
//                          [--ping-interval-ms 25000] [--ping-timeout-ms 20000] [--upgrade-timeout-ms 10000]
//                          [--keep-alive-timeout-ms 5000]
// Listens on 127.0.0.1 (port 0: any free port); the first stdout line is {"port":N}.
// The Engine.IO path is socket.io's default, /socket.io/ (the browser client is served at
// /socket.io/socket.io.js); CORS allows any origin, so a page served elsewhere can poll it.
//
// Namespaces `/` and `/secure` (same events). `/secure` has a middleware: the CONNECT packet's
// auth.token (socket.handshake.auth.token) must equal --token, else the client gets CONNECT_ERROR
// {"message":"invalid token"}.
// Events a client may emit:
//   join ROOM [ack]  the socket joins ROOM; ack({"room":ROOM}) and emit('joined', {"room":ROOM}).
//   chat ...ARGS     one broadcast of 'chat' with the same args to the socket's rooms, the sender
//                    included (io.to(rooms).emit); a socket that joined no room broadcasts to the
//                    whole namespace. --drop-every N (0: off): the N-th, 2N-th, ... chat received
//                    (counted across the whole server) is not broadcast.
//   echo ...ARGS ack ack(...ARGS) after --echo-delay-ms; without an ack, emit('echo', ...ARGS).
//   bin [ack]        emit('binary', <Buffer of --binary-bytes bytes, byte i = i % 256>, {"n":k}),
//                    k = 1, 2, ... across the server; ack({"n":k}) when asked for one.
// --upgrade-timeout-ms: its upgradeTimeout (a probed WebSocket not upgraded by then is closed).
// --keep-alive-timeout-ms: the http server's keepAliveTimeout (an idle keep-alive connection is
// closed after it; Node's default is 5000).
// --transports: the Server's `transports` option (comma-separated, e.g. "websocket" or
// "polling"); --ping-interval-ms / --ping-timeout-ms: its pingInterval / pingTimeout.
//
//   GET /stats  {"connections":{NS:{"current","total"}},"connectErrors","chats","broadcasts",
//               "delivered","dropped","droppedMessages":[{"from","seq"}],"echoes","binary","joins"}
//               chats: chat events received; broadcasts: chats broadcast (chats = broadcasts +
//               dropped); delivered: sockets each broadcast went to, summed; droppedMessages: the
//               dropped chats whose first arg has `from` and `seq` (the first 10000);
//               connectErrors: connections refused by /secure's middleware.
// SIGTERM/SIGINT disconnect every client and exit 0.
//
// socketio_pair.mjs imports createSocketIoChat() to run two of these in one process.
import http from 'node:http';
import { pathToFileURL } from 'node:url';
import { Server } from 'socket.io';
import { parseFlags, listen, serveStats } from './serverkit.mjs';

export const flagSpec = {
  port: 0, 'drop-every': 0, 'echo-delay-ms': 0, 'binary-bytes': 1024, token: 'letmein',
  transports: 'polling,websocket', 'ping-interval-ms': 25000, 'ping-timeout-ms': 20000,
  'upgrade-timeout-ms': 10000, 'keep-alive-timeout-ms': 5000,
};

const MAX_DROPPED_LISTED = 10000;

// One chat server: a node http server answering GET /stats, with a socket.io Server attached
// (Engine.IO takes /socket.io/ and passes every other request on to the stats handler).
// `options` are parseFlags(flagSpec) values. Returns { server, io, stats, stop }; not listening yet.
export function createSocketIoChat(options) {
  const stats = {
    connections: { '/': { current: 0, total: 0 }, '/secure': { current: 0, total: 0 } },
    connectErrors: 0, joins: 0, chats: 0, broadcasts: 0, delivered: 0, dropped: 0,
    droppedMessages: [], echoes: 0, binary: 0,
  };
  const server = http.createServer(serveStats(stats));
  server.keepAliveTimeout = options.keepAliveTimeoutMs;
  const io = new Server(server, {
    transports: options.transports.split(',').map((t) => t.trim()).filter(Boolean),
    pingInterval: options.pingIntervalMs,
    pingTimeout: options.pingTimeoutMs,
    upgradeTimeout: options.upgradeTimeoutMs,
    cors: { origin: true },
  });
  const payload = Buffer.alloc(options.binaryBytes);
  for (let i = 0; i < payload.length; ++i) payload[i] = i % 256;
  let binaryCount = 0;

  const secure = io.of('/secure');
  secure.use((socket, next) => {
    if (socket.handshake.auth?.token === options.token) return next();
    ++stats.connectErrors;
    next(new Error('invalid token'));
  });

  for (const nsp of [io.of('/'), secure]) {
    const counters = stats.connections[nsp.name];
    nsp.on('connection', (socket) => {
      ++counters.current;
      ++counters.total;
      socket.on('disconnect', () => --counters.current);

      socket.on('join', (room, ack) => {
        room = String(room);
        socket.join(room);
        ++stats.joins;
        if (typeof ack === 'function') ack({ room });
        socket.emit('joined', { room });
      });

      socket.on('chat', (...args) => {
        if (typeof args.at(-1) === 'function') args.pop(); // an ack is not part of the message
        ++stats.chats;
        if (options.dropEvery > 0 && stats.chats % options.dropEvery === 0) {
          ++stats.dropped;
          const first = args[0];
          if (first && typeof first === 'object' && 'from' in first && 'seq' in first &&
              stats.droppedMessages.length < MAX_DROPPED_LISTED)
            stats.droppedMessages.push({ from: first.from, seq: first.seq });
          return;
        }
        const rooms = [...socket.rooms].filter((r) => r !== socket.id);
        ++stats.broadcasts;
        if (rooms.length === 0) {
          stats.delivered += nsp.sockets.size;
          nsp.emit('chat', ...args);
        } else {
          const recipients = new Set();
          for (const room of rooms)
            for (const id of nsp.adapter.rooms.get(room) ?? []) recipients.add(id);
          stats.delivered += recipients.size;
          nsp.to(rooms).emit('chat', ...args);
        }
      });

      socket.on('echo', (...args) => {
        const ack = typeof args.at(-1) === 'function' ? args.pop() : null;
        ++stats.echoes;
        const answer = () => (ack ? ack(...args) : socket.emit('echo', ...args));
        if (options.echoDelayMs > 0) setTimeout(answer, options.echoDelayMs);
        else answer();
      });

      socket.on('bin', (...args) => {
        const ack = typeof args.at(-1) === 'function' ? args.pop() : null;
        const n = ++binaryCount;
        ++stats.binary;
        socket.emit('binary', payload, { n });
        if (ack) ack({ n });
      });
    });
  }

  // Disconnects every client (a socket.io DISCONNECT packet, then the transport closes) and
  // closes the http server; `done` when it has closed.
  const stop = (done) => {
    io.close(() => done?.());
    server.closeAllConnections();
  };
  return { server, io, stats, stop };
}

// SIGTERM/SIGINT: `stop(done)` for each of `stoppers`, exit 0 when all are done, 2 s at the latest.
export function exitOnSignals(stoppers) {
  let stopping = false;
  const handler = () => {
    if (stopping) return;
    stopping = true;
    let pending = stoppers.length;
    for (const stop of stoppers) stop(() => { if (--pending === 0) process.exit(0); });
    setTimeout(() => process.exit(0), 2000).unref();
  };
  process.on('SIGTERM', handler);
  process.on('SIGINT', handler);
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  const options = parseFlags(flagSpec);
  const chat = createSocketIoChat(options);
  listen(chat.server, options.port);
  exitOnSignals([chat.stop]);
}
