import { consume } from '@lit/context';
import type { SessionState, IamSmartClient, IamSmartErrorCode, IamSmartLang, SignResult, SignSession, SignSnapshot } from '@iamsmart/sdk';
import { LitElement, html, nothing } from 'lit';
import { property, state } from 'lit/decorators.js';
import { iamsActivityContext, iamsClientContext, type IamsProviderActivity } from '../context.js';
import { errorDetail } from '../error-detail.js';
import { IamsSignedEvent, type IamsErrorDetail } from '../events.js';
import { LangController, format, messagesFor } from '../i18n/index.js';
import { loginButtonStyles } from '../login-button/login-button.styles.js';
import { logo, newTabIcon } from '../login-button/logo.js';
import { SessionDialogController } from '../session-dialog.js';
import { spinner, spinnerStyles } from '../spinner.js';
import { visuallyHiddenStyles } from '../visually-hidden.styles.js';
import { signDialogStyles } from './sign-dialog.styles.js';

/** The code each failed state reports when the session gives no error of its own. */
const FALLBACK_CODES: Partial<Record<SessionState, IamSmartErrorCode>> = {
  denied: 'access_denied',
  expired: 'session_expired',
  error: 'unknown',
};

/**
 * "Signing with iAM Smart": a button in iAM Smart's wording and colours that opens a modal dialog
 * where the resident signs a document with the iAM Smart app on their phone. Place it inside an
 * `<iams-provider>` (configured with the signing trust anchors), set `document` (or `hash`) and
 * `document-name`; the button calls `open()`.
 *
 * The dialog shows the document's name, size and fingerprint (the first bytes of its SHA-256,
 * which the app shows too), then the QR code with the identification code, a countdown, "Get a
 * new code", "Open iAM Smart on this device" and where to type the code instead. Once the
 * resident approves, it shows the signature the SDK verified: the signer, the time, the signer's
 * certificate, a "Download signature" link (the result as JSON) and "Done". A declined, expired or
 * failed signing offers "Try again" or "Get a new code"; a document that cannot be signed, or a
 * page that is not set up for signing, shows why with only Close. Esc, Close and Done close the
 * dialog, cancel a signing still open, and return focus to the button. The document never leaves
 * the page: only its hash is sent.
 *
 * The dialog's code (and `<iams-qr-login>` with qrcode) loads on the first `open()`, so the button
 * paints without it.
 *
 * @summary The "Signing with iAM Smart" button and its signing dialog, in English, Traditional and Simplified Chinese.
 * @tag iams-sign-dialog
 *
 * @attr {string} lang - `en`, `zh-HK` or `zh-CN` (any `zh-Hant…`/`zh-Hans…`/`zh-TW` tag maps to them). Default: the closest ancestor's `lang`, crossing shadow roots, then the page's; other languages read English.
 *
 * @csspart trigger - The "Signing with iAM Smart" `<button>`.
 * @csspart logo - The mark (or the spinner while the dialog loads) inside the button.
 * @csspart label - The button's text.
 * @csspart more-info - The "More info" link to the iAM Smart website.
 * @csspart error - The message under the button when the dialog could not load.
 * @csspart dialog - The modal `<dialog>`.
 * @csspart dialog-close - The dialog's Close button.
 * @csspart document - The document's name, size and fingerprint (a `<dl>`).
 * @csspart progress - "Preparing the document…" while it is hashed.
 * @csspart qr-login - The `<iams-qr-login flow="sign">` showing the session.
 * @csspart failure - A failure that only Close can follow (a document that cannot be signed, signing not set up), with its message.
 * @csspart message - The failure's message.
 * @csspart result - The verified signature: signer, time, certificate and actions.
 * @csspart certificate - The signer's certificate details (a `<dl>`).
 * @csspart download - The "Download signature" link.
 * @csspart done - The "Done" button.
 *
 * @cssproperty [--iams-brand-color=#2b7367] - The button, "Done" and the QR login's buttons.
 * @cssproperty [--iams-brand-color-hover=#225c53] - Filled buttons on hover.
 * @cssproperty [--iams-brand-color-active=#1a4841] - Filled buttons while pressed.
 * @cssproperty [--iams-on-brand-color=#ffffff] - Text on filled buttons.
 * @cssproperty [--iams-surface-color=light-dark(#ffffff, #121a19)] - The dialog's background.
 * @cssproperty [--iams-surface-color-hover=light-dark(#e8f2f0, #1e2e2b)] - Outline buttons' background on hover (Close, Download signature).
 * @cssproperty [--iams-outline-color=light-dark(#2b7367, #8fd6c7)] - Outline buttons' border and text.
 * @cssproperty [--iams-text-color=light-dark(#1b1f1e, #e6ecea)] - The dialog's text.
 * @cssproperty [--iams-link-color=light-dark(#1f5a51, #8fd6c7)] - Links.
 * @cssproperty [--iams-focus-ring-color=light-dark(#163d37, #c4f0e6)] - The 3px keyboard focus ring.
 * @cssproperty [--iams-error-color=light-dark(#b3261e, #ffb4ab)] - Failure messages.
 * @cssproperty [--iams-button-radius=0.5rem] - Corner radius of the buttons.
 * @cssproperty [--iams-font-family=system-ui, sans-serif] - Font.
 * @cssproperty [--iams-qr-size=232px] - Width and height of the QR code, quiet zone included.
 * @cssproperty [--iams-qr-color=#000000] - The QR code's dark modules. Keep it dark on a light background: scanners need the contrast.
 * @cssproperty [--iams-qr-background=#ffffff] - The QR code's light modules and quiet zone.
 *
 * @event {IamsStateEvent} iams-state - The signing session moved to another state (`starting` while the document is hashed, then as `<iams-qr-login>`'s); `detail` is `{ state, userCode, expiresAt }`.
 * @event {IamsSignedEvent} iams-signed - The document was signed and the SDK verified the signature; `detail` is the `SignResult`. Fired once per signing.
 * @event {IamsErrorEvent} iams-error - The signing could not start, was declined, expired or failed; `detail` is `{ code, message, cause }`, `message` in the element's language. Cancelable: `preventDefault()` stops the dialog showing the message itself.
 */
