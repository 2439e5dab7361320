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
}

export interface FakeBackend {
  id: string;
  /** Where it is mounted, e.g. `/fake-backend/0123abcd`. */
  backend: string;
  /** What it saw. */
  log(): Promise<{ logins: { returnTo: string; lang: string }[]; logouts: number; sessionIds: string[]; sessionRequests: number }>;
  /**
   * Follows a login URL the client would have navigated to as the browser would (the fake sets the
   * HttpOnly cookie), and returns the same-origin path it sends the page back to.
   */
  complete(loginUrl: string): Promise<string>;
}

export async function registerBackend(options: FakeBackendOptions = {}): Promise<FakeBackend> {
  const response = await fetch('/fake-backend/scenario', { method: 'POST', body: JSON.stringify(options) });
  const { id, backend } = (await response.json()) as { id: string; backend: string };
  return {
    id,
    backend,
    log: async () => (await (await fetch(`${backend}/log`)).json()) as Awaited<ReturnType<FakeBackend['log']>>,
    complete: async (loginUrl) => {
      const answer = await fetch(loginUrl, { headers: { Accept: 'application/json' } });
      if (!answer.ok) throw new Error(`login answered ${answer.status}`);
      return ((await answer.json()) as { location: string }).location;
    },
  };
}

/** A backend client whose navigations are recorded. */
export function recordingBackendClient(config: IamSmartBackendConfig): { client: IamSmartBackendClient; navigations: string[] } {
  const navigations: string[] = [];
  const client = createBackendClientWith(config, {
    navigate(url) {
      navigations.push(url);
    },
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
