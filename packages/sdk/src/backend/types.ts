import type { IamSmartLang } from '../config/types.js';

/** The resident as the website's backend reports it (`GET {backend}/session`'s `resident`). */
export interface IamSmartResident {
  /** iAM Smart's openID for this website: stable per resident and relying party, never the HKID. */
  openID: string;
  /** The English name, as iAM Smart gives it (e.g. `CHAN, Tai Man`), when the login asked for it. */
  enName?: string;
  /** The Chinese name, when the resident has one and the login asked for it. */
  chName?: string;
}

/** A backend-mode login: who is logged in, and until when. No token: those stay on the server. */
export interface IamSmartBackendUser {
  claims: IamSmartResident;
  /** When the website's session ends, in ms since the epoch. */
  expiresAt: number;
}

export interface IamSmartBackendConfig {
  /**
   * Where the website mounts `@iamsmart/server`: a path on this page's origin, e.g. `/iamsmart`
   * (or a same-origin absolute URL). Its session cookie is HttpOnly and same-origin, so another
   * origin is refused (`invalid_config`).
   */
  backend: string;
  /** Language of iAM Smart's pages (`lang` of `{backend}/login`). Default: the page's `lang`. */
  lang?: IamSmartLang;
  /** How long a request to the backend may take, in seconds. Default 10. */
  requestTimeoutSeconds?: number;
}

/** The configuration after validation and defaults. */
export interface ResolvedIamSmartBackendConfig {
  /** Absolute, same origin as the page, without a trailing slash. */
  readonly backend: string;
  readonly lang: IamSmartLang;
  readonly requestTimeoutSeconds: number;
}
