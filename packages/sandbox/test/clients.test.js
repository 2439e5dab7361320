// Clients from IAMS_SANDBOX_CLIENTS: public-client defaults filled in, mistakes reported clearly.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { createRemoteJWKSet, decodeProtectedHeader, jwtVerify } from 'jose';
import { demoClient, loadClientsFile, PUBLIC_CLIENT_DEFAULTS } from '../src/clients.js';
import { startSandbox } from '../src/index.js';
import { exchangeCode, login } from './helpers.js';

const CLI = fileURLToPath(new URL('../src/cli.js', import.meta.url));
/** @type {string} */
let dir;
before(async () => { dir = await mkdtemp(join(tmpdir(), 'iams-clients-test-')); });
after(() => rm(dir, { recursive: true, force: true }));

/** @param {string} name @param {string} content */
async function file(name, content) {
  const path = join(dir, name);
  await writeFile(path, content);
  return path;
}

test('the demo client is the contract\'s public client', () => {
  assert.deepEqual(demoClient('http://localhost:8080'), {
    ...PUBLIC_CLIENT_DEFAULTS,
    client_id: 'demo-site',
    client_name: 'Demo Partner Site (sandbox)',
    'client_name#zh-HK': '示範合作網站（沙盒）',
    'client_name#zh-CN': '示范合作网站（沙盒）',
    redirect_uris: ['http://localhost:8080/', 'http://localhost:8080/oidc.html', 'http://localhost:8080/popup-callback.html', 'http://localhost:8080/iamsmart/callback'],
    post_logout_redirect_uris: ['http://localhost:8080/', 'http://localhost:8080/oidc.html'],
  });
});

test('clients from the file get the public browser-client defaults where left out', async () => {
  const path = await file('ok.json', JSON.stringify([
    { client_id: 'library', client_name: 'Public Library', redirect_uris: ['http://localhost:3000/callback'] },
    { client_id: 'bank', redirect_uris: ['https://bank.example/cb'], id_token_signed_response_alg: 'ES256' },
  ]));
  const clients = await loadClientsFile(path);
  assert.deepEqual(clients[0], {
    application_type: 'web',
    token_endpoint_auth_method: 'none',
    grant_types: ['authorization_code', 'urn:ietf:params:oauth:grant-type:device_code'],
    response_types: ['code'],
    subject_type: 'pairwise',
    id_token_signed_response_alg: 'RS256',
    client_id: 'library',
    client_name: 'Public Library',
    redirect_uris: ['http://localhost:3000/callback'],
  });
  assert.equal(clients[1].id_token_signed_response_alg, 'ES256', 'given values win');

  const dataDir = join(dir, 'data-ok');
  const sandbox = await startSandbox({ port: 0, dataDir, clientsFile: path, quiet: true });
  try {
    const { redirect, verifier } = await login(sandbox.issuer, { request: { client_id: 'library', redirect_uri: 'http://localhost:3000/callback' } });
    const response = await exchangeCode(sandbox.issuer, {
      code: String(redirect.searchParams.get('code')), verifier, clientId: 'library', redirectUri: 'http://localhost:3000/callback', origin: 'http://localhost:3000',
    });
    assert.equal(response.status, 200, 'a public client, no secret');
    assert.equal(response.headers.get('access-control-allow-origin'), 'http://localhost:3000');
    const { id_token: idToken } = await response.json();
    assert.equal(decodeProtectedHeader(idToken).alg, 'RS256');

    const bank = await login(sandbox.issuer, { request: { client_id: 'bank', redirect_uri: 'https://bank.example/cb' } });
    const bankTokens = await (await exchangeCode(sandbox.issuer, {
      code: String(bank.redirect.searchParams.get('code')), verifier: bank.verifier, clientId: 'bank', redirectUri: 'https://bank.example/cb',
    })).json();
    assert.equal(decodeProtectedHeader(bankTokens.id_token).alg, 'ES256');
    await jwtVerify(bankTokens.id_token, createRemoteJWKSet(new URL('/jwks', sandbox.issuer)), { audience: 'bank', algorithms: ['ES256'] });
  } finally {
    await sandbox.close();
  }
});

