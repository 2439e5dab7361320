/**
 * The relying parties the sandbox knows: the demo site, plus any from the JSON file named by
 * IAMS_SANDBOX_CLIENTS, so a developer can register a local origin without editing code.
 */
import { X509Certificate } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { DEFAULT_SCOPES, MIN_RSA_BITS, MIN_SECRET_LENGTH } from './platform/choices.js';

/** Client metadata as oidc-provider takes it. @typedef {Record<string, unknown> & { client_id: string }} ClientMetadata */

/** Client names in the resident's language (OpenID Connect Registration's language-tagged form). */
export const LOCALISED_NAME_PROPERTIES = ['client_name#zh-HK', 'client_name#zh-CN'];

/**
 * The client's registered name in the page's language, falling back to client_name, then the id.
 * @param {{ clientId: string, clientName?: string } & Record<string, unknown>} client an oidc-provider Client
 * @param {import('@iamsmart/protocol').Lang} lang
 */
export function clientDisplayName(client, lang) {
  const localised = client[`client_name#${lang}`];
  return typeof localised === 'string' ? localised : (client.clientName ?? client.clientId);
}

/** RFC 8628's grant type: the QR cross-device login. */
export const DEVICE_CODE_GRANT = 'urn:ietf:params:oauth:grant-type:device_code';

/**
 * What a public browser client of this kit needs, filled in where the file leaves it out:
 * no secret (PKCE instead), the code flow and the cross-device (QR) login, and a per-service
 * pairwise `sub`.
 */
export const PUBLIC_CLIENT_DEFAULTS = Object.freeze({
  application_type: 'web',
  token_endpoint_auth_method: 'none',
  grant_types: ['authorization_code', DEVICE_CODE_GRANT],
  response_types: ['code'],
  subject_type: 'pairwise',
  id_token_signed_response_alg: 'RS256',
});

/**
 * @param {ClientMetadata} metadata
 * @returns {ClientMetadata}
 */
export function withPublicClientDefaults(metadata) {
  return { ...structuredClone(PUBLIC_CLIENT_DEFAULTS), ...metadata };
}

/**
 * The demo partner site's registration. `/iamsmart/callback` is the platform's redirectURI of
 * its backend (@iamsmart/server mounted at /iamsmart by demo-site/server.js); the other two are
 * the OpenID Connect redirect URIs of its pages.
 * @param {string} demoOrigin e.g. "http://localhost:8080"
 * @returns {ClientMetadata}
 */
export function demoClient(demoOrigin) {
  const origin = new URL(demoOrigin).origin;
  return withPublicClientDefaults({
    client_id: 'demo-site',
    client_name: 'Demo Partner Site (sandbox)',
    'client_name#zh-HK': '示範合作網站（沙盒）',
    'client_name#zh-CN': '示范合作网站（沙盒）',
    redirect_uris: [`${origin}/`, `${origin}/oidc.html`, `${origin}/popup-callback.html`, `${origin}/iamsmart/callback`],
    post_logout_redirect_uris: [`${origin}/`, `${origin}/oidc.html`],
  });
}

/**
 * The metadata oidc-provider is given. Every sandbox client has a pairwise `sub`, but
 * oidc-provider accepts `subject_type: "pairwise"` together with the device-code grant only for
 * clients that authenticate with private_key_jwt (and publish a jwks_uri), which a browser client
 * cannot. So oidc-provider sees "public" clients and the sandbox makes the account id itself
 * pairwise (see `createAccountIds` in provider.js): the `sub` is per client in every flow.
 * @param {ClientMetadata} metadata
 * @returns {ClientMetadata}
 */
export function providerClientMetadata(metadata) {
  // The platform API's fields are the sandbox's, not oidc-provider's (see platformClient).
  const { subject_type: subjectType, ...rest } = metadata;
  for (const property of ['client_secret', 'encipherment_certificate', 'scopes']) delete rest[property];
  if (subjectType !== undefined && subjectType !== 'pairwise') {
    throw new TypeError(`subject_type must be "pairwise" (the sandbox gives every client its own sub), not ${JSON.stringify(subjectType)}`);
  }
  // Every client may ask for sign and eme requests (sign/ and eme/authorization-details.js)
  // unless it says otherwise.
  return { authorization_details_types: ['credential', 'eme'], ...rest, subject_type: 'public' };
}

/** An error in the clients file; the message names the file and the problem. */
export class ClientsFileError extends Error {
  /**
   * @param {string} file
   * @param {string} problem
   * @param {ErrorOptions} [options]
   */
  constructor(file, problem, options) {
    super(`IAMS_SANDBOX_CLIENTS file ${file}: ${problem}`, options);
    this.name = 'ClientsFileError';
    this.file = file;
  }
}

