import type { IamSmartLang } from '@iamsmart/sdk';

export type Locale = IamSmartLang;

/** The kit's languages, as the toolbar and the per-language stories name them. */
export const LOCALES = [
  { value: 'en', title: 'English' },
  { value: 'zh-HK', title: '繁體中文 (zh-HK)' },
  { value: 'zh-CN', title: '简体中文 (zh-CN)' },
] as const satisfies readonly { value: Locale; title: string }[];

export function isLocale(value: unknown): value is Locale {
  return LOCALES.some((locale) => locale.value === value);
}

/** The page's language a story runs in (the toolbar's, or the smoke test's for an `a11y-languages` story). */
export function localeOf(globals: Record<string, unknown>): Locale {
  return isLocale(globals.locale) ? globals.locale : 'en';
}
