// The QR cross-device login against a running sandbox, over real HTTP: the device authorization
// request and its extension fields, the rotating QR payload, the status stream, the phone-app
// simulator's pages (followed by submitting their forms, as a phone's browser would) and the
// token endpoint's device-code grant.
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { setTimeout as delay } from 'node:timers/promises';
import { createRemoteJWKSet, jwtVerify } from 'jose';
import { DEMO_ORIGIN, createBrowser, exchangeCode, login, press, startTestSandbox } from './helpers.js';

const DEVICE_GRANT = 'urn:ietf:params:oauth:grant-type:device_code';
const PARTNER_ORIGIN = 'http://localhost:18091';
const FORM = { 'content-type': 'application/x-www-form-urlencoded' };

/** @type {Awaited<ReturnType<typeof startTestSandbox>>} */
let sandbox;
/** @type {string} */
let dir;
/** @type {string} */
let clientsFile;

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'iams-cross-device-'));
  clientsFile = join(dir, 'clients.json');
  await writeFile(clientsFile, JSON.stringify([
    { client_id: 'partner-two', client_name: 'Second Partner', redirect_uris: [`${PARTNER_ORIGIN}/cb`] },
  ]));
  sandbox = await startTestSandbox({ clientsFile });
});
after(async () => {
  await sandbox.stop();
  await rm(dir, { recursive: true, force: true });
});

/**
 * POSTs a device authorization request.
 * @param {string} issuer
 * @param {Record<string, string>} [fields]
 * @param {Record<string, string>} [headers]
 */
function deviceAuthorization(issuer, fields = {}, headers = {}) {
  return fetch(new URL('/device/auth', issuer), {
    method: 'POST',
    headers: { ...FORM, ...headers },
    body: new URLSearchParams({ client_id: 'demo-site', scope: 'openid profile', ...fields }),
  });
}

/**
 * Starts a session and returns the response body with the time it arrived.
 * @param {string} issuer
 * @param {Record<string, string>} [fields]
 */
async function startSession(issuer, fields) {
  const response = await deviceAuthorization(issuer, fields);
  assert.equal(response.status, 200, await response.clone().text());
  const receivedAt = performance.now();
  return { ...(await response.json()), receivedAt };
}

/**
 * The QR link the browser shows `t` seconds after it received the response (computed here as the
 * brief specifies, not with the sandbox's own code).
 * @param {{ iamsmart_qr_uri: string, iamsmart_qr_start_token: string, iamsmart_qr_start_secret: string }} session
 * @param {number} t
 */
function qrLink(session, t) {
  const h = createHmac('sha256', Buffer.from(session.iamsmart_qr_start_secret, 'utf8'))
    .update(`${session.iamsmart_qr_start_token}.${t}`).digest('base64url');
  const url = new URL(session.iamsmart_qr_uri);
  url.search = new URLSearchParams({ s: session.iamsmart_qr_start_token, t: String(t), h }).toString();
  return url;
}

/**
 * Opens a link in the simulator as an API caller: a redirect to the request page, or a JSON refusal.
 * @param {URL | string} link
 */
async function openAsApi(link) {
  const response = await fetch(link, { redirect: 'manual', headers: { accept: 'application/json' } });
  if (response.status === 303) return { status: 303, location: String(response.headers.get('location')) };
  return { status: response.status, error: (await response.json()).error };
}

/**
 * @param {string} issuer
 * @param {{ device_code: string, clientId?: string }} options
 */
function tokenRequest(issuer, { device_code: deviceCode, clientId = 'demo-site' }) {
  return fetch(new URL('/token', issuer), {
    method: 'POST',
    headers: FORM,
    body: new URLSearchParams({ grant_type: DEVICE_GRANT, device_code: deviceCode, client_id: clientId }),
  });
}

/**
 * Opens the status stream and parses its events as they arrive, noting when each came.
 * @param {string} issuer
 * @param {{ deviceCode: string, clientId?: string, origin?: string }} options
 */
