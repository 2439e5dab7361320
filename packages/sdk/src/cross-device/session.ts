import { IamSmartError } from '../errors.js';
import type { IamSmartErrorCode } from '../errors.js';
import type { Discovery } from '../discovery.js';
import type { QrLoginSession, QrLoginSnapshot, IamSmartUser } from '../login/types.js';
import type { SessionState } from '../session/types.js';
import type { EmeResult, EmeSession, EmeSnapshot } from '../eme/types.js';
import type { SignResult, SignDocument, SignSession, SignSnapshot } from '../sign/types.js';
import type { Unsubscribe } from '../events.js';
import { Attempt } from './attempt.js';
import type { AttemptSnapshot, DeviceRequest, SessionContext } from './attempt.js';
import type { DeviceTokens } from './token-polling.js';
import { canTransition, isFinal } from './transitions.js';

interface Deferred<T> {
  promise: Promise<T>;
  resolve(result: T): void;
  reject(error: IamSmartError): void;
  settled: boolean;
}

function deferred<T>(): Deferred<T> {
  let resolve!: (result: T) => void;
  let reject!: (error: IamSmartError) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  // A page that only subscribes must not get "unhandled rejection" reports for `done`.
  promise.catch(() => undefined);
  const result: Deferred<T> = {
    promise,
    settled: false,
    resolve: (value) => {
      result.settled = true;
      resolve(value);
    },
    reject: (error) => {
      result.settled = true;
      reject(error);
    },
  };
  return result;
}

function stateFor(code: IamSmartErrorCode): 'denied' | 'expired' | 'error' {
  if (code === 'access_denied' || code === 'code_mismatch') return 'denied';
  if (code === 'session_expired') return 'expired';
  return 'error';
}

/** What differs between the flows run on a cross-device session: login, signing and form filling. */
export interface SessionFlow<T, S extends AttemptSnapshot> {
  /**
   * `starting`'s work before each device authorization request (signing: checking and hashing the
   * document); says what to ask for. `show` adds what it learns to the snapshot.
   */
  prepare(show: (fields: Partial<S>) => void): Promise<DeviceRequest>;
  /** The step after the token response (login: verify the ID token and build the user); `signal` aborts when the session stops. */
  complete(tokens: DeviceTokens, nonce: string, discovery: Discovery, signal: AbortSignal): Promise<T>;
  /** What a success adds to the snapshot in `done`. */
  resultFields(result: T): Partial<S>;
  /** Snapshot fields that stay once known, in every later state and through `refresh()` (signing's `document`). */
  readonly lasting: readonly (keyof S)[];
  /** Runs before anyone hears of `done` (login: store the user and emit `login`). */
  succeeded(result: T): void;
  /** Runs when the session ends in `denied`, `expired` or `error` (emit `error`). */
  failed(error: IamSmartError): void;
}

/**
 * The cross-device session the page holds: its snapshot, subscribers and `done` promise, with
 * every state change checked against the transition table. The work of each device code is an
 * `Attempt`; `refresh()` swaps it for a new one. `QrLoginSessionImpl` and `SignSessionImpl` add the
 * public getters of their flow.
 */
export class SessionCore<T, S extends AttemptSnapshot> {
  protected current: S = Object.freeze({ state: 'starting', reconnecting: false }) as S;
  private readonly subscribers = new Set<(snapshot: S) => void>();
  private readonly ctx: SessionContext;
  private readonly flow: SessionFlow<T, S>;
  private outcome = deferred<T>();
  private attempt: Attempt<T>;

  constructor(ctx: SessionContext, flow: SessionFlow<T, S>) {
    this.ctx = ctx;
    this.flow = flow;
    this.attempt = this.launch();
  }

  get state(): SessionState {
    return this.current.state;
  }
  get qrPayload(): string | undefined {
    return this.current.qrPayload;
  }
  get userCode(): string | undefined {
    return this.current.userCode;
  }
  get verificationUri(): string | undefined {
    return this.current.verificationUri;
  }
  get appLink(): string | undefined {
    return this.current.appLink;
  }
  get expiresAt(): number | undefined {
    return this.current.expiresAt;
  }
  get reconnecting(): boolean {
    return this.current.reconnecting;
  }
  get error(): IamSmartError | undefined {
    return this.current.error;
  }
  get done(): Promise<T> {
    return this.outcome.promise;
  }

