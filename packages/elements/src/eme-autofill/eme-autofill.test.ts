/// <reference types="mocha" />
import { IamSmartError, type EmeResult } from '@iamsmart/sdk';
import { assert, expect, fixture, fixtureCleanup, html, waitUntil } from '@open-wc/testing';
import { sendKeys } from '../test-support/commands.js';
import type { TemplateResult } from 'lit';
import type { IamsErrorDetail, IamsFilledDetail, IamsStateDetail } from '../events.js';
import { messagesFor } from '../i18n/index.js';
import { FakeClient } from '../test-support/fake-client.js';
import { FAKE_NOW, FakeEmeSession } from '../test-support/fake-session.js';
import { fakeEmeResult } from '../test-support/resident.js';
import { deepActiveElement, tabBackIntoPage } from '../test-support/focus.js';
import { dialogOf, onPageIn, triggerOf } from '../test-support/elements.js';
import '../provider/define.js';
import './define.js';
import type { IamsEmeAutofill } from './eme-autofill.js';
import '../test-support/messages.js';

interface Options {
  lang?: string;
  client?: FakeClient | null;
  formNum?: string;
  purpose?: string;
}

/** An autofill button for `form` (which has id "f"), inside a provider whose client hands out `session`, with a stopped clock. */
async function autofill(form: TemplateResult, session = new FakeEmeSession(), { lang = 'en', client, formNum, purpose }: Options = {}) {
  const fake = client === undefined ? new FakeClient({ startEme: () => session }) : client;
  const root = await fixture(html`<div>
    <iams-provider .client=${fake ?? undefined}>
      <iams-eme-autofill for="f" lang=${lang} form-num=${formNum ?? ''} purpose=${purpose ?? ''} .now=${() => FAKE_NOW}></iams-eme-autofill>
    </iams-provider>
    ${form}
  </div>`);
  const el = root.querySelector('iams-eme-autofill');
  if (!el) throw new Error('no element');
  await el.updateComplete;
  return { el, client: fake, session, root };
}

function part(el: IamsEmeAutofill, name: string): HTMLElement | null {
  return el.shadowRoot?.querySelector<HTMLElement>(`[part="${name}"]`) ?? null;
}

function textOf(node: Element | null | undefined): string {
  return node?.textContent.replace(/\s+/g, ' ').trim() ?? '';
}

function status(el: IamsEmeAutofill): string {
  return textOf(dialogOf(el)?.querySelector(':scope > [role="status"]'));
}

function field(root: Element, id: string): HTMLInputElement {
  const found = root.querySelector<HTMLInputElement>(`#${id}`);
  if (!found) throw new Error(`no #${id}`);
  return found;
}

async function settled(el: IamsEmeAutofill): Promise<void> {
  await el.updateComplete;
  await dialogOf(el)?.querySelector('iams-qr-login')?.updateComplete;
}

async function open(el: IamsEmeAutofill): Promise<HTMLDialogElement> {
  triggerOf(el).click();
  await waitUntil(() => dialogOf(el)?.open, 'the dialog did not open');
  await settled(el);
  const dialog = dialogOf(el);
  if (!dialog) throw new Error('no dialog');
  return dialog;
}

/** Opens, continues, and has the resident approve: the session ends in `done` with `result`. */
async function approve(el: IamsEmeAutofill, session: FakeEmeSession, result?: EmeResult): Promise<IamsFilledDetail> {
  if (!dialogOf(el)?.open) await open(el);
  part(el, 'continue')?.click();
  await settled(el);
  let detail: IamsFilledDetail | undefined;
  el.addEventListener(
    'iams-filled',
    (event) => {
      detail = event.detail;
    },
    { once: true },
  );
  session.to('done', result ? { result } : {});
  await waitUntil(() => detail, 'no iams-filled');
  await settled(el);
  if (!detail) throw new Error('no iams-filled');
  return detail;
}

/** Records every `input` and `change` that reaches the document, with its target. */
function inputEvents() {
  const seen: [string, string][] = [];
  const listener = (event: Event) => seen.push([event.type, (event.target as Element).id]);
  document.addEventListener('input', listener);
  document.addEventListener('change', listener);
  return {
    seen,
    stop: () => {
      document.removeEventListener('input', listener);
      document.removeEventListener('change', listener);
    },
  };
}

