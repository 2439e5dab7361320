/**
 * The relying party's login endpoints on web-standard Request → Response, mounted under a base
 * path (default /iamsmart). The HTTP contract is docs/decisions/035-backend-login.md and the
 * package README:
 *   GET  {base}/login?returnTo=&lang=   303 to the platform's hosted getQR page
 *   GET  {base}/callback?code|error_code&state=   303 to returnTo (?iams_login=1 or ?iams_error=)
 *   GET  {base}/session                 200 { loggedIn, resident?, expiresAt? }
 *   POST {base}/logout                  204
 * and e-ME and signing (decision 037, requests/routes.ts): {base}/requests…, the platform's
 * POST {base}/callback push, and GET {base}/callback for a request's state; notifications
 * (decision 059, notifications/): GET {base}/notifications, POST {base}/notifications/stop, the
 * consent request as the requests' flow "notify", and notify() for the site's own code.
 */
import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { cookiesOf, platformLangOf, safeReturnTo, sourceOf, withParam } from './browser.js';
import { resolveConfig, type IamSmartServerOptions, type ResolvedConfig } from './config.js';
import { ConfigError, IamSmartServerError, STATUS_OF, type ServerErrorCode, codeForPlatformCode } from './errors.js';
import { PlatformClient, type TokenAnswer } from './platform/client.js';
import { memoryStore, type Store } from './store/store.js';
import { redisStore } from './store/redis.js';
import { requestRoutes } from './requests/routes.js';
import { notifications, type NotifyConsent, type NotifyOptions } from './notifications/notifications.js';
import type { NotifyText } from './notifications/topics.js';

export interface Resident {
  openID: string;
  enName?: string;
  chName?: string;
}

export interface SessionInfo {
  resident: Resident;
  /** ms since the epoch: the access token's expiry. */
  expiresAt: number;
  /** The platform's access token, for the server's own calls (never sent to the browser). */
  accessToken: string;
  scope: string;
}

export interface IamSmartServer {
  /** Answers requests under the base path; undefined for any other path. */
  handle(request: Request): Promise<Response | undefined>;
  /** The session of a request (for the site's own routes), or undefined. */
  sessionOf(request: Request): Promise<SessionInfo | undefined>;
  readonly config: Readonly<Omit<ResolvedConfig, 'clientSecret' | 'privateKeyPem' | 'sessionSecret'>>;
  readonly platform: PlatformClient;
  /**
   * Sends a message on a declared topic to a resident who consented to it (decision 059):
   * `text` in en, zh-HK and zh-CN, plain text of at most 500 characters each; `link` an https URL
   * on the site's origin. Rejects with IamSmartServerError `topic_unknown`, `message_invalid`,
   * `message_too_large`, `link_invalid`, `not_consented` (nothing sent), or the platform's
   * refusal (`not_consented`, `rate_limited`, …).
   */
  notify(openID: string, topic: string, text: NotifyText, options?: NotifyOptions): Promise<{ messageID: string }>;
  /** The resident's consent per topic (topic id → since, ms) as this site's copy has it, read from the platform when there is none. */
  consentOf(openID: string): Promise<NotifyConsent>;
  /** Closes the store (a Redis connection) if the server opened it. */
  close(): Promise<void>;
}

interface PendingLogin {
  binding: string;
  returnTo: string;
}

type StoredSession = SessionInfo;

