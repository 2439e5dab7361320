/// <reference types="mocha" />
import { IamSmartError } from '@iamsmart/sdk';
import { assert, expect, fixture, html, oneEvent, waitUntil } from '@open-wc/testing';
import { sendKeys } from '../test-support/commands.js';
import type { IamsErrorEvent, IamsLoginEvent } from '../events.js';
import { FakeClient, deferred } from '../test-support/fake-client.js';
import { fakeUser } from '../test-support/resident.js';
import { onPageIn } from '../test-support/elements.js';
import './define.js';
import '../provider/define.js';
import type { IamsLoginButton } from './login-button.js';

function parts(el: IamsLoginButton) {
  const root = el.shadowRoot;
  if (!root) throw new Error('no shadow root');
  const button = root.querySelector<HTMLButtonElement>('[part="trigger"]');
  const link = root.querySelector<HTMLAnchorElement>('[part="more-info"]');
  const status = root.querySelector<HTMLElement>('[role="status"]');
  const error = root.querySelector<HTMLElement>('[part="error"]');
  if (!button || !link || !status || !error) throw new Error('missing part');
  return { button, link, status, error, label: root.querySelector('[part="label"]'), logo: root.querySelector('[part="logo"]') };
}

/** A button inside a provider that hands it `client`. */
async function buttonWith(client: FakeClient): Promise<IamsLoginButton> {
  const provider = await fixture(html`<iams-provider .client=${client}><iams-login-button></iams-login-button></iams-provider>`);
  const el = provider.querySelector('iams-login-button');
  if (!el) throw new Error('no button');
  await el.updateComplete;
  return el;
}

async function withButton(template: ReturnType<typeof html>, client = new FakeClient()): Promise<IamsLoginButton> {
  const provider = await fixture(html`<iams-provider .client=${client}>${template}</iams-provider>`);
  const el = provider.querySelector('iams-login-button');
  if (!el) throw new Error('no button');
  await el.updateComplete;
  return el;
}

const rect = (element: Element) => element.getBoundingClientRect();

