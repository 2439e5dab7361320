import type { SessionState, IamSmartClient, IamSmartErrorCode, IamSmartLang, Unsubscribe } from '@iamsmart/sdk';
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { IamsProviderActivity } from './context.js';
import { IamsErrorEvent, IamsStateEvent, type IamsErrorDetail } from './events.js';
import { messagesFor } from './i18n/index.js';

/** An element with a trigger button (`part="trigger"`) that opens a dialog following one session. */
export interface SessionDialogHost extends ReactiveControllerHost, HTMLElement {
  readonly renderRoot: HTMLElement | DocumentFragment;
  client?: IamSmartClient;
  open(): Promise<void>;
  close(): void;
}

/** What a session's snapshots share: the state and the code it shows. */
interface SessionSnapshot {
  state: SessionState;
  userCode?: string;
  expiresAt?: number;
}

/** A session the dialog follows: it reports snapshots and can be cancelled. */
interface Session<T extends SessionSnapshot> {
  subscribe(listener: (snapshot: T) => void): Unsubscribe;
  cancel(): void;
}

export interface SessionDialogOptions {
  /** Whose messages the dialog's failures use. */
  readonly flow: 'sign' | 'eme';
  /** Failures a new code cannot mend: the dialog shows them itself, with only Close. */
  readonly finalCodes: readonly IamSmartErrorCode[];
  /** The closest provider's activity, as the host consumes it. */
  readonly providerActivity: () => IamsProviderActivity;
  /** The dialog closed (Esc): the host's own finish. */
  readonly finish: () => void;
}

/**
 * The mechanics shared by the elements whose trigger opens a session dialog (`<iams-sign-dialog>`,
 * `<iams-eme-autofill>`): waiting for a provider still loading the SDK, following the session and
 * ending it, the inner `<iams-qr-login>`'s `iams-error` and the trigger's and dialog's handlers.
 * The host keeps its own state (what it renders); this holds none of it.
 */
export class SessionDialogController implements ReactiveController {
  readonly #host: SessionDialogHost;
  readonly #options: SessionDialogOptions;
  #session?: { cancel(): void };
  #unsubscribe?: Unsubscribe;
  /** The state last reported by `iams-state`. */
  #state: SessionState = 'idle';
  /** Resolves an open() that came while the provider was still loading, once it is done. */
  #providerReady?: (client: IamSmartClient | undefined) => void;

  constructor(host: SessionDialogHost, options: SessionDialogOptions) {
    this.#host = host;
    this.#options = options;
    host.addController(this);
  }

  /** The client once the provider, still loading the SDK, is done (a click waits for it rather than failing). */
  providerReady(): Promise<IamSmartClient | undefined> {
    return new Promise<IamSmartClient | undefined>((resolve) => (this.#providerReady = resolve));
  }

  hostUpdate(): void {
    if (this.#providerReady && this.#options.providerActivity() !== 'loading') {
      this.#providerReady(this.#host.client);
      this.#providerReady = undefined;
    }
  }

  /**
   * Follows `session`: every snapshot goes to `onSnapshot`; one in a new state is reported as
   * `iams-state`, then goes to `onState`.
   */
  follow<T extends SessionSnapshot>(session: Session<T>, onSnapshot: (snapshot: T) => void, onState: (snapshot: T) => void): void {
    this.#session = session;
    this.#unsubscribe = session.subscribe((snapshot) => {
      onSnapshot(snapshot);
      if (snapshot.state === this.#state) return;
      this.#state = snapshot.state;
      this.#host.dispatchEvent(new IamsStateEvent({ state: snapshot.state, userCode: snapshot.userCode, expiresAt: snapshot.expiresAt }));
      onState(snapshot);
    });
  }

  /** Cancels a session still live (reported as `cancelled`), then stops listening to it. */
  end(): void {
    const session = this.#session;
    this.#session = undefined;
    session?.cancel();
    this.#unsubscribe?.();
    this.#unsubscribe = undefined;
    this.#state = 'idle';
  }

  /** Whether `code` is a failure the dialog shows itself, with only Close. */
  isFinal(code: IamSmartErrorCode): boolean {
    return this.#options.finalCodes.includes(code);
  }

  /**
   * Reports a failure the dialog shows itself: `shown` unless a listener took it over with
   * `preventDefault()`, and what the live region says.
   */
  fail(detail: IamsErrorDetail, lang: IamSmartLang): { failure: IamsErrorDetail & { shown: boolean }; announcement: string } {
    const shown = this.#host.dispatchEvent(new IamsErrorEvent(detail));
    const title = messagesFor(lang)[this.#options.flow].qr.failed;
    return { failure: { ...detail, shown }, announcement: shown ? `${title} ${detail.message}` : title };
  }

  /** Reports the trigger's own failure; true when the host should show it under the trigger. */
  failUnderTrigger(detail: IamsErrorDetail): boolean {
    return this.#host.dispatchEvent(new IamsErrorEvent(detail));
  }

  /**
   * The QR login's `iams-error` comes out of the element as the element's own, once; when the
   * page's listener calls `preventDefault()`, the QR login does not show the message either.
   */
  readonly onQrError = (event: IamsErrorEvent): void => {
    event.stopPropagation();
    // The dialog reports these itself (from the session), in place of the QR login.
    if (this.isFinal(event.detail.code)) return;
    if (!this.#host.dispatchEvent(new IamsErrorEvent(event.detail))) event.preventDefault();
  };

  readonly onTriggerClick = (): void => {
    void this.#host.open();
  };

  readonly onClose = (): void => {
    this.#host.close();
  };

  /**
   * Esc closes the `<dialog>` itself. The event comes a task later: one from a dialog already gone,
   * or open again, belongs to an earlier opening.
   */
  readonly onDialogClose = (event: Event): void => {
    const dialog = event.target as HTMLDialogElement;
    if (dialog.isConnected && !dialog.open) this.#options.finish();
  };

  /** Returns focus to the trigger, once the dialog closed. */
  focusTrigger(): void {
    this.#host.renderRoot.querySelector<HTMLButtonElement>('[part="trigger"]')?.focus();
  }
}
