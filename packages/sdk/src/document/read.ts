// Reading a signing request's document (checked, hashed once) for both signing flows: the OpenID
// Connect one (sign/flow.ts) and the backend one. Outside sign/: a backend-mode page loads this.
import { IamSmartError } from '../errors.js';
import type { SignDocument, SignRequest, SignableDocument } from '../sign/types.js';
import { hashDocument, hashFingerprint, normalizeHash } from './hash.js';

export const MAX_DOCUMENT_NAME_LENGTH = 200;

function invalidDocument(message: string): never {
  throw new IamSmartError('document_invalid', message);
}

/** The document's name as the resident will see it: a string of 1 to 200 characters after trimming. */
function documentName(request: SignRequest): string {
  const { documentName: name } = request as { documentName?: unknown };
  const trimmed = typeof name === 'string' ? name.trim() : '';
  if (trimmed === '' || trimmed.length > MAX_DOCUMENT_NAME_LENGTH) {
    invalidDocument(`\`documentName\` must be the name the resident sees, 1 to ${MAX_DOCUMENT_NAME_LENGTH} characters; got ${typeof name === 'string' ? `${trimmed.length} characters` : typeof name}.`);
  }
  return trimmed;
}

/**
 * Checks a signing request as the page gave it (types are not trusted) and hashes its document.
 * `beforeHashing` runs once the input is known to be well-formed and before any byte is read (the
 * OpenID Connect flow refuses there when it has no trust anchors).
 */
export async function readSignDocument(request: SignRequest, beforeHashing?: () => void): Promise<SignDocument> {
  const raw: unknown = request;
  if (typeof raw !== 'object' || raw === null) invalidDocument('startSigning needs { document or hash, documentName }.');
  const name = documentName(request);
  const { document, hash } = request;
  if (document !== undefined && hash !== undefined) invalidDocument('Give either the document or its hash, not both.');
  const source: { document: SignableDocument } | { hash: string } | undefined = document !== undefined ? { document } : hash !== undefined ? { hash } : undefined;
  if (!source) invalidDocument('Give the document to sign (`document`) or its SHA-256 (`hash`).');
  beforeHashing?.();
  const { hash: digest, size } = 'document' in source ? await hashDocument(source.document) : { hash: normalizeHash(source.hash), size: undefined };
  return { name, hash: digest, size, fingerprint: hashFingerprint(digest) };
}
