import '@iamsmart/elements';
import { messagesFor } from '@iamsmart/elements';
import type { SessionState } from '@iamsmart/sdk';
import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html, nothing } from 'lit';
import { ifDefined } from 'lit/directives/if-defined.js';
import { styleMap } from 'lit/directives/style-map.js';
import { expect, fn, userEvent, waitFor } from 'storybook/test';
import { SPOKEN_CODE, STORY_NOW, stoppedClock } from './support/clock.js';
import { details, eventLog } from './support/event-log.js';
import { FakeClient, type FakeQrOutcome } from '../packages/elements/src/test-support/fake-client.js';
import {
  FakeQrLoginSession,
  fakePayload,
  FAKE_USER_CODE,
  FAKE_VERIFICATION_URI,
  type FakeEnding,
} from '../packages/elements/src/test-support/fake-session.js';
import { localeOf, type Locale } from './support/locales.js';
import { FAKE_ISSUER } from '../packages/elements/src/test-support/resident.js';

type QrLoginElement = HTMLElementTagNameMap['iams-qr-login'];

/**
 * The story controls: the scripted session's state (and the failure behind a failed one), the
 * time left, the element's `lang`, and the theme's CSS custom properties from the API table.
 */
interface QrLoginArgs {
  state: SessionState;
  /** With `denied`, `expired` or `error`: which failure. */
  ending?: FakeEnding;
  reconnecting: boolean;
  /** Seconds left on the code, on the story's stopped clock. */
  secondsLeft: number;
  lang?: Locale;
  /** Named as Storybook names the manifest's events, so these replace its default actions. */
  onIamsState: (event: Event) => void;
  onIamsLogin: (event: Event) => void;
  onIamsError: (event: Event) => void;
  [cssProperty: `--${string}`]: string | undefined;
}

type Story = StoryObj<QrLoginArgs>;


function cssCustomProperties(args: QrLoginArgs): Record<string, string> {
  return Object.fromEntries(
    Object.entries(args).filter((entry): entry is [string, string] => entry[0].startsWith('--') && typeof entry[1] === 'string' && entry[1] !== ''),
  );
}

/**
 * `<iams-qr-login>`: the QR code login for a resident on a desktop. Every state here is a
 * scripted session (no network, no sandbox, a stopped clock), set on the element's `session`
 * property, so each story renders the same every time. "Scripted login" runs a whole login
 * through `<iams-provider>` with a scripted client; "Live against the sandbox" uses the real
 * sandbox (`npm start`).
 */
const meta = {
  title: 'Components/QR login',
  id: 'qr-login',
  component: 'iams-qr-login',
  args: {
    state: 'awaiting-scan',
    reconnecting: false,
    secondsLeft: 180,
    onIamsState: fn(),
    onIamsLogin: fn(),
    onIamsError: fn(),
  },
  argTypes: {
    state: {
      description: "Storybook only: the scripted session's state.",
      control: 'select',
      options: ['idle', 'starting', 'awaiting-scan', 'scanned', 'approved', 'done', 'denied', 'expired', 'cancelled', 'error'],
      table: { category: 'story' },
    },
    ending: {
      description: 'Storybook only: the failure behind `denied` (`declined`, `code_mismatch`, `scanned_elsewhere`), `expired` or `error` (`network_error`, `rate_limited`).',
      control: 'select',
      options: ['declined', 'code_mismatch', 'scanned_elsewhere', 'expired', 'network_error', 'rate_limited'],
      table: { category: 'story' },
    },
    reconnecting: {
      description: 'Storybook only: the SDK is retrying a lost connection.',
      control: 'boolean',
      table: { category: 'story' },
    },
    secondsLeft: {
      description: "Storybook only: seconds left on the code (the story's clock is stopped).",
      control: { type: 'number', min: 0, max: 300, step: 5 },
      table: { category: 'story' },
    },
    lang: { control: 'inline-radio', options: ['en', 'zh-HK', 'zh-CN'] },
  },
  render: (args) => html`
    <iams-qr-login
      lang=${ifDefined(args.lang)}
      .now=${stoppedClock}
      .session=${new FakeQrLoginSession({
        state: args.state,
        ending: args.ending,
        reconnecting: args.reconnecting,
        secondsLeft: args.secondsLeft,
        now: stoppedClock,
        refreshMs: 300,
      })}
      style=${styleMap(cssCustomProperties(args))}
      @iams-state=${args.onIamsState}
      @iams-login=${args.onIamsLogin}
      @iams-error=${args.onIamsError}
    ></iams-qr-login>
  `,
} satisfies Meta<QrLoginArgs>;

