// The simulator's and sign-in pages' security screens (decisions 026 and 027) in real headless
// Chromium against the real sandbox: where the request came from, with the alert when the desktop
// is on another network (login, signing, e-ME; QR and typed code; three languages), the second
// phone's refusal (409) and the first phone's "stopped" page, the wrong-code limits per phone and
// per address, and the sign-in confirm's CSRF refusal (403). Every screen: axe clean, no console
// error or CSP violation, no sideways scrolling at 320 px, targets at least 44 px. Skipped when
// Chromium is not installed. Set SANDBOX_SCREENSHOTS=<folder> to keep screenshots.
// The functions passed to page.evaluate run in the page:
/* global document */
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import { CHROMIUM_BIN, launchChromium } from '../../../scripts/chromium.js';
import { authorizationRequest, DEMO_ORIGIN, startTestSandbox } from './helpers.js';
import { DESKTOP_CHROME_LINUX, startQrSession } from './app-support.js';
import { checkScreen, openPhone } from './browser-support.js';
import { WRONG_CODES } from '../src/app/state.js';

const skip = existsSync(CHROMIUM_BIN) ? false : `${CHROMIUM_BIN} is not installed`;

/** Another /24 on the loopback interface (Linux routes all of 127/8 there): a desktop "elsewhere". */
const ELSEWHERE = { localAddress: '127.0.1.5', userAgent: DESKTOP_CHROME_LINUX };
/** The phone's own network (Chromium reaches the sandbox on 127.0.0.1 or ::1, compared as one). */
const SAME_NETWORK = { localAddress: '127.0.0.1', userAgent: DESKTOP_CHROME_LINUX };

/** The words each language shows, from the strings files as a resident reads them. */
const WORDS = {
  'en-GB': {
    warning: 'Someone may be trying to trick you', context: 'Where this request came from', browser: 'Chrome on Linux',
    different: 'A different network from this phone', same: 'The same network as this phone',
    login: 'Login request', approve: 'Approve', decline: 'Decline',
    elsewhere: 'This QR code was already scanned on another phone', stopped: 'Request stopped for your safety',
    csrf: 'This approval could not be checked', csrfBack: 'Check the request again', code: 'Enter identification code', codeLabel: 'Identification code (8 digits)', continue: 'Continue',
  },
  'zh-HK': {
    warning: '可能有人試圖欺騙你', context: '此要求的來源', browser: 'Linux 上的 Chrome',
    different: '與這部手機不同的網絡', same: '與這部手機相同的網絡',
    login: '登入要求', approve: '批准', decline: '拒絕',
    elsewhere: '此二維碼或識別碼已在另一部手機上掃描', stopped: '為保障你的安全，要求已停止',
    csrf: '未能核實此批准', csrfBack: '重新查看要求', code: '輸入識別碼', codeLabel: '識別碼（8 位數字）', continue: '繼續',
  },
  'zh-CN': {
    warning: '可能有人试图欺骗你', context: '此请求的来源', browser: 'Linux 上的 Chrome',
    different: '与这部手机不同的网络', same: '与这部手机相同的网络',
    login: '登录请求', approve: '批准', decline: '拒绝',
    elsewhere: '此二维码或识别码已在另一部手机上扫描', stopped: '为保障你的安全，请求已停止',
    csrf: '无法核实此批准', csrfBack: '重新查看请求', code: '输入识别码', codeLabel: '识别码（8 位数字）', continue: '继续',
  },
};
/** @typedef {keyof typeof WORDS} Locale */

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
 * The phone opens the session's QR link and signs in CHAN Tai Man.
 * @param {import('playwright-core').Page} page @param {Awaited<ReturnType<typeof startQrSession>>} session
 */
async function scan(page, session) {
  await page.goto(session.qrLink().href);
  await page.getByRole('button', { name: 'CHAN Tai Man', exact: true }).click();
}

/**
 * The context section: a region named by its own heading, with the browser and the network.
 * @param {import('playwright-core').Page} page @param {Locale} locale @param {'same' | 'different'} network
 */
