// A stand-in for the website's own `@iamsmart/server` in the browser tests of backend mode (the
// SDK's backend client and the elements over it), run as a dev-server middleware on the test
// page's own origin, as the real server is mounted on the website's. It implements the fixed
// HTTP contract and nothing of the platform: a "login" succeeds (or fails as the scenario says) at
// once. The real server is tested end to end elsewhere.
//
// The test page registers a scenario (same origin):
//   POST /fake-backend/scenario  {loginError?, sessionStatus?, sessionBody?, logoutStatus?, resident?}
//     -> {id, backend}  where backend = /fake-backend/<id>
// and then, under `backend`:
//   GET  {backend}/login?returnTo=&lang=  303 to returnTo + `iams_login=1` with an HttpOnly session
//        cookie (or + `iams_error=<loginError>`, no cookie); with `Accept: application/json` it
//        answers {location} instead, so a test reads where it would go without leaving its page.
//        A returnTo that is not a same-origin path, or another lang, is 400 invalid_request.
//   GET  {backend}/session  {loggedIn:false} | {loggedIn:true, resident, expiresAt}; no-store
//        (or `sessionStatus` with an error body, or `sessionBody` as it is);
//   POST {backend}/logout   204, the session forgotten and the cookie cleared; 403
//        cross_site_request when Sec-Fetch-Site or Origin say another site (or `logoutStatus`);
//   GET  {backend}/log      what it saw: logins {returnTo, lang}, logouts, the session ids issued,
//        requests (bodies as sent), event connections (Last-Event-ID of each), polls, cancels.
// Signing and e-ME requests (decision 037), with the scenario's `requests` options
// {channel: 'app'|'hosted' (default 'app'), identificationCode, retryMs, expiresInMs,
//  startStatus/startCode (refuse the POST), eventsStatus (refuse every event stream)}:
//   POST {backend}/requests              201 RequestView; sets the binding cookie (HttpOnly) when absent;
//   GET  {backend}/requests/{id}         200 RequestView (polling);
//   GET  {backend}/requests/{id}/events  text/event-stream: `retry`, then `id: seq / event: request /
//        data: view` when the view's seq is above Last-Event-ID; ends after a final view;
//   GET  {backend}/requests/{id}/hosted  a stand-in of iAM Smart's page (200 HTML);
//   POST {backend}/requests/{id}/cancel  204, the request ends `cancelled`;
//   every /requests/{id}… route is 404 invalid_request without the binding cookie.
// Notifications (decision 059), with the scenario's `notifications` options {topics: [{id, name:
// {en, zh-HK, zh-CN}}] (default: reservation-ready, opening-hours), consented (default none),
// status/code (refuse the GET), stopStatus (refuse the stop)}; without the session cookie the GET
// answers {loggedIn: false, topics, consented: []} (as /session) and the stop 401 login_required:
//   GET  {backend}/notifications?lang=   {loggedIn: true, topics: [{id, name in lang}], consented, updatedAt};
//   POST {backend}/notifications/stop    {topics?} → {consented} (all stopped without topics); 403
//        cross_site_request as logout; a `notify` request approved with {consented} stores it.
// Test controls, POST {backend}/control {action, id?, …} on the latest request (or `id`):
//   approve {result} → done; decline → denied access_denied; expire → expired session_expired;
//   fail {code} → error (denied for code_mismatch); cancel → cancelled (as the resident in the app);
//   touch → the same state with the next seq; drop → every open stream ends without a final view;
//   stop / resume → the request routes answer 503 until resumed.
import { randomBytes } from 'node:crypto';

const PREFIX = '/fake-backend/';
const LANGS = ['en', 'zh-HK', 'zh-CN'];
const DEFAULT_RESIDENT = { openID: 'fake-openid-chan-tai-man', enName: 'CHAN, Tai Man', chName: '陳大文' };
const DEFAULT_TOPICS = [
  { id: 'reservation-ready', name: { en: 'Reservation ready', 'zh-HK': '預約館藏可取', 'zh-CN': '预约馆藏可取' } },
  { id: 'opening-hours', name: { en: 'Changes to opening hours', 'zh-HK': '開放時間變更', 'zh-CN': '开放时间变更' } },
];
const CODE_FOR_STATUS = { 400: 'invalid_request', 403: 'cross_site_request', 502: 'platform_error', 503: 'backend_unavailable', 504: 'timeout' };

