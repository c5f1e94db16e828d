// WHATWG HTML 9.2 "Server-sent events": the output of `socketscope serve`'s /events read by three
// independent readers at once, which must agree on every event (type, lastEventId, data):
//   - a strict reader of this file's own over the raw bytes (node:http), which rejects anything
//     the event stream grammar (HTML 9.2.5) does not allow or that a client would ignore or read
//     two ways, naming line and byte offset (the same rules as SseParser's strict mode);
//   - Node's `eventsource` package (tests/external/node_modules);
//   - headless Chromium's EventSource, driven over the DevTools protocol (lib/chromium.mjs).
// Also: the reset event for an evicted resume point, and reconnects after a server restart that
// honour retry: and carry Last-Event-ID (HTML 9.2.3), with nothing lost.
//
//   node sse_server_output.test.mjs PATH/TO/socketscope [PATH/TO/chromium]
//
// Exit 0 when all pass; 77 (ctest: skipped) when the npm packages or Chromium are missing and
// SOCKETSCOPE_REQUIRE_EXTERNAL is not set.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';

import {
  binaryFromArgs, importOrSkip, startServe, publish, publishThroughRestarts, freshChannel, waitFor,
} from '../lib/serve.mjs';
import { chromiumExecutableOrSkip, launchChromium } from '../lib/chromium.mjs';

const binary = binaryFromArgs();
const { default: WebSocket } = await importOrSkip('ws');
const { EventSource } = await importOrSkip('eventsource');
const chromiumPath = await chromiumExecutableOrSkip();

const TYPES = ['session.welcome', 'reset', 'chat.message', 'chat.edit', 'roster.join'];

// ---------------------------------------------------------------------------------------------
// The strict reader. HTML 9.2.5:
//   stream = [ bom ] *event;  event = *( comment / field ) end-of-line
//   comment = colon *any-char end-of-line;  field = 1*name-char [ colon [ space ] *any-char ] end-of-line
//   end-of-line = ( cr lf / cr / lf );  always UTF-8.
// Interpretation per HTML 9.2.6. `ended`: the stream is over (an unterminated event is then a
// violation; otherwise the unfinished tail is simply not read yet).
export function strictRead(bytes, ended) {
  const violations = [];
  const events = [];
  let retry = null;
  let lastEventIdBuffer = '';
  let lastEventIdString = '';
  let data = null;        // null: no data: field yet in this event
  let type = '';
  let seen = new Set();   // fields in this event
  let eventLine = 0;
  let comments = 0;
  const decoder = new TextDecoder('utf-8', { fatal: true });
  let pos = 0;
  if (bytes.length >= 3 && bytes[0] === 0xEF && bytes[1] === 0xBB && bytes[2] === 0xBF)
    pos = 3; // one leading BOM
  let line = 1;
  const violation = (at, lineNo, message) => violations.push(`line ${lineNo}, byte ${at}: ${message}`);
  while (pos < bytes.length) {
    let end = pos;
    while (end < bytes.length && bytes[end] !== 0x0A && bytes[end] !== 0x0D)
      end++;
    if (end === bytes.length)
      break; // an unfinished line
    let next = end + 1;
    if (bytes[end] === 0x0D) {
      if (end + 1 === bytes.length && !ended)
        break; // cannot tell CR from CRLF yet
      if (bytes[end + 1] === 0x0A)
        next = end + 2;
      else
        violation(end, line, 'bare CR line end');
    }
    const raw = bytes.subarray(pos, end);
    let text;
    try {
      text = decoder.decode(raw);
    } catch {
      violation(pos, line, 'invalid UTF-8');
      text = new TextDecoder('utf-8').decode(raw);
    }
    if (text === '') {
      // Blank line: dispatch (HTML 9.2.6 steps 1-7).
      lastEventIdString = lastEventIdBuffer;
      if (seen.has('event') && data === null)
        violation(pos, eventLine, 'event: without data: (discarded)');
      if (data !== null)
        events.push({ type: type || 'message', id: lastEventIdString, data: data.endsWith('\n') ? data.slice(0, -1) : data });
      data = null;
      type = '';
      seen = new Set();
    } else if (text.startsWith(':')) {
      comments++;
    } else {
      const colon = text.indexOf(':');
      let name = text;
      let value = '';
      if (colon < 0) {
        violation(pos, line, `field "${text}" without a colon`);
      } else {
        name = text.slice(0, colon);
        value = text.slice(colon + 1);
        if (value.startsWith(' '))
          value = value.slice(1);
      }
      if (seen.has(name) && name !== 'data')
        violation(pos, line, `field "${name}" repeated within one event`);
      seen.add(name);
      if (name === 'event') {
        type = value;
        eventLine = line;
      } else if (name === 'data') {
        data = (data ?? '') + value + '\n';
      } else if (name === 'id') {
        if (value.includes('\0'))
          violation(pos, line, 'id: containing NUL (ignored)');
        else
          lastEventIdBuffer = value;
      } else if (name === 'retry') {
        if (/^[0-9]+$/.test(value))
          retry = Number(value);
        else
          violation(pos, line, `retry: "${value}" is not ASCII digits (ignored)`);
      } else {
        violation(pos, line, `unknown field "${name}" (ignored)`);
      }
    }
    pos = next;
    line++;
  }
  if (ended) {
    if (pos < bytes.length)
      violation(pos, line, 'the stream ends inside a line');
    else if (data !== null || seen.size > 0)
      violation(pos, line, 'the stream ends inside an event (discarded)');
  }
  return { events, retry, lastEventIdString, violations, comments, pending: bytes.length - pos };
}

