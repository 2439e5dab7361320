// Every way an e-ME or signing request through the backend can go wrong (decision 037), against the
// real sandbox: pushes for unknown, finished, anonymous or another instance's requests (refused
// before anything is decrypted), a push that does not decrypt, content not matching (another
// businessID, another hash, fields not asked for — forged with the relying party's own key material
// as the sandbox makes pushes), a signature that does not verify, a certificate of another resident;
// declined, stopped (D40002), expired (the platform's D40003 and the server's 18-minute window),
// D70005 from a wrong HKID, cancelled; another browser or session; cross-site POSTs. Each shows the
// typed state the page sees and that nothing of a bad result is stored or given to a hook.
import assert from 'node:assert/strict';
import { X509Certificate, createHash } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { createBrowser, spyStore, startBed } from './support.js';
import {
  ALL_SCOPES, HASH, acksOf, countOpens, forgedPush, logInWithPhone, openEvents, postPush, requestOptions, startRequest, storedRequest, storedRequests,
  throughHosted, throughInbox, offeredCodes, wait,
} from './requests-support.js';
import { toNodeListener } from '../dist/index.js';
import { inboxOf } from '../../sandbox/test/platform-support.js';

let bed;
let origin;
let issuer;
let store;
let iams;
let setup;
let opens;
/** How far the server's clock is ahead (the bed's platform clock is moved with it). */
let skew = 0;
before(async () => {
  bed = await startBed({ scopes: ALL_SCOPES, sites: 2 });
  origin = bed.listeners[0].origin;
  issuer = bed.sandbox.issuer;
  store = spyStore();
  setup = await requestOptions(bed, { store, now: () => Date.now() + skew });
  iams = bed.server(0, setup.options);
  opens = countOpens(iams);
});
after(async () => {
  await iams?.close();
  await bed?.stop();
});

const SIGN = { flow: 'sign', hash: HASH, documentName: 'Tenancy agreement 2026-0117', lang: 'en' };
const FORM = { flow: 'eme', fields: ['enName', 'mobileNumber'], formName: 'Tenancy application', lang: 'en' };
const certificate = () => bed.party.certificatePem;

/** A request started by a logged-in browser, its stream open. */
async function started(body, { receive = false, browser = createBrowser() } = {}) {
  const phone = await logInWithPhone(browser, origin, issuer, { receive });
  const view = await (await startRequest(browser, origin, body)).json();
  assert.equal(view.seq, 1, JSON.stringify(view));
  const stream = await openEvents(browser, `${origin}/iamsmart/requests/${view.id}/events`);
  await stream.until(() => true);
  return { browser, phone, view, stream, record: await storedRequest(store, view.id) };
}

/** The final view the page sees, and nothing of a result stored or hooked. */
async function expectEnded(stream, view, state, code, { hooks = { eme: setup.hooked.eme.length, signed: setup.hooked.signed.length } } = {}) {
  const final = await stream.until((v) => v.state !== view.state);
  await stream.ended;
  assert.equal(final.data.state, state);
  assert.deepEqual(final.data.error?.code, code);
  assert.equal(final.data.result, undefined);
  const record = await storedRequest(store, view.id);
  assert.equal(record.state, state);
  assert.equal(record.result, undefined, 'nothing of the result is stored');
  assert.equal(setup.hooked.eme.length, hooks.eme, 'no e-ME hook');
  assert.equal(setup.hooked.signed.length, hooks.signed, 'no signing hook');
  return final.data;
}

/** A real signature of HASH by a resident (anonymous request approved on `phone`), as the hook got it. */
async function realSignature(phone) {
  const browser = createBrowser();
  const view = await (await startRequest(browser, origin, SIGN)).json();
  const stream = await openEvents(browser, `${origin}/iamsmart/requests/${view.id}/events`);
  await throughHosted(browser, origin, issuer, view, 'Approve', phone);
  await stream.until((v) => v.state === 'done');
  return setup.hooked.signed.at(-1);
}

const derOf = (pem) => new X509Certificate(pem).raw.toString('base64');

