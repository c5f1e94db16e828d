// Raw RFC 6455 over a plain TCP socket, for conformance cases that must send what no well-behaved
// WebSocket library would send (reserved bits, reserved opcodes, fragmented control frames,
// split UTF-8, bad close payloads) and must see exactly what the peer answers, frame by frame.
//
// Frames are built by the npm package `ws` (`Sender.frame`), so the framing under test is a
// third party's, not ours; this file only adds RSV2/RSV3 (which Sender.frame cannot set) and
// the handshake.
//
// API (kept stable for other suites to import; ws_server_conformance.test.mjs is its first user)
//
//   Opcode                        { CONTINUATION, TEXT, BINARY, CLOSE, PING, PONG }
//   buildFrame(payload, options)  -> Buffer. payload: Buffer | string (UTF-8) | undefined.
//       options: opcode (required), fin = true, mask = true, maskKey (4-byte Buffer; default
//       random), rsv = 0 (3-bit value: 4 = RSV1, 2 = RSV2, 1 = RSV3, as in RFC 6455 5.2).
//       A client (RFC 6455 5.3) masks; a server passes mask: false.
//   closePayload(code, reason)    -> Buffer for a close frame body (code omitted: empty body;
//       reason: string or Buffer, sent as given, so invalid UTF-8 is possible).
//   parseClosePayload(buffer)     -> { code, reason (Buffer), reasonText } or { code: null } if empty.
//   FrameParser                   incremental frame reader: push(chunk) -> array of complete frames
//       { fin, rsv, opcode, masked, length, payload (unmasked Buffer) }. Throws on a frame it
//       cannot represent (a 64-bit length with the top bit set).
//   RawWebSocket.connect({ host, port, path, headers, timeoutMs }) -> client (the client role:
//       frames it sends are masked unless told otherwise) after a hand-made
//       opening handshake (RFC 6455 4.1; the Sec-WebSocket-Accept is checked, 4.2.2).
//       client.response            { status, headers } of the handshake answer
//       client.send(bytes)         write raw bytes (a frame, several, or part of one); resolves
//                                  true once written, false if the connection is already gone
//       client.sendFrame(payload, options)   buildFrame (masked by default) and write it
//       client.sendChopped(bytes, size)      write in pieces of `size` bytes, each its own write
//                                            (TCP_NODELAY is on), awaiting each write
//       client.readFrame(timeoutMs)  -> next frame received, or null once the peer closed TCP
//                                       and no frame is left; rejects on timeout
//       client.tryReadFrame(ms)      -> like readFrame but resolves 'timeout' instead of rejecting
//       client.close(code, reason)   send a masked close frame
//       client.waitForTcpClose(ms)   -> 'fin' (peer closed cleanly), 'reset' (ECONNRESET/EPIPE)
//                                       or 'open' (still open after ms)
//       client.tcpState            'open', 'fin' (the peer closed; also set once we destroy our
//                                  side), 'reset', 'error CODE' or 'unparsable frame: ...'
//       client.end() / client.destroy()  half-close / tear down our side
//   acceptKey(key)                -> the Sec-WebSocket-Accept value for a Sec-WebSocket-Key
import net from 'node:net';
import { createHash, randomBytes } from 'node:crypto';
import { importOrSkip } from '../lib/serve.mjs';

const { Sender } = await importOrSkip('ws');

export const Opcode = Object.freeze({ CONTINUATION: 0, TEXT: 1, BINARY: 2, CLOSE: 8, PING: 9, PONG: 10 });

// RFC 6455 1.3: the GUID every server appends to the client's key.
const WS_GUID = '258EAFA5-E914-47DA-95CA-C5AB0DC85B11';

export function acceptKey(key) {
  return createHash('sha1').update(key + WS_GUID).digest('base64');
}

export function buildFrame(payload, { opcode, fin = true, mask = true, maskKey, rsv = 0 } = {}) {
  if (opcode === undefined)
    throw new Error('buildFrame: opcode is required');
  if (rsv < 0 || rsv > 7)
    throw new Error(`buildFrame: rsv is a 3-bit value, got ${rsv}`);
  let data = payload === undefined ? Buffer.alloc(0) : payload;
  if (typeof data === 'string')
    data = Buffer.from(data, 'utf8');
  const options = {
    fin,
    opcode,
    mask,
    rsv1: (rsv & 4) !== 0,
    // readOnly: Sender.frame would otherwise mask the caller's buffer in place.
    readOnly: true,
  };
  if (mask) {
    options.maskBuffer = Buffer.alloc(4);
    const key = maskKey ?? randomBytes(4);
    options.generateMask = (target) => key.copy(target);
  }
  const frame = Buffer.concat(Sender.frame(data, options));
  // RFC 6455 5.2: RSV2 is 0x20 and RSV3 0x10 of the first byte; Sender.frame only knows RSV1.
  frame[0] |= (rsv & 3) << 4;
  return frame;
}

