import '@iamsmart/elements';
import { messagesFor, type IamsNotifyDetail } from '@iamsmart/elements';
import { IamSmartError } from '@iamsmart/sdk';
import type { IamSmartErrorCode, NotificationSettings } from '@iamsmart/sdk';
import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import { ifDefined } from 'lit/directives/if-defined.js';
import { expect, fn, waitFor } from 'storybook/test';
import { FakeClient } from '../packages/elements/src/test-support/fake-client.js';
import { details } from './support/event-log.js';
import { stoppedClock } from './support/clock.js';
import { localeOf, type Locale } from './support/locales.js';
import { shadowOf } from './support/shadow.js';

/**
 * What a story shows: the element in one of its own states, or with the confirmation's dialog
 * open (`confirming`: the request waits in the app; `hosted`: iAM Smart's page; `declined`).
 */
type StoryState = 'loading' | 'unavailable' | 'login-required' | 'failed' | 'choose' | 'none-chosen' | 'confirming' | 'hosted' | 'declined' | 'subscribed' | 'changing' | 'stopped' | 'stop-failed';

interface NotifyOptinArgs {
  state: StoryState;
  topics?: string;
  lang?: Locale;
  onIamsNotify: (event: Event) => void;
  onIamsState: (event: Event) => void;
  onIamsError: (event: Event) => void;
}

type Story = StoryObj<NotifyOptinArgs>;

const failure = (code: IamSmartErrorCode) => () => Promise.reject(new IamSmartError(code, `Scripted failure: ${code}`));

/** A client for the story's state: backend mode (but `unavailable`), the demo library's two topics. */
function clientFor({ state }: NotifyOptinArgs): FakeClient {
  const subscribed = ['subscribed', 'changing', 'stopped', 'stop-failed'].includes(state);
  switch (state) {
    case 'unavailable':
      return new FakeClient({ now: stoppedClock });
    case 'loading':
      return new FakeClient({ backend: true, notifications: () => new Promise<NotificationSettings>(() => undefined) });
    case 'login-required':
      return new FakeClient({ backend: true, notifications: failure('login_required') });
    case 'failed':
      return new FakeClient({ backend: true, notifications: failure('backend_unavailable') });
    default:
      return new FakeClient({
        backend: true,
        now: stoppedClock,
        consented: subscribed ? ['reservation-ready'] : [],
        notifyState: state === 'declined' ? { state: 'denied', ending: 'declined' } : { state: 'awaiting-scan', channel: state === 'hosted' ? 'hosted' : 'app', secondsLeft: 240 },
        ...(state === 'stop-failed' ? { stopNotifications: failure('backend_unavailable') } : {}),
      });
  }
}

/**
 * `<iams-notify-optin>` (decision 059): on a page of a resident logged in through the website's
 * backend, "Get updates in iAM Smart" for the topics the website declares, confirmed in the app,
 * then the topics the resident gets with "Change topics" and "Stop updates". Every state is
 * scripted (no network, a stopped clock); each play function goes as a resident would.
 */
const meta = {
  title: 'Components/Notifications opt-in',
  id: 'notify-optin',
  component: 'iams-notify-optin',
  args: {
    state: 'choose',
    onIamsNotify: fn(),
    onIamsState: fn(),
    onIamsError: fn(),
  },
  argTypes: {
    state: {
      description: 'Storybook only: the element’s state, or the confirmation’s dialog (in the app, on iAM Smart’s page, declined).',
      control: 'select',
      options: ['loading', 'unavailable', 'login-required', 'failed', 'choose', 'none-chosen', 'confirming', 'hosted', 'declined', 'subscribed', 'changing', 'stopped', 'stop-failed'],
      table: { category: 'story' },
    },
    topics: { control: 'text' },
    lang: { control: 'inline-radio', options: ['en', 'zh-HK', 'zh-CN'] },
  },
  render: (args) => html`
    <iams-provider .client=${clientFor(args)}>
      <iams-notify-optin
        lang=${ifDefined(args.lang)}
        topics=${ifDefined(args.topics)}
        .now=${stoppedClock}
        @iams-notify=${args.onIamsNotify}
        @iams-state=${args.onIamsState}
        @iams-error=${args.onIamsError}
      ></iams-notify-optin>
    </iams-provider>
  `,
} satisfies Meta<NotifyOptinArgs>;

export default meta;

/** What the stories read of the element (and of its dialog's QR login). */
function parts(root: HTMLElement) {
  const { host, shadow, part, text } = shadowOf(root, 'iams-notify-optin');
  return {
    host,
    part,
    boxes: () => [...shadow.querySelectorAll<HTMLInputElement>('input[type="checkbox"]')],
    trigger: () => shadow.querySelector<HTMLButtonElement>('button[part~="trigger"]'),
    dialog: () => shadow.querySelector('dialog'),
    stage: () => shadow.querySelector('iams-qr-login')?.shadowRoot?.querySelector<HTMLElement>('[part~="stage"]') ?? null,
    status: () => text(part('panel')?.querySelector(':scope > [role="status"]')),
  };
}

