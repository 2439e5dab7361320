/**
 * The e-ME fields iAM Smart can fill a form with, in iAM Smart's own names and order. The one list
 * for the SDK, the elements, the sandbox and the server; a request naming anything else is refused.
 */
export const EME_FIELDS = Object.freeze(
  /** @type {const} */ ([
    'enName',
    'chName',
    'idNo',
    'birthDate',
    'gender',
    'prefix',
    'maritalStatus',
    'homeTelNumber',
    'officeTelNumber',
    'mobileNumber',
    'emailAddress',
    'residentialAddress',
    'postalAddress',
    'educationLevel',
    'employmentStatus',
    'passportNumber',
    'passportExpiry',
    'propertyOwner',
    'carOwner',
  ]),
);

/** @typedef {(typeof EME_FIELDS)[number]} EmeField */

/** The parts of an address in either language, in the order an address is written in English. */
export const EME_ADDRESS_PARTS = Object.freeze(
  /** @type {const} */ (['flat', 'floor', 'block', 'building', 'estate', 'street', 'area', 'district', 'region']),
);

/**
 * @param {unknown} value
 * @returns {value is EmeField}
 */
export function isEmeField(value) {
  return typeof value === 'string' && /** @type {readonly string[]} */ (EME_FIELDS).includes(value);
}

/**
 * A name as iAM Smart's e-ME gives it: `{ lastName: 'CHAN', firstName: 'Tai Man' }`, `{ lastName: '陳', firstName: '大文' }`.
 * @typedef {object} PersonName
 * @property {string} lastName
 * @property {string} firstName
 */

/**
 * A phone number as e-ME gives it: `{ countryCode: '852', subscriberNumber: '91234567' }` (digits only).
 * @typedef {object} EmePhoneNumber
 * @property {string} countryCode
 * @property {string} subscriberNumber
 */

/**
 * An HKID number: `{ identification: 'K543210', checkDigit: '3' }`; the check digit is verified.
 * @typedef {object} EmeIdNo
 * @property {string} identification
 * @property {string} checkDigit
 */

/**
 * One address in one language's format; every part optional (e-ME leaves out what does not apply).
 * @typedef {object} EmeAddressParts
 * @property {string} [flat]
 * @property {string} [floor]
 * @property {string} [block]
 * @property {string} [building]
 * @property {string} [estate] A housing estate, e.g. `Taikoo Shing` / `太古城`.
 * @property {string} [street]
 * @property {string} [area]
 * @property {string} [district]
 * @property {string} [region]
 */

/**
 * An address in English (`en`) and Chinese (`zh`) formats, as e-ME keeps both.
 * @typedef {object} EmeAddress
 * @property {EmeAddressParts} [en]
 * @property {EmeAddressParts} [zh]
 */

/**
 * Validated e-ME data: only fields that were requested, consented and well-formed.
 * @typedef {object} EmeData
 * @property {PersonName} [enName]
 * @property {PersonName} [chName]
 * @property {EmeIdNo} [idNo]
 * @property {string} [birthDate] ISO 8601 date, `1978-03-14`.
 * @property {'M' | 'F'} [gender]
 * @property {string} [prefix] `Mr`, `Mrs`, `Ms`, `Miss`, `Dr`…
 * @property {string} [maritalStatus] `single`, `married`, `divorced`, `widowed`…
 * @property {EmePhoneNumber} [homeTelNumber]
 * @property {EmePhoneNumber} [officeTelNumber]
 * @property {EmePhoneNumber} [mobileNumber]
 * @property {string} [emailAddress]
 * @property {EmeAddress} [residentialAddress]
 * @property {EmeAddress} [postalAddress]
 * @property {string} [educationLevel]
 * @property {string} [employmentStatus]
 * @property {string} [passportNumber]
 * @property {string} [passportExpiry] ISO 8601 date.
 * @property {boolean} [propertyOwner]
 * @property {boolean} [carOwner]
 */
