// The locator layer the OpenID Connect-mode end-to-end tests use in all three engines: find a
// control by its role and accessible name, a field by its label, an element by its text — each an
// in-page query that walks open shadow roots, polled until found (as Playwright's locators wait),
// over the two drivers the e2e tests have: puppeteer-core (Chromium over CDP, Firefox over
// WebDriver BiDi) and e2e/webkit-page.js (WebKitGTK over WebDriver classic, puppeteer's Page
// subset). Only what both drivers offer is used: page.waitForFunction returning an element
// handle, page.evaluate, handle.click / evaluate. Puppeteer's own ARIA queries are not used: they
// do not reach into shadow roots in Firefox and walk the whole accessibility tree over BiDi
// (decision 052, `buttonNamed` in backend-support.js).
/* global document, window, getComputedStyle -- the functions given to page.evaluate run in the browser */
import { setTimeout as sleep } from 'node:timers/promises';
import { devicePage } from './backend-support.js';

/**
 * In the page: the elements matching a query, searched through open shadow roots. One
 * self-contained function (the pages' CSPs forbid eval; drivers send its source).
 * query: { css?, role?, name?, label?, text?, within?, visible? } — `name`, `label` and `text` are
 * { exact: string } (whitespace-normalised equality) or { source, flags } (a RegExp's parts).
 * `all`: false → the first match or null; true → every match; 'count' → how many; 'text' → the
 * matches' texts, whitespace folded.
 */
function findInPage(query, all = false) {
  const deep = (root) => {
    const all = [];
    const walk = (node) => {
      for (const element of node.querySelectorAll('*')) {
        all.push(element);
        if (element.shadowRoot) walk(element.shadowRoot);
      }
    };
    walk(root);
    return all;
  };
  const normal = (text) => (text ?? '').replace(/\s+/g, ' ').trim();
  const matches = (want, text) => {
    if (want === undefined) return true;
    if ('exact' in want) return normal(text) === want.exact;
    return new RegExp(want.source, want.flags).test(normal(text));
  };
  const visible = (element) => {
    if (typeof element.checkVisibility === 'function' && !element.checkVisibility()) return false;
    const box = element.getBoundingClientRect();
    return box.width > 0 && box.height > 0 && getComputedStyle(element).visibility !== 'hidden';
  };
  const ROLES = {
    button: 'button, [role="button"], input[type="button"], input[type="submit"], input[type="reset"]',
    link: 'a[href], [role="link"]',
    dialog: 'dialog, [role="dialog"], [role="alertdialog"]',
    img: 'img, [role="img"]',
    textbox: 'input:not([type]), input[type="text"], input[type="email"], input[type="tel"], input[type="url"], textarea, [role="textbox"]',
    checkbox: 'input[type="checkbox"], [role="checkbox"]',
    alert: '[role="alert"]',
    heading: 'h1, h2, h3, h4, h5, h6, [role="heading"]',
  };
  const rootOf = (element) => element.getRootNode();
  const textWithoutHidden = (element) => {
    const copy = element.cloneNode(true);
    for (const hidden of copy.querySelectorAll('[aria-hidden="true"]')) hidden.remove();
    return copy.textContent;
  };
  const byIds = (element, ids) => ids.split(/\s+/).map((id) => rootOf(element).getElementById?.(id) ?? document.getElementById(id)).filter(Boolean).map(textWithoutHidden).join(' ');
  const accessibleName = (element) => {
    const labelledBy = element.getAttribute('aria-labelledby');
    if (labelledBy) return byIds(element, labelledBy);
    const label = element.getAttribute('aria-label');
    if (label) return label;
    if (element.labels?.length) return [...element.labels].map(textWithoutHidden).join(' ');
    if (element.localName === 'img') return element.getAttribute('alt') ?? '';
    if (element.localName === 'input') return element.value || element.getAttribute('placeholder') || '';
    const title = element.querySelector?.(':scope > title');
    if (title) return title.textContent;
    return textWithoutHidden(element);
  };
  let scope = [document];
  if (query.within) {
    const hosts = deep(document).filter((element) => element.matches(query.within));
    scope = hosts;
  }
  let candidates = scope.flatMap((root) => (root === document ? deep(document) : [root, ...deep(root), ...(root.shadowRoot ? deep(root.shadowRoot) : [])]));
  if (query.css) candidates = candidates.filter((element) => element.matches(query.css));
  if (query.role) candidates = candidates.filter((element) => element.matches(ROLES[query.role] ?? `[role="${query.role}"]`));
  if (query.name) candidates = candidates.filter((element) => matches(query.name, accessibleName(element)));
  if (query.label) candidates = candidates.filter((element) => element.labels && matches(query.label, accessibleName(element)));
  if (query.text) {
    // The innermost elements whose own text matches (Playwright's getByText picks the smallest).
    const hits = candidates.filter((element) => matches(query.text, element.textContent));
    candidates = hits.filter((element) => !hits.some((other) => other !== element && element.contains(other)));
  }
  if (query.visible !== false) candidates = candidates.filter(visible);
  if (all === 'count') return candidates.length;
  if (all === 'text') return candidates.map((element) => normal(element.textContent));
  return all ? candidates : candidates[0] ?? null;
}

