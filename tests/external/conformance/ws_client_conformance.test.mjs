// RFC 6455 conformance of SocketScope's own WebSocket client, played the way the Autobahn
// TestSuite tests a client: this script is the server. It accepts the testee (wsclientprobe,
// which drives WsClientConnection) on 127.0.0.1 port 0 over plain TCP, answers the opening
// handshake by hand, and for each case of ws_client_cases.mjs writes frames that the `ws`
// package's Sender.frame() builds (unmasked, as a server's), then judges what comes back on the
// wire: the echoed messages (reassembled, masked as a client's must be), Pongs, the Close frame
// and its code, who closed the TCP connection; and what the client reported (probe events).
//
//   node ws_client_conformance.test.mjs PATH/TO/wsclientprobe [--only REGEX] [--verbose] [--report FILE.json]
//
// Prints one line per failed case and per known deviation, a table per case group, and
//   ws-client conformance: N cases, P passed, D known deviations, F failed
// Exit code 0 when nothing failed, 1 otherwise, 77 (ctest: skipped) without the npm package ws.
import net from 'node:net';
import crypto from 'node:crypto';
import fs from 'node:fs';
import { spawn } from 'node:child_process';
import { setTimeout as sleep, setImmediate as yieldToLoop } from 'node:timers/promises';
import { importOrSkip } from '../lib/serve.mjs';
import { buildCases, GROUPS } from './ws_client_cases.mjs';

const { Sender } = await importOrSkip('ws');

const args = process.argv.slice(2);
const probePath = args.find((a, i) => !a.startsWith('--') && !['--only', '--report'].includes(args[i - 1]));
const option = (name) => { const i = args.indexOf(name); return i >= 0 ? args[i + 1] : undefined; };
const only = option('--only') ?? process.env.WS_CLIENT_CASES;
const reportFile = option('--report');
const verbose = args.includes('--verbose');
if (!probePath) {
  console.error('usage: node ws_client_conformance.test.mjs PATH/TO/wsclientprobe [--only REGEX] [--verbose] [--report FILE.json]');
  process.exit(2);
}

const GUID = '258EAFA5-E914-47DA-95CA-C5AB0DC85B11'; // RFC 6455 1.3
const acceptFor = (key) => crypto.createHash('sha1').update(key + GUID).digest('base64');
const utf8Valid = (buffer) => {
  try { new TextDecoder('utf-8', { fatal: true }).decode(buffer); return true; } catch { return false; }
};
const toBuffer = (payload) => (Buffer.isBuffer(payload) ? payload : Buffer.from(payload ?? ''));
const show = (buffer, max = 40) => {
  const b = toBuffer(buffer);
  const printable = utf8Valid(b) && /^[\x20-\x7e]*$/.test(b.toString());
  const body = printable ? JSON.stringify(b.subarray(0, max).toString()) : `0x${b.subarray(0, max).toString('hex')}`;
  return b.length > max ? `${body}... (${b.length} bytes)` : body;
};

// ---------------------------------------------------------------------------------------------
// Frames from the client, parsed as they stream in (payloads of megabytes arrive in many chunks).
class ClientFrameParser {
  constructor(onFrame) {
    this.head = Buffer.alloc(0);
    this.frame = null;
    this.onFrame = onFrame;
  }

  static headerSize(h) {
    if (h.length < 2)
      return 2;
    const length7 = h[1] & 0x7f;
    return 2 + (length7 === 126 ? 2 : length7 === 127 ? 8 : 0) + (h[1] & 0x80 ? 4 : 0);
  }

