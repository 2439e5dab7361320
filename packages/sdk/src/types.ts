import type { EmeData, EmeField, Lang, PersonName, SessionState } from '@iamsmart/protocol';
import type { IamSmartError } from './errors.js';

export type { EmeAddress, EmeAddressParts, EmeData, EmeField, EmeIdNo, EmePhoneNumber, PersonName, SessionState } from '@iamsmart/protocol';

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
  /** `returnTo` given to the `loginWithRedirect()` / `loginWithApp()` / `loginWithPopup()` that started this login, if any. */
  returnTo?: string;
}

export interface LoginOptions {
  /** Page-specific state to carry through the redirect; returned in `IamSmartUser.returnTo`. */
  returnTo?: string;
  /** Language of iAM Smart's pages for this login (`ui_locales`), e.g. after the page switched language. Default: the client's `lang`. */
  lang?: IamSmartLang;
}

export interface LogoutOptions {
  /** Also end the session at the provider (RP-initiated logout) when it offers an end-session endpoint. Default false. */
  endSession?: boolean;
}

/** What a cross-device session asks for. */
export interface QrLoginRequest {
  /** Space-separated scopes; `openid` is always included. Default: the client's `scope`. */
  scope?: string;
  /** RFC 9396 authorization details (signing, e-ME), sent as JSON. */
  authorizationDetails?: unknown[];
  /** The language the page shows the session in; kept for the elements (RFC 8628 has no `ui_locales`). */
  lang?: IamSmartLang;
}

/** What every cross-device session shows, whatever it is for. */
export interface SessionSnapshot {
  state: SessionState;
  /** What the QR code holds now; rotates every QR interval while `awaiting-scan`. Only in `awaiting-scan`. */
  qrPayload?: string;
  /** The identification code the resident matches in the app, e.g. `4821-0937`. */
  userCode?: string;
  /** Where the identification code can be typed instead of scanning. */
  verificationUri?: string;
  /** Opens the app with this session on this device (a fresh payload). Only in `awaiting-scan`. */
  appLink?: string;
  /** When the session ends, in ms since the epoch. */
  expiresAt?: number;
  /** True while the SDK retries a lost connection (with backoff). */
  reconnecting: boolean;
  /** In `error`, `denied` and `expired`. */
  error?: IamSmartError;
}

/**
 * A cross-device session of any flow, read as its current snapshot. `Snapshot` adds what the flow
 * shows (the user, the document, the result); `Result` is what `done` resolves with.
 */
export type Session<Snapshot extends SessionSnapshot, Result> = Readonly<Snapshot> & {
  /** Calls `callback` at once with the current snapshot, then on every change (state, payload rotation, reconnecting). */
  subscribe(callback: (snapshot: Snapshot) => void): Unsubscribe;
  /** From any state: drops the current request and starts a new one (state `starting`); a document is not hashed again. */
  refresh(): void;
  /** Stops every request and timer; state `cancelled`. Does nothing once the session has ended. */
  cancel(): void;
  /**
   * Resolves with the result in `done`; rejects with `IamSmartError` in `denied`, `expired`,
   * `cancelled` or `error`. A `refresh()` before that hands the promise on to the new attempt.
   */
  readonly done: Promise<Result>;
};

/** A QR login's state: in `done`, the validated user. */
export interface QrLoginSnapshot extends SessionSnapshot {
  user?: IamSmartUser;
}

/** A QR login: the RFC 8628 device flow shown as a QR code; its tokens are validated as in the redirect flow, and stored. */
export type QrLoginSession = Session<QrLoginSnapshot, IamSmartUser>;

/** What to sign: a document (hashed in the browser; it never leaves the page) or its SHA-256. */
export interface SignRequest {
  /** A `Blob`/`File`, `ArrayBuffer`, typed array or string (hashed as UTF-8). Give this or `hash`. */
  document?: Blob | BufferSource | string;
  /** The document's SHA-256, base64 (exactly 32 bytes), when the page hashed it itself. */
  hash?: string;
  /** The name the resident sees in the app and the result carries, e.g. `Tenancy agreement.pdf` (1–200 characters). */
  documentName: string;
  /** The language the page shows the session in. */
  lang?: IamSmartLang;
}

/** The document being signed, as the page and the app both show it. */
export interface SignDocument {
  name: string;
  /** SHA-256, base64. */
  hash: string;
  /** Bytes; undefined when only a hash was given. */
  size: number | undefined;
  /** The first 8 bytes of the hash in hex, in groups of four (`1A2B 3C4D 5E6F 7081`): the app shows the same. */
  fingerprint: string;
}

/** The signer's certificate, as read from the verified leaf. */
export interface SignerCertificateInfo {
  /** Distinguished name, e.g. `CN=CHAN Tai Man, O=…`. */
  subject: string;
  issuer: string;
  /** Hex. */
  serialNumber: string;
  /** ISO 8601. */
  notBefore: string;
  notAfter: string;
  /** SHA-256 of the certificate's DER, lowercase hex. */
  fingerprintSha256: string;
}

/** A signature the SDK has verified (hash, chain to a trust anchor, validity, key usage, RSA signature) before reporting it. */
export interface SignResult {
  /** RSASSA-PKCS1-v1_5 signature over the document's SHA-256, base64. */
  signature: string;
  /** PEM certificates, the signer's (leaf) first, then its issuers. */
  certificateChain: string[];
  /** `1.2.840.113549.1.1.11` (SHA256withRSA). */
  algorithm: string;
  /** The document's SHA-256, base64. */
  hash: string;
  documentName: string;
  /** When the signing service answered, ISO 8601. */
  signedAt: string;
  /** The signer's name from the leaf certificate (the resident's English name). */
  signer: string;
  certificate: SignerCertificateInfo;
}

/** A signing session's state: the document once hashed (during `starting`) and, in `done`, the verified signature. */
export interface SignSnapshot extends SessionSnapshot {
  document?: SignDocument;
  result?: SignResult;
}

/** A signing session: `refresh()` asks again for the same document without hashing it again. */
export type SignSession = Session<SignSnapshot, SignResult>;

/** What a form asks the resident to fill in. */
export interface EmeRequest {
  /** The e-ME fields the form needs (at least one; no repeats). */
  fields: EmeField[];
  /** Those of `fields` the resident may leave out in the app (the form does not require them). Default: none. */
  optionalFields?: EmeField[];
  /** The form's name as the resident sees it in the app, e.g. `Library card application` (1–200 characters). */
  formName: string;
  /** The form's number, if it has one, e.g. `HPL-001`. */
  formNum?: string;
  /** Why the data is asked for, shown in the app (up to 500 characters). */
  purpose?: string;
  lang?: IamSmartLang;
}

/** What came back: the consented data, and what did not. */
export interface EmeResult {
  data: EmeData;
  /** The fields in `data`. */
  filled: EmeField[];
  /** Requested but not returned: left out by the resident in the app, or not held by e-ME. */
  missing: EmeField[];
  /** Returned but malformed (dropped from `data`), with why. */
  invalid: { field: EmeField; reason: string }[];
}

/** An e-ME session's state: in `done`, the validated data. */
export interface EmeSnapshot extends SessionSnapshot {
  result?: EmeResult;
}

/** An e-ME form-filling session. */
export type EmeSession = Session<EmeSnapshot, EmeResult>;

export interface IamSmartEventMap {
  login: IamSmartUser;
  signed: SignResult;
  emeData: EmeResult;
  logout: undefined;
  error: IamSmartError;
}

export type Unsubscribe = () => void;

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
