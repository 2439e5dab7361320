import '@iamsmart/elements';
import { messagesFor } from '@iamsmart/elements';
import type { SessionState, IamSmartErrorCode } from '@iamsmart/sdk';
import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import { ifDefined } from 'lit/directives/if-defined.js';
import { styleMap } from 'lit/directives/style-map.js';
import { expect, fn, userEvent, waitFor } from 'storybook/test';
import { SPOKEN_CODE, stoppedClock } from './support/clock.js';
import { details, eventLog } from './support/event-log.js';
import { FakeClient, type FakeSignOutcome } from '../packages/elements/src/test-support/fake-client.js';
import { FakeSignSession, FAKE_DOCUMENT, FAKE_USER_CODE, fakeSignResult, type FakeSignEnding } from '../packages/elements/src/test-support/fake-session.js';
import { localeOf, type Locale } from './support/locales.js';

/** What a story shows: the trigger alone (`closed`), or the dialog open in one of the session's states (`hashing`: `starting` before the document is hashed). */
type StoryState = 'closed' | 'hashing' | SessionState;

/**
 * The story controls: the attribute (`document-name`), the scripted session's state (and the
 * failure behind a failed one), the time left, the element's `lang`, and the theme's CSS custom
 * properties from the API table.
 */
interface SignDialogArgs {
  'document-name': string;
  state: StoryState;
  /** With `denied`, `expired` or `error`: which failure. */
  ending?: FakeSignEnding;
  /** Seconds left on the code, on the story's stopped clock. */
  secondsLeft: number;
  lang?: Locale;
  /** Named as Storybook names the manifest's events, so these replace its default actions. */
  onIamsState: (event: Event) => void;
  onIamsSigned: (event: Event) => void;
  onIamsError: (event: Event) => void;
  [cssProperty: `--${string}`]: string | undefined;
}

type Story = StoryObj<SignDialogArgs>;


/** The document the stories sign: 12.4 kB, as the scripted session reports (nothing is really hashed). */
const SAMPLE = new Blob([new Uint8Array(FAKE_DOCUMENT.size ?? 0)], { type: 'application/pdf' });

function cssCustomProperties(args: SignDialogArgs): Record<string, string> {
  return Object.fromEntries(
    Object.entries(args).filter((entry): entry is [string, string] => entry[0].startsWith('--') && typeof entry[1] === 'string' && entry[1] !== ''),
  );
}

/** A client whose signings stay in the story's state (or, closed, wait for a scan). */
function clientFor({ state, ending, secondsLeft }: SignDialogArgs): FakeClient {
  if (state === 'closed') return new FakeClient({ signOutcome: 'pending', now: stoppedClock });
  const signState = state === 'hashing' ? { state: 'starting' as const, hashing: true } : { state, ending, secondsLeft };
  return new FakeClient({ signState, now: stoppedClock });
}

/**
 * `<iams-sign-dialog>`: "Signing with iAM Smart" and its dialog. Every state here is a scripted
 * signing (no network, no sandbox, a stopped clock) from a scripted client in `<iams-provider>`;
 * each story's play function opens the dialog, as a click on the button does. "Scripted signing"
 * runs a whole signing on timers.
 */
