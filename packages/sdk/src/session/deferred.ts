// What a client needs to hand out a session at once, without the engine: `openSessionLater` returns
// the session synchronously (state `starting`) and imports the engine (engine.ts, attempt.ts,
// transitions.ts) behind it, so a page that only logs in — a redirect login, or a login button in
// backend mode — never downloads the engine (decision 046). `lazyFlow` likewise for a flow's code.
// Nothing here may import the engine statically.
import { isFinalState } from '@iamsmart/protocol';
import type { Flow } from '@iamsmart/protocol';
import { IamSmartError } from '../errors.js';
import { Subscribers, type Unsubscribe } from '../events.js';
import type { SessionFlow, SessionOptions } from './engine.js';
import type { SessionTransport } from './transport.js';
import type { Session, SessionSnapshot } from './types.js';

/** The engine's module (engine.ts, attempt.ts, transitions.ts): what every session loads first; `client.prepareQrLogin()` loads it ahead. */
export const loadEngine = (): Promise<typeof import('./engine.js')> => import('./engine.js');

/** The fields every session's snapshot has (also readable on the session itself). */
export const SNAPSHOT_FIELDS = ['state', 'channel', 'hostedUrl', 'qrPayload', 'userCode', 'verificationUri', 'appLink', 'expiresAt', 'reconnecting', 'error'] as const satisfies readonly (keyof SessionSnapshot)[];

/**
 * `openSession(transport, flow, options)` of engine.ts, with the engine imported on demand. Until
 * it has loaded, the session is `starting` (a `refresh()` then does nothing, as in the engine) and
 * can be cancelled; once loaded, the engine's session runs and this one reads through to it. A
 * failed download ends the session in `error` with `network_error` (`options.failed` runs, as for
 * any failed session); `refresh()` tries again.
 */
export function openSessionLater<Approval, Result, Snapshot extends SessionSnapshot>(transport: SessionTransport<Approval>, flow: SessionFlow<Approval, Result, Snapshot>, options: SessionOptions<Result, Snapshot>): Session<Snapshot, Result> {
  let real: Session<Snapshot, Result> | undefined;
  let current!: Snapshot;
  const subscribers = new Subscribers<Snapshot>();
  let done!: Promise<Result>;
  let settle!: { resolve: (result: Result) => void; reject: (error: IamSmartError) => void };

  const show = (snapshot: Snapshot): void => {
    current = snapshot;
    subscribers.tell(current);
  };

  const begin = (): void => {
    const mine = (settle = {} as typeof settle);
    done = new Promise<Result>((resolve, reject) => {
      Object.assign(mine, { resolve, reject });
    });
    // A page that only subscribes must not get "unhandled rejection" reports for `done`.
    done.catch(() => undefined);
    show(Object.freeze({ state: 'starting', reconnecting: false }) as Snapshot);
    loadEngine().then(
      ({ openSession }) => {
        // Cancelled (or cancelled and refreshed) while the engine was loading: this start is void.
        if (real || settle !== mine || current.state !== 'starting') return;
        real = openSession(transport, flow, options);
        real.done.then(mine.resolve, mine.reject);
        real.subscribe(show);
      },
      (cause: unknown) => {
        if (settle !== mine || current.state !== 'starting') return;
        const error = new IamSmartError('network_error', "Could not load the SDK's session code.", { cause });
        show(Object.freeze({ state: 'error', reconnecting: false, error }) as Snapshot);
        options.failed(error);
        mine.reject(error);
      },
    );
  };

  const session = {
    get done(): Promise<Result> {
      return real ? real.done : done;
    },
    subscribe(callback: (snapshot: Snapshot) => void): Unsubscribe {
      return subscribers.add(callback, current);
    },
    refresh(): void {
      if (real) real.refresh();
      else if (current.state !== 'starting') begin();
    },
    cancel(): void {
      if (real) {
        real.cancel();
        return;
      }
      if (isFinalState(current.state)) return;
      show(Object.freeze({ state: 'cancelled', reconnecting: false }) as Snapshot);
      settle.reject(new IamSmartError('cancelled', 'The cross-device session was cancelled.'));
    },
  };
  // The snapshot's fields, the flow's own included, read through to the current snapshot.
  for (const key of new Set<keyof Snapshot>([...SNAPSHOT_FIELDS, options.resultField, ...(options.lasting ?? [])])) {
    Object.defineProperty(session, key, { get: () => current[key] });
  }
  begin();
  return session as unknown as Session<Snapshot, Result>;
}

/**
 * A flow whose code is loaded on first use (signing, e-ME): the session exists at once, and
 * `starting` covers the download. A failed download is `network_error`.
 */
export function lazyFlow<Approval, Result, Snapshot extends SessionSnapshot>(load: () => Promise<SessionFlow<Approval, Result, Snapshot>>, what: string): SessionFlow<Approval, Result, Snapshot> {
  const flow = load().catch((cause: unknown) => {
    throw new IamSmartError('network_error', `Could not load the SDK's ${what} code.`, { cause });
  });
  // Settled by whichever step awaits it first; until then a failure must not be reported as unhandled.
  flow.catch(() => undefined);
  return {
    prepare: async (show) => (await flow).prepare(show),
    finish: async (approval, signal) => (await flow).finish(approval, signal),
  };
}

/**
 * A session a client cannot run (backend mode's QR login, OpenID Connect mode's notifications): it
 * ends in `error` with `invalid_config` as soon as it starts, no spinner left waiting, and
 * `failed` runs as for every failed session.
 */
export function unavailableSession<Result, Snapshot extends SessionSnapshot>(
  flow: Flow,
  resultField: Exclude<keyof Snapshot, keyof SessionSnapshot>,
  what: string,
  options: Pick<SessionOptions<Result, Snapshot>, 'failed' | 'requestTimeoutSeconds'>,
): Session<Snapshot, Result> {
  const refuse = (): Promise<never> => Promise.reject(new IamSmartError('invalid_config', what));
  return openSessionLater<never, Result, Snapshot>(
    { start: refuse },
    { prepare: () => Promise.resolve({ flow, scope: 'openid' }), finish: refuse },
    { ...options, resultField, succeeded: () => undefined, intervalScale: 1 },
  );
}
