// Hong Kong Identity Card numbers: one or two letters, six digits and a check digit (0-9 or A).
// The check digit makes the weighted sum (weights 9..2 over the letters, padded to two with a
// space worth 36, then the digits; A=10 … Z=35) plus the check value a multiple of 11; a check
// value of 10 is written "A".

const BODY = /^[A-Z]{1,2}[0-9]{6}$/;

/** @param {string} char */
function charValue(char) {
  if (char === ' ') return 36;
  if (char >= '0' && char <= '9') return Number(char);
  return char.charCodeAt(0) - 'A'.charCodeAt(0) + 10;
}

/**
 * The check digit of an HKID body such as "A123456" ("3"), or undefined when it is not one.
 * Lower-case letters are accepted.
 * @param {string} identification letters and six digits, without the check digit
 * @returns {string | undefined} "0"–"9" or "A"
 */
export function hkidCheckDigit(identification) {
  if (typeof identification !== 'string') return undefined;
  const body = identification.toUpperCase();
  if (!BODY.test(body)) return undefined;
  const padded = body.padStart(8, ' ');
  let sum = 0;
  for (let i = 0; i < 8; i += 1) sum += charValue(padded.charAt(i)) * (9 - i);
  const check = (11 - (sum % 11)) % 11;
  return check === 10 ? 'A' : String(check);
}

/**
 * Whether an HKID number with its check digit is valid, e.g. ("A123456", "3").
 * @param {unknown} identification
 * @param {unknown} checkDigit
 * @returns {boolean}
 */
export function isValidHkid(identification, checkDigit) {
  if (typeof identification !== 'string' || typeof checkDigit !== 'string') return false;
  const expected = hkidCheckDigit(identification);
  return expected !== undefined && expected === checkDigit.toUpperCase();
}
