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
import { createServer } from 'node:http';
import { createIamSmartServer, toNodeListener } from '../packages/server/dist/index.js';

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