const LANGS = ['en', 'zh-HK', 'zh-CN'] as const;

const SIMPLE_FORM = html`<form id="f">
  <h2>Library card application</h2>
  <label>Surname <input id="last" data-eme="enName.lastName" required /></label>
  <label>Given name <input id="first" autocomplete="given-name" required /></label>
  <label>Mobile <input id="mobile" type="tel" data-eme="mobileNumber" /></label>
</form>`;

describe('<iams-eme-autofill>', () => {
  onPageIn('en');

  describe('trigger', () => {
    it('paints without the dialog’s code, which loads on the first open', async () => {
      const { el } = await autofill(SIMPLE_FORM);
      assert.isUndefined(customElements.get('iams-qr-login'));
      await open(el);
      part(el, 'continue')?.click();
      await settled(el);
      assert.isDefined(customElements.get('iams-qr-login'));
    });

    for (const lang of LANGS) {
      it(`says “${messagesFor(lang).eme.label}” in iAM Smart’s wording, and is accessible (${lang})`, async () => {
        const { el } = await autofill(SIMPLE_FORM, undefined, { lang });
        assert.strictEqual(textOf(triggerOf(el)), messagesFor(lang).eme.label);
        assert.isFalse(triggerOf(el).disabled);
        assert.strictEqual(triggerOf(el).getAttribute('aria-haspopup'), 'dialog');
        await expect(el).to.be.accessible();
      });
    }

    it('a form with nothing to map: the button is disabled and says why; unknown names are logged; a field added later enables it', async () => {
      const warnings: unknown[][] = [];
      const warn = console.warn;
      console.warn = (...args: unknown[]) => warnings.push(args);
      try {
        const { el, root } = await autofill(html`<form id="f"><label>Nickname <input id="nick" data-eme="nickname" /></label></form>`);
        assert.isTrue(triggerOf(el).disabled);
        const reason = part(el, 'reason');
        assert.strictEqual(textOf(reason), messagesFor('en').eme.errors.form_invalid);
        assert.strictEqual(triggerOf(el).getAttribute('aria-describedby'), reason?.id);
        assert.strictEqual(warnings.length, 1);
        assert.include(String(warnings[0]?.[0]), 'nickname');
        assert.strictEqual(warnings[0]?.[1], field(root, 'nick'));
        await expect(el).to.be.accessible();
        const email = document.createElement('input');
        email.setAttribute('autocomplete', 'email');
        root.querySelector('form')?.append(email);
        await waitUntil(() => !triggerOf(el).disabled, 'the button stayed disabled');
        assert.strictEqual(part(el, 'reason'), null);
      } finally {
        console.warn = warn;
      }
    });

    it('no form at all: disabled with the reason; pointed at a form, enabled', async () => {
      const { el } = await autofill(html`<p>No form here</p>
        <form id="other" aria-label="Other"><input aria-label="Email" autocomplete="email" /></form>`);
      assert.isTrue(triggerOf(el).disabled);
      assert.strictEqual(textOf(part(el, 'reason')), messagesFor('en').eme.errors.form_invalid);
      el.htmlFor = 'other';
      await el.updateComplete;
      assert.isFalse(triggerOf(el).disabled);
    });

    it('fills a form it wraps, without `for`', async () => {
      const session = new FakeEmeSession();
      const client = new FakeClient({ startEme: () => session });
      const root = await fixture(html`<iams-provider .client=${client}>
        <iams-eme-autofill .now=${() => FAKE_NOW}>
          <form aria-label="Wrapped form"><input id="email" aria-label="Email" autocomplete="email" /></form>
        </iams-eme-autofill>
      </iams-provider>`);
      const el = root.querySelector('iams-eme-autofill');
      if (!el) throw new Error('no element');
      await el.updateComplete;
      await approve(el, session);
      assert.strictEqual(client.emeCalls[0]?.formName, 'Wrapped form');
      assert.strictEqual(field(root, 'email').value, 'chan.taiman@example.com');
    });
  });

  describe('before the request', () => {
    for (const lang of LANGS) {
      it(`lists the fields it will ask for, names only, optional ones marked, and is accessible (${lang})`, async () => {
        const { el, client } = await autofill(SIMPLE_FORM, undefined, { lang });
        const dialog = await open(el);
        const text = messagesFor(lang).eme;
        assert.isTrue(dialog.matches(':modal'));
        assert.strictEqual(el.shadowRoot?.getElementById(dialog.getAttribute('aria-labelledby') ?? '')?.textContent, text.label);
        assert.deepEqual(
          Array.from(part(el, 'fields')?.querySelectorAll('li') ?? [], (item) => textOf(item)),
          [`${text.fields.enName} ${text.required}`, `${text.fields.mobileNumber} ${text.optional}`],
        );
        assert.include(textOf(part(el, 'form')), 'Library card application');
        assert.notInclude(textOf(dialog), 'CHAN');
        assert.deepEqual(client?.emeCalls, [], 'nothing is asked before Continue');
        await expect(el).to.be.accessible();
      });
    }

    it('Continue asks for the fields, the optional ones, the form’s name, number and purpose, in the element’s language', async () => {
      const { el, client } = await autofill(SIMPLE_FORM, undefined, { lang: 'zh-HK', formNum: 'HPL-001', purpose: 'To issue your card' });
      await open(el);
      assert.include(textOf(part(el, 'form')), 'HPL-001');
      part(el, 'continue')?.click();
      await settled(el);
      assert.deepEqual(client?.emeCalls, [
        { fields: ['enName', 'mobileNumber'], optionalFields: ['mobileNumber'], formName: 'Library card application', formNum: 'HPL-001', purpose: 'To issue your card', lang: 'zh-HK' },
      ]);
      const qr = dialogOf(el)?.querySelector('iams-qr-login');
      assert.strictEqual(qr?.getAttribute('flow'), 'eme');
      assert.strictEqual(deepActiveElement()?.id, 'eme-dialog-heading', 'focus moves to the heading, not lost with Continue');
    });

    it('without a client the dialog says it is not available, and nothing is asked', async () => {
      const events: IamsErrorDetail[] = [];
      const { el } = await autofill(SIMPLE_FORM, undefined, { client: null });
      el.addEventListener('iams-error', (event) => events.push(event.detail));
      await open(el);
      assert.strictEqual(textOf(part(el, 'message')), messagesFor('en').eme.notConfigured);
      assert.deepEqual(
        events.map(({ code }) => code),
        ['invalid_config'],
      );
      assert.strictEqual(part(el, 'continue'), null);
      await expect(el).to.be.accessible();
    });

    it('a form whose every mapped field is hidden is refused with form_invalid', async () => {
      const { el } = await autofill(html`<form id="f" aria-label="Hidden"><input type="hidden" data-eme="idNo" /></form>`);
      await open(el);
      assert.strictEqual(textOf(part(el, 'message')), messagesFor('en').eme.errors.form_invalid);
      await expect(el).to.be.accessible();
    });
  });

  describe('QR states', () => {
    it('re-dispatches the session’s states from the element, and is accessible while waiting for a scan', async () => {
      const { el, session } = await autofill(SIMPLE_FORM);
      const states: IamsStateDetail[] = [];
      el.addEventListener('iams-state', (event) => states.push(event.detail));
      await open(el);
      part(el, 'continue')?.click();
      await settled(el);
      session.to('awaiting-scan');
      await settled(el);
      const qr = dialogOf(el)?.querySelector('iams-qr-login');
      await waitUntil(() => qr?.shadowRoot?.querySelector('svg[part="qr"]'), 'no QR code');
      assert.include(textOf(qr?.shadowRoot?.querySelector('[part="steps"]')), 'shows this form');
      await expect(el).to.be.accessible();
      session.to('scanned');
      await settled(el);
      await expect(el).to.be.accessible();
      assert.deepEqual(
        states.map(({ state }) => state),
        ['starting', 'awaiting-scan', 'scanned'],
      );
    });

    it('a declined request: iams-error from the element with the form-filling wording, nothing filled', async () => {
      const { el, session, root } = await autofill(SIMPLE_FORM);
      const errors: IamsErrorDetail[] = [];
      el.addEventListener('iams-error', (event) => errors.push(event.detail));
      await open(el);
      part(el, 'continue')?.click();
      await settled(el);
      session.to('denied');
      await settled(el);
      assert.deepEqual(
        errors.map(({ code, message }) => [code, message]),
        [['access_denied', messagesFor('en').eme.errors.access_denied]],
      );
      const qr = dialogOf(el)?.querySelector('iams-qr-login');
      assert.include(textOf(qr?.shadowRoot?.querySelector('[part="stage"]')), 'Providing details not approved');
      assert.strictEqual(field(root, 'last').value, '');
      await expect(el).to.be.accessible();
    });

    it('a failed request (form_data_error) reads as such, accessible', async () => {
      const { el, session } = await autofill(SIMPLE_FORM);
      const errors: IamsErrorDetail[] = [];
      el.addEventListener('iams-error', (event) => errors.push(event.detail));
      await open(el);
      part(el, 'continue')?.click();
      await settled(el);
      session.to('error', { error: new IamSmartError('form_data_error', 'userinfo failed') });
      await settled(el);
      assert.deepEqual(
        errors.map(({ code }) => code),
        ['form_data_error'],
      );
      await expect(el).to.be.accessible();
    });
  });

  describe('filling', () => {
    it('fills at once with input and change events, marks the fields, announces and summarises, and reports iams-filled', async () => {
      const { el, session, root } = await autofill(SIMPLE_FORM);
      const events = inputEvents();
      try {
        const detail = await approve(el, session, fakeEmeResult(['enName', 'mobileNumber']));
        assert.strictEqual(field(root, 'last').value, 'CHAN');
        assert.strictEqual(field(root, 'first').value, 'Tai Man');
        assert.strictEqual(field(root, 'mobile').value, '+852 91234567');
        for (const id of ['last', 'first', 'mobile']) assert.isTrue(field(root, id).hasAttribute('data-iams-filled'), id);
        assert.deepEqual(events.seen, [
          ['input', 'last'],
          ['change', 'last'],
          ['input', 'first'],
          ['change', 'first'],
          ['input', 'mobile'],
          ['change', 'mobile'],
        ]);
        assert.deepEqual(
          detail.filled.map(({ field: name, element }) => [name, element.id]),
          [
            ['enName.lastName', 'last'],
            ['enName.firstName', 'first'],
            ['mobileNumber', 'mobile'],
          ],
        );
        assert.deepEqual(detail.refused, []);
        assert.strictEqual(status(el), '3 fields were filled with your details from iAM Smart.');
        assert.deepEqual(
          Array.from(part(el, 'summary')?.querySelectorAll('li') ?? [], (item) => textOf(item)),
          ['Surname', 'Given name', 'Mobile'],
        );
        assert.strictEqual(deepActiveElement()?.id, 'eme-summary-title');
        await expect(el).to.be.accessible();
      } finally {
        events.stop();
      }
    });

    it('lists what iAM Smart did not give, or gave malformed, as not filled', async () => {
      const { el, session, root } = await autofill(SIMPLE_FORM);
      const result = fakeEmeResult(['enName'], { missing: ['mobileNumber'] });
      const detail = await approve(el, session, result);
      assert.deepEqual(detail.missing, ['mobileNumber']);
      assert.strictEqual(field(root, 'mobile').value, '');
      assert.include(textOf(part(el, 'summary')), 'Mobile — not shared or not in your e-ME profile');
      assert.strictEqual(status(el), '2 fields were filled with your details from iAM Smart.');
      await expect(el).to.be.accessible();
    });

    for (const lang of ['zh-HK', 'zh-CN'] as const) {
      it(`summarises in ${lang}`, async () => {
        const { el, session } = await autofill(SIMPLE_FORM, undefined, { lang });
        await approve(el, session);
        const text = messagesFor(lang).eme;
        assert.include(textOf(part(el, 'summary')), text.filled);
        assert.include(textOf(part(el, 'undo')), text.undo);
        await expect(el).to.be.accessible();
      });
    }

    it('fills selects (by value or text), radios, checkboxes, dates and split fields', async () => {
      const { el, session, root } = await autofill(html`<form id="f" aria-label="Kinds">
        <label>Title <select id="title" data-eme="prefix"><option value="">-</option><option value="mrs">Mrs</option><option value="mr">Mr</option></select></label>
        <label>Month <select id="month" autocomplete="bday-month"><option value="">-</option><option value="2">Feb</option><option value="3">Mar</option></select></label>
        <fieldset>
          <legend>Gender</legend>
          <label><input id="female" type="radio" name="sex" value="female" data-eme="gender" /> Female</label>
          <label><input id="male" type="radio" name="sex" value="male" data-eme="gender" /> Male</label>
        </fieldset>
        <label><input id="property" type="checkbox" data-eme="propertyOwner" checked /> I own property</label>
        <label><input id="car" type="checkbox" data-eme="carOwner" checked /> I own a car</label>
        <label>Date of birth <input id="dob" type="date" data-eme="birthDate" /></label>
        <label>Passport expiry <input id="expiry" data-eme="passportExpiry" /></label>
        <label>HKID letter <input id="letters" data-eme="idNo.letters" /></label>
        <label>HKID digits <input id="digits" data-eme="idNo.digits" /></label>
        <label>Check digit <input id="check" data-eme="idNo.checkDigit" /></label>
        <label>Code <input id="cc" autocomplete="home tel-country-code" /></label>
        <label>Home number <input id="home" autocomplete="home tel-national" /></label>
        <label>Address <textarea id="address" data-eme="postalAddress"></textarea></label>
        <label>區 <input id="district" data-eme="residentialAddress.zh.district" /></label>
        <label>Marital status <select id="marital" data-eme="maritalStatus"><option>single</option><option>divorced</option></select></label>
      </form>`);
      const detail = await approve(el, session);
      const value = (id: string) => field(root, id).value;
      assert.strictEqual(value('title'), 'mr');
      assert.strictEqual(value('month'), '3');
      assert.isTrue(field(root, 'male').checked);
      assert.isFalse(field(root, 'female').checked);
      assert.isTrue(field(root, 'property').checked);
      assert.isFalse(field(root, 'car').checked);
      assert.strictEqual(value('dob'), '1978-03-14');
      assert.strictEqual(value('expiry'), '19-08-2031');
      assert.deepEqual([value('letters'), value('digits'), value('check')], ['K', '543210', '3']);
      assert.deepEqual([value('cc'), value('home')], ['852', '26041234']);
      assert.strictEqual(value('address'), 'Room 1201, 12/F\nHarbour Centre\n25 Harbour Road\nWan Chai, Hong Kong');
      assert.strictEqual(value('district'), '沙田區');
      assert.strictEqual(value('marital'), 'single', 'no matching option: left alone');
      assert.deepEqual(
        detail.refused.map(({ field: name, reason }) => [name, reason]),
        [['maritalStatus', 'no-option']],
      );
      assert.include(textOf(part(el, 'summary')), 'Marital status — no matching choice');
    });

    it('a React-like controlled input keeps the value after the framework renders again', async () => {
      const { el, session, root } = await autofill(html`<form id="f" aria-label="Controlled"><label>Email <input id="email" autocomplete="email" /></label></form>`);
      const input = field(root, 'email');
      // As React does: an own `value` property remembers what the framework last wrote; an `input`
      // event whose native value differs from it is the user's change, and goes into the state.
      const native = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value') as PropertyDescriptor & { get: () => string; set: (v: string) => void };
      let tracked = '';
      let state = '';
      Object.defineProperty(input, 'value', {
        configurable: true,
        get: () => native.get.call(input),
        set: (value: string) => {
          tracked = value;
          native.set.call(input, value);
        },
      });
      const render = () => {
        input.value = state;
      };
      input.addEventListener('input', () => {
        const current = native.get.call(input);
        if (current !== tracked) state = current;
        tracked = current;
        render();
      });
      await approve(el, session);
      render();
      assert.strictEqual(state, 'chan.taiman@example.com');
      assert.strictEqual(input.value, 'chan.taiman@example.com');
    });

    it('Undo restores every previous value with input and change, and says so', async () => {
      const { el, session, root } = await autofill(html`<form id="f" aria-label="Undo">
        <label>Surname <input id="last" data-eme="enName.lastName" value="WONG" /></label>
        <label>Title <select id="title" data-eme="prefix"><option>Ms</option><option>Mr</option></select></label>
        <label><input id="female" type="radio" name="sex" value="F" data-eme="gender" checked /> Female</label>
        <label><input id="male" type="radio" name="sex" value="M" data-eme="gender" /> Male</label>
        <label><input id="car" type="checkbox" data-eme="carOwner" checked /> Car</label>
      </form>`);
      await approve(el, session);
      assert.deepEqual([field(root, 'last').value, field(root, 'title').value, field(root, 'male').checked, field(root, 'car').checked], ['CHAN', 'Mr', true, false]);
      const events = inputEvents();
      try {
        part(el, 'undo')?.click();
        await settled(el);
        assert.deepEqual(
          [field(root, 'last').value, field(root, 'title').value, field(root, 'female').checked, field(root, 'male').checked, field(root, 'car').checked],
          ['WONG', 'Ms', true, false, true],
        );
        for (const id of ['last', 'title', 'female', 'car']) {
          assert.deepInclude(events.seen, ['input', id]);
          assert.deepInclude(events.seen, ['change', id]);
        }
        assert.isNull(root.querySelector('[data-iams-filled]'));
        assert.strictEqual(status(el), messagesFor('en').eme.undone);
        assert.strictEqual(part(el, 'undo'), null);
        assert.strictEqual(deepActiveElement()?.id, 'eme-summary-title');
        await expect(el).to.be.accessible();
      } finally {
        events.stop();
      }
    });
  });

  describe('refusing fields the resident cannot see or change', () => {
    /** Each case: the e-ME field sits in `wrap(visible)`; visible, the same markup is filled. */
    const cases: [reason: string, wrap: (hide: boolean) => TemplateResult][] = [
      ['hidden-type', (hide) => html`<input id="target" aria-label="Name" type=${hide ? 'hidden' : 'text'} data-eme="enName" />`],
      ['not-rendered', (hide) => html`<input id="target" aria-label="Name" data-eme="enName" style=${hide ? 'display:none' : ''} />`],
      ['zero-size', (hide) => html`<input id="target" aria-label="Name" data-eme="enName" style=${hide ? 'width:0;height:0;padding:0;border:0' : ''} />`],
      ['off-screen', (hide) => html`<input id="target" aria-label="Name" data-eme="enName" style=${hide ? 'position:absolute;left:-9999px' : ''} />`],
      // The visually-hidden pattern: a 1 px box, clipped too; the size is checked first.
      [
        'too-small',
        (hide) =>
          html`<input
            id="target"
            aria-label="Name"
            data-eme="enName"
            style=${hide ? 'position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap' : ''}
          />`,
      ],
      ['clipped', (hide) => html`<input id="target" aria-label="Name" data-eme="enName" style=${hide ? 'clip:rect(0 0 0 0);position:absolute' : 'position:absolute'} />`],
      ['clipped', (hide) => html`<input id="target" aria-label="Name" data-eme="enName" style=${hide ? 'clip-path:inset(50%)' : ''} />`],
      ['clipped', (hide) => html`<div style=${hide ? 'height:0;overflow:hidden' : ''}><input id="target" aria-label="Name" data-eme="enName" /></div>`],
      ['transparent', (hide) => html`<div style=${hide ? 'opacity:0.01' : 'opacity:0.9'}><input id="target" aria-label="Name" data-eme="enName" /></div>`],
      ['transparent', (hide) => html`<input id="target" aria-label="Name" data-eme="enName" style=${hide ? 'visibility:hidden' : ''} />`],
      [
        'covered',
        (hide) =>
          html`<div style="position:relative">
            <input id="target" aria-label="Name" data-eme="enName" />
            ${hide ? html`<div style="position:absolute;inset:0;background:white"></div>` : ''}
          </div>`,
      ],
      [
        'covered',
        (hide) =>
          html`<div style="position:relative">
            <input id="target" aria-label="Name" data-eme="enName" />
            ${hide ? html`<div style="position:absolute;inset:0;background:white;pointer-events:none"></div>` : ''}
          </div>`,
      ],
      ['inert', (hide) => html`<div ?inert=${hide}><input id="target" aria-label="Name" data-eme="enName" /></div>`],
      ['disabled', (hide) => html`<input id="target" aria-label="Name" data-eme="enName" ?disabled=${hide} />`],
      ['disabled', (hide) => html`<fieldset ?disabled=${hide}><legend>Name</legend><input id="target" aria-label="Name" data-eme="enName" /></fieldset>`],
      ['read-only', (hide) => html`<input id="target" aria-label="Name" data-eme="enName" ?readonly=${hide} />`],
    ];

    async function run(wrap: TemplateResult) {
      const { el, session, root } = await autofill(html`<form id="f" aria-label="Refusals">
        <label>Email <input id="email" data-eme="emailAddress" /></label>
        ${wrap}
      </form>`);
      const detail = await approve(el, session);
      // Closed, so the next fixture is not behind a modal dialog.
      el.close();
      return { detail, root, el };
    }

    for (const [reason, wrap] of cases) {
      it(`${reason}: ${wrap(true).strings.join('…').replace(/\s+/g, ' ').slice(0, 60)} — stays empty; visible, the same field is filled`, async () => {
        const hidden = await run(wrap(true));
        assert.strictEqual(field(hidden.root, 'target').value, '');
        assert.isFalse(field(hidden.root, 'target').hasAttribute('data-iams-filled'));
        assert.strictEqual(field(hidden.root, 'email').value, 'chan.taiman@example.com', 'the other field is filled');
        assert.deepEqual(
          hidden.detail.refused.map(({ field: name, element, reason: why }) => [name, element.id, why]),
          [['enName', 'target', reason]],
        );
        fixtureCleanup();
        const shown = await run(wrap(false));
        assert.strictEqual(field(shown.root, 'target').value, 'CHAN Tai Man');
        assert.deepEqual(shown.detail.refused, []);
      });
    }

    it('a field refused when the request is made is not asked for, and is reported as refused after approval', async () => {
      const { el, session, client, root } = await autofill(html`<form id="f" aria-label="Asked">
        <label>Email <input id="email" data-eme="emailAddress" /></label>
        <input id="target" type="hidden" data-eme="idNo" />
      </form>`);
      await open(el);
      assert.deepEqual(
        Array.from(part(el, 'fields')?.querySelectorAll('li') ?? [], (item) => textOf(item)),
        ['Email address optional — you can leave it out in the app'],
      );
      const detail = await approve(el, session, fakeEmeResult(['emailAddress']));
      assert.deepEqual(client?.emeCalls.map(({ fields }) => fields), [['emailAddress']]);
      assert.strictEqual(field(root, 'target').value, '');
      assert.deepEqual(
        detail.refused.map(({ field: name, reason }) => [name, reason]),
        [['idNo', 'hidden-type']],
      );
    });

    it('covered: the kit’s own element, placed over a field by the page, covers it like anything else', async () => {
      const session = new FakeEmeSession();
      const client = new FakeClient({ startEme: () => session });
      const root = await fixture(html`<div>
        <form id="f" aria-label="Under the kit">
          <label>Email <input id="email" data-eme="emailAddress" /></label>
          <div style="position:relative;margin-top:12px">
            <input id="target" aria-label="Name" data-eme="enName" style="display:block;width:100px;height:24px;box-sizing:border-box" />
            <iams-provider .client=${client}>
              <iams-eme-autofill for="f" style="position:absolute;left:0;top:0" .now=${() => FAKE_NOW}></iams-eme-autofill>
            </iams-provider>
          </div>
        </form>
      </div>`);
      const el = root.querySelector('iams-eme-autofill');
      if (!el) throw new Error('no element');
      await el.updateComplete;
      await open(el);
      assert.deepEqual(
        Array.from(part(el, 'fields')?.querySelectorAll('li') ?? [], (item) => textOf(item)),
        ['Email address optional — you can leave it out in the app'],
        'the covered field is not asked for',
      );
      const detail = await approve(el, session);
      el.close();
      assert.strictEqual(field(root, 'target').value, '');
      assert.strictEqual(field(root, 'email').value, 'chan.taiman@example.com');
      assert.deepEqual(
        detail.refused.map(({ field: name, element, reason }) => [name, element.id, reason]),
        [['enName', 'target', 'covered']],
      );
    });

    it('outside-form: a control joined to the form with form= but placed elsewhere stays empty', async () => {
      const { el, session, root } = await autofill(html`<form id="f" aria-label="Outside"><label>Email <input id="email" data-eme="emailAddress" /></label></form>
        <label>Name <input id="target" form="f" data-eme="enName" /></label>`);
      const detail = await approve(el, session);
      assert.strictEqual(field(root, 'target').value, '');
      assert.deepEqual(
        detail.refused.map(({ reason }) => reason),
        ['outside-form'],
      );
    });

    it('added-later: a field added after the request, and one hidden after it, stay empty', async () => {
      const { el, session, root } = await autofill(html`<form id="f" aria-label="Later">
        <label>Email <input id="email" data-eme="emailAddress" /></label>
        <label>Name <input id="name" data-eme="enName" /></label>
      </form>`);
      await open(el);
      part(el, 'continue')?.click();
      await settled(el);
      const late = document.createElement('input');
      late.id = 'late';
      late.setAttribute('aria-label', 'ID');
      late.dataset.eme = 'idNo';
      root.querySelector('form')?.append(late);
      field(root, 'name').style.opacity = '0';
      const detail = await approve(el, session);
      assert.strictEqual(late.value, '');
      assert.strictEqual(field(root, 'name').value, '');
      assert.strictEqual(field(root, 'email').value, 'chan.taiman@example.com');
      assert.sameDeepMembers(
        detail.refused.map(({ field: name, reason }) => [name, reason]),
        [
          ['idNo', 'added-later'],
          ['enName', 'transparent'],
        ],
      );
      assert.include(textOf(part(el, 'summary')), 'added after you approved');
      await expect(el).to.be.accessible();
    });
  });

  describe('keyboard', () => {
    it('Tab reaches the button, Enter opens, Tab reaches Continue, Esc closes, cancels the request and returns focus', async () => {
      const { el, session } = await autofill(SIMPLE_FORM);
      await tabBackIntoPage();
      for (let i = 0; i < 5 && el.shadowRoot?.activeElement !== triggerOf(el); i++) await sendKeys({ press: 'Tab' });
      assert.strictEqual(el.shadowRoot?.activeElement, triggerOf(el));
      await sendKeys({ press: 'Enter' });
      await waitUntil(() => dialogOf(el)?.open, 'Enter did not open the dialog');
      await settled(el);
      for (let i = 0; i < 5 && deepActiveElement()?.getAttribute('part') !== 'continue'; i++) await sendKeys({ press: 'Tab' });
      assert.strictEqual(deepActiveElement()?.getAttribute('part'), 'continue');
      await sendKeys({ press: 'Enter' });
      await settled(el);
      assert.strictEqual(session.state, 'starting');
      await sendKeys({ press: 'Escape' });
      await waitUntil(() => !dialogOf(el), 'Esc did not close the dialog');
      assert.isAtLeast(session.cancelCalls, 1);
      assert.strictEqual(session.state, 'cancelled');
      assert.strictEqual(el.shadowRoot?.activeElement, triggerOf(el));
    });

    it('Done closes the dialog and keeps what was filled', async () => {
      const { el, session, root } = await autofill(SIMPLE_FORM);
      await approve(el, session);
      part(el, 'done')?.click();
      await el.updateComplete;
      assert.strictEqual(dialogOf(el), null);
      assert.strictEqual(field(root, 'last').value, 'CHAN');
      assert.strictEqual(el.shadowRoot?.activeElement, triggerOf(el));
    });
  });
});