export class IamsSignDialog extends LitElement {
  static override styles = [spinnerStyles, loginButtonStyles, signDialogStyles, visuallyHiddenStyles];

  /**
   * The document to sign: a `Blob`/`File`, an `ArrayBuffer` (or typed array) or a string (signed as
   * UTF-8). It is hashed in the browser and never leaves the page. Read by `open()`.
   */
  @property({ attribute: false }) document?: Blob | BufferSource | string;

  /** The document's SHA-256 (base64, 32 bytes) when the page hashed it itself; used when `document` is not set. */
  @property({ attribute: false }) hash?: string;

  /** The name the resident sees here and in the iAM Smart app, e.g. `Tenancy agreement.pdf` (1–200 characters). Read by `open()`. */
  @property({ attribute: 'document-name' }) documentName?: string;

  /** The SDK client, from the closest `<iams-provider>` (set it yourself when there is none). */
  @consume({ context: iamsClientContext, subscribe: true })
  @property({ attribute: false })
  client?: IamSmartClient;

  /** The clock the QR code's countdown reads, in ms since the epoch. Tests and stories set a fixed one. */
  @property({ attribute: false }) now: () => number = () => Date.now();

  /** While the provider loads the SDK, a click waits for it rather than failing. */
  @consume({ context: iamsActivityContext, subscribe: true })
  @state()
  private providerActivity: IamsProviderActivity = 'idle';

  /** The dialog's module, loaded on the first open; the dialog is rendered while `opened`. */
  @state() private content?: typeof import('./dialog-content.js');
  @state() private opened = false;
  /** True from a click until the dialog shows (its module or the SDK may still be loading). */
  @state() private opening = false;
  @state() private snapshot?: SignSnapshot;
  /** A failure the dialog shows itself, unless a listener took it over with `preventDefault()`. */
  @state() private failure?: IamsErrorDetail & { shown: boolean };
  /** A Blob URL of the signature result as JSON; revoked when the dialog closes. */
  @state() private downloadUrl?: string;
  /** What the dialog's live region says (the QR login announces its own states). */
  @state() private announcement = '';
  /** The trigger's own failure (the dialog's code could not load), shown under it. */
  @state() private errorMessage = '';

