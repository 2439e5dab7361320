/// <reference types="mocha" />
// Backend mode as a resident meets it: `<iams-provider backend>` with the login button and the QR
// login, against the stand-in of the website's server on the test page's origin
// (packages/sdk/test/fake-backend-middleware.js: the fixed HTTP contract, an HttpOnly cookie).
import type { IamSmartBackendClient } from '@iamsmart/sdk';
import { assert, expect, fixture, html, oneEvent, waitUntil } from '@open-wc/testing';
import { sendKeys } from '../test-support/commands.js';
import type { IamsErrorEvent, IamsLoginEvent, IamsLogoutEvent } from '../events.js';
import { messagesFor } from '../i18n/index.js';
import { pageSecrets, pretendReturn, recordingBackendClient, registerBackend } from '../../../sdk/src/test-support/fake-backend.js';
import type { FakeBackend } from '../../../sdk/src/test-support/fake-backend.js';
import '../login-button/define.js';
import '../qr-login/define.js';
import '../sign-dialog/define.js';
import '../eme-autofill/define.js';
import './define.js';
import type { IamsLoginButton } from '../login-button/login-button.js';
import type { IamsProvider } from './provider.js';
import '../test-support/messages.js';

const RESIDENT = { openID: 'fake-openid-chan-tai-man', enName: 'CHAN, Tai Man', chName: '陳大文' };

/** The login URL the client would have navigated to, followed as the browser would: the path the backend sends the page back to. */
async function loggedInReturn(fake: FakeBackend): Promise<string> {
  const { client, navigations } = recordingBackendClient({ backend: fake.backend });
  await client.loginWithRedirect();
  return fake.complete(navigations[0] ?? '');
}

/** The element `tag` inside `parent`; fails the test when there is none. */
function inside<K extends keyof HTMLElementTagNameMap>(parent: Element, tag: K): HTMLElementTagNameMap[K] {
  const found = parent.querySelector(tag);
  if (!found) throw new Error(`no <${tag}>`);
  return found;
}

function errorText(button: IamsLoginButton): string {
  return button.shadowRoot?.querySelector('[part="error"]')?.textContent.trim() ?? '';
}

/** Every string value of the page's own globals: where a careless kit could leave a session. */
function globalStrings(): string {
  return Object.keys(window)
    .map((key) => {
      try {
        const value: unknown = (window as unknown as Record<string, unknown>)[key];
        return typeof value === 'string' ? value : '';
      } catch {
        return '';
      }
    })
    .join('\n');
}

