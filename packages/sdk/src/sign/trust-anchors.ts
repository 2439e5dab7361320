import { IamSmartError } from '../errors.js';
import type { ResolvedIamSmartConfig } from '../config/types.js';
import { loadX509 } from './x509.js';

const PEM_CERTIFICATES = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g;

/** Per client (its frozen configuration): loaded for the first signature, kept once it worked, tried again after a failure. */
const loaded = new WeakMap<ResolvedIamSmartConfig, Promise<string[]>>();

function invalid(message: string, cause?: unknown): never {
  throw new IamSmartError('invalid_config', message, cause === undefined ? undefined : { cause });
}

/** Every PEM certificate block in a text (a file may hold several roots). */
export function pemCertificates(text: string): string[] {
  return text.match(PEM_CERTIFICATES) ?? [];
}

/** True when the configuration names trust anchors at all; checked before anything is sent. */
export function hasTrustAnchors(config: ResolvedIamSmartConfig): boolean {
  return config.signingTrustAnchors !== undefined || config.signingTrustAnchorsUrl !== undefined;
}

/**
 * The PEM roots a signature's chain must end at: `signingTrustAnchors`, plus those in the file at
 * `signingTrustAnchorsUrl`. Each is parsed here, so a broken root stops the session before the
 * resident is asked to approve, not after. Any failure is `invalid_config`.
 */
export function trustAnchorsFor(config: ResolvedIamSmartConfig): Promise<string[]> {
  let anchors = loaded.get(config);
  if (!anchors) {
    anchors = load(config);
    loaded.set(config, anchors);
    anchors.catch(() => loaded.delete(config));
  }
  return anchors;
}

async function load(config: ResolvedIamSmartConfig): Promise<string[]> {
  const { signingTrustAnchors: given = [], signingTrustAnchorsUrl: url } = config;
  const pems = given.flatMap(pemCertificates);
  if (url !== undefined) pems.push(...(await fetchAnchors(url, config.requestTimeoutSeconds)));
  if (pems.length === 0) invalid('Signing needs the CA roots to verify signatures against: set `signingTrustAnchors` or `signingTrustAnchorsUrl`.');
  const x509 = await loadX509();
  pems.forEach((pem, index) => {
    try {
      new x509.X509Certificate(pem);
    } catch (cause) {
      invalid(`Signing trust anchor ${index + 1} is not a valid X.509 certificate.`, cause);
    }
  });
  return pems;
}

async function fetchAnchors(url: string, timeoutSeconds: number): Promise<string[]> {
  let text: string;
  try {
    const response = await fetch(url, { credentials: 'same-origin', signal: AbortSignal.timeout(timeoutSeconds * 1000) });
    if (!response.ok) invalid(`Could not load the signing trust anchors: ${url} answered HTTP ${response.status}.`);
    // A redirect must not hand the trust decision to another origin.
    if (new URL(response.url).origin !== new URL(url).origin) invalid(`The signing trust anchors at ${url} redirect to another origin (${response.url}).`);
    text = await response.text();
  } catch (cause) {
    if (cause instanceof IamSmartError) throw cause;
    return invalid(`Could not load the signing trust anchors from ${url}.`, cause);
  }
  const pems = pemCertificates(text);
  if (pems.length === 0) invalid(`The signing trust anchors file ${url} holds no PEM certificate ("-----BEGIN CERTIFICATE-----").`);
  return pems;
}
