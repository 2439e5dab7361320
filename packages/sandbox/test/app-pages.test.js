// The simulator's page templates on their own: hostile text from a client's registration or a
// pasted link stays text, every message exists in all three languages, and the screens carry
// what assistive technology needs (labelled landmarks, headings, the live region, no inline code).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { LANGS } from '@iamsmart/protocol';
import { t } from '../src/views/i18n.js';
import { appCodePage, appHomePage, appMessagePage, appRequestPage, appSignInPage } from '../src/app/views.js';
import { residents } from '../src/residents.js';

const HOSTILE = '"><script>alert(1)</script><img src=x onerror=alert(2)>';
const languageHref = () => `/x?${HOSTILE}`;

/** @param {string} page */
function assertInert(page) {
  assert.ok(!page.includes('<script>'), 'no injected script element');
  assert.ok(!page.includes('<img src=x'), 'no injected element');
  // Attribute values removed (their quotes are escaped inside), no tag may have an on… attribute.
  assert.ok(!/<[a-z][^>]*\son[a-z]+=/i.test(page.replace(/"[^"]*"/g, '""')), 'no event handler attributes');
  assert.ok(!/<style|style="/.test(page), 'no inline style');
  assert.ok(!/<script(?![^>]*\bsrc="\/assets\/(app|jsQR)\.js")/.test(page), 'only the simulator\'s own script files');
}

test('the request screen escapes the client\'s name, origin, scopes and codes', () => {
  const request = {
    name: HOSTILE, origin: `http://localhost:1/${HOSTILE}`, scopes: ['openid', 'profile'],
    authorizationDetails: [{ type: HOSTILE }], expiresAt: Date.now() + 90_000,
  };
  for (const step of [
    { kind: /** @type {const} */ ('choose'), codes: ['1111-2222', HOSTILE, '3333-4444'] },
    { kind: /** @type {const} */ ('decide'), code: HOSTILE, typed: false },
  ]) {
    const page = appRequestPage({ lang: 'en', sessionId: `s"${HOSTILE}`, request, resident: residents[0], step, csrf: HOSTILE, languageHref });
    assertInert(page);
    assert.ok(page.includes('&lt;script&gt;alert(1)&lt;/script&gt;'));
    assert.ok(page.includes(`/app/request/${encodeURIComponent(`s"${HOSTILE}`)}/`), 'the session id is URL-encoded in actions');
  }
});

test('the request screen: the origin warning, what is asked, the time left, and the codes as buttons', () => {
  const page = appRequestPage({
    lang: 'en', sessionId: 'abc', resident: residents[0], csrf: 'token', languageHref,
    request: { name: 'Site', origin: 'https://rp.example', scopes: ['openid', 'profile'], authorizationDetails: [], expiresAt: 1_000_000 + 125_000 },
    step: { kind: 'choose', codes: ['4821-0937', '1111-2222', '3333-4444'] }, now: 1_000_000,
  });
  assert.match(page, /Only continue if you started this on https:\/\/rp\.example/);
  assert.match(page, /<li>Your name<\/li>/);
  assert.match(page, /Time left: 2:05/);
  assert.match(page, /data-remaining-ms="125000"/);
  for (const code of ['4821-0937', '1111-2222', '3333-4444']) {
    assert.ok(page.includes(`<button type="submit" name="code" value="${code}" class="code-choice" translate="no">${code}</button>`));
  }
  assert.match(page, /<input type="hidden" name="csrf" value="token">/);
  assert.match(page, /<div id="announcer" class="visually-hidden" role="status"><\/div>/);
  assert.match(page, /<body class="presentation-app" data-focus-title>/);
  assert.match(page, /<h1 id="page-title" tabindex="-1">Login request<\/h1>/);
});

test('the other simulator screens escape what they are given', () => {
  const pages = [
    appHomePage({ lang: 'en', discoveryUrl: HOSTILE, qrPrefix: HOSTILE, languageHref, error: HOSTILE, link: HOSTILE }),
    appCodePage({ lang: 'zh-HK', csrf: HOSTILE, languageHref, value: HOSTILE, error: HOSTILE }),
    appSignInPage({ lang: 'zh-CN', csrf: HOSTILE, next: HOSTILE, residents, languageHref }),
    appMessagePage({ lang: 'en', title: HOSTILE, help: HOSTILE, code: HOSTILE, languageHref }),
  ];
  for (const page of pages) assertInert(page);
});

test('every simulator message exists in English, 繁體中文 and 简体中文, in iAM Smart\'s wording', () => {
  for (const key of /** @type {const} */ (['scanButton', 'pictureButton', 'linkOpen', 'codeLink', 'whichCode', 'staleTitle', 'staleHelp', 'usedTitle', 'stoppedTitle'])) {
    const texts = LANGS.map((lang) => t(lang, key));
    assert.equal(new Set(texts).size, 3, `${key} is translated`);
  }
  assert.equal(t('en', 'staleHelp'), 'Scan the code on the website again — it changes every second.');
  assert.match(t('zh-HK', 'scanButton'), /二維碼/);
  assert.match(t('zh-CN', 'scanButton'), /二维码/);
  assert.match(t('zh-HK', 'codeLink'), /識別碼/);
  assert.match(t('zh-CN', 'codeLink'), /识别码/);
  assert.match(t('zh-HK', 'requestTitle'), /登入/);
  assert.match(t('zh-CN', 'requestTitle'), /登录/);
});
