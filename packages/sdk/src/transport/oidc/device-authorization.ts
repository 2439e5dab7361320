import { DEVICE_AUTHORIZATION_EXTENSIONS } from '@iamsmart/protocol';
import { IamSmartError } from '../../errors.js';
import type { QrExtension } from './qr-payload.js';

/** A validated device authorization response (RFC 8628 §3.2), with the sandbox's QR extension when sent. */
export interface DeviceAuthorization {
  deviceCode: string;
  /** As shown to the resident: eight digits are grouped `1234-5678`. */
  userCode: string;
  verificationUri: string;
  verificationUriComplete?: string;
  expiresInSeconds: number;
  intervalSeconds: number;
  qr?: QrExtension;
}

export interface DeviceAuthorizationRequest {
  endpoint: string;
  clientId: string;
  scope: string;
  nonce: string;
  authorizationDetails?: unknown[];
  signal: AbortSignal;
}

/** Longest session the SDK accepts: a provider asking for more is misconfigured (the sandbox never exceeds 300 s). */
const MAX_EXPIRES_IN = 600;
const DEFAULT_INTERVAL = 5;

function invalid(what: string): never {
  throw new IamSmartError('token_endpoint_error', `The device authorization response ${what}.`);
}

function isAbsoluteUrl(value: unknown): value is string {
  if (typeof value !== 'string') return false;
  try {
    const { protocol } = new URL(value);
    return protocol === 'https:' || protocol === 'http:';
  } catch {
    return false;
  }
}

function isPositive(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value) && value > 0;
}

export function formatUserCode(code: string): string {
  return /^\d{8}$/.test(code) ? `${code.slice(0, 4)}-${code.slice(4)}` : code;
}

function qrExtension(body: Record<string, unknown>): QrExtension | undefined {
  const { qrStartToken, qrStartSecret, qrUri, qrInterval } = DEVICE_AUTHORIZATION_EXTENSIONS;
  const [startToken, startSecret, uri, interval] = [body[qrStartToken], body[qrStartSecret], body[qrUri], body[qrInterval]];
  if (startToken === undefined && startSecret === undefined && uri === undefined) return undefined;
  if (typeof startToken !== 'string' || startToken === '' || typeof startSecret !== 'string' || startSecret === '' || !isAbsoluteUrl(uri)) {
    invalid(`has incomplete \`${qrStartToken}\` / \`${qrStartSecret}\` / \`${qrUri}\` fields`);
  }
  if (interval !== undefined && !isPositive(interval)) invalid(`has an invalid \`${qrInterval}\``);
  return { startToken, startSecret, uri, intervalSeconds: interval ?? 1 };
}

/** Checks the response's shape: a provider's mistake must end in a typed error, not a QR code for `undefined`. */
export function validateDeviceAuthorization(body: unknown): DeviceAuthorization {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) invalid('is not a JSON object');
  const fields = body as Record<string, unknown>;
  const { device_code: deviceCode, user_code: userCode, verification_uri: verificationUri, verification_uri_complete: complete, expires_in: expiresIn, interval } = fields;
  if (typeof deviceCode !== 'string' || deviceCode === '') invalid('has no `device_code`');
  if (typeof userCode !== 'string' || userCode === '') invalid('has no `user_code`');
  if (!isAbsoluteUrl(verificationUri)) invalid('has no valid `verification_uri`');
  if (complete !== undefined && !isAbsoluteUrl(complete)) invalid('has an invalid `verification_uri_complete`');
  if (!isPositive(expiresIn) || expiresIn > MAX_EXPIRES_IN) invalid(`has an \`expires_in\` that is not between 1 and ${MAX_EXPIRES_IN} seconds`);
  if (interval !== undefined && !isPositive(interval)) invalid('has an invalid `interval`');
  const qr = qrExtension(fields);
  return {
    deviceCode,
    userCode: formatUserCode(userCode),
    verificationUri,
    ...(complete === undefined ? {} : { verificationUriComplete: complete }),
    expiresInSeconds: expiresIn,
    intervalSeconds: interval ?? DEFAULT_INTERVAL,
    ...(qr === undefined ? {} : { qr }),
  };
}

function retryAfterSeconds(header: string | null): number | undefined {
  if (header === null) return undefined;
  if (/^\d+$/.test(header.trim())) return Number(header.trim());
  const date = Date.parse(header);
  return Number.isNaN(date) ? undefined : Math.max(0, Math.ceil((date - Date.now()) / 1000));
}

async function oauthError(response: Response): Promise<{ error?: string; description?: string }> {
  try {
    const body = (await response.json()) as { error?: unknown; error_description?: unknown };
    return {
      ...(typeof body.error === 'string' ? { error: body.error } : {}),
      ...(typeof body.error_description === 'string' ? { description: body.error_description } : {}),
    };
  } catch {
    return {};
  }
}

/** POSTs the device authorization request (RFC 8628 §3.1) and validates the answer. */
export async function requestDeviceAuthorization(request: DeviceAuthorizationRequest): Promise<DeviceAuthorization> {
  const form = new URLSearchParams({ client_id: request.clientId, scope: request.scope, nonce: request.nonce });
  if (request.authorizationDetails !== undefined) form.set('authorization_details', JSON.stringify(request.authorizationDetails));
  let response: Response;
  try {
    response = await fetch(request.endpoint, { method: 'POST', body: form, headers: { Accept: 'application/json' }, credentials: 'omit', signal: request.signal });
  } catch (cause) {
    if (request.signal.aborted) throw cause;
    throw new IamSmartError('network_error', `Could not reach the device authorization endpoint ${request.endpoint}.`, { cause });
  }
  if (response.status === 429) {
    const retryAfter = retryAfterSeconds(response.headers.get('Retry-After'));
    throw new IamSmartError('rate_limited', `The provider refused to start another session for now${retryAfter === undefined ? '' : `; retry in ${retryAfter} s`}.`, retryAfter === undefined ? {} : { retryAfter });
  }
  if (!response.ok) {
    const { error, description } = await oauthError(response);
    if (error !== undefined && response.status >= 400 && response.status < 500) {
      throw new IamSmartError('authorization_error', `The provider refused the session: ${error}${description ? ` (${description})` : ''}.`);
    }
    throw new IamSmartError('token_endpoint_error', `The device authorization endpoint answered HTTP ${response.status}.`);
  }
  let body: unknown;
  try {
    body = await response.json();
  } catch (cause) {
    throw new IamSmartError('token_endpoint_error', 'The device authorization response is not JSON.', { cause });
  }
  return validateDeviceAuthorization(body);
}
