import { ContextConsumer } from '@lit/context';
import type { IamSmartAnyClient, IamSmartLang } from '@iamsmart/sdk';
import { LitElement, html, nothing, type PropertyValues } from 'lit';
import { property, state } from 'lit/decorators.js';
import { IamsLoginEvent } from '../events.js';
import { LangController, isLoaded, loadErrors, messagesFor } from '../i18n/index.js';
import { iamsActivityContext, iamsClientContext, iamsReturnFailureContext, type IamsProviderActivity, type IamsReturnFailure } from '../shared/context.js';
import { errorDetail } from '../shared/error-detail.js';
import type { SessionDialogController } from '../shared/session-dialog.js';
import { spinnerStyles } from '../shared/spinner.js';
import { themeStyles } from '../shared/theme.styles.js';
import { trigger } from '../shared/trigger.js';
import { TriggerController } from '../shared/trigger-controller.js';
import { triggerStyles } from '../shared/trigger.styles.js';
import { visuallyHiddenStyles } from '../shared/visually-hidden.styles.js';
import { resolveLoginMode } from './device.js';
import { loginButtonStyles } from './login-button.styles.js';
import { loadQr, prefetchWhenIdle } from './prefetch.js';

/**
 * "Login with iAM Smart" in iAM Smart's wording and colours, with the "More info" link to the
 * iAM Smart website. Place it inside an `<iams-provider>`, which gives it the SDK client.
 *
 * A click starts the login: on a phone or tablet through the iAM Smart app's link, on a desktop
 * by redirecting to iAM Smart (or as set by `mode`; `qr` opens the same modal dialog as signing,
 * with `<iams-qr-login>`, whose code and qrcode load only then; closing it, with Esc or Close, cancels the session and
 * returns focus to the button). While it starts, the button is busy: it keeps
 * focus, ignores more clicks, shows a spinner and announces "Connecting to iAM Smart…". A failure
 * fires `iams-error`, shows the message under the button (unless a listener calls
 * `preventDefault()`) and makes the button usable again. A login that came back to the page and
 * failed (the provider's `iams-error`) is shown and announced under the button as well, in the
 * button's language.
 *
 * In backend mode (`<iams-provider backend="…">`) every `mode` goes through the website's backend:
 * the page goes to `{backend}/login`, and iAM Smart shows its own QR page on a desktop or opens
 * the app on a phone; there is no QR dialog and no popup. The provider completes the login when
 * the page comes back and fires `iams-login` with the resident.
 *
 * @summary The "Login with iAM Smart" button, in English, Traditional and Simplified Chinese.
 * @tag iams-login-button
 *
 * @attr {string} lang - `en`, `zh-HK` or `zh-CN` (any `zh-Hant…`/`zh-Hans…`/`zh-TW` tag maps to them). Default: the closest ancestor's `lang`, crossing shadow roots, then the page's; other languages read English.
 *
 * @csspart trigger - The "Login with iAM Smart" `<button>`.
 * @csspart logo - The mark (or the spinner while busy) inside the button.
 * @csspart label - The button's text (absent when `icon-only`).
 * @csspart more-info - The "More info" link to the iAM Smart website (hide it with `display: none` only if the page links to iAM Smart nearby).
 * @csspart error - The message shown after a failed login.
 * @csspart dialog - The modal `<dialog>` of `mode="qr"`, holding an `<iams-qr-login>`.
 * @csspart dialog-close - The dialog's Close button.
 *
 * @cssproperty [--iams-brand-color=#2b7367] - Filled background, outline border and text.
 * @cssproperty [--iams-brand-color-hover=#225c53] - Filled background on hover.
 * @cssproperty [--iams-brand-color-active=#1a4841] - Filled background while pressed.
 * @cssproperty [--iams-on-brand-color=#ffffff] - Text on the filled button.
 * @cssproperty [--iams-surface-color=light-dark(#ffffff, #121a19)] - Outline variant's background.
 * @cssproperty [--iams-surface-color-hover=light-dark(#e8f2f0, #1e2e2b)] - Outline variant's background on hover.
 * @cssproperty [--iams-outline-color=light-dark(#2b7367, #8fd6c7)] - Outline variant's border and text.
 * @cssproperty [--iams-link-color=light-dark(#1f5a51, #8fd6c7)] - The "More info" link.
 * @cssproperty [--iams-text-color=light-dark(#1b1f1e, #e6ecea)] - The QR dialog's text (`mode="qr"`).
 * @cssproperty [--iams-focus-ring-color=light-dark(#163d37, #c4f0e6)] - The 3px keyboard focus ring.
 * @cssproperty [--iams-error-color=light-dark(#b3261e, #ffb4ab)] - The error message.
 * @cssproperty [--iams-button-radius=0.5rem] - Corner radius.
 * @cssproperty [--iams-font-family=system-ui, sans-serif] - Font.
 *
 * @event {IamsLoginEvent} iams-login - A popup or QR login finished; `detail` is the resident's validated claims. (Redirect and app logins finish on the page they return to, where `<iams-provider>` fires it.) In `qr` mode it comes from the `<iams-qr-login>` in the dialog, as do `iams-state` and the session's `iams-error`s.
 * @event {IamsErrorEvent} iams-error - The login could not start or failed; `detail` is `{ code, message, cause }`, `message` in the button's language. Cancelable: `preventDefault()` stops the button showing the message itself.
 */
