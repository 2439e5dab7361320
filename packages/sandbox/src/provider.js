/**
 * The OpenID Provider: oidc-provider configured as iAM Smart behaves for a browser relying
 * party — authorization code + PKCE (S256) and the device authorization grant (RFC 8628, the QR
 * cross-device login), RFC 9207 `iss`, signed ID tokens carrying the profile claims, a pairwise
 * `sub` per client, CORS only for a client's own origins, and an approval in the (simulated) app
 * for every request.
 */
import { createHmac } from 'node:crypto';
import { DISCOVERY_EXTENSIONS, EME_FIELDS, LANGS } from '@iamsmart/protocol';
import Provider, { errors, interactionPolicy } from 'oidc-provider';
// oidc-provider's own in-memory storage, one store per provider (the package has no exports map).
import { createMemoryAdapter } from 'oidc-provider/lib/adapters/memory_adapter.js';
import { residentClaims, SCOPE_CLAIMS, SCOPES } from './claims.js';
import { clientDisplayName, LOCALISED_NAME_PROPERTIES } from './clients.js';
import { STATUS_PATH } from './session/endpoints.js';
import { emeClaims, validateEmeDetail } from './eme/authorization-details.js';
import { PRESENTATION_PARAM } from './login/routes.js';
import { logoutPage } from './login/views.js';
import { residents } from './residents.js';
import { credentialDetailValidator } from './sign/authorization-details.js';
import { CSC_PATH } from './sign/csc.js';
import { clientOrigins } from './views/html.js';
import { pageLang, t } from './views/i18n.js';
import { problemPage } from './views/layout.js';

/**
 * iAM Smart keeps no single sign-on session in the browser: each request is approved in the app.
 * So the login prompt is always shown once per authorization request (and `prompt=none` gets
 * `login_required`); on resume the interaction's result carries the login and the check passes.
 */
function approvalEveryTimePolicy() {
  const policy = interactionPolicy.base();
  const login = policy.get('login');
  if (!login) throw new Error("oidc-provider's base interaction policy has no login prompt");
  login.checks.add(new interactionPolicy.Check(
    'iams_app_approval',
    'Every request is approved by the resident in the iAM Smart app',
    'login_required',
    (ctx) => (ctx.oidc.result?.login ? interactionPolicy.Check.NO_NEED_TO_PROMPT : interactionPolicy.Check.REQUEST_PROMPT),
  ));
  return policy;
}

/** The language of the provider's own pages. @param {import('koa').Context} ctx */
function providerPageLang(ctx) {
  return pageLang({ uiLocales: ctx.oidc?.params?.ui_locales, acceptLanguage: ctx.get('accept-language') });
}

/**
 * The sandbox's own "tokenised ID": a keyed hash of the service (client, with its sector host)
 * and the resident, so every online service sees a different, stable `sub`, as iAM Smart gives
 * each service. It is used as the oidc-provider account id itself (oidc-provider puts the account
 * id in `sub` for "public" clients, see `providerClientMetadata`), so a resident has the same
 * `sub` at a client whether they log in by redirect or by QR code.
 * @param {Buffer | string} pairwiseSalt
 * @param {import('./clients.js').ClientMetadata[]} clients
 */
export function createAccountIds(pairwiseSalt, clients) {
  // The same sector oidc-provider used for pairwise clients, so `sub`s kept from before stay.
  const sectors = new Map(clients.map((metadata) => {
    const uri = /** @type {string | undefined} */ (metadata.sector_identifier_uri)
      ?? /** @type {string[] | undefined} */ (metadata.redirect_uris)?.[0];
    return [metadata.client_id, uri === undefined ? '' : new URL(uri).host];
  }));

  /**
   * @param {string} clientId
   * @param {string} residentId
   */
  function accountIdFor(clientId, residentId) {
    const sector = sectors.get(clientId);
    if (sector === undefined) throw new TypeError(`Unknown client ${JSON.stringify(clientId)}`);
    return createHmac('sha256', pairwiseSalt).update(`${sector}\n${clientId}\n${residentId}`).digest('base64url');
  }

  /**
   * The resident behind an account id at a client (six residents: hashing each is cheap).
   * @param {string} clientId
   * @param {string} accountId
   */
  function residentFor(clientId, accountId) {
    if (!sectors.has(clientId)) return undefined;
    return residents.find((resident) => accountIdFor(clientId, resident.id) === accountId);
  }

  return { accountIdFor, residentFor };
}

/**
 * @typedef {object} ProviderCrossDevice
 * @property {number} lifetimeSeconds device code lifetime
 * @property {(ctx: import('koa').Context, clientId: string) => void} beforeDeviceCode called once
 *   per device authorization request, after the client is authenticated and before the device
 *   code exists; throws to refuse it (the rate limit)
 */

/**
 * @param {{ issuer: string, secrets: Awaited<ReturnType<typeof import('./secrets.js').loadSecrets>>,
 *   clients: import('./clients.js').ClientMetadata[], accounts: ReturnType<typeof createAccountIds>,
 *   crossDevice: ProviderCrossDevice, knownCredential: (credentialID: string) => boolean }} options
 *   `clients` as `providerClientMetadata` gives them; `knownCredential` checks a signing credential ID
 */
