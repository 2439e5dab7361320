// `npm start` (after `npm run build`): the iAM Smart sandbox and the demo partner site in one
// process. Ports and the sandbox's data come from the environment:
//   SANDBOX_PORT (8787), DEMO_PORT (8080), IAMS_SANDBOX_DATA, IAMS_SANDBOX_CLIENTS, and
//   SANDBOX_HOST (unset: the sandbox listens on this computer only; 0.0.0.0 opens it to the
//   network, e.g. to try the simulator from a phone on the same Wi-Fi, with a warning).
// The demo site always listens on localhost only.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { exposedWarning, startSandbox } from '@iamsmart/sandbox';
import { startDemoSite } from '../demo-site/server.js';

const BUNDLE = fileURLToPath(new URL('../packages/elements/cdn/iamsmart.js', import.meta.url));

function fail(message) {
  console.error(`\n${message}\n`);
  process.exit(1);
}

function portFromEnv(name, fallback) {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 1 || port > 65535) fail(`${name}=${raw} is not a TCP port (1–65535).`);
  return port;
}

/** Runs `start`, turning "port in use" into a message that says which variable to change. */
async function listen(what, port, envName, start) {
  try {
    return await start();
  } catch (error) {
    if (error?.code === 'EADDRINUSE' || error?.cause?.code === 'EADDRINUSE') {
      fail(`Port ${port} is already in use, so the ${what} cannot start.\nStop whatever uses it, or choose another port, e.g. ${envName}=${port + 1} npm start`);
    }
    if (error?.code === 'EACCES') fail(`Not allowed to listen on port ${port} for the ${what}; choose another with ${envName}.`);
    throw error;
  }
}

if (!existsSync(BUNDLE)) fail('packages/elements/cdn/iamsmart.js is missing. Run `npm run build` first (`npm start` does it for you).');

const sandboxPort = portFromEnv('SANDBOX_PORT', 8787);
const demoPort = portFromEnv('DEMO_PORT', 8080);
if (sandboxPort === demoPort) fail(`SANDBOX_PORT and DEMO_PORT are both ${demoPort}; give them different values.`);
const demoOrigin = `http://localhost:${demoPort}`;

const sandbox = await listen('iAM Smart sandbox', sandboxPort, 'SANDBOX_PORT', () =>
  startSandbox({
    port: sandboxPort,
    host: process.env.SANDBOX_HOST || undefined,
    dataDir: process.env.IAMS_SANDBOX_DATA || undefined,
    clientsFile: process.env.IAMS_SANDBOX_CLIENTS || undefined,
    demoOrigin,
    quiet: true,
  }),
);
let site;
try {
  site = await listen('demo site', demoPort, 'DEMO_PORT', () =>
    startDemoSite({ port: demoPort, sandboxIssuer: sandbox.issuer, signingRootPem: sandbox.signingRootPem, platformClient: sandbox.demoPlatformClient, log: console.log }),
  );
} finally {
  if (!site) await sandbox.close();
}

console.log(`
  iAM Smart Web Kit is running.

  Demo partner site      ${site.origin}/
  Its backend            ${site.origin}/iamsmart/login, /session, /logout (@iamsmart/server, the platform API)
  QR login               ${site.origin}/qr.html
  Sign a document        ${site.origin}/sign.html
  e-ME form filling      ${site.origin}/library-card.html and ${site.origin}/bank.html
  Sandbox issuer         ${sandbox.issuer}
  Discovery              ${sandbox.issuer}/.well-known/openid-configuration
  Phone-app simulator    ${sandbox.issuer}/app
  Platform API           ${sandbox.platformApiBase} (iAM Smart's relying-party API, docs/platform.md;
                         the demo site's platform client is demo-site, its keys in demo-platform-client.json
                         in the sandbox's data folder)

  Storybook: run \`npm run storybook\` in another terminal (http://localhost:6006).
  Press Ctrl+C to stop.
`);
const warning = exposedWarning(sandbox);
if (warning) console.warn(`${warning}\n`);

let stopping = false;
async function stop(signal) {
  if (stopping) process.exit(130); // a second Ctrl+C does not wait
  stopping = true;
  console.log(`\n${signal}: stopping…`);
  await Promise.allSettled([site.close(), sandbox.close()]);
  process.exit(0);
}
process.on('SIGINT', () => void stop('SIGINT'));
process.on('SIGTERM', () => void stop('SIGTERM'));
