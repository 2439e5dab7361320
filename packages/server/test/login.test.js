// The login against a real in-process sandbox: /login → the hosted getQR page (the resident
// plays the phone simulator) → /callback → the session; /session, /logout; and each bad input
// ends as a typed error with nothing half-stored.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createBrowser, loginThrough, spyStore, startBed } from './support.js';
import { freePort } from '../../../scripts/free-port.js';
import { startRedis } from '../../../scripts/redis.js';

const DESKTOP_UA = 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/140.0 Safari/537.36';

/** The Set-Cookie headers of a response by cookie name. */
function setCookies(response) {
  return new Map(response.headers.getSetCookie().map((header) => [header.slice(0, header.indexOf('=')), header]));
}

// One sandbox for the file (it takes seconds to start): two sites' listeners for two instances.
let bed;
before(async () => { bed = await startBed({ sites: 2, spare: 2, demoSpare: 1 }); });
after(() => bed?.stop());

describe('login against the sandbox', () => {
  let origin;
  let issuer;
  let store;
  let iams;
  before(() => {
    origin = bed.listeners[0].origin;
    issuer = bed.sandbox.issuer;
    store = spyStore();
    iams = bed.server(0, { store });
  });
  after(() => iams.close());
  const noPending = async () => assert.deepEqual(await store.keys('login:'), [], 'no pending login is left');

  test('a whole login: getQR parameters, the binding cookie, the session cookie, /session, logout', async () => {
    const browser = createBrowser();
    const started = await browser.request(`${origin}/iamsmart/login?returnTo=${encodeURIComponent('/account?tab=2#top')}&lang=en`, { headers: { 'user-agent': DESKTOP_UA } });
    assert.equal(started.status, 303);
    const getQr = new URL(started.headers.get('location'));
    assert.equal(getQr.origin + getQr.pathname, `${issuer}/api/v1/auth/getQR`);
    const params = Object.fromEntries(getQr.searchParams);
    assert.equal(params.clientID, bed.party.client.clientID);
    assert.equal(params.responseType, 'code');
    assert.equal(params.source, 'PC_Browser');
    assert.equal(params.redirectURI, `${origin}/iamsmart/callback`);
    assert.equal(params.scope, 'eidapi_auth eidapi_profiles');
    assert.equal(params.lang, 'en-US');
    assert.match(params.state, /^[A-Za-z0-9_-]{1,36}$/);
    assert.equal(params.brokerPage, undefined);
    const binding = setCookies(started).get('iams-login');
    assert.match(binding, /; Path=\/iamsmart; Max-Age=600; HttpOnly; SameSite=Lax$/);

    const { throughHostedPage, tools } = await import('./support.js');
    const landed = await throughHostedPage(tools, issuer, getQr, 'Approve');
    assert.equal(landed.origin + landed.pathname, `${origin}/iamsmart/callback`);
    const done = await browser.request(landed);
    assert.equal(done.status, 303);
    assert.equal(done.headers.get('location'), '/account?tab=2&iams_login=1#top');
    const cookies = setCookies(done);
    assert.match(cookies.get('iams-session'), /^iams-session=[A-Za-z0-9_-]{43}; Path=\/; Max-Age=(1439\d|14400); HttpOnly; SameSite=Lax$/);
    assert.match(cookies.get('iams-login'), /Max-Age=0/);
    await noPending();

    const session = await browser.request(`${origin}/iamsmart/session`);
    assert.equal(session.headers.get('cache-control'), 'no-store');
    const json = await session.json();
    assert.equal(json.loggedIn, true);
    assert.match(json.resident.openID, /.+/);
    assert.equal(json.resident.enName, 'CHAN Tai Man');
    assert.match(json.resident.chName, /陳大文/);
    assert.ok(Math.abs(json.expiresAt - (Date.now() + 14_400_000)) < 60_000);
    assert.doesNotMatch(JSON.stringify(json), /accessToken|token/i);
    assert.deepEqual(Object.keys(json).sort(), ['expiresAt', 'loggedIn', 'resident']);

    // The same callback again (a replay): the pending login is gone.
    const replay = await browser.request(landed);
    assert.equal(replay.headers.get('location'), '/?iams_error=state_mismatch');
    assert.equal((await (await browser.request(`${origin}/iamsmart/session`)).json()).loggedIn, true, 'a replay does not end the session');

    const out = await browser.request(`${origin}/iamsmart/logout`, { method: 'POST', headers: { 'sec-fetch-site': 'same-origin' } });
    assert.equal(out.status, 204);
    assert.match(setCookies(out).get('iams-session'), /Max-Age=0/);
    assert.deepEqual(await (await browser.request(`${origin}/iamsmart/session`)).json(), { loggedIn: false });
    assert.deepEqual(await store.keys('session:'), []);
  });

  test('each login rotates the session id; the old one is deleted', async () => {
    const browser = createBrowser();
    await loginThrough(browser, origin, issuer);
    const first = [...browser.jar.values()].find((c) => c.name === 'iams-session').value;
    await loginThrough(browser, origin, issuer);
    const second = [...browser.jar.values()].find((c) => c.name === 'iams-session').value;
    assert.notEqual(first, second);
    const old = await fetch(`${origin}/iamsmart/session`, { headers: { cookie: `iams-session=${first}` } });
    assert.deepEqual(await old.json(), { loggedIn: false });
    assert.match(old.headers.getSetCookie()[0], /^iams-session=; Path=\/; Max-Age=0/);
    assert.equal((await (await browser.request(`${origin}/iamsmart/session`)).json()).loggedIn, true);
    assert.equal((await store.keys('session:')).length, 1);
    await browser.request(`${origin}/iamsmart/logout`, { method: 'POST', headers: { origin } });
  });

  test('source, brokerPage and lang follow the browser', async () => {
    const cases = [
      [{ 'user-agent': 'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 Chrome/140.0 Mobile Safari/537.36' }, 'Android_Chrome', 'true'],
      [{ 'user-agent': 'Mozilla/5.0 (Linux; Android 14; SM-S918B) AppleWebKit/537.36 SamsungBrowser/27.0 Chrome/125.0 Mobile Safari/537.36' }, 'Android_Samsung', 'true'],
      [{ 'user-agent': 'Mozilla/5.0 (iPhone; CPU iPhone OS 18_0 like Mac OS X) AppleWebKit/605.1.15 Version/18.0 Mobile/15E148 Safari/604.1' }, 'iOS_Safari', 'true'],
      [{ 'user-agent': 'Mozilla/5.0 (iPhone; CPU iPhone OS 18_0 like Mac OS X) AppleWebKit/605.1.15 CriOS/140.0 Mobile/15E148 Safari/604.1' }, 'iOS_Chrome', 'true'],
      [{ 'user-agent': DESKTOP_UA, 'sec-ch-ua-mobile': '?1', 'sec-ch-ua-platform': '"Android"' }, 'Android_Chrome', 'true'],
      [{ 'user-agent': 'Mozilla/5.0 (Linux; Android 14) Chrome/140.0 Mobile', 'sec-ch-ua-mobile': '?0', 'sec-ch-ua-platform': '"Windows"' }, 'PC_Browser', null],
      [{}, 'PC_Browser', null],
    ];
    for (const [headers, source, brokerPage] of cases) {
      const response = await fetch(`${origin}/iamsmart/login`, { headers, redirect: 'manual' });
      const params = new URL(response.headers.get('location')).searchParams;
      assert.equal(params.get('source'), source, JSON.stringify(headers));
      assert.equal(params.get('brokerPage'), brokerPage, JSON.stringify(headers));
    }
    const langOf = async (query, headers = {}) => new URL((await fetch(`${origin}/iamsmart/login${query}`, { headers, redirect: 'manual' })).headers.get('location'), 'http://x').searchParams.get('lang');
    assert.equal(await langOf('?lang=zh-HK'), 'zh-HK');
    assert.equal(await langOf('?lang=zh-CN'), 'zh-CN');
    assert.equal(await langOf('', { 'accept-language': 'zh-CN,zh;q=0.9' }), 'zh-CN');
    assert.equal(await langOf('', { 'accept-language': 'zh-TW' }), 'zh-HK');
    assert.equal(await langOf('', { 'accept-language': 'en-GB' }), 'en-US');
    const bad = await fetch(`${origin}/iamsmart/login?returnTo=/here&lang=fr`, { redirect: 'manual' });
    assert.equal(bad.headers.get('location'), '/here?iams_error=invalid_request');
    assert.equal(bad.headers.getSetCookie().length, 0);
    // Every /login above stored a pending login that simply expires; clear them for the next tests.
    for (const key of await store.keys('login:')) await store.delete(key);
  });

  test('a returnTo pointing elsewhere is refused before anything is stored', async () => {
    for (const returnTo of ['//evil.example/x', '/\\evil.example', 'https://evil.example/', 'javascript:alert(1)', 'account', '/%0d%0aSet-Cookie:x', '/a\tb', `/${'a'.repeat(3000)}`]) {
      const response = await fetch(`${origin}/iamsmart/login?returnTo=${encodeURIComponent(returnTo)}`, { redirect: 'manual' });
      assert.equal(response.status, 303, returnTo);
      const location = response.headers.get('location');
      if (returnTo === '/%0d%0aSet-Cookie:x') {
        // Percent-encoded text stays encoded: a same-origin path, not a header.
        assert.match(location, /^http:\/\/localhost:\d+\/api\/v1\/auth\/getQR\?/);
        continue;
      }
      assert.equal(location, '/?iams_error=invalid_request', returnTo);
      assert.equal(response.headers.getSetCookie().length, 0);
    }
    for (const key of await store.keys('login:')) await store.delete(key);
    await noPending();
  });

  test('a missing, malformed or foreign state is state_mismatch', async () => {
    for (const query of ['?code=abc', '?code=abc&state=', '?code=abc&state=not-a-login-of-ours', `?code=abc&state=${'x'.repeat(37)}`, '?code=abc&state=a&state=b']) {
      const response = await fetch(`${origin}/iamsmart/callback${query}`, { redirect: 'manual' });
      assert.equal(response.status, 303);
      assert.equal(response.headers.get('location'), '/?iams_error=state_mismatch', query);
      assert.deepEqual(setCookies(response).has('iams-session'), false);
    }
  });

  test('the binding cookie absent, or of another browser: state_mismatch, and the pending login is spent', async () => {
    const victim = createBrowser();
    const attacker = createBrowser();
    await attacker.request(`${origin}/iamsmart/login?returnTo=/mine`); // the attacker has a binding cookie of its own
    const { landed } = await loginThrough(victim, origin, issuer, {
      returnTo: '/victim',
      beforeCallback: async (url) => {
        const foreign = await attacker.request(url);
        assert.equal(foreign.headers.get('location'), '/victim?iams_error=state_mismatch');
        assert.equal(setCookies(foreign).has('iams-session'), false);
      },
    });
    // The victim's own callback comes second: its pending login was used up by the forged one.
    const late = await victim.request(landed);
    assert.equal(late.headers.get('location'), '/?iams_error=state_mismatch');
    const stripped = createBrowser();
    const again = await loginThrough(stripped, origin, issuer, {
      returnTo: '/bare',
      beforeCallback: () => { stripped.jar.clear(); },
    });
    assert.equal(again.location, '/bare?iams_error=state_mismatch');
    assert.deepEqual(await (await fetch(`${origin}/iamsmart/session`)).json(), { loggedIn: false });
    for (const key of await store.keys('login:')) await store.delete(key); // the attacker's own /login
    assert.deepEqual(await store.keys('session:'), []);
  });

  test('declined in the app: access_denied; a callback with both or neither of code and error_code: callback_invalid', async () => {
    const browser = createBrowser();
    const declined = await loginThrough(browser, origin, issuer, { returnTo: '/no', decision: 'Decline' });
    assert.equal(declined.landed.searchParams.get('error_code'), 'D20001');
    assert.equal(declined.location, '/no?iams_error=access_denied');
    for (const extra of ['&code=x&error_code=D20001', '', '&error_code=nonsense']) {
      const started = await browser.request(`${origin}/iamsmart/login?returnTo=/cb`);
      const state = new URL(started.headers.get('location')).searchParams.get('state');
      const response = await browser.request(`${origin}/iamsmart/callback?state=${state}${extra}`);
      assert.equal(response.headers.get('location'), '/cb?iams_error=callback_invalid', extra);
    }
    await noPending();
    assert.deepEqual(await store.keys('session:'), []);
  });

  test('an expired code and a reused code: session_expired, nothing stored', async () => {
    const browser = createBrowser();
    const expired = await loginThrough(browser, origin, issuer, {
      returnTo: '/late',
      beforeCallback: () => { bed.shift(61_000); }, // the sandbox's codes live 60 s
    });
    assert.equal(expired.location, '/late?iams_error=session_expired');
    // A code already exchanged, brought back with a fresh login's state and binding cookie.
    const used = await loginThrough(browser, origin, issuer, { returnTo: '/used' });
    assert.equal(used.location, '/used?iams_login=1');
    const started = await browser.request(`${origin}/iamsmart/login?returnTo=/again`);
    const state = new URL(started.headers.get('location')).searchParams.get('state');
    const reused = await browser.request(`${origin}/iamsmart/callback?code=${used.landed.searchParams.get('code')}&state=${state}`);
    assert.equal(reused.headers.get('location'), '/again?iams_error=session_expired');
    await noPending();
    await browser.request(`${origin}/iamsmart/logout`, { method: 'POST', headers: { 'sec-fetch-site': 'same-origin' } });
    assert.deepEqual(await store.keys('session:'), []);
  });

  test('a cross-site POST is refused; methods and paths', async () => {
    const browser = createBrowser();
    await loginThrough(browser, origin, issuer);
    for (const headers of [{ 'sec-fetch-site': 'cross-site' }, { 'sec-fetch-site': 'same-site' }, { 'sec-fetch-site': 'cross-site', origin }, { origin: 'https://evil.example' }, { origin: `${origin}.evil.example` }, {}]) {
      const refused = await browser.request(`${origin}/iamsmart/logout`, { method: 'POST', headers });
      assert.equal(refused.status, 403, JSON.stringify(headers));
      assert.deepEqual(await refused.json(), { error: { code: 'cross_site_request', message: 'This request came from another site and was refused.' } });
    }
    assert.equal((await (await browser.request(`${origin}/iamsmart/session`)).json()).loggedIn, true, 'the session survives');
    const wrongMethod = await fetch(`${origin}/iamsmart/logout`);
    assert.equal(wrongMethod.status, 405);
    assert.equal(wrongMethod.headers.get('allow'), 'POST');
    assert.equal((await wrongMethod.json()).error.code, 'invalid_request');
    assert.equal((await fetch(`${origin}/iamsmart/session`, { method: 'POST', headers: { origin } })).status, 405);
    assert.equal((await fetch(`${origin}/iamsmart/nothing`)).status, 404);
    assert.equal((await fetch(`${origin}/elsewhere`)).status, 404, 'outside the base: the fallback');
    assert.equal((await fetch(`${origin}/iamsmartx/login`, { redirect: 'manual' })).status, 404);
    const ok = await browser.request(`${origin}/iamsmart/logout`, { method: 'POST', headers: { origin } });
    assert.equal(ok.status, 204);
  });
});

