// Makes sure Debian's Chromium, Firefox ESR and WebKitGTK (WebKitWebDriver + MiniBrowser, shown on
// an Xvfb display: scripts/webkit.js) are there for the browser tests, and Debian's redis-server for @iamsmart/server's Redis tests. As root on a Debian machine it installs what is
// missing with apt-get; elsewhere it says exactly what to install and fails, rather than letting a
// test runner try to download a browser of its own.
import { existsSync } from 'node:fs';
import { spawnSync } from 'node:child_process';

const BROWSERS = [
  { name: 'Chromium', bin: process.env.CHROMIUM_BIN ?? '/usr/bin/chromium', pkg: 'chromium' },
  { name: 'Firefox ESR', bin: process.env.FIREFOX_BIN ?? '/usr/bin/firefox-esr', pkg: 'firefox-esr' },
  // Not a browser: the server's tests start their own redis-server (found on the PATH) on a free port.
  { name: 'redis-server', bin: '/usr/bin/redis-server', pkg: 'redis-server' },
  // WebKit without the recommended extras (about 200 MB, not 600): the driver pulls in MiniBrowser.
  { name: 'WebKitWebDriver', bin: '/usr/bin/WebKitWebDriver', pkg: 'webkit2gtk-driver', lean: true },
  { name: 'Xvfb', bin: '/usr/bin/Xvfb', pkg: 'xvfb', lean: true },
];

/** True if `command` is an executable on the PATH. */
function onPath(command) {
  return (process.env.PATH ?? '').split(':').some((dir) => dir && existsSync(`${dir}/${command}`));
}

export function ensureBrowsers() {
  const missing = BROWSERS.filter((b) => !existsSync(b.bin) && !(b.pkg === 'redis-server' && onPath('redis-server')));
  if (missing.length === 0) return;
  const pkgs = missing.map((b) => b.pkg);
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  const hasApt = existsSync('/usr/bin/apt-get');
  if (!isRoot || !hasApt) {
    console.error(
      `Missing test tools: ${missing.map((b) => `${b.name} (${b.bin})`).join(', ')}.\n` +
        `Install them from Debian as root:  apt-get update && apt-get install -y ${pkgs.join(' ')}\n` +
        'or point CHROMIUM_BIN / FIREFOX_BIN at existing binaries (redis-server must be on the PATH).',
    );
    process.exit(1);
  }
  console.log(`Installing ${pkgs.join(' and ')} from Debian…`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  const full = missing.filter((b) => !b.lean).map((b) => b.pkg);
  const lean = missing.filter((b) => b.lean).map((b) => b.pkg);
  const steps = [
    ['update', '-qq'],
    ...(full.length ? [['install', '-y', '-qq', ...full]] : []),
    ...(lean.length ? [['install', '-y', '-qq', '--no-install-recommends', ...lean]] : []),
  ];
  for (const args of steps) {
    const r = spawnSync('apt-get', args, { stdio: 'inherit', env });
    if (r.status !== 0) {
      console.error(`apt-get ${args.join(' ')} failed (exit ${r.status}).`);
      process.exit(1);
    }
  }
}

if (import.meta.url === `file://${process.argv[1]}`) ensureBrowsers();