  feed(chunk) {
    let offset = 0;
    while (offset < chunk.length) {
      if (!this.frame) {
        let need = ClientFrameParser.headerSize(this.head);
        while (this.head.length < need && offset < chunk.length) {
          const take = Math.min(need - this.head.length, chunk.length - offset);
          this.head = Buffer.concat([this.head, chunk.subarray(offset, offset + take)]);
          offset += take;
          need = ClientFrameParser.headerSize(this.head);
        }
        if (this.head.length < need)
          return;
        const h = this.head;
        this.head = Buffer.alloc(0);
        const length7 = h[1] & 0x7f;
        let length = length7;
        let at = 2;
        if (length7 === 126) {
          length = h.readUInt16BE(2);
          at = 4;
        } else if (length7 === 127) {
          length = Number(h.readBigUInt64BE(2));
          at = 10;
        }
        const masked = (h[1] & 0x80) !== 0;
        this.frame = {
          fin: (h[0] & 0x80) !== 0, rsv: (h[0] >> 4) & 7, opcode: h[0] & 0x0f, masked, length7,
          key: masked ? h.subarray(at, at + 4) : null, length, remaining: length, chunks: [],
        };
      }
      const frame = this.frame;
      const take = Math.min(frame.remaining, chunk.length - offset);
      if (take > 0) {
        frame.chunks.push(chunk.subarray(offset, offset + take));
        offset += take;
        frame.remaining -= take;
      }
      if (frame.remaining === 0) {
        this.frame = null;
        const payload = Buffer.concat(frame.chunks);
        if (frame.key) {
          // RFC 6455 5.3: octet i is XORed with octet i mod 4 of the key.
          for (let i = 0; i < payload.length; i++)
            payload[i] ^= frame.key[i & 3];
        }
        this.onFrame({ ...frame, payload, chunks: undefined });
      }
    }
  }
}

// ---------------------------------------------------------------------------------------------
// One connection of the client: what the case's script may do (send frames, close, wait) and
// everything the server saw from the client.
class Session {
  constructor(socket, ctx) {
    this.socket = socket;
    this.ctx = ctx;
    this.events = [];          // Autobahn's "received": messages, pongs, pings, marks
    this.violations = [];      // what the client did wrong on the wire, whatever the case
    this.clientClose = null;   // {code|null, reason, at, first: whether it started the closing handshake}
    this.serverClose = null;   // {code|null, at, reply: whether it answered the client's}
    this.clientFin = false;    // the client closed its side of the TCP connection
    this.closed = false;
    this.killed = false;       // the server had to destroy the connection
    this.frames = 0;
    this.message = null;       // the fragmented message being reassembled
    this.waiters = new Set();
    this.parser = new ClientFrameParser((frame) => this.onFrame(frame));
    socket.on('end', () => { this.clientFin = true; this.wake(); });
    socket.on('close', () => { this.closed = true; this.wake(); });
    socket.on('error', (error) => { this.socketError = error.code ?? error.message; });
  }

  // --- for the cases ---

  // One frame as Sender.frame() builds it (RSV1 through its option; RSV2/RSV3, which it has no
  // option for, are set in the header it returns). `mask` only for the masked-server-frame case.
  frameBytes({ opcode, payload = '', fin = true, rsv = 0, mask = false }) {
    const list = Sender.frame(toBuffer(payload), { fin, rsv1: (rsv & 4) !== 0, opcode, mask, readOnly: true });
    list[0][0] |= (rsv & 3) << 4;
    return list.length === 1 ? list[0] : Buffer.concat(list);
  }

  // A header announcing `length` bytes without carrying them: Sender.frame() cannot lie about a
  // length, and the 1009 cases must announce more than they send.
  rawHeader({ opcode, fin = true, length }) {
    const header = Buffer.alloc(10);
    header[0] = (fin ? 0x80 : 0) | opcode;
    header[1] = 127;
    header.writeBigUInt64BE(BigInt(length), 2);
    return header;
  }

  // Frames in one write each; `sync` pauses after each frame so they leave as separate segments,
  // `chop` writes every frame in pieces of that many bytes (Autobahn's chopsize).
  async send(frames, { chop, sync } = {}) {
    for (const frame of Array.isArray(frames) ? frames : [frames]) {
      // A Close the client must take as one (a Close with RSV bits is a protocol error instead).
      if (frame.opcode === 8 && !frame.rsv && frame.fin !== false && !frame.mask && !this.serverClose) {
        const body = toBuffer(frame.payload);
        this.serverClose = { code: body.length >= 2 ? body.readUInt16BE(0) : null, at: Date.now(), reply: false };
      }
      await this.sendRaw(this.frameBytes(frame), { chop });
      if (sync)
        await sleep(2);
    }
  }

