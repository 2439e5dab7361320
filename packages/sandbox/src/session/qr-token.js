/**
 * The rotating QR payload (in the manner of Swedish BankID's animated QR): the browser shows
 * `{qr_uri}?s={start token}&t={seconds since the response}&h={HMAC}` and the HMAC key, the start
 * secret, never leaves the browser. A photo of the screen is therefore only good for a few seconds.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

const TOKEN = /^[\w-]{43}$/;
const DIGITS = /^\d{1,9}$/;

/** A fresh start token (public, in the QR) and start secret (kept by the browser). */
export function newQrStart() {
  return { token: randomBytes(32).toString('base64url'), secret: randomBytes(32).toString('base64url') };
}

/**
 * base64url(HMAC-SHA256(key = UTF-8 of the secret, message = `${token}.${t}`)), as the browser computes it.
 * @param {string} secret
 * @param {string} token
 * @param {number} t
 */
export function qrHash(secret, token, t) {
  return createHmac('sha256', Buffer.from(secret, 'utf8')).update(`${token}.${t}`).digest('base64url');
}

/**
 * The payload's parts, or undefined when it cannot be one this sandbox made.
 * @param {{ s?: unknown, t?: unknown, h?: unknown }} payload
 * @returns {{ token: string, t: number, h: Buffer } | undefined}
 */
export function parseQrPayload({ s, t, h }) {
  const time = typeof t === 'number' ? String(t) : t;
  if (typeof s !== 'string' || !TOKEN.test(s)) return undefined;
  if (typeof time !== 'string' || !DIGITS.test(time)) return undefined;
  if (typeof h !== 'string' || !TOKEN.test(h)) return undefined;
  return { token: s, t: Number(time), h: Buffer.from(h, 'base64url') };
}

/**
 * Whether `h` is the HMAC of this start token and `t` (constant-time comparison).
 * @param {string} secret
 * @param {string} token
 * @param {number} t
 * @param {Buffer} h
 */
export function verifyQrHash(secret, token, t, h) {
  const expected = Buffer.from(qrHash(secret, token, t), 'base64url');
  return h.length === expected.length && timingSafeEqual(h, expected);
}
