// The client `createClient` returns: login (`login/login.ts`, whose methods it inherits) and the
// sessions' starters (`lazy-sessions.ts`) over one provider, one event emitter and one session
// transport. The transport (device authorization, status stream, token polling) is loaded on the
// first session, so a redirect login never downloads the cross-device code.
import type { IamSmartConfig, IamSmartLang, ResolvedIamSmartConfig } from './config/types.js';
import type { EmeRequest, EmeResult, EmeSession } from './eme/types.js';
import type { IamSmartEventMap, Unsubscribe } from './events.js';
import type { IamSmartBackendClient } from './backend/client.js';
import type { IamSmartBackendUser } from './backend/types.js';
import type { IamSmartUser, LoginOptions, LogoutOptions, QrLoginRequest, QrLoginSession } from './login/types.js';
import type { NotificationSettings, NotifyConsent, NotifyRequest, NotifySession, NotifySnapshot } from './notify/types.js';
import type { BackendSignResult, BackendSignSession, SignRequest, SignResult, SignSession } from './sign/types.js';
import { IamSmartError } from './errors.js';
import { resolveConfig } from './config/resolve.js';
import { prepareQrLogin, startEme, startQrLogin, startSigning } from './lazy-sessions.js';
import type { SessionTransport } from './session/transport.js';
import type { OidcApproval, OidcTransportOptions } from './transport/oidc/transport.js';
import { Emitter } from './events.js';
import { createProvider } from './provider.js';
import { Login } from './login/login.js';
import { openSessionLater, unavailableSession } from './session/deferred.js';

/**
 * What every client offers, whichever way it reaches iAM Smart: the OpenID Connect client
 * (`createClient`, `mode: 'oidc'`) and the backend-mode client (`createBackendClient` from
 * `@iamsmart/sdk/backend`, `mode: 'backend'`). The elements use only this. `User` is what a login
 * yields: `IamSmartUser` (tokens and validated claims) or `IamSmartBackendUser` (the resident as
 * the website's backend reports it; no token ever reaches the page).
 */
export interface IamSmartBaseClient<User extends { claims: object } = IamSmartUser | IamSmartBackendUser> {
  /** `oidc`: the page talks to an OpenID Provider. `backend`: the page talks to the website's own `@iamsmart/server`. */
  readonly mode: 'oidc' | 'backend';
  loginWithRedirect(options?: LoginOptions): Promise<void>;
  loginWithApp(options?: LoginOptions): Promise<void>;
  loginWithPopup(options?: LoginOptions): Promise<User>;
  isCallback(url?: string): boolean;
  handleCallback(url?: string): Promise<User | null>;
  getUser(): Promise<User | null>;
  logout(options?: LogoutOptions): Promise<void>;
  startQrLogin(request?: QrLoginRequest): QrLoginSession;
  /** OpenID Connect: verified in the page (`SignSession`); backend mode: verified by the server (`BackendSignSession`). */
  startSigning(request: SignRequest): SignSession | BackendSignSession;
  sign(request: SignRequest): Promise<SignResult | BackendSignResult>;
  startEme(request: EmeRequest): EmeSession;
  requestEme(request: EmeRequest): Promise<EmeResult>;
  /** Backend mode: the declared topics and the resident's choice (decision 059). OpenID Connect mode: rejects with `invalid_config`. */
  notifications(options?: { lang?: IamSmartLang }): Promise<NotificationSettings>;
  /** Backend mode: asks the resident to confirm updates in the app. OpenID Connect mode: a session that ends at once in `invalid_config`. */
  startNotify(request: NotifyRequest): NotifySession;
  /** Backend mode: stops updates on `topics` (all when absent). OpenID Connect mode: rejects with `invalid_config`. */
  stopNotifications(topics?: string[]): Promise<NotifyConsent>;
  on<K extends keyof IamSmartEventMap<User>>(event: K, callback: (payload: IamSmartEventMap<User>[K]) => void): Unsubscribe;
}

