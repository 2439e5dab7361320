// What the e-ME and signing tests share (decision 037): the server configured for both flows
// against the bed's sandbox, a resident logged in with a phone that stays signed in (for the
// inbox path), the page's calls (POST /requests, the event stream read as the browser's
// EventSource would), the resident's part on the phone simulator, and pushes forged with the
// relying party's own key material the way the sandbox makes them.
import assert from 'node:assert/strict';
import { X509Certificate, constants, createHash, publicEncrypt, randomBytes, randomUUID } from 'node:crypto';
import { createBrowser, formFor, press } from '../../sandbox/test/helpers.js';
import { decrypt, encrypt, getKey, inboxOf, testPlatformClient, throughHostedPage } from '../../sandbox/test/platform-support.js';

export const tools = { createBrowser, formFor, press };
export const ALL_SCOPES = ['eidapi_auth', 'eidapi_profiles', 'eidapi_formFilling', 'eidapi_sign'];
export const DOCUMENT = Buffer.from('Tenancy agreement no. 2026-0117 between Sandbox Estates and CHAN Tai Man.\n');
export const HASH = createHash('sha256').update(DOCUMENT).digest('base64');
/** CHAN Tai Man's HKID (the sandbox's first resident). */
export const CHAN_HKID = 'K543210(3)';

/**
 * Server options for both flows: the sandbox's CA as the trust anchor, the signing names, hooks
 * that record what they are given, and a fetch that records the platform calls made.
 */
export async function requestOptions(bed, overrides = {}) {
  const caPem = await (await fetch(`${bed.sandbox.issuer}/csc/v2/ca.pem`)).text();
  const hooked = { eme: [], signed: [], hkid: [] };
  const calls = [];
  const options = {
    scope: ALL_SCOPES.join(' '),
    trustAnchorsPem: [caPem],
    signing: { department: 'Lettings Department', serviceName: 'Tenancy' },
    hkidOf: (session, request) => { hooked.hkid.push({ session, request }); return CHAN_HKID; },
    onEme: (result, context) => { hooked.eme.push({ result, context }); },
    onSigned: (result, context) => { hooked.signed.push({ result, context }); },
    fetch: async (url, init) => {
      const response = await fetch(url, init);
      calls.push({ path: new URL(url).pathname, body: typeof init?.body === 'string' ? init.body : '' });
      return response;
    },
    ...overrides,
  };
  return { options, hooked, calls, caPem };
}

/** The ackResult calls the server made, decrypted with the client's content key (the sandbox shares the live key). */
export async function acksOf(bed, calls) {
  const client = testPlatformClient({ clientID: bed.party.client.clientID, secret: bed.party.client.secret, privateKeyPem: bed.party.client.privateKeyPem });
  const key = await getKey(bed.sandbox.issuer, client);
  return calls.filter((call) => call.path === '/api/v1/account/signing/ackResult')
    .map((call) => JSON.parse(decrypt(key, JSON.parse(call.body).content)));
}

/** The simulator's home, and a press on it. */
async function onHome(phone, issuer, button) {
  const url = new URL('/app', issuer);
  const done = await press(phone, issuer, await (await phone.request(url)).text(), url, button);
  assert.equal(done.response.status, 200, button);
}

/**
 * Logs `browser` in at the server through the hosted page, approved on `phone` (which stays
 * signed in as CHAN Tai Man); `receive` turns on "Receive requests from websites on this phone",
 * so account requests go to its inbox (authByQR false).
 */
export async function logInWithPhone(browser, origin, issuer, { receive = false, phone = createBrowser() } = {}) {
  const started = await browser.request(`${origin}/iamsmart/login?returnTo=/&lang=en`);
  assert.equal(started.status, 303);
  const landed = await throughHostedPage(tools, issuer, new URL(started.headers.get('location')), 'Approve', undefined, phone);
  const done = await browser.request(landed);
  assert.match(done.headers.get('location'), /iams_login=1/);
  if (receive) await onHome(phone, issuer, 'Turn on');
  return phone;
}

/** POST {base}/requests as the page does (same origin, JSON). */
export function startRequest(browser, origin, body, headers = {}) {
  return browser.request(`${origin}/iamsmart/requests`, {
    method: 'POST', headers: { 'content-type': 'application/json', 'sec-fetch-site': 'same-origin', ...headers }, body: JSON.stringify(body),
  });
}

/**
 * The event stream read as EventSource reads it: `events` collects `{ id, event, data }` (data
 * parsed), `until(predicate)` waits for an event, `ended` resolves when the server ends the stream.
 */
