// Records a real browser's WebSocket session as a HAR file in Chrome DevTools' export format
// (entries with `_resourceType: "websocket"` and `_webSocketMessages`), for SocketScope's HAR
// import: headless Chromium opens a small page that talks to a test server, and
// lib/harrecorder.mjs turns the DevTools protocol's Network events into the HAR.
//
//   node tests/external/record_har.mjs --page ws|socketio|graphql-ws --server http://127.0.0.1:PORT
//        --out FILE.har [--messages 5] [--timeout-ms T] [--chromium PATH] [--events FILE.jsonl]
//
// The page is served by a static http server this script starts on 127.0.0.1 (port 0) and stops
// at the end; the page sets document.title to "done" when it has finished (or "error: ..."), and
// the recorder waits for that at most --timeout-ms (default 20000 + 200 ms per message), then
// closes Chromium and writes the HAR (2-space indented JSON, like DevTools).
// Pages (N = --messages):
//   ws          new WebSocket(<server as ws://>/); N text frames {"type":"msg","n":k}, 100 ms apart;
//               waits for N messages back (an echo server: servers/ws_echo_server.mjs) or 2 s after
//               the last send (servers/room_relay.mjs sends nothing back to a lone client); close 1000.
//   socketio    the socket.io browser client from <server>/socket.io/socket.io.js (transports:
//               polling, then the upgrade to WebSocket); emit join "lobby" (with an ack), then N
//               `chat` events {"from":0,"seq":k,"text":"hi"} 100 ms apart; waits for them to come
//               back (servers/socketio_chat.mjs broadcasts to the room, sender included) or 2 s;
//               disconnect.
//   graphql-ws  graphql-ws's UMD build (node_modules/graphql-ws/umd/graphql-ws.js, served here);
//               createClient({url: ws://<server>/graphql}), subscribe OnPost posted(room: "lobby"),
//               then N `post` mutations 100 ms apart; waits for the N posts (or 2 s); dispose.
//               Server: servers/graphql_server.mjs.
// --events FILE.jsonl also writes the raw Network/Page events, one JSON object a line.
// Exit 0 when the HAR is written; 1 on a timeout, a page error or a browser failure (message on
// stderr); 2 on bad arguments.
import http from 'node:http';
import { access, constants, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import WebSocket from 'ws';
import { launchChromium } from './lib/chromium.mjs';
import { recordPage } from './lib/harrecorder.mjs';
import { parseFlags } from './servers/serverkit.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const KINDS = ['ws', 'socketio', 'graphql-ws'];

const flags = parseFlags({
  page: '', server: '', out: '', messages: 5, 'timeout-ms': 0, chromium: '', events: '',
});
const usage = (message) => {
  process.stderr.write(`record_har: ${message}\n` +
    'usage: node record_har.mjs --page ws|socketio|graphql-ws --server http://127.0.0.1:PORT --out FILE.har ' +
    '[--messages 5] [--timeout-ms T] [--chromium PATH] [--events FILE.jsonl]\n');
  process.exit(2);
};
if (!KINDS.includes(flags.page)) usage(`--page must be one of ${KINDS.join(', ')}`);
if (!flags.out) usage('--out is required');
let server;
try {
  server = new URL(flags.server);
} catch {
  usage('--server must be a URL such as http://127.0.0.1:3000');
}
if (!['http:', 'https:', 'ws:', 'wss:'].includes(server.protocol)) usage('--server must be http(s):// or ws(s)://');
const origin = (scheme) => `${scheme}${server.protocol.endsWith('s:') ? 's' : ''}://${server.host}`;
const timeoutMs = flags.timeoutMs || 20000 + 200 * flags.messages;
const chromium = flags.chromium || process.env.CHROMIUM || '/usr/bin/chromium';

// What every page shares: wait helpers, and finish(title) with its counters in window.harResult.
const COMMON = `
  const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
  window.harResult = { sent: 0, received: 0 };
  let finished = false;
  function finish(title) {
    if (finished) return;
    finished = true;
    document.title = title;
  }
  // Resolves when check() is true, or after ms.
  async function until(check, ms) {
    const deadline = Date.now() + ms;
    while (!check() && Date.now() < deadline) await sleep(20);
  }
  window.addEventListener('error', (e) => finish('error: ' + e.message));
  window.addEventListener('unhandledrejection', (e) => finish('error: ' + (e.reason && e.reason.message || e.reason)));
`;

function page(kind, n) {
  const config = JSON.stringify({
    n,
    http: origin('http'),
    ws: origin('ws'),
    path: server.pathname === '/' ? '' : server.pathname.replace(/\/$/, ''),
  }).replace(/</g, '\\u003c');
  const head = `<!doctype html><html><head><meta charset="utf-8"><title>recording</title>`;
  if (kind === 'ws') {
    return `${head}</head><body><script>
const CONFIG = ${config};
${COMMON}
const ws = new WebSocket(CONFIG.ws + CONFIG.path + '/');
ws.onmessage = () => ++harResult.received;
ws.onerror = () => finish('error: the WebSocket failed');
ws.onclose = (e) => { harResult.close = e.code; finish(harResult.closing ? 'done' : 'error: closed ' + e.code); };
ws.onopen = async () => {
  for (let k = 1; k <= CONFIG.n; ++k) {
    ws.send(JSON.stringify({ type: 'msg', n: k }));
    ++harResult.sent;
    if (k < CONFIG.n) await sleep(100);
  }
  await until(() => harResult.received >= CONFIG.n, 2000);
  harResult.closing = true;
  ws.close(1000, 'done');
};
</script></body></html>`;
  }
  if (kind === 'socketio') {
    return `${head}
<script src="${origin('http')}/socket.io/socket.io.js"></script>
</head><body><script>
const CONFIG = ${config};
${COMMON}
if (typeof io === 'undefined') throw new Error('could not load ' + CONFIG.http + '/socket.io/socket.io.js');
const socket = io(CONFIG.http, { reconnection: false });
socket.on('connect_error', (e) => finish('error: connect_error ' + e.message));
socket.on('chat', () => ++harResult.received);
socket.once('connect', async () => {
  harResult.joined = await socket.timeout(5000).emitWithAck('join', 'lobby');
  for (let k = 1; k <= CONFIG.n; ++k) {
    socket.emit('chat', { from: 0, seq: k, text: 'hi' });
    ++harResult.sent;
    if (k < CONFIG.n) await sleep(100);
  }
  await until(() => harResult.received >= CONFIG.n, 2000);
  harResult.transport = socket.io.engine.transport.name;
  socket.disconnect();
  await sleep(200);
  finish('done');
});
</script></body></html>`;
  }
  return `${head}
<script src="/graphql-ws.js"></script>
</head><body><script>
const CONFIG = ${config};
${COMMON}
if (typeof graphqlWs === 'undefined') throw new Error('could not load /graphql-ws.js');
let closed = null;
const client = graphqlWs.createClient({
  url: CONFIG.ws + (CONFIG.path || '/graphql'),
  retryAttempts: 0,
  on: { closed: (e) => { closed = e.code; } },
});
// graphql-ws reports a socket error as an Event, a close as a CloseEvent, GraphQL errors as an array.
const onError = (e) => finish('error: ' + (
  e instanceof CloseEvent ? 'closed ' + e.code + ' ' + e.reason
  : e instanceof Event ? 'the WebSocket failed'
  : Array.isArray(e) ? JSON.stringify(e)
  : (e && e.message) || String(e)));
const POST = 'mutation Post($room: String!, $from: Int!, $seq: Int!, $sentAt: Float!, $text: String) ' +
  '{ post(room: $room, from: $from, seq: $seq, sentAt: $sentAt, text: $text) }';
(async () => {
  const unsubscribe = client.subscribe(
    { query: 'subscription OnPost($room: String!) { posted(room: $room) { room from seq sentAt text } }',
      variables: { room: 'lobby' }, operationName: 'OnPost' },
    { next: () => ++harResult.received, error: onError, complete: () => {} });
  await sleep(100);
  for (let k = 1; k <= CONFIG.n; ++k) {
    client.subscribe(
      { query: POST, operationName: 'Post',
        variables: { room: 'lobby', from: 0, seq: k, sentAt: Date.now(), text: 'hi' } },
      { next: () => {}, error: onError, complete: () => {} });
    ++harResult.sent;
    if (k < CONFIG.n) await sleep(100);
  }
  await until(() => harResult.received >= CONFIG.n, 2000);
  unsubscribe();
  await sleep(50);
  await client.dispose();
  await until(() => closed !== null, 2000);
  harResult.close = closed;
  finish('done');
})();
</script></body></html>`;
}

// The page's origin: GET / is the page, /graphql-ws.js graphql-ws's browser build; loopback only.
const html = page(flags.page, flags.messages);
const umd = path.join(here, 'node_modules', 'graphql-ws', 'umd', 'graphql-ws.js');
const statics = http.createServer(async (req, res) => {
  const { pathname } = new URL(req.url, 'http://x');
  if (pathname === '/') {
    res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store' });
    return res.end(html);
  }
  if (pathname === '/graphql-ws.js') {
    const body = await readFile(umd).catch(() => null);
    if (!body) {
      res.writeHead(500, { 'Content-Type': 'text/plain' });
      return res.end(`missing ${umd}: run scripts/install-deps\n`);
    }
    res.writeHead(200, { 'Content-Type': 'text/javascript; charset=utf-8', 'Cache-Control': 'no-store' });
    return res.end(body);
  }
  if (pathname === '/favicon.ico') { // the browser asks for it; no 404 in the log
    res.writeHead(204);
    return res.end();
  }
  res.writeHead(404, { 'Content-Type': 'text/plain' });
  res.end('not found\n');
});
await new Promise((resolve) => statics.listen(0, '127.0.0.1', resolve));
const pageUrl = `http://127.0.0.1:${statics.address().port}/`;

let chrome = null;
let exitCode = 0;
if (!(await access(chromium, constants.X_OK).then(() => true, () => false))) {
  console.error(`record_har: Chromium not found at '${chromium}' (--chromium PATH, $CHROMIUM, or apt-get install chromium)`);
  process.exit(1);
}
try {
  chrome = await launchChromium(chromium, WebSocket);
  const { har, result, events } = await recordPage(chrome, pageUrl, { timeoutMs, keepEvents: Boolean(flags.events) });
  await writeFile(flags.out, JSON.stringify(har, null, 2));
  if (flags.events) await writeFile(flags.events, events.map((e) => JSON.stringify(e)).join('\n') + '\n');
  const sockets = har.log.entries.filter((e) => e._resourceType === 'websocket');
  const frames = sockets.reduce((sum, e) => sum + e._webSocketMessages.length, 0);
  console.log(`record_har: ${flags.out}: ${har.log.entries.length} entries, ${sockets.length} WebSocket ` +
    `(${frames} messages); page: ${JSON.stringify(result)}`);
} catch (error) {
  console.error(`record_har: ${error.message}`);
  if (chrome && !error.page) console.error(`--- Chromium stderr (last lines) ---\n${chrome.log().split('\n').slice(-15).join('\n')}`);
  exitCode = 1;
} finally {
  if (chrome) await chrome.close();
  statics.closeAllConnections();
  statics.close();
}
process.exit(exitCode);