export default meta;

/** The element's shadow parts a story checks. */
function parts(root: ParentNode) {
  const host = root.querySelector('iams-qr-login');
  const shadow = host?.shadowRoot;
  if (!host || !shadow) throw new Error('iams-qr-login did not render');
  const part = (name: string) => shadow.querySelector<HTMLElement>(`[part~="${name}"]`);
  return {
    host,
    stage: () => part('stage'),
    title: () => part('stage')?.querySelector('.title')?.textContent.trim(),
    message: () => part('message')?.textContent.trim(),
    qr: () => part('qr'),
    code: () => part('code'),
    countdown: () => part('countdown')?.textContent.replace(/\s+/g, ' ').trim(),
    notice: () => part('notice')?.textContent.trim(),
    newCode: () => shadow.querySelector<HTMLButtonElement>('button[part~="new-code"]'),
    appLink: () => shadow.querySelector<HTMLAnchorElement>('a[part~="app-link"]'),
    typeCode: () => part('type-code')?.textContent.replace(/\s+/g, ' ').trim(),
    status: () => shadow.querySelector('[role="status"]')?.textContent.trim(),
  };
}

/** The scripted session the story's element shows. */
function sessionOf(host: QrLoginElement): FakeQrLoginSession {
  const { session } = host;
  if (!(session instanceof FakeQrLoginSession)) throw new Error('the element lost its scripted session');
  return session;
}

type Parts = ReturnType<typeof parts>;

/** The `detail` of every event a story's action received, oldest first. */
/** Waits until the element shows `state` (the QR encoder loads on first connect, so a QR code may take a moment). */
async function shows(view: Parts, state: SessionState): Promise<void> {
  await waitFor(() => expect(view.stage()).toHaveAttribute('data-state', state));
  if (state === 'awaiting-scan') await waitFor(() => expect(view.qr()).toBeTruthy());
  await view.host.updateComplete;
}

/** The QR code with its name, the code, the countdown and both non-scanning paths, in `lang`. */
function awaitingScan(lang: Locale): Story {
  return {
    args: { lang },
    globals: { locale: lang },
    play: async ({ canvasElement, args }) => {
      // Read here, not when the story is defined: the strings are loaded before a story (decision 042).
      const text = messagesFor(lang).qr;
      const view = parts(canvasElement);
      await shows(view, 'awaiting-scan');
      await expect(view.qr()).toHaveAttribute('role', 'img');
      await expect(view.qr()).toHaveAttribute('aria-label', text.qrName.replace('{code}', SPOKEN_CODE));
      await expect(view.code()).toHaveTextContent(text.codeLabel);
      await expect(view.code()).toHaveTextContent(FAKE_USER_CODE);
      await expect(view.countdown()).toBe(text.expiresIn.replace('{time}', '3:00'));
      await expect(view.newCode()).toHaveTextContent(text.newCode);
      await expect(view.appLink()).toHaveAttribute('href', fakePayload(0));
      await expect(view.appLink()).toHaveTextContent(text.openApp);
      await expect(view.typeCode()).toBe(text.typeCode.replace('{uri}', FAKE_VERIFICATION_URI).replace('{code}', FAKE_USER_CODE));
      await expect(details(args.onIamsState)).toEqual([{ state: 'awaiting-scan', userCode: FAKE_USER_CODE, expiresAt: STORY_NOW + 180_000 }]);
    },
  };
}

/**
 * `manual`: nothing starts until the page calls `start()` (or the resident chooses the button).
 * The scripted client has been asked for nothing.
 */