function json(ctx, status, body) {
  ctx.status = status;
  ctx.set('Cache-Control', 'no-store');
  ctx.type = 'application/json';
  ctx.body = JSON.stringify(body);
}

function error(ctx, status, code = CODE_FOR_STATUS[status] ?? 'unknown') {
  json(ctx, status, { error: { code, message: `fake backend: ${code}` } });
}

/** One RequestView, as the contract lets the page see it (no ticket, no business id). */
function viewOf(request) {
  const view = { id: request.id, flow: request.flow, anonymous: request.anonymous, state: request.state, seq: request.seq, expiresAt: request.expiresAt };
  if (request.state === 'awaiting-app' && request.identificationCode) view.identificationCode = request.identificationCode;
  if (request.state === 'hosted') view.hostedUrl = request.hostedUrl;
  if (request.state === 'done') view.result = request.result;
  if (request.error) view.error = request.error;
  return view;
}

const FINAL = ['done', 'denied', 'expired', 'cancelled', 'error'];

function sendEvent(res, request) {
  res.write(`id: ${request.seq}\nevent: request\ndata: ${JSON.stringify(viewOf(request))}\n\n`);
}

/** A new state: the seq moves on and every open stream hears it; a final state ends them. */
function change(request, patch) {
  if (FINAL.includes(request.state)) return;
  Object.assign(request, patch, { seq: request.seq + 1 });
  for (const res of request.streams) {
    sendEvent(res, request);
    if (FINAL.includes(request.state)) res.end();
  }
  if (FINAL.includes(request.state)) request.streams.clear();
}

function isSameOrigin(ctx) {
  const site = ctx.get('Sec-Fetch-Site');
  const origin = ctx.get('Origin');
  return !((site && site !== 'same-origin') || (origin && origin !== ctx.request.origin));
}

async function readJson(req) {
  const chunks = [];
  for await (const chunk of req) chunks.push(chunk);
  const text = Buffer.concat(chunks).toString('utf8');
  return text ? JSON.parse(text) : {};
}

/** A JSON POST's body, or undefined when it is not JSON (the caller answers 400). */
async function readBody(ctx) {
  if (!ctx.get('Content-Type').startsWith('application/json')) return undefined;
  try {
    return await readJson(ctx.req);
  } catch {
    return undefined;
  }
}

/** True for a path on this origin (`/…`, not `//host`), as the real server checks `returnTo`. */
function isLocalPath(value) {
  return typeof value === 'string' && value.startsWith('/') && !value.startsWith('//') && !value.includes('\\');
}