type Parts = ReturnType<typeof parts>;

/** The element reaches `state` (its own), rendered. */
async function reached(canvasElement: HTMLElement, state: string): Promise<Parts> {
  const view = parts(canvasElement);
  await waitFor(() => expect(view.host.state).toBe(state));
  await view.host.updateComplete;
  return view;
}

/** A story whose play function waits for the element's `reach` state, then checks it (in the page's language, `lang`). */
const atState = (state: StoryState, reach: string, check: (view: Parts, args: NotifyOptinArgs, lang: Locale) => Promise<void>): Story => ({
  args: { state },
  play: async ({ canvasElement, args, globals }) => {
    await check(await reached(canvasElement, reach), args, localeOf(globals));
  },
});


/** "Get updates in iAM Smart": the dialog opens on the request. */
async function confirming(canvasElement: HTMLElement): Promise<Parts> {
  const view = await reached(canvasElement, 'choose');
  view.trigger()?.click();
  await waitFor(() => expect(view.dialog()?.open).toBe(true));
  await waitFor(() => expect(view.stage()).toBeTruthy());
  await view.host.updateComplete;
  return view;
}

/** Reading the website's topics and the resident's choice. */
export const Loading: Story = atState('loading', 'loading', async (view) => {
  await expect(view.part('progress')).toHaveTextContent(messagesFor('en').notify.loading);
});

/** OpenID Connect mode: updates need the website's own iAM Smart service; no control. */
export const Unavailable: Story = {
  ...atState('unavailable', 'unavailable', async (view, _args, lang) => {
    await expect(view.part('message')).toHaveTextContent(messagesFor(lang).notify.unavailable);
    await expect(view.trigger()).toBeNull();
  }),
  tags: ['a11y-languages'],
};

/** Nobody is logged in on the website: log in with iAM Smart first. */
export const LoginRequired: Story = {
  ...atState('login-required', 'login-required', async (view, _args, lang) => {
    await expect(view.part('message')).toHaveTextContent(messagesFor(lang).notify.loginRequired);
  }),
  name: 'Login required',
  tags: ['a11y-languages'],
};

/** The website's service could not be reached: said where it happened, with Try again; `iams-error`. */
export const Failed: Story = {
  ...atState('failed', 'failed', async (view, args, lang) => {
    await expect(view.part('error')).toHaveTextContent(messagesFor(lang).notify.errors.backend_unavailable);
    await expect(details<{ code: string }>(args.onIamsError).map(({ code }) => code)).toEqual(['backend_unavailable']);
  }),
  tags: ['a11y-languages'],
};

/** A story of `state` in `lang` (the toolbar's locale too), whose play function gets there and checks it. */
function inLang(lang: Locale, state: StoryState, play: (canvasElement: HTMLElement, lang: Locale) => Promise<unknown>): Story {
  return {
    args: { lang, state },
    globals: { locale: lang },
    play: async ({ canvasElement }) => {
      await play(canvasElement, lang);
    },
  };
}

const choose = (lang: Locale): Story =>
  inLang(lang, 'choose', async (canvasElement) => {
    const text = messagesFor(lang).notify;
    const view = await reached(canvasElement, 'choose');
    await expect(view.part('topics')?.querySelector('legend')).toHaveTextContent(text.choose);
    await expect(view.boxes().map((box) => box.checked)).toEqual([true, true]);
    await expect(view.trigger()).toHaveTextContent(text.label);
  });

/** The website's topics, every one ticked, and "Get updates in iAM Smart". */
export const Choose: Story = { ...choose('en'), name: 'Choose' };

/** 「在「智方便」接收通知」. */
export const ChooseZhHK: Story = { ...choose('zh-HK'), name: 'Choose (繁體中文)' };

export const ChooseZhCN: Story = { ...choose('zh-CN'), name: 'Choose (简体中文)' };

/** Narrowed by `topics="reservation-ready"`: only that one is offered. */
export const OneTopic: Story = {
  ...atState('choose', 'choose', async (view) => {
    await expect(view.boxes().length).toBe(1);
  }),
  name: 'One topic (topics attribute)',
  args: { state: 'choose', topics: 'reservation-ready' },
};

/** Nothing ticked: the button is disabled and says why. */
export const NoneChosen: Story = {
  ...atState('none-chosen', 'choose', async (view) => {
    for (const box of view.boxes()) box.click();
    await view.host.updateComplete;
    await expect(view.trigger()).toBeDisabled();
    await expect(view.part('reason')).toHaveTextContent(messagesFor('en').notify.noneChosen);
  }),
  name: 'None chosen',
};

const confirm = (lang: Locale): Story =>
  inLang(lang, 'confirming', async (canvasElement) => {
    const view = await confirming(canvasElement);
    await expect(view.stage()).toHaveTextContent(messagesFor(lang).qr.appTitle);
  });

