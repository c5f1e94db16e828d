// Headless Chromium loads the server's page (resources/web/index.html), chats over its WebSocket,
// sees the messages come back over its EventSource, and resumes that EventSource with
// Last-Event-ID after the server drops the connection; with --token, the page's ?token= opens
// both streams and without it both are refused. Driven over the DevTools protocol.
//
//   node chromium_page.test.mjs PATH/TO/socketscope [PATH/TO/chromium]
//
// Exit code 0 when all pass; 77 (ctest: skipped) when Chromium or the npm packages are missing
// and SOCKETSCOPE_REQUIRE_EXTERNAL is not set.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { binaryFromArgs, importOrSkip, startServe, publish, publishThroughRestarts, freshChannel, waitFor } from './lib/serve.mjs';
import { chromiumExecutableOrSkip, launchChromium } from './lib/chromium.mjs';

const binary = binaryFromArgs();
const chromium = await chromiumExecutableOrSkip();
const { default: WebSocket } = await importOrSkip('ws');
const TOKEN = `t0ken-${process.pid}`;

const STATE = 'JSON.stringify({ ...window.socketscope, ws: document.getElementById("wsState").textContent, '
            + 'sse: document.getElementById("sseState").textContent })';

async function pageState(page) {
  return JSON.parse(await page.evaluate(`window.socketscope ? ${STATE} : "null"`));
}

async function withBrowser(body) {
  const chrome = await launchChromium(chromium, WebSocket);
  try {
    await body(chrome);
  } catch (error) {
    console.error(`--- Chromium stderr (last lines) ---\n${chrome.log().split('\n').slice(-30).join('\n')}`);
    throw error;
  } finally {
    await chrome.close();
  }
}

