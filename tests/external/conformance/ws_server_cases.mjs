// RFC 6455 conformance cases for the embedded server (`socketscope serve`, WebSocket layer:
// QtWebSockets 6.4 + core/server/wssession.cpp), modelled on the Autobahn TestSuite's case groups
// 1-7, 9 and 10 (ids and what is sent follow autobahn/case/*.py; the ids H.x, 1.3.x, 2.12, 3.8,
// 5.21, 5.22, 7.7.14-16, 7.9.10, 9.10.x and 10.2.1 are this suite's own).
//
// The server is not an echo server: a text message {"type":"echo","payload":P} is answered to the
// sender with {"type":"echo","payload":P,...} (docs/server.md), a binary message or a text that is
// not an envelope with {"type":"error","payload":{"code":...}} and the connection stays open. So
// where Autobahn sends "Hello, world!" and expects it back, these cases send the echo envelope in
// the framing under test and expect the echo reply; where Autobahn sends a binary message, the
// expected reply is the `binary_not_supported` error, which still proves the frame was read whole.
//
// A case:
//   id, rfc (the section whose rule it checks), title, expect (the expected behaviour in words)
//   handshake   (group H only, instead of actions/events/close) { request: [lines], status, headers }
//   server      'open' (limits out of the way) or 'limits' (the server's default limits)
//   actions     array (or a function returning one) of steps, executed in order:
//       { frames: [[payload, {opcode, fin, rsv}], ...], chop }  one write of these frames
//                 (masked, as a client must), or pieces of `chop` bytes, each its own write
//       { pause: ms }                 let time pass (Autobahn's continueLater)
//       { quiet: ms }                 nothing may arrive for ms (the server must still be waiting)
//       { expect: [events], withinMs } these events must arrive now, before the next step
//       { expectClose: [codes], withinMs } the server's close frame must arrive now
//       { roundTrips: { count, frame: [payload, options], event } }  send, await the reply, count times
//       { chops: { frame: [payload, options], payloadSizes, pauseMs } }  one frame in pieces with pauses
//       { header: { opcode, length } }  only the header of a frame announcing `length` bytes
//       { raw: Buffer }               bytes made by hand (what Sender.frame cannot make)
//   events      the events expected after the welcome, in order (or eventsOneOf: [[...], ...])
//   close       { initiator: 'client' } the client closes with 1000 once the events are in (or
//               its actions sent a close) and the server must answer 1000 (or `codes`);
//               { initiator: 'server', codes: [...] } the server must fail/close with one of codes.
//               Either way the server must then close TCP with a FIN ('fin'), not a reset.
//   deviation   set where QtWebSockets 6.4 does not do what RFC 6455 asks: the expectation is then
//               what Qt does, and the text says what the RFC wants (docs/conformance.md lists them)
//   note        a remark (e.g. Autobahn NON-STRICT: allowed by the RFC, not the best behaviour)
import { createHash } from 'node:crypto';
import { Opcode, closePayload } from './rawws.mjs';
import { utf8Sequences } from './utf8_sequences.mjs';

const { CONTINUATION, TEXT, BINARY, CLOSE, PING, PONG } = Opcode;

// ---- events: both the runner (from frames) and the cases (expected) produce these strings ----

function shortJson(value) {
  const json = JSON.stringify(value);
  if (json.length <= 200)
    return json;
  return `<${json.length} chars of JSON, sha1 ${createHash('sha1').update(json).digest('hex').slice(0, 12)}>`;
}

export const ev = {
  echo: (payload) => `echo ${shortJson(payload)}`,
  error: (code) => `error ${code}`,
  pong: (payload = '') => `pong ${Buffer.from(payload).toString('hex')}`,
  ping: (payload = '') => `ping ${Buffer.from(payload).toString('hex')}`,
};

// ---- what the client sends ----

const ECHO_HEAD = Buffer.from('{"type":"echo","payload":"');
const ECHO_TAIL = Buffer.from('"}');

// The echo envelope around raw bytes placed inside its payload string (UTF-8 cases).
export function echoAround(bytes) {
  return Buffer.concat([ECHO_HEAD, Buffer.from(bytes), ECHO_TAIL]);
}

export function echoOf(payload) {
  return Buffer.from(JSON.stringify({ type: 'echo', payload }));
}

// An echo envelope of exactly `length` bytes (its payload a run of '*'), so that the frame
// length field takes the encoding a case tests (7-bit, 16-bit, 64-bit; RFC 6455 5.2).
function echoOfLength(length) {
  const padding = length - ECHO_HEAD.length - ECHO_TAIL.length;
  if (padding < 0)
    throw new Error(`an echo envelope needs at least ${ECHO_HEAD.length + ECHO_TAIL.length} bytes`);
  return { bytes: echoAround(Buffer.alloc(padding, '*')), payload: '*'.repeat(padding) };
}

const one = (payload, opcode, options = {}) => [payload, { opcode, ...options }];
const send = (...frames) => ({ frames });
const sendChopped = (chop, ...frames) => ({ frames, chop });

// Splits `bytes` into data frames of `size` bytes: first with `opcode`, the rest continuations.
function fragment(bytes, opcode, size) {
  const frames = [];
  for (let offset = 0; offset < bytes.length || frames.length === 0; offset += size) {
    const last = offset + size >= bytes.length;
    frames.push(one(bytes.subarray(offset, offset + size), frames.length ? CONTINUATION : opcode, { fin: last }));
  }
  return frames;
}

const closeFrame = (code, reason) => one(closePayload(code, reason), CLOSE);

const byClient = { initiator: 'client' };
const failedWith = (...codes) => ({ initiator: 'server', codes });

const HELLO = echoOf('Hello, world!');
const HELLO_ECHO = ev.echo('Hello, world!');

// ---- group 1: framing, text and binary messages of the sizes at the length-encoding edges ----

