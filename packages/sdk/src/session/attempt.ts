import { IamSmartError, toIamSmartError } from '../errors.js';
import type { SessionSnapshot, SessionState } from './types.js';
import { ConnectionLostError, declinedError, expiredError } from './transport.js';
import type { RequestUpdate, SessionRequest, SessionTransport, StartedRequest } from './transport.js';

/** The engine's timing knobs. */
export interface AttemptTiming {
  /** Grace an approval being collected gets past the expiry: the other side may still answer. */
  requestTimeoutSeconds: number;
  /** Multiplies the reconnection backoff; 1 in production, lower in the SDK's own tests. */
  intervalScale: number;
}

/** The work of one attempt that belongs to the flow: what to ask for, and what to make of the approval. */
export interface AttemptSteps<Approval, Result> {
  /** `show` adds to the snapshot (the attempt hands it `host.patch`). */
  prepare(show: (fields: Partial<SessionSnapshot>) => void): Promise<SessionRequest>;
  finish(approval: Approval, signal: AbortSignal): Promise<Result>;
}

/** How the attempt reports to its session; calls from a stopped attempt are ignored by the session. */
export interface AttemptHost<Result> {
  state(): SessionState;
  reconnecting(): boolean;
  move(to: SessionState, patch?: Partial<SessionSnapshot>): void;
  /** A property, not a method: it is also the flow's `show`. */
  readonly patch: (patch: Partial<SessionSnapshot>) => void;
  succeed(result: Result): void;
  fail(error: IamSmartError): void;
}

const BACKOFF_FIRST_SECONDS = 0.5;
const BACKOFF_CAP_SECONDS = 8;

/** A running attempt, as its session holds it. */
export interface Attempt {
  start(): void;
  /** Stops everything of this attempt (requests, timers, listeners) and cancels the request; idempotent. */
  stop(): void;
}

/**
 * One request's life over a transport: starting it, the QR rotation, following its state (with
 * reconnection and pausing in a hidden tab), collecting the approval, the flow's last step and the
 * local expiry timer. `refresh()` stops an attempt and starts another; nothing of a stopped
 * attempt runs on. (A closure rather than a class: its state is local variables, which minify.)
 */