const STATE_CHARS = /^[A-Za-z0-9_-]{1,36}$/;
const JSON_HEADERS = { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' };

const MESSAGES: Record<ServerErrorCode, string> = {
  access_denied: 'The resident declined the login in iAM Smart.',
  backend_unavailable: 'The login service is unavailable for now; try again shortly.',
  callback_invalid: 'The callback carries neither a code nor an error code, or both.',
  cancelled: 'The login was cancelled.',
  code_mismatch: 'The identification code chosen in iAM Smart was not the one this page showed; the request was stopped.',
  cross_site_request: 'This request came from another site and was refused.',
  document_invalid: 'The document to sign is not a base64 SHA-256 hash.',
  form_data_error: 'The e-ME data iAM Smart answered does not belong to this request or asks more than it asked for.',
  form_invalid: 'The form asks no e-ME field iAM Smart can fill, an unknown field, or a field twice.',
  invalid_config: 'The login service is not configured correctly.',
  invalid_request: 'The request is missing a parameter or has one that is not allowed.',
  link_invalid: 'The message\'s link is not an https address on this website\'s own origin.',
  login_required: 'Log in with iAM Smart on this website first.',
  message_invalid: 'The message is not plain text in English, Traditional Chinese and Simplified Chinese.',
  message_too_large: 'The message is over the size limit.',
  not_consented: 'The resident has not agreed to updates on this topic, or has stopped them.',
  platform_error: 'iAM Smart answered with an error or something that could not be read.',
  rate_limited: 'Too many messages for now; try again later.',
  session_expired: 'The login or request ran out of time; start again.',
  signature_invalid: 'The signature did not verify (hash, certificate path or signature).',
  signer_mismatch: 'The signature is not the logged-in resident\'s.',
  state_mismatch: 'This callback does not belong to a login this browser started.',
  timeout: 'iAM Smart did not answer in time.',
  topic_unknown: 'The topic is not one this website declared.',
};

/** Creates the server; checks the configuration now (ConfigError). */
export function createIamSmartServer(options: IamSmartServerOptions = {}): IamSmartServer {
  const config = resolveConfig(options);
  const now = options.now ?? Date.now;
  const ownsStore = !options.store;
  if (config.redisUrl !== undefined && config.sessionSecret === undefined) {
    throw new ConfigError('sessionSecret (IAMSMART_SESSION_SECRET) is required with a shared store (Redis), so that every instance reads the same sessions.');
  }
  const store: Store = options.store ?? (config.redisUrl ? redisStore({ url: config.redisUrl }) : memoryStore({ now }));
  const platform = new PlatformClient({
    platformUrl: config.platformUrl, clientID: config.clientID, clientSecret: config.clientSecret, privateKeyPem: config.privateKeyPem,
    timeoutMs: config.timeoutMs, ...(options.fetch ? { fetch: options.fetch } : {}), now,
  });
  // Store keys are HMACs of the cookies' values: the store alone cannot be turned into cookies.
  const keySecret = config.sessionSecret ?? randomBytes(32).toString('base64url');
  const storeKey = (kind: string, value: string) => `${kind}:${createHmac('sha256', keySecret).update(`${kind}\0${value}`).digest('base64url')}`;

  const base = config.basePath;
  const sessionCookie = config.secureCookies ? '__Host-iams-session' : 'iams-session';
  const bindingCookie = config.secureCookies ? '__Secure-iams-login' : 'iams-login';
  const secure = config.secureCookies ? '; Secure' : '';
  const setCookie = (name: string, value: string, path: string, maxAgeMs: number) =>
    `${name}=${value}; Path=${path}; Max-Age=${Math.max(0, Math.floor(maxAgeMs / 1000))}; HttpOnly; SameSite=Lax${secure}`;
  const clearCookie = (name: string, path: string) => `${name}=; Path=${path}; Max-Age=0; HttpOnly; SameSite=Lax${secure}`;
  const profileScope = config.scope.split(' ').includes('eidapi_profiles');

  function redirect(location: string, cookies: string[] = []): Response {
    const headers = new Headers({ location, 'cache-control': 'no-store', 'referrer-policy': 'no-referrer' });
    for (const cookie of cookies) headers.append('set-cookie', cookie);
    return new Response(null, { status: 303, headers });
  }

  function errorJson(code: ServerErrorCode, status = STATUS_OF[code], extra: Record<string, string> = {}, cookies: string[] = []): Response {
    const headers = new Headers({ ...JSON_HEADERS, ...extra });
    for (const cookie of cookies) headers.append('set-cookie', cookie);
    return new Response(JSON.stringify({ error: { code, message: MESSAGES[code] } }), { status, headers });
  }

  const codeOf = (error: unknown): ServerErrorCode => (error instanceof IamSmartServerError ? error.code : 'backend_unavailable');

  async function readSession(request: Request): Promise<{ id: string | undefined, session: StoredSession | undefined }> {
    const { id, session } = await readSessionKeyed(request);
    return { id, session };
  }

  async function readSessionKeyed(request: Request): Promise<{ id: string | undefined, key: string | undefined, session: StoredSession | undefined }> {
    const id = cookiesOf(request.headers).get(sessionCookie);
    if (!id || !/^[A-Za-z0-9_-]{43}$/.test(id)) return { id: undefined, key: undefined, session: undefined };
    const key = storeKey('session', id);
    const raw = await store.get(key);
    if (raw === undefined) return { id, key, session: undefined };
    const session = JSON.parse(raw) as StoredSession;
    return { id, key, session: session.expiresAt > now() ? session : undefined };
  }

  /** GET {base}/login */
  async function login(request: Request, url: URL): Promise<Response> {
    const returnTo = safeReturnTo(url.searchParams.get('returnTo'), config.origin);
    if (returnTo === undefined) return redirect(withParam('/', 'iams_error', 'invalid_request'));
    const lang = platformLangOf(url.searchParams.get('lang'), request.headers);
    if (lang === undefined) return redirect(withParam(returnTo, 'iams_error', 'invalid_request'));
    const state = randomBytes(24).toString('base64url'); // 32 characters of [A-Za-z0-9_-]
    const binding = randomBytes(32).toString('base64url');
    const pending: PendingLogin = { binding: createHash('sha256').update(binding).digest('base64url'), returnTo };
    try {
      await store.set(storeKey('login', state), JSON.stringify(pending), config.loginLifetimeMs);
    } catch (error) {
      return redirect(withParam(returnTo, 'iams_error', codeOf(error)));
    }
    const { source, mobile } = sourceOf(request.headers);
    const target = new URL(`${config.platformUrl}/api/v1/auth/getQR`);
    target.searchParams.set('clientID', config.clientID);
    target.searchParams.set('responseType', 'code');
    target.searchParams.set('source', source);
    target.searchParams.set('redirectURI', config.callbackUrl);
    target.searchParams.set('scope', config.scope);
    target.searchParams.set('lang', lang);
    target.searchParams.set('state', state);
    if (mobile) target.searchParams.set('brokerPage', 'true');
    return redirect(target.href, [setCookie(bindingCookie, binding, base, config.loginLifetimeMs)]);
  }

  /** GET {base}/callback */
  async function callback(request: Request, url: URL): Promise<Response> {
    const clearBinding = clearCookie(bindingCookie, base);
    const fail = (returnTo: string, code: ServerErrorCode, cookies: string[] = []) =>
      redirect(withParam(returnTo, 'iams_error', code), [clearBinding, ...cookies]);
    const state = url.searchParams.get('state');
    if (state === null || !STATE_CHARS.test(state) || url.searchParams.getAll('state').length !== 1) return fail('/', 'state_mismatch');
    // The hosted tab of an e-ME or signing request comes back here too: no login is touched.
    try {
      const landed = await requests.landing(url, state);
      if (landed) return landed;
    } catch (error) {
      return fail('/', codeOf(error));
    }
    let pending: PendingLogin | undefined;
    try {
      // Single use: the pending login is gone before anything else happens.
      const raw = await store.take(storeKey('login', state));
      pending = raw === undefined ? undefined : (JSON.parse(raw) as PendingLogin);
    } catch (error) {
      return fail('/', codeOf(error));
    }
    if (!pending) return fail('/', 'state_mismatch');
    const cookies = cookiesOf(request.headers);
    const binding = cookies.get(bindingCookie);
    const bindingHash = createHash('sha256').update(binding ?? '').digest();
    if (!binding || !timingSafeEqual(bindingHash, Buffer.from(pending.binding, 'base64url'))) return fail(pending.returnTo, 'state_mismatch');

    const code = url.searchParams.get('code');
    const errorCode = url.searchParams.get('error_code');
    if ((code === null) === (errorCode === null) || url.searchParams.getAll('code').length > 1 || url.searchParams.getAll('error_code').length > 1) {
      return fail(pending.returnTo, 'callback_invalid');
    }
    if (errorCode !== null) return fail(pending.returnTo, /^D\d{5}$/.test(errorCode) ? codeForPlatformCode(errorCode) : 'callback_invalid');
    if (code === null || code === '' || code.length > 512) return fail(pending.returnTo, 'callback_invalid');

    let session: StoredSession;
    try {
      const token: TokenAnswer = await platform.getToken(code);
      const resident: Resident = { openID: token.openID };
      const granted = (typeof token.scope === 'string' ? token.scope : config.scope).split(' ');
      if (profileScope && granted.includes('eidapi_profiles')) {
        const profile = await platform.profiles(token.accessToken, token.openID, ['enName', 'chName']);
        const enName = nameOf(profile.enName, 'UnstructuredName');
        const chName = nameOf(profile.chName, 'ChineseName');
        if (enName) resident.enName = enName;
        if (chName) resident.chName = chName;
      }
      const { issueAt, expiresIn } = token;
      if (!Number.isFinite(expiresIn) || expiresIn <= 0) throw new IamSmartServerError('platform_error', 'getToken answered no usable expiresIn.');
      // The token's life from the platform's issueAt, never longer than from now.
      const expiresAt = Math.min(now() + expiresIn, Number.isFinite(issueAt) ? issueAt + expiresIn : Infinity);
      session = { resident, expiresAt, accessToken: token.accessToken, scope: granted.join(' ') };
    } catch (error) {
      return fail(pending.returnTo, codeOf(error));
    }
    const id = randomBytes(32).toString('base64url');
    const ttl = session.expiresAt - now();
    if (ttl <= 0) return fail(pending.returnTo, 'session_expired');
    try {
      // Rotation: a new id at every login; the session this browser had, if any, is deleted.
      const old = cookies.get(sessionCookie);
      if (old) await store.delete(storeKey('session', old));
      await store.set(storeKey('session', id), JSON.stringify(session), ttl);
    } catch (error) {
      return fail(pending.returnTo, codeOf(error));
    }
    return redirect(withParam(pending.returnTo, 'iams_login', '1'), [clearBinding, setCookie(sessionCookie, id, '/', ttl)]);
  }

  /** GET {base}/session */
  async function sessionJson(request: Request): Promise<Response> {
    let found;
    try {
      found = await readSession(request);
    } catch (error) {
      return errorJson(codeOf(error));
    }
    const headers = new Headers(JSON_HEADERS);
    if (!found.session) {
      if (found.id !== undefined || cookiesOf(request.headers).has(sessionCookie)) headers.append('set-cookie', clearCookie(sessionCookie, '/'));
      return new Response(JSON.stringify({ loggedIn: false }), { status: 200, headers });
    }
    const { resident, expiresAt } = found.session;
    return new Response(JSON.stringify({ loggedIn: true, resident, expiresAt }), { status: 200, headers });
  }

  /** Fetch Metadata first, then Origin; neither → refused. */
  function sameOrigin(request: Request): boolean {
    const site = request.headers.get('sec-fetch-site');
    if (site !== null) return site === 'same-origin';
    return request.headers.get('origin') === config.origin;
  }

  /** POST {base}/logout */
  async function logout(request: Request): Promise<Response> {
    if (!sameOrigin(request)) return errorJson('cross_site_request');
    const id = cookiesOf(request.headers).get(sessionCookie);
    try {
      if (id) await store.delete(storeKey('session', id));
    } catch (error) {
      return errorJson(codeOf(error));
    }
    return new Response(null, { status: 204, headers: { 'cache-control': 'no-store', 'set-cookie': clearCookie(sessionCookie, '/') } });
  }

  const sessionKeyed = async (request: Request) => {
    const { key, session } = await readSessionKeyed(request);
    return { key: session ? key : undefined, session };
  };
  const notifying = notifications({
    config, store, platform, now, errorJson, sameOrigin, session: sessionKeyed, jsonBody: (request) => requests.jsonBody(request),
  });
  const requests = requestRoutes({
    config, store, platform, now, storeKey, errorJson, sameOrigin, messages: MESSAGES, notifications: notifying, session: sessionKeyed,
    hooks: { ...(options.onEme ? { onEme: options.onEme } : {}), ...(options.onSigned ? { onSigned: options.onSigned } : {}), ...(options.hkidOf ? { hkidOf: options.hkidOf } : {}) },
  });

  const ROUTES: Record<string, { method: 'GET' | 'POST', run: (request: Request, url: URL) => Promise<Response> }> = {
    '/login': { method: 'GET', run: login },
    '/callback': { method: 'GET', run: callback },
    '/session': { method: 'GET', run: sessionJson },
    '/logout': { method: 'POST', run: logout },
  };

  return {
    config: Object.freeze({
      platformUrl: config.platformUrl, clientID: config.clientID, origin: config.origin, basePath: config.basePath, callbackUrl: config.callbackUrl,
      scope: config.scope, redisUrl: config.redisUrl, timeoutMs: config.timeoutMs, loginLifetimeMs: config.loginLifetimeMs, secureCookies: config.secureCookies,
      signing: config.signing, signatureToPage: config.signatureToPage, requestLifetimeMs: config.requestLifetimeMs, notifications: config.notifications,
    }),
    platform,
    notify: notifying.notify,
    consentOf: notifying.consentOf,
    async handle(request) {
      const url = new URL(request.url);
      if (url.pathname !== base && !url.pathname.startsWith(`${base}/`)) return undefined;
      const path = url.pathname.slice(base.length);
      if (path.startsWith('/requests') || path.startsWith('/notifications') || (path === '/callback' && request.method === 'POST')) {
        try {
          const answered = path === '/callback'
            ? await requests.push(request)
            : path.startsWith('/notifications') ? await notifying.route(request, path, url) : await requests.route(request, path);
          if (answered) return answered;
        } catch (error) {
          return errorJson(codeOf(error));
        }
      }
      const route = ROUTES[path];
      if (!route) return errorJson('invalid_request', 404);
      // HEAD only for /session: a HEAD (a prefetch, a link checker) must not start or finish a login.
      const method = request.method === 'HEAD' && path === '/session' ? 'GET' : request.method;
      if (method !== route.method) return errorJson('invalid_request', 405, { allow: path === '/session' ? 'GET, HEAD' : route.method });
      try {
        return await route.run(request, url);
      } catch (error) {
        // Nothing above should throw; if it does, it is answered like a store failure, never a stack.
        return route.method === 'GET' && path !== '/session'
          ? redirect(withParam('/', 'iams_error', codeOf(error)))
          : errorJson(codeOf(error));
      }
    },
    async sessionOf(request) {
      const { session } = await readSession(request);
      return session;
    },
    async close() {
      requests.closeStreams();
      if (ownsStore) await store.close?.();
    },
  };
}

/** A profile name as the platform shapes it (`{ UnstructuredName }`, `{ ChineseName }`) or a plain string. */
function nameOf(value: unknown, member: string): string | undefined {
  if (typeof value === 'string') return value || undefined;
  if (typeof value === 'object' && value !== null) {
    const inner = (value as Record<string, unknown>)[member];
    if (typeof inner === 'string' && inner) return inner;
  }
  return undefined;
}
