// The authorization code flow against a running sandbox, driven by plain fetch: the sign-in
// pages are followed by submitting their forms, as a browser would.
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { createRemoteJWKSet, decodeProtectedHeader, jwtVerify } from 'jose';
import {
  DEMO_ORIGIN, authorizationRequest, createBrowser, exchangeCode, login, startTestSandbox,
} from './helpers.js';

const PARTNER_ORIGIN = 'http://localhost:18090';
/** @type {Awaited<ReturnType<typeof startTestSandbox>>} */
let sandbox;
/** @type {string} */
let dir;

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'iams-clients-'));
  const clientsFile = join(dir, 'clients.json');
  await writeFile(clientsFile, JSON.stringify([
    { client_id: 'partner-two', client_name: 'Second Partner', redirect_uris: [`${PARTNER_ORIGIN}/cb`] },
  ]));
  sandbox = await startTestSandbox({ clientsFile });
});
after(async () => {
  await sandbox.stop();
  await rm(dir, { recursive: true, force: true });
});

test('discovery advertises code + PKCE S256 only, RFC 9207 iss, pairwise subjects and the app link', async () => {
  const response = await fetch(sandbox.discoveryUrl);
  assert.equal(response.status, 200);
  const discovery = await response.json();
  assert.equal(discovery.issuer, sandbox.issuer);
  assert.equal(discovery.authorization_response_iss_parameter_supported, true);
  assert.deepEqual(discovery.code_challenge_methods_supported, ['S256']);
  assert.deepEqual(discovery.response_types_supported, ['code']);
  assert.deepEqual(discovery.subject_types_supported, ['pairwise']);
  assert.deepEqual(discovery.grant_types_supported, ['authorization_code', 'urn:ietf:params:oauth:grant-type:device_code']);
  assert.equal(discovery.iamsmart_app_link, `${sandbox.issuer}/app`);
  assert.deepEqual(discovery.id_token_signing_alg_values_supported, ['RS256', 'ES256']);
  assert.deepEqual(discovery.ui_locales_supported, ['en', 'zh-HK', 'zh-CN']);
  for (const claim of ['sub', 'name', 'enName', 'chName', 'locale']) assert.ok(discovery.claims_supported.includes(claim), claim);
  const jwks = await (await fetch(discovery.jwks_uri)).json();
  assert.deepEqual(jwks.keys.map((/** @type {any} */ key) => key.kty).sort(), ['EC', 'RSA']);
  assert.ok(jwks.keys.every((/** @type {any} */ key) => key.d === undefined), 'no private parts published');
});

test('full login: CHAN Tai Man approves, the code comes back with state and iss, the ID token verifies', async () => {
  const { redirect, verifier, state, nonce } = await login(sandbox.issuer);
  assert.equal(`${redirect.origin}${redirect.pathname}`, `${DEMO_ORIGIN}/`);
  assert.equal(redirect.searchParams.get('state'), state);
  assert.equal(redirect.searchParams.get('iss'), sandbox.issuer, 'RFC 9207 iss');
  const code = redirect.searchParams.get('code');
  assert.ok(code);

  const response = await exchangeCode(sandbox.issuer, { code, verifier });
  assert.equal(response.status, 200);
  const tokens = await response.json();
  assert.equal(tokens.token_type, 'Bearer');
  assert.equal(tokens.refresh_token, undefined);
  assert.equal(decodeProtectedHeader(tokens.id_token).alg, 'RS256');

  const jwks = createRemoteJWKSet(new URL('/jwks', sandbox.issuer));
  const { payload } = await jwtVerify(tokens.id_token, jwks, { issuer: sandbox.issuer, audience: 'demo-site' });
  assert.equal(payload.nonce, nonce);
  assert.equal(payload.name, 'CHAN Tai Man');
  assert.deepEqual(payload.enName, { lastName: 'CHAN', firstName: 'Tai Man' });
  assert.deepEqual(payload.chName, { lastName: '陳', firstName: '大文' });
  assert.equal(payload.locale, 'zh-HK');
  assert.notEqual(payload.sub, 'res-chan-tai-man', 'sub is pairwise, not the internal id');
  assert.match(String(payload.sub), /^[\w-]{43}$/);

  const userinfo = await fetch(new URL('/me', sandbox.issuer), { headers: { authorization: `Bearer ${tokens.access_token}` } });
  assert.equal(userinfo.status, 200);
  const claims = await userinfo.json();
  assert.equal(claims.sub, payload.sub);
  assert.equal(claims.name, 'CHAN Tai Man');

  const replay = await exchangeCode(sandbox.issuer, { code, verifier });
  assert.equal(replay.status, 400, 'a code works once');
});

