// The phone-app simulator's eme screen against the real engine over real HTTP, in each
// language: the form's name, number and purpose, each field labelled in iAM Smart's e-ME wording
// with the resident's value written for people (HKID with its check digit in brackets, phones in
// groups, addresses in the page language's order, dates in words), required and optional marked.
// Declined, stopped, expired and reused eme requests say so in the eme flow's own words,
// never "login". In headless Chromium (skipped when it is not installed): every state axe clean,
// no CSP violation, no sideways scrolling at 320 px, and an optional field unticked by keyboard.
// The functions passed to page.evaluate run in the page:
/* global document */
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { after, before, describe, test } from 'node:test';
import { CHROMIUM_BIN, launchChromium } from '../../../scripts/chromium.js';
import { assertReflows, axeViolations } from './browser-support.js';
import { createBrowser, press, startTestSandbox } from './helpers.js';
import { buttonNames, heading, startQrSession } from './app-support.js';

/** @type {Awaited<ReturnType<typeof startTestSandbox>>} */
let sandbox;
before(async () => {
  sandbox = await startTestSandbox({ crossDevice: { rateLimit: { max: 1000, windowSeconds: 60 } } });
});
after(() => sandbox.stop());

const DETAILS = [{
  type: 'eme',
  fields: ['enName', 'chName', 'idNo', 'birthDate', 'gender', 'mobileNumber', 'homeTelNumber', 'residentialAddress', 'propertyOwner'],
  optionalFields: ['homeTelNumber', 'propertyOwner'],
  formName: 'Library card <application> & renewal',
  formNum: 'LIB-01',
  purpose: 'To issue your library card',
}];

/**
 * An eme session opened on a phone with `resident` signed in, in `lang`.
 * @param {string} lang
 * @param {{ issuer: string }} [on] the sandbox (by default the one of this file)
 * @param {string} [resident]
 */
async function openForm(lang, { issuer } = sandbox, resident = 'CHAN Tai Man') {
  const session = await startQrSession(issuer, { scope: 'openid', authorizationDetails: DETAILS });
  const browser = createBrowser();
  const signIn = await browser.follow(new URL(`/app/resident?lang=${lang}`, issuer), issuer);
  await press(browser, issuer, await signIn.response.text(), signIn.location, resident);
  const link = session.qrLink();
  link.searchParams.set('lang', lang);
  const { response, location } = await browser.follow(link, issuer);
  assert.equal(response.status, 200);
  return { session, browser, page: await response.text(), location };
}

