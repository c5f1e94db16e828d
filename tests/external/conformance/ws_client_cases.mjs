// The cases of the RFC 6455 client conformance suite (ws_client_conformance.test.mjs), ported
// from the Autobahn TestSuite's case groups 1-7, 9 and 10 (autobahntestsuite/case/*.py) for a
// testee client, plus cases of our own (`own: true`) where Autobahn has none for a rule the client
// implements (1012-1014 and other close codes, the 1009 limit, masked server frames, handshake).
//
// A case is played by the raw-frame server on one connection of the client under test, which
// echoes every text and binary message back. Fields:
//   id, rfc          Autobahn's case number; the RFC 6455 section whose rule it checks
//   description      what the server sends; expectation: what the client must do
//   run(s)           plays the case on the session `s` (see Session in the runner)
//   events           what the server must receive, in order, from the client: ['message', kind,
//                    payload] (kind 'text'|'binary'), ['pong', payload], ['mark', name] (the case's
//                    own checkpoints, Autobahn's "timeout" events); or a function (got, s) => error
//                    string | null for the big cases (the runner then waits for `eventCount`
//                    events, default 1, before it closes)
//   close            who starts the closing handshake and which code the client's Close frame must
//                    carry: {by:'server', code} (the runner sends Close `code` once `events` arrived;
//                    the client must echo it, null = empty body), {by:'server', codes, sent:true}
//                    (run() sent the Close itself), {by:'client', codes} (the client must fail the
//                    connection with one of `codes`), {handshake:'rejected'} (no session may open)
//   deviation        a known departure from the RFC that we chose to keep, visible in the report:
//                    {rfc, actual, events?, close?}: what the RFC says, what the client does
//                    instead, and the expectation that matches what it does
//
// Sizes of group 9 are Autobahn's up to 16 MiB per message; only the round-trip counts (9.7/9.8:
// 250 instead of 1000) and the endless message (9.9.1: 2,048 frames instead of 3 s) are bounded
// differently, and Autobahn's pauses of 1 s (5.19/5.20, 6.4.x) are 200 ms, so the suite stays fast.
// Where Autobahn also rates a weaker outcome NON-STRICT or INFORMATIONAL, the strict one is expected.

import { utf8Sequences } from './utf8_sequences.mjs';

const te = new TextEncoder();
const bytes = (value) => (typeof value === 'string' ? Buffer.from(te.encode(value)) : Buffer.from(value));
const hex = (text) => Buffer.from(text.replace(/\s+/g, ''), 'hex');
const repeat = (pattern, length) => Buffer.alloc(length, bytes(pattern));

// What the server expects to receive back.
const text = (payload) => ['message', 'text', bytes(payload)];
const binary = (payload) => ['message', 'binary', bytes(payload)];
const pong = (payload = '') => ['pong', bytes(payload)];
const mark = (name) => ['mark', name];

// The usual endings: the server closes with 1000 once the echo is in (Autobahn's
// finishWhenDone), or the client must fail the connection.
const serverClose = (code = 1000) => ({ by: 'server', code });
const protocolError = { by: 'client', codes: [1002] };
const invalidPayload = { by: 'client', codes: [1007] };

// A valid UTF-8 string the Autobahn cases use again and again (Greek "kosme").
const KOSME = hex('cebae1bdb9cf83cebcceb5');

function group1() {
  const cases = [];
  const sizes = [0, 125, 126, 127, 128, 65535, 65536, 65536];
  sizes.forEach((size, i) => {
    const chop = i === 7 ? 997 : undefined;
    cases.push({
      id: `1.1.${i + 1}`, rfc: '5.6, 5.2',
      description: `text message of ${size} bytes in one frame${chop ? `, written in chops of ${chop} bytes` : ''}` +
        (size > 125 ? ` (${size > 65535 ? '64' : '16'}-bit extended length)` : ''),
      expectation: 'echoed as one text message with the same payload; clean close 1000',
      run: (s) => s.send({ opcode: 1, payload: repeat('*', size) }, { chop }),
      events: [text(repeat('*', size))], close: serverClose(),
    });
    cases.push({
      id: `1.2.${i + 1}`, rfc: '5.6, 5.2',
      description: `binary message of ${size} bytes 0xfe in one frame${chop ? `, written in chops of ${chop} bytes` : ''}`,
      expectation: 'echoed as one binary message with the same payload; clean close 1000',
      run: (s) => s.send({ opcode: 2, payload: repeat([0xfe], size) }, { chop }),
      events: [binary(repeat([0xfe], size))], close: serverClose(),
    });
  });
  // Length encodings Autobahn does not try.
  cases.push({
    id: '1.3.1', own: true, rfc: '5.2',
    description: 'text message of 5 bytes announced with the 16-bit extended length (126, then 0x0005)',
    expectation: 'accepted and echoed: the shortest form is a sender\'s duty, a longer one is unambiguous',
    run: (s) => s.sendRaw(Buffer.concat([hex('817e0005'), bytes('Hello')])),
    events: [text('Hello')], close: serverClose(),
  });
  cases.push({
    id: '1.3.2', own: true, rfc: '5.2',
    description: 'frame with a 64-bit payload length whose most significant bit is set',
    expectation: 'the client fails the connection with 1002 ("the most significant bit MUST be 0")',
    run: (s) => s.sendRaw(hex('827f8000000000000005 0102030405')),
    events: [], close: protocolError,
  });
  return cases;
}

