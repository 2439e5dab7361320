import type { IamSmartAnyClient, IamSmartLang, NotifySnapshot, NotifyTopic } from '@iamsmart/sdk';
import { html, nothing, type ReactiveController, type TemplateResult } from 'lit';
import { IamsErrorEvent, IamsNotifyEvent } from '../events.js';
import { messagesFor } from '../i18n/index.js';
import type { NotifyMessages } from '../i18n/messages.js';
import type { IamsProviderActivity } from '../shared/context.js';
import { dialogQrLogin, failureBox, sessionDialog, type SessionDialogState } from '../shared/dialog-view.js';
import { errorDetail } from '../shared/error-detail.js';
import { SessionDialogController } from '../shared/session-dialog.js';
import { dialogStyles } from '../shared/dialog.styles.js';
import { iconStyles } from '../shared/icons.styles.js';
import { spinner } from '../shared/spinner.js';
import { trigger } from '../shared/trigger.js';
import type { IamsNotifyOptin } from './notify-optin.js';
import { notifyOptinStyles } from './notify-optin.styles.js';

/*
 * <iams-notify-optin>'s content, loaded when the element first connects (with the shared dialog and
 * its styles), so the CDN entry carries only the element's small class: what the element does
 * (`NotifyOptin`, a controller of the element) and what it draws.
 */

/** The styles the element adopts once this has loaded (after its own). */
export const styles = [dialogStyles, iconStyles, notifyOptinStyles];

/** Where the element is: reading the website's topics, no notifications here, nobody logged in, a first read that failed, choosing, or subscribed. */
export type NotifyOptinState = 'loading' | 'unavailable' | 'login-required' | 'failed' | 'choose' | 'subscribed';

export interface NotifyPanelView {
  lang: IamSmartLang;
  state: NotifyOptinState;
  /** OpenID Connect mode (`unavailable`) or no client at all (`notConfigured`). */
  unavailable: 'unavailable' | 'notConfigured';
  /** The topics shown (the backend's, narrowed by the `topics` attribute). */
  topics: readonly NotifyTopic[];
  /** Those the resident gets now. */
  consented: readonly string[];
  /** Those ticked in `choose`. */
  chosen: readonly string[];
  /** `choose` reached by "Change topics": Cancel is offered. */
  changing: boolean;
  /** A stop or a read is under way: the buttons say so and do nothing. */
  busy: boolean;
  /** The dialog's module is loading (the button's spinner). */
  opening: boolean;
  /** A failure, where it happened (empty: none, or a listener took it over). */
  error: string;
  /** What the live region says (subscribed, updated, stopped). */
  status: string;
  onToggle: (id: string, checked: boolean) => void;
  onSubmit: () => void;
  onChange: () => void;
  onCancel: () => void;
  onStop: () => void;
  onRetry: () => void;
}

/** The panel: a title, what the state shows, and the live region (always there, so a change in it is announced). */
export function notifyPanel(view: NotifyPanelView): TemplateResult {
  const text = messagesFor(view.lang).notify;
  return html`<section part="panel" class="panel" lang=${view.lang} aria-labelledby="notify-title" aria-busy=${view.busy || view.state === 'loading' ? 'true' : nothing}>
    <p part="title" id="notify-title" class="title" tabindex="-1">${text.title}</p>
    ${body(view, text)}
    <div class="visually-hidden" role="status">${view.status}</div>
  </section>`;
}

function body(view: NotifyPanelView, text: NotifyMessages) {
  switch (view.state) {
    case 'loading':
      return html`<p part="progress" class="progress">${spinner()}<span>${text.loading}</span></p>`;
    case 'unavailable':
      return html`<p part="message">${view.unavailable === 'unavailable' ? text.unavailable : text.notConfigured}</p>`;
    case 'login-required':
      return html`<p part="message">${text.loginRequired}</p>`;
    case 'failed':
      return html`${errorLine(view.error)}
        <div class="actions"><button part="retry" class="secondary" type="button" @click=${view.onRetry}>${text.tryAgain}</button></div>`;
    case 'subscribed':
      return subscribed(view, text);
    case 'choose':
      return view.topics.length ? choose(view, text) : html`<p part="message">${text.noTopics}</p>`;
  }
}

