/** The pages' static files under /assets: the style sheet, the mark, the simulator's scripts. */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import Router from '@koa/router';

const JS = 'text/javascript; charset=utf-8';

/** @param {string} name a file in src/public */
const publicFile = (name) => readFileSync(new URL(`../public/${name}`, import.meta.url));

/** @type {Map<string, { type: string, body: Buffer }>} */
const ASSETS = new Map([
  ['sandbox.css', { type: 'text/css; charset=utf-8', body: publicFile('sandbox.css') }],
  ['iamsmart-mark.svg', { type: 'image/svg+xml', body: publicFile('iamsmart-mark.svg') }],
  ['app.js', { type: JS, body: publicFile('app.js') }],
  // The simulator decodes chosen and pasted pictures in the page with jsQR (a UMD script: window.jsQR).
  ['jsQR.js', { type: JS, body: readFileSync(createRequire(import.meta.url).resolve('jsqr')) }],
]);

/** GET (and HEAD) /assets/:name for the files above; anything else falls through. */
export function assetRoutes() {
  return new Router().get('/assets/:name', async (ctx, next) => {
    const asset = ASSETS.get(ctx.params.name ?? '');
    if (!asset) return next();
    ctx.type = asset.type;
    ctx.set('Cache-Control', 'no-cache');
    ctx.body = asset.body;
    return undefined;
  });
}
