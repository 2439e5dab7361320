// `npm run bench -- --only=server`: @iamsmart/server's e-ME and signing requests (decision 037)
// under load and faults, on loopback (a benchmark, not a test: it asserts nothing).
//
// The set-up, every part real and each in its own process but the bench's clients:
//   - one redis-server (scripts/redis.js) keeping an append-only file, so that a restart keeps
//     what it had, as a production Redis restarted does;
//   - two instances of @iamsmart/server (packages/server/dist, bench/server-instance.js), each a
//     child process (its RSS and heap are its own), both on that Redis;
//   - the sandbox (bench/server-sandbox.js), its platform API the instances' platform; the relying
//     party is registered with one redirectURI, the loopback balancer's;
//   - a loopback balancer in the bench process, alternating between the live instances: the
//     platform's pushes go through it (it timestamps each one as it forwards it), and so do the
//     logins' browser steps;
//   - the pages: SSE clients in the bench process (a small text/event-stream reader), each on one
//     instance directly, resuming with Last-Event-ID on another live instance when theirs goes.
//
// How requests are driven: SESSIONS residents' browsers log in once through the server (/login,
// the hosted page approved on a simulated phone over plain HTTP), each phone with "Receive
// requests from websites" on (decision 033), so their requests go to the phone's inbox and the
// approval is the phone's own HTTP form posts (open the request, for signing choose the code the
// page shows, Approve); the sandbox then pushes the encrypted result to the balancer. RATE new
// requests a second (e-ME and signing alternately, spread over the sessions, created on the
// instances alternately) for SECONDS seconds, each with its page's stream, opened on the other
// instance than the one that created it; besides them, STREAMS idle pages (anonymous requests
// nobody approves, each its own browser) keep their streams open through both runs.
//
// Figures, per run: callback → page event latency (the balancer forwarding the push → the page's
// `done` event, both on the bench process's clock; the push is matched to its request by the
// server's onEme/onSigned hook, which reports the request id for the balancer's push number),
// each instance's memory at the start and the end, CPU seconds per process, the counts (started,
// approved, pushes acknowledged, results at the pages, lost = acknowledged pushes whose result
// never reached its page, duplicates = results delivered more than once to a page).
// The faults run is the same load on two fresh instances (the clean run's are replaced, so that
// it does not start behind their backlog), with Redis stopped and started again on its port at
// a third of the run, and instance B killed (SIGKILL) at two thirds; B's streams reconnect to A.
// The push's time is when the balancer writes it to the instance's connection.
import { fork } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { Agent, createServer, request as httpRequest } from 'node:http';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startRedis } from '../scripts/redis.js';
import { createBrowser, formFor, press } from '../packages/sandbox/test/helpers.js';
import { clientsFileWith, inboxOf, newTestRelyingParty, throughHostedPage } from '../packages/sandbox/test/platform-support.js';
import { summary } from './stats.js';

const SECONDS = Number(process.env.BENCH_SERVER_SECONDS ?? 60);
const RATE = Number(process.env.BENCH_SERVER_RATE ?? 50);
const STREAMS = Number(process.env.BENCH_SERVER_STREAMS ?? 1000);
const SESSIONS = Number(process.env.BENCH_SERVER_SESSIONS ?? 20);
/** After the load, how long results may still come before the run's figures are taken. */
const DRAIN_MS = Number(process.env.BENCH_SERVER_DRAIN_MS ?? 30_000);
const FINAL = new Set(['done', 'denied', 'expired', 'cancelled', 'error']);
const here = (file) => fileURLToPath(new URL(file, import.meta.url));
const tools = { createBrowser, formFor, press };
const sleep = (ms) => new Promise((resolve) => { setTimeout(resolve, ms); });
const now = () => performance.now();

/** Every child process and server the bench started, ended on the way out whatever happens. */
const cleanups = [];
const children = new Set();
/** Set once the bench is over: no stream opens or reconnects after that. */
let over = false;
export function killChildren() {
  for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
}
process.on('exit', killChildren);

/** A child with IPC; resolves with it and its first 'ready' message. */
export async function start(script, args, name) {
  const child = fork(script, args, { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  children.add(child);
  child.once('exit', () => children.delete(child));
  const ready = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`bench: ${name} did not start within 30 s`)), 30_000);
    child.once('exit', (code, signal) => { clearTimeout(timer); reject(new Error(`bench: ${name} exited (${code ?? signal}) before it was ready`)); });
    child.on('message', (message) => { if (message?.type === 'ready') { clearTimeout(timer); resolve(message); } });
  });
  return { child, ready, name };
}

