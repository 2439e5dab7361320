#!/usr/bin/env node
/**
 * Runs the iAM Smart sandbox from the command line.
 * Environment: SANDBOX_PORT (8787), SANDBOX_HOST (unset: this computer only, 127.0.0.1 and ::1;
 * 0.0.0.0 opens it to the network, with a warning), DEMO_ORIGIN or DEMO_PORT (8080), IAMS_SANDBOX_DATA (key
 * folder, default `${XDG_CACHE_HOME:-~/.cache}/iamsmart-sandbox`), IAMS_SANDBOX_CLIENTS (a JSON
 * file of extra clients).
 *
 * `iamsmart-sandbox new-client --id my-site --redirect http://localhost:3000/callback [--name "My site"]
 * [--scopes "eidapi_auth eidapi_profiles"]` prints a ready IAMS_SANDBOX_CLIENTS entry for the
 * platform API (a fresh secret and a self-signed encipherment certificate) and the private key.
 * `iamsmart-sandbox --help` prints the usage.
 */
import { parseArgs } from 'node:util';
import { exposedWarning, startSandbox } from './index.js';
import { PLATFORM_SCOPES, platformClient } from './clients.js';
import { createPlatformCredentials } from './platform/enrol.js';
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
    `  Platform API:        ${sandbox.platformApiBase} (platform clients: entries with client_secret and encipherment_certificate; \`iamsmart-sandbox new-client\` prints one)`,
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

/**
 * Prints a new platform client: its IAMS_SANDBOX_CLIENTS entry, then its private key.
 * @param {string[]} args
 */
async function newClient(args) {
  const { values } = parseArgs({
    args,
    options: { id: { type: 'string' }, redirect: { type: 'string', multiple: true }, name: { type: 'string' }, scopes: { type: 'string' } },
  });
  const usage = 'Usage: iamsmart-sandbox new-client --id my-site --redirect http://localhost:3000/callback [--redirect …] [--name "My site"] [--scopes "eidapi_auth eidapi_profiles"]';
  if (!values.id || !/^[A-Za-z0-9._-]{1,64}$/.test(values.id)) throw new Error(`--id is required: letters, digits, ".", "_" or "-" (at most 64).\n${usage}`);
  const redirects = values.redirect ?? [];
  if (redirects.length === 0) throw new Error(`--redirect is required (the redirectURI the platform may send the browser back to).\n${usage}`);
  const bad = redirects.find((uri) => !/^https?:$/.test(URL.parse(uri)?.protocol ?? ''));
  if (bad !== undefined) throw new Error(`--redirect ${JSON.stringify(bad)} is not an http(s) URL`);
  const scopes = values.scopes ? values.scopes.split(/\s+/).filter(Boolean) : [...PLATFORM_SCOPES];
  const { secret, privateKeyPem, certificatePem } = await createPlatformCredentials(values.id);
  const entry = {
    client_id: values.id,
    client_name: values.name ?? values.id,
    redirect_uris: redirects,
    client_secret: secret,
    encipherment_certificate: certificatePem,
    scopes,
  };
  platformClient(entry); // the same checks as at start, so a bad --scopes fails here
  console.log([
    '// 1. Add this entry to the JSON array in your IAMS_SANDBOX_CLIENTS file, then restart the sandbox:',
    JSON.stringify(entry, null, 2),
    '',
    '// 2. The private key of the encipherment certificate: it unwraps the content keys getKey sends.',
    '//    Keep it on your backend only, e.g. in a file readable by you alone (chmod 600), never in a',
    '//    browser, a repository or a log. The client_secret above is just as secret. For local use only.',
    privateKeyPem.trimEnd(),
  ].join('\n'));
}

const HELP = `iamsmart-sandbox: a local stand-in for the iAM Smart platform (development and tests only).

Usage:
  iamsmart-sandbox              start it (http://localhost:8787 by default); Ctrl+C stops it
  iamsmart-sandbox new-client --id my-site --redirect http://localhost:3000/callback [--redirect …] [--name "My site"] [--scopes "eidapi_auth eidapi_profiles"]
                                print a platform client for IAMS_SANDBOX_CLIENTS, and its private key
  iamsmart-sandbox --help       this text

Environment: SANDBOX_PORT (8787), SANDBOX_HOST (unset: this computer only; 0.0.0.0 opens it to the
network), DEMO_ORIGIN or DEMO_PORT (8080), IAMS_SANDBOX_DATA (key folder), IAMS_SANDBOX_CLIENTS
(a JSON file of extra clients).`;

const [command, ...rest] = process.argv.slice(2);
if (command === '--help' || command === '-h') {
  console.log(HELP);
} else if (command === 'new-client') {
  newClient(rest).catch((error) => {
    console.error(`iamsmart-sandbox new-client: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  });
} else if (command !== undefined) {
  console.error(`iamsmart-sandbox: unknown command ${JSON.stringify(command)}. Run it without arguments to start the sandbox, with new-client to print a platform client, or with --help.`);
  process.exit(1);
} else {
  main().catch((error) => {
    console.error(`iAM Smart sandbox could not start: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  });
}
