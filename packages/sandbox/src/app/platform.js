/**
 * The simulator opens the real platform's login requests (the hosted getQR page, platform/) the
 * way it opens its own: the same QR link (/app/qr, with only `s`), the same typed code, the same
 * request screen. The simulator's routes hold the session engine; this puts the platform's
 * sessions behind the same six methods (simulatorSessions), each going to the store the request
 * belongs to (platform session ids and QR tokens are "pl-" and a length of their own,
 * login-sessions.js), so the routes need no second path; and adds the platform's phones and inbox
 * (decision 033), where requests sent to a phone wait, and each resident's notifications (decision 059).
 */

/** @typedef {import('./state.js').SessionEngine} SessionEngine */
/** @typedef {import('../platform/login-sessions.js').LoginSessions} LoginSessions */

/**
 * The session engine the simulator's routes use: the cross-device engine, with its six simulator
 * methods sending platform requests to `platform` (a new object; neither store is changed).
 * @param {SessionEngine} engine
 * @param {LoginSessions} platform
 * @param {import('../platform/notifications.js').Notifications['app']} notifications
 * @returns {SessionEngine}
 */
export function simulatorSessions(engine, platform, notifications) {
  return {
    ...engine,
    openQr: (payload, device) => (platform.ownsQrToken(/** @type {{ s?: unknown }} */ (payload).s)
      ? platform.openQr(/** @type {{ s?: unknown }} */ (payload), device) : engine.openQr(payload, device)),
    openUserCode: (code, device) => (platform.ownsUserCode(code) ? platform.openUserCode(code, device) : engine.openUserCode(code, device)),
    describe: (id) => (platform.ownsSession(id) ? platform.describe(id) : engine.describe(id)),
    chooseCode: (id, code) => (platform.ownsSession(id) ? platform.chooseCode(id, code) : engine.chooseCode(id, code)),
    approve: (id, decision) => (platform.ownsSession(id) ? platform.approve(id, decision) : engine.approve(id, decision)),
    decline: (id) => (platform.ownsSession(id) ? platform.decline(id) : engine.decline(id)),
    // The platform's view of each phone and its inbox (decision 033).
    phones: platform.phones,
    inbox: platform.inbox,
    notifications,
  };
}

/** The real platform's scopes (PLATFORM.md "Login"), with the words the request screen uses for each. */
export const PLATFORM_SCOPE_WORDS = Object.freeze(/** @type {const} */ ({
  eidapi_auth: 'eidapiAuth',
  eidapi_profiles: 'eidapiProfiles',
  eidapi_formFilling: 'eidapiFormFilling',
  eidapi_sign: 'eidapiSign',
  eidapi_fr: 'eidapiFr',
  eidapi_bulksign: 'eidapiBulksign',
}));

/** @typedef {keyof typeof PLATFORM_SCOPE_WORDS} PlatformScope */

/** @param {string} scope @returns {scope is PlatformScope} */
export function isPlatformScope(scope) {
  return Object.hasOwn(PLATFORM_SCOPE_WORDS, scope);
}

/**
 * The message keys of what platform scopes ask for, in order.
 * @param {readonly string[]} scopes
 * @returns {import('../views/i18n.js').MessageKey[]}
 */
export function platformScopeDisclosures(scopes) {
  return scopes.filter(isPlatformScope).map((scope) => PLATFORM_SCOPE_WORDS[scope]);
}
