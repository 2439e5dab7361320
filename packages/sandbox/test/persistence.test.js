// Keys live in the data folder: a restart keeps the same signing keys, so tokens issued before
// still verify, and the files are private to the user.
import assert from 'node:assert/strict';
import { chmod, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { createLocalJWKSet, createRemoteJWKSet, decodeProtectedHeader, jwtVerify } from 'jose';
import { startSandbox } from '../src/index.js';
import { defaultDataDir, loadSecrets } from '../src/secrets.js';
import { exchangeCode, login, startTestSandbox } from './helpers.js';

test('a restart keeps the keys: same kid, and an ID token from before verifies after', async () => {
  const dataDir = await mkdtemp(join(tmpdir(), 'iams-persist-'));
  try {
    const first = await startTestSandbox({ dataDir, port: 0 });
    const { redirect, verifier } = await login(first.issuer);
    const tokens = await (await exchangeCode(first.issuer, { code: String(redirect.searchParams.get('code')), verifier })).json();
    const jwksBefore = await (await fetch(new URL('/jwks', first.issuer))).json();
    const { port } = first;
    await first.stop();

    // Same port, so the issuer (and the token's iss) is the same after the restart.
    const second = await startTestSandbox({ dataDir, port });
    try {
      const jwksAfter = await (await fetch(new URL('/jwks', second.issuer))).json();
      assert.deepEqual(jwksAfter, jwksBefore);
      const { kid } = decodeProtectedHeader(tokens.id_token);
      assert.ok(jwksAfter.keys.some((/** @type {any} */ key) => key.kid === kid));
      const { payload } = await jwtVerify(tokens.id_token, createRemoteJWKSet(new URL('/jwks', second.issuer)), { issuer: second.issuer, audience: 'demo-site' });
      assert.equal(payload.name, 'CHAN Tai Man');

      // The pairwise salt is kept too: the same resident gets the same sub after the restart.
      const again = await login(second.issuer);
      const tokens2 = await (await exchangeCode(second.issuer, { code: String(again.redirect.searchParams.get('code')), verifier: again.verifier })).json();
      assert.equal(decodeProtectedHeader(tokens2.id_token).kid, kid);
      const { payload: payload2 } = await jwtVerify(tokens2.id_token, createLocalJWKSet(jwksAfter));
      assert.equal(payload2.sub, payload.sub);
    } finally {
      await second.stop();
    }
  } finally {
    await rm(dataDir, { recursive: true, force: true });
  }
});

test('secret files are created with mode 0600 in a 0700 folder, and a looser mode is tightened', async () => {
  const parent = await mkdtemp(join(tmpdir(), 'iams-modes-'));
  const dataDir = join(parent, 'nested', 'data');
  try {
    const secrets = await loadSecrets(dataDir);
    assert.equal((await stat(dataDir)).mode & 0o777, 0o700);
    for (const file of ['jwks.json', 'cookie-keys.json', 'pairwise-salt.json']) {
      assert.equal((await stat(join(dataDir, file))).mode & 0o777, 0o600, file);
    }
    assert.deepEqual(secrets.jwks.keys.map((key) => key.alg), ['RS256', 'ES256']);
    assert.ok(secrets.jwks.keys.every((key) => typeof key.d === 'string' && key.use === 'sig'));
    assert.match(secrets.jwks.keys[0].kid, /^[\w-]{43}$/, 'kid is the RFC 7638 thumbprint');

    await chmod(join(dataDir, 'jwks.json'), 0o644);
    const again = await loadSecrets(dataDir);
    assert.deepEqual(again, secrets);
    assert.equal((await stat(join(dataDir, 'jwks.json'))).mode & 0o777, 0o600);
  } finally {
    await rm(parent, { recursive: true, force: true });
  }
});

test('a damaged secret file is reported by name, not silently replaced', async () => {
  const dataDir = await mkdtemp(join(tmpdir(), 'iams-damaged-'));
  try {
    await loadSecrets(dataDir);
    await writeFile(join(dataDir, 'jwks.json'), '{ not json');
    await assert.rejects(startSandbox({ port: 0, dataDir, quiet: true }), (error) => {
      assert.match(String(/** @type {Error} */ (error).message), new RegExp(`${join(dataDir, 'jwks.json').replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')} is not valid JSON`));
      return true;
    });
    await writeFile(join(dataDir, 'jwks.json'), '{"keys":[]}');
    await assert.rejects(loadSecrets(dataDir), /does not have the expected content/);
    assert.equal(await readFile(join(dataDir, 'jwks.json'), 'utf8'), '{"keys":[]}');
  } finally {
    await rm(dataDir, { recursive: true, force: true });
  }
});

test('the default data folder follows XDG_CACHE_HOME', () => {
  assert.equal(defaultDataDir({ XDG_CACHE_HOME: '/x/cache' }), '/x/cache/iamsmart-sandbox');
  assert.match(defaultDataDir({}), /\/\.cache\/iamsmart-sandbox$/);
});
