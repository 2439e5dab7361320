// End to end: QR cross-device login between two browser contexts of one engine — a desktop on
// the demo partner site and a phone on the sandbox's phone-app simulator — in Chromium and
// Firefox (Debian's, through puppeteer-core) and WebKit (WebKitGTK's MiniBrowser over WebDriver
// classic, e2e/webkit-page.js): the phone is a phone-sized context of the same engine, so in the
// WebKit run both sides are WebKit (e2e/devices.js). The test reads the QR from the desktop's
// pixels (a screenshot through jsQR, as a camera would) and opens what it says on the phone; it
// never takes the payload from the DOM. Controls and text are found through e2e/locators.js
// (roles, names and text through shadow roots, in every engine). Every test fails on a console
// error, uncaught exception or CSP / Trusted Types violation on either device; the one line
// excused is the failed-load message Chromium alone logs for a page answered with an HTTP error.
/* global document, window -- the functions given to page.evaluate run in the browser */
import assert from 'node:assert/strict';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { ENGINES, engineSuite } from './backend-support.js';
import { identificationCode, openDesktopAndPhone, openDevice, openOnPhone as openOnPhoneAs, qrImage, scanQr } from './devices.js';
import { assertAccessible, assertDevicesClean, IDENTIFICATION_CODE as CODE, RESULTS_DIR, startStack, webStorage } from './harness.js';
import { byRole, byText, count, find, isHidden, textsOf } from './locators.js';

const RESIDENT = 'CHAN Tai Man';
const MESSAGES = {
  declined: 'The login was not approved in iAM Smart. Please try again if you want to log in.',
  mismatch: 'The identification code chosen in iAM Smart did not match, so the login was stopped for your safety. Please try again.',
  expired: 'The QR code has expired. Please get a new QR code and scan it.',
  scannedElsewhere: 'This QR code was scanned on more than one phone, so the login was stopped for your safety. Someone else may have seen your QR code. Please start again and scan the new QR code with your own phone only.',
};
/** How the simulator names the desktop's browser (bowser on its User-Agent) in each engine. */
const BROWSER_SEEN = { Chromium: 'Chrome on Linux', Firefox: 'Firefox on Linux', WebKit: 'Safari on Linux' };
// Sessions are created far faster here than a person would; the rate limit has its own tests.
const LOOSE_RATE_LIMIT = { max: 1000, windowSeconds: 60 };
/** The QR login element, wherever it is (the page's own, or inside the login button's dialog). */
const QR_LOGIN = 'iams-qr-login';

