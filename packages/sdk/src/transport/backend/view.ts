// `RequestView`, what the website's backend tells the page about a request (decision 037), checked
// before anything of it is used: the id goes into URLs, the hosted URL into a link.
import { FAILURE_CODES, isErrorCode } from '@iamsmart/protocol';
import { IamSmartError } from '../../errors.js';
import type { IamSmartErrorCode } from '../../errors.js';

export type RequestViewState = 'awaiting-app' | 'hosted' | 'done' | 'denied' | 'expired' | 'cancelled' | 'error';

export interface RequestView {
  id: string;
  flow: 'eme' | 'sign' | 'notify';
  anonymous: boolean;
  state: RequestViewState;
  seq: number;
  expiresAt: number;
  identificationCode?: string;
  /** Absolute, on the page's origin. */
  hostedUrl?: string;
  /** In `done`: the server's verified result, checked by the flow. */
  result?: unknown;
  /** In the failed states: the code (of the shared list, else `unknown`). */
  errorCode?: IamSmartErrorCode;
}

const STATES: readonly string[] = ['awaiting-app', 'hosted', 'done', 'denied', 'expired', 'cancelled', 'error'];
export const FINAL_VIEW_STATES: readonly RequestViewState[] = ['done', 'denied', 'expired', 'cancelled', 'error'];

function garbage(what: string): never {
  throw new IamSmartError('unknown', `The website's backend answered a request with ${what}.`);
}

/** Checks a `RequestView` (JSON text or parsed); `unknown` when it is not one. */
export function readView(value: unknown, expectedId?: string): RequestView {
  let raw = value;
  if (typeof raw === 'string') {
    try {
      raw = JSON.parse(raw);
    } catch {
      garbage('an event that is not JSON');
    }
  }
  if (typeof raw !== 'object' || raw === null) garbage('something that is not a request');
  const view = raw as Record<string, unknown>;
  const { id, flow, state, seq, expiresAt, identificationCode, hostedUrl, result, error } = view;
  // 32 random bytes, base64url: it goes into this page's request URLs as it is.
  if (typeof id !== 'string' || !/^[A-Za-z0-9_-]{43}$/.test(id) || (expectedId !== undefined && id !== expectedId)) garbage('an id that is not the request’s');
  if (flow !== 'eme' && flow !== 'sign' && flow !== 'notify') garbage('an unknown flow');
  if (typeof state !== 'string' || !STATES.includes(state)) garbage('an unknown state');
  if (!Number.isInteger(seq) || typeof expiresAt !== 'number' || !Number.isFinite(expiresAt)) garbage('no seq or expiresAt');
  if (identificationCode !== undefined && (typeof identificationCode !== 'string' || !/^[0-9]{4}-[0-9]{4}$/.test(identificationCode))) garbage('an identification code of the wrong form');
  const checked: RequestView = { id, flow, anonymous: view.anonymous === true, state: state as RequestViewState, seq: seq as number, expiresAt };
  if (identificationCode !== undefined) checked.identificationCode = identificationCode;
  if (hostedUrl !== undefined) {
    let url: URL | undefined;
    try {
      url = typeof hostedUrl === 'string' ? new URL(hostedUrl, location.href) : undefined;
    } catch {
      url = undefined;
    }
    // It becomes a link the resident follows: only a page of the website's own backend.
    if (typeof hostedUrl !== 'string' || url?.origin !== location.origin) garbage('a hosted page on another origin');
    checked.hostedUrl = url.href;
  }
  if (state === 'done') {
    if (typeof result !== 'object' || result === null) garbage('`done` without a result');
    checked.result = result;
  }
  if (state === 'denied' || state === 'expired' || state === 'error') {
    const code = (error as { code?: unknown } | undefined)?.code;
    checked.errorCode = isErrorCode(code) ? code : FAILURE_CODES[state];
  }
  return checked;
}
