// RFC 6455 conformance of the embedded server's WebSocket endpoint, with raw frames built by the
// npm package `ws` over plain TCP (rawws.mjs); the cases are in ws_server_cases.mjs and
// docs/conformance.md summarises them.
//
//   node ws_server_conformance.test.mjs PATH/TO/socketscope [--only ID-PREFIX]
//
// Two servers: one with its limits out of the way (no rate limit, 16 MiB messages, 64 MiB of
// unsent bytes, pings every 300 s) for groups H and 1-10, one with the default limits for the
// 9.10.x cases. Every case opens its own connection (group H: one raw request). Ends with
//   ws-server conformance: N cases, P passed, D known deviations, F failed
// and exit code 1 if any case failed (0 otherwise; 77 when `ws` is missing, see lib/serve.mjs).
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { binaryFromArgs, startServe } from '../lib/serve.mjs';
import { RawWebSocket, Opcode, buildFrame, parseClosePayload } from './rawws.mjs';
import { GROUPS, ev } from './ws_server_cases.mjs';

const binary = binaryFromArgs();
const onlyIndex = process.argv.indexOf('--only');
const only = onlyIndex > 0 ? process.argv[onlyIndex + 1] : null;

const SERVERS = {
  open: ['--rate', '0', '--max-message-bytes', String(16 * 1024 * 1024), '--slow-consumer-bytes', String(64 * 1024 * 1024),
    '--ping-interval', '300s'],
  limits: [],
};

// What the client sees from the server, as the event strings the cases expect.
function describeFrame(frame) {
  // RFC 6455 5.1: a server must not mask; 5.2: RSV bits stay 0 without an extension.
  if (frame.masked)
    return `masked frame from the server (opcode ${frame.opcode})`;
  if (frame.rsv)
    return `frame with RSV = ${frame.rsv} from the server`;
  if (!frame.fin && frame.opcode !== Opcode.CONTINUATION)
    return `fragmented message from the server (opcode ${frame.opcode})`;
  switch (frame.opcode) {
  case Opcode.TEXT: {
    let envelope;
    try {
      envelope = JSON.parse(frame.payload.toString('utf8'));
    } catch {
      return `text that is not JSON: ${frame.payload.subarray(0, 80).toString('utf8')}`;
    }
    if (envelope.type === 'echo')
      return ev.echo(envelope.payload);
    if (envelope.type === 'error')
      return ev.error(envelope.payload?.code);
    return `envelope ${envelope.type}`;
  }
  case Opcode.BINARY:
    return `binary message of ${frame.length} bytes`;
  case Opcode.PING:
    return ev.ping(frame.payload);
  case Opcode.PONG:
    return ev.pong(frame.payload);
  default:
    return `frame with opcode ${frame.opcode}`;
  }
}

const resolve = (value) => (typeof value === 'function' ? value() : value);

class CaseRun {
  events = [];
  serverClose = null; // { code, reasonText } once the server's close frame arrived
  clientClosed = false;

  constructor(ws, testCase) {
    this.ws = ws;
    this.testCase = testCase;
  }

  get serverGone() {
    return this.serverClose !== null || this.ws.tcpState !== 'open';
  }

  async write(frames, chop) {
    // Like Autobahn, stop sending once the server has failed the connection.
    if (this.serverGone)
      return;
    const built = frames.map(([payload, options]) => {
      if (options.opcode === Opcode.CLOSE)
        this.clientClosed = true;
      return buildFrame(payload, options);
    });
    if (chop === 'frame') {
      for (const frame of built)
        await this.ws.send(frame);
    } else if (typeof chop === 'number') {
      await this.ws.sendChopped(Buffer.concat(built), chop);
    } else {
      await this.ws.send(built.length === 1 ? built[0] : Buffer.concat(built));
    }
  }

  // The next frame as an event; a close frame is kept in serverClose and returns 'close'.
  async next(ms) {
    const frame = await this.ws.tryReadFrame(ms);
    if (frame === 'timeout' || frame === null)
      return frame === null ? 'eof' : 'timeout';
    if (frame.opcode === Opcode.CLOSE) {
      this.serverClose = parseClosePayload(frame.payload);
      return 'close';
    }
    return describeFrame(frame);
  }