test('a resident without a Chinese name gets no chName claim', async () => {
  const { redirect, verifier } = await login(sandbox.issuer, { resident: 'PATEL Anika' });
  const tokens = await (await exchangeCode(sandbox.issuer, { code: String(redirect.searchParams.get('code')), verifier })).json();
  const { payload } = await jwtVerify(tokens.id_token, createRemoteJWKSet(new URL('/jwks', sandbox.issuer)));
  assert.equal(payload.name, 'PATEL Anika');
  assert.equal('chName' in payload, false);
  assert.equal(payload.locale, 'en');
});

test('the pairwise sub is stable per client and differs between clients for the same resident', async () => {
  /** @param {string} clientId @param {string} redirectUri */
  async function subFor(clientId, redirectUri) {
    const { redirect, verifier } = await login(sandbox.issuer, { request: { client_id: clientId, redirect_uri: redirectUri } });
    assert.equal(redirect.searchParams.get('iss'), sandbox.issuer);
    const response = await exchangeCode(sandbox.issuer, { code: String(redirect.searchParams.get('code')), verifier, clientId, redirectUri });
    const { payload } = await jwtVerify((await response.json()).id_token, createRemoteJWKSet(new URL('/jwks', sandbox.issuer)), { audience: clientId });
    return payload.sub;
  }
  const demoSub = await subFor('demo-site', `${DEMO_ORIGIN}/`);
  const partnerSub = await subFor('partner-two', `${PARTNER_ORIGIN}/cb`);
  assert.notEqual(demoSub, partnerSub);
  assert.equal(await subFor('demo-site', `${DEMO_ORIGIN}/popup-callback.html`), demoSub);
});

test('a wrong code_verifier is refused at the token endpoint', async () => {
  const { redirect } = await login(sandbox.issuer);
  const response = await exchangeCode(sandbox.issuer, { code: String(redirect.searchParams.get('code')), verifier: 'x'.repeat(43) });
  assert.equal(response.status, 400);
  assert.equal((await response.json()).error, 'invalid_grant');
});

/**
 * Sends an authorization request and returns where it ends (an error redirect to the client, or
 * the sandbox's own page).
 * @param {Record<string, string>} overrides
 */
async function authorize(overrides) {
  const browser = createBrowser();
  const { url } = authorizationRequest(sandbox.issuer, overrides);
  return browser.follow(url, sandbox.issuer);
}

/** @param {URL} location */
function errorParams(location) {
  return new URLSearchParams(location.hash ? location.hash.slice(1) : location.search);
}

test('PKCE is required: a request without code_challenge is refused', async () => {
  const { location } = await authorize({ code_challenge: '', code_challenge_method: '' });
  assert.equal(location.origin, DEMO_ORIGIN);
  assert.equal(errorParams(location).get('error'), 'invalid_request');
  assert.match(String(errorParams(location).get('error_description')), /PKCE/);
  assert.equal(errorParams(location).get('iss'), sandbox.issuer);
});

test('PKCE "plain" is refused', async () => {
  const { location } = await authorize({ code_challenge: 'a'.repeat(43), code_challenge_method: 'plain' });
  assert.equal(location.origin, DEMO_ORIGIN);
  assert.equal(errorParams(location).get('error'), 'invalid_request');
  assert.match(String(errorParams(location).get('error_description')), /code_challenge_method/);
});

test('implicit and hybrid response types are refused', async () => {
  for (const responseType of ['id_token', 'token', 'code id_token', 'code token']) {
    const { location, response } = await authorize({ response_type: responseType });
    assert.equal(location.origin, DEMO_ORIGIN, responseType);
    assert.equal(errorParams(location).get('error'), 'unsupported_response_type', responseType);
    assert.equal(errorParams(location).get('code'), null);
    assert.equal(response.status, 303);
  }
});

