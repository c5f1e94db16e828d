// Real-client tests of `socketscope serve` with the npm packages `ws` and `eventsource`.
//
//   node node_clients.test.mjs PATH/TO/socketscope
//
// Exit code 0 when all pass; 77 (ctest: skipped) when the npm packages are missing and
// SOCKETSCOPE_REQUIRE_EXTERNAL is not set.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  binaryFromArgs, importOrSkip, startServe, publish, publishThroughRestarts, freshChannel, waitFor, withTimeout,
} from './lib/serve.mjs';

const binary = binaryFromArgs();
const { default: WebSocket } = await importOrSkip('ws');
const { EventSource } = await importOrSkip('eventsource');

// An EventSource whose requests are recorded: the Last-Event-ID header each (re)connect sent,
// and the last id this client had received when it made that request.
function recordingEventSource(url, types) {
  const state = { events: [], requests: [], opens: 0, errors: 0, lastId: null };
  const source = new EventSource(url, {
    fetch: (input, init) => {
      state.requests.push({ lastEventId: init?.headers?.['Last-Event-ID'] ?? null, lastReceived: state.lastId });
      return fetch(input, init);
    },
  });
  source.onopen = () => { state.opens++; };
  source.onerror = () => { state.errors++; };
  const onEvent = (event) => {
    state.events.push({ type: event.type, id: event.lastEventId, data: event.data });
    state.lastId = event.lastEventId;
  };
  for (const type of types)
    source.addEventListener(type, onEvent);
  source.onmessage = onEvent; // unnamed events would show up as "message"
  return { source, state };
}

function openWebSocket(url) {
  const ws = new WebSocket(url);
  const queue = [];
  const waiters = [];
  ws.on('message', (data, isBinary) => {
    assert.equal(isBinary, false, 'server sent a binary frame');
    const message = JSON.parse(data.toString());
    if (waiters.length)
      waiters.shift()(message);
    else
      queue.push(message);
  });
  const closed = new Promise((resolve) => ws.once('close', (code, reason) => resolve({ code, reason: reason.toString() })));
  return {
    ws,
    closed,
    opened: withTimeout(new Promise((resolve, reject) => { ws.once('open', resolve); ws.once('error', reject); }), 10000, `open ${url}`),
    next(ms = 10000) {
      if (queue.length)
        return Promise.resolve(queue.shift());
      return withTimeout(new Promise((resolve) => waiters.push(resolve)), ms, 'next WebSocket message');
    },
    send(object) { ws.send(JSON.stringify(object)); },
  };
}

test('a ws client publishes, an EventSource receives it with id = seq and event = type', { timeout: 60000 }, async () => {
  const server = await startServe(binary);
  try {
    const channel = freshChannel('node');
    const sse = recordingEventSource(`${server.http}/events?channel=${channel}`, ['chat.message', 'chat.edit', 'reset']);
    await waitFor(() => sse.state.opens >= 1, 10000, 'EventSource open');

    const client = openWebSocket(`${server.ws}/ws?channel=${channel}`);
    await client.opened;
    const welcome = await client.next();
    assert.equal(welcome.type, 'session.welcome');
    assert.equal(welcome.payload.latest, 0);

    const sent = [];
    for (let n = 1; n <= 20; n++) {
      const type = n % 5 === 0 ? 'chat.edit' : 'chat.message';
      const message = { type, payload: { text: `hello ${n}`, n }, id: `node-${n}` };
      client.send(message);
      sent.push(message);
    }
    const echoed = [];
    for (let n = 1; n <= 20; n++)
      echoed.push(await client.next());
    echoed.forEach((envelope, index) => {
      assert.equal(envelope.seq, index + 1);
      assert.equal(envelope.id, sent[index].id);
      assert.equal(envelope.type, sent[index].type);
      assert.equal(envelope.channel, channel);
    });

    await waitFor(() => sse.state.events.length >= 20, 10000, '20 events on the EventSource');
    await sleep(200);
    assert.equal(sse.state.events.length, 20, 'no extra events');
    sse.state.events.forEach((event, index) => {
      assert.equal(event.type, sent[index].type, 'event: is the envelope type');
      assert.equal(event.id, String(index + 1), 'id: is the channel sequence');
      assert.deepEqual(JSON.parse(event.data), echoed[index], 'data: is the same envelope the WebSocket got');
    });
    sse.source.close();

    // A second EventSource resuming from the lastEventId query gets the rest only.
    const late = recordingEventSource(`${server.http}/events?channel=${channel}&lastEventId=15`, ['chat.message', 'chat.edit', 'reset']);
    await waitFor(() => late.state.events.length >= 5, 10000, 'the 5 events after 15');
    await sleep(200);
    assert.deepEqual(late.state.events.map((e) => e.id), ['16', '17', '18', '19', '20']);
    late.source.close();

    // SIGTERM: the WebSocket client is closed with 1001 and serve exits 0.
    const code = await server.stop();
    assert.equal((await withTimeout(client.closed, 10000, 'WebSocket close')).code, 1001);
    assert.equal(code, 0, 'serve exit code after SIGTERM');
  } finally {
    server.kill();
  }
});

