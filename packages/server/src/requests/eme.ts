/**
 * e-ME data from the platform's shapes (PLATFORM.md, docs/platform.md) to the kit's, then checked
 * by the SDK's own `readEmeData` (packages/sdk/src/eme/data.ts, bundled into the server by esbuild):
 * the page and the server accept exactly the same values.
 */
import { EME_ADDRESS_PARTS, EME_FIELDS } from '@iamsmart/protocol';
import { readEmeData } from '../../../sdk/src/eme/data.js';
import type { EmeResult } from './types.js';

/** The e-ME fields the platform fills (the sandbox's PLATFORM_EME_FIELDS); the kit's others are reported missing. */
export const PLATFORM_EME_FIELDS: readonly string[] = Object.freeze([
  'idNo', 'enName', 'chName', 'birthDate', 'gender', 'maritalStatus', 'prefix', 'educationLevel',
  'homeTelNumber', 'officeTelNumber', 'mobileNumber', 'emailAddress', 'residentialAddress', 'postalAddress',
]);

/** Members of a pushed or read e-ME result that are not fields. */
const NOT_FIELDS = new Set(['businessID', 'openID']);

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
const capitalised = (part: string) => part.charAt(0).toUpperCase() + part.slice(1);

/**
 * "CHAN Tai Man" → { lastName: 'CHAN', firstName: 'Tai Man' }: the leading upper-case word(s)
 * are the surname, as the platform writes English names (all capitals: the first word). Anything else is left for the check to
 * refuse (a malformed name is reported `invalid`, never guessed).
 */
export function englishName(value: unknown): unknown {
  if (!isObject(value) || typeof value.UnstructuredName !== 'string') return value;
  const words = value.UnstructuredName.trim().split(/\s+/);
  const upper = words.findIndex((word) => !/^[A-Z][A-Z'-]*$/.test(word));
  // All in capitals ("CHAN TAI MAN"): the first word is the surname.
  const split = upper === -1 ? Math.min(1, words.length - 1) : upper;
  if (split <= 0) return { lastName: words.join(' '), firstName: '' };
  return { lastName: words.slice(0, split).join(' '), firstName: words.slice(split).join(' ') };
}

/**
 * "陳大文" → { lastName: '陳', firstName: '大文' }: the first character is the surname. A compound
 * surname (歐陽, 司徒…) cannot be told apart from a one-character surname in one string, so
 * 歐陽大文 becomes 歐 + 陽大文; the whole name (lastName + firstName) is always right.
 */
export function chineseName(value: unknown): unknown {
  if (!isObject(value) || typeof value.ChineseName !== 'string') return value;
  const characters = Array.from(value.ChineseName.trim());
  return { lastName: characters[0] ?? '', firstName: characters.slice(1).join('') };
}

function phone(value: unknown): unknown {
  if (!isObject(value)) return value;
  return { countryCode: value.CountryCode, subscriberNumber: value.SubscriberNumber };
}

function idNo(value: unknown): unknown {
  if (!isObject(value)) return value;
  return { identification: value.Identification, checkDigit: value.CheckDigit };
}

/** { EngPremisesAddress: { Flat… }, ChiPremisesAddress: { … } } → { en: { flat… }, zh: { … } }; an empty language is left out. */
function address(value: unknown): unknown {
  if (!isObject(value)) return value;
  const out: Record<string, unknown> = {};
  for (const [member, lang] of [['EngPremisesAddress', 'en'], ['ChiPremisesAddress', 'zh']] as const) {
    const parts = value[member];
    if (parts === undefined) continue;
    if (!isObject(parts)) {
      out[lang] = parts;
      continue;
    }
    const converted: Record<string, unknown> = {};
    for (const [name, part] of Object.entries(parts)) {
      const kit = EME_ADDRESS_PARTS.find((p) => capitalised(p) === name);
      // An unknown member stays under its own name, so that the check refuses the address.
      converted[kit ?? name] = part;
    }
    if (Object.keys(converted).length > 0) out[lang] = converted;
  }
  for (const member of Object.keys(value)) if (member !== 'EngPremisesAddress' && member !== 'ChiPremisesAddress') out[member] = value[member];
  return out;
}

const CONVERT: Record<string, (value: unknown) => unknown> = {
  idNo, enName: englishName, chName: chineseName, homeTelNumber: phone, officeTelNumber: phone, mobileNumber: phone,
  residentialAddress: address, postalAddress: address,
};

/** The fields in a platform result that were not asked for (then nothing of it is used). */
export function fieldsNotAsked(content: Record<string, unknown>, asked: readonly string[]): string[] {
  return Object.keys(content).filter((member) => !NOT_FIELDS.has(member) && !asked.includes(member));
}

/**
 * The platform's e-ME result as the kit's EmeResult: fields asked and given, converted and checked
 * (malformed → `invalid`, dropped); `notFillable` (asked by the page, not by the platform) are `missing`.
 */
export function emeResultOf(content: Record<string, unknown>, asked: readonly string[], notFillable: readonly string[]): EmeResult {
  const claims: Record<string, unknown> = {};
  for (const field of asked) {
    if (content[field] === undefined) continue;
    claims[field] = (CONVERT[field] ?? ((value: unknown) => value))(content[field]);
  }
  const fields = EME_FIELDS.filter((field) => asked.includes(field) || notFillable.includes(field));
  const read = readEmeData(claims, fields);
  return { data: read.data, filled: [...read.filled], missing: [...read.missing], invalid: read.invalid.map(({ field, reason }) => ({ field, reason })) };
}
