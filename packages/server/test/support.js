// What the server's integration tests share: a relying party registered in a real in-process
// sandbox (test/helpers.js, test/platform-support.js of @iamsmart/sandbox), the server on a real
// port behind the Node adapter, and a store that can be looked into.
import { createServer } from 'node:http';
import { createClient } from 'redis';
import { freePort } from '../../../scripts/free-port.js';
import { startRedis } from '../../../scripts/redis.js';
import { createBrowser, formFor, press, startTestSandbox } from '../../sandbox/test/helpers.js';
import { clientsFileWith, newTestRelyingParty, throughHostedPage } from '../../sandbox/test/platform-support.js';
import { createIamSmartServer, memoryStore, toNodeListener } from '../dist/index.js';

export const tools = { createBrowser, formFor, press };
export { createBrowser, throughHostedPage };

/** A port reserved by listening; the server's origin is known before the sandbox starts. */
export async function listening(listener = (_request, response) => { response.writeHead(404); response.end(); }) {
  const server = createServer(listener);
  await new Promise((resolve) => { server.listen(0, '127.0.0.1', resolve); });
  const origin = `http://localhost:${server.address().port}`;
  return {
    server, origin,
    use(handler) { server.removeAllListeners('request'); server.on('request', handler); },
    close: () => new Promise((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }),
  };
}

/** A memory store whose keys can be listed (to check nothing is left half-stored). */
export function spyStore(options) {
  const inner = memoryStore(options);
  const keys = new Set();
  return {
    keys: async (prefix) => {
      const live = [];
      for (const key of keys) if (key.startsWith(prefix) && (await inner.get(key)) !== undefined) live.push(key);
      return live;
    },
    get: (key) => inner.get(key),
    set: (key, value, ttl) => { keys.add(key); return inner.set(key, value, ttl); },
    delete: (key) => inner.delete(key),
    take: (key) => inner.take(key),
    swap: (key, expected, value, ttl) => { keys.add(key); return inner.swap(key, expected, value, ttl); },
    publish: (channel, message) => inner.publish(channel, message),
    subscribe: (channel, listener) => inner.subscribe(channel, listener),
    close: () => inner.close(),
  };
}

/**
 * The sandbox with these relying parties' clients, a platform clock that tests can move
 * (`bed.shift(ms)`), and each site's listener; `notifyLimits` lowers the platform's notification
 * rate limits (sends a minute per client and per resident).
 */
export async function startBed({ sites = 1, spare = 0, demoSpare, scopes = ['eidapi_auth', 'eidapi_profiles'], notifyLimits } = {}) {
  let offset = 0;
  const listeners = [];
  for (let i = 0; i < sites; i += 1) listeners.push(await listening());
  // Origins for servers started by the test itself (a free port each, released for them).
  const spareOrigins = [];
  for (let i = 0; i < spare; i += 1) {
    const reserved = await listening();
    spareOrigins.push(reserved.origin);
    await reserved.close();
  }
  // One registration; every site's callback is registered for it (several instances of one site).
  const party = newTestRelyingParty({ redirectUris: [...listeners, ...spareOrigins.map((origin) => ({ origin }))].map((l) => `${l.origin}/iamsmart/callback`), scopes });
  const clients = await clientsFileWith('iams-server-test-', [party.entry]);
  const sandbox = await startTestSandbox({
    clientsFile: clients.clientsFile, platform: { now: () => Date.now() + offset },
    // The demo site's registration (its /iamsmart/callback among them) on one of the spare origins.
    ...(demoSpare !== undefined ? { demoOrigin: spareOrigins[demoSpare] } : {}),
    ...(notifyLimits ? { notifyLimits } : {}),
  });
  return {
    sandbox, party, listeners, spareOrigins,
    shift: (ms) => { offset += ms; },
    /** Creates the server for listener `i` with these options and mounts it. */
    server(i = 0, options = {}) {
      const iams = createIamSmartServer({
        platformUrl: sandbox.issuer, clientID: party.client.clientID, clientSecret: party.client.secret, privateKey: party.client.privateKeyPem,
        origin: listeners[i].origin, env: {}, ...options,
      });
      listeners[i].use(toNodeListener(iams));
      return iams;
    },
    async stop() {
      for (const l of listeners) await l.close();
      await sandbox.stop();
      await clients.remove();
    },
  };
}

/** The session secret every instance of one site shares in the Redis tests. */
export const SHARED_SECRET = 'a-session-secret-shared-by-every-instance';

/**
 * Two instances of one site (one origin, one secret) on the bed's listeners 0 and 1, sharing a
 * real redis-server; A's platform callbacks are registered on B's address, so every push and
 * every return from the hosted page lands on the instance not holding the page's stream.
 * `client` reads Redis directly.
 */
export async function instancesOnRedis(bed, options) {
  const [siteA, siteB] = bed.listeners.map((l) => l.origin);
  const port = await freePort();
  const redis = await startRedis(port);
  const shared = { ...options, redisUrl: `redis://127.0.0.1:${port}`, sessionSecret: SHARED_SECRET, origin: siteA };
  const a = bed.server(0, { ...shared, callbackUrl: `${siteB}/iamsmart/callback` });
  const b = bed.server(1, shared);
  const client = createClient({ url: `redis://127.0.0.1:${port}` });
  await client.connect();
  return {
    a, b, siteA, siteB, client,
    async stop() {
      await client.destroy();
      await a.close();
      await b.close();
      await redis.stop('SIGKILL');
    },
  };
}

/**
 * A whole login in `browser`: /login, the hosted page (the phone approves or declines), and the
 * callback. Returns the callback's response and where it sends the browser.
 */
export async function loginThrough(browser, origin, issuer, { returnTo = '/account', decision = 'Approve', beforeCallback } = {}) {
  const started = await browser.request(`${origin}/iamsmart/login?returnTo=${encodeURIComponent(returnTo)}&lang=en`);
  if (started.status !== 303) throw new Error(`/login answered ${started.status}`);
  const getQr = new URL(started.headers.get('location'));
  const landed = await throughHostedPage(tools, issuer, getQr, decision);
  await beforeCallback?.(landed);
  const response = await browser.request(landed);
  return { getQr, landed, response, location: response.headers.get('location') };
}
