/// <reference types="mocha" />
import { assert, expect, fixture, html, waitUntil } from '@open-wc/testing';
import { sendKeys } from '../test-support/commands.js';
import type { IamsLoginEvent } from '../events.js';
import { FakeClient } from '../test-support/fake-client.js';
import { FakeQrLoginSession } from '../test-support/fake-session.js';
import { deepActiveElement, tabAround } from '../test-support/focus.js';
import { dialogOf, onPageIn, triggerOf } from '../test-support/elements.js';
import './define.js';
import '../provider/define.js';
import type { IamsLoginButton } from './login-button.js';

/** A `mode="qr"` button inside a provider whose client hands out `session`. */
async function qrButton(session: FakeQrLoginSession, lang = 'en') {
  const client = new FakeClient({ startQrLogin: () => session });
  const provider = await fixture(html`<iams-provider .client=${client}><iams-login-button mode="qr" lang=${lang}></iams-login-button></iams-provider>`);
  const el = provider.querySelector('iams-login-button');
  if (!el) throw new Error('no button');
  await el.updateComplete;
  return { el, client };
}

/** Clicks the button and waits for the dialog (its module loads on this first click). */
async function open(el: IamsLoginButton): Promise<HTMLDialogElement> {
  triggerOf(el).click();
  await waitUntil(() => dialogOf(el)?.open, 'the dialog did not open');
  const dialog = dialogOf(el);
  if (!dialog) throw new Error('no dialog');
  const qrLogin = dialog.querySelector('iams-qr-login');
  await qrLogin?.updateComplete;
  return dialog;
}

describe('<iams-login-button mode="qr">', () => {
  onPageIn('en');

  // First in this file: until then nothing in this page has imported the QR element.
  it('loads <iams-qr-login> and qrcode only when the dialog first opens', async () => {
    const session = new FakeQrLoginSession();
    const { el } = await qrButton(session);
    assert.isUndefined(customElements.get('iams-qr-login'));
    await open(el);
    assert.isDefined(customElements.get('iams-qr-login'));
  });

  it('opens a modal dialog named by its heading, with focus inside, holding the QR login for the session', async () => {
    const session = new FakeQrLoginSession();
    const { el, client } = await qrButton(session);
    const dialog = await open(el);
    assert.isTrue(dialog.matches(':modal'));
    const labelledBy = dialog.getAttribute('aria-labelledby');
    assert.strictEqual(el.shadowRoot?.getElementById(labelledBy ?? '')?.textContent, 'Login with iAM Smart');
    assert.strictEqual(el.shadowRoot?.getElementById(labelledBy ?? '')?.tagName, 'H2');
    assert.strictEqual(deepActiveElement()?.textContent, 'Close');
    assert.deepEqual(client.qrLoginCalls, [{ lang: 'en' }]);
    assert.lengthOf(client.loginCalls, 0);
    session.to('awaiting-scan');
    const qrLogin = dialog.querySelector('iams-qr-login');
    await qrLogin?.updateComplete;
    await waitUntil(() => qrLogin?.shadowRoot?.querySelector('svg[part="qr"]'), 'no QR code');
    assert.isFalse(el.busy);
    await expect(el).to.be.accessible();
  });

  it('keeps Tab off the page behind the dialog (the modal dialog makes it inert)', async () => {
    const session = new FakeQrLoginSession();
    const client = new FakeClient({ startQrLogin: () => session });
    const page = await fixture(html`<div>
      <button type="button">Before</button>
      <iams-provider .client=${client}><iams-login-button mode="qr"></iams-login-button></iams-provider>
      <a href="#after">After</a>
    </div>`);
    const el = page.querySelector('iams-login-button');
    if (!el) throw new Error('no button');
    await el.updateComplete;
    const dialog = await open(el);
    session.to('awaiting-scan');
    await dialog.querySelector('iams-qr-login')?.updateComplete;
    const seen = await tabAround(dialog);
    assert.isEmpty(
      seen.filter((where) => where.startsWith('outside')),
      seen.join(' | '),
    );
    assert.includeMembers(seen, ['Close', 'Get a new QR code', 'Open iAM Smart on this device']);
  });

  it('Esc closes it, cancels the session and returns focus to the button', async () => {
    const session = new FakeQrLoginSession();
    const { el } = await qrButton(session);
    await open(el);
    session.to('awaiting-scan');
    await sendKeys({ press: 'Escape' });
    await waitUntil(() => !dialogOf(el), 'the dialog did not close');
    assert.strictEqual(session.cancelCalls, 1);
    assert.strictEqual(session.state, 'cancelled');
    assert.strictEqual(session.listenerCount, 0);
    assert.strictEqual(document.activeElement, el);
    assert.strictEqual(el.shadowRoot?.activeElement, triggerOf(el));
  });

  it('the Close button does the same, and a second click opens a new session', async () => {
    const first = new FakeQrLoginSession();
    const { el, client } = await qrButton(first, 'zh-HK');
    const dialog = await open(el);
    assert.strictEqual(el.shadowRoot?.querySelector('#qr-dialog-heading')?.textContent, '智方便登入');
    const close = dialog.querySelector<HTMLButtonElement>('[part="dialog-close"]');
    assert.strictEqual(close?.textContent, '關閉');
    close?.click();
    await waitUntil(() => !dialogOf(el));
    assert.strictEqual(first.state, 'cancelled');
    assert.strictEqual(el.shadowRoot?.activeElement, triggerOf(el));
    const second = new FakeQrLoginSession();
    (client as unknown as { startQrLogin: () => FakeQrLoginSession }).startQrLogin = () => second;
    await open(el);
    assert.strictEqual(second.listenerCount, 1);
  });

  it('on approval the dialog closes and exactly one iams-login reaches the page', async () => {
    const session = new FakeQrLoginSession();
    const { el } = await qrButton(session);
    await open(el);
    const logins: IamsLoginEvent[] = [];
    const listener = (event: IamsLoginEvent) => logins.push(event);
    document.addEventListener('iams-login', listener);
    try {
      session.to('awaiting-scan');
      session.to('scanned');
      session.to('approved');
      session.to('done');
      await waitUntil(() => !dialogOf(el), 'the dialog did not close');
      assert.lengthOf(logins, 1);
      assert.deepEqual(logins[0]?.detail, session.user?.claims);
      assert.strictEqual(session.cancelCalls, 1, 'cancel() after done changes nothing');
      assert.strictEqual(session.state, 'done');
      assert.strictEqual(el.shadowRoot?.activeElement, triggerOf(el));
    } finally {
      document.removeEventListener('iams-login', listener);
    }
  });

  it('is accessible with the dialog open in a failed state, dark page', async () => {
    const session = new FakeQrLoginSession();
    const client = new FakeClient({ startQrLogin: () => session });
    const wrapper = await fixture(html`<div style="color-scheme: dark; background: #121212">
      <iams-provider .client=${client}><iams-login-button mode="qr" lang="zh-CN"></iams-login-button></iams-provider>
    </div>`);
    const el = wrapper.querySelector('iams-login-button');
    if (!el) throw new Error('no button');
    await el.updateComplete;
    const dialog = await open(el);
    session.to('expired');
    await dialog.querySelector('iams-qr-login')?.updateComplete;
    await expect(wrapper).to.be.accessible();
  });
});