export function startAttempt<Approval, Result>(host: AttemptHost<Result>, transport: SessionTransport<Approval>, steps: AttemptSteps<Approval, Result>, timing: AttemptTiming): Attempt {
  const timers = new Set<ReturnType<typeof setTimeout>>();
  /** Requests in flight; `pausable` ones are dropped while the tab is hidden. */
  const requests = new Map<AbortController, boolean>();
  let ended = false;
  /** Known once the other side has accepted the request. */
  let started: StartedRequest<Approval> | undefined;
  let failures = 0;
  /** Bumped whenever the current way of following the state is dropped (hidden tab, approval): older loops stop. */
  let epoch = 0;
  let paused = false;
  /** Once approved, the approval is collected to the end: pausing then could lose a one-time code. */
  let exchanging = false;
  let expiryGraceUsed = false;
  /** The approval is in: the request's lifetime no longer limits the attempt (each request of the last step has its own timeout). */
  let approvalReceived = false;

  /** A function, not a variable read, so checks after an await are not narrowed away: stop() may have run meanwhile. */
  const stopped = (): boolean => ended;

  /** Ends the attempt with a typed error (its code picks denied, expired or error). */
  const failWith = (error: unknown): void => {
    if (stopped()) return;
    host.fail(toIamSmartError(error));
  };

  const later = (ms: number, run: () => void): void => {
    const timer = setTimeout(() => {
      timers.delete(timer);
      if (!stopped()) run();
    }, Math.max(0, ms));
    timers.add(timer);
  };

  /** Runs one piece of work with its own AbortController, aborted by stop(), and by pause() when pausable. */
  const send = async <T>(pausable: boolean, run: (signal: AbortSignal) => Promise<T>): Promise<T> => {
    const controller = new AbortController();
    requests.set(controller, pausable);
    try {
      return await run(controller.signal);
    } finally {
      // Also after garbage: a response body left unread must not keep its connection open.
      controller.abort();
      requests.delete(controller);
    }
  };

  // ---- QR payload -------------------------------------------------------------------------

  const known = (): StartedRequest<Approval> => {
    if (!started) throw new Error('[iamsmart] the request has not started yet');
    return started;
  };

  const currentPayload = (): Promise<string> => {
    const request = known();
    return request.qrPayload(Math.floor((Date.now() - request.startedAt) / 1000));
  };

  /** Fires at the next multiple of the QR interval after the request started. */
  const scheduleRotation = (): void => {
    const seconds = started?.qrIntervalSeconds;
    if (seconds === undefined) return;
    const period = seconds * 1000;
    const elapsed = Date.now() - known().startedAt;
    later((Math.floor(elapsed / period) + 1) * period - elapsed, () => {
      rotate().catch(failWith);
    });
  };

  const rotate = async (): Promise<void> => {
    if (host.state() !== 'awaiting-scan') return;
    const payload = await currentPayload();
    if (stopped() || host.state() !== 'awaiting-scan') return;
    host.patch({ qrPayload: payload, appLink: payload });
    scheduleRotation();
  };

  // ---- following the state ----------------------------------------------------------------

  const connect = (): void => {
    if (stopped() || exchanging) return;
    if (document.visibilityState === 'hidden') {
      pause();
      return;
    }
    follow(epoch).catch(failWith);
  };

  const follow = async (current: number): Promise<void> => {
    const request = known();
    try {
      await send(true, (signal) => request.follow((update) => { onUpdate(current, update); }, signal));
      // Ended without a final state (a proxy's idle timeout, a server restart): follow again.
      throw new ConnectionLostError('The connection ended before the session did.');
    } catch (error) {
      if (stopped() || current !== epoch) return;
      if (!(error instanceof ConnectionLostError)) throw error;
      retry(() => {
        // Only if nothing reconnected meanwhile (a hidden-then-visible tab already did).
        if (current === epoch) connect();
      });
    }
  };

  const onUpdate = (current: number, update: RequestUpdate): void => {
    // An approval is used even if the tab hid meanwhile: the other side may already have spent a one-time code.
    if (stopped() || (current !== epoch && update.state !== 'approved')) return;
    connected();
    switch (update.state) {
      case 'awaiting-scan':
        return;
      case 'scanned':
        if (host.state() === 'awaiting-scan') host.move('scanned');
        return;
      case 'approved':
        if (exchanging) return;
        // Drops the connection (the other side ends it anyway) and collects the approval at once.
        exchanging = true;
        dropPausable();
        host.move('approved');
        collect().catch(failWith);
        return;
      case 'denied':
        failWith(
          update.reason === 'code_mismatch'
            ? new IamSmartError('code_mismatch', 'The resident chose an identification code that does not match this page\'s; the session was stopped.')
            : update.reason === 'scanned_elsewhere'
              ? new IamSmartError('scanned_elsewhere', 'The QR code or identification code was opened on a second phone; the session was stopped for safety.')
              : declinedError(),
        );
        return;
      case 'expired':
        failWith(expiredError());
    }
  };

  /** Fetches the approval (retrying lost connections with backoff), then runs the flow's last step. */
  const collect = async (): Promise<void> => {
    const request = known();
    let approval: Approval;
    try {
      approval = await send(false, (signal) => request.result(signal, connected));
    } catch (error) {
      if (stopped()) return;
      if (!(error instanceof ConnectionLostError)) throw error;
      retry(() => {
        collect().catch(failWith);
      });
      return;
    }
    if (stopped()) return;
    approvalReceived = true;
    const result = await send(false, (signal) => steps.finish(approval, signal));
    if (!stopped()) host.succeed(result);
  };

  // ---- connection upkeep ------------------------------------------------------------------

  const connected = (): void => {
    failures = 0;
    if (host.reconnecting()) host.patch({ reconnecting: false });
  };

  /** Exponential backoff (0.5, 1, 2, 4, 8, 8 … s) with equal jitter, saying so through `reconnecting`. */
  const retry = (again: () => void): void => {
    const backoff = Math.min(BACKOFF_CAP_SECONDS, BACKOFF_FIRST_SECONDS * 2 ** failures);
    failures += 1;
    if (!host.reconnecting()) host.patch({ reconnecting: true });
    later((backoff / 2 + (Math.random() * backoff) / 2) * 1000 * timing.intervalScale, again);
  };

  const onVisibilityChange = (): void => {
    if (document.visibilityState === 'hidden') pause();
    else resume();
  };

  const onPageShow = (event: PageTransitionEvent): void => {
    if (!event.persisted) return;
    // Restored from the back-forward cache: timers were frozen and connections are gone.
    if (!exchanging) pause();
    resume();
  };

  const dropPausable = (): void => {
    epoch += 1;
    for (const [controller, pausable] of requests) {
      if (pausable) {
        controller.abort();
        requests.delete(controller);
      }
    }
  };

  const pause = (): void => {
    if (stopped() || exchanging || paused) return;
    paused = true;
    dropPausable();
    if (host.reconnecting()) host.patch({ reconnecting: false });
  };

  const resume = (): void => {
    if (stopped()) return;
    const expiresAt = started?.expiresAt ?? Infinity;
    if (!exchanging && Date.now() >= expiresAt) {
      expire();
      return;
    }
    if (!paused || document.visibilityState === 'hidden') return;
    paused = false;
    failures = 0;
    connect();
  };

  const expire = (): void => {
    if (stopped() || approvalReceived) return;
    // An approval being collected gets one request timeout more: the other side may still answer.
    if (exchanging && !expiryGraceUsed) {
      expiryGraceUsed = true;
      later(timing.requestTimeoutSeconds * 1000, expire);
      return;
    }
    failWith(expiredError());
  };

  const begin = async (): Promise<void> => {
    const request = await steps.prepare(host.patch);
    if (stopped()) return;
    const accepted = await send(false, (signal) => transport.start(request, signal));
    if (stopped()) {
      // Stopped while the other side was accepting it: withdraw it rather than leave it open.
      accepted.cancel();
      return;
    }
    started = accepted;
    const { channel = 'qr', hostedUrl, userCode, verificationUri, expiresAt } = accepted;
    // Only a QR code on this page has payloads to show and rotate; the other channels ask elsewhere.
    const payload = channel === 'qr' ? await currentPayload() : undefined;
    if (stopped()) return;
    host.move('awaiting-scan', { channel, hostedUrl, userCode, verificationUri, expiresAt, qrPayload: payload, appLink: payload });
    later(expiresAt - Date.now(), expire);
    if (channel === 'qr') scheduleRotation();
    document.addEventListener('visibilitychange', onVisibilityChange);
    window.addEventListener('pageshow', onPageShow);
    connect();
  };

  return {
    start() {
      begin().catch(failWith);
    },
    stop() {
      if (ended) return;
      ended = true;
      for (const controller of requests.keys()) controller.abort();
      requests.clear();
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
      document.removeEventListener('visibilitychange', onVisibilityChange);
      window.removeEventListener('pageshow', onPageShow);
      started?.cancel();
    },
  };
}