/** The text of each field row, tags removed. @param {string} page */
const fieldRows = (page) => [...page.matchAll(/<li class="eme-field[^"]*">([\s\S]*?)<\/li>/g)]
  .map(([, row]) => row.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ').trim());

/** What each language shows, written out here rather than taken from the sandbox's i18n. */
const SCREENS = {
  en: {
    title: 'Fill with iAM Smart',
    intro: /Demo Partner Site \(sandbox\) asks for these details from your e-ME profile to fill its form\./,
    form: /<dt>Form name<\/dt><dd class="form-name">Library card &lt;application&gt; &amp; renewal<\/dd>\s*<dt>Form number<\/dt><dd>LIB-01<\/dd>\s*<dt>Purpose<\/dt><dd>To issue your library card<\/dd>/,
    rows: [
      'English name (Required) CHAN Tai Man',
      'Chinese name (Required) 陳大文',
      'HKIC number (Required) K543210(3)',
      'Date of birth (Required) 14 March 1978',
      'Gender (Required) Male',
      'Mobile number (Required) +852 9123 4567',
      'Home telephone number (Optional) +852 2604 1234',
      'Residential address (Required) Flat C, 12/F, Block 3, Sandbox Garden, 18 Tai Chung Kiu Road, Sha Tin, Sha Tin, New Territories',
      'Property owner (Optional) Yes',
    ],
    decide: /If you approve, Demo Partner Site \(sandbox\) will receive the details above, except those not available or unticked\./,
    approve: 'Approve',
    decline: 'Decline',
    approved: 'Details given',
    declined: 'Form filling declined',
    declinedHelp: /You declined, so no details were given\. Demo Partner Site \(sandbox\) is told that you did not approve\./,
    stopped: 'Request stopped for your safety',
    stoppedHelp: /so this form filling request was stopped and no details were given\. If you were filling a form, start again on the website\./,
    expired: 'This form filling request has expired',
    expiredHelp: /There was not enough time left, so no details were given\. Start again on the website\./,
    used: 'This form filling request has already been used',
    usedHelp: /If you still need to fill the form, start again on the website\./,
  },
  'zh-HK': {
    title: '以智方便填寫',
    intro: /「示範合作網站（沙盒）」要求以你「智方便」填表 \/ e-ME 中的以下資料填寫表格。/,
    form: /<dt>表格名稱<\/dt><dd class="form-name">Library card &lt;application&gt; &amp; renewal<\/dd>\s*<dt>表格編號<\/dt><dd>LIB-01<\/dd>\s*<dt>用途<\/dt>/,
    rows: [
      '英文姓名 (必填) CHAN Tai Man',
      '中文姓名 (必填) 陳大文',
      '香港身份證號碼 (必填) K543210(3)',
      '出生日期 (必填) 1978年3月14日',
      '性別 (必填) 男',
      '流動電話號碼 (必填) +852 9123 4567',
      '住宅電話號碼 (選填) +852 2604 1234',
      '住址 (必填) 新界沙田區沙田大涌橋路18號沙盒花園第3座12樓C室',
      '物業擁有人 (選填) 是',
    ],
    decide: /如你批准，「示範合作網站（沙盒）」會收到以上資料（沒有資料或已取消勾選的除外）。/,
    approve: '批准',
    decline: '拒絕',
    approved: '已提供資料',
    declined: '已拒絕填表',
    declinedHelp: /你已拒絕，並未提供任何資料。「示範合作網站（沙盒）」會得知你沒有批准。/,
    stopped: '為保障你的安全，要求已停止',
    stoppedHelp: /因此此填表要求已停止，並未提供任何資料。如你正在填表，請在網站重新開始。/,
    expired: '此填表要求已過期',
    expiredHelp: /剩餘時間不足，並未提供任何資料。請在網站重新開始。/,
    used: '此填表要求已被使用',
    usedHelp: /如仍需填表，請在網站重新開始。/,
  },
  'zh-CN': {
    title: '以智方便填写',
    intro: /「示范合作网站（沙盒）」要求以你「智方便」填表 \/ e-ME 中的以下资料填写表格。/,
    form: /<dt>表格名称<\/dt><dd class="form-name">Library card &lt;application&gt; &amp; renewal<\/dd>\s*<dt>表格编号<\/dt><dd>LIB-01<\/dd>\s*<dt>用途<\/dt>/,
    rows: [
      '英文姓名 (必填) CHAN Tai Man',
      '中文姓名 (必填) 陳大文',
      '香港身份证号码 (必填) K543210(3)',
      '出生日期 (必填) 1978年3月14日',
      '性别 (必填) 男',
      '流动电话号码 (必填) +852 9123 4567',
      '住宅电话号码 (选填) +852 2604 1234',
      '住址 (必填) 新界沙田區沙田大涌橋路18號沙盒花園第3座12樓C室',
      '物业拥有人 (选填) 是',
    ],
    decide: /如你批准，「示范合作网站（沙盒）」会收到以上资料（没有资料或已取消勾选的除外）。/,
    approve: '批准',
    decline: '拒绝',
    approved: '已提供资料',
    declined: '已拒绝填表',
    declinedHelp: /你已拒绝，并未提供任何资料。「示范合作网站（沙盒）」会得知你没有批准。/,
    stopped: '为保障你的安全，请求已停止',
    stoppedHelp: /因此此填表请求已停止，并未提供任何资料。如你正在填表，请在网站重新开始。/,
    expired: '此填表请求已过期',
    expiredHelp: /剩余时间不足，并未提供任何资料。请在网站重新开始。/,
    used: '此填表请求已被使用',
    usedHelp: /如仍需填表，请在网站重新开始。/,
  },
};
const LOGIN_WORDS = /Login|login|登入|登录/;

/** @param {string} page HTML @returns {string} the main content's text, where "login" must not appear */
const mainText = (page) => (/<main[^>]*>([\s\S]*?)<\/main>/.exec(page)?.[1] ?? '').replace(/<[^>]+>/g, ' ');

for (const [lang, words] of Object.entries(SCREENS)) {
  test(`${lang}: the eme screen shows the form and each field with the resident's value; Approve ends on "${words.approved}"`, async () => {
    const { session, browser, page, location } = await openForm(lang);
    assert.match(page, new RegExp(`<html lang="${lang}">`));
    assert.equal(heading(page), words.title);
    assert.match(page, new RegExp(`<title>${words.title} · `));
    assert.match(page, words.intro);
    assert.match(page, words.form, 'the form\'s name escaped, its number and purpose');
    assert.deepEqual(fieldRows(page), words.rows);
    assert.match(page, /<span class="field-value" id="value-chName" lang="zh-HK">陳大文<\/span>/);
    const codes = buttonNames(page);
    assert.equal(codes.length, 3);
    assert.ok(codes.includes(session.user_code));

    const decide = await press(browser, sandbox.issuer, page, location, session.user_code);
    const decidePage = await decide.response.text();
    assert.match(decidePage, words.decide);
    assert.deepEqual(buttonNames(decidePage), [words.approve, words.decline]);
    assert.equal([...decidePage.matchAll(/<input type="checkbox" id="keep-(\w+)" name="keep" value="\1" form="decide-form" checked aria-describedby="value-\1">/g)]
      .map(([, field]) => field).join(), 'homeTelNumber,propertyOwner');
    const done = await press(browser, sandbox.issuer, decidePage, decide.location, words.approve);
    const donePage = await done.response.text();
    assert.equal(heading(donePage), words.approved);
    assert.doesNotMatch(mainText(donePage), LOGIN_WORDS);
    assert.equal((await session.token()).status, 200);
  });

  test(`${lang}: Decline ends an eme request on "${words.declined}"; the old form then finds it used`, async () => {
    const { session, browser, page, location } = await openForm(lang);
    const decide = await press(browser, sandbox.issuer, page, location, session.user_code);
    const decidePage = await decide.response.text();
    const declined = await press(browser, sandbox.issuer, decidePage, decide.location, words.decline);
    const declinedPage = await declined.response.text();
    assert.equal(heading(declinedPage), words.declined);
    assert.match(declinedPage, words.declinedHelp);
    assert.doesNotMatch(mainText(declinedPage), LOGIN_WORDS);
    assert.equal((await session.token()).body.error, 'access_denied');
    const late = await press(browser, sandbox.issuer, decidePage, decide.location, words.approve);
    const latePage = await late.response.text();
    assert.equal(late.response.status, 410);
    assert.equal(heading(latePage), words.used);
    assert.match(latePage, words.usedHelp);
    assert.doesNotMatch(mainText(latePage), LOGIN_WORDS);
  });

  test(`${lang}: a wrong identification code stops an eme request, and says no details were given`, async () => {
    const { session, browser, page, location } = await openForm(lang);
    const wrong = buttonNames(page).find((code) => /^\d{4}-\d{4}$/.test(code) && code !== session.user_code);
    assert.ok(wrong);
    const stopped = await press(browser, sandbox.issuer, page, location, wrong);
    const stoppedPage = await stopped.response.text();
    assert.equal(heading(stoppedPage), words.stopped);
    assert.match(stoppedPage, words.stoppedHelp);
    assert.doesNotMatch(mainText(stoppedPage), LOGIN_WORDS);
    assert.equal((await session.token()).body.error, 'access_denied');
  });
}

describe('an eme request that runs out of time', () => {
  /** @type {Awaited<ReturnType<typeof startTestSandbox>>} */
  let short;
  before(async () => {
    // oidc-provider counts expiry in whole seconds: a 3 s lifetime ends 2–3 s after the start.
    short = await startTestSandbox({ crossDevice: { lifetimeSeconds: 3, rateLimit: { max: 1000, windowSeconds: 60 } } });
  });
  after(() => short.stop());

  test('says "This form filling request has expired" in each language', async () => {
    const opened = await Promise.all(Object.keys(SCREENS).map(async (lang) => ({ lang, ...(await openForm(lang, short)) })));
    await sleep(3100);
    for (const { lang, browser, location } of opened) {
      const words = SCREENS[/** @type {keyof typeof SCREENS} */ (lang)];
      const reload = await browser.follow(location, short.issuer);
      const reloadPage = await reload.response.text();
      assert.equal(reload.response.status, 410, lang);
      assert.equal(heading(reloadPage), words.expired);
      assert.match(reloadPage, words.expiredHelp);
      assert.doesNotMatch(mainText(reloadPage), LOGIN_WORDS);
    }
  });
});

test('the eme screens in Chromium: axe clean in each state and language, an optional field unticked by keyboard, reflow at 320 px', { skip: existsSync(CHROMIUM_BIN) ? false : `${CHROMIUM_BIN} is not installed` }, async () => {
  const chromium = await launchChromium();
  try {
    for (const lang of /** @type {(keyof typeof SCREENS)[]} */ (Object.keys(SCREENS))) {
      const words = SCREENS[lang];
      const context = await chromium.newContext({ locale: lang, viewport: { width: 390, height: 844 } });
      const page = await context.newPage();
      /** @type {string[]} */
      const problems = [];
      page.on('console', (message) => { if (message.type() === 'error' || message.type() === 'warning') problems.push(message.text()); });
      page.on('pageerror', (error) => problems.push(error.message));

      // Lee Ka Yan has no office telephone: "Not available" is one of the states checked.
      const approving = await startQrSession(sandbox.issuer, { scope: 'openid', authorizationDetails: [{ ...DETAILS[0], fields: [...DETAILS[0].fields, 'officeTelNumber'] }] });
      await page.goto(approving.qrLink().href);
      await page.getByRole('button', { name: 'LEE Ka Yan', exact: true }).click();
      await page.getByRole('heading', { level: 1, name: words.title }).waitFor();
      assert.deepEqual(await axeViolations(page), [], `${lang}: choose`);
      await assertReflows(page, `app-eme-${lang}`);
      await page.getByRole('button', { name: approving.user_code, exact: true }).click();
      const optional = page.getByRole('checkbox', { name: words.rows[6].replace(/\s\+852.*$/, '') });
      await optional.waitFor();
      assert.equal(await optional.isChecked(), true);
      assert.deepEqual(await axeViolations(page), [], `${lang}: decide`);
      await assertReflows(page, `app-eme-decide-${lang}`, async () => {
        const overflowing = await page.evaluate(() => [...document.querySelectorAll('.eme-field > *')].filter((part) => part.scrollWidth > part.clientWidth).length);
        assert.equal(overflowing, 0, 'values wrap');
      });
      // Keyboard only: the checkbox takes focus and Space unticks it; Enter on Approve sends the form.
      await optional.focus();
      await page.keyboard.press('Space');
      assert.equal(await optional.isChecked(), false);
      await page.getByRole('button', { name: words.approve, exact: true }).focus();
      await page.keyboard.press('Enter');
      await page.getByRole('heading', { level: 1, name: words.approved }).waitFor();
      assert.deepEqual(await axeViolations(page), [], `${lang}: approved`);
      const tokens = await approving.token();
      assert.deepEqual(tokens.body.authorization_details[0].fields,
        ['enName', 'chName', 'idNo', 'birthDate', 'gender', 'mobileNumber', 'residentialAddress', 'propertyOwner']);

      const declining = await startQrSession(sandbox.issuer, { scope: 'openid', authorizationDetails: DETAILS });
      await page.goto(declining.qrLink().href);
      await page.getByRole('button', { name: declining.user_code, exact: true }).click();
      await page.getByRole('button', { name: words.decline, exact: true }).click();
      await page.getByRole('heading', { level: 1, name: words.declined }).waitFor();
      assert.deepEqual(await axeViolations(page), [], `${lang}: declined`);

      const stopping = await startQrSession(sandbox.issuer, { scope: 'openid', authorizationDetails: DETAILS });
      await page.goto(stopping.qrLink().href);
      const wrong = (await page.locator('.code-choice').allTextContents()).find((code) => code !== stopping.user_code);
      assert.ok(wrong);
      await page.getByRole('button', { name: wrong, exact: true }).click();
      await page.getByRole('heading', { level: 1, name: words.stopped }).waitFor();
      assert.deepEqual(await axeViolations(page), [], `${lang}: stopped`);
      assert.deepEqual(problems, [], `${lang}: no CSP violation or console error`);
      await context.close();
    }
  } finally {
    await chromium.close();
  }
});
