// The backend-mode side of the tests: a scenario of the fake website backend
// (packages/sdk/test/fake-backend-middleware.js, on the test page's origin) and a backend client
// whose navigations are recorded instead of followed.
import { createBackendClientWith } from '../backend/client.js';
import type { IamSmartBackendClient } from '../backend/client.js';
import type { IamSmartBackendConfig, IamSmartResident } from '../backend/types.js';
import type { IamSmartErrorCode } from '../errors.js';

export interface FakeBackendOptions {
  /** The login comes back with `iams_error=<loginError>` (any string: forged ones too). */
  loginError?: string;
  /** `/session` answers this status with `{ error: { code } }` (`sessionCode`, else the status's). */
  sessionStatus?: number;
  sessionCode?: string;
  /** `/session` answers this body with 200. */
  sessionBody?: unknown;
  /** `/logout` answers this status. */
  logoutStatus?: number;
  resident?: IamSmartResident;
  /** Signing and e-ME requests (decision 037). */
  requests?: {
    /** How the resident is asked: the app (logged in) or iAM Smart's hosted page. Default `app`. */
    channel?: 'app' | 'hosted';
    /** The signing request's identification code in the `app` channel. Default `4821-0937`. */
    identificationCode?: string;
    /** The event streams' `retry` (ms). Default 2000. */
    retryMs?: number;
    expiresInMs?: number;
    /** `POST /requests` answers this status with `{ error: { code: startCode } }`. */
    startStatus?: number;
    startCode?: string;
    /** Every event stream answers this status (EventSource gives up: the page polls). */
    eventsStatus?: number;
  };
  /** Notifications (decision 059). */
  notifications?: {
    /** The declared topics. Default: `reservation-ready` and `opening-hours`, named in the three languages. */
    topics?: { id: string; name: { en: string; 'zh-HK': string; 'zh-CN': string } }[];
    /** What the resident has consented to at first. Default: nothing. */
    consented?: string[];
    /** `GET /notifications` answers this status with `{ error: { code } }`. */
    status?: number;
    code?: string;
    /** `POST /notifications/stop` answers this status. */
    stopStatus?: number;
  };
}

/** What the fake backend saw. */
export interface FakeBackendLog {
  logins: { returnTo: string; lang: string }[];
  logouts: number;
  sessionIds: string[];
  sessionRequests: number;
  /** The bodies of `POST /requests`, as sent. */
  requests: Record<string, unknown>[];
  /** Each event-stream connection, with the Last-Event-ID it sent (null: none). */
  eventConnections: { lastEventId: string | null }[];
  polls: number;
  cancels: number;
  /** Each `GET /notifications`, with its `lang`. */
  notifications: { lang: string | null }[];
  /** The bodies of `POST /notifications/stop`. */
  stops: { topics?: string[] }[];
}

/** What a test makes the platform (and the resident) do to the latest request. */
export type FakeBackendControl =
  | { action: 'approve'; result: unknown }
  | { action: 'decline' | 'expire' | 'cancel' | 'touch' | 'drop' | 'stop' | 'resume' }
  | { action: 'fail'; code: string };

export interface FakeBackend {
  id: string;
  /** Where it is mounted, e.g. `/fake-backend/0123abcd`. */
  backend: string;
  /** What it saw. */
  log(): Promise<FakeBackendLog>;
  /** Moves the latest request on (approve, decline, expire…), or drops its streams, or stops the backend. */
  control(control: FakeBackendControl): Promise<void>;
  /**
   * Follows a login URL the client would have navigated to as the browser would (the fake sets the
   * HttpOnly cookie), and returns the same-origin path it sends the page back to.
   */
  complete(loginUrl: string): Promise<string>;
  /** Logs a resident in, as a completed login would (the HttpOnly session cookie is set). */
  logIn(): Promise<void>;
}

export async function registerBackend(options: FakeBackendOptions = {}): Promise<FakeBackend> {
  const response = await fetch('/fake-backend/scenario', { method: 'POST', body: JSON.stringify(options) });
  const { id, backend } = (await response.json()) as { id: string; backend: string };
  const complete = async (loginUrl: string): Promise<string> => {
    const answer = await fetch(loginUrl, { headers: { Accept: 'application/json' } });
    if (!answer.ok) throw new Error(`login answered ${answer.status}`);
    return ((await answer.json()) as { location: string }).location;
  };
  return {
    id,
    backend,
    log: async () => (await (await fetch(`${backend}/log`)).json()) as FakeBackendLog,
    control: async (control) => {
      const answer = await fetch(`${backend}/control`, { method: 'POST', body: JSON.stringify(control) });
      if (!answer.ok) throw new Error(`control ${control.action} answered ${answer.status}`);
    },
    complete,
    logIn: async () => {
      await complete(`${backend}/login?returnTo=%2F&lang=en`);
    },
  };
}

/** A backend client whose navigations are recorded; `intervalScale` shortens backoff and polling (tests). */
export function recordingBackendClient(config: IamSmartBackendConfig, intervalScale = 1): { client: IamSmartBackendClient; navigations: string[] } {
  const navigations: string[] = [];
  const client = createBackendClientWith(config, {
    navigate(url) {
      navigations.push(url);
    },
    sessionIntervalScale: intervalScale,
  });
  return { client, navigations };
}

/** Puts `path` (and its query) in the address bar without loading it, as a return from the backend would leave it; returns a function that restores the test page's URL. */
export function pretendReturn(path: string): () => void {
  const original = location.href;
  history.replaceState(history.state, '', path);
  return () => {
    history.replaceState(history.state, '', original);
  };
}

/** Every key and value in the page's storage, and its readable cookies: where a token could hide. */
export function pageSecrets(): string {
  const dump = (storage: Storage) => Array.from({ length: storage.length }, (_, i) => `${storage.key(i)}=${storage.getItem(storage.key(i) ?? '')}`);
  return [...dump(localStorage), ...dump(sessionStorage), document.cookie].join('\n');
}

export type { IamSmartErrorCode };

/** A `PageSignResult` as the server sends it for `hash` (verified there; the page only checks its shape). */
export function pageSignResult(hash: string, documentName: string, withSignature = false): Record<string, unknown> {
  return {
    hash,
    documentName,
    signedAt: '2026-12-03T10:30:00.000Z',
    signer: 'CHAN, Tai Man',
    certificate: {
      subject: 'CN=CHAN Tai Man, O=iAM Smart (fake)',
      issuer: 'CN=iAM Smart Signing CA (fake)',
      serialNumber: '0a1b2c3d',
      notBefore: '2026-01-01T00:00:00.000Z',
      notAfter: '2028-01-01T00:00:00.000Z',
      fingerprintSha256: 'ab'.repeat(32),
    },
    ...(withSignature ? { signature: 'c2lnbmF0dXJl', certificateChain: ['-----BEGIN CERTIFICATE-----\nfake\n-----END CERTIFICATE-----'] } : {}),
  };
}

/** Waits until `check` holds (polling every 20 ms), or fails after `ms`. */
export async function until(check: () => boolean | Promise<boolean>, what: string, ms = 5000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** Runs `run` with the network down for the page's own `fetch` (every call fails as a browser's does), then brings it back. */
export async function whileOffline<T>(run: () => Promise<T>): Promise<T> {
  const realFetch = window.fetch.bind(window);
  window.fetch = () => Promise.reject(new TypeError('Failed to fetch'));
  try {
    return await run();
  } finally {
    window.fetch = realFetch;
  }
}