function group1() {
  const cases = [];
  const sizes = [0, 125, 126, 127, 128, 65535, 65536, 65536];
  sizes.forEach((size, index) => {
    const n = index + 1;
    const chop = n === 8 ? 997 : undefined;
    const choppedText = chop ? `, sent in chops of ${chop} octets` : '';
    if (size === 0) {
      cases.push({
        id: '1.1.1', rfc: '5.6', title: 'text message with an empty payload',
        expect: 'read as a (zero-length) text message: the server answers invalid_message (not JSON) and stays open',
        actions: [send(one(Buffer.alloc(0), TEXT))],
        events: [ev.error('invalid_message')], close: byClient,
      });
    } else {
      const { bytes, payload } = echoOfLength(size);
      cases.push({
        id: `1.1.${n}`, rfc: '5.2', title: `text message of ${size} bytes${choppedText}`,
        expect: 'echo reply with the payload as sent; clean close 1000',
        actions: [sendChopped(chop, one(bytes, TEXT))],
        events: [ev.echo(payload)], close: byClient,
      });
    }
    cases.push({
      id: `1.2.${n}`, rfc: '5.2', title: `binary message of ${size} bytes${choppedText}`,
      expect: 'read whole as one binary message: the server answers binary_not_supported and stays open; clean close 1000',
      actions: [sendChopped(chop, one(Buffer.alloc(size, 0xfe), BINARY))],
      events: [ev.error('binary_not_supported')], close: byClient,
    });
  });
  // 1.3.x (this suite's own; Autobahn's fuzzing client always masks and encodes lengths minimally).
  const unmasked = 'RFC 6455 5.1: "The server MUST close the connection upon receiving a frame that is not masked" '
    + '(and MAY send 1002 first); QtWebSockets 6.4 reads an unmasked client frame like a masked one and answers it';
  const small = echoOf('minimal');
  const header16 = Buffer.from([0x81, 0x80 | 126, 0, small.length]);
  const header64 = Buffer.from([0x81, 0x80 | 127, 0, 0, 0, 0, 0, 0, 0, small.length]);
  const zeroMask = Buffer.alloc(4); // a zero masking key leaves the payload as it is
  cases.push(
    { id: '1.3.1', rfc: '5.1', title: 'unmasked text frame from the client (the echo)', expect: 'the server closes the connection (1002)',
      actions: [send(one(small, TEXT, { mask: false }))], events: [ev.echo('minimal')], close: byClient, deviation: unmasked },
    { id: '1.3.2', rfc: '5.1', title: 'unmasked ping from the client', expect: 'the server closes the connection (1002)',
      actions: [send(one('unmasked', PING, { mask: false }))], events: [ev.pong('unmasked')], close: byClient, deviation: unmasked },
    { id: '1.3.3', rfc: '5.2', title: '64-bit payload length with the most significant bit set',
      expect: 'close 1002: "the most significant bit MUST be 0"',
      actions: [{ raw: Buffer.from([0x81, 0xff, 0x80, 0, 0, 0, 0, 0, 0, 5, 1, 2, 3, 4]) }], events: [], close: failedWith(1002) },
    { id: '1.3.4', rfc: '5.2', title: 'a 27-byte echo with its length in the 16-bit field (not the minimal encoding)',
      expect: 'close 1002 ("the minimal number of bytes MUST be used to encode the length"; Qt holds the sender to it)',
      actions: [{ raw: Buffer.concat([header16, zeroMask, small]) }], events: [], close: failedWith(1002) },
    { id: '1.3.5', rfc: '5.2', title: 'a 27-byte echo with its length in the 64-bit field (not the minimal encoding)',
      expect: 'close 1002 (as 1.3.4)', actions: [{ raw: Buffer.concat([header64, zeroMask, small]) }], events: [], close: failedWith(1002) },
  );
  return cases;
}

// ---- group 2: pings and pongs ----

function group2() {
  const binary = Buffer.from([0x00, 0xff, 0xfe, 0xfd, 0xfc, 0xfb, 0x00, 0xff]);
  const big = Buffer.alloc(125, 0xfe);
  const tenPings = (chop) => Array.from({ length: 10 }, (_, i) => sendChopped(chop, one(`payload-${i}`, PING)));
  const tenPongs = Array.from({ length: 10 }, (_, i) => ev.pong(`payload-${i}`));
  return [
    { id: '2.1', rfc: '5.5.2', title: 'ping without payload', expect: 'pong with an empty payload',
      actions: [send(one(undefined, PING))], events: [ev.pong()], close: byClient },
    { id: '2.2', rfc: '5.5.2', title: 'ping with a small text payload', expect: 'pong with the same payload',
      actions: [send(one('Hello, world!', PING))], events: [ev.pong('Hello, world!')], close: byClient },
    { id: '2.3', rfc: '5.5.2', title: 'ping with a small binary (not UTF-8) payload', expect: 'pong with the same payload',
      actions: [send(one(binary, PING))], events: [ev.pong(binary)], close: byClient },
    { id: '2.4', rfc: '5.5.2', title: 'ping with a 125-byte payload', expect: 'pong with the same payload',
      actions: [send(one(big, PING))], events: [ev.pong(big)], close: byClient },
    { id: '2.5', rfc: '5.5', title: 'ping with a 126-byte payload',
      expect: 'close 1002: control frames carry at most 125 bytes',
      actions: [send(one(Buffer.alloc(126, 0xfe), PING))], events: [], close: failedWith(1002) },
    { id: '2.6', rfc: '5.5.2', title: 'ping with a 125-byte payload, sent octet by octet',
      expect: 'pong with the same payload (the server is agnostic to how TCP chops the stream)',
      actions: [sendChopped(1, one(big, PING))], events: [ev.pong(big)], close: byClient },
    { id: '2.7', rfc: '5.5.3', title: 'unsolicited pong without payload, then an echo',
      expect: 'nothing answers the pong (an unsolicited pong is a unidirectional heartbeat); the echo is answered',
      actions: [send(one(undefined, PONG)), send(one(HELLO, TEXT))], events: [HELLO_ECHO], close: byClient },
    { id: '2.8', rfc: '5.5.3', title: 'unsolicited pong with payload, then an echo',
      expect: 'nothing answers the pong; the echo is answered',
      actions: [send(one('unsolicited pong payload', PONG)), send(one(HELLO, TEXT))], events: [HELLO_ECHO], close: byClient },
    { id: '2.9', rfc: '5.5.3', title: 'unsolicited pong with payload, then a ping with payload',
      expect: 'only the ping is answered, with its payload',
      actions: [send(one('unsolicited pong payload', PONG)), send(one('ping payload', PING))],
      events: [ev.pong('ping payload')], close: byClient },
    { id: '2.10', rfc: '5.5.2', title: '10 pings with payload', expect: '10 pongs, in order, each with its ping\'s payload',
      actions: tenPings(undefined), events: tenPongs, close: byClient },
    { id: '2.11', rfc: '5.5.2', title: '10 pings with payload, sent octet by octet', expect: '10 pongs, in order',
      actions: tenPings(1), events: tenPongs, close: byClient },
    { id: '2.12', rfc: '5.5', title: 'unsolicited pong with a 126-byte payload', expect: 'close 1002: control frames carry at most 125 bytes',
      actions: [send(one(Buffer.alloc(126, 0xfe), PONG))], events: [], close: failedWith(1002) },
  ];
}

