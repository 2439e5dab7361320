/**
 * The flows, by the one name each has in every package: type names, file names, routes, docs.
 * `login` is a login of any kind (redirect, popup, app link or QR); `sign` an electronic
 * signature; `eme` filling a form with the resident's e-ME data; `notify` the resident's consent to a
 * service's updates in the app (decision 059).
 */
export const FLOWS = Object.freeze(/** @type {const} */ (['login', 'sign', 'eme', 'notify']));

/** @typedef {(typeof FLOWS)[number]} Flow */

/**
 * One state machine for every cross-device session:
 * `idle → starting → awaiting-scan → scanned → approved → done`, and `denied | expired |
 * cancelled | error` from any live state; `expired` can be refreshed into `starting`.
 */
export const SESSION_STATES = Object.freeze(
  /** @type {const} */ (['idle', 'starting', 'awaiting-scan', 'scanned', 'approved', 'done', 'denied', 'expired', 'cancelled', 'error']),
);

/** @typedef {(typeof SESSION_STATES)[number]} SessionState */

/**
 * States in which the identification code can still be used and the countdown runs.
 * @type {readonly SessionState[]}
 */
export const LIVE_STATES = Object.freeze(/** @type {SessionState[]} */ (['awaiting-scan', 'scanned']));

/**
 * States a session does not leave by itself.
 * @type {readonly SessionState[]}
 */
export const FINAL_STATES = Object.freeze(/** @type {SessionState[]} */ (['done', 'denied', 'expired', 'cancelled', 'error']));

/**
 * @param {SessionState} state
 * @returns {boolean}
 */
export function isFinalState(state) {
  return FINAL_STATES.includes(state);
}