const meta = {
  title: 'Components/Signing dialog',
  id: 'sign-dialog',
  component: 'iams-sign-dialog',
  args: {
    'document-name': FAKE_DOCUMENT.name,
    state: 'awaiting-scan',
    secondsLeft: 180,
    onIamsState: fn(),
    onIamsSigned: fn(),
    onIamsError: fn(),
  },
  argTypes: {
    state: {
      description: "Storybook only: the dialog closed, or the scripted session's state once opened (`hashing`: `starting` before the document is hashed).",
      control: 'select',
      options: ['closed', 'hashing', 'starting', 'awaiting-scan', 'scanned', 'approved', 'done', 'denied', 'expired', 'error'],
      table: { category: 'story' },
    },
    ending: {
      description: 'Storybook only: the failure behind `denied` (`declined`, `code_mismatch`, `scanned_elsewhere`), `expired` or `error` (`signing_failed`, `signature_invalid`, `document_invalid`, `invalid_config`, `network_error`, `rate_limited`).',
      control: 'select',
      options: ['declined', 'code_mismatch', 'scanned_elsewhere', 'expired', 'signing_failed', 'signature_invalid', 'document_invalid', 'invalid_config', 'network_error', 'rate_limited'],
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
    <iams-provider .client=${clientFor(args)}>
      <iams-sign-dialog
        document-name=${args['document-name']}
        lang=${ifDefined(args.lang)}
        .document=${SAMPLE}
        .now=${stoppedClock}
        style=${styleMap(cssCustomProperties(args))}
        @iams-state=${args.onIamsState}
        @iams-signed=${args.onIamsSigned}
        @iams-error=${args.onIamsError}
      ></iams-sign-dialog>
    </iams-provider>
  `,
} satisfies Meta<SignDialogArgs>;

export default meta;

/** The element's shadow parts (and its QR login's) a story checks. */
function parts(root: ParentNode) {
  const host = root.querySelector('iams-sign-dialog');
  const shadow = host?.shadowRoot;
  if (!host || !shadow) throw new Error('iams-sign-dialog did not render');
  const part = (name: string) => shadow.querySelector<HTMLElement>(`[part~="${name}"]`);
  const text = (element: Element | null | undefined) => element?.textContent.replace(/\s+/g, ' ').trim();
  const qrLogin = () => shadow.querySelector('iams-qr-login');
  const qrPart = (name: string) => qrLogin()?.shadowRoot?.querySelector<HTMLElement>(`[part~="${name}"]`) ?? null;
  return {
    host,
    trigger: () => shadow.querySelector<HTMLButtonElement>('button[part~="trigger"]'),
    dialog: () => shadow.querySelector('dialog'),
    heading: () => text(shadow.querySelector('#sign-dialog-heading')),
    close: () => shadow.querySelector<HTMLButtonElement>('button[part~="dialog-close"]'),
    document: () => text(part('document')),
    fingerprint: () => text(part('document')?.querySelector('.fingerprint')),
    progress: () => text(part('progress')),
    failure: () => text(part('failure')),
    result: () => part('result'),
    resultTitle: () => text(part('result')?.querySelector('h3')),
    download: () => shadow.querySelector<HTMLAnchorElement>('a[part~="download"]'),
    done: () => shadow.querySelector<HTMLButtonElement>('button[part~="done"]'),
    status: () => text(part('dialog')?.querySelector(':scope > [role="status"]')),
    qrLogin,
    qr: () => qrPart('qr'),
    stageTitle: () => text(qrPart('stage')?.querySelector('.title')),
    qrMessage: () => text(qrPart('message')),
    code: () => text(qrPart('code')),
    countdown: () => text(qrPart('countdown')),
    newCode: () => qrLogin()?.shadowRoot?.querySelector<HTMLButtonElement>('button[part~="new-code"]') ?? null,
  };
}

type Parts = ReturnType<typeof parts>;

function required<T>(value: T | null | undefined, what: string): T {
  if (value === null || value === undefined) throw new Error(`no ${what}`);
  return value;
}

/** The `detail` of every event a story's action received, oldest first. */
/** Opens the dialog as the button does, and waits until it shows `state` (a QR code may take its encoder's first load). */
async function opened(canvasElement: HTMLElement, state: StoryState): Promise<Parts> {
  const view = parts(canvasElement);
  await view.host.open();
  await waitFor(() => expect(view.dialog()?.open).toBe(true));
  await shows(view, state);
  return view;
}

async function shows(view: Parts, state: StoryState): Promise<void> {
  if (state === 'hashing') await waitFor(() => expect(view.progress()).toBeTruthy());
  else if (state === 'done') await waitFor(() => expect(view.result()).toBeTruthy());
  else if (state === 'awaiting-scan') await waitFor(() => expect(view.qr()).toBeTruthy());
  else await waitFor(() => expect(view.qrLogin()?.shadowRoot?.querySelector('[part~="stage"]')).toHaveAttribute('data-state', state));
  await view.host.updateComplete;
  await view.qrLogin()?.updateComplete;
}

/** The scripted session the dialog shows. */
function sessionOf(canvasElement: HTMLElement): FakeSignSession {
  const client = canvasElement.querySelector('iams-provider')?.client;
  const session = client instanceof FakeClient ? client.signingSessions.at(-1) : undefined;
  if (!session) throw new Error('no scripted signing session');
  return session;
}

/** "Signing with iAM Smart" in iAM Smart's own words, in `lang`; the dialog stays closed. */
function trigger(lang: Locale): Story {
  return {
    args: { lang, state: 'closed' },
    globals: { locale: lang },
    play: async ({ canvasElement }) => {
      const view = parts(canvasElement);
      await expect(view.trigger()).toHaveTextContent(messagesFor(lang).sign.label);
      await expect(view.dialog()).toBeNull();
    },
  };
}

/** The trigger alone: the dialog's code is not loaded until it opens. */
export const Trigger: Story = { ...trigger('en'), name: 'Trigger' };

/** 「智方便數碼簽署」. */
export const TriggerZhHK: Story = { ...trigger('zh-HK'), name: 'Trigger (繁體中文)' };

/** 「智方便数码签署」. */
export const TriggerZhCN: Story = { ...trigger('zh-CN'), name: 'Trigger (简体中文)' };

/** The document is hashed in the browser (a large one takes a moment): its name, and "Preparing the document…". */
export const Hashing: Story = {
  name: 'Hashing the document',
  args: { state: 'hashing' },
  play: async ({ canvasElement, args }) => {
    const view = await opened(canvasElement, 'hashing');
    const text = messagesFor('en').sign;
    await expect(view.progress()).toBe(text.preparing);
    await expect(view.status()).toBe(text.preparing);
    await expect(view.document()).toBe(`${text.document} ${FAKE_DOCUMENT.name}`);
    await expect(details<{ state: string }>(args.onIamsState)).toEqual([expect.objectContaining({ state: 'starting' })]);
  },
};

/** Hashed: the size and fingerprint are known, the QR code is on its way. */
export const Starting: Story = {
  args: { state: 'starting' },
  play: async ({ canvasElement }) => {
    const view = await opened(canvasElement, 'starting');
    await expect(view.fingerprint()).toBe(FAKE_DOCUMENT.fingerprint);
    await expect(view.stageTitle()).toBe(messagesFor('en').qr.starting);
  },
};

/** The document (name, size, fingerprint to compare with the app), the QR code, the identification code and the countdown, in `lang`. */
function awaitingScan(lang: Locale): Story {
  const text = messagesFor(lang);
  return {
    args: { lang },
    globals: { locale: lang },
    play: async ({ canvasElement, args }) => {
      const view = await opened(canvasElement, 'awaiting-scan');
      await expect(view.heading()).toBe(text.sign.label);
      await expect(view.document()).toContain(FAKE_DOCUMENT.name);
      await expect(view.document()).toContain(text.sign.fingerprintHint);
      await expect(view.fingerprint()).toBe(FAKE_DOCUMENT.fingerprint);
      await expect(view.qr()).toHaveAttribute('aria-label', text.sign.qr.qrName.replace('{code}', SPOKEN_CODE));
      await expect(view.code()).toContain(FAKE_USER_CODE);
      await expect(view.countdown()).toBe(text.qr.expiresIn.replace('{time}', '3:00'));
      await expect(details<{ state: string }>(args.onIamsState).map(({ state }) => state)).toEqual(['awaiting-scan']);
    },
  };
}

export const AwaitingScan: Story = { ...awaitingScan('en'), name: 'Awaiting scan' };

/** 「文件指紋」, 「識別碼」, 「二維碼」. */
export const AwaitingScanZhHK: Story = { ...awaitingScan('zh-HK'), name: 'Awaiting scan (繁體中文)' };

/** 「文件指纹」, 「识别码」, 「二维码」. */
export const AwaitingScanZhCN: Story = { ...awaitingScan('zh-CN'), name: 'Awaiting scan (简体中文)' };

/** The app opened the request: the resident checks the fingerprint and the code on the phone. */
export const Scanned: Story = {
  args: { state: 'scanned', secondsLeft: 150 },
  play: async ({ canvasElement }) => {
    const view = await opened(canvasElement, 'scanned');
    await expect(view.stageTitle()).toBe(messagesFor('en').qr.scanned);
    await expect(view.countdown()).toBe(messagesFor('en').qr.expiresIn.replace('{time}', '2:30'));
  },
};

/** Approved in the app: the SDK asks the signing service to sign and verifies the result. */
export const Approved: Story = {
  args: { state: 'approved' },
  play: async ({ canvasElement }) => {
    const view = await opened(canvasElement, 'approved');
    await expect(view.stageTitle()).toBe(messagesFor('en').sign.qr.approved);
    await expect(view.newCode()).toBeNull();
  },
};

/** Signed: the signer, the time, the certificate, "Download signature" (the result as JSON) and "Done"; `iams-signed` with the verified result. */
function done(lang: Locale): Story {
  return {
    args: { lang, state: 'done' },
    globals: { locale: lang },
    play: async ({ canvasElement, args }) => {
      // Read here, not when the story is defined: the strings are loaded before a story (decision 042).
      const text = messagesFor(lang).sign;
      const view = await opened(canvasElement, 'done');
      const result = fakeSignResult({}, FAKE_DOCUMENT);
      await expect(view.resultTitle()).toBe(text.signed);
      await expect(view.result()).toHaveTextContent(result.signer);
      await expect(view.result()).toHaveTextContent(result.certificate.fingerprintSha256);
      await expect(view.download()).toHaveAttribute('download', `${FAKE_DOCUMENT.name}.signature.json`);
      await expect(view.done()).toHaveTextContent(text.done);
      await expect(details(args.onIamsSigned)).toEqual([result]);
      const downloaded: unknown = await (await fetch(view.download()?.href ?? '')).json();
      await expect(downloaded).toEqual(result);
    },
  };
}

export const Done: Story = { ...done('en'), name: 'Signed' };

export const DoneZhHK: Story = { ...done('zh-HK'), name: 'Signed (繁體中文)' };

export const DoneZhCN: Story = { ...done('zh-CN'), name: 'Signed (简体中文)' };

/**
 * A failure the QR login shows, in signing words, with its button ("Try again" or "Get a new
 * code"); `iams-error` with the code comes from the dialog. In the page's language: each story
 * tags itself `a11y-languages` (the indexer reads tags from the export) to run in all three.
 */
function failed(state: 'denied' | 'expired' | 'error', ending: FakeSignEnding, code: IamSmartErrorCode, button: 'tryAgain' | 'newCode'): Story {
  return {
    args: { state, ending },
    play: async ({ canvasElement, args, globals }) => {
      const view = await opened(canvasElement, state);
      const text = messagesFor(localeOf(globals));
      const title = { denied: text.sign.qr.denied, expired: text.qr.expired, error: text.sign.qr.failed }[state];
      await expect(view.stageTitle()).toBe(title);
      await expect(view.qrMessage()).toBe((text.sign.errors as Record<string, string>)[code]);
      await expect(view.newCode()).toHaveTextContent(text.qr[button]);
      await expect(details(args.onIamsError)).toEqual([expect.objectContaining({ code })]);
    },
  };
}

/** The resident chose "Decline" in the app: the signing was not approved, nothing was signed. */
export const DeniedDeclined: Story = { ...failed('denied', 'declined', 'access_denied', 'tryAgain'), name: 'Denied (declined)', tags: ['a11y-languages'] };

/** The resident tapped an identification code that is not the one shown here: stopped for safety. */
export const DeniedCodeMismatch: Story = { ...failed('denied', 'code_mismatch', 'code_mismatch', 'tryAgain'), name: 'Denied (code mismatch)', tags: ['a11y-languages'] };

/**
 * The code was opened on a second phone: the signing is bound to the first phone, so a second one
 * stops it for safety, and nothing was signed. "Try again" signs the same document with a new code.
 */
const scannedElsewhere = failed('denied', 'scanned_elsewhere', 'scanned_elsewhere', 'tryAgain');
export const DeniedScannedElsewhere: Story = {
  ...scannedElsewhere,
  name: 'Denied (scanned on another phone)',
  tags: ['a11y-languages'],
  play: async (context) => {
    await scannedElsewhere.play?.(context);
    const view = parts(context.canvasElement);
    // The English words themselves, so a change to the string is seen here too (the Chinese ones are in the snapshots).
    if (localeOf(context.globals) === 'en') await expect(view.qrMessage()).toMatch(/^This QR code was scanned on more than one phone, so the signing was stopped for your safety\. Nothing was signed\..*your own phone only\.$/);
    await expect(view.result()).toBeNull();
    await expect(details(context.args.onIamsSigned)).toEqual([]);
  },
};

/** The code ran out of time; "Get a new QR code" signs the same document with a new code. */
export const Expired: Story = { ...failed('expired', 'expired', 'session_expired', 'newCode'), tags: ['a11y-languages'] };

/** The signing service refused to sign (e.g. the approval did not cover the hash). */
export const SigningFailed: Story = { ...failed('error', 'signing_failed', 'signing_failed', 'tryAgain'), name: 'Error (signing failed)', tags: ['a11y-languages'] };

/** The signature did not verify against the signer's certificate and the trust anchors: never reported as signed. */
export const SignatureInvalid: Story = { ...failed('error', 'signature_invalid', 'signature_invalid', 'tryAgain'), name: 'Error (signature invalid)', tags: ['a11y-languages'] };

/** The connection to iAM Smart was lost for good (after retries). */
export const NetworkError: Story = { ...failed('error', 'network_error', 'network_error', 'tryAgain'), name: 'Error (network)', tags: ['a11y-languages'] };

/** A failure a new code cannot mend: the dialog says why, with only Close. In the page's language. */
function final(ending: 'document_invalid' | 'invalid_config'): Story {
  return {
    args: { state: 'error', ending },
    play: async ({ canvasElement, args, globals }) => {
      const view = parts(canvasElement);
      await view.host.open();
      const messages = messagesFor(localeOf(globals));
      const text = messages.sign;
      await waitFor(() => expect(view.failure()).toBe(`${text.qr.failed} ${text.errors[ending]}`));
      await expect(view.qrLogin()).toBeNull();
      await expect([...(view.dialog()?.querySelectorAll('button') ?? [])].map((button) => button.textContent.trim())).toEqual([messages.qr.close]);
      await expect(details(args.onIamsError)).toEqual([expect.objectContaining({ code: ending })]);
    },
  };
}

/** The SDK refused the document (empty, or over the 100 MiB limit) before sending anything. */
export const DocumentInvalid: Story = { ...final('document_invalid'), name: 'Document refused', tags: ['a11y-languages'] };

/** The page's `<iams-provider>` has no signing trust anchors: nothing can be verified, so nothing is sent. */
export const InvalidConfig: Story = { ...final('invalid_config'), name: 'Signing not set up', tags: ['a11y-languages'] };

/** `open()` with no document set: the dialog says the document cannot be signed; the client is asked for nothing. In the page's language (`a11y-languages`). */
export const NoDocument: Story = {
  name: 'No document',
  tags: ['a11y-languages'],
  args: { state: 'closed' },
  render: (args) => html`
    <iams-provider .client=${clientFor(args)}>
      <iams-sign-dialog document-name=${args['document-name']} .now=${stoppedClock} @iams-error=${args.onIamsError}></iams-sign-dialog>
    </iams-provider>
  `,
  play: async ({ canvasElement, args, globals }) => {
    const view = parts(canvasElement);
    await view.host.open();
    const text = messagesFor(localeOf(globals)).sign;
    await waitFor(() => expect(view.failure()).toBe(`${text.qr.failed} ${text.errors.document_invalid}`));
    await expect(details(args.onIamsError)).toEqual([expect.objectContaining({ code: 'document_invalid' })]);
    const client = canvasElement.querySelector('iams-provider')?.client;
    await expect(client instanceof FakeClient ? client.signCalls : undefined).toEqual([]);
  },
};

/** No `<iams-provider>` around it and no `client` set: signing is not available here. In the page's language (`a11y-languages`). */
export const WithoutProvider: Story = {
  name: 'Without a provider',
  tags: ['a11y-languages'],
  render: () => html`<iams-sign-dialog document-name="Tenancy agreement.pdf" .document=${SAMPLE}></iams-sign-dialog>`,
  play: async ({ canvasElement, globals }) => {
    const view = parts(canvasElement);
    await view.host.open();
    await waitFor(() => expect(view.failure()).toContain(messagesFor(localeOf(globals)).sign.notConfigured));
  },
};

/** On a page that declares `color-scheme: dark`: the QR code keeps dark modules on white, the rest turns light on dark. */
export const DarkPage: Story = {
  name: 'Dark page',
  globals: { backgrounds: { value: 'dark' } },
  play: async ({ canvasElement }) => {
    await opened(canvasElement, 'awaiting-scan');
  },
};

/** Signed, on a dark page. */
export const DarkPageSigned: Story = {
  name: 'Dark page, signed',
  args: { state: 'done' },
  globals: { backgrounds: { value: 'dark' } },
  play: async ({ canvasElement }) => {
    await opened(canvasElement, 'done');
  },
};

/** Themed through the custom properties: another brand colour and font. */
export const Themed: Story = {
  args: { state: 'closed', '--iams-brand-color': '#1f3a5f', '--iams-font-family': 'Georgia, serif' },
  play: async ({ canvasElement }) => {
    const view = parts(canvasElement);
    await expect(getComputedStyle(required(view.trigger(), 'trigger')).backgroundColor).toBe('rgb(31, 58, 95)');
  },
};

/**
 * One signing through every step, moved on by the play function as the app would: the dialog's
 * `iams-state` once per transition, `iams-signed` once, and what the live regions say. In the
 * page's language: the smoke test runs it in all three (`a11y-languages`).
 */
export const Walkthrough: Story = {
  name: 'Walkthrough: every transition',
  tags: ['a11y-languages'],
  args: { state: 'hashing' },
  render: (args) => {
    const log = eventLog();
    return html`
      <div @iams-state=${log.record} @iams-signed=${log.record} @iams-error=${log.record}>${meta.render(args)}</div>
      ${log.element}
    `;
  },
  play: async ({ canvasElement, args, step, globals }) => {
    const view = await opened(canvasElement, 'hashing');
    const session = sessionOf(canvasElement);
    const text = messagesFor(localeOf(globals));
    await step('hashed: the fingerprint appears', async () => {
      session.to('starting');
      await shows(view, 'starting');
      await expect(view.fingerprint()).toBe(FAKE_DOCUMENT.fingerprint);
    });
    for (const state of ['awaiting-scan', 'scanned', 'approved'] as const) {
      await step(state, async () => {
        session.to(state);
        await shows(view, state);
      });
    }
    await step('done: "Signed by CHAN Tai Man."', async () => {
      session.to('done');
      await shows(view, 'done');
      await expect(view.status()).toBe(text.sign.signedBy.replace('{signer}', 'CHAN Tai Man'));
    });
    await expect(details<{ state: string }>(args.onIamsState).map(({ state }) => state)).toEqual(['starting', 'awaiting-scan', 'scanned', 'approved', 'done']);
    await expect(args.onIamsSigned).toHaveBeenCalledTimes(1);
    await expect(canvasElement.querySelector('[role="log"]')).toHaveTextContent('CHAN Tai Man signed');
  },
};

/** Declined, then "Try again": a new code for the same document (not hashed again). In the page's language (`a11y-languages`). */
export const RetryAfterDecline: Story = {
  name: 'Declined, then "Try again"',
  tags: ['a11y-languages'],
  args: { state: 'denied', ending: 'declined' },
  play: async ({ canvasElement, args }) => {
    const view = await opened(canvasElement, 'denied');
    await userEvent.click(required(view.newCode(), '"Try again" button'));
    await expect(sessionOf(canvasElement).refreshCalls).toBe(1);
    await shows(view, 'awaiting-scan');
    await expect(view.fingerprint()).toBe(FAKE_DOCUMENT.fingerprint);
    await expect(details<{ state: string }>(args.onIamsState).map(({ state }) => state)).toEqual(['denied', 'starting', 'awaiting-scan']);
  },
};

/** "Close" closes the dialog, cancels the signing and returns focus to the button. (Esc does the same: the element's browser tests check it.) */
export const Close: Story = {
  args: { state: 'awaiting-scan' },
  play: async ({ canvasElement, args }) => {
    const view = parts(canvasElement);
    await userEvent.click(required(view.trigger(), 'trigger'));
    await waitFor(() => expect(view.dialog()?.open).toBe(true));
    await shows(view, 'awaiting-scan');
    await userEvent.click(required(view.close(), 'Close button'));
    await waitFor(() => expect(view.dialog()).toBeNull());
    await expect(sessionOf(canvasElement).state).toBe('cancelled');
    await expect(view.host.shadowRoot?.activeElement).toBe(view.trigger());
    await expect(details<{ state: string }>(args.onIamsState).map(({ state }) => state)).toEqual(['awaiting-scan', 'cancelled']);
  },
};

interface ScriptedArgs extends SignDialogArgs {
  /** How the scripted client's signings go. */
  signOutcome: FakeSignOutcome;
}

/**
 * A whole signing as a page runs it, on timers: the click opens the dialog, the document is
 * hashed, the resident scans after 3 s and approves 2 s later, and the result shows. Change
 * `signOutcome` to see a failure.
 */
export const ScriptedSigning: StoryObj<ScriptedArgs> = {
  name: 'Scripted signing (with a provider)',
  args: { signOutcome: 'success' },
  argTypes: {
    signOutcome: {
      description: "Storybook only: how the scripted client's signings go.",
      control: 'select',
      options: ['success', 'pending', 'declined', 'code_mismatch', 'scanned_elsewhere', 'expired', 'signing_failed', 'signature_invalid', 'document_invalid', 'invalid_config', 'network_error'],
      table: { category: 'story' },
    },
  },
  render: ({ signOutcome, lang }) => {
    const log = eventLog();
    return html`
      <iams-provider .client=${new FakeClient({ signOutcome })} @iams-state=${log.record} @iams-signed=${log.record} @iams-error=${log.record}>
        <iams-sign-dialog document-name=${FAKE_DOCUMENT.name} lang=${ifDefined(lang)} .document=${SAMPLE}></iams-sign-dialog>
      </iams-provider>
      ${log.element}
    `;
  },
  play: async ({ canvasElement, args, step }) => {
    if (args.signOutcome !== 'success') return;
    const view = parts(canvasElement);
    const log = canvasElement.querySelector('[role="log"]');
    await step('a click opens the dialog and starts the signing', async () => {
      await userEvent.click(required(view.trigger(), 'trigger'));
      await waitFor(() => expect(view.dialog()?.open).toBe(true));
    });
    await step('hashed, scanned, approved, signed', async () => {
      await waitFor(() => expect(log).toHaveTextContent('iams-signed'), { timeout: 10_000 });
      await shows(view, 'done');
    });
  },
};
