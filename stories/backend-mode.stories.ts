import '@iamsmart/elements';
import { messagesFor } from '@iamsmart/elements';
import { IamSmartError } from '@iamsmart/sdk';
import type { IamSmartBackendClient } from '@iamsmart/sdk';
import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import { expect, userEvent, waitFor } from 'storybook/test';
import { createBackendClientWith } from '../packages/sdk/src/backend/client.js';
import type { Locale } from './support/locales.js';

/**
 * Backend mode (`<iams-provider backend="/iamsmart">`): the website's own server talks to iAM Smart
 * and the page never holds a token. Here the client is the real backend client with its
 * navigations recorded instead of followed (Storybook has no backend at `/iamsmart`), so a click
 * shows where the page would go. See the README, "Two modes".
 */
const meta = {
  title: 'Components/Backend mode',
  id: 'backend-mode',
  // The docs page's API table: the provider, whose `backend` attribute switches the mode.
  component: 'iams-provider',
  parameters: { layout: 'padded' },
} satisfies Meta;

export default meta;

type Story = StoryObj;

/** A backend client whose navigations land in `navigations` instead of leaving the page, with no session behind it. */
function recordingClient(lang: Locale): { client: IamSmartBackendClient; navigations: string[] } {
  const navigations: string[] = [];
  const client = createBackendClientWith({ backend: '/iamsmart', lang }, { navigate: (url) => navigations.push(url) });
  // No website backend stands behind Storybook: a story opens with no live session to find
  // (the provider asks for one when a backend-mode page opens).
  client.getUser = () => Promise.resolve(null);
  return { client, navigations };
}

/** The navigations the story's client recorded (kept on the story's wrapper). */
function navigationsIn(canvas: HTMLElement): string[] {
  const wrapper = canvas.querySelector<HTMLElement & { navigations?: string[] }>('[data-story]');
  return wrapper?.navigations ?? [];
}

/** The same client, on a page the backend has just sent back with `iams_error=<code>` (without touching Storybook's own address bar). */
function returnedWith(code: 'access_denied' | 'backend_unavailable', lang: Locale): IamSmartBackendClient {
  const { client } = recordingClient(lang);
  return new Proxy(client, {
    get(target, key) {
      if (key === 'isCallback') return () => true;
      if (key === 'handleCallback') return () => Promise.reject(new IamSmartError(code, `The website's backend reported "${code}" for the login.`));
      const value: unknown = Reflect.get(target, key);
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
    },
  });
}

const loginButton = (lang: Locale): Story => ({
  name: `Login button (${lang})`,
  render: () => {
    const { client, navigations } = recordingClient(lang);
    return html`<div lang=${lang} data-story .navigations=${navigations}>
      <iams-provider .client=${client}><iams-login-button mode="qr"></iams-login-button></iams-provider>
    </div>`;
  },
  play: async ({ canvasElement }) => {
    const button = canvasElement.querySelector('iams-login-button');
    const trigger = button?.shadowRoot?.querySelector<HTMLButtonElement>('[part="trigger"]');
    if (!button || !trigger) throw new Error('no login button');
    await expect(trigger).toHaveAccessibleName(messagesFor(lang).loginLabel);
    await userEvent.click(trigger);
    const navigations = navigationsIn(canvasElement);
    await waitFor(() => expect(navigations.length).toBe(1));
    const url = new URL(navigations[0] ?? '', location.href);
    await expect(url.pathname).toBe('/iamsmart/login');
    await expect(url.searchParams.get('lang')).toBe(lang);
    // Even with mode="qr": in backend mode iAM Smart hosts the QR page, so no dialog opens here.
    await expect(button.shadowRoot?.querySelector('dialog')).toBeNull();
  },
});

/** "Login with iAM Smart" in backend mode: a click goes to `/iamsmart/login?returnTo=…&lang=en` (recorded here), whatever the button's `mode`. */
export const LoginButton: Story = loginButton('en');
export const LoginButtonZhHK: Story = loginButton('zh-HK');
export const LoginButtonZhCN: Story = loginButton('zh-CN');

const returnFailed = (lang: Locale, code: 'access_denied' | 'backend_unavailable'): Story => ({
  name: `Login button after a failed return: ${code} (${lang})`,
  render: () => html`<div lang=${lang}>
    <iams-provider .client=${returnedWith(code, lang)}><iams-login-button></iams-login-button></iams-provider>
  </div>`,
  play: async ({ canvasElement }) => {
    const button = canvasElement.querySelector('iams-login-button');
    await waitFor(() => expect(button?.shadowRoot?.querySelector('[part="error"]')).toHaveTextContent(messagesFor(lang).errors[code]));
    await expect(button?.busy).toBe(false);
  },
});

/** The backend sent the resident back with `iams_error=access_denied`: the message under the button, announced (`role="alert"`), in the page's language. */
export const ReturnDenied: Story = returnFailed('en', 'access_denied');
export const ReturnDeniedZhHK: Story = returnFailed('zh-HK', 'access_denied');
export const ReturnDeniedZhCN: Story = returnFailed('zh-CN', 'access_denied');
/** `{backend}/session` could not be read after the return (HTTP 503). */
export const ReturnBackendUnavailable: Story = returnFailed('en', 'backend_unavailable');

const qrLogin = (lang: Locale): Story => ({
  name: `QR login (${lang})`,
  render: () => {
    const { client, navigations } = recordingClient(lang);
    return html`<div lang=${lang} data-story .navigations=${navigations}><iams-provider .client=${client}><iams-qr-login></iams-qr-login></iams-provider></div>`;
  },
  play: async ({ canvasElement }) => {
    const el = canvasElement.querySelector('iams-qr-login');
    const text = messagesFor(lang);
    await waitFor(() => expect(el?.shadowRoot?.textContent).toContain(text.hostedQrTitle));
    const login = el?.shadowRoot?.querySelector<HTMLButtonElement>('[part="login"]');
    if (!login) throw new Error('no login button');
    await expect(login).toHaveAccessibleName(text.loginLabel);
    await expect(el?.shadowRoot?.querySelector('[role="status"]')).toHaveTextContent(text.hostedQrTitle);
    login.focus();
    await userEvent.keyboard('{Enter}');
    await waitFor(() => expect(navigationsIn(canvasElement)).toHaveLength(1));
  },
});

/** `<iams-qr-login>` in backend mode: iAM Smart shows its own QR page for this website, so the element says so and offers the login button. */
export const QrLogin: Story = qrLogin('en');
export const QrLoginZhHK: Story = qrLogin('zh-HK');
export const QrLoginZhCN: Story = qrLogin('zh-CN');
