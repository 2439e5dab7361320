/**
 * The platform's cryptography (PLATFORM.md "Signed requests", "Keys and encryption"):
 * HMAC-SHA256 request signatures, AES-256-GCM content, and the RSA PKCS#1 v1.5 unwrap of content
 * keys with implicit rejection.
 */
import { constants, createCipheriv, createDecipheriv, createHash, createHmac, createPrivateKey, privateDecrypt, randomBytes, timingSafeEqual } from 'node:crypto';
import type { KeyObject } from 'node:crypto';
import { PlatformError } from '../errors.js';

export const SIGNATURE_METHOD = 'HmacSHA256';
const IV_LENGTH = 12;
const TAG_LENGTH = 16;
const KEY_LENGTH = 32;

/**
 * URLEncode(Base64(HMAC-SHA256(clientSecret, clientID + signatureMethod + timestamp + nonce + body))),
 * URL-encoded as Java's URLEncoder writes Base64 (`%2B`, `%2F`, `%3D`).
 */
export function signature(clientSecret: string, clientID: string, timestamp: string, nonce: string, body: string): string {
  const mac = createHmac('sha256', clientSecret).update(`${clientID}${SIGNATURE_METHOD}${timestamp}${nonce}${body}`, 'utf8').digest('base64');
  return encodeURIComponent(mac);
}

/** `Base64(int32BE(12) ‖ IV ‖ ciphertext ‖ tag)` under a 32-byte key; `iv` only for tests. */
export function encryptContent(key: Uint8Array, text: string, iv: Uint8Array = randomBytes(IV_LENGTH)): string {
  if (key.length !== KEY_LENGTH || iv.length !== IV_LENGTH) throw new RangeError('AES-256-GCM needs a 32-byte key and a 12-byte IV');
  const cipher = createCipheriv('aes-256-gcm', key, iv, { authTagLength: TAG_LENGTH });
  const body = Buffer.concat([cipher.update(text, 'utf8'), cipher.final()]);
  const head = Buffer.alloc(4);
  head.writeInt32BE(IV_LENGTH);
  return Buffer.concat([head, iv, body, cipher.getAuthTag()]).toString('base64');
}

/** The one failure every unreadable content (and every bad key unwrap) ends in. */
export function unreadableContent(txID?: string, cause?: unknown): PlatformError {
  return new PlatformError('platform_error', 'The platform\'s answer could not be decrypted.', { txID, cause });
}

/** Decrypts `content`; any malformation or a failing tag → the one uniform failure. */
export function decryptContent(key: Uint8Array, content: unknown, txID?: string): string {
  try {
    if (typeof content !== 'string' || !/^[A-Za-z0-9+/]*={0,2}$/.test(content)) throw new Error('not Base64');
    const bytes = Buffer.from(content, 'base64');
    if (bytes.length < 4 + IV_LENGTH + TAG_LENGTH || bytes.readInt32BE(0) !== IV_LENGTH) throw new Error('bad framing');
    const decipher = createDecipheriv('aes-256-gcm', key, bytes.subarray(4, 4 + IV_LENGTH), { authTagLength: TAG_LENGTH });
    decipher.setAuthTag(bytes.subarray(bytes.length - TAG_LENGTH));
    return Buffer.concat([decipher.update(bytes.subarray(4 + IV_LENGTH, bytes.length - TAG_LENGTH)), decipher.final()]).toString('utf8');
  } catch (cause) {
    throw unreadableContent(txID, cause);
  }
}

/**
 * Unwraps content keys wrapped with RSA PKCS#1 v1.5 to the relying party's encipherment key.
 *
 * Node 20 refuses PKCS#1 v1.5 private decryption (CVE-2023-46809), so the RSA operation is
 * OpenSSL's raw one (`RSA_NO_PADDING`: blinded, native, about 1 ms for RSA-2048 where a
 * JavaScript RSA took tens of milliseconds, which capped how many pushes an instance could open),
 * and the padding is checked here without branching on where it fails. Implicit rejection: when
 * the padding is wrong, or the message is not a 32-byte key, the result is a key derived from the
 * ciphertext and a secret of this unwrapper (HMAC-SHA256) instead of an error, so a bad wrap
 * surfaces later as the same "could not be decrypted" failure as a bad GCM tag, at the same
 * point, with the same message. JavaScript gives no constant-time guarantee for the padding
 * check: callers must unwrap only keys this backend asked for (getKey) or results of requests it
 * has pending.
 */
export class KeyUnwrapper {
  readonly #key: KeyObject;
  readonly #rejectionSecret: Buffer;
  readonly #modulusBytes: number;

  constructor(privateKeyPem: string) {
    const nodeKey = createPrivateKey(privateKeyPem);
    if (nodeKey.asymmetricKeyType !== 'rsa') throw new TypeError('the private key must be an RSA key');
    this.#key = nodeKey;
    this.#modulusBytes = Math.ceil((nodeKey.asymmetricKeyDetails?.modulusLength ?? 0) / 8);
    this.#rejectionSecret = createHash('sha256').update('iamsmart-server implicit rejection\0').update(nodeKey.export({ type: 'pkcs1', format: 'der' })).digest();
  }

  /** A 32-byte key: the wrapped one, or (on any failure) one derived from the ciphertext. */
  unwrap(wrappedBase64: unknown): Buffer {
    const wrapped = typeof wrappedBase64 === 'string' ? Buffer.from(wrappedBase64, 'base64') : Buffer.alloc(0);
    const synthetic = createHmac('sha256', this.#rejectionSecret).update(wrapped).digest();
    if (wrapped.length !== this.#modulusBytes) return synthetic;
    let em: Buffer;
    try {
      em = privateDecrypt({ key: this.#key, padding: constants.RSA_NO_PADDING }, wrapped);
    } catch {
      return synthetic;
    }
    if (em.length !== this.#modulusBytes) return synthetic;
    // EM = 0x00 ‖ 0x02 ‖ PS (≥ 8 non-zero bytes) ‖ 0x00 ‖ M, checked without early exits.
    let bad = byteAt(em, 0) | (byteAt(em, 1) ^ 0x02);
    let separator = 0;
    let found = 0;
    for (let i = 2; i < em.length; i += 1) {
      const isZero = ((byteAt(em, i) - 1) >> 8) & 1; // 1 when the byte is 0
      const first = isZero & (found ^ 1);
      separator |= first * i;
      found |= isZero;
    }
    bad |= found ^ 1;
    bad |= separator < 10 ? 1 : 0; // fewer than 8 bytes of padding
    const messageLength = em.length - separator - 1;
    bad |= messageLength === KEY_LENGTH ? 0 : 1;
    const message = Buffer.alloc(KEY_LENGTH);
    em.copy(message, 0, Math.max(0, em.length - KEY_LENGTH));
    const out = Buffer.alloc(KEY_LENGTH);
    const mask = -bad & 0xff; // 0xff when bad
    for (let i = 0; i < KEY_LENGTH; i += 1) out[i] = (byteAt(message, i) & ~mask) | (byteAt(synthetic, i) & mask);
    return out;
  }
}

function byteAt(bytes: Buffer, index: number): number {
  return bytes[index] ?? 0;
}

/** Constant-time comparison of two strings' SHA-256 digests. */
export function sameSecret(a: string, b: string): boolean {
  return timingSafeEqual(createHash('sha256').update(a).digest(), createHash('sha256').update(b).digest());
}
