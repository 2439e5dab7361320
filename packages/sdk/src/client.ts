import { normalizeScope } from '@iamsmart/protocol';
import type { User } from 'oidc-client-ts';
import { IamSmartError, isIamSmartError } from './errors.js';
import { resolveConfig } from './config/resolve.js';
import { fetchDiscovery } from './discovery.js';
import type { Discovery } from './discovery.js';
import { verifyIdToken } from './id-token.js';
import { EmeSessionImpl, QrLoginSessionImpl, SignSessionImpl } from './cross-device/session.js';
import type { SessionContext } from './cross-device/attempt.js';
import type { DeviceTokens } from './cross-device/token-polling.js';
import { Emitter } from './events.js';
import { createTokenStore } from './login/token-store.js';
import { hasResponseParams, looksLikeCallback, stripResponseParams } from './login/callback-url.js';
import { forwardToOpener, hasLoginState, IamSmartUserManager, isLoginStateData } from './login/user-manager.js';
import type { QrLoginRequest, QrLoginSession, IamSmartUser, LoginOptions, LogoutOptions } from './login/types.js';
import type { EmeRequest, EmeResult, EmeSession } from './eme/types.js';
import type { IamSmartConfig, ResolvedIamSmartConfig } from './config/types.js';
import type { IamSmartEventMap, Unsubscribe } from './events.js';
import type { SignRequest, SignResult, SignSession } from './sign/types.js';
import type { TokenStore } from './login/token-store.js';

/** The client `createClient` returns: login, the sessions (QR login, signing, e-ME) and events. */
export interface IamSmartClient {
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
  on<K extends keyof IamSmartEventMap>(event: K, callback: (payload: IamSmartEventMap[K]) => void): Unsubscribe;
}

/** What the client needs from the page beyond the DOM APIs it reads directly; replaceable so tests can stay on the page. */
export interface ClientEnvironment {
  /** Leaves the page for the provider, the app link or the end-session endpoint. */
  navigate(url: string): void;
  /** Scales cross-device polling intervals and backoff (see `SessionContext.intervalScale`); tests only. Default 1. */
  crossDeviceIntervalScale?: number;
}

const browserEnvironment: ClientEnvironment = {
  navigate(url) {
    window.location.assign(url);
  },
};

function toIamSmartError(error: unknown): IamSmartError {
  if (isIamSmartError(error)) return error;
  const message = error instanceof Error ? error.message : String(error);
  return new IamSmartError('unknown', `Unexpected failure: ${message}`, { cause: error });
}

/** Errors from oidc-client-ts's popup window that are not validation failures: closed, blocked, lost. */
function fromPopup(error: unknown): IamSmartError {
  if (isIamSmartError(error)) return error;
  return new IamSmartError('popup_closed', 'The login window was closed or blocked before the login finished.', { cause: error });
}

function withoutQuery(url: string): string {
  const parsed = new URL(url);
  return `${parsed.origin}${parsed.pathname}`;
}

/** True when this page was opened by a page of the same origin (the popup case). Cross-origin openers are not touched. */
function hasSameOriginOpener(): boolean {
  try {
    const opener = window.opener as Window | null;
    return opener !== null && opener !== window && opener.location.origin === window.location.origin;
  } catch {
    return false;
  }
}

function toUser(user: User): IamSmartUser {
  const returnTo = isLoginStateData(user.state) ? user.state.returnTo : undefined;
  return {
    claims: user.profile,
    idToken: user.id_token ?? '',
    accessToken: user.access_token,
    tokenType: user.token_type,
    scope: user.scope ?? '',
    expiresAt: user.expires_at,
    ...(returnTo === undefined ? {} : { returnTo }),
  };
}

function isExpired(user: IamSmartUser): boolean {
  const expiresAt = user.expiresAt ?? (typeof user.claims.exp === 'number' ? user.claims.exp : undefined);
  return expiresAt !== undefined && expiresAt <= Date.now() / 1000;
}

class Client implements IamSmartClient {
  readonly config: ResolvedIamSmartConfig;
  private readonly env: ClientEnvironment;
  private readonly events = new Emitter<IamSmartEventMap>();
  private readonly tokens: TokenStore;
  private discovery: Promise<Discovery> | undefined;
  private manager: Promise<IamSmartUserManager> | undefined;

  constructor(config: ResolvedIamSmartConfig, env: ClientEnvironment) {
    this.config = config;
    this.env = env;
    this.tokens = createTokenStore(config.storage, config.issuer, config.clientId);
  }

