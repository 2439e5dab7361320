/**
 * Cross-device (QR) sessions on top of oidc-provider's device flow (RFC 8628). A session is one
 * device code plus what the sandbox adds: the rotating-QR start token and secret, the
 * identification-code choices, and a state the desktop follows on the status stream:
 * awaiting-scan → scanned → approved | denied | expired.
 *
 * The phone-app simulator (app/) opens sessions from a QR link or a typed code, describes
 * them, and approves or declines them; approving grants the device code as oidc-provider's own
 * device flow does after its interaction, so the token endpoint then issues the tokens.
 */
import { randomBytes } from 'node:crypto';
import { LANGS } from '@iamsmart/protocol';
import { SCOPES } from '../claims.js';
import { clientDisplayName } from '../clients.js';
import { emeDetailOf } from '../eme/authorization-details.js';
import { findResident } from '../residents.js';
import { codeChoices, codeDigits } from './codes.js';
import { newQrStart, parseQrPayload, verifyQrHash } from './qr-token.js';
import { requesterOf } from './requester.js';

/** Seconds between QR payloads (`iamsmart_qr_interval`). */
export const QR_INTERVAL_SECONDS = 1;
/** Seconds between token requests for a client that polls (RFC 8628 `interval`). */
export const POLL_INTERVAL_SECONDS = 5;
/** Longest session: a cross-device request is short-lived (cross-device security BCP). */
const MAX_LIFETIME_SECONDS = 300;
/** A QR payload may claim to be this many seconds younger than the sandbox thinks possible. */
const FUTURE_ALLOWANCE_SECONDS = 1;
/** A finished session is remembered this long after it expires, so its links say "used" or "expired". */
const RETAIN_MS = 10 * 60 * 1000;

/** @typedef {import('oidc-provider').AuthorizationDetail} AuthorizationDetail */
/** @typedef {'awaiting-scan' | 'scanned' | 'approved' | 'denied' | 'expired'} SessionState */
/** @typedef {'declined' | 'code_mismatch' | 'scanned_elsewhere' | 'stale'} StateReason */
/** @typedef {{ state: SessionState, reason?: StateReason }} StateEvent */
/**
 * `scanned_elsewhere`: another phone opened the session first (or this one is the second), and
 * the session was stopped for safety (decision 026).
 * @typedef {'malformed' | 'unknown' | 'stale' | 'expired' | 'used' | 'scanned_elsewhere'} OpenRefusal
 */

/**
 * @typedef {object} CrossDeviceOptions
 * @property {number} lifetimeSeconds device code lifetime (at most 300)
 * @property {number} qrWindowSeconds how old a QR payload may be
 * @property {{ max: number, windowSeconds: number }} rateLimit device authorizations per client and address
 * @property {number} keepAliveSeconds status stream keep-alive comment interval
 */

/**
 * @param {unknown} value
 * @param {string} name
 * @param {number} fallback
 * @param {{ integer?: boolean }} [options]
 */
function positive(value, name, fallback, { integer = false } = {}) {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !(value > 0) || !Number.isFinite(value) || (integer && !Number.isInteger(value))) {
    throw new TypeError(`crossDevice.${name} must be a positive ${integer ? 'integer' : 'number'}, not ${JSON.stringify(value)}`);
  }
  return value;
}

/**
 * The `crossDevice` options of startSandbox with their defaults; the lifetime is capped at 300 s.
 * @param {{ lifetimeSeconds?: number, qrWindowSeconds?: number,
 *   rateLimit?: { max?: number, windowSeconds?: number }, keepAliveSeconds?: number }} [options]
 * @returns {CrossDeviceOptions}
 */
export function resolveSessionOptions(options = {}) {
  const { lifetimeSeconds, qrWindowSeconds, rateLimit = {}, keepAliveSeconds } = options;
  return {
    lifetimeSeconds: Math.min(positive(lifetimeSeconds, 'lifetimeSeconds', 180, { integer: true }), MAX_LIFETIME_SECONDS),
    qrWindowSeconds: positive(qrWindowSeconds, 'qrWindowSeconds', 5),
    rateLimit: {
      max: positive(rateLimit.max, 'rateLimit.max', 10, { integer: true }),
      windowSeconds: positive(rateLimit.windowSeconds, 'rateLimit.windowSeconds', 60),
    },
    keepAliveSeconds: positive(keepAliveSeconds, 'keepAliveSeconds', 15),
  };
}

