/**
 * The iAM Smart sandbox: a local stand-in for the iAM Smart platform on oidc-provider, with test
 * residents and the phone-app simulator. `startSandbox()` runs it in-process.
 */
import { createServer } from 'node:http';
import { once } from 'node:events';
import { resolve } from 'node:path';
import { ClientsFileError, demoClient, loadClientsFile } from './clients.js';
import { createProvider } from './provider.js';
import { sandboxRoutes } from './routes.js';
import { defaultDataDir, loadSecrets } from './secrets.js';

export { residents } from './residents.js';
export { ClientsFileError } from './clients.js';

/**
 * @typedef {object} SandboxOptions
 * @property {number} [port] TCP port (default 8787; 0 picks a free one)
 * @property {string} [host] interface to listen on (default: all, as Node does)
 * @property {string} [dataDir] where keys are kept (default `${XDG_CACHE_HOME:-~/.cache}/iamsmart-sandbox`)
 * @property {string} [clientsFile] JSON file with more clients (an array of client metadata)
 * @property {string} [demoOrigin] the demo site's origin (default http://localhost:8080)
 * @property {boolean} [quiet] no log output
 */

/**
 * @typedef {object} Sandbox
 * @property {string} issuer e.g. "http://localhost:8787"
 * @property {number} port the port actually listened on
 * @property {string} discoveryUrl
 * @property {string} appUrl the phone-app simulator
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
} = {}) {
  const secrets = await loadSecrets(dataDir);
  const clients = [demoClient(demoOrigin), ...(clientsFile ? await loadClientsFile(clientsFile) : [])];
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
  const server = createServer((req, res) => handler(req, res));
  server.listen(port, host);
  try {
    await once(server, 'listening');
  } catch (cause) {
    if (/** @type {NodeJS.ErrnoException} */ (cause).code === 'EADDRINUSE') {
      throw new Error(`Port ${port} is already in use (is another sandbox running?). Choose another with SANDBOX_PORT.`, { cause });
    }
    throw cause;
  }
  const address = /** @type {import('node:net').AddressInfo} */ (server.address());
  const issuer = `http://localhost:${address.port}`;

  const close = async () => {
    server.closeAllConnections();
    if (server.listening) await new Promise((done) => { server.close(done); });
  };

  try {
    const provider = createProvider({ issuer, secrets, clients });
    await validateClients(provider, clients, clientsFile);
    provider.use(sandboxRoutes(provider, { issuer }));
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
    discoveryUrl: `${issuer}/.well-known/openid-configuration`,
    appUrl: `${issuer}/app`,
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
    try {
      await provider.Client.validate(metadata);
    } catch (cause) {
      const { error_description: description, message } = /** @type {{ error_description?: string, message: string }} */ (cause);
      const problem = `client ${JSON.stringify(metadata.client_id)} is invalid: ${description ?? message}`;
      if (index === 0 || !clientsFile) throw new Error(`Demo client: ${problem}`, { cause });
      throw new ClientsFileError(resolve(clientsFile), problem, { cause });
    }
  }
}