async function assertContext(page, locale, network) {
  const words = WORDS[locale];
  const region = page.getByRole('region', { name: words.context, exact: true });
  assert.equal(await region.count(), 1, `${locale}: the context is a region named by its heading`);
  assert.equal(await region.getByRole('heading', { level: 2, name: words.context, exact: true }).count(), 1);
  assert.equal(await region.locator('#context-browser').textContent(), words.browser);
  assert.equal(await region.locator('#context-network').textContent(), words[network]);
  assert.match(String(await region.locator('#context-started').textContent()), /^\d\d:\d\d:\d\d/);
}

/**
 * The warning is an alert named by its heading (so a screen reader announces it), and it comes
 * before the decision in reading and Tab order. Returns the alert's locator.
 * @param {import('playwright-core').Page} page @param {Locale} locale
 */
async function assertAlert(page, locale) {
  const alert = page.getByRole('alert', { name: WORDS[locale].warning, exact: true });
  assert.equal(await alert.count(), 1, `${locale}: the warning is exposed as an alert with its heading as name`);
  assert.equal(await alert.getByRole('heading', { level: 2, name: WORDS[locale].warning, exact: true }).count(), 1);
  return alert;
}

/**
 * Keyboard alone, from the page's title (where the page puts focus when it loads): Tab goes past
 * the warning and the context (nothing in them takes focus) to Approve, then Decline. Returns the
 * names Tab went through.
 * @param {import('playwright-core').Page} page @param {Locale} locale
 */
async function tabToDecision(page, locale) {
  const { approve, decline } = WORDS[locale];
  await page.locator('#page-title').focus();
  /** @type {string[]} */
  const visited = [];
  for (let i = 0; i < 40 && visited.at(-1) !== approve; i += 1) {
    await page.keyboard.press('Tab');
    visited.push(await page.evaluate(() => {
      const active = document.activeElement;
      if (!active || active === document.body) return '(body)';
      /** Its text without the aria-hidden icons. @param {Element} element */
      const accessibleText = (element) => {
        const copy = /** @type {Element} */ (element.cloneNode(true));
        copy.querySelectorAll('[aria-hidden="true"]').forEach((hidden) => hidden.remove());
        return copy.textContent?.trim() ?? '';
      };
      // The alert and the context hold nothing focusable: reaching them would be a bug.
      if (active.closest('[role="alert"], .request-context')) return `inside ${active.closest('[role="alert"]') ? 'the alert' : 'the context'}`;
      return accessibleText(active);
    }));
  }
  assert.equal(visited.at(-1), approve, `${locale}: Tab reaches ${approve} (went through ${visited.join(' | ')})`);
  assert.ok(!visited.some((name) => name.startsWith('inside ')), `${locale}: nothing in the alert or context takes focus`);
  const afterWarning = await page.evaluate(() => {
    const alert = document.querySelector('[role="alert"]');
    return !alert || Boolean(alert.compareDocumentPosition(/** @type {Element} */ (document.activeElement)) & 4);
  });
  assert.ok(afterWarning, `${locale}: the warning comes before ${approve}`);
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => {
    const active = /** @type {Element} */ (document.activeElement);
    const copy = /** @type {Element} */ (active.cloneNode(true));
    copy.querySelectorAll('[aria-hidden="true"]').forEach((hidden) => hidden.remove());
    return copy.textContent?.trim();
  }), decline, `${locale}: then ${decline}`);
  return visited;
}

