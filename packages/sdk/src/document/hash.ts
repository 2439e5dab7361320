// Hashing a document for signing, WebCrypto only: shared by the OpenID Connect signing flow and
// the backend one, so it lives outside sign/ (which a backend-mode page must never load).
import { IamSmartError } from '../errors.js';
import type { DocumentHash, HashDocumentOptions, SignableDocument } from '../sign/types.js';

/** The documented limit: larger documents are refused before any byte is read. */
export const DEFAULT_MAX_DOCUMENT_BYTES = 100 * 1024 * 1024;

export function bytesToBase64(bytes: Uint8Array): string {
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary);
}

/** Strict base64 (standard alphabet, padded) to bytes; `null` when it is not base64. */
export function base64ToBytes(value: string): Uint8Array | null {
  if (!/^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/.test(value)) return null;
  return Uint8Array.from(atob(value), (char) => char.charCodeAt(0));
}

/**
 * SHA-256 (WebCrypto) of a document, base64. Refuses an empty document and one over `maxBytes`
 * (checked on `size` / `byteLength` first, so an oversized file is never read).
 */
export async function hashDocument(document: SignableDocument, { maxBytes = DEFAULT_MAX_DOCUMENT_BYTES }: HashDocumentOptions = {}): Promise<DocumentHash> {
  let data: Blob | BufferSource;
  if (typeof document === 'string') data = new TextEncoder().encode(document);
  else if (document instanceof Blob || document instanceof ArrayBuffer || ArrayBuffer.isView(document)) data = document;
  else throw new IamSmartError('document_invalid', 'The document must be a Blob, an ArrayBuffer, a typed array or a string.');
  const size = data instanceof Blob ? data.size : data.byteLength;
  if (size === 0) throw new IamSmartError('document_invalid', 'The document is empty.');
  if (size > maxBytes) throw new IamSmartError('document_invalid', `The document is ${size} bytes, over the limit of ${maxBytes} bytes.`);
  const digest = await crypto.subtle.digest('SHA-256', data instanceof Blob ? await data.arrayBuffer() : data);
  return { hash: bytesToBase64(new Uint8Array(digest)), size };
}

/** Checks a precomputed SHA-256 hash: base64 of exactly 32 bytes. Returns it unchanged. */
export function normalizeHash(hash: string): string {
  const bytes = typeof hash === 'string' ? base64ToBytes(hash) : null;
  if (bytes?.length !== 32) throw new IamSmartError('document_invalid', 'The hash must be a base64 SHA-256 value of exactly 32 bytes.');
  return hash;
}

/**
 * The first 8 bytes of a base64 SHA-256 hash as uppercase hex in groups of four
 * (`1A2B 3C4D 5E6F 7081`): what the page and the iAM Smart app both show, so the resident can
 * check they are signing the same document (the whole hash is too long to compare by eye).
 */
export function hashFingerprint(hash: string): string {
  const first8 = atob(normalizeHash(hash)).slice(0, 8);
  const hex = Array.from(first8, (char) => char.charCodeAt(0).toString(16).padStart(2, '0')).join('').toUpperCase();
  return hex.match(/.{4}/g)?.join(' ') ?? '';
}
