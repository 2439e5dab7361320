/**
 * What the phone-app simulator keeps. Each simulated phone is a random device id in a signed
 * cookie, with the resident signed in on it in another. A request is shown only to the device
 * that opened it (a forwarded /app/request link leads nowhere), and every form carries a CSRF
 * token: an HMAC of the device id and the form's purpose under a key that lives as long as the
 * process (the sessions do too). Each device's progress through a request is remembered a while
 * after the request ends, so its screen can say how it ended.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { findResident } from '../residents.js';
import { createRateLimiter } from '../session/rate-limit.js';
import { emeDetailOf } from '../eme/authorization-details.js';
import { documentsToSign } from '../sign/authorization-details.js';

/** @typedef {import('koa').Context} Context */
/** @typedef {import('@iamsmart/protocol').Flow} Flow */
/** @typedef {import('@iamsmart/protocol').Lang} Lang */
/** @typedef {import('../platform/login-sessions.js').LoginSessions} LoginSessions */
/**
 * The session engine behind the simulator; with the platform's phones and inbox (decision 033)
 * when the platform API is served (platform.js simulatorSessions).
 * @typedef {ReturnType<typeof import('../session/engine.js').createSessionEngine>
 *   & { phones?: LoginSessions['phones'], inbox?: LoginSessions['inbox'],
 *   notifications?: import('../platform/notifications.js').Notifications['app'] }} SessionEngine
 */
/** @typedef {NonNullable<ReturnType<SessionEngine['describe']>>} SessionDescription */

/**
 * One device's progress through one request.
 * @typedef {object} Progress
 * @property {number} expiresAt
 * @property {AppFlow} [flow] known once this device opened the request
 * @property {string} [chosenCode] the identification code matched (chosen or typed)
 * @property {boolean} [typed] typed rather than chosen from three
 * @property {'approved' | 'declined' | 'stopped'} [outcome]
 * @property {Record<Lang, string>} [siteNames] the requester's name, kept for the outcome screen
 * @property {boolean} [inbox] opened from this phone's inbox (decision 033)
 */

/** @typedef {Flow | 'profile' | 'notify'} AppFlow what a request asks for, as the simulator words it */

/** Cookies of the simulated app, scoped to /app. */
const RESIDENT_COOKIE = 'iams_app_resident';
const DEVICE_COOKIE = 'iams_app_device';
const APP_COOKIE_OPTIONS = /** @type {const} */ ({ httpOnly: true, sameSite: 'lax', path: '/app', signed: true, overwrite: true });

/** How long the simulator remembers a device's progress through a request after it ends. */
const PROGRESS_MEMORY_MS = 10 * 60 * 1000;

/**
 * Identification codes that match no request, per minute (decision 026, superseding 009): five
 * per phone, so a resident who mistypes waits alone; and fifty per address as a backstop, since
 * a phone that drops its cookie is a new phone. An address shared by many residents (NAT, a
 * school, a mobile carrier) is limited only when all its phones together try fifty. Eight
 * digits and at most five minutes per session keep guessing hopeless at these rates.
 */
export const WRONG_CODES = Object.freeze({ perDevice: { max: 5, windowSeconds: 60 }, perAddress: { max: 50, windowSeconds: 60 } });

/**
 * Which flow a session is: a sign request names documents, an eme request a form, a profile
 * request (the platform's) profile fields, a notification consent request (the platform's) topics.
 * @param {SessionDescription | undefined} info
 * @returns {AppFlow}
 */
export function flowOf(info) {
  const details = info?.authorizationDetails ?? [];
  if (documentsToSign(details).length > 0) return 'sign';
  if (profileDetailOf(details)) return 'profile';
  if (notifyDetailOf(details)) return 'notify';
  return emeDetailOf(details) ? 'eme' : 'login';
}

/**
 * The topics a platform notification consent request asks about, if it is one.
 * @param {unknown[]} details
 * @returns {{ type: 'notify', topics: import('../platform/notifications.js').NotifyTopic[] } | undefined}
 */
export function notifyDetailOf(details) {
  return /** @type {{ type: 'notify', topics: import('../platform/notifications.js').NotifyTopic[] } | undefined} */ (
    details.find((detail) => /** @type {{ type?: unknown }} */ (detail)?.type === 'notify'));
}

/**
 * The profile fields a platform profile request asks for, if it is one.
 * @param {unknown[]} details
 * @returns {{ type: 'profile', fields: import('@iamsmart/protocol').EmeField[] } | undefined}
 */
export function profileDetailOf(details) {
  return /** @type {{ type: 'profile', fields: import('@iamsmart/protocol').EmeField[] } | undefined} */ (
    details.find((detail) => /** @type {{ type?: unknown }} */ (detail)?.type === 'profile'));
}

