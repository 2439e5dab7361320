// A TCP port nothing listens on right now, picked by the OS: for a server whose address must be
// known before it starts (the demo site's origin, which the sandbox is told up front; a WebDriver;
// a redis-server). One copy for the scripts and every test.
import { createServer } from 'node:net';

/** @param {string} [host] the address to try it on (`localhost` for servers that bind that name) @returns {Promise<number>} */
export function freePort(host = '127.0.0.1') {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, host, () => {
      const { port } = /** @type {import('node:net').AddressInfo} */ (server.address());
      server.close(() => resolve(port));
    });
  });
}
