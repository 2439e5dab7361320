/**
 * The sandbox's HTML pages: the sign-in interaction (choose a resident, then approve or
 * decline), the phone-app simulator's home and refusal pages, logout and error pages. Mobile
 * first, labelled landmarks, the page language set, no inline script or style.
 */
import { html, SafeHtml } from './html.js';
import { LANGUAGE_NAMES, LOCALES, t } from './i18n.js';
import { hasField } from './eme/authorization-details.js';
import { FIELD_LABELS, formatField } from './eme/format.js';
import { ageOf, chineseName, englishName } from './residents.js';

/** @typedef {import('./i18n.js').Locale} Locale */
/** @typedef {'browser' | 'app'} Presentation */
/** @typedef {{ name: string, origin: string }} Requester */

/**
 * `scripts` are the simulator's scripts (files under /assets; no inline code anywhere); with them
 * the page gets a polite live region they announce through. `focusTitle` marks a step in a flow:
 * the script moves focus to the heading so a screen reader starts at the new step.
 * @param {{ locale: Locale, title: string, presentation?: Presentation, languageHref?: (locale: Locale) => string,
 *   main: SafeHtml, scripts?: ('app.js' | 'jsQR.js')[], focusTitle?: boolean }} page
 */
export function layout({ locale, title, presentation = 'browser', languageHref, main, scripts = [], focusTitle = false }) {
  return html`<!doctype html>
<html lang="${locale}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title} · ${t(locale, 'brand')}</title>
<link rel="icon" href="/assets/iamsmart-mark.svg" type="image/svg+xml">
<link rel="stylesheet" href="/assets/sandbox.css">
${scripts.map((name) => html`<script src="/assets/${name}" defer></script>
`)}</head>
<body class="presentation-${presentation}"${focusTitle ? html` data-focus-title` : ''}>
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
${scripts.length ? html`<div id="announcer" class="visually-hidden" role="status"></div>` : ''}
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
 * The phone-app simulator's home at /app: the four ways to open a request from another device.
 * Scanning and pictures need the script (and the camera needs BarcodeDetector), so those
 * sections start hidden and the script reveals them; the link form and the code page work
 * without it.
 * @param {{ locale: Locale, discoveryUrl: string, qrPrefix: string, explicitLocale?: Locale,
 *   languageHref: (locale: Locale) => string, error?: string, link?: string }} options
 */
export function appHomePage({ locale, discoveryUrl, qrPrefix, explicitLocale, languageHref, error, link }) {
  const langQuery = explicitLocale ? `?lang=${encodeURIComponent(explicitLocale)}` : '';
  const main = html`<h1 id="page-title">${t(locale, 'appTitle')}</h1>
<p>${t(locale, 'appIntro')}</p>
<h2 id="ways-heading">${t(locale, 'appWaysHeading')}</h2>
<p class="help">${t(locale, 'appWaysHelp')}</p>
<p class="notice" id="script-needed">${t(locale, 'scriptNeeded')}</p>
<section class="way" id="scan" aria-labelledby="scan-heading" hidden>
<h3 id="scan-heading">${t(locale, 'scanHeading')}</h3>
<p class="help" id="scan-unavailable" hidden>${t(locale, 'scanUnavailable')}</p>
<div class="way-actions" id="scan-actions" hidden>
<button type="button" class="action primary" id="scan-start">${t(locale, 'scanButton')}</button>
<button type="button" class="action" id="scan-stop" hidden>${t(locale, 'scanStop')}</button>
</div>
<video id="scan-video" class="scan-video" aria-label="${t(locale, 'scanVideo')}" muted playsinline hidden></video>
</section>
<section class="way" id="picture" aria-labelledby="picture-heading" hidden
 data-no-qr="${t(locale, 'pictureNoQr')}" data-unreadable="${t(locale, 'pictureUnreadable')}"
 data-scan-started="${t(locale, 'scanStarted')}" data-scan-failed="${t(locale, 'scanFailed')}"
 data-found="${t(locale, 'linkFound')}" data-foreign="${t(locale, 'appBadLinkTitle')}. ${t(locale, 'foreignLinkHelp')}">
<h3 id="picture-heading">${t(locale, 'pictureHeading')}</h3>
<p class="help" id="picture-help">${t(locale, 'pictureHelp')}</p>
<div class="file-pick">
<input type="file" id="picture-file" class="visually-hidden" accept="image/*" aria-describedby="picture-help">
<label for="picture-file" class="action primary">${t(locale, 'pictureButton')}</label>
</div>
</section>
<p class="notice problem" id="app-error" role="alert"${error ? '' : html` hidden`}>${error ?? ''}</p>
<section class="way" aria-labelledby="link-heading">
<h3 id="link-heading">${t(locale, 'linkHeading')}</h3>
<form method="get" action="/app/open" class="link-form" id="link-form">
${explicitLocale ? html`<input type="hidden" name="lang" value="${explicitLocale}">` : ''}
<label for="link">${t(locale, 'linkLabel')}</label>
<p class="help" id="link-help">${t(locale, 'linkHelp', { prefix: qrPrefix })}</p>
<div class="inline-field">
<input type="url" id="link" name="link" required autocomplete="off" spellcheck="false" aria-describedby="link-help" value="${link ?? ''}">
<button type="submit" class="action primary">${t(locale, 'linkOpen')}</button>
</div>
</form>
</section>
<section class="way" aria-labelledby="code-heading">
<h3 id="code-heading">${t(locale, 'codeHeading')}</h3>
<p><a class="action" href="/app/code${langQuery}">${t(locale, 'codeLink')}</a></p>
</section>
<h2>${t(locale, 'appSameDevice')}</h2>
<p class="help">${t(locale, 'appHow')}</p>
<p class="secondary-action"><a href="${discoveryUrl}">${t(locale, 'appDiscovery')}</a></p>`;
  return layout({ locale, title: t(locale, 'appTitle'), presentation: 'app', languageHref, main, scripts: ['jsQR.js', 'app.js'] });
}

/**
 * Hidden fields every simulator form carries: the CSRF token and the chosen language.
 * @param {string} csrf
 * @param {Locale | undefined} explicitLocale
 */
function formBasics(csrf, explicitLocale) {
  return html`<input type="hidden" name="csrf" value="${csrf}">
${explicitLocale ? html`<input type="hidden" name="lang" value="${explicitLocale}">` : ''}`;
}

/**
 * /app/code: the non-scanning path. The resident types the identification code the website shows.
 * @param {{ locale: Locale, csrf: string, explicitLocale?: Locale, languageHref: (locale: Locale) => string,
 *   value?: string, error?: string }} options
 */
export function appCodePage({ locale, csrf, explicitLocale, languageHref, value, error }) {
  const main = html`<h1 id="page-title" tabindex="-1">${t(locale, 'codeTitle')}</h1>
<form method="post" action="/app/code" class="code-form" novalidate>
${formBasics(csrf, explicitLocale)}
<label for="user-code">${t(locale, 'codeLabel')}</label>
<p class="help" id="user-code-help">${t(locale, 'codeHelp')}</p>
${error ? html`<p class="field-error" id="user-code-error">${error}</p>` : ''}
<input type="text" id="user-code" name="code" class="code-input" inputmode="numeric" autocomplete="one-time-code"
 maxlength="12" spellcheck="false" value="${value ?? ''}"
 aria-describedby="user-code-help${error ? ' user-code-error' : ''}"${error ? html` aria-invalid="true" data-autofocus` : ''}>
<button type="submit" class="action primary">${t(locale, 'codeContinue')}</button>
</form>
<p class="secondary-action"><a href="/app${explicitLocale ? `?lang=${encodeURIComponent(explicitLocale)}` : ''}">${t(locale, 'backToApp')}</a></p>`;
  return layout({ locale, title: t(locale, 'codeTitle'), presentation: 'app', languageHref, main, scripts: ['app.js'], focusTitle: !error });
}

/**
 * Signing in to the simulated app: one button per test resident, named exactly by the English name.
 * @param {{ locale: Locale, csrf: string, next: string, residents: readonly import('./residents.js').Resident[],
 *   explicitLocale?: Locale, languageHref: (locale: Locale) => string }} options
 */
export function appSignInPage({ locale, csrf, next, residents, explicitLocale, languageHref }) {
  const main = html`<h1 id="page-title" tabindex="-1">${t(locale, 'signInTitle')}</h1>
<p class="help" id="sign-in-help">${t(locale, 'signInHelp')}</p>
<form method="post" action="/app/resident" class="residents-form">
${formBasics(csrf, explicitLocale)}
<input type="hidden" name="next" value="${next}">
<ul class="residents" aria-labelledby="page-title">
${residents.map((resident) => html`<li class="resident">
<button type="submit" name="resident" value="${resident.id}" aria-describedby="resident-${resident.id}">${englishName(resident)}</button>
<p class="resident-details" id="resident-${resident.id}">${residentSummary(locale, resident)}</p>
</li>`)}
</ul>
</form>`;
  return layout({ locale, title: t(locale, 'signInTitle'), presentation: 'app', languageHref, main, scripts: ['app.js'], focusTitle: true });
}

/**
 * @typedef {{ name: string, origin: string, scopes: string[], authorizationDetails: { type?: unknown }[],
 *   documents?: { label?: string, fingerprint: string }[], form?: import('./eme/authorization-details.js').EmeDetail,
 *   expiresAt: number }} CrossDeviceRequest
 *   `documents`: what a signing request asks to sign (none for a login); `form`: what a form-filling
 *   request asks to fill
 * @typedef {{ kind: 'choose', codes: string[] } | { kind: 'decide', code: string, typed: boolean }} RequestStep
 */

/**
 * A time left as m:ss.
 * @param {number} ms
 */
function minutesSeconds(ms) {
  const total = Math.max(0, Math.ceil(ms / 1000));
  return `${Math.floor(total / 60)}:${String(total % 60).padStart(2, '0')}`;
}

/**
 * What a signing request asks to sign: each document's name and hash fingerprint. The
 * fingerprint's label spells it out group by group, so a screen reader reads characters the
 * resident can compare, not a word.
 * @param {Locale} locale
 * @param {NonNullable<CrossDeviceRequest['documents']>} documents
 */
function documentsSection(locale, documents) {
  return html`<section class="documents" aria-labelledby="documents-heading">
<h2 id="documents-heading">${t(locale, 'documentsHeading')}</h2>
<ul class="document-list">
${documents.map(({ label, fingerprint }, index) => html`<li>
<dl class="document">
<dt>${t(locale, 'documentName')}</dt><dd class="document-name">${label ?? t(locale, 'untitledDocument')}</dd>
<dt>${t(locale, 'fingerprint')}</dt><dd><code class="fingerprint" translate="no" aria-label="${fingerprint.split(' ').map((group) => [...group].join(' ')).join(', ')}"
 aria-describedby="fingerprint-help-${String(index)}">${fingerprint}</code>
<p class="help" id="fingerprint-help-${String(index)}">${t(locale, 'fingerprintHelp')}</p></dd>
</dl>
</li>`)}
</ul>
</section>`;
}

/**
 * What a form-filling request asks for: the form, then each field with the resident's own value.
 * Required fields say so; optional ones the resident has get a checkbox, ticked, in the Approve
 * form (`decideForm`, once the code matched) to leave them out; fields the resident does not have
 * say "Not available" and are not given.
 * @param {Locale} locale
 * @param {import('./eme/authorization-details.js').EmeDetail} form
 * @param {import('./residents.js').Resident} resident
 * @param {string | undefined} decideForm the Approve form's id, when it is on the page
 */
function formSection(locale, form, resident, decideForm) {
  const optional = form.optionalFields ?? [];
  const choosable = form.fields.some((field) => optional.includes(field) && hasField(resident, field));
  const fields = form.fields.map((field) => {
    const label = t(locale, FIELD_LABELS[field]);
    const mark = t(locale, optional.includes(field) ? 'emeOptional' : 'emeRequired');
    if (!hasField(resident, field)) {
      return html`<li class="eme-field unavailable">
<span class="field-label">${label} <span class="field-mark">(${mark})</span></span>
<span class="field-value">${t(locale, 'emeNotAvailable')}</span>
<span class="field-note">${t(locale, 'emeNotAvailableHelp')}</span>
</li>`;
    }
    const { text, lang } = formatField(locale, resident, field);
    const value = html`<span class="field-value" id="value-${field}"${lang ? html` lang="${lang}"` : ''}>${text}</span>`;
    if (decideForm && optional.includes(field)) {
      return html`<li class="eme-field choosable">
<input type="checkbox" id="keep-${field}" name="keep" value="${field}" form="${decideForm}" checked aria-describedby="value-${field}">
<label for="keep-${field}" class="field-label">${label} <span class="field-mark">(${mark})</span></label>
${value}
</li>`;
    }
    return html`<li class="eme-field">
<span class="field-label">${label} <span class="field-mark">(${mark})</span></span>
${value}
</li>`;
  });
  return html`<section class="form-card" aria-labelledby="form-heading">
<h2 id="form-heading" class="label">${t(locale, 'formHeading')}</h2>
<dl class="form-details">
<dt>${t(locale, 'formName')}</dt><dd class="form-name">${form.formName}</dd>
${form.formNum === undefined ? '' : html`<dt>${t(locale, 'formNum')}</dt><dd>${form.formNum}</dd>`}
${form.purpose === undefined ? '' : html`<dt>${t(locale, 'formPurpose')}</dt><dd>${form.purpose}</dd>`}
</dl>
</section>
<section class="eme-fields" aria-labelledby="fields-heading">
<h2 id="fields-heading">${t(locale, 'emeFieldsHeading')}</h2>
${choosable ? html`<p class="help">${t(locale, decideForm ? 'emeOptionalHelp' : 'emeOptionalLater')}</p>` : ''}
<ul class="field-list">
${fields}
</ul>
</section>`;
}

/**
 * The request screen: who asks (registered name and origin), what for, how long is left, the
 * resident signed in to the app (for a signing request, the documents to sign; for form filling,
 * the form and its fields), then either the three identification codes to choose from
 * (number matching) or, once matched, Approve and Decline of equal weight.
 * @param {{ locale: Locale, sessionId: string, request: CrossDeviceRequest, resident: import('./residents.js').Resident,
 *   step: RequestStep, csrf: string, explicitLocale?: Locale, languageHref: (locale: Locale) => string, now?: number }} options
 */
export function appRequestPage({ locale, sessionId, request, resident, step, csrf, explicitLocale, languageHref, now = Date.now() }) {
  const disclosures = request.scopes.flatMap((scope) => SCOPE_DISCLOSURES[/** @type {keyof typeof SCOPE_DISCLOSURES} */ (scope)] ?? []);
  const endsAt = new Intl.DateTimeFormat(locale, { hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23', timeZone: 'Asia/Hong_Kong' })
    .format(request.expiresAt);
  const remaining = request.expiresAt - now;
  const base = `/app/request/${encodeURIComponent(sessionId)}`;
  const query = new URLSearchParams({ next: base, ...(explicitLocale ? { lang: explicitLocale } : {}) });
  const chName = chineseName(resident);
  const documents = request.documents ?? [];
  const signing = documents.length > 0;
  const form = signing ? undefined : request.form;
  const title = t(locale, signing ? 'signTitle' : form ? 'emeTitle' : 'requestTitle');
  // Credential and e-ME details are shown as the documents to sign and the form, not as a kind of access.
  const otherDetails = request.authorizationDetails.filter((detail) => detail.type !== 'credential' && detail.type !== 'eme');
  /** @type {{ heading: import('./i18n.js').MessageKey, help: import('./i18n.js').MessageKey }} */
  const decideWording = signing ? { heading: 'signDecide', help: 'signDecisionHelp' }
    : form ? { heading: 'emeDecide', help: 'emeDecisionHelp' } : { heading: 'willShare', help: 'decisionHelp' };
  const stepHtml = step.kind === 'choose'
    ? html`<section class="step" aria-labelledby="which-heading">
<h2 id="which-heading">${t(locale, 'whichCode')}</h2>
<p class="help" id="which-help">${t(locale, 'whichCodeHelp')}</p>
<form method="post" action="${base}/choose">
${formBasics(csrf, explicitLocale)}
<ul class="code-choices" aria-labelledby="which-heading" aria-describedby="which-help">
${step.codes.map((code) => html`<li><button type="submit" name="code" value="${code}" class="code-choice" translate="no">${code}</button></li>`)}
</ul>
</form>
</section>`
    : html`<section class="step" aria-labelledby="decide-heading">
<p class="notice success">${t(locale, step.typed ? 'codeTyped' : 'codeMatched', { code: step.code })}</p>
<h2 id="decide-heading">${t(locale, decideWording.heading, { site: request.name })}</h2>
<p class="help">${t(locale, decideWording.help, { origin: request.origin })}</p>
<form method="post" action="${base}/decide" class="decision" id="decide-form">
${formBasics(csrf, explicitLocale)}
<button type="submit" name="decision" value="approve" class="choice approve"><span class="choice-icon" aria-hidden="true">✓</span>${t(locale, 'approve')}</button>
<button type="submit" name="decision" value="decline" class="choice decline"><span class="choice-icon" aria-hidden="true">✕</span>${t(locale, 'decline')}</button>
</form>
</section>`;
  const main = html`<h1 id="page-title" tabindex="-1">${title}</h1>
${requesterCard(locale, request)}
<p class="warning"><span class="warning-icon" aria-hidden="true">!</span>${t(locale, 'onlyContinue', { origin: request.origin })}</p>
${signing ? html`<p>${t(locale, 'signIntro', { site: request.name })}</p>
${documentsSection(locale, documents)}` : ''}
${form ? html`<p>${t(locale, 'emeIntro', { site: request.name })}</p>
${formSection(locale, form, resident, step.kind === 'decide' ? 'decide-form' : undefined)}` : ''}
<section aria-labelledby="asks-heading">
<h2 id="asks-heading">${t(locale, 'asksFor')}</h2>
<ul class="disclosures">
${disclosures.map((key) => html`<li>${t(locale, key)}</li>`)}
${otherDetails.map((detail) => html`<li>${t(locale, 'authorizationDetail', { type: String(detail.type ?? '') })}</li>`)}
</ul>
</section>
<p class="countdown" id="countdown" data-remaining-ms="${String(Math.max(0, remaining))}"
 data-template="${t(locale, 'timeLeft')}" data-time-up="${t(locale, 'timeUp')}" data-minute-left="${t(locale, 'minuteLeft')}">
<span>${t(locale, 'endsAt', { time: endsAt })}</span>
<span id="time-left">${t(locale, 'timeLeft', { time: minutesSeconds(remaining) })}</span>
</p>
<section class="app-resident" aria-labelledby="app-resident-heading">
<h2 id="app-resident-heading" class="label">${t(locale, 'appResident')}</h2>
<p class="resident-name">${englishName(resident)}${chName ? html` <span lang="zh-HK">${chName}</span>` : ''}</p>
<p><a href="/app/resident?${query}">${t(locale, 'switchResident')}</a></p>
</section>
${stepHtml}`;
  return layout({ locale, title, presentation: 'app', languageHref, main, scripts: ['app.js'], focusTitle: true });
}

/**
 * A simulator screen that ends a flow or explains a refusal, with a way back to the app's home.
 * @param {{ locale: Locale, title: string, help: string, tone?: 'done' | 'problem', code?: string,
 *   explicitLocale?: Locale, languageHref?: (locale: Locale) => string }} options
 */
export function appMessagePage({ locale, title, help, tone = 'problem', code, explicitLocale, languageHref }) {
  const main = html`<div class="outcome outcome-${tone}">
<span class="outcome-icon" aria-hidden="true">${tone === 'done' ? '✓' : '!'}</span>
<h1 id="page-title" tabindex="-1">${title}</h1>
</div>
<p>${help}</p>
${code ? html`<dl class="technical"><dt>${t(locale, 'errorCode')}</dt><dd lang="en" translate="no"><code>${code}</code></dd></dl>` : ''}
<p class="secondary-action"><a href="/app${explicitLocale ? `?lang=${encodeURIComponent(explicitLocale)}` : ''}">${t(locale, 'backToApp')}</a></p>`;
  return layout({ locale, title, presentation: 'app', languageHref, main, scripts: ['app.js'], focusTitle: true });
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
