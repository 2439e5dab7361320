// The phone-app simulator in real headless Chromium against the real sandbox: a QR code read from
// a chosen or pasted picture (a PNG made by the qrcode package, decoded in the page by jsQR), the
// resident picker, number matching, Approve / Decline, the typed-code path and the refusal
// screens. Every screen: axe clean, no console error or CSP violation, no sideways scrolling at
// 320 px, targets at least 44 px. Skipped when Chromium is not installed.
// Set SANDBOX_SCREENSHOTS=<folder> to keep screenshots.
// The functions passed to page.evaluate run in the page:
/* global document, window, DataTransfer, ClipboardEvent */
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { after, before, test } from 'node:test';
import { CHROMIUM_BIN, launchChromium } from '../../../scripts/chromium.js';
import QRCode from 'qrcode';
import { startTestSandbox } from './helpers.js';
import { startQrSession } from './app-support.js';
import { checkScreen, openPhone } from './browser-support.js';

const skip = existsSync(CHROMIUM_BIN) ? false : `${CHROMIUM_BIN} is not installed`;

/** @type {Awaited<ReturnType<typeof startTestSandbox>>} */
let sandbox;
/** @type {import('playwright-core').Browser} */
let browser;

before(async () => {
  if (skip) return;
  sandbox = await startTestSandbox({ crossDevice: { rateLimit: { max: 1000, windowSeconds: 60 } } });
  browser = await launchChromium();
});

after(async () => {
  if (skip) return;
  await browser?.close();
  await sandbox?.stop();
});

/**
 * The element that has focus once the page's deferred script has run (it moves focus; a locator
 * can find the new screen's text before then), as "tag#id".
 * @param {import('playwright-core').Page} page
 */
async function focused(page) {
  await page.waitForLoadState('domcontentloaded');
  return page.evaluate(() => `${document.activeElement?.tagName.toLowerCase()}#${document.activeElement?.id}`);
}

