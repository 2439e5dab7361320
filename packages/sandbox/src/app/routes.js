/**
 * The phone-app simulator's routes: its home at /app (and the same-device app link,
 * /app?authorize=), opening a request from another device (QR link, pasted link, typed
 * identification code), signing a resident in to the app, and the request screen where the
 * resident matches the code and approves or declines.
 */
import Router from '@koa/router';
import { LANGS } from '@iamsmart/protocol';
import { SCOPES } from '../claims.js';
import { findResident, residents } from '../residents.js';
import { languageHrefFor, requestLang, withLang } from '../http/lang.js';
import { readForm, respond, seeOther } from '../http/respond.js';
import { html } from '../views/html.js';
import { t } from '../views/i18n.js';
import { problemPage } from '../views/layout.js';
import { emeDetailOf } from '../eme/authorization-details.js';
import { documentsToSign } from '../sign/authorization-details.js';
import { PRESENTATION_PARAM } from '../login/routes.js';
import { compareNetworks } from '../session/requester.js';
import { OUTCOMES, refuse } from './refusals.js';
import { createSimulatorState, notifyDetailOf, profileDetailOf } from './state.js';
import { isPlatformScope } from './platform.js';
import { appCodePage, appHomePage, appMessagePage, appRequestPage, appSignInPage } from './views.js';
import { notificationSettingsPage, notificationsPage } from '../notify/views.js';

/** @typedef {import('koa').Context} Context */
/** @typedef {import('@iamsmart/protocol').Lang} Lang */
/** @typedef {import('./state.js').SessionEngine} SessionEngine */
/** @typedef {import('./state.js').SessionDescription} SessionDescription */
/** @typedef {import('./state.js').Progress} Progress */

/**
 * What the handlers share.
 * @typedef {object} Simulator
 * @property {string} issuer
 * @property {URL} authorizationEndpoint
 * @property {SessionEngine} engine
 * @property {import('./state.js').SimulatorState} state
 */

/** Links the simulator opens: its own QR and code pages, nothing else (no open redirect). */
const APP_LINK_PATHS = ['/app/qr', '/app/code'];

/** Session ids as the engine makes them. */
const SESSION_ID = /^[\w-]{1,128}$/;

/** @param {string | null | undefined} next @returns {string} only the app's own pages */
function safeNext(next) {
  return next && /^\/app(\/request\/[\w-]{1,128}|\/notifications(\/settings)?)?$/.test(next) ? next : '/app';
}

/** @param {Simulator} sim */
function homeOptions(sim) {
  return { discoveryUrl: `${sim.issuer}/.well-known/openid-configuration`, qrPrefix: `${sim.issuer}/app/qr?` };
}

/**
 * This phone as its home shows it (decision 033), when the platform's inbox is served.
 * @param {Simulator} sim @param {Context} ctx
 * @returns {import('./views.js').PhoneView | undefined}
 */
function phoneView(sim, ctx) {
  const { phones, inbox } = sim.engine;
  if (!phones || !inbox) return undefined;
  const resident = sim.state.residentOf(ctx);
  if (!resident) return { receiveRequests: false, csrf: '', inbox: [] };
  const device = sim.state.ensureDevice(ctx);
  return {
    resident, receiveRequests: phones.get(device).receiveRequests, csrf: sim.state.csrfToken(device, 'phone'), inbox: inbox(device, resident.id),
    ...(sim.engine.notifications ? { unread: sim.engine.notifications.unread(resident.id) } : {}),
  };
}

/**
 * A form of this phone's section of the home (sign out, the setting): checked, then `change`,
 * then back home.
 * @param {Simulator} sim @param {Context} ctx @param {(device: string, form: URLSearchParams) => void} change
 */
async function phoneForm(sim, ctx, change) {
  const form = await readForm(ctx);
  if (!sim.state.csrfValid(ctx, form, 'phone')) return refuse(ctx, 'csrf', form.get('lang'));
  const device = /** @type {string} */ (sim.state.deviceOf(ctx));
  const receive = form.get('receiveRequests');
  if (receive !== null && receive !== 'on' && receive !== 'off') return refuse(ctx, 'malformed', form.get('lang'));
  change(device, form);
  return seeOther(ctx, withLang('/app', requestLang(ctx, form.get('lang')).explicit));
}

