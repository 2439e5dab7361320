// The phone-app simulator's cross-device pages against the real engine over real HTTP: a session
// started at the device authorization endpoint, opened from its QR link or its typed
// identification code, the resident signed in to the app, number matching, Approve / Decline,
// and every refusal (stale, expired, used, unknown, malformed, foreign links, CSRF).
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { after, before, describe, test } from 'node:test';
import { createBrowser, DEMO_ORIGIN, formFor, press, startTestSandbox } from './helpers.js';
import { buttonNames, heading, startQrSession } from './app-support.js';
import { englishName, residents } from '../src/residents.js';

const RESIDENT_NAMES = residents.map(englishName);

/** @type {Awaited<ReturnType<typeof startTestSandbox>>} */
let sandbox;
before(async () => {
  // Many sessions from one address: the rate limit is not what these tests are about.
  sandbox = await startTestSandbox({ crossDevice: { rateLimit: { max: 1000, windowSeconds: 60 } } });
});
after(() => sandbox.stop());

/**
 * A phone: the simulator's cookies, with a resident signed in unless `resident` is null.
 * @param {{ resident?: string | null }} [options]
 */
async function phone({ resident = 'CHAN Tai Man' } = {}) {
  const browser = createBrowser();
  if (resident) {
    const signIn = await browser.follow(new URL('/app/resident', sandbox.issuer), sandbox.issuer);
    await press(browser, sandbox.issuer, await signIn.response.text(), signIn.location, resident);
  }
  return browser;
}

/**
 * Opens `url` in the phone and returns the page it ends on.
 * @param {ReturnType<typeof createBrowser>} browser
 * @param {string | URL} url
 * @param {RequestInit} [init]
 */
async function open(browser, url, init) {
  const { response, location } = await browser.follow(url, sandbox.issuer, init);
  return { status: response.status, page: await response.text(), location, headers: response.headers };
}

/**
 * @param {ReturnType<typeof createBrowser>} browser
 * @param {{ page: string, location: URL }} from
 * @param {string} button
 */
async function tap(browser, from, button) {
  const { response, location } = await press(browser, sandbox.issuer, from.page, from.location, button);
  return { status: response.status, page: await response.text(), location, headers: response.headers };
}

test('QR link → resident picker (named by English names) → request → matching code → Approve → the desktop gets tokens', async () => {
  const session = await startQrSession(sandbox.issuer);
  const browser = await phone({ resident: null });
  const first = await browser.request(session.qrLink());
  assert.equal(first.status, 303);
  const requestPath = String(first.headers.get('location'));
  assert.match(requestPath, /^\/app\/request\/[\w-]+$/);

  const picker = await open(browser, new URL(requestPath, sandbox.issuer));
  assert.equal(picker.status, 200);
  assert.equal(heading(picker.page), 'Sign in to the app');
  assert.deepEqual(buttonNames(picker.page), RESIDENT_NAMES);

  const signedIn = await tap(browser, picker, 'CHAN Tai Man');
  const residentCookie = [...browser.jar.values()].find(({ name }) => name === 'iams_app_resident');
  assert.ok(residentCookie, 'the choice is remembered');
  assert.equal(residentCookie.path, '/app');

  assert.equal(signedIn.status, 200);
  assert.equal(signedIn.location.pathname, requestPath);
  assert.equal(heading(signedIn.page), 'Login request');
  assert.match(signedIn.page, /Demo Partner Site \(sandbox\)/);
  assert.match(signedIn.page, new RegExp(`Only continue if you started this on ${DEMO_ORIGIN}`));
  assert.match(signedIn.page, /<li>Your name<\/li>/);
  assert.match(signedIn.page, /<li>An identifier for you that only this website can use<\/li>/);
  assert.match(signedIn.page, /This request ends at \d\d:\d\d:\d\d \(Hong Kong time\)\./);
  assert.match(signedIn.page, /Time left: [23]:\d\d/);
  assert.match(signedIn.page, /Which identification code does the website show\?/);
  const codes = buttonNames(signedIn.page);
  assert.equal(codes.length, 3, 'three identification codes');
  assert.ok(codes.every((code) => /^\d{4}-\d{4}$/.test(code)));
  assert.equal(new Set(codes).size, 3);
  assert.ok(codes.includes(session.user_code), 'one of them is the website\'s code');

  const pending = await session.token();
  assert.equal(pending.body.error, 'authorization_pending');

  const decide = await tap(browser, signedIn, session.user_code);
  assert.equal(decide.location.pathname, requestPath);
  assert.deepEqual(buttonNames(decide.page), ['Approve', 'Decline']);
  assert.match(decide.page, new RegExp(`The identification code ${session.user_code} matches the website&#39;s\\.`));

  const done = await tap(browser, decide, 'Approve');
  assert.equal(done.status, 200);
  assert.equal(heading(done.page)?.replace(/<[^>]+>/g, ''), 'Login approved');
  assert.match(done.page, /You have approved the login to Demo Partner Site \(sandbox\)\. Return to the website/);

  const tokens = await session.token();
  assert.equal(tokens.status, 200);
  assert.ok(tokens.body.id_token);
  const claims = JSON.parse(Buffer.from(tokens.body.id_token.split('.')[1], 'base64url').toString());
  assert.equal(claims.aud, 'demo-site');
  assert.ok(claims.sub);

  // The same QR code again (a fresh payload, so only "used" can refuse it). Refused before it
  // opens, the request could be a login or a sign request: the screen does not say which.
  const again = await open(browser, session.qrLink());
  assert.equal(again.status, 410);
  assert.equal(heading(again.page), 'This request has already been used');
});

