/**
 * The published security scheme (PLATFORM.md "Signed requests", "Keys and encryption"):
 * HMAC-SHA256 request signatures, AES-256-GCM content, content keys wrapped with RSA PKCS#1 v1.5.
 */
import { X509Certificate, constants, createCipheriv, createDecipheriv, createHmac, publicEncrypt, randomBytes } from 'node:crypto';
import { CONTENT_UNDECRYPTABLE, PlatformError } from './codes.js';

const IV_BYTES = 12;
const TAG_BYTES = 16;

/**
 * URLEncode(Base64(HMAC-SHA256(secret, clientID + signatureMethod + timestamp + nonce + body))).
 * @param {string} secret the client secret
 * @param {{ clientID: string, signatureMethod: string, timestamp: string | number, nonce: string, body: string }} request
 * @returns {string}
 */
export function signatureFor(secret, { clientID, signatureMethod, timestamp, nonce, body }) {
  const mac = createHmac('sha256', secret).update(`${clientID}${signatureMethod}${timestamp}${nonce}${body}`, 'utf8').digest('base64');
  return encodeURIComponent(mac);
}

/**
 * Base64(int32BE(12) ‖ IV ‖ ciphertext ‖ tag) under AES-256-GCM with a fresh random IV.
 * @param {Buffer} key 32 bytes
 * @param {string} text
 * @returns {string}
 */
export function encryptContent(key, text) {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  const ciphertext = Buffer.concat([cipher.update(text, 'utf8'), cipher.final()]);
  const length = Buffer.alloc(4);
  length.writeInt32BE(IV_BYTES);
  return Buffer.concat([length, iv, ciphertext, cipher.getAuthTag()]).toString('base64');
}

/**
 * The inverse of encryptContent. Every failure is the same D30004 with a short reason.
 * @param {Buffer} key 32 bytes
 * @param {string} content
 * @returns {string}
 */
export function decryptContent(key, content) {
  if (typeof content !== 'string' || !/^[A-Za-z0-9+/]*={0,2}$/.test(content) || content.length % 4 !== 0) {
    throw new PlatformError(CONTENT_UNDECRYPTABLE, 'content is not Base64');
  }
  const bytes = Buffer.from(content, 'base64');
  if (bytes.length < 4 || bytes.readInt32BE(0) !== IV_BYTES) {
    throw new PlatformError(CONTENT_UNDECRYPTABLE, `content must start with the IV length 12 (int32, big-endian)`);
  }
  if (bytes.length < 4 + IV_BYTES + TAG_BYTES) throw new PlatformError(CONTENT_UNDECRYPTABLE, 'content is too short');
  const iv = bytes.subarray(4, 4 + IV_BYTES);
  const tag = bytes.subarray(bytes.length - TAG_BYTES);
  const ciphertext = bytes.subarray(4 + IV_BYTES, bytes.length - TAG_BYTES);
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, iv, { authTagLength: TAG_BYTES });
    decipher.setAuthTag(tag);
    const plain = Buffer.concat([decipher.update(ciphertext), decipher.final()]);
    return new TextDecoder('utf-8', { fatal: true }).decode(plain);
  } catch (cause) {
    throw Object.assign(new PlatformError(CONTENT_UNDECRYPTABLE, 'content cannot be decrypted with the current content key (wrong key, or tampered)'), { cause });
  }
}

/**
 * Base64 of the RSA PKCS#1 v1.5 encryption of `key` to the certificate's public key (a
 * public-key operation, which Node 20 still allows).
 * @param {string} enciphermentCertificatePem
 * @param {Buffer} key
 * @returns {string}
 */
export function wrapKey(enciphermentCertificatePem, key) {
  const { publicKey } = new X509Certificate(enciphermentCertificatePem);
  return publicEncrypt({ key: publicKey, padding: constants.RSA_PKCS1_PADDING }, key).toString('base64');
}
