// e-ME form filling against the real bed.sandbox, as a relying party written from
// ../shared/design/PLATFORM.md does it: log in through getQR (typed identification code), getToken,
// then POST /api/v1/account/eme/initiateRequest → { authByQR, ticketID }; the browser goes through
// getQR with the ticketID, the resident sees the form and each field's value in the phone simulator
// and approves or declines; the result is POSTed to the registered redirectURI and this test (the
// relying party's backend) unwraps secretKey with node-forge and decrypts content with node:crypto,
// never with a sandbox helper.
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { before, describe, test } from 'node:test';
import { createBrowser, formFor, press } from './helpers.js';
import { platformTestBed } from './platform-bed.js';
import { decrypt, logIn as logInAs, newTestRelyingParty, startRelyingPartySite, textOf, throughHostedPage as throughHostedPageAs, unwrapKey } from './platform-support.js';
import { createPusher } from '../src/platform/push.js';

const rpSite = await startRelyingPartySite();
const { received, nextPush } = rpSite;
const RP_ORIGIN = rpSite.origin;
const LOGIN_REDIRECT = `${RP_ORIGIN}/login/callback`;
const EME_REDIRECT = `${RP_ORIGIN}/eme/result`;

/** How far the platform's clock is ahead (ms), to see a page expire. */
let skew = 0;
const rp = newTestRelyingParty({ clientID: 'rp-eme', redirectUris: [LOGIN_REDIRECT, EME_REDIRECT], scopes: ['eidapi_auth', 'eidapi_profiles', 'eidapi_formFilling'] });
rp.entry.client_name = /** @type {any} */ ('Sandbox Test Bank');
const tools = { createBrowser, formFor, press };

const bed = platformTestBed({ site: rpSite, prefix: 'iams-platform-eme-', parties: [rp], sandboxOptions: { platform: { now: () => Date.now() + skew } } });

const { call } = bed;

/** @param {URL} getQr @param {'Approve' | 'Decline'} decision @param {(requestPage: string) => void} [look] */
const throughHostedPage = (getQr, decision, look) => throughHostedPageAs(tools, bed.sandbox.issuer, getQr, decision, look);

/** @param {string} scope */
const logIn = (scope) => logInAs(tools, bed.sandbox.issuer, rp.client, LOGIN_REDIRECT, scope);

/** @type {{ accessToken: string, openID: string }} */
let session;
/** @type {{ accessToken: string, openID: string }} */
let loginOnly;

/** @param {Record<string, unknown>} [overrides] */
function emeRequest(overrides = {}) {
  return {
    businessID: `biz-${received.length}-${Math.random().toString(36).slice(2, 8)}`, accessToken: session.accessToken, openID: session.openID,
    source: 'PC_Browser', redirectURI: EME_REDIRECT, state: 'eme_state-1', lang: 'en-US',
    formName: 'Savings account opening', formNum: 'SB-101', formDesc: 'Open a savings account with your e-ME details',
    eMEFields: ['idNo', 'enName', 'chName', 'mobileNumber', 'residentialAddress'], ...overrides,
  };
}

/** @param {string} ticketID */
function getQrWithTicket(ticketID) {
  const url = new URL('/api/v1/auth/getQR', bed.sandbox.issuer);
  url.searchParams.set('clientID', rp.client.clientID);
  url.searchParams.set('ticketID', ticketID);
  return url;
}