/** The client `createClient` returns: login, the sessions (QR login, signing, e-ME) and events. */
export interface IamSmartClient extends IamSmartBaseClient<IamSmartUser> {
  readonly mode: 'oidc';
  readonly config: ResolvedIamSmartConfig;
  /**
   * Sends the page to iAM Smart's sign-in page (authorization code + PKCE); the login finishes in
   * `handleCallback()` when the resident comes back to `redirectUri`. Resolves once the navigation
   * has started (the page is leaving). Rejects with `IamSmartError` (e.g. `issuer_unreachable`).
   */
  loginWithRedirect(options?: LoginOptions): Promise<void>;
  /**
   * On a phone: the same authorization request opened in the iAM Smart app through its app link
   * (discovery's `iamsmart_app_link`); the app returns to `redirectUri`. Without an advertised app
   * link, a plain redirect. Resolves once the navigation has started.
   */
  loginWithApp(options?: LoginOptions): Promise<void>;
  /**
   * The same login in a popup window; the page stays. Resolves with the validated user; rejects
   * with `IamSmartError` (`popup_closed` when the resident closed it or the browser blocked it).
   */
  loginWithPopup(options?: LoginOptions): Promise<IamSmartUser>;
  /** True when `url` (default: the current location) is an authorization response for this client. */
  isCallback(url?: string): boolean;
  /**
   * Completes a login from an authorization response (default: the current location): validates
   * everything, stores the tokens, removes `code`, `state`, `iss` (and `error`…) from the address
   * bar, emits `login`. In a popup, hands the response to the opener, which validates it; resolves
   * `null` there. Resolves `null` when the URL is not a callback. Rejects with `IamSmartError`;
   * nothing is stored then.
   */
  handleCallback(url?: string): Promise<IamSmartUser | null>;
  /** The signed-in resident, or null (also when the tokens have expired). */
  getUser(): Promise<IamSmartUser | null>;
  logout(options?: LogoutOptions): Promise<void>;
  /**
   * Starts a cross-device (QR) session (RFC 8628 device authorization grant) and returns it at
   * once, in state `starting`. Tokens are validated as in the redirect flow and stored; `login` is
   * emitted when it reaches `done`, `error` when it ends in `denied`, `expired` or `error`.
   */
  startQrLogin(request?: QrLoginRequest): QrLoginSession;
  /**
   * Gets a QR login ready without starting one, so that a later `startQrLogin()` sends its device
   * authorization request at once: loads the SDK's cross-device code (the QR login, the session
   * engine, the transport) and fetches the discovery document, validated as a login validates it
   * and kept for the client's logins. Sends no device authorization request (no session starts).
   * Call it when the page is idle and a QR login is likely (`<iams-login-button mode="qr">` does).
   * Resolves once done; never rejects: whatever failed is loaded again by the login, which reports
   * its own failures.
   */
  prepareQrLogin(): Promise<void>;
  /**
   * Starts a signing session and returns it at once (state `starting` while the document is
   * hashed). Works with or without a login, and never changes the login: its tokens are used for
   * the signing service only and then dropped. Emits `signed` with the verified result, `error`
   * on failure. Bad input (empty, over 100 MiB, a hash that is not 32 bytes, no trust anchors
   * configured) ends the session in `error` with a typed code before anything is sent.
   */
  startSigning(request: SignRequest): SignSession;
  /** `startSigning(request).done`: for pages that show their own progress. */
  sign(request: SignRequest): Promise<SignResult>;
  /**
   * Starts an e-ME form-filling session and returns it at once: the resident approves the listed
   * fields in the app (and may leave out optional ones), then the consented fields are read from
   * userinfo, validated and returned — never a field that was not requested. Like signing, it
   * works with or without a login and never changes it. Emits `emeData`, or `error`.
   */
  startEme(request: EmeRequest): EmeSession;
  /** `startEme(request).done`. */
  requestEme(request: EmeRequest): Promise<EmeResult>;
  /** Not in OpenID Connect mode: notifications need the website's backend (`@iamsmart/sdk/backend`). Rejects with `invalid_config`. */
  notifications(options?: { lang?: IamSmartLang }): Promise<NotificationSettings>;
  /** Not in OpenID Connect mode: a session that ends at once in `error` with `invalid_config`. */
  startNotify(request: NotifyRequest): NotifySession;
  /** Not in OpenID Connect mode: rejects with `invalid_config`. */
  stopNotifications(topics?: string[]): Promise<NotifyConsent>;
}

/** Either client: what `<iams-provider>` hands the elements (tell them apart by `mode`). */
export type IamSmartAnyClient = IamSmartClient | IamSmartBackendClient;

/** What the client needs from the page beyond the DOM APIs it reads directly; replaceable so tests can stay on the page. */
export interface ClientEnvironment {
  /** Leaves the page for the provider, the app link or the end-session endpoint. */
  navigate(url: string): void;
  /** Scales session polling intervals and reconnection backoff (never lifetimes or QR rotation); tests only. Default 1. */
  sessionIntervalScale?: number;
}