/** process.memoryUsage() of a child, asked over IPC. */
function memoryOf(child) {
  if (!child.connected) return Promise.resolve(undefined);
  return new Promise((resolve) => {
    const timer = setTimeout(() => { child.off('message', on); resolve(undefined); }, 5_000);
    const on = (message) => {
      if (message?.type !== 'memory') return;
      clearTimeout(timer);
      child.off('message', on);
      resolve({ rssMB: mb(message.memory.rss), heapUsedMB: mb(message.memory.heapUsed), heapTotalMB: mb(message.memory.heapTotal), platformAnswers: message.platformAnswers });
    };
    child.on('message', on);
    child.send({ type: 'memory' });
  });
}
const mb = (bytes) => Math.round((bytes / 1024 / 1024) * 10) / 10;

/** CPU seconds (user + system) a process has used so far, from /proc (Linux). */
export function cpuSeconds(pid) {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').replace(/^.*\) /, '').split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return undefined;
  }
}

// ---------------------------------------------------------------------------------------------
// The balancer: alternates between live instances; a refused connection goes to the next one
// (nothing was sent), any other failure is a 502 (the platform retries a push later).

function startBalancer() {
  const instances = [];
  const pushes = [];
  const agent = new Agent({ keepAlive: true });
  let turn = 0;
  const server = createServer((request, response) => {
    const chunks = [];
    request.on('data', (chunk) => chunks.push(chunk));
    request.on('end', () => {
      const body = Buffer.concat(chunks);
      const headers = { ...request.headers };
      delete headers.connection;
      let push;
      if (request.method === 'POST' && request.url.startsWith('/iamsmart/callback')) {
        let businessID;
        let code;
        try {
          ({ businessID, code } = JSON.parse(body.toString('utf8')));
        } catch {
          // not JSON: forwarded all the same
        }
        push = { n: pushes.length, arrivedAt: now(), at: now(), businessID, code, status: 0, attempts: [] };
        pushes.push(push);
        headers['x-bench-push'] = String(push.n);
      }
      forward(request.method, request.url, headers, body, response, push, new Set());
    });
  });
  function forward(method, url, headers, body, response, push, tried) {
    const live = instances.filter((instance) => instance.alive && !tried.has(instance));
    if (live.length === 0) {
      if (push) push.status = 502;
      response.writeHead(502).end();
      return;
    }
    const target = live[turn++ % live.length];
    if (push) push.attempts.push(target.name);
    const stamp = () => { if (push) push.at = now(); };
    const out = httpRequest({ host: '127.0.0.1', port: target.port, method, path: url, headers, agent }, (answer) => {
      if (push) {
        push.status = answer.statusCode;
        push.instance = target.name;
        push.answeredAt = now();
        // What a refused push was told (its error code), for the figures.
        if (answer.statusCode >= 300) {
          let text = '';
          answer.on('data', (chunk) => { if (text.length < 500) text += chunk; });
          answer.on('end', () => {
            try {
              push.error = JSON.parse(text)?.error?.code;
            } catch {
              push.error = text.slice(0, 60);
            }
          });
        }
      }
      response.writeHead(answer.statusCode, answer.headers);
      answer.pipe(response);
    });
    out.on('error', (error) => {
      if (error.code === 'ECONNREFUSED') {
        tried.add(target);
        forward(method, url, headers, body, response, push, tried);
        return;
      }
      if (push) push.status = 502;
      if (!response.headersSent) response.writeHead(502);
      response.end();
    });
    // The push reaches the instance when it is written to the instance's connection.
    out.once('socket', (socket) => {
      if (socket.connecting) socket.once('connect', stamp);
      else stamp();
    });
    out.end(body);
  }
  return {
    instances, pushes,
    async listen() {
      await new Promise((resolve) => { server.listen(0, '127.0.0.1', resolve); });
      return `http://localhost:${server.address().port}`;
    },
    close: () => new Promise((resolve) => { server.closeAllConnections(); server.close(() => resolve()); agent.destroy(); }),
  };
}

// ---------------------------------------------------------------------------------------------
// A page's event stream: a small text/event-stream reader on node:http.

class PageStream {
  /**
   * @param {{ id: string, cookie: string, instance: any, pick: (current: any) => any, onEvent: (stream: PageStream, view: any, at: number) => void }} options
   */
  constructor({ id, cookie, instance, pick, onEvent }) {
    Object.assign(this, { id, cookie, instance, pick, onEvent });
    this.lastEventId = undefined;
    this.retryMs = 2000;
    this.final = undefined;
    this.connects = 0;
    this.reconnects = 0;
    this.resumed = 0;
    this.refusals = [];
    this.closed = false;
    this.openNow = false;
  }