/**
 * Reads an array of client metadata and fills in the public-client defaults.
 * @param {string} file
 * @returns {Promise<ClientMetadata[]>}
 */
export async function loadClientsFile(file) {
  const path = resolve(file);
  let text;
  try {
    text = await readFile(path, 'utf8');
  } catch (cause) {
    throw new ClientsFileError(path, `cannot be read (${/** @type {Error} */ (cause).message})`, { cause });
  }
  let parsed;
  try {
    parsed = JSON.parse(text);
  } catch (cause) {
    throw new ClientsFileError(path, `is not valid JSON (${/** @type {Error} */ (cause).message})`, { cause });
  }
  if (!Array.isArray(parsed)) {
    throw new ClientsFileError(path, 'must contain a JSON array of client metadata objects');
  }
  return parsed.map((entry, index) => {
    if (entry === null || typeof entry !== 'object' || Array.isArray(entry)) {
      throw new ClientsFileError(path, `entry ${index} is not an object`);
    }
    if (typeof entry.client_id !== 'string' || entry.client_id === '') {
      throw new ClientsFileError(path, `entry ${index} has no client_id`);
    }
    // Checked here because oidc-provider's sector identifier step fails on a bad URL with only
    // "Invalid URL".
    for (const property of ['redirect_uris', 'post_logout_redirect_uris']) {
      const uris = entry[property];
      if (uris === undefined) continue;
      if (!Array.isArray(uris)) throw new ClientsFileError(path, `client ${JSON.stringify(entry.client_id)}: ${property} must be an array of URLs`);
      const bad = uris.find((uri) => typeof uri !== 'string' || !URL.canParse(uri));
      if (bad !== undefined) throw new ClientsFileError(path, `client ${JSON.stringify(entry.client_id)}: ${property} contains ${JSON.stringify(bad)}, which is not a URL`);
    }
    return withPublicClientDefaults(entry);
  });
}

/** The platform API's scopes (PLATFORM.md "Login"). */
export const PLATFORM_SCOPES = Object.freeze(['eidapi_auth', 'eidapi_profiles', 'eidapi_formFilling', 'eidapi_sign', 'eidapi_fr', 'eidapi_bulksign']);

/**
 * The platform API's view of a client entry, or undefined when the entry has neither
 * `client_secret` nor `encipherment_certificate` (an OpenID Connect client only). Throws a
 * TypeError naming the problem for a half or bad registration; the caller adds the file and client.
 * @param {ClientMetadata} metadata
 * @returns {import('./platform/api.js').PlatformClient | undefined}
 */
export function platformClient(metadata) {
  const { client_id: clientId, client_secret: secret, encipherment_certificate: certificate, scopes = [...DEFAULT_SCOPES] } = metadata;
  if (secret === undefined && certificate === undefined) return undefined;
  if (typeof secret !== 'string' || secret.length < MIN_SECRET_LENGTH) {
    throw new TypeError(`client_secret must be a string of at least ${MIN_SECRET_LENGTH} characters (a platform client needs both client_secret and encipherment_certificate)`);
  }
  if (typeof certificate !== 'string') {
    throw new TypeError('encipherment_certificate must be a PEM certificate (a platform client needs both client_secret and encipherment_certificate)');
  }
  let parsed;
  try {
    parsed = new X509Certificate(certificate);
  } catch (cause) {
    throw new TypeError(`encipherment_certificate is not a PEM X.509 certificate (${/** @type {Error} */ (cause).message})`, { cause });
  }
  const { asymmetricKeyType: type, asymmetricKeyDetails: details } = parsed.publicKey;
  if (type !== 'rsa' || (details?.modulusLength ?? 0) < MIN_RSA_BITS) {
    throw new TypeError(`encipherment_certificate must hold an RSA key of at least ${MIN_RSA_BITS} bits, not ${type === 'rsa' ? `RSA ${details?.modulusLength} bits` : String(type)}`);
  }
  if (!Array.isArray(scopes) || scopes.length === 0 || !scopes.every((scope) => PLATFORM_SCOPES.includes(scope))) {
    throw new TypeError(`scopes must be a non-empty array of ${PLATFORM_SCOPES.join(', ')}`);
  }
  const redirectUris = /** @type {unknown} */ (metadata.redirect_uris);
  const name = metadata.client_name;
  return {
    clientId,
    clientName: {
      en: typeof name === 'string' ? name : clientId,
      'zh-HK': String(metadata['client_name#zh-HK'] ?? name ?? clientId),
      'zh-CN': String(metadata['client_name#zh-CN'] ?? name ?? clientId),
    },
    secret,
    enciphermentCertificate: certificate,
    scopes: [...new Set(/** @type {string[]} */ (scopes))],
    redirectUris: Array.isArray(redirectUris) ? redirectUris.filter((uri) => typeof uri === 'string') : [],
  };
}
