/**
 * e-ME form filling for a logged-in resident (PLATFORM.md "e-ME form filling"):
 * `POST /api/v1/account/eme/initiateRequest` (signed, encrypted) answers `{ authByQR, ticketID }`;
 * the browser then goes through getQR with the ticketID (auth.js), the resident sees the form and
 * each field with its value in the phone simulator, and the result is pushed to the redirectURI
 * (push.js): `{ txID, code, message, content, secretKey }`, `content` under a fresh key wrapped to
 * the client's encipherment certificate. The not-public points are in choices.js and codes.js.
 */
import { findResident, englishName, chineseName } from '../residents.js';
import { endingsOf, loggedInResident, pushEnding, requestBasics, requestLangOf, routeRequest, ticketBook } from './account-requests.js';
import { EME_AUTH_BY_QR, EME_ADDRESS_MEMBERS } from './choices.js';
import { EME_FIELDS_INVALID, EME_NOT_GRANTED, EME_PARAMETER_INVALID, PlatformError, TOKEN_INVALID, TOKEN_MISSING } from './codes.js';

/** @typedef {import('./api.js').PlatformClient} PlatformClient */
/** @typedef {import('../residents.js').Resident} Resident */

/** The e-ME fields the platform answers (PLATFORM.md field shapes), in its order. */
export const PLATFORM_EME_FIELDS = Object.freeze([
  'idNo', 'enName', 'chName', 'birthDate', 'gender', 'maritalStatus', 'prefix', 'educationLevel',
  'homeTelNumber', 'officeTelNumber', 'mobileNumber', 'emailAddress', 'residentialAddress', 'postalAddress',
]);

const FORM_TEXT_MAX = { formName: 200, formNum: 50, formDesc: 500 };

/**
 * @typedef {object} EmeRequest what the resident is asked and where the result goes
 * @property {string} businessID
 * @property {string} clientId
 * @property {string} [residentId] the access token's resident: only they may approve (none when anonymous)
 * @property {string} [openID]
 * @property {boolean} [anonymous] `/anonymous/eme/initiateRequest`: any resident, the result read with getResult
 * @property {string} redirectUri
 * @property {string} state
 * @property {import('@iamsmart/protocol').Lang} lang
 * @property {string} formName
 * @property {string} formNum
 * @property {string} formDesc
 * @property {import('@iamsmart/protocol').EmeField[]} fields
 * @property {import('./signing.js').SigningDetails} [signing] a hash signing request (signing.js) carried the same way: no fields
 * @property {boolean} [profile] a profile request (profile.js) carried the same way: `fields` are the profile fields asked for
 * @property {{ topics: import('./notifications.js').NotifyTopic[], chosen?: string[] }} [notify] a notification consent
 *   request (notifications.js) carried the same way, no fields: the topics asked about, and those the resident ticked
 */

/** What the push says for each ending. @type {Record<import('./login-sessions.js').EmeOutcome, [string, string]>} */
const ENDINGS = endingsOf('The resident declined the request.');

/** @param {{ countryCode: string, subscriberNumber: string }} phone */
const phoneOf = (phone) => ({ CountryCode: phone.countryCode, SubscriberNumber: phone.subscriberNumber });

/** @param {Record<string, string | undefined>} parts */
function premises(parts) {
  return Object.fromEntries(Object.entries(EME_ADDRESS_MEMBERS).filter(([part]) => parts[part]).map(([part, member]) => [member, parts[part]]));
}

/**
 * A resident's e-ME field in the platform's shape, or undefined when the resident has none.
 * @param {Resident} resident @param {string} field
 * @returns {unknown}
 */
export function platformEmeValue(resident, field) {
  const eme = /** @type {Record<string, any>} */ (resident.eme);
  const value = eme[field];
  if (value === undefined || value === null) return undefined;
  switch (field) {
    case 'idNo': return { Identification: value.identification, CheckDigit: value.checkDigit };
    case 'enName': return { UnstructuredName: englishName(resident) };
    case 'chName': {
      const name = chineseName(resident);
      return name ? { ChineseName: name } : undefined;
    }
    case 'homeTelNumber': case 'officeTelNumber': case 'mobileNumber': return phoneOf(value);
    case 'residentialAddress': case 'postalAddress':
      return { EngPremisesAddress: premises(value.en ?? {}), ChiPremisesAddress: premises(value.zh ?? {}) };
    default: return structuredClone(value);
  }
}

/**
 * The fields asked for that the resident has, in the platform's shapes.
 * @param {Resident} resident @param {readonly string[]} fields
 */
export function fieldsOf(resident, fields) {
  return Object.fromEntries(fields.map((field) => [field, platformEmeValue(resident, field)]).filter(([, value]) => value !== undefined));
}

/**
 * @param {object} deps
 * @param {ReturnType<typeof import('./api.js').createPlatformApi>} deps.api
 * @param {import('./account-requests.js').TokenFor} deps.tokenFor
 * @param {(clientId: string, residentId: string) => string} deps.accountIdFor
 * @param {import('./push.js').Pusher} deps.pusher
 * @param {readonly string[]} deps.sources
 * @param {import('./account-requests.js').ToPhone} [deps.toPhone] the phone's inbox (decision 033)
 */