/**
 * GET /app/inbox/:id: a request a website sent to this phone, opened from its inbox; only this
 * phone, with the resident it was sent for signed in, opens it. It then goes on as a scanned
 * request: a signing request asks for the code the website shows; the others go to the decision.
 * @param {Simulator} sim @param {Context} ctx @param {string} sessionId
 */
function openFromInbox(sim, ctx, sessionId) {
  const device = sim.state.deviceOf(ctx);
  const resident = sim.state.residentOf(ctx);
  const { explicit } = requestLang(ctx);
  if (!device || !resident || !sim.engine.inbox?.(device, resident.id).some((item) => item.sessionId === sessionId)) return refuse(ctx, 'unknown');
  const info = sim.engine.describe(sessionId);
  const sent = info && 'inbox' in info ? /** @type {{ matchCode: boolean, code?: string }} */ (info.inbox) : undefined;
  const progress = continueWith(sim, ctx, device, sessionId, explicit);
  progress.inbox = true;
  if (sent && !sent.matchCode) progress.chosenCode = sent.code;
  return undefined;
}

/**
 * Remembers that this device opened the request, and shows it.
 * @param {Simulator} sim @param {Context} ctx @param {string} device @param {string} sessionId @param {Lang | undefined} explicit
 */
function continueWith(sim, ctx, device, sessionId, explicit) {
  const progress = sim.state.remember(device, sessionId);
  seeOther(ctx, withLang(`/app/request/${encodeURIComponent(sessionId)}`, explicit));
  return progress;
}

/**
 * GET /app: the simulator's home; with `?authorize=`, the same-device app link, followed only to
 * this provider's authorization endpoint, where the login pages then render as the app.
 * @param {Simulator} sim @param {Context} ctx
 */
function showHome(sim, ctx) {
  const languageHref = languageHrefFor(ctx);
  const { lang, explicit } = requestLang(ctx);
  const requested = ctx.query.authorize;
  if (requested === undefined) {
    respond(ctx, { page: () => appHomePage({ lang, explicitLang: explicit, ...homeOptions(sim), languageHref, phone: phoneView(sim, ctx) }) });
    return;
  }
  const endpoint = sim.authorizationEndpoint;
  const target = typeof requested === 'string' ? URL.parse(requested) : null;
  if (target === null || target.origin !== endpoint.origin || target.pathname !== endpoint.pathname
    || target.username !== '' || target.password !== '') {
    respond(ctx, {
      status: 400,
      page: () => problemPage({
        lang,
        presentation: 'app',
        title: t(lang, 'appBadLinkTitle'),
        help: t(lang, 'appBadLinkHelp'),
        extra: html`<p>${t(lang, 'appBadLinkExpected')} <code translate="no">${endpoint.href}</code></p>`,
        languageHref,
      }),
    });
    return;
  }
  // Rebuilt on our own endpoint so only the query string comes from the link.
  const continueTo = new URL(endpoint);
  continueTo.search = target.search;
  continueTo.searchParams.set(PRESENTATION_PARAM, 'app');
  seeOther(ctx, continueTo.href);
}

/** GET /app/qr?s&t&h: the link in the website's rotating QR code. @param {Simulator} sim @param {Context} ctx */
async function openQr(sim, ctx) {
  const device = sim.state.ensureDevice(ctx);
  const { explicit } = requestLang(ctx);
  // The engine refuses anything but one string each (a repeated parameter is malformed).
  const opened = await sim.engine.openQr({ s: ctx.query.s, t: ctx.query.t, h: ctx.query.h }, device);
  if (!opened.ok) refuse(ctx, opened.reason);
  else continueWith(sim, ctx, device, opened.sessionId, explicit);
}

/** GET /app/open?link=: a pasted or decoded link, followed only to this sandbox's own app pages. @param {Simulator} sim @param {Context} ctx */
function openLink(sim, ctx) {
  const { lang, explicit } = requestLang(ctx);
  const link = ctx.query.link?.toString().trim() ?? '';
  const target = URL.parse(link);
  if (target !== null && target.origin === new URL(sim.issuer).origin && APP_LINK_PATHS.includes(target.pathname)
    && target.username === '' && target.password === '') {
    // Rebuilt as a path on this server so only the path and query come from the link.
    const params = new URLSearchParams(target.search);
    if (explicit && !params.has('lang')) params.set('lang', explicit);
    seeOther(ctx, `${target.pathname}${params.size ? `?${params}` : ''}`);
    return;
  }
  respond(ctx, {
    status: 400,
    json: { error: 'invalid_request', error_description: link === '' ? t('en', 'linkEmpty') : t('en', 'foreignLinkHelp') },
    page: () => appHomePage({
      lang, explicitLang: explicit, ...homeOptions(sim), languageHref: languageHrefFor(ctx), link,
      error: link === '' ? t(lang, 'linkEmpty') : `${t(lang, 'appBadLinkTitle')}. ${t(lang, 'foreignLinkHelp')}`,
    }),
  });
}

