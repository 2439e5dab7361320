/// <reference types="mocha" />
// <iams-sign-dialog> in backend mode, as a resident meets it: the backend client over the stand-in
// of the website's server (packages/sdk/test/fake-backend-middleware.js: decision 037's requests,
// a real event stream and binding cookie). The server verified the signature; the dialog shows
// the summary it sent.
import type { IamSmartBackendClient } from '@iamsmart/sdk';
import { assert, expect, fixture, html, waitUntil } from '@open-wc/testing';
import { sendKeys } from '../test-support/commands.js';
import type { IamsErrorEvent, IamsSignedEvent, IamsStateEvent } from '../events.js';
import { messagesFor } from '../i18n/index.js';
import { deepActiveElement } from '../test-support/focus.js';
import { dialogOf, triggerOf } from '../test-support/elements.js';
import { pageSignResult, recordingBackendClient, registerBackend } from '../../../sdk/src/test-support/fake-backend.js';
import type { FakeBackend, FakeBackendOptions } from '../../../sdk/src/test-support/fake-backend.js';
import '../provider/define.js';
import './define.js';
import type { IamsSignDialog } from './sign-dialog.js';
import '../test-support/messages.js';

const DOCUMENT = 'Tenancy agreement between CHAN Tai Man and the landlord\n';
const LANGS = ['en', 'zh-HK', 'zh-CN'] as const;

async function sha256(text: string): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text)));
  return btoa(String.fromCharCode(...digest));
}

async function backendSignDialog(options: FakeBackendOptions = {}, lang = 'en'): Promise<{ el: IamsSignDialog; fake: FakeBackend; client: IamSmartBackendClient; states: string[]; errors: IamsErrorEvent['detail'][] }> {
  const fake = await registerBackend(options);
  const { client } = recordingBackendClient({ backend: fake.backend }, 0.05);
  const provider = await fixture(html`<iams-provider .client=${client}>
    <iams-sign-dialog lang=${lang} document-name="Tenancy.txt" .document=${DOCUMENT}></iams-sign-dialog>
  </iams-provider>`);
  const el = provider.querySelector('iams-sign-dialog');
  if (!el) throw new Error('no element');
  const states: string[] = [];
  const errors: IamsErrorEvent['detail'][] = [];
  el.addEventListener('iams-state', (event: IamsStateEvent) => states.push(event.detail.state));
  el.addEventListener('iams-error', (event: IamsErrorEvent) => errors.push(event.detail));
  await el.updateComplete;
  return { el, fake, client, states, errors };
}

function qrLoginOf(el: IamsSignDialog) {
  return dialogOf(el)?.querySelector('iams-qr-login') ?? null;
}

/** A part inside the dialog's QR login (the shared session view). */
function viewPart(el: IamsSignDialog, name: string): HTMLElement | null {
  return qrLoginOf(el)?.shadowRoot?.querySelector<HTMLElement>(`[part="${name}"]`) ?? null;
}

function textOf(node: Element | ShadowRoot | null | undefined): string {
  return node?.textContent.replace(/\s+/g, ' ').trim() ?? '';
}

async function settled(el: IamsSignDialog): Promise<void> {
  await el.updateComplete;
  await qrLoginOf(el)?.updateComplete;
}

/** Opens the dialog and waits until the request is with the resident. */
async function openWaiting(el: IamsSignDialog, states: string[]): Promise<void> {
  triggerOf(el).click();
  await waitUntil(() => dialogOf(el)?.open, 'the dialog did not open');
  await waitUntil(() => states.includes('awaiting-scan'), 'the request did not start', { timeout: 5000 });
  await settled(el);
}

