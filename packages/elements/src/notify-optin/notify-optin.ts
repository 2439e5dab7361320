import type { IamSmartAnyClient, IamSmartLang, NotifySnapshot, NotifyTopic } from '@iamsmart/sdk';
import { adoptStyles, html, nothing, type LitElement } from 'lit';
import { property, state } from 'lit/decorators.js';
import { IamsErrorEvent, IamsNotifyEvent } from '../events.js';
import { LangController, messagesFor } from '../i18n/index.js';
import { errorDetail } from '../shared/error-detail.js';
import { SessionDialogController } from '../shared/session-dialog.js';
import { SessionElement } from '../shared/session-element.js';
import { spinnerStyles } from '../shared/spinner.js';
import { themeStyles } from '../shared/theme.styles.js';
import { triggerStyles } from '../shared/trigger.styles.js';
import { flowTriggerStyles } from '../shared/flow-trigger.styles.js';
import { visuallyHiddenStyles } from '../shared/visually-hidden.styles.js';
import type { NotifyOptinState } from './content.js';

export type { NotifyOptinState } from './content.js';

/**
 * "Get updates in iAM Smart": on a page of a resident logged in through the website's backend
 * (`<iams-provider backend="…">`), offers the website's update topics as checkboxes and asks the
 * resident to confirm in the iAM Smart app (the shared session dialog, as e-ME in backend mode: the
 * request waits in the app, or "Continue on iAM Smart's page"); then shows the topics the resident
 * gets, with "Change topics" (adding topics asks the app again, removing them does not) and "Stop
 * updates". Notifications are the kit's own design (decision 059): the website's server stores the
 * consent iAM Smart reports and sends the updates.
 *
 * Without a logged-in resident it says to log in with iAM Smart first; in OpenID Connect mode it
 * says that updates need the website's own iAM Smart service, and offers no control. A failure is
 * told where it happened; a failed stop or read leaves the choice shown as it was.
 *
 * Its content (and the dialog's) loads when it first connects; the first render waits for it.
 *
 * @summary The "Get updates in iAM Smart" opt-in: the website's update topics, confirmed in the iAM Smart app, with a way to change them or stop, in English, Traditional and Simplified Chinese.
 * @tag iams-notify-optin
 *
 * @attr {string} topics - Space-separated topic ids: only these of the website's topics are offered. Default: every topic the website declares.
 * @attr {string} lang - `en`, `zh-HK` or `zh-CN` (any `zh-Hant…`/`zh-Hans…`/`zh-TW` tag maps to them). Default: the closest ancestor's `lang`, crossing shadow roots, then the page's; other languages read English. The topics' names follow it.
 *
 * @csspart panel - The element's box (a `<section>` named by its title).
 * @csspart title - "Updates in iAM Smart".
 * @csspart progress - Shown while the website's topics are read.
 * @csspart message - Why there is nothing to choose (not logged in, OpenID Connect mode, no topics).
 * @csspart topics - The `<fieldset>` of topics, one checkbox each.
 * @csspart trigger - The "Get updates in iAM Smart" `<button>`.
 * @csspart logo - The mark (or the spinner) inside it.
 * @csspart label - Its text.
 * @csspart more-info - The "More info" link to the iAM Smart website.
 * @csspart reason - Why the button is disabled (no topic ticked).
 * @csspart cancel - "Cancel", leaving "Change topics" as it was.
 * @csspart subscribed - The list of topics the resident gets.
 * @csspart change - The "Change topics" button.
 * @csspart stop - The "Stop updates" button.
 * @csspart retry - "Try again" after the topics could not be read.
 * @csspart error - A failure's message, where it happened.
 * @csspart dialog - The modal `<dialog>` of the confirmation.
 * @csspart dialog-close - The dialog's Close button.
 * @csspart qr-login - The `<iams-qr-login flow="notify">` showing the request.
 * @csspart failure - A failure only Close can follow, in the dialog.
 *
 * @cssproperty [--iams-brand-color=#2b7367] - The button, the checkboxes and the dialog's buttons.
 * @cssproperty [--iams-brand-color-hover=#225c53] - Filled buttons on hover.
 * @cssproperty [--iams-brand-color-active=#1a4841] - Filled buttons while pressed.
 * @cssproperty [--iams-on-brand-color=#ffffff] - Text on filled buttons.
 * @cssproperty [--iams-surface-color=light-dark(#ffffff, #121a19)] - Outline buttons' and the dialog's background.
 * @cssproperty [--iams-surface-color-hover=light-dark(#e8f2f0, #1e2e2b)] - Outline buttons' background on hover.
 * @cssproperty [--iams-outline-color=light-dark(#2b7367, #8fd6c7)] - Outline buttons' border and text (Change topics, Stop updates, Cancel).
 * @cssproperty [--iams-text-color=light-dark(#1b1f1e, #e6ecea)] - Text.
 * @cssproperty [--iams-link-color=light-dark(#1f5a51, #8fd6c7)] - Links.
 * @cssproperty [--iams-focus-ring-color=light-dark(#163d37, #c4f0e6)] - The 3px keyboard focus ring.
 * @cssproperty [--iams-error-color=light-dark(#b3261e, #ffb4ab)] - Failure messages.
 * @cssproperty [--iams-button-radius=0.5rem] - Corner radius of the buttons.
 * @cssproperty [--iams-font-family=system-ui, sans-serif] - Font.
 *
 * @event {IamsNotifyEvent} iams-notify - The resident's choice changed: approved in the app, topics removed, or every update stopped; `detail` is `{ consented }`, the topic ids the resident gets now.
 * @event {IamsStateEvent} iams-state - The confirmation's session moved to another state (as `<iams-qr-login>`'s); `detail` is `{ state, userCode, expiresAt }`.
 * @event {IamsErrorEvent} iams-error - Reading the topics, the confirmation or a stop failed; `detail` is `{ code, message, cause }`, `message` in the element's language. Cancelable: `preventDefault()` stops the element showing the message itself.
 */
