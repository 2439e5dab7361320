/**
 * The login interaction oidc-provider sends a browser to: choose a test resident
 * (GET /interaction/:uid), then approve or decline (GET /interaction/:uid?resident=, POST
 * /interaction/:uid/confirm). In the phone-app simulator the same pages render as the app.
 * The confirm form carries a CSRF token bound to the interaction: SameSite=Lax cookies do not
 * stop a page of another local site (every localhost port is the same site) from posting it.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import Router from '@koa/router';
import { errors } from 'oidc-provider';
import { SCOPES } from '../claims.js';
import { clientDisplayName } from '../clients.js';
import { findResident, residents } from '../residents.js';
import { languageHrefFor, requestLang } from '../http/lang.js';
import { readForm, respond, seeOther } from '../http/respond.js';
import { html } from '../views/html.js';
import { t } from '../views/i18n.js';
import { problemPage } from '../views/layout.js';
import { approvalPage, residentPickerPage } from './views.js';

/** @typedef {import('koa').Context} Context */
/** @typedef {import('oidc-provider').default} Provider */

/** The authorization-request parameter the simulator adds so the pages render as the app. */
export const PRESENTATION_PARAM = 'iams_presentation';

/** oidc-provider's interaction ids. */
const UID = /^[\w-]+$/;

/**
 * @typedef {object} LoginOptions
 * @property {Provider} provider
 * @property {(clientId: string, residentId: string) => string} accountIdFor the resident's account
 *   id at a client (pairwise: it is the `sub`)
 */

/**
 * The scopes asked for that the sandbox knows, in order.
 * @param {Record<string, unknown>} params the authorization request's
 */
function knownScopes(params) {
  return String(params.scope ?? '').split(' ').filter((scope) => SCOPES.includes(scope));
}

/**
 * The pending authorization, its client and the language and presentation to render in.
 * @param {Provider} provider
 * @param {Context} ctx
 * @param {string | null | undefined} lang the explicit choice, if any
 */
async function interactionContext(provider, ctx, lang) {
  const details = await provider.interactionDetails(ctx.req, ctx.res);
  const { params } = details;
  const client = await provider.Client.find(String(params.client_id));
  if (!client) throw new errors.InvalidClient('client not found');
  const { lang: pageLang, explicit } = requestLang(ctx, lang, params.ui_locales);
  // redirect_uri may be left out when the client registered only one.
  const redirectUri = typeof params.redirect_uri === 'string' ? params.redirect_uri : client.redirectUris?.[0];
  if (redirectUri === undefined) throw new errors.InvalidRequest('redirect_uri missing');
  const origin = new URL(redirectUri).origin;
  return {
    uid: details.uid,
    params,
    lang: pageLang,
    explicit,
    presentation: /** @type {'app' | 'browser'} */ (params[PRESENTATION_PARAM] === 'app' ? 'app' : 'browser'),
    requester: { name: clientDisplayName(client, pageLang), origin },
  };
}

/**
 * The interaction is gone (expired, finished, or the browser lost its cookie); anything else is rethrown.
 * @param {Context} ctx
 * @param {unknown} error
 */
function interactionGone(ctx, error) {
  if (!(error instanceof errors.SessionNotFound)) throw error;
  const { lang } = requestLang(ctx);
  respond(ctx, {
    status: 400,
    page: () => problemPage({ lang, title: t(lang, 'expiredTitle'), help: t(lang, 'expiredHelp'), code: error.message, details: error.error_description }),
  });
}

/**
 * The confirm form's CSRF token: an HMAC of the interaction's uid under a key made at start
 * (interactions live in memory, so none outlives the key).
 * @param {Buffer} key
 * @param {string} uid
 */
function csrfToken(key, uid) {
  return createHmac('sha256', key).update(`interaction-confirm\n${uid}`).digest('base64url');
}

/**
 * Whether the form carries the token of the interaction the browser's cookie names, posted to
 * that interaction's own address (a token of the attacker's own interaction does not fit).
 * @param {Buffer} key
 * @param {string} uid the interaction oidc-provider found
 * @param {string} pathUid the uid in the address posted to
 * @param {URLSearchParams} form
 */
function csrfValid(key, uid, pathUid, form) {
  const given = Buffer.from(form.get('csrf') ?? '');
  const expected = Buffer.from(csrfToken(key, uid));
  return uid === pathUid && given.length === expected.length && timingSafeEqual(given, expected);
}

