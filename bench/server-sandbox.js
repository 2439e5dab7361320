// The sandbox for `bench/server.js`, in a process of its own so that its work (the phone
// simulator's pages, initiateRequest, the pushes) does not run on the bench's event loop, whose
// clock times the figures. Started with IPC; argv[2] is the clients file. Sends
// { issuer, signingRootPem } once listening; stops when the bench disconnects.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startSandbox } from '@iamsmart/sandbox';

const dataDir = await mkdtemp(join(tmpdir(), 'iams-bench-sandbox-'));
const sandbox = await startSandbox({ port: 0, dataDir, clientsFile: process.argv[2], quiet: true });
let stopping = false;
async function stop() {
  if (stopping) return;
  stopping = true;
  await sandbox.close().catch(() => {});
  await rm(dataDir, { recursive: true, force: true });
  process.exit(0);
}
process.on('disconnect', stop);
process.on('SIGTERM', stop);
process.on('message', (message) => {
  if (message?.type === 'memory') process.send?.({ type: 'memory', memory: process.memoryUsage() });
});
process.send?.({ type: 'ready', issuer: sandbox.issuer, signingRootPem: sandbox.signingRootPem });
