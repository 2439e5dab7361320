import { FAILURE_CODES, LIVE_STATES } from '@iamsmart/protocol';
import type { IamSmartLang, SessionChannel, SessionState, Unsubscribe } from '@iamsmart/sdk';
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { IamsStateEvent, type IamsErrorDetail } from '../events.js';
import { flowMessages, type Flow } from '../i18n/index.js';
import { errorDetail } from './error-detail.js';

/** What every session's snapshots share: the state, the code it shows, and a failure's cause. */
export interface FollowedSnapshot {
  state: SessionState;
  /** How the resident is asked (backend mode: `app`, `hosted`); absent reads as `qr`. */
  channel?: SessionChannel;
  userCode?: string;
  expiresAt?: number;
  error?: unknown;
}

/** A session an element follows: it reports snapshots and can be cancelled. */
export interface FollowedSession<T extends FollowedSnapshot> {
  subscribe(listener: (snapshot: T) => void): Unsubscribe;
  cancel(): void;
}

/** States in which the code can still be used and the countdown runs. */
export function isLive(state: SessionState): boolean {
  return LIVE_STATES.includes(state);
}

export interface SessionControllerOptions<T extends FollowedSnapshot> {
  /** The language the element speaks now. */
  readonly lang: () => IamSmartLang;
  /** Whose words a failure's message uses. */
  readonly flow: () => Flow;
  /** Every snapshot, before anything is reported. */
  readonly onSnapshot?: (snapshot: T) => void;
  /** A snapshot in a new state that is no failure, once reported as `iams-state`. */
  readonly onState?: (snapshot: T) => void;
  /** A snapshot in a failed state (`denied`, `expired`, `error`), once reported as `iams-state`, with its `iams-error` detail. */
  readonly onFailure?: (detail: IamsErrorDetail, snapshot: T) => void;
}

/**
 * Follows one SDK session for an element (`<iams-qr-login>`, `<iams-sign-dialog>`,
 * `<iams-eme-autofill>`): subscribes while the element is connected, keeps the last snapshot,
 * reports each new state as `iams-state` from the element, turns a failed state into an
 * `iams-error` detail (the session's own error, else the code the state stands for) and holds
 * what the element's live region says. A session that leaves the page with its element is
 * cancelled: a widget no longer shown must not keep a login open.
 */
export class SessionController<T extends FollowedSnapshot> implements ReactiveController {
  protected readonly host: ReactiveControllerHost & HTMLElement;
  readonly #options: SessionControllerOptions<T>;
  #session?: FollowedSession<T>;
  #unsubscribe?: Unsubscribe;
  /** The state last reported by `iams-state`. */
  #state: SessionState = 'idle';
  #snapshot?: T;
  #announcement = '';

  constructor(host: ReactiveControllerHost & HTMLElement, options: SessionControllerOptions<T>) {
    this.host = host;
    this.#options = options;
    host.addController(this);
  }

  /** The session followed. */
  get session(): FollowedSession<T> | undefined {
    return this.#session;
  }

  /** Its last snapshot (cleared when another session is followed). */
  get snapshot(): T | undefined {
    return this.#snapshot;
  }

  /** What the element's live region says: changed only at transitions and the moments worth telling. */
  get announcement(): string {
    return this.#announcement;
  }

  set announcement(text: string) {
    this.#announcement = text;
    this.host.requestUpdate();
  }

  /** Follows `session` instead of the one followed, which is cancelled without a word (no `iams-state`). */
  follow(session: FollowedSession<T> | undefined): void {
    if (session === this.#session) return;
    const previous = this.#session;
    this.#stopListening();
    previous?.cancel();
    this.#session = session;
    this.#snapshot = undefined;
    this.host.requestUpdate();
    if (session && this.host.isConnected) this.#listen(session);
  }

  /** Cancels a session still live (reported as `cancelled`), then stops listening to it. */
  end(): void {
    this.#session?.cancel();
    this.follow(undefined);
    this.#state = 'idle';
  }

  /** The `iams-error` detail a snapshot in a failed state stands for; undefined in any other state. */
  failureOf(snapshot: T): IamsErrorDetail | undefined {
    const fallback = (FAILURE_CODES as Partial<Record<SessionState, IamsErrorDetail['code']>>)[snapshot.state];
    const detail = fallback && errorDetail(snapshot.error, this.#options.lang(), fallback, this.#options.flow());
    // Without a QR code there was no code to expire: the request did, and "Start again" sends a new one.
    if (detail?.code === 'session_expired' && snapshot.channel !== undefined && snapshot.channel !== 'qr') {
      return { ...detail, message: flowMessages(this.#options.lang(), this.#options.flow()).qr.requestExpiredMessage };
    }
    return detail;
  }

  hostConnected(): void {
    if (this.#session && !this.#unsubscribe) this.#listen(this.#session);
  }

  /** Removed from the page: the session is cancelled, without a word from an element no longer there. */
  hostDisconnected(): void {
    this.follow(undefined);
    this.#state = 'idle';
  }

  #listen(session: FollowedSession<T>): void {
    this.#unsubscribe = session.subscribe((snapshot) => {
      this.#onSnapshot(snapshot);
    });
  }

  #stopListening(): void {
    this.#unsubscribe?.();
    this.#unsubscribe = undefined;
  }

  #onSnapshot(snapshot: T): void {
    this.#snapshot = snapshot;
    this.host.requestUpdate();
    this.#options.onSnapshot?.(snapshot);
    if (snapshot.state === this.#state) return;
    this.#state = snapshot.state;
    this.host.dispatchEvent(new IamsStateEvent({ state: snapshot.state, userCode: snapshot.userCode, expiresAt: snapshot.expiresAt }));
    const failure = this.failureOf(snapshot);
    if (failure) this.#options.onFailure?.(failure, snapshot);
    else this.#options.onState?.(snapshot);
  }
}
