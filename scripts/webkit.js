// WebKit for the tests: Debian's WebKitGTK MiniBrowser driven by its WebKitWebDriver, on an Xvfb
// display (MiniBrowser has no headless mode, and without a display the driver hangs on
// POST /session instead of failing). One driver process serves one session, so every session
// gets a driver of its own; all share one display. Everything started here is stopped by its pid.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { freePort } from './free-port.js';

/** Where Debian puts MiniBrowser: `webkit2gtk-4.1/` in the multiarch library folder. */
export function miniBrowserPath() {
  if (process.env.WEBKIT_BIN) return process.env.WEBKIT_BIN;
  const found = spawnSync('dpkg', ['-L', 'libwebkit2gtk-4.1-0'], { encoding: 'utf8' });
  const listed = found.status === 0 ? found.stdout.split('\n').find((line) => line.endsWith('/MiniBrowser')) : undefined;
  if (listed) return listed;
  for (const dir of existsSync('/usr/lib') ? readdirSync('/usr/lib') : []) {
    const candidate = `/usr/lib/${dir}/webkit2gtk-4.1/MiniBrowser`;
    if (existsSync(candidate)) return candidate;
  }
  return undefined;
}

/**
 * Stops a child by pid and waits for it to exit (SIGKILL after `graceMs`).
 * @param {import('node:child_process').ChildProcess} child
 */
async function stopChild(child, graceMs = 3000) {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((done) => { child.once('exit', done); });
  try { process.kill(/** @type {number} */ (child.pid), 'SIGTERM'); } catch { return; }
  const timer = setTimeout(() => { try { process.kill(/** @type {number} */ (child.pid), 'SIGKILL'); } catch { /* gone */ } }, graceMs);
  await exited;
  clearTimeout(timer);
}

/** Children still running when this process exits are killed with it. */
const running = new Set();
process.once('exit', () => {
  for (const child of running) { try { process.kill(child.pid, 'SIGKILL'); } catch { /* gone */ } }
});

/**
 * @param {string} command @param {string[]} args @param {NodeJS.ProcessEnv} [env]
 */