  // A message split into frames of `fragmentSize` bytes (Autobahn's fragmentSize).
  async sendMessage(payload, { binary = false, fragmentSize } = {}) {
    const data = toBuffer(payload);
    const size = fragmentSize ?? Math.max(data.length, 1);
    const frames = [];
    for (let at = 0; at < data.length || frames.length === 0; at += size) {
      frames.push({ opcode: frames.length === 0 ? (binary ? 2 : 1) : 0, fin: at + size >= data.length, payload: data.subarray(at, at + size) });
    }
    // Many small frames: one write per 256 frames keeps 65,536 frames of 64 bytes quick.
    for (let i = 0; i < frames.length; i += 256)
      await this.sendRaw(Buffer.concat(frames.slice(i, i + 256).map((f) => this.frameBytes(f))));
  }

  async sendRaw(buffer, { chop } = {}) {
    if (!chop)
      return this.write(buffer);
    for (let at = 0; at < buffer.length; at += chop) {
      await this.write(buffer.subarray(at, at + chop));
      await yieldToLoop();
    }
  }

  async write(buffer) {
    if (this.closed || this.socket.destroyed || this.socket.writableEnded)
      return;
    if (!this.socket.write(buffer))
      await new Promise((resolve) => { this.socket.once('drain', resolve); this.socket.once('close', resolve); });
  }

  // Starts the closing handshake from the server (no code: an empty body).
  async close(code, reason = '') {
    let body = Buffer.alloc(0);
    if (code !== undefined && code !== null) {
      body = Buffer.alloc(2);
      body.writeUInt16BE(code);
      body = Buffer.concat([body, Buffer.from(reason)]);
    }
    if (!this.serverClose)
      this.serverClose = { code: code ?? null, at: Date.now(), reply: false };
    await this.write(this.frameBytes({ opcode: 8, payload: body }));
  }

  // Holds what a big case sent, for its check.
  keep(buffer) {
    this.kept = buffer;
    return buffer;
  }

  mark(name) {
    this.events.push(['mark', name]);
  }

  sleep(ms) {
    return sleep(ms);
  }

  // True once `count` events arrived; false after `ms` or when the client closed first.
  waitEvents(count, ms) {
    return this.waitUntil(() => (this.events.length >= count ? true : this.clientClose || this.clientFin || this.closed ? false : undefined), ms);
  }

  // True when the client sent its Close or closed TCP within `ms`.
  waitClientClose(ms) {
    return this.waitUntil(() => (this.clientClose || this.clientFin || this.closed ? true : undefined), ms);
  }

  waitClosed(ms) {
    return this.waitUntil(() => (this.closed ? true : undefined), ms);
  }

  // --- internals ---

  waitUntil(check, ms) {
    const now = check();
    if (now !== undefined)
      return Promise.resolve(now);
    return new Promise((resolve) => {
      const waiter = () => {
        const value = check();
        if (value !== undefined) {
          clearTimeout(timer);
          this.waiters.delete(waiter);
          resolve(value);
        }
      };
      const timer = setTimeout(() => { this.waiters.delete(waiter); resolve(false); }, ms);
      this.waiters.add(waiter);
    });
  }

  wake() {
    for (const waiter of [...this.waiters])
      waiter();
  }

