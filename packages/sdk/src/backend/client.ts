// Backend mode: the page talks only to the website's own `@iamsmart/server`, mounted under one
// base path on the page's origin. The server holds the tokens and an HttpOnly session cookie; the
// page holds neither. HTTP contract (fixed, shared with packages/server):
//   GET  {backend}/login?returnTo=<same-origin path and query>&lang=<en|zh-HK|zh-CN>  (a navigation;
//        the server picks the hosted QR page or the app link) → back to returnTo with `iams_login=1`
//        or `iams_error=<code>` added to the query;
//   GET  {backend}/session → { loggedIn: false } | { loggedIn: true, resident, expiresAt (ms) };
//   POST {backend}/logout  → 204;
//   GET  {backend}/notifications?lang= → { topics: [{ id, name }], consented: [ids], updatedAt? };
//   POST {backend}/notifications/stop { topics? } → { consented } (decision 059; no session: 401);
//   errors: { error: { code, message } } with 400/403/502/503/504.
// Nothing here may import oidc-client-ts, jose, or the signing/certificate code: the build checks
// that this entry's chunks carry none of them (rollup.config.js, `backendPath`).
import { LANGS, isErrorCode, resolveLang } from '@iamsmart/protocol';
import type { ClientEnvironment, IamSmartBaseClient } from '../client.js';
import type { EmeRequest, EmeResult, EmeSession, EmeSnapshot } from '../eme/types.js';
import { IamSmartError, toIamSmartError } from '../errors.js';
import { Emitter } from '../events.js';
import type { IamSmartEventMap, Unsubscribe } from '../events.js';
import type { IamSmartUser, LoginOptions, QrLoginSession, QrLoginSnapshot } from '../login/types.js';
import type { NotificationSettings, NotifyConsent, NotifyRequest, NotifySession, NotifySnapshot } from '../notify/types.js';
import { lazyFlow, openSessionLater, unavailableSession } from '../session/deferred.js';
import type { SessionFlow } from '../session/engine.js';
import type { SessionTransport } from '../session/transport.js';
import type { Session, SessionSnapshot } from '../session/types.js';
import type { BackendSignResult, BackendSignSession, BackendSignSnapshot, SignRequest } from '../sign/types.js';
import type { BackendApproval } from '../transport/backend/transport.js';
import { backendRequest } from './http.js';
import type { IamSmartBackendConfig, IamSmartBackendUser, IamSmartResident, ResolvedIamSmartBackendConfig } from './types.js';
import type { IamSmartLang } from '../config/types.js';

/** The markers the backend adds to `returnTo` when it sends the resident back. */
export const RETURN_MARKERS = ['iams_login', 'iams_error'] as const;