test('redirect URIs match exactly: one character off is refused with an error page, not a redirect', async () => {
  for (const redirectUri of [`${DEMO_ORIGIN}`, `${DEMO_ORIGIN}/popup-callback.htm`, `${DEMO_ORIGIN}//`, `${DEMO_ORIGIN}/?x=1`, 'http://localhost:18081/']) {
    const { response, location } = await authorize({ redirect_uri: redirectUri });
    assert.equal(location.origin, sandbox.issuer, redirectUri);
    assert.equal(response.status, 400, redirectUri);
    assert.match(response.headers.get('content-type') ?? '', /text\/html/);
    const page = await response.text();
    assert.match(page, /redirect_uri did not match any of the client&#39;s registered redirect_uris/);
    assert.match(page, /<html lang="en">/);
  }
});

test('the error page is localised from ui_locales, then Accept-Language', async () => {
  const zhHK = await authorize({ redirect_uri: 'http://evil.example/', ui_locales: 'zh-HK' });
  const page = await zhHK.response.text();
  assert.match(page, /<html lang="zh-HK">/);
  assert.match(page, /發生錯誤/);
  assert.match(page, /<dd lang="en" translate="no"><code>invalid_redirect_uri<\/code><\/dd>/);
  assert.match(zhHK.response.headers.get('content-security-policy') ?? '', /script-src 'self'/);

  const { url } = authorizationRequest(sandbox.issuer, { redirect_uri: 'http://evil.example/' });
  const zhCN = await fetch(url, { headers: { 'accept-language': 'zh-CN,zh;q=0.9,en;q=0.5' } });
  assert.match(await zhCN.text(), /<html lang="zh-CN">[\s\S]*发生错误/);
});

test('unknown clients get an error page', async () => {
  const { response } = await authorize({ client_id: 'nobody' });
  assert.equal(response.status, 400);
  assert.match(await response.text(), /invalid_client/);
});

test('Decline sends the resident back with access_denied, state and iss', async () => {
  const { redirect, state } = await login(sandbox.issuer, { decision: 'Decline' });
  assert.equal(redirect.origin, DEMO_ORIGIN);
  assert.equal(redirect.searchParams.get('error'), 'access_denied');
  assert.equal(redirect.searchParams.get('error_description'), 'The resident declined');
  assert.equal(redirect.searchParams.get('state'), state);
  assert.equal(redirect.searchParams.get('iss'), sandbox.issuer);
  assert.equal(redirect.searchParams.get('code'), null);
});

test('every request needs the resident: prompt=none gives login_required even after a login', async () => {
  const first = await login(sandbox.issuer);
  const { url } = authorizationRequest(sandbox.issuer, { prompt: 'none' });
  const { location } = await first.browser.follow(url, sandbox.issuer);
  assert.equal(location.origin, DEMO_ORIGIN);
  assert.equal(location.searchParams.get('error'), 'login_required');

  // And the same browser is asked again (no silent sign-in), so another resident can be chosen.
  const again = authorizationRequest(sandbox.issuer);
  const { response } = await first.browser.follow(again.url, sandbox.issuer);
  assert.equal(response.status, 200);
  assert.match(await response.text(), /<button type="submit" name="resident" value="res-ho-kam-wah"/);
});

test('CORS at the token endpoint: allowed for the client\'s registered origin only', async () => {
  const allowed = await login(sandbox.issuer);
  const ok = await exchangeCode(sandbox.issuer, { code: String(allowed.redirect.searchParams.get('code')), verifier: allowed.verifier, origin: DEMO_ORIGIN });
  assert.equal(ok.status, 200);
  assert.equal(ok.headers.get('access-control-allow-origin'), DEMO_ORIGIN);

  const other = await login(sandbox.issuer);
  const refused = await exchangeCode(sandbox.issuer, { code: String(other.redirect.searchParams.get('code')), verifier: other.verifier, origin: 'http://localhost:18081' });
  assert.equal(refused.headers.get('access-control-allow-origin'), null);
  assert.notEqual(refused.status, 200);

  for (const origin of [DEMO_ORIGIN, PARTNER_ORIGIN]) {
    const preflight = await fetch(new URL('/token', sandbox.issuer), {
      method: 'OPTIONS',
      headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' },
    });
    assert.equal(preflight.status, 204);
  }
});

test('sign-in pages: resident buttons, then Approve and Decline, under a CSP that lets the decision reach the client', async () => {
  const browser = createBrowser();
  const { url } = authorizationRequest(sandbox.issuer, { ui_locales: 'en' });
  const { response, location } = await browser.follow(url, sandbox.issuer);
  const page = await response.text();
  assert.match(location.pathname, /^\/interaction\/[\w-]+$/);
  assert.equal(response.headers.get('cache-control'), 'no-store');
  const csp = String(response.headers.get('content-security-policy'));
  assert.match(csp, /default-src 'self'; script-src 'self'; style-src 'self'/);
  assert.doesNotMatch(page, /<script|style=|<style/, 'no inline script or style');
  assert.match(page, /Demo Partner Site \(sandbox\)/);
  assert.match(page, new RegExp(`<span class="origin" translate="no">${DEMO_ORIGIN}</span>`));
  for (const name of ['CHAN Tai Man', 'LEE Ka Yan', 'PATEL Anika', 'TANAKA Hiroshi', 'HO Kam Wah', 'ZHANG Wei']) {
    assert.match(page, new RegExp(`aria-describedby="resident-res-[a-z-]+">${name}</button>`), name);
  }

  const approval = await browser.follow(new URL(`${location.pathname}?resident=res-chan-tai-man`, sandbox.issuer), sandbox.issuer);
  const approvalPage = await approval.response.text();
  assert.equal(approval.response.status, 200);
  assert.match(String(approval.response.headers.get('content-security-policy')), new RegExp(`form-action 'self' ${DEMO_ORIGIN};`));
  assert.match(approvalPage, /<span class="choice-icon" aria-hidden="true">✓<\/span>Approve<\/button>/);
  assert.match(approvalPage, /<span class="choice-icon" aria-hidden="true">✕<\/span>Decline<\/button>/);
  assert.match(approvalPage, /CHAN Tai Man <span lang="zh-HK">陳大文<\/span>/);

  const unknown = await browser.follow(new URL(`${location.pathname}?resident=res-nobody`, sandbox.issuer), sandbox.issuer);
  assert.equal(unknown.response.status, 400);
  assert.match(await unknown.response.text(), /role="alert">That test resident does not exist/);
});

test('sign-in pages speak zh-HK and zh-CN in iAM Smart wording', async () => {
  for (const [uiLocales, expected] of /** @type {const} */ ([
    ['zh-HK', ['<html lang="zh-HK">', '智方便登入', '批准', '拒絕', '示範合作網站（沙盒）']],
    ['zh-CN', ['<html lang="zh-CN">', '智方便登录', '批准', '拒绝', '示范合作网站（沙盒）']],
  ])) {
    const browser = createBrowser();
    const { url } = authorizationRequest(sandbox.issuer, { ui_locales: uiLocales });
    const picker = await browser.follow(url, sandbox.issuer);
    const pickerPage = await picker.response.text();
    const approval = await browser.follow(new URL(`${picker.location.pathname}?resident=res-lee-ka-yan`, sandbox.issuer), sandbox.issuer);
    const both = pickerPage + await approval.response.text();
    for (const text of expected) assert.ok(both.includes(text), `${uiLocales}: ${text}`);
  }
});

test('the language switcher keeps the choice through the approval form', async () => {
  const { redirect, approvalPage } = await login(sandbox.issuer, { request: { ui_locales: 'en' } });
  assert.ok(redirect.searchParams.get('code'));
  assert.equal(approvalPage.response.status, 200);
  const browser = createBrowser();
  const { url } = authorizationRequest(sandbox.issuer);
  const picker = await browser.follow(url, sandbox.issuer);
  const page = await picker.response.text();
  assert.match(page, /<a href="\/interaction\/[\w-]+\?lang=zh-CN" lang="zh-CN" hreflang="zh-CN">简体中文<\/a>/);
  const switched = await browser.follow(new URL(`${picker.location.pathname}?lang=zh-CN&resident=res-zhang-wei`, sandbox.issuer), sandbox.issuer);
  const switchedPage = await switched.response.text();
  assert.match(switchedPage, /<html lang="zh-CN">/);
  assert.match(switchedPage, /<input type="hidden" name="lang" value="zh-CN">/);
});

/**
 * A browser at the sign-in page of a fresh interaction, with the approval page's CSRF token.
 * @param {Record<string, string>} [request] authorization-request overrides
 */
async function openInteraction(request = {}) {
  const browser = createBrowser();
  const { url } = authorizationRequest(sandbox.issuer, request);
  const picker = await browser.follow(url, sandbox.issuer);
  await picker.response.text();
  const uidPath = picker.location.pathname;
  const approval = await browser.follow(new URL(`${uidPath}?resident=res-chan-tai-man`, sandbox.issuer), sandbox.issuer);
  const csrf = /<input type="hidden" name="csrf" value="([\w-]+)">/.exec(await approval.response.text())?.[1];
  assert.ok(csrf, 'the approval form carries a CSRF token');
  /**
   * Posts the confirm form of this interaction (or of `path`), as a page of `origin` would.
   * @param {string} body
   * @param {{ path?: string, origin?: string, accept?: string }} [options]
   */
  const post = (body, { path = uidPath, origin = sandbox.issuer, accept = 'text/html' } = {}) => browser.follow(new URL(`${path}/confirm`, sandbox.issuer), sandbox.issuer, {
    method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', origin, accept }, body,
  });
  return { browser, uidPath, csrf, post };
}

test('a finished interaction cannot be used again', async () => {
  const { csrf, post } = await openInteraction();
  const confirm = () => post(`csrf=${csrf}&resident=res-chan-tai-man&decision=approve`);
  const first = await confirm();
  assert.equal(first.location.origin, DEMO_ORIGIN);
  const second = await confirm();
  assert.equal(second.response.status, 400);
  assert.match(await second.response.text(), /This login request has ended/);
});

test('the confirm form rejects a missing decision and an unknown resident', async () => {
  const { csrf, post } = await openInteraction();
  assert.equal((await post(`csrf=${csrf}&resident=res-chan-tai-man`)).response.status, 400);
  assert.equal((await post(`csrf=${csrf}&resident=res-nobody&decision=approve`)).response.status, 400);
  // Still usable afterwards.
  assert.equal((await post(`csrf=${csrf}&resident=res-chan-tai-man&decision=approve`)).location.origin, DEMO_ORIGIN);
});

test('CSRF: a confirm posted from another localhost site without the token, with a wrong one or with the token of another interaction is refused with 403, and the interaction is untouched', async () => {
  const victim = await openInteraction();
  // The attacker's own interaction, at the same sandbox, gives it a genuine token for a uid of its own.
  const attacker = await openInteraction();
  const forged = { origin: DEMO_ORIGIN };
  for (const [what, body, options] of /** @type {const} */ ([
    ['no token', 'resident=res-chan-tai-man&decision=approve', forged],
    ['an empty token', 'csrf=&resident=res-chan-tai-man&decision=approve', forged],
    ['a wrong token', `csrf=${victim.csrf.slice(0, -2)}AA&resident=res-chan-tai-man&decision=approve`, forged],
    ['another interaction\'s token', `csrf=${attacker.csrf}&resident=res-chan-tai-man&decision=approve`, forged],
    ['a decline without token', 'resident=res-chan-tai-man&decision=decline', forged],
  ])) {
    const { response, location } = await victim.post(body, options);
    assert.equal(response.status, 403, what);
    assert.equal(location.origin, sandbox.issuer, `${what}: no redirect to the client`);
    assert.match(await response.text(), /This approval could not be checked/, what);
  }
  // At the attacker's interaction's own address the victim's browser has no interaction cookie
  // (oidc-provider scopes it to the interaction's path): nothing to approve there either.
  const elsewhere = await victim.post(`csrf=${attacker.csrf}&resident=res-chan-tai-man&decision=approve`, { ...forged, path: attacker.uidPath });
  assert.equal(elsewhere.response.status, 400);
  assert.equal(elsewhere.location.origin, sandbox.issuer);
  // Refused in the resident's language, and as JSON for an API caller.
  const zhHK = await victim.post('lang=zh-HK&resident=res-chan-tai-man&decision=approve', forged);
  assert.match(await zhHK.response.text(), /未能核實此批准[\s\S]*沒有批准任何要求/);
  const zhCN = await victim.post('lang=zh-CN&resident=res-chan-tai-man&decision=approve', forged);
  assert.match(await zhCN.response.text(), /无法核实此批准[\s\S]*没有批准任何请求/);
  const json = await victim.post('resident=res-chan-tai-man&decision=approve', { ...forged, accept: 'application/json' });
  assert.equal(json.response.status, 403);
  assert.equal((await json.response.json()).error, 'invalid_csrf_token');
  // Nothing changed: the resident's own approval goes through, once, and the code works.
  const done = await victim.post(`csrf=${victim.csrf}&resident=res-chan-tai-man&decision=approve`);
  assert.equal(done.location.origin, DEMO_ORIGIN);
  assert.ok(done.location.searchParams.get('code'));
  // And the attacker's interaction is still its own to finish (or abandon).
  assert.equal((await attacker.post(`csrf=${attacker.csrf}&resident=res-chan-tai-man&decision=decline`)).location.searchParams.get('error'), 'access_denied');
});

test('a client with one registered redirect URI may leave redirect_uri out', async () => {
  const { redirect, verifier } = await login(sandbox.issuer, { request: { client_id: 'partner-two', redirect_uri: '' } });
  assert.equal(`${redirect.origin}${redirect.pathname}`, `${PARTNER_ORIGIN}/cb`);
  const response = await exchangeCode(sandbox.issuer, { code: String(redirect.searchParams.get('code')), verifier, clientId: 'partner-two', redirectUri: '' });
  assert.equal(response.status, 200, await response.clone().text());
});
