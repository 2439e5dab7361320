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
//   GET  {backend}/log      what it saw: logins {returnTo, lang}, logouts, the session ids issued.
import { randomBytes } from 'node:crypto';

const PREFIX = '/fake-backend/';
const LANGS = ['en', 'zh-HK', 'zh-CN'];
const DEFAULT_RESIDENT = { openID: 'fake-openid-chan-tai-man', enName: 'CHAN, Tai Man', chName: '陳大文' };
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

async function readJson(req) {
  const chunks = [];
  for await (const chunk of req) chunks.push(chunk);
  const text = Buffer.concat(chunks).toString('utf8');
  return text ? JSON.parse(text) : {};
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
      scenarios.set(id, { options, sessions: new Map(), log: { logins: [], logouts: 0, sessionIds: [], sessionRequests: 0 } });
      json(ctx, 200, { id, backend: `${PREFIX}${id}` });
      return undefined;
    }
    const match = /^\/fake-backend\/([0-9a-f]+)\/(login|session|logout|log)$/.exec(ctx.path);
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
    } else {
      error(ctx, 400);
    }
    return undefined;
  };
}