  subscribe(callback: (snapshot: S) => void): Unsubscribe {
    this.subscribers.add(callback);
    this.call(callback);
    return () => {
      this.subscribers.delete(callback);
    };
  }

  refresh(): void {
    // Already starting: the request in flight brings a new code; a second one would only waste one (double clicks).
    if (this.current.state === 'starting') return;
    this.attempt.stop();
    if (this.outcome.settled) this.outcome = deferred();
    this.move('starting');
    this.attempt = this.launch();
  }

  cancel(): void {
    if (isFinal(this.current.state)) return;
    this.move('cancelled');
    this.outcome.reject(new IamSmartError('cancelled', 'The cross-device session was cancelled.'));
  }

  private launch(): Attempt<T> {
    const attempt: Attempt<T> = new Attempt<T>(
      {
        state: () => this.current.state,
        reconnecting: () => this.current.reconnecting,
        move: (to, patch) => {
          if (this.attempt === attempt) this.move(to, patch as Partial<S>);
        },
        patch: (patch) => {
          if (this.attempt === attempt) this.update({ ...this.current, ...patch });
        },
        succeed: (result) => {
          if (this.attempt !== attempt) return;
          // The flow's effects (login: stored, `login` emitted; signing: `signed`) before anyone hears of `done`.
          this.flow.succeeded(result);
          this.move('done', this.flow.resultFields(result));
          this.outcome.resolve(result);
        },
        fail: (error) => {
          if (this.attempt !== attempt) return;
          this.move(stateFor(error.code), { error } as Partial<S>);
          this.flow.failed(error);
          this.outcome.reject(error);
        },
      },
      this.ctx,
      {
        prepare: () =>
          this.flow.prepare((fields) => {
            if (this.attempt === attempt) this.update({ ...this.current, ...fields });
          }),
        complete: (tokens, nonce, discovery, signal) => this.flow.complete(tokens, nonce, discovery, signal),
      },
    );
    attempt.start();
    return attempt;
  }

  private move(to: SessionState, patch: Partial<S> = {}): void {
    const from = this.current.state;
    // A bug, not a runtime condition: the attempt only asks for moves the table allows.
    if (!canTransition(from, to)) throw new Error(`[iamsmart] illegal cross-device transition ${from} → ${to}`);
    const { userCode, verificationUri, expiresAt } = this.current;
    // The code and deadline stay visible in the end states; the QR code only while it can be scanned.
    const kept: Partial<S> = to === 'starting' ? {} : ({ userCode, verificationUri, expiresAt } as Partial<S>);
    for (const key of this.flow.lasting) kept[key] = this.current[key];
    if (isFinal(to)) this.attempt.stop();
    this.update({ ...kept, ...patch, reconnecting: false, state: to } as S);
  }

  private update(next: S): void {
    // Absent rather than undefined, so a snapshot has only the fields that apply now.
    const snapshot = Object.fromEntries(Object.entries(next as Record<string, unknown>).filter(([, value]) => value !== undefined)) as S;
    this.current = Object.freeze(snapshot);
    for (const callback of [...this.subscribers]) this.call(callback);
  }

  private call(callback: (snapshot: S) => void): void {
    try {
      callback(this.current);
    } catch (error) {
      console.error('[iamsmart] a cross-device subscriber threw:', error);
    }
  }
}

/** A login's cross-device session: `done` gives the validated user. */
export class QrLoginSessionImpl extends SessionCore<IamSmartUser, QrLoginSnapshot> implements QrLoginSession {
  get user(): IamSmartUser | undefined {
    return this.current.user;
  }
}

/** A signing session: `done` gives the verified signature. */
export class SignSessionImpl extends SessionCore<SignResult, SignSnapshot> implements SignSession {
  get document(): SignDocument | undefined {
    return this.current.document;
  }
  get result(): SignResult | undefined {
    return this.current.result;
  }
}

/** A form-filling session: `done` gives the checked e-ME data. */
export class EmeSessionImpl extends SessionCore<EmeResult, EmeSnapshot> implements EmeSession {
  get result(): EmeResult | undefined {
    return this.current.result;
  }
}