describe('e-ME form filling for a logged-in resident, result pushed to the relying party', () => {
  before(async () => {
    session = await logIn('eidapi_auth eidapi_formFilling');
    loginOnly = await logIn('eidapi_auth');
  });

  test('approved: the browser carries only state; the push decrypts, with the relying party\'s own key, to the resident\'s values', async () => {
    const request = emeRequest();
    const initiated = await call('/api/v1/account/eme/initiateRequest', request);
    assert.equal(initiated.code, 'D00000', initiated.message);
    assert.equal(initiated.result.authByQR, true);
    assert.equal(typeof initiated.result.ticketID, 'string');

    const pushed = nextPush(5000);
    const landed = await throughHostedPage(getQrWithTicket(initiated.result.ticketID), 'Approve', (page) => {
      assert.match(page, /Sandbox Test Bank/);
      assert.match(page, new RegExp(RP_ORIGIN));
      assert.match(page, /Savings account opening/);
      assert.match(page, /SB-101/);
      assert.match(page, /K543210/, 'the HKIC number the resident is about to give is shown');
      assert.match(page, /\+852 9123 4567/, 'and the mobile number');
    });
    assert.equal(landed.origin + landed.pathname, EME_REDIRECT);
    assert.deepEqual([...landed.searchParams.keys()], ['state'], 'no data in the URL');
    assert.equal(landed.searchParams.get('state'), 'eme_state-1');

    const push = /** @type {{ url: string, body: string } | undefined} */ (await pushed);
    assert.ok(push, 'the result was pushed to the redirectURI');
    assert.equal(push.url, '/eme/result');
    const body = JSON.parse(push.body);
    assert.equal(body.code, 'D00000');
    assert.equal(typeof body.txID, 'string');
    assert.equal(body.businessID, request.businessID);
    const key = unwrapKey(rp.client.privateKeyPem, body.secretKey);
    assert.equal(key.length, 32);
    assert.notDeepEqual(key, rp.client.contentKey, 'a fresh content key, not the API key');
    const content = JSON.parse(decrypt(key, body.content));
    assert.equal(content.businessID, request.businessID);
    assert.equal(content.openID, session.openID);
    assert.deepEqual(content.idNo, { Identification: 'K543210', CheckDigit: '3' });
    assert.deepEqual(content.enName, { UnstructuredName: 'CHAN Tai Man' });
    assert.deepEqual(content.chName, { ChineseName: '陳大文' });
    assert.deepEqual(content.mobileNumber, { CountryCode: '852', SubscriberNumber: '91234567' });
    assert.equal(content.residentialAddress.EngPremisesAddress.Building, 'Sandbox Garden');
    assert.equal(content.residentialAddress.ChiPremisesAddress.District, '沙田區');
    assert.deepEqual(Object.keys(content).sort(), ['businessID', 'chName', 'enName', 'idNo', 'mobileNumber', 'openID', 'residentialAddress'],
      'only the fields asked for');
  });

  test('the e-ME page changes language in place (same code) and offers no new code for a used ticket', async () => {
    const initiated = await call('/api/v1/account/eme/initiateRequest', emeRequest());
    const browser = createBrowser();
    const page = await (await browser.request(getQrWithTicket(initiated.result.ticketID))).text();
    assert.doesNotMatch(page, /id="new-code"/);
    const chinese = /href="([^"]*lang=zh-HK[^"]*)"/.exec(page)?.[1]?.replace(/&amp;/g, '&');
    assert.ok(chinese?.startsWith('/api/v1/auth/getQR/continue?ticket='), chinese);
    const shown = await (await browser.request(new URL(chinese, bed.sandbox.issuer))).text();
    assert.match(shown, /<html lang="zh-HK"/);
    assert.equal(textOf(shown, 'user-code'), textOf(page, 'user-code'));
  });

  test('the ticketID works once', async () => {
    const initiated = await call('/api/v1/account/eme/initiateRequest', emeRequest());
    const url = getQrWithTicket(initiated.result.ticketID);
    assert.equal((await fetch(url)).status, 200);
    const again = await fetch(url);
    assert.equal(again.status, 400);
    assert.equal(textOf(await again.text(), 'error-code'), 'D60004');
  });

  test('declined: the push says D40001 with the businessID and no content or key', async () => {
    const request = emeRequest();
    const initiated = await call('/api/v1/account/eme/initiateRequest', request);
    const pushed = nextPush(5000);
    const landed = await throughHostedPage(getQrWithTicket(initiated.result.ticketID), 'Decline');
    assert.deepEqual([...landed.searchParams.keys()], ['state']);
    const push = /** @type {{ body: string } | undefined} */ (await pushed);
    assert.ok(push);
    const body = JSON.parse(push.body);
    assert.equal(body.code, 'D40001');
    assert.equal(body.businessID, request.businessID);
    assert.equal(body.content, undefined);
    assert.equal(body.secretKey, undefined);
  });

  /**
   * An e-ME request's hosted page, left without the app: the page's ticket.
   * @returns {Promise<{ ticket: string, businessID: string, browser: ReturnType<typeof createBrowser> }>}
   */
  async function openPage() {
    const request = emeRequest();
    const initiated = await call('/api/v1/account/eme/initiateRequest', request);
    const browser = createBrowser();
    const page = await (await browser.request(getQrWithTicket(initiated.result.ticketID))).text();
    const ticket = /getQR\/continue\?ticket=([\w-]+)/.exec(page)?.[1];
    assert.ok(ticket);
    return { ticket, businessID: String(request.businessID), browser };
  }

  test('cancelled on the page: the browser goes back with state, the push says D40000 without content', async () => {
    const { ticket, businessID, browser } = await openPage();
    const pushed = nextPush(5000);
    const left = await browser.request(new URL(`/api/v1/auth/getQR/cancel?ticket=${ticket}`, bed.sandbox.issuer));
    assert.equal(left.status, 303);
    const landed = new URL(/** @type {string} */ (left.headers.get('location')));
    assert.deepEqual([...landed.searchParams.keys()], ['state']);
    const body = JSON.parse(/** @type {{ body: string }} */ (await pushed).body);
    assert.deepEqual([body.code, body.businessID, body.content, body.secretKey], ['D40000', businessID, undefined, undefined]);
  });

  test('expired: the push says D40003 without content, once', async () => {
    const { ticket, businessID, browser } = await openPage();
    const pushed = nextPush(5000);
    const before = received.length;
    skew = 121_000;
    try {
      const status = await (await browser.request(new URL(`/api/v1/auth/getQR/status?ticket=${ticket}`, bed.sandbox.issuer))).json();
      assert.equal(status.status, 'expired');
      const body = JSON.parse(/** @type {{ body: string }} */ (await pushed).body);
      assert.deepEqual([body.code, body.businessID, body.content], ['D40003', businessID, undefined]);
      await browser.request(new URL(`/api/v1/auth/getQR/status?ticket=${ticket}`, bed.sandbox.issuer));
      await browser.request(new URL(`/api/v1/auth/getQR/cancel?ticket=${ticket}`, bed.sandbox.issuer));
      await new Promise((resolve) => { setTimeout(resolve, 200); });
      assert.equal(received.length, before + 1, 'one push per request');
    } finally {
      skew = 0;
    }
  });

  /** @type {[string, () => Record<string, unknown>, string][]} */
  const refusals = [
    ['a token granted without eidapi_formFilling', () => emeRequest({ accessToken: loginOnly.accessToken, openID: loginOnly.openID }), 'D60003'],
    ['an openID that is not the token\'s resident', () => emeRequest({ openID: loginOnly.openID.replace(/.$/, (c) => (c === 'A' ? 'B' : 'A')) }), 'D50001'],
    ['an unknown e-ME field', () => emeRequest({ eMEFields: ['idNo', 'bloodType'] }), 'D60002'],
    ['a field named twice', () => emeRequest({ eMEFields: ['idNo', 'idNo'] }), 'D60002'],
    ['a businessID over 36 characters', () => emeRequest({ businessID: 'b'.repeat(37) }), 'D60001'],
    ['an unregistered redirectURI', () => emeRequest({ redirectURI: `${RP_ORIGIN}/elsewhere` }), 'D20008'],
    ['a state over 36 characters', () => emeRequest({ state: 's'.repeat(37) }), 'D60001'],
    ['an unknown access token', () => emeRequest({ accessToken: 'not-a-token' }), 'D29023'],
    ['no access token', () => emeRequest({ accessToken: undefined }), 'D20009'],
  ];
  for (const [name, body, code] of refusals) {
    test(`refused: ${name} → ${code}, no ticket, nothing pushed`, async () => {
      const before = received.length;
      const answer = await call('/api/v1/account/eme/initiateRequest', body());
      assert.equal(answer.code, code, answer.message);
      assert.equal(answer.content, undefined);
      assert.equal(received.length, before);
    });
  }
  test('a businessID of exactly 36 characters is accepted', async () => {
    assert.equal((await call('/api/v1/account/eme/initiateRequest', emeRequest({ businessID: 'b'.repeat(36) }))).code, 'D00000');
  });
});

