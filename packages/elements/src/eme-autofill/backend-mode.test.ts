/// <reference types="mocha" />
// <iams-eme-autofill> in backend mode, as a resident meets it: the backend client over the
// stand-in of the website's server (packages/sdk/test/fake-backend-middleware.js: decision 037's
// requests, a real event stream and binding cookie). The form's own rules decide what is written.
import { assert, expect, fixture, html, waitUntil } from '@open-wc/testing';
import type { IamsErrorEvent, IamsFilledDetail, IamsFilledEvent, IamsStateEvent } from '../events.js';
import { messagesFor } from '../i18n/index.js';
import { dialogOf, triggerOf } from '../test-support/elements.js';
import { recordingBackendClient, registerBackend } from '../../../sdk/src/test-support/fake-backend.js';
import type { FakeBackend, FakeBackendOptions } from '../../../sdk/src/test-support/fake-backend.js';
import '../provider/define.js';
import './define.js';
import type { IamsEmeAutofill } from './eme-autofill.js';
import '../test-support/messages.js';

async function backendAutofill(options: FakeBackendOptions = {}, lang = 'en') {
  const fake: FakeBackend = await registerBackend(options);
  const { client } = recordingBackendClient({ backend: fake.backend }, 0.05);
  const root = await fixture(html`<div>
    <iams-provider .client=${client}><iams-eme-autofill for="f" lang=${lang}></iams-eme-autofill></iams-provider>
    <form id="f">
      <h2>Library card application</h2>
      <label>Surname <input id="last" data-eme="enName.lastName" required /></label>
      <label>Given name <input id="first" autocomplete="given-name" required /></label>
      <label>Mobile <input id="mobile" type="tel" data-eme="mobileNumber" /></label>
      <label>Chinese name <input id="chinese" /></label>
    </form>
  </div>`);
  const el = root.querySelector('iams-eme-autofill');
  if (!el) throw new Error('no element');
  const states: string[] = [];
  const errors: IamsErrorEvent['detail'][] = [];
  el.addEventListener('iams-state', (event: IamsStateEvent) => states.push(event.detail.state));
  el.addEventListener('iams-error', (event: IamsErrorEvent) => errors.push(event.detail));
  await el.updateComplete;
  return { el, fake, root, states, errors };
}

function input(root: Element, id: string): HTMLInputElement {
  const found = root.querySelector<HTMLInputElement>(`#${id}`);
  if (!found) throw new Error(`no #${id}`);
  return found;
}

function qrLoginOf(el: IamsEmeAutofill) {
  return dialogOf(el)?.querySelector('iams-qr-login') ?? null;
}

function viewPart(el: IamsEmeAutofill, name: string): HTMLElement | null {
  return qrLoginOf(el)?.shadowRoot?.querySelector<HTMLElement>(`[part="${name}"]`) ?? null;
}

function textOf(node: Element | ShadowRoot | null | undefined): string {
  return node?.textContent.replace(/\s+/g, ' ').trim() ?? '';
}

async function settled(el: IamsEmeAutofill): Promise<void> {
  await el.updateComplete;
  await qrLoginOf(el)?.updateComplete;
}

/** Opens the dialog, continues, and waits until the request is with the resident. */
async function continueToWaiting(el: IamsEmeAutofill, states: string[]): Promise<void> {
  triggerOf(el).click();
  await waitUntil(() => dialogOf(el)?.open, 'the dialog did not open');
  await settled(el);
  el.shadowRoot?.querySelector<HTMLButtonElement>('[part="continue"]')?.click();
  await waitUntil(() => states.includes('awaiting-scan'), 'the request did not start', { timeout: 5000 });
  await settled(el);
}

/** The resident approved the surname and given name only (left the mobile number out); the server also sent a field nobody asked for. */
const APPROVED = {
  data: { enName: { lastName: 'CHAN', firstName: 'Tai Man' }, chName: { fullName: '陳大文' } },
  filled: ['enName', 'chName'],
  missing: ['mobileNumber'],
  invalid: [],
};

describe('<iams-eme-autofill> in backend mode', () => {
  for (const channel of ['app', 'hosted'] as const) {
    it(`${channel} channel: the waiting view, accessible; then only the approved fields the form asked for are filled`, async () => {
      const { el, fake, root, states } = await backendAutofill({ requests: { channel } });
      await continueToWaiting(el, states);
      const text = messagesFor('en');
      assert.deepEqual((await fake.log()).requests, [
        { flow: 'eme', fields: ['enName', 'mobileNumber'], optionalFields: ['mobileNumber'], formName: 'Library card application', lang: 'en' },
      ]);
      if (channel === 'app') {
        assert.include(textOf(viewPart(el, 'stage')), text.qr.appTitle);
        assert.include(textOf(viewPart(el, 'stage')), text.qr.appHint);
        assert.isNull(viewPart(el, 'code'), 'no identification code for e-ME');
      } else {
        const link = viewPart(el, 'hosted-link') as HTMLAnchorElement | null;
        assert.strictEqual(link?.target, '_blank');
        assert.strictEqual(link?.rel, 'noopener');
        assert.include(textOf(viewPart(el, 'hosted-status')), text.qr.hostedStatus);
      }
      assert.isNull(viewPart(el, 'qr'));
      await expect(el).to.be.accessible();

      let filled: IamsFilledDetail | undefined;
      el.addEventListener('iams-filled', (event: IamsFilledEvent) => (filled = event.detail), { once: true });
      await fake.control({ action: 'approve', result: APPROVED });
      await waitUntil(() => filled, 'no iams-filled', { timeout: 5000 });
      await settled(el);
      assert.strictEqual(input(root, 'last').value, 'CHAN');
      assert.strictEqual(input(root, 'first').value, 'Tai Man');
      assert.strictEqual(input(root, 'mobile').value, '', 'left out in the app');
      assert.strictEqual(input(root, 'chinese').value, '', 'never asked for');
      assert.notInclude(root.textContent, '陳大文');
      assert.deepEqual(filled?.filled.map(({ element }) => element.id), ['last', 'first']);
      await expect(el).to.be.accessible();
    });
  }

  for (const lang of ['en', 'zh-HK', 'zh-CN'] as const) {
    it(`declined (${lang}): iams-error in the form-filling wording, nothing filled, accessible`, async () => {
      const { el, fake, root, states, errors } = await backendAutofill({}, lang);
      await continueToWaiting(el, states);
      await fake.control({ action: 'decline' });
      await waitUntil(() => errors.length > 0, 'no iams-error', { timeout: 5000 });
      await settled(el);
      const message = messagesFor(lang).eme.errors.access_denied;
      assert.deepEqual(errors.map((error) => [error.code, error.message]), [['access_denied', message]]);
      assert.include(textOf(qrLoginOf(el)?.shadowRoot), message);
      assert.strictEqual(input(root, 'last').value, '');
      await expect(el).to.be.accessible();
    });
  }

  for (const [control, code] of [
    [{ action: 'expire' }, 'session_expired'],
    [{ action: 'fail', code: 'form_invalid' }, 'form_invalid'],
    [{ action: 'fail', code: 'platform_error' }, 'platform_error'],
  ] as const) {
    it(`${code}: iams-error, nothing filled, accessible`, async () => {
      const { el, fake, root, states, errors } = await backendAutofill();
      await continueToWaiting(el, states);
      await fake.control(control);
      await waitUntil(() => errors.length > 0, 'no iams-error', { timeout: 5000 });
      await settled(el);
      assert.deepEqual(errors.map((error) => error.code), [code]);
      assert.strictEqual(input(root, 'last').value, '');
      await expect(el).to.be.accessible();
    });
  }
});
