/**
 * What every page shares: the frame (layout), the requesting website's card, a resident's
 * summary, and the problem page. Mobile first, labelled landmarks, the page language set, no
 * inline script or style.
 */
import { LANGS } from '@iamsmart/protocol';
import { html } from './html.js';
import { LANGUAGE_NAMES, t } from './i18n.js';
import { ageOf, chineseName, englishName } from '../residents.js';

/** @typedef {import('@iamsmart/protocol').Lang} Lang */
/** @typedef {import('./html.js').SafeHtml} SafeHtml */
/** @typedef {'browser' | 'app'} Presentation */
/** @typedef {{ name: string, origin: string }} Requester */
/** @typedef {(lang: Lang) => string} LanguageHref a URL for the same page in another language */

/**
 * `scripts` are the simulator's scripts (files under /assets; no inline code anywhere); with them
 * the page gets a polite live region they announce through. `focusTitle` marks a step in a flow:
 * the script moves focus to the heading so a screen reader starts at the new step. `pageScript` is
 * a script at its own path (the platform's hosted page), which brings its own live region.
 * @param {{ lang: Lang, title: string, presentation?: Presentation | undefined, languageHref?: LanguageHref | undefined,
 *   main: SafeHtml, scripts?: ('app.js' | 'jsQR.js')[], pageScript?: string | undefined, focusTitle?: boolean }} page
 */
export function layout({ lang, title, presentation = 'browser', languageHref, main, scripts = [], pageScript, focusTitle = false }) {
  return html`<!doctype html>
<html lang="${lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title} · ${t(lang, 'brand')}</title>
<link rel="icon" href="/assets/iamsmart-mark.svg" type="image/svg+xml">
<link rel="stylesheet" href="/assets/sandbox.css">
${scripts.map((name) => html`<script src="/assets/${name}" defer></script>
`)}${pageScript ? html`<script src="${pageScript}" defer></script>
` : ''}</head>
<body class="presentation-${presentation}"${focusTitle ? html` data-focus-title` : ''}>
<a class="skip-link" href="#main">${t(lang, 'skipToContent')}</a>
<div class="frame">
<header>
<div class="top-bar">
<img class="mark" src="/assets/iamsmart-mark.svg" alt="" width="36" height="36">
<span class="brand-name">${t(lang, 'brand')}</span>
${presentation === 'app' ? html`<span class="badge">${t(lang, 'simulatorBadge')}</span>` : ''}
</div>
<p class="sandbox-notice">${t(lang, 'sandboxNotice')}</p>
</header>
<main id="main" tabindex="-1" aria-labelledby="page-title">
${main}
</main>
${scripts.length ? html`<div id="announcer" class="visually-hidden" role="status"></div>` : ''}
${languageHref ? html`<footer class="page-footer">
<nav aria-label="${t(lang, 'languageNav')}">
<ul class="languages">
${LANGS.map((option) => html`<li><a href="${languageHref(option)}" lang="${option}" hreflang="${option}"${option === lang ? html` aria-current="true"` : ''}>${LANGUAGE_NAMES[option]}</a></li>`)}
</ul>
</nav>
</footer>` : ''}
</div>
</body>
</html>
`.value;
}

/**
 * @param {Lang} lang
 * @param {Requester} requester
 */
export function requesterCard(lang, requester) {
  return html`<section class="requester" aria-labelledby="requester-heading">
<h2 id="requester-heading" class="label">${t(lang, 'requestingSite')}</h2>
<p class="site-name">${requester.name}</p>
<p class="site-origin"><span class="label">${t(lang, 'websiteAddress')}</span> <span class="origin" translate="no">${requester.origin}</span></p>
</section>`;
}

/**
 * Hidden fields every simulator form carries: the CSRF token and the chosen language.
 * @param {string} csrf
 * @param {Lang | undefined} explicitLang
 */
export function formBasics(csrf, explicitLang) {
  return html`<input type="hidden" name="csrf" value="${csrf}">
${explicitLang ? html`<input type="hidden" name="lang" value="${explicitLang}">` : ''}`;
}

/**
 * A resident's Chinese name, age and district, to tell the test residents apart.
 * @param {Lang} lang
 * @param {import('../residents.js').Resident} resident
 */
export function residentSummary(lang, resident) {
  const chName = chineseName(resident);
  const address = resident.eme.residentialAddress[lang === 'en' ? 'en' : 'zh'];
  const age = ageOf(resident);
  return [
    chName ? html`<span lang="zh-HK">${chName}</span>` : html`<span>${t(lang, 'noChineseName')}</span>`,
    html`<span>${t(lang, 'age', { age: String(age) })}</span>`,
    html`<span>${address.district}</span>`,
  ].flatMap((part, index) => (index === 0 ? [part] : [html`<span aria-hidden="true"> · </span>`, part]));
}

/**
 * The test residents as a list of submit buttons named by English name (what tests and people pick
 * by), each described by its summary; the sign-in page and the simulator both use it.
 * @param {Lang} lang
 * @param {readonly import('../residents.js').Resident[]} residents
 * @param {string} labelledBy the id of the list's heading
 */
export function residentButtons(lang, residents, labelledBy) {
  return html`<ul class="residents" aria-labelledby="${labelledBy}">
${residents.map((resident) => html`<li class="resident">
<button type="submit" name="resident" value="${resident.id}" aria-describedby="resident-${resident.id}">${englishName(resident)}</button>
<p class="resident-details" id="resident-${resident.id}">${residentSummary(lang, resident)}</p>
</li>`)}
</ul>`;
}

/**
 * A page that explains a problem, with technical details (in English, as the protocol gives
 * them) marked as such for screen readers.
 * @param {{ lang: Lang, title: string, help: string, code?: string | undefined, details?: string | undefined,
 *   extra?: SafeHtml, presentation?: Presentation, languageHref?: LanguageHref }} options
 */
export function problemPage({ lang, title, help, code, details, extra, presentation, languageHref }) {
  const main = html`<h1 id="page-title">${title}</h1>
<p class="help">${help}</p>
${code ? html`<dl class="technical">
<dt>${t(lang, 'errorCode')}</dt><dd lang="en" translate="no"><code>${code}</code></dd>
${details ? html`<dt>${t(lang, 'errorDetails')}</dt><dd lang="en">${details}</dd>` : ''}
</dl>` : ''}
${extra ?? ''}`;
  return layout({ lang, title, presentation, languageHref, main });
}
