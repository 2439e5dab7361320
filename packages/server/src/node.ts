/**
 * Node http / Express / Connect adapters around the Request → Response handler. The request's
 * URL is built on the configured public origin (never the Host header). A POST's body is passed
 * on as a stream (the handler bounds its size); a body an Express body parser has already read
 * (`req.body`) is passed on as its JSON. Responses are streamed, so the event stream works.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { Readable } from 'node:stream';
import type { IamSmartServer } from './server.js';

type Next = (error?: unknown) => void;

/** A web Request for a Node request (headers, method, path on the configured origin). */
export function toWebRequest(server: Pick<IamSmartServer, 'config'>, request: IncomingMessage & { originalUrl?: string, body?: unknown }): Request {
  const headers = new Headers();
  for (const [name, value] of Object.entries(request.headers)) {
    if (value === undefined) continue;
    if (Array.isArray(value)) for (const item of value) headers.append(name, item);
    else headers.set(name, value);
  }
  // Express strips a mount path from req.url; originalUrl keeps it.
  const path = request.originalUrl ?? request.url ?? '/';
  const method = request.method ?? 'GET';
  const url = new URL(path.startsWith('/') ? path : `/${path}`, server.config.origin);
  if (method === 'GET' || method === 'HEAD') return new Request(url, { method, headers });
  let body: string | Uint8Array | ReadableStream<Uint8Array>;
  if (request.body !== undefined && request.readableEnded) {
    // Already read by a body parser mounted before this middleware.
    const parsed = request.body;
    body = typeof parsed === 'string' || parsed instanceof Uint8Array ? parsed : JSON.stringify(parsed);
    headers.delete('content-length');
  } else {
    body = Readable.toWeb(request) as ReadableStream<Uint8Array>;
  }
  return new Request(url, { method, headers, body, duplex: 'half' });
}

/** Writes a web Response to a Node response. */
export async function sendWebResponse(response: Response, res: ServerResponse, method = 'GET'): Promise<void> {
  const headers: Record<string, string | string[]> = {};
  response.headers.forEach((value, name) => {
    if (name !== 'set-cookie') headers[name] = value;
  });
  const cookies = response.headers.getSetCookie();
  if (cookies.length) headers['set-cookie'] = cookies;
  res.writeHead(response.status, headers);
  if (method === 'HEAD' || response.body === null) {
    await response.body?.cancel();
    res.end();
    return;
  }
  const reader = (response.body as ReadableStream<Uint8Array>).getReader();
  // The client going away ends the stream (an event stream's subscription with it).
  const stop = () => { void reader.cancel().catch(() => undefined); };
  res.on('close', stop);
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      if (!res.write(value)) await new Promise((resolve) => { res.once('drain', resolve); res.once('close', resolve); });
      if (res.destroyed) break;
    }
  } catch {
    // cancelled because the client left
  } finally {
    res.off('close', stop);
    res.end();
  }
}

/**
 * Express / Connect middleware: `app.use(nodeMiddleware(server))`. Answers under the base path,
 * calls `next()` for anything else.
 */
export function nodeMiddleware(server: Pick<IamSmartServer, 'config' | 'handle'>) {
  return (request: IncomingMessage, res: ServerResponse, next: Next): void => {
    const url = (request as IncomingMessage & { originalUrl?: string }).originalUrl ?? request.url ?? '/';
    const pathname = url.split('?')[0] ?? '/';
    const base = server.config.basePath;
    if (pathname !== base && !pathname.startsWith(`${base}/`)) {
      next();
      return;
    }
    server.handle(toWebRequest(server, request))
      .then(async (response) => {
        // A body the handler refused unread (too large): the connection cannot be reused.
        if (response && !request.complete && request.method !== 'GET' && request.method !== 'HEAD') res.setHeader('connection', 'close');
        if (response) await sendWebResponse(response, res, request.method);
        else next();
      })
      .catch(next);
  };
}

/**
 * A plain `http.createServer` listener: the server's paths, and `fallback` (default 404) for the rest.
 */
export function toNodeListener(server: Pick<IamSmartServer, 'config' | 'handle'>, fallback?: (request: IncomingMessage, res: ServerResponse) => void) {
  const middleware = nodeMiddleware(server);
  return (request: IncomingMessage, res: ServerResponse): void => {
    middleware(request, res, (error?: unknown) => {
      if (error) {
        if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' });
        res.end('Internal Server Error\n');
        return;
      }
      if (fallback) fallback(request, res);
      else {
        res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' });
        res.end('Not Found\n');
      }
    });
  };
}