  open() {
    if (over || this.closed || this.final) return;
    const instance = this.pick(this.instance);
    if (!instance) {
      this.later();
      return;
    }
    this.instance = instance;
    const headers = { accept: 'text/event-stream', cookie: this.cookie };
    if (this.lastEventId !== undefined) {
      headers['last-event-id'] = this.lastEventId;
      this.resumed += 1;
    }
    this.connects += 1;
    const request = httpRequest({ host: '127.0.0.1', port: instance.port, path: `/iamsmart/requests/${this.id}/events`, headers, agent: false });
    this.request = request;
    request.on('response', (response) => {
      if (response.statusCode !== 200) {
        this.refusals.push(response.statusCode);
        response.resume();
        // EventSource gives up on a non-200 answer; a 5xx from a server in trouble is tried again here, a 4xx is final.
        if (response.statusCode >= 500) response.on('end', () => this.later());
        else this.closed = true;
        return;
      }
      this.openNow = true;
      response.setEncoding('utf8');
      let buffer = '';
      response.on('data', (text) => {
        buffer += text;
        let end;
        while ((end = buffer.search(/\r?\n\r?\n/)) !== -1) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + (buffer[end] === '\r' ? 4 : 2));
          this.block(block);
        }
      });
      // Ended by the server, or cut (the instance gone): 'close' comes either way.
      response.on('error', () => {});
      response.on('close', () => { this.openNow = false; this.later(); });
    });
    request.on('error', () => { this.openNow = false; this.later(); });
    request.end();
  }

  /** One event block: `id:`, `event:`, `data:` lines (comments and `retry:` too). */
  block(block) {
    let data;
    let id;
    for (const line of block.split(/\r?\n/)) {
      if (line.startsWith(':')) continue;
      const colon = line.indexOf(':');
      const field = colon === -1 ? line : line.slice(0, colon);
      const value = colon === -1 ? '' : line.slice(colon + 1).replace(/^ /, '');
      if (field === 'data') data = data === undefined ? value : `${data}\n${value}`;
      else if (field === 'id') id = value;
      else if (field === 'retry' && /^\d+$/.test(value)) this.retryMs = Number(value);
    }
    if (id !== undefined) this.lastEventId = id;
    if (data === undefined) return;
    const at = now();
    let view;
    try {
      view = JSON.parse(data);
    } catch {
      return;
    }
    this.onEvent(this, view, at);
    if (FINAL.has(view.state)) {
      this.final = view;
      this.request?.destroy();
      this.openNow = false;
    }
  }

  /** The stream ended before a final state: again after `retry`, on a live instance. */
  later() {
    if (over || this.closed || this.final || this.pending) return;
    this.pending = setTimeout(() => {
      this.pending = undefined;
      this.reconnects += 1;
      this.open();
    }, this.retryMs);
  }

  close() {
    this.closed = true;
    clearTimeout(this.pending);
    this.request?.destroy();
    this.openNow = false;
  }
}

// ---------------------------------------------------------------------------------------------
// JSON over keep-alive HTTP with a cookie header (a page's fetch).

const pageAgent = new Agent({ keepAlive: true, maxSockets: 1024 });
function postJson(instance, path, body, { cookie, origin }) {
  const text = JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const request = httpRequest({
      host: '127.0.0.1', port: instance.port, path, method: 'POST', agent: pageAgent,
      headers: {
        'content-type': 'application/json', 'content-length': Buffer.byteLength(text), origin, 'sec-fetch-site': 'same-origin',
        ...(cookie ? { cookie } : {}),
      },
    }, (response) => {
      let answer = '';
      response.setEncoding('utf8');
      response.on('data', (chunk) => { answer += chunk; });
      response.on('end', () => {
        let json;
        try {
          json = JSON.parse(answer);
        } catch {
          json = undefined;
        }
        resolve({ status: response.statusCode, json, setCookie: response.headers['set-cookie'] ?? [] });
      });
    });
    request.on('error', reject);
    request.setTimeout(15_000, () => request.destroy(new Error('timeout')));
    request.end(text);
  });
}

/** `name=value` pairs of Set-Cookie headers, joined for a Cookie header. */
const cookiePairs = (setCookie) => setCookie.map((header) => header.split(';')[0]).join('; ');
/** A createBrowser jar as a Cookie header. */
const jarCookie = (browser) => [...browser.jar.values()].map(({ name, value }) => `${name}=${value}`).join('; ');

// ---------------------------------------------------------------------------------------------

/** A resident's browser logged in through the server, and the phone that approved it (inbox on). */
async function logIn(balancerOrigin, issuer) {
  const browser = createBrowser();
  const phone = createBrowser();
  const started = await browser.request(`${balancerOrigin}/iamsmart/login?returnTo=${encodeURIComponent('/')}&lang=en`);
  if (started.status !== 303) throw new Error(`bench: /iamsmart/login answered ${started.status}`);
  const landed = await throughHostedPage(tools, issuer, new URL(started.headers.get('location')), 'Approve', undefined, phone);
  const back = await browser.request(landed);
  if (back.status !== 303 || !/iams_login=1/.test(back.headers.get('location') ?? '')) {
    throw new Error(`bench: the login's callback answered ${back.status} ${back.headers.get('location')}`);
  }
  const homeUrl = new URL('/app', issuer);
  const turnedOn = await press(phone, issuer, await (await phone.request(homeUrl)).text(), homeUrl, 'Turn on');
  if (!/Receive requests from websites on this phone: <strong>On<\/strong>/.test(await turnedOn.response.text())) {
    throw new Error('bench: the phone\'s "Receive requests from websites" did not turn on');
  }
  return { browser, phone, cookie: jarCookie(browser), waiting: new Map(), seen: new Set() };
}

