/**
 * The platform's login sessions: one per hosted getQR page, opened by the phone simulator (its
 * QR link or typed identification code), approved or declined there, and ending in a single-use
 * authorization code for getToken. Kept apart from session/engine.js, which is built on
 * oidc-provider's device flow; this store offers the same methods the simulator calls
 * (openQr, openUserCode, describe, chooseCode, approve, decline), so the simulator shows a
 * platform request on the same screen as its own.
 *
 * The figures and the QR's shape are not public; they are the sandbox's choices, kept in
 * LOGIN_QR_LIFETIME_MS in choices.js.
 */
import { randomBytes } from 'node:crypto';
import { LIVE_STATES } from '@iamsmart/protocol';
import { findResident } from '../residents.js';
import { codeChoices, codeDigits, formatCode, randomCode } from '../session/codes.js';
import { CODE_LIFETIME_MS, INBOX_REQUEST_LIFETIME_MS, LOGIN_QR_LIFETIME_MS, RECEIVE_REQUESTS_DEFAULT } from './choices.js';

/** A finished session is remembered this long, so its page and the phone can say how it ended. */
const RETAIN_MS = 10 * 60 * 1000;

/** Session ids start with this, so the simulator can tell a platform request from its own. */
export const PLATFORM_SESSION_PREFIX = 'pl-';
// The prefix alone does not tell the stores apart: the session engine's ids (22 characters) and QR
// tokens (43) are base64url too, so one in 262,144 of them begins with "pl-" as well; the lengths,
// 3 + 22 and 3 + 32 here, do.
const PLATFORM_SESSION_ID = /^pl-[\w-]{22}$/;
const PLATFORM_QR_TOKEN = /^pl-[\w-]{32}$/;

/** @typedef {import('@iamsmart/protocol').Lang} Lang */
/** @typedef {'awaiting-scan' | 'scanned' | 'approved' | 'denied' | 'expired' | 'cancelled'} LoginState */
/** @typedef {'approved' | 'declined' | 'stopped' | 'expired' | 'cancelled'} EmeOutcome */

/**
 * @typedef {object} LoginSession
 * @property {string} id
 * @property {string} qrToken the QR link's `s`
 * @property {string} pageToken the hosted page's handle on its status
 * @property {string} userCode 8 digits
 * @property {string[]} codeChoices
 * @property {string} clientId
 * @property {Record<Lang, string>} clientNames
 * @property {string} origin the redirectURI's origin
 * @property {string} redirectUri
 * @property {string} state
 * @property {Lang} lang the hosted page's language
 * @property {string[]} scopes the eidapi_* scopes asked for
 * @property {import('../session/requester.js').Requester} requester
 * @property {number} expiresAt
 * @property {string} [device]
 * @property {boolean} [inbox] sent to the phone's inbox (decision 033): bound to that phone from the start,
 *   never opened by a QR link or a typed code
 * @property {LoginState} status
 * @property {'declined' | 'code_mismatch' | 'scanned_elsewhere'} [reason]
 * @property {string} [residentId]
 * @property {import('./eme.js').EmeRequest} [eme] an e-ME request (getQR with a ticketID): for a logged-in
 *   resident its result is pushed, no code; an anonymous one ends like a login (code → getToken → getResult)
 */

/**
 * @typedef {object} AuthCode
 * @property {string} clientId
 * @property {string} residentId
 * @property {import('./eme.js').EmeRequest} [eme] an anonymous e-ME request, for getResult
 * @property {string[]} scopes
 * @property {string} redirectUri
 * @property {number} expiresAt
 * @property {string} [device] the simulator phone that approved the login (decision 033: where account requests may go)
 */

/**
 * A simulator phone as the platform knows it (decision 033): the resident signed in to the app on
 * it, and whether it receives websites' requests in its inbox.
 * @typedef {{ residentId?: string, receiveRequests: boolean }} Phone
 */

/**
 * @param {{ now?: () => number, onEme?: (request: import('./eme.js').EmeRequest, outcome: EmeOutcome) => void }} [options]
 *   onEme: how an e-ME session ended, once (its result is pushed)
 */
