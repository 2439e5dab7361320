// The e-ME claims userinfo answered, turned into `EmeResult`: only requested fields are read,
// each is checked against its shape and normalised, and a malformed one is reported, never passed
// on — a form must not be filled with a value the SDK cannot vouch for.
import type { EmeField } from '@iamsmart/protocol';
import type { EmeAddress, EmeAddressParts, EmeData, EmeIdNo, EmePhoneNumber, EmeResult, PersonName } from './types.js';
import { hkidCheckDigit } from '@iamsmart/protocol';

const MAX_TEXT_LENGTH = 200;
const ADDRESS_PARTS = ['flat', 'floor', 'block', 'building', 'estate', 'street', 'area', 'district', 'region'] as const;

/** Why a value was refused; caught per field. */
class Malformed extends Error {}

function malformed(reason: string): never {
  throw new Malformed(reason);
}

function record(value: unknown, what: string): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) malformed(`not ${what}`);
  return value as Record<string, unknown>;
}

/** A non-empty string of at most 200 characters, trimmed. */
function text(value: unknown, what: string): string {
  if (typeof value !== 'string') malformed(`${what} is not a string`);
  const trimmed = value.trim();
  if (trimmed === '') malformed(`${what} is empty`);
  if (trimmed.length > MAX_TEXT_LENGTH) malformed(`${what} is longer than ${MAX_TEXT_LENGTH} characters`);
  return trimmed;
}

function personName(value: unknown): PersonName {
  const name = record(value, 'a name ({ lastName, firstName })');
  return { lastName: text(name.lastName, 'lastName'), firstName: text(name.firstName, 'firstName') };
}

function idNo(value: unknown): EmeIdNo {
  const id = record(value, 'an HKID number ({ identification, checkDigit })');
  const identification = typeof id.identification === 'string' ? id.identification.toUpperCase() : '';
  if (!/^[A-Z]{1,2}[0-9]{6}$/.test(identification)) malformed('identification is not one or two letters and six digits');
  const checkDigit = typeof id.checkDigit === 'string' ? id.checkDigit.toUpperCase() : '';
  if (!/^[0-9A]$/.test(checkDigit)) malformed('checkDigit is not 0-9 or A');
  if (hkidCheckDigit(identification) !== checkDigit) malformed('the check digit does not match the number');
  return { identification, checkDigit };
}

/** An ISO 8601 calendar date (YYYY-MM-DD) that exists: no 31 February. */
function isoDate(value: unknown): string {
  if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(value)) malformed('not a date in the form YYYY-MM-DD');
  const [year, month, day] = value.split('-').map(Number) as [number, number, number];
  const date = new Date(Date.UTC(year, month - 1, day));
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) malformed('not a calendar date');
  return value;
}

function gender(value: unknown): 'M' | 'F' {
  if (value !== 'M' && value !== 'F') malformed('not "M" or "F"');
  return value;
}

function phone(value: unknown): EmePhoneNumber {
  const number = record(value, 'a phone number ({ countryCode, subscriberNumber })');
  const { countryCode, subscriberNumber } = number;
  if (typeof countryCode !== 'string' || !/^\d{1,3}$/.test(countryCode)) malformed('countryCode is not 1 to 3 digits');
  if (typeof subscriberNumber !== 'string' || !/^\d{4,15}$/.test(subscriberNumber)) malformed('subscriberNumber is not 4 to 15 digits');
  return { countryCode, subscriberNumber };
}

function email(value: unknown): string {
  // Plausible, not RFC 5322: one @, no spaces, a dotted domain; the form's own checks do the rest.
  if (typeof value !== 'string' || value.length > 254 || !/^[^\s@]+@[^\s@.]+(\.[^\s@.]+)+$/.test(value)) malformed('not an email address');
  return value;
}

function addressParts(value: unknown, language: string): EmeAddressParts {
  const parts = record(value, `an address in the ${language} format`);
  const result: EmeAddressParts = {};
  for (const [name, part] of Object.entries(parts)) {
    if (!(ADDRESS_PARTS as readonly string[]).includes(name)) malformed(`${language}: unknown address part "${name}"`);
    result[name as (typeof ADDRESS_PARTS)[number]] = text(part, `${language}.${name}`);
  }
  if (Object.keys(result).length === 0) malformed(`${language}: no address part`);
  return result;
}

function address(value: unknown): EmeAddress {
  const formats = record(value, 'an address ({ en, zh })');
  const stray = Object.keys(formats).find((key) => key !== 'en' && key !== 'zh');
  if (stray !== undefined) malformed(`unknown address format "${stray}"`);
  if (formats.en === undefined && formats.zh === undefined) malformed('neither an English nor a Chinese address');
  return {
    ...(formats.en === undefined ? {} : { en: addressParts(formats.en, 'en') }),
    ...(formats.zh === undefined ? {} : { zh: addressParts(formats.zh, 'zh') }),
  };
}

function flag(value: unknown): boolean {
  if (typeof value !== 'boolean') malformed('not true or false');
  return value;
}

const plainText = (value: unknown): string => text(value, 'the value');

/** Each field's check; the mapped type makes a missing or mistyped entry a compile error. */
const CHECKS: { [F in EmeField]-?: (value: unknown) => NonNullable<EmeData[F]> } = {
  enName: personName,
  chName: personName,
  idNo,
  birthDate: isoDate,
  gender,
  prefix: plainText,
  maritalStatus: plainText,
  homeTelNumber: phone,
  officeTelNumber: phone,
  mobileNumber: phone,
  emailAddress: email,
  residentialAddress: address,
  postalAddress: address,
  educationLevel: plainText,
  employmentStatus: plainText,
  passportNumber: plainText,
  passportExpiry: isoDate,
  propertyOwner: flag,
  carOwner: flag,
};

/** Reads the requested fields out of userinfo's claims; anything else in `claims` is ignored. */
export function readEmeData(claims: Record<string, unknown>, requested: readonly EmeField[]): EmeResult {
  const data: Record<string, unknown> = {};
  const result: EmeResult = { data, filled: [], missing: [], invalid: [] };
  for (const field of requested) {
    // OpenID Connect Core §5.3.2 leaves out a claim without a value; null (as residents.json writes it) says the same.
    if (claims[field] === undefined || claims[field] === null) {
      result.missing.push(field);
      continue;
    }
    try {
      data[field] = CHECKS[field](claims[field]);
      result.filled.push(field);
    } catch (error) {
      if (!(error instanceof Malformed)) throw error;
      result.invalid.push({ field, reason: error.message });
    }
  }
  return result;
}