/**
 * @typedef {object} Session
 * @property {string} id handed to the app once it opened the session
 * @property {string} qrToken
 * @property {string} qrSecret
 * @property {string} deviceCode
 * @property {string} userCode 8 digits
 * @property {string} clientId
 * @property {Record<import('@iamsmart/protocol').Lang, string>} clientNames
 * @property {string} origin
 * @property {string[]} scopes
 * @property {AuthorizationDetail[]} authorizationDetails as requested (validated by the provider)
 * @property {string[]} codeChoices
 * @property {number} issuedAt performance.now() when the start token was issued
 * @property {number} expiresAt ms since the epoch
 * @property {import('./requester.js').Requester} requester the browser that started it, as the app shows it
 * @property {string} [device] the phone that opened it first: the only one that may go on with it
 * @property {SessionState} state
 * @property {StateReason} [reason]
 * @property {boolean} busy an approval or decline is being written
 * @property {Set<(event: StateEvent) => void>} listeners
 * @property {ReturnType<typeof setTimeout>} [timer]
 */

const TERMINAL = new Set(['approved', 'denied', 'expired']);

/**
 * @param {{ provider: import('oidc-provider').default, issuer: string, options: CrossDeviceOptions,
 *   accountIdFor: (clientId: string, residentId: string) => string,
 *   authorizationDetailsFor: (details: AuthorizationDetail[], residentId: string, kept: readonly string[]) => AuthorizationDetail[] }} setup
 *   `authorizationDetailsFor`: the requested authorization details as the approving resident grants
 *   them, `kept` being the optional e-ME fields they left ticked
 */
