// Headless Chromium against `socketscope serve --tls-self-signed`: the page loads over https://,
// chats over wss:// and receives over an EventSource on https:// (issue 5, security defaults).
// The certificate is generated at the server's start, so nothing can vouch for it: this test,
// and only this test, runs Chromium with --ignore-certificate-errors (a wrapper script adds the
// flag to the shared launcher's command line). Node's own https checks pin the certificate
// instead (--tls-write-cert).
//
//   node chromium_tls.test.mjs PATH/TO/socketscope [PATH/TO/chromium]
//
// Exit code 0 when all pass; 77 (ctest: skipped) when Chromium or the npm packages are missing
// and SOCKETSCOPE_REQUIRE_EXTERNAL is not set.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chmod, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import https from 'node:https';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { binaryFromArgs, importOrSkip, startServe, freshChannel, waitFor } from './lib/serve.mjs';
import { chromiumExecutableOrSkip, launchChromium } from './lib/chromium.mjs';

const binary = binaryFromArgs();
const chromium = await chromiumExecutableOrSkip();
const { default: WebSocket } = await importOrSkip('ws');

const STATE = 'JSON.stringify({ ...window.socketscope, ws: document.getElementById("wsState").textContent, '
            + 'sse: document.getElementById("sseState").textContent, origin: location.origin })';

async function pageState(page) {
  return JSON.parse(await page.evaluate(`window.socketscope ? ${STATE} : "null"`));
}

// POST /publish over https, trusting exactly the server's certificate (as written by --tls-write-cert).
function publishTls(port, ca, channel, payload) {
  const body = JSON.stringify({ channel, type: 'chat.message', payload });
  return new Promise((resolve, reject) => {
    const request = https.request({
      host: '127.0.0.1', port, path: '/publish', method: 'POST', ca, servername: 'localhost',
      headers: { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body) },
      timeout: 5000,
    }, (response) => {
      let text = '';
      response.on('data', (chunk) => { text += chunk; });
      response.on('end', () => (response.statusCode === 200 ? resolve(JSON.parse(text))
                                                            : reject(new Error(`POST /publish: ${response.statusCode} ${text}`))));
    });
    request.on('error', reject);
    request.on('timeout', () => request.destroy(new Error('POST /publish timed out')));
    request.end(body);
  });
}

test('Chromium: the page over https:// chats over wss:// and receives over EventSource, self-signed certificate',
  { timeout: 90000 }, async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'socketscope-tls-'));
    const certificateFile = path.join(dir, 'generated.pem');
    // The flag goes on this test's Chromium only: a wrapper around the real binary.
    const wrapper = path.join(dir, 'chromium-ignoring-certificate-errors');
    await writeFile(wrapper, `#!/bin/sh\nexec '${chromium}' --ignore-certificate-errors "$@"\n`);
    await chmod(wrapper, 0o755);
    const server = await startServe(binary, ['--tls-self-signed', '--tls-write-cert', certificateFile]);
    try {
      assert.match(server.firstLine, /, TLS\)$/, `the listening line says TLS: ${server.firstLine}`);
      const ca = await readFile(certificateFile, 'utf8');
      assert.match(ca, /^-----BEGIN CERTIFICATE-----/);
      assert.doesNotMatch(ca, /PRIVATE KEY/, 'the key is not written');
      const base = `https://127.0.0.1:${server.port}`;

      // Plain http:// to the TLS port gets no HTTP answer.
      const plain = await fetch(`http://127.0.0.1:${server.port}/healthz`, { signal: AbortSignal.timeout(5000) })
        .then((r) => `HTTP ${r.status}`, (error) => `failed: ${error.cause?.code ?? error.message}`);
      assert.match(plain, /^failed/, `plain HTTP on the TLS port: ${plain}`);

      const chrome = await launchChromium(wrapper, WebSocket);
      try {
        const { page } = chrome;
        const channel = freshChannel('tls');
        await page.navigate(`${base}/?channel=${channel}`);
        const opened = await waitFor(async () => {
          const s = await pageState(page).catch(() => null);
          return s && s.ws === 'open' && s.opens >= 1 && s.sse === 'open' ? s : null;
        }, 20000, 'the page to open its WebSocket and EventSource over TLS');
        assert.equal(opened.origin, base, 'the page itself came over https://');
        const urls = JSON.parse(await page.evaluate(
          'JSON.stringify(performance.getEntriesByType("resource").map((e) => e.name).concat([location.href]))'));
        assert.ok(urls.every((u) => !u.startsWith('http://') && !u.startsWith('ws://')), `only TLS URLs: ${urls}`);

        assert.equal(await page.evaluate('window.socketscope.send("hello over wss")'), true);
        let state = await waitFor(async () => {
          const s = await pageState(page);
          return s.chat.length >= 1 && s.received.length >= 1 ? s : null;
        }, 10000, 'the chat message to come back over wss:// and EventSource');
        assert.equal(state.chat[0].payload.text, 'hello over wss');
        assert.equal(state.received[0].id, '1');
        assert.deepEqual(JSON.parse(state.received[0].data), state.chat[0], 'the same envelope over both protocols');

        // A publish from Node (verifying the pinned certificate for "localhost") reaches both.
        const { seq, delivered } = await publishTls(server.port, ca, channel, { text: 'from node https' });
        assert.equal(seq, 2);
        assert.equal(delivered, 2, 'the page WebSocket and the page EventSource');
        state = await waitFor(async () => {
          const s = await pageState(page);
          return s.chat.length >= 2 && s.received.length >= 2 ? s : null;
        }, 10000, 'the published message in the page');
        assert.equal(state.received[1].id, '2');
        assert.equal(JSON.parse(state.received[1].data).payload.text, 'from node https');

        const metrics = await new Promise((resolve, reject) => {
          https.get({ host: '127.0.0.1', port: server.port, path: '/metrics', ca, servername: 'localhost' }, (response) => {
            let text = '';
            response.on('data', (chunk) => { text += chunk; });
            response.on('end', () => resolve(text));
          }).on('error', reject);
        });
        const failures = Number(/^socketscope_tls_handshake_failures_total (\d+)/m.exec(metrics)?.[1] ?? -1);
        assert.ok(failures >= 1, `the plain HTTP attempt counted as a failed handshake (${failures})`);
      } catch (error) {
        console.error(`--- Chromium stderr (last lines) ---\n${chrome.log().split('\n').slice(-30).join('\n')}`);
        throw error;
      } finally {
        await chrome.close();
      }
      assert.equal(await server.stop(), 0, 'serve exit code after SIGTERM');
    } finally {
      server.kill();
      await rm(dir, { recursive: true, force: true });
    }
  });
