// What the sandbox's Chromium tests check on every screen: axe, and reflow at 320 px.
// page.evaluate runs through the DevTools protocol, so the page's own CSP stays on and is tested.
// The functions passed to page.evaluate run in the page:
/* global document, window */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { after, before } from 'node:test';
import { launchChromium } from '../../../scripts/chromium.js';

const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/**
 * axe's WCAG 2.2 A/AA and best-practice rules on the page as it is, as "rule: targets" lines.
 * @param {import('playwright-core').Page} page
 */
export async function axeViolations(page) {
  await page.evaluate(AXE_SOURCE);
  return page.evaluate(async () => {
    const axe = /** @type {any} */ (window).axe;
    const result = await axe.run(document, { runOnly: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'] });
    return result.violations.map((/** @type {any} */ v) => `${v.id}: ${v.nodes.map((/** @type {any} */ n) => n.target.join(' ')).join(', ')}`);
  });
}

/**
 * WCAG reflow: at 320 CSS pixels wide (a 1280-pixel window at 400% zoom) nothing scrolls sideways.
 * `atNarrowWidth` runs more checks while the page is 320 px wide.
 * @param {import('playwright-core').Page} page
 * @param {string} [name]
 * @param {() => Promise<void>} [atNarrowWidth]
 */
export async function assertReflows(page, name = 'page', atNarrowWidth) {
  const viewport = page.viewportSize();
  await page.setViewportSize({ width: 320, height: 640 });
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  assert.ok(overflow <= 0, `${name}: no horizontal scrolling at 320px (overflow ${overflow}px)`);
  await atNarrowWidth?.();
  if (viewport) await page.setViewportSize(viewport);
}

/**
 * The simulator's targets under 44 CSS pixels tall (WCAG 2.5.5 as the project applies it to the
 * phone): buttons, action links and visible inputs in main, as short HTML excerpts. A resident's
 * whole card is its button's target (the button's ::after covers it).
 * @param {import('playwright-core').Page} page
 * @returns {Promise<string[]>}
 */
export function smallTargets(page) {
  return page.evaluate(() => [...document.querySelectorAll('main button, main .action, main input:not([type="hidden"]):not(.visually-hidden)')]
    .filter((element) => element.getClientRects().length > 0 && (element.closest('.resident') ?? element).getBoundingClientRect().height < 44)
    .map((element) => element.outerHTML.slice(0, 80)));
}

/**
 * A phone-sized page in a context of its own (its own cookies: its own simulated phone) that
 * records console errors, page errors and CSP violations in `problems`.
 * @param {import('playwright-core').Browser} browser
 * @param {string} [locale]
 */
export async function openPhone(browser, locale = 'en-GB') {
  const context = await browser.newContext({ locale, viewport: { width: 390, height: 844 }, deviceScaleFactor: 1 });
  const page = await context.newPage();
  /** @type {string[]} */
  const problems = [];
  page.on('console', (message) => {
    // Chromium logs 4xx answers (the refusal screens) as console errors; anything else is a problem.
    if ((message.type() === 'error' || message.type() === 'warning') && !/status of 4\d\d/.test(message.text())) {
      problems.push(`${message.type()}: ${message.text()}`);
    }
  });
  page.on('pageerror', (error) => problems.push(`pageerror: ${error.message}`));
  return { context, page, problems };
}

/**
 * Every check a simulator screen gets, as it is: a screenshot when SANDBOX_SCREENSHOTS names a
 * folder, axe, reflow at 320 px and targets at least 44 px tall.
 * @param {import('playwright-core').Page} page
 * @param {string} name
 */
export async function checkScreen(page, name) {
  const screenshots = process.env.SANDBOX_SCREENSHOTS;
  if (screenshots) await page.screenshot({ path: join(screenshots, `${name}.png`), fullPage: true });
  assert.deepEqual(await axeViolations(page), [], `axe on ${name}`);
  await assertReflows(page, name, async () => {
    assert.deepEqual(await smallTargets(page), [], `${name}: targets at least 44px tall`);
  });
}

/**
 * One Chromium for a describe block: its before and after hooks launch and close it; `held.browser`
 * is there while the block's tests run.
 */
export function chromiumForBlock() {
  const held = { browser: /** @type {import('playwright-core').Browser} */ (/** @type {unknown} */ (undefined)) };
  before(async () => {
    held.browser = await launchChromium();
  });
  after(async () => {
    await held.browser?.close();
  });
  return held;
}
