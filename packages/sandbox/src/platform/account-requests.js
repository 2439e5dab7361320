/**
 * What e-ME (eme.js), hash signing (signing.js) and the profile request (profile.js) do the same
 * way for a relying party's account request: the login's access token and openID, the request's
 * common parameters, where it goes (the phone's inbox or a one-use getQR ticket, decision 033),
 * and the pushed ending with its content under a fresh wrapped key.
 * Each flow keeps its own scope, its own "parameter invalid" code and its own checks.
 */
import { randomBytes } from 'node:crypto';
import { EME_TICKET_LIFETIME_MS, SIGN_IDENTIFICATION_CODE_FIELD, txID } from './choices.js';
import {
  CANCELLED, FAILED, OPEN_ID_MISMATCH, PlatformError, REDIRECT_URI_UNREGISTERED, REJECTED, SUCCESS, TIMEOUT, TOKEN_INVALID, TOKEN_MISSING,
} from './codes.js';
import { encryptContent, wrapKey } from './scheme.js';

/** @typedef {import('./eme.js').EmeRequest} EmeRequest */

const STATE = /^[A-Za-z0-9_-]{1,36}$/;

/**
 * @typedef {(accessToken: string, clientId: string) => { residentId: string, scopes: string[], eme?: EmeRequest, device?: string } | undefined} TokenFor
 *   a live access token of the client; `device`: the simulator phone that approved its login
 */

/**
 * The resident of a login's access token sent with openID, when the login granted `scope` (any
 * login when undefined: a notification request asks for consent itself), and the phone that
 * approved that login.
 * @param {{ tokenFor: TokenFor, accountIdFor: (clientId: string, residentId: string) => string }} deps
 * @param {import('./api.js').PlatformClient} client @param {Record<string, unknown>} body
 * @param {string | undefined} scope @param {string | undefined} notGranted the flow's code when the scope was not granted
 * @returns {{ residentId: string, openID: string, device?: string }}
 */
export function loggedInResident({ tokenFor, accountIdFor }, client, body, scope, notGranted) {
  const { accessToken, openID } = body;
  if (typeof accessToken !== 'string' || accessToken === '') throw new PlatformError(TOKEN_MISSING, 'accessToken is missing.');
  const token = tokenFor(accessToken, client.clientId);
  // A token from an anonymous e-ME request reads that request's result only, not a login's.
  if (!token || token.eme) throw new PlatformError(TOKEN_INVALID, 'The access token is unknown or expired, or from an anonymous e-ME request.');
  const expectedOpenID = accountIdFor(client.clientId, token.residentId);
  if (openID !== expectedOpenID) throw new PlatformError(OPEN_ID_MISMATCH, 'openID is not the resident of this access token.');
  if (scope !== undefined && !token.scopes.includes(scope)) throw new PlatformError(/** @type {string} */ (notGranted), `The resident did not grant ${scope}.`);
  return { residentId: token.residentId, openID: expectedOpenID, ...(token.device ? { device: token.device } : {}) };
}

/**
 * The client's registered name in each page language (the English one where it registered no other).
 * @param {import('./api.js').PlatformClient} client @returns {Record<import('@iamsmart/protocol').Lang, string>}
 */
export function clientNames(client) {
  const name = client.clientName;
  if (typeof name === 'string') return { en: name, 'zh-HK': name, 'zh-CN': name };
  return { en: name.en, 'zh-HK': name['zh-HK'] ?? name.en, 'zh-CN': name['zh-CN'] ?? name.en };
}

/** The platform's `lang` values and the sandbox's page languages. */
export const LANGS = /** @type {const} */ ({ 'en-US': 'en', 'zh-HK': 'zh-HK', 'zh-CN': 'zh-CN' });

/**
 * An account request's `lang` (default zh-HK) as the sandbox's page language.
 * @param {unknown} lang @param {(details: string) => PlatformError} bad the flow's parameter error
 * @returns {import('@iamsmart/protocol').Lang}
 */
export function requestLangOf(lang, bad) {
  if (lang !== undefined && (typeof lang !== 'string' || !Object.hasOwn(LANGS, lang))) throw bad('lang must be en-US, zh-HK or zh-CN.');
  return LANGS[/** @type {keyof typeof LANGS} */ (lang ?? 'zh-HK')];
}

/**
 * @typedef {(client: import('./api.js').PlatformClient, request: EmeRequest, loginDevice: string | undefined)
 *   => { userCode: string } | undefined} ToPhone
 *   sends a checked request to the inbox of the phone that approved the login, when that phone
 *   still has the resident signed in and receives requests (decision 033); undefined otherwise
 */

/**
 * initiateRequest's answer for a checked request: `{ authByQR: false }` once it is in the phone's
 * inbox (for signing with the identification code the website shows, in
 * SIGN_IDENTIFICATION_CODE_FIELD), otherwise `{ authByQR: true, ticketID }` for getQR.
 * @param {{ issue: (request: EmeRequest) => string }} tickets @param {ToPhone | undefined} toPhone
 * @param {import('./api.js').PlatformClient} client @param {EmeRequest} request @param {string | undefined} loginDevice
 */