test('tapping a wrong identification code stops the request at once; the desktop is refused', async () => {
  const session = await startQrSession(sandbox.issuer);
  const browser = await phone();
  const request = await open(browser, session.qrLink());
  const wrong = buttonNames(request.page).find((code) => code !== session.user_code);
  assert.ok(wrong);
  const stopped = await tap(browser, request, wrong);
  assert.equal(heading(stopped.page), 'Request stopped for your safety');
  assert.deepEqual(buttonNames(stopped.page), [], 'no Approve after a wrong code');
  assert.match(stopped.page, /The identification code you chose is not the one the website shows/);
  const refused = await session.token();
  assert.equal(refused.body.error, 'access_denied');
  // The screen stays what happened, not "already used".
  const reload = await open(browser, stopped.location);
  assert.equal(heading(reload.page), 'Request stopped for your safety');
});

test('Decline ends the request: a "declined" screen, and access_denied for the desktop', async () => {
  const session = await startQrSession(sandbox.issuer);
  const browser = await phone({ resident: 'HO Kam Wah' });
  const request = await open(browser, session.qrLink());
  assert.match(request.page, /HO Kam Wah/);
  const decide = await tap(browser, request, session.user_code);
  const declined = await tap(browser, decide, 'Decline');
  assert.equal(heading(declined.page), 'Login declined');
  assert.equal((await session.token()).body.error, 'access_denied');
});

test('the request screens in 繁體中文 and 简体中文, with the client\'s registered name in that language', async () => {
  for (const [lang, title, which, site, approve, approved] of [
    ['zh-HK', '登入要求', '網站顯示哪一個識別碼？', '示範合作網站（沙盒）', '批准', '已批准登入'],
    ['zh-CN', '登录请求', '网站显示哪一个识别码？', '示范合作网站（沙盒）', '批准', '已批准登录'],
  ]) {
    const session = await startQrSession(sandbox.issuer);
    const browser = await phone();
    const opened = await open(browser, session.qrLink());
    // The browser's language…
    const request = await open(browser, opened.location, { headers: { 'accept-language': `${lang},en;q=0.5` } });
    assert.match(request.page, new RegExp(`<html lang="${lang}">`));
    assert.equal(heading(request.page), title);
    assert.ok(request.page.includes(which));
    assert.ok(request.page.includes(site));
    // …or an explicit choice (the language switcher), kept through the forms.
    const link = session.qrLink();
    link.searchParams.set('lang', lang);
    const chosen = await open(browser, link);
    assert.equal(chosen.location.searchParams.get('lang'), lang);
    const decide = await tap(browser, chosen, session.user_code);
    assert.equal(heading(decide.page), title);
    assert.deepEqual(buttonNames(decide.page).length, 2);
    const done = await tap(browser, decide, approve);
    assert.equal(heading(done.page), approved);
  }
});

