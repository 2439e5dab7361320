// End to end: a resident logs in to the demo partner site's OpenID Connect mode page (oidc.html;
// the home page is in backend mode, e2e/backend-login.e2e.test.js) with "Login with iAM Smart" against the
// real sandbox OpenID Provider, in Debian's Chromium, under the site's strict CSP and Trusted
// Types. Every test fails on any console error, uncaught exception or policy violation.
/* global document, customElements -- the functions given to page.evaluate run in the browser */
import assert from 'node:assert/strict';
import { after, afterEach, before, describe, test } from 'node:test';
import { ANDROID_UA, axeViolations, launchChromium, looksLikeToken, openRecordedPage, screenshot, startStack, webStorage } from './harness.js';

const EN_LOGIN = 'Login with iAM Smart';
const ZH_HK_LOGIN = '智方便登入';
const RESIDENT = { en: 'CHAN Tai Man', zh: '陳大文' };

let stack;
let browser;
let context;
let page;
let problems;

before(async () => {
  stack = await startStack();
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
  await stack?.close();
});

async function newPage(options = {}) {
  context = await browser.newContext({ locale: 'en-GB', viewport: { width: 1280, height: 900 }, ...options });
  context.setDefaultTimeout(15_000);
  ({ page, problems } = await openRecordedPage(context));
  return page;
}

afterEach(async () => {
  await context?.close();
  context = undefined;
});

async function assertAccessible(state) {
  assert.deepEqual(await axeViolations(page), [], `axe violations (${state})`);
}

function assertNoProblems() {
  assert.deepEqual(problems, [], 'console errors, uncaught exceptions or CSP violations');
}

const loginButton = (name = EN_LOGIN) => page.getByRole('button', { name, exact: true });
const onSandbox = (url) => url.origin === new URL(stack.issuer).origin;
const onDemoSite = (url) => url.origin === stack.origin;

/** The button is usable again: enabled, not busy. */
async function assertButtonIdle(name = EN_LOGIN) {
  const button = loginButton(name);
  await button.waitFor();
  assert.equal(await button.isEnabled(), true, 'login button enabled');
  const host = page.locator('iams-login-button');
  assert.equal(await host.getAttribute('busy'), null, 'login button not busy');
  assert.notEqual(await button.getAttribute('aria-busy'), 'true', 'login button not aria-busy');
}

/** Clicks the login button and picks the resident on the sandbox's sign-in page. */
async function startLoginAs(resident, buttonName = EN_LOGIN) {
  await loginButton(buttonName).click();
  await page.waitForURL(onSandbox);
  await page.getByRole('button', { name: resident, exact: true }).click();
}

async function assertNothingStored() {
  const storage = await webStorage(page);
  assert.deepEqual(storage.local, {}, 'localStorage must stay empty');
  for (const [key, value] of Object.entries(storage.session)) {
    assert.ok(!looksLikeToken(value), `sessionStorage["${key}"] holds a token`);
  }
  return storage;
}