/**
 * The phone's side: open each new request in the inbox, choose the code the page shows (signing),
 * Approve. Runs until `stop()`; requests it does not know (another run's) are left alone.
 */
export function phoneWorker(session, issuer, requests, counts) {
  let running = true;
  const done = (async () => {
    while (running) {
      let items;
      try {
        items = (await inboxOf(session.phone, issuer)).filter(({ href }) => !session.seen.has(href));
      } catch {
        counts.phoneErrors += 1;
        await sleep(200);
        continue;
      }
      if (items.length === 0) {
        await sleep(100);
        continue;
      }
      for (const { href } of items) {
        session.seen.add(href);
        try {
          const opened = await session.phone.follow(new URL(href, issuer), issuer);
          const page = await opened.response.text();
          const number = /Bench (?:form|document) #(\d+)/.exec(page)?.[1];
          const record = number === undefined ? undefined : requests[Number(number)];
          if (!record) continue;
          let screen = { page, location: opened.location };
          if (record.flow === 'sign') {
            const matched = await press(session.phone, issuer, page, opened.location, record.view.identificationCode);
            screen = { page: await matched.response.text(), location: matched.location };
          }
          const approved = await press(session.phone, issuer, screen.page, screen.location, 'Approve');
          await approved.response.text();
          record.approvedAt = now();
          counts.approved += 1;
        } catch {
          counts.phoneErrors += 1;
        }
      }
    }
  })();
  return { stop: async () => { running = false; await done; } };
}

const EME_FIELDS = ['enName', 'idNo', 'mobileNumber'];