  /** Discovery is fetched once per client and validated before anything uses it; a failure is retried next time. */
  private getDiscovery(): Promise<Discovery> {
    this.discovery ??= fetchDiscovery(this.config.issuer, this.config.requestTimeoutSeconds).catch((error: unknown) => {
      this.discovery = undefined;
      throw error;
    });
    return this.discovery;
  }

  private getManager(): Promise<IamSmartUserManager> {
    this.manager ??= this.getDiscovery().then(
      (discovery) => new IamSmartUserManager(this.config, discovery),
      (error: unknown) => {
        this.manager = undefined;
        throw error;
      },
    );
    return this.manager;
  }

  private sessionContext(): SessionContext {
    return {
      clientId: this.config.clientId,
      requestTimeoutSeconds: this.config.requestTimeoutSeconds,
      intervalScale: this.env.crossDeviceIntervalScale ?? 1,
      getDiscovery: () => this.getDiscovery(),
    };
  }

  startQrLogin(request: QrLoginRequest = {}): QrLoginSession {
    const scope = normalizeScope(request.scope ?? this.config.scope);
    const { authorizationDetails } = request;
    return new QrLoginSessionImpl(this.sessionContext(), {
      prepare: () => Promise.resolve({ scope, ...(authorizationDetails === undefined ? {} : { authorizationDetails }) }),
      complete: (tokens, nonce, discovery) => this.verifyDeviceTokens(tokens, nonce, discovery, scope),
      resultFields: (user) => ({ user }),
      lasting: [],
      succeeded: (user) => this.signedIn(user),
      failed: (error) => { this.events.emit('error', error); },
    });
  }

  startSigning(request: SignRequest): SignSession {
    // Loaded when a signature starts: the hashing, signing-service and certificate code stays off the login path.
    const flow = import('./sign/flow.js').then(
      ({ SignFlow }) =>
        new SignFlow(
          {
            config: this.config,
            getDiscovery: () => this.getDiscovery(),
            // Checked as for a QR login, then dropped: signing never changes who is logged in.
            verifyIdToken: (tokens, nonce, discovery) => this.verifyDeviceTokens(tokens, nonce, discovery, 'openid'),
            revoke: (token) => { this.revokeQuietly(token); },
          },
          request,
        ),
      (cause: unknown) => {
        throw new IamSmartError('network_error', 'Could not load the SDK\'s signing code.', { cause });
      },
    );
    return new SignSessionImpl(this.sessionContext(), {
      prepare: async (show) => (await flow).prepare(show),
      complete: async (tokens, nonce, discovery, signal) => (await flow).complete(tokens, nonce, discovery, signal),
      resultFields: (result) => ({ result }),
      lasting: ['document'],
      succeeded: (result) => { this.events.emit('signed', result); },
      failed: (error) => { this.events.emit('error', error); },
    });
  }

  sign(request: SignRequest): Promise<SignResult> {
    return this.startSigning(request).done;
  }

  startEme(request: EmeRequest): EmeSession {
    // Loaded when a form asks to be filled, as signing is: the e-ME checks stay off the login path.
    const flow = import('./eme/flow.js').then(
      ({ EmeFlow }) =>
        new EmeFlow(
          {
            requestTimeoutSeconds: this.config.requestTimeoutSeconds,
            getDiscovery: () => this.getDiscovery(),
            // Checked as for a QR login, then dropped: filling a form never changes who is logged in.
            verifyIdToken: async (tokens, nonce, discovery) => (await this.verifyDeviceTokens(tokens, nonce, discovery, 'openid')).claims,
            revoke: (token) => { this.revokeQuietly(token); },
          },
          request,
        ),
      (cause: unknown) => {
        throw new IamSmartError('network_error', 'Could not load the SDK\'s e-ME code.', { cause });
      },
    );
    return new EmeSessionImpl(this.sessionContext(), {
      prepare: async () => (await flow).prepare(),
      complete: async (tokens, nonce, discovery, signal) => (await flow).complete(tokens, nonce, discovery, signal),
      resultFields: (result) => ({ result }),
      lasting: [],
      succeeded: (result) => { this.events.emit('emeData', result); },
      failed: (error) => { this.events.emit('error', error); },
    });
  }

  requestEme(request: EmeRequest): Promise<EmeResult> {
    return this.startEme(request).done;
  }

  /** RFC 7009 at the provider's revocation endpoint, if it has one; a failure changes nothing here. */
  private revokeQuietly(token: string): void {
    this.getManager()
      .then((manager) => (manager.hasRevocationEndpoint ? manager.revokeAccessToken(token) : undefined))
      .catch(() => undefined);
  }

