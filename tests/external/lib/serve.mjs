// Starts `socketscope serve --listen 127.0.0.1:0` for a test and stops it with SIGTERM.
import { spawn } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';

const LISTENING = /listening on (\S+):(\d+) /;

export function binaryFromArgs() {
  const binary = process.argv[2];
  if (!binary) {
    console.error(`usage: node ${process.argv[1]} PATH/TO/socketscope`);
    process.exit(2);
  }
  return binary;
}

// Imports the npm packages of tests/external; exits 77 (ctest: skipped) when they are missing,
// unless SOCKETSCOPE_REQUIRE_EXTERNAL is set (scripts/test sets it after installing them).
export async function importOrSkip(name) {
  try {
    return await import(name);
  } catch (error) {
    const message = `npm package '${name}' is missing (${error.code ?? error.message}); run scripts/install-deps`;
    if (process.env.SOCKETSCOPE_REQUIRE_EXTERNAL) {
      console.error(message);
      process.exit(1);
    }
    console.log(`SKIP: ${message}`);
    process.exit(77);
  }
}

export async function withTimeout(promise, ms, what) {
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms: ${what}`)), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

// Polls `predicate` until it returns a truthy value; returns it.
export async function waitFor(predicate, ms, what, intervalMs = 25) {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await predicate();
    if (value)
      return value;
    if (Date.now() > deadline)
      throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await sleep(intervalMs);
  }
}

export async function startServe(binary, args = [], { timeoutMs = 15000 } = {}) {
  const argv = ['serve', '--listen', '127.0.0.1:0', ...args];
  const child = spawn(binary, argv, { stdio: ['ignore', 'pipe', 'inherit'] });
  const exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  const firstLine = await withTimeout(new Promise((resolve, reject) => {
    let buffer = '';
    const onData = (chunk) => {
      buffer += chunk.toString();
      const newline = buffer.indexOf('\n');
      if (newline >= 0) {
        child.stdout.off('data', onData);
        child.stdout.resume(); // keep draining stdout
        resolve(buffer.slice(0, newline));
      }
    };
    child.stdout.on('data', onData);
    child.once('error', reject);
    exited.then(({ code, signal }) => reject(new Error(`serve exited (${code ?? signal}) before listening`)));
  }), timeoutMs, `'listening on' from ${binary} ${argv.join(' ')}`).catch((error) => {
    child.kill('SIGKILL');
    throw error;
  });
  const match = LISTENING.exec(firstLine);
  if (!match) {
    child.kill('SIGKILL');
    throw new Error(`unexpected first line from serve: ${firstLine}`);
  }
  const port = Number(match[2]);
  return {
    child,
    port,
    firstLine,
    http: `http://127.0.0.1:${port}`,
    ws: `ws://127.0.0.1:${port}`,
    exited,
    // SIGTERM, then the exit code (throws if it does not exit in time).
    async stop(ms = 15000) {
      if (child.exitCode === null && child.signalCode === null)
        child.kill('SIGTERM');
      const { code, signal } = await withTimeout(exited, ms, 'serve to exit after SIGTERM').catch((error) => {
        child.kill('SIGKILL');
        throw error;
      });
      return code ?? signal;
    },
    kill() {
      if (child.exitCode === null && child.signalCode === null)
        child.kill('SIGKILL');
    },
  };
}

// POST /publish; returns the parsed answer, or throws on a network error or non-200.
export async function publish(server, channel, type, payload, headers = {}) {
  const response = await fetch(`${server.http}/publish`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', ...headers },
    body: JSON.stringify({ channel, type, payload }),
    signal: AbortSignal.timeout(5000),
  });
  const text = await response.text();
  if (response.status !== 200)
    throw new Error(`POST /publish: ${response.status} ${text}`);
  return JSON.parse(text);
}

export function freshChannel(name) {
  return `${name}-${Math.random().toString(16).slice(2, 10)}`;
}

// Publishes for `durationMs` through a server that restarts meanwhile (refused requests are
// counted, not fatal), then one last message retried until it is accepted, so every sequence
// number up to `last` exists. Returns { published, refused, last }.
export async function publishThroughRestarts(server, channel, durationMs = 7000) {
  const published = [];
  let refused = 0;
  const until = Date.now() + durationMs;
  for (let n = 1; Date.now() < until; n++) {
    try {
      published.push((await publish(server, channel, 'chat.message', { n })).seq);
    } catch {
      refused++;
    }
    await sleep(30);
  }
  let last = null;
  await waitFor(async () => {
    try {
      last = (await publish(server, channel, 'chat.message', { n: 'last' })).seq;
      return true;
    } catch {
      return false;
    }
  }, 10000, 'the last publish to be accepted', 100);
  return { published, refused, last };
}
