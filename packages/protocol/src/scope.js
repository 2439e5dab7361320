/**
 * Space-separated scopes that always include `openid` (put first when it was missing): what every
 * login asks for.
 * @param {string | undefined} scope
 * @returns {string}
 */
export function normalizeScope(scope) {
  const scopes = (scope ?? '').split(/\s+/).filter(Boolean);
  return (scopes.includes('openid') ? scopes : ['openid', ...scopes]).join(' ');
}
