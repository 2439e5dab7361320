import type { SessionState } from '@iamsmart/protocol';
import type { IamSmartError } from '../errors.js';
import type { Unsubscribe } from '../events.js';

export type { SessionState } from '@iamsmart/protocol';

/**
 * How the resident is being asked: `qr` — a QR code on this page (and the app link); `app` — the
 * request is already in the resident's iAM Smart app (backend mode, logged in); `hosted` — iAM
 * Smart's own page shows the QR code, opened from `hostedUrl` (backend mode, anonymous).
 */
export type SessionChannel = 'qr' | 'app' | 'hosted';

/** What every cross-device session shows, whatever it is for. */
export interface SessionSnapshot {
  state: SessionState;
  /** How the resident is being asked; known from `awaiting-scan` on, and kept in the later states. */
  channel?: SessionChannel;
  /** With `channel: 'hosted'`, while `awaiting-scan`: the page to open in a new tab (a same-origin URL of the website's backend). */
  hostedUrl?: string;
  /** What the QR code holds now; rotates every QR interval while `awaiting-scan`. Only in `awaiting-scan`, and only with `channel: 'qr'`. */
  qrPayload?: string;
  /** The identification code the resident matches in the app, e.g. `4821-0937` (`app` channel: only when the platform gives one, for signing; `hosted`: none). */
  userCode?: string;
  /** Where the identification code can be typed instead of scanning. */
  verificationUri?: string;
  /** Opens the app with this session on this device (a fresh payload). Only in `awaiting-scan` with `channel: 'qr'`. */
  appLink?: string;
  /** When the session ends, in ms since the epoch. */
  expiresAt?: number;
  /** True while the SDK retries a lost connection (with backoff). */
  reconnecting: boolean;
  /** In `error`, `denied` and `expired`. */
  error?: IamSmartError;
}

/**
 * A cross-device session of any flow, read as its current snapshot. `Snapshot` adds what the flow
 * shows (the user, the document, the result); `Result` is what `done` resolves with.
 */
export type Session<Snapshot extends SessionSnapshot, Result> = Readonly<Snapshot> & {
  /** Calls `callback` at once with the current snapshot, then on every change (state, payload rotation, reconnecting). */
  subscribe(callback: (snapshot: Snapshot) => void): Unsubscribe;
  /** From any state: drops the current request and starts a new one (state `starting`); a document is not hashed again. */
  refresh(): void;
  /** Stops every request and timer; state `cancelled`. Does nothing once the session has ended. */
  cancel(): void;
  /**
   * Resolves with the result in `done`; rejects with `IamSmartError` in `denied`, `expired`,
   * `cancelled` or `error`. A `refresh()` before that hands the promise on to the new attempt.
   */
  readonly done: Promise<Result>;
};
