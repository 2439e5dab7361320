// The real platform's login against the real sandbox, as a relying party written from
// ../shared/design/PLATFORM.md does it: the browser goes to the hosted page GET /api/v1/auth/getQR,
// the resident opens it in the phone simulator (the QR read from the page's pixels in Chromium,
// or the identification code typed), matches the code and approves or declines; the browser lands
// on redirectURI with code + state (or error_code + state); the backend exchanges the code at
// getToken and reads the profile, every request signed and encrypted by the independent test
// client (platform-support.js, node:crypto + node-forge, no sandbox helper).
// The functions passed to page.evaluate run in the page.
/* global document */
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import jsQR from 'jsqr';
import { PNG } from 'pngjs';
import { CHROMIUM_BIN, launchChromium } from '../../../scripts/chromium.js';
import { createBrowser, formFor, press, startTestSandbox } from './helpers.js';
import { checkScreen, openPhone } from './browser-support.js';
import { callPlatform, clientsFileWith, getKey, newTestRelyingParty, startRelyingPartySite, textOf, throughHostedPage } from './platform-support.js';

/** The relying party's own site: a server that answers its callback with a small page. */
const rpSite = await startRelyingPartySite();
const RP_ORIGIN = rpSite.origin;
const REDIRECT = `${RP_ORIGIN}/login/callback`;

/** @type {Awaited<ReturnType<typeof startTestSandbox>>} */
let sandbox;
/** @type {Awaited<ReturnType<typeof clientsFileWith>> | undefined} */
let clients;
/** How far the platform's clock is ahead (ms), to see codes expire. */
let skew = 0;
const rp = newTestRelyingParty({ clientID: 'rp-login', redirectUris: [REDIRECT], scopes: ['eidapi_auth', 'eidapi_profiles'] });
rp.entry.client_name = /** @type {any} */ ('Sandbox Test Bank');
const other = newTestRelyingParty({ clientID: 'rp-other', redirectUris: ['http://localhost:18444/cb'], scopes: ['eidapi_auth'] });

before(async () => {
  clients = await clientsFileWith('iams-platform-login-', [rp.entry, other.entry]);
  const { clientsFile } = clients;
  sandbox = await startTestSandbox({ clientsFile, platform: { now: () => Date.now() + skew } });
  await getKey(sandbox.issuer, rp.client);
  await getKey(sandbox.issuer, other.client);
});

after(async () => {
  await sandbox?.stop();
  rpSite.close();
  await clients?.remove();
});

/**
 * The getQR address a relying party sends the browser to.
 * @param {Record<string, string | undefined>} [overrides] undefined leaves a parameter out
 */
function getQrUrl(overrides = {}) {
  const url = new URL('/api/v1/auth/getQR', sandbox.issuer);
  const params = {
    clientID: rp.client.clientID, responseType: 'code', source: 'PC_Browser', redirectURI: REDIRECT,
    scope: 'eidapi_auth eidapi_profiles', lang: 'en-US', state: 'st_42-abc', ...overrides,
  };
  for (const [name, value] of Object.entries(params)) if (value !== undefined) url.searchParams.set(name, value);
  return url;
}

/**
 * A login without Chromium: the hosted page in a cookie-keeping fetch, the identification code
 * typed in the simulator (the path without scanning), the decision, then the page's continue link.
 * @param {{ decision?: 'Approve' | 'Decline', params?: Record<string, string | undefined> }} [options]
 * @returns {Promise<URL>} where the browser is sent
 */
async function httpLogin({ decision = 'Approve', params } = {}) {
  return throughHostedPage({ createBrowser, formFor, press }, sandbox.issuer, getQrUrl(params), decision, (requestPage) => {
    if (params?.clientID) return;
    assert.match(requestPage, /Sandbox Test Bank/);
    assert.match(requestPage, new RegExp(RP_ORIGIN));
    assert.match(requestPage, /Your personal profile: HKIC number/);
  });
}

