// The platform's hosted page (GET /api/v1/auth/getQR) in Chromium, in every state a resident can
// meet it, in English, Traditional and Simplified Chinese: opened with an e-ME ticketID and with a
// signing ticketID (each naming its own flow), the brokerPage=true variant with its app link, the
// code run out (countdown at zero), a refused request (the reason and its D-code, no redirect) and
// a login already finished. Each is checked as a resident would meet it: heading, requesting site,
// the identification code where there is one, axe (WCAG 2.2 A/AA and best practice), reflow at
// 320 px and 44 px targets, and no console error. The relying party's calls go through the
// independent client (platform-support.js, written from PLATFORM.md).
// The functions passed to page.evaluate run in the page.
/* global document */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import { CHROMIUM_BIN, launchChromium } from '../../../scripts/chromium.js';
import { createBrowser, formFor, press, startTestSandbox } from './helpers.js';
import { assertReflows, axeViolations, checkScreen, openPhone } from './browser-support.js';
import { callPlatform, clientsFileWith, getKey, logIn, newTestRelyingParty, startRelyingPartySite } from './platform-support.js';

const skip = existsSync(CHROMIUM_BIN) ? false : `${CHROMIUM_BIN} is not installed`;

const rpSite = await startRelyingPartySite();
const RP_ORIGIN = rpSite.origin;
const LOGIN_REDIRECT = `${RP_ORIGIN}/login/callback`;
const RESULT_REDIRECT = `${RP_ORIGIN}/result`;
const rp = newTestRelyingParty({
  clientID: 'rp-browser', redirectUris: [LOGIN_REDIRECT, RESULT_REDIRECT],
  scopes: ['eidapi_auth', 'eidapi_profiles', 'eidapi_formFilling', 'eidapi_sign'],
});
rp.entry.client_name = /** @type {any} */ ('Sandbox Test Bank');
const tools = { createBrowser, formFor, press };

/** @type {Awaited<ReturnType<typeof startTestSandbox>>} */
let sandbox;
/** @type {Awaited<ReturnType<typeof clientsFileWith>> | undefined} */
let clients;
/** @type {{ accessToken: string, openID: string }} */
let session;

/** What each language calls things, as the hosted page and the platform's branding word them. */
const LANGS = /** @type {const} */ ({
  'en-US': {
    html: 'en', login: 'Login with iAM Smart', eme: 'Fill with iAM Smart', sign: 'Signing with iAM Smart', openApp: 'Open iAM Smart',
    expired: 'This code has expired.', refused: 'This login cannot start', used: 'This login has already finished',
  },
  'zh-HK': {
    html: 'zh-HK', login: '智方便登入', eme: '以智方便填寫', sign: '智方便數碼簽署', openApp: '開啟智方便',
    expired: '此識別碼已失效。', refused: '無法開始此登入', used: '此登入已經完成',
  },
  'zh-CN': {
    html: 'zh-CN', login: '智方便登录', eme: '以智方便填写', sign: '智方便数码签署', openApp: '开启智方便',
    expired: '此识别码已失效。', refused: '无法开始此登录', used: '此登录已经完成',
  },
});

before(async () => {
  clients = await clientsFileWith('iams-platform-browser-', [rp.entry]);
  sandbox = await startTestSandbox({ clientsFile: clients.clientsFile });
  await getKey(sandbox.issuer, rp.client);
  session = await logIn(tools, sandbox.issuer, rp.client, LOGIN_REDIRECT, 'eidapi_auth eidapi_formFilling eidapi_sign');
});

after(async () => {
  await sandbox?.stop();
  rpSite.close();
  await clients?.remove();
});

/** @param {Record<string, string | undefined>} params */
function getQr(params) {
  const url = new URL('/api/v1/auth/getQR', sandbox.issuer);
  for (const [name, value] of Object.entries(params)) if (value !== undefined) url.searchParams.set(name, value);
  return url;
}

/** The login request a relying party sends the browser with. @param {Record<string, string>} [overrides] */
const loginUrl = (overrides = {}) => getQr({
  clientID: rp.client.clientID, responseType: 'code', source: 'PC_Browser', redirectURI: LOGIN_REDIRECT,
  scope: 'eidapi_auth eidapi_profiles', lang: 'en-US', state: 'browser_1', ...overrides,
});

/**
 * A new e-ME or signing request in that language; its getQR address (the ticket works once). An
 * e-ME page is in its initiateRequest's lang; signing's initiateRequest has none, so getQR's.
 * @param {'eme' | 'sign'} kind @param {string} lang
 */
