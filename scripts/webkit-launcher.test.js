// The WebKit launcher of the browser tests (scripts/webkit-launcher.js): a MiniBrowser that never
// starts fails the session within the start limit, not after webdriverio's minutes, and leaves no
// Xvfb or WebKitWebDriver behind. Needs webkit2gtk-driver and xvfb (npm test installs them).
// And what scripts/webkit.js's webkitPreferences gives MiniBrowser (decision 055; that the pages
// then match the media queries is what login-button.reduced-motion.test.ts and e2e/login check).
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'node:test';
import { WebKitLauncher } from './webkit-launcher.js';
import { webkitPreferences } from './webkit.js';

test('a WebKit that cannot start fails its session in seconds, and Xvfb and the driver are stopped', async () => {
  const saved = process.env.WEBKIT_BIN;
  process.env.WEBKIT_BIN = '/bin/false'; // exits at once: the driver then hangs on POST /session
  const launcher = new WebKitLauncher({ startTimeoutMs: 2000 });
  try {
    await launcher.initialize(/** @type {any} */ ({ concurrency: 1, coverage: false }));
    const { port } = launcher.options;
    const display = /** @type {string} */ (launcher.display);
    assert.ok(existsSync(`/tmp/.X11-unix/X${display.slice(1)}`), 'Xvfb is up');
    assert.ok((await fetch(`http://127.0.0.1:${port}/status`)).ok, 'the driver answers');
    const started = Date.now();
    await assert.rejects(launcher.startSession('session', 'about:blank'), /timed out/i);
    assert.ok(Date.now() - started < 10_000, `failed after ${Date.now() - started} ms`);
    await launcher.stop();
    assert.ok(!existsSync(`/tmp/.X11-unix/X${display.slice(1)}`), 'Xvfb stopped');
    await assert.rejects(fetch(`http://127.0.0.1:${port}/status`), 'the driver stopped');
  } finally {
    await launcher.stop();
    if (saved === undefined) delete process.env.WEBKIT_BIN;
    else process.env.WEBKIT_BIN = saved;
  }
});

test('display preferences for WebKitGTK: none by default; reduced motion a GTK settings.ini of its own, removed after; dark MiniBrowser\'s --dark-mode', async () => {
  assert.deepEqual({ ...(await webkitPreferences()), remove: undefined }, { args: [], env: {}, remove: undefined });
  const { args, env, remove } = await webkitPreferences({ reducedMotion: true, colorScheme: 'dark' });
  assert.deepEqual(args, ['--dark-mode']);
  const settings = join(env.XDG_CONFIG_HOME, 'gtk-3.0', 'settings.ini');
  assert.equal(await readFile(settings, 'utf8'), '[Settings]\ngtk-enable-animations=false\n');
  await remove();
  assert.equal(existsSync(env.XDG_CONFIG_HOME), false, 'the folder is removed');
});