/** @param {Record<string, unknown>} body @param {import('./platform-support.js').TestPlatformClient} [client] */
function call(path, body, client = rp.client) {
  return callPlatform(sandbox.issuer, client, path, body);
}

describe('getQR refuses what a relying party may not ask, on a page, never redirecting', () => {
  test('an unregistered redirectURI: D20008, no redirect', async () => {
    const response = await fetch(getQrUrl({ redirectURI: `${RP_ORIGIN}/elsewhere` }), { redirect: 'manual' });
    assert.equal(response.status, 400);
    assert.equal(response.headers.get('location'), null);
    const page = await response.text();
    assert.equal(textOf(page, 'error-code'), 'D20008');
    assert.match(page, /<h1 id="page-title">This login cannot start<\/h1>/);
  });

  test('a state over 36 characters, or with other characters, is refused', async () => {
    for (const state of ['a'.repeat(37), 'has space', 'semi;colon', '']) {
      const response = await fetch(getQrUrl({ state }), { redirect: 'manual' });
      assert.equal(response.status, 400, `state ${JSON.stringify(state)}`);
      assert.equal(response.headers.get('location'), null);
      assert.equal(textOf(await response.text(), 'error-code'), 'D29020');
    }
    assert.equal((await fetch(getQrUrl({ state: 'a'.repeat(36) }))).status, 200);
  });

  test('unknown client, wrong responseType, source, scope (not eidapi_*, or not registered), lang, brokerPage', async () => {
    const cases = [
      [{ clientID: 'nobody' }, 'D29002'],
      [{ responseType: 'token' }, 'D29020'],
      [{ source: 'Netscape' }, 'D29020'],
      [{ scope: 'openid' }, 'D29020'],
      [{ scope: 'eidapi_auth eidapi_sign' }, 'D29020'],
      [{ lang: 'fr-FR' }, 'D29020'],
      [{ brokerPage: 'yes' }, 'D29020'],
    ];
    for (const [params, code] of cases) {
      const response = await fetch(getQrUrl(/** @type {Record<string, string>} */ (params)), { redirect: 'manual' });
      assert.equal(response.status, 400, JSON.stringify(params));
      assert.equal(textOf(await response.text(), 'error-code'), code, JSON.stringify(params));
    }
  });
});