describe('session expiry and platform failures', () => {
  test('when the store entry expires (the token\'s life), /session says so and clears the cookie', async () => {
    let clock = Date.now();
    const store = spyStore({ now: () => clock });
    const iams = bed.server(0, { store, now: () => clock });
    const browser = createBrowser();
    const origin = bed.listeners[0].origin;
    const { location } = await loginThrough(browser, origin, bed.sandbox.issuer);
    assert.equal(location, '/account?iams_login=1');
    const json = await (await browser.request(`${origin}/iamsmart/session`)).json();
    assert.equal(json.loggedIn, true);
    clock = json.expiresAt + 1;
    const expired = await browser.request(`${origin}/iamsmart/session`);
    assert.deepEqual(await expired.json(), { loggedIn: false });
    assert.match(expired.headers.getSetCookie()[0], /^iams-session=; Path=\/; Max-Age=0/);
    assert.deepEqual(await store.keys('session:'), []);
    await iams.close();
  });

  test('the platform refusing (wrong secret), answering garbage, or nothing: platform_error / timeout after the callback', async () => {
    const { listening } = await import('./support.js');
    const hanging = await listening(() => {}); // never answers
    const garbage = await listening((_request, response) => { response.writeHead(200, { 'content-type': 'text/html' }); response.end('<html>maintenance</html>'); });
    const origin = bed.listeners[0].origin;
    const cases = [
      [{ clientSecret: 'not-the-registered-secret-0123456789' }, 'platform_error'],
      [{ platformUrl: garbage.origin }, 'platform_error'],
      [{ platformUrl: hanging.origin, timeoutMs: 300 }, 'timeout'],
    ];
    for (const [options, code] of cases) {
      const store = spyStore();
      const iams = bed.server(0, { store, ...options });
      const browser = createBrowser();
      const started = await browser.request(`${origin}/iamsmart/login?returnTo=/p`);
      const state = new URL(started.headers.get('location')).searchParams.get('state');
      const response = await browser.request(`${origin}/iamsmart/callback?code=some-code&state=${state}`);
      assert.equal(response.headers.get('location'), `/p?iams_error=${code}`, JSON.stringify(options));
      assert.deepEqual(await store.keys(''), [], 'nothing left in the store');
      await iams.close();
    }
    await hanging.close();
    await garbage.close();
  });
});

