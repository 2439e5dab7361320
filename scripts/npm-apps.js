// Running npm and tools in the throw-away apps the package and framework checks install the
// tarballs into (check-packages.js, check-frameworks.js): outside the repository, without the
// per-run settings `npm run` hands its children.
import { spawn, spawnSync } from 'node:child_process';

/** The environment for the apps: npm's `npm_*` variables dropped, its cache, registry and config files kept. */
export const appEnv = Object.fromEntries(
  Object.entries(process.env).filter(
    ([key]) => !/^npm_/i.test(key) || /^npm_config_(cache|registry|userconfig|globalconfig)$/i.test(key),
  ),
);

/** Runs a command to its end and returns its output; throws with both outputs when it fails. */
export function run(command, args, cwd) {
  const result = spawnSync(command, args, { cwd, env: appEnv, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (result.status !== 0) {
    throw new Error(`${command} ${args.join(' ')} (in ${cwd}) failed:\n${result.stdout}\n${result.stderr}`.trim());
  }
  return result.stdout;
}

/**
 * Runs a command without blocking (several at once share the cores); resolves with its exit
 * status and outputs, never rejects on a failing command.
 * @returns {Promise<{ status: number | null, stdout: string, stderr: string }>}
 */
export function runAsync(command, args, cwd) {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, env: appEnv });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (status) => resolve({ status, stdout, stderr }));
  });
}