// A raw GET /events whose bytes are kept exactly as received.
function rawStream(url, headers = {}) {
  const state = { chunks: [], status: 0, contentType: '', ended: false };
  const request = http.get(url, { headers: { Accept: 'text/event-stream', ...headers }, agent: false }, (response) => {
    state.status = response.statusCode;
    state.contentType = response.headers['content-type'] ?? '';
    response.on('data', (chunk) => state.chunks.push(chunk));
    response.on('end', () => { state.ended = true; });
    response.on('error', () => { state.ended = true; });
  });
  request.on('error', () => { state.ended = true; });
  state.bytes = () => Buffer.concat(state.chunks);
  state.read = () => strictRead(state.bytes(), state.ended);
  state.close = () => request.destroy();
  return state;
}

// Node's eventsource, recording what each (re)connect sent as Last-Event-ID.
function nodeEventSource(url) {
  const state = { events: [], opens: 0, errorTimes: [], requests: [] };
  const source = new EventSource(url, {
    fetch: (input, init) => {
      state.requests.push({ at: Date.now(), lastEventId: init?.headers?.['Last-Event-ID'] ?? null });
      return fetch(input, init);
    },
  });
  source.onopen = () => { state.opens++; };
  source.onerror = () => { state.errorTimes.push(Date.now()); };
  const onEvent = (event) => state.events.push({ type: event.type, id: event.lastEventId, data: event.data });
  for (const type of TYPES)
    source.addEventListener(type, onEvent);
  source.onmessage = onEvent;
  return { source, state };
}

// Chromium's EventSource in a page of the server's origin (same origin: no CORS involved).
const PAGE_SCRIPT = (url) => `(() => {
  const state = { events: [], opens: 0, errorTimes: [], openTimes: [] };
  const source = new EventSource(${JSON.stringify(url)});
  const onEvent = (e) => state.events.push({ type: e.type, id: e.lastEventId, data: e.data });
  for (const type of ${JSON.stringify(TYPES)})
    source.addEventListener(type, onEvent);
  source.onmessage = onEvent;
  source.onopen = () => { state.opens++; state.openTimes.push(Date.now()); };
  source.onerror = () => { state.errorTimes.push(Date.now()); };
  window.sseState = state;
  window.sseSource = source;
  return true;
})()`;

let chrome = null;
async function chromiumPage() {
  if (!chrome)
    chrome = await launchChromium(chromiumPath, WebSocket);
  return chrome.page;
}
after(async () => { if (chrome) await chrome.close(); });

async function pageState(page) {
  return JSON.parse(await page.evaluate('JSON.stringify(window.sseState)'));
}

function assertStrict(raw, what) {
  const view = raw.read();
  console.log(`${what}: strict reader: ${raw.bytes().length} bytes in ${raw.chunks.length} reads, ` +
              `${view.events.length} events, ${view.comments} comments, ${view.violations.length} violations`);
  assert.deepEqual(view.violations, [], `${what}: the stream breaks HTML 9.2.5`);
  return view;
}

