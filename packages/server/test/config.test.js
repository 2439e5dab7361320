// Configuration from code and environment, checked at start; cookie naming by origin; handle()
// outside the base path; what the package ships.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { test } from 'node:test';
import { ConfigError, createIamSmartServer } from '../dist/index.js';

const KEY = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ type: 'pkcs8', format: 'pem' });
const ENV = { IAMSMART_CLIENT_ID: 'my-site', IAMSMART_CLIENT_SECRET: 'secret-of-at-least-16', IAMSMART_PRIVATE_KEY: KEY, IAMSMART_ORIGIN: 'http://localhost:3000' };

test('everything from the environment, with the defaults', async () => {
  const server = createIamSmartServer({ env: ENV });
  assert.equal(server.config.platformUrl, 'http://localhost:8787');
  assert.equal(server.config.basePath, '/iamsmart');
  assert.equal(server.config.callbackUrl, 'http://localhost:3000/iamsmart/callback');
  assert.equal(server.config.scope, 'eidapi_auth eidapi_profiles');
  assert.equal(server.config.secureCookies, false, 'no Secure cookies over http, even on a loopback host (WebKit drops them there)');
  assert.equal(JSON.stringify(server.config).includes('secret-of'), false, 'no secret in the public config');
  await server.close();
});