// ---- group 3: reserved bits (no extension negotiated) ----

function group3() {
  const rsvCase = (n, rsv, frame, { chop, withEcho = true } = {}) => ({
    id: `3.${n}`, rfc: '5.2', title: `${withEcho ? 'echo, then ' : ''}${frame.what} with RSV = ${rsv}, then a ping${chop ? ` (${chop === 1 ? 'octet' : 'frame'}-wise chops)` : ''}`,
    expect: `${withEcho ? 'echo reply, then ' : ''}close 1002: RSV bits must be 0 when no extension defines them; no pong`,
    actions: [
      ...(withEcho ? [sendChopped(chop, one(HELLO, TEXT))] : []),
      sendChopped(chop, one(frame.payload, frame.opcode, { rsv })),
      sendChopped(chop, one(undefined, PING)),
    ],
    events: withEcho ? [HELLO_ECHO] : [], close: failedWith(1002),
  });
  const text = { what: 'echo text message', payload: HELLO, opcode: TEXT };
  return [
    rsvCase(1, 1, text, { withEcho: false }),
    rsvCase(2, 2, text),
    rsvCase(3, 3, text, { chop: 'frame' }),
    rsvCase(4, 4, text, { chop: 1 }),
    rsvCase(5, 5, { what: 'binary message', payload: Buffer.from([0xff, 0xfe, 0xfd]), opcode: BINARY }, { withEcho: false }),
    rsvCase(6, 6, { what: 'ping', payload: 'Hello, world!', opcode: PING }, { withEcho: false }),
    rsvCase(7, 7, { what: 'close', payload: closePayload(1000), opcode: CLOSE }, { withEcho: false }),
    { id: '3.8', rfc: '5.2', title: 'echo in 2 fragments, RSV1 set on the continuation frame only',
      expect: 'close 1002: RSV bits must be 0 on every frame, continuations included',
      actions: [send(one(HELLO.subarray(0, 14), TEXT, { fin: false }), one(HELLO.subarray(14), CONTINUATION, { rsv: 4 }))],
      events: [], close: failedWith(1002) },
  ];
}

// ---- group 4: reserved opcodes ----

function group4() {
  const opcodeCase = (id, opcode, { payload, withEcho }) => ({
    id, rfc: '5.2', title: `${withEcho ? 'echo, then ' : ''}frame with reserved ${opcode < 8 ? 'non-control' : 'control'} opcode ${opcode}${payload ? ' and a payload' : ''}${withEcho ? ', then a ping' : ''}`,
    expect: `${withEcho ? 'echo reply, then ' : ''}close 1002: a reserved opcode fails the connection${withEcho ? '; no pong' : ''}`,
    actions: [
      ...(withEcho ? [sendChopped(1, one(HELLO, TEXT))] : []),
      sendChopped(withEcho ? 1 : undefined, one(payload ? HELLO : undefined, opcode)),
      ...(withEcho ? [sendChopped(1, one(undefined, PING))] : []),
    ],
    events: withEcho ? [HELLO_ECHO] : [], close: failedWith(1002),
  });
  const cases = [];
  [3, 4, 5, 6, 7].forEach((opcode, i) => cases.push(opcodeCase(`4.1.${i + 1}`, opcode, { payload: i !== 0 && i !== 2, withEcho: i >= 2 })));
  [11, 12, 13, 14, 15].forEach((opcode, i) => cases.push(opcodeCase(`4.2.${i + 1}`, opcode, { payload: i !== 0 && i !== 2, withEcho: i >= 2 })));
  return cases;
}

// ---- group 5: fragmentation ----

