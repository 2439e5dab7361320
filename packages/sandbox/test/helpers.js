// Test helpers: a sandbox on a free port with a temporary data folder, PKCE values, and a tiny
// cookie-keeping "browser" that follows the sign-in pages by submitting their forms.
import { createHash, randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startSandbox } from '../src/index.js';

export const DEMO_ORIGIN = 'http://localhost:18080';

/** @param {Parameters<typeof startSandbox>[0]} [options] */
export async function startTestSandbox(options = {}) {
  const dataDir = options.dataDir ?? await mkdtemp(join(tmpdir(), 'iams-sandbox-test-'));
  const sandbox = await startSandbox({ port: 0, demoOrigin: DEMO_ORIGIN, quiet: true, ...options, dataDir });
  return {
    ...sandbox,
    dataDir,
    async stop({ keepData = false } = {}) {
      await sandbox.close();
      if (!keepData && !options.dataDir) await rm(dataDir, { recursive: true, force: true });
    },
  };
}

export function pkcePair() {
  const verifier = randomBytes(32).toString('base64url');
  const challenge = createHash('sha256').update(verifier).digest('base64url');
  return { verifier, challenge };
}

/**
 * An authorization URL with PKCE S256, state and nonce.
 * @param {string} issuer
 * @param {Record<string, string>} [overrides]
 */
export function authorizationRequest(issuer, overrides = {}) {
  const { verifier, challenge } = pkcePair();
  const state = randomBytes(12).toString('base64url');
  const nonce = randomBytes(12).toString('base64url');
  const url = new URL('/auth', issuer);
  const params = {
    client_id: 'demo-site',
    redirect_uri: `${DEMO_ORIGIN}/`,
    response_type: 'code',
    scope: 'openid profile',
    code_challenge: challenge,
    code_challenge_method: 'S256',
    state,
    nonce,
    ...overrides,
  };
  for (const [name, value] of Object.entries(params)) {
    if (value !== '') url.searchParams.set(name, value);
  }
  return { url, verifier, state, nonce };
}

/** A fetch that keeps cookies (by name and path) and does not follow redirects. */
export function createBrowser() {
  /** @type {Map<string, { name: string, value: string, path: string }>} */
  const jar = new Map();

  /** @param {Response} response */
  function store(response) {
    for (const header of response.headers.getSetCookie()) {
      const [pair, ...attributes] = header.split(';').map((part) => part.trim());
      const eq = pair.indexOf('=');
      const name = pair.slice(0, eq);
      const value = pair.slice(eq + 1);
      const path = attributes.find((a) => a.toLowerCase().startsWith('path='))?.slice(5) ?? '/';
      const expired = attributes.some((a) => /^max-age=0$/i.test(a)
        || (/^expires=/i.test(a) && Date.parse(a.slice(8)) < Date.now()));
      if (expired) jar.delete(`${name} ${path}`);
      else jar.set(`${name} ${path}`, { name, value, path });
    }
  }

  /**
   * @param {string | URL} url
   * @param {RequestInit} [init]
   */
  async function request(url, init = {}) {
    const target = new URL(url);
    const cookie = [...jar.values()]
      .filter(({ path }) => target.pathname === path || target.pathname.startsWith(path.endsWith('/') ? path : `${path}/`))
      .map(({ name, value }) => `${name}=${value}`)
      .join('; ');
    const headers = new Headers(init.headers);
    if (cookie) headers.set('cookie', cookie);
    const response = await fetch(target, { ...init, headers, redirect: 'manual' });
    store(response);
    return response;
  }

  /**
   * Follows redirects on the sandbox until a page (non-redirect) or a redirect leaving it.
   * @param {string | URL} url
   * @param {string} issuer
   * @param {RequestInit} [init]
   */
  async function follow(url, issuer, init) {
    let response = await request(url, init);
    let location = new URL(url);
    while (response.status >= 300 && response.status < 400) {
      location = new URL(/** @type {string} */ (response.headers.get('location')), location);
      if (location.origin !== new URL(issuer).origin) return { response, location };
      response = await request(location);
    }
    return { response, location };
  }

  return { request, follow, jar };
}

