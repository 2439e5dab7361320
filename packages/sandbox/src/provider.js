/**
 * The OpenID Provider: oidc-provider configured as iAM Smart behaves for a browser relying
 * party — authorization code + PKCE (S256) only, RFC 9207 `iss`, signed ID tokens carrying the
 * profile claims, a pairwise `sub` per client, CORS only for a client's own origins, and an
 * approval in the (simulated) app for every authorization request.
 */
import { createHmac } from 'node:crypto';
import Provider, { interactionPolicy } from 'oidc-provider';
// oidc-provider's own in-memory storage, one store per provider (the package has no exports map).
import { createMemoryAdapter } from 'oidc-provider/lib/adapters/memory_adapter.js';
import { residentClaims, SCOPE_CLAIMS, SCOPES } from './claims.js';
import { clientDisplayName, LOCALISED_NAME_PROPERTIES } from './clients.js';
import { clientOrigins } from './html.js';
import { LOCALES, pickLocale, t } from './i18n.js';
import { logoutPage, problemPage } from './pages.js';
import { findResident } from './residents.js';
import { PRESENTATION_PARAM } from './routes.js';

/**
 * iAM Smart keeps no single sign-on session in the browser: each request is approved in the app.
 * So the login prompt is always shown once per authorization request (and `prompt=none` gets
 * `login_required`); on resume the interaction's result carries the login and the check passes.
 */
function approvalEveryTimePolicy() {
  const policy = interactionPolicy.base();
  policy.get('login').checks.add(new interactionPolicy.Check(
    'iams_app_approval',
    'Every request is approved by the resident in the iAM Smart app',
    'login_required',
    (ctx) => (ctx.oidc.result?.login ? interactionPolicy.Check.NO_NEED_TO_PROMPT : interactionPolicy.Check.REQUEST_PROMPT),
  ));
  return policy;
}

/** @param {import('koa').Context} ctx */
function requestLocale(ctx) {
  return pickLocale({ uiLocales: ctx.oidc?.params?.ui_locales, acceptLanguage: ctx.get('accept-language') });
}

/**
 * @param {{ issuer: string, secrets: Awaited<ReturnType<typeof import('./secrets.js').loadSecrets>>,
 *   clients: import('./clients.js').ClientMetadata[] }} options
 */
export function createProvider({ issuer, secrets, clients }) {
  const clockTolerance = 15;
  const provider = new Provider(issuer, {
    adapter: createMemoryAdapter(clockTolerance),
    clockTolerance,
    clients,
    jwks: secrets.jwks,
    cookies: {
      keys: secrets.cookieKeys,
      long: { httpOnly: true, sameSite: 'lax' },
      short: { httpOnly: true, sameSite: 'lax' },
    },
    scopes: [...SCOPES],
    claims: { ...SCOPE_CLAIMS },
    // Put the profile claims in the ID token so a single-page app needs no userinfo call.
    conformIdTokenClaims: false,
    responseTypes: ['code'],
    subjectTypes: ['pairwise'],
    clientAuthMethods: ['none', 'private_key_jwt', 'client_secret_basic', 'client_secret_post'],
    enabledJWA: { idTokenSigningAlgValues: ['RS256', 'ES256'] },
    pkce: { required: () => true },
    // Set by the phone-app simulator so the interaction pages render as the app.
    extraParams: [PRESENTATION_PARAM],
    extraClientMetadata: {
      properties: LOCALISED_NAME_PROPERTIES,
      validator(_ctx, key, value) {
        if (value !== undefined && typeof value !== 'string') {
          throw new Provider.errors.InvalidClientMetadata(`${key} must be a string`);
        }
      },
    },
    /**
     * The sandbox's own "tokenised ID": a keyed hash of the service (client) and the resident, so
     * every online service sees a different, stable `sub`, as iAM Smart gives each service.
     */
    async pairwiseIdentifier(_ctx, accountId, client) {
      return createHmac('sha256', secrets.pairwiseSalt)
        .update(`${client.sectorIdentifier ?? ''}\n${client.clientId}\n${accountId}`)
        .digest('base64url');
    },
    async findAccount(_ctx, id) {
      const resident = findResident(id);
      if (!resident) return undefined;
      return {
        accountId: resident.id,
        async claims() {
          return { sub: resident.id, ...residentClaims(resident) };
        },
      };
    },
    clientBasedCORS(_ctx, origin, client) {
      return origin !== 'null' && clientOrigins(client).includes(origin);
    },
    interactions: {
      policy: approvalEveryTimePolicy(),
      url: (_ctx, interaction) => `/interaction/${interaction.uid}`,
    },
    discovery: {
      ui_locales_supported: [...LOCALES],
      claims_locales_supported: [...LOCALES],
      iamsmart_app_link: `${issuer}/app`,
      service_documentation: 'https://www.iamsmart.gov.hk/en/',
    },
    features: {
      devInteractions: { enabled: false },
      rpInitiatedLogout: {
        enabled: true,
        async logoutSource(ctx, form) {
          const locale = requestLocale(ctx);
          const client = ctx.oidc.client;
          const siteName = client ? clientDisplayName(client, locale) : ctx.host;
          ctx.type = 'html';
          ctx.body = logoutPage({ locale, siteName, form });
        },
        async postLogoutSuccessSource(ctx) {
          const locale = requestLocale(ctx);
          ctx.type = 'html';
          ctx.body = problemPage({ locale, title: t(locale, 'loggedOutTitle'), help: t(locale, 'loggedOutHelp') });
        },
      },
      revocation: { enabled: true },
      userinfo: { enabled: true },
      rpMetadataChoices: { enabled: false },
      resourceIndicators: { enabled: false },
      pushedAuthorizationRequests: { enabled: false },
    },
    async renderError(ctx, out) {
      const locale = requestLocale(ctx);
      ctx.type = 'html';
      ctx.body = problemPage({
        locale,
        title: t(locale, 'errorTitle'),
        help: t(locale, 'errorHelp'),
        code: String(out.error),
        details: out.error_description === undefined ? undefined : String(out.error_description),
      });
    },
    ttl: {
      AccessToken: 60 * 60,
      AuthorizationCode: 60,
      IdToken: 60 * 60,
      Interaction: 10 * 60,
      Session: 24 * 60 * 60,
      Grant: 24 * 60 * 60,
      RefreshToken: 24 * 60 * 60,
    },
  });
  return provider;
}