export function createProvider({ issuer, secrets, clients, accounts, crossDevice, knownCredential }) {
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
    // e-ME fields are claims of no scope: userinfo releases them only for an eme grant
    // (the device code's `claims.userinfo`, set at approval, and `emeClaims` below).
    claims: { ...SCOPE_CLAIMS, ...Object.fromEntries(EME_FIELDS.map((field) => [field, null])) },
    // Put the profile claims in the ID token so a single-page app needs no userinfo call.
    conformIdTokenClaims: false,
    responseTypes: ['code'],
    // Pairwise in fact: the account id is per client (createAccountIds).
    subjectTypes: ['public'],
    clientAuthMethods: ['none', 'private_key_jwt', 'client_secret_basic', 'client_secret_post'],
    enabledJWA: { idTokenSigningAlgValues: ['RS256', 'ES256'] },
    pkce: { required: () => true },
    // Set by the phone-app simulator so the interaction pages render as the app.
    extraParams: [PRESENTATION_PARAM],
    extraClientMetadata: {
      properties: LOCALISED_NAME_PROPERTIES,
      validator(_ctx, key, value) {
        if (value !== undefined && typeof value !== 'string') {
          throw new errors.InvalidClientMetadata(`${key} must be a string`);
        }
      },
    },
    async findAccount(ctx, id, token) {
      const clientId = token?.clientId ?? ctx?.oidc?.client?.clientId;
      const resident = clientId === undefined ? undefined : accounts.residentFor(clientId, id);
      if (!resident) return undefined;
      return {
        accountId: id,
        async claims(use) {
          // At userinfo `token` is the access token, whose details say which e-ME fields were consented.
          const eme = use === 'userinfo' && token?.kind === 'AccessToken' ? emeClaims(resident, token.rar) : {};
          return { sub: id, ...residentClaims(resident), ...eme };
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
      ui_locales_supported: [...LANGS],
      claims_locales_supported: [...LANGS],
      [DISCOVERY_EXTENSIONS.appLink]: `${issuer}/app`,
      [DISCOVERY_EXTENSIONS.statusStream]: `${issuer}${STATUS_PATH}`,
      // The signing service's base (CSC API v2): credentials/info, signatures/signHash, ca.pem.
      [DISCOVERY_EXTENSIONS.signingEndpoint]: `${issuer}${CSC_PATH}`,
      service_documentation: 'https://www.iamsmart.gov.hk/en/',
    },
    features: {
      devInteractions: { enabled: false },
      // The resident types the identification code in the phone-app simulator (/app/code): the
      // provider's own /device pages only redirect there (session/endpoints.js), so its
      // userCodeInputSource, userCodeConfirmSource and successSource never render.
      deviceFlow: {
        enabled: true,
        charset: 'digits',
        mask: '****-****',
        deviceInfo(ctx) {
          // Called after client authentication, so there is a client.
          const { client } = ctx.oidc;
          if (!client) throw new errors.InvalidClient('client not found');
          crossDevice.beforeDeviceCode(ctx, client.clientId);
          return { ip: ctx.ip, ua: ctx.get('user-agent') };
        },
      },
      rpInitiatedLogout: {
        enabled: true,
        async logoutSource(ctx, form) {
          const lang = providerPageLang(ctx);
          const client = ctx.oidc.client;
          const siteName = client ? clientDisplayName(client, lang) : ctx.host;
          ctx.type = 'html';
          ctx.body = logoutPage({ lang, siteName, form });
        },
        async postLogoutSuccessSource(ctx) {
          const lang = providerPageLang(ctx);
          ctx.type = 'html';
          ctx.body = problemPage({ lang, title: t(lang, 'loggedOutTitle'), help: t(lang, 'loggedOutHelp') });
        },
      },
      revocation: {
        enabled: true,
        // A client may revoke only its own tokens (oidc-provider's default rule, stated so it
        // does not warn); every sandbox client is public, so another's token is ignored silently.
        allowedPolicy: (_ctx, client, token) => token.clientId === client.clientId,
      },
      userinfo: { enabled: true },
      rpMetadataChoices: { enabled: false },
      // oidc-provider allows RAR only with resource indicators on, and wants a resource for a
      // request with authorization_details: the signing service. Tokens of an `openid` grant
      // stay for userinfo (and carry the details); nothing else is a resource.
      resourceIndicators: {
        enabled: true,
        defaultResource: (ctx, _client, oneOf) => oneOf
          ?? (ctx.oidc.params?.authorization_details === undefined ? undefined : `${issuer}${CSC_PATH}`),
        getResourceServerInfo(_ctx, resource) {
          if (resource !== `${issuer}${CSC_PATH}`) throw new errors.InvalidTarget();
          return { scope: '', audience: resource, accessTokenFormat: 'opaque' };
        },
      },
      // sign and eme approvals (sign/ and eme/authorization-details.js): the device
      // flow's approval puts the details on the grant and the device code (session/engine.js);
      // tokens carry them.
      richAuthorizationRequests: {
        enabled: true,
        types: {
          credential: { validate: credentialDetailValidator(knownCredential) },
          eme: { validate: validateEmeDetail },
        },
        authorizationDetailsForGrantSource: (ctx) => ctx.oidc.grant?.rar,
        authorizationDetailsForAccessToken: (_ctx, _token, source) => source?.rar,
      },
      pushedAuthorizationRequests: { enabled: false },
    },
    async renderError(ctx, out) {
      const lang = providerPageLang(ctx);
      ctx.type = 'html';
      ctx.body = problemPage({
        lang,
        title: t(lang, 'errorTitle'),
        help: t(lang, 'errorHelp'),
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
      DeviceCode: crossDevice.lifetimeSeconds,
      RefreshToken: 24 * 60 * 60,
    },
  });
  return provider;
}
