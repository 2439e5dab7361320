/**
 * A pushed (or read) signing result checked with the SDK's own `verifySignatureResult`
 * (packages/sdk/src/sign/verify.ts, bundled by esbuild; WebCrypto in Node): the hash is the
 * request's, the certificate path leads to a configured trust anchor under the browser's rules,
 * the signature verifies, and the certificate's pseudonym is the approving resident's openID.
 */
import { createHash } from 'node:crypto';
import { SHA256_WITH_RSA, verifySignatureResult } from '../../../sdk/src/sign/verify.js';
import { IamSmartServerError } from '../errors.js';
import type { SignResult } from './types.js';

/** Base64 DER → PEM. */
export function pemOf(derBase64: string): string {
  const lines = derBase64.match(/.{1,64}/g) ?? [];
  return `-----BEGIN CERTIFICATE-----\n${lines.join('\n')}\n-----END CERTIFICATE-----\n`;
}

/**
 * The verified SignResult, or IamSmartServerError `signature_invalid` (hash, path, signature) or
 * `signer_mismatch` (the certificate names another resident). Messages carry no personal data.
 */
export async function verifiedSignature(
  content: Record<string, unknown>,
  { hash, documentName, openID, trustAnchorsPem, now }: { hash: string, documentName: string, openID: string, trustAnchorsPem: string[], now: number },
): Promise<SignResult> {
  const { hashCode, signature, cert, timestamp } = content;
  if (typeof hashCode !== 'string' || typeof signature !== 'string' || typeof cert !== 'string' || !/^[A-Za-z0-9+/]+={0,2}$/.test(cert)) {
    throw new IamSmartServerError('signature_invalid', 'The signing result lacks hashCode, signature or cert.');
  }
  if (hashCode !== hash) throw new IamSmartServerError('signature_invalid', 'The signed hash is not the request\'s.');
  const certificateChain = [pemOf(cert)];
  let verified;
  try {
    verified = await verifySignatureResult(
      { algorithm: SHA256_WITH_RSA, hash: hashCode, signature, certificateChain },
      { documentHash: hash, trustAnchorsPem, signerSub: openID, now: new Date(now) },
    );
  } catch (error) {
    const message = error instanceof Error ? error.message : '';
    // verify.ts names the failed check first: "(resident)" is the certificate of someone else.
    if (message.startsWith('Signature check failed (resident)')) throw new IamSmartServerError('signer_mismatch', 'The signer certificate names another resident than the one who approved.');
    const check = /^Signature check failed \(([^)]+)\)/.exec(message)?.[1] ?? 'unknown';
    throw new IamSmartServerError('signature_invalid', `The signature did not verify (${check}).`);
  }
  const signedAt = Number(timestamp);
  return {
    signature, certificateChain, algorithm: SHA256_WITH_RSA, hash, documentName,
    signedAt: new Date(Number.isFinite(signedAt) && signedAt > 0 ? signedAt : now).toISOString(),
    signer: verified.signer, ...(verified.sub === undefined ? {} : { sub: verified.sub }), certificate: verified.certificate,
  };
}

/** HKICHash for an HKID such as `A123456(3)`, `A1234563` or `A123456`: Base64(SHA-256("A123456")); undefined if it is no HKID. */
export function hkicHashOf(hkid: string): string | undefined {
  const match = /^([A-Z]{1,2}[0-9]{6})(?:\(?([0-9A])\)?)?$/.exec(hkid.trim().toUpperCase().replace(/\s+/g, ''));
  if (!match?.[1]) return undefined;
  return createHash('sha256').update(match[1]).digest('base64');
}

/** A SHA-256 in canonical Base64 (32 bytes). */
export function isSha256Base64(value: unknown): value is string {
  if (typeof value !== 'string' || !/^[A-Za-z0-9+/]{43}=$/.test(value)) return false;
  return Buffer.from(value, 'base64').toString('base64') === value;
}
