/**
 * The sandbox's own pages, mounted in front of oidc-provider's routes: the sign-in interaction,
 * the phone-app simulator at /app, and static assets. Also sets the security headers (a strict
 * CSP) on every response, including the provider's own pages.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { errors } from 'oidc-provider';
import { SCOPES } from './claims.js';
import { clientDisplayName } from './clients.js';
import { clientOrigins, contentSecurityPolicy, html } from './html.js';
import { LOCALES, pickLocale, t } from './i18n.js';
import {
  appCodePage, appHomePage, appMessagePage, appRequestPage, appSignInPage, approvalPage, problemPage, residentPickerPage,
} from './pages.js';
import { findResident, residents } from './residents.js';
import { createRateLimiter } from './cross-device/rate-limit.js';
import { emeDetailOf } from './eme/authorization-details.js';
import { documentsToSign } from './signing/authorization-details.js';

/** @typedef {import('koa').Context} Context */
/** @typedef {import('./i18n.js').Locale} Locale */

/** The authorization-request parameter the simulator adds so the pages render as the app. */
export const PRESENTATION_PARAM = 'iams_presentation';

const JS = 'text/javascript; charset=utf-8';

/** @type {Map<string, { type: string, body: Buffer }>} */
const ASSETS = new Map([
  ...[['sandbox.css', 'text/css; charset=utf-8'], ['iamsmart-mark.svg', 'image/svg+xml'], ['app.js', JS]]
    .map(([name, type]) => [name, { type, body: readFileSync(new URL(`./public/${name}`, import.meta.url)) }]),
  // The simulator decodes chosen and pasted pictures in the page with jsQR (a UMD script: window.jsQR).
  ['jsQR.js', { type: JS, body: readFileSync(createRequire(import.meta.url).resolve('jsqr')) }],
]);

const MAX_FORM_BYTES = 8 * 1024;

/** @param {Context} ctx @returns {Promise<URLSearchParams>} */
async function readForm(ctx) {
  if (!ctx.is('application/x-www-form-urlencoded')) ctx.throw(415, 'Expected a form submission');
  let size = 0;
  const chunks = [];
  for await (const chunk of ctx.req) {
    size += chunk.length;
    if (size > MAX_FORM_BYTES) ctx.throw(413, 'Form too large');
    chunks.push(chunk);
  }
  return new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
}

/**
 * @param {Context} ctx
 * @param {string} html the page
 * @param {{ status?: number, formTargets?: string[] }} [options]
 */
function sendPage(ctx, html, { status = 200, formTargets = [] } = {}) {
  ctx.status = status;
  ctx.type = 'html';
  ctx.set('Cache-Control', 'no-store');
  ctx.set('Content-Security-Policy', contentSecurityPolicy(formTargets));
  ctx.body = html;
}

/**
 * A URL for the same page in another language, keeping the other query parameters.
 * @param {Context} ctx
 * @returns {(locale: Locale) => string}
 */
function languageHrefFor(ctx) {
  return (locale) => {
    const params = new URLSearchParams(ctx.querystring);
    params.set('lang', locale);
    return `${ctx.path}?${params}`;
  };
}

/** @param {string | null | undefined} value @returns {Locale | undefined} */
function explicitLocale(value) {
  return LOCALES.find((locale) => locale === value);
}

/**
 * Adds origins to the form-action directive of an existing policy, keeping the rest (the provider
 * adds a script hash to script-src for its form_post page).
 * @param {string} policy
 * @param {string[]} origins
 */
function withFormTargets(policy, origins) {
  return policy.split(';').map((directive) => {
    const trimmed = directive.trim();
    return trimmed.startsWith('form-action ') ? [trimmed, ...new Set(origins)].join(' ') : trimmed;
  }).join('; ');
}

/** Cookies of the simulated app, scoped to /app. */
const RESIDENT_COOKIE = 'iams_app_resident';
const DEVICE_COOKIE = 'iams_app_device';
const APP_COOKIE_OPTIONS = /** @type {const} */ ({ httpOnly: true, sameSite: 'lax', path: '/app', signed: true, overwrite: true });

/** Links the simulator opens: its own QR and code pages, nothing else (no open redirect). */
const APP_LINK_PATHS = ['/app/qr', '/app/code'];

/**
 * @typedef {'login' | 'signing' | 'form'} RequestKind
 * @typedef {{ title: import('./i18n.js').MessageKey, help: import('./i18n.js').MessageKey }} Wording
 */