async function ticketUrl(kind, lang) {
  const common = {
    businessID: `${kind}-${Math.random().toString(36).slice(2, 10)}`, accessToken: session.accessToken, openID: session.openID,
    source: 'PC_Browser', redirectURI: RESULT_REDIRECT, state: `${kind}_state`,
  };
  const initiated = kind === 'eme'
    ? await callPlatform(sandbox.issuer, rp.client, '/api/v1/account/eme/initiateRequest', {
      ...common, lang, formName: 'Savings account opening', formNum: 'SB-101', formDesc: 'Open a savings account', eMEFields: ['enName', 'mobileNumber'],
    })
    : await callPlatform(sandbox.issuer, rp.client, '/api/v1/account/signing/initiateRequest', {
      ...common, hashCode: Buffer.alloc(32, 7).toString('base64'), HKICHash: createHash('sha256').update('K543210').digest('base64'), department: 'Loans',
      serviceName: 'Personal loan', documentName: 'Loan agreement',
    });
  assert.equal(initiated.code, 'D00000', initiated.message);
  return getQr({ clientID: rp.client.clientID, ticketID: initiated.result.ticketID, lang: kind === 'sign' ? lang : undefined });
}

describe('the hosted page\'s states in Chromium, in three languages', { skip }, () => {
  /** @type {import('playwright-core').Browser} */
  let browser;
  before(async () => {
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
  });

  /**
   * A desktop browser that records console errors and uncaught exceptions (4xx answers aside:
   * Chromium logs a refusal page's status as an error).
   * @param {{ clock?: boolean }} [options] clock: the page's clock under the test's control
   */
  async function openDesktop({ clock = false } = {}) {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    if (clock) await page.clock.install();
    /** @type {string[]} */
    const problems = [];
    page.on('console', (message) => {
      if (message.type() === 'error' && !/status of 4\d\d/.test(message.text())) problems.push(message.text());
    });
    page.on('pageerror', (error) => problems.push(error.message));
    return { context, page, problems };
  }

  /**
   * What every waiting page shows: its flow's heading, the requesting site and its address, the
   * identification code, the QR with a name, one status region; then axe, reflow and targets.
   * @param {import('playwright-core').Page} page @param {string} heading @param {string} name
   */
  async function checkWaitingPage(page, heading, name) {
    await page.getByRole('heading', { level: 1, name: heading, exact: true }).waitFor();
    assert.match(await page.title(), new RegExp(`^${heading} · `));
    assert.equal(await page.locator('#site-name').textContent(), 'Sandbox Test Bank');
    assert.equal(await page.locator('#site-origin').textContent(), RP_ORIGIN);
    assert.match(/** @type {string} */ (await page.locator('#user-code').textContent()), /^\d{4}-\d{4}$/);
    assert.equal(await page.getByRole('img').filter({ has: page.locator('path') }).count(), 1, 'one QR code, named as an image');
    assert.equal(await page.getByRole('status').count(), 1);
    await checkScreen(page, name);
  }

  for (const [lang, words] of Object.entries(LANGS)) {
    test(`${lang}: getQR with an e-ME ticketID says it fills a form, shows the site and the code, no new code; axe, reflow`, async () => {
      const { context, page, problems } = await openDesktop();
      try {
        await page.goto((await ticketUrl('eme', lang)).href);
        assert.equal(await page.locator('html').getAttribute('lang'), words.html);
        await checkWaitingPage(page, words.eme, `platform-getqr-eme-${lang}`);
        assert.notEqual(words.eme, words.login);
        assert.equal(await page.locator('#new-code').count(), 0, 'a used ticket offers no new code');
        assert.deepEqual(problems, []);
      } finally {
        await context.close();
      }
    });

    test(`${lang}: getQR with a signing ticketID says it signs, shows the site and the code; axe, reflow`, async () => {
      const { context, page, problems } = await openDesktop();
      try {
        await page.goto((await ticketUrl('sign', lang)).href);
        assert.equal(await page.locator('html').getAttribute('lang'), words.html);
        await checkWaitingPage(page, words.sign, `platform-getqr-sign-${lang}`);
        assert.equal(await page.locator('#new-code').count(), 0);
        assert.deepEqual(problems, []);
      } finally {
        await context.close();
      }
    });

    test(`${lang}: brokerPage=true opens the app first, the QR (same link) below; axe, reflow`, async () => {
      const { context, page, problems } = await openDesktop();
      try {
        await page.goto(loginUrl({ lang, brokerPage: 'true', source: 'Android_Chrome' }).href);
        await checkWaitingPage(page, words.login, `platform-getqr-broker-${lang}`);
        const openApp = page.getByRole('link', { name: words.openApp, exact: true });
        assert.match(/** @type {string} */ (await openApp.getAttribute('href')), /\/app\/qr\?s=/);
        // The app is another program on a phone: this page stays in its tab to carry on to the website.
        assert.equal(await openApp.getAttribute('target'), '_blank');
        assert.deepEqual(problems, []);
      } finally {
        await context.close();
      }
    });

    test(`${lang}: when the code runs out the page says so, in the status region too, and moves focus to a new code; axe, reflow`, async () => {
      const { context, page, problems } = await openDesktop({ clock: true });
      try {
        await page.goto(loginUrl({ lang }).href);
        await page.getByRole('heading', { level: 1, name: words.login, exact: true }).waitFor();
        await page.clock.fastForward('02:01');
        await page.locator('#time-left').filter({ hasText: words.expired }).waitFor();
        assert.equal(await page.getByRole('status').textContent(), words.expired);
        assert.equal(await page.evaluate(() => document.activeElement?.id), 'new-code');
        await checkScreen(page, `platform-getqr-expired-${lang}`);
        assert.deepEqual(problems, []);
      } finally {
        await context.close();
      }
    });

    test(`${lang}: a refused request (unknown client; a used ticketID) shows the reason and its D-code, never a redirect; axe, reflow`, async () => {
      const { context, page, problems } = await openDesktop();
      try {
        const used = await ticketUrl('eme', lang);
        assert.equal((await fetch(used)).status, 200);
        used.searchParams.set('lang', lang);
        for (const [url, code] of /** @type {const} */ ([[loginUrl({ lang, clientID: 'nobody' }), 'D29002'], [used, 'D60004']])) {
          const response = await page.goto(url.href);
          assert.equal(response?.status(), 400);
          assert.equal(new URL(page.url()).origin, sandbox.issuer, 'no redirect');
          await page.getByRole('heading', { level: 1, name: words.refused, exact: true }).waitFor();
          assert.equal(await page.locator('html').getAttribute('lang'), words.html);
          assert.equal(await page.locator('#error-code').textContent(), code);
          assert.deepEqual(await axeViolations(page), [], `axe on the refusal ${code} in ${lang}`);
          await assertReflows(page, `refusal ${code} in ${lang}`);
        }
        assert.deepEqual(problems, []);
      } finally {
        await context.close();
      }
    });

    test(`${lang}: a login already finished: its continue link again shows that it is done; axe, reflow`, async () => {
      const { context, page, problems } = await openDesktop();
      try {
        await page.goto(loginUrl({ lang }).href);
        const continueHref = /** @type {string} */ (await page.locator('#continue').getAttribute('href'));
        const userCode = /** @type {string} */ (await page.locator('#user-code').textContent());
        // The resident types the code on a phone (the path without scanning) and approves.
        const phone = await openPhone(browser);
        try {
          await phone.page.goto(new URL('/app/code', sandbox.issuer).href);
          await phone.page.getByLabel('Identification code (8 digits)').fill(userCode);
          await phone.page.getByRole('button', { name: 'Continue', exact: true }).click();
          await phone.page.getByRole('button', { name: 'CHAN Tai Man', exact: true }).click();
          await phone.page.getByRole('button', { name: 'Approve', exact: true }).click();
          assert.deepEqual(phone.problems, []);
        } finally {
          await phone.context.close();
        }
        // The page follows on its own once the app is done.
        await page.waitForURL((url) => url.href.startsWith(LOGIN_REDIRECT));
        assert.ok(new URL(page.url()).searchParams.get('code'));
        const again = await page.goto(new URL(continueHref, sandbox.issuer).href);
        assert.equal(again?.status(), 410);
        await page.getByRole('heading', { level: 1, name: words.used, exact: true }).waitFor();
        assert.equal(await page.locator('html').getAttribute('lang'), words.html);
        assert.deepEqual(await axeViolations(page), [], `axe on the finished page in ${lang}`);
        await assertReflows(page, `finished page in ${lang}`);
        assert.deepEqual(problems, []);
      } finally {
        await context.close();
      }
    });
  }
});
