// The README's CDN snippet, as a site from another origin uses it (decision 039): packages/elements/cdn
// served from one loopback origin with `Access-Control-Allow-Origin: *` (what jsDelivr and unpkg
// send), a page from another origin holding the snippet read from README.md now, under the README's
// Content Security Policy, and the sandbox as the issuer. Only the hosts are swapped (the CDN's
// versioned URL for the local one, the placeholders for the sandbox and this page); every hash is
// the README's. In Chromium, Firefox and WebKit: the elements upgrade, the SDK (sdk.js, which the provider
// loads lazily) and the sign dialog's chunk pass the import map's integrity, the README's page script
// greets the resident after a login; a changed entry, sdk.js or chunk, or a CDN without the CORS
// header, is refused; the single-file build runs with its one hash.
/* global document, window, customElements, HTMLScriptElement -- the functions given to page.evaluate run in the browser */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join, normalize, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, test } from 'node:test';
import { startSandbox } from '@iamsmart/sandbox';
import { CDN_DIR, isMapped, jsDelivrBase, readCdnManifest } from '../scripts/cdn-manifest.js';
import { cdnSnippets } from '../scripts/readme-cdn.js';
import { ENGINES, LOGIN, LOGIN_BUTTON, RESIDENT, buttonNamed, engineSuite } from './backend-support.js';
import { assertBundleBuilt, freePort } from './harness.js';

assertBundleBuilt();
const README = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
const snippets = cdnSnippets(README);
/** The README's page script, the ```js block that starts `// your-page.js`. */
const YOUR_PAGE_JS = README.match(/```js\n(\/\/ your-page\.js[\s\S]*?)\n```/)?.[1];
const manifest = readCdnManifest();
const README_CDN = jsDelivrBase(manifest);
const README_ISSUER = 'https://iam-smart.example';
const SIGN_LABEL = 'Signing with iAM Smart';

/** The chunk holding the sign dialog's view, found by its source map: what the dialog's first open imports. */
const SIGN_CHUNK = Object.keys(manifest.files).find(
  (file) => file.startsWith('chunks/') && JSON.parse(readFileSync(fileURLToPath(new URL(`${file}.map`, CDN_DIR)), 'utf8')).sources.some((source) => source.endsWith('sign-dialog/dialog-content.ts')),
);

/**
 * What preloading sdk.js may fetch besides it: its static imports (Firefox's modulepreload fetches a
 * module's dependencies too, when it gets to them), found in the built file's import statements.
 */
const SDK_PRELOAD = new Set([
  manifest.sdk,
  ...[...readFileSync(fileURLToPath(new URL(manifest.sdk, CDN_DIR)), 'utf8').matchAll(/(?:^|[;}\s])(?:import|export)\s*(?:[\w$*{}\s,]+from\s*)?"\.\/([^"]+)"/g)].map(([, file]) => file),
]);

const importMapText = (page) => page.match(/<script type="importmap">([\s\S]*?)<\/script>/)?.[1];
const sha256 = (text) => `'sha256-${createHash('sha256').update(text).digest('base64')}'`;

/**
 * The CDN: the folder's files as they are, or with `tamper` naming one file to which it adds a
 * statement (as an attacker would; the page would see `__tampered` if it ran), with or without the
 * CORS header. Records each path asked for.
 */
function startCdn() {
  const cdn = { cors: true, tamper: undefined, requested: [] };
  const root = fileURLToPath(CDN_DIR);
  const server = createServer(async (request, response) => {
    const path = decodeURIComponent(new URL(request.url, 'http://cdn').pathname).slice(1);
    cdn.requested.push(path);
    const file = normalize(join(root, path));
    if (!file.startsWith(root) || !path.endsWith('.js')) return void response.writeHead(404).end();
    let body;
    try {
      body = await readFile(file);
    } catch {
      return void response.writeHead(404).end();
    }
    if (path === cdn.tamper) body = Buffer.concat([body, Buffer.from('\nglobalThis.__tampered = true;\n')]);
    response.writeHead(200, {
      'Content-Type': 'text/javascript; charset=utf-8',
      ...(cdn.cors ? { 'Access-Control-Allow-Origin': '*' } : {}),
    });
    response.end(body);
  });
  return { cdn, server };
}

