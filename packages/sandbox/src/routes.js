/**
 * The sandbox's own pages, mounted in front of oidc-provider's routes: the sign-in interaction,
 * the phone-app simulator at /app, and static assets. Also sets the security headers (a strict
 * CSP) on every response, including the provider's own pages.
 */
import { readFileSync } from 'node:fs';
import { errors } from 'oidc-provider';
import { SCOPES } from './claims.js';
import { clientDisplayName } from './clients.js';
import { clientOrigins, contentSecurityPolicy, html } from './html.js';
import { LOCALES, pickLocale, t } from './i18n.js';
import { appHomePage, approvalPage, problemPage, residentPickerPage } from './pages.js';
import { findResident, residents } from './residents.js';

/** @typedef {import('koa').Context} Context */
/** @typedef {import('./i18n.js').Locale} Locale */

/** The authorization-request parameter the simulator adds so the pages render as the app. */
export const PRESENTATION_PARAM = 'iams_presentation';

/** @type {Map<string, { type: string, body: Buffer }>} */
const ASSETS = new Map(
  [['sandbox.css', 'text/css; charset=utf-8'], ['iamsmart-mark.svg', 'image/svg+xml']]
    .map(([name, type]) => [name, { type, body: readFileSync(new URL(`./public/${name}`, import.meta.url)) }]),
);

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

/**
 * @param {import('oidc-provider').default} provider
 * @param {{ issuer: string }} options
 * @returns {import('koa').Middleware}
 */
export function sandboxRoutes(provider, { issuer }) {
  const authorizationEndpoint = new URL(provider.pathFor('authorization'), issuer);
  const discoveryUrl = `${issuer}/.well-known/openid-configuration`;

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
      const grant = new provider.Grant({ accountId: resident.id, clientId: String(params.client_id) });
      const scopes = String(params.scope ?? '').split(' ').filter((scope) => SCOPES.includes(scope));
      grant.addOIDCScope(scopes.join(' '));
      const grantId = await grant.save();
      result = { login: { accountId: resident.id }, consent: { grantId } };
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
    const locale = pickLocale({ explicit: ctx.query.lang?.toString(), acceptLanguage: ctx.get('accept-language') });
    const requested = ctx.query.authorize;
    if (requested === undefined) {
      sendPage(ctx, appHomePage({ locale, discoveryUrl, languageHref }));
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
