// End to end: QR cross-device login between two browser contexts in Debian's Chromium — a
// desktop on the demo partner site and a phone on the sandbox's phone-app simulator. The test
// reads the QR from the desktop's pixels (a screenshot through jsQR, as a camera would) and
// opens what it says on the phone; it never takes the payload from the DOM. Every test fails on
// a console error, uncaught exception or CSP / Trusted Types violation on either device.
/* global document, window -- the functions given to page.evaluate run in the browser */
import assert from 'node:assert/strict';
import { after, afterEach, before, describe, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  assertAccessible,
  assertDevicesClean,
  IDENTIFICATION_CODE as CODE,
  identificationCode,
  launchChromium,
  openDesktopAndPhone,
  openExtraPhone,
  openOnPhone as openOnPhoneAs,
  openQrLoginDialog,
  openQrLoginPage,
  qrImage,
  scanQr,
  screenshot,
  startStack,
  webStorage,
} from './harness.js';

const RESIDENT = 'CHAN Tai Man';
const MESSAGES = {
  declined: 'The login was not authorised in iAM Smart.',
  mismatch: 'The identification code chosen in iAM Smart did not match, so the login was stopped for your safety. Please try again.',
  expired: 'The code has expired. Please get a new code and scan it again.',
  scannedElsewhere: 'This code was scanned on more than one phone, so the login was stopped for your safety. Someone else may have seen your code. Please start again and scan the new code with your own phone only.',
};
// Sessions are created far faster here than a person would; the rate limit has its own tests.
const LOOSE_RATE_LIMIT = { max: 1000, windowSeconds: 60 };

let browser;
let devices;

before(async () => {
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
});

afterEach(async () => {
  await devices?.close();
  devices = undefined;
});

/** Starts a stack for one describe block, with the given cross-device limits. */
function useStack(crossDevice) {
  const holder = {};
  before(async () => {
    holder.stack = await startStack({ crossDevice: { rateLimit: LOOSE_RATE_LIMIT, ...crossDevice } });
  });
  after(async () => {
    await holder.stack?.close();
  });
  return holder;
}

/** Opens both devices; the desktop records every `iams-state` its QR login reports. */
async function openDevices() {
  devices = await openDesktopAndPhone(browser);
  await devices.desktop.page.addInitScript(() => {
    window.__iamsStates = [];
    document.addEventListener('iams-state', (event) => window.__iamsStates.push(event.detail.state));
  });
  return devices;
}

const statesSeen = (page) => page.evaluate(() => window.__iamsStates);
const openOnPhone = (phone, payload) => openOnPhoneAs(phone, payload, RESIDENT);

/** The three identification-code buttons on the phone's request screen. */
async function phoneCodeChoices(phone) {
  const buttons = phone.getByRole('button', { name: CODE });
  await buttons.first().waitFor();
  const names = await buttons.allTextContents();
  return names.map((name) => name.trim());
}

async function assertLocalStorageEmpty(page) {
  assert.deepEqual((await webStorage(page)).local, {}, 'localStorage must stay empty');
}

