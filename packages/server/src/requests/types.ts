/**
 * The vocabulary of decision 037: a request (e-ME, signing or notification consent, one `flow`), its `view` (what the
 * page may see), its `state`, its `result`. Self-contained (no SDK types) so that the published
 * declarations need nothing else.
 */
import type { SessionInfo } from '../server.js';
import type { ServerErrorCode } from '../errors.js';

/** `notify`: consent to a site's notification topics (decision 059). */
export type RequestFlow = 'eme' | 'sign' | 'notify';
export type RequestState = 'awaiting-app' | 'hosted' | 'done' | 'denied' | 'expired' | 'cancelled' | 'error';
export type PageLang = 'en' | 'zh-HK' | 'zh-CN';

/** e-ME data in the kit's shapes (`@iamsmart/protocol` EmeData): e.g. `enName: { lastName, firstName }`. */
export type EmeData = Record<string, unknown>;

/** A verified e-ME result: only fields asked for; `missing` asked but not given; `invalid` given but malformed (dropped). */
export interface EmeResult {
  data: EmeData;
  filled: string[];
  missing: string[];
  invalid: { field: string, reason: string }[];
}

export interface SignerCertificateInfo {
  subject: string;
  issuer: string;
  serialNumber: string;
  notBefore: string;
  notAfter: string;
  fingerprintSha256: string;
}

/** A verified signature (the SDK's SignResult): the hash, the signature, the chain, the signer. */
export interface SignResult {
  signature: string;
  /** PEM, the signer's certificate first. */
  certificateChain: string[];
  algorithm: string;
  hash: string;
  documentName: string;
  signedAt: string;
  signer: string;
  /** The resident the certificate names (its pseudonym): the openID at this client. */
  sub?: string;
  certificate: SignerCertificateInfo;
}

/** What the page gets for signing unless a hook says otherwise. */
export interface PageSignResult {
  hash: string;
  documentName: string;
  signedAt: string;
  signer: string;
  certificate: SignerCertificateInfo;
  signature?: string;
  certificateChain?: string[];
}

export interface RequestView {
  id: string;
  flow: RequestFlow;
  anonymous: boolean;
  state: RequestState;
  seq: number;
  expiresAt: number;
  identificationCode?: string;
  hostedUrl?: string;
  result?: unknown;
  error?: { code: ServerErrorCode, message: string };
}

/** What a hook learns about the request besides the result. */
export interface RequestContext {
  /** The request's id (the page's capability: do not log it). */
  id: string;
  flow: RequestFlow;
  anonymous: boolean;
  /** The session that asked (undefined when anonymous). */
  session: SessionInfo | undefined;
  /** The approving resident's openID at this client. */
  openID: string;
  lang: PageLang;
  /** e-ME: the form; signing: the document. */
  formName?: string;
  documentName?: string;
  hash?: string;
}

/** What `hkidOf` is told about the request it is asked for. */
export interface HkidRequest {
  flow: 'sign';
  hash: string;
  documentName: string;
}

export interface RequestHooks {
  /**
   * The verified e-ME result (the kit's shapes). What it returns (a JSON object) is what the page
   * gets instead of the result; undefined: the result itself. A throw ends the request `error`
   * `backend_unavailable` and the page gets nothing.
   */
  onEme?: (result: EmeResult, context: RequestContext) => unknown;
  /** The verified signature (with signature and chain), as `onEme`. */
  onSigned?: (result: SignResult, context: RequestContext) => unknown;
  /**
   * The logged-in resident's HKID (`A123456(3)`, `A1234563` or `A123456`), or undefined; sent as
   * HKICHash = Base64(SHA-256(HKID without its check digit)), so the platform signs only for them.
   */
  hkidOf?: (session: SessionInfo, request: HkidRequest) => string | undefined | Promise<string | undefined>;
}
