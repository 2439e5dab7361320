// RSASSA-PKCS1-v1_5 verification of a signature over a given SHA-256 hash (RFC 8017 §8.2.2).
// WebCrypto's verify() hashes its input itself, and the SDK may hold only the hash (a precomputed
// hash, or a large file it does not keep), so this does the RSA public operation s^e mod n with
// BigInt and compares the result with the one encoding the standard allows (no ASN.1 parsing, so
// none of the lenient-parsing forgeries). Only public values are involved, so it need not be
// constant-time. Checked against Project Wycheproof's vectors (rsa-vectors.test.ts).

/** DER of DigestInfo { AlgorithmIdentifier sha256, NULL } up to the 32 hash bytes (RFC 8017 §9.2 note 1). */
const SHA256_DIGEST_INFO_PREFIX = [0x30, 0x31, 0x30, 0x0d, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x01, 0x05, 0x00, 0x04, 0x20];

export const bytesToHex = (bytes: Iterable<number>): string => Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join('');
const toBigInt = (bytes: Uint8Array): bigint => (bytes.length === 0 ? 0n : BigInt(`0x${bytesToHex(bytes)}`));

/**
 * True when `signature` is the RSASSA-PKCS1-v1_5 SHA-256 signature of `hash` under the public key
 * (`modulus`, `exponent`: unsigned big-endian bytes; leading zero bytes are allowed).
 */
export function rsaPkcs1Sha256VerifyHash(modulus: Uint8Array, exponent: Uint8Array, hash: Uint8Array, signature: Uint8Array): boolean {
  const n = toBigInt(modulus);
  const e = toBigInt(exponent);
  // k, the modulus length in bytes (RFC 8017 §8.2.2 step 1): the signature must be exactly k bytes.
  const k = Math.ceil(n.toString(16).length / 2);
  const s = toBigInt(signature);
  if (hash.length !== 32 || n === 0n || e === 0n || signature.length !== k || s >= n) return false;
  const encoded = modPow(s, e, n).toString(16).padStart(k * 2, '0');
  const padding = k - 3 - SHA256_DIGEST_INFO_PREFIX.length - hash.length;
  const expected = [0x00, 0x01, ...new Array<number>(Math.max(padding, 0)).fill(0xff), 0x00, ...SHA256_DIGEST_INFO_PREFIX, ...hash];
  return padding >= 8 && bytesToHex(expected) === encoded;
}

function modPow(base: bigint, exponent: bigint, modulus: bigint): bigint {
  let result = 1n;
  let b = base % modulus;
  for (let e = exponent; e > 0n; e >>= 1n) {
    if (e & 1n) result = (result * b) % modulus;
    b = (b * b) % modulus;
  }
  return result;
}
