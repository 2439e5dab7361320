#!/usr/bin/env node
// Storybook smoke test (`npm run test:storybook`): builds Storybook, loads every story in headless
// Chromium and fails on a story that does not render, a console error, an uncaught exception, a
// failing play function, a WCAG 2.2 AA violation found by axe-core, or a change in what a screen
// reader meets: the accessibility tree and the live regions' announcements, compared with
// stories/__a11y__/<story>.<lang>.txt (scripts/a11y-snapshot.js, decision 061); then, on the same
// loaded story, what axe cannot see (storybook-a11y.js, decision 060: reflow and text spacing,
// forced colours, target sizes, reduced motion). Docs pages must render without console errors,
// autodocs ones with their API table. Then every story again in Firefox and WebKit
// (storybook-engines.js, decision 063), compared with the snapshots the Chromium pass holds.
//
//   node scripts/storybook-smoke.js [--no-build] [--jobs=N] [--engines=…] [--update-a11y-snapshots] [filter…]
//
// --no-build                test the existing storybook-static/ (say so only when it is fresh)
// --engines=a,b             the engines to run, of chromium, firefox and webkit (default: all three)
// --jobs=N                  stories loaded in parallel (default 3)
// --update-a11y-snapshots   write the accessibility snapshots that differ (then review the diff)
// filter…                   only stories and docs pages whose id contains one of these strings
//
// Stories tagged `live` (against a running sandbox) are skipped. Stories tagged `a11y-languages`
// (a flow's walkthrough, its failure states) run again in zh-HK and zh-CN, for what a screen reader
// meets and axe (decision 064); stories tagged `a11y-clock` (a running clock) are watched for
// CLOCK_WATCH_MS more, in which at most one announcement may come.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import { extname, join, normalize, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CLOCK_WATCH_MS, accessibilityTree, announcementsSoFar, compareSnapshot, recordAnnouncements, snapshotFile, snapshotText, staleSnapshots } from './a11y-snapshot.js';
import { launchChromium } from './chromium.js';
import { CHECKS, checkStory } from './storybook-a11y.js';
import { FRAME_PAGE, OTHER_ENGINES, framePage, runInOtherEngines } from './storybook-engines.js';
import { firstLines, storyFinished, storyLanguage } from './storybook-page.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const STATIC_DIR = join(ROOT, 'storybook-static');
const AXE_SOURCE_PATH = join(ROOT, 'node_modules', 'axe-core', 'axe.min.js');
const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];
const STORY_TIMEOUT_MS = 20_000;
/** The languages besides the story's own that an `a11y-languages` story runs in. */
const OTHER_LOCALES = ['zh-HK', 'zh-CN'];
const CONTENT_TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
};

const ENGINE_NAMES = { chromium: 'Chromium', firefox: 'Firefox', webkit: 'WebKit' };

function parseArgs(argv) {
  const options = { build: true, jobs: 3, filters: [], updateSnapshots: false, engines: ['Chromium', ...OTHER_ENGINES] };
  for (const arg of argv) {
    if (arg === '--no-build') options.build = false;
    else if (arg.startsWith('--engines=')) options.engines = arg.slice('--engines='.length).split(',').map((name) => ENGINE_NAMES[name.toLowerCase()] ?? name);
    else if (arg === '--update-a11y-snapshots') options.updateSnapshots = true;
    else if (arg.startsWith('--jobs=')) options.jobs = Math.max(1, Number.parseInt(arg.slice('--jobs='.length), 10) || 1);
    else if (arg.startsWith('--')) throw new Error(`Unknown option ${arg}`);
    else options.filters.push(arg);
  }
  return options;
}

function buildStorybook() {
  const result = spawnSync('npm', ['run', 'build-storybook'], { cwd: ROOT, stdio: 'inherit' });
  if (result.status !== 0) throw new Error(`npm run build-storybook failed (exit ${result.status ?? result.signal})`);
}

