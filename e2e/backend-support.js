// What the backend-mode end-to-end tests share: the three engines (Debian's Chromium and Firefox
// through puppeteer-core, WebKitGTK through e2e/webkit-page.js, which offers the same API; each
// launched, if asked, with a dark colour scheme or reduced motion through its own setting), a page that records console errors and the elements' events, the
// hosted QR page read from pixels, the phone simulator's approval, a login across two devices,
// and the search for tokens in everything a page's scripts can reach.
/* global document, window -- the functions given to page.evaluate run in the browser */
import assert from 'node:assert/strict';
import { after, afterEach, before } from 'node:test';
import { ANDROID_UA, IDENTIFICATION_CODE, decodeQr, startStack, unreadableQr } from './harness.js';
import { ENGINES, FIREFOX_BIN } from '../scripts/engines.js';

// The three engines live in scripts/engines.js, which the Storybook smoke test shares.
export { ENGINES, FIREFOX_BIN };

export const RESIDENT = 'CHAN Tai Man';
export const LOGIN = 'Login with iAM Smart';

/**
 * What one engine's describe block needs around its tests: the engine's browser launched before
 * them and closed after, a stack of the block's own when `stack` is given (startStack's options;
 * `true` for the defaults), and what a test opened — `suite.devices`, `suite.context` — closed
 * after each test. Read the parts inside the tests: `suite.browser`, `suite.stack`.
 * @param {{ launch: () => Promise<any> }} engine an entry of ENGINES
 * @param {{ stack?: true | Parameters<typeof startStack>[0] }} [options]
 */
export function engineSuite(engine, { stack } = {}) {
  /** @type {{ browser: any, stack: any, devices: any, context: any }} */
  const suite = { browser: undefined, stack: undefined, devices: undefined, context: undefined };
  before(async () => {
    if (stack) suite.stack = await startStack(stack === true ? undefined : stack);
    suite.browser = await engine.launch();
  });
  after(async () => {
    await suite.browser?.close();
    await suite.stack?.close();
  });
  afterEach(async () => {
    await Promise.allSettled([suite.devices?.close(), suite.context?.close()]);
    suite.devices = undefined;
    suite.context = undefined;
  });
  return suite;
}


/** Fails unless the page matches the media query `query`: a preference set at launch really took. */
export async function assertMedia(page, query) {
  assert.equal(await page.evaluate((text) => window.matchMedia(text).matches, query), true, `the page matches ${query}`);
}

// The button inside the element's shadow root. Puppeteer's ARIA queries do not reach into shadow
// roots in Firefox (WebDriver BiDi), so it is found by the deep combinator, then checked by name.
export const LOGIN_BUTTON = 'iams-login-button >>> button';

/** Clicks "Login with iAM Smart" after checking its accessible name. */
export async function clickLogin(page) {
  const button = await page.waitForSelector(LOGIN_BUTTON, { visible: true });
  assert.equal((await button.evaluate((element) => element.textContent)).replace(/\s+/g, ' ').trim(), LOGIN);
  await button.click();
}

/**
 * A new page in `context` the size of a desktop (1280×900) or, with `phone`, of a phone: Android
 * User-Agent (and, in Chromium, User-Agent Client Hints, which the server reads first), 412×915.
 * @param {import('puppeteer-core').BrowserContext} context
 * @param {string} engine `ENGINES[i].name`
 * @param {{ phone?: boolean, timeout?: number, window?: boolean }} [options] `timeout`: the page's
 *   default, ms; `window`: a window of its own rather than a tab (puppeteer; WebKit's pages are
 *   windows already)
 */
export async function devicePage(context, engine, { phone = false, timeout = 20_000, window = false } = {}) {
  const page = await (window ? context.newPage({ type: 'window' }) : context.newPage());
  if (phone) {
    await (engine === 'Chromium'
      ? page.setUserAgent(ANDROID_UA, { platform: 'Android', platformVersion: '14', architecture: '', model: 'Pixel 7', mobile: true, brands: [{ brand: 'Chromium', version: '156' }] })
      : page.setUserAgent(ANDROID_UA));
    await page.setViewport({ width: 412, height: 915, deviceScaleFactor: 2, isMobile: true, hasTouch: true });
  } else {
    await page.setViewport({ width: 1280, height: 900 });
  }
  page.setDefaultTimeout(timeout);
  return page;
}

/**
 * A page that records console errors and uncaught exceptions, and every `iams-*` event's detail
 * (what the elements hand the page) as text.
 * @param {import('puppeteer-core').BrowserContext} context
 */
