/**
 * The asynchronous profile request for a logged-in resident (PLATFORM.md "Login" 5):
 * `POST /api/v1/account/auth/profile/initiateRequest` (signed, encrypted) with `profileFields`
 * answers like e-ME's: `{ authByQR: true, ticketID }` for getQR (auth.js), or `{ authByQR: false }`
 * once the request is in the inbox of the phone that approved the login (decision 033). The phone
 * shows each field asked with its value; the result is pushed to the redirectURI (push.js):
 * `{ txID, code, message, businessID, content, secretKey }`, `content` the fields in the shapes
 * `POST /api/v1/profiles` answers, under a fresh key wrapped to the client's encipherment
 * certificate. The not-public points are in choices.js and codes.js.
 */
import { findResident } from '../residents.js';
import { endingsOf, loggedInResident, pushEnding, requestBasics, requestLangOf, routeRequest, ticketBook } from './account-requests.js';
import { fieldsOf } from './eme.js';
import { PlatformError, PROFILE_FIELDS_INVALID, PROFILE_NOT_GRANTED, PROFILE_PARAMETER_INVALID } from './codes.js';

/** @typedef {import('./eme.js').EmeRequest} EmeRequest */

/** The profile fields (PLATFORM.md "Login" 5), answered by `POST /api/v1/profiles` and this request. */
export const PROFILE_FIELDS = Object.freeze(['idNo', 'enName', 'chName', 'birthDate', 'gender']);

/** What the push says for each ending. @type {Record<import('./login-sessions.js').EmeOutcome, [string, string]>} */
const ENDINGS = endingsOf('The resident declined to share the profile.');

/**
 * `profileFields`, checked: a non-empty list of distinct profile field names.
 * @param {unknown} profileFields
 * @returns {import('@iamsmart/protocol').EmeField[]}
 */
export function checkedProfileFields(profileFields) {
  if (!Array.isArray(profileFields) || profileFields.length === 0 || profileFields.some((field) => !PROFILE_FIELDS.includes(field))
    || new Set(profileFields).size !== profileFields.length) {
    throw new PlatformError(PROFILE_FIELDS_INVALID, `profileFields must list some of ${PROFILE_FIELDS.join(', ')}.`);
  }
  return profileFields;
}

/**
 * The resident's profile fields asked for, in the platform's shapes (those the resident has).
 * @param {string} residentId @param {readonly string[]} fields
 */
export function profileOf(residentId, fields) {
  return fieldsOf(/** @type {import('../residents.js').Resident} */ (findResident(residentId)), fields);
}

/**
 * @param {object} deps
 * @param {ReturnType<typeof import('./api.js').createPlatformApi>} deps.api
 * @param {import('./account-requests.js').TokenFor} deps.tokenFor
 * @param {(clientId: string, residentId: string) => string} deps.accountIdFor
 * @param {import('./push.js').Pusher} deps.pusher
 * @param {readonly string[]} deps.sources
 * @param {import('./account-requests.js').ToPhone} deps.toPhone the phone's inbox (decision 033)
 */
export function profileRoutes({ api, tokenFor, accountIdFor, pusher, sources, toPhone }) {
  const tickets = ticketBook(api);

  /** POST /account/auth/profile/initiateRequest. @type {import('./api.js').SignedHandler} */
  function initiateRequest({ client, body }) {
    const { residentId, openID, device } = loggedInResident({ tokenFor, accountIdFor }, client, body, 'eidapi_profiles', PROFILE_NOT_GRANTED);
    const bad = (/** @type {string} */ details) => new PlatformError(PROFILE_PARAMETER_INVALID, details);
    const { businessID, redirectURI, state } = requestBasics(client, body, sources, bad);
    const lang = requestLangOf(body.lang, bad);
    const fields = checkedProfileFields(body.profileFields);
    return routeRequest(tickets, toPhone, client, {
      residentId, openID, businessID, clientId: client.clientId, redirectUri: redirectURI, state, lang,
      formName: '', formNum: '', formDesc: '', fields, profile: true,
    }, device);
  }

  api.router.post('/account/auth/profile/initiateRequest', api.signed(initiateRequest));

  return {
    /** The profile request of a ticketID, used once (getQR). */
    take: tickets.take,

    /**
     * How the request ended, pushed to the redirectURI: approved with the fields; otherwise its
     * code and no content (declined D40001, stopped D40002, cancelled D40000, expired D40003).
     * @param {EmeRequest} request @param {import('./login-sessions.js').EmeOutcome} outcome
     */
    settle(request, outcome) {
      pushEnding({ api, pusher }, ENDINGS, request, outcome, () => profileOf(/** @type {string} */ (request.residentId), request.fields));
    },
  };
}