async function openStream(issuer, { deviceCode, clientId = 'demo-site', origin = DEMO_ORIGIN }) {
  const response = await fetch(new URL('/cross-device/status', issuer), {
    method: 'POST',
    headers: { ...FORM, origin },
    body: new URLSearchParams({ client_id: clientId, device_code: deviceCode }),
  });
  if (response.status !== 200) assert.fail(`the status stream answered ${response.status}: ${await response.text()}`);
  /** @type {{ event?: string, data?: any, comment?: string, at: number }[]} */
  const events = [];
  /** @type {(() => void)[]} */
  let waiters = [];
  let ended = false;
  const wake = () => { for (const waiter of waiters.splice(0)) waiter(); };
  const reader = /** @type {ReadableStream<Uint8Array>} */ (response.body).pipeThrough(new TextDecoderStream()).getReader();
  (async () => {
    let buffer = '';
    try {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        buffer += value;
        let end;
        while ((end = buffer.indexOf('\n\n')) !== -1) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const at = performance.now();
          if (block.startsWith(':')) events.push({ comment: block.slice(1).trim(), at });
          else {
            const fields = Object.fromEntries(block.split('\n').map((line) => [line.slice(0, line.indexOf(':')), line.slice(line.indexOf(':') + 1).trim()]));
            events.push({ event: fields.event, data: JSON.parse(fields.data), at });
          }
        }
        wake();
      }
    } catch {
      // The connection was cut (a test aborts it or the sandbox closes): the stream has ended.
    }
    ended = true;
    wake();
  })();

  let read = 0;
  return {
    response,
    events,
    get ended() { return ended; },
    /** The next state event (comments skipped), within `ms`. */
    async next(ms = 3000) {
      const deadline = performance.now() + ms;
      for (;;) {
        while (read < events.length) {
          const event = events[read++];
          if (event.event) return event;
        }
        if (ended) throw new Error('the stream ended');
        const left = deadline - performance.now();
        if (left <= 0) throw new Error(`no event within ${ms} ms`);
        await Promise.race([new Promise((wakeUp) => waiters.push(() => wakeUp(undefined))), delay(left)]);
      }
    },
    /** Resolves once the server ends the stream (within `ms`). */
    async closed(ms = 3000) {
      const deadline = performance.now() + ms;
      while (!ended) {
        if (performance.now() > deadline) throw new Error(`the stream was still open after ${ms} ms`);
        await Promise.race([new Promise((wakeUp) => waiters.push(() => wakeUp(undefined))), delay(50)]);
      }
    },
    cancel: () => reader.cancel(),
  };
}

/**
 * A phone running the simulator: opens a link, signs in a resident, taps a code, then decides.
 * @param {string} issuer
 */
function phone(issuer) {
  const browser = createBrowser();
  /** @type {{ page: string, location: URL }} */
  let current;
  /** @param {{ response: Response, location: URL }} step */
  async function land(step) {
    assert.equal(step.response.status, 200, `${step.location.href} answered ${step.response.status}`);
    current = { page: await step.response.text(), location: step.location };
    return current;
  }
  return {
    /** @param {URL | string} link */
    open: async (link) => land(await browser.follow(link, issuer)),
    /** @param {string} name a button's accessible name */
    press: async (name) => land(await press(browser, issuer, current.page, current.location, name)),
    get page() { return current.page; },
  };
}

/**
 * Codes on the request page's buttons (names like "4821-0937").
 * @param {string} page
 */
function codeButtons(page) {
  return [...page.matchAll(/<button[^>]*>\s*(\d{4}-\d{4})\s*<\/button>/g)].map((match) => match[1]);
}