export class IamsLoginButton extends LitElement {
  static override shadowRootOptions: ShadowRootInit = { ...LitElement.shadowRootOptions, delegatesFocus: true };
  static override styles = [themeStyles, spinnerStyles, triggerStyles, loginButtonStyles, visuallyHiddenStyles];

  /** `filled` (iAM Smart green) or `outline` (green on white, for busy backgrounds). */
  @property({ reflect: true }) variant: 'filled' | 'outline' = 'filled';

  /** `small` (32 px high), `medium` (44 px) or `large` (52 px). */
  @property({ reflect: true }) size: 'small' | 'medium' | 'large' = 'medium';

  /** Shows only the mark; the accessible name is still the full label. */
  @property({ type: Boolean, reflect: true, attribute: 'icon-only' }) iconOnly = false;

  /** Fills the width of its container. */
  @property({ type: Boolean, reflect: true, attribute: 'full-width' }) fullWidth = false;

  /** Unavailable: stays focusable (so it can be found) but does nothing. */
  @property({ type: Boolean, reflect: true }) disabled = false;

  /** How to log in: `auto` (the app link on a phone or tablet, a redirect on a desktop), `redirect`, `popup`, `app`, or `qr` (a dialog with the QR code, for logging in with the iAM Smart app on another device). In backend mode every value goes through the website's backend (`{backend}/login`), which picks the QR page or the app. */
  @property() mode: 'auto' | 'redirect' | 'popup' | 'app' | 'qr' = 'auto';

  /** True while a login is starting; set by the button itself. */
  @property({ type: Boolean, reflect: true }) busy = false;

  /** The SDK client, from the closest `<iams-provider>` (set by it; setting it yourself works when there is none). */
  @state()
  client?: IamSmartAnyClient;

  /** What the provider is doing: while it loads the SDK a click waits; while it completes a returning login the button is busy. */
  @state()
  private providerActivity: IamsProviderActivity = 'idle';

  /** A returning login's failure, from the provider. */
  @state()
  private returnFailure?: IamsReturnFailure;

