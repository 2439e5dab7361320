// One instance of @iamsmart/server (its dist) for `bench/server.js`, in a process of its own so
// that its memory (RSS, heap) is its own. Started with IPC; argv[2] is its configuration as JSON
// (the server's options, less the hooks). Sends { type: 'ready', port } once listening on
// loopback; answers { type: 'memory' } with process.memoryUsage().
//
// The benchmark's only addition to a site's server: the onEme / onSigned hooks report which
// request a push finished (the request's id with the balancer's number for that push, carried in
// an `x-bench-push` header through AsyncLocalStorage), so the bench can time each push to its page
// event; they return undefined, so the page gets the result unchanged.
import { AsyncLocalStorage } from 'node:async_hooks';
import { constants, createHmac, createPrivateKey, privateDecrypt, randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
import { KeyUnwrapper, createIamSmartServer, toNodeListener } from '../packages/server/dist/index.js';

const options = JSON.parse(process.argv[2]);
// The platform's answers by path and D-code (the bench reports refusals such as D29005), read
// from a copy of each answer; the server's own fetch is otherwise untouched.
const platformAnswers = {};
const countingFetch = async (url, init) => {
  const response = await fetch(url, init);
  const path = new URL(url).pathname;
  response.clone().json().then((body) => {
    const key = `${path} ${body?.code ?? response.status}`;
    platformAnswers[key] = (platformAnswers[key] ?? 0) + 1;
  }, () => {});
  return response;
};
const push = new AsyncLocalStorage();

// An experiment, never the default (BENCH_SERVER_NATIVE_UNWRAP=1): the content key's RSA step
// done by Node's own RSA (privateDecrypt with RSA_NO_PADDING, which Node 20 allows) instead of
// node-forge's, with the server's own constant-time PKCS#1 v1.5 padding check and implicit
// rejection, to see what the unwrap costs under load.
if (process.env.BENCH_SERVER_NATIVE_UNWRAP === '1') {
  const key = createPrivateKey(options.privateKey);
  const modulusBytes = key.asymmetricKeyDetails.modulusLength / 8;
  const rejectionSecret = randomBytes(32);
  KeyUnwrapper.prototype.unwrap = function unwrap(wrappedBase64) {
    const wrapped = typeof wrappedBase64 === 'string' ? Buffer.from(wrappedBase64, 'base64') : Buffer.alloc(0);
    const synthetic = createHmac('sha256', rejectionSecret).update(wrapped).digest();
    if (wrapped.length !== modulusBytes) return synthetic;
    let em;
    try {
      em = privateDecrypt({ key, padding: constants.RSA_NO_PADDING }, wrapped);
    } catch {
      return synthetic;
    }
    if (em.length !== modulusBytes) return synthetic;
    let bad = em[0] | (em[1] ^ 0x02);
    let separator = 0;
    let found = 0;
    for (let i = 2; i < em.length; i += 1) {
      const isZero = ((em[i] - 1) >> 8) & 1;
      separator |= (isZero & (found ^ 1)) * i;
      found |= isZero;
    }
    bad |= found ^ 1;
    bad |= separator < 10 ? 1 : 0;
    bad |= em.length - separator - 1 === 32 ? 0 : 1;
    const message = em.subarray(em.length - 32);
    const out = Buffer.alloc(32);
    const mask = -bad & 0xff;
    for (let i = 0; i < 32; i += 1) out[i] = (message[i] & ~mask) | (synthetic[i] & mask);
    return out;
  };
}
const report = (context) => {
  process.send?.({ type: 'finished', push: push.getStore(), id: context.id });
  return undefined;
};
// Every bench session is CHAN Tai Man (the sandbox's resident K543210(3)): the platform signs only for the HKID sent.
const iams = createIamSmartServer({
  ...options, env: {}, fetch: countingFetch, hkidOf: () => 'K543210(3)',
  onEme: (_result, context) => report(context), onSigned: (_result, context) => report(context),
});
const listener = toNodeListener(iams);
const server = createServer((request, response) => {
  const number = request.headers['x-bench-push'];
  if (typeof number === 'string') push.run(Number(number), () => listener(request, response));
  else listener(request, response);
});
server.keepAliveTimeout = 30_000;
await new Promise((resolve) => { server.listen(0, '127.0.0.1', resolve); });
process.on('message', (message) => {
  if (message?.type === 'memory') process.send?.({ type: 'memory', memory: process.memoryUsage(), platformAnswers });
});
const stop = async () => {
  server.closeAllConnections();
  server.close();
  await iams.close().catch(() => {});
  process.exit(0);
};
process.on('disconnect', stop);
process.on('SIGTERM', stop);
process.send?.({ type: 'ready', port: server.address().port });