test('discovery advertises the device authorization endpoint, the status stream and pairwise subjects', async () => {
  const discovery = await (await fetch(sandbox.discoveryUrl)).json();
  assert.equal(discovery.device_authorization_endpoint, `${sandbox.issuer}/device/auth`);
  assert.equal(discovery.iamsmart_cross_device_status_endpoint, `${sandbox.issuer}/cross-device/status`);
  assert.ok(discovery.grant_types_supported.includes(DEVICE_GRANT));
  assert.deepEqual(discovery.subject_types_supported, ['pairwise']);
});

test('the device authorization response carries the standard fields and the QR extension', async () => {
  const session = await startSession(sandbox.issuer);
  assert.match(session.device_code, /^[\w-]{43,}$/);
  assert.match(session.user_code, /^\d{4}-\d{4}$/);
  assert.equal(session.verification_uri, `${sandbox.issuer}/app/code`);
  assert.equal(session.verification_uri_complete, `${sandbox.issuer}/app/code?user_code=${session.user_code}`);
  assert.equal(session.expires_in, 180);
  assert.equal(session.interval, 5);
  assert.match(session.iamsmart_qr_start_token, /^[\w-]{43}$/);
  assert.match(session.iamsmart_qr_start_secret, /^[\w-]{43}$/);
  assert.notEqual(session.iamsmart_qr_start_token, session.iamsmart_qr_start_secret);
  assert.equal(session.iamsmart_qr_uri, `${sandbox.issuer}/app/qr`);
  assert.equal(session.iamsmart_qr_interval, 1);

  // The provider's own code page sends the resident to the simulator's, keeping the code.
  const device = await fetch(new URL(`/device?user_code=${session.user_code}`, sandbox.issuer), { redirect: 'manual' });
  assert.equal(device.status, 303);
  assert.equal(device.headers.get('location'), session.verification_uri_complete);
  const resume = await fetch(new URL('/device/some-interaction/', sandbox.issuer), { redirect: 'manual' });
  assert.equal(resume.status, 303);
  assert.equal(resume.headers.get('location'), session.verification_uri);

  const fromPage = await deviceAuthorization(sandbox.issuer, {}, { origin: DEMO_ORIGIN });
  assert.equal(fromPage.status, 200);
  assert.equal(fromPage.headers.get('access-control-allow-origin'), DEMO_ORIGIN, 'the page may read it');
  const fromElsewhere = await deviceAuthorization(sandbox.issuer, {}, { origin: 'http://localhost:18099' });
  assert.equal(fromElsewhere.status, 400);
  assert.equal(fromElsewhere.headers.get('access-control-allow-origin'), null);
});

test('a device authorization request for an unknown client is refused', async () => {
  const unknown = await deviceAuthorization(sandbox.issuer, { client_id: 'nobody' });
  assert.equal(unknown.status, 401);
  assert.equal((await unknown.json()).error, 'invalid_client');
});

test('the QR payload: a fresh HMAC opens the request; tampered, unknown and malformed links do not', async () => {
  const session = await startSession(sandbox.issuer);
  const stream = await openStream(sandbox.issuer, { deviceCode: session.device_code });
  assert.deepEqual((await stream.next()).data, { state: 'awaiting-scan' });

  const good = qrLink(session, Math.floor((performance.now() - session.receivedAt) / 1000));
  const tampered = new URL(good);
  const h = String(tampered.searchParams.get('h'));
  tampered.searchParams.set('h', `${h[0] === 'A' ? 'B' : 'A'}${h.slice(1)}`);
  assert.deepEqual(await openAsApi(tampered), { status: 404, error: 'unknown_request' }, 'tampered h');
  const otherToken = new URL(good);
  otherToken.searchParams.set('s', 'x'.repeat(43));
  assert.deepEqual(await openAsApi(otherToken), { status: 404, error: 'unknown_request' }, 'unknown s');
  const wrongTime = new URL(good);
  wrongTime.searchParams.set('t', String(Number(good.searchParams.get('t')) + 1));
  assert.deepEqual(await openAsApi(wrongTime), { status: 404, error: 'unknown_request' }, 'the HMAC covers t');
  const malformed = new URL(good);
  malformed.searchParams.set('t', 'soon');
  assert.equal((await openAsApi(malformed)).status, 400, 'malformed t');
  const farFuture = qrLink(session, 60);
  assert.deepEqual(await openAsApi(farFuture), { status: 400, error: 'stale_qr_code' }, 'a payload from the future');
  assert.deepEqual((await stream.next()).data, { state: 'awaiting-scan', reason: 'stale' }, 'the desktop hears of it');

  const opened = await openAsApi(good);
  assert.equal(opened.status, 303);
  assert.match(opened.location, /^\/app\/request\/[\w-]+/);
  assert.deepEqual((await stream.next()).data, { state: 'scanned' });
  await stream.cancel();
});