function group2() {
  const cases = [];
  const pingCase = (id, description, payload, options = {}) => ({
    id, rfc: '5.5.2, 5.5.3', description,
    expectation: 'a Pong with the same application data; clean close 1000',
    run: (s) => s.send({ opcode: 9, payload }, options),
    events: [pong(payload)], close: serverClose(),
  });
  cases.push(pingCase('2.1', 'Ping without payload', ''));
  cases.push(pingCase('2.2', 'Ping with a small text payload', 'Hello, world!'));
  cases.push(pingCase('2.3', 'Ping with a small binary (non UTF-8) payload', hex('00fffefdfcfb00ff')));
  cases.push(pingCase('2.4', 'Ping with 125 bytes of binary payload', repeat([0xfe], 125)));
  cases.push({
    id: '2.5', rfc: '5.5',
    description: 'Ping with 126 bytes of payload (control frames carry at most 125)',
    expectation: 'the client fails the connection with 1002',
    run: (s) => s.send({ opcode: 9, payload: repeat([0xfe], 126) }),
    events: [], close: protocolError,
  });
  cases.push(pingCase('2.6', 'Ping with 125 bytes of payload, written one byte at a time', repeat([0xfe], 125), { chop: 1 }));
  cases.push({
    id: '2.7', rfc: '5.5.3',
    description: 'unsolicited Pong without payload, then Close 1000',
    expectation: 'nothing in reply to the Pong; Close 1000 echoed',
    run: async (s) => { await s.send({ opcode: 10, payload: '' }); await s.close(1000); },
    events: [], close: { by: 'server', codes: [1000], sent: true },
  });
  cases.push({
    id: '2.8', rfc: '5.5.3',
    description: 'unsolicited Pong with payload, then Close 1000',
    expectation: 'nothing in reply to the Pong; Close 1000 echoed',
    run: async (s) => { await s.send({ opcode: 10, payload: 'unsolicited pong payload' }); await s.close(1000); },
    events: [], close: { by: 'server', codes: [1000], sent: true },
  });
  cases.push({
    id: '2.9', rfc: '5.5.2, 5.5.3',
    description: 'unsolicited Pong with payload, then Ping with payload',
    expectation: 'nothing for the Pong, a Pong for the Ping; clean close 1000',
    run: async (s) => { await s.send([{ opcode: 10, payload: 'unsolicited pong payload' }, { opcode: 9, payload: 'ping payload' }]); },
    events: [pong('ping payload')], close: serverClose(),
  });
  cases.push({
    id: '2.12', own: true, rfc: '5.5',
    description: 'unsolicited Pong with 126 bytes of payload (control frames carry at most 125)',
    expectation: 'the client fails the connection with 1002 (the limit holds for every control frame, not only Pings)',
    run: (s) => s.send({ opcode: 10, payload: repeat([0xfe], 126) }),
    events: [], close: protocolError,
  });
  for (const [id, chop] of [['2.10', undefined], ['2.11', 1]]) {
    const payloads = Array.from({ length: 10 }, (_, i) => `payload-${i}`);
    cases.push({
      id, rfc: '5.5.2, 5.5.3',
      description: `10 Pings with payload${chop ? ', written one byte at a time' : ''}`,
      expectation: 'a Pong for each, in order (RFC 5.5.3 allows answering only the last; Autobahn checks all)',
      run: (s) => s.send(payloads.map((payload) => ({ opcode: 9, payload })), { chop }),
      events: payloads.map((payload) => pong(payload)), close: serverClose(),
    });
  }
  return cases;
}

function group3() {
  const hello = 'Hello, world!';
  const cases = [];
  cases.push({
    id: '3.1', rfc: '5.2',
    description: 'small text message with RSV = 1 (RSV3 bit)',
    expectation: 'the client fails the connection with 1002 (no extension was negotiated)',
    run: (s) => s.send({ opcode: 1, payload: hello, rsv: 1 }),
    events: [], close: protocolError,
  });
  const threeFrames = (id, rsv, options, how) => ({
    id, rfc: '5.2',
    description: `small text message, then the same with RSV = ${rsv}, then a Ping${how}`,
    expectation: 'the first message is echoed; then the client fails with 1002 and does not answer the Ping',
    run: (s) => s.send([{ opcode: 1, payload: hello }, { opcode: 1, payload: hello, rsv }, { opcode: 9, payload: '' }], options),
    events: [text(hello)], close: protocolError,
  });
  cases.push(threeFrames('3.2', 2, {}, ''));
  cases.push(threeFrames('3.3', 3, { sync: true }, ', frame by frame'));
  cases.push(threeFrames('3.4', 4, { chop: 1 }, ', one byte at a time'));
  cases.push({
    id: '3.5', rfc: '5.2',
    description: 'small binary message with RSV = 5',
    expectation: 'the client fails the connection with 1002',
    run: (s) => s.send({ opcode: 2, payload: hex('00fffefdfcfb00ff'), rsv: 5 }),
    events: [], close: protocolError,
  });
  cases.push({
    id: '3.6', rfc: '5.2',
    description: 'Ping with RSV = 6',
    expectation: 'the client fails the connection with 1002 and sends no Pong',
    // Autobahn's 3.6 says Ping but sends opcode 2; this one sends the Ping it describes.
    run: (s) => s.send({ opcode: 9, payload: hello, rsv: 6 }),
    events: [], close: protocolError,
  });
  cases.push({
    id: '3.7', rfc: '5.2',
    description: 'Close with RSV = 7',
    expectation: 'the client fails the connection with 1002 (the frame is not a valid Close)',
    run: (s) => s.send({ opcode: 8, payload: '', rsv: 7 }),
    events: [], close: protocolError,
  });
  return cases;
}

