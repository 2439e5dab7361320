import { IamSmartError } from '../../errors.js';
import { ConnectionLostError } from '../../session/transport.js';

export const DEVICE_CODE_GRANT = 'urn:ietf:params:oauth:grant-type:device_code';

/** A successful token response, checked for what the SDK uses; the ID token is verified afterwards. */
export interface DeviceTokens {
  idToken: string;
  accessToken: string;
  tokenType: string;
  scope?: string;
  expiresIn?: number;
  /** RFC 9396 §7: the authorization details the resident approved, as the provider recorded them (e.g. the signing credential). */
  authorizationDetails?: unknown[];
}

/** What one device access token request (RFC 8628 §3.4) told us, as in §3.5. */
export type DeviceTokenAnswer =
  | { kind: 'tokens'; tokens: DeviceTokens }
  | { kind: 'authorization_pending' }
  | { kind: 'slow_down' }
  | { kind: 'access_denied' }
  | { kind: 'expired_token' };

function bad(what: string, cause?: unknown): never {
  throw new IamSmartError('token_endpoint_error', `The token endpoint ${what}.`, { cause });
}

function tokens(body: Record<string, unknown>): DeviceTokens {
  const { id_token: idToken, access_token: accessToken, token_type: tokenType, scope, expires_in: expiresIn, authorization_details: details } = body;
  if (typeof accessToken !== 'string' || accessToken === '') bad('returned no access token');
  if (typeof idToken !== 'string' || idToken === '') bad('returned no ID token');
  if (typeof tokenType !== 'string' || tokenType.toLowerCase() !== 'bearer') bad(`returned an unsupported token type ${JSON.stringify(tokenType)}`);
  return {
    idToken,
    accessToken,
    tokenType,
    ...(typeof scope === 'string' ? { scope } : {}),
    ...(typeof expiresIn === 'number' && Number.isFinite(expiresIn) ? { expiresIn } : {}),
    ...(Array.isArray(details) ? { authorizationDetails: details as unknown[] } : {}),
  };
}

/**
 * Asks the token endpoint once for the device code's tokens. Throws `ConnectionLostError` when it
 * cannot be reached, and `IamSmartError('token_endpoint_error')` for any answer RFC 8628 does not
 * define (5xx, not JSON, other OAuth errors, tokens missing).
 */
export async function requestDeviceToken(endpoint: string, clientId: string, deviceCode: string, signal: AbortSignal): Promise<DeviceTokenAnswer> {
  const body = new URLSearchParams({ grant_type: DEVICE_CODE_GRANT, device_code: deviceCode, client_id: clientId });
  let response: Response;
  try {
    response = await fetch(endpoint, { method: 'POST', body, headers: { Accept: 'application/json' }, credentials: 'omit', signal });
  } catch (cause) {
    if (signal.aborted) throw cause;
    throw new ConnectionLostError(`Could not reach the token endpoint ${endpoint}.`, { cause });
  }
  let json: unknown;
  try {
    json = await response.json();
  } catch (cause) {
    if (signal.aborted) throw cause;
    return bad(`answered HTTP ${response.status} with something that is not JSON`, cause);
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) return bad('answered with JSON that is not an object');
  const fields = json as Record<string, unknown>;
  if (response.ok) return { kind: 'tokens', tokens: tokens(fields) };
  const { error } = fields;
  if (response.status === 400 || response.status === 401) {
    switch (error) {
      case 'authorization_pending':
      case 'slow_down':
      case 'access_denied':
      case 'expired_token':
        return { kind: error };
      default:
    }
  }
  const description = typeof fields.error_description === 'string' ? ` (${fields.error_description})` : '';
  return bad(`refused the device code: HTTP ${response.status} ${typeof error === 'string' ? error : 'without an error code'}${description}`);
}