describe('anonymous e-ME: initiateRequest, getQR with the ticketID, code, getToken, getResult', () => {
  /** @param {Record<string, unknown>} [overrides] */
  function anonymousRequest(overrides = {}) {
    return {
      businessID: `anon-${Math.random().toString(36).slice(2, 10)}`, source: 'PC_Browser', redirectURI: EME_REDIRECT, state: 'anon_1', lang: 'en-US',
      formName: 'Library card', formNum: 'LIB-7', formDesc: 'A library card without an account', eMEFields: ['enName', 'emailAddress'], ...overrides,
    };
  }

  test('approved: code + state at the redirectURI, nothing pushed; getResult answers the fields, decrypted independently', async () => {
    const request = anonymousRequest();
    const before = received.length;
    const initiated = await call('/api/v1/anonymous/eme/initiateRequest', request);
    assert.equal(initiated.code, 'D00000', initiated.message);
    assert.equal(initiated.result.authByQR, true);
    const landed = await throughHostedPage(getQrWithTicket(initiated.result.ticketID), 'Approve', (page) => {
      assert.match(page, /Library card/);
      assert.match(page, /chan\.taiman@example\.com/);
    });
    assert.equal(landed.searchParams.get('state'), 'anon_1');
    const code = landed.searchParams.get('code');
    assert.ok(code);
    const token = await call('/api/v1/auth/getToken', { code, grantType: 'authorization_code' });
    assert.equal(token.code, 'D00000');
    const result = await call('/api/v1/anonymous/eme/getResult', { accessToken: token.result.accessToken, businessID: request.businessID });
    assert.equal(result.code, 'D00000', result.message);
    assert.deepEqual(result.result, { businessID: request.businessID, enName: { UnstructuredName: 'CHAN Tai Man' }, emailAddress: 'chan.taiman@example.com' });
    assert.equal(received.length, before, 'nothing pushed for an anonymous request');

    const wrong = await call('/api/v1/anonymous/eme/getResult', { accessToken: token.result.accessToken, businessID: 'another' });
    assert.deepEqual([wrong.code, wrong.content], ['D60001', undefined]);
    const asLogin = await call('/api/v1/account/eme/initiateRequest', emeRequest({ accessToken: token.result.accessToken, openID: token.result.openID }));
    assert.equal(asLogin.code, 'D29023', 'an anonymous e-ME token is no login');
    const loginToken = await call('/api/v1/anonymous/eme/getResult', { accessToken: session.accessToken, businessID: request.businessID });
    assert.equal(loginToken.code, 'D29023', 'a login token reads no anonymous result');
  });

  test('declined: error_code D20001 + state, as a login', async () => {
    const initiated = await call('/api/v1/anonymous/eme/initiateRequest', anonymousRequest());
    const landed = await throughHostedPage(getQrWithTicket(initiated.result.ticketID), 'Decline');
    assert.equal(landed.searchParams.get('error_code'), 'D20001');
    assert.equal(landed.searchParams.get('code'), null);
  });

  test('the same parameter checks: a businessID over 36, an unregistered redirectURI, an unknown field', async () => {
    assert.equal((await call('/api/v1/anonymous/eme/initiateRequest', anonymousRequest({ businessID: 'x'.repeat(37) }))).code, 'D60001');
    assert.equal((await call('/api/v1/anonymous/eme/initiateRequest', anonymousRequest({ redirectURI: `${RP_ORIGIN}/x` }))).code, 'D20008');
    assert.equal((await call('/api/v1/anonymous/eme/initiateRequest', anonymousRequest({ eMEFields: ['shoeSize'] }))).code, 'D60002');
  });
});