function group4() {
  const hello = 'Hello, world!';
  const cases = [];
  const alone = (id, opcode, payload) => ({
    id, rfc: '5.2',
    description: `frame with reserved ${opcode < 8 ? 'non-control' : 'control'} opcode ${opcode}${payload ? ' and a payload' : ''}`,
    expectation: 'the client fails the connection with 1002',
    run: (s) => s.send({ opcode, payload: payload ?? '' }),
    events: [], close: protocolError,
  });
  const between = (id, opcode, payload, options = {}) => ({
    id, rfc: '5.2',
    description: `small text message, then a frame with reserved opcode ${opcode}${payload ? ' and a payload' : ''}, then a Ping` +
      (options.chop ? ', one byte at a time' : ''),
    expectation: 'the message is echoed; then the client fails with 1002 and does not answer the Ping',
    run: (s) => s.send([{ opcode: 1, payload: hello }, { opcode, payload: payload ?? '' }, { opcode: 9, payload: '' }], options),
    events: [text(hello)], close: protocolError,
  });
  cases.push(alone('4.1.1', 3));
  cases.push(alone('4.1.2', 4, 'reserved opcode payload'));
  cases.push(between('4.1.3', 5));
  cases.push(between('4.1.4', 6, hello));
  cases.push(between('4.1.5', 7, hello, { chop: 1 }));
  cases.push(alone('4.2.1', 11));
  cases.push(alone('4.2.2', 12, 'reserved opcode payload'));
  cases.push(between('4.2.3', 13));
  cases.push(between('4.2.4', 14, hello));
  cases.push(between('4.2.5', 15, hello, { chop: 1 }));
  return cases;
}

function group5() {
  const cases = [];
  const f = (opcode, fin, payload) => ({ opcode, fin, payload });
  cases.push({
    id: '5.1', rfc: '5.4, 5.5',
    description: 'Ping fragmented into 2 fragments',
    expectation: 'the client fails the connection with 1002 (control frames must not be fragmented)',
    run: (s) => s.send([f(9, false, 'fragment1'), f(0, true, 'fragment2')]),
    events: [], close: protocolError,
  });
  cases.push({
    id: '5.2', rfc: '5.4, 5.5',
    description: 'Pong fragmented into 2 fragments',
    expectation: 'the client fails the connection with 1002',
    run: (s) => s.send([f(10, false, 'fragment1'), f(0, true, 'fragment2')]),
    events: [], close: protocolError,
  });
  for (const [id, options, how] of [['5.3', {}, ''], ['5.4', { sync: true }, ', frame by frame'], ['5.5', { chop: 1 }, ', one byte at a time']]) {
    cases.push({
      id, rfc: '5.4',
      description: `text message in 2 fragments${how}`,
      expectation: 'echoed as one text message "fragment1fragment2"; clean close 1000',
      run: (s) => s.send([f(1, false, 'fragment1'), f(0, true, 'fragment2')], options),
      events: [text('fragment1fragment2')], close: serverClose(),
    });
  }
  for (const [id, options, how] of [['5.6', {}, ''], ['5.7', { sync: true }, ', frame by frame'], ['5.8', { chop: 1 }, ', one byte at a time']]) {
    cases.push({
      id, rfc: '5.4, 5.5',
      description: `text message in 2 fragments with a Ping in between${how}`,
      expectation: 'the Pong right away (control frames may be injected between fragments), then the echoed message',
      run: (s) => s.send([f(1, false, 'fragment1'), f(9, true, 'ping payload'), f(0, true, 'fragment2')], options),
      events: [pong('ping payload'), text('fragment1fragment2')], close: serverClose(),
    });
  }
  const nothingToContinue = [
    ['5.9', true, {}, ''], ['5.10', true, { sync: true }, ', frame by frame'], ['5.11', true, { chop: 1 }, ', one byte at a time'],
    ['5.12', false, {}, ''], ['5.13', false, { sync: true }, ', frame by frame'], ['5.14', false, { chop: 1 }, ', one byte at a time'],
  ];
  for (const [id, fin, options, how] of nothingToContinue) {
    cases.push({
      id, rfc: '5.4',
      description: `continuation frame with FIN = ${fin} where there is nothing to continue, then a text message${how}`,
      expectation: 'the client fails the connection with 1002',
      run: (s) => s.send([f(0, fin, 'non-continuation payload'), f(1, true, 'Hello, world!')], options),
      events: [], close: protocolError,
    });
  }
  cases.push({
    id: '5.15', rfc: '5.4',
    description: 'text message in 2 fragments, then a continuation frame (FIN = false) with nothing to continue, then a text message',
    expectation: 'the first message is echoed; then the client fails with 1002',
    run: (s) => s.send([f(1, false, 'fragment1'), f(0, true, 'fragment2'), f(0, false, 'fragment3'), f(1, true, 'fragment4')]),
    events: [text('fragment1fragment2')], close: protocolError,
  });
  for (const [id, fin] of [['5.16', false], ['5.17', true]]) {
    cases.push({
      id, rfc: '5.4',
      description: `twice: a continuation frame (FIN = ${fin}) with nothing to continue, then a text message in 2 fragments`,
      expectation: 'the client fails the connection with 1002 at the first frame',
      run: (s) => s.send([0, 1].flatMap(() => [f(0, fin, 'fragment1'), f(1, false, 'fragment2'), f(0, true, 'fragment3')])),
      events: [], close: protocolError,
    });
  }
  cases.push({
    id: '5.18', rfc: '5.4',
    description: 'text message in 2 fragments whose second frame is a text frame, not a continuation',
    expectation: 'the client fails the connection with 1002 (a new message inside a fragmented one)',
    run: (s) => s.send([f(1, false, 'fragment1'), f(1, true, 'fragment2')]),
    events: [], close: protocolError,
  });
  cases.push({
    id: '5.21', own: true, rfc: '5.4, 5.5',
    description: 'Close 1000 with FIN = 0, then a continuation frame',
    expectation: 'the client fails the connection with 1002 (a fragmented control frame is no Close to answer)',
    run: (s) => s.send([f(8, false, Buffer.from([0x03, 0xe8])), f(0, true, 'bye')]),
    events: [], close: protocolError,
  });
  for (const [id, sync] of [['5.19', false], ['5.20', true]]) {
    cases.push({
      id, rfc: '5.4, 5.5',
      description: 'text message in 5 fragments with 2 Pings in between and a pause of 200 ms after the first Ping' +
        (sync ? ', frame by frame' : ''),
      expectation: 'each Pong right away, then the message "fragment1...fragment5" echoed',
      run: async (s) => {
        await s.send([f(1, false, 'fragment1'), f(0, false, 'fragment2'), f(9, true, 'pongme 1!')], { sync });
        await s.waitEvents(1, 200);
        await s.sleep(200);
        await s.send([f(0, false, 'fragment3'), f(0, false, 'fragment4'), f(9, true, 'pongme 2!'), f(0, true, 'fragment5')], { sync });
      },
      events: [pong('pongme 1!'), pong('pongme 2!'), text('fragment1fragment2fragment3fragment4fragment5')], close: serverClose(),
    });
  }
  return cases;
}