describe('<iams-login-button>', () => {
  onPageIn('en');

  describe('rendering', () => {
    it('is a filled, medium button with the English label, the mark and the More info link', async () => {
      const el = await buttonWith(new FakeClient());
      const { button, label, logo, link } = parts(el);
      assert.strictEqual(el.variant, 'filled');
      assert.strictEqual(el.getAttribute('size'), 'medium');
      assert.strictEqual(button.type, 'button');
      assert.strictEqual(label?.textContent, 'Login with iAM Smart');
      assert.strictEqual(logo?.querySelector('svg')?.getAttribute('aria-hidden'), 'true');
      assert.strictEqual(getComputedStyle(button).backgroundColor, 'rgb(43, 115, 103)');
      assert.strictEqual(getComputedStyle(button).color, 'rgb(255, 255, 255)');
      assert.strictEqual(link.textContent, 'More info (opens in a new tab)');
      assert.strictEqual(link.target, '_blank');
      assert.strictEqual(link.rel, 'noopener noreferrer');
      await expect(el).to.be.accessible();
    });

    it('has an outline variant: green on white with a green border', async () => {
      const el = await withButton(html`<iams-login-button variant="outline"></iams-login-button>`);
      const style = getComputedStyle(parts(el).button);
      assert.strictEqual(style.backgroundColor, 'rgb(255, 255, 255)');
      assert.strictEqual(style.color, 'rgb(43, 115, 103)');
      assert.strictEqual(style.borderTopColor, 'rgb(43, 115, 103)');
      await expect(el).to.be.accessible();
    });

    it('turns the outline variant light-on-dark on a page that is dark', async () => {
      const wrapper = await fixture(html`<div style="color-scheme: dark; background: #121212; padding: 8px">
        <iams-provider .client=${new FakeClient()}><iams-login-button variant="outline"></iams-login-button></iams-provider>
      </div>`);
      const el = wrapper.querySelector('iams-login-button');
      if (!el) throw new Error('no button');
      await el.updateComplete;
      assert.strictEqual(getComputedStyle(parts(el).button).backgroundColor, 'rgb(18, 26, 25)');
      assert.strictEqual(getComputedStyle(parts(el).button).color, 'rgb(143, 214, 199)');
      await expect(wrapper).to.be.accessible();
    });

    for (const [size, height] of [
      ['small', 32],
      ['medium', 44],
      ['large', 52],
    ] as const) {
      it(`is at least ${height} px high when size="${size}"`, async () => {
        const el = await withButton(html`<iams-login-button size=${size}></iams-login-button>`);
        const box = rect(parts(el).button);
        expect(box.height).to.be.at.least(height);
        // WCAG 2.5.8: a 24×24 target at the very least; the More info link too.
        expect(box.width).to.be.at.least(24);
        expect(rect(parts(el).link).height).to.be.at.least(24);
        await expect(el).to.be.accessible();
      });
    }

    it('icon-only: a square with the mark, still named by the full label (aria-label)', async () => {
      const el = await withButton(html`<iams-login-button icon-only></iams-login-button>`);
      const { button, label } = parts(el);
      assert.strictEqual(label, null);
      assert.strictEqual(button.getAttribute('aria-label'), 'Login with iAM Smart');
      const box = rect(button);
      assert.strictEqual(box.width, box.height);
      expect(box.width).to.be.at.least(44);
      await expect(el).to.be.accessible();
    });

    it('full-width: fills its container', async () => {
      const wrapper = await fixture(html`<div style="width: 400px">
        <iams-provider .client=${new FakeClient()}><iams-login-button full-width></iams-login-button></iams-provider>
      </div>`);
      const el = wrapper.querySelector('iams-login-button');
      if (!el) throw new Error('no button');
      await el.updateComplete;
      assert.strictEqual(rect(parts(el).button).width, 400);
      await expect(el).to.be.accessible();
    });

    it('disabled: announced as unavailable, still focusable, does nothing when clicked', async () => {
      const client = new FakeClient();
      const el = await withButton(html`<iams-login-button disabled></iams-login-button>`, client);
      const { button } = parts(el);
      assert.strictEqual(button.getAttribute('aria-disabled'), 'true');
      assert.strictEqual(button.disabled, false);
      button.click();
      await el.updateComplete;
      expect(client.loginCalls).to.have.length(0);
      assert.strictEqual(el.busy, false);
      el.focus();
      assert.strictEqual(el.shadowRoot?.activeElement, button);
      await expect(el).to.be.accessible();
    });
  });

  describe('busy', () => {
    it('shows a spinner, sets aria-busy and aria-disabled, announces "Connecting", keeps focus', async () => {
      const login = deferred<undefined>();
      const client = new FakeClient({ login: () => login.promise });
      const el = await buttonWith(client);
      const { button, status } = parts(el);
      assert.strictEqual(status.textContent, '');
      button.focus();
      button.click();
      await el.updateComplete;
      assert.strictEqual(el.busy, true);
      assert.strictEqual(el.hasAttribute('busy'), true);
      assert.strictEqual(button.getAttribute('aria-busy'), 'true');
      assert.strictEqual(button.getAttribute('aria-disabled'), 'true');
      assert.strictEqual(status.textContent, 'Connecting to iAM Smart…');
      assert.notStrictEqual(parts(el).logo?.querySelector('svg.spinner'), null);
      assert.strictEqual(el.shadowRoot?.activeElement, button);
      await expect(el).to.be.accessible();
      login.resolve(undefined);
      await el.updateComplete;
      // The page is on its way to iAM Smart: the button stays busy until it unloads…
      assert.strictEqual(el.busy, true);
      // …or comes back from the bfcache with the browser's back button.
      window.dispatchEvent(new PageTransitionEvent('pageshow', { persisted: true }));
      await waitUntil(() => !el.busy);
      assert.strictEqual(button.hasAttribute('aria-busy'), false);
      assert.strictEqual(status.textContent, '');
    });

    it('starts one login only, however often it is clicked while busy', async () => {
      const login = deferred<undefined>();
      const client = new FakeClient({ login: () => login.promise });
      const el = await buttonWith(client);
      const { button } = parts(el);
      button.click();
      await el.updateComplete;
      button.click();
      button.click();
      await el.updateComplete;
      expect(client.loginCalls).to.have.length(1);
      login.resolve(undefined);
      await el.updateComplete;
      expect(client.loginCalls).to.have.length(1);
    });

    // Its stop under prefers-reduced-motion: login-button.reduced-motion.test.ts, run in three
    // engines launched with that preference (web-test-runner.config.mjs).
    it('turns the spinner', async () => {
      const el = await withButton(html`<iams-login-button busy></iams-login-button>`);
      const spinner = el.shadowRoot?.querySelector('svg.spinner');
      if (!spinner) throw new Error('no spinner');
      assert.strictEqual(getComputedStyle(spinner).animationName, 'iams-spin');
    });

    it('is idle again when the page comes back from the back-forward cache', async () => {
      const el = await withButton(html`<iams-login-button busy></iams-login-button>`);
      window.dispatchEvent(new PageTransitionEvent('pageshow', { persisted: true }));
      assert.strictEqual(el.busy, false);
    });
  });

  describe('keyboard', () => {
    it('is reached with Tab, shows a focus ring, and Enter starts the login', async () => {
      const client = new FakeClient();
      const el = await buttonWith(client);
      const { button } = parts(el);
      await sendKeys({ press: 'Tab' });
      assert.strictEqual(document.activeElement, el);
      assert.strictEqual(el.shadowRoot?.activeElement, button);
      const ring = getComputedStyle(button);
      assert.strictEqual(ring.outlineStyle, 'solid');
      expect(parseFloat(ring.outlineWidth)).to.be.at.least(2);
      await sendKeys({ press: 'Enter' });
      await waitUntil(() => client.loginCalls.length === 1);
    });

    it('Space starts the login', async () => {
      const client = new FakeClient();
      const el = await buttonWith(client);
      el.focus();
      // ' ' rather than 'Space': Firefox's WebDriver BiDi keyboard knows only the character.
      await sendKeys({ press: ' ' });
      await waitUntil(() => client.loginCalls.length === 1);
    });
  });

  describe('languages', () => {
    const cases = [
      { lang: 'en', label: 'Login with iAM Smart', moreInfo: 'More info (opens in a new tab)', href: 'https://www.iamsmart.gov.hk/en/', connecting: 'Connecting to iAM Smart…' },
      { lang: 'zh-HK', label: '智方便登入', moreInfo: '了解更多（在新分頁開啟）', href: 'https://www.iamsmart.gov.hk/tc/', connecting: '正在連接「智方便」…' },
      { lang: 'zh-CN', label: '智方便登入', moreInfo: '了解更多（在新标签页打开）', href: 'https://www.iamsmart.gov.hk/sc/', connecting: '正在连接「智方便」…' },
    ];
    for (const expected of cases) {
      it(`speaks ${expected.lang}: label, More info link, its language and the busy announcement`, async () => {
        const login = deferred<undefined>();
        const el = await withButton(html`<iams-login-button lang=${expected.lang}></iams-login-button>`, new FakeClient({ login: () => login.promise }));
        const { button, label, link, status } = parts(el);
        assert.strictEqual(label?.textContent, expected.label);
        assert.strictEqual(button.lang, expected.lang);
        assert.strictEqual(link.textContent, expected.moreInfo);
        assert.strictEqual(link.href, expected.href);
        assert.strictEqual(link.hreflang, expected.lang);
        assert.strictEqual(link.lang, expected.lang);
        await expect(el).to.be.accessible();
        button.click();
        await el.updateComplete;
        assert.strictEqual(status.textContent, expected.connecting);
        await expect(el).to.be.accessible();
        login.resolve(undefined);
        await el.updateComplete;
      });
    }

    it('takes the closest ancestor’s lang and maps zh-Hant / zh-TW / zh-Hans tags', async () => {
      const wrapper = await fixture(html`<div lang="zh-Hant">
        <iams-provider .client=${new FakeClient()}>
          <iams-login-button id="traditional"></iams-login-button>
          <section lang="zh-Hans"><iams-login-button id="simplified"></iams-login-button></section>
          <section lang="zh-TW"><iams-login-button id="taiwan"></iams-login-button></section>
          <section lang="fr"><iams-login-button id="other"></iams-login-button></section>
        </iams-provider>
      </div>`);
      const button = async (id: string) => {
        const el = wrapper.querySelector<IamsLoginButton>(`#${id}`);
        if (!el) throw new Error(id);
        await el.updateComplete;
        return parts(el);
      };
      const traditional = await button('traditional');
      assert.strictEqual(traditional.label?.textContent, '智方便登入');
      assert.strictEqual(traditional.link.href, 'https://www.iamsmart.gov.hk/tc/');
      assert.strictEqual((await button('simplified')).link.href, 'https://www.iamsmart.gov.hk/sc/');
      assert.strictEqual((await button('taiwan')).link.href, 'https://www.iamsmart.gov.hk/tc/');
      // A language the kit does not have reads English, marked as English for screen readers.
      const other = await button('other');
      assert.strictEqual(other.label?.textContent, 'Login with iAM Smart');
      assert.strictEqual(other.button.lang, 'en');
    });

    it('takes lang from a shadow host it is rendered inside', async () => {
      const host = await fixture(html`<div lang="zh-HK"></div>`);
      const root = host.attachShadow({ mode: 'open' });
      const el = document.createElement('iams-login-button');
      root.append(el);
      await el.updateComplete;
      assert.strictEqual(parts(el).label?.textContent, '智方便登入');
      assert.strictEqual(parts(el).link.href, 'https://www.iamsmart.gov.hk/tc/');
    });

    it('follows the page when its language changes', async () => {
      const el = await buttonWith(new FakeClient());
      assert.strictEqual(parts(el).label?.textContent, 'Login with iAM Smart');
      document.documentElement.lang = 'zh-CN';
      await waitUntil(() => parts(el).link.href === 'https://www.iamsmart.gov.hk/sc/');
      el.setAttribute('lang', 'zh-HK');
      await waitUntil(() => parts(el).link.href === 'https://www.iamsmart.gov.hk/tc/');
    });

    it('asks iAM Smart for its pages in the language the page has now, not the one it had when the client was made', async () => {
      const client = new FakeClient();
      const el = await buttonWith(client);
      document.documentElement.lang = 'zh-CN';
      await waitUntil(() => parts(el).link.href === 'https://www.iamsmart.gov.hk/sc/');
      parts(el).button.click();
      await waitUntil(() => client.loginCalls.length === 1);
      assert.strictEqual(client.loginCalls[0]?.lang, 'zh-CN');
    });
  });

  describe('events', () => {
    it('fires iams-login with the claims when a popup login succeeds', async () => {
      const user = fakeUser({ name: 'CHAN Tai Man' });
      const client = new FakeClient({ login: () => Promise.resolve(user) });
      const el = await withButton(html`<iams-login-button mode="popup"></iams-login-button>`, client);
      const event = oneEvent<IamsLoginEvent>(document, 'iams-login');
      parts(el).button.click();
      const { detail, bubbles, composed } = await event;
      assert.deepEqual(detail, user.claims);
      assert.strictEqual(bubbles && composed, true);
      assert.deepEqual(client.loginCalls, [{ mode: 'popup', lang: 'en' }]);
      await waitUntil(() => !el.busy);
    });

    it('fires iams-error with the code and a message in its language, shows it, and is idle again', async () => {
      const cause = new IamSmartError('issuer_unreachable', 'fetch failed: http://localhost:1/.well-known/openid-configuration');
      const client = new FakeClient({ login: () => Promise.reject(cause) });
      const el = await withButton(html`<iams-login-button lang="zh-HK"></iams-login-button>`, client);
      const event = oneEvent<IamsErrorEvent>(el, 'iams-error');
      parts(el).button.click();
      const { detail } = await event;
      assert.strictEqual(detail.code, 'issuer_unreachable');
      assert.strictEqual(detail.message, '未能連接「智方便」。請檢查網絡連線，然後再試。');
      assert.strictEqual(detail.cause, cause);
      await waitUntil(() => !el.busy);
      await el.updateComplete;
      const { button, error } = parts(el);
      assert.strictEqual(button.hasAttribute('aria-disabled'), false);
      assert.strictEqual(error.textContent, detail.message);
      assert.strictEqual(error.getAttribute('role'), 'alert');
      await expect(el).to.be.accessible();
      // The next attempt clears the old message.
      button.click();
      await el.updateComplete;
      await waitUntil(() => !el.busy);
      expect(client.loginCalls).to.have.length(2);
    });

    it('leaves showing the message to a listener that calls preventDefault()', async () => {
      const client = new FakeClient({ login: () => Promise.reject(new IamSmartError('access_denied', 'declined')) });
      const el = await buttonWith(client);
      el.addEventListener('iams-error', (event) => {
        event.preventDefault();
      });
      const event = oneEvent<IamsErrorEvent>(el, 'iams-error');
      parts(el).button.click();
      assert.strictEqual((await event).detail.message, 'The login was not approved in iAM Smart. Please try again if you want to log in.');
      await waitUntil(() => !el.busy);
      assert.strictEqual(parts(el).error.textContent, '');
    });

    it('reports an error without a known code as unknown', async () => {
      const client = new FakeClient({ login: () => Promise.reject(new TypeError('boom')) });
      const el = await buttonWith(client);
      const event = oneEvent<IamsErrorEvent>(el, 'iams-error');
      parts(el).button.click();
      assert.strictEqual((await event).detail.code, 'unknown');
      await waitUntil(() => !el.busy);
    });

    it('without a client: iams-error invalid_config "not available", and stays usable', async () => {
      const el = await fixture<IamsLoginButton>(html`<iams-login-button lang="zh-CN"></iams-login-button>`);
      const event = oneEvent<IamsErrorEvent>(el, 'iams-error');
      parts(el).button.click();
      const { detail } = await event;
      assert.strictEqual(detail.code, 'invalid_config');
      assert.strictEqual(detail.message, '此页面暂时未能使用智方便登入，请稍后再试。');
      assert.strictEqual(el.busy, false);
      // Once a provider appears around it, it works.
      const client = new FakeClient();
      const provider = document.createElement('iams-provider');
      provider.client = client;
      el.replaceWith(provider);
      provider.append(el);
      await el.updateComplete;
      parts(el).button.click();
      await waitUntil(() => client.loginCalls.length === 1);
    });
  });

  describe('with the provider at work', () => {
    it('a click while the provider still loads the SDK waits for the client (a real one here)', async () => {
      const provider = document.createElement('iams-provider');
      provider.setAttribute('issuer', 'http://localhost:9');
      provider.setAttribute('client-id', 'demo-site');
      provider.setAttribute('lang', 'zh-HK');
      const el = document.createElement('iams-login-button');
      el.mode = 'popup';
      provider.append(el);
      document.body.append(provider);
      try {
        await el.updateComplete;
        assert.strictEqual(provider.client, undefined, 'the SDK should still be loading');
        const event = oneEvent<IamsErrorEvent>(el, 'iams-error');
        parts(el).button.click();
        await el.updateComplete;
        assert.isTrue(el.busy);
        // Port 9 is refused: the real client's discovery fails, rather than "not configured".
        const { detail } = await event;
        assert.strictEqual(detail.code, 'issuer_unreachable');
        assert.strictEqual(detail.message, '未能連接「智方便」。請檢查網絡連線，然後再試。');
        await waitUntil(() => !el.busy);
      } finally {
        provider.remove();
      }
    });

    it('is busy, announces it and ignores clicks while the provider completes a returning login', async () => {
      const callback = deferred<ReturnType<typeof fakeUser>>();
      const client = new FakeClient({ isCallback: true, handleCallback: () => callback.promise });
      const el = await buttonWith(client);
      const { button, status } = parts(el);
      assert.strictEqual(button.getAttribute('aria-busy'), 'true');
      assert.strictEqual(button.getAttribute('aria-disabled'), 'true');
      assert.strictEqual(status.textContent, 'Completing your login with iAM Smart…');
      await expect(el).to.be.accessible();
      button.click();
      await el.updateComplete;
      assert.lengthOf(client.loginCalls, 0);
      const login = oneEvent<IamsLoginEvent>(document, 'iams-login');
      callback.resolve(fakeUser());
      await login;
      await waitUntil(() => !button.hasAttribute('aria-busy'));
      assert.strictEqual(status.textContent, '');
    });
  });

  describe('mode', () => {
    const stubNavigator = (hints: { mobile: boolean; platform: string }) => {
      Object.defineProperty(navigator, 'userAgentData', { value: hints, configurable: true });
    };
    afterEach(() => {
      delete (navigator as { userAgentData?: unknown }).userAgentData;
    });

    it('auto opens the app link on a phone', async () => {
      stubNavigator({ mobile: true, platform: 'Android' });
      const client = new FakeClient();
      const el = await buttonWith(client);
      parts(el).button.click();
      // A redirect or app login leaves the button busy (the page is leaving): wait for the call itself.
      await waitUntil(() => client.loginCalls.length > 0);
      assert.deepEqual(client.loginCalls, [{ mode: 'app', lang: 'en' }]);
    });

    it('auto redirects on a desktop', async () => {
      stubNavigator({ mobile: false, platform: 'Linux' });
      const client = new FakeClient();
      const el = await buttonWith(client);
      parts(el).button.click();
      // A redirect or app login leaves the button busy (the page is leaving): wait for the call itself.
      await waitUntil(() => client.loginCalls.length > 0);
      assert.deepEqual(client.loginCalls, [{ mode: 'redirect', lang: 'en' }]);
    });

    for (const mode of ['redirect', 'popup', 'app'] as const) {
      it(`mode="${mode}" is passed on as it is`, async () => {
        const client = new FakeClient();
        const el = await withButton(html`<iams-login-button mode=${mode}></iams-login-button>`, client);
        parts(el).button.click();
        await waitUntil(() => client.loginCalls.length > 0);
        assert.deepEqual(client.loginCalls, [{ mode, lang: 'en' }]);
      });
    }
  });
});