  onFrame(frame) {
    this.frames++;
    const name = `frame ${this.frames} (opcode ${frame.opcode})`;
    // RFC 6455 5.5.1: nothing may follow the client's Close.
    if (this.clientClose)
      this.violations.push(`${name} after the client's Close (RFC 6455 5.5.1)`);
    // RFC 6455 5.1 / 5.3: every frame from a client is masked.
    if (!frame.masked)
      this.violations.push(`${name} is not masked (RFC 6455 5.1)`);
    if (frame.rsv)
      this.violations.push(`${name} has RSV bits ${frame.rsv} set (RFC 6455 5.2)`);
    // RFC 6455 5.2: the minimal number of bytes must encode the length.
    if ((frame.length7 === 126 && frame.length < 126) || (frame.length7 === 127 && frame.length < 65536))
      this.violations.push(`${name} length ${frame.length} not in its shortest encoding (RFC 6455 5.2)`);
    const control = (frame.opcode & 8) !== 0;
    if (control && (frame.length > 125 || !frame.fin))
      this.violations.push(`${name}: control frame ${frame.fin ? `of ${frame.length} bytes` : 'fragmented'} (RFC 6455 5.5)`);
    switch (frame.opcode) {
    case 0x1:
    case 0x2:
      if (this.message)
        this.violations.push(`${name}: a new message inside a fragmented one (RFC 6455 5.4)`);
      this.message = { kind: frame.opcode === 1 ? 'text' : 'binary', parts: [] };
      // falls through
    case 0x0:
      if (!this.message) {
        this.violations.push(`${name}: continuation without a message to continue (RFC 6455 5.4)`);
        break;
      }
      this.message.parts.push(frame.payload);
      if (frame.fin) {
        const payload = Buffer.concat(this.message.parts);
        if (this.message.kind === 'text' && !utf8Valid(payload))
          this.violations.push(`${name}: text message is not valid UTF-8 (RFC 6455 8.1)`);
        this.events.push(['message', this.message.kind, payload]);
        this.message = null;
      }
      break;
    case 0x8: {
      let code = null;
      let reason = '';
      if (frame.payload.length === 1) {
        this.violations.push(`${name}: Close body of 1 byte (RFC 6455 5.5.1)`);
      } else if (frame.payload.length >= 2) {
        code = frame.payload.readUInt16BE(0);
        const reasonBytes = frame.payload.subarray(2);
        if (!utf8Valid(reasonBytes))
          this.violations.push(`${name}: Close reason is not valid UTF-8 (RFC 6455 5.5.1)`);
        reason = reasonBytes.toString();
      }
      this.clientClose = { code, reason, at: Date.now(), first: !this.serverClose };
      if (!this.serverClose) {
        // The client started the closing handshake (or failed the connection): answer with a
        // Close echoing its code (RFC 6455 5.5.1), as Autobahn's server does.
        this.serverClose = { code, at: Date.now(), reply: true };
        const body = code === null ? Buffer.alloc(0) : frame.payload.subarray(0, 2);
        this.write(this.frameBytes({ opcode: 8, payload: body }));
      }
      // RFC 6455 7.1.1: the server closes the TCP connection first.
      if (!this.socket.writableEnded)
        this.socket.end();
      break;
    }
    case 0x9:
      this.events.push(['ping', frame.payload]);
      break;
    case 0xa:
      this.events.push(['pong', frame.payload]);
      break;
    default:
      this.violations.push(`${name}: reserved opcode (RFC 6455 5.2)`);
    }
    this.wake();
  }
}

// ---------------------------------------------------------------------------------------------
// The opening handshake, read and answered by hand.
function readRequestHead(socket, ms = 5000) {
  return new Promise((resolve, reject) => {
    let buffer = Buffer.alloc(0);
    const timer = setTimeout(() => { cleanup(); reject(new Error('no request head within 5 s')); }, ms);
    const onData = (chunk) => {
      buffer = Buffer.concat([buffer, chunk]);
      const end = buffer.indexOf('\r\n\r\n');
      if (end < 0) {
        if (buffer.length > 16384) {
          cleanup();
          reject(new Error('request head larger than 16 KiB'));
        }
        return;
      }
      cleanup();
      const [requestLine, ...lines] = buffer.subarray(0, end).toString('latin1').split('\r\n');
      const headers = {};
      for (const line of lines) {
        const colon = line.indexOf(':');
        if (colon > 0)
          headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
      }
      resolve({ requestLine, headers, rest: buffer.subarray(end + 4) });
    };
    const onClose = () => { cleanup(); reject(new Error('connection closed before the request head ended')); };
    // Paused until the case's reader is attached, so no byte after the head goes to no one.
    const cleanup = () => { clearTimeout(timer); socket.off('data', onData); socket.off('close', onClose); socket.pause(); };
    socket.on('data', onData);
    socket.on('close', onClose);
  });
}

// RFC 6455 4.1: what the client's opening handshake must contain.
function checkRequest({ requestLine, headers, rest }, port) {
  const problems = [];
  const [method, target, version] = requestLine.split(' ');
  if (method !== 'GET' || version !== 'HTTP/1.1')
    problems.push(`request line "${requestLine}" is not GET ... HTTP/1.1`);
  if (!target?.startsWith('/'))
    problems.push(`request target "${target}" is not an absolute path`);
  if (headers.host !== `127.0.0.1:${port}`)
    problems.push(`Host is "${headers.host}", expected "127.0.0.1:${port}"`);
  if ((headers.upgrade ?? '').toLowerCase() !== 'websocket')
    problems.push(`Upgrade is "${headers.upgrade}", expected "websocket"`);
  if (!(headers.connection ?? '').toLowerCase().split(',').map((t) => t.trim()).includes('upgrade'))
    problems.push(`Connection is "${headers.connection}", expected the token "Upgrade"`);
  if (Buffer.from(headers['sec-websocket-key'] ?? '', 'base64').length !== 16 || !/^[A-Za-z0-9+/]{22}==$/.test(headers['sec-websocket-key'] ?? ''))
    problems.push(`Sec-WebSocket-Key "${headers['sec-websocket-key']}" is not 16 random bytes in base64`);
  if (headers['sec-websocket-version'] !== '13')
    problems.push(`Sec-WebSocket-Version is "${headers['sec-websocket-version']}", expected "13"`);
  if (rest.length)
    problems.push(`${rest.length} bytes sent before the handshake response`);
  return problems.map((p) => `handshake: ${p} (RFC 6455 4.1)`);
}