export function emeRoutes({ api, tokenFor, accountIdFor, pusher, sources, toPhone }) {
  const tickets = ticketBook(api);

  /** POST /account/eme/initiateRequest. @type {import('./api.js').SignedHandler} */
  function initiateRequest({ client, body }) {
    return newTicket(client, body, loggedInResident({ tokenFor, accountIdFor }, client, body, 'eidapi_formFilling', EME_NOT_GRANTED));
  }

  /** POST /anonymous/eme/initiateRequest: no login; any resident approves. @type {import('./api.js').SignedHandler} */
  function anonymousRequest({ client, body }) {
    return newTicket(client, body, { anonymous: true });
  }

  /**
   * POST /anonymous/eme/getResult: the access token from getToken after an anonymous e-ME
   * request and its businessID → the fields (in the signed answer's encrypted content).
   * @type {import('./api.js').SignedHandler}
   */
  function getResult({ client, body }) {
    const { accessToken, businessID } = body;
    if (typeof accessToken !== 'string' || accessToken === '') throw new PlatformError(TOKEN_MISSING, 'accessToken is missing.');
    const token = tokenFor(accessToken, client.clientId);
    // An anonymous signing request's token (anonymous-signing.js) reads its own result only.
    if (!token?.eme || token.eme.signing) throw new PlatformError(TOKEN_INVALID, 'The access token is unknown, expired, or not from an anonymous e-ME request.');
    if (businessID !== token.eme.businessID) throw new PlatformError(EME_PARAMETER_INVALID, 'businessID is not the one of this request.');
    const resident = /** @type {Resident} */ (findResident(token.residentId));
    return { businessID: token.eme.businessID, ...fieldsOf(resident, token.eme.fields) };
  }

  /**
   * Checks an initiateRequest's parameters and issues its ticket.
   * @param {PlatformClient} client @param {Record<string, unknown>} body
   * @param {{ residentId?: string, openID?: string, anonymous?: boolean, device?: string }} who
   */
  function newTicket(client, body, who) {
    const { formName, formNum, formDesc, eMEFields } = body;
    const bad = (/** @type {string} */ details) => new PlatformError(EME_PARAMETER_INVALID, details);
    const { businessID, redirectURI, state } = requestBasics(client, body, sources, bad);
    const lang = requestLangOf(body.lang, bad);
    const texts = { formName, formNum, formDesc };
    for (const [name, max] of Object.entries(FORM_TEXT_MAX)) {
      const text = texts[/** @type {keyof typeof texts} */ (name)];
      if (typeof text !== 'string' || text.trim() === '' || text.length > max) throw bad(`${name} must be 1 to ${max} characters.`);
    }
    if (!Array.isArray(eMEFields) || eMEFields.length === 0 || new Set(eMEFields).size !== eMEFields.length
      || eMEFields.some((field) => !PLATFORM_EME_FIELDS.includes(field))) {
      throw new PlatformError(EME_FIELDS_INVALID, `eMEFields must list distinct fields of ${PLATFORM_EME_FIELDS.join(', ')}.`);
    }
    const { device, ...requester } = who;
    /** @type {EmeRequest} */
    const request = {
      ...requester, businessID, clientId: client.clientId, redirectUri: redirectURI, state,
      lang, formName: /** @type {string} */ (formName),
      formNum: /** @type {string} */ (formNum), formDesc: /** @type {string} */ (formDesc),
      fields: /** @type {import('@iamsmart/protocol').EmeField[]} */ (eMEFields),
    };
    // An anonymous request has no login phone: it always goes through getQR.
    if (who.anonymous) return { authByQR: EME_AUTH_BY_QR, ticketID: tickets.issue(request) };
    return routeRequest(tickets, toPhone, client, request, device);
  }

  api.router
    .post('/account/eme/initiateRequest', api.signed(initiateRequest))
    .post('/anonymous/eme/initiateRequest', api.signed(anonymousRequest))
    .post('/anonymous/eme/getResult', api.signed(getResult));

  return {
    /** The e-ME request of a ticketID, used once (getQR). */
    take: tickets.take,

    /**
     * How the request ended, pushed to the redirectURI: approved with the data; otherwise its code
     * and no content (declined D40001, stopped in the app D40002, cancelled on the page D40000,
     * expired D40003).
     * @param {EmeRequest} request @param {import('./login-sessions.js').EmeOutcome} outcome
     */
    settle(request, outcome) {
      pushEnding({ api, pusher }, ENDINGS, request, outcome, () => {
        const resident = /** @type {Resident} */ (findResident(/** @type {string} */ (request.residentId)));
        return { businessID: request.businessID, openID: request.openID, ...fieldsOf(resident, request.fields) };
      });
    },
  };
}

/** @typedef {ReturnType<typeof emeRoutes>} EmeRequests */
