// The sign-in pages in real headless Chromium: found by role and name, no CSP violation or
// console error, and the approval's redirect back to the client is allowed by form-action.
// Skipped when Chromium is not installed. Set SANDBOX_SCREENSHOTS=<folder> to keep screenshots.
// The functions passed to page.evaluate run in the page:
/* global document, getComputedStyle */
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { createServer } from 'node:http';
import { once } from 'node:events';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { CHROMIUM_BIN, launchChromium } from '../../../scripts/chromium.js';
import { authorizationRequest, exchangeCode, startTestSandbox } from './helpers.js';
import { assertReflows, axeViolations } from './browser-support.js';

const skip = existsSync(CHROMIUM_BIN) ? false : `${CHROMIUM_BIN} is not installed`;
const screenshots = process.env.SANDBOX_SCREENSHOTS;

/** @type {Awaited<ReturnType<typeof startTestSandbox>>} */
let sandbox;
/** @type {import('node:http').Server} */
let relyingParty;
/** @type {string} */
let rpOrigin;
/** @type {import('playwright-core').Browser} */
let browser;

before(async () => {
  if (skip) return;
  // A stand-in relying party: the redirect target, so the browser really lands there.
  relyingParty = createServer((req, res) => {
    res.setHeader('content-type', 'text/html; charset=utf-8');
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (url.pathname === '/forge') {
      // Another local site (same site as the sandbox: every localhost port is) posting the
      // sign-in confirm of an interaction whose uid it learnt, as soon as it is opened.
      const action = String(url.searchParams.get('action')).replace(/[&"<>]/g, '');
      res.end(`<!doctype html><html lang="en"><title>Win a prize</title><form method="post" action="${action}">
<input type="hidden" name="resident" value="res-chan-tai-man"><input type="hidden" name="decision" value="approve"></form>
<script>document.forms[0].submit()</script></html>`);
      return;
    }
    res.end('<!doctype html><html lang="en"><title>RP</title><h1>Back at the relying party</h1></html>');
  });
  relyingParty.listen(0, '127.0.0.1');
  await once(relyingParty, 'listening');
  rpOrigin = `http://localhost:${/** @type {import('node:net').AddressInfo} */ (relyingParty.address()).port}`;
  sandbox = await startTestSandbox({ demoOrigin: rpOrigin });
  browser = await launchChromium();
});

after(async () => {
  if (skip) return;
  await browser?.close();
  await sandbox?.stop();
  relyingParty?.closeAllConnections();
  relyingParty?.close();
});

/**
 * @param {{ locale?: string, mobile?: boolean }} [options]
 */
async function openPage({ locale = 'en-GB', mobile = true } = {}) {
  const context = await browser.newContext({
    locale,
    viewport: mobile ? { width: 390, height: 844 } : { width: 1280, height: 900 },
    deviceScaleFactor: 1,
  });
  const page = await context.newPage();
  /** @type {string[]} */
  const problems = [];
  page.on('console', (message) => {
    if (message.type() === 'error' || message.type() === 'warning') problems.push(`${message.type()}: ${message.text()}`);
  });
  page.on('pageerror', (error) => problems.push(`pageerror: ${error.message}`));
  return { context, page, problems };
}

/**
 * Screenshot (when asked for) and an axe check of the page as it is. page.evaluate runs through
 * the DevTools protocol, so the page's CSP stays on and is still tested.
 * @param {import('playwright-core').Page} page
 * @param {string} name
 */
async function check(page, name) {
  if (screenshots) await page.screenshot({ path: join(screenshots, `${name}.png`), fullPage: true });
  assert.deepEqual(await axeViolations(page), [], `axe on ${name}`);
}

test('redirect sign-in in Chromium: choose CHAN Tai Man, Approve, land on the client with code and iss', { skip }, async () => {
  const { context, page, problems } = await openPage();
  try {
    const { url, state } = authorizationRequest(sandbox.issuer, { redirect_uri: `${rpOrigin}/` });
    await page.goto(url.href);
    assert.equal(await page.getAttribute('html', 'lang'), 'en');
    assert.equal(await page.getByRole('main').count(), 1);
    assert.equal(await page.getByRole('navigation', { name: 'Language' }).count(), 1);
    const chan = page.getByRole('button', { name: 'CHAN Tai Man', exact: true });
    await chan.waitFor();
    assert.equal(await page.getByRole('button').count(), 6, 'one button per resident');
    await check(page, 'picker-en-mobile');
    await assertReflows(page);
    await chan.click();

    const approve = page.getByRole('button', { name: 'Approve', exact: true });
    const decline = page.getByRole('button', { name: 'Decline', exact: true });
    await approve.waitFor();
    const [a, d] = [await approve.boundingBox(), await decline.boundingBox()];
    assert.ok(a && d);
    assert.equal(Math.round(a.width), Math.round(d.width), 'same width');
    assert.equal(Math.round(a.height), Math.round(d.height), 'same height');
    assert.ok(a.height >= 44, 'a large enough target');
    await check(page, 'approval-en-mobile');
    await assertReflows(page);

    await approve.click();
    await page.waitForURL((target) => target.origin === rpOrigin);
    const landed = new URL(page.url());
    assert.ok(landed.searchParams.get('code'));
    assert.equal(landed.searchParams.get('state'), state);
    assert.equal(landed.searchParams.get('iss'), sandbox.issuer);
    assert.deepEqual(problems, [], 'no CSP violation or console error');
  } finally {
    await context.close();
  }
});

test('CSRF in Chromium: another localhost site auto-posting the confirm of a pending sign-in is refused (403, in the resident\'s language); the resident\'s own approval then works', { skip }, async () => {
  const { context, page } = await openPage({ locale: 'zh-HK' });
  try {
    const { url, state } = authorizationRequest(sandbox.issuer, { redirect_uri: `${rpOrigin}/` });
    await page.goto(url.href);
    await page.getByRole('button', { name: 'CHAN Tai Man', exact: true }).waitFor();
    const interaction = new URL(page.url());
    const forged = await page.goto(`${rpOrigin}/forge?action=${encodeURIComponent(`${sandbox.issuer}${interaction.pathname}/confirm`)}`);
    assert.ok(forged);
    await page.waitForURL((target) => target.pathname.endsWith('/confirm') || (target.origin === rpOrigin && target.pathname === '/'));
    const refused = new URL(page.url());
    assert.equal(refused.origin, sandbox.issuer, `still at the sandbox, not sent back to the client with a code (landed at ${refused.href})`);
    assert.equal(refused.pathname, `${interaction.pathname}/confirm`);
    await page.getByRole('heading', { name: '未能核實此批准' }).waitFor();
    await check(page, 'csrf-refused-zh-HK');

    // The resident goes back to the login page: the interaction is as it was.
    await page.goto(interaction.href);
    await page.getByRole('button', { name: 'CHAN Tai Man', exact: true }).click();
    await page.getByRole('button', { name: '批准', exact: true }).click();
    await page.waitForURL((target) => target.origin === rpOrigin && target.pathname === '/');
    const landed = new URL(page.url());
    assert.ok(landed.searchParams.get('code'));
    assert.equal(landed.searchParams.get('state'), state);
  } finally {
    await context.close();
  }
});

test('Decline in Chromium returns access_denied to the client', { skip }, async () => {
  const { context, page, problems } = await openPage({ locale: 'zh-HK' });
  try {
    const { url } = authorizationRequest(sandbox.issuer, { redirect_uri: `${rpOrigin}/` });
    await page.goto(url.href);
    assert.equal(await page.getAttribute('html', 'lang'), 'zh-HK');
    await page.getByRole('button', { name: 'HO Kam Wah', exact: true }).click();
    await page.getByRole('button', { name: '拒絕', exact: true }).waitFor();
    assert.equal(await page.getByRole('button', { name: '批准', exact: true }).count(), 1);
    await check(page, 'approval-zh-HK-mobile');
    await assertReflows(page);
    await page.getByRole('button', { name: '拒絕', exact: true }).click();
    await page.waitForURL((target) => target.origin === rpOrigin);
    assert.equal(new URL(page.url()).searchParams.get('error'), 'access_denied');
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});

test('keyboard: the resident list and the decision are reachable with Tab and show a focus ring', { skip }, async () => {
  const { context, page, problems } = await openPage({ locale: 'zh-CN', mobile: false });
  try {
    const { url } = authorizationRequest(sandbox.issuer, { redirect_uri: `${rpOrigin}/` });
    await page.goto(url.href);
    await check(page, 'picker-zh-CN-desktop');
    // Skip link first, then the first resident.
    await page.keyboard.press('Tab');
    assert.equal(await page.evaluate(() => document.activeElement?.textContent), '跳至主要内容');
    await page.keyboard.press('Tab');
    assert.equal(await page.evaluate(() => document.activeElement?.textContent), 'CHAN Tai Man');
    const ring = await page.evaluate(() => {
      const button = /** @type {Element} */ (document.activeElement);
      return getComputedStyle(button, '::after').outlineStyle;
    });
    assert.equal(ring, 'solid', 'the card shows the focus ring');
    await page.keyboard.press('Enter');
    await page.getByRole('button', { name: '批准', exact: true }).waitFor();
    await page.getByRole('button', { name: '批准', exact: true }).focus();
    await page.keyboard.press('Enter');
    await page.waitForURL((target) => target.origin === rpOrigin);
    assert.ok(new URL(page.url()).searchParams.get('code'));
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});

test('the app simulator and an error page render without console errors', { skip }, async () => {
  const { context, page, problems } = await openPage();
  try {
    await page.goto(`${sandbox.issuer}/app`);
    await page.getByRole('heading', { level: 1, name: 'iAM Smart (sandbox simulator)' }).waitFor();
    await check(page, 'app-home-en-mobile');
    const { url } = authorizationRequest(sandbox.issuer, { redirect_uri: `${rpOrigin}/` });
    await page.goto(`${sandbox.issuer}/app?authorize=${encodeURIComponent(url.href)}`);
    await page.getByRole('button', { name: 'TANAKA Hiroshi', exact: true }).waitFor();
    await check(page, 'picker-app-mobile');
    await page.goto(`${sandbox.issuer}/app?authorize=${encodeURIComponent('https://evil.example/auth')}`);
    await page.getByRole('heading', { level: 1, name: 'This link cannot be opened' }).waitFor();
    await check(page, 'app-bad-link-en-mobile');
    const bad = authorizationRequest(sandbox.issuer, { redirect_uri: `${rpOrigin}/nope` });
    await page.goto(bad.url.href);
    await page.getByRole('heading', { level: 1, name: 'Something went wrong' }).waitFor();
    await check(page, 'error-en-mobile');
    await assertReflows(page);
    // Chromium logs the 400 responses themselves; anything else is a problem.
    assert.deepEqual(problems.filter((p) => !/status of 400/.test(p)), []);
  } finally {
    await context.close();
  }
});

test('RP-initiated logout in Chromium: localised confirmation, then back to the client', { skip }, async () => {
  const { context, page, problems } = await openPage({ locale: 'zh-HK' });
  try {
    const { url, verifier } = authorizationRequest(sandbox.issuer, { redirect_uri: `${rpOrigin}/` });
    await page.goto(url.href);
    await page.getByRole('button', { name: 'CHAN Tai Man', exact: true }).click();
    await page.getByRole('button', { name: '批准', exact: true }).click();
    await page.waitForURL((target) => target.origin === rpOrigin);
    const code = String(new URL(page.url()).searchParams.get('code'));
    const tokens = await (await exchangeCode(sandbox.issuer, { code, verifier, redirectUri: `${rpOrigin}/` })).json();

    const logout = new URL('/session/end', sandbox.issuer);
    logout.searchParams.set('id_token_hint', tokens.id_token);
    logout.searchParams.set('post_logout_redirect_uri', `${rpOrigin}/`);
    logout.searchParams.set('state', 'bye');
    await page.goto(logout.href);
    await page.getByRole('heading', { level: 1, name: '登出' }).waitFor();
    await check(page, 'logout-zh-HK-mobile');
    await page.getByRole('button', { name: '登出', exact: true }).click();
    await page.waitForURL((target) => target.origin === rpOrigin);
    assert.equal(new URL(page.url()).searchParams.get('state'), 'bye');
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});

test('response_mode=form_post works under the CSP (the provider adds its script hash)', { skip }, async () => {
  const { context, page, problems } = await openPage();
  try {
    const { url } = authorizationRequest(sandbox.issuer, { redirect_uri: `${rpOrigin}/`, response_mode: 'form_post' });
    await page.goto(url.href);
    await page.getByRole('button', { name: 'ZHANG Wei', exact: true }).click();
    const posted = page.waitForRequest((request) => request.url() === `${rpOrigin}/` && request.method() === 'POST');
    await page.getByRole('button', { name: 'Approve', exact: true }).click();
    const body = new URLSearchParams((await posted).postData() ?? '');
    assert.ok(body.get('code'));
    assert.equal(body.get('iss'), sandbox.issuer);
    await page.waitForURL(`${rpOrigin}/`);
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});