/** A static file server for storybook-static/ on a free port of 127.0.0.1. */
async function serveStatic(dir) {
  const server = createServer(async (request, response) => {
    const { pathname, searchParams } = new URL(request.url ?? '/', 'http://localhost');
    if (pathname === FRAME_PAGE) {
      response.writeHead(200, { 'content-type': CONTENT_TYPES['.html'] }).end(framePage(searchParams.get('src') ?? ''));
      return;
    }
    const relative = normalize(decodeURIComponent(pathname)).replace(/^([/\\])+/, '');
    const file = join(dir, relative.endsWith(sep) || relative === '' ? join(relative, 'index.html') : relative);
    if (!file.startsWith(dir + sep)) {
      response.writeHead(403).end();
      return;
    }
    try {
      const body = await readFile(file);
      const headers = { 'content-type': CONTENT_TYPES[extname(file)] ?? 'application/octet-stream' };
      // Bundles under assets/ have content hashes in their names: cache them across story loads.
      if (relative.startsWith(`assets${sep}`)) headers['cache-control'] = 'public, max-age=3600, immutable';
      response.writeHead(200, headers).end(body);
    } catch {
      // iframe.html names no icon, so Chromium asks for /favicon.ico itself: not the story's request.
      response.writeHead(pathname === '/favicon.ico' ? 204 : 404).end();
    }
  });
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const { port } = server.address();
  return { baseUrl: `http://127.0.0.1:${port}`, close: () => new Promise((resolve) => server.close(resolve)) };
}

/**
 * Every story, then every docs page (autodocs and MDX), from the built index. Stories tagged
 * `live` talk to a running sandbox (`npm start`), which a test run does not have: they are left
 * out, and said so.
 */
async function readEntries(filters) {
  const index = JSON.parse(await readFile(join(STATIC_DIR, 'index.json'), 'utf8'));
  const chosen = Object.values(index.entries).filter(
    (entry) => filters.length === 0 || filters.some((filter) => entry.id.includes(filter)),
  );
  const entries = chosen.filter((entry) => !entry.tags?.includes('live'));
  for (const entry of chosen) if (!entries.includes(entry)) console.log(`skip ${entry.id} (live: needs \`npm start\`)`);
  const stories = entries.filter((entry) => entry.type === 'story');
  const inOtherLocales = stories.filter((entry) => entry.tags?.includes('a11y-languages')).flatMap((entry) => OTHER_LOCALES.map((locale) => ({ ...entry, locale })));
  return [...stories, ...inOtherLocales, ...entries.filter((entry) => entry.type === 'docs')];
}

/* global window, document, customElements -- only in the functions that run in the page. */

/** Runs in the page: problems with the rendered custom elements (none rendered, not defined, no shadow root). */
async function checkCustomElements() {
  const root = document.querySelector('#storybook-root');
  if (!root || root.childElementCount === 0) return ['#storybook-root is empty'];
  const all = [root, ...root.querySelectorAll('*')];
  // Custom elements inside other elements' shadow roots count too.
  for (let i = 0; i < all.length; i++) if (all[i].shadowRoot) all.push(...all[i].shadowRoot.querySelectorAll('*'));
  const custom = all.filter((element) => element.localName.includes('-'));
  if (custom.length === 0) return ['no custom element rendered'];
  const problems = [];
  for (const element of custom) {
    if (!customElements.get(element.localName)) problems.push(`<${element.localName}> is not defined`);
    else if (!element.shadowRoot) problems.push(`<${element.localName}> has no shadow root`);
  }
  await Promise.all(custom.map((element) => element.updateComplete));
  return problems;
}

/** Runs in the page, after axe-core is injected. */
async function runAxe({ tags, disabledRules = [] }) {
  const rules = Object.fromEntries(disabledRules.map((rule) => [rule, { enabled: false }]));
  const { violations } = await window.axe.run('#storybook-root', { runOnly: { type: 'tag', values: tags }, rules });
  return violations.map((violation) => ({
    rule: violation.id,
    impact: violation.impact,
    help: violation.help,
    targets: violation.nodes.map((node) => node.target.flat().join(' >>> ')),
  }));
}

const describeViolation = (violation) => `${violation.rule} (${violation.impact}): ${violation.help} — ${violation.targets.join(', ')}`;

/** A story's page as every pass loads it, in its locale for a run in another language. */
function storyUrl(baseUrl, { id, locale }) {
  // a11y.manual: the addon's own axe run would repeat the smoke test's. The locale global is the page's language (.storybook/preview.ts).
  const globals = ['a11y.manual:!true', ...(locale ? [`locale:${locale}`] : [])].join(';');
  return `${baseUrl}/iframe.html?id=${encodeURIComponent(id)}&viewMode=story&globals=${globals}`;
}

