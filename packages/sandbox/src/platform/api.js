/**
 * The platform API's frame: a router under /api/v1 and `signed(handler)`, which checks a signed
 * request (PLATFORM.md "Signed requests"), decrypts its content, runs the handler and answers
 * `{ txID, code, message, content }`. A refused request changes nothing: its nonce is not used up,
 * the client's timestamp does not move, and a handler must check everything before it changes
 * anything.
 */
import { generateKeyPairSync, timingSafeEqual } from 'node:crypto';
import Router from '@koa/router';
import { readBodyBytes } from '../http/respond.js';
import {
  CLOCK_WINDOW_MS, MAX_BODY_BYTES, MAX_NONCES_PER_CLIENT, REFUSAL_HTTP_STATUS, txID,
} from './choices.js';
import {
  BODY_INVALID, CLIENT_UNKNOWN, HEADER_INVALID, INTERNAL_ERROR, NONCE_INVALID, NONCE_REUSED, PlatformError,
  SIGNATURE_INVALID, SIGNATURE_METHOD_UNSUPPORTED, SUCCESS, TIMESTAMP_INVALID,
} from './codes.js';
import { createKeyStore } from './keys.js';
import { encryptContent, signatureFor } from './scheme.js';

/**
 * A relying party registered for the platform API (clients.js builds these from
 * IAMS_SANDBOX_CLIENTS entries that have a client_secret and an encipherment_certificate).
 * @typedef {{ clientId: string, clientName: Record<'en'|'zh-HK'|'zh-CN', string>|string, secret: string,
 *   enciphermentCertificate: string, scopes: string[], redirectUris: string[] }} PlatformClient
 */

/**
 * @typedef {(request: { client: PlatformClient, body: Record<string, unknown>, ctx: import('koa').Context })
 *   => Promise<object | undefined> | object | undefined} SignedHandler
 */

const SIGNATURE_METHOD = 'HmacSHA256';
const HEADERS = /** @type {const} */ (['clientID', 'signatureMethod', 'timestamp', 'nonce', 'signature']);
const MAX_NONCE_LENGTH = 36;

/**
 * @param {{ clients: PlatformClient[], now?: () => number, keyLifetimeMs?: number }} options
 */
