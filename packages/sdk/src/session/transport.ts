// The seam between the session engine and whoever carries a request to the resident's app. The
// engine owns everything the page sees happen (states, QR rotation, countdown, reconnection with
// backoff, pausing in a hidden tab, `done`); a transport only says how to ask, how to listen and
// how to collect: OpenID Connect (RFC 8628 device flow, `transport/oidc/`) and the relying
// party's own backend (`POST {backend}/requests`, server-sent events, the result from the backend:
// `transport/backend/`, decision 037).
import type { Flow, Lang } from '@iamsmart/protocol';
import { IamSmartError } from '../errors.js';
import type { SessionChannel } from './types.js';

/** What a session asks the resident to approve, in terms every transport can carry. */
export interface SessionRequest {
  /** Which flow this is; a backend picks the platform call by it. */
  flow: Flow;
  /** Space-separated scopes, `openid` included. */
  scope: string;
  /** RFC 9396 authorization details (signing's `credential`, e-ME's `eme`): exactly what the app shows. */
  authorizationDetails?: unknown[];
  /** The language the page shows the session in. */
  lang?: Lang;
}

/**
 * What the other side reports while the resident acts. Any update also tells the engine the
 * connection is alive; `awaiting-scan` says only that (a keep-alive answer, or the state on
 * (re)connection).
 */
export type RequestUpdate =
  | { state: 'awaiting-scan' }
  | { state: 'scanned' }
  | { state: 'approved' }
  | { state: 'denied'; reason?: 'declined' | 'code_mismatch' | 'scanned_elsewhere' | 'stale' }
  | { state: 'expired' };

/** A request the other side has accepted: what the page shows, and how to follow and collect it. */
export interface StartedRequest<Approval> {
  /**
   * How the resident is asked (see `SessionChannel`). Absent: `qr`. With `app` or `hosted` there is
   * no QR code: `qrPayload` is never called and nothing rotates.
   */
  readonly channel?: SessionChannel;
  /** With `hosted`: the page the resident opens in a new tab. */
  readonly hostedUrl?: string;
  /** The identification code the resident matches in the app, as shown (e.g. `4821-0937`); none for some channels. */
  readonly userCode: string | undefined;
  /** Where the code can be typed instead of scanning; none outside the `qr` channel. */
  readonly verificationUri: string | undefined;
  /** When the other side answered, ms since the epoch: the QR payload's clock counts from here. */
  readonly startedAt: number;
  /** When the request lapses, ms since the epoch. */
  readonly expiresAt: number;
  /** Seconds between QR payloads; undefined when the payload never changes. */
  readonly qrIntervalSeconds: number | undefined;
  /** What the QR code holds (and the app link opens) `t` whole seconds after `startedAt`. */
  qrPayload(t: number): Promise<string>;
  /**
   * One connection that reports updates until it ends (resolves) or `signal` aborts. Throws
   * `ConnectionLostError` when the connection could not be made or broke (the engine reconnects
   * with backoff), `IamSmartError` for anything final. After `approved` the engine stops
   * following and asks for `result`.
   */
  follow(onUpdate: (update: RequestUpdate) => void, signal: AbortSignal): Promise<void>;
  /**
   * Once approved: what the flow needs to finish (OpenID Connect: the tokens). `onAlive` is
   * called whenever the other side answered; errors as for `follow`.
   */
  result(signal: AbortSignal, onAlive: () => void): Promise<Approval>;
  /** The engine is done with this request (cancel, refresh, or it ended): tells the other side if it is still open, best effort. */
  cancel(): void;
}

/** Carries sessions; `Approval` is what a started request yields once approved. */
export interface SessionTransport<Approval> {
  /** Sends the request; resolves once the other side answered. Errors are `IamSmartError`s. */
  start(request: SessionRequest, signal: AbortSignal): Promise<StartedRequest<Approval>>;
}

/** The connection could not be made, broke, or did not answer in time: worth trying again. */
export class ConnectionLostError extends Error {}

/** The resident declined: the same error whether the engine heard it as an update or a transport while collecting. */
export const declinedError = (): IamSmartError => new IamSmartError('access_denied', 'The resident declined in the iAM Smart app.');

/** The request lapsed unapproved (the other side said so, or the local timer ran out). */
export const expiredError = (): IamSmartError => new IamSmartError('session_expired', 'The session expired before it was approved.');
