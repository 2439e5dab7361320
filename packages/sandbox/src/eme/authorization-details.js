/**
 * The `eme` authorization details type: a website asks to fill a form with fields of the
 * resident's e-ME profile. Validated at the device authorization request; at approval the grant
 * keeps only the fields the resident consented to (required, plus the optional ones left ticked,
 * that the resident has), and userinfo returns exactly those.
 */
import { EME_FIELDS, isEmeField } from '@iamsmart/protocol';
import { errors } from 'oidc-provider';

/** @typedef {import('@iamsmart/protocol').EmeField} EmeField */
/**
 * @typedef {{ type: 'eme', fields: EmeField[], optionalFields?: EmeField[], formName: string,
 *   formNum?: string, purpose?: string }} EmeDetail
 */

const MAX_FORM_NAME_LENGTH = 200;
const MAX_FORM_NUM_LENGTH = 50;
const MAX_PURPOSE_LENGTH = 500;
const MEMBERS = new Set(['type', 'fields', 'optionalFields', 'formName', 'formNum', 'purpose']);

/** @param {string} message @returns {never} */
function fail(message) {
  throw new errors.InvalidAuthorizationDetails(message);
}

/**
 * @param {string} name
 * @param {unknown} value
 */
function checkFieldList(name, value) {
  if (!Array.isArray(value)) fail(`${name} must be an array of e-ME field names`);
  const seen = new Set();
  for (const field of value) {
    if (!isEmeField(field)) fail(`${name} lists ${JSON.stringify(field)}, which is not an e-ME field (${EME_FIELDS.join(', ')})`);
    if (seen.has(field)) fail(`${name} lists "${field}" twice`);
    seen.add(field);
  }
  return /** @type {EmeField[]} */ (value);
}

/**
 * @param {string} name
 * @param {unknown} value
 * @param {number} max
 */
function checkText(name, value, max) {
  if (typeof value !== 'string' || value.trim() === '' || value.length > max) {
    fail(`${name} must be a string of 1 to ${max} characters`);
  }
}

/**
 * oidc-provider's `richAuthorizationRequests.types.eme.validate`. Only at the device authorization
 * endpoint: the fields are shown and chosen in the app, which the redirect sign-in page is not.
 * One form per request: the app shows one form's fields, and the grant keeps one set of consented fields.
 * @param {{ oidc: { route?: string, params?: Record<string, unknown> } }} ctx
 * @param {Record<string, unknown>} detail
 */
export function validateEmeDetail(ctx, detail) {
  if (ctx.oidc.route !== 'device_authorization') {
    fail('form filling is approved in the iAM Smart app: send eme authorization details with the device authorization request');
  }
  const stray = Object.keys(detail).find((member) => !MEMBERS.has(member));
  if (stray !== undefined) fail(`an eme authorization detail has no member ${JSON.stringify(stray)}`);
  const fields = checkFieldList('fields', detail.fields);
  if (fields.length === 0) fail('fields must list at least one e-ME field');
  if (detail.optionalFields !== undefined) {
    const notRequested = checkFieldList('optionalFields', detail.optionalFields).find((field) => !fields.includes(field));
    if (notRequested) fail(`optionalFields lists "${notRequested}", which is not in fields`);
  }
  checkText('formName', detail.formName, MAX_FORM_NAME_LENGTH);
  if (detail.formNum !== undefined) checkText('formNum', detail.formNum, MAX_FORM_NUM_LENGTH);
  if (detail.purpose !== undefined) checkText('purpose', detail.purpose, MAX_PURPOSE_LENGTH);
  const requested = JSON.parse(String(ctx.oidc.params?.authorization_details ?? '[]'));
  if (Array.isArray(requested) && requested.filter((entry) => entry?.type === 'eme').length > 1) {
    fail('only one eme authorization detail (one form) per request');
  }
}

/**
 * The eme request (a form to fill) among a session's authorization details, if any.
 * @param {unknown[]} details validated
 * @returns {EmeDetail | undefined}
 */
export function emeDetailOf(details) {
  return /** @type {EmeDetail | undefined} */ (details.find((detail) => /** @type {{ type?: unknown }} */ (detail)?.type === 'eme'));
}

/**
 * Whether the resident has a value for a field (an office phone may be null, a Chinese name absent).
 * @param {import('../residents.js').Resident} resident
 * @param {EmeField} field
 */
export function hasField(resident, field) {
  return resident.eme[field] !== undefined && resident.eme[field] !== null;
}

/**
 * The fields the resident consents to: every required field and the optional ones left ticked,
 * that the resident has. A `kept` name that is not an optional field of the request adds nothing.
 * @param {EmeDetail} detail
 * @param {import('../residents.js').Resident} resident
 * @param {readonly string[]} kept the optional fields left ticked
 * @returns {EmeField[]} in the request's order
 */
export function consentedFields(detail, resident, kept) {
  const optional = detail.optionalFields ?? [];
  return detail.fields.filter((field) => (!optional.includes(field) || kept.includes(field)) && hasField(resident, field));
}

/**
 * The details a grant records: an `eme` detail's fields become the consented ones; others pass unchanged.
 * @param {import('oidc-provider').AuthorizationDetail[]} details
 * @param {import('../residents.js').Resident} resident
 * @param {readonly string[]} kept the optional fields left ticked
 */
export function grantEmeDetails(details, resident, kept) {
  return details.map((detail) => {
    if (detail.type !== 'eme') return detail;
    // What was optional is settled now: the grant lists only what the resident gives.
    /** @type {import('oidc-provider').AuthorizationDetail} */
    const granted = { ...detail, fields: consentedFields(/** @type {EmeDetail} */ (/** @type {unknown} */ (detail)), resident, kept) };
    delete granted.optionalFields;
    return granted;
  });
}

/**
 * The e-ME claims userinfo returns for an access token: exactly the fields of its grant's `eme`
 * detail, shaped as in residents.json; none when the token has no such detail.
 * @param {import('../residents.js').Resident} resident
 * @param {unknown[] | undefined} rar the access token's authorization details
 * @returns {Record<string, unknown>}
 */
export function emeClaims(resident, rar) {
  const fields = emeDetailOf(rar ?? [])?.fields ?? [];
  return Object.fromEntries(fields.filter((field) => isEmeField(field) && hasField(resident, field))
    .map((field) => [field, structuredClone(resident.eme[field])]));
}
