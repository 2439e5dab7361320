/**
 * Content keys per client (PLATFORM.md "Keys and encryption"): one current key per client, live
 * until issueAt + expiresIn or revokeKey, plus a few retired ones so a request under an expired or
 * revoked key is told so (D30002/D30003) instead of "cannot decrypt" (D30004). In memory: a
 * restart means every client calls getKey again, as after an expiry.
 */
import { randomBytes } from 'node:crypto';
import { GET_KEY_REUSES_LIVE_KEY, KEY_LIFETIME_MS, RETIRED_KEYS_KEPT } from './choices.js';
import { CONTENT_UNDECRYPTABLE, KEY_EXPIRED, KEY_MISSING, KEY_REVOKED, PlatformError } from './codes.js';
import { decryptContent } from './scheme.js';

/** @typedef {{ key: Buffer, issueAt: number, expiresIn: number, revokedAt?: number }} ContentKey */

/**
 * @param {{ now: () => number, lifetimeMs?: number }} options
 */
export function createKeyStore({ now, lifetimeMs = KEY_LIFETIME_MS }) {
  /** @type {Map<string, ContentKey>} */
  const current = new Map();
  /** @type {Map<string, ContentKey[]>} */
  const retired = new Map();

  /** @param {ContentKey} record */
  const expired = (record) => now() >= record.issueAt + record.expiresIn;

  /** @param {string} clientId @param {ContentKey} record */
  function retire(clientId, record) {
    current.delete(clientId);
    const list = [record, ...(retired.get(clientId) ?? [])].slice(0, RETIRED_KEYS_KEPT);
    retired.set(clientId, list);
  }

  /**
   * The client's live key, or the D3000x refusal saying why there is none.
   * @param {string} clientId
   * @returns {ContentKey}
   */
  function live(clientId) {
    const record = current.get(clientId);
    if (record && !expired(record)) return record;
    const last = record ?? retired.get(clientId)?.[0];
    if (!last) throw new PlatformError(KEY_MISSING, 'no content key for this client: call getKey first');
    if (last.revokedAt !== undefined) throw new PlatformError(KEY_REVOKED, 'the content key was revoked: call getKey for a new one');
    throw new PlatformError(KEY_EXPIRED, 'the content key has expired: call getKey for a new one');
  }

  return {
    /**
     * getKey: the live key when there is one (see choices.js), otherwise a new 32-byte key.
     * @param {string} clientId
     * @returns {ContentKey}
     */
    issue(clientId) {
      const record = current.get(clientId);
      if (record && !expired(record) && GET_KEY_REUSES_LIVE_KEY) return record;
      if (record) retire(clientId, record);
      const fresh = { key: randomBytes(32), issueAt: now(), expiresIn: lifetimeMs };
      current.set(clientId, fresh);
      return fresh;
    },

    live,

    /**
     * revokeKey: the live key stops working at once. Refused (D3000x, nothing changed) when there
     * is no live key.
     * @param {string} clientId
     * @returns {ContentKey} the revoked key
     */
    revoke(clientId) {
      const record = live(clientId);
      retire(clientId, { ...record, revokedAt: now() });
      return record;
    },

    /**
     * Decrypts request content with the client's live key. When that fails, a retired key that
     * does decrypt it turns the answer into "expired" or "revoked".
     * @param {string} clientId
     * @param {string} content
     * @returns {{ text: string, key: ContentKey }}
     */
    decrypt(clientId, content) {
      /** @type {ContentKey | undefined} */
      let record;
      /** @type {unknown} */
      let failure;
      try {
        record = live(clientId);
        return { text: decryptContent(record.key, content), key: record };
      } catch (error) {
        failure = error;
      }
      const candidates = [...(current.has(clientId) && record === undefined ? [/** @type {ContentKey} */ (current.get(clientId))] : []), ...(retired.get(clientId) ?? [])];
      for (const old of candidates) {
        try {
          decryptContent(old.key, content);
        } catch {
          continue;
        }
        if (old.revokedAt !== undefined) throw new PlatformError(KEY_REVOKED, 'the content was encrypted under a revoked content key: call getKey for a new one');
        throw new PlatformError(KEY_EXPIRED, 'the content was encrypted under an expired content key: call getKey for a new one');
      }
      if (failure instanceof PlatformError) throw failure;
      throw new PlatformError(CONTENT_UNDECRYPTABLE, 'content cannot be decrypted');
    },
  };
}