export class IamsNotifyOptin extends SessionElement {
  static override styles = [themeStyles, spinnerStyles, triggerStyles, flowTriggerStyles, visuallyHiddenStyles];

  /** Space-separated topic ids: only these of the website's topics are offered. Default: all. */
  @property() topics?: string;

  /** The element's content, loaded on first connect. */
  @state() private content?: typeof import('./content.js');
  @state() private phase: NotifyOptinState = 'loading';
  /** The topics shown, and those the resident gets now. */
  @state() private shown: NotifyTopic[] = [];
  @state() private consented: string[] = [];
  @state() private chosen: string[] = [];
  @state() private changing = false;
  @state() private busy = false;
  @state() private error = '';
  @state() private status = '';

  #dialogWanted = false;
  readonly #lang = new LangController(this, () => (this.#dialogWanted ? ['common', 'notify', 'qr'] : ['common', 'notify']));
  readonly #dialog: SessionDialogController<NotifySnapshot> = new SessionDialogController<NotifySnapshot>(this, {
    lang: () => this.#lang.lang,
    flow: () => 'notify',
    finalCodes: ['invalid_config', 'invalid_request', 'topic_unknown', 'login_required'],
    providerActivity: () => this.providerActivity,
    load: async () => {
      this.#dialogWanted = true;
      const [content] = await Promise.all([this.#load(), this.#lang.ready()]);
      return content;
    },
    start: (client) => {
      if (!client) this.#dialog.fail({ code: 'invalid_config', message: messagesFor(this.#lang.lang).notify.notConfigured });
      else this.#dialog.follow(client.startNotify({ topics: this.#adding(), lang: this.#lang.lang }));
    },
    onState: (snapshot) => {
      if (snapshot.state === 'done' && snapshot.result) void this.#approved(snapshot.result.consented);
    },
  });
  #loading?: Promise<typeof import('./content.js')>;
  /** What the shown choice was read for: a new client, language or `topics` reads it again. */
  #readFor?: { client: IamSmartAnyClient; lang: IamSmartLang; topics: string | undefined };
  /** Where focus goes after the next update. */
  #focus?: string;