export function createLoginSessions({ now = Date.now, onEme } = {}) {
  /** @type {WeakSet<LoginSession>} e-ME sessions whose ending was already told */
  const told = new WeakSet();

  /** Tells onEme how an e-ME session ended, once it has. @param {LoginSession} session */
  function tell(session) {
    if (!session.eme || session.eme.anonymous || told.has(session) || isLive(session.status)) return;
    told.add(session);
    /** @type {EmeOutcome} */
    const outcome = session.status === 'denied' ? (session.reason === 'declined' ? 'declined' : 'stopped') : session.status;
    onEme?.(session.eme, outcome);
  }

  /** @type {Map<string, LoginSession>} */
  const sessions = new Map();
  /** @type {Map<string, LoginSession>} */
  const byQrToken = new Map();
  /** @type {Map<string, LoginSession>} */
  const byPageToken = new Map();
  /** @type {Map<string, LoginSession>} */
  const byUserCode = new Map();
  /** @type {Map<string, AuthCode>} single use: deleted when redeemed */
  const authCodes = new Map();
  /** @type {Map<string, Phone>} by device id */
  const phones = new Map();

  /** The states in which the code can still be used (the kit's LIVE_STATES). @param {LoginState} status @returns {status is 'awaiting-scan' | 'scanned'} */
  const isLive = (status) => /** @type {readonly string[]} */ (LIVE_STATES).includes(status);

  /** @template {string} R @param {R} reason */
  const refuse = (reason) => /** @type {{ ok: false, reason: R }} */ ({ ok: false, reason });

  function sweep() {
    const time = now();
    for (const session of sessions.values()) {
      if (session.expiresAt + RETAIN_MS < time) {
        sessions.delete(session.id);
        byQrToken.delete(session.qrToken);
        byPageToken.delete(session.pageToken);
        if (byUserCode.get(session.userCode) === session) byUserCode.delete(session.userCode);
      }
    }
    for (const [code, entry] of authCodes) if (entry.expiresAt < time) authCodes.delete(code);
  }

  /** Marks a session expired once its time is up; answers whether it is still open. @param {LoginSession} session */
  function open(session) {
    if (isLive(session.status) && session.expiresAt <= now()) {
      session.status = 'expired';
      tell(session);
    }
    return isLive(session.status);
  }

  /** @param {LoginSession} session @returns {'expired' | 'used' | 'scanned_elsewhere' | undefined} */
  function closedReason(session) {
    if (open(session)) return undefined;
    if (session.status === 'expired') return 'expired';
    return session.reason === 'scanned_elsewhere' ? 'scanned_elsewhere' : 'used';
  }

  /** @param {LoginSession} session @param {string} device */
  function bindTo(session, device) {
    session.device ??= device;
    if (session.device === device) {
      if (session.status === 'awaiting-scan') session.status = 'scanned';
      return /** @type {const} */ ({ ok: true, sessionId: session.id });
    }
    // A second phone: the code was seen by someone else; stop, as the simulator's own sessions do (decision 026).
    session.status = 'denied';
    session.reason = 'scanned_elsewhere';
    tell(session);
    return refuse('scanned_elsewhere');
  }

  /** @param {string} sessionId */
  function live(sessionId) {
    const session = sessions.get(sessionId);
    if (!session) return { refusal: refuse('unknown') };
    const closed = closedReason(session);
    return closed ? { refusal: refuse(closed === 'scanned_elsewhere' ? 'used' : closed) } : { session };
  }

  return {
    /**
     * A new session for a hosted page whose parameters were checked, or (with `device`) an account
     * request sent straight to that phone's inbox, which no QR link, typed code or page opens.
     * @param {{ clientId: string, clientNames: Record<Lang, string>, redirectUri: string, state: string,
     *   lang: Lang, scopes: string[], requester: import('../session/requester.js').Requester, eme?: import('./eme.js').EmeRequest,
     *   device?: string }} request
     */
    start(request) {
      sweep();
      let userCode;
      do userCode = randomCode();
      while (byUserCode.has(userCode));
      const inbox = request.device !== undefined;
      /** @type {LoginSession} */
      const session = {
        ...request,
        id: `${PLATFORM_SESSION_PREFIX}${randomBytes(16).toString('base64url')}`,
        qrToken: `${PLATFORM_SESSION_PREFIX}${randomBytes(24).toString('base64url')}`,
        pageToken: randomBytes(24).toString('base64url'),
        userCode,
        codeChoices: codeChoices(userCode),
        origin: new URL(request.redirectUri).origin,
        // An inbox request lives as long as the getQR ticket it stands in for.
        expiresAt: now() + (inbox ? INBOX_REQUEST_LIFETIME_MS : LOGIN_QR_LIFETIME_MS),
        status: inbox ? 'scanned' : 'awaiting-scan',
        ...(inbox ? { inbox } : {}),
      };
      sessions.set(session.id, session);
      if (!inbox) {
        byQrToken.set(session.qrToken, session);
        byPageToken.set(session.pageToken, session);
        byUserCode.set(userCode, session);
      }
      // An e-ME result is pushed even when nobody looks at the page any more: its expiry is watched.
      if (session.eme) setTimeout(() => open(session), Math.max(0, session.expiresAt - now()) + 50).unref();
      return { pageToken: session.pageToken, qrToken: session.qrToken, userCode: formatCode(userCode), expiresAt: session.expiresAt };
    },

    /** Whether a QR link's `s` is one of ours. @param {unknown} token */
    ownsQrToken(token) {
      return typeof token === 'string' && PLATFORM_QR_TOKEN.test(token);
    },

    /** Whether a typed code is one of ours. @param {unknown} code */
    ownsUserCode(code) {
      const digits = codeDigits(code);
      return digits !== undefined && byUserCode.has(digits);
    },

    /** @param {string} sessionId */
    ownsSession(sessionId) {
      return PLATFORM_SESSION_ID.test(sessionId);
    },

    /**
     * The phone opened the hosted page's QR link.
     * @param {{ s?: unknown }} payload @param {string} device
     */
    async openQr(payload, device) {
      const session = typeof payload.s === 'string' ? byQrToken.get(payload.s) : undefined;
      if (!session) return refuse('unknown');
      const closed = closedReason(session);
      return closed ? refuse(closed) : bindTo(session, device);
    },

    /** The phone typed the page's identification code. @param {unknown} code @param {string} device */
    async openUserCode(code, device) {
      const digits = codeDigits(code);
      if (!digits) return refuse('malformed');
      const session = byUserCode.get(digits);
      if (!session) return refuse('unknown');
      const closed = closedReason(session);
      return closed ? refuse(closed) : bindTo(session, device);
    },

    /** What the phone shows, in the shape of the simulator's own sessions. @param {string} sessionId */
    describe(sessionId) {
      const session = sessions.get(sessionId);
      if (!session) return undefined;
      open(session);
      return {
        sessionId: session.id,
        clientId: session.clientId,
        clientName: session.clientNames.en,
        clientNames: { ...session.clientNames },
        origin: session.origin,
        scopes: [...session.scopes],
        /** @type {import('oidc-provider').AuthorizationDetail[]} */
        authorizationDetails: session.eme?.signing
          // The simulator's signing screen: the document (its name, department and service) and the hash's fingerprint.
          ? [{ type: 'credential', documentDigests: [{ hash: session.eme.signing.hashCode, label: `${session.eme.signing.documentName} (${session.eme.signing.department}, ${session.eme.signing.serviceName})` }] }]
          : session.eme?.profile
            // A profile request: the profile fields asked for, each shown with its value.
            ? [{ type: 'profile', fields: [...session.eme.fields] }]
            : session.eme?.notify
              // A notification consent request: the topics asked about, each named in the three languages.
              ? [{ type: 'notify', topics: session.eme.notify.topics.map(({ topicID, name }) => ({ topicID, name: { ...name } })) }]
              : session.eme
              ? [{ type: 'eme', fields: [...session.eme.fields], formName: session.eme.formName, formNum: session.eme.formNum, purpose: session.eme.formDesc }]
              : [],
        codeChoices: [...session.codeChoices],
        expiresAt: session.expiresAt,
        requester: { ...session.requester },
        // A request sent to the inbox: no browser started it, so there is no context to show, and
        // only a signing request has a code to match (the one the website shows).
        ...(session.inbox ? { inbox: session.eme?.signing ? { matchCode: true } : { matchCode: false, code: formatCode(session.userCode) } } : {}),
        state: /** @type {import('../session/engine.js').SessionState} */ (session.status === 'cancelled' ? 'denied' : session.status),
        ...(session.reason ? { reason: session.reason } : {}),
      };
    },

    /** @param {string} sessionId @param {string} chosenCode */
    async chooseCode(sessionId, chosenCode) {
      const { session, refusal } = live(sessionId);
      if (!session) return refusal;
      if (codeDigits(chosenCode) === session.userCode) return /** @type {const} */ ({ ok: true });
      session.status = 'denied';
      session.reason = 'code_mismatch';
      tell(session);
      return refuse('code_mismatch');
    },

    /**
     * Approved: a single-use authorization code for the resident, which the page's browser
     * carries to the redirectURI. A notification consent request is approved for the topics
     * ticked (`kept`: at least one of those asked about).
     * @param {string} sessionId @param {{ accountId: string, chosenCode: string, kept?: readonly string[] }} decision
     */
    async approve(sessionId, { accountId, chosenCode, kept = [] }) {
      if (!findResident(accountId)) return refuse('unknown');
      const { session, refusal } = live(sessionId);
      if (!session) return refusal;
      if (codeDigits(chosenCode) !== session.userCode) return refuse('code_mismatch');
      // An e-ME request is for the access token's resident only; another resident's phone gets nothing.
      if (session.eme && !session.eme.anonymous && session.eme.residentId !== accountId) return refuse('unknown');
      const { eme } = session;
      if (eme?.notify) {
        const asked = eme.notify.topics.map(({ topicID }) => topicID);
        // The simulator's screen sends only topics asked about, at least one; anything else names no request of ours.
        if (kept.length === 0 || new Set(kept).size !== kept.length || kept.some((topicID) => !asked.includes(topicID))) return refuse('unknown');
        session.eme = { ...eme, notify: { ...eme.notify, chosen: [...kept] } };
      }
      session.status = 'approved';
      if (session.eme && !session.eme.anonymous) {
        tell(session);
        return /** @type {const} */ ({ ok: true });
      }
      session.residentId = accountId;
      return /** @type {const} */ ({ ok: true });
    },

    /** @param {string} sessionId */
    async decline(sessionId) {
      const { session, refusal } = live(sessionId);
      if (!session) return refusal;
      session.status = 'denied';
      session.reason = 'declined';
      tell(session);
      return /** @type {const} */ ({ ok: true });
    },

    /** The hosted page's session, by its handle. @param {unknown} pageToken */
    byPage(pageToken) {
      const session = typeof pageToken === 'string' ? byPageToken.get(pageToken) : undefined;
      if (session) open(session);
      return session;
    },

    /** The resident left the page (Cancel, or back after it expired). @param {LoginSession} session */
    cancel(session) {
      if (open(session)) {
        session.status = 'cancelled';
        tell(session);
      }
    },

    /**
     * The authorization code for an approved session, issued once: the first browser visit that
     * collects it; afterwards the session says it was used.
     * @param {LoginSession} session @returns {string | undefined}
     */
    collectCode(session) {
      if (session.status !== 'approved' || !session.residentId) return undefined;
      const code = randomBytes(24).toString('base64url');
      authCodes.set(code, {
        clientId: session.clientId, residentId: session.residentId, scopes: [...session.scopes],
        redirectUri: session.redirectUri, expiresAt: now() + CODE_LIFETIME_MS, ...(session.eme ? { eme: session.eme } : {}),
        ...(session.device ? { device: session.device } : {}),
      });
      delete session.residentId;
      return code;
    },

    /** The code as it is, without using it up (getToken checks it all before redeeming). @param {unknown} code */
    peekCode(code) {
      return typeof code === 'string' ? authCodes.get(code) : undefined;
    },

    /** Uses a code up. @param {string} code */
    redeemCode(code) {
      authCodes.delete(code);
    },

    /** The simulator phones (decision 033): who is signed in on each, and its inbox setting. */
    phones: {
      /** @param {string} device @returns {Phone} */
      get: (device) => ({ receiveRequests: RECEIVE_REQUESTS_DEFAULT, ...phones.get(device) }),
      /** @param {string} device @param {string | undefined} residentId undefined: signed out */
      signIn(device, residentId) {
        const phone = { receiveRequests: RECEIVE_REQUESTS_DEFAULT, ...phones.get(device) };
        if (residentId === undefined) delete phone.residentId;
        else phone.residentId = residentId;
        phones.set(device, phone);
      },
      /** @param {string} device @param {boolean} on */
      setReceiveRequests(device, on) {
        phones.set(device, { ...phones.get(device), receiveRequests: on });
      },
      /**
       * The phone an account request goes to instead of getQR: the one that approved the login,
       * while it is still signed in as that resident and receives requests; otherwise none.
       * @param {string | undefined} device the access token's login phone @param {string} residentId
       */
      inboxFor(device, residentId) {
        const phone = device === undefined ? undefined : phones.get(device);
        return phone?.receiveRequests && phone.residentId === residentId ? device : undefined;
      },
    },

    /**
     * The open requests in a phone's inbox for the resident signed in on it, soonest to expire first.
     * @param {string} device @param {string} residentId
     */
    inbox(device, residentId) {
      return [...sessions.values()]
        .filter((session) => session.inbox && session.device === device && session.eme?.residentId === residentId && open(session))
        .sort((a, b) => a.expiresAt - b.expiresAt)
        .map((session) => ({
          sessionId: session.id, clientNames: { ...session.clientNames }, origin: session.origin, expiresAt: session.expiresAt,
          kind: /** @type {'sign' | 'profile' | 'notify' | 'eme'} */ (session.eme?.signing ? 'sign' : session.eme?.profile ? 'profile' : session.eme?.notify ? 'notify' : 'eme'),
        }));
    },

    now,
  };
}

/** @typedef {ReturnType<typeof createLoginSessions>} LoginSessions */