/**
 * 429 with `Retry-After` once this phone, or its whole address, has tried too many codes that
 * match nothing.
 * @param {Context} ctx @param {{ retryAfterSeconds: number, scope: 'device' | 'address' }} limit
 */
function tooManyCodes(ctx, { retryAfterSeconds: seconds, scope }) {
  const { lang, explicit } = requestLang(ctx);
  const values = { seconds: String(seconds) };
  const help = scope === 'device' ? 'codeTooManyDeviceHelp' : 'codeTooManyHelp';
  ctx.set('Retry-After', String(seconds));
  respond(ctx, {
    status: 429,
    json: { error: 'too_many_codes', error_description: t('en', help, values) },
    page: () => appMessagePage({
      lang, explicitLang: explicit, title: t(lang, 'codeTooManyTitle'), help: t(lang, help, values), code: 'too_many_codes',
    }),
  });
}

/**
 * GET /app/code, or /app/code?user_code= (RFC 8628's verification_uri_complete). A link that
 * carries the code is no proof that the resident sees the website, as a QR code is not, so it
 * opens the request with the choice of three codes.
 * @param {Simulator} sim @param {Context} ctx
 */
async function showCodeForm(sim, ctx) {
  const device = sim.state.ensureDevice(ctx);
  const { lang, explicit } = requestLang(ctx);
  if (ctx.query.user_code === undefined) {
    respond(ctx, { page: () => appCodePage({ lang, explicitLang: explicit, csrf: sim.state.csrfToken(device, 'code'), languageHref: languageHrefFor(ctx) }) });
    return;
  }
  const limit = sim.state.wrongCodes.check(device, ctx.ip);
  if (!limit.ok) {
    tooManyCodes(ctx, limit);
    return;
  }
  const opened = await sim.engine.openUserCode(ctx.query.user_code, device);
  if (opened.ok) {
    continueWith(sim, ctx, device, opened.sessionId, explicit);
    return;
  }
  if (opened.reason === 'unknown') sim.state.wrongCodes.count(device, ctx.ip);
  refuse(ctx, opened.reason);
}

/** POST /app/code: the typed identification code. @param {Simulator} sim @param {Context} ctx */
async function submitCode(sim, ctx) {
  const form = await readForm(ctx);
  const formLang = form.get('lang');
  if (!sim.state.csrfValid(ctx, form, 'code')) return refuse(ctx, 'csrf', formLang);
  const device = /** @type {string} */ (sim.state.deviceOf(ctx));
  const { lang, explicit } = requestLang(ctx, formLang);
  const typed = form.get('code') ?? '';
  const digits = typed.replace(/[\s-]/g, '');
  /** The code page again, saying what is wrong. @param {'codeInvalid' | 'codeUnknown'} message @param {number} status */
  const again = (message, status) => respond(ctx, {
    status,
    json: { error: status === 404 ? 'unknown_request' : 'invalid_request', error_description: t('en', message) },
    page: () => appCodePage({
      lang, explicitLang: explicit, csrf: sim.state.csrfToken(device, 'code'), value: typed, error: t(lang, message),
      languageHref: (option) => withLang('/app/code', option),
    }),
  });
  if (!/^\d{8}$/.test(digits)) return again('codeInvalid', 400);
  const limit = sim.state.wrongCodes.check(device, ctx.ip);
  if (!limit.ok) return tooManyCodes(ctx, limit);
  const code = `${digits.slice(0, 4)}-${digits.slice(4)}`;
  const opened = await sim.engine.openUserCode(code, device);
  if (opened.ok) {
    // Typing the code the website shows is the match itself, so this path skips the choice of
    // three; it does not show that the resident is at that website (a relay can show them the
    // code), so the request screen shows where the request came from, as for a scan.
    Object.assign(continueWith(sim, ctx, device, opened.sessionId, explicit), { chosenCode: code, typed: true });
    return undefined;
  }
  if (opened.reason === 'unknown') {
    sim.state.wrongCodes.count(device, ctx.ip);
    return again('codeUnknown', 404);
  }
  if (opened.reason === 'malformed') return again('codeInvalid', 400);
  return refuse(ctx, opened.reason, formLang);
}

