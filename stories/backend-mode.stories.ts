import '@iamsmart/elements';
import { messagesFor } from '@iamsmart/elements';
import { IamSmartError } from '@iamsmart/sdk';
import type { IamSmartBackendClient } from '@iamsmart/sdk';
import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import { expect, userEvent, waitFor } from 'storybook/test';
import { createBackendClientWith } from '../packages/sdk/src/backend/client.js';
import { localeOf, type Locale } from './support/locales.js';
import { FORM_LABELS, standInForm } from './support/stand-in-form.js';
import { FakeClient } from '../packages/elements/src/test-support/fake-client.js';
import { FakeEmeSession, FakeSignSession } from '../packages/elements/src/test-support/fake-session.js';

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

/**
 * A story in `lang`; or, with none, in the page's language. Such a story tags itself
 * `a11y-languages` (the indexer reads tags from the export), so the smoke test runs it in all three.
 */
const speaking = (lang: Locale | undefined): Pick<Story, 'globals'> => (lang ? { globals: { locale: lang } } : {});
const languageOf = (lang: Locale | undefined, globals: Record<string, unknown>): Locale => lang ?? localeOf(globals);

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

const returnFailed = (lang: Locale | undefined, code: 'access_denied' | 'backend_unavailable'): Story => ({
  name: `Login button after a failed return: ${code}${lang ? ` (${lang})` : ''}`,
  ...speaking(lang),
  render: (_args, { globals }) => html`<div lang=${languageOf(lang, globals)}>
    <iams-provider .client=${returnedWith(code, languageOf(lang, globals))}><iams-login-button></iams-login-button></iams-provider>
  </div>`,
  play: async ({ canvasElement, globals }) => {
    const button = canvasElement.querySelector('iams-login-button');
    await waitFor(() => expect(button?.shadowRoot?.querySelector('[part="error"]')).toHaveTextContent(messagesFor(languageOf(lang, globals)).errors[code]));
    await expect(button?.busy).toBe(false);
  },
});

/** The backend sent the resident back with `iams_error=access_denied`: the message under the button, announced (`role="alert"`), in the page's language. */
export const ReturnDenied: Story = returnFailed('en', 'access_denied');
export const ReturnDeniedZhHK: Story = returnFailed('zh-HK', 'access_denied');
export const ReturnDeniedZhCN: Story = returnFailed('zh-CN', 'access_denied');
/** `{backend}/session` could not be read after the return (HTTP 503). In the page's language (`a11y-languages`). */
export const ReturnBackendUnavailable: Story = { ...returnFailed(undefined, 'backend_unavailable'), tags: ['a11y-languages'] };

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

// ---- Signing and e-ME in backend mode (decision 037) ----------------------------------------
// The website's server asks iAM Smart and follows the request; the page is told how the resident
// is asked (`channel`): `app` — the request waits in the resident's app; `hosted` — iAM Smart's own
// page, opened in a new tab. Storybook has no website backend: these sessions are scripted, with
// the shapes the backend client reports, and stay in one state.

type Channel = 'app' | 'hosted';
type Ending = 'declined' | 'expired' | 'signature_invalid';

/** A scripted backend-mode session's options: waiting in `channel`, done, or ended by `ending`. */
function scripted<E extends Ending>(channel: Channel, state: 'awaiting-scan' | 'done' | 'denied' | 'expired' | 'error', ending?: E) {
  return { channel, state, ...(ending ? { ending } : {}), now: () => Date.now() };
}

/** The parts of the dialog's session view (`<iams-qr-login>` inside the element's dialog). */
function viewPart(host: Element | null, name: string): HTMLElement | null {
  const qrLogin = host?.shadowRoot?.querySelector('dialog iams-qr-login');
  return qrLogin?.shadowRoot?.querySelector<HTMLElement>(`[part="${name}"]`) ?? null;
}

const signing = (name: string, lang: Locale | undefined, channel: Channel, state: 'awaiting-scan' | 'done' | 'denied' | 'expired' | 'error', ending?: Ending): Story => ({
  name,
  ...speaking(lang),
  render: (_args, { globals }) => {
    const client = new FakeClient({ startSigning: () => new FakeSignSession(scripted(channel, state, ending)) });
    return html`<div lang=${languageOf(lang, globals)}>
      <iams-provider .client=${client}><iams-sign-dialog document-name="Tenancy agreement.pdf" .document=${'A tenancy agreement'}></iams-sign-dialog></iams-provider>
    </div>`;
  },
  play: async ({ canvasElement, globals }) => {
    const el = canvasElement.querySelector('iams-sign-dialog');
    if (!el) throw new Error('no sign dialog');
    await el.open();
    const text = messagesFor(languageOf(lang, globals));
    if (state === 'done') {
      await waitFor(() => expect(el.shadowRoot?.querySelector('[part="result"]')).toBeTruthy());
    } else if (state === 'awaiting-scan' && channel === 'app') {
      await waitFor(() => expect(viewPart(el, 'stage')).toHaveTextContent(text.qr.appTitle));
      await expect(viewPart(el, 'code')).toBeTruthy();
      await expect(viewPart(el, 'new-code')).toHaveAccessibleName(text.qr.startAgain);
    } else if (state === 'awaiting-scan') {
      // The name is the link's text and "(opens in a new tab)"; browsers may put a space between the two.
      await waitFor(() => expect(viewPart(el, 'hosted-link')?.textContent).toBe(`${text.qr.hostedLink}${text.opensInNewTab}`));
      await expect(viewPart(el, 'hosted-link')).toHaveAccessibleName(expect.stringContaining(text.qr.hostedLink));
      await expect(viewPart(el, 'hosted-link')).toHaveAttribute('target', '_blank');
    } else {
      await waitFor(() => expect(viewPart(el, 'stage')).toHaveAttribute('data-state', state));
    }
  },
});