  /** The same ID-token checks as the redirect flow (verifyIdToken), with the nonce this session sent. */
  private async verifyDeviceTokens(tokens: DeviceTokens, nonce: string, discovery: Discovery, scope: string): Promise<IamSmartUser> {
    const claims = await verifyIdToken(tokens.idToken, {
      discovery,
      clientId: this.config.clientId,
      nonce,
      clockSkewSeconds: this.config.clockSkewSeconds,
      maxIdTokenAgeSeconds: this.config.maxIdTokenAgeSeconds,
      requestTimeoutSeconds: this.config.requestTimeoutSeconds,
    });
    return {
      claims,
      idToken: tokens.idToken,
      accessToken: tokens.accessToken,
      tokenType: tokens.tokenType,
      scope: tokens.scope ?? scope,
      expiresAt: tokens.expiresIn === undefined ? undefined : Math.floor(Date.now() / 1000) + tokens.expiresIn,
    };
  }

  private fail(error: unknown): never {
    const typed = toIamSmartError(error);
    this.events.emit('error', typed);
    throw typed;
  }

  async loginWithRedirect(options: LoginOptions = {}): Promise<void> {
    await this.navigateToLogin(options, false);
  }

  async loginWithApp(options: LoginOptions = {}): Promise<void> {
    await this.navigateToLogin(options, true);
  }

  async loginWithPopup(options: LoginOptions = {}): Promise<IamSmartUser> {
    try {
      const manager = await this.getManager();
      let validated: User;
      try {
        validated = await manager.loginWithPopup(options);
      } catch (error) {
        throw fromPopup(error);
      }
      return this.signedIn(toUser(validated));
    } catch (error) {
      return this.fail(error);
    }
  }

  /** Sends the page to the authorization endpoint, or to the app link with the request inside it when asked and advertised. */
  private async navigateToLogin(options: LoginOptions, viaApp: boolean): Promise<void> {
    try {
      const manager = await this.getManager();
      const url = await manager.createAuthorizationUrl(options);
      const appLink = viaApp ? manager.appLink : undefined;
      this.env.navigate(appLink === undefined ? url : `${appLink}?authorize=${encodeURIComponent(url)}`);
    } catch (error) {
      this.fail(error);
    }
  }

  isCallback(url: string = window.location.href): boolean {
    return looksLikeCallback(url, window.location.href, [this.config.redirectUri, this.config.popupRedirectUri]);
  }

  async handleCallback(url: string = window.location.href): Promise<IamSmartUser | null> {
    if (!this.isCallback(url)) return null;
    const absolute = new URL(url, window.location.href).href;
    try {
      const state = new URL(absolute).searchParams.get('state');
      // In the popup this tab did not start the login: the opener did, and it validates.
      if (state !== null && !hasLoginState(state) && hasSameOriginOpener()) {
        await forwardToOpener(this.config, absolute);
        return null;
      }
      const manager = await this.getManager();
      return this.signedIn(toUser(await manager.completeSignin(absolute)));
    } catch (error) {
      return this.fail(error);
    } finally {
      // Also on failure: reloading must not replay a used or rejected response.
      this.cleanAddressBar(absolute);
    }
  }

  private signedIn(user: IamSmartUser): IamSmartUser {
    this.tokens.save(user);
    this.events.emit('login', user);
    return user;
  }

  private cleanAddressBar(callbackUrl: string): void {
    const current = window.location.href;
    if (withoutQuery(current) !== withoutQuery(callbackUrl) || !hasResponseParams(current)) return;
    window.history.replaceState(window.history.state, '', stripResponseParams(current));
  }

  getUser(): Promise<IamSmartUser | null> {
    const user = this.tokens.load();
    if (user && isExpired(user)) {
      this.tokens.remove();
      return Promise.resolve(null);
    }
    return Promise.resolve(user);
  }

  async logout(options: LogoutOptions = {}): Promise<void> {
    const user = this.tokens.load();
    this.tokens.remove();
    this.events.emit('logout', undefined);
    if (!user) return;
    let manager: IamSmartUserManager;
    try {
      manager = await this.getManager();
    } catch {
      return; // The local session is gone; the provider cannot be told.
    }
    if (manager.hasRevocationEndpoint) {
      try {
        await manager.revokeAccessToken(user.accessToken);
      } catch {
        // Best effort: the token is forgotten here and expires at the provider.
      }
    }
    if (options.endSession) {
      try {
        const url = await manager.endSessionUrl(user.idToken);
        if (url !== undefined) this.env.navigate(url);
      } catch {
        // Best effort as well: the local logout has happened.
      }
    }
  }

  on<K extends keyof IamSmartEventMap>(event: K, callback: (payload: IamSmartEventMap[K]) => void): Unsubscribe {
    return this.events.on(event, callback);
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
