/** How the sandbox's own routes answer: a page for a browser, JSON for an API client, a redirect. */
import { contentSecurityPolicy } from '../views/html.js';

/** @typedef {import('koa').Context} Context */

/**
 * Answers with a page, or, when `json` is given and the client prefers JSON to HTML, with that
 * JSON under the same status. Never cached. `formTargets` are origins a form on the page may end
 * up at (see contentSecurityPolicy).
 * @param {Context} ctx
 * @param {{ status?: number, page: () => string, json?: { error: string, error_description?: string },
 *   formTargets?: string[] }} answer
 */
export function respond(ctx, { status = 200, page, json, formTargets = [] }) {
  ctx.status = status;
  ctx.set('Cache-Control', 'no-store');
  if (json !== undefined && ctx.accepts('html', 'json') === 'json') {
    ctx.body = json;
    return;
  }
  ctx.type = 'html';
  ctx.set('Content-Security-Policy', contentSecurityPolicy(formTargets));
  ctx.body = page();
}

/**
 * 303 See Other, never cached: after a form, or to a page built from a link.
 * @param {Context} ctx
 * @param {string} location
 */
export function seeOther(ctx, location) {
  ctx.status = 303;
  ctx.set('Cache-Control', 'no-store');
  ctx.redirect(location);
}

const MAX_FORM_BYTES = 8 * 1024;

/**
 * The request body's bytes, or undefined once it passes `maxBytes` (reading stops there); each
 * caller answers a body too large in its own protocol's words.
 * @param {Context} ctx
 * @param {number} maxBytes
 * @returns {Promise<Buffer | undefined>}
 */
export async function readBodyBytes(ctx, maxBytes) {
  let size = 0;
  /** @type {Buffer[]} */
  const chunks = [];
  for await (const chunk of ctx.req) {
    size += chunk.length;
    if (size > maxBytes) return undefined;
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

/**
 * A submitted form's fields; 415 for anything but a URL-encoded form, 413 past 8 KiB.
 * @param {Context} ctx
 * @returns {Promise<URLSearchParams>}
 */
export async function readForm(ctx) {
  if (!ctx.is('application/x-www-form-urlencoded')) ctx.throw(415, 'Expected a form submission');
  const bytes = await readBodyBytes(ctx, MAX_FORM_BYTES);
  if (!bytes) ctx.throw(413, 'Form too large');
  return new URLSearchParams(bytes.toString('utf8'));
}