  // The provider's contexts, with @lit/context's controller rather than its decorator (decision 050: fewer bytes on the first
  // paint); a field before the others, so the consumers connect first, as the decorator's did.
  // eslint-disable-next-line no-unused-private-class-members -- kept for what the constructors do
  readonly #consumers = [
    new ContextConsumer(this, { context: iamsClientContext, subscribe: true, callback: (client) => (this.client = client) }),
    new ContextConsumer(this, { context: iamsActivityContext, subscribe: true, callback: (activity) => (this.providerActivity = activity) }),
    new ContextConsumer(this, { context: iamsReturnFailureContext, subscribe: true, callback: (failure) => (this.returnFailure = failure) }),
  ];

  /** The dialog's module, loaded on the first click in `qr` mode. */
  @state() private content?: typeof import('./qr-dialog.js');

  /** The QR dialog's strings (and the login's error messages, which the QR login shows) join the button's once the dialog is wanted. */
  #dialogWanted = false;
  readonly #lang = new LangController(this, () => (this.#dialogWanted ? ['common', 'errors', 'qr'] : ['common']));
  /** The client, and the failures shown under the button (decision 045: the first paint carries only this). */
  readonly #trigger = new TriggerController(this, () => this.providerActivity);
  /** `qr` mode's dialog, made with its module on the first click; the `<iams-qr-login>` in it runs the session. */
  #dialog?: SessionDialogController;
  /** A returning login's failure whose message is told: once the error messages of the button's language have loaded (or could not be). */
  @state() private returnFailureTold?: IamsReturnFailure;

  constructor() {
    super();
    this.addController({
      hostConnected: () => {
        window.addEventListener('pageshow', this.#onPageShow);
      },
      hostDisconnected: () => {
        window.removeEventListener('pageshow', this.#onPageShow);
      },
    });
  }

  /** The first render waits for the element's strings, and a language switch for the new ones (decision 042). */
  // eslint-disable-next-line @typescript-eslint/no-invalid-void-type -- Lit's own signature
  protected override scheduleUpdate(): void | Promise<unknown> {
    const loading = this.#lang.settle();
    return loading ? loading.then(() => super.scheduleUpdate()) : super.scheduleUpdate();
  }

  protected override updated(changed: PropertyValues<this>): void {
    // What a click in `qr` mode loads, fetched when the browser is idle (decision 045), and the SDK's QR login readied (decision 049): not in backend mode.
    if (changed.has('client') || changed.has('mode')) {
      prefetchWhenIdle(() => this.isConnected && this.mode === 'qr' && this.providerActivity !== 'loading' && this.client?.mode !== 'backend' && [this.#lang.lang, this.client]);
    }
  }

  protected override willUpdate(): void {
    const failure = this.returnFailure;
    if (failure !== this.returnFailureTold) {
      const lang = this.#lang.lang;
      if (!failure || isLoaded(lang, ['errors'])) this.returnFailureTold = failure;
      else void loadErrors(lang).then(() => (this.returnFailureTold = this.returnFailure));
    }
  }

  protected override render() {
    const lang = this.#lang.lang;
    const text = messagesFor(lang);
    const completing = this.providerActivity === 'completing';
    const working = this.busy || completing;
    const status = this.busy ? text.connecting : completing ? text.completing : '';
    const dialog = this.#dialog;
    const told = this.returnFailureTold;
    return html`
      ${trigger({
        lang,
        label: text.loginLabel,
        busy: working,
        iconOnly: this.iconOnly,
        ariaDisabled: this.disabled || working,
        onClick: this.#onTriggerClick,
        after: html`<span class="visually-hidden" role="status" lang=${lang}>${status}</span>`,
        error: this.#trigger.error || (told ? errorDetail(told, lang).message : ''),
      })}
      ${dialog?.opened && this.content
        ? this.content.qrDialog({ lang, heading: text.loginLabel, onClose: dialog.onClose, onDialogClose: dialog.onDialogClose })
        : nothing}
    `;
  }

  readonly #onTriggerClick = (): void => {
    void this.#start();
  };

  async #start(): Promise<void> {
    if (this.disabled || this.busy || this.providerActivity === 'completing') return;
    const lang = this.#lang.lang;
    const trigger = this.#trigger;
    this.busy = true;
    this.returnFailure = undefined;
    trigger.clear();
    const client = await trigger.client();
    if (!client) {
      this.busy = false;
      trigger.fail({ code: 'invalid_config', message: messagesFor(lang).notConfigured });
      return;
    }
    if (client.mode === 'backend') {
      // The backend picks iAM Smart's hosted QR page or the app link: no dialog, no popup here.
      try {
        await client.loginWithRedirect({ lang });
      } catch (error) {
        this.busy = false;
        await trigger.failWith(error, lang);
      }
      return;
    }
    if (this.mode === 'qr') {
      await this.#openDialog(lang);
      this.busy = false;
      return;
    }
    const mode = resolveLoginMode(this.mode);
    try {
      if (mode === 'popup') {
        const user = await client.loginWithPopup({ lang });
        this.dispatchEvent(new IamsLoginEvent(user.claims));
        this.busy = false;
        return;
      }
      await (mode === 'app' ? client.loginWithApp({ lang }) : client.loginWithRedirect({ lang }));
      // The page is leaving for iAM Smart: the button stays busy rather than flash idle before it unloads.
    } catch (error) {
      this.busy = false;
      await trigger.failWith(error, lang);
    }
  }

  /**
   * `qr` mode: loads the dialog's module (the session dialog, `<iams-qr-login>`, the QR encoder,
   * the `qr` and `errors` strings: already there when the idle prefetch ran), then opens it. A
   * module that cannot be loaded is a `network_error` under the button, in its language.
   */
  async #openDialog(lang: IamSmartLang): Promise<void> {
    let content: typeof import('./qr-dialog.js');
    try {
      [content] = await loadQr(lang);
    } catch (error) {
      await this.#trigger.failWith(error, lang, 'network_error');
      return;
    }
    this.#dialog ??= new content.SessionDialogController(this, {
      lang: () => this.#lang.lang,
      flow: () => 'login',
      providerActivity: () => this.providerActivity,
      trigger: this.#trigger,
      load: async () => {
        this.#dialogWanted = true;
        await this.#lang.ready();
        return (this.content = content);
      },
    });
    await this.#dialog.open();
  }

  /** Back from iAM Smart with the browser's back button: the page comes from the bfcache still busy. */
  readonly #onPageShow = (event: PageTransitionEvent): void => {
    if (event.persisted) this.busy = false;
  };
}