/** The payload a QR carries: the simulator's /app/qr link with the rotating s, t and h. */
function assertPayload(payload, issuer) {
  const url = new URL(payload);
  assert.equal(`${url.origin}${url.pathname}`, `${issuer}/app/qr`);
  assert.deepEqual([...url.searchParams.keys()].sort(), ['h', 's', 't']);
  return url;
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
      const payload = await scanQr(qrLogin);
      assertPayload(payload, env.stack.issuer);
      const code = await identificationCode(qrLogin);
      await assertAccessible(desktop.page, 'awaiting scan');
      await screenshot(desktop.page, `qr-${open.name}-awaiting-scan-en`);

      await openOnPhone(phone.page, payload);
      // Scanned: the desktop asks the resident to confirm on the phone and hides the QR, so it
      // cannot be scanned by anyone else meanwhile.
      await qrLogin.getByText('Confirm on your phone', { exact: true }).waitFor();
      assert.equal(await qrImage(qrLogin).count(), 0, 'QR hidden once scanned');
      assert.equal(await identificationCode(qrLogin), code, 'the same identification code stays on the desktop');
      await assertAccessible(desktop.page, 'scanned');
      await screenshot(desktop.page, `qr-${open.name}-scanned-en`);

      // Consent phishing: the app names the site asking and the origin it was registered with.
      await phone.page.getByText('Demo Partner Site (sandbox)').first().waitFor();
      await phone.page.getByText(env.stack.origin).first().waitFor();
      const choices = await phoneCodeChoices(phone.page);
      assert.equal(choices.length, 3, `three codes to choose from: ${choices.join(', ')}`);
      assert.equal(new Set(choices).size, 3, 'three different codes');
      assert.ok(choices.includes(code), `the desktop's code ${code} is among ${choices.join(', ')}`);
      await screenshot(phone.page, `qr-${open.name}-phone-request-en`);
      await phone.page.getByRole('button', { name: code, exact: true }).click();
      await phone.page.getByRole('button', { name: 'Approve', exact: true }).click();

      await desktop.page.locator('#user-name').getByText(RESIDENT, { exact: true }).waitFor({ timeout: 5_000 });
      assert.equal(await desktop.page.getByRole('dialog').count(), 0, 'no dialog left open after the login');
      const states = await statesSeen(desktop.page);
      for (const state of ['awaiting-scan', 'scanned', 'done']) assert.ok(states.includes(state), `iams-state ${state} reported: ${states.join(' → ')}`);
      assert.ok(states.indexOf('awaiting-scan') < states.indexOf('scanned') && states.indexOf('scanned') < states.indexOf('done'), `in order: ${states.join(' → ')}`);
      await assertAccessible(desktop.page, 'logged in');
      await screenshot(desktop.page, `qr-${open.name}-signed-in-en`);
      await assertLocalStorageEmpty(desktop.page);
      await assertLocalStorageEmpty(phone.page);
      assertDevicesClean(devices);
    });
  }

  test('declining on the phone: the desktop says so and offers a new code', async () => {
    const { desktop, phone } = await openDevices();
    // Through the dialog: the retry must work inside it too.
    const qrLogin = await openQrLoginDialog(desktop.page, env.stack.origin);
    const payload = await scanQr(qrLogin);
    const code = await identificationCode(qrLogin);
    await openOnPhone(phone.page, payload);
    await phone.page.getByRole('button', { name: code, exact: true }).click();
    await phone.page.getByRole('button', { name: 'Decline', exact: true }).click();

    await desktop.page.getByText(MESSAGES.declined).first().waitFor({ timeout: 5_000 });
    assert.ok((await statesSeen(desktop.page)).includes('denied'));
    await assertAccessible(desktop.page, 'declined');
    await screenshot(desktop.page, 'qr-declined-en');

    // A new attempt: a new QR with a new session.
    await qrLogin.getByRole('button', { name: /Get a new code|Try again/ }).first().click();
    const again = await scanQr(qrLogin);
    assert.notEqual(new URL(again).searchParams.get('s'), new URL(payload).searchParams.get('s'), 'a new session');
    assert.equal(await desktop.page.locator('#signed-in').isHidden(), true);
    await assertLocalStorageEmpty(desktop.page);
    assertDevicesClean(devices);
  });

  test('tapping a code the desktop does not show stops the login on both devices', async () => {
    const { desktop, phone } = await openDevices();
    const qrLogin = await openQrLoginPage(desktop.page, env.stack.origin);
    const payload = await scanQr(qrLogin);
    const code = await identificationCode(qrLogin);
    await openOnPhone(phone.page, payload);
    const decoy = (await phoneCodeChoices(phone.page)).find((choice) => choice !== code);
    assert.ok(decoy, 'a decoy code is offered');
    await phone.page.getByRole('button', { name: decoy, exact: true }).click();

    // The phone says the login was stopped and offers no way to approve it any more.
    await phone.page.getByText(/stopped/i).first().waitFor();
    assert.equal(await phone.page.getByRole('button', { name: 'Approve', exact: true }).count(), 0, 'nothing left to approve');
    await screenshot(phone.page, 'qr-phone-code-mismatch-en');

    await desktop.page.getByText(MESSAGES.mismatch).first().waitFor({ timeout: 5_000 });
    assert.ok((await statesSeen(desktop.page)).includes('denied'));
    assert.equal(await desktop.page.locator('#signed-in').isHidden(), true);
    await assertAccessible(desktop.page, 'code mismatch');
    await screenshot(desktop.page, 'qr-code-mismatch-en');
    assertDevicesClean(devices);
  });
});

