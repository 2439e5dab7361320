import type { IamSmartLang, NotifyTopic } from '@iamsmart/sdk';
import { html, nothing, type TemplateResult } from 'lit';
import { messagesFor } from '../i18n/index.js';
import type { NotifyMessages } from '../i18n/messages.js';
import { dialogQrLogin, failureBox, sessionDialog, type SessionDialogState } from '../shared/dialog-view.js';
import { dialogStyles } from '../shared/dialog.styles.js';
import { iconStyles } from '../shared/icons.styles.js';
import { spinner } from '../shared/spinner.js';
import { trigger } from '../shared/trigger.js';
import { notifyOptinStyles } from './notify-optin.styles.js';

/*
 * <iams-notify-optin>'s content, loaded when the element first connects (with the shared dialog and
 * its styles), so the CDN entry carries only the element's small class. The element holds the
 * state; this draws it.
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
