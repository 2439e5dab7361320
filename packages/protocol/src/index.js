// The facts every package of the kit shares, kept once. Plain ES modules with JSDoc types, so the
// sandbox and the server run them in Node as they are, and TypeScript reads their types.
export { ERROR_CODES, FAILURE_CODES, isErrorCode } from './errors.js';
export { FLOWS, SESSION_STATES, LIVE_STATES, FINAL_STATES, isFinalState } from './session.js';
export { LANGS, DEFAULT_LANG, matchLang, resolveLang, pickLang } from './lang.js';
export { EME_FIELDS, EME_ADDRESS_PARTS, isEmeField } from './eme.js';
export { hkidCheckDigit, isValidHkid } from './hkid.js';
export { DISCOVERY_EXTENSIONS, DEVICE_AUTHORIZATION_EXTENSIONS } from './extensions.js';
export { normalizeScope } from './scope.js';
export { NOTIFY_TOPIC_ID, NOTIFY_LIMITS, NOTIFY_LANGS, plainTextProblem, notifyTextProblem, notifyLinkProblem, notifyTopicProblem } from './notify.js';

/**
 * @typedef {import('./errors.js').ErrorCode} ErrorCode
 * @typedef {import('./session.js').Flow} Flow
 * @typedef {import('./session.js').SessionState} SessionState
 * @typedef {import('./lang.js').Lang} Lang
 * @typedef {import('./eme.js').EmeField} EmeField
 * @typedef {import('./eme.js').PersonName} PersonName
 * @typedef {import('./eme.js').EmePhoneNumber} EmePhoneNumber
 * @typedef {import('./eme.js').EmeIdNo} EmeIdNo
 * @typedef {import('./eme.js').EmeAddressParts} EmeAddressParts
 * @typedef {import('./eme.js').EmeAddress} EmeAddress
 * @typedef {import('./eme.js').EmeData} EmeData
 * @typedef {import('./notify.js').NotifyText} NotifyText
 */
