// `npm run bench`: what the kit costs a partner site, measured on loopback (a benchmark, not a
// test: it asserts nothing). Run after `npm run build`. Prints a table, writes
// bench/results/latest.json and puts the figures in the README (bench/readme.js).
//   - bundle sizes (min + gzip) from dist/sizes.json, which the build writes (always current);
//   - time from navigation start to the login button painted on the demo site (first paint
//     without the SDK), over RUNS page loads;
//   - a whole redirect login with the sandbox (click → resident's name shown, with the sign-in
//     page answered at once by script), median and p95, and the HTTP requests it takes;
//   - QR cross-device login between a desktop and a phone context (bench/qr.js): click → QR
//     painted, the phone's Approve → `iams-login` on the desktop with the status stream and with
//     plain RFC 8628 polling, and the desktop's HTTP requests per login;
//   - signing (bench/signing.js): hashing a 10 MB document in the browser, and the phone's
//     Approve → `iams-signed` (signature fetched and verified) on the desktop;
//   - backend mode (bench/backend.js): the home page's login through the site's own server and
//     the hosted QR page on a desktop, and a same-device login on a phone beside OpenID Connect
//     mode's, with the HTTP requests each takes;
//   - @iamsmart/server's e-ME and signing requests under load and faults (bench/server.js): two
//     instances on one Redis, 1,000 open event streams, 50 new requests a second; callback → page
//     event latency, each instance's memory, lost and twice-delivered results, then the same with
//     Redis restarted and an instance killed (no browser: Node clients).
//   - sizes beside the peers (bench/sizes.js, decision 043): the kit's budgeted rows and minimal
//     login pages of oidc-client-ts, keycloak-js, Auth0, MSAL, Hanko and Yivi, built and measured
//     alike; no browser, a few seconds, so every run measures them.
//   - the QR login page (bench/qr-page.js, issue 15's time rows): navigation → QR painted, and the
//     page left open 3 minutes (main-thread time per rotation, heap growth), in its own README table.
//   - the npm QR login (bench/npm-qr.js, decision 045): an npm-built login page's click → QR painted
//     once the idle prefetch has fetched what the click needs, in its own README table.
// `--only=qr`, `--only=signing`, `--only=backend` or `--only=server` runs that part alone and
// keeps the other figures from the last latest.json; `--only=sizes`, `--only=qrpage` and `--only=npmqr` measure
// that part alone and rewrite only its own README table (they need no earlier run).
/* global document, requestAnimationFrame -- the functions given to page.evaluate run in the browser */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { launchChromium, startStack } from '../e2e/harness.js';
import { benchQr } from './qr.js';
import { benchSigning } from './signing.js';
import { benchBackend } from './backend.js';
import { benchServer } from './server.js';
import { npmQrRows, qrPageRows, sizeRows, tableRows, updateNpmQrReadme, updateQrPageReadme, updateReadme, updateSizesReadme } from './readme.js';
import { benchQrPage } from './qr-page.js';
import { benchNpmQr } from './npm-qr.js';
import { benchSizes } from './sizes.js';
import { summary } from './stats.js';

const RUNS = Number(process.env.BENCH_RUNS ?? 20);
const RESULTS = fileURLToPath(new URL('./results/', import.meta.url));
const SIZES = fileURLToPath(new URL('../dist/sizes.json', import.meta.url));

const ONLY = process.argv.find((arg) => arg.startsWith('--only='))?.slice('--only='.length);
const PARTS = ['qr', 'signing', 'backend', 'server', 'sizes', 'qrpage', 'npmqr'];
if (ONLY !== undefined && !PARTS.includes(ONLY)) throw new Error(`--only=${ONLY}: use --only=qr, --only=signing, --only=backend, --only=server, --only=sizes, --only=qrpage or --only=npmqr`);
/** Runs a part unless another was chosen alone, in which case its last figures are kept. */
const part = (name, run) => (ONLY === undefined || ONLY === name ? run() : kept(previous[name], name));

