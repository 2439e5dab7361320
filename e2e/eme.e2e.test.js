// End to end: e-ME form filling on the demo site's two forms — a plain HTML library card
// application and a bank account form whose inputs Preact controls — with a desktop and a phone,
// each a context of its own, in Chromium and Firefox (Debian's, through puppeteer-core) and WebKit
// (WebKitGTK's MiniBrowser over WebDriver classic, e2e/webkit-page.js; the phone a phone-sized
// window of the same engine), through e2e/devices.js and e2e/locators.js. The QR is read from the
// desktop's pixels, the code matched, an optional detail unticked in the app, and Approve pressed;
// then exactly the consented, visible fields hold the resident's values and every trap a
// malicious script could plant stays empty. The same assertions in every engine.
/* global document, window -- the functions given to page.evaluate run in the browser */
import assert from 'node:assert/strict';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { ENGINES, engineSuite } from './backend-support.js';
import { identificationCode, openDesktopAndPhone, openOnPhone, scanQr } from './devices.js';
import { RESULTS_DIR, assertAccessible, assertDevicesClean, webStorage } from './harness.js';
import { attributeOf, byRole, byText, find, setChecked } from './locators.js';

const RESIDENT = 'CHAN Tai Man';
const LOOSE_RATE_LIMIT = { max: 1000, windowSeconds: 60 };
const FILL = 'Fill with iAM Smart';
const AUTOFILL = 'iams-eme-autofill';

