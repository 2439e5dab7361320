// The cross-device session against relays and second phones (decision 026), over real HTTP:
// a session is bound to the first phone that opens it (by QR or by typed code); another phone is
// refused, the session stops, and the desktop hears `scanned_elsewhere` on the status stream. The
// request screen says where the request came from (browser and OS, network, when), and warns
// when the desktop that started it is on another network (another loopback /24 here).
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createBrowser, DEMO_ORIGIN, press, startTestSandbox } from './helpers.js';
import { buttonNames, DESKTOP_CHROME_LINUX, heading, startQrSession } from './app-support.js';

/** @type {Awaited<ReturnType<typeof startTestSandbox>>} */
let sandbox;
before(async () => {
  sandbox = await startTestSandbox({ crossDevice: { rateLimit: { max: 1000, windowSeconds: 60 } } });
});
after(() => sandbox.stop());

/** Another /24 on the loopback interface: a desktop "elsewhere". */
const ELSEWHERE = '127.0.1.5';
const FIREFOX_LINUX = 'Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0';

/** A phone with the simulator's cookies and a resident signed in. @param {string} [lang] */
async function phone(lang) {
  const browser = createBrowser();
  const signIn = await browser.follow(new URL('/app/resident', sandbox.issuer), sandbox.issuer);
  await press(browser, sandbox.issuer, await signIn.response.text(), signIn.location, 'CHAN Tai Man');
  return {
    /** @param {string | URL} url @param {RequestInit} [init] */
    async open(url, init = {}) {
      const headers = new Headers(init.headers);
      if (lang) headers.set('accept-language', lang);
      const { response, location } = await browser.follow(url, sandbox.issuer, { ...init, headers });
      return { status: response.status, page: await response.text(), location };
    },
    /** Types a code on /app/code. @param {string} code */
    async type(code) {
      const form = await this.open(new URL('/app/code', sandbox.issuer));
      const csrf = String(/name="csrf" value="([^"]+)"/.exec(form.page)?.[1]);
      return this.open(new URL('/app/code', sandbox.issuer), {
        method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ csrf, code }),
      });
    },
    /** @param {{ page: string, location: URL }} from @param {string} button */
    async tap(from, button) {
      const { response, location } = await press(browser, sandbox.issuer, from.page, from.location, button);
      return { status: response.status, page: await response.text(), location };
    },
  };
}

/**
 * The state events the desktop hears on the status stream until it ends.
 * @param {string} deviceCode
 * @returns {Promise<{ state: string, reason?: string }[]>}
 */
async function statusEvents(deviceCode) {
  const response = await fetch(new URL('/cross-device/status', sandbox.issuer), {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', origin: DEMO_ORIGIN },
    body: new URLSearchParams({ client_id: 'demo-site', device_code: deviceCode }),
  });
  assert.equal(response.status, 200);
  return [...(await response.text()).matchAll(/^event: state\ndata: (.*)$/gm)].map(([, data]) => JSON.parse(String(data)));
}

/** A code button on the request screen, as the matching step offers them. @param {string} page */
const codeButtons = (page) => buttonNames(page).filter((name) => /^\d{4}-\d{4}$/.test(name));