/** A name, label or text to match: a string matches exactly (whitespace normalised), a RegExp as a pattern. */
function matcher(value) {
  if (value === undefined) return undefined;
  return value instanceof RegExp ? { source: value.source, flags: value.flags } : { exact: value };
}

/**
 * Waits until the query finds an element, and returns its handle (the first match in document
 * order). `within` is a CSS selector of the elements to search in (their shadow roots included);
 * `visible: false` accepts hidden elements too.
 */
export async function find(page, { timeout, ...parts } = {}) {
  const query = pageQuery(parts);
  const handle = await page.waitForFunction(findInPage, timeout === undefined ? {} : { timeout }, query).catch((error) => {
    throw new Error(`no element for ${JSON.stringify(query)}: ${error.message}`);
  });
  return handle.asElement();
}

/** A query's parts as findInPage takes them (matchers as plain objects: they cross into the page). */
function pageQuery({ css, role, name, label, text, within, visible = true }) {
  return { css, role, name: matcher(name), label: matcher(label), text: matcher(text), within, visible };
}

/**
 * How many elements the query finds right now, without waiting (Playwright's locator.count();
 * visible ones only unless `visible: false`, as Playwright's role queries leave hidden ones out).
 */
export async function count(page, query) {
  return page.evaluate(findInPage, pageQuery(query), 'count');
}

/** The text (whitespace folded) of every element the query finds right now (allTextContents). */
export async function textsOf(page, query) {
  return page.evaluate(findInPage, pageQuery(query), 'text');
}

export const byRole = (page, role, name, options = {}) => find(page, { ...options, role, name });
export const byLabel = (page, label, options = {}) => find(page, { ...options, label });
export const byText = (page, text, options = {}) => find(page, { ...options, text });

/** Whether the query finds no visible element right now (Playwright's isHidden). */
export async function isHidden(page, css) {
  return page.evaluate(
    (selector) => {
      const element = document.querySelector(selector);
      if (!element) return true;
      const box = element.getBoundingClientRect();
      return !(box.width > 0 && box.height > 0 && getComputedStyle(element).visibility !== 'hidden');
    },
    css,
  );
}

/** The text of the element `css` selects, once it exists (Playwright's locator.textContent). */
export async function textOf(page, css) {
  const element = await find(page, { css, visible: false });
  return element.evaluate((node) => node.textContent);
}

/** An attribute of the element `css` selects, once it exists; null when absent. */
export async function attributeOf(page, css, name) {
  const element = await find(page, { css, visible: false });
  return element.evaluate((node, attribute) => node.getAttribute(attribute), name);
}

/**
 * Waits until the page's address satisfies `predicate` (given a URL), polling through
 * navigations (a command that lands mid-navigation is retried).
 */
export async function waitForUrl(page, predicate, { timeout = 30_000 } = {}) {
  const deadline = Date.now() + timeout;
  let last = '';
  for (;;) {
    try {
      last = await page.evaluate(() => window.location.href);
      if (predicate(new URL(last))) return new URL(last);
    } catch { /* navigating */ }
    if (Date.now() > deadline) throw new Error(`the page did not reach the expected address in ${timeout} ms; last ${last}`);
    await sleep(100);
  }
}

/** Polls an async condition in Node until it holds. */
export async function until(condition, { timeout = 30_000, what = 'condition' } = {}) {
  const deadline = Date.now() + timeout;
  for (;;) {
    if (await condition()) return;
    if (Date.now() > deadline) throw new Error(`${what} did not hold within ${timeout} ms`);
    await sleep(100);
  }
}

