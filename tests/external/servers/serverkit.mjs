// What the tutorial-style test servers here share and none of them is about: reading their
// `--name value` flags, listening and saying on which port, answering GET /stats, and stopping
// cleanly. Each server keeps only its protocol behaviour and its counters. The tests that start
// them (tests/e2e/runsupport.cpp) rely on this contract, so change it for all of them or none:
//   - the first stdout line is {"port":N};
//   - a flag that wants a number and gets something else exits 2, with a line on stderr;
//   - SIGTERM/SIGINT exit 0, within 2 s at the latest.

// `spec` maps each flag, spelt as on the command line without `--`, to its default; the default's
// type is the flag's type. A number flag takes an integer >= 0 (all the servers need: ports,
// intervals, counts, 0 meaning "off"); a string flag takes the next argument as it is. Flags are
// checked in the order of `spec`. Returns the values under camelCase names:
//   const { port, dropEvery } = parseFlags({ port: 0, 'drop-every': 0 });
export function parseFlags(spec) {
  const values = {};
  for (const [name, fallback] of Object.entries(spec)) {
    const key = name.replace(/-(\w)/g, (_, c) => c.toUpperCase());
    values[key] = flag(name, fallback);
  }
  return values;
}

function flag(name, fallback) {
  const i = process.argv.indexOf(`--${name}`);
  if (i < 0) return fallback;
  if (typeof fallback === 'string') return process.argv[i + 1] ?? '';
  const value = Number(process.argv[i + 1]);
  if (!Number.isInteger(value) || value < 0) {
    process.stderr.write(`--${name}: expected an integer >= 0\n`);
    process.exit(2);
  }
  return value;
}

// Loopback only, and port 0 lets the system pick a free one, so tests running side by side never
// collide; whoever started the server learns the port from the first stdout line.
export function listen(server, port) {
  server.listen(port, '127.0.0.1', () => {
    process.stdout.write(JSON.stringify({ port: server.address().port }) + '\n');
  });
  return server;
}

// no-store: a test polls /stats and must never see an earlier answer.
export function sendJson(res, status, body, headers = {}) {
  res.writeHead(status, { 'Content-Type': 'application/json', 'Cache-Control': 'no-store', ...headers });
  res.end(JSON.stringify(body));
}

// The plain-HTTP side of a WebSocket server: GET /stats answers the counters, anything else 404.
// WebSocket upgrades never reach a request listener, so the one port serves both.
//   const server = http.createServer(serveStats(stats));
export function serveStats(stats) {
  return (req, res) => {
    if (req.method === 'GET' && new URL(req.url, 'http://x').pathname === '/stats') {
      return sendJson(res, 200, stats);
    }
    res.writeHead(404, { 'Content-Type': 'text/plain' });
    res.end('not found\n');
  };
}

// Collects a request body and parses it as a JSON object, the only body the POST endpoints here
// take; `callback` gets null when the body is not JSON or not an object (a number, a string, null).
export function readJsonObject(req, callback) {
  let body = '';
  req.setEncoding('utf8');
  req.on('data', (chunk) => (body += chunk));
  req.on('end', () => {
    let object = null;
    try {
      object = JSON.parse(body);
    } catch {}
    callback(typeof object === 'object' && object !== null ? object : null);
  });
}

// SIGTERM (the tests) and SIGINT (Ctrl-C) stop the server cleanly, then exit 0: each WebSocket
// client of `wss` gets 1001 "Going Away", each response in `streams` (open SSE streams) is ended,
// and idle keep-alive connections (a /stats poll) are closed, since server.close() waits for
// every connection. A client that never finishes its close handshake gets 2 s.
export function shutdownOnSignals(server, { wss, streams } = {}) {
  let stopping = false;
  const stop = () => {
    if (stopping) return;
    stopping = true;
    if (wss) {
      for (const client of wss.clients) client.close(1001, 'Going Away');
      wss.close();
    }
    if (streams) for (const res of streams) res.end(); // the terminating zero-length chunk
    server.close(() => process.exit(0));
    server.closeIdleConnections();
    setTimeout(() => process.exit(0), 2000).unref();
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}
