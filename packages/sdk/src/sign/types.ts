import type { IamSmartLang } from '../config/types.js';
import type { Session, SessionSnapshot } from '../session/types.js';

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

/** A signature the SDK has verified (hash, chain to a trust anchor under RFC 5280 constraints, validity, key usage, RSA signature, the approving resident) before reporting it. */
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
  /** The resident who approved and whom the certificate names: their pairwise `sub` at this client (compare it with a login's `sub`). */
  sub?: string;
  certificate: SignerCertificateInfo;
}

/** A signing session's state: the document once hashed (during `starting`) and, in `done`, the verified signature. */
export interface SignSnapshot extends SessionSnapshot {
  document?: SignDocument;
  result?: SignResult;
}

/** A signing session: `refresh()` asks again for the same document without hashing it again. */
export type SignSession = Session<SignSnapshot, SignResult>;

/**
 * A signature as the website's backend reports it (backend mode, decision 037): the server
 * verified it (hash, certificate path, the approving resident) before the page heard of it, and
 * the page does not verify it again. `signature` and `certificateChain` only when the server gives
 * them to the page (`signatureToPage`). A `SignResult` is one too.
 */
export interface BackendSignResult {
  /** The document's SHA-256, base64 (the page's own hash: checked equal). */
  hash: string;
  documentName: string;
  /** ISO 8601. */
  signedAt: string;
  /** The signer's name from the certificate (the resident's English name). */
  signer: string;
  certificate: SignerCertificateInfo;
  /** RSASSA-PKCS1-v1_5 signature over the hash, base64; only when the server passes it on. */
  signature?: string;
  /** PEM certificates, the signer's first; only when the server passes them on. */
  certificateChain?: string[];
}

/** A backend-mode signing session's state: as `SignSnapshot`, with the server's result. */
export interface BackendSignSnapshot extends SessionSnapshot {
  document?: SignDocument;
  result?: BackendSignResult;
}

/** A backend-mode signing session (`createBackendClient().startSigning()`). */
export type BackendSignSession = Session<BackendSignSnapshot, BackendSignResult>;

// The signing core's own types (`@iamsmart/sdk/sign`).

/** What can be hashed and signed: bytes, a file, or text (hashed as UTF-8). */
export type SignableDocument = Blob | BufferSource | string;

export interface HashDocumentOptions {
  /** Largest document accepted, in bytes. Default 100 MiB. */
  maxBytes?: number;
}

export interface DocumentHash {
  /** SHA-256 of the document, base64. */
  hash: string;
  /** The document's size in bytes. */
  size: number;
}

/** What the signing service returns for one document (CSC `signHash`, SHA256withRSA). */
export interface SignatureResultInput {
  /** RSASSA-PKCS1-v1_5 signature, base64. */
  signature: string;
  /** PEM certificates, the signer's (leaf) first, then its issuers. */
  certificateChain: string[];
  /** Signature algorithm OID; only `1.2.840.113549.1.1.11` (SHA256withRSA) is accepted. */
  algorithm: string;
  /** The SHA-256 hash that was signed, base64. */
  hash: string;
}

export interface VerifySignatureOptions {
  /** PEM certificates of the roots the chain must end at (e.g. the sandbox CA). */
  trustAnchorsPem: string[];
  /** The base64 SHA-256 of the document the page asked to sign. */
  documentHash: string;
  /** When the certificates must be valid. Default: now. */
  now?: Date;
  /**
   * The `sub` of the resident who approved (the signing session's ID token; pairwise, per client):
   * the signer certificate's subject must carry it as its one pseudonym (2.5.4.65), or the
   * signature is someone else's. `startSigning` always passes it.
   */
  signerSub?: string;
}

export interface VerifiedSignature {
  /** The leaf certificate's subject common name: the resident's English name. */
  signer: string;
  /** The leaf's subject pseudonym (2.5.4.65), when it has exactly one: the resident's pairwise `sub` at this client, as in an ID token. */
  sub?: string;
  certificate: SignerCertificateInfo;
}