describe('a session is bound to the first phone that opens it', () => {
  test('a second phone replaying the QR payload the first one scanned is refused, the session stops, and the desktop hears scanned_elsewhere', async () => {
    const session = await startQrSession(sandbox.issuer);
    const events = statusEvents(session.device_code);
    const first = await phone();
    const request = await first.open(session.qrLink());
    assert.equal(request.status, 200);
    assert.equal(codeButtons(request.page).length, 3, 'the first phone has the request');
    // The first phone may open it again (a reload, a second scan): nothing changes for it.
    assert.equal((await first.open(session.qrLink())).status, 200);

    // The same payload, well within its window, on another phone.
    const second = await phone();
    const refused = await second.open(session.qrLink());
    assert.equal(refused.status, 409);
    assert.equal(heading(refused.page), 'This QR code was already scanned on another phone');
    assert.match(refused.page, /For your safety, the request was stopped/);
    assert.match(refused.page, /<code>scanned_elsewhere<\/code>/);
    assert.deepEqual(codeButtons(refused.page), [], 'nothing to approve on the second phone');

    assert.deepEqual(await events, [{ state: 'awaiting-scan' }, { state: 'scanned' }, { state: 'denied', reason: 'scanned_elsewhere' }]);
    const token = await session.token();
    assert.equal(token.status, 400);
    assert.equal(token.body.error, 'access_denied');

    // The first phone's screen says why, and its forms no longer approve anything.
    const stopped = await first.open(request.location);
    assert.equal(heading(stopped.page), 'Request stopped for your safety');
    assert.match(stopped.page, /also opened on another phone/);
    assert.deepEqual(buttonNames(stopped.page), []);
    const late = await first.tap(request, session.user_code);
    assert.notEqual(late.status, 200);
    assert.equal((await session.token()).status, 400, 'still no tokens');
  });

  test('the typed code (and the verification_uri_complete link) is bound the same way', async () => {
    for (const secondOpens of ['typed', 'link']) {
      const session = await startQrSession(sandbox.issuer);
      const events = statusEvents(session.device_code);
      const first = await phone();
      const typed = await first.type(session.user_code);
      assert.equal(typed.status, 200, secondOpens);
      assert.deepEqual(buttonNames(typed.page), ['Approve', 'Decline']);

      const second = await phone();
      const refused = secondOpens === 'typed' ? await second.type(session.user_code) : await second.open(session.verification_uri_complete);
      assert.equal(refused.status, 409, secondOpens);
      assert.equal(heading(refused.page), 'This QR code was already scanned on another phone');
      assert.deepEqual((await events).at(-1), { state: 'denied', reason: 'scanned_elsewhere' });
      const approve = await first.tap(typed, 'Approve');
      assert.notEqual(approve.status, 200);
      const token = await session.token();
      assert.equal(token.body.error, 'access_denied', `${secondOpens}: the first phone cannot approve either`);
    }
  });

  test('the second phone is told in its own language', async () => {
    for (const [lang, title] of [['zh-HK', '此二維碼或識別碼已在另一部手機上掃描'], ['zh-CN', '此二维码或识别码已在另一部手机上扫描']]) {
      const session = await startQrSession(sandbox.issuer);
      await (await phone()).open(session.qrLink());
      const refused = await (await phone(lang)).open(session.qrLink());
      assert.equal(refused.status, 409);
      assert.equal(heading(refused.page), title);
    }
  });

  test('an API caller gets the refusal as JSON', async () => {
    const session = await startQrSession(sandbox.issuer);
    await (await phone()).open(session.qrLink());
    const refused = await (await phone()).open(session.qrLink(), { headers: { accept: 'application/json' } });
    assert.equal(refused.status, 409);
    assert.equal(JSON.parse(refused.page).error, 'scanned_elsewhere');
  });
});

describe('the request screen says where the request came from', () => {
  test('started on another network: browser and OS, "a different network", when, and an alert — on the QR and the typed-code path', async () => {
    const desktop = { localAddress: ELSEWHERE, userAgent: DESKTOP_CHROME_LINUX };
    const scanned = await startQrSession(sandbox.issuer, { from: desktop });
    const typed = await startQrSession(sandbox.issuer, { from: desktop });
    const pages = [(await (await phone()).open(scanned.qrLink())).page, (await (await phone()).type(typed.user_code)).page];
    for (const page of pages) {
      assert.match(page, /<dt>Requested from<\/dt><dd id="context-browser">Chrome on Linux<\/dd>/);
      assert.match(page, /<dd id="context-network">A different network from this phone<\/dd>/);
      assert.match(page, /<dd id="context-started">\d\d:\d\d:\d\d \(Hong Kong time\), (now|\d+ seconds? ago)<\/dd>/);
      assert.match(page, /role="alert" aria-labelledby="relay-warning-heading">\s*<h2 id="relay-warning-heading">Someone may be trying to trick you<\/h2>/);
      assert.match(page, /Do not approve unless you started it yourself/);
    }
    assert.deepEqual(codeButtons(pages[0]).length, 3, 'the QR path still matches codes');
    assert.deepEqual(buttonNames(pages[1]), ['Approve', 'Decline'], 'the typed path decides straight away, with the warning above');
  });

  test('an eme request from another network in Traditional Chinese', async () => {
    const session = await startQrSession(sandbox.issuer, {
      scope: 'openid',
      authorizationDetails: [{ type: 'eme', fields: ['enName'], formName: 'Library card', formNum: 'LIB-01', purpose: 'To issue your card' }],
      from: { localAddress: ELSEWHERE, userAgent: DESKTOP_CHROME_LINUX },
    });
    const link = session.qrLink();
    link.searchParams.set('lang', 'zh-HK');
    const { page } = await (await phone()).open(link);
    assert.match(page, /<h2 id="relay-warning-heading">可能有人試圖欺騙你<\/h2>/);
    assert.match(page, /<dd id="context-browser">Linux 上的 Chrome<\/dd>/);
  });

  test('started on this phone\'s network: "the same network", and no alert', async () => {
    const session = await startQrSession(sandbox.issuer, { from: { localAddress: '127.0.0.1', userAgent: FIREFOX_LINUX } });
    const { page } = await (await phone()).open(session.qrLink());
    assert.match(page, /<dd id="context-browser">Firefox on Linux<\/dd>/);
    assert.match(page, /<dd id="context-network">The same network as this phone<\/dd>/);
    assert.ok(!page.includes('role="alert"'), 'no warning');
  });
});
