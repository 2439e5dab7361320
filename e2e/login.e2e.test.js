// End to end: a resident logs in to the demo partner site's OpenID Connect mode page (oidc.html;
// the home page is in backend mode, e2e/backend-login.e2e.test.js) with "Login with iAM Smart" against the
// real sandbox OpenID Provider, under the site's strict CSP and Trusted Types, in Chromium and
// Firefox (Debian's, through puppeteer-core) and WebKit (WebKitGTK's MiniBrowser over WebDriver
// classic, e2e/webkit-page.js), found through e2e/locators.js (roles, names and text through
// shadow roots, in every engine). Every test fails on any console error, uncaught exception or
// policy violation. The dark colour scheme check runs in a second browser of the engine, launched
// dark through the engine's own setting (no media emulation, which is CDP, Chromium only).
/* global document, customElements -- the functions given to page.evaluate run in the browser */
import assert from 'node:assert/strict';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, test } from 'node:test';
import { ENGINES, assertMedia, engineSuite } from './backend-support.js';
import { RESULTS_DIR, axeViolations, looksLikeToken, webStorage } from './harness.js';
import { attributeOf, byRole, byText, find, isHidden, openRecordedPage, rewriteResponseHeaders, textOf, until, waitForUrl } from './locators.js';

const EN_LOGIN = 'Login with iAM Smart';
const ZH_HK_LOGIN = '智方便登入';
const RESIDENT = { en: 'CHAN Tai Man', zh: '陳大文' };