test('a QR payload older than the window is refused as stale; one inside it is accepted', async () => {
  const short = await startTestSandbox({ crossDevice: { qrWindowSeconds: 2 } });
  try {
    const session = await startSession(short.issuer);
    await delay(2600);
    assert.deepEqual(await openAsApi(qrLink(session, 0)), { status: 400, error: 'stale_qr_code' }, 'the payload of second 0, 2.6 s later');
    const current = Math.floor((performance.now() - session.receivedAt) / 1000);
    assert.equal((await openAsApi(qrLink(session, current))).status, 303, `the payload of second ${current}, as the browser shows it now`);
  } finally {
    await short.stop();
  }
});

test('QR login: scanned and approved reach the stream at once; the tokens carry the nonce and the same pairwise sub as a redirect login', async () => {
  const session = await startSession(sandbox.issuer, { nonce: 'nonce-qr-1' });
  const stream = await openStream(sandbox.issuer, { deviceCode: session.device_code });
  assert.equal(stream.response.headers.get('content-type'), 'text/event-stream');
  assert.equal(stream.response.headers.get('access-control-allow-origin'), DEMO_ORIGIN);
  assert.deepEqual((await stream.next()).data, { state: 'awaiting-scan' });

  const pending = await tokenRequest(sandbox.issuer, session);
  assert.equal(pending.status, 400);
  assert.equal((await pending.json()).error, 'authorization_pending', 'the polling path before approval');

  const app = phone(sandbox.issuer);
  let sentAt = performance.now();
  await app.open(qrLink(session, 0));
  const scanned = await stream.next();
  assert.deepEqual(scanned.data, { state: 'scanned' });
  assert.ok(scanned.at - sentAt < 1000, `scanned after ${scanned.at - sentAt} ms`);

  await app.press('CHAN Tai Man');
  const codes = codeButtons(app.page);
  assert.equal(codes.length, 3);
  assert.equal(new Set(codes).size, 3);
  assert.ok(codes.includes(session.user_code));
  await app.press(session.user_code);
  sentAt = performance.now();
  await app.press('Approve');
  const approved = await stream.next();
  assert.deepEqual(approved.data, { state: 'approved' });
  assert.ok(approved.at - sentAt < 1000, `approved after ${approved.at - sentAt} ms`);
  await stream.closed();

  const response = await tokenRequest(sandbox.issuer, session);
  assert.equal(response.status, 200);
  const tokens = await response.json();
  const jwks = createRemoteJWKSet(new URL('/jwks', sandbox.issuer));
  const { payload } = await jwtVerify(tokens.id_token, jwks, { issuer: sandbox.issuer, audience: 'demo-site' });
  assert.equal(payload.nonce, 'nonce-qr-1');
  assert.equal(payload.name, 'CHAN Tai Man');

  const redirect = await login(sandbox.issuer);
  const code = String(redirect.redirect.searchParams.get('code'));
  const redirectTokens = await (await exchangeCode(sandbox.issuer, { code, verifier: redirect.verifier })).json();
  const { payload: redirectPayload } = await jwtVerify(redirectTokens.id_token, jwks, { audience: 'demo-site' });
  assert.equal(payload.sub, redirectPayload.sub, 'one sub per resident and client, whichever way they log in');

  const userinfo = await fetch(new URL('/me', sandbox.issuer), { headers: { authorization: `Bearer ${tokens.access_token}` } });
  assert.equal(userinfo.status, 200);
  assert.equal((await userinfo.json()).sub, payload.sub);

  const again = await tokenRequest(sandbox.issuer, session);
  assert.equal(again.status, 400);
  assert.equal((await again.json()).error, 'invalid_grant', 'a device code yields tokens once');
  assert.deepEqual(await openAsApi(qrLink(session, 0)), { status: 410, error: 'already_used' });
  const later = await openStream(sandbox.issuer, { deviceCode: session.device_code });
  assert.deepEqual((await later.next()).data, { state: 'approved' }, 'a late stream gets the final state and ends');
  await later.closed();
});

