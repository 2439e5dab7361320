import { DISCOVERY_EXTENSIONS } from '@iamsmart/protocol';
import { IamSmartError } from './errors.js';
import { isLoopback } from './config/resolve.js';

/** The parts of the provider's discovery document the SDK relies on, after validation. */
export interface Discovery {
  issuer: string;
  authorization_endpoint: string;
  token_endpoint: string;
  jwks_uri: string;
  /** Algorithms the SDK accepts for ID tokens: what the provider advertises, never `none` or HS*. */
  id_token_signing_alg_values_supported: string[];
  end_session_endpoint?: string;
  revocation_endpoint?: string;
  userinfo_endpoint?: string;
  /** RFC 9207: the provider always sends `iss` in authorization responses. */
  authorization_response_iss_parameter_supported?: boolean;
  /** iAM Smart extension: the same-device app-link target. */
  iamsmart_app_link?: string;
  /** RFC 8628: where cross-device sessions start. */
  device_authorization_endpoint?: string;
  /** Sandbox extension: the status stream of a cross-device session (server-sent events over POST). */
  iamsmart_cross_device_status_endpoint?: string;
  /** iAM Smart extension: the base URL of the signing service (Cloud Signature Consortium API v2), e.g. `{issuer}/csc/v2`. */
  iamsmart_signing_endpoint?: string;
  [key: string]: unknown;
}

const REQUIRED_ENDPOINTS = ['authorization_endpoint', 'token_endpoint', 'jwks_uri'] as const;
const OPTIONAL_ENDPOINTS = [
  'end_session_endpoint',
  'revocation_endpoint',
  'userinfo_endpoint',
  'device_authorization_endpoint',
  ...Object.values(DISCOVERY_EXTENSIONS),
] as const;

export function discoveryUrl(issuer: string): string {
  return `${issuer.endsWith('/') ? issuer : `${issuer}/`}.well-known/openid-configuration`;
}

function bad(issuer: string, what: string): never {
  throw new IamSmartError('discovery_invalid', `The discovery document of ${issuer} ${what}.`);
}

/** An endpoint must be an absolute https URL, or http on the loopback when the issuer is. */
function checkEndpoint(issuer: string, name: string, value: unknown): string {
  if (typeof value !== 'string') bad(issuer, `has no \`${name}\``);
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return bad(issuer, `has an invalid \`${name}\`: "${value}"`);
  }
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && isLoopback(url) && isLoopback(new URL(issuer)))) {
    bad(issuer, `has a \`${name}\` that is not https: "${value}"`);
  }
  return value;
}

/**
 * Checks a parsed discovery document: `issuer` exactly equal to the configured one (a provider
 * serving another issuer's metadata is the mix-up attack), required endpoints present and safe,
 * ID-token algorithms reduced to asymmetric ones.
 */
export function validateDiscovery(issuer: string, doc: unknown): Discovery {
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) bad(issuer, 'is not a JSON object');
  const metadata = doc as Record<string, unknown>;
  if (metadata.issuer !== issuer) bad(issuer, `names another issuer (${JSON.stringify(metadata.issuer)})`);
  const result: Discovery = { ...metadata } as Discovery;
  for (const name of REQUIRED_ENDPOINTS) result[name] = checkEndpoint(issuer, name, metadata[name]);
  for (const name of OPTIONAL_ENDPOINTS) {
    if (metadata[name] !== undefined) result[name] = checkEndpoint(issuer, name, metadata[name]);
  }

  const algs = metadata.id_token_signing_alg_values_supported ?? ['RS256'];
  if (!Array.isArray(algs) || !algs.every((alg): alg is string => typeof alg === 'string')) {
    bad(issuer, 'has an invalid `id_token_signing_alg_values_supported`');
  }
  // A public client has no shared secret, so HS* could only be "signed" with public material; `none` is unsigned.
  const allowed = algs.filter((alg) => alg !== 'none' && !alg.startsWith('HS'));
  if (allowed.length === 0) bad(issuer, 'offers no asymmetric ID-token signing algorithm');
  result.id_token_signing_alg_values_supported = allowed;

  const pkce = metadata.code_challenge_methods_supported;
  if (Array.isArray(pkce) && !pkce.includes('S256')) bad(issuer, 'does not offer PKCE with S256');
  return result;
}

/**
 * Fetches and validates the discovery document. Network failures, timeouts and non-2xx answers
 * are `issuer_unreachable`; anything that is not valid metadata is `discovery_invalid`.
 */
export async function fetchDiscovery(issuer: string, timeoutSeconds: number): Promise<Discovery> {
  const url = discoveryUrl(issuer);
  let response: Response;
  try {
    response = await fetch(url, {
      headers: { Accept: 'application/json' },
      credentials: 'omit',
      signal: AbortSignal.timeout(timeoutSeconds * 1000),
    });
  } catch (cause) {
    const timedOut = cause instanceof DOMException && cause.name === 'TimeoutError';
    throw new IamSmartError('issuer_unreachable', `${timedOut ? 'Timed out fetching' : 'Could not fetch'} ${url}.`, { cause });
  }
  if (!response.ok) {
    throw new IamSmartError('issuer_unreachable', `${url} answered HTTP ${response.status}.`);
  }
  let doc: unknown;
  try {
    doc = await response.json();
  } catch (cause) {
    throw new IamSmartError('discovery_invalid', `The discovery document at ${url} is not JSON.`, { cause });
  }
  return validateDiscovery(issuer, doc);
}