/** Text of an HTML fragment as an accessible name would read it (aria-hidden parts removed). */
export function accessibleText(fragment) {
  return fragment
    .replace(/<([a-z]+)[^>]*aria-hidden="true"[^>]*>[\s\S]*?<\/\1>/g, '')
    .replace(/<[^>]+>/g, '')
    .replace(/&amp;/g, '&').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#39;/g, "'")
    .replace(/\s+/g, ' ')
    .trim();
}

/**
 * Finds the submit button with this accessible name and returns what submitting it sends.
 * @param {string} page HTML
 * @param {string} name
 */
export function formFor(page, name) {
  for (const [, formAttributes, body] of page.matchAll(/<form([^>]*)>([\s\S]*?)<\/form>/g)) {
    for (const [, buttonAttributes, content] of body.matchAll(/<button([^>]*)>([\s\S]*?)<\/button>/g)) {
      if (accessibleText(content) !== name) continue;
      const attr = (/** @type {string} */ source, /** @type {string} */ key) => new RegExp(`\\b${key}="([^"]*)"`).exec(source)?.[1];
      const fields = new URLSearchParams();
      for (const [input] of body.matchAll(/<input[^>]*type="hidden"[^>]*>/g)) {
        fields.append(/** @type {string} */ (attr(input, 'name')), attr(input, 'value') ?? '');
      }
      const buttonName = attr(buttonAttributes, 'name');
      if (buttonName) fields.append(buttonName, attr(buttonAttributes, 'value') ?? '');
      return {
        action: /** @type {string} */ (attr(formAttributes, 'action')).replace(/&amp;/g, '&'),
        method: (attr(formAttributes, 'method') ?? 'get').toUpperCase(),
        fields,
      };
    }
  }
  throw new Error(`No button named ${JSON.stringify(name)} in the page`);
}

/**
 * Submits the form of the named button in `page` (found at `pageUrl`) and follows redirects.
 * @param {ReturnType<typeof createBrowser>} browser
 * @param {string} issuer
 * @param {string} page
 * @param {URL} pageUrl
 * @param {string} buttonName
 */
export async function press(browser, issuer, page, pageUrl, buttonName) {
  const { action, method, fields } = formFor(page, buttonName);
  const target = new URL(action, pageUrl);
  if (method === 'GET') {
    target.search = fields.toString();
    return browser.follow(target, issuer);
  }
  return browser.follow(target, issuer, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: fields.toString(),
  });
}

/**
 * Runs a whole login: authorization request, choose the resident, then Approve or Decline.
 * Returns the final redirect to the client.
 * @param {string} issuer
 * @param {{ resident?: string, decision?: 'Approve' | 'Decline', request?: Record<string, string> }} [options]
 */
export async function login(issuer, { resident = 'CHAN Tai Man', decision = 'Approve', request = {} } = {}) {
  const browser = createBrowser();
  const auth = authorizationRequest(issuer, request);
  const picker = await browser.follow(auth.url, issuer);
  if (picker.response.status !== 200) throw new Error(`Sign-in page answered ${picker.response.status}: ${await picker.response.text()}`);
  const approval = await press(browser, issuer, await picker.response.text(), picker.location, resident);
  const done = await press(browser, issuer, await approval.response.text(), approval.location, decision);
  return { ...auth, browser, redirect: done.location, approvalPage: approval };
}

/**
 * Exchanges a code at the token endpoint.
 * @param {string} issuer
 * @param {{ code: string, verifier?: string, clientId?: string, redirectUri?: string, origin?: string }} options
 */
export function exchangeCode(issuer, { code, verifier, clientId = 'demo-site', redirectUri = `${DEMO_ORIGIN}/`, origin }) {
  const body = new URLSearchParams({ grant_type: 'authorization_code', code, client_id: clientId });
  if (redirectUri) body.set('redirect_uri', redirectUri);
  if (verifier) body.set('code_verifier', verifier);
  return fetch(new URL('/token', issuer), {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...(origin ? { origin } : {}) },
    body,
  });
}
