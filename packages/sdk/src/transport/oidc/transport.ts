// The OpenID Connect transport: a session is an RFC 8628 device authorization grant. States come
// from the provider's status stream (the kit's extension) or, without one, from polling the token
// endpoint (§3.4/3.5); the approval is the token response, whose ID token the flow verifies.
import { DISCOVERY_EXTENSIONS } from '@iamsmart/protocol';
import { randomNonce } from '../../base64url.js';
import { IamSmartError } from '../../errors.js';
import type { Discovery } from '../../discovery.js';
import { ConnectionLostError, declinedError, expiredError } from '../../session/transport.js';
import type { SessionTransport, StartedRequest } from '../../session/transport.js';
import { requestDeviceAuthorization } from './device-authorization.js';
import type { DeviceAuthorization } from './device-authorization.js';
import { createQrPayloads } from './qr-payload.js';
import { readStatusStream } from './status-stream.js';
import { requestDeviceToken } from './token-polling.js';
import type { DeviceTokenAnswer, DeviceTokens } from './token-polling.js';

/** What an approved OpenID Connect session yields: the tokens, and what their ID token is checked against. */
export interface OidcApproval {
  tokens: DeviceTokens;
  /** The nonce this request sent; the ID token must carry it. */
  nonce: string;
  discovery: Discovery;
}

export interface OidcTransportOptions {
  clientId: string;
  requestTimeoutSeconds: number;
  getDiscovery(): Promise<Discovery>;
  /**
   * Multiplies the polling interval and `slow_down`'s increase. 1 in production; the SDK's own
   * tests lower it so RFC 8628's whole seconds do not make the suite slow. The request lifetime
   * and the QR rotation are never scaled: they are what the resident sees.
   */
  intervalScale: number;
}

/** RFC 8628 §3.5: `slow_down` adds 5 seconds to the interval for this and all later requests. */
const SLOW_DOWN_SECONDS = 5;

/**
 * Runs `run` with a signal that aborts with `outer` or after `seconds`; a timeout counts as a lost
 * connection. (Not `AbortSignal.any`: the QR login must keep working in browsers without it.)
 */
async function withTimeout<T>(outer: AbortSignal, seconds: number, run: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const controller = new AbortController();
  const abort = () => { controller.abort(); };
  outer.addEventListener('abort', abort);
  const timeout = { hit: false };
  const timer = setTimeout(() => {
    timeout.hit = true;
    abort();
  }, seconds * 1000);
  try {
    return await run(controller.signal);
  } catch (error) {
    if (timeout.hit && !outer.aborted) throw new ConnectionLostError('The provider did not answer in time.', { cause: error });
    throw error;
  } finally {
    clearTimeout(timer);
    outer.removeEventListener('abort', abort);
    // Also after garbage: a response body left unread must not keep its connection open.
    abort();
  }
}

/** Waits `ms`; rejects when `signal` aborts (the engine aborts it when it stops following). */
function sleep(ms: number, signal: AbortSignal): Promise<void> {
  signal.throwIfAborted();
  return new Promise((resolve, reject) => {
    const stop = () => {
      clearTimeout(timer);
      reject(signal.reason as Error);
    };
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', stop);
      resolve();
    }, ms);
    signal.addEventListener('abort', stop, { once: true });
  });
}

type FinalTokenAnswer = Exclude<DeviceTokenAnswer, { kind: 'authorization_pending' | 'slow_down' }>;