  async step(action) {
    if (action.frames) {
      await this.write(action.frames, action.chop);
    } else if (action.pause !== undefined) {
      await sleep(action.pause);
    } else if (action.quiet !== undefined) {
      const got = await this.next(action.quiet);
      assert.equal(got, 'timeout', `nothing may arrive within ${action.quiet} ms (the server must still wait), got: ${got}`);
    } else if (action.expect) {
      for (const expected of action.expect) {
        const got = await this.next(action.withinMs);
        assert.equal(got, expected, `expected ${expected} within ${action.withinMs} ms (before the next step)`);
      }
    } else if (action.expectClose) {
      const got = await this.next(action.withinMs);
      assert.equal(got, 'close', `expected the server's close frame within ${action.withinMs} ms, got: ${got}`);
      assert.ok(action.expectClose.includes(this.serverClose.code),
        `close code ${this.serverClose.code} (${this.serverClose.reasonText}) not in ${action.expectClose}`);
    } else if (action.roundTrips) {
      const { count, frame, event } = action.roundTrips;
      const bytes = buildFrame(frame[0], frame[1]);
      const started = process.hrtime.bigint();
      for (let i = 0; i < count; i++) {
        await this.ws.send(bytes);
        const got = await this.next(5000);
        assert.equal(got, event, `round trip ${i + 1} of ${count}`);
      }
      this.roundTripMs = Number(process.hrtime.bigint() - started) / 1e6;
    } else if (action.chops) {
      const { frame: [payload, options], payloadSizes, pauseMs } = action.chops;
      const bytes = buildFrame(payload, options);
      // The header goes with the first chop; the payload is cut at payloadSizes.
      let start = 0;
      let end = bytes.length - payload.length;
      for (const [i, size] of payloadSizes.entries()) {
        if (this.serverGone)
          break;
        end += size;
        await this.ws.send(bytes.subarray(start, end));
        start = end;
        if (i < payloadSizes.length - 1)
          await sleep(pauseMs);
      }
    } else if (action.raw) {
      if (!this.serverGone)
        await this.ws.send(action.raw);
    } else if (action.header) {
      const { opcode, length } = action.header;
      const frame = buildFrame(Buffer.alloc(length), { opcode });
      await this.ws.send(frame.subarray(0, frame.length - length));
    } else {
      throw new Error(`unknown action ${JSON.stringify(action)}`);
    }
  }
}

async function runCase(port, testCase) {
  const ws = await RawWebSocket.connect({ port, path: '/ws?channel=conformance' });
  try {
    const welcome = await ws.readFrame(5000);
    assert.ok(welcome && welcome.opcode === Opcode.TEXT, 'the first frame is a text frame');
    assert.equal(JSON.parse(welcome.payload.toString()).type, 'session.welcome', 'the first message is session.welcome');

    const run = new CaseRun(ws, testCase);
    for (const action of resolve(testCase.actions))
      await run.step(action);

    const alternatives = testCase.eventsOneOf ?? [resolve(testCase.events)];
    const wanted = alternatives[0].length;
    const timeoutMs = testCase.timeoutMs ?? 3000;
    let deadline = Date.now() + timeoutMs;
    const closeNow = async () => {
      run.clientClosed = true;
      await ws.close(1000);
    };
    while (!run.serverGone) {
      // The client's close doubles as a barrier: whatever the server still had to say arrives before its close.
      if (testCase.close.initiator === 'client' && !run.clientClosed && run.events.length >= wanted)
        await closeNow();
      const got = await run.next(Math.max(1, deadline - Date.now()));
      if (got === 'timeout') {
        if (testCase.close.initiator === 'client' && !run.clientClosed) {
          // The events did not all come: close anyway, so that what did come is compared.
          await closeNow();
          deadline = Date.now() + timeoutMs;
          continue;
        }
        break;
      }
      if (got === 'close' || got === 'eof')
        break;
      run.events.push(got);
    }
    // RFC 6455 5.5.1: an endpoint that receives a close frame answers with one (echoing the code).
    if (run.serverClose && !run.clientClosed) {
      run.clientClosed = true;
      await ws.close(run.serverClose.code ?? 1000);
    }
    const tcp = await ws.waitForTcpClose(3000);
    return { events: run.events, alternatives, close: run.serverClose, tcp, roundTripMs: run.roundTripMs };
  } finally {
    ws.destroy();
  }
}

function check(testCase, result) {
  const matched = result.alternatives.some((events) => JSON.stringify(events) === JSON.stringify(result.events));
  if (!matched)
    assert.deepEqual(result.events, result.alternatives[0], 'the events after the welcome');
  assert.ok(result.close, `the server sent a close frame (TCP: ${result.tcp})`);
  const codes = testCase.close.codes ?? [1000];
  assert.ok(codes.includes(result.close.code),
    `close code ${result.close.code} (reason "${result.close.reasonText}") is one of ${codes.join(', ')}`);
  assert.equal(result.tcp, 'fin', 'the server closes TCP cleanly (FIN) after the close handshake');
}