for (const engine of ENGINES) {
  describe(`OpenID Connect mode in ${engine.name}`, () => {
    const suite = engineSuite(engine, { stack: true });
    let page;
    let problems;

    /** A page in a context of its own, of this suite's browser or of `from` (e.g. a dark one). */
    async function newPage({ phone = false, from = suite.browser } = {}) {
      suite.context = await from.createBrowserContext();
      ({ page, problems } = await openRecordedPage(suite.context, engine.name, { phone }));
      return page;
    }

    async function assertAccessible(state) {
      assert.deepEqual(await axeViolations(page), [], `axe violations (${state})`);
    }

    function assertNoProblems() {
      assert.deepEqual(problems, [], 'console errors, uncaught exceptions or CSP violations');
    }

    /** Chromium's screenshots keep the names they always had; the other engines' carry the engine's. */
    async function screenshot(name) {
      await mkdir(RESULTS_DIR, { recursive: true });
      const file = engine.name === 'Chromium' ? name : `${name}-${engine.name.toLowerCase()}`;
      await page.screenshot({ path: join(RESULTS_DIR, `${file}.png`), fullPage: true });
    }

    const loginButton = (name = EN_LOGIN) => byRole(page, 'button', name);
    const onSandbox = (url) => url.origin === new URL(suite.stack.issuer).origin;
    const onDemoSite = (url) => url.origin === suite.stack.origin;

    /** The button is usable again: enabled, not busy. */
    async function assertButtonIdle(name = EN_LOGIN) {
      const button = await loginButton(name);
      assert.equal(await button.evaluate((element) => !element.disabled), true, 'login button enabled');
      assert.equal(await attributeOf(page, 'iams-login-button', 'busy'), null, 'login button not busy');
      assert.notEqual(await button.evaluate((element) => element.getAttribute('aria-busy')), 'true', 'login button not aria-busy');
    }

    /** Clicks the login button and picks the resident on the sandbox's sign-in page. */
    async function startLoginAs(resident, buttonName = EN_LOGIN) {
      await (await loginButton(buttonName)).click();
      await waitForUrl(page, onSandbox);
      await (await byRole(page, 'button', resident)).click();
    }

    async function assertNothingStored() {
      const storage = await webStorage(page);
      assert.deepEqual(storage.local, {}, 'localStorage must stay empty');
      for (const [key, value] of Object.entries(storage.session)) {
        assert.ok(!looksLikeToken(value), `sessionStorage["${key}"] holds a token`);
      }
      return storage;
    }

    /** The #error alert once it has a message. */
    const errorShown = () => find(page, { css: '#error:not(:empty)' });

    describe('demo site: Login with iAM Smart (redirect)', () => {
      test('a resident logs in and out; no token is kept in Web Storage', async () => {
        await newPage();
        await page.goto(`${suite.stack.origin}/oidc.html`);
        await assertButtonIdle();
        await assertAccessible('home, en');
        await screenshot('home-en');

        await startLoginAs(RESIDENT.en);
        await (await byRole(page, 'button', 'Approve')).click();
        await waitForUrl(page, onDemoSite);

        await byText(page, RESIDENT.en, { within: '#user-name' });
        assert.equal(await textOf(page, '#user-chname'), RESIDENT.zh);
        assert.equal(await textOf(page, '#claim-ch-name'), RESIDENT.zh);
        assert.match(await textOf(page, '#claim-sub'), /\S{8,}/, 'pairwise sub shown');
        assert.equal(await textOf(page, '#error'), '');

        const url = await waitForUrl(page, () => true);
        for (const name of ['code', 'state', 'iss', 'session_state']) assert.equal(url.searchParams.has(name), false, `${name} removed from the URL`);
        assert.equal(url.pathname, '/oidc.html');
        const storage = await assertNothingStored();
        // Default storage is memory: nothing about the login remains in sessionStorage either.
        assert.deepEqual(Object.keys(storage.session), ['demo-site-lang']);
        await assertAccessible('signed in, en');
        await screenshot('signed-in-en');

        await (await byRole(page, 'button', 'Log out')).click();
        await assertButtonIdle();
        assert.equal(await isHidden(page, '#signed-in'), true);
        assert.equal(await textOf(page, '#user-name'), '');
        assert.equal(await textOf(page, '#status'), 'You have logged out.');
        await assertNothingStored();
        assertNoProblems();
      });

      test('declining in iAM Smart shows a localized access-denied error and the button is idle again', async () => {
        await newPage();
        await page.goto(`${suite.stack.origin}/oidc.html`);
        await startLoginAs(RESIDENT.en);
        await (await byRole(page, 'button', 'Decline')).click();
        await waitForUrl(page, onDemoSite);

        await byText(page, 'The login was not approved in iAM Smart. Please try again if you want to log in.', { within: '#error' });
        assert.equal(await attributeOf(page, '#error', 'data-code'), 'access_denied');
        assert.equal(await attributeOf(page, '#error', 'role'), 'alert');
        await assertButtonIdle();
        assert.equal(await isHidden(page, '#signed-in'), true);
        const url = await waitForUrl(page, () => true);
        for (const name of ['error', 'state', 'iss', 'code']) assert.equal(url.searchParams.has(name), false, `${name} removed from the URL`);
        const storage = await assertNothingStored();
        assert.deepEqual(Object.keys(storage.session), ['demo-site-lang'], 'the finished login left no state behind');
        await assertAccessible('declined, en');
        await screenshot('declined-en');
        assertNoProblems();
      });

      test('in Traditional Chinese the button, the sign-in page and the result are all in zh-HK', async () => {
        await newPage();
        await page.goto(`${suite.stack.origin}/oidc.html`);
        await (await byRole(page, 'button', '繁體')).click();
        assert.equal(await page.evaluate(() => document.documentElement.lang), 'zh-HK');
        await assertButtonIdle(ZH_HK_LOGIN);
        await assertAccessible('home, zh-HK');
        await screenshot('home-zh-HK');

        await (await loginButton(ZH_HK_LOGIN)).click();
        await waitForUrl(page, onSandbox);
        assert.equal(await page.evaluate(() => document.documentElement.lang), 'zh-HK', 'sandbox page in Traditional Chinese');
        await (await byRole(page, 'button', RESIDENT.en)).click();
        await byRole(page, 'button', '批准');
        await screenshot('sandbox-confirm-zh-HK');
        await (await byRole(page, 'button', '批准')).click();
        await waitForUrl(page, onDemoSite);

        await byText(page, RESIDENT.zh, { within: '#user-chname' });
        assert.equal(await page.evaluate(() => document.documentElement.lang), 'zh-HK', 'language kept across the round trip');
        assert.equal(await textOf(page, '#logout'), '登出');
        await assertAccessible('signed in, zh-HK');
        await screenshot('signed-in-zh-HK');

        await (await byRole(page, 'button', '登出')).click();
        await assertButtonIdle(ZH_HK_LOGIN);
        assert.equal(await textOf(page, '#user-chname'), '');
        await assertNothingStored();
        assertNoProblems();
      });

      test('declining in Simplified Chinese shows the error in zh-CN', async () => {
        await newPage();
        await page.goto(`${suite.stack.origin}/oidc.html`);
        await (await byRole(page, 'button', '简体')).click();
        await (await loginButton(ZH_HK_LOGIN)).click();
        await waitForUrl(page, onSandbox);
        assert.equal(await page.evaluate(() => document.documentElement.lang), 'zh-CN', 'sandbox page in Simplified Chinese');
        await (await byRole(page, 'button', RESIDENT.en)).click();
        await (await byRole(page, 'button', '拒绝')).click();
        await waitForUrl(page, onDemoSite);
        await errorShown();
        assert.equal(await attributeOf(page, '#error', 'data-code'), 'access_denied');
        assert.match(await textOf(page, '#error'), /[\u4e00-\u9fff]/, 'message in Chinese');
        await assertButtonIdle(ZH_HK_LOGIN);
        assertNoProblems();
      });

      /** The forged callback, up to the error shown and checked (the two tests below), in `from`'s page. */
      async function openForgedCallback(from = suite.browser) {
        await newPage({ from });
        const forged = new URL(`${suite.stack.origin}/oidc.html`);
        forged.search = new URLSearchParams({ code: 'x', state: 'y', iss: suite.stack.issuer }).toString();
        await page.goto(forged.href);
        await errorShown();
        assert.equal(await attributeOf(page, '#error', 'data-code'), 'state_mismatch');
      }

      test('a forged callback URL is rejected: error shown, nothing stored, nothing thrown', async () => {
        await openForgedCallback();
        assert.equal(await isHidden(page, '#signed-in'), true);
        await assertButtonIdle();
        const storage = await assertNothingStored();
        assert.deepEqual(Object.keys(storage.session), ['demo-site-lang']);
        await assertAccessible('forged callback, en');
        await screenshot('forged-callback-en');
        assertNoProblems();
      });

      // The engine launched in the dark colour scheme through its own setting (e2e/backend-support.js,
      // Preferences): every engine, no media emulation.
      test('a forged callback URL, in the dark colour scheme: accessible', async () => {
        const dark = await engine.launch({ colorScheme: 'dark' });
        try {
          await openForgedCallback(dark);
          // The page really is dark, so axe below cannot pass on a light page.
          await assertMedia(page, '(prefers-color-scheme: dark)');
          await assertAccessible('forged callback, en, dark');
          await screenshot('forged-callback-en-dark');
          assertNoProblems();
        } finally {
          await suite.context?.close();
          suite.context = undefined;
          await dark.close();
        }
      });
    });

    describe('demo site: Login with iAM Smart (popup)', () => {
      test('the popup completes the login and the page stays', async () => {
        await newPage();
        await page.goto(`${suite.stack.origin}/oidc.html`);
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
          [suite.stack.issuer, suite.stack.origin],
        );
        await (await find(page, { css: 'iams-login-button' })).evaluate((button) => button.setAttribute('mode', 'popup'));
        const [target] = await Promise.all([
          suite.context.waitForTarget((candidate) => candidate.url().startsWith(`${new URL(suite.stack.issuer).origin}/`), { timeout: 30_000 }),
          (await loginButton()).click(),
        ]);
        const popup = await target.page();
        popup.on('console', (message) => {
          if (message.type() === 'error') problems.push(`popup console.error on ${popup.url()}: ${message.text()}`);
        });
        popup.on('pageerror', (error) => problems.push(`popup uncaught: ${error.message}`));
        const popupVisited = [];
        popup.on('request', (request) => {
          if (request.isNavigationRequest()) popupVisited.push(new URL(request.url()));
        });
        await waitForUrl(popup, (url) => onSandbox(url));
        await (await byRole(popup, 'button', RESIDENT.en)).click();
        await (await byRole(popup, 'button', 'Approve')).click();
        await until(async () => popup.isClosed(), { what: 'the popup closed' });
        assert.ok(
          popupVisited.some((url) => onDemoSite(url) && url.pathname === '/popup-callback.html' && url.searchParams.has('code')),
          'the provider answered to popup-callback.html',
        );

        await byText(page, RESIDENT.en, { within: '#user-name' });
        assert.equal((await waitForUrl(page, () => true)).search, '', 'the page never navigated');
        await assertNothingStored();
        assertNoProblems();
      });
    });

    describe('demo site on a phone: Login with iAM Smart opens the app', () => {
      test('the button follows the app link to the simulator, and the resident comes back logged in', async () => {
        // A phone's User-Agent (and, in Chromium, its Client Hints, which the button reads first).
        await newPage({ phone: true });
        // Every address the tab is sent to, redirects included (the app link answers with one).
        const visited = [];
        page.on('request', (request) => {
          if (request.isNavigationRequest() && request.frame() === page.mainFrame()) visited.push(new URL(request.url()));
        });
        await page.goto(`${suite.stack.origin}/oidc.html`);
        await assertAccessible('home, phone');
        await screenshot('home-phone-en');

        await (await loginButton()).click();
        await waitForUrl(page, onSandbox);
        const appLink = visited.find((url) => onSandbox(url) && url.pathname === '/app');
        assert.ok(appLink, `the app link ${suite.stack.issuer}/app was opened; visited ${visited.map(String).join(', ')}`);
        assert.ok(appLink.searchParams.get('authorize')?.startsWith(`${suite.stack.issuer}/`), 'the app link carries the authorization request');

        await (await byRole(page, 'button', RESIDENT.en)).click();
        await (await byRole(page, 'button', 'Approve')).click();
        await waitForUrl(page, onDemoSite);
        await byText(page, RESIDENT.en, { within: '#user-name' });
        await screenshot('signed-in-phone-en');
        await assertNothingStored();
        assertNoProblems();
      });
    });

    describe('demo site: Content Security Policy', () => {
      test('Lit renders through its lit-html Trusted Types policy: without it, the recorder sees the violation', async () => {
        // Guards the other tests' "no violations" checks against passing blind.
        await newPage();
        await rewriteResponseHeaders(page, `${suite.stack.origin}/oidc.html`, (headers) => ({
          ...headers,
          'content-security-policy': headers['content-security-policy'].replace('trusted-types lit-html', "trusted-types 'none'"),
        }));
        await page.goto(`${suite.stack.origin}/oidc.html`);
        await page.waitForFunction(() => customElements.get('iams-login-button') !== undefined || document.readyState === 'complete');
        await sleep(500);
        assert.ok(
          problems.some((problem) => problem.startsWith('CSP violation') && problem.includes('lit-html')),
          `expected a trusted-types violation for lit-html, got ${JSON.stringify(problems)}`,
        );
      });
    });
  });
}