/** The desktop keeps every `iams-filled` detail it sees (elements as their ids). */
function recordFilled() {
    window.__iamsFilled = [];
    const describe = (entry) => ({ ...entry, element: entry.element?.id || entry.element?.name || null });
    document.addEventListener('iams-filled', (event) => {
      const { filled, refused, missing, invalid, unknown } = event.detail;
      window.__iamsFilled.push({ filled: filled.map(describe), refused: refused.map(describe), missing, invalid, unknown });
    });
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

/**
 * Each trap with the reason the element gives for refusing it: the same in every engine (the
 * covered and illegible checks read layout, hit testing and colours, which the engines compute
 * each their own way).
 */
const TRAP_REASONS = {
  'trap-hidden': 'hidden-type',
  'trap-display-none': 'not-rendered',
  'trap-offscreen': 'off-screen',
  'trap-transparent': 'transparent',
  'trap-zero-size': 'zero-size',
  'trap-disabled': 'disabled',
  'trap-readonly': 'read-only',
  'trap-inert': 'inert',
  'trap-clipped': 'too-small',
  'trap-covered': 'covered',
  'trap-white-on-white': 'illegible',
  'trap-one-pixel': 'too-small',
  'trap-tiny-font': 'illegible',
  'trap-own-label': 'covered',
  'trap-centre-only': 'covered',
  'trap-late': 'added-later',
};
const TRAPS = Object.keys(TRAP_REASONS);

for (const engine of ENGINES) {
  describe(`e-ME form filling: desktop and phone in ${engine.name}`, () => {
    const suite = engineSuite(engine, { stack: { crossDevice: { rateLimit: LOOSE_RATE_LIMIT } } });

    /** Opens both devices; the desktop records `iams-filled`. */
    async function openDevices() {
      suite.devices = await openDesktopAndPhone(suite.browser, engine.name);
      await suite.devices.desktop.page.evaluateOnNewDocument(recordFilled);
      return suite.devices;
    }

    /** Chromium's screenshots keep the names they always had; the other engines' carry the engine's. */
    async function screenshot(page, name) {
      await mkdir(RESULTS_DIR, { recursive: true });
      const file = engine.name === 'Chromium' ? name : `${name}-${engine.name.toLowerCase()}`;
      await page.screenshot({ path: join(RESULTS_DIR, `${file}.png`), fullPage: true });
    }

    /** Starts filling: the trigger, then the dialog with the list of details. */
    async function startFilling(page) {
      await (await byRole(page, 'button', FILL, { within: AUTOFILL })).click();
      await byRole(page, 'dialog', undefined, { within: AUTOFILL });
    }

    const inDialog = (page, role, name) => byRole(page, role, name, { within: AUTOFILL });

    /** The phone: scan, pick the resident, untick `leaveOut`, tap the desktop's code, Approve. */
    async function approveOnPhone(desktopPage, leaveOut) {
      const { phone } = suite.devices;
      const payload = await scanQr(desktopPage);
      const code = await identificationCode(desktopPage);
      await openOnPhone(phone.page, payload, RESIDENT);
      await (await byRole(phone.page, 'button', code)).click();
      for (const label of leaveOut) {
        const box = await byRole(phone.page, 'checkbox', new RegExp(`^${label}\\b`));
        await setChecked(box, false);
        assert.equal(await box.evaluate((node) => node.checked), false, `${label} unticked`);
      }
      await screenshot(phone.page, 'eme-phone-request-en');
      await (await byRole(phone.page, 'button', 'Approve')).click();
      await byRole(phone.page, 'heading', 'Details given');
    }

    /** A field's value, by id (the field need not be visible: the traps are not). */
    const valueOf = async (page, id) => (await find(page, { css: `#${id}`, visible: false })).evaluate((node) => node.value);
    const isChecked = async (page, css) => (await find(page, { css, visible: false })).evaluate((node) => node.checked);

    test('the library card form: consented, visible fields are filled; the unticked one and every trap stay empty', async () => {
      const { desktop } = await openDevices();
      await desktop.page.goto(`${suite.stack.origin}/library-card.html?mode=oidc`);
      await byRole(desktop.page, 'button', FILL, { within: AUTOFILL });
      await desktop.page.evaluate(plantTraps, 'library-card');

      await startFilling(desktop.page);
      // The details asked for are listed by name before anything is sent (never values).
      await byText(desktop.page, 'Home telephone number', { within: AUTOFILL });
      await assertAccessible(desktop.page, 'details listed');
      await (await inDialog(desktop.page, 'button', 'Continue')).click();
      await desktop.page.evaluate(plantLateField, 'library-card');
      await assertAccessible(desktop.page, 'awaiting scan');
      await approveOnPhone(desktop.page, ['Home telephone number']);

      await byText(desktop.page, /filled/i, { within: AUTOFILL });
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
      assert.equal(await isChecked(desktop.page, 'input[name="gender"][value="M"]'), true);
      assert.equal(await valueOf(desktop.page, 'home-phone'), '', 'the detail unticked in the app stays empty');
      assert.equal(await isChecked(desktop.page, 'input[name="consent"]'), false, 'the unmapped consent is never touched');
      for (const trap of TRAPS) assert.equal(await valueOf(desktop.page, trap), '', `${trap} stays empty`);

      const [detail] = await desktop.page.evaluate(() => window.__iamsFilled);
      const refused = new Set(detail.refused.map((entry) => entry.element));
      for (const trap of TRAPS) assert.ok(refused.has(trap), `${trap} reported as refused: ${JSON.stringify(detail.refused)}`);
      const reasons = Object.fromEntries(detail.refused.filter((entry) => entry.element in TRAP_REASONS).map((entry) => [entry.element, entry.reason]));
      assert.deepEqual(reasons, TRAP_REASONS, 'each trap refused for its own reason');
      assert.ok(detail.missing.includes('homeTelNumber'), 'the unticked detail is reported missing');
      assert.notEqual(await attributeOf(desktop.page, '#en-family-name', 'data-iams-filled'), null, 'filled fields are marked');

      // The form is the page's own: it submits what was filled.
      await (await inDialog(desktop.page, 'button', 'Close')).click();
      await setChecked(await find(desktop.page, { css: 'input[name="consent"]' }));
      await (await byRole(desktop.page, 'button', 'Submit application')).click();
      const shown = await find(desktop.page, { css: '#library-card-result [data-field="enFamilyName"]' });
      assert.equal((await shown.evaluate((node) => node.textContent)).trim(), 'CHAN');
      assert.deepEqual((await webStorage(desktop.page)).local, {}, 'localStorage stays empty');
      assertDevicesClean(suite.devices);
    });

    test('the bank form (Preact, controlled inputs): the values survive re-rendering and reach the app\'s state', async () => {
      const { desktop } = await openDevices();
      await desktop.page.goto(`${suite.stack.origin}/bank.html?mode=oidc`);
      await byRole(desktop.page, 'button', FILL, { within: AUTOFILL });
      await startFilling(desktop.page);
      await (await inDialog(desktop.page, 'button', 'Continue')).click();
      await approveOnPhone(desktop.page, ['Office telephone number']);
      await byText(desktop.page, /filled/i, { within: AUTOFILL });
      await (await inDialog(desktop.page, 'button', 'Close')).click();

      // Typing elsewhere re-renders the whole app: controlled inputs would lose values Preact never saw.
      const email = await find(desktop.page, { css: 'input[name="email"]' });
      await email.press('End');
      await email.type(' ');
      await email.press('Backspace');
      const field = (name) => valueOf(desktop.page, `bank-${name}`);
      assert.equal(await field('fullName'), 'CHAN Tai Man');
      assert.equal(await field('hkid'), 'K543210(3)');
      assert.equal(await field('officePhone'), '', 'unticked in the app');

      await (await byRole(desktop.page, 'button', 'Review')).click();
      await find(desktop.page, { css: '#bank-review' });
      const shown = async (name) => (await attributeOf(desktop.page, `#bank-review [data-field="${name}"]`, 'data-value'))?.trim();
      assert.equal(await shown('fullName'), 'CHAN Tai Man');
      assert.equal(await shown('hkid'), 'K543210(3)');
      assert.equal(await shown('email'), 'chan.taiman@example.com');
      assert.match(await shown('mobile'), /91234567/);
      await assertAccessible(desktop.page, 'bank review');
      assertDevicesClean(suite.devices);
    });
  });
}