/** One run: RATE requests a second for SECONDS s (and the faults, when given), then the drain. */
async function loadRun({ label, sessions, instances, balancer, issuer, balancerOrigin, requests, pick, faults = [], processes }) {
  const counts = { started: 0, created: 0, createRefused: {}, createErrors: 0, approved: 0, phoneErrors: 0, answeredAfterTheRun: 0 };
  let runOver = false;
  const first = requests.length;
  const firstPush = balancer.pushes.length;
  const memoryStart = Object.fromEntries(await Promise.all(instances.map(async (instance) => [instance.name, await memoryOf(instance.child)])));
  const cpuStart = Object.fromEntries(processes().map(({ name, pid }) => [name, cpuSeconds(pid)]));
  const loadStart = loadavg()[0];
  const workers = sessions.map((session) => phoneWorker(session, issuer, requests, counts));
  const startedAt = now();
  const creating = [];
  const faultLog = [];
  const timeline = [];
  const faultTimers = faults.map(({ at, what, run }) => setTimeout(() => {
    const began = now();
    creating.push(run().then(() => faultLog.push({ what, atSeconds: Math.round((began - startedAt) / 100) / 10, tookMs: Math.round(now() - began) })));
  }, at * 1000));
  const total = Math.round(SECONDS * RATE);
  for (let i = 0; i < total; i += 1) {
    const due = startedAt + (i * 1000) / RATE;
    const wait = due - now();
    if (wait > 0) await sleep(wait);
    const number = requests.length;
    const session = sessions[number % sessions.length];
    const flow = number % 2 === 0 ? 'eme' : 'sign';
    const record = { number, flow, session, run: label };
    requests.push(record);
    counts.started += 1;
    const body = flow === 'eme'
      ? { flow, fields: EME_FIELDS, formName: `Bench form #${number}`, formNum: 'BENCH-1', purpose: 'Benchmark', lang: 'en' }
      : { flow, hash: randomBytes(32).toString('base64'), documentName: `Bench document #${number}`, lang: 'en' };
    const live = instances.filter((instance) => instance.alive);
    const creator = live[number % live.length];
    const second = Math.floor((now() - startedAt) / 1000);
    const bucket = (timeline[second] ??= { second, created: 0, refused: 0, failed: 0 });
    const cookieHeader = session.cookie;
    creating.push(postJson(creator, '/iamsmart/requests', body, { cookie: cookieHeader, origin: balancerOrigin }).then((answer) => {
      if (runOver) {
        counts.answeredAfterTheRun += 1;
        return;
      }
      if (answer.status !== 201 || !answer.json?.id) {
        const key = `${answer.status} ${answer.json?.error?.code}`;
        counts.createRefused[key] = (counts.createRefused[key] ?? 0) + 1;
        bucket.refused += 1;
        record.refused = { status: answer.status, code: answer.json?.error?.code };
        return;
      }
      counts.created += 1;
      bucket.created += 1;
      record.view = answer.json;
      record.createdAt = now();
      // The browser keeps the binding cookie the first answer sets (requests started before it
      // came each got their own, which their page keeps).
      const binding = cookiePairs(answer.setCookie);
      const cookie = binding ? `${cookieHeader}; ${binding}` : cookieHeader;
      if (binding && !session.bound) {
        session.bound = true;
        session.cookie = cookie;
      }
      const others = instances.filter((instance) => instance.alive && instance !== creator);
      record.cookie = cookie;
      record.stream = new PageStream({ id: answer.json.id, cookie, instance: others[0] ?? creator, pick, onEvent: record.onEvent });
      record.stream.open();
    }, () => { counts.createErrors += 1; bucket.failed += 1; record.error = true; }));
    record.onEvent = (_stream, view, at) => {
      record.events = (record.events ?? 0) + 1;
      if (view.state === 'done') {
        record.results = (record.results ?? 0) + 1;
        record.doneAt ??= at;
      } else if (FINAL.has(view.state)) record.ended = view.state;
    };
  }
  const loadEnded = now();
  // Creations still under way get at most 15 s more (a page's request times out then too).
  await Promise.race([Promise.allSettled(creating), sleep(15_000)]);
  // The drain: until every approved request has its result at its page, or DRAIN_MS.
  const mine = () => requests.slice(first);
  const drainUntil = now() + DRAIN_MS;
  while (now() < drainUntil) {
    const outstanding = mine().filter((record) => record.view && !record.stream?.final && !record.stream?.closed);
    if (outstanding.length === 0) break;
    await sleep(250);
  }
  const drainMs = Math.round(now() - loadEnded);
  for (const timer of faultTimers) clearTimeout(timer);
  await Promise.race([Promise.all(workers.map((worker) => worker.stop())), sleep(5_000)]);
  const wallSeconds = (now() - startedAt) / 1000;
  const cpu = Object.fromEntries(processes().map(({ name, pid }) => [name, cpuStart[name] === undefined ? undefined : Math.round(((cpuSeconds(pid) ?? cpuStart[name]) - cpuStart[name]) * 10) / 10]));
  const memoryEnd = Object.fromEntries(await Promise.all(instances.map(async (instance) => [instance.name, await memoryOf(instance.child)])));
  runOver = true;
  for (const record of mine()) record.stream?.close();

  // Pushes → requests: the hook's report (push number → request id), then the page's events.
  const pushes = balancer.pushes.slice(firstPush);
  const byId = new Map(mine().filter((record) => record.view).map((record) => [record.view.id, record]));
  const acknowledged = pushes.filter((push) => push.status >= 200 && push.status < 300);
  const ackedBusiness = new Set(acknowledged.map((push) => push.businessID));
  // Every count from one moment (before the lost ones are polled, while pushes still come).
  const statusCounts = {};
  for (const push of pushes) {
    const key = push.status === 0 ? 'no answer by the end' : `${push.status}${push.error ? ` ${push.error}` : ''}`;
    statusCounts[key] = (statusCounts[key] ?? 0) + 1;
  }
  const latencies = [];
  let lost = 0;
  let unmatched = 0;
  const lostSample = [];
  const lostRecords = [];
  for (const push of acknowledged) {
    const record = byId.get(balancer.finished.get(push.n));
    if (!record) {
      unmatched += 1;
      continue;
    }
    if (record.doneAt === undefined) {
      lost += 1;
      lostRecords.push(record);
      if (lostSample.length < 5) {
        lostSample.push({
          flow: record.flow, pushInstance: push.instance, streamInstance: record.stream?.instance.name, events: record.events ?? 0,
          streamOpen: record.stream?.openNow, connects: record.stream?.connects, refusals: record.stream?.refusals,
          pushAnsweredMsAfterArrival: Math.round(push.answeredAt - push.at), endMsAfterPush: Math.round(now() - push.at),
        });
      }
    }
    else if (!record.pushAt) {
      record.pushAt = push.at;
      latencies.push(record.doneAt - push.at);
    }
  }
  // Each lost one as the polling route (GET /requests/{id}) sees it now: stored `done` means the
  // result is kept but its stream never delivered it.
  const lostStates = {};
  await Promise.all(lostRecords.slice(0, 300).map(async (record) => {
    const instance = pick(undefined);
    let state = 'no instance';
    if (instance) {
      state = await new Promise((resolve) => {
        const request = httpRequest({ host: '127.0.0.1', port: instance.port, path: `/iamsmart/requests/${record.view.id}`, headers: { cookie: record.cookie }, agent: pageAgent }, (response) => {
          let text = '';
          response.on('data', (chunk) => { text += chunk; });
          response.on('end', () => {
            try {
              resolve(response.statusCode === 200 ? JSON.parse(text).state : `${response.statusCode}`);
            } catch {
              resolve(`${response.statusCode}`);
            }
          });
        });
        request.on('error', () => resolve('error'));
        request.setTimeout(10_000, () => { request.destroy(); resolve('timeout'); });
        request.end();
      });
    }
    lostStates[state] = (lostStates[state] ?? 0) + 1;
  }));
  const records = mine();
  const withResult = records.filter((record) => record.results > 0);

  const streamRefusals = {};
  for (const record of records) for (const status of record.stream?.refusals ?? []) streamRefusals[status] = (streamRefusals[status] ?? 0) + 1;
  const approveToPage = records.filter((record) => record.approvedAt !== undefined && record.doneAt !== undefined).map((record) => record.doneAt - record.approvedAt);
  const streams = records.filter((record) => record.stream);
  return {
    seconds: SECONDS, targetRatePerSecond: RATE, wallSeconds: Math.round(wallSeconds * 10) / 10, drainMs,
    requests: {
      started: counts.started, created: counts.created, refused: counts.createRefused, failed: counts.createErrors,
      createdPerSecond: Math.round((counts.created / SECONDS) * 10) / 10,
      approvedOnPhone: counts.approved, phoneErrors: counts.phoneErrors, answeredAfterTheRun: counts.answeredAfterTheRun,
    },
    pushes: {
      received: pushes.length, byStatus: statusCounts, acknowledged: acknowledged.length, acknowledgedRequests: ackedBusiness.size,
      acknowledgedByPlatformCode: acknowledged.reduce((all, push) => ({ ...all, [push.code]: (all[push.code] ?? 0) + 1 }), {}),
      matchedToRequest: acknowledged.length - unmatched, unmatched,
    },
    results: {
      atPages: withResult.length,
      lost,
      deliveredTwice: records.filter((record) => record.results > 1).length,
      endedOtherwise: records.filter((record) => record.ended).length,
      withoutFinalEvent: streams.filter((record) => !record.stream.final).length,
      streamReconnects: streams.reduce((sum, record) => sum + record.stream.reconnects, 0),
      streamsResumedWithLastEventId: streams.filter((record) => record.stream.resumed > 0).length,
      streamRefusals,
      ...(lostSample.length ? { lostSample, lostPolledNow: lostStates } : {}),
    },
    pushAnswerMs: summary(acknowledged.map((push) => push.answeredAt - push.at)),
    callbackToPageEventMs: summary(latencies),
    approveToPageEventMs: summary(approveToPage),
    memory: Object.fromEntries(instances.map((instance) => [instance.name, { start: memoryStart[instance.name], end: memoryEnd[instance.name] }])),
    cpuSeconds: cpu,
    loadAverage1min: { start: loadStart, end: loadavg()[0] },
    faults: faultLog,
    // Each second of the load: requests created, refused, and without an answer (15 s) or cut.
    creationsPerSecond: timeline.filter(Boolean).map(({ second, created, refused, failed }) => `${second}:${created}/${refused}/${failed}`).join(' '),
  };
}

