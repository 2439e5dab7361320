#!/usr/bin/env node
/**
 * Runs the iAM Smart sandbox from the command line.
 * Environment: SANDBOX_PORT (8787), SANDBOX_HOST (unset: this computer only, 127.0.0.1 and ::1;
 * 0.0.0.0 opens it to the network, with a warning), DEMO_ORIGIN or DEMO_PORT (8080), IAMS_SANDBOX_DATA (key
 * folder, default `${XDG_CACHE_HOME:-~/.cache}/iamsmart-sandbox`), IAMS_SANDBOX_CLIENTS (a JSON
 * file of extra clients).
 */
import { exposedWarning, startSandbox } from './index.js';
import { defaultDataDir } from './secrets.js';

/**
 * @param {string | undefined} value
 * @param {string} name
 * @param {number} fallback
 */
function portFrom(value, name, fallback) {
  if (value === undefined || value === '') return fallback;
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new Error(`${name} must be a port number (0–65535), not ${JSON.stringify(value)}`);
  }
  return port;
}

async function main() {
  const env = process.env;
  const port = portFrom(env.SANDBOX_PORT, 'SANDBOX_PORT', 8787);
  const demoOrigin = env.DEMO_ORIGIN || `http://localhost:${portFrom(env.DEMO_PORT, 'DEMO_PORT', 8080)}`;
  if (!/^https?:$/.test(URL.parse(demoOrigin)?.protocol ?? '')) throw new Error(`DEMO_ORIGIN must be an origin such as http://localhost:8080, not ${JSON.stringify(demoOrigin)}`);
  const dataDir = env.IAMS_SANDBOX_DATA || defaultDataDir(env);

  const host = env.SANDBOX_HOST || undefined;
  const sandbox = await startSandbox({ port, host, dataDir, clientsFile: env.IAMS_SANDBOX_CLIENTS || undefined, demoOrigin });
  console.log([
    `iAM Smart sandbox running at ${sandbox.issuer}`,
    `  Discovery:           ${sandbox.discoveryUrl}`,
    `  Phone-app simulator: ${sandbox.appUrl}`,
    `  Demo client:         demo-site (${new URL(demoOrigin).origin})`,
    `  Keys kept in:        ${dataDir}`,
    `  Listening on:        ${sandbox.addresses.join(', ')}`,
  ].join('\n'));
  const warning = exposedWarning(sandbox);
  if (warning) console.warn(`\n${warning}\n`);

  let stopping = false;
  /** @param {NodeJS.Signals} signal */
  const stop = async (signal) => {
    if (stopping) return;
    stopping = true;
    console.log(`\n${signal}: stopping the iAM Smart sandbox`);
    await sandbox.close();
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((error) => {
  console.error(`iAM Smart sandbox could not start: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