/**
 * GET /app/resident?next=: sign in or switch the app's resident.
 * @param {Simulator} sim @param {Context} ctx @param {string} [next] where to go once signed in
 */
function showSignIn(sim, ctx, next = safeNext(ctx.query.next?.toString())) {
  const device = sim.state.ensureDevice(ctx);
  const { lang, explicit } = requestLang(ctx);
  respond(ctx, {
    page: () => appSignInPage({ lang, explicitLang: explicit, csrf: sim.state.csrfToken(device, 'resident'), next, residents, languageHref: languageHrefFor(ctx) }),
  });
}

/** POST /app/resident @param {Simulator} sim @param {Context} ctx */
async function signIn(sim, ctx) {
  const form = await readForm(ctx);
  if (!sim.state.csrfValid(ctx, form, 'resident')) return refuse(ctx, 'csrf', form.get('lang'));
  const resident = findResident(form.get('resident') ?? '');
  const { lang, explicit } = requestLang(ctx, form.get('lang'));
  if (!resident) {
    respond(ctx, { status: 400, page: () => appMessagePage({ lang, explicitLang: explicit, title: t(lang, 'errorTitle'), help: t(lang, 'unknownResident') }) });
    return undefined;
  }
  sim.state.signIn(ctx, resident);
  seeOther(ctx, withLang(safeNext(form.get('next')), explicit));
  return undefined;
}

/** @param {Lang} lang @param {SessionDescription} info */
function requesterName(lang, info) {
  return info.clientNames[lang] ?? info.clientName;
}

/**
 * The screen a request ended on for this device.
 * @param {Context} ctx @param {Progress & { outcome: NonNullable<Progress['outcome']> }} progress
 */
function showOutcome(ctx, progress) {
  const { lang, explicit } = requestLang(ctx);
  const { title, help } = OUTCOMES[progress.outcome][progress.flow ?? 'login'];
  respond(ctx, {
    page: () => appMessagePage({
      lang, explicitLang: explicit, tone: progress.outcome === 'stopped' ? 'problem' : 'done',
      title: t(lang, title), help: t(lang, help, { site: progress.siteNames?.[lang] ?? '' }), languageHref: languageHrefFor(ctx),
    }),
  });
}

/**
 * GET /app/request/:id; again, in the form's language, with `error` (status 400) when a decision
 * could not be taken.
 * @param {Simulator} sim @param {Context} ctx @param {string} sessionId
 * @param {{ message: string, formLang: string | null }} [error]
 */
function showRequest(sim, ctx, sessionId, error) {
  const { progress, info, reason } = sim.state.lookUp(ctx, sessionId);
  if (progress.outcome) return showOutcome(ctx, { ...progress, outcome: progress.outcome });
  if (!info) return refuse(ctx, reason ?? 'unknown', undefined, progress.flow);
  const resident = sim.state.residentOf(ctx);
  if (!resident) return showSignIn(sim, ctx, `/app/request/${sessionId}`);
  const { lang, explicit } = requestLang(ctx, error?.formLang);
  const device = /** @type {string} */ (sim.state.deviceOf(ctx));
  const details = info.authorizationDetails;
  const matched = progress.chosenCode;
  /** @type {import('./views.js').RequestStep} */
  const step = progress.inbox && matched && !('inbox' in info && /** @type {{ matchCode: boolean }} */ (info.inbox).matchCode)
    ? { kind: 'decide', sent: true }
    : matched ? { kind: 'decide', code: matched, typed: Boolean(progress.typed) } : { kind: 'choose', codes: info.codeChoices };
  respond(ctx, {
    page: () => appRequestPage({
      lang,
      explicitLang: explicit,
      sessionId,
      resident,
      csrf: sim.state.csrfToken(device, `request ${sessionId}`),
      request: {
        name: requesterName(lang, info),
        origin: info.origin,
        scopes: info.scopes.filter((scope) => SCOPES.includes(scope) || isPlatformScope(scope)),
        authorizationDetails: details,
        documents: documentsToSign(details),
        eme: emeDetailOf(details),
        profile: profileDetailOf(details)?.fields,
        notify: notifyDetailOf(details)?.topics,
        expiresAt: info.expiresAt,
      },
      // A request sent to the inbox was started by the website's backend, not a browser: no context.
      requester: 'inbox' in info ? undefined : { ...info.requester, network: compareNetworks(info.requester.address, ctx.ip) },
      step,
      // After a POST, the languages link to the request itself.
      languageHref: error ? (option) => withLang(`/app/request/${encodeURIComponent(sessionId)}`, option) : languageHrefFor(ctx),
      error: error?.message,
    }),
    ...(error ? { status: 400 } : {}),
  });
  return undefined;
}