describe('demo site: Login with iAM Smart (redirect)', () => {
  test('a resident logs in and out; no token is kept in Web Storage', async () => {
    await newPage();
    await page.goto(`${stack.origin}/oidc.html`);
    await assertButtonIdle();
    await assertAccessible('home, en');
    await screenshot(page, 'home-en');

    await startLoginAs(RESIDENT.en);
    await page.getByRole('button', { name: 'Approve', exact: true }).click();
    await page.waitForURL(onDemoSite);

    await page.locator('#user-name').getByText(RESIDENT.en, { exact: true }).waitFor();
    assert.equal(await page.locator('#user-chname').textContent(), RESIDENT.zh);
    assert.equal(await page.locator('#claim-ch-name').textContent(), RESIDENT.zh);
    assert.match(await page.locator('#claim-sub').textContent(), /\S{8,}/, 'pairwise sub shown');
    assert.equal(await page.locator('#error').textContent(), '');

    const url = new URL(page.url());
    for (const name of ['code', 'state', 'iss', 'session_state']) assert.equal(url.searchParams.has(name), false, `${name} removed from the URL`);
    assert.equal(url.pathname, '/oidc.html');
    const storage = await assertNothingStored();
    // Default storage is memory: nothing about the login remains in sessionStorage either.
    assert.deepEqual(Object.keys(storage.session), ['demo-site-lang']);
    await assertAccessible('signed in, en');
    await screenshot(page, 'signed-in-en');

    await page.getByRole('button', { name: 'Log out', exact: true }).click();
    await assertButtonIdle();
    assert.equal(await page.locator('#signed-in').isHidden(), true);
    assert.equal(await page.locator('#user-name').textContent(), '');
    assert.equal(await page.locator('#status').textContent(), 'You have logged out.');
    await assertNothingStored();
    assertNoProblems();
  });

  test('declining in iAM Smart shows a localized access-denied error and the button is idle again', async () => {
    await newPage();
    await page.goto(`${stack.origin}/oidc.html`);
    await startLoginAs(RESIDENT.en);
    await page.getByRole('button', { name: 'Decline', exact: true }).click();
    await page.waitForURL(onDemoSite);

    const alert = page.locator('#error');
    await alert.getByText('The login was not authorised in iAM Smart.').waitFor();
    assert.equal(await alert.getAttribute('data-code'), 'access_denied');
    assert.equal(await alert.getAttribute('role'), 'alert');
    await assertButtonIdle();
    assert.equal(await page.locator('#signed-in').isHidden(), true);
    const url = new URL(page.url());
    for (const name of ['error', 'state', 'iss', 'code']) assert.equal(url.searchParams.has(name), false, `${name} removed from the URL`);
    const storage = await assertNothingStored();
    assert.deepEqual(Object.keys(storage.session), ['demo-site-lang'], 'the finished login left no state behind');
    await assertAccessible('declined, en');
    await screenshot(page, 'declined-en');
    assertNoProblems();
  });

  test('in Traditional Chinese the button, the sign-in page and the result are all in zh-HK', async () => {
    await newPage();
    await page.goto(`${stack.origin}/oidc.html`);
    await page.getByRole('button', { name: '繁體', exact: true }).click();
    assert.equal(await page.evaluate(() => document.documentElement.lang), 'zh-HK');
    await assertButtonIdle(ZH_HK_LOGIN);
    await assertAccessible('home, zh-HK');
    await screenshot(page, 'home-zh-HK');

    await loginButton(ZH_HK_LOGIN).click();
    await page.waitForURL(onSandbox);
    assert.equal(await page.evaluate(() => document.documentElement.lang), 'zh-HK', 'sandbox page in Traditional Chinese');
    await page.getByRole('button', { name: RESIDENT.en, exact: true }).click();
    await screenshot(page, 'sandbox-confirm-zh-HK');
    await page.getByRole('button', { name: '批准', exact: true }).click();
    await page.waitForURL(onDemoSite);

    await page.locator('#user-chname').getByText(RESIDENT.zh, { exact: true }).waitFor();
    assert.equal(await page.evaluate(() => document.documentElement.lang), 'zh-HK', 'language kept across the round trip');
    assert.equal(await page.locator('#logout').textContent(), '登出');
    await assertAccessible('signed in, zh-HK');
    await screenshot(page, 'signed-in-zh-HK');

    await page.getByRole('button', { name: '登出', exact: true }).click();
    await assertButtonIdle(ZH_HK_LOGIN);
    assert.equal(await page.locator('#user-chname').textContent(), '');
    await assertNothingStored();
    assertNoProblems();
  });

  test('declining in Simplified Chinese shows the error in zh-CN', async () => {
    await newPage();
    await page.goto(`${stack.origin}/oidc.html`);
    await page.getByRole('button', { name: '简体', exact: true }).click();
    await loginButton(ZH_HK_LOGIN).click();
    await page.waitForURL(onSandbox);
    assert.equal(await page.evaluate(() => document.documentElement.lang), 'zh-CN', 'sandbox page in Simplified Chinese');
    await page.getByRole('button', { name: RESIDENT.en, exact: true }).click();
    await page.getByRole('button', { name: '拒绝', exact: true }).click();
    await page.waitForURL(onDemoSite);
    const alert = page.locator('#error');
    await alert.locator(':scope:not(:empty)').waitFor();
    assert.equal(await alert.getAttribute('data-code'), 'access_denied');
    assert.match(await alert.textContent(), /[\u4e00-\u9fff]/, 'message in Chinese');
    await assertButtonIdle(ZH_HK_LOGIN);
    assertNoProblems();
  });

  test('a forged callback URL is rejected: error shown, nothing stored, nothing thrown', async () => {
    await newPage();
    const forged = new URL(`${stack.origin}/oidc.html`);
    forged.search = new URLSearchParams({ code: 'x', state: 'y', iss: stack.issuer }).toString();
    await page.goto(forged.href);

    const alert = page.locator('#error');
    await alert.locator(':scope:not(:empty)').waitFor();
    assert.equal(await alert.getAttribute('data-code'), 'state_mismatch');
    assert.equal(await page.locator('#signed-in').isHidden(), true);
    await assertButtonIdle();
    const storage = await assertNothingStored();
    assert.deepEqual(Object.keys(storage.session), ['demo-site-lang']);
    await assertAccessible('forged callback, en');
    await screenshot(page, 'forged-callback-en');
    await page.emulateMedia({ colorScheme: 'dark' });
    await assertAccessible('forged callback, en, dark');
    await screenshot(page, 'forged-callback-en-dark');
    assertNoProblems();
  });
});