describe('pushes the server refuses before decrypting anything', () => {
  test('unknown businessID, malformed pushes, a finished request, an anonymous request, another instance\'s request: 4xx, nothing opened', async () => {
    const before = opens.count;
    const unknown = await postPush(origin, forgedPush(certificate(), { businessID: 'x'.repeat(32), content: { businessID: 'x'.repeat(32) } }));
    assert.equal(unknown.status, 404);
    assert.equal((await unknown.json()).error.code, 'invalid_request');
    for (const body of [{}, { businessID: 'a', code: 'OK' }, { businessID: 'a b', code: 'D00000' }, [1]]) {
      assert.equal((await postPush(origin, body)).status, 400, JSON.stringify(body));
    }
    assert.equal((await fetch(`${origin}/iamsmart/callback`, { method: 'POST', body: 'x'.repeat(300_000) })).status, 413);

    const { view, stream, record } = await started(FORM);
    await postPush(origin, forgedPush(certificate(), { businessID: record.businessID, code: 'D40001' }));
    await expectEnded(stream, view, 'denied', 'access_denied');
    const late = await postPush(origin, forgedPush(certificate(), { businessID: record.businessID, content: { businessID: record.businessID, enName: { UnstructuredName: 'CHAN Tai Man' } } }));
    assert.equal(late.status, 404, 'a finished request takes no push');

    const anonymous = await (await startRequest(createBrowser(), origin, FORM)).json();
    const anonymousRecord = await storedRequest(store, anonymous.id);
    assert.equal((await postPush(origin, forgedPush(certificate(), { businessID: anonymousRecord.businessID, content: { businessID: anonymousRecord.businessID } }))).status, 404, 'anonymous requests are never pushed');

    // Instance B with its own store: A's businessID is nobody's there.
    const otherStore = spyStore();
    const b = bed.server(1, { ...setup.options, store: otherStore });
    try {
      const bOpens = countOpens(b);
      assert.equal((await postPush(bed.listeners[1].origin, forgedPush(certificate(), { businessID: anonymousRecord.businessID, content: {} }))).status, 404);
      assert.equal(bOpens.count, 0);
    } finally {
      await b.close();
    }
    assert.equal(opens.count, before, 'no refused push was decrypted');
    assert.equal((await storedRequest(store, anonymous.id)).state, 'hosted', 'the anonymous request is untouched');
  });
});

describe('pushes that do not hold up', () => {
  test('content that does not decrypt (a bad GCM tag): error platform_error, 400', async () => {
    const { view, stream, record } = await started(FORM);
    const response = await postPush(origin, forgedPush(certificate(), { businessID: record.businessID, content: { businessID: record.businessID }, tamper: 'tag' }));
    assert.equal(response.status, 400);
    await expectEnded(stream, view, 'error', 'platform_error');
  });

  test('e-ME: content of another businessID, or with a field not asked for: error form_data_error, nothing stored', async () => {
    for (const content of [
      () => ({ businessID: 'another-request', enName: { UnstructuredName: 'CHAN Tai Man' } }),
      (r) => ({ businessID: r.businessID, enName: { UnstructuredName: 'CHAN Tai Man' }, idNo: { Identification: 'K543210', CheckDigit: '3' } }),
    ]) {
      const { view, stream, record } = await started(FORM);
      const response = await postPush(origin, forgedPush(certificate(), { businessID: record.businessID, content: content(record) }));
      assert.equal(response.status, 502);
      await expectEnded(stream, view, 'error', 'form_data_error');
    }
  });

  test('signing: another hash, a signature that does not verify, a certificate of another resident: signature_invalid / signer_mismatch, SR002', async () => {
    const chan = await realSignature(undefined);
    const lee = createBrowser();
    const leeUrl = new URL('/app/resident', issuer);
    const { press } = await import('../../sandbox/test/helpers.js');
    await press(lee, issuer, await (await lee.request(leeUrl)).text(), leeUrl, 'LEE Ka Yan');
    const leeSigned = await realSignature(lee);
    assert.notEqual(leeSigned.context.openID, chan.context.openID);
    const hooks = { eme: setup.hooked.eme.length, signed: setup.hooked.signed.length };

    const cases = [
      ['another hash', (r) => ({ hashCode: createHash('sha256').update('another').digest('base64'), signature: chan.result.signature, cert: derOf(chan.result.certificateChain[0]), businessID: r.businessID }), 'signature_invalid'],
      ['a signature that does not verify', (r) => {
        const bytes = Buffer.from(chan.result.signature, 'base64');
        bytes[10] ^= 1;
        return { hashCode: HASH, signature: bytes.toString('base64'), cert: derOf(chan.result.certificateChain[0]), businessID: r.businessID };
      }, 'signature_invalid'],
      ['a certificate not from the trust anchors', (r) => ({ hashCode: HASH, signature: chan.result.signature, cert: derOf(bed.party.certificatePem), businessID: r.businessID }), 'signature_invalid'],
      ['another resident\'s certificate and signature', (r) => ({ hashCode: HASH, signature: leeSigned.result.signature, cert: derOf(leeSigned.result.certificateChain[0]), businessID: r.businessID }), 'signer_mismatch'],
      ['another businessID inside', () => ({ hashCode: HASH, signature: chan.result.signature, cert: derOf(chan.result.certificateChain[0]), businessID: 'another' }), 'signature_invalid'],
    ];
    for (const [what, content, code] of cases) {
      const { view, stream, record } = await started(SIGN);
      const response = await postPush(origin, forgedPush(certificate(), { businessID: record.businessID, content: { ...content(record), timestamp: Date.now() } }));
      assert.equal(response.status >= 400 && response.status < 600, true, what);
      const final = await expectEnded(stream, view, 'error', code, { hooks });
      assert.equal(final.error.code, code, what);
      if (what !== 'another businessID inside') {
        const acks = await acksOf(bed, setup.calls);
        assert.deepEqual(acks.at(-1), { businessID: record.businessID, signingResult: 'SR002' }, `${what}: SR002`);
      }
    }
  });
});

