import type { IamSmartLang } from '@iamsmart/sdk';
import { adoptStyles, html, type LitElement } from 'lit';
import { property } from 'lit/decorators.js';
import { LangController, messagesFor } from '../i18n/index.js';
import { SessionElement } from '../shared/session-element.js';
import { spinnerStyles } from '../shared/spinner.js';
import { themeStyles } from '../shared/theme.styles.js';
import { triggerStyles } from '../shared/trigger.styles.js';
import { flowTriggerStyles } from '../shared/flow-trigger.styles.js';
import { visuallyHiddenStyles } from '../shared/visually-hidden.styles.js';
import type { NotifyOptin, NotifyOptinState } from './content.js';

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

  // The class stays small (it is in the CDN entry): what the element does and draws is in
  // content.ts, loaded when it first connects (the first render waits for it).
  #optin?: NotifyOptin;
  #loading?: Promise<unknown>;
  readonly #lang: LangController = new LangController(this, () => (this.#optin?.dialogWanted ? ['common', 'notify', 'qr'] : ['common', 'notify']));

  /** Where the element is: `loading`, `unavailable`, `login-required`, `failed`, `choose` or `subscribed`. */
  get state(): NotifyOptinState {
    return this.#optin?.state ?? 'loading';
  }

  /** The first render waits for the element's strings and content; a language switch for the new strings (decision 042). */
  // eslint-disable-next-line @typescript-eslint/no-invalid-void-type -- Lit's own signature
  protected override scheduleUpdate(): void | Promise<unknown> {
    const strings = this.#lang.settle();
    const content = this.#optin ? undefined : this.#load();
    return strings || content ? Promise.all([strings, content]).then(() => super.scheduleUpdate()) : super.scheduleUpdate();
  }

  protected override render() {
    const lang = this.#lang.lang;
    return this.#optin?.render(lang) ?? html`<p part="error" class="error" role="alert" lang=${lang}>${messagesFor(lang).errorFallback}</p>`;
  }

  /** The content, once; a failed download is tried again by the next update. */
  #load(): Promise<unknown> {
    return (this.#loading ??= import('./content.js').then(
      (content) => {
        adoptStyles(this.renderRoot as ShadowRoot, [...(this.constructor as typeof LitElement).elementStyles, ...content.styles]);
        this.#optin = new content.NotifyOptin(this, { lang: (): IamSmartLang => this.#lang.lang, ready: () => this.#lang.ready(), providerActivity: () => this.providerActivity });
      },
      () => {
        this.#loading = undefined;
      },
    ));
  }
}
