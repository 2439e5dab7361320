/**
 * The phone-app simulator's screens: its home (the ways to open a request), the code page,
 * signing in to the app, the request screen (a login, or with sign/ and eme/ views, a sign or
 * eme request) and the screen that ends a request or explains a refusal.
 */
import { html } from '../views/html.js';
import { t } from '../views/i18n.js';
import { layout, requesterCard, residentButtons } from '../views/layout.js';
import { scopeDisclosures } from '../login/views.js';
import { documentsSection } from '../sign/views.js';
import { emeSection } from '../eme/views.js';
import { hasField } from '../eme/authorization-details.js';
import { FIELD_LABELS, formatField } from '../eme/format.js';
import { chineseName, englishName } from '../residents.js';
import { platformScopeDisclosures } from './platform.js';

/** @typedef {import('@iamsmart/protocol').Lang} Lang */
/** @typedef {import('../views/layout.js').LanguageHref} LanguageHref */
/** @typedef {import('../views/i18n.js').MessageKey} MessageKey */

/**
 * @param {Lang | undefined} explicitLang
 * @param {string} [path]
 */
function appLink(explicitLang, path = '/app') {
  return `${path}${explicitLang ? `?lang=${encodeURIComponent(explicitLang)}` : ''}`;
}

/**
 * @typedef {{ sessionId: string, clientNames: Record<Lang, string>, origin: string, expiresAt: number,
 *   kind: 'eme' | 'sign' | 'profile' }} InboxItem
 * @typedef {{ resident?: import('../residents.js').Resident | undefined, receiveRequests: boolean, csrf: string,
 *   inbox: InboxItem[] }} PhoneView this phone (decision 033): who is signed in, its setting, its inbox
 */

/** @type {Record<InboxItem['kind'], MessageKey>} */
const INBOX_KINDS = { eme: 'inboxKindEme', sign: 'inboxKindSign', profile: 'inboxKindProfile' };

/**
 * The home's "This phone": the resident signed in (or a way to sign in), the setting that lets
 * websites send requests here, and the inbox of those requests, each opening its request screen.
 * @param {Lang} lang @param {PhoneView} phone @param {Lang | undefined} explicitLang
 */
