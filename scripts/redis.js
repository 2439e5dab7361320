// A real redis-server for the tests that need one (the server package's two-instance tests, the
// backend-mode end-to-end tests): on a loopback port, nothing saved to disk, ready when it says
// so, stopped by its pid. `npm test` installs Debian's redis-server when missing
// (scripts/ensure-browsers.js).
import { spawn } from 'node:child_process';
import { freePort } from './free-port.js';


/**
 * Starts redis-server on `port` (default: a free one). `stop(signal)` ends it: SIGTERM by
 * default, SIGKILL to make it vanish as a crashed server would. With `dir`, it keeps an
 * append-only file there (fsync on every write), so that one started again on the same `dir`
 * has what the last one had, as a production Redis restarted would.
 * @param {number} [port]
 * @param {{ dir?: string }} [options]
 * @returns {Promise<{ port: number, url: string, stop: (signal?: NodeJS.Signals) => Promise<void> }>}
 */
export async function startRedis(port, { dir } = {}) {
  const chosen = port ?? (await freePort());
  const persistence = dir === undefined ? ['--appendonly', 'no'] : ['--dir', dir, '--appendonly', 'yes', '--appendfsync', 'always'];
  const child = spawn('redis-server', ['--port', String(chosen), '--bind', '127.0.0.1', '--save', '', ...persistence], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`redis-server did not start within 10 s:\n${output}`)), 10_000);
    child.once('error', (error) => {
      clearTimeout(timer);
      reject(new Error(`redis-server could not run (${error.message}); npm test installs it from Debian`));
    });
    child.stdout.on('data', (chunk) => {
      output += chunk;
      if (/Ready to accept connections/.test(output)) {
        clearTimeout(timer);
        resolve();
      }
    });
  });
  return {
    port: chosen,
    url: `redis://127.0.0.1:${chosen}`,
    stop: (signal = 'SIGTERM') => new Promise((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) return resolve();
      child.once('exit', () => resolve());
      child.kill(signal);
    }),
  };
}
