/**
 * The iAM Smart sandbox: a local stand-in for the iAM Smart platform on oidc-provider, with test
 * residents and the phone-app simulator. `startSandbox()` runs it in-process.
 */
import { resolve } from 'node:path';
import { ClientsFileError, demoClient, loadClientsFile, platformClient, providerClientMetadata } from './clients.js';
import { createSessionEngine, resolveSessionOptions } from './session/engine.js';
import { sessionEndpoints, deviceCodeRateLimit } from './session/endpoints.js';
import { createRateLimiter } from './session/rate-limit.js';
import { grantEmeDetails } from './eme/authorization-details.js';
import { createAccountIds, createProvider } from './provider.js';
import { listenSandbox } from './http/listen.js';
import { sandboxRoutes } from './http/router.js';
import { securityHeaders } from './http/security.js';
import { defaultDataDir, loadSecrets } from './secrets.js';
import { findResident, residents } from './residents.js';
import { resolveAuthorizationDetails } from './sign/authorization-details.js';
import { loadSigningCa } from './sign/ca.js';
import { createSigningEndpoints } from './sign/csc.js';
import { createPlatformApi } from './platform/api.js';
import { loadDemoPlatformCredentials } from './platform/enrol.js';
import { securityRoutes } from './platform/security.js';
import { authRoutes } from './platform/auth.js';
import { simulatorSessions } from './app/platform.js';

export { residents } from './residents.js';
export { ClientsFileError } from './clients.js';
export { exposedWarning } from './http/listen.js';

/**
 * @typedef {object} SandboxOptions
 * @property {number} [port] TCP port (default 8787; 0 picks a free one)
 * @property {string} [host] address to listen on (default: the loopback only, 127.0.0.1 and ::1,
 *   as the issuer says localhost; "0.0.0.0" or "::" opens it to the network, e.g. for a real phone)
 * @property {string} [dataDir] where keys are kept (default `${XDG_CACHE_HOME:-~/.cache}/iamsmart-sandbox`)
 * @property {string} [clientsFile] JSON file with more clients (an array of client metadata)
 * @property {string} [demoOrigin] the demo site's origin (default http://localhost:8080)
 * @property {boolean} [quiet] no log output
 * @property {{ lifetimeSeconds?: number, qrWindowSeconds?: number,
 *   rateLimit?: { max?: number, windowSeconds?: number }, keepAliveSeconds?: number }} [crossDevice]
 *   QR login limits: session lifetime (default 180 s, at most 300), how old a QR payload may be
 *   (default 5 s), device authorizations per client and address (default 10 per 60 s), and the
 *   status stream's keep-alive interval (default 15 s)
 * @property {{ now?: () => number, keyLifetimeMs?: number }} [platform] the platform API's clock
 *   (ms; tests move it to see keys and codes expire) and content key life (default: choices.js)
 * @property {{ client?: number, resident?: number }} [notifyLimits] notification sends a minute per client and per
 *   resident at a client (decision 059; default NOTIFY_CLIENT_LIMIT and NOTIFY_RESIDENT_LIMIT in choices.js): tests lower them
 */

/**
 * @typedef {object} Sandbox
 * @property {string} issuer e.g. "http://localhost:8787"
 * @property {number} port the port actually listened on
 * @property {string[]} addresses what it listens on, e.g. ["127.0.0.1:8787", "[::1]:8787"]
 * @property {boolean} exposed whether other machines can connect (a `host` beyond the loopback)
 * @property {string} discoveryUrl
 * @property {string} appUrl the phone-app simulator
 * @property {string} signingRootPem the signing CA's root certificate (PEM), the trust anchor for signatures
 * @property {string} platformApiBase the platform API's base, `${issuer}/api/v1`
 * @property {{ clientID: string, secret: string, privateKeyPem: string, certificatePem: string }} demoPlatformClient
 *   the demo site's platform credentials (kept in the data folder, demo-platform-client.json, 0600)
 * @property {() => Promise<void>} close stops the server
 */

/**
 * Starts the sandbox. Rejects with a clear error for a bad clients file or data folder.
 * @param {SandboxOptions} [options]
 * @returns {Promise<Sandbox>}
 */
