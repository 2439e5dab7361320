import { IamSmartError, isIamSmartError } from '../errors.js';
import type { Discovery } from '../discovery.js';
import type { QrLoginSnapshot } from '../login/types.js';
import type { SessionState } from '../session/types.js';
import { requestDeviceAuthorization } from './device-authorization.js';
import type { DeviceAuthorization } from './device-authorization.js';
import { createQrPayloads } from './qr-payload.js';
import { readStatusStream, StreamLostError } from './status-stream.js';
import type { StreamEvent } from './status-stream.js';
import { requestDeviceToken, TokenNetworkError } from './token-polling.js';
import type { DeviceTokens } from './token-polling.js';

/** What a session needs from its client. */
export interface SessionContext {
  clientId: string;
  requestTimeoutSeconds: number;
  getDiscovery(): Promise<Discovery>;
  /**
   * Multiplies the polling interval, `slow_down`'s increase and the reconnection backoff. 1 in
   * production; the SDK's own tests lower it so RFC 8628's whole seconds do not make the suite slow.
   * The session lifetime and the QR rotation are never scaled: they are what the resident sees.
   */
  intervalScale: number;
}

/** What a device authorization request asks for. */
export interface DeviceRequest {
  /** The scope, `openid` included. */
  scope: string;
  /** RFC 9396 authorization details (signing), sent as JSON. */
  authorizationDetails?: unknown[];
}

/** The work that differs between the flows run on a cross-device session (login, signing). */
export interface AttemptSteps<T> {
  /** `starting`'s work before the device authorization request (signing: checking and hashing the document); says what to ask for. */
  prepare(): Promise<DeviceRequest>;
  /**
   * The step after the token response: login verifies the ID token and builds the user; signing
   * verifies it too, has the document signed and verifies the signature. `signal` aborts when the
   * attempt stops.
   */
  complete(tokens: DeviceTokens, nonce: string, discovery: Discovery, signal: AbortSignal): Promise<T>;
}

/** The snapshot fields every flow has; the attempt sets only these. */
export type AttemptSnapshot = Omit<QrLoginSnapshot, 'user'>;

/** How the attempt reports to its session; calls from a stopped attempt are ignored by the session. */
export interface AttemptHost<T> {
  state(): SessionState;
  reconnecting(): boolean;
  move(to: SessionState, patch?: Partial<AttemptSnapshot>): void;
  patch(patch: Partial<AttemptSnapshot>): void;
  succeed(result: T): void;
  fail(error: IamSmartError): void;
}

const BACKOFF_FIRST_SECONDS = 0.5;
const BACKOFF_CAP_SECONDS = 8;
/** RFC 8628 §3.5: `slow_down` adds 5 seconds to the interval for this and all later requests. */
const SLOW_DOWN_SECONDS = 5;

/** A request that did not answer in time: treated like a lost connection. */
class RequestTimeout extends Error {
  override readonly name = 'RequestTimeout';
}