describe('demo site: Login with iAM Smart (popup)', () => {
  test('the popup completes the login and the page stays', async () => {
    await newPage();
    await page.goto(`${stack.origin}/oidc.html`);
    // The popup comes back to popup-callback.html, which sets no COOP and so keeps its opener
    // (the home page's same-origin-allow-popups would cut it off). <iams-provider> has no
    // attribute for that address, so give it a client made with the CDN build's createClient (sdk.js).
    await page.evaluate(
      async ([issuer, origin]) => {
        const { createClient } = await import('/sdk.js');
        document.querySelector('iams-provider').client = createClient({
          issuer,
          clientId: 'demo-site',
          redirectUri: `${origin}/oidc.html`,
          popupRedirectUri: `${origin}/popup-callback.html`,
        });
      },
      [stack.issuer, stack.origin],
    );
    await page.locator('iams-login-button').evaluate((button) => button.setAttribute('mode', 'popup'));
    const [popup] = await Promise.all([context.waitForEvent('page'), loginButton().click()]);
    popup.on('console', (message) => {
      if (message.type() === 'error') problems.push(`popup console.error on ${popup.url()}: ${message.text()}`);
    });
    popup.on('pageerror', (error) => problems.push(`popup uncaught: ${error.message}`));
    const popupVisited = [];
    popup.on('request', (request) => {
      if (request.isNavigationRequest()) popupVisited.push(new URL(request.url()));
    });
    await popup.waitForURL((url) => onSandbox(url));
    await popup.getByRole('button', { name: RESIDENT.en, exact: true }).click();
    await popup.getByRole('button', { name: 'Approve', exact: true }).click();
    await popup.waitForEvent('close');
    assert.ok(
      popupVisited.some((url) => onDemoSite(url) && url.pathname === '/popup-callback.html' && url.searchParams.has('code')),
      'the provider answered to popup-callback.html',
    );

    await page.locator('#user-name').getByText(RESIDENT.en, { exact: true }).waitFor();
    assert.equal(new URL(page.url()).search, '', 'the page never navigated');
    await assertNothingStored();
    assertNoProblems();
  });
});

describe('demo site on a phone: Login with iAM Smart opens the app', () => {
  test('the button follows the app link to the simulator, and the resident comes back logged in', async () => {
    await newPage({ userAgent: ANDROID_UA, viewport: { width: 412, height: 915 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true });
    // User-Agent Client Hints are what the button reads first in Chromium; make them a phone's too.
    const cdp = await context.newCDPSession(page);
    await cdp.send('Emulation.setUserAgentOverride', {
      userAgent: ANDROID_UA,
      userAgentMetadata: { platform: 'Android', platformVersion: '14', architecture: '', model: 'Pixel 7', mobile: true, brands: [{ brand: 'Chromium', version: '156' }] },
    });
    // Every address the tab is sent to, redirects included (the app link answers with one).
    const visited = [];
    page.on('request', (request) => {
      if (request.isNavigationRequest() && request.frame() === page.mainFrame()) visited.push(new URL(request.url()));
    });
    await page.goto(`${stack.origin}/oidc.html`);
    await assertAccessible('home, phone');
    await screenshot(page, 'home-phone-en');

    await loginButton().click();
    await page.waitForURL(onSandbox);
    const appLink = visited.find((url) => onSandbox(url) && url.pathname === '/app');
    assert.ok(appLink, `the app link ${stack.issuer}/app was opened; visited ${visited.map(String).join(', ')}`);
    assert.ok(appLink.searchParams.get('authorize')?.startsWith(`${stack.issuer}/`), 'the app link carries the authorization request');

    await page.getByRole('button', { name: RESIDENT.en, exact: true }).click();
    await page.getByRole('button', { name: 'Approve', exact: true }).click();
    await page.waitForURL(onDemoSite);
    await page.locator('#user-name').getByText(RESIDENT.en, { exact: true }).waitFor();
    await screenshot(page, 'signed-in-phone-en');
    await assertNothingStored();
    assertNoProblems();
  });
});

describe('demo site: Content Security Policy', () => {
  test('Lit renders through its lit-html Trusted Types policy: without it, the recorder sees the violation', async () => {
    // Guards the other tests' "no violations" checks against passing blind.
    await newPage();
    await page.route(`${stack.origin}/oidc.html`, async (route) => {
      const response = await route.fetch();
      const headers = response.headers();
      headers['content-security-policy'] = headers['content-security-policy'].replace('trusted-types lit-html', "trusted-types 'none'");
      await route.fulfill({ response, headers });
    });
    await page.goto(`${stack.origin}/oidc.html`);
    await page.waitForFunction(() => customElements.get('iams-login-button') !== undefined || document.readyState === 'complete');
    await page.waitForTimeout(500);
    assert.ok(
      problems.some((problem) => problem.startsWith('CSP violation') && problem.includes('lit-html')),
      `expected a trusted-types violation for lit-html, got ${JSON.stringify(problems)}`,
    );
  });
});
