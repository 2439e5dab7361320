// Conformance of the platform API's security scheme (PLATFORM.md "Signed requests", "Keys and
// encryption"): every signature, encryption and key unwrap is computed here, independently, by
// platform-support.js (node:crypto + node-forge), never by the sandbox's own helpers. Each refusal
// gets its D-code (codes.js; the sandbox's own choices where public material names none) and
// changes nothing: the nonce stays usable, the timestamp does not move, the key stays as it was.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { generateKeyPairSync, randomBytes, randomUUID } from 'node:crypto';
import { mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { after, before, describe, test } from 'node:test';
import Koa from 'koa';
import { createPlatformApi } from '../src/platform/api.js';
import { securityRoutes } from '../src/platform/security.js';
import { PlatformError } from '../src/platform/codes.js';
import { platformClient } from '../src/clients.js';
import { startTestSandbox } from './helpers.js';
import {
  decrypt, encrypt, getKey, newTestRelyingParty, selfSignedCertificate, signedPost, testPlatformClient, unwrapKey,
} from './platform-support.js';

const DAY_MS = 24 * 60 * 60 * 1000;
const GET_KEY = '/api/v1/security/getKey';
const REVOKE_KEY = '/api/v1/security/revokeKey';

/** A clock the tests move; starts at the real time so timestamps are near it. */
function testClock() {
  let offset = 0;
  return { now: () => Date.now() + offset, advance: (ms) => { offset += ms; } };
}

/** @param {unknown[]} entries */
async function clientsFile(entries) {
  const dir = await mkdtemp(join(tmpdir(), 'iams-platform-clients-'));
  const file = join(dir, 'clients.json');
  await writeFile(file, JSON.stringify(entries));
  return { file, remove: () => rm(dir, { recursive: true, force: true }) };
}

describe('platform API on the sandbox: getKey, revokeKey and the signed headers', () => {
  const clock = testClock();
  const rp = newTestRelyingParty({ clientID: 'conformance-rp' });
  const oidcOnly = { client_id: 'oidc-only', client_name: 'OpenID Connect only', redirect_uris: ['http://localhost:3001/'] };
  /** @type {Awaited<ReturnType<typeof startTestSandbox>>} */
  let sandbox;
  /** @type {Awaited<ReturnType<typeof clientsFile>>} */
  let file;
  /** Each test gets its own client state (timestamps), the same registration. */
  const fresh = () => testPlatformClient({ clientID: rp.client.clientID, secret: rp.client.secret, privateKeyPem: rp.client.privateKeyPem });
  /** Timestamps from the test clock, rising across the whole suite. */
  let last = 0;
  const stamp = () => (last = Math.max(clock.now(), last + 1));

  before(async () => {
    file = await clientsFile([rp.entry, oidcOnly]);
    sandbox = await startTestSandbox({ clientsFile: file.file, platform: { now: clock.now } });
  });
  after(async () => {
    await sandbox?.stop();
    await file?.remove();
  });

  test('a correctly signed getKey answers D00000 with a 32-byte key wrapped (RSA PKCS#1 v1.5) to the registered certificate', async () => {
    const client = fresh();
    const { status, json, headers } = await signedPost(sandbox.issuer, GET_KEY, client, undefined, { encrypt: false, timestamp: stamp() });
    assert.equal(status, 200);
    assert.equal(json.code, 'D00000');
    assert.equal(json.message, 'SUCCESS');
    assert.match(json.txID, /^[0-9a-f-]{36}$/);
    const { secretKey, pubKey, issueAt, expiresIn } = json.content;
    assert.equal(Buffer.from(secretKey, 'base64').length, 256, 'RSA-2048 wraps into 256 bytes');
    const key = unwrapKey(client.privateKeyPem, secretKey);
    assert.equal(key.length, 32);
    assert.equal(typeof pubKey, 'string');
    assert.ok(Math.abs(issueAt - clock.now()) < 5000);
    assert.equal(expiresIn, DAY_MS);
    assert.equal(headers.get('cache-control'), 'no-store');
    assert.equal(headers.get('x-content-type-options'), 'nosniff');
    assert.equal(headers.get('referrer-policy'), 'no-referrer');
    assert.match(headers.get('content-security-policy') ?? '', /frame-ancestors 'none'/);
    // A second getKey while the key is live gives the same key (choices.js), wrapped anew.
    const again = await signedPost(sandbox.issuer, GET_KEY, client, undefined, { encrypt: false, timestamp: stamp() });
    assert.equal(again.json.code, 'D00000');
    assert.notEqual(again.json.content.secretKey, secretKey, 'PKCS#1 v1.5 padding is random');
    assert.ok(unwrapKey(client.privateKeyPem, again.json.content.secretKey).equals(key));
  });

  test('a wrong signature is refused (D29004) and uses up neither the nonce nor the timestamp', async () => {
    const client = fresh();
    const nonce = randomUUID();
    const high = stamp() + 1000;
    const refused = await signedPost(sandbox.issuer, GET_KEY, client, undefined, { encrypt: false, nonce, timestamp: high, tamper: 'signature' });
    assert.equal(refused.json.code, 'D29004');
    assert.equal(refused.json.content, undefined);
    assert.match(refused.json.txID, /^[0-9a-f-]{36}$/);
    // Same nonce, lower timestamp than the refused one: accepted.
    const ok = await signedPost(sandbox.issuer, GET_KEY, client, undefined, { encrypt: false, nonce, timestamp: stamp() });
    assert.equal(ok.json.code, 'D00000');
  });

  test('a signature over another body, or made with another secret, is refused (D29004)', async () => {
    const other = testPlatformClient({ clientID: rp.client.clientID, secret: randomBytes(32).toString('base64url'), privateKeyPem: rp.client.privateKeyPem });
    assert.equal((await signedPost(sandbox.issuer, GET_KEY, other, undefined, { encrypt: false, timestamp: stamp() })).json.code, 'D29004');
    const client = fresh();
    assert.equal((await signedPost(sandbox.issuer, GET_KEY, client, { a: 1 }, { encrypt: false, timestamp: stamp(), tamper: 'body' })).json.code, 'D29004');
  });

  test('signatureMethod other than HmacSHA256 is refused (D29003), even when signed consistently with it', async () => {
    const client = fresh();
    const timestamp = stamp();
    const nonce = randomUUID();
    const { hmacSignature } = await import('./platform-support.js');
    const signature = hmacSignature(client.secret, `${client.clientID}HmacSHA1${timestamp}${nonce}`);
    const refused = await signedPost(sandbox.issuer, GET_KEY, client, undefined, { encrypt: false, timestamp, nonce, headers: { signatureMethod: 'HmacSHA1', signature } });
    assert.equal(refused.json.code, 'D29003');
    assert.equal((await signedPost(sandbox.issuer, GET_KEY, client, undefined, { encrypt: false, timestamp: stamp(), nonce })).json.code, 'D00000');
  });

  test('a timestamp lower than the last accepted one is refused (D29005); an equal one is accepted', async () => {
    const client = fresh();
    const t = stamp();
    assert.equal((await signedPost(sandbox.issuer, GET_KEY, client, undefined, { encrypt: false, timestamp: t })).json.code, 'D00000');
    const nonce = randomUUID();
    const refused = await signedPost(sandbox.issuer, GET_KEY, client, undefined, { encrypt: false, timestamp: t - 1, nonce });
    assert.equal(refused.json.code, 'D29005');
    assert.equal((await signedPost(sandbox.issuer, GET_KEY, client, undefined, { encrypt: false, timestamp: t })).json.code, 'D00000', 'must not decrease: equal is fine');
    assert.equal((await signedPost(sandbox.issuer, GET_KEY, client, undefined, { encrypt: false, timestamp: stamp(), nonce })).json.code, 'D00000', 'the refused request did not use its nonce');
  });

  test('a timestamp more than 10 minutes from the platform clock is refused (D29005)', async () => {
    const client = fresh();
    assert.equal((await signedPost(sandbox.issuer, GET_KEY, client, undefined, { encrypt: false, timestamp: clock.now() + 11 * 60 * 1000 })).json.code, 'D29005');
    assert.equal((await signedPost(sandbox.issuer, GET_KEY, client, undefined, { encrypt: false, timestamp: '17e11' })).json.code, 'D29001');
  });

  test('a reused nonce is refused (D29006)', async () => {
    const client = fresh();
    const nonce = randomUUID();
    assert.equal((await signedPost(sandbox.issuer, GET_KEY, client, undefined, { encrypt: false, timestamp: stamp(), nonce })).json.code, 'D00000');
    const refused = await signedPost(sandbox.issuer, GET_KEY, client, undefined, { encrypt: false, timestamp: stamp(), nonce });
    assert.equal(refused.json.code, 'D29006');
    assert.equal(refused.json.content, undefined);
  });

  test('a nonce over 36 characters is refused (D29007); 36 is accepted', async () => {
    const client = fresh();
    assert.equal((await signedPost(sandbox.issuer, GET_KEY, client, undefined, { encrypt: false, timestamp: stamp(), nonce: 'n'.repeat(37) })).json.code, 'D29007');
    assert.equal((await signedPost(sandbox.issuer, GET_KEY, client, undefined, { encrypt: false, timestamp: stamp(), nonce: `${randomUUID()}`.padEnd(36, 'x') })).json.code, 'D00000');
  });

  test('an unknown clientID is refused (D29002), and an OpenID Connect-only client is not a platform client', async () => {
    const stranger = testPlatformClient({ clientID: 'nobody', secret: rp.client.secret, privateKeyPem: rp.client.privateKeyPem });
    assert.equal((await signedPost(sandbox.issuer, GET_KEY, stranger, undefined, { encrypt: false, timestamp: stamp() })).json.code, 'D29002');
    const oidc = testPlatformClient({ clientID: 'oidc-only', secret: rp.client.secret, privateKeyPem: rp.client.privateKeyPem });
    assert.equal((await signedPost(sandbox.issuer, GET_KEY, oidc, undefined, { encrypt: false, timestamp: stamp() })).json.code, 'D29002');
    // …while it is still an OpenID Connect client.
    const discovery = await (await fetch(sandbox.discoveryUrl)).json();
    const authorize = new URL(discovery.authorization_endpoint);
    authorize.search = new URLSearchParams({ client_id: 'oidc-only', redirect_uri: 'http://localhost:3001/', response_type: 'code', scope: 'openid', code_challenge: 'x'.repeat(43), code_challenge_method: 'S256' }).toString();
    const answer = await fetch(authorize, { redirect: 'manual' });
    assert.equal(answer.status, 303, 'the OpenID Connect client starts a sign-in');
  });

  for (const header of ['clientID', 'signatureMethod', 'timestamp', 'nonce', 'signature']) {
    test(`a request without the ${header} header is refused (D29001, naming it)`, async () => {
      const client = fresh();
      const refused = await signedPost(sandbox.issuer, GET_KEY, client, undefined, { encrypt: false, timestamp: stamp(), headers: { [header]: undefined } });
      assert.equal(refused.json.code, 'D29001');
      assert.match(refused.json.message, new RegExp(header));
    });
  }

  test('revokeKey stops the key; getKey then issues a new one; revokeKey without a live key is refused (D30003) and changes nothing', async () => {
    const client = fresh();
    const key = await getKey(sandbox.issuer, client, { encrypt: false, timestamp: stamp() });
    // A revoke with a bad signature leaves the key as it was.
    assert.equal((await signedPost(sandbox.issuer, REVOKE_KEY, client, undefined, { encrypt: false, timestamp: stamp(), tamper: 'signature' })).json.code, 'D29004');
    assert.ok((await getKey(sandbox.issuer, client, { encrypt: false, timestamp: stamp() })).equals(key), 'still the same live key');
    const revoked = await signedPost(sandbox.issuer, REVOKE_KEY, client, undefined, { encrypt: false, timestamp: stamp() });
    assert.equal(revoked.json.code, 'D00000');
    assert.equal(revoked.json.content, undefined);
    assert.equal((await signedPost(sandbox.issuer, REVOKE_KEY, client, undefined, { encrypt: false, timestamp: stamp() })).json.code, 'D30003');
    const renewed = await getKey(sandbox.issuer, client, { encrypt: false, timestamp: stamp() });
    assert.ok(!renewed.equals(key), 'a new key after the revoke');
  });

  test('a key past issueAt + expiresIn is renewed by getKey (new issueAt), and revokeKey on it answers D30002', async () => {
    const client = fresh();
    const key = await getKey(sandbox.issuer, client, { encrypt: false, timestamp: stamp() });
    const first = client.keyAnswer;
    clock.advance(DAY_MS);
    assert.equal((await signedPost(sandbox.issuer, REVOKE_KEY, client, undefined, { encrypt: false, timestamp: stamp() })).json.code, 'D30002');
    const renewed = await getKey(sandbox.issuer, client, { encrypt: false, timestamp: stamp() });
    assert.ok(!renewed.equals(key));
    assert.ok(client.keyAnswer.issueAt >= first.issueAt + DAY_MS);
  });

  test('the demo site is registered as a platform client, its credentials kept in the data folder with mode 0600', async () => {
    const { clientID, secret, privateKeyPem } = sandbox.demoPlatformClient;
    assert.equal(clientID, 'demo-site');
    const mode = (await stat(join(sandbox.dataDir, 'demo-platform-client.json'))).mode & 0o777;
    assert.equal(mode, 0o600);
    const demo = testPlatformClient({ clientID, secret, privateKeyPem });
    assert.equal((await getKey(sandbox.issuer, demo, { encrypt: false, timestamp: stamp() })).length, 32);
  });
});

describe('platform API: encrypted request content (the signed frame with an echo handler)', () => {
  // getKey and revokeKey carry no encrypted content; getToken and profiles (platform/auth.js) do.
  // To test decryption apart from them, this runs the sandbox's own frame (createPlatformApi,
  // securityRoutes) on a Koa server with one more signed route that echoes what it decrypted.
  const clock = testClock();
  const rp = newTestRelyingParty({ clientID: 'echo-rp' });
  const keyless = newTestRelyingParty({ clientID: 'echo-keyless' });
  /** @type {import('node:http').Server} */
  let server;
  let base = '';
  let handled = 0;
  let last = 0;
  const stamp = () => (last = Math.max(clock.now(), last + 1));

  before(async () => {
    const clients = [rp, keyless].map(({ entry }) => /** @type {NonNullable<ReturnType<typeof platformClient>>} */ (platformClient(entry)));
    const api = createPlatformApi({ clients, now: clock.now });
    securityRoutes(api);
    api.router.post('/test/echo', api.signed(({ body }) => {
      if (body.refuse) throw new PlatformError('D40004', 'refused by the handler');
      handled += 1;
      return { echoed: body };
    }));
    const app = new Koa();
    app.use(api.router.routes());
    server = app.listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    base = `http://127.0.0.1:${/** @type {import('node:net').AddressInfo} */ (server.address()).port}`;
  });
  after(() => new Promise((resolve) => server.close(resolve)));

  const echo = (client, body, options = {}) => signedPost(base, '/api/v1/test/echo', client, body, { encrypt: true, timestamp: stamp(), ...options });
  const fresh = () => testPlatformClient(rp.client);

  test('a body encrypted under the unwrapped key is decrypted, and the answer decrypts with the same key', async () => {
    const client = fresh();
    await getKey(base, client, { encrypt: false, timestamp: stamp() });
    const { json } = await echo(client, { code: 'abc', 中文: '智方便' });
    assert.equal(json.code, 'D00000');
    assert.deepEqual(JSON.parse(decrypt(client.contentKey, json.content)), { echoed: { code: 'abc', 中文: '智方便' } });
  });

  test('a request before any getKey is refused (D30001)', async () => {
    const { json } = await echo(keyless.client, { a: 1 }, { key: randomBytes(32) });
    assert.equal(json.code, 'D30001');
  });

  test('a tampered GCM tag is refused (D30004); the handler does not run and the nonce stays usable', async () => {
    const client = fresh();
    await getKey(base, client, { encrypt: false, timestamp: stamp() });
    const before = handled;
    const nonce = randomUUID();
    const refused = await echo(client, { a: 1 }, { tamper: 'tag', nonce });
    assert.equal(refused.json.code, 'D30004');
    assert.equal(refused.json.content, undefined);
    assert.equal(handled, before);
    assert.equal((await echo(client, { a: 1 }, { nonce })).json.code, 'D00000');
  });

  test('an IV length other than 12 is refused (D30004)', async () => {
    const client = fresh();
    await getKey(base, client, { encrypt: false, timestamp: stamp() });
    assert.equal((await echo(client, { a: 1 }, { ivLength: 16 })).json.code, 'D30004');
    // The header says 12 but the IV and all after it are cut short.
    const short = Buffer.from(encrypt(client.contentKey, '{}'), 'base64').subarray(0, 20).toString('base64');
    assert.equal((await echo(client, undefined, { rawBody: JSON.stringify({ content: short }) })).json.code, 'D30004');
  });

  test('a body that is not {"content":"…"} is refused (D29010)', async () => {
    const client = fresh();
    await getKey(base, client, { encrypt: false, timestamp: stamp() });
    assert.equal((await echo(client, undefined, { rawBody: '{"code":"abc"}' })).json.code, 'D29010');
    assert.equal((await echo(client, undefined, { rawBody: 'not json' })).json.code, 'D29010');
    assert.equal((await echo(client, undefined, { rawBody: JSON.stringify({ content: encrypt(client.contentKey, '[1,2]') }) })).json.code, 'D29010');
  });

  test('a body encrypted under a revoked key is refused (D30003), also after a new key was issued', async () => {
    const client = fresh();
    const old = await getKey(base, client, { encrypt: false, timestamp: stamp() });
    assert.equal((await signedPost(base, REVOKE_KEY, client, undefined, { encrypt: false, timestamp: stamp() })).json.code, 'D00000');
    assert.equal((await echo(client, { a: 1 }, { key: old })).json.code, 'D30003');
    await getKey(base, client, { encrypt: false, timestamp: stamp() });
    assert.equal((await echo(client, { a: 1 }, { key: old })).json.code, 'D30003');
    assert.equal((await echo(client, { a: 1 })).json.code, 'D00000');
  });

  test('a body encrypted under an expired key is refused (D30002)', async () => {
    const client = fresh();
    await getKey(base, client, { encrypt: false, timestamp: stamp() });
    clock.advance(DAY_MS + 1);
    assert.equal((await echo(client, { a: 1 })).json.code, 'D30002');
    await getKey(base, client, { encrypt: false, timestamp: stamp() });
    assert.equal((await echo(client, { a: 1 })).json.code, 'D00000');
  });

  test('a refusal thrown by the handler keeps nothing: the nonce stays usable, the timestamp does not move', async () => {
    const client = fresh();
    await getKey(base, client, { encrypt: false, timestamp: stamp() });
    const nonce = randomUUID();
    const high = stamp() + 5000;
    const refused = await echo(client, { refuse: true }, { nonce, timestamp: high });
    assert.equal(refused.json.code, 'D40004');
    assert.equal(refused.json.message, 'refused by the handler');
    assert.equal((await echo(client, { a: 1 }, { nonce, timestamp: stamp() })).json.code, 'D00000');
  });
});

describe('platform client registration', () => {
  /** @param {Record<string, unknown>} entry */
  async function startWith(entry) {
    const file = await clientsFile([entry]);
    try {
      const sandbox = await startTestSandbox({ clientsFile: file.file });
      await sandbox.stop();
      return undefined;
    } catch (error) {
      return /** @type {Error} */ (error);
    } finally {
      await file.remove();
    }
  }
  const base = () => newTestRelyingParty({ clientID: 'reg-rp' }).entry;

  test('an RSA key under 2048 bits, an EC key, or text that is not a certificate stops the start with an error naming the client', async () => {
    const small = generateKeyPairSync('rsa', { modulusLength: 1024 });
    const smallCert = selfSignedCertificate(small.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(), small.publicKey.export({ type: 'spki', format: 'pem' }).toString(), 'small');
    let error = await startWith({ ...base(), encipherment_certificate: smallCert });
    assert.match(String(error?.message), /IAMS_SANDBOX_CLIENTS file .*client "reg-rp" is invalid: encipherment_certificate must hold an RSA key of at least 2048 bits, not RSA 1024 bits/);
    error = await startWith({ ...base(), encipherment_certificate: 'not a certificate' });
    assert.match(String(error?.message), /client "reg-rp" is invalid: encipherment_certificate is not a PEM X.509 certificate/);
  });

  test('a half registration, a short secret or an unknown scope stops the start', async () => {
    const noCertificate = base();
    delete noCertificate.encipherment_certificate;
    assert.match(String((await startWith(noCertificate))?.message), /client "reg-rp" is invalid: encipherment_certificate must be a PEM certificate/);
    assert.match(String((await startWith({ ...base(), client_secret: 'secret' }))?.message), /client_secret must be a string of at least 16 characters/);
    assert.match(String((await startWith({ ...base(), scopes: ['eidapi_auth', 'openid'] }))?.message), /scopes must be a non-empty array of eidapi_auth/);
    assert.equal(await startWith(base()), undefined);
  });

  test('`iamsmart-sandbox new-client` prints an entry and a private key that work together against the sandbox', async () => {
    const cli = new URL('../src/cli.js', import.meta.url).pathname;
    const { stdout } = await promisify(execFile)(process.execPath, [cli, 'new-client', '--id', 'cli-site', '--redirect', 'http://localhost:3000/callback', '--scopes', 'eidapi_auth eidapi_profiles']);
    const entry = JSON.parse(stdout.slice(stdout.indexOf('{'), stdout.lastIndexOf('}') + 1));
    const privateKeyPem = stdout.slice(stdout.indexOf('-----BEGIN PRIVATE KEY-----'));
    assert.deepEqual(entry.scopes, ['eidapi_auth', 'eidapi_profiles']);
    assert.deepEqual(entry.redirect_uris, ['http://localhost:3000/callback']);
    assert.match(stdout, /Keep it on your backend only/);
    const file = await clientsFile([entry]);
    const sandbox = await startTestSandbox({ clientsFile: file.file });
    try {
      const client = testPlatformClient({ clientID: 'cli-site', secret: entry.client_secret, privateKeyPem });
      assert.equal((await getKey(sandbox.issuer, client)).length, 32);
    } finally {
      await sandbox.stop();
      await file.remove();
    }
  });
});
