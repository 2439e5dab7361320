// WebKit for @web/test-runner: @web/test-runner-webdriver's launcher, driving Debian's WebKitGTK
// MiniBrowser through a WebKitWebDriver of its own on an Xvfb display of its own (scripts/webkit.js).
// Both are started in initialize() and stopped by pid in stop(); a start that goes wrong fails in
// seconds (the driver hangs on POST /session instead of failing when something is off).
import { WebdriverLauncher } from '@web/test-runner-webdriver';
import { Key } from 'webdriverio';
import { spawnSync } from 'node:child_process';
import { startWebKitDriver, startXvfb, webkitCapabilities, webkitPreferences } from './webkit.js';

/** The WebKitGTK version MiniBrowser runs, from Debian's package (e.g. "2.50.6"). */
export function webkitGtkVersion() {
  const found = spawnSync('dpkg-query', ['-W', '-f=${Version}', 'libwebkit2gtk-4.1-0'], { encoding: 'utf8' });
  return found.status === 0 ? found.stdout.replace(/-.*$/, '') : undefined;
}

/**
 * @typedef {{ args?: string[], startTimeoutMs?: number, reducedMotion?: boolean, colorScheme?: 'light' | 'dark' }} WebKitLauncherOptions
 * `reducedMotion` / `colorScheme`: MiniBrowser started with the desktop preference set
 * (scripts/webkit.js webkitPreferences), so the pages' media queries see it; its name says so.
 */

export class WebKitLauncher extends WebdriverLauncher {
  /** @param {WebKitLauncherOptions} [options] */
  constructor({ args = [], startTimeoutMs = 15_000, reducedMotion = false, colorScheme = 'light' } = {}) {
    // The capabilities and the driver's port are filled in by initialize(); one request may take
    // startTimeoutMs, and a failed one is not retried.
    super({ capabilities: { browserName: 'MiniBrowser' }, logLevel: 'error', connectionRetryTimeout: startTimeoutMs, connectionRetryCount: 0 });
    this.args = args;
    this.preferences = { reducedMotion, colorScheme };
    /** @type {{ stop: () => Promise<void> }[]} */
    this.started = [];
    /** @type {Promise<void> | undefined} */
    this.stopping = undefined;
    /** @type {string | undefined} */
    this.display = undefined;
  }

  /** @param {import('@web/test-runner-core').TestRunnerCoreConfig} config */
  async initialize(config) {
    const xvfb = await startXvfb();
    this.started.push(xvfb);
    this.display = xvfb.display;
    const preferences = await webkitPreferences(this.preferences);
    this.started.push({ stop: preferences.remove });
    const driver = await startWebKitDriver({ display: xvfb.display, env: preferences.env });
    this.started.push(driver);
    Object.assign(this.options, { protocol: 'http', hostname: '127.0.0.1', port: driver.port, path: '/', capabilities: webkitCapabilities({ args: [...this.args, ...preferences.args] }) });
    await super.initialize(config);
    const version = webkitGtkVersion();
    const prefers = [this.preferences.reducedMotion && 'reduced motion', this.preferences.colorScheme === 'dark' && 'dark'].filter(Boolean);
    this.name = `WebKit${version ? ` (WebKitGTK ${version})` : ''}${prefers.length ? `, prefers ${prefers.join(', ')}` : ''}`;
  }

  /**
   * Key presses as WebDriver actions of one keyboard, not released in between, so that a `down`
   * Shift holds through the next `press` until its `up` (@web/test-runner-commands does only
   * `press` and `type` over WebDriver).
   * @param {{ press?: string, down?: string, up?: string, type?: string }} payload
   */
  async sendKeyActions(payload) {
    const key = (/** @type {string} */ name) => (name in Key ? Key[/** @type {keyof typeof Key} */ (name)] : name);
    /** @type {{ type: 'keyDown' | 'keyUp', value: string }[]} */
    const actions = [];
    if (payload.down) actions.push({ type: 'keyDown', value: key(payload.down) });
    else if (payload.up) actions.push({ type: 'keyUp', value: key(payload.up) });
    else if (payload.press) {
      const chord = payload.press.length > 1 ? payload.press.split('+').map(key) : [payload.press];
      actions.push(...chord.map((value) => ({ type: /** @type {const} */ ('keyDown'), value })), ...chord.reverse().map((value) => ({ type: /** @type {const} */ ('keyUp'), value })));
    } else for (const char of payload.type ?? '') actions.push({ type: 'keyDown', value: char }, { type: 'keyUp', value: char });
    await this.driver?.performActions([{ type: 'key', id: 'keyboard', actions }]);
  }

  /** Ends the session, then stops the driver and Xvfb; a second call (the base class calls stop() itself when a session fails to start) waits for the first. */
  async stop() {
    try {
      await super.stop();
    } finally {
      const children = this.started.splice(0).reverse();
      this.stopping = (this.stopping ?? Promise.resolve()).then(async () => {
        for (const child of children) await child.stop();
      });
      await this.stopping;
    }
  }
}

/** @param {WebKitLauncherOptions} [options] */
export function webkitLauncher(options) {
  return new WebKitLauncher(options);
}

/**
 * `iams-send-keys`: @web/test-runner-commands' `sendKeys` with `down` and `up`, which that package
 * lacks over WebDriver, for WebKit's sessions. For another engine's session it answers false, and
 * packages/elements/src/test-support/commands.ts then calls @web/test-runner-commands' own
 * `sendKeys`, as before.
 * @returns {import('@web/test-runner-core').TestRunnerPlugin}
 */
export function webkitCommandsPlugin() {
  return {
    name: 'iams-webkit-commands',
    async executeCommand({ command, payload, session }) {
      if (command !== 'iams-send-keys') return undefined;
      const browser = session.browser;
      if (!(browser instanceof WebKitLauncher)) return false;
      await browser.sendKeyActions(/** @type {any} */ (payload));
      return true;
    },
  };
}