/** A failure told where it happened: an alert, there before it fills so that it is announced. */
function errorLine(message: string) {
  return html`<p part="error" class=${message ? 'error shown' : 'error'} role="alert">${message}</p>`;
}

function choose(view: NotifyPanelView, text: NotifyMessages) {
  const none = view.chosen.length === 0;
  const adds = view.chosen.some((id) => !view.consented.includes(id));
  return html`<fieldset part="topics" class="topics">
      <legend>${text.choose}</legend>
      ${view.topics.map(
        ({ id, name }) =>
          html`<label class="topic"
            ><input
              type="checkbox"
              name="topic"
              value=${id}
              .checked=${view.chosen.includes(id)}
              @change=${(event: Event) => {
                view.onToggle(id, (event.target as HTMLInputElement).checked);
              }}
            /><span>${name}</span></label
          >`,
      )}
    </fieldset>
    <p class="hint">${text.chooseHint}</p>
    <div class="actions">
      <div class="trigger">
        ${trigger({
          lang: view.lang,
          label: text.label,
          busy: view.opening || view.busy,
          opensDialog: adds,
          disabled: none,
          describedBy: none ? 'notify-reason' : undefined,
          onClick: view.onSubmit,
          after: none ? html`<p part="reason" id="notify-reason" class="reason">${text.noneChosen}</p>` : nothing,
          error: view.error,
        })}
      </div>
      ${view.changing ? html`<button part="cancel" class="secondary" type="button" @click=${view.onCancel}>${text.cancel}</button>` : nothing}
    </div>`;
}

function subscribed(view: NotifyPanelView, text: NotifyMessages) {
  const names = view.topics.filter(({ id }) => view.consented.includes(id));
  return html`<p id="notify-subscribed">${text.subscribed}</p>
    <ul part="subscribed" class="subscribed" aria-labelledby="notify-subscribed">
      ${names.map(({ name }) => html`<li>${name}</li>`)}
    </ul>
    <div class="actions">
      <button part="change" class="secondary" type="button" aria-disabled=${view.busy ? 'true' : nothing} @click=${view.onChange}>${text.change}</button>
      <button part="stop" class="secondary" type="button" aria-disabled=${view.busy ? 'true' : nothing} aria-busy=${view.busy ? 'true' : nothing} @click=${view.onStop}>
        ${view.busy ? spinner() : nothing}${text.stop}
      </button>
    </div>
    ${errorLine(view.error)}`;
}

/** The shared session dialog with `<iams-qr-login flow="notify">`: the request waits in the app, or on iAM Smart's page. */
export function notifyDialog(view: SessionDialogState): TemplateResult {
  const { lang, failure, session } = view;
  return sessionDialog({
    id: 'notify',
    lang,
    heading: messagesFor(lang).notify.label,
    failure,
    announcement: view.announcement,
    onClose: view.onClose,
    onDialogClose: view.onDialogClose,
    body: failure ? failureBox('notify', lang, 'notify', failure) : session ? dialogQrLogin({ flow: 'notify', lang, now: view.now, session, onQrError: view.onQrError }) : nothing,
  });
}

/** What the element hands its controller: its language and what it consumes. */
export interface NotifyOptinOptions {
  lang: () => IamSmartLang;
  /** Loads the dialog's strings (the `qr` catalogue) and re-renders. */
  ready: () => Promise<void>;
  providerActivity: () => IamsProviderActivity;
}

/**
 * What `<iams-notify-optin>` does: reads the website's topics and the resident's choice (again for
 * a new client, language or `topics`), asks the app for topics added (the shared session dialog),
 * stops topics removed or all of them, and says so: the live region, `iams-notify`, `iams-error`.
 * A failed read or stop leaves a choice already shown as it was.
 */
