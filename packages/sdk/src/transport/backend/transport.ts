// The backend transport (decisions 020 and 037): a session is a request to the website's own
// `@iamsmart/server`. `start` posts it, `follow` reads its event stream (EventSource, which resumes
// with Last-Event-ID by itself; polling `GET {backend}/requests/{id}` without EventSource or once
// the stream is refused), `result` is the `done` view's result — verified by the server, so the
// page checks its shape only — and `cancel` withdraws it. No token, ticket or signature check here.
import { IamSmartError } from '../../errors.js';
import { backendRequest } from '../../backend/http.js';
import { ConnectionLostError, declinedError, expiredError } from '../../session/transport.js';
import type { RequestUpdate, SessionRequest, SessionTransport, StartedRequest } from '../../session/transport.js';
import type { IamSmartLang } from '../../config/types.js';
import { FINAL_VIEW_STATES, readView } from './view.js';
import type { RequestView } from './view.js';

/** What an approved backend request yields: the server's result, for the flow to shape. */
export interface BackendApproval {
  result: unknown;
}

export interface BackendTransportOptions {
  /** Absolute, without a trailing slash. */
  backend: string;
  lang: IamSmartLang;
  requestTimeoutSeconds: number;
  /** Multiplies the polling interval; 1 in production. */
  intervalScale: number;
}

/** Between two polls when there is no event stream (the server's `retry` is 2 s too). */
const POLL_SECONDS = 2;

/** The errors that say "try again later" rather than "this request is over". */
const TRANSIENT = new Set(['backend_unavailable', 'timeout']);

function transient(error: unknown): unknown {
  return error instanceof IamSmartError && TRANSIENT.has(error.code) ? new ConnectionLostError(error.message, { cause: error }) : error;
}

/**
 * The contract's body from what the flows ask for (the same authorization details the OpenID
 * Connect transport sends): e-ME's `eme` detail, signing's `credential` detail with its one
 * document digest, or the notifications' `notify` detail with its topics (decision 059).
 */
export function requestBody(request: SessionRequest, lang: IamSmartLang): Record<string, unknown> {
  const detail = (request.authorizationDetails?.[0] ?? {}) as Record<string, unknown>;
  if (request.flow === 'eme' && detail.type === 'eme') {
    const { fields, optionalFields, formName, formNum, purpose } = detail;
    return { flow: 'eme', fields, ...(optionalFields === undefined ? {} : { optionalFields }), formName, ...(formNum === undefined ? {} : { formNum }), ...(purpose === undefined ? {} : { purpose }), lang };
  }
  if (request.flow === 'notify' && detail.type === 'notify') return { flow: 'notify', topics: detail.topics, lang };
  const digest = (detail.documentDigests as { hash: string; label: string }[] | undefined)?.[0];
  if (request.flow === 'sign' && detail.type === 'credential' && digest) return { flow: 'sign', hash: digest.hash, documentName: digest.label, lang };
  throw new IamSmartError('invalid_config', `The website's backend runs signing, e-ME and notifications only, not ${request.flow}.`);
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  signal.throwIfAborted();
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', stop);
      resolve();
    }, ms);
    const stop = () => {
      clearTimeout(timer);
      reject(signal.reason as Error);
    };
    signal.addEventListener('abort', stop, { once: true });
  });
}

/** A final view as the engine hears it: `approved`, or the typed error that ends the session. */
function finalError(view: RequestView): IamSmartError {
  const code = view.errorCode;
  if (view.state === 'cancelled') return new IamSmartError('cancelled', 'The request was cancelled in iAM Smart.');
  if (code === 'access_denied') return declinedError();
  if (code === 'session_expired') return expiredError();
  return new IamSmartError(code ?? 'unknown', `The website's backend ended the request: ${code ?? 'unknown'}.`);
}