/**
 * The request a POST to it acts on, or undefined once it answered (refused, or not signed in).
 * @param {Simulator} sim @param {Context} ctx @param {string} sessionId
 */
async function requestForm(sim, ctx, sessionId) {
  const form = await readForm(ctx);
  const lang = form.get('lang');
  if (!sim.state.csrfValid(ctx, form, `request ${sessionId}`)) return refuse(ctx, 'csrf', lang);
  const { progress, info, reason } = sim.state.lookUp(ctx, sessionId);
  if (progress.outcome) return refuse(ctx, 'used', lang, progress.flow);
  if (!info) return refuse(ctx, reason ?? 'unknown', lang, progress.flow);
  const back = withLang(`/app/request/${encodeURIComponent(sessionId)}`, requestLang(ctx, lang).explicit);
  const resident = sim.state.residentOf(ctx);
  if (!resident) return seeOther(ctx, back);
  /**
   * Records what an accepted step ends in (a wrong code: stopped), then back to the request.
   * @param {{ ok: true } | { ok: false, reason: string }} result
   * @param {Progress['outcome']} [outcome]
   */
  const settle = (result, outcome) => {
    if (!result.ok && result.reason !== 'code_mismatch') return refuse(ctx, result.reason, lang, progress.flow);
    progress.outcome = result.ok ? outcome : 'stopped';
    if (progress.outcome) {
      progress.siteNames = /** @type {Record<Lang, string>} */ (Object.fromEntries(LANGS.map((option) => [option, requesterName(option, info)])));
    }
    return seeOther(ctx, back);
  };
  return { form, lang, progress, info, resident, settle };
}

/** POST /app/request/:id/choose: one of the three identification codes. @param {Simulator} sim @param {Context} ctx @param {string} sessionId */
async function chooseCode(sim, ctx, sessionId) {
  const request = await requestForm(sim, ctx, sessionId);
  if (!request) return;
  const { form, lang, progress, info, settle } = request;
  const code = form.get('code') ?? '';
  if (!info.codeChoices.includes(code)) return refuse(ctx, 'malformed', lang);
  // A wrong code stops the request at once: whoever sent this QR code is not at that website.
  const result = await sim.engine.chooseCode(sessionId, code);
  if (result.ok) progress.chosenCode = code;
  settle(result);
}

/** POST /app/request/:id/decide: Approve or Decline. @param {Simulator} sim @param {Context} ctx @param {string} sessionId */
async function decide(sim, ctx, sessionId) {
  const request = await requestForm(sim, ctx, sessionId);
  if (!request) return;
  const { form, lang, progress, info, resident, settle } = request;
  const decision = form.get('decision');
  if (!progress.chosenCode || (decision !== 'approve' && decision !== 'decline')) return refuse(ctx, 'malformed', lang);
  if (decision === 'decline') return settle(await sim.engine.decline(sessionId), 'declined');
  // The optional e-ME fields left ticked, or a notification request's topics: a form naming
  // anything else (a field not asked for, or a required one) was not made by this screen, and
  // nothing is given.
  const kept = form.getAll('keep');
  const topics = notifyDetailOf(info.authorizationDetails)?.topics.map(({ topicID }) => topicID);
  /** @type {readonly string[]} */
  const optional = topics ?? emeDetailOf(info.authorizationDetails)?.optionalFields ?? [];
  if (new Set(kept).size !== kept.length || kept.some((field) => !optional.includes(field))) return refuse(ctx, 'malformed', lang);
  // Consent to nothing is no consent: the screen says so and the request waits.
  if (topics && kept.length === 0) return showRequest(sim, ctx, sessionId, { message: t(requestLang(ctx, lang).lang, 'notifyNoTopic'), formLang: lang });
  return settle(await sim.engine.approve(sessionId, { accountId: resident.id, chosenCode: progress.chosenCode, kept }), 'approved');
}