/**
 * A page that records every console error (and console.assert failure), uncaught exception and
 * CSP / Trusted Types violation, on every origin it visits, in any of the three engines: the
 * violations are reported by a listener every document gets first (evaluateOnNewDocument) through
 * console.error with a marker, which each driver's console event carries. `problems` is the list
 * to assert empty. A phone (`phone: true`) is backend-support's phone: Android User-Agent (and
 * Client Hints in Chromium), 412×915.
 */
export async function openRecordedPage(context, engine, { phone = false, window = false } = {}) {
  const page = await devicePage(context, engine, { phone, window, timeout: 30_000 });
  const problems = [];
  page.on('console', (message) => {
    const text = message.text();
    if (text.startsWith(CSP_MARKER)) problems.push(`CSP violation on ${page.url()}: ${text.slice(CSP_MARKER.length)}`);
    else if (message.type() === 'error' || message.type() === 'assert') problems.push(`console.${message.type()} on ${page.url()}: ${text}`);
  });
  page.on('pageerror', (error) => problems.push(`uncaught on ${page.url()}: ${error.stack || `${error.name}: ${error.message}`}`));
  await page.evaluateOnNewDocument(() => {
    document.addEventListener('securitypolicyviolation', (event) => {
      console.error(`[e2e:csp] ${event.effectiveDirective} blocked ${event.blockedURI || '(inline)'} (${event.sourceFile}:${event.lineNumber}) ${event.sample}`);
    });
  });
  return { page, problems };
}

const CSP_MARKER = '[e2e:csp] ';

/**
 * Serves `url` to this page with its response headers changed by `rewrite(headers)` (lower-case
 * names), the body as the server sent it: puppeteer's request interception in Chromium and
 * Firefox, the context's proxy in WebKit (e2e/webkit-page.js).
 */
export async function rewriteResponseHeaders(page, url, rewrite) {
  if (typeof page.browserContext().rewriteResponseHeaders === 'function') {
    page.browserContext().rewriteResponseHeaders(url, rewrite);
    return;
  }
  await page.setRequestInterception(true);
  page.on('request', async (request) => {
    if (request.isInterceptResolutionHandled()) return;
    if (request.url() !== url) {
      await request.continue();
      return;
    }
    const response = await fetch(url, { headers: request.headers() });
    const headers = rewrite(Object.fromEntries(response.headers));
    delete headers['content-encoding'];
    delete headers['content-length'];
    await request.respond({ status: response.status, headers, body: Buffer.from(await response.arrayBuffer()) });
  });
}

/**
 * Fills a field as a person would, in every engine: a text field or text area is focused, its
 * text selected and deleted with Backspace, and `value` typed key by key (a newline is Enter). A
 * select, or an input whose value a person picks rather than types (date, time, colour, range),
 * is set as Playwright's fill and selectOption set them: the value (a select's option by value or
 * by its text), then `input` and `change`.
 */
export async function fill(element, value) {
  const picked = await element.evaluate((node, wanted) => {
    const kind = node.localName === 'select' ? 'select' : ['date', 'time', 'datetime-local', 'month', 'week', 'color', 'range'].includes(node.type) ? 'picked' : 'typed';
    if (kind === 'typed') {
      node.focus();
      node.select();
      return node.value === '' ? 'empty' : 'typed';
    }
    const option = kind === 'select' ? [...node.options].find((item) => item.value === wanted || item.textContent.trim() === wanted) : undefined;
    if (kind === 'select' && !option) throw new Error(`no option ${wanted}`);
    node.value = option ? option.value : wanted;
    node.dispatchEvent(new Event('input', { bubbles: true }));
    node.dispatchEvent(new Event('change', { bubbles: true }));
    return 'picked';
  }, value);
  if (picked === 'picked') return;
  if (picked === 'typed') await element.press('Backspace');
  if (value !== '') await element.type(value);
}

/** Ticks (or, with `checked: false`, unticks) a checkbox or radio button by clicking it, if it is not so already. */
export async function setChecked(element, checked = true) {
  if ((await element.evaluate((node) => node.checked)) !== checked) await element.click();
  if ((await element.evaluate((node) => node.checked)) !== checked) throw new Error(`the box did not become ${checked ? 'ticked' : 'unticked'}`);
}
