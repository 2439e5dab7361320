// End to end: e-ME form filling on the demo site's two forms — a plain HTML library card
// application and a bank account form whose inputs Preact controls — with a desktop and a phone
// context in Debian's Chromium. The QR is read from the desktop's pixels, the code matched, an
// optional detail unticked in the app, and Approve pressed; then exactly the consented, visible
// fields hold the resident's values and every trap a malicious script could plant stays empty.
/* global document, window -- the functions given to page.evaluate run in the browser */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  assertAccessible,
  assertDevicesClean,
  identificationCode,
  openDesktopAndPhone,
  openOnPhone,
  scanQr,
  screenshot,
  twoDeviceSuite,
  webStorage,
} from './harness.js';

const RESIDENT = 'CHAN Tai Man';
const LOOSE_RATE_LIMIT = { max: 1000, windowSeconds: 60 };

const suite = twoDeviceSuite({ crossDevice: { rateLimit: LOOSE_RATE_LIMIT } });

/** Opens both devices; the desktop keeps every `iams-filled` detail it sees (elements as their ids). */
async function openDevices() {
  suite.devices = await openDesktopAndPhone(suite.browser);
  await suite.devices.desktop.page.addInitScript(() => {
    window.__iamsFilled = [];
    const describe = (entry) => ({ ...entry, element: entry.element?.id || entry.element?.name || null });
    document.addEventListener('iams-filled', (event) => {
      const { filled, refused, missing, invalid, unknown } = event.detail;
      window.__iamsFilled.push({ filled: filled.map(describe), refused: refused.map(describe), missing, invalid, unknown });
    });
  });
  return suite.devices;
}

/**
 * Fields a hostile script might slip into the form, each with a name e-ME would fill if it were
 * a visible field the resident approved. Every one must stay empty.
 */
function plantTraps(formId) {
  const form = document.getElementById(formId);
  const add = (id, attributes, style = '', container = form) => {
    const input = document.createElement('input');
    input.id = id;
    // Labelled, so axe checks the kit's markup rather than the planted fields.
    input.setAttribute('aria-label', id);
    for (const [name, value] of Object.entries(attributes)) input.setAttribute(name, value);
    // Through the CSSOM: the page's CSP refuses style attributes, as it should.
    input.style.cssText = style;
    container.append(input);
    return input;
  };
  add('trap-hidden', { type: 'hidden', 'data-eme': 'idNo' });
  add('trap-display-none', { autocomplete: 'email' }, 'display:none');
  add('trap-offscreen', { autocomplete: 'tel' }, 'position:absolute;left:-10000px;top:0');
  add('trap-transparent', { 'data-eme': 'passportNumber' }, 'opacity:0');
  add('trap-zero-size', { 'data-eme': 'emailAddress' }, 'width:0;height:0;padding:0;border:0');
  add('trap-disabled', { 'data-eme': 'enName', disabled: '' });
  add('trap-readonly', { 'data-eme': 'mobileNumber', readonly: '' });
  const inert = document.createElement('div');
  inert.setAttribute('inert', '');
  form.append(inert);
  add('trap-inert', { 'data-eme': 'birthDate' }, '', inert);
  const clip = document.createElement('div');
  clip.style.cssText = 'overflow:hidden;width:0;height:0';
  form.append(clip);
  add('trap-clipped', { 'data-eme': 'residentialAddress' }, '', clip);
  // Covered: a visible field under an opaque box.
  const wrap = document.createElement('div');
  wrap.style.cssText = 'position:relative';
  form.append(wrap);
  add('trap-covered', { 'data-eme': 'chName' }, '', wrap);
  const cover = document.createElement('div');
  cover.style.cssText = 'position:absolute;inset:0;background:#fff';
  wrap.append(cover);
  // Readable in name only (issue 10): each was requested, approved and written before.
  add('trap-white-on-white', { 'data-eme': 'homeTelNumber' }, 'color:#fff;background:#fff;border:0');
  add('trap-one-pixel', { 'data-eme': 'officeTelNumber' }, 'width:1px;height:1px;padding:0;border:0');
  add('trap-tiny-font', { 'data-eme': 'postalAddress' }, 'font-size:0.5px;width:200px;height:30px');
  const labelled = document.createElement('div');
  labelled.style.cssText = 'position:relative;width:200px';
  form.append(labelled);
  add('trap-own-label', { 'data-eme': 'passportExpiry' }, 'width:200px;height:30px', labelled);
  const label = document.createElement('label');
  label.htmlFor = 'trap-own-label';
  label.textContent = 'Notes';
  label.style.cssText = 'position:absolute;inset:0;background:#fff;color:#111';
  labelled.append(label);
  // An overlay of four boxes that leaves only the centre of the field free.
  const framed = document.createElement('div');
  framed.style.cssText = 'position:relative;width:200px;height:30px';
  form.append(framed);
  add('trap-centre-only', { 'data-eme': 'educationLevel' }, 'width:200px;height:30px;box-sizing:border-box', framed);
  for (const side of ['left:0;right:0;top:0;height:calc(50% - 1px)', 'left:0;right:0;bottom:0;height:calc(50% - 1px)', 'left:0;top:0;bottom:0;width:calc(50% - 1px)', 'right:0;top:0;bottom:0;width:calc(50% - 1px)']) {
    const piece = document.createElement('div');
    piece.style.cssText = `position:absolute;background:#fff;${side}`;
    framed.append(piece);
  }
}