describe('getToken and profiles', () => {
  test('a login by typed code: redirect with code and state, getToken, profiles', async () => {
    const landed = await httpLogin();
    assert.equal(`${landed.origin}${landed.pathname}`, REDIRECT);
    assert.equal(landed.searchParams.get('state'), 'st_42-abc');
    const code = /** @type {string} */ (landed.searchParams.get('code'));
    assert.ok(code);

    const token = await call('/api/v1/auth/getToken', { code, grantType: 'authorization_code' });
    assert.equal(token.code, 'D00000', token.message);
    const { accessToken, tokenType, issueAt, expiresIn, openID, userType, scope, lastModifiedDate } = token.result;
    assert.equal(tokenType, 'Bearer');
    assert.equal(expiresIn, 14_400_000);
    assert.equal(userType, 'default');
    assert.equal(scope, 'eidapi_auth eidapi_profiles');
    assert.ok(Math.abs(issueAt - Date.now()) < 60_000);
    assert.equal(typeof lastModifiedDate, 'number');
    assert.match(openID, /^[\w-]{20,}$/);

    const profile = await call('/api/v1/profiles', { accessToken, openID, profileFields: ['idNo', 'enName', 'chName', 'birthDate', 'gender'] });
    assert.equal(profile.code, 'D00000', profile.message);
    assert.deepEqual(profile.result, {
      idNo: { Identification: 'K543210', CheckDigit: '3' },
      enName: { UnstructuredName: 'CHAN Tai Man' },
      chName: { ChineseName: '陳大文' },
      birthDate: '1978-03-14',
      gender: 'M',
    });
    const some = await call('/api/v1/profiles', { accessToken, openID, profileFields: ['enName'] });
    assert.deepEqual(some.result, { enName: { UnstructuredName: 'CHAN Tai Man' } });

    // The same code again: refused, and the token issued with it still works.
    const again = await call('/api/v1/auth/getToken', { code, grantType: 'authorization_code' });
    assert.equal(again.code, 'D40004');
    assert.equal(again.content, undefined);
    assert.equal((await call('/api/v1/profiles', { accessToken, openID, profileFields: ['gender'] })).code, 'D00000');

    // Wrong openID, unknown token, missing token, unknown field.
    assert.equal((await call('/api/v1/profiles', { accessToken, openID: `${openID}x`, profileFields: ['gender'] })).code, 'D50001');
    assert.equal((await call('/api/v1/profiles', { accessToken: 'nope', openID, profileFields: ['gender'] })).code, 'D29023');
    assert.equal((await call('/api/v1/profiles', { openID, profileFields: ['gender'] })).code, 'D20009');
    assert.equal((await call('/api/v1/profiles', { accessToken, openID, profileFields: ['homeTelNumber'] })).code, 'D29022');
  });

  test('a code for another client, or with a wrong grantType, is refused and stays usable for its client', async () => {
    const code = /** @type {string} */ ((await httpLogin()).searchParams.get('code'));
    const stolen = await call('/api/v1/auth/getToken', { code, grantType: 'authorization_code' }, other.client);
    assert.equal(stolen.code, 'D40004');
    const wrongGrant = await call('/api/v1/auth/getToken', { code, grantType: 'refresh_token' });
    assert.equal(wrongGrant.code, 'D29021');
    const token = await call('/api/v1/auth/getToken', { code, grantType: 'authorization_code' });
    assert.equal(token.code, 'D00000', 'refusals changed nothing: the code still works once');
  });

  test('a code past its 60 s life is refused (D40004)', async () => {
    const code = /** @type {string} */ ((await httpLogin()).searchParams.get('code'));
    skew = 61_000;
    try {
      const late = await call('/api/v1/auth/getToken', { code, grantType: 'authorization_code' });
      assert.equal(late.code, 'D40004');
    } finally {
      skew = 0;
    }
  });

  test('declining in the app sends the browser back with error_code D20001 and the state', async () => {
    const landed = await httpLogin({ decision: 'Decline' });
    assert.equal(landed.searchParams.get('error_code'), 'D20001');
    assert.equal(landed.searchParams.get('state'), 'st_42-abc');
    assert.equal(landed.searchParams.get('code'), null);
  });

  test('profiles for a token without eidapi_profiles: D50002', async () => {
    const landed = await httpLogin({ params: { clientID: other.client.clientID, redirectURI: 'http://localhost:18444/cb', scope: 'eidapi_auth' } });
    const token = await call('/api/v1/auth/getToken', { code: landed.searchParams.get('code'), grantType: 'authorization_code' }, other.client);
    assert.equal(token.code, 'D00000', token.message);
    assert.equal(token.result.scope, 'eidapi_auth');
    const profile = await call('/api/v1/profiles', { accessToken: token.result.accessToken, openID: token.result.openID, profileFields: ['enName'] }, other.client);
    assert.equal(profile.code, 'D50002');
    assert.equal(profile.content, undefined);
  });

  test('a second phone typing the same code stops the login: the browser gets error_code D40002', async () => {
    const desktop = createBrowser();
    const page = await (await desktop.request(getQrUrl())).text();
    const ticket = /getQR\/continue\?ticket=([\w-]+)/.exec(page)?.[1];
    const userCode = /** @type {string} */ (textOf(page, 'user-code'));
    /** @param {ReturnType<typeof createBrowser>} phone */
    const typeCode = async (phone) => {
      const { fields } = formFor(await (await phone.request(new URL('/app/code', sandbox.issuer))).text(), 'Continue');
      fields.set('code', userCode);
      return phone.request(new URL('/app/code', sandbox.issuer), {
        method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: fields.toString(),
      });
    };
    assert.equal((await typeCode(createBrowser())).status, 303);
    assert.equal((await typeCode(createBrowser())).status, 409);
    const status = await (await desktop.request(new URL(`/api/v1/auth/getQR/status?ticket=${ticket}`, sandbox.issuer))).json();
    assert.equal(status.status, 'stopped');
    const done = await desktop.request(new URL(status.next, sandbox.issuer));
    assert.equal(new URL(/** @type {string} */ (done.headers.get('location'))).searchParams.get('error_code'), 'D40002');
  });

  test('an expired page offers a new code; leaving it then answers D40003; a new code is another code', async () => {
    const desktop = createBrowser();
    const page = await (await desktop.request(getQrUrl())).text();
    const ticket = /getQR\/continue\?ticket=([\w-]+)/.exec(page)?.[1];
    const newCode = /id="new-code" href="([^"]+)"/.exec(page)?.[1]?.replace(/&amp;/g, '&');
    assert.ok(newCode?.startsWith('/api/v1/auth/getQR?'));
    const fresh = await (await desktop.request(new URL(newCode, sandbox.issuer))).text();
    assert.notEqual(textOf(fresh, 'user-code'), textOf(page, 'user-code'));
    skew = 121_000;
    try {
      const status = await (await desktop.request(new URL(`/api/v1/auth/getQR/status?ticket=${ticket}`, sandbox.issuer))).json();
      assert.deepEqual(status, { status: 'expired' });
      const left = await desktop.request(new URL(`/api/v1/auth/getQR/cancel?ticket=${ticket}`, sandbox.issuer));
      assert.equal(new URL(/** @type {string} */ (left.headers.get('location'))).searchParams.get('error_code'), 'D40003');
    } finally {
      skew = 0;
    }
  });

  test('Cancel on the hosted page: error_code D40000', async () => {
    const desktop = createBrowser();
    const page = await (await desktop.request(getQrUrl())).text();
    const cancel = /href="(\/api\/v1\/auth\/getQR\/cancel\?ticket=[\w-]+)"/.exec(page)?.[1];
    const response = await desktop.request(new URL(/** @type {string} */ (cancel), sandbox.issuer));
    assert.equal(response.status, 303);
    const landed = new URL(/** @type {string} */ (response.headers.get('location')));
    assert.equal(landed.searchParams.get('error_code'), 'D40000');
  });
});

