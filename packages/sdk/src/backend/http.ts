// One same-origin JSON request to the website's backend, every failure typed the same way for the
// backend client (session, logout) and the backend transport (requests): decision 036's mapping.
import { isErrorCode } from '@iamsmart/protocol';
import { IamSmartError } from '../errors.js';
import type { IamSmartErrorCode } from '../errors.js';

/** An HTTP status the backend answered without a code of the shared list. */
export function codeForStatus(status: number): IamSmartErrorCode {
  if (status === 400) return 'invalid_request';
  if (status === 401) return 'login_required';
  if (status === 403) return 'cross_site_request';
  if (status === 404) return 'invalid_config';
  if (status === 504) return 'timeout';
  if (status >= 500) return 'backend_unavailable';
  return 'unknown';
}

export interface BackendRequestOptions {
  /** Sent as JSON. */
  body?: unknown;
  /** Aborts with the caller (the session stopped); a timeout of `timeoutSeconds` is added. */
  signal?: AbortSignal;
  /** Survives the page leaving (a cancel on unload). */
  keepalive?: boolean;
}

/**
 * `method` `url` with the backend's rules (same-origin credentials, `no-store`, no redirect
 * followed), answering the parsed JSON body (undefined when empty or not JSON). A fetch that fails
 * is `backend_unavailable` (a timeout: `timeout`); an error answer's `code` counts when it is in the
 * shared list, else the status decides. An abort by `signal` is rethrown as it is.
 */
export async function backendRequest(method: 'GET' | 'POST', url: string, timeoutSeconds: number, { body, signal, keepalive }: BackendRequestOptions = {}): Promise<unknown> {
  const timeout = AbortSignal.timeout(timeoutSeconds * 1000);
  let response: Response;
  let text: string;
  try {
    response = await fetch(url, {
      method,
      headers: body === undefined ? { Accept: 'application/json' } : { Accept: 'application/json', 'Content-Type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      credentials: 'same-origin',
      cache: 'no-store',
      redirect: 'error',
      ...(keepalive ? { keepalive } : {}),
      signal: signal ? AbortSignal.any([signal, timeout]) : timeout,
    });
    text = await response.text();
  } catch (cause) {
    if (signal?.aborted) throw cause;
    const timedOut = timeout.aborted;
    throw new IamSmartError(timedOut ? 'timeout' : 'backend_unavailable', `${method} ${url} ${timedOut ? 'took too long' : 'could not be reached'}.`, { cause });
  }
  let parsed: unknown;
  try {
    parsed = text === '' ? undefined : JSON.parse(text);
  } catch {
    parsed = undefined;
  }
  if (!response.ok) {
    const code = (parsed as { error?: { code?: unknown } } | undefined)?.error?.code;
    // The body's code counts only when it is one of the shared list; its message is not carried (it is the server's, in English).
    const known = isErrorCode(code) ? code : codeForStatus(response.status);
    throw new IamSmartError(known, `${method} ${url} answered HTTP ${response.status}${isErrorCode(code) ? ` (${code})` : ''}.`);
  }
  return parsed;
}