test('the same resident gets a different sub at another client by QR too', async () => {
  /** @param {string} clientId */
  async function qrSub(clientId) {
    const session = await startSession(sandbox.issuer, { client_id: clientId });
    const app = phone(sandbox.issuer);
    await app.open(qrLink(session, 0));
    await app.press('CHAN Tai Man');
    await app.press(session.user_code);
    await app.press('Approve');
    const tokens = await (await tokenRequest(sandbox.issuer, { ...session, clientId })).json();
    const { payload } = await jwtVerify(tokens.id_token, createRemoteJWKSet(new URL('/jwks', sandbox.issuer)), { audience: clientId });
    return payload.sub;
  }
  const demo = await qrSub('demo-site');
  assert.notEqual(await qrSub('partner-two'), demo);
  assert.equal(await qrSub('demo-site'), demo);
});

test('tapping a code the website does not show stops the session at once: denied (code_mismatch), access_denied at the token endpoint', async () => {
  const session = await startSession(sandbox.issuer);
  const stream = await openStream(sandbox.issuer, { deviceCode: session.device_code });
  await stream.next();
  const app = phone(sandbox.issuer);
  await app.open(session.verification_uri_complete);
  assert.deepEqual((await stream.next()).data, { state: 'scanned' }, 'the typed-code link marks it scanned too');
  await app.press('CHAN Tai Man');
  const decoy = codeButtons(app.page).find((choice) => choice !== session.user_code);
  assert.ok(decoy);
  await app.press(decoy);
  assert.ok(!/>\s*Approve\s*</.test(app.page), 'no Approve after a wrong code');
  assert.deepEqual((await stream.next()).data, { state: 'denied', reason: 'code_mismatch' });
  await stream.closed();
  const response = await tokenRequest(sandbox.issuer, session);
  assert.equal(response.status, 400);
  assert.equal((await response.json()).error, 'access_denied');
});

test('Decline: denied (declined) on the stream, access_denied at the token endpoint, the link is used', async () => {
  const session = await startSession(sandbox.issuer);
  const stream = await openStream(sandbox.issuer, { deviceCode: session.device_code });
  await stream.next();
  const app = phone(sandbox.issuer);
  await app.open(qrLink(session, 0));
  await app.press('LEE Ka Yan');
  await app.press(session.user_code);
  await app.press('Decline');
  assert.deepEqual((await stream.next()).data, { state: 'scanned' });
  assert.deepEqual((await stream.next()).data, { state: 'denied', reason: 'declined' });
  await stream.closed();
  const response = await tokenRequest(sandbox.issuer, session);
  assert.equal((await response.json()).error, 'access_denied');
  assert.deepEqual(await openAsApi(qrLink(session, 0)), { status: 410, error: 'already_used' });
});