export const Manual: Story = {
  name: 'Idle (manual)',
  render: () => html`
    <iams-provider .client=${new FakeClient()}>
      <iams-qr-login manual></iams-qr-login>
    </iams-provider>
  `,
  play: async ({ canvasElement }) => {
    const view = parts(canvasElement);
    await shows(view, 'idle');
    const client = canvasElement.querySelector('iams-provider')?.client;
    if (!(client instanceof FakeClient)) throw new Error('the provider lost its scripted client');
    await expect(client.qrLoginCalls).toEqual([]);
    await expect(view.newCode()).toBeTruthy();
  },
};

/** No `<iams-provider>` around it and no `client` set: it says the login is not available, rather than spinning. In the page's language (`a11y-languages`). */
export const WithoutProvider: Story = {
  name: 'Without a provider',
  tags: ['a11y-languages'],
  render: () => html`<iams-qr-login></iams-qr-login>`,
  play: async ({ canvasElement, globals }) => {
    const view = parts(canvasElement);
    await shows(view, 'idle');
    await expect(view.stage()).toHaveTextContent(messagesFor(localeOf(globals)).notConfigured);
  },
};

/** A session still `starting`: the device authorization request is on its way. */
export const Starting: Story = {
  args: { state: 'starting' },
  play: async ({ canvasElement }) => {
    const view = parts(canvasElement);
    await shows(view, 'starting');
    await expect(view.title()).toBe(messagesFor('en').qr.starting);
    await expect(view.qr()).toBeNull();
  },
};

/** The QR code to scan, with the identification code, the countdown, "Open iAM Smart on this device" and where to type the code instead. */
export const AwaitingScan: Story = { ...awaitingScan('en'), name: 'Awaiting scan' };

/** The same in Traditional Chinese: 「二維碼」, 「識別碼」. */
export const AwaitingScanZhHK: Story = { ...awaitingScan('zh-HK'), name: 'Awaiting scan (繁體中文)' };

/** The same in Simplified Chinese: 「二维码」, 「识别码」. */
export const AwaitingScanZhCN: Story = { ...awaitingScan('zh-CN'), name: 'Awaiting scan (简体中文)' };

/** The app opened the QR code: the code is hidden (it cannot be scanned twice) and the resident confirms on the phone. */
export const Scanned: Story = {
  args: { state: 'scanned', secondsLeft: 150 },
  play: async ({ canvasElement }) => {
    const view = parts(canvasElement);
    const text = messagesFor('en').qr;
    await shows(view, 'scanned');
    await expect(view.qr()).toBeNull();
    await expect(view.title()).toBe(text.scanned);
    await expect(view.code()).toHaveTextContent(FAKE_USER_CODE);
    await expect(view.countdown()).toBe(text.expiresIn.replace('{time}', '2:30'));
    await expect(view.appLink()).toBeNull();
  },
};

/** The resident approved; the page exchanges the code for tokens. No button: nothing to do but wait a moment. */
export const Approved: Story = {
  args: { state: 'approved' },
  play: async ({ canvasElement }) => {
    const view = parts(canvasElement);
    await shows(view, 'approved');
    await expect(view.title()).toBe(messagesFor('en').qr.approved);
    await expect(view.newCode()).toBeNull();
    await expect(view.code()).toBeNull();
  },
};

/** Logged in: `iams-login` with the resident's claims. */
export const Done: Story = {
  args: { state: 'done' },
  play: async ({ canvasElement, args }) => {
    const view = parts(canvasElement);
    await shows(view, 'done');
    await expect(view.title()).toBe(messagesFor('en').qr.done);
    await expect(details(args.onIamsLogin)).toEqual([expect.objectContaining({ name: 'CHAN Tai Man' })]);
  },
};

/**
 * A failure: the title and message shown, the button that starts again, and `iams-error` with the
 * code, in the page's language. Each story tags itself `a11y-languages` (the indexer reads tags
 * from the export, not from here) so that the smoke test runs it in all three.
 */
function failed(state: SessionState, ending: FakeEnding, code: string, button: 'tryAgain' | 'newCode'): Story {
  const title = { denied: 'denied', expired: 'expired', error: 'failed' } as const;
  return {
    args: { state, ending },
    play: async ({ canvasElement, args, globals }) => {
      const view = parts(canvasElement);
      const text = messagesFor(localeOf(globals));
      await shows(view, state);
      await expect(view.title()).toBe(text.qr[title[state as keyof typeof title]]);
      await expect(view.message()).toBe(text.errors[code as keyof typeof text.errors]);
      await expect(view.newCode()).toHaveTextContent(text.qr[button]);
      await expect(view.qr()).toBeNull();
      await expect(details(args.onIamsError)).toEqual([expect.objectContaining({ code })]);
    },
  };
}

