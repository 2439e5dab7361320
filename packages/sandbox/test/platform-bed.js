// One test file's bed for the platform API: the relying party's own site (it receives the pushed
// results), its registered clients, and a sandbox started for them with each client's content key
// fetched; all stopped after the file. The calls themselves go through platform-support.js, the
// client written from PLATFORM.md.
import { after, before } from 'node:test';
import { startTestSandbox } from './helpers.js';
import { callPlatform, clientsFileWith, getKey } from './platform-support.js';

/**
 * Registers the file's before/after hooks; `bed.sandbox` is there once the file's tests run.
 * @param {object} options
 * @param {{ close: () => void }} options.site the relying party's site (platform-support.js startRelyingPartySite), closed after the file
 * @param {string} options.prefix the temporary clients folder's name prefix
 * @param {ReturnType<typeof import('./platform-support.js').newTestRelyingParty>[]} options.parties the registered clients; `call` uses the first
 * @param {Parameters<typeof startTestSandbox>[0]} [options.sandboxOptions] more options for the sandbox (e.g. its platform clock)
 * @param {(sandbox: Awaited<ReturnType<typeof startTestSandbox>>) => Promise<void>} [options.started] more set-up once the sandbox runs (in the same hook: Node 20 does not wait for one root hook before the next)
 */
export function platformTestBed({ site, prefix, parties, sandboxOptions = {}, started }) {
  /** @type {Awaited<ReturnType<typeof clientsFileWith>> | undefined} */
  let clients;
  const bed = {
    /** @type {Awaited<ReturnType<typeof startTestSandbox>>} */
    sandbox: /** @type {any} */ (undefined),
    /**
     * A signed, encrypted call as the first relying party (or `client`).
     * @param {string} path @param {Record<string, unknown>} body @param {import('./platform-support.js').TestPlatformClient} [client]
     */
    call: (path, body, client = parties[0].client) => callPlatform(bed.sandbox.issuer, client, path, body),
  };
  before(async () => {
    clients = await clientsFileWith(prefix, parties.map((party) => party.entry));
    bed.sandbox = await startTestSandbox({ ...sandboxOptions, clientsFile: clients.clientsFile });
    for (const party of parties) await getKey(bed.sandbox.issuer, party.client);
    await started?.(bed.sandbox);
  });
  after(async () => {
    await bed.sandbox?.stop();
    site.close();
    await clients?.remove();
  });
  return bed;
}
