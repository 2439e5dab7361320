import { IamSmartError } from '../errors.js';
import type { IamSmartErrorCode } from '../errors.js';
import { Subscribers, type Unsubscribe } from '../events.js';
import { startAttempt } from './attempt.js';
import type { Attempt, AttemptTiming } from './attempt.js';
import { SNAPSHOT_FIELDS } from './deferred.js';
import { canTransition, isFinal } from './transitions.js';
import type { SessionRequest, SessionTransport } from './transport.js';
import type { Session, SessionSnapshot, SessionState } from './types.js';

/**
 * What differs between the flows run on a session (QR login, signing, e-ME): what to ask for, and
 * what to make of the approval. `Approval` is what the transport yields (OpenID Connect: tokens).
 */
export interface SessionFlow<Approval, Result, Snapshot extends SessionSnapshot> {
  /**
   * `starting`'s work before each request (signing: checking and hashing the document); says what
   * to ask for. `show` adds what it learns to the snapshot.
   */
  prepare(show: (fields: Partial<Snapshot>) => void): Promise<SessionRequest>;
  /** The step after approval (QR login: verify the ID token, build the user); `signal` aborts when the session stops. */
  finish(approval: Approval, signal: AbortSignal): Promise<Result>;
}


/** The snapshot fields a flow adds to the common ones. */
type FlowField<Snapshot> = Exclude<keyof Snapshot, keyof SessionSnapshot>;

/** What a flow's session holds beyond the common snapshot, and what it does on success. */
export interface SessionShape<Result, Snapshot extends SessionSnapshot> {
  /** The snapshot field that holds the result in `done` (`user`, `result`). */
  resultField: FlowField<Snapshot>;
  /** Fields that stay once known, in every later state and through `refresh()` (signing's `document`). */
  lasting?: readonly FlowField<Snapshot>[];
  /** Runs before anyone hears of `done` (QR login: store the user and emit `login`). */
  succeeded(result: Result): void;
}

export interface SessionOptions<Result, Snapshot extends SessionSnapshot> extends SessionShape<Result, Snapshot>, AttemptTiming {
  /** Runs when the session ends in `denied`, `expired` or `error` (emit `error`). */
  failed(error: IamSmartError): void;
}

function stateFor(code: IamSmartErrorCode): 'denied' | 'expired' | 'cancelled' | 'error' {
  if (code === 'access_denied' || code === 'code_mismatch' || code === 'scanned_elsewhere') return 'denied';
  if (code === 'session_expired') return 'expired';
  // Ended on the other side (a backend reports the resident cancelling in the app): as if the page had.
  if (code === 'cancelled') return 'cancelled';
  return 'error';
}

/**
 * The session the page holds, whatever the flow and the transport: its snapshot, subscribers and
 * `done` promise, with every state change checked against the transition table. The work of each
 * request is an `Attempt`; `refresh()` swaps it for a new one. The flow's own snapshot fields
 * (`user`, `document`, `result`) are readable on it as well. (A closure rather than a class: its
 * state is local variables, which minify.)
 */
export function openSession<Approval, Result, Snapshot extends SessionSnapshot>(transport: SessionTransport<Approval>, flow: SessionFlow<Approval, Result, Snapshot>, options: SessionOptions<Result, Snapshot>): Session<Snapshot, Result> {
  let current = Object.freeze({ state: 'starting', reconnecting: false }) as Snapshot;
  const subscribers = new Subscribers<Snapshot>();
  /** `done`, and how to settle it; a new one once it has settled and the session is refreshed. */
  let done!: Promise<Result>;
  let resolve!: (result: Result) => void;
  let reject!: (error: IamSmartError) => void;
  let settled = true;
  const renew = (): void => {
    if (!settled) return;
    settled = false;
    done = new Promise<Result>((res, rej) => {
      resolve = (result) => {
        settled = true;
        res(result);
      };
      reject = (error) => {
        settled = true;
        rej(error);
      };
    });
    // A page that only subscribes must not get "unhandled rejection" reports for `done`.
    done.catch(() => undefined);
  };
  renew();
  let attempt: Attempt | undefined;

  const update = (next: Snapshot): void => {
    // Absent rather than undefined, so a snapshot has only the fields that apply now.
    const snapshot = Object.fromEntries(Object.entries(next as Record<string, unknown>).filter(([, value]) => value !== undefined)) as unknown as Snapshot;
    current = Object.freeze(snapshot);
    subscribers.tell(current);
  };

  const move = (to: SessionState, patch: Partial<Snapshot> = {}): void => {
    const from = current.state;
    // A bug, not a runtime condition: the attempt only asks for moves the table allows.
    if (!canTransition(from, to)) throw new Error(`[iamsmart] illegal session transition ${from} → ${to}`);
    const { channel, userCode, verificationUri, expiresAt } = current;
    // The channel, code and deadline stay visible in the end states; the QR code and the hosted page only while they can be used.
    const kept: Partial<Snapshot> = to === 'starting' ? {} : ({ channel, userCode, verificationUri, expiresAt } as Partial<Snapshot>);
    for (const key of options.lasting ?? []) kept[key] = current[key];
    if (isFinal(to)) attempt?.stop();
    update({ ...kept, ...patch, reconnecting: false, state: to } as Snapshot);
  };

  const launch = (): Attempt => {
    const mine: Attempt = startAttempt<Approval, Result>(
      {
        state: () => current.state,
        reconnecting: () => current.reconnecting,
        move: (to, patch) => {
          if (attempt === mine) move(to, patch as Partial<Snapshot>);
        },
        patch: (patch) => {
          if (attempt === mine) update({ ...current, ...patch });
        },
        succeed: (result) => {
          if (attempt !== mine) return;
          // The flow's effects (QR login: stored, `login` emitted; signing: `signed`) before anyone hears of `done`.
          options.succeeded(result);
          move('done', { [options.resultField]: result } as Partial<Snapshot>);
          resolve(result);
        },
        fail: (error) => {
          if (attempt !== mine) return;
          move(stateFor(error.code), { error } as Partial<Snapshot>);
          options.failed(error);
          reject(error);
        },
      },
      transport,
      // The flow's `show` is the attempt's `patch`: ignored once this attempt is not the current one.
      flow,
      options,
    );
    mine.start();
    return mine;
  };

  const session = {
    get done(): Promise<Result> {
      return done;
    },

    subscribe(callback: (snapshot: Snapshot) => void): Unsubscribe {
      return subscribers.add(callback, current);
    },

    refresh(): void {
      // Already starting: the request in flight brings a new code; a second one would only waste one (double clicks).
      if (current.state === 'starting') return;
      attempt?.stop();
      renew();
      move('starting');
      attempt = launch();
    },

    cancel(): void {
      if (isFinal(current.state)) return;
      move('cancelled');
      reject(new IamSmartError('cancelled', 'The cross-device session was cancelled.'));
    },
  };
  // The snapshot's fields, the flow's own included, read through to the current snapshot.
  for (const key of new Set<keyof Snapshot>([...SNAPSHOT_FIELDS, options.resultField, ...(options.lasting ?? [])])) {
    Object.defineProperty(session, key, { get: () => current[key] });
  }
  attempt = launch();
  return session as unknown as Session<Snapshot, Result>;
}
