/**
 * Where the sandbox listens. By default only on the loopback, IPv4 and IPv6 both: the issuer is
 * `http://localhost:PORT`, and a browser (or Node's fetch) may reach `localhost` as 127.0.0.1 or
 * as ::1, whichever the system lists first. Another host (SANDBOX_HOST=0.0.0.0, to try the
 * simulator from a real phone on the same Wi-Fi) is listened on as given, and reported as exposed.
 */
import { createServer } from 'node:http';
import { once } from 'node:events';

/** @typedef {import('node:http').RequestListener} RequestListener */

/**
 * An address only this machine can reach: 127.0.0.0/8, ::1, or IPv4 loopback mapped into IPv6.
 * @param {string} address
 */
export function isLoopbackAddress(address) {
  return /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(address) || address === '::1' || /^::ffff:127\./i.test(address);
}

/** Errors that mean "this machine has no IPv6 loopback", not a problem with the port. */
const NO_IPV6 = new Set(['EADDRNOTAVAIL', 'EAFNOSUPPORT', 'EINVAL']);

/**
 * Listens one server on `host` and `port`; rejects with the listen error.
 * @param {RequestListener} listener
 * @param {number} port
 * @param {string} host
 */
async function listenOne(listener, port, host) {
  const server = createServer(listener);
  server.listen(port, host);
  try {
    await once(server, 'listening');
  } catch (error) {
    server.close();
    throw error;
  }
  return server;
}

/**
 * @typedef {object} Listening
 * @property {number} port
 * @property {string[]} addresses e.g. ["127.0.0.1:8787", "[::1]:8787"]
 * @property {boolean} exposed whether anything but this machine can connect
 * @property {() => Promise<void>} close closes every server and its open connections
 */

/**
 * Listens on the loopback (no `host`, or "localhost") or on `host` as given.
 * @param {RequestListener} listener
 * @param {{ port: number, host?: string | undefined }} where
 * @returns {Promise<Listening>}
 */
export async function listenSandbox(listener, { port, host }) {
  /** @type {import('node:http').Server[]} */
  let servers;
  if (host !== undefined && host !== 'localhost') {
    servers = [await listenOne(listener, port, host)];
  } else {
    servers = await listenLoopback(listener, port);
  }
  const addresses = servers.map((server) => {
    const { address, family, port: actual } = /** @type {import('node:net').AddressInfo} */ (server.address());
    return { address, family, port: actual };
  });
  return {
    port: addresses[0]?.port ?? port,
    addresses: addresses.map(({ address, family, port: actual }) => (family === 'IPv6' ? `[${address}]:${actual}` : `${address}:${actual}`)),
    exposed: addresses.some(({ address }) => !isLoopbackAddress(address)),
    close: () => Promise.all(servers.map((server) => {
      server.closeAllConnections();
      return server.listening ? new Promise((done) => { server.close(() => done(undefined)); }) : undefined;
    })).then(() => undefined),
  };
}

/**
 * 127.0.0.1 first (its port decides when `port` is 0), then ::1 on the same port when the machine
 * has an IPv6 loopback. A port taken on ::1 by something else is "in use": otherwise a browser
 * resolving localhost to ::1 would reach that other program instead of the sandbox.
 * @param {RequestListener} listener
 * @param {number} port
 */
async function listenLoopback(listener, port) {
  for (let attempt = 0; ; attempt += 1) {
    const v4 = await listenOne(listener, port, '127.0.0.1');
    const actual = /** @type {import('node:net').AddressInfo} */ (v4.address()).port;
    try {
      return [v4, await listenOne(listener, actual, '::1')];
    } catch (error) {
      const code = /** @type {NodeJS.ErrnoException} */ (error).code ?? '';
      if (NO_IPV6.has(code)) return [v4];
      await new Promise((done) => { v4.close(() => done(undefined)); });
      // A free port picked on IPv4 that happens to be taken on IPv6: pick again.
      if (code === 'EADDRINUSE' && port === 0 && attempt < 10) continue;
      throw error;
    }
  }
}

/**
 * The console warning for a sandbox other machines can reach, or undefined when it listens on
 * the loopback only.
 * @param {{ exposed: boolean, addresses: string[] }} sandbox
 */
export function exposedWarning({ exposed, addresses }) {
  if (!exposed) return undefined;
  return [
    `WARNING: the iAM Smart sandbox is listening on ${addresses.join(', ')}, so anyone on your network can reach it:`,
    '  sign in as any test resident, approve or decline requests in the phone-app simulator, read the test residents\' data.',
    '  Use this only to try the simulator from a phone on a network you trust, and stop it afterwards.',
    '  Leave SANDBOX_HOST unset to listen on this computer only (127.0.0.1 and ::1).',
  ].join('\n');
}