test('a session ends at its lifetime: expired on the stream, expired_token at the token endpoint, the link expired', async () => {
  const short = await startTestSandbox({ crossDevice: { lifetimeSeconds: 2 } });
  try {
    const session = await startSession(short.issuer);
    assert.equal(session.expires_in, 2);
    const stream = await openStream(short.issuer, { deviceCode: session.device_code });
    assert.deepEqual((await stream.next()).data, { state: 'awaiting-scan' });
    const expired = await stream.next(4000);
    assert.deepEqual(expired.data, { state: 'expired' });
    const lateBy = expired.at - session.receivedAt - 2000;
    assert.ok(lateBy < 1000, `expired ${lateBy} ms after the lifetime`);
    await stream.closed();
    const response = await tokenRequest(short.issuer, session);
    assert.equal(response.status, 400);
    assert.equal((await response.json()).error, 'expired_token');
    assert.deepEqual(await openAsApi(qrLink(session, 2)), { status: 410, error: 'expired_token' });
    assert.equal((await openAsApi(session.verification_uri_complete)).status, 410);
  } finally {
    await short.stop();
  }
});

test('the lifetime is never above 300 s', async () => {
  const long = await startTestSandbox({ crossDevice: { lifetimeSeconds: 3600 } });
  try {
    assert.equal((await startSession(long.issuer)).expires_in, 300);
  } finally {
    await long.stop();
  }
  await assert.rejects(startTestSandbox({ crossDevice: { lifetimeSeconds: 0 } }), /lifetimeSeconds must be a positive integer/);
});

test('rate limit: too many sessions from one address for one client get 429 with Retry-After', async () => {
  const limited = await startTestSandbox({ crossDevice: { rateLimit: { max: 2, windowSeconds: 30 } } });
  try {
    for (let i = 0; i < 2; i += 1) assert.equal((await deviceAuthorization(limited.issuer)).status, 200);
    const refused = await deviceAuthorization(limited.issuer, {}, { origin: DEMO_ORIGIN });
    assert.equal(refused.status, 429);
    const retryAfter = Number(refused.headers.get('retry-after'));
    assert.ok(Number.isInteger(retryAfter) && retryAfter >= 1 && retryAfter <= 30, `Retry-After ${retryAfter}`);
    assert.equal(refused.headers.get('access-control-allow-origin'), DEMO_ORIGIN);
    assert.match(String(refused.headers.get('access-control-expose-headers')), /Retry-After/i, 'the browser may read it');
    const body = await refused.json();
    assert.equal(body.error, 'too_many_requests');
    assert.match(body.error_description, /Try again in \d+ s/);
  } finally {
    await limited.stop();
  }
});

test('rate limit is per client and address, and over a sliding window', async () => {
  const limited = await startTestSandbox({ clientsFile, crossDevice: { rateLimit: { max: 1, windowSeconds: 1 } } });
  try {
    assert.equal((await deviceAuthorization(limited.issuer)).status, 200);
    assert.equal((await deviceAuthorization(limited.issuer)).status, 429);
    assert.equal((await deviceAuthorization(limited.issuer, { client_id: 'partner-two' })).status, 200, 'another client');
    await delay(1100);
    assert.equal((await deviceAuthorization(limited.issuer)).status, 200, 'after the window');
  } finally {
    await limited.stop();
  }
});

