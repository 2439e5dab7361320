// The phone-app simulator at /app: the same-device app-link target.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { authorizationRequest, createBrowser, DEMO_ORIGIN, press, startTestSandbox } from './helpers.js';

/** @type {Awaited<ReturnType<typeof startTestSandbox>>} */
let sandbox;
before(async () => { sandbox = await startTestSandbox(); });
after(() => sandbox.stop());

test('/app without a request explains the simulator, mobile first', async () => {
  const response = await fetch(new URL('/app', sandbox.issuer), { headers: { 'accept-language': 'zh-HK' } });
  assert.equal(response.status, 200);
  const page = await response.text();
  assert.match(page, /<html lang="zh-HK">/);
  assert.match(page, /<h1 id="page-title">智方便（沙盒模擬器）<\/h1>/);
  assert.match(page, /<meta name="viewport" content="width=device-width, initial-scale=1">/);
  assert.match(page, /<body class="presentation-app">/);
  assert.match(String(response.headers.get('content-security-policy')), /script-src 'self'/);
  const english = await (await fetch(new URL('/app?lang=en', sandbox.issuer))).text();
  assert.match(english, /iAM Smart \(sandbox simulator\)/);
});

test('/app?authorize= continues into the authorization in app presentation and completes the login', async () => {
  const browser = createBrowser();
  const { url, state } = authorizationRequest(sandbox.issuer);
  const appLink = new URL('/app', sandbox.issuer);
  appLink.searchParams.set('authorize', url.href);
  const first = await browser.request(appLink);
  assert.equal(first.status, 303);
  const continued = new URL(String(first.headers.get('location')));
  assert.equal(`${continued.origin}${continued.pathname}`, `${sandbox.issuer}/auth`);
  assert.equal(continued.searchParams.get('state'), state);

  const picker = await browser.follow(continued, sandbox.issuer);
  const page = await picker.response.text();
  assert.match(page, /<body class="presentation-app">/);
  const approval = await press(browser, sandbox.issuer, page, picker.location, 'HO Kam Wah');
  const approvalPage = await approval.response.text();
  assert.match(approvalPage, /<body class="presentation-app">/);
  const done = await press(browser, sandbox.issuer, approvalPage, approval.location, 'Approve');
  assert.equal(done.location.origin, DEMO_ORIGIN);
  assert.ok(done.location.searchParams.get('code'));
  assert.equal(done.location.searchParams.get('state'), state);
  assert.equal(done.location.searchParams.get('iss'), sandbox.issuer);
});

test('/app?authorize= refuses anything but this provider\'s authorization endpoint, without redirecting', async () => {
  const { url } = authorizationRequest(sandbox.issuer);
  const foreign = new URL(url);
  foreign.host = 'evil.example';
  const otherPort = new URL(url);
  otherPort.port = String(sandbox.port === 1 ? 2 : sandbox.port - 1);
  const otherPath = new URL(url);
  otherPath.pathname = '/token';
  const withUser = new URL(url);
  withUser.username = 'user';
  const https = new URL(url);
  https.protocol = 'https:';
  for (const target of [foreign.href, otherPort.href, otherPath.href, withUser.href, https.href, 'javascript:alert(1)', 'not a url', '//evil.example/auth', '']) {
    const link = new URL('/app', sandbox.issuer);
    link.searchParams.set('authorize', target);
    const response = await fetch(link, { redirect: 'manual' });
    assert.equal(response.status, 400, target);
    assert.equal(response.headers.get('location'), null, target);
    const page = await response.text();
    assert.match(page, /This link cannot be opened/, target);
    assert.ok(page.includes(`<code translate="no">${sandbox.issuer}/auth</code>`), target);
    assert.doesNotMatch(page, /href="(https?:)?\/\/evil/, 'the refused link is not offered as a link');
  }
  const twice = new URL('/app', sandbox.issuer);
  twice.searchParams.append('authorize', url.href);
  twice.searchParams.append('authorize', foreign.href);
  assert.equal((await fetch(twice, { redirect: 'manual' })).status, 400);
});

test('the root redirects to the simulator and assets are served with the right types', async () => {
  const root = await fetch(new URL('/', sandbox.issuer), { redirect: 'manual' });
  assert.equal(root.status, 302);
  assert.equal(root.headers.get('location'), '/app');
  const css = await fetch(new URL('/assets/sandbox.css', sandbox.issuer));
  assert.equal(css.status, 200);
  assert.match(String(css.headers.get('content-type')), /^text\/css/);
  assert.match(await css.text(), /#2b7367/);
  const svg = await fetch(new URL('/assets/iamsmart-mark.svg', sandbox.issuer));
  assert.equal(svg.headers.get('content-type'), 'image/svg+xml');
  for (const path of ['/assets/../index.js', '/assets/missing.css', '/assets/%2e%2e/index.js']) {
    assert.equal((await fetch(new URL(path, sandbox.issuer))).status, 404, path);
  }
});
