import type {
  CrossDeviceSession,
  CrossDeviceSnapshot,
  CrossDeviceState,
  IamSmartClaims,
  IamSmartError,
  IamSmartErrorCode,
  IamSmartUser,
  Unsubscribe,
} from '@iamsmart/sdk';
import { CHAN_TAI_MAN, STORYBOOK_ISSUER } from './resident.js';

// Loaded the way <iams-provider> loads it (dynamically), so the Storybook build splits the SDK
// off as a page's bundler would, rather than pulling it into every story.
const sdk = await import('@iamsmart/sdk');

/**
 * The payload a real session shows first: the sandbox's QR link with start token `storybook`,
 * `t=0` and `h` = base64url(HMAC-SHA256(key "storybook-qr-start-secret", "storybook.0")), as the
 * SDK computes it. Fixed, so the QR code is the same pixels in every run.
 */
export const STORYBOOK_QR_PAYLOAD = `${STORYBOOK_ISSUER}/app/qr?s=storybook&t=0&h=J98F9AZyvR_RNCp2shmUaZe6hsEc3SvBhvU0XBpYg40`;
/** The identification code the resident matches in the app. */
export const STORYBOOK_USER_CODE = '4821-0937';
export const STORYBOOK_VERIFICATION_URI = `${STORYBOOK_ISSUER}/app/code`;
/** The sandbox's default session lifetime. */
const SESSION_SECONDS = 180;

/** The outcome behind a `denied`, `expired` or `error` snapshot. */
export type FakeEnding = 'declined' | 'code_mismatch' | 'expired' | 'network_error' | 'rate_limited';

const ENDINGS: Record<FakeEnding, { state: CrossDeviceState; code: IamSmartErrorCode; message: string }> = {
  declined: { state: 'denied', code: 'access_denied', message: 'The resident declined in the (scripted) app.' },
  code_mismatch: { state: 'denied', code: 'code_mismatch', message: 'The resident tapped another identification code in the (scripted) app.' },
  expired: { state: 'expired', code: 'session_expired', message: 'The (scripted) session ran out of time.' },
  network_error: { state: 'error', code: 'network_error', message: 'The (scripted) status stream was lost and could not be re-established.' },
  rate_limited: { state: 'error', code: 'rate_limited', message: 'The (scripted) provider answered 429 Too Many Requests.' },
};

/** One change of a scripted session: what it becomes, `afterMs` after the previous step. */
export interface FakeStep {
  afterMs: number;
  state: CrossDeviceState;
  /** With `denied`, `expired` or `error`: which failure. */
  ending?: FakeEnding;
  reconnecting?: boolean;
}

export interface FakeSessionOptions {
  /** Where the session starts. Default `starting`. */
  state?: CrossDeviceState;
  /** With state `denied`, `expired` or `error`: which failure. */
  ending?: FakeEnding;
  /** True: the SDK is retrying a lost connection. */
  reconnecting?: boolean;
  /** Seconds from `now()` to the session's end. Default 180, the sandbox's default lifetime. */
  secondsLeft?: number;
  /** The clock `expiresAt` is counted from (ms since the epoch). Default `Date.now`. */
  now?: () => number;
  /** Changes played one after another once the session exists (timers); none by default, so the snapshot stays put. */
  script?: readonly FakeStep[];
  /** How long `refresh()` stays `starting` before the new code is shown. Default 300 ms. */
  refreshMs?: number;
  /** Who logs in when the session reaches `done`. */
  claims?: IamSmartClaims;
}

const FINAL: readonly CrossDeviceState[] = ['done', 'denied', 'expired', 'cancelled', 'error'];

/**
 * A scripted `CrossDeviceSession` for stories: no network, no timers unless a script asks for
 * them, fixed QR payload and identification code, so each state renders the same every time.
 * Play functions move it on with `advance()`; `refresh()` and `cancel()` behave as the SDK's do
 * (a new code after a short `starting`; `cancelled` unless already ended). As the SDK's, the
 * same-device app link is the QR payload itself, opened on this device.
 */
export class FakeCrossDeviceSession implements CrossDeviceSession {
  readonly done: Promise<IamSmartUser>;
  /** How many times the element asked for a new code. */
  refreshCalls = 0;

  #snapshot: CrossDeviceSnapshot;
  /** When the current code ends; a new code (`refresh()`) gets a whole new lifetime. */
  #expiresAt: number;
  readonly #subscribers = new Set<(snapshot: CrossDeviceSnapshot) => void>();
  readonly #options: Required<Omit<FakeSessionOptions, 'state' | 'ending' | 'reconnecting'>>;
  readonly #timers = new Set<ReturnType<typeof setTimeout>>();
  #settle?: { resolve: (user: IamSmartUser) => void; reject: (error: IamSmartError) => void };