const browserEnvironment: ClientEnvironment = {
  navigate(url) {
    window.location.assign(url);
  },
};

/**
 * The OpenID Connect session transport, imported when the first session starts. A failed download
 * fails that session (`network_error`, reported by the session) and is retried by the next one.
 */
function lazyTransport(options: OidcTransportOptions): SessionTransport<OidcApproval> & { load: () => Promise<SessionTransport<OidcApproval>> } {
  let loaded: Promise<SessionTransport<OidcApproval>> | undefined;
  const load = () => (loaded ??= import('./transport/oidc/transport.js').then(
    ({ createOidcTransport }) => createOidcTransport(options),
    (cause: unknown) => {
      loaded = undefined;
      throw new IamSmartError('network_error', 'Could not load the SDK\'s cross-device login code.', { cause });
    },
  ));
  return { start: async (request, signal) => (await load()).start(request, signal), load };
}

/** Why the OpenID Connect client has no notifications (decision 059). */
const NO_NOTIFICATIONS = "Notifications need the website's backend (createBackendClient, @iamsmart/sdk/backend).";

/** Login's methods are the client's own; the sessions and events are added here. */
class Client extends Login implements IamSmartClient {
  readonly mode = 'oidc';
  /** Loads the session transport (once; again after a failure). */
  readonly #loadTransport: () => Promise<unknown>;

  constructor(config: ResolvedIamSmartConfig, env: ClientEnvironment) {
    const provider = createProvider(config);
    const events = new Emitter<IamSmartEventMap>();
    const { clientId, requestTimeoutSeconds } = config;
    const intervalScale = env.sessionIntervalScale ?? 1;
    // The one place that picks the transport: every session (QR login, signing, e-ME) runs over it.
    const transport = lazyTransport({ clientId, requestTimeoutSeconds, intervalScale, getDiscovery: () => provider.getDiscovery() });
    super(
      {
        config,
        provider,
        events,
        openSession: (flow, shape) => openSessionLater(transport, flow, { ...shape, requestTimeoutSeconds, intervalScale, failed: (error) => { events.emit('error', error); } }),
      },
      (url) => { env.navigate(url); },
    );
    this.#loadTransport = transport.load;
  }

  startQrLogin(request: QrLoginRequest = {}): QrLoginSession {
    return startQrLogin(this.parts, request, (user) => { this.signedIn(user); });
  }

  prepareQrLogin(): Promise<void> {
    return prepareQrLogin(this.parts, this.#loadTransport);
  }

  startSigning(request: SignRequest): SignSession {
    return startSigning(this.parts, request);
  }

  sign(request: SignRequest): Promise<SignResult> {
    return this.startSigning(request).done;
  }

  startEme(request: EmeRequest): EmeSession {
    return startEme(this.parts, request);
  }

  requestEme(request: EmeRequest): Promise<EmeResult> {
    return this.startEme(request).done;
  }

  notifications(): Promise<NotificationSettings> {
    return Promise.reject(this.#noNotifications());
  }

  startNotify(): NotifySession {
    return unavailableSession<NotifyConsent, NotifySnapshot>('notify', 'result', NO_NOTIFICATIONS, {
      failed: (error) => {
        this.parts.events.emit('error', error);
      },
      requestTimeoutSeconds: this.config.requestTimeoutSeconds,
    });
  }

  stopNotifications(): Promise<NotifyConsent> {
    return Promise.reject(this.#noNotifications());
  }

  on<K extends keyof IamSmartEventMap>(event: K, callback: (payload: IamSmartEventMap[K]) => void): Unsubscribe {
    return this.parts.events.on(event, callback);
  }

  #noNotifications(): IamSmartError {
    const error = new IamSmartError('invalid_config', NO_NOTIFICATIONS);
    this.parts.events.emit('error', error);
    return error;
  }
}

/** Creates a client with an explicit environment. Internal: `createClient` is the public entry. */
export function createClientWith(config: IamSmartConfig, env: ClientEnvironment): IamSmartClient {
  if (typeof window === 'undefined') throw new IamSmartError('invalid_config', 'createClient runs in a browser page.');
  const lang = document.documentElement.lang || navigator.language;
  return new Client(resolveConfig(config, window.location.href, lang), env);
}

/**
 * Creates an iAM Smart client. Validates `config` synchronously and throws
 * `IamSmartError('invalid_config')` with a message saying what to fix.
 */
export function createClient(config: IamSmartConfig): IamSmartClient {
  return createClientWith(config, browserEnvironment);
}
