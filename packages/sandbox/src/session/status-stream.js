/**
 * `POST /cross-device/status` (form: client_id, device_code): the session's state as Server-Sent
 * Events. The current state at once, each change as it happens (the engine calls back, nothing
 * polls), a keep-alive comment now and then, and the end of the stream after a terminal state.
 * The device code is a secret, hence POST with a form body and never a URL. CORS: only the
 * origins of the client's own redirect URIs.
 */
import { readBodyBytes } from '../http/respond.js';
import { clientOrigins } from '../views/html.js';

const MAX_FORM_BYTES = 4 * 1024;
const TERMINAL = new Set(['approved', 'denied', 'expired']);

/**
 * @param {import('koa').Context} ctx
 * @param {number} status
 * @param {string} error
 * @param {string} description
 */
function jsonError(ctx, status, error, description) {
  ctx.status = status;
  ctx.set('Cache-Control', 'no-store');
  ctx.body = { error, error_description: description };
}

/** @param {import('koa').Context} ctx @returns {Promise<URLSearchParams | undefined>} */
async function readForm(ctx) {
  const bytes = await readBodyBytes(ctx, MAX_FORM_BYTES);
  return bytes && new URLSearchParams(bytes.toString('utf8'));
}

/**
 * @param {{ provider: import('oidc-provider').default, engine: ReturnType<typeof import('./engine.js').createSessionEngine>,
 *   clients: import('../clients.js').ClientMetadata[], keepAliveSeconds: number }} setup
 */
export function createStatusStream({ provider, engine, clients, keepAliveSeconds }) {
  // A preflight carries no body, so no client_id: it may go ahead for any registered client's
  // origin, and the request itself is then checked against its own client's origins.
  const registeredOrigins = new Set(clients.flatMap((metadata) => clientOrigins({
    redirectUris: /** @type {string[] | undefined} */ (metadata.redirect_uris),
    postLogoutRedirectUris: /** @type {string[] | undefined} */ (metadata.post_logout_redirect_uris),
  })));
  /** @type {Set<() => void>} */
  const open = new Set();

  /** @param {import('koa').Context} ctx */
  function preflight(ctx) {
    const origin = ctx.get('origin');
    ctx.vary('Origin');
    if (!registeredOrigins.has(origin)) {
      jsonError(ctx, 403, 'invalid_request', `origin ${origin || '(none)'} is not a registered client origin`);
      return;
    }
    ctx.status = 204;
    ctx.set('Access-Control-Allow-Origin', origin);
    ctx.set('Access-Control-Allow-Methods', 'POST');
    ctx.set('Access-Control-Allow-Headers', 'Content-Type, Accept');
    ctx.set('Access-Control-Max-Age', '600');
  }

  /** @param {import('koa').Context} ctx */
  async function stream(ctx) {
    const origin = ctx.get('origin');
    ctx.vary('Origin');
    if (!ctx.is('application/x-www-form-urlencoded')) {
      jsonError(ctx, 415, 'invalid_request', 'send client_id and device_code as application/x-www-form-urlencoded');
      return;
    }
    const form = await readForm(ctx);
    if (!form) {
      jsonError(ctx, 413, 'invalid_request', 'the form is too large');
      return;
    }
    const clientId = form.get('client_id');
    const deviceCode = form.get('device_code');
    if (!clientId || !deviceCode) {
      jsonError(ctx, 400, 'invalid_request', 'client_id and device_code are required');
      return;
    }
    const client = await provider.Client.find(clientId);
    if (!client) {
      jsonError(ctx, 400, 'invalid_client', 'unknown client_id');
      return;
    }
    if (origin) {
      if (!clientOrigins(client).includes(origin)) {
        jsonError(ctx, 403, 'invalid_request', `origin ${origin} is not allowed for client ${clientId}`);
        return;
      }
      ctx.set('Access-Control-Allow-Origin', origin);
    }
    const status = engine.status(clientId, deviceCode);
    if (!status) {
      jsonError(ctx, 404, 'invalid_grant', 'no cross-device session has this device_code for this client');
      return;
    }

    ctx.status = 200;
    ctx.set('Content-Type', 'text/event-stream');
    ctx.set('Cache-Control', 'no-store');
    ctx.set('X-Accel-Buffering', 'no');
    ctx.respond = false;
    const { res } = ctx;
    res.flushHeaders();

    /** @param {import('./engine.js').StateEvent} event */
    const send = ({ state, reason }) => {
      res.write(`event: state\ndata: ${JSON.stringify(reason ? { state, reason } : { state })}\n\n`);
      if (TERMINAL.has(state)) end();
    };
    const keepAlive = setInterval(() => res.write(': keep-alive\n\n'), keepAliveSeconds * 1000);
    let unsubscribe = () => {};
    const end = () => {
      clearInterval(keepAlive);
      unsubscribe();
      open.delete(end);
      if (!res.writableEnded) res.end();
    };
    open.add(end);
    res.on('close', end);
    send(status);
    if (open.has(end)) unsubscribe = engine.subscribe(status.sessionId, send);
  }

  return {
    /** @param {import('koa').Context} ctx */
    async handle(ctx) {
      if (ctx.method === 'OPTIONS') preflight(ctx);
      else if (ctx.method === 'POST') await stream(ctx);
      else {
        ctx.set('Allow', 'POST, OPTIONS');
        jsonError(ctx, 405, 'invalid_request', 'use POST');
      }
    },
    /** Ends every open stream (the sandbox is closing). */
    close() {
      for (const end of [...open]) end();
    },
  };
}