export async function openEvents(browser, url, { lastEventId } = {}) {
  const controller = new AbortController();
  const response = await browser.request(url, {
    headers: { accept: 'text/event-stream', ...(lastEventId !== undefined ? { 'last-event-id': String(lastEventId) } : {}) }, signal: controller.signal,
  });
  const events = [];
  const comments = [];
  let retry;
  let waiters = [];
  const notify = () => { for (const check of waiters) check(); };
  const ended = (async () => {
    if (response.status !== 200 || !response.body) return;
    const decoder = new TextDecoder();
    let buffer = '';
    try {
      for await (const chunk of response.body) {
        buffer += decoder.decode(chunk, { stream: true });
        let end;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const event = {};
          for (const line of block.split('\n')) {
            if (line.startsWith(':')) comments.push(line);
            else if (line.startsWith('retry: ')) retry = Number(line.slice(7));
            else if (line.startsWith('id: ')) event.id = line.slice(4);
            else if (line.startsWith('event: ')) event.event = line.slice(7);
            else if (line.startsWith('data: ')) event.data = JSON.parse(line.slice(6));
          }
          if (event.data) {
            events.push(event);
            notify();
          }
        }
      }
    } catch {
      // aborted by the test
    }
  })();
  return {
    response, events, comments, ended, get retry() { return retry; },
    close: () => controller.abort(),
    /** The first event whose view matches, waiting up to `ms`. */
    until(predicate, ms = 10_000) {
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => { reject(new Error(`no matching event within ${ms} ms; got ${JSON.stringify(events.map((e) => e.data.state))}`)); }, ms);
        const check = () => {
          const found = events.find((event) => predicate(event.data));
          if (found) {
            clearTimeout(timer);
            waiters = waiters.filter((w) => w !== check);
            resolve(found);
          }
        };
        waiters.push(check);
        check();
      });
    },
  };
}

/** The hosted path: {base}/requests/{id}/hosted in `browser`, the phone's decision, then the landing page in `browser`. */
export async function throughHosted(browser, origin, issuer, view, decision = 'Approve', phone = undefined) {
  const hosted = await browser.request(`${origin}${view.hostedUrl}`);
  assert.equal(hosted.status, 303);
  const getQr = new URL(hosted.headers.get('location'));
  assert.equal(getQr.origin + getQr.pathname, `${issuer}/api/v1/auth/getQR`);
  const landed = await throughHostedPage(tools, issuer, getQr, decision, undefined, phone);
  const landing = await browser.request(landed);
  return { getQr, landed, landing, html: await landing.text() };
}

/** The inbox path: the phone opens the only request; for signing it picks `code` first; then the decision. */
export async function throughInbox(phone, issuer, decision = 'Approve', code = undefined) {
  const items = await inboxOf(phone, issuer);
  assert.equal(items.length, 1, 'one request in the inbox');
  const opened = await phone.follow(new URL(items[0].href, issuer), issuer);
  let page = await opened.response.text();
  let at = opened.location;
  if (code !== undefined) {
    const matched = await press(phone, issuer, page, at, code);
    page = await matched.response.text();
    at = matched.location;
    if (!/Approve/.test(page)) return page; // a wrong code stops the request at once
  }
  const done = await press(phone, issuer, page, at, decision);
  return done.response.text();
}

/** The identification codes the phone offers for the only request in its inbox. */
export async function offeredCodes(phone, issuer) {
  const [item] = await inboxOf(phone, issuer);
  const page = await (await phone.follow(new URL(item.href, issuer), issuer)).response.text();
  return [...page.matchAll(/class="code-choice" translate="no">([\d-]+)</g)].map(([, choice]) => choice);
}

/** The stored records of requests (the spy store), by page id. */
export async function storedRequests(store) {
  const records = [];
  for (const key of await store.keys('request:')) records.push(JSON.parse(await store.get(key)));
  return records;
}

export async function storedRequest(store, id) {
  return (await storedRequests(store)).find((record) => record.id === id);
}

/**
 * A push as the platform sends it, made with the relying party's certificate: a fresh content
 * key wrapped with RSA PKCS#1 v1.5 to it, the content under AES-256-GCM.
 */
export function forgedPush(certificatePem, { businessID, content, code = 'D00000', key = randomBytes(32), tamper } = {}) {
  const body = { txID: randomUUID(), code, message: 'SUCCESS', businessID };
  if (content !== undefined) {
    let sealed = encrypt(key, JSON.stringify(content));
    if (tamper === 'tag') {
      const bytes = Buffer.from(sealed, 'base64');
      bytes[bytes.length - 1] ^= 1;
      sealed = bytes.toString('base64');
    }
    body.content = sealed;
    body.secretKey = publicEncrypt({ key: new X509Certificate(certificatePem).publicKey, padding: constants.RSA_PKCS1_PADDING }, key).toString('base64');
  }
  return body;
}

export function postPush(origin, body) {
  return fetch(`${origin}/iamsmart/callback`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
}

/** Counts PlatformClient.openPush calls on a server (to show a refused push was never decrypted). */
export function countOpens(iams) {
  const counter = { count: 0 };
  const original = iams.platform.openPush.bind(iams.platform);
  iams.platform.openPush = (push) => { counter.count += 1; return original(push); };
  return counter;
}

export const wait = (ms) => new Promise((resolve) => { setTimeout(resolve, ms); });
