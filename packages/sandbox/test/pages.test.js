// Page building blocks: escaping, the CSP, language choice, and hostile input in rendered pages.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { contentSecurityPolicy, escapeHtml, html } from '../src/views/html.js';
import { pageLang, t } from '../src/views/i18n.js';
import { approvalPage, residentPickerPage } from '../src/login/views.js';
import { residents } from '../src/residents.js';
import { startTestSandbox } from './helpers.js';

const HOSTILE = '"><script>alert(1)</script><img src=x onerror=alert(2)>';

test('html escapes every interpolated value, but not nested html', () => {
  assert.equal(escapeHtml(`<a href="x">'&'</a>`), '&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;');
  const inner = html`<b>${'<i>'}</b>`;
  assert.equal(html`<p title="${HOSTILE}">${inner}${[1, '<2>']}${undefined}${null}${false}</p>`.value,
    '<p title="&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;&lt;img src=x onerror=alert(2)&gt;"><b>&lt;i&gt;</b>1&lt;2&gt;</p>');
});

test('rendered pages escape the client\'s name and origin', () => {
  const requester = { name: HOSTILE, origin: `http://localhost:1/${HOSTILE}` };
  const common = { lang: /** @type {const} */ ('en'), presentation: /** @type {const} */ ('browser'), uid: 'u"id', requester, languageHref: () => `/x?${HOSTILE}` };
  for (const page of [
    residentPickerPage({ ...common, residents }),
    approvalPage({ ...common, resident: residents[0], scopes: ['openid', 'profile'] }),
  ]) {
    assert.ok(!page.includes('<script>'), 'no script element');
    assert.ok(!page.includes('<img src=x'), 'no injected element');
    assert.ok(page.includes('&lt;script&gt;alert(1)&lt;/script&gt;'));
    assert.ok(page.includes('/interaction/u%22id'), 'uid is URL-encoded in actions');
  }
});

test('the CSP is strict and form-action only takes web origins', () => {
  assert.equal(contentSecurityPolicy(['http://localhost:8080', 'https://rp.example', "'unsafe-inline'", 'http://a.example; script-src *', 'http://localhost:8080']),
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; "
    + "form-action 'self' http://localhost:8080 https://rp.example; frame-ancestors 'none'; base-uri 'none'; "
    + "object-src 'none'; require-trusted-types-for 'script'; trusted-types 'none'");
});

// How one tag maps to a language is @iamsmart/protocol's rule, tested there.
test('language choice: explicit, then ui_locales, then Accept-Language (by q), then English', () => {
  assert.equal(pageLang({ explicit: 'zh-CN', uiLocales: 'en', acceptLanguage: 'zh-HK' }), 'zh-CN');
  assert.equal(pageLang({ explicit: 'fr', uiLocales: 'fr zh-TW' }), 'zh-HK');
  assert.equal(pageLang({ uiLocales: 'de', acceptLanguage: 'fr;q=1, en;q=0.2, zh-Hans;q=0.8' }), 'zh-CN');
  assert.equal(pageLang({ acceptLanguage: 'zh;q=0, en-US' }), 'en');
  assert.equal(pageLang({ acceptLanguage: 'ja' }), 'en');
  assert.equal(pageLang({ uiLocales: 'zh', acceptLanguage: 'en' }), 'zh-HK', 'bare zh is Hong Kong Chinese');
  assert.equal(pageLang({}), 'en');
});

test('messages use iAM Smart wording in each language and fill placeholders', () => {
  assert.equal(t('en', 'loginTitle'), 'Login with iAM Smart');
  assert.equal(t('zh-HK', 'loginTitle'), '智方便登入');
  assert.equal(t('zh-CN', 'loginTitle'), '智方便登录');
  assert.deepEqual([t('zh-HK', 'approve'), t('zh-HK', 'decline')], ['批准', '拒絕']);
  assert.deepEqual([t('zh-CN', 'approve'), t('zh-CN', 'decline')], ['批准', '拒绝']);
  assert.equal(t('zh-HK', 'willShare', { site: 'X' }), '如你批准，「X」會收到：');
});

/** @type {Awaited<ReturnType<typeof startTestSandbox>>} */
let sandbox;
before(async () => { sandbox = await startTestSandbox(); });
after(() => sandbox.stop());

test('unknown paths get a localised 404 page for browsers and plain 404 otherwise', async () => {
  const page = await fetch(new URL('/nowhere', sandbox.issuer), { headers: { accept: 'text/html', 'accept-language': 'zh-HK' } });
  assert.equal(page.status, 404);
  assert.match(await page.text(), /<html lang="zh-HK">[\s\S]*找不到頁面/);
  const api = await fetch(new URL('/nowhere', sandbox.issuer), { headers: { accept: 'application/json' } });
  assert.equal(api.status, 404);
  assert.doesNotMatch(String(api.headers.get('content-type')), /html/);
});