describe('how the resident or the platform ends a request', () => {
  test('declined on the hosted page (account: pushed D40001; anonymous: error_code): denied access_denied', async () => {
    const { browser, view, stream } = await started(FORM);
    const { html } = await throughHosted(browser, origin, issuer, view, 'Decline');
    assert.match(html, /You can close this tab/);
    await expectEnded(stream, view, 'denied', 'access_denied');

    const anonymousBrowser = createBrowser();
    const anonymous = await (await startRequest(anonymousBrowser, origin, SIGN)).json();
    const anonymousStream = await openEvents(anonymousBrowser, `${origin}/iamsmart/requests/${anonymous.id}/events`);
    const { landed } = await throughHosted(anonymousBrowser, origin, issuer, anonymous, 'Decline');
    assert.ok(landed.searchParams.get('error_code'));
    await expectEnded(anonymousStream, anonymous, 'denied', 'access_denied');
  });

  test('a wrong identification code picked on the phone stops the signing (D40002): denied code_mismatch', async () => {
    const { phone, view, stream } = await started(SIGN, { receive: true });
    const wrong = (await offeredCodes(phone, issuer)).find((code) => code !== view.identificationCode);
    await throughInbox(phone, issuer, 'Approve', wrong);
    await expectEnded(stream, view, 'denied', 'code_mismatch');
  });

  test('D70005: hkidOf answers another HKID → 403 signer_mismatch, no request stored', async () => {
    const local = spyStore();
    const wrongHkid = bed.server(0, { ...setup.options, store: local, hkidOf: () => 'Z683365(A)' });
    try {
      const browser = createBrowser();
      await logInWithPhone(browser, origin, issuer);
      const response = await startRequest(browser, origin, SIGN);
      assert.equal(response.status, 403);
      assert.equal((await response.json()).error.code, 'signer_mismatch');
      assert.deepEqual(await local.keys('request'), []);
    } finally {
      await wrongHkid.close();
      bed.listeners[0].use(toNodeListener(iams));
    }
  });

  test('the platform\'s timeout (D40003 after the inbox\'s 5 minutes): expired session_expired', async () => {
    const { phone, view, stream } = await started(FORM, { receive: true });
    bed.shift(301_000);
    try {
      // The phone looking at its inbox is what the sandbox checks expiry on, besides its timer.
      assert.deepEqual(await inboxOf(phone, issuer), []);
      await expectEnded(stream, view, 'expired', 'session_expired');
    } finally {
      bed.shift(-301_000);
    }
  });

  test('the server\'s 18-minute window: read as expired (stored once, published), the stream ends; a late push is refused', async () => {
    const { browser, view, stream, record } = await started(FORM);
    const other = await openEvents(browser, `${origin}/iamsmart/requests/${view.id}/events`);
    skew = 18 * 60_000 + 1_000;
    bed.shift(skew);
    try {
      const read = await (await browser.request(`${origin}/iamsmart/requests/${view.id}`)).json();
      assert.equal(read.state, 'expired');
      assert.equal(read.error.code, 'session_expired');
      assert.equal(read.seq, 2);
      await expectEnded(stream, view, 'expired', 'session_expired');
      await expectEnded(other, view, 'expired', 'session_expired');
      assert.equal((await (await browser.request(`${origin}/iamsmart/requests/${view.id}`)).json()).seq, 2, 'expired once');
      assert.equal((await postPush(origin, forgedPush(certificate(), { businessID: record.businessID, code: 'D00000', content: { businessID: record.businessID } }))).status, 404);
    } finally {
      bed.shift(-skew);
      skew = 0;
    }
  });

  test('cancelled by the page: 204, the stream ends cancelled (no error); cancelling again changes nothing', async () => {
    const { browser, view, stream } = await started(SIGN);
    const crossSite = await browser.request(`${origin}/iamsmart/requests/${view.id}/cancel`, { method: 'POST', headers: { 'sec-fetch-site': 'cross-site' } });
    assert.equal(crossSite.status, 403);
    const response = await browser.request(`${origin}/iamsmart/requests/${view.id}/cancel`, { method: 'POST', headers: { origin } });
    assert.equal(response.status, 204);
    const final = await stream.until((v) => v.state === 'cancelled');
    assert.equal(final.data.error, undefined);
    await stream.ended;
    await browser.request(`${origin}/iamsmart/requests/${view.id}/cancel`, { method: 'POST', headers: { origin } });
    assert.equal((await storedRequest(store, view.id)).seq, 2);
  });
});

