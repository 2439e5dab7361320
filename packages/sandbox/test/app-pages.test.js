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
/** A requester as the engine records it, seen from a phone on the same network. */
const REQUESTER = /** @type {const} */ ({ browser: 'Chrome', os: 'Linux', address: '192.0.2.10', startedAt: 1_000_000 - 125_000, network: 'same' });

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
    // A User-Agent is the requester's to write: its browser and OS names stay text too.
    const requester = { ...REQUESTER, browser: HOSTILE, os: HOSTILE, network: /** @type {const} */ ('different') };
    const page = appRequestPage({ lang: 'en', sessionId: `s"${HOSTILE}`, request, requester, resident: residents[0], step, csrf: HOSTILE, languageHref });
    assertInert(page);
    assert.ok(page.includes('&lt;script&gt;alert(1)&lt;/script&gt;'));
    assert.ok(page.includes(`/app/request/${encodeURIComponent(`s"${HOSTILE}`)}/`), 'the session id is URL-encoded in actions');
  }
});

test('the request screen: the origin warning, what is asked, the time left, and the codes as buttons', () => {
  const page = appRequestPage({
    lang: 'en', sessionId: 'abc', resident: residents[0], csrf: 'token', languageHref, requester: REQUESTER,
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

test('the request screen says where the request came from, and warns with an alert when the networks differ', () => {
  const request = { name: 'Site', origin: 'https://rp.example', scopes: ['openid'], authorizationDetails: [], expiresAt: 1_000_000 + 60_000 };
  const step = /** @type {const} */ ({ kind: 'decide', code: '4821-0937', typed: true });
  /** @param {import('@iamsmart/protocol').Lang} lang @param {Partial<typeof REQUESTER> | { network: 'different' | 'unknown' }} [change] */
  const page = (lang, change = {}) => appRequestPage({
    lang, sessionId: 'abc', resident: residents[0], csrf: 'token', languageHref, request, step, now: 1_000_000, requester: { ...REQUESTER, ...change },
  });
  const same = page('en');
  assert.match(same, /<dt>Requested from<\/dt><dd id="context-browser">Chrome on Linux<\/dd>/);
  assert.match(same, /<dd id="context-network">The same network as this phone<\/dd>/);
  // 1_000_000 ms after the epoch is 08:16:40 in Hong Kong; 125 s before it, 08:14:35.
  assert.match(same, /<dd id="context-started">08:14:35 \(Hong Kong time\), 2 minutes ago<\/dd>/);
  assert.ok(!same.includes('role="alert"'), 'no warning on the same network');
  assert.match(same, /You typed the identification code 4821-0937\. Before you approve, check where this request came from\./);

  const expected = {
    en: ['Someone may be trying to trick you', 'A different network from this phone', 'Chrome on Linux'],
    'zh-HK': ['可能有人試圖欺騙你', '與這部手機不同的網絡', 'Linux 上的 Chrome'],
    'zh-CN': ['可能有人试图欺骗你', '与这部手机不同的网络', 'Linux 上的 Chrome'],
  };
  for (const lang of LANGS) {
    const [title, network, browser] = expected[lang];
    const different = page(lang, { network: 'different' });
    assert.match(different, new RegExp(`<div class="notice problem relay-warning" role="alert" aria-labelledby="relay-warning-heading">\\s*<h2 id="relay-warning-heading">${title}</h2>`), lang);
    assert.ok(different.indexOf('role="alert"') < different.indexOf('id="decide-form"'), 'the warning comes before Approve');
    assert.ok(different.includes(`<dd id="context-network">${network}</dd>`), lang);
    assert.ok(different.includes(`<dd id="context-browser">${browser}</dd>`), lang);
  }
  const unknown = page('en', { network: 'unknown', browser: undefined, os: undefined });
  assert.match(unknown, /<dd id="context-browser">An unknown browser<\/dd>/);
  assert.match(unknown, /<dd id="context-network">Could not be compared with this phone&#39;s<\/dd>/);
  assert.ok(!unknown.includes('role="alert"'), 'no warning when the networks cannot be compared');
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
  for (const key of /** @type {const} */ (['scanButton', 'pictureButton', 'linkOpen', 'codeLink', 'whichCode', 'staleTitle', 'staleHelp', 'usedTitle', 'stoppedTitle',
    'scannedElsewhereTitle', 'scannedElsewhereHelp', 'stoppedElsewhereHelp', 'relayWarningTitle', 'relayWarningHelp', 'contextHeading',
    'networkSame', 'networkDifferent', 'networkUnknown', 'codeTooManyDeviceHelp'])) {
    const texts = LANGS.map((lang) => t(lang, key));
    assert.equal(new Set(texts).size, 3, `${key} is translated`);
  }
  assert.equal(t('en', 'staleHelp'), 'Scan the QR code on the website again — it changes every second.');
  assert.match(t('zh-HK', 'scanButton'), /二維碼/);
  assert.match(t('zh-CN', 'scanButton'), /二维码/);
  assert.match(t('zh-HK', 'codeLink'), /識別碼/);
  assert.match(t('zh-CN', 'codeLink'), /识别码/);
  assert.match(t('zh-HK', 'requestTitle'), /登入/);
  assert.match(t('zh-CN', 'requestTitle'), /登录/);
});
