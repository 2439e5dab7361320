import type { SignerCertificateInfo } from '../types.js';

export type { SignerCertificateInfo } from '../types.js';

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
}

export interface VerifiedSignature {
  /** The leaf certificate's subject common name: the resident's English name. */
  signer: string;
  certificate: SignerCertificateInfo;
}
