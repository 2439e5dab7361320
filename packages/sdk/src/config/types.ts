import type { Lang } from '@iamsmart/protocol';

/** Languages every string of the kit exists in (`@iamsmart/protocol`'s `Lang`). */
export type IamSmartLang = Lang;

/** Where tokens are kept. Never localStorage. */
export type TokenStorage = 'memory' | 'session';

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
  /**
   * PEM certificates of the CA roots a signature's certificate chain must end at (for the sandbox:
   * `startSandbox().signingRootPem`). Signing needs this or `signingTrustAnchorsUrl`.
   */
  signingTrustAnchors?: string[];
  /**
   * A same-origin URL of a PEM file with those roots, fetched when the first signature starts
   * (before the resident is asked) and kept for the client. Same origin, so the trust decision
   * stays with the website, never with the signer.
   */
  signingTrustAnchorsUrl?: string;
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
  readonly signingTrustAnchors: readonly string[] | undefined;
  readonly signingTrustAnchorsUrl: string | undefined;
}
