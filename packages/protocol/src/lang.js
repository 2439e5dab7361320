/** The languages every string of the kit exists in: English, Traditional Chinese (Hong Kong), Simplified Chinese. */
export const LANGS = Object.freeze(/** @type {const} */ (['en', 'zh-HK', 'zh-CN']));

/** @typedef {(typeof LANGS)[number]} Lang */

/** @type {Lang} */
export const DEFAULT_LANG = 'en';

const SIMPLIFIED_REGIONS = new Set(['CN', 'SG', 'MY']);

/**
 * The kit's language for a BCP 47 tag, or undefined when the tag names neither English nor
 * Chinese (nor Cantonese). The one rule for every package:
 * - the script decides when it is given: `zh-Hant*` → zh-HK, `zh-Hans*` → zh-CN (also for `yue`);
 * - else the region: CN, SG, MY → zh-CN; HK, MO, TW and any other → zh-HK;
 * - bare `zh` and `yue` → zh-HK: this is Hong Kong's identity, whose Chinese is Traditional;
 * - `en` and any `en-*` → en.
 * Case and `_` separators are forgiven (`zh_hk`, `ZH-hans`).
 * @param {string | null | undefined} tag
 * @returns {Lang | undefined}
 */
export function matchLang(tag) {
  if (typeof tag !== 'string') return undefined;
  const subtags = tag.trim().replace(/_/g, '-').split('-').filter(Boolean);
  const language = subtags[0]?.toLowerCase();
  if (language === 'en') return 'en';
  if (language !== 'zh' && language !== 'yue') return undefined;
  const rest = subtags.slice(1);
  const script = rest.find((part) => /^[a-z]{4}$/i.test(part))?.toLowerCase();
  if (script === 'hant') return 'zh-HK';
  if (script === 'hans') return 'zh-CN';
  const region = rest.find((part) => /^([a-z]{2}|[0-9]{3})$/i.test(part))?.toUpperCase();
  return region !== undefined && SIMPLIFIED_REGIONS.has(region) ? 'zh-CN' : 'zh-HK';
}

/**
 * The kit's language for a tag; English for anything else, empty or unparsable.
 * @param {string | null | undefined} tag
 * @returns {Lang}
 */
export function resolveLang(tag) {
  return matchLang(tag) ?? DEFAULT_LANG;
}

/**
 * The first of several tags the kit speaks (an OIDC `ui_locales` list, `navigator.languages`,
 * an `Accept-Language` header's tags in order); English when none.
 * @param {Iterable<string | null | undefined> | string | null | undefined} tags a list, or a space- or comma-separated string (q-values ignored)
 * @returns {Lang}
 */
export function pickLang(tags) {
  const list = typeof tags === 'string' ? tags.split(/[\s,]+/).map((tag) => tag.split(';')[0]) : (tags ?? []);
  for (const tag of list) {
    const lang = matchLang(tag);
    if (lang !== undefined) return lang;
  }
  return DEFAULT_LANG;
}