/** The backend-mode client: the same methods as the OpenID Connect one, over the website's own server. */
export interface IamSmartBackendClient extends IamSmartBaseClient<IamSmartBackendUser> {
  readonly mode: 'backend';
  readonly config: ResolvedIamSmartBackendConfig;
  /**
   * Sends the page to `{backend}/login` with `returnTo` (this page's path and query without the
   * `iams_` markers and without the hash, or `options.returnTo`, a same-origin path) and `lang`.
   * The server chooses iAM Smart's hosted QR page (desktop) or the app link (phone); so does
   * `loginWithApp()`. Resolves once the navigation has started.
   */
  loginWithRedirect(options?: LoginOptions): Promise<void>;
  /** The same as `loginWithRedirect()`: the server picks the app link on a phone from the user agent. */
  loginWithApp(options?: LoginOptions): Promise<void>;
  /**
   * No popup in backend mode: the login falls back to `loginWithRedirect()`. The page leaves, so
   * the promise never settles; the login completes in `handleCallback()` on the page it returns to.
   */
  loginWithPopup(options?: LoginOptions): Promise<IamSmartBackendUser>;
  /** True when `url` (default: the current location) carries `iams_login` or `iams_error`. */
  isCallback(url?: string): boolean;
  /**
   * Removes the markers from the address bar (`history.replaceState`), then: on `iams_error`,
   * rejects with `IamSmartError(code)` (a code outside the shared list is `unknown`; the value is
   * never repeated); on `iams_login`, asks `{backend}/session`, emits `login` and resolves the
   * user. Resolves `null` when the URL carries no marker.
   */
  handleCallback(url?: string): Promise<IamSmartBackendUser | null>;
  /** `GET {backend}/session`: the resident, or null. Rejects with `IamSmartError` when the backend fails. */
  getUser(): Promise<IamSmartBackendUser | null>;
  /** `POST {backend}/logout`, then emits `logout`. Rejects with `IamSmartError` (and emits `error`) when the backend fails. */
  logout(): Promise<void>;
  /**
   * Not in backend mode: iAM Smart hosts its own QR page for the website (use `loginWithRedirect()`).
   * Returns a session that ends at once in `error` with `invalid_config`.
   */
  startQrLogin(): QrLoginSession;
  /**
   * Signs through the website's backend (decision 037): the document is checked and hashed in the
   * page (it never leaves it; state `starting`), then `POST {backend}/requests` asks the platform.
   * The snapshot's `channel` says how the resident is asked: `app` (logged in: the request waits in
   * the iAM Smart app; `userCode` is the identification code to match there) or `hosted` (open
   * `hostedUrl` in a new tab: iAM Smart's own page shows the QR code). States follow the request's
   * event stream (`reconnecting` while it is retried); `done` resolves with the server's verified
   * result (`BackendSignResult`: signer, time, certificate summary; the signature and chain only when
   * the server passes them on). The page does not verify the signature again. Emits `signed`.
   */
  startSigning(request: SignRequest): BackendSignSession;
  /** `startSigning(request).done`. */
  sign(request: SignRequest): Promise<BackendSignResult>;
  /**
   * Fills a form through the website's backend (decision 037): the request is checked in the page,
   * then `POST {backend}/requests` asks the platform; channels and states as for `startSigning()`
   * (`app` never has an identification code for e-ME). `done` resolves with the fields the resident
   * approved, only those the request asked for. Emits `emeData`.
   */
  startEme(request: EmeRequest): EmeSession;
  /**
   * `GET {backend}/notifications?lang=` (decision 059): the topics the website declares, named in
   * `lang` (default: the client's), and those the resident gets in iAM Smart now. Rejects with
   * `IamSmartError`: `login_required` when no resident is logged in on the website.
   */
  notifications(options?: { lang?: IamSmartLang }): Promise<NotificationSettings>;
  /**
   * Asks the resident to get the website's updates on `topics` in iAM Smart: the topics are checked
   * (1–10 distinct ids; else `invalid_request` or `topic_unknown`, nothing sent), then
   * `POST {backend}/requests` with `flow: "notify"`; channels and states as for `startEme()`.
   * `done` resolves with the topics consented now (`{ consented }`). Emits `notifyConsent`.
   */
  startNotify(request: NotifyRequest): NotifySession;
  /**
   * `POST {backend}/notifications/stop`: the resident stops updates on `topics` (all when absent);
   * no confirmation in the app. Resolves with the topics still consented.
   */
  stopNotifications(topics?: string[]): Promise<NotifyConsent>;
}

const browserEnvironment: ClientEnvironment = {
  navigate(url) {
    window.location.assign(url);
  },
};

function invalid(message: string): never {
  throw new IamSmartError('invalid_config', message);
}