  /** Where the element is: `loading`, `unavailable`, `login-required`, `failed`, `choose` or `subscribed`. */
  get state(): NotifyOptinState {
    return this.phase;
  }

  /** The first render waits for the element's strings and content; a language switch for the new strings (decision 042). */
  // eslint-disable-next-line @typescript-eslint/no-invalid-void-type -- Lit's own signature
  protected override scheduleUpdate(): void | Promise<unknown> {
    const strings = this.#lang.settle();
    const content = this.content ? undefined : this.#load().catch(() => undefined);
    return strings || content ? Promise.all([strings, content]).then(() => super.scheduleUpdate()) : super.scheduleUpdate();
  }

  protected override willUpdate(): void {
    const client = this.client;
    const lang = this.#lang.lang;
    if (client?.mode !== 'backend') {
      this.phase = !client && this.providerActivity === 'loading' ? 'loading' : 'unavailable';
      this.#readFor = undefined;
      return;
    }
    const read = this.#readFor;
    if (read?.client !== client || read.lang !== lang || read.topics !== this.topics) void this.#read(client, lang);
  }

  protected override render() {
    const lang = this.#lang.lang;
    const { content } = this;
    if (!content) return html`<p part="error" class="error shown" role="alert" lang=${lang}>${messagesFor(lang).errorFallback}</p>`;
    const dialog = this.#dialog;
    return html`${content.notifyPanel({
      lang,
      state: this.phase,
      unavailable: this.client ? 'unavailable' : 'notConfigured',
      topics: this.shown,
      consented: this.consented,
      chosen: this.chosen,
      changing: this.changing,
      busy: this.busy,
      opening: dialog.opening,
      error: this.error || dialog.triggerError,
      status: this.status,
      onToggle: (id, checked) => {
        this.chosen = checked ? [...this.chosen, id] : this.chosen.filter((topic) => topic !== id);
      },
      onSubmit: this.#onSubmit,
      onChange: () => {
        if (this.busy) return;
        this.#show('choose', { chosen: this.consented, changing: true, focus: 'input' });
      },
      onCancel: () => {
        this.#show('subscribed', { focus: '[part="change"]' });
      },
      onStop: () => void this.#stop(undefined),
      onRetry: () => {
        this.#readFor = undefined;
        this.requestUpdate();
      },
    })}
    ${dialog.opened
      ? content.notifyDialog({
          lang,
          session: dialog.session,
          failure: dialog.failure,
          announcement: dialog.announcement,
          now: this.now,
          onClose: dialog.onClose,
          onDialogClose: dialog.onDialogClose,
          onQrError: dialog.onQrError,
        })
      : nothing}`;
  }

  protected override updated(): void {
    const focus = this.#focus;
    this.#focus = undefined;
    if (focus) this.renderRoot.querySelector<HTMLElement>(focus)?.focus();
  }