/** @returns {import('koa').Middleware} */
export function fakeBackendMiddleware() {
  const scenarios = new Map();
  return async function fakeBackend(ctx, next) {
    if (!ctx.path.startsWith(PREFIX)) return next();
    if (ctx.path === `${PREFIX}scenario` && ctx.method === 'POST') {
      const id = randomBytes(8).toString('hex');
      const options = await readJson(ctx.req);
      scenarios.set(id, {
        options,
        sessions: new Map(),
        requests: new Map(),
        latest: undefined,
        stopped: false,
        consented: [...(options.notifications?.consented ?? [])],
        log: { logins: [], logouts: 0, sessionIds: [], sessionRequests: 0, requests: [], eventConnections: [], polls: 0, cancels: 0, notifications: [], stops: [] },
      });
      json(ctx, 200, { id, backend: `${PREFIX}${id}` });
      return undefined;
    }
    const requestMatch = /^\/fake-backend\/([0-9a-f]+)\/(requests|control)(?:\/([A-Za-z0-9_-]{43})(?:\/(events|hosted|cancel))?)?$/.exec(ctx.path);
    if (requestMatch && scenarios.has(requestMatch[1])) return requestRoutes(ctx, scenarios.get(requestMatch[1]), requestMatch);
    const match = /^\/fake-backend\/([0-9a-f]+)\/(login|session|logout|log|notifications|notifications\/stop)$/.exec(ctx.path);
    const scenario = match && scenarios.get(match[1]);
    if (!scenario) return next();
    const [, id, route] = match;
    const { options, sessions, log } = scenario;
    const cookie = `iams_sid_${id}`;
    const base = `${PREFIX}${id}`;

    if (route === 'log' && ctx.method === 'GET') {
      json(ctx, 200, log);
    } else if (route === 'login' && ctx.method === 'GET') {
      const { returnTo, lang } = ctx.query;
      log.logins.push({ returnTo, lang });
      if (!isLocalPath(returnTo) || !LANGS.includes(lang)) return error(ctx, 400);
      const back = new URL(returnTo, ctx.request.origin);
      if (options.loginError) {
        back.searchParams.set('iams_error', options.loginError);
      } else {
        const sid = randomBytes(16).toString('hex');
        sessions.set(sid, { resident: options.resident ?? DEFAULT_RESIDENT, expiresAt: Date.now() + 30 * 60 * 1000 });
        log.sessionIds.push(sid);
        ctx.cookies.set(cookie, sid, { httpOnly: true, sameSite: 'lax', path: base, overwrite: true });
        back.searchParams.set('iams_login', '1');
      }
      const location = `${back.pathname}${back.search}`;
      if (ctx.get('Accept').includes('application/json')) {
        json(ctx, 200, { location });
      } else {
        ctx.status = 303;
        ctx.set('Location', location);
      }
    } else if (route === 'session' && ctx.method === 'GET') {
      log.sessionRequests += 1;
      if (options.sessionStatus) return error(ctx, options.sessionStatus, options.sessionCode);
      if (options.sessionBody !== undefined) return json(ctx, 200, options.sessionBody);
      const session = sessions.get(ctx.cookies.get(cookie) ?? '');
      json(ctx, 200, session ? { loggedIn: true, ...session } : { loggedIn: false });
    } else if (route === 'logout' && ctx.method === 'POST') {
      const site = ctx.get('Sec-Fetch-Site');
      const origin = ctx.get('Origin');
      if ((site && site !== 'same-origin') || (origin && origin !== ctx.request.origin)) return error(ctx, 403);
      if (options.logoutStatus) return error(ctx, options.logoutStatus);
      log.logouts += 1;
      sessions.delete(ctx.cookies.get(cookie) ?? '');
      ctx.cookies.set(cookie, '', { httpOnly: true, sameSite: 'lax', path: base, maxAge: 0, overwrite: true });
      ctx.status = 204;
    } else if (route.startsWith('notifications')) {
      return notificationRoutes(ctx, scenario, route, sessions.get(ctx.cookies.get(cookie) ?? ''));
    } else {
      error(ctx, 400);
    }
    return undefined;
  };
}

/** The notifications routes of one scenario, for the resident logged in (`session`) or nobody. */
async function notificationRoutes(ctx, scenario, route, session) {
  const { options, log } = scenario;
  const settings = options.notifications ?? {};
  const topics = settings.topics ?? DEFAULT_TOPICS;
  if (route === 'notifications' && ctx.method === 'GET') {
    log.notifications.push({ lang: ctx.query.lang ?? null });
    if (settings.status) return error(ctx, settings.status, settings.code);
    const lang = LANGS.includes(ctx.query.lang) ? ctx.query.lang : 'en';
    const named = topics.map(({ id, name }) => ({ id, name: name[lang] }));
    if (!session) return json(ctx, 200, { loggedIn: false, topics: named, consented: [] });
    return json(ctx, 200, { loggedIn: true, topics: named, consented: scenario.consented, updatedAt: Date.now() });
  }
  if (route === 'notifications/stop' && ctx.method === 'POST') {
    if (!isSameOrigin(ctx)) return error(ctx, 403);
    const body = await readBody(ctx);
    if (!body) return error(ctx, 400);
    log.stops.push(body);
    if (settings.stopStatus) return error(ctx, settings.stopStatus);
    if (!session) return error(ctx, 401, 'login_required');
    scenario.consented = Array.isArray(body.topics) ? scenario.consented.filter((id) => !body.topics.includes(id)) : [];
    return json(ctx, 200, { consented: scenario.consented });
  }
  return error(ctx, 400);
}

