// HKID check digits, as packages/sandbox/src/hkid.js computes them: the weighted sum (weights 9..2
// over the letters, padded to two with a space worth 36, then the six digits; A=10 … Z=35) plus the
// check value is a multiple of 11, and a check value of 10 is written "A".

const BODY = /^[A-Z]{1,2}[0-9]{6}$/;

function charValue(char: string): number {
  if (char === ' ') return 36;
  if (char >= '0' && char <= '9') return Number(char);
  return char.charCodeAt(0) - 'A'.charCodeAt(0) + 10;
}

/** The check digit ("0"–"9" or "A") of an uppercase HKID body such as "A123456"; undefined when it is not one. */
export function hkidCheckDigit(identification: string): string | undefined {
  if (!BODY.test(identification)) return undefined;
  const padded = identification.padStart(8, ' ');
  let sum = 0;
  for (let i = 0; i < 8; i += 1) sum += charValue(padded.charAt(i)) * (9 - i);
  const check = (11 - (sum % 11)) % 11;
  return check === 10 ? 'A' : String(check);
}