function response101(accept) {
  return Buffer.from(`HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: ${accept}\r\n\r\n`, 'latin1');
}

// ---------------------------------------------------------------------------------------------
// Playing one case on one connection.
async function playCase(kase, socket, head, ctx) {
  const session = new Session(socket, ctx);
  session.handshakeProblems = checkRequest(head, ctx.port);
  const accept = acceptFor(head.headers['sec-websocket-key'] ?? '');
  const deadline = kase.timeoutMs ?? 5000;
  const killer = setTimeout(() => { session.killed = true; socket.destroy(); }, deadline);
  try {
    if (kase.respond) {
      // A handshake the client must refuse: nothing but the response, then wait for the client
      // to close.
      socket.on('data', (chunk) => { session.bytesAfterRefusal = (session.bytesAfterRefusal ?? 0) + chunk.length; });
      socket.resume();
      await session.write(kase.respond({ accept, headers: head.headers }));
      if (!await session.waitClientClose(2000))
        session.violations.push('the client kept the connection open after a handshake it must refuse');
      socket.end();
      await session.waitClosed(2000);
      return session;
    }
    socket.on('data', (chunk) => session.parser.feed(chunk));
    socket.resume();
    const trailer = kase.handshakeTrailer ? kase.handshakeTrailer(session) : Buffer.alloc(0);
    await session.write(Buffer.concat([response101(accept), trailer]));
    try {
      await kase.run(session);
    } catch (error) {
      session.violations.push(`the case's script threw: ${error.stack}`);
    }
    const close = kase.close;
    if (close.by === 'server' && !close.sent) {
      // Autobahn's finishWhenDone: once what one of the expected outcomes (the RFC's, or a known
      // deviation's) says is in, the server closes; at the latest when the case's time is nearly
      // up, leaving time for the closing handshake.
      const outcomes = [kase.events, kase.deviation?.events].filter((e) => e !== undefined);
      const enough = Math.max(...outcomes.map((e) => (Array.isArray(e) ? e.length : (kase.eventCount ?? 1))));
      const arrived = () => session.events.length >= enough
        || outcomes.some((e) => (Array.isArray(e) ? sameEvents(session.events, e) : !e(session.events, session)));
      await session.waitUntil(() => (arrived() ? true : session.clientClose || session.closed ? false : undefined), Math.max(1000, deadline - 2500));
      if (!session.serverClose && !session.closed)
        await session.close(close.code);
    }
    // Either way the client now sends or answers a Close and the connection ends; Autobahn's
    // killAfter(1) is the bound for a client that does nothing.
    if (!await session.waitClientClose(1500) && !session.closed)
      session.violations.push('no Close frame and no end of TCP from the client within 1.5 s');
    if (!session.socket.writableEnded && !session.closed)
      socket.end();
    // The client's close grace is 2 s: it must have closed its side well before that ends.
    if (!await session.waitClosed(2500))
      session.violations.push('the TCP connection was still open 2.5 s after the closing handshake');
  } finally {
    clearTimeout(killer);
    if (!session.closed)
      socket.destroy();
  }
  return session;
}

// ---------------------------------------------------------------------------------------------
// Judging.
function sameEvents(got, expected) {
  if (got.length !== expected.length)
    return false;
  return got.every((event, i) => event.length === expected[i].length
    && event.every((part, j) => (Buffer.isBuffer(part) ? Buffer.isBuffer(expected[i][j]) && part.equals(expected[i][j]) : part === expected[i][j])));
}