export async function startSandbox({
  port = 8787,
  host,
  dataDir = defaultDataDir(),
  clientsFile,
  demoOrigin = 'http://localhost:8080',
  quiet = false,
  crossDevice: crossDeviceOptions,
  platform: platformOptions = {},
  notifyLimits,
} = {}) {
  const crossDevice = resolveSessionOptions(crossDeviceOptions);
  const secrets = await loadSecrets(dataDir);
  const signingCa = await loadSigningCa(dataDir, residents);
  const demoPlatform = await loadDemoPlatformCredentials(dataDir);
  const clients = [
    { ...demoClient(demoOrigin), client_secret: demoPlatform.secret, encipherment_certificate: demoPlatform.certificatePem },
    ...(clientsFile ? await loadClientsFile(clientsFile) : []),
  ];
  const ids = new Set();
  for (const { client_id: id } of clients) {
    if (ids.has(id)) {
      throw new ClientsFileError(resolve(String(clientsFile)), `client_id ${JSON.stringify(id)} is registered more than once ("demo-site" is the sandbox's own demo client)`);
    }
    ids.add(id);
  }

  // Listen first so that with port 0 the issuer carries the real port.
  /** @type {import('node:http').RequestListener} */
  let handler = (_req, res) => {
    res.statusCode = 503;
    res.end();
  };
  /** @type {import('./http/listen.js').Listening} */
  let listening;
  try {
    listening = await listenSandbox((req, res) => handler(req, res), { port, host });
  } catch (cause) {
    if (/** @type {NodeJS.ErrnoException} */ (cause).code === 'EADDRINUSE') {
      throw new Error(`Port ${port} is already in use (is another sandbox running?). Choose another with SANDBOX_PORT.`, { cause });
    }
    // A host name that does not resolve, or an address this computer does not have.
    if (host !== undefined && ['ENOTFOUND', 'EAI_AGAIN', 'EADDRNOTAVAIL'].includes(/** @type {NodeJS.ErrnoException} */ (cause).code ?? '')) {
      throw new Error(`Cannot listen on ${JSON.stringify(host)}: it is not an address of this computer. Set SANDBOX_HOST to one of its addresses (0.0.0.0 for all), or leave it unset for this computer only.`, { cause });
    }
    throw cause;
  }
  const address = { port: listening.port };
  const issuer = `http://localhost:${address.port}`;

  /** @type {(() => void)[]} */
  const stops = [];
  const close = async () => {
    // Open status streams and session timers first, so nothing keeps the process alive.
    for (const stop of stops.splice(0)) stop();
    await listening.close();
  };

  try {
    const accounts = createAccountIds(secrets.pairwiseSalt, clients);
    const providerClients = clients.map((metadata, index) => checked(index, metadata, clientsFile, () => providerClientMetadata(metadata)));
    const provider = createProvider({
      issuer,
      secrets,
      clients: providerClients,
      accounts,
      crossDevice: {
        lifetimeSeconds: crossDevice.lifetimeSeconds,
        beforeDeviceCode: deviceCodeRateLimit(createRateLimiter(crossDevice.rateLimit)),
      },
      knownCredential: (credentialID) => signingCa.credentials.has(credentialID),
    });
    await validateClients(provider, providerClients, clientsFile);
    // The real platform's relying-party API (issue 11): entries with client_secret and
    // encipherment_certificate, checked now so a bad one is named at start.
    const platformClients = clients.flatMap((metadata, index) => checked(index, metadata, clientsFile, () => platformClient(metadata)) ?? []);
    const platform = createPlatformApi({ clients: platformClients, now: platformOptions.now, keyLifetimeMs: platformOptions.keyLifetimeMs });
    securityRoutes(platform);
    const engine = createSessionEngine({
      provider,
      issuer,
      options: crossDevice,
      accountIdFor: accounts.accountIdFor,
      authorizationDetailsFor: (details, residentId, kept) => grantEmeDetails(
        resolveAuthorizationDetails(details, residentId), /** @type {import('./residents.js').Resident} */ (findResident(residentId)), kept,
      ),
    });
    const endpoints = sessionEndpoints({ provider, issuer, engine, clients, keepAliveSeconds: crossDevice.keepAliveSeconds });
    stops.push(() => endpoints.close(), () => engine.close());
    provider.use(securityHeaders);
    // On the sandbox's own origin, in front of oidc-provider's routes; the signed handlers read
    // the raw body themselves (the signature covers its exact text).
    const platformLogins = authRoutes(platform, { issuer, accountIdFor: accounts.accountIdFor, residentFor: accounts.residentFor, ca: signingCa, notifyLimits });
    provider.use(platform.router.routes());
    provider.use(platform.router.allowedMethods());
    // The simulator opens the platform's login requests as it opens the device flow's.
    const simulator = simulatorSessions(engine, platformLogins.sessions, platformLogins.notifications.app);
    provider.use(sandboxRoutes(provider, { issuer, sessions: simulator, accountIdFor: accounts.accountIdFor }));
    provider.use(endpoints.middleware);
    provider.use(createSigningEndpoints({ provider, ca: signingCa, residentFor: accounts.residentFor, clients }));
    if (!quiet) {
      provider.on('server_error', (_ctx, error) => console.error('iAM Smart sandbox: server error', error));
    }
    handler = provider.callback();
  } catch (error) {
    await close();
    throw error;
  }

  return {
    issuer,
    port: address.port,
    addresses: listening.addresses,
    exposed: listening.exposed,
    discoveryUrl: `${issuer}/.well-known/openid-configuration`,
    appUrl: `${issuer}/app`,
    signingRootPem: signingCa.rootPem,
    platformApiBase: `${issuer}/api/v1`,
    demoPlatformClient: { clientID: 'demo-site', ...demoPlatform },
    close,
  };
}

/**
 * oidc-provider checks static clients only when they are first used; check them all at start so
 * a mistake in the clients file is reported at once, naming the file and the client.
 * @param {import('oidc-provider').default} provider
 * @param {import('./clients.js').ClientMetadata[]} clients
 * @param {string | undefined} clientsFile
 */
async function validateClients(provider, clients, clientsFile) {
  for (const [index, metadata] of clients.entries()) {
    await checked(index, metadata, clientsFile, () => provider.Client.validate(metadata));
  }
}

/**
 * Runs a check of one client, turning its failure into an error naming the file and the client.
 * @template T
 * @param {number} index 0: the demo client
 * @param {import('./clients.js').ClientMetadata} metadata
 * @param {string | undefined} clientsFile
 * @param {() => T} check
 * @returns {T}
 */
function checked(index, metadata, clientsFile, check) {
  /** @param {unknown} cause */
  const fail = (cause) => {
    const { error_description: description, message } = /** @type {{ error_description?: string, message: string }} */ (cause);
    const problem = `client ${JSON.stringify(metadata.client_id)} is invalid: ${description ?? message}`;
    if (index === 0 || !clientsFile) throw new Error(`Demo client: ${problem}`, { cause });
    throw new ClientsFileError(resolve(clientsFile), problem, { cause });
  };
  try {
    const result = check();
    return result instanceof Promise ? /** @type {T} */ (result.catch(fail)) : result;
  } catch (cause) {
    return fail(cause);
  }
}