/** The resident chose "Decline" in the app. */
export const DeniedDeclined: Story = { ...failed('denied', 'declined', 'access_denied', 'tryAgain'), name: 'Denied (declined)', tags: ['a11y-languages'] };

/** The resident tapped an identification code that is not the one shown here: stopped for safety. */
export const DeniedCodeMismatch: Story = { ...failed('denied', 'code_mismatch', 'code_mismatch', 'tryAgain'), name: 'Denied (code mismatch)', tags: ['a11y-languages'] };

/**
 * The code was opened on a second phone (someone else saw it, e.g. on a page relaying this one):
 * the session is bound to the first phone, so a second one stops it for safety. "Try again" starts
 * over with a new code, to be scanned with the resident's own phone only.
 */
const scannedElsewhere = failed('denied', 'scanned_elsewhere', 'scanned_elsewhere', 'tryAgain');
export const DeniedScannedElsewhere: Story = {
  ...scannedElsewhere,
  name: 'Denied (scanned on another phone)',
  tags: ['a11y-languages'],
  play: async (context) => {
    await scannedElsewhere.play?.(context);
    // The English words themselves, so a change to the string is seen here too (the Chinese ones are in the snapshots).
    if (localeOf(context.globals) === 'en') await expect(parts(context.canvasElement).message()).toMatch(/^This QR code was scanned on more than one phone, so the login was stopped for your safety\..*your own phone only\.$/);
  },
};

/** The code ran out of time; "Get a new QR code" is still there (WCAG 2.2.1). */
export const Expired: Story = { ...failed('expired', 'expired', 'session_expired', 'newCode'), tags: ['a11y-languages'] };

/** The connection to iAM Smart was lost for good (after retries). */
export const NetworkError: Story = { ...failed('error', 'network_error', 'network_error', 'tryAgain'), name: 'Error (network)', tags: ['a11y-languages'] };

/** Too many sessions from this address: the provider said to wait. */
export const RateLimited: Story = { ...failed('error', 'rate_limited', 'rate_limited', 'tryAgain'), name: 'Error (rate limited)', tags: ['a11y-languages'] };

/** "Try again" after an error: the session starts over and shows a new QR code. */
export const RetryAfterError: Story = {
  name: 'Error, then "Try again"',
  tags: ['a11y-languages'],
  args: { state: 'error', ending: 'network_error' },
  play: async ({ canvasElement, args, step, globals }) => {
    const view = parts(canvasElement);
    const text = messagesFor(localeOf(globals)).qr;
    await shows(view, 'error');
    await step('"Try again" asks the session for a new code', async () => {
      const button = view.newCode();
      if (!button) throw new Error('no "Try again" button');
      await expect(button).toHaveTextContent(text.tryAgain);
      await userEvent.click(button);
      await expect(sessionOf(view.host).refreshCalls).toBe(1);
    });
    await step('starting, then the new QR code', async () => {
      await expect(details<{ state: string }>(args.onIamsState).map(({ state }) => state)).toEqual(['error', 'starting']);
      await shows(view, 'awaiting-scan');
      await expect(view.message()).toBeUndefined();
    });
  },
};

/** The status stream dropped and the SDK is retrying: the QR code stays, and the element says so. */
export const Reconnecting: Story = {
  args: { reconnecting: true },
  play: async ({ canvasElement, step }) => {
    const view = parts(canvasElement);
    const text = messagesFor('en').qr;
    await shows(view, 'awaiting-scan');
    await expect(view.notice()).toBe(text.reconnecting);
    await step('connected again, then lost again: announced each time it is lost', async () => {
      const session = sessionOf(view.host);
      session.to('awaiting-scan', { reconnecting: false });
      await view.host.updateComplete;
      await expect(view.notice()).toBeUndefined();
      session.to('awaiting-scan', { reconnecting: true });
      await view.host.updateComplete;
      await expect(view.notice()).toBe(text.reconnecting);
      await expect(view.status()).toBe(text.reconnecting);
    });
  },
};