const skip = existsSync(CHROMIUM_BIN) ? false : `${CHROMIUM_BIN} is not installed`;

/**
 * Reads the QR code from the page's pixels, as a camera would (the e2e harness's way).
 * @param {import('playwright-core').Locator} locator
 */
async function readQr(locator) {
  const png = PNG.sync.read(await locator.screenshot({ animations: 'disabled' }));
  const found = jsQR(new Uint8ClampedArray(png.data.buffer, png.data.byteOffset, png.data.length), png.width, png.height, { inversionAttempts: 'attemptBoth' });
  assert.ok(found?.data, 'a QR code can be read from the page');
  return found.data;
}

describe('the hosted page in Chromium', { skip }, () => {
  /** @type {import('playwright-core').Browser} */
  let browser;
  before(async () => {
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
  });

  /**
   * The relying party's browser at the hosted page.
   * @param {Record<string, string | undefined>} [params]
   */
  async function openDesktop(params) {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    /** @type {string[]} */
    const problems = [];
    page.on('console', (message) => { if (message.type() === 'error') problems.push(message.text()); });
    page.on('pageerror', (error) => problems.push(error.message));
    await page.goto(getQrUrl(params).href);
    return { context, page, problems };
  }

  for (const [lang, title] of /** @type {const} */ ([['en-US', 'Login with iAM Smart'], ['zh-HK', '智方便登入'], ['zh-CN', '智方便登录']])) {
    test(`the hosted page in ${lang}: heading, site, code, countdown, axe, reflow`, async () => {
      const { context, page, problems } = await openDesktop({ lang });
      try {
        await page.getByRole('heading', { level: 1, name: title }).waitFor();
        assert.equal(await page.locator('#site-name').textContent(), 'Sandbox Test Bank');
        assert.equal(await page.locator('#site-origin').textContent(), RP_ORIGIN);
        assert.match(/** @type {string} */ (await page.locator('#user-code').textContent()), /^\d{4}-\d{4}$/);
        assert.equal(await page.getByRole('status').count(), 1);
        await checkScreen(page, `platform-getqr-${lang}`);
        assert.deepEqual(problems, []);
      } finally {
        await context.close();
      }
    });
  }

  test('a full login: QR from pixels, opened on the phone, code matched, Approve → redirectURI with code and state → getToken → profiles', async () => {
    const { context, page, problems } = await openDesktop();
    const phone = await openPhone(browser);
    try {
      const link = await readQr(page.locator('.platform-qr svg'));
      const userCode = /** @type {string} */ (await page.locator('#user-code').textContent());
      await phone.page.goto(link);
      await phone.page.getByRole('button', { name: 'CHAN Tai Man', exact: true }).click();
      await phone.page.getByRole('heading', { level: 2, name: 'Which identification code does the website show?' }).waitFor();
      assert.equal(await phone.page.locator('.site-name').textContent(), 'Sandbox Test Bank');
      await phone.page.getByRole('listitem').filter({ hasText: 'Your personal profile' }).waitFor();
      await checkScreen(phone.page, 'platform-phone-request');
      await page.locator('#login-status').filter({ hasText: 'Code opened in the app' }).waitFor();
      await phone.page.getByRole('button', { name: userCode, exact: true }).click();
      await phone.page.getByRole('button', { name: 'Approve' }).click();
      await page.waitForURL((url) => url.href.startsWith(REDIRECT));
      const landed = new URL(page.url());
      assert.equal(landed.searchParams.get('state'), 'st_42-abc');
      const token = await call('/api/v1/auth/getToken', { code: landed.searchParams.get('code'), grantType: 'authorization_code' });
      assert.equal(token.code, 'D00000', token.message);
      const profile = await call('/api/v1/profiles', { accessToken: token.result.accessToken, openID: token.result.openID, profileFields: ['enName'] });
      assert.deepEqual(profile.result, { enName: { UnstructuredName: 'CHAN Tai Man' } });
      assert.deepEqual(problems, []);
      assert.deepEqual(phone.problems, []);
    } finally {
      await context.close();
      await phone.context.close();
    }
  });

  test('Decline on the phone: the browser lands on redirectURI with error_code D20001', async () => {
    const { context, page } = await openDesktop({ brokerPage: 'true', source: 'Android_Chrome' });
    const phone = await openPhone(browser);
    try {
      // brokerPage=true: the link that opens the app; the QR stays as a fallback.
      const link = /** @type {string} */ (await page.getByRole('link', { name: 'Open iAM Smart' }).getAttribute('href'));
      assert.equal(await readQr(page.locator('.platform-qr svg')), link);
      const userCode = /** @type {string} */ (await page.locator('#user-code').textContent());
      await phone.page.goto(link);
      await phone.page.getByRole('button', { name: 'CHAN Tai Man', exact: true }).click();
      await phone.page.getByRole('button', { name: userCode, exact: true }).click();
      await phone.page.getByRole('button', { name: 'Decline' }).click();
      await page.waitForURL((url) => url.href.startsWith(REDIRECT));
      const landed = new URL(page.url());
      assert.equal(landed.searchParams.get('error_code'), 'D20001');
      assert.equal(landed.searchParams.get('code'), null);
      assert.equal(await page.evaluate(() => document.title), 'Back at the bank');
    } finally {
      await context.close();
      await phone.context.close();
    }
  });
});
