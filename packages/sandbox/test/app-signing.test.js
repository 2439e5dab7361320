// The phone-app simulator's signing screen against the real engine over real HTTP: a device
// authorization with `credential` authorization details, opened from its QR link, shows the
// document names (escaped) and hash fingerprints computed here independently, in each language,
// and an approved signing request ends on "Signed". In headless Chromium (skipped when it is not
// installed): axe clean, no CSP violation, no sideways scrolling at 320 px.
// The functions passed to page.evaluate run in the page:
/* global document */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { after, before, test } from 'node:test';
import { CHROMIUM_BIN, launchChromium } from '../../../scripts/chromium.js';
import { assertReflows, axeViolations } from './browser-support.js';
import { DEMO_ORIGIN, createBrowser, press, startTestSandbox } from './helpers.js';
import { buttonNames, heading, startQrSession } from './app-support.js';

const SHA256_OID = '2.16.840.1.101.3.4.2.1';
const TENANCY = createHash('sha256').update('Tenancy agreement\nFlat C, 12/F, Block 3, Sandbox Garden\n').digest();
const HOSTILE = createHash('sha256').update('hostile').digest();

/** @type {Awaited<ReturnType<typeof startTestSandbox>>} */
let sandbox;
before(async () => {
  sandbox = await startTestSandbox({ crossDevice: { rateLimit: { max: 1000, windowSeconds: 60 } } });
});
after(() => sandbox.stop());

/** @param {{ hash: Buffer, label: string }[]} documents */
const signingDetails = (documents) => [{
  type: 'credential',
  credentialID: 'default',
  documentDigests: documents.map(({ hash, label }) => ({ hash: hash.toString('base64'), label })),
  hashAlgorithmOID: SHA256_OID,
}];

/**
 * The fingerprint as the resident should see it, from the hash bytes rather than the sandbox's code.
 * @param {Buffer} hash
 */
function fingerprintOf(hash) {
  const hex = [...hash.subarray(0, 8)].map((byte) => byte.toString(16).padStart(2, '0').toUpperCase()).join('');
  return [0, 4, 8, 12].map((at) => hex.slice(at, at + 4)).join(' ');
}

/**
 * A signing session opened on a phone with CHAN Tai Man signed in, in `lang`.
 * @param {{ hash: Buffer, label: string }[]} documents
 * @param {string} lang
 */
async function openSigning(documents, lang) {
  const session = await startQrSession(sandbox.issuer, { scope: 'openid', authorizationDetails: signingDetails(documents) });
  const browser = createBrowser();
  const signIn = await browser.follow(new URL(`/app/resident?lang=${lang}`, sandbox.issuer), sandbox.issuer);
  await press(browser, sandbox.issuer, await signIn.response.text(), signIn.location, 'CHAN Tai Man');
  const link = session.qrLink();
  link.searchParams.set('lang', lang);
  const { response, location } = await browser.follow(link, sandbox.issuer);
  assert.equal(response.status, 200);
  assert.match(location.pathname, /^\/app\/request\/[\w-]+$/);
  return { session, browser, page: await response.text(), location };
}

/** @param {string} page @param {Buffer} hash the fingerprint's <code>, with its spelled-out label */
function fingerprintCode(page, hash) {
  const fingerprint = fingerprintOf(hash);
  const spelled = fingerprint.split(' ').map((group) => group.split('').join(' ')).join(', ');
  return new RegExp(`<code class="fingerprint" translate="no" aria-label="${spelled}"\\s+aria-describedby="(fingerprint-help-\\d+)">${fingerprint}</code>`);
}

test('a signing request shows the document, its fingerprint and the codes; Approve ends on "Signed"', async () => {
  const { session, browser, page, location } = await openSigning([{ hash: TENANCY, label: 'Tenancy agreement.pdf' }], 'en');
  assert.equal(heading(page), 'Sign a document');
  assert.match(page, /<title>Sign a document · iAM Smart<\/title>/);
  assert.match(page, /Demo Partner Site \(sandbox\)/);
  assert.match(page, new RegExp(`<span class="origin" translate="no">${DEMO_ORIGIN}</span>`));
  assert.match(page, /asks you to sign with iAM Smart digital signing/);
  assert.match(page, /<dt>Document<\/dt><dd class="document-name">Tenancy agreement\.pdf<\/dd>/);
  const code = fingerprintCode(page, TENANCY).exec(page);
  assert.ok(code, `the fingerprint ${fingerprintOf(TENANCY)} is shown, spelled out for screen readers`);
  assert.match(page, new RegExp(`id="${code[1]}">Check that this matches the fingerprint on the website\\.</p>`));
  assert.doesNotMatch(page, /Access of the kind/);
  const codes = buttonNames(page);
  assert.equal(codes.length, 3);
  assert.ok(codes.includes(session.user_code));

  const decide = await press(browser, sandbox.issuer, page, location, session.user_code);
  const decidePage = await decide.response.text();
  assert.match(decidePage, /If you approve, Demo Partner Site \(sandbox\) will receive your digital signature on the documents above\./);
  assert.deepEqual(buttonNames(decidePage), ['Approve', 'Decline']);
  const done = await press(browser, sandbox.issuer, decidePage, decide.location, 'Approve');
  const donePage = await done.response.text();
  assert.equal(heading(donePage)?.replace(/<[^>]+>/g, ''), 'Signed');
  assert.match(donePage, /You have signed for Demo Partner Site \(sandbox\)\./);
  const tokens = await session.token();
  assert.equal(tokens.status, 200);
  assert.equal(tokens.body.authorization_details[0].documentDigests[0].hash, TENANCY.toString('base64'));
});