test('the strict reader itself rejects what the grammar does not allow', () => {
  const bad = [
    [Buffer.from('data: a\rdata: b\n\n'), /bare CR/],
    [Buffer.from([0x64, 0x61, 0x74, 0x61, 0x3A, 0x20, 0xC3, 0x28, 0x0A, 0x0A]), /invalid UTF-8/],
    [Buffer.from('data: a\n'), /ends inside an event/],
    [Buffer.from('foo: a\n\n'), /unknown field/],
    [Buffer.from('retry: 1s\n\n'), /not ASCII digits/],
    [Buffer.from('id: 1\0\ndata: a\n\n'), /NUL/],
  ];
  for (const [bytes, pattern] of bad) {
    const { violations } = strictRead(bytes, true);
    assert.ok(violations.some((v) => pattern.test(v)), `${JSON.stringify(bytes.toString())}: ${violations}`);
  }
  const good = strictRead(Buffer.from('\uFEFFretry: 5\n\nid: 1\r\nevent: x\r\ndata: a\r\n\r\n: c\n\n'), true);
  assert.deepEqual(good.violations, []);
  assert.deepEqual(good.events, [{ type: 'x', id: '1', data: 'a' }]);
});

test('a fresh stream: the strict reader, eventsource and Chromium see the same events, ids, types and data',
  { timeout: 60000 }, async () => {
    const server = await startServe(binary, ['--sse-retry', '1234ms', '--sse-heartbeat', '200ms']);
    const cleanups = []; // run even when an assertion failed, so nothing keeps the process alive
    try {
      const channel = freshChannel('same');
      await publish(server, channel, 'chat.message', { before: true }); // seq 1, not replayed to a fresh stream
      const url = `${server.http}/events?channel=${channel}`;
      const raw = rawStream(url);
      cleanups.push(() => raw.close());
      const node = nodeEventSource(url);
      cleanups.push(() => node.source.close());
      const page = await chromiumPage();
      cleanups.push(() => page.evaluate('window.sseSource && window.sseSource.close(), true').catch(() => {}));
      await page.navigate(`${server.http}/healthz`);
      await page.evaluate(PAGE_SCRIPT(`/events?channel=${channel}`));
      // Everyone has joined when everyone has the welcome.
      await waitFor(async () => raw.read().events.length >= 1 && node.state.events.length >= 1
                    && (await pageState(page)).events.length >= 1, 15000, 'the three welcomes');
      const payloads = [
        ['chat.message', { text: 'plain' }],
        ['chat.edit', { text: 'line one\nline two\r\nthree\rend' }],
        ['roster.join', { text: '\u2028 sep \uFEFF bom \u{1F600} emoji \0 nul data: x' }],
        ['chat.message', { text: 'é'.repeat(3000) }],
      ];
      for (const [type, payload] of payloads)
        await publish(server, channel, type, payload);
      const want = 1 + payloads.length;
      await waitFor(async () => raw.read().events.length >= want && node.state.events.length >= want
                    && (await pageState(page)).events.length >= want, 15000, `${want} events on every reader`);
      await waitFor(() => raw.read().comments >= 2, 5000, 'two heartbeat comments');
      raw.close();
      const view = assertStrict(raw, 'fresh stream');
      const browser = await pageState(page);
      console.log('strict :', JSON.stringify(view.events.map((e) => [e.type, e.id])));
      console.log('node   :', JSON.stringify(node.state.events.map((e) => [e.type, e.id])));
      console.log('browser:', JSON.stringify(browser.events.map((e) => [e.type, e.id])));
      assert.deepEqual(node.state.events, view.events, 'eventsource agrees with the strict reader');
      assert.deepEqual(browser.events, view.events, 'Chromium agrees with the strict reader');
      // What the strict reader saw is what docs/server.md promises.
      assert.equal(view.retry, 1234);
      assert.ok(raw.bytes().toString('utf8').startsWith('retry: 1234\n\n'), 'retry: comes first');
      assert.match(raw.contentType, /^text\/event-stream/);
      assert.equal(view.events[0].type, 'session.welcome');
      assert.equal(view.events[0].id, '');
      assert.deepEqual(JSON.parse(view.events[0].data).payload, { latest: 1 });
      for (let i = 0; i < payloads.length; i++) {
        const event = view.events[1 + i];
        const envelope = JSON.parse(event.data);
        assert.equal(event.type, payloads[i][0]);
        assert.equal(event.id, String(2 + i));
        assert.equal(envelope.seq, 2 + i);
        assert.equal(envelope.type, payloads[i][0]);
        assert.deepEqual(envelope.payload, payloads[i][1]);
      }
      node.source.close();
      await page.evaluate('window.sseSource.close(), true');
      assert.equal(await server.stop(), 0, 'serve exit code after SIGTERM');
    } finally {
      for (const cleanup of cleanups.reverse())
        await cleanup();
      server.kill();
    }
  });

