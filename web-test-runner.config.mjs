// Browser tests for the SDK and the elements, in Debian's Chromium and Firefox ESR (headless) and
// WebKit (Debian's WebKitGTK MiniBrowser under Xvfb, through WebDriver: scripts/webkit-launcher.js).
// TypeScript is compiled by esbuild; workspace packages' entry points resolve to their sources
// (scripts/workspace-sources.js), so tests run the code as written, not a stale build.
import { esbuildPlugin } from '@web/dev-server-esbuild';
import { chromeLauncher } from '@web/test-runner-chrome';
import { puppeteerLauncher } from '@web/test-runner-puppeteer';
import { fakeBackendMiddleware } from './packages/sdk/test/fake-backend-middleware.js';
import { fakeProviderPlugin } from './packages/sdk/test/fake-provider-plugin.js';
import { commonjsPackagesPlugin } from './packages/elements/test/commonjs-packages-plugin.js';
import { failCatalogueMiddleware } from './packages/elements/test/fail-catalogue-middleware.js';
import { webkitCommandsPlugin, webkitLauncher } from './scripts/webkit-launcher.js';
import { workspaceSourcesDevServer } from './scripts/workspace-sources.js';

const chromium = chromeLauncher({
  launchOptions: {
    executablePath: process.env.CHROMIUM_BIN ?? '/usr/bin/chromium',
    args: [
      '--no-sandbox',
      '--headless=new',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      // Test pages share one browser: keep animation frames and timers running in every page.
      '--disable-renderer-backgrounding',
      '--disable-background-timer-throttling',
      '--disable-backgrounding-occluded-windows',
    ],
  },
});

const firefox = puppeteerLauncher({
  launchOptions: {
    browser: 'firefox',
    executablePath: process.env.FIREFOX_BIN ?? '/usr/bin/firefox-esr',
    headless: true,
  },
});

const webkit = webkitLauncher();

const engines = { chromium, firefox, webkit };
/** `TEST_BROWSERS=webkit npm run test:browser` runs one engine (or a comma-separated few). */
const only = process.env.TEST_BROWSERS?.split(',').map((name) => name.trim());

export default {
  files: ['packages/*/src/**/*.test.ts'],
  nodeResolve: { exportConditions: ['browser', 'development'] },
  plugins: [workspaceSourcesDevServer(), esbuildPlugin({ ts: true, target: 'es2022', tsconfig: 'tsconfig.json' }), fakeProviderPlugin(), commonjsPackagesPlugin(['qrcode', 'jsqr']), webkitCommandsPlugin()],
  // The website's own backend (backend mode) on the test page's origin, as @iamsmart/server is mounted;
  // and a catalogue made to fail on request, for the fallback to English.
  middleware: [fakeBackendMiddleware(), failCatalogueMiddleware()],
  browsers: only ? only.map((name) => engines[name] ?? (() => { throw new Error(`TEST_BROWSERS: no engine ${name}`); })()) : [webkit, chromium, firefox],
  // One test file at a time per browser: keyboard and focus tests need the focused window.
  concurrency: 1,
  // Two engines at a time on CI's 2 cores, WebKit (the longest) first: with all three at once the
  // stage took 173 s instead of ~270 s, but timing tests failed (a 200 ms poll gap measured 221 ms).
  concurrentBrowsers: 2,
  testFramework: { config: { timeout: 10000 } },
};