/** Sessions as RFC 8628 device authorization grants at the client's provider. */
export function createOidcTransport(options: OidcTransportOptions): SessionTransport<OidcApproval> {
  const { clientId, requestTimeoutSeconds, intervalScale } = options;

  /** One device code: its QR payloads, its states (status stream, or token polling), its tokens. */
  function deviceCodeRequest(
    auth: DeviceAuthorization,
    /** `tokens` once the token endpoint gave them (while polling, they arrive with the approval). */
    approval: Omit<OidcApproval, 'tokens'> & { tokens: DeviceTokens | undefined },
    startedAt: number,
    payloadAt: ((t: number) => Promise<string>) | undefined,
  ): StartedRequest<OidcApproval> {
    const { discovery } = approval;
    let intervalSeconds = auth.intervalSeconds;
    /** The last token request's connection failed: §3.5 asks to wait the interval before the next. */
    let lost = false;

    const requestToken = async (signal: AbortSignal): Promise<DeviceTokenAnswer> => {
      try {
        const answer = await withTimeout(signal, requestTimeoutSeconds, (timed) => requestDeviceToken(discovery.token_endpoint, clientId, auth.deviceCode, timed));
        lost = false;
        return answer;
      } catch (error) {
        if (error instanceof ConnectionLostError) lost = true;
        throw error;
      }
    };

    /** Token requests until an answer other than `authorization_pending` / `slow_down` (§3.5), each of which calls `onPending`. */
    const pollUntilFinal = async (signal: AbortSignal, waitFirst: boolean, onPending: () => void): Promise<FinalTokenAnswer> => {
      for (let wait = waitFirst; ; wait = true) {
        if (wait) await sleep(intervalSeconds * 1000 * intervalScale, signal);
        const answer = await requestToken(signal);
        if (answer.kind === 'slow_down') intervalSeconds += SLOW_DOWN_SECONDS;
        else if (answer.kind !== 'authorization_pending') return answer;
        onPending();
      }
    };

    return {
      userCode: auth.userCode,
      verificationUri: auth.verificationUri,
      startedAt,
      expiresAt: startedAt + auth.expiresInSeconds * 1000,
      qrIntervalSeconds: auth.qr?.intervalSeconds,
      qrPayload: (t) => (payloadAt ? payloadAt(t) : Promise.resolve(auth.verificationUriComplete ?? auth.verificationUri)),

      async follow(onUpdate, signal) {
        const stream = discovery[DISCOVERY_EXTENSIONS.statusStream];
        // Not timed: the stream is long-lived and watches its own silence.
        if (stream !== undefined) return readStatusStream(stream, clientId, auth.deviceCode, signal, onUpdate);
        // Without a stream: the token endpoint every `interval` (RFC 8628 §3.4/3.5) until it says something final.
        const answer = await pollUntilFinal(signal, true, () => { onUpdate({ state: 'awaiting-scan' }); });
        if (answer.kind === 'tokens') approval.tokens = answer.tokens;
        onUpdate(answer.kind === 'tokens' ? { state: 'approved' } : answer.kind === 'access_denied' ? { state: 'denied', reason: 'declined' } : { state: 'expired' });
      },

      async result(signal, onAlive) {
        if (!approval.tokens) {
          // Token requests at once; after a connection failure, the interval first (§3.5; the engine adds the backoff).
          const answer = await pollUntilFinal(signal, lost, onAlive);
          onAlive();
          if (answer.kind === 'access_denied') throw declinedError();
          if (answer.kind === 'expired_token') throw expiredError();
          approval.tokens = answer.tokens;
        }
        return { ...approval, tokens: approval.tokens };
      },

      cancel() {
        // RFC 8628 has no way to withdraw a device code: it lapses at the provider.
      },
    };
  }

  return {
    async start(request, signal) {
      const discovery = await options.getDiscovery();
      signal.throwIfAborted();
      const endpoint = discovery.device_authorization_endpoint;
      if (endpoint === undefined) {
        throw new IamSmartError('discovery_invalid', `${discovery.issuer} does not offer cross-device login (no \`device_authorization_endpoint\` in its discovery document).`);
      }
      const nonce = randomNonce();
      const { scope, authorizationDetails } = request;
      // RFC 8628 has no `ui_locales`: `request.lang` stays with the page.
      const auth = await withTimeout(signal, requestTimeoutSeconds, (timed) =>
        requestDeviceAuthorization({ endpoint, clientId, scope, nonce, ...(authorizationDetails === undefined ? {} : { authorizationDetails }), signal: timed }),
      ).catch((error: unknown) => {
        throw error instanceof ConnectionLostError ? new IamSmartError('network_error', 'The device authorization endpoint did not answer in time.', { cause: error }) : error;
      });
      // `t` of the QR payload counts from here, as the provider counts from when it answered.
      const startedAt = Date.now();
      const payloadAt = auth.qr ? await createQrPayloads(auth.qr) : undefined;
      return deviceCodeRequest(auth, { tokens: undefined, nonce, discovery }, startedAt, payloadAt);
    },
  };
}
