// Browser recordings replayed at scale: headless Chromium records a page talking to a real server
// (a plain WebSocket echo, Socket.IO's browser client, graphql-ws's client) into a HAR file in
// DevTools' format (record_har.mjs); `socketscope import-har` turns it into a scenario; the
// scenario, scaled to several clients, runs against the same server and every recorded answer
// arrives again: no loss, every connect succeeds, every script step ran.
//
//   node har_replay.test.mjs PATH/TO/socketscope [PATH/TO/chromium]
//
// Exit code 0 when all pass; 77 (ctest: skipped) when Chromium or the npm packages are missing
// and SOCKETSCOPE_REQUIRE_EXTERNAL is not set.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { binaryFromArgs, importOrSkip, withTimeout } from './lib/serve.mjs';
import { chromiumExecutableOrSkip } from './lib/chromium.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const binary = binaryFromArgs();
const chromium = await chromiumExecutableOrSkip();
await importOrSkip('socket.io');
await importOrSkip('graphql-ws');

// Runs a program to its end (bounded): its exit code and output.
function run(program, args, timeoutMs) {
  return withTimeout(new Promise((resolve, reject) => {
    const child = spawn(program, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (chunk) => { out += chunk; });
    child.stderr.on('data', (chunk) => { err += chunk; });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, out, err }));
  }), timeoutMs, `${path.basename(program)} ${args.join(' ')}`);
}

// A server of servers/: started on port 0; the first stdout line says the port.
async function startNodeServer(script, args = []) {
  const child = spawn(process.execPath, [path.join(here, 'servers', script), ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
  const port = await withTimeout(new Promise((resolve, reject) => {
    let buffered = '';
    child.stdout.on('data', (chunk) => {
      buffered += chunk;
      const line = buffered.split('\n')[0];
      if (buffered.includes('\n'))
        resolve(JSON.parse(line).port);
    });
    child.on('exit', (code) => reject(new Error(`${script} exited with ${code}`)));
  }), 10000, `${script} to listen`);
  return {
    port,
    stats: async () => (await fetch(`http://127.0.0.1:${port}/stats`)).json(),
    stop: () => new Promise((resolve) => { child.once('exit', resolve); child.kill('SIGTERM'); }),
  };
}

// Record, import, replay with `clients` clients per recorded connection; returns the report.
async function recordImportReplay(page, server, clients) {
  const dir = await mkdtemp(path.join(tmpdir(), 'socketscope-har-'));
  try {
    const har = path.join(dir, `${page}.har`);
    const recorded = await run(process.execPath, [path.join(here, 'record_har.mjs'), '--page', page,
      '--server', `http://127.0.0.1:${server.port}`, '--out', har, '--messages', '5', '--chromium', chromium], 90000);
    assert.equal(recorded.code, 0, `record_har failed: ${recorded.err}`);

    const scenarioFile = path.join(dir, 'scenario.json');
    const imported = await run(binary, ['import-har', har, '-o', scenarioFile], 30000);
    assert.equal(imported.code, 0, `import-har failed: ${imported.err}`);
    console.log(`import-har ${page}:\n${imported.err}`);
    const scenario = JSON.parse(await readFile(scenarioFile, 'utf8'));
    assert.ok(scenario.groups.length >= 1, 'a group per recorded connection');
    // The recording had no credentials: nothing is left to fill in.
    assert.doesNotMatch(JSON.stringify(scenario), /FILL_IN_/);
    for (const group of scenario.groups)
      group.clients = clients;
    await writeFile(scenarioFile, JSON.stringify(scenario, null, 2));

    const reportFile = path.join(dir, 'report.json');
    const replayed = await run(binary, ['run', scenarioFile, '--quiet', '--report', reportFile], 120000);
    const report = JSON.parse(await readFile(reportFile, 'utf8'));
    assert.equal(replayed.code, 0, `the replay's thresholds failed (exit ${replayed.code}):\n${replayed.out}${replayed.err}\n${JSON.stringify(report.groups ?? report, null, 1).slice(0, 4000)}`);
    return { scenario, report };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

// The replay's groups as the report has them (docs/reports.md: summary.groups); never empty, so
// the checks on them cannot pass by having nothing to look at.
function groupsOf(report) {
  const groups = report.summary?.groups ?? [];
  assert.ok(groups.length >= 1, `the report has its groups: ${JSON.stringify(report.summary ?? report).slice(0, 500)}`);
  return groups;
}

test('a plain WebSocket recording replays against the echo server with every echo back', { timeout: 240000 }, async () => {
  const server = await startNodeServer('ws_echo_server.mjs');
  try {
    const { scenario, report } = await recordImportReplay('ws', server, 4);
    assert.equal(scenario.groups[0].protocol, 'ws');
    for (const group of groupsOf(report)) {
      assert.equal(group.connections.failed ?? 0, 0, JSON.stringify(group.connections));
      assert.equal(group.messages.lost, 0);
      assert.ok(group.messages.checked.byScript >= 4 * 5, `every recorded echo expected again: ${JSON.stringify(group.messages)}`);
      assert.ok(group.messages.sent >= 4 * 5);
    }
  } finally {
    await server.stop();
  }
});

test('a Socket.IO recording (polling, then the upgrade) replays against the chat', { timeout: 240000 }, async () => {
  const server = await startNodeServer('socketio_chat.mjs');
  try {
    const { scenario, report } = await recordImportReplay('socketio', server, 4);
    assert.equal(scenario.groups[0].protocol, 'socketio');
    for (const group of groupsOf(report)) {
      assert.equal(group.connections.failed ?? 0, 0, JSON.stringify(group.connections));
      assert.equal(group.messages.lost, 0);
      assert.ok(group.messages.checked.byScript > 0, JSON.stringify(group.messages));
      // The recorded `join` asked for an ack: each replayed client's is measured as a round trip.
      assert.ok(group.rttMs.count >= 4, `every join's ack measured: ${JSON.stringify(group.rttMs)}`);
    }
    const stats = await server.stats();
    assert.ok(stats.chats >= 4 * 5, `the server got every replayed chat: ${JSON.stringify(stats)}`);
  } finally {
    await server.stop();
  }
});

test('a graphql-ws recording replays its subscription against the GraphQL server', { timeout: 240000 }, async () => {
  const server = await startNodeServer('graphql_server.mjs');
  try {
    const { scenario, report } = await recordImportReplay('graphql-ws', server, 4);
    assert.equal(scenario.groups[0].protocol, 'graphql-ws');
    assert.ok(scenario.groups[0].subscribe?.length >= 1, 'the recorded subscription');
    for (const group of groupsOf(report)) {
      assert.equal(group.connections.failed ?? 0, 0, JSON.stringify(group.connections));
      assert.equal(group.messages.lost, 0);
    }
    const stats = await server.stats();
    assert.ok(stats.subscriptions >= 4, `every replayed client subscribed: ${JSON.stringify(stats)}`);
  } finally {
    await server.stop();
  }
});
