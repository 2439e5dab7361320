import type { IamSmartAnyClient, IamSmartLang, BackendSignResult, BackendSignSnapshot } from '@iamsmart/sdk';
import { html, nothing } from 'lit';
import { property, state } from 'lit/decorators.js';
import { IamsSignedEvent } from '../events.js';
import { LangController, format, messagesFor } from '../i18n/index.js';
import { SessionDialogController } from '../shared/session-dialog.js';
import { SessionElement } from '../shared/session-element.js';
import { spinnerStyles } from '../shared/spinner.js';
import { themeStyles } from '../shared/theme.styles.js';
import { trigger } from '../shared/trigger.js';
import { triggerStyles } from '../shared/trigger.styles.js';
import { flowTriggerStyles } from '../shared/flow-trigger.styles.js';
import { visuallyHiddenStyles } from '../shared/visually-hidden.styles.js';

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
 * failed signing offers "Try again" or "Get a new QR code"; a document that cannot be signed, or a
 * page that is not set up for signing, shows why with only Close. Esc, Close and Done close the
 * dialog, cancel a signing still open, and return focus to the button. The document never leaves
 * the page: only its hash is sent.
 *
 * The dialog's code (and `<iams-qr-login>` with qrcode) loads on the first `open()`, so the button
 * paints without it.
 *
 * In backend mode (`<iams-provider backend="…">`) the website's server asks iAM Smart and verifies
 * the signature; the page only hashes the document. There is no QR code on the page: the dialog
 * says to open the iAM Smart app, where the request waits (with the identification code), or
 * offers "Continue on iAM Smart's page" in a new tab (`channel` `app` / `hosted`, see
 * `<iams-qr-login>`), and shows the server's summary once done. The states, events and refusals are the same.
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
 * @event {IamsSignedEvent} iams-signed - The document was signed and the signature verified (by the SDK; in backend mode by the website's server); `detail` is the `SignResult` (backend mode: `BackendSignResult`, the signature and chain only when the server passes them on). Fired once per signing.
 * @event {IamsErrorEvent} iams-error - The signing could not start, was declined, expired or failed; `detail` is `{ code, message, cause }`, `message` in the element's language. Cancelable: `preventDefault()` stops the dialog showing the message itself.
 */
export class IamsSignDialog extends SessionElement {
  static override styles = [themeStyles, spinnerStyles, triggerStyles, flowTriggerStyles, visuallyHiddenStyles];

  /**
   * The document to sign: a `Blob`/`File`, an `ArrayBuffer` (or typed array) or a string (signed as
   * UTF-8). It is hashed in the browser and never leaves the page. Read by `open()`.
   */
  @property({ attribute: false }) document?: Blob | BufferSource | string;

  /** The document's SHA-256 (base64, 32 bytes) when the page hashed it itself; used when `document` is not set. */
  @property({ attribute: false }) hash?: string;

  /** The name the resident sees here and in the iAM Smart app, e.g. `Tenancy agreement.pdf` (1–200 characters). Read by `open()`. */
  @property({ attribute: 'document-name' }) documentName?: string;

  /** The dialog's module, loaded on the first open. */
  @state() private content?: typeof import('./dialog-content.js');
  /** A Blob URL of the signature result as JSON; revoked when the dialog closes. */
  @state() private downloadUrl?: string;

  /** The dialog's QR strings join the trigger's once the dialog is wanted. */
  #dialogWanted = false;
  readonly #lang = new LangController(this, () => (this.#dialogWanted ? ['common', 'sign', 'qr'] : ['common', 'sign']));
  readonly #dialog: SessionDialogController<BackendSignSnapshot> = new SessionDialogController<BackendSignSnapshot>(this, {
    lang: () => this.#lang.lang,
    flow: () => 'sign',
    finalCodes: ['document_invalid', 'invalid_config'],
    providerActivity: () => this.providerActivity,
    load: async () => {
      this.#dialogWanted = true;
      const [content] = await Promise.all([import('./dialog-content.js'), this.#lang.ready()]);
      return (this.content ??= content);
    },
    start: (client) => {
      this.#start(client, this.#lang.lang);
    },
    onState: (snapshot) => {
      this.#onState(snapshot);
    },
    finished: () => {
      this.#revokeDownload();
    },
  });
  /** The name the dialog was opened with. */
  #documentName = '';

  /**
   * Opens the dialog and starts signing `document` (or `hash`) as `document-name`. Without them,
   * or without a client, the dialog says why and nothing is sent. Does nothing while open.
   */
  open(): Promise<void> {
    return this.#dialog.open();
  }

  /** Closes the dialog; a signing still in progress is cancelled. */
  close(): void {
    this.#dialog.close();
  }

  /** The first render waits for the element's strings, and a language switch for the new ones (decision 042). */
  // eslint-disable-next-line @typescript-eslint/no-invalid-void-type -- Lit's own signature
  protected override scheduleUpdate(): void | Promise<unknown> {
    const loading = this.#lang.settle();
    return loading ? loading.then(() => super.scheduleUpdate()) : super.scheduleUpdate();
  }

  protected override render() {
    const lang = this.#lang.lang;
    const dialog = this.#dialog;
    return html`
      ${trigger({ lang, label: messagesFor(lang).sign.label, busy: dialog.opening, opensDialog: true, onClick: dialog.onTriggerClick, error: dialog.triggerError })}
      ${dialog.opened && this.content
        ? this.content.signDialog({
            lang,
            documentName: this.#documentName,
            session: dialog.session,
            snapshot: dialog.snapshot,
            failure: dialog.failure,
            downloadUrl: this.downloadUrl,
            announcement: dialog.announcement,
            now: this.now,
            onClose: dialog.onClose,
            onDialogClose: dialog.onDialogClose,
            onQrError: dialog.onQrError,
          })
        : nothing}
    `;
  }

  #start(client: IamSmartAnyClient | undefined, lang: IamSmartLang): void {
    const text = messagesFor(lang).sign;
    this.#revokeDownload();
    this.#documentName = this.documentName?.trim() ?? '';
    if (!client) {
      this.#dialog.fail({ code: 'invalid_config', message: text.notConfigured });
      return;
    }
    const source = this.document !== undefined ? { document: this.document } : this.hash !== undefined ? { hash: this.hash } : undefined;
    if (!source || !this.#documentName) {
      this.#dialog.fail({ code: 'document_invalid', message: text.errors.document_invalid });
      return;
    }
    this.#dialog.follow(client.startSigning({ ...source, documentName: this.#documentName, lang }));
  }

  /** A snapshot in a new state (no failure), once reported as `iams-state`. */
  #onState(snapshot: BackendSignSnapshot): void {
    const lang = this.#lang.lang;
    if (snapshot.state === 'starting' && !snapshot.document) {
      this.#dialog.announcement = messagesFor(lang).sign.preparing;
    } else if (snapshot.state === 'done' && snapshot.result) {
      this.#signed(snapshot.result, lang);
    }
  }

  #signed(result: BackendSignResult, lang: IamSmartLang): void {
    this.downloadUrl = URL.createObjectURL(new Blob([JSON.stringify(result, null, 2)], { type: 'application/json' }));
    this.#dialog.announcement = format(messagesFor(lang).sign.signedBy, { signer: result.signer });
    // Focus was on the QR login, which the result replaces: keep it in the dialog, on the news.
    this.#dialog.focusAfterUpdate('#sign-result-title', true);
    this.dispatchEvent(new IamsSignedEvent(result));
  }

  #revokeDownload(): void {
    if (this.downloadUrl) URL.revokeObjectURL(this.downloadUrl);
    this.downloadUrl = undefined;
  }
}