test('the sign-in picker can switch the resident, and comes back to the request', async () => {
  const session = await startQrSession(sandbox.issuer);
  const browser = await phone();
  const request = await open(browser, session.qrLink());
  const switchHref = /<a href="([^"]+)">Switch resident<\/a>/.exec(request.page)?.[1]?.replace(/&amp;/g, '&');
  assert.ok(switchHref);
  const picker = await open(browser, new URL(switchHref, sandbox.issuer));
  assert.deepEqual(buttonNames(picker.page), RESIDENT_NAMES);
  const back = await tap(browser, picker, 'TANAKA Hiroshi');
  assert.equal(back.location.pathname, request.location.pathname);
  assert.match(back.page, /TANAKA Hiroshi/);
  // `next` only leads to the app's own pages.
  const evil = await open(browser, new URL('/app/resident?next=https://evil.example/', sandbox.issuer));
  const elsewhere = await tap(browser, evil, 'ZHANG Wei');
  assert.equal(elsewhere.location.href, `${sandbox.issuer}/app`);
});

test('the resident cookie is HttpOnly, SameSite=Lax and scoped to /app', async () => {
  const browser = createBrowser();
  const signIn = await open(browser, new URL('/app/resident', sandbox.issuer));
  const { action, fields } = formFor(signIn.page, 'LEE Ka Yan');
  const response = await browser.request(new URL(action, sandbox.issuer), {
    method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: fields,
  });
  assert.equal(response.status, 303);
  const cookie = response.headers.getSetCookie().find((header) => header.startsWith('iams_app_resident='));
  assert.ok(cookie);
  assert.match(cookie, /; path=\/app/i);
  assert.match(cookie, /; samesite=lax/i);
  assert.match(cookie, /; httponly/i);
});

test('forms without a valid CSRF token are refused (403), with JSON for API callers', async () => {
  const session = await startQrSession(sandbox.issuer);
  const browser = await phone();
  const request = await open(browser, session.qrLink());
  const action = new URL(`${request.location.pathname}/choose`, sandbox.issuer);
  const post = (/** @type {ReturnType<typeof createBrowser>} */ who, /** @type {Record<string, string>} */ fields, accept = 'text/html') => who.request(action, {
    method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', accept }, body: new URLSearchParams(fields),
  });
  const missing = await post(browser, { code: session.user_code });
  assert.equal(missing.status, 403);
  assert.equal(heading(await missing.text()), 'Please try again');
  const forged = await post(browser, { code: session.user_code, csrf: 'x'.repeat(43) }, 'application/json');
  assert.equal(forged.status, 403);
  assert.deepEqual(Object.keys(await forged.json()), ['error', 'error_description']);
  // Another phone's token (and cookies) are not this phone's.
  const other = await phone();
  const otherToken = /name="csrf" value="([^"]+)"/.exec((await open(other, new URL('/app/code', sandbox.issuer))).page)?.[1];
  const crossed = await post(browser, { code: session.user_code, csrf: String(otherToken) });
  assert.equal(crossed.status, 403);
  // A cross-site form post carries no cookies (SameSite=Lax): refused.
  const token = /name="csrf" value="([^"]+)"/.exec(request.page)?.[1];
  const crossSite = await fetch(action, {
    method: 'POST', redirect: 'manual', headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ code: session.user_code, csrf: String(token) }),
  });
  assert.equal(crossSite.status, 403);
  // Nothing happened to the session.
  assert.equal((await session.token()).body.error, 'authorization_pending');
  const choose = await tap(browser, request, session.user_code);
  assert.deepEqual(buttonNames(choose.page), ['Approve', 'Decline']);
});

test('a request opens only on the phone that opened it (a forwarded /app/request link leads nowhere)', async () => {
  const session = await startQrSession(sandbox.issuer);
  const request = await open(await phone(), session.qrLink());
  const elsewhere = await open(await phone(), request.location);
  assert.equal(elsewhere.status, 404);
  assert.equal(heading(elsewhere.page), 'Request not found');
});