function phoneSection(lang, phone, explicitLang) {
  const { resident } = phone;
  if (!resident) {
    return html`<section class="way" aria-labelledby="phone-heading">
<h2 id="phone-heading">${t(lang, 'phoneHeading')}</h2>
<p>${t(lang, 'phoneSignedOut')}</p>
<p><a class="action" href="/app/resident${explicitLang ? `?lang=${encodeURIComponent(explicitLang)}` : ''}">${t(lang, 'phoneSignIn')}</a></p>
</section>`;
  }
  const chName = chineseName(resident);
  const endsAt = new Intl.DateTimeFormat(lang, { hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23', timeZone: 'Asia/Hong_Kong' });
  return html`<section class="way" aria-labelledby="phone-heading">
<h2 id="phone-heading">${t(lang, 'phoneHeading')}</h2>
<p class="label">${t(lang, 'appResident')}</p>
<p class="resident-name" id="phone-resident">${englishName(resident)}${chName ? html` <span lang="zh-HK">${chName}</span>` : ''}</p>
<form method="post" action="/app/sign-out">
${formBasics(phone.csrf, explicitLang)}
<button type="submit" class="action">${t(lang, 'signOut')}</button>
</form>
<form method="post" action="/app/settings">
${formBasics(phone.csrf, explicitLang)}
<p id="receive-requests">${t(lang, 'receiveRequestsLabel')}: <strong>${t(lang, phone.receiveRequests ? 'receiveRequestsOn' : 'receiveRequestsOff')}</strong></p>
<p class="help" id="receive-requests-help">${t(lang, 'receiveRequestsHelp')}</p>
<button type="submit" class="action" name="receiveRequests" value="${phone.receiveRequests ? 'off' : 'on'}"
 aria-describedby="receive-requests">${t(lang, phone.receiveRequests ? 'receiveRequestsTurnOff' : 'receiveRequestsTurnOn')}</button>
</form>
<h3 id="inbox-heading">${t(lang, 'inboxHeading')}</h3>
${phone.inbox.length === 0 ? html`<p id="inbox-empty">${t(lang, 'inboxEmpty')}</p>` : html`<ul class="inbox" aria-labelledby="inbox-heading">
${phone.inbox.map((item) => html`<li class="inbox-item">
<a class="action" href="/app/inbox/${encodeURIComponent(item.sessionId)}${explicitLang ? `?lang=${encodeURIComponent(explicitLang)}` : ''}">${t(lang, 'inboxItem', { kind: t(lang, INBOX_KINDS[item.kind]), site: item.clientNames[lang] })}</a>
<span class="origin" translate="no">${item.origin}</span>
<span>${t(lang, 'endsAt', { time: endsAt.format(item.expiresAt) })}</span>
</li>`)}
</ul>`}
</section>`;
}

/**
 * The simulator's home at /app: this phone (its resident, setting and inbox), then the four ways
 * to open a request from another device.
 * Scanning and pictures need the script (and the camera needs BarcodeDetector), so those
 * sections start hidden and the script reveals them; the link form and the code page work
 * without it.
 * @param {{ lang: Lang, discoveryUrl: string, qrPrefix: string, explicitLang?: Lang | undefined,
 *   languageHref: LanguageHref, error?: string, link?: string, phone?: PhoneView }} options
 */
export function appHomePage({ lang, discoveryUrl, qrPrefix, explicitLang, languageHref, error, link, phone }) {
  const main = html`<h1 id="page-title">${t(lang, 'appTitle')}</h1>
<p>${t(lang, 'appIntro')}</p>
${phone ? phoneSection(lang, phone, explicitLang) : ''}
<h2 id="ways-heading">${t(lang, 'appWaysHeading')}</h2>
<p class="help">${t(lang, 'appWaysHelp')}</p>
<p class="notice" id="script-needed">${t(lang, 'scriptNeeded')}</p>
<section class="way" id="scan" aria-labelledby="scan-heading" hidden>
<h3 id="scan-heading">${t(lang, 'scanHeading')}</h3>
<p class="help" id="scan-unavailable" hidden>${t(lang, 'scanUnavailable')}</p>
<div class="way-actions" id="scan-actions" hidden>
<button type="button" class="action primary" id="scan-start">${t(lang, 'scanButton')}</button>
<button type="button" class="action" id="scan-stop" hidden>${t(lang, 'scanStop')}</button>
</div>
<video id="scan-video" class="scan-video" aria-label="${t(lang, 'scanVideo')}" muted playsinline hidden></video>
</section>
<section class="way" id="picture" aria-labelledby="picture-heading" hidden
 data-no-qr="${t(lang, 'pictureNoQr')}" data-unreadable="${t(lang, 'pictureUnreadable')}"
 data-scan-started="${t(lang, 'scanStarted')}" data-scan-failed="${t(lang, 'scanFailed')}"
 data-found="${t(lang, 'linkFound')}" data-foreign="${t(lang, 'appBadLinkTitle')}. ${t(lang, 'foreignLinkHelp')}">
<h3 id="picture-heading">${t(lang, 'pictureHeading')}</h3>
<p class="help" id="picture-help">${t(lang, 'pictureHelp')}</p>
<div class="file-pick">
<input type="file" id="picture-file" class="visually-hidden" accept="image/*" aria-describedby="picture-help">
<label for="picture-file" class="action primary">${t(lang, 'pictureButton')}</label>
</div>
</section>
<p class="notice problem" id="app-error" role="alert"${error ? '' : html` hidden`}>${error ?? ''}</p>
<section class="way" aria-labelledby="link-heading">
<h3 id="link-heading">${t(lang, 'linkHeading')}</h3>
<form method="get" action="/app/open" class="link-form" id="link-form">
${explicitLang ? html`<input type="hidden" name="lang" value="${explicitLang}">` : ''}
<label for="link">${t(lang, 'linkLabel')}</label>
<p class="help" id="link-help">${t(lang, 'linkHelp', { prefix: qrPrefix })}</p>
<div class="inline-field">
<input type="url" id="link" name="link" required autocomplete="off" spellcheck="false" aria-describedby="link-help" value="${link ?? ''}">
<button type="submit" class="action primary">${t(lang, 'linkOpen')}</button>
</div>
</form>
</section>
<section class="way" aria-labelledby="code-heading">
<h3 id="code-heading">${t(lang, 'codeHeading')}</h3>
<p><a class="action" href="${appLink(explicitLang, '/app/code')}">${t(lang, 'codeLink')}</a></p>
</section>
<h2>${t(lang, 'appSameDevice')}</h2>
<p class="help">${t(lang, 'appHow')}</p>
<p class="secondary-action"><a href="${discoveryUrl}">${t(lang, 'appDiscovery')}</a></p>`;
  return layout({ lang, title: t(lang, 'appTitle'), presentation: 'app', languageHref, main, scripts: ['jsQR.js', 'app.js'] });
}

/**
 * Hidden fields every simulator form carries: the CSRF token and the chosen language.
 * @param {string} csrf
 * @param {Lang | undefined} explicitLang
 */
function formBasics(csrf, explicitLang) {
  return html`<input type="hidden" name="csrf" value="${csrf}">
${explicitLang ? html`<input type="hidden" name="lang" value="${explicitLang}">` : ''}`;
}

/**
 * /app/code: the non-scanning path. The resident types the identification code the website shows.
 * @param {{ lang: Lang, csrf: string, explicitLang?: Lang | undefined, languageHref: LanguageHref,
 *   value?: string, error?: string }} options
 */
export function appCodePage({ lang, csrf, explicitLang, languageHref, value, error }) {
  const main = html`<h1 id="page-title" tabindex="-1">${t(lang, 'codeTitle')}</h1>
<form method="post" action="/app/code" class="code-form" novalidate>
${formBasics(csrf, explicitLang)}
<label for="user-code">${t(lang, 'codeLabel')}</label>
<p class="help" id="user-code-help">${t(lang, 'codeHelp')}</p>
${error ? html`<p class="field-error" id="user-code-error">${error}</p>` : ''}
<input type="text" id="user-code" name="code" class="code-input" inputmode="numeric" autocomplete="one-time-code"
 maxlength="12" spellcheck="false" value="${value ?? ''}"
 aria-describedby="user-code-help${error ? ' user-code-error' : ''}"${error ? html` aria-invalid="true" data-autofocus` : ''}>
<button type="submit" class="action primary">${t(lang, 'codeContinue')}</button>
</form>
<p class="secondary-action"><a href="${appLink(explicitLang)}">${t(lang, 'backToApp')}</a></p>`;
  return layout({ lang, title: t(lang, 'codeTitle'), presentation: 'app', languageHref, main, scripts: ['app.js'], focusTitle: !error });
}

/**
 * Signing in to the simulated app: one button per test resident, named exactly by the English name.
 * @param {{ lang: Lang, csrf: string, next: string, residents: readonly import('../residents.js').Resident[],
 *   explicitLang?: Lang | undefined, languageHref: LanguageHref }} options
 */
export function appSignInPage({ lang, csrf, next, residents, explicitLang, languageHref }) {
  const main = html`<h1 id="page-title" tabindex="-1">${t(lang, 'signInTitle')}</h1>
<p class="help" id="sign-in-help">${t(lang, 'signInHelp')}</p>
<form method="post" action="/app/resident" class="residents-form">
${formBasics(csrf, explicitLang)}
<input type="hidden" name="next" value="${next}">
${residentButtons(lang, residents, 'page-title')}
</form>`;
  return layout({ lang, title: t(lang, 'signInTitle'), presentation: 'app', languageHref, main, scripts: ['app.js'], focusTitle: true });
}

/**
 * @typedef {{ name: string, origin: string, scopes: string[], authorizationDetails: { type?: unknown }[],
 *   documents?: import('../sign/views.js').DocumentToSign[], eme?: import('../eme/authorization-details.js').EmeDetail | undefined,
 *   profile?: import('@iamsmart/protocol').EmeField[] | undefined, expiresAt: number }} QrSessionRequest
 *   `documents`: what a sign request asks to sign (none for a login); `eme`: the form an eme
 *   request asks to fill
 * @typedef {{ kind: 'choose', codes: string[] } | { kind: 'decide', code: string, typed: boolean } | { kind: 'decide', sent: true }} RequestStep
 *   `sent`: a request sent to this phone's inbox with no code to match (decision 033)
 * @typedef {import('../session/requester.js').Requester & { network: 'same' | 'different' | 'unknown' }} RequestContext
 *   the browser that started the request, and whether it is on this phone's network
 */

/** @type {Record<RequestContext['network'], MessageKey>} */
const NETWORK_WORDS = { same: 'networkSame', different: 'networkDifferent', unknown: 'networkUnknown' };

/**
 * "2 minutes ago" in the page's language.
 * @param {Lang} lang @param {number} ms how long ago (not negative)
 */
function ago(lang, ms) {
  const format = new Intl.RelativeTimeFormat(lang, { numeric: 'auto' });
  const seconds = Math.max(0, Math.round(ms / 1000));
  return seconds < 60 ? format.format(-seconds, 'second') : format.format(-Math.floor(seconds / 60), 'minute');
}

/**
 * Where the request came from (the cross-device security BCP's context for the resident): the
 * browser and OS that started it, its network compared with this phone's, and when it started;
 * when the networks differ, a warning first, as an alert (decision 026).
 * @param {Lang} lang @param {RequestContext} context @param {number} now
 */
function requestContext(lang, context, now) {
  const startedAt = new Intl.DateTimeFormat(lang, { hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23', timeZone: 'Asia/Hong_Kong' })
    .format(context.startedAt);
  const browser = context.browser
    ? (context.os ? t(lang, 'contextBrowserOn', { browser: context.browser, os: context.os }) : context.browser)
    : t(lang, 'contextUnknownBrowser');
  return html`${context.network === 'different' ? html`<div class="notice problem relay-warning" role="alert" aria-labelledby="relay-warning-heading">
<h2 id="relay-warning-heading">${t(lang, 'relayWarningTitle')}</h2>
<p>${t(lang, 'relayWarningHelp')}</p>
</div>` : ''}
<section class="request-context" aria-labelledby="context-heading">
<h2 id="context-heading" class="label">${t(lang, 'contextHeading')}</h2>
<dl class="technical">
<dt>${t(lang, 'contextBrowser')}</dt><dd id="context-browser">${browser}</dd>
<dt>${t(lang, 'contextNetwork')}</dt><dd id="context-network">${t(lang, NETWORK_WORDS[context.network])}</dd>
<dt>${t(lang, 'contextStarted')}</dt><dd id="context-started">${t(lang, 'contextStartedAt', { time: startedAt, ago: ago(lang, now - context.startedAt) })}</dd>
</dl>
</section>`;
}

/**
 * A time left as m:ss.
 * @param {number} ms
 */
function minutesSeconds(ms) {
  const total = Math.max(0, Math.ceil(ms / 1000));
  return `${Math.floor(total / 60)}:${String(total % 60).padStart(2, '0')}`;
}

/** The request screen's wording, by flow. @type {Record<import('./state.js').AppFlow, { title: MessageKey, heading: MessageKey, help: MessageKey }>} */
const REQUEST_WORDING = {
  login: { title: 'requestTitle', heading: 'willShare', help: 'decisionHelp' },
  sign: { title: 'signTitle', heading: 'signDecide', help: 'signDecisionHelp' },
  eme: { title: 'emeTitle', heading: 'emeDecide', help: 'emeDecisionHelp' },
  profile: { title: 'profileTitle', heading: 'profileDecide', help: 'profileDecisionHelp' },
  // Placeholder until the simulator's own notifications screen (decision 059, the sandbox's part).
  notify: { title: 'requestTitle', heading: 'willShare', help: 'decisionHelp' },
};

/**
 * A profile request's fields, each with the resident's value (all asked for; none optional).
 * @param {Lang} lang @param {import('@iamsmart/protocol').EmeField[]} fields @param {import('../residents.js').Resident} resident
 */
function profileSection(lang, fields, resident) {
  return html`<section class="eme-fields" aria-labelledby="fields-heading">
<h2 id="fields-heading">${t(lang, 'profileFieldsHeading')}</h2>
<ul class="field-list">
${fields.map((field) => {
    const label = t(lang, FIELD_LABELS[field]);
    if (!hasField(resident, field)) {
      return html`<li class="eme-field unavailable"><span class="field-label">${label}</span>
<span class="field-value">${t(lang, 'emeNotAvailable')}</span></li>`;
    }
    const { text, lang: valueLang } = formatField(lang, resident, field);
    return html`<li class="eme-field"><span class="field-label">${label}</span>
<span class="field-value" id="value-${field}"${valueLang ? html` lang="${valueLang}"` : ''}>${text}</span></li>`;
  })}
</ul>
</section>`;
}

/**
 * The request screen: who asks (registered name and origin), where the request came from, what
 * for, how long is left, the resident signed in to the app (for a sign request, the documents to
 * sign; for an eme request, the form and its fields), then either the three identification codes to choose from
 * (number matching) or, once matched, Approve and Decline of equal weight.
 * @param {{ lang: Lang, sessionId: string, request: QrSessionRequest, requester?: RequestContext | undefined, resident: import('../residents.js').Resident,
 *   step: RequestStep, csrf: string, explicitLang?: Lang | undefined, languageHref: LanguageHref, now?: number }} options
 */
export function appRequestPage({ lang, sessionId, request, requester, resident, step, csrf, explicitLang, languageHref, now = Date.now() }) {
  const endsAt = new Intl.DateTimeFormat(lang, { hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23', timeZone: 'Asia/Hong_Kong' })
    .format(request.expiresAt);
  const remaining = request.expiresAt - now;
  const base = `/app/request/${encodeURIComponent(sessionId)}`;
  const query = new URLSearchParams({ next: base, ...(explicitLang ? { lang: explicitLang } : {}) });
  const chName = chineseName(resident);
  const documents = request.documents ?? [];
  const eme = documents.length > 0 ? undefined : request.eme;
  const profile = documents.length > 0 || eme ? undefined : request.profile;
  const wording = REQUEST_WORDING[documents.length > 0 ? 'sign' : eme ? 'eme' : profile ? 'profile' : 'login'];
  const title = t(lang, wording.title);
  // Credential and e-ME details are shown as the documents to sign and the form, not as a kind of access.
  const otherDetails = request.authorizationDetails.filter((detail) => detail.type !== 'credential' && detail.type !== 'eme' && detail.type !== 'profile');
  const stepHtml = step.kind === 'choose'
    ? html`<section class="step" aria-labelledby="which-heading">
<h2 id="which-heading">${t(lang, 'whichCode')}</h2>
<p class="help" id="which-help">${t(lang, 'whichCodeHelp')}</p>
<form method="post" action="${base}/choose">
${formBasics(csrf, explicitLang)}
<ul class="code-choices" aria-labelledby="which-heading" aria-describedby="which-help">
${step.codes.map((code) => html`<li><button type="submit" name="code" value="${code}" class="code-choice" translate="no">${code}</button></li>`)}
</ul>
</form>
</section>`
    : html`<section class="step" aria-labelledby="decide-heading">
<p class="notice success">${'sent' in step ? t(lang, 'inboxSent', { site: request.name }) : t(lang, step.typed ? 'codeTyped' : 'codeMatched', { code: step.code })}</p>
<h2 id="decide-heading">${t(lang, wording.heading, { site: request.name })}</h2>
<p class="help">${t(lang, wording.help, { origin: request.origin })}</p>
<form method="post" action="${base}/decide" class="decision" id="decide-form">
${formBasics(csrf, explicitLang)}
<button type="submit" name="decision" value="approve" class="choice approve"><span class="choice-icon" aria-hidden="true">✓</span>${t(lang, 'approve')}</button>
<button type="submit" name="decision" value="decline" class="choice decline"><span class="choice-icon" aria-hidden="true">✕</span>${t(lang, 'decline')}</button>
</form>
</section>`;
  const main = html`<h1 id="page-title" tabindex="-1">${title}</h1>
${requesterCard(lang, request)}
${requester ? requestContext(lang, requester, now) : ''}
<p class="warning"><span class="warning-icon" aria-hidden="true">!</span>${t(lang, 'onlyContinue', { origin: request.origin })}</p>
${documents.length > 0 ? html`<p>${t(lang, 'signIntro', { site: request.name })}</p>
${documentsSection(lang, documents)}` : ''}
${eme ? html`<p>${t(lang, 'emeIntro', { site: request.name })}</p>
${emeSection(lang, eme, resident, step.kind === 'decide' ? 'decide-form' : undefined)}` : ''}
${profile ? html`<p>${t(lang, 'profileIntro', { site: request.name })}</p>
${profileSection(lang, profile, resident)}` : ''}
<section aria-labelledby="asks-heading">
<h2 id="asks-heading">${t(lang, 'asksFor')}</h2>
<ul class="disclosures">
${[...scopeDisclosures(request.scopes), ...platformScopeDisclosures(request.scopes)].map((key) => html`<li>${t(lang, key)}</li>`)}
${otherDetails.map((detail) => html`<li>${t(lang, 'authorizationDetail', { type: String(detail.type ?? '') })}</li>`)}
</ul>
</section>
<p class="countdown" id="countdown" data-remaining-ms="${String(Math.max(0, remaining))}"
 data-template="${t(lang, 'timeLeft')}" data-time-up="${t(lang, 'timeUp')}" data-minute-left="${t(lang, 'minuteLeft')}">
<span>${t(lang, 'endsAt', { time: endsAt })}</span>
<span id="time-left">${t(lang, 'timeLeft', { time: minutesSeconds(remaining) })}</span>
</p>
<section class="app-resident" aria-labelledby="app-resident-heading">
<h2 id="app-resident-heading" class="label">${t(lang, 'appResident')}</h2>
<p class="resident-name">${englishName(resident)}${chName ? html` <span lang="zh-HK">${chName}</span>` : ''}</p>
<p><a href="/app/resident?${query}">${t(lang, 'switchResident')}</a></p>
</section>
${stepHtml}`;
  return layout({ lang, title, presentation: 'app', languageHref, main, scripts: ['app.js'], focusTitle: true });
}

/**
 * A simulator screen that ends a flow or explains a refusal, with a way back to the app's home.
 * @param {{ lang: Lang, title: string, help: string, tone?: 'done' | 'problem', code?: string | undefined,
 *   explicitLang?: Lang | undefined, languageHref?: LanguageHref | undefined }} options
 */
export function appMessagePage({ lang, title, help, tone = 'problem', code, explicitLang, languageHref }) {
  const main = html`<div class="outcome outcome-${tone}">
<span class="outcome-icon" aria-hidden="true">${tone === 'done' ? '✓' : '!'}</span>
<h1 id="page-title" tabindex="-1">${title}</h1>
</div>
<p>${help}</p>
${code ? html`<dl class="technical"><dt>${t(lang, 'errorCode')}</dt><dd lang="en" translate="no"><code>${code}</code></dd></dl>` : ''}
<p class="secondary-action"><a href="${appLink(explicitLang)}">${t(lang, 'backToApp')}</a></p>`;
  return layout({ lang, title, presentation: 'app', languageHref, main, scripts: ['app.js'], focusTitle: true });
}