const BAD_FILES = /** @type {const} */ ([
  ['missing.json', null, /cannot be read/],
  ['not-json.json', '[{ client_id: ', /is not valid JSON/],
  ['object.json', '{"client_id":"x"}', /must contain a JSON array/],
  ['entry.json', '["x"]', /entry 0 is not an object/],
  ['no-id.json', '[{"redirect_uris":["http://localhost:3000/"]}]', /entry 0 has no client_id/],
  ['no-redirect.json', '[{"client_id":"x"}]', /client "x" is invalid: redirect_uris is mandatory property/],
  ['bad-redirect.json', '[{"client_id":"x","redirect_uris":["not a url"]}]', /client "x": redirect_uris contains "not a url", which is not a URL/],
  ['custom-scheme.json', '[{"client_id":"x","redirect_uris":["myapp:/cb"]}]', /client "x" is invalid: redirect_uris must only contain web uris/],
  ['public-sub.json', '[{"client_id":"x","redirect_uris":["http://localhost:3000/"],"subject_type":"public"}]', /client "x" is invalid: subject_type/],
  ['implicit.json', '[{"client_id":"x","redirect_uris":["http://localhost:3000/"],"response_types":["id_token"]}]', /client "x" is invalid: response_types/],
  ['duplicate.json', '[{"client_id":"demo-site","redirect_uris":["http://localhost:3000/"]}]', /"demo-site" is registered more than once/],
]);

test('a bad clients file is rejected with a message naming the file and the problem', async () => {
  for (const [name, content, problem] of BAD_FILES) {
    const path = content === null ? join(dir, name) : await file(name, content);
    await assert.rejects(startSandbox({ port: 0, dataDir: join(dir, 'data-bad'), clientsFile: path, quiet: true }), (error) => {
      const { message } = /** @type {Error} */ (error);
      assert.ok(message.startsWith(`IAMS_SANDBOX_CLIENTS file ${path}: `), message);
      assert.match(message, problem);
      return true;
    }, name);
  }
});

/**
 * Runs the CLI with an environment until it prints its URLs or exits.
 * @param {Record<string, string>} env
 */
async function runCli(env) {
  const child = spawn(process.execPath, [CLI], { env: { ...process.env, SANDBOX_PORT: '0', IAMS_SANDBOX_DATA: join(dir, 'data-cli'), ...env } });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk) => { stdout += chunk; });
  child.stderr.on('data', (chunk) => { stderr += chunk; });
  return { child, output: () => ({ stdout, stderr }) };
}

test('the CLI prints its URLs, serves, and stops cleanly on SIGTERM', async () => {
  const { child, output } = await runCli({ DEMO_PORT: '18085' });
  const exit = once(child, 'exit');
  try {
    while (!output().stdout.includes('Demo client')) {
      if (child.exitCode !== null) assert.fail(output().stderr);
      await new Promise((resolve) => { setTimeout(resolve, 50); });
    }
    const { stdout } = output();
    const issuer = /running at (http:\/\/localhost:\d+)/.exec(stdout)?.[1];
    assert.ok(issuer, stdout);
    assert.match(stdout, new RegExp(`Discovery: +${issuer}/\\.well-known/openid-configuration`));
    assert.match(stdout, new RegExp(`Phone-app simulator: +${issuer}/app`));
    assert.match(stdout, /demo-site \(http:\/\/localhost:18085\)/);
    const discovery = await (await fetch(`${issuer}/.well-known/openid-configuration`)).json();
    assert.equal(discovery.issuer, issuer);
  } finally {
    child.kill('SIGTERM');
  }
  const [code] = await exit;
  assert.equal(code, 0);
});

test('the CLI exits non-zero with a clear message for a bad clients file or port', async () => {
  const path = await file('cli-bad.json', '{}');
  for (const [env, message] of /** @type {const} */ ([
    [{ IAMS_SANDBOX_CLIENTS: path }, `IAMS_SANDBOX_CLIENTS file ${path}: must contain a JSON array`],
    [{ SANDBOX_PORT: 'eighty' }, 'SANDBOX_PORT must be a port number'],
    [{ DEMO_ORIGIN: 'localhost' }, 'DEMO_ORIGIN must be an origin'],
    [{ DEMO_ORIGIN: 'localhost:8080' }, 'DEMO_ORIGIN must be an origin'],
  ])) {
    const { child, output } = await runCli(env);
    const [code] = await once(child, 'exit');
    assert.equal(code, 1);
    assert.ok(output().stderr.includes(message), output().stderr);
  }
});

test('a port in use is reported as such', async () => {
  const first = await startSandbox({ port: 0, dataDir: join(dir, 'data-port'), quiet: true });
  try {
    await assert.rejects(startSandbox({ port: first.port, dataDir: join(dir, 'data-port'), quiet: true }), /Port \d+ is already in use/);
  } finally {
    await first.close();
  }
});