test('Chromium: the page chats over WebSocket, sees it over EventSource, resumes with Last-Event-ID after a drop, and passes ?token=',
  { timeout: 150000 }, async () => {
    const plain = await startServe(binary);
    // Restarts every 3 s (all connections closed, 1 s down, channels and replay kept); the page's
    // EventSource retries after 1.5 s and so misses what is published in between.
    const restarting = await startServe(binary, ['--fault-restart-every', '3s', '--sse-retry', '1500ms']);
    const secured = await startServe(binary, ['--token', TOKEN]);
    try {
      await withBrowser(async ({ page }) => {
        // --- chat over the page's WebSocket, back over its EventSource ---
        const channel = freshChannel('browser');
        const watcher = new WebSocket(`${plain.ws}/ws?channel=${channel}`);
        const watched = [];
        watcher.on('message', (data) => watched.push(JSON.parse(data.toString())));
        await waitFor(() => watched.some((m) => m.type === 'session.welcome'), 10000, 'the watcher to join');
        await page.navigate(`${plain.http}/?channel=${channel}`);
        await waitFor(async () => {
          const state = await pageState(page);
          return state && state.ws === 'open' && state.opens >= 1 && state.sse === 'open';
        }, 20000, 'the page to open its WebSocket and EventSource');

        assert.equal(await page.evaluate('window.socketscope.send("hello from chromium \u2713")'), true);
        let state = await waitFor(async () => {
          const s = await pageState(page);
          return s.chat.length >= 1 && s.received.length >= 1 ? s : null;
        }, 10000, 'the chat message to come back over WebSocket and EventSource');
        const chat = state.chat[0];
        assert.equal(chat.type, 'chat.message');
        assert.equal(chat.channel, channel);
        assert.equal(chat.seq, 1);
        assert.deepEqual(chat.payload, { text: 'hello from chromium \u2713' });
        const event = state.received[0];
        assert.equal(event.type, 'chat.message', 'SSE event: is the envelope type');
        assert.equal(event.id, '1', 'SSE id: is the sequence number');
        assert.deepEqual(JSON.parse(event.data), chat, 'the same envelope over both protocols');
        // It really went over the network: another client on the channel got it too.
        await waitFor(() => watched.some((m) => m.type === 'chat.message'), 10000, 'the watcher to get the message');
        assert.deepEqual(watched.find((m) => m.type === 'chat.message'), chat);

        // And the other way: POST /publish shows up in both of the page's streams.
        const { seq, delivered } = await publish(plain, channel, 'chat.message', { text: 'from curl-like POST' });
        assert.equal(seq, 2);
        assert.equal(delivered, 3, 'page WebSocket + page EventSource + watcher');
        state = await waitFor(async () => {
          const s = await pageState(page);
          return s.chat.length >= 2 && s.received.length >= 2 ? s : null;
        }, 10000, 'the published message in the page');
        assert.equal(state.chat[1].payload.text, 'from curl-like POST');
        assert.equal(state.received[1].id, '2');
        assert.equal(state.lastEventId, '2');
        watcher.terminate();

        // --- EventSource resume after the server drops the connection ---
        // The headers Chromium really sent on each /events request (ExtraInfo carries the
        // network service's headers, Last-Event-ID included).
        const eventRequests = new Set();
        const requests = [];
        const headerValue = (headers, name) =>
          Object.entries(headers).find(([key]) => key.toLowerCase() === name)?.[1] ?? null;
        page.on((message) => {
          if (message.method === 'Network.requestWillBeSent' && message.params.request.url.includes('/events?'))
            eventRequests.add(message.params.requestId);
          else if (message.method === 'Network.requestWillBeSentExtraInfo')
            requests.push({ requestId: message.params.requestId, lastEventId: headerValue(message.params.headers, 'last-event-id') });
        });
        await page.send('Network.enable');
        const resumeChannel = freshChannel('resume');
        // The server may be in a restart's downtime: retry until the page loads.
        await waitFor(() => page.navigate(`${restarting.http}/?channel=${resumeChannel}`).then(() => true, () => false),
                      20000, 'the page of the restarting server to load', 200);
        await waitFor(async () => {
          const s = await pageState(page);
          return s && s.opens >= 1 && s.sse === 'open';
        }, 20000, 'the page to open its EventSource on the restarting server');

        const { published, refused, last } = await publishThroughRestarts(restarting, resumeChannel);

        state = await waitFor(async () => {
          const s = await pageState(page);
          return s.lastEventId === String(last) ? s : null;
        }, 20000, `the page's EventSource to receive seq ${last}`);
        const ids = state.received.map((e) => Number(e.id));
        assert.ok(state.received.every((e) => e.type === 'chat.message'), 'no reset events');
        assert.equal(new Set(ids).size, ids.length, `no duplicates in ${ids}`);
        assert.deepEqual(ids, Array.from({ length: last }, (_, i) => i + 1), 'every seq from 1 to the last, in order');
        for (const seq of published)
          assert.ok(ids.includes(seq), `published seq ${seq} received`);
        assert.ok(state.opens >= 2 && state.errors >= 1, `the EventSource reconnected (opens ${state.opens}, errors ${state.errors})`);
        const resumed = requests.filter((r) => eventRequests.has(r.requestId) && r.lastEventId !== null);
        assert.ok(resumed.length >= 1, `a reconnect sent Last-Event-ID (requests: ${JSON.stringify(requests)})`);
        const metrics = await (await fetch(`${restarting.http}/metrics`)).text();
        const replayed = Number(/^socketscope_replayed_messages_total (\d+)/m.exec(metrics)?.[1] ?? 0);
        console.log(`published ${published.length + 1} (${refused} refused while down), page received ${ids.length}, `
                    + `opens ${state.opens}, Last-Event-ID sent ${resumed.map((r) => r.lastEventId)}, replayed ${replayed}`);
        assert.ok(refused > 0, 'some publishes hit the downtime (the restart fault is active)');
        assert.ok(replayed > 0, 'the server replayed messages on resume');

        // --- --token: the page passes ?token= to both streams; without it both are refused ---
        const tokenChannel = freshChannel('token');
        await page.navigate(`${secured.http}/?channel=${tokenChannel}&token=${TOKEN}`);
        await waitFor(async () => {
          const s = await pageState(page);
          return s && s.ws === 'open' && s.sse === 'open';
        }, 20000, 'the page to open both streams with the token');
        assert.equal(await page.evaluate('window.socketscope.send("with token")'), true);
        state = await waitFor(async () => {
          const s = await pageState(page);
          return s.chat.length >= 1 && s.received.length >= 1 ? s : null;
        }, 10000, 'the message to come back with the token');
        assert.equal(JSON.parse(state.received[0].data).payload.text, 'with token');
        await page.navigate(`${secured.http}/?channel=${tokenChannel}`);
        state = await waitFor(async () => {
          const s = await pageState(page);
          return s && s.ws.startsWith('closed') && s.sse === 'closed' ? s : null;
        }, 20000, 'both streams to be refused without the token');
        assert.equal(state.ws, 'closed 4001 Unauthorized', 'WebSocket close code and reason');
        assert.equal(state.received.length, 0);
      });
      assert.equal(await plain.stop(), 0, 'serve exit code after SIGTERM');
      assert.equal(await restarting.stop(), 0, 'serve (restarting) exit code after SIGTERM');
      assert.equal(await secured.stop(), 0, 'serve (token) exit code after SIGTERM');
    } finally {
      plain.kill();
      restarting.kill();
      secured.kill();
    }
  });