test('a chosen picture of the QR code opens the request; picker, three codes, Approve', { skip }, async () => {
  const { context, page, problems } = await openPhone(browser);
  try {
    const session = await startQrSession(sandbox.issuer);
    await page.goto(`${sandbox.issuer}/app`);
    await page.getByRole('heading', { level: 1, name: 'iAM Smart (sandbox simulator)' }).waitFor();
    assert.equal(await page.getByText('Scanning and reading pictures need JavaScript').isVisible(), false);
    const canScan = await page.evaluate(() => 'BarcodeDetector' in window);
    assert.equal(await page.getByRole('button', { name: 'Scan QR code', exact: true }).isVisible(), canScan);
    assert.equal(await page.getByText('This browser cannot scan QR codes with the camera').isVisible(), !canScan);
    assert.equal(await page.getByRole('link', { name: 'Enter identification code', exact: true }).count(), 1);
    await checkScreen(page, 'app-home-en');

    const picture = await QRCode.toBuffer(session.qrLink().href, { margin: 4, scale: 6 });
    await page.getByLabel('Choose a picture').setInputFiles({ name: 'qr.png', mimeType: 'image/png', buffer: picture });
    await page.waitForURL(/\/app\/request\//);

    // No resident signed in to the app yet: the picker first, focus on its heading.
    const chan = page.getByRole('button', { name: 'CHAN Tai Man', exact: true });
    await chan.waitFor();
    assert.equal(await focused(page), 'h1#page-title');
    await checkScreen(page, 'app-sign-in-en');
    await chan.click();

    await page.getByRole('heading', { level: 1, name: 'Login request' }).waitFor();
    assert.equal(await focused(page), 'h1#page-title');
    assert.equal(await page.getByText('Demo Partner Site (sandbox)').count(), 1);
    const codes = page.getByRole('list', { name: 'Which identification code does the website show?' }).getByRole('button');
    assert.equal(await codes.count(), 3);
    const match = page.getByRole('button', { name: session.user_code, exact: true });
    assert.equal(await match.count(), 1);
    // The countdown runs in text.
    const before = await page.locator('#time-left').textContent();
    await page.waitForFunction((text) => document.getElementById('time-left')?.textContent !== text, before);
    assert.match(String(await page.locator('#time-left').textContent()), /^Time left: [23]:\d\d$/);
    await checkScreen(page, 'app-request-en');
    await page.emulateMedia({ colorScheme: 'dark' });
    await checkScreen(page, 'app-request-en-dark');
    await page.emulateMedia({ colorScheme: 'light' });
    await match.click();

    const approve = page.getByRole('button', { name: 'Approve', exact: true });
    const decline = page.getByRole('button', { name: 'Decline', exact: true });
    await approve.waitFor();
    const [a, d] = [await approve.boundingBox(), await decline.boundingBox()];
    assert.ok(a && d);
    assert.equal(Math.round(a.width), Math.round(d.width), 'Approve and Decline: same width');
    assert.equal(Math.round(a.height), Math.round(d.height), 'same height');
    await checkScreen(page, 'app-decide-en');
    await page.emulateMedia({ colorScheme: 'dark' });
    await checkScreen(page, 'app-decide-en-dark');
    await page.emulateMedia({ colorScheme: 'light' });
    await approve.click();

    await page.getByRole('heading', { level: 1, name: 'Login approved' }).waitFor();
    assert.equal(await focused(page), 'h1#page-title');
    await checkScreen(page, 'app-approved-en');
    assert.equal((await session.token()).status, 200);
    assert.deepEqual(problems, [], 'no CSP violation or console error');
  } finally {
    await context.close();
  }
});

test('a pasted picture opens the request; tapping a wrong code stops it at once (zh-HK)', { skip }, async () => {
  const { context, page, problems } = await openPhone(browser, 'zh-HK');
  try {
    const session = await startQrSession(sandbox.issuer);
    await page.goto(`${sandbox.issuer}/app`);
    const picture = (await QRCode.toBuffer(session.qrLink().href)).toString('base64');
    await page.evaluate((base64) => {
      const data = new DataTransfer();
      data.items.add(new File([Uint8Array.from(atob(base64), (c) => c.charCodeAt(0))], 'qr.png', { type: 'image/png' }));
      document.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
    }, picture);
    await page.waitForURL(/\/app\/request\//);
    await page.getByRole('button', { name: 'HO Kam Wah', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: '登入要求' }).waitFor();
    await checkScreen(page, 'app-request-zh-HK');
    const codes = await page.getByRole('list', { name: '網站顯示哪一個識別碼？' }).getByRole('button').allTextContents();
    const wrong = codes.find((code) => code !== session.user_code);
    assert.ok(wrong);
    await page.getByRole('button', { name: wrong, exact: true }).click();
    await page.getByRole('heading', { level: 1, name: '為保障你的安全，要求已停止' }).waitFor();
    await checkScreen(page, 'app-stopped-zh-HK');
    assert.equal((await session.token()).body.error, 'access_denied');
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});

test('a picture of a foreign link, or with no QR code, is refused in place: no navigation', { skip }, async () => {
  const { context, page, problems } = await openPhone(browser);
  try {
    await page.goto(`${sandbox.issuer}/app`);
    const foreign = await QRCode.toBuffer('https://evil.example/app/qr?s=x&t=0&h=y');
    await page.getByLabel('Choose a picture').setInputFiles({ name: 'qr.png', mimeType: 'image/png', buffer: foreign });
    const alert = page.getByRole('alert');
    await alert.getByText('This link cannot be opened. It is not a request link of this iAM Smart sandbox').waitFor();
    assert.equal(page.url(), `${sandbox.issuer}/app`);
    await checkScreen(page, 'app-home-foreign-en');
    await page.emulateMedia({ colorScheme: 'dark' });
    await checkScreen(page, 'app-home-foreign-en-dark');
    await page.emulateMedia({ colorScheme: 'light' });

    // A valid PNG without a QR code in it: the sandbox's own mark, rasterised by the browser.
    const blank = await page.locator('.top-bar .mark').screenshot();
    await page.getByLabel('Choose a picture').setInputFiles({ name: 'mark.png', mimeType: 'image/png', buffer: blank });
    await alert.getByText('No QR code was found in the picture').waitFor();
    await page.getByLabel('Choose a picture').setInputFiles({ name: 'broken.png', mimeType: 'image/png', buffer: Buffer.from('not a png') });
    await alert.getByText('The picture could not be opened').waitFor();

    // The link field: the server refuses a foreign link with the same words.
    await page.getByLabel('Link from the QR code').fill('https://evil.example/app/qr');
    await page.getByRole('button', { name: 'Open', exact: true }).click();
    await page.getByRole('alert').getByText('This link cannot be opened').waitFor();
    assert.equal(new URL(page.url()).origin, sandbox.issuer);
    await checkScreen(page, 'app-home-bad-link-en');
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});

test('the identification code typed on /app/code (zh-CN), then Decline', { skip }, async () => {
  const { context, page, problems } = await openPhone(browser, 'zh-CN');
  try {
    const session = await startQrSession(sandbox.issuer);
    await page.goto(`${sandbox.issuer}/app`);
    await page.getByRole('link', { name: '输入识别码', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: '输入识别码' }).waitFor();
    assert.equal(await focused(page), 'h1#page-title');
    await checkScreen(page, 'app-code-zh-CN');
    const field = page.getByLabel('识别码（8 位数字）');
    await field.fill('1234');
    await page.getByRole('button', { name: '继续', exact: true }).click();
    await page.getByText('请输入识别码的 8 位数字').waitFor();
    assert.equal(await focused(page), 'input#user-code', 'focus on the field to fix');
    await checkScreen(page, 'app-code-error-zh-CN');
    await field.fill(session.user_code.replace('-', ''));
    await page.getByRole('button', { name: '继续', exact: true }).click();
    // A resident first, then straight to the decision.
    await page.getByRole('button', { name: 'ZHANG Wei', exact: true }).click();
    await page.getByRole('button', { name: '拒绝', exact: true }).waitFor();
    assert.equal(await page.getByRole('button').count(), 2);
    await checkScreen(page, 'app-decide-typed-zh-CN');
    await page.getByRole('button', { name: '拒绝', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: '已拒绝登录' }).waitFor();
    assert.equal((await session.token()).body.error, 'access_denied');
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});

test('refusal screens: out of date, not found, already used', { skip }, async () => {
  const { context, page, problems } = await openPhone(browser);
  try {
    const session = await startQrSession(sandbox.issuer);
    // A payload from far in the future is as wrong as one from the past.
    await page.goto(session.qrLink(1000).href);
    await page.getByRole('heading', { level: 1, name: 'This QR code is out of date' }).waitFor();
    await page.getByText('Scan the QR code on the website again — it changes every second.').waitFor();
    await checkScreen(page, 'app-stale-en');
    const forged = session.qrLink();
    forged.searchParams.set('h', 'A'.repeat(43));
    await page.goto(forged.href);
    await page.getByRole('heading', { level: 1, name: 'Request not found' }).waitFor();
    await checkScreen(page, 'app-unknown-en');
    await page.goto(session.qrLink().href);
    await page.getByRole('button', { name: 'CHAN Tai Man', exact: true }).click();
    await page.getByRole('button', { name: session.user_code, exact: true }).click();
    await page.getByRole('button', { name: 'Approve', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: 'Login approved' }).waitFor();
    await page.goto(session.qrLink().href);
    await page.getByRole('heading', { level: 1, name: 'This request has already been used' }).waitFor();
    await checkScreen(page, 'app-used-en');
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});

test('a request that runs out of time while on screen: "time is up", then the expired screen', { skip }, async () => {
  // oidc-provider counts expiry in whole seconds: a 3 s lifetime ends 2–3 s after the start.
  const short = await startTestSandbox({ crossDevice: { lifetimeSeconds: 3 } });
  const { context, page, problems } = await openPhone(browser);
  try {
    const session = await startQrSession(short.issuer);
    await page.goto(session.qrLink().href);
    await page.getByRole('button', { name: 'LEE Ka Yan', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: 'Login request' }).waitFor();
    await page.waitForFunction(() => document.getElementById('announcer')?.textContent === 'Time is up. Start again on the website.');
    assert.equal(await page.locator('#time-left').textContent(), 'Time is up. Start again on the website.');
    await page.getByRole('heading', { level: 1, name: 'This login request has expired' }).waitFor();
    await checkScreen(page, 'app-expired-en');
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
    await short.stop();
  }
});