/** Signing, logged in: the request waits in the resident's iAM Smart app, with the identification code to match. */
export const SigningApp: Story = signing('Signing: in the app (en)', 'en', 'app', 'awaiting-scan');
export const SigningAppZhHK: Story = signing('Signing: in the app (繁體中文)', 'zh-HK', 'app', 'awaiting-scan');
/** Signing, anonymous: “Continue on iAM Smart’s page” opens iAM Smart's QR page in a new tab; this page follows by itself. */
export const SigningHosted: Story = signing('Signing: iAM Smart’s page (en)', 'en', 'hosted', 'awaiting-scan');
export const SigningHostedZhCN: Story = signing('Signing: iAM Smart’s page (简体中文)', 'zh-CN', 'hosted', 'awaiting-scan');
/** The server verified the signature: the dialog shows its summary. */
export const SigningDone: Story = signing('Signing: done (en)', 'en', 'hosted', 'done');
/** The server could not verify the signature (or the certificate named someone else). In the page's language (`a11y-languages`). */
export const SigningSignatureInvalid: Story = { ...signing('Signing: signature not verified', undefined, 'app', 'error', 'signature_invalid'), tags: ['a11y-languages'] };
/** The request ran out of time in the app: “Request expired”, and “Start again”. In the page's language (`a11y-languages`). */
export const SigningExpired: Story = { ...signing('Signing: request expired', undefined, 'app', 'expired', 'expired'), tags: ['a11y-languages'] };

/** The page's form, in its language. */
const form = (lang: Locale) => {
  const label = FORM_LABELS[lang];
  return standInForm(html`<form id="backend-form" class="stand-in-form">
    <h2>${label.heading}</h2>
    <label>${label.surname} <input data-eme="enName.lastName" required /></label>
    <label>${label.given} <input autocomplete="given-name" required /></label>
    <label>${label.mobile} <input type="tel" data-eme="mobileNumber" /></label>
  </form>`);
};

const formFilling = (name: string, lang: Locale | undefined, channel: Channel, state: 'awaiting-scan' | 'done' | 'denied', ending?: 'declined'): Story => ({
  name,
  ...speaking(lang),
  render: (_args, { globals }) => {
    const client = new FakeClient({ startEme: () => new FakeEmeSession({ ...scripted(channel, state, ending), noCode: true }) });
    return html`<div lang=${languageOf(lang, globals)}>
      <iams-provider .client=${client}><iams-eme-autofill for="backend-form"></iams-eme-autofill></iams-provider>
      ${form(languageOf(lang, globals))}
    </div>`;
  },
  play: async ({ canvasElement, globals }) => {
    const el = canvasElement.querySelector('iams-eme-autofill');
    if (!el) throw new Error('no autofill');
    await el.open();
    const next = await waitFor(() => {
      const button = el.shadowRoot?.querySelector<HTMLButtonElement>('[part="continue"]');
      if (!button) throw new Error('no Continue');
      return button;
    });
    await userEvent.click(next);
    const text = messagesFor(languageOf(lang, globals));
    if (state === 'done') await waitFor(() => expect(el.shadowRoot?.querySelector('[part="summary"]')).toBeTruthy());
    else if (state === 'awaiting-scan' && channel === 'app') await waitFor(() => expect(viewPart(el, 'stage')).toHaveTextContent(text.qr.appHint));
    else if (state === 'awaiting-scan') await waitFor(() => expect(viewPart(el, 'hosted-status')).toHaveTextContent(text.qr.hostedStatus));
    else await waitFor(() => expect(viewPart(el, 'stage')).toHaveAttribute('data-state', state));
  },
});

/** Form filling, logged in: the request waits in the app (no identification code for e-ME). */
export const FormFillingApp: Story = formFilling('Fill with iAM Smart: in the app (en)', 'en', 'app', 'awaiting-scan');
/** Form filling, anonymous: iAM Smart's own page in a new tab. */
export const FormFillingHosted: Story = formFilling('Fill with iAM Smart: iAM Smart’s page (繁體中文)', 'zh-HK', 'hosted', 'awaiting-scan');
export const FormFillingDone: Story = formFilling('Fill with iAM Smart: filled (en)', 'en', 'app', 'done');
/** Declined on iAM Smart's page. In the page's language (`a11y-languages`). */
export const FormFillingDeclined: Story = { ...formFilling('Fill with iAM Smart: declined', undefined, 'hosted', 'denied', 'declined'), tags: ['a11y-languages'] };