/**
 * What each refusal from the engine means for the resident (screen) and for an API caller (JSON).
 * The screen names the kind of request (login, signing, form filling) when this phone opened it; a link refused before it
 * opened (a late scan) could be either, so the plain wording does not say which.
 * @type {Record<string, Wording & { status: number, error: string } & Partial<Record<RequestKind, Wording>>>}
 */
const REFUSALS = {
  malformed: { status: 400, error: 'invalid_request', title: 'malformedTitle', help: 'malformedHelp' },
  unknown: { status: 404, error: 'unknown_request', title: 'unknownTitle', help: 'unknownHelp' },
  stale: { status: 400, error: 'stale_qr_code', title: 'staleTitle', help: 'staleHelp' },
  expired: {
    status: 410, error: 'expired_token', title: 'requestExpiredTitle', help: 'requestExpiredHelp',
    login: { title: 'sessionExpiredTitle', help: 'sessionExpiredHelp' },
    signing: { title: 'signExpiredTitle', help: 'signExpiredHelp' },
    form: { title: 'emeExpiredTitle', help: 'emeExpiredHelp' },
  },
  used: {
    status: 410, error: 'already_used', title: 'requestUsedTitle', help: 'requestUsedHelp',
    login: { title: 'usedTitle', help: 'usedHelp' },
    signing: { title: 'signUsedTitle', help: 'signUsedHelp' },
    form: { title: 'emeUsedTitle', help: 'emeUsedHelp' },
  },
  csrf: { status: 403, error: 'invalid_csrf_token', title: 'csrfTitle', help: 'csrfHelp' },
};

/**
 * The screen a request ends on, by outcome and kind: a declined signing or form filling must not read "Login declined".
 * @type {Record<'approved' | 'declined' | 'stopped', Record<RequestKind, Wording>>}
 */
const OUTCOMES = {
  approved: {
    login: { title: 'approvedTitle', help: 'approvedHelp' },
    signing: { title: 'signedTitle', help: 'signedHelp' },
    form: { title: 'emeApprovedTitle', help: 'emeApprovedHelp' },
  },
  declined: {
    login: { title: 'declinedTitle', help: 'declinedHelp' },
    signing: { title: 'signDeclinedTitle', help: 'signDeclinedHelp' },
    form: { title: 'emeDeclinedTitle', help: 'emeDeclinedHelp' },
  },
  stopped: {
    login: { title: 'stoppedTitle', help: 'stoppedHelp' },
    signing: { title: 'stoppedTitle', help: 'signStoppedHelp' },
    form: { title: 'stoppedTitle', help: 'emeStoppedHelp' },
  },
};

/** How long the simulator remembers a device's progress through a request after it ends. */
const FLOW_MEMORY_MS = 10 * 60 * 1000;

/**
 * @typedef {{ ok: true, sessionId: string } | { ok: false, reason: string }} OpenResult
 * @typedef {{ ok: true } | { ok: false, reason: string }} DecisionResult
 * @typedef {{ sessionId: string, clientId: string, clientName: string, clientNames?: Partial<Record<Locale, string>>,
 *   origin: string, scopes: string[], authorizationDetails?: { type?: unknown }[], codeChoices: string[],
 *   expiresAt: number, state: string }} SessionDescription
 * @typedef {{
 *   openQr(payload: { s?: unknown, t?: unknown, h?: unknown }): OpenResult,
 *   openUserCode(code: string): OpenResult,
 *   describe(sessionId: string): SessionDescription | undefined,
 *   chooseCode(sessionId: string, chosenCode: string): Promise<DecisionResult>,
 *   approve(sessionId: string, choice: { accountId: string, chosenCode: string, kept?: string[] }): Promise<DecisionResult>,
 *   decline(sessionId: string): Promise<DecisionResult>,
 * }} CrossDeviceEngine
 * @typedef {{ expiresAt: number, kind?: RequestKind, chosenCode?: string, typed?: boolean,
 *   outcome?: 'approved' | 'declined' | 'stopped', siteNames?: Record<Locale, string> }} Flow
 *   `kind`: known once this device opened the request
 */

/** @param {SessionDescription | undefined} info @returns {RequestKind} */
function kindOf(info) {
  const details = info?.authorizationDetails ?? [];
  if (documentsToSign(details).length > 0) return 'signing';
  return emeDetailOf(details) ? 'form' : 'login';
}

/**
 * The phone-app simulator's cross-device pages: open a request (QR link, pasted link, typed
 * identification code), sign in a resident, match the code, approve or decline.
 *
 * Each simulated phone is a random device id in a signed cookie. A request is shown only to the
 * device that opened it (a forwarded /app/request link leads nowhere), and every form carries a
 * CSRF token: an HMAC of the device id and the form's purpose under a key that lives as long as
 * the process (the sessions do too).
 * @param {{ issuer: string, engine: CrossDeviceEngine }} options
 */
