/**
 * The platform's login (PLATFORM.md "Login"): the hosted QR page `GET /api/v1/auth/getQR`, which
 * ends by sending the browser to `redirectURI?code=…&state=…` (or `?error_code=…&state=…`),
 * `POST /api/v1/auth/getToken` (code → access token and openID) and `POST /api/v1/profiles`.
 *
 * Not public, so designed here (docs/platform.md): how the hosted page learns what happened in the
 * app. The page polls `GET /api/v1/auth/getQR/status?ticket=` (JSON, same origin, every
 * LOGIN_POLL_MS); once the app is done the page goes to
 * `GET /api/v1/auth/getQR/continue?ticket=`, and only that endpoint sends the browser on to the
 * redirectURI, so the authorization code never passes through a script. Without script, the
 * page's Continue link does the same. `…/getQR/cancel?ticket=` ends it (D40000, or D40003 once
 * the code expired). The ticket is a random handle only the page's browser holds.
 */
import { readFileSync } from 'node:fs';
import { respond, seeOther } from '../http/respond.js';
import { requesterOf } from '../session/requester.js';
import { isPlatformScope } from '../app/platform.js';
import { ACCESS_TOKEN_LIFETIME_MS, LOGIN_POLL_MS } from './choices.js';
import {
  CANCELLED, CLIENT_UNKNOWN, CODE_EXPIRED, DECLINED, FAILED, GRANT_INVALID, OPEN_ID_MISMATCH, PARAMETER_INVALID,
  PlatformError, PROFILE_NOT_GRANTED, QR_MISSING_OR_EXPIRED, REDIRECT_URI_UNREGISTERED,
  TIMEOUT, TOKEN_INVALID, TOKEN_MISSING, EME_TICKET_INVALID,
} from './codes.js';
import { clientNames } from './account-requests.js';
import { createLoginSessions } from './login-sessions.js';
import { emeRoutes } from './eme.js';
import { signingRoutes } from './signing.js';
import { notificationRoutes } from './notifications.js';
import { checkedProfileFields, profileOf, profileRoutes } from './profile.js';
import { createPusher } from './push.js';
import { hostedLoginPage, hostedProblemPage, PAGE_SCRIPT_PATH } from './views.js';
import { randomBytes } from 'node:crypto';

/** @typedef {import('@iamsmart/protocol').Lang} Lang */
/** @typedef {import('./api.js').PlatformClient} PlatformClient */
/** @typedef {import('koa').Context} Context */

/** PLATFORM.md "Login" 2: where the browser comes from. */
export const SOURCES = Object.freeze([
  'PC_Browser', 'Android_Chrome', 'Android_Firefox', 'Android_Edge', 'Android_Samsung', 'Android_Huawei',
  'Android_Xiaomi', 'iOS_Safari', 'iOS_Chrome', 'iOS_Firefox', 'iOS_Edge', 'App_Scheme', 'App_Link',
]);

/** The platform's `lang` values and the sandbox's page languages. */
const LANGS = /** @type {const} */ ({ 'en-US': 'en', 'zh-HK': 'zh-HK', 'zh-CN': 'zh-CN' });
/** @type {Record<Lang, keyof typeof LANGS>} */
const PLATFORM_LANG = { en: 'en-US', 'zh-HK': 'zh-HK', 'zh-CN': 'zh-CN' };

const STATE = /^[A-Za-z0-9_-]{1,36}$/;


/**
 * When the resident's profile last changed (getToken's `lastModifiedDate`): the sandbox's test
 * residents never change, so a fixed moment (sandbox's choice), in ms like the other times.
 */
const PROFILE_LAST_MODIFIED = Date.UTC(2026, 0, 1);

const PAGE_SCRIPT = readFileSync(new URL('../public/getqr.js', import.meta.url));

/**
 * The scopes an account request is shown under on the phone: none for a notification request,
 * which asks for no data (its topics are shown instead).
 * @param {import('./eme.js').EmeRequest} request
 */
