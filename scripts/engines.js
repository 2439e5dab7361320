// The three engines every cross-engine check runs in (the end-to-end tests, the Storybook smoke
// test's Firefox and WebKit pass): Debian's Chromium and Firefox through puppeteer-core, WebKitGTK
// through e2e/webkit-page.js, which offers the same API; each launched, if asked, with a dark
// colour scheme or reduced motion through its own setting.
import puppeteer from 'puppeteer-core';
import { launchWebKit } from '../e2e/webkit-page.js';
import { CHROMIUM_ARGS, CHROMIUM_BIN } from './chromium.js';

export const FIREFOX_BIN = process.env.FIREFOX_BIN ?? '/usr/bin/firefox-esr';

/**
 * @typedef {{ colorScheme?: 'light' | 'dark', reducedMotion?: boolean }} Preferences
 * A resident's display preferences, set through each engine's own setting when it is launched,
 * so the pages' media queries see them as a resident's browser would (puppeteer's
 * `emulateMediaFeatures` is CDP, Chromium only): Chromium's `--force-dark-mode` /
 * `--force-prefers-reduced-motion`, Firefox's `ui.systemUsesDarkTheme` / `ui.prefersReducedMotion`
 * preferences, WebKitGTK's MiniBrowser `--dark-mode` / GTK `gtk-enable-animations=false`
 * (scripts/webkit.js webkitPreferences). `engine.launch()` without them: the engine as it comes.
 * A test using one proves it took with `assertMedia(page, '(prefers-color-scheme: dark)')`.
 */

/** @param {Preferences} [preferences] */
function chromiumPreferences({ colorScheme = 'light', reducedMotion = false } = {}) {
  return [...(colorScheme === 'dark' ? ['--force-dark-mode'] : []), ...(reducedMotion ? ['--force-prefers-reduced-motion'] : [])];
}

/** @param {Preferences} [preferences] */
function firefoxPreferences({ colorScheme = 'light', reducedMotion = false } = {}) {
  const prefs = {};
  if (colorScheme === 'dark') prefs['ui.systemUsesDarkTheme'] = 1;
  if (reducedMotion) prefs['ui.prefersReducedMotion'] = 1;
  return Object.keys(prefs).length ? { extraPrefsFirefox: prefs } : {};
}

export const ENGINES = [
  { name: 'Chromium', launch: (/** @type {Preferences} */ preferences) => puppeteer.launch({ browser: 'chrome', executablePath: CHROMIUM_BIN, headless: true, args: [...CHROMIUM_ARGS, ...chromiumPreferences(preferences)] }) },
  { name: 'Firefox', launch: (/** @type {Preferences} */ preferences) => puppeteer.launch({ browser: 'firefox', executablePath: FIREFOX_BIN, headless: true, ...firefoxPreferences(preferences) }) },
  // WebKitGTK's MiniBrowser over WebDriver classic, behind puppeteer's API (e2e/webkit-page.js says what it can observe).
  { name: 'WebKit', launch: (/** @type {Preferences} */ preferences) => launchWebKit(preferences) },
];