describe('QR login: a second phone replays the payload (decision 026)', () => {
  const env = useStack();

  test('the phone that scanned first sees where the request came from; a second phone is refused; the desktop says the code was scanned elsewhere', async () => {
    const { desktop, phone } = await openDevices();
    const qrLogin = await openQrLoginPage(desktop.page, env.stack.origin);
    const payload = await scanQr(qrLogin);
    await openOnPhone(phone.page, payload);
    await qrLogin.getByText('Confirm on your phone', { exact: true }).waitFor();
    // The context the app shows beside the site's name: the desktop's browser, its network, when.
    await phone.page.getByText('Requested from', { exact: true }).waitFor();
    await phone.page.getByText('Chrome on Linux', { exact: true }).waitFor();
    await phone.page.getByText('The same network as this phone', { exact: true }).waitFor();
    assert.equal(await phone.page.getByRole('alert').count(), 0, 'no relay warning on the same network');
    await screenshot(phone.page, 'qr-phone-request-context-en');

    // The same payload, seconds later, on another phone (a look over the shoulder, a relay).
    const second = await openExtraPhone(browser);
    try {
      const refusal = await second.page.goto(payload);
      assert.equal(refusal.status(), 409);
      await second.page.getByRole('heading', { name: 'This code was already scanned on another phone', level: 1 }).waitFor();
      assert.equal(await second.page.getByRole('button', { name: CODE }).count(), 0, 'nothing to approve on the second phone');
      await screenshot(second.page, 'qr-second-phone-refused-en');
      const logged = `console.error on ${payload}: Failed to load resource: the server responded with a status of 409`;
      assert.deepEqual(second.problems.filter((problem) => !problem.startsWith(logged)), []);
    } finally {
      await second.close();
    }

    await desktop.page.getByText(MESSAGES.scannedElsewhere).first().waitFor({ timeout: 5_000 });
    assert.ok((await statesSeen(desktop.page)).includes('denied'));
    assert.equal(await desktop.page.locator('#signed-in').isHidden(), true);
    await assertAccessible(desktop.page, 'scanned elsewhere');
    await screenshot(desktop.page, 'qr-scanned-elsewhere-en');

    // The first phone can no longer approve; its screen says why.
    await phone.page.reload();
    await phone.page.getByRole('heading', { name: 'Request stopped for your safety', level: 1 }).waitFor();
    assert.equal(await phone.page.getByRole('button', { name: 'Approve', exact: true }).count(), 0);
    devices.phone.problems.splice(0, Infinity, ...devices.phone.problems.filter((problem) => !/status of 410/.test(problem)));

    // Try again: a new session with a new QR.
    await qrLogin.getByRole('button', { name: /Get a new code|Try again/ }).first().click();
    const again = await scanQr(qrLogin);
    assert.notEqual(new URL(again).searchParams.get('s'), new URL(payload).searchParams.get('s'), 'a new session');
    assertDevicesClean(devices);
  });
});

describe('QR login: a session that runs out', () => {
  const env = useStack({ lifetimeSeconds: 6 });

  test('the desktop shows the session expired, and "Get a new code" starts a new one', async () => {
    const { desktop } = await openDevices();
    const qrLogin = await openQrLoginPage(desktop.page, env.stack.origin);
    const first = await scanQr(qrLogin);
    const firstCode = await identificationCode(qrLogin);

    await desktop.page.getByText(MESSAGES.expired).first().waitFor({ timeout: 10_000 });
    assert.equal(await qrImage(qrLogin).count(), 0, 'no QR left to scan once expired');
    assert.ok((await statesSeen(desktop.page)).includes('expired'));
    await assertAccessible(desktop.page, 'expired');
    await screenshot(desktop.page, 'qr-expired-en');

    await qrLogin.getByRole('button', { name: 'Get a new code', exact: true }).click();
    const second = await scanQr(qrLogin);
    assert.notEqual(new URL(second).searchParams.get('s'), new URL(first).searchParams.get('s'), 'the new QR belongs to a new session');
    const secondCode = await identificationCode(qrLogin);
    assert.notEqual(secondCode, firstCode, 'a new identification code');
    assertDevicesClean(devices);
  });
});

describe('QR login: a replayed payload', () => {
  const env = useStack({ qrWindowSeconds: 2 });

  test('a QR photographed earlier is refused as out of date, and the desktop keeps waiting', async () => {
    const { desktop, phone } = await openDevices();
    const qrLogin = await openQrLoginPage(desktop.page, env.stack.origin);
    const stale = await scanQr(qrLogin);
    // Older than the 2 s window (plus the 1 s of clock allowance) by the sandbox's own clock.
    await sleep(4_000);
    const refusal = await phone.page.goto(stale);
    await phone.page.getByText(/out of date/i).first().waitFor();
    // The refusal is an HTTP error too (so scripts and API callers see it), which Chromium logs
    // as a failed load of that one address; nothing else may be logged.
    assert.equal(refusal.status(), 400, 'a stale payload is answered with 400');
    const logged = `console.error on ${stale}: Failed to load resource: the server responded with a status of 400`;
    devices.phone.problems.splice(0, Infinity, ...devices.phone.problems.filter((problem) => !problem.startsWith(logged)));
    assert.equal(await phone.page.getByRole('button', { name: CODE }).count(), 0, 'no request shown for a stale QR');
    await screenshot(phone.page, 'qr-phone-stale-en');

    // Give the stream time to report anything it would (states arrive within 100 ms).
    await sleep(500);
    assert.deepEqual(await statesSeen(desktop.page).then((states) => states.filter((state) => state !== 'starting')), ['awaiting-scan']);
    await qrImage(qrLogin).waitFor();
    // The QR on screen now is a fresh one, and it still works.
    const fresh = await scanQr(qrLogin);
    assert.notEqual(fresh, stale, 'the QR rotated');
    await openOnPhone(phone.page, fresh);
    await qrLogin.getByText('Confirm on your phone', { exact: true }).waitFor();
    assertDevicesClean(devices);
  });
});