function group5() {
  const cases = [];
  cases.push(
    { id: '5.1', rfc: '5.4', title: 'ping fragmented into 2 fragments', expect: 'close 1002: control frames must not be fragmented',
      actions: [send(one('fragment1', PING, { fin: false }), one('fragment2', CONTINUATION))], events: [], close: failedWith(1002) },
    { id: '5.2', rfc: '5.4', title: 'pong fragmented into 2 fragments', expect: 'close 1002: control frames must not be fragmented',
      actions: [send(one('fragment1', PONG, { fin: false }), one('fragment2', CONTINUATION))], events: [], close: failedWith(1002) },
  );
  const halves = [HELLO.subarray(0, 14), HELLO.subarray(14)];
  const chopNames = { undefined: 'in one write', frame: 'in frame-wise chops', 1: 'in octet-wise chops' };
  [undefined, 'frame', 1].forEach((chop, i) => {
    cases.push({
      id: `5.${3 + i}`, rfc: '5.4', title: `echo text message fragmented into 2 fragments, ${chopNames[chop]}`,
      expect: 'the reassembled message is answered',
      actions: chop === 'frame'
        ? [send(one(halves[0], TEXT, { fin: false })), send(one(halves[1], CONTINUATION))]
        : [sendChopped(chop, one(halves[0], TEXT, { fin: false }), one(halves[1], CONTINUATION))],
      events: [HELLO_ECHO], close: byClient,
    });
  });
  [undefined, 'frame', 1].forEach((chop, i) => {
    const frames = [one(halves[0], TEXT, { fin: false }), one('ping payload', PING), one(halves[1], CONTINUATION)];
    cases.push({
      id: `5.${6 + i}`, rfc: '5.4', title: `echo text message in 2 fragments with a ping in between, ${chopNames[chop]}`,
      expect: 'control frames may be injected in the middle of a fragmented message: pong, then the echo',
      actions: chop === 'frame' ? frames.map((f) => send(f)) : [sendChopped(chop, ...frames)],
      events: [ev.pong('ping payload'), HELLO_ECHO], close: byClient,
    });
  });
  [true, false].forEach((fin, f) => {
    [undefined, 'frame', 1].forEach((chop, i) => {
      const frames = [one('non-continuation payload', CONTINUATION, { fin }), one(HELLO, TEXT)];
      cases.push({
        id: `5.${9 + 3 * f + i}`, rfc: '5.4', title: `continuation frame (FIN = ${fin}) with nothing to continue, then an echo, ${chopNames[chop]}`,
        expect: 'close 1002: there is no message to continue; the echo is not answered',
        actions: chop === 'frame' ? frames.map((x) => send(x)) : [sendChopped(chop, ...frames)],
        events: [], close: failedWith(1002),
      });
    });
  });
  cases.push(
    { id: '5.15', rfc: '5.4', title: 'echo in 2 fragments, then a continuation (FIN = false) with nothing to continue, then a text frame',
      expect: 'the echo is answered, then close 1002',
      actions: [send(one(halves[0], TEXT, { fin: false }), one(halves[1], CONTINUATION),
        one('fragment3', CONTINUATION, { fin: false }), one('fragment4', TEXT))],
      events: [HELLO_ECHO], close: failedWith(1002) },
    { id: '5.16', rfc: '5.4', title: 'twice: continuation (FIN = false) with nothing to continue, then a text message in 2 fragments',
      expect: 'close 1002 at the first frame',
      actions: [send(...[0, 1].flatMap(() => [one('fragment1', CONTINUATION, { fin: false }), one('fragment2', TEXT, { fin: false }), one('fragment3', CONTINUATION)]))],
      events: [], close: failedWith(1002) },
    { id: '5.17', rfc: '5.4', title: 'twice: continuation (FIN = true) with nothing to continue, then a text message in 2 fragments',
      expect: 'close 1002 at the first frame',
      actions: [send(...[0, 1].flatMap(() => [one('fragment1', CONTINUATION), one('fragment2', TEXT, { fin: false }), one('fragment3', CONTINUATION)]))],
      events: [], close: failedWith(1002) },
    { id: '5.21', rfc: '5.4, 5.5', title: 'close frame with FIN = 0 (a fragmented control frame)',
      expect: 'close 1002: control frames must not be fragmented',
      actions: [send(one(closePayload(1000), CLOSE, { fin: false }))], events: [], close: failedWith(1002) },
    { id: '5.22', rfc: '5.4', title: 'binary message in progress (FIN = 0), then a complete echo text frame',
      expect: 'close 1002: a new data frame cannot interrupt a fragmented message',
      actions: [send(one(Buffer.from([1, 2]), BINARY, { fin: false }), one(HELLO, TEXT))], events: [], close: failedWith(1002) },
    { id: '5.18', rfc: '5.4', title: 'text message in 2 fragments, both with opcode text',
      expect: 'close 1002: every fragment after the first must have opcode 0',
      actions: [send(one(halves[0], TEXT, { fin: false }), one(halves[1], TEXT))], events: [], close: failedWith(1002) },
  );
  const pieces = [0, 1, 2, 3, 4].map((i) => HELLO.subarray(i * 7, i === 4 ? undefined : (i + 1) * 7));
  [['5.19', undefined], ['5.20', 'frame']].forEach(([id, chop]) => cases.push({
    id, rfc: '5.4', title: `echo in 5 fragments, a ping after the 2nd, a pause, another ping before the last${chop ? ' (each frame its own write)' : ''}`,
    expect: 'the first pong arrives before the message is complete; then the second pong and the echo',
    actions: [
      ...(chop ? [send(one(pieces[0], TEXT, { fin: false })), send(one(pieces[1], CONTINUATION, { fin: false })), send(one('pongme 1!', PING))]
        : [send(one(pieces[0], TEXT, { fin: false }), one(pieces[1], CONTINUATION, { fin: false }), one('pongme 1!', PING))]),
      { expect: [ev.pong('pongme 1!')], withinMs: 3000 },
      { pause: 200 },
      ...(chop ? [send(one(pieces[2], CONTINUATION, { fin: false })), send(one(pieces[3], CONTINUATION, { fin: false })),
        send(one('pongme 2!', PING)), send(one(pieces[4], CONTINUATION))]
        : [send(one(pieces[2], CONTINUATION, { fin: false }), one(pieces[3], CONTINUATION, { fin: false }),
          one('pongme 2!', PING), one(pieces[4], CONTINUATION))]),
    ],
    events: [ev.pong('pongme 2!'), HELLO_ECHO], close: byClient,
  }));
  return cases;
}

// ---- group 6: UTF-8 handling ----

// Qt 6.4's QWebSocketDataProcessor decodes every frame of a text message on its own, so a code
// point split between two frames is invalid to it.
const SPLIT_UTF8 = 'RFC 6455 5.6: "a particular text frame might include a partial UTF-8 sequence; however, the whole '
  + 'message MUST contain valid UTF-8"; QtWebSockets 6.4 decodes each frame of a text message on its own and fails '
  + 'the connection with 1007 when a code point is split between two frames';

// What the server answers to an echo envelope with `bytes` inside its payload string: valid
// UTF-8 is echoed, invalid UTF-8 fails the connection with 1007.
function utf8Expectation(valid, bytes) {
  if (!valid)
    return { events: [], close: failedWith(1007), expect: 'close 1007: invalid UTF-8 in a text message' };
  const payload = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  const outcome = { events: [ev.echo(payload)], close: byClient, expect: 'echo reply with the payload as sent' };
  try {
    JSON.parse(echoAround(bytes).toString('utf8'));
  } catch {
    // Not about RFC 6455 (the WebSocket layer rightly accepts it), but visible here.
    outcome.note = 'the envelope has a raw control character inside a JSON string, which RFC 8259 7 says must be '
      + 'escaped; the server\'s JSON parser (QJsonDocument) accepts it and echoes it';
  }
  return outcome;
}