/** Validates `config` against the page's URL; throws `invalid_config` saying what to fix. */
export function resolveBackendConfig(config: IamSmartBackendConfig, pageUrl: string, pageLang: string): ResolvedIamSmartBackendConfig {
  if (typeof config !== 'object' || (config as unknown) === null) invalid('createBackendClient needs a configuration: { backend: "/iamsmart" }.');
  const { backend, lang, requestTimeoutSeconds = 10 } = config;
  if (typeof backend !== 'string' || backend.trim() === '') invalid('`backend` is required: the path where the website mounts @iamsmart/server, e.g. "/iamsmart".');
  const page = new URL(pageUrl);
  let url: URL;
  try {
    url = new URL(backend, page);
  } catch {
    return invalid(`\`backend\` is not a valid URL: "${backend}".`);
  }
  // The session cookie is HttpOnly and same-origin, and the server checks Sec-Fetch-Site/Origin.
  if (url.origin !== page.origin) invalid(`\`backend\` must be on this page's origin (${page.origin}); got "${url.href}".`);
  if (url.search !== '' || url.hash !== '' || backend.includes('?') || backend.includes('#')) invalid(`\`backend\` must not contain a query or a fragment; got "${backend}".`);
  if (lang !== undefined && !(LANGS as readonly unknown[]).includes(lang)) invalid(`\`lang\` must be one of ${LANGS.join(', ')}; got ${JSON.stringify(lang)}.`);
  if (typeof requestTimeoutSeconds !== 'number' || !Number.isFinite(requestTimeoutSeconds) || requestTimeoutSeconds <= 0) {
    invalid(`\`requestTimeoutSeconds\` must be a number of seconds above 0; got ${JSON.stringify(requestTimeoutSeconds)}.`);
  }
  return Object.freeze({
    backend: url.href.replace(/\/+$/, ''),
    lang: lang ?? resolveLang(pageLang),
    requestTimeoutSeconds,
  });
}

/** `url` without the markers and without the hash: what `returnTo` carries. */
function stripMarkers(url: URL): URL {
  const copy = new URL(url.href);
  for (const name of RETURN_MARKERS) copy.searchParams.delete(name);
  copy.hash = '';
  return copy;
}

function isOptionalString(value: unknown): value is string | undefined {
  return value === undefined || typeof value === 'string';
}

/** `GET {backend}/session`'s body, checked: the user, or null when logged out. */
function toUser(body: unknown): IamSmartBackendUser | null {
  const session = body as { loggedIn?: unknown; resident?: Partial<Record<keyof IamSmartResident, unknown>> | null; expiresAt?: unknown } | null;
  if (session?.loggedIn === false) return null;
  const resident = session?.resident;
  if (
    session?.loggedIn !== true ||
    typeof resident !== 'object' ||
    resident === null ||
    typeof resident.openID !== 'string' ||
    resident.openID === '' ||
    !isOptionalString(resident.enName) ||
    !isOptionalString(resident.chName) ||
    typeof session.expiresAt !== 'number' ||
    !Number.isFinite(session.expiresAt)
  ) {
    throw new IamSmartError('unknown', "The website's backend answered /session with something that is not a session.");
  }
  const { openID, enName, chName } = resident;
  const claims: IamSmartResident = { openID };
  if (typeof enName === 'string') claims.enName = enName;
  if (typeof chName === 'string') claims.chName = chName;
  return { claims, expiresAt: session.expiresAt };
}

class BackendClient implements IamSmartBackendClient {
  readonly mode = 'backend';
  readonly config: ResolvedIamSmartBackendConfig;
  readonly #env: ClientEnvironment;
  readonly #events = new Emitter<IamSmartEventMap<IamSmartBackendUser>>();

  /** Multiplies the reconnection backoff and polling interval: 1, or lower in the SDK's own tests. */
  readonly #intervalScale: number;

  constructor(config: ResolvedIamSmartBackendConfig, env: ClientEnvironment) {
    this.config = config;
    this.#env = env;
    this.#intervalScale = env.sessionIntervalScale ?? 1;
  }