const describeEvents = (events) => (events.length ? events.map((e) => `${e[0]}${e[1] === undefined ? '' : ` ${e.length > 2 ? `${e[1]} ${show(e[2])}` : Buffer.isBuffer(e[1]) ? show(e[1]) : e[1]}`}`).join(', ') : 'nothing');

// Returns the reasons why `session` (and what the probe reported) does not meet `expect`.
function judge(session, probeEvents, expect) {
  const problems = [...session.handshakeProblems, ...session.violations];
  const final = probeEvents.find((e) => ['closed', 'failed', 'timeout'].includes(e.event));
  if (!final)
    problems.push(`the probe reported no end of the connection (got: ${probeEvents.map((e) => e.event).join(', ') || 'nothing'})`);
  if (session.killed)
    problems.push('the server had to drop the connection at the case deadline');
  if (session.socketError)
    problems.push(`the TCP connection ended with ${session.socketError} (the client reset it instead of closing it)`);
  else if (!session.clientFin)
    problems.push('the client never closed its side of the TCP connection');

  if (expect.close.handshake === 'rejected') {
    if (probeEvents.some((e) => e.event === 'opened'))
      problems.push('the client opened the session');
    if (final && final.event !== 'failed')
      problems.push(`the probe reported "${final.event}", expected "failed"`);
    if (session.bytesAfterRefusal)
      problems.push(`the client sent ${session.bytesAfterRefusal} bytes after the response`);
    return problems;
  }

  if (!probeEvents.some((e) => e.event === 'opened'))
    problems.push('the probe never reported the session open');
  if (typeof expect.events === 'function') {
    const problem = expect.events(session.events, session);
    if (problem)
      problems.push(problem);
  } else if (!sameEvents(session.events, expect.events)) {
    problems.push(`received ${describeEvents(session.events)}; expected ${describeEvents(expect.events)}`);
  }

  const { close } = expect;
  const codes = close.codes ?? [close.code];
  const got = session.clientClose;
  if (!got) {
    problems.push(`no Close frame from the client; expected ${close.by === 'client' ? 'it to fail the connection' : 'it to answer the Close'} with ${codes.map((c) => c ?? 'an empty body').join(' or ')}`);
  } else {
    if (close.by === 'client' && !got.first)
      problems.push(`the client did not fail the connection itself: it answered the server's Close (${session.serverClose.code})`);
    if (close.by === 'server' && got.first)
      problems.push(`the client closed (${got.code ?? 'empty'}) before the server did`);
    if (!codes.includes(got.code))
      problems.push(`the client's Close carries ${got.code ?? 'no code'}${got.reason ? ` "${got.reason}"` : ''}; expected ${codes.map((c) => c ?? 'no code').join(' or ')}`);
    // closed() reports the code that started the closing handshake (the peer's, or ours), the
    // code we failed with; 1005 (RFC 6455 7.1.5) for a Close without one.
    if (final?.event === 'closed' && final.code !== (got.code ?? 1005))
      problems.push(`the probe reported closed(${final.code}), expected closed(${got.code ?? 1005})`);
  }
  if (final && final.event !== 'closed')
    problems.push(`the probe reported "${final.event}"${final.error ? ` (${final.error})` : ''}, expected "closed"`);
  return problems;
}

// ---------------------------------------------------------------------------------------------
// The run: a server in Autobahn's client-testing shape (/getCaseCount, /runCase, /updateReports).
const probeEvents = new Map(); // case number -> probe events
let probeInfo = null;
const probeWaiters = new Set();

function probeEnded(caseNumber, ms) {
  const done = () => (probeEvents.get(caseNumber) ?? []).some((e) => ['closed', 'failed', 'timeout'].includes(e.event));
  if (done())
    return Promise.resolve(true);
  return new Promise((resolve) => {
    const waiter = () => { if (done()) { clearTimeout(timer); probeWaiters.delete(waiter); resolve(true); } };
    const timer = setTimeout(() => { probeWaiters.delete(waiter); resolve(false); }, ms);
    probeWaiters.add(waiter);
  });
}

const ctx = { port: 0, maxMessageBytes: 64 * 1024 * 1024 };
let cases = [];
let casesBuilt;
const casesReady = new Promise((resolve) => { casesBuilt = resolve; });
const results = [];
const pending = [];
const globalProblems = [];