test('an EventSource reconnects after a server restart and resumes with Last-Event-ID, without loss or duplicates',
  { timeout: 90000 }, async () => {
    // Restarts (every WS/SSE connection closed, 1 s down, same port; channels and replay kept)
    // every 3 s; the client is told to retry after 1.5 s, so it misses messages published
    // after the server is back up and before it reconnects.
    const server = await startServe(binary, ['--fault-restart-every', '3s', '--sse-retry', '1500ms']);
    try {
      const channel = freshChannel('restart');
      const sse = recordingEventSource(`${server.http}/events?channel=${channel}`, ['chat.message', 'reset']);
      await waitFor(() => sse.state.opens >= 1, 10000, 'EventSource open');

      // Publish for 7 s (at least two restarts), ignoring refused requests while it is down.
      const { published, refused, last } = await publishThroughRestarts(server, channel);
      published.push(last);

      await waitFor(() => sse.state.lastId === String(last), 20000, `the EventSource to receive seq ${last}`);
      const ids = sse.state.events.map((e) => Number(e.id));
      assert.ok(sse.state.events.every((e) => e.type === 'chat.message'), 'no reset events');
      assert.equal(new Set(ids).size, ids.length, `duplicates in ${ids}`);
      assert.deepEqual(ids, Array.from({ length: last }, (_, i) => i + 1), 'every seq from 1 to the last, in order');
      for (const seq of published)
        assert.ok(ids.includes(seq), `published seq ${seq} received`);

      const reconnects = sse.state.requests.slice(1);
      assert.ok(sse.state.opens >= 2 && reconnects.length >= 1, `reconnected (opens ${sse.state.opens}, requests ${sse.state.requests.length})`);
      for (const request of reconnects)
        assert.equal(request.lastEventId, request.lastReceived, 'Last-Event-ID is the last id received');
      assert.ok(reconnects.some((r) => r.lastEventId !== null), 'a reconnect carried Last-Event-ID');

      // Some of what the client got was published while it was away, i.e. replayed on resume.
      const metrics = await (await fetch(`${server.http}/metrics`)).text();
      const replayed = Number(/^socketscope_replayed_messages_total (\d+)/m.exec(metrics)?.[1] ?? 0);
      console.log(`published ${published.length} (${refused} refused while down), received ${ids.length}, ` +
                  `opens ${sse.state.opens}, replayed by the server ${replayed}`);
      assert.ok(refused > 0, 'some publishes hit the downtime (the restart fault is active)');
      assert.ok(replayed > 0, 'the server replayed messages on resume');
      sse.source.close();

      assert.equal(await server.stop(), 0, 'serve exit code after SIGTERM');
    } finally {
      server.kill();
    }
  });