describe('the CDN folder', () => {
  const read = (file) => readFileSync(fileURLToPath(new URL(file, CDN_DIR)));
  const scripts = Object.keys(manifest.files);

  test('integrity.json holds the SHA-384 of every script as served; importmap.json the split build\'s (entry, sdk.js, chunks)', () => {
    const onDisk = readdirSync(fileURLToPath(CDN_DIR), { recursive: true }).map((file) => String(file).split(sep).join('/')).filter((file) => file.endsWith('.js'));
    assert.deepEqual(scripts.toSorted(), onDisk.toSorted());
    for (const file of scripts) assert.equal(manifest.files[file], `sha384-${createHash('sha384').update(read(file)).digest('base64')}`, file);
    const map = JSON.parse(read('importmap.json'));
    const modules = scripts.filter(isMapped);
    assert.ok(modules.includes(manifest.entry) && modules.includes(manifest.sdk) && modules.some((file) => file.startsWith('chunks/')), 'the entry, sdk.js and the chunks');
    assert.ok(!modules.includes(manifest.bundle), 'not the single file');
    assert.deepEqual(Object.keys(map.integrity).toSorted(), modules.map((file) => `${README_CDN}${file}`).toSorted());
    for (const file of modules) assert.equal(map.integrity[`${README_CDN}${file}`], manifest.files[file]);
  });

  test('LICENSES.txt carries the licence of every npm package bundled, as the package ships it', () => {
    const notices = read('LICENSES.txt').toString('utf8');
    // Each bundled module by its source map: the package folder it came from (the innermost node_modules/…).
    const folders = new Set();
    for (const file of scripts) {
      for (const source of JSON.parse(read(`${file}.map`)).sources) {
        const match = fileURLToPath(new URL(source, new URL(file, CDN_DIR))).match(/^(.*[\\/]node_modules[\\/](?:@[^\\/]+[\\/])?[^\\/]+)[\\/]/);
        if (match) folders.add(match[1]);
      }
    }
    assert.ok(folders.size >= 20, `found the bundled packages (${folders.size})`);
    for (const folder of folders) {
      const { name, version, license } = JSON.parse(readFileSync(join(folder, 'package.json'), 'utf8'));
      assert.ok(notices.includes(`\n${name} ${version} (${license})`), `${name} ${version} is listed with its licence`);
      const licenceFile = readdirSync(folder).find((file) => /^(licen[sc]e|copying)(\.|$)/i.test(file));
      if (licenceFile) assert.ok(notices.includes(readFileSync(join(folder, licenceFile), 'utf8').trim()), `${name}'s ${licenceFile} text is in LICENSES.txt`);
    }
    for (const file of [manifest.entry, manifest.sdk, manifest.bundle]) {
      const code = read(file).toString('utf8');
      assert.match(code, /^\/\*! @iamsmart\/elements \S+ \(MIT\) \| bundled libraries' licences: LICENSES\.txt/, `${file} points to LICENSES.txt`);
      if (file === manifest.sdk) continue; // no Lit in the SDK
      assert.match(code, /@license\s+\*\s+Copyright \d+ Google LLC\s+\*\s+SPDX-License-Identifier: BSD-3-Clause/, `${file} keeps Lit's @license comments`);
    }
  });
});

describe('the README CDN snippet from another origin', () => {
  let dataDir;
  let sandbox;
  let cdnServer;
  let cdn;
  let cdnOrigin;
  let site;
  let siteOrigin;
  /** What the site's page holds: the README's snippet ("split") or its single-file variant. */
  let variant = 'split';

  /** The README's snippet with only the hosts changed: the CDN's, the issuer's and the page's own. */
  const localise = (text) =>
    text
      .replaceAll(README_CDN, `${cdnOrigin}/`)
      .replaceAll(README_ISSUER, sandbox.issuer)
      .replaceAll('your-client-id', 'demo-site')
      .replaceAll('https://your-site.example/', `${siteOrigin}/`);

  function pageFor(which) {
    let body = localise(snippets.page);
    if (which === 'single') {
      // The README's single-file script in place of its import map, entry script and sdk.js preload.
      body = body.replace(
        /<script type="importmap">[\s\S]*?<\/script>\n<script type="module" src="[^"]+"\n\s+integrity="[^"]+" crossorigin="anonymous"><\/script>\n<link rel="modulepreload" href="[^"]+"\n\s+integrity="[^"]+" crossorigin="anonymous">/,
        localise(snippets.single),
      );
      assert.ok(body.includes('iamsmart.bundle.js') && !body.includes('importmap') && !body.includes('modulepreload'), 'the single-file script replaced the import map, the entry and the preload');
    }
    return `<!doctype html>\n<html lang="en">\n<head><meta charset="utf-8"><title>A site</title></head>\n<body>\n${body}\n</body>\n</html>\n`;
  }

  function cspFor(which, html) {
    const readmeHash = sha256(importMapText(snippets.page));
    let csp = localise(snippets.csp).replace(new URL(README_CDN).origin, cdnOrigin);
    // The README's hash is of the README's map; here the map's URLs name the local CDN, so its hash is that map's.
    csp = which === 'single' ? csp.replace(` ${readmeHash}`, '') : csp.replace(readmeHash, sha256(importMapText(html)));
    return csp;
  }

  before(async () => {
    assert.ok(YOUR_PAGE_JS, 'README.md has the page script block');
    assert.ok(SIGN_CHUNK, 'a chunk holds the sign dialog');
    // The CSP the README gives allows exactly the README's import map.
    assert.ok(snippets.csp.includes(sha256(importMapText(snippets.page))), "the README's CSP carries its import map's hash");
    ({ cdn, server: cdnServer } = startCdn());
    await new Promise((resolve) => cdnServer.listen(0, '127.0.0.1', resolve));
    cdnOrigin = `http://127.0.0.1:${cdnServer.address().port}`;
    const sitePort = await freePort();
    siteOrigin = `http://localhost:${sitePort}`;
    dataDir = await mkdtemp(join(tmpdir(), 'iams-cdn-'));
    sandbox = await startSandbox({ port: 0, dataDir, demoOrigin: siteOrigin, quiet: true });
    site = createServer((request, response) => {
      const { pathname } = new URL(request.url, siteOrigin);
      // Asked for by Chromium on every page; a site has one.
      if (pathname === '/favicon.ico') return void response.writeHead(204).end();
      if (pathname === '/your-page.js') return void response.writeHead(200, { 'Content-Type': 'text/javascript' }).end(YOUR_PAGE_JS);
      if (pathname !== '/') return void response.writeHead(404).end();
      const html = pageFor(variant);
      response.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8', 'Content-Security-Policy': cspFor(variant, html) });
      response.end(html);
    });
    await new Promise((resolve) => site.listen(sitePort, 'localhost', resolve));
  });

  after(async () => {
    await Promise.allSettled([new Promise((resolve) => site?.close(resolve)), new Promise((resolve) => cdnServer?.close(resolve)), sandbox?.close()]);
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  for (const engine of ENGINES) {
    describe(engine.name, () => {
      const suite = engineSuite(engine);

      /** A fresh context's page that records console errors, uncaught errors, CSP violations and scripts that failed to load. */
      async function open({ which = 'split', cors = true, tamper } = {}) {
        Object.assign(cdn, { cors, tamper, requested: [] });
        variant = which;
        const context = await suite.browser.createBrowserContext();
        const page = await context.newPage();
        page.setDefaultTimeout(15_000);
        const problems = [];
        page.on('console', (message) => {
          if (message.type() === 'error') problems.push(`console.error: ${message.text()}`);
        });
        page.on('pageerror', (error) => problems.push(`uncaught: ${error.message}`));
        await page.evaluateOnNewDocument(() => {
          const failed = [];
          Object.defineProperty(window, '__failed', { value: failed });
          // The kit's own errors, as the README's page script sees them.
          const errors = [];
          Object.defineProperty(window, '__iamsErrors', { value: errors });
          document.addEventListener('iams-error', (event) => errors.push(event.detail.code));
          // A refused script fires `error` on its element, which does not bubble: caught on the way down.
          window.addEventListener('error', (event) => event.target instanceof HTMLScriptElement && failed.push(event.target.src), true);
          document.addEventListener('securitypolicyviolation', (event) => failed.push(`CSP ${event.effectiveDirective} ${event.blockedURI}`));
        });
        await page.goto(`${siteOrigin}/`, { waitUntil: 'load' });
        return { page, problems, close: () => context.close() };
      }

      const failedScripts = (page) => page.evaluate(() => window.__failed.slice());
      const defined = (page) => page.evaluate(() => customElements.get('iams-login-button') !== undefined);
      const tamperedRan = (page) => page.evaluate(() => window.__tampered === true);

      /** Opens a sign dialog (the README's own element) by its button, which imports the dialog's chunk. */
      async function openSignDialog(page) {
        await page.evaluate(() => {
          const dialog = document.createElement('iams-sign-dialog');
          dialog.setAttribute('document-name', 'Tenancy agreement.pdf');
          dialog.document = 'The tenancy agreement';
          document.querySelector('iams-provider').append(dialog);
        });
        const trigger = await page.waitForSelector('iams-sign-dialog >>> button[part="trigger"]', { visible: true });
        assert.equal((await trigger.evaluate((element) => element.textContent)).replace(/\s+/g, ' ').trim(), SIGN_LABEL);
        await trigger.click();
      }

      test('the snippet: elements upgrade, the sign chunk loads under the import map, the page greets the resident', async () => {
        const { page, problems, close } = await open();
        try {
          const button = await page.waitForSelector(LOGIN_BUTTON, { visible: true });
          assert.equal((await button.evaluate((element) => element.textContent)).replace(/\s+/g, ' ').trim(), LOGIN);
          // Before any click: the entry, and the SDK the provider loads for its client (preloaded beside
          // the entry), with what they import; no dialog, QR, signing or e-ME code.
          // (Not their order: the entry and the preloaded sdk.js are fetched in parallel.)
          assert.ok(cdn.requested.includes(manifest.entry), 'the entry came from the CDN');
          assert.ok(cdn.requested.includes(manifest.sdk), `sdk.js came from the CDN (asked for: ${cdn.requested.join(', ')})`);
          assert.ok(!cdn.requested.includes(SIGN_CHUNK), 'the sign dialog\'s chunk waits for its click');

          await openSignDialog(page);
          await page.waitForSelector('iams-sign-dialog >>> dialog[open]', { visible: true });
          assert.ok(cdn.requested.includes(SIGN_CHUNK), `the dialog's chunk ${SIGN_CHUNK} came from the CDN (asked for: ${cdn.requested.join(', ')})`);
          await page.keyboard.press('Escape');
          await page.waitForSelector('iams-sign-dialog >>> dialog[open]', { hidden: true });

          await button.click();
          await page.waitForFunction((issuer) => window.location.origin === issuer, {}, sandbox.issuer);
          await (await buttonNamed(page, RESIDENT)).click();
          await (await buttonNamed(page, 'Approve')).click();
          await page.waitForFunction((expected) => document.getElementById('greeting')?.textContent === expected, {}, `Welcome, ${RESIDENT}`);
          assert.deepEqual(await failedScripts(page), []);
          assert.deepEqual(problems, []);
        } finally {
          await close();
        }
      });

      test('a changed chunk is refused: the sign dialog does not open and says so', async () => {
        const { page, close } = await open({ tamper: SIGN_CHUNK });
        try {
          await page.waitForSelector(LOGIN_BUTTON, { visible: true });
          await openSignDialog(page);
          const alert = await page.waitForFunction(() => document.querySelector('iams-sign-dialog')?.shadowRoot?.querySelector('[part="error"][role="alert"]')?.textContent.trim() || undefined);
          assert.ok(await alert.jsonValue(), 'the dialog button shows an error');
          assert.ok(cdn.requested.includes(SIGN_CHUNK), 'the chunk was fetched');
          assert.equal(await page.$('iams-sign-dialog >>> dialog[open]'), null, 'no dialog opened');
          assert.equal(await tamperedRan(page), false, 'nothing of the chunk ran');
        } finally {
          await close();
        }
      });

      // The engine's own console message about the refused chunk: WebDriver classic gives no
      // console, and what e2e/webkit-page.js records (console.error calls, uncaught errors, CSP
      // violations) does not include the engine's integrity message.
      test(`a changed chunk: the engine reports the refusal in the console${engine.name === 'WebKit' ? ' (skipped in WebKit: WebDriver classic cannot read the engine\'s own console messages)' : ''}`, { skip: engine.name === 'WebKit' }, async () => {
        const { page, problems, close } = await open({ tamper: SIGN_CHUNK });
        try {
          await page.waitForSelector(LOGIN_BUTTON, { visible: true });
          await openSignDialog(page);
          await page.waitForFunction(() => document.querySelector('iams-sign-dialog')?.shadowRoot?.querySelector('[part="error"][role="alert"]')?.textContent.trim() || undefined);
          assert.ok(problems.length > 0, 'the refusal is reported in the console');
        } finally {
          await close();
        }
      });

      test('a changed sdk.js is refused: nothing of it runs, the provider reports it, the button says so on a click', async () => {
        const { page, close } = await open({ tamper: manifest.sdk });
        try {
          const button = await page.waitForSelector(LOGIN_BUTTON, { visible: true });
          await page.waitForFunction(() => window.__iamsErrors.length > 0);
          assert.deepEqual(await page.evaluate(() => window.__iamsErrors.slice()), ['unknown'], 'the provider could not load the SDK');
          assert.ok(cdn.requested.includes(manifest.sdk), 'sdk.js was fetched');
          assert.equal(await tamperedRan(page), false, 'nothing of sdk.js ran');
          assert.equal(await page.evaluate(() => document.querySelector('iams-provider').client), undefined, 'the provider has no client');
          await button.click();
          const alert = await page.waitForFunction(() => document.querySelector('iams-login-button')?.shadowRoot?.querySelector('[part="error"][role="alert"]')?.textContent.trim() || undefined);
          assert.ok(await alert.jsonValue(), 'the button shows an error instead of leaving for the issuer');
          assert.equal(await page.evaluate(() => window.location.origin), siteOrigin, 'the page stayed');
        } finally {
          await close();
        }
      });

      for (const [name, options] of [
        ['a changed entry file', { tamper: 'iamsmart.js' }],
        ['a CDN without Access-Control-Allow-Origin', { cors: false }],
      ]) {
        test(`${name}: the script is refused and no element is defined`, async () => {
          const { page, close } = await open(options);
          try {
            // The page's preload of sdk.js may be asked for too, with its own imports; nothing else is,
            // since nothing of the entry ran.
            assert.deepEqual([...new Set(cdn.requested.filter((file) => file === 'iamsmart.js' || !SDK_PRELOAD.has(file)))], ['iamsmart.js']);
            assert.deepEqual(await failedScripts(page), [`${cdnOrigin}/iamsmart.js`], 'the entry script failed to load');
            assert.equal(await defined(page), false, 'iams-login-button is not defined');
            assert.equal(await tamperedRan(page), false, 'nothing of the file ran');
            assert.equal(await page.$(LOGIN_BUTTON), null, 'no login button renders');
          } finally {
            await close();
          }
        });
      }

      test('the single-file build runs with its one hash, without chunks', async () => {
        const { page, problems, close } = await open({ which: 'single' });
        try {
          const button = await page.waitForSelector(LOGIN_BUTTON, { visible: true });
          assert.equal((await button.evaluate((element) => element.textContent)).replace(/\s+/g, ' ').trim(), LOGIN);
          await openSignDialog(page);
          await page.waitForSelector('iams-sign-dialog >>> dialog[open]', { visible: true });
          assert.deepEqual(cdn.requested, [manifest.bundle], 'one file, no chunks');
          assert.deepEqual(await failedScripts(page), []);
          assert.deepEqual(problems, []);
        } finally {
          await close();
        }
      });

      test('a changed single file is refused', async () => {
        const { page, close } = await open({ which: 'single', tamper: manifest.bundle });
        try {
          assert.deepEqual(await failedScripts(page), [`${cdnOrigin}/${manifest.bundle}`]);
          assert.equal(await defined(page), false);
          assert.equal(await tamperedRan(page), false);
        } finally {
          await close();
        }
      });
    });
  }
});