function group6() {
  const cases = [];
  const empty = Buffer.alloc(0);
  cases.push(
    { id: '6.1.1', rfc: '5.6', title: 'text message of length 0', expect: 'read as an empty text message: the server answers invalid_message',
      actions: [send(one(empty, TEXT))], events: [ev.error('invalid_message')], close: byClient },
    { id: '6.1.2', rfc: '5.4', title: 'text message in 3 fragments of length 0', expect: 'read as an empty text message: invalid_message',
      actions: [send(one(empty, TEXT, { fin: false }), one(empty, CONTINUATION, { fin: false }), one(empty, CONTINUATION))],
      events: [ev.error('invalid_message')], close: byClient },
    { id: '6.1.3', rfc: '5.4', title: 'text message in 3 fragments, first and last of length 0, the echo in the middle',
      expect: 'echo reply', actions: [send(one(empty, TEXT, { fin: false }), one(HELLO, CONTINUATION, { fin: false }), one(empty, CONTINUATION))],
      events: [HELLO_ECHO], close: byClient },
  );
  const hello = 'Hello-µ@ßöäüàá-UTF-8!!';
  const kosme = Buffer.from('cebae1bdb9cf83cebcceb5', 'hex');
  const helloEnvelope = echoOf(hello);
  const splitAt = helloEnvelope.indexOf(Buffer.from('ü'));
  cases.push(
    { id: '6.2.1', rfc: '8.1', title: 'valid UTF-8 text message in one fragment', expect: 'echo reply',
      actions: [send(one(helloEnvelope, TEXT))], events: [ev.echo(hello)], close: byClient },
    { id: '6.2.2', rfc: '5.4, 8.1', title: 'valid UTF-8 text message in 2 fragments, split on a code point boundary', expect: 'echo reply',
      actions: [send(one(helloEnvelope.subarray(0, splitAt), TEXT, { fin: false }), one(helloEnvelope.subarray(splitAt), CONTINUATION))],
      events: [ev.echo(hello)], close: byClient },
    { id: '6.2.3', rfc: '5.4, 8.1', title: 'valid UTF-8 text message in fragments of 1 octet (frames end inside code points)',
      expect: 'echo reply', actions: [send(...fragment(helloEnvelope, TEXT, 1))],
      events: [], close: failedWith(1007), deviation: SPLIT_UTF8 },
    { id: '6.2.4', rfc: '5.4, 8.1', title: 'valid UTF-8 text message (κόσμε) in fragments of 1 octet',
      expect: 'echo reply', actions: [send(...fragment(echoAround(kosme), TEXT, 1))],
      events: [], close: failedWith(1007), deviation: SPLIT_UTF8 },
  );
  const invalid = Buffer.concat([kosme, Buffer.from('eda080', 'hex'), Buffer.from('edited')]);
  cases.push(
    { id: '6.3.1', rfc: '8.1', title: 'invalid UTF-8 (a surrogate) in a text message, unfragmented', expect: 'close 1007',
      actions: [send(one(echoAround(invalid), TEXT))], events: [], close: failedWith(1007) },
    { id: '6.3.2', rfc: '8.1', title: 'invalid UTF-8 in a text message, in fragments of 1 octet', expect: 'close 1007',
      actions: [send(...fragment(echoAround(invalid), TEXT, 1))], events: [], close: failedWith(1007) },
  );
  // 6.4.x: fail fast. PART2 is U+110000 in the UTF-8 scheme (out of range).
  const part1 = Buffer.concat([ECHO_HEAD, kosme]);
  const part2 = Buffer.from('f4908080', 'hex');
  const part3 = Buffer.concat([Buffer.from('edited'), ECHO_TAIL]);
  const whole = Buffer.concat([part1, part2, part3]);
  const at = part1.length + 1; // up to and including the octet that makes it invalid (0x90)
  const failFast = [
    ['6.4.1', 'frames', [part1, part2, part3]],
    ['6.4.2', 'frames', [whole.subarray(0, at), whole.subarray(at, at + 1), whole.subarray(at + 1)]],
    ['6.4.3', 'chops', [part1, part2, part3]],
    ['6.4.4', 'chops', [whole.subarray(0, at), whole.subarray(at, at + 1), whole.subarray(at + 1)]],
  ];
  for (const [id, how, parts] of failFast) {
    if (id === '6.4.2') {
      // Frame 1 ends in 0xF4, the valid start of a 4-byte sequence that frame 2 would continue.
      cases.push({
        id, rfc: '5.4, 8.1', title: 'invalid UTF-8 in the 2nd of 3 frames of a text message, with pauses (frame 1 ends inside a code point, frame 2 is the invalid octet)',
        expect: 'the 1st frame is accepted; the 2nd fails the connection with 1007 at once, before the 3rd is sent',
        actions: [send(one(parts[0], TEXT, { fin: false })), { expectClose: [1007], withinMs: 3000 },
          send(one(parts[1], CONTINUATION, { fin: false })), send(one(parts[2], CONTINUATION))],
        events: [], close: failedWith(1007),
        deviation: `${SPLIT_UTF8}: here the 1st frame, which ends in the lead byte 0xF4, is already refused with 1007 `
          + '(the right code for this message, but for the wrong reason and one frame early)',
      });
    } else if (how === 'frames') {
      cases.push({
        id, rfc: '8.1', title: `invalid UTF-8 in the 2nd of 3 frames of a text message, with pauses (${id === '6.4.1' ? 'whole code point' : 'up to the invalid octet'})`,
        expect: 'the 1st frame is accepted; the 2nd fails the connection with 1007 at once, before the 3rd is sent',
        actions: [send(one(parts[0], TEXT, { fin: false })), { quiet: 200 }, send(one(parts[1], CONTINUATION, { fin: false })),
          { expectClose: [1007], withinMs: 3000 }, send(one(parts[2], CONTINUATION))],
        events: [], close: failedWith(1007),
      });
    } else {
      cases.push({
        id, rfc: '8.1', title: `invalid UTF-8 in one text frame sent in 3 chops with pauses (${id === '6.4.3' ? 'whole code point' : 'up to the invalid octet'})`,
        expect: 'close 1007 once the frame is complete (Autobahn NON-STRICT: it would prefer a failure at the 2nd chop)',
        note: 'NON-STRICT in Autobahn terms: QtWebSockets validates a frame only once it has all of it, so the '
          + 'failure comes after the 3rd chop, not the 2nd; RFC 6455 8.1 does not require failing earlier',
        actions: [{ chops: { frame: one(whole, TEXT), payloadSizes: parts.map((p) => p.length), pauseMs: 200 } }],
        events: [], close: failedWith(1007),
      });
    }
  }
  let category = 5;
  for (const [title, sequences] of utf8Sequences()) {
    sequences.forEach(([valid, bytes], index) => {
      const outcome = utf8Expectation(valid, bytes);
      cases.push({
        id: `6.${category}.${index + 1}`, rfc: '8.1',
        title: `${title}: ${valid ? 'valid' : 'invalid'} UTF-8 0x${bytes.toString('hex')} in the echo payload, one frame`,
        expect: outcome.expect, actions: [send(one(echoAround(bytes), TEXT))], events: outcome.events, close: outcome.close,
        ...(outcome.note ? { note: outcome.note } : {}),
      });
    });
    category++;
  }
  return cases;
}

