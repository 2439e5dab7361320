import type { IamSmartLang } from '@iamsmart/sdk';

/**
 * A file size as file managers show it, in `lang`: bytes below 1000 (spelled out, so Intl picks
 * the plural: "1 byte", "512 bytes"), then kB and MB with one decimal ("12.4 kB"). Decimal
 * units, as the sizes people see next to their files.
 */
export function formatBytes(bytes: number, lang: IamSmartLang): string {
  if (bytes < 1000) return new Intl.NumberFormat(lang, { style: 'unit', unit: 'byte', unitDisplay: 'long' }).format(bytes);
  const [value, unit] = bytes < 1_000_000 ? [bytes / 1000, 'kilobyte'] : [bytes / 1_000_000, 'megabyte'];
  return new Intl.NumberFormat(lang, { style: 'unit', unit, unitDisplay: 'short', maximumFractionDigits: 1 }).format(value);
}

/** `724E 0EA4 7B69 C7E9` → `7 2 4 E, 0 E A 4, 7 B 6 9, C 7 E 9`: read character by character, group by group. */
export function spellFingerprint(fingerprint: string): string {
  return fingerprint
    .split(' ')
    .map((group) => group.replace(/(.)(?=.)/g, '$1 '))
    .join(', ');
}

/** A moment (ISO 8601) with its time zone, e.g. `1 Jan 2026, 8:01:30 am GMT+8`. */
export function formatDateTime(iso: string, lang: IamSmartLang): string {
  return new Intl.DateTimeFormat(lang, { dateStyle: 'medium', timeStyle: 'long' }).format(new Date(iso));
}

/** A day (ISO 8601), e.g. `1 Jun 2027`. */
export function formatDate(iso: string, lang: IamSmartLang): string {
  return new Intl.DateTimeFormat(lang, { dateStyle: 'medium' }).format(new Date(iso));
}