export function routeRequest(tickets, toPhone, client, request, loginDevice) {
  const sent = toPhone?.(client, request, loginDevice);
  if (sent) return { authByQR: false, ...(request.signing ? { [SIGN_IDENTIFICATION_CODE_FIELD]: sent.userCode } : {}) };
  return { authByQR: true, ticketID: tickets.issue(request) };
}

/**
 * businessID, source, redirectURI and state, checked alike for every account request.
 * @param {import('./api.js').PlatformClient} client @param {Record<string, unknown>} body
 * @param {readonly string[]} sources @param {(details: string) => PlatformError} bad the flow's parameter error
 * @returns {{ businessID: string, redirectURI: string, state: string }}
 */
export function requestBasics(client, body, sources, bad) {
  const { businessID, source, redirectURI, state } = body;
  if (typeof businessID !== 'string' || businessID.length < 1 || businessID.length > 36) throw bad('businessID must be 1 to 36 characters.');
  if (typeof source !== 'string' || !sources.includes(source)) throw bad(`source must be one of ${sources.join(', ')}.`);
  if (typeof redirectURI !== 'string' || !client.redirectUris.includes(redirectURI)) {
    throw new PlatformError(REDIRECT_URI_UNREGISTERED, 'redirectURI is not one this client registered.');
  }
  if (typeof state !== 'string' || !STATE.test(state)) throw bad('state must be 1 to 36 characters of A-Z, a-z, 0-9, _ and -.');
  return { businessID, redirectURI, state };
}

/**
 * One-use tickets for getQR, each valid EME_TICKET_LIFETIME_MS.
 * @param {{ now: () => number }} api
 */
export function ticketBook(api) {
  /** @type {Map<string, EmeRequest & { expiresAt: number }>} */
  const tickets = new Map();
  return {
    /** @param {EmeRequest} request @returns {string} its ticketID */
    issue(request) {
      const ticketID = randomBytes(24).toString('base64url');
      const time = api.now();
      for (const [id, ticket] of tickets) if (ticket.expiresAt <= time) tickets.delete(id);
      tickets.set(ticketID, { ...request, expiresAt: time + EME_TICKET_LIFETIME_MS });
      return ticketID;
    },
    /**
     * The request of a ticketID, used once (getQR): undefined when unknown, used, expired or another client's.
     * @param {unknown} ticketID @param {string} clientId
     * @returns {EmeRequest | undefined}
     */
    take(ticketID, clientId) {
      const ticket = typeof ticketID === 'string' ? tickets.get(ticketID) : undefined;
      if (!ticket || ticket.clientId !== clientId || ticket.expiresAt <= api.now()) return undefined;
      tickets.delete(/** @type {string} */ (ticketID));
      /** @type {EmeRequest & { expiresAt?: number }} */
      const request = { ...ticket };
      delete request.expiresAt;
      return request;
    },
  };
}

/**
 * What the push says for each ending of an account request (e-ME's codes, public): only the
 * decline's words differ by flow.
 * @param {string} declined e.g. 'The resident declined to sign.'
 * @returns {Record<import('./login-sessions.js').EmeOutcome, [string, string]>}
 */
export function endingsOf(declined) {
  return {
    approved: [SUCCESS, 'SUCCESS'],
    declined: [REJECTED, declined],
    stopped: [FAILED, 'The request was stopped in the app (a wrong identification code, or a second phone).'],
    cancelled: [CANCELLED, 'The request was cancelled on the page.'],
    expired: [TIMEOUT, 'The request timed out.'],
  };
}

/**
 * The push's frame for how a request ended: txID, the flow's code and message, businessID.
 * @param {Record<import('./login-sessions.js').EmeOutcome, [string, string]>} endings
 * @param {EmeRequest} request @param {import('./login-sessions.js').EmeOutcome} outcome
 * @returns {Record<string, unknown>}
 */
export function endingPush(endings, request, outcome) {
  const [code, message] = endings[outcome];
  return { txID: txID(), code, message, businessID: request.businessID };
}

/**
 * Pushes how a request ended to its redirectURI: the ending's frame, and when approved the content
 * `approved` gives, sealed for the client. Nothing when the client is gone.
 * @param {{ api: { clientFor: (clientId: string) => import('./api.js').PlatformClient | undefined }, pusher: import('./push.js').Pusher }} deps
 * @param {Record<import('./login-sessions.js').EmeOutcome, [string, string]>} endings
 * @param {EmeRequest} request @param {import('./login-sessions.js').EmeOutcome} outcome
 * @param {(client: import('./api.js').PlatformClient) => unknown} approved the approved request's content
 */
export function pushEnding({ api, pusher }, endings, request, outcome, approved) {
  const client = api.clientFor(request.clientId);
  if (!client) return;
  const push = endingPush(endings, request, outcome);
  if (outcome === 'approved') Object.assign(push, sealedContent(client, approved(client)));
  void pusher.deliver(request.redirectUri, push);
}

/**
 * content encrypted under a fresh key, and that key wrapped to the client's encipherment certificate.
 * @param {import('./api.js').PlatformClient} client @param {unknown} content
 */
export function sealedContent(client, content) {
  const key = randomBytes(32);
  return { content: encryptContent(key, JSON.stringify(content)), secretKey: wrapKey(client.enciphermentCertificate, key) };
}