// ---- group 7: close handling ----

const VALID_CLOSE_CODES = [1000, 1001, 1002, 1003, 1007, 1008, 1009, 1010, 1011, 3000, 3999, 4000, 4999];
const INVALID_CLOSE_CODES = [0, 999, 1004, 1005, 1006, 1016, 1100, 2000, 2999];

function group7() {
  const cases = [];
  const hello = echoOf('Hello World!');
  cases.push(
    { id: '7.1.1', rfc: '5.5.1', title: 'echo, then close', expect: 'echo reply, then the server answers the close with 1000',
      actions: [send(one(hello, TEXT)), send(closeFrame(1000))], events: [ev.echo('Hello World!')], close: byClient },
    { id: '7.1.2', rfc: '5.5.1', title: 'two close frames', expect: 'clean close 1000; the second close is ignored',
      actions: [send(closeFrame(1000)), send(one(undefined, CLOSE))], events: [], close: byClient },
    { id: '7.1.3', rfc: '5.5.1', title: 'a ping after the close', expect: 'clean close 1000; no pong',
      actions: [send(closeFrame(1000)), send(one(undefined, PING))], events: [], close: byClient },
    { id: '7.1.4', rfc: '5.5.1', title: 'an echo after the close', expect: 'clean close 1000; the echo is not answered',
      actions: [send(closeFrame(1000)), send(one(hello, TEXT))], events: [], close: byClient },
    { id: '7.1.5', rfc: '5.5.1', title: 'fragment 1 of an echo, close, fragment 2', expect: 'clean close 1000; no echo',
      actions: [send(one(hello.subarray(0, 10), TEXT, { fin: false })), send(closeFrame(1000)), send(one(hello.subarray(10), CONTINUATION))],
      events: [], close: byClient },
  );
  {
    const big = echoOfLength(256 * 1024);
    cases.push({ id: '7.1.6', rfc: '5.5.1', title: '256 KiB echo, a small echo, close, ping (back to back)',
      expect: 'implementation defined: both echoes then the close answer, or the close first; never a pong',
      actions: [send(one(big.bytes, TEXT), one(hello, TEXT), closeFrame(1000), one(undefined, PING))],
      eventsOneOf: [[ev.echo(big.payload), ev.echo('Hello World!')], [ev.echo(big.payload)], []], close: byClient });
  }
  cases.push(
    { id: '7.3.1', rfc: '5.5.1, 7.1.5', title: 'close with an empty payload (no code, no reason)', expect: 'clean close; the answer has code 1000 or no code',
      actions: [send(one(undefined, CLOSE))], events: [], close: { initiator: 'client', codes: [1000, null] } },
    { id: '7.3.2', rfc: '5.5.1', title: 'close with a 1-byte payload', expect: 'close 1002: a close body starts with a 2-byte code',
      actions: [send(one('a', CLOSE))], events: [], close: failedWith(1002) },
    { id: '7.3.3', rfc: '5.5.1', title: 'close with code 1000 and no reason', expect: 'clean close 1000',
      actions: [send(closeFrame(1000))], events: [], close: byClient },
    { id: '7.3.4', rfc: '5.5.1', title: 'close with code 1000 and a reason', expect: 'clean close 1000',
      actions: [send(closeFrame(1000, 'Hello World!'))], events: [], close: byClient },
    { id: '7.3.5', rfc: '5.5.1', title: 'close with code 1000 and a 123-byte reason (the most that fits)', expect: 'clean close 1000',
      actions: [send(closeFrame(1000, '*'.repeat(123)))], events: [], close: byClient },
    { id: '7.3.6', rfc: '5.5', title: 'close with code 1000 and a 124-byte reason (126-byte control frame)', expect: 'close 1002: control frames carry at most 125 bytes',
      actions: [send(closeFrame(1000, '*'.repeat(124)))], events: [], close: failedWith(1002) },
    { id: '7.5.1', rfc: '5.5.1, 8.1', title: 'close with code 1000 and a reason that is not UTF-8', expect: 'close 1002 or 1007',
      actions: [send(closeFrame(1000, Buffer.from('cebae1bdb9cf83cebcceb5eda080656469746564', 'hex')))], events: [], close: failedWith(1002, 1007) },
  );
  VALID_CLOSE_CODES.forEach((code, i) => cases.push({
    id: `7.7.${i + 1}`, rfc: '7.4.1, 7.4.2', title: `close with the valid code ${code}`, expect: `clean close, answered with 1000 or ${code}`,
    actions: [send(closeFrame(code))], events: [], close: { initiator: 'client', codes: [1000, code] },
  }));
  // Registered with IANA after RFC 6455 (its 7.4.2 leaves 1000-2999 to the protocol's later
  // revisions and the registry): 1012 Service Restart, 1013 Try Again Later, 1014 Bad Gateway.
  const QT_CODES = 'QtWebSockets 6.4 accepts in a close frame only 1000-1003, 1007-1011 and 3000-4999 '
    + '(isCloseCodeValid() in its qwebsocketprotocol_p.h); 1012/1013/1014, registered with IANA for exactly this use '
    + '(service restart, try again later, bad gateway), make it fail the connection with 1002 instead of answering the close';
  [1012, 1013, 1014].forEach((code, i) => cases.push({
    id: `7.7.${14 + i}`, rfc: '7.4.2 + IANA WebSocket Close Code Number Registry', title: `close with the registered code ${code}`,
    expect: `clean close, answered with 1000 or ${code}`, actions: [send(closeFrame(code))], events: [],
    close: failedWith(1002), deviation: QT_CODES,
  }));
  [...INVALID_CLOSE_CODES, 1015].forEach((code, i) => cases.push({
    id: `7.9.${i + 1}`, rfc: '7.4.1, 7.4.2', title: `close with the invalid code ${code}`,
    expect: `close 1002: ${code === 1005 || code === 1006 || code === 1015 ? 'a code that must not be sent in a close frame' : 'a code no one may use'}`,
    actions: [send(closeFrame(code))], events: [], close: failedWith(1002),
  }));
  [5000, 65535].forEach((code, i) => cases.push({
    id: `7.13.${i + 1}`, rfc: '7.4.2', title: `close with code ${code} (outside every range of 7.4.2)`,
    expect: 'undefined by the RFC (Autobahn: informational); the server fails the connection with 1002',
    actions: [send(closeFrame(code))], events: [], close: failedWith(1002),
  }));
  return cases;
}