/** Polls until `check` is true (every 100 ms, at most `ms`). */
async function until(check, ms) {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => { setTimeout(resolve, 100); });
  }
}

describe('two instances on one real Redis', () => {
  let redis;
  let port;
  let a;
  let b;
  before(async () => {
    port = await freePort();
    redis = await startRedis(port);
    // Two instances of one site (one origin, one session secret) behind, say, a load balancer.
    const shared = { redisUrl: `redis://127.0.0.1:${port}`, sessionSecret: 'a-session-secret-shared-by-every-instance', origin: bed.listeners[0].origin };
    a = bed.server(0, shared);
    b = bed.server(1, shared);
  });
  after(async () => {
    await a?.close();
    await b?.close();
    await redis?.stop('SIGKILL');
  });

  const onB = (url) => { const moved = new URL(url); moved.port = new URL(bed.listeners[1].origin).port; return moved; };
  const sessionOn = async (browser, origin) => (await browser.request(`${origin}/iamsmart/session`));

  test('the login starts on A, the callback lands on B, A sees the resident; Redis lost → 503; back → works again', async () => {
    const [siteA, siteB] = bed.listeners.map((l) => l.origin);
    const browser = createBrowser();
    const { throughHostedPage, tools } = await import('./support.js');
    const started = await browser.request(`${siteA}/iamsmart/login?returnTo=/shared&lang=en`);
    const landed = await throughHostedPage(tools, bed.sandbox.issuer, new URL(started.headers.get('location')), 'Approve');
    const done = await browser.request(onB(landed));
    assert.equal(done.headers.get('location'), '/shared?iams_login=1');
    const seen = await (await sessionOn(browser, siteA)).json();
    assert.equal(seen.loggedIn, true);
    assert.equal(seen.resident.enName, 'CHAN Tai Man');
    assert.deepEqual(await (await sessionOn(browser, siteB)).json(), seen);

    await redis.stop('SIGKILL');
    const startedAt = Date.now();
    const lost = await sessionOn(browser, siteA);
    assert.equal(lost.status, 503);
    assert.deepEqual(await lost.json(), { error: { code: 'backend_unavailable', message: 'The login service is unavailable for now; try again shortly.' } });
    const login = await browser.request(`${siteB}/iamsmart/login?returnTo=/shared`);
    assert.equal(login.status, 303);
    assert.equal(login.headers.get('location'), '/shared?iams_error=backend_unavailable');
    assert.equal(login.headers.getSetCookie().length, 0, 'no binding cookie without a stored login');
    const out = await browser.request(`${siteA}/iamsmart/logout`, { method: 'POST', headers: { 'sec-fetch-site': 'same-origin' } });
    assert.equal(out.status, 503);
    assert.ok(Date.now() - startedAt < 5000, 'no hang');

    redis = await startRedis(port);
    // The browser still sends its session cookie, so each poll reads the store.
    await until(async () => (await sessionOn(browser, siteA)).status === 200, 10_000);
    await until(async () => (await fetch(`${siteB}/iamsmart/session`, { headers: { cookie: 'iams-session=' + 'x'.repeat(43) } })).status === 200, 10_000);
    // Redis kept nothing (no persistence): logged out, and a new login works across instances.
    assert.equal((await (await sessionOn(browser, siteA)).json()).loggedIn, false);
    const again = await browser.request(`${siteB}/iamsmart/login?returnTo=/again&lang=en`);
    const landedAgain = await throughHostedPage(tools, bed.sandbox.issuer, new URL(again.headers.get('location')), 'Approve');
    // The callback URL is the shared origin's (A's port); it lands on A this time.
    assert.equal((await browser.request(landedAgain)).headers.get('location'), '/again?iams_login=1');
    assert.equal((await (await sessionOn(browser, siteB)).json()).loggedIn, true);
  });
});