describe('backend mode (<iams-provider backend>)', () => {
  let restore: (() => void) | undefined;

  afterEach(() => {
    restore?.();
    restore = undefined;
  });

  it('creates a backend client from `backend` and gives it to the elements inside', async () => {
    const el = await fixture<IamsProvider>(html`<iams-provider backend="/iamsmart"><iams-login-button></iams-login-button></iams-provider>`);
    await waitUntil(() => el.client !== undefined, 'no client created', { timeout: 5000 });
    assert.strictEqual(el.client?.mode, 'backend');
    assert.strictEqual((el.client as IamSmartBackendClient).config.backend, `${location.origin}/iamsmart`);
    assert.strictEqual(el.querySelector('iams-login-button')?.client, el.client);
  });

  it('refuses `backend` together with `issuer`: iams-error invalid_config, no client', async () => {
    const el = document.createElement('iams-provider');
    el.setAttribute('backend', '/iamsmart');
    el.setAttribute('issuer', 'http://localhost:9');
    el.setAttribute('client-id', 'demo-site');
    const event = oneEvent<IamsErrorEvent>(el, 'iams-error');
    document.body.append(el);
    try {
      assert.strictEqual((await event).detail.code, 'invalid_config');
      assert.strictEqual(el.client, undefined);
    } finally {
      el.remove();
    }
  });

  describe('the login button', () => {
    for (const mode of ['auto', 'redirect', 'popup', 'app', 'qr'] as const) {
      it(`mode="${mode}" navigates to {backend}/login with this page as returnTo and the button's lang; no dialog, no popup`, async () => {
        const { backend } = await registerBackend();
        const { client, navigations } = recordingBackendClient({ backend, lang: 'en' });
        const provider = await fixture<IamsProvider>(html`<iams-provider .client=${client}><iams-login-button lang="zh-HK" mode=${mode}></iams-login-button></iams-provider>`);
        const button = inside(provider, 'iams-login-button');
        // Its first render waits for its zh-HK strings (decision 042).
        await button.updateComplete;
        button.shadowRoot?.querySelector<HTMLButtonElement>('[part="trigger"]')?.click();
        await waitUntil(() => navigations.length === 1, 'no navigation');
        const url = new URL(navigations[0] ?? '', location.href);
        assert.strictEqual(url.origin, location.origin);
        assert.strictEqual(url.pathname, `${backend}/login`);
        assert.strictEqual(url.searchParams.get('returnTo'), `${location.pathname}${location.search}`);
        assert.strictEqual(url.searchParams.get('lang'), 'zh-HK');
        await button.updateComplete;
        assert.isNull(button.shadowRoot?.querySelector('dialog') ?? null);
        // The page is leaving: the button stays busy rather than flash idle.
        assert.isTrue(button.busy);
      });
    }

    it('after a return with iams_login=1: iams-login with the resident, the marker gone, no token anywhere in the page', async () => {
      const fake = await registerBackend();
      const back = await loggedInReturn(fake);
      assert.include(back, 'iams_login=1');
      restore = pretendReturn(back);
      const event = oneEvent<IamsLoginEvent>(document, 'iams-login');
      const provider = await fixture<IamsProvider>(html`<iams-provider backend=${fake.backend}><iams-login-button></iams-login-button></iams-provider>`);
      assert.deepEqual((await event).detail, RESIDENT);
      assert.notInclude(location.href, 'iams_login');
      const button = inside(provider, 'iams-login-button');
      await waitUntil(() => !button.hasAttribute('busy') && button.shadowRoot?.querySelector('[aria-busy]') === null, 'still busy');
      assert.strictEqual(errorText(button), '');
      const [sid] = (await fake.log()).sessionIds;
      assert.isString(sid);
      assert.notInclude(pageSecrets(), sid ?? '');
      assert.notInclude(globalStrings(), sid ?? '');
      assert.strictEqual(localStorage.length, 0);
      assert.strictEqual(sessionStorage.length, 0);
      assert.notInclude(document.cookie, `iams_sid_${fake.id}`);
    });

    for (const lang of ['en', 'zh-HK', 'zh-CN'] as const) {
      it(`iams_error=access_denied: the message in ${lang}, announced under the button, no spinner left`, async () => {
        const fake = await registerBackend({ loginError: 'access_denied' });
        restore = pretendReturn(await loggedInReturn(fake));
        const event = oneEvent<IamsErrorEvent>(document, 'iams-error');
        const provider = await fixture<IamsProvider>(html`<iams-provider lang=${lang} backend=${fake.backend}><iams-login-button></iams-login-button></iams-provider>`);
        const { detail } = await event;
        assert.strictEqual(detail.code, 'access_denied');
        const expected = messagesFor(lang).errors.access_denied;
        assert.strictEqual(detail.message, expected);
        const button = inside(provider, 'iams-login-button');
        await waitUntil(() => errorText(button) === expected, `no message under the button: "${errorText(button)}"`);
        const alert = button.shadowRoot?.querySelector('[part="error"]');
        assert.strictEqual(alert?.getAttribute('role'), 'alert');
        assert.strictEqual(alert?.getAttribute('lang'), lang);
        assert.isFalse(button.busy);
        assert.isNull(button.shadowRoot?.querySelector('[aria-busy="true"]') ?? null);
        assert.notInclude(location.href, 'iams_error');
        await expect(button).to.be.accessible();
      });
    }

    it('a forged iams_error is reported as unknown, and nothing of it is shown', async () => {
      const { backend } = await registerBackend();
      restore = pretendReturn(`${location.pathname}?iams_error=${encodeURIComponent('<img src=x onerror=alert(1)>')}`);
      const event = oneEvent<IamsErrorEvent>(document, 'iams-error');
      const provider = await fixture<IamsProvider>(html`<iams-provider lang="en" backend=${backend}><iams-login-button></iams-login-button></iams-provider>`);
      assert.strictEqual((await event).detail.code, 'unknown');
      const button = inside(provider, 'iams-login-button');
      await waitUntil(() => errorText(button) === messagesFor('en').errors.unknown, 'no message');
      assert.notInclude(button.shadowRoot?.innerHTML ?? '', 'onerror');
      assert.notInclude(document.body.innerHTML, 'onerror');
      assert.notInclude(location.href, 'iams_error');
    });

    it('/session answering 503 after the return: backend_unavailable, shown under the button', async () => {
      const fake = await registerBackend({ sessionStatus: 503 });
      restore = pretendReturn(`${location.pathname}?iams_login=1`);
      const event = oneEvent<IamsErrorEvent>(document, 'iams-error');
      const provider = await fixture<IamsProvider>(html`<iams-provider lang="en" backend=${fake.backend}><iams-login-button></iams-login-button></iams-provider>`);
      assert.strictEqual((await event).detail.code, 'backend_unavailable');
      const button = inside(provider, 'iams-login-button');
      await waitUntil(() => errorText(button) === messagesFor('en').errors.backend_unavailable, 'no message');
    });

    it('a listener that calls preventDefault() on the provider’s iams-error keeps the button quiet', async () => {
      const { backend } = await registerBackend();
      restore = pretendReturn(`${location.pathname}?iams_error=timeout`);
      const taken = (event: Event) => {
        event.preventDefault();
      };
      document.addEventListener('iams-error', taken);
      try {
        const event = oneEvent<IamsErrorEvent>(document, 'iams-error');
        const provider = await fixture<IamsProvider>(html`<iams-provider backend=${backend}><iams-login-button></iams-login-button></iams-provider>`);
        assert.strictEqual((await event).detail.code, 'timeout');
        const button = inside(provider, 'iams-login-button');
        await button.updateComplete;
        assert.strictEqual(errorText(button), '');
      } finally {
        document.removeEventListener('iams-error', taken);
      }
    });

    it('a page opened while the session is live (a reload): iams-login with the resident, once; without a session, none', async () => {
      const fake = await registerBackend();
      const back = await loggedInReturn(fake);
      // The session cookie is set; this page is not a return (no marker), as after a reload.
      assert.notInclude(location.href, 'iams_');
      const logins: unknown[] = [];
      const record = (event: IamsLoginEvent) => logins.push(event.detail);
      document.addEventListener('iams-login', record);
      try {
        const provider = await fixture<IamsProvider>(html`<iams-provider backend=${fake.backend}></iams-provider>`);
        await waitUntil(() => logins.length > 0, 'no iams-login for the live session', { timeout: 5000 });
        assert.deepEqual(logins, [RESIDENT]);
        await provider.client?.logout();
        logins.length = 0;
        await fixture<IamsProvider>(html`<iams-provider backend=${fake.backend}></iams-provider>`);
        // The session check answers within this wait on the test page's own origin.
        await new Promise((resolve) => setTimeout(resolve, 500));
        assert.deepEqual(logins, [], 'no session, no iams-login');
      } finally {
        document.removeEventListener('iams-login', record);
      }
      assert.include(back, 'iams_login=1');
    });

    it('logout POSTs to the backend and the provider fires iams-logout', async () => {
      const fake = await registerBackend();
      restore = pretendReturn(await loggedInReturn(fake));
      const login = oneEvent<IamsLoginEvent>(document, 'iams-login');
      const provider = await fixture<IamsProvider>(html`<iams-provider backend=${fake.backend}></iams-provider>`);
      await login;
      const logout = oneEvent<IamsLogoutEvent>(provider, 'iams-logout');
      await provider.client?.logout();
      await logout;
      assert.strictEqual((await fake.log()).logouts, 1);
      assert.isNull(await provider.client?.getUser());
    });
  });

  describe('<iams-qr-login> in backend mode', () => {
    for (const lang of ['en', 'zh-HK', 'zh-CN'] as const) {
      it(`says in ${lang} that iAM Smart shows its own QR page, announces it, offers the login button, and passes axe`, async () => {
        const { backend } = await registerBackend();
        const { client } = recordingBackendClient({ backend });
        const provider = await fixture<IamsProvider>(html`<iams-provider lang=${lang} .client=${client}><iams-qr-login></iams-qr-login></iams-provider>`);
        const el = inside(provider, 'iams-qr-login');
        await el.updateComplete;
        const text = messagesFor(lang);
        const root = el.shadowRoot;
        assert.include(root?.textContent ?? '', text.hostedQrTitle);
        assert.include(root?.querySelector('[role="status"]')?.textContent ?? '', text.hostedQrTitle);
        assert.strictEqual(root?.querySelector('[part="login"]')?.textContent.trim(), text.loginLabel);
        assert.isNull(root?.querySelector('[part="qr"], svg[role="img"]') ?? null);
        assert.isUndefined(el.session);
        await expect(el).to.be.accessible();
      });
    }

    it('works by keyboard: Tab reaches the login button, Enter goes to {backend}/login', async () => {
      const { backend } = await registerBackend();
      const { client, navigations } = recordingBackendClient({ backend });
      const provider = await fixture<IamsProvider>(html`<iams-provider .client=${client}><iams-qr-login lang="zh-CN"></iams-qr-login></iams-provider>`);
      const el = inside(provider, 'iams-qr-login');
      await el.updateComplete;
      await sendKeys({ press: 'Tab' });
      assert.strictEqual(el.shadowRoot?.activeElement, el.shadowRoot?.querySelector('[part="login"]'));
      await sendKeys({ press: 'Enter' });
      await waitUntil(() => navigations.length === 1, 'no navigation');
      const url = new URL(navigations[0] ?? '', location.href);
      assert.strictEqual(url.pathname, `${backend}/login`);
      assert.strictEqual(url.searchParams.get('lang'), 'zh-CN');
      await el.updateComplete;
      assert.include(el.shadowRoot?.querySelector('[role="status"]')?.textContent ?? '', messagesFor('zh-CN').connecting);
    });
  });

  /** The dialog's text, its session view's (`<iams-qr-login>`, a shadow root of its own) included. */
  function dialogText(el: Element): string {
    return `${el.shadowRoot?.textContent ?? ''} ${el.shadowRoot?.querySelector('iams-qr-login')?.shadowRoot?.textContent ?? ''}`;
  }

  function spinnerIn(el: Element): Element | null {
    return el.shadowRoot?.querySelector('.spinner, [aria-busy="true"]') ?? el.shadowRoot?.querySelector('iams-qr-login')?.shadowRoot?.querySelector('.spinner') ?? null;
  }

  it('<iams-sign-dialog> in backend mode: a backend that refuses the request (503) ends it at once with the typed error, no spinner left', async () => {
    const { backend } = await registerBackend({ requests: { startStatus: 503 } });
    const { client } = recordingBackendClient({ backend });
    const provider = await fixture<IamsProvider>(html`<iams-provider lang="en" .client=${client}><iams-sign-dialog document-name="a.txt" .document=${'contract'}></iams-sign-dialog></iams-provider>`);
    const dialog = provider.querySelector('iams-sign-dialog') as HTMLElement & { updateComplete: Promise<boolean> };
    const event = oneEvent<IamsErrorEvent>(dialog, 'iams-error');
    // Its first render waits for its signing strings (decision 042).
    await dialog.updateComplete;
    dialog.shadowRoot?.querySelector<HTMLButtonElement>('[part="trigger"]')?.click();
    assert.strictEqual((await event).detail.code, 'backend_unavailable');
    await waitUntil(() => dialogText(dialog).includes(messagesFor('en').sign.errors.backend_unavailable), 'no message shown');
    await dialog.updateComplete;
    assert.isNull(spinnerIn(dialog));
  });

  it('<iams-eme-autofill> under <iams-provider backend>: the provider’s own client posts the request, and the app channel shows', async () => {
    const fake = await registerBackend();
    const root = await fixture(html`<div>
      <iams-provider lang="en" backend=${fake.backend}><iams-eme-autofill for="f"></iams-eme-autofill></iams-provider>
      <form id="f" aria-label="Library card"><label>Mobile <input id="mobile" type="tel" data-eme="mobileNumber" /></label></form>
    </div>`);
    const el = inside(root, 'iams-eme-autofill');
    await waitUntil(() => el.client !== undefined, 'no client created', { timeout: 5000 });
    await el.updateComplete;
    el.shadowRoot?.querySelector<HTMLButtonElement>('[part="trigger"]')?.click();
    await waitUntil(() => el.shadowRoot?.querySelector('[part="continue"]'), 'no continue button');
    el.shadowRoot?.querySelector<HTMLButtonElement>('[part="continue"]')?.click();
    const stage = () => el.shadowRoot?.querySelector('iams-qr-login')?.shadowRoot?.querySelector('[part="stage"]');
    await waitUntil(() => stage()?.getAttribute('data-state') === 'awaiting-scan', 'the request is not with the resident', { timeout: 5000 });
    assert.include(stage()?.textContent, messagesFor('en').qr.appTitle);
    assert.isNull(el.shadowRoot?.querySelector('iams-qr-login')?.shadowRoot?.querySelector('[part="steps"]') ?? null, 'no QR steps in backend mode');
    assert.deepEqual((await fake.log()).requests, [{ flow: 'eme', fields: ['mobileNumber'], optionalFields: ['mobileNumber'], formName: 'Library card', lang: 'en' }]);
    el.shadowRoot?.querySelector<HTMLButtonElement>('[part="dialog-close"]')?.click();
    await waitUntil(async () => (await fake.log()).cancels === 1, 'Close did not cancel the request', { timeout: 5000 });
  });
});
