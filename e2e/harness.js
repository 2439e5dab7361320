// Shared set-up for the end-to-end tests: the sandbox and the demo site on free ports (never the
// defaults a running `npm start` holds), the QR decoder every test reads codes with, axe, web
// storage and the recorded devices' checks. The playwright-core helpers here (a QR login's QR,
// code and phone in Chromium) serve the benches (bench/); the tests drive all three engines
// through e2e/devices.js and e2e/locators.js.
/* global document, window -- the functions given to page.evaluate run in the browser */
import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import jsQR from 'jsqr';
import { PNG } from 'pngjs';
import { startSandbox } from '@iamsmart/sandbox';
import { launchChromium } from '../scripts/chromium.js';
import { freePort as freePortOn } from '../scripts/free-port.js';
import { startDemoSite } from '../demo-site/server.js';

export { launchChromium };

export const BUNDLE = fileURLToPath(new URL('../packages/elements/cdn/iamsmart.js', import.meta.url));
export const RESULTS_DIR = fileURLToPath(new URL('../test-results/', import.meta.url));


export function assertBundleBuilt() {
  if (!existsSync(BUNDLE)) {
    throw new Error('packages/elements/cdn/iamsmart.js is missing: run `npm run build` first (`npm run test:e2e` alone does not build).');
  }
}

/** A port free on `localhost`, which the demo site binds (its origin, which the sandbox must know up front). */
export const freePort = () => freePortOn('localhost');

/**
 * Starts the sandbox (own temporary data folder) and the demo site that uses it.
 * @param {object} [options]
 * @param {object} [options.crossDevice] the sandbox's cross-device limits (lifetime, QR window, rate limit…)
 */
export async function startStack({ crossDevice } = {}) {
  assertBundleBuilt();
  const dataDir = await mkdtemp(join(tmpdir(), 'iams-e2e-'));
  const demoPort = await freePort();
  const sandbox = await startSandbox({ port: 0, dataDir, demoOrigin: `http://localhost:${demoPort}`, quiet: true, crossDevice });
  let site;
  try {
    site = await startDemoSite({ port: demoPort, sandboxIssuer: sandbox.issuer, signingRootPem: sandbox.signingRootPem, platformClient: sandbox.demoPlatformClient });
  } finally {
    if (!site) await sandbox.close();
  }
  return {
    issuer: sandbox.issuer,
    origin: site.origin,
    /** The sandbox's signing root, which the demo site serves as /signing-ca.pem. */
    signingRootPem: sandbox.signingRootPem,
    /** The verified results the demo site's backend hooks received (startDemoSite's `received`). */
    received: site.received,
    /** The updates the demo site's sample button sent (startDemoSite's `notified`). */
    notified: site.notified,
    async close() {
      await Promise.allSettled([site.close(), sandbox.close()]);
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

export const ANDROID_UA =
  'Mozilla/5.0 (Linux; Android 14; Pixel 7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0.0.0 Mobile Safari/537.36';

/**
 * Reads a QR code the way a person's camera would: a screenshot of what the locator shows,
 * decoded from its pixels by jsQR. Never looks at the DOM, so a QR that renders wrongly (or not
 * at all) fails here even when its data attribute is right.
 * @param {import('playwright-core').Locator} locator
 * @returns {Promise<string>} the QR's text
 */
export async function readQrFromScreenshot(locator) {
  const { data, png } = decodeQr(await locator.screenshot({ animations: 'disabled' }));
  if (data === undefined) await unreadableQr(png);
  return data;
}

/**
 * What jsQR reads in a PNG screenshot (`data` undefined: nothing), the decoded picture, and where
 * jsQR found the code and its version (for the Storybook smoke's quiet-zone check).
 * @param {Uint8Array} bytes @returns {{ data: string | undefined, png: PNG, code: import('jsqr').QRCode | null }}
 */
export function decodeQr(bytes) {
  const png = PNG.sync.read(Buffer.from(bytes));
  const code = jsQR(new Uint8ClampedArray(png.data.buffer, png.data.byteOffset, png.data.length), png.width, png.height, { inversionAttempts: 'attemptBoth' });
  return { data: code?.data || undefined, png, code };
}

/** Keeps an unreadable picture in test-results/ for a person to see, and fails with its name. @param {PNG} png */
export async function unreadableQr(png) {
  await mkdir(RESULTS_DIR, { recursive: true });
  const file = join(RESULTS_DIR, `unreadable-qr-${Date.now()}.png`);
  writeFileSync(file, PNG.sync.write(png));
  throw new Error(`No QR code could be read from the screenshot (${png.width}×${png.height} px); saved as ${file}`);
}

/** An identification code as the desktop shows it and the app names its buttons, e.g. 4821-0937. */
export const IDENTIFICATION_CODE = /^\d{4}-\d{4}$/;

/** The QR as drawn: an image with an accessible name, present while the session awaits a scan. */
export const qrImage = (qrLogin) => qrLogin.getByRole('img', { name: /QR/ });

/** Reads the QR from the page's pixels once it is on screen. */
export async function scanQr(qrLogin) {
  await qrImage(qrLogin).waitFor();
  return readQrFromScreenshot(qrImage(qrLogin));
}

/** The identification code the QR login shows, read as text. */
export async function identificationCode(qrLogin) {
  const code = qrLogin.getByText(IDENTIFICATION_CODE);
  await code.waitFor();
  return (await code.textContent()).trim();
}

/** The phone opens a scanned payload and, if the simulated app asks who is signed in, picks the resident. */
export async function openOnPhone(phone, payload, resident) {
  await phone.goto(payload);
  const picker = phone.getByRole('button', { name: resident, exact: true });
  await picker.or(phone.getByRole('button', { name: IDENTIFICATION_CODE }).first()).waitFor();
  if (await picker.isVisible()) await picker.click();
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

/** Fails with every axe violation on the page, naming the state it was in. */
export async function assertAccessible(page, state) {
  assert.deepEqual(await axeViolations(page), [], `axe violations on the desktop (${state})`);
}

/** Fails when either device saw a console error, an uncaught exception or a CSP violation. */
export function assertDevicesClean({ desktop, phone }) {
  assert.deepEqual(desktop.problems, [], 'desktop: console errors, uncaught exceptions or CSP violations');
  assert.deepEqual(phone.problems, [], 'phone: console errors, uncaught exceptions or CSP violations');
}