const server = net.createServer({ noDelay: true }, (socket) => {
  socket.setNoDelay(true);
  socket.on('error', () => {});
  pending.push(handleConnection(socket).catch((error) => globalProblems.push(`connection handler: ${error.stack}`)));
});

async function handleConnection(socket) {
  const head = await readRequestHead(socket).catch((error) => {
    globalProblems.push(`a connection without a request head: ${error.message}`);
    socket.destroy();
    return null;
  });
  if (!head)
    return;
  await casesReady;
  const url = new URL(head.requestLine.split(' ')[1] ?? '/', 'http://x');
  if (url.pathname === '/runCase') {
    const number = Number(url.searchParams.get('case'));
    const kase = cases[number - 1];
    if (!kase) {
      globalProblems.push(`/runCase for unknown case ${url.searchParams.get('case')}`);
      socket.end('HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n');
      return;
    }
    const started = Date.now();
    const session = await playCase(kase, socket, head, ctx);
    await probeEnded(number, 3000);
    const events = probeEvents.get(number) ?? [];
    let problems = judge(session, events, kase);
    let status = 'passed';
    let deviationProblems = null;
    if (kase.deviation) {
      deviationProblems = judge(session, events, { ...kase, ...kase.deviation, close: kase.deviation.close ?? kase.close, events: kase.deviation.events ?? kase.events });
      if (problems.length === 0) {
        status = 'failed';
        problems = ['the client now meets the RFC here: remove the deviation from the case'];
      } else if (deviationProblems.length === 0) {
        status = 'deviation';
      } else {
        status = 'failed';
      }
    } else if (problems.length) {
      status = 'failed';
    }
    // How long the client took to answer the server's Close (Autobahn fails a case after 1 s).
    const closeReplyMs = session.serverClose && !session.serverClose.reply && session.clientClose && !session.clientClose.first
      ? session.clientClose.at - session.serverClose.at : null;
    results[number - 1] = { kase, status, problems, deviationProblems, ms: Date.now() - started, probe: events, closeReplyMs };
    return;
  }
  // /getCaseCount and /updateReports: a short session of their own.
  const problems = checkRequest(head, ctx.port);
  if (problems.length)
    globalProblems.push(...problems.map((p) => `${url.pathname}: ${p}`));
  const session = new Session(socket, ctx);
  socket.on('data', (chunk) => session.parser.feed(chunk));
  socket.resume();
  await session.write(response101(acceptFor(head.headers['sec-websocket-key'] ?? '')));
  if (url.pathname === '/getCaseCount')
    await session.send({ opcode: 1, payload: String(cases.length) });
  await session.close(1000);
  if (!await session.waitClosed(3000)) {
    globalProblems.push(`${url.pathname}: the connection did not close`);
    socket.destroy();
  }
}

await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
ctx.port = server.address().port;

// The probe says its limits first; the cases that test them need the numbers.
const started = Date.now();
const probe = spawn(probePath, [`ws://127.0.0.1:${ctx.port}`, '--agent', 'SocketScope', '--timeout-ms', '30000'],
  { stdio: ['ignore', 'pipe', 'inherit'] });
const probeExited = new Promise((resolve) => probe.once('exit', (code, signal) => resolve(code ?? signal)));
probe.once('error', (error) => { console.error(`cannot start ${probePath}: ${error.message}`); process.exit(1); });
let buffered = '';
const ready = new Promise((resolve) => {
  probe.stdout.on('data', (chunk) => {
    buffered += chunk.toString();
    let newline;
    while ((newline = buffered.indexOf('\n')) >= 0) {
      const line = buffered.slice(0, newline);
      buffered = buffered.slice(newline + 1);
      let event;
      try {
        event = JSON.parse(line);
      } catch {
        globalProblems.push(`probe printed a line that is not JSON: ${line}`);
        continue;
      }
      if (event.event === 'probe') {
        probeInfo = event;
        resolve();
        continue;
      }
      if (!probeEvents.has(event.case))
        probeEvents.set(event.case, []);
      probeEvents.get(event.case).push(event);
      for (const waiter of [...probeWaiters])
        waiter();
    }
  });
  probeExited.then(resolve);
});
// The cases are built before the probe connects for the count (it says its limits first).
await ready;
if (probeInfo)
  ctx.maxMessageBytes = probeInfo.maxMessageBytes;
else
  globalProblems.push('the probe did not report its limits');