export function closePayload(code, reason = '') {
  if (code === undefined || code === null)
    return Buffer.alloc(0);
  const head = Buffer.alloc(2);
  head.writeUInt16BE(code);
  return Buffer.concat([head, typeof reason === 'string' ? Buffer.from(reason, 'utf8') : reason]);
}

export function parseClosePayload(payload) {
  if (payload.length < 2)
    return { code: null, reason: payload, reasonText: '' };
  const reason = payload.subarray(2);
  return { code: payload.readUInt16BE(0), reason, reasonText: reason.toString('utf8') };
}

export class FrameParser {
  #buffer = Buffer.alloc(0);

  push(chunk) {
    this.#buffer = this.#buffer.length ? Buffer.concat([this.#buffer, chunk]) : chunk;
    const frames = [];
    for (;;) {
      const frame = this.#take();
      if (!frame)
        return frames;
      frames.push(frame);
    }
  }

  get pendingBytes() {
    return this.#buffer.length;
  }

  #take() {
    const b = this.#buffer;
    if (b.length < 2)
      return null;
    const masked = (b[1] & 0x80) !== 0;
    let length = b[1] & 0x7f;
    let offset = 2;
    // RFC 6455 5.2: 126 -> 16-bit length, 127 -> 64-bit length (most significant bit 0).
    if (length === 126) {
      if (b.length < 4)
        return null;
      length = b.readUInt16BE(2);
      offset = 4;
    } else if (length === 127) {
      if (b.length < 10)
        return null;
      const high = b.readUInt32BE(2);
      if (high > 0x1fffff)
        throw new Error(`frame length over 2^53 (high word ${high.toString(16)})`);
      length = high * 2 ** 32 + b.readUInt32BE(6);
      offset = 10;
    }
    const maskKey = masked ? b.subarray(offset, offset + 4) : null;
    if (masked)
      offset += 4;
    if (b.length < offset + length)
      return null;
    const payload = Buffer.from(b.subarray(offset, offset + length));
    if (masked) {
      for (let i = 0; i < payload.length; i++)
        payload[i] ^= maskKey[i & 3];
    }
    this.#buffer = b.subarray(offset + length);
    return {
      fin: (b[0] & 0x80) !== 0,
      rsv: (b[0] >> 4) & 7,
      opcode: b[0] & 0x0f,
      masked,
      length,
      payload,
    };
  }
}

function readHead(socket, timeoutMs) {
  return new Promise((resolve, reject) => {
    let buffer = Buffer.alloc(0);
    const timer = setTimeout(() => fail(new Error(`no handshake answer within ${timeoutMs} ms`)), timeoutMs);
    const cleanup = () => {
      clearTimeout(timer);
      socket.off('data', onData);
      socket.off('error', fail);
      socket.off('end', onEnd);
    };
    function fail(error) {
      cleanup();
      reject(error);
    }
    function onEnd() {
      fail(new Error(`connection closed during the handshake (got ${JSON.stringify(buffer.toString('latin1'))})`));
    }
    function onData(chunk) {
      buffer = Buffer.concat([buffer, chunk]);
      const end = buffer.indexOf('\r\n\r\n');
      if (end < 0)
        return;
      cleanup();
      resolve({ head: buffer.subarray(0, end).toString('latin1'), rest: buffer.subarray(end + 4) });
    }
    socket.on('data', onData);
    socket.once('error', fail);
    socket.once('end', onEnd);
  });
}

export class RawWebSocket {
  #socket;
  #parser = new FrameParser();
  #frames = [];
  #waiters = [];
  #tcpWaiters = [];

  tcpState = 'open';
  response = null;

