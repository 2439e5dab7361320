// The phone simulator opens two stores' requests through one set of methods (app/platform.js):
// the cross-device engine's and the real platform's. Each request must reach its own store, even
// an engine id or QR token that happens to begin with the platform's "pl-" (base64url does, one
// in 262,144 times), which once read as "Request not found" in a CI run.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { test } from 'node:test';
import { simulatorSessions } from '../src/app/platform.js';
import { createLoginSessions } from '../src/platform/login-sessions.js';

/** Records which ids and tokens reach the engine; answers as if it knew them. */
function recordingEngine() {
  const seen = /** @type {string[]} */ ([]);
  const engine = /** @type {import('../src/app/state.js').SessionEngine} */ (/** @type {unknown} */ ({
    openQr: async (/** @type {{ s?: unknown }} */ payload) => { seen.push(`openQr ${payload.s}`); return { ok: true, sessionId: 'x' }; },
    openUserCode: async (/** @type {unknown} */ code) => { seen.push(`openUserCode ${code}`); return { ok: false, reason: 'unknown' }; },
    describe: (/** @type {string} */ id) => { seen.push(`describe ${id}`); return undefined; },
    chooseCode: async (/** @type {string} */ id) => { seen.push(`chooseCode ${id}`); return { ok: true }; },
    approve: async (/** @type {string} */ id) => { seen.push(`approve ${id}`); return { ok: true }; },
    decline: async (/** @type {string} */ id) => { seen.push(`decline ${id}`); return { ok: true }; },
  }));
  return { engine, seen };
}

test('an engine session whose id or QR token begins with "pl-" is still the engine\'s', async () => {
  const { engine, seen } = recordingEngine();
  const platform = createLoginSessions();
  const sessions = simulatorSessions(engine, platform);
  // The engine's shapes: 16 random bytes for an id (22 characters), 32 for a QR token (43).
  const id = `pl-${randomBytes(16).toString('base64url').slice(3)}`;
  const token = `pl-${randomBytes(32).toString('base64url').slice(3)}`;
  assert.equal(id.length, 22);
  assert.equal(token.length, 43);
  await sessions.openQr({ s: token, t: '0', h: 'x' }, 'device');
  sessions.describe(id);
  await sessions.chooseCode(id, '1234-5678');
  await sessions.approve(id, /** @type {never} */ ({}));
  await sessions.decline(id);
  assert.deepEqual(seen, [`openQr ${token}`, `describe ${id}`, `chooseCode ${id}`, `approve ${id}`, `decline ${id}`]);
});

test('the platform\'s own requests still go to the platform', async () => {
  const { engine, seen } = recordingEngine();
  const platform = createLoginSessions();
  const sessions = simulatorSessions(engine, platform);
  const started = platform.start({
    clientId: 'demo-site', clientNames: { en: 'Demo', 'zh-HK': '示範', 'zh-CN': '示范' }, redirectUri: 'http://localhost:8080/cb',
    state: 's', lang: 'en', scopes: ['eidapi_auth'], requester: { browser: undefined, os: undefined, address: '127.0.0.1', startedAt: Date.now() },
  });
  const opened = await sessions.openQr({ s: started.qrToken }, 'device');
  assert.ok(opened.ok);
  assert.equal(sessions.describe(opened.sessionId)?.sessionId, opened.sessionId);
  assert.deepEqual(seen, []);
});