/** D29005 answers of the platform, summed over the instances' counts at the end of a run. */
function timestampRefusals(run) {
  let refused = 0;
  let all = 0;
  for (const { end } of Object.values(run.memory)) {
    for (const [key, count] of Object.entries(end?.platformAnswers ?? {})) {
      all += count;
      if (key.endsWith(' D29005')) refused += count;
    }
  }
  return { refused, all };
}

/** The README's notes under the table: what the figures rest on. */
export function notesOf(result) {
  const { clean, faults } = result;
  const ms = (value) => `${Math.round(value)} ms`;
  const instanceCpu = (clean.cpuSeconds['instance A'] ?? 0) + (clean.cpuSeconds['instance B'] ?? 0);
  const stamps = timestampRefusals(clean);
  const loads = [clean.loadAverage1min.start, clean.loadAverage1min.end, faults.loadAverage1min.start, faults.loadAverage1min.end];
  return [
    `Server part measured ${result.date.slice(0, 10)} on ${result.machine.cores} cores (${result.machine.cpu}), shared with other work: the 1-minute load average was ${Math.min(...loads).toFixed(1)}–${Math.max(...loads).toFixed(1)} during the runs, so the times include waiting for a core. Node clients, no browser.`,
    'Pushes are the sandbox\'s own (encrypted results, its retry policy), to the one registered redirectURI, a loopback balancer that alternates between the instances; the residents logged in once through the server with "Receive requests from websites" on, so each request waits in the phone\'s inbox and the approval is the phone simulator\'s own HTTP form posts.',
    `Callback → page event: the balancer forwarding the push → the page's \`done\` event, one clock (the bench process); the instance answered the push after ${ms(clean.pushAnswerMs.median ?? 0)} (median), p95 ${ms(clean.pushAnswerMs.p95 ?? 0)}. CPU of both instances over the clean run: ${instanceCpu.toFixed(1)} s for ${clean.pushes.acknowledged} pushes and ${clean.requests.created} requests; the sandbox ${clean.cpuSeconds.sandbox} s; the bench ${clean.cpuSeconds['bench (pages, phones, balancer)']} s.`,
    `Requests not created: ${clean.requests.started - clean.requests.created} of ${clean.requests.started} in the clean run: refused ${Object.entries(clean.requests.refused).map(([key, count]) => `${count} × ${key}`).join(', ') || 'none'}, and ${clean.requests.failed} without an answer within 15 s; the platform answered D29005 (timestamp lower than the last accepted) to ${stamps.refused} of the instances' ${stamps.all} calls.`,
    `Faults run, on two fresh instances (the clean run's backlog of ${faults.pushesStillUnansweredFromTheCleanRun} unanswered pushes left behind): ${faults.faults.map((fault) => `${fault.what} at ${fault.atSeconds} s`).join('; ')}. ${faults.idleStreams.reconnects} idle streams reconnected, ${faults.results.streamsResumedWithLastEventId} request streams resumed with Last-Event-ID; creations refused ${Object.entries(faults.requests.refused).map(([key, count]) => `${count} × ${key}`).join(', ') || 'none'}, ${faults.requests.failed} without an answer within 15 s or cut.`,
  ];
}

