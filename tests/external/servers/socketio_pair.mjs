// Two socket.io chat servers behind a round-robin proxy WITHOUT sticky sessions, for tests that
// check SocketScope reports the classic Socket.IO deployment mistake the way a browser hits it.
//   node socketio_pair.mjs [--port 0] [any flag of socketio_chat.mjs, given to both instances]
// Listens on 127.0.0.1 (port 0: any free port); the first stdout line is {"port":N}, the PROXY's
// port. The two instances (socketio_chat.mjs's createSocketIoChat, in this process) listen on
// their own free loopback ports.
//
// The proxy (node's http + net, no proxy package) sends each HTTP request and each WebSocket
// upgrade to the next instance in turn (A, B, A, ...; one counter for both). Engine.IO's polling
// transport keeps its session in the instance that did the handshake, so the next polling request
// (which reaches the other one) is answered 400 {"code":1,"message":"Session ID unknown"}; a
// client with transports ['websocket'] (one upgrade, one instance) works. The instances do not
// share rooms: a chat is broadcast only to the clients of the instance that received it.
//
//   GET /stats  answered by the proxy itself (never forwarded):
//               {"proxy":{"requests","upgrades","toInstance":[a,b],"errors"},
//                "instances":[<stats of A>,<stats of B>]} (the counters of socketio_chat.mjs)
// SIGTERM/SIGINT close both instances and the proxy, exit 0.
import http from 'node:http';
import net from 'node:net';
import { parseFlags, listen, sendJson } from './serverkit.mjs';
import { createSocketIoChat, exitOnSignals, flagSpec } from './socketio_chat.mjs';

const options = parseFlags(flagSpec);
const instances = [createSocketIoChat(options), createSocketIoChat(options)];
const ports = [];
const proxyStats = { requests: 0, upgrades: 0, toInstance: [0, 0], errors: 0 };
let turn = 0;
const nextPort = () => {
  const i = turn++ % instances.length;
  ++proxyStats.toInstance[i];
  return ports[i];
};

const tunnels = new Set(); // proxied upgrades: client socket -> instance socket, both ways

const proxy = http.createServer((req, res) => {
  if (req.method === 'GET' && new URL(req.url, 'http://x').pathname === '/stats')
    return sendJson(res, 200, { proxy: proxyStats, instances: instances.map((i) => i.stats) });
  ++proxyStats.requests;
  const upstream = http.request(
    { host: '127.0.0.1', port: nextPort(), method: req.method, path: req.url, headers: req.headers },
    (answer) => {
      res.writeHead(answer.statusCode, answer.statusMessage, answer.rawHeaders);
      answer.pipe(res);
    });
  upstream.on('error', () => {
    ++proxyStats.errors;
    if (!res.headersSent) res.writeHead(502, { 'Content-Type': 'text/plain' });
    res.end('bad gateway\n');
  });
  req.pipe(upstream);
});

// An upgrade is passed on as raw bytes: the request head as received, then whatever follows.
proxy.on('upgrade', (req, socket, head) => {
  ++proxyStats.upgrades;
  const upstream = net.connect(nextPort(), '127.0.0.1', () => {
    let lines = `${req.method} ${req.url} HTTP/${req.httpVersion}\r\n`;
    for (let i = 0; i < req.rawHeaders.length; i += 2)
      lines += `${req.rawHeaders[i]}: ${req.rawHeaders[i + 1]}\r\n`;
    upstream.write(lines + '\r\n');
    if (head.length) upstream.write(head);
    socket.pipe(upstream).pipe(socket);
  });
  const pair = [socket, upstream];
  tunnels.add(pair);
  const end = () => {
    tunnels.delete(pair);
    socket.destroy();
    upstream.destroy();
  };
  upstream.on('error', () => { ++proxyStats.errors; end(); });
  socket.on('error', end);
  upstream.on('close', end);
  socket.on('close', end);
});

let listening = 0;
for (const [i, instance] of instances.entries()) {
  instance.server.listen(0, '127.0.0.1', () => {
    ports[i] = instance.server.address().port;
    if (++listening === instances.length) listen(proxy, options.port);
  });
}

const stopProxy = (done) => {
  for (const [a, b] of tunnels) { a.destroy(); b.destroy(); }
  proxy.close(() => done());
  proxy.closeAllConnections();
};
exitOnSignals([...instances.map((i) => i.stop), stopProxy]);