  loginWithRedirect(options: LoginOptions = {}): Promise<void> {
    try {
      const page = new URL(window.location.href);
      const target = options.returnTo === undefined ? page : new URL(options.returnTo, page);
      if (target.origin !== page.origin) throw new IamSmartError('invalid_request', `\`returnTo\` must be on this page's origin (${page.origin}).`);
      const back = stripMarkers(target);
      const lang = options.lang ?? this.config.lang;
      const query = new URLSearchParams({ returnTo: `${back.pathname}${back.search}`, lang });
      this.#env.navigate(`${this.config.backend}/login?${query.toString()}`);
      return Promise.resolve();
    } catch (error) {
      return Promise.reject(this.#fail(error));
    }
  }

  loginWithApp(options?: LoginOptions): Promise<void> {
    return this.loginWithRedirect(options);
  }

  loginWithPopup(options?: LoginOptions): Promise<IamSmartBackendUser> {
    // The page leaves for the backend: nothing is left to settle here.
    return this.loginWithRedirect(options).then(() => new Promise<IamSmartBackendUser>(() => undefined));
  }

  isCallback(url: string = window.location.href): boolean {
    try {
      const parsed = new URL(url, window.location.href);
      return parsed.origin === window.location.origin && RETURN_MARKERS.some((name) => parsed.searchParams.has(name));
    } catch {
      return false;
    }
  }

  async handleCallback(url: string = window.location.href): Promise<IamSmartBackendUser | null> {
    if (!this.isCallback(url)) return null;
    const parsed = new URL(url, window.location.href);
    this.#cleanAddressBar(parsed);
    try {
      if (parsed.searchParams.has('iams_error')) {
        const code = parsed.searchParams.get('iams_error');
        // Only a code of the shared list is believed; anything else is `unknown`, and never repeated.
        if (isErrorCode(code)) throw new IamSmartError(code, `The website's backend reported "${code}" for the login.`);
        throw new IamSmartError('unknown', "The website's backend reported a failure with a code this SDK does not know.");
      }
      const user = await this.getUser();
      if (!user) throw new IamSmartError('callback_invalid', "The page came back from the login, but the website's backend has no session (was its cookie blocked?).");
      this.#events.emit('login', user);
      return user;
    } catch (error) {
      throw this.#fail(error);
    }
  }

  async getUser(): Promise<IamSmartBackendUser | null> {
    return toUser(await this.#request('GET', 'session'));
  }

  async logout(): Promise<void> {
    try {
      await this.#request('POST', 'logout');
    } catch (error) {
      throw this.#fail(error);
    }
    this.#events.emit('logout', undefined);
  }

  startQrLogin(): QrLoginSession {
    return unavailableSession<IamSmartUser, QrLoginSnapshot>('login', 'user', 'An embedded QR login exists only in OpenID Connect mode: in backend mode iAM Smart shows its own QR page (use loginWithRedirect()).', {
      failed: (error) => {
        this.#events.emit('error', error);
      },
      requestTimeoutSeconds: this.config.requestTimeoutSeconds,
    });
  }

  startSigning(request: SignRequest): BackendSignSession {
    const flow = lazyFlow(async () => new (await this.#sessions()).BackendSignFlow(request), 'signing');
    return this.#session<BackendSignResult, BackendSignSnapshot>(flow, ['document'], (result) => {
      this.#events.emit('signed', result);
    });
  }

  sign(request: SignRequest): Promise<BackendSignResult> {
    return this.startSigning(request).done;
  }

  startEme(request: EmeRequest): EmeSession {
    const flow = lazyFlow(async () => new (await this.#sessions()).BackendEmeFlow(request), 'e-ME');
    return this.#session<EmeResult, EmeSnapshot>(flow, [], (result) => {
      this.#events.emit('emeData', result);
    });
  }

  requestEme(request: EmeRequest): Promise<EmeResult> {
    return this.startEme(request).done;
  }

  notifications(options: { lang?: IamSmartLang } = {}): Promise<NotificationSettings> {
    return this.#notify((module) => module.readNotifications(this.config, options.lang));
  }

  startNotify(request: NotifyRequest): NotifySession {
    const flow = lazyFlow(async () => new (await this.#sessions()).BackendNotifyFlow(request), 'notifications');
    return this.#session<NotifyConsent, NotifySnapshot>(flow, [], (result) => {
      this.#events.emit('notifyConsent', result);
    });
  }

  async stopNotifications(topics?: string[]): Promise<NotifyConsent> {
    const consent = await this.#notify((module) => module.stopNotifications(this.config, topics));
    this.#events.emit('notifyConsent', consent);
    return consent;
  }

  on<K extends keyof IamSmartEventMap<IamSmartBackendUser>>(event: K, callback: (payload: IamSmartEventMap<IamSmartBackendUser>[K]) => void): Unsubscribe {
    return this.#events.on(event, callback);
  }

  /** Runs `call` with the notifications' module, loaded on first use (not on the backend login's path); a failure is typed and emitted. */
  async #notify<T>(call: (module: typeof import('./notifications.js')) => Promise<T>): Promise<T> {
    try {
      return await call(await import('./notifications.js'));
    } catch (error) {
      throw this.#fail(error);
    }
  }

  /** Signing, e-ME and the notifications' consent (flows and transport), loaded on the first such session: not on the backend client's path. */
  #sessions(): Promise<typeof import('./sessions.js')> {
    return import('./sessions.js');
  }