test('an evicted resume point: event: reset without id:, then the replay, alike on all three readers',
  { timeout: 60000 }, async () => {
    const server = await startServe(binary, ['--replay', '5']);
    const cleanups = []; // run even when an assertion failed, so nothing keeps the process alive
    try {
      const channel = freshChannel('reset');
      for (let n = 1; n <= 12; n++)
        await publish(server, channel, 'chat.message', { n });
      const path = `/events?channel=${channel}&lastEventId=2`;
      const raw = rawStream(`${server.http}${path}`);
      cleanups.push(() => raw.close());
      const node = nodeEventSource(`${server.http}${path}`);
      cleanups.push(() => node.source.close());
      const page = await chromiumPage();
      cleanups.push(() => page.evaluate('window.sseSource && window.sseSource.close(), true').catch(() => {}));
      await page.navigate(`${server.http}/healthz`);
      await page.evaluate(PAGE_SCRIPT(path));
      const want = 1 + 1 + 5; // welcome, reset, seq 8..12
      await waitFor(async () => raw.read().events.length >= want && node.state.events.length >= want
                    && (await pageState(page)).events.length >= want, 15000, `${want} events on every reader`);
      raw.close();
      const view = assertStrict(raw, 'reset');
      const browser = await pageState(page);
      assert.deepEqual(node.state.events, view.events, 'eventsource agrees with the strict reader');
      assert.deepEqual(browser.events, view.events, 'Chromium agrees with the strict reader');
      assert.equal(view.events[1].type, 'reset');
      assert.equal(view.events[1].id, '', 'reset carries no id: the last event ID is untouched');
      assert.deepEqual(JSON.parse(view.events[1].data), { since: 2, oldest: 8, latest: 12 });
      assert.deepEqual(view.events.slice(2).map((e) => e.id), ['8', '9', '10', '11', '12']);
      node.source.close();
      await page.evaluate('window.sseSource.close(), true');
      assert.equal(await server.stop(), 0, 'serve exit code after SIGTERM');
    } finally {
      for (const cleanup of cleanups.reverse())
        await cleanup();
      server.kill();
    }
  });

