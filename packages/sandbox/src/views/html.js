/**
 * Server-side HTML with escaping by default: every interpolated value is escaped unless it is
 * already HTML made by this module. Pages use no inline script or style, so they run under a
 * strict Content-Security-Policy.
 */

const ESCAPES = /** @type {Record<string, string>} */ ({
  '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;',
});

/** HTML produced by the `html` tag; only such values are inserted unescaped. */
export class SafeHtml {
  /** @param {string} value */
  constructor(value) {
    this.value = value;
  }

  toString() {
    return this.value;
  }
}

/** @param {unknown} value */
export function escapeHtml(value) {
  return String(value).replace(/[&<>"']/g, (char) => ESCAPES[char]);
}

/** @param {unknown} value @returns {string} */
function render(value) {
  if (value === undefined || value === null || value === false) return '';
  if (value instanceof SafeHtml) return value.value;
  if (Array.isArray(value)) return value.map(render).join('');
  return escapeHtml(value);
}

/**
 * Tagged template for HTML: `html\`<p>${text}</p>\`` escapes `text`; arrays and nested `html`
 * results are inserted as they are; undefined, null and false render nothing.
 * @param {TemplateStringsArray} strings
 * @param {unknown[]} values
 */
export function html(strings, ...values) {
  let out = strings[0];
  values.forEach((value, index) => {
    out += render(value) + strings[index + 1];
  });
  return new SafeHtml(out);
}

/**
 * The sandbox's Content-Security-Policy. `formTargets` are the origins a form on the page may end
 * up at: browsers apply form-action to the redirects after a submission, and approving a login
 * redirects to the relying party.
 * @param {Iterable<string>} [formTargets]
 */
export function contentSecurityPolicy(formTargets = []) {
  const targets = [...new Set(formTargets)].filter((origin) => /^https?:\/\/[^\s;,']+$/.test(origin));
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self'",
    "connect-src 'self'",
    ['form-action', "'self'", ...targets].join(' '),
    "frame-ancestors 'none'",
    "base-uri 'none'",
    "object-src 'none'",
    "require-trusted-types-for 'script'",
    "trusted-types 'none'",
  ].join('; ');
}

/**
 * Origins of a client's redirect targets (redirect_uris and post_logout_redirect_uris).
 * @param {{ redirectUris?: readonly string[] | undefined, postLogoutRedirectUris?: readonly string[] | undefined } | undefined} client
 * @returns {string[]}
 */
export function clientOrigins(client) {
  const uris = [...(client?.redirectUris ?? []), ...(client?.postLogoutRedirectUris ?? [])];
  return uris.flatMap((uri) => {
    const origin = URL.parse(uri)?.origin;
    return origin && origin !== 'null' ? [origin] : [];
  });
}