test('the signing screen in Traditional Chinese, and Approve ends on 「已簽署」', async () => {
  const { session, browser, page, location } = await openSigning([{ hash: TENANCY, label: 'Tenancy agreement.pdf' }], 'zh-HK');
  assert.match(page, /<html lang="zh-HK">/);
  assert.equal(heading(page), '簽署文件');
  assert.match(page, /以「智方便」數碼簽署簽署文件/);
  assert.match(page, /<dt>文件<\/dt><dd class="document-name">Tenancy agreement\.pdf<\/dd>/);
  assert.match(page, /<dt>文件指紋<\/dt>/);
  assert.match(page, fingerprintCode(page, TENANCY));
  assert.match(page, /請核對此指紋與網站顯示的指紋相符。/);
  const decide = await press(browser, sandbox.issuer, page, location, session.user_code);
  const done = await press(browser, sandbox.issuer, await decide.response.text(), decide.location, '批准');
  assert.equal(heading(await done.response.text())?.replace(/<[^>]+>/g, ''), '已簽署');
});

test('the signing screen in Simplified Chinese', async () => {
  const { page } = await openSigning([{ hash: TENANCY, label: 'Tenancy agreement.pdf' }], 'zh-CN');
  assert.equal(heading(page), '签署文件');
  assert.match(page, /以「智方便」数码签署签署文件/);
  assert.match(page, /请核对此指纹与网站显示的指纹相符。/);
  assert.match(page, fingerprintCode(page, TENANCY));
});

test('every document is listed, and a hostile document name is escaped', async () => {
  const label = '<script>alert(1)</script>"&.pdf';
  const { page } = await openSigning([{ hash: TENANCY, label: 'Tenancy agreement.pdf' }, { hash: HOSTILE, label }], 'en');
  assert.doesNotMatch(page, /<script>alert/);
  assert.match(page, /<dd class="document-name">&lt;script&gt;alert\(1\)&lt;\/script&gt;&quot;&amp;\.pdf<\/dd>/);
  assert.match(page, fingerprintCode(page, TENANCY));
  assert.match(page, fingerprintCode(page, HOSTILE));
  assert.equal([...page.matchAll(/<dl class="document">/g)].length, 2);
});

test('a login request keeps its heading and shows no documents', async () => {
  const session = await startQrSession(sandbox.issuer);
  const browser = createBrowser();
  const signIn = await browser.follow(new URL('/app/resident', sandbox.issuer), sandbox.issuer);
  await press(browser, sandbox.issuer, await signIn.response.text(), signIn.location, 'CHAN Tai Man');
  const { response } = await browser.follow(session.qrLink(), sandbox.issuer);
  const page = await response.text();
  assert.equal(heading(page), 'Login request');
  assert.doesNotMatch(page, /Documents to sign|class="fingerprint"/);
});

test('the signing screen in Chromium (zh-HK): axe clean, no CSP violation, reflows at 320 px', { skip: existsSync(CHROMIUM_BIN) ? false : `${CHROMIUM_BIN} is not installed` }, async () => {
  const session = await startQrSession(sandbox.issuer, { scope: 'openid', authorizationDetails: signingDetails([{ hash: TENANCY, label: 'Tenancy agreement.pdf' }]) });
  const chromium = await launchChromium();
  try {
    const context = await chromium.newContext({ locale: 'zh-HK', viewport: { width: 390, height: 844 } });
    const page = await context.newPage();
    /** @type {string[]} */
    const problems = [];
    page.on('console', (message) => { if (message.type() === 'error' || message.type() === 'warning') problems.push(message.text()); });
    page.on('pageerror', (error) => problems.push(error.message));
    await page.goto(session.qrLink().href);
    await page.getByRole('button', { name: 'CHAN Tai Man', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: '簽署文件' }).waitFor();
    assert.equal(await page.locator('code.fingerprint').textContent(), fingerprintOf(TENANCY));
    assert.deepEqual(await axeViolations(page), []);
    await assertReflows(page, 'app-sign-zh-HK', async () => {
      const overflowing = await page.evaluate(() => [...document.querySelectorAll('.document dd')].filter((dd) => dd.scrollWidth > dd.clientWidth).length);
      assert.equal(overflowing, 0, 'document names and fingerprints wrap');
    });
    await page.getByRole('button', { name: session.user_code, exact: true }).click();
    await page.getByRole('button', { name: '批准', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: '已簽署' }).waitFor();
    assert.deepEqual(await axeViolations(page), []);
    assert.deepEqual(problems, [], 'no CSP violation or console error');
  } finally {
    await chromium.close();
  }
});
