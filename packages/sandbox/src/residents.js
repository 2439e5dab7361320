/**
 * The sandbox's test residents (personas) with their e-ME profiles, loaded from residents.json.
 * @typedef {{ lastName: string, firstName: string }} PersonName
 * @typedef {{ countryCode: string, subscriberNumber: string }} PhoneNumber
 * @typedef {{ flat?: string, floor?: string, block?: string, building?: string, estate?: string,
 *   street: string, area: string, district: string, region: string }} AddressParts
 * @typedef {{ en: AddressParts, zh: AddressParts }} Address
 * @typedef {{
 *   enName: PersonName, chName?: PersonName,
 *   idNo: { identification: string, checkDigit: string },
 *   birthDate: string, gender: 'M' | 'F', prefix: string, maritalStatus: string,
 *   homeTelNumber: PhoneNumber | null, officeTelNumber: PhoneNumber | null, mobileNumber: PhoneNumber,
 *   emailAddress: string, residentialAddress: Address, postalAddress: Address,
 *   educationLevel: string, employmentStatus: string, passportNumber: string, passportExpiry: string,
 *   propertyOwner: boolean, carOwner: boolean,
 * }} EmeProfile
 * @typedef {{ id: string, locale: 'en' | 'zh-HK' | 'zh-CN', nationality: string,
 *   passportIssuer: string, eme: EmeProfile }} Resident
 */
import { readFileSync } from 'node:fs';

/** @type {readonly Resident[]} */
export const residents = Object.freeze(
  JSON.parse(readFileSync(new URL('./residents.json', import.meta.url), 'utf8')),
);

const byId = new Map(residents.map((resident) => [resident.id, resident]));

/**
 * @param {string} id the resident's stable internal account id
 * @returns {Resident | undefined}
 */
export function findResident(id) {
  return byId.get(id);
}

/**
 * English name as printed on the HKID card: surname in capitals, then given names ("CHAN Tai Man").
 * @param {Resident} resident
 */
export function englishName(resident) {
  const { lastName, firstName } = resident.eme.enName;
  return `${lastName.toUpperCase()} ${firstName}`;
}

/**
 * Chinese name written as one string ("陳大文"), or undefined when the resident has none.
 * @param {Resident} resident
 */
export function chineseName(resident) {
  const name = resident.eme.chName;
  return name ? `${name.lastName}${name.firstName}` : undefined;
}

/**
 * Age in whole years on a given day.
 * @param {Resident} resident
 * @param {Date} [today]
 */
export function ageOf(resident, today = new Date()) {
  const [year, month, day] = resident.eme.birthDate.split('-').map(Number);
  let age = today.getUTCFullYear() - year;
  const beforeBirthday = today.getUTCMonth() + 1 < month
    || (today.getUTCMonth() + 1 === month && today.getUTCDate() < day);
  if (beforeBirthday) age -= 1;
  return age;
}