/** Sessions as requests to the website's backend, `POST {backend}/requests`. */
export function createBackendTransport(options: BackendTransportOptions): SessionTransport<BackendApproval> {
  const { backend, requestTimeoutSeconds, intervalScale } = options;

  function followRequest(first: RequestView, startedAt: number): StartedRequest<BackendApproval> {
    const base = `${backend}/requests/${first.id}`;
    let latest = first;
    /** The seq last handed to the engine: a view is reported once. */
    let reported = -1;
    /** The stream, kept across the engine's reconnections so that EventSource resumes with Last-Event-ID. */
    let source: EventSource | undefined;
    /** The stream was refused (EventSource gave up): poll instead, which says why in a typed error. */
    let polling = typeof EventSource === 'undefined';
    /** A stream that sent garbage: the session ends with that error on the next follow. */
    let broken: Error | undefined;

    const closeStream = (): void => {
      source?.close();
      source = undefined;
    };

    const isFinal = (view: RequestView): boolean => FINAL_VIEW_STATES.includes(view.state);

    /** Hands a view to the engine once; a final one ends the following (resolve) or the session (throw). */
    const report = (view: RequestView, onUpdate: (update: RequestUpdate) => void): boolean => {
      if (view.seq < latest.seq) return false;
      latest = view;
      if (view.seq === reported && !isFinal(view)) return false;
      reported = view.seq;
      if (view.state === 'done') {
        onUpdate({ state: 'approved' });
        return true;
      }
      if (isFinal(view)) throw finalError(view);
      onUpdate({ state: 'awaiting-scan' });
      return false;
    };

    const openStream = (): EventSource => {
      const stream = new EventSource(`${base}/events`);
      stream.addEventListener('request', (event) => {
        let view: RequestView;
        try {
          view = readView((event as MessageEvent<string>).data, first.id);
        } catch (error) {
          broken = error as Error;
          closeStream();
          attached?.fail(error as Error);
          return;
        }
        // The server ends the stream after a final view; EventSource would reconnect.
        if (isFinal(view)) closeStream();
        if (attached) attached.view(view);
        else if (view.seq > latest.seq) latest = view;
      });
      stream.addEventListener('open', () => {
        attached?.alive();
      });
      stream.addEventListener('error', () => {
        // CLOSED: refused (a 404 for a request this browser may not read, a 5xx…), and polling says
        // which. CONNECTING: the browser retries by itself, with Last-Event-ID.
        if (stream.readyState === EventSource.CLOSED) {
          if (source === stream) source = undefined;
          polling = true;
        }
        attached?.fail(new ConnectionLostError('The request’s event stream broke off.'));
      });
      return stream;
    };
    /** The engine's follow() currently attached to the stream. */
    let attached: { view(view: RequestView): void; alive(): void; fail(error: Error): void } | undefined;

    const followStream = (onUpdate: (update: RequestUpdate) => void, signal: AbortSignal): Promise<void> =>
      new Promise<void>((resolve, reject) => {
        signal.throwIfAborted();
        source ??= openStream();
        const stream = source;
        const finish = (error?: Error): void => {
          attached = undefined;
          signal.removeEventListener('abort', onAbort);
          if (error === undefined) resolve();
          else reject(error);
        };
        const onAbort = (): void => {
          // A hidden tab or the session's end: no connection is kept open.
          closeStream();
          finish(signal.reason as Error);
        };
        attached = {
          view(view) {
            try {
              if (report(view, onUpdate)) finish();
            } catch (error) {
              closeStream();
              finish(error as Error);
            }
          },
          // (Re)connected: the server sends a view only when one was missed, so this is the sign of life.
          alive() {
            onUpdate({ state: 'awaiting-scan' });
          },
          fail: finish,
        };
        signal.addEventListener('abort', onAbort, { once: true });
        // What arrived while the engine was away (backing off) is reported now.
        if (latest.seq > reported || isFinal(latest)) attached.view(latest);
        else if (stream.readyState === EventSource.OPEN) attached.alive();
      });

    const poll = async (onUpdate: (update: RequestUpdate) => void, signal: AbortSignal): Promise<void> => {
      for (let wait = false; ; wait = true) {
        if (wait) await sleep(POLL_SECONDS * 1000 * intervalScale, signal);
        let view: RequestView;
        try {
          view = readView(await backendRequest('GET', base, requestTimeoutSeconds, { signal }), first.id);
        } catch (error) {
          throw transient(error);
        }
        if (report(view, onUpdate)) return;
      }
    };

    return {
      channel: first.state === 'hosted' ? 'hosted' : 'app',
      ...(first.hostedUrl === undefined ? {} : { hostedUrl: first.hostedUrl }),
      userCode: first.identificationCode,
      verificationUri: undefined,
      startedAt,
      expiresAt: first.expiresAt,
      qrIntervalSeconds: undefined,
      qrPayload: () => Promise.reject(new Error('[iamsmart] a backend request has no QR code on the page')),

      follow(onUpdate, signal) {
        if (broken !== undefined) return Promise.reject(broken);
        return polling ? poll(onUpdate, signal) : followStream(onUpdate, signal);
      },

      async result(signal, onAlive) {
        let view = latest;
        if (view.state !== 'done') {
          try {
            view = readView(await backendRequest('GET', base, requestTimeoutSeconds, { signal }), first.id);
          } catch (error) {
            throw transient(error);
          }
          onAlive();
          if (view.state !== 'done') throw isFinal(view) ? finalError(view) : new IamSmartError('unknown', 'The website\'s backend has no result for an approved request.');
        }
        return { result: view.result };
      },

      cancel() {
        closeStream();
        if (isFinal(latest)) return;
        // Best effort, and it must survive the page leaving (a closed tab); nobody waits for it.
        backendRequest('POST', `${base}/cancel`, requestTimeoutSeconds, { keepalive: true }).catch(() => undefined);
      },
    };
  }

  return {
    async start(request, signal) {
      const body = requestBody(request, request.lang ?? options.lang);
      const view = readView(await backendRequest('POST', `${backend}/requests`, requestTimeoutSeconds, { body, signal }));
      if (view.state !== 'awaiting-app' && view.state !== 'hosted') {
        throw new IamSmartError('unknown', `The website's backend answered a new request in state ${view.state}.`);
      }
      return followRequest(view, Date.now());
    },
  };
}
