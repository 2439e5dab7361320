/**
 * The `credential` authorization details type (Cloud Signature Consortium API v2, §8.3 with RAR,
 * RFC 9396): what a site asks the resident to sign. Validated at the device authorization
 * request, resolved to the approving resident's credential at approval.
 */
import { errors } from 'oidc-provider';
import { credentialIdFor } from './ca.js';

export const SHA256_OID = '2.16.840.1.101.3.4.2.1';
export const SHA256_WITH_RSA_OID = '1.2.840.113549.1.1.11';
/** In a request: "the signing credential of whichever resident approves". */
export const DEFAULT_CREDENTIAL = 'default';
const MAX_DIGESTS = 20;
const MAX_LABEL_LENGTH = 200;

/**
 * The bytes of a base64 (or base64url) string, or undefined when it is not one.
 * @param {unknown} value
 */
export function decodeBase64(value) {
  if (typeof value !== 'string' || !/^[A-Za-z0-9+/_-]*={0,2}$/.test(value)) return undefined;
  const bytes = Buffer.from(value, 'base64');
  const unpadded = value.replace(/=+$/, '');
  // Buffer.from ignores stray bits; only a string that round-trips is accepted.
  const roundTrip = bytes.toString(/[-_]/.test(value) ? 'base64url' : 'base64').replace(/=+$/, '');
  return roundTrip === unpadded ? bytes : undefined;
}

/**
 * oidc-provider's `richAuthorizationRequests.types.credential.validate`.
 * @param {(credentialID: string) => boolean} knownCredential
 */
export function credentialDetailValidator(knownCredential) {
  /** @param {string} message */
  const fail = (message) => { throw new errors.InvalidAuthorizationDetails(message); };
  /**
   * @param {unknown} _ctx
   * @param {Record<string, any>} detail
   */
  return function validate(_ctx, detail) {
    const { credentialID, documentDigests, hashAlgorithmOID } = detail;
    if (typeof credentialID !== 'string' || (credentialID !== DEFAULT_CREDENTIAL && !knownCredential(credentialID))) {
      fail(`credentialID must be "${DEFAULT_CREDENTIAL}" or a sandbox resident's credential`);
    }
    if (hashAlgorithmOID !== SHA256_OID) fail(`hashAlgorithmOID must be ${SHA256_OID} (SHA-256)`);
    if (!Array.isArray(documentDigests) || documentDigests.length === 0 || documentDigests.length > MAX_DIGESTS) {
      fail(`documentDigests must list 1 to ${MAX_DIGESTS} documents`);
    }
    const seen = new Set();
    for (const digest of documentDigests) {
      const bytes = decodeBase64(digest?.hash);
      if (bytes?.length !== 32) fail('each documentDigests hash must be a base64 SHA-256 hash (32 bytes)');
      const hex = /** @type {Buffer} */ (bytes).toString('hex');
      if (seen.has(hex)) fail('documentDigests lists the same hash twice');
      seen.add(hex);
      if (digest.label !== undefined && (typeof digest.label !== 'string' || digest.label.length > MAX_LABEL_LENGTH)) {
        fail(`a documentDigests label must be a string of at most ${MAX_LABEL_LENGTH} characters`);
      }
    }
  };
}

/**
 * The details a grant records when `residentId` approves: `"default"` becomes the resident's own
 * credential; other types pass unchanged.
 * @param {import('oidc-provider').AuthorizationDetail[]} details as requested (already validated)
 * @param {string} residentId
 * @returns {import('oidc-provider').AuthorizationDetail[]}
 */
export function resolveAuthorizationDetails(details, residentId) {
  return details.map((detail) => {
    const copy = structuredClone(detail);
    if (copy.type === 'credential' && copy.credentialID === DEFAULT_CREDENTIAL) copy.credentialID = credentialIdFor(residentId);
    return copy;
  });
}

/**
 * What the phone shows for a document to sign: its label and a short fingerprint of its hash
 * (the first 8 bytes, hex in groups of 4, e.g. `3F2A 9C01 77B4 E0D2`) that the resident compares
 * with the one on the website, as the whole hash is too long to check by eye.
 * @param {unknown[]} details a session's requested authorization details (validated)
 * @returns {{ label?: string, fingerprint: string }[]} empty when nothing is to be signed
 */
export function documentsToSign(details) {
  return details.flatMap((detail) => {
    const { type, documentDigests } = /** @type {Record<string, any>} */ (detail);
    if (type !== 'credential' || !Array.isArray(documentDigests)) return [];
    return documentDigests.map(({ hash, label }) => ({
      label: typeof label === 'string' ? label : undefined,
      fingerprint: (decodeBase64(hash)?.subarray(0, 8).toString('hex').toUpperCase().match(/.{4}/g) ?? []).join(' '),
    }));
  });
}
