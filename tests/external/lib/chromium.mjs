// Launches headless Chromium with a fresh profile and drives it over the DevTools protocol with
// the `ws` package (no puppeteer/playwright: nothing is downloaded).
import { spawn } from 'node:child_process';
import { access, constants, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { waitFor, withTimeout } from './serve.mjs';

// The Chromium executable a test runs (argv[3], $CHROMIUM or /usr/bin/chromium). Without one the
// test is skipped (exit 77), or fails under SOCKETSCOPE_REQUIRE_EXTERNAL=1 (scripts/test).
export async function chromiumExecutableOrSkip() {
  const executable = process.argv[3] || process.env.CHROMIUM || '/usr/bin/chromium';
  if (await access(executable, constants.X_OK).then(() => true, () => false))
    return executable;
  const message = `Chromium not found at '${executable}' (apt-get install chromium)`;
  if (process.env.SOCKETSCOPE_REQUIRE_EXTERNAL) {
    console.error(message);
    process.exit(1);
  }
  console.log(`SKIP: ${message}`);
  process.exit(77);
}

export class DevToolsSession {
  constructor(WebSocket, url) {
    this.ws = new WebSocket(url, { perMessageDeflate: false, maxPayload: 256 * 1024 * 1024 });
    this.nextId = 1;
    this.pending = new Map();
    this.listeners = [];
    this.ws.on('message', (data) => {
      const message = JSON.parse(data.toString());
      if (message.id !== undefined && this.pending.has(message.id)) {
        const { resolve, reject, method } = this.pending.get(message.id);
        this.pending.delete(message.id);
        if (message.error)
          reject(new Error(`${method}: ${message.error.message} (${message.error.code})`));
        else
          resolve(message.result);
      } else if (message.method) {
        for (const listener of this.listeners)
          listener(message);
      }
    });
    this.ws.on('close', () => {
      for (const { reject, method } of this.pending.values())
        reject(new Error(`${method}: DevTools connection closed`));
      this.pending.clear();
    });
    this.opened = withTimeout(new Promise((resolve, reject) => {
      this.ws.once('open', resolve);
      this.ws.once('error', reject);
    }), 10000, `DevTools connection to ${url}`);
  }

  send(method, params = {}, sessionId = undefined, ms = 15000) {
    const id = this.nextId++;
    const message = { id, method, params };
    if (sessionId)
      message.sessionId = sessionId;
    const result = new Promise((resolve, reject) => this.pending.set(id, { resolve, reject, method }));
    this.ws.send(JSON.stringify(message));
    return withTimeout(result, ms, method);
  }

  on(listener) {
    this.listeners.push(listener);
  }

  close() {
    this.ws.terminate();
  }
}

// Starts Chromium; returns { browser (DevToolsSession), page (helpers bound to one tab), close() }.
export async function launchChromium(executable, WebSocket) {
  const profile = await mkdtemp(path.join(tmpdir(), 'socketscope-chromium-'));
  const args = [
    '--headless', '--disable-gpu', '--no-first-run', '--no-default-browser-check',
    '--disable-background-networking', '--disable-component-update', '--disable-sync',
    '--disable-dev-shm-usage', '--disable-extensions', '--mute-audio', '--password-store=basic',
    `--user-data-dir=${profile}`, '--remote-debugging-port=0', 'about:blank',
  ];
  if (process.getuid?.() === 0)
    args.unshift('--no-sandbox'); // Chromium refuses to run as root with its sandbox
  // Its own process group, so that close() can end every helper process it started.
  const child = spawn(executable, args, { stdio: ['ignore', 'ignore', 'pipe'], detached: true });
  let log = '';
  child.stderr.on('data', (chunk) => { log = (log + chunk.toString()).slice(-20000); });
  const exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve(code ?? signal)));
  let exitedEarly = null;
  exited.then((code) => { exitedEarly = code; });

  let browser = null;
  const killGroup = (signal) => {
    try {
      process.kill(-child.pid, signal);
    } catch { /* already gone */ }
  };
  const close = async () => {
    if (browser) {
      await browser.send('Browser.close', {}, undefined, 5000).catch(() => {});
      browser.close();
    }
    if (exitedEarly === null)
      await withTimeout(exited, 10000, 'Chromium to exit').catch(() => {});
    killGroup('SIGKILL'); // helpers that outlived the browser process
    await rm(profile, { recursive: true, force: true, maxRetries: 3 });
  };

  try {
    const activePort = path.join(profile, 'DevToolsActivePort');
    const [port, browserPath] = await waitFor(async () => {
      if (exitedEarly !== null)
        throw new Error(`Chromium exited (${exitedEarly}) before DevTools was ready:\n${log}`);
      const text = await readFile(activePort, 'utf8').catch(() => '');
      const lines = text.split('\n');
      return lines.length >= 2 && lines[0] && lines[1] ? lines : null;
    }, 30000, 'Chromium to write DevToolsActivePort', 50);
    browser = new DevToolsSession(WebSocket, `ws://127.0.0.1:${port}${browserPath}`);
    await browser.opened;
    const { targetId } = await browser.send('Target.createTarget', { url: 'about:blank' });
    const { sessionId } = await browser.send('Target.attachToTarget', { targetId, flatten: true });
    const page = {
      sessionId,
      send: (method, params, ms) => browser.send(method, params, sessionId, ms),
      on: (listener) => browser.on((message) => { if (message.sessionId === sessionId) listener(message); }),
      async evaluate(expression) {
        const { result, exceptionDetails } = await page.send('Runtime.evaluate',
          { expression, returnByValue: true, awaitPromise: true });
        if (exceptionDetails)
          throw new Error(`evaluate ${expression}: ${exceptionDetails.exception?.description ?? exceptionDetails.text}`);
        return result.value;
      },
      async navigate(url) {
        const { errorText } = await page.send('Page.navigate', { url });
        if (errorText)
          throw new Error(`navigate ${url}: ${errorText}`);
      },
    };
    await page.send('Page.enable');
    await page.send('Runtime.enable');
    return { browser, page, close, log: () => log, pid: child.pid };
  } catch (error) {
    await close();
    throw error;
  }
}