test('a missing or bad value is a ConfigError naming the option and its variable', async () => {
  const folder = await mkdtemp(join(tmpdir(), 'iams-config-'));
  try {
    const cases = [
      [{ ...ENV, IAMSMART_CLIENT_ID: '' }, /clientID is required: pass it in code or set IAMSMART_CLIENT_ID/],
      [{ ...ENV, IAMSMART_CLIENT_SECRET: undefined }, /IAMSMART_CLIENT_SECRET/],
      [{ ...ENV, IAMSMART_PRIVATE_KEY: undefined }, /IAMSMART_PRIVATE_KEY or IAMSMART_PRIVATE_KEY_FILE/],
      [{ ...ENV, IAMSMART_PRIVATE_KEY: 'not a key' }, /privateKey \(IAMSMART_PRIVATE_KEY\) must be the PEM RSA private key/],
      [{ ...ENV, IAMSMART_PRIVATE_KEY: undefined, IAMSMART_PRIVATE_KEY_FILE: join(folder, 'missing.pem') }, /IAMSMART_PRIVATE_KEY_FILE .* cannot be read/],
      [{ ...ENV, IAMSMART_ORIGIN: undefined }, /origin is required: pass it in code or set IAMSMART_ORIGIN/],
      [{ ...ENV, IAMSMART_ORIGIN: 'https://example.hk/app' }, /origin \(IAMSMART_ORIGIN\) must be an origin only/],
      [{ ...ENV, IAMSMART_ORIGIN: 'ftp://example.hk' }, /must be an http\(s\) URL/],
      [{ ...ENV, NODE_ENV: 'production' }, /platformUrl is required when NODE_ENV is "production".*IAMSMART_PLATFORM_URL/],
      [{ ...ENV, NODE_ENV: 'production', IAMSMART_PLATFORM_URL: 'http://platform.example' }, /must be https when NODE_ENV is "production"/],
      [{ ...ENV, IAMSMART_SCOPE: 'eidapi_profiles' }, /scope \(IAMSMART_SCOPE\) must hold eidapi_auth/],
      [{ ...ENV, IAMSMART_SCOPE: 'eidapi_auth openid' }, /IAMSMART_SCOPE/],
      [{ ...ENV, IAMSMART_SESSION_SECRET: 'short' }, /at least 32 characters/],
      [{ ...ENV, IAMSMART_REDIS_URL: 'redis://127.0.0.1:1' }, /sessionSecret \(IAMSMART_SESSION_SECRET\) is required with a shared store/],
      [{ ...ENV, IAMSMART_REDIS_URL: 'http://127.0.0.1:1', IAMSMART_SESSION_SECRET: 'x'.repeat(32) }, /redis:\/\/ or rediss:\/\//],
      [{ ...ENV, IAMSMART_BASE_PATH: 'iamsmart' }, /basePath \(IAMSMART_BASE_PATH\)/],
      [{ ...ENV, IAMSMART_TIMEOUT_MS: 'soon' }, /IAMSMART_TIMEOUT_MS/],
    ];
    for (const [env, message] of cases) {
      assert.throws(() => createIamSmartServer({ env }), (error) => error instanceof ConfigError && error.code === 'invalid_config' && message.test(error.message), String(message));
    }
    // The key from a file; code wins over the environment.
    const keyFile = join(folder, 'key.pem');
    await writeFile(keyFile, KEY);
    const fromFile = createIamSmartServer({ env: { ...ENV, IAMSMART_PRIVATE_KEY: undefined, IAMSMART_PRIVATE_KEY_FILE: keyFile }, clientID: 'from-code', basePath: '/auth/' });
    assert.equal(fromFile.config.clientID, 'from-code');
    assert.equal(fromFile.config.basePath, '/auth');
    assert.equal(fromFile.config.callbackUrl, 'http://localhost:3000/auth/callback');
  } finally {
    await rm(folder, { recursive: true, force: true });
  }
});

test('notification topics from code or IAMSMART_NOTIFY_TOPICS, checked at start by the platform\'s rules (decision 059)', async () => {
  const ready = { en: 'Reservation ready', 'zh-HK': '預約已備妥', 'zh-CN': '预约已备妥' };
  const fromEnv = createIamSmartServer({ env: { ...ENV, IAMSMART_NOTIFY_TOPICS: JSON.stringify({ 'reservation-ready': ready }) } });
  assert.deepEqual(fromEnv.config.notifications, { topics: { 'reservation-ready': ready } });
  assert.equal(createIamSmartServer({ env: ENV }).config.notifications, undefined, 'off unless declared');
  const bad = [
    [{ env: { ...ENV, IAMSMART_NOTIFY_TOPICS: '{reservation' } }, /IAMSMART_NOTIFY_TOPICS must be a JSON object/],
    [{ env: ENV, notifications: { topics: {} } }, /at least one topic/],
    [{ env: ENV, notifications: {} }, /at least one topic/],
    [{ env: ENV, notifications: { topics: { 'Reservation-Ready': ready } } }, /"Reservation-Ready" needs an id of lower-case letters/],
    [{ env: ENV, notifications: { topics: { ready: { en: 'Ready', 'zh-HK': '預約' } } } }, /"ready" needs .* a name in en, zh-HK and zh-CN/],
    [{ env: ENV, notifications: { topics: { ready: { ...ready, en: '<b>Ready</b>' } } } }, /"ready"/],
    [{ env: ENV, notifications: { topics: { ready: { ...ready, en: 'R'.repeat(61) } } } }, /at most 60 characters/],
    [{ env: ENV, notifications: { topics: { ready: { ...ready, fr: 'Prête' } } } }, /"ready"/],
  ];
  for (const [options, message] of bad) {
    assert.throws(() => createIamSmartServer(options), (error) => error instanceof ConfigError && error.code === 'invalid_config' && message.test(error.message), String(message));
  }
  // Without topics, notify() and the routes answer invalid_config.
  const off = createIamSmartServer({ env: ENV });
  await assert.rejects(off.notify('resident', 'ready', ready), { code: 'invalid_config' });
  assert.equal((await off.handle(new Request('http://localhost:3000/iamsmart/notifications'))).status, 500);
});

test('cookies: Secure and __Host-/__Secure- names on https, plain names over http, loopback hosts too (WebKit drops Secure cookies over http://localhost)', async () => {
  const login = async (origin) => {
    const server = createIamSmartServer({ env: { ...ENV, IAMSMART_ORIGIN: origin } });
    const response = await server.handle(new Request(`${origin}/iamsmart/login`));
    return { secure: server.config.secureCookies, cookie: response.headers.getSetCookie()[0] };
  };
  const secured = await login('https://www.example.hk');
  assert.equal(secured.secure, true);
  assert.match(secured.cookie, /^__Secure-iams-login=[\w-]{43}; Path=\/iamsmart; Max-Age=600; HttpOnly; SameSite=Lax; Secure$/);
  for (const origin of ['http://localhost:8080', 'http://127.0.0.1:8080', 'http://[::1]:8080', 'http://intranet.example:8080']) {
    const { secure, cookie } = await login(origin);
    assert.equal(secure, false, origin);
    assert.match(cookie, /^iams-login=[\w-]{43}; Path=\/iamsmart; Max-Age=600; HttpOnly; SameSite=Lax$/, origin);
  }
});

test('handle() leaves other paths alone', async () => {
  const server = createIamSmartServer({ env: ENV });
  assert.equal(await server.handle(new Request('http://localhost:3000/')), undefined);
  assert.equal(await server.handle(new Request('http://localhost:3000/iamsmartish')), undefined);
  assert.equal((await server.handle(new Request('http://localhost:3000/iamsmart'))).status, 404);
  const session = await server.handle(new Request('http://localhost:3000/iamsmart/session', { method: 'HEAD' }));
  assert.equal(session.status, 200);
  // A HEAD neither starts nor finishes a login.
  for (const path of ['/iamsmart/login', '/iamsmart/callback?code=x&state=y']) {
    const head = await server.handle(new Request(`http://localhost:3000${path}`, { method: 'HEAD' }));
    assert.equal(head.status, 405, path);
    assert.equal(head.headers.get('allow'), 'GET');
  }
});

test('the package ships dist/, the README, LICENSE, CHANGELOG and package.json only, and nothing refers to the internal @iamsmart/protocol', async () => {
  const packageDir = fileURLToPath(new URL('..', import.meta.url));
  const [packed] = JSON.parse(execFileSync('npm', ['pack', '--dry-run', '--json', '--loglevel=error'], { cwd: packageDir, encoding: 'utf8' }));
  const files = packed.files.map((file) => file.path);
  assert.ok(files.includes('dist/index.js') && files.includes('dist/index.d.ts') && files.includes('README.md') && files.includes('LICENSE'));
  assert.deepEqual(files.filter((path) => !/^(dist\/|README\.md$|LICENSE$|CHANGELOG\.md$|package\.json$)/.test(path)), []);
  for (const path of files.filter((p) => /\.(js|d\.ts)$/.test(p))) {
    assert.doesNotMatch(await readFile(join(packageDir, path), 'utf8'), /from\s*['"]@iamsmart\/protocol/, path);
    // The SDK modules the server shares are inlined into index.js; no declaration points at them.
    assert.doesNotMatch(await readFile(join(packageDir, path), 'utf8'), /from\s*['"][./]*sdk\//, path);
  }
});
