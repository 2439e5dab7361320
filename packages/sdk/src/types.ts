import type { IamSmartError } from './errors.js';

/** Languages every string of the kit exists in. */
export type IamSmartLang = 'en' | 'zh-HK' | 'zh-CN';

/** Where tokens are kept. Never localStorage. */
export type TokenStorage = 'memory' | 'session';

/**
 * How `login()` reaches the provider:
 * - `redirect`: the page navigates to the authorization endpoint and comes back to `redirectUri`;
 * - `popup`: the same in a popup window; the page stays;
 * - `app`: on a phone, the authorization request opens the iAM Smart app through its app link
 *   (discovery's `iamsmart_app_link`), and the app returns to `redirectUri`; without an advertised
 *   app link it falls back to `redirect`.
 */
export type LoginMode = 'redirect' | 'popup' | 'app';

export interface IamSmartConfig {
  /** The OpenID Provider's issuer, e.g. `https://…` or `http://localhost:8787` for the sandbox. */
  issuer: string;
  /** The client id registered with iAM Smart (or the sandbox). */
  clientId: string;
  /** Where the provider sends the resident back; same origin as the page. Default: the page's URL without query and hash. */
  redirectUri?: string;
  /** Where the provider sends the popup back (a page that calls `handleCallback()`); same origin as the page. Default: `redirectUri`. */
  popupRedirectUri?: string;
  /** Where the provider sends the resident after logout; same origin as the page. Default: `redirectUri`. */
  postLogoutRedirectUri?: string;
  /** Space-separated scopes; `openid` is always included. Default `openid profile`. */
  scope?: string;
  /** Language passed to the provider as `ui_locales`. Default: the page's `lang`. */
  lang?: IamSmartLang;
  /** Where tokens live. Default `memory`. */
  storage?: TokenStorage;
  /** Clock skew tolerated for `exp` / `iat`, in seconds. Default 60. */
  clockSkewSeconds?: number;
  /** How long an ID token's `iat` may lie in the past, in seconds. Default 600. */
  maxIdTokenAgeSeconds?: number;
  /** How long a request to the provider (discovery, keys, token) may take, in seconds. Default 10. */
  requestTimeoutSeconds?: number;
}

/** The configuration after validation and defaults: what the client actually uses. */
export interface ResolvedIamSmartConfig {
  readonly issuer: string;
  readonly clientId: string;
  readonly redirectUri: string;
  readonly popupRedirectUri: string;
  readonly postLogoutRedirectUri: string;
  readonly scope: string;
  readonly lang: IamSmartLang;
  readonly storage: TokenStorage;
  readonly clockSkewSeconds: number;
  readonly maxIdTokenAgeSeconds: number;
  readonly requestTimeoutSeconds: number;
}

/** A name as iAM Smart's e-ME gives it: `{ lastName: 'CHAN', firstName: 'Tai Man' }`, `{ lastName: '陳', firstName: '大文' }`. */
export interface PersonName {
  lastName: string;
  firstName: string;
}

/** Standard and iAM Smart claims about the resident, from the validated ID token. */
export interface IamSmartClaims {
  /** Pairwise subject: iAM Smart's tokenised ID, different for every online service. */
  sub: string;
  iss: string;
  aud: string | string[];
  /** The English name as one string, surname first in capitals: `CHAN Tai Man`. */
  name?: string;
  /** The English name in iAM Smart's e-ME structure. */
  enName?: PersonName;
  /** The Chinese name in iAM Smart's e-ME structure; absent when the resident has none. */
  chName?: PersonName;
  /** The resident's preferred language, e.g. `zh-HK`. */
  locale?: string;
  [claim: string]: unknown;
}

export interface IamSmartUser {
  claims: IamSmartClaims;
  /** The raw ID token (kept for logout's `id_token_hint`). */
  idToken: string;
  accessToken: string;
  tokenType: string;
  scope: string;
  /** When the access token expires, in seconds since the epoch. */
  expiresAt: number | undefined;
  /** `returnTo` given to the `login()` that started this login, if any. */
  returnTo?: string;
}

export interface LoginOptions {
  mode?: LoginMode;
  /** Page-specific state to carry through the redirect; returned in `IamSmartUser.returnTo`. */
  returnTo?: string;
  /** Language of iAM Smart's pages for this login (`ui_locales`), e.g. after the page switched language. Default: the client's `lang`. */
  lang?: IamSmartLang;
}

export interface LogoutOptions {
  /** Also end the session at the provider (RP-initiated logout) when it offers an end-session endpoint. Default false. */
  endSession?: boolean;
}

export interface IamSmartEventMap {
  login: IamSmartUser;
  logout: undefined;
  error: IamSmartError;
}

export type Unsubscribe = () => void;

export interface IamSmartClient {
  readonly config: ResolvedIamSmartConfig;
  /**
   * Starts a login. `popup` resolves with the validated user. `redirect` and `app` navigate away:
   * their promise never settles in this page (the login finishes in `handleCallback()` on return).
   * Rejects with `IamSmartError` (e.g. `issuer_unreachable`, `popup_closed`).
   */
  login(options?: LoginOptions): Promise<IamSmartUser | undefined>;
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
  on<K extends keyof IamSmartEventMap>(event: K, callback: (payload: IamSmartEventMap[K]) => void): Unsubscribe;
}