describe('Redis not there when the server starts', () => {
  test('answers 503 without hanging, then works once Redis comes up', async () => {
    const port = await freePort();
    const iams = bed.server(0, { redisUrl: `redis://127.0.0.1:${port}`, sessionSecret: 'another-session-secret-of-32-chars!' });
    const origin = bed.listeners[0].origin;
    let redis;
    try {
      for (let i = 0; i < 2; i += 1) {
        const started = Date.now();
        const response = await fetch(`${origin}/iamsmart/login?returnTo=/wait`, { redirect: 'manual' });
        assert.equal(response.headers.get('location'), '/wait?iams_error=backend_unavailable');
        // The first request waits (at most the 2 s command bound) for the first connection; later ones are refused at once.
        assert.ok(Date.now() - started < (i === 0 ? 3000 : 500), `request ${i} took ${Date.now() - started} ms`);
      }
      redis = await startRedis(port);
      await until(async () => new URL((await fetch(`${origin}/iamsmart/login`, { redirect: 'manual' })).headers.get('location'), origin).pathname === '/api/v1/auth/getQR', 10_000);
      const { location } = await loginThrough(createBrowser(), origin, bed.sandbox.issuer, { returnTo: '/up' });
      assert.equal(location, '/up?iams_login=1');
    } finally {
      await iams.close();
      await redis?.stop('SIGKILL');
    }
  });
});