/** A field added after the request went out: planted once the app has been opened. */
function plantLateField(formId) {
  const input = document.createElement('input');
  input.id = 'trap-late';
  input.setAttribute('aria-label', 'trap-late');
  input.setAttribute('autocomplete', 'family-name');
  document.getElementById(formId).prepend(input);
}

const TRAPS = [
  'trap-hidden',
  'trap-display-none',
  'trap-offscreen',
  'trap-transparent',
  'trap-zero-size',
  'trap-disabled',
  'trap-readonly',
  'trap-inert',
  'trap-clipped',
  'trap-covered',
  'trap-white-on-white',
  'trap-one-pixel',
  'trap-tiny-font',
  'trap-own-label',
  'trap-centre-only',
  'trap-late',
];

/** Starts filling: the trigger, the list of details, Continue; returns the dialog's QR login. */
async function startFilling(page) {
  await page.getByRole('button', { name: 'Fill with iAM Smart', exact: true }).click();
  const dialog = page.getByRole('dialog');
  await dialog.waitFor();
  return dialog;
}

/** The phone: scan, pick the resident, untick `leaveOut`, tap the desktop's code, Approve. */
async function approveOnPhone(qrLogin, leaveOut) {
  const { phone } = suite.devices;
  const payload = await scanQr(qrLogin);
  const code = await identificationCode(qrLogin);
  await openOnPhone(phone.page, payload, RESIDENT);
  await phone.page.getByRole('button', { name: code, exact: true }).click();
  for (const label of leaveOut) {
    const box = phone.page.getByRole('checkbox', { name: label });
    await box.uncheck();
    assert.equal(await box.isChecked(), false, `${label} unticked`);
  }
  await screenshot(phone.page, 'eme-phone-request-en');
  await phone.page.getByRole('button', { name: 'Approve', exact: true }).click();
  await phone.page.getByRole('heading', { name: 'Details given' }).waitFor();
}

const valueOf = (page, id) => page.locator(`#${id}`).inputValue();

