// Logging in on this device (redirect, app link, popup), the callback, the stored user and logout.
import type { ClientParts } from '../client-parts.js';
import type { ResolvedIamSmartConfig } from '../config/types.js';
import { IamSmartError, isIamSmartError, toIamSmartError } from '../errors.js';
import { hasResponseParams, looksLikeCallback, stripResponseParams } from './callback-url.js';
import { createTokenStore } from './token-store.js';
import type { TokenStore } from './token-store.js';
import type { IamSmartUser, LoginOptions, LogoutOptions } from './types.js';
import { forwardToOpener, loginInPopup, openPopup } from './popup.js';
import { hasLoginState } from './user-manager.js';
import type { IamSmartOidcClient } from './user-manager.js';


/** Errors from the popup window that are not validation failures: closed, blocked, lost. */
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

function isExpired(user: IamSmartUser): boolean {
  const expiresAt = user.expiresAt ?? (typeof user.claims.exp === 'number' ? user.claims.exp : undefined);
  return expiresAt !== undefined && expiresAt <= Date.now() / 1000;
}

/** The login side of the client: every way of logging in, the stored user, logout. */
export class Login {
  readonly config: ResolvedIamSmartConfig;
  /** Shared with the sessions' starters (see the client). */
  protected readonly parts: ClientParts;
  private readonly navigate: (url: string) => void;
  private readonly tokens: TokenStore;

  constructor(parts: ClientParts, navigate: (url: string) => void) {
    this.config = parts.config;
    this.parts = parts;
    this.navigate = navigate;
    this.tokens = createTokenStore(parts.config.storage, parts.config.issuer, parts.config.clientId);
  }

  async loginWithRedirect(options: LoginOptions = {}): Promise<void> {
    await this.navigateToLogin(options, false);
  }

  async loginWithApp(options: LoginOptions = {}): Promise<void> {
    await this.navigateToLogin(options, true);
  }

  async loginWithPopup(options: LoginOptions = {}): Promise<IamSmartUser> {
    // Opened before any await, in the click that called this, so popup blockers allow it.
    const popup = openPopup(this.config.popupRedirectUri);
    try {
      let manager: IamSmartOidcClient;
      try {
        manager = await this.parts.provider.getManager();
      } catch (error) {
        popup?.close();
        throw error;
      }
      let validated: IamSmartUser;
      try {
        validated = await loginInPopup(popup, manager, options);
      } catch (error) {
        throw fromPopup(error);
      }
      return this.signedIn(validated);
    } catch (error) {
      return this.fail(error);
    }
  }

  /** Sends the page to the authorization endpoint, or to the app link with the request inside it when asked and advertised. */
  private async navigateToLogin(options: LoginOptions, viaApp: boolean): Promise<void> {
    try {
      const manager = await this.parts.provider.getManager();
      const url = await manager.createAuthorizationUrl(options);
      const appLink = viaApp ? manager.appLink : undefined;
      this.navigate(appLink === undefined ? url : `${appLink}?authorize=${encodeURIComponent(url)}`);
    } catch (error) {
      this.fail(error);
    }
  }

  isCallback(url: string = window.location.href): boolean {
    const { redirectUri, popupRedirectUri } = this.config;
    return looksLikeCallback(url, window.location.href, [redirectUri, popupRedirectUri]);
  }

  async handleCallback(url: string = window.location.href): Promise<IamSmartUser | null> {
    if (!this.isCallback(url)) return null;
    const absolute = new URL(url, window.location.href).href;
    try {
      const state = new URL(absolute).searchParams.get('state');
      // In the popup this tab did not start the login: the opener did, and it validates.
      if (state !== null && !hasLoginState(state) && hasSameOriginOpener()) {
        forwardToOpener(absolute);
        return null;
      }
      const manager = await this.parts.provider.getManager();
      return this.signedIn(await manager.completeSignin(absolute));
    } catch (error) {
      return this.fail(error);
    } finally {
      // Also on failure: reloading must not replay a used or rejected response.
      this.cleanAddressBar(absolute);
    }
  }

  /** Stores a validated user and emits `login`; also the end of a QR login. */
  signedIn(user: IamSmartUser): IamSmartUser {
    this.tokens.save(user);
    this.parts.events.emit('login', user);
    return user;
  }

  private fail(error: unknown): never {
    const typed = toIamSmartError(error);
    this.parts.events.emit('error', typed);
    throw typed;
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
    this.parts.events.emit('logout', undefined);
    if (!user) return;
    let manager: IamSmartOidcClient;
    try {
      manager = await this.parts.provider.getManager();
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
        if (url !== undefined) this.navigate(url);
      } catch {
        // Best effort as well: the local logout has happened.
      }
    }
  }
}