export class NotifyOptin implements ReactiveController {
  state: NotifyOptinState = 'loading';
  /** The dialog's strings join the element's once a confirmation is wanted. */
  dialogWanted = false;
  readonly #host: IamsNotifyOptin;
  readonly #options: NotifyOptinOptions;
  readonly #dialog: SessionDialogController<NotifySnapshot>;
  /** The topics shown, those the resident gets now, those ticked. */
  #shown: NotifyTopic[] = [];
  #consented: string[] = [];
  #chosen: string[] = [];
  #changing = false;
  #busy = false;
  #error = '';
  #status = '';
  /** What the shown choice was read for. */
  #readFor?: { client: IamSmartAnyClient; lang: IamSmartLang; topics: string | undefined };
  /** Where focus goes after the next update. */
  #focus?: string;

  constructor(host: IamsNotifyOptin, options: NotifyOptinOptions) {
    this.#host = host;
    this.#options = options;
    this.#dialog = new SessionDialogController<NotifySnapshot>(host, {
      lang: options.lang,
      flow: () => 'notify',
      finalCodes: ['invalid_config', 'invalid_request', 'topic_unknown', 'login_required'],
      providerActivity: options.providerActivity,
      load: async () => {
        this.dialogWanted = true;
        await options.ready();
        return { styles };
      },
      start: (client) => {
        if (!client) this.#dialog.fail({ code: 'invalid_config', message: messagesFor(options.lang()).notify.notConfigured });
        else this.#dialog.follow(client.startNotify({ topics: this.#adding(), lang: options.lang() }));
      },
      onState: (snapshot) => {
        if (snapshot.state === 'done' && snapshot.result) void this.#approved(snapshot.result.consented);
      },
    });
    host.addController(this);
  }

  /** Before each update: nothing to read without a backend-mode client; else read for a new client, language or `topics`. */
  hostUpdate(): void {
    const client = this.#host.client;
    const lang = this.#options.lang();
    if (client?.mode !== 'backend') {
      this.state = !client && this.#options.providerActivity() === 'loading' ? 'loading' : 'unavailable';
      this.#readFor = undefined;
      return;
    }
    const read = this.#readFor;
    if (read?.client !== client || read.lang !== lang || read.topics !== this.#host.topics) void this.#read(client, lang);
  }

  hostUpdated(): void {
    const focus = this.#focus;
    this.#focus = undefined;
    if (focus) this.#host.renderRoot.querySelector<HTMLElement>(focus)?.focus();
  }

  render(lang: IamSmartLang): TemplateResult {
    const dialog = this.#dialog;
    return html`${notifyPanel({
      lang,
      state: this.state,
      unavailable: this.#host.client ? 'unavailable' : 'notConfigured',
      topics: this.#shown,
      consented: this.#consented,
      chosen: this.#chosen,
      changing: this.#changing,
      busy: this.#busy,
      opening: dialog.opening,
      error: this.#error || dialog.triggerError,
      status: this.#status,
      onToggle: (id, checked) => {
        this.#set(() => (this.#chosen = checked ? [...this.#chosen, id] : this.#chosen.filter((topic) => topic !== id)));
      },
      onSubmit: this.#onSubmit,
      onChange: () => {
        if (!this.#busy) this.#show('choose', { chosen: this.#consented, changing: true, focus: 'input' });
      },
      onCancel: () => {
        this.#show('subscribed', { focus: '[part="change"]' });
      },
      onStop: () => void this.#stop(undefined),
      onRetry: () => {
        this.#set(() => (this.#readFor = undefined));
      },
    })}
    ${dialog.opened
      ? notifyDialog({
          lang,
          session: dialog.session,
          failure: dialog.failure,
          announcement: dialog.announcement,
          now: this.#host.now,
          onClose: dialog.onClose,
          onDialogClose: dialog.onDialogClose,
          onQrError: dialog.onQrError,
        })
      : nothing}`;
  }

  /** Reads the website's topics and the resident's choice; a failure leaves a choice already shown as it was. */
  async #read(client: IamSmartAnyClient, lang: IamSmartLang): Promise<void> {
    const readFor = (this.#readFor = { client, lang, topics: this.#host.topics });
    this.#busy = true;
    if (this.state !== 'choose' && this.state !== 'subscribed') this.state = 'loading';
    try {
      const settings = await client.notifications({ lang });
      if (this.#readFor !== readFor) return;
      const wanted = this.#host.topics?.split(/\s+/).filter(Boolean);
      this.#shown = wanted?.length ? settings.topics.filter(({ id }) => wanted.includes(id)) : settings.topics;
      // A change in progress keeps what the resident ticked.
      if (this.state === 'choose' && this.#changing) this.#setConsented(settings.consented);
      else this.#consentIs(settings.consented);
    } catch (error) {
      if (this.#readFor !== readFor) return;
      if ((error as { code?: unknown }).code === 'login_required') this.state = 'login-required';
      else this.#fail(error, this.state === 'choose' || this.state === 'subscribed' ? this.state : 'failed');
    } finally {
      if (this.#readFor === readFor) this.#set(() => (this.#busy = false));
    }
  }

  /** The primary button: topics added ask the app (the dialog); topics only removed stop without it. */
  readonly #onSubmit = (): void => {
    if (this.#busy || !this.#chosen.length) return;
    const removed = this.#removing();
    if (this.#adding().length) void this.#dialog.open();
    else if (removed.length) void this.#stop(removed);
    else this.#show('subscribed', { focus: '#notify-title' });
  };

  #adding(): string[] {
    return this.#chosen.filter((id) => !this.#consented.includes(id));
  }

  #removing(): string[] {
    return this.#consented.filter((id) => !this.#chosen.includes(id));
  }

  /** Approved in the app: the dialog closes on the choice now held, then topics unticked meanwhile are stopped. */
  async #approved(consented: string[]): Promise<void> {
    const removed = this.#removing();
    this.#dialog.close();
    this.#changed(consented, messagesFor(this.#options.lang()).notify.started);
    if (removed.length) await this.#stop(removed);
  }

  /** Stops `topics` (all when undefined); a failure leaves the choice as it was, with the message under it. */
  async #stop(topics: string[] | undefined): Promise<void> {
    const client = this.#host.client;
    if (this.#busy || !client) return;
    this.#set(() => {
      this.#busy = true;
      this.#error = '';
    });
    try {
      const { consented } = await client.stopNotifications(topics);
      const text = messagesFor(this.#options.lang()).notify;
      this.#changed(consented, topics ? text.updated : text.stopped);
    } catch (error) {
      this.#fail(error, this.state);
    } finally {
      this.#set(() => (this.#busy = false));
    }
  }

  /** The choice changed: shown, announced and reported. */
  #changed(consented: string[], announce: string): void {
    this.#consentIs(consented);
    this.#status = announce;
    this.#focus = '#notify-title';
    this.#host.dispatchEvent(new IamsNotifyEvent({ consented }));
  }

  /** Shows the choice: `subscribed` with the topics the resident gets, else `choose` with every topic ticked. */
  #consentIs(consented: string[]): void {
    this.#setConsented(consented);
    const shown = this.#consented;
    this.#show(shown.length ? 'subscribed' : 'choose', { chosen: shown.length ? shown : this.#shown.map(({ id }) => id) });
  }

  #setConsented(consented: string[]): void {
    this.#consented = this.#shown.map(({ id }) => id).filter((id) => consented.includes(id));
  }

  #show(state: NotifyOptinState, { chosen = this.#chosen, changing = false, focus }: { chosen?: string[]; changing?: boolean; focus?: string }): void {
    this.#set(() => {
      this.state = state;
      this.#chosen = chosen;
      this.#changing = changing;
      this.#error = '';
      if (focus) this.#focus = focus;
    });
  }

  /** Reports a failure and shows it in `state`, unless a listener took it over. */
  #fail(error: unknown, state: NotifyOptinState): void {
    const detail = errorDetail(error, this.#options.lang(), 'unknown', 'notify');
    const shown = this.#host.dispatchEvent(new IamsErrorEvent(detail));
    this.#set(() => {
      this.state = state;
      this.#error = shown ? detail.message : '';
    });
  }

  #set(change: () => void): void {
    change();
    this.#host.requestUpdate();
  }
}