describe('who may see a request', () => {
  test('another browser (no cookie, another cookie) and another session get 404 for the view, the stream, the hosted page and cancel', async () => {
    const { browser, view } = await started(SIGN);
    const paths = [['GET', ''], ['GET', '/events'], ['GET', '/hosted'], ['POST', '/cancel']];
    const stranger = createBrowser();
    await startRequest(stranger, origin, FORM); // the stranger has a cookie of its own
    for (const who of [undefined, stranger]) {
      for (const [method, tail] of paths) {
        const url = `${origin}/iamsmart/requests/${view.id}${tail}`;
        const init = { method, headers: { 'sec-fetch-site': 'same-origin' } };
        const response = who ? await who.request(url, init) : await fetch(url, { ...init, redirect: 'manual' });
        assert.equal(response.status, 404, `${method} ${tail} ${who ? 'another cookie' : 'no cookie'}`);
        assert.equal((await response.json()).error.code, 'invalid_request');
      }
    }
    assert.equal((await fetch(`${origin}/iamsmart/requests/not-an-id`)).status, 404);

    // The same browser cookie with a new session: not that session's request.
    const sameCookie = createBrowser();
    for (const [key, cookie] of browser.jar) if (cookie.name.includes('iams-browser')) sameCookie.jar.set(key, cookie);
    await logInWithPhone(sameCookie, origin, issuer);
    assert.equal((await sameCookie.request(`${origin}/iamsmart/requests/${view.id}`)).status, 404);
    // Logged out, the browser that asked still reads it.
    await browser.request(`${origin}/iamsmart/logout`, { method: 'POST', headers: { origin } });
    assert.equal((await browser.request(`${origin}/iamsmart/requests/${view.id}`)).status, 200);
    assert.equal((await storedRequest(store, view.id)).state, 'hosted', 'nothing above changed it');
  });

  test('cross-site POST /requests → 403 cross_site_request, nothing stored; methods', async () => {
    const before = (await storedRequests(store)).length;
    for (const headers of [{ 'sec-fetch-site': 'cross-site' }, { 'sec-fetch-site': 'same-site' }, { origin: 'https://evil.example' }, {}]) {
      const response = await fetch(`${origin}/iamsmart/requests`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(FORM) });
      assert.equal(response.status, 403, JSON.stringify(headers));
      assert.equal((await response.json()).error.code, 'cross_site_request');
      assert.equal(response.headers.getSetCookie().length, 0);
    }
    assert.equal((await storedRequests(store)).length, before);
    assert.equal((await fetch(`${origin}/iamsmart/requests`)).status, 405);
    assert.equal((await fetch(`${origin}/iamsmart/requests/${'a'.repeat(43)}/cancel`)).status, 405);
    await wait(0);
  });
});