  static async connect({ host = '127.0.0.1', port, path = '/', headers = {}, timeoutMs = 5000 } = {}) {
    const socket = net.connect({ host, port });
    await new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`connect to ${host}:${port} timed out`)), timeoutMs);
      socket.once('connect', () => { clearTimeout(timer); resolve(); });
      socket.once('error', (error) => { clearTimeout(timer); reject(error); });
    });
    socket.setNoDelay(true);
    const key = randomBytes(16).toString('base64');
    const lines = [
      `GET ${path} HTTP/1.1`,
      `Host: ${host}:${port}`,
      'Upgrade: websocket',
      'Connection: Upgrade',
      `Sec-WebSocket-Key: ${key}`,
      'Sec-WebSocket-Version: 13',
      ...Object.entries(headers).map(([name, value]) => `${name}: ${value}`),
    ];
    socket.write(lines.join('\r\n') + '\r\n\r\n');
    const { head, rest } = await readHead(socket, timeoutMs).catch((error) => {
      socket.destroy();
      throw error;
    });
    const [statusLine, ...fields] = head.split('\r\n');
    const status = Number(/^HTTP\/1\.1 (\d{3})/.exec(statusLine)?.[1]);
    const responseHeaders = {};
    for (const field of fields) {
      const colon = field.indexOf(':');
      responseHeaders[field.slice(0, colon).trim().toLowerCase()] = field.slice(colon + 1).trim();
    }
    if (status !== 101) {
      socket.destroy();
      throw new Error(`handshake refused: ${statusLine}`);
    }
    // RFC 6455 4.2.2 / 4.1: the client must fail the connection on a wrong accept value.
    if (responseHeaders['sec-websocket-accept'] !== acceptKey(key)) {
      socket.destroy();
      throw new Error(`wrong Sec-WebSocket-Accept: ${responseHeaders['sec-websocket-accept']}`);
    }
    const client = new RawWebSocket(socket);
    client.response = { status, headers: responseHeaders };
    if (rest.length)
      client.#onData(rest);
    return client;
  }

  constructor(socket) {
    this.#socket = socket;
    socket.on('data', (chunk) => this.#onData(chunk));
    socket.on('end', () => this.#onTcpClosed('fin'));
    socket.on('error', (error) => {
      this.#onTcpClosed(['ECONNRESET', 'EPIPE'].includes(error.code) ? 'reset' : `error ${error.code ?? error.message}`);
    });
    socket.on('close', () => this.#onTcpClosed('fin'));
  }

  #onData(chunk) {
    let frames;
    try {
      frames = this.#parser.push(chunk);
    } catch (error) {
      this.#socket.destroy();
      this.#onTcpClosed(`unparsable frame: ${error.message}`);
      return;
    }
    for (const frame of frames) {
      if (this.#waiters.length)
        this.#waiters.shift()(frame);
      else
        this.#frames.push(frame);
    }
  }

  #onTcpClosed(how) {
    if (this.tcpState !== 'open')
      return;
    this.tcpState = how;
    for (const waiter of this.#waiters.splice(0))
      waiter(null);
    for (const waiter of this.#tcpWaiters.splice(0))
      waiter(how);
  }

  send(bytes) {
    return new Promise((resolve, reject) => {
      if (this.tcpState !== 'open' || this.#socket.destroyed) {
        resolve(false);
        return;
      }
      this.#socket.write(bytes, (error) => (error && !['ECONNRESET', 'EPIPE'].includes(error.code) ? reject(error) : resolve(!error)));
    });
  }

  sendFrame(payload, options = {}) {
    return this.send(buildFrame(payload, { mask: true, ...options }));
  }

  async sendChopped(bytes, size) {
    for (let offset = 0; offset < bytes.length; offset += size) {
      if (!(await this.send(bytes.subarray(offset, offset + size))))
        return false;
    }
    return true;
  }

  close(code = 1000, reason = '') {
    return this.sendFrame(closePayload(code, reason), { opcode: Opcode.CLOSE });
  }

  readFrame(timeoutMs = 5000) {
    return this.tryReadFrame(timeoutMs).then((frame) => {
      if (frame === 'timeout')
        throw new Error(`no frame within ${timeoutMs} ms`);
      return frame;
    });
  }

  tryReadFrame(timeoutMs = 5000) {
    if (this.#frames.length)
      return Promise.resolve(this.#frames.shift());
    if (this.tcpState !== 'open')
      return Promise.resolve(null);
    return new Promise((resolve) => {
      const waiter = (frame) => { clearTimeout(timer); resolve(frame); };
      const timer = setTimeout(() => {
        this.#waiters.splice(this.#waiters.indexOf(waiter), 1);
        resolve('timeout');
      }, timeoutMs);
      this.#waiters.push(waiter);
    });
  }

  waitForTcpClose(timeoutMs = 5000) {
    if (this.tcpState !== 'open')
      return Promise.resolve(this.tcpState);
    return new Promise((resolve) => {
      const waiter = (how) => { clearTimeout(timer); resolve(how); };
      const timer = setTimeout(() => {
        this.#tcpWaiters.splice(this.#tcpWaiters.indexOf(waiter), 1);
        resolve('open');
      }, timeoutMs);
      this.#tcpWaiters.push(waiter);
    });
  }

  end() {
    this.#socket.end();
  }

  destroy() {
    this.#socket.destroy();
  }
}