function group6() {
  const cases = [];
  const f = (opcode, fin, payload) => ({ opcode, fin, payload });
  cases.push({
    id: '6.1.1', rfc: '5.6, 8.1', description: 'text message of length 0',
    expectation: 'echoed (empty); clean close 1000',
    run: (s) => s.send(f(1, true, '')), events: [text('')], close: serverClose(),
  });
  cases.push({
    id: '6.1.2', rfc: '5.4', description: 'text message in 3 fragments, each of length 0',
    expectation: 'echoed as one empty text message',
    run: (s) => s.send([f(1, false, ''), f(0, false, ''), f(0, true, '')]), events: [text('')], close: serverClose(),
  });
  cases.push({
    id: '6.1.3', rfc: '5.4', description: 'text message in 3 fragments, first and last of length 0',
    expectation: 'echoed as "middle frame payload"',
    run: (s) => s.send([f(1, false, ''), f(0, false, 'middle frame payload'), f(0, true, '')]),
    events: [text('middle frame payload')], close: serverClose(),
  });
  const greeting = bytes('Hello-µ@ßöäüàá-UTF-8!!');
  cases.push({
    id: '6.2.1', rfc: '8.1', description: 'valid UTF-8 text message in one frame',
    expectation: 'echoed', run: (s) => s.send(f(1, true, greeting)), events: [text(greeting)], close: serverClose(),
  });
  cases.push({
    id: '6.2.2', rfc: '5.4, 8.1', description: 'valid UTF-8 text message in 2 fragments split on a code point boundary',
    expectation: 'echoed', run: (s) => s.send([f(1, false, 'Hello-µ@ßöä'), f(0, true, 'üàá-UTF-8!!')]),
    events: [text(greeting)], close: serverClose(),
  });
  cases.push({
    id: '6.2.3', rfc: '5.4, 8.1', description: 'valid UTF-8 text message in fragments of 1 byte (code points split across frames)',
    expectation: 'echoed: validity is a property of the whole message, not of each frame',
    run: (s) => s.sendMessage(greeting, { fragmentSize: 1 }), events: [text(greeting)], close: serverClose(),
  });
  cases.push({
    id: '6.2.4', rfc: '5.4, 8.1', description: 'valid UTF-8 text message (κόσμε) in fragments of 1 byte',
    expectation: 'echoed', run: (s) => s.sendMessage(KOSME, { fragmentSize: 1 }), events: [text(KOSME)], close: serverClose(),
  });
  const grin = bytes('smile \u{1F600}!'); // U+1F600 is F0 9F 98 80
  cases.push({
    id: '6.2.5', own: true, rfc: '5.4, 8.1',
    description: 'valid UTF-8 text message in 2 fragments that split the 4-byte code point U+1F600 after its second byte',
    expectation: 'echoed: the code point is complete once the message is',
    run: (s) => s.send([f(1, false, grin.subarray(0, 8)), f(0, true, grin.subarray(8))]),
    events: [text(grin)], close: serverClose(),
  });
  const invalid = Buffer.concat([KOSME, hex('eda080'), bytes('edited')]);
  cases.push({
    id: '6.3.1', rfc: '8.1', description: `invalid UTF-8 text message (a surrogate, ED A0 80) in one frame: ${invalid.toString('hex')}`,
    expectation: 'the client fails the connection with 1007',
    run: (s) => s.send(f(1, true, invalid)), events: [], close: invalidPayload,
  });
  cases.push({
    id: '6.3.2', rfc: '8.1', description: 'the same invalid message in fragments of 1 byte',
    expectation: 'the client fails the connection with 1007',
    run: (s) => s.sendMessage(invalid, { fragmentSize: 1 }), events: [], close: invalidPayload,
  });
  cases.push({
    id: '6.3.3', own: true, rfc: '8.1',
    description: 'text message in 2 fragments whose last fragment ends after the first 2 bytes of the 3-byte sequence E1 BD B9',
    expectation: 'the client fails the connection with 1007: each fragment looks fine, the message ends inside a character',
    run: (s) => s.send([f(1, false, KOSME.subarray(0, 2)), f(0, true, KOSME.subarray(2, 4))]),
    events: [], close: invalidPayload,
  });
  // 6.4: fail fast. Part 1 is valid and must be taken (checkpoint A); part 2 makes the message
  // invalid and must be refused at once, before checkpoint B 200 ms later.
  const tooHigh = Buffer.concat([KOSME, hex('f4908080'), bytes('edited')]); // U+110000
  const parts = [
    ['6.4.1', 'in 3 frames; the second frame holds F4 90 80 80 (U+110000)', [KOSME, hex('f4908080'), bytes('edited')], 'frames'],
    ['6.4.2', 'in 3 frames; the second frame holds only the byte 0x90 that makes it invalid', [tooHigh.subarray(0, 12), tooHigh.subarray(12, 13), tooHigh.subarray(13)], 'frames'],
    ['6.4.3', 'in 3 chops of one frame; the second chop holds F4 90 80 80', [KOSME, hex('f4908080'), bytes('edited')], 'chops'],
    ['6.4.4', 'in 3 chops of one frame; the second chop holds only the byte 0x90', [tooHigh.subarray(0, 12), tooHigh.subarray(12, 13), tooHigh.subarray(13)], 'chops'],
  ];
  for (const [id, how, [p1, second, third], mode] of parts) {
    cases.push({
      id, rfc: '8.1, 5.6',
      description: `text message that turns invalid in its middle, ${how}, with pauses of 200 ms between the parts`,
      expectation: 'the first part is accepted (checkpoint A); the second is refused at once with 1007 (fail fast), before checkpoint B',
      run: async (s) => {
        let [p2, p3] = [second, third];
        if (mode === 'frames') {
          await s.send(f(1, false, p1));
        } else {
          // One frame announcing the whole length; its payload leaves in three writes.
          const frame = s.frameBytes({ opcode: 1, payload: Buffer.concat([p1, p2, p3]) });
          const head = frame.length - (p1.length + p2.length + p3.length);
          await s.sendRaw(frame.subarray(0, head + p1.length));
          p2 = frame.subarray(head + p1.length, head + p1.length + p2.length);
          p3 = frame.subarray(head + p1.length + p2.length);
        }
        if (await s.waitClientClose(200))
          return;
        s.mark('A');
        await (mode === 'frames' ? s.send(f(0, false, p2)) : s.sendRaw(p2));
        if (await s.waitClientClose(200))
          return;
        s.mark('B');
        await (mode === 'frames' ? s.send(f(0, true, p3)) : s.sendRaw(p3));
      },
      events: [mark('A')], close: invalidPayload,
    });
  }
  utf8Sequences().forEach(([, list], category) => {
    list.forEach(([isValid, payload], i) => {
      cases.push({
        id: `6.${category + 5}.${i + 1}`, rfc: '8.1',
        description: `text message in one frame, ${isValid ? 'valid' : 'not valid'} UTF-8: 0x${payload.toString('hex')}`,
        expectation: isValid ? 'echoed' : 'the client fails the connection with 1007',
        run: (s) => s.send(f(1, true, payload)),
        events: isValid ? [text(payload)] : [], close: isValid ? serverClose() : invalidPayload,
      });
    });
  });
  return cases;
}

