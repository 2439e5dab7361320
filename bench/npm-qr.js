// The npm QR login part of `npm run bench` (`--only=npmqr`, issue 15's "click → QR painted for npm
// users" row, decision 045): a minimal login page as an npm user builds it, clicked once the
// browser has prefetched what the click needs, in Chromium through playwright-core, on loopback.
//   - the page: `import '@iamsmart/elements/provider/define'; import '@iamsmart/elements/login-button/define'`
//     bundled with esbuild exactly as `npm run size` measures it (scripts/size.js's ESBUILD_SETTINGS,
//     code-split, from the packages' dist/), holding `<iams-provider>` (OpenID Connect mode, the
//     sandbox's `demo-site` client) around `<iams-login-button mode="qr">`, served by a small static
//     server on loopback whose origin the sandbox is started with as the demo site's (a page routed
//     by Playwright has no address space of its own, and Chromium then refuses its requests to
//     loopback).
//   - prefetched: before the click, the run waits until the browser has fetched what the login
//     button's idle prefetch asks for — the QR dialog, the QR encoder, the English `qr` and `errors`
//     catalogues (decision 045), and through the SDK's `client.prepareQrLogin()` its QR login, session
//     engine and transport chunks and the discovery document (decision 049): the chunks' files known
//     from esbuild's metafile, all seen in Resource Timing — and then for one more idle period, so
//     they have been evaluated too.
//   - click → QR painted: from the click event's own timestamp (`event.timeStamp`) to the animation
//     frame after the one in which the `<iams-qr-login>` in the button's dialog first holds the QR's
//     SVG path, as bench/qr.js measures it. The click still starts the session: the device
//     authorization request to the sandbox (never made ahead: it would start a session) is in the figure.
// Each run is a fresh browser context (empty cache), BENCH_RUNS runs (default 20).
/* global window, requestIdleCallback -- the functions given to page.evaluate run in the browser */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { cpus, loadavg, tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';
import { startSandbox } from '@iamsmart/sandbox';
import { freePort } from '../e2e/harness.js';
import { armQrPaintClock, QR_PATH_SELECTOR } from './qr.js';
import { ESBUILD_SETTINGS } from '../scripts/size.js';
import { percentile, summary, within } from './stats.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const ENTRY = "import '@iamsmart/elements/provider/define';\nimport '@iamsmart/elements/login-button/define';\n";
const BASE = '/__bench-npm-qr/';
/**
 * The modules the idle prefetch loads in an English page: login-button/prefetch.js's loadQr, and the
 * SDK's prepareQrLogin (lazy-sessions.js).
 */
const PREFETCHED = [
  /login-button[\\/]qr-dialog\.js$/,
  /qr-login[\\/]qr-code\.js$/,
  /i18n[\\/]en[\\/]qr\.js$/,
  /i18n[\\/]en[\\/]errors\.js$/,
  /sdk[\\/]dist[\\/]login[\\/]qr-login\.js$/,
  /sdk[\\/]dist[\\/]session[\\/]engine\.js$/,
  /sdk[\\/]dist[\\/]transport[\\/]oidc[\\/]transport\.js$/,
];
/** The requests other than chunks the idle prefetch makes: the provider's discovery document (prepareQrLogin). */
const PREFETCHED_REQUESTS = ['.well-known/openid-configuration'];

/** Builds the page's script into a temporary folder; returns the folder and the file names the prefetch should fetch. */
async function buildPage() {
  const outdir = mkdtempSync(join(tmpdir(), 'iams-bench-npm-qr-'));
  const tsconfig = join(outdir, 'tsconfig.json');
  // As scripts/size.js: an empty tsconfig, so @iamsmart/* resolve to the packages' dist/, as npm users get them.
  writeFileSync(tsconfig, '{}\n');
  const { metafile } = await esbuild.build({
    ...ESBUILD_SETTINGS,
    stdin: { contents: ENTRY, resolveDir: ROOT, sourcefile: 'npm-qr-entry.js', loader: 'js' },
    outdir,
    entryNames: 'entry',
    tsconfig,
    metafile: true,
  });
  const cwd = process.cwd();
  const prefetched = PREFETCHED.map((pattern) => {
    const file = Object.keys(metafile.outputs).find((output) => metafile.outputs[output].entryPoint && pattern.test(resolve(cwd, metafile.outputs[output].entryPoint)));
    if (!file) throw new Error(`bench npm-qr: no chunk for ${pattern}; did the login button's imports change?`);
    return basename(file);
  });
  return { outdir, prefetched: [...prefetched, ...PREFETCHED_REQUESTS] };
}

function pageHtml(issuer, origin) {
  return `<!doctype html>
<html lang="en">
  <head><meta charset="utf-8"><title>npm QR login</title><script type="module" src="${BASE}entry.js"></script></head>
  <body>
    <iams-provider issuer="${issuer}" client-id="demo-site" redirect-uri="${origin}/">
      <iams-login-button mode="qr"></iams-login-button>
    </iams-provider>
  </body>
</html>
`;
}

/** The sandbox, and the page's own static server on the origin the sandbox takes for the demo site's. */
async function startPageAndSandbox(built) {
  const port = await freePort();
  const origin = `http://localhost:${port}`;
  const dataDir = mkdtempSync(join(tmpdir(), 'iams-bench-npm-qr-data-'));
  const sandbox = await startSandbox({ port: 0, dataDir, demoOrigin: origin, quiet: true, crossDevice: { rateLimit: { max: 100_000, windowSeconds: 60 } } });
  const html = pageHtml(sandbox.issuer.replace(/\/$/, ''), origin);
  const server = createServer((request, response) => {
    const name = new URL(request.url, origin).pathname.slice(BASE.length);
    if (name === 'index.html') response.writeHead(200, { 'content-type': 'text/html' }).end(html);
    else if (/^[\w.-]+\.js$/.test(name)) {
      try {
        response.writeHead(200, { 'content-type': 'text/javascript' }).end(readFileSync(join(built.outdir, name)));
      } catch {
        response.writeHead(404).end();
      }
    } else response.writeHead(404).end();
  });
  await new Promise((resolve) => server.listen(port, 'localhost', resolve));
  return {
    origin,
    async close() {
      await Promise.allSettled([new Promise((resolve) => server.close(resolve)), sandbox.close()]);
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

async function oneRun(browser, stack, page0) {
  const context = await browser.newContext({ locale: 'en-GB', viewport: { width: 1280, height: 900 } });
  try {
    const page = await context.newPage();
    await page.goto(`${stack.origin}${BASE}index.html`);
    await page.getByRole('button', { name: 'Login with iAM Smart', exact: true }).waitFor();
    // The prefetch: every chunk it asks for fetched, then one more idle period for their evaluation.
    const prefetched = await within(
      page.evaluate(
        (files) =>
          new Promise((resolve) => {
            const check = () => {
              const done = performance.getEntriesByType('resource').filter((entry) => files.some((file) => entry.name.endsWith(`/${file}`)) && entry.responseEnd > 0);
              if (done.length >= files.length) requestIdleCallback(() => resolve(Math.max(...done.map((entry) => entry.responseEnd))));
              else setTimeout(check, 20);
            };
            check();
          }),
        page0.prefetched,
      ),
      'the idle prefetch',
    );
    await page.evaluate(armQrPaintClock, QR_PATH_SELECTOR);
    // What the click itself fetches: none of the prefetched files should be among them.
    const fetchedByClick = [];
    page.on('request', (request) => fetchedByClick.push(new URL(request.url()).pathname));
    await page.getByRole('button', { name: 'Login with iAM Smart', exact: true }).click();
    const ms = await within(page.evaluate(() => window.__benchQrPainted), 'the QR painted after the click');
    // Where the time went: each request the click made, when it ended, from the click (Resource Timing).
    const ended = await page.evaluate(() =>
      Object.fromEntries(
        performance
          .getEntriesByType('resource')
          .filter((entry) => entry.startTime >= window.__benchClickedAt)
          .map((entry) => [new URL(entry.name).pathname.replace(/-[A-Z0-9]{8}\.js$/, '-*.js'), entry.responseEnd - window.__benchClickedAt]),
      ),
    );
    return { ms, prefetchedAtMs: prefetched, fetchedByClick, ended };
  } finally {
    await context.close();
  }
}

export async function benchNpmQr(browser, runs) {
  const loadAtStart = loadavg()[0];
  const page = await buildPage();
  const stack = await startPageAndSandbox(page);
  try {
    const times = [];
    const prefetchedAt = [];
    const ended = {};
    let clickRequests;
    for (let i = 0; i < runs; i++) {
      const run = await oneRun(browser, stack, page);
      times.push(run.ms);
      prefetchedAt.push(run.prefetchedAtMs);
      for (const [path, at] of Object.entries(run.ended)) (ended[path] ??= []).push(at);
      clickRequests ??= run.fetchedByClick;
    }
    const refetched = clickRequests.filter((path) => page.prefetched.some((file) => path.endsWith(`/${file}`)));
    return {
      clickToQrPaintedMs: summary(times),
      prefetchDoneAfterNavigationMs: summary(prefetchedAt),
      prefetchedChunks: page.prefetched.length,
      // The requests of the first run's click (paths): the session's, and the SDK's cross-device chunks.
      clickRequests,
      refetchedByClick: refetched.length,
      // Each request the click made (its path), the median of when it ended after the click, in ms.
      requestEndedAfterClickMs: Object.fromEntries(Object.entries(ended).map(([path, list]) => [path, Math.round(percentile(list, 50))])),
      cores: cpus().length,
      loadAverage1m: [loadAtStart, loadavg()[0]].map((load) => Number(load.toFixed(1))),
    };
  } finally {
    await stack.close();
    rmSync(page.outdir, { recursive: true, force: true });
  }
}