export async function recordedPage(context, engine, { phone = false } = {}) {
  const page = await devicePage(context, engine, { phone });
  const problems = [];
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(`console.error on ${page.url()}: ${message.text()}`);
  });
  page.on('pageerror', (error) => problems.push(`uncaught on ${page.url()}: ${error.message}`));
  await page.evaluateOnNewDocument(() => {
    const seen = [];
    // Kept off the window's enumerable properties, so the globals scan below sees only the page's own.
    Object.defineProperty(window, '__iamsEvents', { value: seen, enumerable: false });
    for (const type of ['iams-login', 'iams-logout', 'iams-error', 'iams-state', 'iams-filled', 'iams-signed', 'iams-notify']) {
      document.addEventListener(type, (event) => seen.push(`${type} ${JSON.stringify(event.detail ?? null)}`), true);
    }
  });
  return { page, problems };
}

/** Everything a script in the page can reach that could hold a token, as one text. */
export async function pageSecrets(page) {
  return page.evaluate(() => {
    const dump = (storage) => Object.fromEntries(Array.from({ length: storage.length }, (_, i) => [storage.key(i), storage.getItem(storage.key(i))]));
    const globals = {};
    const fresh = document.createElement('iframe');
    document.body.append(fresh);
    const builtIn = new Set(Object.getOwnPropertyNames(fresh.contentWindow));
    fresh.remove();
    for (const name of Object.getOwnPropertyNames(window)) {
      if (builtIn.has(name)) continue;
      try {
        globals[name] = JSON.stringify(window[name]) ?? String(window[name]);
      } catch {
        globals[name] = String(window[name]);
      }
    }
    return {
      local: dump(localStorage),
      session: dump(sessionStorage),
      cookie: document.cookie,
      globals,
      events: window.__iamsEvents,
      html: document.documentElement.outerHTML,
    };
  });
}

/** The QR on the hosted page, read from a screenshot's pixels as a camera would. */
export async function scanHostedQr(page) {
  const svg = await page.waitForSelector('.platform-qr svg', { visible: true });
  const { data, png } = decodeQr(await svg.screenshot());
  if (data === undefined) await unreadableQr(png);
  return data;
}

/**
 * A visible button (or link) whose accessible name is one of `names`, found in the page's DOM: its
 * aria-label, or its text without aria-hidden parts (the simulator names its controls by their
 * text). Puppeteer's ARIA queries (`::-p-aria`) walk the whole accessibility tree over WebDriver BiDi in Firefox, which
 * took about 40 s per approval on the phone's long request screens; this asks the page itself.
 */
export const buttonNamed = (page, ...names) => controlNamed(page, 'button, [role="button"]', names);
export const linkNamed = (page, ...names) => controlNamed(page, 'a[href], [role="link"]', names);

async function controlNamed(page, selector, names) {
  const handle = await page.waitForFunction(
    (roleSelector, wanted) => {
      const nameOf = (element) => {
        const label = element.getAttribute('aria-label');
        if (label) return label.trim();
        const copy = element.cloneNode(true);
        for (const hidden of copy.querySelectorAll('[aria-hidden="true"]')) hidden.remove();
        return copy.textContent.replace(/\s+/g, ' ').trim();
      };
      return Array.from(document.querySelectorAll(roleSelector)).find(
        (element) => element.checkVisibility() && wanted.includes(nameOf(element)),
      );
    },
    {},
    selector,
    names,
  );
  return handle.asElement();
}

/** The simulated app on a phone page: sign in as the resident if asked, match the code, Approve. */
export async function approveInApp(page, userCode) {
  const first = await buttonNamed(page, RESIDENT, userCode);
  if ((await first.evaluate((element) => element.textContent.trim())) === RESIDENT) await first.click();
  await (await buttonNamed(page, userCode)).click();
  await (await buttonNamed(page, 'Approve')).click();
}

export async function waitForResident(page) {
  await page.waitForFunction((name) => document.getElementById('user-name')?.textContent === name, {}, RESIDENT);
}

/**
 * A desktop and a phone, each its own context: the desktop's "Login with iAM Smart" → the hosted
 * getQR page (`onHostedPage` sees its URL), its QR read from pixels and opened on the phone, the
 * identification code matched, Approve → the desktop back on the site, the resident shown.
 * The caller closes both with `close()`.
 */