function scopesOf(request) {
  if (request.notify) return [];
  if (request.signing) return ['eidapi_sign'];
  return [request.profile ? 'eidapi_profiles' : 'eidapi_formFilling'];
}

/** One string query parameter, or undefined (absent or repeated). @param {Context} ctx @param {string} name */
function param(ctx, name) {
  const value = ctx.query[name];
  return typeof value === 'string' ? value : undefined;
}

/**
 * Adds the login routes to the platform API's router.
 * @param {ReturnType<typeof import('./api.js').createPlatformApi>} api
 * @param {{ issuer: string, accountIdFor: (clientId: string, residentId: string) => string,
 *   residentFor: (clientId: string, openID: string) => { id: string } | undefined,
 *   pusher?: import('./push.js').Pusher, ca?: Awaited<ReturnType<typeof import('../sign/ca.js').loadSigningCa>>,
 *   notifyLimits?: { client?: number, resident?: number } }} deps pusher: delivers
 *   e-ME and signing results (default: push.js's policy); ca: the signing CA (hash signing is served only with it);
 *   notifyLimits: notification sends a minute (tests; default choices.js)
 * @returns {{ sessions: import('./login-sessions.js').LoginSessions, pusher: import('./push.js').Pusher,
 *   notifications: import('./notifications.js').Notifications }} the login sessions, for the simulator to open
 *   (app/platform.js simulatorSessions), the pushes under way, and the notifications the simulator shows
 */
