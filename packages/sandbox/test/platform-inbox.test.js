// `authByQR: false` (decision 033) against the real bed.sandbox, as a relying party written from
// ../shared/design/PLATFORM.md does it: the resident logs in through getQR with a simulated phone
// that stays signed in and turns on "Receive requests from websites on this phone"; then e-ME and
// signing initiateRequest answer { authByQR: false } and the request waits in that phone's inbox,
// where the resident opens it, checks it and approves or declines; the result is POSTed to the
// registered redirectURI and this test (the relying party's backend) unwraps and decrypts it with
// its own key (node-forge, node:crypto), never with a sandbox helper. Without the setting, on a
// phone signed out or signed in as someone else, the answer is { authByQR: true, ticketID } as before.
// The inbox and a request opened from it are checked in Chromium (axe, reflow, targets) in the three languages.
import assert from 'node:assert/strict';
import { X509Certificate, createHash, verify } from 'node:crypto';
import { existsSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import { CHROMIUM_BIN, launchChromium } from '../../../scripts/chromium.js';
import { createBrowser, formFor, press } from './helpers.js';
import { platformTestBed } from './platform-bed.js';
import { decrypt, inboxOf, logIn as logInAs, newTestRelyingParty, startRelyingPartySite, textOf, unwrapKey } from './platform-support.js';
import { checkScreen, openPhone } from './browser-support.js';

const rpSite = await startRelyingPartySite();
const { received, nextPush } = rpSite;
const RP_ORIGIN = rpSite.origin;
const LOGIN_REDIRECT = `${RP_ORIGIN}/login/callback`;
const RESULT_REDIRECT = `${RP_ORIGIN}/result`;

/** How far the platform's clock is ahead (ms), to see a request expire. */
let skew = 0;
const rp = newTestRelyingParty({
  clientID: 'rp-inbox', redirectUris: [LOGIN_REDIRECT, RESULT_REDIRECT],
  scopes: ['eidapi_auth', 'eidapi_profiles', 'eidapi_formFilling', 'eidapi_sign'],
});
Object.assign(rp.entry, { client_name: 'Sandbox Test Bank', 'client_name#zh-HK': '沙盒測試銀行', 'client_name#zh-CN': '沙盒测试银行' });
const tools = { createBrowser, formFor, press };

const bed = platformTestBed({ site: rpSite, prefix: 'iams-platform-inbox-', parties: [rp], sandboxOptions: { platform: { now: () => Date.now() + skew } } });

const { call } = bed;

const DOCUMENT = Buffer.from('Loan agreement no. 2026-0042 between Sandbox Test Bank and CHAN Tai Man.\n');
const HASH = createHash('sha256').update(DOCUMENT).digest('base64');
const HKIC_HASH = createHash('sha256').update('K543210').digest('base64');
const ALL_SCOPES = 'eidapi_auth eidapi_formFilling eidapi_sign eidapi_profiles';

/** @param {{ accessToken: string, openID: string }} login @param {Record<string, unknown>} [overrides] */
function emeRequest(login, overrides = {}) {
  return {
    businessID: `eme-${Math.random().toString(36).slice(2, 10)}`, accessToken: login.accessToken, openID: login.openID,
    source: 'PC_Browser', redirectURI: RESULT_REDIRECT, state: 'inbox_state-1', lang: 'en-US',
    formName: 'Savings account opening', formNum: 'SB-101', formDesc: 'Open a savings account with your e-ME details',
    eMEFields: ['idNo', 'enName', 'mobileNumber'], ...overrides,
  };
}

/** @param {{ accessToken: string, openID: string }} login @param {Record<string, unknown>} [overrides] */
function signRequest(login, overrides = {}) {
  return {
    businessID: `sign-${Math.random().toString(36).slice(2, 10)}`, accessToken: login.accessToken, openID: login.openID,
    source: 'PC_Browser', redirectURI: RESULT_REDIRECT, state: 'inbox_state-2', hashCode: HASH, HKICHash: HKIC_HASH,
    department: 'Loans Department', serviceName: 'Personal loan', documentName: 'Loan agreement 2026-0042', ...overrides,
  };
}

/** The simulator's home on a phone. @param {ReturnType<typeof createBrowser>} phone @param {string} [query] */
async function home(phone, query = '') {
  const url = new URL(`/app${query}`, bed.sandbox.issuer);
  return { page: await (await phone.request(url)).text(), url };
}

/** Presses a button on the phone's home. @param {ReturnType<typeof createBrowser>} phone @param {string} button */
async function onHome(phone, button) {
  const { page, url } = await home(phone);
  const done = await press(phone, bed.sandbox.issuer, page, url, button);
  assert.equal(done.response.status, 200, `${button}: the home again`);
  return done.response.text();
}

/** Signs the phone in as a resident (the app's sign-in screen). @param {ReturnType<typeof createBrowser>} phone @param {string} name */
async function signInAs(phone, name) {
  const url = new URL('/app/resident', bed.sandbox.issuer);
  const done = await press(phone, bed.sandbox.issuer, await (await phone.request(url)).text(), url, name);
  assert.equal(done.response.status, 200);
}

/** The inbox's links on the phone's home. @param {ReturnType<typeof createBrowser>} phone */
const inbox = (phone) => inboxOf(phone, bed.sandbox.issuer);

/** A phone signed in as CHAN Tai Man that approved a login with every scope; the setting as asked. @param {boolean} receive */
async function loggedInPhone(receive) {
  const phone = createBrowser();
  const login = await logInAs(tools, bed.sandbox.issuer, rp.client, LOGIN_REDIRECT, ALL_SCOPES, phone);
  if (receive) {
    const page = await onHome(phone, 'Turn on');
    assert.match(page, /Receive requests from websites on this phone: <strong>On<\/strong>/);
  }
  return { phone, login };
}

/**
 * Opens the only request in the phone's inbox and answers the request screen.
 * @param {ReturnType<typeof createBrowser>} phone
 * @returns {Promise<{ page: string, location: URL }>}
 */
async function openOnly(phone) {
  const items = await inbox(phone);
  assert.equal(items.length, 1, 'one request in the inbox');
  const opened = await phone.follow(new URL(items[0].href, bed.sandbox.issuer), bed.sandbox.issuer);
  assert.equal(opened.response.status, 200);
  return { page: await opened.response.text(), location: opened.location };
}

/** The push body, parsed. @param {Promise<{ body: string } | undefined>} pushed */
async function pushBody(pushed) {
  const push = await pushed;
  assert.ok(push, 'the result was pushed to the redirectURI');
  return JSON.parse(push.body);
}

describe('authByQR false: requests go to the inbox of the phone that approved the login', () => {
  test('the setting is off by default: e-ME and signing still answer authByQR true with a ticketID, and the inbox stays empty', async () => {
    const { phone, login } = await loggedInPhone(false);
    const { page } = await home(phone);
    assert.match(page, /Receive requests from websites on this phone: <strong>Off<\/strong>/);
    for (const [path, body] of /** @type {const} */ ([
      ['/api/v1/account/eme/initiateRequest', emeRequest(login)], ['/api/v1/account/signing/initiateRequest', signRequest(login)],
    ])) {
      const answer = await call(path, body);
      assert.equal(answer.code, 'D00000', answer.message);
      assert.equal(answer.result.authByQR, true);
      assert.equal(typeof answer.result.ticketID, 'string');
    }
    assert.deepEqual(await inbox(phone), []);
    assert.match((await home(phone)).page, /No requests are waiting\./);
  });

  test('e-ME: authByQR false without a ticketID; the phone shows the site, origin, form and each value; Approve → the push decrypts to those values', async () => {
    const { phone, login } = await loggedInPhone(true);
    const request = emeRequest(login);
    const answer = await call('/api/v1/account/eme/initiateRequest', request);
    assert.equal(answer.code, 'D00000', answer.message);
    assert.deepEqual(answer.result, { authByQR: false });

    const { page: homePage } = await home(phone);
    assert.deepEqual((await inbox(phone)).map(({ text }) => text), ['Fill a form: Sandbox Test Bank']);
    assert.ok(homePage.includes(RP_ORIGIN), 'the inbox names where the request comes from');
    const { page, location } = await openOnly(phone);
    assert.match(page, /<h1[^>]*>Fill with iAM Smart<\/h1>/);
    assert.match(page, /Sandbox Test Bank/);
    assert.ok(page.includes(RP_ORIGIN));
    assert.match(page, /Savings account opening/);
    assert.match(page, /SB-101/);
    assert.match(page, /K543210/);
    assert.match(page, /\+852 9123 4567/);
    assert.match(page, /sent this request to this phone/);
    assert.doesNotMatch(page, /Which identification code/, 'no code to match: the website shows none');
    assert.doesNotMatch(page, /id="context-heading"/, 'no browser started it, so no browser context is claimed');

    const pushed = nextPush(5000);
    const done = await press(phone, bed.sandbox.issuer, page, location, 'Approve');
    assert.match(await done.response.text(), /Details given/);
    const body = await pushBody(pushed);
    assert.deepEqual([body.code, body.businessID], ['D00000', request.businessID]);
    const content = JSON.parse(decrypt(unwrapKey(rp.client.privateKeyPem, body.secretKey), body.content));
    assert.deepEqual(content.idNo, { Identification: 'K543210', CheckDigit: '3' });
    assert.deepEqual(content.enName, { UnstructuredName: 'CHAN Tai Man' });
    assert.deepEqual(content.mobileNumber, { CountryCode: '852', SubscriberNumber: '91234567' });
    assert.deepEqual(Object.keys(content).sort(), ['businessID', 'enName', 'idNo', 'mobileNumber', 'openID']);
    assert.deepEqual(await inbox(phone), [], 'an answered request leaves the inbox');
  });

  test('e-ME Decline from the inbox → D40001, no content', async () => {
    const { phone, login } = await loggedInPhone(true);
    const request = emeRequest(login);
    assert.deepEqual((await call('/api/v1/account/eme/initiateRequest', request)).result, { authByQR: false });
    const { page, location } = await openOnly(phone);
    const pushed = nextPush(5000);
    await press(phone, bed.sandbox.issuer, page, location, 'Decline');
    const body = await pushBody(pushed);
    assert.deepEqual([body.code, body.businessID, body.content, body.secretKey], ['D40001', request.businessID, undefined, undefined]);
  });

  test('signing: the answer carries the identification code the website shows; the phone asks which code, then shows the document and its fingerprint; Approve → a signature that verifies', async () => {
    const { phone, login } = await loggedInPhone(true);
    const request = signRequest(login);
    const answer = await call('/api/v1/account/signing/initiateRequest', request);
    assert.equal(answer.code, 'D00000', answer.message);
    assert.equal(answer.result.authByQR, false);
    assert.equal(answer.result.ticketID, undefined);
    const code = answer.result.identificationCode;
    assert.match(code, /^\d{4}-\d{4}$/);

    assert.deepEqual((await inbox(phone)).map(({ text }) => text), ['Sign a document: Sandbox Test Bank']);
    const { page, location } = await openOnly(phone);
    assert.match(page, /Which identification code does the website show\?/);
    assert.ok(page.includes(`>${code}</button>`), 'the code the relying party shows is among the choices');
    assert.match(page, /Loan agreement 2026-0042/);
    const fingerprint = /** @type {string} */ (Buffer.from(HASH, 'base64').subarray(0, 8).toString('hex').toUpperCase().match(/.{4}/g)?.join(' '));
    assert.ok(page.includes(fingerprint), 'the hash\'s fingerprint is shown');

    const matched = await press(phone, bed.sandbox.issuer, page, location, code);
    const pushed = nextPush(5000);
    await press(phone, bed.sandbox.issuer, await matched.response.text(), matched.location, 'Approve');
    const body = await pushBody(pushed);
    assert.deepEqual([body.code, body.businessID], ['D00000', request.businessID]);
    const content = JSON.parse(decrypt(unwrapKey(rp.client.privateKeyPem, body.secretKey), body.content));
    const certificate = new X509Certificate(Buffer.from(content.cert, 'base64'));
    assert.ok(verify('sha256', DOCUMENT, certificate.publicKey, Buffer.from(content.signature, 'base64')), 'the signature verifies over the document');
  });

  test('signing: choosing a code the website does not show stops the request → D40002 (the simulator\'s "failed"); Decline → D40001', async () => {
    const { phone, login } = await loggedInPhone(true);
    const stopped = signRequest(login);
    const { identificationCode } = (await call('/api/v1/account/signing/initiateRequest', stopped)).result;
    const { page, location } = await openOnly(phone);
    const wrong = /** @type {string} */ ([...page.matchAll(/class="code-choice" translate="no">([\d-]+)</g)].map(([, choice]) => choice).find((choice) => choice !== identificationCode));
    const pushed = nextPush(5000);
    const after = await press(phone, bed.sandbox.issuer, page, location, wrong);
    assert.match(await after.response.text(), /stopped|not the one/i);
    const body = await pushBody(pushed);
    assert.deepEqual([body.code, body.businessID, body.content], ['D40002', stopped.businessID, undefined]);

    const declined = signRequest(login);
    const code = (await call('/api/v1/account/signing/initiateRequest', declined)).result.identificationCode;
    const next = await openOnly(phone);
    const matched = await press(phone, bed.sandbox.issuer, next.page, next.location, code);
    const declinePush = nextPush(5000);
    await press(phone, bed.sandbox.issuer, await matched.response.text(), matched.location, 'Decline');
    assert.deepEqual([(await pushBody(declinePush)).code], ['D40001']);
  });

  test('the phone signed out, or signed in as someone else, gets nothing: authByQR true again', async () => {
    const { phone, login } = await loggedInPhone(true);
    await onHome(phone, 'Sign out of the app');
    assert.match((await home(phone)).page, /No resident is signed in to the app on this phone\./);
    const signedOut = await call('/api/v1/account/eme/initiateRequest', emeRequest(login));
    assert.equal(signedOut.result.authByQR, true);
    assert.equal(typeof signedOut.result.ticketID, 'string');

    await signInAs(phone, 'LEE Ka Yan');
    const otherResident = await call('/api/v1/account/signing/initiateRequest', signRequest(login));
    assert.equal(otherResident.result.authByQR, true, 'LEE Ka Yan\'s phone does not get CHAN Tai Man\'s request');
    assert.deepEqual(await inbox(phone), []);

    await signInAs(phone, 'CHAN Tai Man');
    assert.deepEqual((await call('/api/v1/account/eme/initiateRequest', emeRequest(login))).result, { authByQR: false }, 'back as CHAN Tai Man: the inbox again');
  });

  test('another phone of the same resident, with the setting on, is not the login\'s phone: authByQR true, and it cannot open the request by its id', async () => {
    const { phone, login } = await loggedInPhone(false);
    const { phone: other } = await loggedInPhone(true);
    assert.equal((await call('/api/v1/account/eme/initiateRequest', emeRequest(login))).result.authByQR, true);
    assert.deepEqual(await inbox(other), []);

    await onHome(phone, 'Turn on');
    assert.equal((await call('/api/v1/account/eme/initiateRequest', emeRequest(login))).result.authByQR, false);
    const [{ href }] = await inbox(phone);
    const foreign = await other.request(new URL(href, bed.sandbox.issuer));
    assert.equal(foreign.status, 404, 'another phone cannot open it');
    const opened = await other.request(new URL(href.replace('/app/inbox/', '/app/request/'), bed.sandbox.issuer));
    assert.equal(opened.status, 404, 'nor its request screen');
  });

  test('expired: after the ticket\'s 5 minutes the request leaves the inbox and D40003 is pushed, once', async () => {
    const { phone, login } = await loggedInPhone(true);
    const request = emeRequest(login);
    assert.equal((await call('/api/v1/account/eme/initiateRequest', request)).result.authByQR, false);
    assert.equal((await inbox(phone)).length, 1);
    const pushed = nextPush(5000);
    const before = received.length;
    skew = 301_000;
    try {
      assert.deepEqual(await inbox(phone), [], 'gone from the inbox');
      const body = await pushBody(pushed);
      assert.deepEqual([body.code, body.businessID, body.content], ['D40003', request.businessID, undefined]);
      await home(phone);
      await new Promise((resolve) => { setTimeout(resolve, 200); });
      assert.equal(received.length, before + 1, 'one push per request');
    } finally {
      skew = 0;
    }
  });

  test('the setting form refuses a forged value and a missing CSRF token, and changes nothing', async () => {
    const { phone, login } = await loggedInPhone(false);
    const { page, url } = await home(phone);
    const { fields } = formFor(page, 'Turn on');
    fields.set('receiveRequests', 'always');
    const forged = await phone.request(new URL('/app/settings', url), { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: fields.toString() });
    assert.equal(forged.status, 400);
    fields.set('receiveRequests', 'on');
    fields.set('csrf', 'x');
    const noCsrf = await phone.request(new URL('/app/settings', url), { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: fields.toString() });
    assert.equal(noCsrf.status, 403);
    assert.equal((await call('/api/v1/account/eme/initiateRequest', emeRequest(login))).result.authByQR, true);
  });
});

const skip = existsSync(CHROMIUM_BIN) ? false : `${CHROMIUM_BIN} is not installed`;

describe('the inbox in Chromium', { skip }, () => {
  /** @type {import('playwright-core').Browser} */
  let browser;
  before(async () => {
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
  });

  /**
   * A login approved on a Chromium phone (typed identification code), then getToken.
   * @param {import('playwright-core').Page} page
   */
  async function logInOn(page) {
    const desktop = createBrowser();
    const url = new URL('/api/v1/auth/getQR', bed.sandbox.issuer);
    for (const [name, value] of Object.entries({
      clientID: rp.client.clientID, responseType: 'code', source: 'PC_Browser', redirectURI: LOGIN_REDIRECT, scope: ALL_SCOPES, lang: 'en-US', state: 'login1',
    })) url.searchParams.set(name, value);
    const hosted = await (await desktop.request(url)).text();
    const ticket = /getQR\/continue\?ticket=([\w-]+)/.exec(hosted)?.[1];
    await page.goto(new URL('/app/code', bed.sandbox.issuer).href);
    await page.getByLabel('Identification code (8 digits)').fill(/** @type {string} */ (textOf(hosted, 'user-code')));
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.getByRole('button', { name: 'CHAN Tai Man', exact: true }).click();
    await page.getByRole('button', { name: 'Approve' }).click();
    await page.getByRole('heading', { level: 1 }).waitFor();
    const status = await (await desktop.request(new URL(`/api/v1/auth/getQR/status?ticket=${ticket}`, bed.sandbox.issuer))).json();
    const landed = new URL(/** @type {string} */ ((await desktop.request(new URL(status.next, bed.sandbox.issuer))).headers.get('location')));
    const token = await call('/api/v1/auth/getToken', { code: landed.searchParams.get('code'), grantType: 'authorization_code' });
    return { accessToken: token.result.accessToken, openID: token.result.openID };
  }

  /** @type {[string, string, string, string, string, (login: { accessToken: string, openID: string }) => Promise<unknown>][]} */
  const cases = [
    ['en', 'Turn on', 'Fill a form: Sandbox Test Bank', 'Fill with iAM Smart', 'Approve',
      (login) => call('/api/v1/account/eme/initiateRequest', emeRequest(login))],
    ['zh-HK', '啟用', '簽署文件：沙盒測試銀行', '簽署文件', '拒絕',
      (login) => call('/api/v1/account/signing/initiateRequest', signRequest(login))],
    ['zh-CN', '启用', '提供个人资料：沙盒测试银行', '提供个人资料', '批准',
      (login) => call('/api/v1/account/auth/profile/initiateRequest', {
        businessID: 'profile-zh-cn', accessToken: login.accessToken, openID: login.openID, source: 'PC_Browser',
        redirectURI: RESULT_REDIRECT, state: 'st', lang: 'zh-CN', profileFields: ['enName', 'chName', 'birthDate'],
      })],
  ];
  for (const [lang, turnOn, item, title, decision, initiate] of cases) {
    test(`${lang}: the inbox and the request opened from it pass axe, reflow and target size; ${decision} pushes the result`, async () => {
      const phone = await openPhone(browser);
      try {
        const login = await logInOn(phone.page);
        await phone.page.goto(new URL(`/app?lang=${lang}`, bed.sandbox.issuer).href);
        await phone.page.getByRole('button', { name: turnOn, exact: true }).click();
        const answer = /** @type {{ result: { authByQR: boolean, identificationCode?: string } }} */ (await initiate(login));
        assert.equal(answer.result.authByQR, false);
        await phone.page.goto(new URL(`/app?lang=${lang}`, bed.sandbox.issuer).href);
        const link = phone.page.getByRole('link', { name: item });
        await link.waitFor();
        await checkScreen(phone.page, `platform-inbox-${lang}`);
        await link.click();
        if (answer.result.identificationCode) {
          await checkScreen(phone.page, `platform-inbox-sign-choose-${lang}`);
          await phone.page.getByRole('button', { name: answer.result.identificationCode, exact: true }).click();
        }
        if (title) await phone.page.getByRole('heading', { level: 1, name: title }).waitFor();
        await phone.page.getByRole('button', { name: decision }).waitFor();
        await checkScreen(phone.page, `platform-inbox-request-${lang}`);
        const pushed = nextPush(5000);
        await phone.page.getByRole('button', { name: decision }).click();
        const body = await pushBody(pushed);
        assert.equal(body.code, decision === '拒絕' ? 'D40001' : 'D00000');
        assert.deepEqual(phone.problems, []);
      } finally {
        await phone.context.close();
      }
    });
  }
});