export function createSessionEngine({ provider, issuer, options, accountIdFor, authorizationDetailsFor }) {
  /** @type {Map<string, Session>} */
  const sessions = new Map();
  /** @type {Map<string, Session>} */
  const byQrToken = new Map();
  /** @type {Map<string, Session>} */
  const byUserCode = new Map();
  /** @type {Map<string, Session>} */
  const byDeviceCode = new Map();

  /** @param {Session} session @param {SessionState} state @param {StateReason} [reason] */
  function setState(session, state, reason) {
    session.state = state;
    session.reason = reason;
    notify(session, { state, ...(reason ? { reason } : {}) });
    if (TERMINAL.has(state)) session.listeners.clear();
  }

  /** @param {Session} session @param {StateEvent} event */
  function notify(session, event) {
    for (const listener of [...session.listeners]) listener(event);
  }

  /** @param {Session} session */
  function forget(session) {
    clearTimeout(session.timer);
    sessions.delete(session.id);
    byQrToken.delete(session.qrToken);
    byDeviceCode.delete(session.deviceCode);
    if (byUserCode.get(session.userCode) === session) byUserCode.delete(session.userCode);
  }

  /** @param {Session} session @returns {'used' | 'expired' | undefined} why it can no longer be opened */
  function closedReason(session) {
    if (session.busy || session.state === 'approved' || session.state === 'denied') return 'used';
    if (session.state === 'expired' || Date.now() >= session.expiresAt) return 'expired';
    return undefined;
  }

  /** @template {string} R @param {R} reason */
  const refuse = (reason) => /** @type {{ ok: false, reason: R }} */ ({ ok: false, reason });

  /**
   * The session is bound to the first phone that opens it (by QR or by typed code): that phone
   * may open it again, and it is scanned. Any other phone is refused, and the session stops at
   * once (denied, `scanned_elsewhere`): a second phone means the code was seen by someone else
   * (a relay, or a look over the shoulder), and the desktop must start again with a new one.
   * @param {Session} session
   * @param {string} device the opening phone's id
   * @returns {Promise<{ ok: true, sessionId: string } | { ok: false, reason: 'scanned_elsewhere' | 'used' | 'expired' | 'unknown' }>}
   */
  async function bindTo(session, device) {
    session.device ??= device;
    if (session.device === device) {
      if (session.state === 'awaiting-scan') setState(session, 'scanned');
      return { ok: true, sessionId: session.id };
    }
    const loaded = await loadDeviceCode(session.id);
    if (loaded.refusal) return loaded.refusal;
    if (session.busy) return refuse('used');
    session.busy = true;
    try {
      await deny(session, loaded.code, 'scanned_elsewhere');
    } finally {
      session.busy = false;
    }
    return refuse('scanned_elsewhere');
  }

  /** @param {string} sessionId */
  async function loadDeviceCode(sessionId) {
    const session = sessions.get(sessionId);
    if (!session) return { refusal: refuse('unknown') };
    const closed = closedReason(session);
    if (closed) return { refusal: refuse(closed) };
    const code = await provider.DeviceCode.find(session.deviceCode, { ignoreExpiration: true });
    if (!code || code.isExpired) {
      if (session.state !== 'expired') setState(session, 'expired');
      return { refusal: refuse('expired') };
    }
    if (code.error || code.accountId || code.consumed || code.inFlight) return { refusal: refuse('used') };
    return { session, code };
  }

  /**
   * Ends a session as denied, and the device code too (the token endpoint answers access_denied).
   * @param {Session} session
   * @param {InstanceType<import('oidc-provider').default['DeviceCode']>} code
   * @param {'declined' | 'code_mismatch' | 'scanned_elsewhere'} reason
   */
  async function deny(session, code, reason) {
    Object.assign(code, {
      error: 'access_denied',
      errorDescription: {
        declined: 'The resident declined the request',
        code_mismatch: 'The resident chose an identification code that the website did not show',
        scanned_elsewhere: 'The request was opened on a second phone, so it was stopped',
      }[reason],
    });
    await code.save();
    setState(session, 'denied', reason);
  }

  return {
    /**
     * Records a new device code as a cross-device session; called with the device authorization
     * response's device code. Returns the QR start token and secret for the response.
     * @param {{ deviceCode: string, code: InstanceType<import('oidc-provider').default['DeviceCode']>,
     *   client: InstanceType<import('oidc-provider').default['Client']> }} created
     */
    register({ deviceCode, code, client }) {
      const { token, secret } = newQrStart();
      const params = /** @type {Record<string, unknown>} */ (code.params ?? {});
      const userCode = String(code.userCode);
      const requested = typeof params.authorization_details === 'string' ? JSON.parse(params.authorization_details) : [];
      // Every sandbox client registers at least one (clients.js); the first names its origin.
      const [redirectUri] = client.redirectUris ?? [];
      if (redirectUri === undefined) throw new TypeError(`Client ${client.clientId} has no redirect URI`);
      /** @type {Session} */
      const session = {
        id: randomBytes(16).toString('base64url'),
        qrToken: token,
        qrSecret: secret,
        deviceCode,
        userCode,
        clientId: client.clientId,
        clientNames: /** @type {Session['clientNames']} */ (Object.fromEntries(LANGS.map((lang) => [lang, clientDisplayName(client, lang)]))),
        origin: new URL(redirectUri).origin,
        scopes: String(params.scope ?? '').split(' ').filter((scope) => SCOPES.includes(scope)),
        authorizationDetails: Array.isArray(requested) ? requested : [],
        codeChoices: codeChoices(userCode),
        issuedAt: performance.now(),
        expiresAt: Number(code.exp) * 1000,
        requester: requesterOf(code.deviceInfo),
        state: 'awaiting-scan',
        busy: false,
        listeners: new Set(),
      };
      sessions.set(session.id, session);
      byQrToken.set(token, session);
      byUserCode.set(userCode, session);
      byDeviceCode.set(deviceCode, session);
      session.timer = setTimeout(() => {
        if (!TERMINAL.has(session.state)) setState(session, 'expired');
        session.timer = setTimeout(() => forget(session), RETAIN_MS).unref();
      }, Math.max(0, session.expiresAt - Date.now())).unref();
      return { qrStartToken: token, qrStartSecret: secret };
    },

    /**
     * The app opened a QR link. Checks the HMAC and the payload's age, then binds the session to
     * the phone (see bindTo) and marks it scanned.
     * @param {{ s?: unknown, t?: unknown, h?: unknown }} payload
     * @param {string} device the phone's id
     * @returns {Promise<{ ok: true, sessionId: string } | { ok: false, reason: OpenRefusal }>}
     */
    async openQr(payload, device) {
      const parsed = parseQrPayload(payload);
      if (!parsed) return refuse('malformed');
      const session = byQrToken.get(parsed.token);
      // A forged or altered link is no link of ours: it reveals nothing about the session.
      if (!session || !verifyQrHash(session.qrSecret, session.qrToken, parsed.t, parsed.h)) return refuse('unknown');
      const closed = closedReason(session);
      if (closed) return refuse(closed);
      const age = (performance.now() - session.issuedAt) / 1000 - parsed.t;
      if (age > options.qrWindowSeconds || age < -FUTURE_ALLOWANCE_SECONDS) {
        // The desktop learns that an old picture of its QR code was used (a relay, or a slow camera).
        if (session.state === 'awaiting-scan') notify(session, { state: 'awaiting-scan', reason: 'stale' });
        return refuse('stale');
      }
      return bindTo(session, device);
    },

    /**
     * The resident typed the identification code in the app (the non-scanning path); bound to
     * the phone as a scan is.
     * @param {unknown} code "4821-0937" or "48210937"
     * @param {string} device the phone's id
     * @returns {Promise<{ ok: true, sessionId: string } | { ok: false, reason: OpenRefusal }>}
     */
    async openUserCode(code, device) {
      const digits = codeDigits(code);
      if (!digits) return refuse('malformed');
      const session = byUserCode.get(digits);
      if (!session) return refuse('unknown');
      const closed = closedReason(session);
      if (closed) return refuse(closed);
      return bindTo(session, device);
    },

    /**
     * What the app shows for a session it opened.
     * @param {string} sessionId
     */
    describe(sessionId) {
      const session = sessions.get(sessionId);
      if (!session) return undefined;
      return {
        sessionId: session.id,
        clientId: session.clientId,
        clientName: session.clientNames.en,
        clientNames: { ...session.clientNames },
        origin: session.origin,
        scopes: [...session.scopes],
        authorizationDetails: structuredClone(session.authorizationDetails),
        codeChoices: [...session.codeChoices],
        expiresAt: session.expiresAt,
        requester: { ...session.requester },
        state: session.state,
        ...(session.reason ? { reason: session.reason } : {}),
      };
    },

    /**
     * The resident approved with the code they chose. A wrong code stops the session.
     * @param {string} sessionId
     * @param {{ accountId: string, chosenCode: string, kept?: readonly string[] }} decision accountId: the
     *   resident's id; kept: the optional e-ME fields left ticked (none when left out)
     * @returns {Promise<{ ok: true } | { ok: false, reason: 'code_mismatch' | 'expired' | 'used' | 'unknown' }>}
     *   `unknown`: no such session, or no such resident
     */
    async approve(sessionId, { accountId, chosenCode, kept = [] }) {
      if (!findResident(accountId)) return refuse('unknown');
      const loaded = await loadDeviceCode(sessionId);
      if (loaded.refusal) return loaded.refusal;
      const { session, code } = loaded;
      // Another approval or decline may have started while the device code loaded.
      if (session.busy) return refuse('used');
      session.busy = true;
      try {
        if (codeDigits(chosenCode) !== session.userCode) {
          await deny(session, code, 'code_mismatch');
          return refuse('code_mismatch');
        }
        // As oidc-provider's device flow does once its interaction ends (actions/authorization/
        // device.js): a grant for what was asked, then the device code carries the account, the
        // grant and the authentication time. There is no browser session on the desktop, so no
        // sessionUid/sid and the tokens do not expire with one. oidc-provider leaves the nonce of
        // the device authorization request out of the ID token; OpenID clients expect it back.
        const clientAccountId = accountIdFor(session.clientId, accountId);
        const grant = new provider.Grant({ accountId: clientAccountId, clientId: session.clientId });
        grant.addOIDCScope(session.scopes.join(' '));
        // RAR: on the grant as oidc-provider keeps it, and on the device code, whose details
        // the access token takes (richAuthorizationRequests in provider.js).
        const details = authorizationDetailsFor(session.authorizationDetails, accountId, kept);
        for (const detail of details) grant.addRar(detail);
        // userinfo releases a claim only when the token asks for it there and the grant allows it:
        // so the consented e-ME fields, and only they (provider.js).
        const emeFields = emeDetailOf(details)?.fields ?? [];
        if (emeFields.length > 0) grant.addOIDCClaims(emeFields);
        const params = /** @type {Record<string, unknown>} */ (code.params ?? {});
        Object.assign(code, {
          accountId: clientAccountId,
          authTime: Math.floor(Date.now() / 1000),
          grantId: await grant.save(),
          scope: session.scopes.join(' '),
          ...(details.length > 0 ? { rar: details } : {}),
          ...(emeFields.length > 0 ? { claims: { userinfo: Object.fromEntries(emeFields.map((field) => [field, null])) } } : {}),
          ...(typeof params.nonce === 'string' ? { nonce: params.nonce } : {}),
        });
        await code.save();
        setState(session, 'approved');
        return { ok: true };
      } finally {
        session.busy = false;
      }
    },

    /**
     * The resident tapped one of the three identification codes, before Approve / Decline. The
     * website's code: `{ ok: true }`; any other stops the session at once (denied, code_mismatch).
     * @param {string} sessionId
     * @param {string} chosenCode
     * @returns {Promise<{ ok: true } | { ok: false, reason: 'code_mismatch' | 'expired' | 'used' | 'unknown' }>}
     */
    async chooseCode(sessionId, chosenCode) {
      const loaded = await loadDeviceCode(sessionId);
      if (loaded.refusal) return loaded.refusal;
      const { session, code } = loaded;
      if (session.busy) return refuse('used');
      if (codeDigits(chosenCode) === session.userCode) return { ok: true };
      session.busy = true;
      try {
        await deny(session, code, 'code_mismatch');
        return refuse('code_mismatch');
      } finally {
        session.busy = false;
      }
    },

    /**
     * The resident declined: the token endpoint answers access_denied.
     * @param {string} sessionId
     * @returns {Promise<{ ok: true } | { ok: false, reason: 'expired' | 'used' | 'unknown' }>}
     */
    async decline(sessionId) {
      const loaded = await loadDeviceCode(sessionId);
      if (loaded.refusal) return loaded.refusal;
      const { session, code } = loaded;
      if (session.busy) return refuse('used');
      session.busy = true;
      try {
        await deny(session, code, 'declined');
        return { ok: true };
      } finally {
        session.busy = false;
      }
    },

    /**
     * The session of a device code, for its client only.
     * @param {string} clientId
     * @param {string} deviceCode
     * @returns {StateEvent & { sessionId: string } | undefined}
     */
    status(clientId, deviceCode) {
      const session = byDeviceCode.get(deviceCode);
      if (!session || session.clientId !== clientId) return undefined;
      return { sessionId: session.id, state: session.state, ...(session.reason ? { reason: session.reason } : {}) };
    },

    /**
     * Calls `listener` on every state event of a live session until it ends or unsubscribes.
     * @param {string} sessionId
     * @param {(event: StateEvent) => void} listener
     * @returns {() => void} unsubscribe
     */
    subscribe(sessionId, listener) {
      const session = sessions.get(sessionId);
      if (!session || TERMINAL.has(session.state)) return () => {};
      session.listeners.add(listener);
      return () => { session.listeners.delete(listener); };
    },

    /** The issuer's QR link base, for the device authorization response. */
    qrUri: `${issuer}/app/qr`,

    /** Stops every timer (the sandbox is closing). */
    close() {
      for (const session of [...sessions.values()]) forget(session);
    },
  };
}