describe('push delivery when the relying party is slow, failing or down (push.js policy, short delays)', () => {
  /**
   * A relying party answering each POST with the next status in `statuses` (then 200).
   * @param {number[]} statuses @returns {Promise<{ url: string, hits: string[], close: () => void }>}
   */
  async function flakyServer(statuses) {
    /** @type {string[]} */
    const hits = [];
    const server = createServer((request, response) => {
      let body = '';
      request.on('data', (chunk) => { body += chunk; });
      request.on('end', () => {
        hits.push(body);
        const status = statuses.shift() ?? 200;
        response.writeHead(status, status === 302 ? { location: 'http://127.0.0.1:1/elsewhere' } : {});
        response.end();
      });
    });
    await new Promise((resolve) => { server.listen(0, '127.0.0.1', () => resolve(undefined)); });
    return { url: `http://127.0.0.1:${/** @type {import('node:net').AddressInfo} */ (server.address()).port}/eme/result`, hits, close: () => server.close() };
  }
  const quick = { retryDelaysMs: [1, 1], sleep: () => Promise.resolve() };

  test('a 503 then a 200: delivered on the second attempt, the same body', async () => {
    const site = await flakyServer([503]);
    assert.equal(await createPusher(quick).deliver(site.url, { code: 'D00000' }), true);
    assert.equal(site.hits.length, 2);
    assert.equal(site.hits[0], site.hits[1]);
    site.close();
  });

  test('never a 2xx: three attempts (one plus each delay), then dropped', async () => {
    const site = await flakyServer([500, 500, 500, 500]);
    assert.equal(await createPusher(quick).deliver(site.url, { code: 'D00000' }), false);
    assert.equal(site.hits.length, 3);
    site.close();
  });

  test('a redirect is not followed (it counts as not delivered)', async () => {
    const site = await flakyServer([302, 302, 302]);
    assert.equal(await createPusher(quick).deliver(site.url, { code: 'D00000' }), false);
    assert.equal(site.hits.length, 3);
    site.close();
  });

  test('a relying party that is down, or too slow for the timeout: not delivered, no throw', async () => {
    const down = await flakyServer([]);
    down.close();
    assert.equal(await createPusher(quick).deliver(down.url, { code: 'D00000' }), false);
    const slow = createServer(() => { /* never answers */ });
    await new Promise((resolve) => { slow.listen(0, '127.0.0.1', () => resolve(undefined)); });
    const url = `http://127.0.0.1:${/** @type {import('node:net').AddressInfo} */ (slow.address()).port}/`;
    assert.equal(await createPusher({ ...quick, retryDelaysMs: [], timeoutMs: 200 }).deliver(url, {}), false);
    slow.closeAllConnections();
    slow.close();
  });
});