/** Under a minute left: the countdown reads 0:45, and "Get a new QR code" gives more time. */
export const NearExpiry: Story = {
  name: 'Near expiry',
  args: { secondsLeft: 45 },
  play: async ({ canvasElement }) => {
    const view = parts(canvasElement);
    const text = messagesFor('en').qr;
    await shows(view, 'awaiting-scan');
    await expect(view.countdown()).toBe(text.expiresIn.replace('{time}', '0:45'));
    await expect(view.newCode()).toHaveTextContent(text.newCode);
  },
};

/** The page (or the resident, closing a dialog) cancelled the session. */
export const Cancelled: Story = {
  args: { state: 'cancelled' },
  play: async ({ canvasElement }) => {
    const view = parts(canvasElement);
    await shows(view, 'cancelled');
    await expect(view.title()).toBe(messagesFor('en').errors.cancelled);
    await expect(view.newCode()).toHaveTextContent(messagesFor('en').qr.newCode);
  },
};

/** On a page that declares `color-scheme: dark`: the QR code keeps dark modules on white (scanners need it), the rest turns light on dark. */
export const DarkPage: Story = {
  name: 'Dark page',
  globals: { backgrounds: { value: 'dark' } },
  play: async ({ canvasElement }) => {
    await shows(parts(canvasElement), 'awaiting-scan');
  },
};

/** Themed through the custom properties: a smaller QR code and another brand colour. */
export const Themed: Story = {
  args: { '--iams-qr-size': '180px', '--iams-brand-color': '#1f3a5f', '--iams-font-family': 'Georgia, serif' },
  play: async ({ canvasElement }) => {
    const view = parts(canvasElement);
    await shows(view, 'awaiting-scan');
    await expect(view.qr()?.getBoundingClientRect().width).toBe(180);
  },
};

/**
 * One session through every step of a login, moved on by the play function as the app would:
 * each transition fires `iams-state` once, and the live region says what happened. In the page's
 * language: the smoke test runs it in all three (`a11y-languages`).
 */
export const Walkthrough: Story = {
  name: 'Walkthrough: every transition',
  tags: ['a11y-languages'],
  render: (args) => {
    const log = eventLog();
    return html`
      <div @iams-state=${log.record} @iams-login=${log.record} @iams-error=${log.record}>
        ${meta.render({ ...args, state: 'starting' })}
      </div>
      ${log.element}
    `;
  },
  play: async ({ canvasElement, args, step, globals }) => {
    const view = parts(canvasElement);
    const text = messagesFor(localeOf(globals)).qr;
    const session = sessionOf(view.host);
    const steps: { state: SessionState; says: string }[] = [
      { state: 'awaiting-scan', says: text.ready },
      { state: 'scanned', says: text.scannedSaid.replace('{title}', text.scanned).replace('{hint}', text.scannedHint) },
      { state: 'approved', says: text.approved },
      { state: 'done', says: text.done },
    ];
    await shows(view, 'starting');
    for (const { state, says } of steps) {
      await step(`${state}: announced as "${says}"`, async () => {
        session.to(state);
        await shows(view, state);
        await expect(view.status()).toBe(says);
      });
    }
    await expect(details<{ state: string }>(args.onIamsState).map(({ state }) => state)).toEqual(['starting', 'awaiting-scan', 'scanned', 'approved', 'done']);
    await expect(args.onIamsLogin).toHaveBeenCalledTimes(1);
    await expect(canvasElement.querySelector('[role="log"]')).toHaveTextContent('CHAN Tai Man');
  },
};

/**
 * A QR code waiting on a running clock, a minute and three seconds left, its payload rotating every
 * second as the SDK's does: the countdown ticks, the QR code changes, and the live region stays
 * quiet but for "About 1 minute left" as the minute is reached. The smoke test watches it for five
 * seconds more (`a11y-clock`) and fails on more than one announcement.
 */