async function testStory(page, baseUrl, entry, axeSource, pageErrors, snapshots, found) {
  const failures = [];
  pageErrors.length = 0;
  await page.goto(storyUrl(baseUrl, entry), { waitUntil: 'load' });
  const phase = await (await page.waitForFunction(storyFinished, undefined, { timeout: STORY_TIMEOUT_MS })).jsonValue();
  if (phase !== 'finished') {
    const message = await page.locator('#error-message').textContent().catch(() => '');
    failures.push(`story ${phase}${message ? `: ${firstLines(message.trim())}` : ''}`);
  }
  failures.push(...(await page.evaluate(checkCustomElements)));
  failures.push(...(await checkSpoken(page, entry, snapshots)));
  await page.addScriptTag({ content: axeSource });
  for (const violation of await page.evaluate(runAxe, { tags: AXE_TAGS })) failures.push(`axe ${describeViolation(violation)}`);
  const axe = async (disabledRules) => (await page.evaluate(runAxe, { tags: AXE_TAGS, disabledRules })).map(describeViolation);
  // The checks beyond axe once a story, in its own language: in the two others they would more
  // than double the runs' cost (decision 064), and the per-language stories have them.
  if (!entry.locale) {
    const beyondAxe = await checkStory(page, axe);
    failures.push(...beyondAxe.failures);
    found.push(beyondAxe.found);
  }
  failures.push(...pageErrors);
  return failures;
}

/**
 * The story's accessibility snapshot against the committed one; an `a11y-clock` story first
 * watched for CLOCK_WATCH_MS, in which a QR code rotating and a countdown running may announce
 * once (a threshold such as "1 minute left"), not every second.
 */
async function checkSpoken(page, entry, snapshots) {
  const failures = [];
  if (entry.tags?.includes('a11y-clock')) {
    const before = (await page.evaluate(announcementsSoFar)).length;
    await page.waitForTimeout(CLOCK_WATCH_MS);
    const during = (await page.evaluate(announcementsSoFar)).slice(before);
    if (during.length > 1) {
      const said = during.map(({ text, at }) => `${(at / 1000).toFixed(1)} s "${text}"`).join(', ');
      failures.push(`${during.length} announcements in ${CLOCK_WATCH_MS / 1000} s of a running clock (at most one, at a threshold): ${said}`);
    }
  }
  const lang = await page.evaluate(storyLanguage);
  const file = snapshotFile(entry.id, lang);
  if (snapshots.written.has(file)) failures.push(`two runs wrote stories/__a11y__/${file}: give the story its own language`);
  snapshots.written.add(file);
  const text = snapshotText(entry.id, lang, await accessibilityTree(page), await page.evaluate(announcementsSoFar));
  const failure = await compareSnapshot(file, text, snapshots.update);
  if (failure) failures.push(failure);
  return failures;
}

/**
 * A docs page must render without console errors, and an autodocs page must show the API table
 * that custom-elements.json feeds. (No axe here: the page is mostly Storybook's own docs UI; the
 * stories it shows are checked above.)
 */
async function testDocs(page, baseUrl, entry, pageErrors) {
  const failures = [];
  pageErrors.length = 0;
  await page.goto(`${baseUrl}/iframe.html?id=${encodeURIComponent(entry.id)}&viewMode=docs`, { waitUntil: 'load' });
  await page.waitForSelector('#storybook-docs .sbdocs-content', { timeout: STORY_TIMEOUT_MS });
  await page.waitForLoadState('networkidle');
  if (await page.evaluate(() => document.body.classList.contains('sb-show-errordisplay'))) failures.push('docs page errored');
  // The manifest's rows come in categories the story's own args do not have.
  const autodocs = !entry.importPath.endsWith('.mdx');
  const table = autodocs ? await page.locator('.docblock-argstable tbody').first().textContent() : '';
  if (autodocs && !/attributes/i.test(table ?? '')) {
    failures.push('no attributes in the API table: is custom-elements.json generated and passed to setCustomElementsManifest?');
  }
  failures.push(...pageErrors);
  return failures;
}

