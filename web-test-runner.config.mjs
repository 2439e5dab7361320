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

/**
 * @typedef {{ reducedMotion?: boolean, colorScheme?: 'light' | 'dark' }} Preferences
 * A resident's display preferences, each set through the engine's own setting at launch (no
 * media emulation: that is CDP, Chromium only), so the pages' media queries see them as a
 * resident's browser would: Chromium's `--force-prefers-reduced-motion` / `--force-dark-mode`,
 * Firefox's `ui.prefersReducedMotion` / `ui.systemUsesDarkTheme` preferences, and WebKitGTK's
 * GTK setting / MiniBrowser's `--dark-mode` (scripts/webkit.js webkitPreferences).
 */

/** @param {Preferences} preferences */
function named(launcher, { reducedMotion = false, colorScheme = 'light' }) {
  const prefers = [reducedMotion && 'reduced motion', colorScheme === 'dark' && 'dark'].filter(Boolean);
  if (prefers.length) launcher.name = `${launcher.name}, prefers ${prefers.join(', ')}`;
  return launcher;
}

/** @param {Preferences} [preferences] */
function chromiumLauncher(preferences = {}) {
  return named(chromeLauncher({
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
        ...(preferences.reducedMotion ? ['--force-prefers-reduced-motion'] : []),
        ...(preferences.colorScheme === 'dark' ? ['--force-dark-mode'] : []),
      ],
    },
  }), preferences);
}

/** @param {Preferences} [preferences] */
function firefoxLauncher(preferences = {}) {
  /** @type {Record<string, number>} */
  const prefs = {};
  if (preferences.reducedMotion) prefs['ui.prefersReducedMotion'] = 1;
  if (preferences.colorScheme === 'dark') prefs['ui.systemUsesDarkTheme'] = 1;
  return named(puppeteerLauncher({
    launchOptions: {
      browser: 'firefox',
      executablePath: process.env.FIREFOX_BIN ?? '/usr/bin/firefox-esr',
      headless: true,
      ...(Object.keys(prefs).length ? { extraPrefsFirefox: prefs } : {}),
    },
  }), preferences);
}

/** The three engines, launched with `preferences` (none: as a browser comes). */
function launchers(preferences = {}) {
  return { chromium: chromiumLauncher(preferences), firefox: firefoxLauncher(preferences), webkit: webkitLauncher(preferences) };
}

/** `TEST_BROWSERS=webkit npm run test:browser` runs one engine (or a comma-separated few). */
const only = process.env.TEST_BROWSERS?.split(',').map((name) => name.trim());

/** The engines to run, WebKit (the longest) first. */
function browsers(engines) {
  return only ? only.map((name) => engines[name] ?? (() => { throw new Error(`TEST_BROWSERS: no engine ${name}`); })()) : [engines.webkit, engines.chromium, engines.firefox];
}

// A test that needs a preference the resident sets in their system (reduced motion) lives in a
// file of its own, `*.reduced-motion.test.ts`, run by a group of its own whose three engines are
// launched with that preference; the main run's engines are launched as they come. The group's
// engines start after the main ones (the scheduler takes browsers in order).
const REDUCED_MOTION_FILES = 'packages/*/src/**/*.reduced-motion.test.ts';

export default {
  files: ['packages/*/src/**/*.test.ts', `!${REDUCED_MOTION_FILES}`],
  nodeResolve: { exportConditions: ['browser', 'development'] },
  plugins: [workspaceSourcesDevServer(), esbuildPlugin({ ts: true, target: 'es2022', tsconfig: 'tsconfig.json' }), fakeProviderPlugin(), commonjsPackagesPlugin(['qrcode', 'jsqr']), webkitCommandsPlugin()],
  // The website's own backend (backend mode) on the test page's origin, as @iamsmart/server is mounted;
  // and a catalogue made to fail on request, for the fallback to English.
  middleware: [fakeBackendMiddleware(), failCatalogueMiddleware()],
  browsers: browsers(launchers()),
  groups: [{ name: 'reduced-motion', files: [REDUCED_MOTION_FILES], browsers: browsers(launchers({ reducedMotion: true })) }],
  // One test file at a time per browser: keyboard and focus tests need the focused window.
  concurrency: 1,
  // Two engines at a time on CI's 2 cores, WebKit (the longest) first: with all three at once the
  // stage took 173 s instead of ~270 s, but timing tests failed (a 200 ms poll gap measured 221 ms).
  concurrentBrowsers: 2,
  testFramework: { config: { timeout: 10000 } },
};