export const WaitingClockRunning: Story = {
  name: 'Waiting, clock running',
  tags: ['a11y-clock'],
  render: () => html`
    <iams-qr-login .session=${new FakeQrLoginSession({ state: 'awaiting-scan', secondsLeft: 63, now: Date.now })}></iams-qr-login>
  `,
  play: async ({ canvasElement }) => {
    const view = parts(canvasElement);
    await shows(view, 'awaiting-scan');
    const session = sessionOf(view.host);
    let second = 0;
    // Until the story is left: the element leaves the page with it.
    const rotation = setInterval(() => {
      if (view.host.isConnected) session.rotate(++second);
      else clearInterval(rotation);
    }, 1000);
  },
};

interface ScriptedArgs extends QrLoginArgs {
  /** How the scripted client's sessions go. */
  qrOutcome: FakeQrOutcome;
}

/**
 * A whole login as a page runs it: `<iams-qr-login>` inside `<iams-provider>`, whose (scripted)
 * client starts the session when the element connects. The resident scans after 3 s and approves
 * 2 s later; change `qrOutcome` to see a failure.
 */
export const ScriptedLogin: StoryObj<ScriptedArgs> = {
  name: 'Scripted login (with a provider)',
  args: { qrOutcome: 'success' },
  argTypes: {
    qrOutcome: {
      description: "Storybook only: how the scripted client's QR sessions go.",
      control: 'select',
      options: ['success', 'pending', 'declined', 'code_mismatch', 'scanned_elsewhere', 'expired', 'network_error', 'rate_limited'],
      table: { category: 'story' },
    },
  },
  render: ({ qrOutcome, lang }) => {
    const log = eventLog();
    return html`
      <iams-provider .client=${new FakeClient({ qrOutcome })} @iams-state=${log.record} @iams-login=${log.record} @iams-error=${log.record}>
        <iams-qr-login lang=${ifDefined(lang)}></iams-qr-login>
      </iams-provider>
      ${log.element}
    `;
  },
  play: async ({ canvasElement, args, step }) => {
    if (args.qrOutcome !== 'success') return;
    const view = parts(canvasElement);
    const log = canvasElement.querySelector('[role="log"]');
    await step('the element starts a session through the provider', async () => {
      await shows(view, 'awaiting-scan');
      const client = canvasElement.querySelector('iams-provider')?.client;
      if (!(client instanceof FakeClient)) throw new Error('the provider lost its scripted client');
      await expect(client.qrLoginCalls).toEqual([{ lang: 'en' }]);
      await expect(client.sessions).toHaveLength(1);
    });
    await step('scanned, approved, logged in', async () => {
      await waitFor(() => expect(log).toHaveTextContent('iams-login'), { timeout: 10_000 });
      await expect(log).toHaveTextContent('CHAN Tai Man');
      await shows(view, 'done');
    });
  },
};

/**
 * `<iams-login-button mode="qr">`: the click opens a modal dialog with the QR login; focus moves
 * into it. The scripted client's session waits for a scan; the play function stops the dialog's
 * clock so the countdown holds still. In the page's language (`a11y-languages`).
 */
export const InLoginButtonDialog: Story = {
  name: 'In the login button (mode="qr")',
  tags: ['a11y-languages'],
  render: () => html`
    <iams-provider .client=${new FakeClient({ qrOutcome: 'pending', now: stoppedClock })}>
      <iams-login-button mode="qr"></iams-login-button>
    </iams-provider>
  `,
  play: async ({ canvasElement, globals }) => {
    const { dialog, qrLogin } = await openDialog(canvasElement);
    const text = messagesFor(localeOf(globals));
    await expect(dialog.open).toBe(true);
    await expect(dialog.querySelector('h2')?.textContent.trim()).toBe(text.loginLabel);
    await expect(dialog.getAttribute('aria-labelledby')).toBeTruthy();
    // showModal() focuses the first focusable control in the dialog: the rest of the page is inert.
    const focused = dialog.getRootNode() instanceof ShadowRoot ? (dialog.getRootNode() as ShadowRoot).activeElement : null;
    await expect(focused && dialog.contains(focused)).toBe(true);
    qrLogin.now = stoppedClock;
    await shows(parts(dialog), 'awaiting-scan');
  },
};