/** Text that contains `text` (Playwright's getByText without `exact`: a substring, any case). */
const containing = (text) => new RegExp(text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'), 'i');

/** The payload a QR carries: the simulator's /app/qr link with the rotating s, t and h. */
function assertPayload(payload, issuer) {
  const url = new URL(payload);
  assert.equal(`${url.origin}${url.pathname}`, `${issuer}/app/qr`);
  assert.deepEqual([...url.searchParams.keys()].sort(), ['h', 's', 't']);
  return url;
}

/** The demo site's page with the QR login embedded; its session starts when the page loads. */
async function openQrLoginPage(page, origin) {
  await page.goto(`${origin}/qr.html`);
  return QR_LOGIN;
}

/**
 * The QR login as the OpenID Connect page's button offers it with mode="qr": clicked, it opens a
 * modal dialog holding the QR login.
 */
async function openQrLoginDialog(page, origin) {
  await page.goto(`${origin}/oidc.html`);
  const button = await byRole(page, 'button', 'Login with iAM Smart');
  await (await find(page, { css: 'iams-login-button' })).evaluate((element) => element.setAttribute('mode', 'qr'));
  await button.click();
  await byRole(page, 'dialog');
  await find(page, { css: QR_LOGIN });
  return QR_LOGIN;
}

/**
 * One stack per set of cross-device limits for the whole file, started when a block first needs
 * it and shared by the three engines' blocks (each test makes sessions of its own): a stack takes
 * 4–9 s to start on 2 loaded cores, and the file would otherwise start twelve.
 */
const stacks = new Map();
function stackWith(crossDevice = {}) {
  const key = JSON.stringify(crossDevice);
  if (!stacks.has(key)) stacks.set(key, startStack({ crossDevice: { rateLimit: LOOSE_RATE_LIMIT, ...crossDevice } }));
  return stacks.get(key);
}

after(async () => {
  await Promise.allSettled([...stacks.values()].map(async (started) => (await started).close()));
});

for (const engine of ENGINES) {
  describe(`QR login in ${engine.name}`, () => {
    const suite = engineSuite(engine);

    /** The stack with the given cross-device limits, for one describe block (see stackWith). */
    function useStack(crossDevice) {
      const holder = {};
      before(async () => {
        holder.stack = await stackWith(crossDevice);
      });
      return holder;
    }

    /** Opens both devices; the desktop records every `iams-state` its QR login reports. */
    async function openDevices() {
      suite.devices = await openDesktopAndPhone(suite.browser, engine.name);
      await suite.devices.desktop.page.evaluateOnNewDocument(() => {
        window.__iamsStates = [];
        document.addEventListener('iams-state', (event) => window.__iamsStates.push(event.detail.state));
      });
      return suite.devices;
    }

    const statesSeen = (page) => page.evaluate(() => window.__iamsStates);
    const openOnPhone = (phone, payload) => openOnPhoneAs(phone, payload, RESIDENT);

    /** The names of the identification-code buttons on the phone's request screen. */
    async function phoneCodeChoices(phone) {
      await byRole(phone, 'button', CODE);
      return textsOf(phone, { role: 'button', name: CODE });
    }

    async function assertLocalStorageEmpty(page) {
      assert.deepEqual((await webStorage(page)).local, {}, 'localStorage must stay empty');
    }

    /** Chromium's screenshots keep the names they always had; the other engines' carry the engine's. */
    async function screenshot(page, name) {
      await mkdir(RESULTS_DIR, { recursive: true });
      const file = engine.name === 'Chromium' ? name : `${name}-${engine.name.toLowerCase()}`;
      await page.screenshot({ path: join(RESULTS_DIR, `${file}.png`), fullPage: true });
    }

    /**
     * Chromium alone logs a page answered with an HTTP error as a console error ("Failed to load
     * resource: the server responded with a status of 409 (Conflict)"), on that page's address.
     * The other engines log nothing for it. Every other problem stays.
     */
    function withoutChromiumFailedLoad(problems, url, status) {
      if (engine.name !== 'Chromium') return problems;
      const logged = `console.error on ${url}: Failed to load resource: the server responded with a status of ${status}`;
      return problems.filter((problem) => !problem.startsWith(logged));
    }

    describe('QR login: desktop and phone', () => {
      const env = useStack();

      for (const [surface, open] of [
        ['the QR login embedded in a page', openQrLoginPage],
        ['the login button in QR mode (a modal dialog)', openQrLoginDialog],
      ]) {
        test(`${surface}: the resident scans, matches the identification code and approves; the desktop is logged in`, async () => {
          const { desktop, phone } = await openDevices();
          const qrLogin = await open(desktop.page, env.stack.origin);
          // The awaiting-scan state is checked while the QR is on screen, before it is read: the
          // phone then opens what it read at once, as a resident's does, within the payload's 5 s
          // (axe and a screenshot take 2–3 s in WebKit on loaded cores).
          await qrImage(desktop.page, qrLogin);
          const code = await identificationCode(desktop.page, qrLogin);
          await assertAccessible(desktop.page, 'awaiting scan');
          await screenshot(desktop.page, `qr-${open.name}-awaiting-scan-en`);
          const payload = await scanQr(desktop.page, qrLogin);
          await openOnPhone(phone.page, payload);
          assertPayload(payload, env.stack.issuer);
          // Scanned: the desktop asks the resident to confirm on the phone and hides the QR, so it
          // cannot be scanned by anyone else meanwhile.
          await byText(desktop.page, 'Confirm on your phone', { within: qrLogin });
          assert.equal(await count(desktop.page, { role: 'img', name: /QR/, within: qrLogin }), 0, 'QR hidden once scanned');
          assert.equal(await identificationCode(desktop.page, qrLogin), code, 'the same identification code stays on the desktop');
          await assertAccessible(desktop.page, 'scanned');
          await screenshot(desktop.page, `qr-${open.name}-scanned-en`);

          // Consent phishing: the app names the site asking and the origin it was registered with.
          await byText(phone.page, containing('Demo Partner Site (sandbox)'));
          await byText(phone.page, containing(env.stack.origin));
          const choices = await phoneCodeChoices(phone.page);
          assert.equal(choices.length, 3, `three codes to choose from: ${choices.join(', ')}`);
          assert.equal(new Set(choices).size, 3, 'three different codes');
          assert.ok(choices.includes(code), `the desktop's code ${code} is among ${choices.join(', ')}`);
          await screenshot(phone.page, `qr-${open.name}-phone-request-en`);
          await (await byRole(phone.page, 'button', code)).click();
          await (await byRole(phone.page, 'button', 'Approve')).click();

          await byText(desktop.page, RESIDENT, { within: '#user-name' });
          assert.equal(await count(desktop.page, { role: 'dialog' }), 0, 'no dialog left open after the login');
          const states = await statesSeen(desktop.page);
          for (const state of ['awaiting-scan', 'scanned', 'done']) assert.ok(states.includes(state), `iams-state ${state} reported: ${states.join(' → ')}`);
          assert.ok(states.indexOf('awaiting-scan') < states.indexOf('scanned') && states.indexOf('scanned') < states.indexOf('done'), `in order: ${states.join(' → ')}`);
          await assertAccessible(desktop.page, 'logged in');
          await screenshot(desktop.page, `qr-${open.name}-signed-in-en`);
          await assertLocalStorageEmpty(desktop.page);
          await assertLocalStorageEmpty(phone.page);
          assertDevicesClean(suite.devices);
        });
      }

      test('declining on the phone: the desktop says so and offers a new code', async () => {
        const { desktop, phone } = await openDevices();
        // Through the dialog: the retry must work inside it too.
        const qrLogin = await openQrLoginDialog(desktop.page, env.stack.origin);
        const code = await identificationCode(desktop.page, qrLogin);
        const payload = await scanQr(desktop.page, qrLogin);
        await openOnPhone(phone.page, payload);
        await (await byRole(phone.page, 'button', code)).click();
        await (await byRole(phone.page, 'button', 'Decline')).click();

        await byText(desktop.page, containing(MESSAGES.declined));
        assert.ok((await statesSeen(desktop.page)).includes('denied'));
        await assertAccessible(desktop.page, 'declined');
        await screenshot(desktop.page, 'qr-declined-en');

        // A new attempt: a new QR with a new session.
        await (await byRole(desktop.page, 'button', /Get a new QR code|Try again/, { within: qrLogin })).click();
        const again = await scanQr(desktop.page, qrLogin);
        assert.notEqual(new URL(again).searchParams.get('s'), new URL(payload).searchParams.get('s'), 'a new session');
        assert.equal(await isHidden(desktop.page, '#signed-in'), true);
        await assertLocalStorageEmpty(desktop.page);
        assertDevicesClean(suite.devices);
      });

      test('tapping a code the desktop does not show stops the login on both devices', async () => {
        const { desktop, phone } = await openDevices();
        const qrLogin = await openQrLoginPage(desktop.page, env.stack.origin);
        const code = await identificationCode(desktop.page, qrLogin);
        const payload = await scanQr(desktop.page, qrLogin);
        await openOnPhone(phone.page, payload);
        const decoy = (await phoneCodeChoices(phone.page)).find((choice) => choice !== code);
        assert.ok(decoy, 'a decoy code is offered');
        await (await byRole(phone.page, 'button', decoy)).click();

        // The phone says the login was stopped and offers no way to approve it any more.
        await byText(phone.page, /stopped/i);
        assert.equal(await count(phone.page, { role: 'button', name: 'Approve' }), 0, 'nothing left to approve');
        await screenshot(phone.page, 'qr-phone-code-mismatch-en');

        await byText(desktop.page, containing(MESSAGES.mismatch));
        assert.ok((await statesSeen(desktop.page)).includes('denied'));
        assert.equal(await isHidden(desktop.page, '#signed-in'), true);
        await assertAccessible(desktop.page, 'code mismatch');
        await screenshot(desktop.page, 'qr-code-mismatch-en');
        assertDevicesClean(suite.devices);
      });
    });

    describe('QR login: a second phone replays the payload (decision 026)', () => {
      // The replay must reach the sandbox while the payload is live, or it is refused as out of
      // date (400, the replayed-payload test below) before the session is looked at. The first
      // phone's checks and a new context (a WebKit context's first command starts its driver and
      // browser) take longer than the default 5 s window on loaded cores, so the window is 30 s.
      const env = useStack({ qrWindowSeconds: 30 });

      test('the phone that scanned first sees where the request came from; a second phone is refused; the desktop says the code was scanned elsewhere', async () => {
        const { desktop, phone } = await openDevices();
        const qrLogin = await openQrLoginPage(desktop.page, env.stack.origin);
        const payload = await scanQr(desktop.page, qrLogin);
        await openOnPhone(phone.page, payload);
        await byText(desktop.page, 'Confirm on your phone', { within: qrLogin });
        // The context the app shows beside the site's name: the desktop's browser, its network, when.
        await byText(phone.page, 'Requested from');
        await byText(phone.page, BROWSER_SEEN[engine.name]);
        await byText(phone.page, 'The same network as this phone');
        assert.equal(await count(phone.page, { role: 'alert' }), 0, 'no relay warning on the same network');
        await screenshot(phone.page, 'qr-phone-request-context-en');

        // The same payload, seconds later, on another phone (a look over the shoulder, a relay):
        // a phone-sized context of its own, in the same engine.
        const second = await openDevice(suite.browser, engine.name, { phone: true });
        try {
          const refusal = await second.page.goto(payload);
          assert.equal(refusal?.status(), 409);
          await find(second.page, { css: 'h1', name: 'This QR code was already scanned on another phone' });
          assert.equal(await count(second.page, { role: 'button', name: CODE }), 0, 'nothing to approve on the second phone');
          await screenshot(second.page, 'qr-second-phone-refused-en');
          assert.deepEqual(withoutChromiumFailedLoad(second.problems, payload, 409), []);
        } finally {
          await second.close();
        }

        await byText(desktop.page, containing(MESSAGES.scannedElsewhere));
        assert.ok((await statesSeen(desktop.page)).includes('denied'));
        assert.equal(await isHidden(desktop.page, '#signed-in'), true);
        await assertAccessible(desktop.page, 'scanned elsewhere');
        await screenshot(desktop.page, 'qr-scanned-elsewhere-en');

        // The first phone can no longer approve; its screen says why.
        const phoneUrl = phone.page.url();
        const gone = await phone.page.reload();
        assert.equal(gone?.status(), 410, 'the stopped request is gone');
        await find(phone.page, { css: 'h1', name: 'Request stopped for your safety' });
        assert.equal(await count(phone.page, { role: 'button', name: 'Approve' }), 0);
        suite.devices.phone.problems.splice(0, Infinity, ...withoutChromiumFailedLoad(suite.devices.phone.problems, phoneUrl, 410));

        // Try again: a new session with a new QR.
        await (await byRole(desktop.page, 'button', /Get a new QR code|Try again/, { within: qrLogin })).click();
        const again = await scanQr(desktop.page, qrLogin);
        assert.notEqual(new URL(again).searchParams.get('s'), new URL(payload).searchParams.get('s'), 'a new session');
        assertDevicesClean(suite.devices);
      });
    });

    describe('QR login: a session that runs out', () => {
      const env = useStack({ lifetimeSeconds: 6 });

      test('the desktop shows the session expired, and "Get a new QR code" starts a new one', async () => {
        const { desktop } = await openDevices();
        const qrLogin = await openQrLoginPage(desktop.page, env.stack.origin);
        const first = await scanQr(desktop.page, qrLogin);
        const firstCode = await identificationCode(desktop.page, qrLogin);

        await byText(desktop.page, containing(MESSAGES.expired));
        assert.equal(await count(desktop.page, { role: 'img', name: /QR/, within: qrLogin }), 0, 'no QR left to scan once expired');
        assert.ok((await statesSeen(desktop.page)).includes('expired'));
        await assertAccessible(desktop.page, 'expired');
        await screenshot(desktop.page, 'qr-expired-en');

        await (await byRole(desktop.page, 'button', 'Get a new QR code', { within: qrLogin })).click();
        const second = await scanQr(desktop.page, qrLogin);
        assert.notEqual(new URL(second).searchParams.get('s'), new URL(first).searchParams.get('s'), 'the new QR belongs to a new session');
        const secondCode = await identificationCode(desktop.page, qrLogin);
        assert.notEqual(secondCode, firstCode, 'a new identification code');
        assertDevicesClean(suite.devices);
      });
    });

    describe('QR login: a replayed payload', () => {
      const env = useStack({ qrWindowSeconds: 2 });

      test('a QR photographed earlier is refused as out of date, and the desktop keeps waiting', async () => {
        const { desktop, phone } = await openDevices();
        const qrLogin = await openQrLoginPage(desktop.page, env.stack.origin);
        const stale = await scanQr(desktop.page, qrLogin);
        // Older than the 2 s window (plus the 1 s of clock allowance) by the sandbox's own clock.
        await sleep(4_000);
        const refusal = await phone.page.goto(stale);
        await byText(phone.page, /out of date/i);
        // The refusal is an HTTP error too (so scripts and API callers see it), which Chromium logs
        // as a failed load of that one address; nothing else may be logged.
        assert.equal(refusal?.status(), 400, 'a stale payload is answered with 400');
        suite.devices.phone.problems.splice(0, Infinity, ...withoutChromiumFailedLoad(suite.devices.phone.problems, stale, 400));
        assert.equal(await count(phone.page, { role: 'button', name: CODE }), 0, 'no request shown for a stale QR');
        await screenshot(phone.page, 'qr-phone-stale-en');

        // Give the stream time to report anything it would (states arrive within 100 ms).
        await sleep(500);
        assert.deepEqual(await statesSeen(desktop.page).then((states) => states.filter((state) => state !== 'starting')), ['awaiting-scan']);
        await qrImage(desktop.page, qrLogin);
        // The QR on screen now is a fresh one, and it still works.
        const fresh = await scanQr(desktop.page, qrLogin);
        assert.notEqual(fresh, stale, 'the QR rotated');
        await openOnPhone(phone.page, fresh);
        await byText(desktop.page, 'Confirm on your phone', { within: qrLogin });
        assertDevicesClean(suite.devices);
      });
    });
  });
}