// ---- group 9: large messages, many fragments, many round trips (bounded to keep the run short) ----

const KiB = 1024;
const MiB = 1024 * 1024;

function group9() {
  const cases = [];
  const sizeName = (n) => (n >= MiB ? `${n / MiB} MiB` : `${n / KiB} KiB`);
  // Autobahn's sizes, up to 16 MiB (the open server's --max-message-bytes: 9.1.6 is exactly at it).
  [64 * KiB, 256 * KiB, MiB, 4 * MiB, 8 * MiB, 16 * MiB].forEach((size, i) => {
    cases.push({
      id: `9.1.${i + 1}`, rfc: '5.2', title: `echo text message of ${sizeName(size)}`, expect: 'echo reply with the payload as sent',
      timeoutMs: 15000,
      actions: () => { const m = echoOfLength(size); return [send(one(m.bytes, TEXT))]; },
      events: () => [ev.echo('*'.repeat(size - ECHO_HEAD.length - ECHO_TAIL.length))], close: byClient,
    });
    cases.push({
      id: `9.2.${i + 1}`, rfc: '5.2', title: `binary message of ${sizeName(size)}`, expect: 'read whole: binary_not_supported',
      timeoutMs: 15000,
      actions: () => [send(one(Buffer.alloc(size, 0xfe), BINARY))], events: [ev.error('binary_not_supported')], close: byClient,
    });
  });
  // 9.3 / 9.4: 1 MiB (Autobahn: 4 MiB, which triples the group's run time) in fragments of
  // 64 bytes .. 1 MiB; 9.3.9 / 9.4.9 (one 4 MiB fragment) are 9.1.4 / 9.2.4 again.
  const fragmentSizes = [64, 256, KiB, 4 * KiB, 16 * KiB, 64 * KiB, 256 * KiB, MiB];
  fragmentSizes.forEach((size, i) => {
    cases.push({
      id: `9.3.${i + 1}`, rfc: '5.4', title: `echo text message of 1 MiB in fragments of ${size} bytes`, expect: 'echo reply with the payload as sent',
      timeoutMs: 15000,
      actions: () => [send(...fragment(echoOfLength(MiB).bytes, TEXT, size))],
      events: () => [ev.echo(echoOfLength(MiB).payload)], close: byClient,
    });
    cases.push({
      id: `9.4.${i + 1}`, rfc: '5.4', title: `binary message of 1 MiB in fragments of ${size} bytes`, expect: 'read whole: binary_not_supported',
      timeoutMs: 15000,
      actions: () => [send(...fragment(Buffer.alloc(MiB, 0xfe), BINARY, size))], events: [ev.error('binary_not_supported')], close: byClient,
    });
  });
  // 9.5 / 9.6: 1 MiB in one frame, written in chops of 64 .. 2048 bytes (each its own write).
  [64, 128, 256, 512, KiB, 2 * KiB].forEach((chop, i) => {
    cases.push({
      id: `9.5.${i + 1}`, rfc: '5.2', title: `echo text message of 1 MiB written in chops of ${chop} bytes`, expect: 'echo reply with the payload as sent',
      timeoutMs: 15000,
      actions: () => [sendChopped(chop, one(echoOfLength(MiB).bytes, TEXT))],
      events: () => [ev.echo(echoOfLength(MiB).payload)], close: byClient,
    });
    cases.push({
      id: `9.6.${i + 1}`, rfc: '5.2', title: `binary message of 1 MiB written in chops of ${chop} bytes`, expect: 'read whole: binary_not_supported',
      timeoutMs: 15000,
      actions: () => [sendChopped(chop, one(Buffer.alloc(MiB, 0xfe), BINARY))], events: [ev.error('binary_not_supported')], close: byClient,
    });
  });
  // 9.7 / 9.8: 1,000 round trips, one message in flight at a time.
  [0, 16, 64, 256, KiB, 4 * KiB].forEach((size, i) => {
    const text = size === 0 ? { bytes: echoOf(''), payload: '' } : echoOfLength(Math.max(size, ECHO_HEAD.length + ECHO_TAIL.length));
    cases.push({
      id: `9.7.${i + 1}`, rfc: '5.6', title: `1000 echo round trips of ${size} bytes${size === 0 ? ' (an empty payload string)' : ''}`,
      expect: '1000 echo replies, each before the next message is sent', timeoutMs: 15000,
      actions: [{ roundTrips: { count: 1000, frame: one(text.bytes, TEXT), event: ev.echo(text.payload) } }], events: [], close: byClient,
    });
    cases.push({
      id: `9.8.${i + 1}`, rfc: '5.6', title: `1000 binary round trips of ${size} bytes`,
      expect: '1000 binary_not_supported replies, each before the next message is sent', timeoutMs: 15000,
      actions: [{ roundTrips: { count: 1000, frame: one(Buffer.alloc(size, 0xfe), BINARY), event: ev.error('binary_not_supported') } }],
      events: [], close: byClient,
    });
  });
  return cases;
}

// The server's own limits at their defaults (64 KiB per message; docs/server.md): RFC 6455 7.4.1
// 1009 "a message that is too big for it to process". Ids 9.10.x are this suite's.
function limitCases() {
  const limit = 64 * KiB;
  const atLimit = echoOfLength(limit);
  const over = echoOfLength(limit + 1);
  return [
    { id: '9.10.1', server: 'limits', rfc: '7.4.1', title: 'echo of exactly 64 KiB (the default --max-message-bytes)', expect: 'echo reply',
      actions: [send(one(atLimit.bytes, TEXT))], events: [ev.echo(atLimit.payload)], close: byClient },
    { id: '9.10.2', server: 'limits', rfc: '7.4.1', title: 'text message of 64 KiB + 1 in one frame', expect: 'close 1009 (message too big)',
      actions: [send(one(over.bytes, TEXT))], events: [], close: failedWith(1009) },
    { id: '9.10.3', server: 'limits', rfc: '7.4.1', title: 'text message of 64 KiB + 1 in fragments of 1 KiB', expect: 'close 1009 once the fragments pass the limit',
      actions: [send(...fragment(over.bytes, TEXT, KiB))], events: [], close: failedWith(1009) },
    { id: '9.10.4', server: 'limits', rfc: '7.4.1', title: 'binary message of 64 KiB + 1', expect: 'close 1009',
      actions: [send(one(Buffer.alloc(limit + 1, 0xfe), BINARY))], events: [], close: failedWith(1009) },
    { id: '9.10.5', server: 'limits', rfc: '7.4.1', title: 'only the header of a 16 MiB text frame',
      expect: 'close 1009 from the length field alone, without waiting for the payload',
      actions: [{ header: { opcode: TEXT, length: 16 * MiB } }, { expectClose: [1009], withinMs: 4000 }], events: [], close: failedWith(1009) },
  ];
}