function group7() {
  const cases = [];
  const f = (opcode, fin, payload) => ({ opcode, fin, payload });
  const closeBody = (code, reason = Buffer.alloc(0)) => {
    const body = Buffer.alloc(2);
    body.writeUInt16BE(code);
    return Buffer.concat([body, bytes(reason)]);
  };
  cases.push({
    id: '7.1.1', rfc: '5.5.1', description: 'a text message, then (once echoed) Close 1000',
    expectation: 'the message echoed, then Close 1000 echoed', run: (s) => s.send(f(1, true, 'Hello World!')),
    events: [text('Hello World!')], close: serverClose(),
  });
  cases.push({
    id: '7.1.2', rfc: '5.5.1', description: 'two Close frames (1000, then an empty one)',
    expectation: 'Close 1000 echoed once; the second Close is ignored (nothing after a Close is read)',
    run: (s) => s.send([f(8, true, closeBody(1000)), f(8, true, '')]),
    events: [], close: { by: 'server', codes: [1000], sent: true },
  });
  cases.push({
    id: '7.1.3', rfc: '5.5.1', description: 'Close 1000, then a Ping',
    expectation: 'Close 1000 echoed, no Pong',
    run: (s) => s.send([f(8, true, closeBody(1000)), f(9, true, '')]),
    events: [], close: { by: 'server', codes: [1000], sent: true },
  });
  cases.push({
    id: '7.1.4', rfc: '5.5.1', description: 'Close 1000, then a text message',
    expectation: 'Close 1000 echoed; the message is ignored',
    run: (s) => s.send([f(8, true, closeBody(1000)), f(1, true, 'Hello World!')]),
    events: [], close: { by: 'server', codes: [1000], sent: true },
  });
  cases.push({
    id: '7.1.5', rfc: '5.5.1, 5.4', description: 'first fragment of a text message, Close 1000, then the last fragment',
    expectation: 'Close 1000 echoed; no message',
    run: (s) => s.send([f(1, false, 'fragment1'), f(8, true, closeBody(1000)), f(0, true, 'fragment2')]),
    events: [], close: { by: 'server', codes: [1000], sent: true },
  });
  const big = repeat('BAsd7&jh23', 256 * 1024);
  cases.push({
    id: '7.1.6', rfc: '5.5.1',
    description: 'a 256 KiB text message, a small text message, Close 1000 and a Ping, back to back',
    expectation: 'both messages echoed in order (they came before the Close), Close 1000 echoed, no Pong ' +
      '(Autobahn rates this case informational)',
    run: (s) => s.send([f(1, true, big), f(1, true, 'Hello World!'), f(8, true, closeBody(1000)), f(9, true, '')]),
    events: [text(big), text('Hello World!')], close: { by: 'server', codes: [1000], sent: true },
  });
  cases.push({
    id: '7.3.1', rfc: '5.5.1, 7.1.5', description: 'Close with an empty body (no code, no reason)',
    expectation: 'answered with a Close with an empty body too; the client reports 1005 (no status received)',
    run: (s) => s.send(f(8, true, '')), events: [], close: { by: 'server', codes: [null], sent: true },
  });
  cases.push({
    id: '7.3.2', rfc: '5.5.1', description: 'Close with a body of 1 byte',
    expectation: 'the client answers with 1002 (a body starts with a 2-byte code)',
    run: (s) => s.send(f(8, true, 'a')), events: [], close: { by: 'server', codes: [1002], sent: true },
  });
  cases.push({
    id: '7.3.3', rfc: '5.5.1', description: 'Close 1000 without a reason',
    expectation: 'Close 1000 echoed', run: (s) => s.close(1000), events: [], close: { by: 'server', codes: [1000], sent: true },
  });
  cases.push({
    id: '7.3.4', rfc: '5.5.1', description: 'Close 1000 with the reason "Hello World!"',
    expectation: 'Close 1000 echoed', run: (s) => s.close(1000, 'Hello World!'), events: [], close: { by: 'server', codes: [1000], sent: true },
  });
  cases.push({
    id: '7.3.5', rfc: '5.5, 5.5.1', description: 'Close 1000 with a reason of 123 bytes (the most that fits)',
    expectation: 'Close 1000 echoed', run: (s) => s.close(1000, '*'.repeat(123)), events: [], close: { by: 'server', codes: [1000], sent: true },
  });
  cases.push({
    id: '7.3.6', rfc: '5.5', description: 'Close 1000 with a reason of 124 bytes (a body of 126 bytes)',
    expectation: 'the client answers with 1002 (control frames carry at most 125 bytes)',
    run: (s) => s.send(f(8, true, closeBody(1000, '*'.repeat(124)))), events: [], close: { by: 'server', codes: [1002], sent: true },
  });
  cases.push({
    id: '7.5.1', rfc: '5.5.1, 8.1', description: 'Close 1000 whose reason is not valid UTF-8 (a surrogate)',
    expectation: 'the client answers with 1007 (Autobahn accepts 1002 or 1007)',
    run: (s) => s.send(f(8, true, closeBody(1000, Buffer.concat([KOSME, hex('eda080'), bytes('edited')])))),
    events: [], close: { by: 'server', codes: [1002, 1007], sent: true },
  });
  const validCodes = [1000, 1001, 1002, 1003, 1007, 1008, 1009, 1010, 1011, 3000, 3999, 4000, 4999];
  validCodes.forEach((code, i) => cases.push({
    id: `7.7.${i + 1}`, rfc: '7.4.1, 7.4.2', description: `Close with the valid code ${code}`,
    expectation: `Close ${code} echoed (Autobahn also accepts 1000)`,
    run: (s) => s.close(code), events: [], close: { by: 'server', codes: [code, 1000], sent: true },
  }));
  // Registered in the IANA "WebSocket Close Code Number Registry" (7.4.2 points there) after
  // the RFC: 1012 Service Restart, 1013 Try Again Later, 1014 Bad Gateway. Autobahn predates them.
  [[1012, 'Service Restart'], [1013, 'Try Again Later'], [1014, 'Bad Gateway']].forEach(([code, name], i) => cases.push({
    id: `7.7.${validCodes.length + i + 1}`, own: true, rfc: '7.4.2 (IANA registry)',
    description: `Close with the registered code ${code} (${name})`,
    expectation: `Close ${code} echoed: a valid code to receive`,
    run: (s) => s.close(code, name), events: [], close: { by: 'server', codes: [code], sent: true },
  }));
  const invalidCodes = [0, 999, 1004, 1005, 1006, 1016, 1100, 2000, 2999];
  invalidCodes.forEach((code, i) => cases.push({
    id: `7.9.${i + 1}`, rfc: '7.4.1, 7.4.2', description: `Close with the invalid code ${code}`,
    expectation: 'the client answers with 1002',
    run: (s) => s.close(code), events: [], close: { by: 'server', codes: [1002], sent: true },
  }));
  cases.push({
    id: `7.9.${invalidCodes.length + 1}`, own: true, rfc: '7.4.1', description: 'Close with the code 1015 (TLS handshake failure, reporting only)',
    expectation: 'the client answers with 1002: 1015 "MUST NOT be set as a status code in a Close control frame"',
    run: (s) => s.close(1015), events: [], close: { by: 'server', codes: [1002], sent: true },
  });
  for (const [id, code] of [['7.13.1', 5000], ['7.13.2', 65535]]) {
    cases.push({
      id, rfc: '7.4.2', description: `Close with the code ${code} (outside every defined range)`,
      expectation: 'the client answers with 1002 (the RFC leaves it undefined; Autobahn accepts 1000, the code, or 1002)',
      run: (s) => s.close(code), events: [], close: { by: 'server', codes: [1002], sent: true },
    });
  }
  return cases;
}