/**
 * GET /interaction/:uid: the resident picker, or with `?resident=` the approval page.
 * @param {Provider} provider
 * @param {Buffer} csrfKey
 * @param {Context} ctx
 * @param {string} uid
 */
async function showInteraction(provider, csrfKey, ctx, uid) {
  let context;
  try {
    context = await interactionContext(provider, ctx, ctx.query.lang?.toString());
  } catch (error) {
    interactionGone(ctx, error);
    return;
  }
  const { lang, explicit, presentation, requester, params } = context;
  // Rendered for the interaction the browser's cookie names, whatever uid the address says.
  const csrf = csrfToken(csrfKey, context.uid);
  const languageHref = languageHrefFor(ctx);
  const residentId = ctx.query.resident?.toString();
  const resident = residentId ? findResident(residentId) : undefined;
  if (resident) {
    const scopes = knownScopes(params);
    respond(ctx, {
      page: () => approvalPage({ lang, presentation, uid, csrf, requester, resident, scopes, explicitLang: explicit, languageHref }),
      formTargets: [requester.origin],
    });
    return;
  }
  const notice = residentId ? t(lang, 'unknownResident') : undefined;
  respond(ctx, {
    status: notice ? 400 : 200,
    page: () => residentPickerPage({ lang, presentation, uid, requester, residents, explicitLang: explicit, languageHref, notice }),
  });
}

/**
 * POST /interaction/:uid/confirm: the resident's decision, handed back to oidc-provider. Without
 * the interaction's CSRF token: 403, and the interaction is left exactly as it was.
 * @param {LoginOptions} options
 * @param {Buffer} csrfKey
 * @param {Context} ctx
 * @param {string} pathUid
 */
async function confirmInteraction({ provider, accountIdFor }, csrfKey, ctx, pathUid) {
  const form = await readForm(ctx);
  let context;
  try {
    context = await interactionContext(provider, ctx, form.get('lang'));
  } catch (error) {
    interactionGone(ctx, error);
    return;
  }
  const { params, lang } = context;
  if (!csrfValid(csrfKey, context.uid, pathUid, form)) {
    respond(ctx, {
      status: 403,
      // The way back is to this browser's own pending request (the cookie's), never the posted one.
      page: () => problemPage({
        lang,
        title: t(lang, 'confirmCsrfTitle'),
        help: t(lang, 'confirmCsrfHelp'),
        extra: html`<p><a class="action" href="/interaction/${context.uid}">${t(lang, 'confirmCsrfBack')}</a></p>`,
      }),
      json: { error: 'invalid_csrf_token', error_description: 'The form carries no valid CSRF token for this interaction.' },
    });
    return;
  }
  const decision = form.get('decision');
  /** @type {import('oidc-provider').InteractionResults} */
  let result;
  if (decision === 'decline') {
    result = { error: 'access_denied', error_description: 'The resident declined' };
  } else if (decision === 'approve') {
    const resident = findResident(form.get('resident') ?? '');
    if (!resident) {
      respond(ctx, { status: 400, page: () => problemPage({ lang, title: t(lang, 'errorTitle'), help: t(lang, 'unknownResident') }) });
      return;
    }
    // A fresh grant for exactly what was asked: the resident approves each request anew.
    const accountId = accountIdFor(String(params.client_id), resident.id);
    const grant = new provider.Grant({ accountId, clientId: String(params.client_id) });
    grant.addOIDCScope(knownScopes(params).join(' '));
    const grantId = await grant.save();
    result = { login: { accountId }, consent: { grantId } };
  } else {
    respond(ctx, { status: 400, page: () => problemPage({ lang, title: t(lang, 'errorTitle'), help: t(lang, 'errorHelp') }) });
    return;
  }
  seeOther(ctx, await provider.interactionResult(ctx.req, ctx.res, result, { mergeWithLastSubmission: false }));
}

/**
 * The login interaction's routes.
 * @param {LoginOptions} options
 */
export function loginRoutes(options) {
  const csrfKey = randomBytes(32);
  return new Router()
    // Any other id names no interaction: not found.
    .param('uid', (uid, ctx, next) => (UID.test(uid) ? next() : undefined))
    .get('/interaction/:uid', (ctx) => showInteraction(options.provider, csrfKey, ctx, ctx.params.uid ?? ''))
    .post('/interaction/:uid/confirm', (ctx) => confirmInteraction(options, csrfKey, ctx, ctx.params.uid ?? ''));
}
