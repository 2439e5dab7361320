/** The language of a request's page, and links that keep the chosen one. */
import { explicitLang, pageLang } from '../views/i18n.js';

/** @typedef {import('@iamsmart/protocol').Lang} Lang */

/**
 * The page language and the one chosen explicitly (`lang`, from the language switcher), if any.
 * @param {import('koa').Context} ctx
 * @param {string | null | undefined} [lang] a form's `lang`; by default the query's
 * @param {unknown} [uiLocales] the authorization request's `ui_locales`
 * @returns {{ lang: Lang, explicit: Lang | undefined }}
 */
export function requestLang(ctx, lang = ctx.query.lang?.toString(), uiLocales = undefined) {
  return { lang: pageLang({ explicit: lang, uiLocales, acceptLanguage: ctx.get('accept-language') }), explicit: explicitLang(lang) };
}

/**
 * A URL for the same page in another language, keeping the other query parameters.
 * @param {import('koa').Context} ctx
 * @returns {(lang: Lang) => string}
 */
export function languageHrefFor(ctx) {
  return (lang) => {
    const params = new URLSearchParams(ctx.querystring);
    params.set('lang', lang);
    return `${ctx.path}?${params}`;
  };
}

/**
 * A path with the explicitly chosen language added, if there is one.
 * @param {string} path
 * @param {Lang | undefined} explicit
 */
export function withLang(path, explicit) {
  return explicit ? `${path}${path.includes('?') ? '&' : '?'}lang=${encodeURIComponent(explicit)}` : path;
}