/** Navigation start → the button's shadow root has its <button> painted (next frame). */
async function buttonPaint(page, origin) {
  await page.goto(`${origin}/`, { waitUntil: 'commit' });
  return page.evaluate(
    () =>
      new Promise((resolve) => {
        const check = () => {
          const button = document.querySelector('iams-login-button')?.shadowRoot?.querySelector('button');
          if (button) requestAnimationFrame(() => resolve(performance.now()));
          else requestAnimationFrame(check);
        };
        check();
      }),
  );
}

async function redirectLogin(page, origin, issuer) {
  await page.goto(`${origin}/oidc.html`);
  await page.getByRole('button', { name: 'Login with iAM Smart', exact: true }).waitFor();
  let requests = 0;
  const count = () => requests++;
  page.on('request', count);
  const started = Date.now();
  await page.getByRole('button', { name: 'Login with iAM Smart', exact: true }).click();
  await page.waitForURL((url) => url.origin === new URL(issuer).origin);
  await page.getByRole('button', { name: 'CHAN Tai Man', exact: true }).click();
  await page.getByRole('button', { name: 'Approve', exact: true }).click();
  await page.locator('#user-name').getByText('CHAN Tai Man', { exact: true }).waitFor();
  const elapsed = Date.now() - started;
  page.off('request', count);
  return { elapsed, requests };
}

/** Bundle sizes as the last build measured them (dist/sizes.json). */
function readSizes() {
  const sizes = JSON.parse(readFileSync(SIZES, 'utf8'));
  return {
    cdnGzip: sizes.cdn.gzipBytes,
    cdnSdkGzip: sizes.cdnSdk?.gzipBytes,
    cdnOnDemandGzip: sizes.cdnOnDemand.gzipBytes,
    firstPaintGzip: sizes.firstPaint.gzipBytes,
    lazySdkGzip: sizes.lazy.gzipBytes,
    lazyDialogGzip: sizes.lazyDialog?.gzipBytes,
    lazyQrGzip: sizes.lazyQr.gzipBytes,
    lazySigningGzip: sizes.lazySigning.gzipBytes,
    lazyEmeGzip: sizes.lazyEme?.gzipBytes,
  };
}

/** The issue-2 figures: the button's first paint, a redirect login. */
async function benchRedirect(browser) {
  const stack = await startStack();
  try {
    const paints = [];
    const logins = [];
    const requests = [];
    for (let i = 0; i < RUNS; i++) {
      const context = await browser.newContext();
      const page = await context.newPage();
      paints.push(await buttonPaint(page, stack.origin));
      const login = await redirectLogin(page, stack.origin, stack.issuer);
      logins.push(login.elapsed);
      requests.push(login.requests);
      await context.close();
    }
    return {
      buttonPaintMs: summary(paints),
      redirectLoginMs: summary(logins),
      requestsPerRedirectLogin: summary(requests),
    };
  } finally {
    await stack.close();
  }
}

const LATEST = `${RESULTS}latest.json`;
const previous = existsSync(LATEST) ? JSON.parse(readFileSync(LATEST, 'utf8')) : {};

/** The sizes part's own record and table: printed, kept in latest.json beside the other figures. */
async function measureSizes() {
  const sizes = { date: new Date().toISOString(), node: process.version, ...(await benchSizes()) };
  console.table(Object.fromEntries(sizeRows(sizes).map(([what, figure, ratio, ceiling, target]) => [what, { figure, ratio, ceiling, target }])));
  return sizes;
}

/** The QR login page part's record and table. */
async function measureQrPage(browser) {
  const qrPage = { date: new Date().toISOString(), node: process.version, browser: `Chromium ${browser.version()}`, ...(await benchQrPage(browser, RUNS)) };
  console.table(Object.fromEntries(qrPageRows(qrPage).map(([measure, value, target]) => [measure, { value, target }])));
  return qrPage;
}