/** @param {SessionEngine} engine */
export function createSimulatorState(engine) {
  const csrfKey = randomBytes(32);
  /** @type {Map<string, Progress>} keyed by `${device} ${sessionId}` */
  const progress = new Map();

  /** @param {Context} ctx @returns {string | undefined} */
  function deviceOf(ctx) {
    const device = ctx.cookies.get(DEVICE_COOKIE, { signed: true });
    return device && /^[\w-]{22,64}$/.test(device) ? device : undefined;
  }

  /** @param {string} device @param {string} purpose */
  function csrfToken(device, purpose) {
    return createHmac('sha256', csrfKey).update(`${device}\n${purpose}`).digest('base64url');
  }

  const wrongByDevice = createRateLimiter(WRONG_CODES.perDevice);
  const wrongByAddress = createRateLimiter(WRONG_CODES.perAddress);

  return {
    /** Identification codes that matched nothing, by phone and by address. */
    wrongCodes: {
      /**
       * Whether this phone, or its address as a whole, has tried too many (checked before a code
       * is looked up, so the right code waits too: otherwise guessing would simply go on).
       * @param {string} device @param {string} address
       * @returns {{ ok: true } | { ok: false, retryAfterSeconds: number, scope: 'device' | 'address' }}
       */
      check(device, address) {
        const byDevice = wrongByDevice.check(device);
        if (!byDevice.ok) return { ...byDevice, scope: 'device' };
        const byAddress = wrongByAddress.check(address);
        return byAddress.ok ? byAddress : { ...byAddress, scope: 'address' };
      },
      /** A code that matched nothing. @param {string} device @param {string} address */
      count(device, address) {
        wrongByDevice.take(device);
        wrongByAddress.take(address);
      },
    },

    deviceOf,

    /** This phone's device id, given one first if it has none. @param {Context} ctx */
    ensureDevice(ctx) {
      const existing = deviceOf(ctx);
      if (existing) return existing;
      const device = randomBytes(16).toString('base64url');
      ctx.cookies.set(DEVICE_COOKIE, device, APP_COOKIE_OPTIONS);
      return device;
    },

    /** The resident signed in to the app on this phone. @param {Context} ctx */
    residentOf(ctx) {
      const id = ctx.cookies.get(RESIDENT_COOKIE, { signed: true });
      const resident = id ? findResident(id) : undefined;
      // The platform learns who is signed in on this phone from what the phone shows (decision 033).
      const device = deviceOf(ctx);
      if (device && engine.phones && engine.phones.get(device).residentId !== resident?.id) engine.phones.signIn(device, resident?.id);
      return resident;
    },

    /** @param {Context} ctx @param {import('../residents.js').Resident} resident */
    signIn(ctx, resident) {
      ctx.cookies.set(RESIDENT_COOKIE, resident.id, APP_COOKIE_OPTIONS);
      const device = deviceOf(ctx);
      if (device) engine.phones?.signIn(device, resident.id);
    },

    /** No resident on this phone any more: its inbox takes no requests (decision 033). @param {Context} ctx */
    signOut(ctx) {
      ctx.cookies.set(RESIDENT_COOKIE, null, APP_COOKIE_OPTIONS);
      const device = deviceOf(ctx);
      if (device) engine.phones?.signIn(device, undefined);
    },

    csrfToken,

    /** @param {Context} ctx @param {URLSearchParams} form @param {string} purpose */
    csrfValid(ctx, form, purpose) {
      const device = deviceOf(ctx);
      const given = Buffer.from(form.get('csrf') ?? '');
      if (!device) return false;
      const expected = Buffer.from(csrfToken(device, purpose));
      return given.length === expected.length && timingSafeEqual(given, expected);
    },

    /**
     * Starts remembering a device's progress through a request it just opened (and forgets what
     * has been over for a while).
     * @param {string} device @param {string} sessionId
     * @returns {Progress}
     */
    remember(device, sessionId) {
      const now = Date.now();
      for (const [key, entry] of progress) {
        if (entry.expiresAt + PROGRESS_MEMORY_MS < now) progress.delete(key);
      }
      const info = engine.describe(sessionId);
      const entry = { expiresAt: info?.expiresAt ?? now, flow: flowOf(info) };
      progress.set(`${device} ${sessionId}`, entry);
      return entry;
    },

    /**
     * The request as this device may see it, or the reason it may not.
     * @param {Context} ctx @param {string} sessionId
     * @returns {{ progress: Progress, info?: SessionDescription, reason?: 'unknown' | 'expired' | 'used' | 'stopped_elsewhere' }}
     */
    lookUp(ctx, sessionId) {
      const device = deviceOf(ctx);
      const entry = device ? progress.get(`${device} ${sessionId}`) : undefined;
      if (!entry) return { progress: { expiresAt: 0 }, reason: 'unknown' };
      if (entry.outcome) return { progress: entry };
      const info = engine.describe(sessionId);
      if (!info) return { progress: entry, reason: 'unknown' };
      if (info.state === 'expired' || info.expiresAt <= Date.now()) return { progress: entry, reason: 'expired' };
      // Another phone opened this phone's request: it was stopped, and this phone says why.
      if (info.state === 'denied' && info.reason === 'scanned_elsewhere') return { progress: entry, reason: 'stopped_elsewhere' };
      if (info.state === 'approved' || info.state === 'denied') return { progress: entry, reason: 'used' };
      return { progress: entry, info };
    },
  };
}

/** @typedef {ReturnType<typeof createSimulatorState>} SimulatorState */