  #load(): Promise<typeof import('./content.js')> {
    return (this.#loading ??= import('./content.js').then(
      (content) => {
        adoptStyles(this.renderRoot as ShadowRoot, [...(this.constructor as typeof LitElement).elementStyles, ...content.styles]);
        return (this.content = content);
      },
      (error: unknown) => {
        // Forgotten, so that a later attempt (the dialog, a reconnection) tries again.
        this.#loading = undefined;
        throw error;
      },
    ));
  }

  /** Reads the website's topics and the resident's choice; a failure leaves a choice already shown as it was. */
  async #read(client: IamSmartAnyClient, lang: IamSmartLang): Promise<void> {
    const readFor = (this.#readFor = { client, lang, topics: this.topics });
    this.busy = true;
    if (this.phase !== 'choose' && this.phase !== 'subscribed') this.phase = 'loading';
    try {
      const settings = await client.notifications({ lang });
      if (this.#readFor !== readFor) return;
      const wanted = this.topics?.split(/\s+/).filter(Boolean);
      this.shown = wanted?.length ? settings.topics.filter(({ id }) => wanted.includes(id)) : settings.topics;
      // A change in progress keeps what the resident ticked.
      if (this.phase === 'choose' && this.changing) this.#setConsented(settings.consented);
      else this.#consentIs(settings.consented);
      this.error = '';
    } catch (error) {
      if (this.#readFor !== readFor) return;
      if ((error as { code?: unknown }).code === 'login_required') this.phase = 'login-required';
      else this.#fail(error, this.phase === 'choose' || this.phase === 'subscribed' ? this.phase : 'failed');
    } finally {
      if (this.#readFor === readFor) this.busy = false;
    }
  }

  /** The primary button: topics added ask the app (the dialog); topics only removed stop without it. */
  readonly #onSubmit = (): void => {
    if (this.busy || !this.chosen.length) return;
    const removed = this.#removing();
    if (this.#adding().length) void this.#dialog.open();
    else if (removed.length) void this.#stop(removed);
    else this.#show('subscribed', { focus: '#notify-title' });
  };

  #adding(): string[] {
    return this.chosen.filter((id) => !this.consented.includes(id));
  }

  #removing(): string[] {
    return this.consented.filter((id) => !this.chosen.includes(id));
  }

  /** Approved in the app: the dialog closes on the choice now held, then topics unticked meanwhile are stopped. */
  async #approved(consented: string[]): Promise<void> {
    const removed = this.#removing();
    this.#dialog.close();
    this.#changed(consented, messagesFor(this.#lang.lang).notify.started);
    if (removed.length) await this.#stop(removed);
  }

  /** Stops `topics` (all when undefined); a failure leaves the choice as it was, with the message under it. */
  async #stop(topics: string[] | undefined): Promise<void> {
    const client = this.client;
    if (this.busy || !client) return;
    this.busy = true;
    this.error = '';
    try {
      const { consented } = await client.stopNotifications(topics);
      const text = messagesFor(this.#lang.lang).notify;
      this.#changed(consented, topics ? text.updated : text.stopped);
    } catch (error) {
      this.#fail(error, this.phase);
    } finally {
      this.busy = false;
    }
  }

  /** The choice changed: shown, announced and reported. */
  #changed(consented: string[], announce: string): void {
    this.#consentIs(consented);
    this.status = announce;
    this.#focus = '#notify-title';
    this.dispatchEvent(new IamsNotifyEvent({ consented }));
  }

  /** Shows the choice: `subscribed` with the topics the resident gets, else `choose` with every topic ticked. */
  #consentIs(consented: string[]): void {
    this.#setConsented(consented);
    const shown = this.consented;
    this.#show(shown.length ? 'subscribed' : 'choose', { chosen: shown.length ? shown : this.shown.map(({ id }) => id) });
  }

  #setConsented(consented: string[]): void {
    this.consented = this.shown.map(({ id }) => id).filter((id) => consented.includes(id));
  }

  #show(phase: NotifyOptinState, { chosen = this.chosen, changing = false, focus }: { chosen?: string[]; changing?: boolean; focus?: string }): void {
    this.phase = phase;
    this.chosen = chosen;
    this.changing = changing;
    this.error = '';
    if (focus) this.#focus = focus;
  }

  /** Reports a failure and shows it in `phase`, unless a listener took it over. */
  #fail(error: unknown, phase: NotifyOptinState): void {
    const detail = errorDetail(error, this.#lang.lang, 'unknown', 'notify');
    this.phase = phase;
    this.error = this.dispatchEvent(new IamsErrorEvent(detail)) ? detail.message : '';
  }
}