  /** A signing, e-ME or notifications session on the one engine over the backend transport. */
  #session<Result, Snapshot extends SessionSnapshot>(flow: SessionFlow<BackendApproval, Result, Snapshot>, lasting: Exclude<keyof Snapshot, keyof SessionSnapshot>[], succeeded: (result: Result) => void): Session<Snapshot, Result> {
    const { backend, lang, requestTimeoutSeconds } = this.config;
    const transport: SessionTransport<BackendApproval> = {
      start: async (request, signal) => (await this.#sessions().catch((cause: unknown) => {
        throw new IamSmartError('network_error', "Could not load the SDK's backend session code.", { cause });
      })).createBackendTransport({ backend, lang, requestTimeoutSeconds, intervalScale: this.#intervalScale }).start(request, signal),
    };
    return openSessionLater<BackendApproval, Result, Snapshot>(transport, flow, {
      resultField: 'result' as Exclude<keyof Snapshot, keyof SessionSnapshot>,
      lasting,
      succeeded,
      failed: (error) => {
        this.#events.emit('error', error);
      },
      requestTimeoutSeconds,
      intervalScale: this.#intervalScale,
    });
  }

  /** One same-origin JSON request to the backend; every failure as a typed error. */
  #request(method: 'GET' | 'POST', path: 'session' | 'logout'): Promise<unknown> {
    return backendRequest(method, `${this.config.backend}/${path}`, this.config.requestTimeoutSeconds);
  }

  #fail(error: unknown): IamSmartError {
    const typed = toIamSmartError(error);
    this.#events.emit('error', typed);
    return typed;
  }

  /** Reloading must not replay the return: the markers go from the address bar, whatever comes next. */
  #cleanAddressBar(returned: URL): void {
    const current = new URL(window.location.href);
    if (current.pathname !== returned.pathname || !RETURN_MARKERS.some((name) => current.searchParams.has(name))) return;
    for (const name of RETURN_MARKERS) current.searchParams.delete(name);
    window.history.replaceState(window.history.state, '', current.href);
  }
}

/** Creates a backend-mode client with an explicit environment (tests: capture navigations). */
export function createBackendClientWith(config: IamSmartBackendConfig, env: ClientEnvironment): IamSmartBackendClient {
  if (typeof window === 'undefined') throw new IamSmartError('invalid_config', 'createBackendClient runs in a browser page.');
  const lang = document.documentElement.lang || navigator.language;
  return new BackendClient(resolveBackendConfig(config, window.location.href, lang), env);
}

/**
 * Creates a backend-mode client: the page talks only to the website's own `@iamsmart/server`
 * mounted at `backend`, and never holds a token. Validates `config` synchronously and throws
 * `IamSmartError('invalid_config')` with a message saying what to fix.
 */
export function createBackendClient(config: IamSmartBackendConfig): IamSmartBackendClient {
  return createBackendClientWith(config, browserEnvironment);
}

