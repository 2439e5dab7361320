// `npm run bench`: what the kit costs a partner site, measured on loopback (a benchmark, not a
// test: it asserts nothing). Run after `npm run build`. Prints a table and writes
// bench/results/latest.json; the README shows the latest figures.
//   - bundle sizes (min + gzip) from dist/sizes.json, which the build writes;
//   - time from navigation start to the login button painted on the demo site (first paint
//     without the SDK), over RUNS page loads;
//   - a whole redirect login with the sandbox (click → resident's name shown, with the sign-in
//     page answered at once by script), median and p95, and the HTTP requests it takes.
/* global document, requestAnimationFrame -- the functions given to page.evaluate run in the browser */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { launchChromium, startStack } from '../e2e/harness.js';

const RUNS = Number(process.env.BENCH_RUNS ?? 20);
const RESULTS = fileURLToPath(new URL('./results/', import.meta.url));
const SIZES = fileURLToPath(new URL('../dist/sizes.json', import.meta.url));

const percentile = (values, p) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
};
const summary = (values) => ({ runs: values.length, median: percentile(values, 50), p95: percentile(values, 95) });
const kb = (bytes) => `${(bytes / 1024).toFixed(1)} KB`;
const ms = (value) => `${value.toFixed(0)} ms`;

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
  await page.goto(`${origin}/`);
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

const sizes = JSON.parse(readFileSync(SIZES, 'utf8'));
const stack = await startStack();
const browser = await launchChromium();
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
  const result = {
    date: new Date().toISOString(),
    node: process.version,
    browser: `Chromium ${browser.version()}`,
    sizes: {
      cdnGzip: sizes.cdn.gzipBytes,
      firstPaintGzip: sizes.firstPaint.gzipBytes,
      lazySdkGzip: sizes.lazy.gzipBytes,
    },
    buttonPaintMs: summary(paints),
    redirectLoginMs: summary(logins),
    requestsPerRedirectLogin: summary(requests),
  };
  mkdirSync(RESULTS, { recursive: true });
  writeFileSync(`${RESULTS}latest.json`, `${JSON.stringify(result, null, 2)}\n`);
  console.table({
    'CDN bundle (min+gzip)': { value: kb(result.sizes.cdnGzip) },
    'first paint: elements without SDK (min+gzip)': { value: kb(result.sizes.firstPaintGzip) },
    'SDK, loaded on demand (min+gzip)': { value: kb(result.sizes.lazySdkGzip) },
    [`navigation → button painted, median / p95 (${RUNS} runs)`]: { value: `${ms(result.buttonPaintMs.median)} / ${ms(result.buttonPaintMs.p95)}` },
    [`click → logged in, redirect, median / p95 (${RUNS} runs)`]: { value: `${ms(result.redirectLoginMs.median)} / ${ms(result.redirectLoginMs.p95)}` },
    'HTTP requests per redirect login (median)': { value: String(result.requestsPerRedirectLogin.median) },
  });
  console.log(`Written to ${RESULTS}latest.json`);
} finally {
  await browser.close();
  await stack.close();
}
