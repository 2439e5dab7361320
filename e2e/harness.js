// Shared set-up for the end-to-end tests: the sandbox and the demo site on free ports (never the
// defaults a running `npm start` holds), and Debian's Chromium driven by playwright-core with a
// recorder of everything that must not happen on a page (console errors, uncaught exceptions,
// CSP and Trusted Types violations).
/* global document, window -- the functions given to page.evaluate run in the browser */
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { startSandbox } from '@iamsmart/sandbox';
import { startDemoSite } from '../demo-site/server.js';

export const BUNDLE = fileURLToPath(new URL('../dist/cdn/iamsmart.js', import.meta.url));
export const RESULTS_DIR = fileURLToPath(new URL('../test-results/', import.meta.url));

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

export function assertBundleBuilt() {
  if (!existsSync(BUNDLE)) {
    throw new Error('dist/cdn/iamsmart.js is missing: run `npm run build` first (`npm run test:e2e` alone does not build).');
  }
}

/** A port nothing listens on right now (the OS picks it), for the demo site whose origin the sandbox must know up front. */
export async function freePort() {
  const server = createServer();
  await new Promise((resolve) => server.listen(0, 'localhost', resolve));
  const { port } = server.address();
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** Starts the sandbox (own temporary data folder) and the demo site that uses it. */
export async function startStack() {
  assertBundleBuilt();
  const dataDir = await mkdtemp(join(tmpdir(), 'iams-e2e-'));
  const demoPort = await freePort();
  const sandbox = await startSandbox({ port: 0, dataDir, demoOrigin: `http://localhost:${demoPort}`, quiet: true });
  let site;
  try {
    site = await startDemoSite({ port: demoPort, sandboxIssuer: sandbox.issuer });
  } finally {
    if (!site) await sandbox.close();
  }
  return {
    issuer: sandbox.issuer,
    origin: site.origin,
    async close() {
      await Promise.allSettled([site.close(), sandbox.close()]);
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

export async function launchChromium() {
  return chromium.launch({ executablePath: process.env.CHROMIUM_BIN ?? '/usr/bin/chromium', args: CHROMIUM_ARGS });
}

/**
 * Opens a page that records every console error, uncaught exception and CSP / Trusted Types
 * violation, on every origin it visits. `problems` is the list to assert empty.
 */
export async function openRecordedPage(context) {
  const page = await context.newPage();
  const problems = [];
  page.on('console', (message) => {
    if (message.type() === 'error' || message.type() === 'assert') problems.push(`console.${message.type()} on ${page.url()}: ${message.text()}`);
  });
  page.on('pageerror', (error) => problems.push(`uncaught on ${page.url()}: ${error.stack ?? error.message}`));
  await page.exposeBinding('__reportViolation', ({ frame }, violation) => {
    problems.push(`CSP violation on ${frame.url()}: ${violation}`);
  });
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (event) => {
      void window.__reportViolation(`${event.effectiveDirective} blocked ${event.blockedURI || '(inline)'} (${event.sourceFile}:${event.lineNumber}) ${event.sample}`);
    });
  });
  return { page, problems };
}

export async function screenshot(page, name) {
  await mkdir(RESULTS_DIR, { recursive: true });
  await page.screenshot({ path: join(RESULTS_DIR, `${name}.png`), fullPage: true });
}

/** Everything the page keeps in Web Storage on its own origin. */
export async function webStorage(page) {
  return page.evaluate(() => {
    const dump = (storage) => Object.fromEntries(Array.from({ length: storage.length }, (_, i) => [storage.key(i), storage.getItem(storage.key(i))]));
    return { local: dump(localStorage), session: dump(sessionStorage) };
  });
}

/** A stored value that looks like a token: a JWT, or a JSON object holding one. */
export function looksLikeToken(value) {
  return /eyJ[\w-]+\.[\w-]+\.|"(access_token|id_token|refresh_token)"/.test(value);
}

const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/**
 * axe-core's WCAG 2.2 A/AA and best-practice rules on the page as it is, shadow roots included.
 * Returns "rule: target" lines. axe is injected through the DevTools protocol, which the page's
 * CSP does not govern, so the page's own policy stays in force.
 */
export async function axeViolations(page) {
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(AXE_SOURCE);
  const violations = await page.evaluate(() =>
    window.axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'] } }).then((result) => result.violations),
  );
  return violations.flatMap((violation) => violation.nodes.map((node) => `${violation.id}: ${node.target.join(' ')} – ${node.failureSummary}`));
}