export function createPlatformApi({ clients, now = Date.now, keyLifetimeMs }) {
  const byId = new Map(clients.map((client) => [client.clientId, client]));
  const keys = createKeyStore({ now, lifetimeMs: keyLifetimeMs });
  /** Per client: the last accepted timestamp, the nonces used (with when), and those in flight. */
  /** @type {Map<string, { timestamp: number, nonces: Map<string, number>, pending: Set<string> }>} */
  const replay = new Map();
  const platformKey = generateKeyPairSync('rsa', { modulusLength: 2048 }).publicKey.export({ type: 'spki', format: 'der' }).toString('base64');

  /** @param {string} clientId */
  function replayState(clientId) {
    let state = replay.get(clientId);
    if (!state) replay.set(clientId, state = { timestamp: -Infinity, nonces: new Map(), pending: new Set() });
    const oldest = now() - CLOCK_WINDOW_MS;
    for (const [nonce, at] of state.nonces) {
      if (at >= oldest && state.nonces.size <= MAX_NONCES_PER_CLIENT) break;
      state.nonces.delete(nonce);
    }
    return state;
  }

  /**
   * @param {SignedHandler} handler
   * @param {{ encrypted?: boolean }} [options] encrypted (default): the body is `{"content":"…"}`
   *   under the client's content key and the answer's content is encrypted under the same key;
   *   otherwise the body is not read as content and the answer's content is the plain result
   *   (getKey), or absent when the handler returns undefined (revokeKey)
   * @returns {import('koa').Middleware}
   */
  function signed(handler, { encrypted = true } = {}) {
    return async (ctx) => {
      const id = txID();
      ctx.set('Cache-Control', 'no-store');
      /** @type {(() => void) | undefined} */
      let release;
      try {
        const raw = await readBody(ctx);
        const { client, commit, undo } = verify(ctx, raw);
        release = undo;
        /** @type {Record<string, unknown>} */
        let body = {};
        /** @type {Buffer | undefined} */
        let key;
        if (encrypted) {
          const content = parseContent(raw);
          const opened = keys.decrypt(client.clientId, content);
          body = parseObject(opened.text);
          key = opened.key.key;
        }
        const result = await handler({ client, body, ctx });
        /** @type {Record<string, unknown>} */
        const answer = { txID: id, code: SUCCESS, message: 'SUCCESS' };
        if (encrypted) answer.content = encryptContent(/** @type {Buffer} */ (key), JSON.stringify(result ?? {}));
        else if (result !== undefined) answer.content = result;
        commit();
        release = undefined;
        ctx.status = 200;
        ctx.body = answer;
      } catch (error) {
        release?.();
        if (!(error instanceof PlatformError)) console.error('iAM Smart sandbox: platform API error', error);
        const refusal = error instanceof PlatformError ? error : new PlatformError(INTERNAL_ERROR, 'internal error in the sandbox; nothing was changed');
        ctx.status = REFUSAL_HTTP_STATUS;
        ctx.body = { txID: id, code: refusal.code, message: refusal.message };
      }
    };
  }

  /**
   * Checks the five headers and the signature; reserves the nonce. `commit` records the nonce and
   * timestamp (on success), `undo` frees the nonce (on refusal).
   * @param {import('koa').Context} ctx
   * @param {string} body the exact request body text
   */
  function verify(ctx, body) {
    const headers = Object.fromEntries(HEADERS.map((name) => [name, ctx.get(name)]));
    const missing = HEADERS.filter((name) => headers[name] === '');
    if (missing.length) throw new PlatformError(HEADER_INVALID, `missing header${missing.length > 1 ? 's' : ''}: ${missing.join(', ')}`);
    const { clientID, signatureMethod, timestamp, nonce, signature } = headers;
    if (signatureMethod !== SIGNATURE_METHOD) throw new PlatformError(SIGNATURE_METHOD_UNSUPPORTED, `signatureMethod must be ${SIGNATURE_METHOD}`);
    if (!/^\d{1,16}$/.test(timestamp)) throw new PlatformError(HEADER_INVALID, 'timestamp must be milliseconds since 1970 (digits)');
    if (nonce.length > MAX_NONCE_LENGTH) throw new PlatformError(NONCE_INVALID, `nonce must be at most ${MAX_NONCE_LENGTH} characters`);
    const client = byId.get(clientID);
    if (!client) throw new PlatformError(CLIENT_UNKNOWN, 'clientID is not a registered platform client');
    const expected = Buffer.from(signatureFor(client.secret, { clientID, signatureMethod, timestamp, nonce, body }));
    const given = Buffer.from(signature);
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
      throw new PlatformError(SIGNATURE_INVALID, 'signature does not match (URLEncode(Base64(HMAC-SHA256(secret, clientID + signatureMethod + timestamp + nonce + body))))');
    }
    const at = Number(timestamp);
    const state = replayState(clientID);
    if (at < state.timestamp) throw new PlatformError(TIMESTAMP_INVALID, 'timestamp is lower than the last accepted one for this client');
    if (Math.abs(at - now()) > CLOCK_WINDOW_MS) throw new PlatformError(TIMESTAMP_INVALID, `timestamp is more than ${CLOCK_WINDOW_MS / 60000} minutes from the platform's clock`);
    if (state.nonces.has(nonce) || state.pending.has(nonce)) throw new PlatformError(NONCE_REUSED, 'nonce was already used by this client');
    state.pending.add(nonce);
    return {
      client,
      commit() {
        state.pending.delete(nonce);
        state.nonces.set(nonce, now());
        state.timestamp = Math.max(state.timestamp, at);
      },
      undo() {
        state.pending.delete(nonce);
      },
    };
  }

  return {
    router: new Router({ prefix: '/api/v1' }),
    signed,
    keys,
    /** getKey's pubKey (see choices.js PUB_KEY_DESCRIPTION). */
    platformPublicKey: platformKey,
    /** @param {string} clientId */
    clientFor: (clientId) => byId.get(clientId),
    now,
  };
}

/**
 * The exact body text (the signature covers it byte for byte), at most MAX_BODY_BYTES.
 * @param {import('koa').Context} ctx
 */
async function readBody(ctx) {
  const bytes = await readBodyBytes(ctx, MAX_BODY_BYTES);
  if (!bytes) throw new PlatformError(BODY_INVALID, `body is larger than ${MAX_BODY_BYTES} bytes`);
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new PlatformError(BODY_INVALID, 'body is not UTF-8');
  }
}

/** @param {string} raw */
function parseContent(raw) {
  const parsed = parseObject(raw, 'body must be a JSON object {"content":"…"}');
  if (typeof parsed.content !== 'string') throw new PlatformError(BODY_INVALID, 'body must be a JSON object {"content":"…"}');
  return parsed.content;
}

/**
 * @param {string} text
 * @param {string} [message]
 * @returns {Record<string, unknown>}
 */
function parseObject(text, message = 'decrypted content must be a JSON object') {
  let value;
  try {
    value = JSON.parse(text);
  } catch {
    throw new PlatformError(BODY_INVALID, message);
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) throw new PlatformError(BODY_INVALID, message);
  return value;
}
