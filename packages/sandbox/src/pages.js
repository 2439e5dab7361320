/**
 * The sandbox's HTML pages: the sign-in interaction (choose a resident, then approve or
 * decline), the phone-app simulator's home and refusal pages, logout and error pages. Mobile
 * first, labelled landmarks, the page language set, no inline script or style.
 */
import { html, SafeHtml } from './html.js';
import { LANGUAGE_NAMES, LOCALES, t } from './i18n.js';
import { ageOf, chineseName, englishName } from './residents.js';

/** @typedef {import('./i18n.js').Locale} Locale */
/** @typedef {'browser' | 'app'} Presentation */
/** @typedef {{ name: string, origin: string }} Requester */

/**
 * @param {{ locale: Locale, title: string, presentation?: Presentation,
 *   languageHref?: (locale: Locale) => string, main: SafeHtml }} page
 */
export function layout({ locale, title, presentation = 'browser', languageHref, main }) {
  return html`<!doctype html>
<html lang="${locale}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title} · ${t(locale, 'brand')}</title>
<link rel="icon" href="/assets/iamsmart-mark.svg" type="image/svg+xml">
<link rel="stylesheet" href="/assets/sandbox.css">
</head>
<body class="presentation-${presentation}">
<a class="skip-link" href="#main">${t(locale, 'skipToContent')}</a>
<div class="frame">
<header>
<div class="top-bar">
<img class="mark" src="/assets/iamsmart-mark.svg" alt="" width="36" height="36">
<span class="brand-name">${t(locale, 'brand')}</span>
${presentation === 'app' ? html`<span class="badge">${t(locale, 'simulatorBadge')}</span>` : ''}
</div>
<p class="sandbox-notice">${t(locale, 'sandboxNotice')}</p>
</header>
<main id="main" tabindex="-1" aria-labelledby="page-title">
${main}
</main>
${languageHref ? html`<footer class="page-footer">
<nav aria-label="${t(locale, 'languageNav')}">
<ul class="languages">
${LOCALES.map((option) => html`<li><a href="${languageHref(option)}" lang="${option}" hreflang="${option}"${option === locale ? html` aria-current="true"` : ''}>${LANGUAGE_NAMES[option]}</a></li>`)}
</ul>
</nav>
</footer>` : ''}
</div>
</body>
</html>
`.value;
}

/**
 * @param {Locale} locale
 * @param {Requester} requester
 */
function requesterCard(locale, requester) {
  return html`<section class="requester" aria-labelledby="requester-heading">
<h2 id="requester-heading" class="label">${t(locale, 'requestingSite')}</h2>
<p class="site-name">${requester.name}</p>
<p class="site-origin"><span class="label">${t(locale, 'websiteAddress')}</span> <span class="origin" translate="no">${requester.origin}</span></p>
</section>`;
}

/**
 * @param {Locale} locale
 * @param {import('./residents.js').Resident} resident
 */
function residentSummary(locale, resident) {
  const chName = chineseName(resident);
  const address = resident.eme.residentialAddress[locale === 'en' ? 'en' : 'zh'];
  const age = ageOf(resident);
  return [
    chName ? html`<span lang="zh-HK">${chName}</span>` : html`<span>${t(locale, 'noChineseName')}</span>`,
    html`<span>${t(locale, 'age', { age: String(age) })}</span>`,
    html`<span>${address.district}</span>`,
  ].flatMap((part, index) => (index === 0 ? [part] : [html`<span aria-hidden="true"> · </span>`, part]));
}

/**
 * Step 1: choose a test resident. Each button's accessible name is exactly the resident's English
 * name; the Chinese name, age and district describe it.
 * @param {{ locale: Locale, presentation: Presentation, uid: string, requester: Requester,
 *   residents: readonly import('./residents.js').Resident[], explicitLocale?: Locale,
 *   languageHref: (locale: Locale) => string, notice?: string }} options
 */
export function residentPickerPage({ locale, presentation, uid, requester, residents, explicitLocale, languageHref, notice }) {
  const main = html`<h1 id="page-title">${t(locale, 'loginTitle')}</h1>
${requesterCard(locale, requester)}
${notice ? html`<p class="notice" role="alert">${notice}</p>` : ''}
<h2 id="residents-heading">${t(locale, 'chooseResident')}</h2>
<p class="help">${t(locale, 'chooseResidentHelp')}</p>
<form method="get" action="/interaction/${encodeURIComponent(uid)}" class="residents-form">
${explicitLocale ? html`<input type="hidden" name="lang" value="${explicitLocale}">` : ''}
<ul class="residents" aria-labelledby="residents-heading">
${residents.map((resident) => html`<li class="resident">
<button type="submit" name="resident" value="${resident.id}" aria-describedby="resident-${resident.id}">${englishName(resident)}</button>
<p class="resident-details" id="resident-${resident.id}">${residentSummary(locale, resident)}</p>
</li>`)}
</ul>
</form>`;
  return layout({ locale, title: t(locale, 'loginTitle'), presentation, languageHref, main });
}