// Group H: one raw request; the answer's head (or none) and how the connection ended.
async function runHandshake(port, testCase) {
  const socket = net.connect({ host: '127.0.0.1', port });
  let data = Buffer.alloc(0);
  let tcp = 'open';
  socket.on('data', (chunk) => { data = Buffer.concat([data, chunk]); });
  const ended = new Promise((done) => {
    socket.on('end', () => { tcp = 'fin'; done(); });
    socket.on('error', (error) => { tcp = error.code === 'ECONNRESET' ? 'reset' : `error ${error.code}`; done(); });
  });
  const text = testCase.handshake.request.map((line) => line.replace('HOST', `127.0.0.1:${port}`)).join('\r\n') + '\r\n\r\n';
  socket.write(text);
  const headComplete = async () => {
    for (let waited = 0; waited < 3000 && tcp === 'open' && data.indexOf('\r\n\r\n') < 0; waited += 10)
      await sleep(10);
  };
  await Promise.race([ended, headComplete()]);
  socket.destroy();
  const end = data.indexOf('\r\n\r\n');
  if (end < 0)
    return { status: null, statusLine: null, headers: {}, bytes: data.length, tcp };
  const [statusLine, ...fields] = data.subarray(0, end).toString('latin1').split('\r\n');
  const headers = {};
  for (const field of fields)
    headers[field.slice(0, field.indexOf(':')).trim().toLowerCase()] = field.slice(field.indexOf(':') + 1).trim();
  return { status: Number(statusLine.split(' ')[1]), statusLine, headers, bytes: data.length, tcp };
}

function checkHandshake(testCase, result) {
  const { status, headers = {} } = testCase.handshake;
  if (status === null) {
    assert.equal(result.statusLine, null, `no answer expected, got ${result.statusLine}`);
    assert.equal(result.bytes, 0, 'no bytes at all');
    assert.equal(result.tcp, 'fin', 'the server closes the connection');
    return;
  }
  const statuses = [status].flat();
  assert.ok(statuses.includes(result.status), `status line "${result.statusLine}" (TCP: ${result.tcp}); expected ${statuses.join(' or ')}`);
  for (const [name, value] of Object.entries(headers))
    assert.equal(result.headers[name], value, `header ${name}`);
}

const tally = new Map(); // group -> { cases, passed, deviations, failed }
const failures = [];
const servers = {};

before(async () => {
  for (const [name, args] of Object.entries(SERVERS))
    servers[name] = await startServe(binary, args);
});

after(async () => {
  const codes = {};
  for (const [name, server] of Object.entries(servers)) {
    codes[name] = await server.stop().catch((error) => error.message);
    server.kill();
  }
  let cases = 0, passed = 0, deviations = 0, failed = 0;
  console.log('\ngroup  cases  passed  deviations  failed');
  for (const [group, t] of tally) {
    console.log(`${String(group).padStart(5)}  ${String(t.cases).padStart(5)}  ${String(t.passed).padStart(6)}  ${String(t.deviations).padStart(10)}  ${String(t.failed).padStart(6)}`);
    cases += t.cases;
    passed += t.passed;
    deviations += t.deviations;
    failed += t.failed;
  }
  for (const failure of failures)
    console.log(`FAILED ${failure}`);
  for (const [name, code] of Object.entries(codes)) {
    if (code !== 0) {
      console.log(`FAILED serve (${name}) exited with ${code} after SIGTERM`);
      failed++;
      process.exitCode = 1;
    }
  }
  console.log(`ws-server conformance: ${cases} cases, ${passed} passed, ${deviations} known deviations, ${failed} failed`);
  if (failed)
    process.exitCode = 1;
});

for (const { group, name, cases } of GROUPS) {
  const selected = cases.filter((c) => !only || c.id === only || c.id.startsWith(`${only}.`));
  if (!selected.length)
    continue;
  describe(`group ${group}: ${name}`, () => {
    for (const testCase of selected) {
      const label = `${testCase.id} [RFC 6455 ${testCase.rfc}] ${testCase.title} -> ${testCase.expect}`;
      it(label, { timeout: 60000 }, async () => {
        const t = tally.get(group) ?? { cases: 0, passed: 0, deviations: 0, failed: 0 };
        tally.set(group, t);
        t.cases++;
        try {
          const port = servers[testCase.server ?? 'open'].port;
          if (testCase.handshake) {
            checkHandshake(testCase, await runHandshake(port, testCase));
          } else {
            const result = await runCase(port, testCase);
            check(testCase, result);
            if (testCase.eventsOneOf)
              console.log(`# ${testCase.id}: ${result.events.length} of the events came before the close (${result.events.join(', ') || 'none'})`);
            if (result.roundTripMs !== undefined)
              console.log(`# ${testCase.id}: ${result.roundTripMs.toFixed(0)} ms`);
          }
          if (testCase.note)
            console.log(`# ${testCase.id} note: ${testCase.note}`);
        } catch (error) {
          t.failed++;
          failures.push(`${testCase.id} ${testCase.title}: ${error.message.split('\n')[0]}`);
          throw error;
        }
        if (testCase.deviation) {
          t.deviations++;
          console.log(`# ${testCase.id} known deviation: ${testCase.deviation}`);
        } else {
          t.passed++;
        }
      });
    }
  });
}