function group9() {
  const cases = [];
  const KiB = 1024, MiB = 1024 * 1024;
  const sizeName = (n) => (n >= MiB ? `${n / MiB} MiB` : `${n / KiB} KiB`);
  // Compares lengths and bytes without printing megabytes into a failure message.
  // Megabyte payloads are made when their case runs (s.keep() holds the one sent for the check),
  // not when the table is built.
  const oneMessage = (kind) => (got, s) => {
    const payload = s.kept;
    if (got.length !== 1 || got[0][0] !== 'message')
      return `expected one echoed message, got ${got.length} events`;
    if (got[0][1] !== kind)
      return `expected a ${kind} message, got ${got[0][1]}`;
    if (!got[0][2].equals(payload))
      return `echoed payload differs (${got[0][2].length} bytes back for ${payload.length} sent)`;
    return null;
  };
  [64 * KiB, 256 * KiB, MiB, 4 * MiB, 8 * MiB, 16 * MiB].forEach((size, i) => {
    const textPayload = () => repeat('BAsd7&jh23', size);
    const binaryPayload = () => repeat([0x00, 0xfe, 0x23, 0xfa, 0xf0], size);
    cases.push({
      id: `9.1.${i + 1}`, rfc: '5.2, 5.6', description: `text message of ${sizeName(size)} in one frame`,
      expectation: 'echoed whole', timeoutMs: 20000,
      run: (s) => s.send({ opcode: 1, payload: s.keep(textPayload()) }), events: oneMessage('text'), close: serverClose(),
    });
    cases.push({
      id: `9.2.${i + 1}`, rfc: '5.2, 5.6', description: `binary message of ${sizeName(size)} in one frame`,
      expectation: 'echoed whole', timeoutMs: 20000,
      run: (s) => s.send({ opcode: 2, payload: s.keep(binaryPayload()) }), events: oneMessage('binary'), close: serverClose(),
    });
  });
  [64, 256, KiB, 4 * KiB, 16 * KiB, 64 * KiB, 256 * KiB, MiB, 4 * MiB].forEach((fragment, i) => {
    const textPayload = () => repeat('*', 4 * MiB);
    const binaryPayload = () => repeat([0xfe], 4 * MiB);
    cases.push({
      id: `9.3.${i + 1}`, rfc: '5.4', description: `text message of 4 MiB in fragments of ${fragment < KiB ? `${fragment} bytes` : sizeName(fragment)}`,
      expectation: 'reassembled and echoed whole', timeoutMs: 20000,
      run: (s) => s.sendMessage(s.keep(textPayload()), { fragmentSize: fragment }), events: oneMessage('text'), close: serverClose(),
    });
    cases.push({
      id: `9.4.${i + 1}`, rfc: '5.4', description: `binary message of 4 MiB in fragments of ${fragment < KiB ? `${fragment} bytes` : sizeName(fragment)}`,
      expectation: 'reassembled and echoed whole', timeoutMs: 20000,
      run: (s) => s.sendMessage(s.keep(binaryPayload()), { binary: true, fragmentSize: fragment }), events: oneMessage('binary'), close: serverClose(),
    });
  });
  [64, 128, 256, 512, 1024, 2048].forEach((chop, i) => {
    const textPayload = () => repeat('BAsd7&jh23', MiB);
    const binaryPayload = () => repeat([0x00, 0xfe, 0x23, 0xfa, 0xf0], MiB);
    cases.push({
      id: `9.5.${i + 1}`, rfc: '5.2', description: `text message of 1 MiB in one frame, written in chops of ${chop} bytes`,
      expectation: 'echoed whole', timeoutMs: 20000,
      run: (s) => s.send({ opcode: 1, payload: s.keep(textPayload()) }, { chop }), events: oneMessage('text'), close: serverClose(),
    });
    cases.push({
      id: `9.6.${i + 1}`, rfc: '5.2', description: `binary message of 1 MiB in one frame, written in chops of ${chop} bytes`,
      expectation: 'echoed whole', timeoutMs: 20000,
      run: (s) => s.send({ opcode: 2, payload: s.keep(binaryPayload()) }, { chop }), events: oneMessage('binary'), close: serverClose(),
    });
  });
  // 9.7/9.8: round trips one after the other. Autobahn sends 1000 per case; 250 keep the suite fast.
  const ROUND_TRIPS = 250;
  for (const [group, opcode, kind, unit] of [['9.7', 1, 'text', '*'], ['9.8', 2, 'binary', [0xfe]]]) {
    [0, 16, 64, 256, 1024, 4096].forEach((size, i) => {
      const payload = repeat(unit, size);
      cases.push({
        id: `${group}.${i + 1}`, rfc: '5.6', description: `${ROUND_TRIPS} ${kind} messages of ${size} bytes, each sent when the previous echo arrived`,
        expectation: 'every message echoed, in order', timeoutMs: 20000,
        run: async (s) => {
          for (let n = 0; n < ROUND_TRIPS; n++) {
            await s.send({ opcode, payload });
            if (!await s.waitEvents(n + 1, 5000))
              return;
          }
        },
        events: (got) => {
          if (got.length !== ROUND_TRIPS)
            return `expected ${ROUND_TRIPS} echoes, got ${got.length}`;
          const bad = got.findIndex((e) => e[0] !== 'message' || e[1] !== kind || !e[2].equals(payload));
          return bad < 0 ? null : `echo ${bad + 1} differs`;
        },
        close: serverClose(),
      });
    });
  }
  // 9.9.1: Autobahn streams 4 KiB frames of one text message for 3 s; here a fixed 2,048 of them.
  const frameCount = 2048;
  const piece = repeat('*', 4 * KiB);
  cases.push({
    id: '9.9.1', rfc: '5.4', description: `one text message of ${frameCount} frames of 4 KiB (8 MiB), streamed`,
    expectation: 'reassembled and echoed whole', timeoutMs: 20000,
    run: async (s) => {
      s.keep(repeat('*', frameCount * 4 * KiB));
      for (let n = 0; n < frameCount; n++)
        await s.send({ opcode: n === 0 ? 1 : 0, fin: n === frameCount - 1, payload: piece });
    },
    events: oneMessage('text'), close: serverClose(),
  });
  // Our own: the client's message size limit (WsClientConnection::Options::maxMessageBytes,
  // reported by the probe), refused from the frame header before the payload is read.
  cases.push({
    id: '9.10.1', own: true, rfc: '7.4.1 (1009)',
    description: (ctx) => `binary frame whose header announces maxMessageBytes + 1 (${ctx.maxMessageBytes + 1}) bytes; only 16 of them follow`,
    expectation: 'the client fails the connection with 1009 at once, without waiting for the payload',
    run: (s) => s.sendRaw(Buffer.concat([s.rawHeader({ opcode: 2, length: s.ctx.maxMessageBytes + 1 }), repeat([0xfe], 16)])),
    events: [], close: { by: 'client', codes: [1009] },
  });
  cases.push({
    id: '9.10.2', own: true, rfc: '7.4.1 (1009), 5.4',
    description: 'text message whose first fragment has 1 KiB and whose continuation announces the rest of maxMessageBytes + 1',
    expectation: 'the client fails the connection with 1009: the limit is on the message, not on each frame',
    run: (s) => s.sendRaw(Buffer.concat([s.frameBytes({ opcode: 1, fin: false, payload: repeat('*', KiB) }),
      s.rawHeader({ opcode: 0, length: s.ctx.maxMessageBytes - KiB + 1 }), repeat('*', 16)])),
    events: [], close: { by: 'client', codes: [1009] },
  });
  return cases;
}