test('after a server restart both clients wait retry:, send Last-Event-ID, and lose nothing',
  { timeout: 90000 }, async () => {
    // Every 3 s: all streams end (flushed, on a block boundary), 1 s down, back on the same port.
    // retry: 1500ms is shorter than both clients' 3 s default and longer than the downtime.
    const server = await startServe(binary, ['--fault-restart-every', '3s', '--sse-retry', '1500ms']);
    const cleanups = []; // run even when an assertion failed, so nothing keeps the process alive
    try {
      const channel = freshChannel('retry');
      const url = `${server.http}/events?channel=${channel}`;
      const raw = rawStream(url);
      cleanups.push(() => raw.close());
      const node = nodeEventSource(url);
      cleanups.push(() => node.source.close());
      const page = await chromiumPage();
      cleanups.push(() => page.evaluate('window.sseSource && window.sseSource.close(), true').catch(() => {}));
      await page.navigate(`${server.http}/healthz`);
      // Chromium reports the page's requests with their headers; the ones the network stack
      // adds (Last-Event-ID among them) come in the ExtraInfo event of the same request id.
      // The two events may come in either order.
      const browserRequests = [];
      const byId = new Map();
      const extra = new Map();
      page.on((message) => {
        if (message.method === 'Network.requestWillBeSent' && message.params.request.url.includes('/events?')) {
          const sent = extra.get(message.params.requestId);
          const request = { at: Date.now(), onWire: sent !== undefined, headers: { ...message.params.request.headers, ...sent } };
          byId.set(message.params.requestId, request);
          browserRequests.push(request);
        } else if (message.method === 'Network.requestWillBeSentExtraInfo') {
          if (byId.has(message.params.requestId)) {
            Object.assign(byId.get(message.params.requestId).headers, message.params.headers);
            byId.get(message.params.requestId).onWire = true;
          }
          else
            extra.set(message.params.requestId, message.params.headers);
        }
      });
      await page.send('Network.enable');
      cleanups.push(() => page.send('Network.disable').catch(() => {}));
      await page.evaluate(PAGE_SCRIPT(`/events?channel=${channel}`));
      await waitFor(async () => node.state.opens >= 1 && (await pageState(page)).opens >= 1, 15000, 'both open');
      const { published, refused, last } = await publishThroughRestarts(server, channel, 4500);
      published.push(last);
      await waitFor(async () => node.state.events.at(-1)?.id === String(last)
                    && (await pageState(page)).events.at(-1)?.id === String(last), 20000, `both to receive seq ${last}`);
      await waitFor(() => raw.ended, 10000, 'the raw stream to end at the restart');
      assertStrict(raw, 'stream ended by a restart');
      const browser = await pageState(page);
      for (const [name, state] of [['eventsource', node.state], ['Chromium', browser]]) {
        const ids = state.events.filter((e) => e.type === 'chat.message').map((e) => Number(e.id));
        assert.deepEqual(ids, Array.from({ length: last }, (_, i) => i + 1), `${name}: every seq once, in order`);
        assert.ok(state.events.every((e) => e.type !== 'reset'), `${name}: no reset`);
      }
      // retry: honoured: from the end of the stream (onerror) to the next connection attempt.
      const firstAfter = (requests, t) => requests.find((r) => r.at >= t);
      const nodeDelay = firstAfter(node.state.requests, node.state.errorTimes[0]).at - node.state.errorTimes[0];
      const browserDelay = (firstAfter(browserRequests, browser.errorTimes[0])?.at ?? NaN) - browser.errorTimes[0];
      const header = (headers) => Object.entries(headers).find(([k]) => k.toLowerCase() === 'last-event-id')?.[1] ?? null;
      console.log(`published ${published.length} (${refused} refused while down); reconnect after the stream ended: ` +
                  `eventsource ${nodeDelay} ms, Chromium ${browserDelay} ms; Last-Event-ID sent: ` +
                  `eventsource ${JSON.stringify(node.state.requests.map((r) => r.lastEventId))}, ` +
                  `Chromium ${JSON.stringify(browserRequests.map((r) => [r.at - browser.errorTimes[0], r.onWire ? header(r.headers) : 'refused']))}`);
      assert.ok(nodeDelay >= 1400 && nodeDelay < 2900, `eventsource waited ${nodeDelay} ms, retry: is 1500`);
      assert.ok(browserDelay >= 1400 && browserDelay < 2900, `Chromium waited ${browserDelay} ms`);
      // HTML 9.2.3: the reconnect carries the last event ID string.
      assert.equal(node.state.requests[0].lastEventId, null);
      assert.equal(header(browserRequests[0].headers), null);
      for (const request of node.state.requests.slice(1))
        assert.match(String(request.lastEventId), /^[0-9]+$/, 'eventsource reconnect without Last-Event-ID');
      // Attempts refused while the server was down never sent their headers (no ExtraInfo).
      const browserSent = browserRequests.slice(1).filter((r) => r.onWire);
      assert.ok(browserSent.length >= 1, 'a Chromium reconnect reached the server');
      for (const request of browserSent)
        assert.match(String(header(request.headers)), /^[0-9]+$/, 'Chromium reconnect without Last-Event-ID');
      raw.close();
      node.source.close();
      await page.evaluate('window.sseSource.close(), true');
      assert.equal(await server.stop(), 0, 'serve exit code after SIGTERM');
    } finally {
      for (const cleanup of cleanups.reverse())
        await cleanup();
      server.kill();
    }
  });
