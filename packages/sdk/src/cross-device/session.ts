import { IamSmartError } from '../errors.js';
import type { IamSmartErrorCode } from '../errors.js';
import type { CrossDeviceRequest, CrossDeviceSession, CrossDeviceSnapshot, CrossDeviceState, IamSmartUser, Unsubscribe } from '../types.js';
import { Attempt } from './attempt.js';
import type { SessionContext } from './attempt.js';
import { canTransition, isFinal } from './transitions.js';

interface Deferred {
  promise: Promise<IamSmartUser>;
  resolve(user: IamSmartUser): void;
  reject(error: IamSmartError): void;
  settled: boolean;
}

function deferred(): Deferred {
  let resolve!: (user: IamSmartUser) => void;
  let reject!: (error: IamSmartError) => void;
  const promise = new Promise<IamSmartUser>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  // A page that only subscribes must not get "unhandled rejection" reports for `done`.
  promise.catch(() => undefined);
  const result: Deferred = {
    promise,
    settled: false,
    resolve: (user) => {
      result.settled = true;
      resolve(user);
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

/**
 * The cross-device session the page holds: its snapshot, subscribers and `done` promise, with
 * every state change checked against the transition table. The work of each device code is an
 * `Attempt`; `refresh()` swaps it for a new one.
 */
export class CrossDeviceSessionImpl implements CrossDeviceSession {
  private current: CrossDeviceSnapshot = Object.freeze({ state: 'starting', reconnecting: false });
  private readonly subscribers = new Set<(snapshot: CrossDeviceSnapshot) => void>();
  private readonly ctx: SessionContext;
  private readonly request: CrossDeviceRequest;
  private readonly onError: (error: IamSmartError) => void;
  private readonly onUser: (user: IamSmartUser) => void;
  private outcome = deferred();
  private attempt: Attempt;

  /** `onUser` stores the validated user and emits `login`; `onError` emits `error`. */
  constructor(ctx: SessionContext, request: CrossDeviceRequest, onUser: (user: IamSmartUser) => void, onError: (error: IamSmartError) => void) {
    this.ctx = ctx;
    this.request = request;
    this.onUser = onUser;
    this.onError = onError;
    this.attempt = this.launch();
  }

  get state(): CrossDeviceState {
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
  get user(): IamSmartUser | undefined {
    return this.current.user;
  }
  get done(): Promise<IamSmartUser> {
    return this.outcome.promise;
  }

  subscribe(callback: (snapshot: CrossDeviceSnapshot) => void): Unsubscribe {
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

  private launch(): Attempt {
    const attempt: Attempt = new Attempt(
      {
        state: () => this.current.state,
        reconnecting: () => this.current.reconnecting,
        move: (to, patch) => {
          if (this.attempt === attempt) this.move(to, patch);
        },
        patch: (patch) => {
          if (this.attempt === attempt) this.update({ ...this.current, ...patch });
        },
        succeed: (user) => {
          if (this.attempt !== attempt) return;
          // Stored (and `login` emitted) before anyone hears of `done`.
          this.onUser(user);
          this.move('done', { user });
          this.outcome.resolve(user);
        },
        fail: (error) => {
          if (this.attempt !== attempt) return;
          this.move(stateFor(error.code), { error });
          this.onError(error);
          this.outcome.reject(error);
        },
      },
      this.ctx,
      this.request,
    );
    attempt.start();
    return attempt;
  }

  private move(to: CrossDeviceState, patch: Partial<CrossDeviceSnapshot> = {}): void {
    const from = this.current.state;
    // A bug, not a runtime condition: the attempt only asks for moves the table allows.
    if (!canTransition(from, to)) throw new Error(`[iamsmart] illegal cross-device transition ${from} → ${to}`);
    const { userCode, verificationUri, expiresAt } = this.current;
    // The code and deadline stay visible in the end states; the QR code only while it can be scanned.
    const kept = to === 'starting' ? {} : { userCode, verificationUri, expiresAt };
    if (isFinal(to)) this.attempt.stop();
    this.update({ ...kept, ...patch, reconnecting: false, state: to });
  }

  private update(next: CrossDeviceSnapshot): void {
    const snapshot: CrossDeviceSnapshot = { state: next.state, reconnecting: next.reconnecting };
    for (const key of ['qrPayload', 'userCode', 'verificationUri', 'appLink', 'expiresAt', 'error', 'user'] as const) {
      if (next[key] !== undefined) Object.assign(snapshot, { [key]: next[key] });
    }
    this.current = Object.freeze(snapshot);
    for (const callback of [...this.subscribers]) this.call(callback);
  }

  private call(callback: (snapshot: CrossDeviceSnapshot) => void): void {
    try {
      callback(this.current);
    } catch (error) {
      console.error('[iamsmart] a cross-device subscriber threw:', error);
    }
  }
}
