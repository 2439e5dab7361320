// WebKit for the end-to-end tests that drive puppeteer's Page API: Debian's WebKitGTK MiniBrowser
// driven by webdriverio over WebDriver classic (WebKitWebDriver), wrapped so the tests call the
// same subset of puppeteer they call in Chromium and Firefox. One browser context is one WebDriver
// session (one WebKitWebDriver and one MiniBrowser: a driver serves one session), all on one Xvfb
// display per launched "browser" (scripts/webkit.js starts and stops each by pid).
//
// What a WebDriver-classic page can and cannot observe, and how this module fills the gaps:
// - No "run this script in every new document" command. Each context's MiniBrowser uses a small
//   HTTP proxy (the WebDriver `proxy` capability) that forwards every request unchanged and, into
//   each HTML response, inserts `<script src="/__webkit-e2e__/init.js">` right after `<head>`: a
//   parser-inserted classic script, so it runs before the page's own scripts, in every document
//   of every origin the context visits, as puppeteer's evaluateOnNewDocument does. It removes its
//   own element, so the DOM is the one served. It is same-origin, so the pages' CSPs (all allow
//   'self' for scripts and connections) neither block it nor get changed. Documents that do not
//   come over HTTP (about:blank, data:, srcdoc) do not get it.
// - No console or error events (WebDriver classic has no log; this WebKitGTK refuses BiDi, and
//   MiniBrowser's `--enable-write-console-messages-to-stdout` prints nothing under automation).
//   The same init script reports, to the proxy by `navigator.sendBeacon` (which survives the page
//   leaving): every `console.error` call, every uncaught exception (`error` ErrorEvent) and
//   unhandled rejection, and every CSP violation — from the first script of each document on.
//   It cannot see what the engine logs by itself without an event a script can catch (a failed
//   resource load, an integrity or CORS refusal: those fire `error` on their element only, which
//   a test can record itself), nor anything in a document whose CSP forbade 'self'. The reports go
//   to every page of the context (puppeteer reports per tab), so a new tab's errors count too.
// - `page.url()` is synchronous in puppeteer; here it is the URL as of the end of the page's last
//   command (each command reads it back).
// - Network: no request events over WebDriver classic. The proxy emits each request it forwards
//   to the context's pages as a 'request' event (url, isNavigationRequest from Sec-Fetch-Mode,
//   frame() the page's main frame when Sec-Fetch-Dest is document; a redirect is a request of its
//   own), rewrites a response's headers when a test asks (rewriteResponseHeaders), adds request
//   headers (setExtraHTTPHeaders: Accept-Language, as a browser set to another language sends it)
//   and fails a request as a broken network would (abortRequests: the connection is dropped). It
//   records each top-level document's response status, so goto() and reload() return a response
//   with status() as puppeteer's do (a 409 or 400 page is still a page: WebDriver's navigation
//   succeeds).
// - Files: an <input type=file> is given a local file's path by WebDriver's Element Send Keys
//   (handle.uploadFile, as puppeteer's). Downloads go to the folder a context is created with
//   (puppeteer's `downloadBehavior.downloadPath`): the driver and MiniBrowser run with an
//   XDG_CONFIG_HOME whose user-dirs.dirs names it as the download folder (otherwise WebKitGTK
//   saves into $HOME).
// - page.screenshot is the viewport only (WebDriver classic has no full-page screenshot).
// - Element screenshots are cropped from a viewport screenshot (WebKitGTK's element screenshot
//   is black below its first rows).
// - A phone is a narrow window with a phone's User-Agent (MiniBrowser's `--user-agent`): WebDriver
//   classic has no touch, device pixel ratio or mobile-viewport emulation, and MiniBrowser's
//   toolbar sets a minimum window width (about 447 CSS px on this machine; the test asks for 412).
// - No media emulation: a dark colour scheme or reduced motion is set when the browser is launched
//   (`launchWebKit({ colorScheme: 'dark', reducedMotion: true })`), the way WebKitGTK takes it from
//   the desktop — MiniBrowser's `--dark-mode`, GTK's `gtk-enable-animations=false` (scripts/webkit.js).
/* global document, window, getComputedStyle -- the functions given to execute run in the browser */
import { cp, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer, request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { PNG } from 'pngjs';
import { Key, remote } from 'webdriverio';
import { startWebKitDriver, startXvfb, webkitCapabilities, webkitPreferences } from '../scripts/webkit.js';

const ELEMENT = 'element-6066-11e4-a52e-4f735466cecf';
const HOOK = '/__webkit-e2e__/';

/** What every document runs first: reports to the proxy, then the test's own scripts. */
function initScript(scripts) {
  const reporter = () => {
    const send = (kind, text) => {
      try {
        navigator.sendBeacon('/__webkit-e2e__/report', JSON.stringify({ kind, text, url: window.location.href }));
      } catch { /* a page that forbids it is not reported */ }
    };
    const format = (value) => {
      if (value instanceof Error) return `${value.name}: ${value.message}`;
      if (typeof value === 'object' && value !== null) {
        try { return JSON.stringify(value); } catch { return String(value); }
      }
      return String(value);
    };
    const original = console.error;
    console.error = function error(...args) {
      send('console', args.map(format).join(' '));
      return original.apply(this, args);
    };
    window.addEventListener('error', (event) => {
      if (event instanceof ErrorEvent) send('pageerror', event.error instanceof Error ? format(event.error) : event.message);
    });
    window.addEventListener('unhandledrejection', (event) => send('pageerror', `Uncaught (in promise) ${format(event.reason)}`));
    document.addEventListener('securitypolicyviolation', (event) => {
      send('console', `Refused by the Content Security Policy: ${event.effectiveDirective} blocked ${event.blockedURI || '(inline)'}`);
    });
  };
  return [
    '(() => {',
    'const self = document.currentScript;',
    `try { (${reporter})(); } catch {}`,
    ...scripts.map((source) => `try { (${source})(); } catch (error) { console.error('evaluateOnNewDocument:', error); }`),
    'self?.remove();',
    '})();',
  ].join('\n');
}

/**
 * The context's proxy: every request forwarded as it is; into HTML responses the init script's
 * tag; the init script and the reports answered here.
 */
async function startProxy(context) {
  const server = createServer((incoming, outgoing) => {
    let target;
    try {
      target = new URL(incoming.url ?? '');
    } catch {
      outgoing.writeHead(400).end();
      return;
    }
    if (target.pathname === `${HOOK}init.js`) {
      outgoing.writeHead(200, { 'Content-Type': 'text/javascript; charset=utf-8', 'Cache-Control': 'no-store', 'Cross-Origin-Resource-Policy': 'same-origin' });
      outgoing.end(initScript(context.initScripts));
      return;
    }
    if (target.pathname === `${HOOK}report`) {
      let body = '';
      incoming.setEncoding('utf8');
      incoming.on('data', (chunk) => { body += chunk; });
      incoming.on('end', () => {
        outgoing.writeHead(204).end();
        try { context.report(JSON.parse(body)); } catch { /* not a report */ }
      });
      return;
    }
    const headers = { ...incoming.headers, ...context.extraHeaders };
    delete headers['proxy-connection'];
    context.request(target.href, incoming.headers);
    if (context.aborted.has(target.href)) {
      incoming.socket.destroy();
      return;
    }
    const forward = httpRequest({ host: target.hostname, port: target.port || 80, method: incoming.method, path: target.pathname + target.search, headers }, (answer) => {
      if (incoming.headers['sec-fetch-dest'] === 'document') context.documentResponse(target.href, answer.statusCode ?? 502);
      const rewrite = context.headerRewrites.find((entry) => entry.url === target.href)?.rewrite;
      if (rewrite) {
        const changed = rewrite(Object.fromEntries(Object.entries(answer.headers).map(([name, value]) => [name, Array.isArray(value) ? value.join(', ') : String(value)])));
        answer.rawHeaders = Object.entries(changed).flat();
        answer.headers = changed;
      }
      const type = String(answer.headers['content-type'] ?? '');
      if (!type.startsWith('text/html') || answer.headers['content-encoding']) {
        outgoing.writeHead(answer.statusCode ?? 502, answer.rawHeaders);
        answer.pipe(outgoing);
        return;
      }
      const chunks = [];
      answer.on('data', (chunk) => chunks.push(chunk));
      answer.on('end', () => {
        const html = Buffer.concat(chunks).toString('utf8');
        const tag = `<script src="${HOOK}init.js"></script>`;
        const at = /<head\b[^>]*>/i.exec(html) ?? /<html\b[^>]*>/i.exec(html) ?? /<!doctype[^>]*>/i.exec(html);
        const body = Buffer.from(at ? html.slice(0, at.index + at[0].length) + tag + html.slice(at.index + at[0].length) : tag + html);
        const raw = [];
        for (let i = 0; i < answer.rawHeaders.length; i += 2) {
          if (!/^(content-length|transfer-encoding)$/i.test(answer.rawHeaders[i])) raw.push(answer.rawHeaders[i], answer.rawHeaders[i + 1]);
        }
        raw.push('Content-Length', String(body.length));
        outgoing.writeHead(answer.statusCode ?? 502, raw);
        outgoing.end(body);
      });
    });
    forward.on('error', () => {
      if (!outgoing.headersSent) outgoing.writeHead(502);
      outgoing.end();
    });
    incoming.pipe(forward);
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    address: `127.0.0.1:${/** @type {import('node:net').AddressInfo} */ (server.address()).port}`,
    close: () => new Promise((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }),
  };
}

class TimeoutError extends Error {
  name = 'TimeoutError';
}

/**
 * In the page: the first element matching `selector` (parts joined by puppeteer's `>>>`, which
 * pierces shadow roots), visible or not as asked (puppeteer's rule: a box, and not
 * visibility: hidden). One self-contained function: the pages' CSPs forbid eval.
 */
function queryState(selector, state) {
  const within = (root, css) => {
    const found = [...root.querySelectorAll(css)];
    for (const element of root.querySelectorAll('*')) if (element.shadowRoot) found.push(...within(element.shadowRoot, css));
    return found;
  };
  const parts = selector.split('>>>').map((part) => part.trim());
  let all = [...document.querySelectorAll(parts[0])];
  for (const part of parts.slice(1)) {
    all = all.flatMap((host) => [...(host.shadowRoot ? within(host.shadowRoot, part) : []), ...within(host, part)]);
  }
  const visible = (element) => {
    const box = element.getBoundingClientRect();
    return box.width > 0 && box.height > 0 && getComputedStyle(element).visibility !== 'hidden';
  };
  if (state === 'visible') return all.find(visible) ?? null;
  if (state === 'hidden') return all.some(visible) ? null : true;
  return all[0] ?? null;
}

class Handle {
  constructor(value) { this.value = value; }
  asElement() { return null; }
  async jsonValue() { return this.value; }
}

class ElementHandle extends Handle {
  /** @param {WebKitPage} page @param {object} ref */
  constructor(page, ref) {
    super(ref);
    this.page = page;
    this.id = ref[ELEMENT];
  }
  asElement() { return this; }
  evaluate(fn, ...args) { return this.page.evaluate(fn, this.value, ...args); }
  /** Gives an <input type=file> local files, by their paths (WebDriver's Element Send Keys). */
  async uploadFile(...paths) {
    const browser = await this.page.use();
    await browser.elementSendKeys(this.id, paths.join('\n'));
    await this.page.settle();
  }
  async click() {
    const browser = await this.page.use();
    // A click may open a window: waitForTarget must not switch the session to it while the
    // driver still completes the click (it would look the node up in the new window).
    this.page.context.clicking += 1;
    try {
      await browser.elementClick(this.id);
    } finally {
      this.page.context.clicking -= 1;
    }
    await this.page.settle();
  }
  async focus() {
    await this.evaluate((element) => element.focus());
  }
  /**
   * Types `text` key by key (WebDriver's Element Send Keys, which focuses the element first, as
   * puppeteer's `type` does); a newline is the Enter key, as in puppeteer.
   */
  async type(text) {
    const browser = await this.page.use();
    await browser.elementSendKeys(this.id, text.replace(/\n/g, Key.Enter));
    await this.page.settle();
  }
  /** Focuses the element, then presses one key: a name of puppeteer's ('Enter', 'End', 'Space', 'Backspace') or a character. */
  async press(key) {
    await this.focus();
    await this.page.keyboard.press(key);
    await this.page.settle();
  }
  /**
   * The element's pixels, cropped from a screenshot of the viewport: WebKitGTK's own element
   * screenshot (2.50.6) comes out black below its first rows.
   */
  async screenshot() {
    // Scrolled into view, then two frames for the scroll to be painted before the shot.
    const box = await this.evaluate(async (element) => {
      element.scrollIntoView({ block: 'nearest', inline: 'nearest' });
      await new Promise((painted) => { window.requestAnimationFrame(() => window.requestAnimationFrame(painted)); });
      const { x, y, width, height } = element.getBoundingClientRect();
      return { x, y, width, height, scale: window.devicePixelRatio, scrollY: window.scrollY };
    });
    const browser = await this.page.use();
    const viewport = PNG.sync.read(Buffer.from(await browser.takeScreenshot(), 'base64'));
    const left = Math.max(0, Math.round(box.x * box.scale));
    const top = Math.max(0, Math.round(box.y * box.scale));
    const width = Math.min(viewport.width - left, Math.round(box.width * box.scale));
    const height = Math.min(viewport.height - top, Math.round(box.height * box.scale));
    const crop = new PNG({ width, height });
    PNG.bitblt(viewport, crop, left, top, width, height, 0, 0);
    return PNG.sync.write(crop);
  }
}

class WebKitPage {
  /** @param {WebKitContext} context @param {string} [handle] the window, once known */
  constructor(context, handle) {
    this.context = context;
    this.handle = handle;
    this.timeout = 30_000;
    this.lastUrl = 'about:blank';
    this.listeners = { console: [], pageerror: [], request: [] };
    this.frame = { page: this };
    this.keyboard = { press: async (key) => { await (await this.use()).keys(Key[key] ?? key); } };
  }

  /** The session, switched to this page's window. */
  async use() {
    const browser = await this.context.session();
    this.handle ??= await browser.getWindowHandle();
    if (this.context.current !== this.handle) {
      await browser.switchToWindow(this.handle);
      this.context.current = this.handle;
    }
    return browser;
  }

  /** Reads the URL back after a command (puppeteer's `url()` is synchronous). */
  async settle() {
    try {
      this.lastUrl = await (await this.use()).getUrl();
    } catch { /* the window is gone */ }
  }

  url() { return this.lastUrl; }
  browserContext() { return this.context; }
  setDefaultTimeout(ms) { this.timeout = ms; }
  on(event, listener) { this.listeners[event]?.push(listener); return this; }

  /** Before the session starts: MiniBrowser's `--user-agent` (WebDriver classic cannot change it later). */
  async setUserAgent(userAgent) {
    if (this.context.started) throw new Error('WebKit: setUserAgent only before the context\'s first page is used');
    this.context.userAgent = userAgent;
  }

  /** Request headers added to every request of the context (the proxy adds them; lower-case names win over the browser's). */
  async setExtraHTTPHeaders(headers) {
    this.context.extraHeaders = Object.fromEntries(Object.entries(headers).map(([name, value]) => [name.toLowerCase(), value]));
  }

  /** The window sized so the page's viewport is `width` × `height` (as near as the window allows). */
  async setViewport({ width, height }) {
    if (this.context.started) {
      this.context.viewport = { width, height };
      await this.context.applyViewport(await this.use());
      return;
    }
    this.context.viewport = { width, height };
    // The User-Agent is set by now (puppeteer's order in the tests): the session starts in the
    // background, so a desktop's and a phone's start together. A failure surfaces at the next command.
    this.context.session().catch(() => {});
  }

  async evaluateOnNewDocument(fn) {
    this.context.initScripts.push(String(fn));
  }

  /**
   * Runs `fn` in the page. WebDriver returns JSON, where `undefined` becomes null: the result is
   * boxed in the page so `undefined` comes back as it does from puppeteer.
   */
  async run(fn, args) {
    const browser = await this.use();
    if (typeof fn === 'string') {
      // A script's source (puppeteer evaluates it as a script): run as it is, its completion not returned.
      await browser.executeScript(`${fn}\n;return null;`, []);
      return undefined;
    }
    const script = `return Promise.resolve((${fn}).apply(null, arguments)).then((value) => value === undefined ? { undefined: true } : { value });`;
    const boxed = await browser.executeScript(script, args);
    return boxed.undefined ? undefined : boxed.value;
  }

  async evaluate(fn, ...args) {
    const value = await this.run(fn, args);
    await this.settle();
    return this.wrap(value, true);
  }

  wrap(value, raw = false) {
    if (value && typeof value === 'object' && ELEMENT in value) return new ElementHandle(this, value);
    return raw ? value : new Handle(value);
  }

  /**
   * Navigates and returns the top-level document's response as puppeteer does (`status()`,
   * `url()`, `ok()`; the last one of a redirect chain), as the context's proxy saw it; null when
   * no document came over HTTP (about:blank, a same-document navigation).
   */
  async goto(url) {
    const before = this.context.documents.length;
    await (await this.use()).url(url);
    await this.settle();
    return this.context.responseSince(before);
  }

  async reload() {
    const before = this.context.documents.length;
    await (await this.use()).refresh();
    await this.settle();
    return this.context.responseSince(before);
  }

  /** The viewport's pixels (WebDriver classic has no full-page screenshot), written to `path` if given. */
  async screenshot({ path } = {}) {
    const png = Buffer.from(await (await this.use()).takeScreenshot(), 'base64');
    if (path) await writeFile(path, png);
    return png;
  }

  /** Whether the page's window is gone (asynchronous here; puppeteer's is not — await works on both). */
  async isClosed() {
    if (!this.handle) return false;
    return !(await (await this.context.session()).getWindowHandles()).includes(this.handle);
  }

  /** The page's top-level frame, as `request.frame()` gives it for a top-level navigation. */
  mainFrame() { return this.frame; }

  async bringToFront() {
    await this.use();
  }

  async close() {
    const browser = await this.use();
    await browser.closeWindow();
    this.context.current = undefined;
    this.context.pages = this.context.pages.filter((page) => page !== this);
  }

  /** Polls `fn` in the page (every 100 ms, through navigations) until it returns something truthy. */
  async waitForFunction(fn, options = {}, ...args) {
    const timeout = options.timeout ?? this.timeout;
    const deadline = Date.now() + timeout;
    let lastError;
    for (;;) {
      try {
        const value = await this.run(fn, args);
        if (value) {
          await this.settle();
          return this.wrap(value);
        }
      } catch (error) {
        lastError = error;
      }
      if (Date.now() > deadline) {
        await this.settle();
        throw new TimeoutError(`Waiting failed: ${timeout}ms exceeded (WebKit, on ${this.lastUrl})${lastError ? `; last error: ${lastError.message}` : ''}`);
      }
      await sleep(100);
    }
  }

  async waitForSelector(selector, { visible = false, hidden = false, timeout } = {}) {
    const state = hidden ? 'hidden' : visible ? 'visible' : 'attached';
    const handle = await this.waitForFunction(queryState, { timeout }, selector, state).catch((error) => {
      throw new TimeoutError(`Waiting for selector \`${selector}\` failed: ${error.message}`);
    });
    return hidden ? null : handle;
  }

  async $(selector) {
    const value = await this.evaluate(queryState, selector, 'attached');
    return value instanceof ElementHandle ? value : null;
  }

  async $eval(selector, fn, ...args) {
    const element = await this.$(selector);
    if (!element) throw new Error(`Error: failed to find element matching selector "${selector}"`);
    return element.evaluate(fn, ...args);
  }

  locator(selector) {
    return {
      click: async () => {
        const element = await this.waitForSelector(selector, { visible: true });
        await element.click();
      },
    };
  }

  emit(event, payload) {
    for (const listener of this.listeners[event] ?? []) listener(payload);
  }
}

/** A target for `waitForTarget`: a window of the context. */
class Target {
  constructor(page) { this.target = page; }
  url() { return this.target.lastUrl; }
  async page() { return this.target; }
}

class WebKitContext {
  /**
   * @param {{ display: string }} xvfb
   * @param {{ args: string[], env: Record<string, string> }} preferences the browser's (webkitPreferences)
   * @param {{ downloadBehavior?: { policy: 'allow', downloadPath: string } }} [options] puppeteer's
   */
  constructor(xvfb, preferences, { downloadBehavior } = {}) {
    this.xvfb = xvfb;
    this.preferences = preferences;
    this.downloadPath = downloadBehavior?.policy === 'allow' ? downloadBehavior.downloadPath : undefined;
    /** @type {Record<string, string>} */
    this.extraHeaders = {};
    /** @type {Set<string>} URLs whose requests fail (abortRequests) */
    this.aborted = new Set();
    /** Clicks in flight (ElementHandle.click): waitForTarget waits them out before switching windows. */
    this.clicking = 0;
    /** @type {WebKitPage[]} */
    this.pages = [];
    this.initScripts = [];
    /** @type {{ url: string, rewrite: (headers: Record<string, string>) => Record<string, string> }[]} */
    this.headerRewrites = [];
    /** @type {{ url: string, status: number }[]} every top-level document response, in order */
    this.documents = [];
    this.userAgent = undefined;
    this.viewport = undefined;
    this.current = undefined;
    this.started = undefined;
    this.closed = false;
  }

  async newPage() {
    if (this.pages.length > 0) throw new Error('WebKit: one page per context is opened by newPage; new tabs come from the page');
    const page = new WebKitPage(this);
    this.pages.push(page);
    return page;
  }

  /** The WebDriver session, started on the first command: its proxy, its driver, its MiniBrowser. */
  session() {
    this.started ??= (async () => {
      this.proxy = await startProxy(this);
      const env = { ...this.preferences.env };
      if (this.downloadPath) {
        // The download folder is a GTK user directory, named in XDG_CONFIG_HOME; the browser's own
        // GTK settings (reduced motion), if any, live there too, so they are copied in.
        this.configDir = await mkdtemp(join(tmpdir(), 'iams-webkit-config-'));
        await writeFile(join(this.configDir, 'user-dirs.dirs'), `XDG_DOWNLOAD_DIR="${this.downloadPath}"\n`);
        if (env.XDG_CONFIG_HOME) await cp(env.XDG_CONFIG_HOME, this.configDir, { recursive: true });
        env.XDG_CONFIG_HOME = this.configDir;
      }
      this.driver = await startWebKitDriver({ display: this.xvfb.display, env });
      const args = ['--javascript-can-open-windows-automatically=true', ...this.preferences.args];
      if (this.userAgent) args.push(`--user-agent=${this.userAgent}`);
      const browser = await remote({
        hostname: '127.0.0.1',
        port: this.driver.port,
        logLevel: 'error',
        connectionRetryTimeout: 20_000,
        connectionRetryCount: 1,
        capabilities: /** @type {any} */ ({ ...webkitCapabilities({ args }), proxy: { proxyType: 'manual', httpProxy: this.proxy.address } }),
      });
      this.browser = browser;
      this.current = await browser.getWindowHandle();
      if (this.viewport) await this.applyViewport(browser);
      return browser;
    })();
    return this.started;
  }

  async applyViewport(browser) {
    const { width, height } = this.viewport;
    for (let attempt = 0; attempt < 2; attempt += 1) {
      const [innerWidth, innerHeight, outerWidth, outerHeight] = await browser.execute(() => [window.innerWidth, window.innerHeight, window.outerWidth, window.outerHeight]);
      if (innerWidth === width && innerHeight === height) return;
      await browser.setWindowSize(width + (outerWidth - innerWidth), height + (outerHeight - innerHeight));
    }
  }

  /** A report from a document of this context (see the top of this file), to every page's listeners. */
  report({ kind, text, url }) {
    for (const page of this.pages) {
      if (kind === 'console') page.emit('console', { type: () => 'error', text: () => text, location: () => ({ url }) });
      else page.emit('pageerror', Object.assign(new Error(text), { stack: text }));
    }
  }

  /** Serves `url` with its response headers changed by `rewrite` (e2e/locators.js rewriteResponseHeaders). */
  rewriteResponseHeaders(url, rewrite) {
    this.headerRewrites.push({ url, rewrite });
  }

  /** Fails every request for `url` as a network error would: the proxy drops the connection. */
  abortRequests(url) {
    this.aborted.add(url);
  }

  /**
   * A request the proxy forwards, to every page's 'request' listeners (puppeteer's HTTPRequest
   * subset). Fetch Metadata tells a navigation (Sec-Fetch-Mode: navigate) and a top-level one
   * (Sec-Fetch-Dest: document) from the rest; redirects are requests of their own, as in puppeteer.
   */
  request(url, headers) {
    const navigation = headers['sec-fetch-mode'] === 'navigate';
    const topLevel = headers['sec-fetch-dest'] === 'document';
    for (const page of this.pages) {
      page.emit('request', { url: () => url, isNavigationRequest: () => navigation, frame: () => (topLevel ? page.frame : null), headers: () => ({ ...headers }) });
    }
  }

  /** A top-level document's response as the proxy forwarded it (Sec-Fetch-Dest: document). */
  documentResponse(url, status) {
    this.documents.push({ url, status });
  }

  /**
   * The last top-level document response after the first `before` ones, as puppeteer's HTTPResponse
   * subset. A context's windows share the proxy: the tests navigate one window at a time.
   */
  responseSince(before) {
    const last = this.documents.slice(before).at(-1);
    if (!last) return null;
    return { status: () => last.status, url: () => last.url, ok: () => last.status >= 200 && last.status < 300 };
  }

  /** Waits for a window (a new tab) whose URL `predicate` accepts. */
  async waitForTarget(predicate, { timeout = 30_000 } = {}) {
    const browser = await this.session();
    const deadline = Date.now() + timeout;
    for (;;) {
      const known = new Set(this.pages.map((page) => page.handle));
      const handles = this.clicking > 0 ? [] : await browser.getWindowHandles();
      for (const handle of handles) {
        if (known.has(handle)) continue;
        await browser.switchToWindow(handle);
        this.current = handle;
        const candidate = new WebKitPage(this, handle);
        candidate.lastUrl = await browser.getUrl();
        if (predicate(new Target(candidate))) {
          this.pages.push(candidate);
          return new Target(candidate);
        }
      }
      if (Date.now() > deadline) throw new TimeoutError(`Waiting for target failed: ${timeout}ms exceeded (WebKit)`);
      await sleep(100);
    }
  }

  async close() {
    if (this.closed) return;
    this.closed = true;
    if (this.started) {
      await this.started.then((browser) => Promise.race([browser.deleteSession(), sleep(5000)])).catch(() => {});
    }
    await Promise.allSettled([this.driver?.stop(), this.proxy?.close()]);
    if (this.configDir) await rm(this.configDir, { recursive: true, force: true });
  }
}

/**
 * A "browser" with puppeteer's createBrowserContext / close: one Xvfb display; each context its
 * own WebKitWebDriver, MiniBrowser and proxy, started on its first command. `preferences`
 * (`colorScheme: 'dark'`, `reducedMotion`) are set in every context's MiniBrowser the way WebKitGTK
 * takes them from the desktop (scripts/webkit.js webkitPreferences); none: MiniBrowser as before.
 * @param {{ colorScheme?: 'light' | 'dark', reducedMotion?: boolean }} [preferences]
 */
export async function launchWebKit(preferences = {}) {
  // Larger than any window here: a desktop's 1280×900 viewport plus MiniBrowser's toolbar.
  const xvfb = await startXvfb({ screen: '1600x1200x24' });
  const settings = await webkitPreferences(preferences);
  const contexts = new Set();
  return {
    async createBrowserContext(options) {
      const context = new WebKitContext(xvfb, settings, options);
      contexts.add(context);
      return context;
    },
    async close() {
      await Promise.allSettled([...contexts].map((context) => context.close()));
      await xvfb.stop();
      await settings.remove();
    },
  };
}
