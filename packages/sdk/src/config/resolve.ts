import { LANGS, normalizeScope, resolveLang } from '@iamsmart/protocol';
import { IamSmartError } from '../errors.js';
import type { IamSmartConfig, IamSmartLang, ResolvedIamSmartConfig } from './types.js';

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

function invalid(message: string): never {
  throw new IamSmartError('invalid_config', message);
}

/** True for hosts where plain http cannot be intercepted on the network: the sandbox's loopback. */
export function isLoopback(url: URL): boolean {
  return LOOPBACK_HOSTS.has(url.hostname);
}

function checkIssuer(issuer: unknown): string {
  if (typeof issuer !== 'string' || issuer.trim() === '') invalid('`issuer` is required: the OpenID Provider URL, e.g. "http://localhost:8787" for the sandbox.');
  let url: URL;
  try {
    url = new URL(issuer);
  } catch {
    return invalid(`\`issuer\` must be an absolute URL; got "${issuer}".`);
  }
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && isLoopback(url))) {
    invalid(`\`issuer\` must use https (plain http is allowed only for localhost, 127.0.0.1 and [::1]); got "${issuer}".`);
  }
  // OpenID Connect Discovery §3: an issuer has no query or fragment.
  if (url.search !== '' || url.hash !== '' || issuer.includes('?') || issuer.includes('#')) {
    invalid(`\`issuer\` must not contain a query or a fragment; got "${issuer}".`);
  }
  return issuer;
}

function checkSameOrigin(name: string, value: unknown, page: URL, fallback: string): string {
  if (value === undefined) return fallback;
  if (typeof value !== 'string' || value === '') invalid(`\`${name}\` must be a URL on this page's origin (${page.origin}).`);
  let url: URL;
  try {
    url = new URL(value, page);
  } catch {
    return invalid(`\`${name}\` is not a valid URL: "${value}".`);
  }
  // The authorization code must come back to this origin only: another origin would receive it.
  if (url.origin !== page.origin) invalid(`\`${name}\` must be on this page's origin (${page.origin}); got "${url.href}".`);
  if (url.hash !== '') invalid(`\`${name}\` must not contain a fragment; got "${url.href}".`);
  return url.href;
}

function checkSeconds(name: string, value: unknown, fallback: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) invalid(`\`${name}\` must be a number of seconds, 0 or more; got ${JSON.stringify(value)}.`);
  return value;
}

const PEM_CERTIFICATE = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/;

/** PEM strings, each with a certificate; an empty list counts as none given (signing then stops with `invalid_config`). */
function checkTrustAnchors(value: unknown): readonly string[] | undefined {
  if (value === undefined) return undefined;
  if (!Array.isArray(value)) invalid('`signingTrustAnchors` must be an array of PEM certificates ("-----BEGIN CERTIFICATE-----…").');
  value.forEach((pem: unknown, index) => {
    if (typeof pem !== 'string' || !PEM_CERTIFICATE.test(pem)) {
      invalid(`\`signingTrustAnchors[${index}]\` is not a PEM certificate: it needs a "-----BEGIN CERTIFICATE-----" … "-----END CERTIFICATE-----" block.`);
    }
  });
  return value.length === 0 ? undefined : Object.freeze([...(value as string[])]);
}

/** The trust decision stays with the website: the roots may come only from its own origin, never from the signer's. */
function checkTrustAnchorsUrl(value: unknown, page: URL): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || value.trim() === '') invalid(`\`signingTrustAnchorsUrl\` must be a URL on this page's origin (${page.origin}).`);
  let url: URL;
  try {
    url = new URL(value, page);
  } catch {
    return invalid(`\`signingTrustAnchorsUrl\` is not a valid URL: "${value}".`);
  }
  if (url.origin !== page.origin) invalid(`\`signingTrustAnchorsUrl\` must be on this page's origin (${page.origin}), so the website decides whom to trust; got "${url.href}".`);
  return url.href;
}

/**
 * Validates the configuration synchronously, so a mistake shows at the line that made the client,
 * and fills in the defaults. Throws `IamSmartError('invalid_config')` with a message saying what to fix.
 */
export function resolveConfig(input: IamSmartConfig | undefined, pageHref: string, pageLang: string): ResolvedIamSmartConfig {
  const raw: unknown = input;
  if (typeof raw !== 'object' || raw === null) invalid('createClient needs a configuration object: { issuer, clientId }.');
  const config = raw as IamSmartConfig;
  const { clientId } = config as { clientId?: unknown };
  if (typeof clientId !== 'string' || clientId.trim() === '') invalid('`clientId` is required: the client id registered with iAM Smart (the sandbox\'s demo client is "demo-site").');
  const issuer = checkIssuer(config.issuer);

  const page = new URL(pageHref);
  const pageWithoutQuery = `${page.origin}${page.pathname}`;
  const redirectUri = checkSameOrigin('redirectUri', config.redirectUri, page, pageWithoutQuery);
  const popupRedirectUri = checkSameOrigin('popupRedirectUri', config.popupRedirectUri, page, redirectUri);
  const postLogoutRedirectUri = checkSameOrigin('postLogoutRedirectUri', config.postLogoutRedirectUri, page, redirectUri);

  const storage = (config as { storage?: unknown }).storage ?? 'memory';
  if (storage !== 'memory' && storage !== 'session') {
    if (typeof storage === 'string' && storage.toLowerCase().startsWith('local')) {
      invalid('`storage: "local"` is refused: tokens are never kept in localStorage, where any script of the origin could read them long after the visit. Use "memory" (default) or "session".');
    }
    invalid(`\`storage\` must be "memory" or "session"; got ${JSON.stringify(storage)}.`);
  }

  const scopeInput = (config as { scope?: unknown }).scope ?? 'openid profile';
  if (typeof scopeInput !== 'string') invalid('`scope` must be a space-separated string, e.g. "openid profile".');
  const scope = normalizeScope(scopeInput);

  const lang = (config as { lang?: unknown }).lang ?? resolveLang(pageLang);
  if (typeof lang !== 'string' || !(LANGS as readonly string[]).includes(lang)) invalid(`\`lang\` must be one of ${LANGS.join(', ')}; got ${JSON.stringify(lang)}.`);

  return Object.freeze({
    issuer,
    clientId,
    redirectUri,
    popupRedirectUri,
    postLogoutRedirectUri,
    scope,
    lang: lang as IamSmartLang,
    storage,
    clockSkewSeconds: checkSeconds('clockSkewSeconds', config.clockSkewSeconds, 60),
    maxIdTokenAgeSeconds: checkSeconds('maxIdTokenAgeSeconds', config.maxIdTokenAgeSeconds, 600),
    requestTimeoutSeconds: checkSeconds('requestTimeoutSeconds', config.requestTimeoutSeconds, 10),
    signingTrustAnchors: checkTrustAnchors((config as { signingTrustAnchors?: unknown }).signingTrustAnchors),
    signingTrustAnchorsUrl: checkTrustAnchorsUrl((config as { signingTrustAnchorsUrl?: unknown }).signingTrustAnchorsUrl, page),
  });
}