export function authRoutes(api, { issuer, accountIdFor, residentFor, pusher = createPusher(), ca, notifyLimits }) {
  /** @type {Map<string, { clientId: string, residentId: string, scopes: string[], expiresAt: number, eme?: import('./eme.js').EmeRequest, device?: string }>} */
  const accessTokens = new Map();
  /** A live access token of this client (e-ME reuses the login's tokens). @param {string} accessToken @param {string} clientId */
  const tokenFor = (accessToken, clientId) => {
    const token = accessTokens.get(accessToken);
    return token && token.clientId === clientId && token.expiresAt > api.now() ? token : undefined;
  };
  const sessions = createLoginSessions({
    now: api.now,
    onEme: (request, outcome) => {
      if (request.signing) void signing?.settle(request, outcome);
      else if (request.profile) profile.settle(request, outcome);
      else if (request.notify) notifications.settle(request, outcome);
      else eme.settle(request, outcome);
    },
  });
  /**
   * An account request into the inbox of the phone that approved the login (decision 033), when
   * that phone is still signed in as the resident and receives requests.
   * @type {import('./account-requests.js').ToPhone}
   */
  const toPhone = (client, request, loginDevice) => {
    const device = sessions.phones.inboxFor(loginDevice, /** @type {string} */ (request.residentId));
    if (!device) return undefined;
    const { userCode } = sessions.start({
      clientId: client.clientId, clientNames: clientNames(client), redirectUri: request.redirectUri, state: request.state,
      lang: request.lang, scopes: scopesOf(request), eme: request, device,
      // No browser started it: the request screen shows no context for it (describe's `inbox`).
      requester: requesterOf({}, api.now()),
    });
    return { userCode };
  };
  const deps = { api, tokenFor, accountIdFor, pusher, sources: SOURCES, toPhone };
  const eme = emeRoutes(deps);
  const signing = ca ? signingRoutes({ ...deps, ca }) : undefined;
  const profile = profileRoutes(deps);
  const notifications = notificationRoutes({ ...deps, residentFor, limits: notifyLimits });

  /**
   * A refused getQR: a page with the reason and its code, never a redirect (the redirectURI may
   * not be the client's, and a bad state cannot be echoed).
   * @param {Context} ctx @param {Lang} lang @param {string} code @param {string} details @param {number} [status]
   */
  function refusePage(ctx, lang, code, details, status = 400) {
    respond(ctx, { status, json: { error: code, error_description: details }, page: () => hostedProblemPage({ lang, kind: 'refused', code, details }) });
  }

  /** GET /auth/getQR @param {Context} ctx */
  async function getQR(ctx) {
    const langParam = param(ctx, 'lang');
    const lang = langParam !== undefined && Object.hasOwn(LANGS, langParam) ? LANGS[/** @type {keyof typeof LANGS} */ (langParam)] : 'zh-HK';
    const client = api.clientFor(param(ctx, 'clientID') ?? '');
    if (!client) return refusePage(ctx, lang, CLIENT_UNKNOWN, 'clientID is not a registered client.');
    if (ctx.query.ticketID !== undefined) return emePage(ctx, client, lang, langParam);
    const redirectUri = param(ctx, 'redirectURI');
    if (!redirectUri || !client.redirectUris.includes(redirectUri)) {
      return refusePage(ctx, lang, REDIRECT_URI_UNREGISTERED, 'redirectURI is not one this client registered.');
    }
    const bad = (/** @type {string} */ details) => refusePage(ctx, lang, PARAMETER_INVALID, details);
    if (param(ctx, 'responseType') !== 'code') return bad('responseType must be "code".');
    const source = param(ctx, 'source');
    if (!source || !SOURCES.includes(source)) return bad(`source must be one of ${SOURCES.join(', ')}.`);
    const scopes = (param(ctx, 'scope') ?? '').split(' ');
    if (scopes.some((scope) => !isPlatformScope(scope) || !client.scopes.includes(scope)) || new Set(scopes).size !== scopes.length) {
      return bad(`scope must be space-separated eidapi_* scopes this client registered (${client.scopes.join(' ')}).`);
    }
    if (langParam !== undefined && !Object.hasOwn(LANGS, langParam)) return bad('lang must be en-US, zh-HK or zh-CN.');
    const state = param(ctx, 'state');
    if (!state || !STATE.test(state)) return bad('state must be 1 to 36 characters of A-Z, a-z, 0-9, _ and -.');
    const brokerPage = ctx.query.brokerPage;
    if (brokerPage !== undefined && brokerPage !== 'true' && brokerPage !== 'false') return bad('brokerPage must be true or false.');

    const started = sessions.start({
      clientId: client.clientId, clientNames: clientNames(client), redirectUri, state, lang, scopes,
      requester: requesterOf({ ip: ctx.ip, ua: ctx.get('user-agent') }, api.now()),
    });
    const session = /** @type {import('./login-sessions.js').LoginSession} */ (sessions.byPage(started.pageToken));
    await showPage(ctx, session, lang, brokerPage === 'true');
    return undefined;
  }

  /**
   * getQR with the ticketID of an e-ME initiateRequest: the request's own redirectURI, state and
   * fields; the ticket is used once. `lang` may change the page's language.
   * @param {Context} ctx @param {PlatformClient} client @param {Lang} lang @param {string | undefined} langParam
   */
  async function emePage(ctx, client, lang, langParam) {
    if (langParam !== undefined && !Object.hasOwn(LANGS, langParam)) return refusePage(ctx, lang, PARAMETER_INVALID, 'lang must be en-US, zh-HK or zh-CN.');
    // A ticketID is an e-ME request's, a signing request's (signing.js), a profile request's (profile.js) or a
    // notification consent request's (notifications.js); all are shown the same way.
    const ticketID = param(ctx, 'ticketID');
    const request = eme.take(ticketID, client.clientId) ?? signing?.take(ticketID, client.clientId) ?? profile.take(ticketID, client.clientId)
      ?? notifications.take(ticketID, client.clientId);
    if (!request) return refusePage(ctx, lang, EME_TICKET_INVALID, 'ticketID is unknown, expired, already used or not this client\'s.');
    const pageLang = langParam === undefined ? request.lang : lang;
    const started = sessions.start({
      clientId: client.clientId, clientNames: clientNames(client), redirectUri: request.redirectUri, state: request.state,
      lang: pageLang, scopes: scopesOf(request), eme: request,
      requester: requesterOf({ ip: ctx.ip, ua: ctx.get('user-agent') }, api.now()),
    });
    const session = /** @type {import('./login-sessions.js').LoginSession} */ (sessions.byPage(started.pageToken));
    await showPage(ctx, session, pageLang, ctx.query.brokerPage === 'true');
    return undefined;
  }

  /**
   * The hosted page of a session still waiting for the app.
   * @param {Context} ctx @param {import('./login-sessions.js').LoginSession} session @param {Lang} lang @param {boolean} broker
   */
  async function showPage(ctx, session, lang, broker) {
    /** The same request again (a new code), in a language. @param {Lang} option */
    const again = (option) => {
      const params = new URLSearchParams(ctx.querystring);
      // An e-ME page's ticket is used: the same session, shown in another language.
      if (session.eme) return `/api/v1/auth/getQR/continue?ticket=${encodeURIComponent(session.pageToken)}&lang=${PLATFORM_LANG[option]}`;
      if (ctx.path.endsWith('/getQR')) {
        params.set('lang', PLATFORM_LANG[option]);
        return `/api/v1/auth/getQR?${params}`;
      }
      return `/api/v1/auth/getQR/continue?ticket=${encodeURIComponent(session.pageToken)}`;
    };
    const body = await hostedLoginPage({
      lang,
      siteName: session.clientNames[lang],
      origin: session.origin,
      qrLink: `${issuer}/app/qr?s=${encodeURIComponent(session.qrToken)}`,
      userCode: `${session.userCode.slice(0, 4)}-${session.userCode.slice(4)}`,
      remainingMs: session.expiresAt - api.now(),
      pageToken: session.pageToken,
      newCodeHref: session.eme ? undefined : again(lang),
      codeHref: `${issuer}/app/code`,
      broker,
      pollMs: LOGIN_POLL_MS,
      languageHref: again,
      purpose: session.eme?.signing ? 'sign' : session.eme?.notify ? 'notify' : session.eme ? 'eme' : 'login',
    });
    respond(ctx, { page: () => body });
  }

  /**
   * Where a finished session sends the browser: the error_code for each ending, or undefined
   * while it waits (or once approved: the code is issued only by `continue`).
   * @param {import('./login-sessions.js').LoginSession} session
   */
  function errorCodeOf(session) {
    switch (session.status) {
      case 'denied': return session.reason === 'declined' ? DECLINED : FAILED;
      case 'expired': return TIMEOUT;
      case 'cancelled': return CANCELLED;
      default: return undefined;
    }
  }

  /** @param {import('./login-sessions.js').LoginSession} session @param {Record<string, string>} values */
  function redirectTo(session, values) {
    const target = new URL(session.redirectUri);
    for (const [name, value] of Object.entries(values)) target.searchParams.set(name, value);
    target.searchParams.set('state', session.state);
    return target.href;
  }

  /** GET /auth/getQR/status: the page's poll. @param {Context} ctx */
  function status(ctx) {
    ctx.set('Cache-Control', 'no-store');
    const session = sessions.byPage(ctx.query.ticket);
    if (!session) {
      ctx.status = 404;
      ctx.body = { status: 'unknown' };
      return;
    }
    const named = session.status === 'awaiting-scan' ? 'waiting' : session.status === 'denied' ? (session.reason === 'declined' ? 'declined' : 'stopped') : session.status;
    const next = named === 'waiting' || named === 'scanned' || named === 'expired' ? undefined
      : `/api/v1/auth/getQR/continue?ticket=${encodeURIComponent(session.pageToken)}`;
    ctx.body = { status: named, ...(next ? { next } : {}) };
  }

  /** GET /auth/getQR/continue and /cancel. @param {Context} ctx @param {boolean} cancel */
  async function finish(ctx, cancel) {
    const session = sessions.byPage(ctx.query.ticket);
    if (!session) return refusePage(ctx, 'zh-HK', QR_MISSING_OR_EXPIRED, 'This login page is not known or has been forgotten.', 404);
    const langParam = param(ctx, 'lang');
    // An e-ME page changes language in place (its ticket cannot start another page).
    if (session.eme && langParam !== undefined && Object.hasOwn(LANGS, langParam)) session.lang = LANGS[/** @type {keyof typeof LANGS} */ (langParam)];
    const { lang } = session;
    if (cancel) sessions.cancel(session);
    // e-ME: the result went to the relying party's backend (push); the browser carries only state.
    if (session.eme && !session.eme.anonymous && session.status !== 'awaiting-scan' && session.status !== 'scanned') return seeOther(ctx, redirectTo(session, {}));
    if (session.status === 'approved') {
      const code = sessions.collectCode(session);
      if (!code) {
        return respond(ctx, { status: 410, page: () => hostedProblemPage({ lang, kind: 'used', code: QR_MISSING_OR_EXPIRED }) });
      }
      return seeOther(ctx, redirectTo(session, { code }));
    }
    const errorCode = errorCodeOf(session);
    if (errorCode) return seeOther(ctx, redirectTo(session, { error_code: errorCode }));
    await showPage(ctx, session, lang, false);
    return undefined;
  }

  /** POST /auth/getToken (signed, encrypted). @type {import('./api.js').SignedHandler} */
  function getToken({ client, body }) {
    const { code, grantType } = body;
    if (grantType !== 'authorization_code') throw new PlatformError(GRANT_INVALID, 'grantType must be "authorization_code".');
    if (typeof code !== 'string' || code === '') throw new PlatformError(GRANT_INVALID, 'code must be the authorization code from the redirect.');
    const entry = sessions.peekCode(code);
    // Unknown, used, expired, or another client's: the same answer, and nothing changes.
    if (!entry || entry.clientId !== client.clientId || entry.expiresAt <= api.now()) {
      throw new PlatformError(CODE_EXPIRED, 'The authorization code is unknown, expired or already used.');
    }
    const openID = accountIdFor(client.clientId, entry.residentId);
    sessions.redeemCode(code);
    const accessToken = randomBytes(32).toString('base64url');
    const issueAt = api.now();
    accessTokens.set(accessToken, {
      clientId: client.clientId, residentId: entry.residentId, scopes: entry.scopes, expiresAt: issueAt + ACCESS_TOKEN_LIFETIME_MS,
      ...(entry.eme ? { eme: entry.eme } : {}), ...(entry.device ? { device: entry.device } : {}),
    });
    return {
      accessToken, tokenType: 'Bearer', issueAt, expiresIn: ACCESS_TOKEN_LIFETIME_MS, openID,
      lastModifiedDate: PROFILE_LAST_MODIFIED, userType: 'default', scope: entry.scopes.join(' '),
    };
  }

  /** POST /profiles (signed, encrypted). @type {import('./api.js').SignedHandler} */
  function profiles({ client, body }) {
    const { accessToken, openID, profileFields } = body;
    if (typeof accessToken !== 'string' || accessToken === '') throw new PlatformError(TOKEN_MISSING, 'accessToken is missing.');
    const token = accessTokens.get(accessToken);
    if (!token || token.clientId !== client.clientId || token.expiresAt <= api.now()) {
      throw new PlatformError(TOKEN_INVALID, 'The access token is unknown or expired.');
    }
    if (typeof openID !== 'string' || openID !== accountIdFor(client.clientId, token.residentId)) {
      throw new PlatformError(OPEN_ID_MISMATCH, 'openID is not the resident of this access token.');
    }
    const fields = checkedProfileFields(profileFields);
    if (!token.scopes.includes('eidapi_profiles')) throw new PlatformError(PROFILE_NOT_GRANTED, 'The resident did not grant eidapi_profiles.');
    return profileOf(token.residentId, fields);
  }

  api.router
    .get('/auth/getQR', getQR)
    .get('/auth/getQR/status', status)
    .get('/auth/getQR/continue', (ctx) => finish(ctx, false))
    .get('/auth/getQR/cancel', (ctx) => finish(ctx, true))
    .get('/auth/getQR/page.js', (ctx) => {
      ctx.type = 'text/javascript; charset=utf-8';
      ctx.set('Cache-Control', 'no-cache');
      ctx.body = PAGE_SCRIPT;
    })
    .post('/auth/getToken', api.signed(getToken))
    .post('/profiles', api.signed(profiles));
  return { sessions, pusher, notifications };
}

export { PAGE_SCRIPT_PATH };