test('/app/code: type the identification code (with or without the hyphen), then straight to Approve / Decline', async () => {
  const browser = await phone();
  const form = await open(browser, new URL('/app/code', sandbox.issuer));
  assert.equal(form.status, 200);
  assert.equal(heading(form.page)?.replace(/<[^>]+>/g, ''), 'Enter identification code');
  assert.match(form.page, /<label for="user-code">Identification code \(8 digits\)<\/label>/);
  const input = /<input type="text" id="user-code"[^>]*>/.exec(form.page)?.[0] ?? '';
  assert.match(input, /inputmode="numeric"/);
  assert.match(input, /autocomplete="one-time-code"/);
  assert.match(input, /name="code"/);

  for (const typed of [(/** @type {string} */ code) => code.replace('-', ''), (/** @type {string} */ code) => ` ${code} `]) {
    const session = await startQrSession(sandbox.issuer);
    const csrf = String(/name="csrf" value="([^"]+)"/.exec(form.page)?.[1]);
    const submitted = await open(browser, new URL('/app/code', sandbox.issuer), {
      method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ csrf, code: typed(session.user_code) }),
    });
    assert.equal(submitted.status, 200);
    assert.match(submitted.location.pathname, /^\/app\/request\//);
    // Typing the code proved the match: no choice of three.
    assert.deepEqual(buttonNames(submitted.page), ['Approve', 'Decline']);
    assert.match(submitted.page, new RegExp(`You typed the identification code ${session.user_code}`));
    const done = await tap(browser, submitted, 'Approve');
    assert.equal(heading(done.page), 'Login approved');
    assert.equal((await session.token()).status, 200);
  }
});

test('/app/code: a wrong-looking or unknown code is explained on the form; JSON for API callers', async () => {
  const browser = await phone();
  const form = await open(browser, new URL('/app/code', sandbox.issuer));
  const csrf = String(/name="csrf" value="([^"]+)"/.exec(form.page)?.[1]);
  /** @param {string} code @param {string} [accept] */
  const submit = (code, accept = 'text/html') => browser.request(new URL('/app/code', sandbox.issuer), {
    method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', accept }, body: new URLSearchParams({ csrf, code }),
  });
  const short = await submit('1234');
  assert.equal(short.status, 400);
  const shortPage = await short.text();
  assert.match(shortPage, /Enter the 8 digits of the identification code/);
  assert.match(shortPage, /aria-invalid="true"/);
  assert.match(shortPage, /value="1234"/);
  const unknown = await submit('0000-0000');
  assert.equal(unknown.status, 404);
  assert.match(await unknown.text(), /No request has this identification code/);
  const json = await submit('abc', 'application/json');
  assert.equal(json.status, 400);
  assert.equal((await json.json()).error, 'invalid_request');
});

test('verification_uri_complete (/app/code?user_code=) opens the request with the choice of three', async () => {
  const session = await startQrSession(sandbox.issuer);
  const browser = await phone();
  const request = await open(browser, session.verification_uri_complete);
  assert.equal(heading(request.page), 'Login request');
  assert.equal(buttonNames(request.page).length, 3);
  const unknown = await open(browser, new URL('/app/code?user_code=0000-0001', sandbox.issuer));
  assert.equal(unknown.status, 404);
});

test('unknown and malformed QR links get a clear screen, and JSON for API callers', async () => {
  const session = await startQrSession(sandbox.issuer);
  const browser = await phone();
  const forged = session.qrLink();
  forged.searchParams.set('h', 'A'.repeat(43));
  const unknown = await open(browser, forged);
  assert.equal(unknown.status, 404);
  assert.equal(heading(unknown.page), 'Request not found');
  const partial = new URL(session.qrLink());
  partial.searchParams.delete('h');
  const malformed = await open(browser, partial);
  assert.equal(malformed.status, 400);
  assert.equal(heading(malformed.page), 'This QR code cannot be read');
  const repeated = new URL(`${session.qrLink()}&s=again`);
  assert.equal((await open(browser, repeated)).status, 400);

  const api = await fetch(forged, { headers: { accept: 'application/json' } });
  assert.equal(api.status, 404);
  assert.match(String(api.headers.get('content-type')), /application\/json/);
  assert.equal((await api.json()).error, 'unknown_request');
  // The forged link did not open the session: the real one still does.
  assert.equal((await open(browser, session.qrLink())).status, 200);
});

