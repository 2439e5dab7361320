/**
 * The 8-digit identification code both kinds of session show (the simulator's own, session/engine.js,
 * and the platform's hosted page, platform/login-sessions.js): its display form, reading a typed or
 * chosen code, and the number-matching choices the phone offers.
 */
import { randomInt } from 'node:crypto';

/** @returns {string} 8 random digits, e.g. "48210937" */
export const randomCode = () => String(randomInt(0, 100_000_000)).padStart(8, '0');

/** @param {string} digits "48210937" @returns {string} "4821-0937", as the desktop shows it */
export function formatCode(digits) {
  return `${digits.slice(0, 4)}-${digits.slice(4)}`;
}

/** @param {unknown} code @returns {string | undefined} the 8 digits of a typed or chosen code */
export function codeDigits(code) {
  const digits = String(code ?? '').replace(/[\s-]/g, '');
  return /^\d{8}$/.test(digits) ? digits : undefined;
}

/**
 * The code and two random decoys, in random order (number matching in the app).
 * @param {string} userCode
 */
export function codeChoices(userCode) {
  const codes = new Set([userCode]);
  while (codes.size < 3) codes.add(randomCode());
  const choices = [...codes];
  for (let i = choices.length - 1; i > 0; i -= 1) {
    const j = randomInt(0, i + 1);
    [choices[i], choices[j]] = [choices[j], choices[i]];
  }
  return choices.map(formatCode);
}