/** The requests routes and the test controls of one scenario. */
async function requestRoutes(ctx, scenario, [, scenarioId, kind, requestId, action]) {
  const { options, requests, log } = scenario;
  const settings = options.requests ?? {};
  const base = `${PREFIX}${scenarioId}`;
  const cookie = `iams_browser_${scenarioId}`;

  if (kind === 'control' && ctx.method === 'POST') {
    const { action: control, id, ...rest } = await readJson(ctx.req);
    const request = requests.get(id ?? scenario.latest);
    if (control === 'stop' || control === 'resume') {
      scenario.stopped = control === 'stop';
    } else if (!request) {
      return error(ctx, 404, 'invalid_request');
    } else if (control === 'approve') {
      change(request, { state: 'done', result: rest.result });
      // As the real server stores the consent the platform pushed, before the page hears `done`.
      if (request.flow === 'notify' && Array.isArray(rest.result?.consented)) scenario.consented = rest.result.consented;
    } else if (control === 'decline') {
      change(request, { state: 'denied', error: { code: 'access_denied', message: 'declined' } });
    } else if (control === 'expire') {
      change(request, { state: 'expired', error: { code: 'session_expired', message: 'expired' } });
    } else if (control === 'fail') {
      change(request, { state: rest.code === 'code_mismatch' ? 'denied' : 'error', error: { code: rest.code, message: `fake backend: ${rest.code}` } });
    } else if (control === 'cancel') {
      change(request, { state: 'cancelled' });
    } else if (control === 'touch') {
      change(request, {});
    } else if (control === 'drop') {
      for (const res of request.streams) res.destroy();
      request.streams.clear();
    } else {
      return error(ctx, 400);
    }
    ctx.status = 204;
    return undefined;
  }

  if (scenario.stopped) return error(ctx, 503);

  if (kind === 'requests' && !requestId && ctx.method === 'POST') {
    if (!isSameOrigin(ctx)) return error(ctx, 403);
    const body = await readBody(ctx);
    if (!body) return error(ctx, 400);
    log.requests.push(body);
    if (settings.startStatus) return error(ctx, settings.startStatus, settings.startCode);
    if (!['eme', 'sign', 'notify'].includes(body.flow)) return error(ctx, 400);
    let browser = ctx.cookies.get(cookie);
    if (!browser) {
      browser = randomBytes(32).toString('base64url');
      ctx.cookies.set(cookie, browser, { httpOnly: true, sameSite: 'lax', path: base, overwrite: true });
    }
    const id = randomBytes(32).toString('base64url');
    const hosted = (settings.channel ?? 'app') === 'hosted';
    const request = {
      id,
      browser,
      flow: body.flow,
      anonymous: body.anonymous === true || hosted,
      state: hosted ? 'hosted' : 'awaiting-app',
      seq: 1,
      expiresAt: Date.now() + (settings.expiresInMs ?? 18 * 60 * 1000),
      identificationCode: !hosted && body.flow === 'sign' ? (settings.identificationCode ?? '4821-0937') : undefined,
      hostedUrl: `${base}/requests/${id}/hosted`,
      streams: new Set(),
    };
    requests.set(id, request);
    scenario.latest = id;
    return json(ctx, 201, viewOf(request));
  }

  const request = requestId && requests.get(requestId);
  // Not this browser's (or no such request): nothing is confirmed either way.
  if (!request || ctx.cookies.get(cookie) !== request.browser) return error(ctx, 404, 'invalid_request');

  if (!action && ctx.method === 'GET') {
    log.polls += 1;
    return json(ctx, 200, viewOf(request));
  }
  if (action === 'cancel' && ctx.method === 'POST') {
    if (!isSameOrigin(ctx)) return error(ctx, 403);
    log.cancels += 1;
    change(request, { state: 'cancelled' });
    ctx.status = 204;
    return undefined;
  }
  if (action === 'hosted' && ctx.method === 'GET') {
    ctx.type = 'text/html';
    ctx.body = '<!doctype html><title>iAM Smart (fake)</title><p>The QR code would be here.';
    return undefined;
  }
  if (action === 'events' && ctx.method === 'GET') {
    const lastEventId = ctx.get('Last-Event-ID');
    log.eventConnections.push({ lastEventId: lastEventId === '' ? null : lastEventId });
    if (settings.eventsStatus) return error(ctx, settings.eventsStatus);
    ctx.respond = false;
    const res = ctx.res;
    res.writeHead(200, { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-store', Connection: 'keep-alive' });
    res.write(`retry: ${settings.retryMs ?? 2000}\n\n`);
    if (lastEventId === '' || request.seq > Number(lastEventId)) sendEvent(res, request);
    if (FINAL.includes(request.state)) {
      res.end();
      return undefined;
    }
    request.streams.add(res);
    const keepAlive = setInterval(() => res.write(': keep-alive\n\n'), 15_000);
    res.on('close', () => {
      clearInterval(keepAlive);
      request.streams.delete(res);
    });
    return undefined;
  }
  return error(ctx, 400);
}
