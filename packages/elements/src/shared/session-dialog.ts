import type { IamSmartAnyClient, IamSmartErrorCode } from '@iamsmart/sdk';
import { adoptStyles, type CSSResultOrNative, type ReactiveElement } from 'lit';
import { IamsErrorEvent, type IamsErrorDetail } from '../events.js';
import { flowMessages } from '../i18n/index.js';
import type { IamsProviderActivity } from './context.js';
import { SessionController, type FollowedSnapshot, type SessionControllerOptions } from './session-controller.js';
import { TriggerController, type TriggerHost } from './trigger-controller.js';

/** An element with a trigger button (`part="trigger"`) that opens a dialog. */
export interface SessionDialogHost extends TriggerHost {
  readonly renderRoot: HTMLElement | DocumentFragment;
}

/** A failure the dialog shows itself; `shown` is false when a listener took the message over with `preventDefault()`. */
export type ShownFailure = IamsErrorDetail & { shown: boolean };

export interface SessionDialogOptions<T extends FollowedSnapshot> extends SessionControllerOptions<T> {
  /** Failures a new code cannot mend: the dialog shows them itself, with only Close (the QR login shows the others, with "Try again"). */
  readonly finalCodes?: readonly IamSmartErrorCode[];
  /** The closest provider's activity, as the host consumes it. */
  readonly providerActivity: () => IamsProviderActivity;
  /** The host's trigger controller, when it made one before the dialog's (the login button: decision 045); else the dialog makes its own. */
  readonly trigger?: TriggerController;
  /**
   * Loads the dialog's module (its content, `<iams-qr-login>` and qrcode), on the first open. Its
   * `styles` (the dialog's) are adopted then, after the element's own, so a page that never opens
   * the dialog never loads them.
   */
  readonly load: () => Promise<{ readonly styles: readonly CSSResultOrNative[] }>;
  /** The dialog is about to show: the host starts what it shows (a session, a list, a failure). */
  readonly start?: (client: IamSmartAnyClient | undefined) => void;
  /** The dialog closed, or the element left the page: the host forgets what was its own. */
  readonly finished?: () => void;
}

/**
 * The dialog every flow's trigger opens (`<iams-sign-dialog>`, `<iams-eme-autofill>`, and
 * `<iams-login-button mode="qr">`): loading its module on the first open, waiting for a provider
 * still loading the SDK, `showModal()`, following the session (see `SessionController`), the
 * failures it shows itself and the one under the trigger, where focus goes, the trigger's and the
 * dialog's handlers, and ending it all when the dialog closes. The host keeps only its own state.
 */
export class SessionDialogController<T extends FollowedSnapshot = FollowedSnapshot> extends SessionController<T> {
  declare protected readonly host: SessionDialogHost;
  readonly #dialogOptions: SessionDialogOptions<T>;
  /** The dialog is rendered while opened. */
  #opened = false;
  /** True from a click until the dialog shows (its module or the SDK may still be loading). */
  #opening = false;
  #failure?: ShownFailure;
  /** The client, and the failure shown under the trigger. */
  readonly trigger: TriggerController;
  /** Where focus goes after the next update, and whether only when it was lost. */
  #focus?: { selector: string; onlyIfLost: boolean };
  /** The dialog's styles are adopted. */
  #styled = false;

  constructor(host: SessionDialogHost, options: SessionDialogOptions<T>) {
    super(host, {
      ...options,
      onFailure: (detail, snapshot) => {
        // Other failures are the QR login's to show (with "Try again"); it reports them through onQrError.
        if (this.isFinal(detail.code)) this.fail(detail);
        options.onFailure?.(detail, snapshot);
      },
    });
    this.#dialogOptions = options;
    this.trigger = options.trigger ?? new TriggerController(host, options.providerActivity);
  }

  get opened(): boolean {
    return this.#opened;
  }

  get opening(): boolean {
    return this.#opening;
  }

  get failure(): ShownFailure | undefined {
    return this.#failure;
  }

  get triggerError(): string {
    return this.trigger.error;
  }

  /** The client once the provider, still loading the SDK, is done (a click waits for it rather than failing). */
  client(): Promise<IamSmartAnyClient | undefined> {
    return this.trigger.client();
  }