async function main() {
  const options = parseArgs(process.argv.slice(2));
  if (options.build) buildStorybook();
  else if (!existsSync(join(STATIC_DIR, 'index.json'))) throw new Error('storybook-static/ is missing: run without --no-build');

  const entries = await readEntries(options.filters);
  if (!entries.some((entry) => entry.type === 'story')) throw new Error('No stories found in storybook-static/index.json');
  const axeSource = await readFile(AXE_SOURCE_PATH, 'utf8');
  const server = await serveStatic(STATIC_DIR);
  // Chromium first: it writes the accessibility snapshots the other engines compare with.
  const chromium = options.engines.includes('Chromium');
  const browser = chromium ? await launchChromium() : undefined;
  let passed = 0;
  let failed = 0;
  /** Logs one run's result (every pass, every engine) and counts it. */
  const report = (id, failures, storyStarted) => {
    if (failures.length === 0) {
      passed++;
      console.log(`ok   ${id} (${Date.now() - storyStarted} ms)`);
    } else {
      failed++;
      console.log(`FAIL ${id}`);
      for (const failure of failures) console.log(`     ${id}: ${failure}`);
    }
  };
  const found = [];
  const started = Date.now();
  // The accessibility snapshots written or compared: with every story run, the files left over have no story.
  const snapshots = { update: options.updateSnapshots, written: new Set() };
  try {
    const queue = chromium ? [...entries] : [];
    const worker = async () => {
      const context = await browser.newContext({ viewport: { width: 1000, height: 700 } });
      await context.addInitScript(recordAnnouncements);
      const page = await context.newPage();
      const pageErrors = [];
      page.on('console', (message) => {
        if (message.type() !== 'error') return;
        const { url } = message.location();
        pageErrors.push(`console error: ${firstLines(message.text())}${url ? ` (${url})` : ''}`);
      });
      page.on('pageerror', (error) => pageErrors.push(`uncaught: ${firstLines(error.message)}`));
      for (let entry = queue.shift(); entry !== undefined; entry = queue.shift()) {
        const id = entry.locale ? `${entry.id} (${entry.locale})` : entry.id;
        const storyStarted = Date.now();
        let failures;
        try {
          failures =
            entry.type === 'story'
              ? await testStory(page, server.baseUrl, entry, axeSource, pageErrors, snapshots, found)
              : await testDocs(page, server.baseUrl, entry, pageErrors);
        } catch (error) {
          failures = [firstLines(error instanceof Error ? error.message : String(error), 1), ...pageErrors];
        }
        report(id, failures, storyStarted);
      }
      await context.close();
    };
    await Promise.all(Array.from({ length: Math.min(options.jobs, queue.length) }, worker));
    if (chromium && options.filters.length === 0) {
      for (const stale of await staleSnapshots(snapshots.written, options.updateSnapshots)) {
        failed++;
        console.log(`FAIL ${stale}`);
      }
    }
    const others = options.engines.filter((name) => name !== 'Chromium');
    if (others.length > 0) await runInOtherEngines({ entries, baseUrl: server.baseUrl, storyUrl: (entry) => storyUrl(server.baseUrl, entry), engines: others, report });
  } finally {
    await browser?.close();
    await server.close();
  }
  console.log(`${passed} passed, ${failed} failed`);
  const stories = entries.filter((entry) => entry.type === 'story').length;
  console.error(`(${stories} stories and ${entries.length - stories} docs pages in ${((Date.now() - started) / 1000).toFixed(1)} s)`);
  // What the checks beyond axe had to work on, so a count of 0 shows a check that checked nothing.
  const sum = (key) => found.reduce((total, f) => total + f[key], 0);
  console.error(
    `(beyond axe: ${CHECKS.join(', ')} on ${found.length} stories; QR codes read in ${found.filter((f) => f.qr > 0).length}, ` +
      `an identification code in ${found.filter((f) => f.code).length}, the kit animating before reduced motion in ${found.filter((f) => f.moving).length}; ` +
      `reflow skipped in ${found.filter((f) => f.reflowSkipped).length}: ${[...new Set(found.map((f) => f.reflowSkipped).filter(Boolean))].join('; ') || '-'}; ` +
      `${sum('controls')} targets measured, ${sum('buttons')} buttons and ${sum('rings')} focus rings seen in forced colours)`,
  );
  process.exitCode = failed === 0 ? 0 : 1;
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  console.log('0 passed, 1 failed');
  process.exitCode = 1;
});