  readonly #lang = new LangController(this);
  readonly #dialog = new SessionDialogController(this, {
    flow: 'sign',
    // Failures a new code cannot mend: the dialog shows them itself, with only Close.
    finalCodes: ['document_invalid', 'invalid_config'],
    providerActivity: () => this.providerActivity,
    finish: () => {
      this.#finish();
    },
  });
  #session?: SignSession;
  /** The name the dialog was opened with. */
  #documentName = '';
  /** Set when the result is shown, so focus lost with the QR login goes to it. */
  #focusResult = false;

  constructor() {
    super();
    this.addController({
      hostDisconnected: () => {
        // A dialog that left the page must not keep a signing open.
        this.opened = false;
        this.#endSession();
        this.#revokeDownload();
      },
    });
  }

  /**
   * Opens the dialog and starts signing `document` (or `hash`) as `document-name`. Without them,
   * or without a client, the dialog says why and nothing is sent. Does nothing while open.
   */
  async open(): Promise<void> {
    if (this.opened || this.opening) return;
    const lang = this.#lang.lang;
    this.errorMessage = '';
    this.opening = true;
    try {
      this.content ??= await import('./dialog-content.js');
    } catch (error) {
      this.opening = false;
      this.#showUnderTrigger(errorDetail(error, lang, 'network_error', 'sign'));
      return;
    }
    let client = this.client;
    if (!client && this.providerActivity === 'loading') {
      client = await this.#dialog.providerReady();
    }
    this.opening = false;
    this.opened = true;
    this.#start(client, this.#lang.lang);
  }

  /** Closes the dialog; a signing still in progress is cancelled. */
  close(): void {
    if (!this.opened) return;
    this.renderRoot.querySelector('dialog')?.close();
    this.#finish();
  }

  protected override render() {
    const lang = this.#lang.lang;
    const text = messagesFor(lang);
    return html`
      <button part="trigger" type="button" lang=${lang} aria-haspopup="dialog" aria-busy=${this.opening ? 'true' : nothing} @click=${this.#dialog.onTriggerClick}>
        <span part="logo" class="logo">${this.opening ? spinner() : logo}</span>
        <span part="label" class="label">${text.sign.label}</span>
      </button>
      <a part="more-info" href=${text.moreInfoUrl} hreflang=${lang} lang=${lang} target="_blank" rel="noopener noreferrer"
        >${text.moreInfo}<span class="visually-hidden">${text.opensInNewTab}</span>${newTabIcon}</a
      >
      <p part="error" class=${this.errorMessage ? 'error shown' : 'error'} role="alert" lang=${lang}>${this.errorMessage}</p>
      ${this.opened && this.content
        ? this.content.signDialog({
            lang,
            documentName: this.#documentName,
            session: this.#session,
            snapshot: this.snapshot,
            failure: this.failure,
            downloadUrl: this.downloadUrl,
            announcement: this.announcement,
            now: this.now,
            onClose: this.#dialog.onClose,
            onDialogClose: this.#dialog.onDialogClose,
            onQrError: this.#dialog.onQrError,
          })
        : nothing}
    `;
  }

  protected override updated(): void {
    const dialog = this.renderRoot.querySelector('dialog');
    if (dialog && !dialog.open) dialog.showModal();
    if (this.#focusResult) {
      this.#focusResult = false;
      // Focus was on the QR login, which the result replaced: keep it in the dialog, on the news.
      if (!(this.renderRoot as ShadowRoot).activeElement) this.renderRoot.querySelector<HTMLElement>('#sign-result-title')?.focus();
    }
  }

  #start(client: IamSmartClient | undefined, lang: IamSmartLang): void {
    const text = messagesFor(lang).sign;
    this.#revokeDownload();
    this.snapshot = undefined;
    this.failure = undefined;
    this.announcement = '';
    this.#documentName = this.documentName?.trim() ?? '';
    if (!client) {
      this.#fail({ code: 'invalid_config', message: text.notConfigured }, lang);
      return;
    }
    const source = this.document !== undefined ? { document: this.document } : this.hash !== undefined ? { hash: this.hash } : undefined;
    if (!source || !this.#documentName) {
      this.#fail({ code: 'document_invalid', message: text.errors.document_invalid }, lang);
      return;
    }
    const session = client.startSigning({ ...source, documentName: this.#documentName, lang });
    this.#session = session;
    this.#dialog.follow(
      session,
      (snapshot) => {
        this.snapshot = snapshot;
      },
      (snapshot) => {
        this.#onState(snapshot);
      },
    );
  }

  /** A snapshot in a new state, once reported as `iams-state`. */
  #onState(snapshot: SignSnapshot): void {
    const lang = this.#lang.lang;
    const text = messagesFor(lang).sign;
    if (snapshot.state === 'starting' && !snapshot.document) {
      this.announcement = text.preparing;
    } else if (snapshot.state === 'done' && snapshot.result) {
      this.#signed(snapshot.result, lang);
    } else {
      const fallback = FALLBACK_CODES[snapshot.state];
      const detail = fallback && errorDetail(snapshot.error, lang, fallback, 'sign');
      // Other failures are the QR login's to show (with "Try again"); it reports them through onQrError.
      if (detail && this.#dialog.isFinal(detail.code)) this.#fail(detail, lang);
    }
  }

  #signed(result: SignResult, lang: IamSmartLang): void {
    this.downloadUrl = URL.createObjectURL(new Blob([JSON.stringify(result, null, 2)], { type: 'application/json' }));
    this.announcement = format(messagesFor(lang).sign.signedBy, { signer: result.signer });
    this.#focusResult = true;
    this.dispatchEvent(new IamsSignedEvent(result));
  }

  #fail(detail: IamsErrorDetail, lang: IamSmartLang): void {
    ({ failure: this.failure, announcement: this.announcement } = this.#dialog.fail(detail, lang));
  }

  #showUnderTrigger(detail: IamsErrorDetail): void {
    if (this.#dialog.failUnderTrigger(detail)) this.errorMessage = detail.message;
  }

  /** The dialog closed: what is live is cancelled, the result's file forgotten, and focus returns to the button. */
  #finish(): void {
    if (!this.opened) return;
    this.opened = false;
    this.#endSession();
    this.#revokeDownload();
    this.#dialog.focusTrigger();
  }

  /** Cancels a session still live (reported as `cancelled`), then stops listening to it. */
  #endSession(): void {
    this.#session = undefined;
    this.#dialog.end();
  }

  #revokeDownload(): void {
    if (this.downloadUrl) URL.revokeObjectURL(this.downloadUrl);
    this.downloadUrl = undefined;
  }
}
