// The two calls of the Cloud Signature Consortium API v2 the SDK makes with a signing approval's
// access token: credentials/info (the signer's certificate chain) and signatures/signHash.
import { IamSmartError } from '../errors.js';
import { base64ToBytes } from './hash.js';
import { SHA256_WITH_RSA } from './verify.js';

export const SHA256_OID = '2.16.840.1.101.3.4.2.1';

export interface CscContext {
  /** The service's base URL (discovery's `iamsmart_signing_endpoint`). */
  endpoint: string;
  accessToken: string;
  timeoutSeconds: number;
  /** Aborts when the session stops. */
  signal: AbortSignal;
}

function failed(message: string): never {
  throw new IamSmartError('signing_failed', message);
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** POSTs one CSC operation as JSON and returns the JSON object it answered. */
async function call(ctx: CscContext, operation: string, body: Record<string, unknown>): Promise<Record<string, unknown>> {
  const url = `${ctx.endpoint.replace(/\/+$/, '')}/${operation}`;
  const signal = AbortSignal.any([ctx.signal, AbortSignal.timeout(ctx.timeoutSeconds * 1000)]);
  const unreachable = (cause: unknown): unknown => {
    // The session stopped: nobody waits for an answer.
    if (ctx.signal.aborted) return cause;
    const what = signal.aborted ? 'did not answer in time' : 'could not be reached';
    return new IamSmartError('network_error', `The signing service (${url}) ${what}.`, { cause });
  };
  let response: Response;
  let json: unknown;
  try {
    response = await fetch(url, {
      method: 'POST',
      headers: { Authorization: `Bearer ${ctx.accessToken}`, 'Content-Type': 'application/json', Accept: 'application/json' },
      body: JSON.stringify(body),
      credentials: 'omit',
      signal,
    });
    json = await response.json().catch((cause: unknown) => {
      if (signal.aborted) throw cause;
      return undefined; // not JSON: said below
    });
  } catch (cause) {
    throw unreachable(cause);
  }
  if (!response.ok) {
    const error = isObject(json) && typeof json.error === 'string' ? ` ${json.error}` : '';
    const description = isObject(json) && typeof json.error_description === 'string' ? `: ${json.error_description}` : '';
    failed(`The signing service refused ${operation} (HTTP ${response.status}${error})${description}.`);
  }
  if (!isObject(json)) failed(`The signing service answered ${operation} with something that is not a JSON object.`);
  return json;
}

function toPem(base64Der: string): string {
  const lines = base64Der.match(/.{1,64}/g) ?? [];
  return `-----BEGIN CERTIFICATE-----\n${lines.join('\n')}\n-----END CERTIFICATE-----`;
}

/** The credential's certificates as PEM, the signer's first (CSC `cert.certificates`: base64 DER). */
export async function credentialCertificates(ctx: CscContext, credentialID: string): Promise<string[]> {
  // CSC's default is the signer's certificate alone; the chain lets a page trust only the root.
  const info = await call(ctx, 'credentials/info', { credentialID, certificates: 'chain' });
  const certificates = isObject(info.cert) ? info.cert.certificates : undefined;
  if (!Array.isArray(certificates) || certificates.length === 0) failed('credentials/info returned no certificates.');
  return certificates.map((certificate: unknown, index) => {
    if (typeof certificate !== 'string' || !base64ToBytes(certificate)?.length) failed(`credentials/info returned certificate ${index + 1} that is not base64 DER.`);
    return toPem(certificate);
  });
}

/** Has the service sign one SHA-256 hash with SHA256withRSA; returns the signature, base64. */
export async function signHash(ctx: CscContext, credentialID: string, hash: string): Promise<string> {
  const answer = await call(ctx, 'signatures/signHash', { credentialID, hashes: [hash], hashAlgorithmOID: SHA256_OID, signAlgo: SHA256_WITH_RSA });
  const { signatures } = answer;
  if (!Array.isArray(signatures) || signatures.length !== 1) failed('signatures/signHash did not return exactly one signature.');
  const [signature] = signatures as unknown[];
  if (typeof signature !== 'string' || !base64ToBytes(signature)?.length) failed('signatures/signHash returned a signature that is not base64.');
  return signature;
}
