/// <reference types="mocha" />
import { IamSmartError } from '@iamsmart/sdk';
import type { IamSmartAnyClient, ResolvedIamSmartConfig } from '@iamsmart/sdk';
import { assert, expect, fixture, html, oneEvent, waitUntil } from '@open-wc/testing';
import type { IamsErrorEvent, IamsLoginEvent, IamsLogoutEvent } from '../events.js';
import { FakeClient } from '../test-support/fake-client.js';
import { fakeUser } from '../test-support/resident.js';
import '../login-button/define.js';
import './define.js';
import type { IamsProvider } from './provider.js';

/** An OpenID Connect client's configuration (these tests make only those). */
function oidcConfig(client: IamSmartAnyClient | undefined): ResolvedIamSmartConfig | undefined {
  return client?.mode === 'oidc' ? client.config : undefined;
}

describe('<iams-provider>', () => {
  it('renders only its content (display: contents, a slot) and is accessible', async () => {
    const el = await fixture<IamsProvider>(html`<iams-provider .client=${new FakeClient()}><p>content</p></iams-provider>`);
    assert.strictEqual(getComputedStyle(el).display, 'contents');
    expect(el.shadowRoot?.innerHTML).to.include('<slot>');
    await expect(el).to.be.accessible();
  });

  it('gives the client set as a property to the elements inside, and a replacement too', async () => {
    const first = new FakeClient();
    const el = await fixture<IamsProvider>(html`<iams-provider .client=${first}><div><iams-login-button></iams-login-button></div></iams-provider>`);
    const button = el.querySelector('iams-login-button');
    assert.strictEqual(button?.client, first);
    const second = new FakeClient();
    el.client = second;
    await el.updateComplete;
    assert.strictEqual(button?.client, second);
  });

  describe('returning login (callback)', () => {
    it('completes the callback on connect and fires iams-login with the claims', async () => {
      const user = fakeUser();
      const client = new FakeClient({ isCallback: true, handleCallback: () => Promise.resolve(user) });
      const event = oneEvent<IamsLoginEvent>(document, 'iams-login');
      await fixture(html`<iams-provider .client=${client}></iams-provider>`);
      assert.deepEqual((await event).detail, user.claims);
      assert.strictEqual(client.handleCallbackCalls, 1);
    });

    it('completes it once, even when the provider is moved in the page', async () => {
      const client = new FakeClient({ isCallback: true, handleCallback: () => Promise.resolve(fakeUser()) });
      const provider = await fixture<IamsProvider>(html`<iams-provider .client=${client}></iams-provider>`);
      await waitUntil(() => client.handleCallbackCalls === 1);
      document.body.append(provider);
      await provider.updateComplete;
      assert.strictEqual(client.handleCallbackCalls, 1);
      provider.remove();
    });

    it('leaves a page that is not a callback alone', async () => {
      const client = new FakeClient({ isCallback: false });
      const el = await fixture<IamsProvider>(html`<iams-provider .client=${client}></iams-provider>`);
      await el.updateComplete;
      assert.strictEqual(client.handleCallbackCalls, 0);
    });

    it('fires iams-error with the code and a message in its language when the callback fails', async () => {
      const cause = new IamSmartError('id_token_signature', 'signature verification failed');
      const client = new FakeClient({ isCallback: true, handleCallback: () => Promise.reject(cause) });
      const event = oneEvent<IamsErrorEvent>(document, 'iams-error');
      await fixture(html`<iams-provider lang="zh-CN" .client=${client}></iams-provider>`);
      const { detail } = await event;
      assert.strictEqual(detail.code, 'id_token_signature');
      assert.strictEqual(detail.message, '未能核实登录回应，为保障你的安全已被拒绝。请重新登录。');
      assert.strictEqual(detail.cause, cause);
    });
  });

  it('fires iams-logout when the client logs out, and stops listening when removed', async () => {
    const client = new FakeClient();
    const el = await fixture<IamsProvider>(html`<iams-provider .client=${client}></iams-provider>`);
    const event = oneEvent<IamsLogoutEvent>(el, 'iams-logout');
    await client.logout();
    assert.strictEqual((await event).composed, true);
    el.remove();
    assert.strictEqual(client.listenerCount('logout'), 0);
  });

  describe('configuration from attributes', () => {
    it('waits until issuer and client-id are both set', async () => {
      let errors = 0;
      const el = await fixture<IamsProvider>(html`<iams-provider issuer="http://localhost:9" @iams-error=${() => (errors += 1)}></iams-provider>`);
      await el.updateComplete;
      assert.strictEqual(el.client, undefined);
      assert.strictEqual(errors, 0);
    });

    it('refuses a storage other than memory or session with invalid_config', async () => {
      const el = document.createElement('iams-provider');
      el.setAttribute('issuer', 'http://localhost:9');
      el.setAttribute('client-id', 'demo-site');
      el.setAttribute('storage', 'local');
      el.lang = 'zh-HK';
      const event = oneEvent<IamsErrorEvent>(el, 'iams-error');
      document.body.append(el);
      try {
        const { detail } = await event;
        assert.strictEqual(detail.code, 'invalid_config');
        assert.strictEqual(detail.message, '此網站的智方便登入設定有誤。請稍後再試，或聯絡網站管理人。');
        assert.strictEqual(el.client, undefined);
      } finally {
        el.remove();
      }
    });

    // These two need the SDK's createClient (packages/sdk/src/client.ts).
    it('creates a real SDK client from the attributes and gives it to the button', async () => {
      const el = await fixture<IamsProvider>(html`<iams-provider issuer="http://localhost:9" client-id="demo-site" redirect-uri="${location.origin}/" popup-redirect-uri="${location.origin}/popup.html" scope="openid profile">
        <iams-login-button></iams-login-button>
      </iams-provider>`);
      await waitUntil(() => el.client !== undefined, 'no client created', { timeout: 5000 });
      expect(el.client).to.not.be.instanceOf(FakeClient);
      assert.strictEqual(oidcConfig(el.client)?.issuer, 'http://localhost:9');
      assert.strictEqual(oidcConfig(el.client)?.clientId, 'demo-site');
      assert.strictEqual(oidcConfig(el.client)?.popupRedirectUri, `${location.origin}/popup.html`);
      assert.strictEqual(el.querySelector('iams-login-button')?.client, el.client);
    });

    it('reports bad configuration (a non-https issuer outside localhost) as iams-error invalid_config', async () => {
      const el = document.createElement('iams-provider');
      el.setAttribute('issuer', 'http://iamsmart.example');
      el.setAttribute('client-id', 'demo-site');
      const event = oneEvent<IamsErrorEvent>(el, 'iams-error');
      document.body.append(el);
      try {
        const { detail } = await event;
        assert.strictEqual(detail.code, 'invalid_config');
        assert.strictEqual(detail.message, 'Login with iAM Smart is not set up correctly on this website. Please try again later or contact the website.');
        assert.strictEqual(el.client, undefined);
      } finally {
        el.remove();
      }
    });

    it('gives the SDK client the signing trust anchors: signing-trust-anchors-url (resolved against the page) and a new client when it changes', async () => {
      const el = await fixture<IamsProvider>(html`<iams-provider issuer="http://localhost:9" client-id="demo-site" signing-trust-anchors-url="/signing-ca.pem"></iams-provider>`);
      await waitUntil(() => el.client !== undefined, 'no client created', { timeout: 5000 });
      const first = el.client;
      assert.strictEqual(oidcConfig(first)?.signingTrustAnchorsUrl, `${location.origin}/signing-ca.pem`);
      assert.strictEqual(oidcConfig(first)?.signingTrustAnchors, undefined);
      el.setAttribute('signing-trust-anchors-url', '/other-ca.pem');
      await waitUntil(() => el.client !== first, 'no new client', { timeout: 5000 });
      assert.strictEqual(oidcConfig(el.client)?.signingTrustAnchorsUrl, `${location.origin}/other-ca.pem`);
    });

    it('gives the SDK client the signingTrustAnchors property', async () => {
      const root = '-----BEGIN CERTIFICATE-----\nMIIBszCCAVmgAwIBAgIUQ2FzZQ==\n-----END CERTIFICATE-----';
      const el = await fixture<IamsProvider>(html`<iams-provider issuer="http://localhost:9" client-id="demo-site" .signingTrustAnchors=${[root]}></iams-provider>`);
      await waitUntil(() => el.client !== undefined, 'no client created', { timeout: 5000 });
      assert.deepEqual(oidcConfig(el.client)?.signingTrustAnchors, [root]);
      assert.strictEqual(oidcConfig(el.client)?.signingTrustAnchorsUrl, undefined);
    });

    it('reports signing trust anchors from another origin, or not PEM, as iams-error invalid_config, with no client', async () => {
      const cases: [string, (el: IamsProvider) => void][] = [
        [
          'another origin',
          (el) => {
            el.setAttribute('signing-trust-anchors-url', 'https://elsewhere.example/ca.pem');
          },
        ],
        ['not PEM', (el) => (el.signingTrustAnchors = ['not a certificate'])],
      ];
      for (const [name, configure] of cases) {
        const el = document.createElement('iams-provider');
        el.setAttribute('issuer', 'http://localhost:9');
        el.setAttribute('client-id', 'demo-site');
        configure(el);
        const event = oneEvent<IamsErrorEvent>(el, 'iams-error');
        document.body.append(el);
        try {
          const { detail } = await event;
          assert.strictEqual(detail.code, 'invalid_config', name);
          assert.strictEqual(el.client, undefined, name);
        } finally {
          el.remove();
        }
      }
    });

    it('keeps a client set from outside when attributes change', async () => {
      const client = new FakeClient();
      const el = await fixture<IamsProvider>(html`<iams-provider .client=${client}></iams-provider>`);
      el.setAttribute('issuer', 'http://localhost:9');
      el.setAttribute('client-id', 'other');
      await el.updateComplete;
      await new Promise((resolve) => setTimeout(resolve, 50));
      assert.strictEqual(el.client, client);
    });
  });
});
