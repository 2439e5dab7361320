import { IamSmartError } from '../errors.js';
import { base64ToBytes } from './hash.js';
import type { SignatureResultInput, VerifiedSignature, VerifySignatureOptions } from './types.js';
import { loadX509 } from './x509.js';
import { checkPath, PSEUDONYM } from './path.js';
import { bytesToHex, rsaPkcs1Sha256VerifyHash } from './rsa.js';
import type { Certificate } from './path.js';

/** SHA256withRSA (RSASSA-PKCS1-v1_5 with SHA-256), the one algorithm the signing service uses. */
export const SHA256_WITH_RSA = '1.2.840.113549.1.1.11';

type X509 = Awaited<ReturnType<typeof loadX509>>;

function fail(check: string, detail: string, cause?: unknown): never {
  throw new IamSmartError('signature_invalid', `Signature check failed (${check}): ${detail}`, cause === undefined ? undefined : { cause });
}

/**
 * Verifies a signing result before the page may treat it as a success: the signed hash is the
 * document's, the chain leads from the leaf to one of the trust anchors (each certificate signed
 * by the next, all valid at `now`, issuers are CAs, and the RFC 5280 constraints in path.ts hold:
 * path length, name constraints, critical extensions, the leaf is no CA and may sign documents),
 * the signature over the hash verifies with the leaf's RSA key, and, given `signerSub`, the leaf
 * names that resident. Any failure is `signature_invalid` naming the check.
 */
export async function verifySignatureResult(result: SignatureResultInput, options: VerifySignatureOptions): Promise<VerifiedSignature> {
  const now = options.now ?? new Date();
  if (result.algorithm !== SHA256_WITH_RSA) fail('algorithm', `${result.algorithm} is not SHA256withRSA (${SHA256_WITH_RSA}).`);
  if (result.hash !== options.documentHash) fail('hash', 'the signed hash is not the hash of this document.');
  const hash = base64ToBytes(result.hash);
  if (hash?.length !== 32) fail('hash', 'the signed hash is not a base64 SHA-256 value.');
  const signature = base64ToBytes(result.signature);
  if (!signature) fail('signature', 'the signature is not base64.');
  if (!Array.isArray(result.certificateChain)) fail('certificate chain', 'not an array of PEM certificates.');

  const x509 = await loadX509();
  const parse = (pem: string, what: string): Certificate => {
    try {
      return new x509.X509Certificate(pem);
    } catch (error) {
      return fail('certificate chain', `${what} is not a PEM certificate.`, error);
    }
  };
  const chain = result.certificateChain.map((pem, index) => parse(pem, `certificate ${index + 1}`));
  const anchors = options.trustAnchorsPem.map((pem, index) => parse(pem, `trust anchor ${index + 1}`));
  const [leaf] = chain;
  if (!leaf) fail('certificate chain', 'no certificates.');

  // Path: each certificate issued by the next one; the last one is an anchor or issued by one.
  const path = [...chain];
  const last = path.at(-1) ?? leaf;
  if (!anchors.some((anchor) => anchor.equal(last))) {
    const anchor = await findIssuer(last, anchors);
    if (!anchor) fail('trust anchor', `"${last.subject}" is not issued by a trusted CA.`);
    path.push(anchor);
  }
  let subject = leaf;
  for (const issuer of path.slice(1)) {
    if (subject.issuer !== issuer.subject || !(await signedBy(subject, issuer))) fail('certificate signature', `"${subject.subject}" is not signed by "${issuer.subject}".`);
    if (!isCa(x509, issuer)) fail('basic constraints', `issuer "${issuer.subject}" is not a CA.`);
    subject = issuer;
  }
  for (const certificate of path) {
    if (now < certificate.notBefore || now > certificate.notAfter) fail('validity', `"${certificate.subject}" is not valid at ${now.toISOString()}.`);
  }
  await checkPath(x509, path, anchors, fail);

  if (!(await rsaVerifyHash(leaf, hash, signature))) fail('signature', 'the signature does not verify with the signer certificate.');

  // The resident the certificate names (decision 028): one pseudonym, the approval's pairwise `sub`.
  const pseudonyms = leaf.subjectName.getField(PSEUDONYM);
  const sub = pseudonyms.length === 1 ? pseudonyms[0] : undefined;
  if (options.signerSub !== undefined && sub !== options.signerSub) {
    fail('resident', sub === undefined
      ? `the signer certificate does not name one resident (a pseudonym, ${PSEUDONYM}), so it cannot be tied to the resident who approved.`
      : `the signer certificate is for another resident (pseudonym "${sub}") than the one who approved (sub "${options.signerSub}").`);
  }

  const fingerprint = new Uint8Array(await leaf.getThumbprint('SHA-256'));
  return {
    signer: leaf.subjectName.getField('CN')[0] ?? leaf.subject,
    ...(sub === undefined ? {} : { sub }),
    certificate: {
      subject: leaf.subject,
      issuer: leaf.issuer,
      serialNumber: leaf.serialNumber,
      notBefore: leaf.notBefore.toISOString(),
      notAfter: leaf.notAfter.toISOString(),
      fingerprintSha256: bytesToHex(fingerprint),
    },
  };
}

async function signedBy(subject: Certificate, issuer: Certificate): Promise<boolean> {
  try {
    return await subject.verify({ publicKey: issuer.publicKey, signatureOnly: true });
  } catch {
    return false; // an issuer key of another type or a malformed signature: not signed by it
  }
}

async function findIssuer(certificate: Certificate, anchors: Certificate[]): Promise<Certificate | undefined> {
  for (const anchor of anchors) {
    if (anchor.subject === certificate.issuer && (await signedBy(certificate, anchor))) return anchor;
  }
  return undefined;
}

function isCa(x509: X509, certificate: Certificate): boolean {
  const constraints = certificate.getExtension(x509.BasicConstraintsExtension);
  const usage = certificate.getExtension(x509.KeyUsagesExtension);
  // keyUsage is optional on a CA, but when present it must allow signing certificates (RFC 5280 §4.2.1.3).
  return constraints?.ca === true && (!usage || (usage.usages & x509.KeyUsageFlags.keyCertSign) !== 0);
}

/** The leaf's RSA public key, then rsa.ts's verification over the hash. */
async function rsaVerifyHash(leaf: Certificate, hash: Uint8Array, signature: Uint8Array): Promise<boolean> {
  let jwk: JsonWebKey;
  try {
    const key = await leaf.publicKey.export({ name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' }, ['verify']);
    jwk = await crypto.subtle.exportKey('jwk', key);
  } catch (error) {
    return fail('signature', 'the signer certificate does not hold an RSA key.', error);
  }
  return rsaPkcs1Sha256VerifyHash(base64UrlToBytes(jwk.n ?? ''), base64UrlToBytes(jwk.e ?? ''), hash, signature);
}

function base64UrlToBytes(value: string): Uint8Array {
  const base64 = value.replace(/-/g, '+').replace(/_/g, '/');
  return base64ToBytes(base64.padEnd(Math.ceil(base64.length / 4) * 4, '=')) ?? new Uint8Array();
}