/**
 * "Close" closes the dialog, cancels the session and returns focus to the button. (Esc does the
 * same; a play function cannot press a real key, so the element's browser tests check Esc.)
 */
export const LoginButtonDialogClose: Story = {
  name: 'In the login button: Close',
  render: InLoginButtonDialog.render,
  play: async ({ canvasElement }) => {
    const { host, dialog, qrLogin } = await openDialog(canvasElement);
    await shows(parts(dialog), 'awaiting-scan');
    const session = sessionOf(qrLogin);
    const close = dialog.querySelector<HTMLButtonElement>('[part~="dialog-close"]');
    if (!close) throw new Error('the dialog has no Close button');
    await expect(close).toHaveTextContent(messagesFor('en').qr.close);
    await userEvent.click(close);
    await waitFor(() => expect(host.shadowRoot?.querySelector('dialog')).toBeNull());
    await expect(session.state).toBe('cancelled');
    await expect(host.shadowRoot?.activeElement).toBe(host.shadowRoot?.querySelector('[part="trigger"]'));
  },
};

async function openDialog(canvasElement: HTMLElement): Promise<{ host: HTMLElementTagNameMap['iams-login-button']; dialog: HTMLDialogElement; qrLogin: QrLoginElement }> {
  const host = canvasElement.querySelector('iams-login-button');
  const button = host?.shadowRoot?.querySelector<HTMLButtonElement>('[part="trigger"]');
  if (!host || !button) throw new Error('iams-login-button did not render');
  await userEvent.click(button);
  const dialog = await waitFor(() => {
    const found = host.shadowRoot?.querySelector('dialog');
    if (!found?.open) throw new Error('the dialog did not open');
    return found;
  });
  const qrLogin = dialog.querySelector('iams-qr-login');
  if (!qrLogin) throw new Error('the dialog has no iams-qr-login');
  return { host, dialog, qrLogin };
}

/** Whether the sandbox answers at its usual address with the device flow on. */
async function sandboxRunning(): Promise<boolean> {
  try {
    const response = await fetch(`${FAKE_ISSUER}/.well-known/openid-configuration`, { signal: AbortSignal.timeout(3000) });
    const discovery = (await response.json()) as { device_authorization_endpoint?: unknown };
    return response.ok && typeof discovery.device_authorization_endpoint === 'string';
  } catch {
    return false;
  }
}

/**
 * The real thing: `<iams-provider>` with the sandbox at http://localhost:8787 and the real SDK.
 * Scan the QR code with the phone-app simulator (http://localhost:8787/app: choose a picture or
 * paste the link) and approve. It needs the sandbox, with a client registered for Storybook's
 * origin (http://localhost:6006):
 *
 *     IAMS_SANDBOX_CLIENTS=stories/sandbox-clients.json npm start
 *
 * Without the sandbox it says so. Tagged `live`: the smoke test (`npm run test:storybook`) skips
 * it, and the docs page does not render it.
 */
export const Live: Story = {
  name: 'Live against the sandbox',
  tags: ['!autodocs', '!test', 'live'],
  loaders: [async () => ({ running: await sandboxRunning() })],
  render: ({ lang }, { loaded }) => {
    const log = eventLog();
    return loaded.running
      ? html`
          <iams-provider issuer=${FAKE_ISSUER} client-id="storybook" redirect-uri="${location.origin}/" @iams-state=${log.record} @iams-login=${log.record} @iams-error=${log.record}>
            <iams-qr-login lang=${ifDefined(lang)}></iams-qr-login>
          </iams-provider>
          ${log.element}
        `
      : html`<div lang="en" role="status" style="max-inline-size: 32rem; font: 1rem/1.5 system-ui, sans-serif">
          <p><strong>The sandbox is not running at ${FAKE_ISSUER}.</strong></p>
          <p>Start it with a client for this Storybook, then reload this story:</p>
          <pre style="white-space: pre-wrap"><code>IAMS_SANDBOX_CLIENTS=stories/sandbox-clients.json npm start</code></pre>
          ${location.origin === 'http://localhost:6006' ? nothing : html`<p>This Storybook runs at ${location.origin}; the client file registers http://localhost:6006.</p>`}
        </div>`;
  },
};