function startChild(command, args, env = process.env) {
  const child = spawn(command, args, { env, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr?.on('data', (chunk) => { stderr = (stderr + chunk).slice(-4000); });
  running.add(child);
  child.once('exit', () => running.delete(child));
  return { child, stderr: () => stderr, stop: () => stopChild(child) };
}

/**
 * An Xvfb display of its own (the first free number from 90), ready when its socket exists.
 * `screen` is Xvfb's WIDTHxHEIGHTxDEPTH; a window reaching past it is not painted there, so
 * element screenshots of that part come out black.
 * @param {{ screen?: string }} [options]
 * @returns {Promise<{ display: string, stop: () => Promise<void> }>}
 */
export async function startXvfb({ screen = '1280x1024x24' } = {}) {
  for (let n = 90; n < 190; n += 1) {
    if (existsSync(`/tmp/.X${n}-lock`) || existsSync(`/tmp/.X11-unix/X${n}`)) continue;
    const xvfb = startChild('Xvfb', [`:${n}`, '-screen', '0', screen, '-nolisten', 'tcp']);
    for (let waited = 0; waited < 10_000; waited += 50) {
      if (existsSync(`/tmp/.X11-unix/X${n}`)) return { display: `:${n}`, stop: xvfb.stop };
      if (xvfb.child.exitCode !== null) break; // another process took the number first
      await sleep(50);
    }
    await xvfb.stop();
    if (xvfb.child.exitCode === null || !/already active|server is already/i.test(xvfb.stderr())) {
      throw new Error(`Xvfb :${n} did not start: ${xvfb.stderr().trim() || 'no display socket after 10 s'}`);
    }
  }
  throw new Error('No free X display number between :90 and :189');
}

/**
 * A WebKitWebDriver on a free port of the loopback, showing its browsers on `display`; ready when
 * its /status answers. `env` is added to the driver's environment, which the MiniBrowser it starts
 * inherits: webkitPreferences() gives one; XDG_CONFIG_HOME's user-dirs.dirs names the folder
 * WebKit downloads to.
 * @param {{ display: string, env?: Record<string, string> }} options
 * @returns {Promise<{ port: number, url: string, stop: () => Promise<void> }>}
 */
export async function startWebKitDriver({ display, env = {} }) {
  const port = await freePort();
  const driver = startChild('WebKitWebDriver', [`--port=${port}`, '--host=127.0.0.1'], { ...process.env, ...env, DISPLAY: display });
  const url = `http://127.0.0.1:${port}`;
  for (let waited = 0; waited < 10_000; waited += 100) {
    if (driver.child.exitCode !== null) break;
    try {
      const status = await fetch(`${url}/status`, { signal: AbortSignal.timeout(1000) });
      if (status.ok) return { port, url, stop: driver.stop };
    } catch { /* not listening yet */ }
    await sleep(100);
  }
  await driver.stop();
  throw new Error(`WebKitWebDriver did not answer on ${url}: ${driver.stderr().trim() || 'no answer after 10 s'}`);
}

/**
 * WebDriver capabilities for MiniBrowser. WebDriver classic: this WebKitGTK build refuses the
 * session when BiDi is asked for, which webdriverio does by default.
 * @param {{ args?: string[] }} [options] extra MiniBrowser arguments
 */
export function webkitCapabilities({ args = [] } = {}) {
  const binary = miniBrowserPath();
  if (!binary) throw new Error('MiniBrowser not found: apt-get install -y --no-install-recommends webkit2gtk-driver xvfb (or set WEBKIT_BIN)');
  return {
    browserName: 'MiniBrowser',
    'wdio:enforceWebDriverClassic': true,
    'webkitgtk:browserOptions': { binary, args: ['--automation', ...args] },
  };
}

/**
 * A resident's display preferences, set the way WebKitGTK takes them from the desktop, so that
 * the page's media queries see them (WebDriver classic has no media emulation). Checked with
 * WebKitGTK 2.50.6 (matchMedia in the page):
 * - `reducedMotion`: GTK's `gtk-enable-animations=false` (what GNOME's "Reduce animation" sets),
 *   which WebKitGTK reports as `prefers-reduced-motion: reduce`. Under Xvfb no settings daemon
 *   runs, so GTK reads it from `$XDG_CONFIG_HOME/gtk-3.0/settings.ini`: a folder of its own,
 *   passed to the driver's environment (startWebKitDriver's `env`), removed by `remove()`.
 * - `colorScheme: 'dark'`: MiniBrowser's `--dark-mode` (GTK's prefer-dark-theme), which WebKitGTK
 *   reports as `prefers-color-scheme: dark`. (`gtk-application-prefer-dark-theme` in settings.ini
 *   does not reach the page: MiniBrowser sets that property itself.)
 * Without preferences: no arguments, no environment, nothing to remove — MiniBrowser as before.
 * @param {{ reducedMotion?: boolean, colorScheme?: 'light' | 'dark' }} [preferences]
 * @returns {Promise<{ args: string[], env: Record<string, string>, remove: () => Promise<void> }>}
 */
export async function webkitPreferences({ reducedMotion = false, colorScheme = 'light' } = {}) {
  const args = colorScheme === 'dark' ? ['--dark-mode'] : [];
  if (!reducedMotion) return { args, env: {}, remove: async () => {} };
  const home = await mkdtemp(join(tmpdir(), 'iams-webkit-gtk-'));
  await mkdir(join(home, 'gtk-3.0'));
  await writeFile(join(home, 'gtk-3.0', 'settings.ini'), '[Settings]\ngtk-enable-animations=false\n');
  return { args, env: { XDG_CONFIG_HOME: home }, remove: () => rm(home, { recursive: true, force: true }) };
}