cases = buildCases(ctx);
if (only)
  cases = cases.filter((c) => new RegExp(only).test(c.id));
casesBuilt();

const SUITE_LIMIT_MS = 110000;
const exitCode = await Promise.race([probeExited, sleep(SUITE_LIMIT_MS).then(() => 'timeout')]);
if (exitCode === 'timeout') {
  globalProblems.push(`the probe did not finish within ${SUITE_LIMIT_MS / 1000} s`);
  probe.kill('SIGKILL');
} else if (exitCode !== 0) {
  globalProblems.push(`the probe exited with ${exitCode}`);
}
await Promise.all(pending);
server.close();

// ---------------------------------------------------------------------------------------------
// Report.
cases.forEach((kase, i) => {
  if (!results[i])
    results[i] = { kase, status: 'failed', problems: ['the case never ran (the probe did not connect for it)'], ms: 0, probe: [] };
});
const groupOf = (id) => id.split('.')[0];
const table = new Map();
for (const r of results) {
  const g = groupOf(r.kase.id);
  const row = table.get(g) ?? { cases: 0, passed: 0, deviation: 0, failed: 0 };
  row.cases++;
  row[r.status]++;
  table.set(g, row);
}
for (const r of results) {
  const own = r.kase.own ? ' [own case]' : '';
  if (r.status === 'failed') {
    console.log(`FAIL ${r.kase.id} (RFC 6455 ${r.kase.rfc})${own}: ${r.kase.description}\n     expected: ${r.kase.expectation}`);
    for (const p of r.problems)
      console.log(`     - ${p}`);
    console.log(`     probe: ${r.probe.map((e) => JSON.stringify({ ...e, case: undefined })).join(' ').slice(0, 600) || 'nothing'}`);
    if (r.kase.deviation && r.deviationProblems?.length)
      console.log(`     known deviation "${r.kase.deviation.actual}" does not match either: ${r.deviationProblems.join('; ')}`);
  } else if (r.status === 'deviation') {
    console.log(`DEVIATION ${r.kase.id} (RFC 6455 ${r.kase.rfc}): ${r.kase.description}\n     RFC: ${r.kase.deviation.rfc}\n     client: ${r.kase.deviation.actual}`);
  } else if (verbose) {
    console.log(`ok   ${r.kase.id} (${r.ms} ms)${own}: ${r.kase.description}`);
  }
}
for (const p of globalProblems)
  console.log(`FAIL (suite): ${p}`);
console.log('\ngroup                 cases  passed  deviations  failed');
for (const [g, row] of [...table].sort((a, b) => Number(a[0]) - Number(b[0])))
  console.log(`${`${g} ${GROUPS[g] ?? ''}`.padEnd(22)}${String(row.cases).padStart(5)}${String(row.passed).padStart(8)}${String(row.deviation).padStart(12)}${String(row.failed).padStart(8)}`);
const count = (status) => results.filter((r) => r.status === status).length;
const failed = count('failed') + (globalProblems.length ? 1 : 0);
const slowest = [...results].sort((a, b) => b.ms - a.ms).slice(0, 3).map((r) => `${r.kase.id} ${r.ms} ms`).join(', ');
const replies = results.filter((r) => r.closeReplyMs !== null && r.closeReplyMs !== undefined).sort((a, b) => b.closeReplyMs - a.closeReplyMs);
const slowestReply = replies.length ? `; slowest Close answer: ${replies[0].closeReplyMs} ms (${replies[0].kase.id}) of ${replies.length}` : '';
console.log(`\n(${((Date.now() - started) / 1000).toFixed(1)} s; slowest cases: ${slowest}${slowestReply}; client limit maxMessageBytes = ${ctx.maxMessageBytes})`);
console.log(`ws-client conformance: ${results.length} cases, ${count('passed')} passed, ${count('deviation')} known deviations, ${count('failed')} failed`);
if (reportFile) {
  fs.writeFileSync(reportFile, JSON.stringify(results.map((r) => ({
    id: r.kase.id, rfc: r.kase.rfc, own: !!r.kase.own, description: r.kase.description, expectation: r.kase.expectation,
    status: r.status, problems: r.problems, deviation: r.kase.deviation ? { rfc: r.kase.deviation.rfc, actual: r.kase.deviation.actual } : undefined, ms: r.ms,
  })), null, 2));
}
process.exit(failed ? 1 : 0);