describe('the request screen: where it came from, and the warning when the desktop is on another network', () => {
  for (const locale of /** @type {Locale[]} */ (['en-GB', 'zh-HK', 'zh-CN'])) {
    test(`login over QR from another network (${locale}): context, alert, number matching, keyboard to Approve`, { skip }, async () => {
      const { context, page, problems } = await openPhone(browser, locale);
      try {
        const session = await startQrSession(sandbox.issuer, { from: ELSEWHERE });
        await scan(page, session);
        await page.getByRole('heading', { level: 1, name: WORDS[locale].login }).waitFor();
        await assertContext(page, locale, 'different');
        const alert = await assertAlert(page, locale);
        await checkScreen(page, `security-relay-choose-${locale}`);
        // The warning is above the choice of codes.
        const [warning, code] = [await alert.boundingBox(), await page.getByRole('button', { name: session.user_code, exact: true }).boundingBox()];
        assert.ok(warning && code && warning.y + warning.height <= code.y, 'the warning is above the codes');
        await page.getByRole('button', { name: session.user_code, exact: true }).click();

        await page.getByRole('button', { name: WORDS[locale].approve, exact: true }).waitFor();
        await assertAlert(page, locale);
        if (locale === 'en-GB') {
          // The same alert and context as above, beside the decision (other languages: above only).
          await checkScreen(page, `security-relay-decide-${locale}`);
          await page.emulateMedia({ colorScheme: 'dark' });
          await checkScreen(page, `security-relay-decide-${locale}-dark`);
          await page.emulateMedia({ colorScheme: 'light' });
        }
        await tabToDecision(page, locale);
        // Keyboard alone: Enter on Approve (the focus is on Decline now, Shift+Tab goes back).
        await page.keyboard.press('Shift+Tab');
        await page.keyboard.press('Enter');
        await page.getByRole('button', { name: WORDS[locale].approve, exact: true }).waitFor({ state: 'detached' });
        assert.equal((await session.token()).status, 200, `${locale}: a resident who started it themself can still approve`);
        assert.deepEqual(problems, [], 'no CSP violation or console error');
      } finally {
        await context.close();
      }
    });
  }

  test('signing and e-ME over QR from another network: the alert and context on both', { skip }, async () => {
    const { context, page, problems } = await openPhone(browser, 'zh-HK');
    try {
      const digest = Buffer.alloc(32, 7).toString('base64');
      const signing = await startQrSession(sandbox.issuer, {
        scope: 'openid',
        authorizationDetails: [{ type: 'credential', credentialID: 'default', documentDigests: [{ hash: digest, label: 'Tenancy agreement.pdf' }], hashAlgorithmOID: '2.16.840.1.101.3.4.2.1' }],
        from: ELSEWHERE,
      });
      await scan(page, signing);
      await page.getByRole('button', { name: signing.user_code, exact: true }).click();
      await page.getByRole('button', { name: WORDS['zh-HK'].approve, exact: true }).waitFor();
      await assertContext(page, 'zh-HK', 'different');
      await assertAlert(page, 'zh-HK');
      await checkScreen(page, 'security-relay-sign-zh-HK');
      await tabToDecision(page, 'zh-HK');

      const eme = await startQrSession(sandbox.issuer, {
        scope: 'openid',
        authorizationDetails: [{ type: 'eme', fields: ['enName', 'mobileNumber'], formName: 'Library card', formNum: 'LIB-01', purpose: 'To issue your card' }],
        from: ELSEWHERE,
      });
      await page.goto(eme.qrLink().href);
      await page.getByRole('button', { name: eme.user_code, exact: true }).click();
      await page.getByRole('button', { name: WORDS['zh-HK'].approve, exact: true }).waitFor();
      await assertContext(page, 'zh-HK', 'different');
      await assertAlert(page, 'zh-HK');
      await checkScreen(page, 'security-relay-eme-zh-HK');
      await tabToDecision(page, 'zh-HK');
      await page.getByRole('button', { name: WORDS['zh-HK'].decline, exact: true }).click();
      assert.equal((await eme.token()).body.error, 'access_denied');
      assert.deepEqual(problems, []);
    } finally {
      await context.close();
    }
  });

  test('the typed-code path from another network (zh-CN): context, alert, straight to the decision', { skip }, async () => {
    const locale = 'zh-CN';
    const { context, page, problems } = await openPhone(browser, locale);
    try {
      const session = await startQrSession(sandbox.issuer, { from: ELSEWHERE });
      await page.goto(`${sandbox.issuer}/app/resident`);
      await page.getByRole('button', { name: 'ZHANG Wei', exact: true }).click();
      await page.getByRole('link', { name: WORDS[locale].code, exact: true }).click();
      await page.getByLabel(WORDS[locale].codeLabel).fill(session.user_code.replace('-', ''));
      await page.getByRole('button', { name: WORDS[locale].continue, exact: true }).click();
      await page.getByRole('button', { name: WORDS[locale].approve, exact: true }).waitFor();
      assert.equal(await page.getByRole('main').getByRole('button').count(), 2, 'Approve and Decline only: the typed code was the match');
      await assertContext(page, locale, 'different');
      await assertAlert(page, locale);
      await checkScreen(page, `security-relay-typed-${locale}`);
      await tabToDecision(page, locale);
      await page.keyboard.press('Enter');
      await page.getByRole('button', { name: WORDS[locale].decline, exact: true }).waitFor({ state: 'detached' });
      assert.equal((await session.token()).body.error, 'access_denied', 'Enter on the focused Decline declines');
      assert.deepEqual(problems, []);
    } finally {
      await context.close();
    }
  });

  test('started on the phone\'s own network: "the same network", no alert', { skip }, async () => {
    const { context, page, problems } = await openPhone(browser);
    try {
      const session = await startQrSession(sandbox.issuer, { from: SAME_NETWORK });
      await scan(page, session);
      await page.getByRole('heading', { level: 1, name: WORDS['en-GB'].login }).waitFor();
      await assertContext(page, 'en-GB', 'same');
      assert.equal(await page.getByRole('alert').count(), 0, 'no warning');
      await checkScreen(page, 'security-same-network-en');
      assert.deepEqual(problems, []);
    } finally {
      await context.close();
    }
  });
});

