/**
 * The sandbox's additions to oidc-provider's device flow, mounted in front of its routes: the
 * extension fields of the device authorization response, the status stream, the pairwise
 * subject type in discovery, and the provider's own /device page sending residents to the
 * phone-app simulator's code page.
 */
import { DEVICE_AUTHORIZATION_EXTENSIONS } from '@iamsmart/protocol';
import { errors } from 'oidc-provider';
import { POLL_INTERVAL_SECONDS, QR_INTERVAL_SECONDS } from './engine.js';
import { createStatusStream } from './status-stream.js';

export const STATUS_PATH = '/cross-device/status';
/** The simulator's page where a resident types the identification code. */
const CODE_PATH = '/app/code';

/** HTTP 429 in oidc-provider's error format, so its error handler answers it as JSON. */
class TooManyRequests extends errors.OIDCProviderError {
  /** @param {string} description */
  constructor(description) {
    super(429, 'too_many_requests');
    this.error_description = description;
  }
}

/**
 * The rate-limit check oidc-provider runs before it creates a device code (see `deviceInfo` in
 * provider.js): at most `max` sessions per client and address in the window.
 * @param {ReturnType<typeof import('./rate-limit.js').createRateLimiter>} limiter
 * @returns {(ctx: import('koa').Context, clientId: string) => void}
 */
export function deviceCodeRateLimit(limiter) {
  return (ctx, clientId) => {
    const verdict = limiter.take(`${clientId}\n${ctx.ip}`);
    if (verdict.ok) return;
    ctx.set('Retry-After', String(verdict.retryAfterSeconds));
    // Readable by the browser SDK too, which reports when to try again.
    const exposed = ctx.response.get('Access-Control-Expose-Headers');
    ctx.set('Access-Control-Expose-Headers', [exposed, 'Retry-After'].filter(Boolean).join(', '));
    throw new TooManyRequests(`Too many login requests from this address for this website. Try again in ${verdict.retryAfterSeconds} s.`);
  };
}

/**
 * @param {{ provider: import('oidc-provider').default, issuer: string,
 *   engine: ReturnType<typeof import('./engine.js').createSessionEngine>,
 *   clients: import('../clients.js').ClientMetadata[], keepAliveSeconds: number }} setup
 */
export function sessionEndpoints({ provider, issuer, engine, clients, keepAliveSeconds }) {
  const statusStream = createStatusStream({ provider, engine, clients, keepAliveSeconds });
  const codeVerificationPath = provider.pathFor('code_verification');
  const deviceAuthorizationPath = provider.pathFor('device_authorization');
  // oidc-provider's code page (/device) and its interaction resume (/device/<uid>/): the resident
  // types the code in the app instead, so neither is ever used, and its pages never render.
  /** @param {string} path */
  const isProviderCodePage = (path) => path === codeVerificationPath
    || (path.startsWith(`${codeVerificationPath}/`) && path !== deviceAuthorizationPath);

  /** @type {import('koa').Middleware} */
  async function middleware(ctx, next) {
    if (ctx.path === STATUS_PATH) return statusStream.handle(ctx);
    if (isProviderCodePage(ctx.path)) {
      const target = new URL(CODE_PATH, issuer);
      const userCode = ctx.query.user_code;
      if (typeof userCode === 'string') target.searchParams.set('user_code', userCode);
      ctx.status = 303;
      ctx.set('Cache-Control', 'no-store');
      ctx.redirect(target.href);
      return undefined;
    }

    await next();

    const route = ctx.oidc?.route;
    if (route === 'discovery' && ctx.status === 200) {
      // oidc-provider sees public clients; every `sub` is pairwise (createAccountIds).
      ctx.body.subject_types_supported = ['pairwise'];
    } else if (route === 'device_authorization' && ctx.status === 200) {
      const { body } = ctx;
      // As stored, with its expiry time (the entity in ctx.oidc has none).
      const code = await provider.DeviceCode.find(body.device_code);
      if (!code) throw new Error('The device code just issued was not stored');
      const { qrStartToken, qrStartSecret } = engine.register({ deviceCode: body.device_code, code, client: ctx.oidc.client });
      const complete = new URL(CODE_PATH, issuer);
      complete.searchParams.set('user_code', body.user_code);
      ctx.body = {
        ...body,
        verification_uri: new URL(CODE_PATH, issuer).href,
        verification_uri_complete: complete.href,
        interval: POLL_INTERVAL_SECONDS,
        [DEVICE_AUTHORIZATION_EXTENSIONS.qrStartToken]: qrStartToken,
        [DEVICE_AUTHORIZATION_EXTENSIONS.qrStartSecret]: qrStartSecret,
        [DEVICE_AUTHORIZATION_EXTENSIONS.qrUri]: engine.qrUri,
        [DEVICE_AUTHORIZATION_EXTENSIONS.qrInterval]: QR_INTERVAL_SECONDS,
      };
    }
    return undefined;
  }

  return { middleware, close: () => statusStream.close() };
}