/** The confirmation: the request waits in the resident's iAM Smart app, in the shared dialog. */
export const Confirming: Story = { ...confirm('en'), name: 'Confirming in the app' };

export const ConfirmingZhHK: Story = { ...confirm('zh-HK'), name: 'Confirming in the app (繁體中文)' };

export const ConfirmingZhCN: Story = { ...confirm('zh-CN'), name: 'Confirming in the app (简体中文)' };

/** A story whose play function opens the dialog on the request, then checks it (in the page's language, `lang`). */
const inDialog = (state: StoryState, check: (view: Parts, args: NotifyOptinArgs, lang: Locale) => Promise<void>): Story => ({
  args: { state },
  play: async ({ canvasElement, args, globals }) => {
    await check(await confirming(canvasElement), args, localeOf(globals));
  },
});

/** Not logged in on the phone: "Continue on iAM Smart's page" in a new tab. */
export const Hosted: Story = {
  ...inDialog('hosted', async (view) => {
    await expect(view.stage()).toHaveTextContent(messagesFor('en').qr.hostedLink);
  }),
  name: 'Confirming on iAM Smart’s page',
};

/** Declined in the app: said in the dialog; `iams-error` with `access_denied`. */
export const Declined: Story = {
  ...inDialog('declined', async (view, args, lang) => {
    await expect(view.stage()).toHaveTextContent(messagesFor(lang).notify.qr.denied);
    await expect(details<{ code: string }>(args.onIamsError).map(({ code }) => code)).toEqual(['access_denied']);
  }),
  tags: ['a11y-languages'],
};

const subscribed = (lang: Locale): Story =>
  inLang(lang, 'subscribed', async (canvasElement) => {
    const text = messagesFor(lang).notify;
    const view = await reached(canvasElement, 'subscribed');
    await expect(view.part('change')).toHaveTextContent(text.change);
    await expect(view.part('stop')).toHaveTextContent(text.stop);
  });

/** The topics the resident gets, with "Change topics" and "Stop updates". */
export const Subscribed: Story = { ...subscribed('en'), name: 'Subscribed' };

export const SubscribedZhHK: Story = { ...subscribed('zh-HK'), name: 'Subscribed (繁體中文)' };

export const SubscribedZhCN: Story = { ...subscribed('zh-CN'), name: 'Subscribed (简体中文)' };

/** "Change topics": the current ones ticked, with Cancel. */
export const Changing: Story = {
  ...atState('changing', 'subscribed', async (view) => {
    view.part('change')?.click();
    await waitFor(() => expect(view.host.state).toBe('choose'));
    await view.host.updateComplete;
    await expect(view.boxes().map((box) => box.checked)).toEqual([true, false]);
    await expect(view.part('cancel')).toBeTruthy();
  }),
  name: 'Changing topics',
};

/** "Stop updates": back to the choice, announced; `iams-notify` with nothing consented. */
export const Stopped: Story = atState('stopped', 'subscribed', async (view, args) => {
  view.part('stop')?.click();
  await waitFor(() => expect(view.host.state).toBe('choose'));
  await expect(view.status()).toBe(messagesFor('en').notify.stopped);
  await expect(details<IamsNotifyDetail>(args.onIamsNotify)).toEqual([{ consented: [] }]);
});

/** A stop that failed: the choice stays as it was, the message under it. */
export const StopFailed: Story = {
  ...atState('stop-failed', 'subscribed', async (view, _args, lang) => {
    view.part('stop')?.click();
    await waitFor(() => expect(view.part('error')).toHaveTextContent(messagesFor(lang).notify.errors.backend_unavailable));
    await expect(view.host.state).toBe('subscribed');
  }),
  name: 'Stop failed',
  tags: ['a11y-languages'],
};

/**
 * One opt-in through every step, on the scripted client's timers: both topics ticked, the request
 * confirmed in the app, then the topics the resident gets, announced. In the page's language: the
 * smoke test runs it in all three (`a11y-languages`).
 */
export const Walkthrough: Story = {
  name: 'Walkthrough: getting updates',
  tags: ['a11y-languages'],
  render: (args) => html`
    <iams-provider .client=${new FakeClient({ backend: true, now: stoppedClock, notifyOutcome: 'success' })}>
      <iams-notify-optin .now=${stoppedClock} @iams-notify=${args.onIamsNotify}></iams-notify-optin>
    </iams-provider>
  `,
  play: async ({ canvasElement, args, globals }) => {
    const text = messagesFor(localeOf(globals)).notify;
    const view = await confirming(canvasElement);
    await waitFor(() => expect(view.host.state).toBe('subscribed'), { timeout: 10_000 });
    await waitFor(() => expect(view.status()).toBe(text.started));
    await expect(details<IamsNotifyDetail>(args.onIamsNotify)).toEqual([{ consented: ['reservation-ready', 'opening-hours'] }]);
  },
};