describe('<iams-sign-dialog> in backend mode', () => {
  it('app channel: “Open the iAM Smart app”, the identification code, the countdown and Start again; no QR code; accessible; then the verified summary', async () => {
    const { el, fake, states } = await backendSignDialog();
    await openWaiting(el, states);
    const text = messagesFor('en');
    const stage = viewPart(el, 'stage');
    assert.include(textOf(stage), text.qr.appTitle);
    assert.include(textOf(stage), text.qr.appCodeHint);
    assert.include(textOf(viewPart(el, 'code')), '4821-0937');
    assert.isNull(viewPart(el, 'qr'));
    assert.isNull(viewPart(el, 'steps'));
    assert.isNull(viewPart(el, 'app-link'));
    assert.isNotNull(viewPart(el, 'countdown'));
    assert.strictEqual(textOf(viewPart(el, 'new-code')), text.qr.startAgain);
    assert.include(textOf(qrLoginOf(el)?.shadowRoot?.querySelector('[role="status"]')), text.qr.appReady);
    const { requests } = await fake.log();
    assert.deepEqual(requests, [{ flow: 'sign', hash: await sha256(DOCUMENT), documentName: 'Tenancy.txt', lang: 'en' }]);
    await expect(el).to.be.accessible();

    let signed: IamsSignedEvent['detail'] | undefined;
    el.addEventListener('iams-signed', (event: IamsSignedEvent) => (signed = event.detail), { once: true });
    await fake.control({ action: 'approve', result: pageSignResult(await sha256(DOCUMENT), 'Tenancy.txt') });
    await waitUntil(() => signed, 'no iams-signed', { timeout: 5000 });
    await settled(el);
    const result = el.shadowRoot?.querySelector('[part="result"]');
    assert.include(textOf(result), 'CHAN, Tai Man');
    assert.include(textOf(result), 'CN=CHAN Tai Man, O=iAM Smart (fake)');
    assert.isUndefined(signed?.signature);
    assert.deepEqual(states, ['starting', 'awaiting-scan', 'approved', 'done']);
    await expect(el).to.be.accessible();
  });

  it('hosted channel: a “Continue on iAM Smart’s page” link to a new tab, reachable by keyboard, and the status line; then done', async () => {
    const { el, fake, states } = await backendSignDialog({ requests: { channel: 'hosted' } }, 'zh-HK');
    await openWaiting(el, states);
    const text = messagesFor('zh-HK');
    const link = viewPart(el, 'hosted-link') as HTMLAnchorElement | null;
    if (!link) throw new Error('no hosted link');
    assert.match(new URL(link.href).pathname, new RegExp(`^${fake.backend}/requests/[A-Za-z0-9_-]{43}/hosted$`));
    assert.strictEqual(link.target, '_blank');
    assert.strictEqual(link.rel, 'noopener');
    assert.strictEqual(textOf(link), `${text.qr.hostedLink}${text.opensInNewTab}`);
    assert.include(textOf(viewPart(el, 'hosted-status')), text.qr.hostedStatus);
    assert.isNull(viewPart(el, 'code'), 'no identification code with the hosted page');
    assert.include(textOf(qrLoginOf(el)?.shadowRoot?.querySelector('[role="status"]')), text.qr.hostedReady);
    await expect(el).to.be.accessible();
    for (let i = 0; i < 8 && deepActiveElement() !== link; i++) await sendKeys({ press: 'Tab' });
    assert.strictEqual(deepActiveElement(), link, 'Tab reaches the link');

    await fake.control({ action: 'approve', result: pageSignResult(await sha256(DOCUMENT), 'Tenancy.txt', true) });
    await waitUntil(() => states.includes('done'), 'not done', { timeout: 5000 });
    await settled(el);
    assert.include(textOf(el.shadowRoot?.querySelector('[part="result"]')), text.sign.signed);
    assert.isNotNull(el.shadowRoot?.querySelector('[part="download"]'));
    await expect(el).to.be.accessible();
  });

  for (const lang of LANGS) {
    for (const [control, code, state] of [
      [{ action: 'decline' }, 'access_denied', 'denied'],
      [{ action: 'expire' }, 'session_expired', 'expired'],
      [{ action: 'fail', code: 'signer_mismatch' }, 'signer_mismatch', 'error'],
      [{ action: 'fail', code: 'signature_invalid' }, 'signature_invalid', 'error'],
    ] as const) {
      it(`${code} (${lang}): iams-error with the signing wording, shown in the dialog, accessible`, async () => {
        const { el, fake, states, errors } = await backendSignDialog({}, lang);
        await openWaiting(el, states);
        await fake.control(control);
        await waitUntil(() => errors.length > 0, 'no iams-error', { timeout: 5000 });
        await settled(el);
        const text = messagesFor(lang).sign;
        // The request expired, not a code: the message says so (there is no code to renew).
        const message = code === 'session_expired' ? messagesFor(lang).qr.requestExpiredMessage : text.errors[code];
        assert.deepEqual(errors.map((error) => [error.code, error.message]), [[code, message]]);
        assert.strictEqual(states.at(-1), state);
        assert.include(textOf(qrLoginOf(el)?.shadowRoot), message);
        assert.isNull(el.shadowRoot?.querySelector('[part="result"]'));
        await expect(el).to.be.accessible();
      });
    }
  }

  it('Close cancels the request at the backend', async () => {
    const { el, fake, states } = await backendSignDialog();
    await openWaiting(el, states);
    el.close();
    await waitUntil(async () => (await fake.log()).cancels === 1, 'no cancel sent', { timeout: 5000 });
    assert.strictEqual(document.activeElement, el);
  });
});