describe('e-ME form filling: desktop and phone', () => {
  test('the library card form: consented, visible fields are filled; the unticked one and every trap stay empty', async () => {
    const { desktop } = await openDevices();
    await desktop.page.goto(`${suite.stack.origin}/library-card.html?mode=oidc`);
    await desktop.page.getByRole('button', { name: 'Fill with iAM Smart', exact: true }).waitFor();
    await desktop.page.evaluate(plantTraps, 'library-card');

    const dialog = await startFilling(desktop.page);
    // The details asked for are listed by name before anything is sent (never values).
    await dialog.getByText('Home telephone number').first().waitFor();
    await assertAccessible(desktop.page, 'details listed');
    await dialog.getByRole('button', { name: 'Continue', exact: true }).click();
    const qrLogin = dialog.locator('iams-qr-login');
    await desktop.page.evaluate(plantLateField, 'library-card');
    await assertAccessible(desktop.page, 'awaiting scan');
    await approveOnPhone(qrLogin, ['Home telephone number']);

    await dialog.getByText(/filled/i).first().waitFor();
    await assertAccessible(desktop.page, 'filled summary');
    await screenshot(desktop.page, 'eme-library-card-filled-en');

    const expected = {
      'en-family-name': 'CHAN',
      'en-given-name': 'Tai Man',
      'ch-name': '陳大文',
      'id-letters': 'K',
      'id-digits': '543210',
      'id-check': '3',
      'birth-date': '1978-03-14',
      'mobile-country': '852',
      'mobile-number': '91234567',
      email: 'chan.taiman@example.com',
    };
    for (const [id, value] of Object.entries(expected)) assert.equal(await valueOf(desktop.page, id), value, `#${id}`);
    assert.match(await valueOf(desktop.page, 'address-1'), /Flat C/);
    assert.match(await valueOf(desktop.page, 'postal-address'), /Sandbox Garden/, 'the optional postal address the resident kept');
    assert.equal(await desktop.page.locator('input[name="gender"][value="M"]').isChecked(), true);
    assert.equal(await valueOf(desktop.page, 'home-phone'), '', 'the detail unticked in the app stays empty');
    assert.equal(await desktop.page.locator('input[name="consent"]').isChecked(), false, 'the unmapped consent is never touched');
    for (const trap of TRAPS) assert.equal(await valueOf(desktop.page, trap), '', `${trap} stays empty`);

    const [detail] = await desktop.page.evaluate(() => window.__iamsFilled);
    const refused = new Set(detail.refused.map((entry) => entry.element));
    for (const trap of TRAPS) assert.ok(refused.has(trap), `${trap} reported as refused: ${JSON.stringify(detail.refused)}`);
    assert.ok(detail.missing.includes('homeTelNumber'), 'the unticked detail is reported missing');
    assert.equal(await desktop.page.locator('#en-family-name').getAttribute('data-iams-filled') !== null, true, 'filled fields are marked');

    // The form is the page's own: it submits what was filled.
    await desktop.page.getByRole('dialog').getByRole('button', { name: 'Close', exact: true }).click();
    await desktop.page.locator('input[name="consent"]').check();
    await desktop.page.getByRole('button', { name: 'Submit application', exact: true }).click();
    const result = desktop.page.locator('#library-card-result');
    await result.waitFor();
    assert.equal((await result.locator('[data-field="enFamilyName"]').textContent()).trim(), 'CHAN');
    assert.deepEqual((await webStorage(desktop.page)).local, {}, 'localStorage stays empty');
    assertDevicesClean(suite.devices);
  });

  test('the bank form (Preact, controlled inputs): the values survive re-rendering and reach the app\'s state', async () => {
    const { desktop } = await openDevices();
    await desktop.page.goto(`${suite.stack.origin}/bank.html?mode=oidc`);
    await desktop.page.getByRole('button', { name: 'Fill with iAM Smart', exact: true }).waitFor();
    const dialog = await startFilling(desktop.page);
    await dialog.getByRole('button', { name: 'Continue', exact: true }).click();
    await approveOnPhone(dialog.locator('iams-qr-login'), ['Office telephone number']);
    await dialog.getByText(/filled/i).first().waitFor();
    await desktop.page.getByRole('dialog').getByRole('button', { name: 'Close', exact: true }).click();

    // Typing elsewhere re-renders the whole app: controlled inputs would lose values Preact never saw.
    await desktop.page.locator('input[name="email"]').press('End');
    await desktop.page.locator('input[name="email"]').pressSequentially(' ');
    await desktop.page.locator('input[name="email"]').press('Backspace');
    assert.equal(await desktop.page.locator('input[name="fullName"]').inputValue(), 'CHAN Tai Man');
    assert.equal(await desktop.page.locator('input[name="hkid"]').inputValue(), 'K543210(3)');
    assert.equal(await desktop.page.locator('input[name="officePhone"]').inputValue(), '', 'unticked in the app');

    await desktop.page.getByRole('button', { name: 'Review', exact: true }).click();
    const review = desktop.page.locator('#bank-review');
    await review.waitFor();
    const shown = async (name) => (await review.locator(`[data-field="${name}"]`).getAttribute('data-value'))?.trim();
    assert.equal(await shown('fullName'), 'CHAN Tai Man');
    assert.equal(await shown('hkid'), 'K543210(3)');
    assert.equal(await shown('email'), 'chan.taiman@example.com');
    assert.match(await shown('mobile'), /91234567/);
    await assertAccessible(desktop.page, 'bank review');
    assertDevicesClean(suite.devices);
  });
});