/** The npm QR login part's record and table. */
async function measureNpmQr(browser) {
  const npmQr = { date: new Date().toISOString(), node: process.version, browser: `Chromium ${browser.version()}`, ...(await benchNpmQr(browser, RUNS)) };
  console.table(Object.fromEntries(npmQrRows(npmQr).map(([measure, value, target]) => [measure, { value, target }])));
  return npmQr;
}

// The parts with README tables of their own run alone without the other parts' figures.
if (ONLY === 'sizes' || ONLY === 'qrpage' || ONLY === 'npmqr') {
  const update = {};
  if (ONLY === 'sizes') update.peerSizes = await measureSizes();
  else {
    const browser = await launchChromium();
    try {
      if (ONLY === 'qrpage') update.qrPage = await measureQrPage(browser);
      else update.npmQr = await measureNpmQr(browser);
    } finally {
      await browser.close();
    }
  }
  mkdirSync(RESULTS, { recursive: true });
  writeFileSync(LATEST, `${JSON.stringify({ ...previous, ...update }, null, 2)}\n`);
  console.log(`Written to ${LATEST}`);
  if (update.peerSizes && updateSizesReadme(update.peerSizes)) console.log('README.md Performance sizes section updated.');
  if (update.qrPage && updateQrPageReadme(update.qrPage)) console.log('README.md Performance QR page section updated.');
  if (update.npmQr && updateNpmQrReadme(update.npmQr)) console.log('README.md Performance npm QR login section updated.');
  process.exit(0);
}
// The server part needs no browser: `--only=server` starts none and keeps the browser's figures.
const browser = ONLY === 'server' ? undefined : await launchChromium();
let result;
try {
  const redirect = ONLY ? pickRedirect(previous) : await benchRedirect(browser);
  result = {
    date: ONLY === 'server' ? kept(previous.date, 'date') : new Date().toISOString(),
    node: process.version,
    browser: browser ? `Chromium ${browser.version()}` : kept(previous.browser, 'browser'),
    runs: ONLY === 'server' ? previous.runs : RUNS,
    sizes: readSizes(),
    ...redirect,
    qr: await part('qr', () => benchQr(browser, RUNS)),
    signing: await part('signing', () => benchSigning(browser, RUNS)),
    backend: await part('backend', () => benchBackend(browser, RUNS)),
    server: await part('server', () => benchServer()),
    peerSizes: await measureSizes(),
    qrPage: ONLY === undefined ? await measureQrPage(browser) : previous.qrPage,
    npmQr: ONLY === undefined ? await measureNpmQr(browser) : previous.npmQr,
  };
} finally {
  await browser?.close();
}
mkdirSync(RESULTS, { recursive: true });
writeFileSync(LATEST, `${JSON.stringify(result, null, 2)}\n`);
console.table(Object.fromEntries(tableRows(result).map(([measure, value, target]) => [measure, { value, target }])));
console.log(`Written to ${LATEST}`);
if (updateReadme(result)) console.log('README.md Performance section updated.');
if (updateSizesReadme(result.peerSizes)) console.log('README.md Performance sizes section updated.');
if (result.qrPage && updateQrPageReadme(result.qrPage)) console.log('README.md Performance QR page section updated.');
if (result.npmQr && updateNpmQrReadme(result.npmQr)) console.log('README.md Performance npm QR login section updated.');

function kept(figures, part) {
  if (!figures) throw new Error(`--only keeps the ${part} figures from bench/results/latest.json, which has none: run \`npm run bench\` in full once.`);
  return figures;
}

function pickRedirect({ buttonPaintMs, redirectLoginMs, requestsPerRedirectLogin }) {
  return { ...kept(buttonPaintMs && { buttonPaintMs }, 'redirect login'), redirectLoginMs, requestsPerRedirectLogin };
}