describe('a session is bound to the first phone', () => {
  test('a second phone is refused (409) in its language; the first phone is told the request was stopped', { skip }, async () => {
    const first = await openPhone(browser);
    try {
      for (const locale of /** @type {Locale[]} */ (['en-GB', 'zh-HK', 'zh-CN'])) {
        const second = await openPhone(browser, locale);
        try {
          const session = await startQrSession(sandbox.issuer);
          if (locale === 'en-GB') {
            // The first phone as far as its decision (opening the link already binds the session).
            await scan(first.page, session);
            await first.page.getByRole('button', { name: session.user_code, exact: true }).click();
            await first.page.getByRole('button', { name: 'Approve', exact: true }).waitFor();
          } else {
            await first.page.goto(session.qrLink().href);
            await first.page.getByRole('button', { name: session.user_code, exact: true }).waitFor();
          }

          const refused = await second.page.goto(session.qrLink().href);
          assert.equal(refused?.status(), 409, locale);
          await second.page.getByRole('heading', { level: 1, name: WORDS[locale].elsewhere, exact: true }).waitFor();
          assert.equal(await second.page.getByRole('main').getByRole('button').count(), 0, 'nothing to approve on the second phone');
          await checkScreen(second.page, `security-scanned-elsewhere-${locale}`);
          assert.deepEqual(second.problems, []);

          if (locale === 'en-GB') {
            // The first phone, still on its decision: Approve now says the request was stopped.
            await first.page.getByRole('button', { name: 'Approve', exact: true }).click();
            await first.page.getByRole('heading', { level: 1, name: WORDS[locale].stopped, exact: true }).waitFor();
            await first.page.getByText('also opened on another phone').waitFor();
            assert.equal(await first.page.getByRole('main').getByRole('button').count(), 0);
            await checkScreen(first.page, 'security-stopped-elsewhere-en');
          }
          assert.equal((await session.token()).body.error, 'access_denied', `${locale}: no tokens`);
        } finally {
          await second.context.close();
        }
      }
      assert.deepEqual(first.problems, []);
    } finally {
      await first.context.close();
    }
  });
});