/** What each scope shares, shown before the resident approves. */
const SCOPE_DISCLOSURES = /** @type {const} */ ({
  openid: ['shareIdentifier'],
  profile: ['shareName', 'shareLocale'],
});

/**
 * Step 2: approve or decline, with equal weight.
 * @param {{ locale: Locale, presentation: Presentation, uid: string, requester: Requester,
 *   resident: import('./residents.js').Resident, scopes: string[], explicitLocale?: Locale,
 *   languageHref: (locale: Locale) => string }} options
 */
export function approvalPage({ locale, presentation, uid, requester, resident, scopes, explicitLocale, languageHref }) {
  const chName = chineseName(resident);
  const disclosures = scopes.flatMap((scope) => SCOPE_DISCLOSURES[/** @type {keyof typeof SCOPE_DISCLOSURES} */ (scope)] ?? []);
  const back = `/interaction/${encodeURIComponent(uid)}${explicitLocale ? `?lang=${encodeURIComponent(explicitLocale)}` : ''}`;
  const main = html`<h1 id="page-title">${t(locale, 'confirmTitle')}</h1>
${requesterCard(locale, requester)}
<section class="signed-in-as" aria-labelledby="as-heading">
<h2 id="as-heading" class="label">${t(locale, 'loggingInAs')}</h2>
<p class="resident-name">${englishName(resident)}${chName ? html` <span lang="zh-HK">${chName}</span>` : ''}</p>
</section>
<section aria-labelledby="share-heading">
<h2 id="share-heading">${t(locale, 'willShare', { site: requester.name })}</h2>
<ul class="disclosures">
${disclosures.map((key) => html`<li>${t(locale, key)}</li>`)}
</ul>
</section>
<p class="help">${t(locale, 'decisionHelp', { origin: requester.origin })}</p>
<form method="post" action="/interaction/${encodeURIComponent(uid)}/confirm" class="decision">
<input type="hidden" name="resident" value="${resident.id}">
${explicitLocale ? html`<input type="hidden" name="lang" value="${explicitLocale}">` : ''}
<button type="submit" name="decision" value="approve" class="choice approve"><span class="choice-icon" aria-hidden="true">✓</span>${t(locale, 'approve')}</button>
<button type="submit" name="decision" value="decline" class="choice decline"><span class="choice-icon" aria-hidden="true">✕</span>${t(locale, 'decline')}</button>
</form>
<p class="secondary-action"><a href="${back}">${t(locale, 'chooseAnother')}</a></p>`;
  return layout({ locale, title: t(locale, 'confirmTitle'), presentation, languageHref, main });
}

/**
 * A page that explains a problem, with technical details (in English, as the protocol gives
 * them) marked as such for screen readers.
 * @param {{ locale: Locale, title: string, help: string, code?: string, details?: string,
 *   extra?: SafeHtml, presentation?: Presentation, languageHref?: (locale: Locale) => string }} options
 */
export function problemPage({ locale, title, help, code, details, extra, presentation, languageHref }) {
  const main = html`<h1 id="page-title">${title}</h1>
<p class="help">${help}</p>
${code ? html`<dl class="technical">
<dt>${t(locale, 'errorCode')}</dt><dd lang="en" translate="no"><code>${code}</code></dd>
${details ? html`<dt>${t(locale, 'errorDetails')}</dt><dd lang="en">${details}</dd>` : ''}
</dl>` : ''}
${extra ?? ''}`;
  return layout({ locale, title, presentation, languageHref, main });
}

/**
 * The phone-app simulator's home at /app.
 * @param {{ locale: Locale, discoveryUrl: string, languageHref: (locale: Locale) => string }} options
 */
export function appHomePage({ locale, discoveryUrl, languageHref }) {
  const main = html`<h1 id="page-title">${t(locale, 'appTitle')}</h1>
<p>${t(locale, 'appIntro')}</p>
<p>${t(locale, 'appHow')}</p>
<p class="notice">${t(locale, 'appNoRequest')}</p>
<p class="secondary-action"><a href="${discoveryUrl}">${t(locale, 'appDiscovery')}</a></p>`;
  return layout({ locale, title: t(locale, 'appTitle'), presentation: 'app', languageHref, main });
}

/**
 * The RP-initiated logout confirmation. `form` is oidc-provider's own form (action + xsrf field).
 * @param {{ locale: Locale, siteName: string, form: string }} options
 */
export function logoutPage({ locale, siteName, form }) {
  const main = html`<h1 id="page-title">${t(locale, 'logoutTitle')}</h1>
<p>${t(locale, 'logoutQuestion', { site: siteName })}</p>
${new SafeHtml(form) /* oidc-provider's own markup: the form's action and xsrf token */}
<div class="decision">
<button type="submit" form="op.logoutForm" name="logout" value="yes" class="choice">${t(locale, 'logoutConfirm')}</button>
<button type="submit" form="op.logoutForm" class="choice">${t(locale, 'logoutCancel')}</button>
</div>`;
  return layout({ locale, title: t(locale, 'logoutTitle'), main });
}
