/**
 * Notifications in the phone simulator (decision 059): the consent request's topics on the request
 * screen, the resident's inbox (/app/notifications) and the settings where a service's updates are
 * stopped (/app/notifications/settings). Every text a website sent is escaped by the templates and
 * shown as plain text (line feeds kept by CSS), never as markup.
 */
import { html } from '../views/html.js';
import { t } from '../views/i18n.js';
import { formBasics, layout } from '../views/layout.js';

/** @typedef {import('@iamsmart/protocol').Lang} Lang */
/** @typedef {import('../views/layout.js').LanguageHref} LanguageHref */
/** @typedef {import('../platform/notifications.js').NotifyTopic} NotifyTopic */

/** @param {string} path @param {Lang | undefined} explicitLang */
const withExplicit = (path, explicitLang) => `${path}${explicitLang ? `?lang=${encodeURIComponent(explicitLang)}` : ''}`;

/**
 * A consent request's topics: "{site} wants to send you updates in iAM Smart about:", then each
 * topic by its name; once the code is matched (`decideForm`), each a ticked checkbox of the Approve
 * form, and `error` when Approve came with none ticked.
 * @param {Lang} lang @param {NotifyTopic[]} topics @param {string} site
 * @param {string | undefined} decideForm the Approve form's id, when it is on the page
 * @param {string | undefined} error
 */
export function notifySection(lang, topics, site, decideForm, error) {
  if (!decideForm) {
    return html`<section class="eme-fields" aria-labelledby="topics-heading">
<h2 id="topics-heading">${t(lang, 'notifyIntro', { site })}</h2>
<p class="help">${t(lang, 'notifyTopicsLater')}</p>
<ul class="field-list">
${topics.map((topic) => html`<li class="eme-field"><span class="field-label">${topic.name[lang]}</span></li>`)}
</ul>
</section>`;
  }
  return html`<fieldset class="eme-fields topics" aria-describedby="topics-help${error ? ' topics-error' : ''}">
<legend><h2 id="topics-heading">${t(lang, 'notifyIntro', { site })}</h2></legend>
<p class="help" id="topics-help">${t(lang, 'notifyTopicsHelp')}</p>
${error ? html`<p class="field-error" id="topics-error" role="alert">${error}</p>` : ''}
<ul class="field-list">
${topics.map((topic, index) => html`<li class="eme-field choosable">
<input type="checkbox" id="topic-${topic.topicID}" name="keep" value="${topic.topicID}" form="${decideForm}"${error ? '' : html` checked`}${error && index === 0 ? html` data-autofocus` : ''}>
<label for="topic-${topic.topicID}" class="field-label">${topic.name[lang]}</label>
</li>`)}
</ul>
</fieldset>`;
}

/**
 * A message as the inbox shows it.
 * @typedef {{ clientNames: Record<Lang, string>, text: Record<Lang, string>, link?: string, at: number, read: boolean }} InboxMessage
 */

/**
 * /app/notifications: the messages of the resident signed in on this phone, newest first, each
 * with the service's name, when it came (Asia/Hong_Kong, in the page's language), its text in the
 * page's language and its link; or, with no resident, a way to sign in.
 * @param {{ lang: Lang, explicitLang?: Lang | undefined, languageHref: LanguageHref, messages?: InboxMessage[] }} options
 *   messages: undefined when no resident is signed in
 */
export function notificationsPage({ lang, explicitLang, languageHref, messages }) {
  const when = new Intl.DateTimeFormat(lang, { dateStyle: 'medium', timeStyle: 'short', timeZone: 'Asia/Hong_Kong' });
  const list = messages === undefined
    ? html`<p>${t(lang, 'notificationsSignedOut')}</p>
<p><a class="action" href="/app/resident?${new URLSearchParams({ next: '/app/notifications', ...(explicitLang ? { lang: explicitLang } : {}) })}">${t(lang, 'phoneSignIn')}</a></p>`
    : html`<p><a href="${withExplicit('/app/notifications/settings', explicitLang)}">${t(lang, 'notificationSettingsTitle')}</a></p>
${messages.length === 0 ? html`<p id="notifications-empty">${t(lang, 'notificationsEmpty')}</p>` : html`<div class="notifications">
${messages.map((message, index) => html`<article class="notification" aria-labelledby="notification-${String(index)}">
<h2 id="notification-${String(index)}">${message.clientNames[lang]}</h2>
<p class="notification-time"><time datetime="${new Date(message.at).toISOString()}">${when.format(message.at)}</time></p>
<p class="notification-text">${message.text[lang]}</p>
${message.link ? html`<p><a href="${message.link}" rel="noopener noreferrer">${t(lang, 'notificationOpen', { site: message.clientNames[lang] })}</a></p>` : ''}
</article>`)}
</div>`}`;
  const main = html`<h1 id="page-title" tabindex="-1">${t(lang, 'notificationsTitle')}</h1>
${list}
<p class="secondary-action"><a href="${withExplicit('/app', explicitLang)}">${t(lang, 'backToApp')}</a></p>`;
  return layout({ lang, title: t(lang, 'notificationsTitle'), presentation: 'app', languageHref, main, scripts: ['app.js'], focusTitle: true });
}

/**
 * /app/notifications/settings: every service the resident consented to, its topics, and a button
 * to stop its updates; after stopping one, a status message saying so.
 * @param {{ lang: Lang, explicitLang?: Lang | undefined, languageHref?: LanguageHref | undefined, csrf: string,
 *   services: { clientId: string, clientNames: Record<Lang, string>, topics: NotifyTopic[] }[], stopped?: string | undefined }} options
 *   stopped: the name of the service just stopped
 */
export function notificationSettingsPage({ lang, explicitLang, languageHref, csrf, services, stopped }) {
  const main = html`<h1 id="page-title" tabindex="-1">${t(lang, 'notificationSettingsTitle')}</h1>
${stopped ? html`<p class="notice success" role="status" id="stopped-status">${t(lang, 'notificationStopped', { site: stopped })}</p>` : ''}
${services.length === 0 ? html`<p id="services-empty">${t(lang, 'notificationSettingsEmpty')}</p>` : html`<p class="help">${t(lang, 'notificationSettingsHelp')}</p>
${services.map((service, index) => html`<section class="way" aria-labelledby="service-${String(index)}">
<h2 id="service-${String(index)}">${service.clientNames[lang]}</h2>
<p class="label" id="service-${String(index)}-topics">${t(lang, 'notificationTopics')}</p>
<ul aria-labelledby="service-${String(index)}-topics">
${service.topics.map((topic) => html`<li>${topic.name[lang]}</li>`)}
</ul>
<form method="post" action="/app/notifications/settings">
${formBasics(csrf, explicitLang)}
<button type="submit" class="action" name="service" value="${service.clientId}">${t(lang, 'notificationStop', { site: service.clientNames[lang] })}</button>
</form>
</section>`)}`}
<p class="secondary-action"><a href="${withExplicit('/app/notifications', explicitLang)}">${t(lang, 'backToNotifications')}</a></p>`;
  return layout({ lang, title: t(lang, 'notificationSettingsTitle'), presentation: 'app', languageHref, main, scripts: ['app.js'], focusTitle: true });
}
