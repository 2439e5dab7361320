import type { PersonName } from '@iamsmart/protocol';
import type { IamSmartLang } from '../config/types.js';
import type { Session, SessionSnapshot } from '../session/types.js';

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

/** What a QR login asks for. */
export interface QrLoginRequest {
  /** Space-separated scopes; `openid` is always included. Default: the client's `scope`. */
  scope?: string;
  /** RFC 9396 authorization details (signing, e-ME), sent as JSON. */
  authorizationDetails?: unknown[];
  /** The language the page shows the session in; kept for the elements (RFC 8628 has no `ui_locales`). */
  lang?: IamSmartLang;
}

/** A QR login's state: in `done`, the validated user. */
export interface QrLoginSnapshot extends SessionSnapshot {
  user?: IamSmartUser;
}

/** A QR login: the RFC 8628 device flow shown as a QR code; its tokens are validated as in the redirect flow, and stored. */
export type QrLoginSession = Session<QrLoginSnapshot, IamSmartUser>;
