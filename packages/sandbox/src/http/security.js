/**
 * Security headers on every response, the provider's own pages included: a strict CSP
 * (views/html.js), no MIME sniffing, no referrer; and a page for a browser that asks for an
 * address nothing serves.
 */
import { clientOrigins, contentSecurityPolicy } from '../views/html.js';
import { problemPage } from '../views/layout.js';
import { t } from '../views/i18n.js';
import { requestLang } from './lang.js';
import { respond } from './respond.js';

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

/** @type {import('koa').Middleware} */
export async function securityHeaders(ctx, next) {
  ctx.set('X-Content-Type-Options', 'nosniff');
  ctx.set('Referrer-Policy', 'no-referrer');
  ctx.set('Content-Security-Policy', contentSecurityPolicy());

  await next();

  if (ctx.status === 404 && ctx.body == null && ctx.accepts('json', 'html') === 'html') {
    const { lang } = requestLang(ctx);
    respond(ctx, { status: 404, page: () => problemPage({ lang, title: t(lang, 'pageNotFound'), help: t(lang, 'pageNotFoundHelp') }) });
    return;
  }

  // The provider's own pages may post forms that end at the client (logout, form_post); ctx.oidc
  // exists only on the provider's own routes.
  if (ctx.response.is('html')) {
    const origins = clientOrigins(ctx.oidc?.client);
    if (origins.length) ctx.set('Content-Security-Policy', withFormTargets(ctx.response.get('Content-Security-Policy'), origins));
  }
}
