// The phone-app simulator's sign screen against the real engine over real HTTP: a device
// authorization with `credential` authorization details, opened from its QR link, shows the
// document names (escaped) and hash fingerprints computed here independently, in each language,
// and an approved sign request ends on "Signed". A declined, stopped (wrong code), expired or
// reused sign request says so in the sign flow's own words in each language, never "login". In
// headless Chromium (skipped when it is not installed): axe clean, no CSP violation, no sideways
// scrolling at 320 px.
// The functions passed to page.evaluate run in the page:
/* global document */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { after, before, describe, test } from 'node:test';
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
const signDetails = (documents) => [{
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
 * A sign session opened on a phone with CHAN Tai Man signed in, in `lang`.
 * @param {{ hash: Buffer, label: string }[]} documents
 * @param {string} lang
 * @param {{ issuer: string }} [on] the sandbox (by default the one of this file)
 */
async function openSignRequest(documents, lang, { issuer } = sandbox) {
  const session = await startQrSession(issuer, { scope: 'openid', authorizationDetails: signDetails(documents) });
  const browser = createBrowser();
  const signIn = await browser.follow(new URL(`/app/resident?lang=${lang}`, issuer), issuer);
  await press(browser, issuer, await signIn.response.text(), signIn.location, 'CHAN Tai Man');
  const link = session.qrLink();
  link.searchParams.set('lang', lang);
  const { response, location } = await browser.follow(link, issuer);
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

test('a sign request shows the document, its fingerprint and the codes; Approve ends on "Signed"', async () => {
  const { session, browser, page, location } = await openSignRequest([{ hash: TENANCY, label: 'Tenancy agreement.pdf' }], 'en');
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

test('the sign screen in Traditional Chinese, and Approve ends on 「已簽署」', async () => {
  const { session, browser, page, location } = await openSignRequest([{ hash: TENANCY, label: 'Tenancy agreement.pdf' }], 'zh-HK');
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

test('the sign screen in Simplified Chinese', async () => {
  const { page } = await openSignRequest([{ hash: TENANCY, label: 'Tenancy agreement.pdf' }], 'zh-CN');
  assert.equal(heading(page), '签署文件');
  assert.match(page, /以「智方便」数码签署签署文件/);
  assert.match(page, /请核对此指纹与网站显示的指纹相符。/);
  assert.match(page, fingerprintCode(page, TENANCY));
});

test('every document is listed, and a hostile document name is escaped', async () => {
  const label = '<script>alert(1)</script>"&.pdf';
  const { page } = await openSignRequest([{ hash: TENANCY, label: 'Tenancy agreement.pdf' }, { hash: HOSTILE, label }], 'en');
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

/** What the screens that end a sign request say, written out here rather than taken from the sandbox's i18n. */
const ENDINGS = {
  en: {
    approve: 'Approve',
    decline: 'Decline',
    declined: 'Signing declined',
    declinedHelp: /You declined, so nothing was signed\. Demo Partner Site \(sandbox\) is told that you did not sign\./,
    stopped: 'Request stopped for your safety',
    stoppedHelp: /so this signing request was stopped and nothing was signed\. If you were signing, start again on the website\./,
    expired: 'This signing request has expired',
    expiredHelp: /There was not enough time left, so nothing was signed\. Start the signing again on the website\./,
    used: 'This signing request has already been used',
    usedHelp: /If you still need to sign, start again on the website\./,
  },
  'zh-HK': {
    approve: '批准',
    decline: '拒絕',
    declined: '已拒絕數碼簽署',
    declinedHelp: /你已拒絕，文件並未簽署。「示範合作網站（沙盒）」會得知你沒有簽署。/,
    stopped: '為保障你的安全，要求已停止',
    stoppedHelp: /因此此數碼簽署要求已停止，文件並未簽署。如你正在簽署，請在網站重新開始。/,
    expired: '此數碼簽署要求已過期',
    expiredHelp: /剩餘時間不足，文件並未簽署。請在網站重新開始數碼簽署。/,
    used: '此數碼簽署要求已被使用',
    usedHelp: /如仍需簽署，請在網站重新開始。/,
  },
  'zh-CN': {
    approve: '批准',
    decline: '拒绝',
    declined: '已拒绝数码签署',
    declinedHelp: /你已拒绝，文件并未签署。「示范合作网站（沙盒）」会得知你没有签署。/,
    stopped: '为保障你的安全，请求已停止',
    stoppedHelp: /因此此数码签署请求已停止，文件并未签署。如你正在签署，请在网站重新开始。/,
    expired: '此数码签署请求已过期',
    expiredHelp: /剩余时间不足，文件并未签署。请在网站重新开始数码签署。/,
    used: '此数码签署请求已被使用',
    usedHelp: /如仍需签署，请在网站重新开始。/,
  },
};
const LOGIN_WORDS = /Login|login|登入|登录/;

/** @param {string} page HTML @returns {string} the main content's text, where "login" must not appear */
const mainText = (page) => (/<main[^>]*>([\s\S]*?)<\/main>/.exec(page)?.[1] ?? '').replace(/<[^>]+>/g, ' ');

for (const [lang, words] of Object.entries(ENDINGS)) {
  test(`${lang}: Decline ends a sign request on "${words.declined}"; the old form then finds it used`, async () => {
    const { session, browser, page, location } = await openSignRequest([{ hash: TENANCY, label: 'Tenancy agreement.pdf' }], lang);
    const decide = await press(browser, sandbox.issuer, page, location, session.user_code);
    const decidePage = await decide.response.text();
    const declined = await press(browser, sandbox.issuer, decidePage, decide.location, words.decline);
    const declinedPage = await declined.response.text();
    assert.equal(declined.response.status, 200);
    assert.equal(heading(declinedPage), words.declined);
    assert.match(declinedPage, new RegExp(`<title>${words.declined} · `));
    assert.match(declinedPage, words.declinedHelp);
    assert.doesNotMatch(mainText(declinedPage), LOGIN_WORDS);
    assert.equal((await session.token()).body.error, 'access_denied');
    // The screen stays what happened when reloaded.
    assert.equal(heading(await (await browser.follow(declined.location, sandbox.issuer)).response.text()), words.declined);
    // Approve from the stale decision screen (a second tab, the back button): refused as used.
    const late = await press(browser, sandbox.issuer, decidePage, decide.location, words.approve);
    const latePage = await late.response.text();
    assert.equal(late.response.status, 410);
    assert.equal(heading(latePage), words.used);
    assert.match(latePage, words.usedHelp);
    assert.doesNotMatch(mainText(latePage), LOGIN_WORDS);
  });

  test(`${lang}: a wrong identification code stops a sign request, and says nothing was signed`, async () => {
    const { session, browser, page, location } = await openSignRequest([{ hash: TENANCY, label: 'Tenancy agreement.pdf' }], lang);
    const wrong = buttonNames(page).find((code) => /^\d{4}-\d{4}$/.test(code) && code !== session.user_code);
    assert.ok(wrong);
    const stopped = await press(browser, sandbox.issuer, page, location, wrong);
    const stoppedPage = await stopped.response.text();
    assert.equal(heading(stoppedPage), words.stopped);
    assert.match(stoppedPage, words.stoppedHelp);
    assert.doesNotMatch(mainText(stoppedPage), LOGIN_WORDS);
    assert.deepEqual(buttonNames(stoppedPage), [], 'no Approve after a wrong code');
    assert.equal((await session.token()).body.error, 'access_denied');
  });
}

describe('a sign request that runs out of time', () => {
  /** @type {Awaited<ReturnType<typeof startTestSandbox>>} */
  let short;
  before(async () => {
    // oidc-provider counts expiry in whole seconds: a 3 s lifetime ends 2–3 s after the start.
    short = await startTestSandbox({ crossDevice: { lifetimeSeconds: 3, rateLimit: { max: 1000, windowSeconds: 60 } } });
  });
  after(() => short.stop());

  test('says "This signing request has expired" in each language; a late scan of its QR code names no kind', async () => {
    const opened = await Promise.all(Object.keys(ENDINGS).map(async (lang) => ({
      lang, ...(await openSignRequest([{ hash: TENANCY, label: 'Tenancy agreement.pdf' }], lang, short)),
    })));
    await sleep(3100);
    for (const { lang, session, browser, page, location } of opened) {
      const words = ENDINGS[/** @type {keyof typeof ENDINGS} */ (lang)];
      const reload = await browser.follow(location, short.issuer);
      const reloadPage = await reload.response.text();
      assert.equal(reload.response.status, 410, lang);
      assert.equal(heading(reloadPage), words.expired);
      assert.match(reloadPage, words.expiredHelp);
      assert.doesNotMatch(mainText(reloadPage), LOGIN_WORDS);
      // Tapping the code on the screen still open is refused the same way.
      const tapped = await press(browser, short.issuer, page, location, session.user_code);
      assert.equal(tapped.response.status, 410, lang);
      assert.equal(heading(await tapped.response.text()), words.expired);
    }
    const { session, browser } = opened[0];
    const late = await browser.follow(session.qrLink(), short.issuer);
    assert.equal(late.response.status, 410);
    assert.equal(heading(await late.response.text()), 'This request has expired');
  });
});

test('the sign screen in Chromium (zh-HK): axe clean, no CSP violation, reflows at 320 px', { skip: existsSync(CHROMIUM_BIN) ? false : `${CHROMIUM_BIN} is not installed` }, async () => {
  const session = await startQrSession(sandbox.issuer, { scope: 'openid', authorizationDetails: signDetails([{ hash: TENANCY, label: 'Tenancy agreement.pdf' }]) });
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

test('the declined and stopped sign screens in Chromium (zh-CN): axe clean, no CSP violation, reflow at 320 px', { skip: existsSync(CHROMIUM_BIN) ? false : `${CHROMIUM_BIN} is not installed` }, async () => {
  const details = signDetails([{ hash: TENANCY, label: 'Tenancy agreement.pdf' }]);
  const chromium = await launchChromium();
  try {
    const context = await chromium.newContext({ locale: 'zh-CN', viewport: { width: 390, height: 844 } });
    const page = await context.newPage();
    /** @type {string[]} */
    const problems = [];
    page.on('console', (message) => { if (message.type() === 'error' || message.type() === 'warning') problems.push(message.text()); });
    page.on('pageerror', (error) => problems.push(error.message));

    const declining = await startQrSession(sandbox.issuer, { scope: 'openid', authorizationDetails: details });
    await page.goto(declining.qrLink().href);
    await page.getByRole('button', { name: 'CHAN Tai Man', exact: true }).click();
    await page.getByRole('button', { name: declining.user_code, exact: true }).click();
    await page.getByRole('button', { name: '拒绝', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: '已拒绝数码签署' }).waitFor();
    assert.deepEqual(await axeViolations(page), []);
    await assertReflows(page, 'app-sign-declined-zh-CN');

    const stopping = await startQrSession(sandbox.issuer, { scope: 'openid', authorizationDetails: details });
    await page.goto(stopping.qrLink().href);
    const codes = await page.locator('.code-choice').allTextContents();
    const wrong = codes.find((code) => code !== stopping.user_code);
    assert.ok(wrong);
    await page.getByRole('button', { name: wrong, exact: true }).click();
    await page.getByRole('heading', { level: 1, name: '为保障你的安全，请求已停止' }).waitFor();
    await page.getByText(/此数码签署请求已停止，文件并未签署/).waitFor();
    assert.deepEqual(await axeViolations(page), []);
    assert.deepEqual(problems, [], 'no CSP violation or console error');
  } finally {
    await chromium.close();
  }
});