test('pasted links: this sandbox\'s own QR and code links open; anything else is refused without a redirect', async () => {
  const browser = await phone();
  const session = await startQrSession(sandbox.issuer);
  const own = await browser.request(new URL(`/app/open?link=${encodeURIComponent(session.qrLink().href)}`, sandbox.issuer));
  assert.equal(own.status, 303);
  assert.match(String(own.headers.get('location')), /^\/app\/qr\?s=/);
  const code = await browser.request(new URL(`/app/open?link=${encodeURIComponent(`${sandbox.issuer}/app/code`)}`, sandbox.issuer));
  assert.equal(code.headers.get('location'), '/app/code');

  const issuer = new URL(sandbox.issuer);
  for (const link of [
    `https://evil.example/app/qr?s=1&t=0&h=2`,
    `${issuer.protocol}//${issuer.hostname}:${Number(issuer.port) + 1}/app/qr`,
    `${sandbox.issuer}/auth?client_id=demo-site`,
    `${sandbox.issuer.replace('http://', 'http://user:pw@')}/app/qr`,
    '//evil.example/app/qr',
    '/app/qr?s=1',
    'javascript:alert(1)',
    'not a link',
  ]) {
    const response = await browser.request(new URL(`/app/open?link=${encodeURIComponent(link)}`, sandbox.issuer));
    assert.equal(response.status, 400, link);
    assert.equal(response.headers.get('location'), null, link);
    const page = await response.text();
    assert.match(page, /This link cannot be opened\. It is not a request link of this iAM Smart sandbox/, link);
    assert.ok(!page.includes('<script>alert'), 'escaped');
  }
  const empty = await browser.request(new URL('/app/open?link=', sandbox.issuer));
  assert.equal(empty.status, 400);
  assert.match(await empty.text(), /Paste the link first\./);
});

test('the home page offers the four ways in, in three languages', async () => {
  for (const [lang, scan, picture, open, code] of [
    ['en', 'Scan QR code', 'Choose a picture', 'Open', 'Enter identification code'],
    ['zh-HK', '掃描二維碼', '選擇圖片', '開啟', '輸入識別碼'],
    ['zh-CN', '扫描二维码', '选择图片', '打开', '输入识别码'],
  ]) {
    const response = await fetch(new URL(`/app?lang=${lang}`, sandbox.issuer));
    const page = await response.text();
    assert.match(page, new RegExp(`<html lang="${lang}">`));
    for (const text of [scan, picture, open, code]) assert.ok(page.includes(`>${text}<`), `${lang}: ${text}`);
    assert.match(page, /<script src="\/assets\/jsQR\.js" defer><\/script>/);
    assert.match(String(response.headers.get('content-security-policy')), /script-src 'self';/);
  }
  const jsqr = await fetch(new URL('/assets/jsQR.js', sandbox.issuer));
  assert.equal(jsqr.status, 200);
  assert.match(String(jsqr.headers.get('content-type')), /javascript/);
  assert.match(await jsqr.text(), /jsQR/);
});

describe('time limits', () => {
  /** @type {Awaited<ReturnType<typeof startTestSandbox>>} */
  let short;
  before(async () => {
    // oidc-provider counts expiry in whole seconds: a 3 s lifetime ends 2–3 s after the start.
    short = await startTestSandbox({ crossDevice: { lifetimeSeconds: 3, qrWindowSeconds: 1 } });
  });
  after(() => short.stop());

  test('a QR payload older than its window: "out of date", scan again', async () => {
    const session = await startQrSession(short.issuer);
    const old = session.qrLink(0);
    await sleep(1300);
    const browser = createBrowser();
    const { response } = await browser.follow(old, short.issuer);
    assert.equal(response.status, 400);
    const page = await response.text();
    assert.equal(heading(page), 'This QR code is out of date');
    assert.match(page, /Scan the QR code on the website again — it changes every second\./);
    const zh = await fetch(old, { headers: { 'accept-language': 'zh-HK' } });
    assert.equal(heading(await zh.text()), '此二維碼已過時');
    const api = await fetch(old, { headers: { accept: 'application/json' } });
    assert.equal((await api.json()).error, 'stale_qr_code');
  });

  test('a request that expires while open, and its QR link afterwards: "expired"', async () => {
    const session = await startQrSession(short.issuer);
    const browser = createBrowser();
    const signIn = await browser.follow(session.qrLink(), short.issuer);
    const request = await press(browser, short.issuer, await signIn.response.text(), signIn.location, 'CHAN Tai Man');
    const requestPage = await request.response.text();
    assert.equal(heading(requestPage), 'Login request');
    await sleep(3100);
    const later = await browser.follow(request.location, short.issuer);
    assert.equal(later.response.status, 410);
    assert.equal(heading(await later.response.text()), 'This login request has expired');
    const tapped = await press(browser, short.issuer, requestPage, request.location, session.user_code);
    assert.equal(tapped.response.status, 410);
    // The QR link afterwards is refused before it opens: no kind of request is named.
    const link = await browser.follow(session.qrLink(), short.issuer);
    assert.equal(link.response.status, 410);
    assert.equal(heading(await link.response.text()), 'This request has expired');
  });
});
