// `@iamsmart/sdk/sign`: hashing a document and verifying a signature result against the
// sandbox's (or iAM Smart's) CA. A subpath of its own so the login path never carries the
// certificate code; inside, @peculiar/x509 is loaded only when it is needed.
export { hashDocument, hashFingerprint, normalizeHash } from './hash.js';
export { verifySignatureResult } from './verify.js';
export type { DocumentHash, HashDocumentOptions, SignableDocument, SignatureResultInput, SignerCertificateInfo, VerifiedSignature, VerifySignatureOptions } from './types.js';
