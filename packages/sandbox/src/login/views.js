/**
 * The login's pages: the sign-in interaction (choose a resident, then approve or decline), what
 * each scope shares, and the RP-initiated logout confirmation.
 */
import { html, SafeHtml } from '../views/html.js';
import { t } from '../views/i18n.js';
import { layout, requesterCard, residentButtons } from '../views/layout.js';
import { chineseName, englishName } from '../residents.js';

/** @typedef {import('@iamsmart/protocol').Lang} Lang */
/** @typedef {import('../views/layout.js').Presentation} Presentation */
/** @typedef {import('../views/layout.js').Requester} Requester */
/** @typedef {import('../views/layout.js').LanguageHref} LanguageHref */

/** What each scope shares, shown before the resident approves (here and in the app). */
const SCOPE_DISCLOSURES = /** @type {const} */ ({
  openid: ['shareIdentifier'],
  profile: ['shareName', 'shareLocale'],
});

/**
 * The message keys of what the scopes share, in order.
 * @param {readonly string[]} scopes
 * @returns {import('../views/i18n.js').MessageKey[]}
 */
export function scopeDisclosures(scopes) {
  return scopes.flatMap((scope) => (Object.hasOwn(SCOPE_DISCLOSURES, scope) ? SCOPE_DISCLOSURES[/** @type {keyof typeof SCOPE_DISCLOSURES} */ (scope)] : []));
}

/**
 * Step 1: choose a test resident. Each button's accessible name is exactly the resident's English
 * name; the Chinese name, age and district describe it.
 * @param {{ lang: Lang, presentation: Presentation, uid: string, requester: Requester,
 *   residents: readonly import('../residents.js').Resident[], explicitLang?: Lang | undefined,
 *   languageHref: LanguageHref, notice?: string | undefined }} options
 */
export function residentPickerPage({ lang, presentation, uid, requester, residents, explicitLang, languageHref, notice }) {
  const main = html`<h1 id="page-title">${t(lang, 'loginTitle')}</h1>
${requesterCard(lang, requester)}
${notice ? html`<p class="notice" role="alert">${notice}</p>` : ''}
<h2 id="residents-heading">${t(lang, 'chooseResident')}</h2>
<p class="help">${t(lang, 'chooseResidentHelp')}</p>
<form method="get" action="/interaction/${encodeURIComponent(uid)}" class="residents-form">
${explicitLang ? html`<input type="hidden" name="lang" value="${explicitLang}">` : ''}
${residentButtons(lang, residents, 'residents-heading')}
</form>`;
  return layout({ lang, title: t(lang, 'loginTitle'), presentation, languageHref, main });
}

/**
 * Step 2: approve or decline, with equal weight. `csrf` is the interaction's CSRF token.
 * @param {{ lang: Lang, presentation: Presentation, uid: string, csrf: string, requester: Requester,
 *   resident: import('../residents.js').Resident, scopes: string[], explicitLang?: Lang | undefined,
 *   languageHref: LanguageHref }} options
 */
export function approvalPage({ lang, presentation, uid, csrf, requester, resident, scopes, explicitLang, languageHref }) {
  const chName = chineseName(resident);
  const back = `/interaction/${encodeURIComponent(uid)}${explicitLang ? `?lang=${encodeURIComponent(explicitLang)}` : ''}`;
  const main = html`<h1 id="page-title">${t(lang, 'confirmTitle')}</h1>
${requesterCard(lang, requester)}
<section class="signed-in-as" aria-labelledby="as-heading">
<h2 id="as-heading" class="label">${t(lang, 'loggingInAs')}</h2>
<p class="resident-name">${englishName(resident)}${chName ? html` <span lang="zh-HK">${chName}</span>` : ''}</p>
</section>
<section aria-labelledby="share-heading">
<h2 id="share-heading">${t(lang, 'willShare', { site: requester.name })}</h2>
<ul class="disclosures">
${scopeDisclosures(scopes).map((key) => html`<li>${t(lang, key)}</li>`)}
</ul>
</section>
<p class="help">${t(lang, 'decisionHelp', { origin: requester.origin })}</p>
<form method="post" action="/interaction/${encodeURIComponent(uid)}/confirm" class="decision">
<input type="hidden" name="csrf" value="${csrf}">
<input type="hidden" name="resident" value="${resident.id}">
${explicitLang ? html`<input type="hidden" name="lang" value="${explicitLang}">` : ''}
<button type="submit" name="decision" value="approve" class="choice approve"><span class="choice-icon" aria-hidden="true">✓</span>${t(lang, 'approve')}</button>
<button type="submit" name="decision" value="decline" class="choice decline"><span class="choice-icon" aria-hidden="true">✕</span>${t(lang, 'decline')}</button>
</form>
<p class="secondary-action"><a href="${back}">${t(lang, 'chooseAnother')}</a></p>`;
  return layout({ lang, title: t(lang, 'confirmTitle'), presentation, languageHref, main });
}

/**
 * The RP-initiated logout confirmation. `form` is oidc-provider's own form (action + xsrf field).
 * @param {{ lang: Lang, siteName: string, form: string }} options
 */
export function logoutPage({ lang, siteName, form }) {
  const main = html`<h1 id="page-title">${t(lang, 'logoutTitle')}</h1>
<p>${t(lang, 'logoutQuestion', { site: siteName })}</p>
${new SafeHtml(form) /* oidc-provider's own markup: the form's action and xsrf token */}
<div class="decision">
<button type="submit" form="op.logoutForm" name="logout" value="yes" class="choice">${t(lang, 'logoutConfirm')}</button>
<button type="submit" form="op.logoutForm" class="choice">${t(lang, 'logoutCancel')}</button>
</div>`;
  return layout({ lang, title: t(lang, 'logoutTitle'), main });
}