function group10() {
  const cases = [];
  const payload = repeat('*', 65536);
  cases.push({
    id: '10.1.1', rfc: '5.4', description: 'text message of 64 KiB auto-fragmented into frames of 1300 bytes',
    expectation: 'reassembled and echoed whole',
    run: (s) => s.sendMessage(payload, { fragmentSize: 1300 }), events: [text(payload)], close: serverClose(),
  });
  cases.push({
    id: '10.2.1', own: true, rfc: '5.1',
    description: 'a masked text frame from the server',
    expectation: 'the client fails the connection with 1002 ("a client MUST close a connection if it detects a masked frame")',
    run: (s) => s.send({ opcode: 1, payload: 'Hello, world!', mask: true }), events: [], close: protocolError,
  });
  cases.push({
    id: '10.2.2', own: true, rfc: '4.1, 5.6',
    description: 'a text frame in the same write as the 101 response',
    expectation: 'delivered (frames may follow the handshake response at once) and echoed',
    handshakeTrailer: (s) => s.frameBytes({ opcode: 1, payload: 'right behind the 101' }),
    run: () => {}, events: [text('right behind the 101')], close: serverClose(),
  });
  const rejected = (id, description, respond, expectation) => cases.push({
    id, own: true, rfc: '4.1', description, expectation: `${expectation}; the client reports a failed connection and sends no frame`,
    respond, run: () => {}, events: [], close: { handshake: 'rejected' },
  });
  const head = (lines) => Buffer.from(`${lines.join('\r\n')}\r\n\r\n`, 'latin1');
  rejected('10.3.1', 'a 101 response with a wrong Sec-WebSocket-Accept',
    (req) => head(['HTTP/1.1 101 Switching Protocols', 'Upgrade: websocket', 'Connection: Upgrade', `Sec-WebSocket-Accept: ${req.accept.replace(/^./, (c) => (c === 'A' ? 'B' : 'A'))}`]),
    'the client must fail the connection: the accept value is not base64(SHA-1(key + GUID))');
  rejected('10.3.2', 'a 101 response without Upgrade: websocket',
    (req) => head(['HTTP/1.1 101 Switching Protocols', 'Connection: Upgrade', `Sec-WebSocket-Accept: ${req.accept}`]),
    'the client must fail the connection: Upgrade is missing');
  rejected('10.3.3', 'a 101 response choosing the extension permessage-deflate, which the client did not offer',
    (req) => head(['HTTP/1.1 101 Switching Protocols', 'Upgrade: websocket', 'Connection: Upgrade', `Sec-WebSocket-Accept: ${req.accept}`,
      'Sec-WebSocket-Extensions: permessage-deflate']),
    'the client must fail the connection: an extension not requested');
  rejected('10.3.4', 'a 200 OK response',
    () => head(['HTTP/1.1 200 OK', 'Content-Length: 0']),
    'the client must fail the connection: the status is not 101');
  return cases;
}

export function buildCases(ctx) {
  const cases = [...group1(), ...group2(), ...group3(), ...group4(), ...group5(), ...group6(), ...group7(), ...group9(), ...group10()];
  // Autobahn's order: by the numbers of the id.
  const key = (id) => id.split('.').map(Number);
  cases.sort((a, b) => {
    const [x, y] = [key(a.id), key(b.id)];
    for (let i = 0; i < Math.max(x.length, y.length); i++) {
      if ((x[i] ?? -1) !== (y[i] ?? -1))
        return (x[i] ?? -1) - (y[i] ?? -1);
    }
    return 0;
  });
  for (const c of cases) {
    if (typeof c.description === 'function')
      c.description = c.description(ctx);
  }
  const ids = new Set();
  for (const c of cases) {
    if (ids.has(c.id))
      throw new Error(`duplicate case id ${c.id}`);
    ids.add(c.id);
  }
  return cases;
}

// Case groups for the summary, by the first number of the id.
export const GROUPS = {
  1: 'Framing', 2: 'Pings/Pongs', 3: 'Reserved bits', 4: 'Opcodes', 5: 'Fragmentation',
  6: 'UTF-8 handling', 7: 'Close handling', 9: 'Limits/performance', 10: 'Misc',
};
