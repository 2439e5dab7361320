/**
 * e-ME values as the app shows them to the resident: names as written, HKID as `K543210(3)`,
 * phones as `+852 9123 4567`, addresses in the page's language order, dates and choices in words.
 */
import { EME_ADDRESS_PARTS } from '@iamsmart/protocol';
import { t } from '../views/i18n.js';

/** @typedef {import('@iamsmart/protocol').Lang} Lang */
/** @typedef {import('@iamsmart/protocol').EmeField} EmeField */
/** @typedef {import('../views/i18n.js').MessageKey} MessageKey */

/** The words for a coded value, by field; a value without words is shown as it is. */
const CHOICES = /** @type {Partial<Record<EmeField, Record<string, MessageKey>>>} */ ({
  gender: { M: 'genderM', F: 'genderF' },
  prefix: { Mr: 'prefixMr', Mrs: 'prefixMrs', Ms: 'prefixMs', Miss: 'prefixMiss', Dr: 'prefixDr' },
  maritalStatus: { single: 'maritalSingle', married: 'maritalMarried', widowed: 'maritalWidowed' },
  educationLevel: { primary: 'educationPrimary', secondary: 'educationSecondary', degree: 'educationDegree', postgraduate: 'educationPostgraduate' },
  employmentStatus: { employed: 'employmentEmployed', selfEmployed: 'employmentSelfEmployed', retired: 'employmentRetired', student: 'employmentStudent' },
});

/** Each field's label, in iAM Smart's e-ME wording. */
export const FIELD_LABELS = /** @type {Record<EmeField, MessageKey>} */ ({
  enName: 'fieldEnName',
  chName: 'fieldChName',
  idNo: 'fieldIdNo',
  birthDate: 'fieldBirthDate',
  gender: 'fieldGender',
  prefix: 'fieldPrefix',
  maritalStatus: 'fieldMaritalStatus',
  homeTelNumber: 'fieldHomeTelNumber',
  officeTelNumber: 'fieldOfficeTelNumber',
  mobileNumber: 'fieldMobileNumber',
  emailAddress: 'fieldEmailAddress',
  residentialAddress: 'fieldResidentialAddress',
  postalAddress: 'fieldPostalAddress',
  educationLevel: 'fieldEducationLevel',
  employmentStatus: 'fieldEmploymentStatus',
  passportNumber: 'fieldPassportNumber',
  passportExpiry: 'fieldPassportExpiry',
  propertyOwner: 'fieldPropertyOwner',
  carOwner: 'fieldCarOwner',
});

/**
 * @param {{ countryCode: string, subscriberNumber: string }} phone
 * @returns {string} `+852 9123 4567` (a Hong Kong number in two groups of four)
 */
function formatPhone({ countryCode, subscriberNumber }) {
  const groups = /^\d{8}$/.test(subscriberNumber) ? `${subscriberNumber.slice(0, 4)} ${subscriberNumber.slice(4)}` : subscriberNumber;
  return `+${countryCode} ${groups}`;
}

/**
 * @param {Lang} lang
 * @param {string} date YYYY-MM-DD
 * @returns {string} `14 March 1978`, `1978年3月14日`
 */
function formatDate(lang, date) {
  const [year, month, day] = date.split('-').map(Number);
  return new Intl.DateTimeFormat(lang === 'en' ? 'en-HK' : lang, { dateStyle: 'long', timeZone: 'UTC' })
    .format(Date.UTC(year, month - 1, day));
}

/**
 * An address in the page's language: English from the flat up, separated by commas; Chinese from
 * the region down, written on. Falls back to the other language when the resident has only that one.
 * @param {Lang} lang
 * @param {import('../residents.js').Address} address
 * @returns {{ text: string, lang: 'en' | 'zh' }}
 */
function formatAddress(lang, address) {
  const format = (lang === 'en' ? address.en : address.zh) ? (lang === 'en' ? 'en' : 'zh') : (lang === 'en' ? 'zh' : 'en');
  const parts = /** @type {Record<string, string | undefined>} */ (address[format]);
  const present = EME_ADDRESS_PARTS.map((part) => parts[part]).filter((part) => typeof part === 'string' && part !== '');
  return format === 'en' ? { text: present.join(', '), lang: format } : { text: present.reverse().join(''), lang: format };
}

/**
 * A field's value for people, and the language it is written in when that is not the page's.
 * @param {Lang} lang the page's
 * @param {import('../residents.js').Resident} resident
 * @param {EmeField} field one the resident has (see hasField)
 * @returns {{ text: string, lang?: string }}
 */
export function formatField(lang, resident, field) {
  const { eme } = resident;
  // e-ME keeps Chinese names and addresses as on Hong Kong records: Traditional characters.
  const zhLang = 'zh-HK';
  switch (field) {
    case 'enName': return { text: `${eme.enName.lastName.toUpperCase()} ${eme.enName.firstName}`, lang: 'en' };
    case 'chName': return { text: `${eme.chName?.lastName}${eme.chName?.firstName}`, lang: zhLang };
    case 'idNo': return { text: `${eme.idNo.identification}(${eme.idNo.checkDigit})` };
    case 'birthDate':
    case 'passportExpiry': return { text: formatDate(lang, eme[field]) };
    case 'homeTelNumber':
    case 'officeTelNumber':
    case 'mobileNumber': return { text: formatPhone(/** @type {import('../residents.js').PhoneNumber} */ (eme[field])) };
    case 'residentialAddress':
    case 'postalAddress': {
      const address = formatAddress(lang, eme[field]);
      return { text: address.text, lang: address.lang === 'en' ? 'en' : zhLang };
    }
    case 'propertyOwner':
    case 'carOwner': return { text: t(lang, eme[field] ? 'yes' : 'no') };
    default: {
      const value = String(eme[field]);
      const key = CHOICES[field]?.[value];
      return key ? { text: t(lang, key) } : { text: value };
    }
  }
}