/**
 * GET /app/notifications: the inbox of the resident signed in on this phone (decision 059); opening
 * it marks the messages read.
 * @param {Simulator} sim @param {Context} ctx
 */
function showNotifications(sim, ctx) {
  const notifications = sim.engine.notifications;
  if (!notifications) return refuse(ctx, 'unknown');
  const { lang, explicit } = requestLang(ctx);
  const resident = sim.state.residentOf(ctx);
  const messages = resident ? notifications.messages(resident.id) : undefined;
  if (resident) notifications.markRead(resident.id);
  respond(ctx, { page: () => notificationsPage({ lang, explicitLang: explicit, languageHref: languageHrefFor(ctx), messages }) });
  return undefined;
}

/**
 * GET and POST /app/notifications/settings: every service the resident consented to, and stopping
 * one (a form with this phone's CSRF token), which the page then says in a status message.
 * @param {Simulator} sim @param {Context} ctx
 */
async function notificationSettings(sim, ctx) {
  const notifications = sim.engine.notifications;
  if (!notifications) return refuse(ctx, 'unknown');
  const form = ctx.method === 'POST' ? await readForm(ctx) : undefined;
  if (form && !sim.state.csrfValid(ctx, form, 'notifications')) return refuse(ctx, 'csrf', form.get('lang'));
  const { lang, explicit } = requestLang(ctx, form?.get('lang'));
  const resident = sim.state.residentOf(ctx);
  if (!resident) return showSignIn(sim, ctx, '/app/notifications/settings');
  const device = sim.state.ensureDevice(ctx);
  /** @type {string | undefined} */
  let stopped;
  if (form) {
    const service = notifications.services(resident.id).find(({ clientId }) => clientId === form.get('service'));
    if (!service) return refuse(ctx, 'malformed', form.get('lang'));
    notifications.stop(resident.id, service.clientId);
    stopped = service.clientNames[lang];
  }
  respond(ctx, {
    page: () => notificationSettingsPage({
      lang, explicitLang: explicit, csrf: sim.state.csrfToken(device, 'notifications'), services: notifications.services(resident.id), stopped,
      languageHref: form ? undefined : languageHrefFor(ctx),
    }),
  });
  return undefined;
}

/**
 * The simulator's routes.
 * @param {{ issuer: string, authorizationEndpoint: URL, engine: SessionEngine }} options
 */
export function appRoutes({ issuer, authorizationEndpoint, engine }) {
  /** @type {Simulator} */
  const sim = { issuer, authorizationEndpoint, engine, state: createSimulatorState(engine) };
  return new Router()
    // Any other id names no request of ours: not found.
    .param('id', (id, ctx, next) => (SESSION_ID.test(id) ? next() : undefined))
    .get('/', (ctx) => ctx.redirect('/app'))
    .get('/app', (ctx) => showHome(sim, ctx))
    .get('/app/qr', (ctx) => openQr(sim, ctx))
    .get('/app/open', (ctx) => openLink(sim, ctx))
    .get('/app/code', (ctx) => showCodeForm(sim, ctx))
    .post('/app/code', (ctx) => submitCode(sim, ctx))
    .get('/app/resident', (ctx) => showSignIn(sim, ctx))
    .post('/app/resident', (ctx) => signIn(sim, ctx))
    .post('/app/sign-out', (ctx) => phoneForm(sim, ctx, () => sim.state.signOut(ctx)))
    .post('/app/settings', (ctx) => phoneForm(sim, ctx, (device, form) => {
      // Only a phone with a resident signed in has the setting on its home.
      if (sim.state.residentOf(ctx)) sim.engine.phones?.setReceiveRequests(device, form.get('receiveRequests') === 'on');
    }))
    .get('/app/inbox/:id', (ctx) => openFromInbox(sim, ctx, ctx.params.id ?? ''))
    .get('/app/notifications', (ctx) => showNotifications(sim, ctx))
    .get('/app/notifications/settings', (ctx) => notificationSettings(sim, ctx))
    .post('/app/notifications/settings', (ctx) => notificationSettings(sim, ctx))
    .get('/app/request/:id', (ctx) => showRequest(sim, ctx, ctx.params.id ?? ''))
    .post('/app/request/:id/choose', (ctx) => chooseCode(sim, ctx, ctx.params.id ?? ''))
    .post('/app/request/:id/decide', (ctx) => decide(sim, ctx, ctx.params.id ?? ''));
}
