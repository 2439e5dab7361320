/** Authorization-response parameters (RFC 6749 §4.1.2, RFC 9207, OIDC session management). */
const RESPONSE_PARAMS = ['code', 'state', 'iss', 'session_state', 'error', 'error_description', 'error_uri'] as const;

function withoutQuery(url: URL): string {
  return `${url.origin}${url.pathname}`;
}

function parse(url: string, base: string): URL | null {
  try {
    return new URL(url, base);
  } catch {
    return null;
  }
}

/**
 * True when `url` is one of `redirectUris` (compared without query) and carries an authorization
 * response: `state`, `code` or `error`. A tampered response (no state, no code) still counts, so
 * that it is rejected rather than ignored.
 */
export function looksLikeCallback(url: string, base: string, redirectUris: readonly string[]): boolean {
  const parsed = parse(url, base);
  if (!parsed) return false;
  const target = withoutQuery(parsed);
  if (!redirectUris.some((uri) => withoutQuery(new URL(uri)) === target)) return false;
  return ['state', 'code', 'error'].some((name) => parsed.searchParams.has(name));
}

/** The URL without the authorization-response parameters; other parameters and the hash stay. */
export function stripResponseParams(url: string): string {
  const parsed = new URL(url);
  for (const name of RESPONSE_PARAMS) parsed.searchParams.delete(name);
  return parsed.href;
}

/** True when a response parameter appears more than once: a sign of a crafted URL. */
export function hasRepeatedResponseParam(params: URLSearchParams): boolean {
  return RESPONSE_PARAMS.some((name) => params.getAll(name).length > 1);
}

export function hasResponseParams(url: string): boolean {
  const parsed = parse(url, url);
  return parsed !== null && RESPONSE_PARAMS.some((name) => parsed.searchParams.has(name));
}