function randomNonce(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(32));
  return btoa(String.fromCharCode(...bytes)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function isLost(error: unknown): boolean {
  return error instanceof StreamLostError || error instanceof TokenNetworkError || error instanceof RequestTimeout;
}

/**
 * One device code's life: the device authorization request, the QR rotation, learning the state
 * (status stream, or polling the token endpoint), the token exchange and the local expiry timer.
 * `refresh()` stops an attempt and starts another; nothing of a stopped attempt runs on.
 */
export class Attempt<T> {
  private readonly host: AttemptHost<T>;
  private readonly ctx: SessionContext;
  private readonly steps: AttemptSteps<T>;
  private readonly nonce = randomNonce();
  private readonly timers = new Set<ReturnType<typeof setTimeout>>();
  /** Requests in flight; `pausable` ones are dropped while the tab is hidden. */
  private readonly requests = new Map<AbortController, { pausable: boolean }>();
  private ended = false;
  /** Known once the provider has answered the device authorization request. */
  private live: { auth: DeviceAuthorization; discovery: Discovery } | undefined;
  private arrival = 0;
  private payloadAt: ((t: number) => Promise<string>) | undefined;
  private intervalSeconds = 5;
  private failures = 0;
  /** Bumped whenever the current way of learning the state is dropped (hidden tab, approval): older loops stop. */
  private epoch = 0;
  private paused = false;
  /** Once approved, the code is exchanged to the end: pausing then could lose a one-time code. */
  private exchanging = false;
  private expiryGraceUsed = false;
  /** The device code is spent: its lifetime no longer limits the attempt (each request of the last step has its own timeout). */
  private tokensReceived = false;

  /** Ends the attempt with a typed error (its code picks denied, expired or error); an arrow so it can be a `.catch` handler. */
  private readonly failWith = (error: unknown): void => {
    if (this.stopped()) return;
    const typed = isIamSmartError(error) ? error : new IamSmartError('unknown', `Unexpected failure: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
    this.host.fail(typed);
  };

  constructor(host: AttemptHost<T>, ctx: SessionContext, steps: AttemptSteps<T>) {
    this.host = host;
    this.ctx = ctx;
    this.steps = steps;
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
  }

  private async begin(): Promise<void> {
    const request = await this.steps.prepare();
    if (this.stopped()) return;
    const discovery = await this.ctx.getDiscovery();
    if (this.stopped()) return;
    const endpoint = discovery.device_authorization_endpoint;
    if (endpoint === undefined) {
      throw new IamSmartError('discovery_invalid', `${discovery.issuer} does not offer cross-device login (no \`device_authorization_endpoint\` in its discovery document).`);
    }
    const auth = await this.send(false, (signal) =>
      requestDeviceAuthorization({
        endpoint,
        clientId: this.ctx.clientId,
        scope: request.scope,
        nonce: this.nonce,
        ...(request.authorizationDetails === undefined ? {} : { authorizationDetails: request.authorizationDetails }),
        signal,
      }),
    ).catch((error: unknown) => {
      throw error instanceof RequestTimeout ? new IamSmartError('network_error', 'The device authorization endpoint did not answer in time.', { cause: error }) : error;
    });
    // `t` of the QR payload counts from here, as the provider counts from when it answered.
    this.arrival = Date.now();
    this.live = { auth, discovery };
    this.intervalSeconds = auth.intervalSeconds;
    if (auth.qr) this.payloadAt = await createQrPayloads(auth.qr);
    const payload = await this.currentPayload();
    if (this.stopped()) return;
    const expiresAt = this.arrival + auth.expiresInSeconds * 1000;
    this.host.move('awaiting-scan', { userCode: auth.userCode, verificationUri: auth.verificationUri, expiresAt, qrPayload: payload, appLink: payload });
    this.later(expiresAt - Date.now(), () => { this.expire(); });
    this.scheduleRotation();
    document.addEventListener('visibilitychange', this.onVisibilityChange);
    window.addEventListener('pageshow', this.onPageShow);
    this.connect();
  }

  // ---- QR payload -------------------------------------------------------------------------

  private known(): { auth: DeviceAuthorization; discovery: Discovery } {
    if (!this.live) throw new Error('[iamsmart] the device code is not known yet');
    return this.live;
  }

  private async currentPayload(): Promise<string> {
    const { auth } = this.known();
    if (!this.payloadAt) return auth.verificationUriComplete ?? auth.verificationUri;
    return this.payloadAt(Math.floor((Date.now() - this.arrival) / 1000));
  }

  /** Fires at the next multiple of the QR interval after the response's arrival. */
  private scheduleRotation(): void {
    const qr = this.live?.auth.qr;
    if (!qr) return;
    const period = qr.intervalSeconds * 1000;
    const elapsed = Date.now() - this.arrival;
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

  // ---- learning the state -----------------------------------------------------------------

  private connect(): void {
    if (this.stopped() || this.exchanging) return;
    if (document.visibilityState === 'hidden') {
      this.pause();
      return;
    }
    const streamEndpoint = this.live?.discovery.iamsmart_cross_device_status_endpoint;
    const epoch = this.epoch;
    if (streamEndpoint === undefined) this.pollLater(epoch, this.intervalSeconds);
    else this.stream(epoch, streamEndpoint).catch(this.failWith);
  }

  private async stream(epoch: number, endpoint: string): Promise<void> {
    const { auth } = this.known();
    try {
      await this.send(true, (signal) => readStatusStream(endpoint, this.ctx.clientId, auth.deviceCode, signal, (event) => {
          this.onStreamEvent(epoch, event);
        }), false);
      // Ended without a final state (a proxy's idle timeout, a server restart): open it again.
      throw new StreamLostError('The status stream ended before the session did.');
    } catch (error) {
      if (this.stopped() || epoch !== this.epoch) return;
      if (!isLost(error)) throw error;
      this.retry(0, () => {
        // Only if nothing reconnected meanwhile (a hidden-then-visible tab already did).
        if (epoch === this.epoch) this.connect();
      });
    }
  }

  private onStreamEvent(epoch: number, event: StreamEvent): void {
    if (this.stopped() || epoch !== this.epoch) return;
    this.connected();
    switch (event.state) {
      case 'awaiting-scan':
        return; // the state at (re)connection
      case 'scanned':
        if (this.host.state() === 'awaiting-scan') this.host.move('scanned');
        return;
      case 'approved':
        // Drops the stream (the server ends it anyway) and fetches the tokens at once.
        this.exchanging = true;
        this.dropPausable();
        this.host.move('approved');
        this.poll(this.epoch).catch(this.failWith);
        return;
      case 'denied':
        this.failWith(
          event.reason === 'code_mismatch'
            ? new IamSmartError('code_mismatch', 'The resident chose an identification code that does not match this page\'s; the session was stopped.')
            : new IamSmartError('access_denied', 'The resident declined in the iAM Smart app.'),
        );
        return;
      case 'expired':
        this.failWith(new IamSmartError('session_expired', 'The session expired before it was approved.'));
    }
  }

  private pollLater(epoch: number, seconds: number): void {
    this.later(seconds * 1000 * this.ctx.intervalScale, () => {
      this.poll(epoch).catch(this.failWith);
    });
  }

  /** One device access token request (RFC 8628 §3.4) and what its answer means (§3.5). */
  private async poll(epoch: number): Promise<void> {
    if (this.stopped() || epoch !== this.epoch) return;
    const { auth, discovery } = this.known();
    const tokenEndpoint = discovery.token_endpoint;
    let answer;
    try {
      answer = await this.send(!this.exchanging, (signal) => requestDeviceToken(tokenEndpoint, this.ctx.clientId, auth.deviceCode, signal));
    } catch (error) {
      if (this.stopped() || epoch !== this.epoch) return;
      // §3.5: after a connection failure, back off on top of the interval.
      if (!isLost(error)) throw error;
      this.retry(this.intervalSeconds, () => {
        this.poll(epoch).catch(this.failWith);
      });
      return;
    }
    // Tokens are used even if the tab hid meanwhile: the provider has already spent the code.
    if (this.stopped() || (epoch !== this.epoch && answer.kind !== 'tokens')) return;
    this.connected();
    switch (answer.kind) {
      case 'authorization_pending':
        this.pollLater(epoch, this.intervalSeconds);
        return;
      case 'slow_down':
        this.intervalSeconds += SLOW_DOWN_SECONDS;
        this.pollLater(epoch, this.intervalSeconds);
        return;
      case 'access_denied':
        this.failWith(new IamSmartError('access_denied', 'The resident declined in the iAM Smart app.'));
        return;
      case 'expired_token':
        this.failWith(new IamSmartError('session_expired', 'The session expired before it was approved.'));
        return;
      case 'tokens':
        await this.complete(answer.tokens);
    }
  }

  private async complete(tokens: DeviceTokens): Promise<void> {
    this.exchanging = true;
    this.tokensReceived = true;
    if (this.host.state() !== 'approved') this.host.move('approved');
    const { discovery } = this.known();
    const result = await this.send(false, (signal) => this.steps.complete(tokens, this.nonce, discovery, signal), false);
    if (!this.stopped()) this.host.succeed(result);
  }

  // ---- connection upkeep ------------------------------------------------------------------

  private connected(): void {
    this.failures = 0;
    if (this.host.reconnecting()) this.host.patch({ reconnecting: false });
  }

  /** Exponential backoff (0.5, 1, 2, 4, 8, 8 … s) with equal jitter, saying so through `reconnecting`. */
  private retry(baseSeconds: number, again: () => void): void {
    const backoff = Math.min(BACKOFF_CAP_SECONDS, BACKOFF_FIRST_SECONDS * 2 ** this.failures);
    this.failures += 1;
    if (!this.host.reconnecting()) this.host.patch({ reconnecting: true });
    this.later((baseSeconds + backoff / 2 + (Math.random() * backoff) / 2) * 1000 * this.ctx.intervalScale, again);
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
    const expiresAt = this.live ? this.arrival + this.live.auth.expiresInSeconds * 1000 : Infinity;
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
    if (this.stopped() || this.tokensReceived) return;
    // An approval being exchanged gets one request timeout more: the provider may still answer with tokens.
    if (this.exchanging && !this.expiryGraceUsed) {
      this.expiryGraceUsed = true;
      this.later(this.ctx.requestTimeoutSeconds * 1000, () => { this.expire(); });
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

  /** Runs one request with its own AbortController, aborted by stop(), by pause() when pausable, and after the request timeout. */
  private async send<T>(pausable: boolean, run: (signal: AbortSignal) => Promise<T>, timed = true): Promise<T> {
    const controller = new AbortController();
    this.requests.set(controller, { pausable });
    const timeout = { hit: false };
    const timer = timed
      ? setTimeout(() => {
          timeout.hit = true;
          controller.abort();
        }, this.ctx.requestTimeoutSeconds * 1000)
      : undefined;
    try {
      return await run(controller.signal);
    } catch (error) {
      if (timeout.hit) throw new RequestTimeout('The provider did not answer in time.', { cause: error });
      throw error;
    } finally {
      clearTimeout(timer);
      // Also after garbage: a response body left unread must not keep its connection open.
      controller.abort();
      this.requests.delete(controller);
    }
  }


}
