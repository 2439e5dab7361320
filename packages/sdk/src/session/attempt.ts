import { IamSmartError, isIamSmartError } from '../errors.js';
import type { SessionSnapshot, SessionState } from './types.js';
import { ConnectionLostError } from './transport.js';
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
  prepare(): Promise<SessionRequest>;
  finish(approval: Approval, signal: AbortSignal): Promise<Result>;
}

/** How the attempt reports to its session; calls from a stopped attempt are ignored by the session. */
export interface AttemptHost<Result> {
  state(): SessionState;
  reconnecting(): boolean;
  move(to: SessionState, patch?: Partial<SessionSnapshot>): void;
  patch(patch: Partial<SessionSnapshot>): void;
  succeed(result: Result): void;
  fail(error: IamSmartError): void;
}

const BACKOFF_FIRST_SECONDS = 0.5;
const BACKOFF_CAP_SECONDS = 8;

/**
 * One request's life over a transport: starting it, the QR rotation, following its state (with
 * reconnection and pausing in a hidden tab), collecting the approval, the flow's last step and the
 * local expiry timer. `refresh()` stops an attempt and starts another; nothing of a stopped
 * attempt runs on.
 */
export class Attempt<Approval, Result> {
  private readonly host: AttemptHost<Result>;
  private readonly transport: SessionTransport<Approval>;
  private readonly steps: AttemptSteps<Approval, Result>;
  private readonly timing: AttemptTiming;
  private readonly timers = new Set<ReturnType<typeof setTimeout>>();
  /** Requests in flight; `pausable` ones are dropped while the tab is hidden. */
  private readonly requests = new Map<AbortController, { pausable: boolean }>();
  private ended = false;
  /** Known once the other side has accepted the request. */
  private started: StartedRequest<Approval> | undefined;
  private failures = 0;
  /** Bumped whenever the current way of following the state is dropped (hidden tab, approval): older loops stop. */
  private epoch = 0;
  private paused = false;
  /** Once approved, the approval is collected to the end: pausing then could lose a one-time code. */
  private exchanging = false;
  private expiryGraceUsed = false;
  /** The approval is in: the request's lifetime no longer limits the attempt (each request of the last step has its own timeout). */
  private approvalReceived = false;