  constructor(options: FakeSessionOptions = {}) {
    this.#options = {
      secondsLeft: SESSION_SECONDS,
      now: () => Date.now(),
      script: [],
      refreshMs: 300,
      claims: CHAN_TAI_MAN,
      ...options,
    };
    this.done = new Promise<IamSmartUser>((resolve, reject) => (this.#settle = { resolve, reject }));
    // The SDK's promise is there to be awaited when a page wants it; an ending nobody awaits is
    // not an unhandled rejection.
    this.done.catch(() => undefined);
    this.#expiresAt = this.#newExpiry();
    this.#snapshot = this.#snapshotFor(options.state ?? 'starting', options.ending, options.reconnecting ?? false);
    this.#settleIfFinal();
    this.#play(this.#options.script);
  }

  get state(): CrossDeviceState {
    return this.#snapshot.state;
  }
  get qrPayload(): string | undefined {
    return this.#snapshot.qrPayload;
  }
  get userCode(): string | undefined {
    return this.#snapshot.userCode;
  }
  get verificationUri(): string | undefined {
    return this.#snapshot.verificationUri;
  }
  get appLink(): string | undefined {
    return this.#snapshot.appLink;
  }
  get expiresAt(): number | undefined {
    return this.#snapshot.expiresAt;
  }
  get reconnecting(): boolean {
    return this.#snapshot.reconnecting;
  }
  get error(): IamSmartError | undefined {
    return this.#snapshot.error;
  }
  get user(): IamSmartUser | undefined {
    return this.#snapshot.user;
  }

  subscribe(callback: (snapshot: CrossDeviceSnapshot) => void): Unsubscribe {
    this.#subscribers.add(callback);
    callback({ ...this.#snapshot });
    return () => this.#subscribers.delete(callback);
  }

  refresh(): void {
    this.refreshCalls++;
    this.#stopScript();
    this.#expiresAt = this.#newExpiry();
    this.#set(this.#snapshotFor('starting'));
    this.#play([{ afterMs: this.#options.refreshMs, state: 'awaiting-scan' }]);
  }

  cancel(): void {
    this.#stopScript();
    if (!FINAL.includes(this.state)) this.#set(this.#snapshotFor('cancelled'));
  }

  /** Moves the session on, as the app (or the network) would: for play functions. */
  advance(state: CrossDeviceState, { ending, reconnecting = false }: { ending?: FakeEnding; reconnecting?: boolean } = {}): void {
    this.#set(this.#snapshotFor(state, ending, reconnecting));
  }

  #newExpiry(): number {
    return this.#options.now() + this.#options.secondsLeft * 1000;
  }

  /** The snapshot the SDK reports in `state`: only the fields that state carries. */
  #snapshotFor(state: CrossDeviceState, ending?: FakeEnding, reconnecting = false): CrossDeviceSnapshot {
    const session = { userCode: STORYBOOK_USER_CODE, verificationUri: STORYBOOK_VERIFICATION_URI, expiresAt: this.#expiresAt };
    switch (state) {
      case 'idle':
      case 'starting':
      case 'cancelled':
        return { state, reconnecting: false };
      case 'awaiting-scan':
        return { state, ...session, qrPayload: STORYBOOK_QR_PAYLOAD, appLink: STORYBOOK_QR_PAYLOAD, reconnecting };
      case 'scanned':
      case 'approved':
        return { state, ...session, reconnecting };
      case 'done':
        return { state, ...session, reconnecting: false, user: this.#user() };
      case 'denied':
      case 'expired':
      case 'error': {
        const failure = ENDINGS[ending ?? (state === 'denied' ? 'declined' : state === 'expired' ? 'expired' : 'network_error')];
        if (failure.state !== state) throw new Error(`A ${state} session cannot end with ${String(ending)}`);
        const error = new sdk.IamSmartError(failure.code, failure.message, failure.code === 'rate_limited' ? { retryAfter: 30 } : undefined);
        return { state, ...session, reconnecting: false, error };
      }
    }
  }

  #user(): IamSmartUser {
    return {
      claims: this.#options.claims,
      idToken: 'storybook-fake-id-token',
      accessToken: 'storybook-fake-access-token',
      tokenType: 'Bearer',
      scope: 'openid profile',
      expiresAt: undefined,
    };
  }

  #set(snapshot: CrossDeviceSnapshot): void {
    this.#snapshot = snapshot;
    this.#settleIfFinal();
    for (const callback of this.#subscribers) callback({ ...this.#snapshot });
  }

  #settleIfFinal(): void {
    const { state, user, error } = this.#snapshot;
    if (state === 'done' && user) this.#settle?.resolve(user);
    else if (FINAL.includes(state)) this.#settle?.reject(error ?? new sdk.IamSmartError('cancelled', 'The (scripted) session was cancelled.'));
  }

  #play(steps: readonly FakeStep[]): void {
    const [step, ...rest] = steps;
    if (!step) return;
    const timer = setTimeout(() => {
      this.#timers.delete(timer);
      this.advance(step.state, step);
      this.#play(rest);
    }, step.afterMs);
    this.#timers.add(timer);
  }

  #stopScript(): void {
    for (const timer of this.#timers) clearTimeout(timer);
    this.#timers.clear();
  }
}
