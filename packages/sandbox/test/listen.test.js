// Where the sandbox listens: by default this computer only (127.0.0.1 and ::1), so nobody else on
// the network can use the simulator; SANDBOX_HOST=0.0.0.0 opens it, with a warning on the console.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { connect } from 'node:net';
import { mkdtemp, rm } from 'node:fs/promises';
import { networkInterfaces, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { test } from 'node:test';
import { isLoopbackAddress } from '../src/http/listen.js';
import { startTestSandbox } from './helpers.js';

const CLI = fileURLToPath(new URL('../src/cli.js', import.meta.url));

/** This machine's addresses other machines could connect to (link-local ones with their scope). */
function networkAddresses() {
  return Object.entries(networkInterfaces()).flatMap(([name, entries]) => (entries ?? [])
    .filter((entry) => !entry.internal && !isLoopbackAddress(entry.address))
    .map((entry) => ({ host: entry.family === 'IPv6' && entry.scopeid ? `${entry.address}%${name}` : entry.address, family: entry.family })));
}

/**
 * Whether a TCP connection to host:port is accepted.
 * @param {string} host
 * @param {number} port
 * @returns {Promise<boolean | string>} true, or the refusal's error code
 */
function connects(host, port) {
  return new Promise((resolve) => {
    const socket = connect({ host, port, timeout: 2000 });
    socket.once('connect', () => { socket.destroy(); resolve(true); });
    socket.once('timeout', () => { socket.destroy(); resolve('ETIMEDOUT'); });
    socket.once('error', (error) => resolve(/** @type {NodeJS.ErrnoException} */ (error).code ?? error.message));
  });
}

/** Whether this machine has an IPv6 loopback at all. */
const hasIpv6Loopback = Object.values(networkInterfaces()).flat().some((entry) => entry?.address === '::1');

test('by default the sandbox listens on the loopback only: 127.0.0.1 and ::1 answer, no other address of this machine does', async (t) => {
  const sandbox = await startTestSandbox();
  try {
    assert.equal(sandbox.exposed, false);
    assert.ok(sandbox.addresses.length > 0);
    for (const address of sandbox.addresses) assert.ok(isLoopbackAddress(address.replace(/^\[|\]?:\d+$/g, '')), `${address} is loopback`);
    assert.deepEqual(sandbox.addresses, hasIpv6Loopback ? [`127.0.0.1:${sandbox.port}`, `[::1]:${sandbox.port}`] : [`127.0.0.1:${sandbox.port}`]);

    // The issuer says localhost: whichever address the system gives for it, the sandbox answers.
    const v4 = await fetch(`http://127.0.0.1:${sandbox.port}/.well-known/openid-configuration`);
    assert.equal(v4.status, 200);
    if (hasIpv6Loopback) assert.equal((await fetch(`http://[::1]:${sandbox.port}/.well-known/openid-configuration`)).status, 200);
    assert.equal((await fetch(sandbox.discoveryUrl)).status, 200);

    const others = networkAddresses();
    if (others.length === 0) {
      t.skip('this machine has no network address besides the loopback, so "unreachable from the network" cannot be tried here (the loopback-only addresses above were checked)');
      return;
    }
    for (const { host } of others) {
      assert.notEqual(await connects(host, sandbox.port), true, `${host}:${sandbox.port} must not accept connections`);
    }
  } finally {
    await sandbox.stop();
  }
});

test('host 0.0.0.0 opens the sandbox to the network and says so (exposed)', async (t) => {
  const sandbox = await startTestSandbox({ host: '0.0.0.0' });
  try {
    assert.equal(sandbox.exposed, true);
    assert.deepEqual(sandbox.addresses, [`0.0.0.0:${sandbox.port}`]);
    const v4 = networkAddresses().filter((address) => address.family === 'IPv4');
    if (v4.length === 0) {
      t.skip('no IPv4 network address on this machine to reach the opened sandbox on');
      return;
    }
    // The same probe as above does see an exposed sandbox: its "not reachable" is meaningful.
    for (const { host } of v4) assert.equal(await connects(host, sandbox.port), true, `${host}:${sandbox.port}`);
  } finally {
    await sandbox.stop();
  }
});

/**
 * Runs the sandbox's CLI until it says where it runs, then stops it.
 * @param {Record<string, string>} env
 */
async function runCli(env) {
  const dataDir = await mkdtemp(join(tmpdir(), 'iams-listen-'));
  const child = spawn(process.execPath, [CLI], { env: { ...process.env, SANDBOX_PORT: '0', IAMS_SANDBOX_DATA: dataDir, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk) => { stdout += chunk; });
  child.stderr.on('data', (chunk) => { stderr += chunk; });
  try {
    const deadline = Date.now() + 20_000;
    while (!stdout.includes('Listening on:') && child.exitCode === null) {
      if (Date.now() > deadline) throw new Error(`the CLI did not start: ${stdout}${stderr}`);
      await new Promise((done) => { setTimeout(done, 50); });
    }
    // The warning follows the banner at once.
    await new Promise((done) => { setTimeout(done, 200); });
    return { stdout, stderr };
  } finally {
    child.kill('SIGTERM');
    await new Promise((done) => { child.once('exit', done); if (child.exitCode !== null) done(undefined); });
    await rm(dataDir, { recursive: true, force: true });
  }
}

test('the CLI listens on the loopback without a warning by default; SANDBOX_HOST=0.0.0.0 opens it with a warning', async () => {
  const local = await runCli({});
  assert.match(local.stdout, /Listening on: +127\.0\.0\.1:\d+/);
  assert.doesNotMatch(local.stdout + local.stderr, /anyone on your network/);

  const open = await runCli({ SANDBOX_HOST: '0.0.0.0' });
  assert.match(open.stdout, /Listening on: +0\.0\.0\.0:\d+/);
  assert.match(open.stderr, /WARNING: the iAM Smart sandbox is listening on 0\.0\.0\.0:\d+, so anyone on your network can reach it/);
  assert.match(open.stderr, /Leave SANDBOX_HOST unset/);
});

test('a SANDBOX_HOST this computer does not have stops the CLI with a sentence naming the setting', async () => {
  for (const host of ['nonsense.invalid', '192.0.2.1']) {
    const { stderr } = await runCli({ SANDBOX_HOST: host });
    assert.match(stderr, new RegExp(`could not start: Cannot listen on "${host.replaceAll('.', '\\.')}": it is not an address of this computer\\. Set SANDBOX_HOST`));
    assert.doesNotMatch(stderr, /getaddrinfo|EADDRNOTAVAIL|\n +at /);
  }
});