export async function loginAcrossDevices(browser, engine, origin, onHostedPage = () => {}) {
  const desktopContext = await browser.createBrowserContext();
  const phoneContext = await browser.createBrowserContext();
  const close = async () => {
    await Promise.allSettled([desktopContext.close(), phoneContext.close()]);
  };
  try {
    const desktop = await recordedPage(desktopContext, engine);
    const phone = await recordedPage(phoneContext, engine, { phone: true });
    await desktop.page.goto(`${origin}/`);
    await clickLogin(desktop.page);
    await desktop.page.waitForFunction(() => document.getElementById('user-code')?.textContent);
    onHostedPage(new URL(desktop.page.url()));
    const link = await scanHostedQr(desktop.page);
    const userCode = (await desktop.page.$eval('#user-code', (element) => element.textContent)).trim();
    assert.match(userCode, IDENTIFICATION_CODE);
    await phone.page.goto(link);
    await approveInApp(phone.page, userCode);
    await desktop.page.waitForFunction((siteOrigin) => window.location.origin === siteOrigin, {}, origin);
    await waitForResident(desktop.page);
    return { desktop, phone, close };
  } catch (error) {
    await close();
    throw error;
  }
}

/**
 * The visible element named `text` (its whole text, spaces folded) with tag `tag`, looked for in
 * the document and every shadow root: puppeteer's ARIA queries do not reach into shadow roots in
 * Firefox, so the elements' own buttons are found by what a person reads on them.
 */
export async function byText(page, tag, text) {
  const handle = await page.waitForFunction((tagName, wanted) => {
    const search = (root) => {
      for (const element of root.querySelectorAll('*')) {
        if (element.localName === tagName && element.textContent.replace(/\s+/g, ' ').trim() === wanted && element.getClientRects().length > 0) return element;
        if (element.shadowRoot) {
          const found = search(element.shadowRoot);
          if (found) return found;
        }
      }
      return null;
    };
    return search(document);
  }, {}, tag, text);
  return handle.asElement();
}

/**
 * The element's "Continue on iAM Smart's page" link → the new tab (the site's /hosted address,
 * then iAM Smart's getQR page with the request's ticket) → its QR read from pixels on the phone,
 * the code matched, Approve → the tab ends on the site's "you can close this tab" page.
 */
export async function throughHostedTab({ context, page, phone, host, origin, issuer }) {
  const link = await page.waitForSelector(`${host} >>> a[part="hosted-link"]`, { visible: true }).catch(async (error) => {
    // What the element reported instead, for the failure's message.
    const events = await page.evaluate(() => window.__iamsEvents).catch(() => []);
    throw new Error(`${error.message}; the page's events: ${events.join(' | ')}`);
  });
  assert.equal(await link.evaluate((element) => element.target), '_blank', 'the hosted page opens in a new tab');
  const opened = context.waitForTarget((target) => target.url().startsWith(`${issuer}/api/v1/auth/getQR`));
  await link.click();
  const tab = await (await opened).page();
  tab.setDefaultTimeout(20_000);
  const hosted = new URL(tab.url());
  assert.ok(hosted.searchParams.get('ticketID'), 'the hosted page carries the request\'s ticket');
  assert.equal(hosted.searchParams.has('scope'), false, 'a request, not a login');
  const payload = await scanHostedQr(tab);
  const userCode = (await tab.$eval('#user-code', (element) => element.textContent)).trim();
  assert.match(userCode, IDENTIFICATION_CODE);
  await phone.page.goto(payload);
  await approveInApp(phone.page, userCode);
  await tab.waitForFunction((siteOrigin) => window.location.origin === siteOrigin && document.querySelector('h1'), {}, origin);
  assert.equal(new URL(tab.url()).pathname, '/iamsmart/callback');
  await tab.close();
}

export function assertNoTokenIn(secrets, token, { loggedIn = true } = {}) {
  const text = JSON.stringify(secrets);
  assert.deepEqual(Object.keys(secrets.local), [], 'nothing in localStorage');
  assert.deepEqual(Object.keys(secrets.session), ['demo-site-lang'], 'sessionStorage holds only the language choice');
  assert.doesNotMatch(secrets.cookie, /iams/i, 'no kit cookie is readable by scripts (HttpOnly)');
  assert.doesNotMatch(text, /eyJ[\w-]+\.[\w-]+\.|accessToken|access_token|id_token/i, 'no token-shaped value in the page');
  if (token) assert.equal(text.includes(token), false, 'the session\'s access token is nowhere in the page');
  if (loggedIn) assert.ok(secrets.events.some((event) => event.startsWith('iams-login ')), `iams-login fired: ${secrets.events.join(' | ')}`);
}