  /** Opens the dialog: loads its module, waits for the provider, then lets the host start. Does nothing while open. */
  async open(): Promise<void> {
    if (this.#opened || this.#opening) return;
    const { lang, flow, load } = this.#dialogOptions;
    this.clearTriggerError();
    this.#set(() => (this.#opening = true));
    let styles;
    try {
      ({ styles } = await load());
    } catch (error) {
      this.#set(() => (this.#opening = false));
      await this.trigger.failWith(error, lang(), 'network_error', flow());
      return;
    }
    if (!this.#styled) {
      this.#styled = true;
      adoptStyles(this.host.renderRoot as ShadowRoot, [...(this.host.constructor as typeof ReactiveElement).elementStyles, ...styles]);
    }
    const client = await this.client();
    this.#set(() => {
      this.#opening = false;
      this.#failure = undefined;
      this.announcement = '';
    });
    this.#dialogOptions.start?.(client);
    this.#set(() => (this.#opened = true));
  }

  /** Closes the dialog; what is still live is cancelled and focus returns to the trigger. */
  close(): void {
    if (!this.#opened) return;
    this.#dialog()?.close();
    this.#finish();
  }

  /** Whether `code` is a failure the dialog shows itself, with only Close. */
  isFinal(code: IamSmartErrorCode): boolean {
    return this.#dialogOptions.finalCodes?.includes(code) ?? false;
  }

  /** Reports a failure the dialog shows itself (with only Close) and announces it. */
  fail(detail: IamsErrorDetail): void {
    const shown = this.host.dispatchEvent(new IamsErrorEvent(detail));
    const title = flowMessages(this.#dialogOptions.lang(), this.#dialogOptions.flow()).qr.failed;
    this.#failure = { ...detail, shown };
    this.announcement = shown ? `${title} ${detail.message}` : title;
  }

  /** Reports the trigger's own failure and shows it under the trigger, unless a listener took it over. */
  failUnderTrigger(detail: IamsErrorDetail): void {
    this.trigger.fail(detail);
  }

  /** A new attempt: the message under the trigger goes. */
  clearTriggerError(): void {
    this.trigger.clear();
  }

  /** After the next update, focus goes to `selector` in the dialog (only if focus was lost, with `onlyIfLost`). */
  focusAfterUpdate(selector: string, onlyIfLost = false): void {
    this.#focus = { selector, onlyIfLost };
  }

  hostUpdated(): void {
    const dialog = this.#dialog();
    if (dialog && !dialog.open) dialog.showModal();
    const focus = this.#focus;
    this.#focus = undefined;
    if (!focus || (focus.onlyIfLost && (this.host.renderRoot as ShadowRoot).activeElement)) return;
    this.host.renderRoot.querySelector<HTMLElement>(focus.selector)?.focus();
  }

  override hostDisconnected(): void {
    // A dialog that left the page must not keep a session open.
    this.#opened = false;
    this.end();
    this.#dialogOptions.finished?.();
  }

  /**
   * The QR login's `iams-error` comes out of the element as the element's own, once; when the
   * page's listener calls `preventDefault()`, the QR login does not show the message either.
   */
  readonly onQrError = (event: IamsErrorEvent): void => {
    event.stopPropagation();
    // The dialog reports these itself (from the session), in place of the QR login.
    if (this.isFinal(event.detail.code)) return;
    if (!this.host.dispatchEvent(new IamsErrorEvent(event.detail))) event.preventDefault();
  };

  readonly onTriggerClick = (): void => {
    void this.open();
  };

  readonly onClose = (): void => {
    this.close();
  };

  /**
   * Esc closes the `<dialog>` itself. The event comes a task later: one from a dialog already gone,
   * or open again, belongs to an earlier opening.
   */
  readonly onDialogClose = (event: Event): void => {
    const dialog = event.target as HTMLDialogElement;
    if (dialog.isConnected && !dialog.open) this.#finish();
  };

  /** The dialog closed: what is live is cancelled, the host forgets its own, and focus returns to the trigger. */
  #finish(): void {
    if (!this.#opened) return;
    this.#set(() => (this.#opened = false));
    this.end();
    this.#dialogOptions.finished?.();
    this.host.renderRoot.querySelector<HTMLButtonElement>('[part="trigger"]')?.focus();
  }

  #dialog(): HTMLDialogElement | null {
    return this.host.renderRoot.querySelector('dialog');
  }

  #set(change: () => void): void {
    change();
    this.host.requestUpdate();
  }
}