test('status stream: CORS for the client\'s own origins only, and JSON errors for bad requests', async () => {
  const session = await startSession(sandbox.issuer);
  const body = new URLSearchParams({ client_id: 'demo-site', device_code: session.device_code });
  /** @param {Record<string, string>} headers @param {BodyInit} [content] @param {string} [method] */
  const call = (headers, content = body, method = 'POST') => fetch(new URL('/cross-device/status', sandbox.issuer), {
    method, headers: { ...FORM, ...headers }, ...(method === 'POST' ? { body: content } : {}),
  });

  const foreign = await call({ origin: 'http://localhost:18099' });
  assert.equal(foreign.status, 403);
  assert.equal(foreign.headers.get('access-control-allow-origin'), null);
  const otherClients = await call({ origin: PARTNER_ORIGIN });
  assert.equal(otherClients.status, 403, 'another client\'s origin is not this client\'s');
  const lookalike = await call({ origin: `${DEMO_ORIGIN}.evil.example` });
  assert.equal(lookalike.status, 403);

  const preflight = await call({ origin: DEMO_ORIGIN, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' }, undefined, 'OPTIONS');
  assert.equal(preflight.status, 204);
  assert.equal(preflight.headers.get('access-control-allow-origin'), DEMO_ORIGIN);
  assert.match(String(preflight.headers.get('access-control-allow-methods')), /POST/);
  const foreignPreflight = await call({ origin: 'http://localhost:18099', 'access-control-request-method': 'POST' }, undefined, 'OPTIONS');
  assert.equal(foreignPreflight.status, 403);
  assert.equal(foreignPreflight.headers.get('access-control-allow-origin'), null);

  const unknownClient = await call({ origin: DEMO_ORIGIN }, new URLSearchParams({ client_id: 'nobody', device_code: session.device_code }));
  assert.equal(unknownClient.status, 400);
  assert.equal((await unknownClient.json()).error, 'invalid_client');
  const unknownCode = await call({ origin: DEMO_ORIGIN }, new URLSearchParams({ client_id: 'demo-site', device_code: 'x'.repeat(43) }));
  assert.equal(unknownCode.status, 404);
  assert.equal(unknownCode.headers.get('access-control-allow-origin'), DEMO_ORIGIN, 'the page can read why');
  assert.equal((await unknownCode.json()).error, 'invalid_grant');
  const otherClientsCode = await call({}, new URLSearchParams({ client_id: 'partner-two', device_code: session.device_code }));
  assert.equal(otherClientsCode.status, 404, 'a device code is found only for its own client');
  const missing = await call({}, new URLSearchParams({ client_id: 'demo-site' }));
  assert.equal(missing.status, 400);
  assert.equal((await missing.json()).error, 'invalid_request');
  const json = await call({ 'content-type': 'application/json' }, JSON.stringify({ client_id: 'demo-site', device_code: session.device_code }));
  assert.equal(json.status, 415);
  assert.equal((await json.json()).error, 'invalid_request');
  const get = await fetch(new URL('/cross-device/status', sandbox.issuer));
  assert.equal(get.status, 405);
});

test('status stream: keep-alive comments while nothing happens', async () => {
  const quick = await startTestSandbox({ crossDevice: { keepAliveSeconds: 0.2 } });
  try {
    const session = await startSession(quick.issuer);
    const stream = await openStream(quick.issuer, { deviceCode: session.device_code });
    await stream.next();
    await delay(500);
    assert.ok(stream.events.filter((event) => event.comment === 'keep-alive').length >= 2, JSON.stringify(stream.events));
    await stream.cancel();
  } finally {
    await quick.stop();
  }
});

test('closing the sandbox ends open status streams and does not hang', async () => {
  const closing = await startTestSandbox();
  const session = await startSession(closing.issuer);
  const streams = await Promise.all([1, 2].map(() => openStream(closing.issuer, { deviceCode: session.device_code })));
  for (const stream of streams) await stream.next();
  const started = performance.now();
  await closing.stop();
  assert.ok(performance.now() - started < 2000, 'close() returned promptly');
  for (const stream of streams) await stream.closed(1000);
});

test('a dropped stream connection does not disturb the session: a new stream follows it', async () => {
  const session = await startSession(sandbox.issuer);
  const first = await openStream(sandbox.issuer, { deviceCode: session.device_code });
  await first.next();
  await first.cancel();
  await delay(50);
  const second = await openStream(sandbox.issuer, { deviceCode: session.device_code });
  assert.deepEqual((await second.next()).data, { state: 'awaiting-scan' });
  const app = phone(sandbox.issuer);
  await app.open(qrLink(session, 0));
  assert.deepEqual((await second.next()).data, { state: 'scanned' });
  await second.cancel();
});