  /** Ends the attempt with a typed error (its code picks denied, expired or error); an arrow so it can be a `.catch` handler. */
  private readonly failWith = (error: unknown): void => {
    if (this.stopped()) return;
    const typed = isIamSmartError(error) ? error : new IamSmartError('unknown', `Unexpected failure: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
    this.host.fail(typed);
  };

  constructor(host: AttemptHost<Result>, transport: SessionTransport<Approval>, steps: AttemptSteps<Approval, Result>, timing: AttemptTiming) {
    this.host = host;
    this.transport = transport;
    this.steps = steps;
    this.timing = timing;
  }

  /** A method, not a field, so checks after an await are not narrowed away: stop() may have run meanwhile. */
  private stopped(): boolean {
    return this.ended;
  }

  start(): void {
    this.begin().catch(this.failWith);
  }

  stop(): void {
    if (this.ended) return;
    this.ended = true;
    for (const controller of this.requests.keys()) controller.abort();
    this.requests.clear();
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    document.removeEventListener('visibilitychange', this.onVisibilityChange);
    window.removeEventListener('pageshow', this.onPageShow);
    this.started?.cancel();
  }

  private async begin(): Promise<void> {
    const request = await this.steps.prepare();
    if (this.stopped()) return;
    const started = await this.send(false, (signal) => this.transport.start(request, signal));
    if (this.stopped()) return;
    this.started = started;
    const payload = await this.currentPayload();
    if (this.stopped()) return;
    const { userCode, verificationUri, expiresAt } = started;
    this.host.move('awaiting-scan', { userCode, verificationUri, expiresAt, qrPayload: payload, appLink: payload });
    this.later(expiresAt - Date.now(), () => { this.expire(); });
    this.scheduleRotation();
    document.addEventListener('visibilitychange', this.onVisibilityChange);
    window.addEventListener('pageshow', this.onPageShow);
    this.connect();
  }

  // ---- QR payload -------------------------------------------------------------------------

  private known(): StartedRequest<Approval> {
    if (!this.started) throw new Error('[iamsmart] the request has not started yet');
    return this.started;
  }

  private currentPayload(): Promise<string> {
    const started = this.known();
    return started.qrPayload(Math.floor((Date.now() - started.startedAt) / 1000));
  }

  /** Fires at the next multiple of the QR interval after the request started. */
  private scheduleRotation(): void {
    const seconds = this.started?.qrIntervalSeconds;
    if (seconds === undefined) return;
    const period = seconds * 1000;
    const elapsed = Date.now() - this.known().startedAt;
    this.later((Math.floor(elapsed / period) + 1) * period - elapsed, () => {
      this.rotate().catch(this.failWith);
    });
  }

  private async rotate(): Promise<void> {
    if (this.host.state() !== 'awaiting-scan') return;
    const payload = await this.currentPayload();
    if (this.stopped() || this.host.state() !== 'awaiting-scan') return;
    this.host.patch({ qrPayload: payload, appLink: payload });
    this.scheduleRotation();
  }

  // ---- following the state ----------------------------------------------------------------

  private connect(): void {
    if (this.stopped() || this.exchanging) return;
    if (document.visibilityState === 'hidden') {
      this.pause();
      return;
    }
    this.follow(this.epoch).catch(this.failWith);
  }

  private async follow(epoch: number): Promise<void> {
    const started = this.known();
    try {
      await this.send(true, (signal) => started.follow((update) => { this.onUpdate(epoch, update); }, signal));
      // Ended without a final state (a proxy's idle timeout, a server restart): follow again.
      throw new ConnectionLostError('The connection ended before the session did.');
    } catch (error) {
      if (this.stopped() || epoch !== this.epoch) return;
      if (!(error instanceof ConnectionLostError)) throw error;
      this.retry(() => {
        // Only if nothing reconnected meanwhile (a hidden-then-visible tab already did).
        if (epoch === this.epoch) this.connect();
      });
    }
  }

  private onUpdate(epoch: number, update: RequestUpdate): void {
    // An approval is used even if the tab hid meanwhile: the other side may already have spent a one-time code.
    if (this.stopped() || (epoch !== this.epoch && update.state !== 'approved')) return;
    this.connected();
    switch (update.state) {
      case 'awaiting-scan':
        return;
      case 'scanned':
        if (this.host.state() === 'awaiting-scan') this.host.move('scanned');
        return;
      case 'approved':
        if (this.exchanging) return;
        // Drops the connection (the other side ends it anyway) and collects the approval at once.
        this.exchanging = true;
        this.dropPausable();
        this.host.move('approved');
        this.collect().catch(this.failWith);
        return;
      case 'denied':
        this.failWith(
          update.reason === 'code_mismatch'
            ? new IamSmartError('code_mismatch', 'The resident chose an identification code that does not match this page\'s; the session was stopped.')
            : new IamSmartError('access_denied', 'The resident declined in the iAM Smart app.'),
        );
        return;
      case 'expired':
        this.failWith(new IamSmartError('session_expired', 'The session expired before it was approved.'));
    }
  }

  /** Fetches the approval (retrying lost connections with backoff), then runs the flow's last step. */
  private async collect(): Promise<void> {
    const started = this.known();
    let approval: Approval;
    try {
      approval = await this.send(false, (signal) => started.result(signal, () => { this.connected(); }));
    } catch (error) {
      if (this.stopped()) return;
      if (!(error instanceof ConnectionLostError)) throw error;
      this.retry(() => {
        this.collect().catch(this.failWith);
      });
      return;
    }
    if (this.stopped()) return;
    this.approvalReceived = true;
    const result = await this.send(false, (signal) => this.steps.finish(approval, signal));
    if (!this.stopped()) this.host.succeed(result);
  }

  // ---- connection upkeep ------------------------------------------------------------------

  private connected(): void {
    this.failures = 0;
    if (this.host.reconnecting()) this.host.patch({ reconnecting: false });
  }

  /** Exponential backoff (0.5, 1, 2, 4, 8, 8 … s) with equal jitter, saying so through `reconnecting`. */
  private retry(again: () => void): void {
    const backoff = Math.min(BACKOFF_CAP_SECONDS, BACKOFF_FIRST_SECONDS * 2 ** this.failures);
    this.failures += 1;
    if (!this.host.reconnecting()) this.host.patch({ reconnecting: true });
    this.later((backoff / 2 + (Math.random() * backoff) / 2) * 1000 * this.timing.intervalScale, again);
  }

  private readonly onVisibilityChange = (): void => {
    if (document.visibilityState === 'hidden') this.pause();
    else this.resume();
  };

  private readonly onPageShow = (event: PageTransitionEvent): void => {
    if (!event.persisted) return;
    // Restored from the back-forward cache: timers were frozen and connections are gone.
    if (!this.exchanging) this.pause();
    this.resume();
  };

  private dropPausable(): void {
    this.epoch += 1;
    for (const [controller, { pausable }] of this.requests) {
      if (pausable) {
        controller.abort();
        this.requests.delete(controller);
      }
    }
  }

  private pause(): void {
    if (this.stopped() || this.exchanging || this.paused) return;
    this.paused = true;
    this.dropPausable();
    if (this.host.reconnecting()) this.host.patch({ reconnecting: false });
  }

  private resume(): void {
    if (this.stopped()) return;
    const expiresAt = this.started?.expiresAt ?? Infinity;
    if (!this.exchanging && Date.now() >= expiresAt) {
      this.expire();
      return;
    }
    if (!this.paused || document.visibilityState === 'hidden') return;
    this.paused = false;
    this.failures = 0;
    this.connect();
  }

  private expire(): void {
    if (this.stopped() || this.approvalReceived) return;
    // An approval being collected gets one request timeout more: the other side may still answer.
    if (this.exchanging && !this.expiryGraceUsed) {
      this.expiryGraceUsed = true;
      this.later(this.timing.requestTimeoutSeconds * 1000, () => { this.expire(); });
      return;
    }
    this.failWith(new IamSmartError('session_expired', 'The session expired before it was approved.'));
  }

  // ---- plumbing ---------------------------------------------------------------------------

  private later(ms: number, run: () => void): void {
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      if (!this.stopped()) run();
    }, Math.max(0, ms));
    this.timers.add(timer);
  }

  /** Runs one piece of work with its own AbortController, aborted by stop(), and by pause() when pausable. */
  private async send<T>(pausable: boolean, run: (signal: AbortSignal) => Promise<T>): Promise<T> {
    const controller = new AbortController();
    this.requests.set(controller, { pausable });
    try {
      return await run(controller.signal);
    } finally {
      // Also after garbage: a response body left unread must not keep its connection open.
      controller.abort();
      this.requests.delete(controller);
    }
  }
}