describe('the README\'s Express example', () => {
  const example = fileURLToPath(new URL('../examples/express.js', import.meta.url));

  test('is in the README verbatim, under 30 lines', async () => {
    const code = await readFile(example, 'utf8');
    assert.ok(code.trimEnd().split('\n').length < 30);
    assert.ok((await readFile(new URL('../README.md', import.meta.url), 'utf8')).includes(code.trimEnd()), 'README shows examples/express.js as it is');
  });

  test('runs: configured from IAMSMART_* variables, it logs a resident in', async () => {
    const origin = bed.spareOrigins[0];
    const folder = await mkdtemp(join(tmpdir(), 'iams-express-'));
    const keyFile = join(folder, 'key.pem');
    await writeFile(keyFile, bed.party.client.privateKeyPem, { mode: 0o600 });
    const child = spawn(process.execPath, [example], {
      env: {
        PATH: process.env.PATH, PORT: new URL(origin).port, IAMSMART_PLATFORM_URL: bed.sandbox.issuer, IAMSMART_CLIENT_ID: bed.party.client.clientID,
        IAMSMART_CLIENT_SECRET: bed.party.client.secret, IAMSMART_PRIVATE_KEY_FILE: keyFile, IAMSMART_ORIGIN: origin,
      },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    try {
      await new Promise((resolve, reject) => {
        child.once('exit', (code) => reject(new Error(`the example exited (${code})`)));
        child.stdout.on('data', (chunk) => { if (/listening/.test(String(chunk))) resolve(); });
      });
      const browser = createBrowser();
      assert.match(await (await browser.request(`${origin}/`)).text(), /Login with iAM Smart/);
      const { location } = await loginThrough(browser, origin, bed.sandbox.issuer, { returnTo: '/' });
      assert.equal(location, '/?iams_login=1');
      assert.match(await (await browser.request(`${origin}/`)).text(), /<p>Hello CHAN Tai Man<\/p>/);
      assert.equal((await browser.request(`${origin}/nothing-here`)).status, 404, 'other paths reach Express (next())');
    } finally {
      process.kill(child.pid, 'SIGKILL');
      await rm(folder, { recursive: true, force: true });
    }
  });
});

describe('the demo site mounts the server at /iamsmart', () => {
  test('with the sandbox\'s demo platform client: a whole login, the site\'s security headers kept', async () => {
    const { startDemoSite } = await import('../../../demo-site/server.js');
    const demoOrigin = bed.spareOrigins[1];
    const site = await startDemoSite({ port: Number(new URL(demoOrigin).port), sandboxIssuer: bed.sandbox.issuer, platformClient: bed.sandbox.demoPlatformClient });
    try {
      const browser = createBrowser();
      const { getQr, location } = await loginThrough(browser, site.origin, bed.sandbox.issuer, { returnTo: '/sign.html' });
      assert.equal(getQr.searchParams.get('clientID'), 'demo-site');
      assert.equal(getQr.searchParams.get('redirectURI'), `${demoOrigin}/iamsmart/callback`);
      assert.equal(location, '/sign.html?iams_login=1');
      const session = await browser.request(`${site.origin}/iamsmart/session`);
      assert.equal((await session.json()).resident.enName, 'CHAN Tai Man');
      assert.equal(session.headers.get('cache-control'), 'no-store');
      assert.equal(session.headers.get('x-content-type-options'), 'nosniff');
      assert.equal(session.headers.get('cross-origin-resource-policy'), 'same-origin');
      const out = await browser.request(`${site.origin}/iamsmart/logout`, { method: 'POST', headers: { origin: site.origin } });
      assert.equal(out.status, 204);
      assert.equal((await fetch(`${site.origin}/iamsmart/logout`, { method: 'POST', headers: { 'sec-fetch-site': 'cross-site' } })).status, 403);
      assert.equal((await fetch(`${site.origin}/other`, { method: 'POST' })).status, 405, 'the static site still refuses POST elsewhere');
    } finally {
      await site.close();
    }
  });
});

describe('in Chromium', () => {
  test('a loopback origin over http: plain HttpOnly cookies without Secure (WebKit would drop Secure ones there), the login works in Chromium', async () => {
    const { launchChromium } = await import('../../../scripts/chromium.js');
    const { throughHostedPage, tools } = await import('./support.js');
    const iams = bed.server(0, {});
    const origin = bed.listeners[0].origin;
    const browser = await launchChromium();
    try {
      const context = await browser.newContext();
      const page = await context.newPage();
      await page.goto(`${origin}/iamsmart/login?returnTo=/back&lang=en`);
      const getQr = new URL(page.url());
      assert.equal(getQr.pathname, '/api/v1/auth/getQR');
      const binding = (await context.cookies(`${origin}/iamsmart/callback`)).find((c) => c.name === 'iams-login');
      assert.ok(binding, 'Chromium stored the binding cookie set over http://localhost');
      assert.equal(binding.secure, false);
      assert.equal(binding.httpOnly, true);
      const landed = await throughHostedPage(tools, bed.sandbox.issuer, getQr, 'Approve');
      await page.goto(landed.href);
      assert.equal(new URL(page.url()).pathname + new URL(page.url()).search, '/back?iams_login=1');
      const session = (await context.cookies(origin)).find((c) => c.name === 'iams-session');
      assert.ok(session, 'Chromium stored the session cookie');
      assert.equal(session.secure, false);
      assert.equal(session.httpOnly, true);
      assert.equal(session.path, '/');
      await page.goto(`${origin}/iamsmart/session`);
      const json = JSON.parse(await page.locator('body').innerText());
      assert.equal(json.loggedIn, true);
      assert.equal(json.resident.enName, 'CHAN Tai Man');
      // A same-origin fetch from the page carries Sec-Fetch-Site: same-origin; logout works.
      const status = await page.evaluate(async () => (await fetch('/iamsmart/logout', { method: 'POST' })).status);
      assert.equal(status, 204);
      assert.equal((await context.cookies(origin)).some((c) => c.name === 'iams-session'), false);
    } finally {
      await browser.close();
      await iams.close();
    }
  });
});