describe('guessing identification codes', () => {
  test('one phone that tried too many codes: "tried on this phone", with the wait', { skip }, async () => {
    const { context, page, problems } = await openPhone(browser);
    try {
      await page.goto(`${sandbox.issuer}/app/code`);
      const field = page.getByLabel('Identification code (8 digits)');
      for (let i = 1; i <= WRONG_CODES.perDevice.max; i += 1) {
        await field.fill(`3333000${i}`);
        await page.getByRole('button', { name: 'Continue', exact: true }).click();
        await page.getByText('No request has this identification code').waitFor();
      }
      await field.fill('33330099');
      const blocked = page.waitForResponse((response) => response.url().endsWith('/app/code') && response.request().method() === 'POST');
      await page.getByRole('button', { name: 'Continue', exact: true }).click();
      assert.equal((await blocked).status(), 429);
      await page.getByRole('heading', { level: 1, name: 'Too many codes tried', exact: true }).waitFor();
      await page.getByText(/tried on this phone\. For your safety, wait \d+ seconds/).waitFor();
      await checkScreen(page, 'security-too-many-codes-phone-en');
      assert.deepEqual(problems, []);
    } finally {
      await context.close();
    }
  });

  // Last in the file: it spends this address's allowance of wrong codes for the next minute.
  test('many phones at one address that tried too many codes: "tried from this network" (zh-HK)', { skip }, async () => {
    const { context, page, problems } = await openPhone(browser, 'zh-HK');
    try {
      // Fresh phones (the cookies dropped each round) each stay under their own limit, from this
      // browser's own address, until the address as a whole has tried its fifty (the test above
      // spent some of them already).
      let tried = 0;
      let blocked = false;
      while (!blocked) {
        assert.ok(tried < WRONG_CODES.perAddress.max, `stopped within ${WRONG_CODES.perAddress.max} wrong codes from one address`);
        await context.clearCookies();
        await page.goto(`${sandbox.issuer}/app/code`);
        const statuses = await page.evaluate(async ({ first, count }) => {
          const csrf = /** @type {HTMLInputElement} */ (document.querySelector('input[name="csrf"]')).value;
          const answers = [];
          for (let i = 0; i < count && answers.at(-1) !== 429; i += 1) {
            const code = `4444${String(first + i).padStart(4, '0')}`;
            answers.push((await fetch('/app/code', { method: 'POST', body: new URLSearchParams({ csrf, code }) })).status);
          }
          return answers;
        }, { first: tried, count: WRONG_CODES.perDevice.max - 1 });
        blocked = statuses.at(-1) === 429;
        assert.ok(statuses.slice(0, blocked ? -1 : undefined).every((status) => status === 404), String(statuses));
        tried += statuses.length - (blocked ? 1 : 0);
      }
      await context.clearCookies();
      await page.goto(`${sandbox.issuer}/app/code`);
      await page.getByLabel(WORDS['zh-HK'].codeLabel).fill('44449999');
      await page.getByRole('button', { name: WORDS['zh-HK'].continue, exact: true }).click();
      await page.getByRole('heading', { level: 1, name: '嘗試的識別碼過多', exact: true }).waitFor();
      await page.getByText(/此網絡嘗試了太多/).waitFor();
      await checkScreen(page, 'security-too-many-codes-network-zh-HK');
      assert.deepEqual(problems, []);
    } finally {
      await context.close();
    }
  });
});

describe('the sign-in confirm without its CSRF token', () => {
  for (const locale of /** @type {Locale[]} */ (['en-GB', 'zh-HK', 'zh-CN'])) {
    test(`an approval posted with a wrong token is refused (403) with a page in ${locale}`, { skip }, async () => {
      const { context, page, problems } = await openPhone(browser, locale);
      try {
        const { url } = authorizationRequest(sandbox.issuer);
        await page.goto(url.href);
        await page.getByRole('button', { name: 'CHAN Tai Man', exact: true }).click();
        const approve = page.getByRole('button', { name: WORDS[locale].approve, exact: true });
        await approve.waitFor();
        // As a page from elsewhere (or an old one) would post it: the token does not fit.
        await page.evaluate(() => {
          /** @type {HTMLInputElement} */ (document.querySelector('input[name="csrf"]')).value = 'forged';
        });
        const answer = page.waitForResponse((response) => response.url().endsWith('/confirm'));
        await approve.click();
        assert.equal((await answer).status(), 403);
        await page.getByRole('heading', { level: 1, name: WORDS[locale].csrf, exact: true }).waitFor();
        assert.equal(new URL(page.url()).origin, sandbox.issuer, 'not sent back to the client');
        await checkScreen(page, `security-csrf-${locale}`);
        // The way back leads to this browser's own pending request (the resident picker), which the refusal left as it was.
        await page.route(`${DEMO_ORIGIN}/**`, (route) => route.fulfill({ contentType: 'text/plain', body: 'the client' }));
        const landed = page.waitForRequest((request) => request.url().startsWith(`${DEMO_ORIGIN}/`));
        await page.getByRole('link', { name: WORDS[locale].csrfBack, exact: true }).click();
        await page.getByRole('button', { name: 'CHAN Tai Man', exact: true }).click();
        await page.getByRole('button', { name: WORDS[locale].approve, exact: true }).click();
        assert.ok(new URL((await landed).url()).searchParams.get('code'), 'the resident\'s own approval went through');
        assert.deepEqual(problems, []);
      } finally {
        await context.close();
      }
    });
  }
});