/**
 * Identification codes that match no request, per address and minute. Eight digits and a few
 * minutes per session leave guessing hopeless, but only if guesses are this slow.
 */
const WRONG_CODES = { max: 5, windowSeconds: 60 };

function simulatorRoutes({ issuer, engine }) {
  const csrfKey = randomBytes(32);
  const wrongCodes = createRateLimiter(WRONG_CODES);
  /** @type {Map<string, Flow>} keyed by `${device} ${sessionId}` */
  const flows = new Map();

  /** @param {Context} ctx @param {string | null | undefined} [lang] */
  function localeOf(ctx, lang = ctx.query.lang?.toString()) {
    const explicit = explicitLocale(lang);
    return { explicit, locale: pickLocale({ explicit, acceptLanguage: ctx.get('accept-language') }) };
  }

  /** @param {Context} ctx @returns {string | undefined} */
  function deviceOf(ctx) {
    const device = ctx.cookies.get(DEVICE_COOKIE, { signed: true });
    return device && /^[\w-]{22,64}$/.test(device) ? device : undefined;
  }

  /** @param {Context} ctx */
  function ensureDevice(ctx) {
    const existing = deviceOf(ctx);
    if (existing) return existing;
    const device = randomBytes(16).toString('base64url');
    ctx.cookies.set(DEVICE_COOKIE, device, APP_COOKIE_OPTIONS);
    return device;
  }

  /** @param {Context} ctx */
  function residentOf(ctx) {
    const id = ctx.cookies.get(RESIDENT_COOKIE, { signed: true });
    return id ? findResident(id) : undefined;
  }

  /** @param {string} device @param {string} purpose */
  function csrfToken(device, purpose) {
    return createHmac('sha256', csrfKey).update(`${device}\n${purpose}`).digest('base64url');
  }

  /** @param {Context} ctx @param {URLSearchParams} form @param {string} purpose */
  function csrfValid(ctx, form, purpose) {
    const device = deviceOf(ctx);
    const given = Buffer.from(form.get('csrf') ?? '');
    if (!device) return false;
    const expected = Buffer.from(csrfToken(device, purpose));
    return given.length === expected.length && timingSafeEqual(given, expected);
  }

  /** @param {string} path @param {Locale | undefined} explicit */
  function withLang(path, explicit) {
    return explicit ? `${path}${path.includes('?') ? '&' : '?'}lang=${encodeURIComponent(explicit)}` : path;
  }

  /** @param {Context} ctx @param {string} location */
  function seeOther(ctx, location) {
    ctx.status = 303;
    ctx.set('Cache-Control', 'no-store');
    ctx.redirect(location);
  }

  /** @param {Context} ctx */
  function wantsJson(ctx) {
    return ctx.accepts('html', 'json') === 'json';
  }

  /**
   * A refusal: a JSON error for API callers, a screen for the resident.
   * @param {Context} ctx @param {string} reason @param {string | null | undefined} [lang]
   * @param {RequestKind} [kind] what the refused request asked for, when known
   */
  function refuse(ctx, reason, lang, kind) {
    const refusal = REFUSALS[reason] ?? REFUSALS.unknown;
    const wording = (kind && refusal[kind]) || refusal;
    const { locale, explicit } = localeOf(ctx, lang);
    if (wantsJson(ctx)) {
      ctx.status = refusal.status;
      ctx.set('Cache-Control', 'no-store');
      ctx.body = { error: refusal.error, error_description: t('en', refusal.help) };
      return;
    }
    sendPage(ctx, appMessagePage({
      locale, explicitLocale: explicit, title: t(locale, wording.title), help: t(locale, wording.help), code: refusal.error,
      languageHref: ctx.method === 'GET' ? languageHrefFor(ctx) : undefined,
    }), { status: refusal.status });
  }

  /** @param {string} device @param {string} sessionId */
  function remember(device, sessionId) {
    const now = Date.now();
    for (const [key, flow] of flows) {
      if (flow.expiresAt + FLOW_MEMORY_MS < now) flows.delete(key);
    }
    const info = engine.describe(sessionId);
    const flow = { expiresAt: info?.expiresAt ?? now, kind: kindOf(info) };
    flows.set(`${device} ${sessionId}`, flow);
    return flow;
  }

  /** @param {Context} ctx @param {string} device @param {string} sessionId @param {Locale | undefined} explicit */
  function continueWith(ctx, device, sessionId, explicit) {
    const flow = remember(device, sessionId);
    seeOther(ctx, withLang(`/app/request/${encodeURIComponent(sessionId)}`, explicit));
    return flow;
  }

  /** GET /app/qr?s&t&h: the link in the website's rotating QR code. @param {Context} ctx */
  function openQr(ctx) {
    const device = ensureDevice(ctx);
    const { explicit } = localeOf(ctx);
    // The engine refuses anything but one string each (a repeated parameter is malformed).
    const opened = engine.openQr({ s: ctx.query.s, t: ctx.query.t, h: ctx.query.h });
    if (!opened.ok) refuse(ctx, opened.reason);
    else continueWith(ctx, device, opened.sessionId, explicit);
  }

  /** GET /app/open?link=: a pasted or decoded link, followed only to this sandbox's own app pages. @param {Context} ctx */
  function openLink(ctx) {
    const { locale, explicit } = localeOf(ctx);
    const link = ctx.query.link?.toString().trim() ?? '';
    const target = URL.parse(link);
    const own = target !== null && target.origin === new URL(issuer).origin && APP_LINK_PATHS.includes(target.pathname)
      && target.username === '' && target.password === '';
    if (own) {
      // Rebuilt as a path on this server so only the path and query come from the link.
      const params = new URLSearchParams(target.search);
      if (explicit && !params.has('lang')) params.set('lang', explicit);
      seeOther(ctx, `${target.pathname}${params.size ? `?${params}` : ''}`);
      return;
    }
    const problem = link === '' ? t(locale, 'linkEmpty') : `${t(locale, 'appBadLinkTitle')}. ${t(locale, 'foreignLinkHelp')}`;
    if (wantsJson(ctx)) {
      ctx.status = 400;
      ctx.body = { error: 'invalid_request', error_description: link === '' ? t('en', 'linkEmpty') : t('en', 'foreignLinkHelp') };
      return;
    }
    sendPage(ctx, appHomePage({
      locale, explicitLocale: explicit, discoveryUrl: `${issuer}/.well-known/openid-configuration`, qrPrefix: `${issuer}/app/qr?`,
      languageHref: languageHrefFor(ctx), error: problem, link,
    }), { status: 400 });
  }

  /**
   * GET /app/code, or /app/code?user_code= (RFC 8628's verification_uri_complete). A link that
   * carries the code is no proof that the resident sees the website, as a QR code is not, so it
   * opens the request with the choice of three codes.
   * @param {Context} ctx
   */
  function showCodeForm(ctx) {
    const device = ensureDevice(ctx);
    const { locale, explicit } = localeOf(ctx);
    if (ctx.query.user_code !== undefined) {
      const limit = wrongCodes.check(ctx.ip);
      if (!limit.ok) {
        tooManyCodes(ctx, limit.retryAfterSeconds);
        return;
      }
      const opened = engine.openUserCode(ctx.query.user_code);
      if (opened.ok) continueWith(ctx, device, opened.sessionId, explicit);
      else {
        if (opened.reason === 'unknown') wrongCodes.take(ctx.ip);
        refuse(ctx, opened.reason);
      }
      return;
    }
    sendPage(ctx, appCodePage({ locale, explicitLocale: explicit, csrf: csrfToken(device, 'code'), languageHref: languageHrefFor(ctx) }));
  }

  /**
   * 429 with `Retry-After` once an address has tried too many codes that match nothing.
   * @param {Context} ctx @param {number} seconds
   */
  function tooManyCodes(ctx, seconds) {
    const { locale, explicit } = localeOf(ctx);
    const values = { seconds: String(seconds) };
    ctx.set('Retry-After', String(seconds));
    if (wantsJson(ctx)) {
      ctx.status = 429;
      ctx.body = { error: 'too_many_codes', error_description: t('en', 'codeTooManyHelp', values) };
      return;
    }
    sendPage(ctx, appMessagePage({
      locale, explicitLocale: explicit, title: t(locale, 'codeTooManyTitle'), help: t(locale, 'codeTooManyHelp', values), code: 'too_many_codes',
    }), { status: 429 });
  }

  /** POST /app/code: the typed identification code. @param {Context} ctx */
  async function submitCode(ctx) {
    const form = await readForm(ctx);
    const lang = form.get('lang');
    if (!csrfValid(ctx, form, 'code')) return refuse(ctx, 'csrf', lang);
    const device = /** @type {string} */ (deviceOf(ctx));
    const { locale, explicit } = localeOf(ctx, lang);
    const typed = form.get('code') ?? '';
    const digits = typed.replace(/[\s-]/g, '');
    /** @param {import('./i18n.js').MessageKey} message @param {number} status */
    const again = (message, status) => {
      if (wantsJson(ctx)) {
        ctx.status = status;
        ctx.body = { error: status === 404 ? 'unknown_request' : 'invalid_request', error_description: t('en', message) };
        return;
      }
      sendPage(ctx, appCodePage({ locale, explicitLocale: explicit, csrf: csrfToken(device, 'code'), value: typed, error: t(locale, message), languageHref: (option) => withLang('/app/code', option) }), { status });
    };
    if (!/^\d{8}$/.test(digits)) return again('codeInvalid', 400);
    const limit = wrongCodes.check(ctx.ip);
    if (!limit.ok) return tooManyCodes(ctx, limit.retryAfterSeconds);
    const code = `${digits.slice(0, 4)}-${digits.slice(4)}`;
    const opened = engine.openUserCode(code);
    if (opened.ok) {
      // Typing the code the website shows already proves the match, so this path skips the
      // choice of three and goes straight to Approve / Decline.
      Object.assign(continueWith(ctx, device, opened.sessionId, explicit), { chosenCode: code, typed: true });
      return undefined;
    }
    if (opened.reason === 'unknown') {
      wrongCodes.take(ctx.ip);
      return again('codeUnknown', 404);
    }
    if (opened.reason === 'malformed') return again('codeInvalid', 400);
    return refuse(ctx, opened.reason, lang);
  }

  /** GET /app/resident?next=: sign in or switch the app's resident. @param {Context} ctx */
  function showSignIn(ctx, next = safeNext(ctx.query.next?.toString())) {
    const device = ensureDevice(ctx);
    const { locale, explicit } = localeOf(ctx);
    sendPage(ctx, appSignInPage({ locale, explicitLocale: explicit, csrf: csrfToken(device, 'resident'), next, residents, languageHref: languageHrefFor(ctx) }));
  }

  /** @param {string | null | undefined} next @returns {string} only the app's own pages */
  function safeNext(next) {
    return next && /^\/app(\/request\/[\w-]{1,128})?$/.test(next) ? next : '/app';
  }

  /** POST /app/resident @param {Context} ctx */
  async function signIn(ctx) {
    const form = await readForm(ctx);
    if (!csrfValid(ctx, form, 'resident')) return refuse(ctx, 'csrf', form.get('lang'));
    const resident = findResident(form.get('resident') ?? '');
    if (!resident) {
      const { locale, explicit } = localeOf(ctx, form.get('lang'));
      sendPage(ctx, appMessagePage({ locale, explicitLocale: explicit, title: t(locale, 'errorTitle'), help: t(locale, 'unknownResident') }), { status: 400 });
      return undefined;
    }
    ctx.cookies.set(RESIDENT_COOKIE, resident.id, APP_COOKIE_OPTIONS);
    seeOther(ctx, withLang(safeNext(form.get('next')), explicitLocale(form.get('lang'))));
    return undefined;
  }

  /**
   * The request as this device may see it, or the reason it may not.
   * @param {Context} ctx @param {string} sessionId
   * @returns {{ flow: Flow, info?: SessionDescription, reason?: string }}
   */
  function lookUp(ctx, sessionId) {
    const device = deviceOf(ctx);
    const flow = device ? flows.get(`${device} ${sessionId}`) : undefined;
    if (!flow) return { flow: { expiresAt: 0 }, reason: 'unknown' };
    if (flow.outcome) return { flow };
    const info = engine.describe(sessionId);
    if (!info) return { flow, reason: 'unknown' };
    if (info.state === 'expired' || info.expiresAt <= Date.now()) return { flow, reason: 'expired' };
    if (info.state === 'approved' || info.state === 'denied') return { flow, reason: 'used' };
    return { flow, info };
  }

  /** @param {Locale} locale @param {SessionDescription} info */
  function requesterName(locale, info) {
    return info.clientNames?.[locale] ?? info.clientName;
  }

  /** GET /app/request/:id @param {Context} ctx @param {string} sessionId */
  function showRequest(ctx, sessionId) {
    const { locale, explicit } = localeOf(ctx);
    const { flow, info, reason } = lookUp(ctx, sessionId);
    if (flow.outcome) {
      const { title, help } = OUTCOMES[flow.outcome][flow.kind ?? 'login'];
      sendPage(ctx, appMessagePage({
        locale, explicitLocale: explicit, tone: flow.outcome === 'stopped' ? 'problem' : 'done',
        title: t(locale, title), help: t(locale, help, { site: flow.siteNames?.[locale] ?? '' }), languageHref: languageHrefFor(ctx),
      }));
      return;
    }
    if (!info) return refuse(ctx, /** @type {string} */ (reason), undefined, flow.kind);
    const resident = residentOf(ctx);
    if (!resident) return showSignIn(ctx, `/app/request/${sessionId}`);
    const device = /** @type {string} */ (deviceOf(ctx));
    sendPage(ctx, appRequestPage({
      locale,
      explicitLocale: explicit,
      sessionId,
      resident,
      csrf: csrfToken(device, `request ${sessionId}`),
      request: {
        name: requesterName(locale, info),
        origin: info.origin,
        scopes: info.scopes.filter((scope) => SCOPES.includes(scope)),
        authorizationDetails: info.authorizationDetails ?? [],
        documents: documentsToSign(info.authorizationDetails ?? []),
        form: emeDetailOf(info.authorizationDetails ?? []),
        expiresAt: info.expiresAt,
      },
      step: flow.chosenCode ? { kind: 'decide', code: flow.chosenCode, typed: Boolean(flow.typed) } : { kind: 'choose', codes: info.codeChoices },
      languageHref: languageHrefFor(ctx),
    }));
    return undefined;
  }

  /** POST /app/request/:id/choose and /decide @param {Context} ctx @param {string} sessionId @param {'choose' | 'decide'} action */
  async function actOnRequest(ctx, sessionId, action) {
    const form = await readForm(ctx);
    const lang = form.get('lang');
    if (!csrfValid(ctx, form, `request ${sessionId}`)) return refuse(ctx, 'csrf', lang);
    const { flow, info, reason } = lookUp(ctx, sessionId);
    if (flow.outcome) return refuse(ctx, 'used', lang, flow.kind);
    if (!info) return refuse(ctx, /** @type {string} */ (reason), lang, flow.kind);
    const resident = residentOf(ctx);
    const back = withLang(`/app/request/${encodeURIComponent(sessionId)}`, explicitLocale(lang));
    if (!resident) return seeOther(ctx, back);
    /** @param {DecisionResult} result @param {Flow['outcome']} [outcome] what an accepted step ends in */
    const settle = (result, outcome) => {
      if (!result.ok && result.reason !== 'code_mismatch') return refuse(ctx, result.reason, lang, flow.kind);
      flow.outcome = result.ok ? outcome : 'stopped';
      if (flow.outcome) {
        flow.siteNames = /** @type {Record<Locale, string>} */ (Object.fromEntries(LOCALES.map((locale) => [locale, requesterName(locale, info)])));
      }
      return seeOther(ctx, back);
    };
    if (action === 'choose') {
      const code = form.get('code') ?? '';
      if (!info.codeChoices.includes(code)) return refuse(ctx, 'malformed', lang);
      // A wrong code stops the request at once: whoever sent this QR code is not at that website.
      const result = await engine.chooseCode(sessionId, code);
      if (result.ok) flow.chosenCode = code;
      return settle(result);
    }
    const decision = form.get('decision');
    if (!flow.chosenCode || (decision !== 'approve' && decision !== 'decline')) return refuse(ctx, 'malformed', lang);
    // The optional e-ME fields left ticked: a form naming anything else (a field not asked for,
    // or a required one) was not made by this screen, and nothing is given.
    const kept = form.getAll('keep');
    /** @type {readonly string[]} */
    const optional = emeDetailOf(info.authorizationDetails ?? [])?.optionalFields ?? [];
    if (decision === 'approve' && (new Set(kept).size !== kept.length || kept.some((field) => !optional.includes(field)))) {
      return refuse(ctx, 'malformed', lang);
    }
    return decision === 'approve'
      ? settle(await engine.approve(sessionId, { accountId: resident.id, chosenCode: flow.chosenCode, kept }), 'approved')
      : settle(await engine.decline(sessionId), 'declined');
  }

  /**
   * @param {Context} ctx
   * @returns {Promise<boolean>} whether the request was one of the simulator's
   */
  return async function route(ctx) {
    const { path, method } = ctx;
    const request = /^\/app\/request\/([\w-]{1,128})(?:\/(choose|decide))?$/.exec(path);
    if (method === 'GET' && path === '/app/qr') openQr(ctx);
    else if (method === 'GET' && path === '/app/open') openLink(ctx);
    else if (method === 'GET' && path === '/app/code') showCodeForm(ctx);
    else if (method === 'POST' && path === '/app/code') await submitCode(ctx);
    else if (method === 'GET' && path === '/app/resident') showSignIn(ctx);
    else if (method === 'POST' && path === '/app/resident') await signIn(ctx);
    else if (request && method === 'GET' && !request[2]) showRequest(ctx, request[1]);
    else if (request && method === 'POST' && request[2]) await actOnRequest(ctx, request[1], /** @type {'choose' | 'decide'} */ (request[2]));
    else return false;
    return true;
  };
}