/** The benchmark: set-up, the clean run, the faults run; everything stopped on the way out. */
export async function benchServer() {
  const began = now();
  const redisDir = await mkdtemp(join(tmpdir(), 'iams-bench-redis-'));
  cleanups.push(() => rm(redisDir, { recursive: true, force: true }));
  let redis = await startRedis(undefined, { dir: redisDir });
  cleanups.push(() => redis.stop('SIGKILL'));
  const balancer = startBalancer();
  balancer.finished = new Map();
  cleanups.push(() => balancer.close());
  const balancerOrigin = await balancer.listen();
  const party = newTestRelyingParty({
    redirectUris: [`${balancerOrigin}/iamsmart/callback`],
    scopes: ['eidapi_auth', 'eidapi_profiles', 'eidapi_formFilling', 'eidapi_sign'],
  });
  const clients = await clientsFileWith('iams-bench-server-', [party.entry]);
  cleanups.push(() => clients.remove());
  try {
    const sandbox = await start(here('./server-sandbox.js'), [clients.clientsFile], 'the sandbox');
    const { issuer, signingRootPem } = sandbox.ready;
    const options = {
      platformUrl: issuer, clientID: party.client.clientID, clientSecret: party.client.secret, privateKey: party.client.privateKeyPem,
      origin: balancerOrigin, redisUrl: redis.url, sessionSecret: randomBytes(32).toString('base64url'),
      scope: 'eidapi_auth eidapi_profiles eidapi_formFilling eidapi_sign',
      trustAnchorsPem: [signingRootPem], signing: { department: 'Bench Department', serviceName: 'Bench service' },
    };
    const instances = [];
    const startInstance = async (name) => {
      const started = await start(here('./server-instance.js'), [JSON.stringify(options)], `instance ${name}`);
      started.child.on('message', (message) => {
        if (message?.type === 'finished' && message.push !== undefined) balancer.finished.set(message.push, message.id);
      });
      const instance = { name, child: started.child, port: started.ready.port, alive: true };
      started.child.once('exit', () => { instance.alive = false; });
      return instance;
    };
    for (const name of ['A', 'B']) instances.push(await startInstance(name));
    balancer.instances.push(...instances);
    /** Where a stream goes: its instance while it lives, else the live one of that name (a replacement), else any live one. */
    const pick = (current) => (current?.alive ? current
      : instances.find((instance) => instance.alive && instance.name === current?.name) ?? instances.find((instance) => instance.alive));
    const processes = () => [
      ...instances.filter((instance) => instance.alive).map((instance) => ({ name: `instance ${instance.name}`, pid: instance.child.pid })),
      { name: 'sandbox', pid: sandbox.child.pid }, { name: 'bench (pages, phones, balancer)', pid: process.pid },
    ];

    const setupStarted = now();
    const sessions = [];
    for (let i = 0; i < SESSIONS; i += 1) sessions.push(await logIn(balancerOrigin, issuer));
    const loginsMs = Math.round(now() - setupStarted);

    // The idle pages: anonymous requests (each its own browser, so its own binding cookie), on
    // both instances, that nobody approves; their streams stay open through both runs.
    const idleStarted = now();
    const idle = [];
    const idleEvents = { total: 0 };
    const idleRefusals = {};
    for (let i = 0; i < STREAMS; i += 50) {
      await Promise.all(Array.from({ length: Math.min(50, STREAMS - i) }, async (_, j) => {
        const instance = instances[(i + j) % 2];
        let answer;
        // A refusal is tried again, as a page would (counted: see idleRefusals).
        for (let attempt = 0; attempt < 10; attempt += 1) {
          answer = await postJson(instance, '/iamsmart/requests', { flow: 'eme', fields: EME_FIELDS, formName: 'Idle form', formNum: 'IDLE-1', purpose: 'A page nobody approves', lang: 'en', anonymous: true }, { origin: balancerOrigin });
          if (answer.status === 201) break;
          const key = `${answer.status} ${answer.json?.error?.code}`;
          idleRefusals[key] = (idleRefusals[key] ?? 0) + 1;
        }
        if (answer.status !== 201) {
          const answers = await Promise.all(instances.map((one) => memoryOf(one.child)));
          throw new Error(`bench: an idle page's POST /iamsmart/requests answered ${answer.status} ${JSON.stringify(answer.json)} ten times; the platform answered ${JSON.stringify(answers.map((one) => one?.platformAnswers))}`);
        }
        const stream = new PageStream({ id: answer.json.id, cookie: cookiePairs(answer.setCookie), instance, pick, onEvent: () => { idleEvents.total += 1; } });
        stream.open();
        idle.push(stream);
      }));
    }
    await sleep(1000);
    const idleMs = Math.round(now() - idleStarted);
    const idleOpen = () => idle.filter((stream) => stream.openNow).length;
    const idleBefore = idleOpen();
    console.log(`bench server: ${SESSIONS} logins in ${loginsMs} ms; ${idleBefore} of ${STREAMS} idle streams open (${idleMs} ms); refusals on the way ${JSON.stringify(idleRefusals)}`);

    const requests = [];
    const common = { sessions, instances, balancer, issuer, balancerOrigin, requests, pick, processes };
    console.log(`bench server: clean run, ${RATE} requests/s for ${SECONDS} s`);
    const clean = await loadRun({ label: 'clean', ...common });
    clean.idleStreamsOpen = { atStart: idleBefore, atEnd: idleOpen() };
    console.log(JSON.stringify(clean));

    // Pushes of the clean run still being answered get up to 15 s; then both instances are
    // replaced by fresh ones (a deploy), so that the faults run does not start behind the clean
    // run's backlog. The idle streams reconnect to the new instances with Last-Event-ID.
    const settleStarted = now();
    while (balancer.pushes.some((push) => push.status === 0) && now() - settleStarted < 15_000) await sleep(500);
    const inFlightPushes = balancer.pushes.filter((push) => push.status === 0).length;
    const replaced = [];
    for (const [index, old] of instances.entries()) {
      old.alive = false;
      await new Promise((resolve) => { old.child.once('exit', resolve); old.child.kill('SIGKILL'); });
      const fresh = await startInstance(old.name);
      instances[index] = fresh;
      balancer.instances[index] = fresh;
      replaced.push(fresh.name);
    }
    await sleep(5_000);
    const faultsSeconds = SECONDS;
    console.log(`bench server: faults run, ${RATE} requests/s for ${faultsSeconds} s; Redis restarted at ${Math.round(faultsSeconds / 3)} s, instance B killed at ${Math.round((2 * faultsSeconds) / 3)} s`);
    const idleBeforeFaults = idleOpen();
    const idleReconnectsBefore = idle.reduce((sum, stream) => sum + stream.reconnects, 0);
    const faults = await loadRun({
      label: 'faults', ...common,
      faults: [
        { at: faultsSeconds / 3, what: 'Redis stopped (SIGTERM) and started again on its port', run: async () => {
          const port = redis.port;
          await redis.stop('SIGTERM');
          redis = await startRedis(port, { dir: redisDir });
        } },
        { at: (2 * faultsSeconds) / 3, what: 'instance B killed (SIGKILL)', run: async () => {
          const b = instances[1];
          b.alive = false;
          await new Promise((resolve) => { b.child.once('exit', resolve); b.child.kill('SIGKILL'); });
        } },
      ],
    });
    await sleep(Math.min(5_000, DRAIN_MS));
    faults.pushesStillUnansweredFromTheCleanRun = inFlightPushes;
    faults.instancesReplacedBefore = replaced;
    faults.idleStreams = {
      openBefore: idleBeforeFaults, openAtEnd: idleOpen(), reconnects: idle.reduce((sum, stream) => sum + stream.reconnects, 0) - idleReconnectsBefore,
      refusedOnReconnect: idle.filter((stream) => stream.refusals.length > 0).length, eventsSinceStart: idleEvents.total,
    };
    console.log(JSON.stringify(faults));
    for (const stream of idle) stream.close();
    const result = {
      date: new Date().toISOString(),
      machine: { cores: cpus().length, cpu: cpus()[0]?.model },
      setup: { sessions: SESSIONS, loginsMs, idleStreams: STREAMS, idleStreamsOpenMs: idleMs, idleCreateRefusals: idleRefusals },
      clean, faults, wallSeconds: Math.round((now() - began) / 1000),
    };
    result.notes = notesOf(result);
    return result;
  } finally {
    over = true;
    killChildren();
    for (const cleanup of cleanups.reverse()) await Promise.resolve().then(cleanup).catch(() => {});
    pageAgent.destroy();
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  console.log(JSON.stringify(await benchServer(), null, 2));
}
