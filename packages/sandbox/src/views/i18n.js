/**
 * One `t()` over every feature's strings (views/strings.js for what all pages share, then
 * login/, app/, sign/, eme/ and notify/strings.js), and the choice of a page's language.
 */
import { LANGS, pickLang } from '@iamsmart/protocol';
import * as common from './strings.js';
import * as login from '../login/strings.js';
import * as app from '../app/strings.js';
import * as sign from '../sign/strings.js';
import * as eme from '../eme/strings.js';
import * as notify from '../notify/strings.js';

/** @typedef {import('@iamsmart/protocol').Lang} Lang */

/** Each language's name in itself, for the language switcher. */
export const LANGUAGE_NAMES = Object.freeze({ en: 'English', 'zh-HK': '繁體中文', 'zh-CN': '简体中文' });

const PARTS = [common, login, app, sign, eme, notify];
const en = { ...common.en, ...login.en, ...app.en, ...sign.en, ...eme.en, ...notify.en };

/** @typedef {keyof typeof en} MessageKey */

/** @type {Record<Lang, Record<MessageKey, string>>} */
const MESSAGES = {
  en,
  'zh-HK': { ...common.zhHK, ...login.zhHK, ...app.zhHK, ...sign.zhHK, ...eme.zhHK, ...notify.zhHK },
  'zh-CN': { ...common.zhCN, ...login.zhCN, ...app.zhCN, ...sign.zhCN, ...eme.zhCN, ...notify.zhCN },
};

// A key in two features would silently hide one of them.
if (Object.keys(en).length !== PARTS.reduce((count, part) => count + Object.keys(part.en).length, 0)) {
  throw new Error('Two features define the same message key');
}

/**
 * A message in the language, with `{name}` placeholders replaced (values are plain text; the page
 * templates escape the result).
 * @param {Lang} lang
 * @param {MessageKey} key
 * @param {Record<string, string>} [values]
 */
export function t(lang, key, values = {}) {
  return MESSAGES[lang][key].replace(/\{(\w+)\}/g, (whole, name) => values[name] ?? whole);
}

/**
 * A language the switcher offers, exactly as a `lang` parameter names it.
 * @param {string | null | undefined} value
 * @returns {Lang | undefined}
 */
export function explicitLang(value) {
  return LANGS.find((lang) => lang === value);
}

/**
 * An Accept-Language header's tags, most preferred first (by q, then order; q=0 means "not this").
 * @param {string | undefined} header
 * @returns {string[]}
 */
export function acceptedTags(header) {
  if (!header) return [];
  return header.split(',')
    .map((part, index) => {
      const [tag = '', ...params] = part.split(';');
      const q = params.map((param) => param.trim()).find((param) => param.startsWith('q='));
      return { tag: tag.trim(), q: q ? Number(q.slice(2)) : 1, index };
    })
    .filter(({ q }) => q > 0)
    .sort((a, b) => b.q - a.q || a.index - b.index)
    .map(({ tag }) => tag);
}

/**
 * The page language: an explicit choice (the language switcher), then the authorization request's
 * `ui_locales`, then the browser's Accept-Language, then English; tags read by the kit's one rule.
 * @param {{ explicit?: string | null, uiLocales?: unknown, acceptLanguage?: string }} sources
 * @returns {Lang}
 */
export function pageLang({ explicit, uiLocales, acceptLanguage }) {
  const uiTags = typeof uiLocales === 'string' ? uiLocales.split(' ') : [];
  return explicitLang(explicit) ?? pickLang([...uiTags, ...acceptedTags(acceptLanguage)]);
}