/**
 * @param {import('oidc-provider').default} provider
 * @param {{ issuer: string, crossDevice: CrossDeviceEngine,
 *   accountIdFor: (clientId: string, residentId: string) => string }} options `crossDevice`: the
 *   cross-device engine behind the simulator's QR and identification-code pages; `accountIdFor`:
 *   the resident's account id at a client (pairwise: it is the `sub`)
 * @returns {import('koa').Middleware}
 */
export function sandboxRoutes(provider, { issuer, crossDevice, accountIdFor }) {
  const authorizationEndpoint = new URL(provider.pathFor('authorization'), issuer);
  const discoveryUrl = `${issuer}/.well-known/openid-configuration`;
  const simulator = simulatorRoutes({ issuer, engine: crossDevice });

  /**
   * The request's context for the interaction pages: the pending authorization, its client and
   * the language and presentation to render in.
   * @param {Context} ctx
   * @param {string | null} langParam
   */
  async function interactionContext(ctx, langParam) {
    const details = await provider.interactionDetails(ctx.req, ctx.res);
    const params = /** @type {Record<string, string | undefined>} */ (details.params);
    const client = await provider.Client.find(String(params.client_id));
    if (!client) throw new errors.InvalidClient('client not found');
    const explicit = explicitLocale(langParam);
    const locale = pickLocale({ explicit, uiLocales: params.ui_locales, acceptLanguage: ctx.get('accept-language') });
    // redirect_uri may be left out when the client registered only one.
    const origin = new URL(params.redirect_uri ?? client.redirectUris[0]).origin;
    return {
      details,
      params,
      locale,
      explicit,
      presentation: /** @type {'app' | 'browser'} */ (params[PRESENTATION_PARAM] === 'app' ? 'app' : 'browser'),
      requester: {
        name: clientDisplayName(client, locale),
        origin,
      },
    };
  }

  /**
   * The interaction is gone (expired, finished, or the browser lost its cookie).
   * @param {Context} ctx
   * @param {unknown} error
   */
  function interactionGone(ctx, error) {
    if (!(error instanceof errors.SessionNotFound)) throw error;
    const locale = pickLocale({ explicit: ctx.query.lang?.toString(), acceptLanguage: ctx.get('accept-language') });
    sendPage(ctx, problemPage({ locale, title: t(locale, 'expiredTitle'), help: t(locale, 'expiredHelp'), code: error.message, details: error.error_description }), { status: 400 });
  }

  /** @param {Context} ctx @param {string} uid */
  async function showInteraction(ctx, uid) {
    const lang = ctx.query.lang?.toString() ?? null;
    let context;
    try {
      context = await interactionContext(ctx, lang);
    } catch (error) {
      interactionGone(ctx, error);
      return;
    }
    const { locale, explicit, presentation, requester, params } = context;
    const languageHref = languageHrefFor(ctx);
    const residentId = ctx.query.resident?.toString();
    const resident = residentId ? findResident(residentId) : undefined;
    if (resident) {
      const scopes = String(params.scope ?? '').split(' ').filter((scope) => SCOPES.includes(scope));
      sendPage(ctx, approvalPage({ locale, presentation, uid, requester, resident, scopes, explicitLocale: explicit, languageHref }), { formTargets: [requester.origin] });
      return;
    }
    const notice = residentId ? t(locale, 'unknownResident') : undefined;
    sendPage(ctx, residentPickerPage({ locale, presentation, uid, requester, residents, explicitLocale: explicit, languageHref, notice }), { status: notice ? 400 : 200 });
  }

  /** @param {Context} ctx */
  async function confirmInteraction(ctx) {
    const form = await readForm(ctx);
    let context;
    try {
      context = await interactionContext(ctx, form.get('lang'));
    } catch (error) {
      interactionGone(ctx, error);
      return;
    }
    const { params, locale } = context;
    const decision = form.get('decision');
    /** @type {import('oidc-provider').InteractionResults} */
    let result;
    if (decision === 'decline') {
      result = { error: 'access_denied', error_description: 'The resident declined' };
    } else if (decision === 'approve') {
      const resident = findResident(form.get('resident') ?? '');
      if (!resident) {
        sendPage(ctx, problemPage({ locale, title: t(locale, 'errorTitle'), help: t(locale, 'unknownResident') }), { status: 400 });
        return;
      }
      // A fresh grant for exactly what was asked: the resident approves each request anew.
      const accountId = accountIdFor(String(params.client_id), resident.id);
      const grant = new provider.Grant({ accountId, clientId: String(params.client_id) });
      const scopes = String(params.scope ?? '').split(' ').filter((scope) => SCOPES.includes(scope));
      grant.addOIDCScope(scopes.join(' '));
      const grantId = await grant.save();
      result = { login: { accountId }, consent: { grantId } };
    } else {
      sendPage(ctx, problemPage({ locale, title: t(locale, 'errorTitle'), help: t(locale, 'errorHelp') }), { status: 400 });
      return;
    }
    const returnTo = await provider.interactionResult(ctx.req, ctx.res, result, { mergeWithLastSubmission: false });
    ctx.status = 303;
    ctx.set('Cache-Control', 'no-store');
    ctx.redirect(returnTo);
  }

  /** @param {Context} ctx */
  function showApp(ctx) {
    const languageHref = languageHrefFor(ctx);
    const explicit = explicitLocale(ctx.query.lang?.toString());
    const locale = pickLocale({ explicit, acceptLanguage: ctx.get('accept-language') });
    const requested = ctx.query.authorize;
    if (requested === undefined) {
      sendPage(ctx, appHomePage({ locale, explicitLocale: explicit, discoveryUrl, qrPrefix: `${issuer}/app/qr?`, languageHref }));
      return;
    }
    const target = typeof requested === 'string' ? URL.parse(requested) : null;
    const isAuthorizationEndpoint = target !== null
      && target.origin === authorizationEndpoint.origin
      && target.pathname === authorizationEndpoint.pathname
      && target.username === '' && target.password === '';
    if (!isAuthorizationEndpoint) {
      sendPage(ctx, problemPage({
        locale,
        presentation: 'app',
        title: t(locale, 'appBadLinkTitle'),
        help: t(locale, 'appBadLinkHelp'),
        extra: html`<p>${t(locale, 'appBadLinkExpected')} <code translate="no">${authorizationEndpoint.href}</code></p>`,
        languageHref,
      }), { status: 400 });
      return;
    }
    // Rebuilt on our own endpoint so only the query string comes from the link.
    const continueTo = new URL(authorizationEndpoint);
    continueTo.search = target.search;
    continueTo.searchParams.set(PRESENTATION_PARAM, 'app');
    ctx.status = 303;
    ctx.set('Cache-Control', 'no-store');
    ctx.redirect(continueTo.href);
  }

  return async function sandboxMiddleware(ctx, next) {
    ctx.set('X-Content-Type-Options', 'nosniff');
    ctx.set('Referrer-Policy', 'no-referrer');
    ctx.set('Content-Security-Policy', contentSecurityPolicy());

    const interaction = /^\/interaction\/([\w-]+)(\/confirm)?$/.exec(ctx.path);
    if (interaction && !interaction[2] && ctx.method === 'GET') return showInteraction(ctx, interaction[1]);
    if (interaction && interaction[2] && ctx.method === 'POST') return confirmInteraction(ctx);
    if (ctx.path === '/app' && ctx.method === 'GET') return showApp(ctx);
    if (await simulator(ctx)) return undefined;
    if (ctx.path === '/' && ctx.method === 'GET') {
      ctx.redirect('/app');
      return undefined;
    }
    const asset = ctx.path.startsWith('/assets/') ? ASSETS.get(ctx.path.slice('/assets/'.length)) : undefined;
    if (asset && (ctx.method === 'GET' || ctx.method === 'HEAD')) {
      ctx.type = asset.type;
      ctx.set('Cache-Control', 'no-cache');
      ctx.body = asset.body;
      return undefined;
    }

    await next();

    if (ctx.status === 404 && ctx.body == null && ctx.accepts('json', 'html') === 'html') {
      const locale = pickLocale({ explicit: ctx.query.lang?.toString(), acceptLanguage: ctx.get('accept-language') });
      sendPage(ctx, problemPage({ locale, title: t(locale, 'pageNotFound'), help: t(locale, 'pageNotFoundHelp') }), { status: 404 });
      return undefined;
    }

    // The provider's own pages may post forms that end at the client (logout, form_post).
    if (ctx.response.is('html')) {
      // ctx.oidc exists only on the provider's own routes.
      const origins = clientOrigins(ctx.oidc?.client);
      if (origins.length) ctx.set('Content-Security-Policy', withFormTargets(ctx.response.get('Content-Security-Policy'), origins));
    }
    return undefined;
  };
}