// ---- group 10: auto-fragmentation ----

function group10() {
  const message = echoOfLength(65536);
  return [{
    id: '10.1.1', rfc: '5.4', title: 'echo text message of 65536 bytes auto-fragmented into frames of 1300 bytes',
    expect: 'echo reply with the payload as sent', actions: [send(...fragment(message.bytes, TEXT, 1300))],
    events: [ev.echo(message.payload)], close: byClient,
  }, {
    // This suite's own: found by hand (a frame left incomplete for 5 s gets the same 1001).
    id: '10.2.1', rfc: '5.4', title: 'fragmented echo whose 2nd fragment is held back for more than 5 s',
    expect: 'echo reply (RFC 6455 puts no time limit on a fragmented message)',
    timeoutMs: 10000,
    actions: [send(one(HELLO.subarray(0, 14), TEXT, { fin: false })), { expectClose: [1001], withinMs: 8000 },
      send(one(HELLO.subarray(14), CONTINUATION))],
    events: [], close: failedWith(1001),
    deviation: 'RFC 6455 5.4 lets a sender stream a fragmented message as its data becomes available, with no time '
      + 'limit; QtWebSockets 6.4 (QWebSocketDataProcessor) fails a frame or a fragmented message that stays '
      + 'incomplete for 5 s with 1001 "Timeout when reading data from socket." (1001 means "going away")',
  }];
}

// ---- H: the opening handshake (this suite's own; Autobahn has no such group) ----

// A handshake case sends `request` (its lines; HOST is replaced by the server's address) and
// expects `status` (null: no answer at all, the connection just closes) and `headers`.
function groupH() {
  const KEY = 'dGhlIHNhbXBsZSBub25jZQ=='; // RFC 6455 1.3's example; its accept value is below
  const request = ({ method = 'GET', version = 'HTTP/1.1', upgrade = 'websocket', connection = 'Upgrade', key = KEY, wsVersion = '13', extra = [] } = {}) => [
    `${method} /ws?channel=conformance ${version}`, 'Host: HOST',
    ...(upgrade ? [`Upgrade: ${upgrade}`] : []), `Connection: ${connection}`,
    ...(key ? [`Sec-WebSocket-Key: ${key}`] : []), ...(wsVersion ? [`Sec-WebSocket-Version: ${wsVersion}`] : []), ...extra,
  ];
  return [
    { id: 'H.1', rfc: '1.3, 4.2.2', title: 'the handshake of RFC 6455 1.3 (key dGhlIHNhbXBsZSBub25jZQ==)',
      expect: '101 with Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=',
      handshake: { request: request(), status: 101, headers: { upgrade: 'websocket', 'sec-websocket-accept': 's3pPLMBiTxaQ9kYGzzhZRbK+xOo=' } } },
    { id: 'H.2', rfc: '4.2.1', title: '"Upgrade: WebSocket" and "Connection: keep-alive, Upgrade" (case and token lists)',
      expect: '101: the values are case-insensitive and Connection is a token list',
      handshake: { request: request({ upgrade: 'WebSocket', connection: 'keep-alive, Upgrade' }), status: 101,
        headers: { 'sec-websocket-accept': 's3pPLMBiTxaQ9kYGzzhZRbK+xOo=' } } },
    { id: 'H.3', rfc: '4.2.2, 4.4', title: 'Sec-WebSocket-Version: 8',
      expect: 'an HTTP error "such as 426" with Sec-WebSocket-Version: 13 (the versions the server understands)',
      handshake: { request: request({ wsVersion: '8' }), status: [400, 426], headers: { 'sec-websocket-version': '13' } } },
    // H.4-H.7: QWebSocketServer 6.4 closes these without an answer; the server checks the head
    // itself before handing it over (HttpConnection, refuseWebSocketHandshake).
    { id: 'H.4', rfc: '4.2.1', title: 'no Sec-WebSocket-Version', expect: 'an HTTP error such as 400',
      handshake: { request: request({ wsVersion: null }), status: 400 } },
    { id: 'H.5', rfc: '4.2.1', title: 'no Sec-WebSocket-Key', expect: 'an HTTP error such as 400',
      handshake: { request: request({ key: null }), status: 400 } },
    { id: 'H.6', rfc: '4.2.1', title: 'HTTP/1.0 request', expect: 'an HTTP error ("the HTTP version MUST be at least 1.1", 4.1)',
      handshake: { request: request({ version: 'HTTP/1.0' }), status: 400 } },
    { id: 'H.7', rfc: '4.2.1', title: 'Sec-WebSocket-Key that is not 16 bytes once decoded ("abc")', expect: 'an HTTP error such as 400',
      handshake: { request: request({ key: 'abc' }), status: 400 } },
    { id: 'H.8', rfc: '4.1, 4.2.1', title: 'POST with the upgrade headers', expect: 'not upgraded: an HTTP error (the method MUST be GET)',
      handshake: { request: request({ method: 'POST', extra: ['Content-Length: 0'] }), status: [400, 405, 426], headers: { upgrade: 'websocket' } } },
  ];
}

export const GROUPS = [
  { group: 'H', name: 'Opening handshake', cases: groupH() },
  { group: 1, name: 'Framing (text and binary sizes)', cases: group1() },
  { group: 2, name: 'Pings and pongs', cases: group2() },
  { group: 3, name: 'Reserved bits', cases: group3() },
  { group: 4, name: 'Opcodes', cases: group4() },
  { group: 5, name: 'Fragmentation', cases: group5() },
  { group: 6, name: 'UTF-8 handling', cases: group6() },
  { group: 7, name: 'Close handling', cases: group7() },
  { group: 9, name: 'Limits and performance', cases: [...group9(), ...limitCases()] },
  { group: 10, name: 'Auto-fragmentation and slow fragments', cases: group10() },
];
